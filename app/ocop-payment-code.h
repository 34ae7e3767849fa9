/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-payment-code.h: the short code that ties a bank transfer to one
 * receipt of one booth, carried in the VietQR's note and found again in
 * the description a bank or a payment service reports. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define OCOP_PAYMENT_CODE_ERROR (ocop_payment_code_error_quark ())

typedef enum {
  OCOP_PAYMENT_CODE_ERROR_BOOTH,    /* no letters or digits, or more than 8 */
  OCOP_PAYMENT_CODE_ERROR_RECEIPT,  /* not 1 to 999,999 */
} OcopPaymentCodeError;

/* The longest booth part (letters and digits) and the code's length at
 * most: "OCP", one digit, the booth, six digits, one check character. */
#define OCOP_PAYMENT_CODE_MAX_BOOTH 8
#define OCOP_PAYMENT_CODE_MAX_LEN   (3 + 1 + OCOP_PAYMENT_CODE_MAX_BOOTH + 6 + 1)

GQuark    ocop_payment_code_error_quark (void);

/* "OCP4QN01000012K" for booth "QN-01", receipt 12: upper-case letters and
 * digits only. The booth is reduced as a bank reduces a note (marks and
 * punctuation dropped, then upper case). */
char     *ocop_payment_code_encode      (const char  *booth,
                                         gint64       receipt_no,
                                         GError     **error);
/* The first valid code in @description (may be NULL) as a bank reports
 * it: with Vietnamese marks, other words, spaces or punctuation inside or
 * around it, in any case. NULL when there is none. */
char     *ocop_payment_code_find        (const char  *description);
/* Whether @code is exactly a valid code; its booth part (letters and
 * digits, upper case) and receipt number. */
gboolean  ocop_payment_code_parse       (const char  *code,
                                         char       **booth,
                                         gint64      *receipt_no);

G_END_DECLS
