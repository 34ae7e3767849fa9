/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-sync-reply.c: parsing the hub's reply to an upload batch, apart
 * from the client so that the fuzzer can build it alone. */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "ocop-sync-client.h"

G_DEFINE_QUARK (ocop-sync-error-quark, ocop_sync_error)

/* An empty text parses without error and without a root. */
static gboolean
root_is_object (JsonParser *parser)
{
  JsonNode *root = json_parser_get_root (parser);

  return root != NULL && JSON_NODE_HOLDS_OBJECT (root);
}

static gboolean
reply_int (JsonObject  *object,
           const char  *name,
           gboolean     required,
           gint64      *out,
           GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL && !required)
    return TRUE;
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      g_set_error (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_PROTOCOL,
                   _("The hub's reply has no whole number '%s'"), name);
      return FALSE;
    }
  *out = json_node_get_int (node);
  return TRUE;
}

gboolean
ocop_sync_parse_ack (const char   *text,
                     gsize         length,
                     OcopSyncAck  *ack,
                     GError      **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *root, *checkpoint = NULL;
  JsonNode *node;

  memset (ack, 0, sizeof *ack);
  if (!json_parser_load_from_data (parser, text, (gssize) length, NULL) ||
      !root_is_object (parser))
    {
      g_set_error_literal (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_PROTOCOL, _("The hub's reply is not a JSON object"));
      return FALSE;
    }
  root = json_node_get_object (json_parser_get_root (parser));
  if (!reply_int (root, "epoch", TRUE, &ack->epoch, error) ||
      !reply_int (root, "acked_through", TRUE, &ack->acked_through, error) ||
      !reply_int (root, "inserted", FALSE, &ack->inserted, error) ||
      !reply_int (root, "duplicates", FALSE, &ack->duplicates, error) ||
      !reply_int (root, "hub_time_us", FALSE, &ack->hub_time_us, error))
    return FALSE;
  if (ack->acked_through < 0 || ack->epoch < 1)
    {
      g_set_error_literal (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_PROTOCOL,
                           _("The hub's reply has a negative acknowledgement or epoch"));
      return FALSE;
    }
  node = json_object_get_member (root, "checkpoint");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    checkpoint = json_node_get_object (node);
  node = checkpoint ? json_object_get_member (checkpoint, "status") : NULL;
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    ack->checkpoint_status = g_strdup (json_node_get_string (node));
  return TRUE;
}

