/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-commit.c: how long a durable sale commit takes, beside a bare SQLite
 * insert-and-commit of one row with the same PRAGMAs on the same file
 * system in the same run, and how many bytes a sale costs in the store;
 * sales of pieces, as before weighed goods, and of weighed lines. */

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "bench-util.h"
#include "ocop-demo.h"
#include "ocop-store-private.h"

static int n_sales = 500;
static char *dir = NULL;
static gboolean keep = FALSE;
static gboolean receipts = FALSE;

static const GOptionEntry entries[] = {
  { "sales", 'n', 0, G_OPTION_ARG_INT, &n_sales, "Sales to commit (default 500)", "N" },
  { "dir", 'd', 0, G_OPTION_ARG_FILENAME, &dir, "Folder for the files (default: a new one in $TMPDIR)", "DIR" },
  { "keep", 'k', 0, G_OPTION_ARG_NONE, &keep, "Keep the files", NULL },
  { "receipts", 'r', 0, G_OPTION_ARG_NONE, &receipts, "Queue each sale's receipt for printing in its transaction,"
    " as a till with a printer does", NULL },
  { NULL }
};

static sqlite3 *
open_bare (const char *path)
{
  sqlite3 *db = NULL;

  if (sqlite3_open (path, &db) != SQLITE_OK ||
      sqlite3_exec (db,
                    "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"
                    "CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, uuid TEXT, total INTEGER, at INTEGER)",
                    NULL, NULL, NULL) != SQLITE_OK)
    g_error ("bare SQLite: %s", sqlite3_errmsg (db));
  return db;
}

/* One row, one durable transaction: the floor any store on this disk pays. */
static gint64
bare_commit (sqlite3      *db,
             sqlite3_stmt *insert,
             int           i)
{
  gint64 start = g_get_monotonic_time ();

  sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  sqlite3_bind_text (insert, 1, "00000000-0000-4000-8000-000000000000", -1, SQLITE_STATIC);
  sqlite3_bind_int64 (insert, 2, 100000 + i);
  sqlite3_bind_int64 (insert, 3, g_get_real_time ());
  if (sqlite3_step (insert) != SQLITE_DONE)
    g_error ("bare insert: %s", sqlite3_errmsg (db));
  sqlite3_reset (insert);
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  return g_get_monotonic_time () - start;
}

/* A passive checkpoint, as ocop_store_checkpoint () runs, returning the
 * pages the log held: as the previous one copied everything back, the log
 * started again, and these are the pages written since. */
static int
checkpoint_pages (sqlite3 *db)
{
  int in_log = 0, copied = 0;

  sqlite3_wal_checkpoint_v2 (db, "main", SQLITE_CHECKPOINT_PASSIVE, &in_log, &copied);
  return in_log;
}

/* The demo's products sold by the piece, or by weight. */
static GPtrArray *
products_measured (GPtrArray *products,
                   gboolean   measured)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < products->len; i++)
    if (ocop_product_is_measured (products->pdata[i]) == measured)
      g_ptr_array_add (out, g_object_ref (products->pdata[i]));
  return out;
}

/* 1-4 weighings of 50 g to 2 kg, each its own line, at the default
 * rounding: the sale a booth of dried squid and rice rings up. */
static void
commit_weighed_sale (OcopStore *store,
                     GPtrArray *weighed,
                     GRand     *rand)
{
  g_autoptr(OcopSale) sale = ocop_sale_new ();
  g_autoptr(GError) error = NULL;
  int lines = g_rand_int_range (rand, 1, 5);

  for (int i = 0; i < lines; i++)
    ocop_sale_add_measured (sale, g_ptr_array_index (weighed, g_rand_int_range (rand, 0, weighed->len)),
                            g_rand_int_range (rand, 50, 2001), ocop_store_get_rounding (store), NULL);
  ocop_sale_add_payment (sale, g_rand_boolean (rand) ? OCOP_PAYMENT_CASH : OCOP_PAYMENT_TRANSFER, -1, 0, NULL);
  if (!ocop_store_commit_sale (store, sale, &error))
    g_error ("commit failed: %s", error->message);
}

static void
print_row (const char   *what,
           BenchSamples *samples)
{
  g_print ("  %-34s p50 %6" G_GINT64_FORMAT " us   p90 %6" G_GINT64_FORMAT " us   p99 %6" G_GINT64_FORMAT " us\n",
           what, bench_samples_pct (samples, 50), bench_samples_pct (samples, 90), bench_samples_pct (samples, 99));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("");
  g_autoptr(GError) error = NULL;
  g_autofree char *work = NULL, *store_path = NULL, *bare_path = NULL, *conditions = NULL;
  g_autoptr(OcopStore) store = NULL;
  g_autoptr(GPtrArray) products = NULL, pieces = NULL, weighed = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  BenchSamples sale_times, bare_times, sale_cpu, bare_cpu, weighed_times, weighed_cpu;
  gint64 sale_pages = 0, bare_pages = 0;
  int logged_sales = 0;
  sqlite3 *bare = NULL;
  sqlite3_stmt *insert = NULL;
  gint64 bytes;

  g_option_context_set_summary (context, "Durable single-sale commit latency against a bare SQLite commit.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);

  work = dir ? g_strdup (dir) : g_dir_make_tmp ("ocop-bench-XXXXXX", &error);
  g_assert_no_error (error);
  store_path = g_build_filename (work, "store.db", NULL);
  bare_path = g_build_filename (work, "bare.db", NULL);
  store = ocop_store_open (store_path, &error);
  if (store == NULL || !ocop_demo_create (store, NULL, &error))
    g_error ("%s", error->message);
  products = ocop_store_list_products (store, &error);
  pieces = products_measured (products, FALSE);
  weighed = products_measured (products, TRUE);
  ocop_store_set_queue_receipts (store, receipts);
  bare = open_bare (bare_path);
  sqlite3_exec (bare, "PRAGMA wal_autocheckpoint = 0", NULL, NULL, NULL);
  sqlite3_prepare_v2 (bare, "INSERT INTO t (uuid, total, at) VALUES (?, ?, ?)", -1, &insert, NULL);

  conditions = bench_conditions (work);
  g_print ("bench-commit: %d sales of pieces and %d of weighed lines (1-4 lines, cash or transfer),"
           " each its own durable transaction%s\n", n_sales, n_sales,
           receipts ? " with its receipt's print job" : " (no printer: no print job; --receipts adds it)");
  g_print ("  %s; WAL, synchronous=FULL; store and baseline interleaved,\n"
           "  both checkpointed every 50 sales outside the timing (as the till does when idle)\n", conditions);

  /* Warm caches and the WAL files before measuring. */
  for (int i = 0; i < 20; i++)
    {
      bench_commit_random_sale (store, pieces, rand);
      commit_weighed_sale (store, weighed, rand);
      bare_commit (bare, insert, i);
    }

  bytes = bench_store_bytes (store);
  checkpoint_pages (bare);
  bench_samples_init (&sale_times);
  bench_samples_init (&bare_times);
  bench_samples_init (&sale_cpu);
  bench_samples_init (&bare_cpu);
  bench_samples_init (&weighed_times);
  bench_samples_init (&weighed_cpu);
  for (int i = 0; i < n_sales; i++)
    {
      gint64 start = g_get_monotonic_time ();
      gint64 cpu = bench_thread_cpu_us ();

      bench_commit_random_sale (store, pieces, rand);
      bench_samples_add (&sale_times, g_get_monotonic_time () - start);
      bench_samples_add (&sale_cpu, bench_thread_cpu_us () - cpu);
      start = g_get_monotonic_time ();
      cpu = bench_thread_cpu_us ();
      commit_weighed_sale (store, weighed, rand);
      bench_samples_add (&weighed_times, g_get_monotonic_time () - start);
      bench_samples_add (&weighed_cpu, bench_thread_cpu_us () - cpu);
      cpu = bench_thread_cpu_us ();
      bench_samples_add (&bare_times, bare_commit (bare, insert, i));
      bench_samples_add (&bare_cpu, bench_thread_cpu_us () - cpu);

      /* Between customers the till is idle and checkpoints; the baseline
       * gets the same, so both measure the commit alone. */
      if (i % 50 == 49)
        {
          sale_pages += checkpoint_pages (ocop_store_get_db (store));
          bare_pages += checkpoint_pages (bare);
          logged_sales = i + 1;
        }
    }

  print_row ("ocop_store_commit_sale, pieces", &sale_times);
  print_row ("ocop_store_commit_sale, weighed", &weighed_times);
  print_row ("bare SQLite insert + commit", &bare_times);
  g_print ("  ratio p50 %.2f, p99 %.2f (target < 2)\n",
           (double) bench_samples_pct (&sale_times, 50) / MAX (1, bench_samples_pct (&bare_times, 50)),
           (double) bench_samples_pct (&sale_times, 99) / MAX (1, bench_samples_pct (&bare_times, 99)));
  /* CPU time leaves out the fsync and any wait for a core: the part of
   * the commit the code, rather than the disk, decides. */
  print_row ("  of which CPU, the store, pieces", &sale_cpu);
  print_row ("  of which CPU, the store, weighed", &weighed_cpu);
  print_row ("  of which CPU, bare SQLite", &bare_cpu);
  /* Each page is written to the log and fsynced with its commit: what a
   * sale touches, not how fast the code is, sets most of the gap. */
  g_print ("  log pages written a commit (4 KiB each, fsynced): the store %.1f, bare SQLite %.1f\n",
           (double) sale_pages / MAX (1, 2 * logged_sales), (double) bare_pages / MAX (1, logged_sales));

  /* What the measured sales added: the catalog, its search index and the
   * schema are a fixed cost and not counted per sale. */
  bytes = bench_store_bytes (store) - bytes;
  {
    sqlite3_stmt *stmt = NULL;
    gint64 n_lines = 0;

    sqlite3_prepare_v2 (ocop_store_get_db (store), "SELECT avg (line_count) FROM sale", -1, &stmt, NULL);
    if (sqlite3_step (stmt) == SQLITE_ROW)
      n_lines = (gint64) (sqlite3_column_double (stmt, 0) * 10);
    sqlite3_finalize (stmt);
    g_print ("  store growth %" G_GINT64_FORMAT " bytes for %d sales of %.1f lines on average: %.0f bytes per sale"
             " (sale, lines, payments, tallies and outbox event)\n",
             bytes, 2 * n_sales, n_lines / 10.0, (double) bytes / (2 * n_sales));
  }

  sqlite3_finalize (insert);
  sqlite3_close (bare);
  bench_samples_clear (&sale_times);
  bench_samples_clear (&bare_times);
  bench_samples_clear (&sale_cpu);
  bench_samples_clear (&bare_cpu);
  bench_samples_clear (&weighed_times);
  bench_samples_clear (&weighed_cpu);
  g_clear_object (&store);
  if (!keep)
    {
      bench_remove_store (store_path, NULL);
      bench_remove_store (bare_path, dir == NULL ? work : NULL);
    }
  return 0;
}
