/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-preferences-window.h: the till's Settings: booth, cashiers, printer,
 * scanner, hub, language and the VietQR account. */
#pragma once

#include <adwaita.h>

#include "ocop-store.h"

G_BEGIN_DECLS

#define OCOP_TYPE_PREFERENCES_WINDOW (ocop_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (OcopPreferencesWindow, ocop_preferences_window, OCOP, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* Emits "booth-changed" after the booth's name or locality is saved, and
 * "hub-joined" after the store was enrolled with a hub from the Join row. */
OcopPreferencesWindow *ocop_preferences_window_new (GtkWindow *parent,
                                                    OcopStore *store,
                                                    GSettings *settings);
/* The last toast shown (a refusal or a confirmation), for the tests. */
const char       *ocop_preferences_window_get_last_message (OcopPreferencesWindow *self);
/* TRUE while a supervisor's PIN is being checked for a change. */
gboolean          ocop_preferences_window_is_approving     (OcopPreferencesWindow *self);
/* The cashier dialog open now (add, change PIN, deactivate), or NULL. */
AdwMessageDialog *ocop_preferences_window_get_dialog       (OcopPreferencesWindow *self);
/* The certificate (PEM) of a hub that serves HTTPS with its own, trusted by
 * the next "Join" instead of the system's authorities; NULL: those again.
 * What "Choose…" does once a file is picked. */
gboolean          ocop_preferences_window_set_hub_certificate (OcopPreferencesWindow  *self,
                                                               GFile                  *file,
                                                               GError                **error);

G_END_DECLS
