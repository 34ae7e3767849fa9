/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-window.h: the till: products, the cart, scanning and paying. */
#pragma once

#include <adwaita.h>

#include "ocop-category-bar.h"
#include "ocop-sale.h"
#include "ocop-store.h"
#include "ocop-devices.h"
#include "ocop-sync-status.h"
#include "ocop-gate-page.h"
#include "ocop-labels-page.h"
#include "ocop-organizer-page.h"
#include "ocop-today-page.h"

G_BEGIN_DECLS

/* Makes the till's templates, CSS and icons available; safe to call often. */
void        ocop_ui_register_resources   (void);

#define OCOP_TYPE_WINDOW (ocop_window_get_type ())
G_DECLARE_FINAL_TYPE (OcopWindow, ocop_window, OCOP, WINDOW, AdwApplicationWindow)

/* @app may be NULL (the tests build windows without an application). */
OcopWindow *ocop_window_new              (AdwApplication *app,
                                          OcopStore      *store);

/* The open cart (a draft sale); the window saves it to the store on every
 * change. */
OcopSale   *ocop_window_get_cart         (OcopWindow *self);
/* Adds the product with @code (barcode, internal code or sku), as a scan
 * does: repeat scans raise the quantity; an unknown code adds nothing and
 * says so in a toast. Returns TRUE when a product was added. */
gboolean    ocop_window_add_code         (OcopWindow *self,
                                          const char *code);
/* What the key controller does with one key press, exposed so that tests
 * can feed key bursts at chosen times. Returns TRUE when the key was
 * consumed (the Enter that ends a scan). */
gboolean    ocop_window_handle_key       (OcopWindow *self,
                                          guint       keyval,
                                          gint64      time_us);
/* The last message shown to the cashier in a toast, for the tests. */
const char *ocop_window_get_last_message (OcopWindow *self);
/* Switches to the Today page and returns it. */
OcopTodayPage *ocop_window_show_today    (OcopWindow *self);
/* Gate mode: counting visitors at an entrance. */
OcopGatePage *ocop_window_show_gate     (OcopWindow *self);
/* Switches to the Organizer page (which asks the hub again) and returns it. */
OcopOrganizerPage *ocop_window_show_organizer (OcopWindow *self);
/* Switches to the Labels page and returns it. */
OcopLabelsPage *ocop_window_show_labels  (OcopWindow *self);
/* The payment dialog while it is open, else NULL. */
GtkWindow  *ocop_window_get_payment_dialog (OcopWindow *self);
AdwMessageDialog *ocop_window_get_line_dialog (OcopWindow *self);
/* The printer and scanner, once the till is set up; NULL before. */
OcopDevices *ocop_window_get_devices    (OcopWindow *self);
/* The link with the hub, once the till is set up; NULL before. */
OcopSyncStatus *ocop_window_get_sync_status (OcopWindow *self);
/* What the status bar says about sync now. */
const char *ocop_window_get_sync_text   (OcopWindow *self);
/* The category chips over the grid, and the products the grid shows. */
OcopCategoryBar *ocop_window_get_category_bar (OcopWindow *self);
GListModel *ocop_window_get_products     (OcopWindow *self);

G_END_DECLS
