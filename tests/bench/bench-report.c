/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-report.c: day and fair reports with a million sales in the store,
 * filled through the real commit path so the tallies are the real ones. */

#include <glib/gstdio.h>

#include "bench-util.h"
#include "ocop-demo.h"
#include "ocop-report.h"
#include "ocop-store-private.h"

#define DAYS 5
#define FIRST_MORNING_US BENCH_FIRST_MORNING_US

static int n_sales = 1000000;
static char *db_path = NULL;

static const GOptionEntry entries[] = {
  { "sales", 'n', 0, G_OPTION_ARG_INT, &n_sales, "Sales in the store (default 1000000)", "N" },
  { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "Reuse (or keep) this store; filled only if empty", "PATH" },
  { NULL }
};

static gint64
count_sales (OcopStore *store)
{
  sqlite3_stmt *stmt = ocop_store_prepare (store, "SELECT count (*) FROM sale", NULL);
  gint64 n = 0;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("");
  g_autoptr(GError) error = NULL;
  g_autofree char *work = NULL, *path = NULL, *conditions = NULL;
  g_autoptr(OcopStore) store = NULL;
  BenchSamples fair_times;
  gint64 n;

  g_option_context_set_summary (context, "Day and fair report latency with a million sales in the store.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);

  if (db_path == NULL)
    {
      work = g_dir_make_tmp ("ocop-bench-XXXXXX", &error);
      path = g_build_filename (work, "report.db", NULL);
    }
  else
    path = g_strdup (db_path);
  store = ocop_store_open (path, &error);
  if (store == NULL)
    g_error ("%s", error->message);
  conditions = bench_conditions (path);
  g_print ("bench-report: day and fair reports over %d business days\n", DAYS);
  g_print ("  %s\n", conditions);
  if ((n = count_sales (store)) == 0)
    {
      ocop_store_set_clock (store, FIRST_MORNING_US);
      if (!ocop_demo_create (store, NULL, &error))
        g_error ("%s", error->message);
      bench_fill_sales (store, n_sales, DAYS);
      n = count_sales (store);
    }
  g_print ("  %" G_GINT64_FORMAT " sales in the store, %.0f bytes per sale\n", n, (double) bench_store_bytes (store) / n);

  for (int d = 0; d < DAYS; d++)
    {
      g_autofree char *day = ocop_store_business_day_of (store, FIRST_MORNING_US + d * 24 * G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC);
      BenchSamples times;
      gint64 net = 0, count = 0;

      bench_samples_init (&times);
      for (int run = 0; run < 20; run++)
        {
          gint64 start = g_get_monotonic_time ();
          g_autoptr(OcopDayReport) report = ocop_report_day (store, NULL, day, &error);

          bench_samples_add (&times, g_get_monotonic_time () - start);
          if (report == NULL)
            g_error ("%s", error->message);
          net = report->net;
          count = report->sales_count;
        }
      g_print ("  day report %s (%" G_GINT64_FORMAT " sales, net %" G_GINT64_FORMAT " VND): median %.3f ms, max %.3f ms (target < 50 ms)\n",
               day, count, net, bench_samples_pct (&times, 50) / 1000.0, bench_samples_pct (&times, 100) / 1000.0);
      bench_samples_clear (&times);
    }

  bench_samples_init (&fair_times);
  for (int run = 0; run < 20; run++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(OcopFairReport) report = ocop_report_fair (store, &error);

      bench_samples_add (&fair_times, g_get_monotonic_time () - start);
      if (report == NULL)
        g_error ("%s", error->message);
    }
  g_print ("  fair report: median %.3f ms, max %.3f ms\n",
           bench_samples_pct (&fair_times, 50) / 1000.0, bench_samples_pct (&fair_times, 100) / 1000.0);
  bench_samples_clear (&fair_times);

  g_clear_object (&store);
  if (db_path == NULL)
    bench_remove_store (path, work);
  return 0;
}
