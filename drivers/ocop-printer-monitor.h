/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-printer-monitor.h: which USB receipt printers are attached, and
 * word when one is plugged in or pulled out while the till runs. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* One attached printer. */
typedef struct {
  char *uri;            /* usb://VID:PID[/SERIAL], for ocop_printer_new_for_uri */
  char *manufacturer;   /* from its IEEE 1284 id, else its USB strings; may be NULL */
  char *model;          /* likewise; may be NULL */
  char *device_node;    /* /dev/bus/usb/BBB/DDD */
} OcopPrinterInfo;

#define OCOP_TYPE_PRINTER_INFO (ocop_printer_info_get_type ())
GType            ocop_printer_info_get_type (void) G_GNUC_CONST;
OcopPrinterInfo *ocop_printer_info_copy     (const OcopPrinterInfo *info);
void             ocop_printer_info_free     (OcopPrinterInfo       *info);
/* "Xprinter XP-58IIH", or the URI when the printer gives no name. */
char            *ocop_printer_info_dup_name (const OcopPrinterInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OcopPrinterInfo, ocop_printer_info_free)

/* How often the monitor looks when it polls instead of following libusb's
 * hotplug events. */
#define OCOP_PRINTER_MONITOR_DEFAULT_INTERVAL_MS 2000

#define OCOP_TYPE_PRINTER_MONITOR (ocop_printer_monitor_get_type ())
G_DECLARE_FINAL_TYPE (OcopPrinterMonitor, ocop_printer_monitor, OCOP, PRINTER_MONITOR, GObject)

/* The printers attached now (an array of OcopPrinterInfo), by URI order.
 * Fails only when USB cannot be used at all. */
GPtrArray          *ocop_printer_monitor_list_attached (GError **error);

/* Signals, on the thread-default main context of the thread that called
 * ocop_printer_monitor_new(): "added" (OcopPrinterInfo *) for each printer
 * present when the monitor starts and each one plugged in later, "removed"
 * (OcopPrinterInfo *) for each one pulled out. */
OcopPrinterMonitor *ocop_printer_monitor_new           (void);
void                ocop_printer_monitor_start         (OcopPrinterMonitor *self);
void                ocop_printer_monitor_stop          (OcopPrinterMonitor *self);
/* Property "polling": enumerate every "interval-ms" instead of following
 * libusb's hotplug (udev) events, for systems where those do not reach the
 * process. Without hotplug support in libusb the monitor polls anyway.
 * Both take effect at the next start. */
gboolean            ocop_printer_monitor_get_polling   (OcopPrinterMonitor *self);
void                ocop_printer_monitor_set_polling   (OcopPrinterMonitor *self,
                                                        gboolean            polling);
guint               ocop_printer_monitor_get_interval_ms (OcopPrinterMonitor *self);
void                ocop_printer_monitor_set_interval_ms (OcopPrinterMonitor *self,
                                                          guint               interval_ms);

G_END_DECLS
