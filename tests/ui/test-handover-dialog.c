/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-handover-dialog.c: handing the drawer over from the Today page's menu on
 * the real window, the count and the PIN typed as key presses: an exact
 * count needs no supervisor, a short one is refused without a PIN and
 * recorded with one, and selling goes on after. Screenshots of the dialog
 * with the till at 1024×600 and 1366×768. */

#include <string.h>

#include "ocop-handover.h"
#include "ocop-money.h"
#include "ocop-sale.h"
#include "ocop-store.h"
#include "till-test-util.h"

typedef TillFixture Fixture;

static void
sell_one_in_cash (Fixture *f)
{
  g_assert_true (till_scan (f, "8936000010010"));   /* Trà hoa vàng Ba Chẽ, 650.000 ₫ */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "till.pay", NULL);
  gtk_widget_activate_action (GTK_WIDGET (ocop_till_page_get_payment_dialog (f->till_page)), "payment.cash", NULL);
  till_wait_frames (2);
}

static gint64
handovers (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *day = ocop_store_business_day_of (f->store, ocop_store_now_us (f->store));
  g_autoptr(OcopBooth) booth = ocop_store_get_current_booth (f->store, &error);
  g_autoptr(GPtrArray) list = ocop_store_list_handovers (f->store, booth->code, day, &error);

  g_assert_no_error (error);
  return list->len;
}

/* Opens the dialog from the menu's action, with the till at @width×@height. */
static AdwMessageDialog *
open_dialog (Fixture       *f,
             OcopTodayPage *today,
             int            width,
             int            height)
{
  AdwMessageDialog *dialog;

  gtk_window_set_default_size (GTK_WINDOW (f->window), width, height);
  till_wait_frames (3);
  gtk_widget_activate_action (GTK_WIDGET (today), "today.hand-over", NULL);
  dialog = ocop_today_page_get_dialog (today);
  g_assert_nonnull (dialog);
  g_assert_nonnull (till_find_label (GTK_WIDGET (dialog), "Hand over the drawer?"));
  till_wait_frames (3);
  return dialog;
}

/* The dialog fits the smallest screen the till supports. */
static void
assert_fits (AdwMessageDialog *dialog)
{
  int width, height;

  gtk_widget_measure (GTK_WIDGET (dialog), GTK_ORIENTATION_HORIZONTAL, -1, NULL, &width, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (dialog), GTK_ORIENTATION_VERTICAL, width, NULL, &height, NULL, NULL);
  g_assert_cmpint (width, <=, 1024);
  g_assert_cmpint (height, <=, 600);
}

static void
test_hand_over_from_today (Fixture       *f,
                           gconstpointer  data)
{
  OcopTodayPage *today;
  AdwMessageDialog *dialog;
  GtkLabel *difference;

  sell_one_in_cash (f);
  today = ocop_window_show_today (f->window);
  till_wait_frames (3);

  /* Short by 50.000 ₫ and no PIN: refused, nothing recorded. */
  dialog = open_dialog (f, today, 1024, 600);
  g_assert_nonnull (till_find_label (GTK_WIDGET (dialog), "Cash expected since the last handover: 650.000 ₫"));
  till_type_keys (g_object_get_data (G_OBJECT (dialog), "counted"), "600000");
  difference = g_object_get_data (G_OBJECT (dialog), "difference");
  g_assert_cmpstr (gtk_label_get_label (difference), ==, "Difference: -50.000 ₫");
  assert_fits (dialog);
  g_free (till_screenshot (GTK_WIDGET (dialog), "handover-1024x600"));
  adw_message_dialog_response (dialog, "hand-over");
  till_wait_frames (3);
  g_assert_cmpint (handovers (f), ==, 0);
  g_assert_nonnull (strstr (ocop_today_page_get_last_message (today), "supervisor"));

  /* The same count with the supervisor's PIN typed: recorded. */
  dialog = open_dialog (f, today, 1366, 768);
  till_type_keys (g_object_get_data (G_OBJECT (dialog), "counted"), "600000");
  till_type_keys (g_object_get_data (G_OBJECT (dialog), "pin"), "9999");
  g_free (till_screenshot (GTK_WIDGET (dialog), "handover-1366x768"));
  adw_message_dialog_response (dialog, "hand-over");
  till_wait_frames (3);
  g_assert_cmpint (handovers (f), ==, 1);
  g_assert_cmpstr (ocop_today_page_get_last_message (today), ==, "Hùng handed the drawer to Lan");

  /* The next shift starts from nothing; an exact count needs no PIN. */
  dialog = open_dialog (f, today, 1024, 600);
  g_assert_nonnull (till_find_label (GTK_WIDGET (dialog), "Cash expected since the last handover: 0 ₫"));
  till_type_keys (g_object_get_data (G_OBJECT (dialog), "counted"), "0");
  adw_message_dialog_response (dialog, "hand-over");
  till_wait_frames (3);
  g_assert_cmpint (handovers (f), ==, 2);

  /* Selling goes on: the day is still open and takes the next sale. */
  sell_one_in_cash (f);
  g_assert_cmpint (ocop_store_peek_next_receipt_no (f->store, NULL), ==, 3);
}

/* After the close, the till says when selling resumes, before any cart;
 * the menu no longer offers a handover of a closed day. */
static void
test_closed_day_notice (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopApproval) approval = ocop_store_approve (f->store, "Hùng", "9999", &error);
  g_autofree char *z = NULL;
  OcopTodayPage *today;
  GtkLabel *notice;

  g_assert_no_error (error);
  sell_one_in_cash (f);
  z = ocop_store_close_day (f->store, NULL, approval, 650000, &error);
  g_assert_no_error (error);
  today = ocop_window_show_today (f->window);
  till_wait_frames (3);
  gtk_widget_activate_action (GTK_WIDGET (today), "today.hand-over", NULL);
  till_wait_frames (1);
  g_assert_null (ocop_today_page_get_dialog (today));
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (gtk_widget_get_ancestor (GTK_WIDGET (f->till_page),
                                                                                  ADW_TYPE_VIEW_STACK)), "till");
  till_wait_frames (3);
  notice = till_find_label (GTK_WIDGET (f->till_page), "is closed");
  g_assert_nonnull (notice);
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (notice)));
  g_assert_nonnull (strstr (gtk_label_get_label (notice), "Sales resume at 00:00 on"));
  g_free (till_screenshot (GTK_WIDGET (f->window), "till-day-closed-reopening"));
}

int
main (int   argc,
      char *argv[])
{
  till_test_init (&argc, &argv);
  g_test_add ("/today/hand-over", Fixture, NULL, till_fixture_set_up, test_hand_over_from_today,
              till_fixture_tear_down);
  g_test_add ("/till/closed-day-says-when", Fixture, NULL, till_fixture_set_up, test_closed_day_notice,
              till_fixture_tear_down);
  return g_test_run ();
}
