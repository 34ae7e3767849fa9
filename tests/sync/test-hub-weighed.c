/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-hub-weighed.c: weighed goods at a real ocop-hub on loopback
 * (SQLite, and PostgreSQL through run-pg.sh): measured lines tally in
 * thousandths apart from pieces, at their recorded amounts, in the totals
 * JSON, the dashboard, its CSV and `ocop-hub report`; a hub database from
 * before weighed goods keeps every figure it held. */

#include <string.h>

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

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/hub-weighed/tallies", test_weighed_tallies);
  ADD ("/hub-weighed/hub-from-before", test_hub_from_before);
  ADD ("/hub-weighed/back-filled", test_back_filled);
#undef ADD

  return g_test_run ();
}
