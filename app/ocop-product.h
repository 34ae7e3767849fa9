/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-product.h: one product of the catalog, as a booth sells it. */
#pragma once

#include <glib-object.h>

#include "ocop-barcode.h"
#include "ocop-types.h"

G_BEGIN_DECLS

/* The plain fields of a product. Strings may be NULL where optional:
 * barcode, category, trace_url. stars is 0 for a product without an OCOP
 * rating, else 3 to 5. */
typedef struct {
  const char       *sku;
  const char       *barcode;
  OcopBarcodeKind   barcode_kind;   /* 0 when there is no barcode */
  const char       *name;
  const char       *producer;
  OcopProducerKind  producer_kind;
  const char       *locality;
  gboolean          in_province;
  const char       *unit;
  gint64            price_vnd;
  int               stars;
  const char       *category;
  const char       *trace_url;
} OcopProductInfo;

#define OCOP_TYPE_PRODUCT (ocop_product_get_type ())
G_DECLARE_FINAL_TYPE (OcopProduct, ocop_product, OCOP, PRODUCT, GObject)

/* Copies every string of @info. */
OcopProduct           *ocop_product_new           (const OcopProductInfo *info);
/* The product's own copy; valid as long as the product lives. */
const OcopProductInfo *ocop_product_get_info      (OcopProduct *self);

const char            *ocop_product_get_sku       (OcopProduct *self);
const char            *ocop_product_get_barcode   (OcopProduct *self);
const char            *ocop_product_get_name      (OcopProduct *self);
const char            *ocop_product_get_producer  (OcopProduct *self);
const char            *ocop_product_get_category  (OcopProduct *self);
const char            *ocop_product_get_unit      (OcopProduct *self);
gint64                 ocop_product_get_price     (OcopProduct *self);
/* TRUE when the product's unit is a measure (ocop_unit_is_measure): it is
 * sold in thousandths of its unit, by weight or length. */
gboolean               ocop_product_is_measured   (OcopProduct *self);
int                    ocop_product_get_stars     (OcopProduct *self);

G_END_DECLS
