/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sync-http.c: plain http to the hub only by choice: the client
 * refuses http to another computer before a byte is sent (a listener on
 * loopback that every request would reach through http_proxy counts
 * none), reaches a hub on this computer, goes over http when the booth
 * allows it but never with an organizer's password, and follows no
 * redirect from https to http. */

#include <string.h>
#include <netinet/in.h>
#include <microhttpd.h>
#include <glib/gstdio.h>

#include "ocop-store-outbox.h"
#include "ocop-sync-client.h"
#include "sync-fixture.h"
#include "test-tools.h"
#include "test-util.h"

#define FAIR "qn-2024"
/* Names and addresses that are not this computer's; nothing is sent to
 * them (192.0.2.0/24 is for documentation only, RFC 5737). */
#define FAR_NAME "http://hub.example.org:8787"
#define FAR_ADDRESS "http://192.0.2.10:8787"

/* ---- a loopback listener that answers like a hub and counts ---- */

typedef struct {
  struct MHD_Daemon *daemon;
  guint16            port;
  gint               requests;
  GMutex             lock;
  char              *last_url;
  const char        *redirect_to;   /* answer every request with a 302 there */
} Listener;

static enum MHD_Result
answer (Listener              *self,
        struct MHD_Connection *connection,
        const char            *url)
{
  const char *body = "{\"error\":\"not_found\",\"message\":\"nothing here\"}";
  unsigned int status = MHD_HTTP_NOT_FOUND;
  struct MHD_Response *response;
  enum MHD_Result result;

  if (self->redirect_to != NULL)
    status = MHD_HTTP_FOUND, body = "";
  else if (g_str_has_suffix (url, "/v1/enroll"))
    status = MHD_HTTP_CREATED, body = "{\"device_id\":\"dev-far\",\"token\":\"tok-far\",\"fair\":\"" FAIR "\"}";
  else if (g_str_has_suffix (url, "/v1/session"))
    status = MHD_HTTP_CREATED, body = "{\"token\":\"session-far\",\"organizer\":\"ban-to-chuc\"}";
  response = MHD_create_response_from_buffer (strlen (body), (void *) body, MHD_RESPMEM_MUST_COPY);
  if (self->redirect_to != NULL)
    MHD_add_response_header (response, MHD_HTTP_HEADER_LOCATION, self->redirect_to);
  result = MHD_queue_response (connection, status, response);
  MHD_destroy_response (response);
  return result;
}

static enum MHD_Result
request_cb (void                  *user_data,
            struct MHD_Connection *connection,
            const char            *url,
            const char            *method,
            const char            *version,
            const char            *upload_data,
            size_t                *upload_data_size,
            void                 **request)
{
  Listener *self = user_data;

  if (*request == NULL)
    {
      *request = self;
      g_mutex_lock (&self->lock);
      self->requests++;
      g_free (self->last_url);
      self->last_url = g_strdup (url);
      g_mutex_unlock (&self->lock);
      return MHD_YES;
    }
  if (*upload_data_size > 0)
    {
      *upload_data_size = 0;
      return MHD_YES;
    }
  return answer (self, connection, url);
}

/* On 127.0.0.1, with TLS when @cert is set. */
static void
listener_start (Listener   *self,
                const char *cert,
                const char *key)
{
  struct sockaddr_in address = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  g_autofree char *cert_pem = NULL, *key_pem = NULL;
  unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;

  g_mutex_init (&self->lock);
  if (cert != NULL)
    {
      g_assert_true (g_file_get_contents (cert, &cert_pem, NULL, NULL));
      g_assert_true (g_file_get_contents (key, &key_pem, NULL, NULL));
      flags |= MHD_USE_TLS;
    }
  self->daemon = cert != NULL
    ? MHD_start_daemon (flags, 0, NULL, NULL, request_cb, self, MHD_OPTION_SOCK_ADDR, &address,
                        MHD_OPTION_HTTPS_MEM_CERT, cert_pem, MHD_OPTION_HTTPS_MEM_KEY, key_pem, MHD_OPTION_END)
    : MHD_start_daemon (flags, 0, NULL, NULL, request_cb, self, MHD_OPTION_SOCK_ADDR, &address, MHD_OPTION_END);
  g_assert_nonnull (self->daemon);
  self->port = MHD_get_daemon_info (self->daemon, MHD_DAEMON_INFO_BIND_PORT)->port;
}

static gint
listener_requests (Listener *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  return self->requests;
}

static void
listener_stop (Listener *self)
{
  g_clear_pointer (&self->daemon, MHD_stop_daemon);
  g_clear_pointer (&self->last_url, g_free);
  g_mutex_clear (&self->lock);
}

/* ---- the fixture: a device's store, and http_proxy at the listener ---- */

typedef struct {
  Listener   far;          /* what every plain http request reaches */
  OcopStore *store;
  char      *dir;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *proxy = NULL;

  listener_start (&f->far, NULL, NULL);
  /* libcurl sends every http request through the proxy in the
   * environment, even one to a name that does not resolve: anything the
   * client sent would reach the listener, on this computer. */
  proxy = g_strdup_printf ("http://127.0.0.1:%u", f->far.port);
  g_setenv ("http_proxy", proxy, TRUE);
  g_unsetenv ("no_proxy");
  g_unsetenv ("NO_PROXY");
  f->dir = test_util_make_dir ();
  f->store = test_util_demo_store (f->dir);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_unsetenv ("http_proxy");
  g_clear_object (&f->store);
  test_util_remove_dir (f->dir);
  g_free (f->dir);
  listener_stop (&f->far);
}

static OcopSyncClient *
client_new (Fixture  *f,
            gboolean  allow_http)
{
  OcopSyncClient *client = ocop_sync_client_new (ocop_store_get_path (f->store));

  ocop_sync_client_set_allow_http (client, allow_http);
  return client;
}

/* `ocop ARGS…` (NULL-terminated) on the device's store, in English; its
 * exit status, and what it printed on stderr in *@err. */
static int
run_tool (Fixture  *f,
          char    **err,
          ...)
{
  g_autofree char *out = NULL;
  va_list args;
  int status;

  va_start (args, err);
  status = test_util_run_tool_v (ocop_store_get_path (f->store), "en", NULL, &out, err, args);
  va_end (args);
  return status;
}

/* A store enrolled at @url (as if over an earlier, allowed way), with
 * two sales waiting. */
static void
pretend_enrolled (Fixture    *f,
                  const char *url)
{
  g_auto(GStrv) skus = test_util_demo_skus (f->store, 1);
  const char *one[] = { skus[0], NULL };
  OcopSyncClientState state = { .hub_url = (char *) url, .device_id = (char *) "dev-far",
                                .token = (char *) "tok-far", .fair = (char *) FAIR };
  g_autoptr(GError) error = NULL;

  g_assert_true (ocop_store_save_sync_state (f->store, &state, OCOP_SYNC_FIELD_ENROLLMENT | OCOP_SYNC_FIELD_FAIR,
                                            &error));
  g_assert_no_error (error);
  g_object_unref (test_util_sell (f->store, one, 1, OCOP_PAYMENT_CASH));
  g_object_unref (test_util_sell (f->store, one, 2, OCOP_PAYMENT_CASH));
}

/* ---- the cases ---- */

static void
test_refused_elsewhere (Fixture       *f,
                        gconstpointer  data)
{
  const char *far[] = { FAR_NAME, FAR_ADDRESS, "http://10.0.0.1:8787", "http://127.0.0.1.example.org",
                        "http://localhost@hub.example.org", "HTTP://hub.example.org" };
  g_autoptr(OcopSyncClient) client = client_new (f, FALSE);
  g_autofree char *err = NULL;
  gint64 pending;
  OcopSyncRound round;

  for (guint i = 0; i < G_N_ELEMENTS (far); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", far[i]);
      g_assert_false (ocop_sync_client_enroll (client, far[i], "CODE-1", NULL, &error));
      g_assert_error (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_INSECURE);
      g_assert_nonnull (strstr (error->message, "Nothing was sent"));
      g_assert_nonnull (strstr (error->message, "https://"));
      g_assert_nonnull (strstr (error->message, "--allow-http"));
    }
  g_assert_false (test_util_is_enrolled (f->store));

  /* The command says how to fix it. */
  g_assert_cmpint (run_tool (f, &err, "sync", "enroll", "--hub", FAR_NAME, "--code", "CODE-1", NULL),
                   ==, 1);
  g_assert_nonnull (strstr (err, "plain http:// to another computer"));
  g_assert_nonnull (strstr (err, "--allow-http"));
  g_assert_false (test_util_is_enrolled (f->store));

  /* A store that holds such an address (enrolled with the flag once)
   * sends nothing in a round without it, and marks nothing sent. */
  pretend_enrolled (f, FAR_NAME);
  pending = ocop_store_outbox_pending (f->store);
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (ocop_sync_client_run_round (client, &round, NULL, &error));
    g_assert_error (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_INSECURE);
    ocop_sync_round_clear (&round);
  }
  g_assert_cmpint (run_tool (f, &err, "sync", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "--allow-http"));
  g_assert_cmpint (ocop_store_outbox_pending (f->store), ==, pending);
  {
    g_autoptr(GError) error = NULL;

    g_assert_null (ocop_sync_client_fetch_totals (client, NULL, NULL, &error));
    g_assert_error (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_INSECURE);
  }

  /* Not one request reached the listener that all of them would have. */
  g_assert_cmpint (listener_requests (&f->far), ==, 0);
}

static void
test_loopback (Fixture       *f,
               gconstpointer  data)
{
  const char *near[] = { "http://127.0.0.1:1", "http://127.8.9.10:1", "http://localhost:1", "http://[::1]:1" };
  g_autoptr(OcopSyncClient) client = client_new (f, FALSE);
  TestHub hub = { 0 };
  g_autofree char *code = NULL, *by_name = NULL;
  g_autoptr(GError) error = NULL;

  /* Loopback is allowed: tried, and refused only by the closed port (or
   * by the proxy, which answers for no hub). */
  g_unsetenv ("http_proxy");
  for (guint i = 0; i < G_N_ELEMENTS (near); i++)
    {
      g_autoptr(GError) refused = NULL;

      g_test_message ("%s", near[i]);
      g_assert_false (ocop_sync_client_enroll (client, near[i], "CODE-1", NULL, &refused));
      g_assert_error (refused, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_NETWORK);
    }
  /* A real hub on this computer, by name. */
  test_hub_start (&hub, NULL);
  code = test_hub_run (&hub, "enroll", "--fair", FAIR, "--booth", "QN-07", NULL);
  by_name = g_strdup_printf ("http://localhost:%u", hub.port);
  g_assert_true (ocop_sync_client_enroll (client, by_name, code, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (test_util_is_enrolled (f->store));
  test_hub_clear (&hub);
  g_assert_cmpint (listener_requests (&f->far), ==, 0);
}

static void
test_loopback_socket_elsewhere (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(OcopSyncClient) client = client_new (f, FALSE);
  g_autofree char *proxy = g_strdup_printf ("http://0.0.0.0:%u", f->far.port);
  g_autofree char *url = g_strdup_printf ("http://localhost:%u", f->far.port);
  g_autoptr(GError) error = NULL;

  /* A proxy that is not a loopback address takes a loopback hub's
   * traffic: the socket is never opened. (0.0.0.0 would reach this
   * computer's listener, so a socket that opened would be counted.) */
  g_setenv ("http_proxy", proxy, TRUE);
  g_assert_false (ocop_sync_client_enroll (client, url, "CODE-1", NULL, &error));
  g_assert_error (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_INSECURE);
  g_assert_nonnull (strstr (error->message, "names this computer"));
  g_assert_cmpint (listener_requests (&f->far), ==, 0);
  g_assert_false (test_util_is_enrolled (f->store));
}

static void
test_allowed (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(OcopSyncClient) client = client_new (f, TRUE);
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;

  /* By the booth's choice: the request goes. */
  g_assert_true (ocop_sync_client_enroll (client, FAR_NAME, "CODE-1", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (listener_requests (&f->far), ==, 1);
  g_assert_cmpstr (f->far.last_url, ==, FAR_NAME "/v1/enroll");
  g_assert_true (test_util_is_enrolled (f->store));

  /* An organizer's password does not, even so. */
  g_assert_false (ocop_sync_client_sign_in (client, "ban-to-chuc", "hoa-sim-tim-2024", NULL, &error));
  g_assert_error (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_INSECURE);
  g_assert_nonnull (strstr (error->message, "password never goes over plain http://"));
  g_assert_null (ocop_sync_client_dup_organizer (client));
  g_assert_cmpint (listener_requests (&f->far), ==, 1);

  /* The command's flag is the same choice. */
  g_assert_cmpint (run_tool (f, &err, "sync", "enroll", "--allow-http", "--hub", FAR_NAME, "--code", "CODE-2",
                             NULL), ==, 0);
  g_assert_nonnull (strstr (err, "Warning: plain http"));
  g_assert_cmpint (listener_requests (&f->far), ==, 2);
}

static void
test_no_redirect_to_http (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *pki = test_util_make_dir ();
  g_autofree char *key = NULL, *cert = NULL, *cert_pem = NULL, *target = NULL, *url = NULL;
  g_autoptr(OcopSyncClient) client = client_new (f, TRUE);
  g_autoptr(GError) error = NULL;
  Listener near_plain = { 0 }, tls = { 0 };

  test_tool_require ("openssl", "openssl");
  cert = test_make_certificate (pki, "hub.pem", &key);
  g_assert_true (g_file_get_contents (cert, &cert_pem, NULL, NULL));
  /* An https hub (trusted) that sends the device to plain http on this
   * computer, where a listener waits: even with plain http allowed, the
   * client does not follow. */
  g_unsetenv ("http_proxy");
  listener_start (&near_plain, NULL, NULL);
  target = g_strdup_printf ("http://127.0.0.1:%u/v1/enroll", near_plain.port);
  tls.redirect_to = target;
  listener_start (&tls, cert, key);
  url = g_strdup_printf ("https://127.0.0.1:%u", tls.port);
  g_assert_true (ocop_sync_client_set_trust (client, cert_pem, NULL, &error));
  g_assert_false (ocop_sync_client_enroll (client, url, "CODE-1", NULL, &error));
  g_test_message ("%s", error->message);
  g_assert_error (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "302"));
  g_assert_cmpint (listener_requests (&tls), ==, 1);
  g_assert_cmpint (listener_requests (&near_plain), ==, 0);
  g_assert_false (test_util_is_enrolled (f->store));
  listener_stop (&tls);
  listener_stop (&near_plain);
  test_util_remove_dir (pki);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/sync-http/refused-elsewhere", test_refused_elsewhere);
  ADD ("/sync-http/loopback", test_loopback);
  ADD ("/sync-http/loopback-socket-elsewhere", test_loopback_socket_elsewhere);
  ADD ("/sync-http/allowed-but-no-password", test_allowed);
  ADD ("/sync-http/no-redirect-to-http", test_no_redirect_to_http);
#undef ADD
  return g_test_run ();
}
