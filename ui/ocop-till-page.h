/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-till-page.h: the Till page: the product grid, the cart, and paying. */
#pragma once

#include <adwaita.h>

#include "ocop-category-bar.h"
#include "ocop-devices.h"
#include "ocop-sale.h"
#include "ocop-store.h"
#include "ocop-weigh-panel.h"

G_BEGIN_DECLS

#define OCOP_TYPE_TILL_PAGE (ocop_till_page_get_type ())
G_DECLARE_FINAL_TYPE (OcopTillPage, ocop_till_page, OCOP, TILL_PAGE, GtkBox)

/* Opens the till on @store: restores the cart a crash interrupted and
 * shows the first products. Once, after the booth is set up. */
/* The booth's devices, whose scale weighs what is sold by measure (typed
 * without one). */
void         ocop_till_page_set_devices      (OcopTillPage *self,
                                              OcopDevices  *devices);
/* Who rings up the next sales: the cashier signed in, or NULL. */
void         ocop_till_page_set_cashier      (OcopTillPage *self,
                                              const char   *cashier);
void         ocop_till_page_set_store        (OcopTillPage *self,
                                              OcopStore    *store,
                                              GSettings    *settings);
/* The page's actions (pay, remove-line, increase, decrease, edit-line,
 * park, recall, clear, undo-clear, dismiss-problem),
 * for the window to insert as "till" so that accelerators reach them from
 * anywhere in it. */
GActionGroup *ocop_till_page_get_actions     (OcopTillPage *self);
/* Shows the products matching @text ("" for the first of the catalog)
 * within the chosen category. */
void         ocop_till_page_search           (OcopTillPage *self,
                                              const char   *text);
/* Adds the product with @code (barcode, internal code or sku), as a scan
 * does: repeat scans raise the quantity; a product sold by measure opens
 * the weighing panel instead; a misread or unknown code adds nothing and
 * says so in a toast. Returns TRUE when a product was added or is being
 * weighed. */
gboolean     ocop_till_page_add_code         (OcopTillPage *self,
                                              const char   *code);
/* The open cart (a draft sale); the page saves it to the store on every
 * change. */
OcopSale    *ocop_till_page_get_cart         (OcopTillPage *self);
/* The last message shown in a toast, for the tests. */
const char  *ocop_till_page_get_last_message (OcopTillPage *self);
/* The payment dialog while it is open, else NULL. */
GtkWindow   *ocop_till_page_get_payment_dialog (OcopTillPage *self);
/* The quantity and discount dialog of a line while it is open, else NULL. */
AdwMessageDialog *ocop_till_page_get_line_dialog (OcopTillPage *self);
/* The weighing panel over the cart; a product is being weighed while its
 * ocop_weigh_panel_get_product is not NULL. */
OcopWeighPanel *ocop_till_page_get_weigh_panel (OcopTillPage *self);
/* The category chips over the grid, and the products the grid shows. */
OcopCategoryBar *ocop_till_page_get_category_bar (OcopTillPage *self);
GListModel  *ocop_till_page_get_products     (OcopTillPage *self);

/* The bundled scan sounds (resources), and the one to play after a good
 * or a bad scan: NULL when the "scan-sounds" setting is off. */
#define OCOP_TILL_SOUND_GOOD "/vn/ocop/Pos/sounds/scan-good.wav"
#define OCOP_TILL_SOUND_BAD  "/vn/ocop/Pos/sounds/scan-bad.wav"
const char  *ocop_till_page_feedback_sound   (GSettings    *settings,
                                              gboolean      good);
/* Plays that sound, if any. */
void         ocop_till_page_play_feedback    (OcopTillPage *self,
                                              gboolean      good);
/* The field scans arrive in (the window's search field): a code that
 * cannot be added flashes it and marks it invalid for assistive tools. */
void         ocop_till_page_set_scan_field   (OcopTillPage *self,
                                              GtkWidget    *field);

G_END_DECLS
