/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-util.c: timing samples, percentiles and synthetic sales. */

#include <glib/gstdio.h>
#include <time.h>
#include <sys/statfs.h>
#include <sys/utsname.h>

#include "bench-util.h"
#include "ocop-barcode.h"
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

gint64
bench_thread_cpu_us (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000;
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

  /* A product sold by weight is weighed, 50 g to 2 kg a line. */
  for (int i = 0; i < lines; i++)
    {
      OcopProduct *product = g_ptr_array_index (products, g_rand_int_range (rand, 0, products->len));

      if (ocop_product_is_measured (product))
        ocop_sale_add_measured (sale, product, g_rand_int_range (rand, 50, 2001), ocop_store_get_rounding (store), NULL);
      else
        ocop_sale_add_product (sale, product, g_rand_int_range (rand, 1, 4), NULL);
    }
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
  g_autofree char *loadavg = NULL;

  uname (&uts);
  if (statfs (path, &fs) == 0)
    fs_name = fs.f_type == 0xEF53 ? "ext4" : fs.f_type == 0x01021994 ? "tmpfs"
            : fs.f_type == 0x9123683E ? "btrfs" : fs.f_type == 0x58465342 ? "xfs"
            : fs.f_type == 0x794c7630 ? "overlayfs" : "other";
  /* The machine is shared: a figure taken under load says so. */
  if (g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL))
    loadavg[strcspn (loadavg, " ")] = '\0';
  return g_strdup_printf ("%s %s %s, SQLite %s, %u cores (load average %s), %s (%s)",
                          uts.sysname, uts.release, uts.machine, sqlite3_libversion (),
                          g_get_num_processors (), loadavg ? loadavg : "?", path, fs_name);
}

static const char * const kinds[] = {
  "Trà", "Trà hoa vàng", "Nước khoáng", "Gạo nếp", "Miến dong", "Mật ong", "Chả mực", "Ruốc hàu",
  "Rượu mơ", "Nấm kim châm", "Ngọc trai", "Ba kích", "Dầu sở", "Sá sùng", "Chè", "Vịt trời",
  "Bánh gai", "Hàu sữa", "Hồi khô", "Nước mắm", "Gà đồi", "Cá khô", "Mực khô", "Miến", "Gốm",
};
static const char * const places[] = {
  "Hạ Long", "Móng Cái", "Cẩm Phả", "Uông Bí", "Đông Triều", "Quảng Yên", "Ba Chẽ", "Bình Liêu",
  "Cô Tô", "Đầm Hà", "Hải Hà", "Tiên Yên", "Vân Đồn", "Lạng Sơn", "Hải Phòng", "Bắc Giang",
};
static const char * const grades[] = { "loại 1", "đặc biệt", "hộp quà", "túi 500g", "chai 1 lít", "gói nhỏ", "" };

GPtrArray *
bench_make_catalog (int n)
{
  GPtrArray *products = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  for (int i = 0; i < n; i++)
    {
      const char *place = places[g_rand_int_range (rand, 0, G_N_ELEMENTS (places))];
      g_autofree char *name = g_strdup_printf ("%s %s %s %d", kinds[g_rand_int_range (rand, 0, G_N_ELEMENTS (kinds))],
                                               place, grades[g_rand_int_range (rand, 0, G_N_ELEMENTS (grades))], i);
      g_autofree char *producer = g_strdup_printf ("HTX %s số %d", place, i % 400);
      g_autofree char *sku = g_strdup_printf ("SP-%05d", i);
      g_autofree char *digits = g_strdup_printf ("893%09d", i);
      g_autofree char *barcode = g_strdup_printf ("%s%d", digits, ocop_barcode_ean_check_digit (digits, 12));
      OcopProductInfo info = {
        .sku = sku, .barcode = i % 10 ? barcode : NULL, .barcode_kind = i % 10 ? OCOP_BARCODE_EAN13 : 0,
        .name = name, .producer = producer, .producer_kind = 1 + i % 3,
        .locality = place, .in_province = g_rand_boolean (rand), .unit = "gói",
        .price_vnd = 1000 * g_rand_int_range (rand, 10, 3000), .stars = g_rand_int_range (rand, 0, 3) ? 3 + i % 3 : 0,
        .category = kinds[i % G_N_ELEMENTS (kinds)],
      };
      g_ptr_array_add (products, ocop_product_new (&info));
    }
  return products;
}


void
bench_fill_sales (OcopStore *store,
                  int        n,
                  int        days)
{
  g_autoptr(GPtrArray) products = ocop_store_list_products (store, NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autoptr(GError) error = NULL;
  int per_day = MAX (1, n / days);
  gint64 step = (12 * G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC) / per_day;
  gint64 start = g_get_monotonic_time ();

  /* Filling only: a million fsyncs would take hours and measure nothing
   * this benchmark is about. */
  sqlite3_exec (ocop_store_get_db (store), "PRAGMA synchronous = OFF", NULL, NULL, NULL);
  for (int i = 0; i < n; i++)
    {
      if (i % 10000 == 0 && !ocop_store_begin (store, &error))
        g_error ("%s", error->message);
      ocop_store_set_clock (store, BENCH_FIRST_MORNING_US + (i / per_day) * 24 * G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC
                                   + (i % per_day) * step);
      bench_commit_random_sale (store, products, rand);
      if ((i % 10000 == 9999 || i == n - 1) && !ocop_store_commit (store, &error))
        g_error ("%s", error->message);
      if (i % 100000 == 99999)
        g_printerr ("  filled %d sales, %.0f sales/s\n", i + 1, (i + 1) / ((g_get_monotonic_time () - start) / 1e6));
    }
  sqlite3_exec (ocop_store_get_db (store), "PRAGMA synchronous = FULL", NULL, NULL, NULL);
  g_print ("  filled %d sales in %.1f s (%.0f sales/s, synchronous=OFF, 10,000 per transaction)\n",
           n, (g_get_monotonic_time () - start) / 1e6, n / ((g_get_monotonic_time () - start) / 1e6));
}
