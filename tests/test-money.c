/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-money.c: đồng formatted the Vietnamese way and parsed strictly:
 * every accepted spelling, and every refusal with its reason. */

#include "ocop-money.h"

#define NBSP "\xc2\xa0"
#define NNBSP "\xe2\x80\xaf"   /* U+202F narrow no-break space */

static void
test_format_grouping (void)
{
  static const struct { gint64 vnd; const char *text; } cases[] = {
    { 0, "0 ₫" }, { 5, "5 ₫" }, { 99, "99 ₫" }, { 999, "999 ₫" }, { 1000, "1.000 ₫" },
    { 1001, "1.001 ₫" }, { 10000, "10.000 ₫" }, { 50000, "50.000 ₫" }, { 100000, "100.000 ₫" },
    { 999999, "999.999 ₫" }, { 1000000, "1.000.000 ₫" }, { 1250000, "1.250.000 ₫" },
    { G_GINT64_CONSTANT (6800000000), "6.800.000.000 ₫" },
    { G_MAXINT64, "9.223.372.036.854.775.807 ₫" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = ocop_money_format (cases[i].vnd);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_format_negative (void)
{
  static const struct { gint64 vnd; const char *text; } cases[] = {
    { -1, "-1 ₫" }, { -999, "-999 ₫" }, { -1000, "-1.000 ₫" }, { -50000, "-50.000 ₫" },
    { -G_MAXINT64, "-9.223.372.036.854.775.807 ₫" },
    /* Its magnitude does not fit a gint64: negating it naively overflows. */
    { G_MININT64, "-9.223.372.036.854.775.808 ₫" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = ocop_money_format (cases[i].vnd);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_format_plain (void)
{
  static const struct { gint64 vnd; const char *text; } cases[] = {
    { 0, "0" }, { 999, "999" }, { 1000, "1.000" }, { 1250000, "1.250.000" }, { -50000, "-50.000" },
    { G_MININT64, "-9.223.372.036.854.775.808" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = ocop_money_format_plain (cases[i].vnd);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_parse_accepts (void)
{
  static const struct { const char *text; gint64 vnd; } cases[] = {
    /* Plain and grouped digits. */
    { "0", 0 }, { "7", 7 }, { "999", 999 }, { "1000", 1000 }, { "1250000", 1250000 },
    { "007", 7 }, { "1.000", 1000 }, { "1.250.000", 1250000 }, { "12.500", 12500 },
    { "125.000", 125000 }, { "1 250 000", 1250000 }, { "1" NBSP "250" NBSP "000", 1250000 },
    { "1" NNBSP "250" NNBSP "000", 1250000 },
    /* White space around. */
    { "  250.000  ", 250000 }, { "\t250000\n", 250000 }, { NBSP "250.000" NBSP, 250000 },
    /* Every suffix, in any case, with or without a space before it. */
    { "250.000 ₫", 250000 }, { "250.000₫", 250000 }, { "250.000" NBSP "₫", 250000 },
    { "250000đ", 250000 }, { "250000 Đ", 250000 }, { "250000d", 250000 }, { "250000 D", 250000 },
    { "250.000 VND", 250000 }, { "250.000vnd", 250000 }, { "250.000 Vnd", 250000 },
    { "250000 VNĐ", 250000 }, { "250000 vnđ", 250000 }, { "1 250 000 ₫ ", 1250000 },
    /* The largest amount, plain and grouped. */
    { "9223372036854775807", G_MAXINT64 }, { "9.223.372.036.854.775.807", G_MAXINT64 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 vnd = -1;

      g_test_message ("parsing '%s'", cases[i].text);
      g_assert_true (ocop_money_parse (cases[i].text, &vnd, &error));
      g_assert_no_error (error);
      g_assert_cmpint (vnd, ==, cases[i].vnd);
    }
}

typedef struct {
  const char *text;
  const char *quoted;   /* what the message must quote, NULL for none */
} Refusal;

/* Every case must fail with @code, quote the text and leave the output
 * alone; it must also fail the same way without a GError to fill. */
static void
assert_refused (const Refusal *cases,
                gsize          n_cases,
                OcopMoneyError code)
{
  for (gsize i = 0; i < n_cases; i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 vnd = 42;

      g_test_message ("parsing '%s'", cases[i].text ? cases[i].text : "(null)");
      g_assert_false (ocop_money_parse (cases[i].text, &vnd, &error));
      g_assert_error (error, OCOP_MONEY_ERROR, (int) code);
      g_assert_cmpint (vnd, ==, 42);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      if (cases[i].quoted != NULL)
        {
          g_autofree char *quoted = g_strdup_printf ("'%s'", cases[i].quoted);

          g_assert_nonnull (strstr (error->message, quoted));
        }
      g_assert_false (ocop_money_parse (cases[i].text, &vnd, NULL));
      g_assert_cmpint (vnd, ==, 42);
    }
}

static void
test_parse_empty (void)
{
  static const Refusal cases[] = {
    { NULL, NULL }, { "", NULL }, { "   ", NULL }, { "\t\n", NULL }, { NBSP, NULL },
    { "₫", NULL }, { "  ₫", NULL }, { " VND ", NULL }, { "đ", NULL },
  };

  assert_refused (cases, G_N_ELEMENTS (cases), OCOP_MONEY_ERROR_EMPTY);
}

static void
test_parse_fraction (void)
{
  static const Refusal cases[] = {
    /* A ',' decimal part, the Vietnamese way. */
    { "12.500,50", "12.500,50" }, { "12500,5", "12500,5" }, { "1,5", "1,5" }, { "12500,50", "12500,50" },
    { "1.250,000", "1.250,000" }, { "1 250,5", "1 250,5" }, { " 12.500,50 ₫ ", "12.500,50 ₫" },
    /* A '.' followed by one or two digits at the end. */
    { "12.5", "12.5" }, { "1.25", "1.25" }, { "12500.00", "12500.00" }, { "1.250.50", "1.250.50" },
    { "1,250,000.00", "1,250,000.00" }, { "99.9 VND", "99.9 VND" },
  };

  assert_refused (cases, G_N_ELEMENTS (cases), OCOP_MONEY_ERROR_FRACTION);
}

static void
test_parse_ambiguous (void)
{
  static const Refusal cases[] = {
    /* English thousands: 1250 or 1,25? */
    { "1,250", "1,250" }, { "1,250,000", "1,250,000" }, { "250,000 ₫", "250,000 ₫" },
    /* Groups that are not three digits. */
    { "1.2500", "1.2500" }, { "12.50.000", "12.50.000" }, { "1250.000", "1250.000" },
    { "1.250.0000", "1.250.0000" }, { "12 50", "12 50" }, { "1 2500", "1 2500" },
    { "0.500", "0.500" }, { "0 250", "0 250" },
    /* Mixed separators. */
    { "1.250 000", "1.250 000" }, { "1 250.000", "1 250.000" }, { "1,250.000", "1,250.000" },
    { "1,250 000", "1,250 000" }, { "1,2,3", "1,2,3" }, { "1,25,000", "1,25,000" },
  };

  assert_refused (cases, G_N_ELEMENTS (cases), OCOP_MONEY_ERROR_AMBIGUOUS);
}

static void
test_parse_ambiguous_message (void)
{
  g_autoptr(GError) error = NULL;

  /* The refusal must tell how to write it instead. */
  g_assert_false (ocop_money_parse ("1,250,000", NULL, &error));
  g_assert_nonnull (strstr (error->message, "'.'"));
  g_assert_nonnull (strstr (error->message, "1.250.000"));
}

static void
test_parse_negative (void)
{
  static const Refusal cases[] = {
    { "-50000", "-50000" }, { "-50.000 ₫", "-50.000 ₫" }, { "- 50.000", "- 50.000" },
    { "\xe2\x88\x92" "50.000", "\xe2\x88\x92" "50.000" },   /* U+2212 minus sign */
    { "-0", "-0" }, { "-1,5", "-1,5" }, { "-9223372036854775809", "-9223372036854775809" },
  };

  assert_refused (cases, G_N_ELEMENTS (cases), OCOP_MONEY_ERROR_NEGATIVE);
}

static void
test_parse_invalid (void)
{
  static const Refusal cases[] = {
    /* Signs other than '-'. */
    { "+50000", "+50000" }, { "+", "+" }, { "-", "-" },
    /* Letters and other characters. */
    { "50k", "50k" }, { "năm mươi", "năm mươi" }, { "0x10", "0x10" }, { "1e6", "1e6" },
    { "abc", "abc" }, { "-abc", "-abc" }, { "12.5a", "12.5a" }, { "₫250000", "₫250000" },
    { "VND 250.000", "VND 250.000" }, { "250.000 ₫₫", "250.000 ₫₫" }, { "250 000 USD", "250 000 USD" },
    { "1_000", "1_000" }, { "1'000", "1'000" }, { "１２３", "１２３" }, { "12\t500", "12\t500" },
    /* Separators at an end or next to each other. */
    { ".500", ".500" }, { ",5", ",5" }, { "1.250.", "1.250." }, { "1..250", "1..250" },
    { "1.,250", "1.,250" }, { "1. 250", "1. 250" }, { "250.000.đ", "250.000.đ" },
  };

  assert_refused (cases, G_N_ELEMENTS (cases), OCOP_MONEY_ERROR_INVALID);
}

static void
test_parse_invalid_utf8 (void)
{
  g_autoptr(GError) error = NULL;
  gint64 vnd = 42;

  g_assert_false (ocop_money_parse ("12\xff" "500", &vnd, &error));
  g_assert_error (error, OCOP_MONEY_ERROR, OCOP_MONEY_ERROR_INVALID);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_cmpint (vnd, ==, 42);
}

static void
test_parse_overflow (void)
{
  static const Refusal cases[] = {
    { "9223372036854775808", "9223372036854775808" },
    { "9.223.372.036.854.775.808", "9.223.372.036.854.775.808" },
    { "18446744073709551616", "18446744073709551616" },   /* 2^64: must not wrap to 0 */
    { "99999999999999999999999", "99999999999999999999999" },
    { "10.000.000.000.000.000.000 ₫", "10.000.000.000.000.000.000 ₫" },
  };

  assert_refused (cases, G_N_ELEMENTS (cases), OCOP_MONEY_ERROR_OVERFLOW);
}

/* Formats @vnd, and checks that every spelling a spreadsheet might make of
 * it reads back as @vnd. */
static void
assert_round_trip (gint64 vnd)
{
  g_autofree char *text = ocop_money_format (vnd);
  g_autofree char *plain = ocop_money_format_plain (vnd);
  g_auto(GStrv) groups = g_strsplit (plain, ".", -1);
  g_autofree char *spaced = g_strjoinv (" ", groups);
  g_autofree char *nbsp = g_strjoinv (NBSP, groups);
  g_autofree char *bare = g_strjoinv ("", groups);
  g_autofree char *with_vnd = g_strconcat (plain, " VND", NULL);
  const char *spellings[] = { text, plain, spaced, nbsp, bare, with_vnd };

  for (guint i = 0; i < G_N_ELEMENTS (spellings); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 back = -1;

      if (!ocop_money_parse (spellings[i], &back, &error))
        g_error ("'%s' (from %" G_GINT64_FORMAT ") did not parse: %s", spellings[i], vnd, error->message);
      g_assert_cmpint (back, ==, vnd);
    }
}

static void
test_round_trip (void)
{
  static const gint64 fixed[] = {
    0, 1, 9, 10, 99, 100, 999, 1000, 1001, 9999, 10000, 99999, 100000, 999999, 1000000,
    1250000, G_GINT64_CONSTANT (1000000000000), G_MAXINT64 - 1, G_MAXINT64,
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    assert_round_trip (fixed[i]);
  /* Every power of ten and one less: the edges of each grouping. */
  for (gint64 p = 10; ; p *= 10)
    {
      assert_round_trip (p - 1);
      assert_round_trip (p);
      if (p > G_MAXINT64 / 10)
        break;
    }
  /* Random amounts of every magnitude, from a few đồng to G_MAXINT64. */
  for (int i = 0; i < 5000; i++)
    {
      guint64 bits = ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);

      assert_round_trip ((gint64) ((bits & G_MAXINT64) >> g_rand_int_range (rand, 0, 63)));
    }
}

static void
test_round_trip_negative (void)
{
  static const gint64 amounts[] = { -1, -1000, -1250000, G_MININT64 };

  /* A refund is formatted with its sign, and never read back as an amount. */
  for (guint i = 0; i < G_N_ELEMENTS (amounts); i++)
    {
      g_autofree char *text = ocop_money_format (amounts[i]);
      g_autoptr(GError) error = NULL;

      g_assert_false (ocop_money_parse (text, NULL, &error));
      g_assert_error (error, OCOP_MONEY_ERROR, OCOP_MONEY_ERROR_NEGATIVE);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/money/format/grouping", test_format_grouping);
  g_test_add_func ("/money/format/negative", test_format_negative);
  g_test_add_func ("/money/format/plain", test_format_plain);
  g_test_add_func ("/money/parse/accepts", test_parse_accepts);
  g_test_add_func ("/money/parse/empty", test_parse_empty);
  g_test_add_func ("/money/parse/fraction", test_parse_fraction);
  g_test_add_func ("/money/parse/ambiguous", test_parse_ambiguous);
  g_test_add_func ("/money/parse/ambiguous-message", test_parse_ambiguous_message);
  g_test_add_func ("/money/parse/negative", test_parse_negative);
  g_test_add_func ("/money/parse/invalid", test_parse_invalid);
  g_test_add_func ("/money/parse/invalid-utf8", test_parse_invalid_utf8);
  g_test_add_func ("/money/parse/overflow", test_parse_overflow);
  g_test_add_func ("/money/round-trip/amounts", test_round_trip);
  g_test_add_func ("/money/round-trip/negative", test_round_trip_negative);
  return g_test_run ();
}
