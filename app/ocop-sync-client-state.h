/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-sync-client-state.h: the sync client's settings and state as one typed
 * structure, kept in the store so that the till and `ocop sync` share
 * them; ocop-sync-client-state.c is the one place that knows how they are
 * stored. */
#pragma once

#include "ocop-store.h"

G_BEGIN_DECLS

/* Texts are NULL and numbers 0 when unset. */
typedef struct {
  /* Enrollment (ocop_sync_client_enroll). */
  char   *hub_url;
  char   *device_id;         /* the hub's id for this device */
  char   *token;             /* this device's secret at the hub */
  char   *fair;              /* the fair whose totals the hub keeps */
  /* How the hub is trusted: its certificate (PEM) and key pin. */
  char   *ca_pem;
  char   *pinned_key;
  /* The version of the hub's catalog this store holds. */
  gint64  catalog_version;
  /* The hub's clock at the last ack, against this boot's monotonic one. */
  gint64  anchor_hub_us;
  gint64  anchor_mono_us;
  char   *anchor_boot;
  /* The last round's outcome. */
  gint64  last_ok_us;
  char   *last_error;
  gint64  last_error_us;
  /* The outbox's side (ocop-store-outbox.c writes these, in the
   * transactions that must change them with the events): the epoch events
   * are written under (0 reads as 1), the first seq of that epoch (0 reads
   * as 1) and the hub's gapless acknowledgement. */
  gint64  epoch;
  gint64  epoch_first_seq;
  gint64  acked_through;
} OcopSyncClientState;

/* Which fields a save writes, so that a round writing its outcome cannot
 * undo an enrollment saved meanwhile by another process. */
typedef enum {
  OCOP_SYNC_FIELD_HUB_URL         = 1 << 0,
  OCOP_SYNC_FIELD_DEVICE_ID       = 1 << 1,
  OCOP_SYNC_FIELD_TOKEN           = 1 << 2,
  OCOP_SYNC_FIELD_FAIR            = 1 << 3,
  OCOP_SYNC_FIELD_CA_PEM          = 1 << 4,
  OCOP_SYNC_FIELD_PINNED_KEY      = 1 << 5,
  OCOP_SYNC_FIELD_CATALOG_VERSION = 1 << 6,
  OCOP_SYNC_FIELD_ANCHOR_HUB_US   = 1 << 7,
  OCOP_SYNC_FIELD_ANCHOR_MONO_US  = 1 << 8,
  OCOP_SYNC_FIELD_ANCHOR_BOOT     = 1 << 9,
  OCOP_SYNC_FIELD_LAST_OK_US      = 1 << 10,
  OCOP_SYNC_FIELD_LAST_ERROR      = 1 << 11,
  OCOP_SYNC_FIELD_LAST_ERROR_US   = 1 << 12,
  OCOP_SYNC_FIELD_EPOCH           = 1 << 13,
  OCOP_SYNC_FIELD_EPOCH_FIRST_SEQ = 1 << 14,
  OCOP_SYNC_FIELD_ACKED_THROUGH   = 1 << 15,

  OCOP_SYNC_FIELD_ENROLLMENT = OCOP_SYNC_FIELD_HUB_URL | OCOP_SYNC_FIELD_DEVICE_ID | OCOP_SYNC_FIELD_TOKEN,
  OCOP_SYNC_FIELD_TRUST      = OCOP_SYNC_FIELD_CA_PEM | OCOP_SYNC_FIELD_PINNED_KEY,
  OCOP_SYNC_FIELD_ANCHOR     = OCOP_SYNC_FIELD_ANCHOR_HUB_US | OCOP_SYNC_FIELD_ANCHOR_MONO_US |
                               OCOP_SYNC_FIELD_ANCHOR_BOOT,
  /* Every field of the client's own; not the outbox's, which a save of a
   * state read earlier must never wind back. */
  OCOP_SYNC_FIELD_ALL        = (1 << 13) - 1,
  OCOP_SYNC_FIELD_OUTBOX     = OCOP_SYNC_FIELD_EPOCH | OCOP_SYNC_FIELD_EPOCH_FIRST_SEQ |
                               OCOP_SYNC_FIELD_ACKED_THROUGH,
} OcopSyncClientField;

void     ocop_sync_client_state_clear       (OcopSyncClientState        *state);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (OcopSyncClientState, ocop_sync_client_state_clear)

/* TRUE when @state holds a hub address, a device id and a token. */
gboolean ocop_sync_client_state_is_enrolled (const OcopSyncClientState  *state);

/* Fills @state (cleared first) from the store; a store that cannot be
 * read reads as one that never synced. */
void     ocop_store_load_sync_state         (OcopStore                  *self,
                                             OcopSyncClientState        *state);
/* Writes the @fields of @state in one transaction; an unset field is
 * removed. */
gboolean ocop_store_save_sync_state         (OcopStore                  *self,
                                             const OcopSyncClientState  *state,
                                             OcopSyncClientField         fields,
                                             GError                    **error);

/* The number of the one @field, from its row (0 when unset), without
 * reading the rest: the outbox reads its epoch at every commit. */
gint64   ocop_store_get_sync_number         (OcopStore                  *self,
                                             OcopSyncClientField         field);
/* Writes the number of the one @field in the caller's transaction. */
gboolean ocop_store_set_sync_number         (OcopStore                  *self,
                                             OcopSyncClientField         field,
                                             gint64                      value,
                                             GError                    **error);

G_END_DECLS
