/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-gate.c: Gate mode as gate staff use it: taps of +1, +5 and +10,
 * undo of the last tap, a correction that needs a reason; each count in
 * the store with its outbox event for sync, and on screen. */

#include "ocop-settings.h"
#include "till-test-util.h"

typedef TillFixture Fixture;

static gint64
gate_total (Fixture *f)
{
  g_autofree char *day = ocop_store_business_day_of (f->store, ocop_store_now_us (f->store));

  return ocop_store_count_visitors (f->store, day, "Cổng chính");
}

static void
tap (OcopGatePage *gate,
     gint64        count)
{
  gtk_widget_activate_action (GTK_WIDGET (gate), "gate.add", "x", count);
  till_wait_frames (1);
}

static void
test_taps_and_undo (Fixture       *f,
                    gconstpointer  data)
{
  OcopGatePage *gate = ocop_window_show_gate (f->window);
  gint64 events_before;

  till_wait_frames (2);
  events_before = ocop_store_outbox_last_seq (f->store);
  g_assert_cmpstr (ocop_gate_page_get_total_text (gate), ==, "0 visitors today");
  tap (gate, 1);
  tap (gate, 1);
  tap (gate, 5);
  tap (gate, 10);
  g_assert_cmpint (gate_total (f), ==, 17);
  g_assert_cmpstr (ocop_gate_page_get_total_text (gate), ==, "17 visitors today");
  /* Every tap is its own record, sent to the hub like a sale. */
  g_assert_cmpint (ocop_store_outbox_last_seq (f->store) - events_before, ==, 4);
  /* This quarter of an hour is the first row, with the day's 17. */
  g_assert_nonnull (till_find_label (GTK_WIDGET (gate), "17"));
  g_free (till_screenshot (GTK_WIDGET (f->window), "gate"));

  /* Undo takes back the last tap (the +10) once, as a new record. */
  gtk_widget_activate_action (GTK_WIDGET (gate), "gate.undo", NULL);
  till_wait_frames (1);
  g_assert_cmpint (gate_total (f), ==, 7);
  g_assert_cmpstr (ocop_gate_page_get_last_message (gate), ==, "Took back the last tap (10)");
  /* Only once: a second undo takes nothing more. */
  gtk_widget_activate_action (GTK_WIDGET (gate), "gate.undo", NULL);
  g_assert_cmpint (gate_total (f), ==, 7);
  g_assert_cmpint (ocop_store_outbox_last_seq (f->store) - events_before, ==, 5);
}

static void
correct (OcopGatePage *gate,
         int           count,
         const char   *reason)
{
  AdwMessageDialog *dialog;

  gtk_widget_activate_action (GTK_WIDGET (gate), "gate.correct", NULL);
  till_wait_frames (1);
  dialog = ocop_gate_page_get_dialog (gate);
  g_assert_nonnull (dialog);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (till_find_named (GTK_WIDGET (dialog), "count")), count);
  gtk_editable_set_text (GTK_EDITABLE (till_find_named (GTK_WIDGET (dialog), "reason")), reason);
  adw_message_dialog_response (dialog, "apply");
  till_wait_frames (2);
}

static void
test_correction_needs_a_reason (Fixture       *f,
                                gconstpointer  data)
{
  OcopGatePage *gate = ocop_window_show_gate (f->window);

  till_wait_frames (2);
  tap (gate, 10);
  /* Taking away without a reason is refused, and nothing changes. */
  correct (gate, -3, "");
  g_assert_cmpint (gate_total (f), ==, 10);
  g_assert_nonnull (strstr (ocop_gate_page_get_last_message (gate), "reason"));
  correct (gate, -3, "đếm lại bằng tay");
  g_assert_cmpint (gate_total (f), ==, 7);
  /* Adding after a count by hand needs none. */
  correct (gate, 40, "");
  g_assert_cmpint (gate_total (f), ==, 47);
  g_assert_cmpstr (ocop_gate_page_get_total_text (gate), ==, "47 visitors today");
}

static void
test_other_gate (Fixture       *f,
                 gconstpointer  data)
{
  OcopGatePage *gate = ocop_window_show_gate (f->window);
  g_autoptr(GSettings) settings = ocop_settings_new ();
  g_autofree char *day = ocop_store_business_day_of (f->store, ocop_store_now_us (f->store));

  till_wait_frames (2);
  tap (gate, 1);
  g_settings_set_string (settings, "gate-name", "Cổng phụ");
  till_wait_frames (1);
  tap (gate, 5);
  /* Each gate counts apart; the day's figure adds them up. */
  g_assert_cmpint (ocop_store_count_visitors (f->store, day, "Cổng chính"), ==, 1);
  g_assert_cmpint (ocop_store_count_visitors (f->store, day, "Cổng phụ"), ==, 5);
  g_assert_cmpint (ocop_store_count_visitors (f->store, day, NULL), ==, 6);
  g_assert_cmpstr (ocop_gate_page_get_total_text (gate), ==, "5 visitors today");
  g_settings_reset (settings, "gate-name");
}

int
main (int    argc,
      char **argv)
{
  till_test_init (&argc, &argv);
  g_setenv ("LANGUAGE", "en", TRUE);

#define ADD(path, func) g_test_add (path, Fixture, NULL, till_fixture_set_up, func, till_fixture_tear_down)
  ADD ("/gate/taps-and-undo", test_taps_and_undo);
  ADD ("/gate/correction-needs-a-reason", test_correction_needs_a_reason);
  ADD ("/gate/other-gate", test_other_gate);
  return g_test_run ();
}
