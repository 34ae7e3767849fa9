/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-vietqr.c: building VietQR payloads: EMVCo ID-length-value fields,
 * NAPAS's merchant account template (GUID A000000727, service QRIBFTTA),
 * and the CRC that closes the string. Written here because no Debian
 * package builds EMVCo payloads; libqrencode draws the result. */

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>

#include "ocop-payment-code.h"
#include "ocop-vietqr.h"

G_DEFINE_QUARK (ocop-vietqr-error-quark, ocop_vietqr_error)

#define NAPAS_GUID        "A000000727"
#define SERVICE_TO_ACCOUNT "QRIBFTTA"
#define MAX_NOTE          25

guint16
ocop_vietqr_crc16 (const char *data,
                   gsize       len)
{
  guint16 crc = 0xFFFF;

  for (gsize i = 0; i < len; i++)
    {
      crc ^= (guint16) ((guchar) data[i] << 8);
      for (int bit = 0; bit < 8; bit++)
        crc = (crc & 0x8000) ? (guint16) ((crc << 1) ^ 0x1021) : (guint16) (crc << 1);
    }
  return crc;
}

/* Appends one EMVCo field: two-digit id, two-digit length, value. */
static void
append_field (GString    *out,
              const char *id,
              const char *value)
{
  g_string_append_printf (out, "%s%02u%s", id, (guint) strlen (value), value);
}

/* Banks carry the note from the payer's app to the statement, and some
 * drop or refuse characters on the way: marks ("Hóa đơn" arrives as
 * "Hoa don"), and punctuation such as '#', '-' or '/', which a few banks
 * strip and others reject with the whole transfer. Letters, digits and
 * single spaces reach every statement as typed. */
char *
ocop_vietqr_plain_note (const char *note)
{
  g_autofree char *decomposed = g_utf8_normalize (note ? note : "", -1, G_NORMALIZE_NFD);
  GString *out = g_string_new (NULL);

  for (const char *p = decomposed ? decomposed : ""; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0x0111 || c == 0x0110)
        g_string_append_c (out, c == 0x0111 ? 'd' : 'D');
      else if (c < 0x80 && g_ascii_isalnum ((char) c))
        g_string_append_c (out, (char) c);
      else if (g_unichar_isspace (c) && out->len > 0 && out->str[out->len - 1] != ' ')
        g_string_append_c (out, ' ');
    }
  if (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

char *
ocop_vietqr_receipt_note (const char *booth,
                          gint64      receipt_no)
{
  g_autofree char *note = NULL;
  char *code = ocop_payment_code_encode (booth, receipt_no, NULL);

  /* The payment code, which the hub finds again in the bank's report of
   * the transfer (ocop-payment-code.c). A booth code too long for one
   * still gets a note a person can read: "HD" (hóa đơn) before the
   * number, as Vietnamese payers write it, so the number is not read as
   * part of the booth's code. */
  if (code != NULL)
    return code;
  note = g_strdup_printf ("%s HD%" G_GINT64_FORMAT, booth ? booth : "", receipt_no);
  return ocop_vietqr_plain_note (note);
}

static gboolean
check_inputs (const char  *bin,
              const char  *account,
              gint64       amount,
              GError     **error)
{
  gsize account_len = account ? strlen (account) : 0;

  if (bin == NULL || strlen (bin) != 6 || strspn (bin, "0123456789") != 6)
    {
      g_set_error (error, OCOP_VIETQR_ERROR, OCOP_VIETQR_ERROR_BIN,
                   _("'%s' is not a bank BIN (six digits, such as 970415)"), bin ? bin : "");
      return FALSE;
    }
  if (account_len == 0 || account_len > 19 ||
      strspn (account, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") != account_len)
    {
      g_set_error (error, OCOP_VIETQR_ERROR, OCOP_VIETQR_ERROR_ACCOUNT,
                   _("'%s' is not an account number (1 to 19 letters and digits)"), account ? account : "");
      return FALSE;
    }
  /* Field 54 holds at most 13 characters. */
  if (amount < 0 || amount > G_GINT64_CONSTANT (9999999999999))
    {
      g_set_error (error, OCOP_VIETQR_ERROR, OCOP_VIETQR_ERROR_AMOUNT,
                   _("%" PRId64 " is not an amount a VietQR code can carry"), amount);
      return FALSE;
    }
  return TRUE;
}

char *
ocop_vietqr_payload (const char  *bin,
                     const char  *account,
                     gint64       amount,
                     const char  *note,
                     GError     **error)
{
  g_autofree char *plain_note = NULL;
  g_autoptr(GString) bank = g_string_new (NULL);
  g_autoptr(GString) merchant = g_string_new (NULL);
  g_autoptr(GString) out = g_string_new (NULL);

  if (!check_inputs (bin, account, amount, error))
    return NULL;
  plain_note = ocop_vietqr_plain_note (note);
  if (strlen (plain_note) > MAX_NOTE)
    {
      g_set_error (error, OCOP_VIETQR_ERROR, OCOP_VIETQR_ERROR_NOTE,
                   _("The transfer note '%s' is longer than %d characters"), plain_note, MAX_NOTE);
      return NULL;
    }

  append_field (bank, "00", bin);
  append_field (bank, "01", account);
  append_field (merchant, "00", NAPAS_GUID);
  append_field (merchant, "01", bank->str);
  append_field (merchant, "02", SERVICE_TO_ACCOUNT);

  append_field (out, "00", "01");
  /* 12: a code for one payment of a fixed amount; 11: reusable, no amount. */
  append_field (out, "01", amount > 0 ? "12" : "11");
  append_field (out, "38", merchant->str);
  append_field (out, "53", "704");
  if (amount > 0)
    {
      g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, amount);
      append_field (out, "54", digits);
    }
  append_field (out, "58", "VN");
  if (*plain_note != '\0')
    {
      g_autoptr(GString) extra = g_string_new (NULL);

      append_field (extra, "08", plain_note);
      append_field (out, "62", extra->str);
    }
  g_string_append (out, "6304");
  g_string_append_printf (out, "%04X", ocop_vietqr_crc16 (out->str, out->len));
  return g_string_free (g_steal_pointer (&out), FALSE);
}
