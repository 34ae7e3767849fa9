/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-quantity.c: pieces and measures (thousandths of a kg, l, m…) read
 * strictly, written the Vietnamese way and priced by one rounding rule.
 *
 * A quantity is an exact integer: whole pieces, or thousandths of the
 * product's unit (0,350 kg = 350). No floating point is involved: 0,35 kg
 * of squid at 1.200.000 ₫/kg must cost 420.000 ₫ on every device and on
 * the hub, to the đồng.
 *
 * Parsing rules, in the order they are applied:
 *  1. White space around the text is ignored; nothing left → EMPTY.
 *  2. The number is ASCII digits with at most one decimal mark, ',' (the
 *     Vietnamese one) or '.' (the English one), with digits on both sides;
 *     a unit may follow, with or without a space. Anything else, a sign
 *     included → INVALID ("abc", "-1", ".5", "1..5").
 *  3. Two marks ("1.250,5", "1.250.000"), or one mark followed by exactly
 *     three digits after a whole part of 1 to 999 ("1.250", "1,250") →
 *     AMBIGUOUS: Vietnamese reads "1.250" as 1250 and English as 1,25, and
 *     a weight read the wrong way is off by a factor of a thousand. "0,350"
 *     reads one way only, and is how receipts write 350 g.
 *  4. A unit must be the product's own, or a measure of the same kind that
 *     converts to it ("350 g" of a product in kg) → else UNIT.
 *  5. Half a piece, or less than a thousandth of the unit ("0,3505 kg",
 *     "0,5 g" of a product in kg) → FRACTION.
 *  6. Zero, or more than OCOP_QUANTITY_MAX_PIECES units → RANGE. */

#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ocop-money.h"
#include "ocop-quantity.h"

G_DEFINE_QUARK (ocop-quantity-error-quark, ocop_quantity_error)

typedef enum {
  MEASURE_NONE,
  MEASURE_WEIGHT,
  MEASURE_VOLUME,
  MEASURE_LENGTH,
} MeasureKind;

/* Each unit's size in milligrams, microlitres or micrometres, so that a
 * thousandth of any unit here is a whole number of them and every size
 * divides 10^6. Spellings
 * are matched after case folding and NFC, never with tone marks stripped:
 * "cân" is a kilogram but "can" is a jerrycan, a piece; "mét" a metre but
 * "mẹt" a bamboo tray. */
static const struct {
  const char  *name;
  MeasureKind  kind;
  gint64       size;
} units[] = {
  { "kg", MEASURE_WEIGHT, 1000000 }, { "kilogram", MEASURE_WEIGHT, 1000000 },
  { "kilôgam", MEASURE_WEIGHT, 1000000 }, { "kilogam", MEASURE_WEIGHT, 1000000 },
  { "ký", MEASURE_WEIGHT, 1000000 }, { "kí", MEASURE_WEIGHT, 1000000 },
  { "cân", MEASURE_WEIGHT, 1000000 },
  { "lạng", MEASURE_WEIGHT, 100000 },
  { "g", MEASURE_WEIGHT, 1000 }, { "gam", MEASURE_WEIGHT, 1000 },
  { "gram", MEASURE_WEIGHT, 1000 }, { "gr", MEASURE_WEIGHT, 1000 },
  { "l", MEASURE_VOLUME, 1000000 }, { "lít", MEASURE_VOLUME, 1000000 },
  { "lit", MEASURE_VOLUME, 1000000 }, { "litre", MEASURE_VOLUME, 1000000 },
  { "liter", MEASURE_VOLUME, 1000000 },
  { "ml", MEASURE_VOLUME, 1000 }, { "mililít", MEASURE_VOLUME, 1000 },
  { "m", MEASURE_LENGTH, 1000000 }, { "mét", MEASURE_LENGTH, 1000000 },
  { "met", MEASURE_LENGTH, 1000000 }, { "cm", MEASURE_LENGTH, 10000 },
};

/* Lower case in NFC, for comparing units as people type them. */
static char *
unit_key (const char *unit)
{
  g_autofree char *nfc = NULL;

  if (unit == NULL || !g_utf8_validate (unit, -1, NULL))
    return g_strdup ("");
  nfc = g_utf8_normalize (unit, -1, G_NORMALIZE_NFC);
  return g_utf8_strdown (g_strstrip (nfc), -1);
}

/* The table's entry for @unit, or -1. */
static int
unit_find (const char *unit)
{
  g_autofree char *key = unit_key (unit);

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    if (strcmp (key, units[i].name) == 0)
      return i;
  return -1;
}

static gboolean
units_equal (const char *a,
             const char *b)
{
  g_autofree char *key_a = unit_key (a);
  g_autofree char *key_b = unit_key (b);

  return strcmp (key_a, key_b) == 0;
}

gboolean
ocop_unit_is_measure (const char *unit)
{
  return unit_find (unit) >= 0;
}

gboolean
ocop_unit_is_weight (const char *unit)
{
  int i = unit_find (unit);

  return i >= 0 && units[i].kind == MEASURE_WEIGHT;
}

gboolean
ocop_rounding_is_valid (gint64 rounding)
{
  return rounding == 1 || rounding == 100 || rounding == 500 || rounding == 1000;
}

/* -@bound <= @value <= @bound, without negating @value (G_MININT64 has
 * no positive). */
static gboolean
within (gint64 value,
        gint64 bound)
{
  return value >= -bound && value <= bound;
}

/* @value (thousandths of đồng being @whole + @thousandths / 1000, both >= 0)
 * rounded half up to a multiple of @rounding. */
static gint64
round_half_up (gint64 whole,
               gint64 thousandths,
               gint64 rounding)
{
  gint64 multiple = whole / rounding;
  gint64 rest = (whole % rounding) * 1000 + thousandths;   /* < 10^6 */

  if (2 * rest >= rounding * 1000)
    multiple++;
  return multiple * rounding;
}

gint64
ocop_measure_amount (gint64 unit_price,
                     gint64 thousandths,
                     gint64 rounding)
{
  gboolean negative = (unit_price < 0) != (thousandths < 0);
  gint64 price, quantity, whole, rest, amount;

  g_return_val_if_fail (rounding > 0 && rounding <= 1000, 0);
  /* Ten times the sync bounds, so that (price / 1000) × quantity fits. */
  g_return_val_if_fail (within (unit_price, G_GINT64_CONSTANT (100000000000)) &&
                        within (thousandths, G_GINT64_CONSTANT (10000000000)), 0);
  price = ABS (unit_price);
  quantity = ABS (thousandths);

  /* price × quantity may pass G_MAXINT64 (10^10 × 10^9): split the price
   * into thousands and the rest so that each product fits. */
  whole = (price / 1000) * quantity;
  rest = (price % 1000) * quantity;
  amount = round_half_up (whole + rest / 1000, rest % 1000, rounding);
  return negative ? -amount : amount;
}

gboolean
ocop_measure_amount_is_near (gint64 unit_price,
                             gint64 thousandths,
                             gint64 amount)
{
  gint64 thousands, gap;

  if (!within (unit_price, G_GINT64_CONSTANT (100000000000)) || unit_price < 0 ||
      !within (thousandths, G_GINT64_CONSTANT (10000000000)) ||
      !within (amount, G_GINT64_CONSTANT (100000000000000000)))
    return FALSE;
  /* amount × 1000 − price × quantity, with price split as in
   * ocop_measure_amount: (amount − ⌊price / 1000⌋ × quantity) × 1000 −
   * (price mod 1000) × quantity, each step within 10^18. */
  thousands = amount - (unit_price / 1000) * thousandths;
  if (!within (thousands, G_GINT64_CONSTANT (1000000000000000)))
    return FALSE;
  gap = thousands * 1000 - (unit_price % 1000) * thousandths;
  return ABS (gap) <= OCOP_QUANTITY_MAX_GAP * 1000;
}

static gboolean
quantity_error (GError           **error,
                OcopQuantityError  code,
                const char        *format,
                const char        *text)
{
  g_set_error (error, OCOP_QUANTITY_ERROR, code, format, text);
  return FALSE;
}

/* Splits @text (stripped) into its number, in thousandths, and its unit
 * (points into @text, "" when there is none), by rules 2 and 3. */
static gboolean
parse_number (const char  *text,
              gint64      *out,
              const char **unit,
              GError     **error)
{
  const char *p = text;
  const char *mark = NULL;
  gint64 whole = 0, fraction = 0;
  int whole_digits = 0, fraction_digits = 0;

  for (; g_ascii_isdigit (*p) || *p == ',' || *p == '.'; p++)
    {
      if (g_ascii_isdigit (*p) && mark == NULL)
        {
          if (++whole_digits > 9)
            return quantity_error (error, OCOP_QUANTITY_ERROR_RANGE,
                                   _("“%s” is more than a line may hold"), text);
          whole = whole * 10 + (*p - '0');
        }
      else if (g_ascii_isdigit (*p))
        {
          if (++fraction_digits <= 3)
            fraction = fraction * 10 + (*p - '0');
          else if (*p != '0')
            return quantity_error (error, OCOP_QUANTITY_ERROR_FRACTION,
                                   _("“%s” is finer than a thousandth of the unit"), text);
        }
      else if (mark != NULL)
        return quantity_error (error, OCOP_QUANTITY_ERROR_AMBIGUOUS,
                               _("“%s” has more than one separator: write a quantity "
                                 "without thousands separators, with at most one "
                                 "decimal mark, as in 1,25"), text);
      else
        mark = p;
    }

  if (whole_digits == 0 || (mark != NULL && fraction_digits == 0))
    return quantity_error (error, OCOP_QUANTITY_ERROR_INVALID,
                           _("“%s” is not a quantity: write it as 2, 0,35 or 350 g"), text);
  if (fraction_digits == 3 && whole != 0 && whole_digits <= 3)
    return quantity_error (error, OCOP_QUANTITY_ERROR_AMBIGUOUS,
                           _("“%s” could be a decimal or a thousands separator: write "
                             "1,25 or 1250 (without the separator)"), text);
  for (int i = fraction_digits; i < 3; i++)
    fraction *= 10;
  *out = whole * 1000 + fraction;
  while (g_unichar_isspace (g_utf8_get_char (p)))
    p = g_utf8_next_char (p);
  *unit = p;
  return TRUE;
}

/* Rule 4 and 5: @value thousandths of the typed unit @typed as
 * thousandths of @unit. */
static gboolean
convert_measure (const char  *text,
                 gint64       value,
                 const char  *typed,
                 const char  *unit,
                 gint64      *out,
                 GError     **error)
{
  int from = unit_find (typed);
  int to = unit_find (unit);

  if (*typed == '\0' || units_equal (typed, unit))
    {
      *out = value;
      return TRUE;
    }
  if (from < 0 || to < 0 || units[from].kind != units[to].kind)
    {
      g_set_error (error, OCOP_QUANTITY_ERROR, OCOP_QUANTITY_ERROR_UNIT,
                   _("“%s”: this product is sold by the %s"), text, unit ? unit : "");
      return FALSE;
    }
  /* value < 10^12 and size <= 10^6: the product fits. */
  if (value * units[from].size % units[to].size != 0)
    return quantity_error (error, OCOP_QUANTITY_ERROR_FRACTION,
                           _("“%s” is finer than a thousandth of the unit"), text);
  *out = value * units[from].size / units[to].size;
  return TRUE;
}

/* Rules 4 and 5 for pieces: the product's own unit or none, whole. */
static gboolean
convert_pieces (const char  *text,
                gint64       value,
                const char  *typed,
                const char  *unit,
                gint64      *out,
                GError     **error)
{
  if (*typed != '\0' && !units_equal (typed, unit))
    {
      g_set_error (error, OCOP_QUANTITY_ERROR, OCOP_QUANTITY_ERROR_UNIT,
                   _("“%s”: this product is sold by the %s"), text, unit ? unit : "");
      return FALSE;
    }
  if (value % 1000 != 0)
    return quantity_error (error, OCOP_QUANTITY_ERROR_FRACTION,
                           _("“%s”: this product is sold by the piece; type a whole number"),
                           text);
  *out = value / 1000;
  return TRUE;
}

gboolean
ocop_quantity_parse (const char  *text,
                     const char  *unit,
                     gboolean     measured,
                     gint64      *out,
                     GError     **error)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text ? text : ""));
  const char *typed;
  gint64 value, quantity;

  if (*stripped == '\0')
    {
      g_set_error_literal (error, OCOP_QUANTITY_ERROR, OCOP_QUANTITY_ERROR_EMPTY,
                           _("Type a quantity"));
      return FALSE;
    }
  if (!g_utf8_validate (stripped, -1, NULL))
    {
      g_set_error_literal (error, OCOP_QUANTITY_ERROR, OCOP_QUANTITY_ERROR_INVALID,
                           _("The quantity is not valid UTF-8 text"));
      return FALSE;
    }
  if (!parse_number (stripped, &value, &typed, error))
    return FALSE;
  if (measured ? !convert_measure (stripped, value, typed, unit, &quantity, error)
               : !convert_pieces (stripped, value, typed, unit, &quantity, error))
    return FALSE;
  if (quantity < 1 || quantity > (measured ? OCOP_QUANTITY_MAX_MEASURE : OCOP_QUANTITY_MAX_PIECES))
    {
      g_set_error (error, OCOP_QUANTITY_ERROR, OCOP_QUANTITY_ERROR_RANGE,
                   _("“%s” is out of range (more than 0, at most %d %s)"),
                   stripped, OCOP_QUANTITY_MAX_PIECES, unit ? unit : "");
      return FALSE;
    }
  *out = quantity;
  return TRUE;
}

char *
ocop_quantity_format (gint64      quantity,
                      gboolean    measured,
                      const char *unit)
{
  GString *out = g_string_new (NULL);

  if (measured)
    {
      /* The magnitude, so that -100 reads "-0,100" and not "0,-100". */
      guint64 magnitude = quantity < 0 ? (guint64) -(quantity + 1) + 1 : (guint64) quantity;
      g_autofree char *whole = ocop_money_format_plain ((gint64) (magnitude / 1000));

      g_string_printf (out, "%s%s,%03u", quantity < 0 ? "-" : "", whole,
                       (guint) (magnitude % 1000));
    }
  else
    g_string_printf (out, "%" PRId64, quantity);
  if (unit != NULL && *unit != '\0')
    g_string_append_printf (out, " %s", unit);
  return g_string_free (out, FALSE);
}

gboolean
ocop_quantity_from_grams (gint64       grams,
                          const char  *unit,
                          gint64      *out,
                          GError     **error)
{
  int i = unit_find (unit);

  if (i < 0 || units[i].kind != MEASURE_WEIGHT)
    {
      g_set_error (error, OCOP_QUANTITY_ERROR, OCOP_QUANTITY_ERROR_UNIT,
                   _("A scale weighs grams, but this product is sold by the %s"),
                   unit ? unit : "");
      return FALSE;
    }
  /* Bounded first so that grams × 1000 × 1000 fits. */
  if (grams < 1 || grams > G_GINT64_CONSTANT (1000000000) ||
      grams * 1000000 / units[i].size > OCOP_QUANTITY_MAX_MEASURE)
    {
      g_set_error (error, OCOP_QUANTITY_ERROR, OCOP_QUANTITY_ERROR_RANGE,
                   _("A weight of %" PRId64 " g is out of range (more than 0, at most %d %s)"),
                   grams, OCOP_QUANTITY_MAX_PIECES, unit);
      return FALSE;
    }
  /* Exact: every weight's size divides 10^6. */
  *out = grams * 1000000 / units[i].size;
  return TRUE;
}
