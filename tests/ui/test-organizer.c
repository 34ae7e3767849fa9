/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-organizer.c: the Organizer page against a real ocop-hub on
 * loopback: the hub's totals of the whole fair (two booths, two days)
 * equal the sales made, and when the hub is down or the laptop never
 * joined one, the page shows this booth's own figures and says so; on a
 * hub with organizer accounts, an organizer signs in on the page (a wrong
 * password changes nothing) to see the hub's figures, and signs out. */

#include <locale.h>
#include <string.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "ocop-money.h"
#include "ocop-organizer-page.h"
#include "ocop-store-outbox.h"
#include "ocop-sync-client.h"
#include "sync-fixture.h"
#include "test-util.h"
#include "till-test-util.h"

#define FAIR "qn-2024"
#define ORGANIZER "ban-to-chuc"
#define PASSWORD "hoa-sim-tim-2024"
#define WAIT_US (20 * G_USEC_PER_SEC)

typedef struct {
  TillFixture till;
  TestHub     hub;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  till_fixture_set_up (&f->till, data);
  test_hub_start (&f->hub, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  till_fixture_tear_down (&f->till, data);
  test_hub_clear (&f->hub);
}

/* Shows the page and waits until it shows an answer. */
static void
refreshed_cb (OcopOrganizerPage *page,
              gboolean          *done)
{
  *done = TRUE;
}

static OcopOrganizerPage *
show_organizer (Fixture *f)
{
  OcopOrganizerPage *page;
  gboolean done = FALSE;
  gint64 until = g_get_monotonic_time () + WAIT_US;
  gulong handler;

  /* Leave the page first, so that showing it asks the hub again. */
  ocop_window_show_today (f->till.window);
  page = ocop_window_show_organizer (f->till.window);
  handler = g_signal_connect (page, "refreshed", G_CALLBACK (refreshed_cb), &done);
  /* The page may already be asking (shown before): ask once more. */
  ocop_organizer_page_refresh (page);
  while (!done && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  g_signal_handler_disconnect (page, handler);
  g_assert_true (done);
  till_wait_frames (2);
  return page;
}

/* The value at the end of the row titled @title in list @list_name. */
static const char *
row_value (OcopOrganizerPage *page,
           const char        *list_name,
           const char        *title)
{
  GtkWidget *list = till_find_named (GTK_WIDGET (page), list_name);

  g_assert_nonnull (list);
  for (GtkWidget *row = gtk_widget_get_first_child (list); row; row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_ACTION_ROW (row) && g_str_equal (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title))
      return gtk_label_get_label (GTK_LABEL (till_find_named (row, "organizer-value")));
  return NULL;
}

static guint
n_rows (OcopOrganizerPage *page,
        const char        *list_name)
{
  GtkWidget *list = till_find_named (GTK_WIDGET (page), list_name);
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (list); row; row = gtk_widget_get_next_sibling (row))
    n += ADW_IS_ACTION_ROW (row);
  return n;
}

static void
assert_money (const char *shown,
              gint64      expected)
{
  g_autofree char *text = ocop_money_format (expected);

  g_assert_cmpstr (shown, ==, text);
}

static void
assert_count (const char *shown,
              gint64      expected)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, expected);

  g_assert_cmpstr (shown, ==, text);
}

/* Two teas at the till, paid in cash. */
static void
ring_up_two_teas (Fixture *f)
{
  for (int i = 0; i < 2; i++)
    {
      g_assert_true (till_scan (&f->till, "8936000010010"));
      gtk_widget_activate_action (GTK_WIDGET (f->till.window), "till.pay", NULL);
      gtk_widget_activate_action (GTK_WIDGET (ocop_till_page_get_payment_dialog (f->till.till_page)),
                                  "payment.cash", NULL);
      till_wait_frames (1);
    }
}

static gint64
revenue_of (OcopStore *store)
{
  return test_util_query_int (store, "SELECT coalesce (sum (total), 0) FROM sale");
}

static void
sync_now (OcopStore *store)
{
  g_autoptr(OcopSyncClient) client = ocop_sync_client_new (ocop_store_get_path (store));
  g_autoptr(GError) error = NULL;
  OcopSyncRound round;

  g_assert_true (ocop_sync_client_run_round (client, &round, NULL, &error));
  g_assert_no_error (error);
  ocop_sync_round_clear (&round);
  g_assert_cmpint (ocop_store_outbox_pending (store), ==, 0);
}

static const char *
label_of (OcopOrganizerPage *page,
          const char        *name)
{
  return gtk_label_get_label (GTK_LABEL (till_find_named (GTK_WIDGET (page), name)));
}

static gboolean
shown (OcopOrganizerPage *page,
       const char        *name)
{
  return gtk_widget_is_visible (till_find_named (GTK_WIDGET (page), name));
}

/* The reason on the page is @expected: no address, no libcurl words. */
static void
assert_plain (OcopOrganizerPage *page,
              const char        *expected)
{
  const char *reason = label_of (page, "organizer-reason");

  g_assert_cmpstr (reason, ==, expected);
  g_assert_null (strstr (reason, "127.0.0.1"));
  g_assert_null (strstr (reason, "/v1/"));
  g_assert_null (strstr (reason, "Failed to connect"));
}

/* The text under "Details", which is shown and closed: opened to read it,
 * then closed again. */
static char *
details_of (OcopOrganizerPage *page)
{
  GtkExpander *details = GTK_EXPANDER (till_find_named (GTK_WIDGET (page), "organizer-details"));
  char *text;

  g_assert_true (shown (page, "organizer-details"));
  g_assert_false (gtk_expander_get_expanded (details));
  gtk_expander_set_expanded (details, TRUE);
  till_wait_frames (1);
  text = g_strdup (label_of (page, "organizer-details-text"));
  gtk_expander_set_expanded (details, FALSE);
  return text;
}

/* No heading on the page calls the booth's own figures the fair's. */
static void
assert_headed_local (OcopOrganizerPage *page)
{
  g_assert_cmpstr (label_of (page, "organizer-fair-heading"), ==, _("This booth, every day of the fair"));
  g_assert_cmpstr (label_of (page, "organizer-today-heading"), ==, _("This booth today"));
  g_assert_null (till_find_label (GTK_WIDGET (page), _("The whole fair")));
  g_assert_null (till_find_label (GTK_WIDGET (page), _("By booth")));
}

/* The whole window at @width × @height, saved as NAME-WxH.png. */
static void
screenshot_at (Fixture    *f,
               const char *name,
               int         width,
               int         height)
{
  g_autofree char *file = g_strdup_printf ("%s-%dx%d", name, width, height);

  gtk_window_set_default_size (GTK_WINDOW (f->till.window), width, height);
  till_wait_frames (10);
  g_test_message ("%s: %d×%d", file, gtk_widget_get_width (GTK_WIDGET (f->till.window)),
                  gtk_widget_get_height (GTK_WIDGET (f->till.window)));
  g_free (till_screenshot (GTK_WIDGET (f->till.window), file));
}

static void
screenshots (Fixture    *f,
             const char *name)
{
  screenshot_at (f, name, 1024, 600);
  screenshot_at (f, name, 1366, 768);
}

static void
test_hub_then_local (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *code = test_hub_run (&f->hub, "enroll", "--fair", FAIR, "--booth", "QN-01", NULL);
  g_autoptr(OcopSyncClient) client = ocop_sync_client_new (ocop_store_get_path (f->till.store));
  g_autoptr(OcopStore) other = test_device_new (&f->hub, "other", FAIR, "QN-02");
  g_auto(GStrv) skus = NULL;
  const char *one[] = { NULL, NULL };
  g_autoptr(OcopSale) other_sale = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) raw = NULL;
  OcopOrganizerPage *page;
  gint64 till_revenue, other_revenue;
  g_autofree char *till_booth = NULL, *details = NULL;

  g_assert_true (ocop_sync_client_enroll (client, f->hub.url, code, NULL, &error));
  g_assert_no_error (error);
  ring_up_two_teas (f);
  g_assert_true (ocop_store_add_visitors (f->till.store, "Cổng chính", 40, NULL, &error));
  g_assert_no_error (error);
  /* Another booth, on another day of the fair (its clock is 2024-12-11). */
  skus = test_util_demo_skus (other, 1);
  one[0] = skus[0];
  other_sale = test_util_sell (other, one, 3, OCOP_PAYMENT_TRANSFER);
  sync_now (f->till.store);
  sync_now (other);
  till_revenue = revenue_of (f->till.store);
  other_revenue = revenue_of (other);
  g_assert_cmpint (till_revenue, ==, 2 * 650000);
  g_assert_cmpint (other_revenue, >, 0);

  /* The hub's figures: today is the till's day, the fair has both. */
  page = show_organizer (f);
  g_assert_true (ocop_organizer_page_is_from_hub (page));
  g_assert_true (g_str_has_prefix (ocop_organizer_page_get_as_of (page), "Whole fair, from the hub, as of "));
  g_assert_nonnull (till_find_label (GTK_WIDGET (page), "The whole fair"));
  g_assert_false (shown (page, "organizer-details"));
  /* A hub with no organizer account and no admin token asks no one to
   * sign in. */
  g_assert_false (gtk_widget_get_visible (till_find_named (GTK_WIDGET (page), "organizer-sign-in")));
  assert_count (row_value (page, "organizer-today", "Sales"), 2);
  assert_count (row_value (page, "organizer-today", "Visitors"), 40);
  assert_money (row_value (page, "organizer-today", "Revenue"), till_revenue);
  assert_count (row_value (page, "organizer-fair", "Sales"), 3);
  assert_money (row_value (page, "organizer-fair", "Revenue"), till_revenue + other_revenue);
  g_assert_cmpuint (n_rows (page, "organizer-booths"), ==, 2);
  till_booth = g_strdup (row_value (page, "organizer-booths", "QN-01"));
  g_assert_true (g_str_has_prefix (till_booth, "2 sales · "));
  g_assert_true (g_str_has_prefix (row_value (page, "organizer-booths", "QN-02"), "1 sale · "));
  assert_money (row_value (page, "organizer-methods", "Cash"), till_revenue);
  assert_money (row_value (page, "organizer-methods", "Bank transfer"), other_revenue);
  /* The hub's own endpoint says the same. */
  raw = test_hub_totals (&f->hub, FAIR, NULL);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (raw), "revenue"), ==, till_revenue + other_revenue);
  g_free (till_screenshot (GTK_WIDGET (f->till.window), "organizer-hub"));

  /* The hub goes down: this booth's own figures, said to be so. */
  test_hub_stop (&f->hub);
  page = show_organizer (f);
  g_assert_false (ocop_organizer_page_is_from_hub (page));
  g_assert_true (g_str_has_prefix (ocop_organizer_page_get_as_of (page), "This booth only, as of "));
  /* What to do, in plain words; the address and curl's words only under
   * Details, closed. */
  assert_plain (page, "The fair's hub does not answer. Check that this laptop is on the fair's network, then try again.");
  details = details_of (page);
  g_assert_nonnull (strstr (details, "127.0.0.1"));
  /* This booth's figures are headed as this booth's, never the fair's. */
  assert_headed_local (page);
  assert_count (row_value (page, "organizer-today", "Sales"), 2);
  assert_count (row_value (page, "organizer-today", "Visitors"), 40);
  assert_money (row_value (page, "organizer-fair", "Revenue"), till_revenue);
  g_assert_cmpuint (n_rows (page, "organizer-booths"), ==, 1);
  g_assert_true (g_str_has_prefix (row_value (page, "organizer-booths", "QN-01"), "2 sales · "));
  g_free (till_screenshot (GTK_WIDGET (f->till.window), "organizer-local"));
}

static void
test_not_joined (Fixture       *f,
                 gconstpointer  data)
{
  OcopOrganizerPage *page;

  ring_up_two_teas (f);
  page = show_organizer (f);
  g_assert_false (ocop_organizer_page_is_from_hub (page));
  g_assert_true (g_str_has_prefix (ocop_organizer_page_get_as_of (page), "This booth only, as of "));
  g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (till_find_named (GTK_WIDGET (page), "organizer-reason"))),
                                   "This laptop has not joined the fair's hub"));
  assert_count (row_value (page, "organizer-today", "Sales"), 2);
  assert_money (row_value (page, "organizer-today", "Revenue"), revenue_of (f->till.store));
}

/* ---- signing in as an organizer ---- */

static void
add_organizer (Fixture *f)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                              g_getenv ("OCOP_HUB"), "user", "add", "--db", f->hub.db, ORGANIZER, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, PASSWORD "\n", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
}

static void
flag_cb (OcopOrganizerPage *page,
         gboolean          *flag)
{
  *flag = TRUE;
}

static void
wait_for_flag (gboolean *flag)
{
  gint64 until = g_get_monotonic_time () + WAIT_US;

  while (!*flag && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (*flag);
  till_wait_frames (2);
}

/* Types @password into the form and presses "Sign in as organizer";
 * returns once the hub answered the sign-in and, when @refreshes, once
 * the page shows what it then reads. */
static void
sign_in_with (OcopOrganizerPage *page,
              const char        *password,
              gboolean           refreshes)
{
  gboolean answered = FALSE, refreshed = FALSE;
  gulong on_answer = g_signal_connect (page, "session-changed", G_CALLBACK (flag_cb), &answered);
  gulong on_refresh = g_signal_connect (page, "refreshed", G_CALLBACK (flag_cb), &refreshed);

  gtk_editable_set_text (GTK_EDITABLE (till_find_named (GTK_WIDGET (page), "organizer-name")), ORGANIZER);
  gtk_editable_set_text (GTK_EDITABLE (till_find_named (GTK_WIDGET (page), "organizer-password")), password);
  gtk_widget_activate_action (GTK_WIDGET (page), "organizer.sign-in", NULL);
  wait_for_flag (&answered);
  if (refreshes)
    wait_for_flag (&refreshed);
  g_signal_handler_disconnect (page, on_answer);
  g_signal_handler_disconnect (page, on_refresh);
}

static void
test_sign_in (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *code = test_hub_run (&f->hub, "enroll", "--fair", FAIR, "--booth", "QN-01", NULL);
  g_autoptr(OcopSyncClient) client = ocop_sync_client_new (ocop_store_get_path (f->till.store));
  g_autoptr(OcopStore) other = test_device_new (&f->hub, "other", FAIR, "QN-02");
  g_auto(GStrv) skus = NULL;
  const char *one[] = { NULL, NULL };
  g_autoptr(OcopSale) other_sale = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *organizer = NULL;
  OcopOrganizerPage *page;
  gint64 till_revenue, other_revenue;
  gboolean answered = FALSE, refreshed = FALSE;
  gulong on_answer, on_refresh;

  g_assert_true (ocop_sync_client_enroll (client, f->hub.url, code, NULL, &error));
  g_assert_no_error (error);
  ring_up_two_teas (f);
  skus = test_util_demo_skus (other, 1);
  one[0] = skus[0];
  other_sale = test_util_sell (other, one, 3, OCOP_PAYMENT_TRANSFER);
  sync_now (f->till.store);
  sync_now (other);
  till_revenue = revenue_of (f->till.store);
  other_revenue = revenue_of (other);
  add_organizer (f);

  /* The hub has organizers: the booth's token reads nothing, the page
   * shows this booth's figures and asks for an organizer. */
  page = show_organizer (f);
  g_assert_false (ocop_organizer_page_is_from_hub (page));
  g_assert_true (g_str_has_prefix (ocop_organizer_page_get_as_of (page), "This booth only, as of "));
  g_assert_cmpstr (label_of (page, "organizer-reason"), ==,
                   "The hub shows the whole fair's figures to organizers only: sign in as an organizer to see them.");
  g_assert_true (shown (page, "organizer-sign-in"));
  g_assert_false (shown (page, "organizer-signed-in"));
  assert_money (row_value (page, "organizer-fair", "Revenue"), till_revenue);
  g_free (till_screenshot (GTK_WIDGET (f->till.window), "organizer-sign-in"));

  /* A wrong password: said plainly, and nothing else changes. */
  sign_in_with (page, "doan-mo-mat-khau", FALSE);
  g_assert_cmpstr (label_of (page, "organizer-sign-in-message"), ==,
                   "Wrong name or password. Nothing was changed: try again.");
  g_assert_null (ocop_organizer_page_dup_organizer (page));
  g_assert_false (ocop_organizer_page_is_from_hub (page));
  g_assert_true (shown (page, "organizer-sign-in"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (till_find_named (GTK_WIDGET (page), "organizer-password"))), ==, "");
  assert_money (row_value (page, "organizer-fair", "Revenue"), till_revenue);
  assert_count (row_value (page, "organizer-today", "Sales"), 2);
  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT count (*) FROM organizer_session"), ==, 0);
  g_free (till_screenshot (GTK_WIDGET (f->till.window), "organizer-wrong-password"));

  /* The right one: the whole fair from the hub, both booths' sums. */
  sign_in_with (page, PASSWORD, TRUE);
  organizer = ocop_organizer_page_dup_organizer (page);
  g_assert_cmpstr (organizer, ==, ORGANIZER);
  g_assert_true (ocop_organizer_page_is_from_hub (page));
  g_assert_true (g_str_has_prefix (ocop_organizer_page_get_as_of (page), "Whole fair, from the hub, as of "));
  g_assert_false (shown (page, "organizer-sign-in"));
  g_assert_true (shown (page, "organizer-signed-in"));
  g_assert_cmpstr (label_of (page, "organizer-signed-in"), ==, "Signed in as organizer " ORGANIZER);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (till_find_named (GTK_WIDGET (page), "organizer-password"))), ==, "");
  assert_count (row_value (page, "organizer-fair", "Sales"), 3);
  assert_money (row_value (page, "organizer-fair", "Revenue"), till_revenue + other_revenue);
  assert_money (row_value (page, "organizer-today", "Revenue"), till_revenue);
  g_assert_cmpuint (n_rows (page, "organizer-booths"), ==, 2);
  assert_money (row_value (page, "organizer-methods", "Bank transfer"), other_revenue);
  /* The session is the hub's (hashed) and nowhere in the booth's store. */
  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT count (*) FROM organizer_session"), ==, 1);
  g_assert_cmpint (test_util_query_int (f->till.store, "SELECT count (*) FROM meta WHERE value LIKE '%" ORGANIZER "%'"), ==, 0);
  g_free (till_screenshot (GTK_WIDGET (f->till.window), "organizer-signed-in"));

  /* Sign out: the session ends at the hub, the booth's own figures are
   * back and the form asks again. */
  on_answer = g_signal_connect (page, "session-changed", G_CALLBACK (flag_cb), &answered);
  on_refresh = g_signal_connect (page, "refreshed", G_CALLBACK (flag_cb), &refreshed);
  gtk_widget_activate_action (GTK_WIDGET (page), "organizer.sign-out", NULL);
  wait_for_flag (&answered);
  wait_for_flag (&refreshed);
  g_signal_handler_disconnect (page, on_answer);
  g_signal_handler_disconnect (page, on_refresh);
  g_assert_null (ocop_organizer_page_dup_organizer (page));
  g_assert_false (ocop_organizer_page_is_from_hub (page));
  g_assert_true (g_str_has_prefix (ocop_organizer_page_get_as_of (page), "This booth only, as of "));
  g_assert_true (shown (page, "organizer-sign-in"));
  g_assert_false (shown (page, "organizer-signed-in"));
  assert_money (row_value (page, "organizer-fair", "Revenue"), till_revenue);
  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT count (*) FROM organizer_session"), ==, 0);
  g_free (till_screenshot (GTK_WIDGET (f->till.window), "organizer-signed-out"));
}

/* ---- in Vietnamese, as booth staff and organizers read it ---- */

static void
fixture_vi_set_up (Fixture       *f,
                   gconstpointer  data)
{
  /* Before the window is built, as the till chooses it at start. */
  g_setenv ("LANGUAGE", "vi", TRUE);
  fixture_set_up (f, data);
}

static void
fixture_vi_tear_down (Fixture       *f,
                      gconstpointer  data)
{
  fixture_tear_down (f, data);
  g_unsetenv ("LANGUAGE");
}

static void
test_errors_in_vietnamese (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *code = test_hub_run (&f->hub, "enroll", "--fair", FAIR, "--booth", "QN-01", NULL);
  g_autoptr(OcopSyncClient) client = ocop_sync_client_new (ocop_store_get_path (f->till.store));
  g_autoptr(GError) error = NULL;
  g_autofree char *details = NULL;
  OcopOrganizerPage *page;

  g_assert_true (ocop_sync_client_enroll (client, f->hub.url, code, NULL, &error));
  g_assert_no_error (error);
  ring_up_two_teas (f);
  sync_now (f->till.store);

  /* The hub is away: what to do, in Vietnamese; this booth's figures
   * headed as this booth's. */
  test_hub_stop (&f->hub);
  page = show_organizer (f);
  g_assert_false (ocop_organizer_page_is_from_hub (page));
  assert_plain (page, "Máy chủ của hội chợ không trả lời. Hãy kiểm tra máy này đã kết nối mạng của hội chợ chưa, "
                      "rồi thử lại.");
  g_assert_true (g_str_has_prefix (ocop_organizer_page_get_as_of (page), "Chỉ riêng gian hàng này, tính đến "));
  g_assert_cmpstr (label_of (page, "organizer-fair-heading"), ==, "Gian hàng này, mọi ngày của hội chợ");
  g_assert_null (till_find_label (GTK_WIDGET (page), "Toàn hội chợ"));
  assert_count (row_value (page, "organizer-today", _("Sales")), 2);
  screenshots (f, "organizer-hub-away-vi");
  gtk_expander_set_expanded (GTK_EXPANDER (till_find_named (GTK_WIDGET (page), "organizer-details")), TRUE);
  screenshot_at (f, "organizer-hub-away-details-vi", 1366, 768);
  gtk_expander_set_expanded (GTK_EXPANDER (till_find_named (GTK_WIDGET (page), "organizer-details")), FALSE);

  /* A store that holds a plain http address of another computer: refused
   * before anything is sent, and said how to fix it. */
  g_assert_true (ocop_store_save_sync_state (f->till.store,
                                            &(OcopSyncClientState) { .hub_url = (char *) "http://hub.example.org:8787" },
                                            OCOP_SYNC_FIELD_HUB_URL, &error));
  page = show_organizer (f);
  assert_plain (page, "Địa chỉ máy chủ là http thường tới một máy khác, không an toàn: hãy nhập địa chỉ https:// của "
                      "máy chủ trong Cài đặt. Chỉ khi ở trong mạng tin cậy mới bật “Cho phép http thường”.");
  details = details_of (page);
  g_assert_nonnull (strstr (details, "Chưa gửi gì cả"));
  screenshots (f, "organizer-plain-http-vi");
}

int
main (int    argc,
      char **argv)
{
  /* The catalogs of the build tree, for the case in Vietnamese (the
   * others run in English: LANGUAGE unset on C.UTF-8). */
  setlocale (LC_ALL, "");
  bindtextdomain ("ocop-pos", g_getenv ("OCOP_LOCALEDIR"));
  bind_textdomain_codeset ("ocop-pos", "UTF-8");
  textdomain ("ocop-pos");
  till_test_init (&argc, &argv);
  g_test_add ("/organizer/hub-then-local", Fixture, NULL, fixture_set_up, test_hub_then_local, fixture_tear_down);
  g_test_add ("/organizer/not-joined", Fixture, NULL, fixture_set_up, test_not_joined, fixture_tear_down);
  g_test_add ("/organizer/sign-in", Fixture, NULL, fixture_set_up, test_sign_in, fixture_tear_down);
  g_test_add ("/organizer/errors-in-vietnamese", Fixture, NULL, fixture_vi_set_up, test_errors_in_vietnamese,
              fixture_vi_tear_down);
  return g_test_run ();
}
