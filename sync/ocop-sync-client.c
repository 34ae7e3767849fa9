/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-sync-client.c: enrollment and upload rounds over libcurl, with the
 * store's cross-process sync lock, gzip batches and the hub's gapless ack
 * (docs/sync-protocol.md). */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>
#include <curl/curl.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <zlib.h>

#include "ocop-catalog.h"
#include "ocop-store-outbox.h"
#include "ocop-sync-client.h"

/* An empty text parses without error and without a root. */
static gboolean
root_is_object (JsonParser *parser)
{
  JsonNode *root = json_parser_get_root (parser);

  return root != NULL && JSON_NODE_HOLDS_OBJECT (root);
}


/* The protocol allows 2,000 events and 4 MiB on the wire: 1.5 MiB of
 * payload at most doubles when escaped into the batch, plus about 250
 * bytes of keys per event, so even an incompressible batch fits. A full
 * batch of sales is half as many round trips and hub transactions as
 * batches of 1,000. */
#define DEFAULT_MAX_EVENTS   2000
#define DEFAULT_MAX_BYTES    (3 * 1024 * 1024 / 2)
/* zlib's level 6: level 1 would save about 8% of a round's CPU but send
 * 154 bytes per sale instead of 121, and a fair's uplink (3G, shared
 * Wi-Fi) is scarcer than the laptop's CPU. */
#define GZIP_LEVEL           6
/* A reply larger than this is not one of ours. */
#define MAX_REPLY_BYTES      (1024 * 1024)
/* A whole catalog of 20,000 products is 2.9 MB of JSON. */
#define MAX_CATALOG_BYTES    (64 * 1024 * 1024)
#define CONNECT_TIMEOUT_S    10L
#define LOW_SPEED_BYTES      100L
#define LOW_SPEED_TIME_S     30L

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
};

G_DEFINE_FINAL_TYPE (OcopSyncClient, ocop_sync_client, G_TYPE_OBJECT)

void
ocop_sync_round_clear (OcopSyncRound *round)
{
  g_clear_pointer (&round->checkpoint_status, g_free);
}

static void forget_session (OcopSyncClient *self,
                            const char     *token);

static void
ocop_sync_client_finalize (GObject *object)
{
  OcopSyncClient *self = OCOP_SYNC_CLIENT (object);

  g_free (self->store_path);
  g_free (self->ca_pem);
  g_free (self->pin);
  forget_session (self, NULL);
  g_mutex_clear (&self->session_lock);
  G_OBJECT_CLASS (ocop_sync_client_parent_class)->finalize (object);
}

static void
ocop_sync_client_class_init (OcopSyncClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ocop_sync_client_finalize;
  /* Once, before any worker thread: curl_global_init is not thread-safe. */
  curl_global_init (CURL_GLOBAL_DEFAULT);
}

static void
ocop_sync_client_init (OcopSyncClient *self)
{
  const char *events = g_getenv ("OCOP_SYNC_BATCH_EVENTS");

  g_mutex_init (&self->session_lock);
  self->max_events = DEFAULT_MAX_EVENTS;
  self->max_bytes = DEFAULT_MAX_BYTES;
  /* Smaller batches for a slow link (and for the tests' kill points). */
  if (events != NULL)
    self->max_events = CLAMP (g_ascii_strtoull (events, NULL, 10), 1, 2000);
}

OcopSyncClient *
ocop_sync_client_new (const char *store_path)
{
  OcopSyncClient *self = g_object_new (OCOP_TYPE_SYNC_CLIENT, NULL);

  self->store_path = g_strdup (store_path);
  return self;
}

void
ocop_sync_client_set_batch_limits (OcopSyncClient *self,
                                   guint           max_events,
                                   gsize           max_bytes)
{
  self->max_events = CLAMP (max_events, 1, 2000);
  self->max_bytes = CLAMP (max_bytes, 1, 3 * 1024 * 1024);
}

static gboolean
pin_is_valid (const char *pin)
{
  g_auto(GStrv) pins = g_strsplit (pin, ";", -1);

  for (guint i = 0; pins[i] != NULL; i++)
    {
      g_autofree guchar *digest = NULL;
      gsize length = 0;
      const char *base64 = pins[i] + strlen ("sha256//");

      if (!g_str_has_prefix (pins[i], "sha256//") || strlen (base64) != 44 ||
          strspn (base64, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=") != 44)
        return FALSE;
      digest = g_base64_decode (base64, &length);
      if (length != 32)
        return FALSE;
    }
  return pins[0] != NULL;
}

gboolean
ocop_sync_client_set_trust (OcopSyncClient  *self,
                            const char      *ca_pem,
                            const char      *pin,
                            GError         **error)
{
  if (ca_pem != NULL && strstr (ca_pem, "-----BEGIN CERTIFICATE-----") == NULL)
    {
      g_set_error_literal (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_INVALID,
                           _("The hub's certificate is not a PEM certificate (no “-----BEGIN CERTIFICATE-----” line)"));
      return FALSE;
    }
  if (pin != NULL && !pin_is_valid (pin))
    {
      g_set_error (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_INVALID,
                   _("The pin '%s' is not sha256// and the 44-character base64 SHA-256 of the hub's public key"), pin);
      return FALSE;
    }
  g_free (self->ca_pem);
  g_free (self->pin);
  self->ca_pem = g_strdup (ca_pem);
  self->pin = g_strdup (pin);
  return TRUE;
}

gint64
ocop_sync_client_get_retry_after_ms (OcopSyncClient *self)
{
  return g_atomic_int_get (&self->retry_after_ms);
}

gint
ocop_sync_client_get_refused_status (OcopSyncClient *self)
{
  return g_atomic_int_get (&self->refused_status);
}

gboolean
ocop_sync_client_is_enrolled (OcopSyncClient  *self,
                              GError         **error)
{
  g_autoptr(OcopStore) store = ocop_store_open (self->store_path, error);
  g_autofree char *hub_url = NULL;
  g_autofree char *device_id = NULL;
  g_autofree char *token = NULL;

  if (store == NULL)
    return FALSE;
  hub_url = ocop_store_get_sync_value (store, "hub_url");
  device_id = ocop_store_get_sync_value (store, "device_id");
  token = ocop_store_get_sync_value (store, "token");
  if (hub_url != NULL && device_id != NULL && token != NULL)
    return TRUE;
  g_set_error_literal (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_NOT_ENROLLED,
                       _("This laptop has not joined a hub yet"));
  return FALSE;
}

/* ---- HTTP ---- */

typedef struct {
  GByteArray   *body;
  gsize         max_bytes;       /* 0: MAX_REPLY_BYTES */
  gint64        retry_after_ms;
  char         *etag;
  GCancellable *cancellable;
  char          detail[CURL_ERROR_SIZE];   /* curl's own words for a failure */
} Exchange;

static size_t
collect_body (char   *data,
              size_t  size,
              size_t  count,
              void   *user_data)
{
  Exchange *exchange = user_data;

  if (exchange->body->len + size * count > (exchange->max_bytes ? exchange->max_bytes : MAX_REPLY_BYTES))
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
  Exchange *exchange = user_data;
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
  Exchange *exchange = user_data;

  return g_cancellable_is_cancelled (exchange->cancellable) ? 1 : 0;
}

/* A hub trusted by a certificate or a pin is only ever reached over
 * https: a pin on plain http would protect nothing. */
static gboolean
check_https (const char  *hub_url,
             const char  *ca_pem,
             const char  *pin,
             GError     **error)
{
  if ((ca_pem == NULL && pin == NULL) || g_ascii_strncasecmp (hub_url, "https://", 8) == 0)
    return TRUE;
  g_set_error (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_INVALID,
               _("The hub's address %s is not https://, but this laptop trusts the hub by its certificate or key: use https://"),
               hub_url);
  return FALSE;
}

static CURL *
new_handle_trusting (const char *ca_pem,
                     const char *pinned)
{
  CURL *curl = curl_easy_init ();

  /* Proxies come from the environment (https_proxy, no_proxy), which is
   * libcurl's default; TLS is verified, always. */
  curl_easy_setopt (curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt (curl, CURLOPT_CONNECTTIMEOUT, CONNECT_TIMEOUT_S);
  curl_easy_setopt (curl, CURLOPT_LOW_SPEED_LIMIT, LOW_SPEED_BYTES);
  curl_easy_setopt (curl, CURLOPT_LOW_SPEED_TIME, LOW_SPEED_TIME_S);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (curl, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt (curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt (curl, CURLOPT_USERAGENT, "ocop-pos/" PACKAGE_VERSION);
  if (pinned != NULL)
    curl_easy_setopt (curl, CURLOPT_PINNEDPUBLICKEY, pinned);
  /* The hub's own certificate instead of the system's CAs: verification
   * stays on, against it. */
  if (ca_pem != NULL)
    {
      struct curl_blob blob = { (void *) ca_pem, strlen (ca_pem), CURL_BLOB_COPY };

      curl_easy_setopt (curl, CURLOPT_CAINFO_BLOB, &blob);
    }
  return curl;
}

static CURL *
new_handle (OcopStore *store)
{
  g_autofree char *pinned = ocop_store_get_sync_value (store, "pinned_key");
  g_autofree char *ca_pem = ocop_store_get_sync_value (store, "ca_pem");

  return new_handle_trusting (ca_pem, pinned);
}

/* A sentence a booth can act on for the transport errors that have one. */
static void
set_transport_error (CURLcode     rc,
                     const char  *url,
                     const char  *detail,
                     GError     **error)
{
  const char *why = detail != NULL && *detail != '\0' ? detail : curl_easy_strerror (rc);

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

/* Posts @body to @url; returns the HTTP status (0 on a transport error,
 * with @error set) and the reply in @exchange. */
static long
post (CURL          *curl,
      const char    *url,
      const char    *token,
      gboolean       gzipped,
      GBytes        *body,
      Exchange      *exchange,
      GError       **error)
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
  g_byte_array_set_size (exchange->body, 0);
  exchange->retry_after_ms = 0;
  exchange->detail[0] = '\0';
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, exchange->detail);
  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt (curl, CURLOPT_POSTFIELDS, data);
  curl_easy_setopt (curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) size);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, collect_body);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, exchange);
  curl_easy_setopt (curl, CURLOPT_HEADERFUNCTION, collect_header);
  curl_easy_setopt (curl, CURLOPT_HEADERDATA, exchange);
  curl_easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, check_cancelled);
  curl_easy_setopt (curl, CURLOPT_XFERINFODATA, exchange);
  curl_easy_setopt (curl, CURLOPT_NOPROGRESS, 0L);
  rc = curl_easy_perform (curl);
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
    set_transport_error (rc, url, exchange->detail, error);
  return 0;
}

/* GETs @url with If-None-Match @etag; returns the status (0 with @error
 * on a transport error) and the body and ETag in @exchange. */
static long
get (CURL          *curl,
     const char    *url,
     const char    *token,
     const char    *etag,
     Exchange      *exchange,
     GError       **error)
{
  struct curl_slist *headers = NULL;
  g_autofree char *authorization = g_strconcat ("Authorization: Bearer ", token, NULL);
  g_autofree char *if_none_match = etag ? g_strconcat ("If-None-Match: ", etag, NULL) : NULL;
  long status = 0;
  CURLcode rc;

  headers = curl_slist_append (headers, authorization);
  if (if_none_match)
    headers = curl_slist_append (headers, if_none_match);
  g_byte_array_set_size (exchange->body, 0);
  g_clear_pointer (&exchange->etag, g_free);
  exchange->detail[0] = '\0';
  curl_easy_setopt (curl, CURLOPT_ERRORBUFFER, exchange->detail);
  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_HTTPGET, 1L);
  /* A whole catalog compresses about fivefold: it matters on 3G. */
  curl_easy_setopt (curl, CURLOPT_ACCEPT_ENCODING, "gzip");
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, collect_body);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, exchange);
  curl_easy_setopt (curl, CURLOPT_HEADERFUNCTION, collect_header);
  curl_easy_setopt (curl, CURLOPT_HEADERDATA, exchange);
  curl_easy_setopt (curl, CURLOPT_XFERINFOFUNCTION, check_cancelled);
  curl_easy_setopt (curl, CURLOPT_XFERINFODATA, exchange);
  curl_easy_setopt (curl, CURLOPT_NOPROGRESS, 0L);
  rc = curl_easy_perform (curl);
  curl_slist_free_all (headers);
  if (rc == CURLE_OK)
    {
      curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);
      return status;
    }
  set_transport_error (rc, url, exchange->detail, error);
  return 0;
}

/* The hub's own sentence for a refusal, else a generic one. */
static void
set_http_error (long         status,
                Exchange    *exchange,
                GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  const char *message = NULL;
  int code = status >= 500 || status == 429 ? OCOP_SYNC_ERROR_HUB : OCOP_SYNC_ERROR_REFUSED;

  if (json_parser_load_from_data (parser, (const char *) exchange->body->data, exchange->body->len, NULL) &&
      root_is_object (parser))
    {
      JsonNode *node = json_object_get_member (json_node_get_object (json_parser_get_root (parser)), "message");

      if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        message = json_node_get_string (node);
    }
  if (message != NULL)
    g_set_error (error, OCOP_SYNC_ERROR, code, _("The hub refused (%ld): %s"), status, message);
  else
    g_set_error (error, OCOP_SYNC_ERROR, code, _("The hub answered with HTTP status %ld"), status);
}

static char *
error_name_of (Exchange *exchange)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *node;

  if (!json_parser_load_from_data (parser, (const char *) exchange->body->data, exchange->body->len, NULL) ||
      !root_is_object (parser))
    return NULL;
  node = json_object_get_member (json_node_get_object (json_parser_get_root (parser)), "error");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (node));
}

/* ---- the lock ---- */

/* One sync worker per store across processes: an flock on a file beside
 * the store. The kernel drops it when the process dies, so a killed `ocop
 * sync` never leaves the store locked. */
static int
take_sync_lock (const char  *store_path,
                GError     **error)
{
  g_autofree char *path = g_strconcat (store_path, ".sync-lock", NULL);
  int fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      g_set_error (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_STORE, _("Cannot open the sync lock %s: %s"), path,
                   g_strerror (errno));
      return -1;
    }
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      int saved = errno;

      close (fd);
      if (saved == EWOULDBLOCK)
        g_set_error_literal (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_BUSY,
                             _("Another sync of this store is running (the till or `ocop sync`)"));
      else
        g_set_error (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_STORE, _("Cannot lock %s: %s"), path,
                     g_strerror (saved));
      return -1;
    }
  return fd;
}

static void
release_sync_lock (int fd)
{
  if (fd >= 0)
    close (fd);
}

typedef int SyncLock;
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (SyncLock, release_sync_lock, -1)

/* ---- building batches ---- */

static GBytes *
gzip_bytes (const char  *text,
            gsize        length,
            GError     **error)
{
  z_stream stream = { 0 };
  gsize bound;
  guint8 *out;
  int rc;

  /* 16 + MAX_WBITS: a gzip wrapper, as Content-Encoding: gzip says. */
  if (deflateInit2 (&stream, GZIP_LEVEL, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    {
      g_set_error_literal (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_STORE, _("Cannot start compressing"));
      return NULL;
    }
  bound = deflateBound (&stream, length) + 32;
  out = g_malloc (bound);
  stream.next_in = (Bytef *) text;
  stream.avail_in = (uInt) length;
  stream.next_out = out;
  stream.avail_out = (uInt) bound;
  rc = deflate (&stream, Z_FINISH);
  deflateEnd (&stream);
  if (rc != Z_STREAM_END)
    {
      g_free (out);
      g_set_error_literal (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_STORE, _("Cannot compress the batch"));
      return NULL;
    }
  return g_bytes_new_take (out, stream.total_out);
}

static void
add_member_int (JsonBuilder *builder,
                const char  *name,
                gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_member_string (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_booth (JsonBuilder *builder,
           OcopBooth   *booth)
{
  json_builder_set_member_name (builder, "booth");
  json_builder_begin_object (builder);
  add_member_string (builder, "code", booth->code);
  add_member_string (builder, "name", booth->name);
  add_member_string (builder, "locality", booth->locality);
  json_builder_set_member_name (builder, "in_province");
  json_builder_add_boolean_value (builder, booth->in_province);
  json_builder_end_object (builder);
}

/* The hub's clock now, by the anchor of the last sync plus the monotonic
 * time since; 0 when there is none or the machine restarted since (the
 * monotonic clock starts again at boot). */
static gint64
anchored_now_us (OcopStore *store)
{
  g_autofree char *hub = ocop_store_get_sync_value (store, "anchor_hub_us");
  g_autofree char *mono = ocop_store_get_sync_value (store, "anchor_mono_us");
  g_autofree char *boot = ocop_store_get_sync_value (store, "anchor_boot");
  g_autofree char *boot_now = NULL;

  if (hub == NULL || mono == NULL || boot == NULL ||
      !g_file_get_contents ("/proc/sys/kernel/random/boot_id", &boot_now, NULL, NULL) ||
      !g_str_equal (g_strstrip (boot_now), boot))
    return 0;
  return g_ascii_strtoll (hub, NULL, 10) + g_get_monotonic_time () - g_ascii_strtoll (mono, NULL, 10);
}

static void
add_clock (JsonBuilder *builder,
           OcopStore   *store)
{
  gint64 anchored = anchored_now_us (store);

  json_builder_set_member_name (builder, "clock");
  json_builder_begin_object (builder);
  /* The clock the store stamps sales with (OCOP_NOW or a test may set
   * it), so the hub judges the times it will see in the events. */
  add_member_int (builder, "device_us", ocop_store_now_us (store));
  if (anchored != 0)
    add_member_int (builder, "anchored_us", anchored);
  json_builder_end_object (builder);
}

static void
add_events (JsonBuilder *builder,
            GPtrArray   *events)
{
  json_builder_set_member_name (builder, "events");
  json_builder_begin_array (builder);
  for (guint i = 0; i < events->len; i++)
    {
      OcopOutboxEvent *event = events->pdata[i];

      json_builder_begin_object (builder);
      add_member_int (builder, "seq", event->seq);
      add_member_string (builder, "kind", event->kind);
      add_member_string (builder, "ref", event->ref);
      add_member_int (builder, "created_us", event->created_us);
      add_member_string (builder, "hash", event->hash);
      add_member_string (builder, "payload", event->payload);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/* The checkpoint goes with the batch that ends the backlog, where its sums
 * cover exactly the events the hub will then hold. */
static char *
batch_text (OcopStore                  *store,
            const char                 *device_id,
            OcopBooth                  *booth,
            GPtrArray                  *events,
            const OcopOutboxCheckpoint *checkpoint)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  OcopOutboxEvent *first = events->pdata[0];

  json_builder_begin_object (builder);
  add_member_int (builder, "protocol", 1);
  add_member_string (builder, "device_id", device_id);
  add_member_int (builder, "epoch", first->epoch);
  add_member_int (builder, "epoch_first_seq", ocop_store_outbox_epoch_first_seq (store));
  add_booth (builder, booth);
  add_clock (builder, store);
  if (checkpoint != NULL)
    {
      json_builder_set_member_name (builder, "checkpoint");
      json_builder_begin_object (builder);
      add_member_int (builder, "through_seq", checkpoint->through_seq);
      add_member_int (builder, "sales", checkpoint->sales);
      add_member_int (builder, "revenue", checkpoint->revenue);
      add_member_int (builder, "visitors", checkpoint->visitors);
      json_builder_end_object (builder);
    }
  add_events (builder, events);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* ---- enrollment ---- */

static char *
hub_endpoint (const char *hub_url,
              const char *path)
{
  g_autofree char *base = g_strdup (hub_url);
  gsize length = strlen (base);

  while (length > 0 && base[length - 1] == '/')
    base[--length] = '\0';
  return g_strconcat (base, path, NULL);
}

static GBytes *
enroll_body (OcopStore  *store,
             const char *code)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(OcopBooth) booth = ocop_store_get_current_booth (store, NULL);
  char *text;

  json_builder_begin_object (builder);
  add_member_string (builder, "code", code);
  add_member_string (builder, "device_uuid", ocop_store_get_device_id (store));
  if (booth != NULL)
    add_booth (builder, booth);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  return g_bytes_new_take (text, strlen (text));
}

static gboolean
save_enrollment (OcopStore   *store,
                 const char  *hub_url,
                 const char  *reply,
                 gsize        length,
                 GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *root;
  const char *device_id, *token;

  if (!json_parser_load_from_data (parser, reply, (gssize) length, NULL) ||
      !root_is_object (parser) ||
      !(root = json_node_get_object (json_parser_get_root (parser))) ||
      !json_object_has_member (root, "device_id") || !json_object_has_member (root, "token") ||
      !(device_id = json_object_get_string_member (root, "device_id")) ||
      !(token = json_object_get_string_member (root, "token")))
    {
      g_set_error_literal (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_PROTOCOL,
                           _("The hub's enrollment reply has no device id and token"));
      return FALSE;
    }
  /* The fair's id names its totals on the hub (the Organizer page). */
  if (json_object_has_member (root, "fair") && JSON_NODE_HOLDS_VALUE (json_object_get_member (root, "fair")) &&
      json_node_get_value_type (json_object_get_member (root, "fair")) == G_TYPE_STRING &&
      !ocop_store_set_sync_value (store, "fair", json_object_get_string_member (root, "fair"), error))
    return FALSE;
  return ocop_store_set_sync_value (store, "hub_url", hub_url, error) &&
         ocop_store_set_sync_value (store, "device_id", device_id, error) &&
         ocop_store_set_sync_value (store, "token", token, error);
}

gboolean
ocop_sync_client_enroll (OcopSyncClient  *self,
                         const char      *hub_url,
                         const char      *code,
                         GCancellable    *cancellable,
                         GError         **error)
{
  g_autoptr(OcopStore) store = ocop_store_open (self->store_path, error);
  g_autofree char *url = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GByteArray) reply = g_byte_array_new ();
  Exchange exchange = { .body = reply, .cancellable = cancellable };
  CURL *curl;
  long status;

  if (store == NULL || !check_https (hub_url, self->ca_pem, self->pin, error))
    return FALSE;
  url = hub_endpoint (hub_url, "/v1/enroll");
  body = enroll_body (store, code);
  /* An enrollment says how the hub is trusted: by what was set for it,
   * else by the system's CAs. */
  curl = new_handle_trusting (self->ca_pem, self->pin);
  status = post (curl, url, NULL, FALSE, body, &exchange, error);
  curl_easy_cleanup (curl);
  if (status == 0)
    return FALSE;
  if (status != 201)
    {
      set_http_error (status, &exchange, error);
      return FALSE;
    }
  return ocop_store_set_sync_value (store, "ca_pem", self->ca_pem, error) &&
         ocop_store_set_sync_value (store, "pinned_key", self->pin, error) &&
         save_enrollment (store, hub_url, (const char *) reply->data, reply->len, error);
}

/* ---- a round ---- */

typedef struct {
  OcopSyncClient *self;
  OcopStore      *store;
  CURL           *curl;
  char           *url;
  char           *catalog_url;
  char           *device_id;
  char           *token;
  OcopBooth      *booth;
  Exchange        exchange;
  OcopSyncRound  *round;
  gboolean        epoch_restarted;
} Round;

static void
round_free (Round *r)
{
  if (r->curl)
    curl_easy_cleanup (r->curl);
  g_clear_object (&r->store);
  g_free (r->url);
  g_free (r->catalog_url);
  g_free (r->device_id);
  g_free (r->token);
  g_clear_pointer (&r->booth, ocop_booth_free);
  g_clear_pointer (&r->exchange.body, g_byte_array_unref);
  g_clear_pointer (&r->exchange.etag, g_free);
}

static gboolean
round_prepare (Round        *r,
               GError      **error)
{
  g_autofree char *hub_url = NULL;

  if (!(r->store = ocop_store_open (r->self->store_path, error)))
    return FALSE;
  hub_url = ocop_store_get_sync_value (r->store, "hub_url");
  r->device_id = ocop_store_get_sync_value (r->store, "device_id");
  r->token = ocop_store_get_sync_value (r->store, "token");
  if (hub_url == NULL || r->device_id == NULL || r->token == NULL)
    {
      g_set_error_literal (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_NOT_ENROLLED,
                           _("This device is not enrolled with a hub: run `ocop sync enroll --hub URL --code CODE`"));
      return FALSE;
    }
  {
    g_autofree char *ca_pem = ocop_store_get_sync_value (r->store, "ca_pem");
    g_autofree char *pin = ocop_store_get_sync_value (r->store, "pinned_key");

    if (!check_https (hub_url, ca_pem, pin, error))
      return FALSE;
  }
  if (!(r->booth = ocop_store_get_current_booth (r->store, error)))
    return FALSE;
  {
    g_autofree char *events = g_strdup_printf ("/v1/devices/%s/events", r->device_id);
    g_autofree char *catalog = g_strdup_printf ("/v1/devices/%s/catalog", r->device_id);

    r->url = hub_endpoint (hub_url, events);
    r->catalog_url = hub_endpoint (hub_url, catalog);
  }
  r->curl = new_handle (r->store);
  r->exchange.body = g_byte_array_new ();
  return TRUE;
}

static void
anchor_hub_clock (OcopStore *store,
                  gint64     hub_time_us)
{
  g_autofree char *hub = g_strdup_printf ("%" G_GINT64_FORMAT, hub_time_us);
  g_autofree char *mono = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_monotonic_time ());
  g_autofree char *boot = NULL;

  if (hub_time_us <= 0 || !g_file_get_contents ("/proc/sys/kernel/random/boot_id", &boot, NULL, NULL))
    return;
  /* Best effort: a clock anchor that fails to save is only a weaker
   * time check, never a lost event. */
  ocop_store_set_sync_value (store, "anchor_hub_us", hub, NULL);
  ocop_store_set_sync_value (store, "anchor_mono_us", mono, NULL);
  ocop_store_set_sync_value (store, "anchor_boot", g_strstrip (boot), NULL);
}

/* Handles a 409: a hash conflict means this store's history is not the one
 * the hub holds (restored or copied); a new epoch resends what is
 * unacknowledged without ever counting a sale twice (the hub dedups by
 * record id). Only once per round. */
static gboolean
restart_epoch (Round   *r,
               GError **error)
{
  g_autofree char *name = error_name_of (&r->exchange);

  if (r->epoch_restarted || g_strcmp0 (name, "hash_conflict") != 0)
    {
      set_http_error (409, &r->exchange, error);
      return FALSE;
    }
  r->epoch_restarted = TRUE;
  g_message ("the hub holds another history of this store; starting a new epoch");
  if (ocop_store_outbox_start_epoch (r->store, error) == 0)
    return FALSE;
  return TRUE;
}

static gboolean
apply_ack (Round        *r,
           GPtrArray    *events,
           GError      **error)
{
  OcopSyncAck ack;
  gint64 before = ocop_store_outbox_acked_through (r->store);

  if (!ocop_sync_parse_ack ((const char *) r->exchange.body->data, r->exchange.body->len, &ack, error))
    return FALSE;
  anchor_hub_clock (r->store, ack.hub_time_us);
  g_free (r->round->checkpoint_status);
  r->round->checkpoint_status = g_steal_pointer (&ack.checkpoint_status);
  if (!ocop_store_outbox_mark_acked (r->store, ack.epoch, ack.acked_through, error))
    return FALSE;
  r->round->acked_through = ack.acked_through;
  r->round->events_sent += events->len;
  /* A hub that holds none of what we just sent would have us resend it
   * forever. */
  if (ocop_store_outbox_acked_through (r->store) <= before)
    {
      g_set_error (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_PROTOCOL,
                   _("The hub acknowledged nothing past #%" PRId64 " after a batch from #%" PRId64),
                   before, ((OcopOutboxEvent *) events->pdata[0])->seq);
      return FALSE;
    }
  return TRUE;
}

/* A batch ready to go: its events and its gzipped body. */
typedef struct {
  GPtrArray *events;   /* OcopOutboxEvent */
  GBytes    *body;     /* NULL when there are no events */
} Prepared;

static void
prepared_free (Prepared *batch)
{
  g_clear_pointer (&batch->events, g_ptr_array_unref);
  g_clear_pointer (&batch->body, g_bytes_unref);
  g_free (batch);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Prepared, prepared_free)

static gint64
last_seq_of (GPtrArray *events)
{
  return ((OcopOutboxEvent *) events->pdata[events->len - 1])->seq;
}

/* The outbox reads from the last ack: to read past @in_flight, read it too
 * (the same rows, as seqs only grow) and drop it. FALSE when the rows are
 * not those of @in_flight any more. */
static gboolean
skip_in_flight (GPtrArray      *events,
                const Prepared *in_flight)
{
  guint skip = in_flight->events->len;

  if (events->len < skip || ((OcopOutboxEvent *) events->pdata[skip - 1])->seq != last_seq_of (in_flight->events))
    return FALSE;
  g_ptr_array_remove_range (events, 0, skip);
  return TRUE;
}

/* Reads the events after @in_flight (after the last ack when NULL) and
 * builds their body; an empty batch when there are none, or when the
 * events after @in_flight cannot be told yet. */
static Prepared *
prepare_batch (Round           *r,
               const Prepared  *in_flight,
               GError         **error)
{
  g_autoptr(Prepared) batch = g_new0 (Prepared, 1);
  guint skip = in_flight ? in_flight->events->len : 0;
  gsize skip_bytes = 0;
  OcopOutboxCheckpoint checkpoint;
  g_autofree char *text = NULL;
  gboolean last;

  for (guint i = 0; i < skip; i++)
    skip_bytes += strlen (((OcopOutboxEvent *) in_flight->events->pdata[i])->payload);
  batch->events = ocop_store_outbox_next_batch (r->store, r->self->max_events + skip, r->self->max_bytes + skip_bytes,
                                                error);
  if (batch->events == NULL)
    return NULL;
  if (skip > 0 && !skip_in_flight (batch->events, in_flight))
    g_ptr_array_set_size (batch->events, 0);
  if (batch->events->len == 0)
    return g_steal_pointer (&batch);
  /* Summing the journal costs a scan: only for the batch that ends the
   * backlog (and only if no sale came in between, else the next one). */
  last = last_seq_of (batch->events) == ocop_store_outbox_last_seq (r->store);
  if (last && !ocop_store_outbox_checkpoint (r->store, &checkpoint, error))
    return NULL;
  last = last && checkpoint.through_seq == last_seq_of (batch->events);
  text = batch_text (r->store, r->device_id, r->booth, batch->events, last ? &checkpoint : NULL);
  if (!(batch->body = gzip_bytes (text, strlen (text), error)))
    return NULL;
  return g_steal_pointer (&batch);
}

/* One POST on its own thread, which touches only the round's curl handle
 * and exchange; the store stays with the round's thread. */
typedef struct {
  Round  *r;
  GBytes *body;
  long    status;
  GError *error;
} Post;

static gpointer
post_in_thread (gpointer data)
{
  Post *p = data;

  p->status = post (p->r->curl, p->r->url, p->r->token, TRUE, p->body, &p->r->exchange, &p->error);
  return NULL;
}

/* *@acked_all when the hub now holds every event of @sent. */
static gboolean
handle_reply (Round     *r,
              Prepared  *sent,
              Post      *reply,
              gboolean  *acked_all,
              GError   **error)
{
  *acked_all = FALSE;
  if (reply->status == 0)
    {
      g_propagate_error (error, g_steal_pointer (&reply->error));
      return FALSE;
    }
  if (reply->status == 200)
    {
      if (!apply_ack (r, sent->events, error))
        return FALSE;
      *acked_all = ocop_store_outbox_acked_through (r->store) == last_seq_of (sent->events);
      return TRUE;
    }
  if (reply->status == 409)
    return restart_epoch (r, error);
  g_atomic_int_set (&r->self->retry_after_ms, (gint) r->exchange.retry_after_ms);
  g_atomic_int_set (&r->self->refused_status, (gint) reply->status);
  set_http_error (reply->status, &r->exchange, error);
  return FALSE;
}

/* Sends batch after batch until nothing is pending. While the hub stores
 * one batch, this thread reads and compresses the next, so that the two
 * halves of the work overlap; the guess is used only when the hub acked
 * all of the batch before it, else the next batch is read afresh from the
 * ack (a new epoch, a gap, a hub that held less). */
static gboolean
send_pending (Round   *r,
              GError **error)
{
  g_autoptr(Prepared) batch = prepare_batch (r, NULL, error);

  while (batch != NULL && batch->events->len > 0)
    {
      g_autoptr(Prepared) next = NULL;
      g_autoptr(GError) guess_error = NULL;
      Post reply = { .r = r, .body = batch->body };
      gboolean acked_all = FALSE;
      GThread *thread;

      r->round->batches++;
      r->round->bytes_sent += g_bytes_get_size (batch->body);
      thread = g_thread_new ("ocop-sync-post", post_in_thread, &reply);
      /* A failed guess is only a lost guess: the read after the ack
       * reports the error if it persists. */
      next = prepare_batch (r, batch, &guess_error);
      g_thread_join (thread);
      if (!handle_reply (r, batch, &reply, &acked_all, error))
        {
          g_clear_error (&reply.error);
          return FALSE;
        }
      if (!acked_all || next == NULL || next->events->len == 0)
        {
          g_clear_pointer (&next, prepared_free);
          next = prepare_batch (r, NULL, error);
        }
      g_clear_pointer (&batch, prepared_free);
      batch = g_steal_pointer (&next);
    }
  return batch != NULL;
}

/* The version of the hub's catalog this store holds; stores that synced
 * before deltas kept only the ETag, "N". */
static gint64
held_catalog_version (OcopStore *store)
{
  g_autofree char *version = ocop_store_get_sync_value (store, "catalog_version");
  g_autofree char *etag = version ? NULL : ocop_store_get_sync_value (store, "catalog_etag");
  const char *text = version ? version : etag;

  if (text == NULL)
    return 0;
  return MAX (0, g_ascii_strtoll (text + (*text == '"'), NULL, 10));
}

/* The products of a reply, checked by the core's parser as a file is; a
 * sku both changed and withdrawn is a reply that contradicts itself. */
static GPtrArray *
parse_catalog_products (OcopSyncCatalog  *catalog,
                        GError          **error)
{
  g_autofree char *source = g_strdup_printf (_("the hub's catalog version %" PRId64), catalog->version);
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GPtrArray) products = NULL;

  if (catalog->products == NULL)
    return g_ptr_array_new_with_free_func (g_object_unref);
  csv = g_bytes_new_static (catalog->products, strlen (catalog->products));
  if (!(products = ocop_catalog_parse_bytes (csv, source, error)))
    return NULL;
  for (guint i = 0; i < products->len; i++)
    if (g_strv_contains ((const char * const *) catalog->withdrawn, ocop_product_get_sku (products->pdata[i])))
      {
        g_set_error (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_PROTOCOL,
                     _("The hub's catalog reply is unusable: %s both changes and withdraws %s"), source,
                     ocop_product_get_sku (products->pdata[i]));
        return NULL;
      }
  return g_steal_pointer (&products);
}

/* Brings the store's catalog to the hub's: asks with the version it
 * holds and applies the delta (or the whole catalog) in one transaction,
 * or nothing at all if any of it is wrong. Past sales keep the prices
 * they were sold at: their lines carry them. */
static gboolean
fetch_catalog (Round   *r,
               GError **error)
{
  gint64 held = held_catalog_version (r->store);
  g_autofree char *url = g_strdup_printf ("%s?since=%" G_GINT64_FORMAT, r->catalog_url, held);
  g_autofree char *version_text = NULL;
  g_auto(OcopSyncCatalog) catalog = { 0 };
  g_autoptr(GPtrArray) products = NULL;
  long status;

  r->exchange.max_bytes = MAX_CATALOG_BYTES;
  status = get (r->curl, url, r->token, NULL, &r->exchange, error);
  r->exchange.max_bytes = 0;
  if (status == 0)
    return FALSE;
  if (status == 304 || status == 404)   /* unchanged, or none published yet */
    return TRUE;
  if (status != 200)
    {
      set_http_error (status, &r->exchange, error);
      return FALSE;
    }
  if (!ocop_sync_parse_catalog ((const char *) r->exchange.body->data, r->exchange.body->len, held, &catalog, error) ||
      !(products = parse_catalog_products (&catalog, error)))
    return FALSE;
  if (!ocop_store_apply_catalog (r->store, products, (const char * const *) catalog.withdrawn, catalog.full, error))
    return FALSE;
  /* Saved after the catalog: a crash between the two asks again from the
   * older version, and applying the same change twice gives the same
   * catalog. */
  version_text = g_strdup_printf ("%" G_GINT64_FORMAT, catalog.version);
  if (!ocop_store_set_sync_value (r->store, "catalog_version", version_text, error))
    return FALSE;
  r->round->catalog_version = catalog.version;
  r->round->catalog_full = catalog.full;
  r->round->catalog_products = products->len;
  r->round->catalog_withdrawn = g_strv_length (catalog.withdrawn);
  return TRUE;
}

static void
record_outcome (OcopStore    *store,
                const GError *error)
{
  g_autofree char *now = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time ());

  /* Best effort, as the outcome of the round is what the caller needs. */
  if (error == NULL)
    {
      ocop_store_set_sync_value (store, "last_ok_us", now, NULL);
      ocop_store_set_sync_value (store, "last_error", NULL, NULL);
    }
  else
    {
      ocop_store_set_sync_value (store, "last_error", error->message, NULL);
      ocop_store_set_sync_value (store, "last_error_us", now, NULL);
    }
}

gboolean
ocop_sync_client_run_round (OcopSyncClient  *self,
                            OcopSyncRound   *round,
                            GCancellable    *cancellable,
                            GError         **error)
{
  g_auto(SyncLock) lock = -1;
  Round r = { .self = self, .round = round, .exchange.cancellable = cancellable };
  GError *local_error = NULL;
  gboolean done;

  memset (round, 0, sizeof *round);
  g_atomic_int_set (&self->retry_after_ms, 0);
  g_atomic_int_set (&self->refused_status, 0);
  if ((lock = take_sync_lock (self->store_path, error)) < 0)
    return FALSE;
  if (!round_prepare (&r, &local_error))
    {
      if (r.store != NULL)
        record_outcome (r.store, local_error);
      round_free (&r);
      g_propagate_error (error, local_error);
      return FALSE;
    }
  done = send_pending (&r, &local_error);
  if (done)
    fetch_catalog (&r, &local_error);
  round->pending = ocop_store_outbox_pending (r.store);
  record_outcome (r.store, local_error);
  round_free (&r);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

/* ---- the organizer's session ---- */

static char *
dup_session_token (OcopSyncClient *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->session_lock);

  return g_strdup (self->session_token);
}

/* Forgets the session if it is still @token (NULL: whichever it is), so
 * that a refusal of an old session cannot drop a newer one. */
static void
forget_session (OcopSyncClient *self,
                const char     *token)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->session_lock);

  if (self->session_token == NULL || (token != NULL && !g_str_equal (token, self->session_token)))
    return;
  /* The token is a password for the next 12 hours: wiped, not just freed. */
  explicit_bzero (self->session_token, strlen (self->session_token));
  g_clear_pointer (&self->session_token, g_free);
  g_clear_pointer (&self->organizer, g_free);
}

static void
keep_session (OcopSyncClient *self,
              const char     *token,
              const char     *organizer)
{
  forget_session (self, NULL);
  g_mutex_lock (&self->session_lock);
  self->session_token = g_strdup (token);
  self->organizer = g_strdup (organizer);
  g_mutex_unlock (&self->session_lock);
}

char *
ocop_sync_client_dup_organizer (OcopSyncClient *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->session_lock);

  return g_strdup (self->organizer);
}

/* ---- the fair's totals ---- */

static gboolean
member_is_int (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64;
}

static JsonNode *
parse_totals (const char  *text,
              gsize        length,
              GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *root;

  if (!json_parser_load_from_data (parser, text, (gssize) length, NULL) || !root_is_object (parser) ||
      !(root = json_node_get_object (json_parser_get_root (parser))) ||
      !member_is_int (root, "as_of_us") || !member_is_int (root, "sales") ||
      !member_is_int (root, "revenue") || !member_is_int (root, "visitors"))
    {
      g_set_error_literal (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_PROTOCOL,
                           _("The hub's totals have no as_of_us, sales, revenue and visitors"));
      return NULL;
    }
  return json_node_ref (json_parser_get_root (parser));
}

JsonNode *
ocop_sync_client_fetch_totals (OcopSyncClient  *self,
                               const char      *day,
                               GCancellable    *cancellable,
                               GError         **error)
{
  g_autoptr(OcopStore) store = ocop_store_open (self->store_path, error);
  g_autofree char *hub_url = NULL, *fair = NULL, *token = NULL, *escaped = NULL, *path = NULL, *url = NULL;
  g_autofree char *session = NULL;
  g_autoptr(GByteArray) reply = g_byte_array_new ();
  Exchange exchange = { .body = reply, .cancellable = cancellable };
  CURL *curl;
  long status;

  if (store == NULL)
    return NULL;
  hub_url = ocop_store_get_sync_value (store, "hub_url");
  fair = ocop_store_get_sync_value (store, "fair");
  session = dup_session_token (self);
  token = session ? g_strdup (session) : ocop_store_get_sync_value (store, "token");
  if (hub_url == NULL || fair == NULL || token == NULL)
    {
      g_set_error_literal (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_NOT_ENROLLED,
                           _("This laptop has not joined a hub yet"));
      return NULL;
    }
  escaped = g_uri_escape_string (fair, NULL, FALSE);
  path = day ? g_strdup_printf ("/v1/fairs/%s/totals?day=%s", escaped, day) : g_strdup_printf ("/v1/fairs/%s/totals", escaped);
  url = hub_endpoint (hub_url, path);
  curl = new_handle (store);
  status = get (curl, url, token, NULL, &exchange, error);
  curl_easy_cleanup (curl);
  g_free (exchange.etag);
  if (status == 0)
    return NULL;
  if (status == 401 || status == 403)
    {
      /* The hub no longer knows the session (it expired, or the organizer
       * signed out elsewhere): keeping it would only be refused again. */
      g_autoptr(GError) refusal = NULL;

      if (session != NULL && status == 401)
        forget_session (self, session);
      set_http_error (status, &exchange, &refusal);
      g_set_error_literal (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_NEEDS_ORGANIZER, refusal->message);
      return NULL;
    }
  if (status != 200)
    {
      set_http_error (status, &exchange, error);
      return NULL;
    }
  return parse_totals ((const char *) reply->data, reply->len, error);
}

/* ---- on a worker thread ---- */

static void
totals_in_thread (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GError *error = NULL;
  JsonNode *totals = ocop_sync_client_fetch_totals (source, task_data, cancellable, &error);

  if (totals != NULL)
    g_task_return_pointer (task, totals, (GDestroyNotify) json_node_unref);
  else
    g_task_return_error (task, error);
}

void
ocop_sync_client_fetch_totals_async (OcopSyncClient      *self,
                                     const char          *day,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, ocop_sync_client_fetch_totals_async);
  g_task_set_task_data (task, g_strdup (day), g_free);
  g_task_run_in_thread (task, totals_in_thread);
}

JsonNode *
ocop_sync_client_fetch_totals_finish (OcopSyncClient  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct {
  char *hub_url;
  char *code;
} EnrollData;

static void
enroll_data_free (EnrollData *data)
{
  g_free (data->hub_url);
  g_free (data->code);
  g_free (data);
}

static void
enroll_in_thread (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  EnrollData *data = task_data;
  GError *error = NULL;

  if (ocop_sync_client_enroll (source, data->hub_url, data->code, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
ocop_sync_client_enroll_async (OcopSyncClient      *self,
                               const char          *hub_url,
                               const char          *code,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  EnrollData *data = g_new0 (EnrollData, 1);

  data->hub_url = g_strdup (hub_url);
  data->code = g_strdup (code);
  g_task_set_source_tag (task, ocop_sync_client_enroll_async);
  g_task_set_task_data (task, data, (GDestroyNotify) enroll_data_free);
  g_task_run_in_thread (task, enroll_in_thread);
}

gboolean
ocop_sync_client_enroll_finish (OcopSyncClient  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
round_in_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  OcopSyncRound *round = g_new0 (OcopSyncRound, 1);
  GError *error = NULL;

  if (ocop_sync_client_run_round (source, round, cancellable, &error))
    g_task_return_pointer (task, round, g_free);
  else
    {
      ocop_sync_round_clear (round);
      g_free (round);
      g_task_return_error (task, error);
    }
}

void
ocop_sync_client_run_round_async (OcopSyncClient      *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, ocop_sync_client_run_round_async);
  g_task_run_in_thread (task, round_in_thread);
}

gboolean
ocop_sync_client_run_round_finish (OcopSyncClient  *self,
                                   GAsyncResult    *result,
                                   OcopSyncRound   *round,
                                   GError         **error)
{
  g_autofree OcopSyncRound *done = g_task_propagate_pointer (G_TASK (result), error);

  memset (round, 0, sizeof *round);
  if (done == NULL)
    return FALSE;
  *round = *done;
  return TRUE;
}

/* ---- signing in and out as an organizer ---- */

/* What holds a password is wiped before it goes back to malloc. */
static void
wipe_and_free (char *text)
{
  if (text != NULL)
    explicit_bzero (text, strlen (text));
  g_free (text);
}

static GBytes *
sign_in_body (const char *name,
              const char *password)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  char *text;

  json_builder_begin_object (builder);
  add_member_string (builder, "name", name);
  add_member_string (builder, "password", password);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  return g_bytes_new_with_free_func (text, strlen (text), (GDestroyNotify) wipe_and_free, text);
}

static gboolean
keep_signed_in_session (OcopSyncClient  *self,
                        const char      *reply,
                        gsize            length,
                        GError         **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *root;
  JsonNode *token, *organizer;

  if (!json_parser_load_from_data (parser, reply, (gssize) length, NULL) || !root_is_object (parser) ||
      !(root = json_node_get_object (json_parser_get_root (parser))) ||
      !(token = json_object_get_member (root, "token")) || !JSON_NODE_HOLDS_VALUE (token) ||
      json_node_get_value_type (token) != G_TYPE_STRING ||
      !(organizer = json_object_get_member (root, "organizer")) || !JSON_NODE_HOLDS_VALUE (organizer) ||
      json_node_get_value_type (organizer) != G_TYPE_STRING)
    {
      g_set_error_literal (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_PROTOCOL,
                           _("The hub's sign-in reply has no session token"));
      return FALSE;
    }
  keep_session (self, json_node_get_string (token), json_node_get_string (organizer));
  return TRUE;
}

static char *
session_url (OcopStore  *store,
             GError    **error)
{
  g_autofree char *hub_url = ocop_store_get_sync_value (store, "hub_url");

  if (hub_url == NULL)
    {
      g_set_error_literal (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_NOT_ENROLLED,
                           _("This laptop has not joined a hub yet"));
      return NULL;
    }
  return hub_endpoint (hub_url, "/v1/session");
}

gboolean
ocop_sync_client_sign_in (OcopSyncClient  *self,
                          const char      *name,
                          const char      *password,
                          GCancellable    *cancellable,
                          GError         **error)
{
  g_autoptr(OcopStore) store = ocop_store_open (self->store_path, error);
  g_autofree char *url = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GByteArray) reply = g_byte_array_new ();
  Exchange exchange = { .body = reply, .cancellable = cancellable };
  gboolean kept;
  CURL *curl;
  long status;

  if (store == NULL || !(url = session_url (store, error)))
    return FALSE;
  body = sign_in_body (name, password);
  curl = new_handle (store);
  status = post (curl, url, NULL, FALSE, body, &exchange, error);
  curl_easy_cleanup (curl);
  g_free (exchange.etag);
  if (status == 0)
    return FALSE;
  if (status != 201)
    {
      set_http_error (status, &exchange, error);
      return FALSE;
    }
  kept = keep_signed_in_session (self, (const char *) reply->data, reply->len, error);
  /* The reply holds the token: wiped like the copy that was freed. */
  explicit_bzero (reply->data, reply->len);
  return kept;
}

gboolean
ocop_sync_client_sign_out (OcopSyncClient  *self,
                           GCancellable    *cancellable,
                           GError         **error)
{
  g_autofree char *token = dup_session_token (self);
  g_autoptr(OcopStore) store = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GByteArray) reply = g_byte_array_new ();
  Exchange exchange = { .body = reply, .cancellable = cancellable };
  CURL *curl;
  long status;

  if (token == NULL)
    return TRUE;
  /* Forgotten first: whatever the hub answers, this till reads no more
   * with it. */
  forget_session (self, token);
  if (!(store = ocop_store_open (self->store_path, error)) || !(url = session_url (store, error)))
    return FALSE;
  curl = new_handle (store);
  /* post () with the method changed: curl sends DELETE with an empty
   * body, and the same headers and error handling. */
  curl_easy_setopt (curl, CURLOPT_CUSTOMREQUEST, "DELETE");
  status = post (curl, url, token, FALSE, empty, &exchange, error);
  curl_easy_cleanup (curl);
  g_free (exchange.etag);
  if (status == 0)
    return FALSE;
  if (status != 200)
    {
      set_http_error (status, &exchange, error);
      return FALSE;
    }
  return TRUE;
}

typedef struct {
  char *name;
  char *password;
} SignInData;

static void
sign_in_data_free (SignInData *data)
{
  g_free (data->name);
  wipe_and_free (data->password);
  g_free (data);
}

static void
sign_in_in_thread (GTask        *task,
                   gpointer      source,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  SignInData *data = task_data;
  GError *error = NULL;

  if (ocop_sync_client_sign_in (source, data->name, data->password, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
ocop_sync_client_sign_in_async (OcopSyncClient      *self,
                                const char          *name,
                                const char          *password,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  SignInData *data = g_new0 (SignInData, 1);

  data->name = g_strdup (name);
  data->password = g_strdup (password);
  g_task_set_source_tag (task, ocop_sync_client_sign_in_async);
  g_task_set_task_data (task, data, (GDestroyNotify) sign_in_data_free);
  g_task_run_in_thread (task, sign_in_in_thread);
}

gboolean
ocop_sync_client_sign_in_finish (OcopSyncClient  *self,
                                 GAsyncResult    *result,
                                 GError         **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
sign_out_in_thread (GTask        *task,
                    gpointer      source,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  GError *error = NULL;

  if (ocop_sync_client_sign_out (source, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
ocop_sync_client_sign_out_async (OcopSyncClient      *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, ocop_sync_client_sign_out_async);
  g_task_run_in_thread (task, sign_out_in_thread);
}

gboolean
ocop_sync_client_sign_out_finish (OcopSyncClient  *self,
                                  GAsyncResult    *result,
                                  GError         **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
