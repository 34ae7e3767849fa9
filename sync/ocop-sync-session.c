/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-sync-session.c: an organizer's session at the hub (POST and DELETE
 * /v1/session), held in the client's memory only and wiped when it ends. */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ocop-sync-private.h"
#include "ocop-sync-protocol.h"

char *
ocop_sync_client_dup_session_token (OcopSyncClient *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->session_lock);

  return g_strdup (self->session_token);
}

void
ocop_sync_client_forget_session (OcopSyncClient *self,
                                 const char     *token)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->session_lock);

  if (self->session_token == NULL || (token != NULL && !g_str_equal (token, self->session_token)))
    return;
  /* The token is a password for the next 12 hours: wiped, not just freed. */
  explicit_bzero (self->session_token, strlen (self->session_token));
  g_clear_pointer (&self->session_token, g_free);
  g_clear_pointer (&self->organizer, g_free);
}

static void
keep_session (OcopSyncClient *self,
              const char     *token,
              const char     *organizer)
{
  ocop_sync_client_forget_session (self, NULL);
  g_mutex_lock (&self->session_lock);
  self->session_token = g_strdup (token);
  self->organizer = g_strdup (organizer);
  g_mutex_unlock (&self->session_lock);
}

char *
ocop_sync_client_dup_organizer (OcopSyncClient *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->session_lock);

  return g_strdup (self->organizer);
}

/* What holds a password is wiped before it goes back to malloc. */
static void
wipe_and_free (char *text)
{
  if (text != NULL)
    explicit_bzero (text, strlen (text));
  g_free (text);
}

static GBytes *
sign_in_body (const char *name,
              const char *password)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  char *text;

  json_builder_begin_object (builder);
  ocop_sync_add_member_string (builder, "name", name);
  ocop_sync_add_member_string (builder, "password", password);
  json_builder_end_object (builder);
  text = ocop_sync_builder_to_text (builder);
  return g_bytes_new_with_free_func (text, strlen (text), (GDestroyNotify) wipe_and_free, text);
}

static gboolean
keep_signed_in_session (OcopSyncClient    *self,
                        OcopSyncExchange  *reply,
                        GError           **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *root = ocop_sync_exchange_object (parser, reply);
  const char *token = ocop_sync_member_string (root, OCOP_SYNC_SESSION_TOKEN);
  const char *organizer = ocop_sync_member_string (root, OCOP_SYNC_SESSION_ORGANIZER);

  if (token == NULL || organizer == NULL)
    {
      g_set_error_literal (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_PROTOCOL,
                           _("The hub's sign-in reply has no session token"));
      return FALSE;
    }
  keep_session (self, token, organizer);
  return TRUE;
}

/* The session's address at the store's hub, and in @state how that hub
 * is trusted. */
static char *
session_url (OcopSyncClient       *self,
             OcopSyncClientState  *state,
             GError              **error)
{
  if (!ocop_sync_client_load_state (self, state, error))
    return NULL;
  if (state->hub_url == NULL)
    {
      g_set_error_literal (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_NOT_ENROLLED,
                           _("This laptop has not joined a hub yet"));
      return NULL;
    }
  return ocop_sync_hub_endpoint (state->hub_url, "/v1/session");
}

gboolean
ocop_sync_client_sign_in (OcopSyncClient  *self,
                          const char      *name,
                          const char      *password,
                          GCancellable    *cancellable,
                          GError         **error)
{
  g_auto(OcopSyncClientState) state = { 0 };
  g_autofree char *url = session_url (self, &state, error);
  g_autoptr(GBytes) body = NULL;
  g_auto(OcopSyncExchange) exchange = { 0 };
  OcopSyncTrust trust;
  gboolean kept;
  long status;

  if (url == NULL)
    return FALSE;
  /* Refused before the body is built when the way is plain http to
   * another computer, whatever the booth allowed. */
  trust = ocop_sync_client_trust (self, &state);
  trust.password = TRUE;
  body = sign_in_body (name, password);
  ocop_sync_exchange_init (&exchange, cancellable);
  status = ocop_sync_request ("POST", url, &trust, NULL, body, &exchange, error);
  if (!ocop_sync_expect_status (status, 201, &exchange, error))
    return FALSE;
  kept = keep_signed_in_session (self, &exchange, error);
  /* The reply holds the token: wiped like the copy that was freed. */
  explicit_bzero (exchange.body->data, exchange.body->len);
  return kept;
}

gboolean
ocop_sync_client_sign_out (OcopSyncClient  *self,
                           GCancellable    *cancellable,
                           GError         **error)
{
  g_autofree char *token = ocop_sync_client_dup_session_token (self);
  g_autofree char *url = NULL;
  g_auto(OcopSyncExchange) exchange = { 0 };
  g_auto(OcopSyncClientState) state = { 0 };
  OcopSyncTrust trust;
  long status;

  if (token == NULL)
    return TRUE;
  /* Forgotten first: whatever the hub answers, this till reads no more
   * with it. */
  ocop_sync_client_forget_session (self, token);
  if (!(url = session_url (self, &state, error)))
    return FALSE;
  ocop_sync_exchange_init (&exchange, cancellable);
  trust = ocop_sync_client_trust (self, &state);
  status = ocop_sync_request ("DELETE", url, &trust, token, NULL, &exchange, error);
  return ocop_sync_expect_status (status, 200, &exchange, error);
}
