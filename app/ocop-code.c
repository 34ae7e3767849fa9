/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-code.c: a scanned or typed code to a product: a misread is told
 * apart from an unknown code, and a barcode wins over a sku. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ocop-barcode.h"
#include "ocop-code.h"

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
