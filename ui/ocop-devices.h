/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-devices.h: the till's hardware as its settings name it: the receipt
 * printer with its print queue and status, and a scanner read directly
 * (USB HID or serial) for kiosks. Keyboard-wedge scanners need nothing
 * here: the window reads them. */
#pragma once

#include <gio/gio.h>

#include "ocop-print-queue.h"
#include "ocop-printer-trouble.h"
#include "ocop-scale.h"
#include "ocop-store.h"

G_BEGIN_DECLS

/* How often an idle till asks the printer how it is (paper, cover). */
#define OCOP_DEVICES_STATUS_INTERVAL_S 15

#define OCOP_TYPE_DEVICES (ocop_devices_get_type ())
G_DECLARE_FINAL_TYPE (OcopDevices, ocop_devices, OCOP, DEVICES, GObject)

/* Follows @settings: printer-uri, receipt-width-mm, the bank account
 * (VietQR on transfer receipts), scanner and scale-uri. While a printer is set, every
 * sale, void and refund recorded through @store queues its receipt. */
OcopDevices    *ocop_devices_new                 (OcopStore *store,
                                                  GSettings *settings);

/* Prints what waits (after a sale, or the cashier's "retry"). */
void            ocop_devices_print_waiting       (OcopDevices *self);
/* Queues a copy of receipt @ref, or the Z report of closed @day, and
 * prints it. FALSE with an error when there is nothing to print. */
gboolean        ocop_devices_reprint             (OcopDevices  *self,
                                                  const char   *ref,
                                                  GError      **error);
gboolean        ocop_devices_print_z_report      (OcopDevices  *self,
                                                  const char   *day,
                                                  GError      **error);
/* Queues the slip of handover @handover_id and prints it. */
gboolean        ocop_devices_print_handover      (OcopDevices  *self,
                                                  gint64        handover_id,
                                                  GError      **error);

OcopPrintQueue *ocop_devices_get_print_queue     (OcopDevices *self);
/* One line each for the status bar, in plain words. */
char           *ocop_devices_describe_printer    (OcopDevices *self);
char           *ocop_devices_describe_scanner    (OcopDevices *self);
char           *ocop_devices_describe_scale      (OcopDevices *self);
/* The scale of the scale-uri setting, or NULL without one (or with an
 * address that does not read: describe_scale says why). Its port opens
 * on the first request; connect to "reading" for the weights. */
OcopScale      *ocop_devices_get_scale           (OcopDevices *self);
/* TRUE when receipts wait after a failure: the till offers "retry". */
gboolean        ocop_devices_has_stuck_receipts  (OcopDevices *self);
/* What stops the receipt printer now (a failed job first, then what the
 * printer says of itself), or NONE; for the till's banner. */
OcopPrinterTrouble ocop_devices_get_printer_trouble  (OcopDevices *self);
/* Receipts waiting to print; 0 without a printer (none are queued then). */
gint64          ocop_devices_get_waiting_receipts (OcopDevices *self);

G_END_DECLS
