/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-sale.c: the sale model: cart arithmetic, discounts and payments in
 * whole đồng, and the checks a sale must pass before it is recorded. */

#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ocop-money.h"
#include "ocop-sale-private.h"
#include "ocop-sync-protocol.h"

struct _OcopSale
{
  GObject       parent_instance;

  OcopSaleKind  kind;
  GArray       *lines;      /* OcopSaleLine */
  GArray       *payments;   /* OcopPayment */
  gint64        order_discount;
  gint64        rounding;   /* of the last weighing, for ocop_sale_set_quantity */
  char         *cashier;
  char         *reason;
  char         *approver;   /* the supervisor who approved a void or refund */

  /* Set on commit. */
  char         *uuid;
  char         *ref_uuid;
  gint64        receipt_no;
  char         *booth;
  char         *business_day;
  gint64        created_us;
};

G_DEFINE_FINAL_TYPE (OcopSale, ocop_sale, G_TYPE_OBJECT)

G_DEFINE_QUARK (ocop-sale-error-quark, ocop_sale_error)

static void
sale_line_clear (gpointer data)
{
  OcopSaleLine *line = data;

  g_clear_pointer (&line->sku, g_free);
  g_clear_pointer (&line->name, g_free);
  g_clear_pointer (&line->unit, g_free);
}

static void
ocop_sale_finalize (GObject *object)
{
  OcopSale *self = OCOP_SALE (object);

  g_clear_pointer (&self->lines, g_array_unref);
  g_clear_pointer (&self->payments, g_array_unref);
  g_clear_pointer (&self->cashier, g_free);
  g_clear_pointer (&self->reason, g_free);
  g_clear_pointer (&self->approver, g_free);
  g_clear_pointer (&self->uuid, g_free);
  g_clear_pointer (&self->ref_uuid, g_free);
  g_clear_pointer (&self->booth, g_free);
  g_clear_pointer (&self->business_day, g_free);

  G_OBJECT_CLASS (ocop_sale_parent_class)->finalize (object);
}

static void
ocop_sale_class_init (OcopSaleClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ocop_sale_finalize;
}

static void
ocop_sale_init (OcopSale *self)
{
  self->kind = OCOP_SALE_KIND_SALE;
  self->lines = g_array_new (FALSE, TRUE, sizeof (OcopSaleLine));
  g_array_set_clear_func (self->lines, sale_line_clear);
  self->payments = g_array_new (FALSE, TRUE, sizeof (OcopPayment));
  self->rounding = OCOP_QUANTITY_DEFAULT_ROUNDING;
}

OcopSale *
ocop_sale_new (void)
{
  return g_object_new (OCOP_TYPE_SALE, NULL);
}

OcopSale *
ocop_sale_new_kind (OcopSaleKind  kind,
                    const char   *ref_uuid)
{
  OcopSale *self = ocop_sale_new ();

  self->kind = kind;
  self->ref_uuid = g_strdup (ref_uuid);
  return self;
}

static gboolean
ensure_draft (OcopSale  *self,
              GError   **error)
{
  if (self->uuid == NULL)
    return TRUE;
  g_set_error (error, OCOP_SALE_ERROR, OCOP_SALE_ERROR_COMMITTED,
               _("Sale %s is already recorded and cannot change"), self->uuid);
  return FALSE;
}

static OcopSaleLine *
line_at (OcopSale  *self,
         guint      index,
         GError   **error)
{
  if (index < self->lines->len)
    return &g_array_index (self->lines, OcopSaleLine, index);
  g_set_error (error, OCOP_SALE_ERROR, OCOP_SALE_ERROR_NO_LINE,
               _("There is no line %u in this sale"), index + 1);
  return NULL;
}

static gboolean
check_quantity (gint64   quantity,
                GError **error)
{
  if (quantity >= 1 && quantity <= OCOP_SALE_MAX_QUANTITY)
    return TRUE;
  g_set_error (error, OCOP_SALE_ERROR, OCOP_SALE_ERROR_QUANTITY,
               _("Quantity %" PRId64 " is out of range (1 to %d)"),
               quantity, OCOP_SALE_MAX_QUANTITY);
  return FALSE;
}

static gboolean
check_measure (gint64   thousandths,
               GError **error)
{
  g_autofree char *text = NULL;

  if (thousandths >= 1 && thousandths <= OCOP_QUANTITY_MAX_MEASURE)
    return TRUE;
  text = ocop_quantity_format (thousandths, TRUE, NULL);
  g_set_error (error, OCOP_SALE_ERROR, OCOP_SALE_ERROR_QUANTITY,
               _("Quantity %s is out of range (0,001 to %d)"),
               text, OCOP_QUANTITY_MAX_PIECES);
  return FALSE;
}

/* The gross of a piece line is always quantity × unit price, whatever its
 * amount says, so that lines built before the amount existed (or by a
 * caller who left it 0) count right. Quantity and price are bounded, so the
 * product cannot overflow. */
static gint64
line_gross (const OcopSaleLine *line)
{
  return line->measured ? line->amount : line->quantity * line->unit_price;
}

gint64
ocop_sale_line_total (const OcopSaleLine *line)
{
  return line_gross (line) - line->discount;
}

/* A new line of @product, copied as it is at the moment of sale. */
static void
append_new_line (OcopSale    *self,
                 OcopProduct *product,
                 gboolean     measured,
                 gint64       quantity,
                 gint64       amount)
{
  const OcopProductInfo *info = ocop_product_get_info (product);
  OcopSaleLine line = { 0 };

  line.sku = g_strdup (info->sku);
  line.name = g_strdup (info->name);
  line.unit = g_strdup (info->unit);
  line.quantity = quantity;
  line.unit_price = info->price_vnd;
  line.producer_kind = info->producer_kind;
  line.measured = measured;
  line.amount = amount;
  g_array_append_val (self->lines, line);
}

gboolean
ocop_sale_add_measured (OcopSale     *self,
                        OcopProduct  *product,
                        gint64        thousandths,
                        gint64        rounding,
                        GError      **error)
{
  g_return_val_if_fail (ocop_rounding_is_valid (rounding), FALSE);

  if (!ensure_draft (self, error) || !check_measure (thousandths, error))
    return FALSE;
  self->rounding = rounding;
  append_new_line (self, product, TRUE, thousandths,
                   ocop_measure_amount (ocop_product_get_price (product), thousandths, rounding));
  return TRUE;
}

gboolean
ocop_sale_add_pack (OcopSale     *self,
                    OcopProduct  *product,
                    gint64        thousandths,
                    gint64        amount,
                    GError      **error)
{
  gint64 price = ocop_product_get_price (product);

  if (!ensure_draft (self, error) || !check_measure (thousandths, error))
    return FALSE;
  if (amount < 0 || !ocop_measure_amount_is_near (price, thousandths, amount))
    {
      g_autofree char *a = ocop_money_format (amount);
      g_autofree char *q = ocop_quantity_format (thousandths, TRUE, ocop_product_get_unit (product));
      g_autofree char *p = ocop_money_format (price);

      g_set_error (error, OCOP_SALE_ERROR, OCOP_SALE_ERROR_QUANTITY,
                   _("A pack of %s at %s is not priced %s: the label's price is "
                     "more than 500 ₫ from its weight × price"), q, p, a);
      return FALSE;
    }
  append_new_line (self, product, TRUE, thousandths, amount);
  return TRUE;
}

gboolean
ocop_sale_add_product (OcopSale     *self,
                       OcopProduct  *product,
                       gint64        quantity,
                       GError      **error)
{
  const OcopProductInfo *info = ocop_product_get_info (product);

  if (!ensure_draft (self, error) || !check_quantity (quantity, error))
    return FALSE;
  /* Whole units of a measured product: exact, so no rounding applies. */
  if (ocop_product_is_measured (product))
    {
      append_new_line (self, product, TRUE, quantity * 1000, quantity * info->price_vnd);
      return TRUE;
    }

  for (guint i = 0; i < self->lines->len; i++)
    {
      OcopSaleLine *existing = &g_array_index (self->lines, OcopSaleLine, i);

      if (!existing->measured && g_strcmp0 (existing->sku, info->sku) == 0 &&
          existing->unit_price == info->price_vnd)
        return ocop_sale_set_quantity (self, i, existing->quantity + quantity, error);
    }

  append_new_line (self, product, FALSE, quantity, quantity * info->price_vnd);
  return TRUE;
}

gboolean
ocop_sale_set_quantity (OcopSale  *self,
                        guint      index,
                        gint64     quantity,
                        GError   **error)
{
  OcopSaleLine *line;

  if (!ensure_draft (self, error) || !(line = line_at (self, index, error)))
    return FALSE;
  if (quantity == 0)
    return ocop_sale_remove_line (self, index, error);
  if (line->measured ? !check_measure (quantity, error) : !check_quantity (quantity, error))
    return FALSE;
  line->quantity = quantity;
  line->amount = line->measured ? ocop_measure_amount (line->unit_price, quantity, self->rounding)
                                : quantity * line->unit_price;
  /* A discount larger than the shrunken line would make it negative. */
  line->discount = MIN (line->discount, line->amount);
  return TRUE;
}

gboolean
ocop_sale_remove_line (OcopSale  *self,
                       guint      index,
                       GError   **error)
{
  if (!ensure_draft (self, error) || !line_at (self, index, error))
    return FALSE;
  g_array_remove_index (self->lines, index);
  return TRUE;
}

gboolean
ocop_sale_set_line_discount (OcopSale  *self,
                             guint      index,
                             gint64     discount,
                             GError   **error)
{
  OcopSaleLine *line;
  gint64 gross;

  if (!ensure_draft (self, error) || !(line = line_at (self, index, error)))
    return FALSE;
  gross = line_gross (line);
  if (discount < 0 || discount > gross)
    {
      g_autofree char *d = ocop_money_format (discount);
      g_autofree char *g = ocop_money_format (gross);

      g_set_error (error, OCOP_SALE_ERROR, OCOP_SALE_ERROR_DISCOUNT,
                   _("A discount of %s on line %u must be between 0 and the line's %s"),
                   d, index + 1, g);
      return FALSE;
    }
  line->discount = discount;
  return TRUE;
}

gboolean
ocop_sale_set_order_discount (OcopSale  *self,
                              gint64     discount,
                              GError   **error)
{
  gint64 subtotal = ocop_sale_get_subtotal (self);

  if (!ensure_draft (self, error))
    return FALSE;
  if (discount < 0 || discount > subtotal)
    {
      g_autofree char *d = ocop_money_format (discount);
      g_autofree char *s = ocop_money_format (subtotal);

      g_set_error (error, OCOP_SALE_ERROR, OCOP_SALE_ERROR_DISCOUNT,
                   _("An order discount of %s must be between 0 and the subtotal of %s"),
                   d, s);
      return FALSE;
    }
  self->order_discount = discount;
  return TRUE;
}

void
ocop_sale_set_order_discount_raw (OcopSale *self,
                                  gint64    discount)
{
  self->order_discount = discount;
}

gboolean
ocop_sale_add_payment (OcopSale           *self,
                       OcopPaymentMethod   method,
                       gint64              amount,
                       gint64              tendered,
                       GError            **error)
{
  gint64 due = ocop_sale_get_due (self);
  OcopPayment payment = { .method = method };

  if (!ensure_draft (self, error))
    return FALSE;
  if (amount < 0)
    amount = due;

  if (method == OCOP_PAYMENT_CASH && tendered > 0)
    {
      /* The customer hands over notes; the till keeps what is due. */
      payment.tendered = tendered;
      payment.amount = MIN (tendered, due);
      payment.change = tendered - payment.amount;
    }
  else if (amount > due)
    {
      g_autofree char *a = ocop_money_format (amount);
      g_autofree char *d = ocop_money_format (due);

      g_set_error (error, OCOP_SALE_ERROR, OCOP_SALE_ERROR_OVERPAID,
                   _("A payment of %s is more than the %s still due"), a, d);
      return FALSE;
    }
  else
    {
      payment.amount = amount;
      payment.tendered = method == OCOP_PAYMENT_CASH ? amount : 0;
    }

  if (payment.amount == 0 && due > 0)
    {
      g_set_error (error, OCOP_SALE_ERROR, OCOP_SALE_ERROR_UNDERPAID,
                   _("A payment of nothing pays nothing"));
      return FALSE;
    }
  g_array_append_val (self->payments, payment);
  return TRUE;
}

void
ocop_sale_append_line (OcopSale           *self,
                       const OcopSaleLine *line)
{
  OcopSaleLine copy = *line;

  copy.sku = g_strdup (line->sku);
  copy.name = g_strdup (line->name);
  copy.unit = g_strdup (line->unit);
  if (!copy.measured)
    copy.amount = copy.quantity * copy.unit_price;
  g_array_append_val (self->lines, copy);
}

void
ocop_sale_append_payment (OcopSale          *self,
                          const OcopPayment *payment)
{
  g_array_append_val (self->payments, *payment);
}

void
ocop_sale_clear_payments (OcopSale *self)
{
  if (self->uuid == NULL)
    g_array_set_size (self->payments, 0);
}

static gboolean
out_of_bounds (GError     **error,
               const char  *what,
               guint        line)
{
  if (line > 0)
    g_set_error (error, OCOP_SALE_ERROR, OCOP_SALE_ERROR_BOUNDS,
                 _("Line %u: the %s is beyond what a sale may hold"), line, what);
  else
    g_set_error (error, OCOP_SALE_ERROR, OCOP_SALE_ERROR_BOUNDS, _("The %s is beyond what a sale may hold"), what);
  return FALSE;
}

static gboolean
text_fits (const char *text,
           gsize       most)
{
  return text == NULL || strlen (text) <= most;
}

/* A line's figures, of the sale's sign (@sign), within the bounds. */
static gboolean
check_line_bounds (const OcopSaleLine  *line,
                   gint64               sign,
                   guint                number,
                   GError             **error)
{
  gint64 gross, amount;

  if (!text_fits (line->sku, OCOP_SYNC_MAX_CODE_BYTES) || !text_fits (line->name, OCOP_SYNC_MAX_NAME_BYTES) ||
      !text_fits (line->unit, OCOP_SYNC_MAX_NAME_BYTES))
    return out_of_bounds (error, _("product's code, name or unit"), number);
  if (line->quantity * sign < 1 ||
      line->quantity * sign > (line->measured ? OCOP_SYNC_MAX_MEASURE : OCOP_SYNC_MAX_QUANTITY))
    return out_of_bounds (error, _("quantity"), number);
  if (line->unit_price < 0 || line->unit_price > OCOP_SYNC_MAX_UNIT_PRICE)
    return out_of_bounds (error, _("unit price"), number);
  /* The hub's rule for a measured line: its amount within 501 ₫ of
   * quantity × price, of the same sign. */
  if (line->measured && (line->amount * sign < 0 ||
                         !ocop_measure_amount_is_near (line->unit_price, line->quantity, line->amount)))
    return out_of_bounds (error, _("amount"), number);
  gross = line_gross (line);  /* within 10^6 × 10^10 for pieces */
  if (line->discount * sign < 0 || line->discount * sign > gross * sign)
    return out_of_bounds (error, _("discount"), number);
  amount = gross - line->discount;
  if (amount * sign > OCOP_SYNC_MAX_AMOUNT)
    return out_of_bounds (error, _("amount"), number);
  return TRUE;
}

gboolean
ocop_sale_check_bounds (OcopSale  *self,
                        GError   **error)
{
  gint64 sign = self->kind == OCOP_SALE_KIND_SALE ? 1 : -1;

  if (self->lines->len > OCOP_SYNC_MAX_LINES)
    return out_of_bounds (error, _("number of lines"), 0);
  if (self->payments->len > OCOP_SYNC_MAX_PAYMENTS)
    return out_of_bounds (error, _("number of payments"), 0);
  if (!text_fits (self->cashier, OCOP_SYNC_MAX_NAME_BYTES))
    return out_of_bounds (error, _("cashier's name"), 0);
  if (!text_fits (self->reason, OCOP_SYNC_MAX_NOTE_BYTES))
    return out_of_bounds (error, _("reason"), 0);
  for (guint i = 0; i < self->lines->len; i++)
    if (!check_line_bounds (&g_array_index (self->lines, OcopSaleLine, i), sign, i + 1, error))
      return FALSE;
  /* Each line within 10^11 and at most 500 of them: the sums fit. */
  if (ocop_sale_get_total (self) * sign < 0 || ocop_sale_get_total (self) * sign > OCOP_SYNC_MAX_AMOUNT)
    return out_of_bounds (error, _("total"), 0);
  for (guint i = 0; i < self->payments->len; i++)
    {
      gint64 amount = g_array_index (self->payments, OcopPayment, i).amount;

      if (amount < -OCOP_SYNC_MAX_AMOUNT || amount > OCOP_SYNC_MAX_AMOUNT)
        return out_of_bounds (error, _("payment"), 0);
    }
  return TRUE;
}

gboolean
ocop_sale_validate (OcopSale  *self,
                    GError   **error)
{
  gint64 total = ocop_sale_get_total (self);
  gint64 paid = ocop_sale_get_paid (self);

  if (self->lines->len == 0)
    {
      g_set_error (error, OCOP_SALE_ERROR, OCOP_SALE_ERROR_EMPTY,
                   _("The sale has no products"));
      return FALSE;
    }
  if (!ocop_sale_check_bounds (self, error))
    return FALSE;
  if ((self->cashier && !g_utf8_validate (self->cashier, -1, NULL)) ||
      (self->reason && !g_utf8_validate (self->reason, -1, NULL)))
    {
      g_set_error (error, OCOP_SALE_ERROR, OCOP_SALE_ERROR_TEXT,
                   _("The cashier's name or the reason is not valid UTF-8 text"));
      return FALSE;
    }
  if (paid != total)
    {
      g_autofree char *p = ocop_money_format (paid);
      g_autofree char *t = ocop_money_format (total);

      g_set_error (error, OCOP_SALE_ERROR,
                   paid < total ? OCOP_SALE_ERROR_UNDERPAID : OCOP_SALE_ERROR_OVERPAID,
                   _("Payments of %s do not match the total of %s"), p, t);
      return FALSE;
    }
  return TRUE;
}

void
ocop_sale_set_cashier (OcopSale   *self,
                       const char *cashier)
{
  g_free (self->cashier);
  self->cashier = g_strdup (cashier);
}

void
ocop_sale_set_reason (OcopSale   *self,
                      const char *reason)
{
  g_free (self->reason);
  self->reason = g_strdup (reason);
}

void
ocop_sale_set_approver (OcopSale   *self,
                        const char *approver)
{
  g_free (self->approver);
  self->approver = g_strdup (approver);
}

void
ocop_sale_mark_committed (OcopSale   *self,
                          const char *uuid,
                          gint64      receipt_no,
                          const char *booth,
                          const char *business_day,
                          gint64      created_us)
{
  g_free (self->uuid);
  self->uuid = g_strdup (uuid);
  self->receipt_no = receipt_no;
  g_free (self->booth);
  self->booth = g_strdup (booth);
  g_free (self->business_day);
  self->business_day = g_strdup (business_day);
  self->created_us = created_us;
}

guint
ocop_sale_get_n_lines (OcopSale *self)
{
  return self->lines->len;
}

const OcopSaleLine *
ocop_sale_get_line (OcopSale *self,
                    guint     index)
{
  g_return_val_if_fail (index < self->lines->len, NULL);
  return &g_array_index (self->lines, OcopSaleLine, index);
}

guint
ocop_sale_get_n_payments (OcopSale *self)
{
  return self->payments->len;
}

const OcopPayment *
ocop_sale_get_payment (OcopSale *self,
                       guint     index)
{
  g_return_val_if_fail (index < self->payments->len, NULL);
  return &g_array_index (self->payments, OcopPayment, index);
}

gint64
ocop_sale_get_item_count (OcopSale *self)
{
  gint64 count = 0;

  /* A weighed line is one item, whatever it weighs. */
  for (guint i = 0; i < self->lines->len; i++)
    {
      const OcopSaleLine *line = &g_array_index (self->lines, OcopSaleLine, i);

      count += line->measured ? (line->quantity < 0 ? -1 : 1) : line->quantity;
    }
  return count;
}

gint64
ocop_sale_get_subtotal (OcopSale *self)
{
  gint64 subtotal = 0;

  for (guint i = 0; i < self->lines->len; i++)
    subtotal += ocop_sale_line_total (&g_array_index (self->lines, OcopSaleLine, i));
  return subtotal;
}

gint64
ocop_sale_get_order_discount (OcopSale *self)
{
  return self->order_discount;
}

gint64
ocop_sale_get_total (OcopSale *self)
{
  return ocop_sale_get_subtotal (self) - self->order_discount;
}

gint64
ocop_sale_get_paid (OcopSale *self)
{
  gint64 paid = 0;

  for (guint i = 0; i < self->payments->len; i++)
    paid += g_array_index (self->payments, OcopPayment, i).amount;
  return paid;
}

gint64
ocop_sale_get_due (OcopSale *self)
{
  return ocop_sale_get_total (self) - ocop_sale_get_paid (self);
}

gint64
ocop_sale_get_change (OcopSale *self)
{
  gint64 change = 0;

  for (guint i = 0; i < self->payments->len; i++)
    change += g_array_index (self->payments, OcopPayment, i).change;
  return change;
}

gboolean
ocop_sale_is_committed (OcopSale *self)
{
  return self->uuid != NULL;
}

OcopSaleKind ocop_sale_get_kind (OcopSale *self) { return self->kind; }
const char *ocop_sale_get_uuid (OcopSale *self) { return self->uuid; }
gint64 ocop_sale_get_receipt_no (OcopSale *self) { return self->receipt_no; }
const char *ocop_sale_get_ref_uuid (OcopSale *self) { return self->ref_uuid; }
const char *ocop_sale_get_booth (OcopSale *self) { return self->booth; }
const char *ocop_sale_get_cashier (OcopSale *self) { return self->cashier; }
const char *ocop_sale_get_reason (OcopSale *self) { return self->reason; }
const char *ocop_sale_get_approver (OcopSale *self) { return self->approver; }
const char *ocop_sale_get_business_day (OcopSale *self) { return self->business_day; }
gint64 ocop_sale_get_created_us (OcopSale *self) { return self->created_us; }
