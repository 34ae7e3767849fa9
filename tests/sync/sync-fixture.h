/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sync-fixture.h: a real ocop-hub process on loopback with its own SQLite
 * file, device stores with the real core, and raw HTTP for bad input. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ocop-store.h"

G_BEGIN_DECLS

typedef struct {
  char        *dir;
  char        *db;        /* the hub's --db */
  GSubprocess *process;
  guint16      port;
  char        *url;
  const char  *tls_cert;  /* set before starting: serve HTTPS with this PEM pair */
  const char  *tls_key;
  const char * const *serve_args;  /* more arguments to `serve`, NULL-terminated; may be NULL */
  gboolean     test_build;  /* run ocop-hub-test, which has the OCOP_HUB_TEST_* hooks */
} TestHub;

/* Starts `ocop-hub serve` on 127.0.0.1 with a port of its choosing;
 * @env_pairs (NAME=VALUE, NULL-terminated, may be NULL) go to its
 * environment. A hub already set up in @hub->db keeps its data. */
void       test_hub_start        (TestHub            *hub,
                                  const char * const *env_pairs);
/* SIGTERM, and a clean exit (status 0) expected. */
void       test_hub_stop         (TestHub *hub);
void       test_hub_clear        (TestHub *hub);
/* Runs `ocop-hub ARGS…` against the hub's database and returns its
 * stdout, stripped; fails the test unless it exits 0. */
char      *test_hub_run          (TestHub    *hub,
                                  const char *first_arg,
                                  ...) G_GNUC_NULL_TERMINATED;
/* `ocop-hub user add NAME` with @password on its standard input. */
void       test_hub_add_organizer (TestHub    *hub,
                                   const char *name,
                                   const char *password);
/* Runs @sql on the hub's database (SQLite or PostgreSQL), as time
 * passing or another process would change it. */
void       test_hub_exec         (TestHub    *hub,
                                  const char *sql);
/* GET /v1/fairs/FAIR/totals[?day=DAY] as JSON. */
JsonNode  *test_hub_totals       (TestHub    *hub,
                                  const char *fair,
                                  const char *day);
/* The same read with @bearer (the admin token or an organizer's session),
 * as a hub with accounts requires. */
JsonNode  *test_hub_totals_as    (TestHub    *hub,
                                  const char *fair,
                                  const char *day,
                                  const char *bearer);
/* `ocop-hub bank add` of @service's account 0011001932418 for fair
 * hcm-2026, named @name, with @key; its notifications are posted to
 * /v1/bank/NAME. */
void       test_hub_add_bank_account (TestHub    *hub,
                                      const char *name,
                                      const char *service,
                                      const char *key);
/* SePay's notification of @amount for @code to account 0011001932418, as
 * SePay posts it to the account named @name; the hub's HTTP status. */
long       test_hub_post_sepay   (TestHub    *hub,
                                  const char *name,
                                  const char *key,
                                  const char *id,
                                  gint64      amount,
                                  const char *code);
/* One value of the hub's SQLite file, read by the test itself. */
gint64     test_hub_query_int    (TestHub    *hub,
                                  const char *sql);
/* A reply with its headers, for what a browser or the till sees. */
typedef struct {
  long     status;
  GString *body;
  GString *headers;
} TestReply;

void       test_reply_clear      (TestReply  *reply);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TestReply, test_reply_clear)
/* @cookie is a dashboard session (sent as its cookie), @bearer a device
 * token or an organizer's session, @body a POST body; any may be NULL. */
void       test_request          (TestReply  *reply,
                                  const char *method,
                                  const char *url,
                                  const char *cookie,
                                  const char *bearer,
                                  const char *body);
/* The same with more header lines ("Name: value", NULL-terminated, may be
 * NULL), sent from the local address @from ("127.0.0.2"; NULL: any). */
void       test_request_with     (TestReply          *reply,
                                  const char         *method,
                                  const char         *url,
                                  const char         *cookie,
                                  const char         *bearer,
                                  const char         *body,
                                  const char * const *more_headers,
                                  const char         *from);
/* The value of header @name, or NULL. */
char      *test_reply_header     (TestReply  *reply,
                                  const char *name);

/* Signs @name in through the dashboard's form; returns the session
 * token its cookie carries (for test_request's @cookie). */
char      *test_hub_log_in       (TestHub    *hub,
                                  const char *name,
                                  const char *password);

/* A raw request; returns the HTTP status and the reply body. */
long       test_http             (const char  *method,
                                  const char  *url,
                                  const char  *token,
                                  const char  *encoding,
                                  const void  *body,
                                  gsize        size,
                                  char       **reply);

/* A device store at DIR/NAME/ocop.db with the demo fair, enrolled with
 * @hub for @booth of fair @fair. */
OcopStore *test_device_new       (TestHub    *hub,
                                  const char *name,
                                  const char *fair,
                                  const char *booth);

/* One sync round of @store with its hub, which must succeed. */
void       test_device_sync      (OcopStore  *store);

/* A batch as a device of another make could send it, for @device_id of
 * booth @booth (the "booth" object's JSON text): one event per payload of
 * @payloads (each a JSON text whose "kind" is the event's, "sale" when it
 * has none), seqs from @first_seq, each payload hashed here. */
char      *test_batch_new        (const char         *device_id,
                                  const char         *booth,
                                  GPtrArray          *payloads,
                                  gint64              first_seq);
/* A sale's payload of one line: @quantity × @unit_price paid by @method. */
char      *test_sale_payload     (const char *uuid,
                                  const char *day,
                                  const char *sku,
                                  const char *name,
                                  gint64      quantity,
                                  gint64      unit_price,
                                  const char *method);
/* @n sales of day @day (uuids raw-@first…), one line each of
 * @quantity × @unit_price paid in cash. */
GPtrArray *test_sales_payloads   (guint       n,
                                  gint64      first,
                                  const char *day,
                                  gint64      quantity,
                                  gint64      unit_price);
/* POSTs @body as @store's enrolled device; returns the status and the
 * reply's body in *@reply. */
long       test_hub_post_batch   (TestHub    *hub,
                                  OcopStore  *store,
                                  const char *body,
                                  char      **reply);

/* A self-signed certificate for 127.0.0.1 made by openssl in @dir/@name,
 * as a fair-site hub would make for itself; its key's path in @key. */
char      *test_make_certificate (const char  *dir,
                                  const char  *name,
                                  char       **key);
/* "sha256//…" of @cert's public key, computed by openssl (not by the code
 * under test). */
char      *test_public_key_pin   (const char  *cert);

G_END_DECLS
