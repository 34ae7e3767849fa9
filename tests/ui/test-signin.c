/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-signin.c: cashiers sign in at the till with real keys through the
 * X server (XTEST): a wrong PIN is refused and nothing sells while the till
 * is locked, Ctrl+L switches to the other cashier, each sale is recorded
 * under the cashier signed in, and the Today page shows who took what.
 * The PIN is checked off the main thread: the till keeps running and takes
 * no second PIN meanwhile. The Settings' bank account stays locked until
 * a supervisor approves.
 * Screenshots of the sign-in and the header at 1024×600 and 1366×768. */

#include <adwaita.h>

#include "ocop-application.h"
#include "ocop-preferences-window.h"
#include "ocop-settings.h"
#include "ocop-store.h"
#include "ocop-window.h"
#include "till-test-util.h"
#include "xtest.h"

typedef TillKeysFixture Fixture;

/* Keys reach the till through the X server and GDK's queue: waits up to
 * two seconds for @done. */
static void
press (const char *accelerator)
{
  xtest_press (accelerator);
  till_wait_frames (3);
}

static void
type (const char *text)
{
  xtest_type (text);
  till_wait_frames (3);
}

static gboolean
checked (gpointer page)
{
  return !ocop_signin_page_is_checking (page);
}

/* Enter on the PIN, then the wait for the store's answer. */
static void
submit (Fixture *f)
{
  press ("Return");
  g_assert_true (till_iterate_until (checked, ocop_window_get_signin_page (f->till.window)));
  till_wait_frames (2);
}

static gboolean
locked (Fixture *f)
{
  return gtk_widget_get_mapped (GTK_WIDGET (ocop_window_get_signin_page (f->till.window)));
}

static const char *
header_name (Fixture *f)
{
  GtkWidget *button = till_find_named (GTK_WIDGET (f->till.window), "cashier-button");

  g_assert_true (gtk_widget_get_mapped (button));
  return gtk_label_get_label (till_find_label (button, ocop_window_get_cashier (f->till.window)));
}

/* One product scanned, F12, F1 (cash), F5 (the exact amount), Enter. */
static char *
sell_by_keys (Fixture    *f,
              const char *receipt)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopSale) sale = NULL;
  GtkWindow *dialog;

  g_assert_true (till_weigh (&f->till, "8936000010133", "1"));
  press ("F12");
  dialog = ocop_till_page_get_payment_dialog (f->till.till_page);
  g_assert_nonnull (dialog);
  till_wait_frames (3);
  xtest_focus (dialog);
  for (int i = 0; i < 100 && !gtk_window_is_active (dialog); i++)
    till_wait_frames (1);
  press ("F1");
  press ("F5");
  press ("Return");
  for (int i = 0; i < 100 && ocop_till_page_get_payment_dialog (f->till.till_page) != NULL; i++)
    till_wait_frames (1);
  xtest_focus (GTK_WINDOW (f->till.window));
  till_wait_frames (3);
  sale = ocop_store_load_sale (f->till.store, receipt, &error);
  g_assert_no_error (error);
  return g_strdup (ocop_sale_get_cashier (sale));
}

static void
screenshots (Fixture    *f,
             const char *name)
{
  static const int sizes[][2] = { { 1024, 600 }, { 1366, 768 } };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *file = g_strdup_printf ("%s-%dx%d", name, sizes[i][0], sizes[i][1]);

      gtk_window_set_default_size (GTK_WINDOW (f->till.window), sizes[i][0], sizes[i][1]);
      till_wait_frames (6);
      g_free (till_screenshot (GTK_WIDGET (f->till.window), file));
    }
}

static void
test_switch_and_sell (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *first = NULL, *second = NULL;
  GtkLabel *totals;

  g_assert_cmpstr (header_name (f), ==, "Lan");
  screenshots (f, "signin-header");
  first = sell_by_keys (f, "#1");
  g_assert_cmpstr (first, ==, "Lan");

  /* Ctrl+L locks the till with the other cashier chosen. */
  press ("<Control>l");
  g_assert_true (locked (f));
  g_assert_null (ocop_window_get_cashier (f->till.window));
  g_assert_cmpstr (ocop_signin_page_get_chosen (ocop_window_get_signin_page (f->till.window)), ==, "Hùng");
  screenshots (f, "signin");

  /* A wrong PIN: refused by name, still locked, and a scan sells nothing. */
  type ("1234");
  submit (f);
  g_assert_nonnull (strstr (ocop_signin_page_get_error (ocop_window_get_signin_page (f->till.window)),
                            "Wrong PIN for “Hùng”"));
  g_assert_true (locked (f));
  till_scan (&f->till, "8936000010133");
  g_assert_cmpuint (ocop_sale_get_n_lines (ocop_till_page_get_cart (f->till.till_page)), ==, 0);
  press ("F12");
  g_assert_null (ocop_till_page_get_payment_dialog (f->till.till_page));
  g_free (till_screenshot (GTK_WIDGET (f->till.window), "signin-wrong-pin"));

  /* Hùng's PIN switches; his sale is his. */
  type ("9999");
  submit (f);
  g_assert_false (locked (f));
  g_assert_cmpstr (ocop_window_get_cashier (f->till.window), ==, "Hùng");
  g_assert_cmpstr (header_name (f), ==, "Hùng");
  second = sell_by_keys (f, "#2");
  g_assert_cmpstr (second, ==, "Hùng");

  /* The Today page says who took what. */
  ocop_window_show_today (f->till.window);
  till_wait_frames (3);
  totals = till_find_label (GTK_WIDGET (f->till.window), "Lan 45.000 ₫ (1)");
  g_assert_nonnull (totals);
  g_assert_nonnull (strstr (gtk_label_get_label (totals), "Hùng 45.000 ₫ (1)"));
}

static gboolean
approval_done (gpointer prefs)
{
  return !ocop_preferences_window_is_approving (prefs);
}

/* Opens the unlock dialog with a tap, gives @name, types @pin and Enter
 * as a person would, and returns what the Settings said. */
static const char *
unlock_by_keys (OcopPreferencesWindow *prefs,
                const char            *name,
                const char            *pin)
{
  AdwMessageDialog *dialog;

  xtest_focus (GTK_WINDOW (prefs));
  till_wait_frames (3);
  xtest_click (till_find_named (GTK_WIDGET (prefs), "unlock-bank"));
  till_wait_frames (3);
  dialog = ocop_preferences_window_get_dialog (prefs);
  g_assert_nonnull (dialog);
  xtest_focus (GTK_WINDOW (dialog));
  for (int i = 0; i < 100 && !gtk_window_is_active (GTK_WINDOW (dialog)); i++)
    till_wait_frames (1);
  /* The name is filled in (the first supervisor) or corrected; the PIN
   * is typed. */
  gtk_editable_set_text (GTK_EDITABLE (till_find_named (GTK_WIDGET (dialog), "approver-name")), name);
  xtest_click (till_find_named (GTK_WIDGET (dialog), "approver"));
  type (pin);
  press ("Return");
  for (int i = 0; i < 100 && ocop_preferences_window_get_dialog (prefs) != NULL; i++)
    till_wait_frames (1);
  g_assert_true (till_iterate_until (approval_done, prefs));
  till_wait_frames (2);
  return ocop_preferences_window_get_last_message (prefs);
}

/* Whoever is signed in, the account customers pay into changes only once
 * a supervisor has approved: a cashier's PIN unlocks nothing. */
static void
test_bank_account_locked (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GSettings) settings = ocop_settings_new ();
  OcopPreferencesWindow *prefs = ocop_preferences_window_new (GTK_WINDOW (f->till.window), f->till.store, settings);
  GtkWidget *account;

  gtk_window_present (GTK_WINDOW (prefs));
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "till");
  till_wait_frames (3);
  account = GTK_WIDGET (till_row_titled (GTK_WIDGET (prefs), "Account number"));
  g_assert_false (gtk_widget_get_sensitive (account));
  g_free (till_screenshot (GTK_WIDGET (prefs), "settings-bank-locked"));

  g_assert_nonnull (strstr (unlock_by_keys (prefs, "Lan", "1111"), "not a supervisor"));
  g_assert_false (gtk_widget_get_sensitive (account));
  g_assert_nonnull (strstr (unlock_by_keys (prefs, "Hùng", "9999"), "Unlocked by Hùng"));
  g_assert_true (gtk_widget_get_sensitive (account));
  g_free (till_screenshot (GTK_WIDGET (prefs), "settings-bank-unlocked"));
  gtk_window_destroy (GTK_WINDOW (prefs));
  till_wait_frames (2);
}

typedef struct {
  OcopSigninPage *page;
  guint           idles_while_checking;
  guint           ticks_while_checking;
} Watch;

static gboolean
idle_cb (gpointer data)
{
  Watch *watch = data;

  watch->idles_while_checking += ocop_signin_page_is_checking (watch->page);
  return G_SOURCE_REMOVE;
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       data)
{
  Watch *watch = data;

  watch->ticks_while_checking += ocop_signin_page_is_checking (watch->page);
  return G_SOURCE_CONTINUE;
}

/* Enter starts the check and returns at once: the main loop runs (an idle
 * queued after Enter runs before the answer), the page says it is
 * checking, and a second PIN meanwhile, the right one, is not taken. */
static void
test_responsive_while_checking (Fixture       *f,
                                gconstpointer  data)
{
  OcopSigninPage *page = ocop_window_get_signin_page (f->till.window);
  GtkWidget *pin = till_find_named (GTK_WIDGET (page), "signin-pin");
  GtkWidget *button = till_find_named (GTK_WIDGET (page), "signin-button");
  Watch watch = { page, 0, 0 };
  guint tick;

  press ("<Control>l");
  g_assert_true (locked (f));
  tick = gtk_widget_add_tick_callback (GTK_WIDGET (f->till.window), tick_cb, &watch, NULL);
  gtk_editable_set_text (GTK_EDITABLE (pin), "1234");
  g_signal_emit_by_name (pin, "activate");
  g_assert_true (ocop_signin_page_is_checking (page));
  g_idle_add_full (G_PRIORITY_HIGH, idle_cb, &watch, NULL);

  /* Hùng's right PIN while the wrong one is checked (no main loop turn
   * between the two: the first cannot have been answered): not taken. */
  gtk_editable_set_text (GTK_EDITABLE (pin), "9999");
  g_signal_emit_by_name (pin, "activate");
  g_signal_emit_by_name (button, "clicked");
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (pin)));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Checking the PIN…");
  g_free (till_screenshot (GTK_WIDGET (f->till.window), "signin-checking"));
  g_assert_true (till_iterate_until (checked, page));
  gtk_widget_remove_tick_callback (GTK_WIDGET (f->till.window), tick);
  g_test_message ("%u idles and %u frames while the PIN was checked", watch.idles_while_checking,
                  watch.ticks_while_checking);
  g_assert_cmpuint (watch.idles_while_checking, ==, 1);
  g_assert_nonnull (strstr (ocop_signin_page_get_error (page), "Wrong PIN for “Hùng”"));
  g_assert_true (gtk_widget_get_sensitive (button));
  g_assert_true (locked (f));
}

/* A booth with no cashiers sells as before, and the header says why. */
static void
test_no_cashiers (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ocop-ui-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "till.db", NULL);
  g_autoptr(OcopStore) store = ocop_store_open (path, &error);
  OcopWindow *window;
  GtkWidget *button;

  OcopFair fair = { .name = (char *) "Hội chợ OCOP", .time_zone = (char *) OCOP_FAIR_TIME_ZONE };
  OcopBooth stall = { .code = (char *) "QN-01", .name = (char *) "HTX Ba Chẽ", .locality = (char *) "Ba Chẽ" };

  g_assert_no_error (error);
  g_assert_true (ocop_store_set_fair (store, &fair, &error));
  g_assert_true (ocop_store_add_booth (store, &stall, &error));
  g_assert_true (ocop_store_set_current_booth (store, "QN-01", &error));
  g_assert_no_error (error);
  window = ocop_window_new (NULL, store);
  gtk_window_present (GTK_WINDOW (window));
  till_wait_frames (3);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (ocop_window_get_signin_page (window))));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (ocop_window_get_till_page (window))));
  button = till_find_named (GTK_WIDGET (window), "cashier-button");
  g_assert_nonnull (till_find_label (button, "No sign-in"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (button), "no cashiers"));
  gtk_window_destroy (GTK_WINDOW (window));
  till_wait_frames (2);
  g_clear_object (&store);
  till_remove_store (path, dir);
}

int
main (int    argc,
      char **argv)
{
  till_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, till_keys_fixture_set_up, func, till_keys_fixture_tear_down)
  ADD ("/signin/switch-and-sell", test_switch_and_sell);
  ADD ("/signin/bank-account-locked", test_bank_account_locked);
  ADD ("/signin/responsive-while-checking", test_responsive_while_checking);
  g_test_add_func ("/signin/no-cashiers", test_no_cashiers);

  return g_test_run ();
}
