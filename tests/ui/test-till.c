/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-till.c: the real till window on a fresh demo store, driven as a
 * cashier would: scanner bursts, an unknown code, quantity keys, cash with
 * change, a split payment, and a restart that restores the open cart. Each
 * screen is saved as a PNG under the build directory for people to see. */

#include <adwaita.h>
#include <glib/gstdio.h>

#include "ocop-demo.h"
#include "ocop-money.h"
#include "ocop-payment-dialog.h"
#include "ocop-settings.h"
#include "ocop-store.h"
#include "ocop-vietqr.h"
#include "ocop-window.h"

typedef struct {
  char       *dir;
  OcopStore  *store;
  OcopWindow *window;
  gint64      clock_us;
} Fixture;

static void
wait_frames (int n)
{
  for (int i = 0; i < n; i++)
    {
      gint64 until = g_get_monotonic_time () + 20000;
      while (g_get_monotonic_time () < until)
        g_main_context_iteration (NULL, FALSE);
    }
}

/* Renders @widget as the screen shows it and saves it for inspection. */
static char *
screenshot (GtkWidget  *widget,
            const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                           "screenshots", NULL);
  g_autofree char *path = NULL;
  int width, height;

  wait_frames (5);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 0);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_mkdir_with_parents (dir, 0755);
  path = g_strdup_printf ("%s/%s.png", dir, name);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
  return g_steal_pointer (&path);
}

static void
remove_store (const char *path,
              const char *dir)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_remove (file);
    }
  g_rmdir (dir);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("ocop-ui-XXXXXX", &error);
  path = g_build_filename (f->dir, "till.db", NULL);
  f->store = ocop_store_open (path, &error);
  g_assert_no_error (error);
  ocop_demo_create (f->store, NULL, &error);
  g_assert_no_error (error);
  f->window = ocop_window_new (NULL, f->store);
  gtk_window_present (GTK_WINDOW (f->window));
  f->clock_us = g_get_monotonic_time ();
  wait_frames (3);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = g_strdup (ocop_store_get_path (f->store));

  gtk_window_destroy (GTK_WINDOW (f->window));
  wait_frames (2);
  g_clear_object (&f->store);
  remove_store (path, f->dir);
  g_free (f->dir);
}

/* A keyboard-wedge scanner: every key 4 ms after the last, then Enter. */
static gboolean
scan (Fixture    *f,
      const char *code)
{
  gboolean consumed = FALSE;

  f->clock_us += 500000;   /* half a second since the last key */
  for (const char *p = code; *p; p++)
    {
      f->clock_us += 4000;
      ocop_window_handle_key (f->window, gdk_unicode_to_keyval (*p), f->clock_us);
    }
  f->clock_us += 4000;
  consumed = ocop_window_handle_key (f->window, GDK_KEY_Return, f->clock_us);
  wait_frames (1);
  return consumed;
}

static gint64
store_int (Fixture    *f,
           const char *what)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopSale) cart = ocop_store_load_cart (f->store, &error);

  g_assert_no_error (error);
  if (g_str_equal (what, "lines"))
    return cart ? ocop_sale_get_n_lines (cart) : 0;
  return cart ? ocop_sale_get_total (cart) : 0;
}

static const char *
label_text (GtkWidget  *root,
            const char *css_class)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      const char *found;

      if (GTK_IS_LABEL (child) && gtk_widget_has_css_class (child, css_class))
        return gtk_label_get_label (GTK_LABEL (child));
      if ((found = label_text (child, css_class)) != NULL)
        return found;
    }
  return NULL;
}

static void
test_scan_and_pay_cash (Fixture       *f,
                        gconstpointer  data)
{
  OcopSale *cart;
  GtkWindow *dialog;
  g_autoptr(OcopSale) recorded = NULL;
  g_autoptr(GError) error = NULL;

  g_free (screenshot (GTK_WIDGET (f->window), "till-empty"));

  /* Three products scanned; the tea twice. */
  g_assert_true (scan (f, "8936000010010"));   /* Trà hoa vàng Ba Chẽ, 650.000 ₫ */
  g_assert_true (scan (f, "8936000010010"));
  g_assert_true (scan (f, "dt-gom-01"));       /* an internal code, Shift dropped */
  g_assert_true (scan (f, "8936000010133"));   /* Gạo nếp cái hoa vàng, 45.000 ₫ */
  cart = ocop_window_get_cart (f->window);
  g_assert_cmpuint (ocop_sale_get_n_lines (cart), ==, 3);
  g_assert_cmpint (ocop_sale_get_line (cart, 0)->quantity, ==, 2);
  g_assert_cmpint (ocop_sale_get_total (cart), ==, 2 * 650000 + 320000 + 45000);
  /* On screen, and already safe in the store. */
  g_assert_cmpstr (label_text (GTK_WIDGET (f->window), "total"), ==, "1.665.000 ₫");
  g_assert_cmpint (store_int (f, "lines"), ==, 3);

  /* An unknown code adds nothing and says which code. */
  g_assert_true (scan (f, "8939999999991"));
  g_assert_cmpuint (ocop_sale_get_n_lines (cart), ==, 3);
  g_assert_nonnull (strstr (ocop_window_get_last_message (f->window), "8939999999991"));
  g_free (screenshot (GTK_WIDGET (f->window), "till-cart"));

  /* A misread (wrong check digit) is told apart from an unknown code. */
  g_assert_true (scan (f, "8936000010011"));
  g_assert_cmpuint (ocop_sale_get_n_lines (cart), ==, 3);
  g_assert_nonnull (strstr (ocop_window_get_last_message (f->window), "Misread barcode 8936000010011"));

  /* One more rice with the quantity key, on the selected (last) line. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.increase", NULL);
  g_assert_cmpint (ocop_sale_get_line (cart, 2)->quantity, ==, 2);
  g_assert_cmpint (store_int (f, "total"), ==, 1710000);

  /* Pay cash with two 1.000.000 ₫ notes: 290.000 ₫ change. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.pay", NULL);
  dialog = ocop_window_get_payment_dialog (f->window);
  g_assert_nonnull (dialog);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "payment.tendered", "x", (gint64) 500000);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "payment.tendered", "x", (gint64) 2000000);
  g_assert_cmpstr (label_text (GTK_WIDGET (dialog), "change-due"), ==, "Change: 290.000 ₫");
  g_free (screenshot (GTK_WIDGET (dialog), "payment-cash"));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "payment.cash", NULL);
  wait_frames (2);

  /* Recorded before anything else, and the cart is empty again. */
  g_assert_null (ocop_window_get_payment_dialog (f->window));
  recorded = ocop_store_load_sale (f->store, "#1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (ocop_sale_get_total (recorded), ==, 1710000);
  g_assert_cmpint (ocop_sale_get_change (recorded), ==, 290000);
  g_assert_cmpuint (ocop_sale_get_n_lines (ocop_window_get_cart (f->window)), ==, 0);
  g_assert_cmpint (store_int (f, "lines"), ==, 0);
  g_assert_nonnull (strstr (ocop_window_get_last_message (f->window), "#1"));
  g_free (screenshot (GTK_WIDGET (f->window), "till-after-sale"));
}

static void
test_split_payment (Fixture       *f,
                    gconstpointer  data)
{
  GtkWindow *dialog;
  g_autoptr(OcopSale) recorded = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (scan (f, "8936000010072"));   /* a 2.500.000 ₫ pearl */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.pay", NULL);
  dialog = ocop_window_get_payment_dialog (f->window);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "payment.tendered", "x", (gint64) 500000);
  g_assert_nonnull (strstr (label_text (GTK_WIDGET (dialog), "change-due"), "2.000.000 ₫"));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "payment.transfer", NULL);
  wait_frames (2);

  recorded = ocop_store_load_sale (f->store, "#1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ocop_sale_get_n_payments (recorded), ==, 2);
  g_assert_cmpint (ocop_sale_get_payment (recorded, 0)->method, ==, OCOP_PAYMENT_CASH);
  g_assert_cmpint (ocop_sale_get_payment (recorded, 0)->amount, ==, 500000);
  g_assert_cmpint (ocop_sale_get_payment (recorded, 1)->method, ==, OCOP_PAYMENT_TRANSFER);
  g_assert_cmpint (ocop_sale_get_payment (recorded, 1)->amount, ==, ocop_sale_get_total (recorded) - 500000);
}

/* What a customer's banking app reads from the screen. */
static char *
decode_qr (const char *png)
{
  const char *argv[] = { "zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", png, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_strdup (g_strchomp (out));
}

static void
test_pay_by_transfer_vietqr (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GSettings) settings = ocop_settings_new ();
  g_autoptr(OcopSale) recorded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *expected_rest = NULL;
  g_autofree char *png = NULL;
  g_autofree char *read_back = NULL;
  OcopPaymentDialog *dialog;

  g_settings_set_string (settings, "bank-bin", "970415");
  g_settings_set_string (settings, "bank-account", "0011001932418");
  g_settings_set_string (settings, "bank-account-name", "HTX BA CHE");

  g_assert_true (scan (f, "8936000010010"));   /* 650.000 ₫ */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.pay", NULL);
  dialog = OCOP_PAYMENT_DIALOG (ocop_window_get_payment_dialog (f->window));

  /* The exact amount, with the receipt number it will get as the note. */
  expected = ocop_vietqr_payload ("970415", "0011001932418", 650000, "QN-01 #1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ocop_payment_dialog_get_vietqr_payload (dialog), ==, expected);
  png = screenshot (GTK_WIDGET (dialog), "payment-transfer");
  if (g_find_program_in_path ("zbarimg") != NULL)
    {
      read_back = decode_qr (png);
      g_assert_cmpstr (read_back, ==, expected);
    }
  else
    g_test_message ("zbarimg not installed: the QR on screen was not decoded");

  /* 500.000 ₫ in cash first: the code asks for the rest. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "payment.tendered", "x", (gint64) 500000);
  expected_rest = ocop_vietqr_payload ("970415", "0011001932418", 150000, "QN-01 #1", &error);
  g_assert_cmpstr (ocop_payment_dialog_get_vietqr_payload (dialog), ==, expected_rest);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "payment.exact", NULL);

  gtk_widget_activate_action (GTK_WIDGET (dialog), "payment.transfer", NULL);
  wait_frames (2);
  recorded = ocop_store_load_sale (f->store, "#1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ocop_sale_get_n_payments (recorded), ==, 1);
  g_assert_cmpint (ocop_sale_get_payment (recorded, 0)->method, ==, OCOP_PAYMENT_TRANSFER);
  g_assert_cmpint (ocop_sale_get_payment (recorded, 0)->amount, ==, 650000);
}

static void
void_with_pin (OcopTodayPage *today,
               const char    *reason,
               const char    *pin)
{
  AdwMessageDialog *dialog;

  gtk_widget_activate_action (GTK_WIDGET (today), "today.void", NULL);
  dialog = ocop_today_page_get_dialog (today);
  g_assert_nonnull (dialog);
  gtk_editable_set_text (GTK_EDITABLE (g_object_get_data (G_OBJECT (dialog), "reason")), reason);
  gtk_editable_set_text (GTK_EDITABLE (g_object_get_data (G_OBJECT (dialog), "pin")), pin);
  adw_message_dialog_response (dialog, "void");
  wait_frames (2);
}

static void
pay_exact_cash (Fixture *f)
{
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.pay", NULL);
  gtk_widget_activate_action (GTK_WIDGET (ocop_window_get_payment_dialog (f->window)), "payment.cash", NULL);
  wait_frames (2);
}

/* The cart's rows as the cashier reads them, top to bottom:
 * "title | subtitle | amount". */
static void
collect_action_rows (GtkWidget *root,
                     GPtrArray *rows)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    if (ADW_IS_ACTION_ROW (child))
      g_ptr_array_add (rows, g_strdup_printf ("%s | %s | %s",
                                              adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)),
                                              adw_action_row_get_subtitle (ADW_ACTION_ROW (child)),
                                              label_text (child, "cart-amount")));
    else
      collect_action_rows (child, rows);
}

static GtkWidget *
widget_with_class (GtkWidget  *root,
                   const char *css_class)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (gtk_widget_has_css_class (child, css_class))
        return child;
      if ((found = widget_with_class (child, css_class)) != NULL)
        return found;
    }
  return NULL;
}

static char *
cart_on_screen (Fixture *f)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);

  wait_frames (1);
  collect_action_rows (widget_with_class (GTK_WIDGET (f->window), "cart"), rows);
  g_ptr_array_add (rows, NULL);
  return g_strjoinv ("\n", (char **) rows->pdata);
}

/* The rows are updated in place on each change (not rebuilt): whatever the
 * changes, the screen shows exactly the cart's lines, in order. */
static void
test_cart_rows_follow_the_cart (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *one = NULL, *three = NULL, *more = NULL, *removed = NULL, *paid = NULL;
  GtkWindow *dialog;

  g_assert_true (scan (f, "8936000010010"));
  one = cart_on_screen (f);
  g_assert_cmpstr (one, ==, "Trà hoa vàng Ba Chẽ | 1 hộp × 650.000 ₫ | 650.000 ₫");

  g_assert_true (scan (f, "dt-gom-01"));
  g_assert_true (scan (f, "8936000010133"));
  g_assert_true (scan (f, "8936000010010"));
  three = cart_on_screen (f);
  g_assert_cmpstr (three, ==,
                   "Trà hoa vàng Ba Chẽ | 2 hộp × 650.000 ₫ | 1.300.000 ₫\n"
                   "Gốm Đông Triều - bình hoa | 1 chiếc × 320.000 ₫ | 320.000 ₫\n"
                   "Gạo nếp cái hoa vàng Đông Triều | 1 kg × 45.000 ₫ | 45.000 ₫");

  /* The quantity keys act on the selected line: the last one added, the rice. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.increase", NULL);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.increase", NULL);
  more = cart_on_screen (f);
  g_assert_cmpstr (more, ==,
                   "Trà hoa vàng Ba Chẽ | 2 hộp × 650.000 ₫ | 1.300.000 ₫\n"
                   "Gốm Đông Triều - bình hoa | 1 chiếc × 320.000 ₫ | 320.000 ₫\n"
                   "Gạo nếp cái hoa vàng Đông Triều | 3 kg × 45.000 ₫ | 135.000 ₫");

  /* Removing a line leaves no stale row behind. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.remove-line", NULL);
  removed = cart_on_screen (f);
  g_assert_cmpstr (removed, ==,
                   "Trà hoa vàng Ba Chẽ | 2 hộp × 650.000 ₫ | 1.300.000 ₫\n"
                   "Gốm Đông Triều - bình hoa | 1 chiếc × 320.000 ₫ | 320.000 ₫");
  g_assert_cmpstr (label_text (GTK_WIDGET (f->window), "total"), ==, "1.620.000 ₫");

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.pay", NULL);
  dialog = ocop_window_get_payment_dialog (f->window);
  g_assert_nonnull (dialog);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "payment.cash", NULL);
  wait_frames (2);
  paid = cart_on_screen (f);
  g_assert_cmpstr (paid, ==, "");
}

static GtkWidget *
widget_of_type (GtkWidget *root,
                GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      if ((found = widget_of_type (child, type)) != NULL)
        return found;
    }
  return NULL;
}

/* The names of the products the grid holds, in order, one per line. */
static char *
grid_names (OcopWindow *window)
{
  GListModel *model = G_LIST_MODEL (gtk_grid_view_get_model (GTK_GRID_VIEW (widget_of_type (GTK_WIDGET (window),
                                                                                          GTK_TYPE_GRID_VIEW))));
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(OcopProduct) product = g_list_model_get_item (model, i);

      g_string_append_printf (names, "%s\n", ocop_product_get_name (product));
    }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

/* A booth with 250 more products than the demo: "Sản phẩm thử 000" … */
static void
add_test_products (Fixture *f)
{
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < 250; i++)
    {
      g_autofree char *sku = g_strdup_printf ("T-%03d", i);
      g_autofree char *name = g_strdup_printf ("Sản phẩm thử %03d", i);
      OcopProductInfo info = {
        .sku = sku, .name = name, .producer = "HTX Thử", .producer_kind = 2, .locality = "Hạ Long",
        .in_province = TRUE, .unit = "gói", .price_vnd = 10000, .category = "Thử",
      };

      g_ptr_array_add (products, ocop_product_new (&info));
    }
  ocop_store_import_products (f->store, products, &error);
  g_assert_no_error (error);
}

/* On a big catalog the grid is filled in two steps around the first frame;
 * a moment later it holds the same 200 products (at most) in the same
 * order as the catalog lists them, and a search made before the first frame
 * is not overwritten by the rest of the start-up list. */
static void
test_grid_filled_after_start (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = NULL, *searched = NULL;
  GtkWidget *entry;

  add_test_products (f);
  listed = ocop_store_list_products_limited (f->store, 200, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 200);
  for (guint i = 0; i < listed->len; i++)
    g_string_append_printf (expected, "%s\n", ocop_product_get_name (listed->pdata[i]));

  gtk_window_destroy (GTK_WINDOW (f->window));
  f->window = ocop_window_new (NULL, f->store);
  gtk_window_present (GTK_WINDOW (f->window));
  wait_frames (3);
  shown = grid_names (f->window);
  g_assert_cmpstr (shown, ==, expected->str);

  gtk_window_destroy (GTK_WINDOW (f->window));
  f->window = ocop_window_new (NULL, f->store);
  entry = widget_of_type (GTK_WIDGET (f->window), GTK_TYPE_SEARCH_ENTRY);
  gtk_editable_set_text (GTK_EDITABLE (entry), "tra hoa vang");
  g_signal_emit_by_name (entry, "search-changed");
  gtk_window_present (GTK_WINDOW (f->window));
  wait_frames (3);
  searched = grid_names (f->window);
  g_assert_cmpstr (searched, ==, "Trà hoa vàng Ba Chẽ\nTrà hoa vàng Ba Chẽ túi lọc\nTrà hoa vàng Quy Hoa\n");
}

static void
test_void_and_close_day (Fixture       *f,
                         gconstpointer  data)
{
  OcopTodayPage *today;
  g_autoptr(OcopSale) voided = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *state = NULL;
  g_autofree char *day = ocop_store_business_day_of (f->store, ocop_store_now_us (f->store));
  AdwMessageDialog *dialog;

  g_assert_true (scan (f, "8936000010010"));   /* #1: 650.000 ₫ */
  pay_exact_cash (f);
  g_assert_true (scan (f, "8936000010133"));   /* #2: 45.000 ₫ */
  pay_exact_cash (f);

  today = ocop_window_show_today (f->window);
  wait_frames (2);
  g_assert_nonnull (strstr (ocop_today_page_get_totals (today), "2 sales"));
  g_assert_nonnull (strstr (ocop_today_page_get_totals (today), "695.000 ₫"));
  g_assert_true (ocop_today_page_select_receipt (today, 1));

  /* A cashier's PIN does not approve a void. */
  void_with_pin (today, "khách đổi ý", "1111");
  g_assert_cmpint (ocop_store_outbox_last_seq (f->store), ==, 3);   /* day open + 2 sales */
  g_assert_cmpint (ocop_store_outbox_last_seq (f->store), ==, 3);

  /* The supervisor's does; the sale stays and a void record reverses it. */
  g_assert_true (ocop_today_page_select_receipt (today, 1));
  void_with_pin (today, "khách đổi ý", "9999");
  voided = ocop_store_load_sale (f->store, "#3", &error);
  g_assert_no_error (error);
  g_assert_cmpint (ocop_sale_get_kind (voided), ==, OCOP_SALE_KIND_VOID);
  g_assert_cmpstr (ocop_sale_get_cashier (voided), ==, "Hùng");
  g_assert_cmpstr (ocop_sale_get_reason (voided), ==, "khách đổi ý");
  g_assert_nonnull (strstr (ocop_today_page_get_totals (today), "45.000 ₫"));
  g_free (screenshot (GTK_WIDGET (f->window), "today"));

  /* Close the day: the Z report shows, and the day cannot close again. */
  gtk_widget_activate_action (GTK_WIDGET (today), "today.close-day", NULL);
  dialog = ocop_today_page_get_dialog (today);
  adw_message_dialog_response (dialog, "close-day");
  wait_frames (3);
  state = ocop_store_get_day_state (f->store, day, &error);
  g_assert_cmpstr (state, ==, "closed");
  dialog = ocop_today_page_get_dialog (today);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Z report");
  g_free (screenshot (GTK_WIDGET (dialog), "z-report"));
  /* The action is disabled: no second confirmation opens. */
  gtk_widget_activate_action (GTK_WIDGET (today), "today.close-day", NULL);
  wait_frames (1);
  g_assert_true (ocop_today_page_get_dialog (today) == dialog);
  g_assert_nonnull (strstr (ocop_today_page_get_totals (today), "closed"));
  adw_message_dialog_response (dialog, "close");
  wait_frames (2);
}

/* The entry row with @title, anywhere under @root. */
static GtkEditable *
row_titled (GtkWidget  *root,
            const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkEditable *found;

      if (ADW_IS_ENTRY_ROW (child) &&
          g_str_equal (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), title))
        return GTK_EDITABLE (child);
      if ((found = row_titled (child, title)) != NULL)
        return found;
    }
  return NULL;
}

static void
test_first_run_set_up (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ocop-ui-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "new.db", NULL);
  g_autoptr(OcopStore) store = ocop_store_open (path, &error);
  OcopWindow *window = ocop_window_new (NULL, store);
  GtkWidget *root = GTK_WIDGET (window);
  g_autoptr(OcopBooth) booth = NULL;
  g_autofree char *supervisor = NULL;

  gtk_window_present (GTK_WINDOW (window));
  wait_frames (3);
  g_free (screenshot (root, "first-run"));
  gtk_editable_set_text (row_titled (root, "Fair"), "Hội chợ OCOP Quảng Ninh 2026");
  gtk_editable_set_text (row_titled (root, "Booth code"), "QN-17");
  gtk_editable_set_text (row_titled (root, "Booth name"), "HTX Chè Đường Hoa");
  gtk_editable_set_text (row_titled (root, "Locality (one of Quảng Ninh's 13, or a province)"), "Atlantis");
  gtk_editable_set_text (row_titled (root, "Supervisor"), "Thảo");
  gtk_editable_set_text (row_titled (root, "Supervisor PIN"), "4321");

  /* A place that is nowhere: refused by name, still on the form. */
  gtk_widget_activate_action (root, "win.set-up", NULL);
  g_assert_nonnull (strstr (ocop_window_get_last_message (window), "Atlantis"));
  g_assert_null (ocop_store_get_current_booth (store, NULL));

  gtk_editable_set_text (row_titled (root, "Locality (one of Quảng Ninh's 13, or a province)"), "Hải Hà");
  gtk_widget_activate_action (root, "win.set-up", NULL);
  booth = ocop_store_get_current_booth (store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (booth->code, ==, "QN-17");
  g_assert_cmpstr (booth->locality, ==, "Hải Hà");
  supervisor = ocop_store_check_supervisor_pin (store, "4321", &error);
  g_assert_cmpstr (supervisor, ==, "Thảo");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (row_titled (root, "Fair"))) == FALSE ||
                 !gtk_widget_get_mapped (GTK_WIDGET (row_titled (root, "Fair"))));

  gtk_window_destroy (GTK_WINDOW (window));
  wait_frames (2);
  g_clear_object (&store);
  remove_store (path, dir);
}

static void
test_typing_is_not_scanning (Fixture       *f,
                             gconstpointer  data)
{
  /* A person types a barcode at 90 ms a key: that is search, not a scan. */
  const char *code = "8936000010010";

  for (const char *p = code; *p; p++)
    {
      f->clock_us += 90000;
      g_assert_false (ocop_window_handle_key (f->window, gdk_unicode_to_keyval (*p), f->clock_us));
    }
  f->clock_us += 90000;
  g_assert_false (ocop_window_handle_key (f->window, GDK_KEY_Return, f->clock_us));
  g_assert_cmpuint (ocop_sale_get_n_lines (ocop_window_get_cart (f->window)), ==, 0);
}

static void
test_cart_restored_after_crash (Fixture       *f,
                                gconstpointer  data)
{
  OcopWindow *again;

  g_assert_true (scan (f, "8936000010010"));
  g_assert_true (scan (f, "8936000010133"));
  /* The till dies; a new one opens on the same store. */
  gtk_window_destroy (GTK_WINDOW (f->window));
  wait_frames (2);
  again = ocop_window_new (NULL, f->store);
  f->window = again;
  gtk_window_present (GTK_WINDOW (again));
  wait_frames (3);
  g_assert_cmpuint (ocop_sale_get_n_lines (ocop_window_get_cart (again)), ==, 2);
  g_assert_cmpstr (label_text (GTK_WIDGET (again), "total"), ==, "695.000 ₫");
  g_assert_nonnull (strstr (ocop_window_get_last_message (again), "restored"));
  g_free (screenshot (GTK_WIDGET (again), "till-restored"));
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  /* Settings live in memory: the tests never touch the desktop's. */
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* The application loads its style sheet itself; these windows have none. */
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    ocop_ui_register_resources ();
    gtk_css_provider_load_from_resource (css, "/vn/ocop/Pos/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/till/scan-and-pay-cash", test_scan_and_pay_cash);
  ADD ("/till/split-payment", test_split_payment);
  ADD ("/till/pay-by-transfer-vietqr", test_pay_by_transfer_vietqr);
  ADD ("/till/typing-is-not-scanning", test_typing_is_not_scanning);
  ADD ("/till/cart-rows-follow-the-cart", test_cart_rows_follow_the_cart);
  ADD ("/till/grid-filled-after-start", test_grid_filled_after_start);
  ADD ("/till/void-and-close-day", test_void_and_close_day);
  ADD ("/till/cart-restored-after-crash", test_cart_restored_after_crash);
#undef ADD
  g_test_add_func ("/till/first-run-set-up", test_first_run_set_up);

  return g_test_run ();
}
