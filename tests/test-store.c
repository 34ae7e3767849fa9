/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-store.c: the store on a real SQLite file: set-up, durable settings,
 * recording sales, voids and refunds, business days, and failures (full
 * disk, read-only) that must leave nothing half written. */

#include <glib/gstdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <json-glib/json-glib.h>

#include "ocop-catalog.h"
#include "ocop-json.h"
#include "ocop-report.h"
#include "ocop-store-outbox.h"
#include "ocop-store-private.h"
#include "test-util.h"

typedef TestStoreFixture Fixture;

static const char * const *
one (Fixture *f,
     guint    i)
{
  static const char *list[2];

  list[0] = f->skus[i];
  list[1] = NULL;
  return list;
}

static void
test_open_pragmas (Fixture       *f,
                   gconstpointer  data)
{
  sqlite3 *db = ocop_store_get_db (f->store);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
  sqlite3_finalize (stmt);
  g_assert_cmpint (test_util_query_int (f->store, "PRAGMA synchronous"), ==, 2);   /* FULL */
  g_assert_cmpint (test_util_query_int (f->store, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (test_util_query_int (f->store, "PRAGMA user_version"), ==, OCOP_STORE_SCHEMA_VERSION);
  g_assert_true (g_uuid_string_is_valid (ocop_store_get_device_id (f->store)));
}

static void
test_open_reopen_keeps_identity (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *device = g_strdup (ocop_store_get_device_id (f->store));
  g_autofree char *path = g_strdup (ocop_store_get_path (f->store));
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopStore) again = NULL;
  g_autoptr(OcopBooth) booth = NULL;

  /* Closed for good (its connection with it) before the file opens again. */
  g_assert_finalize_object (g_steal_pointer (&f->store));
  again = ocop_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ocop_store_get_device_id (again), ==, device);
  booth = ocop_store_get_current_booth (again, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (booth->code, ==, "QN-01");
}

static void
test_not_set_up (void)
{
  g_autofree char *dir = test_util_make_dir ();
  g_autofree char *path = g_build_filename (dir, "sub", "folder", "ocop.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopStore) store = ocop_store_open (path, &error);
  g_autoptr(OcopSale) sale = ocop_sale_new ();
  g_autoptr(OcopBooth) booth = NULL;

  /* Missing folders are created. */
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  booth = ocop_store_get_current_booth (store, &error);
  g_assert_null (booth);
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_NOT_SET_UP);
  g_assert_nonnull (strstr (error->message, "ocop init"));
  g_clear_object (&store);
  test_util_remove_dir (dir);
}

static void
test_sale_commit (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopProduct) a = ocop_store_find_sku (f->store, f->skus[0], &error);
  g_autoptr(OcopProduct) b = ocop_store_find_sku (f->store, f->skus[1], &error);
  g_autoptr(OcopSale) sale = ocop_sale_new ();
  g_autoptr(OcopSale) loaded = NULL;
  gint64 total;

  g_assert_no_error (error);
  ocop_sale_add_product (sale, a, 2, &error);
  ocop_sale_add_product (sale, b, 1, &error);
  ocop_sale_add_product (sale, a, 1, &error);   /* merges into line 1 */
  g_assert_no_error (error);
  g_assert_cmpuint (ocop_sale_get_n_lines (sale), ==, 2);
  total = 3 * ocop_product_get_price (a) + ocop_product_get_price (b);
  g_assert_cmpint (ocop_sale_get_total (sale), ==, total);

  /* Underpaid: refused, nothing recorded. */
  ocop_sale_add_payment (sale, OCOP_PAYMENT_TRANSFER, total - 1000, 0, &error);
  g_assert_no_error (error);
  g_assert_false (ocop_store_commit_sale (f->store, sale, &error));
  g_assert_error (error, OCOP_SALE_ERROR, OCOP_SALE_ERROR_UNDERPAID);
  g_clear_error (&error);
  g_assert_cmpint (test_util_query_int (f->store, "SELECT count (*) FROM sale"), ==, 0);

  /* The rest in cash, with a 500.000 ₫ note. */
  ocop_sale_add_payment (sale, OCOP_PAYMENT_CASH, -1, 500000, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ocop_sale_get_change (sale), ==, 500000 - 1000);
  g_assert_true (ocop_store_commit_sale (f->store, sale, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ocop_sale_get_receipt_no (sale), ==, 1);
  g_assert_true (g_uuid_string_is_valid (ocop_sale_get_uuid (sale)));
  g_assert_cmpstr (ocop_sale_get_business_day (sale), ==, "2024-12-11");
  g_assert_cmpstr (ocop_sale_get_booth (sale), ==, "QN-01");

  /* A committed sale cannot change. */
  g_assert_false (ocop_sale_add_product (sale, a, 1, &error));
  g_assert_error (error, OCOP_SALE_ERROR, OCOP_SALE_ERROR_COMMITTED);
  g_clear_error (&error);

  loaded = ocop_store_load_sale (f->store, "#1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ocop_sale_get_uuid (loaded), ==, ocop_sale_get_uuid (sale));
  g_assert_cmpint (ocop_sale_get_total (loaded), ==, total);
  g_assert_cmpuint (ocop_sale_get_n_lines (loaded), ==, 2);
  g_assert_cmpint (ocop_sale_get_line (loaded, 0)->quantity, ==, 3);
  g_assert_cmpuint (ocop_sale_get_n_payments (loaded), ==, 2);
  g_assert_cmpint (ocop_sale_get_payment (loaded, 1)->tendered, ==, 500000);
  g_assert_cmpint (ocop_sale_get_payment (loaded, 1)->change, ==, 499000);
  g_clear_object (&loaded);

  /* By a prefix of its id, too. */
  {
    g_autofree char *prefix = g_strndup (ocop_sale_get_uuid (sale), 8);
    loaded = ocop_store_load_sale (f->store, prefix, &error);
    g_assert_no_error (error);
    g_assert_cmpint (ocop_sale_get_receipt_no (loaded), ==, 1);
  }

  /* day_open and the sale, in order, with no gaps. */
  g_assert_cmpint (ocop_store_outbox_last_seq (f->store), ==, 2);
  g_assert_cmpint (ocop_store_outbox_pending (f->store), ==, 2);
  g_assert_cmpint (test_util_query_int (f->store, "SELECT count (*) FROM outbox WHERE kind = 'sale'"), ==, 1);
}

static void
test_sale_id_of_digits (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopSale) by_prefix = NULL;
  g_autoptr(OcopSale) by_receipt = NULL;

  /* A sale whose id begins with eight digits, as one in fifty do. */
  g_assert_cmpint (sqlite3_exec (ocop_store_get_db (f->store),
    "INSERT INTO booth VALUES ('QN-01', 'x', NULL, 1) ON CONFLICT DO NOTHING;"
    "INSERT INTO sale (uuid, booth_code, receipt_no, kind, business_day, created_us, subtotal,"
    " order_discount, total, line_count, payment_count)"
    " VALUES ('71917475-0000-4000-8000-000000000001', 'QN-01', 1, 'sale', '2024-12-11', 1733882400000000,"
    " 0, 0, 0, 0, 0)", NULL, NULL, NULL), ==, SQLITE_OK);

  by_prefix = ocop_store_load_sale (f->store, "71917475", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ocop_sale_get_uuid (by_prefix), ==, "71917475-0000-4000-8000-000000000001");
  /* A receipt number that exists still wins. */
  by_receipt = ocop_store_load_sale (f->store, "1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (ocop_sale_get_receipt_no (by_receipt), ==, 1);
  g_assert_null (ocop_store_load_sale (f->store, "#71917475", &error));
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_NOT_FOUND);
}

static void
test_sale_receipt_numbers (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  for (int i = 1; i <= 20; i++)
    {
      g_autoptr(OcopSale) sale = test_util_sell (f->store, one (f, i % 4), 1, OCOP_PAYMENT_CASH);
      g_assert_cmpint (ocop_sale_get_receipt_no (sale), ==, i);
      /* A failed sale in between takes no number. */
      {
        g_autoptr(OcopSale) empty = ocop_sale_new ();
        g_assert_false (ocop_store_commit_sale (f->store, empty, &error));
        g_assert_error (error, OCOP_SALE_ERROR, OCOP_SALE_ERROR_EMPTY);
        g_clear_error (&error);
      }
    }
  g_assert_cmpint (test_util_query_int (f->store, "SELECT max (receipt_no) - min (receipt_no) + 1 - count (*) FROM sale"), ==, 0);
  g_assert_cmpint (test_util_query_int (f->store, "SELECT max (seq) - count (*) FROM outbox"), ==, 0);
}

static void
test_sale_two_handles (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopStore) other = ocop_store_open (ocop_store_get_path (f->store), &error);

  /* The till and `ocop` on one file: numbers stay unique and gapless. */
  g_assert_no_error (error);
  ocop_store_set_clock (other, TEST_FAIR_MORNING_US);
  for (int i = 0; i < 10; i++)
    {
      g_autoptr(OcopSale) s1 = test_util_sell (f->store, one (f, 0), 1, OCOP_PAYMENT_CASH);
      g_autoptr(OcopSale) s2 = test_util_sell (other, one (f, 1), 1, OCOP_PAYMENT_TRANSFER);
      g_assert_cmpint (ocop_sale_get_receipt_no (s2), ==, ocop_sale_get_receipt_no (s1) + 1);
    }
  g_assert_cmpint (test_util_query_int (f->store, "SELECT count (DISTINCT receipt_no) FROM sale"), ==, 20);
  g_assert_cmpint (test_util_query_int (f->store, "SELECT max (receipt_no) FROM sale"), ==, 20);
}

static void
test_sale_immutable (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(OcopSale) sale = test_util_sell (f->store, one (f, 0), 1, OCOP_PAYMENT_CASH);
  sqlite3 *db = ocop_store_get_db (f->store);
  const char *attempts[] = {
    "UPDATE sale SET total = 1",
    "DELETE FROM sale",
    "UPDATE sale_line SET unit_price = 1",
    "DELETE FROM sale_line",
    "UPDATE payment SET amount = 1",
    "DELETE FROM payment",
    "DELETE FROM outbox",
  };

  for (guint i = 0; i < G_N_ELEMENTS (attempts); i++)
    {
      g_assert_cmpint (sqlite3_exec (db, attempts[i], NULL, NULL, NULL) & 0xff, ==, SQLITE_CONSTRAINT);
      g_assert_nonnull (strstr (sqlite3_errmsg (db), "never"));
    }
  g_assert_cmpint (test_util_query_int (f->store, "SELECT total FROM sale"), ==, ocop_sale_get_total (sale));
}

static void
test_sale_price_change (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopProduct) before = ocop_store_find_sku (f->store, f->skus[0], &error);
  g_autoptr(OcopSale) old_sale = test_util_sell (f->store, one (f, 0), 2, OCOP_PAYMENT_CASH);
  g_autoptr(GPtrArray) update = g_ptr_array_new_with_free_func (g_object_unref);
  OcopProductInfo info = *ocop_product_get_info (before);
  g_autoptr(OcopSale) reloaded = NULL;
  g_autoptr(OcopSale) new_sale = NULL;
  g_autoptr(OcopDayReport) report = NULL;
  gint64 old_price = info.price_vnd;

  info.price_vnd = old_price + 15000;
  info.name = "Tên mới";
  g_ptr_array_add (update, ocop_product_new (&info));
  ocop_store_import_products (f->store, update, &error);
  g_assert_no_error (error);

  reloaded = ocop_store_load_sale (f->store, ocop_sale_get_uuid (old_sale), &error);
  g_assert_no_error (error);
  g_assert_cmpint (ocop_sale_get_line (reloaded, 0)->unit_price, ==, old_price);
  g_assert_cmpstr (ocop_sale_get_line (reloaded, 0)->name, ==, ocop_product_get_name (before));
  g_assert_cmpint (ocop_sale_get_total (reloaded), ==, 2 * old_price);

  new_sale = test_util_sell (f->store, one (f, 0), 1, OCOP_PAYMENT_CASH);
  g_assert_cmpint (ocop_sale_get_total (new_sale), ==, old_price + 15000);
  report = ocop_report_day (f->store, NULL, "2024-12-11", &error);
  g_assert_no_error (error);
  g_assert_cmpint (report->gross, ==, 3 * old_price + 15000);
}

static void
test_sale_void (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopSale) sale = test_util_sell (f->store, one (f, 1), 3, OCOP_PAYMENT_TRANSFER);
  g_autoptr(OcopSale) reversal = NULL;
  g_autoptr(OcopSale) again = NULL;

  g_assert_null (ocop_store_void_sale (f->store, "#1", "  ", "Lan", test_util_approval (f->store), &error));
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID);
  g_clear_error (&error);

  reversal = ocop_store_void_sale (f->store, "#1", "khách đổi ý", "Lan", test_util_approval (f->store), &error);
  g_assert_no_error (error);
  g_assert_cmpint (ocop_sale_get_kind (reversal), ==, OCOP_SALE_KIND_VOID);
  g_assert_cmpint (ocop_sale_get_receipt_no (reversal), ==, 2);
  g_assert_cmpstr (ocop_sale_get_ref_uuid (reversal), ==, ocop_sale_get_uuid (sale));
  g_assert_cmpint (ocop_sale_get_total (reversal), ==, -ocop_sale_get_total (sale));
  g_assert_cmpint (ocop_sale_get_line (reversal, 0)->quantity, ==, -3);
  g_assert_cmpint (ocop_sale_get_payment (reversal, 0)->amount, ==, -ocop_sale_get_total (sale));

  /* The original is still there, untouched. */
  again = ocop_store_load_sale (f->store, "#1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (ocop_sale_get_total (again), ==, ocop_sale_get_total (sale));

  g_assert_null (ocop_store_void_sale (f->store, "#1", "twice", NULL, test_util_approval (f->store), &error));
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_ALREADY_VOIDED);
  g_clear_error (&error);
  g_assert_null (ocop_store_void_sale (f->store, "#2", "a void of a void", NULL, test_util_approval (f->store), &error));
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (ocop_store_refund_sale (f->store, "#1", NULL, 0, OCOP_PAYMENT_CASH, "after void", NULL, test_util_approval (f->store), &error));
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_ALREADY_VOIDED);
  g_clear_error (&error);
  g_assert_null (ocop_store_void_sale (f->store, "#99", "none", NULL, test_util_approval (f->store), &error));
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (test_util_query_int (f->store, "SELECT count (*) FROM sale"), ==, 2);
}

static void
test_sale_refund (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopProduct) a = ocop_store_find_sku (f->store, f->skus[0], &error);
  g_autoptr(OcopProduct) b = ocop_store_find_sku (f->store, f->skus[1], &error);
  g_autoptr(OcopSale) sale = ocop_sale_new ();
  g_autoptr(OcopSale) r1 = NULL;
  g_autoptr(OcopSale) r2 = NULL;
  gint64 refunded;

  /* 3 × a with a line discount, 1 × b, and an order discount. */
  ocop_sale_add_product (sale, a, 3, &error);
  ocop_sale_add_product (sale, b, 1, &error);
  ocop_sale_set_line_discount (sale, 0, 10000, &error);
  ocop_sale_set_order_discount (sale, 7000, &error);
  ocop_sale_add_payment (sale, OCOP_PAYMENT_CASH, -1, 0, &error);
  g_assert_no_error (error);
  ocop_store_commit_sale (f->store, sale, &error);
  g_assert_no_error (error);

  r1 = ocop_store_refund_sale (f->store, "#1", f->skus[0], 2, OCOP_PAYMENT_CASH, "hỏng bao bì", "Lan", test_util_approval (f->store), &error);
  g_assert_no_error (error);
  g_assert_cmpint (ocop_sale_get_kind (r1), ==, OCOP_SALE_KIND_REFUND);
  g_assert_cmpint (ocop_sale_get_line (r1, 0)->quantity, ==, -2);
  g_assert_cmpint (ocop_sale_get_total (r1), <, 0);
  g_assert_cmpint (-ocop_sale_get_total (r1), <=, 2 * ocop_product_get_price (a));

  /* Only one unit of a is left. */
  g_assert_null (ocop_store_refund_sale (f->store, "#1", f->skus[0], 2, OCOP_PAYMENT_CASH, "more", NULL, test_util_approval (f->store), &error));
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_REFUND_TOO_LARGE);
  g_clear_error (&error);

  /* The rest: refunds add up to exactly what was paid. */
  r2 = ocop_store_refund_sale (f->store, "#1", NULL, 0, OCOP_PAYMENT_TRANSFER, "trả hết", NULL, test_util_approval (f->store), &error);
  g_assert_no_error (error);
  refunded = -ocop_sale_get_total (r1) - ocop_sale_get_total (r2);
  g_assert_cmpint (refunded, ==, ocop_sale_get_total (sale));
  g_assert_null (ocop_store_refund_sale (f->store, "#1", NULL, 0, OCOP_PAYMENT_CASH, "again", NULL, test_util_approval (f->store), &error));
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_REFUND_TOO_LARGE);
  g_clear_error (&error);
  g_assert_null (ocop_store_void_sale (f->store, "#1", "void after refund", NULL, test_util_approval (f->store), &error));
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_ALREADY_VOIDED);
}

static void
test_day_close (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopSale) sale = test_util_sell (f->store, one (f, 2), 2, OCOP_PAYMENT_CASH);
  g_autofree char *z = NULL;
  g_autofree char *reprint = NULL;
  g_autofree char *state = NULL;
  g_autoptr(OcopDayReport) parsed = NULL;

  z = ocop_store_close_day (f->store, NULL, test_util_approval (f->store), 0, &error);
  g_assert_no_error (error);
  parsed = ocop_day_report_from_json (z, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (parsed->state, ==, "closed");
  g_assert_cmpstr (parsed->business_day, ==, "2024-12-11");
  g_assert_cmpint (parsed->sales_count, ==, 1);
  g_assert_cmpint (parsed->net, ==, ocop_sale_get_total (sale));

  reprint = ocop_store_get_z_report (f->store, "2024-12-11", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (reprint, ==, z);
  state = ocop_store_get_day_state (f->store, "2024-12-11", &error);
  g_assert_cmpstr (state, ==, "closed");

  g_assert_null (ocop_store_close_day (f->store, NULL, test_util_approval (f->store), 0, &error));
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_DAY_CLOSED);
  g_clear_error (&error);

  /* No more sales or voids on a closed day; a refund is still possible. */
  {
    g_autoptr(OcopProduct) p = ocop_store_find_sku (f->store, f->skus[0], &error);
    g_autoptr(OcopSale) late = ocop_sale_new ();
    g_autoptr(OcopSale) refund = NULL;

    ocop_sale_add_product (late, p, 1, &error);
    ocop_sale_add_payment (late, OCOP_PAYMENT_CASH, -1, 0, &error);
    g_assert_false (ocop_store_commit_sale (f->store, late, &error));
    g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_DAY_CLOSED);
    g_clear_error (&error);
    g_assert_null (ocop_store_void_sale (f->store, "#1", "late", NULL, test_util_approval (f->store), &error));
    g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_DAY_CLOSED);
    g_assert_nonnull (strstr (error->message, "refund"));
    g_clear_error (&error);

    /* Next morning: the refund lands on the new day. */
    ocop_store_set_clock (f->store, TEST_FAIR_MORNING_US + 24 * TEST_HOUR_US);
    refund = ocop_store_refund_sale (f->store, "#1", NULL, 0, OCOP_PAYMENT_CASH, "hàng lỗi", NULL, test_util_approval (f->store), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (ocop_sale_get_business_day (refund), ==, "2024-12-12");
  }

  /* A day never opened cannot be closed. */
  g_assert_null (ocop_store_close_day (f->store, "2024-12-20", test_util_approval (f->store), 0, &error));
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_DAY_NOT_OPEN);
}

static void
test_business_day_time_zone (Fixture       *f,
                             gconstpointer  data)
{
  /* 23:30 on the 11th in Hạ Long is 16:30 UTC; 00:30 on the 12th is 17:30
   * UTC, still the 11th in UTC. Business days follow the fair's clock. */
  gint64 late_evening = TEST_FAIR_MORNING_US + 14 * TEST_HOUR_US + 30 * 60 * G_USEC_PER_SEC;
  g_autoptr(OcopSale) s1 = NULL;
  g_autoptr(OcopSale) s2 = NULL;

  ocop_store_set_clock (f->store, late_evening);
  s1 = test_util_sell (f->store, one (f, 0), 1, OCOP_PAYMENT_CASH);
  ocop_store_set_clock (f->store, late_evening + TEST_HOUR_US);
  s2 = test_util_sell (f->store, one (f, 0), 1, OCOP_PAYMENT_CASH);
  g_assert_cmpstr (ocop_sale_get_business_day (s1), ==, "2024-12-11");
  g_assert_cmpstr (ocop_sale_get_business_day (s2), ==, "2024-12-12");
  /* Stored in UTC. */
  g_assert_cmpint (ocop_sale_get_created_us (s1), ==, late_evening);
  g_assert_cmpint (ocop_store_local_hour (f->store, late_evening), ==, 23);
}

static void
test_full_disk (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopSale) first = test_util_sell (f->store, one (f, 0), 1, OCOP_PAYMENT_CASH);
  gint64 pages = test_util_query_int (f->store, "PRAGMA page_count");
  gint64 sales_before, seq_before;
  g_autofree char *limit = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT, pages);
  gboolean failed = FALSE;

  /* SQLite's own full-disk path: the file may not grow another page. */
  g_assert_cmpint (sqlite3_exec (ocop_store_get_db (f->store), limit, NULL, NULL, NULL), ==, SQLITE_OK);
  for (int i = 0; i < 200 && !failed; i++)
    {
      g_autoptr(OcopProduct) p = ocop_store_find_sku (f->store, f->skus[i % 4], NULL);
      g_autoptr(OcopSale) sale = ocop_sale_new ();

      ocop_sale_add_product (sale, p, 1 + i % 3, NULL);
      ocop_sale_add_payment (sale, OCOP_PAYMENT_CASH, -1, 0, NULL);
      sales_before = test_util_query_int (f->store, "SELECT count (*) FROM sale");
      seq_before = ocop_store_outbox_last_seq (f->store);
      if (!ocop_store_commit_sale (f->store, sale, &error))
        {
          failed = TRUE;
          g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_FULL);
          g_assert_nonnull (strstr (error->message, "disk is full"));
          g_assert_nonnull (strstr (error->message, "nothing was written"));
          g_assert_false (ocop_sale_is_committed (sale));
          g_assert_cmpint (test_util_query_int (f->store, "SELECT count (*) FROM sale"), ==, sales_before);
          g_assert_cmpint (ocop_store_outbox_last_seq (f->store), ==, seq_before);
        }
    }
  g_assert_true (failed);

  /* Space again: selling resumes with the next number, no gap. */
  g_assert_cmpint (sqlite3_exec (ocop_store_get_db (f->store), "PRAGMA max_page_count = 1073741823", NULL, NULL, NULL), ==, SQLITE_OK);
  {
    g_autoptr(OcopSale) next = test_util_sell (f->store, one (f, 1), 1, OCOP_PAYMENT_CASH);
    g_assert_cmpint (ocop_sale_get_receipt_no (next), ==, sales_before + 1);
  }
  g_assert_cmpstr (test_util_query_int (f->store, "SELECT count (*) FROM pragma_integrity_check WHERE integrity_check != 'ok'") == 0 ? "ok" : "bad", ==, "ok");
}

static void
test_read_only_midway (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopProduct) p = ocop_store_find_sku (f->store, f->skus[0], NULL);
  g_autoptr(OcopSale) sale = ocop_sale_new ();

  /* A disk remounted read-only under a running till. */
  g_assert_cmpint (sqlite3_exec (ocop_store_get_db (f->store), "PRAGMA query_only = 1", NULL, NULL, NULL), ==, SQLITE_OK);
  ocop_sale_add_product (sale, p, 1, NULL);
  ocop_sale_add_payment (sale, OCOP_PAYMENT_CASH, -1, 0, NULL);
  g_assert_false (ocop_store_commit_sale (f->store, sale, &error));
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, "read-only"));
  g_assert_cmpint (test_util_query_int (f->store, "SELECT count (*) FROM sale"), ==, 0);
  g_assert_cmpint (test_util_query_int (f->store, "SELECT count (*) FROM business_day"), ==, 0);
}

static void
test_read_only_file (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = g_strdup (ocop_store_get_path (f->store));
  pid_t pid;
  int status = 0;

  g_assert_finalize_object (g_steal_pointer (&f->store));
  g_assert_cmpint (g_chmod (path, 0444), ==, 0);
  g_assert_cmpint (g_chmod (f->dir, 0555), ==, 0);

  /* root ignores file modes: check as an ordinary user in a child. */
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      GError *error = NULL;
      OcopStore *store;

      if (geteuid () == 0 && (setgid (65534) != 0 || setuid (65534) != 0))
        _exit (3);
      store = ocop_store_open (path, &error);
      if (store != NULL)
        _exit (4);
      if (!g_error_matches (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_READ_ONLY) ||
          strstr (error->message, path) == NULL)
        {
          g_printerr ("unexpected error: %s\n", error ? error->message : "none");
          _exit (5);
        }
      _exit (0);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_chmod (f->dir, 0755);
  g_chmod (path, 0644);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
}

static void
test_outbox_payload (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) odd = g_ptr_array_new_with_free_func (g_object_unref);
  OcopProductInfo info = {
    .sku = "ODD-1", .name = "Rượu \"Yên Tử\" \\ chai\t1 lít", .producer = "Hộ A",
    .producer_kind = OCOP_PRODUCER_HOUSEHOLD, .locality = "Uông Bí", .in_province = TRUE,
    .unit = "chai", .price_vnd = 123000, .category = "Đồ uống",
  };
  g_autoptr(OcopProduct) product = NULL;
  g_autoptr(OcopSale) sale = ocop_sale_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  sqlite3_stmt *stmt = NULL;
  JsonObject *event, *line;

  g_ptr_array_add (odd, ocop_product_new (&info));
  ocop_store_import_products (f->store, odd, &error);
  g_assert_no_error (error);
  product = ocop_store_find_sku (f->store, "ODD-1", &error);
  ocop_sale_add_product (sale, product, 2, &error);
  ocop_sale_set_cashier (sale, "Lan \"ca sáng\"");
  ocop_sale_add_payment (sale, OCOP_PAYMENT_CASH, -1, 300000, &error);
  ocop_store_commit_sale (f->store, sale, &error);
  g_assert_no_error (error);

  /* The event is valid JSON carrying the whole sale, and its hash is the
   * SHA-256 of exactly that text. */
  g_assert_cmpint (sqlite3_prepare_v2 (ocop_store_get_db (f->store),
                                       "SELECT payload, hash FROM outbox WHERE ref = ?", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, ocop_sale_get_uuid (sale), -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  {
    g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, (const char *) sqlite3_column_text (stmt, 0), -1);
    g_assert_cmpstr (hash, ==, (const char *) sqlite3_column_text (stmt, 1));
  }
  ocop_json_load (parser, (const char *) sqlite3_column_text (stmt, 0), -1, OCOP_JSON_MAX_STORED_BYTES, &error);
  sqlite3_finalize (stmt);
  g_assert_no_error (error);
  event = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (event, "uuid"), ==, ocop_sale_get_uuid (sale));
  g_assert_cmpstr (json_object_get_string_member (event, "kind"), ==, "sale");
  g_assert_true (json_object_get_null_member (event, "ref_uuid"));
  g_assert_cmpstr (json_object_get_string_member (event, "device"), ==, ocop_store_get_device_id (f->store));
  g_assert_cmpstr (json_object_get_string_member (event, "cashier"), ==, "Lan \"ca sáng\"");
  g_assert_cmpint (json_object_get_int_member (event, "total"), ==, 246000);
  g_assert_cmpint (json_object_get_int_member (event, "receipt_no"), ==, 1);
  line = json_array_get_object_element (json_object_get_array_member (event, "lines"), 0);
  g_assert_cmpstr (json_object_get_string_member (line, "name"), ==, info.name);
  g_assert_cmpint (json_object_get_int_member (line, "quantity"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (json_object_get_array_member (event, "payments"), 0), "change"), ==, 54000);
}

/* The log's last frame and how many frames a checkpoint has copied back
 * into the database, read from the wal-index (the -shm file; SQLite's "WAL
 * file format" page: mxFrame at byte 16 of the header, nBackfill at byte 96,
 * native byte order). Reading them through sqlite3_wal_checkpoint_v2 would
 * run a checkpoint, doing the store's work for it. */
static void
read_wal_index (OcopStore *store,
                guint32   *frames,
                guint32   *backfilled)
{
  g_autofree char *path = g_strconcat (ocop_store_get_path (store), "-shm", NULL);
  g_autofree char *index = NULL;
  g_autoptr(GError) error = NULL;
  gsize size = 0;

  g_assert_true (g_file_get_contents (path, &index, &size, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (size, >=, 136);
  memcpy (frames, index + 16, sizeof *frames);
  memcpy (backfilled, index + 96, sizeof *backfilled);
}

static void
test_checkpoint (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint32 frames = 0, backfilled = 0;

  for (int i = 0; i < 5; i++)
    g_object_unref (test_util_sell (f->store, one (f, i % 4), 1, OCOP_PAYMENT_CASH));
  /* Commits leave their pages in the log until the idle checkpoint… */
  read_wal_index (f->store, &frames, &backfilled);
  g_assert_cmpuint (frames, >, 0);
  g_assert_cmpuint (backfilled, <, frames);
  /* …which copies all of them back. */
  g_assert_true (ocop_store_checkpoint (f->store, &error));
  g_assert_no_error (error);
  read_wal_index (f->store, &frames, &backfilled);
  g_assert_cmpuint (frames, >, 0);
  g_assert_cmpuint (backfilled, ==, frames);
}

static OcopSale *
two_line_draft (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopProduct) a = ocop_store_find_sku (f->store, f->skus[0], &error);
  g_autoptr(OcopProduct) b = ocop_store_find_sku (f->store, f->skus[1], &error);
  OcopSale *draft = ocop_sale_new ();

  ocop_sale_add_product (draft, a, 2, &error);
  ocop_sale_add_product (draft, b, 1, &error);
  ocop_sale_set_line_discount (draft, 0, 5000, &error);
  ocop_sale_set_order_discount (draft, 1000, &error);
  ocop_sale_set_cashier (draft, "Lan");
  ocop_sale_add_payment (draft, OCOP_PAYMENT_TRANSFER, 10000, 0, &error);
  g_assert_no_error (error);
  return draft;
}

static void
test_cart_survives_restart (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopSale) draft = two_line_draft (f);
  g_autoptr(OcopStore) after_crash = NULL;
  g_autoptr(OcopSale) restored = NULL;
  g_autoptr(OcopSale) none = NULL;

  g_assert_null (ocop_store_load_cart (f->store, &error));
  g_assert_no_error (error);
  g_assert_true (ocop_store_save_cart (f->store, draft, &error));
  g_assert_no_error (error);

  /* A second handle, as the till restarted after a power cut would open. */
  after_crash = ocop_store_open (ocop_store_get_path (f->store), &error);
  g_assert_no_error (error);
  restored = ocop_store_load_cart (after_crash, &error);
  g_assert_no_error (error);
  g_assert_nonnull (restored);
  g_assert_false (ocop_sale_is_committed (restored));
  g_assert_cmpuint (ocop_sale_get_n_lines (restored), ==, 2);
  g_assert_cmpstr (ocop_sale_get_line (restored, 0)->sku, ==, f->skus[0]);
  g_assert_cmpint (ocop_sale_get_line (restored, 0)->quantity, ==, 2);
  g_assert_cmpint (ocop_sale_get_line (restored, 0)->discount, ==, 5000);
  g_assert_cmpint (ocop_sale_get_total (restored), ==, ocop_sale_get_total (draft));
  g_assert_cmpint (ocop_sale_get_paid (restored), ==, 10000);
  g_assert_cmpstr (ocop_sale_get_cashier (restored), ==, "Lan");

  /* Emptied cart: nothing to restore. */
  {
    g_autoptr(OcopSale) empty = ocop_sale_new ();
    g_assert_true (ocop_store_save_cart (f->store, empty, &error));
  }
  none = ocop_store_load_cart (after_crash, &error);
  g_assert_null (none);
  g_assert_no_error (error);
}

static void
test_cart_cleared_with_sale (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopSale) draft = two_line_draft (f);
  g_autoptr(OcopSale) still = NULL;
  g_autoptr(OcopSale) gone = NULL;

  ocop_store_save_cart (f->store, draft, &error);
  g_assert_no_error (error);

  /* Not paid in full: the sale fails and the cart stays. */
  g_assert_false (ocop_store_commit_sale (f->store, draft, &error));
  g_clear_error (&error);
  still = ocop_store_load_cart (f->store, &error);
  g_assert_nonnull (still);

  /* Paid: the sale is recorded and its cart removed in the same
   * transaction, so a restart never offers a sold basket again. */
  ocop_sale_add_payment (draft, OCOP_PAYMENT_CASH, -1, 0, &error);
  g_assert_true (ocop_store_commit_sale (f->store, draft, &error));
  g_assert_no_error (error);
  gone = ocop_store_load_cart (f->store, &error);
  g_assert_null (gone);
  g_assert_no_error (error);
  g_assert_cmpint (test_util_query_int (f->store, "SELECT count (*) FROM open_cart"), ==, 0);
}

/* Two customers: the first parked while looking for money, the second
 * served; the first recalled after a restart. Nothing parked is a sale or
 * reaches the outbox. */
static void
test_cart_parked (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopSale) draft = two_line_draft (f);
  g_autoptr(OcopStore) restarted = NULL;
  g_autoptr(GPtrArray) parked = NULL;
  g_autoptr(GPtrArray) left = NULL;
  g_autoptr(OcopSale) recalled = NULL;
  g_autoptr(OcopSale) empty = ocop_sale_new ();
  gint64 outbox = test_util_query_int (f->store, "SELECT count (*) FROM outbox");
  gint64 id;

  ocop_store_save_cart (f->store, draft, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ocop_store_park_cart (f->store, empty, &error), ==, 0);
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID);
  g_clear_error (&error);
  id = ocop_store_park_cart (f->store, draft, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  /* Parking empties the open cart in the same transaction. */
  g_assert_null (ocop_store_load_cart (f->store, &error));
  g_assert_no_error (error);

  restarted = ocop_store_open (ocop_store_get_path (f->store), &error);
  g_assert_no_error (error);
  parked = ocop_store_list_parked_carts (restarted, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (parked->len, ==, 1);
  {
    OcopParkedCart *cart = g_ptr_array_index (parked, 0);

    g_assert_cmpint (cart->id, ==, id);
    g_assert_cmpuint (ocop_sale_get_n_lines (cart->draft), ==, 2);
    g_assert_cmpint (ocop_sale_get_total (cart->draft), ==, ocop_sale_get_total (draft));
  }

  /* Not over a cart being built: that one is parked first. */
  ocop_store_save_cart (restarted, draft, &error);
  g_assert_null (ocop_store_recall_cart (restarted, id, &error));
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID);
  g_clear_error (&error);
  ocop_store_save_cart (restarted, empty, &error);

  recalled = ocop_store_recall_cart (restarted, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ocop_sale_get_n_lines (recalled), ==, 2);
  g_assert_cmpint (ocop_sale_get_line (recalled, 0)->discount, ==, 5000);
  g_assert_cmpint (ocop_sale_get_total (recalled), ==, ocop_sale_get_total (draft));
  {
    g_autoptr(OcopSale) open = ocop_store_load_cart (restarted, &error);

    g_assert_nonnull (open);
    g_assert_cmpint (ocop_sale_get_total (open), ==, ocop_sale_get_total (draft));
  }
  left = ocop_store_list_parked_carts (restarted, &error);
  g_assert_cmpuint (left->len, ==, 0);
  ocop_store_save_cart (restarted, empty, &error);
  g_assert_null (ocop_store_recall_cart (restarted, id, &error));
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_cmpint (test_util_query_int (f->store, "SELECT count (*) FROM outbox"), ==, outbox);
  g_assert_cmpint (test_util_query_int (f->store, "SELECT count (*) FROM sale"), ==, 0);
}

static void
test_cashiers (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = ocop_store_list_cashiers (f->store, &error);
  g_autoptr(OcopApproval) approval = NULL;
  g_autoptr(OcopApproval) nobody = NULL;
  sqlite3_stmt *stmt = NULL;

  /* The demo's: Hùng supervises (9999), Lan sells (1111). */
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (names), ==, 2);
  g_assert_cmpstr (names[0], ==, "Hùng");
  approval = ocop_store_approve (f->store, "Hùng", "9999", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ocop_approval_get_approver (approval), ==, "Hùng");

  /* A cashier, a wrong PIN and a malformed one approve nothing. */
  for (guint i = 0; i < 3; i++)
    {
      const char *who[] = { "Lan", "Hùng", "Hùng" };
      const char *pins[] = { "1111", "9998", "12a4" };

      nobody = ocop_store_approve (f->store, who[i], pins[i], &error);
      g_assert_null (nobody);
      g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_NOT_APPROVED);
      g_clear_error (&error);
    }
  g_assert_false (ocop_store_set_cashier (f->store, "Mai", "12", FALSE, &error));
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* Only a slow hash of the PIN is kept. */
  g_assert_cmpint (sqlite3_prepare_v2 (ocop_store_get_db (f->store),
                                       "SELECT pin_hash FROM cashier WHERE name = 'Lan'", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_true (g_str_has_prefix ((const char *) sqlite3_column_text (stmt, 0), "$argon2id$"));
  g_assert_null (strstr ((const char *) sqlite3_column_text (stmt, 0), "1111"));
  sqlite3_finalize (stmt);

  /* Promoted to supervisor with a new PIN. */
  g_assert_true (ocop_store_set_cashier (f->store, "Lan", "246810", TRUE, &error));
  g_clear_pointer (&approval, ocop_approval_free);
  approval = ocop_store_approve (f->store, "Lan", "246810", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ocop_approval_get_approver (approval), ==, "Lan");
}

static void
test_visitors (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopDayReport) report = NULL;

  g_assert_true (ocop_store_add_visitors (f->store, "Cổng chính", 120, NULL, &error));
  g_assert_true (ocop_store_add_visitors (f->store, "Cổng phụ", 30, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (ocop_store_add_visitors (f->store, "Cổng phụ", -5, NULL, &error));
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (ocop_store_add_visitors (f->store, "Cổng phụ", -5, "đếm trùng", &error));
  g_assert_false (ocop_store_add_visitors (f->store, "", 5, NULL, &error));
  g_clear_error (&error);
  report = ocop_report_day (f->store, NULL, "2024-12-11", &error);
  g_assert_no_error (error);
  g_assert_cmpint (report->visitors, ==, 145);
  g_assert_cmpint (test_util_query_int (f->store, "SELECT count (*) FROM outbox WHERE kind = 'visitors'"), ==, 3);
}

static void
test_outbox_batch_and_ack (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) rest = NULL;
  gint64 last;

  for (int i = 0; i < 5; i++)
    g_clear_object (&(OcopSale *) { test_util_sell (f->store, one (f, i % 4), 1, OCOP_PAYMENT_CASH) });
  last = ocop_store_outbox_last_seq (f->store);
  /* day_open plus five sales */
  g_assert_cmpint (last, ==, 6);

  first = ocop_store_outbox_next_batch (f->store, 4, 1 << 20, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->len, ==, 4);
  for (guint i = 0; i < first->len; i++)
    {
      OcopOutboxEvent *event = first->pdata[i];
      g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, event->payload, -1);

      g_assert_cmpint (event->seq, ==, i + 1);
      g_assert_cmpint (event->epoch, ==, 1);
      g_assert_cmpstr (event->hash, ==, hash);
    }

  /* A byte bound below one payload still lets one event through. */
  rest = ocop_store_outbox_next_batch (f->store, 100, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rest->len, ==, 1);
  g_clear_pointer (&rest, g_ptr_array_unref);

  g_assert_true (ocop_store_outbox_mark_acked (f->store, 1, 4, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ocop_store_outbox_pending (f->store), ==, 2);
  g_assert_cmpint (ocop_store_outbox_acked_through (f->store), ==, 4);
  rest = ocop_store_outbox_next_batch (f->store, 100, 1 << 20, &error);
  g_assert_cmpuint (rest->len, ==, 2);
  g_assert_cmpint (((OcopOutboxEvent *) rest->pdata[0])->seq, ==, 5);

  /* Another epoch's ack changes nothing; a hub claiming more than was
   * written, or less than it acknowledged before, is refused. */
  g_assert_true (ocop_store_outbox_mark_acked (f->store, 7, 6, &error));
  g_assert_cmpint (ocop_store_outbox_acked_through (f->store), ==, 4);
  g_assert_false (ocop_store_outbox_mark_acked (f->store, 1, last + 1, &error));
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ocop_store_outbox_mark_acked (f->store, 1, 2, &error));
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID);
  g_assert_cmpint (ocop_store_outbox_acked_through (f->store), ==, 4);
}

static void
test_outbox_new_epoch (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) batch = NULL;
  g_autofree char *hash_before = NULL;

  for (int i = 0; i < 3; i++)
    g_clear_object (&(OcopSale *) { test_util_sell (f->store, one (f, i), 1, OCOP_PAYMENT_CASH) });
  g_assert_true (ocop_store_outbox_mark_acked (f->store, 1, 2, &error));
  hash_before = g_strdup_printf ("%" G_GINT64_FORMAT,
                                 test_util_query_int (f->store, "SELECT count (DISTINCT hash) FROM outbox"));

  g_assert_cmpint (ocop_store_outbox_start_epoch (f->store, &error), ==, 2);
  g_assert_no_error (error);
  g_assert_cmpint (ocop_store_outbox_epoch_first_seq (f->store), ==, 3);
  /* The acknowledged events keep their epoch; the rest move, unchanged. */
  g_assert_cmpint (test_util_query_int (f->store, "SELECT count (*) FROM outbox WHERE epoch = 1"), ==, 2);
  g_assert_cmpint (test_util_query_int (f->store, "SELECT count (*) FROM outbox WHERE epoch = 2"), ==, 2);
  g_assert_cmpint (test_util_query_int (f->store, "SELECT count (DISTINCT hash) FROM outbox"), ==,
                   g_ascii_strtoll (hash_before, NULL, 10));

  /* New sales are written under the new epoch. */
  g_clear_object (&(OcopSale *) { test_util_sell (f->store, one (f, 3), 1, OCOP_PAYMENT_CASH) });
  batch = ocop_store_outbox_next_batch (f->store, 100, 1 << 20, &error);
  g_assert_cmpuint (batch->len, ==, 3);
  for (guint i = 0; i < batch->len; i++)
    g_assert_cmpint (((OcopOutboxEvent *) batch->pdata[i])->epoch, ==, 2);
}

static void
test_outbox_checkpoint (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopSale) a = test_util_sell (f->store, one (f, 0), 2, OCOP_PAYMENT_CASH);
  g_autoptr(OcopSale) b = test_util_sell (f->store, one (f, 1), 1, OCOP_PAYMENT_TRANSFER);
  g_autoptr(OcopSale) v = NULL;
  OcopOutboxCheckpoint checkpoint;

  v = ocop_store_void_sale (f->store, "#1", "wrong item", NULL, test_util_approval (f->store), &error);
  g_assert_no_error (error);
  g_assert_true (ocop_store_add_visitors (f->store, "Gate 1", 40, NULL, &error));

  g_assert_true (ocop_store_outbox_checkpoint (f->store, &checkpoint, &error));
  g_assert_no_error (error);
  g_assert_cmpint (checkpoint.through_seq, ==, ocop_store_outbox_last_seq (f->store));
  g_assert_cmpint (checkpoint.sales, ==, 2);
  /* The void takes the first sale back: what is left is the second. */
  g_assert_cmpint (checkpoint.revenue, ==, ocop_sale_get_total (b));
  g_assert_cmpint (checkpoint.visitors, ==, 40);
}

static void
test_sync_values (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopStore) again = NULL;
  g_auto(OcopSyncClientState) state = { 0 };
  g_auto(OcopSyncClientState) read = { 0 };

  ocop_store_load_sync_state (f->store, &state);
  g_assert_null (state.hub_url);
  g_assert_cmpint (state.last_ok_us, ==, 0);
  state.hub_url = g_strdup ("https://hub.example/");
  state.token = g_strdup ("secret");
  state.catalog_version = 3;
  g_assert_true (ocop_store_save_sync_state (f->store, &state, OCOP_SYNC_FIELD_ALL, &error));
  g_clear_pointer (&state.token, g_free);
  g_assert_true (ocop_store_save_sync_state (f->store, &state, OCOP_SYNC_FIELD_TOKEN, &error));
  /* Only the fields named are written: this leaves the hub's address. */
  g_assert_true (ocop_store_save_sync_state (f->store, &(OcopSyncClientState) { .last_ok_us = 42 },
                                            OCOP_SYNC_FIELD_LAST_OK_US, &error));
  g_assert_no_error (error);
  again = ocop_store_open (ocop_store_get_path (f->store), &error);
  ocop_store_load_sync_state (again, &read);
  g_assert_cmpstr (read.hub_url, ==, "https://hub.example/");
  g_assert_null (read.token);
  g_assert_cmpint (read.catalog_version, ==, 3);
  g_assert_cmpint (read.last_ok_us, ==, 42);
  g_assert_false (ocop_sync_client_state_is_enrolled (&state));
}

static void
assert_meta (OcopStore  *store,
             const char *key,
             const char *expected)
{
  g_autofree char *value = ocop_store_get_meta (store, key);

  g_assert_cmpstr (value, ==, expected);
}

/* The rows are those the client wrote key by key before the state had a
 * type, so that a store from then keeps working, and one from now still
 * reads with the older till. */
static void
test_sync_values_stored (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(OcopSyncClientState) state = { 0 };
  const char * const rows[][2] = {
    { "sync.hub_url", "http://hub.example:8088" }, { "sync.device_id", "dev-1" }, { "sync.token", "t0k" },
    { "sync.anchor_hub_us", "1733882400000000" }, { "sync.anchor_boot", "b00t" },
    { "sync.last_error", "Cannot reach the hub" }, { "sync.catalog_etag", "\"7\"" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    g_assert_true (ocop_store_set_meta (f->store, rows[i][0], rows[i][1], &error));
  ocop_store_load_sync_state (f->store, &state);
  g_assert_true (ocop_sync_client_state_is_enrolled (&state));
  g_assert_cmpstr (state.hub_url, ==, "http://hub.example:8088");
  g_assert_cmpstr (state.device_id, ==, "dev-1");
  g_assert_cmpstr (state.token, ==, "t0k");
  g_assert_cmpint (state.anchor_hub_us, ==, G_GINT64_CONSTANT (1733882400000000));
  g_assert_cmpint (state.anchor_mono_us, ==, 0);
  g_assert_cmpstr (state.anchor_boot, ==, "b00t");
  g_assert_cmpstr (state.last_error, ==, "Cannot reach the hub");
  /* A store from before catalog deltas knows its version by the ETag. */
  g_assert_cmpint (state.catalog_version, ==, 7);

  state.catalog_version = 8;
  state.last_ok_us = 1733882400000001;
  g_clear_pointer (&state.last_error, g_free);
  g_assert_true (ocop_store_save_sync_state (f->store, &state, OCOP_SYNC_FIELD_ALL, &error));
  g_assert_no_error (error);
  assert_meta (f->store, "sync.hub_url", "http://hub.example:8088");
  assert_meta (f->store, "sync.token", "t0k");
  assert_meta (f->store, "sync.catalog_version", "8");
  assert_meta (f->store, "sync.last_ok_us", "1733882400000001");
  assert_meta (f->store, "sync.anchor_hub_us", "1733882400000000");
  /* Unset is no row at all, as before. */
  assert_meta (f->store, "sync.last_error", NULL);
  assert_meta (f->store, "sync.anchor_mono_us", NULL);
  assert_meta (f->store, "sync.fair", NULL);
}

/* The outbox's epoch and watermark are read with the state from their own
 * rows, written by the outbox alone: a save of every client field leaves
 * them as they are, even from a state read before they moved. */
static void
test_sync_outbox_fields (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(OcopSyncClientState) state = { 0 };
  g_auto(OcopSyncClientState) read = { 0 };

  ocop_store_load_sync_state (f->store, &state);
  /* A new store's epoch is 1, as the outbox writes its events. */
  g_assert_cmpint (state.epoch, ==, 1);
  g_assert_cmpint (state.epoch, ==, ocop_store_outbox_epoch (f->store));
  g_assert_cmpint (state.acked_through, ==, 0);
  for (int i = 0; i < 4; i++)
    g_clear_object (&(OcopSale *) { test_util_sell (f->store, one (f, i % 3), 1, OCOP_PAYMENT_CASH) });
  g_assert_true (ocop_store_outbox_mark_acked (f->store, 1, 3, &error));
  g_assert_cmpint (ocop_store_outbox_start_epoch (f->store, &error), ==, 2);
  g_assert_no_error (error);
  assert_meta (f->store, "acked_through", "3");
  assert_meta (f->store, "epoch", "2");
  assert_meta (f->store, "epoch_first_seq", "4");

  state.acked_through = 0;
  state.epoch = 1;
  g_assert_true (ocop_store_save_sync_state (f->store, &state, OCOP_SYNC_FIELD_ALL, &error));
  ocop_store_load_sync_state (f->store, &read);
  g_assert_cmpint (read.acked_through, ==, 3);
  g_assert_cmpint (read.epoch, ==, 2);
  g_assert_cmpint (read.epoch_first_seq, ==, 4);
  g_assert_cmpint (ocop_store_outbox_acked_through (f->store), ==, 3);
  g_assert_cmpint (ocop_store_outbox_epoch_first_seq (f->store), ==, 4);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) test_util_add_store_test (path, 4, func)
  ADD ("/store/open/pragmas", test_open_pragmas);
  ADD ("/store/open/reopen-keeps-identity", test_open_reopen_keeps_identity);
  g_test_add_func ("/store/open/not-set-up", test_not_set_up);
  ADD ("/store/sale/commit", test_sale_commit);
  ADD ("/store/sale/receipt-numbers-without-gaps", test_sale_receipt_numbers);
  ADD ("/store/sale/id-of-digits", test_sale_id_of_digits);
  ADD ("/store/sale/two-handles", test_sale_two_handles);
  ADD ("/store/sale/immutable", test_sale_immutable);
  ADD ("/store/sale/price-change-keeps-past-sales", test_sale_price_change);
  ADD ("/store/sale/void", test_sale_void);
  ADD ("/store/sale/refund", test_sale_refund);
  ADD ("/store/day/close", test_day_close);
  ADD ("/store/day/time-zone", test_business_day_time_zone);
  ADD ("/store/failure/full-disk", test_full_disk);
  ADD ("/store/failure/read-only-midway", test_read_only_midway);
  ADD ("/store/failure/read-only-file", test_read_only_file);
  ADD ("/store/visitors", test_visitors);
  ADD ("/store/cashiers", test_cashiers);
  ADD ("/store/outbox/payload", test_outbox_payload);
  ADD ("/store/checkpoint", test_checkpoint);
  ADD ("/store/outbox/batch-and-ack", test_outbox_batch_and_ack);
  ADD ("/store/outbox/new-epoch", test_outbox_new_epoch);
  ADD ("/store/outbox/checkpoint", test_outbox_checkpoint);
  ADD ("/store/outbox/sync-values", test_sync_values);
  ADD ("/store/outbox/sync-values-stored", test_sync_values_stored);
  ADD ("/store/outbox/sync-outbox-fields", test_sync_outbox_fields);
  ADD ("/store/cart/survives-restart", test_cart_survives_restart);
  ADD ("/store/cart/cleared-with-sale", test_cart_cleared_with_sale);
  ADD ("/store/cart/parked", test_cart_parked);
#undef ADD

  return g_test_run ();
}
