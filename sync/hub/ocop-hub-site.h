/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-hub-site.h: the hub as browsers reach it: its public URL, the
 * proxies it trusts, the client's address behind them, and whether a
 * form was sent from the hub's own pages. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _OcopHubSite OcopHubSite;

OcopHubSite *ocop_hub_site_new            (void);
void         ocop_hub_site_free           (OcopHubSite   *self);
/* Trusts @spec (an address, or a network such as 10.0.0.0/8) to say who
 * its clients are in X-Forwarded-For; INVALID when it is neither. */
gboolean     ocop_hub_site_trust_proxy    (OcopHubSite   *self,
                                           const char    *spec,
                                           GError       **error);
/* The https:// origin organizers open, such as https://hub.example.vn,
 * behind a TLS proxy: the session cookie is Secure and __Host- then, and
 * forms must come from it. INVALID unless https with a host and no path. */
gboolean     ocop_hub_site_set_public_url (OcopHubSite   *self,
                                           const char    *url,
                                           GError       **error);
gboolean     ocop_hub_site_has_public_url (OcopHubSite   *self);
/* The client's address as text: @peer's, or when @peer is a trusted
 * proxy, the right-most address of @forwarded_for (the X-Forwarded-For
 * values, comma-joined; may be NULL) that is not a trusted proxy. An IPv6
 * client is its /64 ("2001:db8:1:2::/64"), as the limits count it. */
char        *ocop_hub_site_client_address (OcopHubSite   *self,
                                           GInetAddress  *peer,
                                           const char    *forwarded_for);
/* Whether a browser's POST came from the hub's own pages: @origin (else
 * @referer) against the public URL, or without one against @host (the
 * Host header) over http, or https when @tls. A request that carries
 * neither header is not a browser's form and passes. FORBIDDEN when
 * refused. */
gboolean     ocop_hub_site_check_origin   (OcopHubSite   *self,
                                           const char    *origin,
                                           const char    *referer,
                                           const char    *host,
                                           gboolean       tls,
                                           GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OcopHubSite, ocop_hub_site_free)

G_END_DECLS
