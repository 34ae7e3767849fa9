/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-sync-private.h: what the sync client's files share: the client's
 * fields, the HTTP exchange (ocop-sync-transport.c), the store's sync lock
 * (ocop-sync-lock.c), batch encoding (ocop-sync-batch.c), one running
 * round (ocop-sync-upload.c, ocop-sync-catalog.c) and the organizer's
 * session (ocop-sync-session.c). */
#pragma once

#include <curl/curl.h>
#include <json-glib/json-glib.h>

#include "ocop-store-outbox.h"
#include "ocop-sync-client.h"

G_BEGIN_DECLS

struct _OcopSyncClient {
  GObject  parent_instance;
  char    *store_path;
  char    *ca_pem;           /* for the next enrollment, or NULL */
  char    *pin;
  guint    max_events;
  gsize    max_bytes;
  gint     retry_after_ms;   /* atomic: written by the worker */
  gint     refused_status;   /* atomic: the HTTP status of the last refusal */
  GMutex   session_lock;     /* the organizer's session, read by workers */
  char    *session_token;    /* in memory only: never written to the store */
  char    *organizer;
  gint     allow_http;       /* atomic: written by the till's settings */
};

/* ocop-sync-client.c: reads the client's state from its store, which it
 * opens and closes again. */
gboolean  ocop_sync_client_load_state  (OcopSyncClient       *self,
                                        OcopSyncClientState  *state,
                                        GError              **error);

/* ---- ocop-sync-transport.c: one HTTP exchange with the hub ---- */

typedef struct {
  GByteArray   *body;
  gsize         max_bytes;       /* 0: a reply's limit (1 MiB) */
  gint64        retry_after_ms;
  char         *etag;
  GCancellable *cancellable;
  char          detail[CURL_ERROR_SIZE];   /* curl's own words for a failure */
  gboolean      left_machine;    /* plain http to loopback tried another address */
} OcopSyncExchange;

void      ocop_sync_exchange_init      (OcopSyncExchange  *exchange,
                                        GCancellable      *cancellable);
void      ocop_sync_exchange_clear     (OcopSyncExchange  *exchange);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (OcopSyncExchange, ocop_sync_exchange_clear)

/* @hub_url with @path, without doubling the slash between them. */
char     *ocop_sync_hub_endpoint       (const char        *hub_url,
                                        const char        *path);
/* How a request may reach the hub. */
typedef struct {
  const char *ca_pem;      /* trusted instead of the system's CAs, or NULL */
  const char *pinned;      /* the hub's key pin ("sha256//…"), or NULL */
  gboolean    allow_http;  /* the booth chose plain http to another computer */
  gboolean    password;    /* the request carries an organizer's password */
} OcopSyncTrust;

/* @self's choice of plain http with how @state trusts its hub. */
OcopSyncTrust ocop_sync_client_trust   (OcopSyncClient             *self,
                                        const OcopSyncClientState  *state);
/* TRUE for "localhost" and the addresses of 127.0.0.0/8 and ::1 (an IPv6
 * one in brackets, as in a URL). */
gboolean  ocop_sync_host_is_loopback   (const char        *host);
/* A handle for requests to @hub_url, or NULL with @error when @trust does
 * not let them go there (OCOP_SYNC_ERROR_INSECURE: plain http to another
 * computer not chosen, or with a password; OCOP_SYNC_ERROR_INVALID: not
 * an http(s) address, or a certificate or pin on plain http). Nothing has
 * been sent then. The handle verifies TLS against @trust's certificate
 * (else the system's CAs) and its pin, speaks only the URL's protocol and
 * follows no redirect. */
CURL     *ocop_sync_new_handle         (const char           *hub_url,
                                        const OcopSyncTrust  *trust,
                                        GError              **error);
/* POSTs @body to @url; returns the HTTP status (0 on a transport error,
 * with @error set) and the reply in @exchange. */
long      ocop_sync_post               (CURL              *curl,
                                        const char        *url,
                                        const char        *token,
                                        gboolean           gzipped,
                                        GBytes            *body,
                                        OcopSyncExchange  *exchange,
                                        GError           **error);
/* GETs @url with If-None-Match @etag; returns the status (0 with @error
 * on a transport error) and the body and ETag in @exchange. */
long      ocop_sync_get                (CURL              *curl,
                                        const char        *url,
                                        const char        *token,
                                        const char        *etag,
                                        OcopSyncExchange  *exchange,
                                        GError           **error);
/* One request on a handle of its own that reaches the hub as @trust says: @method "GET", "POST" (@body) or "DELETE" (an empty body,
 * as a POST's headers and errors). The status as ocop_sync_post's. */
long      ocop_sync_request            (const char           *method,
                                        const char           *url,
                                        const OcopSyncTrust  *trust,
                                        const char           *token,
                                        GBytes               *body,
                                        OcopSyncExchange     *exchange,
                                        GError              **error);
/* The hub's own sentence for a refusal, else a generic one. */
void      ocop_sync_set_http_error     (long               status,
                                        OcopSyncExchange  *exchange,
                                        GError           **error);
/* TRUE for @expected; else FALSE with the hub's refusal in @error (which
 * a transport error, @status 0, has set already). */
gboolean  ocop_sync_expect_status      (long               status,
                                        long               expected,
                                        OcopSyncExchange  *exchange,
                                        GError           **error);
/* The reply's JSON object as @parser reads it, or NULL. */
JsonObject *ocop_sync_exchange_object  (JsonParser        *parser,
                                        OcopSyncExchange  *exchange);
/* The text member @name of @object (which may be NULL), or NULL. */
const char *ocop_sync_member_string    (JsonObject        *object,
                                        const char        *name);
/* The "error" member of a refusal, or NULL. */
char     *ocop_sync_error_name_of      (OcopSyncExchange  *exchange);

/* ---- ocop-sync-lock.c: one sync worker per store across processes ---- */

typedef int OcopSyncLock;

/* The lock's file descriptor, or -1 with OCOP_SYNC_ERROR_BUSY when
 * another process holds it. */
OcopSyncLock ocop_sync_lock_take       (const char        *store_path,
                                        GError           **error);
void         ocop_sync_lock_release    (OcopSyncLock       lock);
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (OcopSyncLock, ocop_sync_lock_release, -1)

/* ---- ocop-sync-batch.c: request bodies ---- */

void      ocop_sync_add_member_int     (JsonBuilder       *builder,
                                        const char        *name,
                                        gint64             value);
void      ocop_sync_add_member_string  (JsonBuilder       *builder,
                                        const char        *name,
                                        const char        *value);
void      ocop_sync_add_booth          (JsonBuilder       *builder,
                                        OcopBooth         *booth);
/* The text of the object @builder holds. */
char     *ocop_sync_builder_to_text    (JsonBuilder       *builder);
/* An upload batch of @events from the device @state names, with
 * @checkpoint when it ends the backlog. */
char     *ocop_sync_batch_text         (OcopStore                  *store,
                                        const OcopSyncClientState  *state,
                                        OcopBooth                  *booth,
                                        GPtrArray                  *events,
                                        const OcopOutboxCheckpoint *checkpoint);
GBytes   *ocop_sync_gzip               (const char        *text,
                                        gsize              length,
                                        GError           **error);
/* Keeps the hub's clock of an ack against this machine's monotonic clock
 * in @state and the store, for the anchored time of the next batches. */
void      ocop_sync_anchor_hub_clock   (OcopStore            *store,
                                        OcopSyncClientState  *state,
                                        gint64                hub_time_us);

/* ---- ocop-sync-upload.c: one round ---- */

/* What a round works with, from ocop_sync_client_run_round's start to
 * its end. */
typedef struct {
  OcopSyncClient       *self;
  OcopStore            *store;
  OcopSyncClientState   state;     /* as the round found it, and wrote it */
  CURL                 *curl;
  char                 *url;
  char                 *catalog_url;
  OcopBooth            *booth;
  OcopSyncExchange      exchange;
  OcopSyncRound        *round;
  gboolean              epoch_restarted;
} OcopSyncRun;

/* ocop-sync-catalog.c: brings the store's catalog to the hub's. */
gboolean  ocop_sync_fetch_catalog      (OcopSyncRun       *run,
                                        GError           **error);

/* ---- ocop-sync-session.c: the organizer's session ---- */

char     *ocop_sync_client_dup_session_token (OcopSyncClient *self);
/* Forgets the session if it is still @token (NULL: whichever it is), so
 * that a refusal of an old session cannot drop a newer one. */
void      ocop_sync_client_forget_session    (OcopSyncClient *self,
                                              const char     *token);

G_END_DECLS
