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

static gboolean
save_enrollment (OcopStore   *store,
                 const char  *hub_url,
                 const char  *reply,
                 gsize        length,
                 GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *root;
  const char *device_id, *token;

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
  /* The fair's id names its totals on the hub (the Organizer page). */
  if (json_object_has_member (root, "fair") && JSON_NODE_HOLDS_VALUE (json_object_get_member (root, "fair")) &&
      json_node_get_value_type (json_object_get_member (root, "fair")) == G_TYPE_STRING &&
      !ocop_store_set_sync_value (store, "fair", json_object_get_string_member (root, "fair"), error))
    return FALSE;
  return ocop_store_set_sync_value (store, "hub_url", hub_url, error) &&
         ocop_store_set_sync_value (store, "device_id", device_id, error) &&
         ocop_store_set_sync_value (store, "token", token, error);
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
  CURL *curl;
  long status;

  if (store == NULL || !ocop_sync_check_https (hub_url, self->ca_pem, self->pin, error))
    return FALSE;
  url = ocop_sync_hub_endpoint (hub_url, "/v1/enroll");
  body = enroll_body (store, code);
  ocop_sync_exchange_init (&exchange, cancellable);
  /* An enrollment says how the hub is trusted: by what was set for it,
   * else by the system's CAs. */
  curl = ocop_sync_new_handle (self->ca_pem, self->pin);
  status = ocop_sync_post (curl, url, NULL, FALSE, body, &exchange, error);
  curl_easy_cleanup (curl);
  if (!ocop_sync_expect_status (status, 201, &exchange, error))
    return FALSE;
  return ocop_store_set_sync_value (store, "ca_pem", self->ca_pem, error) &&
         ocop_store_set_sync_value (store, "pinned_key", self->pin, error) &&
         save_enrollment (store, hub_url, (const char *) exchange.body->data, exchange.body->len, error);
}
