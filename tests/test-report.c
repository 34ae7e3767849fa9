/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-report.c: day, Z and fair reports: void and refund semantics, and
 * the tallies they read agreeing with a full scan of the journal after a
 * long random day of sales, voids, refunds and visitors. */

#include "ocop-money.h"
#include "ocop-report.h"
#include "ocop-store-private.h"
#include "test-util.h"

static const OcopMethodTotal *
method_total (OcopDayReport     *report,
              OcopPaymentMethod  method)
{
  for (guint i = 0; i < report->by_method->len; i++)
    if (g_array_index (report->by_method, OcopMethodTotal, i).method == method)
      return &g_array_index (report->by_method, OcopMethodTotal, i);
  return NULL;
}

/* The row of @rows (OcopProductTotal or OcopCashierTotal, both keyed by
 * the string they start with) whose key is @key, or NULL. */
static gconstpointer
row_keyed (GPtrArray  *rows,
           const char *key)
{
  for (guint i = 0; i < rows->len; i++)
    if (g_str_equal (*(char **) rows->pdata[i], key))
      return rows->pdata[i];
  return NULL;
}

static const OcopProductTotal *
product_total (OcopDayReport *report,
               const char    *sku)
{
  return row_keyed (report->by_product, sku);
}

static void
test_void_semantics (void)
{
  g_autofree char *dir = test_util_make_dir ();
  g_autoptr(OcopStore) store = test_util_demo_store (dir);
  g_auto(GStrv) skus = test_util_demo_skus (store, 2);
  const char *a[] = { skus[0], NULL };
  const char *b[] = { skus[1], NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopSale) s1 = test_util_sell (store, a, 2, OCOP_PAYMENT_CASH);
  g_autoptr(OcopSale) s2 = test_util_sell (store, b, 1, OCOP_PAYMENT_TRANSFER);
  g_autoptr(OcopSale) s3 = test_util_sell (store, a, 1, OCOP_PAYMENT_TRANSFER);
  g_autoptr(OcopSale) v = ocop_store_void_sale (store, "#2", "nhầm hàng", NULL, test_util_approval (store), &error);
  g_autoptr(OcopSale) r = ocop_store_refund_sale (store, "#1", skus[0], 1, OCOP_PAYMENT_CASH, "vỡ", NULL, test_util_approval (store), &error);
  g_autoptr(OcopDayReport) report = ocop_report_day (store, NULL, NULL, &error);
  gint64 price_a = ocop_sale_get_line (s1, 0)->unit_price;
  gint64 gross = ocop_sale_get_total (s1) + ocop_sale_get_total (s2) + ocop_sale_get_total (s3);

  g_assert_no_error (error);
  /* Voided and refunded sales still count as sales; the reversals are
   * reported on their own lines and taken off the net. */
  g_assert_cmpint (report->sales_count, ==, 3);
  g_assert_cmpint (report->gross, ==, gross);
  g_assert_cmpint (report->void_count, ==, 1);
  g_assert_cmpint (report->void_amount, ==, ocop_sale_get_total (s2));
  g_assert_cmpint (report->refund_count, ==, 1);
  g_assert_cmpint (report->refund_amount, ==, price_a);
  g_assert_cmpint (report->net, ==, gross - ocop_sale_get_total (s2) - price_a);
  g_assert_cmpint (report->items, ==, 2 + 1 + 1 - 1 - 1);
  g_assert_cmpint (report->first_receipt, ==, 1);
  g_assert_cmpint (report->last_receipt, ==, 5);

  /* Cash: one sale, less the refund paid back in cash. Transfer: two
   * sales, one voided. */
  g_assert_cmpint (method_total (report, OCOP_PAYMENT_CASH)->amount, ==, 2 * price_a - price_a);
  g_assert_cmpint (method_total (report, OCOP_PAYMENT_CASH)->count, ==, 1);
  g_assert_cmpint (method_total (report, OCOP_PAYMENT_TRANSFER)->amount, ==, ocop_sale_get_total (s3));
  g_assert_cmpint (method_total (report, OCOP_PAYMENT_TRANSFER)->count, ==, 1);

  g_assert_cmpint (product_total (report, skus[0])->quantity, ==, 2);
  g_assert_cmpint (product_total (report, skus[0])->amount, ==, 2 * price_a);
  g_assert_null (product_total (report, skus[1]));   /* sold and voided: nothing left */

  g_assert_cmpuint (report->by_hour->len, ==, 1);
  g_assert_cmpint (g_array_index (report->by_hour, OcopHourTotal, 0).hour, ==, 9);
  g_assert_cmpint (g_array_index (report->by_hour, OcopHourTotal, 0).amount, ==, report->net);
  test_util_remove_dir (dir);
}

static const OcopCashierTotal *
cashier_total (OcopDayReport *report,
               const char    *cashier)
{
  return row_keyed (report->by_cashier, cashier);
}

/* Each sale keeps who rang it up; the per-cashier figures add up to the
 * day's, a void counts against whoever gave the money back, and they
 * survive the Z report's JSON. */
static void
test_by_cashier (void)
{
  g_autofree char *dir = test_util_make_dir ();
  g_autoptr(OcopStore) store = test_util_demo_store (dir);
  g_auto(GStrv) skus = test_util_demo_skus (store, 2);
  const char *a[] = { skus[0], NULL };
  const char *b[] = { skus[1], NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopSale) s1 = test_util_sell_as (store, a, 2, OCOP_PAYMENT_CASH, "Lan");
  g_autoptr(OcopSale) s2 = test_util_sell_as (store, b, 1, OCOP_PAYMENT_TRANSFER, "Lan");
  g_autoptr(OcopSale) s3 = test_util_sell_as (store, a, 1, OCOP_PAYMENT_CASH, "Hùng");
  g_autoptr(OcopSale) s4 = test_util_sell (store, b, 1, OCOP_PAYMENT_CASH);
  g_autoptr(OcopSale) v = ocop_store_void_sale (store, "#1", "nhầm hàng", "Hùng", test_util_approval (store), &error);
  g_autoptr(OcopSale) stored = ocop_store_load_sale (store, "#2", &error);
  g_autoptr(OcopDayReport) report = ocop_report_day (store, NULL, NULL, &error);
  g_autoptr(OcopDayReport) back = NULL;
  g_autofree char *json = NULL, *text = NULL;
  const OcopCashierTotal *lan, *hung, *nobody;
  gint64 sales = 0, net = 0, cash = 0;

  g_assert_no_error (error);
  g_assert_cmpstr (ocop_sale_get_cashier (stored), ==, "Lan");
  g_assert_cmpuint (report->by_cashier->len, ==, 3);
  lan = cashier_total (report, "Lan");
  hung = cashier_total (report, "Hùng");
  nobody = cashier_total (report, "");
  g_assert_cmpint (lan->sales_count, ==, 2);
  g_assert_cmpint (lan->gross, ==, ocop_sale_get_total (s1) + ocop_sale_get_total (s2));
  g_assert_cmpint (lan->net, ==, lan->gross);
  g_assert_cmpint (lan->cash, ==, ocop_sale_get_total (s1));
  g_assert_cmpint (hung->sales_count, ==, 1);
  g_assert_cmpint (hung->returned, ==, ocop_sale_get_total (s1));
  g_assert_cmpint (hung->net, ==, ocop_sale_get_total (s3) - ocop_sale_get_total (s1));
  g_assert_cmpint (hung->cash, ==, hung->net);
  g_assert_cmpint (nobody->net, ==, ocop_sale_get_total (s4));
  for (guint i = 0; i < report->by_cashier->len; i++)
    {
      const OcopCashierTotal *c = report->by_cashier->pdata[i];

      sales += c->sales_count;
      net += c->net;
      cash += c->cash;
    }
  g_assert_cmpint (sales, ==, report->sales_count);
  g_assert_cmpint (net, ==, report->net);
  g_assert_cmpint (cash, ==, ocop_day_report_cash (report));

  text = ocop_day_report_to_text (report, TRUE);
  g_assert_nonnull (strstr (text, "Lan"));
  g_assert_nonnull (strstr (text, "Hùng"));
  json = ocop_day_report_to_json (report);
  back = ocop_day_report_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->by_cashier->len, ==, 3);
  g_assert_cmpint (cashier_total (back, "Hùng")->net, ==, hung->net);
  g_assert_cmpint (cashier_total (back, "Lan")->cash, ==, lan->cash);
  test_util_remove_dir (dir);
}

static void
test_empty_day (void)
{
  g_autofree char *dir = test_util_make_dir ();
  g_autoptr(OcopStore) store = test_util_demo_store (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopDayReport) report = ocop_report_day (store, NULL, "2024-12-13", &error);
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (report->sales_count, ==, 0);
  g_assert_cmpint (report->net, ==, 0);
  g_assert_null (report->state);
  text = ocop_day_report_to_text (report, FALSE);
  g_assert_nonnull (strstr (text, "0 ₫"));
  test_util_remove_dir (dir);
}

/* ---- tallies against a full scan ---- */

static gint64
scan_int (OcopStore  *store,
          const char *sql,
          const char *booth,
          const char *day,
          const char *extra)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = 0;

  g_assert_cmpint (sqlite3_prepare_v2 (ocop_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, booth, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, day, -1, SQLITE_STATIC);
  if (extra != NULL)
    sqlite3_bind_text (stmt, 3, extra, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static void
assert_report_matches_scan (OcopStore  *store,
                            const char *booth,
                            const char *day)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopDayReport) report = ocop_report_day (store, booth, day, &error);
  gint64 net_by_methods = 0, net_by_hours = 0;

  g_assert_no_error (error);
#define SCAN(sql) scan_int (store, sql, booth, day, NULL)
  g_assert_cmpint (report->sales_count, ==, SCAN ("SELECT count (*) FROM sale WHERE booth_code = ?1 AND business_day = ?2 AND kind = 'sale'"));
  g_assert_cmpint (report->gross, ==, SCAN ("SELECT coalesce (sum (total), 0) FROM sale WHERE booth_code = ?1 AND business_day = ?2 AND kind = 'sale'"));
  g_assert_cmpint (report->void_count, ==, SCAN ("SELECT count (*) FROM sale WHERE booth_code = ?1 AND business_day = ?2 AND kind = 'void'"));
  g_assert_cmpint (report->void_amount, ==, SCAN ("SELECT coalesce (-sum (total), 0) FROM sale WHERE booth_code = ?1 AND business_day = ?2 AND kind = 'void'"));
  g_assert_cmpint (report->refund_count, ==, SCAN ("SELECT count (*) FROM sale WHERE booth_code = ?1 AND business_day = ?2 AND kind = 'refund'"));
  g_assert_cmpint (report->refund_amount, ==, SCAN ("SELECT coalesce (-sum (total), 0) FROM sale WHERE booth_code = ?1 AND business_day = ?2 AND kind = 'refund'"));
  g_assert_cmpint (report->net, ==, SCAN ("SELECT coalesce (sum (total), 0) FROM sale WHERE booth_code = ?1 AND business_day = ?2"));
  g_assert_cmpint (report->items, ==, SCAN ("SELECT coalesce (sum (CASE WHEN measured THEN sign (quantity) ELSE quantity END), 0)"
                                             " FROM sale_line l JOIN sale s ON s.id = l.sale_id WHERE booth_code = ?1 AND business_day = ?2"));
  g_assert_cmpint (report->discounts, ==,
                   SCAN ("SELECT coalesce (sum (order_discount), 0) FROM sale WHERE booth_code = ?1 AND business_day = ?2") +
                   SCAN ("SELECT coalesce (sum (discount), 0) FROM sale_line l JOIN sale s ON s.id = l.sale_id WHERE booth_code = ?1 AND business_day = ?2"));
  for (guint i = 0; i < report->by_method->len; i++)
    {
      const OcopMethodTotal *m = &g_array_index (report->by_method, OcopMethodTotal, i);

      g_assert_cmpint (m->amount, ==, scan_int (store, "SELECT coalesce (sum (amount), 0) FROM payment p JOIN sale s ON s.id = p.sale_id WHERE booth_code = ?1 AND business_day = ?2 AND method = ?3",
                                                booth, day, ocop_payment_method_to_string (m->method)));
      net_by_methods += m->amount;
    }
  g_assert_cmpint (net_by_methods, ==, report->net);
  for (guint i = 0; i < report->by_product->len; i++)
    {
      const OcopProductTotal *p = report->by_product->pdata[i];

      g_assert_cmpint (p->quantity, ==, scan_int (store, "SELECT sum (quantity) FROM sale_line l JOIN sale s ON s.id = l.sale_id WHERE booth_code = ?1 AND business_day = ?2 AND sku = ?3", booth, day, p->sku));
      g_assert_cmpint (p->amount, ==, scan_int (store, "SELECT sum (coalesce (amount, quantity * unit_price) - discount) FROM sale_line l JOIN sale s ON s.id = l.sale_id WHERE booth_code = ?1 AND business_day = ?2 AND sku = ?3", booth, day, p->sku));
    }
  for (guint i = 0; i < report->by_hour->len; i++)
    net_by_hours += g_array_index (report->by_hour, OcopHourTotal, i).amount;
  g_assert_cmpint (net_by_hours, ==, report->net);
#undef SCAN
}

static void
random_sale (OcopStore *store,
             GStrv      skus,
             GRand     *rand)
{
  g_autoptr(OcopSale) sale = ocop_sale_new ();
  g_autoptr(GError) error = NULL;
  guint n_skus = g_strv_length (skus);
  int lines = g_rand_int_range (rand, 1, 5);

  for (int i = 0; i < lines; i++)
    {
      g_autoptr(OcopProduct) p = ocop_store_find_sku (store, skus[g_rand_int_range (rand, 0, n_skus)], NULL);
      ocop_sale_add_product (sale, p, g_rand_int_range (rand, 1, 6), &error);
      g_assert_no_error (error);
    }
  if (g_rand_boolean (rand))
    ocop_sale_set_line_discount (sale, 0, g_rand_int_range (rand, 0, 5) * 1000, &error);
  if (g_rand_int_range (rand, 0, 4) == 0)
    ocop_sale_set_order_discount (sale, MIN (5000, ocop_sale_get_subtotal (sale)), &error);
  g_assert_no_error (error);
  switch (g_rand_int_range (rand, 0, 3))
    {
    case 0:
      ocop_sale_add_payment (sale, OCOP_PAYMENT_CASH, -1, (ocop_sale_get_total (sale) / 500000 + 1) * 500000, &error);
      break;
    case 1:
      ocop_sale_add_payment (sale, OCOP_PAYMENT_TRANSFER, -1, 0, &error);
      break;
    default:
      ocop_sale_add_payment (sale, OCOP_PAYMENT_TRANSFER, ocop_sale_get_total (sale) / 2, 0, &error);
      ocop_sale_add_payment (sale, OCOP_PAYMENT_CASH, -1, 0, &error);
      break;
    }
  g_assert_no_error (error);
  ocop_store_commit_sale (store, sale, &error);
  g_assert_no_error (error);
}

/* Voids or refunds a random earlier sale; returns the kind of the reversal
 * recorded ("void", "refund"), or NULL when the store refused it. */
static const char *
random_reversal (OcopStore *store,
                 GRand     *rand)
{
  gint64 last = test_util_query_int (store, "SELECT coalesce (max (receipt_no), 0) FROM sale");
  g_autofree char *ref = NULL;
  g_autoptr(OcopSale) target = NULL;
  g_autoptr(OcopSale) done = NULL;
  g_autoptr(GError) error = NULL;
  gboolean to_void = g_rand_boolean (rand);

  if (last == 0)
    return NULL;   /* nothing to reverse yet */
  ref = g_strdup_printf ("#%d", g_rand_int_range (rand, 1, (int) last + 1));
  if (!(target = ocop_store_load_sale (store, ref, NULL)))
    return NULL;
  /* Expected refusals (already voided, closed day…) are fine, each with its
   * reason: the journal must simply stay consistent. */
  if (to_void)
    done = ocop_store_void_sale (store, ref, "test", NULL, test_util_approval (store), &error);
  else
    done = ocop_store_refund_sale (store, ref, ocop_sale_get_line (target, 0)->sku,
                                   g_rand_int_range (rand, 1, 3), OCOP_PAYMENT_CASH, "test", NULL, test_util_approval (store), &error);
  if (done == NULL)
    {
      g_assert_nonnull (error);
      return NULL;
    }
  g_assert_no_error (error);
  return to_void ? "void" : "refund";
}

static void
test_tallies_match_journal (void)
{
  g_autofree char *dir = test_util_make_dir ();
  g_autoptr(OcopStore) store = test_util_demo_store (dir);
  g_auto(GStrv) skus = test_util_demo_skus (store, 12);
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  gint64 now = TEST_FAIR_MORNING_US;
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopFairReport) fair = NULL;
  const char *days[] = { "2024-12-11", "2024-12-12" };
  gint64 net = 0, voids = 0, refunds = 0;

  for (int i = 0; i < 400; i++)
    {
      if (i == 150)
        ocop_store_set_current_booth (store, "QN-02", &error);
      if (i == 200)
        {
          g_free (ocop_store_close_day (store, "2024-12-11", test_util_approval (store), 0, &error));
          g_assert_no_error (error);
          now = TEST_FAIR_MORNING_US + 24 * TEST_HOUR_US;
        }
      now += g_rand_int_range (rand, 1, 180) * G_USEC_PER_SEC;
      ocop_store_set_clock (store, now);
      if (g_rand_int_range (rand, 0, 5) == 0)
        {
          const char *kind = random_reversal (store, rand);

          voids += g_strcmp0 (kind, "void") == 0;
          refunds += g_strcmp0 (kind, "refund") == 0;
        }
      else
        random_sale (store, skus, rand);
      if (i % 50 == 0)
        ocop_store_add_visitors (store, "Cổng A", g_rand_int_range (rand, 1, 100), NULL, &error);
      g_assert_no_error (error);
    }

  for (guint d = 0; d < G_N_ELEMENTS (days); d++)
    {
      assert_report_matches_scan (store, "QN-01", days[d]);
      assert_report_matches_scan (store, "QN-02", days[d]);
    }
  /* The random days reversed sales both ways, so the reports above had
   * voids and refunds to count, and the journal holds each one recorded. */
  g_test_message ("%" G_GINT64_FORMAT " voids, %" G_GINT64_FORMAT " refunds", voids, refunds);
  g_assert_cmpint (voids, >, 0);
  g_assert_cmpint (refunds, >, 0);
  g_assert_cmpint (test_util_query_int (store, "SELECT count (*) FROM sale WHERE kind = 'void'"), ==, voids);
  g_assert_cmpint (test_util_query_int (store, "SELECT count (*) FROM sale WHERE kind = 'refund'"), ==, refunds);

  fair = ocop_report_fair (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < fair->by_day->len; i++)
    net += ((OcopFairRow *) fair->by_day->pdata[i])->net;
  g_assert_cmpint (fair->net, ==, test_util_query_int (store, "SELECT sum (total) FROM sale"));
  g_assert_cmpint (net, ==, fair->net);
  g_assert_cmpint (fair->visitors, ==, test_util_query_int (store, "SELECT sum (count) FROM visitor_count"));
  g_assert_cmpuint (fair->by_booth->len, ==, 2);
  g_assert_cmpuint (fair->by_day->len, ==, 2);
  test_util_remove_dir (dir);
}

static void
test_json_round_trip (void)
{
  g_autofree char *dir = test_util_make_dir ();
  g_autoptr(OcopStore) store = test_util_demo_store (dir);
  g_auto(GStrv) skus = test_util_demo_skus (store, 3);
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopDayReport) report = NULL;
  g_autoptr(OcopDayReport) back = NULL;
  g_autofree char *json = NULL;
  g_autofree char *again = NULL;
  g_autofree char *text = NULL;

  g_object_unref (test_util_sell (store, (const char * const *) skus, 2, OCOP_PAYMENT_CASH));
  ocop_store_add_visitors (store, "Cổng chính", 54000, NULL, &error);
  report = ocop_report_day (store, NULL, NULL, &error);
  g_assert_no_error (error);
  json = ocop_day_report_to_json (report);
  back = ocop_day_report_from_json (json, &error);
  g_assert_no_error (error);
  again = ocop_day_report_to_json (back);
  g_assert_cmpstr (again, ==, json);

  text = ocop_day_report_to_text (report, TRUE);
  g_assert_nonnull (strstr (text, "QN-01"));
  g_assert_nonnull (strstr (text, "54.000"));
  {
    g_autofree char *net = ocop_money_format (report->net);
    g_assert_nonnull (strstr (text, net));
    g_assert_nonnull (strstr (text, "Z report"));
  }
  test_util_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/report/day/void-and-refund", test_void_semantics);
  g_test_add_func ("/report/day/empty", test_empty_day);
  g_test_add_func ("/report/day/by-cashier", test_by_cashier);
  g_test_add_func ("/report/tallies-match-journal", test_tallies_match_journal);
  g_test_add_func ("/report/json-round-trip", test_json_round_trip);

  return g_test_run ();
}
