/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-store-cashiers.c: the booth's cashiers and their PINs, stored as
 * Argon2 hashes through libsodium (a PIN is short; the slow hash is what
 * keeps a copied store from giving them away in seconds). */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "ocop-store-private.h"
#include "ocop-text.h"

static gboolean
valid_pin (const char *pin)
{
  gsize len = pin ? strlen (pin) : 0;

  return len >= 4 && len <= 8 && strspn (pin, "0123456789") == len;
}

gboolean
ocop_store_set_cashier (OcopStore   *self,
                        const char  *name,
                        const char  *pin,
                        gboolean     supervisor,
                        GError     **error)
{
  char hash[crypto_pwhash_STRBYTES];

  if (ocop_text_is_blank (name) || !valid_pin (pin))
    {
      g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID,
                   _("A cashier needs a name and a PIN of 4 to 8 digits"));
      return FALSE;
    }
  if (sodium_init () < 0 ||
      crypto_pwhash_str (hash, pin, strlen (pin), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_FAILED, _("Not enough memory to protect the PIN"));
      return FALSE;
    }
  return ocop_store_exec (self,
                          "INSERT INTO cashier (name, pin_hash, supervisor) VALUES (?, ?, ?)"
                          " ON CONFLICT (name) DO UPDATE SET pin_hash = excluded.pin_hash,"
                          " supervisor = excluded.supervisor",
                          error, _("save the cashier"), name, hash, supervisor ? "1" : "0");
}

GStrv
ocop_store_list_cashiers (OcopStore  *self,
                          GError    **error)
{
  sqlite3_stmt *stmt = ocop_store_prepare (self, "SELECT name FROM cashier ORDER BY supervisor DESC, name", error);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();

  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_strv_builder_add (names, (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return g_strv_builder_end (names);
}

char *
ocop_store_check_supervisor_pin (OcopStore   *self,
                                 const char  *pin,
                                 GError     **error)
{
  sqlite3_stmt *stmt = ocop_store_prepare (self, "SELECT name, pin_hash FROM cashier WHERE supervisor = 1", error);
  char *found = NULL;

  if (stmt == NULL)
    return NULL;
  if (valid_pin (pin) && sodium_init () >= 0)
    while (found == NULL && sqlite3_step (stmt) == SQLITE_ROW)
      if (crypto_pwhash_str_verify ((const char *) sqlite3_column_text (stmt, 1), pin, strlen (pin)) == 0)
        found = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (found == NULL)
    g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID, _("That is not a supervisor's PIN"));
  return found;
}
