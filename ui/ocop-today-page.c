/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-today-page.c: the day's journal as the store holds it. A void or
 * refund is a new record with a reason, approved by a supervisor's name and
 * PIN as the store checks them; closing the day, from the page's menu,
 * takes the supervisor's cash count, shows its Z report and happens once;
 * handing the drawer to the next cashier, from the same menu, counts the
 * shift's cash and leaves the day open. */

#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n.h>

#include "ocop-handover.h"
#include "ocop-money.h"
#include "ocop-quantity.h"
#include "ocop-report.h"
#include "ocop-text.h"
#include "ocop-today-page.h"
#include "ocop-toast.h"

struct _OcopTodayPage
{
  GtkBox            parent_instance;

  OcopStore        *store;
  OcopDevices      *devices;       /* the receipt printer; may be NULL */
  GPtrArray        *sales;         /* OcopSale, in list order */
  AdwMessageDialog *dialog;        /* weak */

  GtkLabel         *totals_label;
  GtkSearchEntry   *search_entry;
  GtkListBox       *sales_list;
  char             *filter;        /* folded search text, NULL for all */
};

G_DEFINE_FINAL_TYPE (OcopTodayPage, ocop_today_page, GTK_TYPE_BOX)

/* A GtkListBox lays out every row: a busy day (2,000 receipts) took
 * seconds. The newest are the ones a cashier looks for; the totals above
 * cover the whole day. */
#define MAX_ROWS 200

static char *
today (OcopTodayPage *self)
{
  return ocop_store_business_day_of (self->store, ocop_store_now_us (self->store));
}

/* ---- the list ---- */

static gboolean
is_voided (OcopTodayPage *self,
           OcopSale      *sale)
{
  for (guint i = 0; i < self->sales->len; i++)
    {
      OcopSale *other = self->sales->pdata[i];

      if (ocop_sale_get_kind (other) == OCOP_SALE_KIND_VOID &&
          g_strcmp0 (ocop_sale_get_ref_uuid (other), ocop_sale_get_uuid (sale)) == 0)
        return TRUE;
    }
  return FALSE;
}

/* "2" pieces as the journal always showed them; a weighed line with its
 * weight and unit, "0,350 kg" (escaped: it goes into markup too). */
static char *
line_quantity (const OcopSaleLine *line)
{
  g_autofree char *text = NULL;

  if (!line->measured)
    return g_strdup_printf ("%" G_GINT64_FORMAT, line->quantity);
  text = ocop_quantity_format (line->quantity, TRUE, line->unit);
  return g_markup_escape_text (text, -1);
}

/* Who confirmed a transfer: the bank, or only the cashier's eyes (which
 * a forged screen can fool); empty for a sale without a transfer. */
static GtkWidget *
transfer_confirmation_label (OcopTodayPage *self,
                             OcopSale      *sale)
{
  const char *by = ocop_store_transfer_confirmed_by (self->store, ocop_sale_get_uuid (sale));
  GtkWidget *label = gtk_label_new (g_strcmp0 (by, "bank") == 0 ? _("Bank confirmed")
                                    : g_strcmp0 (by, "cashier") == 0 ? _("Cashier confirmed") : NULL);

  gtk_widget_set_name (label, "transfer-confirmed");
  gtk_widget_add_css_class (label, g_strcmp0 (by, "bank") == 0 ? "success" : "dim-label");
  gtk_widget_set_visible (label, by != NULL);
  return label;
}

static GtkWidget *
sale_row_new (OcopTodayPage *self,
              OcopSale      *sale)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *when = ocop_store_format_time (self->store, ocop_sale_get_created_us (sale), "%H:%M");
  g_autofree char *total = ocop_money_format (ocop_sale_get_total (sale));
  g_autoptr(GString) items = g_string_new (NULL);
  g_autofree char *title = NULL;
  const char *kind = ocop_sale_get_kind (sale) == OCOP_SALE_KIND_VOID ? _("void")
                     : ocop_sale_get_kind (sale) == OCOP_SALE_KIND_REFUND ? _("refund")
                     : is_voided (self, sale) ? _("voided") : "";

  for (guint i = 0; i < ocop_sale_get_n_lines (sale); i++)
    {
      const OcopSaleLine *line = ocop_sale_get_line (sale, i);
      g_autofree char *name = g_markup_escape_text (line->name, -1);
      g_autofree char *quantity = line_quantity (line);

      g_string_append_printf (items, "%s%s × %s", i ? ", " : "", quantity, name);
    }
  title = g_strdup_printf ("#%" G_GINT64_FORMAT " · %s%s%s%s%s", ocop_sale_get_receipt_no (sale), when,
                           ocop_sale_get_cashier (sale) ? " · " : "",
                           ocop_sale_get_cashier (sale) ? ocop_sale_get_cashier (sale) : "",
                           *kind ? " · " : "", kind);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), items->str);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), transfer_confirmation_label (self, sale));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_label_new (total));
  return row;
}

/* Who took what, on a line of its own under the day's totals, when
 * anyone signed in to sell. */
static void
append_cashiers (GString             *text,
                 const OcopDayReport *report)
{
  for (guint i = 0; i < report->by_cashier->len; i++)
    {
      const OcopCashierTotal *c = report->by_cashier->pdata[i];
      g_autofree char *net = ocop_money_format (c->net);

      g_string_append_printf (text, "%s%s %s (%" PRId64 ")", i == 0 ? "\n" : " · ",
                              *c->cashier != '\0' ? c->cashier : _("nobody signed in"), net, c->sales_count);
    }
}

static void
show_totals (OcopTodayPage *self,
             const char    *day)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopDayReport) report = ocop_report_day (self->store, NULL, day, &error);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *net = NULL;

  if (report == NULL)
    {
      gtk_label_set_label (self->totals_label, error->message);
      return;
    }
  net = ocop_money_format (report->net);
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%s · %" PRId64 " sale · net %s",
                                             "%s · %" PRId64 " sales · net %s", report->sales_count),
                          day, report->sales_count, net);
  for (guint i = 0; i < report->by_method->len; i++)
    {
      const OcopMethodTotal *m = &g_array_index (report->by_method, OcopMethodTotal, i);
      g_autofree char *amount = ocop_money_format (m->amount);

      g_string_append_printf (text, " · %s %s", ocop_payment_method_label (m->method), amount);
    }
  if (g_strcmp0 (report->state, "closed") == 0)
    g_string_append_printf (text, " · %s", _("closed"));
  append_cashiers (text, report);
  gtk_label_set_label (self->totals_label, text->str);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "today.close-day",
                                 g_strcmp0 (report->state, "open") == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "today.z-report",
                                 g_strcmp0 (report->state, "closed") == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "today.hand-over",
                                 g_strcmp0 (report->state, "closed") != 0);
}

void
ocop_today_page_refresh (OcopTodayPage *self)
{
  g_autofree char *day = today (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sales = ocop_store_list_sales (self->store, day, &error);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sales_list))) != NULL)
    gtk_list_box_remove (self->sales_list, child);
  g_clear_pointer (&self->sales, g_ptr_array_unref);
  self->sales = sales ? g_ptr_array_ref (sales) : g_ptr_array_new_with_free_func (g_object_unref);
  /* Newest first: the sale a cashier looks for is usually the last one. */
  for (guint i = self->sales->len; i > 0 && self->sales->len - i < MAX_ROWS; i--)
    gtk_list_box_append (self->sales_list, sale_row_new (self, self->sales->pdata[i - 1]));
  show_totals (self, day);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "today.void", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "today.refund", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "today.reprint", FALSE);
}

static OcopSale *
selected_sale (OcopTodayPage *self)
{
  GtkListBoxRow *row;

  /* The list box still reports a selection change while it is disposed,
   * after the template pointers and the journal are gone. */
  if (self->sales_list == NULL || self->sales == NULL)
    return NULL;
  if ((row = gtk_list_box_get_selected_row (self->sales_list)) == NULL)
    return NULL;
  return self->sales->pdata[self->sales->len - 1 - gtk_list_box_row_get_index (row)];
}

static void
row_selected_cb (OcopTodayPage *self)
{
  OcopSale *sale = selected_sale (self);
  gboolean reversible = sale != NULL && ocop_sale_get_kind (sale) == OCOP_SALE_KIND_SALE &&
                        !is_voided (self, sale);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "today.void", reversible);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "today.refund", reversible);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "today.reprint", sale != NULL);
}

/* ---- reprinting ---- */

static void
reprint_activated (GtkWidget  *widget,
                   const char *action,
                   GVariant   *parameter)
{
  OcopTodayPage *self = OCOP_TODAY_PAGE (widget);
  OcopSale *sale = selected_sale (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *ref = NULL;
  g_autofree char *message = NULL;

  if (sale == NULL)
    return;
  ref = g_strdup_printf ("#%" G_GINT64_FORMAT, ocop_sale_get_receipt_no (sale));
  if (self->devices == NULL || !ocop_devices_reprint (self->devices, ref, &error))
    {
      ocop_toast_show (GTK_WIDGET (self),
                       error ? error->message : _("No receipt printer is set: choose one in Settings"));
      return;
    }
  message = g_strdup_printf (_("A copy of receipt %s is printing"), ref);
  ocop_toast_show (GTK_WIDGET (self), message);
}

/* ---- searching ---- */

/* What a cashier may type to find a receipt: its number, a product (without
 * diacritics too), the cashier, or the amount as printed. */
static char *
sale_search_text (OcopSale *sale)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *total = ocop_money_format (ocop_sale_get_total (sale));

  /* The amount both as printed and as typed on a number pad (2500000). */
  g_string_append_printf (text, "#%" G_GINT64_FORMAT " %s %s %" G_GINT64_FORMAT, ocop_sale_get_receipt_no (sale),
                          ocop_sale_get_cashier (sale) ? ocop_sale_get_cashier (sale) : "", total,
                          ocop_sale_get_total (sale));
  for (guint i = 0; i < ocop_sale_get_n_lines (sale); i++)
    g_string_append_printf (text, " %s %s", ocop_sale_get_line (sale, i)->name, ocop_sale_get_line (sale, i)->sku);
  return ocop_text_fold (text->str);
}

static gboolean
sale_row_matches (GtkListBoxRow *row,
                  gpointer       user_data)
{
  OcopTodayPage *self = user_data;
  OcopSale *sale;
  g_autofree char *text = NULL;

  if (self->filter == NULL)
    return TRUE;
  sale = self->sales->pdata[self->sales->len - 1 - gtk_list_box_row_get_index (row)];
  text = sale_search_text (sale);
  /* "12" finds receipt #12 and amounts with 12 in them; "#12" only the receipt. */
  if (self->filter[0] == '#')
    {
      g_autofree char *number = g_strdup_printf ("#%" G_GINT64_FORMAT, ocop_sale_get_receipt_no (sale));

      return g_str_equal (number, self->filter);
    }
  return strstr (text, self->filter) != NULL;
}

static void
search_changed_cb (OcopTodayPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  g_clear_pointer (&self->filter, g_free);
  if (!ocop_text_is_blank (text))
    {
      g_autofree char *stripped = g_strstrip (g_strdup (text));

      self->filter = ocop_text_fold (stripped);
    }
  gtk_list_box_invalidate_filter (self->sales_list);
}

gboolean
ocop_today_page_select_receipt (OcopTodayPage *self,
                                gint64         receipt_no)
{
  for (guint i = 0; i < self->sales->len; i++)
    if (ocop_sale_get_receipt_no (self->sales->pdata[i]) == receipt_no && self->sales->len - 1 - i < MAX_ROWS)
      {
        gtk_list_box_select_row (self->sales_list,
                                 gtk_list_box_get_row_at_index (self->sales_list, self->sales->len - 1 - i));
        return TRUE;
      }
  return FALSE;
}

/* ---- a supervisor's approval ---- */

static GtkWidget *
labelled_entry (GtkWidget  *box,
                const char *label,
                const char *name,
                gboolean    secret)
{
  GtkWidget *entry = secret ? gtk_password_entry_new () : gtk_entry_new ();

  gtk_box_append (GTK_BOX (box), gtk_label_new (label));
  gtk_widget_set_name (entry, name);
  gtk_box_append (GTK_BOX (box), entry);
  return entry;
}

/* Who approves (the active cashiers, supervisors first, so the first is
 * one) and their PIN, kept on @dialog as "approver" and "pin". Whether
 * they may approve is the store's rule, not this page's. */
static void
add_approval_fields (OcopTodayPage *self,
                     GtkWidget     *box,
                     GObject       *dialog)
{
  g_auto(GStrv) names = ocop_store_list_cashiers (self->store, NULL);
  GtkWidget *approver = gtk_drop_down_new_from_strings ((const char * const *) names);

  gtk_box_append (GTK_BOX (box), gtk_label_new (_("Supervisor")));
  gtk_widget_set_name (approver, "approver");
  gtk_box_append (GTK_BOX (box), approver);
  g_object_set_data (dialog, "approver", approver);
  g_object_set_data (dialog, "pin", labelled_entry (box, _("Supervisor PIN"), "pin", TRUE));
}

static OcopApproval *
approve_from (OcopTodayPage  *self,
              GObject        *dialog,
              GError        **error)
{
  GtkStringObject *chosen = gtk_drop_down_get_selected_item (g_object_get_data (dialog, "approver"));
  GtkEditable *pin = g_object_get_data (dialog, "pin");

  return ocop_store_approve (self->store, chosen ? gtk_string_object_get_string (chosen) : NULL,
                             gtk_editable_get_text (pin), error);
}

/* ---- voiding ---- */

static void
void_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  OcopTodayPage    *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopApproval) approval = NULL;
  const char *supervisor;
  g_autoptr(OcopSale) reversal = NULL;
  g_autofree char *message = NULL;
  GtkWidget *reason = g_object_get_data (G_OBJECT (dialog), "reason");
  const char *ref = g_object_get_data (G_OBJECT (dialog), "ref");

  if (!g_str_equal (response, "void"))
    return;
  /* The supervisor who approves is at the till: they are its cashier too. */
  if (!(approval = approve_from (self, G_OBJECT (dialog), &error)) ||
      !(reversal = ocop_store_void_sale (self->store, ref, gtk_editable_get_text (GTK_EDITABLE (reason)),
                                         ocop_approval_get_approver (approval), approval, &error)))
    {
      ocop_toast_show (GTK_WIDGET (self), error->message);
      return;
    }
  supervisor = ocop_approval_get_approver (approval);
  message = g_strdup_printf (_("Receipt %s voided by %s"), ref, supervisor);
  ocop_toast_show (GTK_WIDGET (self), message);
  ocop_today_page_refresh (self);
}

static void
void_activated (GtkWidget  *widget,
                const char *action,
                GVariant   *parameter)
{
  OcopTodayPage *self = OCOP_TODAY_PAGE (widget);
  OcopSale *sale = selected_sale (self);
  g_autofree char *total = NULL;
  g_autofree char *heading = NULL;
  GtkWidget *box;
  AdwMessageDialog *dialog;

  if (sale == NULL)
    return;
  total = ocop_money_format (ocop_sale_get_total (sale));
  heading = g_strdup_printf (_("Void receipt #%" PRId64 " (%s)?"), ocop_sale_get_receipt_no (sale), total);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), heading,
                                                       _("The sale stays in the journal; a void record reverses it. "
                                                         "A supervisor approves with their PIN.")));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  g_object_set_data (G_OBJECT (dialog), "reason", labelled_entry (box, _("Reason"), "reason", FALSE));
  add_approval_fields (self, box, G_OBJECT (dialog));
  g_object_set_data_full (G_OBJECT (dialog), "ref",
                          g_strdup_printf ("#%" G_GINT64_FORMAT, ocop_sale_get_receipt_no (sale)), g_free);
  adw_message_dialog_set_extra_child (dialog, box);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "void", _("_Void"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "void", ADW_RESPONSE_DESTRUCTIVE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (void_response_cb), self, 0);
  g_set_weak_pointer (&self->dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- refunding ---- */

/* How much of @line to refund: pieces from the spin button, or the weight
 * typed for a weighed line ("100 g", "0,1"), which the store checks
 * against what is left; the weight as shown, untouched, is all of it (the
 * parser would call "1,500 kg" ambiguous). */
static gboolean
refund_quantity (AdwMessageDialog   *dialog,
                 const OcopSaleLine *line,
                 GtkSpinButton      *quantity,
                 gint64             *out,
                 GError            **error)
{
  GtkEditable *weight = g_object_get_data (G_OBJECT (dialog), "weight");
  const char *typed = gtk_editable_get_text (weight);
  g_autofree char *shown = NULL;

  if (!line->measured)
    {
      *out = gtk_spin_button_get_value_as_int (quantity);
      return TRUE;
    }
  shown = ocop_quantity_format (line->quantity, TRUE, line->unit);
  if (g_strcmp0 (typed, shown) == 0)
    {
      *out = line->quantity;
      return TRUE;
    }
  return ocop_quantity_parse (typed, line->unit, TRUE, out, error);
}

static void
refund_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    OcopTodayPage    *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopApproval) approval = NULL;
  g_autoptr(OcopSale) refund = NULL;
  g_autofree char *message = NULL;
  g_autofree char *amount = NULL;
  GtkWidget *reason = g_object_get_data (G_OBJECT (dialog), "reason");
  GtkDropDown *what = g_object_get_data (G_OBJECT (dialog), "what");
  GtkSpinButton *quantity = g_object_get_data (G_OBJECT (dialog), "quantity");
  GtkDropDown *method = g_object_get_data (G_OBJECT (dialog), "method");
  OcopSale *sale = g_object_get_data (G_OBJECT (dialog), "sale");
  g_autofree char *ref = g_strdup_printf ("#%" G_GINT64_FORMAT, ocop_sale_get_receipt_no (sale));
  guint line = gtk_drop_down_get_selected (what);
  const char *sku = line == 0 ? NULL : ocop_sale_get_line (sale, line - 1)->sku;
  /* No quantity for the whole sale: the store would look for that many
   * units of no product and refuse. */
  gint64 how_much = 0;

  if (!g_str_equal (response, "refund"))
    return;
  if ((sku != NULL && !refund_quantity (dialog, ocop_sale_get_line (sale, line - 1), quantity, &how_much, &error)) ||
      !(approval = approve_from (self, G_OBJECT (dialog), &error)) ||
      !(refund = ocop_store_refund_sale (self->store, ref, sku, how_much,
                                         gtk_drop_down_get_selected (method) == 0 ? OCOP_PAYMENT_CASH
                                                                                  : OCOP_PAYMENT_TRANSFER,
                                         gtk_editable_get_text (GTK_EDITABLE (reason)),
                                         ocop_approval_get_approver (approval), approval, &error)))
    {
      ocop_toast_show (GTK_WIDGET (self), error->message);
      return;
    }
  amount = ocop_money_format (-ocop_sale_get_total (refund));
  message = g_strdup_printf (_("Receipt %s: %s refunded, approved by %s"), ref, amount,
                             ocop_approval_get_approver (approval));
  ocop_toast_show (GTK_WIDGET (self), message);
  ocop_today_page_refresh (self);
}

static void
refund_line_chosen_cb (GtkDropDown *what,
                       GParamSpec  *pspec,
                       GtkWidget   *dialog)
{
  OcopSale *sale = g_object_get_data (G_OBJECT (dialog), "sale");
  GtkSpinButton *quantity = g_object_get_data (G_OBJECT (dialog), "quantity");
  guint line = gtk_drop_down_get_selected (what);

  GtkWidget *weight = g_object_get_data (G_OBJECT (dialog), "weight");
  const OcopSaleLine *chosen = line > 0 ? ocop_sale_get_line (sale, line - 1) : NULL;

  /* The whole sale has no quantity to pick; a line at most what it sold
   * (the store refuses more than what is left after earlier refunds); a
   * weighed line a weight, typed as at the till. */
  gtk_widget_set_sensitive (GTK_WIDGET (quantity), chosen != NULL);
  gtk_widget_set_visible (GTK_WIDGET (quantity), chosen == NULL || !chosen->measured);
  gtk_widget_set_visible (weight, chosen != NULL && chosen->measured);
  if (chosen != NULL && chosen->measured)
    {
      g_autofree char *sold = ocop_quantity_format (chosen->quantity, TRUE, chosen->unit);

      gtk_editable_set_text (GTK_EDITABLE (weight), sold);
    }
  else if (chosen != NULL)
    {
      gtk_spin_button_set_range (quantity, 1, chosen->quantity);
      gtk_spin_button_set_value (quantity, chosen->quantity);
    }
}

static GtkWidget *
refund_line_choice (OcopSale *sale)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GtkWidget *choice;

  g_ptr_array_add (names, g_strdup (_("Everything not yet refunded")));
  for (guint i = 0; i < ocop_sale_get_n_lines (sale); i++)
    {
      const OcopSaleLine *line = ocop_sale_get_line (sale, i);

      g_autofree char *quantity = line_quantity (line);

      g_ptr_array_add (names, g_strdup_printf ("%s × %s", quantity, line->name));
    }
  g_ptr_array_add (names, NULL);
  choice = gtk_drop_down_new_from_strings ((const char * const *) names->pdata);
  gtk_widget_set_name (choice, "what");
  return choice;
}

static void
refund_activated (GtkWidget  *widget,
                  const char *action,
                  GVariant   *parameter)
{
  OcopTodayPage *self = OCOP_TODAY_PAGE (widget);
  OcopSale *sale = selected_sale (self);
  const char *methods[] = { _("Cash"), _("Bank transfer"), NULL };
  g_autofree char *heading = NULL;
  GtkWidget *box, *what, *quantity, *weight, *method;
  AdwMessageDialog *dialog;

  if (sale == NULL)
    return;
  heading = g_strdup_printf (_("Refund from receipt #%" PRId64 "?"), ocop_sale_get_receipt_no (sale));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), heading,
                                                       _("A refund is a new record that points at the sale. "
                                                         "A supervisor approves with their PIN.")));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  what = refund_line_choice (sale);
  gtk_box_append (GTK_BOX (box), what);
  quantity = gtk_spin_button_new_with_range (1, 1, 1);
  gtk_widget_set_name (quantity, "quantity");
  gtk_widget_set_sensitive (quantity, FALSE);
  gtk_box_append (GTK_BOX (box), quantity);
  weight = gtk_entry_new ();
  gtk_widget_set_name (weight, "weight");
  gtk_entry_set_placeholder_text (GTK_ENTRY (weight), _("Weight to refund, e.g. 100 g or 0,1"));
  gtk_widget_set_visible (weight, FALSE);
  gtk_box_append (GTK_BOX (box), weight);
  method = gtk_drop_down_new_from_strings (methods);
  gtk_widget_set_name (method, "method");
  gtk_box_append (GTK_BOX (box), method);
  g_object_set_data_full (G_OBJECT (dialog), "sale", g_object_ref (sale), g_object_unref);
  g_object_set_data (G_OBJECT (dialog), "what", what);
  g_object_set_data (G_OBJECT (dialog), "quantity", quantity);
  g_object_set_data (G_OBJECT (dialog), "weight", weight);
  g_object_set_data (G_OBJECT (dialog), "method", method);
  g_object_set_data (G_OBJECT (dialog), "reason", labelled_entry (box, _("Reason"), "reason", FALSE));
  add_approval_fields (self, box, G_OBJECT (dialog));
  g_signal_connect_object (what, "notify::selected", G_CALLBACK (refund_line_chosen_cb), dialog, 0);
  adw_message_dialog_set_extra_child (dialog, box);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "refund", _("_Refund"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "refund", ADW_RESPONSE_DESTRUCTIVE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (refund_response_cb), self, 0);
  g_set_weak_pointer (&self->dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- closing the day ---- */

static void
z_report_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      OcopTodayPage    *self)
{
  g_autoptr(GError) error = NULL;
  const char *day = g_object_get_data (G_OBJECT (dialog), "day");

  if (!g_str_equal (response, "print"))
    return;
  if (self->devices == NULL)
    ocop_toast_show (GTK_WIDGET (self), _("No receipt printer is set: choose one in Settings"));
  else if (!ocop_devices_print_z_report (self->devices, day, &error))
    ocop_toast_show (GTK_WIDGET (self), error->message);
  else
    ocop_toast_show (GTK_WIDGET (self), _("The Z report is printing"));
}

static void
show_z_report (OcopTodayPage *self,
               const char    *day,
               const char    *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopDayReport) report = ocop_day_report_from_json (json, &error);
  g_autofree char *text = report ? ocop_day_report_to_text (report, TRUE) : g_strdup (error->message);
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                                         _("Z report"), NULL));
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "monospace");
  adw_message_dialog_set_extra_child (dialog, label);
  adw_message_dialog_add_responses (dialog, "print", _("_Print"), "close", _("_Close"), NULL);
  adw_message_dialog_set_default_response (dialog, "close");
  g_object_set_data_full (G_OBJECT (dialog), "day", g_strdup (day), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (z_report_response_cb), self, 0);
  g_set_weak_pointer (&self->dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
z_report_activated (GtkWidget  *widget,
                    const char *action,
                    GVariant   *parameter)
{
  OcopTodayPage *self = OCOP_TODAY_PAGE (widget);
  g_autofree char *day = today (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *z = ocop_store_get_z_report (self->store, day, &error);

  if (z == NULL)
    ocop_toast_show (GTK_WIDGET (self), error->message);
  else
    show_z_report (self, day, z);
}

/* The difference as the supervisor types the count: a drawer that is
 * short shows before the day is closed for good. */
static void
counted_changed_cb (GtkEditable      *counted,
                    AdwMessageDialog *dialog)
{
  GtkLabel *difference = g_object_get_data (G_OBJECT (dialog), "difference");
  gint64 expected = *(gint64 *) g_object_get_data (G_OBJECT (dialog), "expected");
  gint64 value = 0;
  g_autofree char *amount = NULL;
  g_autofree char *text = NULL;

  if (!ocop_money_parse (gtk_editable_get_text (counted), &value, NULL))
    {
      gtk_label_set_label (difference, _("Type the cash counted in the drawer"));
      return;
    }
  amount = ocop_money_format (value - expected);
  text = g_strdup_printf (_("Difference: %s"), amount);
  gtk_label_set_label (difference, text);
}

static void
close_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   OcopTodayPage    *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopApproval) approval = NULL;
  g_autofree char *day = today (self);
  g_autofree char *z = NULL;
  GtkEditable *counted_entry = g_object_get_data (G_OBJECT (dialog), "counted");
  gint64 counted = 0;

  if (!g_str_equal (response, "close-day"))
    return;
  if (!ocop_money_parse (gtk_editable_get_text (counted_entry), &counted, &error) ||
      !(approval = approve_from (self, G_OBJECT (dialog), &error)) ||
      !(z = ocop_store_close_day (self->store, day, approval, counted, &error)))
    {
      ocop_toast_show (GTK_WIDGET (self), error->message);
      return;
    }
  ocop_today_page_refresh (self);
  show_z_report (self, day, z);
  /* On paper too, for the booth's records, when there is a printer. */
  if (self->devices != NULL && !ocop_devices_print_z_report (self->devices, day, &error) &&
      !g_error_matches (error, OCOP_PRINTER_ERROR, OCOP_PRINTER_ERROR_NOT_FOUND))
    ocop_toast_show (GTK_WIDGET (self), error->message);
}

/* The count typed in a dialog that counts the drawer (closing the day,
 * handing it over), with the difference to @expected shown as it is
 * typed; kept on @dialog as "counted", "difference" and "expected". */
static void
add_count_fields (GtkWidget        *box,
                  AdwMessageDialog *dialog,
                  gint64            expected)
{
  GtkWidget *counted = labelled_entry (box, _("Cash counted"), "counted", FALSE);
  GtkWidget *difference = gtk_label_new (_("Type the cash counted in the drawer"));

  gtk_entry_set_input_purpose (GTK_ENTRY (counted), GTK_INPUT_PURPOSE_NUMBER);
  gtk_widget_set_name (difference, "difference");
  gtk_box_append (GTK_BOX (box), difference);
  g_object_set_data (G_OBJECT (dialog), "counted", counted);
  g_object_set_data (G_OBJECT (dialog), "difference", difference);
  g_object_set_data_full (G_OBJECT (dialog), "expected", g_memdup2 (&expected, sizeof expected), g_free);
  g_signal_connect_object (counted, "changed", G_CALLBACK (counted_changed_cb), dialog, 0);
}

/* Adds who approves below @box's fields, and Cancel and @response. */
static void
present_counting_dialog (OcopTodayPage          *self,
                         AdwMessageDialog       *dialog,
                         GtkWidget              *box,
                         const char             *response,
                         const char             *label,
                         AdwResponseAppearance   appearance,
                         GCallback               response_cb)
{
  add_approval_fields (self, box, G_OBJECT (dialog));
  adw_message_dialog_set_extra_child (dialog, box);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), response, label, NULL);
  adw_message_dialog_set_response_appearance (dialog, response, appearance);
  g_signal_connect_object (dialog, "response", response_cb, self, 0);
  g_set_weak_pointer (&self->dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gint64
cash_expected (OcopTodayPage *self,
               const char    *day)
{
  g_autoptr(OcopDayReport) report = ocop_report_day (self->store, NULL, day, NULL);

  return report ? ocop_day_report_cash (report) : 0;
}

static void
close_day_activated (GtkWidget  *widget,
                     const char *action,
                     GVariant   *parameter)
{
  OcopTodayPage *self = OCOP_TODAY_PAGE (widget);
  g_autofree char *day = today (self);
  gint64 expected = cash_expected (self, day);
  g_autofree char *expected_text = ocop_money_format (expected);
  g_autofree char *expected_line = g_strdup_printf (_("Cash expected in the drawer: %s"), expected_text);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  AdwMessageDialog *dialog =
    ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                                _("Close the business day?"),
                                                _("The Z report is final: no more sales or voids can be added to today. "
                                                  "A supervisor counts the cash and approves with their PIN.")));

  gtk_box_append (GTK_BOX (box), gtk_label_new (expected_line));
  add_count_fields (box, dialog, expected);
  present_counting_dialog (self, dialog, box, "close-day", _("C_lose the day"), ADW_RESPONSE_DESTRUCTIVE,
                           G_CALLBACK (close_response_cb));
}

/* ---- handing the drawer over ---- */

static GtkWidget *
cashier_choice (GtkWidget          *box,
                const char         *label,
                const char         *name,
                const char * const *names,
                guint               selected)
{
  GtkWidget *choice = gtk_drop_down_new_from_strings (names);

  gtk_box_append (GTK_BOX (box), gtk_label_new (label));
  gtk_widget_set_name (choice, name);
  if (selected < g_strv_length ((char **) names))
    gtk_drop_down_set_selected (GTK_DROP_DOWN (choice), selected);
  gtk_box_append (GTK_BOX (box), choice);
  return choice;
}

static const char *
chosen_name (GObject    *dialog,
             const char *key)
{
  GtkStringObject *chosen = gtk_drop_down_get_selected_item (g_object_get_data (dialog, key));

  return chosen ? gtk_string_object_get_string (chosen) : NULL;
}

static void
hand_over_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       OcopTodayPage    *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopApproval) approval = NULL;
  g_autoptr(OcopHandover) handover = NULL;
  g_autofree char *message = NULL;
  GtkEditable *counted_entry = g_object_get_data (G_OBJECT (dialog), "counted");
  gint64 expected = *(gint64 *) g_object_get_data (G_OBJECT (dialog), "expected");
  gint64 counted = 0;
  GtkEditable *pin = g_object_get_data (G_OBJECT (dialog), "pin");

  if (!g_str_equal (response, "hand-over"))
    return;
  /* The supervisor's PIN only matters when the count differs, and without
   * one the store's refusal says by how much and who must approve. */
  if (!ocop_money_parse (gtk_editable_get_text (counted_entry), &counted, &error) ||
      (counted != expected && *gtk_editable_get_text (pin) != '\0' &&
       !(approval = approve_from (self, G_OBJECT (dialog), &error))) ||
      !(handover = ocop_store_hand_over (self->store, chosen_name (G_OBJECT (dialog), "from"),
                                         chosen_name (G_OBJECT (dialog), "to"), counted, approval, &error)))
    {
      ocop_toast_show (GTK_WIDGET (self), error->message);
      return;
    }
  message = g_strdup_printf (_("%s handed the drawer to %s"), handover->from, handover->to);
  ocop_toast_show (GTK_WIDGET (self), message);
  ocop_today_page_refresh (self);
  /* The slip goes in the cash bag, when there is a printer to print it. */
  if (self->devices != NULL && !ocop_devices_print_handover (self->devices, handover->id, &error) &&
      !g_error_matches (error, OCOP_PRINTER_ERROR, OCOP_PRINTER_ERROR_NOT_FOUND))
    ocop_toast_show (GTK_WIDGET (self), error->message);
}

static void
hand_over_activated (GtkWidget  *widget,
                     const char *action,
                     GVariant   *parameter)
{
  OcopTodayPage *self = OCOP_TODAY_PAGE (widget);
  g_auto(GStrv) names = ocop_store_list_cashiers (self->store, NULL);
  gint64 expected = 0;
  g_autofree char *expected_text = NULL, *expected_line = NULL;
  GtkWidget *box;
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;

  if (!ocop_store_handover_expected (self->store, &expected, &error))
    {
      ocop_toast_show (GTK_WIDGET (self), error->message);
      return;
    }
  expected_text = ocop_money_format (expected);
  expected_line = g_strdup_printf (_("Cash expected since the last handover: %s"), expected_text);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                                       _("Hand over the drawer?"),
                                                       _("Selling goes on. The outgoing cashier counts the cash; "
                                                         "a supervisor approves with their PIN only when the count "
                                                         "differs.")));
  gtk_box_append (GTK_BOX (box), gtk_label_new (expected_line));
  g_object_set_data (G_OBJECT (dialog), "from",
                     cashier_choice (box, _("Handed over by"), "from", (const char * const *) names, 0));
  g_object_set_data (G_OBJECT (dialog), "to",
                     cashier_choice (box, _("Taken over by"), "to", (const char * const *) names, 1));
  add_count_fields (box, dialog, expected);
  present_counting_dialog (self, dialog, box, "hand-over", _("_Hand over"), ADW_RESPONSE_SUGGESTED,
                           G_CALLBACK (hand_over_response_cb));
}

/* ---- the object ---- */

static void
ocop_today_page_dispose (GObject *object)
{
  OcopTodayPage *self = OCOP_TODAY_PAGE (object);

  g_clear_object (&self->store);
  g_clear_object (&self->devices);
  g_clear_pointer (&self->sales, g_ptr_array_unref);
  g_clear_pointer (&self->filter, g_free);
  g_clear_weak_pointer (&self->dialog);
  gtk_widget_dispose_template (GTK_WIDGET (self), OCOP_TYPE_TODAY_PAGE);
  G_OBJECT_CLASS (ocop_today_page_parent_class)->dispose (object);
}

static void
ocop_today_page_class_init (OcopTodayPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ocop_today_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/vn/ocop/Pos/ocop-today-page.ui");
  gtk_widget_class_bind_template_child (widget_class, OcopTodayPage, totals_label);
  gtk_widget_class_bind_template_child (widget_class, OcopTodayPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, OcopTodayPage, sales_list);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_install_action (widget_class, "today.void", NULL, void_activated);
  gtk_widget_class_install_action (widget_class, "today.refund", NULL, refund_activated);
  gtk_widget_class_install_action (widget_class, "today.close-day", NULL, close_day_activated);
  gtk_widget_class_install_action (widget_class, "today.z-report", NULL, z_report_activated);
  gtk_widget_class_install_action (widget_class, "today.hand-over", NULL, hand_over_activated);
  gtk_widget_class_install_action (widget_class, "today.reprint", NULL, reprint_activated);
}

static void
ocop_today_page_init (OcopTodayPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->sales = g_ptr_array_new_with_free_func (g_object_unref);
  gtk_list_box_set_filter_func (self->sales_list, sale_row_matches, self, NULL);
}

void
ocop_today_page_set_devices (OcopTodayPage *self,
                             OcopDevices   *devices)
{
  g_set_object (&self->devices, devices);
}

/* Read when the page is shown (the window refreshes it), not at start. */
void
ocop_today_page_set_store (OcopTodayPage *self,
                           OcopStore     *store)
{
  g_set_object (&self->store, store);
}

AdwMessageDialog *
ocop_today_page_get_dialog (OcopTodayPage *self)
{
  return self->dialog;
}

GtkEditable *
ocop_today_page_get_search (OcopTodayPage *self)
{
  return GTK_EDITABLE (self->search_entry);
}

guint
ocop_today_page_count_shown (OcopTodayPage *self)
{
  guint shown = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sales_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && gtk_widget_get_child_visible (row))
      shown++;
  return shown;
}

const char *
ocop_today_page_get_last_message (OcopTodayPage *self)
{
  return ocop_toast_get_last (GTK_WIDGET (self));
}

const char *
ocop_today_page_get_totals (OcopTodayPage *self)
{
  return gtk_label_get_label (self->totals_label);
}
