/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-dashboard.c: the organizers' dashboard page served by the hub over
 * loopback with millions of events stored, on SQLite or PostgreSQL: median
 * and 95th percentile per page. The page reads tallies, never the events,
 * so its time must not grow with them. */

#include <string.h>
#include <curl/curl.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <glib/gstdio.h>

#include "bench-util.h"
#include "ocop-hub-accounts.h"
#include "ocop-hub-server.h"

static int n_events = 10000000;
static int n_booths = 200;
static int n_days = 5;
static int n_pages = 50;
static char *hub_db = NULL;

static const GOptionEntry entries[] = {
  { "events", 'n', 0, G_OPTION_ARG_INT, &n_events, "Events stored (default 10000000)", "N" },
  { "booths", 0, 0, G_OPTION_ARG_INT, &n_booths, "Booths (default 200)", "N" },
  { "pages", 0, 0, G_OPTION_ARG_INT, &n_pages, "Pages timed (default 50)", "N" },
  { "hub-db", 0, 0, G_OPTION_ARG_STRING, &hub_db, "The hub's database (default: SQLite in a temporary folder;"
    " postgresql://… for PostgreSQL, e.g. through tests/sync/run-pg.sh, which sets OCOP_TEST_PG)", "DB" },
  { NULL }
};

/* Events go straight in with SQL (the batch path would take hours for ten
 * million); the tallies of 200 booths over five days go in beside them,
 * as the batch path would have left them. */
static const char fill_tallies_sql[] =
  "INSERT INTO device (id, token_hash, fair, booth, booth_name, locality, in_province, enrolled_us, last_sync_us)"
  " SELECT 'dv-' || b, 'x', 'bench', 'QN-' || b, 'HTX Ba Chẽ ' || b, 'Hạ Long', CASE WHEN b %% 3 = 0 THEN 0 ELSE 1 END, 0, %" G_GINT64_FORMAT
  " FROM %s b;"
  "INSERT INTO tally_booth_day (fair, day, booth, in_province, sales, voids, refunds, revenue, visitors)"
  " SELECT 'bench', '2024-12-1' || d, 'QN-' || b, CASE WHEN b %% 3 = 0 THEN 0 ELSE 1 END, 500 + b, 2, 1, 150000 * (500 + b), 40 * b"
  " FROM %s b, %s d;"
  "INSERT INTO tally_method (fair, day, booth, method, amount)"
  " SELECT 'bench', '2024-12-1' || d, 'QN-' || b, m, 75000 * (500 + b)"
  " FROM %s b, %s d, (SELECT 'cash' AS m UNION ALL SELECT 'transfer') ms;";

static void
fill_sqlite (const char *path,
             gint64      now_us)
{
  sqlite3 *db = NULL;
  g_autofree char *booths = g_strdup_printf ("(WITH RECURSIVE b(b) AS (SELECT 1 UNION ALL SELECT b + 1 FROM b"
                                             " WHERE b < %d) SELECT b FROM b)", n_booths);
  g_autofree char *days = g_strdup_printf ("(WITH RECURSIVE d(d) AS (SELECT 1 UNION ALL SELECT d + 1 FROM d"
                                           " WHERE d < %d) SELECT d FROM d)", n_days);
  g_autofree char *events = g_strdup_printf (
    "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < %d - 1)"
    " INSERT INTO event (device, epoch, seq, kind, ref, hash, payload, created_us, received_us, counted)"
    " SELECT printf ('dv-%%04d', i / (%d / %d + 1)), 1, i + 1, 'sale', 'r' || i, 'h', '{}', i, i, 1 FROM n",
    n_events, n_events, n_booths);
  g_autofree char *tallies = g_strdup_printf (fill_tallies_sql, now_us, booths, booths, days, booths, days);
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, "PRAGMA synchronous = OFF; BEGIN", NULL, NULL, &message) != SQLITE_OK ||
      sqlite3_exec (db, events, NULL, NULL, &message) != SQLITE_OK ||
      sqlite3_exec (db, tallies, NULL, NULL, &message) != SQLITE_OK ||
      sqlite3_exec (db, "COMMIT; ANALYZE", NULL, NULL, &message) != SQLITE_OK)
    g_error ("fill: %s", message);
  sqlite3_close (db);
}

static void
fill_postgres (const char *uri,
               gint64      now_us)
{
  PGconn *conn = PQconnectdb (uri);
  g_autofree char *booths = g_strdup_printf ("generate_series (1, %d)", n_booths);
  g_autofree char *days = g_strdup_printf ("generate_series (1, %d)", n_days);
  g_autofree char *events = g_strdup_printf (
    "INSERT INTO event (device, epoch, seq, kind, ref, hash, payload, created_us, received_us, counted)"
    " SELECT 'dv-' || lpad ((i / (%d / %d + 1))::text, 4, '0'), 1, i + 1, 'sale', 'r' || i, 'h', '{}', i, i, 1"
    " FROM generate_series (0, %d - 1) i", n_events, n_booths, n_events);
  g_autofree char *tallies = g_strdup_printf (fill_tallies_sql, now_us, booths, booths, days, booths, days);
  const char *steps[3];

  steps[0] = "TRUNCATE event, device, tally_booth_day, tally_method";
  steps[1] = events;
  steps[2] = tallies;
  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      PGresult *result = PQexec (conn, steps[i]);

      if (PQresultStatus (result) != PGRES_COMMAND_OK)
        g_error ("fill: %s", PQresultErrorMessage (result));
      PQclear (result);
    }
  PQclear (PQexec (conn, "VACUUM ANALYZE"));
  PQfinish (conn);
}

static size_t
collect (char   *data,
         size_t  size,
         size_t  n,
         void   *out)
{
  g_string_append_len (out, data, (gssize) (size * n));
  return size * n;
}

/* GET @url with @cookie; returns the status and the body's size. */
static long
fetch_page (CURL       *curl,
            const char *url,
            const char *cookie,
            const char *form,
            GString    *headers,
            gsize      *size)
{
  g_autoptr(GString) body = g_string_new (NULL);
  long status = 0;

  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_COOKIE, cookie);
  if (form != NULL)
    curl_easy_setopt (curl, CURLOPT_POSTFIELDS, form);
  else
    curl_easy_setopt (curl, CURLOPT_HTTPGET, 1L);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, body);
  curl_easy_setopt (curl, CURLOPT_HEADERFUNCTION, headers ? collect : NULL);
  curl_easy_setopt (curl, CURLOPT_HEADERDATA, headers);
  if (curl_easy_perform (curl) != CURLE_OK)
    g_error ("GET %s failed", url);
  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);
  if (size)
    *size = body->len;
  return status;
}

static char *
log_in (CURL       *curl,
        const char *base)
{
  g_autofree char *url = g_strconcat (base, "/login", NULL);
  g_autoptr(GString) headers = g_string_new (NULL);
  const char *start, *end;

  if (fetch_page (curl, url, NULL, "name=bench&password=bench-password-2024", headers, NULL) != 303 ||
      !(start = strstr (headers->str, "ocop_session=")) || !(end = strchr (start, ';')))
    g_error ("cannot log in");
  return g_strndup (start, end - start);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("");
  g_autoptr(GError) error = NULL;
  g_autofree char *work = NULL, *db = NULL, *listen_url = NULL, *cookie = NULL, *page_url = NULL, *hash = NULL;
  g_autofree char *conditions = NULL;
  g_autoptr(OcopHubServer) server = NULL;
  OcopHubBackend *backend;
  BenchSamples samples;
  gint64 now = g_get_real_time (), started;
  gsize page_size = 0;
  CURL *curl;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);
  if (hub_db == NULL && g_getenv ("OCOP_TEST_PG") != NULL)
    hub_db = g_strconcat (g_getenv ("OCOP_TEST_PG"), "/postgres", NULL);
  work = g_dir_make_tmp ("bench-dashboard-XXXXXX", NULL);
  db = hub_db ? g_strdup (hub_db) : g_build_filename (work, "hub.db", NULL);
  /* Opening creates the schema; the fill then goes in beside it. */
  if (!(backend = ocop_hub_backend_open (db, &error)))
    g_error ("%s", error->message);
  started = g_get_monotonic_time ();
  if (g_str_has_prefix (db, "postgresql://"))
    fill_postgres (db, now);
  else
    fill_sqlite (db, now);
  g_print ("filled %d events, %d booths x %d days of tallies in %.1f s\n", n_events, n_booths, n_days,
           (g_get_monotonic_time () - started) / 1e6);
  hash = ocop_hub_accounts_hash_password ("bench-password-2024", &error);
  if (hash == NULL || !ocop_hub_backend_put_organizer (backend, "bench", hash, now, &error))
    g_error ("%s", error->message);
  server = ocop_hub_server_new (backend);
  if (!ocop_hub_server_start (server, "127.0.0.1:0", 4, &error))
    g_error ("%s", error->message);
  listen_url = g_strdup_printf ("http://127.0.0.1:%u", ocop_hub_server_get_port (server));
  page_url = g_strconcat (listen_url, "/?fair=bench&day=2024-12-13", NULL);

  curl_global_init (CURL_GLOBAL_DEFAULT);
  curl = curl_easy_init ();
  cookie = log_in (curl, listen_url);
  bench_samples_init (&samples);
  for (int i = 0; i < n_pages + 3; i++)
    {
      gint64 t0 = g_get_monotonic_time ();

      if (fetch_page (curl, page_url, cookie, NULL, NULL, &page_size) != 200)
        g_error ("the dashboard did not answer 200");
      /* The first few warm the caches and the keep-alive connection. */
      if (i >= 3)
        bench_samples_add (&samples, g_get_monotonic_time () - t0);
    }
  conditions = bench_conditions (g_str_has_prefix (db, "postgresql://") ? work : db);
  g_print ("dashboard page (%s): median %.2f ms, p95 %.2f ms over %d pages of %zu bytes; target < 100 ms\n",
           g_str_has_prefix (db, "postgresql://") ? "PostgreSQL" : "SQLite",
           bench_samples_pct (&samples, 50) / 1000.0, bench_samples_pct (&samples, 95) / 1000.0, n_pages, page_size);
  g_print ("conditions: %d events stored, %d booths, %d days, %s\n", n_events, n_booths, n_days, conditions);
  bench_samples_clear (&samples);
  curl_easy_cleanup (curl);
  curl_global_cleanup ();
  ocop_hub_server_stop (server);
  g_clear_object (&server);
  if (!g_str_has_prefix (db, "postgresql://"))
    {
      g_autofree char *wal = g_strconcat (db, "-wal", NULL), *shm = g_strconcat (db, "-shm", NULL);

      g_unlink (db);
      g_unlink (wal);
      g_unlink (shm);
    }
  g_rmdir (work);
  return 0;
}
