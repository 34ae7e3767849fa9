/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-handover.c: shift handovers on a real store file: the cash expected
 * since the last handover from sales, voids and refunds in cash and
 * transfer; a difference needs a supervisor; refusals write nothing; the
 * record touches no sale; the Z report lists each handover; the slip read
 * back from its ESC/POS bytes; and `ocop day handover`. */

#include <string.h>

#include "escpos-decoder.h"
#include "ocop-handover.h"
#include "ocop-money.h"
#include "ocop-print-queue.h"
#include "ocop-receipt.h"
#include "ocop-report.h"
#include "ocop-store-private.h"
#include "test-util.h"

typedef TestStoreFixture Fixture;

static OcopSale *
sell (Fixture           *f,
      OcopPaymentMethod  method)
{
  return test_util_sell (f->store, (const char * const *) f->skus, 1, method);
}

static gint64
expected (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  gint64 cash = -1;

  g_assert_true (ocop_store_handover_expected (f->store, &cash, &error));
  g_assert_no_error (error);
  return cash;
}

static OcopHandover *
hand_over (Fixture            *f,
           gint64              counted,
           const OcopApproval *approval)
{
  g_autoptr(GError) error = NULL;
  OcopHandover *handover = ocop_store_hand_over (f->store, "Lan", "Hùng", counted, approval, &error);

  g_assert_no_error (error);
  g_assert_nonnull (handover);
  return handover;
}

/* Every sale row, line and payment as one text, to prove a handover
 * leaves them byte for byte as they were. */
static char *
journal_text (Fixture *f)
{
  sqlite3_stmt *stmt = ocop_store_prepare (f->store,
    "SELECT group_concat (x, '|') FROM ("
    " SELECT quote (id) || quote (total) || quote (business_day) || quote (payment_count) AS x FROM sale"
    " UNION ALL SELECT quote (sale_id) || quote (method) || quote (amount) FROM payment"
    " UNION ALL SELECT quote (sale_id) || quote (sku) || quote (quantity) FROM sale_line)", NULL);
  char *text = NULL;

  g_assert_nonnull (stmt);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return text;
}

static void
test_expected_since_last_handover (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(OcopSale) cash1 = sell (f, OCOP_PAYMENT_CASH);
  g_autoptr(OcopSale) cash2 = sell (f, OCOP_PAYMENT_CASH);
  g_autoptr(OcopSale) transfer = sell (f, OCOP_PAYMENT_TRANSFER);
  g_autoptr(OcopSale) voided = NULL, refund = NULL, refund_transfer = NULL, later = NULL;
  g_autoptr(OcopHandover) first = NULL, second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL, *after = NULL;

  g_assert_cmpint (expected (f), ==, 2 * ocop_sale_get_total (cash1));
  /* A void of a cash sale and a refund paid back in cash take cash out;
   * a refund paid by transfer does not. */
  voided = ocop_store_void_sale (f->store, ocop_sale_get_uuid (cash2), "nhầm", "Lan",
                                 test_util_approval (f->store), &error);
  g_assert_no_error (error);
  refund = ocop_store_refund_sale (f->store, ocop_sale_get_uuid (cash1), f->skus[0], 1, OCOP_PAYMENT_CASH,
                                   "hỏng", "Lan", test_util_approval (f->store), &error);
  g_assert_no_error (error);
  refund_transfer = ocop_store_refund_sale (f->store, ocop_sale_get_uuid (transfer), NULL, 0,
                                            OCOP_PAYMENT_TRANSFER, "đổi ý", "Lan",
                                            test_util_approval (f->store), &error);
  g_assert_no_error (error);
  g_assert_cmpint (expected (f), ==, ocop_sale_get_total (cash1) + ocop_sale_get_total (refund));
  g_assert_cmpint (ocop_sale_get_total (refund), <, 0);

  before = journal_text (f);
  first = hand_over (f, expected (f), NULL);
  after = journal_text (f);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpstr (first->from, ==, "Lan");
  g_assert_cmpstr (first->to, ==, "Hùng");
  g_assert_cmpstr (first->business_day, ==, "2024-12-11");
  g_assert_cmpint (ocop_handover_difference (first), ==, 0);
  g_assert_null (first->approver);
  g_assert_cmpstr (first->local_time, ==, "09:00");

  /* The next shift starts from nothing: only what came after counts. */
  g_assert_cmpint (expected (f), ==, 0);
  later = sell (f, OCOP_PAYMENT_CASH);
  sell (f, OCOP_PAYMENT_TRANSFER);
  g_assert_cmpint (expected (f), ==, ocop_sale_get_total (later));
  second = hand_over (f, ocop_sale_get_total (later), NULL);
  g_assert_cmpint (second->cash_expected, ==, ocop_sale_get_total (later));
  g_assert_cmpint (test_util_query_int (f->store, "SELECT count (*) FROM handover"), ==, 2);
}

static void
test_difference_needs_approval (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(OcopSale) sale = sell (f, OCOP_PAYMENT_CASH);
  g_autoptr(OcopHandover) handover = NULL;
  g_autoptr(GError) error = NULL;
  gint64 outbox = test_util_query_int (f->store, "SELECT count (*) FROM outbox");
  gint64 total = ocop_sale_get_total (sale);

  g_assert_null (ocop_store_hand_over (f->store, "Lan", "Hùng", total - 20000, NULL, &error));
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_NOT_APPROVED);
  g_assert_nonnull (strstr (error->message, "-20.000 ₫"));
  g_assert_nonnull (strstr (error->message, "supervisor"));
  g_assert_cmpint (test_util_query_int (f->store, "SELECT count (*) FROM handover"), ==, 0);

  handover = hand_over (f, total - 20000, test_util_approval (f->store));
  g_assert_cmpint (handover->cash_expected, ==, total);
  g_assert_cmpint (handover->cash_counted, ==, total - 20000);
  g_assert_cmpint (ocop_handover_difference (handover), ==, -20000);
  g_assert_cmpstr (handover->approver, ==, TEST_SUPERVISOR);
  /* No event of its own (see ocop_store_hand_over): the Z report carries it. */
  g_assert_cmpint (test_util_query_int (f->store, "SELECT count (*) FROM outbox"), ==, outbox);
}

static void
assert_refused (Fixture    *f,
                const char *from,
                const char *to,
                gint64      counted,
                int         code,
                const char *needle)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (ocop_store_hand_over (f->store, from, to, counted, NULL, &error));
  g_assert_error (error, OCOP_STORE_ERROR, code);
  g_assert_nonnull (strstr (error->message, needle));
  g_assert_cmpint (test_util_query_int (f->store, "SELECT count (*) FROM handover"), ==, 0);
}

static void
test_refusals (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *z = NULL;

  assert_refused (f, "Lan", "Lan", 0, OCOP_STORE_ERROR_INVALID, "to themselves");
  assert_refused (f, "Lan", "Tuấn", 0, OCOP_STORE_ERROR_INVALID, "no cashier “Tuấn”");
  assert_refused (f, "Lan", "Hùng", -1, OCOP_STORE_ERROR_INVALID, "cannot be negative");
  /* Stored rows cannot be rewritten by anyone, either. */
  g_autoptr(OcopHandover) handover = hand_over (f, 0, NULL);
  g_assert_false (ocop_store_exec (f->store, "UPDATE handover SET cash_counted = 5", &error, "test", NULL));
  g_assert_nonnull (strstr (error->message, "never changed"));
  g_clear_error (&error);
  g_assert_false (ocop_store_exec (f->store, "DELETE FROM handover", &error, "test", NULL));
  g_clear_error (&error);

  g_free (ocop_store_open_day (f->store, &error));
  g_assert_no_error (error);
  z = ocop_store_close_day (f->store, NULL, test_util_approval (f->store), 0, &error);
  g_assert_no_error (error);
  g_assert_null (ocop_store_hand_over (f->store, "Hùng", "Lan", 0, NULL, &error));
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_DAY_CLOSED);
  g_assert_nonnull (strstr (error->message, "closed"));
}

static void
test_z_report_lists_handovers (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(OcopSale) sale = sell (f, OCOP_PAYMENT_CASH);
  g_autoptr(OcopHandover) handover = hand_over (f, ocop_sale_get_total (sale) + 5000, test_util_approval (f->store));
  g_autoptr(GError) error = NULL;
  g_autofree char *json = ocop_store_close_day (f->store, NULL, test_util_approval (f->store),
                                                ocop_sale_get_total (sale) + 5000, &error);
  g_autoptr(OcopDayReport) report = NULL;
  g_autoptr(OcopReceipt) z = NULL;
  g_autofree char *text = NULL, *paper = NULL;
  const OcopHandover *listed;

  g_assert_no_error (error);
  report = ocop_day_report_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->handovers->len, ==, 1);
  listed = report->handovers->pdata[0];
  g_assert_cmpstr (listed->from, ==, "Lan");
  g_assert_cmpstr (listed->to, ==, "Hùng");
  g_assert_cmpint (listed->cash_expected, ==, ocop_sale_get_total (sale));
  g_assert_cmpint (listed->cash_counted, ==, ocop_sale_get_total (sale) + 5000);
  g_assert_cmpstr (listed->approver, ==, TEST_SUPERVISOR);

  text = ocop_day_report_to_text (report, TRUE);
  g_assert_nonnull (strstr (text, "Handovers"));
  g_assert_nonnull (strstr (text, "09:00 Lan → Hùng"));
  g_assert_nonnull (strstr (text, "difference 5.000 ₫"));

  z = ocop_receipt_new_for_z_report (f->store, "2024-12-11", NULL, &error);
  g_assert_no_error (error);
  paper = ocop_receipt_to_text (z);
  g_assert_nonnull (strstr (paper, "Handovers"));
  g_assert_nonnull (strstr (paper, "09:00 Lan → Hùng"));
  g_assert_nonnull (strstr (paper, "Approved by"));
}

static void
test_slip_printed (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(OcopSale) sale = sell (f, OCOP_PAYMENT_CASH);
  g_autoptr(OcopHandover) handover = hand_over (f, ocop_sale_get_total (sale) - 10000, test_util_approval (f->store));
  OcopReceiptOptions options = { .width_dots = OCOP_RECEIPT_WIDTH_80MM, .cut = TRUE };
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopReceipt) slip = ocop_receipt_new_for_handover (f->store, handover, &options, &error);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(EscposDecoded) text = NULL, raster = NULL;
  g_autofree char *expected_money = ocop_money_format_plain (ocop_sale_get_total (sale));

  g_assert_no_error (error);
  bytes = ocop_receipt_to_escpos (slip, OCOP_RECEIPT_TEXT, &error);
  g_assert_no_error (error);
  text = escpos_decode (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (text->inits, ==, 1);
  g_assert_cmpuint (text->cuts->len, ==, 1);
  /* Text mode folds Vietnamese to ASCII. */
  g_assert_nonnull (strstr (text->text->str, "SHIFT HANDOVER"));
  g_assert_nonnull (strstr (text->text->str, "Handed over by"));
  g_assert_nonnull (strstr (text->text->str, "Lan"));
  g_assert_nonnull (strstr (text->text->str, "Hung"));
  g_assert_nonnull (strstr (text->text->str, expected_money));
  g_assert_nonnull (strstr (text->text->str, "-10.000"));
  g_assert_nonnull (strstr (text->text->str, "Giam sat Ha"));
  g_assert_cmpuint (text->pulses->len, ==, 0);

  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = ocop_receipt_to_escpos (slip, OCOP_RECEIPT_RASTER, &error);
  g_assert_no_error (error);
  raster = escpos_decode (bytes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (raster->raster);
  g_assert_cmpuint (raster->bands, >, 0);
}

/* The till prints the slip through the print queue, which keeps it
 * waiting while the printer is away and sends it once one is there. */
static void
test_slip_through_print_queue (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(OcopHandover) handover = hand_over (f, 0, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = g_build_filename (f->dir, "slip.prn", NULL);
  g_autofree char *uri = g_strconcat ("file:", out, NULL);
  g_autoptr(OcopPrinter) printer = ocop_printer_new_for_uri (uri, &error);
  g_autoptr(OcopPrintQueue) queue = ocop_print_queue_new (f->store);
  OcopReceiptOptions options = { .width_dots = OCOP_RECEIPT_WIDTH_58MM, .cut = TRUE, .open_drawer = TRUE };
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(EscposDecoded) printed = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *data_text = NULL;
  gsize size = 0;

  g_assert_no_error (error);
  g_assert_cmpint (ocop_store_queue_handover (f->store, handover->id, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (ocop_store_queue_handover (f->store, 999, &error), ==, 0);
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  jobs = ocop_store_list_print_jobs (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (jobs->len, ==, 1);
  g_assert_cmpint (((OcopPrintJob *) jobs->pdata[0])->kind, ==, OCOP_PRINT_JOB_HANDOVER);
  g_assert_cmpint (((OcopPrintJob *) jobs->pdata[0])->handover_id, ==, handover->id);

  ocop_print_queue_set_options (queue, &options, TRUE);
  ocop_print_queue_set_printer (queue, printer);
  g_assert_true (ocop_print_queue_flush (queue, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ocop_print_queue_get_waiting (queue), ==, 0);
  g_assert_true (g_file_get_contents (out, &data_text, &size, &error));
  bytes = g_bytes_new (data_text, size);
  printed = escpos_decode (bytes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (printed->text->str, "SHIFT HANDOVER"));
  g_assert_cmpuint (printed->cuts->len, ==, 1);
  /* Only a sale's own receipt opens the drawer. */
  g_assert_cmpuint (printed->pulses->len, ==, 0);
}

/* A closed day stays closed until the next calendar day in the fair's
 * zone (see ocop_store_business_day_of): the refusal says when selling
 * resumes, and the first second of that day takes a sale again. */
static void
test_closed_day_says_when_sales_resume (Fixture       *f,
                                        gconstpointer  data)
{
  /* 2024-12-12 00:00 in Asia/Ho_Chi_Minh is 2024-12-11 17:00 UTC. */
  const gint64 next_midnight = G_GINT64_CONSTANT (1733936400) * G_USEC_PER_SEC;
  g_autoptr(OcopSale) first = sell (f, OCOP_PAYMENT_CASH);
  g_autoptr(OcopSale) next = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *z = ocop_store_close_day (f->store, NULL, test_util_approval (f->store),
                                             ocop_sale_get_total (first), &error);
  g_autofree char *reopening = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (ocop_store_next_day_start (f->store, TEST_FAIR_MORNING_US), ==, next_midnight);
  g_assert_cmpint (ocop_store_next_day_start (f->store, next_midnight - 1), ==, next_midnight);
  reopening = ocop_store_describe_reopening (f->store);
  g_assert_cmpstr (reopening, ==, "Sales resume at 00:00 on 12/12/2024, when the next business day starts.");

  /* A second before midnight: refused, with the time it reopens. */
  ocop_store_set_clock (f->store, next_midnight - G_USEC_PER_SEC);
  g_assert_null (ocop_store_open_day (f->store, &error));
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_DAY_CLOSED);
  g_assert_nonnull (strstr (error->message, "Sales resume at 00:00 on 12/12/2024"));
  g_clear_error (&error);

  /* At midnight the next business day takes the sale. */
  ocop_store_set_clock (f->store, next_midnight);
  next = sell (f, OCOP_PAYMENT_CASH);
  g_assert_cmpstr (ocop_sale_get_business_day (next), ==, "2024-12-12");
}

/* `ocop ARGS…` on @f's store at 10:00 on the demo's day, with @input. */
static int
ocop (Fixture     *f,
      const char  *input,
      char       **out,
      char       **err,
      ...)
{
  g_autofree char *db = g_build_filename (f->dir, "ocop.db", NULL);
  va_list args;
  int status;

  va_start (args, err);
  status = test_util_run_tool_input_v (db, "C", "2024-12-11T10:00:00+07:00", input, out, err, args);
  va_end (args);
  return status;
}

static void
test_command_line (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(OcopSale) sale = sell (f, OCOP_PAYMENT_CASH);
  g_autofree char *total = g_strdup_printf ("%" G_GINT64_FORMAT, ocop_sale_get_total (sale));
  g_autofree char *short_by = g_strdup_printf ("%" G_GINT64_FORMAT, ocop_sale_get_total (sale) - 1000);
  g_autofree char *out = NULL, *err = NULL;

  g_clear_object (&f->store);
  g_assert_cmpint (ocop (f, "", &out, &err, "day", "handover", "--from", "Lan", "--to", "Hùng", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--cash-counted"));
  g_assert_cmpint (ocop (f, "", &out, &err, "day", "handover", "--from", "Lan", "--to", "Hùng",
                         "--cash-counted", short_by, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "-1.000 ₫"));
  g_assert_nonnull (strstr (err, "--approver"));
  g_assert_cmpint (ocop (f, "0000\n", &out, &err, "day", "handover", "--from", "Lan", "--to", "Hùng",
                         "--cash-counted", short_by, "--approver", "Hùng", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "Wrong PIN"));

  g_assert_cmpint (ocop (f, "", &out, &err, "day", "handover", "--from", "Lan", "--to", "Hùng",
                         "--cash-counted", total, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "SHIFT HANDOVER"));
  g_assert_nonnull (strstr (out, "Lan"));
  g_assert_cmpint (ocop (f, "9999\n", &out, &err, "day", "handover", "--from", "Hùng", "--to", "Lan",
                         "--cash-counted", "5000", "--approver", "Hùng", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "5.000"));
  g_assert_cmpint (ocop (f, "", &out, &err, "report", "day", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Lan → Hùng"));
  g_assert_nonnull (strstr (out, "Hùng → Lan"));
  g_assert_nonnull (strstr (out, "(approved by Hùng)"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) test_util_add_store_test (path, 2, func)
  ADD ("/handover/expected-since-last", test_expected_since_last_handover);
  ADD ("/handover/difference-needs-approval", test_difference_needs_approval);
  ADD ("/handover/refusals", test_refusals);
  ADD ("/handover/z-report", test_z_report_lists_handovers);
  ADD ("/handover/slip", test_slip_printed);
  ADD ("/handover/command-line", test_command_line);
  ADD ("/handover/slip-through-print-queue", test_slip_through_print_queue);
  ADD ("/day/closed-says-when-sales-resume", test_closed_day_says_when_sales_resume);
#undef ADD
  return g_test_run ();
}
