/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-hub-server.h: the hub's HTTP server (GNU libmicrohttpd, a thread
 * pool) speaking sync protocol v1 over a storage backend. */
#pragma once

#include <glib-object.h>

#include "ocop-hub-backend.h"
#include "ocop-hub-site.h"

G_BEGIN_DECLS

#define OCOP_TYPE_HUB_SERVER (ocop_hub_server_get_type ())
G_DECLARE_FINAL_TYPE (OcopHubServer, ocop_hub_server, OCOP, HUB_SERVER, GObject)

/* Takes ownership of @backend. */
OcopHubServer *ocop_hub_server_new              (OcopHubBackend  *backend);
/* An admin token shorter than this is refused at start-up. */
#define OCOP_HUB_MIN_ADMIN_TOKEN 32
/* At most this many connections at once from one address, by default;
 * a hub behind a reverse proxy on the same machine sees every booth come
 * from the proxy's address and may need more. */
#define OCOP_HUB_DEFAULT_CONNECTIONS_PER_ADDRESS 32

/* Organizers must send this token to read totals; without it and without
 * any organizer account the hub is open: the totals are served to
 * loopback peers only. */
void           ocop_hub_server_set_admin_token  (OcopHubServer   *self,
                                                 const char      *token);
/* Lets an open hub listen on an address other than loopback (`--open`);
 * without it ocop_hub_server_start() refuses to. */
void           ocop_hub_server_set_open         (OcopHubServer   *self,
                                                 gboolean         open);
/* Whether the hub is open (neither an admin token nor an organizer
 * account); FALSE when the accounts cannot be read. */
gboolean       ocop_hub_server_is_open          (OcopHubServer   *self,
                                                 gboolean        *open,
                                                 GError         **error);
void           ocop_hub_server_set_connections_per_address (OcopHubServer *self,
                                                            guint          connections);
/* PEM certificate and key: the hub then speaks HTTPS itself. */
void           ocop_hub_server_set_tls          (OcopHubServer   *self,
                                                 const char      *cert_pem,
                                                 const char      *key_pem);
/* The public URL and trusted proxies of the dashboard, to set before
 * ocop_hub_server_start(); owned by the server. */
OcopHubSite   *ocop_hub_server_get_site         (OcopHubServer   *self);
/* Listens on @listen ("HOST:PORT", IPv4; port 0 picks a free one). */
gboolean       ocop_hub_server_start            (OcopHubServer   *self,
                                                 const char      *listen,
                                                 guint            threads,
                                                 GError         **error);
guint16        ocop_hub_server_get_port         (OcopHubServer   *self);
void           ocop_hub_server_stop             (OcopHubServer   *self);

/* Answers one request as the server would, without a socket: the fuzzer
 * and unit tests drive the request parsing through this. Returns the
 * HTTP status and sets *@body to the JSON reply. @peer_is_loopback: the
 * request came from this machine (an open hub's totals are for it only). */
unsigned int   ocop_hub_server_answer           (OcopHubServer   *self,
                                                 const char      *method,
                                                 const char      *url,
                                                 const char      *authorization,
                                                 const char      *content_encoding,
                                                 const char      *day_argument,
                                                 gboolean         peer_is_loopback,
                                                 const guint8    *body,
                                                 gsize            body_size,
                                                 char           **reply);

G_END_DECLS
