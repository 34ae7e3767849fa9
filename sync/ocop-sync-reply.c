/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-sync-reply.c: parsing the hub's replies to an upload batch and to
 * a catalog request, apart from the client so that the fuzzer can build
 * them alone. */

#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "ocop-json.h"
#include "ocop-sync-client.h"
#include "ocop-sync-protocol.h"

G_DEFINE_QUARK (ocop-sync-error-quark, ocop_sync_error)

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
  g_autoptr(GError) json_error = NULL;
  JsonObject *root, *checkpoint = NULL;
  JsonNode *node;

  memset (ack, 0, sizeof *ack);
  if (!ocop_json_load (parser, text, (gssize) length, OCOP_SYNC_MAX_REPLY_BYTES, &json_error) ||
      !(root = ocop_json_root_object (parser)))
    {
      ocop_json_set_error (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_PROTOCOL, _("The hub's reply is not a JSON object"),
                           json_error);
      return FALSE;
    }
  if (!reply_int (root, OCOP_SYNC_ACK_EPOCH, TRUE, &ack->epoch, error) ||
      !reply_int (root, OCOP_SYNC_ACK_ACKED_THROUGH, TRUE, &ack->acked_through, error) ||
      !reply_int (root, OCOP_SYNC_ACK_INSERTED, FALSE, &ack->inserted, error) ||
      !reply_int (root, OCOP_SYNC_ACK_DUPLICATES, FALSE, &ack->duplicates, error) ||
      !reply_int (root, OCOP_SYNC_ACK_HUB_TIME_US, FALSE, &ack->hub_time_us, error))
    return FALSE;
  if (ack->acked_through < 0 || ack->epoch < 1)
    {
      g_set_error_literal (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_PROTOCOL,
                           _("The hub's reply has a negative acknowledgement or epoch"));
      return FALSE;
    }
  node = json_object_get_member (root, OCOP_SYNC_ACK_CHECKPOINT);
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    checkpoint = json_node_get_object (node);
  node = checkpoint ? json_object_get_member (checkpoint, OCOP_SYNC_ACK_CHECKPOINT_STATUS) : NULL;
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    ack->checkpoint_status = g_strdup (json_node_get_string (node));
  return TRUE;
}


void
ocop_sync_catalog_clear (OcopSyncCatalog *catalog)
{
  g_clear_pointer (&catalog->products, g_free);
  g_clear_pointer (&catalog->withdrawn, g_strfreev);
}

static gboolean
catalog_fail (GError     **error,
              const char  *format,
              ...) G_GNUC_PRINTF (2, 3);

static gboolean
catalog_fail (GError     **error,
              const char  *format,
              ...)
{
  g_autofree char *problem = NULL;
  va_list args;

  va_start (args, format);
  problem = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_PROTOCOL, _("The hub's catalog reply is unusable: %s"),
               problem);
  return FALSE;
}

static gboolean
read_withdrawn (JsonObject       *root,
                OcopSyncCatalog  *catalog,
                GError          **error)
{
  JsonNode *node = json_object_get_member (root, OCOP_SYNC_CATALOG_REPLY_WITHDRAWN);
  g_autoptr(GStrvBuilder) skus = g_strv_builder_new ();
  JsonArray *array;

  if (node != NULL && !JSON_NODE_HOLDS_ARRAY (node))
    return catalog_fail (error, _("'withdrawn' is not a list"));
  array = node ? json_node_get_array (node) : NULL;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *sku = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (sku) || json_node_get_value_type (sku) != G_TYPE_STRING ||
          *json_node_get_string (sku) == '\0')
        return catalog_fail (error, _("item %u of 'withdrawn' is not a sku"), i + 1);
      g_strv_builder_add (skus, json_node_get_string (sku));
    }
  catalog->withdrawn = g_strv_builder_end (skus);
  if (catalog->full && catalog->withdrawn[0] != NULL)
    return catalog_fail (error, _("a whole catalog names withdrawn products"));
  return TRUE;
}

static gboolean
read_products (JsonObject       *root,
               OcopSyncCatalog  *catalog,
               GError          **error)
{
  JsonNode *node = json_object_get_member (root, OCOP_SYNC_CATALOG_REPLY_PRODUCTS);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return catalog_fail (error, _("'products' is not CSV text"));
  catalog->products = g_strdup (json_node_get_string (node));
  return TRUE;
}

gboolean
ocop_sync_parse_catalog (const char       *text,
                         gsize             length,
                         gint64            asked,
                         OcopSyncCatalog  *catalog,
                         GError          **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) json_error = NULL;
  JsonObject *root;
  JsonNode *full;

  memset (catalog, 0, sizeof *catalog);
  if (!ocop_json_load (parser, text, (gssize) length, OCOP_SYNC_MAX_CATALOG_BYTES, &json_error))
    return catalog_fail (error, "%s: %s", _("it is not a JSON object"), json_error->message);
  if (!(root = ocop_json_root_object (parser)))
    return catalog_fail (error, _("it is not a JSON object"));
  if (!reply_int (root, OCOP_SYNC_CATALOG_REPLY_VERSION, TRUE, &catalog->version, error) ||
      !reply_int (root, OCOP_SYNC_CATALOG_REPLY_SINCE, TRUE, &catalog->since, error))
    return FALSE;
  full = json_object_get_member (root, OCOP_SYNC_CATALOG_REPLY_FULL);
  if (full == NULL || !JSON_NODE_HOLDS_VALUE (full) || json_node_get_value_type (full) != G_TYPE_BOOLEAN)
    return catalog_fail (error, _("'full' is not true or false"));
  catalog->full = json_node_get_boolean (full);
  if (catalog->full != (catalog->since == 0))
    return catalog_fail (error, _("'full' is %s but 'since' is %" PRId64),
                         catalog->full ? "true" : "false", catalog->since);
  /* A delta from another version than ours would skip or repeat changes. */
  if (!catalog->full && catalog->since != asked)
    return catalog_fail (error, _("a delta since version %" PRId64 " answers a request since %" PRId64),
                         catalog->since, asked);
  if (catalog->version <= catalog->since)
    return catalog_fail (error, _("version %" PRId64 " is not after %" PRId64),
                         catalog->version, catalog->since);
  if (!read_products (root, catalog, error) || !read_withdrawn (root, catalog, error))
    {
      ocop_sync_catalog_clear (catalog);
      return FALSE;
    }
  return TRUE;
}
