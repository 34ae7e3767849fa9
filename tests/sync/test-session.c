/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-session.c: organizers signing in through the hub's JSON API
 * (/v1/session) on a real ocop-hub process, and who may read the fair's
 * totals: a session or the admin token, never a booth's device token. */

#include <string.h>
#include <curl/curl.h>
#include <sqlite3.h>
#include <libpq-fe.h>

#include "ocop-store-outbox.h"
#include "ocop-sync-client.h"
#include "sync-fixture.h"
#include "test-util.h"

#define FAIR "qn-2024"
#define PASSWORD "hoa-sim-tim-2024"
#define WRONG "doan-mo-mat-khau"
#define SESSION_US (G_GINT64_CONSTANT (12) * 3600 * G_USEC_PER_SEC)

typedef struct {
  TestHub    hub;
  OcopStore *booth_a;
  OcopStore *booth_b;
} Fixture;

/* @data: more arguments to `ocop-hub serve`, or NULL. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->hub.serve_args = data;
  test_hub_start (&f->hub, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->booth_a);
  g_clear_object (&f->booth_b);
  test_hub_clear (&f->hub);
}

/* ---- HTTP, with the reply's headers ---- */

static JsonObject *
body_object (TestReply  *reply,
             JsonNode  **keep)
{
  g_autoptr(GError) error = NULL;

  *keep = json_from_string (reply->body->str, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (*keep));
  return json_node_get_object (*keep);
}

static char *
session_url (Fixture *f)
{
  return g_strconcat (f->hub.url, "/v1/session", NULL);
}

static char *
totals_url (Fixture *f)
{
  return g_strdup_printf ("%s/v1/fairs/%s/totals", f->hub.url, FAIR);
}

/* POST /v1/session; returns the status and the token when 201. */
static long
sign_in (Fixture    *f,
         const char *name,
         const char *password,
         char      **token,
         TestReply  *kept)
{
  g_autofree char *url = session_url (f);
  g_autofree char *body = g_strdup_printf ("{\"name\": \"%s\", \"password\": \"%s\"}", name, password);
  g_auto(TestReply) reply = { 0 };
  g_autoptr(JsonNode) root = NULL;
  long status;

  test_request (&reply, "POST", url, NULL, NULL, body);
  status = reply.status;
  if (token != NULL)
    *token = NULL;
  if (status == 201 && token != NULL)
    *token = g_strdup (json_object_get_string_member (body_object (&reply, &root), "token"));
  if (kept != NULL)
    {
      *kept = reply;
      reply.body = g_string_new (NULL);
      reply.headers = g_string_new (NULL);
    }
  return status;
}

static long
get_totals (Fixture    *f,
            const char *bearer,
            TestReply  *reply)
{
  g_autofree char *url = totals_url (f);

  test_request (reply, "GET", url, NULL, bearer, NULL);
  return reply->status;
}

/* The error name and message of a refusal. */
static void
assert_refusal (TestReply  *reply,
                const char *error_name,
                const char *words)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object = body_object (reply, &root);

  g_assert_cmpstr (json_object_get_string_member (object, "error"), ==, error_name);
  g_assert_nonnull (strstr (json_object_get_string_member (object, "message"), words));
}

/* Writes to the hub's own database, as time passing would. */
static void
exec_hub_sql (Fixture    *f,
              const char *sql)
{
  if (g_str_has_prefix (f->hub.db, "postgresql://"))
    {
      PGconn *conn = PQconnectdb (f->hub.db);
      PGresult *result;

      g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
      result = PQexec (conn, sql);
      g_assert_cmpint (PQresultStatus (result), ==, PGRES_COMMAND_OK);
      PQclear (result);
      PQfinish (conn);
    }
  else
    {
      sqlite3 *db = NULL;

      g_assert_cmpint (sqlite3_open (f->hub.db, &db), ==, SQLITE_OK);
      sqlite3_busy_timeout (db, 5000);
      g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_close (db);
    }
}

/* Two booths that sold and synced: the figures the organizer must see. */
static void
two_booths_sell (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->booth_a = test_device_new (&f->hub, "a", FAIR, "QN-07");
  f->booth_b = test_device_new (&f->hub, "b", FAIR, "QN-12");
  for (guint b = 0; b < 2; b++)
    {
      OcopStore *store = b ? f->booth_b : f->booth_a;
      g_auto(GStrv) skus = test_util_demo_skus (store, 2);
      g_autoptr(OcopSyncClient) client = ocop_sync_client_new (ocop_store_get_path (store));
      OcopSyncRound round;

      for (guint i = 0; i < 2 + b; i++)
        {
          const char *one[] = { skus[i % 2], NULL };

          g_object_unref (test_util_sell (store, one, 1 + i, i ? OCOP_PAYMENT_CASH : OCOP_PAYMENT_TRANSFER));
        }
      g_assert_true (ocop_store_add_visitors (store, "Cổng chính", 30 + b, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (ocop_sync_client_run_round (client, &round, NULL, &error));
      g_assert_no_error (error);
      ocop_sync_round_clear (&round);
    }
}

static gint64
both_booths (Fixture    *f,
             const char *sql)
{
  return test_util_query_int (f->booth_a, sql) + test_util_query_int (f->booth_b, sql);
}

static void
assert_totals_are_the_booths (Fixture    *f,
                              JsonObject *totals)
{
  g_assert_cmpint (json_object_get_int_member (totals, "revenue"), ==, both_booths (f, "SELECT sum (total) FROM sale"));
  g_assert_cmpint (json_object_get_int_member (totals, "sales"), ==,
                   both_booths (f, "SELECT count (*) FROM sale WHERE kind = 'sale'"));
  g_assert_cmpint (json_object_get_int_member (totals, "visitors"), ==,
                   both_booths (f, "SELECT sum (count) FROM visitor_count"));
}

static char *
device_token (OcopStore *store)
{
  char *token = test_util_sync_text (store, token);

  g_assert_nonnull (token);
  return token;
}

/* ---- the tests ---- */

/* An organizer signs in, gets a 12-hour session, and reads the whole
 * fair's totals with it: the sums of both booths' own journals. */
static void
test_sign_in_reads_totals (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *url = session_url (f);
  g_auto(TestReply) signed_in = { 0 };
  g_auto(TestReply) totals = { 0 };
  g_auto(TestReply) anonymous = { 0 };
  g_autoptr(JsonNode) session = NULL, read = NULL;
  JsonObject *object;
  gint64 before = g_get_real_time (), expires;

  two_booths_sell (f);
  test_hub_add_organizer (&f->hub, "ban-to-chuc", PASSWORD);
  g_assert_cmpint (sign_in (f, "ban-to-chuc", PASSWORD, NULL, &signed_in), ==, 201);
  object = body_object (&signed_in, &session);
  g_assert_cmpstr (json_object_get_string_member (object, "organizer"), ==, "ban-to-chuc");
  g_assert_cmpuint (strlen (json_object_get_string_member (object, "token")), ==, 43);
  expires = json_object_get_int_member (object, "expires_us");
  g_assert_cmpint (expires, >=, before + SESSION_US);
  g_assert_cmpint (expires, <=, g_get_real_time () + SESSION_US);
  /* Only the token's hash is kept at the hub. */
  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT count (*) FROM organizer_session"), ==, 1);

  g_assert_cmpint (get_totals (f, json_object_get_string_member (object, "token"), &totals), ==, 200);
  assert_totals_are_the_booths (f, body_object (&totals, &read));
  /* With accounts, nobody reads without signing in. */
  g_assert_cmpint (get_totals (f, NULL, &anonymous), ==, 401);
  assert_refusal (&anonymous, "unauthorized", "sign in as an organizer");
}

/* The same through the sync client a booth laptop uses: the session is
 * in memory, and the totals it reads are the hub's whole fair. */
static void
test_client_signs_in (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(OcopSyncClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) totals = NULL;
  g_autofree char *organizer = NULL;
  gint64 meta_rows;

  two_booths_sell (f);
  test_hub_add_organizer (&f->hub, "ban-to-chuc", PASSWORD);
  client = ocop_sync_client_new (ocop_store_get_path (f->booth_a));
  meta_rows = test_util_query_int (f->booth_a, "SELECT count (*) FROM meta");
  g_assert_null (ocop_sync_client_fetch_totals (client, NULL, NULL, &error));
  g_assert_error (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_NEEDS_ORGANIZER);
  g_clear_error (&error);

  g_assert_true (ocop_sync_client_sign_in (client, "ban-to-chuc", PASSWORD, NULL, &error));
  g_assert_no_error (error);
  organizer = ocop_sync_client_dup_organizer (client);
  g_assert_cmpstr (organizer, ==, "ban-to-chuc");
  totals = ocop_sync_client_fetch_totals (client, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_totals_are_the_booths (f, json_node_get_object (totals));
  /* Nothing of the session went into the booth's store. */
  g_assert_cmpint (test_util_query_int (f->booth_a, "SELECT count (*) FROM meta"), ==, meta_rows);
  g_assert_cmpint (test_util_query_int (f->booth_a, "SELECT count (*) FROM meta WHERE value LIKE '%ban-to-chuc%'"), ==, 0);

  g_assert_true (ocop_sync_client_sign_out (client, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (ocop_sync_client_dup_organizer (client));
  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT count (*) FROM organizer_session"), ==, 0);
  g_assert_null (ocop_sync_client_fetch_totals (client, NULL, NULL, &error));
  g_assert_error (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_NEEDS_ORGANIZER);
}

/* A wrong password or an unknown name: 401 in the same words, no
 * session; the client says so and stays signed out. */
static void
test_wrong_password (Fixture       *f,
                     gconstpointer  data)
{
  g_auto(TestReply) wrong = { 0 };
  g_auto(TestReply) unknown = { 0 };
  g_auto(TestReply) malformed = { 0 };
  g_autofree char *token = NULL, *url = session_url (f);
  g_autoptr(OcopSyncClient) client = NULL;
  g_autoptr(GError) error = NULL;

  two_booths_sell (f);
  test_hub_add_organizer (&f->hub, "ban-to-chuc", PASSWORD);
  g_assert_cmpint (sign_in (f, "ban-to-chuc", WRONG, &token, &wrong), ==, 401);
  g_assert_null (token);
  assert_refusal (&wrong, "unauthorized", "Wrong name or password");
  g_assert_cmpint (sign_in (f, "khong-co", PASSWORD, NULL, &unknown), ==, 401);
  assert_refusal (&unknown, "unauthorized", "Wrong name or password");
  test_request (&malformed, "POST", url, NULL, NULL, "{\"name\": \"ban-to-chuc\"}");
  g_assert_cmpint (malformed.status, ==, 400);
  assert_refusal (&malformed, "invalid", "\"password\"");
  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT count (*) FROM organizer_session"), ==, 0);

  client = ocop_sync_client_new (ocop_store_get_path (f->booth_a));
  g_assert_false (ocop_sync_client_sign_in (client, "ban-to-chuc", WRONG, NULL, &error));
  g_assert_error (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "Wrong name or password"));
  g_assert_null (ocop_sync_client_dup_organizer (client));
}

/* A booth's device token reads the totals of an open hub (no admin token,
 * no account); the first account closes them to it, with a 403 that says
 * why, at once and without a restart. */
static void
test_device_token_refused (Fixture       *f,
                           gconstpointer  data)
{
  g_auto(TestReply) open = { 0 };
  g_auto(TestReply) closed = { 0 };
  g_autofree char *token = NULL;
  g_autoptr(JsonNode) read = NULL;

  two_booths_sell (f);
  token = device_token (f->booth_a);
  g_assert_cmpint (get_totals (f, token, &open), ==, 200);
  assert_totals_are_the_booths (f, body_object (&open, &read));

  test_hub_add_organizer (&f->hub, "ban-to-chuc", PASSWORD);
  g_assert_cmpint (get_totals (f, token, &closed), ==, 403);
  assert_refusal (&closed, "forbidden", "device token cannot read the whole fair's totals");
}

/* A session signed out (DELETE) or past its expiry opens nothing. */
static void
test_ended_sessions (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *url = session_url (f);
  g_autofree char *ended = NULL, *expired = NULL;
  g_auto(TestReply) out = { 0 };
  g_auto(TestReply) after_out = { 0 };
  g_auto(TestReply) after_expiry = { 0 };
  g_auto(TestReply) before_expiry = { 0 };
  g_autoptr(OcopSyncClient) client = NULL;
  g_autoptr(GError) error = NULL;

  two_booths_sell (f);
  test_hub_add_organizer (&f->hub, "ban-to-chuc", PASSWORD);
  g_assert_cmpint (sign_in (f, "ban-to-chuc", PASSWORD, &ended, NULL), ==, 201);
  test_request (&out, "DELETE", url, NULL, ended, NULL);
  g_assert_cmpint (out.status, ==, 200);
  g_assert_cmpint (get_totals (f, ended, &after_out), ==, 401);
  assert_refusal (&after_out, "unauthorized", "sign in again");

  g_assert_cmpint (sign_in (f, "ban-to-chuc", PASSWORD, &expired, NULL), ==, 201);
  g_assert_cmpint (get_totals (f, expired, &before_expiry), ==, 200);
  /* Twelve hours pass. */
  exec_hub_sql (f, "UPDATE organizer_session SET expires_us = expires_us - 43200000000");
  g_assert_cmpint (get_totals (f, expired, &after_expiry), ==, 401);

  /* The client forgets a session the hub no longer knows. */
  client = ocop_sync_client_new (ocop_store_get_path (f->booth_a));
  g_assert_true (ocop_sync_client_sign_in (client, "ban-to-chuc", PASSWORD, NULL, &error));
  g_assert_no_error (error);
  exec_hub_sql (f, "UPDATE organizer_session SET expires_us = 0");
  g_assert_null (ocop_sync_client_fetch_totals (client, NULL, NULL, &error));
  g_assert_error (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_NEEDS_ORGANIZER);
  g_assert_null (ocop_sync_client_dup_organizer (client));
}

/* Five failures in five minutes, from the API and the dashboard's form
 * together, and the sixth try is refused even with the right password. */
static void
test_rate_limit (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *login_url = g_strconcat (f->hub.url, "/login", NULL);
  g_autofree char *token = NULL, *retry = NULL;
  g_auto(TestReply) limited = { 0 };
  g_auto(TestReply) form1 = { 0 };
  g_auto(TestReply) form2 = { 0 };
  g_autoptr(OcopSyncClient) client = NULL;
  g_autoptr(GError) error = NULL;
  guint64 seconds = 0;

  test_hub_add_organizer (&f->hub, "ban-to-chuc", PASSWORD);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (sign_in (f, "ban-to-chuc", WRONG, NULL, NULL), ==, 401);
  test_request (&form1, "POST", login_url, NULL, NULL, "name=ban-to-chuc&password=" WRONG);
  test_request (&form2, "POST", login_url, NULL, NULL, "name=ban-to-chuc&password=" WRONG);
  g_assert_cmpint (form1.status, ==, 401);
  g_assert_cmpint (form2.status, ==, 401);

  g_assert_cmpint (sign_in (f, "ban-to-chuc", PASSWORD, &token, &limited), ==, 429);
  g_assert_null (token);
  assert_refusal (&limited, "rate_limited", "Too many failed logins");
  retry = test_reply_header (&limited, "Retry-After");
  g_assert_nonnull (retry);
  g_assert_true (g_ascii_string_to_unsigned (retry, 10, 1, 300, &seconds, NULL));
  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT count (*) FROM organizer_session"), ==, 0);

  f->booth_a = test_device_new (&f->hub, "a", FAIR, "QN-07");
  client = ocop_sync_client_new (ocop_store_get_path (f->booth_a));
  g_assert_false (ocop_sync_client_sign_in (client, "ban-to-chuc", PASSWORD, NULL, &error));
  g_assert_error (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_HUB);
  g_assert_nonnull (strstr (error->message, "Too many failed logins"));
}

/* The admin token the hub of test_admin_token reads (written by main). */
static char *admin_token_file;

/* With an admin token and no account: the admin token reads, a booth's
 * token gets 403, a wrong token 401; a session opened later reads too. */
static void
test_admin_token (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *booth_token = NULL, *session = NULL;
  g_auto(TestReply) admin = { 0 };
  g_auto(TestReply) booth = { 0 };
  g_auto(TestReply) wrong = { 0 };
  g_auto(TestReply) organizer = { 0 };
  g_autoptr(JsonNode) read = NULL;

  two_booths_sell (f);
  booth_token = device_token (f->booth_b);
  g_assert_cmpint (get_totals (f, "so-mat-cua-ban-to-chuc-hoi-cho-ocop-2024", &admin), ==, 200);
  assert_totals_are_the_booths (f, body_object (&admin, &read));
  g_assert_cmpint (get_totals (f, booth_token, &booth), ==, 403);
  assert_refusal (&booth, "forbidden", "sign in as an organizer");
  g_assert_cmpint (get_totals (f, "not-the-token", &wrong), ==, 401);

  test_hub_add_organizer (&f->hub, "ban-to-chuc", PASSWORD);
  g_assert_cmpint (sign_in (f, "ban-to-chuc", PASSWORD, &session, NULL), ==, 201);
  g_assert_cmpint (get_totals (f, session, &organizer), ==, 200);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = NULL;
  const char *admin_args[] = { "--admin-token-file", NULL, NULL };
  int status;

  g_test_init (&argc, &argv, NULL);
  curl_global_init (CURL_GLOBAL_DEFAULT);
  dir = test_util_make_dir ();
  admin_token_file = g_build_filename (dir, "admin-token", NULL);
  g_assert_true (g_file_set_contents (admin_token_file, "so-mat-cua-ban-to-chuc-hoi-cho-ocop-2024\n", -1, NULL));
  admin_args[1] = admin_token_file;
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/session/sign-in/reads-totals", test_sign_in_reads_totals);
  ADD ("/session/sign-in/client", test_client_signs_in);
  ADD ("/session/sign-in/wrong-password", test_wrong_password);
  ADD ("/session/totals/device-token-refused", test_device_token_refused);
  ADD ("/session/totals/ended-sessions", test_ended_sessions);
  ADD ("/session/sign-in/rate-limit", test_rate_limit);
  g_test_add ("/session/totals/admin-token", Fixture, admin_args, fixture_set_up, test_admin_token, fixture_tear_down);
  status = g_test_run ();
  test_util_remove_dir (dir);
  g_free (admin_token_file);
  return status;
}
