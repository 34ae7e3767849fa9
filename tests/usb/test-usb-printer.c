/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-usb-printer.c: OcopPrinter and OcopPrinterMonitor over libusb
 * against emulated USB receipt printers: jobs arrive byte for byte, status
 * and device ids read back, unplugging mid-job, busy printers, hotplug. */

#include "config.h"

#include <string.h>

#include "ocop-printer.h"
#include "ocop-printer-monitor.h"
#include "usb-mock.h"

static const UsbMockPrinterSpec xprinter = {
  .vendor_id = 0x0416, .product_id = 0x5011,
  .manufacturer = "Printer", .product = "POS58 Printer USB",
  .serial = NULL,
  .device_id = "MFG:Xprinter;MDL:XP-58IIH;CMD:ESC/POS;CLS:PRINTER;",
};

/* A receipt-sized job with every byte value, so a lost, doubled or
 * reordered byte shows. */
static GBytes *
make_job (gsize size)
{
  guint8 *data = g_malloc (size);
  guint32 state = 2166136261u;

  for (gsize i = 0; i < size; i++)
    {
      state = state * 16777619u ^ (guint32) i;
      data[i] = state >> 24;
    }
  return g_bytes_new_take (data, size);
}

static void
assert_bytes_equal (GBytes *got,
                    GBytes *expected)
{
  g_assert_cmpuint (g_bytes_get_size (got), ==, g_bytes_get_size (expected));
  g_assert_true (g_bytes_equal (got, expected));
}

static void
test_job_arrives_byte_for_byte (void)
{
  UsbMock *mock = usb_mock_new ();
  UsbMockDevice *device = usb_mock_add_printer (mock, &xprinter);
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopPrinter) printer = ocop_printer_new_for_uri ("usb://0416:5011", &error);
  g_autoptr(GBytes) job = make_job (60 * 1024);
  g_autoptr(GBytes) printed = NULL;

  g_assert_no_error (error);
  g_assert_true (ocop_printer_write (printer, job, NULL, &error));
  g_assert_no_error (error);
  printed = usb_mock_device_dup_printed (device);
  assert_bytes_equal (printed, job);
  g_assert_true (ocop_printer_close (printer, &error));
  g_assert_no_error (error);
  usb_mock_free (mock);
}

static void
test_device_id_names_the_model (void)
{
  UsbMock *mock = usb_mock_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopPrinter) printer = NULL;
  g_autofree char *id = NULL;
  g_autofree char *model = NULL;

  usb_mock_add_printer (mock, &xprinter);
  printer = ocop_printer_new_for_uri ("usb://0416:5011", &error);
  id = ocop_printer_get_device_id (printer, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (id, ==, xprinter.device_id);
  model = ocop_printer_device_id_get_field (id, "MDL");
  g_assert_cmpstr (model, ==, "XP-58IIH");
  g_clear_object (&printer);
  usb_mock_free (mock);
}

static void
query (OcopPrinter       *printer,
       OcopPrinterStatus *status)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ocop_printer_query_status (printer, status, NULL, &error));
  g_assert_no_error (error);
}

static void
test_status_reads_back (void)
{
  UsbMock *mock = usb_mock_new ();
  UsbMockDevice *device = usb_mock_add_printer (mock, &xprinter);
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopPrinter) printer = ocop_printer_new_for_uri ("usb://0416:5011", &error);
  g_autoptr(GBytes) printed = NULL;
  OcopPrinterStatus status;

  query (printer, &status);
  g_assert_true (ocop_printer_status_is_ready (&status));
  g_assert_cmpuint (usb_mock_device_get_status_requests (device), ==, 3);

  usb_mock_device_set_paper_out (device, TRUE);
  query (printer, &status);
  g_assert_true (status.paper_out);
  g_assert_false (status.cover_open);
  g_assert_false (ocop_printer_status_check (&status, &error));
  g_assert_error (error, OCOP_PRINTER_ERROR, OCOP_PRINTER_ERROR_PAPER_OUT);
  g_clear_error (&error);

  usb_mock_device_set_paper_out (device, FALSE);
  usb_mock_device_set_cover_open (device, TRUE);
  query (printer, &status);
  g_assert_true (status.cover_open);
  g_assert_false (status.paper_out);
  g_assert_false (ocop_printer_status_check (&status, &error));
  g_assert_error (error, OCOP_PRINTER_ERROR, OCOP_PRINTER_ERROR_COVER_OPEN);
  g_clear_error (&error);

  usb_mock_device_set_cover_open (device, FALSE);
  query (printer, &status);
  g_assert_true (ocop_printer_status_is_ready (&status));
  /* Status requests are not printed. */
  printed = usb_mock_device_dup_printed (device);
  g_assert_cmpuint (g_bytes_get_size (printed), ==, 0);
  g_clear_object (&printer);
  usb_mock_free (mock);
}

static void
test_one_way_printer_reports_port_status (void)
{
  UsbMock *mock = usb_mock_new ();
  UsbMockPrinterSpec spec = xprinter;
  UsbMockDevice *device;
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopPrinter) printer = NULL;
  g_autoptr(GBytes) job = make_job (1000);
  g_autoptr(GBytes) printed = NULL;
  OcopPrinterStatus status;

  spec.one_way = TRUE;
  device = usb_mock_add_printer (mock, &spec);
  printer = ocop_printer_new_for_uri ("usb://0416:5011", &error);
  query (printer, &status);
  g_assert_true (ocop_printer_status_is_ready (&status));
  usb_mock_device_set_paper_out (device, TRUE);
  query (printer, &status);
  g_assert_true (status.paper_out);
  g_assert_cmpuint (usb_mock_device_get_status_requests (device), ==, 0);
  usb_mock_device_set_paper_out (device, FALSE);
  g_assert_true (ocop_printer_write (printer, job, NULL, &error));
  printed = usb_mock_device_dup_printed (device);
  assert_bytes_equal (printed, job);
  g_clear_object (&printer);
  usb_mock_free (mock);
}

static void
test_job_without_paper_says_so (void)
{
  UsbMock *mock = usb_mock_new ();
  UsbMockDevice *device = usb_mock_add_printer (mock, &xprinter);
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopPrinter) printer = ocop_printer_new_for_uri ("usb://0416:5011", &error);
  g_autoptr(GBytes) job = make_job (4000);
  g_autoptr(GBytes) printed = NULL;

  usb_mock_device_set_paper_out (device, TRUE);
  ocop_printer_set_timeout_ms (printer, 200);
  g_assert_false (ocop_printer_write (printer, job, NULL, &error));
  g_assert_error (error, OCOP_PRINTER_ERROR, OCOP_PRINTER_ERROR_PAPER_OUT);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  /* A new roll: the same printer object prints the job again. */
  usb_mock_device_set_paper_out (device, FALSE);
  g_assert_true (ocop_printer_write (printer, job, NULL, &error));
  g_assert_no_error (error);
  printed = usb_mock_device_dup_printed (device);
  assert_bytes_equal (printed, job);
  g_clear_object (&printer);
  usb_mock_free (mock);
}

static void
test_full_buffer_still_says_paper_out (void)
{
  UsbMock *mock = usb_mock_new ();
  UsbMockDevice *device = usb_mock_add_printer (mock, &xprinter);
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopPrinter) printer = ocop_printer_new_for_uri ("usb://0416:5011", &error);
  g_autoptr(GBytes) job = make_job (4000);

  /* Out of paper with a full buffer: bulk OUT takes nothing, so DLE EOT
   * cannot get through; the port status on the control pipe tells. */
  usb_mock_device_set_paper_out (device, TRUE);
  usb_mock_device_set_stalled (device, TRUE);
  ocop_printer_set_timeout_ms (printer, 200);
  g_assert_false (ocop_printer_write (printer, job, NULL, &error));
  g_assert_error (error, OCOP_PRINTER_ERROR, OCOP_PRINTER_ERROR_PAPER_OUT);
  g_clear_error (&error);

  /* Stalled with nothing to say: a plain timeout naming the progress. */
  usb_mock_device_set_paper_out (device, FALSE);
  g_assert_false (ocop_printer_write (printer, job, NULL, &error));
  g_assert_error (error, OCOP_PRINTER_ERROR, OCOP_PRINTER_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "0 of 4000 bytes"));
  g_clear_object (&printer);
  usb_mock_free (mock);
}

static void
test_unplug_mid_job_then_replug (void)
{
  UsbMock *mock = usb_mock_new ();
  UsbMockDevice *device = usb_mock_add_printer (mock, &xprinter);
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopPrinter) printer = ocop_printer_new_for_uri ("usb://0416:5011", &error);
  g_autoptr(GBytes) job = make_job (60 * 1024);
  g_autoptr(GBytes) printed = NULL;

  usb_mock_device_vanish_after (device, 20000);
  g_assert_false (ocop_printer_write (printer, job, NULL, &error));
  g_assert_error (error, OCOP_PRINTER_ERROR, OCOP_PRINTER_ERROR_DISCONNECTED);
  g_assert_nonnull (strstr (error->message, "unplugged"));
  g_clear_error (&error);
  g_assert_false (ocop_printer_is_open (printer));
  printed = usb_mock_device_dup_printed (device);
  g_assert_cmpuint (g_bytes_get_size (printed), ==, 20000);
  g_clear_pointer (&printed, g_bytes_unref);

  /* Still unplugged: a retry says the printer is not there. */
  usb_mock_device_unplug (device);
  g_assert_false (ocop_printer_write (printer, job, NULL, &error));
  g_assert_error (error, OCOP_PRINTER_ERROR, OCOP_PRINTER_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Plugged in again (a new address): the retry prints the whole job. */
  usb_mock_device_clear_printed (device);
  usb_mock_device_replug (device);
  g_assert_true (ocop_printer_write (printer, job, NULL, &error));
  g_assert_no_error (error);
  printed = usb_mock_device_dup_printed (device);
  assert_bytes_equal (printed, job);
  g_clear_object (&printer);
  usb_mock_free (mock);
}

static void
test_busy_printer_names_cups (void)
{
  UsbMock *mock = usb_mock_new ();
  UsbMockDevice *device = usb_mock_add_printer (mock, &xprinter);
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopPrinter) printer = ocop_printer_new_for_uri ("usb://0416:5011", &error);

  usb_mock_device_set_busy (device, TRUE);
  g_assert_false (ocop_printer_open (printer, &error));
  g_assert_error (error, OCOP_PRINTER_ERROR, OCOP_PRINTER_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, "CUPS"));
  g_assert_nonnull (strstr (error->message, usb_mock_device_get_node (device)));
  g_clear_error (&error);
  usb_mock_device_set_busy (device, FALSE);
  g_assert_true (ocop_printer_open (printer, &error));
  g_assert_no_error (error);
  g_clear_object (&printer);
  usb_mock_free (mock);
}

static void
test_absent_printer_is_not_found (void)
{
  UsbMock *mock = usb_mock_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopPrinter) printer = NULL;
  g_autoptr(GBytes) job = make_job (10);

  /* A scanner with the VID:PID asked for is not a printer. */
  usb_mock_add_hid_scanner (mock, 0x0416, 0x5011, "Not a printer");
  printer = ocop_printer_new_for_uri ("usb://0416:5011", &error);
  g_assert_false (ocop_printer_write (printer, job, NULL, &error));
  g_assert_error (error, OCOP_PRINTER_ERROR, OCOP_PRINTER_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "0416:5011"));
  g_clear_object (&printer);
  usb_mock_free (mock);
}

static void
test_serial_picks_one_of_two (void)
{
  UsbMock *mock = usb_mock_new ();
  UsbMockPrinterSpec spec_a = xprinter, spec_b = xprinter;
  UsbMockDevice *a, *b;
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopPrinter) printer = NULL;
  g_autoptr(GBytes) job = make_job (3000);
  g_autoptr(GBytes) printed_a = NULL;
  g_autoptr(GBytes) printed_b = NULL;

  spec_a.serial = "QN07A";
  spec_b.serial = "QN07B";
  a = usb_mock_add_printer (mock, &spec_a);
  b = usb_mock_add_printer (mock, &spec_b);
  printer = ocop_printer_new_for_uri ("usb://0416:5011/QN07B", &error);
  g_assert_true (ocop_printer_write (printer, job, NULL, &error));
  g_assert_no_error (error);
  printed_a = usb_mock_device_dup_printed (a);
  printed_b = usb_mock_device_dup_printed (b);
  g_assert_cmpuint (g_bytes_get_size (printed_a), ==, 0);
  assert_bytes_equal (printed_b, job);
  g_clear_object (&printer);
  usb_mock_free (mock);
}

static void
test_known_vendor_specific_printer (void)
{
  UsbMock *mock = usb_mock_new ();
  UsbMockPrinterSpec epson = {
    .vendor_id = 0x04b8, .product_id = 0x0e15, .manufacturer = "EPSON",
    .product = "TM-T20II", .device_id = NULL, .vendor_class = TRUE,
  };
  UsbMockPrinterSpec stranger = epson;
  UsbMockDevice *device;
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopPrinter) printer = NULL;
  g_autoptr(GPtrArray) printers = NULL;
  g_autoptr(GBytes) job = make_job (500);
  g_autoptr(GBytes) printed = NULL;
  const OcopPrinterInfo *info;

  stranger.vendor_id = 0x1234;
  stranger.product_id = 0x0001;
  device = usb_mock_add_printer (mock, &epson);
  usb_mock_add_printer (mock, &stranger);
  printers = ocop_printer_monitor_list_attached (&error);
  g_assert_no_error (error);
  /* The Epson is in the known-printer table; an unknown vendor-specific
   * device is not taken for a printer. */
  g_assert_cmpuint (printers->len, ==, 1);
  info = g_ptr_array_index (printers, 0);
  g_assert_cmpstr (info->uri, ==, "usb://04b8:0e15");
  g_assert_cmpstr (info->manufacturer, ==, "EPSON");
  g_assert_cmpstr (info->model, ==, "TM-T20II");
  printer = ocop_printer_new_for_uri (info->uri, &error);
  g_assert_true (ocop_printer_write (printer, job, NULL, &error));
  g_assert_no_error (error);
  printed = usb_mock_device_dup_printed (device);
  assert_bytes_equal (printed, job);
  g_clear_object (&printer);
  usb_mock_free (mock);
}

static void
test_discovery_lists_printers_with_model (void)
{
  UsbMock *mock = usb_mock_new ();
  UsbMockPrinterSpec with_serial = xprinter;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) printers = NULL;
  const OcopPrinterInfo *info;
  g_autofree char *name = NULL;

  with_serial.serial = "FX2024";
  usb_mock_add_hid_scanner (mock, 0x05e0, 0x1200, "Scanner");
  usb_mock_add_printer (mock, &with_serial);
  printers = ocop_printer_monitor_list_attached (&error);
  g_assert_no_error (error);
  g_assert_cmpuint (printers->len, ==, 1);
  info = g_ptr_array_index (printers, 0);
  g_assert_cmpstr (info->uri, ==, "usb://0416:5011/FX2024");
  g_assert_cmpstr (info->manufacturer, ==, "Xprinter");
  g_assert_cmpstr (info->model, ==, "XP-58IIH");
  name = ocop_printer_info_dup_name (info);
  g_assert_cmpstr (name, ==, "Xprinter XP-58IIH");
  usb_mock_free (mock);
}

typedef struct {
  GPtrArray *added;
  GPtrArray *removed;
} Events;

static void
on_printer_event (OcopPrinterMonitor *monitor,
                  OcopPrinterInfo    *info,
                  GPtrArray          *list)
{
  g_ptr_array_add (list, g_strdup (info->uri));
}

static void
wait_for (GPtrArray *list,
          guint      count)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (list->len < count && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  g_assert_cmpuint (list->len, ==, count);
}

static void
test_hotplug_signals (gconstpointer polling)
{
  UsbMock *mock = usb_mock_new ();
  UsbMockDevice *device = usb_mock_add_printer (mock, &xprinter);
  g_autoptr(OcopPrinterMonitor) monitor = ocop_printer_monitor_new ();
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) removed = g_ptr_array_new_with_free_func (g_free);

  ocop_printer_monitor_set_polling (monitor, GPOINTER_TO_INT (polling));
  ocop_printer_monitor_set_interval_ms (monitor, 50);
  g_signal_connect (monitor, "added", G_CALLBACK (on_printer_event), added);
  g_signal_connect (monitor, "removed", G_CALLBACK (on_printer_event), removed);
  ocop_printer_monitor_start (monitor);
  wait_for (added, 1);
  g_assert_cmpstr (g_ptr_array_index (added, 0), ==, "usb://0416:5011");

  usb_mock_device_unplug (device);
  wait_for (removed, 1);
  g_assert_cmpstr (g_ptr_array_index (removed, 0), ==, "usb://0416:5011");
  g_assert_cmpuint (added->len, ==, 1);

  usb_mock_device_replug (device);
  wait_for (added, 2);
  g_assert_cmpuint (removed->len, ==, 1);
  ocop_printer_monitor_stop (monitor);
  g_clear_object (&monitor);
  usb_mock_free (mock);
}

/* The `ocop printers` command, a real process, sees the emulated bus
 * through the umockdev preload library. */
static char *
run_ocop_printers (int *status)
{
  g_auto(GStrv) env = g_get_environ ();
  const char *asan = g_getenv ("ASAN_OPTIONS");
  g_autofree char *asan_options = g_strconcat (asan ? asan : "", asan ? ":" : "", "verify_asan_link_order=0", NULL);
  const char *argv[] = { g_getenv ("OCOP_TOOL"), "printers", NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  if (argv[0] == NULL)
    {
      g_test_skip ("OCOP_TOOL is not set");
      return NULL;
    }
  env = g_environ_setenv (env, "LD_PRELOAD", "libumockdev-preload.so.0", TRUE);
  env = g_environ_setenv (env, "ASAN_OPTIONS", asan_options, TRUE);
  env = g_environ_setenv (env, "LANGUAGE", "C", TRUE);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, NULL, status, &error));
  g_assert_no_error (error);
  return out;
}

static void
test_ocop_printers_command (void)
{
  UsbMock *mock = usb_mock_new ();
  UsbMockDevice *device;
  g_autofree char *none = NULL;
  g_autofree char *one = NULL;
  g_autoptr(GBytes) printed = NULL;
  int status = -1;

  none = run_ocop_printers (&status);
  if (none == NULL)
    {
      usb_mock_free (mock);
      return;
    }
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_str_has_prefix (none, "No USB receipt printer is attached."));

  device = usb_mock_add_printer (mock, &xprinter);
  usb_mock_add_hid_scanner (mock, 0x05e0, 0x1200, "Scanner");
  one = run_ocop_printers (&status);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpstr (one, ==, "usb://0416:5011\tXprinter XP-58IIH\n");
  /* Listing printers prints nothing on them. */
  printed = usb_mock_device_dup_printed (device);
  g_assert_cmpuint (g_bytes_get_size (printed), ==, 0);
  usb_mock_free (mock);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/usb/printer/job", test_job_arrives_byte_for_byte);
  g_test_add_func ("/usb/printer/device-id", test_device_id_names_the_model);
  g_test_add_func ("/usb/printer/status", test_status_reads_back);
  g_test_add_func ("/usb/printer/status-one-way", test_one_way_printer_reports_port_status);
  g_test_add_func ("/usb/printer/paper-out-job", test_job_without_paper_says_so);
  g_test_add_func ("/usb/printer/full-buffer", test_full_buffer_still_says_paper_out);
  g_test_add_func ("/usb/printer/unplug-mid-job", test_unplug_mid_job_then_replug);
  g_test_add_func ("/usb/printer/busy", test_busy_printer_names_cups);
  g_test_add_func ("/usb/printer/not-found", test_absent_printer_is_not_found);
  g_test_add_func ("/usb/printer/serial", test_serial_picks_one_of_two);
  g_test_add_func ("/usb/printer/known-vendor-specific", test_known_vendor_specific_printer);
  g_test_add_func ("/usb/discovery/list", test_discovery_lists_printers_with_model);
  g_test_add_data_func ("/usb/discovery/hotplug", GINT_TO_POINTER (FALSE), test_hotplug_signals);
  g_test_add_data_func ("/usb/discovery/hotplug-polling", GINT_TO_POINTER (TRUE), test_hotplug_signals);
  g_test_add_func ("/usb/discovery/ocop-printers", test_ocop_printers_command);
  return g_test_run ();
}
