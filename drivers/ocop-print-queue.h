/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-print-queue.h: prints the receipts and Z reports waiting in the
 * store, one at a time, off the main thread. Selling never waits for it: a
 * job that fails stays in the store with its reason until a retry prints
 * it or a cashier cancels it. */
#pragma once

#include <gio/gio.h>

#include "ocop-printer.h"
#include "ocop-receipt.h"
#include "ocop-store.h"

G_BEGIN_DECLS

/* After a failed job, the queue tries again by itself after this long
 * (doubling up to OCOP_PRINT_QUEUE_RETRY_MAX_S), or at once when kicked. */
#define OCOP_PRINT_QUEUE_RETRY_S 10
#define OCOP_PRINT_QUEUE_RETRY_MAX_S 120

#define OCOP_TYPE_PRINT_QUEUE (ocop_print_queue_get_type ())
G_DECLARE_FINAL_TYPE (OcopPrintQueue, ocop_print_queue, OCOP, PRINT_QUEUE, GObject)

OcopPrintQueue *ocop_print_queue_new           (OcopStore     *store);

/* The printer jobs go to; NULL leaves them waiting. */
void            ocop_print_queue_set_printer   (OcopPrintQueue *self,
                                                OcopPrinter    *printer);
OcopPrinter    *ocop_print_queue_get_printer   (OcopPrintQueue *self);
/* How receipts look (width, footer, VietQR account, drawer, cut); the
 * strings are copied. @text_mode sends the printer's own font instead of
 * a raster image (Vietnamese loses its marks: only for printers set so). */
void            ocop_print_queue_set_options   (OcopPrintQueue           *self,
                                                const OcopReceiptOptions *options,
                                                gboolean                  text_mode);

/* Starts printing what waits, unless a job is printing already. */
void            ocop_print_queue_kick          (OcopPrintQueue *self);
/* Prints every waiting job now, blocking; stops at the first failure,
 * which stays queued (for the `ocop` command). */
gboolean        ocop_print_queue_flush         (OcopPrintQueue  *self,
                                                GCancellable    *cancellable,
                                                GError         **error);

/* The bytes of one job, as they go to the printer. */
GBytes         *ocop_print_queue_render_job    (OcopPrintQueue      *self,
                                                const OcopPrintJob  *job,
                                                GError             **error);

/* For the status bar; "changed" is emitted whenever any of them moves. */
gint64          ocop_print_queue_get_waiting   (OcopPrintQueue *self);
gboolean        ocop_print_queue_is_printing   (OcopPrintQueue *self);
/* Why the last try failed, or NULL after a success. */
const char     *ocop_print_queue_get_last_error (OcopPrintQueue *self);
/* The same failure with its domain and code (OCOP_PRINTER_ERROR mostly),
 * for telling the cashier what to do about it. */
const GError   *ocop_print_queue_get_last_failure (OcopPrintQueue *self);

G_END_DECLS
