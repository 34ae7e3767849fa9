/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-approval.c: voids, refunds and closing the day need an active
 * supervisor's name and PIN, on a real store file: every refusal names
 * what was wrong and leaves the journal, the outbox and the print queue as
 * they were; wrong PINs are rate-limited; the approver is kept with the
 * record, its event and its receipt, and the day's close keeps the cash. */

#include <json-glib/json-glib.h>

#include "ocop-receipt.h"
#include "ocop-report.h"
#include "ocop-store-private.h"
#include "test-util.h"

typedef TestStoreFixture Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopApproval) hung = NULL;

  test_util_store_fixture_set_up (f, data);
  /* The demo's cashiers: Hùng supervises (9999), Lan sells (1111). One
   * more supervisor, who leaves. */
  ocop_store_set_cashier (f->store, "Minh", "7777", TRUE, &error);
  g_assert_no_error (error);
  hung = ocop_store_approve (f->store, "Hùng", "9999", &error);
  g_assert_no_error (error);
  g_assert_true (ocop_store_deactivate_cashier (f->store, hung, "Minh", &error));
  ocop_store_set_queue_receipts (f->store, TRUE);
}

static char *
query_text (OcopStore  *store,
            const char *sql)
{
  sqlite3_stmt *stmt = ocop_store_prepare (store, sql, NULL);
  char *text = NULL;

  g_assert_nonnull (stmt);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  g_assert_nonnull (text);
  return text;
}

/* What a refusal must leave alone. */
typedef struct {
  gint64 sales, outbox, print_jobs;
} Counts;

static Counts
counts (Fixture *f)
{
  return (Counts) {
    test_util_query_int (f->store, "SELECT count (*) FROM sale"),
    test_util_query_int (f->store, "SELECT count (*) FROM outbox"),
    test_util_query_int (f->store, "SELECT count (*) FROM print_job"),
  };
}

static void
assert_unchanged (Fixture      *f,
                  const Counts *before)
{
  Counts now = counts (f);

  g_assert_cmpint (now.sales, ==, before->sales);
  g_assert_cmpint (now.outbox, ==, before->outbox);
  g_assert_cmpint (now.print_jobs, ==, before->print_jobs);
}

/* ocop_store_approve refuses @name with @pin, with a message holding
 * @needle. */
static void
assert_refused (Fixture    *f,
                const char *name,
                const char *pin,
                const char *needle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopApproval) approval = ocop_store_approve (f->store, name, pin, &error);

  g_assert_null (approval);
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_NOT_APPROVED);
  g_assert_nonnull (strstr (error->message, needle));
}

static void
test_who_may_approve (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(OcopSale) sale = test_util_sell (f->store, (const char * const *) f->skus, 1, OCOP_PAYMENT_CASH);
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopApproval) approval = NULL;
  Counts before = counts (f);

  assert_refused (f, NULL, "9999", "supervisor's name and PIN");
  assert_refused (f, "  ", "9999", "supervisor's name and PIN");
  assert_refused (f, "Giám sát Lan", "9999", "no cashier “Giám sát Lan”");
  assert_refused (f, "Lan", "1111", "“Lan” is not a supervisor");
  assert_refused (f, "Minh", "7777", "“Minh” has been deactivated");
  assert_refused (f, "Hùng", "1111", "Wrong PIN for “Hùng”");
  assert_refused (f, "Hùng", "", "Wrong PIN for “Hùng”");

  /* Without an approval the store records nothing either. */
  g_assert_null (ocop_store_void_sale (f->store, "#1", "khách đổi ý", "Lan", NULL, &error));
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_NOT_APPROVED);
  g_clear_error (&error);
  g_assert_null (ocop_store_refund_sale (f->store, "#1", NULL, 0, OCOP_PAYMENT_CASH, "hỏng", "Lan", NULL, &error));
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_NOT_APPROVED);
  g_clear_error (&error);
  assert_unchanged (f, &before);

  approval = ocop_store_approve (f->store, " Hùng ", "9999", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ocop_approval_get_approver (approval), ==, "Hùng");
}

static void
test_approver_recorded (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(OcopSale) first = test_util_sell (f->store, (const char * const *) f->skus, 1, OCOP_PAYMENT_CASH);
  g_autoptr(OcopSale) second = test_util_sell (f->store, (const char * const *) f->skus, 2, OCOP_PAYMENT_CASH);
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopApproval) approval = ocop_store_approve (f->store, "Hùng", "9999", &error);
  g_autoptr(OcopSale) voided = NULL, refund = NULL, loaded = NULL;
  g_autoptr(OcopReceipt) receipt = NULL;
  g_autofree char *text = NULL, *payload = NULL, *sale_payload = NULL;
  Counts before;

  g_assert_no_error (error);
  before = counts (f);
  voided = ocop_store_void_sale (f->store, "#1", "khách đổi ý", "Lan", approval, &error);
  g_assert_no_error (error);
  refund = ocop_store_refund_sale (f->store, "#2", f->skus[0], 1, OCOP_PAYMENT_CASH, "hộp vỡ", NULL, approval, &error);
  g_assert_no_error (error);
  /* Each records one row, one event and one receipt to print. */
  g_assert_cmpint (counts (f).sales, ==, before.sales + 2);
  g_assert_cmpint (counts (f).outbox, ==, before.outbox + 2);
  g_assert_cmpint (counts (f).print_jobs, ==, before.print_jobs + 2);

  /* In the journal, as read back from the file. */
  loaded = ocop_store_load_sale (f->store, "#3", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ocop_sale_get_approver (loaded), ==, "Hùng");
  g_assert_cmpstr (ocop_sale_get_cashier (loaded), ==, "Lan");
  g_clear_object (&loaded);
  loaded = ocop_store_load_sale (f->store, "#4", &error);
  g_assert_cmpstr (ocop_sale_get_approver (loaded), ==, "Hùng");
  g_assert_cmpstr (ocop_sale_get_approver (first), ==, NULL);

  /* In the events for the hub; a sale's event has no such member. */
  payload = query_text (f->store, "SELECT payload FROM outbox WHERE kind = 'void'");
  g_assert_nonnull (strstr (payload, "\"approver\":\"Hùng\""));
  g_free (payload);
  payload = query_text (f->store, "SELECT payload FROM outbox WHERE kind = 'refund'");
  g_assert_nonnull (strstr (payload, "\"approver\":\"Hùng\""));
  sale_payload = query_text (f->store, "SELECT payload FROM outbox WHERE kind = 'sale' LIMIT 1");
  g_assert_null (strstr (sale_payload, "approver"));

  /* On the void's receipt. */
  receipt = ocop_receipt_new_for_sale (f->store, voided, NULL, &error);
  g_assert_no_error (error);
  text = ocop_receipt_to_text (receipt);
  g_assert_nonnull (strstr (text, "Approved by"));
  g_assert_nonnull (strstr (text, "Hùng"));
}

/* An approval is checked again when it is used: a supervisor deactivated
 * since approves nothing more. */
static void
test_approval_revoked (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(OcopSale) sale = test_util_sell (f->store, (const char * const *) f->skus, 1, OCOP_PAYMENT_CASH);
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopApproval) approval = NULL;
  g_autoptr(OcopApproval) hung = NULL;
  Counts before;

  ocop_store_set_cashier (f->store, "Thảo", "3333", TRUE, &error);
  g_assert_no_error (error);
  approval = ocop_store_approve (f->store, "Thảo", "3333", &error);
  g_assert_no_error (error);
  hung = ocop_store_approve (f->store, "Hùng", "9999", &error);
  g_assert_no_error (error);
  g_assert_true (ocop_store_deactivate_cashier (f->store, hung, "Thảo", &error));
  before = counts (f);
  g_assert_null (ocop_store_void_sale (f->store, "#1", "khách đổi ý", NULL, approval, &error));
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_NOT_APPROVED);
  g_assert_nonnull (strstr (error->message, "Thảo"));
  assert_unchanged (f, &before);
}

static void
test_wrong_pins_wait (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopApproval) approval = NULL;
  gint64 now = ocop_store_now_us (f->store);

  for (int i = 0; i < OCOP_APPROVAL_MAX_FAILURES; i++)
    assert_refused (f, "Hùng", "0000", "Wrong PIN");
  /* Now even the right PIN waits a minute, and says so. */
  assert_refused (f, "Hùng", "9999", "try again in 1 minute");
  /* The count is in the file: another program (`ocop`) sees it too. */
  g_assert_cmpint (test_util_query_int (f->store, "SELECT failures FROM approval_failure WHERE name = 'Hùng'"),
                   ==, OCOP_APPROVAL_MAX_FAILURES);
  /* Another supervisor is not held up. */
  ocop_store_set_cashier (f->store, "Thảo", "3333", TRUE, &error);
  g_assert_no_error (error);
  approval = ocop_store_approve (f->store, "Thảo", "3333", &error);
  g_assert_no_error (error);
  g_clear_pointer (&approval, ocop_approval_free);

  /* A minute later one more try; wrong again, the wait doubles. */
  ocop_store_set_clock (f->store, now + 61 * G_USEC_PER_SEC);
  assert_refused (f, "Hùng", "0000", "Wrong PIN");
  assert_refused (f, "Hùng", "9999", "try again in 2 minutes");
  ocop_store_set_clock (f->store, now + 61 * G_USEC_PER_SEC + 121 * G_USEC_PER_SEC);
  approval = ocop_store_approve (f->store, "Hùng", "9999", &error);
  g_assert_no_error (error);
  /* The right PIN starts the count again. */
  g_assert_cmpint (test_util_query_int (f->store, "SELECT count (*) FROM approval_failure"), ==, 0);
}

static void
assert_sign_in_refused (Fixture    *f,
                        const char *name,
                        const char *pin,
                        const char *says)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *who = ocop_store_sign_in (f->store, name, pin, &error);

  g_assert_null (who);
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_NOT_APPROVED);
  g_assert_nonnull (strstr (error->message, says));
}

/* Any active cashier signs in at the till; the same wrong-PIN count holds
 * for signing in and approving, so the sign-in screen is no faster way to
 * guess a supervisor's PIN. */
static void
test_sign_in (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *lan = ocop_store_sign_in (f->store, " Lan ", "1111", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (lan, ==, "Lan");
  assert_sign_in_refused (f, "Lan", "2222", "Wrong PIN for “Lan”");
  assert_sign_in_refused (f, "Minh", "7777", "deactivated");
  assert_sign_in_refused (f, "Nobody", "1234", "There is no cashier");
  assert_sign_in_refused (f, "", "1111", "Choose who is signing in");
  for (int i = 0; i < OCOP_APPROVAL_MAX_FAILURES; i++)
    assert_sign_in_refused (f, "Hùng", "0000", "Wrong PIN");
  assert_sign_in_refused (f, "Hùng", "9999", "try again in 1 minute");
  assert_refused (f, "Hùng", "9999", "try again in 1 minute");
}

static void
test_close_day (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(OcopSale) cash = test_util_sell (f->store, (const char * const *) f->skus, 1, OCOP_PAYMENT_CASH);
  g_autoptr(OcopSale) transfer = test_util_sell (f->store, (const char * const *) f->skus, 1, OCOP_PAYMENT_TRANSFER);
  g_autoptr(OcopSale) other = test_util_sell (f->store, (const char * const *) f->skus, 2, OCOP_PAYMENT_CASH);
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopApproval) approval = ocop_store_approve (f->store, "Hùng", "9999", &error);
  g_autoptr(OcopSale) refund = NULL;
  g_autoptr(OcopDayReport) z = NULL;
  g_autofree char *json = NULL, *stored = NULL, *state = NULL, *text = NULL;
  gint64 expected = ocop_sale_get_total (cash) + ocop_sale_get_total (other) - ocop_sale_get_total (cash);
  Counts before;

  /* A cash refund of #1 in full leaves #3's cash in the drawer. */
  refund = ocop_store_refund_sale (f->store, "#1", NULL, 0, OCOP_PAYMENT_CASH, "trả lại", NULL, approval, &error);
  g_assert_no_error (error);
  before = counts (f);

  g_assert_null (ocop_store_close_day (f->store, NULL, NULL, expected, &error));
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_NOT_APPROVED);
  g_clear_error (&error);
  assert_refused (f, "Hùng", "1234", "Wrong PIN");
  g_assert_null (ocop_store_close_day (f->store, NULL, approval, -1, &error));
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID);
  g_clear_error (&error);
  state = ocop_store_get_day_state (f->store, "2024-12-11", &error);
  g_assert_cmpstr (state, ==, "open");
  assert_unchanged (f, &before);

  /* 50.000 ₫ short. */
  json = ocop_store_close_day (f->store, NULL, approval, expected - 50000, &error);
  g_assert_no_error (error);
  z = ocop_day_report_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (z->closed_by, ==, "Hùng");
  g_assert_cmpint (z->cash_expected, ==, expected);
  g_assert_cmpint (z->cash_counted, ==, expected - 50000);
  g_assert_cmpint (test_util_query_int (f->store, "SELECT cash_counted - cash_expected FROM business_day"), ==, -50000);
  stored = ocop_store_get_z_report (f->store, "2024-12-11", &error);
  g_assert_cmpstr (stored, ==, json);
  text = ocop_day_report_to_text (z, TRUE);
  g_assert_nonnull (strstr (text, "Cash counted"));
  g_assert_nonnull (strstr (text, "-50.000 ₫"));
}

static void
got_result_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Runs the main context until @result is set. */
static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

/* The asynchronous checks follow the same rules as the others: a wrong
 * PIN is counted when the answer comes, even when the caller has given
 * up meanwhile, and the right one clears the count. */
static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(OcopApproval) approval = NULL;
  g_autofree char *name = NULL;
  GAsyncResult *result = NULL;

  ocop_store_approve_async (f->store, "Hùng", "0000", NULL, got_result_cb, &result);
  g_assert_null (result);
  g_assert_null (ocop_store_approve_finish (f->store, wait_for (&result), &error));
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_NOT_APPROVED);
  g_assert_cmpstr (error->message, ==, "Wrong PIN for “Hùng”");
  g_clear_error (&error);
  g_clear_object (&result);

  /* Given up on: refused as cancelled, and still counted. */
  ocop_store_sign_in_async (f->store, "Hùng", "1234", cancellable, got_result_cb, &result);
  g_cancellable_cancel (cancellable);
  g_assert_null (ocop_store_sign_in_finish (f->store, wait_for (&result), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_clear_object (&result);
  g_assert_cmpint (test_util_query_int (f->store, "SELECT failures FROM approval_failure WHERE name = 'Hùng'"),
                   ==, 2);

  /* Who may not try is refused before any hash is computed. */
  ocop_store_approve_async (f->store, "Lan", "1111", NULL, got_result_cb, &result);
  g_assert_null (ocop_store_approve_finish (f->store, wait_for (&result), &error));
  g_assert_nonnull (strstr (error->message, "“Lan” is not a supervisor"));
  g_clear_error (&error);
  g_clear_object (&result);

  ocop_store_sign_in_async (f->store, " Lan ", "1111", NULL, got_result_cb, &result);
  name = ocop_store_sign_in_finish (f->store, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (name, ==, "Lan");
  g_clear_object (&result);
  ocop_store_approve_async (f->store, "Hùng", "9999", NULL, got_result_cb, &result);
  approval = ocop_store_approve_finish (f->store, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ocop_approval_get_approver (approval), ==, "Hùng");
  g_clear_object (&result);
  g_assert_cmpint (test_util_query_int (f->store, "SELECT count (*) FROM approval_failure"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) \
  g_test_add (path, Fixture, GUINT_TO_POINTER (2), fixture_set_up, func, \
              test_util_store_fixture_tear_down)
  ADD ("/approval/who-may-approve", test_who_may_approve);
  ADD ("/approval/approver-recorded", test_approver_recorded);
  ADD ("/approval/revoked", test_approval_revoked);
  ADD ("/approval/wrong-pins-wait", test_wrong_pins_wait);
  ADD ("/approval/close-day", test_close_day);
  ADD ("/approval/sign-in", test_sign_in);
  ADD ("/approval/async", test_async);
#undef ADD
  return g_test_run ();
}
