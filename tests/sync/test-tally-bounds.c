/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-tally-bounds.c: a booth sending what no till would, against a real
 * ocop-hub on loopback (SQLite, and PostgreSQL through run-pg.sh): sales
 * at the attack's 10^15 đồng and batches that would take the fair's sums
 * past the hub's limit are refused whole while the totals stay served
 * with the right figures; a sale just inside the bounds of a sale is taken
 * and one just outside refused; oversize text and unknown payment methods
 * are refused, nothing of them stored. */

#include <string.h>

#include "ocop-sync-client.h"
#include "ocop-sync-protocol.h"
#include "sync-fixture.h"
#include "test-util.h"

#define FAIR "qn-2024"
/* The hand-made sales' day: apart from the real till's (2024-12-11), so
 * that their tallies are rows of their own. */
#define RAW_DAY "2024-12-20"
#define BOOTH "{\"code\":\"QN-09\",\"name\":\"Gian hàng thử\",\"locality\":\"Hạ Long\"}"

typedef struct {
  TestHub    hub;
  OcopStore *till;     /* a real booth, synced: the figures that must stay */
  OcopStore *raw;      /* the booth whose device sends hand-made batches */
  gint64     next_seq; /* of the raw device */
  gint64     revenue;  /* of the real booth */
  gint64     sales;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(OcopSyncClient) client = NULL;
  g_auto(GStrv) skus = NULL;
  g_autoptr(GError) error = NULL;
  OcopSyncRound round;

  test_hub_start (&f->hub, NULL);
  f->till = test_device_new (&f->hub, "till", FAIR, "QN-07");
  f->raw = test_device_new (&f->hub, "raw", FAIR, "QN-09");
  f->next_seq = 1;
  skus = test_util_demo_skus (f->till, 2);
  for (guint i = 0; i < 3; i++)
    g_object_unref (test_util_sell (f->till, (const char * const *) skus, 1 + i, OCOP_PAYMENT_CASH));
  client = ocop_sync_client_new (ocop_store_get_path (f->till));
  g_assert_true (ocop_sync_client_run_round (client, &round, NULL, &error));
  g_assert_no_error (error);
  ocop_sync_round_clear (&round);
  f->revenue = test_util_query_int (f->till, "SELECT sum (total) FROM sale");
  f->sales = test_util_query_int (f->till, "SELECT count (*) FROM sale");
  g_assert_cmpint (f->revenue, >, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->till);
  g_clear_object (&f->raw);
  test_hub_clear (&f->hub);
}

static gint64
member (JsonNode   *node,
        const char *name)
{
  return json_object_get_int_member (json_node_get_object (node), name);
}

static gint64
stored_events (Fixture *f)
{
  return test_hub_query_int (&f->hub, "SELECT count (*) FROM event");
}

/* Posts @payloads as the raw device's next events; expects @status and,
 * when @message is not NULL, a reply that says it. A refused batch leaves
 * the hub holding what it held. */
static void
post (Fixture    *f,
      GPtrArray  *payloads,
      const char *booth,
      long        status,
      const char *message)
{
  g_autofree char *device_id = test_util_sync_text (f->raw, device_id);
  g_autofree char *body = test_batch_new (device_id, booth, payloads, f->next_seq);
  g_autofree char *reply = NULL;
  gint64 before = stored_events (f);

  g_assert_cmpint (test_hub_post_batch (&f->hub, f->raw, body, &reply), ==, status);
  if (message != NULL && strstr (reply, message) == NULL)
    g_error ("expected “%s” in the reply: %s", message, reply);
  if (status == 200)
    {
      f->next_seq += payloads->len;
      g_assert_cmpint (stored_events (f), ==, before + payloads->len);
    }
  else
    g_assert_cmpint (stored_events (f), ==, before);
}

static GPtrArray *
sales_of (Fixture *f,
          guint    n,
          gint64   quantity,
          gint64   unit_price)
{
  return test_sales_payloads (n, f->next_seq, RAW_DAY, quantity, unit_price);
}

/* The fair's totals answer, with the real booth's figures plus @revenue
 * and @sales from the raw one. */
static void
assert_totals (Fixture *f,
               gint64   revenue,
               gint64   sales)
{
  g_autoptr(JsonNode) totals = test_hub_totals (&f->hub, FAIR, NULL);
  g_autoptr(JsonNode) raw_day = test_hub_totals (&f->hub, FAIR, RAW_DAY);

  g_assert_cmpint (member (totals, "revenue"), ==, f->revenue + revenue);
  g_assert_cmpint (member (totals, "sales"), ==, f->sales + sales);
  g_assert_cmpint (member (raw_day, "revenue"), ==, revenue);
  g_assert_cmpint (member (raw_day, "sales"), ==, sales);
}

/* The attack: five batches of 2,000 sales at 10^15 đồng each. Then
 * batches at the largest sale the bounds allow, until the booth's day
 * reaches the hub's limit of 10^15: the next sale, of one đồng, would
 * pass it and its batch is refused, and the totals still answer. */
static void
test_overflow_refused (Fixture       *f,
                       gconstpointer  data)
{
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(GPtrArray) attack = sales_of (f, 2000, 1, G_GINT64_CONSTANT (1000000000000000));

      post (f, attack, BOOTH, 400, "events[0].payload.total is 1000000000000000, outside 0 to 100000000000");
    }
  assert_totals (f, 0, 0);

  /* 2,000 × 10^11 = 2 × 10^14 a batch: five reach 10^15 exactly. */
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(GPtrArray) largest = sales_of (f, 2000, 10, OCOP_SYNC_MAX_UNIT_PRICE);

      post (f, largest, BOOTH, 200, NULL);
    }
  assert_totals (f, G_GINT64_CONSTANT (1000000000000000), 10000);
  {
    g_autoptr(GPtrArray) one_more = sales_of (f, 1, 1, 1);

    post (f, one_more, BOOTH, 400, "past the hub's limit of 1000000000000000");
  }
  assert_totals (f, G_GINT64_CONSTANT (1000000000000000), 10000);
  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT revenue FROM device WHERE booth = 'QN-09'"), ==,
                   G_GINT64_CONSTANT (1000000000000000));
}

/* One sale whose only line is @line (a JSON object's text) and whose
 * total is @total. */
static GPtrArray *
sale_with_line (Fixture    *f,
                const char *line,
                gint64      total)
{
  GPtrArray *payloads = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (payloads, g_strdup_printf ("{\"uuid\":\"raw-%" G_GINT64_FORMAT "\",\"kind\":\"sale\","
                                              "\"business_day\":\"" RAW_DAY "\",\"total\":%" G_GINT64_FORMAT ","
                                              "\"lines\":[%s],\"payments\":[{\"method\":\"cash\",\"amount\":%"
                                              G_GINT64_FORMAT "}]}", f->next_seq, total, line, total));
  return payloads;
}

static void
post_line (Fixture    *f,
           gint64      quantity,
           gint64      unit_price,
           gint64      discount,
           long        status,
           const char *message)
{
  g_autofree char *line = g_strdup_printf ("{\"sku\":\"QN-X-01\",\"name\":\"Trà thử\",\"quantity\":%" G_GINT64_FORMAT
                                           ",\"unit_price\":%" G_GINT64_FORMAT ",\"discount\":%" G_GINT64_FORMAT "}",
                                           quantity, unit_price, discount);
  /* Within the bounds itself, so that the line's bound is the one tried. */
  gint64 total = CLAMP (quantity * unit_price - discount, 0, OCOP_SYNC_MAX_AMOUNT);
  g_autoptr(GPtrArray) payloads = sale_with_line (f, line, total);

  post (f, payloads, BOOTH, status, message);
}

/* Each bound, just inside (taken) and just outside (refused, naming the
 * event and the field). */
static void
test_sale_bounds (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GString) lines = g_string_new (NULL);
  g_autoptr(GPtrArray) most = NULL;
  g_autoptr(GPtrArray) too_many = NULL;
  gint64 taken = 0;

  post_line (f, OCOP_SYNC_MAX_QUANTITY, 1, 0, 200, NULL);
  post_line (f, OCOP_SYNC_MAX_QUANTITY + 1, 1, 0, 400,
             "events[0].payload.lines[0].quantity is 1000001, outside 1 to 1000000");
  post_line (f, 1, OCOP_SYNC_MAX_UNIT_PRICE, 0, 200, NULL);
  post_line (f, 1, OCOP_SYNC_MAX_UNIT_PRICE + 1, 0, 400,
             "events[0].payload.lines[0].unit_price is 10000000001, outside 0 to 10000000000");
  post_line (f, 10, OCOP_SYNC_MAX_UNIT_PRICE, 0, 200, NULL);
  post_line (f, 11, OCOP_SYNC_MAX_UNIT_PRICE, 0, 400,
             "events[0].payload.lines[0].amount is 110000000000, outside 0 to 100000000000");
  post_line (f, 2, 50000, 100000, 200, NULL);
  post_line (f, 2, 50000, 100001, 400, "events[0].payload.lines[0].discount is 100001, outside 0 to 100000");
  post_line (f, -1, 50000, 0, 400, "events[0].payload.lines[0].quantity is -1, outside 1 to 1000000");
  taken += OCOP_SYNC_MAX_QUANTITY + OCOP_SYNC_MAX_UNIT_PRICE + OCOP_SYNC_MAX_AMOUNT + 0;

  /* 500 lines are a sale; 501 are not. */
  for (guint i = 0; i < OCOP_SYNC_MAX_LINES; i++)
    g_string_append_printf (lines, "%s{\"sku\":\"L%u\",\"name\":\"Hàng %u\",\"quantity\":1,\"unit_price\":1000,"
                            "\"discount\":0}", i ? "," : "", i, i);
  most = sale_with_line (f, lines->str, 1000 * OCOP_SYNC_MAX_LINES);
  post (f, most, BOOTH, 200, NULL);
  g_string_append (lines, ",{\"sku\":\"L-last\",\"name\":\"Hàng\",\"quantity\":1,\"unit_price\":1000,\"discount\":0}");
  too_many = sale_with_line (f, lines->str, 1000 * (OCOP_SYNC_MAX_LINES + 1));
  post (f, too_many, BOOTH, 413, "events[0].payload.lines holds 501 entries, more than 500");
  taken += 1000 * OCOP_SYNC_MAX_LINES;

  assert_totals (f, taken, 5);
}

/* A sale of one line of squid whose members after its sku, name and unit
 * are @members, and whose total is @total: taken, or refused with a 400
 * that says @refusal. */
static void
post_measured (Fixture    *f,
               const char *members,
               gint64      total,
               const char *refusal)
{
  g_autofree char *line = g_strdup_printf ("{\"sku\":\"QN-CT-001\",\"name\":\"Mực khô Cô Tô\",\"unit\":\"kg\",%s}",
                                           members);
  g_autoptr(GPtrArray) payloads = sale_with_line (f, line, total);

  post (f, payloads, BOOTH, refusal != NULL ? 400 : 200, refusal);
}

/* A weighed line: its thousandths bounded apart from pieces, its amount
 * within 501 đồng of unit_price × quantity / 1000 (checked where the
 * product passes 2^63), "measured" and "amount" only together; each
 * refusal names the event and the member, and stores nothing. */
static void
test_measured_bounds (Fixture       *f,
                      gconstpointer  data)
{
  gint64 taken = 0;

  /* 0,350 kg at 1.200.000 ₫/kg is 420.000 ₫; 501 ₫ either way is taken
   * (half the coarsest rounding, and a refund's share of it). */
  post_measured (f, "\"measured\":true,\"quantity\":350,\"unit_price\":1200000,\"amount\":420000,\"discount\":0",
                 420000, NULL);
  post_measured (f, "\"measured\":true,\"quantity\":350,\"unit_price\":1200000,\"amount\":420500,\"discount\":0",
                 420500, NULL);
  post_measured (f, "\"measured\":true,\"quantity\":350,\"unit_price\":1200000,\"amount\":419500,\"discount\":0",
                 419500, NULL);
  post_measured (f, "\"measured\":true,\"quantity\":350,\"unit_price\":1200000,\"amount\":420501,\"discount\":0",
                 420501, NULL);
  post_measured (f, "\"measured\":true,\"quantity\":350,\"unit_price\":1200000,\"amount\":419499,\"discount\":0",
                 419499, NULL);
  taken += 420000 + 420500 + 419500 + 420501 + 419499;
  post_measured (f, "\"measured\":true,\"quantity\":350,\"unit_price\":1200000,\"amount\":420502,\"discount\":0",
                 420502, "events[0].payload.lines[0].amount 420502 is more than 501 đồng from unit_price ×"
                 " quantity / 1000 (1200000 × 350 / 1000)");
  post_measured (f, "\"measured\":true,\"quantity\":350,\"unit_price\":1200000,\"amount\":419498,\"discount\":0",
                 419498, "events[0].payload.lines[0].amount 419498 is more than 501 đồng");
  /* Two tonnes are 2.000.000 thousandths: past the pieces' bound, inside
   * the measure's; a billion thousandths is the most. */
  post_measured (f, "\"measured\":true,\"quantity\":2000000,\"unit_price\":10000,\"amount\":20000000,"
                 "\"discount\":0", 20000000, NULL);
  post_measured (f, "\"measured\":true,\"quantity\":1000000000,\"unit_price\":100,\"amount\":100000000,"
                 "\"discount\":0", 100000000, NULL);
  taken += 20000000 + 100000000;
  post_measured (f, "\"measured\":true,\"quantity\":1000000001,\"unit_price\":100,\"amount\":100000000,"
                 "\"discount\":0", 100000000,
                 "events[0].payload.lines[0].quantity is 1000000001, outside 1 to 1000000000");
  /* 10^9 × 10^10 is past 2^63: refused, not wrapped into a small gap. */
  post_measured (f, "\"measured\":true,\"quantity\":1000000000,\"unit_price\":10000000000,"
                 "\"amount\":100000000000,\"discount\":0", 100000000000,
                 "events[0].payload.lines[0].amount 100000000000 is more than 501 đồng from unit_price × quantity"
                 " / 1000 (10000000000 × 1000000000 / 1000)");
  post_measured (f, "\"measured\":true,\"quantity\":350,\"unit_price\":1200000,\"amount\":420000,"
                 "\"discount\":420001", 0, "events[0].payload.lines[0].discount is 420001, outside 0 to 420000");
  post_measured (f, "\"measured\":\"yes\",\"quantity\":350,\"unit_price\":1200000,\"amount\":420000,"
                 "\"discount\":0", 420000, "events[0].payload.lines[0].measured must be true or false");
  post_measured (f, "\"measured\":true,\"quantity\":350,\"unit_price\":1200000,\"discount\":0", 420000,
                 "events[0].payload.lines[0].amount is missing");
  post_measured (f, "\"quantity\":1,\"unit_price\":1200000,\"amount\":1200000,\"discount\":0", 1200000,
                 "events[0].payload.lines[0].amount is sent only with measured: true");
  post_measured (f, "\"measured\":true,\"quantity\":-350,\"unit_price\":1200000,\"amount\":-420000,"
                 "\"discount\":0", 0, "events[0].payload.lines[0].quantity is -350, outside 1 to 1000000000");
  assert_totals (f, taken, 7);
}

/* @length bytes of Vietnamese text ("ă", two bytes each; one "a" when
 * @length is odd). */
static char *
text_of (gsize length)
{
  GString *text = g_string_new (NULL);

  while (text->len + 2 <= length)
    g_string_append (text, "ă");
  if (text->len < length)
    g_string_append_c (text, 'a');
  return g_string_free (text, FALSE);
}

/* One sale with @member (of the payload) set to @value's JSON text. */
static GPtrArray *
sale_with_member (Fixture    *f,
                  const char *member,
                  const char *value)
{
  g_autofree char *uuid = g_strdup_printf ("raw-text-%" G_GINT64_FORMAT, f->next_seq);
  g_autofree char *base = test_sale_payload (uuid, RAW_DAY, "QN-X-01", "Trà thử", 1, 50000, "cash");
  GPtrArray *payloads = g_ptr_array_new_with_free_func (g_free);

  /* Before the closing brace of the payload object. */
  base[strlen (base) - 1] = '\0';
  g_ptr_array_add (payloads, g_strdup_printf ("%s,\"%s\":%s}", base, member, value));
  return payloads;
}

static void
post_member (Fixture    *f,
             const char *member,
             gsize       length,
             long        status,
             const char *message)
{
  g_autofree char *text = text_of (length);
  g_autofree char *quoted = g_strdup_printf ("\"%s\"", text);
  g_autoptr(GPtrArray) payloads = sale_with_member (f, member, quoted);

  post (f, payloads, BOOTH, status, message);
}

static void
post_booth (Fixture    *f,
            gsize       name_length,
            long        status,
            const char *message)
{
  g_autofree char *name = text_of (name_length);
  g_autofree char *booth = g_strdup_printf ("{\"code\":\"QN-09\",\"name\":\"%s\"}", name);
  g_autofree char *uuid = g_strdup_printf ("raw-booth-%" G_GINT64_FORMAT, f->next_seq);
  g_autoptr(GPtrArray) payloads = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (payloads, test_sale_payload (uuid, RAW_DAY, "QN-X-01", "Trà thử", 1, 50000, "cash"));
  post (f, payloads, booth, status, message);
}

/* Every string at its bound is taken, one byte more refused; a method
 * that is not the till's is refused; nothing of a refused batch stays. */
static void
test_strings_bounded (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *long_name = text_of (OCOP_SYNC_MAX_NAME_BYTES + 1);
  g_autofree char *long_line = g_strdup_printf ("{\"sku\":\"QN-X-01\",\"name\":\"%s\",\"quantity\":1,"
                                                "\"unit_price\":1000,\"discount\":0}", long_name);
  g_autofree char *long_sku = g_strdup_printf ("{\"sku\":\"%0*d\",\"name\":\"Trà\",\"quantity\":1,"
                                               "\"unit_price\":1000,\"discount\":0}", OCOP_SYNC_MAX_CODE_BYTES + 1, 7);
  g_autoptr(GPtrArray) name_refused = sale_with_line (f, long_line, 1000);
  g_autoptr(GPtrArray) sku_refused = sale_with_line (f, long_sku, 1000);
  g_autoptr(GPtrArray) bitcoin = g_ptr_array_new_with_free_func (g_free);

  post_booth (f, OCOP_SYNC_MAX_NAME_BYTES, 200, NULL);
  post_booth (f, OCOP_SYNC_MAX_NAME_BYTES + 1, 413, "booth.name is longer than 512 bytes");
  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT length (booth_name) FROM device WHERE booth = 'QN-09'"),
                   ==, OCOP_SYNC_MAX_NAME_BYTES / 2);
  post (f, name_refused, BOOTH, 413, "events[0].payload.lines[0].name is longer than 512 bytes");
  post (f, sku_refused, BOOTH, 413, "events[0].payload.lines[0].sku is longer than 64 bytes");
  post_member (f, "cashier", OCOP_SYNC_MAX_NAME_BYTES, 200, NULL);
  post_member (f, "cashier", OCOP_SYNC_MAX_NAME_BYTES + 1, 413, "events[0].payload.cashier is longer than 512 bytes");
  post_member (f, "reason", OCOP_SYNC_MAX_NOTE_BYTES, 200, NULL);
  post_member (f, "reason", OCOP_SYNC_MAX_NOTE_BYTES + 1, 413, "events[0].payload.reason is longer than 1024 bytes");
  g_ptr_array_add (bitcoin, test_sale_payload ("raw-btc", RAW_DAY, "QN-X-01", "Trà thử", 1, 50000, "bitcoin"));
  post (f, bitcoin, BOOTH, 400, "events[0].payload.payments[0].method 'bitcoin' is not a payment method");
  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT count (*) FROM tally_method WHERE method NOT IN"
                                                " ('cash', 'transfer', 'other')"), ==, 0);
  assert_totals (f, 3 * 50000, 3);
}

/* The enrollment's device_uuid, the one text of it the hub keeps, is
 * bounded too: refused, the code stays unused. */
static void
test_enroll_text_bounded (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *code = test_hub_run (&f->hub, "enroll", "--fair", FAIR, "--booth", "QN-10", NULL);
  g_autofree char *url = g_strconcat (f->hub.url, "/v1/enroll", NULL);
  g_autofree char *long_uuid = g_strnfill (OCOP_SYNC_MAX_CODE_BYTES + 1, 'u');
  g_autofree char *refused = g_strdup_printf ("{\"code\":\"%s\",\"device_uuid\":\"%s\"}", code, long_uuid);
  g_autofree char *taken = g_strdup_printf ("{\"code\":\"%s\",\"device_uuid\":\"%.*s\"}", code,
                                            OCOP_SYNC_MAX_CODE_BYTES, long_uuid);
  g_autofree char *reply = NULL;
  gint64 devices = test_hub_query_int (&f->hub, "SELECT count (*) FROM device");

  g_assert_cmpint (test_http ("POST", url, NULL, NULL, refused, strlen (refused), &reply), ==, 413);
  g_assert_nonnull (strstr (reply, "device_uuid is longer than 64 bytes"));
  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT count (*) FROM device"), ==, devices);
  g_assert_cmpint (test_http ("POST", url, NULL, NULL, taken, strlen (taken), NULL), ==, 201);
  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT count (*) FROM device"), ==, devices + 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/tally/overflow-refused", test_overflow_refused);
  ADD ("/tally/sale-bounds", test_sale_bounds);
  ADD ("/tally/measured-bounds", test_measured_bounds);
  ADD ("/tally/strings-bounded", test_strings_bounded);
  ADD ("/tally/enroll-text-bounded", test_enroll_text_bounded);
#undef ADD

  return g_test_run ();
}
