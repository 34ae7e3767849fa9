/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-hub-server.c: routing, authentication and limits of the hub's HTTP
 * API (docs/sync-protocol.md) on GNU libmicrohttpd. */

#include "config.h"

#include <arpa/inet.h>
#include <inttypes.h>
#include <string.h>
#include <sys/socket.h>
#include <glib/gi18n-lib.h>
#include <microhttpd.h>
#include <sodium.h>

#include "ocop-catalog.h"
#include "ocop-hub-bank-routes.h"
#include "ocop-hub-bank-wait.h"
#include "ocop-hub-dashboard.h"
#include "ocop-hub-enroll.h"
#include "ocop-hub-peer.h"
#include "ocop-hub-server.h"
#include "ocop-sync-protocol.h"
#include "ocop-json.h"

/* An empty text parses without error and without a root. */
static gboolean
root_is_object (JsonParser *parser)
{
  JsonNode *root = json_parser_get_root (parser);

  return root != NULL && JSON_NODE_HOLDS_OBJECT (root);
}

struct _OcopHubServer {
  GObject          parent_instance;
  OcopHubBackend  *backend;
  OcopHubDashboard *dashboard;
  OcopHubAccounts *accounts;      /* the dashboard's, shared with /v1/session */
  char            *admin_token_hash;
  char            *tls_cert;
  char            *tls_key;
  OcopHubSite     *site;
  struct MHD_Daemon *daemon;
  guint16          port;
  gboolean         open;          /* --open: may listen beyond loopback without readers */
  guint            per_address;   /* connections at once from one address */
  gssize           buffered;      /* bytes of bodies being received, atomically */
  OcopHubBankWaits *bank_waits;   /* booths' requests held until their transfer is paid */
};

G_DEFINE_FINAL_TYPE (OcopHubServer, ocop_hub_server, G_TYPE_OBJECT)

/* Per-connection limits: a booth sends one batch at a time. The timeout
 * counts from a connection's last byte, so a booth on slow 3G that keeps
 * sending is never cut, while a request left half-sent frees its slot
 * after 60 s. It is not shorter: a worker thread busy with other batches
 * does not read a waiting connection, and a booth's request that waited
 * past the timeout would be cut unanswered. */
#define CONNECTION_LIMIT        512
#define CONNECTION_MEMORY_LIMIT (128 * 1024)
#define CONNECTION_TIMEOUT_S    60

/* What a request that carries a code, a name and password or a form's
 * fields may send: a few hundred bytes in practice. */
#define SMALL_BODY_BYTES (8 * 1024)

static void
ocop_hub_server_finalize (GObject *object)
{
  OcopHubServer *self = OCOP_HUB_SERVER (object);

  ocop_hub_server_stop (self);
  g_clear_object (&self->dashboard);
  g_clear_pointer (&self->backend, ocop_hub_backend_free);
  g_free (self->admin_token_hash);
  g_free (self->tls_cert);
  g_free (self->tls_key);
  ocop_hub_site_free (self->site);
  G_OBJECT_CLASS (ocop_hub_server_parent_class)->finalize (object);
}

static void
ocop_hub_server_class_init (OcopHubServerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ocop_hub_server_finalize;
}

static void
ocop_hub_server_init (OcopHubServer *self)
{
  self->site = ocop_hub_site_new ();
  self->per_address = OCOP_HUB_DEFAULT_CONNECTIONS_PER_ADDRESS;
}

OcopHubServer *
ocop_hub_server_new (OcopHubBackend *backend)
{
  OcopHubServer *self = g_object_new (OCOP_TYPE_HUB_SERVER, NULL);

  self->backend = backend;
  self->dashboard = ocop_hub_dashboard_new (backend);
  self->accounts = ocop_hub_dashboard_get_accounts (self->dashboard);
  return self;
}

void
ocop_hub_server_set_admin_token (OcopHubServer *self,
                                 const char    *token)
{
  g_clear_pointer (&self->admin_token_hash, g_free);
  if (token != NULL)
    self->admin_token_hash = ocop_hub_hash_secret (token);
}

void
ocop_hub_server_set_open (OcopHubServer *self,
                          gboolean       open)
{
  self->open = open;
}

void
ocop_hub_server_set_connections_per_address (OcopHubServer *self,
                                             guint          connections)
{
  self->per_address = connections;
}

gboolean
ocop_hub_server_is_open (OcopHubServer  *self,
                         gboolean       *open,
                         GError        **error)
{
  gboolean any_organizer = FALSE;

  *open = FALSE;
  if (self->admin_token_hash != NULL)
    return TRUE;
  if (!ocop_hub_accounts_any_exist (self->accounts, &any_organizer, error))
    return FALSE;
  *open = !any_organizer;
  return TRUE;
}

void
ocop_hub_server_set_tls (OcopHubServer *self,
                         const char    *cert_pem,
                         const char    *key_pem)
{
  g_free (self->tls_cert);
  g_free (self->tls_key);
  self->tls_cert = g_strdup (cert_pem);
  self->tls_key = g_strdup (key_pem);
}

OcopHubSite *
ocop_hub_server_get_site (OcopHubServer *self)
{
  return self->site;
}

/* ---- replies ---- */

static char *
node_to_text (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

static unsigned int
error_reply (GError  *error,
             char   **reply)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  unsigned int status = ocop_hub_error_http_status (error);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, OCOP_SYNC_REFUSAL_ERROR);
  json_builder_add_string_value (builder, ocop_hub_error_name (error));
  json_builder_set_member_name (builder, OCOP_SYNC_REFUSAL_MESSAGE);
  json_builder_add_string_value (builder, error->message);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  *reply = node_to_text (root);
  g_error_free (error);
  return status;
}

/* ---- authentication ---- */

static const char *
bearer_token (const char *authorization)
{
  if (authorization == NULL || g_ascii_strncasecmp (authorization, "Bearer ", 7) != 0)
    return NULL;
  return authorization + 7;
}

static gboolean
hashes_equal (const char *a,
              const char *b)
{
  return strlen (a) == strlen (b) && sodium_memcmp (a, b, strlen (a)) == 0;
}

/* The device a request is for, if its token is right and it is not
 * revoked. */
static OcopHubDevice *
authenticate_device (OcopHubServer  *self,
                     const char     *device_id,
                     const char     *authorization,
                     GError        **error)
{
  const char *token = bearer_token (authorization);
  g_autoptr(OcopHubDevice) device = NULL;
  g_autoptr(GError) lookup_error = NULL;
  g_autofree char *hash = NULL;

  if (token == NULL)
    {
      g_set_error_literal (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_UNAUTHORIZED,
                           _("The request has no 'Authorization: Bearer TOKEN' header"));
      return NULL;
    }
  /* An unknown device is told what a wrong token is told: whoever has no
   * token learns nothing of which device ids exist. */
  if (!(device = ocop_hub_backend_find_device (self->backend, device_id, &lookup_error)) &&
      !g_error_matches (lookup_error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&lookup_error));
      return NULL;
    }
  hash = ocop_hub_hash_secret (token);
  if (device == NULL || !hashes_equal (hash, device->token_hash))
    {
      g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_UNAUTHORIZED, _("Wrong token for device '%s'"), device_id);
      return NULL;
    }
  if (device->revoked)
    {
      g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_FORBIDDEN,
                   _("Device '%s' was revoked by the organizer"), device_id);
      return NULL;
    }
  return g_steal_pointer (&device);
}

static gboolean
is_admin_token (OcopHubServer *self,
                const char    *token)
{
  g_autofree char *hash = NULL;

  if (self->admin_token_hash == NULL || token == NULL)
    return FALSE;
  hash = ocop_hub_hash_secret (token);
  return hashes_equal (hash, self->admin_token_hash);
}

/* Sets *@valid when @token is an organizer's open session; an unknown or
 * expired one is not an error here, a failing database is. */
static gboolean
check_organizer_session (OcopHubServer  *self,
                         const char     *token,
                         gboolean       *valid,
                         GError        **error)
{
  g_autoptr(GError) session_error = NULL;
  g_autofree char *organizer = NULL;

  *valid = FALSE;
  if (token == NULL || *token == '\0')
    return TRUE;
  organizer = ocop_hub_accounts_check_session (self->accounts, token, g_get_real_time (), &session_error);
  if (organizer == NULL && !g_error_matches (session_error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_UNAUTHORIZED))
    {
      g_propagate_error (error, g_steal_pointer (&session_error));
      return FALSE;
    }
  *valid = organizer != NULL;
  return TRUE;
}

/* Why a reader who is neither the admin nor a signed-in organizer is
 * refused: a booth's own token gets 403 (it is known, and never enough),
 * anything else 401 (sign in, or sign in again). */
static gboolean
refuse_reader (OcopHubServer  *self,
               const char     *token,
               GError        **error)
{
  g_autofree char *hash = NULL;
  gboolean is_device = FALSE;

  if (token == NULL)
    {
      g_set_error_literal (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_UNAUTHORIZED,
                           _("The fair's totals are for organizers: sign in as an organizer"));
      return FALSE;
    }
  hash = ocop_hub_hash_secret (token);
  if (!ocop_hub_backend_is_device_token (self->backend, hash, &is_device, error))
    return FALSE;
  if (is_device)
    g_set_error_literal (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_FORBIDDEN,
                         _("A booth's device token cannot read the whole fair's totals: sign in as an organizer"));
  else
    g_set_error_literal (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_UNAUTHORIZED,
                         _("The organizer's session has ended or the token is wrong: sign in again"));
  return FALSE;
}

/* Who may read the totals: the admin token or an organizer's session. A
 * hub with neither an admin token nor any organizer account (a fair-site
 * laptop, as before accounts existed) answers its own machine only: a
 * booth or anyone else on the fair's Wi-Fi could otherwise read every
 * fair's figures. The first `ocop-hub user add` closes it to all but
 * organizers. */
static gboolean
authenticate_reader (OcopHubServer  *self,
                     const char     *authorization,
                     gboolean        peer_is_loopback,
                     GError        **error)
{
  const char *token = bearer_token (authorization);
  gboolean signed_in = FALSE, open = FALSE;

  if (is_admin_token (self, token))
    return TRUE;
  if (!check_organizer_session (self, token, &signed_in, error))
    return FALSE;
  if (signed_in)
    return TRUE;
  if (!ocop_hub_server_is_open (self, &open, error))
    return FALSE;
  if (open && peer_is_loopback)
    return TRUE;
  if (open)
    {
      g_set_error_literal (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_FORBIDDEN,
                           _("This hub has no organizer account and no admin token, so it shows the fair's totals "
                             "only on its own machine: add an organizer with 'ocop-hub user add'"));
      return FALSE;
    }
  return refuse_reader (self, token, error);
}

/* ---- the routes ---- */

static JsonObject *
parse_object (const guint8  *body,
              gsize          size,
              JsonParser    *parser,
              GError       **error)
{
  g_autoptr(GError) json_error = NULL;

  if (!ocop_json_load (parser, (const char *) body, (gssize) size, OCOP_HUB_MAX_WIRE_BYTES, &json_error) ||
      !root_is_object (parser))
    {
      ocop_json_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID, _("The body must be a JSON object"), json_error);
      return NULL;
    }
  return json_node_get_object (json_parser_get_root (parser));
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static unsigned int
answer_enroll (OcopHubServer  *self,
               const guint8   *body,
               gsize           size,
               char          **reply)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(OcopHubDevice) device = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *code_hash = NULL, *device_id = NULL, *token = NULL, *token_hash = NULL;
  GError *error = NULL;
  JsonObject *request = parse_object (body, size, parser, &error);
  const char *code;

  if (request == NULL)
    return error_reply (error, reply);
  code = string_member (request, "code");
  if (code == NULL || !(code_hash = ocop_hub_hash_enrollment_code (code, &error)))
    {
      if (error == NULL)
        g_set_error_literal (&error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID, _("code is missing or not a string"));
      return error_reply (error, reply);
    }
  device_id = ocop_hub_new_device_id ();
  token = ocop_hub_new_token ();
  token_hash = ocop_hub_hash_secret (token);
  device = ocop_hub_backend_redeem_enrollment (self->backend, code_hash, device_id, token_hash,
                                               string_member (request, "device_uuid"),
                                               g_get_real_time (), &error);
  if (device == NULL)
    return error_reply (error, reply);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, OCOP_SYNC_ENROLLMENT_DEVICE_ID);
  json_builder_add_string_value (builder, device->id);
  json_builder_set_member_name (builder, OCOP_SYNC_ENROLLMENT_TOKEN);
  json_builder_add_string_value (builder, token);
  json_builder_set_member_name (builder, OCOP_SYNC_ENROLLMENT_FAIR);
  json_builder_add_string_value (builder, device->fair);
  json_builder_set_member_name (builder, OCOP_SYNC_ENROLLMENT_BOOTH);
  json_builder_add_string_value (builder, device->booth);
  json_builder_set_member_name (builder, OCOP_SYNC_ENROLLMENT_HUB_TIME_US);
  json_builder_add_int_value (builder, g_get_real_time ());
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  *reply = node_to_text (root);
  return 201;
}

static char *
ingest_reply (const OcopHubBatch        *batch,
              const OcopHubIngestResult *result)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, OCOP_SYNC_ACK_EPOCH);
  json_builder_add_int_value (builder, batch->epoch);
  json_builder_set_member_name (builder, OCOP_SYNC_ACK_ACKED_THROUGH);
  json_builder_add_int_value (builder, result->acked_through);
  json_builder_set_member_name (builder, OCOP_SYNC_ACK_INSERTED);
  json_builder_add_int_value (builder, result->inserted);
  json_builder_set_member_name (builder, OCOP_SYNC_ACK_DUPLICATES);
  json_builder_add_int_value (builder, result->duplicates);
  json_builder_set_member_name (builder, OCOP_SYNC_ACK_HUB_TIME_US);
  json_builder_add_int_value (builder, g_get_real_time ());
  if (result->checkpoint_status != NULL)
    {
      json_builder_set_member_name (builder, OCOP_SYNC_ACK_CHECKPOINT);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, OCOP_SYNC_ACK_CHECKPOINT_STATUS);
      json_builder_add_string_value (builder, result->checkpoint_status);
      json_builder_set_member_name (builder, OCOP_SYNC_CHECKPOINT_SALES);
      json_builder_add_int_value (builder, result->hub_sales);
      json_builder_set_member_name (builder, OCOP_SYNC_CHECKPOINT_REVENUE);
      json_builder_add_int_value (builder, result->hub_revenue);
      json_builder_set_member_name (builder, OCOP_SYNC_CHECKPOINT_VISITORS);
      json_builder_add_int_value (builder, result->hub_visitors);
      json_builder_end_object (builder);
    }
  json_builder_set_member_name (builder, OCOP_SYNC_ACK_FLAGS);
  json_builder_begin_array (builder);
  if (result->clock_skewed)
    json_builder_add_string_value (builder, "clock_skew");
  if (g_strcmp0 (result->checkpoint_status, "mismatch") == 0)
    json_builder_add_string_value (builder, "checkpoint_mismatch");
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return node_to_text (root);
}

/* A batch from @device, whose token was checked already. */
static unsigned int
answer_batch (OcopHubServer  *self,
              OcopHubDevice  *device,
              const char     *encoding,
              const guint8   *body,
              gsize           size,
              char          **reply)
{
  g_autoptr(GBytes) decoded = NULL;
  g_autoptr(OcopHubBatch) batch = NULL;
  OcopHubIngestResult result = { 0 };
  GError *error = NULL;
  gsize length = 0;
  const char *text;

  if (!(decoded = ocop_hub_decode_body (encoding, body, size, &error)))
    return error_reply (error, reply);
  text = g_bytes_get_data (decoded, &length);
  if (!(batch = ocop_hub_batch_parse (text, length, &error)))
    return error_reply (error, reply);
  /* A batch replayed from another device's upload: its token is not the
   * one of the device it names. */
  if (!g_str_equal (batch->device_id, device->id))
    {
      g_set_error (&error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID,
                   _("device_id '%s' in the batch is not the device '%s' of the address and token"),
                   batch->device_id, device->id);
      return error_reply (error, reply);
    }
  if (!ocop_hub_backend_ingest (self->backend, device, batch, g_get_real_time (), &result, &error))
    return error_reply (error, reply);
  *reply = ingest_reply (batch, &result);
  return 200;
}

static unsigned int
answer_events (OcopHubServer  *self,
               const char     *device_id,
               const char     *authorization,
               const char     *encoding,
               const guint8   *body,
               gsize           size,
               char          **reply)
{
  g_autoptr(OcopHubDevice) device = NULL;
  GError *error = NULL;

  if (!(device = authenticate_device (self, device_id, authorization, &error)))
    return error_reply (error, reply);
  return answer_batch (self, device, encoding, body, size, reply);
}

static gboolean
is_day (const char *text)
{
  g_autofree char *iso = NULL;
  g_autoptr(GDateTime) parsed = NULL;

  if (strlen (text) != 10)
    return FALSE;
  iso = g_strconcat (text, "T12:00:00Z", NULL);
  parsed = g_date_time_new_from_iso8601 (iso, NULL);
  return parsed != NULL;
}

static unsigned int
answer_totals (OcopHubServer  *self,
               const char     *fair,
               const char     *authorization,
               const char     *day,
               gboolean        peer_is_loopback,
               char          **reply)
{
  g_autoptr(JsonNode) totals = NULL;
  GError *error = NULL;

  if (!authenticate_reader (self, authorization, peer_is_loopback, &error))
    return error_reply (error, reply);
  if (day != NULL && !is_day (day))
    {
      g_set_error (&error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID, _("day=%s is not a date YYYY-MM-DD"), day);
      return error_reply (error, reply);
    }
  if (!(totals = ocop_hub_backend_totals (self->backend, fair, day, g_get_real_time (), &error)))
    return error_reply (error, reply);
  *reply = node_to_text (totals);
  return 200;
}

/* The bank notifications of @fair that matched no transfer, for its
 * organizers, as the totals are. */
static unsigned int
answer_unmatched (OcopHubServer  *self,
                  const char     *fair,
                  const char     *authorization,
                  gboolean        peer_is_loopback,
                  char          **reply)
{
  g_autoptr(JsonNode) unmatched = NULL;
  GError *error = NULL;

  if (!authenticate_reader (self, authorization, peer_is_loopback, &error) ||
      !(unmatched = ocop_hub_backend_unmatched_notices (self->backend, fair, &error)))
    return error_reply (error, reply);
  *reply = node_to_text (unmatched);
  return 200;
}

/* ---- organizers' sessions for the JSON API: /v1/session ---- */

static char *
session_reply (const char *token,
               const char *organizer,
               gint64      expires_us)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, OCOP_SYNC_SESSION_TOKEN);
  json_builder_add_string_value (builder, token);
  json_builder_set_member_name (builder, OCOP_SYNC_SESSION_ORGANIZER);
  json_builder_add_string_value (builder, organizer);
  json_builder_set_member_name (builder, OCOP_SYNC_SESSION_EXPIRES_US);
  json_builder_add_int_value (builder, expires_us);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return node_to_text (root);
}

/* The same check, limits and sessions as the dashboard's login form. */
static unsigned int
answer_sign_in (OcopHubServer  *self,
                const char     *address,
                const guint8   *body,
                gsize           size,
                gint64         *retry_after_s,
                char          **reply)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *token = NULL;
  GError *error = NULL;
  JsonObject *request = parse_object (body, size, parser, &error);
  gint64 now_us = g_get_real_time ();
  const char *name, *password;

  if (request == NULL)
    return error_reply (error, reply);
  name = string_member (request, "name");
  password = string_member (request, "password");
  if (name == NULL || password == NULL)
    {
      g_set_error_literal (&error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID,
                           _("The body needs \"name\" and \"password\" as strings"));
      return error_reply (error, reply);
    }
  token = ocop_hub_accounts_log_in (self->accounts, name, password, address, now_us, retry_after_s, &error);
  if (token == NULL)
    return error_reply (error, reply);
  *reply = session_reply (token, name, now_us + OCOP_HUB_SESSION_LIFETIME_US);
  return 201;
}

static unsigned int
answer_sign_out (OcopHubServer  *self,
                 const char     *authorization,
                 char          **reply)
{
  const char *token = bearer_token (authorization);
  GError *error = NULL;

  if (token == NULL)
    {
      g_set_error_literal (&error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_UNAUTHORIZED,
                           _("The request has no 'Authorization: Bearer TOKEN' header"));
      return error_reply (error, reply);
    }
  /* Ending a session that has already ended is no error: the organizer's
   * intent, that it be over, holds. */
  if (!ocop_hub_accounts_log_out (self->accounts, token, &error))
    return error_reply (error, reply);
  *reply = g_strdup ("{\"signed_out\": true}");
  return 200;
}

/* "/v1/devices/ID/events" → ID; NULL when @url is not of that shape. */
static char *
path_parameter (const char *url,
                const char *prefix,
                const char *suffix)
{
  gsize url_len = strlen (url), prefix_len = strlen (prefix), suffix_len = strlen (suffix);
  g_autofree char *value = NULL;

  if (url_len <= prefix_len + suffix_len || !g_str_has_prefix (url, prefix) || !g_str_has_suffix (url, suffix))
    return NULL;
  value = g_strndup (url + prefix_len, url_len - prefix_len - suffix_len);
  if (*value == '\0' || strchr (value, '/') != NULL || strlen (value) > 200)
    return NULL;
  return g_steal_pointer (&value);
}

static unsigned int
not_found (const char  *url,
           char       **reply)
{
  GError *error = g_error_new (OCOP_HUB_ERROR, OCOP_HUB_ERROR_NOT_FOUND, _("Nothing at %s"), url);

  return error_reply (error, reply);
}

static unsigned int
wrong_method (const char  *method,
              const char  *url,
              char       **reply)
{
  GError *error = g_error_new (OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID, _("%s is not allowed on %s"), method, url);
  unsigned int status = error_reply (error, reply);

  return status == 400 ? 405 : status;
}

unsigned int
ocop_hub_server_answer (OcopHubServer  *self,
                        const char     *method,
                        const char     *url,
                        const char     *authorization,
                        const char     *content_encoding,
                        const char     *day_argument,
                        gboolean        peer_is_loopback,
                        const guint8   *body,
                        gsize           body_size,
                        char          **reply)
{
  g_autofree char *device_id = path_parameter (url, "/v1/devices/", "/events");
  g_autofree char *fair = path_parameter (url, "/v1/fairs/", "/totals");
  g_autofree char *bank_fair = path_parameter (url, "/v1/fairs/", "/bank");
  gboolean post = g_str_equal (method, "POST"), get = g_str_equal (method, "GET");

  *reply = NULL;
  if (g_str_equal (url, "/v1/enroll"))
    return post ? answer_enroll (self, body, body_size, reply) : wrong_method (method, url, reply);
  if (device_id != NULL)
    return post ? answer_events (self, device_id, authorization, content_encoding, body, body_size, reply)
                : wrong_method (method, url, reply);
  if (fair != NULL)
    return get ? answer_totals (self, fair, authorization, day_argument, peer_is_loopback, reply)
               : wrong_method (method, url, reply);
  if (bank_fair != NULL)
    return get ? answer_unmatched (self, bank_fair, authorization, peer_is_loopback, reply)
               : wrong_method (method, url, reply);
  return not_found (url, reply);
}

static enum MHD_Result
send_reply_retry_after (struct MHD_Connection *connection,
                        unsigned int           status,
                        char                  *reply,
                        gint64                 retry_after_s)
{
  struct MHD_Response *response =
    MHD_create_response_from_buffer (strlen (reply), reply, MHD_RESPMEM_MUST_FREE);
  enum MHD_Result result;

  MHD_add_response_header (response, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
  MHD_add_response_header (response, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
  if (retry_after_s > 0)
    {
      g_autofree char *seconds = g_strdup_printf ("%" G_GINT64_FORMAT, retry_after_s);

      MHD_add_response_header (response, MHD_HTTP_HEADER_RETRY_AFTER, seconds);
    }
  result = MHD_queue_response (connection, status, response);
  MHD_destroy_response (response);
  return result;
}

static enum MHD_Result
send_reply (struct MHD_Connection *connection,
            unsigned int           status,
            char                  *reply)
{
  return send_reply_retry_after (connection, status, reply, status == 503 ? 5 : 0);
}

/* ---- the catalog: the organizer's CSV, or with ?since=N the products
 * changed after version N (docs/sync-protocol.md, "Catalog down") ---- */

typedef struct {
  unsigned int  status;
  GBytes       *body;
  const char   *content_type;
  char         *etag;
  char         *json;   /* the error, when not 200 or 304 */
} CatalogReply;

/* -1 when absent; -2 when not a whole number of at most 18 digits. */
static gint64
parse_since (const char *text)
{
  guint64 since = 0;

  if (text == NULL)
    return -1;
  if (!g_ascii_string_to_unsigned (text, 10, 0, G_GINT64_CONSTANT (999999999999999999), &since, NULL))
    return -2;
  return (gint64) since;
}

/* A delta answers from @since when every change after it is still held:
 * rows keep their last version and tombstones stay, so only a version
 * older than every row the fair holds (a hub that stored whole files
 * before deltas) or one the hub never made needs the whole catalog. */
static gboolean
delta_possible (gint64 since,
                gint64 version,
                gint64 oldest)
{
  return since > 0 && since < version && since >= oldest;
}

static GBytes *
catalog_json (const char *fair,
              gint64      version,
              gint64      since,
              GPtrArray  *rows)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GString) csv = g_string_new (OCOP_CATALOG_HEADER "\r\n");
  guint products = 0;
  char *text;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, OCOP_SYNC_CATALOG_REPLY_FAIR);
  json_builder_add_string_value (builder, fair);
  json_builder_set_member_name (builder, OCOP_SYNC_CATALOG_REPLY_VERSION);
  json_builder_add_int_value (builder, version);
  json_builder_set_member_name (builder, OCOP_SYNC_CATALOG_REPLY_SINCE);
  json_builder_add_int_value (builder, since);
  json_builder_set_member_name (builder, OCOP_SYNC_CATALOG_REPLY_FULL);
  json_builder_add_boolean_value (builder, since == 0);
  json_builder_set_member_name (builder, OCOP_SYNC_CATALOG_REPLY_WITHDRAWN);
  json_builder_begin_array (builder);
  for (guint i = 0; i < rows->len; i++)
    {
      OcopHubCatalogRow *row = rows->pdata[i];

      if (row->row == NULL)
        {
          if (since > 0)
            json_builder_add_string_value (builder, row->sku);
          continue;
        }
      g_string_append_printf (csv, "%s\r\n", row->row);
      products++;
    }
  json_builder_end_array (builder);
  if (products > 0)
    {
      json_builder_set_member_name (builder, OCOP_SYNC_CATALOG_REPLY_PRODUCTS);
      json_builder_add_string_value (builder, csv->str);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = node_to_text (root);
  return g_bytes_new_take (text, strlen (text));
}

static void
answer_catalog_since (OcopHubServer       *self,
                      const OcopHubDevice *device,
                      gint64               since,
                      CatalogReply        *reply)
{
  g_autoptr(GPtrArray) rows = NULL;
  GError *error = NULL;
  gint64 version = 0, oldest = 0;

  if (!(rows = ocop_hub_backend_catalog_changes (self->backend, device->fair, since, &version, &oldest, &error)))
    {
      reply->status = error_reply (error, &reply->json);
      return;
    }
  reply->etag = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", version);
  if (since == version)
    {
      reply->status = 304;
      return;
    }
  if (!delta_possible (since, version, oldest))
    {
      g_clear_pointer (&rows, g_ptr_array_unref);
      since = 0;
      if (!(rows = ocop_hub_backend_catalog_changes (self->backend, device->fair, 0, &version, &oldest, &error)))
        {
          reply->status = error_reply (error, &reply->json);
          return;
        }
      g_free (reply->etag);
      reply->etag = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", version);
    }
  reply->body = catalog_json (device->fair, version, since, rows);
  reply->content_type = "application/json";
  reply->status = 200;
}

static void
answer_catalog (OcopHubServer *self,
                const char    *device_id,
                const char    *authorization,
                const char    *if_none_match,
                const char    *since_text,
                CatalogReply  *reply)
{
  g_autoptr(OcopHubDevice) device = NULL;
  GError *error = NULL;
  gint64 version = 0;
  gint64 since = parse_since (since_text);

  if (!(device = authenticate_device (self, device_id, authorization, &error)))
    {
      reply->status = error_reply (error, &reply->json);
      return;
    }
  if (since == -2)
    {
      error = g_error_new (OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID,
                           _("since=%s is not a catalog version (a whole number)"), since_text);
      reply->status = error_reply (error, &reply->json);
      return;
    }
  if (since >= 0)
    {
      answer_catalog_since (self, device, since, reply);
      if (reply->status == 200 && g_strcmp0 (if_none_match, reply->etag) == 0)
        {
          g_clear_pointer (&reply->body, g_bytes_unref);
          reply->status = 304;
        }
      return;
    }
  /* Without since: the file as published, for clients before deltas. */
  if (!(reply->body = ocop_hub_backend_get_catalog (self->backend, device->fair, &version, &error)))
    {
      reply->status = error_reply (error, &reply->json);
      return;
    }
  reply->content_type = "text/csv";
  reply->etag = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", version);
  reply->status = g_strcmp0 (if_none_match, reply->etag) == 0 ? 304 : 200;
}

/* A fair's whole catalog is thousands of rows and booths are on 3G:
 * gzip (GLib's zlib converter) when the client takes it. */
static GBytes *
gzip_bytes (GBytes *bytes)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 6);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) out = g_converter_output_stream_new (memory, G_CONVERTER (compressor));
  gsize size = 0;
  const void *data = g_bytes_get_data (bytes, &size);

  if (!g_output_stream_write_all (out, data, size, NULL, NULL, NULL) || !g_output_stream_close (out, NULL, NULL))
    return NULL;
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

static gboolean
accepts_gzip (const char *accept_encoding)
{
  return accept_encoding != NULL && strstr (accept_encoding, "gzip") != NULL;
}

static enum MHD_Result
send_catalog (struct MHD_Connection *connection,
              CatalogReply          *reply,
              gboolean               gzip)
{
  g_autoptr(GBytes) compressed = NULL;
  struct MHD_Response *response;
  enum MHD_Result result;
  gsize size = 0;
  const void *data = NULL;

  if (reply->status != 200 && reply->status != 304)
    return send_reply (connection, reply->status, g_steal_pointer (&reply->json));
  if (reply->status == 200 && gzip && (compressed = gzip_bytes (reply->body)) != NULL)
    data = g_bytes_get_data (compressed, &size);
  else if (reply->status == 200)
    data = g_bytes_get_data (reply->body, &size);
  response = MHD_create_response_from_buffer (size, (void *) data, MHD_RESPMEM_MUST_COPY);
  if (reply->content_type != NULL)
    MHD_add_response_header (response, MHD_HTTP_HEADER_CONTENT_TYPE, reply->content_type);
  if (compressed != NULL)
    MHD_add_response_header (response, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
  MHD_add_response_header (response, MHD_HTTP_HEADER_VARY, MHD_HTTP_HEADER_ACCEPT_ENCODING);
  MHD_add_response_header (response, MHD_HTTP_HEADER_ETAG, reply->etag);
  result = MHD_queue_response (connection, reply->status, response);
  MHD_destroy_response (response);
  return result;
}

static enum MHD_Result
handle_catalog (OcopHubServer         *self,
                struct MHD_Connection *connection,
                const char            *device_id)
{
  CatalogReply reply = { 0 };
  enum MHD_Result result;

  answer_catalog (self, device_id,
                  MHD_lookup_connection_value (connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION),
                  MHD_lookup_connection_value (connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH),
                  MHD_lookup_connection_value (connection, MHD_GET_ARGUMENT_KIND, "since"),
                  &reply);
  result = send_catalog (connection, &reply,
                         accepts_gzip (MHD_lookup_connection_value (connection, MHD_HEADER_KIND,
                                                                    MHD_HTTP_HEADER_ACCEPT_ENCODING)));
  g_clear_pointer (&reply.body, g_bytes_unref);
  g_free (reply.etag);
  g_free (reply.json);
  return result;
}

/* ---- the organizers' dashboard (ocop-hub-dashboard.c) ---- */

/* Every X-Forwarded-For header of the request, in order and
 * comma-joined, as RFC 9110 reads repeated fields. */
static enum MHD_Result
collect_forwarded_cb (void               *user_data,
                      enum MHD_ValueKind  kind,
                      const char         *key,
                      const char         *value)
{
  GString *joined = user_data;

  if (g_ascii_strcasecmp (key, "X-Forwarded-For") == 0 && value != NULL)
    g_string_append_printf (joined, "%s%s", joined->len ? "," : "", value);
  return MHD_YES;
}

/* The client's address for the limits on failed logins: the peer's, or
 * behind a trusted proxy the one it says (ocop-hub-site.c). */
static char *
client_address (OcopHubServer         *self,
                struct MHD_Connection *connection)
{
  const union MHD_ConnectionInfo *info = MHD_get_connection_info (connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  const struct sockaddr *peer = info ? info->client_addr : NULL;
  gsize size = peer && peer->sa_family == AF_INET6 ? sizeof (struct sockaddr_in6) : sizeof (struct sockaddr_in);
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GString) forwarded = g_string_new (NULL);

  if (peer == NULL || !(socket_address = g_socket_address_new_from_native ((gpointer) peer, size)) ||
      !G_IS_INET_SOCKET_ADDRESS (socket_address))
    return g_strdup ("?");
  MHD_get_connection_values (connection, MHD_HEADER_KIND, collect_forwarded_cb, forwarded);
  return ocop_hub_site_client_address (self->site,
                                       g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (socket_address)),
                                       forwarded->len ? forwarded->str : NULL);
}

static const char *
header (struct MHD_Connection *connection,
        const char            *name)
{
  return MHD_lookup_connection_value (connection, MHD_HEADER_KIND, name);
}

static const char *
argument (struct MHD_Connection *connection,
          const char            *name)
{
  return MHD_lookup_connection_value (connection, MHD_GET_ARGUMENT_KIND, name);
}

static enum MHD_Result
send_web_reply (struct MHD_Connection *connection,
                OcopHubWebReply       *reply)
{
  gsize size = 0;
  const void *data = reply->body ? g_bytes_get_data (reply->body, &size) : NULL;
  struct MHD_Response *response = MHD_create_response_from_buffer (size, (void *) data, MHD_RESPMEM_MUST_COPY);
  enum MHD_Result result;

  MHD_add_response_header (response, MHD_HTTP_HEADER_CONTENT_TYPE, reply->content_type);
  /* No script and nothing from elsewhere: the page needs only its own
   * inline style, and a page injected into it could do nothing. */
  MHD_add_response_header (response, "Content-Security-Policy",
                           "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
                           "frame-ancestors 'none'; base-uri 'none'");
  MHD_add_response_header (response, "X-Content-Type-Options", "nosniff");
  /* Nothing of the page's address (its fair, its day) goes to another
   * site; "no-referrer" would also make a browser send "Origin: null"
   * with the page's own forms, which the origin check must refuse. */
  MHD_add_response_header (response, "Referrer-Policy", "same-origin");
  MHD_add_response_header (response, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
  if (reply->location != NULL)
    MHD_add_response_header (response, MHD_HTTP_HEADER_LOCATION, reply->location);
  if (reply->set_cookie != NULL)
    MHD_add_response_header (response, MHD_HTTP_HEADER_SET_COOKIE, reply->set_cookie);
  if (reply->disposition != NULL)
    MHD_add_response_header (response, MHD_HTTP_HEADER_CONTENT_DISPOSITION, reply->disposition);
  if (reply->retry_after_s > 0)
    {
      g_autofree char *seconds = g_strdup_printf ("%" G_GINT64_FORMAT, reply->retry_after_s);

      MHD_add_response_header (response, MHD_HTTP_HEADER_RETRY_AFTER, seconds);
    }
  result = MHD_queue_response (connection, reply->status, response);
  MHD_destroy_response (response);
  return result;
}

/* Whether a request that changes something came from the hub's own
 * pages (ocop-hub-site.c): a form another site's page posts with the
 * visitor's cookie or from the visitor's address is refused. */
static gboolean
check_origin (OcopHubServer         *self,
              struct MHD_Connection *connection,
              GError               **error)
{
  return ocop_hub_site_check_origin (self->site, header (connection, MHD_HTTP_HEADER_ORIGIN),
                                     header (connection, MHD_HTTP_HEADER_REFERER),
                                     header (connection, MHD_HTTP_HEADER_HOST), self->tls_cert != NULL, error);
}

static gboolean
is_safe_method (const char *method)
{
  return g_str_equal (method, "GET") || g_str_equal (method, "HEAD");
}

static enum MHD_Result
handle_dashboard (OcopHubServer         *self,
                  struct MHD_Connection *connection,
                  const char            *url,
                  const char            *method,
                  GByteArray            *body)
{
  g_autofree char *address = client_address (self, connection);
  OcopHubWebRequest request = {
    .method = method,
    .url = url,
    .fair = argument (connection, "fair"),
    .day = argument (connection, "day"),
    .lang = argument (connection, "lang"),
    .accept_language = header (connection, MHD_HTTP_HEADER_ACCEPT_LANGUAGE),
    .cookie = header (connection, MHD_HTTP_HEADER_COOKIE),
    .address = address,
    .body = body->data,
    .body_size = body->len,
    .secure = self->tls_cert != NULL || ocop_hub_site_has_public_url (self->site),
  };
  OcopHubWebReply reply = { 0 };
  enum MHD_Result result;
  GError *error = NULL;
  /* A browser's plain-text errors are made in the request's language, as
   * its pages are; a booth's JSON refusals keep the hub's own. */
  locale_t previous = ocop_hub_language_use (ocop_hub_web_request_language (&request));

  if (!is_safe_method (method) && !check_origin (self, connection, &error))
    ocop_hub_web_reply_error (&reply, error);
  else
    ocop_hub_dashboard_answer (self->dashboard, &request, g_get_real_time (), &reply);
  ocop_hub_language_restore (previous);
  result = send_web_reply (connection, &reply);
  ocop_hub_web_reply_clear (&reply);
  return result;
}

static enum MHD_Result
handle_session (OcopHubServer         *self,
                struct MHD_Connection *connection,
                const char            *url,
                const char            *method,
                GByteArray            *body)
{
  g_autofree char *address = client_address (self, connection);
  char *reply = NULL;
  gint64 retry_after_s = 0;
  unsigned int status;
  GError *error = NULL;

  /* The till sends no Origin; a page of another site that makes its
   * visitors' browsers guess passwords here, from their addresses, does. */
  if (!is_safe_method (method) && !check_origin (self, connection, &error))
    status = error_reply (error, &reply);
  else if (g_str_equal (method, "POST"))
    status = answer_sign_in (self, address, body->data, body->len, &retry_after_s, &reply);
  else if (g_str_equal (method, "DELETE"))
    status = answer_sign_out (self, header (connection, MHD_HTTP_HEADER_AUTHORIZATION), &reply);
  else
    status = wrong_method (method, url, &reply);
  /* The password is not kept a moment longer than the check. */
  sodium_memzero (body->data, body->len);
  return send_reply_retry_after (connection, status, reply, retry_after_s);
}

/* ---- libmicrohttpd: what is read of a request, and when ---- */

/* All bodies being received at once, across every connection: 16 batches
 * of the largest size. An upload past it waits its turn (503 and
 * Retry-After, which the booths honour) instead of growing the hub. */
#define BODY_BUDGET_BYTES ((gssize) 64 * 1024 * 1024)

typedef struct {
  gssize        *buffered;  /* the server's count of BODY_BUDGET_BYTES */
  GByteArray    *body;
  gsize          limit;     /* of this method and path, chosen from the headers */
  gssize         reserved;  /* of BODY_BUDGET_BYTES */
  OcopHubDevice *device;    /* an upload's, authenticated from its headers */
  gboolean       answered;  /* refused before its body was read */
  GError        *deferred;  /* the answer, once the body is read and dropped */
  gsize          dropped;   /* bytes of the body read and not kept */
  gboolean       waited;    /* held for a transfer once: answered when resumed */
} Request;

static gboolean
reserve_body (Request  *request,
              gsize     size,
              GError  **error)
{
  gssize before = (gssize) g_atomic_pointer_add (request->buffered, (gssize) size);

  request->reserved += (gssize) size;
  if (before + (gssize) size <= BODY_BUDGET_BYTES)
    return TRUE;
  g_set_error_literal (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_FAILED,
                       _("The hub is receiving many uploads at once; try again in a few seconds"));
  return FALSE;
}

static void
request_completed (void                            *cls,
                   struct MHD_Connection           *connection,
                   void                           **con_cls,
                   enum MHD_RequestTerminationCode  code)
{
  Request *request = *con_cls;

  if (request == NULL)
    return;
  g_atomic_pointer_add (request->buffered, -request->reserved);
  g_clear_error (&request->deferred);
  g_byte_array_unref (request->body);
  g_clear_pointer (&request->device, ocop_hub_device_free);
  g_free (request);
  *con_cls = NULL;
}

/* The largest body @method on @url takes: a batch for a device's upload,
 * a few kilobytes where a code, a password or a form's fields come, and
 * nothing for the rest (GET, DELETE, unknown paths). */
static gsize
body_limit (const char *method,
            const char *url,
            gboolean    upload)
{
  if (upload)
    return OCOP_HUB_MAX_WIRE_BYTES;
  if (!g_str_equal (method, "POST"))
    return 0;
  if (g_str_equal (url, "/v1/enroll") || g_str_equal (url, "/v1/session") ||
      g_str_equal (url, "/login") || g_str_equal (url, "/logout") || g_str_has_suffix (url, "/transfers"))
    return SMALL_BODY_BYTES;
  if (g_str_has_prefix (url, "/v1/bank/"))
    return OCOP_HUB_BANK_MAX_BODY;
  return 0;
}

static GError *
too_large (const char *method,
           const char *url,
           gsize       limit)
{
  if (limit == 0)
    return g_error_new (OCOP_HUB_ERROR, OCOP_HUB_ERROR_TOO_LARGE, _("%s %s takes no body"), method, url);
  return g_error_new (OCOP_HUB_ERROR, OCOP_HUB_ERROR_TOO_LARGE,
                      _("The body of %s %s may be at most %u bytes"), method, url, (guint) limit);
}

/* A refusal, given before the body was read (libmicrohttpd then reads no
 * more of it) or after it was dropped: the connection is closed after it,
 * since what follows may be the unread body, not a next request. A client
 * that was still sending may then see the connection reset instead of the
 * answer, so only what a booth never does is refused this early. */
static enum MHD_Result
refuse_early (struct MHD_Connection *connection,
              Request               *request,
              GError                *error)
{
  char *reply = NULL;
  unsigned int status = error_reply (error, &reply);
  struct MHD_Response *response = MHD_create_response_from_buffer (strlen (reply), reply, MHD_RESPMEM_MUST_FREE);
  enum MHD_Result result;

  MHD_add_response_header (response, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
  MHD_add_response_header (response, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
  MHD_add_response_header (response, MHD_HTTP_HEADER_CONNECTION, "close");
  if (status == 503)
    MHD_add_response_header (response, MHD_HTTP_HEADER_RETRY_AFTER, "5");
  result = MHD_queue_response (connection, status, response);
  MHD_destroy_response (response);
  request->answered = TRUE;
  return result;
}

/* Content-Length, when the client declared one (a chunked body is counted
 * as it comes instead); libmicrohttpd has refused a malformed one. */
static gboolean
declared_length (struct MHD_Connection *connection,
                 guint64               *length)
{
  const char *text = header (connection, MHD_HTTP_HEADER_CONTENT_LENGTH);

  return text != NULL && g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64, length, NULL);
}

/* The first call, with the headers only: the body's limit is chosen, a
 * declared length past it refused, and an upload's device authenticated,
 * all before a byte of the body is read. */
static enum MHD_Result
begin_request (OcopHubServer         *self,
               struct MHD_Connection *connection,
               const char            *url,
               const char            *method,
               void                 **con_cls)
{
  g_autofree char *upload = g_str_equal (method, "POST") ? path_parameter (url, "/v1/devices/", "/events") : NULL;
  Request *request = g_new0 (Request, 1);
  GError *error = NULL;
  guint64 length = 0;

  *con_cls = request;
  request->buffered = &self->buffered;
  request->body = g_byte_array_new ();
  request->limit = body_limit (method, url, upload != NULL);
  if (declared_length (connection, &length) && length > request->limit)
    return refuse_early (connection, request, too_large (method, url, request->limit));
  if (upload == NULL)
    return MHD_YES;
  request->device = authenticate_device (self, upload, header (connection, MHD_HTTP_HEADER_AUTHORIZATION), &error);
  if (request->device == NULL && !g_error_matches (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_FAILED))
    return refuse_early (connection, request, error);
  /* A database too busy to say who the device is, or too many uploads at
   * once, is a booth's ordinary bad luck: its body is read (dropped when
   * over the budget) and it gets its 503, or its device is asked for again
   * with the body in hand, rather than a reset connection. */
  g_clear_error (&error);
  if (length > 0 && !reserve_body (request, length, &request->deferred))
    return MHD_YES;
  /* Reserved above: the whole batch in one allocation, not by doubling. */
  g_byte_array_unref (request->body);
  request->body = g_byte_array_sized_new ((guint) length);
  return MHD_YES;
}

/* A part of the body: kept while within the limit and the budget.
 * libmicrohttpd cannot queue a reply in the middle of a body, so a chunked
 * body that passes its limit is counted and dropped, for a 413 at its end,
 * and one that goes on for more than DROP_BYTES past it is cut off; a body
 * over the budget is dropped for its 503. Nothing dropped is kept. */
#define DROP_BYTES (1024 * 1024)

static enum MHD_Result
take_body (Request    *request,
           const char *data,
           size_t     *size)
{
  gsize unreserved = 0;

  if (request->deferred == NULL && request->dropped == 0 && *size <= request->limit - request->body->len)
    {
      if (request->body->len + *size > (gsize) request->reserved)
        unreserved = request->body->len + *size - (gsize) request->reserved;
      if (unreserved == 0 || reserve_body (request, unreserved, &request->deferred))
        {
          g_byte_array_append (request->body, (const guint8 *) data, (guint) *size);
          *size = 0;
          return MHD_YES;
        }
    }
  request->dropped += *size;
  *size = 0;
  return request->body->len + request->dropped <= request->limit + DROP_BYTES ? MHD_YES : MHD_NO;
}

/* ---- transfers confirmed by the bank (ocop-hub-bank-routes.c) ---- */

static const char *
connection_header_cb (gpointer    data,
                      const char *name)
{
  return header (data, name);
}

static enum MHD_Result
send_node (struct MHD_Connection *connection,
           JsonNode              *node,
           GError                *error)
{
  char *reply = NULL;
  unsigned int status = 200;

  if (node == NULL)
    status = error_reply (error, &reply);
  else
    reply = node_to_text (node);
  g_clear_pointer (&node, json_node_unref);
  return send_reply (connection, status, reply);
}

/* A booth's question about a transfer, held (at most
 * OCOP_HUB_BANK_MAX_WAIT_S) while it waits and ?wait=S asks to: the
 * connection is suspended, not a worker thread, and resumed by the
 * notification that pays it (ocop-hub-bank-wait.c). */
static enum MHD_Result
answer_transfer (OcopHubServer         *self,
                 struct MHD_Connection *connection,
                 Request               *request,
                 OcopHubDevice         *device,
                 const char            *code)
{
  const char *wait_text = argument (connection, "wait");
  guint64 wait_s = 0;
  GError *error = NULL;

  if (wait_text != NULL && !g_ascii_string_to_unsigned (wait_text, 10, 0, OCOP_HUB_BANK_MAX_WAIT_S, &wait_s, NULL))
    {
      g_set_error (&error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID, _("wait=%s is not 0 to %d seconds"), wait_text,
                   OCOP_HUB_BANK_MAX_WAIT_S);
      return send_node (connection, NULL, error);
    }
  if (request->waited)
    ocop_hub_bank_waits_resumed (self->bank_waits);
  /* A wake for another code between the look and the hold asks for
   * another look; a stopping hub answers at once. */
  for (int looks = 1;; looks++)
    {
      guint64 seq = ocop_hub_bank_waits_seq (self->bank_waits);
      gboolean settled = FALSE;
      JsonNode *status = ocop_hub_bank_status (self->backend, device, code, &settled, &error);
      g_autofree char *key = NULL;

      if (status == NULL || settled || wait_s == 0 || request->waited || looks > 3)
        return send_node (connection, status, error);
      json_node_unref (status);
      key = ocop_hub_bank_wait_key (device->fair, code);
      if (ocop_hub_bank_waits_suspend (self->bank_waits, key, connection,
                                       g_get_monotonic_time () + (gint64) wait_s * G_USEC_PER_SEC, seq))
        {
          request->waited = TRUE;
          return MHD_YES;
        }
    }
}

/* "/v1/devices/ID/transfers/CODE" → {ID, CODE}, else NULL. */
static GStrv
transfer_path (const char *url)
{
  g_auto(GStrv) parts = NULL;

  if (!g_str_has_prefix (url, "/v1/devices/"))
    return NULL;
  parts = g_strsplit (url + strlen ("/v1/devices/"), "/transfers/", 2);
  if (g_strv_length (parts) != 2 || *parts[0] == '\0' || *parts[1] == '\0' || strchr (parts[0], '/') ||
      strchr (parts[1], '/') || strlen (parts[0]) > 200 || strlen (parts[1]) > OCOP_SYNC_MAX_CODE_BYTES)
    return NULL;
  return g_steal_pointer (&parts);
}

static enum MHD_Result
handle_bank (OcopHubServer         *self,
             struct MHD_Connection *connection,
             Request               *request,
             const char            *url,
             const char            *method)
{
  g_autofree char *account = path_parameter (url, "/v1/bank/", "");
  g_autofree char *device_id = path_parameter (url, "/v1/devices/", "/transfers");
  g_auto(GStrv) parts = transfer_path (url);
  g_autoptr(OcopHubDevice) device = NULL;
  g_autofree char *wake_key = NULL;
  JsonNode *node = NULL;
  GError *error = NULL;
  char *reply = NULL;

  if (account != NULL && g_str_equal (method, "POST"))
    node = ocop_hub_bank_receive (self->backend, account, connection_header_cb, connection,
                                  (const char *) request->body->data, request->body->len, g_get_real_time (),
                                  &wake_key, &error);
  else if ((device_id != NULL && (g_str_equal (method, "POST") || g_str_equal (method, "GET"))) ||
           (parts != NULL && g_str_equal (method, "GET")))
    {
      device = authenticate_device (self, device_id ? device_id : parts[0],
                                    header (connection, MHD_HTTP_HEADER_AUTHORIZATION), &error);
      if (device != NULL && device_id == NULL)
        return answer_transfer (self, connection, request, device, parts[1]);
      if (device != NULL && g_str_equal (method, "POST"))
        node = ocop_hub_bank_announce (self->backend, device, (const char *) request->body->data,
                                       request->body->len, g_get_real_time (), &wake_key, &error);
      else if (device != NULL)
        node = ocop_hub_bank_booth_transfers (self->backend, device, argument (connection, "since"), &error);
    }
  else
    return send_reply (connection, account || device_id || parts ? wrong_method (method, url, &reply)
                                                                  : not_found (url, &reply), reply);
  if (wake_key != NULL)
    ocop_hub_bank_waits_wake (self->bank_waits, wake_key);
  return send_node (connection, node, error);
}

/* Whether the request comes from this machine itself. One relayed by a
 * reverse proxy on the machine (it says whom for) does not, whatever the
 * socket's peer: the proxy relays the whole Internet. */
static gboolean
peer_is_loopback (struct MHD_Connection *connection)
{
  const union MHD_ConnectionInfo *info = MHD_get_connection_info (connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);

  if (header (connection, "X-Forwarded-For") != NULL || header (connection, "Forwarded") != NULL)
    return FALSE;
  return info != NULL && ocop_hub_address_is_loopback (info->client_addr);
}

static enum MHD_Result
handle_request (void                  *cls,
                struct MHD_Connection *connection,
                const char            *url,
                const char            *method,
                const char            *version,
                const char            *upload_data,
                size_t                *upload_data_size,
                void                 **con_cls)
{
  OcopHubServer *self = cls;
  Request *request = *con_cls;
  char *reply = NULL;
  unsigned int status;

  if (request == NULL)
    return begin_request (self, connection, url, method, con_cls);
  /* Answered already: nothing more of this request is looked at. */
  if (request->answered)
    {
      *upload_data_size = 0;
      return MHD_YES;
    }
  if (*upload_data_size > 0)
    return take_body (request, upload_data, upload_data_size);
  if (request->deferred != NULL)
    return refuse_early (connection, request, g_steal_pointer (&request->deferred));
  if (request->dropped > 0)
    return refuse_early (connection, request, too_large (method, url, request->limit));
  if (g_str_equal (method, "GET"))
    {
      g_autofree char *catalog_device = path_parameter (url, "/v1/devices/", "/catalog");

      if (catalog_device != NULL)
        return handle_catalog (self, connection, catalog_device);
    }
  if (g_str_has_prefix (url, "/v1/bank/") || (g_str_has_prefix (url, "/v1/devices/") && strstr (url, "/transfers")))
    return handle_bank (self, connection, request, url, method);
  if (ocop_hub_dashboard_serves (url))
    return handle_dashboard (self, connection, url, method, request->body);
  if (g_str_equal (url, "/v1/session"))
    return handle_session (self, connection, url, method, request->body);
  if (request->device != NULL)
    status = answer_batch (self, request->device, header (connection, MHD_HTTP_HEADER_CONTENT_ENCODING),
                           request->body->data, request->body->len, &reply);
  else
    status = ocop_hub_server_answer (self, method, url, header (connection, MHD_HTTP_HEADER_AUTHORIZATION),
                                     header (connection, MHD_HTTP_HEADER_CONTENT_ENCODING),
                                     argument (connection, "day"), peer_is_loopback (connection),
                                     request->body->data, request->body->len, &reply);
  return send_reply (connection, status, reply);
}

static gboolean
parse_listen (const char          *listen,
              struct sockaddr_in  *address,
              GError             **error)
{
  const char *colon = strrchr (listen, ':');
  g_autofree char *host = colon ? g_strndup (listen, colon - listen) : NULL;
  guint64 port = 0;

  memset (address, 0, sizeof *address);
  address->sin_family = AF_INET;
  if (host == NULL || !g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &port, NULL) ||
      inet_pton (AF_INET, g_str_equal (host, "localhost") ? "127.0.0.1" : host, &address->sin_addr) != 1)
    {
      g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID,
                   _("--listen '%s' is not HOST:PORT with an IPv4 address, such as 127.0.0.1:8443"), listen);
      return FALSE;
    }
  address->sin_port = htons ((guint16) port);
  return TRUE;
}

/* A hub whose totals need no login listens beyond loopback only when
 * told to (--open); its totals stay for loopback peers even then. */
static gboolean
check_exposure (OcopHubServer             *self,
                const char                *listen,
                const struct sockaddr_in  *address,
                GError                   **error)
{
  gboolean open = FALSE;

  if (self->open || ocop_hub_address_is_loopback ((const struct sockaddr *) address))
    return TRUE;
  if (!ocop_hub_server_is_open (self, &open, error))
    return FALSE;
  if (!open)
    return TRUE;
  g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID,
               _("Refusing to listen on %s: this hub has no organizer account and no admin token. Add an "
                 "organizer ('ocop-hub user add') or give --admin-token-file; or pass --open to serve the "
                 "booths there while the totals stay on this machine"), listen);
  return FALSE;
}

static guint16
bound_port (struct MHD_Daemon *daemon)
{
  const union MHD_DaemonInfo *info = MHD_get_daemon_info (daemon, MHD_DAEMON_INFO_LISTEN_FD);
  struct sockaddr_in address;
  socklen_t length = sizeof address;

  if (info == NULL || getsockname (info->listen_fd, (struct sockaddr *) &address, &length) != 0)
    return 0;
  return ntohs (address.sin_port);
}

gboolean
ocop_hub_server_start (OcopHubServer  *self,
                       const char     *listen,
                       guint           threads,
                       GError        **error)
{
  struct sockaddr_in address;
  unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL | MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME;

  g_return_val_if_fail (self->daemon == NULL, FALSE);
  if (!parse_listen (listen, &address, error) || !check_exposure (self, listen, &address, error))
    return FALSE;
  if (self->tls_cert != NULL)
    flags |= MHD_USE_TLS;
  self->bank_waits = ocop_hub_bank_waits_new ();
  self->daemon = MHD_start_daemon (flags, ntohs (address.sin_port), NULL, NULL,
                                   handle_request, self,
                                   MHD_OPTION_SOCK_ADDR, &address,
                                   MHD_OPTION_THREAD_POOL_SIZE, (unsigned int) MAX (1, threads),
                                   MHD_OPTION_CONNECTION_LIMIT, (unsigned int) CONNECTION_LIMIT,
                                   MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int) self->per_address,
                                   MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t) CONNECTION_MEMORY_LIMIT,
                                   MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int) CONNECTION_TIMEOUT_S,
                                   MHD_OPTION_NOTIFY_COMPLETED, request_completed, NULL,
                                   self->tls_cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, self->tls_cert,
                                   MHD_OPTION_HTTPS_MEM_KEY, self->tls_key,
                                   MHD_OPTION_END);
  if (self->daemon == NULL)
    {
      g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_FAILED,
                   _("Cannot listen on %s (is the port in use, or the certificate unreadable?)"), listen);
      return FALSE;
    }
  self->port = bound_port (self->daemon);
  return TRUE;
}

guint16
ocop_hub_server_get_port (OcopHubServer *self)
{
  return self->port;
}

void
ocop_hub_server_stop (OcopHubServer *self)
{
  /* libmicrohttpd must not be stopped with a request held. */
  if (self->bank_waits != NULL)
    ocop_hub_bank_waits_release_all (self->bank_waits);
  g_clear_pointer (&self->daemon, MHD_stop_daemon);
  g_clear_pointer (&self->bank_waits, ocop_hub_bank_waits_free);
}
