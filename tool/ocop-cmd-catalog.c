/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-cmd-catalog.c: `ocop catalog import|search|list`: the products
 * this device sells, from the organizers' CSV, one line each. */

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "ocop-catalog.h"
#include "ocop-commands.h"
#include "ocop-money.h"

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

static void
print_products (GPtrArray *products)
{
  for (guint i = 0; i < products->len; i++)
    print_product (products->pdata[i]);
}

int
ocop_cmd_catalog_import (OcopTool *tool)
{
  g_autoptr(GPtrArray) products = NULL;
  GError *error = NULL;

  if (!ocop_tool_parse (tool, _("FILE"), _("Import or update products from a catalog CSV with the header of the "
                                           "organizers' template. A file with any error imports nothing."),
                        NULL))
    return OCOP_TOOL_EXIT_USAGE;
  if (tool->argc != 2)
    return ocop_tool_usage_error (tool, _("give one catalog file"));
  if (!(products = ocop_catalog_parse_file (tool->argv[1], &error)) ||
      !ocop_tool_open_store (tool, &error) ||
      !ocop_store_import_products (tool->store, products, &error))
    return ocop_tool_fail (error);
  g_print (_("Imported %u products from %s (catalog version %" PRId64 ").\n"),
           products->len, tool->argv[1], ocop_store_get_catalog_version (tool->store));
  return OCOP_TOOL_EXIT_OK;
}

int
ocop_cmd_catalog_search (OcopTool *tool)
{
  int limit = 20;
  const GOptionEntry entries[] = {
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, N_("Show at most N products"), "N" },
    { NULL }
  };
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *text = NULL;
  GError *error = NULL;

  if (!ocop_tool_parse (tool, _("TEXT…"), _("Search products by name, producer, locality or category; accents and case do not matter."),
                        entries))
    return OCOP_TOOL_EXIT_USAGE;
  if (tool->argc < 2)
    return ocop_tool_usage_error (tool, _("give the text to search for"));
  text = g_strjoinv (" ", tool->argv + 1);
  if (!ocop_tool_open_store (tool, &error) ||
      !(found = ocop_store_search (tool->store, text, MAX (limit, 1), &error)))
    return ocop_tool_fail (error);
  print_products (found);
  if (found->len == 0)
    g_print (_("No product matches “%s”.\n"), text);
  return OCOP_TOOL_EXIT_OK;
}

int
ocop_cmd_catalog_list (OcopTool *tool)
{
  g_autoptr(GPtrArray) products = NULL;
  GError *error = NULL;

  if (!ocop_tool_parse (tool, "", _("List every product, by category."), NULL))
    return OCOP_TOOL_EXIT_USAGE;
  if (!ocop_tool_open_store (tool, &error) ||
      !(products = ocop_store_list_products (tool->store, &error)))
    return ocop_tool_fail (error);
  print_products (products);
  return OCOP_TOOL_EXIT_OK;
}
