/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-weigh-panel.h: the till's weighing panel: a weighed product's live
 * weight from the scale, or a weight typed, and its amount, confirmed into
 * the cart with one key or tap. */
#pragma once

#include <adwaita.h>

#include "ocop-product.h"
#include "ocop-scale.h"

G_BEGIN_DECLS

#define OCOP_TYPE_WEIGH_PANEL (ocop_weigh_panel_get_type ())
G_DECLARE_FINAL_TYPE (OcopWeighPanel, ocop_weigh_panel, OCOP, WEIGH_PANEL, GtkBox)

/* Starts weighing @product: from @scale's stable readings, or from a
 * weight typed when @scale is NULL; amounts shown rounded to @rounding ₫.
 * Emits "weighed" (the product, the weight in thousandths of its unit)
 * when the cashier confirms a stable reading or a weight that parses, and
 * "cancelled" on Escape or Cancel. */
void         ocop_weigh_panel_start          (OcopWeighPanel         *self,
                                              OcopProduct            *product,
                                              OcopScale              *scale,
                                              gint64                  rounding);
/* Stops listening to the scale and forgets the product. */
void         ocop_weigh_panel_stop           (OcopWeighPanel         *self);
/* The product being weighed, or NULL. */
OcopProduct *ocop_weigh_panel_get_product    (OcopWeighPanel         *self);
/* Shows @reading as the scale's latest (the scale's "reading" signal
 * comes here). */
void         ocop_weigh_panel_show_reading   (OcopWeighPanel         *self,
                                              const OcopScaleReading *reading);
/* What the panel says of the weight, for the tests: the weight shown, the
 * status line, the amount. */
const char  *ocop_weigh_panel_get_weight_text (OcopWeighPanel        *self);
const char  *ocop_weigh_panel_get_status_text (OcopWeighPanel        *self);
const char  *ocop_weigh_panel_get_amount_text (OcopWeighPanel        *self);

G_END_DECLS
