/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-hub-site.c: the hub's public URL, its trusted proxies, the client
 * address behind them and the same-origin check of the dashboard's forms. */

#include "config.h"

#include <string.h>

#include "ocop-hub-error.h"
#include "ocop-hub-gettext.h"
#include "ocop-hub-site.h"

/* Hops of X-Forwarded-For read from the right: a fair's set-up has one
 * proxy, rarely two; past this the last trusted hop is the client. */
#define MAX_HOPS 16

struct _OcopHubSite {
  GPtrArray *proxies;      /* GInetAddressMask */
  GUri      *public_url;
};

OcopHubSite *
ocop_hub_site_new (void)
{
  OcopHubSite *self = g_new0 (OcopHubSite, 1);

  self->proxies = g_ptr_array_new_with_free_func (g_object_unref);
  return self;
}

void
ocop_hub_site_free (OcopHubSite *self)
{
  g_ptr_array_unref (self->proxies);
  g_clear_pointer (&self->public_url, g_uri_unref);
  g_free (self);
}

gboolean
ocop_hub_site_trust_proxy (OcopHubSite  *self,
                           const char   *spec,
                           GError      **error)
{
  GInetAddressMask *mask = g_inet_address_mask_new_from_string (spec, NULL);

  if (mask == NULL)
    {
      g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID,
                   _("--trusted-proxy '%s' is not an IP address or a network such as 10.0.0.0/8"), spec);
      return FALSE;
    }
  g_ptr_array_add (self->proxies, mask);
  return TRUE;
}

gboolean
ocop_hub_site_set_public_url (OcopHubSite  *self,
                              const char   *url,
                              GError      **error)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *path = uri ? g_uri_get_path (uri) : NULL;

  /* The __Host- cookie needs Secure (so https) and Path=/ (so the hub at
   * the root of its host). */
  if (uri == NULL || g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") != 0 || g_uri_get_host (uri) == NULL ||
      *g_uri_get_host (uri) == '\0' || (*path != '\0' && !g_str_equal (path, "/")) ||
      g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL || g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID,
                   _("--public-url '%s' is not https://HOST or https://HOST:PORT (the hub is served at the root"
                     " of its host, over HTTPS)"), url);
      return FALSE;
    }
  g_clear_pointer (&self->public_url, g_uri_unref);
  self->public_url = g_steal_pointer (&uri);
  return TRUE;
}

gboolean
ocop_hub_site_has_public_url (OcopHubSite *self)
{
  return self->public_url != NULL;
}

/* ---- the client's address ---- */

static gboolean
is_trusted (OcopHubSite  *self,
            GInetAddress *address)
{
  for (guint i = 0; i < self->proxies->len; i++)
    if (g_inet_address_get_family (address) == g_inet_address_mask_get_family (self->proxies->pdata[i]) &&
        g_inet_address_mask_matches (self->proxies->pdata[i], address))
      return TRUE;
  return FALSE;
}

/* An IPv6 client as its /64: one home or phone holds a whole /64 and
 * could take a new address for each try; an IPv4 one (also mapped into
 * IPv6, ::ffff:a.b.c.d) as it is. */
static char *
address_text (GInetAddress *address)
{
  static const guint8 v4_mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
  guint8 bytes[16];
  g_autoptr(GInetAddress) prefix = NULL;
  g_autofree char *text = NULL;

  if (g_inet_address_get_family (address) != G_SOCKET_FAMILY_IPV6 ||
      memcmp (g_inet_address_to_bytes (address), v4_mapped, sizeof v4_mapped) == 0)
    return g_inet_address_to_string (address);
  memcpy (bytes, g_inet_address_to_bytes (address), 8);
  memset (bytes + 8, 0, 8);
  prefix = g_inet_address_new_from_bytes (bytes, G_SOCKET_FAMILY_IPV6);
  text = g_inet_address_to_string (prefix);
  return g_strconcat (text, "/64", NULL);
}

/* Each proxy appends the address it was reached from, so the entries on
 * the right were written by proxies the hub trusts and the first
 * untrusted one from the right is the client; anything left of it is
 * whatever the client chose to send, and is never read. */
char *
ocop_hub_site_client_address (OcopHubSite  *self,
                              GInetAddress *peer,
                              const char   *forwarded_for)
{
  g_autoptr(GInetAddress) current = g_object_ref (peer);
  g_auto(GStrv) hops = NULL;
  guint n;

  if (!is_trusted (self, current) || forwarded_for == NULL)
    return address_text (current);
  hops = g_strsplit (forwarded_for, ",", -1);
  n = g_strv_length (hops);
  for (guint read = 0; read < MIN (n, MAX_HOPS) && is_trusted (self, current); read++)
    {
      GInetAddress *hop = g_inet_address_new_from_string (g_strstrip (hops[n - 1 - read]));

      /* A trusted proxy wrote something that is not an address: its own
       * address stands for the client, so such clients share one limit. */
      if (hop == NULL)
        break;
      g_set_object (&current, hop);
      g_object_unref (hop);
    }
  return address_text (current);
}

/* ---- forms from the hub's own pages ---- */

static int
port_of (GUri *uri)
{
  int port = g_uri_get_port (uri);

  if (port > 0)
    return port;
  return g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0 ? 443 : 80;
}

static gboolean
same_origin (GUri *a,
             GUri *b)
{
  return g_ascii_strcasecmp (g_uri_get_scheme (a), g_uri_get_scheme (b)) == 0 &&
         g_uri_get_host (a) != NULL && g_uri_get_host (b) != NULL &&
         g_ascii_strcasecmp (g_uri_get_host (a), g_uri_get_host (b)) == 0 && port_of (a) == port_of (b);
}

/* The hub's own origin: the public URL, else the Host the browser asked. */
static GUri *
own_origin (OcopHubSite *self,
            const char  *host,
            gboolean     tls)
{
  g_autofree char *url = NULL;

  if (self->public_url != NULL)
    return g_uri_ref (self->public_url);
  if (host == NULL || strpbrk (host, "/?#@") != NULL)
    return NULL;
  url = g_strconcat (tls ? "https://" : "http://", host, NULL);
  return g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
}

gboolean
ocop_hub_site_check_origin (OcopHubSite  *self,
                            const char   *origin,
                            const char   *referer,
                            const char   *host,
                            gboolean      tls,
                            GError      **error)
{
  const char *source = origin != NULL ? origin : referer;
  g_autoptr(GUri) own = NULL, from = NULL;

  /* Browsers send Origin with every POST, same-site or not (Referer when
   * an old one does not), and "null" from a sandboxed or opaque page. A
   * request with neither is no browser's form sent from another site (a
   * script's, such as curl's): no visitor's cookie or address rides on it,
   * so it is answered as any client is. */
  if (source == NULL)
    return TRUE;
  own = own_origin (self, host, tls);
  from = g_str_equal (source, "null") ? NULL : g_uri_parse (source, G_URI_FLAGS_NONE, NULL);
  if (own != NULL && from != NULL && same_origin (own, from))
    return TRUE;
  g_set_error_literal (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_FORBIDDEN,
                       _("This form was sent from another site's page and is refused: open the dashboard at the"
                         " hub's own address (behind a TLS proxy, the hub needs --public-url)"));
  return FALSE;
}
