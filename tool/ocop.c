/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop.c: the `ocop` command: everything a booth does in a fair day, from
 * the command line, over the same core library as the till. */

#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "ocop-catalog.h"
#include "ocop-demo.h"
#include "ocop-label.h"
#include "ocop-locality.h"
#include "ocop-money.h"
#include "ocop-test-page.h"
#include "ocop-print-queue.h"
#include "ocop-printer-monitor.h"
#include "ocop-receipt.h"
#include "ocop-report.h"
#include "ocop-store.h"
#include "ocop-store-outbox.h"
#include "ocop-sync-client.h"
#include "ocop-text.h"
#include "ocop-vietqr.h"

typedef struct {
  const char *db_path;
} Globals;

typedef int (*CommandFunc) (Globals *globals, int argc, char **argv);

typedef struct {
  const char  *group;     /* NULL for a top-level command */
  const char  *name;
  CommandFunc  run;
  const char  *summary;
} Command;

static int
fail (GError *error)
{
  g_printerr ("ocop: %s\n", error->message);
  g_error_free (error);
  return 1;
}

static int
usage_error (GOptionContext *context,
             const char     *message)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

  g_printerr ("ocop: %s\n\n%s", message, help);
  return 2;
}

/* Parses @entries; on --help GLib prints and exits 0, on a bad option this
 * prints a one-line error and returns FALSE. */
static gboolean
parse_options (GOptionContext *context,
               int            *argc,
               char         ***argv)
{
  g_autoptr(GError) error = NULL;

  if (g_option_context_parse (context, argc, argv, &error))
    return TRUE;
  g_printerr ("ocop: %s\n", error->message);
  return FALSE;
}

static GOptionContext *
command_context (const char         *parameters,
                 const char         *summary,
                 const GOptionEntry *entries)
{
  GOptionContext *context = g_option_context_new (parameters);

  g_option_context_set_summary (context, summary);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  return context;
}

/* Opens the store; commands that need a booth ask for it themselves. */
static OcopStore *
open_store (Globals  *globals,
            GError  **error)
{
  g_autofree char *path = globals->db_path ? g_strdup (globals->db_path) : ocop_store_default_path ();
  OcopStore *store = ocop_store_open (path, error);
  const char *now = g_getenv ("OCOP_NOW");

  /* OCOP_NOW replays a fair at a chosen time (demos, tests, training). */
  if (store != NULL && now != NULL && *now != '\0')
    {
      g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (now, NULL);

      if (at == NULL)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("OCOP_NOW='%s' is not an ISO 8601 time such as 2024-12-11T09:30:00+07:00"), now);
          g_object_unref (store);
          return NULL;
        }
      ocop_store_set_clock (store, g_date_time_to_unix (at) * G_USEC_PER_SEC + g_date_time_get_microsecond (at));
    }
  return store;
}

static gboolean
check_date (const char  *date,
            GError     **error)
{
  g_autofree char *iso = date ? g_strconcat (date, "T12:00:00Z", NULL) : NULL;
  g_autoptr(GDateTime) parsed = iso ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;

  if (date == NULL || (parsed != NULL && strlen (date) == 10))
    return TRUE;
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("'%s' is not a date in the form YYYY-MM-DD"), date);
  return FALSE;
}

/* ---- init and demo ---- */

static int
cmd_init (Globals  *globals,
          int       argc,
          char    **argv)
{
  g_autofree char *fair_name = NULL, *venue = NULL, *starts = NULL, *ends = NULL;
  g_autofree char *booth_code = NULL, *booth_name = NULL, *locality = NULL;
  const GOptionEntry entries[] = {
    { "fair", 0, 0, G_OPTION_ARG_STRING, &fair_name, N_("The fair's name"), N_("NAME") },
    { "venue", 0, 0, G_OPTION_ARG_STRING, &venue, N_("Where it is held"), N_("PLACE") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &starts, N_("First day"), N_("YYYY-MM-DD") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &ends, N_("Last day"), N_("YYYY-MM-DD") },
    { "booth", 0, 0, G_OPTION_ARG_STRING, &booth_code, N_("This device's booth code"), N_("CODE") },
    { "booth-name", 0, 0, G_OPTION_ARG_STRING, &booth_name, N_("The booth's name"), N_("NAME") },
    { "locality", 0, 0, G_OPTION_ARG_STRING, &locality, N_("The booth's locality"), N_("PLACE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = command_context ("", _("Set up this device for a fair and a booth."), entries);
  g_autoptr(OcopStore) store = NULL;
  GError *error = NULL;
  gboolean in_province = TRUE;
  const char *canonical = NULL;

  if (!parse_options (context, &argc, &argv))
    return 2;
  if (fair_name == NULL || booth_code == NULL)
    return usage_error (context, _("--fair and --booth are required"));
  if (!check_date (starts, &error) || !check_date (ends, &error))
    return fail (error);
  if (locality != NULL && !(canonical = ocop_locality_canonical (locality, &in_province)))
    return usage_error (context, _("--locality must be one of Quảng Ninh's 13 localities or a province"));

  {
    OcopFair fair = { fair_name, venue, starts, ends, (char *) OCOP_FAIR_TIME_ZONE };
    OcopBooth booth = { booth_code, booth_name ? booth_name : booth_code, (char *) canonical, in_province };

    if (!(store = open_store (globals, &error)) ||
        !ocop_store_set_fair (store, &fair, &error) ||
        !ocop_store_add_booth (store, &booth, &error) ||
        !ocop_store_set_current_booth (store, booth_code, &error))
      return fail (error);
  }
  g_print (_("This device now sells for booth %s at %s (%s).\n"),
           booth_code, fair_name, ocop_store_get_path (store));
  return 0;
}

static int
cmd_demo (Globals  *globals,
          int       argc,
          char    **argv)
{
  g_autoptr(GOptionContext) context =
    command_context ("", _("Create the demo fair (Hội chợ OCOP Quảng Ninh) with its booths and real OCOP products."), NULL);
  g_autoptr(OcopStore) store = NULL;
  g_autoptr(OcopFair) fair = NULL;
  g_autoptr(OcopBooth) booth = NULL;
  GError *error = NULL;
  guint n_products = 0;

  if (!parse_options (context, &argc, &argv))
    return 2;
  if (!(store = open_store (globals, &error)) ||
      !ocop_demo_create (store, &n_products, &error) ||
      !(fair = ocop_store_get_fair (store, &error)) ||
      !(booth = ocop_store_get_current_booth (store, &error)))
    return fail (error);
  g_print (_("Demo fair ready: %s, %s; this device is booth %s (%s) with %u products.\n"),
           fair->name, fair->venue, booth->code, booth->name, n_products);
  g_print (_("Store: %s\n"), ocop_store_get_path (store));
  return 0;
}

/* ---- catalog ---- */

static void
print_product (OcopProduct *product)
{
  const OcopProductInfo *info = ocop_product_get_info (product);
  g_autofree char *price = ocop_money_format (info->price_vnd);
  g_autofree char *stars = info->stars ? g_strdup_printf ("%d★", info->stars) : g_strdup ("");

  g_print ("%-12s %-14s %s — %s (%s) %s  %s/%s\n",
           info->sku, info->barcode ? info->barcode : "-", info->name, info->producer,
           info->locality, stars, price, info->unit);
}

static int
cmd_catalog_import (Globals  *globals,
                    int       argc,
                    char    **argv)
{
  g_autoptr(GOptionContext) context =
    command_context (_("FILE"), _("Import or update products from a catalog CSV with the header of the "
                                  "organizers' template. A file with any error imports nothing."), NULL);
  g_autoptr(OcopStore) store = NULL;
  g_autoptr(GPtrArray) products = NULL;
  GError *error = NULL;

  if (!parse_options (context, &argc, &argv))
    return 2;
  if (argc != 2)
    return usage_error (context, _("give one catalog file"));
  if (!(products = ocop_catalog_parse_file (argv[1], &error)) ||
      !(store = open_store (globals, &error)) ||
      !ocop_store_import_products (store, products, &error))
    return fail (error);
  g_print (_("Imported %u products from %s (catalog version %" PRId64 ").\n"),
           products->len, argv[1], ocop_store_get_catalog_version (store));
  return 0;
}

static int
cmd_catalog_search (Globals  *globals,
                    int       argc,
                    char    **argv)
{
  int limit = 20;
  const GOptionEntry entries[] = {
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, N_("Show at most N products"), "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    command_context (_("TEXT…"), _("Search products by name, producer, locality or category; accents and case do not matter."), entries);
  g_autoptr(OcopStore) store = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *text = NULL;
  GError *error = NULL;

  if (!parse_options (context, &argc, &argv))
    return 2;
  if (argc < 2)
    return usage_error (context, _("give the text to search for"));
  text = g_strjoinv (" ", argv + 1);
  if (!(store = open_store (globals, &error)) ||
      !(found = ocop_store_search (store, text, MAX (limit, 1), &error)))
    return fail (error);
  for (guint i = 0; i < found->len; i++)
    print_product (found->pdata[i]);
  if (found->len == 0)
    g_print (_("No product matches “%s”.\n"), text);
  return 0;
}

static int
cmd_catalog_list (Globals  *globals,
                  int       argc,
                  char    **argv)
{
  g_autoptr(GOptionContext) context = command_context ("", _("List every product, by category."), NULL);
  g_autoptr(OcopStore) store = NULL;
  g_autoptr(GPtrArray) products = NULL;
  GError *error = NULL;

  if (!parse_options (context, &argc, &argv))
    return 2;
  if (!(store = open_store (globals, &error)) ||
      !(products = ocop_store_list_products (store, &error)))
    return fail (error);
  for (guint i = 0; i < products->len; i++)
    print_product (products->pdata[i]);
  return 0;
}

/* ---- sales ---- */

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
  for (guint i = 0; i < ocop_sale_get_n_lines (sale); i++)
    {
      const OcopSaleLine *line = ocop_sale_get_line (sale, i);
      g_autofree char *price = ocop_money_format (line->unit_price);
      g_autofree char *amount = ocop_money_format (ocop_sale_line_total (line));

      g_print ("  %s\n    %" G_GINT64_FORMAT " %s × %s", line->name, line->quantity, line->unit, price);
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

/* "8934567890124*3" → product and quantity. Codes are looked up as a
 * barcode first, then as a sku, for products that have no barcode. */
static OcopProduct *
resolve_item (OcopStore   *store,
              const char  *item,
              gint64      *quantity,
              GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (item, "*", 2);
  OcopProduct *product;
  GError *barcode_error = NULL;

  *quantity = 1;
  if (parts[1] != NULL)
    {
      char *end = NULL;

      *quantity = g_ascii_strtoll (parts[1], &end, 10);
      if (end == parts[1] || *end != '\0' || *quantity < 1 || *quantity > OCOP_SALE_MAX_QUANTITY)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("'%s': the quantity after '*' must be a whole number from 1 to %d"),
                       item, OCOP_SALE_MAX_QUANTITY);
          return NULL;
        }
    }
  product = ocop_store_find_barcode (store, parts[0], &barcode_error);
  if (product == NULL && g_error_matches (barcode_error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_UNKNOWN_BARCODE))
    product = ocop_store_find_sku (store, parts[0], NULL);
  if (product == NULL)
    {
      g_propagate_error (error, barcode_error);
      return NULL;
    }
  g_clear_error (&barcode_error);
  return product;
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

static int
cmd_sale_add (Globals  *globals,
              int       argc,
              char    **argv)
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
  g_autoptr(GOptionContext) context =
    command_context (_("BARCODE[*QTY]…"), _("Ring up a sale and record it. Prints the receipt number and sale id."), entries);
  g_autoptr(OcopStore) store = NULL;
  g_autoptr(OcopSale) sale = ocop_sale_new ();
  g_autoptr(OcopBooth) booth = NULL;
  GError *error = NULL;
  gint64 discount = 0;

  if (!parse_options (context, &argc, &argv))
    return 2;
  if (argc < 2)
    return usage_error (context, _("give at least one barcode"));
  if (pays == NULL)
    return usage_error (context, _("say how the customer pays with --pay"));
  if (discount_text && !ocop_money_parse (discount_text, &discount, &error))
    return fail (error);
  if (!(store = open_store (globals, &error)) ||
      !(booth = ocop_store_get_current_booth (store, &error)))
    return fail (error);

  /* Every code is checked before anything is recorded: an unknown barcode
   * adds no sale at all. */
  for (int i = 1; i < argc; i++)
    {
      gint64 quantity;
      g_autoptr(OcopProduct) product = resolve_item (store, argv[i], &quantity, &error);

      if (product == NULL)
        {
          g_prefix_error (&error, _("no sale was recorded: "));
          return fail (error);
        }
      if (!ocop_sale_add_product (sale, product, quantity, &error))
        return fail (error);
    }
  ocop_sale_set_cashier (sale, cashier);
  if (!ocop_sale_set_order_discount (sale, discount, &error))
    return fail (error);
  for (guint i = 0; pays[i] != NULL; i++)
    if (!add_payment_spec (sale, pays[i], &error))
      return fail (error);
  if (!ocop_store_commit_sale (store, sale, &error))
    return fail (error);

  {
    g_autofree char *total = ocop_money_format (ocop_sale_get_total (sale));
    g_autofree char *change = ocop_money_format (ocop_sale_get_change (sale));

    g_print (_("Receipt #%" PRId64 "  sale %s  total %s"),
             ocop_sale_get_receipt_no (sale), ocop_sale_get_uuid (sale), total);
    if (ocop_sale_get_change (sale) > 0)
      g_print (_("  change %s"), change);
    g_print ("\n");
  }
  return 0;
}

static int
cmd_sale_void (Globals  *globals,
               int       argc,
               char    **argv)
{
  g_autofree char *reason = NULL, *cashier = NULL;
  const GOptionEntry entries[] = {
    { "reason", 'r', 0, G_OPTION_ARG_STRING, &reason, N_("Why the sale is voided"), N_("TEXT") },
    { "cashier", 'c', 0, G_OPTION_ARG_STRING, &cashier, N_("Who voids it"), N_("NAME") },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    command_context (_("SALE"), _("Void a whole sale of a day still open (SALE is #RECEIPT or the sale id)."), entries);
  g_autoptr(OcopStore) store = NULL;
  g_autoptr(OcopSale) reversal = NULL;
  GError *error = NULL;

  if (!parse_options (context, &argc, &argv))
    return 2;
  if (argc != 2)
    return usage_error (context, _("give one sale"));
  if (!(store = open_store (globals, &error)) ||
      !(reversal = ocop_store_void_sale (store, argv[1], reason, cashier, &error)))
    return fail (error);
  print_sale (store, reversal);
  return 0;
}

static int
cmd_sale_refund (Globals  *globals,
                 int       argc,
                 char    **argv)
{
  g_autofree char *reason = NULL, *cashier = NULL, *sku = NULL, *method_text = NULL;
  int quantity = 1;
  const GOptionEntry entries[] = {
    { "sku", 0, 0, G_OPTION_ARG_STRING, &sku, N_("Refund only this product (default: all that is left)"), N_("SKU") },
    { "qty", 0, 0, G_OPTION_ARG_INT, &quantity, N_("How many units of --sku"), "N" },
    { "method", 'm', 0, G_OPTION_ARG_STRING, &method_text, N_("Pay back by cash (default) or transfer"), N_("METHOD") },
    { "reason", 'r', 0, G_OPTION_ARG_STRING, &reason, N_("Why"), N_("TEXT") },
    { "cashier", 'c', 0, G_OPTION_ARG_STRING, &cashier, N_("Who refunds"), N_("NAME") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = command_context (_("SALE"), _("Refund all or part of a sale."), entries);
  g_autoptr(OcopStore) store = NULL;
  g_autoptr(OcopSale) refund = NULL;
  OcopPaymentMethod method = OCOP_PAYMENT_CASH;
  GError *error = NULL;

  if (!parse_options (context, &argc, &argv))
    return 2;
  if (argc != 2)
    return usage_error (context, _("give one sale"));
  if (method_text && !(method = ocop_payment_method_from_string (method_text)))
    return usage_error (context, _("--method must be cash, transfer or other"));
  if (!(store = open_store (globals, &error)) ||
      !(refund = ocop_store_refund_sale (store, argv[1], sku, quantity, method, reason, cashier, &error)))
    return fail (error);
  print_sale (store, refund);
  return 0;
}

static int
cmd_sale_show (Globals  *globals,
               int       argc,
               char    **argv)
{
  g_autoptr(GOptionContext) context = command_context (_("SALE"), _("Show a sale (#RECEIPT or sale id)."), NULL);
  g_autoptr(OcopStore) store = NULL;
  g_autoptr(OcopSale) sale = NULL;
  GError *error = NULL;

  if (!parse_options (context, &argc, &argv))
    return 2;
  if (argc != 2)
    return usage_error (context, _("give one sale"));
  if (!(store = open_store (globals, &error)) ||
      !(sale = ocop_store_load_sale (store, argv[1], &error)))
    return fail (error);
  print_sale (store, sale);
  return 0;
}

static int
cmd_sale_list (Globals  *globals,
               int       argc,
               char    **argv)
{
  g_autofree char *date = NULL;
  const GOptionEntry entries[] = {
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("Business day (default: today)"), N_("YYYY-MM-DD") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = command_context ("", _("List the day's sales, voids and refunds."), entries);
  g_autoptr(OcopStore) store = NULL;
  g_autoptr(GPtrArray) sales = NULL;
  GError *error = NULL;

  if (!parse_options (context, &argc, &argv))
    return 2;
  if (!check_date (date, &error) || !(store = open_store (globals, &error)))
    return fail (error);
  if (date == NULL)
    date = ocop_store_business_day_of (store, ocop_store_now_us (store));
  if (!(sales = ocop_store_list_sales (store, date, &error)))
    return fail (error);
  for (guint i = 0; i < sales->len; i++)
    print_sale (store, sales->pdata[i]);
  return 0;
}

/* ---- days and reports ---- */

static int
cmd_day_open (Globals  *globals,
              int       argc,
              char    **argv)
{
  g_autoptr(GOptionContext) context = command_context ("", _("Open today's business day for this booth."), NULL);
  g_autoptr(OcopStore) store = NULL;
  g_autofree char *day = NULL;
  GError *error = NULL;

  if (!parse_options (context, &argc, &argv))
    return 2;
  if (!(store = open_store (globals, &error)) || !(day = ocop_store_open_day (store, &error)))
    return fail (error);
  g_print (_("Business day %s is open.\n"), day);
  return 0;
}

static int
print_z (const char *json)
{
  GError *error = NULL;
  g_autoptr(OcopDayReport) report = ocop_day_report_from_json (json, &error);
  g_autofree char *text = NULL;

  if (report == NULL)
    return fail (error);
  text = ocop_day_report_to_text (report, TRUE);
  g_print ("%s", text);
  return 0;
}

static int
cmd_day_close (Globals  *globals,
               int       argc,
               char    **argv)
{
  g_autofree char *date = NULL;
  const GOptionEntry entries[] = {
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("Business day (default: today)"), N_("YYYY-MM-DD") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = command_context ("", _("Close the business day and print its Z report."), entries);
  g_autoptr(OcopStore) store = NULL;
  g_autofree char *json = NULL;
  GError *error = NULL;

  if (!parse_options (context, &argc, &argv))
    return 2;
  if (!check_date (date, &error) ||
      !(store = open_store (globals, &error)) ||
      !(json = ocop_store_close_day (store, date, &error)))
    return fail (error);
  return print_z (json);
}

static int
cmd_day_z (Globals  *globals,
           int       argc,
           char    **argv)
{
  g_autofree char *date = NULL;
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("Business day (default: today)"), N_("YYYY-MM-DD") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = command_context ("", _("Reprint the stored Z report of a closed day."), entries);
  g_autoptr(OcopStore) store = NULL;
  g_autofree char *json = NULL;
  GError *error = NULL;

  if (!parse_options (context, &argc, &argv))
    return 2;
  if (!check_date (date, &error) || !(store = open_store (globals, &error)))
    return fail (error);
  if (date == NULL)
    date = ocop_store_business_day_of (store, ocop_store_now_us (store));
  if (!(json = ocop_store_get_z_report (store, date, &error)))
    return fail (error);
  if (as_json)
    {
      g_print ("%s\n", json);
      return 0;
    }
  return print_z (json);
}

static int
cmd_report_day (Globals  *globals,
                int       argc,
                char    **argv)
{
  g_autofree char *date = NULL, *booth = NULL;
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("Business day (default: today)"), N_("YYYY-MM-DD") },
    { "booth", 0, 0, G_OPTION_ARG_STRING, &booth, N_("Booth (default: this device's)"), N_("CODE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    command_context ("", _("Sales, revenue, voids and refunds of a day, by payment method, product and hour."), entries);
  g_autoptr(OcopStore) store = NULL;
  g_autoptr(OcopDayReport) report = NULL;
  g_autofree char *text = NULL;
  GError *error = NULL;

  if (!parse_options (context, &argc, &argv))
    return 2;
  if (!check_date (date, &error) ||
      !(store = open_store (globals, &error)) ||
      !(report = ocop_report_day (store, booth, date, &error)))
    return fail (error);
  text = as_json ? ocop_day_report_to_json (report) : ocop_day_report_to_text (report, FALSE);
  g_print ("%s%s", text, as_json ? "\n" : "");
  return 0;
}

static int
cmd_report_fair (Globals  *globals,
                 int       argc,
                 char    **argv)
{
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    command_context ("", _("Totals of every booth and day in this store, with visitors."), entries);
  g_autoptr(OcopStore) store = NULL;
  g_autoptr(OcopFairReport) report = NULL;
  g_autofree char *text = NULL;
  GError *error = NULL;

  if (!parse_options (context, &argc, &argv))
    return 2;
  if (!(store = open_store (globals, &error)) || !(report = ocop_report_fair (store, &error)))
    return fail (error);
  text = as_json ? ocop_fair_report_to_json (report) : ocop_fair_report_to_text (report);
  g_print ("%s%s", text, as_json ? "\n" : "");
  return 0;
}

static int
cmd_visitors_add (Globals  *globals,
                  int       argc,
                  char    **argv)
{
  g_autofree char *gate = NULL, *reason = NULL;
  const GOptionEntry entries[] = {
    { "gate", 'g', 0, G_OPTION_ARG_STRING, &gate, N_("Which gate counted them"), N_("NAME") },
    { "reason", 'r', 0, G_OPTION_ARG_STRING, &reason, N_("Why, for a negative correction"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = command_context (_("COUNT"), _("Record visitors counted at a gate."), entries);
  g_autoptr(OcopStore) store = NULL;
  GError *error = NULL;
  gint64 count;
  char *end = NULL;

  if (!parse_options (context, &argc, &argv))
    return 2;
  if (argc != 2 || gate == NULL)
    return usage_error (context, _("give a COUNT and --gate"));
  count = g_ascii_strtoll (argv[1], &end, 10);
  if (end == argv[1] || *end != '\0')
    return usage_error (context, _("COUNT must be a whole number"));
  if (!(store = open_store (globals, &error)) ||
      !ocop_store_add_visitors (store, gate, count, reason, &error))
    return fail (error);
  g_print (_("Recorded %" PRId64 " visitors at %s.\n"), count, gate);
  return 0;
}

static int
cmd_vietqr (Globals  *globals,
            int       argc,
            char    **argv)
{
  g_autofree char *bin = NULL, *account = NULL, *amount_text = NULL, *note = NULL;
  const GOptionEntry entries[] = {
    { "bin", 0, 0, G_OPTION_ARG_STRING, &bin, N_("The bank's NAPAS BIN (6 digits)"), "BIN" },
    { "account", 0, 0, G_OPTION_ARG_STRING, &account, N_("The account that receives the transfer"), N_("NUMBER") },
    { "amount", 0, 0, G_OPTION_ARG_STRING, &amount_text, N_("Amount in VND (omit for a reusable code)"), N_("VND") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("Transfer content, such as the receipt number"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    command_context ("", _("Print the VietQR payload for a bank transfer (encode it as a QR code to show customers)."), entries);
  g_autofree char *payload = NULL;
  GError *error = NULL;
  gint64 amount = 0;

  if (!parse_options (context, &argc, &argv))
    return 2;
  if (bin == NULL || account == NULL)
    return usage_error (context, _("--bin and --account are required"));
  if (amount_text != NULL && !ocop_money_parse (amount_text, &amount, &error))
    return fail (error);
  if (!(payload = ocop_vietqr_payload (bin, account, amount, note, &error)))
    return fail (error);
  g_print ("%s\n", payload);
  return 0;
}

/* ---- printing ---- */

/* Hands @bytes to the printer named by @uri: one job, then released. */
static gboolean
send_to_printer (const char  *uri,
                 GBytes      *bytes,
                 GError     **error)
{
  g_autoptr(OcopPrinter) printer = ocop_printer_new_for_uri (uri, error);
  gboolean written;

  if (printer == NULL)
    return FALSE;
  written = ocop_printer_write (printer, bytes, NULL, error);
  if (!written)
    {
      ocop_printer_close (printer, NULL);
      return FALSE;
    }
  return ocop_printer_close (printer, error);
}

/* ---- receipts ---- */

/* The format --out's name implies, for a command line that gives none. */
static const char *
format_of_path (const char *path)
{
  if (path != NULL && g_str_has_suffix (path, ".png"))
    return "png";
  if (path != NULL && (g_str_has_suffix (path, ".bin") || g_str_has_suffix (path, ".escpos") ||
                       g_str_has_suffix (path, ".prn")))
    return "escpos";
  return "txt";
}

static gboolean
write_receipt_output (GBytes      *bytes,
                      const char  *out,
                      GError     **error)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  /* Written beside the target and renamed over it: never half a file. */
  if (out != NULL)
    return g_file_set_contents_full (out, data, size, G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
  if (fwrite (data, 1, size, stdout) != size || fflush (stdout) != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write to the standard output"));
      return FALSE;
    }
  return TRUE;
}

static int
cmd_receipt (Globals  *globals,
             int       argc,
             char    **argv)
{
  int width_mm = 80;
  g_autofree char *format = NULL, *out = NULL, *footer = NULL, *bin = NULL, *account = NULL, *holder = NULL;
  gboolean reprint = FALSE, cut = FALSE, drawer = FALSE, text_mode = FALSE;
  g_autofree char *print_uri = NULL;
  const GOptionEntry entries[] = {
    { "width", 'w', 0, G_OPTION_ARG_INT, &width_mm, N_("Paper width in mm: 58 or 80 (default 80)"), "58|80" },
    { "print", 'p', 0, G_OPTION_ARG_STRING, &print_uri, N_("Send it to the printer at URI (usb://VID:PID, tcp://HOST:9100, file:PATH)"), "URI" },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, N_("escpos, png or txt (default: from --out, else txt)"), N_("FORMAT") },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, N_("Write to FILE instead of the standard output"), N_("FILE") },
    { "text-mode", 0, 0, G_OPTION_ARG_NONE, &text_mode, N_("ESC/POS in the printer's own font (Vietnamese without marks)"), NULL },
    { "reprint", 0, 0, G_OPTION_ARG_NONE, &reprint, N_("Mark the receipt as a reprint"), NULL },
    { "cut", 0, 0, G_OPTION_ARG_NONE, &cut, N_("Cut the paper at the end"), NULL },
    { "drawer", 0, 0, G_OPTION_ARG_NONE, &drawer, N_("Open the cash drawer for a cash payment"), NULL },
    { "footer", 0, 0, G_OPTION_ARG_STRING, &footer, N_("Text at the bottom of the receipt"), N_("TEXT") },
    { "bin", 0, 0, G_OPTION_ARG_STRING, &bin, N_("The bank's NAPAS BIN, for a VietQR code on transfers"), "BIN" },
    { "account", 0, 0, G_OPTION_ARG_STRING, &account, N_("The account that receives transfers"), N_("NUMBER") },
    { "holder", 0, 0, G_OPTION_ARG_STRING, &holder, N_("The account holder's name"), N_("NAME") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = command_context (_("SALE"), _("Render a sale's receipt (#RECEIPT or sale id) for a printer, as an image or as text."), entries);
  g_autoptr(OcopStore) store = NULL;
  g_autoptr(OcopSale) sale = NULL;
  g_autoptr(OcopReceipt) receipt = NULL;
  g_autoptr(GBytes) bytes = NULL;
  OcopReceiptOptions options = { 0 };
  GError *error = NULL;

  if (!parse_options (context, &argc, &argv))
    return 2;
  if (argc != 2)
    return usage_error (context, _("give one sale"));
  if (width_mm != 58 && width_mm != 80)
    return usage_error (context, _("--width must be 58 or 80"));
  if (format == NULL)
    format = g_strdup (print_uri != NULL ? "escpos" : format_of_path (out));
  if (!g_str_equal (format, "escpos") && !g_str_equal (format, "png") && !g_str_equal (format, "txt"))
    return usage_error (context, _("--format must be escpos, png or txt"));
  if (print_uri != NULL && (!g_str_equal (format, "escpos") || out != NULL))
    return usage_error (context, _("--print sends ESC/POS: it goes without --out and other formats"));
  if (out == NULL && print_uri == NULL && !g_str_equal (format, "txt") && isatty (STDOUT_FILENO))
    return usage_error (context, _("this format is binary: give --out FILE or redirect the output"));

  options.width_dots = width_mm == 58 ? OCOP_RECEIPT_WIDTH_58MM : OCOP_RECEIPT_WIDTH_80MM;
  options.footer = footer;
  options.bank_bin = bin;
  options.bank_account = account;
  options.bank_holder = holder;
  options.reprint = reprint;
  options.cut = cut;
  options.open_drawer = drawer;
  if (!(store = open_store (globals, &error)) ||
      !(sale = ocop_store_load_sale (store, argv[1], &error)) ||
      !(receipt = ocop_receipt_new_for_sale (store, sale, &options, &error)))
    return fail (error);

  if (g_str_equal (format, "png"))
    bytes = ocop_receipt_to_png (receipt, &error);
  else if (g_str_equal (format, "escpos"))
    bytes = ocop_receipt_to_escpos (receipt, text_mode ? OCOP_RECEIPT_TEXT : OCOP_RECEIPT_RASTER, &error);
  else
    {
      char *text = ocop_receipt_to_text (receipt);

      bytes = g_bytes_new_take (text, strlen (text));
    }
  if (bytes == NULL)
    return fail (error);
  if (print_uri != NULL ? !send_to_printer (print_uri, bytes, &error) : !write_receipt_output (bytes, out, &error))
    return fail (error);
  return 0;
}

static int
cmd_print_test (Globals  *globals,
                int       argc,
                char    **argv)
{
  int width_mm = 80;
  const GOptionEntry entries[] = {
    { "width", 'w', 0, G_OPTION_ARG_INT, &width_mm, N_("Paper width in mm: 58 or 80 (default 80)"), "58|80" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = command_context ("URI", _("Print a test page: a frame at the paper's edges and a ruler, then a cut."), entries);
  g_autoptr(GBytes) page = NULL;
  g_autoptr(OcopPrinter) printer = NULL;
  OcopPrinterStatus status = { 0 };
  GError *error = NULL;

  if (!parse_options (context, &argc, &argv))
    return 2;
  if (argc != 2)
    return usage_error (context, _("give the printer's URI (see `ocop printers`)"));
  if (width_mm != 58 && width_mm != 80)
    return usage_error (context, _("--width must be 58 or 80"));
  if (!(page = ocop_test_page_new (width_mm == 58 ? OCOP_RECEIPT_WIDTH_58MM : OCOP_RECEIPT_WIDTH_80MM, &error)) ||
      !send_to_printer (argv[1], page, &error))
    return fail (error);
  /* A printer that took the page may still be out of paper: say so. */
  if ((printer = ocop_printer_new_for_uri (argv[1], NULL)) &&
      ocop_printer_query_status (printer, &status, NULL, NULL) && !ocop_printer_status_check (&status, &error))
    {
      ocop_printer_close (printer, NULL);
      return fail (error);
    }
  if (printer != NULL)
    ocop_printer_close (printer, NULL);
  g_print (_("Test page sent to %s\n"), argv[1]);
  return 0;
}

/* ---- the print queue ---- */

static const char *
job_kind_name (OcopPrintJobKind kind)
{
  switch (kind)
    {
    case OCOP_PRINT_JOB_REPRINT:
      return _("copy");
    case OCOP_PRINT_JOB_Z_REPORT:
      return _("Z report");
    case OCOP_PRINT_JOB_RECEIPT:
    default:
      return _("receipt");
    }
}

static int
cmd_print_queue (Globals  *globals,
                 int       argc,
                 char    **argv)
{
  g_autofree char *print_uri = NULL;
  gint64 cancel_id = 0;
  int width_mm = 80;
  const GOptionEntry entries[] = {
    { "print", 'p', 0, G_OPTION_ARG_STRING, &print_uri, N_("Print every waiting job on the printer at URI"), "URI" },
    { "width", 'w', 0, G_OPTION_ARG_INT, &width_mm, N_("Paper width in mm: 58 or 80 (default 80)"), "58|80" },
    { "cancel", 0, 0, G_OPTION_ARG_INT64, &cancel_id, N_("Take job ID out of the queue (its sale stays)"), "ID" },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    command_context ("", _("List the receipts waiting for a printer; print or cancel them."), entries);
  g_autoptr(OcopStore) store = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  GError *error = NULL;

  if (!parse_options (context, &argc, &argv))
    return 2;
  if (width_mm != 58 && width_mm != 80)
    return usage_error (context, _("--width must be 58 or 80"));
  if (!(store = open_store (globals, &error)))
    return fail (error);
  if (cancel_id > 0 && !ocop_store_cancel_print_job (store, cancel_id, &error))
    return fail (error);
  if (print_uri != NULL)
    {
      g_autoptr(OcopPrinter) printer = ocop_printer_new_for_uri (print_uri, &error);
      g_autoptr(OcopPrintQueue) queue = NULL;
      OcopReceiptOptions options = { .width_dots = width_mm == 58 ? OCOP_RECEIPT_WIDTH_58MM : OCOP_RECEIPT_WIDTH_80MM,
                                     .cut = TRUE };

      if (printer == NULL)
        return fail (error);
      queue = ocop_print_queue_new (store);
      ocop_print_queue_set_options (queue, &options, FALSE);
      ocop_print_queue_set_printer (queue, printer);
      if (!ocop_print_queue_flush (queue, NULL, &error))
        return fail (error);
    }
  if (!(jobs = ocop_store_list_print_jobs (store, &error)))
    return fail (error);
  if (jobs->len == 0)
    g_print ("%s\n", _("Nothing is waiting to print."));
  for (guint i = 0; i < jobs->len; i++)
    {
      OcopPrintJob *job = g_ptr_array_index (jobs, i);
      g_autofree char *what = job->kind == OCOP_PRINT_JOB_Z_REPORT
        ? g_strdup (job->business_day)
        : g_strdup_printf ("#%" G_GINT64_FORMAT, job->receipt_no);

      g_print ("%" G_GINT64_FORMAT "\t%s %s\t%s\n", job->id, job_kind_name (job->kind), what,
               job->last_error ? job->last_error : "");
    }
  return 0;
}

/* ---- labels ---- */

static void
print_label_templates (void)
{
  const OcopLabelTemplate * const *templates = ocop_label_template_list ();

  for (guint i = 0; templates[i] != NULL; i++)
    g_print ("%-8s %s\n", templates[i]->id, _(templates[i]->description));
}

/* Writes @bytes to standard output, for a pipe to a printer device. */
static gboolean
write_label_to_stdout (GBytes  *bytes,
                       GError **error)
{
  gsize size = 0;
  const void *data = g_bytes_get_data (bytes, &size);

  if (fwrite (data, 1, size, stdout) == size && fflush (stdout) == 0)
    return TRUE;
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
               _("cannot write the labels to standard output: %s"), g_strerror (errno));
  return FALSE;
}

static int
cmd_label (Globals  *globals,
           int       argc,
           char    **argv)
{
  g_autofree char *template_id = NULL, *lot = NULL, *produced = NULL, *expires = NULL;
  g_autofree char *format_name = NULL, *out_path = NULL, *print_uri = NULL;
  gboolean list_templates = FALSE;
  int copies = 1;
  const GOptionEntry entries[] = {
    { "template", 't', 0, G_OPTION_ARG_STRING, &template_id, N_("Label size (default 40x30; see --list-templates)"), N_("TEMPLATE") },
    { "lot", 'l', 0, G_OPTION_ARG_STRING, &lot, N_("Production lot printed on the label"), N_("LOT") },
    { "produced", 0, 0, G_OPTION_ARG_STRING, &produced, N_("Production date (default: today)"), N_("DATE") },
    { "expires", 0, 0, G_OPTION_ARG_STRING, &expires, N_("Expiry date"), N_("DATE") },
    { "copies", 'n', 0, G_OPTION_ARG_INT, &copies, N_("How many labels"), "N" },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name, N_("tspl, zpl, escpos, png or pdf"), N_("FORMAT") },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out_path, N_("Write to FILE (default: standard output)"), N_("FILE") },
    { "print", 'p', 0, G_OPTION_ARG_STRING, &print_uri, N_("Send them to the printer at URI (usb://VID:PID, tcp://HOST:9100, file:PATH)"), "URI" },
    { "list-templates", 0, 0, G_OPTION_ARG_NONE, &list_templates, N_("List the label templates"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    command_context (_("SKU"), _("Make product labels: name, producer, locality, stars, price, dates, lot, "
                                 "barcode and traceability QR code. Dates are YYYY-MM-DD or DD/MM/YYYY."), entries);
  g_autoptr(OcopStore) store = NULL;
  g_autoptr(OcopProduct) product = NULL;
  g_autoptr(OcopLabel) label = NULL;
  g_autoptr(GBytes) bytes = NULL;
  OcopLabelFormat format;
  GError *error = NULL;

  if (!parse_options (context, &argc, &argv))
    return 2;
  if (list_templates)
    {
      print_label_templates ();
      return 0;
    }
  if (argc != 2)
    return usage_error (context, _("give one product SKU"));
  if (format_name == NULL)
    return usage_error (context, _("--format is required"));
  if (!ocop_label_format_parse (format_name, &format, &error) ||
      !(store = open_store (globals, &error)) ||
      !(product = ocop_store_find_sku (store, argv[1], &error)))
    return fail (error);
  label = ocop_label_new (product);
  ocop_label_set_lot (label, lot);
  if ((template_id != NULL && !ocop_label_set_template (label, template_id, &error)) ||
      (produced != NULL && !ocop_label_set_produced (label, produced, &error)) ||
      !ocop_label_set_expires (label, expires, &error) ||
      !ocop_label_set_copies (label, copies, &error) ||
      !ocop_label_validate (label, &error))
    return fail (error);
  if (print_uri != NULL)
    {
      if (format == OCOP_LABEL_FORMAT_PNG || format == OCOP_LABEL_FORMAT_PDF || out_path != NULL)
        return usage_error (context, _("--print takes --format tspl, zpl or escpos, and no --out"));
      if (!(bytes = ocop_label_encode (label, format, &error)) || !send_to_printer (print_uri, bytes, &error))
        return fail (error);
      return 0;
    }
  if (out_path != NULL)
    {
      if (!ocop_label_write_file (label, format, out_path, &error))
        return fail (error);
      g_printerr (g_dngettext (NULL, "Wrote %u label of %s to %s.\n", "Wrote %u labels of %s to %s.\n",
                               ocop_label_get_copies (label)),
                  ocop_label_get_copies (label), argv[1], out_path);
      return 0;
    }
  if (!(bytes = ocop_label_encode (label, format, &error)) || !write_label_to_stdout (bytes, &error))
    return fail (error);
  return 0;
}

/* ---- printers ---- */

static int
cmd_printers (Globals  *globals,
              int       argc,
              char    **argv)
{
  g_autoptr(GOptionContext) context =
    command_context ("", _("List the USB receipt printers attached to this computer, with the address to print to."), NULL);
  g_autoptr(GPtrArray) printers = NULL;
  GError *error = NULL;

  if (!parse_options (context, &argc, &argv))
    return 2;
  if (!(printers = ocop_printer_monitor_list_attached (&error)))
    return fail (error);
  if (printers->len == 0)
    g_print ("%s\n", _("No USB receipt printer is attached. Network printers are used as tcp://ADDRESS:9100."));
  for (guint i = 0; i < printers->len; i++)
    {
      const OcopPrinterInfo *info = g_ptr_array_index (printers, i);
      g_autofree char *name = ocop_printer_info_dup_name (info);

      g_print ("%s\t%s\n", info->uri, name);
    }
  return 0;
}

/* ---- sync ---- */

static int
cmd_sync_enroll (Globals  *globals,
                 int       argc,
                 char    **argv)
{
  g_autofree char *hub = NULL, *code = NULL, *ca_file = NULL, *pin = NULL, *ca_pem = NULL;
  const GOptionEntry entries[] = {
    { "hub", 0, 0, G_OPTION_ARG_STRING, &hub, N_("The hub's address, such as https://hub.example.vn"), N_("URL") },
    { "code", 0, 0, G_OPTION_ARG_STRING, &code, N_("The one-time code from the organizer"), N_("CODE") },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file,
      N_("Trust the hub's own certificate (PEM), such as a fair-site hub's self-signed one"), N_("FILE") },
    { "pin", 0, 0, G_OPTION_ARG_STRING, &pin,
      N_("Also require the hub's public key to be this one (sha256//BASE64)"), "sha256//KEY" },
    { NULL }
  };
  g_autoptr(GOptionContext) context =
    command_context ("", _("Enroll this device with the fair's hub, once."), entries);
  g_autoptr(OcopSyncClient) client = NULL;
  g_autofree char *path = NULL;
  GError *error = NULL;

  if (!parse_options (context, &argc, &argv))
    return 2;
  if (hub == NULL || code == NULL)
    return usage_error (context, _("--hub and --code are required"));
  path = globals->db_path ? g_strdup (globals->db_path) : ocop_store_default_path ();
  client = ocop_sync_client_new (path);
  if ((ca_file != NULL && !g_file_get_contents (ca_file, &ca_pem, NULL, &error)) ||
      !ocop_sync_client_set_trust (client, ca_pem, pin, &error) ||
      !ocop_sync_client_enroll (client, hub, code, NULL, &error))
    return fail (error);
  g_print (_("Enrolled with %s.\n"), hub);
  return 0;
}

static int
cmd_sync_round (Globals  *globals,
                int       argc,
                char    **argv)
{
  g_autoptr(GOptionContext) context =
    command_context ("", _("Send every event not yet at the hub, now (one round)."), NULL);
  g_autoptr(OcopSyncClient) client = NULL;
  g_autofree char *path = NULL;
  OcopSyncRound round;
  GError *error = NULL;

  if (!parse_options (context, &argc, &argv))
    return 2;
  if (argc != 1)
    return usage_error (context, _("unexpected arguments"));
  path = globals->db_path ? g_strdup (globals->db_path) : ocop_store_default_path ();
  client = ocop_sync_client_new (path);
  if (!ocop_sync_client_run_round (client, &round, NULL, &error))
    return fail (error);
  if (round.events_sent == 0)
    g_print (_("Nothing to send: the hub has every event.\n"));
  else
    g_print (_("Sent %" PRId64 " events in %" PRId64 " batches; the hub holds everything through #%" PRId64 ".\n"),
             round.events_sent, round.batches, round.acked_through);
  if (round.catalog_version > 0)
    g_print (_("The catalog is now the hub's version %" PRId64 ".\n"), round.catalog_version);
  if (g_strcmp0 (round.checkpoint_status, "mismatch") == 0)
    g_print (_("Warning: the hub's totals for this device differ from its own; the organizer is told.\n"));
  ocop_sync_round_clear (&round);
  return 0;
}

static char *
format_sync_time (OcopStore *store,
                  gint64     time_us)
{
  if (time_us == 0)
    return g_strdup (_("never"));
  return ocop_store_format_time (store, time_us, "%d/%m/%Y %H:%M:%S");
}

static int
cmd_sync_status (Globals  *globals,
                 int       argc,
                 char    **argv)
{
  g_autoptr(GOptionContext) context = command_context ("", _("Show what is waiting to be sent and the last sync."), NULL);
  g_autoptr(OcopStore) store = NULL;
  g_auto(OcopSyncClientState) state = { 0 };
  g_autofree char *ok_text = NULL;
  GError *error = NULL;

  if (!parse_options (context, &argc, &argv))
    return 2;
  if (!(store = open_store (globals, &error)))
    return fail (error);
  ocop_store_load_sync_state (store, &state);
  ok_text = format_sync_time (store, state.last_ok_us);
  if (state.hub_url == NULL)
    g_print (_("Not enrolled with a hub (run `ocop sync enroll --hub URL --code CODE`).\n"));
  else
    g_print (_("Hub: %s (this device is %s)\n"), state.hub_url, state.device_id);
  g_print (_("Waiting to be sent: %" PRId64 " events (written %" PRId64 ", the hub holds through #%" PRId64 ", epoch %" PRId64 ")\n"),
           ocop_store_outbox_pending (store), ocop_store_outbox_last_seq (store),
           ocop_store_outbox_acked_through (store), ocop_store_outbox_epoch (store));
  g_print (_("Last successful sync: %s\n"), ok_text);
  if (state.last_error != NULL)
    g_print (_("Last error: %s\n"), state.last_error);
  return 0;
}

static const Command commands[] = {
  { NULL, "init", cmd_init, N_("Set up this device for a fair and booth") },
  { NULL, "demo", cmd_demo, N_("Create the demo fair") },
  { "catalog", "import", cmd_catalog_import, N_("Import a catalog CSV") },
  { "catalog", "search", cmd_catalog_search, N_("Search the catalog") },
  { "catalog", "list", cmd_catalog_list, N_("List the catalog") },
  { "sale", "add", cmd_sale_add, N_("Ring up and record a sale") },
  { "sale", "void", cmd_sale_void, N_("Void a sale") },
  { "sale", "refund", cmd_sale_refund, N_("Refund a sale") },
  { "sale", "show", cmd_sale_show, N_("Show a sale") },
  { "sale", "list", cmd_sale_list, N_("List a day's sales") },
  { "day", "open", cmd_day_open, N_("Open the business day") },
  { "day", "close", cmd_day_close, N_("Close the day and print the Z report") },
  { "day", "z", cmd_day_z, N_("Reprint a Z report") },
  { "report", "day", cmd_report_day, N_("Day report") },
  { "report", "fair", cmd_report_fair, N_("Fair totals") },
  { "visitors", "add", cmd_visitors_add, N_("Record visitors at a gate") },
  { NULL, "vietqr", cmd_vietqr, N_("Print a VietQR transfer payload") },
  { NULL, "receipt", cmd_receipt, N_("Render a sale's receipt for a printer") },
  { NULL, "label", cmd_label, N_("Make product labels for a label printer, PDF or PNG") },
  { NULL, "printers", cmd_printers, N_("List attached USB receipt printers") },
  { NULL, "print-test", cmd_print_test, N_("Print a test page") },
  { NULL, "print-queue", cmd_print_queue, N_("List, print or cancel receipts waiting for a printer") },
  { "sync", "enroll", cmd_sync_enroll, N_("Enroll this device with the fair's hub") },
  { "sync", "status", cmd_sync_status, N_("Show what waits to be sent to the hub") },
  { NULL, "sync", cmd_sync_round, N_("Send pending sales to the hub now") },
};

static void
print_help (void)
{
  g_print ("%s\n\n", _("Usage: ocop [--db PATH] COMMAND [OPTIONS…]"));
  g_print ("%s\n", _("Point of sale for OCOP fairs. Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *name = g_strjoin (" ", commands[i].group ? commands[i].group : commands[i].name,
                                         commands[i].group ? commands[i].name : NULL, NULL);
      g_print ("  %-18s %s\n", name, _(commands[i].summary));
    }
  g_print ("\n%s\n", _("The store is $OCOP_DB, or ~/.local/share/ocop-pos/ocop.db; --db PATH overrides both."));
  g_print ("%s\n", _("`ocop COMMAND --help` describes a command's options."));
}

/* Takes --db PATH / --db=PATH from anywhere before the command's own
 * arguments, so `ocop --db x sale add` and `ocop sale add --db x` both work. */
static void
take_global_options (Globals  *globals,
                     int      *argc,
                     char    **argv)
{
  int out = 1;

  for (int i = 1; i < *argc; i++)
    {
      if (g_str_equal (argv[i], "--db") && i + 1 < *argc)
        globals->db_path = argv[++i];
      else if (g_str_has_prefix (argv[i], "--db="))
        globals->db_path = argv[i] + 5;
      else
        argv[out++] = argv[i];
    }
  *argc = out;
  argv[out] = NULL;
}

static const Command *
find_command (int    argc,
              char **argv,
              int   *consumed)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      const Command *c = &commands[i];

      if (c->group == NULL && argc > 1 && g_str_equal (argv[1], c->name))
        {
          *consumed = 1;
          return c;
        }
      if (c->group != NULL && argc > 2 && g_str_equal (argv[1], c->group) && g_str_equal (argv[2], c->name))
        {
          *consumed = 2;
          return c;
        }
    }
  return NULL;
}

int
main (int    argc,
      char **argv)
{
  Globals globals = { NULL };
  const Command *command;
  int consumed = 0;
  g_autofree char *prgname = NULL;

  setlocale (LC_ALL, "");
  /* Names, places and "₫" are Vietnamese: under a bare C or POSIX locale
   * (a container, a cron job) they would print as '?', so use its UTF-8
   * sibling, which every current glibc ships. */
  if (!g_get_charset (NULL))
    {
      const char *current = setlocale (LC_CTYPE, NULL);

      if (current && (g_str_equal (current, "C") || g_str_equal (current, "POSIX")))
        setlocale (LC_ALL, "C.UTF-8");
    }
  /* OCOP_LOCALEDIR lets a build that is not installed find its
   * translations (the tests and the README's demo use it). */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("OCOP_LOCALEDIR") ? g_getenv ("OCOP_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  take_global_options (&globals, &argc, argv);
  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      print_help ();
      return argc < 2 ? 2 : 0;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("ocop %s\n", PACKAGE_VERSION);
      return 0;
    }
  command = find_command (argc, argv, &consumed);
  if (command == NULL)
    {
      g_printerr (_("ocop: unknown command '%s'; `ocop --help` lists them\n"), argv[1]);
      return 2;
    }

  /* The command sees "ocop sale add" as its program name and its own
   * arguments after it. */
  prgname = g_strjoin (" ", "ocop", argv[1], consumed == 2 ? argv[2] : NULL, NULL);
  g_set_prgname (prgname);
  argv[consumed] = prgname;
  return command->run (&globals, argc - consumed, argv + consumed);
}
