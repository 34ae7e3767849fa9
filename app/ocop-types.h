/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-types.h: the small enumerations every layer of ocop-pos shares. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Who makes a product, as the OCOP programme classifies producers. */
typedef enum {
  OCOP_PRODUCER_ENTERPRISE = 1,  /* doanh nghiệp */
  OCOP_PRODUCER_COOPERATIVE,     /* hợp tác xã (HTX) */
  OCOP_PRODUCER_HOUSEHOLD,       /* hộ sản xuất / hộ kinh doanh */
} OcopProducerKind;

typedef enum {
  OCOP_PAYMENT_CASH = 1,
  OCOP_PAYMENT_TRANSFER,         /* bank transfer, usually through VietQR */
  OCOP_PAYMENT_OTHER,
} OcopPaymentMethod;

/* A record in the sale journal. Voids and refunds are records of their own
 * that point at the sale they reverse: a completed sale is never changed. */
typedef enum {
  OCOP_SALE_KIND_SALE = 1,
  OCOP_SALE_KIND_VOID,
  OCOP_SALE_KIND_REFUND,
} OcopSaleKind;

/* Stable identifiers, as stored in the database and sent to the hub. */
const char       *ocop_producer_kind_to_string (OcopProducerKind kind);
OcopProducerKind  ocop_producer_kind_from_string (const char *text);   /* 0 when unknown */
const char       *ocop_producer_kind_label (OcopProducerKind kind);    /* translated, for people */

const char        *ocop_payment_method_to_string (OcopPaymentMethod method);
OcopPaymentMethod  ocop_payment_method_from_string (const char *text); /* 0 when unknown */
const char        *ocop_payment_method_label (OcopPaymentMethod method);

const char   *ocop_sale_kind_to_string (OcopSaleKind kind);
OcopSaleKind  ocop_sale_kind_from_string (const char *text);            /* 0 when unknown */

G_END_DECLS
