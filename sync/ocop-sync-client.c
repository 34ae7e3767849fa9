/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-sync-client.c: the sync client object: its settings (batch bounds,
 * how the hub is trusted), what the last round left for the till, and
 * whether the store has joined a hub. The work is in the files named after
 * it: ocop-sync-transport.c, -lock.c, -batch.c, -enroll.c, -upload.c,
 * -catalog.c, -totals.c, -session.c and -async.c. */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ocop-sync-private.h"

/* The protocol allows 2,000 events and 4 MiB on the wire: 1.5 MiB of
 * payload at most doubles when escaped into the batch, plus about 250
 * bytes of keys per event, so even an incompressible batch fits. A full
 * batch of sales is half as many round trips and hub transactions as
 * batches of 1,000. */
#define DEFAULT_MAX_EVENTS   2000
#define DEFAULT_MAX_BYTES    (3 * 1024 * 1024 / 2)

G_DEFINE_FINAL_TYPE (OcopSyncClient, ocop_sync_client, G_TYPE_OBJECT)

enum { PROP_0, PROP_ALLOW_HTTP, N_PROPS };
static GParamSpec *properties[N_PROPS];

void
ocop_sync_round_clear (OcopSyncRound *round)
{
  g_clear_pointer (&round->checkpoint_status, g_free);
}

static void
ocop_sync_client_finalize (GObject *object)
{
  OcopSyncClient *self = OCOP_SYNC_CLIENT (object);

  g_free (self->store_path);
  g_free (self->ca_pem);
  g_free (self->pin);
  ocop_sync_client_forget_session (self, NULL);
  g_mutex_clear (&self->session_lock);
  G_OBJECT_CLASS (ocop_sync_client_parent_class)->finalize (object);
}

static void
ocop_sync_client_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  OcopSyncClient *self = OCOP_SYNC_CLIENT (object);

  if (prop_id == PROP_ALLOW_HTTP)
    g_value_set_boolean (value, ocop_sync_client_get_allow_http (self));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
ocop_sync_client_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  OcopSyncClient *self = OCOP_SYNC_CLIENT (object);

  if (prop_id == PROP_ALLOW_HTTP)
    ocop_sync_client_set_allow_http (self, g_value_get_boolean (value));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
ocop_sync_client_class_init (OcopSyncClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ocop_sync_client_finalize;
  object_class->get_property = ocop_sync_client_get_property;
  object_class->set_property = ocop_sync_client_set_property;
  /* The till binds it to its setting "allow-plain-http". */
  properties[PROP_ALLOW_HTTP] = g_param_spec_boolean ("allow-http", NULL, NULL, FALSE,
                                                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                                      G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
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

void
ocop_sync_client_set_allow_http (OcopSyncClient *self,
                                 gboolean        allow_http)
{
  /* Read by the workers of rounds and sign-ins. */
  if (g_atomic_int_exchange (&self->allow_http, allow_http != FALSE) != (allow_http != FALSE))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALLOW_HTTP]);
}

gboolean
ocop_sync_client_get_allow_http (OcopSyncClient *self)
{
  return g_atomic_int_get (&self->allow_http);
}

OcopSyncTrust
ocop_sync_client_trust (OcopSyncClient            *self,
                        const OcopSyncClientState *state)
{
  return (OcopSyncTrust) { state->ca_pem, state->pinned_key, ocop_sync_client_get_allow_http (self), FALSE };
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
ocop_sync_client_load_state (OcopSyncClient       *self,
                             OcopSyncClientState  *state,
                             GError              **error)
{
  g_autoptr(OcopStore) store = ocop_store_open (self->store_path, error);

  if (store == NULL)
    return FALSE;
  ocop_store_load_sync_state (store, state);
  return TRUE;
}

gboolean
ocop_sync_client_is_enrolled (OcopSyncClient  *self,
                              GError         **error)
{
  g_auto(OcopSyncClientState) state = { 0 };

  if (!ocop_sync_client_load_state (self, &state, error))
    return FALSE;
  if (ocop_sync_client_state_is_enrolled (&state))
    return TRUE;
  g_set_error_literal (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_NOT_ENROLLED,
                       _("This laptop has not joined a hub yet"));
  return FALSE;
}
