/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-money.c: whole đồng, formatted "1.250.000 ₫" and parsed strictly.
 *
 * Vietnamese writes '.' between groups of thousands and ',' as the decimal
 * mark; English-locale spreadsheets do the opposite. A price read the wrong
 * way is off by a factor of a thousand, so the parser accepts only what
 * reads one way, and says why it refuses anything else. No floating point
 * is involved anywhere: amounts are whole đồng in a gint64.
 *
 * Parsing rules, in the order they are applied:
 *  1. White space (any Unicode space, NBSP included) around the text is
 *     ignored. Nothing else left → EMPTY.
 *  2. One currency suffix may follow the amount, in any case, with or
 *     without white space before it: "₫", "đ", "d", "VND", "VNĐ". Nothing
 *     left once it is removed → EMPTY ("₫").
 *  3. The amount is ASCII digits in groups separated by '.', ',' or a space
 *     (' ', U+00A0 NBSP, U+202F and the other Unicode space separators); a
 *     sign ('-', U+2212 '−' or '+') may come first. Any other character, or
 *     a separator at either end or next to another one → INVALID ("50k",
 *     "0x10", "1..250", "1.250.").
 *  4. A '-' → NEGATIVE ("-50.000"); a '+' → INVALID (amounts carry no sign).
 *  5. ',' groups that read as English thousands — no other separator, a
 *     first group of 1 to 3 digits, then groups of exactly 3 — could be
 *     1250 or 1,25 → AMBIGUOUS ("1,250", "1,250,000").
 *  6. A single ',' as the last separator is a Vietnamese decimal part →
 *     FRACTION ("12.500,50", "12500,5", "1,5").
 *  7. A '.' followed by one or two digits at the end is a decimal part →
 *     FRACTION ("12.5", "1.25", "1,250,000.00").
 *  8. Any other ',' is a mix of conventions → AMBIGUOUS ("1,250.000").
 *  9. '.' and spaces in one amount → AMBIGUOUS ("1.250 000").
 * 10. Grouping that is not a first group of 1 to 3 digits (not starting
 *     with 0) and then groups of exactly 3 → AMBIGUOUS ("1.2500",
 *     "12.50.000", "1250.000", "0.500").
 * 11. More than G_MAXINT64 → OVERFLOW.
 * Error messages quote the text, without the white space around it. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ocop-money.h"

G_DEFINE_QUARK (ocop-money-error-quark, ocop_money_error)

#define DONG_SIGN  0x20AB   /* ₫ */
#define MINUS_SIGN 0x2212   /* − */

char *
ocop_money_format_plain (gint64 vnd)
{
  /* The magnitude is taken as unsigned: -G_MININT64 does not fit a gint64. */
  guint64 magnitude = vnd < 0 ? (guint64) -(vnd + 1) + 1 : (guint64) vnd;
  char digits[24];
  int n_digits = g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, magnitude);
  GString *out = g_string_sized_new (n_digits + n_digits / 3 + 2);

  if (vnd < 0)
    g_string_append_c (out, '-');
  for (int i = 0; i < n_digits; i++)
    {
      if (i > 0 && (n_digits - i) % 3 == 0)
        g_string_append_c (out, '.');
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

char *
ocop_money_format (gint64 vnd)
{
  g_autofree char *plain = ocop_money_format_plain (vnd);

  /* One ASCII space: receipt printers' code pages have no NBSP. */
  return g_strconcat (plain, " ₫", NULL);
}

/* A copy of @text without the white space at either end. */
static char *
strip_space (const char *text)
{
  const char *start = text;
  const char *end = text + strlen (text);

  while (*start != '\0' && g_unichar_isspace (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);
  while (end > start)
    {
      const char *prev = g_utf8_prev_char (end);

      if (!g_unichar_isspace (g_utf8_get_char (prev)))
        break;
      end = prev;
    }
  return g_strndup (start, end - start);
}

/* Lower case; the longer spellings come before the ones they end with. */
static const char * const suffixes[] = { "₫", "vnđ", "vnd", "đ", "d" };

/* @amount without its currency suffix and the space before it, lower case.
 * Lowering cannot turn a refused character into an accepted one, so the
 * rest of the parse may work on the lowered copy. */
static char *
strip_suffix (const char *amount)
{
  g_autofree char *lower = g_utf8_strdown (amount, -1);
  gsize len = strlen (lower);

  for (gsize i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (g_str_has_suffix (lower, suffixes[i]))
      {
        lower[len - strlen (suffixes[i])] = '\0';
        break;
      }
  return strip_space (lower);
}

static gboolean
is_group_space (gunichar c)
{
  /* Spreadsheets and web pages put NBSP or a narrow NBSP between groups. */
  return c == ' ' || g_unichar_type (c) == G_UNICODE_SPACE_SEPARATOR;
}

/* The digit groups of an amount and the separators between them:
 * separator[i] sits between group i and group i + 1. */
typedef struct {
  glong   n_groups;
  glong  *group_len;
  char   *separator;    /* '.', ',' or ' ' */
  guint   n_commas;
  gboolean has_dot;
  gboolean has_space;
} Shape;

static void
shape_clear (Shape *shape)
{
  g_clear_pointer (&shape->group_len, g_free);
  g_clear_pointer (&shape->separator, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Shape, shape_clear)

/* Rule 3: fills @shape, or returns FALSE for anything but digits and lone
 * separators between them. */
static gboolean
read_shape (const gunichar *chars,
            glong           n_chars,
            Shape          *shape)
{
  shape->group_len = g_new0 (glong, n_chars + 1);
  shape->separator = g_new0 (char, n_chars + 1);
  shape->n_groups = 1;

  for (glong i = 0; i < n_chars; i++)
    {
      gunichar c = chars[i];
      char separator;

      if (c >= '0' && c <= '9')
        {
          shape->group_len[shape->n_groups - 1]++;
          continue;
        }
      if (c == '.' || c == ',')
        separator = (char) c;
      else if (is_group_space (c))
        separator = ' ';
      else
        return FALSE;
      if (shape->group_len[shape->n_groups - 1] == 0)
        return FALSE;
      shape->n_commas += separator == ',';
      shape->has_dot |= separator == '.';
      shape->has_space |= separator == ' ';
      shape->separator[shape->n_groups - 1] = separator;
      shape->n_groups++;
    }
  return shape->group_len[shape->n_groups - 1] > 0;
}

/* "1.250.000" with @separator: 1 to 3 digits, then groups of exactly 3. */
static gboolean
is_grouped_by_thousands (const Shape *shape,
                         char         separator)
{
  if (shape->group_len[0] > 3)
    return FALSE;
  for (glong i = 1; i < shape->n_groups; i++)
    if (shape->separator[i - 1] != separator || shape->group_len[i] != 3)
      return FALSE;
  return TRUE;
}

/* Rules 5 to 10; returns -1 when the grouping is sound. */
static int
check_grouping (const Shape    *shape,
                const gunichar *chars)
{
  char last_separator;
  glong last_len;

  if (shape->n_groups == 1)
    return -1;
  last_separator = shape->separator[shape->n_groups - 2];
  last_len = shape->group_len[shape->n_groups - 1];

  if (last_separator == ',' && !shape->has_dot && !shape->has_space &&
      is_grouped_by_thousands (shape, ','))
    return OCOP_MONEY_ERROR_AMBIGUOUS;
  if (last_separator == ',' && shape->n_commas == 1)
    return OCOP_MONEY_ERROR_FRACTION;
  if (last_separator == '.' && last_len <= 2)
    return OCOP_MONEY_ERROR_FRACTION;
  if (shape->n_commas > 0 || (shape->has_dot && shape->has_space))
    return OCOP_MONEY_ERROR_AMBIGUOUS;
  if (!is_grouped_by_thousands (shape, shape->has_dot ? '.' : ' '))
    return OCOP_MONEY_ERROR_AMBIGUOUS;
  /* "0.500" is half a đồng in English; no grouped amount starts with 0. */
  if (chars[0] == '0')
    return OCOP_MONEY_ERROR_AMBIGUOUS;
  return -1;
}

static gboolean
fail (GError         **error,
      OcopMoneyError   code,
      const char      *shown)
{
  switch (code)
    {
    case OCOP_MONEY_ERROR_EMPTY:
      g_set_error_literal (error, OCOP_MONEY_ERROR, code, _("No amount given"));
      break;
    case OCOP_MONEY_ERROR_FRACTION:
      g_set_error (error, OCOP_MONEY_ERROR, code, _("'%s' is not a whole number of đồng"), shown);
      break;
    case OCOP_MONEY_ERROR_AMBIGUOUS:
      g_set_error (error, OCOP_MONEY_ERROR, code,
                   _("'%s' is ambiguous: write whole đồng, grouping thousands with '.' (1.250.000)"), shown);
      break;
    case OCOP_MONEY_ERROR_NEGATIVE:
      g_set_error (error, OCOP_MONEY_ERROR, code, _("'%s' is negative"), shown);
      break;
    case OCOP_MONEY_ERROR_OVERFLOW:
      g_set_error (error, OCOP_MONEY_ERROR, code, _("'%s' is too large"), shown);
      break;
    case OCOP_MONEY_ERROR_INVALID:
    default:
      g_set_error (error, OCOP_MONEY_ERROR, code, _("'%s' is not an amount of money"), shown);
      break;
    }
  return FALSE;
}

gboolean
ocop_money_parse (const char  *text,
                  gint64      *out_vnd,
                  GError     **error)
{
  g_autofree char *shown = NULL;
  g_autofree char *amount = NULL;
  g_autofree gunichar *chars = NULL;
  g_auto(Shape) shape = { 0 };
  glong n_chars = 0;
  glong start = 0;
  gunichar sign = 0;
  guint64 value = 0;
  int code;

  if (text == NULL)
    return fail (error, OCOP_MONEY_ERROR_EMPTY, "");
  if (!g_utf8_validate (text, -1, NULL))
    {
      /* Quote what can be shown; the message must stay valid UTF-8. */
      g_autofree char *valid = g_utf8_make_valid (text, -1);

      shown = strip_space (valid);
      return fail (error, OCOP_MONEY_ERROR_INVALID, shown);
    }
  shown = strip_space (text);
  if (*shown == '\0')
    return fail (error, OCOP_MONEY_ERROR_EMPTY, shown);
  amount = strip_suffix (shown);
  if (*amount == '\0')
    return fail (error, OCOP_MONEY_ERROR_EMPTY, shown);

  chars = g_utf8_to_ucs4_fast (amount, -1, &n_chars);
  if (chars[0] == '-' || chars[0] == MINUS_SIGN || chars[0] == '+')
    {
      sign = chars[0];
      for (start = 1; start < n_chars && g_unichar_isspace (chars[start]); start++)
        ;
    }
  if (!read_shape (chars + start, n_chars - start, &shape))
    return fail (error, OCOP_MONEY_ERROR_INVALID, shown);
  if (sign == '-' || sign == MINUS_SIGN)
    return fail (error, OCOP_MONEY_ERROR_NEGATIVE, shown);
  if (sign == '+')
    return fail (error, OCOP_MONEY_ERROR_INVALID, shown);
  if ((code = check_grouping (&shape, chars + start)) >= 0)
    return fail (error, code, shown);

  for (glong i = start; i < n_chars; i++)
    {
      guint digit;

      if (chars[i] < '0' || chars[i] > '9')
        continue;
      digit = chars[i] - '0';
      if (value > ((guint64) G_MAXINT64 - digit) / 10)
        return fail (error, OCOP_MONEY_ERROR_OVERFLOW, shown);
      value = value * 10 + digit;
    }
  if (out_vnd != NULL)
    *out_vnd = (gint64) value;
  return TRUE;
}
