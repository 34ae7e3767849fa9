/* SPDX-License-Identifier: GPL-3.0-or-later */
/* escpos-decoder.h: reads an ESC/POS byte stream back, as a printer would,
 * for the tests: rebuilds the raster into a bitmap and records text, cuts,
 * drawer pulses, QR codes and barcodes. Unknown bytes are an error. */
#pragma once

#include <gio/gio.h>

#include "ocop-bitmap.h"

G_BEGIN_DECLS

typedef struct {
  guint8 function;    /* 0, 1, 65 or 66 as sent */
  gboolean partial;
  guint feed;         /* dots fed before the cut (functions 65/66) */
  gsize offset;       /* where in the stream */
} EscposCut;

typedef struct {
  guint8 pin;         /* 0: pin 2, 1: pin 5 */
  guint on_ms;
  guint off_ms;
  gsize offset;
} EscposPulse;

typedef struct {
  guint8 kind;        /* 67 EAN-13, 73 Code 128 */
  char *data;
} EscposBarcode;

typedef struct {
  guint inits;
  GString *text;           /* printable text and newlines, as sent */
  guint lines_fed;         /* by ESC d */
  guint emphasis_on;       /* ESC E 1 seen */
  guint8 align;            /* last ESC a */
  guint8 char_size;        /* last GS ! */
  int code_page;           /* last ESC t, -1 when never */
  OcopBitmap *raster;      /* every GS v 0 band stacked; NULL when none */
  guint bands;
  guint tallest_band;
  GArray *cuts;            /* EscposCut */
  GArray *pulses;          /* EscposPulse */
  GPtrArray *qr_stored;    /* char *: data of each GS ( k fn 80 */
  guint qr_printed;
  guint qr_module_size;
  int qr_level;            /* 48-51, -1 when never set */
  GPtrArray *barcodes;     /* EscposBarcode * */
  GArray *status_requests; /* guint8 n of each DLE EOT n */
} EscposDecoded;

void           escpos_decoded_free (EscposDecoded *decoded);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EscposDecoded, escpos_decoded_free)

/* NULL with an error that names the offset and byte of anything it does
 * not know or that is cut short. */
EscposDecoded *escpos_decode       (GBytes  *bytes,
                                    GError **error);

G_END_DECLS
