/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-sync-catalog.c: the end of a round: the fair's catalog comes down
 * from the hub as a delta from the version this store holds (or whole),
 * and is applied in one transaction (docs/sync-protocol.md, "Catalog
 * down"). */

#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ocop-catalog.h"
#include "ocop-sync-private.h"

/* The products of a reply, checked by the core's parser as a file is; a
 * sku both changed and withdrawn is a reply that contradicts itself. */
static GPtrArray *
parse_catalog_products (OcopSyncCatalog  *catalog,
                        GError          **error)
{
  g_autofree char *source = g_strdup_printf (_("the hub's catalog version %" PRId64), catalog->version);
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GPtrArray) products = NULL;

  if (catalog->products == NULL)
    return g_ptr_array_new_with_free_func (g_object_unref);
  csv = g_bytes_new_static (catalog->products, strlen (catalog->products));
  if (!(products = ocop_catalog_parse_bytes (csv, source, error)))
    return NULL;
  for (guint i = 0; i < products->len; i++)
    if (g_strv_contains ((const char * const *) catalog->withdrawn, ocop_product_get_sku (products->pdata[i])))
      {
        g_set_error (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_PROTOCOL,
                     _("The hub's catalog reply is unusable: %s both changes and withdraws %s"), source,
                     ocop_product_get_sku (products->pdata[i]));
        return NULL;
      }
  return g_steal_pointer (&products);
}

/* Asks with the version the store holds and applies the delta (or the
 * whole catalog) in one transaction, or nothing at all if any of it is
 * wrong. Past sales keep the prices they were sold at: their lines carry
 * them. */
gboolean
ocop_sync_fetch_catalog (OcopSyncRun  *r,
                         GError      **error)
{
  gint64 held = r->state.catalog_version;
  g_autofree char *url = g_strdup_printf ("%s?since=%" G_GINT64_FORMAT, r->catalog_url, held);
  g_auto(OcopSyncCatalog) catalog = { 0 };
  g_autoptr(GPtrArray) products = NULL;
  long status;

  r->exchange.max_bytes = OCOP_SYNC_MAX_CATALOG_BYTES;
  status = ocop_sync_get (r->curl, url, r->state.token, NULL, &r->exchange, error);
  r->exchange.max_bytes = 0;
  if (status == 304 || status == 404)   /* unchanged, or none published yet */
    return TRUE;
  if (!ocop_sync_expect_status (status, 200, &r->exchange, error))
    return FALSE;
  if (!ocop_sync_parse_catalog ((const char *) r->exchange.body->data, r->exchange.body->len, held, &catalog, error) ||
      !(products = parse_catalog_products (&catalog, error)))
    return FALSE;
  if (!ocop_store_apply_catalog (r->store, products, (const char * const *) catalog.withdrawn, catalog.full, error))
    return FALSE;
  /* Saved after the catalog: a crash between the two asks again from the
   * older version, and applying the same change twice gives the same
   * catalog. */
  r->state.catalog_version = catalog.version;
  if (!ocop_store_save_sync_state (r->store, &r->state, OCOP_SYNC_FIELD_CATALOG_VERSION, error))
    return FALSE;
  r->round->catalog_version = catalog.version;
  r->round->catalog_full = catalog.full;
  r->round->catalog_products = products->len;
  r->round->catalog_withdrawn = g_strv_length (catalog.withdrawn);
  return TRUE;
}
