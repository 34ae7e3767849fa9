/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-barcode.c: EAN-13 / EAN-8 check digits, and internal codes. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ocop-barcode.h"

G_DEFINE_QUARK (ocop-barcode-error-quark, ocop_barcode_error)

/* GS1 check digit: weights 3 and 1 alternate from the rightmost data digit. */
int
ocop_barcode_ean_check_digit (const char *digits,
                              gsize       len)
{
  int sum = 0;

  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isdigit (digits[i]))
        return -1;
      sum += (digits[i] - '0') * (((len - i) % 2 == 1) ? 3 : 1);
    }
  return (10 - sum % 10) % 10;
}

static gboolean
all_digits (const char *code)
{
  if (*code == '\0')
    return FALSE;
  for (; *code; code++)
    if (!g_ascii_isdigit (*code))
      return FALSE;
  return TRUE;
}

gboolean
ocop_barcode_is_valid_ean (const char *code)
{
  gsize len = code ? strlen (code) : 0;

  return (len == 8 || len == 13) && all_digits (code) &&
         ocop_barcode_ean_check_digit (code, len - 1) == code[len - 1] - '0';
}

gboolean
ocop_barcode_is_valid_internal (const char *code)
{
  gsize len = code ? strlen (code) : 0;

  if (len == 0 || len > 32 || ((len == 8 || len == 13) && all_digits (code)))
    return FALSE;
  for (const char *p = code; *p; p++)
    if (!g_ascii_isalnum (*p) && !strchr ("-._/", *p))
      return FALSE;
  return TRUE;
}

OcopBarcodeKind
ocop_barcode_classify (const char  *code,
                       gboolean     allow_internal,
                       GError     **error)
{
  gsize len = code ? strlen (code) : 0;

  if ((len == 8 || len == 13) && all_digits (code))
    {
      int expected = ocop_barcode_ean_check_digit (code, len - 1);

      if (expected == code[len - 1] - '0')
        return len == 13 ? OCOP_BARCODE_EAN13 : OCOP_BARCODE_EAN8;
      g_set_error (error, OCOP_BARCODE_ERROR, OCOP_BARCODE_ERROR_CHECK_DIGIT,
                   _("'%s' has a wrong check digit (expected %d)"), code, expected);
      return 0;
    }
  if (allow_internal && ocop_barcode_is_valid_internal (code))
    return OCOP_BARCODE_INTERNAL;
  g_set_error (error, OCOP_BARCODE_ERROR, OCOP_BARCODE_ERROR_INVALID,
               allow_internal
               ? _("'%s' is neither an EAN-13/EAN-8 code nor an internal code (up to 32 letters, digits and - . _ /)")
               : _("'%s' is not an EAN-13 or EAN-8 code; mark internal codes as such (int:CODE)"),
               code ? code : "");
  return 0;
}
