/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-scale-settings.c: the Vietnamese till with a scale played on a pty:
 * Settings' Scale group shows the port and protocol of the scale-uri
 * setting, makes the setting from them, and "Read now" shows what the
 * scale says; the status bar shows the scale beside the printer and
 * scanner, only on a till that has one, and says when it stops answering. */

#include "ocop-preferences-window.h"
#include "ocop-settings.h"
#include "scale-emulator.h"
#include "till-test-util.h"

typedef TillFixture Fixture;

static const char *
named_label (GtkWidget  *root,
             const char *name)
{
  return gtk_label_get_label (GTK_LABEL (till_find_named (root, name)));
}

static const char *
read_result (OcopPreferencesWindow *prefs)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (till_find_named (GTK_WIDGET (prefs), "scale-read")));
}

static gboolean
read_done (gpointer data)
{
  const char *result = read_result (data);

  return result != NULL && !g_str_equal (result, "Đang đọc…");
}

static const char *
chosen (OcopPreferencesWindow *prefs,
        const char            *row_name)
{
  AdwComboRow *row = ADW_COMBO_ROW (till_find_named (GTK_WIDGET (prefs), row_name));

  return gtk_string_object_get_string (GTK_STRING_OBJECT (adw_combo_row_get_selected_item (row)));
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
test_settings_read_now (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(ScaleEmulator) scale = scale_emulator_new ();
  g_autofree char *uri = scale_emulator_uri (scale, "mettler-8217");
  g_autofree char *path = g_strndup (uri + 7, strchr (uri, '?') - uri - 7);
  g_autofree char *continuous = NULL;
  g_autofree char *setting = NULL;
  g_autoptr(GSettings) settings = ocop_settings_new ();
  OcopPreferencesWindow *prefs = NULL;
  GtkWidget *scrolled;

  /* No scale: nothing about one in the status bar. */
  g_assert_false (gtk_widget_get_visible (till_find_named (GTK_WIDGET (f->window), "scale-status")));

  g_settings_set_string (settings, "scale-uri", uri);
  g_assert_true (gtk_widget_get_visible (till_find_named (GTK_WIDGET (f->window), "scale-status")));
  g_assert_cmpstr (named_label (GTK_WIDGET (f->window), "scale-status"), ==, "Cân: sẵn sàng");

  prefs = ocop_preferences_window_new (GTK_WINDOW (f->window), f->store, settings);
  gtk_window_present (GTK_WINDOW (prefs));
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "devices");
  till_wait_frames (3);
  g_assert_cmpstr (chosen (prefs, "scale-port"), ==, path);
  g_assert_cmpstr (chosen (prefs, "scale-protocol"), ==, "Mettler Toledo 8217 (hỏi cân mỗi lần cần số cân)");

  /* Read now: the weight and that it is stable, as the scale said. */
  scale_emulator_on (scale, 'W', "\x02" "0.350\r", -1);
  gtk_widget_activate_action (GTK_WIDGET (till_find_named (GTK_WIDGET (prefs), "scale-read")), "scale.read", NULL);
  g_assert_true (till_iterate_until (read_done, prefs));
  g_assert_cmpstr (read_result (prefs), ==, "350 g — Cân đã ổn định");
  scrolled = gtk_widget_get_ancestor (till_find_named (GTK_WIDGET (prefs), "scale-read"), GTK_TYPE_SCROLLED_WINDOW);
  screenshot_at (prefs, 1024, 600, "settings-scale-1024x600");
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)),
                            gtk_adjustment_get_upper (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled))));
  screenshot_at (prefs, 1024, 600, "settings-scale-bottom-1024x600");
  screenshot_at (prefs, 1366, 768, "settings-scale-1366x768");

  /* And the reason when there is no weight. */
  scale_emulator_on (scale, 'W', "\x02?\x22\r", -1);
  gtk_widget_activate_action (GTK_WIDGET (till_find_named (GTK_WIDGET (prefs), "scale-read")), "scale.read", NULL);
  g_assert_true (till_iterate_until (read_done, prefs));
  g_assert_cmpstr (read_result (prefs), ==, "Quá nặng so với sức cân: hãy bớt hàng ra");

  /* Another protocol is another setting, on the same port. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (till_find_named (GTK_WIDGET (prefs), "scale-protocol")), 1);
  setting = g_settings_get_string (settings, "scale-uri");
  continuous = g_strdup_printf ("serial:%s?protocol=continuous", path);
  g_assert_cmpstr (setting, ==, continuous);
  g_clear_pointer (&setting, g_free);

  /* No scale: the setting is empty and the status bar says nothing of one. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (till_find_named (GTK_WIDGET (prefs), "scale-port")), 0);
  setting = g_settings_get_string (settings, "scale-uri");
  g_assert_cmpstr (setting, ==, "");
  g_assert_cmpstr (chosen (prefs, "scale-port"), ==, "Không có cân (gõ số cân bằng tay)");
  g_assert_false (gtk_widget_get_visible (till_find_named (GTK_WIDGET (f->window), "scale-status")));
  gtk_window_destroy (GTK_WINDOW (prefs));
}

static gboolean
scale_gone (gpointer data)
{
  Fixture *f = data;

  return g_str_has_prefix (named_label (GTK_WIDGET (f->window), "scale-status"), "Cân: Cân không trả lời");
}

static gboolean
scale_ready (gpointer data)
{
  Fixture *f = data;

  return g_str_equal (named_label (GTK_WIDGET (f->window), "scale-status"), "Cân: sẵn sàng");
}

/* The status bar says when the scale stops answering, and when it is back. */
static void
test_status_bar (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(ScaleEmulator) scale = scale_emulator_new ();
  g_autofree char *uri = scale_emulator_uri (scale, "mettler-8217");
  g_autoptr(GSettings) settings = ocop_settings_new ();
  OcopDevices *devices = ocop_window_get_devices (f->window);

  g_settings_set_string (settings, "scale-uri", uri);
  g_assert_nonnull (ocop_devices_get_scale (devices));
  ocop_scale_request (ocop_devices_get_scale (devices));
  g_assert_true (till_iterate_until (scale_gone, f));
  till_wait_frames (3);
  g_free (till_screenshot (GTK_WIDGET (f->window), "status-bar-scale-gone"));
  scale_emulator_on (scale, 'W', "\x02" "1.000\r", -1);
  ocop_scale_request (ocop_devices_get_scale (devices));
  g_assert_true (till_iterate_until (scale_ready, f));
  g_settings_reset (settings, "scale-uri");
  g_assert_null (ocop_devices_get_scale (devices));
}

int
main (int    argc,
      char **argv)
{
  till_test_init_as_main (&argc, &argv);

  g_test_add ("/scale-settings/read-now", Fixture, NULL, till_fixture_set_up,
              test_settings_read_now, till_fixture_tear_down_devices);
  g_test_add ("/scale-settings/status-bar", Fixture, NULL, till_fixture_set_up,
              test_status_bar, till_fixture_tear_down_devices);
  return g_test_run ();
}
