/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-sync-status.h: the till's link with the fair's hub: runs the sync
 * scheduler while the store is enrolled and a hub is set, and says in
 * plain words for the status bar how the sync goes. */
#pragma once

#include <gio/gio.h>

#include "ocop-store.h"
#include "ocop-sync-scheduler.h"

G_BEGIN_DECLS

/* How often "Synced 2 min ago" is brought up to date. */
#define OCOP_SYNC_STATUS_REFRESH_S 20

typedef enum {
  OCOP_SYNC_STATE_NOT_CONNECTED,  /* no hub address, or not enrolled */
  OCOP_SYNC_STATE_STARTING,       /* enrolled, no round finished yet */
  OCOP_SYNC_STATE_SYNCED,         /* the last round went through */
  OCOP_SYNC_STATE_OFFLINE,        /* the hub could not be reached, or was busy */
  OCOP_SYNC_STATE_REVOKED,        /* the organizer revoked this laptop */
  OCOP_SYNC_STATE_REFUSED,        /* the hub refused for another reason */
} OcopSyncState;

#define OCOP_TYPE_SYNC_STATUS (ocop_sync_status_get_type ())
G_DECLARE_FINAL_TYPE (OcopSyncStatus, ocop_sync_status, OCOP, SYNC_STATUS, GObject)

/* Follows @settings' hub-url; emits "changed" whenever what it would say
 * changes. */
OcopSyncStatus    *ocop_sync_status_new              (OcopStore      *store,
                                                      GSettings      *settings);
/* Looks again at the store's enrollment and the hub address (after the
 * till joined a hub), starting or stopping the scheduler. */
void               ocop_sync_status_reconsider       (OcopSyncStatus *self);
/* After a sale: a round soon, without blocking, unless the hub is out of
 * reach (the backoff decides then); a round already running is followed by
 * another. */
void               ocop_sync_status_sync_soon        (OcopSyncStatus *self);
/* For tests and demos: the scheduler's start spread and interval, in ms. */
void               ocop_sync_status_set_timing       (OcopSyncStatus *self,
                                                      guint           start_spread_ms,
                                                      guint           interval_ms);
OcopSyncState      ocop_sync_status_get_state        (OcopSyncStatus *self);
/* The status bar's sync line ("Synced 2 min ago · 0 waiting") and its
 * connection line ("Connected to the hub", "Offline: …"). */
char              *ocop_sync_status_describe         (OcopSyncStatus *self);
char              *ocop_sync_status_describe_network (OcopSyncStatus *self);
/* The scheduler while one runs, else NULL. */
OcopSyncScheduler *ocop_sync_status_get_scheduler    (OcopSyncStatus *self);

G_END_DECLS
