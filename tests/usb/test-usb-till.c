/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-usb-till.c: the Vietnamese till under Xvfb with an emulated USB
 * receipt printer: out of paper, the banner says so in Vietnamese and
 * "Print again" prints once a roll is in; Settings lists the printer
 * plugged in by name, and "Use" makes it the receipt printer. */

#include "ocop-preferences-window.h"
#include "ocop-settings.h"
#include "till-test-util.h"
#include "usb-mock.h"

typedef TillFixture Fixture;

static const UsbMockPrinterSpec xprinter = {
  .vendor_id = 0x0416, .product_id = 0x5011,
  .manufacturer = "Printer", .product = "POS58 Printer USB",
  .device_id = "MFG:Xprinter;MDL:XP-58IIH;CMD:ESC/POS;CLS:PRINTER;",
};

static const char *
named_label (GtkWidget  *root,
             const char *name)
{
  return gtk_label_get_label (GTK_LABEL (till_find_named (root, name)));
}

static gboolean
banner_says_paper_out (gpointer data)
{
  GtkWidget *reason = till_find_named (GTK_WIDGET (((Fixture *) data)->window), "printer-banner-reason");
  GtkWidget *revealer = gtk_widget_get_ancestor (reason, GTK_TYPE_REVEALER);

  return gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)) &&
         g_str_equal (gtk_label_get_label (GTK_LABEL (reason)), "Máy in hóa đơn hết giấy. Lắp cuộn giấy mới rồi bấm In lại.");
}

static gboolean
queue_empty (gpointer data)
{
  return ocop_store_count_print_jobs (((Fixture *) data)->store) == 0;
}

static void
test_paper_out_banner (Fixture       *f,
                       gconstpointer  data)
{
  UsbMock *mock = usb_mock_new ();
  UsbMockDevice *device = usb_mock_add_printer (mock, &xprinter);
  g_autoptr(GSettings) settings = ocop_settings_new ();
  g_autoptr(GBytes) printed = NULL;
  GtkWidget *reason;

  usb_mock_device_set_paper_out (device, TRUE);
  g_settings_set_string (settings, "printer-uri", "usb://0416:5011");
  g_assert_true (till_scan (f, "8936000010010"));
  till_pay_exact_cash (f);
  g_assert_true (till_iterate_until (banner_says_paper_out, f));
  g_assert_cmpstr (named_label (GTK_WIDGET (f->window), "printer-status"), ==,
                   "Máy in: 1 hóa đơn đang chờ — hết giấy");
  g_free (till_screenshot (GTK_WIDGET (f->window), "usb-printer-paper-out"));

  /* A new roll, then "Print again": the receipt prints, the banner goes. */
  usb_mock_device_set_paper_out (device, FALSE);
  g_signal_emit_by_name (till_find_named (GTK_WIDGET (f->window), "retry-print"), "clicked");
  g_assert_true (till_iterate_until (queue_empty, f));
  reason = till_find_named (GTK_WIDGET (f->window), "printer-banner-reason");
  till_wait_frames (2);
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (gtk_widget_get_ancestor (reason, GTK_TYPE_REVEALER))));
  printed = usb_mock_device_dup_printed (device);
  g_assert_cmpuint (g_bytes_get_size (printed), >, 0);
  g_settings_set_string (settings, "printer-uri", "");
  till_wait_frames (2);
  usb_mock_free (mock);
}

static void
use_clicked (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), "_Dùng") == 0)
        {
          g_signal_emit_by_name (child, "clicked");
          return;
        }
      use_clicked (child);
    }
}

static void
test_settings_lists_plugged_printer (Fixture       *f,
                                     gconstpointer  data)
{
  UsbMock *mock = usb_mock_new ();
  g_autoptr(GSettings) settings = ocop_settings_new ();
  g_autofree char *uri = NULL;
  OcopPreferencesWindow *prefs;
  GtkLabel *name;
  GtkEditable *address;

  usb_mock_add_printer (mock, &xprinter);
  prefs = ocop_preferences_window_new (GTK_WINDOW (f->window), f->store, settings);
  gtk_window_present (GTK_WINDOW (prefs));
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "devices");
  till_wait_frames (3);

  /* Listed by its name; the address only under the closed expander. */
  name = till_find_label (GTK_WIDGET (prefs), "Xprinter XP-58IIH");
  g_assert_nonnull (name);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (name)));
  address = till_row_titled (GTK_WIDGET (prefs), "Địa chỉ máy in");
  g_assert_false (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (gtk_widget_get_ancestor (GTK_WIDGET (address),
                                                                                          ADW_TYPE_EXPANDER_ROW))));
  gtk_window_set_default_size (GTK_WINDOW (prefs), 1024, 600);
  till_wait_frames (10);
  g_free (till_screenshot (GTK_WIDGET (prefs), "usb-settings-printers-1024x600"));
  gtk_window_set_default_size (GTK_WINDOW (prefs), 1366, 768);
  till_wait_frames (10);
  g_free (till_screenshot (GTK_WIDGET (prefs), "usb-settings-printers-1366x768"));

  /* "Use" chooses it: the setting and the advanced address follow. */
  use_clicked (GTK_WIDGET (prefs));
  uri = g_settings_get_string (settings, "printer-uri");
  g_assert_cmpstr (uri, ==, "usb://0416:5011");
  g_assert_cmpstr (gtk_editable_get_text (address), ==, "usb://0416:5011");
  gtk_window_destroy (GTK_WINDOW (prefs));
  g_settings_set_string (settings, "printer-uri", "");
  till_wait_frames (2);
  usb_mock_free (mock);
}

int
main (int    argc,
      char **argv)
{
  till_test_init_as_main (&argc, &argv);

  g_test_add ("/usb-till/paper-out-banner", Fixture, NULL, till_fixture_set_up, test_paper_out_banner,
              till_fixture_tear_down_devices);
  g_test_add ("/usb-till/settings-lists-plugged-printer", Fixture, NULL, till_fixture_set_up,
              test_settings_lists_plugged_printer, till_fixture_tear_down_devices);
  return g_test_run ();
}
