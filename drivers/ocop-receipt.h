/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-receipt.h: a receipt (or a Z report) laid out once and rendered to
 * a 1-bit image, a PNG preview, ESC/POS raster or text, and plain text. */
#pragma once

#include <glib-object.h>

#include "ocop-bitmap.h"
#include "ocop-handover.h"
#include "ocop-store.h"

G_BEGIN_DECLS

#define OCOP_RECEIPT_ERROR (ocop_receipt_error_quark ())

typedef enum {
  OCOP_RECEIPT_ERROR_WIDTH,      /* a paper width the receipt cannot have */
  OCOP_RECEIPT_ERROR_VIETQR,     /* bank details that make no VietQR code */
  OCOP_RECEIPT_ERROR_RENDER,     /* Pango/Cairo could not draw it */
  OCOP_RECEIPT_ERROR_ENCODING,   /* an impossible mix of output modes */
  OCOP_RECEIPT_ERROR_WRITE,      /* the PNG file could not be written */
} OcopReceiptError;

GQuark ocop_receipt_error_quark (void);

/* Printer widths at 203 dpi. */
#define OCOP_RECEIPT_WIDTH_58MM 384
#define OCOP_RECEIPT_WIDTH_80MM 576
#define OCOP_RECEIPT_WIDTH_MIN 256
#define OCOP_RECEIPT_WIDTH_MAX 832

typedef struct {
  guint        width_dots;    /* a multiple of 8 from 256 to 832; 0: 576 */
  const char  *footer;        /* NULL: a default thank-you line */
  /* The booth's account: a transfer payment prints its VietQR code when
   * bank_bin and bank_account are set. */
  const char  *bank_bin;
  const char  *bank_account;
  const char  *bank_holder;
  gboolean     reprint;       /* marks the copy "REPRINT" */
  gboolean     open_drawer;   /* pulse the drawer when cash changes hands */
  gboolean     cut;           /* cut the paper at the end */
} OcopReceiptOptions;

/* How ocop_receipt_to_escpos sends the receipt: one of RASTER (the image,
 * Vietnamese as it is) or TEXT (the printer's own font; Vietnamese folded to
 * ASCII, since few printers have a Vietnamese code page), and with TEXT
 * optionally NATIVE_QR (the printer draws the VietQR code itself). */
typedef enum {
  OCOP_RECEIPT_RASTER    = 1 << 0,
  OCOP_RECEIPT_TEXT      = 1 << 1,
  OCOP_RECEIPT_NATIVE_QR = 1 << 2,
} OcopReceiptEncoding;

#define OCOP_TYPE_RECEIPT (ocop_receipt_get_type ())
G_DECLARE_FINAL_TYPE (OcopReceipt, ocop_receipt, OCOP, RECEIPT, GObject)

/* The receipt of a committed sale, void or refund (which names the receipt
 * it reverses). */
OcopReceipt      *ocop_receipt_new_for_sale     (OcopStore                 *store,
                                                 OcopSale                  *sale,
                                                 const OcopReceiptOptions  *options,
                                                 GError                   **error);
/* The stored Z report of the closed @business_day (YYYY-MM-DD). */
OcopReceipt      *ocop_receipt_new_for_z_report (OcopStore                 *store,
                                                 const char                *business_day,
                                                 const OcopReceiptOptions  *options,
                                                 GError                   **error);
/* The slip of a shift handover (OcopHandover, ocop-handover.h): who handed
 * the drawer to whom, when, and the cash expected, counted and the
 * difference, with a line for each of the two to sign. */
OcopReceipt      *ocop_receipt_new_for_handover (OcopStore                 *store,
                                                 const OcopHandover        *handover,
                                                 const OcopReceiptOptions  *options,
                                                 GError                   **error);

guint             ocop_receipt_get_width        (OcopReceipt *self);
/* Characters a line in text mode: 32 on 58 mm, 48 on 80 mm. */
guint             ocop_receipt_get_columns      (OcopReceipt *self);
/* The VietQR payload printed on the receipt, or NULL. */
const char       *ocop_receipt_get_vietqr_payload (OcopReceipt *self);
/* TRUE when ocop_receipt_to_escpos pulses the drawer. */
gboolean          ocop_receipt_opens_drawer     (OcopReceipt *self);

/* The receipt as a 1-bit image at its width, rendered once and kept. */
const OcopBitmap *ocop_receipt_render           (OcopReceipt  *self,
                                                 GError      **error);
/* The same image as PNG data, black on white. */
GBytes           *ocop_receipt_to_png           (OcopReceipt  *self,
                                                 GError      **error);
/* Writes the PNG to a temporary file beside @path and renames it, so that
 * @path is never left half written. */
gboolean          ocop_receipt_write_png        (OcopReceipt  *self,
                                                 const char   *path,
                                                 GError      **error);
/* The bytes for the printer: initialise, the receipt, a feed, the drawer
 * pulse when asked and cash changed hands, the cut when asked. */
GBytes           *ocop_receipt_to_escpos        (OcopReceipt          *self,
                                                 OcopReceiptEncoding   encoding,
                                                 GError              **error);
/* Plain UTF-8 text, ocop_receipt_get_columns characters a line. */
char             *ocop_receipt_to_text          (OcopReceipt *self);

G_END_DECLS
