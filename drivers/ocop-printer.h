/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-printer.h: a receipt printer named by a URI (usb://, tcp://, file:),
 * to which the till and the `ocop` command hand bytes without knowing how
 * they travel. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define OCOP_PRINTER_ERROR (ocop_printer_error_quark ())

typedef enum {
  OCOP_PRINTER_ERROR_INVALID_URI,   /* the printer's URI is malformed */
  OCOP_PRINTER_ERROR_NOT_FOUND,     /* no such printer is attached or reachable */
  OCOP_PRINTER_ERROR_BUSY,          /* held by another driver or program (CUPS) */
  OCOP_PRINTER_ERROR_PERMISSION,    /* the device node is not writable */
  OCOP_PRINTER_ERROR_DISCONNECTED,  /* unplugged or the connection dropped */
  OCOP_PRINTER_ERROR_TIMEOUT,       /* the printer stopped taking data */
  OCOP_PRINTER_ERROR_PAPER_OUT,
  OCOP_PRINTER_ERROR_COVER_OPEN,
  OCOP_PRINTER_ERROR_OFFLINE,
  OCOP_PRINTER_ERROR_FAILED,        /* anything else the transport reports */
} OcopPrinterError;

GQuark ocop_printer_error_quark (void);

/* What a printer says about itself. A one-way USB printer answers only the
 * USB class's port status, so @paper_near_end stays FALSE for it. */
typedef struct {
  gboolean offline;
  gboolean cover_open;
  gboolean paper_out;
  gboolean paper_near_end;
  gboolean error;            /* cutter jam, head too hot, … */
} OcopPrinterStatus;

/* TRUE when the printer can print now (near-end paper still prints). */
gboolean ocop_printer_status_is_ready (const OcopPrinterStatus *status);
/* Sets a PAPER_OUT, COVER_OPEN, OFFLINE or FAILED error for a printer that
 * cannot print and returns FALSE; TRUE when ready. */
gboolean ocop_printer_status_check    (const OcopPrinterStatus *status,
                                       GError                 **error);

/* The default for the longest stall a job may have before TIMEOUT. */
#define OCOP_PRINTER_DEFAULT_TIMEOUT_MS 10000

#define OCOP_TYPE_PRINTER (ocop_printer_get_type ())
G_DECLARE_FINAL_TYPE (OcopPrinter, ocop_printer, OCOP, PRINTER, GObject)

/* @uri: `usb://VID:PID[/SERIAL]` (VID and PID four hex digits each),
 * `tcp://HOST[:PORT]` (port 9100 by default) or `file:PATH` (a device such
 * as /dev/usb/lp0, or a plain file for previews). Nothing is opened yet. */
OcopPrinter *ocop_printer_new_for_uri     (const char    *uri,
                                           GError       **error);
const char  *ocop_printer_get_uri         (OcopPrinter   *self);

/* Property "timeout-ms": how long one chunk of a job may take before the
 * job fails with TIMEOUT (a printer out of paper stops taking data). */
guint        ocop_printer_get_timeout_ms  (OcopPrinter   *self);
void         ocop_printer_set_timeout_ms  (OcopPrinter   *self,
                                           guint          timeout_ms);

/* Opens the transport: finds and claims the USB interface (detaching
 * usblp), connects the socket or opens the file. Writing opens implicitly;
 * after DISCONNECTED the next call opens afresh (re-plugged printers). */
gboolean     ocop_printer_open            (OcopPrinter   *self,
                                           GError       **error);
gboolean     ocop_printer_is_open         (OcopPrinter   *self);
/* Releases the printer. For a plain file: the job appears (renamed from
 * its temporary file) only now, so a reader never sees half a job. */
gboolean     ocop_printer_close           (OcopPrinter   *self,
                                           GError       **error);

/* Hands @data to the printer in chunks, blocking. When the printer stalls
 * and its status says why, the error says so (PAPER_OUT, COVER_OPEN, …)
 * rather than TIMEOUT. Safe to call from any one thread at a time; calls
 * from several threads are serialized. */
gboolean     ocop_printer_write           (OcopPrinter   *self,
                                           GBytes        *data,
                                           GCancellable  *cancellable,
                                           GError       **error);
/* The same on a worker thread; @callback runs on the caller's main context. */
void         ocop_printer_write_async     (OcopPrinter         *self,
                                           GBytes              *data,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean     ocop_printer_write_finish    (OcopPrinter   *self,
                                           GAsyncResult  *result,
                                           GError       **error);

/* Asks the printer how it is: DLE EOT over USB bulk IN or TCP for two-way
 * printers, the USB printer class's port status for one-way ones; a file
 * is always ready. Opens the printer if needed. */
gboolean     ocop_printer_query_status    (OcopPrinter        *self,
                                           OcopPrinterStatus  *status,
                                           GCancellable       *cancellable,
                                           GError            **error);
void         ocop_printer_query_status_async  (OcopPrinter         *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean     ocop_printer_query_status_finish (OcopPrinter        *self,
                                               GAsyncResult       *result,
                                               OcopPrinterStatus  *status,
                                               GError            **error);

/* The IEEE 1284 device id ("MFG:EPSON;MDL:TM-T20II;CMD:ESC/POS;…") of a
 * USB printer; NULL with NOT_SUPPORTED-like FAILED for other transports. */
char        *ocop_printer_get_device_id   (OcopPrinter   *self,
                                           GError       **error);

/* Reads one field ("MFG", "MANUFACTURER", "MDL", "MODEL", "CMD", …) of an
 * IEEE 1284 device id, or NULL when absent. */
char        *ocop_printer_device_id_get_field (const char *device_id,
                                               const char *key);

G_END_DECLS
