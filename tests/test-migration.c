/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-migration.c: a store written by the first release (schema 1) opens
 * in this one with every sale intact, its search index and report tallies
 * rebuilt from the old rows, and numbering carrying on without a gap. */

#include <string.h>
#include <json-glib/json-glib.h>

#include "ocop-receipt.h"
#include "ocop-report.h"
#include "ocop-sale-private.h"
#include "ocop-store-private.h"
#include "test-util.h"

/* What release 1 wrote for a booth that sold two jars of honey and a bottle
 * of apricot wine, voided the wine, and counted 250 visitors. 2024-12-11
 * 10:15 and 10:20 in Hạ Long. */
static const char v1_rows[] =
  "INSERT INTO meta VALUES ('device_id', '6f1c1b52-8a55-4f0e-9b5d-2f1f3c0a9e11'), ('epoch', '1'),"
  "  ('booth', 'QN-09'), ('catalog_version', '1');"
  "INSERT INTO fair VALUES (1, 'Hội chợ OCOP Quảng Ninh lần thứ V', 'Hạ Long', '2017-09-01', '2017-09-05', 'Asia/Ho_Chi_Minh');"
  "INSERT INTO booth VALUES ('QN-09', 'HTX Mật ong Đầm Hà', 'Đầm Hà', 1);"
  "INSERT INTO producer VALUES (1, 'HTX Mật ong Đầm Hà', 'cooperative', 'Đầm Hà', 1),"
  "  (2, 'Công ty TNHH MTV Thăng Long', 'enterprise', 'Uông Bí', 1);"
  "INSERT INTO product VALUES ('DH-001', '8930000000019', 1, 'Mật ong rừng Đầm Hà', 1, 'lọ', 180000, 4, 'Mật ong', NULL, 1),"
  "  ('UB-001', '8930000000026', 1, 'Rượu mơ Yên Tử', 2, 'chai', 250000, 5, 'Đồ uống', NULL, 1);"
  "INSERT INTO business_day VALUES ('QN-09', '2024-12-11', 1733886000000000, NULL, NULL);"
  "INSERT INTO sale VALUES (1, 'a0000000-0000-4000-8000-000000000001', 'QN-09', 1, 'sale', NULL, '2024-12-11',"
  "  1733886900000000, 'Hoa', NULL, 610000, 0, 610000, 2, 1);"
  "INSERT INTO sale_line VALUES (1, 1, 'DH-001', 'Mật ong rừng Đầm Hà', 'lọ', 2, 180000, 0),"
  "  (1, 2, 'UB-001', 'Rượu mơ Yên Tử', 'chai', 1, 250000, 0);"
  "INSERT INTO payment VALUES (1, 1, 'cash', 610000, 1000000, 390000);"
  "INSERT INTO sale VALUES (2, 'a0000000-0000-4000-8000-000000000002', 'QN-09', 2, 'void', 1, '2024-12-11',"
  "  1733887200000000, 'Hoa', 'khách đổi ý', -610000, 0, -610000, 2, 1);"
  "INSERT INTO sale_line VALUES (2, 1, 'DH-001', 'Mật ong rừng Đầm Hà', 'lọ', -2, 180000, 0),"
  "  (2, 2, 'UB-001', 'Rượu mơ Yên Tử', 'chai', -1, 250000, 0);"
  "INSERT INTO payment VALUES (2, 1, 'cash', -610000, 0, 0);"
  "INSERT INTO sale VALUES (3, 'a0000000-0000-4000-8000-000000000003', 'QN-09', 3, 'sale', NULL, '2024-12-11',"
  "  1733887500000000, 'Hoa', NULL, 360000, 0, 360000, 1, 1);"
  "INSERT INTO sale_line VALUES (3, 1, 'DH-001', 'Mật ong rừng Đầm Hà', 'lọ', 2, 180000, 0);"
  "INSERT INTO payment VALUES (3, 1, 'transfer', 360000, 0, 0);"
  "INSERT INTO visitor_count VALUES (1, 'Cổng chính', 250, NULL, '2024-12-11', 1733886000000000);"
  "INSERT INTO outbox VALUES (1, 1, 'sale', 'a0000000-0000-4000-8000-000000000001', '{}', 'x', 1733886900000000, 0),"
  "  (2, 1, 'void', 'a0000000-0000-4000-8000-000000000002', '{}', 'y', 1733887200000000, 0),"
  "  (3, 1, 'sale', 'a0000000-0000-4000-8000-000000000003', '{}', 'z', 1733887500000000, 0);";

static char *
make_v1_store (const char *dir)
{
  char *path = g_build_filename (dir, "old.db", NULL);
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_true (ocop_store_migrate_db (db, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (db, v1_rows, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  return path;
}

static void
test_migrate_from_v1 (void)
{
  g_autofree char *dir = test_util_make_dir ();
  g_autofree char *path = make_v1_store (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopStore) store = ocop_store_open (path, &error);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(OcopDayReport) report = NULL;
  g_autoptr(OcopSale) first = NULL;
  g_autoptr(OcopSale) next = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (test_util_query_int (store, "PRAGMA user_version"), ==, OCOP_STORE_SCHEMA_VERSION);
  g_assert_cmpstr (ocop_store_get_device_id (store), ==, "6f1c1b52-8a55-4f0e-9b5d-2f1f3c0a9e11");

  /* Old sales read back whole. */
  first = ocop_store_load_sale (store, "#1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (ocop_sale_get_total (first), ==, 610000);
  g_assert_cmpint (ocop_sale_get_change (first), ==, 390000);
  g_assert_cmpuint (ocop_sale_get_n_lines (first), ==, 2);

  /* Search works on products imported before search existed. */
  found = ocop_store_search (store, "ruou mo yen tu", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (ocop_product_get_sku (found->pdata[0]), ==, "UB-001");

  /* Tallies back-filled from the old journal. */
  report = ocop_report_day (store, NULL, "2024-12-11", &error);
  g_assert_no_error (error);
  g_assert_cmpint (report->sales_count, ==, 2);
  g_assert_cmpint (report->gross, ==, 970000);
  g_assert_cmpint (report->void_count, ==, 1);
  g_assert_cmpint (report->void_amount, ==, 610000);
  g_assert_cmpint (report->net, ==, 360000);
  g_assert_cmpint (report->items, ==, 2);
  g_assert_cmpint (report->visitors, ==, 250);
  g_assert_cmpuint (report->by_hour->len, ==, 1);
  g_assert_cmpint (g_array_index (report->by_hour, OcopHourTotal, 0).hour, ==, 10);
  g_assert_cmpstr (report->state, ==, "open");

  /* New sales carry on the numbering and the outbox sequence. */
  ocop_store_set_clock (store, G_GINT64_CONSTANT (1733890000000000));
  {
    const char *skus[] = { "DH-001", NULL };
    next = test_util_sell (store, skus, 1, OCOP_PAYMENT_CASH);
  }
  g_assert_cmpint (ocop_sale_get_receipt_no (next), ==, 4);
  g_assert_cmpint (ocop_store_outbox_last_seq (store), ==, 4);
  g_clear_pointer (&report, ocop_day_report_free);
  report = ocop_report_day (store, NULL, "2024-12-11", &error);
  g_assert_cmpint (report->net, ==, 540000);

  g_clear_object (&store);
  test_util_remove_dir (dir);
}

static void
test_refuse_newer_store (void)
{
  g_autofree char *dir = test_util_make_dir ();
  g_autofree char *path = g_build_filename (dir, "future.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopStore) store = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE t (x); PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = ocop_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "99"));
  test_util_remove_dir (dir);
}

static void
test_refuse_not_a_store (void)
{
  g_autofree char *dir = test_util_make_dir ();
  g_autofree char *path = g_build_filename (dir, "photo.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopStore) store = NULL;

  g_assert_true (g_file_set_contents (path, "\x89PNG\r\n\x1a\n not a database at all, but long enough to have a header.......", -1, NULL));
  store = ocop_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_CORRUPT);
  test_util_remove_dir (dir);
}

/* A void recorded before approvals were kept reads back without an
 * approver (none is made up), and its receipt reprints without the line
 * that new voids have; a new void in the same store has it. */
static void
test_old_void_has_no_approver (void)
{
  g_autofree char *dir = test_util_make_dir ();
  g_autofree char *path = make_v1_store (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopStore) store = ocop_store_open (path, &error);
  g_autoptr(OcopSale) old_void = NULL, new_void = NULL;
  g_autoptr(OcopReceipt) old_receipt = NULL, new_receipt = NULL;
  g_autofree char *old_text = NULL, *new_text = NULL;

  g_assert_no_error (error);
  old_void = ocop_store_load_sale (store, "#2", &error);
  g_assert_no_error (error);
  g_assert_cmpint (ocop_sale_get_kind (old_void), ==, OCOP_SALE_KIND_VOID);
  g_assert_null (ocop_sale_get_approver (old_void));
  g_assert_cmpstr (ocop_sale_get_cashier (old_void), ==, "Hoa");
  old_receipt = ocop_receipt_new_for_sale (store, old_void, NULL, &error);
  g_assert_no_error (error);
  old_text = ocop_receipt_to_text (old_receipt);
  g_assert_nonnull (strstr (old_text, "khách đổi ý"));
  g_assert_null (strstr (old_text, "Approved by"));

  ocop_store_set_clock (store, G_GINT64_CONSTANT (1733888000000000));
  new_void = ocop_store_void_sale (store, "#3", "nhầm", "Hoa", test_util_approval (store), &error);
  g_assert_no_error (error);
  new_receipt = ocop_receipt_new_for_sale (store, new_void, NULL, &error);
  g_assert_no_error (error);
  new_text = ocop_receipt_to_text (new_receipt);
  g_assert_nonnull (strstr (new_text, "Approved by"));
  g_clear_object (&store);
  test_util_remove_dir (dir);
}

/* A store of schema 10 had one search index; version 11 gives names their
 * own, filled from the folded names already indexed. */
static void
test_name_index_from_v10 (void)
{
  g_autofree char *dir = test_util_make_dir ();
  g_autofree char *path = make_v1_store (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopStore) store = ocop_store_open (path, &error);
  g_autoptr(GPtrArray) by_name = NULL, by_producer = NULL;
  sqlite3 *db = NULL;

  g_assert_no_error (error);
  g_clear_object (&store);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  /* Back to what version 10 had: without the name index, nor what later
   * versions added. */
  g_assert_cmpint (sqlite3_exec (db, "DROP TABLE product_name_search; DROP TABLE approval_failure;"
                                     " DROP TABLE handover;"
                                     " DROP TABLE parked_cart;"
                                     " DROP TABLE transfer_confirmation;"
                                     " ALTER TABLE sale DROP COLUMN approver;"
                                     " ALTER TABLE business_day DROP COLUMN cash_expected;"
                                     " ALTER TABLE business_day DROP COLUMN cash_counted;"
                                     " ALTER TABLE business_day DROP COLUMN closed_by;"
                                     " ALTER TABLE sale_line DROP COLUMN amount;"
                                     " ALTER TABLE sale_line DROP COLUMN measured;"
                                     " ALTER TABLE tally_product DROP COLUMN measure;"
                                     " PRAGMA user_version = 10", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);

  store = ocop_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (test_util_query_int (store, "SELECT count (*) FROM product_name_search"), ==, 2);
  g_assert_cmpint (test_util_query_int (store, "SELECT count (*) FROM product_name_search"
                                               " WHERE product_name_search MATCH 'mat ong rung'"), ==, 1);
  by_name = ocop_store_search (store, "Rượu mơ", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (by_name->len, ==, 1);
  g_assert_cmpstr (ocop_product_get_sku (by_name->pdata[0]), ==, "UB-001");
  /* "HTX" is only in a producer's name: found, through the other index. */
  by_producer = ocop_store_search (store, "htx", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (by_producer->len, ==, 1);
  g_assert_cmpstr (ocop_product_get_sku (by_producer->pdata[0]), ==, "DH-001");

  g_clear_object (&store);
  test_util_remove_dir (dir);
}

/* A migration marks the search index stale in its own transaction and the
 * open that rebuilds it clears the mark: a store left marked (the program
 * died between the two) is rebuilt at its next open, and an unmarked one
 * is not looked at. */
static void
test_search_index_rebuilt_when_marked (void)
{
  g_autofree char *dir = test_util_make_dir ();
  g_autofree char *path = make_v1_store (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopStore) store = ocop_store_open (path, &error);
  sqlite3 *db = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (test_util_query_int (store, "SELECT count (*) FROM meta WHERE key = 'search_index_stale'"), ==, 0);
  g_clear_object (&store);

  /* Unmarked: an index missing a row stays as it is. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM product_search WHERE sku = 'UB-001';"
                                     " DELETE FROM product_name_search", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  store = ocop_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (test_util_query_int (store, "SELECT count (*) FROM product_search"), ==, 1);
  g_clear_object (&store);

  /* Marked, as a migration leaves it: rebuilt whole, and the mark gone. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO meta (key, value) VALUES ('search_index_stale', '1')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  store = ocop_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (test_util_query_int (store, "SELECT count (*) FROM product_search"), ==, 2);
  g_assert_cmpint (test_util_query_int (store, "SELECT count (*) FROM product_name_search"), ==, 2);
  g_assert_cmpint (test_util_query_int (store, "SELECT count (*) FROM meta WHERE key = 'search_index_stale'"), ==, 0);

  g_clear_object (&store);
  test_util_remove_dir (dir);
}

/* The payload of the outbox event at @seq, parsed. */
static JsonObject *
event_payload (OcopStore *store,
               gint64     seq,
               JsonNode **root)
{
  g_autofree char *sql = g_strdup_printf ("SELECT payload FROM outbox WHERE seq = %" G_GINT64_FORMAT, seq);
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (ocop_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  *root = json_from_string ((const char *) sqlite3_column_text (stmt, 0), &error);
  sqlite3_finalize (stmt);
  g_assert_no_error (error);
  return json_node_get_object (*root);
}

static JsonObject *
payload_line (JsonObject *payload,
              guint       i)
{
  return json_array_get_object_element (json_object_get_array_member (payload, "lines"), i);
}

/* Lines sold before the store recorded producer kinds stay without one:
 * a refund of such a sale sends none (the hub counts both as unknown),
 * even though today's catalog names the producer's kind, while a new sale
 * records the kind of its product as sold. */
static void
test_old_lines_keep_no_kind (void)
{
  g_autofree char *dir = test_util_make_dir ();
  g_autofree char *path = make_v1_store (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopStore) store = ocop_store_open (path, &error);
  g_autoptr(OcopSale) refund = NULL, next = NULL, loaded = NULL;
  g_autoptr(JsonNode) refund_root = NULL, sale_root = NULL;
  JsonObject *refund_payload, *sale_payload;
  const char *skus[] = { "DH-001", "UB-001", NULL };

  g_assert_no_error (error);
  ocop_store_set_clock (store, G_GINT64_CONSTANT (1733890000000000));
  refund = ocop_store_refund_sale (store, "#3", "DH-001", 1, OCOP_PAYMENT_CASH, "lọ vỡ", NULL, test_util_approval (store), &error);
  g_assert_no_error (error);
  next = test_util_sell (store, skus, 1, OCOP_PAYMENT_CASH);

  refund_payload = event_payload (store, 4, &refund_root);
  g_assert_cmpstr (json_object_get_string_member (refund_payload, "kind"), ==, "refund");
  g_assert_false (json_object_has_member (payload_line (refund_payload, 0), "producer_kind"));
  g_assert_cmpint (test_util_query_int (store, "SELECT count (*) FROM sale_line WHERE producer_kind IS NOT NULL"
                                               " AND sale_id <= 4"), ==, 0);

  sale_payload = event_payload (store, 5, &sale_root);
  g_assert_cmpstr (json_object_get_string_member (payload_line (sale_payload, 0), "sku"), ==, "DH-001");
  g_assert_cmpstr (json_object_get_string_member (payload_line (sale_payload, 0), "producer_kind"), ==, "cooperative");
  g_assert_cmpstr (json_object_get_string_member (payload_line (sale_payload, 1), "producer_kind"), ==, "enterprise");
  /* And it reads back from the file with the kinds. */
  loaded = ocop_store_load_sale (store, "#5", &error);
  g_assert_no_error (error);
  g_assert_cmpint (ocop_sale_get_line (loaded, 0)->producer_kind, ==, OCOP_PRODUCER_COOPERATIVE);
  g_assert_cmpint (ocop_sale_get_line (loaded, 1)->producer_kind, ==, OCOP_PRODUCER_ENTERPRISE);

  g_clear_object (&store);
  test_util_remove_dir (dir);
}

/* Everything a booth has printed, as bytes: each sale's receipt in text
 * and in raster ESC/POS, the day report, and the Z report reprinted. */
static GBytes *
text_bytes (char *text)
{
  return g_bytes_new_take (text, strlen (text));
}

static GPtrArray *
printed_output (OcopStore  *store,
                const char *day)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sales = ocop_store_list_sales (store, day, &error);
  g_autoptr(OcopDayReport) report = ocop_report_day (store, NULL, day, &error);
  g_autoptr(OcopReceipt) z = ocop_receipt_new_for_z_report (store, day, NULL, &error);
  OcopReceiptOptions options = { .width_dots = 576 };

  g_assert_no_error (error);
  for (guint i = 0; i < sales->len; i++)
    {
      g_autoptr(OcopReceipt) receipt = ocop_receipt_new_for_sale (store, sales->pdata[i], &options, &error);

      g_assert_no_error (error);
      g_ptr_array_add (out, text_bytes (ocop_receipt_to_text (receipt)));
      g_ptr_array_add (out, ocop_receipt_to_escpos (receipt, OCOP_RECEIPT_RASTER, &error));
      g_assert_no_error (error);
    }
  g_ptr_array_add (out, text_bytes (ocop_day_report_to_text (report, FALSE)));
  g_ptr_array_add (out, ocop_receipt_to_escpos (z, OCOP_RECEIPT_TEXT, &error));
  g_assert_no_error (error);
  return out;
}

/* Every event of the outbox with its hash, in order. */
static char *
outbox_text (OcopStore *store)
{
  sqlite3_stmt *stmt = NULL;
  GString *out = g_string_new (NULL);

  g_assert_cmpint (sqlite3_prepare_v2 (ocop_store_get_db (store), "SELECT payload, hash FROM outbox ORDER BY seq",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (out, "%s %s\n", sqlite3_column_text (stmt, 0), sqlite3_column_text (stmt, 1));
  sqlite3_finalize (stmt);
  return g_string_free (out, FALSE);
}

/* A store of schema 14 knew nothing of weight: it sold the demo's "kg"
 * products by the piece. Schema 15 keeps every such line as pieces, so
 * each receipt reprints byte for byte, reports and the Z report keep
 * their figures, and the outbox its events; then the booth weighs. */
static void
test_weighed_from_v14 (void)
{
  g_autofree char *dir = test_util_make_dir ();
  g_autofree char *path = g_build_filename (dir, "ocop.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopStore) store = test_util_demo_store (dir);
  g_autoptr(OcopProduct) squid = ocop_store_find_sku (store, "QN-CT-001", &error);
  g_autoptr(OcopProduct) honey = ocop_store_find_sku (store, "QN-DH-002", &error);
  g_autoptr(OcopSale) old = ocop_sale_new ();
  g_autoptr(OcopSale) weighed = ocop_sale_new ();
  g_autoptr(OcopSale) refund = NULL;
  g_autoptr(GPtrArray) before = NULL, after = NULL;
  g_autofree char *day = NULL, *events_before = NULL, *events_after = NULL, *receipt_text = NULL;
  /* Two "kg" of squid as schema 14 recorded them: whole pieces. */
  OcopSaleLine piece = { .sku = "QN-CT-001", .name = "Mực khô Cô Tô", .unit = "kg", .quantity = 2,
                         .unit_price = ocop_product_get_price (squid), .producer_kind = OCOP_PRODUCER_COOPERATIVE };
  sqlite3 *db = NULL;

  g_assert_no_error (error);
  ocop_sale_append_line (old, &piece);
  g_assert_true (ocop_sale_add_product (old, honey, 1, &error));
  g_assert_true (ocop_sale_add_payment (old, OCOP_PAYMENT_CASH, -1, 5000000, &error));
  g_assert_true (ocop_store_commit_sale (store, old, &error));
  refund = ocop_store_refund_sale (store, "#1", "QN-CT-001", 1, OCOP_PAYMENT_CASH, "ẩm", NULL,
                                   test_util_approval (store), &error);
  g_assert_no_error (error);
  day = g_strdup (ocop_sale_get_business_day (old));
  g_free (ocop_store_close_day (store, day, test_util_approval (store), 0, &error));
  g_assert_no_error (error);
  before = printed_output (store, day);
  events_before = outbox_text (store);
  g_clear_object (&store);

  /* Back to schema 14: without what versions 15 and 16 added. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "ALTER TABLE sale_line DROP COLUMN amount;"
                                     " ALTER TABLE sale_line DROP COLUMN measured;"
                                     " ALTER TABLE tally_product DROP COLUMN measure;"
                                     " DROP TABLE transfer_confirmation;"
                                     " PRAGMA user_version = 14", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);

  store = ocop_store_open (path, &error);
  g_assert_no_error (error);
  ocop_store_set_clock (store, TEST_FAIR_MORNING_US);   /* reports print when */
  g_assert_cmpint (test_util_query_int (store, "PRAGMA user_version"), ==, OCOP_STORE_SCHEMA_VERSION);
  g_assert_cmpint (test_util_query_int (store, "SELECT count (*) FROM sale_line WHERE measured = 0 AND amount IS NULL"),
                   ==, test_util_query_int (store, "SELECT count (*) FROM sale_line"));
  after = printed_output (store, day);
  g_assert_cmpuint (after->len, ==, before->len);
  for (guint i = 0; i < before->len; i++)
    g_assert_true (g_bytes_equal (before->pdata[i], after->pdata[i]));
  receipt_text = g_strndup (g_bytes_get_data (after->pdata[0], NULL), g_bytes_get_size (after->pdata[0]));
  g_assert_nonnull (strstr (receipt_text, "2 kg × 1.200.000"));
  g_assert_nonnull (strstr (receipt_text, "2.400.000 ₫"));
  events_after = outbox_text (store);
  g_assert_cmpstr (events_after, ==, events_before);

  /* The next day the same squid is weighed. */
  ocop_store_set_clock (store, TEST_FAIR_MORNING_US + 24 * TEST_HOUR_US);
  g_clear_object (&squid);
  squid = ocop_store_find_sku (store, "QN-CT-001", &error);
  g_assert_true (ocop_sale_add_measured (weighed, squid, 350, ocop_store_get_rounding (store), &error));
  g_assert_true (ocop_sale_add_payment (weighed, OCOP_PAYMENT_CASH, -1, 0, &error));
  g_assert_true (ocop_store_commit_sale (store, weighed, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ocop_sale_get_total (weighed), ==, 420000);
  g_clear_object (&store);
  test_util_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/migration/from-v1", test_migrate_from_v1);
  g_test_add_func ("/migration/weighed-from-v14", test_weighed_from_v14);
  g_test_add_func ("/migration/old-lines-keep-no-kind", test_old_lines_keep_no_kind);
  g_test_add_func ("/migration/name-index-from-v10", test_name_index_from_v10);
  g_test_add_func ("/migration/search-index-rebuilt-when-marked", test_search_index_rebuilt_when_marked);
  g_test_add_func ("/migration/old-void-has-no-approver", test_old_void_has_no_approver);
  g_test_add_func ("/migration/refuse-newer", test_refuse_newer_store);
  g_test_add_func ("/migration/refuse-not-a-store", test_refuse_not_a_store);

  return g_test_run ();
}
