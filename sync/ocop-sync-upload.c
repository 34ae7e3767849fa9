/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-sync-upload.c: one sync round: under the store's sync lock, the
 * outbox goes up batch by batch (the next one read and compressed while
 * the hub stores the last), the hub's gapless ack moves the watermark,
 * a hash conflict starts a new epoch, then the catalog comes down
 * (docs/sync-protocol.md). */

#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ocop-sync-private.h"

static void
run_free (OcopSyncRun *r)
{
  if (r->curl)
    curl_easy_cleanup (r->curl);
  g_clear_object (&r->store);
  ocop_sync_client_state_clear (&r->state);
  g_free (r->url);
  g_free (r->catalog_url);
  g_clear_pointer (&r->booth, ocop_booth_free);
  ocop_sync_exchange_clear (&r->exchange);
}

static gboolean
run_prepare (OcopSyncRun  *r,
             GError      **error)
{
  OcopSyncClientState *state = &r->state;
  g_autofree char *events = NULL;
  g_autofree char *catalog = NULL;
  OcopSyncTrust trust;

  if (!(r->store = ocop_store_open (r->self->store_path, error)))
    return FALSE;
  ocop_store_load_sync_state (r->store, state);
  if (!ocop_sync_client_state_is_enrolled (state))
    {
      g_set_error_literal (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_NOT_ENROLLED,
                           _("This device is not enrolled with a hub: run `ocop sync enroll --hub URL --code CODE`"));
      return FALSE;
    }
  trust = ocop_sync_client_trust (r->self, state);
  if (!(r->curl = ocop_sync_new_handle (state->hub_url, &trust, error)) ||
      !(r->booth = ocop_store_get_current_booth (r->store, error)))
    return FALSE;
  events = g_strdup_printf ("/v1/devices/%s/events", state->device_id);
  catalog = g_strdup_printf ("/v1/devices/%s/catalog", state->device_id);
  r->url = ocop_sync_hub_endpoint (state->hub_url, events);
  r->catalog_url = ocop_sync_hub_endpoint (state->hub_url, catalog);
  return TRUE;
}

/* Handles a 409: a hash conflict means this store's history is not the one
 * the hub holds (restored or copied); a new epoch resends what is
 * unacknowledged without ever counting a sale twice (the hub dedups by
 * record id). Only once per round. */
static gboolean
restart_epoch (OcopSyncRun  *r,
               GError      **error)
{
  g_autofree char *name = ocop_sync_error_name_of (&r->exchange);

  if (r->epoch_restarted || g_strcmp0 (name, "hash_conflict") != 0)
    {
      ocop_sync_set_http_error (409, &r->exchange, error);
      return FALSE;
    }
  r->epoch_restarted = TRUE;
  g_message ("the hub holds another history of this store; starting a new epoch");
  if (ocop_store_outbox_start_epoch (r->store, error) == 0)
    return FALSE;
  return TRUE;
}

static gboolean
apply_ack (OcopSyncRun  *r,
           GPtrArray    *events,
           GError      **error)
{
  OcopSyncAck ack;
  gint64 before = ocop_store_outbox_acked_through (r->store);

  if (!ocop_sync_parse_ack ((const char *) r->exchange.body->data, r->exchange.body->len, &ack, error))
    return FALSE;
  ocop_sync_anchor_hub_clock (r->store, &r->state, ack.hub_time_us);
  g_free (r->round->checkpoint_status);
  r->round->checkpoint_status = g_steal_pointer (&ack.checkpoint_status);
  if (!ocop_store_outbox_mark_acked (r->store, ack.epoch, ack.acked_through, error))
    return FALSE;
  r->round->acked_through = ack.acked_through;
  r->round->events_sent += events->len;
  /* A hub that holds none of what we just sent would have us resend it
   * forever. */
  if (ocop_store_outbox_acked_through (r->store) <= before)
    {
      g_set_error (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_PROTOCOL,
                   _("The hub acknowledged nothing past #%" PRId64 " after a batch from #%" PRId64),
                   before, ((OcopOutboxEvent *) events->pdata[0])->seq);
      return FALSE;
    }
  return TRUE;
}

/* A batch ready to go: its events and its gzipped body. */
typedef struct {
  GPtrArray *events;   /* OcopOutboxEvent */
  GBytes    *body;     /* NULL when there are no events */
} Prepared;

static void
prepared_free (Prepared *batch)
{
  g_clear_pointer (&batch->events, g_ptr_array_unref);
  g_clear_pointer (&batch->body, g_bytes_unref);
  g_free (batch);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Prepared, prepared_free)

static gint64
last_seq_of (GPtrArray *events)
{
  return ((OcopOutboxEvent *) events->pdata[events->len - 1])->seq;
}

/* The outbox reads from the last ack: to read past @in_flight, read it too
 * (the same rows, as seqs only grow) and drop it. FALSE when the rows are
 * not those of @in_flight any more. */
static gboolean
skip_in_flight (GPtrArray      *events,
                const Prepared *in_flight)
{
  guint skip = in_flight->events->len;

  if (events->len < skip || ((OcopOutboxEvent *) events->pdata[skip - 1])->seq != last_seq_of (in_flight->events))
    return FALSE;
  g_ptr_array_remove_range (events, 0, skip);
  return TRUE;
}

/* Reads the events after @in_flight (after the last ack when NULL) and
 * builds their body; an empty batch when there are none, or when the
 * events after @in_flight cannot be told yet. */
static Prepared *
prepare_batch (OcopSyncRun     *r,
               const Prepared  *in_flight,
               GError         **error)
{
  g_autoptr(Prepared) batch = g_new0 (Prepared, 1);
  guint skip = in_flight ? in_flight->events->len : 0;
  gsize skip_bytes = 0;
  OcopOutboxCheckpoint checkpoint;
  g_autofree char *text = NULL;
  gboolean last;

  for (guint i = 0; i < skip; i++)
    skip_bytes += strlen (((OcopOutboxEvent *) in_flight->events->pdata[i])->payload);
  batch->events = ocop_store_outbox_next_batch (r->store, r->self->max_events + skip, r->self->max_bytes + skip_bytes,
                                                error);
  if (batch->events == NULL)
    return NULL;
  if (skip > 0 && !skip_in_flight (batch->events, in_flight))
    g_ptr_array_set_size (batch->events, 0);
  if (batch->events->len == 0)
    return g_steal_pointer (&batch);
  /* Summing the journal costs a scan: only for the batch that ends the
   * backlog (and only if no sale came in between, else the next one). */
  last = last_seq_of (batch->events) == ocop_store_outbox_last_seq (r->store);
  if (last && !ocop_store_outbox_checkpoint (r->store, &checkpoint, error))
    return NULL;
  last = last && checkpoint.through_seq == last_seq_of (batch->events);
  text = ocop_sync_batch_text (r->store, &r->state, r->booth, batch->events, last ? &checkpoint : NULL);
  if (!(batch->body = ocop_sync_gzip (text, strlen (text), error)))
    return NULL;
  return g_steal_pointer (&batch);
}

/* One POST on its own thread, which touches only the round's curl handle
 * and exchange; the store stays with the round's thread. */
typedef struct {
  OcopSyncRun *r;
  GBytes      *body;
  long         status;
  GError      *error;
} Post;

static gpointer
post_in_thread (gpointer data)
{
  Post *p = data;

  p->status = ocop_sync_post (p->r->curl, p->r->url, p->r->state.token, TRUE, p->body, &p->r->exchange, &p->error);
  return NULL;
}

/* *@acked_all when the hub now holds every event of @sent. */
static gboolean
handle_reply (OcopSyncRun  *r,
              Prepared     *sent,
              Post         *reply,
              gboolean     *acked_all,
              GError      **error)
{
  *acked_all = FALSE;
  if (reply->status == 0)
    {
      g_propagate_error (error, g_steal_pointer (&reply->error));
      return FALSE;
    }
  if (reply->status == 200)
    {
      if (!apply_ack (r, sent->events, error))
        return FALSE;
      *acked_all = ocop_store_outbox_acked_through (r->store) == last_seq_of (sent->events);
      return TRUE;
    }
  if (reply->status == 409)
    return restart_epoch (r, error);
  g_atomic_int_set (&r->self->retry_after_ms, (gint) r->exchange.retry_after_ms);
  g_atomic_int_set (&r->self->refused_status, (gint) reply->status);
  ocop_sync_set_http_error (reply->status, &r->exchange, error);
  return FALSE;
}

/* Sends batch after batch until nothing is pending. While the hub stores
 * one batch, this thread reads and compresses the next, so that the two
 * halves of the work overlap; the guess is used only when the hub acked
 * all of the batch before it, else the next batch is read afresh from the
 * ack (a new epoch, a gap, a hub that held less). */
static gboolean
send_pending (OcopSyncRun  *r,
              GError      **error)
{
  g_autoptr(Prepared) batch = prepare_batch (r, NULL, error);

  while (batch != NULL && batch->events->len > 0)
    {
      g_autoptr(Prepared) next = NULL;
      g_autoptr(GError) guess_error = NULL;
      Post reply = { .r = r, .body = batch->body };
      gboolean acked_all = FALSE;
      GThread *thread;

      r->round->batches++;
      r->round->bytes_sent += g_bytes_get_size (batch->body);
      thread = g_thread_new ("ocop-sync-post", post_in_thread, &reply);
      /* A failed guess is only a lost guess: the read after the ack
       * reports the error if it persists. */
      next = prepare_batch (r, batch, &guess_error);
      g_thread_join (thread);
      if (!handle_reply (r, batch, &reply, &acked_all, error))
        {
          g_clear_error (&reply.error);
          return FALSE;
        }
      if (!acked_all || next == NULL || next->events->len == 0)
        {
          g_clear_pointer (&next, prepared_free);
          next = prepare_batch (r, NULL, error);
        }
      g_clear_pointer (&batch, prepared_free);
      batch = g_steal_pointer (&next);
    }
  return batch != NULL;
}

static void
record_outcome (OcopStore    *store,
                const GError *error)
{
  OcopSyncClientState outcome = { .last_ok_us = g_get_real_time () };

  /* Best effort, as the outcome of the round is what the caller needs. */
  if (error == NULL)
    {
      ocop_store_save_sync_state (store, &outcome, OCOP_SYNC_FIELD_LAST_OK_US | OCOP_SYNC_FIELD_LAST_ERROR, NULL);
      return;
    }
  outcome.last_error = error->message;
  outcome.last_error_us = outcome.last_ok_us;
  ocop_store_save_sync_state (store, &outcome, OCOP_SYNC_FIELD_LAST_ERROR | OCOP_SYNC_FIELD_LAST_ERROR_US, NULL);
}

gboolean
ocop_sync_client_run_round (OcopSyncClient  *self,
                            OcopSyncRound   *round,
                            GCancellable    *cancellable,
                            GError         **error)
{
  g_auto(OcopSyncLock) lock = -1;
  OcopSyncRun r = { .self = self, .round = round };
  GError *local_error = NULL;
  gboolean done;

  memset (round, 0, sizeof *round);
  g_atomic_int_set (&self->retry_after_ms, 0);
  g_atomic_int_set (&self->refused_status, 0);
  if ((lock = ocop_sync_lock_take (self->store_path, error)) < 0)
    return FALSE;
  ocop_sync_exchange_init (&r.exchange, cancellable);
  if (!run_prepare (&r, &local_error))
    {
      if (r.store != NULL)
        record_outcome (r.store, local_error);
      run_free (&r);
      g_propagate_error (error, local_error);
      return FALSE;
    }
  done = send_pending (&r, &local_error);
  if (done)
    ocop_sync_fetch_catalog (&r, &local_error);
  round->pending = ocop_store_outbox_pending (r.store);
  record_outcome (r.store, local_error);
  run_free (&r);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}
