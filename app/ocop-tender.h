/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-tender.h: what the payment dialog offers a cashier taking cash:
 * the amounts a customer is likely to hand over, and a typed amount
 * regrouped as it is typed. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The most amounts ocop_tender_fast_cash() suggests, the exact one included. */
#define OCOP_TENDER_MAX_SUGGESTIONS 5

/* Fills @out with up to @max_out amounts a customer paying @total in cash
 * is likely to hand over, in increasing order: @total itself, then @total
 * rounded up to each Vietnamese note from 10.000 to 500.000 ₫ where that
 * is more than @total, each once. Returns how many; 0 for a total of 0 or
 * less. */
guint ocop_tender_fast_cash (gint64  total,
                             gint64 *out,
                             guint   max_out);

/* @text as it should read while a cashier types an amount: its digits
 * grouped by thousands with '.', leading zeros dropped. @cursor is a
 * character offset in @text; *@new_cursor gets the offset in the result
 * that has as many digits before it. Returns NULL when @text holds
 * anything but digits, '.' and spaces, or more digits than an amount has,
 * so that the parser can say what is wrong with it. */
char *ocop_tender_regroup (const char *text,
                           int         cursor,
                           int        *new_cursor);

G_END_DECLS
