/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-sync-message.c: the sync client's error codes mapped, once, to the
 * plain sentences the till shows (see ocop-sync-message.h). */

#include "config.h"

#include <glib/gi18n.h>

#include "ocop-sync-client.h"
#include "ocop-sync-message.h"

typedef struct {
  int             code;     /* an OcopSyncError */
  int             moment;   /* an OcopSyncMoment, or -1 for any */
  const char     *text;     /* untranslated */
} Message;

#define ANY (-1)

/* The first row that matches the code and the moment wins: a moment's own
 * sentence stands before the code's general one. */
static const Message messages[] = {
  { OCOP_SYNC_ERROR_REFUSED, OCOP_SYNC_MOMENT_SIGN_IN,
    N_("Wrong name or password. Nothing was changed: try again.") },
  { OCOP_SYNC_ERROR_REFUSED, OCOP_SYNC_MOMENT_JOIN,
    N_("The hub did not accept this code. Check it, or ask the organizer for a new one.") },
  { OCOP_SYNC_ERROR_REFUSED, ANY,
    N_("The hub refused this laptop. Ask the organizer whether this booth is still registered.") },
  { OCOP_SYNC_ERROR_INSECURE, OCOP_SYNC_MOMENT_SIGN_IN,
    N_("Organizers cannot sign in over plain http: their password would cross the network unprotected. Use the hub's https:// address, or sign in on the hub's own computer.") },
  { OCOP_SYNC_ERROR_INSECURE, ANY,
    N_("The hub's address is plain http to another computer, which is not safe: enter its https:// address in Settings. Only on a network you trust, turn on “Allow plain http”.") },
  { OCOP_SYNC_ERROR_HUB, OCOP_SYNC_MOMENT_SIGN_IN,
    N_("The hub is not taking sign-ins now (too many tries, or it is busy): wait a few minutes and try again.") },
  { OCOP_SYNC_ERROR_HUB, ANY,
    N_("The hub is busy or has a problem: try again in a few minutes.") },
  { OCOP_SYNC_ERROR_NETWORK, ANY,
    N_("The fair's hub does not answer. Check that this laptop is on the fair's network, then try again.") },
  { OCOP_SYNC_ERROR_NOT_ENROLLED, ANY,
    N_("This laptop has not joined the fair's hub: Settings, “Join the fair's hub…”") },
  { OCOP_SYNC_ERROR_NEEDS_ORGANIZER, ANY,
    N_("The hub shows the whole fair's figures to organizers only: sign in as an organizer to see them.") },
  { OCOP_SYNC_ERROR_TLS, ANY,
    N_("This laptop cannot be sure that it is talking to the fair's hub (its certificate or key is not the expected one). Stop here and ask the organizer.") },
  { OCOP_SYNC_ERROR_BUSY, ANY,
    N_("This till is syncing with the hub right now: try again in a moment.") },
  { OCOP_SYNC_ERROR_PROTOCOL, ANY,
    N_("The hub's answer could not be read: it may run another version. Tell the organizer.") },
  { OCOP_SYNC_ERROR_STORE, ANY,
    N_("This till's own data could not be read: restart the till, and call for help if it happens again.") },
  { OCOP_SYNC_ERROR_INVALID, ANY,
    N_("The hub's address, certificate or key pin in Settings is not right: correct it in Settings.") },
};

const char *
ocop_sync_message_for (const GError   *error,
                       OcopSyncMoment  moment)
{
  if (error != NULL && error->domain == OCOP_SYNC_ERROR)
    for (guint i = 0; i < G_N_ELEMENTS (messages); i++)
      if (messages[i].code == error->code && (messages[i].moment == ANY || messages[i].moment == (int) moment))
        return _(messages[i].text);
  return _("Something went wrong while talking to the hub: try again, and tell the organizer if it goes on.");
}
