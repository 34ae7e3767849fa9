/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-hub-dashboard.h: the organizers' web dashboard of the hub: login,
 * the server-rendered page with its SVG charts, and CSV exports, read from
 * the pre-aggregated tallies. */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "ocop-hub-accounts.h"
#include "ocop-hub-backend.h"

G_BEGIN_DECLS

#define OCOP_HUB_SESSION_COOKIE "ocop_session"
/* Its name over HTTPS, directly or behind a proxy with --public-url. */
#define OCOP_HUB_SECURE_SESSION_COOKIE "__Host-ocop_session"

/* One request to a dashboard route, as the HTTP server read it. */
typedef struct {
  const char   *method;
  const char   *url;              /* the path, without the query */
  const char   *fair;             /* ?fair=, may be NULL */
  const char   *day;              /* ?day=, may be NULL */
  const char   *lang;             /* ?lang=, may be NULL */
  const char   *accept_language;
  const char   *cookie;           /* the Cookie header */
  const char   *address;          /* the client's IP address */
  const guint8 *body;
  gsize         body_size;
  gboolean      secure;           /* served over TLS, or behind a TLS proxy at
                                   * --public-url: the cookie is Secure and __Host- */
} OcopHubWebRequest;

typedef struct {
  unsigned int  status;
  const char   *content_type;
  GBytes       *body;
  char         *location;
  char         *set_cookie;
  char         *disposition;
  gint64        retry_after_s;    /* 0: no Retry-After */
} OcopHubWebReply;

void ocop_hub_web_reply_clear (OcopHubWebReply *reply);
/* @reply becomes @error's status and message, as plain text; takes @error. */
void ocop_hub_web_reply_error (OcopHubWebReply *reply,
                               GError          *error);

#define OCOP_TYPE_HUB_DASHBOARD (ocop_hub_dashboard_get_type ())
G_DECLARE_FINAL_TYPE (OcopHubDashboard, ocop_hub_dashboard, OCOP, HUB_DASHBOARD, GObject)

/* @backend is borrowed: it must outlive the dashboard. */
OcopHubDashboard *ocop_hub_dashboard_new        (OcopHubBackend          *backend);
/* Whether @path is one of the dashboard's routes ("/", "/login",
 * "/logout", "/export/…"). */
gboolean          ocop_hub_dashboard_serves     (const char              *path);
/* The accounts the dashboard logs organizers in with; the JSON API's
 * sessions share them, and so their limits on failed logins. */
OcopHubAccounts  *ocop_hub_dashboard_get_accounts (OcopHubDashboard      *self);
void              ocop_hub_dashboard_answer     (OcopHubDashboard        *self,
                                                 const OcopHubWebRequest *request,
                                                 gint64                   now_us,
                                                 OcopHubWebReply         *reply);

/* A table as CSV (UTF-8 with a BOM, so that Excel reads Vietnamese right):
 * @table is "totals", "booths", "days", "localities" or "methods";
 * @totals is the backend's totals, @extras its dashboard_extras. */
char             *ocop_hub_dashboard_csv        (const char              *table,
                                                 JsonObject              *totals,
                                                 JsonObject              *extras,
                                                 GError                 **error);

G_END_DECLS
