/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-usb-hid.h: what the USB HID devices read through libusb (scanners,
 * scales) share: their VID:PID addresses and finding the HID interface to
 * read interrupt reports from. */
#pragma once

#include <glib.h>
#include <libusb.h>

G_BEGIN_DECLS

typedef struct {
  guint8   number;          /* bInterfaceNumber */
  guint8   endpoint;        /* its interrupt IN endpoint */
  guint16  packet_size;     /* at least 8 */
  gboolean boot_keyboard;   /* subclass 1, protocol 1 */
} OcopUsbHidInterface;

/* Reads "VID:PID" (four hexadecimal digits each) at the start of @text;
 * *@rest points after it. FALSE for anything else. */
gboolean ocop_usb_hid_parse_ids        (const char           *text,
                                        guint16              *vendor_id,
                                        guint16              *product_id,
                                        const char          **rest);

/* The first HID interface of @device with an interrupt IN endpoint. */
gboolean ocop_usb_hid_find_interface   (libusb_device        *device,
                                        OcopUsbHidInterface  *found);

G_END_DECLS
