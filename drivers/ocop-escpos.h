/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-escpos.h: builds the bytes of ESC/POS commands for receipt printers
 * (text, cuts, the cash drawer, native QR and barcodes, raster images) and
 * reads their real-time status replies. Sends nothing: transports do. */
#pragma once

#include <glib-object.h>

#include "ocop-bitmap.h"

G_BEGIN_DECLS

#define OCOP_ESCPOS_ERROR (ocop_escpos_error_quark ())

typedef enum {
  OCOP_ESCPOS_ERROR_INVALID,        /* an argument outside what the command takes */
  OCOP_ESCPOS_ERROR_NOT_ENCODABLE,  /* text the printer's code page cannot hold */
  OCOP_ESCPOS_ERROR_TOO_LARGE,      /* data longer than the command can carry */
} OcopEscposError;

GQuark ocop_escpos_error_quark (void);

typedef enum {
  OCOP_ESCPOS_ALIGN_LEFT = 0,
  OCOP_ESCPOS_ALIGN_CENTER = 1,
  OCOP_ESCPOS_ALIGN_RIGHT = 2,
} OcopEscposAlign;

typedef enum {
  OCOP_ESCPOS_CUT_FULL,
  OCOP_ESCPOS_CUT_PARTIAL,
} OcopEscposCut;

/* Drawer kick-out connector pins. */
typedef enum {
  OCOP_ESCPOS_DRAWER_PIN_2 = 0,
  OCOP_ESCPOS_DRAWER_PIN_5 = 1,
} OcopEscposDrawerPin;

/* QR error correction: about 7, 15, 25 and 30 % of the code restorable. */
typedef enum {
  OCOP_ESCPOS_QR_EC_L = 0,
  OCOP_ESCPOS_QR_EC_M,
  OCOP_ESCPOS_QR_EC_Q,
  OCOP_ESCPOS_QR_EC_H,
} OcopEscposQrLevel;

/* DLE EOT n: which status a real-time request asks for. */
typedef enum {
  OCOP_ESCPOS_STATUS_PRINTER = 1,
  OCOP_ESCPOS_STATUS_OFFLINE_CAUSE = 2,
  OCOP_ESCPOS_STATUS_ERROR_CAUSE = 3,
  OCOP_ESCPOS_STATUS_PAPER = 4,
} OcopEscposStatusRequest;

typedef enum {
  OCOP_PRINTER_STATUS_OK               = 0,
  OCOP_PRINTER_STATUS_OFFLINE          = 1 << 0,
  OCOP_PRINTER_STATUS_COVER_OPEN       = 1 << 1,
  OCOP_PRINTER_STATUS_PAPER_OUT        = 1 << 2,
  OCOP_PRINTER_STATUS_PAPER_NEAR_END   = 1 << 3,
  OCOP_PRINTER_STATUS_ERROR            = 1 << 4,  /* any error, see below */
  OCOP_PRINTER_STATUS_CUTTER_ERROR     = 1 << 5,
  OCOP_PRINTER_STATUS_UNRECOVERABLE    = 1 << 6,
  OCOP_PRINTER_STATUS_AUTO_RECOVERABLE = 1 << 7,
  OCOP_PRINTER_STATUS_FEEDING          = 1 << 8,  /* paper fed by the feed button */
  OCOP_PRINTER_STATUS_INVALID_REPLY    = 1 << 9,  /* not a status byte at all */
} OcopPrinterStatusFlags;

/* What the tallest raster band holds unless asked otherwise: small enough
 * for the input buffer of the cheapest printers (4 KiB and up hold a few
 * rows at a time; they stall, not overflow, on a band this size). */
#define OCOP_ESCPOS_BAND_ROWS 256

/* Largest data a native QR code takes (model 2, version 40, level L). */
#define OCOP_ESCPOS_QR_MAX_DATA 7089

#define OCOP_TYPE_ESCPOS (ocop_escpos_get_type ())
G_DECLARE_FINAL_TYPE (OcopEscpos, ocop_escpos, OCOP, ESCPOS, GObject)

OcopEscpos *ocop_escpos_new                (void);

/* ESC @: clears the print buffer and resets modes. */
void        ocop_escpos_initialize         (OcopEscpos      *self);
/* ESC a n */
void        ocop_escpos_set_align          (OcopEscpos      *self,
                                            OcopEscposAlign  align);
/* ESC E n */
void        ocop_escpos_set_emphasis       (OcopEscpos      *self,
                                            gboolean         on);
/* GS ! n: characters @width and @height times their normal size, 1 to 8. */
gboolean    ocop_escpos_set_char_size      (OcopEscpos      *self,
                                            guint            width,
                                            guint            height,
                                            GError         **error);
/* ESC t n */
void        ocop_escpos_select_code_page   (OcopEscpos      *self,
                                            guint8           page);
/* Printable ASCII and newlines only; anything else is refused, so that a
 * printer never receives bytes its code page would misprint. */
gboolean    ocop_escpos_text               (OcopEscpos      *self,
                                            const char      *text,
                                            GError         **error);
/* UTF-8 @text converted to @charset (an iconv name such as "CP1258"),
 * after ESC t @page. Refuses text the charset cannot hold. */
gboolean    ocop_escpos_text_in_code_page  (OcopEscpos      *self,
                                            const char      *text,
                                            const char      *charset,
                                            guint8           page,
                                            GError         **error);
/* ESC d n: prints the buffer and feeds @lines (at most 255). */
gboolean    ocop_escpos_feed_lines         (OcopEscpos      *self,
                                            guint            lines,
                                            GError         **error);
/* GS V: cuts now (@feed_dots 0) or feeds @feed_dots motion units (at most
 * 255) to the cutter first. */
gboolean    ocop_escpos_cut                (OcopEscpos      *self,
                                            OcopEscposCut    kind,
                                            guint            feed_dots,
                                            GError         **error);
/* ESC p m t1 t2: a pulse of @on_ms then @off_ms (2 to 510 ms each, in
 * 2 ms steps) on the drawer's @pin. */
gboolean    ocop_escpos_pulse_drawer       (OcopEscpos          *self,
                                            OcopEscposDrawerPin  pin,
                                            guint                on_ms,
                                            guint                off_ms,
                                            GError             **error);
/* GS ( k: model 2, @module_size dots a module (1 to 16), @level, store
 * @data and print it. */
gboolean    ocop_escpos_qr                 (OcopEscpos         *self,
                                            const char         *data,
                                            guint               module_size,
                                            OcopEscposQrLevel   level,
                                            GError            **error);
/* GS k 67: an EAN-13 of 12 digits (the printer adds the check digit) or
 * 13 with a correct check digit. */
gboolean    ocop_escpos_barcode_ean13      (OcopEscpos  *self,
                                            const char  *digits,
                                            GError     **error);
/* GS k 73: Code 128, code set B, of printable ASCII (at most 253 bytes
 * once '{' is escaped). */
gboolean    ocop_escpos_barcode_code128    (OcopEscpos  *self,
                                            const char  *data,
                                            GError     **error);
/* GS v 0: @bitmap in bands of at most @band_rows rows (0: the default
 * OCOP_ESCPOS_BAND_ROWS). */
gboolean    ocop_escpos_raster             (OcopEscpos        *self,
                                            const OcopBitmap  *bitmap,
                                            guint              band_rows,
                                            GError           **error);
/* DLE EOT n: a real-time status request; the printer answers one byte,
 * which ocop_escpos_parse_status reads. */
void        ocop_escpos_request_status     (OcopEscpos              *self,
                                            OcopEscposStatusRequest  request);
/* Bytes to send as they are (a printer-specific command). */
void        ocop_escpos_append_raw         (OcopEscpos   *self,
                                            const guint8 *bytes,
                                            gsize         len);

gsize       ocop_escpos_get_size           (OcopEscpos *self);
/* A copy of every byte built so far. */
GBytes     *ocop_escpos_get_bytes          (OcopEscpos *self);

/* The bytes of a one-off status request, for transports that poll. */
GBytes     *ocop_escpos_status_request_bytes (OcopEscposStatusRequest request);
/* Reads the printer's one-byte reply to DLE EOT @request. A byte that is
 * not a status byte (bits 1 and 4 set, 0 and 7 clear) gives
 * OCOP_PRINTER_STATUS_INVALID_REPLY alone. */
OcopPrinterStatusFlags ocop_escpos_parse_status (OcopEscposStatusRequest request,
                                                 guint8                  reply);

G_END_DECLS
