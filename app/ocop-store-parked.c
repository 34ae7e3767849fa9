/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-store-parked.c: carts the till puts aside and takes back, kept in
 * the store file so that a restart loses none. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ocop-store-private.h"

/* A booth serves one customer and keeps a few waiting; more than this is a
 * till left parking by a stuck key, not a queue. */
#define MAX_PARKED 20

void
ocop_parked_cart_free (OcopParkedCart *cart)
{
  if (cart == NULL)
    return;
  g_clear_object (&cart->draft);
  g_free (cart);
}

static gint64
count_parked (OcopStore  *self,
              const char *booth)
{
  sqlite3_stmt *stmt = ocop_store_prepare (self, "SELECT count (*) FROM parked_cart WHERE booth_code = ?", NULL);
  gint64 n = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, booth, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

gint64
ocop_store_park_cart (OcopStore  *self,
                      OcopSale   *draft,
                      GError    **error)
{
  g_autofree char *booth = NULL;
  g_autofree char *text = NULL;
  g_autofree char *now = NULL;
  gint64 id;

  g_return_val_if_fail (OCOP_IS_STORE (self), 0);
  g_return_val_if_fail (OCOP_IS_SALE (draft) && !ocop_sale_is_committed (draft), 0);

  if (ocop_sale_get_n_lines (draft) == 0)
    {
      g_set_error_literal (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID, _("An empty cart cannot be parked"));
      return 0;
    }
  if (!(booth = ocop_store_current_booth_code (self, error)) || !ocop_store_begin (self, error))
    return 0;
  if (count_parked (self, booth) >= MAX_PARKED)
    {
      ocop_store_rollback (self);
      g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID,
                   _("%d carts are parked already: recall one first"), MAX_PARKED);
      return 0;
    }
  text = ocop_store_draft_to_json (self, draft);
  now = g_strdup_printf ("%" G_GINT64_FORMAT, ocop_store_now_us (self));
  if (!ocop_store_exec (self, "INSERT INTO parked_cart (booth_code, draft, parked_us) VALUES (?, ?, ?)",
                        error, _("park the cart"), booth, text, now))
    {
      ocop_store_rollback (self);
      return 0;
    }
  id = sqlite3_last_insert_rowid (ocop_store_get_db (self));
  if (!ocop_store_exec (self, "DELETE FROM open_cart WHERE booth_code = ?", error, _("park the cart"), booth) ||
      !ocop_store_commit (self, error))
    {
      ocop_store_rollback (self);
      return 0;
    }
  return id;
}

GPtrArray *
ocop_store_list_parked_carts (OcopStore  *self,
                              GError    **error)
{
  g_autofree char *booth = NULL;
  g_autoptr(GPtrArray) carts = g_ptr_array_new_with_free_func ((GDestroyNotify) ocop_parked_cart_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (OCOP_IS_STORE (self), NULL);

  if (!(booth = ocop_store_current_booth_code (self, error)) ||
      !(stmt = ocop_store_prepare (self, "SELECT id, parked_us, draft FROM parked_cart WHERE booth_code = ?"
                                   " ORDER BY id", error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, booth, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(OcopParkedCart) cart = g_new0 (OcopParkedCart, 1);
      g_autoptr(GError) local_error = NULL;

      cart->id = sqlite3_column_int64 (stmt, 0);
      cart->parked_us = sqlite3_column_int64 (stmt, 1);
      /* A row that does not read back is skipped, not fatal: the others
       * are still customers waiting. */
      if (!(cart->draft = ocop_store_draft_from_json ((const char *) sqlite3_column_text (stmt, 2), &local_error)))
        {
          g_warning ("Parked cart %" G_GINT64_FORMAT " cannot be read: %s", cart->id, local_error->message);
          continue;
        }
      g_ptr_array_add (carts, g_steal_pointer (&cart));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ocop_store_fail (self, error, _("list the parked carts"));
      return NULL;
    }
  return g_steal_pointer (&carts);
}

OcopSale *
ocop_store_recall_cart (OcopStore  *self,
                        gint64      id,
                        GError    **error)
{
  g_autofree char *booth = NULL;
  g_autofree char *text = NULL;
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_autoptr(OcopSale) draft = NULL;
  g_autoptr(OcopSale) open = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (OCOP_IS_STORE (self), NULL);

  if (!(booth = ocop_store_current_booth_code (self, error)) || !ocop_store_begin (self, error))
    return NULL;
  open = ocop_store_load_cart (self, NULL);
  if (open != NULL && ocop_sale_get_n_lines (open) > 0)
    {
      ocop_store_rollback (self);
      g_set_error_literal (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID,
                           _("The cart is not empty: park it or finish it first"));
      return NULL;
    }
  if (!(stmt = ocop_store_prepare (self, "SELECT draft FROM parked_cart WHERE booth_code = ? AND id = ?", error)))
    {
      ocop_store_rollback (self);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, booth, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (text == NULL)
    {
      ocop_store_rollback (self);
      g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_NOT_FOUND,
                   _("No parked cart %s (recalled already?)"), id_text);
      return NULL;
    }
  if (!(draft = ocop_store_draft_from_json (text, error)) ||
      !ocop_store_exec (self, "DELETE FROM parked_cart WHERE booth_code = ? AND id = ?", error,
                        _("recall the cart"), booth, id_text) ||
      !ocop_store_save_cart (self, draft, error) ||
      !ocop_store_commit (self, error))
    {
      ocop_store_rollback (self);
      return NULL;
    }
  return g_steal_pointer (&draft);
}
