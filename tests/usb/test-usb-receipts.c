/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-usb-receipts.c: receipts on an emulated USB thermal printer, through
 * the real libusb path: a sale's receipt survives the printer being pulled
 * out half way and prints whole once it is back, and `ocop print-test`
 * and `ocop receipt --print` reach the printer as real processes. What
 * the printer received is read back with the tests' ESC/POS decoder. */

#include <glib/gstdio.h>

#include "escpos-decoder.h"
#include "ocop-print-queue.h"
#include "test-util.h"
#include "usb-mock.h"

static const UsbMockPrinterSpec xprinter = {
  .vendor_id = 0x0416, .product_id = 0x5011,
  .manufacturer = "Printer", .product = "POS58 Printer USB",
  .device_id = "MFG:Xprinter;MDL:XP-58IIH;CMD:ESC/POS;CLS:PRINTER;",
};

static EscposDecoded *
decode_printed (UsbMockDevice *device)
{
  g_autoptr(GBytes) printed = usb_mock_device_dup_printed (device);
  g_autoptr(GError) error = NULL;
  EscposDecoded *decoded = escpos_decode (printed, &error);

  g_assert_no_error (error);
  return decoded;
}

static void
test_unplugged_mid_receipt (void)
{
  g_autofree char *dir = test_util_make_dir ();
  g_autoptr(OcopStore) store = test_util_demo_store (dir);
  g_auto(GStrv) skus = test_util_demo_skus (store, 3);
  UsbMock *mock = usb_mock_new ();
  UsbMockDevice *device = usb_mock_add_printer (mock, &xprinter);
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopPrinter) printer = ocop_printer_new_for_uri ("usb://0416:5011", &error);
  g_autoptr(OcopPrintQueue) queue = ocop_print_queue_new (store);
  g_autoptr(OcopSale) sale = NULL;
  g_autoptr(GPtrArray) waiting = NULL;
  g_autoptr(EscposDecoded) printed = NULL;
  OcopReceiptOptions options = { .width_dots = OCOP_RECEIPT_WIDTH_58MM, .cut = TRUE, .open_drawer = TRUE };

  g_assert_no_error (error);
  ocop_printer_set_timeout_ms (printer, 2000);
  ocop_print_queue_set_options (queue, &options, FALSE);
  ocop_print_queue_set_printer (queue, printer);
  ocop_store_set_queue_receipts (store, TRUE);
  sale = test_util_sell (store, (const char * const *) skus, 1, OCOP_PAYMENT_CASH);

  /* The cable comes out after 2,000 bytes of the receipt. */
  usb_mock_device_vanish_after (device, 2000);
  g_assert_false (ocop_print_queue_flush (queue, NULL, &error));
  g_assert_error (error, OCOP_PRINTER_ERROR, OCOP_PRINTER_ERROR_DISCONNECTED);
  g_clear_error (&error);

  /* The sale is whole; its receipt waits with the reason. */
  g_assert_cmpint (test_util_query_int (store, "SELECT count (*) FROM sale"), ==, 1);
  waiting = ocop_store_list_print_jobs (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (waiting->len, ==, 1);
  g_assert_cmpint (((OcopPrintJob *) waiting->pdata[0])->attempts, ==, 1);
  g_assert_cmpstr (((OcopPrintJob *) waiting->pdata[0])->sale_id, ==, ocop_sale_get_uuid (sale));

  /* Plugged in again: the whole receipt prints, from its first byte. */
  usb_mock_device_replug (device);
  usb_mock_device_clear_printed (device);
  g_assert_true (ocop_print_queue_flush (queue, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ocop_store_count_print_jobs (store), ==, 0);
  printed = decode_printed (device);
  g_assert_cmpuint (printed->inits, >=, 1);
  g_assert_nonnull (printed->raster);
  g_assert_cmpuint (printed->raster->width, ==, OCOP_RECEIPT_WIDTH_58MM);
  g_assert_cmpuint (printed->cuts->len, ==, 1);
  g_assert_cmpuint (printed->pulses->len, ==, 1);

  g_clear_object (&queue);
  g_clear_object (&printer);
  usb_mock_free (mock);
  g_clear_object (&store);
  test_util_remove_dir (dir);
}

static void
test_print_test_command (void)
{
  UsbMock *mock = usb_mock_new ();
  UsbMockDevice *device = usb_mock_add_printer (mock, &xprinter);
  const char *args[] = { "print-test", "--width", "58", "usb://0416:5011", NULL };
  const char *paper_out_args[] = { "print-test", "usb://0416:5011", NULL };
  g_autoptr(EscposDecoded) printed = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (usb_mock_run_ocop (args, NULL, &err), ==, 0);
  printed = decode_printed (device);
  g_assert_nonnull (strstr (printed->text->str, "PRINT TEST OK"));
  g_assert_cmpuint (printed->raster->width, ==, 384);
  /* The frame reaches both edges: the printer's whole width is used. */
  g_assert_true (ocop_bitmap_get (printed->raster, 0, 10));
  g_assert_true (ocop_bitmap_get (printed->raster, 383, 10));
  g_assert_cmpuint (printed->cuts->len, ==, 1);

  /* Out of paper: the command says so and fails. */
  g_clear_pointer (&err, g_free);
  usb_mock_device_set_paper_out (device, TRUE);
  g_assert_cmpint (usb_mock_run_ocop (paper_out_args, NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "paper"));
  usb_mock_free (mock);
}

static void
test_receipt_print_command (void)
{
  g_autofree char *dir = test_util_make_dir ();
  g_autoptr(OcopStore) store = test_util_demo_store (dir);
  g_auto(GStrv) skus = test_util_demo_skus (store, 2);
  g_autoptr(OcopSale) sale = test_util_sell (store, (const char * const *) skus, 1, OCOP_PAYMENT_TRANSFER);
  g_autofree char *db = g_strdup (ocop_store_get_path (store));
  UsbMock *mock = usb_mock_new ();
  UsbMockDevice *device = usb_mock_add_printer (mock, &xprinter);
  const char *args[] = { "--db", db, "receipt", "#1", "--width", "58", "--cut", "--print", "usb://0416:5011", NULL };
  const char *missing[] = { "--db", db, "receipt", "#1", "--print", "usb://04b8:0202", NULL };
  g_autoptr(EscposDecoded) printed = NULL;
  g_autofree char *err = NULL;

  g_clear_object (&store);
  g_assert_cmpint (usb_mock_run_ocop (args, NULL, &err), ==, 0);
  printed = decode_printed (device);
  g_assert_cmpuint (printed->raster->width, ==, 384);
  g_assert_cmpuint (printed->cuts->len, ==, 1);
  g_assert_cmpuint (printed->pulses->len, ==, 0);   /* no cash, no drawer */

  /* A printer that is not there is named in the error. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (usb_mock_run_ocop (missing, NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "04b8:0202"));
  usb_mock_free (mock);
  test_util_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/usb/receipts/unplugged-mid-receipt", test_unplugged_mid_receipt);
  g_test_add_func ("/usb/receipts/print-test-command", test_print_test_command);
  g_test_add_func ("/usb/receipts/receipt-print-command", test_receipt_print_command);
  return g_test_run ();
}
