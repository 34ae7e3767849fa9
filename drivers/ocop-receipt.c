/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-receipt.c: receipt and Z report layout as a list of rows, drawn with
 * Pango/Cairo to a 1-bit image (for raster printing and the PNG preview)
 * and written as columns of text (for printers in text mode). */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

#include "ocop-escpos.h"
#include "ocop-money.h"
#include "ocop-quantity.h"
#include "ocop-receipt.h"
#include "ocop-report.h"
#include "ocop-vietqr.h"

/* Dots at 203 dpi: body text as tall as the printers' own 12×24 font, so
 * a 58 mm receipt holds about 32 characters a line and 80 mm about 48. */
#define BODY_PX 22
#define SMALL_PX 18
#define TITLE_PX 30
#define MARGIN 4
#define PAIR_GAP 12
#define RULE_HEIGHT 12
#define QR_QUIET_ZONE 4
/* Coverage at or above this becomes a black dot: a little under half, so
 * thin strokes (the marks over Vietnamese vowels) survive. */
#define INK_THRESHOLD 100
#define DRAWER_ON_MS 50
#define DRAWER_OFF_MS 500
#define CUT_FEED_DOTS 96

typedef enum {
  ROW_TEXT,
  ROW_PAIR,
  ROW_RULE,
  ROW_QR,
  ROW_SPACE,
} RowKind;

typedef enum {
  STYLE_NORMAL,
  STYLE_BOLD,
  STYLE_SMALL,
  STYLE_TITLE,
} RowStyle;

typedef enum {
  ALIGN_LEFT,
  ALIGN_CENTER,
  ALIGN_RIGHT,
} RowAlign;

typedef struct {
  RowKind   kind;
  RowStyle  style;
  RowAlign  align;
  char     *left;      /* TEXT's text, PAIR's label, QR's payload */
  char     *right;     /* PAIR's amount */
  guint     space;     /* SPACE's height in dots */
} Row;

struct _OcopReceipt
{
  GObject     parent_instance;
  guint       width;
  guint       columns;
  gboolean    drawer;
  gboolean    cut;
  char       *vietqr_payload;
  GPtrArray  *rows;      /* Row * */
  OcopBitmap *bitmap;    /* rendered on first use */
};

G_DEFINE_TYPE (OcopReceipt, ocop_receipt, G_TYPE_OBJECT)
G_DEFINE_QUARK (ocop-receipt-error-quark, ocop_receipt_error)

static void
row_free (gpointer data)
{
  Row *row = data;

  g_free (row->left);
  g_free (row->right);
  g_free (row);
}

static void
ocop_receipt_finalize (GObject *object)
{
  OcopReceipt *self = OCOP_RECEIPT (object);

  g_ptr_array_unref (self->rows);
  g_free (self->vietqr_payload);
  ocop_bitmap_free (self->bitmap);
  G_OBJECT_CLASS (ocop_receipt_parent_class)->finalize (object);
}

static void
ocop_receipt_class_init (OcopReceiptClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ocop_receipt_finalize;
}

static void
ocop_receipt_init (OcopReceipt *self)
{
  self->rows = g_ptr_array_new_with_free_func (row_free);
}

/* ---- building the rows ---- */

static void
add_text (OcopReceipt *self,
          RowStyle     style,
          RowAlign     align,
          const char  *text)
{
  Row *row = g_new0 (Row, 1);

  row->kind = ROW_TEXT;
  row->style = style;
  row->align = align;
  row->left = g_utf8_normalize (text, -1, G_NORMALIZE_NFC);
  g_ptr_array_add (self->rows, row);
}

static void
add_pair (OcopReceipt *self,
          RowStyle     style,
          const char  *label,
          const char  *value)
{
  Row *row = g_new0 (Row, 1);

  row->kind = ROW_PAIR;
  row->style = style;
  row->left = g_utf8_normalize (label, -1, G_NORMALIZE_NFC);
  row->right = g_utf8_normalize (value, -1, G_NORMALIZE_NFC);
  g_ptr_array_add (self->rows, row);
}

static void
add_money_pair (OcopReceipt *self,
                RowStyle     style,
                const char  *label,
                gint64       vnd)
{
  g_autofree char *money = ocop_money_format (vnd);

  add_pair (self, style, label, money);
}

static void
add_rule (OcopReceipt *self)
{
  Row *row = g_new0 (Row, 1);

  row->kind = ROW_RULE;
  g_ptr_array_add (self->rows, row);
}

static void
add_space (OcopReceipt *self,
           guint        dots)
{
  Row *row = g_new0 (Row, 1);

  row->kind = ROW_SPACE;
  row->space = dots;
  g_ptr_array_add (self->rows, row);
}

static void
add_qr (OcopReceipt *self,
        const char  *payload)
{
  Row *row = g_new0 (Row, 1);

  row->kind = ROW_QR;
  row->left = g_strdup (payload);
  g_ptr_array_add (self->rows, row);
}

static gboolean
check_width (guint    width,
             GError **error)
{
  if (width >= OCOP_RECEIPT_WIDTH_MIN && width <= OCOP_RECEIPT_WIDTH_MAX && width % 8 == 0)
    return TRUE;
  g_set_error (error, OCOP_RECEIPT_ERROR, OCOP_RECEIPT_ERROR_WIDTH,
               _("A receipt %u dots wide is not possible: give a multiple of 8 from %d to %d (384 for 58 mm paper, 576 for 80 mm)"),
               width, OCOP_RECEIPT_WIDTH_MIN, OCOP_RECEIPT_WIDTH_MAX);
  return FALSE;
}

static OcopReceipt *
receipt_new (const OcopReceiptOptions  *options,
             GError                   **error)
{
  guint width = options && options->width_dots ? options->width_dots : OCOP_RECEIPT_WIDTH_80MM;
  OcopReceipt *self;

  if (!check_width (width, error))
    return NULL;
  self = g_object_new (OCOP_TYPE_RECEIPT, NULL);
  self->width = width;
  /* The printers' 12-dot font: 32 columns on 384 dots, 48 on 576. */
  self->columns = width / 12;
  self->cut = options && options->cut;
  return self;
}

static void
add_header (OcopReceipt               *self,
            OcopStore                 *store,
            const OcopReceiptOptions  *options)
{
  g_autoptr(OcopFair) fair = ocop_store_get_fair (store, NULL);
  g_autoptr(OcopBooth) booth = ocop_store_get_current_booth (store, NULL);

  if (fair != NULL)
    add_text (self, STYLE_BOLD, ALIGN_CENTER, fair->name);
  if (booth != NULL)
    {
      g_autofree char *line = g_strdup_printf (_("Booth %s · %s"), booth->code, booth->name);

      add_text (self, STYLE_NORMAL, ALIGN_CENTER, line);
      if (booth->locality != NULL && *booth->locality != '\0')
        add_text (self, STYLE_SMALL, ALIGN_CENTER, booth->locality);
    }
}

/* The producers of the products sold, when they are not simply the booth
 * itself (a booth of a district often sells for several cooperatives). */
static void
add_producers (OcopReceipt *self,
               OcopStore   *store,
               OcopSale    *sale)
{
  g_autoptr(OcopBooth) booth = ocop_store_get_current_booth (store, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;
  g_autofree char *line = NULL;

  for (guint i = 0; i < ocop_sale_get_n_lines (sale); i++)
    {
      g_autoptr(OcopProduct) product = ocop_store_find_sold_sku (store, ocop_sale_get_line (sale, i)->sku, NULL);
      const char *producer = product ? ocop_product_get_producer (product) : NULL;

      if (producer == NULL || *producer == '\0' || (booth && g_strcmp0 (producer, booth->name) == 0))
        continue;
      if (!g_ptr_array_find_with_equal_func (names, producer, g_str_equal, NULL))
        g_ptr_array_add (names, g_strdup (producer));
    }
  if (names->len == 0)
    return;
  g_ptr_array_add (names, NULL);
  joined = g_strjoinv (", ", (char **) names->pdata);
  line = g_strdup_printf (_("Producer: %s"), joined);
  add_text (self, STYLE_SMALL, ALIGN_CENTER, line);
}

static const char *
title_of (OcopSaleKind kind)
{
  switch (kind)
    {
    case OCOP_SALE_KIND_VOID:
      return _("VOID");
    case OCOP_SALE_KIND_REFUND:
      return _("REFUND");
    case OCOP_SALE_KIND_SALE:
    default:
      return _("RECEIPT");
    }
}

static gboolean
add_sale_identity (OcopReceipt  *self,
                   OcopStore    *store,
                   OcopSale     *sale,
                   GError      **error)
{
  g_autofree char *number = g_strdup_printf ("#%" G_GINT64_FORMAT, ocop_sale_get_receipt_no (sale));
  g_autofree char *when = ocop_store_format_time (store, ocop_sale_get_created_us (sale), "%d/%m/%Y %H:%M");

  add_pair (self, STYLE_NORMAL, _("Receipt"), number);
  add_pair (self, STYLE_NORMAL, _("Time"), when);
  if (ocop_sale_get_cashier (sale) != NULL)
    add_pair (self, STYLE_NORMAL, _("Cashier"), ocop_sale_get_cashier (sale));
  if (ocop_sale_get_ref_uuid (sale) != NULL)
    {
      g_autoptr(OcopSale) original = ocop_store_load_sale (store, ocop_sale_get_ref_uuid (sale), error);
      g_autofree char *ref = NULL;
      g_autofree char *ref_when = NULL;

      if (original == NULL)
        return FALSE;
      ref = g_strdup_printf ("#%" G_GINT64_FORMAT, ocop_sale_get_receipt_no (original));
      ref_when = ocop_store_format_time (store, ocop_sale_get_created_us (original), "%d/%m/%Y %H:%M");
      add_pair (self, STYLE_BOLD, _("Reverses receipt"), ref);
      add_pair (self, STYLE_NORMAL, _("of"), ref_when);
      /* Absent from voids recorded before approvals were kept: those
       * reprint exactly as they first printed. */
      if (ocop_sale_get_approver (sale) != NULL)
        add_pair (self, STYLE_NORMAL, _("Approved by"), ocop_sale_get_approver (sale));
      if (ocop_sale_get_reason (sale) != NULL)
        {
          g_autofree char *reason = g_strdup_printf (_("Reason: %s"), ocop_sale_get_reason (sale));

          add_text (self, STYLE_NORMAL, ALIGN_LEFT, reason);
        }
    }
  return TRUE;
}

/* "  2 hộp × 180.000" for pieces, as receipts always printed them;
 * "  0,350 kg × 1.200.000 ₫/kg =" for a weighed line, whose amount is
 * rounded and so is not quantity × price: the customer sees all three. */
static char *
line_quantity_text (const OcopSaleLine *line)
{
  const char *unit = line->unit ? line->unit : "";

  if (line->measured)
    {
      g_autofree char *weight = ocop_quantity_format (line->quantity, TRUE, unit);
      g_autofree char *price = ocop_money_format (line->unit_price);

      return g_strdup_printf ("  %s × %s/%s =", weight, price, unit);
    }
  else
    {
      g_autofree char *price = ocop_money_format_plain (line->unit_price);

      return g_strdup_printf ("  %" G_GINT64_FORMAT " %s × %s", line->quantity, unit, price);
    }
}

static void
add_sale_lines (OcopReceipt *self,
                OcopSale    *sale)
{
  for (guint i = 0; i < ocop_sale_get_n_lines (sale); i++)
    {
      const OcopSaleLine *line = ocop_sale_get_line (sale, i);
      g_autofree char *gross = ocop_money_format (ocop_sale_line_total (line) + line->discount);
      g_autofree char *quantity = line_quantity_text (line);

      add_text (self, STYLE_NORMAL, ALIGN_LEFT, line->name);
      add_pair (self, STYLE_NORMAL, quantity, gross);
      if (line->discount != 0)
        {
          g_autofree char *label = g_strdup_printf ("  %s", _("Discount"));

          add_money_pair (self, STYLE_NORMAL, label, -line->discount);
        }
    }
}

static void
add_sale_totals (OcopReceipt *self,
                 OcopSale    *sale)
{
  g_autofree char *items = g_strdup_printf ("%" G_GINT64_FORMAT, ocop_sale_get_item_count (sale));

  if (ocop_sale_get_order_discount (sale) != 0)
    {
      add_money_pair (self, STYLE_NORMAL, _("Subtotal"), ocop_sale_get_subtotal (sale));
      add_money_pair (self, STYLE_NORMAL, _("Order discount"), -ocop_sale_get_order_discount (sale));
    }
  add_money_pair (self, STYLE_TITLE, _("TOTAL"), ocop_sale_get_total (sale));
  add_pair (self, STYLE_SMALL, _("Items"), items);
}

static void
add_payments (OcopReceipt *self,
              OcopSale    *sale)
{
  gboolean reversal = ocop_sale_get_kind (sale) != OCOP_SALE_KIND_SALE;

  for (guint i = 0; i < ocop_sale_get_n_payments (sale); i++)
    {
      const OcopPayment *payment = ocop_sale_get_payment (sale, i);
      const char *method = ocop_payment_method_label (payment->method);
      g_autofree char *label = reversal ? g_strdup_printf (_("Paid back (%s)"), method) : g_strdup (method);

      add_money_pair (self, STYLE_NORMAL, label, payment->amount);
      if (payment->method == OCOP_PAYMENT_CASH && payment->change > 0)
        {
          add_money_pair (self, STYLE_NORMAL, _("Cash received"), payment->tendered);
          add_money_pair (self, STYLE_BOLD, _("Change"), payment->change);
        }
      if (payment->method == OCOP_PAYMENT_CASH && payment->amount != 0)
        self->drawer = TRUE;
    }
}

/* The VietQR code of the sale's transfer: the same payload the till shows
 * (the booth code and receipt number as the note), so a bank statement line
 * matches the receipt. */
static gboolean
add_vietqr (OcopReceipt               *self,
            OcopStore                 *store,
            OcopSale                  *sale,
            const OcopReceiptOptions  *options,
            GError                   **error)
{
  gint64 amount = 0;
  g_autoptr(GError) local = NULL;
  g_autofree char *note = NULL;
  g_autofree char *caption = NULL;

  if (options == NULL || options->bank_bin == NULL || *options->bank_bin == '\0' ||
      options->bank_account == NULL || *options->bank_account == '\0' ||
      ocop_sale_get_kind (sale) != OCOP_SALE_KIND_SALE)
    return TRUE;
  for (guint i = 0; i < ocop_sale_get_n_payments (sale); i++)
    if (ocop_sale_get_payment (sale, i)->method == OCOP_PAYMENT_TRANSFER)
      amount += ocop_sale_get_payment (sale, i)->amount;
  if (amount <= 0)
    return TRUE;

  note = ocop_vietqr_receipt_note (ocop_sale_get_booth (sale), ocop_sale_get_receipt_no (sale));
  self->vietqr_payload = ocop_vietqr_payload (options->bank_bin, options->bank_account, amount, note, &local);
  if (self->vietqr_payload == NULL)
    {
      g_set_error (error, OCOP_RECEIPT_ERROR, OCOP_RECEIPT_ERROR_VIETQR,
                   _("No VietQR code for this receipt: %s"), local->message);
      return FALSE;
    }
  add_space (self, 8);
  add_text (self, STYLE_BOLD, ALIGN_CENTER, _("VietQR bank transfer"));
  add_qr (self, self->vietqr_payload);
  caption = g_strdup_printf ("%s %s", options->bank_holder ? options->bank_holder : "", options->bank_account);
  add_text (self, STYLE_SMALL, ALIGN_CENTER, g_strstrip (caption));
  {
    g_autofree char *content = g_strdup_printf (_("Transfer note: %s"), note);

    add_text (self, STYLE_SMALL, ALIGN_CENTER, content);
  }
  return TRUE;
}

static void
add_footer (OcopReceipt               *self,
            const OcopReceiptOptions  *options)
{
  const char *footer = options && options->footer ? options->footer : _("Thank you for choosing OCOP products!");

  add_rule (self);
  add_text (self, STYLE_NORMAL, ALIGN_CENTER, footer);
}

OcopReceipt *
ocop_receipt_new_for_sale (OcopStore                 *store,
                           OcopSale                  *sale,
                           const OcopReceiptOptions  *options,
                           GError                   **error)
{
  g_autoptr(OcopReceipt) self = NULL;

  g_return_val_if_fail (OCOP_IS_STORE (store), NULL);
  g_return_val_if_fail (OCOP_IS_SALE (sale), NULL);

  if (!ocop_sale_is_committed (sale))
    {
      g_set_error_literal (error, OCOP_RECEIPT_ERROR, OCOP_RECEIPT_ERROR_RENDER,
                           _("Only a recorded sale has a receipt"));
      return NULL;
    }
  if (!(self = receipt_new (options, error)))
    return NULL;

  add_header (self, store, options);
  add_producers (self, store, sale);
  add_space (self, 8);
  add_text (self, STYLE_TITLE, ALIGN_CENTER, title_of (ocop_sale_get_kind (sale)));
  if (options && options->reprint)
    add_text (self, STYLE_BOLD, ALIGN_CENTER, _("REPRINT"));
  if (!add_sale_identity (self, store, sale, error))
    return NULL;
  add_rule (self);
  add_sale_lines (self, sale);
  add_rule (self);
  add_sale_totals (self, sale);
  add_payments (self, sale);
  if (!add_vietqr (self, store, sale, options, error))
    return NULL;
  add_footer (self, options);
  self->drawer = self->drawer && options && options->open_drawer;
  return g_steal_pointer (&self);
}

static void
add_count_pair (OcopReceipt *self,
                const char  *label,
                gint64       count,
                gint64       vnd)
{
  g_autofree char *with_count = g_strdup_printf ("%s (%" G_GINT64_FORMAT ")", label, count);

  add_money_pair (self, STYLE_NORMAL, with_count, vnd);
}

static void
add_z_totals (OcopReceipt         *self,
              const OcopDayReport *report)
{
  g_autofree char *items = g_strdup_printf ("%" G_GINT64_FORMAT, report->items);
  g_autofree char *visitors = g_strdup_printf ("%" G_GINT64_FORMAT, report->visitors);

  add_count_pair (self, _("Sales"), report->sales_count, report->gross);
  add_money_pair (self, STYLE_NORMAL, _("Discounts given"), -report->discounts);
  add_count_pair (self, _("Voids"), report->void_count, -report->void_amount);
  add_count_pair (self, _("Refunds"), report->refund_count, -report->refund_amount);
  add_money_pair (self, STYLE_TITLE, _("NET"), report->net);
  add_pair (self, STYLE_NORMAL, _("Items sold"), items);
  if (report->first_receipt > 0)
    {
      g_autofree char *range = g_strdup_printf ("#%" G_GINT64_FORMAT " – #%" G_GINT64_FORMAT,
                                                report->first_receipt, report->last_receipt);

      add_pair (self, STYLE_NORMAL, _("Receipts"), range);
    }
  add_pair (self, STYLE_NORMAL, _("Visitors"), visitors);
}

/* Days closed before the store asked for a count print as they did. */
static void
add_z_cash_count (OcopReceipt         *self,
                  const OcopDayReport *report)
{
  if (report->closed_by == NULL)
    return;
  add_rule (self);
  add_pair (self, STYLE_NORMAL, _("Closed by"), report->closed_by);
  add_money_pair (self, STYLE_NORMAL, _("Cash expected"), report->cash_expected);
  add_money_pair (self, STYLE_NORMAL, _("Cash counted"), report->cash_counted);
  add_money_pair (self, STYLE_BOLD, _("Difference"), report->cash_counted - report->cash_expected);
}

static void
add_z_breakdown (OcopReceipt         *self,
                 const OcopDayReport *report)
{
  if (report->by_method != NULL && report->by_method->len > 0)
    {
      add_rule (self);
      add_text (self, STYLE_BOLD, ALIGN_LEFT, _("By payment method"));
      for (guint i = 0; i < report->by_method->len; i++)
        {
          const OcopMethodTotal *total = &g_array_index (report->by_method, OcopMethodTotal, i);

          add_count_pair (self, ocop_payment_method_label (total->method), total->count, total->amount);
        }
    }
  if (report->by_product != NULL && report->by_product->len > 0)
    {
      add_rule (self);
      add_text (self, STYLE_BOLD, ALIGN_LEFT, _("By product"));
      for (guint i = 0; i < report->by_product->len; i++)
        {
          const OcopProductTotal *total = g_ptr_array_index (report->by_product, i);
          g_autofree char *count = ocop_product_total_format_quantity (total);
          g_autofree char *quantity = g_strdup_printf ("  × %s", count);

          add_text (self, STYLE_NORMAL, ALIGN_LEFT, total->name);
          add_money_pair (self, STYLE_NORMAL, quantity, total->amount);
        }
    }
}

/* The figures of one handover, on its slip and in the Z report alike. */
static void
add_handover_figures (OcopReceipt        *self,
                      const OcopHandover *handover)
{
  add_money_pair (self, STYLE_NORMAL, _("Cash expected"), handover->cash_expected);
  add_money_pair (self, STYLE_NORMAL, _("Cash counted"), handover->cash_counted);
  add_money_pair (self, STYLE_BOLD, _("Difference"), ocop_handover_difference (handover));
  if (handover->approver != NULL)
    add_pair (self, STYLE_NORMAL, _("Approved by"), handover->approver);
}

static char *
handover_names (const OcopHandover *handover)
{
  return g_strdup_printf ("%s %s → %s", handover->local_time ? handover->local_time : "",
                          handover->from, handover->to);
}

/* Z reports stored before handovers, or of days without one, print as
 * they did. */
static void
add_z_handovers (OcopReceipt         *self,
                 const OcopDayReport *report)
{
  if (report->handovers == NULL || report->handovers->len == 0)
    return;
  add_rule (self);
  add_text (self, STYLE_BOLD, ALIGN_LEFT, _("Handovers"));
  for (guint i = 0; i < report->handovers->len; i++)
    {
      const OcopHandover *handover = g_ptr_array_index (report->handovers, i);
      g_autofree char *names = handover_names (handover);

      add_text (self, STYLE_NORMAL, ALIGN_LEFT, names);
      add_handover_figures (self, handover);
    }
}

OcopReceipt *
ocop_receipt_new_for_handover (OcopStore                 *store,
                               const OcopHandover        *handover,
                               const OcopReceiptOptions  *options,
                               GError                   **error)
{
  g_autoptr(OcopReceipt) self = NULL;
  g_autofree char *at = NULL;

  g_return_val_if_fail (OCOP_IS_STORE (store), NULL);
  g_return_val_if_fail (handover != NULL, NULL);

  if (!(self = receipt_new (options, error)))
    return NULL;
  at = ocop_store_format_time (store, handover->at_us, "%d/%m/%Y %H:%M");
  add_header (self, store, options);
  add_space (self, 8);
  add_text (self, STYLE_TITLE, ALIGN_CENTER, _("SHIFT HANDOVER"));
  add_pair (self, STYLE_NORMAL, _("Business day"), handover->business_day);
  add_pair (self, STYLE_NORMAL, _("Time"), at);
  add_pair (self, STYLE_NORMAL, _("Handed over by"), handover->from);
  add_pair (self, STYLE_NORMAL, _("Taken over by"), handover->to);
  add_rule (self);
  add_handover_figures (self, handover);
  add_rule (self);
  /* Paper both can sign: the slip goes in the drawer or the cash bag. */
  add_space (self, 24);
  add_pair (self, STYLE_NORMAL, _("Signed (handed over)"), "__________");
  add_space (self, 24);
  add_pair (self, STYLE_NORMAL, _("Signed (taken over)"), "__________");
  return g_steal_pointer (&self);
}

OcopReceipt *
ocop_receipt_new_for_z_report (OcopStore                 *store,
                               const char                *business_day,
                               const OcopReceiptOptions  *options,
                               GError                   **error)
{
  g_autoptr(OcopReceipt) self = NULL;
  g_autofree char *json = NULL;
  g_autoptr(OcopDayReport) report = NULL;
  g_autofree char *printed = NULL;

  g_return_val_if_fail (OCOP_IS_STORE (store), NULL);
  g_return_val_if_fail (business_day != NULL, NULL);

  if (!(self = receipt_new (options, error)) ||
      !(json = ocop_store_get_z_report (store, business_day, error)) ||
      !(report = ocop_day_report_from_json (json, error)))
    return NULL;

  printed = ocop_store_format_time (store, ocop_store_now_us (store), "%d/%m/%Y %H:%M");
  add_header (self, store, options);
  add_space (self, 8);
  add_text (self, STYLE_TITLE, ALIGN_CENTER, _("Z REPORT"));
  if (options && options->reprint)
    add_text (self, STYLE_BOLD, ALIGN_CENTER, _("REPRINT"));
  add_pair (self, STYLE_NORMAL, _("Business day"), report->business_day);
  add_pair (self, STYLE_NORMAL, _("Printed"), printed);
  add_rule (self);
  add_z_totals (self, report);
  add_z_cash_count (self, report);
  add_z_handovers (self, report);
  add_z_breakdown (self, report);
  add_rule (self);
  return g_steal_pointer (&self);
}

guint
ocop_receipt_get_width (OcopReceipt *self)
{
  return self->width;
}

guint
ocop_receipt_get_columns (OcopReceipt *self)
{
  return self->columns;
}

const char *
ocop_receipt_get_vietqr_payload (OcopReceipt *self)
{
  return self->vietqr_payload;
}

gboolean
ocop_receipt_opens_drawer (OcopReceipt *self)
{
  return self->drawer;
}

/* ---- drawing ---- */

typedef struct {
  PangoLayout *left;
  PangoLayout *right;
  QRcode      *qr;
  int          qr_scale;
  int          height;
} Placed;

static void
placed_clear (Placed *placed)
{
  g_clear_object (&placed->left);
  g_clear_object (&placed->right);
  g_clear_pointer (&placed->qr, QRcode_free);
}

static int
pixel_size_of (RowStyle style)
{
  switch (style)
    {
    case STYLE_SMALL:
      return SMALL_PX;
    case STYLE_TITLE:
      return TITLE_PX;
    case STYLE_NORMAL:
    case STYLE_BOLD:
    default:
      return BODY_PX;
    }
}

/* One context for every receipt of the thread: Pango caches fonts and
 * glyph metrics per context and font map, and building them again for
 * each receipt would cost more than drawing it. */
static PangoContext *
shared_context (void)
{
  static GPrivate key = G_PRIVATE_INIT (g_object_unref);
  PangoContext *context = g_private_get (&key);

  if (context == NULL)
    {
      cairo_font_options_t *font_options = cairo_font_options_create ();

      context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
      /* Grey coverage, thresholded afterwards, keeps the tone marks
       * legible; full hinting puts stems on whole dots. */
      cairo_font_options_set_antialias (font_options, CAIRO_ANTIALIAS_GRAY);
      cairo_font_options_set_hint_style (font_options, CAIRO_HINT_STYLE_FULL);
      cairo_font_options_set_hint_metrics (font_options, CAIRO_HINT_METRICS_ON);
      pango_cairo_context_set_font_options (context, font_options);
      cairo_font_options_destroy (font_options);
      pango_context_set_language (context, pango_language_from_string ("vi"));
      g_private_set (&key, context);
    }
  return context;
}

static PangoLayout *
layout_text (const char *text,
             RowStyle    style,
             RowAlign    align,
             int         width)
{
  PangoLayout *layout = pango_layout_new (shared_context ());
  PangoFontDescription *font = pango_font_description_from_string ("DejaVu Sans");

  pango_font_description_set_absolute_size (font, pixel_size_of (style) * PANGO_SCALE);
  if (style == STYLE_BOLD || style == STYLE_TITLE)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_text (layout, text, -1);
  if (width > 0)
    {
      pango_layout_set_width (layout, width * PANGO_SCALE);
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_alignment (layout, align == ALIGN_CENTER ? PANGO_ALIGN_CENTER
                                      : align == ALIGN_RIGHT ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
  return layout;
}

static int
layout_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_pixel_size (layout, NULL, &height);
  return height;
}

/* A missing font would print boxes instead of Vietnamese letters: better
 * to say so than to hand a customer an unreadable receipt. */
static gboolean
check_glyphs (PangoLayout  *layout,
              const char   *text,
              GError      **error)
{
  if (pango_layout_get_unknown_glyphs_count (layout) == 0)
    return TRUE;
  g_set_error (error, OCOP_RECEIPT_ERROR, OCOP_RECEIPT_ERROR_RENDER,
               _("No installed font can draw “%s” (install fonts-dejavu-core)"), text);
  return FALSE;
}

static gboolean
place_row (OcopReceipt  *self,
           const Row    *row,
           Placed       *placed,
           GError      **error)
{
  int inner = self->width - 2 * MARGIN;

  switch (row->kind)
    {
    case ROW_TEXT:
      placed->left = layout_text (row->left, row->style, row->align, inner);
      placed->height = layout_height (placed->left);
      return check_glyphs (placed->left, row->left, error);
    case ROW_PAIR:
      {
        int right_width;

        placed->right = layout_text (row->right, row->style, ALIGN_RIGHT, -1);
        pango_layout_get_pixel_size (placed->right, &right_width, NULL);
        placed->left = layout_text (row->left, row->style, ALIGN_LEFT, MAX (inner - right_width - PAIR_GAP, inner / 3));
        placed->height = MAX (layout_height (placed->left), layout_height (placed->right));
        return check_glyphs (placed->left, row->left, error) && check_glyphs (placed->right, row->right, error);
      }
    case ROW_RULE:
      placed->height = RULE_HEIGHT;
      return TRUE;
    case ROW_SPACE:
      placed->height = row->space;
      return TRUE;
    case ROW_QR:
      {
        int modules;

        placed->qr = QRcode_encodeString8bit (row->left, 0, QR_ECLEVEL_M);
        if (placed->qr == NULL)
          {
            g_set_error (error, OCOP_RECEIPT_ERROR, OCOP_RECEIPT_ERROR_RENDER,
                         _("The QR code could not be made: %s"), g_strerror (errno));
            return FALSE;
          }
        /* About two thirds of the paper: big enough for phone cameras at
         * arm's length, small enough to leave the receipt short. */
        modules = placed->qr->width + 2 * QR_QUIET_ZONE;
        placed->qr_scale = CLAMP ((int) self->width * 2 / 3 / modules, 2, 8);
        placed->height = modules * placed->qr_scale;
        return TRUE;
      }
    default:
      g_assert_not_reached ();
    }
}

static void
draw_rule (OcopBitmap *bitmap,
           int         top)
{
  /* Dashed, two dots thick: solid rules waste paper heat on cheap heads. */
  for (guint x = MARGIN; x < bitmap->width - MARGIN; x++)
    if (x % 12 < 8)
      for (int y = top + RULE_HEIGHT / 2 - 1; y <= top + RULE_HEIGHT / 2; y++)
        ocop_bitmap_set (bitmap, x, y, TRUE);
}

static void
draw_qr (OcopBitmap   *bitmap,
         const Placed *placed,
         int           top)
{
  int scale = placed->qr_scale;
  int size = (placed->qr->width + 2 * QR_QUIET_ZONE) * scale;
  int left = ((int) bitmap->width - size) / 2 + QR_QUIET_ZONE * scale;

  for (int my = 0; my < placed->qr->width; my++)
    for (int mx = 0; mx < placed->qr->width; mx++)
      if (placed->qr->data[my * placed->qr->width + mx] & 1)   /* bit 0: a dark module */
        for (int dy = 0; dy < scale; dy++)
          for (int dx = 0; dx < scale; dx++)
            ocop_bitmap_set (bitmap, left + mx * scale + dx, top + (my + QR_QUIET_ZONE) * scale + dy, TRUE);
}

static void
draw_text_rows (OcopReceipt *self,
                cairo_t     *cr,
                Placed      *placed)
{
  int top = 0;

  cairo_set_source_rgba (cr, 0, 0, 0, 1);
  for (guint i = 0; i < self->rows->len; i++)
    {
      if (placed[i].left != NULL)
        {
          cairo_move_to (cr, MARGIN, top);
          pango_cairo_show_layout (cr, placed[i].left);
        }
      if (placed[i].right != NULL)
        {
          int width;

          pango_layout_get_pixel_size (placed[i].right, &width, NULL);
          cairo_move_to (cr, self->width - MARGIN - width, top);
          pango_cairo_show_layout (cr, placed[i].right);
        }
      top += placed[i].height;
    }
}

/* Coverage to dots, eight at a time. */
static void
threshold_into (OcopBitmap      *bitmap,
                cairo_surface_t *coverage)
{
  const guint8 *data = cairo_image_surface_get_data (coverage);
  int stride = cairo_image_surface_get_stride (coverage);

  for (guint y = 0; y < bitmap->height; y++)
    {
      const guint8 *in = data + (gsize) y * stride;
      guint8 *out = bitmap->data + y * bitmap->stride;

      for (guint x = 0; x < bitmap->width; x += 8)
        {
          guint8 byte = 0;

          for (guint b = 0; b < 8 && x + b < bitmap->width; b++)
            if (in[x + b] >= INK_THRESHOLD)
              byte |= 0x80 >> b;
          out[x / 8] = byte;
        }
    }
}

static OcopBitmap *
render_rows (OcopReceipt  *self,
             GError      **error)
{
  g_autofree Placed *placed = g_new0 (Placed, self->rows->len);
  cairo_surface_t *coverage = NULL;
  cairo_t *cr = NULL;
  OcopBitmap *bitmap = NULL;
  int height = 0, top = 0;
  gboolean ok = TRUE;

  for (guint i = 0; i < self->rows->len && ok; i++)
    {
      ok = place_row (self, g_ptr_array_index (self->rows, i), &placed[i], error);
      height += placed[i].height;
    }
  if (ok)
    {
      coverage = cairo_image_surface_create (CAIRO_FORMAT_A8, self->width, MAX (height, 1));
      cr = cairo_create (coverage);
      if (cairo_status (cr) != CAIRO_STATUS_SUCCESS)
        {
          g_set_error (error, OCOP_RECEIPT_ERROR, OCOP_RECEIPT_ERROR_RENDER,
                       _("The receipt could not be drawn: %s"), cairo_status_to_string (cairo_status (cr)));
          ok = FALSE;
        }
    }
  if (ok)
    {
      draw_text_rows (self, cr, placed);
      cairo_surface_flush (coverage);
      bitmap = ocop_bitmap_new (self->width, height);
      threshold_into (bitmap, coverage);
      for (guint i = 0; i < self->rows->len; i++)
        {
          const Row *row = g_ptr_array_index (self->rows, i);

          if (row->kind == ROW_RULE)
            draw_rule (bitmap, top);
          else if (row->kind == ROW_QR)
            draw_qr (bitmap, &placed[i], top);
          top += placed[i].height;
        }
    }
  g_clear_pointer (&cr, cairo_destroy);
  g_clear_pointer (&coverage, cairo_surface_destroy);
  for (guint i = 0; i < self->rows->len; i++)
    placed_clear (&placed[i]);
  return bitmap;
}

const OcopBitmap *
ocop_receipt_render (OcopReceipt  *self,
                     GError      **error)
{
  g_return_val_if_fail (OCOP_IS_RECEIPT (self), NULL);

  if (self->bitmap == NULL)
    self->bitmap = render_rows (self, error);
  return self->bitmap;
}

/* ---- PNG ---- */

static cairo_status_t
append_to_bytes (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static guint8
reverse_bits (guint8 b)
{
  b = (b & 0xF0) >> 4 | (b & 0x0F) << 4;
  b = (b & 0xCC) >> 2 | (b & 0x33) << 2;
  b = (b & 0xAA) >> 1 | (b & 0x55) << 1;
  return b;
}

GBytes *
ocop_receipt_to_png (OcopReceipt  *self,
                     GError      **error)
{
  const OcopBitmap *bitmap = ocop_receipt_render (self, error);
  cairo_surface_t *surface;
  g_autoptr(GByteArray) png = NULL;
  cairo_status_t status;
  guint8 *data;
  int stride;

  if (bitmap == NULL)
    return NULL;
  /* Cairo writes an A1 surface as a grey PNG in which set bits are white,
   * and keeps A1 pixels least significant bit first in each byte on
   * this (little-endian) machine: invert and mirror every byte. */
  surface = cairo_image_surface_create (CAIRO_FORMAT_A1, bitmap->width, MAX (bitmap->height, 1));
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (guint y = 0; y < bitmap->height; y++)
    for (gsize x = 0; x < bitmap->stride; x++)
      data[(gsize) y * stride + x] = G_BYTE_ORDER == G_LITTLE_ENDIAN
                                     ? reverse_bits (~bitmap->data[y * bitmap->stride + x])
                                     : (guint8) ~bitmap->data[y * bitmap->stride + x];
  cairo_surface_mark_dirty (surface);
  png = g_byte_array_new ();
  status = cairo_surface_write_to_png_stream (surface, append_to_bytes, png);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, OCOP_RECEIPT_ERROR, OCOP_RECEIPT_ERROR_RENDER,
                   _("The PNG could not be made: %s"), cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&png));
}

gboolean
ocop_receipt_write_png (OcopReceipt  *self,
                        const char   *path,
                        GError      **error)
{
  g_autoptr(GBytes) png = ocop_receipt_to_png (self, error);
  g_autoptr(GError) local = NULL;

  if (png == NULL)
    return FALSE;
  /* g_file_set_contents_full writes a temporary file beside @path, syncs
   * it and renames it over @path. */
  if (!g_file_set_contents_full (path, g_bytes_get_data (png, NULL), g_bytes_get_size (png),
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0644, &local))
    {
      g_set_error (error, OCOP_RECEIPT_ERROR, OCOP_RECEIPT_ERROR_WRITE,
                   _("The receipt image was not written: %s"), local->message);
      return FALSE;
    }
  return TRUE;
}

/* ---- text ---- */

static guint
text_width (const char *text)
{
  guint width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_iszerowidth (g_utf8_get_char (p)))
      width++;
  return width;
}

/* The byte offset after @columns characters of @text. */
static gsize
offset_of_column (const char *text,
                  guint       columns)
{
  const char *p = text;

  for (guint n = 0; *p != '\0' && n < columns; p = g_utf8_next_char (p))
    if (!g_unichar_iszerowidth (g_utf8_get_char (p)))
      n++;
  while (*p != '\0' && g_unichar_iszerowidth (g_utf8_get_char (p)))
    p = g_utf8_next_char (p);
  return p - text;
}

/* Word wrap to @columns; a word longer than a line is split. The first
 * line keeps its indent (quantities sit under their product's name). */
static GPtrArray *
wrap_text (const char *text,
           guint       columns)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  const char *rest = text;

  do
    {
      gsize cut;

      if (text_width (rest) <= columns)
        {
          g_ptr_array_add (lines, g_strdup (rest));
          break;
        }
      cut = offset_of_column (rest, columns);
      /* Break at the last space that fits, if there is one. */
      for (gsize i = cut; i > 0; i--)
        if (rest[i] == ' ' && rest[i - 1] != ' ')
          {
            cut = i;
            break;
          }
      g_ptr_array_add (lines, g_strchomp (g_strndup (rest, cut)));
      rest += cut;
      while (*rest == ' ')
        rest++;
    }
  while (*rest != '\0');
  return lines;
}

static char *
pad_line (const char *text,
          RowAlign    align,
          guint       columns)
{
  guint width = text_width (text);
  guint gap = width < columns ? columns - width : 0;
  guint before = align == ALIGN_CENTER ? gap / 2 : align == ALIGN_RIGHT ? gap : 0;
  g_autofree char *spaces = g_strnfill (before, ' ');

  return g_strconcat (spaces, text, NULL);
}

/* The lines of @row in text mode; NULL for a QR code. */
static GPtrArray *
row_text_lines (const Row *row,
                guint      columns)
{
  GPtrArray *lines;

  switch (row->kind)
    {
    case ROW_TEXT:
      lines = wrap_text (row->left, columns);
      for (guint i = 0; i < lines->len; i++)
        {
          char *padded = pad_line (g_ptr_array_index (lines, i), row->align, columns);

          g_free (g_ptr_array_index (lines, i));
          g_ptr_array_index (lines, i) = padded;
        }
      return lines;
    case ROW_PAIR:
      {
        guint right = text_width (row->right);
        guint room = columns > right + 1 ? columns - right - 1 : 1;
        char **last;
        g_autofree char *spaces = NULL;

        lines = wrap_text (row->left, room);
        /* The amount goes on the last line of the label, right aligned. */
        last = (char **) &g_ptr_array_index (lines, lines->len - 1);
        spaces = g_strnfill (MAX ((int) columns - (int) text_width (*last) - (int) right, 1), ' ');
        {
          char *joined = g_strconcat (*last, spaces, row->right, NULL);

          g_free (*last);
          *last = joined;
        }
        return lines;
      }
    case ROW_RULE:
      lines = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (lines, g_strnfill (columns, '-'));
      return lines;
    case ROW_SPACE:
      lines = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (lines, g_strdup (""));
      return lines;
    case ROW_QR:
    default:
      return NULL;
    }
}

char *
ocop_receipt_to_text (OcopReceipt *self)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (OCOP_IS_RECEIPT (self), NULL);

  for (guint i = 0; i < self->rows->len; i++)
    {
      g_autoptr(GPtrArray) lines = row_text_lines (g_ptr_array_index (self->rows, i), self->columns);

      for (guint j = 0; lines != NULL && j < lines->len; j++)
        g_string_append_printf (out, "%s\n", (const char *) g_ptr_array_index (lines, j));
    }
  return g_string_free (out, FALSE);
}

/* Text mode only: one ASCII character for each character, so the columns
 * stay aligned. Vietnamese loses its marks ("Trà" → "Tra", "đ" → "d"),
 * which is how people write without a Vietnamese keyboard and is still
 * read correctly; the raster mode keeps them. */
static char *
fold_to_ascii (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gunichar decomposed[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];

      if (c < 0x80)
        g_string_append_c (out, (char) c);
      else if (g_unichar_iszerowidth (c))
        continue;
      else if (c == 0x0111 || c == 0x20AB)          /* đ, ₫ */
        g_string_append_c (out, 'd');
      else if (c == 0x0110)                         /* Đ */
        g_string_append_c (out, 'D');
      else if (c == 0x00D7)                         /* × */
        g_string_append_c (out, 'x');
      else if (c == 0x2013 || c == 0x2014)          /* – — */
        g_string_append_c (out, '-');
      else if (c == 0x00B7)                         /* · */
        g_string_append_c (out, '-');
      else if (g_unichar_fully_decompose (c, FALSE, decomposed, G_N_ELEMENTS (decomposed)) > 0 &&
               decomposed[0] < 0x80)
        g_string_append_c (out, (char) decomposed[0]);
      else
        g_string_append_c (out, '?');
    }
  return g_string_free (out, FALSE);
}

static gboolean
encode_text_row (OcopReceipt          *self,
                 OcopEscpos           *escpos,
                 const Row            *row,
                 OcopReceiptEncoding   encoding,
                 GError              **error)
{
  g_autoptr(GPtrArray) lines = row_text_lines (row, self->columns);
  gboolean bold = row->style == STYLE_BOLD || row->style == STYLE_TITLE;

  if (lines == NULL)
    {
      if (!(encoding & OCOP_RECEIPT_NATIVE_QR))
        return TRUE;
      ocop_escpos_set_align (escpos, OCOP_ESCPOS_ALIGN_CENTER);
      if (!ocop_escpos_qr (escpos, row->left, self->width >= OCOP_RECEIPT_WIDTH_80MM ? 6 : 4,
                           OCOP_ESCPOS_QR_EC_M, error) ||
          !ocop_escpos_text (escpos, "\n", error))
        return FALSE;
      ocop_escpos_set_align (escpos, OCOP_ESCPOS_ALIGN_LEFT);
      return TRUE;
    }
  if (bold)
    ocop_escpos_set_emphasis (escpos, TRUE);
  /* Titles in double height only: double width would halve the columns. */
  if (row->style == STYLE_TITLE && !ocop_escpos_set_char_size (escpos, 1, 2, error))
    return FALSE;
  for (guint i = 0; i < lines->len; i++)
    {
      g_autofree char *ascii = fold_to_ascii (g_ptr_array_index (lines, i));

      if (!ocop_escpos_text (escpos, ascii, error) || !ocop_escpos_text (escpos, "\n", error))
        return FALSE;
    }
  if (row->style == STYLE_TITLE && !ocop_escpos_set_char_size (escpos, 1, 1, error))
    return FALSE;
  if (bold)
    ocop_escpos_set_emphasis (escpos, FALSE);
  return TRUE;
}

static gboolean
encode_body (OcopReceipt          *self,
             OcopEscpos           *escpos,
             OcopReceiptEncoding   encoding,
             GError              **error)
{
  if (encoding & OCOP_RECEIPT_RASTER)
    {
      const OcopBitmap *bitmap = ocop_receipt_render (self, error);

      return bitmap != NULL && ocop_escpos_raster (escpos, bitmap, 0, error);
    }
  for (guint i = 0; i < self->rows->len; i++)
    if (!encode_text_row (self, escpos, g_ptr_array_index (self->rows, i), encoding, error))
      return FALSE;
  return TRUE;
}

GBytes *
ocop_receipt_to_escpos (OcopReceipt          *self,
                        OcopReceiptEncoding   encoding,
                        GError              **error)
{
  g_autoptr(OcopEscpos) escpos = ocop_escpos_new ();
  gboolean raster = (encoding & OCOP_RECEIPT_RASTER) != 0;
  gboolean text = (encoding & OCOP_RECEIPT_TEXT) != 0;

  g_return_val_if_fail (OCOP_IS_RECEIPT (self), NULL);

  if (raster == text || (raster && (encoding & OCOP_RECEIPT_NATIVE_QR)))
    {
      g_set_error_literal (error, OCOP_RECEIPT_ERROR, OCOP_RECEIPT_ERROR_ENCODING,
                           _("Print a receipt either as an image or as text (with or without a native QR code)"));
      return NULL;
    }
  ocop_escpos_initialize (escpos);
  /* The drawer opens first, so the cashier counts change while the
   * receipt prints. */
  if (self->drawer && !ocop_escpos_pulse_drawer (escpos, OCOP_ESCPOS_DRAWER_PIN_2, DRAWER_ON_MS, DRAWER_OFF_MS, error))
    return NULL;
  if (!encode_body (self, escpos, encoding, error))
    return NULL;
  /* Past the tear bar, or to the cutter, which sits above the head. */
  if (self->cut)
    {
      if (!ocop_escpos_cut (escpos, OCOP_ESCPOS_CUT_PARTIAL, CUT_FEED_DOTS, error))
        return NULL;
    }
  else if (!ocop_escpos_feed_lines (escpos, 4, error))
    return NULL;
  return ocop_escpos_get_bytes (escpos);
}
