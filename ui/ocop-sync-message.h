/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-sync-message.h: what booth staff and organizers read when the sync
 * client fails: one plain sentence per error code and moment that says
 * what to do, without addresses or libcurl's words (those stay in the
 * error's own message, for a "Details" expander and the log). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What the person at the till was doing when the client failed. */
typedef enum {
  OCOP_SYNC_MOMENT_FIGURES,   /* reading the hub's totals (the Organizer page) */
  OCOP_SYNC_MOMENT_SIGN_IN,   /* an organizer signing in */
  OCOP_SYNC_MOMENT_JOIN,      /* joining the fair's hub with a one-time code */
} OcopSyncMoment;

/* The sentence for @error (of OCOP_SYNC_ERROR, or any other domain) at
 * @moment, translated. */
const char *ocop_sync_message_for (const GError   *error,
                                   OcopSyncMoment  moment);

G_END_DECLS
