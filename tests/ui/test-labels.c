/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-labels.c: the Labels page as a producer uses it on the real widgets:
 * a scan picks the product and leaves the cart alone, search finds it
 * without accents, the preview is the label's true size on this screen,
 * Print sends TSPL to a file: label printer and A4 sheets through
 * GtkPrintOperation to a PDF (read back with pdfinfo), and a lot too long
 * for the label is shown as an error and prints nothing. */

#define _GNU_SOURCE
#include <string.h>
#include <glib/gstdio.h>

#include "ocop-sale.h"
#include "ocop-settings.h"
#include "test-tools.h"
#include "till-test-util.h"

#define TEA_BARCODE "8936000010010"   /* Trà hoa vàng Ba Chẽ, demo catalog */

typedef TillFixture Fixture;

static void
set_setting (const char *key,
             const char *value)
{
  g_autoptr(GSettings) settings = ocop_settings_new ();

  g_settings_set_string (settings, key, value);
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GSettings) settings = ocop_settings_new ();

  g_settings_reset (settings, "label-printer-uri");
  g_settings_reset (settings, "label-language");
  g_settings_reset (settings, "label-template");
  till_fixture_tear_down (f, data);
}

static gboolean
wait_until_printed (OcopLabelsPage *page,
                    const char     *path)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while ((ocop_labels_page_is_printing (page) || !g_file_test (path, G_FILE_TEST_EXISTS)) &&
         g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  return !ocop_labels_page_is_printing (page) && g_file_test (path, G_FILE_TEST_EXISTS);
}

static gboolean
wait_until_idle (OcopLabelsPage *page)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  till_wait_frames (1);
  while (ocop_labels_page_is_printing (page) && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  return !ocop_labels_page_is_printing (page);
}

static OcopLabelsPage *
labels_with_tea (Fixture *f)
{
  OcopLabelsPage *page = ocop_window_show_labels (f->window);

  till_wait_frames (3);
  g_assert_true (till_scan (f, TEA_BARCODE));
  g_assert_nonnull (ocop_labels_page_get_product (page));
  return page;
}

static void
choose_template (OcopLabelsPage *page,
                 const char     *id)
{
  const OcopLabelTemplate * const *templates = ocop_label_template_list ();
  AdwComboRow *row = ADW_COMBO_ROW (till_find_named (GTK_WIDGET (page), "label-template"));

  for (guint i = 0; templates[i] != NULL; i++)
    if (g_str_equal (templates[i]->id, id))
      {
        adw_combo_row_set_selected (row, i);
        till_wait_frames (2);
        return;
      }
  g_assert_not_reached ();
}

static void
set_copies (OcopLabelsPage *page,
            int             copies)
{
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (till_find_named (GTK_WIDGET (page), "label-copies")), copies);
}

static char *
read_job (const char *path,
          gsize      *size)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;

  g_assert_true (g_file_get_contents (path, &data, size, &error));
  g_assert_no_error (error);
  return data;
}

static gboolean
job_has_line (const char *job,
              gsize       size,
              const char *line)
{
  g_autofree char *with_end = g_strconcat (line, "\r\n", NULL);

  return memmem (job, size, with_end, strlen (with_end)) != NULL;
}

/* pdfinfo's "Pages:" and "Page size:" lines for @path; FALSE when
 * pdfinfo is missing, which ends the test skipped (on CI, failed). */
static gboolean
read_pdf_info (const char  *path,
               int         *pages,
               char       **page_size)
{
  g_autofree char *pdfinfo = test_tool_find ("pdfinfo", "poppler-utils");
  const char *argv[] = { pdfinfo, path, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  int status = 0;

  if (pdfinfo == NULL)
    return FALSE;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  *pages = -1;
  *page_size = NULL;
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "Pages:"))
      *pages = atoi (lines[i] + strlen ("Pages:"));
    else if (g_str_has_prefix (lines[i], "Page size:"))
      *page_size = g_strdup (g_strstrip (lines[i] + strlen ("Page size:")));
  return TRUE;
}

/* A scan on the Labels page picks the product; the till's cart, and the
 * store's saved cart, stay empty. Back on the till, a scan sells again. */
static void
test_scan_picks_product (Fixture       *f,
                         gconstpointer  data)
{
  OcopLabelsPage *page = labels_with_tea (f);
  g_autoptr(OcopProduct) tea = ocop_store_find_barcode (f->store, TEA_BARCODE, NULL);
  g_autoptr(OcopSale) saved = NULL;
  g_autofree char *shot = NULL;

  g_assert_cmpstr (ocop_product_get_sku (ocop_labels_page_get_product (page)), ==, ocop_product_get_sku (tea));
  g_assert_cmpuint (ocop_sale_get_n_lines (ocop_till_page_get_cart (f->till_page)), ==, 0);
  saved = ocop_store_load_cart (f->store, NULL);
  g_assert_true (saved == NULL || ocop_sale_get_n_lines (saved) == 0);
  g_assert_nonnull (till_find_label (GTK_WIDGET (page), ocop_product_get_name (tea)));
  g_assert_nonnull (ocop_labels_page_get_label (page));
  g_assert_null (ocop_labels_page_get_error (page));
  /* The caption names what the printed barcode carries. */
  g_assert_nonnull (till_find_label (GTK_WIDGET (page), TEA_BARCODE));
  shot = till_screenshot (GTK_WIDGET (f->window), "labels-page");

  /* A misread and an unknown code say so and keep the product picked. */
  g_assert_true (till_scan (f, "8930000000000"));   /* the check digit should be 2 */
  g_assert_nonnull (strstr (ocop_labels_page_get_last_message (page), "Misread barcode 8930000000000"));
  g_assert_true (till_scan (f, "8930000000002"));
  g_assert_nonnull (strstr (ocop_labels_page_get_last_message (page), "8930000000002"));
  g_assert_null (strstr (ocop_labels_page_get_last_message (page), "Misread"));
  g_assert_cmpstr (ocop_product_get_sku (ocop_labels_page_get_product (page)), ==, ocop_product_get_sku (tea));
  g_assert_cmpuint (ocop_sale_get_n_lines (ocop_till_page_get_cart (f->till_page)), ==, 0);

  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (gtk_widget_get_ancestor (GTK_WIDGET (page), ADW_TYPE_VIEW_STACK)),
                                         "till");
  till_wait_frames (2);
  g_assert_true (till_scan (f, TEA_BARCODE));
  g_assert_cmpuint (ocop_sale_get_n_lines (ocop_till_page_get_cart (f->till_page)), ==, 1);
}

/* A scanner types into the focused field (the lot, here) before its
 * Enter: the code comes out of the lot again and picks the product. */
static void
test_scan_into_lot_field (Fixture       *f,
                          gconstpointer  data)
{
  OcopLabelsPage *page = ocop_window_show_labels (f->window);
  GtkEditable *lot = till_row_titled (GTK_WIDGET (page), "Lot");
  const char *code = TEA_BARCODE;

  till_wait_frames (3);
  gtk_editable_set_text (lot, "L-07");
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (lot)));
  till_wait_frames (1);
  f->clock_us += 500000;
  for (const char *p = code; *p; p++)
    {
      int end = -1;

      f->clock_us += 4000;
      g_assert_false (ocop_window_handle_key (f->window, gdk_unicode_to_keyval (*p), f->clock_us));
      /* What GTK does with the key the window let through. */
      end = (int) g_utf8_strlen (gtk_editable_get_text (lot), -1);
      gtk_editable_insert_text (lot, p, 1, &end);
    }
  g_assert_cmpstr (gtk_editable_get_text (lot), ==, "L-07" TEA_BARCODE);
  f->clock_us += 4000;
  g_assert_true (ocop_window_handle_key (f->window, GDK_KEY_Return, f->clock_us));
  till_wait_frames (2);
  g_assert_cmpstr (gtk_editable_get_text (lot), ==, "L-07");
  g_assert_nonnull (ocop_labels_page_get_product (page));
  g_assert_cmpstr (ocop_product_get_barcode (ocop_labels_page_get_product (page)), ==, TEA_BARCODE);
  g_assert_cmpstr (ocop_label_get_lot (ocop_labels_page_get_label (page)), ==, "L-07");
  g_assert_cmpuint (ocop_sale_get_n_lines (ocop_till_page_get_cart (f->till_page)), ==, 0);
}

/* Search ignores accents: "ba kich" finds Ba kích tím Ba Chẽ. */
static void
test_search_picks_product (Fixture       *f,
                           gconstpointer  data)
{
  OcopLabelsPage *page = ocop_window_show_labels (f->window);
  GtkEditable *search = GTK_EDITABLE (till_find_named (GTK_WIDGET (page), "label-search"));
  g_autoptr(OcopProduct) root = ocop_store_find_sku (f->store, "QN-BC-003", NULL);
  GtkLabel *found;
  GtkWidget *row;

  g_assert_null (ocop_labels_page_get_product (page));
  gtk_editable_set_text (search, "ba kich");
  till_wait_frames (15);   /* GtkSearchEntry waits before it says the text changed */
  found = till_find_label (GTK_WIDGET (page), ocop_product_get_name (root));
  g_assert_nonnull (found);
  row = gtk_widget_get_ancestor (GTK_WIDGET (found), GTK_TYPE_LIST_BOX_ROW);
  g_assert_nonnull (row);
  g_signal_emit_by_name (gtk_widget_get_ancestor (row, GTK_TYPE_LIST_BOX), "row-activated", row);
  till_wait_frames (2);
  g_assert_nonnull (ocop_labels_page_get_product (page));
  g_assert_cmpstr (ocop_product_get_sku (ocop_labels_page_get_product (page)), ==, "QN-BC-003");
  g_assert_cmpuint (ocop_sale_get_n_lines (ocop_till_page_get_cart (f->till_page)), ==, 0);
}

/* What one millimetre is on this screen, worked out here from the
 * monitor GDK reports (96 dpi when it reports no size). */
static double
screen_pixels_per_mm (GtkWidget *widget)
{
  GdkSurface *surface = gtk_native_get_surface (gtk_widget_get_native (widget));
  GdkMonitor *monitor = gdk_display_get_monitor_at_surface (gtk_widget_get_display (widget), surface);
  GdkRectangle geometry;

  g_assert_nonnull (monitor);
  gdk_monitor_get_geometry (monitor, &geometry);
  g_test_message ("monitor: %d px, %d mm wide", geometry.width, gdk_monitor_get_width_mm (monitor));
  if (gdk_monitor_get_width_mm (monitor) <= 0)
    return 96 / 25.4;
  return geometry.width / (double) gdk_monitor_get_width_mm (monitor);
}

static guint
count_dark_pixels (const char *png,
                   guint      *total)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_filename (png, &error);
  int width, height;
  g_autofree guchar *pixels = NULL;
  guint dark = 0;

  g_assert_no_error (error);
  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  pixels = g_malloc ((gsize) width * height * 4);
  gdk_texture_download (texture, pixels, (gsize) width * 4);
  for (int i = 0; i < width * height; i++)
    {
      const guchar *p = pixels + (gsize) i * 4;   /* B, G, R, A */

      if (p[0] < 80 && p[1] < 80 && p[2] < 80 && p[3] > 200)
        dark++;
    }
  *total = (guint) (width * height);
  return dark;
}

/* 40 × 30 mm on paper is 40 × 30 mm on screen; a 60 × 40 template grows
 * the preview to match; and the preview shows the label, not a blank. */
static void
test_preview_true_size (Fixture       *f,
                        gconstpointer  data)
{
  OcopLabelsPage *page = labels_with_tea (f);
  GtkWidget *preview = ocop_labels_page_get_preview (page);
  double per_mm;
  g_autofree char *shot = NULL;
  guint dark, total;

  choose_template (page, "40x30");
  till_wait_frames (3);
  per_mm = screen_pixels_per_mm (preview);
  g_assert_cmpint (gtk_widget_get_width (preview), ==, (int) (40 * per_mm + 0.5));
  g_assert_cmpint (gtk_widget_get_height (preview), ==, (int) (30 * per_mm + 0.5));

  choose_template (page, "60x40");
  till_wait_frames (3);
  g_assert_cmpint (gtk_widget_get_width (preview), ==, (int) (60 * per_mm + 0.5));
  g_assert_cmpint (gtk_widget_get_height (preview), ==, (int) (40 * per_mm + 0.5));

  shot = till_screenshot (preview, "labels-preview-60x40");
  dark = count_dark_pixels (shot, &total);
  g_test_message ("preview: %u of %u pixels dark", dark, total);
  /* Bars, QR modules and text: far from blank, far from all black. */
  g_assert_cmpuint (dark, >, total / 20);
  g_assert_cmpuint (dark, <, total / 2);
}

/* Lot and copies go to a TSPL label printer: the job names the label's
 * size and prints the copies asked for; the cart stays empty. */
static void
test_print_tspl (Fixture       *f,
                 gconstpointer  data)
{
  OcopLabelsPage *page = labels_with_tea (f);
  g_autofree char *path = g_build_filename (f->dir, "labels.tspl", NULL);
  g_autofree char *uri = g_strconcat ("file:", path, NULL);
  g_autofree char *job = NULL;
  gsize size = 0;

  set_setting ("label-printer-uri", uri);
  set_setting ("label-language", "tspl");
  choose_template (page, "50x30");
  gtk_editable_set_text (till_row_titled (GTK_WIDGET (page), "Lot"), "L-2412-07");
  set_copies (page, 3);
  till_wait_frames (2);
  g_assert_null (ocop_labels_page_get_error (page));
  g_assert_cmpstr (ocop_label_get_lot (ocop_labels_page_get_label (page)), ==, "L-2412-07");

  gtk_widget_activate_action (GTK_WIDGET (page), "labels.print", NULL);
  g_assert_true (wait_until_printed (page, path));
  job = read_job (path, &size);
  g_assert_true (job_has_line (job, size, "SIZE 50 mm,30 mm"));
  g_assert_true (job_has_line (job, size, "PRINT 1,3"));
  g_assert_nonnull (strstr (ocop_labels_page_get_last_message (page), "3"));
  g_assert_nonnull (strstr (ocop_labels_page_get_last_message (page), uri));
  g_assert_cmpuint (ocop_sale_get_n_lines (ocop_till_page_get_cart (f->till_page)), ==, 0);
  g_remove (path);
}

/* An A4 sheet goes to an ordinary printer even when a label printer is
 * set: 30 labels at 24 a sheet are two A4 pages. */
static void
test_print_sheet_pdf (Fixture       *f,
                      gconstpointer  data)
{
  OcopLabelsPage *page = labels_with_tea (f);
  g_autofree char *label_path = g_build_filename (f->dir, "labels.tspl", NULL);
  g_autofree char *uri = g_strconcat ("file:", label_path, NULL);
  g_autofree char *pdf = g_build_filename (f->dir, "labels.pdf", NULL);
  g_autofree char *partial = g_strconcat (pdf, ".part", NULL);   /* where it is written first */
  g_autofree char *page_size = NULL;
  int pages = 0;

  set_setting ("label-printer-uri", uri);
  choose_template (page, "a4-3x8");
  set_copies (page, 30);
  till_wait_frames (2);
  g_assert_null (ocop_labels_page_get_error (page));
  ocop_labels_page_set_export_filename (page, pdf);
  gtk_widget_activate_action (GTK_WIDGET (page), "labels.print", NULL);
  till_wait_frames (5);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (label_path, G_FILE_TEST_EXISTS));
  g_assert_nonnull (strstr (ocop_labels_page_get_last_message (page), pdf));
  g_assert_false (g_file_test (partial, G_FILE_TEST_EXISTS));
  if (!read_pdf_info (pdf, &pages, &page_size))
    return;
  g_assert_cmpint (pages, ==, 2);
  g_assert_nonnull (page_size);
  g_assert_true (g_str_has_prefix (page_size, "595.276 x 841.89 pts"));   /* 210 × 297 mm */
  g_remove (pdf);
}

/* With no label printer set, a roll label prints on an ordinary printer,
 * one page the label's size per copy. */
static void
test_print_roll_without_label_printer (Fixture       *f,
                                       gconstpointer  data)
{
  OcopLabelsPage *page = labels_with_tea (f);
  g_autofree char *pdf = g_build_filename (f->dir, "roll.pdf", NULL);
  g_autofree char *page_size = NULL;
  int pages = 0;
  double width = 0, height = 0;

  set_setting ("label-printer-uri", "");
  choose_template (page, "40x30");
  set_copies (page, 2);
  till_wait_frames (2);
  ocop_labels_page_set_export_filename (page, pdf);
  gtk_widget_activate_action (GTK_WIDGET (page), "labels.print", NULL);
  till_wait_frames (5);
  if (!read_pdf_info (pdf, &pages, &page_size))
    return;
  g_assert_cmpint (pages, ==, 2);
  g_assert_nonnull (page_size);
  g_assert_cmpint (sscanf (page_size, "%lf x %lf", &width, &height), ==, 2);
  g_assert_cmpfloat_with_epsilon (width, 40 * 72 / 25.4, 0.01);
  g_assert_cmpfloat_with_epsilon (height, 30 * 72 / 25.4, 0.01);
  g_remove (pdf);
}

/* A PDF that cannot be written says why, and leaves the page ready. */
static void
test_print_error_is_shown (Fixture       *f,
                           gconstpointer  data)
{
  OcopLabelsPage *page = labels_with_tea (f);
  g_autofree char *pdf = g_build_filename (f->dir, "no-such-folder", "roll.pdf", NULL);

  set_setting ("label-printer-uri", "");
  ocop_labels_page_set_export_filename (page, pdf);
  gtk_widget_activate_action (GTK_WIDGET (page), "labels.print", NULL);
  till_wait_frames (5);
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  g_assert_nonnull (ocop_labels_page_get_last_message (page));
  g_test_message ("%s", ocop_labels_page_get_last_message (page));
  g_assert_true (g_str_has_prefix (ocop_labels_page_get_last_message (page), "The labels were not printed"));
  g_assert_nonnull (strstr (ocop_labels_page_get_last_message (page), pdf));
  g_assert_true (gtk_widget_get_sensitive (till_find_named (GTK_WIDGET (page), "label-print")));

  /* A label printer that cannot be opened: the same. */
  set_setting ("label-printer-uri", "file:/nonexistent-folder/labels.tspl");
  gtk_widget_activate_action (GTK_WIDGET (page), "labels.print", NULL);
  g_assert_true (wait_until_idle (page));
  g_test_message ("%s", ocop_labels_page_get_last_message (page));
  g_assert_true (g_str_has_prefix (ocop_labels_page_get_last_message (page), "The labels were not printed"));
  g_assert_nonnull (strstr (ocop_labels_page_get_last_message (page), "/nonexistent-folder/labels.tspl"));
  g_assert_true (gtk_widget_get_sensitive (till_find_named (GTK_WIDGET (page), "label-print")));
}

/* A lot longer than the label holds is shown under the form, on the lot's
 * row, and Print sends nothing; shortening it makes the label printable. */
static void
test_bad_lot_prints_nothing (Fixture       *f,
                             gconstpointer  data)
{
  OcopLabelsPage *page = labels_with_tea (f);
  g_autofree char *path = g_build_filename (f->dir, "labels.tspl", NULL);
  g_autofree char *uri = g_strconcat ("file:", path, NULL);
  const char *lot = "LOT-2024-12-11-HOA-VANG-BA-CHE-0001";
  GtkEditable *lot_row = till_row_titled (GTK_WIDGET (page), "Lot");
  GtkWidget *error_label = till_find_named (GTK_WIDGET (page), "label-error");
  g_autofree char *shot = NULL;

  set_setting ("label-printer-uri", uri);
  choose_template (page, "40x30");
  gtk_editable_set_text (lot_row, lot);
  till_wait_frames (2);
  g_assert_nonnull (ocop_labels_page_get_error (page));
  g_assert_null (ocop_labels_page_get_label (page));
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (error_label)), lot));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (lot_row), "error"));
  shot = till_screenshot (GTK_WIDGET (f->window), "labels-bad-lot");

  gtk_widget_activate_action (GTK_WIDGET (page), "labels.print", NULL);
  till_wait_frames (10);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  /* Print is off while the form is wrong; the reason stays in view. */
  g_assert_false (gtk_widget_get_sensitive (till_find_named (GTK_WIDGET (page), "label-print")));
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_false (ocop_labels_page_is_printing (page));

  gtk_editable_set_text (lot_row, "L-07");
  till_wait_frames (2);
  g_assert_null (ocop_labels_page_get_error (page));
  g_assert_false (gtk_widget_get_visible (error_label));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (lot_row), "error"));
  g_assert_true (gtk_widget_get_sensitive (till_find_named (GTK_WIDGET (page), "label-print")));
}

/* A date that is not one names the field and what was typed. */
static void
test_bad_date_shows_error (Fixture       *f,
                           gconstpointer  data)
{
  OcopLabelsPage *page = labels_with_tea (f);
  GtkEditable *expires = till_row_titled (GTK_WIDGET (page), "Expiry date");
  g_autofree char *expiry = NULL;

  gtk_editable_set_text (expires, "31/02/2025");
  till_wait_frames (2);
  g_assert_nonnull (ocop_labels_page_get_error (page));
  g_assert_nonnull (strstr (ocop_labels_page_get_error (page), "31/02/2025"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (expires), "error"));

  gtk_editable_set_text (expires, "11/12/2026");
  till_wait_frames (2);
  g_assert_null (ocop_labels_page_get_error (page));
  expiry = ocop_label_dup_expires (ocop_labels_page_get_label (page));
  g_assert_cmpstr (expiry, ==, "2026-12-11");
}

/* Resizes the window as a 1024×600 or 1366×768 screen would hold it. */
static void
resize_window (Fixture *f,
               int      width,
               int      height)
{
  gtk_window_set_default_size (GTK_WINDOW (f->window), width, height);
  till_wait_frames (8);
}

/* Print lies wholly inside the window, not scrolled away under the form,
 * and the page would fit a window @height pixels tall: its minimum height
 * and the window's other rows (header, status bar) add up to at most
 * @height. The window itself may be taller while another page asks more. */
static void
assert_print_in_view (Fixture *f,
                      int      height)
{
  GtkWidget *window = GTK_WIDGET (f->window);
  GtkWidget *page = GTK_WIDGET (ocop_window_show_labels (f->window));
  GtkWidget *print = till_find_named (page, "label-print");
  graphene_rect_t bounds, page_bounds;
  int page_min = 0, chrome;

  g_assert_true (gtk_widget_get_mapped (print));
  g_assert_true (gtk_widget_compute_bounds (print, window, &bounds));
  g_assert_true (gtk_widget_compute_bounds (page, window, &page_bounds));
  gtk_widget_measure (page, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (page), &page_min, NULL, NULL, NULL);
  chrome = gtk_widget_get_height (window) - gtk_widget_get_height (page);
  g_test_message ("Print at %.0f,%.0f %.0f×%.0f in a %d×%d window; the page needs %d + %d px",
                  bounds.origin.x, bounds.origin.y, bounds.size.width, bounds.size.height,
                  gtk_widget_get_width (window), gtk_widget_get_height (window), page_min, chrome);
  g_assert_cmpfloat (bounds.size.height, >, 0);
  g_assert_cmpfloat (bounds.origin.y, >=, page_bounds.origin.y);
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, page_bounds.origin.y + page_bounds.size.height);
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (window));
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (window));
  g_assert_cmpint (page_min + chrome, <=, height);
}

/* The demo's longest producer name (QN-QY-002, 63 letters) prints whole on
 * the 40×30 roll, with Print in view at 1024×600 and 1366×768. */
static void
test_long_producer_fits (Fixture       *f,
                         gconstpointer  data)
{
  OcopLabelsPage *page = ocop_window_show_labels (f->window);
  const char *producer = "Công ty TNHH Nuôi trồng sản xuất và Chế biến dược liệu Đông Bắc";
  const struct { int width, height; const char *shot; } screens[] = {
    { 1024, 600, "labels-long-producer-1024x600" }, { 1366, 768, "labels-long-producer-1366x768" },
  };

  resize_window (f, 1024, 600);
  g_assert_true (till_scan (f, "8936000010225"));
  choose_template (page, "40x30");
  g_assert_cmpstr (ocop_product_get_info (ocop_labels_page_get_product (page))->producer, ==, producer);
  g_assert_null (ocop_labels_page_get_error (page));
  g_assert_nonnull (ocop_labels_page_get_label (page));
  {
    g_auto(GStrv) lines = ocop_label_dup_printed_lines (ocop_labels_page_get_label (page), NULL);
    g_autofree char *text = g_strjoinv (" ", lines);

    g_assert_nonnull (strstr (text, producer));
  }
  g_assert_true (gtk_widget_get_sensitive (till_find_named (GTK_WIDGET (page), "label-print")));
  for (guint i = 0; i < G_N_ELEMENTS (screens); i++)
    {
      g_autofree char *shot = NULL;

      resize_window (f, screens[i].width, screens[i].height);
      assert_print_in_view (f, screens[i].height);
      shot = till_screenshot (GTK_WIDGET (f->window), screens[i].shot);
    }
}

/* A producer no type size fits on 40×30 is refused on the page: the reason
 * names the template that holds it, on the template row, with Print off
 * and the reason beside it in view; choosing that template prints it. */
static void
test_producer_too_long_refused (Fixture       *f,
                                gconstpointer  data)
{
  OcopProductInfo info = {
    .sku = "QN-XX-001", .barcode = "QN-XX-001", .barcode_kind = OCOP_BARCODE_INTERNAL,
    .name = "Trà hoa vàng Ba Chẽ",
    .producer = "Hợp tác xã Nông nghiệp Dịch vụ Tổng hợp và Chế biến Nông Lâm sản Xuất khẩu "
                "Miền núi Vùng cao Ba Chẽ Quảng Ninh",
    .producer_kind = OCOP_PRODUCER_COOPERATIVE,
    .locality = "Ba Chẽ", .in_province = TRUE, .unit = "hộp", .price_vnd = 650000, .stars = 4,
  };
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  OcopLabelsPage *page = ocop_window_show_labels (f->window);
  GtkWidget *error_label = till_find_named (GTK_WIDGET (page), "label-error");
  GtkWidget *template_row = till_find_named (GTK_WIDGET (page), "label-template");
  g_autofree char *shot = NULL;
  graphene_rect_t bounds;
  GtkWidget *bigger;

  g_ptr_array_add (products, ocop_product_new (&info));
  g_assert_true (ocop_store_import_products (f->store, products, &error));
  g_assert_no_error (error);
  resize_window (f, 1024, 600);
  g_assert_true (ocop_labels_page_select_code (page, "QN-XX-001"));
  choose_template (page, "40x30");
  g_assert_null (ocop_labels_page_get_label (page));
  g_assert_nonnull (ocop_labels_page_get_error (page));
  g_test_message ("%s", ocop_labels_page_get_error (page));
  g_assert_nonnull (strstr (ocop_labels_page_get_error (page), "Hợp tác xã Nông nghiệp"));
  g_assert_nonnull (strstr (ocop_labels_page_get_error (page), "choose the 50x30 template"));
  g_assert_true (gtk_widget_has_css_class (template_row, "error"));
  g_assert_false (gtk_widget_get_sensitive (till_find_named (GTK_WIDGET (page), "label-print")));
  assert_print_in_view (f, 600);
  g_assert_true (gtk_widget_get_visible (error_label));
  /* The reason and the offered template sit above Print, outside the
   * scrolled form, so scrolling never hides them. */
  bigger = till_find_named (GTK_WIDGET (page), "label-use-bigger");
  g_assert_null (gtk_widget_get_ancestor (error_label, GTK_TYPE_SCROLLED_WINDOW));
  g_assert_null (gtk_widget_get_ancestor (bigger, GTK_TYPE_SCROLLED_WINDOW));
  g_assert_true (gtk_widget_compute_bounds (bigger, till_find_named (GTK_WIDGET (page), "label-print"), &bounds));
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, 0);
  shot = till_screenshot (GTK_WIDGET (f->window), "labels-producer-too-long-1024x600");

  /* One tap on the offered template. */
  g_assert_true (gtk_widget_get_visible (bigger));
  g_assert_nonnull (strstr (gtk_button_get_label (GTK_BUTTON (bigger)), "50x30"));
  g_assert_nonnull (strstr (ocop_labels_page_get_error (page), "choose the 50x30 template"));
  gtk_widget_activate_action (bigger, "labels.use-bigger", NULL);
  till_wait_frames (2);
  g_assert_cmpstr (ocop_label_get_template (ocop_labels_page_get_label (page))->id, ==, "50x30");
  g_assert_false (gtk_widget_get_visible (bigger));
  g_assert_null (ocop_labels_page_get_error (page));
  g_assert_false (gtk_widget_has_css_class (template_row, "error"));
  g_assert_true (gtk_widget_get_sensitive (till_find_named (GTK_WIDGET (page), "label-print")));
}

int
main (int    argc,
      char **argv)
{
  till_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, till_fixture_set_up, func, tear_down)
  ADD ("/labels/scan-picks-product", test_scan_picks_product);
  ADD ("/labels/scan-into-lot-field", test_scan_into_lot_field);
  ADD ("/labels/search-picks-product", test_search_picks_product);
  ADD ("/labels/preview-true-size", test_preview_true_size);
  ADD ("/labels/print-tspl", test_print_tspl);
  ADD ("/labels/print-sheet-pdf", test_print_sheet_pdf);
  ADD ("/labels/print-roll-without-label-printer", test_print_roll_without_label_printer);
  ADD ("/labels/print-error-is-shown", test_print_error_is_shown);
  ADD ("/labels/bad-lot-prints-nothing", test_bad_lot_prints_nothing);
  ADD ("/labels/bad-date-shows-error", test_bad_date_shows_error);
  ADD ("/labels/long-producer-fits", test_long_producer_fits);
  ADD ("/labels/producer-too-long-refused", test_producer_too_long_refused);
#undef ADD

  return g_test_run ();
}
