/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-measure-code.c: variable-measure EAN-13 codes for weighed packs:
 * the layouts, the GS1 price/measure check digit, encoding and decoding. */

#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ocop-barcode.h"
#include "ocop-measure-code.h"

G_DEFINE_QUARK (ocop-measure-code-error-quark, ocop_measure_code_error)

#define EAN13_LEN 13
/* The digits between the two-digit prefix and the EAN-13 check digit. */
#define PAYLOAD_DIGITS 10

/* ---- the GS1 price/measure check digit ---- */

/* GS1 General Specifications 7.9.2: a weighting factor multiplies the
 * digit and keeps one digit of the product: "3" its units; "5+" and "2-"
 * (or "5-") its units plus (minus) its tens, modulo 10. */
typedef enum {
  WEIGHT_2_MINUS,
  WEIGHT_3,
  WEIGHT_5_PLUS,
  WEIGHT_5_MINUS,
} Weight;

static int
weighted (int    digit,
          Weight weight)
{
  int product;

  switch (weight)
    {
    case WEIGHT_2_MINUS:
      product = digit * 2;
      return (product % 10 - product / 10 + 10) % 10;
    case WEIGHT_3:
      return digit * 3 % 10;
    case WEIGHT_5_PLUS:
      product = digit * 5;
      return (product % 10 + product / 10) % 10;
    case WEIGHT_5_MINUS:
      product = digit * 5;
      return (product % 10 - product / 10 + 10) % 10;
    default:
      g_return_val_if_reached (0);
    }
}

static gboolean
all_digits (const char *digits,
            gsize       len)
{
  /* Stops at a NUL too: it is not a digit. */
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (digits[i]))
      return FALSE;
  return TRUE;
}

/* 7.9.3: weights 2-, 2-, 3, 5-; the sum times 3; its units digit. */
static int
verifier_of_four (const char *digits)
{
  static const Weight weights[] = { WEIGHT_2_MINUS, WEIGHT_2_MINUS, WEIGHT_3, WEIGHT_5_MINUS };
  int sum = 0;

  for (guint i = 0; i < G_N_ELEMENTS (weights); i++)
    sum += weighted (digits[i] - '0', weights[i]);
  return sum * 3 % 10;
}

/* 7.9.4: weights 5+, 2-, 5-, 5+, 2-; ten minus the sum's units digit is
 * the 5- product of the check digit, so the check digit is the one digit
 * whose 5- product that is (5- takes each digit to a different one). */
static int
verifier_of_five (const char *digits)
{
  static const Weight weights[] = { WEIGHT_5_PLUS, WEIGHT_2_MINUS, WEIGHT_5_MINUS, WEIGHT_5_PLUS, WEIGHT_2_MINUS };
  int sum = 0, target;

  for (guint i = 0; i < G_N_ELEMENTS (weights); i++)
    sum += weighted (digits[i] - '0', weights[i]);
  target = (10 - sum % 10) % 10;
  for (int check = 0; check < 10; check++)
    if (weighted (check, WEIGHT_5_MINUS) == target)
      return check;
  g_return_val_if_reached (-1);
}

int
ocop_measure_verifier_digit (const char *digits,
                             gsize       len)
{
  g_return_val_if_fail (digits != NULL, -1);

  if ((len != 4 && len != 5) || !all_digits (digits, len))
    return -1;
  return len == 4 ? verifier_of_four (digits) : verifier_of_five (digits);
}

/* ---- layouts ---- */

static gboolean
layout_error (GError     **error,
              const char  *text,
              const char  *reason)
{
  g_set_error (error, OCOP_MEASURE_CODE_ERROR, OCOP_MEASURE_CODE_ERROR_BAD_LAYOUT,
               _("measure code layout '%s': %s (write it as 20:item5+grams5 or 22:item4+verifier+price5x100)"),
               text, reason);
  return FALSE;
}

/* "item5", "grams5", "price5x100": @name, then 1 or 2 digits, then an
 * optional "xN". */
static gboolean
parse_field (const char *token,
             const char *name,
             guint      *digits,
             gint64     *unit)
{
  gsize name_len = strlen (name);
  const char *p = token + name_len;
  guint64 n = 0;

  if (strncmp (token, name, name_len) != 0 || !g_ascii_isdigit (*p))
    return FALSE;
  *digits = (guint) (*p++ - '0');
  *unit = 1;
  if (*p == '\0')
    return TRUE;
  if (*p != 'x' || !g_ascii_string_to_unsigned (p + 1, 10, 1, 1000, &n, NULL))
    return FALSE;
  *unit = (gint64) n;
  return n == 1 || n == 10 || n == 100 || n == 1000;
}

static gboolean
parse_value_field (const char        *token,
                   OcopMeasureLayout *layout)
{
  if (parse_field (token, "grams", &layout->value_digits, &layout->value_unit))
    layout->field = OCOP_MEASURE_FIELD_GRAMS;
  else if (parse_field (token, "price", &layout->value_digits, &layout->value_unit))
    layout->field = OCOP_MEASURE_FIELD_PRICE;
  else
    return FALSE;
  return TRUE;
}

/* The digit counts, once the words are read: ten digits between prefix
 * and check digit, and a verifier only over four or five. */
static gboolean
check_layout_sizes (const OcopMeasureLayout  *layout,
                    const char               *text,
                    GError                  **error)
{
  guint used = layout->item_digits + (layout->verifier ? 1 : 0) + layout->value_digits;

  if (layout->item_digits < 1 || layout->item_digits > 6)
    return layout_error (error, text, _("the item code takes 1 to 6 digits"));
  if (layout->value_digits < 4 || layout->value_digits > 6)
    return layout_error (error, text, _("the weight or price takes 4 to 6 digits"));
  if (layout->verifier && layout->value_digits > 5)
    return layout_error (error, text, _("a check digit covers a weight or price of 4 or 5 digits only"));
  if (used != PAYLOAD_DIGITS)
    {
      g_autofree char *reason = g_strdup_printf (_("its fields take %u digits; an EAN-13 has 10 between "
                                                   "the prefix and the check digit"), used);

      return layout_error (error, text, reason);
    }
  return TRUE;
}

gboolean
ocop_measure_layout_parse (const char         *text,
                           OcopMeasureLayout  *out,
                           GError            **error)
{
  OcopMeasureLayout layout = { 0 };
  g_auto(GStrv) fields = NULL;
  guint n, next = 0;
  gint64 unit_unused;

  g_return_val_if_fail (text != NULL, FALSE);

  if (!(g_ascii_isdigit (text[0]) && g_ascii_isdigit (text[1]) && text[2] == ':') ||
      text[0] != '2')
    return layout_error (error, text, _("it must start with a prefix from 20 to 29 and a colon"));
  layout.prefix = (guint) ((text[0] - '0') * 10 + (text[1] - '0'));
  fields = g_strsplit (text + 3, "+", -1);
  n = g_strv_length (fields);
  /* g_strsplit gives no fields at all for "". */
  if (n == 0 || !parse_field (fields[next++], "item", &layout.item_digits, &unit_unused) || unit_unused != 1)
    return layout_error (error, text, _("the item code comes first, as item5"));
  if (next < n && g_str_equal (fields[next], "verifier"))
    {
      layout.verifier = TRUE;
      next++;
    }
  if (next + 1 != n || !parse_value_field (fields[next], &layout))
    return layout_error (error, text, _("the weight (gramsN) or the price (priceN) comes last"));
  if (!check_layout_sizes (&layout, text, error))
    return FALSE;
  *out = layout;
  return TRUE;
}

char *
ocop_measure_layout_format (const OcopMeasureLayout *layout)
{
  g_autofree char *unit = layout->value_unit != 1 ? g_strdup_printf ("x%" G_GINT64_FORMAT, layout->value_unit)
                                                  : g_strdup ("");

  return g_strdup_printf ("%02u:item%u%s+%s%u%s", layout->prefix, layout->item_digits,
                          layout->verifier ? "+verifier" : "",
                          layout->field == OCOP_MEASURE_FIELD_GRAMS ? "grams" : "price",
                          layout->value_digits, unit);
}

static const OcopMeasureLayout *
find_layout (const OcopMeasureLayouts *layouts,
             guint                     prefix)
{
  for (guint i = 0; i < layouts->n_layouts; i++)
    if (layouts->layouts[i].prefix == prefix)
      return &layouts->layouts[i];
  return NULL;
}

gboolean
ocop_measure_layouts_parse (const char          *text,
                            OcopMeasureLayouts  *out,
                            GError             **error)
{
  OcopMeasureLayouts layouts = { 0 };
  g_auto(GStrv) words = g_strsplit_set (text != NULL ? text : "", ", ", -1);

  for (guint i = 0; words[i] != NULL; i++)
    {
      OcopMeasureLayout layout;

      if (*words[i] == '\0')
        continue;
      if (!ocop_measure_layout_parse (words[i], &layout, error))
        return FALSE;
      if (find_layout (&layouts, layout.prefix) != NULL)
        return layout_error (error, words[i], _("another layout already has this prefix"));
      /* Ten prefixes, each at most once: the array cannot overflow. */
      layouts.layouts[layouts.n_layouts++] = layout;
    }
  if (layouts.n_layouts == 0)
    {
      g_set_error (error, OCOP_MEASURE_CODE_ERROR, OCOP_MEASURE_CODE_ERROR_BAD_LAYOUT,
                   _("measure code layouts: none given (the default is %s)"), OCOP_MEASURE_DEFAULT_LAYOUTS);
      return FALSE;
    }
  *out = layouts;
  return TRUE;
}

char *
ocop_measure_layouts_format (const OcopMeasureLayouts *layouts)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < layouts->n_layouts; i++)
    {
      g_autofree char *layout = ocop_measure_layout_format (&layouts->layouts[i]);

      g_string_append_printf (text, "%s%s", i > 0 ? "," : "", layout);
    }
  return g_string_free (text, FALSE);
}

/* ---- codes ---- */

static gint64
power_of_ten (guint digits)
{
  gint64 result = 1;

  while (digits-- > 0)
    result *= 10;
  return result;
}

static gboolean
check_value_fits (const OcopMeasureLayout  *layout,
                  gint64                    value,
                  GError                  **error)
{
  g_autofree char *shown = ocop_measure_layout_format (layout);
  gint64 steps;

  if (value <= 0 || value % layout->value_unit != 0)
    {
      g_set_error (error, OCOP_MEASURE_CODE_ERROR, OCOP_MEASURE_CODE_ERROR_MISMATCH,
                   _("%" PRId64 " is not a positive multiple of %" PRId64 ", as the weight or price "
                     "of layout %s must be"), value, layout->value_unit, shown);
      return FALSE;
    }
  steps = value / layout->value_unit;
  if (steps >= power_of_ten (layout->value_digits))
    {
      g_set_error (error, OCOP_MEASURE_CODE_ERROR, OCOP_MEASURE_CODE_ERROR_MISMATCH,
                   _("%" PRId64 " needs more than the %u digits layout %s has for the weight or price"),
                   value, layout->value_digits, shown);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_item_fits (const OcopMeasureLayout  *layout,
                 const char               *item,
                 GError                  **error)
{
  g_autofree char *shown = NULL;

  if (strlen (item) == layout->item_digits && all_digits (item, layout->item_digits))
    return TRUE;
  shown = ocop_measure_layout_format (layout);
  g_set_error (error, OCOP_MEASURE_CODE_ERROR, OCOP_MEASURE_CODE_ERROR_MISMATCH,
               _("item code '%s' is not the %u digits layout %s has for it"),
               item, layout->item_digits, shown);
  return FALSE;
}

char *
ocop_measure_code_encode (const OcopMeasureLayout  *layout,
                          const char               *item,
                          gint64                    value,
                          GError                  **error)
{
  char code[EAN13_LEN + 1];
  g_autofree char *digits = NULL;

  g_return_val_if_fail (layout != NULL && item != NULL, NULL);

  if (!check_item_fits (layout, item, error) || !check_value_fits (layout, value, error))
    return NULL;
  digits = g_strdup_printf ("%0*" G_GINT64_FORMAT, (int) layout->value_digits, value / layout->value_unit);
  g_snprintf (code, sizeof code, "%02u%s", layout->prefix, item);
  if (layout->verifier)
    g_snprintf (code + 2 + layout->item_digits, sizeof code - 2 - layout->item_digits, "%d",
                ocop_measure_verifier_digit (digits, layout->value_digits));
  g_strlcat (code, digits, sizeof code);
  g_snprintf (code + EAN13_LEN - 1, 2, "%d", ocop_barcode_ean_check_digit (code, EAN13_LEN - 1));
  return g_strdup (code);
}

static const OcopMeasureLayout *
layout_of_code (const OcopMeasureLayouts *layouts,
                const char               *code)
{
  if (code == NULL || strlen (code) != EAN13_LEN || !all_digits (code, EAN13_LEN))
    return NULL;
  return find_layout (layouts, (guint) ((code[0] - '0') * 10 + (code[1] - '0')));
}

gboolean
ocop_measure_code_matches (const OcopMeasureLayouts *layouts,
                           const char               *code)
{
  return layout_of_code (layouts, code) != NULL;
}

/* Two whole sentences rather than one with a word put in: the word order
 * differs in Vietnamese. */
static gboolean
misread (GError     **error,
         const char  *code,
         gboolean     verifier)
{
  if (verifier)
    g_set_error (error, OCOP_MEASURE_CODE_ERROR, OCOP_MEASURE_CODE_ERROR_MISREAD,
                 _("Misread barcode %s: the check digit of its weight or price is wrong; scan it again"), code);
  else
    g_set_error (error, OCOP_MEASURE_CODE_ERROR, OCOP_MEASURE_CODE_ERROR_MISREAD,
                 _("Misread barcode %s: its check digit is wrong; scan it again"), code);
  return FALSE;
}

gboolean
ocop_measure_code_decode (const OcopMeasureLayouts  *layouts,
                          const char                *code,
                          OcopMeasureCode           *out,
                          GError                   **error)
{
  const OcopMeasureLayout *layout = layout_of_code (layouts, code);
  OcopMeasureCode result = { 0 };
  const char *value_digits;
  gint64 value = 0;

  if (layout == NULL)
    {
      g_autofree char *shown = code != NULL ? g_utf8_make_valid (code, -1) : g_strdup ("");
      g_autofree char *known = ocop_measure_layouts_format (layouts);

      g_set_error (error, OCOP_MEASURE_CODE_ERROR, OCOP_MEASURE_CODE_ERROR_NO_LAYOUT,
                   _("'%s' is not a variable-measure code of this booth (its layouts: %s)"), shown, known);
      return FALSE;
    }
  if (ocop_barcode_ean_check_digit (code, EAN13_LEN - 1) != code[EAN13_LEN - 1] - '0')
    return misread (error, code, FALSE);
  value_digits = code + EAN13_LEN - 1 - layout->value_digits;
  if (layout->verifier &&
      ocop_measure_verifier_digit (value_digits, layout->value_digits) != value_digits[-1] - '0')
    return misread (error, code, TRUE);
  for (guint i = 0; i < layout->value_digits; i++)
    value = value * 10 + (value_digits[i] - '0');
  if (value == 0)
    {
      g_set_error (error, OCOP_MEASURE_CODE_ERROR, OCOP_MEASURE_CODE_ERROR_MISMATCH,
                   _("%s carries a weight or price of zero, which no pack has"), code);
      return FALSE;
    }
  result.layout = *layout;
  memcpy (result.item, code + 2, layout->item_digits);
  result.grams = layout->field == OCOP_MEASURE_FIELD_GRAMS ? value * layout->value_unit : -1;
  result.price = layout->field == OCOP_MEASURE_FIELD_PRICE ? value * layout->value_unit : -1;
  *out = result;
  return TRUE;
}

char *
ocop_measure_item_code (OcopProduct  *product,
                        guint         digits,
                        GError      **error)
{
  const OcopProductInfo *info = ocop_product_get_info (product);
  gsize data_len;

  g_return_val_if_fail (digits >= 1 && digits <= 6, NULL);

  if (info->barcode == NULL ||
      (info->barcode_kind != OCOP_BARCODE_EAN13 && info->barcode_kind != OCOP_BARCODE_EAN8))
    {
      g_set_error (error, OCOP_MEASURE_CODE_ERROR, OCOP_MEASURE_CODE_ERROR_MISMATCH,
                   _("product %s (%s) has no EAN to take its item code from; add one to the catalog"),
                   info->sku, info->name);
      return NULL;
    }
  /* The check digit is not part of the item reference. */
  data_len = strlen (info->barcode) - 1;
  return g_strndup (info->barcode + data_len - digits, digits);
}
