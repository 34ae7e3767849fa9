/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-toast.h: the one way the till's pages and windows tell the cashier
 * something without stopping them: a toast. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Shows @message in a toast over @widget: in the nearest AdwToastOverlay
 * at or above it, or in @widget's own when it is an AdwPreferencesWindow.
 * A widget in no overlay (a page the tests build on its own) shows
 * nothing but still keeps the message. */
void        ocop_toast_show     (GtkWidget  *widget,
                                 const char *message);
/* The same with a button (an Undo) that activates @action_name, which
 * must reach the toast overlay (a window's action group). */
void        ocop_toast_show_with_action (GtkWidget  *widget,
                                         const char *message,
                                         const char *button_label,
                                         const char *action_name);
/* The last message shown over @widget, for the tests; NULL before any. */
const char *ocop_toast_get_last (GtkWidget  *widget);

G_END_DECLS
