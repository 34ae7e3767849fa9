/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-printer-banner.c: shows the receipt printer's trouble where the
 * cashier looks (libadwaita 1.2 has no AdwBanner: a revealer and a styled
 * box do its job), with the receipts waiting and "Print again". */

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "ocop-printer-banner.h"

struct _OcopPrinterBanner
{
  GtkWidget    parent_instance;

  OcopDevices *devices;

  /* Template children */
  GtkRevealer *revealer;
  GtkLabel    *reason_label;
  GtkLabel    *waiting_label;
  GtkButton   *print_again_button;
};

G_DEFINE_FINAL_TYPE (OcopPrinterBanner, ocop_printer_banner, GTK_TYPE_WIDGET)

static void
update (OcopPrinterBanner *self)
{
  OcopPrinterTrouble trouble = ocop_devices_get_printer_trouble (self->devices);
  gint64 waiting = ocop_devices_get_waiting_receipts (self->devices);
  g_autofree char *count = NULL;

  gtk_revealer_set_reveal_child (self->revealer, trouble != OCOP_PRINTER_TROUBLE_NONE);
  /* Nothing to retry once the printer is fine, even while sliding away. */
  gtk_widget_set_visible (GTK_WIDGET (self->print_again_button), trouble != OCOP_PRINTER_TROUBLE_NONE && waiting > 0);
  if (trouble == OCOP_PRINTER_TROUBLE_NONE)
    return;
  gtk_label_set_label (self->reason_label, ocop_printer_trouble_describe (trouble));
  count = g_strdup_printf (g_dngettext (NULL, "%" PRId64 " receipt is waiting to print",
                                        "%" PRId64 " receipts are waiting to print", waiting),
                           waiting);
  gtk_label_set_label (self->waiting_label, count);
  gtk_widget_set_visible (GTK_WIDGET (self->waiting_label), waiting > 0);
}

void
ocop_printer_banner_set_devices (OcopPrinterBanner *self,
                                 OcopDevices       *devices)
{
  g_return_if_fail (OCOP_IS_PRINTER_BANNER (self));

  if (self->devices != NULL)
    g_signal_handlers_disconnect_by_data (self->devices, self);
  g_set_object (&self->devices, devices);
  if (devices == NULL)
    {
      gtk_revealer_set_reveal_child (self->revealer, FALSE);
      return;
    }
  g_signal_connect_object (devices, "changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
}

gboolean
ocop_printer_banner_is_shown (OcopPrinterBanner *self)
{
  return gtk_revealer_get_reveal_child (self->revealer);
}

static void
ocop_printer_banner_dispose (GObject *object)
{
  OcopPrinterBanner *self = OCOP_PRINTER_BANNER (object);

  g_clear_object (&self->devices);
  gtk_widget_dispose_template (GTK_WIDGET (self), OCOP_TYPE_PRINTER_BANNER);
  G_OBJECT_CLASS (ocop_printer_banner_parent_class)->dispose (object);
}

static void
ocop_printer_banner_class_init (OcopPrinterBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ocop_printer_banner_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/vn/ocop/Pos/ocop-printer-banner.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, OcopPrinterBanner, revealer);
  gtk_widget_class_bind_template_child (widget_class, OcopPrinterBanner, reason_label);
  gtk_widget_class_bind_template_child (widget_class, OcopPrinterBanner, waiting_label);
  gtk_widget_class_bind_template_child (widget_class, OcopPrinterBanner, print_again_button);
}

static void
ocop_printer_banner_init (OcopPrinterBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
