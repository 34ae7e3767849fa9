/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-sync-async.c: the client's blocking calls on a GTask worker thread,
 * for the till, whose main loop must never wait for the network. */

#include "config.h"

#include <string.h>

#include "ocop-sync-private.h"

/* A blocking call that takes two texts: enrolling, signing in. */
typedef gboolean (*TwoTextsCall) (OcopSyncClient  *self,
                                  const char      *first,
                                  const char      *second,
                                  GCancellable    *cancellable,
                                  GError         **error);

/* A call's text arguments; the second may be a password, so it is wiped
 * before it goes back to malloc. */
typedef struct {
  char         *first;
  char         *second;
  TwoTextsCall  call;
} TaskArgs;

static void
task_args_free (TaskArgs *args)
{
  g_free (args->first);
  if (args->second != NULL)
    explicit_bzero (args->second, strlen (args->second));
  g_free (args->second);
  g_free (args);
}

static void
run_in_thread (OcopSyncClient      *self,
               gpointer             source_tag,
               const char          *first,
               const char          *second,
               TwoTextsCall         call,
               GTaskThreadFunc      func,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  TaskArgs *args = g_new0 (TaskArgs, 1);

  args->first = g_strdup (first);
  args->second = g_strdup (second);
  args->call = call;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, args, (GDestroyNotify) task_args_free);
  g_task_run_in_thread (task, func);
}

/* @error is read after @done: C leaves the order of a call's arguments
 * open, so the two cannot be passed together. */
static void
return_boolean (GTask   *task,
                gboolean done,
                GError **error)
{
  if (done)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, *error);
}

static void
two_texts_in_thread (GTask        *task,
                     gpointer      source,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  TaskArgs *args = task_data;
  GError *error = NULL;

  return_boolean (task, args->call (source, args->first, args->second, cancellable, &error), &error);
}

/* ---- the fair's totals ---- */

static void
totals_in_thread (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  TaskArgs *args = task_data;
  GError *error = NULL;
  JsonNode *totals = ocop_sync_client_fetch_totals (source, args->first, cancellable, &error);

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
  run_in_thread (self, ocop_sync_client_fetch_totals_async, day, NULL, NULL, totals_in_thread,
                 cancellable, callback, user_data);
}

JsonNode *
ocop_sync_client_fetch_totals_finish (OcopSyncClient  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- enrollment ---- */

void
ocop_sync_client_enroll_async (OcopSyncClient      *self,
                               const char          *hub_url,
                               const char          *code,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  run_in_thread (self, ocop_sync_client_enroll_async, hub_url, code, ocop_sync_client_enroll, two_texts_in_thread,
                 cancellable, callback, user_data);
}

gboolean
ocop_sync_client_enroll_finish (OcopSyncClient  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- a round ---- */

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
  run_in_thread (self, ocop_sync_client_run_round_async, NULL, NULL, NULL, round_in_thread,
                 cancellable, callback, user_data);
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

void
ocop_sync_client_sign_in_async (OcopSyncClient      *self,
                                const char          *name,
                                const char          *password,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  run_in_thread (self, ocop_sync_client_sign_in_async, name, password, ocop_sync_client_sign_in, two_texts_in_thread,
                 cancellable, callback, user_data);
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

  return_boolean (task, ocop_sync_client_sign_out (source, cancellable, &error), &error);
}

void
ocop_sync_client_sign_out_async (OcopSyncClient      *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  run_in_thread (self, ocop_sync_client_sign_out_async, NULL, NULL, NULL, sign_out_in_thread,
                 cancellable, callback, user_data);
}

gboolean
ocop_sync_client_sign_out_finish (OcopSyncClient  *self,
                                  GAsyncResult    *result,
                                  GError         **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
