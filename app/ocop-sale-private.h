/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-sale-private.h: what only the store may do to a sale: fill in the
 * identity it gets on commit, and rebuild committed sales from rows. */
#pragma once

#include "ocop-sale.h"

G_BEGIN_DECLS

OcopSale *ocop_sale_new_kind          (OcopSaleKind  kind,
                                       const char   *ref_uuid);
/* Appends a line as stored, without merging or checks. */
void      ocop_sale_append_line       (OcopSale           *self,
                                       const OcopSaleLine *line);
void      ocop_sale_append_payment    (OcopSale          *self,
                                       const OcopPayment *payment);
void      ocop_sale_set_order_discount_raw (OcopSale *self,
                                            gint64    discount);
void      ocop_sale_set_approver      (OcopSale   *self,
                                       const char *approver);
void      ocop_sale_mark_committed    (OcopSale   *self,
                                       const char *uuid,
                                       gint64      receipt_no,
                                       const char *booth,
                                       const char *business_day,
                                       gint64      created_us);

G_END_DECLS
