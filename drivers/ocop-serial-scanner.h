/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-serial-scanner.h: a barcode scanner in serial mode (USB CDC-ACM,
 * /dev/ttyACM0, or an RS-232 adapter): one code per line. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define OCOP_SERIAL_SCANNER_ERROR (ocop_serial_scanner_error_quark ())

typedef enum {
  OCOP_SERIAL_SCANNER_ERROR_INVALID_URI,
  OCOP_SERIAL_SCANNER_ERROR_NOT_FOUND,
  OCOP_SERIAL_SCANNER_ERROR_PERMISSION,   /* not in the dialout group */
  OCOP_SERIAL_SCANNER_ERROR_BUSY,
  OCOP_SERIAL_SCANNER_ERROR_DISCONNECTED,
  OCOP_SERIAL_SCANNER_ERROR_FAILED,
} OcopSerialScannerError;

GQuark ocop_serial_scanner_error_quark (void);

#define OCOP_TYPE_SERIAL_SCANNER (ocop_serial_scanner_get_type ())
G_DECLARE_FINAL_TYPE (OcopSerialScanner, ocop_serial_scanner, OCOP, SERIAL_SCANNER, GObject)

/* @uri: `serial:PATH`, such as serial:/dev/ttyACM0. */
OcopSerialScanner *ocop_serial_scanner_new_for_uri (const char         *uri,
                                                    GError            **error);
const char        *ocop_serial_scanner_get_uri     (OcopSerialScanner  *self);

/* Opens the tty in raw mode and watches it on the thread-default main
 * context of this call. Signals: "scanned" (const char *code) for each
 * line ending in CR, LF or CR LF; "disconnected" (GError *) when the
 * device goes away (the scanner then stops; start it again once back). */
gboolean           ocop_serial_scanner_start       (OcopSerialScanner  *self,
                                                    GError            **error);
void               ocop_serial_scanner_stop        (OcopSerialScanner  *self);

G_END_DECLS
