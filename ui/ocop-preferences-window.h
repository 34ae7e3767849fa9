/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-preferences-window.h: the till's settings. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define OCOP_TYPE_PREFERENCES_WINDOW (ocop_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (OcopPreferencesWindow, ocop_preferences_window, OCOP, PREFERENCES_WINDOW, AdwPreferencesWindow)

OcopPreferencesWindow *ocop_preferences_window_new (GtkWindow *parent,
                                                    GSettings *settings);

G_END_DECLS
