/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-scale-private.h: what the scale's transports (serial, USB HID)
 * and OcopScale say to each other. */
#pragma once

#include "ocop-scale.h"

G_BEGIN_DECLS

/* A transport hands each reading to its scale, which stops waiting and
 * emits "reading". */
void ocop_scale_take_reading (OcopScale              *self,
                              const OcopScaleReading *reading);

/* The device went away: the transport has closed; the scale says GONE. */
void ocop_scale_take_gone    (OcopScale              *self);

/* The serial transport (ocop-scale-serial.c). */
typedef struct _OcopScaleSerial OcopScaleSerial;

OcopScaleSerial *ocop_scale_serial_new   (OcopScale        *owner,
                                          const char       *uri,
                                          GError          **error);
void             ocop_scale_serial_free  (OcopScaleSerial  *serial);
gboolean         ocop_scale_serial_open  (OcopScaleSerial  *serial,
                                          GError          **error);
void             ocop_scale_serial_close (OcopScaleSerial  *serial);
/* Sends the protocol's bytes for a request, zero or tare (nothing when
 * it has none); FALSE once the port is gone. */
typedef enum {
  OCOP_SCALE_COMMAND_REQUEST,
  OCOP_SCALE_COMMAND_ZERO,
  OCOP_SCALE_COMMAND_TARE,
} OcopScaleCommand;
gboolean         ocop_scale_serial_send  (OcopScaleSerial  *serial,
                                          OcopScaleCommand  command);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OcopScaleSerial, ocop_scale_serial_free)

/* The USB HID transport (ocop-scale-usb.c): each request reads on a
 * worker and always answers, a reading or GONE, within a second. */
typedef struct _OcopScaleUsb OcopScaleUsb;

OcopScaleUsb    *ocop_scale_usb_new      (OcopScale        *owner,
                                          const char       *uri,
                                          GError          **error);
void             ocop_scale_usb_free     (OcopScaleUsb     *usb);
gboolean         ocop_scale_usb_open     (OcopScaleUsb     *usb,
                                          GError          **error);
void             ocop_scale_usb_close    (OcopScaleUsb     *usb);
void             ocop_scale_usb_request  (OcopScaleUsb     *usb);

G_END_DECLS
