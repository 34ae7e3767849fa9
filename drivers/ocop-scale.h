/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-scale.h: a weighing scale on a serial port or USB (HID), giving
 * readings in grams with a status that says whether the till may use
 * them. The weighed-goods contract of issue 16: these names are fixed. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define OCOP_SCALE_ERROR (ocop_scale_error_quark ())

typedef enum {
  OCOP_SCALE_ERROR_INVALID_URI,
  OCOP_SCALE_ERROR_UNKNOWN_PROTOCOL,
  OCOP_SCALE_ERROR_NOT_FOUND,
  OCOP_SCALE_ERROR_PERMISSION,
  OCOP_SCALE_ERROR_BUSY,
  OCOP_SCALE_ERROR_FAILED,
} OcopScaleError;

GQuark ocop_scale_error_quark (void);

/* Only OCOP_SCALE_STABLE is a weight the till may use. */
typedef enum {
  OCOP_SCALE_STABLE,        /* grams: the weight on the pan */
  OCOP_SCALE_UNSTABLE,      /* grams: the live weight, still moving */
  OCOP_SCALE_ZERO,          /* nothing on the pan */
  OCOP_SCALE_NEGATIVE,      /* below zero: zero or tare the scale */
  OCOP_SCALE_OVERLOAD,      /* above its capacity */
  OCOP_SCALE_UNDER_RANGE,   /* below its range or needs calibration */
  OCOP_SCALE_WRONG_UNIT,    /* set to pounds or ounces: never converted */
  OCOP_SCALE_GONE,          /* unplugged, or silent past its timeout */
  OCOP_SCALE_MISREAD,       /* garbage on the line: never a weight */
} OcopScaleStatus;

typedef struct {
  OcopScaleStatus status;
  gint64          grams;    /* meaningful for STABLE and UNSTABLE */
} OcopScaleReading;

/* The translated message for @status, for the till's status line. */
const char *ocop_scale_status_describe (OcopScaleStatus status);

#define OCOP_TYPE_SCALE (ocop_scale_get_type ())
G_DECLARE_FINAL_TYPE (OcopScale, ocop_scale, OCOP, SCALE, GObject)

/* @uri: `serial:/dev/ttyUSB0?protocol=mettler-8217&baud=9600` (protocol
 * from the table in ocop-scale-protocol.c; baud optional, the protocol's
 * own by default) or `usb:VID:PID` (hex) for a USB HID scale. Nothing is
 * opened yet. */
G_GNUC_WARN_UNUSED_RESULT
OcopScale  *ocop_scale_new_for_uri (const char  *uri,
                                    GError     **error);
const char *ocop_scale_get_uri     (OcopScale   *self);

/* Opens the port or device now, for a caller that wants the reason it
 * cannot (ocop_scale_request opens it too and reports GONE instead). */
gboolean    ocop_scale_open        (OcopScale   *self,
                                    GError     **error);
void        ocop_scale_close       (OcopScale   *self);

/* Asks for a reading: the "reading" signal (const OcopScaleReading *)
 * follows on the thread-default main context of the first open, a GONE
 * one if nothing comes within a second. A continuous scale just keeps
 * sending; each of its lines is a "reading". */
void        ocop_scale_request     (OcopScale   *self);
void        ocop_scale_zero        (OcopScale   *self);
void        ocop_scale_tare        (OcopScale   *self);

G_END_DECLS
