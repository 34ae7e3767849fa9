/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-scale-protocol.h: the serial scale protocols the till speaks, one
 * table entry each, with their framing and a pure parser per protocol
 * that the tests drive without a scale. */
#pragma once

#include "ocop-scale.h"
#include "ocop-serial-tty.h"

G_BEGIN_DECLS

/* What one frame from the scale asks of us. */
typedef enum {
  OCOP_SCALE_FRAME_READING,   /* *reading is filled (MISREAD for garbage) */
  OCOP_SCALE_FRAME_REPLY,     /* send *reply back (a handshake step) */
  OCOP_SCALE_FRAME_IGNORE,    /* nothing to do (an echo, a stray byte) */
} OcopScaleFrame;

/* The longest frame any protocol here sends (CAS: 15 bytes; continuous
 * lines: about 20): anything longer is noise, a wrong speed, and a misread. */
#define OCOP_SCALE_MAX_FRAME 64

typedef struct {
  const char        *name;          /* in URIs: protocol=NAME */
  const char        *title;         /* for Settings (N_()) */
  guint              baud;          /* its default speed */
  OcopSerialFraming  framing;
  /* Whether @frame (the bytes since the last frame) is complete. */
  gboolean         (*is_end)        (const guint8      *frame,
                                     gsize              length);
  const char        *request;       /* asks for a reading; NULL: it sends on its own */
  const char        *zero;          /* NULL: the scale has no command for it */
  const char        *tare;
  /* @frame ends with its terminator; @length ≤ OCOP_SCALE_MAX_FRAME. */
  OcopScaleFrame   (*parse)         (const guint8      *frame,
                                     gsize              length,
                                     OcopScaleReading  *reading,
                                     const char       **reply);
} OcopScaleProtocol;

/* The entry named @name, or NULL. */
const OcopScaleProtocol *ocop_scale_protocol_find (const char *name);

/* The table, NULL-terminated by name, in the order Settings offers it. */
const OcopScaleProtocol *ocop_scale_protocols     (gsize      *n_protocols);

/* @text (@length bytes, no sign): a decimal weight such as "0.350" or
 * "350", in @unit ("kg" or "g", already checked) as whole grams. FALSE
 * for anything else, for more than three decimals of a kilogram, or for
 * a fraction of a gram. Exposed for the USB HID parser's tests. */
gboolean ocop_scale_parse_grams (const char *text,
                                 gsize       length,
                                 const char *unit,
                                 gint64     *grams);

G_END_DECLS

G_BEGIN_DECLS

/* The scale data report of a USB HID scale (HID usage tables, Scale page
 * 0x8D): report id 3, status, unit, signed exponent, weight (16 bits,
 * little-endian). FALSE for another report, which the reader skips;
 * TRUE with *@reading filled (MISREAD for a malformed one) otherwise. */
gboolean ocop_scale_hid_parse_report (const guint8     *report,
                                      gsize             length,
                                      OcopScaleReading *reading);

G_END_DECLS
