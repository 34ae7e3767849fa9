/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-search.c: as-you-type search over a 20,000-product catalog, one
 * query per keystroke, and exact barcode look-ups. */

#include <glib/gstdio.h>

#include "bench-util.h"
#include "ocop-barcode.h"
#include "ocop-store-private.h"

static int n_products = 20000;
static gboolean keep = FALSE;

static const GOptionEntry entries[] = {
  { "products", 'n', 0, G_OPTION_ARG_INT, &n_products, "Catalog size (default 20000)", "N" },
  { "keep", 'k', 0, G_OPTION_ARG_NONE, &keep, "Keep the store", NULL },
  { NULL }
};

int
main (int    argc,
      char **argv)
{
  static const char * const phrases[] = {
    "tra hoa vang", "nuoc khoang quang hanh", "dong trieu", "mien dong binh lieu", "ngoc trai ha long",
    "mat ong dam ha", "cha muc", "ruou mo uong bi", "gao nep dong trieu", "ba kich ba che", "hai ha",
    "vit troi", "dac biet", "htx van don",
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("");
  g_autoptr(GError) error = NULL;
  g_autofree char *work = NULL, *path = NULL, *conditions = NULL;
  g_autoptr(OcopStore) store = NULL;
  g_autoptr(GPtrArray) catalog = NULL;
  BenchSamples typed, typed_cpu, lookups;
  gint64 start, results = 0;

  g_option_context_set_summary (context, "As-you-type catalog search and barcode look-up latency.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);

  work = g_dir_make_tmp ("ocop-bench-XXXXXX", &error);
  path = g_build_filename (work, "search.db", NULL);
  store = ocop_store_open (path, &error);
  if (store == NULL)
    g_error ("%s", error->message);
  catalog = bench_make_catalog (n_products);
  start = g_get_monotonic_time ();
  if (!ocop_store_import_products (store, catalog, &error))
    g_error ("%s", error->message);
  conditions = bench_conditions (work);
  g_print ("bench-search: %d products (imported in %.1f s), %u phrases typed keystroke by keystroke, limit 50\n",
           n_products, (g_get_monotonic_time () - start) / 1e6, (guint) G_N_ELEMENTS (phrases));
  g_print ("  %s\n", conditions);

  bench_samples_init (&typed);
  bench_samples_init (&typed_cpu);
  bench_samples_init (&lookups);
  for (int round = 0; round < 5; round++)
    for (guint p = 0; p < G_N_ELEMENTS (phrases); p++)
      for (gsize len = 1; len <= strlen (phrases[p]); len++)
        {
          g_autofree char *prefix = g_strndup (phrases[p], len);
          g_autoptr(GPtrArray) found = NULL;
          gint64 cpu = bench_thread_cpu_us ();

          start = g_get_monotonic_time ();
          found = ocop_store_search (store, prefix, 50, &error);
          bench_samples_add (&typed, g_get_monotonic_time () - start);
          bench_samples_add (&typed_cpu, bench_thread_cpu_us () - cpu);
          if (found == NULL)
            g_error ("%s", error->message);
          results += found->len;
        }
  for (int i = 0; i < 5000; i++)
    {
      const char *barcode = ocop_product_get_barcode (catalog->pdata[(i * 7919) % n_products]);
      g_autoptr(OcopProduct) product = NULL;

      if (barcode == NULL)
        continue;
      start = g_get_monotonic_time ();
      product = ocop_store_find_barcode (store, barcode, &error);
      bench_samples_add (&lookups, g_get_monotonic_time () - start);
      if (product == NULL)
        g_error ("%s", error->message);
    }

  g_print ("  keystroke queries: %u, %.1f results each on average\n", typed.values->len, (double) results / typed.values->len);
  g_print ("  search      p50 %.3f ms   p99 %.3f ms   max %.3f ms (target p99 < 2 ms)\n",
           bench_samples_pct (&typed, 50) / 1000.0, bench_samples_pct (&typed, 99) / 1000.0,
           bench_samples_pct (&typed, 100) / 1000.0);
  g_print ("  search CPU  p50 %.3f ms   p99 %.3f ms   max %.3f ms (the same queries, this thread's CPU time:"
           " what the wall time is when no other program wants the core)\n",
           bench_samples_pct (&typed_cpu, 50) / 1000.0, bench_samples_pct (&typed_cpu, 99) / 1000.0,
           bench_samples_pct (&typed_cpu, 100) / 1000.0);
  g_print ("  barcode     p50 %.3f ms   p99 %.3f ms (%u look-ups)\n",
           bench_samples_pct (&lookups, 50) / 1000.0, bench_samples_pct (&lookups, 99) / 1000.0, lookups.values->len);

  bench_samples_clear (&typed);
  bench_samples_clear (&typed_cpu);
  bench_samples_clear (&lookups);
  g_clear_object (&store);
  if (!keep)
    bench_remove_store (path, work);
  else
    g_print ("  store kept at %s\n", path);
  return 0;
}
