/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-sync-transfer.c: announcing a pending transfer to the hub and
 * waiting for the bank's confirmation by long polls. A long poll rather
 * than a stream (server-sent events): each answer is one ordinary JSON
 * reply through the client's one request path (TLS, pinning, the http
 * rules of ocop_sync_new_handle), which proxies and captive Wi-Fi pass as
 * they pass uploads, and the hub holds it by suspending the connection in
 * libmicrohttpd, not a worker thread. */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ocop-sync-private.h"
#include "ocop-sync-protocol.h"
#include "ocop-sync-transfer.h"

/* Each poll is held at most this long by the hub: under libcurl's
 * low-speed cut (30 s without 100 bytes) that the client sets. */
#define POLL_S 20

/* A transfer's state has its code and status; a booth's list, its
 * transfers. */
static JsonNode *
parse_transfer (OcopSyncExchange  *exchange,
                GError           **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *root = ocop_sync_exchange_object (parser, exchange);

  if ((ocop_sync_member_string (root, OCOP_SYNC_TRANSFER_STATUS) == NULL ||
       ocop_sync_member_string (root, OCOP_SYNC_TRANSFER_CODE) == NULL) &&
      (root == NULL || !json_object_has_member (root, "transfers")))
    {
      g_set_error_literal (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_PROTOCOL,
                           _("The hub's answer about a transfer has no code and status"));
      return NULL;
    }
  return json_node_ref (json_parser_get_root (parser));
}

/* One request to the device's own @path ("/transfers…") at its hub. */
static JsonNode *
transfer_request (OcopSyncClient  *self,
                  const char      *method,
                  const char      *path,
                  GBytes          *body,
                  GCancellable    *cancellable,
                  GError         **error)
{
  g_auto(OcopSyncExchange) exchange = { 0 };
  g_auto(OcopSyncClientState) state = { 0 };
  g_autofree char *device = NULL, *full_path = NULL, *url = NULL;
  OcopSyncTrust trust;
  long status;

  if (!ocop_sync_client_load_state (self, &state, error))
    return NULL;
  if (state.hub_url == NULL || state.device_id == NULL || state.token == NULL)
    {
      g_set_error_literal (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_NOT_ENROLLED,
                           _("This laptop has not joined a hub yet"));
      return NULL;
    }
  device = g_uri_escape_string (state.device_id, NULL, FALSE);
  full_path = g_strdup_printf ("/v1/devices/%s%s", device, path);
  url = ocop_sync_hub_endpoint (state.hub_url, full_path);
  ocop_sync_exchange_init (&exchange, cancellable);
  trust = ocop_sync_client_trust (self, &state);
  status = ocop_sync_request (method, url, &trust, state.token, body, &exchange, error);
  /* The dialog was closed: that, not the transfer cut short, is why. */
  if (g_cancellable_is_cancelled (cancellable))
    {
      g_clear_error (error);
      g_cancellable_set_error_if_cancelled (cancellable, error);
      return NULL;
    }
  if (!ocop_sync_expect_status (status, 200, &exchange, error))
    return NULL;
  return parse_transfer (&exchange, error);
}

JsonNode *
ocop_sync_client_announce_transfer (OcopSyncClient  *self,
                                    const char      *code,
                                    gint64           amount,
                                    const char      *account,
                                    const char      *day,
                                    GCancellable    *cancellable,
                                    GError         **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GBytes) body = NULL;
  char *text;

  json_builder_begin_object (builder);
  ocop_sync_add_member_string (builder, OCOP_SYNC_TRANSFER_CODE, code);
  ocop_sync_add_member_int (builder, OCOP_SYNC_TRANSFER_AMOUNT, amount);
  ocop_sync_add_member_string (builder, OCOP_SYNC_TRANSFER_ACCOUNT, account);
  ocop_sync_add_member_string (builder, OCOP_SYNC_TRANSFER_DAY, day);
  json_builder_end_object (builder);
  text = ocop_sync_builder_to_text (builder);
  body = g_bytes_new_take (text, strlen (text));
  return transfer_request (self, "POST", "/transfers", body, cancellable, error);
}

JsonNode *
ocop_sync_client_wait_transfer (OcopSyncClient  *self,
                                const char      *code,
                                guint            timeout_ms,
                                GCancellable    *cancellable,
                                GError         **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  g_autofree char *escaped = g_uri_escape_string (code, NULL, FALSE);

  for (;;)
    {
      gint64 left_ms = (deadline - g_get_monotonic_time ()) / 1000;
      guint wait_s = (guint) CLAMP ((left_ms + 999) / 1000, 0, POLL_S);
      g_autofree char *path = g_strdup_printf ("/transfers/%s?wait=%u", escaped, wait_s);
      g_autoptr(JsonNode) answer = transfer_request (self, "GET", path, NULL, cancellable, error);
      const char *status;

      if (answer == NULL)
        return NULL;
      status = ocop_sync_member_string (json_node_get_object (answer), OCOP_SYNC_TRANSFER_STATUS);
      if (!g_str_equal (status, "waiting") || g_get_monotonic_time () >= deadline)
        return g_steal_pointer (&answer);
    }
}

JsonNode *
ocop_sync_client_fetch_transfers (OcopSyncClient  *self,
                                  gint64           since_us,
                                  GCancellable    *cancellable,
                                  GError         **error)
{
  g_autofree char *path = g_strdup_printf ("/transfers?since=%" G_GINT64_FORMAT, MAX (since_us, 0));

  return transfer_request (self, "GET", path, NULL, cancellable, error);
}

typedef struct {
  char  *code;
  guint  timeout_ms;
} WaitArgs;

static void
wait_args_free (WaitArgs *args)
{
  g_free (args->code);
  g_free (args);
}

static void
wait_in_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  WaitArgs *args = data;
  GError *error = NULL;
  JsonNode *answer = ocop_sync_client_wait_transfer (source, args->code, args->timeout_ms, cancellable, &error);

  if (answer == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, answer, (GDestroyNotify) json_node_unref);
}

void
ocop_sync_client_wait_transfer_async (OcopSyncClient      *self,
                                      const char          *code,
                                      guint                timeout_ms,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  WaitArgs *args = g_new0 (WaitArgs, 1);

  args->code = g_strdup (code);
  args->timeout_ms = timeout_ms;
  g_task_set_source_tag (task, ocop_sync_client_wait_transfer_async);
  g_task_set_task_data (task, args, (GDestroyNotify) wait_args_free);
  g_task_run_in_thread (task, wait_in_thread);
}

JsonNode *
ocop_sync_client_wait_transfer_finish (OcopSyncClient  *self,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
