/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-line-text.c: how the till's screens write a sale line's quantity
 * and price. */

#include "config.h"

#include "ocop-line-text.h"
#include "ocop-money.h"
#include "ocop-quantity.h"

char *
ocop_line_text_detail (const OcopSaleLine *line)
{
  g_autofree char *quantity = ocop_quantity_format (line->quantity, line->measured, line->unit);
  g_autofree char *price = ocop_money_format (line->unit_price);

  if (line->measured)
    return g_strdup_printf ("%s × %s/%s", quantity, price, line->unit);
  return g_strdup_printf ("%s × %s", quantity, price);
}
