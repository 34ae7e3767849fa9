/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-sync-enroll.c: joining a hub: a one-time code traded for this
 * device's id and token, kept in the store with how the hub is trusted. */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ocop-sync-private.h"

static GBytes *
enroll_body (OcopStore  *store,
             const char *code)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(OcopBooth) booth = ocop_store_get_current_booth (store, NULL);
  char *text;

  json_builder_begin_object (builder);
  ocop_sync_add_member_string (builder, "code", code);
  ocop_sync_add_member_string (builder, "device_uuid", ocop_store_get_device_id (store));
  if (booth != NULL)
    ocop_sync_add_booth (builder, booth);
  json_builder_end_object (builder);
  text = ocop_sync_builder_to_text (builder);
  return g_bytes_new_take (text, strlen (text));
}

/* Keeps the hub's answer with how the hub is trusted in @state, which
 * @fields says which to save. */
static gboolean
read_enrollment (OcopSyncClientState       *state,
                 OcopSyncClientField  *fields,
                 const char          *reply,
                 gsize                length,
                 GError             **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *root;
  const char *device_id, *token;
  JsonNode *fair;

  if (!json_parser_load_from_data (parser, reply, (gssize) length, NULL) ||
      !ocop_sync_root_is_object (parser) ||
      !(root = json_node_get_object (json_parser_get_root (parser))) ||
      !json_object_has_member (root, "device_id") || !json_object_has_member (root, "token") ||
      !(device_id = json_object_get_string_member (root, "device_id")) ||
      !(token = json_object_get_string_member (root, "token")))
    {
      g_set_error_literal (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_PROTOCOL,
                           _("The hub's enrollment reply has no device id and token"));
      return FALSE;
    }
  state->device_id = g_strdup (device_id);
  state->token = g_strdup (token);
  /* The fair's id names its totals on the hub (the Organizer page). */
  fair = json_object_get_member (root, "fair");
  if (fair != NULL && JSON_NODE_HOLDS_VALUE (fair) && json_node_get_value_type (fair) == G_TYPE_STRING)
    {
      state->fair = g_strdup (json_node_get_string (fair));
      *fields |= OCOP_SYNC_FIELD_FAIR;
    }
  return TRUE;
}

gboolean
ocop_sync_client_enroll (OcopSyncClient  *self,
                         const char      *hub_url,
                         const char      *code,
                         GCancellable    *cancellable,
                         GError         **error)
{
  g_autoptr(OcopStore) store = ocop_store_open (self->store_path, error);
  g_autofree char *url = NULL;
  g_autoptr(GBytes) body = NULL;
  g_auto(OcopSyncExchange) exchange = { 0 };
  g_auto(OcopSyncClientState) state = { 0 };
  OcopSyncClientField fields = OCOP_SYNC_FIELD_ENROLLMENT | OCOP_SYNC_FIELD_TRUST;
  long status;

  if (store == NULL || !ocop_sync_check_https (hub_url, self->ca_pem, self->pin, error))
    return FALSE;
  url = ocop_sync_hub_endpoint (hub_url, "/v1/enroll");
  body = enroll_body (store, code);
  ocop_sync_exchange_init (&exchange, cancellable);
  /* An enrollment says how the hub is trusted: by what was set for it,
   * else by the system's CAs. */
  status = ocop_sync_request ("POST", url, self->ca_pem, self->pin, NULL, body, &exchange, error);
  if (!ocop_sync_expect_status (status, 201, &exchange, error))
    return FALSE;
  state.hub_url = g_strdup (hub_url);
  state.ca_pem = g_strdup (self->ca_pem);
  state.pinned_key = g_strdup (self->pin);
  return read_enrollment (&state, &fields, (const char *) exchange.body->data, exchange.body->len, error) &&
         ocop_store_save_sync_state (store, &state, fields, error);
}
