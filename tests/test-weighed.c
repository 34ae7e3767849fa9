/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-weighed.c: goods sold by weight in a real store: a weighed line
 * recorded and read back, its sync event beside an unchanged piece line,
 * voids and partial refunds that add up to the line exactly, the day's
 * tallies, reports and Z report in kg, and receipts in raster and text. */

#include <string.h>
#include <json-glib/json-glib.h>

#include "escpos-decoder.h"
#include "ocop-receipt.h"
#include "ocop-report.h"
#include "ocop-store-private.h"
#include "ocop-sync-protocol.h"
#include "test-util.h"

#define SQUID "QN-CT-001"   /* Mực khô Cô Tô, 1.200.000 ₫/kg */
#define HONEY "QN-DH-002"   /* Mật ong rừng Đầm Hà, 350.000 ₫ a bottle */

typedef TestStoreFixture Fixture;

static OcopProduct *
find (Fixture    *f,
      const char *sku)
{
  return test_util_find_sku (f->store, sku);
}

/* The day's total of @sku, NULL when the day nets to nothing of it. */
static const OcopProductTotal *
product_total (const OcopDayReport *report,
               const char          *sku)
{
  for (guint i = 0; i < report->by_product->len; i++)
    if (g_str_equal (((OcopProductTotal *) report->by_product->pdata[i])->sku, sku))
      return report->by_product->pdata[i];
  return NULL;
}

/* 0,350 kg of squid (less @discount) and a bottle of honey, paid in cash. */
static OcopSale *
sell_squid (Fixture *f,
            gint64   thousandths,
            gint64   discount)
{
  g_autoptr(OcopProduct) squid = find (f, SQUID);
  g_autoptr(OcopProduct) honey = find (f, HONEY);
  g_autoptr(OcopSale) sale = ocop_sale_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (ocop_sale_add_measured (sale, squid, thousandths, ocop_store_get_rounding (f->store), &error));
  g_assert_true (ocop_sale_add_product (sale, honey, 1, &error));
  if (discount > 0)
    g_assert_true (ocop_sale_set_line_discount (sale, 0, discount, &error));
  g_assert_true (ocop_sale_add_payment (sale, OCOP_PAYMENT_CASH, -1, 0, &error));
  g_assert_true (ocop_store_commit_sale (f->store, sale, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&sale);
}

/* The lines of the newest event in the outbox. */
static JsonArray *
last_event_lines (Fixture   *f,
                  JsonNode **root)
{
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (ocop_store_get_db (f->store),
                                       "SELECT payload FROM outbox ORDER BY seq DESC LIMIT 1", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  *root = json_from_string ((const char *) sqlite3_column_text (stmt, 0), &error);
  sqlite3_finalize (stmt);
  g_assert_no_error (error);
  return json_object_get_array_member (json_node_get_object (*root), OCOP_SYNC_PAYLOAD_LINES);
}

static void
test_recorded (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(OcopSale) sale = sell_squid (f, 350, 0);
  g_autoptr(OcopSale) loaded = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  const OcopSaleLine *line;
  JsonArray *lines;
  JsonObject *weighed, *piece;

  g_assert_cmpint (ocop_sale_get_total (sale), ==, 420000 + 350000);
  loaded = ocop_store_load_sale (f->store, ocop_sale_get_uuid (sale), &error);
  g_assert_no_error (error);
  line = ocop_sale_get_line (loaded, 0);
  g_assert_true (line->measured);
  g_assert_cmpint (line->quantity, ==, 350);
  g_assert_cmpint (line->amount, ==, 420000);
  g_assert_cmpstr (line->unit, ==, "kg");
  line = ocop_sale_get_line (loaded, 1);
  g_assert_false (line->measured);
  g_assert_cmpint (line->amount, ==, 350000);
  g_assert_cmpint (ocop_sale_get_total (loaded), ==, 770000);
  g_assert_cmpint (test_util_query_int (f->store, "SELECT count (*) FROM sale_line WHERE measured = 0 AND amount IS NULL"),
                   ==, 1);

  /* The event: the weighed line says so; the piece line has its old shape. */
  lines = last_event_lines (f, &root);
  weighed = json_array_get_object_element (lines, 0);
  piece = json_array_get_object_element (lines, 1);
  g_assert_true (json_object_get_boolean_member (weighed, OCOP_SYNC_LINE_MEASURED));
  g_assert_cmpint (json_object_get_int_member (weighed, OCOP_SYNC_LINE_AMOUNT), ==, 420000);
  g_assert_cmpint (json_object_get_int_member (weighed, OCOP_SYNC_LINE_QUANTITY), ==, 350);
  g_assert_false (json_object_has_member (piece, OCOP_SYNC_LINE_MEASURED));
  g_assert_false (json_object_has_member (piece, OCOP_SYNC_LINE_AMOUNT));
  g_assert_cmpuint (json_object_get_size (piece), ==, 7);
}

/* The rounding is the booth's: 0,123 kg at 1.200.000 ₫/kg is 147.600 ₫. */
static void
test_rounding_setting (Fixture       *f,
                       gconstpointer  data)
{
  static const struct { gint64 rounding; gint64 amount; } cases[] = {
    { 1000, 148000 }, { 500, 147500 }, { 100, 147600 }, { 1, 147600 },
  };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(OcopSale) sale = NULL;

      g_assert_true (ocop_store_set_rounding (f->store, cases[i].rounding, &error));
      sale = sell_squid (f, 123, 0);
      g_assert_cmpint (ocop_sale_get_line (sale, 0)->amount, ==, cases[i].amount);
    }
}

static void
test_void (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(OcopSale) sale = sell_squid (f, 350, 20000);
  g_autoptr(OcopSale) reversal = NULL;
  g_autoptr(OcopDayReport) report = NULL;
  g_autoptr(GError) error = NULL;
  const OcopSaleLine *line;

  reversal = ocop_store_void_sale (f->store, "#1", "cân nhầm", "Lan", test_util_approval (f->store), &error);
  g_assert_no_error (error);
  line = ocop_sale_get_line (reversal, 0);
  g_assert_true (line->measured);
  g_assert_cmpint (line->quantity, ==, -350);
  g_assert_cmpint (line->amount, ==, -420000);
  g_assert_cmpint (ocop_sale_get_total (reversal), ==, -ocop_sale_get_total (sale));

  report = ocop_report_day (f->store, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (report->net, ==, 0);
  g_assert_cmpint (report->items, ==, 0);
  /* Every product nets to nothing: no row is left. */
  g_assert_cmpuint (report->by_product->len, ==, 0);
}

/* Refund 0,100 kg, 0,100 kg, then the rest of a 0,350 kg line discounted
 * 20.000 ₫: each takes ⌊x × refunded / 350⌋ cumulatively, so that the three
 * add up to the line exactly and no fourth is possible. */
static void
test_partial_refunds (Fixture       *f,
                      gconstpointer  data)
{
  static const struct { gint64 take; gint64 amount; gint64 discount; } steps[] = {
    { 100, 120000, 5714 }, { 100, 120000, 5714 }, { 150, 180000, 8572 },
  };
  g_autoptr(OcopSale) sale = sell_squid (f, 350, 20000);
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopDayReport) report = NULL;
  gint64 refunded = 0;

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autoptr(OcopSale) refund = ocop_store_refund_sale (f->store, "#1", SQUID, steps[i].take, OCOP_PAYMENT_CASH,
                                                            "ẩm", "Lan", test_util_approval (f->store), &error);
      g_autoptr(JsonNode) root = NULL;
      JsonObject *event_line;
      const OcopSaleLine *line;

      g_assert_no_error (error);
      g_assert_cmpuint (ocop_sale_get_n_lines (refund), ==, 1);
      line = ocop_sale_get_line (refund, 0);
      g_assert_true (line->measured);
      g_assert_cmpint (line->quantity, ==, -steps[i].take);
      g_assert_cmpint (line->amount, ==, -steps[i].amount);
      g_assert_cmpint (line->discount, ==, -steps[i].discount);
      refunded -= ocop_sale_get_total (refund);
      event_line = json_array_get_object_element (last_event_lines (f, &root), 0);
      g_assert_true (json_object_get_boolean_member (event_line, OCOP_SYNC_LINE_MEASURED));
      g_assert_cmpint (json_object_get_int_member (event_line, OCOP_SYNC_LINE_AMOUNT), ==, -steps[i].amount);
    }
  g_assert_cmpint (refunded, ==, 420000 - 20000);

  g_assert_null (ocop_store_refund_sale (f->store, "#1", SQUID, 1, OCOP_PAYMENT_CASH, "ẩm", "Lan",
                                         test_util_approval (f->store), &error));
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_REFUND_TOO_LARGE);
  g_clear_error (&error);

  report = ocop_report_day (f->store, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (report->refund_amount, ==, 400000);
  g_assert_null (product_total (report, SQUID));
  g_assert_cmpint (product_total (report, HONEY)->quantity, ==, 1);
}

/* A pack labelled almost 500 ₫ below its exact price (1,092 kg at
 * 960.498 ₫/kg is 1.048.863,8 ₫; the label says 1.048.364 ₫), refunded in
 * two parts: 1,091 kg takes ⌊1.048.364 × 1091 / 1092⌋ = 1.047.403 ₫, 500,3 ₫
 * below its exact 1.047.903,3 ₫. A share of a rounded amount may lie up to
 * 1 ₫ further than the rounding itself: both parts are recorded, and they
 * add up to the label's price. */
static void
test_refund_near_rounding_limit (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(OcopProduct) squid = find (f, SQUID);
  OcopProductInfo info = *ocop_product_get_info (squid);
  g_autoptr(OcopProduct) dear = NULL;
  g_autoptr(OcopSale) sale = ocop_sale_new ();
  g_autoptr(OcopSale) most = NULL;
  g_autoptr(OcopSale) rest = NULL;
  g_autoptr(GError) error = NULL;

  info.price_vnd = 960498;
  dear = ocop_product_new (&info);
  g_assert_true (ocop_sale_add_pack (sale, dear, 1092, 1048364, &error));
  g_assert_true (ocop_sale_add_payment (sale, OCOP_PAYMENT_CASH, -1, 0, &error));
  g_assert_true (ocop_store_commit_sale (f->store, sale, &error));
  g_assert_no_error (error);

  most = ocop_store_refund_sale (f->store, "#1", SQUID, 1091, OCOP_PAYMENT_CASH, "ẩm", "Lan",
                                 test_util_approval (f->store), &error);
  g_assert_no_error (error);
  g_assert_cmpint (ocop_sale_get_line (most, 0)->amount, ==, -1047403);
  rest = ocop_store_refund_sale (f->store, "#1", SQUID, 1, OCOP_PAYMENT_CASH, "ẩm", "Lan",
                                 test_util_approval (f->store), &error);
  g_assert_no_error (error);
  g_assert_cmpint (ocop_sale_get_total (most) + ocop_sale_get_total (rest), ==, -1048364);
}

/* A refund more than the line weighed is refused, whole. */
static void
test_refund_too_much (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(OcopSale) sale = sell_squid (f, 350, 0);
  g_autoptr(GError) error = NULL;

  g_assert_null (ocop_store_refund_sale (f->store, "#1", SQUID, 351, OCOP_PAYMENT_CASH, "ẩm", "Lan",
                                         test_util_approval (f->store), &error));
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_REFUND_TOO_LARGE);
  g_assert_cmpint (test_util_query_int (f->store, "SELECT count (*) FROM sale WHERE kind = 'refund'"), ==, 0);
}

static void
test_report (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(OcopSale) one = sell_squid (f, 350, 0);
  g_autoptr(OcopSale) two = sell_squid (f, 1250, 0);
  g_autoptr(OcopDayReport) report = NULL;
  g_autoptr(OcopDayReport) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL, *json = NULL, *z = NULL, *z_text = NULL;
  const OcopProductTotal *squid = NULL;

  report = ocop_report_day (f->store, NULL, NULL, &error);
  g_assert_no_error (error);
  /* Two weighed lines and two bottles. */
  g_assert_cmpint (report->items, ==, 4);
  squid = product_total (report, SQUID);
  g_assert_nonnull (squid);
  g_assert_cmpint (squid->quantity, ==, 0);
  g_assert_cmpint (squid->measure, ==, 1600);
  g_assert_cmpint (squid->amount, ==, 420000 + 1500000);
  text = ocop_day_report_to_text (report, FALSE);
  g_assert_nonnull (strstr (text, "1,600 kg"));
  g_assert_nonnull (strstr (text, "1.920.000 ₫"));

  /* The Z report keeps the weight through its stored JSON. */
  json = ocop_store_close_day (f->store, NULL, test_util_approval (f->store), ocop_day_report_cash (report), &error);
  g_assert_no_error (error);
  z = ocop_store_get_z_report (f->store, ocop_sale_get_business_day (one), &error);
  g_assert_no_error (error);
  stored = ocop_day_report_from_json (z, &error);
  g_assert_no_error (error);
  z_text = ocop_day_report_to_text (stored, TRUE);
  g_assert_nonnull (strstr (z_text, "1,600 kg"));
}

static void
test_receipts (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(OcopSale) sale = sell_squid (f, 350, 0);
  g_autoptr(GError) error = NULL;
  OcopReceiptOptions options = { .width_dots = 576 };
  g_autoptr(OcopReceipt) receipt = ocop_receipt_new_for_sale (f->store, sale, &options, &error);
  g_autofree char *text = NULL;
  g_autoptr(GBytes) raster = NULL, native = NULL;
  g_autoptr(EscposDecoded) decoded_raster = NULL, decoded_text = NULL;

  g_assert_no_error (error);
  text = ocop_receipt_to_text (receipt);
  g_assert_nonnull (strstr (text, "0,350 kg × 1.200.000 ₫/kg ="));
  g_assert_nonnull (strstr (text, "420.000 ₫"));
  g_assert_nonnull (strstr (text, "1 chai × 350.000"));
  g_assert_nonnull (strstr (text, "770.000 ₫"));

  native = ocop_receipt_to_escpos (receipt, OCOP_RECEIPT_TEXT, &error);
  g_assert_no_error (error);
  decoded_text = escpos_decode (native, &error);
  g_assert_no_error (error);
  g_test_message ("%s", decoded_text->text->str);
  g_assert_nonnull (strstr (decoded_text->text->str, "0,350 kg"));
  g_assert_nonnull (strstr (decoded_text->text->str, "420.000"));
  g_assert_nonnull (strstr (decoded_text->text->str, "1.200.000"));

  raster = ocop_receipt_to_escpos (receipt, OCOP_RECEIPT_RASTER, &error);
  g_assert_no_error (error);
  decoded_raster = escpos_decode (raster, &error);
  g_assert_no_error (error);
  g_assert_nonnull (decoded_raster->raster);
  g_assert_cmpuint (ocop_bitmap_count_black (decoded_raster->raster), >, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) test_util_add_store_test (path, 0, func)
  ADD ("/weighed/recorded", test_recorded);
  ADD ("/weighed/rounding-setting", test_rounding_setting);
  ADD ("/weighed/void", test_void);
  ADD ("/weighed/partial-refunds", test_partial_refunds);
  ADD ("/weighed/refund-too-much", test_refund_too_much);
  ADD ("/weighed/refund-near-rounding-limit", test_refund_near_rounding_limit);
  ADD ("/weighed/report", test_report);
  ADD ("/weighed/receipts", test_receipts);
#undef ADD

  return g_test_run ();
}
