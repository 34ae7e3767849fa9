/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-cmd-sale.c: `ocop sale add|void|refund|show|list` and `ocop
 * vietqr`: ringing up sales, reversing them, and how customers pay. */

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "ocop-code.h"
#include "ocop-commands.h"
#include "ocop-money.h"
#include "ocop-quantity.h"
#include "ocop-vietqr.h"

static void
print_sale (OcopStore *store,
            OcopSale  *sale)
{
  g_autofree char *when = ocop_store_format_time (store, ocop_sale_get_created_us (sale), "%d/%m/%Y %H:%M");
  g_autofree char *total = ocop_money_format (ocop_sale_get_total (sale));
  OcopSaleKind kind = ocop_sale_get_kind (sale);

  g_print ("%s #%" G_GINT64_FORMAT "  %s  %s  %s\n",
           kind == OCOP_SALE_KIND_SALE ? _("Sale") : kind == OCOP_SALE_KIND_VOID ? _("Void") : _("Refund"),
           ocop_sale_get_receipt_no (sale), when, ocop_sale_get_booth (sale), ocop_sale_get_uuid (sale));
  if (ocop_sale_get_ref_uuid (sale))
    g_print ("  %s %s — %s\n", _("Reverses"), ocop_sale_get_ref_uuid (sale), ocop_sale_get_reason (sale));
  if (ocop_sale_get_approver (sale))
    g_print ("  %s %s\n", _("Approved by"), ocop_sale_get_approver (sale));
  for (guint i = 0; i < ocop_sale_get_n_lines (sale); i++)
    {
      const OcopSaleLine *line = ocop_sale_get_line (sale, i);
      g_autofree char *price = ocop_money_format (line->unit_price);
      g_autofree char *amount = ocop_money_format (ocop_sale_line_total (line));

      g_autofree char *quantity = ocop_quantity_format (line->quantity, line->measured, line->unit);

      /* A weighed line's amount is rounded: "0,350 kg × 1.200.000 ₫/kg". */
      if (line->measured)
        g_print ("  %s\n    %s × %s/%s", line->name, quantity, price, line->unit);
      else
        g_print ("  %s\n    %s × %s", line->name, quantity, price);
      if (line->discount != 0)
        {
          g_autofree char *discount = ocop_money_format (-line->discount);
          g_print (" (%s %s)", _("discount"), discount);
        }
      g_print ("  = %s\n", amount);
    }
  if (ocop_sale_get_order_discount (sale) != 0)
    {
      g_autofree char *discount = ocop_money_format (-ocop_sale_get_order_discount (sale));
      g_print ("  %s %s\n", _("Order discount"), discount);
    }
  g_print ("  %s %s\n", _("Total"), total);
  for (guint i = 0; i < ocop_sale_get_n_payments (sale); i++)
    {
      const OcopPayment *payment = ocop_sale_get_payment (sale, i);
      g_autofree char *amount = ocop_money_format (payment->amount);

      g_print ("  %s %s", ocop_payment_method_label (payment->method), amount);
      if (payment->change > 0)
        {
          g_autofree char *tendered = ocop_money_format (payment->tendered);
          g_autofree char *change = ocop_money_format (payment->change);
          g_print (" (%s %s, %s %s)", _("tendered"), tendered, _("change"), change);
        }
      g_print ("\n");
    }
}

/* "8934567890124*3", "QN-CT-001*0,35", "QN-CT-001*350g" → product and
 * quantity: pieces, or thousandths of a measured product's unit
 * (ocop_quantity_parse). Codes are read as the till reads a scan
 * (ocop_code_scan): a misread is refused as such, and a weighed pack's
 * variable-measure code is that pack, whose weight no quantity may
 * change. */
static gboolean
resolve_item (OcopStore     *store,
              const char    *item,
              OcopCodeScan  *scan,
              gint64        *quantity,
              GError       **error)
{
  g_auto(GStrv) parts = g_strsplit (item, "*", 2);
  gboolean measured;

  if (!ocop_code_scan (store, parts[0], scan, error))
    return FALSE;
  if (scan->is_pack && parts[1] != NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("'%s': a weighed pack's code carries its weight; give the code alone"), item);
      return FALSE;
    }
  measured = ocop_product_is_measured (scan->product);
  *quantity = measured ? 1000 : 1;
  if (parts[1] != NULL &&
      !ocop_quantity_parse (parts[1], ocop_product_get_unit (scan->product), measured, quantity, error))
    {
      g_prefix_error (error, "'%s': ", item);
      return FALSE;
    }
  return TRUE;
}

/* Whole units of a measured product are exact (ocop_sale_add_product); a
 * weight is priced by the booth's rounding. */
static gboolean
add_item (OcopSale     *sale,
          OcopStore    *store,
          OcopProduct  *product,
          gint64        quantity,
          GError      **error)
{
  if (!ocop_product_is_measured (product))
    return ocop_sale_add_product (sale, product, quantity, error);
  if (quantity % 1000 == 0)
    return ocop_sale_add_product (sale, product, quantity / 1000, error);
  return ocop_sale_add_measured (sale, product, quantity, ocop_store_get_rounding (store), error);
}

/* "cash", "cash:200000", "cash:200.000đ", "transfer", "transfer:150000". */
static gboolean
add_payment_spec (OcopSale    *sale,
                  const char  *spec,
                  GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (spec, ":", 2);
  OcopPaymentMethod method = ocop_payment_method_from_string (parts[0]);
  gint64 value = -1;

  if (method == 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--pay '%s': the method must be cash, transfer or other"), spec);
      return FALSE;
    }
  if (parts[1] != NULL && !ocop_money_parse (parts[1], &value, error))
    {
      g_prefix_error (error, "--pay '%s': ", spec);
      return FALSE;
    }
  if (method == OCOP_PAYMENT_CASH)
    return ocop_sale_add_payment (sale, method, -1, MAX (value, 0), error);
  return ocop_sale_add_payment (sale, method, value, 0, error);
}

/* Prints a sale the store recorded for the command, which is then done. */
static int
print_sale_of (OcopTool *tool,
               OcopSale *sale)
{
  print_sale (tool->store, sale);
  return OCOP_TOOL_EXIT_OK;
}

static void
print_recorded (OcopSale *sale)
{
  g_autofree char *total = ocop_money_format (ocop_sale_get_total (sale));
  g_autofree char *change = ocop_money_format (ocop_sale_get_change (sale));

  g_print (_("Receipt #%" PRId64 "  sale %s  total %s"),
           ocop_sale_get_receipt_no (sale), ocop_sale_get_uuid (sale), total);
  if (ocop_sale_get_change (sale) > 0)
    g_print (_("  change %s"), change);
  g_print ("\n");
}

/* @items: the BARCODE[*QTY] arguments, NULL-terminated as GOption leaves
 * them. Every code is checked before anything is recorded: an unknown
 * barcode adds no sale at all. */
static gboolean
add_items (OcopSale    *sale,
           OcopStore   *store,
           char       **items,
           GError     **error)
{
  for (guint i = 0; items[i] != NULL; i++)
    {
      gint64 quantity;
      g_auto(OcopCodeScan) scan = { NULL };

      if (!resolve_item (store, items[i], &scan, &quantity, error))
        {
          g_prefix_error (error, _("no sale was recorded: "));
          return FALSE;
        }
      if (!(scan.is_pack ? ocop_code_scan_add_to (&scan, sale, error)
                         : add_item (sale, store, scan.product, quantity, error)))
        return FALSE;
    }
  return TRUE;
}

static gboolean
add_payments (OcopSale    *sale,
              char       **pays,
              GError     **error)
{
  for (guint i = 0; pays[i] != NULL; i++)
    if (!add_payment_spec (sale, pays[i], error))
      return FALSE;
  return TRUE;
}

int
ocop_cmd_sale_add (OcopTool *tool)
{
  g_auto(GStrv) pays = NULL;
  g_autofree char *cashier = NULL, *discount_text = NULL;
  const GOptionEntry entries[] = {
    { "pay", 'p', 0, G_OPTION_ARG_STRING_ARRAY, &pays,
      N_("cash[:TENDERED], transfer[:AMOUNT] or other[:AMOUNT]; repeat to split (the last one takes the rest)"), N_("METHOD") },
    { "discount", 'd', 0, G_OPTION_ARG_STRING, &discount_text, N_("Discount on the whole order, in VND"), N_("AMOUNT") },
    { "cashier", 'c', 0, G_OPTION_ARG_STRING, &cashier, N_("Who rang up the sale"), N_("NAME") },
    { NULL }
  };
  g_autoptr(OcopSale) sale = ocop_sale_new ();
  g_autoptr(OcopBooth) booth = NULL;
  GError *error = NULL;
  gint64 discount = 0;

  if (!ocop_tool_parse (tool, _("BARCODE[*QTY]…"), _("Ring up a sale and record it. Prints the receipt number and sale id."),
                        entries))
    return OCOP_TOOL_EXIT_USAGE;
  if (tool->argc < 2)
    return ocop_tool_usage_error (tool, _("give at least one barcode"));
  if (pays == NULL)
    return ocop_tool_usage_error (tool, _("say how the customer pays with --pay"));
  if (discount_text && !ocop_money_parse (discount_text, &discount, &error))
    return ocop_tool_fail (error);
  /* Only a device set up for a booth sells. */
  if (!ocop_tool_open_store (tool, &error) ||
      !(booth = ocop_store_get_current_booth (tool->store, &error)) ||
      !add_items (sale, tool->store, tool->argv + 1, &error))
    return ocop_tool_fail (error);
  ocop_sale_set_cashier (sale, cashier);
  if (!ocop_sale_set_order_discount (sale, discount, &error) ||
      !add_payments (sale, pays, &error) ||
      !ocop_store_commit_sale (tool->store, sale, &error))
    return ocop_tool_fail (error);
  print_recorded (sale);
  return OCOP_TOOL_EXIT_OK;
}

int
ocop_cmd_sale_void (OcopTool *tool)
{
  g_autofree char *reason = NULL, *cashier = NULL, *approver = NULL;
  const GOptionEntry entries[] = {
    { "reason", 'r', 0, G_OPTION_ARG_STRING, &reason, N_("Why the sale is voided"), N_("TEXT") },
    { "approver", 'a', 0, G_OPTION_ARG_STRING, &approver,
      N_("The supervisor who approves; their PIN is asked for, or read from standard input"), N_("NAME") },
    { "cashier", 'c', 0, G_OPTION_ARG_STRING, &cashier, N_("Who voids it (approves nothing)"), N_("NAME") },
    { NULL }
  };
  g_autoptr(OcopSale) reversal = NULL;
  g_autoptr(OcopApproval) approval = NULL;
  GError *error = NULL;

  if (!ocop_tool_parse (tool, _("SALE"), _("Void a whole sale of a day still open (SALE is #RECEIPT or the sale id)."),
                        entries) ||
      !ocop_tool_check_sale_argument (tool))
    return OCOP_TOOL_EXIT_USAGE;
  if (!ocop_tool_open_store (tool, &error) ||
      !ocop_store_check_reason (OCOP_SALE_KIND_VOID, reason, &error) ||
      !(approval = ocop_tool_approve (tool, approver, &error)) ||
      !(reversal = ocop_store_void_sale (tool->store, tool->argv[1], reason, cashier, approval, &error)))
    return ocop_tool_fail (error);
  return print_sale_of (tool, reversal);
}

/* --qty read in the unit of @sku's line in sale @ref: pieces, or a weight
 * ("0,1", "100 g") as thousandths of the unit it was weighed in. */
static gboolean
refund_quantity (OcopStore   *store,
                 const char  *ref,
                 const char  *sku,
                 const char  *text,
                 gint64      *quantity,
                 GError     **error)
{
  g_autoptr(OcopSale) sale = NULL;

  if (sku == NULL)
    return TRUE;
  if (!(sale = ocop_store_load_sale (store, ref, error)))
    return FALSE;
  for (guint i = 0; i < ocop_sale_get_n_lines (sale); i++)
    {
      const OcopSaleLine *line = ocop_sale_get_line (sale, i);

      if (g_strcmp0 (line->sku, sku) != 0)
        continue;
      /* One gram is never what a cashier means by leaving it out. */
      if (text == NULL && line->measured)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--qty: %s was weighed; say what weight to refund (0,1 or 100 g)"), sku);
          return FALSE;
        }
      if (text == NULL)
        return TRUE;
      if (ocop_quantity_parse (text, line->unit, line->measured, quantity, error))
        return TRUE;
      g_prefix_error (error, "--qty: ");
      return FALSE;
    }
  /* Not on the sale: the store says so. */
  return text == NULL || ocop_quantity_parse (text, NULL, FALSE, quantity, error);
}

int
ocop_cmd_sale_refund (OcopTool *tool)
{
  g_autofree char *reason = NULL, *cashier = NULL, *approver = NULL, *sku = NULL, *method_text = NULL;
  g_autofree char *quantity_text = NULL;
  gint64 quantity = 1;
  const GOptionEntry entries[] = {
    { "sku", 0, 0, G_OPTION_ARG_STRING, &sku, N_("Refund only this product (default: all that is left)"), N_("SKU") },
    { "qty", 0, 0, G_OPTION_ARG_STRING, &quantity_text,
      N_("How many units of --sku, or what weight of a weighed line (0,1 or 100 g)"), "N" },
    { "method", 'm', 0, G_OPTION_ARG_STRING, &method_text, N_("Pay back by cash (default) or transfer"), N_("METHOD") },
    { "reason", 'r', 0, G_OPTION_ARG_STRING, &reason, N_("Why"), N_("TEXT") },
    { "approver", 'a', 0, G_OPTION_ARG_STRING, &approver,
      N_("The supervisor who approves; their PIN is asked for, or read from standard input"), N_("NAME") },
    { "cashier", 'c', 0, G_OPTION_ARG_STRING, &cashier, N_("Who refunds (approves nothing)"), N_("NAME") },
    { NULL }
  };
  g_autoptr(OcopSale) refund = NULL;
  g_autoptr(OcopApproval) approval = NULL;
  OcopPaymentMethod method = OCOP_PAYMENT_CASH;
  GError *error = NULL;

  if (!ocop_tool_parse (tool, _("SALE"), _("Refund all or part of a sale."), entries) ||
      !ocop_tool_check_sale_argument (tool))
    return OCOP_TOOL_EXIT_USAGE;
  if (method_text && !(method = ocop_payment_method_from_string (method_text)))
    return ocop_tool_usage_error (tool, _("--method must be cash, transfer or other"));
  if (!ocop_tool_open_store (tool, &error) ||
      !ocop_store_check_reason (OCOP_SALE_KIND_REFUND, reason, &error) ||
      !refund_quantity (tool->store, tool->argv[1], sku, quantity_text, &quantity, &error) ||
      !(approval = ocop_tool_approve (tool, approver, &error)) ||
      !(refund = ocop_store_refund_sale (tool->store, tool->argv[1], sku, quantity, method, reason, cashier, approval,
                                         &error)))
    return ocop_tool_fail (error);
  return print_sale_of (tool, refund);
}

int
ocop_cmd_sale_show (OcopTool *tool)
{
  g_autoptr(OcopSale) sale = NULL;
  GError *error = NULL;

  if (!ocop_tool_parse (tool, _("SALE"), _("Show a sale (#RECEIPT or sale id)."), NULL) ||
      !ocop_tool_check_sale_argument (tool))
    return OCOP_TOOL_EXIT_USAGE;
  if (!(sale = ocop_tool_load_sale (tool, tool->argv[1], &error)))
    return ocop_tool_fail (error);
  return print_sale_of (tool, sale);
}

int
ocop_cmd_sale_list (OcopTool *tool)
{
  int status;
  g_autoptr(GPtrArray) sales = NULL;
  GError *error = NULL;

  status = ocop_tool_parse_shared (tool, OCOP_TOOL_DAY, _("List the day's sales, voids and refunds."), NULL);
  if (status != OCOP_TOOL_EXIT_OK)
    return status;
  if (!(sales = ocop_store_list_sales (tool->store, tool->day, &error)))
    return ocop_tool_fail (error);
  for (guint i = 0; i < sales->len; i++)
    print_sale (tool->store, sales->pdata[i]);
  return OCOP_TOOL_EXIT_OK;
}

int
ocop_cmd_vietqr (OcopTool *tool)
{
  g_autofree char *bin = NULL, *account = NULL, *amount_text = NULL, *note = NULL;
  const GOptionEntry entries[] = {
    { "bin", 0, 0, G_OPTION_ARG_STRING, &bin, N_("The bank's NAPAS BIN (6 digits)"), "BIN" },
    { "account", 0, 0, G_OPTION_ARG_STRING, &account, N_("The account that receives the transfer"), N_("NUMBER") },
    { "amount", 0, 0, G_OPTION_ARG_STRING, &amount_text, N_("Amount in VND (omit for a reusable code)"), N_("VND") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("Transfer content, such as the receipt number"), N_("TEXT") },
    { NULL }
  };
  g_autofree char *payload = NULL;
  GError *error = NULL;
  gint64 amount = 0;

  if (!ocop_tool_parse (tool, "", _("Print the VietQR payload for a bank transfer (encode it as a QR code to show customers)."),
                        entries))
    return OCOP_TOOL_EXIT_USAGE;
  if (bin == NULL || account == NULL)
    return ocop_tool_usage_error (tool, _("--bin and --account are required"));
  if ((amount_text != NULL && !ocop_money_parse (amount_text, &amount, &error)) ||
      !(payload = ocop_vietqr_payload (bin, account, amount, note, &error)))
    return ocop_tool_fail (error);
  g_print ("%s\n", payload);
  return OCOP_TOOL_EXIT_OK;
}
