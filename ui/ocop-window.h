/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-window.h: the till's window: its pages, scanning and the status bar. */
#pragma once

#include <adwaita.h>

#include "ocop-store.h"
#include "ocop-devices.h"
#include "ocop-sync-status.h"
#include "ocop-gate-page.h"
#include "ocop-labels-page.h"
#include "ocop-organizer-page.h"
#include "ocop-signin-page.h"
#include "ocop-till-page.h"
#include "ocop-today-page.h"

G_BEGIN_DECLS

#define OCOP_TYPE_WINDOW (ocop_window_get_type ())
G_DECLARE_FINAL_TYPE (OcopWindow, ocop_window, OCOP, WINDOW, AdwApplicationWindow)

/* @app may be NULL (the tests build windows without an application). */
OcopWindow *ocop_window_new              (AdwApplication *app,
                                          OcopStore      *store);

/* The cashier signed in, or NULL (locked, or a booth without cashiers). */
const char *ocop_window_get_cashier      (OcopWindow *self);
/* The sign-in shown while the till is locked. */
OcopSigninPage *ocop_window_get_signin_page (OcopWindow *self);
/* The Till page: the product grid, the cart and paying. */
OcopTillPage *ocop_window_get_till_page  (OcopWindow *self);
/* What the key controller does with one key press, exposed so that tests
 * can feed key bursts at chosen times. Returns TRUE when the key was
 * consumed (the Enter that ends a scan). */
gboolean    ocop_window_handle_key       (OcopWindow *self,
                                          guint       keyval,
                                          gint64      time_us);
/* The last message the window itself showed in a toast (set-up), for the
 * tests; each page keeps its own. */
const char *ocop_window_get_last_message (OcopWindow *self);
/* Switches to the Today page and returns it. */
OcopTodayPage *ocop_window_show_today    (OcopWindow *self);
/* Gate mode: counting visitors at an entrance. */
OcopGatePage *ocop_window_show_gate     (OcopWindow *self);
/* Switches to the Organizer page (which asks the hub again) and returns it. */
OcopOrganizerPage *ocop_window_show_organizer (OcopWindow *self);
/* Switches to the Labels page and returns it. */
OcopLabelsPage *ocop_window_show_labels  (OcopWindow *self);
/* The printer and scanner, once the till is set up; NULL before. */
OcopDevices *ocop_window_get_devices    (OcopWindow *self);
/* The link with the hub, once the till is set up; NULL before. */
OcopSyncStatus *ocop_window_get_sync_status (OcopWindow *self);
/* What the status bar says about sync now. */
const char *ocop_window_get_sync_text   (OcopWindow *self);

G_END_DECLS
