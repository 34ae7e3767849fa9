/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-window.c: the till window. Products come from the core's search,
 * scanner bursts are caught before any input method, and the cart is saved
 * to the store on every change so that a crash loses nothing. */

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "ocop-code.h"
#include "ocop-category-bar.h"
#include "ocop-demo.h"
#include "ocop-money.h"
#include "ocop-payment-dialog.h"
#include "ocop-pos-resources.h"
#include "ocop-preferences-window.h"
#include "ocop-settings.h"
#include "ocop-setup-page.h"
#include "ocop-text.h"
#include "ocop-devices.h"
#include "ocop-organizer-page.h"
#include "ocop-sync-status.h"
#include "ocop-today-page.h"
#include "ocop-scan-detector.h"
#include "ocop-window.h"

#define SEARCH_LIMIT 200
/* Tiles put in before the first frame: a maximized window on a 1920×1080
 * screen shows 6 columns of about 8 rows. */
#define FIRST_SCREEN 48

struct _OcopWindow
{
  AdwApplicationWindow  parent_instance;

  OcopStore            *store;
  GSettings            *settings;
  OcopSale             *cart;
  GListStore           *products;
  GPtrArray            *rest_of_products;     /* products to add after the first frame */
  guint                 rest_of_products_id;
  OcopScanDetector     *scanner;
  char                 *search_before_scan;   /* the search text when a burst began */
  guint                 restore_search_id;    /* puts it back once the input method is done */
  char                 *last_message;
  GtkWindow            *payment_dialog;
  AdwMessageDialog     *line_dialog;          /* weak */
  OcopDevices          *devices;              /* once the till is set up */
  OcopSyncStatus       *sync_status;          /* once the till is set up */

  /* Template children */
  AdwToastOverlay      *toasts;
  AdwViewSwitcherTitle *window_title;
  AdwViewStack         *views;
  OcopTodayPage        *today_page;
  OcopLabelsPage       *labels_page;
  OcopGatePage         *gate_page;
  OcopOrganizerPage    *organizer_page;
  GtkSearchEntry       *search_entry;
  OcopCategoryBar      *category_bar;
  GtkStack             *stack;
  GtkGridView          *product_grid;
  GtkListBox           *cart_list;
  GtkLabel             *total_label;
  GtkButton            *pay_button;
  GtkLabel             *sync_label;
  GtkLabel             *printer_label;
  GtkLabel             *scanner_label;
  GtkButton            *retry_print_button;
  OcopSetupPage        *setup_page;
  GtkLabel             *network_label;
};

G_DEFINE_FINAL_TYPE (OcopWindow, ocop_window, ADW_TYPE_APPLICATION_WINDOW)

static void
say (OcopWindow *self,
     const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  g_free (self->last_message);
  self->last_message = g_strdup (message);
  /* Shown at once, not queued: an unknown code or a refused discount must
   * be seen while the cashier still looks at what caused it. */
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toasts, toast);
}

static void
say_error (OcopWindow *self,
           GError     *error)
{
  say (self, error->message);
}

/* ---- status bar ---- */

static void
update_status (OcopWindow *self)
{
  g_autofree char *sync = NULL;
  g_autofree char *network = NULL;

  if (self->sync_status == NULL)
    return;
  sync = ocop_sync_status_describe (self->sync_status);
  network = ocop_sync_status_describe_network (self->sync_status);
  gtk_label_set_label (self->sync_label, sync);
  gtk_label_set_label (self->network_label, network);
}

static void
start_sync (OcopWindow *self)
{
  if (self->sync_status != NULL)
    return;
  self->sync_status = ocop_sync_status_new (self->store, self->settings);
  g_signal_connect_object (self->sync_status, "changed", G_CALLBACK (update_status), self, G_CONNECT_SWAPPED);
}

static void
update_device_status (OcopWindow *self)
{
  g_autofree char *printer = ocop_devices_describe_printer (self->devices);
  g_autofree char *scanner = ocop_devices_describe_scanner (self->devices);

  gtk_label_set_label (self->printer_label, printer);
  gtk_label_set_label (self->scanner_label, scanner);
  gtk_widget_set_visible (GTK_WIDGET (self->retry_print_button), ocop_devices_has_stuck_receipts (self->devices));
}

static void
retry_print_activated (GtkWidget  *widget,
                       const char *action,
                       GVariant   *parameter)
{
  OcopWindow *self = OCOP_WINDOW (widget);

  if (self->devices != NULL)
    ocop_devices_print_waiting (self->devices);
}

static gboolean
labels_page_is_shown (OcopWindow *self)
{
  return g_strcmp0 (adw_view_stack_get_visible_child_name (self->views), "labels") == 0;
}

/* A scan on the Labels page picks the product to label; anywhere else it
 * goes into the cart. */
static void
route_code (OcopWindow *self,
            const char *code)
{
  if (labels_page_is_shown (self))
    ocop_labels_page_select_code (self->labels_page, code);
  else
    ocop_window_add_code (self, code);
}

/* A scanner read directly (kiosk mode) lands where keyboard scans do. */
static void
device_scanned_cb (OcopWindow *self,
                   const char *code)
{
  route_code (self, code);
}

static void
start_devices (OcopWindow *self)
{
  if (self->devices != NULL)
    return;
  self->devices = ocop_devices_new (self->store, self->settings);
  g_signal_connect_object (self->devices, "changed", G_CALLBACK (update_device_status), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->devices, "scanned", G_CALLBACK (device_scanned_cb), self, G_CONNECT_SWAPPED);
  ocop_today_page_set_devices (self->today_page, self->devices);
  update_device_status (self);
}

/* ---- the cart ---- */

static void
save_cart (OcopWindow *self)
{
  g_autoptr(GError) error = NULL;

  /* Before anything is shown as done: a crash from here on loses nothing. */
  if (!ocop_store_save_cart (self->store, self->cart, &error))
    say_error (self, error);
}

static GtkWidget *
cart_row_new (void)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *amount = gtk_label_new (NULL);

  gtk_widget_add_css_class (amount, "cart-amount");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), amount);
  g_object_set_data (G_OBJECT (row), "amount", amount);
  return row;
}

/* Setting the same text again is free (GTK and libadwaita compare it), so
 * only the line that changed is laid out anew. */
static void
cart_row_show_line (GtkWidget          *row,
                    const OcopSaleLine *line)
{
  g_autofree char *name = g_markup_escape_text (line->name, -1);
  g_autofree char *price = ocop_money_format (line->unit_price);
  g_autofree char *total = ocop_money_format (ocop_sale_line_total (line));
  g_autofree char *detail = g_strdup_printf ("%" PRId64 " %s × %s", line->quantity, line->unit, price);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), detail);
  gtk_label_set_label (g_object_get_data (G_OBJECT (row), "amount"), total);
}

/* Updates the rows in place rather than building them all again: a scan
 * changes one line, and every new AdwActionRow is a dozen widgets that each
 * need a style look-up and a layout, for a cart of any length. */
static void
refresh_cart (OcopWindow *self)
{
  g_autofree char *total = ocop_money_format (ocop_sale_get_total (self->cart));
  GtkListBoxRow *row;
  guint n = ocop_sale_get_n_lines (self->cart);

  for (guint i = 0; i < n; i++)
    {
      if ((row = gtk_list_box_get_row_at_index (self->cart_list, i)) == NULL)
        {
          row = GTK_LIST_BOX_ROW (cart_row_new ());
          gtk_list_box_append (self->cart_list, GTK_WIDGET (row));
        }
      cart_row_show_line (GTK_WIDGET (row), ocop_sale_get_line (self->cart, i));
    }
  while ((row = gtk_list_box_get_row_at_index (self->cart_list, n)) != NULL)
    gtk_list_box_remove (self->cart_list, GTK_WIDGET (row));
  if (n > 0)
    gtk_list_box_select_row (self->cart_list, gtk_list_box_get_row_at_index (self->cart_list, n - 1));
  gtk_label_set_label (self->total_label, total);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.pay", n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.remove-line", n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.edit-line", n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.increase", n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.decrease", n > 0);
}

static void
cart_changed (OcopWindow *self)
{
  save_cart (self);
  refresh_cart (self);
}

static gboolean
add_product (OcopWindow  *self,
             OcopProduct *product)
{
  g_autoptr(GError) error = NULL;

  if (!ocop_sale_add_product (self->cart, product, 1, &error))
    {
      say_error (self, error);
      return FALSE;
    }
  cart_changed (self);
  return TRUE;
}

gboolean
ocop_window_add_code (OcopWindow *self,
                      const char *code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopProduct) product = ocop_code_resolve (self->store, code, &error);

  if (product == NULL)
    {
      say_error (self, error);
      return FALSE;
    }
  return add_product (self, product);
}

/* Which cart line the cashier means: the selected one, else the last. */
static int
current_line (OcopWindow *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->cart_list);
  int n = ocop_sale_get_n_lines (self->cart);

  if (row != NULL)
    return gtk_list_box_row_get_index (row);
  return n - 1;
}

static void
change_quantity (OcopWindow *self,
                 gint64      delta)
{
  g_autoptr(GError) error = NULL;
  int line = current_line (self);

  if (line < 0)
    return;
  if (!ocop_sale_set_quantity (self->cart, line, ocop_sale_get_line (self->cart, line)->quantity + delta, &error))
    say_error (self, error);
  cart_changed (self);
}

static void
increase_activated (GtkWidget  *widget,
                    const char *action,
                    GVariant   *parameter)
{
  change_quantity (OCOP_WINDOW (widget), 1);
}

static void
decrease_activated (GtkWidget  *widget,
                    const char *action,
                    GVariant   *parameter)
{
  change_quantity (OCOP_WINDOW (widget), -1);
}

static void
remove_line_activated (GtkWidget  *widget,
                       const char *action,
                       GVariant   *parameter)
{
  OcopWindow *self = OCOP_WINDOW (widget);
  int line = current_line (self);

  if (line >= 0)
    ocop_sale_remove_line (self->cart, line, NULL);
  cart_changed (self);
}

/* The quantity typed (weighed goods, a box of 12) and a line discount,
 * in one dialog: the values are applied together or not at all. */
static void
edit_line_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       OcopWindow       *self)
{
  g_autoptr(GError) error = NULL;
  GtkSpinButton *quantity = g_object_get_data (G_OBJECT (dialog), "quantity");
  GtkEditable *discount = g_object_get_data (G_OBJECT (dialog), "discount");
  int line = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "line"));
  const char *discount_text = gtk_editable_get_text (discount);
  gint64 amount = 0;
  gint64 old_quantity, old_discount;

  if (!g_str_equal (response, "apply") || line >= (int) ocop_sale_get_n_lines (self->cart))
    return;
  gtk_spin_button_update (quantity);
  old_quantity = ocop_sale_get_line (self->cart, line)->quantity;
  old_discount = ocop_sale_get_line (self->cart, line)->discount;
  if ((!ocop_text_is_blank (discount_text) && !ocop_money_parse (discount_text, &amount, &error)) ||
      !ocop_sale_set_quantity (self->cart, line, gtk_spin_button_get_value_as_int (quantity), &error) ||
      !ocop_sale_set_line_discount (self->cart, line, amount, &error))
    {
      /* A smaller quantity also trims the old discount to the line: put
       * both back, so that a refused edit leaves the line as it was. */
      ocop_sale_set_quantity (self->cart, line, old_quantity, NULL);
      ocop_sale_set_line_discount (self->cart, line, old_discount, NULL);
      say_error (self, error);
      return;
    }
  cart_changed (self);
}

static void
edit_line_activated (GtkWidget  *widget,
                     const char *action,
                     GVariant   *parameter)
{
  OcopWindow *self = OCOP_WINDOW (widget);
  int line = current_line (self);
  const OcopSaleLine *sold;
  g_autofree char *discount_text = NULL;
  GtkWidget *box, *quantity, *discount;
  AdwMessageDialog *dialog;

  if (line < 0)
    return;
  sold = ocop_sale_get_line (self->cart, line);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), sold->name, NULL));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_append (GTK_BOX (box), gtk_label_new (_("Quantity")));
  quantity = gtk_spin_button_new_with_range (1, 9999, 1);
  gtk_widget_set_name (quantity, "quantity");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (quantity), sold->quantity);
  gtk_box_append (GTK_BOX (box), quantity);
  gtk_box_append (GTK_BOX (box), gtk_label_new (_("Discount on the line (₫)")));
  discount = gtk_entry_new ();
  gtk_widget_set_name (discount, "discount");
  gtk_entry_set_input_purpose (GTK_ENTRY (discount), GTK_INPUT_PURPOSE_DIGITS);
  discount_text = sold->discount > 0 ? ocop_money_format_plain (sold->discount) : g_strdup ("");
  gtk_editable_set_text (GTK_EDITABLE (discount), discount_text);
  gtk_entry_set_activates_default (GTK_ENTRY (discount), TRUE);
  gtk_box_append (GTK_BOX (box), discount);
  g_object_set_data (G_OBJECT (dialog), "quantity", quantity);
  g_object_set_data (G_OBJECT (dialog), "discount", discount);
  g_object_set_data (G_OBJECT (dialog), "line", GINT_TO_POINTER (line));
  adw_message_dialog_set_extra_child (dialog, box);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "apply", _("_Apply"), NULL);
  adw_message_dialog_set_default_response (dialog, "apply");
  adw_message_dialog_set_response_appearance (dialog, "apply", ADW_RESPONSE_SUGGESTED);
  g_signal_connect_object (dialog, "response", G_CALLBACK (edit_line_response_cb), self, 0);
  g_set_weak_pointer (&self->line_dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (quantity);
}

static void
cart_row_activated_cb (OcopWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.edit-line", NULL);
}

/* ---- products ---- */

static void
show_products (OcopWindow *self,
               GPtrArray  *found)
{
  g_clear_handle_id (&self->rest_of_products_id, g_source_remove);
  g_clear_pointer (&self->rest_of_products, g_ptr_array_unref);
  g_list_store_splice (self->products, 0, g_list_model_get_n_items (G_LIST_MODEL (self->products)),
                       found->pdata, found->len);
}

static gboolean
show_rest_of_products (gpointer data)
{
  OcopWindow *self = data;
  g_autoptr(GPtrArray) found = g_steal_pointer (&self->rest_of_products);
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->products));

  self->rest_of_products_id = 0;
  if (found != NULL && found->len > shown)
    g_list_store_splice (self->products, shown, 0, found->pdata + shown, found->len - shown);
  return G_SOURCE_REMOVE;
}

static void
first_frame_painted_cb (GdkFrameClock *clock,
                        OcopWindow    *self)
{
  g_signal_handlers_disconnect_by_func (clock, first_frame_painted_cb, self);
  if (self->rest_of_products != NULL && self->rest_of_products_id == 0)
    self->rest_of_products_id = g_idle_add (show_rest_of_products, self);
}

static void
realized_cb (OcopWindow *self)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (GTK_WIDGET (self)), "after-paint",
                           G_CALLBACK (first_frame_painted_cb), self, 0);
}

/* At start, only the first screen of tiles goes in before the first frame,
 * the rest just after it: GtkGridView makes a widget for nearly every one
 * of the 200 products at once (its anchor keeps max-columns × 30 rows), and
 * that was about 60 ms, a third of the time to a painted till. */
static void
show_products_at_start (OcopWindow *self,
                        GPtrArray  *found)
{
  g_autoptr(GPtrArray) first = g_ptr_array_new ();

  if (gtk_widget_get_mapped (GTK_WIDGET (self)) || found->len <= FIRST_SCREEN)
    {
      show_products (self, found);
      return;
    }
  g_ptr_array_extend (first, found, NULL, NULL);
  g_ptr_array_set_size (first, FIRST_SCREEN);
  show_products (self, first);
  self->rest_of_products = g_ptr_array_ref (found);
}

/* The grid shows at most SEARCH_LIMIT products: the first by category and
 * name, or what the search finds. A grid of a whole 20,000-product catalog
 * helps no cashier, and GtkGridView took seconds to realize one. */
/* The search runs within the chosen category: a cashier who tapped "Trà"
 * and types "ba che" means the tea from Ba Chẽ; "All" searches everything.
 * Scans ignore the category. */
static GPtrArray *
find_in_category (OcopWindow  *self,
                  const char  *text,
                  const char  *category,
                  GError     **error)
{
  g_autoptr(GPtrArray) found = *text ? ocop_store_search (self->store, text, G_MAXINT, error)
                                     : ocop_store_list_products (self->store, error);
  GPtrArray *kept;

  if (found == NULL)
    return NULL;
  kept = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < found->len && kept->len < SEARCH_LIMIT; i++)
    if (g_strcmp0 (ocop_product_get_category (found->pdata[i]), category) == 0)
      g_ptr_array_add (kept, g_object_ref (found->pdata[i]));
  return kept;
}

static void
search_changed_cb (OcopWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  const char *category = ocop_category_bar_get_category (self->category_bar);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;

  if (self->store == NULL)
    return;
  if (category != NULL)
    found = find_in_category (self, text, category, &error);
  else
    found = *text ? ocop_store_search (self->store, text, SEARCH_LIMIT, &error)
                  : ocop_store_list_products_limited (self->store, SEARCH_LIMIT, &error);
  if (found == NULL)
    say_error (self, error);
  else
    show_products (self, found);
}

/* After the first frame: reading a whole catalog must not delay the till. */
static gboolean
fill_categories (gpointer data)
{
  OcopWindow *self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  if (self->store == NULL)
    return G_SOURCE_REMOVE;
  if (!(products = ocop_store_list_products (self->store, &error)))
    {
      say_error (self, error);
      return G_SOURCE_REMOVE;
    }
  /* Products come by category, so each category starts where it changes. */
  for (guint i = 0; i < products->len; i++)
    {
      const char *category = ocop_product_get_category (products->pdata[i]);

      if (category != NULL && *category &&
          (names->len == 0 || g_strcmp0 (names->pdata[names->len - 1], category) != 0))
        g_ptr_array_add (names, (gpointer) category);
    }
  g_ptr_array_add (names, NULL);
  ocop_category_bar_set_categories (self->category_bar, (const char * const *) names->pdata);
  return G_SOURCE_REMOVE;
}

static void
show_first_products (OcopWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = ocop_store_list_products_limited (self->store, SEARCH_LIMIT, &error);

  if (found == NULL)
    say_error (self, error);
  else
    show_products_at_start (self, found);
}

static void
product_activated_cb (OcopWindow *self,
                      guint       position)
{
  g_autoptr(OcopProduct) product = g_list_model_get_item (G_LIST_MODEL (self->products), position);

  if (product != NULL)
    add_product (self, product);
}

static void
setup_tile (GtkSignalListItemFactory *factory,
            GtkListItem              *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  const char *classes[] = { "name", "stars", "price" };

  gtk_widget_add_css_class (box, "product-tile");
  gtk_widget_add_css_class (box, "card");
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    {
      GtkWidget *label = gtk_label_new (NULL);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_lines (GTK_LABEL (label), 2);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (label, classes[i]);
      gtk_box_append (GTK_BOX (box), label);
    }
  gtk_list_item_set_child (item, box);
}

static void
bind_tile (GtkSignalListItemFactory *factory,
           GtkListItem              *item)
{
  OcopProduct *product = gtk_list_item_get_item (item);
  GtkWidget *name = gtk_widget_get_first_child (gtk_list_item_get_child (item));
  GtkWidget *stars = gtk_widget_get_next_sibling (name);
  GtkWidget *price = gtk_widget_get_next_sibling (stars);
  g_autofree char *price_text = ocop_money_format (ocop_product_get_price (product));
  g_autofree char *unit_price = g_strdup_printf ("%s / %s", price_text, ocop_product_get_unit (product));
  int n_stars = ocop_product_get_stars (product);
  g_autoptr(GString) star_text = g_string_new (NULL);

  for (int i = 0; i < n_stars; i++)
    g_string_append (star_text, "★");
  if (n_stars > 0)
    g_string_append (star_text, " OCOP");
  gtk_label_set_label (GTK_LABEL (name), ocop_product_get_name (product));
  gtk_label_set_label (GTK_LABEL (stars), star_text->str);
  gtk_label_set_label (GTK_LABEL (price), unit_price);
}

static void
setup_product_grid (OcopWindow *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  self->products = g_list_store_new (OCOP_TYPE_PRODUCT);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_tile), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_tile), NULL);
  gtk_grid_view_set_factory (self->product_grid, factory);
  g_object_unref (factory);
  gtk_grid_view_set_model (self->product_grid,
                           GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->products)))));
}

/* ---- scanning ---- */

/* Puts the search field back as it was before a scan burst. */
static void
restore_search_after_scan (OcopWindow *self)
{
  GtkEditable *search = GTK_EDITABLE (self->search_entry);

  /* The input method had the burst's keys too, as a person's typing until
   * Enter said otherwise, and may still be composing its last word (Telex
   * keeps "W1" as "Ư1"): drop it, or it comes out in front of whatever is
   * typed next. GTK 4.8 has no public call to reset a GtkText's input
   * method; its move-cursor signal, which GTK lets code emit, resets it
   * first. */
  g_signal_emit_by_name (gtk_editable_get_delegate (search), "move-cursor", GTK_MOVEMENT_BUFFER_ENDS, 1, FALSE);
  /* Only when the burst really went into the field: setting the same text
   * would run the search and rebuild the product grid. */
  if (self->search_before_scan != NULL && !g_str_equal (self->search_before_scan, gtk_editable_get_text (search)))
    gtk_editable_set_text (search, self->search_before_scan);
}

/* GTK 4's ibus module waits for ibus's answer to each key in a main loop of
 * its own, in which the next keys, Enter included, are handled already when
 * ibus is slow: the engine's words from the burst land in the field only
 * once those loops have returned, so the field is put back after that. */
static gboolean
restore_search_once_input_method_is_done (gpointer user_data)
{
  OcopWindow *self = user_data;

  if (g_main_depth () > 1)
    return G_SOURCE_CONTINUE;
  self->restore_search_id = 0;
  restore_search_after_scan (self);
  return G_SOURCE_REMOVE;
}

gboolean
ocop_window_handle_key (OcopWindow *self,
                        guint       keyval,
                        gint64      time_us)
{
  gunichar c = (keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter)
               ? '\n' : gdk_keyval_to_unicode (keyval);
  g_autofree char *code = NULL;

  switch (ocop_scan_detector_feed (self->scanner, c, time_us))
    {
    case OCOP_SCAN_STARTED:
      /* The key still goes on to the focused widget (the input method needs
       * it if a person is typing); remember the search text to put back if
       * this turns out to be a scan, unless the last scan's is still to be
       * put back. */
      if (self->restore_search_id == 0)
        {
          g_free (self->search_before_scan);
          self->search_before_scan = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
        }
      if (labels_page_is_shown (self))
        ocop_labels_page_scan_started (self->labels_page);
      return FALSE;
    case OCOP_SCAN_COMPLETE:
      code = ocop_scan_detector_take_code (self->scanner);
      if (g_main_depth () <= 1)
        restore_search_after_scan (self);
      else if (self->restore_search_id == 0)
        {
          g_debug ("Scan ended inside the input method's own main loop: the search field is put back later");
          self->restore_search_id = g_timeout_add (5, restore_search_once_input_method_is_done, self);
        }
      route_code (self, code);
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                OcopWindow            *self)
{
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (controller));

  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return FALSE;   /* shortcuts, never part of a scan */
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->views), "gate") == 0 &&
      ocop_gate_page_handle_key (self->gate_page, keyval, state, (gint64) gdk_event_get_time (event) * 1000))
    return TRUE;
  /* A scanner presses Shift for each capital: no character, and not a
   * person's pause either, so it must not break the burst. */
  if (gdk_key_event_is_modifier (event))
    return FALSE;
  return ocop_window_handle_key (self, keyval, (gint64) gdk_event_get_time (event) * 1000);
}

/* ---- paying ---- */

static void
sale_completed_cb (OcopWindow *self,
                   OcopSale   *sale)
{
  g_autofree char *total = ocop_money_format (ocop_sale_get_total (sale));
  g_autofree char *change = ocop_money_format (ocop_sale_get_change (sale));
  g_autofree char *message = ocop_sale_get_change (sale) > 0
    ? g_strdup_printf (_("Receipt #%" PRId64 " recorded: %s, change %s"),
                       ocop_sale_get_receipt_no (sale), total, change)
    : g_strdup_printf (_("Receipt #%" PRId64 " recorded: %s"), ocop_sale_get_receipt_no (sale), total);

  /* The store cleared the saved cart in the sale's own transaction. */
  g_clear_object (&self->cart);
  self->cart = ocop_sale_new ();
  refresh_cart (self);
  update_status (self);
  say (self, message);
  /* Off the main loop: the sale is recorded whatever the network does. */
  if (self->sync_status != NULL)
    ocop_sync_status_sync_soon (self->sync_status);
  /* The receipt was queued with the sale; printing follows it. */
  if (self->devices != NULL)
    ocop_devices_print_waiting (self->devices);
}

static void
payment_dialog_destroyed (OcopWindow *self)
{
  self->payment_dialog = NULL;
}

static void
pay_activated (GtkWidget  *widget,
               const char *action,
               GVariant   *parameter)
{
  OcopWindow *self = OCOP_WINDOW (widget);
  OcopPaymentDialog *dialog;

  if (ocop_sale_get_n_lines (self->cart) == 0 || self->payment_dialog != NULL)
    return;
  dialog = ocop_payment_dialog_new (GTK_WINDOW (self), self->store, self->settings, self->cart);
  self->payment_dialog = GTK_WINDOW (dialog);
  g_signal_connect_object (dialog, "completed", G_CALLBACK (sale_completed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (payment_dialog_destroyed), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_booth_title (OcopWindow *self)
{
  g_autoptr(OcopBooth) booth = ocop_store_get_current_booth (self->store, NULL);

  if (booth != NULL)
    adw_view_switcher_title_set_title (self->window_title, booth->name);
}

static void
preferences_activated (GtkWidget  *widget,
                       const char *action,
                       GVariant   *parameter)
{
  OcopWindow *self = OCOP_WINDOW (widget);
  OcopPreferencesWindow *preferences = ocop_preferences_window_new (GTK_WINDOW (self), self->store, self->settings);

  g_signal_connect_object (preferences, "booth-changed", G_CALLBACK (show_booth_title), self, G_CONNECT_SWAPPED);
  if (self->sync_status != NULL)
    g_signal_connect_object (preferences, "hub-joined", G_CALLBACK (ocop_sync_status_reconsider),
                             self->sync_status, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
search_activated (GtkWidget  *widget,
                  const char *action,
                  GVariant   *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (OCOP_WINDOW (widget)->search_entry));
}

static void
view_changed_cb (OcopWindow *self)
{
  /* The journal may have grown from this till or from `ocop`. */
  if (self->store != NULL && g_strcmp0 (adw_view_stack_get_visible_child_name (self->views), "today") == 0)
    ocop_today_page_refresh (self->today_page);
  if (self->store != NULL && g_strcmp0 (adw_view_stack_get_visible_child_name (self->views), "gate") == 0)
    ocop_gate_page_refresh (self->gate_page);
  if (self->store != NULL && g_strcmp0 (adw_view_stack_get_visible_child_name (self->views), "organizer") == 0)
    ocop_organizer_page_refresh (self->organizer_page);
  /* The product search is the Till page's; the others have their own. */
  gtk_widget_set_visible (GTK_WIDGET (self->search_entry),
                          adw_view_switcher_title_get_view_switcher_enabled (self->window_title) &&
                          g_strcmp0 (adw_view_stack_get_visible_child_name (self->views), "till") == 0);
}

/* ---- set-up ---- */

static void
show_till (OcopWindow *self)
{
  g_autoptr(OcopBooth) booth = ocop_store_get_current_booth (self->store, NULL);
  g_autoptr(OcopFair) fair = ocop_store_get_fair (self->store, NULL);
  g_autoptr(GError) error = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->search_entry), booth != NULL && fair != NULL);
  adw_view_switcher_title_set_view_switcher_enabled (self->window_title, booth != NULL && fair != NULL);
  if (booth == NULL || fair == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "setup");
      return;
    }
  adw_view_switcher_title_set_title (self->window_title, booth->name);
  adw_view_switcher_title_set_subtitle (self->window_title, fair->name);
  ocop_today_page_set_store (self->today_page, self->store);
  ocop_labels_page_set_store (self->labels_page, self->store);
  ocop_gate_page_set_store (self->gate_page, self->store, self->settings);
  ocop_organizer_page_set_store (self->organizer_page, self->store);
  g_signal_connect_object (self->gate_page, "counted", G_CALLBACK (update_status), self, G_CONNECT_SWAPPED);
  gtk_stack_set_visible_child_name (self->stack, "till");

  /* Restore the cart a crash or power cut interrupted. */
  g_clear_object (&self->cart);
  self->cart = ocop_store_load_cart (self->store, &error);
  if (self->cart == NULL)
    self->cart = ocop_sale_new ();
  if (ocop_sale_get_n_lines (self->cart) > 0)
    say (self, _("The open cart was restored"));
  show_first_products (self);
  refresh_cart (self);
  start_sync (self);
  update_status (self);
  start_devices (self);
  g_idle_add_full (G_PRIORITY_LOW, fill_categories, g_object_ref (self), g_object_unref);
}

static void
demo_activated (GtkWidget  *widget,
                const char *action,
                GVariant   *parameter)
{
  OcopWindow *self = OCOP_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!ocop_demo_create (self->store, NULL, &error))
    say_error (self, error);
  show_till (self);
}

static void
set_up_activated (GtkWidget  *widget,
                  const char *action,
                  GVariant   *parameter)
{
  OcopWindow *self = OCOP_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!ocop_setup_page_apply (self->setup_page, self->store, self->settings, &error))
    {
      say_error (self, error);
      return;
    }
  show_till (self);
}

/* ---- the object ---- */

static void
ocop_window_dispose (GObject *object)
{
  OcopWindow *self = OCOP_WINDOW (object);

  g_clear_object (&self->devices);
  g_clear_object (&self->sync_status);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->cart);
  g_clear_object (&self->products);
  g_clear_handle_id (&self->rest_of_products_id, g_source_remove);
  g_clear_pointer (&self->rest_of_products, g_ptr_array_unref);
  g_clear_object (&self->scanner);
  g_clear_handle_id (&self->restore_search_id, g_source_remove);
  g_clear_pointer (&self->search_before_scan, g_free);
  g_clear_pointer (&self->last_message, g_free);
  g_clear_weak_pointer (&self->line_dialog);
  gtk_widget_dispose_template (GTK_WIDGET (self), OCOP_TYPE_WINDOW);

  G_OBJECT_CLASS (ocop_window_parent_class)->dispose (object);
}

void
ocop_ui_register_resources (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      ocop_pos_register_resource ();
      g_once_init_leave (&done, 1);
    }
}

static void
ocop_window_class_init (OcopWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ocop_window_dispose;

  ocop_ui_register_resources ();
  g_type_ensure (OCOP_TYPE_TODAY_PAGE);
  g_type_ensure (OCOP_TYPE_GATE_PAGE);
  g_type_ensure (OCOP_TYPE_ORGANIZER_PAGE);
  g_type_ensure (OCOP_TYPE_LABELS_PAGE);
  g_type_ensure (OCOP_TYPE_CATEGORY_BAR);
  g_type_ensure (OCOP_TYPE_SETUP_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class, "/vn/ocop/Pos/ocop-window.ui");
  gtk_widget_class_bind_template_child (widget_class, OcopWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, OcopWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, OcopWindow, views);
  gtk_widget_class_bind_template_child (widget_class, OcopWindow, today_page);
  gtk_widget_class_bind_template_child (widget_class, OcopWindow, labels_page);
  gtk_widget_class_bind_template_child (widget_class, OcopWindow, gate_page);
  gtk_widget_class_bind_template_child (widget_class, OcopWindow, organizer_page);
  gtk_widget_class_bind_template_callback (widget_class, view_changed_cb);
  gtk_widget_class_bind_template_child (widget_class, OcopWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, OcopWindow, category_bar);
  gtk_widget_class_bind_template_child (widget_class, OcopWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, OcopWindow, product_grid);
  gtk_widget_class_bind_template_child (widget_class, OcopWindow, cart_list);
  gtk_widget_class_bind_template_child (widget_class, OcopWindow, total_label);
  gtk_widget_class_bind_template_child (widget_class, OcopWindow, pay_button);
  gtk_widget_class_bind_template_child (widget_class, OcopWindow, sync_label);
  gtk_widget_class_bind_template_child (widget_class, OcopWindow, printer_label);
  gtk_widget_class_bind_template_child (widget_class, OcopWindow, scanner_label);
  gtk_widget_class_bind_template_child (widget_class, OcopWindow, retry_print_button);
  gtk_widget_class_bind_template_child (widget_class, OcopWindow, setup_page);
  gtk_widget_class_bind_template_child (widget_class, OcopWindow, network_label);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, product_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, cart_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "win.pay", NULL, pay_activated);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_activated);
  gtk_widget_class_install_action (widget_class, "win.remove-line", NULL, remove_line_activated);
  gtk_widget_class_install_action (widget_class, "win.increase", NULL, increase_activated);
  gtk_widget_class_install_action (widget_class, "win.decrease", NULL, decrease_activated);
  gtk_widget_class_install_action (widget_class, "win.edit-line", NULL, edit_line_activated);
  gtk_widget_class_install_action (widget_class, "win.demo", NULL, demo_activated);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, preferences_activated);
  gtk_widget_class_install_action (widget_class, "win.set-up", NULL, set_up_activated);
  gtk_widget_class_install_action (widget_class, "win.retry-print", NULL, retry_print_activated);
}

static void
ocop_window_init (OcopWindow *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->scanner = ocop_scan_detector_new ();
  self->settings = ocop_settings_new ();
  g_settings_bind (self->settings, "scanner-max-gap-ms", self->scanner, "max-gap-ms", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "scanner-min-length", self->scanner, "min-length", G_SETTINGS_BIND_GET);
  self->cart = ocop_sale_new ();
  setup_product_grid (self);

  /* Capture phase: the window sees each key before the focused widget and
   * its input method, so a scan is read as the scanner typed it. */
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  g_signal_connect_data (self, "realize", G_CALLBACK (realized_cb), self, NULL, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
}

OcopWindow *
ocop_window_new (AdwApplication *app,
                 OcopStore      *store)
{
  OcopWindow *self = g_object_new (OCOP_TYPE_WINDOW, "application", app, NULL);

  self->store = g_object_ref (store);
  show_till (self);
  return self;
}

OcopSale *
ocop_window_get_cart (OcopWindow *self)
{
  return self->cart;
}

const char *
ocop_window_get_last_message (OcopWindow *self)
{
  return self->last_message;
}

OcopCategoryBar *
ocop_window_get_category_bar (OcopWindow *self)
{
  return self->category_bar;
}

GListModel *
ocop_window_get_products (OcopWindow *self)
{
  return G_LIST_MODEL (self->products);
}

OcopTodayPage *
ocop_window_show_today (OcopWindow *self)
{
  adw_view_stack_set_visible_child_name (self->views, "today");
  return self->today_page;
}

OcopGatePage *
ocop_window_show_gate (OcopWindow *self)
{
  adw_view_stack_set_visible_child_name (self->views, "gate");
  return self->gate_page;
}

OcopOrganizerPage *
ocop_window_show_organizer (OcopWindow *self)
{
  adw_view_stack_set_visible_child_name (self->views, "organizer");
  return self->organizer_page;
}

OcopLabelsPage *
ocop_window_show_labels (OcopWindow *self)
{
  adw_view_stack_set_visible_child_name (self->views, "labels");
  return self->labels_page;
}

GtkWindow *
ocop_window_get_payment_dialog (OcopWindow *self)
{
  return self->payment_dialog;
}

OcopDevices *
ocop_window_get_devices (OcopWindow *self)
{
  return self->devices;
}

OcopSyncStatus *
ocop_window_get_sync_status (OcopWindow *self)
{
  return self->sync_status;
}

const char *
ocop_window_get_sync_text (OcopWindow *self)
{
  return gtk_label_get_label (self->sync_label);
}

AdwMessageDialog *
ocop_window_get_line_dialog (OcopWindow *self)
{
  return self->line_dialog;
}
