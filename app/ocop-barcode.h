/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-barcode.h: EAN-13 / EAN-8 check digits and the booth's internal codes. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define OCOP_BARCODE_ERROR (ocop_barcode_error_quark ())

typedef enum {
  OCOP_BARCODE_ERROR_CHECK_DIGIT,  /* right length, wrong check digit */
  OCOP_BARCODE_ERROR_INVALID,      /* neither EAN nor a well-formed internal code */
} OcopBarcodeError;

typedef enum {
  OCOP_BARCODE_EAN13 = 1,
  OCOP_BARCODE_EAN8,
  OCOP_BARCODE_INTERNAL,           /* a producer's own code, marked as such */
} OcopBarcodeKind;

GQuark ocop_barcode_error_quark (void);

/* The check digit for the first @len digits of @digits (12 for EAN-13, 7 for
 * EAN-8), or -1 when they are not all ASCII digits. */
int ocop_barcode_ean_check_digit (const char *digits,
                                  gsize       len);

/* TRUE for an 8- or 13-digit code whose last digit is its check digit. */
gboolean ocop_barcode_is_valid_ean (const char *code);

/* Internal codes are 1 to 32 characters of A-Z, a-z, 0-9, '-', '.', '_' and
 * '/'; they are never checked for EAN check digits. */
gboolean ocop_barcode_is_valid_internal (const char *code);

/* Classifies a code read from a scanner or a catalog. An all-digit code of
 * length 8 or 13 must carry a valid check digit; anything else is accepted
 * only when @allow_internal is TRUE and it is a well-formed internal code. */
OcopBarcodeKind ocop_barcode_classify (const char  *code,
                                       gboolean     allow_internal,
                                       GError     **error);

G_END_DECLS
