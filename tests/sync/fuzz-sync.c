/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-sync.c: libFuzzer target for what the network hands us: the hub's
 * body decoding and batch parsing, the client's reply parsing (upload
 * acks, and catalog replies after a first byte 'C'), and the JSON gate
 * that all of them read through (after a first byte 'J'). The first byte
 * picks the parser; the rest is the input. */

#include <stdint.h>
#include <string.h>

#include "ocop-hub-batch.h"
#include "ocop-json.h"
#include "ocop-sync-client.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  /* A critical from GLib or json-glib is a bug (an unchecked NULL): crash
   * so that libFuzzer keeps the input. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

static void
parse_batch (const char *text,
             gsize       length)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopHubBatch) batch = ocop_hub_batch_parse (text, length, &error);

  g_assert ((batch == NULL) == (error != NULL));
}

/* The deepest nesting of the tree under @root, measured without recursion
 * so that a gate that let a deep text through is reported here rather
 * than as a crash of this check. */
static guint
tree_depth (JsonNode *root)
{
  g_autoptr(GPtrArray) nodes = g_ptr_array_new ();
  g_autoptr(GArray) depths = g_array_new (FALSE, FALSE, sizeof (guint));
  guint deepest = 0;

  g_ptr_array_add (nodes, root);
  g_array_append_vals (depths, &deepest, 1);
  while (nodes->len > 0)
    {
      JsonNode *node = g_ptr_array_steal_index_fast (nodes, nodes->len - 1);
      guint depth = g_array_index (depths, guint, depths->len - 1) + 1;
      g_autoptr(GList) children = NULL;

      g_array_set_size (depths, depths->len - 1);
      if (JSON_NODE_HOLDS_ARRAY (node))
        children = json_array_get_elements (json_node_get_array (node));
      else if (JSON_NODE_HOLDS_OBJECT (node))
        children = json_object_get_values (json_node_get_object (node));
      else
        continue;
      deepest = MAX (deepest, depth);
      for (GList *l = children; l != NULL; l = l->next)
        {
          g_ptr_array_add (nodes, l->data);
          g_array_append_vals (depths, &depth, 1);
        }
    }
  return deepest;
}

/* Whatever the gate lets through json-glib has parsed no deeper than the
 * bound: a text it reads differently from json-glib (strings, escapes)
 * shows up here as a tree deeper than OCOP_JSON_MAX_DEPTH. */
static void
check_gate (const char *text,
            gsize       length)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) error = NULL;

  if (ocop_json_load (parser, text, (gssize) length, 1024 * 1024, &error))
    g_assert (json_parser_get_root (parser) == NULL ||
              tree_depth (json_parser_get_root (parser)) <= OCOP_JSON_MAX_DEPTH);
  else
    g_assert (error->domain == OCOP_JSON_ERROR);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  if (size < 1)
    return 0;
  /* The gate reads the bytes as given, NUL included. */
  if (data[0] == 'J')
    {
      check_gate ((const char *) data + 1, size - 1);
      return 0;
    }
  /* Both parsers get NUL-terminated text of the given length, as the hub
   * and the client hand it over. */
  text = g_strndup ((const char *) data + 1, size - 1);
  /* 'C' apart, so that the earlier regression inputs keep their parser. */
  if (data[0] == 'C')
    {
      g_auto(OcopSyncCatalog) catalog = { 0 };

      if (ocop_sync_parse_catalog (text, strlen (text), 1, &catalog, &error))
        g_assert (catalog.withdrawn != NULL);
      else
        g_assert (catalog.withdrawn == NULL && catalog.products == NULL);
      return 0;
    }
  switch (data[0] % 3)
    {
    case 0:
      parse_batch (text, strlen (text));
      break;
    case 1:
      {
        g_autoptr(GBytes) body = ocop_hub_decode_body ("gzip", data + 1, size - 1, &error);

        if (body != NULL)
          {
            gsize length = 0;
            const char *inflated = g_bytes_get_data (body, &length);
            g_autofree char *copy = g_strndup (inflated, length);

            parse_batch (copy, strlen (copy));
          }
        break;
      }
    default:
      {
        OcopSyncAck ack;

        if (ocop_sync_parse_ack (text, strlen (text), &ack, &error))
          g_free (ack.checkpoint_status);
        break;
      }
    }
  return 0;
}
