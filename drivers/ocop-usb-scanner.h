/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-usb-scanner.h: a USB barcode scanner read directly through libusb
 * (for kiosks, where a keyboard scanner must not type into other windows);
 * its codes arrive as a signal, like keyboard-wedge scans in the till. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define OCOP_USB_SCANNER_ERROR (ocop_usb_scanner_error_quark ())

typedef enum {
  OCOP_USB_SCANNER_ERROR_INVALID_URI,
  OCOP_USB_SCANNER_ERROR_NOT_FOUND,     /* no such scanner attached */
  OCOP_USB_SCANNER_ERROR_BUSY,          /* another program holds it */
  OCOP_USB_SCANNER_ERROR_PERMISSION,    /* its device node is not writable */
  OCOP_USB_SCANNER_ERROR_DISCONNECTED,  /* unplugged while reading */
  OCOP_USB_SCANNER_ERROR_FAILED,
} OcopUsbScannerError;

GQuark ocop_usb_scanner_error_quark (void);

#define OCOP_TYPE_USB_SCANNER (ocop_usb_scanner_get_type ())
G_DECLARE_FINAL_TYPE (OcopUsbScanner, ocop_usb_scanner, OCOP, USB_SCANNER, GObject)

/* @uri: `usb://VID:PID[/SERIAL]` of a HID scanner (boot keyboard, or HID
 * POS framed as report id, length, data). Nothing is opened yet. */
OcopUsbScanner *ocop_usb_scanner_new_for_uri (const char      *uri,
                                              GError         **error);
const char     *ocop_usb_scanner_get_uri     (OcopUsbScanner  *self);

/* Opens the scanner now (so a missing or busy scanner is reported here),
 * detaching usbhid (which also stops it typing into windows), and reads
 * it on a worker thread. Signals are emitted on the thread-default main
 * context of the caller of ocop_usb_scanner_new_for_uri():
 *   "scanned" (const char *code): a complete code;
 *   "disconnected" (GError *): the scanner went away; the worker then
 *     looks for it every second;
 *   "connected": it is back and being read again. */
gboolean        ocop_usb_scanner_start       (OcopUsbScanner  *self,
                                              GError         **error);
/* Stops reading and gives the scanner back to usbhid. */
void            ocop_usb_scanner_stop        (OcopUsbScanner  *self);
gboolean        ocop_usb_scanner_is_running  (OcopUsbScanner  *self);

G_END_DECLS
