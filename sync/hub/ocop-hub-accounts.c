/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-hub-accounts.c: organizers' logins, sessions and the limits on
 * failed logins, over the hub's storage backend. */

#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <sodium.h>

#include "ocop-hub-accounts.h"
#include "ocop-hub-enroll.h"
#include "ocop-hub-gettext.h"

struct _OcopHubAccounts {
  GObject          parent_instance;
  OcopHubBackend  *backend;
  GMutex           lock;
  /* Kept in memory: a restart forgets them, which costs an attacker a
   * restart of the hub they cannot cause. */
  OcopHubLoginLimit *limit;
  /* Verified when the name is unknown, so that a wrong name takes as long
   * as a wrong password and does not reveal which names exist. */
  char            *decoy_hash;
};

G_DEFINE_FINAL_TYPE (OcopHubAccounts, ocop_hub_accounts, G_TYPE_OBJECT)

static void
ocop_hub_accounts_finalize (GObject *object)
{
  OcopHubAccounts *self = OCOP_HUB_ACCOUNTS (object);

  ocop_hub_login_limit_free (self->limit);
  g_free (self->decoy_hash);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (ocop_hub_accounts_parent_class)->finalize (object);
}

static void
ocop_hub_accounts_class_init (OcopHubAccountsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ocop_hub_accounts_finalize;
}

static void
ocop_hub_accounts_init (OcopHubAccounts *self)
{
  g_mutex_init (&self->lock);
  self->limit = ocop_hub_login_limit_new (OCOP_HUB_LOGIN_LIMIT_CAPACITY);
}

OcopHubAccounts *
ocop_hub_accounts_new (OcopHubBackend *backend)
{
  OcopHubAccounts *self = g_object_new (OCOP_TYPE_HUB_ACCOUNTS, NULL);

  self->backend = backend;
  return self;
}

gboolean
ocop_hub_accounts_check_name (const char  *name,
                              GError     **error)
{
  if (name == NULL || *name == '\0' || strlen (name) > OCOP_HUB_NAME_MAX_BYTES ||
      !g_utf8_validate (name, -1, NULL))
    {
      g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID,
                   _("An organizer's name is 1 to %d bytes of UTF-8 text"), OCOP_HUB_NAME_MAX_BYTES);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_password_size (const char  *password,
                     GError     **error)
{
  if (strlen (password) > OCOP_HUB_PASSWORD_MAX_BYTES)
    {
      g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID,
                   _("The password is longer than %d bytes"), OCOP_HUB_PASSWORD_MAX_BYTES);
      return FALSE;
    }
  return TRUE;
}

char *
ocop_hub_accounts_hash_password (const char  *password,
                                 GError     **error)
{
  char hash[crypto_pwhash_STRBYTES];

  if (g_utf8_strlen (password, -1) < OCOP_HUB_PASSWORD_MIN_LENGTH)
    {
      g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID,
                   _("The password is too short: it needs at least %d characters"), OCOP_HUB_PASSWORD_MIN_LENGTH);
      return NULL;
    }
  if (!check_password_size (password, error))
    return NULL;
  if (sodium_init () < 0 ||
      crypto_pwhash_str_alg (hash, password, strlen (password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error_literal (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_FAILED,
                           _("Not enough memory to hash the password"));
      return NULL;
    }
  return g_strdup (hash);
}

/* ---- logins and sessions ---- */

static gboolean
password_matches (OcopHubAccounts *self,
                  const char      *name,
                  const char      *password,
                  GError         **error)
{
  g_autoptr(GError) lookup_error = NULL;
  g_autofree char *stored = ocop_hub_backend_organizer_password (self->backend, name, &lookup_error);
  const char *hash = stored;

  if (stored == NULL && !g_error_matches (lookup_error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&lookup_error));
      return FALSE;
    }
  if (stored == NULL)
    {
      g_mutex_lock (&self->lock);
      if (self->decoy_hash == NULL)
        self->decoy_hash = ocop_hub_accounts_hash_password ("decoy password, never matched", NULL);
      hash = self->decoy_hash;
      g_mutex_unlock (&self->lock);
    }
  if (hash != NULL && crypto_pwhash_str_verify (hash, password, strlen (password)) == 0 && stored != NULL)
    return TRUE;
  g_set_error_literal (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_UNAUTHORIZED, _("Wrong name or password"));
  return FALSE;
}

static gboolean
may_try_now (OcopHubAccounts  *self,
             const char       *name,
             const char       *address,
             gint64            now_us,
             gint64           *retry_after_s,
             GError          **error)
{
  gint64 wait = ocop_hub_login_limit_wait (self->limit, name, address, now_us);

  if (wait == 0)
    return TRUE;
  *retry_after_s = wait;
  g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_RATE_LIMITED,
               _("Too many failed logins: try again in %" PRId64 " seconds"), wait);
  return FALSE;
}

/* A new session, and the ones that have expired go: a session is deleted
 * when it ends by its owner's sign-out, and here once its time is up. */
static char *
open_session (OcopHubAccounts  *self,
              const char       *name,
              gint64            now_us,
              GError          **error)
{
  g_autofree char *token = ocop_hub_new_token ();
  g_autofree char *token_hash = ocop_hub_hash_secret (token);

  if (!ocop_hub_backend_remove_expired_sessions (self->backend, now_us, error) ||
      !ocop_hub_backend_add_session (self->backend, token_hash, name, now_us + OCOP_HUB_SESSION_LIFETIME_US, error))
    return NULL;
  return g_steal_pointer (&token);
}

char *
ocop_hub_accounts_log_in (OcopHubAccounts  *self,
                          const char       *name,
                          const char       *password,
                          const char       *address,
                          gint64            now_us,
                          gint64           *retry_after_s,
                          GError          **error)
{
  GError *check_error = NULL;

  *retry_after_s = 0;
  if (address == NULL)
    address = "?";
  /* Bounds first: a name of a megabyte is refused before the limiter or
   * the database sees it, and costs the hub nothing it keeps. */
  if (name == NULL || password == NULL || *name == '\0')
    {
      g_set_error_literal (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_UNAUTHORIZED, _("Wrong name or password"));
      return NULL;
    }
  if (!ocop_hub_accounts_check_name (name, error) || !check_password_size (password, error) ||
      !may_try_now (self, name, address, now_us, retry_after_s, error))
    return NULL;
  if (!password_matches (self, name, password, &check_error))
    {
      if (g_error_matches (check_error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_UNAUTHORIZED))
        ocop_hub_login_limit_fail (self->limit, name, address, now_us);
      g_propagate_error (error, check_error);
      return NULL;
    }
  return open_session (self, name, now_us, error);
}

char *
ocop_hub_accounts_check_session (OcopHubAccounts  *self,
                                 const char       *token,
                                 gint64            now_us,
                                 GError          **error)
{
  g_autofree char *token_hash = NULL;

  if (token == NULL || *token == '\0')
    {
      g_set_error_literal (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_UNAUTHORIZED, _("Log in to see the dashboard"));
      return NULL;
    }
  token_hash = ocop_hub_hash_secret (token);
  return ocop_hub_backend_find_session (self->backend, token_hash, now_us, error);
}

gboolean
ocop_hub_accounts_log_out (OcopHubAccounts  *self,
                           const char       *token,
                           GError          **error)
{
  g_autofree char *token_hash = NULL;

  if (token == NULL)
    return TRUE;
  token_hash = ocop_hub_hash_secret (token);
  return ocop_hub_backend_remove_session (self->backend, token_hash, error);
}

gboolean
ocop_hub_accounts_any_exist (OcopHubAccounts  *self,
                             gboolean         *any,
                             GError          **error)
{
  /* Asked on each request rather than cached: `ocop-hub user add` runs in
   * another process, and the first account must close the totals at once. */
  gint64 count = ocop_hub_backend_count (self->backend, "organizers");

  if (count < 0)
    {
      g_set_error_literal (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_FAILED, _("Cannot read the organizer accounts"));
      return FALSE;
    }
  *any = count > 0;
  return TRUE;
}
