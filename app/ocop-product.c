/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-product.c: a catalog product, holding its own copy of every field. */

#include "config.h"

#include "ocop-product.h"
#include "ocop-quantity.h"

struct _OcopProduct
{
  GObject          parent_instance;

  /* Every string here is owned by the product (see ocop_product_new), so
   * a product outlives the CSV row or SQLite statement it was read from. */
  OcopProductInfo  info;
};

G_DEFINE_FINAL_TYPE (OcopProduct, ocop_product, G_TYPE_OBJECT)

static void
ocop_product_finalize (GObject *object)
{
  OcopProductInfo *info = &OCOP_PRODUCT (object)->info;

  g_free ((char *) info->sku);
  g_free ((char *) info->barcode);
  g_free ((char *) info->name);
  g_free ((char *) info->producer);
  g_free ((char *) info->locality);
  g_free ((char *) info->unit);
  g_free ((char *) info->category);
  g_free ((char *) info->trace_url);

  G_OBJECT_CLASS (ocop_product_parent_class)->finalize (object);
}

static void
ocop_product_class_init (OcopProductClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ocop_product_finalize;
}

static void
ocop_product_init (OcopProduct *self)
{
}

OcopProduct *
ocop_product_new (const OcopProductInfo *info)
{
  OcopProduct *self;

  g_return_val_if_fail (info != NULL, NULL);

  self = g_object_new (OCOP_TYPE_PRODUCT, NULL);
  /* The plain fields first, then a copy of each string over its pointer:
   * a string added to OcopProductInfo must be added here and in finalize. */
  self->info = *info;
  self->info.sku = g_strdup (info->sku);
  self->info.barcode = g_strdup (info->barcode);
  self->info.name = g_strdup (info->name);
  self->info.producer = g_strdup (info->producer);
  self->info.locality = g_strdup (info->locality);
  self->info.unit = g_strdup (info->unit);
  self->info.category = g_strdup (info->category);
  self->info.trace_url = g_strdup (info->trace_url);
  return self;
}

const OcopProductInfo *
ocop_product_get_info (OcopProduct *self)
{
  g_return_val_if_fail (OCOP_IS_PRODUCT (self), NULL);

  return &self->info;
}

const char *
ocop_product_get_sku (OcopProduct *self)
{
  g_return_val_if_fail (OCOP_IS_PRODUCT (self), NULL);

  return self->info.sku;
}

const char *
ocop_product_get_barcode (OcopProduct *self)
{
  g_return_val_if_fail (OCOP_IS_PRODUCT (self), NULL);

  return self->info.barcode;
}

const char *
ocop_product_get_name (OcopProduct *self)
{
  g_return_val_if_fail (OCOP_IS_PRODUCT (self), NULL);

  return self->info.name;
}

const char *
ocop_product_get_producer (OcopProduct *self)
{
  g_return_val_if_fail (OCOP_IS_PRODUCT (self), NULL);

  return self->info.producer;
}

const char *
ocop_product_get_category (OcopProduct *self)
{
  g_return_val_if_fail (OCOP_IS_PRODUCT (self), NULL);

  return self->info.category;
}

const char *
ocop_product_get_unit (OcopProduct *self)
{
  g_return_val_if_fail (OCOP_IS_PRODUCT (self), NULL);

  return self->info.unit;
}

gint64
ocop_product_get_price (OcopProduct *self)
{
  g_return_val_if_fail (OCOP_IS_PRODUCT (self), 0);

  return self->info.price_vnd;
}

gboolean
ocop_product_is_measured (OcopProduct *self)
{
  g_return_val_if_fail (OCOP_IS_PRODUCT (self), FALSE);

  return ocop_unit_is_measure (self->info.unit);
}

int
ocop_product_get_stars (OcopProduct *self)
{
  g_return_val_if_fail (OCOP_IS_PRODUCT (self), 0);

  return self->info.stars;
}
