/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sync-fixture.c: the real hub process and devices for the sync tests. */

#include <signal.h>
#include <sys/prctl.h>
#include <string.h>
#include <unistd.h>
#include <sqlite3.h>
#include <libpq-fe.h>
#include <curl/curl.h>
#include <glib/gstdio.h>

#include "ocop-sync-client.h"
#include "sync-fixture.h"
#include "test-util.h"

/* The hub as installed, or its test build with the test hooks. */
static const char *
hub_binary (TestHub *hub)
{
  const char *path = g_getenv (hub->test_build ? "OCOP_HUB_TEST_BUILD" : "OCOP_HUB");

  g_assert_nonnull (path);
  return path;
}

/* The server run-pg.sh started: postgresql://USER@127.0.0.1:PORT */
static PGconn *
connect_pg (const char *database)
{
  g_autofree char *uri = g_strdup_printf ("%s/%s", g_getenv ("OCOP_TEST_PG"), database);
  PGconn *conn = PQconnectdb (uri);

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("cannot connect to %s: %s", uri, PQerrorMessage (conn));
  return conn;
}

static void
exec_pg (const char *database,
         const char *sql)
{
  PGconn *conn = connect_pg (database);
  PGresult *result = PQexec (conn, sql);

  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (result));
  PQclear (result);
  PQfinish (conn);
}

/* A fresh database for each test's hub. */
static char *
create_pg_database (void)
{
  static gint counter;
  g_autofree char *name = g_strdup_printf ("hub_%d_%d", getpid (), g_atomic_int_add (&counter, 1));
  g_autofree char *sql = g_strdup_printf ("CREATE DATABASE %s", name);

  exec_pg ("postgres", sql);
  return g_strdup_printf ("%s/%s", g_getenv ("OCOP_TEST_PG"), name);
}

static void
drop_pg_database (const char *uri)
{
  g_autofree char *sql = g_strdup_printf ("DROP DATABASE %s WITH (FORCE)", strrchr (uri, '/') + 1);

  exec_pg ("postgres", sql);
}

/* A hub outlives no test program, even one that aborts. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

void
test_hub_start (TestHub            *hub,
                const char * const *env_pairs)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *listen = NULL;
  g_autoptr(GPtrArray) argv = NULL;

  if (hub->dir == NULL)
    {
      hub->dir = test_util_make_dir ();
      hub->db = g_getenv ("OCOP_TEST_PG") ? create_pg_database () : g_build_filename (hub->dir, "hub.db", NULL);
    }
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  for (guint i = 0; env_pairs != NULL && env_pairs[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (env_pairs[i], "=", 2);

      g_subprocess_launcher_setenv (launcher, pair[0], pair[1], TRUE);
    }
  /* A restarted hub comes back on its port: the devices know it by URL. */
  listen = g_strdup_printf ("127.0.0.1:%u", hub->port);
  argv = g_ptr_array_new ();
  g_ptr_array_add (argv, (char *) hub_binary (hub));
  g_ptr_array_add (argv, (char *) "serve");
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, hub->db);
  g_ptr_array_add (argv, (char *) "--listen");
  g_ptr_array_add (argv, listen);
  g_ptr_array_add (argv, (char *) "--threads");
  g_ptr_array_add (argv, (char *) "4");
  if (hub->tls_cert != NULL)
    {
      g_ptr_array_add (argv, (char *) "--tls-cert");
      g_ptr_array_add (argv, (char *) hub->tls_cert);
      g_ptr_array_add (argv, (char *) "--tls-key");
      g_ptr_array_add (argv, (char *) hub->tls_key);
    }
  for (guint i = 0; hub->serve_args != NULL && hub->serve_args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) hub->serve_args[i]);
  g_ptr_array_add (argv, NULL);
  hub->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (hub->process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "ocop-hub: listening on port "));
  hub->port = (guint16) g_ascii_strtoull (line + strlen ("ocop-hub: listening on port "), NULL, 10);
  g_assert_cmpuint (hub->port, >, 0);
  g_assert_true (listen[strlen ("127.0.0.1:")] == '0' || g_str_equal (listen + strlen ("127.0.0.1:"), line + strlen ("ocop-hub: listening on port ")));
  g_free (hub->url);
  hub->url = g_strdup_printf ("%s://127.0.0.1:%u", hub->tls_cert ? "https" : "http", hub->port);
}

void
test_hub_stop (TestHub *hub)
{
  if (hub->process == NULL)
    return;
  g_subprocess_send_signal (hub->process, SIGTERM);
  g_subprocess_wait (hub->process, NULL, NULL);
  /* A clean stop: under ASan a leak or an error would make this fail. */
  g_assert_true (g_subprocess_get_if_exited (hub->process));
  g_assert_cmpint (g_subprocess_get_exit_status (hub->process), ==, 0);
  g_clear_object (&hub->process);
}

void
test_hub_clear (TestHub *hub)
{
  test_hub_stop (hub);
  if (hub->db && g_str_has_prefix (hub->db, "postgresql://"))
    drop_pg_database (hub->db);
  if (hub->dir)
    test_util_remove_dir (hub->dir);
  g_clear_pointer (&hub->dir, g_free);
  g_clear_pointer (&hub->db, g_free);
  g_clear_pointer (&hub->url, g_free);
  hub->port = 0;
}

char *
test_hub_run (TestHub    *hub,
              const char *first_arg,
              ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  va_list args;

  g_ptr_array_add (argv, (char *) hub_binary (hub));
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, hub->db);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("ocop-hub %s failed: %s", first_arg, err);
  return g_strdup (g_strstrip (out));
}

void
test_hub_add_organizer (TestHub    *hub,
                        const char *name,
                        const char *password)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *input = g_strconcat (password, "\n", NULL);

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                              hub_binary (hub), "user", "add", "--db", hub->db, name, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
}

void
test_hub_exec (TestHub    *hub,
               const char *sql)
{
  sqlite3 *db = NULL;

  if (g_str_has_prefix (hub->db, "postgresql://"))
    {
      exec_pg (strrchr (hub->db, '/') + 1, sql);
      return;
    }
  g_assert_cmpint (sqlite3_open (hub->db, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static size_t
collect (char   *data,
         size_t  size,
         size_t  count,
         void   *user_data)
{
  g_string_append_len (user_data, data, (gssize) (size * count));
  return size * count;
}

void
test_reply_clear (TestReply *reply)
{
  g_string_free (reply->body, TRUE);
  g_string_free (reply->headers, TRUE);
}

void
test_request (TestReply  *reply,
              const char *method,
              const char *url,
              const char *cookie,
              const char *bearer,
              const char *body)
{
  test_request_with (reply, method, url, cookie, bearer, body, NULL, NULL);
}

void
test_request_with (TestReply          *reply,
                   const char         *method,
                   const char         *url,
                   const char         *cookie,
                   const char         *bearer,
                   const char         *body,
                   const char * const *more_headers,
                   const char         *from)
{
  CURL *curl = curl_easy_init ();
  struct curl_slist *headers = NULL;
  g_autofree char *authorization = bearer ? g_strconcat ("Authorization: Bearer ", bearer, NULL) : NULL;
  g_autofree char *cookie_header = cookie ? g_strconcat ("Cookie: ocop_session=", cookie, NULL) : NULL;
  CURLcode code;

  reply->body = g_string_new (NULL);
  reply->headers = g_string_new (NULL);
  headers = curl_slist_append (headers, "Expect:");
  if (authorization)
    headers = curl_slist_append (headers, authorization);
  if (cookie_header)
    headers = curl_slist_append (headers, cookie_header);
  for (guint i = 0; more_headers != NULL && more_headers[i] != NULL; i++)
    headers = curl_slist_append (headers, more_headers[i]);
  /* Linux routes all of 127/8 to lo: another local address is another
   * client as the hub sees it. */
  if (from != NULL)
    curl_easy_setopt (curl, CURLOPT_INTERFACE, from);
  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_CUSTOMREQUEST, method);
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
  if (body != NULL)
    curl_easy_setopt (curl, CURLOPT_POSTFIELDS, body);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, reply->body);
  curl_easy_setopt (curl, CURLOPT_HEADERFUNCTION, collect);
  curl_easy_setopt (curl, CURLOPT_HEADERDATA, reply->headers);
  code = curl_easy_perform (curl);
  /* A hub that refuses a large body from its headers answers and closes
   * while curl may still be sending it: that is an answer (the status
   * read, or 0 when the close came first), not a broken test. */
  if (code != CURLE_SEND_ERROR)
    g_assert_cmpint (code, ==, CURLE_OK);
  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &reply->status);
  curl_slist_free_all (headers);
  curl_easy_cleanup (curl);
}

char *
test_reply_header (TestReply  *reply,
                   const char *name)
{
  g_auto(GStrv) lines = g_strsplit (reply->headers->str, "\r\n", -1);

  for (guint i = 0; lines[i]; i++)
    if (g_ascii_strncasecmp (lines[i], name, strlen (name)) == 0 && lines[i][strlen (name)] == ':')
      return g_strstrip (g_strdup (lines[i] + strlen (name) + 1));
  return NULL;
}

long
test_http (const char  *method,
           const char  *url,
           const char  *token,
           const char  *encoding,
           const void  *body,
           gsize        size,
           char       **reply)
{
  CURL *curl = curl_easy_init ();
  struct curl_slist *headers = NULL;
  g_autofree char *authorization = token ? g_strconcat ("Authorization: Bearer ", token, NULL) : NULL;
  g_autofree char *content_encoding = encoding ? g_strconcat ("Content-Encoding: ", encoding, NULL) : NULL;
  GString *out = g_string_new (NULL);
  long status = 0;

  headers = curl_slist_append (headers, "Expect:");
  if (authorization)
    headers = curl_slist_append (headers, authorization);
  if (content_encoding)
    headers = curl_slist_append (headers, content_encoding);
  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_CUSTOMREQUEST, method);
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
  if (body != NULL)
    {
      curl_easy_setopt (curl, CURLOPT_POSTFIELDS, body);
      curl_easy_setopt (curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) size);
    }
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, out);
  g_assert_cmpint (curl_easy_perform (curl), ==, CURLE_OK);
  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all (headers);
  curl_easy_cleanup (curl);
  if (reply)
    *reply = g_string_free (out, FALSE);
  else
    g_string_free (out, TRUE);
  return status;
}

JsonNode *
test_hub_totals_as (TestHub    *hub,
                    const char *fair,
                    const char *day,
                    const char *bearer)
{
  g_autofree char *url = g_strdup_printf ("%s/v1/fairs/%s/totals%s%s", hub->url, fair, day ? "?day=" : "",
                                          day ? day : "");
  g_autofree char *reply = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  g_assert_cmpint (test_http ("GET", url, bearer, NULL, NULL, 0, &reply), ==, 200);
  node = json_from_string (reply, &error);
  g_assert_no_error (error);
  return node;
}

JsonNode *
test_hub_totals (TestHub    *hub,
                 const char *fair,
                 const char *day)
{
  return test_hub_totals_as (hub, fair, day, NULL);
}

gint64
test_hub_query_int (TestHub    *hub,
                    const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  if (g_str_has_prefix (hub->db, "postgresql://"))
    {
      PGconn *conn = connect_pg (strrchr (hub->db, '/') + 1);
      PGresult *result = PQexec (conn, sql);

      g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
      if (PQntuples (result) == 1 && !PQgetisnull (result, 0, 0))
        value = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);
      PQclear (result);
      PQfinish (conn);
      return value;
    }
  g_assert_cmpint (sqlite3_open_v2 (hub->db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

void
test_device_sync (OcopStore *store)
{
  g_autoptr(OcopSyncClient) client = ocop_sync_client_new (ocop_store_get_path (store));
  g_autoptr(GError) error = NULL;
  OcopSyncRound round;

  g_assert_true (ocop_sync_client_run_round (client, &round, NULL, &error));
  g_assert_no_error (error);
  ocop_sync_round_clear (&round);
}

char *
test_hub_log_in (TestHub    *hub,
                 const char *name,
                 const char *password)
{
  g_auto(TestReply) reply = { 0 };
  g_autofree char *url = g_strconcat (hub->url, "/login", NULL);
  g_autofree char *name_arg = g_uri_escape_string (name, NULL, FALSE);
  g_autofree char *password_arg = g_uri_escape_string (password, NULL, FALSE);
  g_autofree char *form = g_strdup_printf ("name=%s&password=%s", name_arg, password_arg);
  g_autofree char *cookie = NULL;
  g_auto(GStrv) parts = NULL;

  test_request (&reply, "POST", url, NULL, NULL, form);
  g_assert_cmpint (reply.status, ==, 303);
  cookie = test_reply_header (&reply, "Set-Cookie");
  g_assert_nonnull (cookie);
  parts = g_strsplit (cookie, ";", 2);
  g_assert_true (g_str_has_prefix (parts[0], "ocop_session="));
  return g_strdup (parts[0] + strlen ("ocop_session="));
}

OcopStore *
test_device_new (TestHub    *hub,
                 const char *name,
                 const char *fair,
                 const char *booth)
{
  g_autofree char *dir = g_build_filename (hub->dir, name, NULL);
  g_autofree char *code = test_hub_run (hub, "enroll", "--fair", fair, "--booth", booth, NULL);
  g_autoptr(OcopSyncClient) client = NULL;
  g_autoptr(GError) error = NULL;
  OcopStore *store;

  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  store = test_util_demo_store (dir);
  client = ocop_sync_client_new (ocop_store_get_path (store));
  ocop_sync_client_enroll (client, hub->url, code, NULL, &error);
  g_assert_no_error (error);
  return store;
}

static char *
shell (const char *command)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "sh", "-c", command, NULL };
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", command, err);
  return g_strdup (g_strstrip (out));
}

/* A self-signed certificate for 127.0.0.1, as a fair-site hub would make
 * for itself, and the pin of its public key computed by openssl, not by
 * the code under test. */
char *
test_make_certificate (const char  *dir,
                       const char  *name,
                       char       **key)
{
  g_autofree char *cert = g_build_filename (dir, name, NULL);
  g_autofree char *command = NULL;

  *key = g_strconcat (cert, ".key", NULL);
  command = g_strdup_printf ("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"
                             " -keyout '%s' -out '%s' -days 2 -subj /CN=ocop-hub-test"
                             " -addext subjectAltName=IP:127.0.0.1 2>/dev/null", *key, cert);
  g_free (shell (command));
  return g_steal_pointer (&cert);
}

char *
test_public_key_pin (const char *cert)
{
  g_autofree char *command = g_strdup_printf ("openssl x509 -in '%s' -pubkey -noout | openssl pkey -pubin -outform der"
                                              " | openssl dgst -sha256 -binary | openssl base64 -A", cert);
  g_autofree char *digest = shell (command);

  return g_strconcat ("sha256//", digest, NULL);
}

/* ---- hand-made batches ---- */

char *
test_batch_new (const char  *device_id,
                const char  *booth,
                GPtrArray   *payloads,
                gint64       first_seq)
{
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, "{\"protocol\":1,\"device_id\":\"%s\",\"epoch\":1,\"epoch_first_seq\":1,"
                          "\"booth\":%s,\"clock\":{\"device_us\":%" G_GINT64_FORMAT "},\"events\":[",
                          device_id, booth, g_get_real_time ());
  for (guint i = 0; i < payloads->len; i++)
    {
      const char *payload = payloads->pdata[i];
      g_autoptr(JsonNode) parsed = json_from_string (payload, NULL);
      const char *kind = json_object_get_string_member_with_default (json_node_get_object (parsed), "kind", "sale");
      g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, payload, -1);
      g_autoptr(JsonNode) quoted = json_node_init_string (json_node_alloc (), payload);
      g_autofree char *quoted_text = json_to_string (quoted, FALSE);

      g_string_append_printf (text, "%s{\"seq\":%" G_GINT64_FORMAT ",\"kind\":\"%s\",\"ref\":\"r%u\","
                              "\"created_us\":%" G_GINT64_FORMAT ",\"hash\":\"%s\",\"payload\":%s}",
                              i ? "," : "", first_seq + i, kind, i, TEST_FAIR_MORNING_US, hash, quoted_text);
    }
  g_string_append (text, "]}");
  return g_string_free (text, FALSE);
}

char *
test_sale_payload (const char *uuid,
                   const char *day,
                   const char *sku,
                   const char *name,
                   gint64      quantity,
                   gint64      unit_price,
                   const char *method)
{
  gint64 total = quantity * unit_price;

  return g_strdup_printf ("{\"uuid\":\"%s\",\"kind\":\"sale\",\"business_day\":\"%s\",\"total\":%" G_GINT64_FORMAT
                          ",\"lines\":[{\"sku\":\"%s\",\"name\":\"%s\",\"unit\":\"hộp\",\"quantity\":%"
                          G_GINT64_FORMAT ",\"unit_price\":%" G_GINT64_FORMAT ",\"discount\":0}],"
                          "\"payments\":[{\"method\":\"%s\",\"amount\":%" G_GINT64_FORMAT "}]}",
                          uuid, day, total, sku, name, quantity, unit_price, method, total);
}

GPtrArray *
test_sales_payloads (guint       n,
                     gint64      first,
                     const char *day,
                     gint64      quantity,
                     gint64      unit_price)
{
  GPtrArray *payloads = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *uuid = g_strdup_printf ("raw-%" G_GINT64_FORMAT, first + i);

      g_ptr_array_add (payloads, test_sale_payload (uuid, day, "QN-X-01", "Trà thử", quantity, unit_price, "cash"));
    }
  return payloads;
}

long
test_hub_post_batch (TestHub     *hub,
                     OcopStore   *store,
                     const char  *body,
                     char       **reply)
{
  g_autofree char *device_id = test_util_sync_text (store, device_id);
  g_autofree char *token = test_util_sync_text (store, token);
  g_autofree char *url = g_strdup_printf ("%s/v1/devices/%s/events", hub->url, device_id);

  return test_http ("POST", url, token, NULL, body, strlen (body), reply);
}

void
test_hub_add_bank_account (TestHub    *hub,
                           const char *name,
                           const char *service,
                           const char *key)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *input = g_strconcat (key, "\n", NULL);
  g_autofree char *out = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                              g_getenv ("OCOP_HUB"), "bank", "add", "--db", hub->db, "--service", service, "--fair",
                              "hcm-2026", "--account", "0011001932418", "--public-url", "https://hub.example.vn/",
                              name, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_assert_nonnull (strstr (out, "https://hub.example.vn/v1/bank/"));
}

long
test_hub_post_sepay (TestHub    *hub,
                     const char *name,
                     const char *key,
                     const char *id,
                     gint64      amount,
                     const char *code)
{
  g_autofree char *url = g_strdup_printf ("%s/v1/bank/%s", hub->url, name);
  g_autofree char *body = g_strdup_printf ("{\"id\":%s,\"gateway\":\"Vietcombank\",\"accountNumber\":\"0011001932418\","
                                           "\"transferType\":\"in\",\"transferAmount\":%" G_GINT64_FORMAT ","
                                           "\"code\":null,\"content\":\"Thanh toán %s\",\"description\":\"\"}",
                                           id, amount, code);
  g_autofree char *authorization = g_strconcat ("Authorization: Apikey ", key, NULL);
  const char *headers[] = { authorization, "Content-Type: application/json", NULL };
  g_auto(TestReply) reply = { 0 };

  test_request_with (&reply, "POST", url, NULL, NULL, body, headers, NULL);
  return reply.status;
}
