/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-payment-dialog.c: the sale is recorded before anything else
 * happens (receipts come after); if recording fails the dialog stays open
 * with the reason and the cart as it was, so it never closes on a
 * half-recorded sale.
 *
 * The cashier chooses the tender first (F1 cash, F2 transfer, beside the
 * till's F3 search, F4 line and F12 pay; digits stay free for amounts).
 * Enter records cash only on the cash page: while the customer scans the
 * code, cash cannot be recorded at all (the action is off), and the
 * transfer is confirmed with its own button, never by Enter, which a
 * cashier presses by habit. */

#include "config.h"

#include <glib/gi18n.h>

#include "ocop-line-text.h"
#include "ocop-money.h"
#include "ocop-payment-code.h"
#include "ocop-payment-dialog.h"
#include "ocop-qr.h"
#include "ocop-sync-transfer.h"
#include "ocop-tender.h"
#include "ocop-till-page.h"
#include "ocop-vietqr.h"

/* Each wait asks the hub for at most this long, then asks again: the
 * client's long polls within it are what make a confirmation prompt. */
#define BANK_WAIT_MS 60000
/* After a failed request, the next try: the hub may come back. */
#define BANK_RETRY_S 5
/* How long "received" stays on screen once the sale is recorded. */
#define RECEIVED_SHOWN_MS 1500

struct _OcopPaymentDialog
{
  AdwWindow   parent_instance;

  OcopStore  *store;
  GSettings  *settings;
  OcopSale   *cart;
  char       *transfer_note;   /* the payment code when there is a booth */
  char       *payment_code;    /* NULL without a booth */
  OcopSyncClient *client;      /* when the store has joined a hub */
  GCancellable *bank_waiting;  /* while the bank's confirmation is awaited */
  gint64      bank_amount;     /* the amount announced to the hub */
  guint       bank_retry_id;
  guint       close_id;
  GtkMediaStream *chime;
  char       *vietqr_payload;
  char       *tender;           /* "", "cash" or "transfer" */
  gboolean    regrouping;
  gint64      suggested[OCOP_TENDER_MAX_SUGGESTIONS];
  guint       n_suggested;

  GtkLabel   *due_label;
  AdwWindowTitle *window_title;
  GtkWidget  *tender_box;
  GtkWidget  *cash_tender;
  GtkWidget  *transfer_tender;
  GtkStack   *pages;
  GtkEntry   *tendered_entry;
  GtkFlowBox *suggestions;
  GtkGrid    *keypad;
  GtkLabel   *change_label;
  GtkLabel   *error_label;
  GtkButton  *cash_button;
  GtkLabel   *transfer_label;
  GtkPicture *qr_picture;
  GtkLabel   *qr_label;
  GtkLabel   *bank_label;
};

G_DEFINE_FINAL_TYPE (OcopPaymentDialog, ocop_payment_dialog, ADW_TYPE_WINDOW)

enum { COMPLETED, N_SIGNALS };
static guint signals[N_SIGNALS];

enum { PROP_0, PROP_TENDER, N_PROPS };
static GParamSpec *properties[N_PROPS];

/* The keypad's keys, row by row, and what each types. */
static const struct { const char *label; const char *key; } keypad_keys[] = {
  { "7", "7" }, { "8", "8" }, { "9", "9" },
  { "4", "4" }, { "5", "5" }, { "6", "6" },
  { "1", "1" }, { "2", "2" }, { "3", "3" },
  { "000", "000" }, { "0", "0" }, { "⌫", "back" },
};

/* The function keys of the fast-cash buttons, in their order. */
static const guint suggestion_keys[OCOP_TENDER_MAX_SUGGESTIONS] = {
  GDK_KEY_F5, GDK_KEY_F6, GDK_KEY_F7, GDK_KEY_F8, GDK_KEY_F9,
};

/* 0 for an empty entry (exact); -1 when the text is not an amount. */
static gint64
tendered (OcopPaymentDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->tendered_entry));
  gint64 amount = 0;

  if (*text == '\0')
    return 0;
  return ocop_money_parse (text, &amount, NULL) ? amount : -1;
}

/* The code shows what is left to transfer: all of it, or what cash typed
 * in first does not cover. */
static void
update_vietqr (OcopPaymentDialog *self,
               gint64             amount)
{
  g_autofree char *bin = g_settings_get_string (self->settings, "bank-bin");
  g_autofree char *account = g_settings_get_string (self->settings, "bank-account");
  g_autofree char *holder = g_settings_get_string (self->settings, "bank-account-name");
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *caption = NULL;

  g_clear_pointer (&self->vietqr_payload, g_free);
  if (*bin == '\0' || *account == '\0')
    {
      gtk_picture_set_paintable (self->qr_picture, NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->qr_picture), FALSE);
      gtk_label_set_label (self->qr_label, _("Set the bank account in Settings (Ctrl+,) to show a VietQR code"));
      return;
    }
  self->vietqr_payload = ocop_vietqr_payload (bin, account, amount, self->transfer_note, &error);
  if (self->vietqr_payload == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->qr_picture), FALSE);
      gtk_label_set_label (self->qr_label, error->message);
      return;
    }
  texture = ocop_qr_texture_new (self->vietqr_payload, 6);
  gtk_picture_set_paintable (self->qr_picture, GDK_PAINTABLE (texture));
  gtk_widget_set_visible (GTK_WIDGET (self->qr_picture), TRUE);
  caption = g_strdup_printf (_("To %s, account %s, note “%s”"), holder, account, self->transfer_note);
  gtk_label_set_label (self->qr_label, caption);
}

/* The amount left to transfer shown large beside the code. */
static void
update_transfer_label (OcopPaymentDialog *self,
                       gint64             amount)
{
  g_autofree char *money = ocop_money_format (amount);
  g_autofree char *text = g_strdup_printf (_("Transfer %s"), money);

  gtk_label_set_label (self->transfer_label, text);
}

/* What is left to transfer: all of it, or what cash typed in first does
 * not cover. */
static gint64
transfer_amount (OcopPaymentDialog *self)
{
  gint64 due = ocop_sale_get_total (self->cart);
  gint64 given = tendered (self);

  return given > 0 && given < due ? due - given : due;
}

static void tendered_changed_cb (OcopPaymentDialog *self);

/* Puts @text, regrouped, in the entry in place of what GTK was about to
 * change, with the caret after the same digits; FALSE (and nothing done)
 * when @text is not an amount, for the change label to say so. */
static gboolean
set_regrouped (OcopPaymentDialog *self,
               GtkEditable       *text_widget,
               const char        *text,
               int                cursor,
               int               *new_cursor)
{
  g_autofree char *regrouped = ocop_tender_regroup (text, cursor, new_cursor);

  if (regrouped == NULL)
    return FALSE;
  self->regrouping = TRUE;
  gtk_editable_set_text (text_widget, regrouped);
  self->regrouping = FALSE;
  tendered_changed_cb (self);
  return TRUE;
}

/* Digits typed or pasted are grouped by thousands as they come. GTK
 * places the caret at *@position once this returns, so the regrouped
 * text's caret is handed back there. */
static void
tendered_insert_cb (GtkEditable *text_widget,
                    const char  *text,
                    int          length,
                    int         *position,
                    gpointer     user_data)
{
  OcopPaymentDialog *self = user_data;
  const char *old = gtk_editable_get_text (text_widget);
  const char *at = g_utf8_offset_to_pointer (old, *position);
  g_autofree char *inserted = length < 0 ? g_strdup (text) : g_strndup (text, length);
  g_autofree char *whole = NULL;
  int new_cursor = 0;

  if (self->regrouping)
    return;
  whole = g_strdup_printf ("%.*s%s%s", (int) (at - old), old, inserted, at);
  if (!set_regrouped (self, text_widget, whole, *position + (int) g_utf8_strlen (inserted, -1), &new_cursor))
    return;
  g_signal_stop_emission_by_name (text_widget, "insert-text");
  *position = new_cursor;
}

/* A deletion regroups what is left; a deletion that would only remove a
 * group's dot takes the digit before it instead, as the dot would come
 * straight back. */
static void
tendered_delete_cb (GtkEditable *text_widget,
                    int          start,
                    int          end,
                    gpointer     user_data)
{
  OcopPaymentDialog *self = user_data;
  const char *old = gtk_editable_get_text (text_widget);
  const char *from, *to;
  g_autofree char *whole = NULL;
  int new_cursor = 0;

  if (self->regrouping)
    return;
  if (end < 0)
    end = (int) g_utf8_strlen (old, -1);
  if (end == start + 1 && start > 0 && g_utf8_get_char (g_utf8_offset_to_pointer (old, start)) == '.')
    start--;
  from = g_utf8_offset_to_pointer (old, start);
  to = g_utf8_offset_to_pointer (old, end);
  whole = g_strdup_printf ("%.*s%s", (int) (from - old), old, to);
  if (!set_regrouped (self, text_widget, whole, start, &new_cursor))
    return;
  g_signal_stop_emission_by_name (text_widget, "delete-text");
  gtk_editable_set_position (text_widget, new_cursor);
}

static void
tendered_changed_cb (OcopPaymentDialog *self)
{
  gint64 due = ocop_sale_get_total (self->cart);
  gint64 given;
  g_autofree char *text = NULL;

  if (self->regrouping)
    return;
  given = tendered (self);
  if (given < 0)
    text = g_strdup (_("Not an amount"));
  else if (given == 0 || given == due)
    text = g_strdup (_("No change"));
  else if (given > due)
    {
      g_autofree char *change = ocop_money_format (given - due);
      text = g_strdup_printf (_("Change: %s"), change);
    }
  else
    {
      g_autofree char *rest = ocop_money_format (due - given);
      text = g_strdup_printf (_("Still due: %s (the rest by transfer)"), rest);
    }
  gtk_label_set_label (self->change_label, text);
  update_vietqr (self, transfer_amount (self));
  update_transfer_label (self, transfer_amount (self));
}

static void
show_error (OcopPaymentDialog *self,
            GError            *error)
{
  gtk_label_set_label (self->error_label, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
}

/* Records the sale with the payments just added; on failure takes them
 * back so that the cashier can try again. */
static gboolean
record (OcopPaymentDialog *self)
{
  g_autoptr(GError) error = NULL;

  if (!ocop_store_commit_sale (self->store, self->cart, &error))
    {
      ocop_sale_clear_payments (self->cart);
      show_error (self, error);
      return FALSE;
    }
  g_signal_emit (self, signals[COMPLETED], 0, self->cart);
  return TRUE;
}

static void
complete (OcopPaymentDialog *self)
{
  if (record (self))
    gtk_window_destroy (GTK_WINDOW (self));
}

/* The payments of a transfer: cash typed in first is a split payment,
 * that cash and the rest by transfer. */
static gboolean
add_transfer_payments (OcopPaymentDialog  *self,
                       GError            **error)
{
  gint64 given = tendered (self);

  ocop_sale_clear_payments (self->cart);
  if ((given > 0 && given < ocop_sale_get_total (self->cart) &&
       !ocop_sale_add_payment (self->cart, OCOP_PAYMENT_CASH, given, 0, error)) ||
      !ocop_sale_add_payment (self->cart, OCOP_PAYMENT_TRANSFER, -1, 0, error))
    {
      ocop_sale_clear_payments (self->cart);
      return FALSE;
    }
  return TRUE;
}

static void
cash_activated (GtkWidget  *widget,
                const char *action,
                GVariant   *parameter)
{
  OcopPaymentDialog *self = OCOP_PAYMENT_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  gint64 given = tendered (self);

  ocop_sale_clear_payments (self->cart);
  if (given < 0 || !ocop_sale_add_payment (self->cart, OCOP_PAYMENT_CASH, -1, given, &error))
    {
      if (error == NULL)
        g_set_error (&error, OCOP_MONEY_ERROR, OCOP_MONEY_ERROR_INVALID, _("The cash tendered is not an amount"));
      show_error (self, error);
      return;
    }
  complete (self);
}

/* The confirmation's own record, after the sale's: the sale stands
 * whatever happens to it, and a failure is said, not hidden. */
static void
confirm_in_journal (OcopPaymentDialog *self,
                    const char        *service,
                    const char        *transaction)
{
  g_autoptr(GError) error = NULL;

  if (!ocop_store_confirm_transfer (self->store, ocop_sale_get_uuid (self->cart), service, transaction,
                                    ocop_sale_get_cashier (self->cart), &error))
    g_warning ("The transfer of sale %s is recorded, its confirmation not: %s",
               ocop_sale_get_uuid (self->cart), error->message);
}

static void stop_waiting (OcopPaymentDialog *self);

/* Confirmed by the cashier's own eyes: no hub, no service, or the bank
 * late. */
static void
transfer_activated (GtkWidget  *widget,
                    const char *action,
                    GVariant   *parameter)
{
  OcopPaymentDialog *self = OCOP_PAYMENT_DIALOG (widget);
  g_autoptr(GError) error = NULL;

  if (self->close_id != 0)
    return;   /* the bank's confirmation recorded it already */
  if (!add_transfer_payments (self, &error))
    {
      show_error (self, error);
      return;
    }
  stop_waiting (self);
  if (record (self))
    {
      confirm_in_journal (self, NULL, NULL);
      gtk_window_destroy (GTK_WINDOW (self));
    }
}

/* ---- the bank's confirmation, through the hub ---- */

static void
set_bank_state (OcopPaymentDialog *self,
                const char        *text,
                gboolean           received)
{
  gtk_label_set_label (self->bank_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->bank_label), text != NULL);
  if (received)
    gtk_widget_add_css_class (GTK_WIDGET (self->bank_label), "bank-received");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->bank_label), "bank-received");
}

static void
stop_waiting (OcopPaymentDialog *self)
{
  g_cancellable_cancel (self->bank_waiting);
  g_clear_object (&self->bank_waiting);
  g_clear_handle_id (&self->bank_retry_id, g_source_remove);
}

/* The scanner's good sound, under the same setting: one sound the cashier
 * already knows means "done". */
static void
play_chime (OcopPaymentDialog *self)
{
  const char *sound = ocop_till_page_feedback_sound (self->settings, TRUE);

  if (sound == NULL)
    return;
  if (self->chime == NULL)
    self->chime = gtk_media_file_new_for_resource (sound);
  gtk_media_stream_seek (self->chime, 0);
  gtk_media_stream_play (self->chime);
}

static gboolean
close_cb (gpointer data)
{
  OcopPaymentDialog *self = data;

  self->close_id = 0;
  gtk_window_destroy (GTK_WINDOW (self));
  return G_SOURCE_REMOVE;
}

/* The sale is recorded at once; "received" stays a moment for the cashier
 * and the customer to see before the dialog closes. */
static void
bank_confirmed (OcopPaymentDialog *self,
                const char        *service,
                const char        *transaction)
{
  g_autoptr(GError) error = NULL;

  stop_waiting (self);
  set_bank_state (self, _("Received: the bank confirmed the transfer"), TRUE);
  play_chime (self);
  if (!add_transfer_payments (self, &error))
    {
      show_error (self, error);
      return;
    }
  if (!record (self))
    return;
  self->close_id = g_timeout_add (RECEIVED_SHOWN_MS, close_cb, self);
  confirm_in_journal (self, service, transaction);
}

static void ask_bank (OcopPaymentDialog *self);

static gboolean
retry_cb (gpointer data)
{
  OcopPaymentDialog *self = data;

  self->bank_retry_id = 0;
  ask_bank (self);
  return G_SOURCE_REMOVE;
}

/* One answer of the hub: confirmed, still waiting (ask again), or a
 * failure (say so, keep the hand confirmation, try again later). */
static void
bank_answered (OcopPaymentDialog *self,
               JsonNode          *answer,
               GError            *error)
{
  JsonObject *object = answer != NULL ? json_node_get_object (answer) : NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->bank_waiting == NULL)
    return;
  if (object != NULL &&
      g_strcmp0 (json_object_get_string_member_with_default (object, "status", ""), "confirmed") == 0)
    {
      bank_confirmed (self, json_object_get_string_member_with_default (object, "service", NULL),
                      json_object_get_string_member_with_default (object, "transaction", NULL));
      return;
    }
  if (error != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Cannot ask the hub about this transfer: %s. "
                                                 "Confirm by hand once the bank app shows the money."),
                                               error->message);
      set_bank_state (self, text, FALSE);
      self->bank_retry_id = g_timeout_add_seconds (BANK_RETRY_S, retry_cb, self);
      return;
    }
  ask_bank (self);
}

static void
waited_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(OcopPaymentDialog) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ocop_sync_client_wait_transfer_finish (OCOP_SYNC_CLIENT (source), result, &error);

  bank_answered (self, answer, error);
}

typedef struct {
  char   *code;
  gint64  amount;
  char   *account;
  char   *day;
} Announcement;

static void
announcement_free (Announcement *announcement)
{
  g_free (announcement->code);
  g_free (announcement->account);
  g_free (announcement->day);
  g_free (announcement);
}

static void
announce_thread (GTask        *task,
                 gpointer      source,
                 gpointer      data,
                 GCancellable *cancellable)
{
  Announcement *announcement = data;
  GError *error = NULL;
  JsonNode *answer = ocop_sync_client_announce_transfer (OCOP_SYNC_CLIENT (source), announcement->code,
                                                         announcement->amount, announcement->account,
                                                         announcement->day, cancellable, &error);

  if (answer == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, answer, (GDestroyNotify) json_node_unref);
}

static void
announced_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(OcopPaymentDialog) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = g_task_propagate_pointer (G_TASK (result), &error);

  if (answer != NULL)
    self->bank_amount = ((Announcement *) g_task_get_task_data (G_TASK (result)))->amount;
  bank_answered (self, answer, error);
}

/* Announces the transfer to the hub (once per amount), then waits for
 * the bank, a long poll after another, until it confirms or the cashier
 * does. */
static void
ask_bank (OcopPaymentDialog *self)
{
  g_autofree char *account = g_settings_get_string (self->settings, "bank-account");
  Announcement *announcement;
  g_autoptr(GTask) task = NULL;

  if (self->client == NULL || self->payment_code == NULL || *account == '\0')
    return;
  if (self->bank_waiting == NULL)
    self->bank_waiting = g_cancellable_new ();
  if (self->bank_amount == transfer_amount (self))
    {
      ocop_sync_client_wait_transfer_async (self->client, self->payment_code, BANK_WAIT_MS, self->bank_waiting,
                                            waited_cb, g_object_ref (self));
      return;
    }
  announcement = g_new0 (Announcement, 1);
  announcement->code = g_strdup (self->payment_code);
  announcement->amount = transfer_amount (self);
  announcement->account = g_steal_pointer (&account);
  announcement->day = ocop_store_business_day_of (self->store, ocop_store_now_us (self->store));
  task = g_task_new (self->client, self->bank_waiting, announced_cb, g_object_ref (self));
  g_task_set_task_data (task, announcement, (GDestroyNotify) announcement_free);
  g_task_run_in_thread (task, announce_thread);
}

static void
start_waiting (OcopPaymentDialog *self)
{
  g_autofree char *money = NULL, *text = NULL;

  if (self->client == NULL || self->payment_code == NULL || self->bank_waiting != NULL)
    return;
  money = ocop_money_format (transfer_amount (self));
  text = g_strdup_printf (_("Waiting for the bank: %s with the code %s"), money, self->payment_code);
  set_bank_state (self, text, FALSE);
  ask_bank (self);
}

static void
quick_tendered_activated (GtkWidget  *widget,
                          const char *action,
                          GVariant   *parameter)
{
  OcopPaymentDialog *self = OCOP_PAYMENT_DIALOG (widget);
  g_autofree char *text = ocop_money_format_plain (g_variant_get_int64 (parameter));

  gtk_editable_set_text (GTK_EDITABLE (self->tendered_entry), text);
}

static void
suggestion_activated (GtkWidget  *widget,
                      const char *action,
                      GVariant   *parameter)
{
  OcopPaymentDialog *self = OCOP_PAYMENT_DIALOG (widget);
  guint i = g_variant_get_uint32 (parameter);

  if (i < self->n_suggested && g_str_equal (self->tender, "cash"))
    gtk_widget_activate_action (widget, "payment.tendered", "x", self->suggested[i]);
}

/* A key of the on-screen keypad, typed where the caret is: touchscreens at
 * a booth often have no keyboard and an on-screen one hides the dialog. */
static void
key_activated (GtkWidget  *widget,
               const char *action,
               GVariant   *parameter)
{
  OcopPaymentDialog *self = OCOP_PAYMENT_DIALOG (widget);
  GtkEditable *editable = GTK_EDITABLE (self->tendered_entry);
  const char *key = g_variant_get_string (parameter, NULL);
  int position = gtk_editable_get_position (editable);

  if (g_str_equal (key, "back"))
    {
      if (position > 0)
        gtk_editable_delete_text (editable, position - 1, position);
    }
  else
    {
      gtk_editable_insert_text (editable, key, -1, &position);
      gtk_editable_set_position (editable, position);
    }
}

static void
exact_activated (GtkWidget  *widget,
                 const char *action,
                 GVariant   *parameter)
{
  gtk_editable_set_text (GTK_EDITABLE (OCOP_PAYMENT_DIALOG (widget)->tendered_entry), "");
}

/* One button per suggested amount, each with its function key. */
static void
fill_suggestions (OcopPaymentDialog *self)
{
  self->n_suggested = ocop_tender_fast_cash (ocop_sale_get_total (self->cart), self->suggested,
                                             G_N_ELEMENTS (self->suggested));
  for (guint i = 0; i < self->n_suggested; i++)
    {
      g_autofree char *money = ocop_money_format_plain (self->suggested[i]);
      g_autofree char *key = gtk_accelerator_get_label (suggestion_keys[i], 0);
      g_autofree char *markup = g_markup_printf_escaped ("%s <span size=\"small\" alpha=\"60%%\">%s</span>", money, key);
      GtkWidget *label = gtk_label_new (NULL);
      GtkWidget *button = gtk_button_new ();

      gtk_label_set_markup (GTK_LABEL (label), markup);
      gtk_button_set_child (GTK_BUTTON (button), label);
      gtk_widget_set_focus_on_click (button, FALSE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "payment.tendered");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", self->suggested[i]);
      gtk_widget_add_css_class (button, "fast-cash");
      gtk_flow_box_append (self->suggestions, button);
    }
}

static void
fill_keypad (OcopPaymentDialog *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (keypad_keys); i++)
    {
      GtkWidget *button = gtk_button_new_with_label (keypad_keys[i].label);

      gtk_widget_set_focus_on_click (button, FALSE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "payment.key");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", keypad_keys[i].key);
      if (g_str_equal (keypad_keys[i].key, "back"))
        gtk_widget_set_tooltip_text (button, _("Delete the last digit"));
      gtk_grid_attach (self->keypad, button, i % 3, i / 3, 1, 1);
    }
}

/* The page of the chosen tender; the tender buttons shrink to a switch
 * once one is chosen. Enter records cash on the cash page only. */
static void
show_tender (OcopPaymentDialog *self)
{
  gboolean cash = g_str_equal (self->tender, "cash");
  gboolean transfer = g_str_equal (self->tender, "transfer");

  gtk_stack_set_visible_child_name (self->pages, cash ? "cash" : transfer ? "transfer" : "choose");
  if (cash || transfer)
    gtk_widget_add_css_class (self->tender_box, "chosen");
  /* Off while the code is shown; before a tender is chosen nothing is the
   * default, so Enter on the first page records nothing either. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "payment.cash", !transfer);
  gtk_window_set_default_widget (GTK_WINDOW (self), cash ? GTK_WIDGET (self->cash_button) : NULL);
  /* On the transfer page the focus rests on its own tender button, where
   * Enter or Space chooses the transfer again: on the cash button they
   * would switch to cash, and a second Enter record it. */
  if (cash)
    gtk_widget_grab_focus (GTK_WIDGET (self->tendered_entry));
  else if (transfer)
    gtk_widget_grab_focus (self->transfer_tender);
  if (transfer)
    start_waiting (self);
  else
    {
      stop_waiting (self);
      set_bank_state (self, NULL, FALSE);
    }
}

static void
ocop_payment_dialog_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  OcopPaymentDialog *self = OCOP_PAYMENT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_TENDER:
      g_value_set_string (value, self->tender);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ocop_payment_dialog_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  OcopPaymentDialog *self = OCOP_PAYMENT_DIALOG (object);
  const char *tender = g_value_get_string (value);

  switch (prop_id)
    {
    case PROP_TENDER:
      if (tender == NULL || !(g_str_equal (tender, "cash") || g_str_equal (tender, "transfer")))
        tender = "";
      if (g_str_equal (tender, self->tender))
        return;
      g_free (self->tender);
      self->tender = g_strdup (tender);
      show_tender (self);
      g_object_notify_by_pspec (object, pspec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ocop_payment_dialog_dispose (GObject *object)
{
  OcopPaymentDialog *self = OCOP_PAYMENT_DIALOG (object);

  stop_waiting (self);
  g_clear_handle_id (&self->close_id, g_source_remove);
  g_clear_object (&self->client);
  g_clear_object (&self->chime);
  g_clear_pointer (&self->payment_code, g_free);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->cart);
  g_clear_pointer (&self->transfer_note, g_free);
  g_clear_pointer (&self->vietqr_payload, g_free);
  g_clear_pointer (&self->tender, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), OCOP_TYPE_PAYMENT_DIALOG);
  G_OBJECT_CLASS (ocop_payment_dialog_parent_class)->dispose (object);
}

static void
ocop_payment_dialog_class_init (OcopPaymentDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ocop_payment_dialog_dispose;
  object_class->get_property = ocop_payment_dialog_get_property;
  object_class->set_property = ocop_payment_dialog_set_property;

  /* "cash" or "transfer" once the cashier has chosen; "" until then. */
  properties[PROP_TENDER] = g_param_spec_string ("tender", NULL, NULL, "",
                                                 G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                                 G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[COMPLETED] = g_signal_new ("completed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, OCOP_TYPE_SALE);

  gtk_widget_class_set_template_from_resource (widget_class, "/vn/ocop/Pos/ocop-payment-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, OcopPaymentDialog, due_label);
  gtk_widget_class_bind_template_child (widget_class, OcopPaymentDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, OcopPaymentDialog, tender_box);
  gtk_widget_class_bind_template_child (widget_class, OcopPaymentDialog, cash_tender);
  gtk_widget_class_bind_template_child (widget_class, OcopPaymentDialog, transfer_tender);
  gtk_widget_class_bind_template_child (widget_class, OcopPaymentDialog, pages);
  gtk_widget_class_bind_template_child (widget_class, OcopPaymentDialog, suggestions);
  gtk_widget_class_bind_template_child (widget_class, OcopPaymentDialog, keypad);
  gtk_widget_class_bind_template_child (widget_class, OcopPaymentDialog, transfer_label);
  gtk_widget_class_bind_template_child (widget_class, OcopPaymentDialog, tendered_entry);
  gtk_widget_class_bind_template_child (widget_class, OcopPaymentDialog, change_label);
  gtk_widget_class_bind_template_child (widget_class, OcopPaymentDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, OcopPaymentDialog, cash_button);
  gtk_widget_class_bind_template_child (widget_class, OcopPaymentDialog, qr_picture);
  gtk_widget_class_bind_template_child (widget_class, OcopPaymentDialog, qr_label);
  gtk_widget_class_bind_template_child (widget_class, OcopPaymentDialog, bank_label);
  gtk_widget_class_bind_template_callback (widget_class, tendered_changed_cb);

  gtk_widget_class_install_action (widget_class, "payment.cash", NULL, cash_activated);
  gtk_widget_class_install_action (widget_class, "payment.transfer", NULL, transfer_activated);
  gtk_widget_class_install_action (widget_class, "payment.tendered", "x", quick_tendered_activated);
  gtk_widget_class_install_action (widget_class, "payment.exact", NULL, exact_activated);
  gtk_widget_class_install_action (widget_class, "payment.suggestion", "u", suggestion_activated);
  gtk_widget_class_install_action (widget_class, "payment.key", "s", key_activated);
  gtk_widget_class_install_property_action (widget_class, "payment.tender", "tender");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F1, 0, "payment.tender", "s", "cash");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, 0, "payment.tender", "s", "transfer");
  for (guint i = 0; i < G_N_ELEMENTS (suggestion_keys); i++)
    gtk_widget_class_add_binding_action (widget_class, suggestion_keys[i], 0, "payment.suggestion", "u", i);
}

static void
ocop_payment_dialog_init (OcopPaymentDialog *self)
{
  self->tender = g_strdup ("");
  gtk_widget_init_template (GTK_WIDGET (self));
  fill_keypad (self);
  show_tender (self);
  /* The entry's text widget, where typing and deleting happen. */
  g_signal_connect_object (gtk_editable_get_delegate (GTK_EDITABLE (self->tendered_entry)), "insert-text",
                           G_CALLBACK (tendered_insert_cb), self, 0);
  g_signal_connect_object (gtk_editable_get_delegate (GTK_EDITABLE (self->tendered_entry)), "delete-text",
                           G_CALLBACK (tendered_delete_cb), self, 0);
}

const char *
ocop_payment_dialog_get_vietqr_payload (OcopPaymentDialog *self)
{
  return self->vietqr_payload;
}

/* The weighed lines with their weight and amount, "Mực khô Cô Tô: 0,350 kg
 * × 1.200.000 ₫/kg = 420.000 ₫": the customer sees what the scale said
 * before paying, with the cart behind this dialog. The last three, on one
 * line under the title. */
#define WEIGHED_SHOWN 3

static void
show_weighed_lines (OcopPaymentDialog *self)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *text = NULL;
  guint n_more;

  for (guint i = 0; i < ocop_sale_get_n_lines (self->cart); i++)
    {
      const OcopSaleLine *line = ocop_sale_get_line (self->cart, i);
      g_autofree char *detail = NULL;
      g_autofree char *amount = NULL;

      if (!line->measured)
        continue;
      detail = ocop_line_text_detail (line);
      amount = ocop_money_format (line->amount);
      g_ptr_array_add (lines, g_strdup_printf ("%s: %s = %s", line->name, detail, amount));
    }
  n_more = lines->len > WEIGHED_SHOWN ? lines->len - WEIGHED_SHOWN : 0;
  if (n_more > 0)
    {
      g_ptr_array_remove_range (lines, 0, n_more);
      g_ptr_array_insert (lines, 0, g_strdup_printf (g_dngettext (NULL, "… and %u more weighed line",
                                                                  "… and %u more weighed lines", n_more),
                                                     n_more));
    }
  g_ptr_array_add (lines, NULL);
  text = g_strjoinv (" · ", (char **) lines->pdata);
  adw_window_title_set_subtitle (self->window_title, text);
}

/* The hub's client when the store has joined one; NULL otherwise, and
 * the transfer is confirmed by hand as before. */
static OcopSyncClient *
bank_client (OcopStore *store,
             GSettings *settings)
{
  g_autoptr(OcopSyncClient) client = ocop_sync_client_new (ocop_store_get_path (store));

  if (!ocop_sync_client_is_enrolled (client, NULL))
    return NULL;
  g_settings_bind (settings, "allow-plain-http", client, "allow-http", G_SETTINGS_BIND_GET);
  return g_steal_pointer (&client);
}

OcopPaymentDialog *
ocop_payment_dialog_new (GtkWindow *parent,
                         OcopStore *store,
                         GSettings *settings,
                         OcopSale  *cart)
{
  OcopPaymentDialog *self = g_object_new (OCOP_TYPE_PAYMENT_DIALOG, "transient-for", parent, NULL);
  g_autofree char *due = ocop_money_format (ocop_sale_get_total (cart));
  g_autofree char *text = g_strdup_printf (_("Total due: %s"), due);
  g_autoptr(OcopBooth) booth = ocop_store_get_current_booth (store, NULL);
  gint64 receipt_no;

  self->store = g_object_ref (store);
  self->settings = g_object_ref (settings);
  self->cart = g_object_ref (cart);
  /* The receipt number this sale will get, in the payment code the bank
   * reports back, so that its notification finds this sale. */
  receipt_no = ocop_store_peek_next_receipt_no (store, NULL);
  self->payment_code = ocop_payment_code_encode (booth ? booth->code : "", receipt_no, NULL);
  self->transfer_note = self->payment_code != NULL ? g_strdup (self->payment_code)
                                                   : ocop_vietqr_receipt_note (booth ? booth->code : "", receipt_no);
  self->client = bank_client (store, settings);
  gtk_label_set_label (self->due_label, text);
  show_weighed_lines (self);
  fill_suggestions (self);
  tendered_changed_cb (self);
  gtk_widget_grab_focus (self->cash_tender);
  return self;
}
