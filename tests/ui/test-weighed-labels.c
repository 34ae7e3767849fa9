/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-weighed-labels.c: weighed packs on the real widgets: the Labels page
 * takes a typed weight for a product sold by weight and labels the pack
 * with its variable-measure code, a weight it cannot read is shown on its
 * row, the weight is read from a scale (emulated on a pty) once it is
 * stable, scanning the pack's label on the Labels page brings its weight
 * back, and the till puts the scanned pack in the cart as labelled. */

#include "ocop-label.h"
#include "ocop-sale.h"
#include "ocop-scale.h"
#include "ocop-settings.h"
#include "scale-emulator.h"
#include "till-test-util.h"

/* Mực khô Cô Tô, 1.200.000 ₫/kg, and its 0,350 kg pack's code by the
 * default layout 20:item5+grams5. */
#define SQUID_BARCODE "8936000010256"
#define SQUID_350G_CODE "2001025003500"
#define TEA_BARCODE "8936000010010"

typedef TillFixture Fixture;

static OcopLabelsPage *
labels_with (Fixture    *f,
             const char *code)
{
  OcopLabelsPage *page = ocop_window_show_labels (f->window);

  till_wait_frames (3);
  g_assert_true (till_scan (f, code));
  g_assert_nonnull (ocop_labels_page_get_product (page));
  return page;
}

static GtkWidget *
weight_row (OcopLabelsPage *page)
{
  GtkWidget *row = till_find_named (GTK_WIDGET (page), "label-weight");

  g_assert_nonnull (row);
  return row;
}

static void
type_weight (OcopLabelsPage *page,
             const char     *text)
{
  GtkWidget *row = weight_row (page);

  gtk_editable_set_text (GTK_EDITABLE (row), "");
  gtk_widget_grab_focus (row);
  till_wait_frames (2);
  till_type_keys (row, text);
  till_wait_frames (3);
}

/* Typed as a producer types it, the weight makes the label a pack's: its
 * code, net weight and price; the field is only there for goods sold by
 * weight. */
static void
test_typed_weight (Fixture       *f,
                   gconstpointer  data)
{
  OcopLabelsPage *page = labels_with (f, SQUID_BARCODE);
  g_autofree char *shot = NULL, *small = NULL;
  const OcopMeasurePack *pack;
  OcopLabel *label;

  g_assert_true (gtk_widget_get_visible (weight_row (page)));
  /* No weight yet: the product's own label, as before. */
  g_assert_cmpstr (ocop_label_get_barcode_data (ocop_labels_page_get_label (page)), ==, SQUID_BARCODE);

  type_weight (page, "0,35");
  label = ocop_labels_page_get_label (page);
  g_assert_nonnull (label);
  g_assert_null (ocop_labels_page_get_error (page));
  pack = ocop_label_get_pack (label);
  g_assert_nonnull (pack);
  g_assert_cmpint (pack->thousandths, ==, 350);
  g_assert_cmpint (pack->amount, ==, 420000);
  g_assert_cmpstr (ocop_label_get_barcode_data (label), ==, SQUID_350G_CODE);
  /* The caption says what the printed code carries. */
  g_assert_nonnull (till_find_label (GTK_WIDGET (page), SQUID_350G_CODE));

  gtk_window_set_default_size (GTK_WINDOW (f->window), 1366, 768);
  till_wait_frames (5);
  shot = till_screenshot (GTK_WIDGET (f->window), "labels-weighed-pack-1366x768");
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1024, 600);
  till_wait_frames (5);
  small = till_screenshot (GTK_WIDGET (f->window), "labels-weighed-pack-1024x600");

  /* Tea is sold by the box: no weight field. (Picked as a scan on this
   * page picks it: the keys xdotool typed carry the X server's clock,
   * which a scan burst's made-up clock cannot follow.) */
  g_assert_true (ocop_labels_page_select_code (page, TEA_BARCODE));
  g_assert_false (gtk_widget_get_visible (weight_row (page)));
  g_assert_null (ocop_label_get_pack (ocop_labels_page_get_label (page)));
}

/* A weight that does not read is the weight row's error, and nothing
 * prints. */
static void
test_bad_weight (Fixture       *f,
                 gconstpointer  data)
{
  OcopLabelsPage *page = labels_with (f, SQUID_BARCODE);

  type_weight (page, "1,250");
  g_assert_null (ocop_labels_page_get_label (page));
  g_assert_nonnull (ocop_labels_page_get_error (page));
  g_assert_true (gtk_widget_has_css_class (weight_row (page), "error"));

  type_weight (page, "350 g");
  g_assert_nonnull (ocop_labels_page_get_label (page));
  g_assert_false (gtk_widget_has_css_class (weight_row (page), "error"));
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GSettings) settings = ocop_settings_new ();

  g_settings_reset (settings, "scale-uri");
  till_fixture_tear_down (f, data);
}

static gboolean
weight_reads (gpointer data)
{
  gpointer *wanted = data;

  return g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (weight_row (wanted[0]))), wanted[1]) == 0;
}

static gboolean
message_says (gpointer data)
{
  gpointer *wanted = data;

  return g_strcmp0 (ocop_labels_page_get_last_message (wanted[0]), wanted[1]) == 0;
}

/* "Read the scale" waits out a moving pan and takes the stable weight;
 * an empty pan is said and changes nothing. */
static void
test_read_scale (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(ScaleEmulator) scale = scale_emulator_new ();
  g_autoptr(GSettings) settings = ocop_settings_new ();
  g_autofree char *uri = scale_emulator_uri (scale, "mettler-8217");
  OcopLabelsPage *page;
  gpointer weighed[2], zero[2];

  /* The button comes with the scale, set in Settings while the Labels
   * page shows a product sold by weight. */
  page = labels_with (f, SQUID_BARCODE);
  g_assert_false (gtk_widget_get_visible (till_find_named (GTK_WIDGET (page), "label-read-scale")));
  g_settings_set_string (settings, "scale-uri", uri);
  till_wait_frames (1);
  g_assert_true (gtk_widget_get_visible (till_find_named (GTK_WIDGET (page), "label-read-scale")));

  scale_emulator_on (scale, 'W', "\x02?\x01\r", -1);   /* in motion */
  scale_emulator_on (scale, 'W', "\x02" "0.350\r", -1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "labels.read-scale", NULL));
  weighed[0] = page, weighed[1] = "0,350 kg";
  g_assert_true (till_iterate_until (weight_reads, weighed));
  till_wait_frames (2);
  g_assert_cmpstr (ocop_label_get_barcode_data (ocop_labels_page_get_label (page)), ==, SQUID_350G_CODE);
  g_assert_cmpstr (scale_emulator_received (scale)->str, ==, "WW");

  scale_emulator_on (scale, 'W', "\x02?\x10\r", -1);   /* nothing on the pan */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "labels.read-scale", NULL));
  zero[0] = page, zero[1] = (gpointer) ocop_scale_status_describe (OCOP_SCALE_ZERO);
  g_assert_true (till_iterate_until (message_says, zero));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (weight_row (page))), ==, "0,350 kg");
}

/* A pack's label scanned on the Labels page picks its product and its
 * weight: another label of the same pack. */
static void
test_scan_pack_on_labels (Fixture       *f,
                          gconstpointer  data)
{
  OcopLabelsPage *page = labels_with (f, SQUID_350G_CODE);
  OcopLabel *label = ocop_labels_page_get_label (page);

  g_assert_cmpstr (ocop_product_get_sku (ocop_labels_page_get_product (page)), ==, "QN-CT-001");
  g_assert_nonnull (label);
  g_assert_cmpstr (ocop_label_get_barcode_data (label), ==, SQUID_350G_CODE);
}

/* At the till the pack goes in as labelled; a misread and an unknown item
 * code add nothing and say so. */
static void
test_scan_pack_at_till (Fixture       *f,
                        gconstpointer  data)
{
  OcopSale *cart = ocop_till_page_get_cart (f->till_page);
  const OcopSaleLine *line;

  till_wait_frames (3);
  g_assert_true (till_scan (f, SQUID_350G_CODE));
  g_assert_cmpuint (ocop_sale_get_n_lines (cart), ==, 1);
  line = ocop_sale_get_line (cart, 0);
  g_assert_cmpstr (line->sku, ==, "QN-CT-001");
  g_assert_true (line->measured);
  g_assert_cmpint (line->quantity, ==, 350);
  g_assert_cmpint (line->amount, ==, 420000);
  g_assert_cmpint (ocop_sale_get_total (cart), ==, 420000);

  /* The same pack twice is two packs, never one line of 0,700 kg at a
   * price no label shows. */
  g_assert_true (till_scan (f, SQUID_350G_CODE));
  g_assert_cmpuint (ocop_sale_get_n_lines (cart), ==, 2);
  g_assert_cmpint (ocop_sale_get_total (cart), ==, 840000);

  g_assert_true (till_scan (f, "2001025003600"));   /* one digit of the weight misread */
  g_assert_nonnull (strstr (ocop_till_page_get_last_message (f->till_page), "scan it again"));
  g_assert_true (till_scan (f, "2099999003503"));   /* item code 99999: no product */
  g_assert_nonnull (strstr (ocop_till_page_get_last_message (f->till_page), "99999"));
  g_assert_cmpuint (ocop_sale_get_n_lines (cart), ==, 2);
}

int
main (int    argc,
      char **argv)
{
  till_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, till_fixture_set_up, func, till_fixture_tear_down)
  ADD ("/weighed-labels/typed-weight", test_typed_weight);
  ADD ("/weighed-labels/bad-weight", test_bad_weight);
  ADD ("/weighed-labels/scan-pack-on-labels", test_scan_pack_on_labels);
  g_test_add ("/weighed-labels/read-scale", Fixture, NULL, till_fixture_set_up, test_read_scale, tear_down);
  ADD ("/weighed-labels/scan-pack-at-till", test_scan_pack_at_till);
#undef ADD

  return g_test_run ();
}
