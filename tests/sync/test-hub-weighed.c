/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-hub-weighed.c: weighed goods at a real ocop-hub on loopback
 * (SQLite, and PostgreSQL through run-pg.sh): measured lines tally in
 * thousandths apart from pieces, at their recorded amounts, in the totals
 * JSON, the dashboard, its CSV and `ocop-hub report`; a hub database from
 * before weighed goods keeps every figure it held; a real till's weighed
 * sales, voids and partial refunds add up at the hub to its own report. */

#include <string.h>

#include "ocop-report.h"
#include "ocop-sync-protocol.h"
#include "sync-fixture.h"
#include "test-util.h"

#define FAIR "qn-2024"
#define DAY "2024-12-20"
#define BOOTH "{\"code\":\"QN-09\",\"name\":\"HTX Cô Tô\"}"
#define PASSWORD "hoa-sim-tim-2024"

/* Dried squid at 1.200.000 ₫/kg, sá sùng at 2.800.000 ₫/kg, tea by the
 * box: the first two weighed, the third by the piece. */
#define SQUID "\"sku\":\"QN-CT-001\",\"name\":\"Mực khô Cô Tô\",\"unit\":\"kg\",\"producer_kind\":\"cooperative\""
#define SASUNG "\"sku\":\"QN-VD-001\",\"name\":\"Sá sùng Vân Đồn\",\"unit\":\"kg\",\"producer_kind\":\"cooperative\""
#define TEA "\"sku\":\"QN-T-01\",\"name\":\"Trà hoa vàng\",\"unit\":\"hộp\",\"producer_kind\":\"cooperative\""

typedef struct {
  TestHub    hub;
  OcopStore *raw;       /* the device that sends the hand-made batches */
  gint64     sent;      /* events the raw device sent: its seqs run from 1 */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  test_hub_start (&f->hub, NULL);
  f->raw = test_device_new (&f->hub, "raw", FAIR, "QN-09");
  test_hub_add_organizer (&f->hub, "anna", PASSWORD);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->raw);
  test_hub_clear (&f->hub);
}

/* A sale, void or refund (@kind) of @lines (JSON objects' text, joined by
 * commas), totalling @total paid in cash. */
static char *
record (const char *uuid,
        const char *kind,
        gint64      total,
        const char *lines)
{
  return g_strdup_printf ("{\"uuid\":\"%s\",\"kind\":\"%s\",\"business_day\":\"" DAY "\",\"total\":%" G_GINT64_FORMAT
                          ",\"lines\":[%s],\"payments\":[{\"method\":\"cash\",\"amount\":%" G_GINT64_FORMAT "}]}",
                          uuid, kind, total, lines, total);
}

/* Sends @payloads (NULL-terminated, taken) as the raw device's next
 * events: all of them taken. */
static void
send (Fixture *f,
      char    *first,
      ...)
{
  g_autoptr(GPtrArray) payloads = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *device_id = test_util_sync_text (f->raw, device_id);
  g_autofree char *body = NULL, *reply = NULL;
  va_list args;

  va_start (args, first);
  for (char *payload = first; payload != NULL; payload = va_arg (args, char *))
    g_ptr_array_add (payloads, payload);
  va_end (args);
  body = test_batch_new (device_id, BOOTH, payloads, f->sent + 1);
  if (test_hub_post_batch (&f->hub, f->raw, body, &reply) != 200)
    g_error ("the batch was refused: %s", reply);
  f->sent += payloads->len;
}

/* Squid weighed twice, one weighing voided, 0,100 kg of the other
 * refunded; a pack of sá sùng at its label's price less a discount; two
 * boxes of tea. What stays: 0,250 kg of squid for 300.000 ₫, 0,123 kg of
 * sá sùng for 340.000 ₫, 2 boxes of tea for 100.000 ₫. */
static void
sell_weighed (Fixture *f)
{
  send (f,
        record ("w-1", "sale", 520000,
                "{" SQUID ",\"measured\":true,\"quantity\":350,\"unit_price\":1200000,\"amount\":420000,"
                "\"discount\":0},{" TEA ",\"quantity\":2,\"unit_price\":50000,\"discount\":0}"),
        /* 2.800.000 × 0,123 = 344.400 ₫; the label says 344.000. */
        record ("w-2", "sale", 340000,
                "{" SASUNG ",\"measured\":true,\"quantity\":123,\"unit_price\":2800000,\"amount\":344000,"
                "\"discount\":4000}"),
        record ("w-3", "sale", 1500000,
                "{" SQUID ",\"measured\":true,\"quantity\":1250,\"unit_price\":1200000,\"amount\":1500000,"
                "\"discount\":0}"),
        record ("w-4", "void", -1500000,
                "{" SQUID ",\"measured\":true,\"quantity\":-1250,\"unit_price\":1200000,\"amount\":-1500000,"
                "\"discount\":0}"),
        record ("w-5", "refund", -120000,
                "{" SQUID ",\"measured\":true,\"quantity\":-100,\"unit_price\":1200000,\"amount\":-120000,"
                "\"discount\":0}"),
        NULL);
}

static JsonObject *
row_of (JsonObject *object,
        const char *array,
        const char *member,
        const char *value)
{
  JsonArray *rows = json_object_get_array_member (object, array);

  for (guint i = 0; rows != NULL && i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      if (g_strcmp0 (json_object_get_string_member (row, member), value) == 0)
        return row;
    }
  return NULL;
}

static gint64
member (JsonObject *object,
        const char *name)
{
  return json_object_get_int_member (object, name);
}

/* The fair's totals (of @day when not NULL), as the organizer reads them. */
static JsonNode *
totals_of (Fixture    *f,
           const char *day)
{
  g_autofree char *token = test_hub_log_in (&f->hub, "anna", PASSWORD);

  return test_hub_totals_as (&f->hub, FAIR, day, token);
}

/* A dashboard page or export of the fair, as the signed-in organizer. */
static char *
fetch (Fixture    *f,
       const char *path)
{
  g_autofree char *token = test_hub_log_in (&f->hub, "anna", PASSWORD);
  g_autofree char *url = g_strconcat (f->hub.url, path, NULL);
  g_auto(TestReply) reply = { 0 };

  test_request (&reply, "GET", url, token, NULL, NULL);
  g_assert_cmpint (reply.status, ==, 200);
  return g_strdup (reply.body->str);
}

static void
assert_contains (const char *text,
                 const char *expected)
{
  if (strstr (text, expected) == NULL)
    g_error ("expected “%s” in:\n%s", expected, text);
}

/* The totals JSON, the page, products.csv, kinds.csv and `ocop-hub report
 * kinds` all say what the lines add up to: thousandths apart from
 * pieces, revenue from the recorded amounts. */
static void
test_weighed_tallies (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(JsonNode) totals = NULL;
  g_autofree char *page = NULL, *products = NULL, *kinds = NULL, *report = NULL;
  JsonObject *kind;

  sell_weighed (f);
  totals = totals_of (f, DAY);
  g_assert_cmpint (member (json_node_get_object (totals), "revenue"), ==, 300000 + 340000 + 100000);
  g_assert_cmpint (member (json_node_get_object (totals), "sales"), ==, 3);
  kind = row_of (json_node_get_object (totals), "by_producer_kind", "producer_kind", "cooperative");
  g_assert_nonnull (kind);
  g_assert_cmpint (member (kind, "quantity"), ==, 2);
  g_assert_cmpint (member (kind, "measure"), ==, 250 + 123);
  g_assert_cmpint (member (kind, "revenue"), ==, 740000);

  products = fetch (f, "/export/products.csv?fair=" FAIR);
  assert_contains (products, "booth,sku,name,quantity,revenue,measure,unit\r\n");
  assert_contains (products, "\"QN-09\",\"QN-VD-001\",\"Sá sùng Vân Đồn\",0,340000,123,\"kg\"\r\n");
  assert_contains (products, "\"QN-09\",\"QN-CT-001\",\"Mực khô Cô Tô\",0,300000,250,\"kg\"\r\n");
  assert_contains (products, "\"QN-09\",\"QN-T-01\",\"Trà hoa vàng\",2,100000,0,\"hộp\"\r\n");
  kinds = fetch (f, "/export/kinds.csv?fair=" FAIR "&day=" DAY);
  assert_contains (kinds, "producer_kind,quantity,revenue,measure\r\n\"cooperative\",2,740000,373\r\n");
  report = test_hub_run (&f->hub, "report", "kinds", "--fair", FAIR, "--csv", NULL);
  assert_contains (report, "\"cooperative\",2,740000,373");
  g_free (report);
  report = test_hub_run (&f->hub, "report", "kinds", "--fair", FAIR, NULL);
  assert_contains (report, "0,373 weighed or measured");

  page = fetch (f, "/?fair=" FAIR "&day=" DAY);
  assert_contains (page, "<td>Mực khô Cô Tô</td><td class=\"n\" data-value=\"250\">0,250 kg</td>");
  assert_contains (page, "<td>Sá sùng Vân Đồn</td><td class=\"n\" data-value=\"123\">0,123 kg</td>");
  assert_contains (page, "<td>Trà hoa vàng</td><td class=\"n\" data-value=\"2\">2 hộp</td>");
  assert_contains (page, "<td class=\"n\" data-value=\"373\">0,373</td>");
}

/* Takes the weighed-goods columns away, as a hub database of the version
 * before them has its tables. */
static void
make_hub_from_before (Fixture *f)
{
  test_hub_exec (&f->hub, "ALTER TABLE tally_kind DROP COLUMN measure;"
                          "ALTER TABLE tally_booth_product DROP COLUMN measure;"
                          "ALTER TABLE tally_booth_product DROP COLUMN unit;");
}

static void
assert_same_figures (JsonObject         *before,
                     JsonObject         *after,
                     const char         *array,
                     const char         *key,
                     const char * const *figures)
{
  JsonArray *rows = json_object_get_array_member (before, array);

  g_assert_cmpuint (json_array_get_length (rows), ==,
                    json_array_get_length (json_object_get_array_member (after, array)));
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *old = json_array_get_object_element (rows, i);
      JsonObject *now = row_of (after, array, key, json_object_get_string_member (old, key));

      g_assert_nonnull (now);
      for (guint k = 0; figures[k] != NULL; k++)
        g_assert_cmpint (member (now, figures[k]), ==, member (old, figures[k]));
      g_assert_cmpint (member (now, "measure"), ==, 0);
    }
}

/* A hub that held piece sales before weighed goods gets its new columns on
 * its next start, every figure as it was; then a weighed sale of a
 * product it sold by the piece shows both, never added together. */
static void
test_hub_from_before (Fixture       *f,
                      gconstpointer  data)
{
  static const char * const overall[] = { "sales", "voids", "refunds", "revenue", "visitors", NULL };
  static const char * const kind_figures[] = { "quantity", "revenue", NULL };
  g_autoptr(JsonNode) before = NULL, after = NULL;
  g_autofree char *products_after = NULL, *page = NULL;
  g_autofree char *squid = g_strdup_printf ("{" SQUID ",\"quantity\":2,\"unit_price\":1200000,\"discount\":0}");

  send (f, record ("p-1", "sale", 2500000, "{" SQUID ",\"quantity\":2,\"unit_price\":1200000,\"discount\":0},"
                                           "{" TEA ",\"quantity\":2,\"unit_price\":50000,\"discount\":0}"),
        record ("p-2", "void", -2400000, "{" SQUID ",\"quantity\":-2,\"unit_price\":1200000,\"discount\":0}"),
        record ("p-3", "sale", 2400000, squid), NULL);
  before = totals_of (f, NULL);
  test_hub_stop (&f->hub);
  make_hub_from_before (f);
  test_hub_start (&f->hub, NULL);

  after = totals_of (f, NULL);
  for (guint k = 0; overall[k] != NULL; k++)
    g_assert_cmpint (member (json_node_get_object (after), overall[k]), ==,
                     member (json_node_get_object (before), overall[k]));
  assert_same_figures (json_node_get_object (before), json_node_get_object (after), "by_producer_kind",
                       "producer_kind", kind_figures);
  products_after = fetch (f, "/export/products.csv?fair=" FAIR);
  /* The unit comes with the next line a booth sends; the figures stay. */
  assert_contains (products_after, "\"QN-09\",\"QN-CT-001\",\"Mực khô Cô Tô\",2,2400000,0,\"\"\r\n");
  assert_contains (products_after, "\"QN-09\",\"QN-T-01\",\"Trà hoa vàng\",2,100000,0,\"\"\r\n");

  send (f, record ("p-4", "sale", 420000, "{" SQUID ",\"measured\":true,\"quantity\":350,\"unit_price\":1200000,"
                                          "\"amount\":420000,\"discount\":0}"), NULL);
  page = fetch (f, "/?fair=" FAIR "&day=" DAY);
  assert_contains (page, "<td>Mực khô Cô Tô</td><td class=\"n\" data-value=\"2\">2 kg + 0,350 kg</td>"
                         "<td class=\"n\" data-value=\"2820000\">");
}

/* A hub from before the kind and product tallies fills them from its
 * events on its next start: weighed lines in thousandths at their
 * amounts, as the ingest counted them. Lines no till sends, which a hub
 * before weighed goods took unread (an amount that is text, one a million
 * đồng from its weight's price), are left out, and the hub still opens. */
static void
test_back_filled (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *device_id = test_util_sync_text (f->raw, device_id);
  g_autofree char *products_before = NULL, *products_after = NULL, *kinds_before = NULL, *kinds_after = NULL;
  g_autofree char *attack = NULL;

  sell_weighed (f);
  products_before = fetch (f, "/export/products.csv?fair=" FAIR);
  kinds_before = fetch (f, "/export/kinds.csv?fair=" FAIR);
  test_hub_stop (&f->hub);
  attack = g_strdup_printf ("INSERT INTO event (device, epoch, seq, kind, ref, hash, payload, created_us, received_us,"
                            " counted) VALUES ('%s', 99, 1, 'sale', 'old', 'h', '{\"business_day\":\"" DAY "\","
                            "\"lines\":[{" SQUID ",\"measured\":true,\"quantity\":350,\"unit_price\":1200000,"
                            "\"amount\":\"x\",\"discount\":0},{" SQUID ",\"measured\":true,\"quantity\":350,"
                            "\"unit_price\":1200000,\"amount\":1420000,\"discount\":0}]}', 0, 0, 1)", device_id);
  test_hub_exec (&f->hub, attack);
  test_hub_exec (&f->hub, "DROP TABLE tally_kind; DROP TABLE tally_booth_product;");
  test_hub_start (&f->hub, NULL);

  products_after = fetch (f, "/export/products.csv?fair=" FAIR);
  kinds_after = fetch (f, "/export/kinds.csv?fair=" FAIR);
  g_assert_cmpstr (products_after, ==, products_before);
  g_assert_cmpstr (kinds_after, ==, kinds_before);
  assert_contains (products_after, "\"QN-09\",\"QN-CT-001\",\"Mực khô Cô Tô\",0,300000,250,\"kg\"\r\n");
}

/* ---- a real till ---- */

#define TILL_SQUID "QN-CT-001"
#define TILL_SASUNG "QN-VD-001"
#define TILL_TEA "QN-BC-001"

static OcopProduct *
find_product (OcopStore  *till,
              const char *sku)
{
  g_autoptr(GError) error = NULL;
  OcopProduct *product = ocop_store_find_sku (till, sku, &error);

  g_assert_no_error (error);
  return product;
}

/* Pays @sale by @method and records it. */
static OcopSale *
commit (OcopStore         *till,
        OcopSale          *sale,
        OcopPaymentMethod  method)
{
  g_autoptr(GError) error = NULL;

  ocop_sale_add_payment (sale, method, -1, 0, &error);
  g_assert_no_error (error);
  ocop_store_commit_sale (till, sale, &error);
  g_assert_no_error (error);
  return sale;
}

/* A sale of @thousandths of @sku weighed at the booth's rounding, with
 * @boxes of tea when not 0. */
static OcopSale *
sell_at_till (OcopStore  *till,
              const char *sku,
              gint64      thousandths,
              gint64      boxes)
{
  g_autoptr(OcopProduct) weighed = find_product (till, sku);
  g_autoptr(GError) error = NULL;
  OcopSale *sale = ocop_sale_new ();

  g_assert_true (ocop_sale_add_measured (sale, weighed, thousandths, ocop_store_get_rounding (till), &error));
  g_assert_no_error (error);
  if (boxes != 0)
    {
      g_autoptr(OcopProduct) tea = find_product (till, TILL_TEA);

      g_assert_true (ocop_sale_add_product (sale, tea, boxes, &error));
      g_assert_no_error (error);
    }
  return commit (till, sale, boxes != 0 ? OCOP_PAYMENT_CASH : OCOP_PAYMENT_TRANSFER);
}

/* The hub's products.csv row of a product of the till's own day report:
 * its pieces and revenue as the report says, its thousandths as the
 * report's tally keeps them (the report's text shows them by line). */
static char *
expected_product_row (OcopStore              *till,
                      const OcopProductTotal *total)
{
  g_autofree char *measure = g_strdup_printf ("SELECT measure FROM tally_product WHERE sku = '%s'", total->sku);
  g_autoptr(OcopProduct) product = find_product (till, total->sku);

  return g_strdup_printf ("\"QN-07\",\"%s\",\"%s\",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT
                          ",\"%s\"\r\n", total->sku, total->name, total->quantity, total->amount,
                          test_util_query_int (till, measure), ocop_product_get_info (product)->unit);
}

/* A real till sells weighed and piece goods at two roundings, a labelled
 * pack, a weighing it voids, 0,100 kg of squid and a box of tea it takes
 * back; synced, the hub's figures equal the till's own report to the đồng
 * and its lines to the gram. */
static void
test_till_to_hub (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(OcopStore) till = test_device_new (&f->hub, "till", FAIR, "QN-07");
  g_autoptr(OcopProduct) squid = find_product (till, TILL_SQUID);
  g_autoptr(OcopSale) first = NULL, second = NULL, pack = NULL, third = NULL;
  g_autoptr(OcopSale) voided = NULL, squid_back = NULL, tea_back = NULL;
  g_autoptr(OcopDayReport) report = NULL;
  g_autoptr(JsonNode) totals = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *products = NULL;
  JsonObject *figures;

  /* 0,350 kg of squid is 420.000 ₫; 0,123 kg of sá sùng at 100 ₫ is
   * 344.400 ₫; 1,257 kg at 1.000 ₫ is 1.508.000 ₫, not 1.508.400. */
  first = sell_at_till (till, TILL_SQUID, 350, 2);
  g_assert_true (ocop_store_set_rounding (till, 100, &error));
  second = sell_at_till (till, TILL_SASUNG, 123, 0);
  g_assert_cmpint (ocop_sale_get_line (second, 0)->amount, ==, 344400);
  g_assert_true (ocop_store_set_rounding (till, 1000, &error));
  third = sell_at_till (till, TILL_SQUID, 1257, 0);
  g_assert_cmpint (ocop_sale_get_line (third, 0)->amount, ==, 1508000);
  /* A pack labelled 0,500 kg for 600.300 ₫, as its label says. */
  pack = ocop_sale_new ();
  g_assert_true (ocop_sale_add_pack (pack, squid, 500, 600300, &error));
  g_assert_no_error (error);
  commit (till, pack, OCOP_PAYMENT_CASH);
  voided = ocop_store_void_sale (till, ocop_sale_get_uuid (third), "cân nhầm", NULL, test_util_approval (till),
                                 &error);
  g_assert_no_error (error);
  squid_back = ocop_store_refund_sale (till, ocop_sale_get_uuid (first), TILL_SQUID, 100, OCOP_PAYMENT_CASH,
                                       "cân thiếu", NULL, test_util_approval (till), &error);
  g_assert_no_error (error);
  tea_back = ocop_store_refund_sale (till, ocop_sale_get_uuid (first), TILL_TEA, 1, OCOP_PAYMENT_CASH, "vỡ hộp",
                                     NULL, test_util_approval (till), &error);
  g_assert_no_error (error);
  test_device_sync (till);

  report = ocop_report_day (till, NULL, NULL, &error);
  g_assert_no_error (error);
  totals = totals_of (f, report->business_day);
  figures = json_node_get_object (totals);
  g_assert_cmpint (member (figures, "revenue"), ==, report->net);
  g_assert_cmpint (member (figures, "sales"), ==, report->sales_count);
  g_assert_cmpint (member (figures, "voids"), ==, report->void_count);
  g_assert_cmpint (member (figures, "refunds"), ==, report->refund_count);
  g_assert_cmpint (report->net, ==, 420000 + 2 * 650000 + 344400 + 600300 - 120000 - 650000);

  products = fetch (f, "/export/products.csv?fair=" FAIR);
  g_assert_cmpuint (report->by_product->len, ==, 3);
  for (guint i = 0; i < report->by_product->len; i++)
    {
      g_autofree char *row = expected_product_row (till, report->by_product->pdata[i]);

      assert_contains (products, row);
    }
  /* To the gram and the đồng: 0,350 − 0,100 + 0,500 kg of squid (1,257
   * voided) for 420.000 − 120.000 + 600.300 ₫. */
  assert_contains (products, ",900300,750,\"kg\"\r\n");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/hub-weighed/tallies", test_weighed_tallies);
  ADD ("/hub-weighed/hub-from-before", test_hub_from_before);
  ADD ("/hub-weighed/back-filled", test_back_filled);
  ADD ("/hub-weighed/till-to-hub", test_till_to_hub);
#undef ADD

  return g_test_run ();
}
