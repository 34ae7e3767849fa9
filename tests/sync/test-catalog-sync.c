/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-catalog-sync.c: the fair's catalog coming down from a real ocop-hub
 * process to devices with the real core: whole, then as deltas by version
 * (changed, new and withdrawn products), 304 when unchanged, a republished
 * file that changes nothing, and corrupt replies that change nothing. */

#include <string.h>
#include <glib/gstdio.h>

#include "ocop-catalog.h"
#include "ocop-product.h"
#include "ocop-store-outbox.h"
#include "ocop-sync-client.h"
#include "sync-fixture.h"
#include "test-util.h"

#define FAIR "qn-2024"
#define HEADER "sku,barcode,name,producer,producer_kind,locality,stars,price_vnd,unit,category,trace_url\n"
#define TEA_ROW(price) \
  "QN-BC-001,8936000010010,Trà hoa vàng Ba Chẽ,Công ty CP Kinh doanh lâm sản Đạp Thanh,enterprise,Ba Chẽ,5," price ",hộp,Trà,\n"
#define NOODLE_ROW "QN-BL-002,,Miến dong Bình Liêu,HTX Miến dong Bình Liêu,cooperative,Bình Liêu,4,90000,gói,Đặc sản,\n"
#define SQUID_ROW "QN-HL-003,,Chả mực Hạ Long,Hộ kinh doanh Thu Hương,household,Hạ Long,4,450000,kg,Hải sản,\n"
#define WINE_ROW "QN-DH-004,,Rượu ba kích Đầm Hà,HTX Ba kích Đầm Hà,cooperative,Đầm Hà,3,320000,chai,Đồ uống,\n"

typedef struct {
  TestHub hub;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  test_hub_start (&f->hub, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  test_hub_clear (&f->hub);
}

/* ---- helpers ---- */

static char *
write_file (Fixture    *f,
            const char *name,
            const char *text)
{
  g_autofree char *path = g_build_filename (f->hub.dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  return g_steal_pointer (&path);
}

static char *
publish (Fixture    *f,
         const char *name,
         const char *text)
{
  g_autofree char *path = write_file (f, name, text);

  return test_hub_run (&f->hub, "catalog", "--fair", FAIR, path, NULL);
}

static gboolean
sync_store (OcopStore      *store,
            OcopSyncRound  *round,
            GError        **error)
{
  g_autoptr(OcopSyncClient) client = ocop_sync_client_new (ocop_store_get_path (store));

  gboolean ok;

  ok = ocop_sync_client_run_round (client, round, NULL, error);
  /* The tests read the catalog figures, which the clear keeps. */
  ocop_sync_round_clear (round);
  return ok;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The skus the device can sell, sorted, joined by spaces. */
static char *
skus_on_sale (OcopStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) products = ocop_store_list_products (store, &error);
  g_autoptr(GPtrArray) skus = g_ptr_array_new ();

  g_assert_no_error (error);
  for (guint i = 0; i < products->len; i++)
    g_ptr_array_add (skus, (gpointer) ocop_product_get_sku (products->pdata[i]));
  g_ptr_array_sort (skus, compare_strings);
  g_ptr_array_add (skus, NULL);
  return g_strjoinv (" ", (char **) skus->pdata);
}

static gint64
price_of (OcopStore  *store,
          const char *sku)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopProduct) product = ocop_store_find_sku (store, sku, &error);

  g_assert_no_error (error);
  return ocop_product_get_price (product);
}

/* GET the device's catalog with ?since=@since, as the device would ask. */
static long
get_catalog (Fixture    *f,
             OcopStore  *store,
             const char *since,
             JsonNode  **reply)
{
  g_autofree char *device = test_util_sync_text (store, device_id);
  g_autofree char *token = test_util_sync_text (store, token);
  g_autofree char *url = g_strdup_printf ("%s/v1/devices/%s/catalog?since=%s", f->hub.url, device, since);
  g_autofree char *body = NULL;
  g_autoptr(GError) error = NULL;
  long status = test_http ("GET", url, token, NULL, NULL, 0, &body);

  if (reply != NULL && status == 200)
    {
      *reply = json_from_string (body, &error);
      g_assert_no_error (error);
    }
  return status;
}

/* The data lines of a reply's products CSV, header dropped, sorted. */
static char *
product_lines (JsonNode *reply)
{
  JsonObject *root = json_node_get_object (reply);
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);

  if (!json_object_has_member (root, "products"))
    return g_strdup ("");
  lines = g_strsplit (json_object_get_string_member (root, "products"), "\r\n", -1);
  g_assert_true (g_str_has_prefix (HEADER, lines[0]) && strlen (lines[0]) == strlen (HEADER) - 1);
  for (guint i = 1; lines[i] != NULL; i++)
    if (*lines[i] != '\0')
      g_ptr_array_add (rows, g_strconcat (lines[i], "\n", NULL));
  g_ptr_array_sort (rows, compare_strings);
  g_ptr_array_add (rows, NULL);
  return g_strjoinv ("", (char **) rows->pdata);
}

static char *
withdrawn_of (JsonNode *reply)
{
  JsonArray *array = json_object_get_array_member (json_node_get_object (reply), "withdrawn");
  g_autoptr(GPtrArray) skus = g_ptr_array_new ();

  for (guint i = 0; i < json_array_get_length (array); i++)
    g_ptr_array_add (skus, (gpointer) json_array_get_string_element (array, i));
  g_ptr_array_add (skus, NULL);
  return g_strjoinv (" ", (char **) skus->pdata);
}

/* The version of the hub's catalog the client says the store holds. */
static void
assert_held_version (OcopStore *store,
                     gint64     expected)
{
  g_auto(OcopSyncClientState) state = { 0 };

  ocop_store_load_sync_state (store, &state);
  g_assert_cmpint (state.catalog_version, ==, expected);
}

static int
run_ocop (OcopStore  *store,
          char      **out,
          ...)
{
  g_autofree char *err = NULL;
  va_list args;
  int status;

  va_start (args, out);
  status = test_util_run_tool_v (ocop_store_get_path (store), "en", NULL, out, &err, args);
  va_end (args);
  return status;
}

/* ---- a delta: one price changed, one product new, one withdrawn ---- */

static void
test_delta (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(OcopStore) store = test_device_new (&f->hub, "a", FAIR, "QN-07");
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopSale) sale = NULL;
  g_autoptr(JsonNode) delta = NULL;
  g_autoptr(JsonNode) whole = NULL;
  g_autoptr(OcopProduct) gone = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(OcopSale) squid_sale = NULL;
  g_autofree char *out = NULL, *skus = NULL, *lines = NULL, *withdrawn = NULL, *receipt = NULL;
  g_autofree char *squid_receipt = NULL;
  const char *tea[] = { "QN-BC-001", NULL };
  const char *squid[] = { "QN-HL-003", NULL };
  OcopSyncRound round;

  out = publish (f, "v1.csv", HEADER TEA_ROW ("700000") NOODLE_ROW SQUID_ROW);
  g_assert_nonnull (strstr (out, "version 1"));
  g_assert_nonnull (strstr (out, "3 added, 0 changed, 0 withdrawn"));

  /* First sync: the whole catalog, which replaces the demo's. */
  g_assert_true (sync_store (store, &round, &error));
  g_assert_no_error (error);
  g_assert_cmpint (round.catalog_version, ==, 1);
  g_assert_true (round.catalog_full);
  g_assert_cmpuint (round.catalog_products, ==, 3);
  skus = skus_on_sale (store);
  g_assert_cmpstr (skus, ==, "QN-BC-001 QN-BL-002 QN-HL-003");
  g_assert_cmpint (price_of (store, "QN-BC-001"), ==, 700000);

  sale = test_util_sell (store, tea, 2, OCOP_PAYMENT_CASH);
  g_assert_cmpint (ocop_sale_get_total (sale), ==, 1400000);
  squid_sale = test_util_sell (store, squid, 1, OCOP_PAYMENT_CASH);

  /* The same products again, spelled differently: nothing changes. */
  g_free (out);
  out = publish (f, "v1-again.csv", HEADER NOODLE_ROW SQUID_ROW TEA_ROW ("700.000"));
  g_assert_nonnull (strstr (out, "Nothing changed"));
  g_assert_nonnull (strstr (out, "version 1"));
  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT version FROM catalog"), ==, 1);
  g_assert_cmpint (get_catalog (f, store, "1", NULL), ==, 304);
  g_assert_true (sync_store (store, &round, &error));
  g_assert_cmpint (round.catalog_version, ==, 0);

  /* Version 2: the tea's price goes up, the wine comes in, the squid
   * cakes leave. */
  g_free (out);
  out = publish (f, "v2.csv", HEADER TEA_ROW ("750000") NOODLE_ROW WINE_ROW);
  g_assert_nonnull (strstr (out, "version 2"));
  g_assert_nonnull (strstr (out, "1 added, 1 changed, 1 withdrawn"));

  /* What travels from version 1: exactly those rows and that sku. */
  g_assert_cmpint (get_catalog (f, store, "1", &delta), ==, 200);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (delta), "version"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (delta), "since"), ==, 1);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (delta), "full"));
  lines = product_lines (delta);
  g_assert_cmpstr (lines, ==, TEA_ROW ("750000") WINE_ROW);
  withdrawn = withdrawn_of (delta);
  g_assert_cmpstr (withdrawn, ==, "QN-HL-003");
  /* From nothing (or a version the hub never made): all of it. */
  g_assert_cmpint (get_catalog (f, store, "0", &whole), ==, 200);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (whole), "full"));
  g_free (lines);
  lines = product_lines (whole);
  g_assert_cmpstr (lines, ==, TEA_ROW ("750000") NOODLE_ROW WINE_ROW);
  g_assert_cmpint (get_catalog (f, store, "2", NULL), ==, 304);
  g_assert_cmpint (get_catalog (f, store, "9", NULL), ==, 200);
  g_assert_cmpint (get_catalog (f, store, "x", NULL), ==, 400);

  /* The device asks from version 1 and gets the delta. */
  g_assert_true (sync_store (store, &round, &error));
  g_assert_no_error (error);
  g_assert_cmpint (round.catalog_version, ==, 2);
  g_assert_false (round.catalog_full);
  g_assert_cmpuint (round.catalog_products, ==, 2);
  g_assert_cmpuint (round.catalog_withdrawn, ==, 1);
  g_free (skus);
  skus = skus_on_sale (store);
  g_assert_cmpstr (skus, ==, "QN-BC-001 QN-BL-002 QN-DH-004");
  g_assert_cmpint (price_of (store, "QN-BC-001"), ==, 750000);
  g_assert_cmpint (price_of (store, "QN-DH-004"), ==, 320000);
  g_assert_cmpint (price_of (store, "QN-BL-002"), ==, 90000);

  /* The withdrawn product cannot be sold or found, but its row stays. */
  gone = ocop_store_find_sku (store, "QN-HL-003", &error);
  g_assert_null (gone);
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "withdrawn"));
  g_clear_error (&error);
  found = ocop_store_search (store, "cha muc", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 0);
  g_assert_cmpint (test_util_query_int (store, "SELECT count (*) FROM product WHERE sku = 'QN-HL-003'"), ==, 1);

  /* The sale made at 700,000 keeps its price, in the store and on its
   * receipt. */
  g_assert_cmpint (test_util_query_int (store, "SELECT unit_price FROM sale_line l JOIN sale s ON s.id = l.sale_id"
                                               " WHERE s.receipt_no = 1"), ==, 700000);
  g_assert_cmpint (test_util_query_int (store, "SELECT total FROM sale WHERE receipt_no = 1"), ==, 1400000);
  g_assert_cmpint (run_ocop (store, &receipt, "receipt", "#1", "--format", "txt", NULL), ==, 0);
  g_assert_nonnull (strstr (receipt, "1.400.000"));
  g_assert_nonnull (strstr (receipt, "700.000"));
  g_assert_null (strstr (receipt, "750.000"));
  /* A reprint of a sale of the withdrawn product still names its
   * producer and price. */
  g_assert_cmpint (run_ocop (store, &squid_receipt, "receipt", "#2", "--format", "txt", NULL), ==, 0);
  g_assert_nonnull (strstr (squid_receipt, "Chả mực Hạ Long"));
  g_assert_nonnull (strstr (squid_receipt, "Hộ kinh doanh Thu Hương"));
  g_assert_nonnull (strstr (squid_receipt, "450.000"));

  /* Nothing new: 304, the store untouched. */
  g_assert_true (sync_store (store, &round, &error));
  g_assert_cmpint (round.catalog_version, ==, 0);
  assert_held_version (store, 2);
}

/* A product withdrawn comes back in a later version; a barcode passes
 * from a withdrawn product to a new one. */
static void
test_withdrawn_returns (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(OcopStore) store = test_device_new (&f->hub, "a", FAIR, "QN-07");
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopProduct) scanned = NULL;
  g_autofree char *skus = NULL;
  OcopSyncRound round;

  g_free (publish (f, "v1.csv", HEADER TEA_ROW ("700000") SQUID_ROW));
  g_assert_true (sync_store (store, &round, &error));
  g_free (publish (f, "v2.csv", HEADER SQUID_ROW
                   "QN-BC-009,8936000010010,Trà hoa vàng túi lọc,Công ty CP Kinh doanh lâm sản Đạp Thanh,enterprise,Ba Chẽ,4,120000,hộp,Trà,\n"));
  g_assert_true (sync_store (store, &round, &error));
  g_assert_no_error (error);
  scanned = ocop_store_find_barcode (store, "8936000010010", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ocop_product_get_sku (scanned), ==, "QN-BC-009");

  g_free (publish (f, "v3.csv", HEADER TEA_ROW ("710000") SQUID_ROW));
  g_assert_true (sync_store (store, &round, &error));
  g_assert_no_error (error);
  g_assert_false (round.catalog_full);
  skus = skus_on_sale (store);
  g_assert_cmpstr (skus, ==, "QN-BC-001 QN-HL-003");
  g_assert_cmpint (price_of (store, "QN-BC-001"), ==, 710000);
}

/* ---- a hub (or a proxy) that serves a corrupt catalog ---- */

typedef struct {
  GSocketListener *listener;
  GCancellable    *cancellable;
  GThread         *thread;
  guint16          port;
  const char      *body;     /* what every request gets, with status 200 */
  gint             served;
} FakeHub;

static gpointer
serve_fake (gpointer data)
{
  FakeHub *fake = data;
  GSocketConnection *connection;

  while ((connection = g_socket_listener_accept (fake->listener, NULL, fake->cancellable, NULL)) != NULL)
    {
      GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
      GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
      g_autoptr(GString) request = g_string_new (NULL);
      g_autofree char *reply = NULL;
      char buffer[4096];
      gssize n;

      while (strstr (request->str, "\r\n\r\n") == NULL &&
             (n = g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL)) > 0)
        g_string_append_len (request, buffer, n);
      reply = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nETag: \"5\"\r\n"
                               "Content-Length: %zu\r\nConnection: close\r\n\r\n%s",
                               strlen (fake->body), fake->body);
      g_output_stream_write_all (out, reply, strlen (reply), NULL, NULL, NULL);
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      g_object_unref (connection);
      g_atomic_int_inc (&fake->served);
    }
  return NULL;
}

static void
fake_hub_start (FakeHub *fake)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  fake->listener = g_socket_listener_new ();
  fake->cancellable = g_cancellable_new ();
  g_socket_listener_add_address (fake->listener, address, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                 &bound, &error);
  g_assert_no_error (error);
  fake->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  fake->thread = g_thread_new ("fake-hub", serve_fake, fake);
}

static void
fake_hub_stop (FakeHub *fake)
{
  g_cancellable_cancel (fake->cancellable);
  g_thread_join (fake->thread);
  g_socket_listener_close (fake->listener);
  g_clear_object (&fake->listener);
  g_clear_object (&fake->cancellable);
}

static void
test_corrupt_delta (Fixture       *f,
                    gconstpointer  data)
{
  static const struct {
    const char *body;
    const char *says;
  } corrupt[] = {
    /* A row with a bad price beside a good one. */
    { "{\"fair\":\"qn-2024\",\"version\":2,\"since\":1,\"full\":false,\"withdrawn\":[\"QN-HL-003\"],"
      "\"products\":\"" "sku,barcode,name,producer,producer_kind,locality,stars,price_vnd,unit,category,trace_url\\r\\n"
      "QN-BC-001,,Trà hoa vàng,Công ty Đạp Thanh,enterprise,Ba Chẽ,5,800000,hộp,Trà,\\r\\n"
      "QN-DH-004,,Rượu ba kích,HTX Ba kích,cooperative,Đầm Hà,3,32.5,chai,Đồ uống,\\r\\n\"}",
      ":3: price_vnd" },
    /* A delta from a version the device does not hold. */
    { "{\"fair\":\"qn-2024\",\"version\":7,\"since\":4,\"full\":false,\"withdrawn\":[\"QN-BC-001\"]}",
      "since version 4" },
    /* One sku both changed and withdrawn. */
    { "{\"fair\":\"qn-2024\",\"version\":2,\"since\":1,\"full\":false,\"withdrawn\":[\"QN-BC-001\"],"
      "\"products\":\"" "sku,barcode,name,producer,producer_kind,locality,stars,price_vnd,unit,category,trace_url\\r\\n"
      "QN-BC-001,,Trà hoa vàng,Công ty Đạp Thanh,enterprise,Ba Chẽ,5,800000,hộp,Trà,\\r\\n\"}",
      "both changes and withdraws QN-BC-001" },
    /* Cut off on the way. */
    { "{\"fair\":\"qn-2024\",\"version\":2,\"since\":1,\"full\":false,\"withdr", "not a JSON object" },
    /* A withdrawn list that is not one. */
    { "{\"fair\":\"qn-2024\",\"version\":2,\"since\":1,\"full\":false,\"withdrawn\":[3]}", "item 1 of 'withdrawn'" },
  };
  g_autoptr(OcopStore) store = test_device_new (&f->hub, "a", FAIR, "QN-07");
  g_autoptr(GError) error = NULL;
  g_autofree char *skus = NULL;
  g_autofree char *fake_url = NULL;
  FakeHub fake = { 0 };
  OcopSyncRound round;
  gint64 store_version;

  g_free (publish (f, "v1.csv", HEADER TEA_ROW ("700000") NOODLE_ROW SQUID_ROW));
  g_assert_true (sync_store (store, &round, &error));
  g_assert_no_error (error);
  skus = skus_on_sale (store);
  store_version = ocop_store_get_catalog_version (store);

  fake_hub_start (&fake);
  fake_url = g_strdup_printf ("http://127.0.0.1:%u", fake.port);
  g_assert_true (ocop_store_save_sync_state (store, &(OcopSyncClientState) { .hub_url = fake_url },
                                            OCOP_SYNC_FIELD_HUB_URL, &error));
  for (guint i = 0; i < G_N_ELEMENTS (corrupt); i++)
    {
      g_autofree char *after = NULL;

      fake.body = corrupt[i].body;
      g_assert_false (sync_store (store, &round, &error));
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, corrupt[i].says));
      g_clear_error (&error);
      /* Nothing of it was applied. */
      after = skus_on_sale (store);
      g_assert_cmpstr (after, ==, skus);
      g_assert_cmpint (price_of (store, "QN-BC-001"), ==, 700000);
      g_assert_cmpint (ocop_store_get_catalog_version (store), ==, store_version);
      assert_held_version (store, 1);
    }
  g_assert_cmpint (g_atomic_int_get (&fake.served), ==, G_N_ELEMENTS (corrupt));
  fake_hub_stop (&fake);
}

/* ---- the rows the hub compares and sends ---- */

/* A row read, written back and read again is the same product, and the
 * same line: the hub's "changed" means a field changed. Commas, quotes
 * and semicolons in a field are quoted. */
static void
test_row_round_trip (void)
{
  static const char file[] =
    HEADER
    "QN-X-1,int:ab-12,\"Nem chua \"\"Quảng Yên\"\", loại 1\",HTX Nem; chả,cooperative,quang yen,4 sao,\"25.000\",hộp,,"
    "https://ocop.quangninh.gov.vn/truy-xuat?id=1\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (file, strlen (file));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) first = ocop_catalog_parse_bytes (bytes, "file", &error);
  g_autofree char *row = NULL, *again_text = NULL, *row_again = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GPtrArray) second = NULL;
  const OcopProductInfo *a, *b;

  g_assert_no_error (error);
  row = ocop_catalog_format_row (first->pdata[0]);
  g_assert_cmpstr (row, ==, "QN-X-1,int:AB-12,\"Nem chua \"\"Quảng Yên\"\", loại 1\",\"HTX Nem; chả\",cooperative,"
                            "Quảng Yên,4,25000,hộp,Khác,https://ocop.quangninh.gov.vn/truy-xuat?id=1");
  again_text = g_strconcat (HEADER, row, "\n", NULL);
  again = g_bytes_new (again_text, strlen (again_text));
  second = ocop_catalog_parse_bytes (again, "again", &error);
  g_assert_no_error (error);
  a = ocop_product_get_info (first->pdata[0]);
  b = ocop_product_get_info (second->pdata[0]);
  g_assert_cmpstr (a->name, ==, b->name);
  g_assert_cmpstr (b->name, ==, "Nem chua \"Quảng Yên\", loại 1");
  g_assert_cmpstr (a->barcode, ==, b->barcode);
  g_assert_cmpint (a->barcode_kind, ==, b->barcode_kind);
  g_assert_cmpint (b->price_vnd, ==, 25000);
  g_assert_cmpint (b->stars, ==, 4);
  g_assert_cmpstr (a->producer, ==, b->producer);
  g_assert_cmpstr (a->locality, ==, b->locality);
  g_assert_cmpstr (a->category, ==, b->category);
  g_assert_cmpstr (a->trace_url, ==, b->trace_url);
  row_again = ocop_catalog_format_row (second->pdata[0]);
  g_assert_cmpstr (row_again, ==, row);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/catalog-sync/delta", test_delta);
  ADD ("/catalog-sync/withdrawn-returns", test_withdrawn_returns);
  ADD ("/catalog-sync/corrupt-delta", test_corrupt_delta);
#undef ADD
  g_test_add_func ("/catalog-sync/row-round-trip", test_row_round_trip);

  return g_test_run ();
}
