/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-print-queue.c: receipts wait in the store until they print: queued
 * with their sale, kept through failures and a reopen, never in the way of
 * selling, and never touching the sale they print. */

#include <json-glib/json-glib.h>

#include "escpos-decoder.h"
#include "loopback-printer.h"
#include "ocop-print-queue.h"
#include "ocop-store-private.h"
#include "test-util.h"

typedef TestStoreFixture Fixture;

static GPtrArray *
jobs (OcopStore *store)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *list = ocop_store_list_print_jobs (store, &error);

  g_assert_no_error (error);
  g_assert_cmpint (list->len, ==, ocop_store_count_print_jobs (store));
  return list;
}

static OcopPrintJob *
job (GPtrArray *list,
     guint      i)
{
  g_assert_cmpuint (i, <, list->len);
  return list->pdata[i];
}

static void
test_off_by_default (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(OcopSale) sale = test_util_sell (f->store, (const char * const *) f->skus, 1, OCOP_PAYMENT_CASH);
  g_autoptr(GPtrArray) list = jobs (f->store);

  /* The `ocop` command records sales without a printer in mind. */
  g_assert_cmpuint (list->len, ==, 0);
}

static void
test_receipts_queued_with_their_records (Fixture       *f,
                                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopSale) first = NULL;
  g_autoptr(OcopSale) second = NULL;
  g_autoptr(OcopSale) voided = NULL;
  g_autoptr(OcopSale) refund = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *first_ref = NULL;
  g_autofree char *second_ref = NULL;

  ocop_store_set_queue_receipts (f->store, TRUE);
  first = test_util_sell (f->store, (const char * const *) f->skus, 1, OCOP_PAYMENT_CASH);
  second = test_util_sell (f->store, (const char * const *) f->skus, 2, OCOP_PAYMENT_TRANSFER);
  first_ref = g_strdup_printf ("#%" G_GINT64_FORMAT, ocop_sale_get_receipt_no (first));
  second_ref = g_strdup_printf ("#%" G_GINT64_FORMAT, ocop_sale_get_receipt_no (second));
  voided = ocop_store_void_sale (f->store, first_ref, "khách đổi ý", "Lan", test_util_approval (f->store), &error);
  g_assert_no_error (error);
  refund = ocop_store_refund_sale (f->store, second_ref, f->skus[0], 1, OCOP_PAYMENT_CASH, "hộp vỡ", "Lan", test_util_approval (f->store), &error);
  g_assert_no_error (error);

  list = jobs (f->store);
  g_assert_cmpuint (list->len, ==, 4);
  /* In the order they were recorded, each pointing at its own record. */
  g_assert_cmpstr (job (list, 0)->sale_id, ==, ocop_sale_get_uuid (first));
  g_assert_cmpstr (job (list, 1)->sale_id, ==, ocop_sale_get_uuid (second));
  g_assert_cmpstr (job (list, 2)->sale_id, ==, ocop_sale_get_uuid (voided));
  g_assert_cmpstr (job (list, 3)->sale_id, ==, ocop_sale_get_uuid (refund));
  for (guint i = 0; i < list->len; i++)
    {
      g_assert_cmpint (job (list, i)->kind, ==, OCOP_PRINT_JOB_RECEIPT);
      g_assert_cmpint (job (list, i)->receipt_no, ==, i + 1);
      g_assert_cmpstr (job (list, i)->business_day, ==, "2024-12-11");
      g_assert_cmpint (job (list, i)->attempts, ==, 0);
      g_assert_null (job (list, i)->last_error);
    }
}

static void
test_failed_sale_queues_nothing (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopSale) sale = ocop_sale_new ();
  g_autoptr(OcopProduct) product = ocop_store_find_sku (f->store, f->skus[0], &error);
  g_autoptr(GPtrArray) list = NULL;

  ocop_store_set_queue_receipts (f->store, TRUE);
  g_assert_no_error (error);
  g_assert_true (ocop_sale_add_product (sale, product, 1, NULL));
  /* Paid less than the total: the store refuses the sale, so no receipt. */
  g_assert_true (ocop_sale_add_payment (sale, OCOP_PAYMENT_TRANSFER, 1, 0, NULL));
  g_assert_false (ocop_store_commit_sale (f->store, sale, &error));
  g_assert_nonnull (error);
  list = jobs (f->store);
  g_assert_cmpuint (list->len, ==, 0);
}

static void
test_failure_keeps_the_job (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopSale) sale = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(OcopStore) reopened = NULL;
  g_autofree char *path = g_strdup (ocop_store_get_path (f->store));
  gint64 id;

  ocop_store_set_queue_receipts (f->store, TRUE);
  sale = test_util_sell (f->store, (const char * const *) f->skus, 1, OCOP_PAYMENT_CASH);
  list = jobs (f->store);
  id = job (list, 0)->id;
  g_assert_true (ocop_store_fail_print_job (f->store, id, "Máy in hết giấy", &error));
  g_assert_no_error (error);
  g_assert_true (ocop_store_fail_print_job (f->store, id, "Máy in bị rút ra", &error));
  g_assert_no_error (error);

  /* Closed and opened again, as after a crash: the job is still there, with
   * the last reason, and the sale is untouched. */
  g_assert_finalize_object (g_steal_pointer (&f->store));
  reopened = ocop_store_open (path, &error);
  g_assert_no_error (error);
  after = jobs (reopened);
  g_assert_cmpuint (after->len, ==, 1);
  g_assert_cmpint (job (after, 0)->id, ==, id);
  g_assert_cmpint (job (after, 0)->attempts, ==, 2);
  g_assert_cmpstr (job (after, 0)->last_error, ==, "Máy in bị rút ra");
  g_assert_cmpint (test_util_query_int (reopened, "SELECT count (*) FROM sale"), ==, 1);

  g_assert_true (ocop_store_finish_print_job (reopened, id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ocop_store_count_print_jobs (reopened), ==, 0);
  /* A job printed once cannot be finished, failed or cancelled again. */
  g_assert_false (ocop_store_finish_print_job (reopened, id, &error));
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (ocop_store_cancel_print_job (reopened, id, &error));
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_NOT_FOUND);
  f->store = g_steal_pointer (&reopened);
}

static void
test_cancel_and_reprint (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopSale) sale = NULL;
  g_autoptr(GPtrArray) list = NULL;
  gint64 reprint;

  ocop_store_set_queue_receipts (f->store, TRUE);
  sale = test_util_sell (f->store, (const char * const *) f->skus, 1, OCOP_PAYMENT_CASH);
  list = jobs (f->store);
  g_assert_true (ocop_store_cancel_print_job (f->store, job (list, 0)->id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ocop_store_count_print_jobs (f->store), ==, 0);

  reprint = ocop_store_queue_reprint (f->store, "#1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (reprint, >, 0);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = jobs (f->store);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (job (list, 0)->kind, ==, OCOP_PRINT_JOB_REPRINT);
  g_assert_cmpstr (job (list, 0)->sale_id, ==, ocop_sale_get_uuid (sale));

  g_assert_cmpint (ocop_store_queue_reprint (f->store, "#99", &error), ==, 0);
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_NOT_FOUND);
  g_assert_cmpint (ocop_store_count_print_jobs (f->store), ==, 1);
}

static void
test_z_report_of_a_closed_day (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopSale) sale = test_util_sell (f->store, (const char * const *) f->skus, 1, OCOP_PAYMENT_CASH);
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *z = NULL;

  /* An open day has no Z report to print yet. */
  g_assert_cmpint (ocop_store_queue_z_report (f->store, NULL, &error), ==, 0);
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpint (ocop_store_count_print_jobs (f->store), ==, 0);

  z = ocop_store_close_day (f->store, NULL, test_util_approval (f->store), 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ocop_store_queue_z_report (f->store, NULL, &error), >, 0);
  g_assert_no_error (error);
  list = jobs (f->store);
  g_assert_cmpint (job (list, 0)->kind, ==, OCOP_PRINT_JOB_Z_REPORT);
  g_assert_cmpstr (job (list, 0)->business_day, ==, "2024-12-11");
  g_assert_null (job (list, 0)->sale_id);
  g_assert_cmpint (job (list, 0)->receipt_no, ==, 0);
}

/* ---- the queue's runner, on real printers (a file, a TCP peer) ---- */

static OcopPrintQueue *
queue_for (Fixture    *f,
           const char *uri)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopPrinter) printer = ocop_printer_new_for_uri (uri, &error);
  OcopPrintQueue *queue = ocop_print_queue_new (f->store);
  OcopReceiptOptions options = { .width_dots = OCOP_RECEIPT_WIDTH_58MM, .cut = TRUE, .open_drawer = TRUE };

  g_assert_no_error (error);
  ocop_print_queue_set_options (queue, &options, FALSE);
  ocop_print_queue_set_printer (queue, printer);
  return queue;
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
  bytes = g_bytes_new (data, size);
  decoded = escpos_decode (bytes, &error);
  g_assert_no_error (error);
  return decoded;
}

static void
test_flush_prints_the_receipt (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = g_build_filename (f->dir, "receipt.prn", NULL);
  g_autofree char *uri = g_strconcat ("file:", out, NULL);
  g_autoptr(OcopSale) sale = NULL;
  g_autoptr(OcopPrintQueue) queue = NULL;
  g_autoptr(EscposDecoded) printed = NULL;

  ocop_store_set_queue_receipts (f->store, TRUE);
  sale = test_util_sell (f->store, (const char * const *) f->skus, 1, OCOP_PAYMENT_CASH);
  queue = queue_for (f, uri);
  g_assert_true (ocop_print_queue_flush (queue, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ocop_print_queue_get_waiting (queue), ==, 0);

  /* What reached the printer: one receipt 384 dots wide, the drawer
   * opened for the cash and the paper cut after it. */
  printed = decode_file (out);
  g_assert_nonnull (printed->raster);
  g_assert_cmpuint (printed->raster->width, ==, OCOP_RECEIPT_WIDTH_58MM);
  g_assert_cmpuint (printed->cuts->len, ==, 1);
  g_assert_cmpuint (printed->pulses->len, ==, 1);
}

static void
test_reprint_keeps_the_drawer_shut (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = g_build_filename (f->dir, "reprint.prn", NULL);
  g_autofree char *uri = g_strconcat ("file:", out, NULL);
  g_autoptr(OcopSale) sale = test_util_sell (f->store, (const char * const *) f->skus, 1, OCOP_PAYMENT_CASH);
  g_autoptr(OcopPrintQueue) queue = queue_for (f, uri);
  g_autoptr(EscposDecoded) printed = NULL;

  g_assert_cmpint (ocop_store_queue_reprint (f->store, "#1", &error), >, 0);
  g_assert_true (ocop_print_queue_flush (queue, NULL, &error));
  g_assert_no_error (error);
  printed = decode_file (out);
  g_assert_nonnull (printed->raster);
  g_assert_cmpuint (printed->pulses->len, ==, 0);
  g_assert_cmpuint (printed->cuts->len, ==, 1);
}

static void
changed_cb (OcopPrintQueue *queue,
            guint          *changes)
{
  (*changes)++;
}

/* Runs the main loop until @done holds or five seconds pass. */
static void
iterate_until (gboolean (*done) (gpointer),
               gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (!done (data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
  g_assert_true (done (data));
}

static gboolean
has_error (gpointer queue)
{
  return !ocop_print_queue_is_printing (queue) && ocop_print_queue_get_last_error (queue) != NULL;
}

static gboolean
all_printed (gpointer queue)
{
  return !ocop_print_queue_is_printing (queue) && ocop_print_queue_get_waiting (queue) == 0;
}

static void
test_printer_away_then_back (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(LoopbackPrinter) peer = loopback_printer_new ();
  g_autoptr(OcopSale) first = NULL;
  g_autoptr(OcopSale) second = NULL;
  g_autoptr(OcopPrintQueue) queue = NULL;
  g_autoptr(GPtrArray) waiting = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(EscposDecoded) printed = NULL;
  g_autoptr(GBytes) bytes = NULL;
  guint changes = 0;

  ocop_store_set_queue_receipts (f->store, TRUE);
  queue = queue_for (f, loopback_printer_get_uri (peer));
  g_signal_connect (queue, "changed", G_CALLBACK (changed_cb), &changes);

  /* Nobody listens: the sale is recorded all the same, its receipt waits
   * with the reason, and selling goes on. */
  first = test_util_sell (f->store, (const char * const *) f->skus, 1, OCOP_PAYMENT_CASH);
  ocop_print_queue_kick (queue);
  iterate_until (has_error, queue);
  g_assert_cmpuint (changes, >=, 2);
  waiting = ocop_store_list_print_jobs (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (waiting->len, ==, 1);
  g_assert_cmpint (((OcopPrintJob *) waiting->pdata[0])->attempts, ==, 1);
  g_assert_cmpstr (((OcopPrintJob *) waiting->pdata[0])->last_error, ==, ocop_print_queue_get_last_error (queue));
  /* The failure keeps its code, from which the till says what to do. */
  g_assert_error (ocop_print_queue_get_last_failure (queue), OCOP_PRINTER_ERROR, OCOP_PRINTER_ERROR_NOT_FOUND);
  second = test_util_sell (f->store, (const char * const *) f->skus, 2, OCOP_PAYMENT_TRANSFER);
  g_assert_cmpint (ocop_print_queue_get_waiting (queue), ==, 2);
  g_assert_cmpint (test_util_query_int (f->store, "SELECT count (*) FROM sale"), ==, 2);

  /* The printer is back: a kick (the till's "retry", a plug event) prints
   * both, oldest first, one connection each. */
  loopback_printer_listen (peer);
  ocop_print_queue_kick (queue);
  iterate_until (all_printed, queue);
  g_assert_null (ocop_print_queue_get_last_error (queue));
  g_assert_null (ocop_print_queue_get_last_failure (queue));
  g_assert_cmpuint (loopback_printer_wait_jobs (peer, 2), ==, 2);
  bytes = loopback_printer_dup_received (peer);
  printed = escpos_decode (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (printed->cuts->len, ==, 2);
  g_assert_cmpuint (printed->pulses->len, ==, 1);   /* the cash sale only */
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) test_util_add_store_test (path, 2, func)
  ADD ("/print-queue/off-by-default", test_off_by_default);
  ADD ("/print-queue/receipts-queued-with-their-records", test_receipts_queued_with_their_records);
  ADD ("/print-queue/failed-sale-queues-nothing", test_failed_sale_queues_nothing);
  ADD ("/print-queue/failure-keeps-the-job", test_failure_keeps_the_job);
  ADD ("/print-queue/cancel-and-reprint", test_cancel_and_reprint);
  ADD ("/print-queue/z-report-of-a-closed-day", test_z_report_of_a_closed_day);
  ADD ("/print-queue/flush-prints-the-receipt", test_flush_prints_the_receipt);
  ADD ("/print-queue/reprint-keeps-the-drawer-shut", test_reprint_keeps_the_drawer_shut);
  ADD ("/print-queue/printer-away-then-back", test_printer_away_then_back);
  return g_test_run ();
}
