/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-money.c: đồng formatted the Vietnamese way and parsed strictly:
 * every accepted spelling, every refusal with its reason. */

#include "ocop-money.h"

static void
test_format (void)
{
  static const struct { gint64 vnd; const char *text; } cases[] = {
    { 0, "0 ₫" }, { 5, "5 ₫" }, { 999, "999 ₫" }, { 1000, "1.000 ₫" },
    { 50000, "50.000 ₫" }, { 1250000, "1.250.000 ₫" }, { 6800000000, "6.800.000.000 ₫" },
    { -50000, "-50.000 ₫" }, { G_MAXINT64, "9.223.372.036.854.775.807 ₫" },
    { G_MININT64, "-9.223.372.036.854.775.808 ₫" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = ocop_money_format (cases[i].vnd);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_parse_accepts (void)
{
  static const struct { const char *text; gint64 vnd; } cases[] = {
    { "1250000", 1250000 }, { "1.250.000", 1250000 }, { "1 250 000", 1250000 },
    { "1\xc2\xa0" "250\xc2\xa0" "000", 1250000 }, { "  250.000 ₫ ", 250000 }, { "250.000₫", 250000 },
    { "250000đ", 250000 }, { "250.000 VND", 250000 }, { "250000 vnđ", 250000 }, { "250000d", 250000 },
    { "0", 0 }, { "999", 999 }, { "9223372036854775807", G_MAXINT64 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 vnd = -1;

      g_assert_true (ocop_money_parse (cases[i].text, &vnd, &error));
      g_assert_no_error (error);
      g_assert_cmpint (vnd, ==, cases[i].vnd);
    }
}

static void
test_parse_refuses (void)
{
  static const struct { const char *text; int code; } cases[] = {
    { "", OCOP_MONEY_ERROR_EMPTY }, { "  ₫", OCOP_MONEY_ERROR_EMPTY },
    { "12.500,50", OCOP_MONEY_ERROR_FRACTION }, { "12500,5", OCOP_MONEY_ERROR_FRACTION },
    { "12.5", OCOP_MONEY_ERROR_FRACTION }, { "1.25", OCOP_MONEY_ERROR_FRACTION },
    { "1,250", OCOP_MONEY_ERROR_AMBIGUOUS }, { "1,250,000", OCOP_MONEY_ERROR_AMBIGUOUS },
    { "1.2500", OCOP_MONEY_ERROR_AMBIGUOUS }, { "12.50.000", OCOP_MONEY_ERROR_AMBIGUOUS },
    { "1250.000.0", OCOP_MONEY_ERROR_AMBIGUOUS }, { ".500", OCOP_MONEY_ERROR_AMBIGUOUS },
    { "-50000", OCOP_MONEY_ERROR_NEGATIVE }, { "+50000", OCOP_MONEY_ERROR_INVALID },
    { "50k", OCOP_MONEY_ERROR_INVALID }, { "năm mươi", OCOP_MONEY_ERROR_INVALID },
    { "1.250 000", OCOP_MONEY_ERROR_INVALID }, { "0x10", OCOP_MONEY_ERROR_INVALID },
    { "9223372036854775808", OCOP_MONEY_ERROR_OVERFLOW },
    { "99999999999999999999999", OCOP_MONEY_ERROR_OVERFLOW },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 vnd = 42;

      g_test_message ("parsing '%s'", cases[i].text);
      g_assert_false (ocop_money_parse (cases[i].text, &vnd, &error));
      g_assert_error (error, OCOP_MONEY_ERROR, cases[i].code);
      g_assert_cmpint (vnd, ==, 42);   /* untouched on error */
      if (*cases[i].text != '\0' && cases[i].code != OCOP_MONEY_ERROR_EMPTY)
        g_assert_nonnull (strstr (error->message, cases[i].text));
    }
}

static void
test_round_trip (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());

  for (int i = 0; i < 2000; i++)
    {
      gint64 vnd = i < 20 ? i * 999 : (gint64) g_rand_int (rand) * g_rand_int_range (rand, 1, 100000);
      g_autofree char *text = ocop_money_format (vnd);
      g_autofree char *plain = ocop_money_format_plain (vnd);
      g_autoptr(GError) error = NULL;
      gint64 back = -1, back_plain = -1;

      g_assert_true (ocop_money_parse (text, &back, &error));
      g_assert_true (ocop_money_parse (plain, &back_plain, &error));
      g_assert_no_error (error);
      g_assert_cmpint (back, ==, vnd);
      g_assert_cmpint (back_plain, ==, vnd);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/money/format", test_format);
  g_test_add_func ("/money/parse/accepts", test_parse_accepts);
  g_test_add_func ("/money/parse/refuses", test_parse_refuses);
  g_test_add_func ("/money/round-trip", test_round_trip);
  return g_test_run ();
}
