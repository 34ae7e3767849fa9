/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-label.c: how long a producer waits for a label: one label with
 * its barcode and QR code laid out, drawn and encoded as TSPL and ZPL
 * (target: median under 10 ms), a weighed pack's label with its weight,
 * prices, variable-measure EAN-13 and QR code beside it (same target),
 * and an A4 sheet of 24 labels as PDF (target: median under 200 ms). */

#include <pango/pangocairo.h>

#include "bench-util.h"
#include "ocop-label.h"
#include "ocop-quantity.h"

static int rounds = 200;

static const GOptionEntry entries[] = {
  { "rounds", 'n', 0, G_OPTION_ARG_INT, &rounds, "Timed runs of each case (default 200)", "N" },
  { NULL }
};

static OcopProduct *
demo_product (void)
{
  OcopProductInfo info = {
    .sku = "QN-BC-001", .barcode = "8936000010010", .barcode_kind = OCOP_BARCODE_EAN13,
    .name = "Trà hoa vàng Ba Chẽ", .producer = "Công ty CP Kinh doanh lâm sản Đạp Thanh",
    .locality = "Ba Chẽ", .in_province = TRUE, .unit = "hộp", .price_vnd = 650000, .stars = 5,
    .trace_url = "https://truyxuat.quangninh.gov.vn/sp/qn-bc-001",
  };

  return ocop_product_new (&info);
}

static OcopLabel *
demo_label (const char *template_id,
            int         copies)
{
  g_autoptr(OcopProduct) product = demo_product ();
  OcopLabel *label = ocop_label_new (product);

  if (!ocop_label_set_template (label, template_id, NULL) ||
      !ocop_label_set_produced (label, "2024-12-11", NULL) ||
      !ocop_label_set_expires (label, "2025-12-11", NULL) ||
      !ocop_label_set_copies (label, copies, NULL))
    g_error ("cannot set up the benchmark label");
  ocop_label_set_lot (label, "L241211-07");
  return label;
}

/* 0,350 kg of dried squid at 1.200.000 ₫/kg, coded by the default layout
 * (20:item5+grams5), as `ocop label QN-CT-001 --weight 0.35` makes it. */
static OcopLabel *
weighed_pack_label (void)
{
  OcopProductInfo info = {
    .sku = "QN-CT-001", .barcode = "8936000010256", .barcode_kind = OCOP_BARCODE_EAN13,
    .name = "Mực khô Cô Tô", .producer = "HTX Dịch vụ Nghề cá Cô Tô", .locality = "Cô Tô",
    .in_province = TRUE, .unit = "kg", .price_vnd = 1200000, .stars = 4,
    .trace_url = "https://truyxuat.quangninh.gov.vn/sp/qn-ct-001",
  };
  g_autoptr(OcopProduct) product = ocop_product_new (&info);
  OcopMeasurePack pack = { .grams = 350, .thousandths = 350 };
  OcopMeasureLayouts layouts;
  g_autofree char *item = NULL, *code = NULL;
  OcopLabel *label;

  pack.amount = ocop_measure_amount (info.price_vnd, pack.thousandths, OCOP_QUANTITY_DEFAULT_ROUNDING);
  if (!ocop_measure_layouts_parse (OCOP_MEASURE_DEFAULT_LAYOUTS, &layouts, NULL) ||
      !(item = ocop_measure_item_code (product, layouts.layouts[0].item_digits, NULL)) ||
      !(code = ocop_measure_code_encode (&layouts.layouts[0], item, pack.grams, NULL)))
    g_error ("cannot code the benchmark pack");
  g_strlcpy (pack.code, code, sizeof pack.code);
  label = ocop_label_new (product);
  ocop_label_set_pack (label, &pack);
  if (!ocop_label_set_template (label, "50x30", NULL) || !ocop_label_set_produced (label, "2024-12-11", NULL))
    g_error ("cannot set up the benchmark pack label");
  return label;
}

/* Times @format of @label @rounds times (after one warm-up run that loads
 * fonts) and prints the median and p95. */
static gint64
time_encoding (const char      *what,
               OcopLabel       *label,
               OcopLabelFormat  format)
{
  BenchSamples samples;
  gsize size = 0;
  gint64 median;

  bench_samples_init (&samples);
  for (int i = -1; i < rounds; i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GBytes) bytes = ocop_label_encode (label, format, &error);

      if (bytes == NULL)
        g_error ("%s: %s", what, error->message);
      if (i >= 0)
        bench_samples_add (&samples, g_get_monotonic_time () - start);
      size = g_bytes_get_size (bytes);
    }
  median = bench_samples_pct (&samples, 50);
  g_print ("%-44s median %7.2f ms  p95 %7.2f ms  (%" G_GSIZE_FORMAT " bytes)\n", what,
           median / 1000.0, bench_samples_pct (&samples, 95) / 1000.0, size);
  bench_samples_clear (&samples);
  return median;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("");
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopLabel) roll = NULL, big_roll = NULL, sheet = NULL, pack = NULL;
  g_autofree char *conditions = bench_conditions (g_get_tmp_dir ());
  gint64 tspl, zpl, pdf, pack_tspl;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  roll = demo_label ("50x30", 1);
  big_roll = demo_label ("60x40", 1);
  sheet = demo_label ("a4-3x8", 24);
  pack = weighed_pack_label ();

  g_print ("bench-label: %d timed runs a case; EAN-13 + QR (version 4-M), Vietnamese text in DejaVu;\n"
           "pango %s, cairo %s; %s\n\n", rounds, pango_version_string (), cairo_version_string (), conditions);
  tspl = time_encoding ("one label 50x30, layout+draw+TSPL", roll, OCOP_LABEL_FORMAT_TSPL);
  zpl = time_encoding ("one label 50x30, layout+draw+ZPL", roll, OCOP_LABEL_FORMAT_ZPL);
  time_encoding ("one label 60x40, layout+draw+TSPL", big_roll, OCOP_LABEL_FORMAT_TSPL);
  pack_tspl = time_encoding ("weighed pack 50x30, weight+EAN-13+QR, TSPL", pack, OCOP_LABEL_FORMAT_TSPL);
  time_encoding ("one label 50x30, PNG preview", roll, OCOP_LABEL_FORMAT_PNG);
  pdf = time_encoding ("A4 sheet of 24 labels (a4-3x8), PDF", sheet, OCOP_LABEL_FORMAT_PDF);

  g_print ("\nlabel TSPL median %.2f ms, ZPL %.2f ms (target < 10 ms): %s\n", tspl / 1000.0, zpl / 1000.0,
           MAX (tspl, zpl) < 10000 ? "met" : "MISSED");
  g_print ("weighed pack TSPL median %.2f ms, %+.2f ms against a fixed pack's (target < 10 ms): %s\n",
           pack_tspl / 1000.0, (pack_tspl - tspl) / 1000.0, pack_tspl < 10000 ? "met" : "MISSED");
  g_print ("A4 sheet PDF median %.2f ms (target < 200 ms): %s\n", pdf / 1000.0, pdf < 200000 ? "met" : "MISSED");
  return 0;
}
