/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-printing.c: the till and its receipt printer: a sale prints once it
 * is recorded, a printer that is away never stops selling and prints what
 * waited when it is back, copies come from the Today page, and the status
 * bar says how the printer is. Printers are a file: and a tcp:// peer on
 * loopback; the bytes they get are read back with the ESC/POS decoder. */

#include "escpos-decoder.h"
#include "loopback-printer.h"
#include "ocop-preferences-window.h"
#include "ocop-settings.h"
#include "till-test-util.h"

typedef TillFixture Fixture;

static GSettings *
settings (void)
{
  return ocop_settings_new ();
}

static void
set_printer (const char *uri)
{
  g_autoptr(GSettings) s = settings ();

  g_settings_set_string (s, "printer-uri", uri);
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GSettings) s = settings ();

  g_settings_reset (s, "printer-uri");
  g_settings_reset (s, "receipt-width-mm");
  till_fixture_tear_down (f, data);
}

static gboolean
file_exists (gpointer path)
{
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static EscposDecoded *
decode_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize size = 0;
  g_autoptr(GBytes) bytes = NULL;
  EscposDecoded *decoded;

  g_assert_true (g_file_get_contents (path, &data, &size, &error));
  bytes = g_bytes_new_take (g_steal_pointer (&data), size);
  decoded = escpos_decode (bytes, &error);
  g_assert_no_error (error);
  return decoded;
}

static const char *
printer_status (Fixture *f)
{
  return gtk_label_get_label (GTK_LABEL (till_find_named (GTK_WIDGET (f->window), "printer-status")));
}

static gboolean
status_says_ready (gpointer data)
{
  return g_str_has_suffix (printer_status (data), ": ready") || strstr (printer_status (data), "sẵn sàng");
}

static void
test_receipt_after_sale (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *out = g_build_filename (f->dir, "receipt.prn", NULL);
  g_autofree char *uri = g_strconcat ("file:", out, NULL);
  g_autoptr(EscposDecoded) printed = NULL;
  g_autoptr(GSettings) s = settings ();

  g_settings_set_uint (s, "receipt-width-mm", 58);
  set_printer (uri);
  g_assert_true (till_scan (f, "8936000010010"));
  g_assert_true (till_weigh (f, "8936000010133", "1"));
  till_pay_exact_cash (f);
  g_assert_cmpint (ocop_store_outbox_last_seq (f->store), >, 0);

  /* Recorded first, then printed: 58 mm paper, the drawer opened for the
   * cash, the paper cut. */
  g_assert_true (till_iterate_until (file_exists, out));
  printed = decode_file (out);
  g_assert_nonnull (printed->raster);
  g_assert_cmpuint (printed->raster->width, ==, 384);
  g_assert_cmpuint (printed->cuts->len, ==, 1);
  g_assert_cmpuint (printed->pulses->len, ==, 1);
  g_assert_true (till_iterate_until (status_says_ready, f));
  g_assert_false (gtk_widget_get_visible (till_find_named (GTK_WIDGET (f->window), "retry-print")));
  g_free (till_screenshot (GTK_WIDGET (f->window), "printing-ready"));
}

/* ---- a network printer that is away, then back ---- */

static gboolean
retry_offered (gpointer data)
{
  Fixture *f = data;

  return gtk_widget_get_visible (till_find_named (GTK_WIDGET (f->window), "retry-print"));
}

static gboolean
queue_empty (gpointer data)
{
  Fixture *f = data;

  return ocop_store_count_print_jobs (f->store) == 0;
}

static void
test_printer_away_keeps_selling (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(LoopbackPrinter) peer = loopback_printer_new ();
  g_autoptr(GBytes) received = NULL;
  g_autoptr(EscposDecoded) printed = NULL;

  set_printer (loopback_printer_get_uri (peer));
  g_assert_true (till_scan (f, "8936000010010"));
  till_pay_exact_cash (f);
  g_assert_true (till_iterate_until (retry_offered, f));
  /* The cashier sells on while the printer is away. */
  g_assert_true (till_weigh (f, "8936000010133", "1"));
  till_pay_exact_cash (f);
  g_assert_cmpint (ocop_store_count_print_jobs (f->store), ==, 2);
  g_assert_nonnull (strstr (printer_status (f), "2"));
  g_free (till_screenshot (GTK_WIDGET (f->window), "printing-away"));

  /* Back: "Print again" prints both, oldest first. */
  loopback_printer_listen (peer);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.retry-print", NULL);
  g_assert_true (till_iterate_until (queue_empty, f));
  g_assert_cmpuint (loopback_printer_wait_jobs (peer, 2), ==, 2);
  received = loopback_printer_dup_received (peer);
  printed = escpos_decode (received, NULL);
  g_assert_nonnull (printed);
  g_assert_cmpuint (printed->cuts->len, ==, 2);
  till_wait_frames (2);
  g_assert_false (gtk_widget_get_visible (till_find_named (GTK_WIDGET (f->window), "retry-print")));
  set_printer ("");
}

static void
test_reprint_from_today (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *out = g_build_filename (f->dir, "copy.prn", NULL);
  g_autofree char *uri = g_strconcat ("file:", out, NULL);
  g_autoptr(EscposDecoded) printed = NULL;
  OcopTodayPage *today;

  g_assert_true (till_scan (f, "8936000010010"));
  till_pay_exact_cash (f);
  /* The printer is chosen after the sale: only the copy prints. */
  set_printer (uri);
  today = ocop_window_show_today (f->window);
  till_wait_frames (2);
  g_assert_true (ocop_today_page_select_receipt (today, 1));
  gtk_widget_activate_action (GTK_WIDGET (today), "today.reprint", NULL);
  g_assert_true (till_iterate_until (file_exists, out));
  printed = decode_file (out);
  g_assert_nonnull (printed->raster);
  g_assert_cmpuint (printed->cuts->len, ==, 1);
  g_assert_cmpuint (printed->pulses->len, ==, 0);   /* a copy keeps the drawer shut */
  g_assert_cmpint (ocop_store_count_print_jobs (f->store), ==, 0);
}

static void
test_wrong_printer_address (Fixture       *f,
                            gconstpointer  data)
{
  set_printer ("usb://04b8");
  till_wait_frames (1);
  /* The status bar names what is wrong; selling goes on, nothing queues. */
  g_assert_nonnull (strstr (printer_status (f), "usb://04b8"));
  g_assert_true (till_scan (f, "8936000010010"));
  till_pay_exact_cash (f);
  g_assert_cmpint (ocop_store_peek_next_receipt_no (f->store, NULL), ==, 2);
  g_assert_cmpint (ocop_store_count_print_jobs (f->store), ==, 0);
  g_free (till_screenshot (GTK_WIDGET (f->window), "printing-bad-address"));
}

static void
test_settings_print_a_test_page (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *out = g_build_filename (f->dir, "test-page.prn", NULL);
  g_autofree char *uri = g_strconcat ("file:", out, NULL);
  g_autoptr(GSettings) s = settings ();
  g_autoptr(EscposDecoded) printed = NULL;
  OcopPreferencesWindow *prefs;

  g_settings_set_uint (s, "receipt-width-mm", 58);
  set_printer (uri);
  prefs = ocop_preferences_window_new (GTK_WINDOW (f->window), f->store, s);
  gtk_window_present (GTK_WINDOW (prefs));
  till_wait_frames (2);
  /* Without a USB printer plugged in, the list says so and how to name a
   * network printer instead. */
  g_assert_nonnull (till_find_label (GTK_WIDGET (prefs), "tcp://ADDRESS:9100"));
  gtk_widget_activate_action (GTK_WIDGET (prefs), "prefs.print-test", NULL);
  g_assert_true (till_iterate_until (file_exists, out));
  printed = decode_file (out);
  g_assert_nonnull (strstr (printed->text->str, "PRINT TEST OK"));
  g_assert_cmpuint (printed->raster->width, ==, 384);
  g_assert_cmpuint (printed->cuts->len, ==, 1);
  till_wait_frames (2);
  g_assert_cmpstr (ocop_preferences_window_get_last_message (prefs), ==, "The test page was sent to the printer");
  g_free (till_screenshot (GTK_WIDGET (prefs), "settings-printers"));
  gtk_window_destroy (GTK_WINDOW (prefs));
}

int
main (int    argc,
      char **argv)
{
  till_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, till_fixture_set_up, func, tear_down)
  ADD ("/printing/receipt-after-sale", test_receipt_after_sale);
  ADD ("/printing/printer-away-keeps-selling", test_printer_away_keeps_selling);
  ADD ("/printing/reprint-from-today", test_reprint_from_today);
  ADD ("/printing/wrong-printer-address", test_wrong_printer_address);
  ADD ("/printing/settings-print-a-test-page", test_settings_print_a_test_page);
  return g_test_run ();
}
