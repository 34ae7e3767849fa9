/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-sync-scheduler.c: timing of sync rounds on the GLib main loop. */

#include "config.h"

#include "ocop-sync-backoff.h"
#include "ocop-sync-scheduler.h"

struct _OcopSyncScheduler {
  GObject           parent_instance;
  OcopSyncClient   *client;
  GNetworkMonitor  *monitor;
  gulong            network_handler;
  GCancellable     *cancellable;   /* the running round, if any */
  guint             timer;
  guint             attempt;       /* failures in a row */
  guint             start_spread_ms;
  guint             interval_ms;
  gboolean          running;
  gboolean          network_up;
  char             *last_error;
  gint64            last_ok_us;
  gint64            next_attempt_ms;
};

G_DEFINE_FINAL_TYPE (OcopSyncScheduler, ocop_sync_scheduler, G_TYPE_OBJECT)

enum { PROP_0, PROP_LAST_ERROR, PROP_LAST_OK_US, PROP_NEXT_ATTEMPT_MS, N_PROPS };
enum { SIGNAL_SYNCED, SIGNAL_FAILED, N_SIGNALS };

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void schedule_round (OcopSyncScheduler *self, gint64 delay_ms);

static void
ocop_sync_scheduler_dispose (GObject *object)
{
  OcopSyncScheduler *self = OCOP_SYNC_SCHEDULER (object);

  ocop_sync_scheduler_stop (self);
  g_clear_object (&self->client);
  G_OBJECT_CLASS (ocop_sync_scheduler_parent_class)->dispose (object);
}

static void
ocop_sync_scheduler_finalize (GObject *object)
{
  OcopSyncScheduler *self = OCOP_SYNC_SCHEDULER (object);

  g_free (self->last_error);
  G_OBJECT_CLASS (ocop_sync_scheduler_parent_class)->finalize (object);
}

static void
ocop_sync_scheduler_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  OcopSyncScheduler *self = OCOP_SYNC_SCHEDULER (object);

  switch (prop_id)
    {
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    case PROP_LAST_OK_US:
      g_value_set_int64 (value, self->last_ok_us);
      break;
    case PROP_NEXT_ATTEMPT_MS:
      g_value_set_int64 (value, self->next_attempt_ms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ocop_sync_scheduler_class_init (OcopSyncSchedulerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ocop_sync_scheduler_dispose;
  object_class->finalize = ocop_sync_scheduler_finalize;
  object_class->get_property = ocop_sync_scheduler_get_property;
  properties[PROP_LAST_ERROR] = g_param_spec_string ("last-error", NULL, NULL, NULL,
                                                     G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_OK_US] = g_param_spec_int64 ("last-ok-us", NULL, NULL, 0, G_MAXINT64, 0,
                                                    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NEXT_ATTEMPT_MS] = g_param_spec_int64 ("next-attempt-ms", NULL, NULL, 0, G_MAXINT64, 0,
                                                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  signals[SIGNAL_SYNCED] = g_signal_new ("synced", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
ocop_sync_scheduler_init (OcopSyncScheduler *self)
{
  self->start_spread_ms = OCOP_SYNC_START_SPREAD_MS;
  self->interval_ms = OCOP_SYNC_INTERVAL_MS;
}

OcopSyncScheduler *
ocop_sync_scheduler_new (OcopSyncClient *client)
{
  OcopSyncScheduler *self = g_object_new (OCOP_TYPE_SYNC_SCHEDULER, NULL);

  self->client = g_object_ref (client);
  return self;
}

void
ocop_sync_scheduler_set_timing (OcopSyncScheduler *self,
                                guint              start_spread_ms,
                                guint              interval_ms)
{
  self->start_spread_ms = start_spread_ms;
  self->interval_ms = MAX (interval_ms, 1);
}

const char *
ocop_sync_scheduler_get_last_error (OcopSyncScheduler *self)
{
  return self->last_error;
}

gint64
ocop_sync_scheduler_get_last_ok_us (OcopSyncScheduler *self)
{
  return self->last_ok_us;
}

gint64
ocop_sync_scheduler_get_next_attempt_ms (OcopSyncScheduler *self)
{
  return self->next_attempt_ms;
}

/* ---- rounds ---- */

static void
round_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(OcopSyncScheduler) self = user_data;
  g_autoptr(GError) error = NULL;
  OcopSyncRound round;
  gint64 delay;

  g_clear_object (&self->cancellable);
  if (ocop_sync_client_run_round_finish (OCOP_SYNC_CLIENT (source), result, &round, &error))
    {
      ocop_sync_round_clear (&round);
      self->attempt = 0;
      self->last_ok_us = g_get_real_time ();
      g_clear_pointer (&self->last_error, g_free);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_OK_US]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
      if (self->running)
        schedule_round (self, self->interval_ms);
      g_signal_emit (self, signals[SIGNAL_SYNCED], 0);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* Another process syncing is not a failure of the network: wait a
   * normal interval. */
  if (g_error_matches (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_BUSY))
    delay = self->interval_ms;
  else
    delay = ocop_sync_backoff_delay_ms (self->attempt++, ocop_sync_client_get_retry_after_ms (self->client),
                                        g_random_int ());
  g_free (self->last_error);
  self->last_error = g_strdup (error->message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
  if (self->running)
    schedule_round (self, delay);
  g_signal_emit (self, signals[SIGNAL_FAILED], 0, error);
}

static void
run_round (OcopSyncScheduler *self)
{
  if (self->cancellable != NULL)
    return;
  self->cancellable = g_cancellable_new ();
  ocop_sync_client_run_round_async (self->client, self->cancellable, round_done, g_object_ref (self));
}

static gboolean
timer_fired (gpointer user_data)
{
  OcopSyncScheduler *self = user_data;

  self->timer = 0;
  run_round (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_round (OcopSyncScheduler *self,
                gint64             delay_ms)
{
  g_clear_handle_id (&self->timer, g_source_remove);
  self->next_attempt_ms = delay_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_ATTEMPT_MS]);
  self->timer = g_timeout_add ((guint) MIN (delay_ms, G_MAXUINT), timer_fired, self);
}

/* Back online after a failure: try soon rather than at the end of a long
 * backoff, but spread out like a start, as every booth sees it at once. */
static void
network_changed (GNetworkMonitor   *monitor,
                 gboolean           available,
                 OcopSyncScheduler *self)
{
  gboolean was_up = self->network_up;

  self->network_up = available;
  if (available && !was_up && self->last_error != NULL && self->cancellable == NULL)
    schedule_round (self, ocop_sync_start_delay_ms (g_random_int ()) * self->start_spread_ms
                          / MAX (1, OCOP_SYNC_START_SPREAD_MS));
}

void
ocop_sync_scheduler_start (OcopSyncScheduler *self)
{
  if (self->running)
    return;
  self->running = TRUE;
  self->monitor = g_object_ref (g_network_monitor_get_default ());
  self->network_up = g_network_monitor_get_network_available (self->monitor);
  self->network_handler = g_signal_connect (self->monitor, "network-changed", G_CALLBACK (network_changed), self);
  schedule_round (self, (gint64) ((guint64) self->start_spread_ms * g_random_int () / G_MAXUINT32));
}

void
ocop_sync_scheduler_stop (OcopSyncScheduler *self)
{
  self->running = FALSE;
  g_clear_handle_id (&self->timer, g_source_remove);
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_signal_handler (&self->network_handler, self->monitor);
  g_clear_object (&self->monitor);
}

void
ocop_sync_scheduler_sync_now (OcopSyncScheduler *self)
{
  g_clear_handle_id (&self->timer, g_source_remove);
  run_round (self);
}
