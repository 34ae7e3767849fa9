/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-till-page.c: the Till page: products from the core's search in a
 * grid, the cart saved to the store on every change so that a crash loses
 * nothing, its lines edited, and paying. */

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "ocop-code.h"
#include "ocop-line-text.h"
#include "ocop-money.h"
#include "ocop-payment-dialog.h"
#include "ocop-quantity.h"
#include "ocop-text.h"
#include "ocop-till-page.h"
#include "ocop-toast.h"
#include "ocop-weigh-panel.h"

#define SEARCH_LIMIT 200
/* Tiles put in before the first frame: a maximized window on a 1920×1080
 * screen shows 6 columns of about 8 rows. */
#define FIRST_SCREEN 48

struct _OcopTillPage
{
  GtkBox              parent_instance;

  OcopStore          *store;
  GSettings          *settings;
  OcopDevices        *devices;              /* the scale's, once the window has them */
  GtkWidget          *focus_before_weighing; /* weak */
  OcopSale           *cart;
  GListStore         *products;
  GPtrArray          *rest_of_products;     /* products to add after the first frame */
  guint               rest_of_products_id;
  char               *search_text;
  char               *cashier;              /* signed in, or NULL */
  GSimpleActionGroup *actions;
  GtkWindow          *payment_dialog;
  AdwMessageDialog   *line_dialog;          /* weak */
  OcopSale           *cleared;              /* the cart "Clear" took, for Undo */
  GtkMediaStream     *good_sound;
  GtkMediaStream     *bad_sound;

  /* Template children */
  GtkMenuButton      *parked_button;
  GtkListBox         *parked_list;
  GtkWidget          *scan_problem;
  GtkWidget          *scan_field;         /* weak: the window's search field, flashed too */
  GtkLabel           *scan_problem_label;
  GtkWidget          *last_sale;
  GtkLabel           *last_sale_total_label;
  GtkLabel           *last_sale_change_label;
  OcopCategoryBar    *category_bar;
  GtkGridView        *product_grid;
  GtkListBox         *cart_list;
  GtkLabel           *total_label;
  GtkLabel           *day_closed_label;
  OcopWeighPanel     *weigh_panel;
  GtkWidget          *cart_actions;
};

G_DEFINE_FINAL_TYPE (OcopTillPage, ocop_till_page, GTK_TYPE_BOX)

enum { SALE_RECORDED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* The window the page's dialogs belong to. */
static GtkWindow *
parent_window (OcopTillPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* ---- the cart ---- */

static void
set_enabled (OcopTillPage *self,
             const char   *action,
             gboolean      enabled)
{
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions), action)),
                               enabled);
}

/* The cart's actions make sense only with a line to act on. */
static void
update_actions (OcopTillPage *self)
{
  static const char * const need_a_line[] = { "pay", "remove-line", "edit-line", "increase", "decrease",
                                              "park", "clear" };
  gboolean any = ocop_sale_get_n_lines (self->cart) > 0;

  for (guint i = 0; i < G_N_ELEMENTS (need_a_line); i++)
    set_enabled (self, need_a_line[i], any);
  set_enabled (self, "undo-clear", self->cleared != NULL && !any);
}

static void
save_cart (OcopTillPage *self)
{
  g_autoptr(GError) error = NULL;

  /* Before anything is shown as done: a crash from here on loses nothing. */
  if (!ocop_store_save_cart (self->store, self->cart, &error))
    ocop_toast_show (GTK_WIDGET (self), error->message);
}

static GtkWidget *
cart_row_new (void)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *amount = gtk_label_new (NULL);
  GtkWidget *discount = gtk_label_new (NULL);
  GtkWidget *figures = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  /* One tap on a line opens its editor. */
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_valign (figures, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (amount), 1);
  gtk_label_set_xalign (GTK_LABEL (discount), 1);
  gtk_widget_add_css_class (amount, "cart-amount");
  gtk_widget_add_css_class (discount, "cart-discount");
  gtk_widget_add_css_class (discount, "caption");
  gtk_box_append (GTK_BOX (figures), amount);
  gtk_box_append (GTK_BOX (figures), discount);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), figures);
  g_object_set_data (G_OBJECT (row), "amount", amount);
  g_object_set_data (G_OBJECT (row), "discount", discount);
  return row;
}

/* Setting the same text again is free (GTK and libadwaita compare it), so
 * only the line that changed is laid out anew. */
static void
cart_row_show_line (GtkWidget          *row,
                    const OcopSaleLine *line)
{
  g_autofree char *name = g_markup_escape_text (line->name, -1);
  g_autofree char *total = ocop_money_format (ocop_sale_line_total (line));
  g_autofree char *detail = ocop_line_text_detail (line);
  GtkLabel *discount = g_object_get_data (G_OBJECT (row), "discount");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), detail);
  gtk_label_set_label (g_object_get_data (G_OBJECT (row), "amount"), total);
  /* The discount the line editor set, on the line itself: the customer
   * asks why the line costs less than the price on the tile. */
  if (line->discount > 0)
    {
      g_autofree char *amount = ocop_money_format (line->discount);
      g_autofree char *text = g_strdup_printf (_("Discount −%s"), amount);

      gtk_label_set_label (discount, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (discount), line->discount > 0);
}

/* Updates the rows in place rather than building them all again: a scan
 * changes one line, and every new AdwActionRow is a dozen widgets that each
 * need a style look-up and a layout, for a cart of any length. */
static void
refresh_cart (OcopTillPage *self)
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
  update_actions (self);
}

static void
cart_changed (OcopTillPage *self)
{
  save_cart (self);
  refresh_cart (self);
}

/* TRUE, and the notice shown, when today's business day is closed: the
 * store would refuse the sale at payment. */
static gboolean
update_day_notice (OcopTillPage *self)
{
  g_autofree char *day = NULL;
  g_autofree char *state = NULL;
  g_autofree char *text = NULL;
  gboolean closed;

  if (self->store == NULL)
    return FALSE;
  day = ocop_store_business_day_of (self->store, ocop_store_now_us (self->store));
  state = ocop_store_get_day_state (self->store, day, NULL);
  closed = g_strcmp0 (state, "closed") == 0;
  if (closed)
    {
      g_autofree char *reopening = ocop_store_describe_reopening (self->store);

      text = g_strdup_printf (_("The business day %s is closed. %s"), day, reopening);
      gtk_label_set_label (self->day_closed_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->day_closed_label), closed);
  return closed;
}

static void
mapped_cb (OcopTillPage *self)
{
  update_day_notice (self);
}

/* ---- feedback ---- */

const char *
ocop_till_page_feedback_sound (GSettings *settings,
                               gboolean   good)
{
  if (settings != NULL && !g_settings_get_boolean (settings, "scan-sounds"))
    return NULL;
  return good ? OCOP_TILL_SOUND_GOOD : OCOP_TILL_SOUND_BAD;
}

/* A short sound from the bundled resources through GTK's media backend
 * (GStreamer where it is installed; silent without one): no sound theme
 * library in the stack reaches GTK 4. */
void
ocop_till_page_play_feedback (OcopTillPage *self,
                              gboolean      good)
{
  const char *sound = ocop_till_page_feedback_sound (self->settings, good);
  GtkMediaStream **stream = good ? &self->good_sound : &self->bad_sound;

  if (sound == NULL)
    return;
  if (*stream == NULL)
    *stream = gtk_media_file_new_for_resource (sound);
  gtk_media_stream_seek (*stream, 0);
  gtk_media_stream_play (*stream);
}

static gboolean
unflash_cb (gpointer data)
{
  GtkWidget *widget = data;

  gtk_widget_remove_css_class (widget, g_object_get_data (G_OBJECT (widget), "flash"));
  return G_SOURCE_REMOVE;
}

/* A CSS class for a moment (style.css animates it): a glance tells a good
 * scan from a bad one at a noisy counter. */
static void
flash (GtkWidget  *widget,
       const char *css_class)
{
  gtk_widget_remove_css_class (widget, css_class);
  gtk_widget_add_css_class (widget, css_class);
  g_object_set_data (G_OBJECT (widget), "flash", (gpointer) css_class);
  g_timeout_add_full (G_PRIORITY_DEFAULT, 800, unflash_cb, g_object_ref (widget), g_object_unref);
}

/* A scan, good or bad, starts the next customer: the last sale's figures
 * and an old problem give way. */
static void
scan_started (OcopTillPage *self)
{
  gtk_widget_set_visible (self->last_sale, FALSE);
  gtk_widget_set_visible (self->scan_problem, FALSE);
  if (self->scan_field != NULL)
    {
      gtk_accessible_reset_state (GTK_ACCESSIBLE (self->scan_field), GTK_ACCESSIBLE_STATE_INVALID);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self->scan_field), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
}

/* What could not be added stays in view until the next scan or Dismiss;
 * the toast (and the last message the tests read) says it too. */
static void
show_scan_problem (OcopTillPage *self,
                   const char   *message)
{
  gtk_label_set_label (self->scan_problem_label, message);
  gtk_widget_set_visible (self->scan_problem, TRUE);
  flash (self->scan_problem, "flash-bad");
  /* Where the cashier's eyes and a screen reader's focus are: the field
   * flashes, and reads as invalid with the reason until the next scan
   * (GTK 4.8 has no announcement call; the banner is an alert too). */
  if (self->scan_field != NULL)
    {
      flash (self->scan_field, "flash-bad");
      gtk_accessible_update_state (GTK_ACCESSIBLE (self->scan_field), GTK_ACCESSIBLE_STATE_INVALID,
                                   GTK_ACCESSIBLE_INVALID_TRUE, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->scan_field), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      message, -1);
    }
  ocop_till_page_play_feedback (self, FALSE);
  ocop_toast_show (GTK_WIDGET (self), message);
}

static void
dismiss_problem_activated (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  OcopTillPage *self = user_data;

  gtk_widget_set_visible (self->scan_problem, FALSE);
}

/* The line @product went to: the last with its sku (a repeat scan raises
 * the quantity of that line rather than adding one). */
static int
line_of (OcopTillPage *self,
         OcopProduct  *product)
{
  for (int i = (int) ocop_sale_get_n_lines (self->cart) - 1; i >= 0; i--)
    if (g_strcmp0 (ocop_sale_get_line (self->cart, i)->sku, ocop_product_get_sku (product)) == 0)
      return i;
  return -1;
}

/* FALSE, and why shown, when nothing may go into the cart now. */
static gboolean
may_add (OcopTillPage *self)
{
  scan_started (self);
  if (ocop_sale_get_n_lines (self->cart) == 0 && update_day_notice (self))
    {
      show_scan_problem (self, gtk_label_get_label (self->day_closed_label));
      return FALSE;
    }
  return TRUE;
}

static void
line_added (OcopTillPage *self,
            int           line)
{
  GtkListBoxRow *row;

  /* Something new in the cart: what Clear took is gone for good. */
  g_clear_object (&self->cleared);
  cart_changed (self);
  if ((row = gtk_list_box_get_row_at_index (self->cart_list, line)) != NULL)
    flash (GTK_WIDGET (row), "flash-added");
  ocop_till_page_play_feedback (self, TRUE);
}

/* ---- weighing ---- */

/* The panel over the cart, on the scale's readings or a typed weight;
 * where the keys were (the search field a scanner types into) gets them
 * back once the line is in. */
static void
start_weighing (OcopTillPage *self,
                OcopProduct  *product)
{
  OcopScale *scale = self->devices != NULL ? ocop_devices_get_scale (self->devices) : NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus != NULL && !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->weigh_panel)))
    g_set_weak_pointer (&self->focus_before_weighing, focus);
  gtk_widget_set_visible (GTK_WIDGET (self->weigh_panel), TRUE);
  gtk_widget_set_visible (self->cart_actions, FALSE);
  ocop_weigh_panel_start (self->weigh_panel, product, scale, ocop_store_get_rounding (self->store));
}

static void
stop_weighing (OcopTillPage *self)
{
  if (ocop_weigh_panel_get_product (self->weigh_panel) == NULL)
    return;
  ocop_weigh_panel_stop (self->weigh_panel);
  gtk_widget_set_visible (GTK_WIDGET (self->weigh_panel), FALSE);
  gtk_widget_set_visible (self->cart_actions, TRUE);
  if (self->focus_before_weighing != NULL && gtk_widget_get_mapped (self->focus_before_weighing))
    gtk_widget_grab_focus (self->focus_before_weighing);
  g_clear_weak_pointer (&self->focus_before_weighing);
}

/* Each weighing is a line of its own, its amount rounded as the booth
 * chose when it was weighed. A refusal leaves the panel open to weigh or
 * type again. */
static void
weighed_cb (OcopTillPage *self,
            OcopProduct  *product,
            gint64        thousandths)
{
  g_autoptr(GError) error = NULL;

  if (!ocop_sale_add_measured (self->cart, product, thousandths, ocop_store_get_rounding (self->store), &error))
    {
      show_scan_problem (self, error->message);
      return;
    }
  stop_weighing (self);
  line_added (self, (int) ocop_sale_get_n_lines (self->cart) - 1);
}

static void
weigh_cancelled_cb (OcopTillPage *self)
{
  stop_weighing (self);
}

/* A labelled pack goes in as its label says, weighed already; another
 * product sold by measure is weighed first; anything else goes in at
 * once. A scan or tap while weighing starts on the new product. @scan:
 * what a scanner read, or NULL for a tap on @product. */
static gboolean
add_product (OcopTillPage       *self,
             OcopProduct        *product,
             const OcopCodeScan *scan)
{
  g_autoptr(GError) error = NULL;
  gboolean is_pack = scan != NULL && scan->is_pack;

  stop_weighing (self);
  if (!may_add (self))
    return FALSE;
  if (!is_pack && ocop_product_is_measured (product))
    {
      start_weighing (self, product);
      return TRUE;
    }
  if (!(is_pack ? ocop_code_scan_add_to (scan, self->cart, &error)
                : ocop_sale_add_product (self->cart, product, 1, &error)))
    {
      show_scan_problem (self, error->message);
      return FALSE;
    }
  /* A pack is a line of its own; a piece may have raised a line's count. */
  line_added (self, is_pack ? (int) ocop_sale_get_n_lines (self->cart) - 1 : line_of (self, product));
  return TRUE;
}

gboolean
ocop_till_page_add_code (OcopTillPage *self,
                         const char   *code)
{
  g_autoptr(GError) error = NULL;
  g_auto(OcopCodeScan) scan = { NULL };

  g_return_val_if_fail (OCOP_IS_TILL_PAGE (self), FALSE);

  /* A scan on the set-up form, before the booth has a catalog. */
  if (self->store == NULL)
    return FALSE;
  if (!ocop_code_scan (self->store, code, &scan, &error))
    {
      scan_started (self);
      show_scan_problem (self, error->message);
      return FALSE;
    }
  return add_product (self, scan.product, &scan);
}

/* Which cart line the cashier means: the selected one, else the last. */
static int
current_line (OcopTillPage *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->cart_list);
  int n = ocop_sale_get_n_lines (self->cart);

  if (row != NULL)
    return gtk_list_box_row_get_index (row);
  return n - 1;
}

static void
change_quantity (OcopTillPage *self,
                 gint64        delta)
{
  g_autoptr(GError) error = NULL;
  int line = current_line (self);

  if (line < 0)
    return;
  /* A gram more or less is no step a cashier means: a weighed line's
   * weight is typed in its editor. */
  if (ocop_sale_get_line (self->cart, line)->measured)
    {
      g_action_group_activate_action (G_ACTION_GROUP (self->actions), "edit-line", NULL);
      return;
    }
  if (!ocop_sale_set_quantity (self->cart, line, ocop_sale_get_line (self->cart, line)->quantity + delta, &error))
    ocop_toast_show (GTK_WIDGET (self), error->message);
  cart_changed (self);
}

static void
increase_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  change_quantity (user_data, 1);
}

static void
decrease_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  change_quantity (user_data, -1);
}

static void
remove_line_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  OcopTillPage *self = user_data;
  int line = current_line (self);

  if (line >= 0)
    ocop_sale_remove_line (self->cart, line, NULL);
  cart_changed (self);
}

/* The quantity the editor holds: pieces from its spin button, a weighed
 * line's weight as typed ("350 g", "0,35"), refused with the reason when
 * it reads two ways. The weight as shown, untouched, is the line's own:
 * "1,500 kg" is how the cart writes it but reads two ways when typed. */
static gboolean
read_quantity (GtkWidget           *widget,
               const OcopSaleLine  *line,
               gint64              *out,
               GError             **error)
{
  const char *text;

  if (GTK_IS_SPIN_BUTTON (widget))
    {
      gtk_spin_button_update (GTK_SPIN_BUTTON (widget));
      *out = gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (widget));
      return TRUE;
    }
  text = gtk_editable_get_text (GTK_EDITABLE (widget));
  if (g_strcmp0 (text, g_object_get_data (G_OBJECT (widget), "shown")) == 0)
    {
      *out = line->quantity;
      return TRUE;
    }
  return ocop_quantity_parse (text, line->unit, TRUE, out, error);
}

/* A spin button of whole pieces, or for a weighed line a field with its
 * weight to type anew: it never steps by a gram. */
static GtkWidget *
quantity_field_new (GtkBox             *box,
                    const OcopSaleLine *line)
{
  g_autofree char *weight = NULL;
  g_autofree char *title = NULL;
  GtkWidget *field;

  if (!line->measured)
    {
      gtk_box_append (box, gtk_label_new (_("Quantity")));
      field = gtk_spin_button_new_with_range (1, 9999, 1);
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (field), line->quantity);
    }
  else
    {
      /* TRANSLATORS: the label over a weighed line's weight; %s is its unit, "kg". */
      title = g_strdup_printf (_("Weight (%s)"), line->unit);
      gtk_box_append (box, gtk_label_new (title));
      field = gtk_entry_new ();
      weight = ocop_quantity_format (line->quantity, TRUE, line->unit);
      gtk_editable_set_text (GTK_EDITABLE (field), weight);
      g_object_set_data_full (G_OBJECT (field), "shown", g_steal_pointer (&weight), g_free);
      gtk_entry_set_activates_default (GTK_ENTRY (field), TRUE);
    }
  gtk_widget_set_name (field, "quantity");
  gtk_box_append (box, field);
  return field;
}

/* The quantity typed (weighed goods, a box of 12) and a line discount,
 * in one dialog: the values are applied together or not at all. */
static void
edit_line_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       OcopTillPage     *self)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *quantity = g_object_get_data (G_OBJECT (dialog), "quantity");
  GtkEditable *discount = g_object_get_data (G_OBJECT (dialog), "discount");
  int line = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "line"));
  const char *discount_text = gtk_editable_get_text (discount);
  gint64 amount = 0, new_quantity = 0;
  gint64 old_quantity, old_discount;

  if (!g_str_equal (response, "apply") || line >= (int) ocop_sale_get_n_lines (self->cart))
    return;
  old_quantity = ocop_sale_get_line (self->cart, line)->quantity;
  old_discount = ocop_sale_get_line (self->cart, line)->discount;
  if (!read_quantity (quantity, ocop_sale_get_line (self->cart, line), &new_quantity, &error) ||
      (!ocop_text_is_blank (discount_text) && !ocop_money_parse (discount_text, &amount, &error)) ||
      !ocop_sale_set_quantity (self->cart, line, new_quantity, &error) ||
      !ocop_sale_set_line_discount (self->cart, line, amount, &error))
    {
      /* A smaller quantity also trims the old discount to the line: put
       * both back, so that a refused edit leaves the line as it was. */
      ocop_sale_set_quantity (self->cart, line, old_quantity, NULL);
      ocop_sale_set_line_discount (self->cart, line, old_discount, NULL);
      ocop_toast_show (GTK_WIDGET (self), error->message);
      return;
    }
  cart_changed (self);
}

static void
edit_line_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  OcopTillPage *self = user_data;
  int line = current_line (self);
  const OcopSaleLine *sold;
  g_autofree char *discount_text = NULL;
  GtkWidget *box, *quantity, *discount;
  AdwMessageDialog *dialog;

  if (line < 0)
    return;
  sold = ocop_sale_get_line (self->cart, line);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent_window (self), sold->name, NULL));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  quantity = quantity_field_new (GTK_BOX (box), sold);
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
cart_row_activated_cb (OcopTillPage *self)
{
  g_action_group_activate_action (G_ACTION_GROUP (self->actions), "edit-line", NULL);
}

/* ---- parked carts and clearing ---- */

static GtkWidget *
parked_row_new (OcopParkedCart *cart)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (cart->parked_us / G_USEC_PER_SEC);
  g_autofree char *time = g_date_time_format (when, "%H:%M");
  g_autofree char *total = ocop_money_format (ocop_sale_get_total (cart->draft));
  g_autofree char *items = g_strdup_printf (g_dngettext (NULL, "%" PRId64 " item", "%" PRId64 " items",
                                                         ocop_sale_get_item_count (cart->draft)),
                                            ocop_sale_get_item_count (cart->draft));
  g_autofree char *title = g_markup_printf_escaped ("%s · %s", total, items);
  g_autofree char *subtitle = g_strdup_printf (_("Parked at %s: %s"), time,
                                               ocop_sale_get_line (cart->draft, 0)->name);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data (G_OBJECT (row), "parked-id", GINT_TO_POINTER ((int) cart->id));
  return row;
}

/* The count on the button and the list behind it, from the store: parked
 * carts outlive the till. */
static void
refresh_parked (OcopTillPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) parked = ocop_store_list_parked_carts (self->store, &error);
  g_autofree char *label = NULL;
  GtkWidget *child;

  if (parked == NULL)
    {
      ocop_toast_show (GTK_WIDGET (self), error->message);
      return;
    }
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->parked_list))) != NULL)
    gtk_list_box_remove (self->parked_list, child);
  for (guint i = 0; i < parked->len; i++)
    gtk_list_box_append (self->parked_list, parked_row_new (parked->pdata[i]));
  label = g_strdup_printf (_("Parked (%u)"), parked->len);
  gtk_menu_button_set_label (self->parked_button, label);
  gtk_widget_set_visible (GTK_WIDGET (self->parked_button), parked->len > 0);
  set_enabled (self, "recall", parked->len > 0);
}

static void
park_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  OcopTillPage *self = user_data;
  g_autoptr(GError) error = NULL;

  if (ocop_sale_get_n_lines (self->cart) == 0)
    return;
  if (ocop_store_park_cart (self->store, self->cart, &error) == 0)
    {
      ocop_toast_show (GTK_WIDGET (self), error->message);
      return;
    }
  g_clear_object (&self->cart);
  self->cart = ocop_sale_new ();
  refresh_cart (self);
  refresh_parked (self);
  ocop_toast_show (GTK_WIDGET (self), _("Cart parked: recall it from Parked (F7)"));
}

/* Takes parked cart @id back; a cart being built is parked in its place,
 * so that switching between two customers loses neither. */
static void
recall (OcopTillPage *self,
        gint64        id)
{
  g_autoptr(GError) error = NULL;
  OcopSale *recalled;

  if (ocop_sale_get_n_lines (self->cart) > 0 && ocop_store_park_cart (self->store, self->cart, &error) == 0)
    {
      ocop_toast_show (GTK_WIDGET (self), error->message);
      return;
    }
  if (!(recalled = ocop_store_recall_cart (self->store, id, &error)))
    {
      ocop_toast_show (GTK_WIDGET (self), error->message);
      /* What was parked above comes back to the counter. */
      if (ocop_sale_get_n_lines (self->cart) > 0)
        {
          g_clear_object (&self->cart);
          self->cart = ocop_sale_new ();
        }
      refresh_cart (self);
      refresh_parked (self);
      return;
    }
  g_clear_object (&self->cart);
  self->cart = recalled;
  g_clear_object (&self->cleared);
  scan_started (self);
  gtk_menu_button_popdown (self->parked_button);
  refresh_cart (self);
  refresh_parked (self);
}

static void
recall_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  OcopTillPage *self = user_data;
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->parked_list, 0);

  /* F7: the list, its first cart focused, Enter takes it. */
  if (first == NULL)
    return;
  gtk_menu_button_popup (self->parked_button);
  gtk_widget_grab_focus (GTK_WIDGET (first));
}

static void
parked_row_activated_cb (OcopTillPage  *self,
                         GtkListBoxRow *row)
{
  recall (self, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "parked-id")));
}

static void
clear_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  OcopTillPage *self = user_data;

  if (ocop_sale_get_n_lines (self->cart) == 0)
    return;
  g_set_object (&self->cleared, self->cart);
  g_clear_object (&self->cart);
  self->cart = ocop_sale_new ();
  cart_changed (self);
  ocop_toast_show_with_action (GTK_WIDGET (self), _("Cart cleared"), _("_Undo"), "till.undo-clear");
}

static void
undo_clear_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  OcopTillPage *self = user_data;

  /* Only over an empty cart: a scan since then started a new one. */
  if (self->cleared == NULL || ocop_sale_get_n_lines (self->cart) > 0)
    return;
  g_clear_object (&self->cart);
  self->cart = g_steal_pointer (&self->cleared);
  cart_changed (self);
}

/* ---- products ---- */

static void
show_products (OcopTillPage *self,
               GPtrArray    *found)
{
  g_clear_handle_id (&self->rest_of_products_id, g_source_remove);
  g_clear_pointer (&self->rest_of_products, g_ptr_array_unref);
  g_list_store_splice (self->products, 0, g_list_model_get_n_items (G_LIST_MODEL (self->products)),
                       found->pdata, found->len);
}

static gboolean
show_rest_of_products (gpointer data)
{
  OcopTillPage *self = data;
  g_autoptr(GPtrArray) found = g_steal_pointer (&self->rest_of_products);
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->products));

  self->rest_of_products_id = 0;
  if (found != NULL && found->len > shown)
    g_list_store_splice (self->products, shown, 0, found->pdata + shown, found->len - shown);
  return G_SOURCE_REMOVE;
}

static void
first_frame_painted_cb (GdkFrameClock *clock,
                        OcopTillPage  *self)
{
  g_signal_handlers_disconnect_by_func (clock, first_frame_painted_cb, self);
  if (self->rest_of_products != NULL && self->rest_of_products_id == 0)
    self->rest_of_products_id = g_idle_add (show_rest_of_products, self);
}

static void
realized_cb (OcopTillPage *self)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (GTK_WIDGET (self)), "after-paint",
                           G_CALLBACK (first_frame_painted_cb), self, 0);
}

/* At start, only the first screen of tiles goes in before the first frame,
 * the rest just after it: GtkGridView makes a widget for nearly every one
 * of the 200 products at once (its anchor keeps max-columns × 30 rows), and
 * that was about 60 ms, a third of the time to a painted till. */
static void
show_products_at_start (OcopTillPage *self,
                        GPtrArray    *found)
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
find_in_category (OcopTillPage  *self,
                  const char    *text,
                  const char    *category,
                  GError       **error)
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
show_search (OcopTillPage *self)
{
  const char *text = self->search_text;
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
    ocop_toast_show (GTK_WIDGET (self), error->message);
  else
    show_products (self, found);
}

static void
category_changed_cb (OcopTillPage *self)
{
  show_search (self);
}

/* After the first frame: reading a whole catalog must not delay the till. */
static gboolean
fill_categories (gpointer data)
{
  OcopTillPage *self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  if (self->store == NULL)
    return G_SOURCE_REMOVE;
  if (!(products = ocop_store_list_products (self->store, &error)))
    {
      ocop_toast_show (GTK_WIDGET (self), error->message);
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
show_first_products (OcopTillPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = ocop_store_list_products_limited (self->store, SEARCH_LIMIT, &error);

  if (found == NULL)
    ocop_toast_show (GTK_WIDGET (self), error->message);
  else
    show_products_at_start (self, found);
}

static void
product_activated_cb (OcopTillPage *self,
                      guint         position)
{
  g_autoptr(OcopProduct) product = g_list_model_get_item (G_LIST_MODEL (self->products), position);

  if (product != NULL)
    add_product (self, product, NULL);
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
setup_product_grid (OcopTillPage *self)
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

/* ---- paying ---- */

/* Stays until the next scan: a toast is gone before the change is
 * counted out. */
static void
show_last_sale (OcopTillPage *self,
                OcopSale     *sale)
{
  g_autofree char *total = ocop_money_format (ocop_sale_get_total (sale));
  g_autofree char *change = ocop_money_format (ocop_sale_get_change (sale));
  g_autofree char *total_text = g_strdup_printf (_("Last sale #%" PRId64 ": %s"),
                                                 ocop_sale_get_receipt_no (sale), total);
  g_autofree char *change_text = g_strdup_printf (_("Change %s"), change);

  gtk_label_set_label (self->last_sale_total_label, total_text);
  gtk_label_set_label (self->last_sale_change_label, change_text);
  gtk_widget_set_visible (GTK_WIDGET (self->last_sale_change_label), ocop_sale_get_change (sale) > 0);
  gtk_widget_set_visible (self->last_sale, TRUE);
}

static void
sale_completed_cb (OcopTillPage *self,
                   OcopSale     *sale)
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
  show_last_sale (self, sale);
  ocop_toast_show (GTK_WIDGET (self), message);
  /* The window prints the receipt queued with the sale and syncs. */
  g_signal_emit (self, signals[SALE_RECORDED], 0, sale);
}

static void
payment_dialog_destroyed (OcopTillPage *self)
{
  self->payment_dialog = NULL;
}

static void
pay_activated (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  OcopTillPage *self = user_data;
  OcopPaymentDialog *dialog;

  if (ocop_sale_get_n_lines (self->cart) == 0 || self->payment_dialog != NULL)
    return;
  /* Whoever takes the money rings the sale up, whoever built the cart. */
  ocop_sale_set_cashier (self->cart, self->cashier);
  dialog = ocop_payment_dialog_new (parent_window (self), self->store, self->settings, self->cart);
  self->payment_dialog = GTK_WINDOW (dialog);
  g_signal_connect_object (dialog, "completed", G_CALLBACK (sale_completed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (payment_dialog_destroyed), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- the object ---- */

static void
ocop_till_page_dispose (GObject *object)
{
  OcopTillPage *self = OCOP_TILL_PAGE (object);

  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->devices);
  g_clear_weak_pointer (&self->focus_before_weighing);
  g_clear_object (&self->cart);
  g_clear_object (&self->cleared);
  g_clear_object (&self->good_sound);
  g_clear_object (&self->bad_sound);
  g_clear_object (&self->products);
  g_clear_handle_id (&self->rest_of_products_id, g_source_remove);
  g_clear_pointer (&self->rest_of_products, g_ptr_array_unref);
  g_clear_pointer (&self->search_text, g_free);
  g_clear_pointer (&self->cashier, g_free);
  g_clear_object (&self->actions);
  g_clear_weak_pointer (&self->line_dialog);
  g_clear_weak_pointer (&self->scan_field);
  gtk_widget_dispose_template (GTK_WIDGET (self), OCOP_TYPE_TILL_PAGE);

  G_OBJECT_CLASS (ocop_till_page_parent_class)->dispose (object);
}

static void
ocop_till_page_class_init (OcopTillPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ocop_till_page_dispose;

  /* Emitted once a sale is recorded, with the sale. */
  signals[SALE_RECORDED] = g_signal_new ("sale-recorded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, OCOP_TYPE_SALE);

  g_type_ensure (OCOP_TYPE_CATEGORY_BAR);
  g_type_ensure (OCOP_TYPE_WEIGH_PANEL);
  gtk_widget_class_set_template_from_resource (widget_class, "/vn/ocop/Pos/ocop-till-page.ui");
  gtk_widget_class_bind_template_child (widget_class, OcopTillPage, category_bar);
  gtk_widget_class_bind_template_child (widget_class, OcopTillPage, product_grid);
  gtk_widget_class_bind_template_child (widget_class, OcopTillPage, cart_list);
  gtk_widget_class_bind_template_child (widget_class, OcopTillPage, total_label);
  gtk_widget_class_bind_template_child (widget_class, OcopTillPage, day_closed_label);
  gtk_widget_class_bind_template_child (widget_class, OcopTillPage, parked_button);
  gtk_widget_class_bind_template_child (widget_class, OcopTillPage, parked_list);
  gtk_widget_class_bind_template_child (widget_class, OcopTillPage, scan_problem);
  gtk_widget_class_bind_template_child (widget_class, OcopTillPage, scan_problem_label);
  gtk_widget_class_bind_template_child (widget_class, OcopTillPage, last_sale);
  gtk_widget_class_bind_template_child (widget_class, OcopTillPage, last_sale_total_label);
  gtk_widget_class_bind_template_child (widget_class, OcopTillPage, last_sale_change_label);
  gtk_widget_class_bind_template_child (widget_class, OcopTillPage, weigh_panel);
  gtk_widget_class_bind_template_child (widget_class, OcopTillPage, cart_actions);
  gtk_widget_class_bind_template_callback (widget_class, weighed_cb);
  gtk_widget_class_bind_template_callback (widget_class, weigh_cancelled_cb);
  gtk_widget_class_bind_template_callback (widget_class, parked_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, category_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, product_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, cart_row_activated_cb);
}

static void
ocop_till_page_init (OcopTillPage *self)
{
  static const GActionEntry actions[] = {
    { "pay", pay_activated, NULL, NULL, NULL },
    { "remove-line", remove_line_activated, NULL, NULL, NULL },
    { "increase", increase_activated, NULL, NULL, NULL },
    { "decrease", decrease_activated, NULL, NULL, NULL },
    { "edit-line", edit_line_activated, NULL, NULL, NULL },
    { "park", park_activated, NULL, NULL, NULL },
    { "recall", recall_activated, NULL, NULL, NULL },
    { "clear", clear_activated, NULL, NULL, NULL },
    { "undo-clear", undo_clear_activated, NULL, NULL, NULL },
    { "dismiss-problem", dismiss_problem_activated, NULL, NULL, NULL },
  };

  gtk_widget_init_template (GTK_WIDGET (self));
  self->search_text = g_strdup ("");
  self->cart = ocop_sale_new ();
  /* A group rather than class actions: the window inserts it too, so that
   * F12 pays whichever widget has the focus (the search field is in the
   * header bar, outside this page). */
  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), actions, G_N_ELEMENTS (actions), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "till", G_ACTION_GROUP (self->actions));
  update_actions (self);
  setup_product_grid (self);
  g_signal_connect_data (self, "realize", G_CALLBACK (realized_cb), self, NULL, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  /* Each time the till comes back into view: the day may have been closed
   * on the Today page meanwhile. */
  g_signal_connect (self, "map", G_CALLBACK (mapped_cb), NULL);
}

void
ocop_till_page_set_store (OcopTillPage *self,
                          OcopStore    *store,
                          GSettings    *settings)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (OCOP_IS_TILL_PAGE (self));
  g_return_if_fail (OCOP_IS_STORE (store));

  g_set_object (&self->store, store);
  g_set_object (&self->settings, settings);
  /* Restore the cart a crash or power cut interrupted. */
  g_clear_object (&self->cart);
  self->cart = ocop_store_load_cart (self->store, &error);
  if (self->cart == NULL)
    self->cart = ocop_sale_new ();
  if (ocop_sale_get_n_lines (self->cart) > 0)
    ocop_toast_show (GTK_WIDGET (self), _("The open cart was restored"));
  show_first_products (self);
  refresh_cart (self);
  refresh_parked (self);
  update_day_notice (self);
  g_idle_add_full (G_PRIORITY_LOW, fill_categories, g_object_ref (self), g_object_unref);
}

void
ocop_till_page_set_devices (OcopTillPage *self,
                            OcopDevices  *devices)
{
  g_return_if_fail (OCOP_IS_TILL_PAGE (self));

  g_set_object (&self->devices, devices);
}

void
ocop_till_page_set_cashier (OcopTillPage *self,
                            const char   *cashier)
{
  g_return_if_fail (OCOP_IS_TILL_PAGE (self));

  g_free (self->cashier);
  self->cashier = g_strdup (cashier);
}

GActionGroup *
ocop_till_page_get_actions (OcopTillPage *self)
{
  return G_ACTION_GROUP (self->actions);
}

void
ocop_till_page_search (OcopTillPage *self,
                       const char   *text)
{
  g_return_if_fail (OCOP_IS_TILL_PAGE (self));
  g_return_if_fail (text != NULL);

  /* A scan typed into the search field is taken back out as soon as its
   * Enter comes, before the field's delayed search ran: the grid still
   * shows what it showed. Searching again would rebuild every tile in the
   * frame that should show the scanned line (bench-till: 200 tiles). */
  if (g_str_equal (text, self->search_text))
    return;
  g_free (self->search_text);
  self->search_text = g_strdup (text);
  show_search (self);
}

OcopSale *
ocop_till_page_get_cart (OcopTillPage *self)
{
  return self->cart;
}

const char *
ocop_till_page_get_last_message (OcopTillPage *self)
{
  return ocop_toast_get_last (GTK_WIDGET (self));
}

GtkWindow *
ocop_till_page_get_payment_dialog (OcopTillPage *self)
{
  return self->payment_dialog;
}

AdwMessageDialog *
ocop_till_page_get_line_dialog (OcopTillPage *self)
{
  return self->line_dialog;
}

OcopCategoryBar *
ocop_till_page_get_category_bar (OcopTillPage *self)
{
  return self->category_bar;
}

GListModel *
ocop_till_page_get_products (OcopTillPage *self)
{
  return G_LIST_MODEL (self->products);
}

void
ocop_till_page_set_scan_field (OcopTillPage *self,
                               GtkWidget    *field)
{
  g_set_weak_pointer (&self->scan_field, field);
}

OcopWeighPanel *
ocop_till_page_get_weigh_panel (OcopTillPage *self)
{
  return self->weigh_panel;
}
