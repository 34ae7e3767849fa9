/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cart.c: the cart at a busy counter, with real keys and taps through
 * the X server (XTEST): parking and recalling across a restart, Clear with
 * Undo, a line's discount on the line, one tap to edit, touch targets, a
 * bad scan's message that stays, the last sale kept on screen, and the
 * scan sounds. Screenshots at 1024×600 and 1366×768. */

#include <adwaita.h>

#include "ocop-application.h"
#include "ocop-money.h"
#include "ocop-settings.h"
#include "ocop-store.h"
#include "ocop-till-page.h"
#include "ocop-window.h"
#include "till-test-util.h"
#include "xtest.h"

typedef TillKeysFixture Fixture;

/* At the smallest screen the till supports. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  till_keys_fixture_set_up (f, data);
  gtk_window_set_default_size (GTK_WINDOW (f->till.window), 1024, 600);
  till_wait_frames (3);
}

/* Keys and taps reach GTK through the X server: waits up to two seconds
 * for @done. */
#define WAIT_FOR(done) G_STMT_START { \
    for (int i_ = 0; i_ < 100 && !(done); i_++) till_wait_frames (1); \
  } G_STMT_END

static guint
n_lines (Fixture *f)
{
  return ocop_sale_get_n_lines (ocop_till_page_get_cart (f->till.till_page));
}

static GtkWidget *
named (Fixture    *f,
       const char *name)
{
  GtkWidget *widget = till_find_named (GTK_WIDGET (f->till.window), name);

  g_assert_nonnull (widget);
  return widget;
}

static guint
n_parked (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) parked = ocop_store_list_parked_carts (f->till.store, &error);

  g_assert_no_error (error);
  return parked->len;
}

static void
screenshots (Fixture    *f,
             const char *what)
{
  till_screenshots_at_booth_sizes (GTK_WINDOW (f->till.window), what);
}

/* A new till window on the same store, as after a restart. */
static void
restart (Fixture *f)
{
  gtk_window_destroy (GTK_WINDOW (f->till.window));
  till_wait_frames (2);
  f->till.window = ocop_window_new (NULL, f->till.store);
  f->till.till_page = ocop_window_get_till_page (f->till.window);
  gtk_window_set_default_size (GTK_WINDOW (f->till.window), 1024, 600);
  gtk_window_set_application (GTK_WINDOW (f->till.window), GTK_APPLICATION (f->app));
  gtk_window_present (GTK_WINDOW (f->till.window));
  till_wait_frames (3);
  /* A new window opens on the sign-in page, as the till does. */
  till_sign_in (f->till.window, "Lan", "1111");
  xtest_focus (GTK_WINDOW (f->till.window));
  till_wait_frames (3);
}

/* F6 parks the first customer's cart; the second is served meanwhile; F7
 * and Enter take the first back (parking the second in its place); after
 * a restart the count is still there and a tap on the list recalls. */
static void
test_park_and_recall (Fixture       *f,
                      gconstpointer  data)
{
  GtkWidget *parked = named (f, "parked");
  GtkListBox *list = GTK_LIST_BOX (named (f, "parked-list"));

  g_assert_false (gtk_widget_get_visible (parked));
  g_assert_true (till_scan (&f->till, "8936000010010"));   /* 650.000 ₫ */
  g_assert_true (till_weigh (&f->till, "8936000010133", "1"));   /*  45.000 ₫ */
  xtest_press ("F6");
  WAIT_FOR (n_lines (f) == 0);
  g_assert_cmpuint (n_lines (f), ==, 0);
  g_assert_cmpuint (n_parked (f), ==, 1);
  g_assert_true (gtk_widget_get_visible (parked));
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (parked)), ==, "Parked (1)");

  /* The second customer. */
  g_assert_true (till_scan (&f->till, "dt-gom-01"));       /* 320.000 ₫ */
  screenshots (f, "till-parked");

  xtest_press ("F7");
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (list)));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (list)));
  xtest_press ("Return");
  WAIT_FOR (n_lines (f) == 2);
  g_assert_cmpuint (n_lines (f), ==, 2);
  g_assert_cmpint (ocop_sale_get_total (ocop_till_page_get_cart (f->till.till_page)), ==, 695000);
  /* The second customer's cart waits in its place. */
  g_assert_cmpuint (n_parked (f), ==, 1);
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (parked)), ==, "Parked (1)");
  WAIT_FOR (!gtk_widget_get_mapped (GTK_WIDGET (list)));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (list)));
  till_wait_frames (3);
  xtest_press ("F6");
  WAIT_FOR (n_parked (f) == 2);
  g_assert_cmpuint (n_parked (f), ==, 2);

  restart (f);
  parked = named (f, "parked");
  list = GTK_LIST_BOX (named (f, "parked-list"));
  g_assert_cmpuint (n_lines (f), ==, 0);
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (parked)), ==, "Parked (2)");
  xtest_click (parked);
  WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (list)));
  till_wait_frames (5);
  /* Oldest first: the second customer's, parked when the first came back. */
  xtest_click (GTK_WIDGET (gtk_list_box_get_row_at_index (list, 0)));
  WAIT_FOR (n_lines (f) == 1);
  g_assert_cmpuint (n_lines (f), ==, 1);
  g_assert_cmpint (ocop_sale_get_total (ocop_till_page_get_cart (f->till.till_page)), ==, 320000);
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (parked)), ==, "Parked (1)");
  /* Nothing parked is a sale. */
  g_assert_null (ocop_store_load_sale (f->till.store, "#1", NULL));
}

/* The toast's button: a mapped button that activates till.undo-clear
 * (the gate page has an Undo of its own). */
static GtkWidget *
undo_button (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && gtk_widget_get_mapped (child) &&
          g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), "till.undo-clear") == 0)
        return child;
      if ((found = undo_button (child)) != NULL)
        return found;
    }
  return NULL;
}

/* Ctrl+Shift+Delete empties the cart (and the store's copy); the toast's
 * Undo, tapped, brings every line back. */
static void
test_clear_and_undo (Fixture       *f,
                     gconstpointer  data)
{
  GtkWidget *undo;
  g_autoptr(OcopSale) saved = NULL;

  g_assert_true (till_scan (&f->till, "8936000010010"));
  g_assert_true (till_weigh (&f->till, "8936000010133", "2"));
  xtest_press ("<Control><Shift>Delete");
  WAIT_FOR (n_lines (f) == 0);
  g_assert_cmpuint (n_lines (f), ==, 0);
  g_assert_null (ocop_store_load_cart (f->till.store, NULL));
  g_assert_cmpstr (ocop_till_page_get_last_message (f->till.till_page), ==, "Cart cleared");

  WAIT_FOR ((undo = undo_button (GTK_WIDGET (f->till.window))) != NULL && gtk_widget_get_mapped (undo));
  g_assert_nonnull (undo);
  till_wait_frames (15);   /* the toast slides in */
  xtest_click (undo);
  WAIT_FOR (n_lines (f) == 2);
  g_assert_cmpuint (n_lines (f), ==, 2);
  g_assert_cmpint (ocop_sale_get_line (ocop_till_page_get_cart (f->till.till_page), 1)->quantity, ==, 2000);
  g_assert_true (ocop_sale_get_line (ocop_till_page_get_cart (f->till.till_page), 1)->measured);
  g_assert_cmpstr (till_label_text (GTK_WIDGET (f->till.window), "total"), ==, "740.000 ₫");
  saved = ocop_store_load_cart (f->till.store, NULL);
  g_assert_nonnull (saved);
  g_assert_cmpint (ocop_sale_get_total (saved), ==, 740000);
}

/* One tap on a line opens its editor; the discount typed there shows on
 * the line. */
static void
test_tap_edits_and_discount_shows (Fixture       *f,
                                   gconstpointer  data)
{
  GtkWidget *row;
  AdwMessageDialog *dialog;
  GtkWidget *discount;

  g_assert_true (till_scan (&f->till, "8936000010010"));
  g_assert_true (till_weigh (&f->till, "8936000010133", "1"));
  g_assert_null (till_find_label (GTK_WIDGET (f->till.window), "Discount"));
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (named (f, "cart-list")), 0));
  xtest_click (row);
  WAIT_FOR (ocop_till_page_get_line_dialog (f->till.till_page) != NULL);
  dialog = ocop_till_page_get_line_dialog (f->till.till_page);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Trà hoa vàng Ba Chẽ");
  xtest_focus (GTK_WINDOW (dialog));
  WAIT_FOR (gtk_window_is_active (GTK_WINDOW (dialog)));
  discount = till_find_named (GTK_WIDGET (dialog), "discount");
  gtk_widget_grab_focus (discount);
  gtk_editable_set_text (GTK_EDITABLE (discount), "50.000");
  till_wait_frames (3);
  xtest_press ("Return");
  WAIT_FOR (ocop_sale_get_line (ocop_till_page_get_cart (f->till.till_page), 0)->discount == 50000);
  g_assert_cmpint (ocop_sale_get_line (ocop_till_page_get_cart (f->till.till_page), 0)->discount, ==, 50000);
  till_wait_frames (3);
  {
    GtkLabel *shown = till_find_label (GTK_WIDGET (f->till.window), "Discount −50.000 ₫");

    g_assert_nonnull (shown);
    g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (shown)));
    g_assert_true (gtk_widget_is_ancestor (GTK_WIDGET (shown), row));
  }
  g_assert_cmpstr (till_label_text (GTK_WIDGET (f->till.window), "total"), ==, "645.000 ₫");
}

static void
assert_buttons_at_least (GtkWidget  *root,
                         int         size,
                         const char *where)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      /* The window's own controls are the window manager's business. */
      if (!gtk_widget_get_mapped (child) || GTK_IS_WINDOW_CONTROLS (child))
        continue;
      if (GTK_IS_BUTTON (child))
        {
          g_test_message ("%s: %s \"%s\" %d×%d", where, G_OBJECT_TYPE_NAME (child),
                          gtk_widget_get_tooltip_text (child) ? gtk_widget_get_tooltip_text (child) : "",
                          gtk_widget_get_width (child), gtk_widget_get_height (child));
          g_assert_cmpint (gtk_widget_get_width (child), >=, size);
          g_assert_cmpint (gtk_widget_get_height (child), >=, size);
        }
      assert_buttons_at_least (child, size, where);
    }
}

/* Every button of the cart and of the payment dialog's tenders is at
 * least 44 px each way, as allocated at 1024×600. */
static void
test_touch_targets (Fixture       *f,
                    gconstpointer  data)
{
  GtkWindow *dialog;

  g_assert_true (till_scan (&f->till, "8936000010010"));
  xtest_press ("F6");
  WAIT_FOR (n_parked (f) == 1);
  g_assert_true (till_scan (&f->till, "8936000010133"));    /* the weighing panel's buttons too */
  g_assert_true (till_scan (&f->till, "8939999999991"));    /* the problem's Dismiss too */
  till_wait_frames (5);
  g_assert_true (gtk_widget_get_mapped (named (f, "parked")));
  g_assert_true (gtk_widget_get_mapped (named (f, "scan-problem")));
  g_assert_true (gtk_widget_get_mapped (named (f, "weigh-panel")));
  assert_buttons_at_least (named (f, "cart"), 44, "cart");
  gtk_editable_set_text (GTK_EDITABLE (named (f, "weight-entry")), "1");
  gtk_widget_activate_action (named (f, "weigh-panel"), "weigh.confirm", NULL);
  WAIT_FOR (n_lines (f) == 1);
  g_assert_cmpuint (n_lines (f), ==, 1);

  xtest_press ("F12");
  WAIT_FOR (ocop_till_page_get_payment_dialog (f->till.till_page) != NULL);
  dialog = ocop_till_page_get_payment_dialog (f->till.till_page);
  g_assert_nonnull (dialog);
  till_wait_frames (5);
  assert_buttons_at_least (till_find_named (GTK_WIDGET (dialog), "cash-tender")
                             ? gtk_widget_get_parent (till_find_named (GTK_WIDGET (dialog), "cash-tender"))
                             : NULL, 44, "tenders");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "payment.tender", "s", "cash");
  till_wait_frames (5);
  assert_buttons_at_least (gtk_window_get_child (dialog), 44, "cash payment");
  gtk_window_destroy (dialog);
  till_wait_frames (2);
}

/* An unknown code stays on screen after another toast has come, flashed,
 * until the next scan; that scan flashes its line. The search field the
 * scan came into flashes too, and reads to assistive tools as invalid,
 * with the reason, until the next good scan. */
static void
test_bad_scan_stays (Fixture       *f,
                     gconstpointer  data)
{
  GtkWidget *problem = named (f, "scan-problem");
  GtkWidget *field = named (f, "search");
  GtkWidget *row;

  g_assert_true (till_scan (&f->till, "8936000010010"));
  g_assert_false (gtk_widget_has_css_class (field, "flash-bad"));
  gtk_test_accessible_assert_state (field, GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_FALSE);
  g_assert_true (till_scan (&f->till, "8939999999991"));
  g_assert_cmpuint (n_lines (f), ==, 1);
  g_assert_true (gtk_widget_get_visible (problem));
  g_assert_true (gtk_widget_has_css_class (problem, "flash-bad"));
  g_assert_true (gtk_widget_has_css_class (field, "flash-bad"));
  gtk_test_accessible_assert_state (field, GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE);
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));
  gtk_test_accessible_assert_role (problem, GTK_ACCESSIBLE_ROLE_ALERT);
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (named (f, "scan-problem-label"))), "8939999999991"));
  /* Another message comes (the cart parked): the problem is still shown. */
  xtest_press ("F6");
  WAIT_FOR (n_lines (f) == 0);
  g_assert_cmpstr (ocop_till_page_get_last_message (f->till.till_page), !=, NULL);
  g_assert_null (strstr (ocop_till_page_get_last_message (f->till.till_page), "8939999999991"));
  till_wait_frames (60);   /* past the flash */
  g_assert_true (gtk_widget_get_mapped (problem));
  g_assert_false (gtk_widget_has_css_class (problem, "flash-bad"));
  g_assert_false (gtk_widget_has_css_class (field, "flash-bad"));
  g_free (till_screenshot (GTK_WIDGET (f->till.window), "till-bad-scan-1024x600"));

  /* The next scan clears it and flashes the line it added. */
  g_assert_true (till_weigh (&f->till, "8936000010133", "1"));
  g_assert_false (gtk_widget_get_visible (problem));
  gtk_test_accessible_assert_state (field, GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_FALSE);
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (named (f, "cart-list")), 0));
  g_assert_true (gtk_widget_has_css_class (row, "flash-added"));

  /* Dismissed by a tap. */
  g_assert_true (till_scan (&f->till, "8936000010011"));
  g_assert_true (gtk_widget_get_visible (problem));
  till_wait_frames (5);
  xtest_click (gtk_widget_get_last_child (problem));
  WAIT_FOR (!gtk_widget_get_visible (problem));
  g_assert_false (gtk_widget_get_visible (problem));
}

/* After payment the total and the change stay in the cart column; the
 * next scan clears them. */
static void
test_last_sale_kept (Fixture       *f,
                     gconstpointer  data)
{
  GtkWidget *last = named (f, "last-sale");
  GtkWindow *dialog;

  g_assert_false (gtk_widget_get_visible (last));
  g_assert_true (till_scan (&f->till, "8936000010010"));
  g_assert_true (till_scan (&f->till, "dt-gom-01"));
  xtest_press ("F12");
  WAIT_FOR (ocop_till_page_get_payment_dialog (f->till.till_page) != NULL);
  dialog = ocop_till_page_get_payment_dialog (f->till.till_page);
  g_assert_nonnull (dialog);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "payment.tender", "s", "cash");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "payment.tendered", "x", (gint64) 1000000);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "payment.cash", NULL);
  WAIT_FOR (ocop_till_page_get_payment_dialog (f->till.till_page) == NULL);
  till_wait_frames (3);
  g_assert_true (gtk_widget_get_mapped (last));
  g_assert_nonnull (till_find_label (last, "Last sale #1: 970.000 ₫"));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (named (f, "last-sale-change"))), ==, "Change 30.000 ₫");
  /* Still there after another toast. */
  xtest_press ("F6");   /* nothing to park: no toast, and no change */
  till_wait_frames (10);
  g_assert_true (gtk_widget_get_mapped (last));
  screenshots (f, "till-last-sale");

  g_assert_true (till_scan (&f->till, "8936000010133"));
  g_assert_false (gtk_widget_get_visible (last));
}

/* The sound to play after a good and a bad scan: two different bundled
 * sounds, none when the setting is off. */
static void
test_scan_sounds (void)
{
  g_autoptr(GSettings) settings = ocop_settings_new ();
  g_autoptr(GBytes) good = NULL;
  g_autoptr(GBytes) bad = NULL;

  g_assert_true (g_settings_get_boolean (settings, "scan-sounds"));
  g_assert_cmpstr (ocop_till_page_feedback_sound (settings, TRUE), ==, OCOP_TILL_SOUND_GOOD);
  g_assert_cmpstr (ocop_till_page_feedback_sound (settings, FALSE), ==, OCOP_TILL_SOUND_BAD);
  good = g_resources_lookup_data (OCOP_TILL_SOUND_GOOD, 0, NULL);
  bad = g_resources_lookup_data (OCOP_TILL_SOUND_BAD, 0, NULL);
  g_assert_nonnull (good);
  g_assert_nonnull (bad);
  g_assert_cmpuint (g_bytes_get_size (good), >, 1000);
  g_assert_false (g_bytes_equal (good, bad));
  g_assert_true (memcmp (g_bytes_get_data (good, NULL), "RIFF", 4) == 0);

  g_settings_set_boolean (settings, "scan-sounds", FALSE);
  g_assert_null (ocop_till_page_feedback_sound (settings, TRUE));
  g_assert_null (ocop_till_page_feedback_sound (settings, FALSE));
  g_settings_reset (settings, "scan-sounds");
}

/* The switch in Settings turns the sounds off. */
static void
test_sound_switch (Fixture       *f,
                   gconstpointer  data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* not ours to free */
  g_autoptr(GSettings) settings = ocop_settings_new ();
  GtkWidget *toggle = NULL;

  gtk_widget_activate_action (GTK_WIDGET (f->till.window), "win.preferences", NULL);
  till_wait_frames (3);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && toggle == NULL; i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_PREFERENCES_WINDOW (window) && (toggle = till_find_named (window, "scan-sounds-switch")) != NULL)
        {
          adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (window),
                                                   ADW_PREFERENCES_PAGE (gtk_widget_get_ancestor (toggle,
                                                                                                 ADW_TYPE_PREFERENCES_PAGE)));
          xtest_focus (GTK_WINDOW (window));
        }
    }
  g_assert_nonnull (toggle);
  till_wait_frames (5);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (toggle)));
  g_assert_nonnull (ocop_till_page_feedback_sound (settings, TRUE));
  /* As Space on the focused switch does (the row may be scrolled out of
   * a small window, where a click would miss it). */
  gtk_widget_activate (toggle);
  WAIT_FOR (!g_settings_get_boolean (settings, "scan-sounds"));
  g_assert_false (g_settings_get_boolean (settings, "scan-sounds"));
  g_assert_null (ocop_till_page_feedback_sound (settings, FALSE));
  g_settings_reset (settings, "scan-sounds");
}

int
main (int    argc,
      char **argv)
{
  till_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, till_keys_fixture_tear_down)
  ADD ("/cart/park-and-recall", test_park_and_recall);
  ADD ("/cart/clear-and-undo", test_clear_and_undo);
  ADD ("/cart/tap-edits-and-discount-shows", test_tap_edits_and_discount_shows);
  ADD ("/cart/touch-targets", test_touch_targets);
  ADD ("/cart/bad-scan-stays", test_bad_scan_stays);
  ADD ("/cart/last-sale-kept", test_last_sale_kept);
  ADD ("/cart/sound-switch", test_sound_switch);
#undef ADD
  g_test_add_func ("/cart/scan-sounds", test_scan_sounds);

  return g_test_run ();
}
