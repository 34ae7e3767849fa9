/* SPDX-License-Identifier: GPL-3.0-or-later */
/* xtest.h: real key and pointer events through the X server (XTEST), for
 * the UI tests and bench-till: what a keyboard, a scanner or a finger
 * sends, through the same path as at a booth. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Loads XTEST and opens a connection of its own; FALSE (with the reason in
 * @error) when the display is not X or XTEST is missing. */
gboolean xtest_init          (GError    **error);
/* The X key code that types @keyval. */
guint    xtest_keycode       (guint       keyval);
/* One key code pressed or released, sent at once. */
void     xtest_send_keycode  (guint       keycode,
                              gboolean    is_press);
/* Presses and releases the keys of @accelerator ("F12", "<Alt>t"),
 * modifiers first; returns how many keys a person presses for it. This,
 * xtest_type() and xtest_click() return once GDK has the events queued. */
guint    xtest_press         (const char *accelerator);
/* Types @text, one key per character. */
void     xtest_type          (const char *text);
/* Gives @window the X keyboard focus, as a window manager would. */
void     xtest_focus         (GtkWindow  *window);
/* Moves the pointer to the middle of @widget and clicks it. */
void     xtest_click         (GtkWidget  *widget);

G_END_DECLS
