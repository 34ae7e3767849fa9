/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-code.c: a scanned or typed code to a product: a misread is told
 * apart from an unknown code, and a barcode wins over a sku. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ocop-barcode.h"
#include "ocop-code.h"
#include "ocop-store-measure-codes.h"

G_DEFINE_QUARK (ocop-code-error-quark, ocop_code_error)

/* A wrong check digit is a misread (a worn label, a fast swipe): the
 * cashier should scan again, not look for a product that is missing. */
static gboolean
is_misread (const char *code)
{
  g_autoptr(GError) error = NULL;

  return ocop_barcode_classify (code, TRUE, &error) == 0 &&
         g_error_matches (error, OCOP_BARCODE_ERROR, OCOP_BARCODE_ERROR_CHECK_DIGIT);
}

OcopProduct *
ocop_code_resolve (OcopStore   *store,
                   const char  *code,
                   GError     **error)
{
  g_autoptr(GError) barcode_error = NULL;
  OcopProduct *product;

  g_return_val_if_fail (OCOP_IS_STORE (store), NULL);
  g_return_val_if_fail (code != NULL, NULL);

  if (is_misread (code))
    {
      g_set_error (error, OCOP_CODE_ERROR, OCOP_CODE_ERROR_MISREAD,
                   _("Misread barcode %s: scan it again"), code);
      return NULL;
    }
  product = ocop_store_find_barcode (store, code, &barcode_error);
  if (product != NULL)
    return product;
  if (!g_error_matches (barcode_error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_UNKNOWN_BARCODE))
    {
      g_propagate_error (error, g_steal_pointer (&barcode_error));
      return NULL;
    }
  /* Products without a barcode are rung up by their sku. A withdrawn one
   * is as unknown as a code no product ever had. */
  product = ocop_store_find_sku (store, code, NULL);
  if (product == NULL)
    g_set_error_literal (error, OCOP_CODE_ERROR, OCOP_CODE_ERROR_UNKNOWN, barcode_error->message);
  return product;
}

void
ocop_code_scan_clear (OcopCodeScan *self)
{
  g_clear_object (&self->product);
  self->is_pack = FALSE;
}

/* Whether @code is for the booth's variable-measure layouts: only then is
 * an unknown code read as a pack. */
static gboolean
is_measure_code (OcopStore  *store,
                 const char *code)
{
  OcopMeasureLayouts layouts;

  return ocop_store_get_measure_layouts (store, &layouts, NULL) && ocop_measure_code_matches (&layouts, code);
}

/* A pack's code read wrongly is a misread, as a product's is; one that
 * names no product, or a pack no product can be, is unknown. The store's
 * own failures pass as they are. */
static void
propagate_pack_error (GError  *pack_error,
                      GError **error)
{
  if (g_error_matches (pack_error, OCOP_MEASURE_CODE_ERROR, OCOP_MEASURE_CODE_ERROR_MISREAD))
    g_set_error_literal (error, OCOP_CODE_ERROR, OCOP_CODE_ERROR_MISREAD, pack_error->message);
  else if (pack_error->domain == OCOP_MEASURE_CODE_ERROR)
    g_set_error_literal (error, OCOP_CODE_ERROR, OCOP_CODE_ERROR_UNKNOWN, pack_error->message);
  else
    {
      g_propagate_error (error, pack_error);
      return;
    }
  g_error_free (pack_error);
}

gboolean
ocop_code_scan (OcopStore     *store,
                const char    *code,
                OcopCodeScan  *out,
                GError       **error)
{
  g_autoptr(GError) resolve_error = NULL;
  GError *pack_error = NULL;
  OcopCodeScan scan = { NULL };

  g_return_val_if_fail (OCOP_IS_STORE (store), FALSE);
  g_return_val_if_fail (code != NULL && out != NULL, FALSE);

  /* A product's own barcode wins, even one in the 20-29 range that a shop
   * gave it: the catalog says what it is. */
  if ((scan.product = ocop_code_resolve (store, code, &resolve_error)) == NULL)
    {
      if (!g_error_matches (resolve_error, OCOP_CODE_ERROR, OCOP_CODE_ERROR_UNKNOWN) ||
          !is_measure_code (store, code))
        {
          g_propagate_error (error, g_steal_pointer (&resolve_error));
          return FALSE;
        }
      if ((scan.product = ocop_store_read_pack (store, code, &scan.pack, &pack_error)) == NULL)
        {
          propagate_pack_error (pack_error, error);
          return FALSE;
        }
      scan.is_pack = TRUE;
    }
  *out = scan;
  return TRUE;
}

gboolean
ocop_code_scan_add_to (const OcopCodeScan  *scan,
                       OcopSale            *sale,
                       GError             **error)
{
  g_return_val_if_fail (scan != NULL && OCOP_IS_PRODUCT (scan->product), FALSE);

  if (scan->is_pack)
    return ocop_sale_add_pack (sale, scan->product, scan->pack.thousandths, scan->pack.amount, error);
  return ocop_sale_add_product (sale, scan->product, 1, error);
}
