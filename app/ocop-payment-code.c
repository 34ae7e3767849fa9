/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-payment-code.c: payment codes ("OCP" + booth length + booth +
 * six-digit receipt number + ISO 7064 MOD 37,36 check character),
 * written so that a code survives what banks do to a transfer note. */

#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ocop-payment-code.h"
#include "ocop-vietqr.h"

G_DEFINE_QUARK (ocop-payment-code-error-quark, ocop_payment_code_error)

/* Banks drop spaces and punctuation, upper-case the note and add their own
 * words before and after it ("MBVCB.123.OCP4QN01000012K.CT tu ..."), so a
 * code must be found in one run of letters and digits with anything on
 * either side: it starts with a fixed prefix, says the booth's length, has
 * a fixed-width receipt number, and ends with a check character over all
 * of it, which also rejects a prefix that occurs by chance. */
#define PREFIX        "OCP"
#define RECEIPT_WIDTH 6
#define MAX_RECEIPT   G_GINT64_CONSTANT (999999)

static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

static int
value_of (char c)
{
  const char *at = c != '\0' ? strchr (alphabet, c) : NULL;

  return at != NULL ? (int) (at - alphabet) : -1;
}

/* ISO 7064 MOD 37,36 (the hybrid system for letters and digits): catches
 * every single wrong character and every swap of neighbours. Written here:
 * no Debian library computes it, and it is ten lines. */
static int
check_state (const char *text,
             gsize       len)
{
  int p = 36;

  for (gsize i = 0; i < len; i++)
    {
      int s = (p + value_of (text[i])) % 36;

      p = (2 * (s == 0 ? 36 : s)) % 37;
    }
  return p;
}

static char
check_char (const char *text,
            gsize       len)
{
  return alphabet[(37 - check_state (text, len)) % 36];
}

/* As a bank carries a note: letters and digits, upper case, nothing else. */
static char *
reduce (const char *text)
{
  g_autofree char *plain = ocop_vietqr_plain_note (text);
  GString *out = g_string_new (NULL);

  for (const char *p = plain; *p; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (out, g_ascii_toupper (*p));
  return g_string_free (out, FALSE);
}

char *
ocop_payment_code_encode (const char  *booth,
                          gint64       receipt_no,
                          GError     **error)
{
  g_autofree char *reduced = reduce (booth);
  gsize booth_len = strlen (reduced);
  GString *code;

  if (booth_len == 0 || booth_len > OCOP_PAYMENT_CODE_MAX_BOOTH)
    {
      g_set_error (error, OCOP_PAYMENT_CODE_ERROR, OCOP_PAYMENT_CODE_ERROR_BOOTH,
                   _("The booth code '%s' must have 1 to %d letters and digits for a payment code"),
                   booth ? booth : "", OCOP_PAYMENT_CODE_MAX_BOOTH);
      return NULL;
    }
  if (receipt_no < 1 || receipt_no > MAX_RECEIPT)
    {
      g_set_error (error, OCOP_PAYMENT_CODE_ERROR, OCOP_PAYMENT_CODE_ERROR_RECEIPT,
                   _("Receipt number %" PRId64 " cannot be put in a payment code"), receipt_no);
      return NULL;
    }
  code = g_string_new (PREFIX);
  g_string_append_printf (code, "%u%s%0*" PRId64, (guint) booth_len, reduced, RECEIPT_WIDTH, receipt_no);
  g_string_append_c (code, check_char (code->str, code->len));
  return g_string_free (code, FALSE);
}

/* The length of the valid code at @text (reduced), or 0. */
static gsize
code_length_at (const char *text)
{
  gsize available = strlen (text), booth_len, len;

  if (available < strlen (PREFIX) + 1 || !g_str_has_prefix (text, PREFIX))
    return 0;
  booth_len = (gsize) (text[strlen (PREFIX)] - '0');
  if (booth_len < 1 || booth_len > OCOP_PAYMENT_CODE_MAX_BOOTH)
    return 0;
  len = strlen (PREFIX) + 1 + booth_len + RECEIPT_WIDTH + 1;
  if (available < len)
    return 0;
  for (gsize i = len - 1 - RECEIPT_WIDTH; i < len - 1; i++)
    if (!g_ascii_isdigit (text[i]))
      return 0;
  return check_char (text, len - 1) == text[len - 1] ? len : 0;
}

char *
ocop_payment_code_find (const char *description)
{
  g_autofree char *reduced = reduce (description);

  for (const char *p = strstr (reduced, PREFIX); p != NULL; p = strstr (p + 1, PREFIX))
    {
      gsize len = code_length_at (p);

      if (len > 0)
        return g_strndup (p, len);
    }
  return NULL;
}

gboolean
ocop_payment_code_parse (const char  *code,
                         char       **booth,
                         gint64      *receipt_no)
{
  gsize len = code != NULL ? code_length_at (code) : 0;
  gsize booth_len;

  if (len == 0 || len != strlen (code))
    return FALSE;
  booth_len = (gsize) (code[strlen (PREFIX)] - '0');
  if (booth != NULL)
    *booth = g_strndup (code + strlen (PREFIX) + 1, booth_len);
  if (receipt_no != NULL)
    {
      g_autofree char *digits = g_strndup (code + strlen (PREFIX) + 1 + booth_len, RECEIPT_WIDTH);

      *receipt_no = g_ascii_strtoll (digits, NULL, 10);
    }
  return TRUE;
}
