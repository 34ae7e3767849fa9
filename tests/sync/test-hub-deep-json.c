/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-hub-deep-json.c: deeply nested JSON, which overflowed a worker's
 * stack inside json-glib and killed the hub before any login, sent to
 * every JSON route of a real ocop-hub process (enrollment, organizer
 * sign-in, a device's events, and an event's payload inside a batch):
 * each is refused with 400 and a sentence that says how deep and where,
 * nothing is stored, and the hub still serves devices and totals. */

#include <string.h>

#include "ocop-store-outbox.h"
#include "ocop-sync-client.h"
#include "sync-fixture.h"
#include "test-util.h"

#define FAIR "qn-2024"
#define DEPTH_REFUSED "nested deeper than 32 levels at byte "

typedef struct {
  TestHub    hub;
  OcopStore *store;
  char      *device_id;
  char      *token;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  test_hub_start (&f->hub, NULL);
  f->store = test_device_new (&f->hub, "a", FAIR, "QN-07");
  f->device_id = test_util_sync_text (f->store, device_id);
  f->token = test_util_sync_text (f->store, token);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  g_clear_pointer (&f->device_id, g_free);
  g_clear_pointer (&f->token, g_free);
  /* test_hub_stop, inside, wants the process alive and exiting 0. */
  test_hub_clear (&f->hub);
}

/* @count times @unit, as one text. */
static char *
repeat (const char *unit,
        guint       count)
{
  GString *text = g_string_sized_new (strlen (unit) * count);

  for (guint i = 0; i < count; i++)
    g_string_append (text, unit);
  return g_string_free (text, FALSE);
}

static GBytes *
gzip (const char *text)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 9);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) out = g_converter_output_stream_new (memory, G_CONVERTER (compressor));
  g_autoptr(GError) error = NULL;

  g_assert_true (g_output_stream_write_all (out, text, strlen (text), NULL, NULL, &error));
  g_assert_true (g_output_stream_close (out, NULL, &error));
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

/* POSTs @body (gzip-compressed when @compress) and expects 400 with
 * @message in the reply's "message", or with @may_be_too_large a 413 too:
 * a route whose body limit is below the body's size refuses it before
 * reading it, which is as good. */
static void
assert_refused (const char *url,
                const char *token,
                const char *body,
                gboolean    compress,
                gboolean    may_be_too_large,
                const char *message)
{
  g_autoptr(GBytes) packed = compress ? gzip (body) : g_bytes_new_static (body, strlen (body));
  g_autoptr(JsonNode) reply_node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = NULL;
  long status;

  status = test_http ("POST", url, token, compress ? "gzip" : NULL, g_bytes_get_data (packed, NULL),
                      g_bytes_get_size (packed), &reply);
  g_test_message ("%s (%zu bytes on the wire): %ld %s", url, g_bytes_get_size (packed), status, reply);
  if (may_be_too_large && status == 413)
    return;
  g_assert_cmpint (status, ==, 400);
  reply_node = json_from_string (reply, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (reply_node), "error"), ==, "invalid");
  g_assert_nonnull (strstr (json_object_get_string_member (json_node_get_object (reply_node), "message"), message));
}

/* The hub is up: it answers a read and takes a device's real batch. */
static void
assert_hub_serves (Fixture *f,
                   gint64   events_before)
{
  g_auto(GStrv) skus = test_util_demo_skus (f->store, 1);
  const char *one[] = { skus[0], NULL };
  g_autoptr(OcopSyncClient) client = ocop_sync_client_new (ocop_store_get_path (f->store));
  g_autoptr(OcopSale) sale = test_util_sell (f->store, one, 1, OCOP_PAYMENT_CASH);
  g_autoptr(JsonNode) totals = NULL;
  g_autoptr(GError) error = NULL;
  OcopSyncRound round;

  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT count (*) FROM event"), ==, events_before);
  g_assert_true (ocop_sync_client_run_round (client, &round, NULL, &error));
  g_assert_no_error (error);
  ocop_sync_round_clear (&round);
  g_assert_cmpint (ocop_store_outbox_pending (f->store), ==, 0);
  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT count (*) FROM event"), >, events_before);
  totals = test_hub_totals (&f->hub, FAIR, NULL);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (totals), "sales"), ==, 1);
}

/* 100,000 '[' (the attack as reported) and 20,000 '{"a":' to the routes a
 * stranger reaches without a login, and to the events of a device; then
 * the same shapes 40 deep, small enough for any route's body limit. */
static void
test_deep_bodies (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *arrays = repeat ("[", 100000);
  g_autofree char *objects = repeat ("{\"a\":", 20000);
  g_autofree char *few_arrays = repeat ("[", 40);
  g_autofree char *few_objects = repeat ("{\"a\":", 40);
  g_autofree char *enroll = g_strdup_printf ("%s/v1/enroll", f->hub.url);
  g_autofree char *session = g_strdup_printf ("%s/v1/session", f->hub.url);
  g_autofree char *events = g_strdup_printf ("%s/v1/devices/%s/events", f->hub.url, f->device_id);
  const char *routes[] = { enroll, session, events };
  gint64 stored = test_hub_query_int (&f->hub, "SELECT count (*) FROM event");

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      const char *token = routes[i] == events ? f->token : NULL;

      assert_refused (routes[i], token, arrays, FALSE, TRUE, DEPTH_REFUSED "32");
      assert_refused (routes[i], token, objects, FALSE, TRUE, DEPTH_REFUSED "160");
      assert_refused (routes[i], token, few_arrays, FALSE, FALSE, DEPTH_REFUSED "32");
      assert_refused (routes[i], token, few_objects, FALSE, FALSE, DEPTH_REFUSED "160");
    }
  /* A megabyte of '[' gzipped to about a kilobyte: the depth is checked
   * on the inflated text. */
  {
    g_autofree char *megabyte = repeat ("[", 1024 * 1024);

    assert_refused (events, f->token, megabyte, TRUE, FALSE, DEPTH_REFUSED "32");
  }
  assert_hub_serves (f, stored);
}

/* A batch well formed down to one event whose payload, a string whose
 * hash matches, nests 10,000 deep: only the payload's parse sees it. */
static void
test_deep_payload (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *events = g_strdup_printf ("%s/v1/devices/%s/events", f->hub.url, f->device_id);
  g_autofree char *nest = repeat ("[", 10000);
  g_autofree char *payload = g_strdup_printf ("{\"uuid\":\"0f5c0000-0000-4000-8000-000000000001\",\"kind\":\"sale\","
                                              "\"business_day\":\"2024-12-11\",\"total\":1,\"x\":%s", nest);
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, payload, -1);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *batch = NULL;
  gint64 stored = test_hub_query_int (&f->hub, "SELECT count (*) FROM event");

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "protocol");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "device_id");
  json_builder_add_string_value (builder, f->device_id);
  json_builder_set_member_name (builder, "epoch");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "epoch_first_seq");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "booth");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, "QN-07");
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "clock");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "device_us");
  json_builder_add_int_value (builder, g_get_real_time ());
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "events");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "seq");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, "sale");
  json_builder_set_member_name (builder, "ref");
  json_builder_add_string_value (builder, "0f5c");
  json_builder_set_member_name (builder, "created_us");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "hash");
  json_builder_add_string_value (builder, hash);
  json_builder_set_member_name (builder, "payload");
  json_builder_add_string_value (builder, payload);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  batch = json_to_string (root, FALSE);

  /* 134 is where the 33rd '[' of the payload is. */
  assert_refused (events, f->token, batch, FALSE, FALSE, "events[0].payload is not a JSON object: The JSON text is "
                  DEPTH_REFUSED "134");
  assert_hub_serves (f, stored);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/hub-deep-json/bodies", Fixture, NULL, fixture_set_up, test_deep_bodies, fixture_tear_down);
  g_test_add ("/hub-deep-json/payload", Fixture, NULL, fixture_set_up, test_deep_payload, fixture_tear_down);
  return g_test_run ();
}
