/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-sync-enroll.c: joining a hub: a one-time code traded for this
 * device's id and token, kept in the store with how the hub is trusted. */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ocop-sync-private.h"
#include "ocop-sync-protocol.h"

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
read_enrollment (OcopSyncClientState  *state,
                 OcopSyncClientField  *fields,
                 OcopSyncExchange     *reply,
                 GError              **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *root = ocop_sync_exchange_object (parser, reply);
  const char *device_id = ocop_sync_member_string (root, OCOP_SYNC_ENROLLMENT_DEVICE_ID);
  const char *token = ocop_sync_member_string (root, OCOP_SYNC_ENROLLMENT_TOKEN);
  const char *fair = ocop_sync_member_string (root, OCOP_SYNC_ENROLLMENT_FAIR);

  if (device_id == NULL || token == NULL)
    {
      g_set_error_literal (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_PROTOCOL,
                           _("The hub's enrollment reply has no device id and token"));
      return FALSE;
    }
  state->device_id = g_strdup (device_id);
  state->token = g_strdup (token);
  /* The fair's id names its totals on the hub (the Organizer page). */
  if (fair != NULL)
    {
      state->fair = g_strdup (fair);
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
  OcopSyncTrust trust = { self->ca_pem, self->pin, ocop_sync_client_get_allow_http (self), FALSE };
  long status;

  if (store == NULL)
    return FALSE;
  url = ocop_sync_hub_endpoint (hub_url, "/v1/enroll");
  body = enroll_body (store, code);
  ocop_sync_exchange_init (&exchange, cancellable);
  /* An enrollment says how the hub is trusted: by what was set for it,
   * else by the system's CAs. */
  status = ocop_sync_request ("POST", url, &trust, NULL, body, &exchange, error);
  if (!ocop_sync_expect_status (status, 201, &exchange, error))
    return FALSE;
  state.hub_url = g_strdup (hub_url);
  state.ca_pem = g_strdup (self->ca_pem);
  state.pinned_key = g_strdup (self->pin);
  return read_enrollment (&state, &fields, &exchange, error) &&
         ocop_store_save_sync_state (store, &state, fields, error);
}
