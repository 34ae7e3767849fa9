/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-money.c: whole đồng, formatted "1.250.000 ₫" and parsed strictly.
 *
 * Parsing rules (Vietnamese convention: '.' groups thousands, ',' is the
 * decimal mark, and đồng have no fractions in practice):
 * - optional white space, digits, optional currency suffix (₫, đ, d, VND,
 *   VNĐ in any case, with or without a space before it);
 * - digits may be grouped by '.', ' ' or U+00A0, three digits a group after
 *   the first; one kind of separator per amount;
 * - ',' anywhere is a fraction ("12.500,50") or ambiguous ("1,250"): refused;
 * - a '.' followed by one or two digits at the end is a fraction ("12.5");
 *   any other group that is not three digits is ambiguous;
 * - '-' is refused as negative, '+' and anything else as not a number;
 * - more than G_MAXINT64 is an overflow. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ocop-money.h"

G_DEFINE_QUARK (ocop-money-error-quark, ocop_money_error)

char *
ocop_money_format_plain (gint64 vnd)
{
  /* Work on the magnitude as unsigned: -G_MININT64 does not fit a gint64. */
  guint64 magnitude = vnd < 0 ? (guint64) -(vnd + 1) + 1 : (guint64) vnd;
  char digits[32];
  int n = g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, magnitude);
  GString *out = g_string_new (vnd < 0 ? "-" : "");

  for (int i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append_c (out, '.');
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

char *
ocop_money_format (gint64 vnd)
{
  g_autofree char *plain = ocop_money_format_plain (vnd);

  return g_strconcat (plain, " ₫", NULL);
}

static const char * const suffixes[] = { "₫", "vnđ", "vnd", "đ", "d", NULL };

/* Strips a currency suffix and surrounding white space; returns a copy. */
static char *
strip_decoration (const char *text)
{
  g_autofree char *lower = g_utf8_strdown (text, -1);
  char *body = g_strstrip (g_strdup (lower));

  for (guint i = 0; suffixes[i] != NULL; i++)
    if (g_str_has_suffix (body, suffixes[i]))
      {
        body[strlen (body) - strlen (suffixes[i])] = '\0';
        g_strchomp (body);
        break;
      }
  /* NBSP counts as a group separator; make it a plain space. */
  {
    g_auto(GStrv) parts = g_strsplit (body, "\xc2\xa0", -1);
    g_free (body);
    body = g_strjoinv (" ", parts);
  }
  return body;
}

static gboolean
set_error (GError        **error,
           OcopMoneyError  code,
           const char     *text)
{
  switch (code)
    {
    case OCOP_MONEY_ERROR_EMPTY:
      g_set_error (error, OCOP_MONEY_ERROR, code, _("No amount given"));
      break;
    case OCOP_MONEY_ERROR_FRACTION:
      g_set_error (error, OCOP_MONEY_ERROR, code, _("'%s' is not a whole number of đồng"), text);
      break;
    case OCOP_MONEY_ERROR_AMBIGUOUS:
      g_set_error (error, OCOP_MONEY_ERROR, code,
                   _("'%s' is ambiguous: write whole đồng, grouping thousands with '.' (1.250.000)"), text);
      break;
    case OCOP_MONEY_ERROR_NEGATIVE:
      g_set_error (error, OCOP_MONEY_ERROR, code, _("'%s' is negative"), text);
      break;
    case OCOP_MONEY_ERROR_OVERFLOW:
      g_set_error (error, OCOP_MONEY_ERROR, code, _("'%s' is too large"), text);
      break;
    default:
      g_set_error (error, OCOP_MONEY_ERROR, code, _("'%s' is not an amount of money"), text);
      break;
    }
  return FALSE;
}

/* Checks the grouping of @body (digits and at most one kind of separator). */
static OcopMoneyError
check_groups (const char *body,
              char        separator)
{
  g_auto(GStrv) groups = NULL;
  guint n;

  if (separator == 0)
    return 0;
  groups = g_strsplit (body, (char[]) { separator, 0 }, -1);
  n = g_strv_length (groups);
  if (strlen (groups[0]) == 0 || strlen (groups[0]) > 3)
    return OCOP_MONEY_ERROR_AMBIGUOUS;
  for (guint i = 1; i < n; i++)
    if (strlen (groups[i]) != 3)
      return separator == '.' && i == n - 1 && n == 2 && strlen (groups[i]) <= 2 && strlen (groups[i]) > 0
             ? OCOP_MONEY_ERROR_FRACTION : OCOP_MONEY_ERROR_AMBIGUOUS;
  return 0;
}

gboolean
ocop_money_parse (const char  *text,
                  gint64      *out_vnd,
                  GError     **error)
{
  g_autofree char *body = NULL;
  char separator = 0;
  guint64 value = 0;
  OcopMoneyError code;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return set_error (error, OCOP_MONEY_ERROR_INVALID, text ? "?" : "");
  body = strip_decoration (text);
  if (*body == '\0')
    return set_error (error, OCOP_MONEY_ERROR_EMPTY, text);
  if (*body == '-')
    return set_error (error, OCOP_MONEY_ERROR_NEGATIVE, text);
  if (strchr (body, ','))
    {
      /* "1,250" reads as grouping in English and as 1,25 in Vietnamese. */
      gboolean looks_grouped = !strchr (body, '.') && check_groups (body, ',') == 0;

      return set_error (error, looks_grouped ? OCOP_MONEY_ERROR_AMBIGUOUS : OCOP_MONEY_ERROR_FRACTION, text);
    }

  for (const char *p = body; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        continue;
      if ((*p == '.' || *p == ' ') && (separator == 0 || separator == *p))
        {
          separator = *p;
          continue;
        }
      return set_error (error, OCOP_MONEY_ERROR_INVALID, text);
    }
  if ((code = check_groups (body, separator)) != 0)
    return set_error (error, code, text);

  for (const char *p = body; *p; p++)
    {
      if (!g_ascii_isdigit (*p))
        continue;
      if (value > (G_MAXINT64 - (guint64) (*p - '0')) / 10)
        return set_error (error, OCOP_MONEY_ERROR_OVERFLOW, text);
      value = value * 10 + (guint64) (*p - '0');
    }
  *out_vnd = (gint64) value;
  return TRUE;
}
