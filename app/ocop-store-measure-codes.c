/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-store-measure-codes.c: the booth's variable-measure code layouts in
 * the store, and weighed packs coded and read back by them. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ocop-store-measure-codes.h"
#include "ocop-quantity.h"
#include "ocop-store-private.h"

#define LAYOUTS_KEY "measure_code_layouts"

gboolean
ocop_store_get_measure_layouts (OcopStore           *self,
                                OcopMeasureLayouts  *out,
                                GError             **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (OCOP_IS_STORE (self), FALSE);

  text = ocop_store_get_meta (self, LAYOUTS_KEY);
  return ocop_measure_layouts_parse (text != NULL ? text : OCOP_MEASURE_DEFAULT_LAYOUTS, out, error);
}

gboolean
ocop_store_set_measure_layouts (OcopStore   *self,
                                const char  *text,
                                GError     **error)
{
  OcopMeasureLayouts layouts;
  g_autofree char *normal = NULL;

  g_return_val_if_fail (OCOP_IS_STORE (self), FALSE);

  if (!ocop_measure_layouts_parse (text, &layouts, error))
    return FALSE;
  normal = ocop_measure_layouts_format (&layouts);
  return ocop_store_set_meta (self, LAYOUTS_KEY, normal, error);
}


/* The products on sale whose item code in @digits digits is @item. */
static GPtrArray *
find_item (OcopStore   *self,
           guint        digits,
           const char  *item,
           GError     **error)
{
  g_autoptr(GPtrArray) products = ocop_store_list_products (self, error);
  GPtrArray *found;

  if (products == NULL)
    return NULL;
  found = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < products->len; i++)
    {
      g_autofree char *code = ocop_measure_item_code (products->pdata[i], digits, NULL);

      if (g_strcmp0 (code, item) == 0)
        g_ptr_array_add (found, g_object_ref (products->pdata[i]));
    }
  return found;
}

/* The one product on sale with @item, or NULL and why not. */
static OcopProduct *
find_one_item (OcopStore   *self,
               guint        digits,
               const char  *item,
               GError     **error)
{
  g_autoptr(GPtrArray) found = find_item (self, digits, item, error);

  if (found == NULL)
    return NULL;
  if (found->len == 1)
    return g_object_ref (found->pdata[0]);
  if (found->len == 0)
    g_set_error (error, OCOP_MEASURE_CODE_ERROR, OCOP_MEASURE_CODE_ERROR_UNKNOWN_ITEM,
                 _("No product on sale has item code %s: nothing added"), item);
  else
    g_set_error (error, OCOP_MEASURE_CODE_ERROR, OCOP_MEASURE_CODE_ERROR_UNKNOWN_ITEM,
                 _("Item code %s belongs to both %s and %s, so their packs cannot be told apart; "
                   "give one of them another EAN"), item,
                 ocop_product_get_sku (found->pdata[0]), ocop_product_get_sku (found->pdata[1]));
  return NULL;
}

/* Grams to thousandths of the product's unit is the contract's rule
 * (ocop_quantity_from_grams); its factor, read back, turns thousandths
 * into the grams a code carries. */
static gboolean
grams_of (OcopProduct  *product,
          gint64        thousandths,
          gint64       *grams,
          GError      **error)
{
  gint64 per_gram = 0;

  if (!ocop_quantity_from_grams (1, ocop_product_get_unit (product), &per_gram, NULL) || per_gram <= 0)
    {
      g_set_error (error, OCOP_MEASURE_CODE_ERROR, OCOP_MEASURE_CODE_ERROR_MISMATCH,
                   _("product %s is sold by the %s, not by weight: its packs have no weight to label"),
                   ocop_product_get_sku (product), ocop_product_get_unit (product));
      return FALSE;
    }
  if (thousandths <= 0 || thousandths % per_gram != 0)
    {
      g_autofree char *shown = ocop_quantity_format (thousandths, TRUE, ocop_product_get_unit (product));

      g_set_error (error, OCOP_MEASURE_CODE_ERROR, OCOP_MEASURE_CODE_ERROR_MISMATCH,
                   _("weight: %s is not a whole number of grams above zero"), shown);
      return FALSE;
    }
  *grams = thousandths / per_gram;
  return TRUE;
}

/* The pack @thousandths of @product makes, priced by the booth, before
 * it has a code. */
static gboolean
price_pack (OcopStore        *self,
            OcopProduct      *product,
            gint64            thousandths,
            OcopMeasurePack  *pack,
            GError          **error)
{
  *pack = (OcopMeasurePack) { .thousandths = thousandths };
  if (!grams_of (product, thousandths, &pack->grams, error))
    return FALSE;
  pack->amount = ocop_measure_amount (ocop_product_get_price (product), thousandths, ocop_store_get_rounding (self));
  return TRUE;
}

/* A code with the price only: the weight that price buys, to the
 * thousandth (half up), which is the labelled weight when the price per
 * thousandth is more than the rounding can hide. */
static gint64
thousandths_for_price (OcopProduct *product,
                       gint64       amount)
{
  gint64 unit_price = ocop_product_get_price (product);

  if (unit_price <= 0 || amount > G_MAXINT64 / 1000)
    return 0;
  return (amount * 1000 + unit_price / 2) / unit_price;
}

OcopProduct *
ocop_store_read_pack (OcopStore        *self,
                      const char       *code,
                      OcopMeasurePack  *out,
                      GError          **error)
{
  g_autoptr(OcopProduct) product = NULL;
  OcopMeasureLayouts layouts;
  OcopMeasureCode read;
  OcopMeasurePack pack;

  g_return_val_if_fail (OCOP_IS_STORE (self), NULL);

  if (!ocop_store_get_measure_layouts (self, &layouts, error) ||
      !ocop_measure_code_decode (&layouts, code, &read, error) ||
      !(product = find_one_item (self, read.layout.item_digits, read.item, error)))
    return NULL;
  if (read.grams > 0)
    {
      gint64 thousandths = 0;

      if (!ocop_quantity_from_grams (read.grams, ocop_product_get_unit (product), &thousandths, NULL))
        {
          g_set_error (error, OCOP_MEASURE_CODE_ERROR, OCOP_MEASURE_CODE_ERROR_MISMATCH,
                       _("%s carries a weight, but product %s is sold by the %s"), code,
                       ocop_product_get_sku (product), ocop_product_get_unit (product));
          return NULL;
        }
      if (!price_pack (self, product, thousandths, &pack, error))
        return NULL;
    }
  else if (!price_pack (self, product, thousandths_for_price (product, read.price), &pack, error))
    return NULL;
  else
    pack.amount = read.price;
  g_strlcpy (pack.code, code, sizeof pack.code);
  *out = pack;
  return g_steal_pointer (&product);
}

/* Labels promise that the till reads back what they say: a code that
 * would read as another pack (a price-only code that does not tell the
 * weight, a catalog whose item codes clash) is not printed. */
static gboolean
check_reads_back (OcopStore              *self,
                  OcopProduct            *product,
                  const OcopMeasurePack  *pack,
                  const OcopMeasureLayout *layout,
                  GError                **error)
{
  g_autoptr(OcopProduct) read_product = NULL;
  g_autofree char *shown_layout = NULL;
  OcopMeasurePack read;

  if (!(read_product = ocop_store_read_pack (self, pack->code, &read, error)))
    return FALSE;
  if (read_product != product && g_strcmp0 (ocop_product_get_sku (read_product), ocop_product_get_sku (product)) != 0)
    {
      g_set_error (error, OCOP_MEASURE_CODE_ERROR, OCOP_MEASURE_CODE_ERROR_UNKNOWN_ITEM,
                   _("code %s would be read as product %s, not %s"), pack->code,
                   ocop_product_get_sku (read_product), ocop_product_get_sku (product));
      return FALSE;
    }
  if (read.thousandths == pack->thousandths && read.amount == pack->amount)
    return TRUE;
  shown_layout = ocop_measure_layout_format (layout);
  g_set_error (error, OCOP_MEASURE_CODE_ERROR, OCOP_MEASURE_CODE_ERROR_MISMATCH,
               _("layout %s carries the price only, which does not tell this pack's weight at this price "
                 "per %s; label it with a layout that carries the weight (grams)"),
               shown_layout, ocop_product_get_unit (product));
  return FALSE;
}

gboolean
ocop_store_make_pack (OcopStore        *self,
                      OcopProduct      *product,
                      gint64            thousandths,
                      OcopMeasurePack  *out,
                      GError          **error)
{
  OcopMeasureLayouts layouts;
  const OcopMeasureLayout *layout;
  g_autofree char *item = NULL, *code = NULL;
  OcopMeasurePack pack;

  g_return_val_if_fail (OCOP_IS_STORE (self), FALSE);
  g_return_val_if_fail (OCOP_IS_PRODUCT (product), FALSE);

  if (!ocop_store_get_measure_layouts (self, &layouts, error) ||
      !price_pack (self, product, thousandths, &pack, error))
    return FALSE;
  layout = &layouts.layouts[0];
  if (!(item = ocop_measure_item_code (product, layout->item_digits, error)) ||
      !(code = ocop_measure_code_encode (layout, item,
                                         layout->field == OCOP_MEASURE_FIELD_GRAMS ? pack.grams : pack.amount,
                                         error)))
    return FALSE;
  g_strlcpy (pack.code, code, sizeof pack.code);
  if (!check_reads_back (self, product, &pack, layout, error))
    return FALSE;
  *out = pack;
  return TRUE;
}
