/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-line-text.h: how the till's screens write a sale line's quantity
 * and price, the same in the cart and the payment dialog. */
#pragma once

#include "ocop-sale.h"

G_BEGIN_DECLS

/* "2 hộp × 650.000 ₫"; a weighed line "0,350 kg × 1.200.000 ₫/kg", its
 * exact weight and the price per unit, as the receipt prints them. */
char *ocop_line_text_detail (const OcopSaleLine *line);

G_END_DECLS
