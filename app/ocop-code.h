/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-code.h: the one rule that turns a scanned or typed code into a
 * product, for the till, the Labels page and the `ocop` command alike. */
#pragma once

#include "ocop-product.h"
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

G_END_DECLS
