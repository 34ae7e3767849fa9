/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-sync-scheduler.h: when the till syncs: a random start delay, rounds
 * at an interval, full-jitter backoff after failures (or the hub's
 * Retry-After), and a prompt round when the network comes back. */
#pragma once

#include "ocop-sync-client.h"

G_BEGIN_DECLS

#define OCOP_TYPE_SYNC_SCHEDULER (ocop_sync_scheduler_get_type ())
G_DECLARE_FINAL_TYPE (OcopSyncScheduler, ocop_sync_scheduler, OCOP, SYNC_SCHEDULER, GObject)

/* Rounds every minute while everything goes well. */
#define OCOP_SYNC_INTERVAL_MS 60000

OcopSyncScheduler *ocop_sync_scheduler_new         (OcopSyncClient    *client);
/* For tests and demos: the start spread and the interval, in ms. */
void               ocop_sync_scheduler_set_timing  (OcopSyncScheduler *self,
                                                    guint              start_spread_ms,
                                                    guint              interval_ms);
/* Starts on the thread-default main context; rounds run on a worker
 * thread and never block it. */
void               ocop_sync_scheduler_start       (OcopSyncScheduler *self);
void               ocop_sync_scheduler_stop        (OcopSyncScheduler *self);
/* A round now, unless one is running. */
void               ocop_sync_scheduler_sync_now    (OcopSyncScheduler *self);

/* For a status bar: the last error in plain words (NULL after a success),
 * the time of the last success (µs, 0: never) and the wait before the next
 * attempt (ms). Notified as properties "last-error", "last-ok-us" and
 * "next-attempt-ms"; the signals "synced" and "failed" (with the GError)
 * follow each round. */
const char        *ocop_sync_scheduler_get_last_error      (OcopSyncScheduler *self);
gint64             ocop_sync_scheduler_get_last_ok_us      (OcopSyncScheduler *self);
gint64             ocop_sync_scheduler_get_next_attempt_ms (OcopSyncScheduler *self);

G_END_DECLS
