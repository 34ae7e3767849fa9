/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-measure-pack.c: weighed packs end to end on a real store: the
 * booth's layouts as a setting, a pack priced and coded, its label read
 * by zbarimg and the code scanned back into a sale with the same weight
 * and price, misreads and unknown item codes refused, and `ocop label
 * --weight` and `ocop config measure-codes`. */

#include <glib/gstdio.h>

#include "label-readers.h"
#include "ocop-code.h"
#include "ocop-label.h"
#include "ocop-store-measure-codes.h"
#include "test-util.h"

/* Mực khô Cô Tô: 1.200.000 ₫/kg, EAN 8936000010256, item code 01025. */
#define SQUID "QN-CT-001"
#define SQUID_350G_CODE "2001025003500"
#define TRACE_URL "https://truyxuat.quangninh.gov.vn/sp/qn-ct-001"

typedef struct {
  char      *dir;
  char      *db;
  OcopStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = test_util_make_dir ();
  f->db = g_build_filename (f->dir, "ocop.db", NULL);
  f->store = test_util_demo_store (f->dir);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->store);
  test_util_remove_dir (f->dir);
  g_free (f->db);
  g_free (f->dir);
}

static OcopProduct *
find_sku (Fixture    *f,
          const char *sku)
{
  g_autoptr(GError) error = NULL;
  OcopProduct *product = ocop_store_find_sku (f->store, sku, &error);

  g_assert_no_error (error);
  return product;
}

static char *
layouts_text (OcopStore *store)
{
  g_autoptr(GError) error = NULL;
  OcopMeasureLayouts layouts;

  g_assert_true (ocop_store_get_measure_layouts (store, &layouts, &error));
  g_assert_no_error (error);
  return ocop_measure_layouts_format (&layouts);
}

static void
set_layouts (Fixture    *f,
             const char *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ocop_store_set_measure_layouts (f->store, text, &error));
  g_assert_no_error (error);
}

/* The default until set; a layout written wrongly changes nothing; what
 * is set outlives the store's closing. */
static void
test_layouts_setting (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = layouts_text (f->store), *after = NULL, *reopened = NULL;

  g_assert_cmpstr (before, ==, OCOP_MEASURE_DEFAULT_LAYOUTS);
  set_layouts (f, "21:item4+verifier+grams5 , 22:item4+verifier+price5x1000");
  g_assert_false (ocop_store_set_measure_layouts (f->store, "21:item4+grams5", &error));
  g_assert_error (error, OCOP_MEASURE_CODE_ERROR, OCOP_MEASURE_CODE_ERROR_BAD_LAYOUT);
  g_clear_error (&error);
  after = layouts_text (f->store);
  g_assert_cmpstr (after, ==, "21:item4+verifier+grams5,22:item4+verifier+price5x1000");

  g_assert_finalize_object (f->store);
  f->store = ocop_store_open (f->db, &error);
  g_assert_no_error (error);
  reopened = layouts_text (f->store);
  g_assert_cmpstr (reopened, ==, after);
}

static void
make_pack (Fixture         *f,
           const char      *sku,
           gint64           thousandths,
           OcopMeasurePack *pack)
{
  g_autoptr(OcopProduct) product = find_sku (f, sku);
  g_autoptr(GError) error = NULL;

  g_assert_true (ocop_store_make_pack (f->store, product, thousandths, pack, &error));
  g_assert_no_error (error);
}

/* 0,350 kg of squid at 1.200.000 ₫/kg: 420.000 ₫, coded 20 01025 00350 0,
 * and the code read back is the same pack of the same product. */
static void
test_make_and_read (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(OcopProduct) read_product = NULL;
  g_autoptr(GError) error = NULL;
  OcopMeasurePack pack, read;

  make_pack (f, SQUID, 350, &pack);
  g_assert_cmpint (pack.grams, ==, 350);
  g_assert_cmpint (pack.thousandths, ==, 350);
  g_assert_cmpint (pack.amount, ==, 420000);
  g_assert_cmpstr (pack.code, ==, SQUID_350G_CODE);

  read_product = ocop_store_read_pack (f->store, pack.code, &read, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ocop_product_get_sku (read_product), ==, SQUID);
  g_assert_cmpint (read.thousandths, ==, 350);
  g_assert_cmpint (read.amount, ==, 420000);
  g_assert_cmpstr (read.code, ==, SQUID_350G_CODE);

  /* 347 g of sá sùng at 2.800.000 ₫/kg is 971.600 ₫, rounded by the
   * booth's default to 972.000 ₫. */
  make_pack (f, "QN-VD-001", 347, &pack);
  g_assert_cmpint (pack.amount, ==, 972000);
}

/* A price-only layout: the weight comes back from the price when a gram
 * costs more than the rounding hides (squid, 1.200 ₫ a gram), and the
 * label is refused when it would not (rice, 45 ₫ a gram). */
static void
test_price_layout (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(OcopProduct) rice = find_sku (f, "QN-DT-001");
  g_autoptr(OcopProduct) read_product = NULL;
  g_autoptr(GError) error = NULL;
  OcopMeasurePack pack = { 0 }, read;

  set_layouts (f, "22:item4+verifier+price5x1000,20:item5+grams5");
  make_pack (f, SQUID, 347, &pack);
  g_assert_cmpint (pack.amount, ==, 416000);
  /* 22, item 1025, verifier 8 (of 00416), price 00416 thousand đồng. */
  g_assert_cmpstr (pack.code, ==, "2210258004165");
  read_product = ocop_store_read_pack (f->store, pack.code, &read, &error);
  g_assert_no_error (error);
  g_assert_cmpint (read.thousandths, ==, 347);
  g_assert_cmpint (read.amount, ==, 416000);

  g_assert_false (ocop_store_make_pack (f->store, rice, 350, &pack, &error));
  g_assert_error (error, OCOP_MEASURE_CODE_ERROR, OCOP_MEASURE_CODE_ERROR_MISMATCH);
  g_assert_nonnull (strstr (error->message, "carries the price only"));
}

static void
assert_pack_refused (Fixture    *f,
                     const char *sku,
                     gint64      thousandths,
                     const char *says)
{
  g_autoptr(OcopProduct) product = find_sku (f, sku);
  g_autoptr(GError) error = NULL;
  OcopMeasurePack pack = { .amount = -7 };

  g_test_message ("%s %" G_GINT64_FORMAT, sku, thousandths);
  g_assert_false (ocop_store_make_pack (f->store, product, thousandths, &pack, &error));
  g_assert_error (error, OCOP_MEASURE_CODE_ERROR, OCOP_MEASURE_CODE_ERROR_MISMATCH);
  g_assert_nonnull (strstr (error->message, says));
  g_assert_cmpint (pack.amount, ==, -7);
}

static void
test_pack_refusals (Fixture       *f,
                    gconstpointer  data)
{
  /* Tea in boxes has no weight to label. */
  assert_pack_refused (f, "QN-BC-001", 350, "not by weight");
  /* Chicken from Tân An has an internal code, not an EAN. */
  assert_pack_refused (f, "QN-QY-001", 1200, "has no EAN to take its item code from");
  /* 100 kg does not fit five digits of grams. */
  assert_pack_refused (f, SQUID, 100000, "needs more than the 5 digits");
  assert_pack_refused (f, SQUID, 0, "not a whole number of grams above zero");
}

static void
scan (Fixture      *f,
      const char   *code,
      OcopCodeScan *out)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ocop_code_scan (f->store, code, out, &error));
  g_assert_no_error (error);
}

static void
assert_scan_refused (Fixture    *f,
                     const char *code,
                     int         expected,
                     const char *says)
{
  g_autoptr(GError) error = NULL;
  g_auto(OcopCodeScan) scanned = { NULL };

  g_test_message ("%s", code);
  g_assert_false (ocop_code_scan (f->store, code, &scanned, &error));
  g_assert_error (error, OCOP_CODE_ERROR, expected);
  g_assert_nonnull (strstr (error->message, says));
  g_assert_null (scanned.product);
}

/* Scanned, the pack goes into the sale as labelled, beside a product
 * scanned by its own EAN, and the recorded sale keeps its weight and
 * price. */
static void
test_scan_into_sale (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(OcopSale) sale = ocop_sale_new ();
  g_autoptr(OcopSale) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(OcopCodeScan) pack = { NULL }, box = { NULL };
  const OcopSaleLine *line;

  scan (f, SQUID_350G_CODE, &pack);
  g_assert_true (pack.is_pack);
  g_assert_cmpstr (ocop_product_get_sku (pack.product), ==, SQUID);
  /* A product's own EAN is the product, as before. */
  scan (f, "8936000010010", &box);
  g_assert_false (box.is_pack);
  g_assert_cmpstr (ocop_product_get_sku (box.product), ==, "QN-BC-001");

  g_assert_true (ocop_code_scan_add_to (&pack, sale, &error));
  g_assert_true (ocop_code_scan_add_to (&box, sale, &error));
  g_assert_no_error (error);
  line = ocop_sale_get_line (sale, 0);
  g_assert_cmpstr (line->sku, ==, SQUID);
  g_assert_true (line->measured);
  g_assert_cmpint (line->quantity, ==, 350);
  g_assert_cmpint (line->amount, ==, 420000);
  g_assert_false (ocop_sale_get_line (sale, 1)->measured);
  g_assert_cmpint (ocop_sale_get_total (sale), ==, 420000 + 650000);

  g_assert_true (ocop_sale_add_payment (sale, OCOP_PAYMENT_CASH, -1, 0, &error));
  g_assert_true (ocop_store_commit_sale (f->store, sale, &error));
  g_assert_no_error (error);
  loaded = ocop_store_load_sale (f->store, ocop_sale_get_uuid (sale), &error);
  g_assert_no_error (error);
  line = ocop_sale_get_line (loaded, 0);
  g_assert_cmpstr (line->sku, ==, SQUID);
  g_assert_true (line->measured);
  g_assert_cmpint (line->quantity, ==, 350);
  g_assert_cmpint (line->amount, ==, 420000);
  g_assert_cmpint (ocop_sale_get_total (loaded), ==, 1070000);
}

static void
test_scan_refusals (Fixture       *f,
                    gconstpointer  data)
{
  /* One digit of the weight misread (350 → 360): the EAN check digit. */
  assert_scan_refused (f, "2001025003600", OCOP_CODE_ERROR_MISREAD, "scan it again");
  /* No product has item code 99999; its check digit is right. */
  assert_scan_refused (f, "2099999003503", OCOP_CODE_ERROR_UNKNOWN, "No product on sale has item code 99999");
  /* A prefix the booth has no layout for is just an unknown code. */
  assert_scan_refused (f, "2101025003507", OCOP_CODE_ERROR_UNKNOWN, "2101025003507");
  /* With a price layout, a wrong price check digit is a misread too. */
  set_layouts (f, "22:item4+verifier+price5x1000");
  assert_scan_refused (f, "2210259004263", OCOP_CODE_ERROR_MISREAD, "check digit of its weight or price");
}

/* The label as a producer prints it: the pack's code and the QR read by
 * zbarimg, its weight and prices in Vietnamese; and the code zbarimg read,
 * scanned at the till, is the same pack. */
static void
test_label_scanned_back (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(OcopProduct) squid = find_sku (f, SQUID);
  g_autoptr(OcopLabel) label = ocop_label_new (squid);
  g_autoptr(OcopSale) sale = ocop_sale_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *png = g_build_filename (f->dir, "pack.png", NULL);
  g_auto(GStrv) lines = NULL, read = NULL;
  g_auto(OcopCodeScan) scanned = { NULL };
  const OcopSaleLine *line;
  OcopMeasurePack pack;

  make_pack (f, SQUID, 350, &pack);
  ocop_label_set_pack (label, &pack);
  g_assert_true (ocop_label_set_template (label, "50x30", &error));
  g_assert_cmpstr (ocop_label_get_barcode_symbology (label), ==, "EAN-13");
  g_assert_cmpstr (ocop_label_get_barcode_data (label), ==, SQUID_350G_CODE);
  lines = ocop_label_dup_printed_lines (label, &error);
  g_assert_no_error (error);
  g_assert_true (g_strv_contains ((const char * const *) lines, "Đơn giá: 1.200.000 ₫/kg"));
  g_assert_true (g_strv_contains ((const char * const *) lines, "KL tịnh: 0,350 kg"));
  g_assert_true (g_strv_contains ((const char * const *) lines, "Thành tiền: 420.000 ₫"));

  g_assert_true (ocop_label_write_file (label, OCOP_LABEL_FORMAT_PNG, png, &error));
  g_assert_no_error (error);
  read = label_zbar_read (png);
  if (read == NULL)
    return;
  g_assert_cmpuint (g_strv_length (read), ==, 2);
  g_assert_cmpstr (read[0], ==, "EAN-13:" SQUID_350G_CODE);
  g_assert_cmpstr (read[1], ==, "QR-Code:" TRACE_URL);

  scan (f, read[0] + strlen ("EAN-13:"), &scanned);
  g_assert_true (ocop_code_scan_add_to (&scanned, sale, &error));
  g_assert_no_error (error);
  line = ocop_sale_get_line (sale, 0);
  g_assert_true (line->measured);
  g_assert_cmpint (line->quantity, ==, 350);
  g_assert_cmpint (line->amount, ==, 420000);
}

/* `ocop --db DB ARGS…` (NULL-terminated) on the fixture's store. */
static int
run_ocop (Fixture  *f,
          char    **out,
          char    **err,
          ...)
{
  va_list args;
  int status;

  va_start (args, err);
  status = test_util_run_tool_v (f->db, NULL, NULL, out, err, args);
  va_end (args);
  return status;
}

/* The same through the `ocop` command, and its layouts setting. */
static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *png = g_build_filename (f->dir, "cli.png", NULL);
  g_auto(GStrv) read = NULL;

  /* The command opens the store itself. */
  g_assert_finalize_object (f->store);
  g_assert_cmpint (run_ocop (f, &out, &err, "config", "measure-codes", NULL), ==, 0);
  g_assert_cmpstr (out, ==, OCOP_MEASURE_DEFAULT_LAYOUTS "\n");
  g_assert_cmpint (run_ocop (f, &out, &err, "config", "measure-codes",
                                       "20:item5+grams6", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "measure code layout '20:item5+grams6': its fields take 11 digits"));

  g_assert_cmpint (run_ocop (f, &out, &err, "label", SQUID, "--weight", "0.35",
                                       "--template", "50x30", "--format", "png", "--out", png, NULL), ==, 0);
  read = label_zbar_read (png);
  if (read != NULL)
    g_assert_cmpstr (read[0], ==, "EAN-13:" SQUID_350G_CODE);

  g_assert_cmpint (run_ocop (f, &out, &err, "label", "QN-BC-001", "--weight", "0.35",
                                       "--format", "png", "--out", png, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "--weight: "));

  /* The pack's code sells it as labelled; a quantity cannot change it. */
  g_assert_cmpint (run_ocop (f, &out, &err, "sale", "add", SQUID_350G_CODE "*2", "--pay", "cash", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "a weighed pack's code carries its weight"));
  g_assert_cmpint (run_ocop (f, &out, &err, "sale", "add", SQUID_350G_CODE, "--pay", "cash", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "total 420.000 ₫"));
  g_assert_cmpint (run_ocop (f, &out, &err, "sale", "show", "#1", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "0,350 kg × 1.200.000 ₫/kg  = 420.000 ₫"));
  f->store = ocop_store_open (f->db, NULL);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/measure-pack/layouts-setting", test_layouts_setting);
  ADD ("/measure-pack/make-and-read", test_make_and_read);
  ADD ("/measure-pack/price-layout", test_price_layout);
  ADD ("/measure-pack/refusals", test_pack_refusals);
  ADD ("/measure-pack/scan-into-sale", test_scan_into_sale);
  ADD ("/measure-pack/scan-refusals", test_scan_refusals);
  ADD ("/measure-pack/label-scanned-back", test_label_scanned_back);
  ADD ("/measure-pack/cli", test_cli);
#undef ADD

  return g_test_run ();
}
