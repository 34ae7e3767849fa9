/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-bank-transfer.c: the till's payment dialog with a real ocop-hub on
 * loopback: a transfer waits for the bank, and SePay's notification posted
 * to the hub while the dialog waits turns it to "received" and records
 * the sale; without a confirmation the cashier still confirms by hand. */

#include <string.h>
#include <json-glib/json-glib.h>

#include "ocop-payment-code.h"
#include "ocop-payment-dialog.h"
#include "ocop-settings.h"
#include "ocop-sync-client.h"
#include "sync-fixture.h"
#include "test-util.h"
#include "till-test-util.h"

#define FAIR "hcm-2026"          /* the fair test_hub_add_bank_account uses */
#define BOOTH "QN-01"            /* the demo store's booth */

typedef struct {
  TillFixture till;
  TestHub     hub;
  GSettings  *settings;
} Fixture;

/* The till joined to a hub that holds the booth's SePay account. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(OcopSyncClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  f->settings = ocop_settings_new ();
  g_settings_set_string (f->settings, "hub-url", "");
  g_settings_set_string (f->settings, "bank-bin", "970415");
  g_settings_set_string (f->settings, "bank-account", "0011001932418");
  g_settings_set_string (f->settings, "bank-account-name", "HTX BA CHE");
  till_fixture_set_up (&f->till, data);
  test_hub_start (&f->hub, NULL);
  test_hub_add_bank_account (&f->hub, "booths", "sepay", "sepay-key-2026");
  code = test_hub_run (&f->hub, "enroll", "--fair", FAIR, "--booth", BOOTH, NULL);
  client = ocop_sync_client_new (ocop_store_get_path (f->till.store));
  g_assert_true (ocop_sync_client_enroll (client, f->hub.url, code, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  till_fixture_tear_down (&f->till, data);
  test_hub_clear (&f->hub);
  g_clear_object (&f->settings);
}

static gboolean
label_says_cb (gpointer data)
{
  gpointer *pair = data;

  return strstr (gtk_label_get_label (pair[0]), pair[1]) != NULL;
}

/* Waits, the main loop running, until the dialog's bank line holds @text. */
static void
wait_bank_state (GtkWidget  *dialog,
                 const char *text)
{
  GtkLabel *label = GTK_LABEL (till_find_named (dialog, "bank-state"));
  gpointer pair[] = { label, (gpointer) text };

  if (!till_iterate_until (label_says_cb, pair))
    g_error ("The bank line says “%s”, not “%s”", gtk_label_get_label (label), text);
}

static gboolean
sale_recorded_cb (gpointer data)
{
  Fixture *f = data;

  return ocop_till_page_get_payment_dialog (f->till.till_page) == NULL;
}

/* Uploads the till's outbox to the hub in one round: the hub must take
 * every event, the confirmations among them. */
static void
sync_round (Fixture *f)
{
  g_autoptr(OcopSyncClient) client = ocop_sync_client_new (ocop_store_get_path (f->till.store));
  OcopSyncRound round = { 0 };
  g_autoptr(GError) error = NULL;
  gboolean ok = ocop_sync_client_run_round (client, &round, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpint (round.pending, ==, 0);
  ocop_sync_round_clear (&round);
}

/* The Today page's row of the sale says who confirmed its transfer. */
static void
assert_today_says (Fixture    *f,
                   const char *text)
{
  OcopTodayPage *today = ocop_window_show_today (f->till.window);
  GtkLabel *label;

  ocop_today_page_refresh (today);
  till_wait_frames (2);
  label = GTK_LABEL (till_find_named (GTK_WIDGET (today), "transfer-confirmed"));
  g_assert_nonnull (label);
  g_assert_cmpstr (gtk_label_get_label (label), ==, text);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (label)));
  g_free (till_screenshot (GTK_WIDGET (f->till.window), g_str_has_prefix (text, "Bank") ? "today-bank-confirmed"
                                                                                       : "today-cashier-confirmed"));
}

static GtkWidget *
pay_by_transfer (Fixture *f)
{
  GtkWindow *dialog;

  g_assert_true (till_scan (&f->till, "8936000010010"));   /* 650.000 ₫ */
  gtk_widget_activate_action (GTK_WIDGET (f->till.window), "till.pay", NULL);
  dialog = ocop_till_page_get_payment_dialog (f->till.till_page);
  g_assert_nonnull (dialog);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "payment.tender", "s", "transfer");
  till_wait_frames (2);
  return GTK_WIDGET (dialog);
}

/* The dialog waits for the bank with the amount and the code, which the
 * VietQR carries too; SePay's notification of that amount with that code,
 * posted to the hub while it waits, turns it to "received" and records
 * the sale by transfer, and the dialog closes by itself. */
static void
test_bank_confirms (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *dialog = pay_by_transfer (f);
  g_autofree char *code = ocop_payment_code_encode (BOOTH, 1, NULL);
  g_autofree char *waiting = g_strdup_printf ("Waiting for the bank: 650.000 ₫ with the code %s", code);
  g_autofree char *shot = NULL;
  g_autoptr(OcopSale) sale = NULL;
  g_autoptr(GError) error = NULL;

  wait_bank_state (dialog, waiting);
  g_assert_nonnull (strstr (ocop_payment_dialog_get_vietqr_payload (OCOP_PAYMENT_DIALOG (dialog)), code));
  shot = till_screenshot (dialog, "bank-waiting");
  g_assert_null (ocop_store_load_sale (f->till.store, "#1", NULL));
  /* A notification of another amount does not pay it. */
  g_assert_cmpint (test_hub_post_sepay (&f->hub, "booths", "sepay-key-2026", "7001", 600000, code), ==, 200);
  till_wait_frames (25);
  g_assert_nonnull (ocop_till_page_get_payment_dialog (f->till.till_page));
  g_assert_cmpint (test_hub_post_sepay (&f->hub, "booths", "sepay-key-2026", "7002", 650000, code), ==, 200);
  wait_bank_state (dialog, "Received: the bank confirmed the transfer");
  g_clear_pointer (&shot, g_free);
  shot = till_screenshot (dialog, "bank-received");
  sale = ocop_store_load_sale (f->till.store, "#1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (ocop_sale_get_total (sale), ==, 650000);
  g_assert_cmpuint (ocop_sale_get_n_payments (sale), ==, 1);
  g_assert_cmpint (ocop_sale_get_payment (sale, 0)->method, ==, OCOP_PAYMENT_TRANSFER);
  g_assert_true (till_iterate_until (sale_recorded_cb, f));
  g_assert_cmpuint (ocop_sale_get_n_lines (ocop_till_page_get_cart (f->till.till_page)), ==, 0);
  /* The bank's confirmation is its own record, pointing at the sale, and
   * reaches the hub as an event with SePay's transaction id. */
  g_assert_cmpstr (ocop_store_transfer_confirmed_by (f->till.store, ocop_sale_get_uuid (sale)), ==, "bank");
  assert_today_says (f, "Bank confirmed");
  sync_round (f);
  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT count(*) FROM event WHERE kind = 'transfer_confirmed'"
                                       " AND payload LIKE '%\"confirmed_by\":\"bank\"%'"
                                       " AND payload LIKE '%\"transaction\":\"7002\"%'"), ==, 1);
}

/* The hub gone: the dialog says it cannot ask, and the cashier confirms
 * by hand as before. */
static void
test_hand_confirm_offline (Fixture       *f,
                           gconstpointer  data)
{
  GtkWidget *dialog;
  g_autoptr(OcopSale) sale = NULL;
  g_autoptr(GError) error = NULL;

  test_hub_stop (&f->hub);
  dialog = pay_by_transfer (f);
  wait_bank_state (dialog, "Cannot ask the hub about this transfer");
  gtk_widget_activate_action (dialog, "payment.transfer", NULL);
  till_wait_frames (2);
  g_assert_null (ocop_till_page_get_payment_dialog (f->till.till_page));
  sale = ocop_store_load_sale (f->till.store, "#1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (ocop_sale_get_payment (sale, 0)->method, ==, OCOP_PAYMENT_TRANSFER);
  /* Confirmed by the signed-in cashier, by name; the hub back, it takes
   * the record. */
  g_assert_cmpstr (ocop_store_transfer_confirmed_by (f->till.store, ocop_sale_get_uuid (sale)), ==, "cashier");
  assert_today_says (f, "Cashier confirmed");
  test_hub_start (&f->hub, NULL);
  sync_round (f);
  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT count(*) FROM event WHERE kind = 'transfer_confirmed'"
                                       " AND payload LIKE '%\"confirmed_by\":\"cashier\"%'"
                                       " AND payload LIKE '%\"cashier\":\"%'"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  till_test_init (&argc, &argv);
  g_test_add ("/bank-transfer/bank-confirms", Fixture, NULL, fixture_set_up, test_bank_confirms, fixture_tear_down);
  g_test_add ("/bank-transfer/hand-confirm-offline", Fixture, NULL, fixture_set_up, test_hand_confirm_offline,
              fixture_tear_down);
  return g_test_run ();
}
