/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-util.c: timing samples, percentiles and synthetic sales. */

#include <glib/gstdio.h>
#include <sys/statfs.h>
#include <sys/utsname.h>

#include "bench-util.h"
#include "ocop-store-private.h"

void
bench_samples_init (BenchSamples *samples)
{
  samples->values = g_array_new (FALSE, FALSE, sizeof (gint64));
  samples->sorted = FALSE;
}

void
bench_samples_clear (BenchSamples *samples)
{
  g_clear_pointer (&samples->values, g_array_unref);
}

void
bench_samples_add (BenchSamples *samples,
                   gint64        value)
{
  g_array_append_val (samples->values, value);
  samples->sorted = FALSE;
}

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

gint64
bench_samples_pct (BenchSamples *samples,
                   double        p)
{
  guint n = samples->values->len;
  guint rank;

  if (n == 0)
    return 0;
  if (!samples->sorted)
    {
      g_array_sort (samples->values, compare_int64);
      samples->sorted = TRUE;
    }
  rank = (guint) (p / 100.0 * n + 0.999999);
  rank = CLAMP (rank, 1, n);
  return g_array_index (samples->values, gint64, rank - 1);
}

static gint64
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (gint64) st.st_size : 0;
}

gint64
bench_store_bytes (OcopStore *store)
{
  g_autofree char *wal = g_strconcat (ocop_store_get_path (store), "-wal", NULL);

  sqlite3_exec (ocop_store_get_db (store), "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
  return file_size (ocop_store_get_path (store)) + file_size (wal);
}

void
bench_commit_random_sale (OcopStore *store,
                          GPtrArray *products,
                          GRand     *rand)
{
  g_autoptr(OcopSale) sale = ocop_sale_new ();
  g_autoptr(GError) error = NULL;
  int lines = g_rand_int_range (rand, 1, 5);

  for (int i = 0; i < lines; i++)
    ocop_sale_add_product (sale, g_ptr_array_index (products, g_rand_int_range (rand, 0, products->len)),
                           g_rand_int_range (rand, 1, 4), NULL);
  ocop_sale_add_payment (sale, g_rand_boolean (rand) ? OCOP_PAYMENT_CASH : OCOP_PAYMENT_TRANSFER, -1, 0, NULL);
  if (!ocop_store_commit_sale (store, sale, &error))
    g_error ("commit failed: %s", error->message);
}

void
bench_remove_store (const char *path,
                    const char *folder)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_remove (file);
    }
  if (folder != NULL)
    g_rmdir (folder);
}

char *
bench_conditions (const char *path)
{
  struct utsname uts;
  struct statfs fs;
  const char *fs_name = "?";

  uname (&uts);
  if (statfs (path, &fs) == 0)
    fs_name = fs.f_type == 0xEF53 ? "ext4" : fs.f_type == 0x01021994 ? "tmpfs"
            : fs.f_type == 0x9123683E ? "btrfs" : fs.f_type == 0x58465342 ? "xfs"
            : fs.f_type == 0x794c7630 ? "overlayfs" : "other";
  return g_strdup_printf ("%s %s %s, SQLite %s, %u cores, %s (%s)",
                          uts.sysname, uts.release, uts.machine, sqlite3_libversion (),
                          g_get_num_processors (), path, fs_name);
}
