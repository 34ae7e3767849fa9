/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-sale.h: a sale (or a void or refund of one) with its lines and
 * payments; a draft until the store commits it, immutable afterwards. */
#pragma once

#include <glib-object.h>

#include "ocop-product.h"
#include "ocop-quantity.h"
#include "ocop-types.h"

G_BEGIN_DECLS

#define OCOP_SALE_ERROR (ocop_sale_error_quark ())

typedef enum {
  OCOP_SALE_ERROR_EMPTY,          /* no lines */
  OCOP_SALE_ERROR_QUANTITY,       /* zero, negative or absurd quantity */
  OCOP_SALE_ERROR_DISCOUNT,       /* negative, or more than what it discounts */
  OCOP_SALE_ERROR_UNDERPAID,      /* payments do not cover the total */
  OCOP_SALE_ERROR_OVERPAID,       /* a non-cash payment above what is due */
  OCOP_SALE_ERROR_COMMITTED,      /* a committed sale cannot change */
  OCOP_SALE_ERROR_NO_LINE,
  OCOP_SALE_ERROR_TEXT,           /* a name or reason that is not UTF-8 */
  OCOP_SALE_ERROR_BOUNDS,         /* beyond the bounds of a sale the hub takes */
} OcopSaleError;

GQuark ocop_sale_error_quark (void);

/* A line as sold: name, unit price and the producer's kind are copied from
 * the product at the moment of sale, so later catalog changes never alter
 * it. In a void or a refund the quantity (and amount) is negative. */
typedef struct {
  char             *sku;
  char             *name;
  char             *unit;
  /* Whole pieces, or thousandths of @unit when @measured (350 = 0,350 kg).
   * Every line recorded before weighed goods (schema 14 and older) counts
   * pieces, even a "kg" product's. */
  gint64            quantity;
  gint64            unit_price;
  gint64            discount;       /* whole-line discount in VND, >= 0 in a sale */
  /* 0 for lines sold before the store recorded kinds (schema 7 and
   * older): reports count them as unknown rather than guess. */
  OcopProducerKind  producer_kind;
  gboolean          measured;
  /* The line's gross before its discount: quantity × unit_price for
   * pieces; for a measured line the amount rounded at the moment of sale
   * (ocop_measure_amount), or exactly what a pack's label says. */
  gint64            amount;
} OcopSaleLine;

/* amount is what the payment contributes to the total (negative in a void or
 * refund); for cash, tendered is what the customer handed over and change
 * what went back: tendered - change == amount. */
typedef struct {
  OcopPaymentMethod method;
  gint64            amount;
  gint64            tendered;
  gint64            change;
} OcopPayment;

/* The most pieces a line may hold (ocop-quantity.h; a measured line holds
 * as many units, in thousandths). */
#define OCOP_SALE_MAX_QUANTITY OCOP_QUANTITY_MAX_PIECES

#define OCOP_TYPE_SALE (ocop_sale_get_type ())
G_DECLARE_FINAL_TYPE (OcopSale, ocop_sale, OCOP, SALE, GObject)

OcopSale           *ocop_sale_new                 (void);

/* Adds @quantity of @product; a product already in the cart at the same
 * price gets its quantity raised instead of a second line. A measured
 * product (ocop_product_is_measured) gets @quantity whole units as a
 * measured line of its own, at exactly @quantity × its price. */
gboolean            ocop_sale_add_product         (OcopSale     *self,
                                                   OcopProduct  *product,
                                                   gint64        quantity,
                                                   GError      **error);
/* A weighed line of @thousandths of @product's unit, its amount by
 * ocop_measure_amount at @rounding (1, 100, 500 or 1000 ₫); each weighing
 * is a line of its own, never merged into another. */
gboolean            ocop_sale_add_measured        (OcopSale     *self,
                                                   OcopProduct  *product,
                                                   gint64        thousandths,
                                                   gint64        rounding,
                                                   GError      **error);
/* A labelled pack of @thousandths at exactly @amount, its label's price,
 * which must lie within 500 ₫ of unit price × @thousandths / 1000. */
gboolean            ocop_sale_add_pack            (OcopSale     *self,
                                                   OcopProduct  *product,
                                                   gint64        thousandths,
                                                   gint64        amount,
                                                   GError      **error);
/* Pieces, or thousandths on a measured line (repriced by
 * ocop_measure_amount at the rounding of the sale's last weighing, 1.000 ₫
 * before any). 0 removes the line. */
gboolean            ocop_sale_set_quantity        (OcopSale     *self,
                                                   guint         line,
                                                   gint64        quantity,
                                                   GError      **error);
gboolean            ocop_sale_remove_line         (OcopSale     *self,
                                                   guint         line,
                                                   GError      **error);
gboolean            ocop_sale_set_line_discount   (OcopSale     *self,
                                                   guint         line,
                                                   gint64        discount,
                                                   GError      **error);
gboolean            ocop_sale_set_order_discount  (OcopSale     *self,
                                                   gint64        discount,
                                                   GError      **error);

/* Adds a payment towards what is still due. @amount < 0 means "the rest".
 * For cash, @tendered is what the customer hands over (0 means exact); the
 * payment takes what is due and the remainder becomes change. Other methods
 * cannot exceed what is due. */
gboolean            ocop_sale_add_payment         (OcopSale          *self,
                                                   OcopPaymentMethod  method,
                                                   gint64             amount,
                                                   gint64             tendered,
                                                   GError           **error);
void                ocop_sale_clear_payments      (OcopSale *self);

/* Checks that the sale can be committed: lines, quantities, discounts and
 * payments that add up to the total exactly. */
/* The bounds of a sale (ocop-sync-protocol.h) the hub checks, for a sale,
 * void or refund about to be recorded: a record the hub would refuse must
 * never be recorded. */
gboolean            ocop_sale_check_bounds        (OcopSale  *self,
                                                   GError   **error);
gboolean            ocop_sale_validate            (OcopSale  *self,
                                                   GError   **error);

void                ocop_sale_set_cashier         (OcopSale   *self,
                                                   const char *cashier);
void                ocop_sale_set_reason          (OcopSale   *self,
                                                   const char *reason);

guint               ocop_sale_get_n_lines         (OcopSale *self);
const OcopSaleLine *ocop_sale_get_line            (OcopSale *self,
                                                   guint     index);
gint64              ocop_sale_line_total          (const OcopSaleLine *line);
guint               ocop_sale_get_n_payments      (OcopSale *self);
const OcopPayment  *ocop_sale_get_payment         (OcopSale *self,
                                                   guint     index);

/* Pieces, and one for each weighed line. */
gint64              ocop_sale_get_item_count      (OcopSale *self);
gint64              ocop_sale_get_subtotal        (OcopSale *self);
gint64              ocop_sale_get_order_discount  (OcopSale *self);
gint64              ocop_sale_get_total           (OcopSale *self);
gint64              ocop_sale_get_paid            (OcopSale *self);
gint64              ocop_sale_get_due             (OcopSale *self);
gint64              ocop_sale_get_change          (OcopSale *self);

/* Set by the store on commit; NULL / 0 for a draft. */
gboolean            ocop_sale_is_committed        (OcopSale *self);
OcopSaleKind        ocop_sale_get_kind            (OcopSale *self);
const char         *ocop_sale_get_uuid            (OcopSale *self);
gint64              ocop_sale_get_receipt_no      (OcopSale *self);
const char         *ocop_sale_get_ref_uuid        (OcopSale *self);
const char         *ocop_sale_get_booth           (OcopSale *self);
const char         *ocop_sale_get_cashier         (OcopSale *self);
const char         *ocop_sale_get_reason          (OcopSale *self);
/* The supervisor who approved a void or refund; NULL for a sale, and for
 * voids and refunds recorded before the store asked for one. */
const char         *ocop_sale_get_approver        (OcopSale *self);
const char         *ocop_sale_get_business_day    (OcopSale *self);
/* Microseconds since the Unix epoch, UTC. */
gint64              ocop_sale_get_created_us      (OcopSale *self);

G_END_DECLS
