/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-tender.c: the cash amounts the payment dialog suggests for a total,
 * and a typed amount regrouped with its caret where the cashier left it. */

#include "ocop-money.h"
#include "ocop-tender.h"

/* The exact total first, then the next round amounts in notes above it;
 * a total that is already round is not suggested twice, and no amount
 * repeats when two notes round to the same figure. */
static void
test_fast_cash_table (void)
{
  static const struct { gint64 total; gint64 expected[OCOP_TENDER_MAX_SUGGESTIONS]; } cases[] = {
    { 135000, { 135000, 140000, 150000, 200000, 500000 } },
    { 650000, { 650000, 660000, 700000, 800000, 1000000 } },
    /* 60.000 in 20.000 notes comes before 100.000, after 50.000. */
    { 47500, { 47500, 50000, 60000, 100000, 200000 } },
    { 1234567, { 1234567, 1240000, 1250000, 1300000, 1400000 } },
    { 3000, { 3000, 10000, 20000, 50000, 100000 } },
    /* 500.000 ₫ is also three 200.000 ₫ notes. */
    { 500000, { 500000, 600000 } },
    { 200000, { 200000, 500000 } },
    { 120000, { 120000, 150000, 200000, 500000 } },
    { 1000000, { 1000000 } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 out[OCOP_TENDER_MAX_SUGGESTIONS] = { 0 };
      guint n_expected = 0;
      guint n = ocop_tender_fast_cash (cases[i].total, out, G_N_ELEMENTS (out));

      while (n_expected < G_N_ELEMENTS (cases[i].expected) && cases[i].expected[n_expected] != 0)
        n_expected++;
      g_assert_cmpmem (out, n * sizeof (gint64), cases[i].expected, n_expected * sizeof (gint64));
    }
}

/* Nothing to suggest for nothing due; never more than asked for; no
 * overflow near the largest amount. */
static void
test_fast_cash_bounds (void)
{
  gint64 out[OCOP_TENDER_MAX_SUGGESTIONS] = { 0 };
  static const gint64 t135k[] = { 135000, 140000 };

  g_assert_cmpuint (ocop_tender_fast_cash (0, out, G_N_ELEMENTS (out)), ==, 0);
  g_assert_cmpuint (ocop_tender_fast_cash (-5000, out, G_N_ELEMENTS (out)), ==, 0);
  g_assert_cmpuint (ocop_tender_fast_cash (135000, out, 0), ==, 0);
  g_assert_cmpuint (ocop_tender_fast_cash (135000, out, 2), ==, 2);
  g_assert_cmpmem (out, 2 * sizeof (gint64), t135k, sizeof t135k);
  g_assert_cmpuint (ocop_tender_fast_cash (G_MAXINT64 - 5, out, G_N_ELEMENTS (out)), ==, 1);
  g_assert_cmpint (out[0], ==, G_MAXINT64 - 5);
}

/* Every suggestion covers the total and parses back as what it shows. */
static void
test_fast_cash_covers_total (void)
{
  for (gint64 total = 1000; total < 2000000; total += 7919)
    {
      gint64 out[OCOP_TENDER_MAX_SUGGESTIONS];
      guint n = ocop_tender_fast_cash (total, out, G_N_ELEMENTS (out));

      g_assert_cmpuint (n, >=, 1);
      g_assert_cmpint (out[0], ==, total);
      for (guint i = 1; i < n; i++)
        {
          g_autofree char *shown = ocop_money_format_plain (out[i]);
          gint64 parsed = 0;

          g_assert_cmpint (out[i], >, out[i - 1]);
          g_assert_cmpint (out[i] % 10000, ==, 0);
          g_assert_true (ocop_money_parse (shown, &parsed, NULL));
          g_assert_cmpint (parsed, ==, out[i]);
        }
    }
}

/* Digits typed at the end are grouped by thousands, caret at the end; a
 * digit typed or deleted in the middle keeps the caret after the same
 * digits, whatever dots moved around it. */
static void
test_regroup (void)
{
  static const struct { const char *text; int cursor; const char *expected; int expected_cursor; } cases[] = {
    { "", 0, "", 0 },
    { "5", 1, "5", 1 },
    { "5000", 4, "5.000", 5 },
    { "5.0000", 6, "50.000", 6 },
    { "500.0000", 8, "5.000.000", 9 },
    { "1.250.000", 9, "1.250.000", 9 },
    /* "15|0.000" → typing 2 gives "152|0.000" → "1.52|0.000". */
    { "1520.000", 3, "1.520.000", 4 },
    /* Deleting the 5 of "1.5|00.000" leaves "1.|00.000" → "1|00.000". */
    { "1.00.000", 2, "100.000", 1 },
    { "1.250.000", 0, "1.250.000", 0 },
    /* Leading zeros go and take no caret position with them. */
    { "0050", 3, "50", 1 },
    { "0", 1, "0", 1 },
    { "00", 2, "0", 1 },
    /* Spaces, NBSP included, are grouping the cashier need not type. */
    { "1 250\xc2\xa0" "000", 11, "1.250.000", 9 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      int new_cursor = -1;
      g_autofree char *out = ocop_tender_regroup (cases[i].text, cases[i].cursor, &new_cursor);

      g_assert_cmpstr (out, ==, cases[i].expected);
      g_assert_cmpint (new_cursor, ==, cases[i].expected_cursor);
    }
}

/* Anything but an amount is left for the parser to explain. */
static void
test_regroup_refuses (void)
{
  int cursor = 0;

  g_assert_null (ocop_tender_regroup ("50k", 3, &cursor));
  g_assert_null (ocop_tender_regroup ("12,5", 4, &cursor));
  g_assert_null (ocop_tender_regroup ("-5000", 5, &cursor));
  g_assert_null (ocop_tender_regroup ("1234567890123456789", 19, &cursor));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/tender/fast-cash/table", test_fast_cash_table);
  g_test_add_func ("/tender/fast-cash/bounds", test_fast_cash_bounds);
  g_test_add_func ("/tender/fast-cash/covers-total", test_fast_cash_covers_total);
  g_test_add_func ("/tender/regroup/caret", test_regroup);
  g_test_add_func ("/tender/regroup/refuses", test_regroup_refuses);
  return g_test_run ();
}
