/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-sync-totals.c: the hub's totals of this device's fair, read with
 * the organizer's session when one is signed in, else with the device's
 * token (docs/sync-protocol.md, "Read side"). */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ocop-sync-private.h"

static gboolean
member_is_int (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64;
}

static JsonNode *
parse_totals (OcopSyncExchange  *reply,
              GError           **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *root = ocop_sync_exchange_object (parser, reply);

  if (root == NULL || !member_is_int (root, "as_of_us") || !member_is_int (root, "sales") ||
      !member_is_int (root, "revenue") || !member_is_int (root, "visitors"))
    {
      g_set_error_literal (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_PROTOCOL,
                           _("The hub's totals have no as_of_us, sales, revenue and visitors"));
      return NULL;
    }
  return json_node_ref (json_parser_get_root (parser));
}

/* The hub no longer knows the session (it expired, or the organizer
 * signed out elsewhere): keeping it would only be refused again. */
static void
set_needs_organizer (OcopSyncClient    *self,
                     const char        *session,
                     long               status,
                     OcopSyncExchange  *exchange,
                     GError           **error)
{
  g_autoptr(GError) refusal = NULL;

  if (session != NULL && status == 401)
    ocop_sync_client_forget_session (self, session);
  ocop_sync_set_http_error (status, exchange, &refusal);
  g_set_error_literal (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_NEEDS_ORGANIZER, refusal->message);
}

JsonNode *
ocop_sync_client_fetch_totals (OcopSyncClient  *self,
                               const char      *day,
                               GCancellable    *cancellable,
                               GError         **error)
{
  g_autofree char *escaped = NULL, *path = NULL, *url = NULL;
  g_autofree char *session = NULL;
  g_auto(OcopSyncExchange) exchange = { 0 };
  g_auto(OcopSyncClientState) state = { 0 };
  const char *token;
  OcopSyncTrust trust;
  long status;

  if (!ocop_sync_client_load_state (self, &state, error))
    return NULL;
  session = ocop_sync_client_dup_session_token (self);
  token = session ? session : state.token;
  if (state.hub_url == NULL || state.fair == NULL || token == NULL)
    {
      g_set_error_literal (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_NOT_ENROLLED,
                           _("This laptop has not joined a hub yet"));
      return NULL;
    }
  escaped = g_uri_escape_string (state.fair, NULL, FALSE);
  path = day ? g_strdup_printf ("/v1/fairs/%s/totals?day=%s", escaped, day) : g_strdup_printf ("/v1/fairs/%s/totals", escaped);
  url = ocop_sync_hub_endpoint (state.hub_url, path);
  ocop_sync_exchange_init (&exchange, cancellable);
  trust = ocop_sync_client_trust (self, &state);
  status = ocop_sync_request ("GET", url, &trust, token, NULL, &exchange, error);
  if (status == 401 || status == 403)
    {
      set_needs_organizer (self, session, status, &exchange, error);
      return NULL;
    }
  if (!ocop_sync_expect_status (status, 200, &exchange, error))
    return NULL;
  return parse_totals (&exchange, error);
}
