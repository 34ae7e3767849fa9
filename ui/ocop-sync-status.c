/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-sync-status.c: owns the till's sync client and scheduler and turns
 * their outcome into the status bar's plain words. Rounds run on a worker
 * thread (the scheduler's), so nothing here waits for the network. */

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "ocop-store-outbox.h"
#include "ocop-sync-status.h"

struct _OcopSyncStatus
{
  GObject            parent_instance;

  OcopStore         *store;
  GSettings         *settings;
  OcopSyncClient    *client;
  OcopSyncScheduler *scheduler;     /* while enrolled with a hub set */
  OcopSyncState      state;
  char              *error_message;
  gint64             last_ok_us;
  gboolean           again;         /* a sale was made since the last kick */
  guint              start_spread_ms;
  guint              interval_ms;
  guint              refresh_id;
};

G_DEFINE_FINAL_TYPE (OcopSyncStatus, ocop_sync_status, G_TYPE_OBJECT)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
say_changed (OcopSyncStatus *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

/* ---- the scheduler's outcomes ---- */

static void
synced_cb (OcopSyncScheduler *scheduler,
           OcopSyncStatus    *self)
{
  self->state = OCOP_SYNC_STATE_SYNCED;
  self->last_ok_us = ocop_sync_scheduler_get_last_ok_us (scheduler);
  g_clear_pointer (&self->error_message, g_free);
  say_changed (self);
  /* A sale made while the round ran (the kick found it busy) is not in
   * it: send it now rather than a whole interval later. */
  if (self->again && ocop_store_outbox_pending (self->store) > 0)
    {
      self->again = FALSE;
      ocop_sync_scheduler_sync_now (scheduler);
    }
  else
    self->again = FALSE;
}

static OcopSyncState
state_of_failure (OcopSyncStatus *self,
                  const GError   *error)
{
  if (g_error_matches (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_REFUSED))
    return ocop_sync_client_get_refused_status (self->client) == 403 ? OCOP_SYNC_STATE_REVOKED
                                                                      : OCOP_SYNC_STATE_REFUSED;
  if (g_error_matches (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_NOT_ENROLLED))
    return OCOP_SYNC_STATE_NOT_CONNECTED;
  /* Another process syncing this store is no trouble at all. */
  if (g_error_matches (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_BUSY))
    return self->state;
  return OCOP_SYNC_STATE_OFFLINE;
}

static void
failed_cb (OcopSyncScheduler *scheduler,
           GError            *error,
           OcopSyncStatus    *self)
{
  self->again = FALSE;
  self->state = state_of_failure (self, error);
  g_free (self->error_message);
  self->error_message = g_strdup (error->message);
  say_changed (self);
}

/* ---- starting and stopping ---- */

static gboolean
hub_is_set (OcopSyncStatus *self)
{
  g_autofree char *url = g_settings_get_string (self->settings, "hub-url");

  return *g_strstrip (url) != '\0';
}

static void
stop_scheduler (OcopSyncStatus *self)
{
  if (self->scheduler == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->scheduler, self);
  ocop_sync_scheduler_stop (self->scheduler);
  g_clear_object (&self->scheduler);
}

static void
start_scheduler (OcopSyncStatus *self)
{
  self->scheduler = ocop_sync_scheduler_new (self->client);
  if (self->interval_ms > 0)
    ocop_sync_scheduler_set_timing (self->scheduler, self->start_spread_ms, self->interval_ms);
  g_signal_connect (self->scheduler, "synced", G_CALLBACK (synced_cb), self);
  g_signal_connect (self->scheduler, "failed", G_CALLBACK (failed_cb), self);
  ocop_sync_scheduler_start (self->scheduler);
}

/* The time of the last success survives a restart of the till: the client
 * writes it into the store. */
static gint64
last_ok_in_store (OcopSyncStatus *self)
{
  g_auto(OcopSyncClientState) state = { 0 };

  ocop_store_load_sync_state (self->store, &state);
  return state.last_ok_us;
}

void
ocop_sync_status_reconsider (OcopSyncStatus *self)
{
  g_autoptr(GError) error = NULL;
  gboolean wanted = hub_is_set (self) && ocop_sync_client_is_enrolled (self->client, &error);

  if (error != NULL && !g_error_matches (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_NOT_ENROLLED))
    g_warning ("Cannot tell whether the store is enrolled: %s", error->message);
  /* A new enrollment gets a fresh scheduler: the old one may sit in a long
   * backoff after a refusal. */
  stop_scheduler (self);
  g_clear_pointer (&self->error_message, g_free);
  self->again = FALSE;
  self->last_ok_us = last_ok_in_store (self);
  self->state = wanted ? OCOP_SYNC_STATE_STARTING : OCOP_SYNC_STATE_NOT_CONNECTED;
  if (wanted)
    start_scheduler (self);
  say_changed (self);
}

void
ocop_sync_status_sync_soon (OcopSyncStatus *self)
{
  say_changed (self);   /* one more waiting */
  if (self->scheduler == NULL ||
      self->state == OCOP_SYNC_STATE_OFFLINE || self->state == OCOP_SYNC_STATE_REVOKED ||
      self->state == OCOP_SYNC_STATE_REFUSED)
    return;
  self->again = TRUE;
  ocop_sync_scheduler_sync_now (self->scheduler);
}

void
ocop_sync_status_set_timing (OcopSyncStatus *self,
                             guint           start_spread_ms,
                             guint           interval_ms)
{
  self->start_spread_ms = start_spread_ms;
  self->interval_ms = MAX (interval_ms, 1);
  if (self->scheduler != NULL)
    ocop_sync_status_reconsider (self);
}

/* ---- in plain words ---- */

/* "just now", "5 min ago", or the clock time once it is over an hour. */
/* The store knows the fair's time zone. */
static char *
clock_time_of (OcopSyncStatus *self,
               gint64          time_us)
{
  return ocop_store_format_time (self->store, time_us, "%H:%M");
}

static char *
describe_age (OcopSyncStatus *self,
              gint64          then_us)
{
  gint64 minutes = MAX (0, g_get_real_time () - then_us) / (60 * G_USEC_PER_SEC);
  g_autofree char *clock = NULL;

  if (minutes < 1)
    return g_strdup (_("just now"));
  if (minutes < 60)
    return g_strdup_printf (_("%" PRId64 " min ago"), minutes);
  clock = clock_time_of (self, then_us);
  return g_strdup_printf (_("at %s"), clock);
}

static char *
describe_last_sync (OcopSyncStatus *self)
{
  if (self->last_ok_us <= 0)
    return g_strdup (_("never synced"));
  {
    g_autofree char *clock = clock_time_of (self, self->last_ok_us);

    return g_strdup_printf (_("last sync %s"), clock);
  }
}

char *
ocop_sync_status_describe (OcopSyncStatus *self)
{
  gint64 waiting = ocop_store_outbox_pending (self->store);
  g_autofree char *age = NULL;
  g_autofree char *last = NULL;

  switch (self->state)
    {
    case OCOP_SYNC_STATE_NOT_CONNECTED:
      return g_strdup_printf (_("Not connected to a hub · %" PRId64 " waiting"), waiting);
    case OCOP_SYNC_STATE_STARTING:
      last = describe_last_sync (self);
      return g_strdup_printf (_("Connecting to the hub… · %" PRId64 " waiting, %s"), waiting, last);
    case OCOP_SYNC_STATE_SYNCED:
      age = describe_age (self, self->last_ok_us);
      return g_strdup_printf (_("Synced %s · %" PRId64 " waiting"), age, waiting);
    case OCOP_SYNC_STATE_OFFLINE:
      last = describe_last_sync (self);
      return g_strdup_printf (_("Offline: %" PRId64 " waiting, %s"), waiting, last);
    case OCOP_SYNC_STATE_REVOKED:
      return g_strdup (_("Hub refused this laptop (revoked): ask the organizer"));
    case OCOP_SYNC_STATE_REFUSED:
    default:
      return g_strdup_printf (_("Hub refused the sales: %s"), self->error_message ? self->error_message : "");
    }
}

char *
ocop_sync_status_describe_network (OcopSyncStatus *self)
{
  switch (self->state)
    {
    case OCOP_SYNC_STATE_SYNCED:
      return g_strdup (_("Connected to the hub"));
    case OCOP_SYNC_STATE_STARTING:
      return g_strdup (_("Sales are kept on this laptop until they reach the hub"));
    case OCOP_SYNC_STATE_NOT_CONNECTED:
    case OCOP_SYNC_STATE_OFFLINE:
    case OCOP_SYNC_STATE_REVOKED:
    case OCOP_SYNC_STATE_REFUSED:
    default:
      return g_strdup (_("Offline: sales are kept on this laptop"));
    }
}

OcopSyncState
ocop_sync_status_get_state (OcopSyncStatus *self)
{
  return self->state;
}

OcopSyncScheduler *
ocop_sync_status_get_scheduler (OcopSyncStatus *self)
{
  return self->scheduler;
}

/* ---- the object ---- */

static gboolean
refresh_age (gpointer user_data)
{
  say_changed (user_data);
  return G_SOURCE_CONTINUE;
}

static void
ocop_sync_status_dispose (GObject *object)
{
  OcopSyncStatus *self = OCOP_SYNC_STATUS (object);

  stop_scheduler (self);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->client);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (ocop_sync_status_parent_class)->dispose (object);
}

static void
ocop_sync_status_finalize (GObject *object)
{
  g_free (OCOP_SYNC_STATUS (object)->error_message);
  G_OBJECT_CLASS (ocop_sync_status_parent_class)->finalize (object);
}

static void
ocop_sync_status_class_init (OcopSyncStatusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ocop_sync_status_dispose;
  object_class->finalize = ocop_sync_status_finalize;
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ocop_sync_status_init (OcopSyncStatus *self)
{
}

OcopSyncStatus *
ocop_sync_status_new (OcopStore *store,
                      GSettings *settings)
{
  OcopSyncStatus *self = g_object_new (OCOP_TYPE_SYNC_STATUS, NULL);

  self->store = g_object_ref (store);
  self->settings = g_object_ref (settings);
  self->client = ocop_sync_client_new (ocop_store_get_path (store));
  g_settings_bind (settings, "allow-plain-http", self->client, "allow-http", G_SETTINGS_BIND_GET);
  g_signal_connect_swapped (settings, "changed::hub-url", G_CALLBACK (ocop_sync_status_reconsider), self);
  self->refresh_id = g_timeout_add_seconds (OCOP_SYNC_STATUS_REFRESH_S, refresh_age, self);
  ocop_sync_status_reconsider (self);
  return self;
}
