/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-client-deep-json.c: a fake hub on loopback (a socket listener in
 * this test) answers a booth with deeply nested JSON, as a rogue machine
 * on the fair's Wi-Fi could; the till's client reports a clear error for
 * each reply it reads (enrollment, upload acknowledgement, refusal,
 * totals, catalog, sign-in), does not crash, and marks nothing as sent. */

#include <string.h>

#include "ocop-store-outbox.h"
#include "ocop-sync-client.h"
#include "test-util.h"

#define DEPTH_REFUSED "The JSON text is nested deeper than 32 levels at byte 32"

typedef struct {
  const char *path;    /* a part of the request's path */
  guint       status;
  const char *body;
} FakeReply;

typedef struct {
  GSocketListener *listener;
  GCancellable    *cancellable;
  GThread         *thread;
  char            *url;
  GMutex           lock;
  const FakeReply *replies;  /* ends with a NULL path; under lock */
  FakeReply        deep_replies[2];
  char            *deep;     /* 100,000 '[' */
  char            *dir;
  OcopStore       *store;
  OcopSyncClient  *client;
} Fixture;

static const FakeReply *
find_reply (Fixture    *f,
            const char *path)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&f->lock);

  for (const FakeReply *r = f->replies; r != NULL && r->path != NULL; r++)
    if (strstr (path, r->path) != NULL)
      return r;
  return NULL;
}

/* One HTTP/1.1 exchange: reads the request line, headers and body, and
 * answers with the reply for its path (404 when none), then closes. */
static void
serve (Fixture           *f,
       GSocketConnection *connection)
{
  g_autoptr(GDataInputStream) in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autofree char *request = NULL, *head = NULL, *body = NULL;
  g_auto(GStrv) words = NULL;
  gsize length = 0;
  const FakeReply *reply;

  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (in), FALSE);
  g_data_input_stream_set_newline_type (in, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);
  if (!(request = g_data_input_stream_read_line (in, NULL, NULL, NULL)))
    return;
  while (TRUE)
    {
      g_autofree char *line = g_data_input_stream_read_line (in, NULL, NULL, NULL);

      if (line == NULL || *line == '\0')
        break;
      if (g_ascii_strncasecmp (line, "Content-Length:", 15) == 0)
        length = g_ascii_strtoull (line + 15, NULL, 10);
    }
  body = g_malloc (length + 1);
  g_input_stream_read_all (G_INPUT_STREAM (in), body, length, NULL, NULL, NULL);
  words = g_strsplit (request, " ", 3);
  reply = words[1] != NULL ? find_reply (f, words[1]) : NULL;
  head = g_strdup_printf ("HTTP/1.1 %u Fake\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n"
                          "Connection: close\r\n\r\n",
                          reply ? reply->status : 404, reply ? strlen (reply->body) : 0);
  g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL);
  if (reply != NULL)
    g_output_stream_write_all (out, reply->body, strlen (reply->body), NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
}

static gpointer
serve_thread (gpointer data)
{
  Fixture *f = data;
  GSocketConnection *connection;

  while ((connection = g_socket_listener_accept (f->listener, NULL, f->cancellable, NULL)) != NULL)
    {
      serve (f, connection);
      g_object_unref (connection);
    }
  return NULL;
}

static void
set_replies (Fixture         *f,
             const FakeReply *replies)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&f->lock);

  f->replies = replies;
}

/* Listens on 127.0.0.1 on a port of the system's choosing, answering in a
 * thread of its own: the client under test blocks the test's thread. */
static void
fake_hub_start (Fixture *f)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_mutex_init (&f->lock);
  f->listener = g_socket_listener_new ();
  f->cancellable = g_cancellable_new ();
  g_assert_true (g_socket_listener_add_address (f->listener, any_port, G_SOCKET_TYPE_STREAM,
                                                G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error));
  g_assert_no_error (error);
  f->url = g_strdup_printf ("http://127.0.0.1:%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  f->thread = g_thread_new ("fake-hub", serve_thread, f);
}

static void
fake_hub_stop (Fixture *f)
{
  g_cancellable_cancel (f->cancellable);
  g_thread_join (f->thread);
  g_socket_listener_close (f->listener);
  g_clear_object (&f->listener);
  g_clear_object (&f->cancellable);
  g_clear_pointer (&f->url, g_free);
  g_mutex_clear (&f->lock);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  fake_hub_start (f);
  f->deep = g_strnfill (100000, '[');
  f->dir = test_util_make_dir ();
  f->store = test_util_demo_store (f->dir);
  f->client = ocop_sync_client_new (ocop_store_get_path (f->store));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  fake_hub_stop (f);
  g_clear_object (&f->client);
  g_clear_object (&f->store);
  test_util_remove_dir (f->dir);
  g_clear_pointer (&f->dir, g_free);
  g_clear_pointer (&f->deep, g_free);
}

static void
enroll (Fixture *f)
{
  const FakeReply replies[] = {
    { "/v1/enroll", 201, "{\"device_id\":\"dv-1\",\"token\":\"t0k3n\",\"fair\":\"qn-2024\"}" },
    { NULL },
  };
  g_autoptr(GError) error = NULL;

  set_replies (f, replies);
  g_assert_true (ocop_sync_client_enroll (f->client, f->url, "ABCD-EFGH", NULL, &error));
  g_assert_no_error (error);
  set_replies (f, NULL);
}

/* From now on the hub answers @path with @status and 100,000 '['. */
static void
serve_deep (Fixture    *f,
            const char *path,
            guint       status)
{
  f->deep_replies[0] = (FakeReply) { path, status, f->deep };
  set_replies (f, f->deep_replies);
}

/* A protocol error, with @message when not NULL (the replies that only
 * lack what they should hold say so in their own words). */
static void
assert_protocol_error (GError     *error,
                       const char *message)
{
  g_assert_error (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_PROTOCOL);
  g_test_message ("%s", error->message);
  if (message != NULL)
    g_assert_cmpstr (error->message, ==, message);
}

static void
test_enroll (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  serve_deep (f, "/v1/enroll", 201);
  g_assert_false (ocop_sync_client_enroll (f->client, f->url, "ABCD-EFGH", NULL, &error));
  assert_protocol_error (error, NULL);
  g_assert_false (ocop_sync_client_is_enrolled (f->client, NULL));
}

/* Two sales waiting; the hub's acknowledgement, or its refusal, is deep. */
static void
test_upload (Fixture       *f,
             gconstpointer  data)
{
  g_auto(GStrv) skus = test_util_demo_skus (f->store, 2);
  const char *first[] = { skus[0], NULL }, *second[] = { skus[1], NULL };
  g_autoptr(OcopSale) a = NULL, b = NULL;
  g_autoptr(GError) error = NULL;
  OcopSyncRound round;
  gint64 pending;

  enroll (f);
  a = test_util_sell (f->store, first, 1, OCOP_PAYMENT_CASH);
  b = test_util_sell (f->store, second, 2, OCOP_PAYMENT_TRANSFER);
  pending = ocop_store_outbox_pending (f->store);
  g_assert_cmpint (pending, >=, 2);

  serve_deep (f, "/events", 200);
  g_assert_false (ocop_sync_client_run_round (f->client, &round, NULL, &error));
  assert_protocol_error (error, "The hub's reply is not a JSON object: " DEPTH_REFUSED);
  g_assert_cmpint (ocop_store_outbox_pending (f->store), ==, pending);
  g_assert_cmpint (ocop_store_outbox_acked_through (f->store), ==, 0);
  ocop_sync_round_clear (&round);
  g_clear_error (&error);

  /* The refusal's "message" would be the hub's own sentence. */
  serve_deep (f, "/events", 400);
  g_assert_false (ocop_sync_client_run_round (f->client, &round, NULL, &error));
  g_assert_error (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_REFUSED);
  g_assert_cmpstr (error->message, ==, "The hub answered with HTTP status 400");
  g_assert_cmpint (ocop_store_outbox_pending (f->store), ==, pending);
  g_assert_cmpint (ocop_store_outbox_acked_through (f->store), ==, 0);
  ocop_sync_round_clear (&round);
}

static void
test_totals (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) totals = NULL;

  enroll (f);
  serve_deep (f, "/totals", 200);
  totals = ocop_sync_client_fetch_totals (f->client, NULL, NULL, &error);
  g_assert_null (totals);
  assert_protocol_error (error, NULL);
}

/* Nothing to send, so the round goes straight to the catalog. */
static void
test_catalog (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  OcopSyncRound round;

  enroll (f);
  g_assert_cmpint (ocop_store_outbox_pending (f->store), ==, 0);
  serve_deep (f, "/catalog", 200);
  g_assert_false (ocop_sync_client_run_round (f->client, &round, NULL, &error));
  assert_protocol_error (error, "The hub's catalog reply is unusable: it is not a JSON object: " DEPTH_REFUSED);
  ocop_sync_round_clear (&round);
}

static void
test_sign_in (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *organizer = NULL;

  enroll (f);
  serve_deep (f, "/v1/session", 201);
  g_assert_false (ocop_sync_client_sign_in (f->client, "Lan", "hoa-sim-tim-2024", NULL, &error));
  assert_protocol_error (error, NULL);
  organizer = ocop_sync_client_dup_organizer (f->client);
  g_assert_null (organizer);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/client-deep-json/enroll", Fixture, NULL, fixture_set_up, test_enroll, fixture_tear_down);
  g_test_add ("/client-deep-json/upload", Fixture, NULL, fixture_set_up, test_upload, fixture_tear_down);
  g_test_add ("/client-deep-json/totals", Fixture, NULL, fixture_set_up, test_totals, fixture_tear_down);
  g_test_add ("/client-deep-json/catalog", Fixture, NULL, fixture_set_up, test_catalog, fixture_tear_down);
  g_test_add ("/client-deep-json/sign-in", Fixture, NULL, fixture_set_up, test_sign_in, fixture_tear_down);
  return g_test_run ();
}
