/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-payment-code.c: payment codes survive what banks do to a transfer
 * note (spaces, punctuation and marks dropped, upper case, words added),
 * catch a wrong or swapped character, and refuse what they cannot carry. */

#include "ocop-payment-code.h"
#include "ocop-vietqr.h"

static char *
encode (const char *booth,
        gint64      receipt_no)
{
  g_autoptr(GError) error = NULL;
  char *code = ocop_payment_code_encode (booth, receipt_no, &error);

  g_assert_no_error (error);
  return code;
}

static void
test_round_trip (void)
{
  static const struct { const char *booth, *reduced; gint64 receipt_no; } cases[] = {
    { "QN-01", "QN01", 12 }, { "q", "Q", 1 }, { "Đà Lạt 7", "DALAT7", 999999 }, { "ABCDEFGH", "ABCDEFGH", 40 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *code = encode (cases[i].booth, cases[i].receipt_no);
      g_autofree char *booth = NULL;
      gint64 receipt_no = 0;

      g_assert_cmpuint (strlen (code), <=, OCOP_PAYMENT_CODE_MAX_LEN);
      g_assert_true (g_str_has_prefix (code, "OCP"));
      for (const char *p = code; *p; p++)
        g_assert_true (g_ascii_isdigit (*p) || g_ascii_isupper (*p));
      g_assert_true (ocop_payment_code_parse (code, &booth, &receipt_no));
      g_assert_cmpstr (booth, ==, cases[i].reduced);
      g_assert_cmpint (receipt_no, ==, cases[i].receipt_no);
    }
}

/* What banks and services were seen to report around the note. */
static void
test_found_in_descriptions (void)
{
  g_autofree char *code = encode ("QN-01", 12);
  g_autofree char *lower = g_ascii_strdown (code, -1);
  g_autofree char *spaced = g_strdup_printf ("%.4s %.5s %s", code, code + 4, code + 9);
  g_autofree char *dotted = g_strdup_printf ("MBVCB.3278432.%s.CT tu 0123 NGUYEN VAN A toi 0011", code);
  g_autofree char *glued = g_strdup_printf ("NGUYENVANACHUYENTIEN%sFT24123", code);
  g_autofree char *accented = g_strdup_printf ("Chuyển tiền mua hàng %s cảm ơn đã ủng hộ", lower);
  const char *descriptions[] = { code, lower, spaced, dotted, glued, accented };

  for (guint i = 0; i < G_N_ELEMENTS (descriptions); i++)
    {
      g_autofree char *found = ocop_payment_code_find (descriptions[i]);

      g_assert_cmpstr (found, ==, code);
    }
}

/* The check character refuses a code with one character wrong or two
 * neighbours swapped, and the finder goes on to a valid code after a
 * false start. */
static void
test_check_character (void)
{
  g_autofree char *code = encode ("QN01", 345);
  g_autofree char *later = NULL;
  g_autofree char *found = NULL;
  gsize len = strlen (code);

  for (gsize i = 3; i < len; i++)
    {
      g_autofree char *wrong = g_strdup (code);
      g_autofree char *swapped = g_strdup (code);

      wrong[i] = wrong[i] == '7' ? '8' : '7';
      g_assert_false (ocop_payment_code_parse (wrong, NULL, NULL));
      if (i + 1 < len && code[i] != code[i + 1])
        {
          swapped[i] = code[i + 1];
          swapped[i + 1] = code[i];
          g_assert_false (ocop_payment_code_parse (swapped, NULL, NULL));
        }
    }
  g_assert_null (ocop_payment_code_find ("OCP thanh toan OCP4QN01"));
  g_assert_null (ocop_payment_code_find (NULL));
  later = g_strdup_printf ("OCP9X %s", code);
  found = ocop_payment_code_find (later);
  g_assert_cmpstr (found, ==, code);
}

static void
test_refused (void)
{
  static const struct { const char *booth; gint64 receipt_no; int code; } cases[] = {
    { "", 1, OCOP_PAYMENT_CODE_ERROR_BOOTH },
    { "--", 1, OCOP_PAYMENT_CODE_ERROR_BOOTH },
    { "ABCDEFGHI", 1, OCOP_PAYMENT_CODE_ERROR_BOOTH },
    { "QN01", 0, OCOP_PAYMENT_CODE_ERROR_RECEIPT },
    { "QN01", 1000000, OCOP_PAYMENT_CODE_ERROR_RECEIPT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *code = ocop_payment_code_encode (cases[i].booth, cases[i].receipt_no, &error);

      g_assert_null (code);
      g_assert_error (error, OCOP_PAYMENT_CODE_ERROR, cases[i].code);
    }
}

/* The VietQR's note is the code, and it fits field 62-08. */
static void
test_in_vietqr (void)
{
  g_autofree char *note = ocop_vietqr_receipt_note ("QN-01", 12);
  g_autofree char *code = encode ("QN-01", 12);
  g_autoptr(GError) error = NULL;
  g_autofree char *payload = ocop_vietqr_payload ("970415", "0011001932418", 135000, note, &error);
  g_autofree char *field = g_strdup_printf ("62%02u08%02u%s", (guint) strlen (code) + 4, (guint) strlen (code), code);

  g_assert_no_error (error);
  g_assert_cmpstr (note, ==, code);
  g_assert_nonnull (strstr (payload, field));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/payment-code/round-trip", test_round_trip);
  g_test_add_func ("/payment-code/found-in-descriptions", test_found_in_descriptions);
  g_test_add_func ("/payment-code/check-character", test_check_character);
  g_test_add_func ("/payment-code/refused", test_refused);
  g_test_add_func ("/payment-code/in-vietqr", test_in_vietqr);
  return g_test_run ();
}
