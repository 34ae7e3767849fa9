/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-receipt.c: rendering and encoding a 20-line Vietnamese receipt at
 * 576 dots (80 mm), as the till does for every sale; and the bytes each
 * receipt sends to the printer in raster and in text mode. */

#include <pango/pangocairo.h>

#include "bench-util.h"
#include "ocop-demo.h"
#include "ocop-receipt.h"

static int runs = 300;
static int width = OCOP_RECEIPT_WIDTH_80MM;

static const GOptionEntry entries[] = {
  { "runs", 'n', 0, G_OPTION_ARG_INT, &runs, "Receipts to time (default 300)", "N" },
  { "width", 'w', 0, G_OPTION_ARG_INT, &width, "Paper width in dots (default 576)", "DOTS" },
  { NULL }
};

/* A sale of 20 different products, two of each, paid in cash with change
 * and with a transfer, so the receipt also carries its VietQR code. */
static OcopSale *
ring_up_twenty_lines (OcopStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) catalog = bench_make_catalog (20);
  g_autoptr(OcopSale) sale = ocop_sale_new ();

  if (!ocop_store_import_products (store, catalog, &error))
    g_error ("%s", error->message);
  for (guint i = 0; i < catalog->len; i++)
    if (!ocop_sale_add_product (sale, g_ptr_array_index (catalog, i), 2, &error))
      g_error ("%s", error->message);
  if (!ocop_sale_add_payment (sale, OCOP_PAYMENT_TRANSFER, 100000, 0, &error) ||
      !ocop_sale_add_payment (sale, OCOP_PAYMENT_CASH, -1, ocop_sale_get_due (sale) + 50000, &error) ||
      !ocop_store_commit_sale (store, sale, &error))
    g_error ("%s", error->message);
  return g_steal_pointer (&sale);
}

/* One receipt as the till makes it: layout, render, raster ESC/POS. */
static gsize
render_and_encode (OcopStore                *store,
                   OcopSale                 *sale,
                   const OcopReceiptOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopReceipt) receipt = ocop_receipt_new_for_sale (store, sale, options, &error);
  g_autoptr(GBytes) bytes = receipt ? ocop_receipt_to_escpos (receipt, OCOP_RECEIPT_RASTER, &error) : NULL;

  if (bytes == NULL)
    g_error ("%s", error->message);
  return g_bytes_get_size (bytes);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("");
  g_autoptr(GError) error = NULL;
  g_autofree char *work = NULL, *path = NULL, *conditions = NULL, *text = NULL;
  g_autoptr(OcopStore) store = NULL;
  g_autoptr(OcopSale) sale = NULL;
  g_autoptr(OcopReceipt) receipt = NULL;
  g_autoptr(GBytes) text_bytes = NULL;
  OcopReceiptOptions options = { .bank_bin = "970415", .bank_account = "0011001932418",
                                 .bank_holder = "HTX BA CHE", .open_drawer = TRUE, .cut = TRUE };
  BenchSamples samples;
  gint64 start, first_us;
  gsize raster_bytes = 0;
  const OcopBitmap *bitmap;

  g_option_context_set_summary (context, "Render + encode a 20-line Vietnamese receipt (target: < 20 ms).");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);
  options.width_dots = width;

  work = g_dir_make_tmp ("ocop-bench-XXXXXX", &error);
  path = g_build_filename (work, "receipt.db", NULL);
  if (!(store = ocop_store_open (path, &error)))
    g_error ("%s", error->message);
  ocop_store_set_clock (store, BENCH_FIRST_MORNING_US);
  if (!ocop_demo_create (store, NULL, &error))
    g_error ("%s", error->message);
  sale = ring_up_twenty_lines (store);

  /* The first receipt loads the fonts; the till pays that once. */
  start = g_get_monotonic_time ();
  render_and_encode (store, sale, &options);
  first_us = g_get_monotonic_time () - start;

  bench_samples_init (&samples);
  for (int i = 0; i < runs; i++)
    {
      start = g_get_monotonic_time ();
      raster_bytes = render_and_encode (store, sale, &options);
      bench_samples_add (&samples, g_get_monotonic_time () - start);
    }

  receipt = ocop_receipt_new_for_sale (store, sale, &options, &error);
  bitmap = ocop_receipt_render (receipt, &error);
  text = ocop_receipt_to_text (receipt);
  text_bytes = ocop_receipt_to_escpos (receipt, OCOP_RECEIPT_TEXT | OCOP_RECEIPT_NATIVE_QR, &error);
  if (bitmap == NULL || text_bytes == NULL)
    g_error ("%s", error->message);

  conditions = bench_conditions (path);
  g_print ("bench-receipt: %d receipts of %u lines, %u dots wide (%u rows), Pango %s, cairo %s\n",
           runs, ocop_sale_get_n_lines (sale), bitmap->width, bitmap->height,
           pango_version_string (), cairo_version_string ());
  g_print ("  conditions: %s\n", conditions);
  g_print ("  render + encode (raster ESC/POS): median %.2f ms, p99 %.2f ms (target < 20 ms); first %.2f ms\n",
           bench_samples_pct (&samples, 50) / 1000.0, bench_samples_pct (&samples, 99) / 1000.0, first_us / 1000.0);
  g_print ("  bytes a receipt: raster %zu, text mode with native QR %zu (text %zu characters)\n",
           raster_bytes, g_bytes_get_size (text_bytes), (gsize) g_utf8_strlen (text, -1));
  g_print ("  at 203 dpi the paper is %.0f mm long\n", bitmap->height * 25.4 / 203);

  bench_samples_clear (&samples);
  g_clear_object (&receipt);
  g_clear_object (&store);
  bench_remove_store (path, work);
  return 0;
}
