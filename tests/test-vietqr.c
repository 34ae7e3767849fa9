/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-vietqr.c: VietQR payloads against a published example, the CRC's
 * check value, the field structure, and bad input. */

#include "ocop-vietqr.h"

static void
test_crc (void)
{
  /* The standard check value of CRC-16/CCITT-FALSE. */
  g_assert_cmpuint (ocop_vietqr_crc16 ("123456789", 9), ==, 0x29B1);
  g_assert_cmpuint (ocop_vietqr_crc16 ("", 0), ==, 0xFFFF);
}

static void
test_published_example (void)
{
  /* 120.000 ₫ to account 0011001932418 at BIN 970415 with the note "ủng hộ
   * lũ lụt", as published with the subiz/vietqr library. */
  g_autoptr(GError) error = NULL;
  g_autofree char *payload = ocop_vietqr_payload ("970415", "0011001932418", 120000, "ung ho lu lut", &error);
  g_autofree char *from_vietnamese = ocop_vietqr_payload ("970415", "0011001932418", 120000, "ủng hộ lũ lụt", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (payload, ==,
                   "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA"
                   "530370454061200005802VN62170813ung ho lu lut6304C15C");
  g_assert_cmpstr (from_vietnamese, ==, payload);
}

/* Reads the top-level ID-length-value fields back into a table. */
static GHashTable *
parse_fields (const char *payload)
{
  GHashTable *fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gsize len = strlen (payload);

  for (gsize pos = 0; pos + 4 <= len;)
    {
      g_autofree char *id = g_strndup (payload + pos, 2);
      g_autofree char *size_text = g_strndup (payload + pos + 2, 2);
      gsize size = g_ascii_strtoull (size_text, NULL, 10);

      g_assert_cmpuint (pos + 4 + size, <=, len);
      g_hash_table_insert (fields, g_steal_pointer (&id), g_strndup (payload + pos + 4, size));
      pos += 4 + size;
    }
  return fields;
}

static void
test_structure (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *payload = ocop_vietqr_payload ("970436", "1234567890", 1345000, "Hóa đơn QN-01 #12", &error);
  g_autoptr(GHashTable) fields = NULL;
  g_autofree char *crc = NULL;

  g_assert_no_error (error);
  fields = parse_fields (payload);
  g_assert_cmpstr (g_hash_table_lookup (fields, "00"), ==, "01");
  g_assert_cmpstr (g_hash_table_lookup (fields, "01"), ==, "12");
  g_assert_cmpstr (g_hash_table_lookup (fields, "38"), ==,
                   "0010A000000727" "0124" "0006970436" "01101234567890" "0208QRIBFTTA");
  g_assert_cmpstr (g_hash_table_lookup (fields, "53"), ==, "704");
  g_assert_cmpstr (g_hash_table_lookup (fields, "54"), ==, "1345000");
  g_assert_cmpstr (g_hash_table_lookup (fields, "58"), ==, "VN");
  g_assert_cmpstr (g_hash_table_lookup (fields, "62"), ==, "0815Hoa don QN01 12");
  /* The CRC covers everything up to and including "6304". */
  crc = g_strdup_printf ("%04X", ocop_vietqr_crc16 (payload, strlen (payload) - 4));
  g_assert_cmpstr (g_hash_table_lookup (fields, "63"), ==, crc);
}

static void
test_static_code (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *payload = ocop_vietqr_payload ("970415", "0011001932418", 0, NULL, &error);
  g_autoptr(GHashTable) fields = NULL;

  g_assert_no_error (error);
  fields = parse_fields (payload);
  g_assert_cmpstr (g_hash_table_lookup (fields, "01"), ==, "11");
  g_assert_false (g_hash_table_contains (fields, "54"));
  g_assert_false (g_hash_table_contains (fields, "62"));
}

/* The note reaches every bank's statement as written: no marks, no '#'
 * or other punctuation that some banks strip or refuse, single spaces. */
static void
test_plain_note (void)
{
  static const struct { const char *note, *plain; } cases[] = {
    { "QN-01 #12", "QN01 12" },
    { "Hóa đơn QN-01 #12", "Hoa don QN01 12" },
    { "  Đặc sản  Quảng\tNam ", "Dac san Quang Nam" },
    { "#", "" },
    { "a/b_c.d,e:f;g'h\"i!j?k&l%m+n=o@p", "abcdefghijklmnop" },
    { NULL, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *plain = ocop_vietqr_plain_note (cases[i].note);

      g_assert_cmpstr (plain, ==, cases[i].plain);
    }
}

/* The receipt's note is its payment code; a booth code too long for one
 * gets the booth and the receipt without a '#'; the payload carries
 * exactly that note in field 62-08. */
static void
test_receipt_note (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *note = ocop_vietqr_receipt_note ("QN-01", 12);
  g_autofree char *payload = ocop_vietqr_payload ("970415", "0011001932418", 135000, note, &error);
  g_autoptr(GHashTable) fields = NULL;
  g_autofree char *expected = NULL;

  g_assert_no_error (error);
  g_autofree char *long_note = ocop_vietqr_receipt_note ("NINHTHUAN-01", 12);

  g_assert_cmpstr (note, ==, "OCP4QN01000012J");
  g_assert_cmpstr (long_note, ==, "NINHTHUAN01 HD12");
  g_assert_null (strchr (payload, '#'));
  fields = parse_fields (payload);
  expected = g_strdup_printf ("08%02u%s", (guint) strlen (note), note);
  g_assert_cmpstr (g_hash_table_lookup (fields, "62"), ==, expected);
}

static void
test_bad_input (void)
{
  static const struct { const char *bin, *account; gint64 amount; const char *note; int code; } cases[] = {
    { "97041", "0011001932418", 1000, NULL, OCOP_VIETQR_ERROR_BIN },
    { "97041X", "0011001932418", 1000, NULL, OCOP_VIETQR_ERROR_BIN },
    { "970415", "", 1000, NULL, OCOP_VIETQR_ERROR_ACCOUNT },
    { "970415", "00110019 32418", 1000, NULL, OCOP_VIETQR_ERROR_ACCOUNT },
    { "970415", "12345678901234567890", 1000, NULL, OCOP_VIETQR_ERROR_ACCOUNT },
    { "970415", "0011001932418", -1, NULL, OCOP_VIETQR_ERROR_AMOUNT },
    { "970415", "0011001932418", 1000, "Thanh toán hóa đơn số 12 tại hội chợ", OCOP_VIETQR_ERROR_NOTE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *payload = ocop_vietqr_payload (cases[i].bin, cases[i].account, cases[i].amount,
                                                      cases[i].note, &error);

      g_assert_null (payload);
      g_assert_error (error, OCOP_VIETQR_ERROR, cases[i].code);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vietqr/crc", test_crc);
  g_test_add_func ("/vietqr/published-example", test_published_example);
  g_test_add_func ("/vietqr/structure", test_structure);
  g_test_add_func ("/vietqr/static-code", test_static_code);
  g_test_add_func ("/vietqr/plain-note", test_plain_note);
  g_test_add_func ("/vietqr/receipt-note", test_receipt_note);
  g_test_add_func ("/vietqr/bad-input", test_bad_input);
  return g_test_run ();
}
