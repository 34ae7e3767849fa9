/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-store-cashiers.c: the booth's cashiers and their PINs, stored as
 * Argon2 hashes through libsodium (a PIN is short; the slow hash is what
 * keeps a copied store from giving them away in seconds). */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "ocop-store-private.h"
#include "ocop-text.h"

void
ocop_cashier_free (OcopCashier *cashier)
{
  if (cashier == NULL)
    return;
  g_free (cashier->name);
  g_free (cashier);
}

static gboolean
valid_pin (const char *pin)
{
  gsize len = pin ? strlen (pin) : 0;

  return len >= 4 && len <= 8 && strspn (pin, "0123456789") == len;
}

static gboolean
check_pin_format (const char  *pin,
                  GError     **error)
{
  if (valid_pin (pin))
    return TRUE;
  g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID, _("A PIN is 4 to 8 digits"));
  return FALSE;
}

static gboolean
hash_pin (const char  *pin,
          char         hash[crypto_pwhash_STRBYTES],
          GError     **error)
{
  if (sodium_init () < 0 ||
      crypto_pwhash_str (hash, pin, strlen (pin), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_FAILED, _("Not enough memory to protect the PIN"));
      return FALSE;
    }
  return TRUE;
}

gboolean
ocop_store_pin_matches (const char *hash,
                        const char *pin)
{
  return valid_pin (pin) && sodium_init () >= 0 &&
         crypto_pwhash_str_verify (hash, pin, strlen (pin)) == 0;
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
  if (!hash_pin (pin, hash, error))
    return FALSE;
  /* Set-up names the people who will work the booth: one named again is
   * back at work. */
  return ocop_store_exec (self,
                          "INSERT INTO cashier (name, pin_hash, supervisor) VALUES (?, ?, ?)"
                          " ON CONFLICT (name) DO UPDATE SET pin_hash = excluded.pin_hash,"
                          " supervisor = excluded.supervisor, active = 1",
                          error, _("save the cashier"), name, hash, supervisor ? "1" : "0");
}

GStrv
ocop_store_list_cashiers (OcopStore  *self,
                          GError    **error)
{
  sqlite3_stmt *stmt = ocop_store_prepare (self, "SELECT name FROM cashier WHERE active = 1"
                                                 " ORDER BY supervisor DESC, name", error);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();

  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_strv_builder_add (names, (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return g_strv_builder_end (names);
}

GPtrArray *
ocop_store_list_cashier_roles (OcopStore  *self,
                               GError    **error)
{
  sqlite3_stmt *stmt = ocop_store_prepare (self, "SELECT name, supervisor, active FROM cashier"
                                                 " ORDER BY active DESC, supervisor DESC, name", error);
  g_autoptr(GPtrArray) cashiers = g_ptr_array_new_with_free_func ((GDestroyNotify) ocop_cashier_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OcopCashier *cashier = g_new0 (OcopCashier, 1);

      cashier->name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      cashier->supervisor = sqlite3_column_int (stmt, 1) != 0;
      cashier->active = sqlite3_column_int (stmt, 2) != 0;
      g_ptr_array_add (cashiers, cashier);
    }
  if (rc != SQLITE_DONE)
    {
      ocop_store_fail (self, error, _("list the cashiers"));
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&cashiers);
}

gboolean
ocop_store_log_in (OcopStore   *self,
                   const char  *name,
                   const char  *pin,
                   GError     **error)
{
  sqlite3_stmt *stmt = ocop_store_prepare (self, "SELECT pin_hash FROM cashier WHERE name = ? AND active = 1", error);
  gboolean ok = FALSE;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name ? name : "", -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    ok = ocop_store_pin_matches ((const char *) sqlite3_column_text (stmt, 0), pin);
  sqlite3_reset (stmt);
  if (!ok)
    g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID, _("Wrong name or PIN"));
  return ok;
}

/* Two active cashiers never share a PIN: one could otherwise sign in, or
 * approve, as the other by choosing the other's name and typing their
 * own. @except is the cashier whose PIN is being changed. */
static gboolean
check_pin_is_free (OcopStore   *self,
                   const char  *pin,
                   const char  *except,
                   GError     **error)
{
  sqlite3_stmt *stmt = ocop_store_prepare (self, "SELECT name, pin_hash FROM cashier WHERE active = 1", error);
  gboolean taken = FALSE;

  if (stmt == NULL)
    return FALSE;
  while (!taken && sqlite3_step (stmt) == SQLITE_ROW)
    taken = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), except) != 0 &&
            ocop_store_pin_matches ((const char *) sqlite3_column_text (stmt, 1), pin);
  sqlite3_reset (stmt);
  if (taken)
    g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID,
                 _("Another cashier already has that PIN: choose another"));
  return !taken;
}

static OcopCashier *
find_cashier (OcopStore   *self,
              const char  *name,
              GError     **error)
{
  sqlite3_stmt *stmt = ocop_store_prepare (self, "SELECT name, supervisor, active FROM cashier WHERE name = ?", error);
  OcopCashier *cashier = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, name ? name : "", -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      cashier = g_new0 (OcopCashier, 1);
      cashier->name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      cashier->supervisor = sqlite3_column_int (stmt, 1) != 0;
      cashier->active = sqlite3_column_int (stmt, 2) != 0;
    }
  sqlite3_reset (stmt);
  if (cashier == NULL)
    g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_NOT_FOUND, _("There is no cashier “%s”"), name ? name : "");
  return cashier;
}

static OcopCashier *
find_active_cashier (OcopStore   *self,
                     const char  *name,
                     GError     **error)
{
  g_autoptr(OcopCashier) cashier = find_cashier (self, name, error);

  if (cashier != NULL && !cashier->active)
    {
      g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID, _("“%s” has been deactivated"), name);
      return NULL;
    }
  return g_steal_pointer (&cashier);
}

gboolean
ocop_store_add_cashier (OcopStore           *self,
                        const OcopApproval  *approval,
                        const char          *name,
                        const char          *pin,
                        gboolean             supervisor,
                        GError             **error)
{
  g_autoptr(OcopCashier) existing = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (name ? name : ""));
  char hash[crypto_pwhash_STRBYTES];

  if (!ocop_store_check_approval (self, approval, error))
    return FALSE;
  if (*trimmed == '\0' || !g_utf8_validate (trimmed, -1, NULL))
    {
      g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID, _("A cashier needs a name"));
      return FALSE;
    }
  /* A deactivated name stays taken: past receipts must keep meaning one
   * person. */
  if ((existing = find_cashier (self, trimmed, NULL)) != NULL)
    {
      g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID,
                   existing->active ? _("There is already a cashier “%s”")
                                    : _("“%s” was deactivated and stays on past receipts: choose another name"),
                   trimmed);
      return FALSE;
    }
  if (!check_pin_format (pin, error) || !check_pin_is_free (self, pin, NULL, error) || !hash_pin (pin, hash, error))
    return FALSE;
  if (!ocop_store_exec (self, "INSERT INTO cashier (name, pin_hash, supervisor) VALUES (?, ?, ?)",
                        error, _("add the cashier"), trimmed, hash, supervisor ? "1" : "0"))
    return FALSE;
  g_message ("cashier %s added, approved by %s", trimmed, ocop_approval_get_approver (approval));
  return TRUE;
}

gboolean
ocop_store_change_cashier_pin (OcopStore           *self,
                               const OcopApproval  *approval,
                               const char          *name,
                               const char          *new_pin,
                               GError             **error)
{
  g_autoptr(OcopCashier) cashier = NULL;
  char hash[crypto_pwhash_STRBYTES];

  if (!ocop_store_check_approval (self, approval, error) ||
      !(cashier = find_active_cashier (self, name, error)) ||
      !check_pin_format (new_pin, error) ||
      !check_pin_is_free (self, new_pin, cashier->name, error) ||
      !hash_pin (new_pin, hash, error))
    return FALSE;
  if (!ocop_store_exec (self, "UPDATE cashier SET pin_hash = ? WHERE name = ? AND active = 1",
                        error, _("change the PIN"), hash, cashier->name))
    return FALSE;
  g_message ("PIN of %s changed, approved by %s", cashier->name, ocop_approval_get_approver (approval));
  return TRUE;
}

static gboolean
count_active_supervisors (OcopStore  *self,
                          gint64     *count,
                          GError    **error)
{
  sqlite3_stmt *stmt = ocop_store_prepare (self, "SELECT count (*) FROM cashier WHERE active = 1 AND supervisor = 1",
                                           error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      ocop_store_fail (self, error, _("count the supervisors"));
      sqlite3_reset (stmt);
      return FALSE;
    }
  *count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
ocop_store_deactivate_cashier (OcopStore           *self,
                               const OcopApproval  *approval,
                               const char          *name,
                               GError             **error)
{
  g_autoptr(OcopCashier) cashier = NULL;
  gint64 supervisors = 0;

  if (!ocop_store_check_approval (self, approval, error) ||
      !(cashier = find_active_cashier (self, name, error)) ||
      !ocop_store_begin (self, error))
    return FALSE;
  /* Counted inside the write transaction: another program cannot
   * deactivate the other supervisor between the count and the update.
   * The schema's trigger holds the same line for any other writer. */
  if (cashier->supervisor && !count_active_supervisors (self, &supervisors, error))
    {
      ocop_store_rollback (self);
      return FALSE;
    }
  if (cashier->supervisor && supervisors <= 1)
    {
      ocop_store_rollback (self);
      g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID,
                   _("%s is the last supervisor: add another supervisor first"), cashier->name);
      return FALSE;
    }
  if (!ocop_store_exec (self, "UPDATE cashier SET active = 0 WHERE name = ?", error, _("deactivate the cashier"),
                        cashier->name))
    {
      ocop_store_rollback (self);
      return FALSE;
    }
  /* A failed commit has rolled back already. */
  if (!ocop_store_commit (self, error))
    return FALSE;
  g_message ("cashier %s deactivated, approved by %s", cashier->name, ocop_approval_get_approver (approval));
  return TRUE;
}
