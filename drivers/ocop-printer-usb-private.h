/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-printer-usb-private.h: what the USB printer transport and the
 * printer monitor share: telling a printer from other USB devices and
 * reading what it says about itself. */
#pragma once

#include <libusb.h>

#include "ocop-printer-private.h"

G_BEGIN_DECLS

typedef struct {
  guint8 interface_number;
  guint8 alt_setting;
  guint8 protocol;        /* 1 one-way, 2 two-way (bulk IN), 0 vendor */
  guint8 endpoint_out;
  guint8 endpoint_in;     /* 0 when the printer cannot answer */
  guint16 in_packet_size;
} OcopUsbPrinterInterface;

/* Finds the interface to print on: class 7 with a bulk OUT endpoint, or
 * for a known printer (ocop_printer_usb_lookup_known) a vendor-specific
 * one with a bulk OUT endpoint. FALSE for devices that are not printers. */
gboolean ocop_usb_printer_find_interface (libusb_device           *device,
                                          OcopUsbPrinterInterface *found);

/* The IEEE 1284 device id, by the printer class's GET_DEVICE_ID. */
char    *ocop_usb_printer_read_device_id (libusb_device_handle          *handle,
                                          const OcopUsbPrinterInterface *iface,
                                          GError                       **error);

/* A string descriptor as UTF-8, or NULL. */
char    *ocop_usb_read_string            (libusb_device_handle *handle,
                                          guint8                index);

/* "/dev/bus/usb/BBB/DDD", as named in permission errors. */
char    *ocop_usb_device_node            (libusb_device        *device);

/* Sets an OCOP_PRINTER_ERROR for a libusb error code @rc met while @doing
 * something with @device; always returns FALSE. */
gboolean ocop_usb_set_error              (GError              **error,
                                          int                   rc,
                                          libusb_device        *device,
                                          const char           *doing);

G_END_DECLS
