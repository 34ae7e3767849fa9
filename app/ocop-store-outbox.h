/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-store-outbox.h: what the sync client reads and writes in the store:
 * batches of outbox events, the hub's acknowledgement, epochs, the running
 * tally checkpoint and the client's own state (ocop-sync-client-state.h). */
#pragma once

#include "ocop-store.h"
#include "ocop-sync-client-state.h"

G_BEGIN_DECLS

/* One outbox event as it travels (see docs/sync-protocol.md). */
typedef struct {
  gint64  seq;
  gint64  epoch;
  char   *kind;
  char   *ref;
  char   *payload;   /* the exact text that @hash covers */
  char   *hash;      /* lower-case hex SHA-256 of @payload */
  gint64  created_us;
} OcopOutboxEvent;

void ocop_outbox_event_free (OcopOutboxEvent *event);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OcopOutboxEvent, ocop_outbox_event_free)

/* The device's running tally over every event it wrote through @through_seq. */
typedef struct {
  gint64 through_seq;
  gint64 sales;      /* sale records (voids and refunds not counted) */
  gint64 revenue;    /* sum of totals of sales, voids and refunds */
  gint64 visitors;
} OcopOutboxCheckpoint;

/* The epoch events are written under now, and the first seq of that epoch. */
gint64     ocop_store_outbox_epoch            (OcopStore *self);
gint64     ocop_store_outbox_epoch_first_seq  (OcopStore *self);
/* The highest seq the hub has acknowledged (0: none). */
gint64     ocop_store_outbox_acked_through    (OcopStore *self);

/* The unacknowledged events after the last acknowledgement, oldest first:
 * at most @max_events of them and, past the first, at most @max_bytes of
 * payload. An empty array when nothing is pending. */
GPtrArray *ocop_store_outbox_next_batch       (OcopStore  *self,
                                               guint       max_events,
                                               gsize       max_bytes,
                                               GError    **error);
/* Records the hub's acknowledgement of every event of @epoch through
 * @through_seq. An acknowledgement of another epoch changes nothing; one
 * that goes back or past the last event written is refused
 * (OCOP_STORE_ERROR_INVALID), as a hub cannot hold what was never sent. */
gboolean   ocop_store_outbox_mark_acked       (OcopStore  *self,
                                               gint64      epoch,
                                               gint64      through_seq,
                                               GError    **error);
/* Starts a new epoch for a store whose history differs from the hub's (a
 * restored or copied file): the unacknowledged events move to it, their
 * payloads and hashes unchanged. Returns the new epoch, or 0 on error. */
gint64     ocop_store_outbox_start_epoch      (OcopStore  *self,
                                               GError    **error);
/* The running tally through the last event written. */
gboolean   ocop_store_outbox_checkpoint       (OcopStore             *self,
                                               OcopOutboxCheckpoint  *checkpoint,
                                               GError               **error);

G_END_DECLS
