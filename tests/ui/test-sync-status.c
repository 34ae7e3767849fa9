/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sync-status.c: the till with a real ocop-hub on loopback: joining
 * the hub from Settings with a one-time code, the status bar's plain words
 * while sales wait, sync, go offline and come back, and a revoked laptop. */

#include <string.h>
#include <json-glib/json-glib.h>

#include "ocop-preferences-window.h"
#include "ocop-settings.h"
#include "ocop-store-outbox.h"
#include "ocop-sync-status.h"
#include "sync-fixture.h"
#include "test-util.h"
#include "till-test-util.h"

#define FAIR "qn-2024"
#define BOOTH "QN-01"            /* the demo store's booth */
#define WAIT_US (20 * G_USEC_PER_SEC)

typedef struct {
  TillFixture till;
  TestHub     hub;
  GSettings  *settings;
  char       *pki_dir;    /* a hub serving HTTPS: its certificate and key */
  char       *cert;
  char       *key;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->settings = ocop_settings_new ();
  g_settings_set_string (f->settings, "hub-url", "");
  till_fixture_set_up (&f->till, data);
  /* A first round at once, then only when kicked or after a minute: the
   * test sees each round it causes. */
  ocop_sync_status_set_timing (ocop_window_get_sync_status (f->till.window), 0, 60000);
  test_hub_start (&f->hub, NULL);
}

/* The same with a hub that serves HTTPS with a self-signed certificate,
 * as a fair-site hub on a laptop does. */
static void
fixture_set_up_tls (Fixture       *f,
                    gconstpointer  data)
{
  f->pki_dir = test_util_make_dir ();
  f->cert = test_make_certificate (f->pki_dir, "hub.pem", &f->key);
  f->hub.tls_cert = f->cert;
  f->hub.tls_key = f->key;
  fixture_set_up (f, data);
  g_assert_true (g_str_has_prefix (f->hub.url, "https://"));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  till_fixture_tear_down (&f->till, data);
  test_hub_clear (&f->hub);
  if (f->pki_dir != NULL)
    test_util_remove_dir (f->pki_dir);
  g_free (f->pki_dir);
  g_free (f->cert);
  g_free (f->key);
  g_settings_set_string (f->settings, "hub-url", "");
  g_clear_object (&f->settings);
}

static const char *
status_text (Fixture *f)
{
  return ocop_window_get_sync_text (f->till.window);
}

/* Runs the main loop until the status bar's sync line starts with
 * @prefix; fails the test with what it says after WAIT_US. */
static void
wait_for_status (Fixture    *f,
                 const char *prefix)
{
  gint64 until = g_get_monotonic_time () + WAIT_US;

  while (!g_str_has_prefix (status_text (f), prefix) && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  if (!g_str_has_prefix (status_text (f), prefix))
    g_error ("the status bar says “%s”, not “%s…”", status_text (f), prefix);
}

static void
wait_for_join_outcome (AdwExpanderRow *row)
{
  gint64 until = g_get_monotonic_time () + WAIT_US;

  while (g_str_equal (adw_expander_row_get_subtitle (row), "Joining the hub…") && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

static AdwExpanderRow *
join_row_of (GtkWidget *root)
{
  /* The expander that holds the code: Settings has other expanders. */
  GtkEditable *code = till_row_titled (root, "One-time code");

  return code ? ADW_EXPANDER_ROW (gtk_widget_get_ancestor (GTK_WIDGET (code), ADW_TYPE_EXPANDER_ROW)) : NULL;
}

/* Types @url and @code into Settings' "Join the fair's hub…" row, joins,
 * and returns what the row says once the hub answered. */
static const char *
join_from_settings (OcopPreferencesWindow *prefs,
                    const char            *url,
                    const char            *code)
{
  AdwExpanderRow *row = join_row_of (GTK_WIDGET (prefs));

  g_assert_nonnull (row);
  gtk_editable_set_text (till_row_titled (GTK_WIDGET (prefs), "Address of the fair's hub"), url);
  gtk_editable_set_text (till_row_titled (GTK_WIDGET (prefs), "One-time code"), code);
  gtk_widget_activate_action (GTK_WIDGET (prefs), "prefs.join-hub", NULL);
  wait_for_join_outcome (row);
  return adw_expander_row_get_subtitle (row);
}

/* Rings up one tea (650.000 ₫) paid in cash, and says what the status bar
 * shows the moment the sale is recorded, before any round could run. */
static char *
sell_tea (Fixture *f)
{
  GtkWindow *dialog;

  g_assert_true (till_scan (&f->till, "8936000010010"));
  gtk_widget_activate_action (GTK_WIDGET (f->till.window), "till.pay", NULL);
  dialog = ocop_till_page_get_payment_dialog (f->till.till_page);
  g_assert_nonnull (dialog);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "payment.cash", NULL);
  return g_strdup (status_text (f));
}

/* The status bar alone: the toasts of the sales cover the window's. */
static void
screenshot_status_bar (Fixture    *f,
                       const char *name)
{
  GtkLabel *label = till_find_label (GTK_WIDGET (f->till.window), status_text (f));

  g_assert_nonnull (label);
  g_free (till_screenshot (gtk_widget_get_parent (GTK_WIDGET (label)), name));
}

static gint64
member_int (JsonNode   *node,
            const char *name)
{
  return json_object_get_int_member (json_node_get_object (node), name);
}

/* What the hub counts for the fair equals what the till recorded. */
static void
assert_hub_has_sales (Fixture *f,
                      gint64   sales)
{
  g_autoptr(JsonNode) totals = test_hub_totals (&f->hub, FAIR, NULL);
  gint64 revenue = 0;

  for (gint64 i = 1; i <= sales; i++)
    {
      g_autofree char *ref = g_strdup_printf ("#%" G_GINT64_FORMAT, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(OcopSale) sale = ocop_store_load_sale (f->till.store, ref, &error);

      g_assert_no_error (error);
      revenue += ocop_sale_get_total (sale);
    }
  g_assert_cmpint (member_int (totals, "sales"), ==, sales);
  g_assert_cmpint (member_int (totals, "revenue"), ==, revenue);
}

static void
test_join_sync_offline_revoked (Fixture       *f,
                                gconstpointer  data)
{
  OcopSyncStatus *status = ocop_window_get_sync_status (f->till.window);
  OcopPreferencesWindow *prefs;
  g_autofree char *code = test_hub_run (&f->hub, "enroll", "--fair", FAIR, "--booth", BOOTH, NULL);
  g_autofree char *device_id = NULL;
  g_autofree char *on_sale = NULL;
  g_autofree char *hub_url = NULL;
  g_autofree char *revoked = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopSale) offline_sale = NULL;
  gint64 seq_before;

  /* Before joining, the till says so and keeps everything. */
  g_assert_true (g_str_has_prefix (status_text (f), "Not connected to a hub · "));
  g_assert_nonnull (till_find_label (GTK_WIDGET (f->till.window), "Offline: sales are kept on this laptop"));

  prefs = ocop_preferences_window_new (GTK_WINDOW (f->till.window), f->till.store, f->settings);
  gtk_window_present (GTK_WINDOW (prefs));
  till_wait_frames (3);

  /* A wrong code and an unreachable hub are told apart, in plain words. */
  g_assert_nonnull (strstr (join_from_settings (prefs, f->hub.url, "ABCD-EFGH-JKMN"),
                            "The hub did not accept the code: "));
  g_assert_nonnull (strstr (ocop_preferences_window_get_last_message (prefs), "enrollment code is unknown"));
  g_assert_true (g_str_has_prefix (join_from_settings (prefs, "http://127.0.0.1:1", code),
                                   "Cannot reach the hub at http://127.0.0.1:1"));
  g_assert_true (g_str_has_prefix (join_from_settings (prefs, "ftp://hub", code), "“ftp://hub” is not a hub address"));
  g_assert_true (g_str_has_prefix (join_from_settings (prefs, f->hub.url, ""), "Type the one-time code"));
  g_assert_true (g_str_has_prefix (status_text (f), "Not connected to a hub"));

  /* The right code: joined, the address kept, and the first round runs. */
  g_assert_true (g_str_has_prefix (join_from_settings (prefs, f->hub.url, code),
                                   "This laptop joined the fair's hub at "));
  hub_url = g_settings_get_string (f->settings, "hub-url");
  g_assert_cmpstr (hub_url, ==, f->hub.url);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "till");
  adw_expander_row_set_expanded (join_row_of (GTK_WIDGET (prefs)), TRUE);
  g_free (till_screenshot (GTK_WIDGET (prefs), "sync-joined-settings"));
  /* Joining twice is refused: the hub has this laptop already. */
  g_assert_true (g_str_has_prefix (join_from_settings (prefs, f->hub.url, code),
                                   "This laptop has already joined the hub at "));
  gtk_window_destroy (GTK_WINDOW (prefs));
  wait_for_status (f, "Synced just now · 0 waiting");
  g_assert_nonnull (till_find_label (GTK_WIDGET (f->till.window), "Connected to the hub"));
  assert_hub_has_sales (f, 0);

  /* A sale waits the moment it is recorded, then goes up on its own: two
   * events, the sale and the business day it opened. (The round it kicks
   * runs on a worker and may be done already, so the outbox's length, not
   * what is still pending, is what can be checked here.) */
  seq_before = ocop_store_outbox_last_seq (f->till.store);
  on_sale = sell_tea (f);
  g_assert_cmpint (ocop_store_outbox_last_seq (f->till.store) - seq_before, ==, 2);
  g_assert_cmpstr (on_sale, ==, "Synced just now · 2 waiting");
  wait_for_status (f, "Synced just now · 0 waiting");
  g_clear_pointer (&on_sale, g_free);
  on_sale = sell_tea (f);
  wait_for_status (f, "Synced just now · 0 waiting");
  g_assert_cmpint (ocop_store_outbox_pending (f->till.store), ==, 0);
  assert_hub_has_sales (f, 2);
  screenshot_status_bar (f, "sync-synced");

  /* The hub goes away: the sale is still recorded, and the till says it
   * waits, with the time of the last sync. */
  test_hub_stop (&f->hub);
  g_clear_pointer (&on_sale, g_free);
  on_sale = sell_tea (f);
  g_assert_cmpstr (on_sale, ==, "Synced just now · 1 waiting");
  wait_for_status (f, "Offline: 1 waiting, last sync ");
  offline_sale = ocop_store_load_sale (f->till.store, "#3", &error);
  g_assert_no_error (error);
  g_assert_nonnull (till_find_label (GTK_WIDGET (f->till.window), "Offline: sales are kept on this laptop"));
  screenshot_status_bar (f, "sync-offline");

  /* Back: the waiting sale goes up and nothing is counted twice. */
  test_hub_start (&f->hub, NULL);
  ocop_sync_scheduler_sync_now (ocop_sync_status_get_scheduler (status));
  wait_for_status (f, "Synced just now · 0 waiting");
  assert_hub_has_sales (f, 3);

  /* The organizer revokes this laptop: the till says so, not "offline". */
  device_id = test_util_sync_text (f->till.store, device_id);
  g_free (test_hub_run (&f->hub, "revoke", device_id, NULL));
  g_clear_pointer (&on_sale, g_free);
  on_sale = sell_tea (f);
  wait_for_status (f, "Hub refused this laptop (revoked): ask the organizer");
  screenshot_status_bar (f, "sync-revoked");
  /* The sale is kept on the laptop all the same. */
  g_assert_cmpint (ocop_store_outbox_pending (f->till.store), >, 0);
  assert_hub_has_sales (f, 3);
}

/* A hub with a certificate of its own: refused until the booth has the
 * certificate the organizer handed out, refused with another key's pin,
 * joined with both, and the sales go up over HTTPS. */
static void
test_join_tls (Fixture       *f,
               gconstpointer  data)
{
  OcopPreferencesWindow *prefs;
  g_autofree char *code = test_hub_run (&f->hub, "enroll", "--fair", FAIR, "--booth", BOOTH, NULL);
  g_autofree char *other_key = NULL;
  g_autofree char *other_cert = test_make_certificate (f->pki_dir, "impostor.pem", &other_key);
  g_autofree char *other_pin = test_public_key_pin (other_cert);
  g_autofree char *pin = test_public_key_pin (f->cert);
  g_autofree char *on_sale = NULL;
  g_autofree char *hub_url = NULL;
  g_autoptr(GFile) cert_file = g_file_new_for_path (f->cert);
  g_autoptr(GFile) key_file = g_file_new_for_path (f->key);
  g_autoptr(GError) error = NULL;
  const char *outcome;

  prefs = ocop_preferences_window_new (GTK_WINDOW (f->till.window), f->till.store, f->settings);
  gtk_window_present (GTK_WINDOW (prefs));
  till_wait_frames (3);

  /* The system's authorities do not know a laptop's own certificate. */
  outcome = join_from_settings (prefs, f->hub.url, code);
  g_assert_true (g_str_has_prefix (outcome, "This laptop cannot trust the hub at https://127.0.0.1:"));
  g_assert_nonnull (strstr (outcome, "not trusted"));

  /* A file that is not a certificate is named and not kept. */
  g_assert_false (ocop_preferences_window_set_hub_certificate (prefs, key_file, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "“hub.pem.key” is not a certificate"));
  g_clear_error (&error);

  /* The certificate, with the pin of another key: refused, nothing kept. */
  g_assert_true (ocop_preferences_window_set_hub_certificate (prefs, cert_file, &error));
  g_assert_no_error (error);
  g_assert_nonnull (till_find_label (GTK_WIDGET (prefs), "hub.pem"));
  gtk_editable_set_text (till_row_titled (GTK_WIDGET (prefs), "Hub's key pin (sha256//…), if the organizer gave one"),
                         other_pin);
  outcome = join_from_settings (prefs, f->hub.url, code);
  g_assert_true (g_str_has_prefix (outcome, "This laptop cannot trust the hub at https://127.0.0.1:"));
  g_assert_nonnull (strstr (outcome, "pinned"));
  g_assert_null (test_util_sync_text (f->till.store, device_id));

  /* The certificate and its own key's pin: joined, and sales go up. */
  gtk_editable_set_text (till_row_titled (GTK_WIDGET (prefs), "Hub's key pin (sha256//…), if the organizer gave one"),
                         pin);
  outcome = join_from_settings (prefs, f->hub.url, code);
  g_assert_true (g_str_has_prefix (outcome, "This laptop joined the fair's hub at https://127.0.0.1:"));
  hub_url = g_settings_get_string (f->settings, "hub-url");
  g_assert_cmpstr (hub_url, ==, f->hub.url);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "till");
  adw_expander_row_set_expanded (join_row_of (GTK_WIDGET (prefs)), TRUE);
  till_wait_frames (3);
  g_free (till_screenshot (GTK_WIDGET (prefs), "sync-joined-tls-settings"));
  gtk_window_destroy (GTK_WINDOW (prefs));
  wait_for_status (f, "Synced just now · 0 waiting");
  on_sale = sell_tea (f);
  wait_for_status (f, "Synced just now · 0 waiting");
  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT sales FROM device"), ==, 1);
  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT revenue FROM device"), ==, 650000);
}

int
main (int    argc,
      char **argv)
{
  till_test_init (&argc, &argv);
  g_test_add ("/sync-status/join-sync-offline-revoked", Fixture, NULL,
              fixture_set_up, test_join_sync_offline_revoked, fixture_tear_down);
  g_test_add ("/sync-status/join-tls", Fixture, NULL, fixture_set_up_tls, test_join_tls, fixture_tear_down);
  return g_test_run ();
}
