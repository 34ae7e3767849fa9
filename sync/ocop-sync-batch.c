/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-sync-batch.c: the bodies the client sends: an upload batch of
 * outbox events (with the booth, the clocks and the checkpoint) gzipped
 * for the wire, and the JSON members enrollment and sign-in share with it
 * (docs/sync-protocol.md). */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <zlib.h>

#include "ocop-sync-private.h"
#include "ocop-sync-protocol.h"

/* zlib's level 6: level 1 would save about 8% of a round's CPU but send
 * 154 bytes per sale instead of 121, and a fair's uplink (3G, shared
 * Wi-Fi) is scarcer than the laptop's CPU. */
#define GZIP_LEVEL           6

GBytes *
ocop_sync_gzip (const char  *text,
                gsize        length,
                GError     **error)
{
  z_stream stream = { 0 };
  gsize bound;
  guint8 *out;
  int rc;

  /* 16 + MAX_WBITS: a gzip wrapper, as Content-Encoding: gzip says. */
  if (deflateInit2 (&stream, GZIP_LEVEL, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    {
      g_set_error_literal (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_STORE, _("Cannot start compressing"));
      return NULL;
    }
  bound = deflateBound (&stream, length) + 32;
  out = g_malloc (bound);
  stream.next_in = (Bytef *) text;
  stream.avail_in = (uInt) length;
  stream.next_out = out;
  stream.avail_out = (uInt) bound;
  rc = deflate (&stream, Z_FINISH);
  deflateEnd (&stream);
  if (rc != Z_STREAM_END)
    {
      g_free (out);
      g_set_error_literal (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_STORE, _("Cannot compress the batch"));
      return NULL;
    }
  return g_bytes_new_take (out, stream.total_out);
}

void
ocop_sync_add_member_int (JsonBuilder *builder,
                          const char  *name,
                          gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

void
ocop_sync_add_member_string (JsonBuilder *builder,
                             const char  *name,
                             const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
ocop_sync_add_booth (JsonBuilder *builder,
                     OcopBooth   *booth)
{
  json_builder_set_member_name (builder, OCOP_SYNC_BATCH_BOOTH);
  json_builder_begin_object (builder);
  ocop_sync_add_member_string (builder, OCOP_SYNC_BOOTH_CODE, booth->code);
  ocop_sync_add_member_string (builder, OCOP_SYNC_BOOTH_NAME, booth->name);
  ocop_sync_add_member_string (builder, OCOP_SYNC_BOOTH_LOCALITY, booth->locality);
  json_builder_set_member_name (builder, OCOP_SYNC_BOOTH_IN_PROVINCE);
  json_builder_add_boolean_value (builder, booth->in_province);
  json_builder_end_object (builder);
}

char *
ocop_sync_builder_to_text (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* ---- the clocks ---- */

/* The hub's clock now, by the anchor of the last sync plus the monotonic
 * time since; 0 when there is none or the machine restarted since (the
 * monotonic clock starts again at boot). */
static gint64
anchored_now_us (const OcopSyncClientState *state)
{
  g_autofree char *boot_now = NULL;

  if (state->anchor_hub_us == 0 || state->anchor_mono_us == 0 || state->anchor_boot == NULL ||
      !g_file_get_contents ("/proc/sys/kernel/random/boot_id", &boot_now, NULL, NULL) ||
      !g_str_equal (g_strstrip (boot_now), state->anchor_boot))
    return 0;
  return state->anchor_hub_us + g_get_monotonic_time () - state->anchor_mono_us;
}

void
ocop_sync_anchor_hub_clock (OcopStore           *store,
                            OcopSyncClientState *state,
                            gint64               hub_time_us)
{
  g_autofree char *boot = NULL;

  if (hub_time_us <= 0 || !g_file_get_contents ("/proc/sys/kernel/random/boot_id", &boot, NULL, NULL))
    return;
  state->anchor_hub_us = hub_time_us;
  state->anchor_mono_us = g_get_monotonic_time ();
  g_free (state->anchor_boot);
  state->anchor_boot = g_strdup (g_strstrip (boot));
  /* Best effort: a clock anchor that fails to save is only a weaker
   * time check, never a lost event. */
  ocop_store_save_sync_state (store, state, OCOP_SYNC_FIELD_ANCHOR, NULL);
}

static void
add_clock (JsonBuilder         *builder,
           OcopStore           *store,
           const OcopSyncClientState *state)
{
  gint64 anchored = anchored_now_us (state);

  json_builder_set_member_name (builder, OCOP_SYNC_BATCH_CLOCK);
  json_builder_begin_object (builder);
  /* The clock the store stamps sales with (OCOP_NOW or a test may set
   * it), so the hub judges the times it will see in the events. */
  ocop_sync_add_member_int (builder, OCOP_SYNC_CLOCK_DEVICE_US, ocop_store_now_us (store));
  if (anchored != 0)
    ocop_sync_add_member_int (builder, OCOP_SYNC_CLOCK_ANCHORED_US, anchored);
  json_builder_end_object (builder);
}

/* ---- the batch ---- */

static void
add_events (JsonBuilder *builder,
            GPtrArray   *events)
{
  json_builder_set_member_name (builder, OCOP_SYNC_BATCH_EVENTS);
  json_builder_begin_array (builder);
  for (guint i = 0; i < events->len; i++)
    {
      OcopOutboxEvent *event = events->pdata[i];

      json_builder_begin_object (builder);
      ocop_sync_add_member_int (builder, OCOP_SYNC_EVENT_SEQ, event->seq);
      ocop_sync_add_member_string (builder, OCOP_SYNC_EVENT_KIND, event->kind);
      ocop_sync_add_member_string (builder, OCOP_SYNC_EVENT_REF, event->ref);
      ocop_sync_add_member_int (builder, OCOP_SYNC_EVENT_CREATED_US, event->created_us);
      ocop_sync_add_member_string (builder, OCOP_SYNC_EVENT_HASH, event->hash);
      ocop_sync_add_member_string (builder, OCOP_SYNC_EVENT_PAYLOAD, event->payload);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_checkpoint (JsonBuilder                *builder,
                const OcopOutboxCheckpoint *checkpoint)
{
  json_builder_set_member_name (builder, OCOP_SYNC_BATCH_CHECKPOINT);
  json_builder_begin_object (builder);
  ocop_sync_add_member_int (builder, OCOP_SYNC_CHECKPOINT_THROUGH_SEQ, checkpoint->through_seq);
  ocop_sync_add_member_int (builder, OCOP_SYNC_CHECKPOINT_SALES, checkpoint->sales);
  ocop_sync_add_member_int (builder, OCOP_SYNC_CHECKPOINT_REVENUE, checkpoint->revenue);
  ocop_sync_add_member_int (builder, OCOP_SYNC_CHECKPOINT_VISITORS, checkpoint->visitors);
  json_builder_end_object (builder);
}

/* The checkpoint goes with the batch that ends the backlog, where its sums
 * cover exactly the events the hub will then hold. */
char *
ocop_sync_batch_text (OcopStore                  *store,
                      const OcopSyncClientState  *state,
                      OcopBooth                  *booth,
                      GPtrArray                  *events,
                      const OcopOutboxCheckpoint *checkpoint)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  OcopOutboxEvent *first = events->pdata[0];

  json_builder_begin_object (builder);
  ocop_sync_add_member_int (builder, OCOP_SYNC_BATCH_PROTOCOL, OCOP_SYNC_PROTOCOL_VERSION);
  ocop_sync_add_member_string (builder, OCOP_SYNC_BATCH_DEVICE_ID, state->device_id);
  ocop_sync_add_member_int (builder, OCOP_SYNC_BATCH_EPOCH, first->epoch);
  ocop_sync_add_member_int (builder, OCOP_SYNC_BATCH_EPOCH_FIRST_SEQ, ocop_store_outbox_epoch_first_seq (store));
  ocop_sync_add_booth (builder, booth);
  add_clock (builder, store, state);
  if (checkpoint != NULL)
    add_checkpoint (builder, checkpoint);
  add_events (builder, events);
  json_builder_end_object (builder);
  return ocop_sync_builder_to_text (builder);
}
