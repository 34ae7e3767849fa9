/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-usb-scanner.c: OcopUsbScanner over libusb against an emulated HID
 * boot-keyboard scanner: typed codes arrive through "scanned" as the
 * strings scanned, unplug and re-plug are reported, errors are clear. */

#include "config.h"

#include <string.h>

#include "ocop-usb-scanner.h"
#include "usb-mock.h"

typedef struct {
  GPtrArray *codes;
  guint      disconnected;
  guint      connected;
  GError    *error;
} Seen;

static void
on_scanned (OcopUsbScanner *scanner,
            const char     *code,
            Seen           *seen)
{
  g_ptr_array_add (seen->codes, g_strdup (code));
}

static void
on_disconnected (OcopUsbScanner *scanner,
                 const GError   *error,
                 Seen           *seen)
{
  seen->disconnected++;
  g_clear_error (&seen->error);
  seen->error = g_error_copy (error);
}

static void
on_connected (OcopUsbScanner *scanner,
              Seen           *seen)
{
  seen->connected++;
}

static OcopUsbScanner *
watch (const char *uri,
       Seen       *seen)
{
  g_autoptr(GError) error = NULL;
  OcopUsbScanner *scanner = ocop_usb_scanner_new_for_uri (uri, &error);

  g_assert_no_error (error);
  seen->codes = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (scanner, "scanned", G_CALLBACK (on_scanned), seen);
  g_signal_connect (scanner, "disconnected", G_CALLBACK (on_disconnected), seen);
  g_signal_connect (scanner, "connected", G_CALLBACK (on_connected), seen);
  return scanner;
}

static void
seen_clear (Seen *seen)
{
  g_ptr_array_unref (seen->codes);
  g_clear_error (&seen->error);
}

/* Spins the main context until @done says so, for at most 5 s. */
static void
spin_until (gboolean (*done) (Seen *seen, guint n),
            Seen     *seen,
            guint     n)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (!done (seen, n) && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static gboolean
has_codes (Seen *seen, guint n) { return seen->codes->len >= n; }
static gboolean
has_disconnects (Seen *seen, guint n) { return seen->disconnected >= n; }
static gboolean
has_connects (Seen *seen, guint n) { return seen->connected >= n; }

static void
test_codes_arrive_as_scanned (void)
{
  UsbMock *mock = usb_mock_new ();
  UsbMockDevice *device = usb_mock_add_hid_scanner (mock, 0x05e0, 0x1200, "Symbol Scanner");
  Seen seen = { 0 };
  g_autoptr(OcopUsbScanner) scanner = watch ("usb://05e0:1200", &seen);
  g_autoptr(GError) error = NULL;

  g_assert_true (ocop_usb_scanner_start (scanner, &error));
  g_assert_no_error (error);
  usb_mock_device_type_text (device, "8935000000014");
  usb_mock_device_type_text (device, "DD-AA-W1");
  usb_mock_device_type_text (device, "https://ocop.gov.vn/sp?id=QN-07&x=1");
  spin_until (has_codes, &seen, 3);
  g_assert_cmpuint (seen.codes->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (seen.codes, 0), ==, "8935000000014");
  g_assert_cmpstr (g_ptr_array_index (seen.codes, 1), ==, "DD-AA-W1");
  g_assert_cmpstr (g_ptr_array_index (seen.codes, 2), ==, "https://ocop.gov.vn/sp?id=QN-07&x=1");
  g_assert_cmpuint (seen.disconnected, ==, 0);
  ocop_usb_scanner_stop (scanner);
  g_assert_false (ocop_usb_scanner_is_running (scanner));
  g_clear_object (&scanner);
  seen_clear (&seen);
  usb_mock_free (mock);
}

static void
test_hid_pos_scanner (void)
{
  UsbMock *mock = usb_mock_new ();
  UsbMockDevice *device = usb_mock_add_hid_pos_scanner (mock, 0x0c2e, 0x0b61, "HID POS Scanner");
  Seen seen = { 0 };
  g_autoptr(OcopUsbScanner) scanner = watch ("usb://0c2e:0b61", &seen);
  g_autoptr(GError) error = NULL;
  /* Report id 2, 16 bytes: AIM "]E0" (EAN-13), then the code; padded. */
  guint8 report[64] = { 0x02, 16, ']', 'E', '0', '8', '9', '3', '5', '0', '0', '0', '0', '0', '0', '0', '1', '4' };

  g_assert_true (ocop_usb_scanner_start (scanner, &error));
  g_assert_no_error (error);
  usb_mock_device_queue_report (device, report, sizeof report);
  spin_until (has_codes, &seen, 1);
  g_assert_cmpuint (seen.codes->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (seen.codes, 0), ==, "8935000000014");
  g_clear_object (&scanner);
  seen_clear (&seen);
  usb_mock_free (mock);
}

static void
test_unplug_and_replug (void)
{
  UsbMock *mock = usb_mock_new ();
  UsbMockDevice *device = usb_mock_add_hid_scanner (mock, 0x05e0, 0x1200, "Symbol Scanner");
  Seen seen = { 0 };
  g_autoptr(OcopUsbScanner) scanner = watch ("usb://05e0:1200", &seen);
  g_autoptr(GError) error = NULL;

  g_assert_true (ocop_usb_scanner_start (scanner, &error));
  usb_mock_device_unplug (device);
  spin_until (has_disconnects, &seen, 1);
  g_assert_cmpuint (seen.disconnected, ==, 1);
  g_assert_error (seen.error, OCOP_USB_SCANNER_ERROR, OCOP_USB_SCANNER_ERROR_DISCONNECTED);
  g_assert_nonnull (strstr (seen.error->message, "usb://05e0:1200"));

  usb_mock_device_replug (device);
  spin_until (has_connects, &seen, 1);
  g_assert_cmpuint (seen.connected, ==, 1);
  usb_mock_device_type_text (device, "8936000000021");
  spin_until (has_codes, &seen, 1);
  g_assert_cmpuint (seen.codes->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (seen.codes, 0), ==, "8936000000021");
  g_clear_object (&scanner);
  seen_clear (&seen);
  usb_mock_free (mock);
}

static void
test_errors (void)
{
  UsbMock *mock = usb_mock_new ();
  UsbMockDevice *device = usb_mock_add_hid_scanner (mock, 0x05e0, 0x1200, "Symbol Scanner");
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopUsbScanner) absent = ocop_usb_scanner_new_for_uri ("usb://05e0:1300", &error);
  g_autoptr(OcopUsbScanner) busy = ocop_usb_scanner_new_for_uri ("usb://05e0:1200", &error);
  g_autoptr(OcopUsbScanner) bad = NULL;

  g_assert_false (ocop_usb_scanner_start (absent, &error));
  g_assert_error (error, OCOP_USB_SCANNER_ERROR, OCOP_USB_SCANNER_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "05e0:1300"));
  g_clear_error (&error);

  usb_mock_device_set_busy (device, TRUE);
  g_assert_false (ocop_usb_scanner_start (busy, &error));
  g_assert_error (error, OCOP_USB_SCANNER_ERROR, OCOP_USB_SCANNER_ERROR_BUSY);
  g_clear_error (&error);

  bad = ocop_usb_scanner_new_for_uri ("usb://5e0:1200", &error);
  g_assert_null (bad);
  g_assert_error (error, OCOP_USB_SCANNER_ERROR, OCOP_USB_SCANNER_ERROR_INVALID_URI);
  g_assert_nonnull (strstr (error->message, "usb://5e0:1200"));
  g_clear_object (&absent);
  g_clear_object (&busy);
  usb_mock_free (mock);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/usb/scanner/scanned", test_codes_arrive_as_scanned);
  g_test_add_func ("/usb/scanner/hid-pos", test_hid_pos_scanner);
  g_test_add_func ("/usb/scanner/unplug-replug", test_unplug_and_replug);
  g_test_add_func ("/usb/scanner/errors", test_errors);
  return g_test_run ();
}
