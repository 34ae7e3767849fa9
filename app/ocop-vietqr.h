/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-vietqr.h: VietQR payloads (NAPAS's profile of the EMVCo
 * merchant-presented QR) for bank transfers to the booth's account. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define OCOP_VIETQR_ERROR (ocop_vietqr_error_quark ())

typedef enum {
  OCOP_VIETQR_ERROR_BIN,       /* not a 6-digit bank BIN */
  OCOP_VIETQR_ERROR_ACCOUNT,   /* empty, too long, or not letters and digits */
  OCOP_VIETQR_ERROR_AMOUNT,    /* negative or more digits than the field holds */
  OCOP_VIETQR_ERROR_NOTE,      /* longer than 25 characters once plain ASCII */
} OcopVietQrError;

GQuark   ocop_vietqr_error_quark (void);

/* CRC-16/CCITT-FALSE (polynomial 0x1021, initial 0xFFFF), as field 63. */
guint16  ocop_vietqr_crc16       (const char *data,
                                  gsize       len);

/* @note (may be NULL) as banks carry it to every statement: ASCII letters
 * and digits, Vietnamese marks dropped ("đơn" → "don"), single spaces,
 * no punctuation. */
char    *ocop_vietqr_plain_note  (const char  *note);
/* The note that ties a transfer to its receipt: its payment code
 * (ocop_payment_code_encode: "OCP4QN01000012K" for booth QN-01, receipt
 * 12), or for a booth code too long for one the booth's code and the
 * receipt number as ocop_vietqr_plain_note() gives them ("QN01 HD12"). */
char    *ocop_vietqr_receipt_note (const char *booth,
                                   gint64      receipt_no);

/* The payload string to encode in the QR code: a transfer of @amount đồng
 * (0: the payer types it; the code is then static) to @account at the bank
 * with NAPAS BIN @bin, with @note (may be NULL) as the transfer content.
 * The note is reduced by ocop_vietqr_plain_note() ("Hóa đơn #12" →
 * "Hoa don 12"). */
char    *ocop_vietqr_payload     (const char  *bin,
                                  const char  *account,
                                  gint64       amount,
                                  const char  *note,
                                  GError     **error);

G_END_DECLS
