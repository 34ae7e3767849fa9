/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-money.h: Vietnamese đồng as whole int64 amounts, formatted and parsed
 * the way Vietnamese receipts and spreadsheets write them. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define OCOP_MONEY_ERROR (ocop_money_error_quark ())

typedef enum {
  OCOP_MONEY_ERROR_EMPTY,
  OCOP_MONEY_ERROR_INVALID,     /* not a number at all */
  OCOP_MONEY_ERROR_FRACTION,    /* "12.500,50": đồng have no fractions */
  OCOP_MONEY_ERROR_AMBIGUOUS,   /* "1.25", "1,250": grouping that could mean two things */
  OCOP_MONEY_ERROR_NEGATIVE,
  OCOP_MONEY_ERROR_OVERFLOW,
} OcopMoneyError;

GQuark ocop_money_error_quark (void);

/* "1.250.000 ₫"; negative amounts as "-50.000 ₫". */
char *ocop_money_format (gint64 vnd);
/* "1.250.000", without the currency sign. */
char *ocop_money_format_plain (gint64 vnd);

/* Accepts "1250000", "1.250.000", "1 250 000", each optionally followed by
 * "₫", "đ", "d", "VND" or "VNĐ". Rejects fractions, ',' as a separator,
 * grouping that is not by three digits, signs and overflow. Sets a
 * GError whose message quotes the text. */
gboolean ocop_money_parse (const char  *text,
                           gint64      *out_vnd,
                           GError     **error);

G_END_DECLS
