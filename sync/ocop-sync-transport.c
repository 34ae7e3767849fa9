/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-sync-transport.c: the client's HTTP exchanges with the hub over
 * libcurl: https, or plain http only to this computer or by the booth's
 * choice, decided before a byte is sent; TLS always verified (against the
 * hub's own certificate and key pin when set); cancellation, Retry-After and ETag, and one sentence a
 * booth can act on for each failure. */

#include "config.h"

#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <glib/gi18n-lib.h>

#include "ocop-json.h"
#include "ocop-sync-private.h"
#include "ocop-sync-protocol.h"

#define CONNECT_TIMEOUT_S    10L
#define LOW_SPEED_BYTES      100L
#define LOW_SPEED_TIME_S     30L

void
ocop_sync_exchange_init (OcopSyncExchange *exchange,
                         GCancellable     *cancellable)
{
  memset (exchange, 0, sizeof *exchange);
  exchange->body = g_byte_array_new ();
  exchange->cancellable = cancellable;
}

void
ocop_sync_exchange_clear (OcopSyncExchange *exchange)
{
  g_clear_pointer (&exchange->body, g_byte_array_unref);
  g_clear_pointer (&exchange->etag, g_free);
}

char *
ocop_sync_hub_endpoint (const char *hub_url,
                        const char *path)
{
  g_autofree char *base = g_strdup (hub_url);
  gsize length = strlen (base);

  while (length > 0 && base[length - 1] == '/')
    base[--length] = '\0';
  return g_strconcat (base, path, NULL);
}

/* A reply larger than this is not one of ours. */
static gsize
exchange_limit (OcopSyncExchange *exchange)
{
  return exchange->max_bytes ? exchange->max_bytes : OCOP_SYNC_MAX_REPLY_BYTES;
}

static size_t
collect_body (char   *data,
              size_t  size,
              size_t  count,
              void   *user_data)
{
  OcopSyncExchange *exchange = user_data;

  if (exchange->body->len + size * count > exchange_limit (exchange))
    return 0;  /* curl aborts the transfer */
  g_byte_array_append (exchange->body, (const guint8 *) data, size * count);
  return size * count;
}

static size_t
collect_header (char   *data,
                size_t  size,
                size_t  count,
                void   *user_data)
{
  OcopSyncExchange *exchange = user_data;
  gsize length = size * count;

  if (length > 12 && g_ascii_strncasecmp (data, "Retry-After:", 12) == 0)
    {
      g_autofree char *value = g_strstrip (g_strndup (data + 12, length - 12));
      guint64 seconds = 0;

      if (g_ascii_string_to_unsigned (value, 10, 0, 3600, &seconds, NULL))
        exchange->retry_after_ms = (gint64) seconds * 1000;
    }
  if (length > 5 && g_ascii_strncasecmp (data, "ETag:", 5) == 0)
    {
      g_free (exchange->etag);
      exchange->etag = g_strstrip (g_strndup (data + 5, length - 5));
    }
  return length;
}

static int
check_cancelled (void       *user_data,
                 curl_off_t  dltotal,
                 curl_off_t  dlnow,
                 curl_off_t  ultotal,
                 curl_off_t  ulnow)
{
  OcopSyncExchange *exchange = user_data;

  return g_cancellable_is_cancelled (exchange->cancellable) ? 1 : 0;
}

/* The host of @url as curl reads it (the parser that will connect), and
 * whether its scheme is https in *@https; NULL when curl cannot read it
 * or the scheme is neither http nor https. */
static char *
url_host (const char *url,
          gboolean   *https)
{
  CURLU *parsed = curl_url ();
  char *scheme = NULL, *host = NULL, *result = NULL;

  if (curl_url_set (parsed, CURLUPART_URL, url, 0) == CURLUE_OK &&
      curl_url_get (parsed, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
      curl_url_get (parsed, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
      (g_str_equal (scheme, "https") || g_str_equal (scheme, "http")))
    {
      *https = g_str_equal (scheme, "https");
      result = g_strdup (host);
    }
  curl_free (scheme);
  curl_free (host);
  curl_url_cleanup (parsed);
  return result;
}

/* By its name: "localhost" or an address of 127.0.0.0/8 or ::1. Any other
 * name is another computer until proven otherwise, so it is refused before
 * any lookup; the address a loopback name leads to is checked again when
 * the socket opens (open_loopback_socket_cb). */
gboolean
ocop_sync_host_is_loopback (const char *host)
{
  g_autofree char *bare = NULL;
  g_autoptr(GInetAddress) address = NULL;
  gsize length = strlen (host);

  if (g_ascii_strcasecmp (host, "localhost") == 0 || g_ascii_strcasecmp (host, "localhost.") == 0)
    return TRUE;
  /* curl gives an IPv6 address in its brackets. */
  bare = length > 2 && host[0] == '[' && host[length - 1] == ']' ? g_strndup (host + 1, length - 2) : g_strdup (host);
  address = g_inet_address_new_from_string (bare);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

static gboolean
sockaddr_is_loopback (const struct curl_sockaddr *address)
{
  if (address->family == AF_INET)
    return (ntohl (((const struct sockaddr_in *) &address->addr)->sin_addr.s_addr) >> 24) == 127;
  if (address->family == AF_INET6)
    {
      const struct in6_addr *ip6 = &((const struct sockaddr_in6 *) &address->addr)->sin6_addr;

      return IN6_IS_ADDR_LOOPBACK (ip6) || (IN6_IS_ADDR_V4MAPPED (ip6) && ip6->s6_addr[12] == 127);
    }
  return FALSE;
}

/* Plain http to this computer stays on it: a socket to any other address
 * (a hosts file that sends "localhost" elsewhere, a proxy on the network)
 * is never opened, so not a byte leaves. */
static curl_socket_t
open_loopback_socket_cb (void                 *user_data,
                         curlsocktype          purpose,
                         struct curl_sockaddr *address)
{
  OcopSyncExchange *exchange = user_data;

  if (!sockaddr_is_loopback (address))
    {
      if (exchange != NULL)
        exchange->left_machine = TRUE;
      return CURL_SOCKET_BAD;
    }
  return socket (address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

/* Whether @hub_url may be reached as @trust says, decided before a byte
 * is sent: https always; plain http to this computer; plain http to
 * another one only when the booth chose it, and never with an organizer's
 * password. *@https says which it is, *@plain_loopback that the sockets
 * must stay on this computer. */
static gboolean
check_route (const char          *hub_url,
             const OcopSyncTrust *trust,
             gboolean            *https,
             gboolean            *plain_loopback,
             GError             **error)
{
  g_autofree char *host = url_host (hub_url, https);

  *plain_loopback = FALSE;
  if (host == NULL)
    {
      g_set_error (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_INVALID,
                   _("“%s” is not a hub address: it starts with https:// and names a host"), hub_url);
      return FALSE;
    }
  if (*https)
    return TRUE;
  /* A pin on plain http would protect nothing. */
  if (trust->ca_pem != NULL || trust->pinned != NULL)
    {
      g_set_error (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_INVALID,
                   _("The hub's address %s is not https://, but this laptop trusts the hub by its certificate or key: use https://"),
                   hub_url);
      return FALSE;
    }
  if (ocop_sync_host_is_loopback (host))
    {
      *plain_loopback = TRUE;
      return TRUE;
    }
  if (!trust->allow_http)
    {
      g_set_error (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_INSECURE,
                   _("Nothing was sent: the hub's address %s is plain http:// to another computer, where anyone on the network could read this device's token and change what the hub answers. Use the hub's https:// address; only on a network you trust, allow plain http (Settings, “Allow plain http”, or --allow-http)"),
                   hub_url);
      return FALSE;
    }
  if (trust->password)
    {
      g_set_error (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_INSECURE,
                   _("Nothing was sent: an organizer's password never goes over plain http:// to another computer (%s). Sign in through the hub's https:// address, or on the hub's own computer"),
                   hub_url);
      return FALSE;
    }
  return TRUE;
}

CURL *
ocop_sync_new_handle (const char           *hub_url,
                      const OcopSyncTrust  *trust,
                      GError              **error)
{
  gboolean https = FALSE, plain_loopback = FALSE;
  CURL *curl;

  if (!check_route (hub_url, trust, &https, &plain_loopback, error))
    return NULL;
  curl = curl_easy_init ();
  /* Proxies come from the environment (https_proxy, no_proxy), which is
   * libcurl's default; TLS is verified, always. */
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT, CONNECT_TIMEOUT_S);
  curl_easy_setopt (curl, CURLOPT_LOW_SPEED_LIMIT, LOW_SPEED_BYTES);
  curl_easy_setopt (curl, CURLOPT_LOW_SPEED_TIME, LOW_SPEED_TIME_S);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYHOST, 2L);
  /* An https hub is https to the end: the handle speaks nothing else and
   * follows no redirect (a forged 302 to http:// would carry the token in
   * clear). */
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, https ? "https" : "http");
  curl_easy_setopt (curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt (curl, CURLOPT_REDIR_PROTOCOLS_STR, "https");
  curl_easy_setopt (curl, CURLOPT_USERAGENT, "ocop-pos/" PACKAGE_VERSION);
  if (plain_loopback)
    curl_easy_setopt (curl, CURLOPT_OPENSOCKETFUNCTION, open_loopback_socket_cb);
  if (trust->pinned != NULL)
    curl_easy_setopt (curl, CURLOPT_PINNEDPUBLICKEY, trust->pinned);
  /* The hub's own certificate instead of the system's CAs: verification
   * stays on, against it. */
  if (trust->ca_pem != NULL)
    {
      struct curl_blob blob = { (void *) trust->ca_pem, strlen (trust->ca_pem), CURL_BLOB_COPY };

      curl_easy_setopt (curl, CURLOPT_CAINFO_BLOB, &blob);
    }
  return curl;
}

/* A sentence a booth can act on for the transport errors that have one. */
static void
set_transport_error (CURLcode                rc,
                     const char             *url,
                     const OcopSyncExchange *exchange,
                     GError                **error)
{
  const char *why = exchange->detail[0] != '\0' ? exchange->detail : curl_easy_strerror (rc);

  if (exchange->left_machine)
    {
      g_set_error (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_INSECURE,
                   _("Nothing was sent: the hub's address %s names this computer, but its connection would go to another one (a proxy, or a hosts file that sends it elsewhere)"),
                   url);
      return;
    }
  switch (rc)
    {
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
      g_set_error (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_TLS,
                   _("The hub at %s does not have the pinned public key: it is not the hub this laptop enrolled with, or its key was changed (%s)"),
                   url, why);
      break;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
      g_set_error (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_TLS,
                   _("The hub's certificate at %s is not trusted (%s): enroll with the hub's certificate (--ca-file)"),
                   url, why);
      break;
    case CURLE_SSL_CONNECT_ERROR:
      g_set_error (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_TLS,
                   _("No secure connection to the hub at %s (%s): does it serve HTTPS on that port?"), url, why);
      break;
    case CURLE_GOT_NOTHING:
    case CURLE_RECV_ERROR:
      if (g_ascii_strncasecmp (url, "http://", 7) == 0)
        {
          g_set_error (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_NETWORK,
                       _("The hub at %s closed the connection without an answer (%s): if it serves HTTPS, use an https:// address"),
                       url, why);
          break;
        }
      G_GNUC_FALLTHROUGH;
    default:
      g_set_error (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_NETWORK, _("Cannot reach the hub at %s: %s"), url, why);
    }
}

/* What a POST and a GET set alike: the reply's callbacks, cancellation
 * and curl's words for a failure; then the request. */
static CURLcode
perform (CURL              *curl,
         const char        *url,
         struct curl_slist *headers,
         OcopSyncExchange  *exchange)
{
  g_byte_array_set_size (exchange->body, 0);
  exchange->detail[0] = '\0';
  exchange->left_machine = FALSE;
  curl_easy_setopt (curl, CURLOPT_OPENSOCKETDATA, exchange);
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, exchange->detail);
  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, collect_body);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, exchange);
  curl_easy_setopt (curl, CURLOPT_HEADERFUNCTION, collect_header);
  curl_easy_setopt (curl, CURLOPT_HEADERDATA, exchange);
  curl_easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, check_cancelled);
  curl_easy_setopt (curl, CURLOPT_XFERINFODATA, exchange);
  curl_easy_setopt (curl, CURLOPT_NOPROGRESS, 0L);
  return curl_easy_perform (curl);
}

long
ocop_sync_post (CURL              *curl,
                const char        *url,
                const char        *token,
                gboolean           gzipped,
                GBytes            *body,
                OcopSyncExchange  *exchange,
                GError           **error)
{
  struct curl_slist *headers = NULL;
  g_autofree char *authorization = token ? g_strconcat ("Authorization: Bearer ", token, NULL) : NULL;
  gsize size = 0;
  const void *data = g_bytes_get_data (body, &size);
  long status = 0;
  CURLcode rc;

  headers = curl_slist_append (headers, "Content-Type: application/json");
  headers = curl_slist_append (headers, "Expect:");
  if (gzipped)
    headers = curl_slist_append (headers, "Content-Encoding: gzip");
  if (authorization)
    headers = curl_slist_append (headers, authorization);
  exchange->retry_after_ms = 0;
  curl_easy_setopt (curl, CURLOPT_POSTFIELDS, data);
  curl_easy_setopt (curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) size);
  rc = perform (curl, url, headers, exchange);
  curl_slist_free_all (headers);
  if (rc == CURLE_OK)
    {
      curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);
      g_byte_array_append (exchange->body, (const guint8 *) "", 1);  /* a NUL for the parsers */
      g_byte_array_set_size (exchange->body, exchange->body->len - 1);
      return status;
    }
  if (rc == CURLE_ABORTED_BY_CALLBACK && g_cancellable_is_cancelled (exchange->cancellable))
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Sync was cancelled"));
  else
    set_transport_error (rc, url, exchange, error);
  return 0;
}

long
ocop_sync_get (CURL              *curl,
               const char        *url,
               const char        *token,
               const char        *etag,
               OcopSyncExchange  *exchange,
               GError           **error)
{
  struct curl_slist *headers = NULL;
  g_autofree char *authorization = g_strconcat ("Authorization: Bearer ", token, NULL);
  g_autofree char *if_none_match = etag ? g_strconcat ("If-None-Match: ", etag, NULL) : NULL;
  long status = 0;
  CURLcode rc;

  headers = curl_slist_append (headers, authorization);
  if (if_none_match)
    headers = curl_slist_append (headers, if_none_match);
  g_clear_pointer (&exchange->etag, g_free);
  curl_easy_setopt (curl, CURLOPT_HTTPGET, 1L);
  /* A whole catalog compresses about fivefold: it matters on 3G. */
  curl_easy_setopt (curl, CURLOPT_ACCEPT_ENCODING, "gzip");
  rc = perform (curl, url, headers, exchange);
  curl_slist_free_all (headers);
  if (rc == CURLE_OK)
    {
      curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);
      return status;
    }
  set_transport_error (rc, url, exchange, error);
  return 0;
}

long
ocop_sync_request (const char           *method,
                   const char           *url,
                   const OcopSyncTrust  *trust,
                   const char           *token,
                   GBytes               *body,
                   OcopSyncExchange     *exchange,
                   GError              **error)
{
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  CURL *curl = ocop_sync_new_handle (url, trust, error);
  long status;

  if (curl == NULL)
    return 0;
  if (g_str_equal (method, "GET"))
    status = ocop_sync_get (curl, url, token, NULL, exchange, error);
  else
    {
      /* curl sends DELETE with the POST's empty body and headers. */
      if (g_str_equal (method, "DELETE"))
        curl_easy_setopt (curl, CURLOPT_CUSTOMREQUEST, "DELETE");
      status = ocop_sync_post (curl, url, token, FALSE, body ? body : empty, exchange, error);
    }
  curl_easy_cleanup (curl);
  return status;
}

JsonObject *
ocop_sync_exchange_object (JsonParser       *parser,
                           OcopSyncExchange *exchange)
{
  if (!ocop_json_load (parser, (const char *) exchange->body->data, exchange->body->len,
                       exchange_limit (exchange), NULL))
    return NULL;
  return ocop_json_root_object (parser);
}

const char *
ocop_sync_member_string (JsonObject *object,
                         const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

void
ocop_sync_set_http_error (long               status,
                          OcopSyncExchange  *exchange,
                          GError           **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  const char *message = ocop_sync_member_string (ocop_sync_exchange_object (parser, exchange), OCOP_SYNC_REFUSAL_MESSAGE);
  int code = status >= 500 || status == 429 ? OCOP_SYNC_ERROR_HUB : OCOP_SYNC_ERROR_REFUSED;

  if (message != NULL)
    g_set_error (error, OCOP_SYNC_ERROR, code, _("The hub refused (%ld): %s"), status, message);
  else
    g_set_error (error, OCOP_SYNC_ERROR, code, _("The hub answered with HTTP status %ld"), status);
}

gboolean
ocop_sync_expect_status (long               status,
                         long               expected,
                         OcopSyncExchange  *exchange,
                         GError           **error)
{
  if (status == expected)
    return TRUE;
  if (status != 0)
    ocop_sync_set_http_error (status, exchange, error);
  return FALSE;
}

char *
ocop_sync_error_name_of (OcopSyncExchange *exchange)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();

  return g_strdup (ocop_sync_member_string (ocop_sync_exchange_object (parser, exchange), OCOP_SYNC_REFUSAL_ERROR));
}
