/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-settings.c: the till's Settings and first run on real widgets and a
 * real store: the booth renamed, cashiers added, re-PINned and deactivated
 * only with a supervisor's name and PIN, checked off the main thread and
 * rate-limited as the till's approvals are, malformed addresses refused with the reason
 * on screen, and a first run that ends in a till showing its VietQR code.
 * Each page is saved as a PNG under the build directory. The demo store has
 * Hùng (supervisor, 9999) and Lan (cashier, 1111). */

#include <adwaita.h>

#include "ocop-payment-dialog.h"
#include "ocop-preferences-window.h"
#include "ocop-settings.h"
#include "ocop-store.h"
#include "ocop-sync-client-state.h"
#include "ocop-today-page.h"
#include "ocop-vietqr.h"
#include "ocop-window.h"
#include "till-test-util.h"

typedef TillFixture Fixture;

static const char * const touched_keys[] = {
  "printer-uri", "hub-url", "scanner", "receipt-width-mm", "bank-bin", "bank-account", "bank-account-name",
  "allow-plain-http",
};

/* Settings live in memory for the whole test program: each test starts
 * from the schema's defaults. */
static void
reset_settings (void)
{
  g_autoptr(GSettings) settings = ocop_settings_new ();

  for (guint i = 0; i < G_N_ELEMENTS (touched_keys); i++)
    g_settings_reset (settings, touched_keys[i]);
}

static void
settings_set_up (Fixture       *f,
                 gconstpointer  data)
{
  reset_settings ();
  till_fixture_set_up (f, data);
}

static OcopPreferencesWindow *
open_settings (Fixture    *f,
               const char *page)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* not ours to free */

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.preferences", NULL);
  till_wait_frames (3);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (OCOP_IS_PREFERENCES_WINDOW (window))
        {
          adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (window), page);
          till_wait_frames (2);
          return OCOP_PREFERENCES_WINDOW (window);
        }
    }
  g_assert_not_reached ();
}

static void
close_settings (OcopPreferencesWindow *prefs)
{
  gtk_window_destroy (GTK_WINDOW (prefs));
  till_wait_frames (2);
}

/* The toast is on screen, not only remembered. */
static void
assert_said (OcopPreferencesWindow *prefs,
             const char            *text)
{
  g_assert_nonnull (ocop_preferences_window_get_last_message (prefs));
  g_assert_nonnull (strstr (ocop_preferences_window_get_last_message (prefs), text));
  till_wait_frames (2);
  g_assert_nonnull (till_find_label (GTK_WIDGET (prefs), text));
}

static void
fill (AdwMessageDialog *dialog,
      const char       *name,
      const char       *text)
{
  GtkWidget *entry = till_find_named (GTK_WIDGET (dialog), name);

  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

static gboolean
approval_done (gpointer prefs)
{
  return !ocop_preferences_window_is_approving (prefs);
}

/* Names @approver ("Hùng 9999": name and PIN) in @dialog, answers
 * @response and waits for the PIN to be checked. */
static void
approve (OcopPreferencesWindow *prefs,
         AdwMessageDialog      *dialog,
         const char            *approver,
         const char            *response)
{
  g_auto(GStrv) name_pin = g_strsplit (approver, " ", 2);

  fill (dialog, "approver-name", name_pin[0]);
  fill (dialog, "approver", name_pin[1]);
  adw_message_dialog_response (dialog, response);
  g_assert_true (till_iterate_until (approval_done, prefs));
  till_wait_frames (3);
}

static void
add_cashier (OcopPreferencesWindow *prefs,
             const char            *name,
             const char            *pin,
             gboolean               supervisor,
             const char            *approver,
             const char            *screenshot)
{
  AdwMessageDialog *dialog;

  gtk_widget_activate_action (GTK_WIDGET (prefs), "prefs.add-cashier", NULL);
  dialog = ocop_preferences_window_get_dialog (prefs);
  g_assert_nonnull (dialog);
  fill (dialog, "name", name);
  fill (dialog, "pin", pin);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (till_find_named (GTK_WIDGET (dialog), "supervisor")), supervisor);
  if (screenshot != NULL)
    g_free (till_screenshot (GTK_WIDGET (dialog), screenshot));
  approve (prefs, dialog, approver, "add");
}

static void
change_pin (OcopPreferencesWindow *prefs,
            const char            *name,
            const char            *pin,
            const char            *approver)
{
  AdwMessageDialog *dialog;

  gtk_widget_activate_action (GTK_WIDGET (prefs), "prefs.change-pin", "s", name);
  dialog = ocop_preferences_window_get_dialog (prefs);
  g_assert_nonnull (dialog);
  fill (dialog, "pin", pin);
  approve (prefs, dialog, approver, "change");
}

static void
deactivate (OcopPreferencesWindow *prefs,
            const char            *name,
            const char            *approver)
{
  AdwMessageDialog *dialog;

  gtk_widget_activate_action (GTK_WIDGET (prefs), "prefs.deactivate", "s", name);
  dialog = ocop_preferences_window_get_dialog (prefs);
  g_assert_nonnull (dialog);
  approve (prefs, dialog, approver, "deactivate");
}

static AdwViewSwitcherTitle *
find_title (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      AdwViewSwitcherTitle *found;

      if (ADW_IS_VIEW_SWITCHER_TITLE (child))
        return ADW_VIEW_SWITCHER_TITLE (child);
      if ((found = find_title (child)) != NULL)
        return found;
    }
  return NULL;
}

static void
test_booth_renamed (Fixture       *f,
                    gconstpointer  data)
{
  OcopPreferencesWindow *prefs = open_settings (f, "booth");
  GtkWidget *root = GTK_WIDGET (prefs);
  AdwViewSwitcherTitle *title = NULL;
  g_autoptr(OcopBooth) before = ocop_store_get_current_booth (f->store, NULL);
  g_autoptr(OcopBooth) after = NULL;
  g_autoptr(OcopBooth) unchanged = NULL;

  g_free (till_screenshot (root, "settings-booth"));
  /* Locked until a supervisor approves. */
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (till_row_titled (root, "Booth name"))));
  gtk_editable_set_text (till_row_titled (root, "Booth name"), "Gian hàng lạ");
  gtk_widget_activate_action (root, "prefs.save-booth", NULL);
  unchanged = ocop_store_get_current_booth (f->store, NULL);
  g_assert_cmpstr (unchanged->name, ==, before->name);
  g_clear_pointer (&unchanged, ocop_booth_free);
  g_assert_true (gtk_widget_activate_action (root, "prefs.unlock-money", NULL));
  approve (prefs, ocop_preferences_window_get_dialog (prefs), "Hùng 9999", "unlock");
  assert_said (prefs, "Unlocked by Hùng");
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (till_row_titled (root, "Booth name"))));
  /* A place that is nowhere: refused by name, the store unchanged. */
  gtk_editable_set_text (till_row_titled (root, "Booth name"), "HTX Chè Đường Hoa");
  gtk_editable_set_text (till_row_titled (root, "Locality (one of Quảng Ninh's 13, or a province)"), "Atlantis");
  gtk_widget_activate_action (root, "prefs.save-booth", NULL);
  assert_said (prefs, "Atlantis");
  unchanged = ocop_store_get_current_booth (f->store, NULL);
  g_assert_cmpstr (unchanged->name, ==, before->name);

  /* Typed the way people type it: kept in its official spelling. */
  gtk_editable_set_text (till_row_titled (root, "Locality (one of Quảng Ninh's 13, or a province)"), "huyen dam ha");
  gtk_widget_activate_action (root, "prefs.save-booth", NULL);
  assert_said (prefs, "Booth saved");
  after = ocop_store_get_current_booth (f->store, NULL);
  g_assert_cmpstr (after->code, ==, before->code);
  g_assert_cmpstr (after->name, ==, "HTX Chè Đường Hoa");
  g_assert_cmpstr (after->locality, ==, "Đầm Hà");
  g_assert_cmpstr (gtk_editable_get_text (till_row_titled (root, "Locality (one of Quảng Ninh's 13, or a province)")),
                   ==, "Đầm Hà");
  /* The till's title says it at once. */
  title = find_title (GTK_WIDGET (f->window));
  g_assert_nonnull (title);
  g_assert_cmpstr (adw_view_switcher_title_get_title (title), ==, "HTX Chè Đường Hoa");
  close_settings (prefs);
}

/* The rounding of weighed lines moves money: locked until a supervisor
 * approves, then kept in the store, where the till's next weighing reads
 * it. */
static void
test_rounding (Fixture       *f,
               gconstpointer  data)
{
  OcopPreferencesWindow *prefs = open_settings (f, "till");
  GtkWidget *root = GTK_WIDGET (prefs);
  AdwComboRow *row = ADW_COMBO_ROW (till_find_named (root, "rounding"));

  g_assert_cmpint (ocop_store_get_rounding (f->store), ==, 1000);
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 3);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (row)));
  g_assert_true (gtk_widget_activate_action (root, "prefs.unlock-money", NULL));
  approve (prefs, ocop_preferences_window_get_dialog (prefs), "Hùng 9999", "unlock");
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (row)));
  adw_combo_row_set_selected (row, 1);
  g_assert_cmpint (ocop_store_get_rounding (f->store), ==, 100);
  close_settings (prefs);

  prefs = open_settings (f, "till");
  row = ADW_COMBO_ROW (till_find_named (GTK_WIDGET (prefs), "rounding"));
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 1);
  close_settings (prefs);
}

static void
test_add_cashier_needs_supervisor (Fixture       *f,
                                   gconstpointer  data)
{
  OcopPreferencesWindow *prefs = open_settings (f, "booth");
  GtkWidget *root = GTK_WIDGET (prefs);
  g_autoptr(GError) error = NULL;

  /* Lan is a cashier: refused, on screen, and Mai is nobody. */
  add_cashier (prefs, "Mai", "2468", FALSE, "Lan 1111", "settings-add-cashier");
  assert_said (prefs, "“Lan” is not a supervisor");
  g_assert_false (ocop_store_log_in (f->store, "Mai", "2468", NULL));
  g_assert_null (till_find_label (root, "Mai"));
  /* Hùng's name with Lan's PIN: a wrong PIN for Hùng. */
  add_cashier (prefs, "Mai", "2468", FALSE, "Hùng 1111", NULL);
  assert_said (prefs, "Wrong PIN for “Hùng”");
  g_assert_null (till_find_label (root, "Mai"));

  add_cashier (prefs, "Mai", "2468", FALSE, "Hùng 9999", NULL);
  assert_said (prefs, "Mai added, approved by Hùng");
  g_assert_true (ocop_store_log_in (f->store, "Mai", "2468", &error));
  g_assert_no_error (error);
  /* Listed, with her role. */
  g_assert_nonnull (till_find_label (root, "Mai"));
  g_free (till_screenshot (root, "settings-cashiers"));
  close_settings (prefs);
}

static void
test_changed_pin_approves_void (Fixture       *f,
                                gconstpointer  data)
{
  OcopPreferencesWindow *prefs = open_settings (f, "booth");
  OcopTodayPage *today;
  AdwMessageDialog *dialog;
  g_autoptr(OcopSale) voided = NULL;
  g_autoptr(GError) error = NULL;

  change_pin (prefs, "Hùng", "2580", "Lan 1111");
  assert_said (prefs, "“Lan” is not a supervisor");
  change_pin (prefs, "Hùng", "2580", "Hùng 9999");
  assert_said (prefs, "New PIN for Hùng, approved by Hùng");
  close_settings (prefs);

  g_assert_true (till_scan (f, "8936000010010"));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "till.pay", NULL);
  gtk_widget_activate_action (GTK_WIDGET (ocop_till_page_get_payment_dialog (f->till_page)),
                              "payment.cash", NULL);
  till_wait_frames (2);
  today = ocop_window_show_today (f->window);
  till_wait_frames (3);

  /* The old PIN approves nothing now; the new one voids the sale. */
  for (guint i = 0; i < 2; i++)
    {
      const char *pins[] = { "9999", "2580" };

      g_assert_true (ocop_today_page_select_receipt (today, 1));
      gtk_widget_activate_action (GTK_WIDGET (today), "today.void", NULL);
      dialog = ocop_today_page_get_dialog (today);
      gtk_editable_set_text (g_object_get_data (G_OBJECT (dialog), "reason"), "nhầm hàng");
      gtk_editable_set_text (g_object_get_data (G_OBJECT (dialog), "pin"), pins[i]);
      adw_message_dialog_response (dialog, "void");
      till_wait_frames (3);
    }
  voided = ocop_store_load_sale (f->store, "#2", &error);
  g_assert_no_error (error);
  g_assert_cmpint (ocop_sale_get_kind (voided), ==, OCOP_SALE_KIND_VOID);
  g_assert_cmpstr (ocop_sale_get_cashier (voided), ==, "Hùng");
}

static void
test_deactivated_pin_refused (Fixture       *f,
                              gconstpointer  data)
{
  OcopPreferencesWindow *prefs = open_settings (f, "booth");
  GtkWidget *root = GTK_WIDGET (prefs);

  add_cashier (prefs, "Thảo", "13579", TRUE, "Hùng 9999", NULL);
  assert_said (prefs, "Thảo added");
  g_assert_true (ocop_store_log_in (f->store, "Lan", "1111", NULL));
  deactivate (prefs, "Lan", "Thảo 13579");
  assert_said (prefs, "Lan deactivated, approved by Thảo");
  g_assert_false (ocop_store_log_in (f->store, "Lan", "1111", NULL));
  /* Still listed: her name is on her receipts. */
  g_assert_nonnull (till_find_label (root, "Deactivated"));

  /* A deactivated supervisor approves nothing. */
  deactivate (prefs, "Thảo", "Hùng 9999");
  assert_said (prefs, "Thảo deactivated");
  add_cashier (prefs, "Bình", "8642", FALSE, "Thảo 13579", NULL);
  assert_said (prefs, "“Thảo” has been deactivated and can no longer approve");
  g_assert_false (ocop_store_log_in (f->store, "Bình", "8642", NULL));

  /* The last supervisor stays. */
  deactivate (prefs, "Hùng", "Hùng 9999");
  assert_said (prefs, "last supervisor");
  g_assert_true (ocop_store_log_in (f->store, "Hùng", "9999", NULL));
  g_free (till_screenshot (root, "settings-cashiers-deactivated"));
  close_settings (prefs);
}

/* Wrong PINs typed in Settings count as at the till: after five for Hùng
 * his right PIN unlocks nothing and adds no cashier for a while, and the
 * till's approvals wait too. */
static void
test_wrong_pins_make_settings_wait (Fixture       *f,
                                    gconstpointer  data)
{
  OcopPreferencesWindow *prefs = open_settings (f, "till");
  GtkWidget *root = GTK_WIDGET (prefs);
  GtkWidget *account = GTK_WIDGET (till_row_titled (root, "Account number"));
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < OCOP_APPROVAL_MAX_FAILURES; i++)
    {
      g_assert_true (gtk_widget_activate_action (root, "prefs.unlock-money", NULL));
      approve (prefs, ocop_preferences_window_get_dialog (prefs), "Hùng 0000", "unlock");
      assert_said (prefs, "Wrong PIN for “Hùng”");
    }
  g_assert_true (gtk_widget_activate_action (root, "prefs.unlock-money", NULL));
  approve (prefs, ocop_preferences_window_get_dialog (prefs), "Hùng 9999", "unlock");
  assert_said (prefs, "Too many wrong PINs for “Hùng”");
  g_assert_false (gtk_widget_get_sensitive (account));
  add_cashier (prefs, "Mai", "2468", FALSE, "Hùng 9999", NULL);
  assert_said (prefs, "Too many wrong PINs for “Hùng”");
  g_assert_false (ocop_store_log_in (f->store, "Mai", "2468", NULL));
  g_assert_null (ocop_store_approve (f->store, "Hùng", "9999", &error));
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_NOT_APPROVED);
  close_settings (prefs);
}

static void
assert_refused (OcopPreferencesWindow *prefs,
                const char            *row_title,
                const char            *action,
                const char            *text,
                const char            *key,
                const char            *kept,
                const char            *message)
{
  g_autoptr(GSettings) settings = ocop_settings_new ();
  g_autofree char *value = NULL;
  GtkEditable *row = till_row_titled (GTK_WIDGET (prefs), row_title);

  gtk_editable_set_text (row, text);
  gtk_widget_activate_action (GTK_WIDGET (prefs), action, NULL);
  assert_said (prefs, message);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "error"));
  value = g_settings_get_string (settings, key);
  g_assert_cmpstr (value, ==, kept);
}

static void
assert_kept (OcopPreferencesWindow *prefs,
             const char            *row_title,
             const char            *action,
             const char            *text,
             const char            *key)
{
  g_autoptr(GSettings) settings = ocop_settings_new ();
  g_autofree char *value = NULL;
  GtkEditable *row = till_row_titled (GTK_WIDGET (prefs), row_title);

  gtk_editable_set_text (row, text);
  gtk_widget_activate_action (GTK_WIDGET (prefs), action, NULL);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (row), "error"));
  value = g_settings_get_string (settings, key);
  g_assert_cmpstr (value, ==, text);
}

static void
test_bad_addresses_refused (Fixture       *f,
                            gconstpointer  data)
{
  OcopPreferencesWindow *prefs = open_settings (f, "devices");
  const char *bad_printers[] = { "usb://04b8", "usb://04b8:0e1", "usb://04b8:0e15/", "tcp://", "tcp://host:9100/x",
                                 "file:", "lp0", "http://printer" };
  const char *bad_hubs[] = { "ftp://hub.example", "https://", "hub.ocop.vn", "https//hub.ocop.vn" };

  g_free (till_screenshot (GTK_WIDGET (prefs), "settings-devices"));
  for (guint i = 0; i < G_N_ELEMENTS (bad_printers); i++)
    assert_refused (prefs, "Printer address", "prefs.set-printer", bad_printers[i], "printer-uri", "",
                    "is not a printer address");
  g_free (till_screenshot (GTK_WIDGET (prefs), "settings-printer-refused"));
  assert_kept (prefs, "Printer address", "prefs.set-printer", "usb://04b8:0e15/J5ABC123", "printer-uri");
  assert_kept (prefs, "Printer address", "prefs.set-printer", "tcp://192.168.1.50:9100", "printer-uri");
  assert_kept (prefs, "Printer address", "prefs.set-printer", "file:/tmp/receipts.bin", "printer-uri");
  /* A typo later does not replace the printer that works. */
  assert_refused (prefs, "Printer address", "prefs.set-printer", "usb:/0416:5011", "printer-uri",
                  "file:/tmp/receipts.bin", "is not a printer address");

  assert_refused (prefs, "Scanner", "prefs.set-scanner", "serial:ttyACM0", "scanner", "keyboard", "is not a scanner");
  assert_kept (prefs, "Scanner", "prefs.set-scanner", "usb://05e0:1200", "scanner");

  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "till");
  till_wait_frames (2);
  g_free (till_screenshot (GTK_WIDGET (prefs), "settings-till"));
  for (guint i = 0; i < G_N_ELEMENTS (bad_hubs); i++)
    assert_refused (prefs, "Hub address (https://…)", "prefs.set-hub", bad_hubs[i], "hub-url", "",
                    "is not a hub address");
  assert_kept (prefs, "Hub address (https://…)", "prefs.set-hub", "https://hub.ocop.quangninh.vn/api", "hub-url");
  /* Empty: no sync, said so. */
  assert_kept (prefs, "Hub address (https://…)", "prefs.set-hub", "", "hub-url");
  assert_said (prefs, "stays offline");
  close_settings (prefs);
}

static void set_row (GtkWidget  *root,
                     const char *title,
                     const char *text);

/* The message of the join that was just asked for, once the hub (or the
 * client) answered. */
static const char *
wait_for_join (OcopPreferencesWindow *prefs)
{
  gint64 until = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (ocop_preferences_window_get_last_message (prefs) == NULL && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  g_assert_nonnull (ocop_preferences_window_get_last_message (prefs));
  till_wait_frames (2);
  return ocop_preferences_window_get_last_message (prefs);
}

/* A switch activated from the keyboard turns at the end of its animation,
 * a few frames later on a loaded machine. */
static void
wait_for_switch (GtkSwitch *toggle,
                 gboolean   active)
{
  gint64 until = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (gtk_switch_get_active (toggle) != active && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (gtk_switch_get_active (toggle) == active);
  till_wait_frames (3);
}

/* Plain http to another computer: off by default, turned on only by the
 * switch (a click on its row), with a warning on screen while it is on;
 * off, joining such a hub is refused before anything is sent, with how to
 * fix it. */
static void
test_plain_http_switch (Fixture       *f,
                        gconstpointer  data)
{
  OcopPreferencesWindow *prefs = open_settings (f, "till");
  g_autoptr(GSettings) settings = ocop_settings_new ();
  GtkWidget *row = till_find_named (GTK_WIDGET (prefs), "hub-plain-http");
  GtkWidget *warning = till_find_named (GTK_WIDGET (prefs), "hub-plain-http-warning");
  GtkSwitch *toggle = GTK_SWITCH (till_find_named (GTK_WIDGET (prefs), "hub-plain-http-switch"));
  g_auto(OcopSyncClientState) state = { 0 };
  const char *outcome;

  g_assert_false (g_settings_get_boolean (settings, "allow-plain-http"));
  g_assert_false (gtk_switch_get_active (toggle));
  g_assert_false (gtk_widget_get_visible (warning));

  /* Joining a plain http hub elsewhere while it is off. */
  set_row (GTK_WIDGET (prefs), "Address of the fair's hub", "http://hub.example.org:8787");
  set_row (GTK_WIDGET (prefs), "One-time code", "ABCD-1234");
  gtk_widget_activate_action (GTK_WIDGET (prefs), "prefs.join-hub", NULL);
  outcome = wait_for_join (prefs);
  g_test_message ("%s", outcome);
  g_assert_nonnull (strstr (outcome, "Allow plain http"));
  g_assert_nonnull (strstr (outcome, "https://"));
  g_assert_nonnull (till_find_label (GTK_WIDGET (prefs), outcome));
  ocop_store_load_sync_state (f->store, &state);
  g_assert_null (state.token);

  /* Turned on as a person does from the keyboard (Space on the switch). */
  g_assert_true (adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row)) == GTK_WIDGET (toggle));
  gtk_widget_activate (GTK_WIDGET (toggle));
  wait_for_switch (toggle, TRUE);
  g_assert_true (g_settings_get_boolean (settings, "allow-plain-http"));
  g_assert_true (gtk_widget_is_visible (warning));
  g_assert_nonnull (till_find_label (GTK_WIDGET (prefs),
                                     "Plain http is on: anyone on the fair's network can read this till's token and "
                                     "sales, and forge the hub's answers"));
  g_free (till_screenshot (GTK_WIDGET (prefs), "settings-plain-http-on"));

  /* And off again: the warning goes with it. */
  gtk_widget_activate (GTK_WIDGET (toggle));
  wait_for_switch (toggle, FALSE);
  g_assert_false (g_settings_get_boolean (settings, "allow-plain-http"));
  g_assert_false (gtk_widget_get_visible (warning));
  close_settings (prefs);
}

static void
set_row (GtkWidget  *root,
         const char *title,
         const char *text)
{
  GtkEditable *row = till_row_titled (root, title);

  g_assert_nonnull (row);
  gtk_editable_set_text (row, text);
}

static AdwComboRow *
combo_titled (GtkWidget  *root,
              const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      AdwComboRow *found;

      if (ADW_IS_COMBO_ROW (child) && g_str_equal (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), title))
        return ADW_COMBO_ROW (child);
      if ((found = combo_titled (child, title)) != NULL)
        return found;
    }
  return NULL;
}

/* One product, as an organizer's catalog would bring it. */
static void
import_one_product (OcopStore *store)
{
  OcopProductInfo info = { "CDH-01", NULL, 0, "Chè Đường Hoa", "HTX Chè Đường Hoa", OCOP_PRODUCER_COOPERATIVE,
                           "Hải Hà", TRUE, "hộp", 180000, 4, "Trà", NULL };
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (products, ocop_product_new (&info));
  g_assert_true (ocop_store_import_products (store, products, &error));
  g_assert_no_error (error);
}

static void
test_first_run_to_vietqr (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ocop-ui-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "new.db", NULL);
  g_autoptr(OcopStore) store = ocop_store_open (path, &error);
  g_autoptr(GSettings) settings = ocop_settings_new ();
  g_autoptr(OcopBooth) booth = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *bin = NULL;
  g_autoptr(OcopApproval) supervisor = NULL;
  OcopWindow *window;
  OcopTillPage *till;
  GtkWidget *root;
  OcopPaymentDialog *dialog;

  reset_settings ();
  window = ocop_window_new (NULL, store);
  till = ocop_window_get_till_page (window);
  root = GTK_WIDGET (window);
  gtk_window_present (GTK_WINDOW (window));
  till_wait_frames (3);
  set_row (root, "Fair", "Hội chợ OCOP Quảng Ninh 2026");
  set_row (root, "Booth code", "QN-17");
  set_row (root, "Booth name", "HTX Chè Đường Hoa");
  set_row (root, "Locality (one of Quảng Ninh's 13, or a province)", "Hải Hà");
  set_row (root, "Supervisor", "Thảo");
  set_row (root, "Supervisor PIN", "4321");
  set_row (root, "Cashier (optional)", "Bình");
  set_row (root, "Cashier PIN", "8642");
  set_row (root, "Bank BIN (6 digits)", "97041");
  set_row (root, "Account number", "0011001932418");
  set_row (root, "Account holder", "HTX CHE DUONG HOA");
  adw_combo_row_set_selected (combo_titled (root, "Paper width"), 0);
  g_free (till_screenshot (root, "first-run-filled"));

  /* A BIN one digit short: refused, and nothing is set up or kept. */
  gtk_widget_activate_action (root, "win.set-up", NULL);
  g_assert_nonnull (strstr (ocop_window_get_last_message (window), "BIN"));
  g_assert_null (ocop_store_get_current_booth (store, NULL));
  bin = g_settings_get_string (settings, "bank-bin");
  g_assert_cmpstr (bin, ==, "");
  g_assert_cmpuint (g_settings_get_uint (settings, "receipt-width-mm"), ==, 80);

  set_row (root, "Bank BIN (6 digits)", "970415");
  gtk_widget_activate_action (root, "win.set-up", NULL);
  booth = ocop_store_get_current_booth (store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (booth->name, ==, "HTX Chè Đường Hoa");
  supervisor = ocop_store_approve (store, "Thảo", "4321", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ocop_approval_get_approver (supervisor), ==, "Thảo");
  g_assert_true (ocop_store_log_in (store, "Bình", "8642", NULL));
  g_assert_cmpuint (g_settings_get_uint (settings, "receipt-width-mm"), ==, 58);
  /* The cashiers set up sign in before the till sells. */
  till_sign_in (window, "Bình", "8642");
  g_assert_cmpstr (ocop_window_get_cashier (window), ==, "Bình");

  /* A usable till: a product sold by transfer shows its VietQR code. */
  import_one_product (store);
  g_assert_true (ocop_till_page_add_code (till, "CDH-01"));
  gtk_widget_activate_action (root, "till.pay", NULL);
  dialog = OCOP_PAYMENT_DIALOG (ocop_till_page_get_payment_dialog (till));
  g_assert_nonnull (dialog);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "payment.tender", "s", "transfer");
  expected = ocop_vietqr_payload ("970415", "0011001932418", 180000, "OCP4QN17000001Z", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ocop_payment_dialog_get_vietqr_payload (dialog), ==, expected);
  g_free (till_screenshot (GTK_WIDGET (dialog), "first-run-transfer"));
  gtk_window_destroy (GTK_WINDOW (dialog));

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

#define ADD(path, func) g_test_add (path, Fixture, NULL, settings_set_up, func, till_fixture_tear_down)
  ADD ("/settings/booth-renamed", test_booth_renamed);
  ADD ("/settings/rounding", test_rounding);
  ADD ("/settings/add-cashier-needs-supervisor", test_add_cashier_needs_supervisor);
  ADD ("/settings/wrong-pins-make-settings-wait", test_wrong_pins_make_settings_wait);
  ADD ("/settings/changed-pin-approves-void", test_changed_pin_approves_void);
  ADD ("/settings/deactivated-pin-refused", test_deactivated_pin_refused);
  ADD ("/settings/bad-addresses-refused", test_bad_addresses_refused);
  ADD ("/settings/plain-http-switch", test_plain_http_switch);
#undef ADD
  g_test_add_func ("/settings/first-run-to-vietqr", test_first_run_to_vietqr);

  return g_test_run ();
}
