/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-store-outbox.c: the store's side of sync: reading outbox batches,
 * recording the hub's gapless acknowledgement, epochs and checkpoints. */

#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ocop-store-outbox.h"
#include "ocop-store-private.h"

void
ocop_outbox_event_free (OcopOutboxEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->kind);
  g_free (event->ref);
  g_free (event->payload);
  g_free (event->hash);
  g_free (event);
}

gint64
ocop_store_outbox_epoch (OcopStore *self)
{
  return MAX (1, ocop_store_get_sync_number (self, OCOP_SYNC_FIELD_EPOCH));
}

gint64
ocop_store_outbox_epoch_first_seq (OcopStore *self)
{
  return MAX (1, ocop_store_get_sync_number (self, OCOP_SYNC_FIELD_EPOCH_FIRST_SEQ));
}

gint64
ocop_store_outbox_acked_through (OcopStore *self)
{
  return ocop_store_get_sync_number (self, OCOP_SYNC_FIELD_ACKED_THROUGH);
}

static OcopOutboxEvent *
event_from_row (sqlite3_stmt *stmt)
{
  OcopOutboxEvent *event = g_new0 (OcopOutboxEvent, 1);

  event->seq = sqlite3_column_int64 (stmt, 0);
  event->epoch = sqlite3_column_int64 (stmt, 1);
  event->kind = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  event->ref = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  event->payload = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  event->hash = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
  event->created_us = sqlite3_column_int64 (stmt, 6);
  return event;
}

GPtrArray *
ocop_store_outbox_next_batch (OcopStore  *self,
                              guint       max_events,
                              gsize       max_bytes,
                              GError    **error)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) ocop_outbox_event_free);
  sqlite3_stmt *stmt = ocop_store_prepare (self,
                                           "SELECT seq, epoch, kind, ref, payload, hash, created_us FROM outbox"
                                           " WHERE seq > ? ORDER BY seq LIMIT ?", error);
  gsize bytes = 0;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, ocop_store_outbox_acked_through (self));
  sqlite3_bind_int (stmt, 2, (int) MAX (1, max_events));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gsize size = (gsize) sqlite3_column_bytes (stmt, 4);

      /* The first event always goes, so one large Z report cannot stall
       * the queue behind it. */
      if (batch->len > 0 && bytes + size > max_bytes)
        break;
      bytes += size;
      g_ptr_array_add (batch, event_from_row (stmt));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return ocop_store_fail (self, error, _("read the events to send")), NULL;
  return g_steal_pointer (&batch);
}

gboolean
ocop_store_outbox_mark_acked (OcopStore  *self,
                              gint64      epoch,
                              gint64      through_seq,
                              GError    **error)
{
  gint64 acked = ocop_store_outbox_acked_through (self);
  gint64 last = ocop_store_outbox_last_seq (self);

  if (epoch != ocop_store_outbox_epoch (self) || through_seq == acked)
    return TRUE;
  if (through_seq < acked || through_seq > last)
    {
      g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID,
                   _("The hub acknowledged events through #%" PRId64 ", but this device has sent through #%" PRId64
                     " and written through #%" PRId64),
                   through_seq, acked, last);
      return FALSE;
    }
  /* One watermark, not a flag on each event: the events stay as written. */
  return ocop_store_set_sync_number (self, OCOP_SYNC_FIELD_ACKED_THROUGH, through_seq, error);
}

gint64
ocop_store_outbox_start_epoch (OcopStore  *self,
                               GError    **error)
{
  gint64 epoch = ocop_store_outbox_epoch (self) + 1;
  g_autofree char *epoch_text = g_strdup_printf ("%" G_GINT64_FORMAT, epoch);
  g_autofree char *first_text = NULL;
  gint64 first;

  if (!ocop_store_begin (self, error))
    return 0;
  /* Read inside the write transaction: a sale committed meanwhile by the
   * till must land in the new epoch, not between the two. */
  first = ocop_store_outbox_acked_through (self) + 1;
  first_text = g_strdup_printf ("%" G_GINT64_FORMAT, first);
  if (ocop_store_set_sync_number (self, OCOP_SYNC_FIELD_EPOCH, epoch, error) &&
      ocop_store_set_sync_number (self, OCOP_SYNC_FIELD_EPOCH_FIRST_SEQ, first, error) &&
      ocop_store_exec (self, "UPDATE outbox SET epoch = ? WHERE seq >= ?",
                       error, _("start a new sync epoch"), epoch_text, first_text) &&
      ocop_store_commit (self, error))
    return epoch;
  ocop_store_rollback (self);
  return 0;
}

static gboolean
query_two (OcopStore   *self,
           const char  *sql,
           gint64      *a,
           gint64      *b,
           GError     **error)
{
  sqlite3_stmt *stmt = ocop_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *a = sqlite3_column_int64 (stmt, 0);
      if (b != NULL)
        *b = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return ocop_store_fail (self, error, _("sum up the journal"));
  return TRUE;
}

/* Every record in the store wrote exactly one event in its own
 * transaction, so sums over the journal tables are sums over the events
 * through the last seq; read in one transaction so they agree. */
gboolean
ocop_store_outbox_checkpoint (OcopStore             *self,
                              OcopOutboxCheckpoint  *checkpoint,
                              GError               **error)
{
  gboolean ok;

  memset (checkpoint, 0, sizeof *checkpoint);
  if (!ocop_store_begin (self, error))
    return FALSE;
  checkpoint->through_seq = ocop_store_outbox_last_seq (self);
  ok = query_two (self, "SELECT count (*) FILTER (WHERE kind = 'sale'), coalesce (sum (total), 0) FROM sale",
                  &checkpoint->sales, &checkpoint->revenue, error) &&
       query_two (self, "SELECT coalesce (sum (count), 0) FROM visitor_count",
                  &checkpoint->visitors, NULL, error);
  if (!ok)
    {
      ocop_store_rollback (self);
      return FALSE;
    }
  return ocop_store_commit (self, error);
}
