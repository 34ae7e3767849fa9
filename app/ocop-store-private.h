/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-store-private.h: the store's SQLite handle and helpers, for the
 * report queries inside the core, the tests and the benchmarks. */
#pragma once

#include <sqlite3.h>
#include <json-glib/json-glib.h>

#include "ocop-store.h"

G_BEGIN_DECLS

sqlite3      *ocop_store_get_db         (OcopStore *self);
/* A cached prepared statement, reset and with its bindings cleared. */
sqlite3_stmt *ocop_store_prepare        (OcopStore   *self,
                                         const char  *sql,
                                         GError     **error);
/* Sets @error from SQLite's last error on the store's connection, saying
 * what was being done ("record the sale"). Always returns FALSE. */
gboolean      ocop_store_fail           (OcopStore   *self,
                                         GError     **error,
                                         const char  *doing);
/* Runs a statement that returns no rows, binding text parameters in order
 * (NULL binds SQL NULL); @doing words the error ("save the fair"). */
gboolean      ocop_store_exec           (OcopStore   *self,
                                         const char  *sql,
                                         GError     **error,
                                         const char  *doing,
                                         ...);
/* Appends one event to the outbox for the hub, inside the caller's
 * transaction (ocop-store-journal.c). */
gboolean      ocop_store_append_event   (OcopStore   *self,
                                         const char  *kind,
                                         const char  *ref,
                                         JsonNode    *payload,
                                         GError     **error);
/* Transactions nest: the outermost is BEGIN IMMEDIATE, inner ones are
 * savepoints. */
gboolean      ocop_store_begin          (OcopStore  *self,
                                         GError    **error);
gboolean      ocop_store_commit         (OcopStore  *self,
                                         GError    **error);
void          ocop_store_rollback       (OcopStore  *self);

char         *ocop_store_get_meta       (OcopStore  *self,
                                         const char *key);
gint64        ocop_store_get_meta_int   (OcopStore  *self,
                                         const char *key);
gboolean      ocop_store_set_meta       (OcopStore   *self,
                                         const char  *key,
                                         const char  *value,
                                         GError     **error);

/* A random (version 4) UUID, lower case. */
char         *ocop_store_new_uuid       (void);

/* Local hour (0-23) in the fair's time zone of a UTC instant. */
int           ocop_store_local_hour     (OcopStore *self,
                                         gint64     utc_us);

/* The meta key a migration sets: the search index is to be rebuilt. */
#define OCOP_STORE_SEARCH_INDEX_STALE "search_index_stale"

/* Brings a bare SQLite database to schema @version, one step at a time.
 * Exposed so that tests can build a store as an older release made it. */
gboolean      ocop_store_migrate_db     (sqlite3     *db,
                                         int          version,
                                         GError     **error);

/* TRUE when @pin is well formed and matches the Argon2 @hash. */
gboolean      ocop_store_pin_matches    (const char *hash,
                                         const char *pin);
/* Inside the write transaction of the change it approves: @approval came
 * from this store and its supervisor is still active and a supervisor. */
gboolean      ocop_store_check_approval (OcopStore           *self,
                                         const OcopApproval  *approval,
                                         GError             **error);

gboolean      ocop_store_get_queue_receipts (OcopStore *self);
/* Queues the receipt of record @sale_row (just written, same booth and
 * day) when ocop_store_set_queue_receipts is on. Inside the transaction. */
gboolean      ocop_store_queue_receipt_of (OcopStore   *self,
                                           gint64       sale_row,
                                           const char  *booth,
                                           const char  *business_day,
                                           GError     **error);

/* The current booth's code, or NULL with an error before set-up. */
char         *ocop_store_current_booth_code (OcopStore  *self,
                                             GError    **error);
/* The open cart's JSON text, shared by the open cart and the parked ones
 * (ocop-store-parked.c); the text is read back as hostile (bounded). */
char         *ocop_store_draft_to_json  (OcopStore   *self,
                                         OcopSale    *draft);
OcopSale     *ocop_store_draft_from_json (const char  *text,
                                          GError     **error);

G_END_DECLS
