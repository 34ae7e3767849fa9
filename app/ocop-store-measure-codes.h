/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-store-measure-codes.h: the booth's variable-measure code layouts, a
 * store setting, and weighed packs coded and read back by them. */
#pragma once

#include "ocop-measure-code.h"
#include "ocop-store.h"

G_BEGIN_DECLS

/* The layouts the booth prints and accepts (`ocop config measure-codes`);
 * OCOP_MEASURE_DEFAULT_LAYOUTS until it is set. */
gboolean ocop_store_get_measure_layouts (OcopStore           *self,
                                         OcopMeasureLayouts  *out,
                                         GError             **error);
/* Checks @text whole (ocop_measure_layouts_parse) and keeps it as the
 * layouts read it back; refused, it changes nothing. */
gboolean ocop_store_set_measure_layouts (OcopStore   *self,
                                         const char  *text,
                                         GError     **error);

/* A pack of @thousandths of @product (in thousandths of its unit, which
 * must be a weight) as the booth labels it: priced at the product's unit
 * price with the booth's rounding (ocop_measure_amount), coded by the
 * booth's first layout. Refused (OCOP_MEASURE_CODE_ERROR) when the product
 * is not sold by weight, has no item code of its own among the products on
 * sale, or the code would not read back as exactly this pack. */
gboolean ocop_store_make_pack (OcopStore        *self,
                               OcopProduct      *product,
                               gint64            thousandths,
                               OcopMeasurePack  *out,
                               GError          **error);

/* The product on sale and the pack a variable-measure @code names: a code
 * with the weight is priced as ocop_store_make_pack prices it, a code with
 * the price weighs what that price buys. A misread is
 * OCOP_MEASURE_CODE_ERROR_MISREAD; an item code no product on sale has,
 * or two have, OCOP_MEASURE_CODE_ERROR_UNKNOWN_ITEM. */
OcopProduct *ocop_store_read_pack (OcopStore        *self,
                                   const char       *code,
                                   OcopMeasurePack  *out,
                                   GError          **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
