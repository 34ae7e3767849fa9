/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-code.h: the one rule that turns a scanned or typed code into a
 * product, for the till, the Labels page and the `ocop` command alike. */
#pragma once

#include "ocop-measure-code.h"
#include "ocop-product.h"
#include "ocop-sale.h"
#include "ocop-store.h"

G_BEGIN_DECLS

#define OCOP_CODE_ERROR (ocop_code_error_quark ())

typedef enum {
  OCOP_CODE_ERROR_MISREAD,   /* an EAN whose check digit is wrong: scan it again */
  OCOP_CODE_ERROR_UNKNOWN,   /* no product on sale has it as barcode or sku */
} OcopCodeError;

GQuark       ocop_code_error_quark (void);

/* The product on sale whose barcode (or, for products without one, sku)
 * is @code. NULL with an OCOP_CODE_ERROR when it is a misread or unknown,
 * or with the store's own error when the store cannot be read. */
OcopProduct *ocop_code_resolve     (OcopStore   *store,
                                    const char  *code,
                                    GError     **error) G_GNUC_WARN_UNUSED_RESULT;

/* What a scanned code puts in a sale: a product, or a weighed pack of it
 * exactly as its label says. */
typedef struct {
  OcopProduct     *product;
  gboolean         is_pack;
  OcopMeasurePack  pack;      /* when is_pack */
} OcopCodeScan;

void         ocop_code_scan_clear  (OcopCodeScan *self);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (OcopCodeScan, ocop_code_scan_clear)

/* The one rule for a scanned code: a product's barcode or sku as
 * ocop_code_resolve finds it, else a variable-measure code of one of the
 * booth's layouts read as a pack (ocop_store_read_pack). A wrong check
 * digit, the EAN's or the price's, is OCOP_CODE_ERROR_MISREAD; an item
 * code no product on sale has is OCOP_CODE_ERROR_UNKNOWN and says so. */
gboolean     ocop_code_scan        (OcopStore     *store,
                                    const char    *code,
                                    OcopCodeScan  *out,
                                    GError       **error);

/* Adds what @scan names to @sale: the pack with its weight and price
 * (ocop_sale_add_pack), else one of the product. */
gboolean     ocop_code_scan_add_to (const OcopCodeScan  *scan,
                                    OcopSale            *sale,
                                    GError             **error);

G_END_DECLS
