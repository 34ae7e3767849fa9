/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-sync.c: libFuzzer target for what the network hands us: the hub's
 * body decoding and batch parsing, and the client's reply parsing (upload
 * acks, and catalog replies after a first byte 'C'). The first byte picks
 * the parser; the rest is the input. */

#include <stdint.h>
#include <string.h>

#include "ocop-hub-batch.h"
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

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  if (size < 1)
    return 0;
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
