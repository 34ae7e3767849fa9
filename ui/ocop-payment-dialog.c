/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-payment-dialog.c: the sale is recorded before anything else
 * happens (receipts come after); if recording fails the dialog stays open
 * with the reason and the cart as it was, so it never closes on a
 * half-recorded sale. */

#include "config.h"

#include <glib/gi18n.h>

#include "ocop-money.h"
#include "ocop-payment-dialog.h"
#include "ocop-qr.h"
#include "ocop-vietqr.h"

struct _OcopPaymentDialog
{
  AdwWindow   parent_instance;

  OcopStore  *store;
  GSettings  *settings;
  OcopSale   *cart;
  char       *transfer_note;
  char       *vietqr_payload;

  GtkLabel   *due_label;
  GtkEntry   *tendered_entry;
  GtkLabel   *change_label;
  GtkLabel   *error_label;
  GtkButton  *cash_button;
  GtkPicture *qr_picture;
  GtkLabel   *qr_label;
};

G_DEFINE_FINAL_TYPE (OcopPaymentDialog, ocop_payment_dialog, ADW_TYPE_WINDOW)

enum { COMPLETED, N_SIGNALS };
static guint signals[N_SIGNALS];

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
  g_autofree char *money = ocop_money_format (amount);
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
  caption = g_strdup_printf (_("Transfer %s to %s %s — note “%s”"), money, holder, account, self->transfer_note);
  gtk_label_set_label (self->qr_label, caption);
}

static void
tendered_changed_cb (OcopPaymentDialog *self)
{
  gint64 due = ocop_sale_get_total (self->cart);
  gint64 given = tendered (self);
  g_autofree char *text = NULL;

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
  update_vietqr (self, given > 0 && given < due ? due - given : due);
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
static void
complete (OcopPaymentDialog *self)
{
  g_autoptr(GError) error = NULL;

  if (!ocop_store_commit_sale (self->store, self->cart, &error))
    {
      ocop_sale_clear_payments (self->cart);
      show_error (self, error);
      return;
    }
  g_signal_emit (self, signals[COMPLETED], 0, self->cart);
  gtk_window_destroy (GTK_WINDOW (self));
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

static void
transfer_activated (GtkWidget  *widget,
                    const char *action,
                    GVariant   *parameter)
{
  OcopPaymentDialog *self = OCOP_PAYMENT_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  gint64 given = tendered (self);

  /* Cash typed in first is a split payment: that cash, the rest by
   * transfer. */
  ocop_sale_clear_payments (self->cart);
  if (given > 0 && given < ocop_sale_get_total (self->cart) &&
      !ocop_sale_add_payment (self->cart, OCOP_PAYMENT_CASH, given, 0, &error))
    {
      show_error (self, error);
      return;
    }
  if (!ocop_sale_add_payment (self->cart, OCOP_PAYMENT_TRANSFER, -1, 0, &error))
    {
      ocop_sale_clear_payments (self->cart);
      show_error (self, error);
      return;
    }
  complete (self);
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
exact_activated (GtkWidget  *widget,
                 const char *action,
                 GVariant   *parameter)
{
  gtk_editable_set_text (GTK_EDITABLE (OCOP_PAYMENT_DIALOG (widget)->tendered_entry), "");
}

static void
ocop_payment_dialog_dispose (GObject *object)
{
  OcopPaymentDialog *self = OCOP_PAYMENT_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->cart);
  g_clear_pointer (&self->transfer_note, g_free);
  g_clear_pointer (&self->vietqr_payload, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), OCOP_TYPE_PAYMENT_DIALOG);
  G_OBJECT_CLASS (ocop_payment_dialog_parent_class)->dispose (object);
}

static void
ocop_payment_dialog_class_init (OcopPaymentDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ocop_payment_dialog_dispose;

  signals[COMPLETED] = g_signal_new ("completed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, OCOP_TYPE_SALE);

  gtk_widget_class_set_template_from_resource (widget_class, "/vn/ocop/Pos/ocop-payment-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, OcopPaymentDialog, due_label);
  gtk_widget_class_bind_template_child (widget_class, OcopPaymentDialog, tendered_entry);
  gtk_widget_class_bind_template_child (widget_class, OcopPaymentDialog, change_label);
  gtk_widget_class_bind_template_child (widget_class, OcopPaymentDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, OcopPaymentDialog, cash_button);
  gtk_widget_class_bind_template_child (widget_class, OcopPaymentDialog, qr_picture);
  gtk_widget_class_bind_template_child (widget_class, OcopPaymentDialog, qr_label);
  gtk_widget_class_bind_template_callback (widget_class, tendered_changed_cb);

  gtk_widget_class_install_action (widget_class, "payment.cash", NULL, cash_activated);
  gtk_widget_class_install_action (widget_class, "payment.transfer", NULL, transfer_activated);
  gtk_widget_class_install_action (widget_class, "payment.tendered", "x", quick_tendered_activated);
  gtk_widget_class_install_action (widget_class, "payment.exact", NULL, exact_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ocop_payment_dialog_init (OcopPaymentDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->cash_button));
}

const char *
ocop_payment_dialog_get_vietqr_payload (OcopPaymentDialog *self)
{
  return self->vietqr_payload;
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

  self->store = g_object_ref (store);
  self->settings = g_object_ref (settings);
  self->cart = g_object_ref (cart);
  /* The receipt number this sale will get, so that the bank statement line
   * can be matched to the receipt. */
  self->transfer_note = g_strdup_printf ("%s #%" G_GINT64_FORMAT, booth ? booth->code : "",
                                         ocop_store_peek_next_receipt_no (store, NULL));
  gtk_label_set_label (self->due_label, text);
  tendered_changed_cb (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->tendered_entry));
  return self;
}
