/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-printer-banner.c: the Vietnamese till's printer banner: a receipt
 * printer that is away shows a banner with the reason in plain Vietnamese,
 * the receipts waiting and "Print again"; pressing it once the printer is
 * back prints them and the banner goes. The printer is a tcp:// peer on
 * loopback that listens only when the test says so. */

#include "loopback-printer.h"
#include "ocop-printer-banner.h"
#include "ocop-settings.h"
#include "till-test-util.h"

typedef TillFixture Fixture;

static OcopPrinterBanner *
banner_of (Fixture *f)
{
  GtkWidget *reason = till_find_named (GTK_WIDGET (f->window), "printer-banner-reason");

  g_assert_nonnull (reason);
  return OCOP_PRINTER_BANNER (gtk_widget_get_ancestor (reason, OCOP_TYPE_PRINTER_BANNER));
}

static gboolean
banner_shown (gpointer data)
{
  return ocop_printer_banner_is_shown (banner_of (data));
}

static gboolean
banner_hidden (gpointer data)
{
  return !banner_shown (data);
}

static gboolean
print_again_on_screen (gpointer data)
{
  GtkWidget *button = till_find_named (GTK_WIDGET (((Fixture *) data)->window), "retry-print");

  return gtk_widget_get_visible (button) && gtk_widget_get_mapped (button) &&
         gtk_widget_get_height (button) >= 44;
}

static const char *
named_label (Fixture    *f,
             const char *name)
{
  return gtk_label_get_label (GTK_LABEL (till_find_named (GTK_WIDGET (f->window), name)));
}

static void
screenshot_at (Fixture    *f,
               int         width,
               int         height,
               const char *name)
{
  gtk_window_set_default_size (GTK_WINDOW (f->window), width, height);
  till_wait_frames (15);
  g_free (till_screenshot (GTK_WIDGET (f->window), name));
}

static void
test_away_then_print_again (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(LoopbackPrinter) peer = loopback_printer_new ();   /* not listening: away */
  g_autoptr(GSettings) settings = ocop_settings_new ();
  GtkWidget *print_again;

  g_settings_set_string (settings, "printer-uri", loopback_printer_get_uri (peer));
  g_assert_true (till_scan (f, "8936000010010"));
  till_pay_exact_cash (f);
  g_assert_true (till_iterate_until (banner_shown, f));
  g_assert_true (ocop_devices_has_stuck_receipts (ocop_window_get_devices (f->window)));

  /* What to do, in Vietnamese; the drivers' English (node names, errno
   * text) stays out of the banner and the status bar. */
  g_assert_cmpstr (named_label (f, "printer-banner-reason"), ==,
                   "Máy in hóa đơn chưa được kết nối. Kiểm tra dây cáp và xem máy in đã bật chưa.");
  g_assert_cmpstr (named_label (f, "printer-banner-waiting"), ==, "1 hóa đơn đang chờ in");
  g_assert_cmpstr (named_label (f, "printer-status"), ==, "Máy in: 1 hóa đơn đang chờ — chưa kết nối");
  print_again = till_find_named (GTK_WIDGET (f->window), "retry-print");
  /* In view and big enough for a thumb, not under a toast. */
  g_assert_true (till_iterate_until (print_again_on_screen, f));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (print_again)), ==, "_In lại");
  screenshot_at (f, 1024, 600, "printer-banner-1024x600");
  screenshot_at (f, 1366, 768, "printer-banner-1366x768");

  /* The printer is back: the cashier presses "Print again" (the button
   * itself, not the action), the receipt prints and the banner goes. */
  loopback_printer_listen (peer);
  g_signal_emit_by_name (print_again, "clicked");
  g_assert_true (till_iterate_until (banner_hidden, f));
  g_assert_cmpint (ocop_store_count_print_jobs (f->store), ==, 0);
  g_assert_cmpuint (loopback_printer_wait_jobs (peer, 1), ==, 1);
  g_assert_cmpstr (named_label (f, "printer-status"), ==, "Máy in: sẵn sàng");
}

/* An address that cannot be a printer is trouble too, said as such. */
static void
test_bad_address (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GSettings) settings = ocop_settings_new ();

  g_settings_set_string (settings, "printer-uri", "usb://04b8");
  g_assert_true (till_iterate_until (banner_shown, f));
  g_assert_cmpstr (named_label (f, "printer-banner-reason"), ==,
                   "Không dùng được máy in hóa đơn đã chọn trong Cài đặt. Hãy chọn lại trong Cài đặt.");
  /* Nothing is queued for a printer that cannot be, so nothing to retry. */
  g_assert_false (gtk_widget_get_visible (till_find_named (GTK_WIDGET (f->window), "retry-print")));
  g_settings_set_string (settings, "printer-uri", "");
  g_assert_true (till_iterate_until (banner_hidden, f));
}

int
main (int    argc,
      char **argv)
{
  till_test_init_as_main (&argc, &argv);

  g_test_add ("/printer-banner/away-then-print-again", Fixture, NULL, till_fixture_set_up,
              test_away_then_print_again, till_fixture_tear_down_devices);
  g_test_add ("/printer-banner/bad-address", Fixture, NULL, till_fixture_set_up, test_bad_address,
              till_fixture_tear_down_devices);
  return g_test_run ();
}
