/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-hub-backend.h: the hub's storage interface, the same calls whether
 * SQLite (a fair-site laptop) or PostgreSQL (the provincial server) is
 * underneath, for the HTTP server, the dashboard and the commands. */
#pragma once

#include <json-glib/json-glib.h>

#include "ocop-hub-batch.h"

G_BEGIN_DECLS

typedef struct {
  char     *id;
  char     *token_hash;   /* hex SHA-256 of the device's token */
  char     *fair;
  char     *booth;
  gboolean  revoked;
} OcopHubDevice;

void ocop_hub_device_free (OcopHubDevice *device);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OcopHubDevice, ocop_hub_device_free)

/* What an accepted batch did, for the reply. */
typedef struct {
  gint64      acked_through;
  gint64      inserted;
  gint64      duplicates;
  const char *checkpoint_status;   /* "match", "mismatch", "behind" or NULL */
  gint64      hub_sales;
  gint64      hub_revenue;
  gint64      hub_visitors;
  gboolean    clock_skewed;
} OcopHubIngestResult;

/* The tallies a batch adds for one business day, summed in memory so that
 * a batch of 1,000 sales costs a few upserts, not thousands. */
typedef struct {
  gint64      sales;
  gint64      voids;
  gint64      refunds;
  gint64      revenue;
  gint64      visitors;
  GHashTable *methods;   /* method → gint64 amount (boxed) */
  /* By local hour (Asia/Ho_Chi_Minh) of the record: sales counted and
   * revenue, voids and refunds subtracting as in the day's revenue. */
  gint64      hour_sales[24];
  gint64      hour_revenue[24];
  gboolean    hour_seen[24];
  GHashTable *products;  /* sku → OcopHubProductTally */
  GHashTable *kinds;     /* producer kind → OcopHubKindTally */
} OcopHubDayTally;

/* What a day's lines of one producer kind add up to. A sale may mix
 * kinds, so no sale count is kept per kind: only the lines, counted like
 * the top products (voids and refunds negative, order discounts, which
 * belong to no line, left out). */
typedef struct {
  gint64  quantity;   /* pieces */
  gint64  measure;    /* thousandths of the measured lines' units */
  gint64  revenue;    /* the lines' gross − discount */
} OcopHubKindTally;

/* Pieces and thousandths are kept apart: 2 boxes and 0,350 kg add up to
 * nothing an organizer can read, and every figure before weighed goods
 * stays the piece count it was. */
typedef struct {
  char   *name;       /* as last sent */
  char   *unit;       /* as last sent; NULL when no line sent one */
  gint64  quantity;   /* pieces */
  gint64  measure;    /* thousandths of the unit */
  gint64  revenue;    /* the lines' amounts, before any order discount */
} OcopHubProductTally;

/* The most any tally row, or a device's running sum, may hold, either
 * sign: 10^15 (a million billion đồng, ten thousand times the takings of a
 * large fair). A batch that would take a row past it is refused whole. A
 * batch adds at most 2,000 events × OCOP_SYNC_MAX_AMOUNT = 2 × 10^14 to a
 * row, so neither the sums of a batch nor a row plus them can overflow;
 * the organizers' sums over rows are read exactly (ocop-hub-store.c). */
#define OCOP_HUB_MAX_TALLY G_GINT64_CONSTANT (1000000000000000)

/* The hour 0–23 in the fair's time zone of a UTC time in µs. */
int         ocop_hub_local_hour   (gint64              utc_us);

/* business day → OcopHubDayTally */
GHashTable *ocop_hub_tallies_new  (void);
/* FALSE, with @error naming the event's record, when a sum would overflow
 * (which the bounds of a sale rule out; checked all the same). */
gboolean    ocop_hub_tallies_add  (GHashTable         *tallies,
                                   const OcopHubEvent *event,
                                   GError            **error);

/* One product of a fair's published catalog: its line in the importer's
 * canonical form (ocop_catalog_format_row), or NULL for a product
 * withdrawn at @version. */
typedef struct {
  char   *sku;
  char   *row;
  gint64  version;
} OcopHubCatalogRow;

OcopHubCatalogRow *ocop_hub_catalog_row_new  (const char        *sku,
                                              const char        *row,
                                              gint64             version);
void               ocop_hub_catalog_row_free (OcopHubCatalogRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OcopHubCatalogRow, ocop_hub_catalog_row_free)

/* What a publication changed. */
typedef struct {
  gint64 version;     /* the fair's version after it; unchanged when nothing changed */
  guint  added;
  guint  changed;
  guint  withdrawn;
} OcopHubPublication;

/* Compares the rows a fair holds (@held: sku → OcopHubCatalogRow, row
 * NULL for a tombstone) with the file's @rows; returns the rows to write
 * (OcopHubCatalogRow: new or changed rows, and tombstones for held skus
 * the file no longer has), counting them in @publication. */
GPtrArray *ocop_hub_catalog_diff (GHashTable         *held,
                                  GPtrArray          *rows,
                                  OcopHubPublication *publication);

typedef struct _OcopHubBackend OcopHubBackend;

/* The hub's storage (ocop-hub-store.c): one implementation over SQLite
 * or PostgreSQL, chosen by ocop_hub_backend_open(). Every call takes the
 * backend's one connection in turn. */
/* Opens the backend a --db value names: a postgresql:// URI, else a path. */
OcopHubBackend *ocop_hub_backend_open   (const char      *db,
                                         GError         **error);
void            ocop_hub_backend_free   (OcopHubBackend  *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OcopHubBackend, ocop_hub_backend_free)

gboolean        ocop_hub_backend_add_enrollment     (OcopHubBackend       *self,
                                                     const char           *code_hash,
                                                     const char           *fair,
                                                     const char           *booth,
                                                     gint64                now_us,
                                                     gint64                expires_us,
                                                     GError              **error);
/* Trades a one-time code for a new device row; fails with FORBIDDEN for
 * an unknown, used or expired code. */
OcopHubDevice  *ocop_hub_backend_redeem_enrollment  (OcopHubBackend       *self,
                                                     const char           *code_hash,
                                                     const char           *device_id,
                                                     const char           *token_hash,
                                                     const char           *device_uuid,
                                                     gint64                now_us,
                                                     GError              **error);
OcopHubDevice  *ocop_hub_backend_find_device        (OcopHubBackend       *self,
                                                     const char           *device_id,
                                                     GError              **error);
gboolean        ocop_hub_backend_revoke_device      (OcopHubBackend       *self,
                                                     const char           *device_id,
                                                     gint64                now_us,
                                                     GError              **error);
/* Stores the new events of @batch and their tallies in one transaction. */
gboolean        ocop_hub_backend_ingest             (OcopHubBackend       *self,
                                                     const OcopHubDevice  *device,
                                                     const OcopHubBatch   *batch,
                                                     gint64                now_us,
                                                     OcopHubIngestResult  *result,
                                                     GError              **error);
/* The organizers' totals of @fair (of one @day when not NULL). */
JsonNode       *ocop_hub_backend_totals             (OcopHubBackend       *self,
                                                     const char           *fair,
                                                     const char           *day,
                                                     gint64                now_us,
                                                     GError              **error);
/* Publishes @rows (OcopHubCatalogRow, from a file already checked;
 * @csv is that file, kept as published) as the fair's catalog in one
 * transaction: rows added or changed take the new version, skus no
 * longer there become tombstones at it. Nothing changed: no new
 * version. */
gboolean        ocop_hub_backend_put_catalog        (OcopHubBackend       *self,
                                                     const char           *fair,
                                                     GBytes               *csv,
                                                     GPtrArray            *rows,
                                                     gint64                now_us,
                                                     OcopHubPublication   *publication,
                                                     GError              **error);
/* The file last published and the fair's version; NOT_FOUND when none. */
GBytes         *ocop_hub_backend_get_catalog        (OcopHubBackend       *self,
                                                     const char           *fair,
                                                     gint64               *version,
                                                     GError              **error);
/* The fair's rows (tombstones too) whose version is above @since, by
 * sku, with the fair's version and the lowest version of any of its
 * rows; NOT_FOUND when none was published. */
GPtrArray      *ocop_hub_backend_catalog_changes    (OcopHubBackend       *self,
                                                     const char           *fair,
                                                     gint64                since,
                                                     gint64               *version,
                                                     gint64               *oldest,
                                                     GError              **error);
/* Counts of stored events and the sum of their recorded totals, for
 * checks and reports ("events", "revenue"), and of organizer accounts
 * ("organizers"); -1 when the database fails. */
gint64          ocop_hub_backend_count              (OcopHubBackend       *self,
                                                     const char           *what);
/* Organizer accounts and their sessions (ocop-hub-accounts.c). Only
 * hashes are stored: the Argon2id string of a password, the SHA-256 of
 * a session token. */
/* Creates @name, or gives it a new password and ends its sessions. */
gboolean        ocop_hub_backend_put_organizer      (OcopHubBackend       *self,
                                                     const char           *name,
                                                     const char           *password_hash,
                                                     gint64                now_us,
                                                     GError              **error);
/* NOT_FOUND when there is no such organizer; ends its sessions too. */
gboolean        ocop_hub_backend_remove_organizer   (OcopHubBackend       *self,
                                                     const char           *name,
                                                     GError              **error);
/* The stored password hash; NOT_FOUND for an unknown name. */
char           *ocop_hub_backend_organizer_password (OcopHubBackend       *self,
                                                     const char           *name,
                                                     GError              **error);
gboolean        ocop_hub_backend_add_session        (OcopHubBackend       *self,
                                                     const char           *session_hash,
                                                     const char           *name,
                                                     gint64                expires_us,
                                                     GError              **error);
/* The organizer of a session that has not expired by @now_us;
 * UNAUTHORIZED otherwise. */
char           *ocop_hub_backend_find_session       (OcopHubBackend       *self,
                                                     const char           *session_hash,
                                                     gint64                now_us,
                                                     GError              **error);
gboolean        ocop_hub_backend_remove_session     (OcopHubBackend       *self,
                                                     const char           *session_hash,
                                                     GError              **error);
/* Deletes every session that has expired by @now_us: they open nothing,
 * and a hub that runs a whole season would otherwise keep them all. */
gboolean        ocop_hub_backend_remove_expired_sessions (OcopHubBackend  *self,
                                                          gint64           now_us,
                                                          GError         **error);
/* Sets *@is_device when @token_hash is some enrolled device's token, so
 * that the totals can refuse a booth's token in words that say so. */
gboolean        ocop_hub_backend_is_device_token    (OcopHubBackend       *self,
                                                     const char           *token_hash,
                                                     gboolean             *is_device,
                                                     GError              **error);
/* What the dashboard needs beside the totals, from the tallies and the
 * device rows: {"fairs": [..], "days": [{day, sales, revenue, visitors}],
 * "booths": [{booth, name, locality}], "hours": [..], "products": [..]}. */
JsonNode       *ocop_hub_backend_dashboard_extras   (OcopHubBackend       *self,
                                                     const char           *fair,
                                                     GError              **error);


/* A device whose clock differs from the hub's by more than this is
 * flagged (never re-dated). */
#define OCOP_HUB_CLOCK_SKEW_LIMIT_US (G_GINT64_CONSTANT (15) * 60 * G_USEC_PER_SEC)
/* Devices silent for longer are listed as not synced lately. */
#define OCOP_HUB_STALE_AFTER_US (G_GINT64_CONSTANT (30) * 60 * G_USEC_PER_SEC)

/* The members of the totals' and the dashboard's JSON rows, in column
 * order: each backend's queries select them in this order, and the
 * dashboard's CSV exports have these columns. NULL-terminated. */
extern const char * const ocop_hub_overall_columns[];
extern const char * const ocop_hub_locality_columns[];
extern const char * const ocop_hub_place_columns[];
extern const char * const ocop_hub_method_columns[];
extern const char * const ocop_hub_kind_columns[];
extern const char * const ocop_hub_booth_totals_columns[];
extern const char * const ocop_hub_stale_columns[];
extern const char * const ocop_hub_flag_columns[];
extern const char * const ocop_hub_fair_columns[];
extern const char * const ocop_hub_day_columns[];
extern const char * const ocop_hub_booth_info_columns[];
extern const char * const ocop_hub_hour_columns[];
extern const char * const ocop_hub_product_columns[];

/* Called after each committed batch, before the device is answered, so
 * that a test can kill or slow the hub at the worst moment. NULL, and
 * never set, in the installed hub: only its test build, ocop-hub-test,
 * sets it (tests/sync/hub-test-hooks.c), so no environment variable or
 * option of an installed program can reach it. */
typedef void (*OcopHubAfterCommitHook) (void);
extern OcopHubAfterCommitHook ocop_hub_backend_after_commit_hook;

G_END_DECLS
