/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-sync-client.h: the device's sync client: enrollment with a hub and
 * rounds that upload the outbox in batches (libcurl, off the main loop). */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define OCOP_SYNC_ERROR (ocop_sync_error_quark ())

typedef enum {
  OCOP_SYNC_ERROR_NOT_ENROLLED,  /* run `ocop sync enroll` first */
  OCOP_SYNC_ERROR_BUSY,          /* another sync of this store is running */
  OCOP_SYNC_ERROR_NETWORK,       /* no connection, timeout, TLS failure */
  OCOP_SYNC_ERROR_REFUSED,       /* the hub refused: wrong token, revoked, bad batch */
  OCOP_SYNC_ERROR_HUB,           /* the hub failed or is busy: try later */
  OCOP_SYNC_ERROR_PROTOCOL,      /* a reply that makes no sense */
  OCOP_SYNC_ERROR_STORE,         /* the local store failed */
  OCOP_SYNC_ERROR_TLS,           /* the hub's certificate is not trusted, or its key is not the pinned one */
  OCOP_SYNC_ERROR_INVALID,       /* an argument that makes no sense (a malformed pin or certificate) */
  OCOP_SYNC_ERROR_NEEDS_ORGANIZER, /* the hub's totals need an organizer to sign in (again) */
  OCOP_SYNC_ERROR_INSECURE,      /* refused before sending: plain http to another computer, not chosen or with a password */
} OcopSyncError;

GQuark ocop_sync_error_quark (void);

/* What one round did. */
typedef struct {
  gint64       events_sent;
  gint64       batches;
  gint64       bytes_sent;         /* request bodies on the wire */
  gint64       acked_through;
  gint64       pending;            /* left after the round */
  char        *checkpoint_status;  /* the hub's last comparison, or NULL */
  gint64       catalog_version;    /* the hub's catalog now in the store, if it changed (else 0) */
  gboolean     catalog_full;       /* it came whole (first sync, or a version the hub cannot answer from) */
  guint        catalog_products;   /* products added or changed by it */
  guint        catalog_withdrawn;  /* skus it withdrew (named by a delta) */
} OcopSyncRound;

void ocop_sync_round_clear (OcopSyncRound *round);

/* The most the client reads of a reply from the hub; a catalog, which
 * holds the fair's products, may be larger (a whole catalog of 20,000
 * products is 2.9 MB of JSON). */
#define OCOP_SYNC_MAX_REPLY_BYTES    (1024 * 1024)
#define OCOP_SYNC_MAX_CATALOG_BYTES  (64 * 1024 * 1024)

/* The hub's reply to an upload batch (docs/sync-protocol.md). */
typedef struct {
  gint64  epoch;
  gint64  acked_through;
  gint64  inserted;
  gint64  duplicates;
  gint64  hub_time_us;
  char   *checkpoint_status;
} OcopSyncAck;

/* Parses an upload reply; exposed for the fuzzer and tests. */
gboolean ocop_sync_parse_ack (const char   *text,
                              gsize         length,
                              OcopSyncAck  *ack,
                              GError      **error);

/* The hub's catalog reply to ?since=N (docs/sync-protocol.md, "Catalog
 * down"): the whole catalog (@full) or the products added or changed after
 * @since and the skus withdrawn after it. */
typedef struct {
  gint64    version;
  gint64    since;
  gboolean  full;
  char     *products;    /* CSV with the importer's header, or NULL for none */
  GStrv     withdrawn;   /* never NULL */
} OcopSyncCatalog;

void     ocop_sync_catalog_clear (OcopSyncCatalog *catalog);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (OcopSyncCatalog, ocop_sync_catalog_clear)

/* Parses a catalog reply to a request with ?since=@asked; checks that it
 * answers that question (a delta from @asked, or a whole catalog) and
 * that a sku is not both changed and withdrawn is left to the caller, who
 * parses the products. Exposed for the fuzzer and tests. */
gboolean ocop_sync_parse_catalog (const char       *text,
                                  gsize             length,
                                  gint64            asked,
                                  OcopSyncCatalog  *catalog,
                                  GError          **error);

#define OCOP_TYPE_SYNC_CLIENT (ocop_sync_client_get_type ())
G_DECLARE_FINAL_TYPE (OcopSyncClient, ocop_sync_client, OCOP, SYNC_CLIENT, GObject)

/* A client for the store at @store_path; each round opens its own handle,
 * so rounds may run on a worker thread while the till keeps selling. */
OcopSyncClient *ocop_sync_client_new              (const char      *store_path);
/* Batch bounds (defaults 1,000 events, 1 MiB of payloads). */
void            ocop_sync_client_set_batch_limits (OcopSyncClient  *self,
                                                   guint            max_events,
                                                   gsize            max_bytes);
/* How this device trusts a hub that serves HTTPS with a certificate of
 * its own (a fair-site laptop's self-signed one): @ca_pem, the PEM text
 * of the hub's certificate or of its CA, trusted instead of the system's
 * CAs; @pin, "sha256//BASE64" (several joined by ';') of the hub's public
 * key, which must match too. Either may be NULL. Checked here, used by the
 * next enrollment and kept in the store with it for every round. There is
 * no way to turn verification off. */
gboolean        ocop_sync_client_set_trust        (OcopSyncClient  *self,
                                                   const char      *ca_pem,
                                                   const char      *pin,
                                                   GError         **error);
/* Whether plain http:// to another computer is allowed (default FALSE;
 * the property "allow-http"). A hub is reached over https, or plain http
 * to this computer (localhost, 127.0.0.0/8, ::1, and only if the socket
 * goes there); plain http elsewhere carries the device's token and the
 * sales in clear, so it takes this explicit choice, and an organizer's
 * password never goes over it. Refusals are OCOP_SYNC_ERROR_INSECURE,
 * before a byte is sent. */
void            ocop_sync_client_set_allow_http   (OcopSyncClient  *self,
                                                   gboolean         allow_http);
gboolean        ocop_sync_client_get_allow_http   (OcopSyncClient  *self);
/* Trades a one-time code for this device's id and token at @hub_url. */
gboolean        ocop_sync_client_enroll           (OcopSyncClient  *self,
                                                   const char      *hub_url,
                                                   const char      *code,
                                                   GCancellable    *cancellable,
                                                   GError         **error);
/* Uploads everything pending, batch by batch, then brings the fair's
 * catalog down when the hub has a newer one (ETag), holding the store's sync
 * lock (OCOP_SYNC_ERROR_BUSY when another process holds it). Blocks: call
 * it from a worker thread or the command line. */
gboolean        ocop_sync_client_run_round        (OcopSyncClient  *self,
                                                   OcopSyncRound   *round,
                                                   GCancellable    *cancellable,
                                                   GError         **error);
/* The same on a GTask worker thread, for the till. */
void            ocop_sync_client_run_round_async  (OcopSyncClient      *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean        ocop_sync_client_run_round_finish (OcopSyncClient  *self,
                                                   GAsyncResult    *result,
                                                   OcopSyncRound   *round,
                                                   GError         **error);
/* The hub's Retry-After of the last failed round, in ms (0: none). */
gint64          ocop_sync_client_get_retry_after_ms (OcopSyncClient *self);
/* The HTTP status with which the hub refused the last round's upload (403:
 * this device was revoked; 0: no refusal), so that the till can say why. */
gint            ocop_sync_client_get_refused_status (OcopSyncClient *self);
/* TRUE when the store holds a hub address, a device id and a token;
 * OCOP_SYNC_ERROR_NOT_ENROLLED otherwise. Opens the store: quick, but on
 * the caller's thread. */
gboolean        ocop_sync_client_is_enrolled      (OcopSyncClient  *self,
                                                   GError         **error);
/* ocop_sync_client_enroll on a GTask worker thread, for the till. */
void            ocop_sync_client_enroll_async     (OcopSyncClient      *self,
                                                   const char          *hub_url,
                                                   const char          *code,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean        ocop_sync_client_enroll_finish    (OcopSyncClient  *self,
                                                   GAsyncResult    *result,
                                                   GError         **error);
/* The hub's totals of this device's fair (docs/sync-protocol.md, "Read
 * side"), for @day (YYYY-MM-DD) or the whole fair (NULL), checked to hold
 * as_of_us, sales, revenue and visitors. Read with the organizer's session
 * when one is signed in, else with the device's token, which a hub with
 * organizer accounts or an admin token refuses:
 * OCOP_SYNC_ERROR_NEEDS_ORGANIZER (a session the hub no longer knows is
 * forgotten). Blocks: see the async version. */
JsonNode       *ocop_sync_client_fetch_totals        (OcopSyncClient  *self,
                                                      const char      *day,
                                                      GCancellable    *cancellable,
                                                      GError         **error);
void            ocop_sync_client_fetch_totals_async  (OcopSyncClient      *self,
                                                      const char          *day,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
JsonNode       *ocop_sync_client_fetch_totals_finish (OcopSyncClient  *self,
                                                      GAsyncResult    *result,
                                                      GError         **error);

/* Signs in as organizer @name at this device's hub (POST /v1/session).
 * The password goes to the hub and is kept nowhere; the session token is
 * held in this object's memory only, so it ends with the till.
 * OCOP_SYNC_ERROR_REFUSED for a wrong name or password, OCOP_SYNC_ERROR_HUB
 * after too many failed tries (the hub says when to try again). Blocks. */
gboolean        ocop_sync_client_sign_in             (OcopSyncClient  *self,
                                                      const char      *name,
                                                      const char      *password,
                                                      GCancellable    *cancellable,
                                                      GError         **error);
void            ocop_sync_client_sign_in_async       (OcopSyncClient      *self,
                                                      const char          *name,
                                                      const char          *password,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean        ocop_sync_client_sign_in_finish      (OcopSyncClient  *self,
                                                      GAsyncResult    *result,
                                                      GError         **error);
/* Forgets the session at once, then ends it at the hub (DELETE
 * /v1/session); when the hub cannot be reached it fails with
 * OCOP_SYNC_ERROR_NETWORK, and the session ends by itself at its expiry.
 * Blocks. */
gboolean        ocop_sync_client_sign_out            (OcopSyncClient  *self,
                                                      GCancellable    *cancellable,
                                                      GError         **error);
void            ocop_sync_client_sign_out_async      (OcopSyncClient      *self,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean        ocop_sync_client_sign_out_finish     (OcopSyncClient  *self,
                                                      GAsyncResult    *result,
                                                      GError         **error);
/* The organizer signed in through this client, or NULL. */
char           *ocop_sync_client_dup_organizer       (OcopSyncClient  *self);

G_END_DECLS
