/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-language.c: the till speaks Vietnamese on an English (C.UTF-8)
 * desktop unless its settings say English; LANGUAGE set by hand wins. */

#include <locale.h>
#include <glib/gi18n.h>

#include "loopback-printer.h"
#include "ocop-settings.h"
#include "till-test-util.h"

typedef TillFixture Fixture;

static void
test_english_when_chosen (void)
{
  g_autoptr(GSettings) settings = ocop_settings_new ();

  g_unsetenv ("LANGUAGE");
  g_settings_set_string (settings, "language", "en");
  g_assert_cmpstr (ocop_settings_choose_language (settings), ==, "en");
  g_assert_cmpstr (g_getenv ("LANGUAGE"), ==, "en");
  g_settings_reset (settings, "language");
  g_unsetenv ("LANGUAGE");
}

static void
test_environment_wins (void)
{
  g_autoptr(GSettings) settings = ocop_settings_new ();

  g_setenv ("LANGUAGE", "en", TRUE);
  g_assert_cmpstr (ocop_settings_choose_language (settings), ==, "en");
  g_unsetenv ("LANGUAGE");
}

static void
test_vietnamese_by_default (Fixture       *f,
                            gconstpointer  data)
{
  /* Set up by hand in main (), before the window was built. */
  g_assert_cmpstr (g_getenv ("LANGUAGE"), ==, "vi");
  g_assert_cmpstr (setlocale (LC_MESSAGES, NULL), ==, "C.UTF-8");
  /* The cart's heading and a toast, on screen in Vietnamese. */
  g_assert_nonnull (till_find_label (GTK_WIDGET (f->window), "Giỏ hàng"));
  g_assert_null (till_find_label (GTK_WIDGET (f->window), "Cart"));
  /* The scanner's setting "keyboard" is a value, not what the bar says. */
  g_assert_nonnull (till_find_label (GTK_WIDGET (f->window), "Máy quét: kiểu bàn phím"));
  g_assert_null (till_find_label (GTK_WIDGET (f->window), "keyboard"));
  g_assert_true (till_scan (f, "8939999999991"));
  g_assert_nonnull (ocop_till_page_get_last_message (f->till_page));
  g_assert_null (strstr (ocop_till_page_get_last_message (f->till_page), "Unknown"));
  g_free (till_screenshot (GTK_WIDGET (f->window), "till-vietnamese"));
}

/* Gate mode on the same till: it was English here while its file was
 * missing from POTFILES.in. */
static void
test_gate_vietnamese (Fixture       *f,
                      gconstpointer  data)
{
  OcopGatePage *gate = ocop_window_show_gate (f->window);

  till_wait_frames (2);
  g_assert_cmpstr (ocop_gate_page_get_total_text (gate), ==, "Hôm nay 0 lượt khách");
  gtk_widget_activate_action (GTK_WIDGET (gate), "gate.add", "x", (gint64) 1);
  gtk_widget_activate_action (GTK_WIDGET (gate), "gate.undo", NULL);
  till_wait_frames (1);
  g_assert_cmpstr (ocop_gate_page_get_last_message (gate), ==, "Đã hoàn tác lần bấm vừa rồi (1)");
  g_free (till_screenshot (GTK_WIDGET (f->window), "gate-vietnamese"));
}

static const char *
printer_status (Fixture *f)
{
  return gtk_label_get_label (GTK_LABEL (till_find_named (GTK_WIDGET (f->window), "printer-status")));
}

/* The line that says receipts wait for the printer: its message has
 * %<PRId64>, which matches at run time only when vi.po flags it c-format
 * (it showed English in the Vietnamese till while it did not). */
static void
test_printer_waiting_vietnamese (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(LoopbackPrinter) peer = loopback_printer_new ();   /* not listening: away */
  g_autoptr(GSettings) settings = ocop_settings_new ();
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  GtkWindow *dialog;

  g_settings_set_string (settings, "printer-uri", loopback_printer_get_uri (peer));
  g_assert_true (till_scan (f, "8936000010010"));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "till.pay", NULL);
  dialog = ocop_till_page_get_payment_dialog (f->till_page);
  g_assert_nonnull (dialog);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "payment.cash", NULL);
  while (!strstr (printer_status (f), "đang chờ") && !strstr (printer_status (f), "waiting") &&
         g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  g_test_message ("%s", printer_status (f));
  g_assert_true (g_str_has_prefix (printer_status (f), "Máy in: 1 hóa đơn đang chờ — "));
  g_free (till_screenshot (GTK_WIDGET (f->window), "printer-waiting-vietnamese"));
  g_settings_reset (settings, "printer-uri");
}

int
main (int    argc,
      char **argv)
{
  /* An English desktop, as a laptop lent by an organizer may have. */
  till_test_init_as_main (&argc, &argv);

  g_test_add ("/language/vietnamese-by-default", Fixture, NULL, till_fixture_set_up, test_vietnamese_by_default,
              till_fixture_tear_down);
  g_test_add ("/language/gate-vietnamese", Fixture, NULL, till_fixture_set_up, test_gate_vietnamese,
              till_fixture_tear_down);
  g_test_add ("/language/printer-waiting-vietnamese", Fixture, NULL, till_fixture_set_up,
              test_printer_waiting_vietnamese, till_fixture_tear_down);
  g_test_add_func ("/language/english-when-chosen", test_english_when_chosen);
  g_test_add_func ("/language/environment-wins", test_environment_wins);

  return g_test_run ();
}
