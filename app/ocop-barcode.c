/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-barcode.c: EAN-13 / EAN-8 check digits, and the booths' own codes. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ocop-barcode.h"

G_DEFINE_QUARK (ocop-barcode-error-quark, ocop_barcode_error)

#define INTERNAL_MAX_LEN 32

/* GS1 check digit: weights 3 and 1 alternate, starting with 3 on the
 * rightmost data digit, so one rule serves EAN-13 and EAN-8 alike. */
int
ocop_barcode_ean_check_digit (const char *digits,
                              gsize       len)
{
  guint sum = 0;

  g_return_val_if_fail (digits != NULL, -1);

  /* Stops at a NUL too: it is not a digit. */
  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isdigit (digits[i]))
        return -1;
      sum += (guint) (digits[i] - '0') * ((len - i) % 2 == 1 ? 3 : 1);
    }
  return (int) ((10 - sum % 10) % 10);
}

static gboolean
is_all_digits (const char *code)
{
  if (*code == '\0')
    return FALSE;
  for (; *code != '\0'; code++)
    if (!g_ascii_isdigit (*code))
      return FALSE;
  return TRUE;
}

/* An 8- or 13-digit string is an EAN by its shape, whatever its check digit:
 * that is what a scanner that misread one digit hands over. */
static gboolean
has_ean_shape (const char *code)
{
  gsize len = strlen (code);

  return (len == 8 || len == 13) && is_all_digits (code);
}

gboolean
ocop_barcode_is_valid_ean (const char *code)
{
  gsize len;

  if (code == NULL || !has_ean_shape (code))
    return FALSE;
  len = strlen (code);
  return ocop_barcode_ean_check_digit (code, len - 1) == code[len - 1] - '0';
}

gboolean
ocop_barcode_is_valid_internal (const char *code)
{
  gsize len = code != NULL ? strlen (code) : 0;

  /* An EAN-shaped code taken as internal would dodge the check digit that
   * catches misreads. */
  if (len == 0 || len > INTERNAL_MAX_LEN || has_ean_shape (code))
    return FALSE;
  for (const char *p = code; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("-._/", *p) == NULL)
      return FALSE;
  return TRUE;
}

OcopBarcodeKind
ocop_barcode_classify (const char  *code,
                       gboolean     allow_internal,
                       GError     **error)
{
  g_autofree char *shown = NULL;

  if (code != NULL && has_ean_shape (code))
    {
      gsize len = strlen (code);
      int expected = ocop_barcode_ean_check_digit (code, len - 1);

      if (expected == code[len - 1] - '0')
        return len == 13 ? OCOP_BARCODE_EAN13 : OCOP_BARCODE_EAN8;
      g_set_error (error, OCOP_BARCODE_ERROR, OCOP_BARCODE_ERROR_CHECK_DIGIT,
                   _("'%s' has a wrong check digit (expected %d)"), code, expected);
      return 0;
    }
  if (allow_internal && ocop_barcode_is_valid_internal (code))
    return OCOP_BARCODE_INTERNAL;

  /* Scanners in the wrong keyboard layout send bytes that are not UTF-8;
   * the message must stay valid text. */
  shown = code != NULL ? g_utf8_make_valid (code, -1) : g_strdup ("");
  if (allow_internal)
    g_set_error (error, OCOP_BARCODE_ERROR, OCOP_BARCODE_ERROR_INVALID,
                 _("'%s' is neither an EAN-13/EAN-8 code nor an internal code (up to 32 letters, "
                   "digits and - . _ /)"), shown);
  else
    g_set_error (error, OCOP_BARCODE_ERROR, OCOP_BARCODE_ERROR_INVALID,
                 _("'%s' is not an EAN-13 or EAN-8 code; mark internal codes as such (int:CODE)"), shown);
  return 0;
}
