/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-dashboard.c: the organizers' dashboard page served by the hub over
 * loopback with millions of events stored, on SQLite or PostgreSQL: median
 * and 95th percentile per page. The page reads tallies, never the events,
 * so its time must not grow with them. */

#include "config.h"

#include <libintl.h>
#include <string.h>
#include <curl/curl.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <glib/gstdio.h>

#include "bench-util.h"
#include "ocop-hub-accounts.h"
#include "ocop-hub-language.h"
#include "ocop-hub-server.h"

static int n_events = 10000000;
static int n_booths = 200;
static int n_days = 5;
static int n_pages = 50;
static int n_products = 20000;
static int n_flags = 500;
static char *hub_db = NULL;

static const GOptionEntry entries[] = {
  { "events", 'n', 0, G_OPTION_ARG_INT, &n_events, "Events stored (default 10000000)", "N" },
  { "booths", 0, 0, G_OPTION_ARG_INT, &n_booths, "Booths (default 200)", "N" },
  { "pages", 0, 0, G_OPTION_ARG_INT, &n_pages, "Pages timed (default 50)", "N" },
  { "products", 0, 0, G_OPTION_ARG_INT, &n_products, "Products in the fair's product tally (default 20000)", "N" },
  { "flags", 0, 0, G_OPTION_ARG_INT, &n_flags, "Flags raised on devices (default 500)", "N" },
  { "hub-db", 0, 0, G_OPTION_ARG_STRING, &hub_db, "The hub's database (default: SQLite in a temporary folder;"
    " postgresql://… for PostgreSQL, e.g. through tests/sync/run-pg.sh, which sets OCOP_TEST_PG)", "DB" },
  { NULL }
};

/* Events go straight in with SQL (the batch path would take hours for ten
 * million). The tallies go in beside them as the batch path would have
 * left them, for every table the page reads, so that each of its queries
 * has rows to do its work on: booths by day and by method; producer kinds
 * (the three, and "unknown" for lines sold before kinds were recorded) and
 * hours 8:00-20:00 splitting each day's revenue; @n_products products over
 * the whole fair, of which the page sorts out the ten best; clock-skew,
 * checkpoint and hash-conflict flags on one booth in ten (whose devices
 * also carry a clock skew); and one booth in twenty silent for two hours,
 * which the page marks. Events' payloads are "{}": the page never reads
 * events. */
static const char fill_tallies_sql[] =
  "INSERT INTO device (id, token_hash, fair, booth, booth_name, locality, in_province, enrolled_us, last_sync_us,"
  " clock_skew_us)"
  " SELECT 'dv-' || b, 'x', 'bench', 'QN-' || b, 'HTX Ba Chẽ ' || b, 'Hạ Long', CASE WHEN b %% 3 = 0 THEN 0 ELSE 1 END, 0,"
  " CASE WHEN b %% 20 = 0 THEN %" G_GINT64_FORMAT " ELSE %" G_GINT64_FORMAT " END,"
  " CASE WHEN b %% 10 = 0 THEN 300000000 ELSE 0 END"
  " FROM %s;"
  "INSERT INTO tally_booth_day (fair, day, booth, in_province, sales, voids, refunds, revenue, visitors)"
  " SELECT 'bench', '2024-12-1' || d, 'QN-' || b, CASE WHEN b %% 3 = 0 THEN 0 ELSE 1 END, 500 + b, 2, 1, 150000 * (500 + b), 40 * b"
  " FROM %s, %s;"
  "INSERT INTO tally_method (fair, day, booth, method, amount)"
  " SELECT 'bench', '2024-12-1' || d, 'QN-' || b, m, 75000 * (500 + b)"
  " FROM %s, %s, (SELECT 'cash' AS m UNION ALL SELECT 'transfer') ms;"
  "INSERT INTO tally_kind (fair, day, producer_kind, quantity, revenue)"
  " SELECT 'bench', t.day, k.kind, t.sales * k.share / 40, t.revenue * k.share / 100"
  " FROM (SELECT day, sum (sales) AS sales, sum (revenue) AS revenue FROM tally_booth_day GROUP BY day) t,"
  " (SELECT 'enterprise' AS kind, 30 AS share UNION ALL SELECT 'cooperative', 45"
  "  UNION ALL SELECT 'household', 20 UNION ALL SELECT 'unknown', 5) k;"
  "INSERT INTO tally_hour (fair, day, hour, sales, revenue)"
  " SELECT 'bench', t.day, h, t.sales / 13, t.revenue / 13"
  " FROM (SELECT day, sum (sales) AS sales, sum (revenue) AS revenue FROM tally_booth_day GROUP BY day) t, %s;"
  "INSERT INTO tally_booth_product (fair, booth, sku, name, quantity, revenue)"
  " SELECT 'bench', 'QN-' || (1 + p %% 40), 'SP-' || p, 'Sản phẩm OCOP số ' || p, 1 + (p * 7919) %% 97,"
  " 1000 * ((p * 7919) %% 100003)"
  " FROM %s;"
  "INSERT INTO flag (device, at_us, kind, detail)"
  " SELECT 'dv-' || (10 * (1 + f %% %d)), %" G_GINT64_FORMAT " - f * CAST (60000000 AS BIGINT),"
  " CASE f %% 3 WHEN 0 THEN 'clock_skew' WHEN 1 THEN 'checkpoint_mismatch' ELSE 'hash_conflict' END,"
  " 'bench flag ' || f FROM %s;";

/* The rows 1..@n as a FROM item named @name with one column @name. */
static char *
series (gboolean    postgres,
        const char *name,
        int         from,
        int         to)
{
  if (postgres)
    return g_strdup_printf ("generate_series (%d, %d) %s", from, to, name);
  return g_strdup_printf ("(WITH RECURSIVE %s(%s) AS (SELECT %d UNION ALL SELECT %s + 1 FROM %s WHERE %s < %d)"
                          " SELECT %s FROM %s) %s", name, name, from, name, name, name, to, name, name, name);
}

static char *
tallies_sql (gboolean postgres,
             gint64   now_us)
{
  g_autofree char *booths = series (postgres, "b", 1, n_booths);
  g_autofree char *days = series (postgres, "d", 1, n_days);
  g_autofree char *hours = series (postgres, "h", 8, 20);
  g_autofree char *products = series (postgres, "p", 1, n_products);
  g_autofree char *flags = series (postgres, "f", 1, n_flags);

  return g_strdup_printf (fill_tallies_sql, now_us - 2 * G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC, now_us,
                          booths, booths, days, booths, days, hours, products, MAX (1, n_booths / 10), now_us, flags);
}

static void
fill_sqlite (const char *path,
             gint64      now_us)
{
  sqlite3 *db = NULL;
  g_autofree char *events = g_strdup_printf (
    "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < %d - 1)"
    " INSERT INTO event (device, epoch, seq, kind, ref, hash, payload, created_us, received_us, counted)"
    " SELECT printf ('dv-%%04d', i / (%d / %d + 1)), 1, i + 1, 'sale', 'r' || i, 'h', '{}', i, i, 1 FROM n",
    n_events, n_events, n_booths);
  g_autofree char *tallies = tallies_sql (FALSE, now_us);
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
  g_autofree char *events = g_strdup_printf (
    "INSERT INTO event (device, epoch, seq, kind, ref, hash, payload, created_us, received_us, counted)"
    " SELECT 'dv-' || lpad ((i / (%d / %d + 1))::text, 4, '0'), 1, i + 1, 'sale', 'r' || i, 'h', '{}', i, i, 1"
    " FROM generate_series (0, %d - 1) i", n_events, n_booths, n_events);
  g_autofree char *tallies = tallies_sql (TRUE, now_us);
  const char *steps[3];

  steps[0] = "TRUNCATE event, device, tally_booth_day, tally_method, tally_kind, tally_hour, tally_booth_product, flag";
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

/* GET @url with @cookie, or POST @form; returns the status, and the body
 * in @body when not NULL. */
static long
fetch_page (CURL       *curl,
            const char *url,
            const char *cookie,
            const char *form,
            GString    *headers,
            GString    *body_out)
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
  if (body_out)
    g_string_assign (body_out, body->str);
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

/* The page shows what the fill put in, so its time includes that work:
 * the four producer kinds, the fair's best product, the silent booths. */
static void
check_page (const char *page)
{
  g_autofree char *best = NULL;
  int best_p = 1;

  for (int p = 1; p <= n_products; p++)
    if ((p * 7919L) % 100003 > (best_p * 7919L) % 100003)
      best_p = p;
  best = g_strdup_printf (">SP-%d<", best_p);
  if (!strstr (page, "data-kind=\"enterprise\"") || !strstr (page, "data-kind=\"unknown\"") ||
      !strstr (page, best) || !strstr (page, "class=\"stale\""))
    g_error ("the page lacks the producer kinds, the best product %s or the silent booths it was filled with", best);
}

/* The page as organizers get it: Vietnamese from the build's catalogue
 * (po/ of the build tree this program is in) unless OCOP_LOCALEDIR names
 * another, so that the gettext look-ups are timed too. */
static void
use_catalogue (const char *program)
{
  g_autofree char *dir = g_path_get_dirname (program);
  g_autofree char *build_po = g_build_filename (dir, "..", "..", "po", NULL);
  const char *localedir = g_getenv ("OCOP_LOCALEDIR") ? g_getenv ("OCOP_LOCALEDIR") : build_po;
  g_autoptr(GError) error = NULL;
  locale_t previous;
  gboolean translated;

  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  if (!ocop_hub_language_check (&error))
    g_error ("%s", error->message);
  previous = ocop_hub_language_use (OCOP_HUB_LANGUAGE_VIETNAMESE);
  translated = !g_str_equal (dgettext (GETTEXT_PACKAGE, "Revenue that day"), "Revenue that day");
  ocop_hub_language_restore (previous);
  if (!translated)
    g_error ("No Vietnamese catalogue in %s: the page would be timed in English", localedir);
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
  g_autoptr(GString) page = g_string_new (NULL);
  CURL *curl;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);
  use_catalogue (argv[0]);
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
  g_print ("  tallies: booth-days and payment methods; 4 producer kinds and 13 hours (8-20 h) a day;"
           " %d products; %d flags on %d booths, whose devices have a 5 min clock skew; %d booths silent 2 h\n",
           n_products, n_flags, n_booths / 10, n_booths / 20);
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

      if (fetch_page (curl, page_url, cookie, NULL, NULL, page) != 200)
        g_error ("the dashboard did not answer 200");
      /* The first few warm the caches and the keep-alive connection. */
      if (i >= 3)
        bench_samples_add (&samples, g_get_monotonic_time () - t0);
    }
  check_page (page->str);
  conditions = bench_conditions (g_str_has_prefix (db, "postgresql://") ? work : db);
  g_print ("dashboard page (%s): median %.2f ms, p95 %.2f ms over %d pages of %zu bytes; target < 100 ms\n",
           g_str_has_prefix (db, "postgresql://") ? "PostgreSQL" : "SQLite",
           bench_samples_pct (&samples, 50) / 1000.0, bench_samples_pct (&samples, 95) / 1000.0, n_pages, page->len);
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
