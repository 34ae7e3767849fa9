/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-device-settings.c: the Vietnamese till's device settings: the
 * scanner is chosen from a list whose entries read as words ("keyboard"
 * never shows raw), and the printer's and scanner's addresses wait under
 * "Advanced" expanders, still working when typed there. */

#include "ocop-preferences-window.h"
#include "ocop-settings.h"
#include "till-test-util.h"

typedef TillFixture Fixture;

static void
assert_scanner_setting (GSettings  *settings,
                        const char *expected)
{
  g_autofree char *value = g_settings_get_string (settings, "scanner");

  g_assert_cmpstr (value, ==, expected);
}

static const char *
chosen_scanner (OcopPreferencesWindow *prefs)
{
  AdwComboRow *row = ADW_COMBO_ROW (till_find_named (GTK_WIDGET (prefs), "scanner-choice"));

  return gtk_string_object_get_string (GTK_STRING_OBJECT (adw_combo_row_get_selected_item (row)));
}

/* The address row titled @title sits in a closed expander. */
static GtkEditable *
advanced_row (OcopPreferencesWindow *prefs,
              const char            *title)
{
  GtkEditable *row = till_row_titled (GTK_WIDGET (prefs), title);
  GtkWidget *expander;

  g_assert_nonnull (row);
  expander = gtk_widget_get_ancestor (GTK_WIDGET (row), ADW_TYPE_EXPANDER_ROW);
  g_assert_nonnull (expander);
  g_assert_false (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (expander)));
  g_assert_true (g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (expander)), "Nâng cao: "));
  return row;
}

static void
screenshot_at (OcopPreferencesWindow *prefs,
               int                    width,
               int                    height,
               const char            *name)
{
  gtk_window_set_default_size (GTK_WINDOW (prefs), width, height);
  till_wait_frames (15);
  g_free (till_screenshot (GTK_WIDGET (prefs), name));
}

static void
test_scanner_list_and_advanced (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GSettings) settings = ocop_settings_new ();
  OcopPreferencesWindow *prefs = ocop_preferences_window_new (GTK_WINDOW (f->window), f->store, settings);
  GtkEditable *scanner_address;

  gtk_window_present (GTK_WINDOW (prefs));
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "devices");
  till_wait_frames (3);

  /* The default setting "keyboard", as a cashier reads it. */
  assert_scanner_setting (settings, "keyboard");
  g_assert_cmpstr (chosen_scanner (prefs), ==, "Máy quét kiểu bàn phím");
  g_assert_nonnull (advanced_row (prefs, "Địa chỉ máy in"));
  scanner_address = advanced_row (prefs, "Máy quét");
  screenshot_at (prefs, 1024, 600, "settings-devices-1024x600");
  screenshot_at (prefs, 1366, 768, "settings-devices-1366x768");

  /* An address typed under Advanced is kept and joins the list, chosen. */
  gtk_editable_set_text (scanner_address, "usb://05e0:1200");
  gtk_widget_activate_action (GTK_WIDGET (prefs), "prefs.set-scanner", NULL);
  assert_scanner_setting (settings, "usb://05e0:1200");
  g_assert_cmpstr (chosen_scanner (prefs), ==, "usb://05e0:1200");

  /* Choosing from the list is the setting: back to the keyboard. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (till_find_named (GTK_WIDGET (prefs), "scanner-choice")), 0);
  assert_scanner_setting (settings, "keyboard");
  g_assert_cmpstr (gtk_editable_get_text (scanner_address), ==, "keyboard");
  g_assert_cmpstr (chosen_scanner (prefs), ==, "Máy quét kiểu bàn phím");
  gtk_window_destroy (GTK_WINDOW (prefs));
}

int
main (int    argc,
      char **argv)
{
  till_test_init_as_main (&argc, &argv);

  g_test_add ("/device-settings/scanner-list-and-advanced", Fixture, NULL, till_fixture_set_up,
              test_scanner_list_and_advanced, till_fixture_tear_down_devices);
  return g_test_run ();
}
