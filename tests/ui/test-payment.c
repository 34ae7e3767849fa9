/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-payment.c: the payment dialog driven with real keys and taps
 * through the X server (XTEST): the tender chosen first, fast cash, an
 * amount regrouped as it is typed, the on-screen keypad, and Enter that
 * never records cash while the transfer code is shown. Screenshots of the
 * dialog at 1024×600 and 1366×768. */

#include <adwaita.h>

#include "ocop-application.h"
#include "ocop-payment-dialog.h"
#include "ocop-settings.h"
#include "ocop-store.h"
#include "ocop-window.h"
#include "till-test-util.h"
#include "xtest.h"

typedef TillKeysFixture Fixture;

/* With a bank account for VietQR transfers. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GSettings) settings = ocop_settings_new ();

  g_settings_set_string (settings, "bank-bin", "970415");
  g_settings_set_string (settings, "bank-account", "0011001932418");
  g_settings_set_string (settings, "bank-account-name", "HTX BA CHE");
  till_keys_fixture_set_up (f, data);
}

/* The dialog the till shows, with the X focus moved to it as a window
 * manager would. */
static OcopPaymentDialog *
dialog_of (Fixture *f)
{
  GtkWindow *dialog = ocop_till_page_get_payment_dialog (f->till.till_page);

  g_assert_nonnull (dialog);
  till_wait_frames (3);
  xtest_focus (dialog);
  for (int i = 0; i < 100 && !gtk_window_is_active (dialog); i++)
    till_wait_frames (1);
  g_assert_true (gtk_window_is_active (dialog));
  return OCOP_PAYMENT_DIALOG (dialog);
}

static void
press (const char *accelerator)
{
  xtest_press (accelerator);
  till_wait_frames (3);
}

/* A button activated by a key shows itself pressed for a quarter of a
 * second (GTK's activate timeout) before it is clicked: waits up to two
 * seconds for the dialog to close, or, when it must stay, that long. */
static void
wait_closed (Fixture *f)
{
  for (int i = 0; i < 100 && ocop_till_page_get_payment_dialog (f->till.till_page) != NULL; i++)
    till_wait_frames (1);
}

/* Keys reach the entry through the X server and GDK's queue: waits up
 * to two seconds for @expected, then checks it. */
static void
assert_text (GtkEditable *entry,
             const char  *expected)
{
  for (int i = 0; i < 100 && g_strcmp0 (gtk_editable_get_text (entry), expected) != 0; i++)
    till_wait_frames (1);
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, expected);
}

static char *
tender_of (OcopPaymentDialog *dialog)
{
  char *tender = NULL;

  g_object_get (dialog, "tender", &tender, NULL);
  return tender;
}

static OcopSale *
sale_recorded (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  OcopSale *sale = ocop_store_load_sale (f->till.store, "#1", &error);

  g_assert_no_error (error);
  return sale;
}

/* Three products scanned, F12, F1 (cash), a fast-cash amount by its key,
 * Enter: recorded with the change for that amount. */
static void
test_cash_by_keys (Fixture       *f,
                   gconstpointer  data)
{
  OcopPaymentDialog *dialog;
  g_autoptr(OcopSale) sale = NULL;
  g_autofree char *tender = NULL;
  GtkWidget *fast_cash;

  g_assert_true (till_scan (&f->till, "8936000010010"));   /* 650.000 ₫ */
  g_assert_true (till_scan (&f->till, "dt-gom-01"));       /* 320.000 ₫ */
  g_assert_true (till_weigh (&f->till, "8936000010133", "1"));   /* 45.000 ₫ */
  press ("F12");
  dialog = dialog_of (f);
  /* Nothing chosen yet: Enter on the first page records nothing. */
  tender = tender_of (dialog);
  g_assert_cmpstr (tender, ==, "");
  g_assert_false (gtk_widget_get_visible (till_find_named (GTK_WIDGET (dialog), "cash-received")) &&
                  gtk_widget_get_mapped (till_find_named (GTK_WIDGET (dialog), "cash-received")));
  press ("F1");
  g_clear_pointer (&tender, g_free);
  tender = tender_of (dialog);
  g_assert_cmpstr (tender, ==, "cash");
  /* 1.015.000 ₫: the exact amount, then 1.020.000, 1.050.000, 1.100.000
   * and 1.200.000 on the fast-cash buttons, F5 to F9. */
  fast_cash = till_find_named (GTK_WIDGET (dialog), "fast-cash");
  g_assert_nonnull (till_find_label (fast_cash, "1.015.000"));
  g_assert_nonnull (till_find_label (fast_cash, "1.050.000"));
  g_assert_nonnull (till_find_label (fast_cash, "1.200.000"));
  g_assert_null (till_find_label (fast_cash, "500.000"));
  press ("F7");
  assert_text (GTK_EDITABLE (till_find_named (GTK_WIDGET (dialog), "tendered")), "1.050.000");
  g_assert_cmpstr (till_label_text (GTK_WIDGET (dialog), "change-due"), ==, "Change: 35.000 ₫");
  press ("Return");
  wait_closed (f);
  g_assert_null (ocop_till_page_get_payment_dialog (f->till.till_page));
  sale = sale_recorded (f);
  g_assert_cmpint (ocop_sale_get_total (sale), ==, 1015000);
  g_assert_cmpint (ocop_sale_get_change (sale), ==, 35000);
  g_assert_cmpint (ocop_sale_get_payment (sale, 0)->method, ==, OCOP_PAYMENT_CASH);
}

/* On the transfer page Enter records nothing, cash least of all; the
 * transfer is recorded by its own button. */
static void
test_transfer_enter_records_nothing (Fixture       *f,
                                     gconstpointer  data)
{
  OcopPaymentDialog *dialog;
  g_autoptr(OcopSale) sale = NULL;
  GtkWidget *qr;

  g_assert_true (till_scan (&f->till, "8936000010010"));
  press ("F12");
  dialog = dialog_of (f);
  press ("F2");
  qr = till_find_named (GTK_WIDGET (dialog), "vietqr");
  g_assert_true (gtk_widget_get_mapped (qr));
  g_assert_nonnull (ocop_payment_dialog_get_vietqr_payload (dialog));
  press ("Return");
  press ("KP_Enter");
  press ("space");
  wait_closed (f);
  g_assert_true (ocop_till_page_get_payment_dialog (f->till.till_page) == GTK_WINDOW (dialog));
  g_assert_cmpuint (ocop_sale_get_n_lines (ocop_till_page_get_cart (f->till.till_page)), ==, 1);
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (dialog), "payment.cash", NULL) &&
                  ocop_till_page_get_payment_dialog (f->till.till_page) == NULL);
  g_assert_nonnull (ocop_till_page_get_payment_dialog (f->till.till_page));
  /* Back to cash with F1, and Enter is the cash button again; then the
   * transfer after all, confirmed with a tap on its button. */
  press ("F1");
  g_assert_true (gtk_widget_get_mapped (till_find_named (GTK_WIDGET (dialog), "cash-received")));
  press ("F2");
  xtest_click (till_find_named (GTK_WIDGET (dialog), "transfer-received"));
  wait_closed (f);
  g_assert_null (ocop_till_page_get_payment_dialog (f->till.till_page));
  sale = sale_recorded (f);
  g_assert_cmpuint (ocop_sale_get_n_payments (sale), ==, 1);
  g_assert_cmpint (ocop_sale_get_payment (sale, 0)->method, ==, OCOP_PAYMENT_TRANSFER);
}

/* Digits typed on the keyboard are grouped as they come; a digit typed in
 * the middle keeps the caret after it. */
static void
test_typing_regroups (Fixture       *f,
                      gconstpointer  data)
{
  OcopPaymentDialog *dialog;
  GtkEditable *entry;

  g_assert_true (till_scan (&f->till, "8936000010010"));
  press ("F12");
  dialog = dialog_of (f);
  press ("F1");
  entry = GTK_EDITABLE (till_find_named (GTK_WIDGET (dialog), "tendered"));
  xtest_type ("7");
  assert_text (entry, "7");
  xtest_type ("0000");
  assert_text (entry, "70.000");
  xtest_type ("00");
  assert_text (entry, "7.000.000");
  g_assert_cmpint (gtk_editable_get_position (entry), ==, 9);
  /* Home, then after the 7: "7|.000.000" → type 5 → "75|.000.000". */
  press ("Home");
  press ("Right");
  xtest_type ("5");
  assert_text (entry, "75.000.000");
  g_assert_cmpint (gtk_editable_get_position (entry), ==, 2);
  press ("End");
  press ("BackSpace");
  assert_text (entry, "7.500.000");
  g_assert_cmpstr (till_label_text (GTK_WIDGET (dialog), "change-due"), ==, "Change: 6.850.000 ₫");
  press ("Escape");
  wait_closed (f);
  g_assert_null (ocop_till_page_get_payment_dialog (f->till.till_page));
}

/* The keypad with taps: 7, 000, 00 by two 0 keys, back, Enter. */
static void
test_keypad_taps (Fixture       *f,
                  gconstpointer  data)
{
  OcopPaymentDialog *dialog;
  GtkWidget *keypad;
  GtkEditable *entry;
  g_autoptr(OcopSale) sale = NULL;
  const char *taps[] = { "7", "000", "0", "0", "⌫", "0" };

  g_assert_true (till_scan (&f->till, "8936000010010"));   /* 650.000 ₫ */
  press ("F12");
  dialog = dialog_of (f);
  xtest_click (till_find_named (GTK_WIDGET (dialog), "cash-tender"));
  till_wait_frames (3);
  keypad = till_find_named (GTK_WIDGET (dialog), "keypad");
  entry = GTK_EDITABLE (till_find_named (GTK_WIDGET (dialog), "tendered"));
  for (guint i = 0; i < G_N_ELEMENTS (taps); i++)
    {
      GtkWidget *key = NULL;

      for (GtkWidget *b = gtk_widget_get_first_child (keypad); b && !key; b = gtk_widget_get_next_sibling (b))
        if (g_str_equal (gtk_button_get_label (GTK_BUTTON (b)), taps[i]))
          key = b;
      g_assert_nonnull (key);
      xtest_click (key);
      till_wait_frames (2);
    }
  assert_text (entry, "700.000");
  g_assert_cmpstr (till_label_text (GTK_WIDGET (dialog), "change-due"), ==, "Change: 50.000 ₫");
  press ("Return");
  wait_closed (f);
  g_assert_null (ocop_till_page_get_payment_dialog (f->till.till_page));
  sale = sale_recorded (f);
  g_assert_cmpint (ocop_sale_get_change (sale), ==, 50000);
}

/* The dialog fits the screen, its code and Confirm inside it, at the
 * sizes booths use; screenshots of both tenders at each. */
static void
test_dialog_fits_screens (Fixture       *f,
                          gconstpointer  data)
{
  static const struct { int width, height; } screens[] = { { 1024, 600 }, { 1366, 768 }, { 800, 600 } };
  OcopPaymentDialog *dialog;

  g_assert_true (till_scan (&f->till, "8936000010010"));
  g_assert_true (till_scan (&f->till, "dt-gom-01"));
  g_assert_true (till_weigh (&f->till, "8936000010133", "1"));
  for (guint s = 0; s < G_N_ELEMENTS (screens); s++)
    {
      gtk_window_set_default_size (GTK_WINDOW (f->till.window), screens[s].width, screens[s].height);
      till_wait_frames (3);
      if (screens[s].width != 800)
        {
          g_autofree char *name = g_strdup_printf ("till-cart-%dx%d", screens[s].width, screens[s].height);

          g_free (till_screenshot (GTK_WIDGET (f->till.window), name));
        }
      press ("F12");
      dialog = dialog_of (f);
      for (guint t = 0; t < 2; t++)
        {
          const char *tender = t == 0 ? "cash" : "transfer";
          const char *confirm = t == 0 ? "cash-received" : "transfer-received";
          g_autofree char *name = g_strdup_printf ("payment-%s-%dx%d", tender, screens[s].width, screens[s].height);
          GtkWidget *widgets[] = { till_find_named (GTK_WIDGET (dialog), confirm),
                                   t == 1 ? till_find_named (GTK_WIDGET (dialog), "vietqr") : NULL };
          int min_width = 0, min_height = 0;

          press (t == 0 ? "F1" : "F2");
          gtk_widget_measure (GTK_WIDGET (dialog), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
          gtk_widget_measure (GTK_WIDGET (dialog), GTK_ORIENTATION_VERTICAL, min_width, &min_height, NULL, NULL, NULL);
          g_test_message ("%s: dialog %d×%d, minimum %d×%d", name, gtk_widget_get_width (GTK_WIDGET (dialog)),
                          gtk_widget_get_height (GTK_WIDGET (dialog)), min_width, min_height);
          g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (dialog)), <=, screens[s].width);
          g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (dialog)), <=, screens[s].height);
          for (guint w = 0; w < G_N_ELEMENTS (widgets) && widgets[w]; w++)
            {
              graphene_rect_t bounds;

              g_assert_true (gtk_widget_get_mapped (widgets[w]));
              g_assert_true (gtk_widget_compute_bounds (widgets[w], GTK_WIDGET (dialog), &bounds));
              g_assert_cmpfloat (bounds.origin.x, >=, 0);
              g_assert_cmpfloat (bounds.origin.y, >=, 0);
              g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (GTK_WIDGET (dialog)));
              g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (GTK_WIDGET (dialog)));
            }
          if (screens[s].width != 800)
            g_free (till_screenshot (GTK_WIDGET (dialog), name));
        }
      gtk_window_destroy (GTK_WINDOW (dialog));
      till_wait_frames (2);
    }
}

int
main (int    argc,
      char **argv)
{
  till_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, till_keys_fixture_tear_down)
  ADD ("/payment/cash-by-keys", test_cash_by_keys);
  ADD ("/payment/transfer-enter-records-nothing", test_transfer_enter_records_nothing);
  ADD ("/payment/typing-regroups", test_typing_regroups);
  ADD ("/payment/keypad-taps", test_keypad_taps);
  ADD ("/payment/dialog-fits-screens", test_dialog_fits_screens);
#undef ADD
  return g_test_run ();
}
