/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-label.c: producer labels as a scanner, a printer and a person see
 * them: every template's barcode and QR code decoded by zbarimg, TSPL and
 * ZPL jobs parsed back, PDF pages counted by poppler, and bad input refused
 * with the field named and no file left behind. */

#include <cairo.h>
#include <glib/gstdio.h>

#include "label-readers.h"
#include "ocop-label.h"
#include "test-tools.h"
#include "test-util.h"

#define TRACE_URL "https://truyxuat.quangninh.gov.vn/sp/qn-bc-001"

/* A product as the catalog would give it; @barcode NULL for none. */
static OcopProduct *
make_product (const char      *barcode,
              OcopBarcodeKind  kind)
{
  OcopProductInfo info = {
    .sku = "QN-BC-001", .barcode = barcode, .barcode_kind = barcode ? kind : 0,
    .name = "Trà hoa vàng Ba Chẽ", .producer = "HTX Dược liệu Ba Chẽ",
    .locality = "Ba Chẽ", .in_province = TRUE, .unit = "hộp", .price_vnd = 650000,
    .stars = 5, .trace_url = TRACE_URL,
  };

  return ocop_product_new (&info);
}

static OcopLabel *
make_label (const char      *barcode,
            OcopBarcodeKind  kind,
            const char      *template_id)
{
  g_autoptr(OcopProduct) product = make_product (barcode, kind);
  g_autoptr(GError) error = NULL;
  OcopLabel *label = ocop_label_new (product);

  g_assert_true (ocop_label_set_template (label, template_id, &error));
  g_assert_true (ocop_label_set_produced (label, "2024-12-11", &error));
  g_assert_true (ocop_label_set_expires (label, "11/12/2025", &error));
  g_assert_no_error (error);
  ocop_label_set_lot (label, "L241211-07");
  return label;
}

static void
assert_codes_read (const char *path,
                   const char *expected_barcode)
{
  g_auto(GStrv) read = label_zbar_read (path);
  const char *expected[] = { expected_barcode, "QR-Code:" TRACE_URL, NULL };

  qsort (expected, 2, sizeof (char *), label_compare_strings);
  if (read != NULL)
    g_assert_cmpstrv (read, expected);
}

/* Writes a 1-bit raster (MSB first; @one_is_black says which bit value
 * prints) as a PNG, so that zbarimg can read what a printer would print. */
static void
write_raster_png (GBytes     *bits,
                  int         bytes_per_row,
                  int         height,
                  gboolean    one_is_black,
                  const char *path)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, bytes_per_row * 8, height);
  guint8 *pixels = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guint8 *data = g_bytes_get_data (bits, NULL);

  g_assert_cmpuint (g_bytes_get_size (bits), ==, (gsize) bytes_per_row * height);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < bytes_per_row * 8; x++)
      {
        gboolean bit = (data[y * bytes_per_row + x / 8] >> (7 - x % 8)) & 1;

        ((guint32 *) (pixels + y * stride))[x] = bit == one_is_black ? 0x000000 : 0xffffff;
      }
  cairo_surface_mark_dirty (surface);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
}

static const struct {
  const char      *code;
  OcopBarcodeKind  kind;
  const char      *zbar;     /* what a scanner reports */
} codes[] = {
  { "8936000010010", OCOP_BARCODE_EAN13, "EAN-13:8936000010010" },
  { "96385074", OCOP_BARCODE_EAN8, "EAN-8:96385074" },
  { "DT-GOM-01", OCOP_BARCODE_INTERNAL, "CODE-128:DT-GOM-01" },
};

static void
test_png_every_template (void)
{
  const OcopLabelTemplate * const *templates = ocop_label_template_list ();
  g_autofree char *dir = test_util_make_dir ();
  guint n = 0;

  for (guint i = 0; templates[i] != NULL; i++, n++)
    for (guint c = 0; c < G_N_ELEMENTS (codes); c++)
      {
        g_autoptr(OcopLabel) label = make_label (codes[c].code, codes[c].kind, templates[i]->id);
        g_autofree char *path = g_strdup_printf ("%s/%s-%u.png", dir, templates[i]->id, c);
        g_autoptr(GError) error = NULL;
        cairo_surface_t *png;

        g_test_message ("%s on %s", codes[c].code, templates[i]->id);
        g_assert_true (ocop_label_write_file (label, OCOP_LABEL_FORMAT_PNG, path, &error));
        g_assert_no_error (error);
        /* True size: the template's millimetres at its dots per mm. */
        png = cairo_image_surface_create_from_png (path);
        g_assert_cmpint (cairo_image_surface_get_width (png), ==, templates[i]->width_mm * templates[i]->dots_per_mm);
        g_assert_cmpint (cairo_image_surface_get_height (png), ==, templates[i]->height_mm * templates[i]->dots_per_mm);
        cairo_surface_destroy (png);
        assert_codes_read (path, codes[c].zbar);
      }
  g_assert_cmpuint (n, ==, 4);
  test_util_remove_dir (dir);
}

static GBytes *
encode (OcopLabel       *label,
        OcopLabelFormat  format)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes = ocop_label_encode (label, format, &error);

  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  return bytes;
}

static void
test_tspl_parses_back (void)
{
  g_autoptr(OcopLabel) label = make_label ("8936000010010", OCOP_BARCODE_EAN13, "50x30");
  g_autoptr(GBytes) job = NULL;
  g_autoptr(GPtrArray) commands = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = test_util_make_dir ();
  g_autofree char *path = g_build_filename (dir, "tspl.png", NULL);
  const char *size_args[] = { "50 mm", "30 mm", NULL };
  const char *print_args[] = { "1", "3", NULL };
  LabelCommand *bitmap;

  g_assert_true (ocop_label_set_copies (label, 3, &error));
  job = encode (label, OCOP_LABEL_FORMAT_TSPL);
  commands = label_read_tspl (job, &error);
  g_assert_no_error (error);

  g_assert_cmpstrv (label_find_command (commands, "SIZE")->args, size_args);
  g_assert_cmpstr (label_find_command (commands, "GAP")->args[0], ==, "2 mm");
  g_assert_cmpint (label_command_index (commands, "SIZE"), <, label_command_index (commands, "CLS"));
  g_assert_cmpint (label_command_index (commands, "CLS"), <, label_command_index (commands, "BITMAP"));
  g_assert_cmpint (label_command_index (commands, "BITMAP"), ==, (int) commands->len - 2);
  /* The last command prints the one image three times. */
  g_assert_cmpint (label_command_index (commands, "PRINT"), ==, (int) commands->len - 1);
  g_assert_cmpstrv (label_find_command (commands, "PRINT")->args, print_args);

  /* 50 × 30 mm at 8 dots/mm: 400 dots = 50 bytes a row, 240 rows. */
  bitmap = label_find_command (commands, "BITMAP");
  g_assert_cmpstr (bitmap->args[0], ==, "0");
  g_assert_cmpstr (bitmap->args[1], ==, "0");
  g_assert_cmpstr (bitmap->args[2], ==, "50");
  g_assert_cmpstr (bitmap->args[3], ==, "240");
  /* TSPL prints 0 bits black: read so, the label still scans. */
  write_raster_png (bitmap->data, 50, 240, FALSE, path);
  assert_codes_read (path, "EAN-13:8936000010010");
  test_util_remove_dir (dir);
}

static void
test_zpl_parses_back (void)
{
  g_autoptr(OcopLabel) label = make_label ("DT-GOM-01", OCOP_BARCODE_INTERNAL, "60x40");
  g_autoptr(GBytes) job = NULL;
  g_autoptr(GPtrArray) commands = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = test_util_make_dir ();
  g_autofree char *path = g_build_filename (dir, "zpl.png", NULL);
  LabelCommand *graphic;

  g_assert_true (ocop_label_set_copies (label, 12, &error));
  job = encode (label, OCOP_LABEL_FORMAT_ZPL);
  commands = label_read_zpl (job, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (((LabelCommand *) commands->pdata[0])->name, ==, "XA");
  g_assert_cmpstr (((LabelCommand *) commands->pdata[commands->len - 1])->name, ==, "XZ");
  g_assert_cmpstr (label_find_command (commands, "CI")->args[0], ==, "28");
  /* 60 × 40 mm at 8 dots/mm. */
  g_assert_cmpstr (label_find_command (commands, "PW")->args[0], ==, "480");
  g_assert_cmpstr (label_find_command (commands, "LL")->args[0], ==, "320");
  g_assert_cmpstr (label_find_command (commands, "FO")->args[0], ==, "0");
  g_assert_cmpint (label_command_index (commands, "FO") + 1, ==, label_command_index (commands, "GF"));
  g_assert_cmpstr (label_find_command (commands, "PQ")->args[0], ==, "12");

  graphic = label_find_command (commands, "GF");
  g_assert_cmpstr (graphic->args[1], ==, "19200");   /* 60 bytes × 320 rows */
  g_assert_cmpstr (graphic->args[2], ==, "19200");
  g_assert_cmpstr (graphic->args[3], ==, "60");
  write_raster_png (graphic->data, 60, 320, TRUE, path);
  assert_codes_read (path, "CODE-128:DT-GOM-01");
  test_util_remove_dir (dir);
}

static void
test_escpos_raster (void)
{
  g_autoptr(OcopLabel) label = make_label ("8936000010010", OCOP_BARCODE_EAN13, "40x30");
  g_autoptr(GBytes) job = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = test_util_make_dir ();
  g_autofree char *path = g_build_filename (dir, "escpos.png", NULL);
  const gsize image = 40 * 240;
  const guint8 *p;
  gsize size;

  g_assert_true (ocop_label_set_copies (label, 2, &error));
  job = encode (label, OCOP_LABEL_FORMAT_ESCPOS);
  p = g_bytes_get_data (job, &size);
  /* ESC @, then per copy GS v 0 (40 bytes × 240 rows), the image, ESC d 3. */
  g_assert_cmpuint (size, ==, 2 + 2 * (8 + image + 3));
  g_assert_cmpmem (p, 2, "\x1b\x40", 2);
  for (int copy = 0; copy < 2; copy++)
    {
      const guint8 *band = p + 2 + copy * (8 + image + 3);
      g_autoptr(GBytes) bits = g_bytes_new (band + 8, image);

      g_assert_cmpmem (band, 8, "\x1d\x76\x30\x00\x28\x00\xf0\x00", 8);
      g_assert_cmpmem (band + 8 + image, 3, "\x1b\x64\x03", 3);
      write_raster_png (bits, 40, 240, TRUE, path);
      assert_codes_read (path, "EAN-13:8936000010010");
    }
  test_util_remove_dir (dir);
}

/* Runs a poppler tool on @path and returns its output; NULL when the
 * tool is missing (the test ends skipped, or failed on CI). */
static char *
run_poppler (const char *tool,
             const char *path)
{
  g_autofree char *program = test_tool_find (tool, "poppler-utils");
  const char *argv[] = { program, path, "-", NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  if (program == NULL)
    return NULL;
  if (g_str_equal (tool, "pdfinfo"))
    argv[2] = NULL;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* The value of "@name:   value" in pdfinfo's output. */
static char *
pdfinfo_field (const char *info,
               const char *name)
{
  g_auto(GStrv) lines = g_strsplit (info, "\n", -1);
  g_autofree char *prefix = g_strconcat (name, ":", NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      return g_strstrip (g_strdup (lines[i] + strlen (prefix)));
  return NULL;
}

static guint
count_occurrences (const char *haystack,
                   const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

static void
check_pdf (const char *template_id,
           guint       copies,
           const char *expected_pages,
           const char *expected_size)
{
  g_autoptr(OcopLabel) label = make_label ("8936000010010", OCOP_BARCODE_EAN13, template_id);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = test_util_make_dir ();
  g_autofree char *path = g_build_filename (dir, "labels.pdf", NULL);
  g_autofree char *info = NULL, *text = NULL, *pages = NULL, *size = NULL;

  g_assert_true (ocop_label_set_copies (label, copies, &error));
  g_assert_true (ocop_label_write_file (label, OCOP_LABEL_FORMAT_PDF, path, &error));
  g_assert_no_error (error);
  info = run_poppler ("pdfinfo", path);
  text = run_poppler ("pdftotext", path);
  if (info != NULL && text != NULL)
    {
      pages = pdfinfo_field (info, "Pages");
      size = pdfinfo_field (info, "Page size");
      g_assert_cmpstr (pages, ==, expected_pages);
      g_assert_cmpstr (size, ==, expected_size);
      /* Each label carries its lot once: that counts the labels. */
      g_assert_cmpuint (count_occurrences (text, "Lô SX: L241211-07"), ==, copies);
    }
  test_util_remove_dir (dir);
}

static void
test_pdf_sheet (void)
{
  /* 30 labels on sheets of 24: two A4 pages (595 × 842 pt). */
  check_pdf ("a4-3x8", 30, "2", "595.276 x 841.89 pts (A4)");
  check_pdf ("a4-3x8", 24, "1", "595.276 x 841.89 pts (A4)");
}

static void
test_pdf_roll (void)
{
  /* A roll: a page per label, 60 × 40 mm = 170.079 × 113.386 pt. */
  check_pdf ("60x40", 3, "3", "170.079 x 113.386 pts");
}

static void
assert_no_file_written (const char *dir,
                        const char *kept)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (handle)) != NULL)
    g_assert_cmpstr (name, ==, kept);
}

/* @label fails with @code, its message names @field, and neither a new
 * file nor a temporary one appears; an existing file keeps its contents. */
static void
assert_refused (OcopLabel       *label,
                OcopLabelFormat  format,
                int              code,
                const char      *field)
{
  g_autofree char *dir = test_util_make_dir ();
  g_autofree char *fresh = g_build_filename (dir, "new.out", NULL);
  g_autofree char *old = g_build_filename (dir, "old.out", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (old, "yesterday's labels", -1, NULL));
  g_assert_false (ocop_label_write_file (label, format, fresh, &error));
  g_assert_error (error, OCOP_LABEL_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, field));
  g_clear_error (&error);
  g_assert_false (ocop_label_write_file (label, format, old, &error));
  g_assert_error (error, OCOP_LABEL_ERROR, code);
  g_assert_true (g_file_get_contents (old, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "yesterday's labels");
  assert_no_file_written (dir, "old.out");
  test_util_remove_dir (dir);
}

static void
test_refuses_product_without_barcode (void)
{
  g_autoptr(OcopLabel) label = make_label (NULL, 0, "40x30");

  assert_refused (label, OCOP_LABEL_FORMAT_TSPL, OCOP_LABEL_ERROR_NO_BARCODE, "barcode:");
  assert_refused (label, OCOP_LABEL_FORMAT_PDF, OCOP_LABEL_ERROR_NO_BARCODE, "barcode:");
}

static void
test_refuses_lot_too_long (void)
{
  g_autoptr(OcopLabel) label = make_label ("8936000010010", OCOP_BARCODE_EAN13, "40x30");
  g_autoptr(GError) error = NULL;

  /* 17 characters: one more than a 40 × 30 label holds, fine on 60 × 40. */
  ocop_label_set_lot (label, "LOT-2024-12-11-AB");
  assert_refused (label, OCOP_LABEL_FORMAT_ZPL, OCOP_LABEL_ERROR_LOT_TOO_LONG, "lot:");
  g_assert_true (ocop_label_set_template (label, "60x40", &error));
  g_assert_true (ocop_label_validate (label, &error));
  g_assert_no_error (error);
  /* Vietnamese letters count as one character each, not as bytes. */
  ocop_label_set_lot (label, "Lô Đông Triều ĐẶC BIỆT 1");
  g_assert_true (ocop_label_validate (label, &error));
  g_assert_no_error (error);
}

static void
test_refuses_unknown_template (void)
{
  g_autoptr(OcopLabel) label = make_label ("8936000010010", OCOP_BARCODE_EAN13, "40x30");
  g_autoptr(GError) error = NULL;

  g_assert_false (ocop_label_set_template (label, "100x150", &error));
  g_assert_error (error, OCOP_LABEL_ERROR, OCOP_LABEL_ERROR_UNKNOWN_TEMPLATE);
  g_assert_nonnull (strstr (error->message, "'100x150'"));
  g_assert_nonnull (strstr (error->message, "a4-3x8"));
  /* The label keeps the template it had. */
  g_assert_cmpstr (ocop_label_get_template (label)->id, ==, "40x30");
}

static void
test_refuses_bad_dates (void)
{
  g_autoptr(OcopLabel) label = make_label ("8936000010010", OCOP_BARCODE_EAN13, "40x30");
  g_autoptr(GError) error = NULL;
  const char *bad[] = { "2024-13-01", "31/02/2025", "11.12.2024", "2024-12-1x", "tomorrow" };
  g_autofree char *kept = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (ocop_label_set_produced (label, bad[i], &error));
      g_assert_error (error, OCOP_LABEL_ERROR, OCOP_LABEL_ERROR_BAD_DATE);
      g_assert_true (g_str_has_prefix (error->message, "production date:"));
      g_assert_nonnull (strstr (error->message, bad[i]));
      g_clear_error (&error);
    }
  kept = ocop_label_dup_produced (label);
  g_assert_cmpstr (kept, ==, "2024-12-11");

  g_assert_true (ocop_label_set_expires (label, "10/12/2024", &error));
  assert_refused (label, OCOP_LABEL_FORMAT_PNG, OCOP_LABEL_ERROR_BAD_DATE, "expiry date:");
  /* Same-day expiry (fresh food) is allowed. */
  g_assert_true (ocop_label_set_expires (label, "2024-12-11", &error));
  g_assert_true (ocop_label_validate (label, &error));
  g_assert_no_error (error);
}

static void
test_refuses_sheet_on_label_printer (void)
{
  g_autoptr(OcopLabel) label = make_label ("8936000010010", OCOP_BARCODE_EAN13, "a4-3x8");

  assert_refused (label, OCOP_LABEL_FORMAT_TSPL, OCOP_LABEL_ERROR_WRONG_FORMAT, "template:");
  assert_refused (label, OCOP_LABEL_FORMAT_ZPL, OCOP_LABEL_ERROR_WRONG_FORMAT, "template:");
}

static void
test_refuses_barcode_too_wide (void)
{
  /* 32 characters of Code 128 are about 45 mm of bars: not on 40 mm. */
  g_autoptr(OcopLabel) label = make_label ("ABCDEFGHIJKLMNOPQRSTUVWXYZ-ABCDE", OCOP_BARCODE_INTERNAL, "40x30");

  assert_refused (label, OCOP_LABEL_FORMAT_PNG, OCOP_LABEL_ERROR_DOES_NOT_FIT, "barcode:");
}

static void
test_refuses_bad_copies (void)
{
  g_autoptr(OcopLabel) label = make_label ("8936000010010", OCOP_BARCODE_EAN13, "40x30");
  g_autoptr(GError) error = NULL;

  g_assert_false (ocop_label_set_copies (label, 0, &error));
  g_assert_error (error, OCOP_LABEL_ERROR, OCOP_LABEL_ERROR_BAD_COPIES);
  g_assert_true (g_str_has_prefix (error->message, "copies:"));
  g_assert_cmpuint (ocop_label_get_copies (label), ==, 1);
}

/* ---- the whole text, or a refusal ---- */

/* The demo product whose producer has the longest name. */
static OcopProduct *
longest_producer (OcopStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) products = ocop_store_list_products (store, &error);
  OcopProduct *longest = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < products->len; i++)
    if (longest == NULL ||
        g_utf8_strlen (ocop_product_get_info (products->pdata[i])->producer, -1) >
        g_utf8_strlen (ocop_product_get_info (longest)->producer, -1))
      longest = products->pdata[i];
  return g_object_ref (longest);
}

/* The printed lines joined by spaces: a wrapped name reads whole again. */
static char *
printed_text (OcopLabel *label)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = ocop_label_dup_printed_lines (label, &error);

  g_assert_no_error (error);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_test_message ("printed: %s", lines[i]);
      g_assert_null (strstr (lines[i], "…"));
    }
  return g_strjoinv (" ", lines);
}

/* The demo fair's longest producer name (63 letters) prints whole on the
 * smallest roll, in smaller type or on two lines, and so does its locality;
 * the label still scans, and its TSPL job carries the same bitmap. */
static void
test_longest_producer_whole (void)
{
  g_autofree char *dir = test_util_make_dir ();
  g_autoptr(OcopStore) store = test_util_demo_store (dir);
  g_autoptr(OcopProduct) product = longest_producer (store);
  const OcopProductInfo *info = ocop_product_get_info (product);
  g_autoptr(OcopLabel) label = ocop_label_new (product);
  g_autofree char *text = NULL, *png_path = g_build_filename (dir, "longest.png", NULL);
  g_autofree char *barcode = g_strconcat ("EAN-13:", info->barcode, NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) read = NULL;

  g_assert_cmpint (g_utf8_strlen (info->producer, -1), >=, 60);
  g_assert_true (ocop_label_set_template (label, "40x30", &error));
  g_assert_true (ocop_label_set_expires (label, "11/12/2027", &error));
  ocop_label_set_lot (label, "L241211-07");
  g_assert_true (ocop_label_validate (label, &error));
  g_assert_no_error (error);
  text = printed_text (label);
  g_assert_nonnull (strstr (text, info->producer));
  g_assert_nonnull (strstr (text, info->locality));
  g_assert_nonnull (strstr (text, info->name));
  g_assert_nonnull (strstr (text, "HSD:\u00a011/12/2027"));
  g_assert_nonnull (strstr (text, "Lô SX: L241211-07"));

  g_assert_true (ocop_label_write_file (label, OCOP_LABEL_FORMAT_PNG, png_path, &error));
  g_assert_no_error (error);
  read = label_zbar_read (png_path);
  if (read != NULL)
    g_assert_cmpstr (read[0], ==, barcode);
  g_clear_object (&store);
  test_util_remove_dir (dir);
}

/* A producer too long for the smallest roll in any allowed type size is
 * refused, the error naming it and the template that holds it; on that
 * template it prints whole. Longer still, no template holds it. */
static void
test_producer_too_long_refused (void)
{
  OcopProductInfo info = {
    .sku = "QN-XX-001", .barcode = "8936000010010", .barcode_kind = OCOP_BARCODE_EAN13,
    .name = "Trà hoa vàng Ba Chẽ",
    .producer = "Hợp tác xã Nông nghiệp Dịch vụ Tổng hợp và Chế biến Nông Lâm sản Xuất khẩu "
                "Miền núi Vùng cao Ba Chẽ Quảng Ninh",
    .locality = "Ba Chẽ", .in_province = TRUE, .unit = "hộp", .price_vnd = 650000,
    .stars = 5, .trace_url = TRACE_URL,
  };
  g_autoptr(OcopProduct) product = ocop_product_new (&info);
  g_autoptr(OcopLabel) label = ocop_label_new (product);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GString) endless = g_string_new (NULL);
  g_autoptr(OcopProduct) endless_product = NULL;
  g_autoptr(OcopLabel) endless_label = NULL;
  const char *suggested;

  g_assert_false (ocop_label_validate (label, &error));
  g_assert_error (error, OCOP_LABEL_ERROR, OCOP_LABEL_ERROR_DOES_NOT_FIT);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "text: “Hợp tác xã Nông nghiệp"));
  g_assert_nonnull (strstr (error->message, "the 40x30 template"));
  suggested = strstr (error->message, "choose the 50x30 template") ? "50x30"
              : strstr (error->message, "choose the 60x40 template") ? "60x40" : NULL;
  g_assert_nonnull (suggested);
  g_assert_null (ocop_label_to_tspl (label, NULL));
  g_clear_error (&error);

  /* The suggestion holds it. */
  g_assert_true (ocop_label_set_template (label, suggested, &error));
  text = printed_text (label);
  g_assert_nonnull (strstr (text, info.producer));

  for (int i = 0; i < 12; i++)
    g_string_append (endless, "Hợp tác xã Nông nghiệp Dịch vụ ");
  info.producer = endless->str;
  endless_product = ocop_product_new (&info);
  endless_label = ocop_label_new (endless_product);
  g_assert_false (ocop_label_validate (endless_label, &error));
  g_assert_error (error, OCOP_LABEL_ERROR, OCOP_LABEL_ERROR_DOES_NOT_FIT);
  g_assert_nonnull (strstr (error->message, "no template holds it"));
}

/* ---- the `ocop label` command ---- */

typedef struct {
  char *dir;
  char *db;
  char *out;
  char *err;
  int   status;
} Cli;

static int
run_ocop (Cli *cli,
          ...)
{
  va_list args;

  va_start (args, cli);
  cli->status = test_util_run_tool_v (cli->db, NULL, NULL, &cli->out, &cli->err, args);
  va_end (args);
  return cli->status;
}

static void
test_cli (void)
{
  Cli cli = { .dir = test_util_make_dir () };
  g_autofree char *job_path = NULL, *png_path = NULL, *bad_path = NULL;
  g_autofree char *job_data = NULL;
  g_autoptr(GBytes) job = NULL;
  g_autoptr(GPtrArray) commands = NULL;
  g_autoptr(GError) error = NULL;
  const char *print_args[] = { "1", "5", NULL };
  gsize length = 0;

  cli.db = g_build_filename (cli.dir, "booth.db", NULL);
  job_path = g_build_filename (cli.dir, "job.tspl", NULL);
  png_path = g_build_filename (cli.dir, "label.png", NULL);
  bad_path = g_build_filename (cli.dir, "bad.zpl", NULL);
  g_assert_cmpint (run_ocop (&cli, "demo", NULL), ==, 0);

  g_assert_cmpint (run_ocop (&cli, "label", "--list-templates", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (cli.out, "40x30 "));
  g_assert_nonnull (strstr (cli.out, "\n50x30 "));
  g_assert_nonnull (strstr (cli.out, "\n60x40 "));
  g_assert_nonnull (strstr (cli.out, "\na4-3x8 "));

  g_assert_cmpint (run_ocop (&cli, "label", "QN-BC-001", "--template", "50x30", "--lot", "L1", "--produced",
                             "2024-12-11", "--copies", "5", "--format", "tspl", "--out", job_path, NULL), ==, 0);
  g_assert_true (g_file_get_contents (job_path, &job_data, &length, NULL));
  job = g_bytes_new (job_data, length);
  commands = label_read_tspl (job, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (label_find_command (commands, "PRINT")->args, print_args);
  g_assert_cmpstr (label_find_command (commands, "SIZE")->args[0], ==, "50 mm");

  /* The internal code of the demo's Đông Triều pottery, as Code 128. */
  g_assert_cmpint (run_ocop (&cli, "label", "QN-DT-003", "--format", "png", "--out", png_path, NULL), ==, 0);
  {
    g_auto(GStrv) read = label_zbar_read (png_path);
    const char *expected[] = { "CODE-128:DT-GOM-01", "QR-Code:https://truyxuat.quangninh.gov.vn/sp/qn-dt-003", NULL };

    if (read != NULL)
      g_assert_cmpstrv (read, expected);
  }

  /* Errors: exit 1, one line naming the field, no file. */
  g_assert_cmpint (run_ocop (&cli, "label", "QN-HH-002", "--format", "zpl", "--out", bad_path, NULL), ==, 1);
  g_assert_true (g_str_has_prefix (cli.err, "ocop: barcode: product QN-HH-002"));
  g_assert_cmpint (run_ocop (&cli, "label", "QN-BC-001", "--lot", "THIS-LOT-IS-TOO-LONG", "--format", "zpl",
                             "--out", bad_path, NULL), ==, 1);
  g_assert_true (g_str_has_prefix (cli.err, "ocop: lot: 'THIS-LOT-IS-TOO-LONG' has 20 characters"));
  g_assert_cmpint (run_ocop (&cli, "label", "QN-BC-001", "--template", "30x20", "--format", "zpl",
                             "--out", bad_path, NULL), ==, 1);
  g_assert_true (g_str_has_prefix (cli.err, "ocop: Unknown label template '30x20'"));
  g_assert_cmpint (run_ocop (&cli, "label", "QN-BC-001", "--expires", "2024-02-30", "--format", "pdf",
                             "--out", bad_path, NULL), ==, 1);
  g_assert_true (g_str_has_prefix (cli.err, "ocop: expiry date: '2024-02-30' is not a date"));
  g_assert_cmpint (run_ocop (&cli, "label", "QN-BC-001", "--format", "bmp", "--out", bad_path, NULL), ==, 1);
  g_assert_true (g_str_has_prefix (cli.err, "ocop: format: 'bmp'"));
  /* A producer no type size fits on 40×30: refused with the reason and
   * the template that holds it; that template prints it. */
  {
    g_autofree char *csv = g_build_filename (cli.dir, "long.csv", NULL);
    const char *rows =
      "sku,barcode,name,producer,producer_kind,locality,stars,price_vnd,unit,category,trace_url\n"
      "QN-XX-001,int:XX-LONG-01,Trà hoa vàng Ba Chẽ,Hợp tác xã Nông nghiệp Dịch vụ Tổng hợp và Chế biến "
      "Nông Lâm sản Xuất khẩu Miền núi Vùng cao Ba Chẽ Quảng Ninh,cooperative,Ba Chẽ,4,650000,hộp,Trà,\n";

    g_assert_true (g_file_set_contents (csv, rows, -1, NULL));
    g_assert_cmpint (run_ocop (&cli, "catalog", "import", csv, NULL), ==, 0);
    g_assert_cmpint (run_ocop (&cli, "label", "QN-XX-001", "--template", "40x30", "--format", "tspl",
                               "--out", bad_path, NULL), ==, 1);
    g_test_message ("%s", cli.err);
    g_assert_true (g_str_has_prefix (cli.err, "ocop: text: “Hợp tác xã Nông nghiệp"));
    g_assert_nonnull (strstr (cli.err, "choose the 50x30 template"));
    g_assert_false (g_file_test (bad_path, G_FILE_TEST_EXISTS));
    g_assert_cmpint (run_ocop (&cli, "label", "QN-XX-001", "--template", "50x30", "--format", "tspl",
                               "--out", job_path, NULL), ==, 0);
  }
  g_assert_cmpint (run_ocop (&cli, "label", "NO-SUCH-SKU", "--format", "zpl", "--out", bad_path, NULL), ==, 1);
  g_assert_false (g_file_test (bad_path, G_FILE_TEST_EXISTS));
  g_assert_cmpint (run_ocop (&cli, "label", "QN-BC-001", NULL), ==, 2);

  test_util_remove_dir (cli.dir);
  g_free (cli.dir);
  g_free (cli.db);
  g_free (cli.out);
  g_free (cli.err);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/label/png/every-template", test_png_every_template);
  g_test_add_func ("/label/tspl/parses-back", test_tspl_parses_back);
  g_test_add_func ("/label/zpl/parses-back", test_zpl_parses_back);
  g_test_add_func ("/label/escpos/raster", test_escpos_raster);
  g_test_add_func ("/label/pdf/sheet", test_pdf_sheet);
  g_test_add_func ("/label/pdf/roll", test_pdf_roll);
  g_test_add_func ("/label/error/no-barcode", test_refuses_product_without_barcode);
  g_test_add_func ("/label/error/lot-too-long", test_refuses_lot_too_long);
  g_test_add_func ("/label/error/unknown-template", test_refuses_unknown_template);
  g_test_add_func ("/label/error/bad-dates", test_refuses_bad_dates);
  g_test_add_func ("/label/error/sheet-on-label-printer", test_refuses_sheet_on_label_printer);
  g_test_add_func ("/label/error/barcode-too-wide", test_refuses_barcode_too_wide);
  g_test_add_func ("/label/error/copies", test_refuses_bad_copies);
  g_test_add_func ("/label/text/longest-producer-whole", test_longest_producer_whole);
  g_test_add_func ("/label/error/producer-too-long", test_producer_too_long_refused);
  g_test_add_func ("/label/cli", test_cli);
  return g_test_run ();
}
