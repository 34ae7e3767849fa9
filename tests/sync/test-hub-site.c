/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-hub-site.c: the hub's view of where a request comes from: the
 * client's address behind trusted proxies, the public URL it accepts, and
 * the same-origin check of the dashboard's forms. */

#include <string.h>

#include "ocop-hub-error.h"
#include "ocop-hub-site.h"

static char *
client_of (OcopHubSite *site,
           const char  *peer,
           const char  *forwarded_for)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (peer);

  g_assert_nonnull (address);
  return ocop_hub_site_client_address (site, address, forwarded_for);
}

static void
assert_client (OcopHubSite *site,
               const char  *peer,
               const char  *forwarded_for,
               const char  *expected)
{
  g_autofree char *client = client_of (site, peer, forwarded_for);

  g_assert_cmpstr (client, ==, expected);
}

/* Without a trusted proxy, X-Forwarded-For is never read. */
static void
test_no_proxy (void)
{
  g_autoptr(OcopHubSite) site = ocop_hub_site_new ();

  assert_client (site, "192.168.1.20", NULL, "192.168.1.20");
  assert_client (site, "192.168.1.20", "203.0.113.7", "192.168.1.20");
}

/* Behind trusted proxies, the right-most entry that is no trusted proxy;
 * what the client wrote to its left is not read. */
static void
test_trusted_chain (void)
{
  g_autoptr(OcopHubSite) site = ocop_hub_site_new ();
  g_autofree char *many = NULL;
  g_autoptr(GString) chain = g_string_new ("203.0.113.7");

  g_assert_true (ocop_hub_site_trust_proxy (site, "127.0.0.1", NULL));
  g_assert_true (ocop_hub_site_trust_proxy (site, "10.0.0.0/8", NULL));
  assert_client (site, "127.0.0.1", "203.0.113.7", "203.0.113.7");
  assert_client (site, "127.0.0.1", "198.51.100.1, 203.0.113.7", "203.0.113.7");
  assert_client (site, "127.0.0.1", "198.51.100.1,203.0.113.7, 10.1.2.3", "203.0.113.7");
  /* An untrusted peer among trusted networks. */
  assert_client (site, "192.168.1.20", "203.0.113.7", "192.168.1.20");
  /* No header: the proxy itself is the client. */
  assert_client (site, "10.9.9.9", NULL, "10.9.9.9");
  /* Every hop trusted: the left-most one. */
  assert_client (site, "127.0.0.1", "10.0.0.5, 10.0.0.6", "10.0.0.5");
  /* A hop that is no address (here with a port): the last trusted hop. */
  assert_client (site, "127.0.0.1", "203.0.113.7:4711", "127.0.0.1");
  assert_client (site, "127.0.0.1", "garbage, 10.0.0.6", "10.0.0.6");
  /* IPv6 clients behind an IPv4 proxy, counted by their /64: one home
   * has a whole /64 to try from. */
  assert_client (site, "127.0.0.1", "2001:db8:1:2::7", "2001:db8:1:2::/64");
  assert_client (site, "127.0.0.1", "2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64");
  assert_client (site, "127.0.0.1", "2001:db8:1:3::7", "2001:db8:1:3::/64");
  assert_client (site, "127.0.0.1", "::ffff:203.0.113.7", "::ffff:203.0.113.7");
  /* A chain longer than any real one ends at the 16th hop from the right. */
  for (guint i = 0; i < 40; i++)
    g_string_append (chain, ", 10.0.0.1");
  many = client_of (site, "127.0.0.1", chain->str);
  g_assert_cmpstr (many, ==, "10.0.0.1");
}

static void
test_bad_proxy (void)
{
  g_autoptr(OcopHubSite) site = ocop_hub_site_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (ocop_hub_site_trust_proxy (site, "proxy.local", &error));
  g_assert_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "--trusted-proxy 'proxy.local'"));
}

static void
test_public_url_checked (void)
{
  const char *good[] = { "https://hub.example.vn", "https://hub.example.vn/", "https://hub.example.vn:8443" };
  const char *bad[] = { "http://hub.example.vn", "https://hub.example.vn/hub", "https://hub.example.vn/?a=1",
                        "https://user@hub.example.vn", "hub.example.vn", "https://" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(OcopHubSite) site = ocop_hub_site_new ();

      g_assert_true (ocop_hub_site_set_public_url (site, good[i], NULL));
      g_assert_true (ocop_hub_site_has_public_url (site));
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(OcopHubSite) site = ocop_hub_site_new ();
      g_autoptr(GError) error = NULL;

      g_assert_false (ocop_hub_site_set_public_url (site, bad[i], &error));
      g_assert_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "--public-url"));
      g_assert_false (ocop_hub_site_has_public_url (site));
    }
}

static gboolean
allowed (OcopHubSite *site,
         const char  *origin,
         const char  *referer,
         const char  *host,
         gboolean     tls)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = ocop_hub_site_check_origin (site, origin, referer, host, tls, &error);

  if (!ok)
    g_assert_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_FORBIDDEN);
  return ok;
}

/* Without a public URL, the scheme and Host the hub was reached at. */
static void
test_origin_by_host (void)
{
  g_autoptr(OcopHubSite) site = ocop_hub_site_new ();

  g_assert_true (allowed (site, NULL, NULL, "127.0.0.1:8787", FALSE));
  g_assert_true (allowed (site, "http://127.0.0.1:8787", NULL, "127.0.0.1:8787", FALSE));
  g_assert_true (allowed (site, "HTTP://Hub.Local:8787", NULL, "hub.local:8787", FALSE));
  g_assert_true (allowed (site, NULL, "http://127.0.0.1:8787/login?lang=en", "127.0.0.1:8787", FALSE));
  g_assert_true (allowed (site, "https://hub.local", NULL, "hub.local:443", TRUE));
  g_assert_false (allowed (site, "http://127.0.0.1:8788", NULL, "127.0.0.1:8787", FALSE));
  g_assert_false (allowed (site, "https://127.0.0.1:8787", NULL, "127.0.0.1:8787", FALSE));
  g_assert_false (allowed (site, "http://127.0.0.1:8787", NULL, "127.0.0.1:8787", TRUE));
  g_assert_false (allowed (site, "null", NULL, "127.0.0.1:8787", FALSE));
  g_assert_false (allowed (site, "not a url", NULL, "127.0.0.1:8787", FALSE));
  /* Origin decides when both are there. */
  g_assert_false (allowed (site, "http://evil.example", "http://127.0.0.1:8787/login", "127.0.0.1:8787", FALSE));
  g_assert_false (allowed (site, NULL, "http://evil.example/127.0.0.1:8787", "127.0.0.1:8787", FALSE));
  /* A Host that is no host cannot be the hub's origin. */
  g_assert_false (allowed (site, "http://evil.example", NULL, "evil.example@127.0.0.1", FALSE));
  g_assert_false (allowed (site, "http://127.0.0.1:8787", NULL, NULL, FALSE));
}

/* With a public URL, its origin only, whatever the Host. */
static void
test_origin_by_public_url (void)
{
  g_autoptr(OcopHubSite) site = ocop_hub_site_new ();

  g_assert_true (ocop_hub_site_set_public_url (site, "https://hub.example.vn", NULL));
  g_assert_true (allowed (site, "https://hub.example.vn", NULL, "127.0.0.1:8787", FALSE));
  g_assert_true (allowed (site, "https://hub.example.vn:443", NULL, "127.0.0.1:8787", FALSE));
  g_assert_false (allowed (site, "http://127.0.0.1:8787", NULL, "127.0.0.1:8787", FALSE));
  g_assert_false (allowed (site, "http://hub.example.vn", NULL, "hub.example.vn", FALSE));
  g_assert_false (allowed (site, "https://hub.example.vn.evil.example", NULL, "hub.example.vn", FALSE));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/hub-site/client/no-proxy", test_no_proxy);
  g_test_add_func ("/hub-site/client/trusted-chain", test_trusted_chain);
  g_test_add_func ("/hub-site/client/bad-proxy", test_bad_proxy);
  g_test_add_func ("/hub-site/public-url/checked", test_public_url_checked);
  g_test_add_func ("/hub-site/origin/by-host", test_origin_by_host);
  g_test_add_func ("/hub-site/origin/by-public-url", test_origin_by_public_url);
  return g_test_run ();
}
