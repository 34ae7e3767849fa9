/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-quantity.h: quantities of goods sold by the piece or by measure
 * (kg, g, l, ml, m), as exact integers in thousandths, parsed, formatted,
 * converted from a scale's grams and priced by one rounding rule. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define OCOP_QUANTITY_ERROR (ocop_quantity_error_quark ())

typedef enum {
  OCOP_QUANTITY_ERROR_EMPTY,
  OCOP_QUANTITY_ERROR_INVALID,    /* not a quantity at all: "abc", "-1", "1..5" */
  OCOP_QUANTITY_ERROR_AMBIGUOUS,  /* "1.250", "1,250": a decimal or a thousands separator? */
  OCOP_QUANTITY_ERROR_FRACTION,   /* half a piece, or finer than a thousandth of the unit */
  OCOP_QUANTITY_ERROR_UNIT,       /* a unit that is not the product's nor converts to it */
  OCOP_QUANTITY_ERROR_RANGE,      /* zero, or more than a line may hold */
} OcopQuantityError;

GQuark ocop_quantity_error_quark (void);

/* The most whole units on a line (pieces, or kg of a measured product):
 * stops a scanner that repeats itself or a typo from turning into a sale
 * of ten million jars of honey. */
#define OCOP_QUANTITY_MAX_PIECES  9999
/* The same bound for a measured line, in thousandths of its unit. */
#define OCOP_QUANTITY_MAX_MEASURE (OCOP_QUANTITY_MAX_PIECES * G_GINT64_CONSTANT (1000))

/* The rounding of a weighed line a booth may choose, in đồng, and the
 * default: change under 1.000 ₫ is rarely given at a fair. */
#define OCOP_QUANTITY_DEFAULT_ROUNDING 1000

/* TRUE when @unit is a measure (kg, g, lạng, l, ml, m, cm and their
 * Vietnamese spellings: "ký", "cân", "gam", "lít", "mét"…), any case;
 * every other unit ("hộp", "chai", "gói", NULL) counts pieces. */
gboolean  ocop_unit_is_measure      (const char *unit);
/* TRUE when @unit is a measure of weight (kg, g, lạng…). */
gboolean  ocop_unit_is_weight       (const char *unit);

/* TRUE for the roundings a booth may choose: 1, 100, 500 or 1000 đồng. */
gboolean  ocop_rounding_is_valid    (gint64 rounding);

/* The one rule for a measured line's amount: @unit_price × @thousandths /
 * 1000, rounded half up (away from zero for negatives) to a multiple of
 * @rounding. Exact for every price and quantity within the sync bounds
 * (10^10 ₫ × 10^9 thousandths), though their product exceeds a gint64. */
gint64    ocop_measure_amount       (gint64 unit_price,
                                     gint64 thousandths,
                                     gint64 rounding);

/* TRUE when @amount lies within OCOP_QUANTITY_MAX_GAP of @unit_price ×
 * @thousandths / 1000: the hub's rule for a measured line, and a pack
 * label's price checked against its weight. 501 ₫: half the coarsest
 * rounding, and 1 ₫ for a partial refund's share of a rounded amount
 * (⌊A × k / q⌋ lies less than 500 × k / q + 1 ₫ from its exact price).
 * Checked arithmetic: FALSE for any figures whose exact difference does
 * not fit. */
#define OCOP_QUANTITY_MAX_GAP 501
gboolean  ocop_measure_amount_is_near (gint64 unit_price,
                                       gint64 thousandths,
                                       gint64 amount);

/* Reads a quantity typed for a product sold in @unit: pieces ("2", "2
 * hộp") when @measured is FALSE, else thousandths of @unit ("0,35",
 * "0.35 kg", "350 g", "350g" for a product in kg). A quantity must be
 * positive and within OCOP_QUANTITY_MAX_PIECES units. Refuses, with the
 * reason and the text quoted: "1.250" and "1,250" (a decimal or a
 * thousands separator?), a fraction of a piece, a quantity finer than a
 * thousandth of the unit ("0,3505 kg", "0,5 g" of a product in kg), a
 * unit that does not convert ("2 l" of a product in kg). */
gboolean  ocop_quantity_parse       (const char  *text,
                                     const char  *unit,
                                     gboolean     measured,
                                     gint64      *out,
                                     GError     **error);

/* "0,350 kg", "1.250,000 kg", "-0,100 kg" for a measured quantity in
 * thousandths; "2 hộp" for pieces; no unit when @unit is NULL or empty. */
char     *ocop_quantity_format      (gint64      quantity,
                                     gboolean    measured,
                                     const char *unit);

/* A scale's reading of @grams (> 0) as thousandths of @unit (kg: 350 g →
 * 350; g: 350 g → 350000). A unit that is no weight, or a reading beyond
 * what a line may hold, is refused. */
gboolean  ocop_quantity_from_grams  (gint64       grams,
                                     const char  *unit,
                                     gint64      *out,
                                     GError     **error);

G_END_DECLS
