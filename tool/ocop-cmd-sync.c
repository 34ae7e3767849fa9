/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-cmd-sync.c: `ocop sync enroll|status` and `ocop sync`: this
 * device and the fair's hub, which gets every sale. */

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "ocop-commands.h"
#include "ocop-store-outbox.h"
#include "ocop-sync-client.h"

/* The client opens the store by its path for each round (it may run on a
 * worker thread), so it is given the path, not the open store. Plain http
 * to another computer only with --allow-http on this very command. */
static OcopSyncClient *
sync_client_new (OcopTool *tool,
                 gboolean  allow_http)
{
  g_autofree char *path = ocop_tool_dup_store_path (tool);
  OcopSyncClient *client = ocop_sync_client_new (path);

  ocop_sync_client_set_allow_http (client, allow_http);
  if (allow_http)
    g_printerr (_("Warning: plain http to a hub on another computer is allowed for this command: the device's token and the sales may cross the network unprotected.\n"));
  return client;
}

#define ALLOW_HTTP_ENTRY(flag) \
  { "allow-http", 0, 0, G_OPTION_ARG_NONE, (flag), \
    N_("Allow a plain http:// hub on another computer: the device's token and the sales cross the network unprotected (never an organizer's password)"), NULL }

int
ocop_cmd_sync_enroll (OcopTool *tool)
{
  g_autofree char *hub = NULL, *code = NULL, *ca_file = NULL, *pin = NULL, *ca_pem = NULL;
  gboolean allow_http = FALSE;
  const GOptionEntry entries[] = {
    { "hub", 0, 0, G_OPTION_ARG_STRING, &hub, N_("The hub's address, such as https://hub.example.vn"), N_("URL") },
    { "code", 0, 0, G_OPTION_ARG_STRING, &code, N_("The one-time code from the organizer"), N_("CODE") },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file,
      N_("Trust the hub's own certificate (PEM), such as a fair-site hub's self-signed one"), N_("FILE") },
    { "pin", 0, 0, G_OPTION_ARG_STRING, &pin,
      N_("Also require the hub's public key to be this one (sha256//BASE64)"), "sha256//KEY" },
    ALLOW_HTTP_ENTRY (&allow_http),
    { NULL }
  };
  g_autoptr(OcopSyncClient) client = NULL;
  GError *error = NULL;

  if (!ocop_tool_parse (tool, "", _("Enroll this device with the fair's hub, once."), entries))
    return OCOP_TOOL_EXIT_USAGE;
  if (hub == NULL || code == NULL)
    return ocop_tool_usage_error (tool, _("--hub and --code are required"));
  client = sync_client_new (tool, allow_http);
  if ((ca_file != NULL && !g_file_get_contents (ca_file, &ca_pem, NULL, &error)) ||
      !ocop_sync_client_set_trust (client, ca_pem, pin, &error) ||
      !ocop_sync_client_enroll (client, hub, code, NULL, &error))
    return ocop_tool_fail (error);
  g_print (_("Enrolled with %s.\n"), hub);
  return OCOP_TOOL_EXIT_OK;
}

static void
print_round (const OcopSyncRound *round)
{
  if (round->events_sent == 0)
    g_print (_("Nothing to send: the hub has every event.\n"));
  else
    g_print (_("Sent %" PRId64 " events in %" PRId64 " batches; the hub holds everything through #%" PRId64 ".\n"),
             round->events_sent, round->batches, round->acked_through);
  if (round->catalog_version > 0)
    g_print (_("The catalog is now the hub's version %" PRId64 ".\n"), round->catalog_version);
  if (g_strcmp0 (round->checkpoint_status, "mismatch") == 0)
    g_print (_("Warning: the hub's totals for this device differ from its own; the organizer is told.\n"));
}

int
ocop_cmd_sync_round (OcopTool *tool)
{
  g_autoptr(OcopSyncClient) client = NULL;
  gboolean allow_http = FALSE;
  const GOptionEntry entries[] = { ALLOW_HTTP_ENTRY (&allow_http), { NULL } };
  OcopSyncRound round;
  GError *error = NULL;

  if (!ocop_tool_parse (tool, "", _("Send every event not yet at the hub, now (one round)."), entries))
    return OCOP_TOOL_EXIT_USAGE;
  if (tool->argc != 1)
    return ocop_tool_usage_error (tool, _("unexpected arguments"));
  client = sync_client_new (tool, allow_http);
  if (!ocop_sync_client_run_round (client, &round, NULL, &error))
    return ocop_tool_fail (error);
  print_round (&round);
  ocop_sync_round_clear (&round);
  return OCOP_TOOL_EXIT_OK;
}

static char *
format_sync_time (OcopStore *store,
                  gint64     time_us)
{
  if (time_us == 0)
    return g_strdup (_("never"));
  return ocop_store_format_time (store, time_us, "%d/%m/%Y %H:%M:%S");
}

int
ocop_cmd_sync_status (OcopTool *tool)
{
  g_auto(OcopSyncClientState) state = { 0 };
  g_autofree char *ok_text = NULL;
  OcopStore *store;
  GError *error = NULL;

  if (!ocop_tool_parse (tool, "", _("Show what is waiting to be sent and the last sync."), NULL))
    return OCOP_TOOL_EXIT_USAGE;
  if (!(store = ocop_tool_open_store (tool, &error)))
    return ocop_tool_fail (error);
  ocop_store_load_sync_state (store, &state);
  ok_text = format_sync_time (store, state.last_ok_us);
  if (state.hub_url == NULL)
    g_print (_("Not enrolled with a hub (run `ocop sync enroll --hub URL --code CODE`).\n"));
  else
    g_print (_("Hub: %s (this device is %s)\n"), state.hub_url, state.device_id);
  g_print (_("Waiting to be sent: %" PRId64 " events (written %" PRId64 ", the hub holds through #%" PRId64 ", epoch %" PRId64 ")\n"),
           ocop_store_outbox_pending (store), ocop_store_outbox_last_seq (store),
           ocop_store_outbox_acked_through (store), ocop_store_outbox_epoch (store));
  g_print (_("Last successful sync: %s\n"), ok_text);
  if (state.last_error != NULL)
    g_print (_("Last error: %s\n"), state.last_error);
  return OCOP_TOOL_EXIT_OK;
}
