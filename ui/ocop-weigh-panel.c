/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-weigh-panel.c: the till's weighing panel: live weight and amount
 * from the scale (or typed), one key or tap to put the line in the cart. */

#include "config.h"

#include <glib/gi18n.h>

#include "ocop-money.h"
#include "ocop-quantity.h"
#include "ocop-weigh-panel.h"

/* A request/response scale (Mettler 8217) answers only when asked: five
 * readings a second show the weight settle without flooding a 9600-baud
 * line; a continuous scale ignores the requests. */
#define POLL_MS 200

struct _OcopWeighPanel
{
  GtkBox       parent_instance;

  OcopProduct *product;
  OcopScale   *scale;
  gulong       reading_id;
  guint        poll_id;
  gint64       rounding;
  gint64       stable;     /* thousandths of the last stable reading, 0 without one */
  gboolean     settling;   /* the last reading was a weight not yet stable */
  gboolean     armed;      /* confirmed while settling: the next stable reading adds */

  /* Template children */
  GtkLabel    *name_label;
  GtkLabel    *price_label;
  GtkLabel    *weight_label;
  GtkLabel    *amount_label;
  GtkLabel    *status_label;
  GtkEntry    *weight_entry;
  GtkWidget   *scale_buttons;
};

G_DEFINE_FINAL_TYPE (OcopWeighPanel, ocop_weigh_panel, GTK_TYPE_BOX)

enum { WEIGHED, CANCELLED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* ---- what the panel shows ---- */

/* A weight still moving is drawn dimmed, with its amount: the customer
 * sees it is not yet the one that will be charged. */
static void
show_settled (OcopWeighPanel *self,
              gboolean        settled)
{
  GtkWidget *labels[] = { GTK_WIDGET (self->weight_label), GTK_WIDGET (self->amount_label) };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (settled)
      gtk_widget_remove_css_class (labels[i], "unstable");
    else
      gtk_widget_add_css_class (labels[i], "unstable");
}

static void
show_weight (OcopWeighPanel *self,
             gint64          thousandths,
             gboolean        settled)
{
  const char *unit = ocop_product_get_unit (self->product);
  g_autofree char *weight = ocop_quantity_format (thousandths, TRUE, unit);
  g_autofree char *amount = ocop_money_format (ocop_measure_amount (ocop_product_get_price (self->product),
                                                                    thousandths, self->rounding));

  gtk_label_set_label (self->weight_label, weight);
  gtk_label_set_label (self->amount_label, amount);
  show_settled (self, settled);
}

static void
show_no_weight (OcopWeighPanel *self)
{
  gtk_label_set_label (self->weight_label, "—");
  gtk_label_set_label (self->amount_label, "");
  show_settled (self, TRUE);
}

static void
show_status (OcopWeighPanel *self,
             const char     *text,
             gboolean        problem)
{
  gtk_label_set_label (self->status_label, text);
  if (problem)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
}

/* Zero, overload, unplugged…: the message, no weight, and nothing added
 * until the scale reads a stable weight again. */
static void
show_problem (OcopWeighPanel *self,
              const char     *message)
{
  self->stable = 0;
  self->settling = FALSE;
  self->armed = FALSE;
  show_no_weight (self);
  show_status (self, message, TRUE);
}

/* ---- confirming ---- */

static void
emit_weighed (OcopWeighPanel *self,
              gint64          thousandths)
{
  /* The handler may stop the panel, which drops the product. */
  g_autoptr(OcopProduct) product = g_object_ref (self->product);

  self->armed = FALSE;
  g_signal_emit (self, signals[WEIGHED], 0, product, thousandths);
}

static void
confirm_typed (OcopWeighPanel *self)
{
  g_autoptr(GError) error = NULL;
  gint64 thousandths = 0;

  if (!ocop_quantity_parse (gtk_editable_get_text (GTK_EDITABLE (self->weight_entry)),
                            ocop_product_get_unit (self->product), TRUE, &thousandths, &error))
    {
      show_problem (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->weight_entry));
      gtk_editable_select_region (GTK_EDITABLE (self->weight_entry), 0, -1);
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  emit_weighed (self, thousandths);
}

/* Only a stable reading is charged; confirmed while the weight settles,
 * the line goes in with the first stable reading. */
static void
confirm_weighed (OcopWeighPanel *self)
{
  if (self->stable > 0)
    emit_weighed (self, self->stable);
  else if (self->settling)
    {
      self->armed = TRUE;
      show_status (self, _("Adds the line as soon as the weight is stable"), FALSE);
    }
  else
    gtk_widget_error_bell (GTK_WIDGET (self));
}

static void
confirm_activated (GtkWidget  *widget,
                   const char *action,
                   GVariant   *parameter)
{
  OcopWeighPanel *self = OCOP_WEIGH_PANEL (widget);

  if (self->product == NULL)
    return;
  if (self->scale != NULL)
    confirm_weighed (self);
  else
    confirm_typed (self);
}

static void
cancel_activated (GtkWidget  *widget,
                  const char *action,
                  GVariant   *parameter)
{
  OcopWeighPanel *self = OCOP_WEIGH_PANEL (widget);

  if (self->product != NULL)
    g_signal_emit (self, signals[CANCELLED], 0);
}

static void
tare_activated (GtkWidget  *widget,
                const char *action,
                GVariant   *parameter)
{
  OcopWeighPanel *self = OCOP_WEIGH_PANEL (widget);

  if (self->scale != NULL)
    ocop_scale_tare (self->scale);
}

static void
zero_activated (GtkWidget  *widget,
                const char *action,
                GVariant   *parameter)
{
  OcopWeighPanel *self = OCOP_WEIGH_PANEL (widget);

  if (self->scale != NULL)
    ocop_scale_zero (self->scale);
}

/* ---- the scale ---- */

void
ocop_weigh_panel_show_reading (OcopWeighPanel         *self,
                               const OcopScaleReading *reading)
{
  g_autoptr(GError) error = NULL;
  gboolean settled = reading->status == OCOP_SCALE_STABLE;
  gint64 thousandths = 0;

  g_return_if_fail (OCOP_IS_WEIGH_PANEL (self));

  if (self->product == NULL)
    return;
  if (reading->status != OCOP_SCALE_STABLE && reading->status != OCOP_SCALE_UNSTABLE)
    {
      show_problem (self, ocop_scale_status_describe (reading->status));
      return;
    }
  /* A scale that calls an empty pan "stable" still weighs nothing. */
  if (reading->grams <= 0)
    {
      show_problem (self, ocop_scale_status_describe (reading->grams < 0 ? OCOP_SCALE_NEGATIVE : OCOP_SCALE_ZERO));
      return;
    }
  if (!ocop_quantity_from_grams (reading->grams, ocop_product_get_unit (self->product), &thousandths, &error))
    {
      show_problem (self, error->message);
      return;
    }
  show_weight (self, thousandths, settled);
  self->stable = settled ? thousandths : 0;
  self->settling = !settled;
  if (settled && self->armed)
    emit_weighed (self, thousandths);
  else if (settled)
    show_status (self, _("Stable: Enter adds the line"), FALSE);
  else if (!self->armed)
    show_status (self, _("Not stable yet: waiting for the weight to settle"), FALSE);
}

static void
reading_cb (OcopScale              *scale,
            const OcopScaleReading *reading,
            OcopWeighPanel         *self)
{
  ocop_weigh_panel_show_reading (self, reading);
}

static gboolean
poll_cb (gpointer data)
{
  OcopWeighPanel *self = data;

  ocop_scale_request (self->scale);
  return G_SOURCE_CONTINUE;
}

/* ---- typing ---- */

/* The weight and amount as the cashier types, once the text reads as a
 * weight; why it does not is said on Enter, not at every key. */
static void
weight_changed_cb (OcopWeighPanel *self)
{
  gint64 thousandths = 0;

  if (self->product == NULL || self->scale != NULL)
    return;
  show_status (self, _("Type the weight: 350 g, 0,35 or 0.35 kg"), FALSE);
  if (ocop_quantity_parse (gtk_editable_get_text (GTK_EDITABLE (self->weight_entry)),
                           ocop_product_get_unit (self->product), TRUE, &thousandths, NULL))
    show_weight (self, thousandths, TRUE);
  else
    show_no_weight (self);
}

static void
weight_activate_cb (OcopWeighPanel *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "weigh.confirm", NULL);
}

/* ---- starting and stopping ---- */

static void
show_product (OcopWeighPanel *self)
{
  const char *unit = ocop_product_get_unit (self->product);
  g_autofree char *price = ocop_money_format (ocop_product_get_price (self->product));
  g_autofree char *unit_price = g_strdup_printf ("%s/%s", price, unit);

  gtk_label_set_label (self->name_label, ocop_product_get_name (self->product));
  gtk_label_set_label (self->price_label, unit_price);
  show_no_weight (self);
}

void
ocop_weigh_panel_start (OcopWeighPanel *self,
                        OcopProduct    *product,
                        OcopScale      *scale,
                        gint64          rounding)
{
  g_return_if_fail (OCOP_IS_WEIGH_PANEL (self));
  g_return_if_fail (OCOP_IS_PRODUCT (product));

  ocop_weigh_panel_stop (self);
  self->product = g_object_ref (product);
  self->rounding = rounding;
  show_product (self);
  gtk_widget_set_visible (self->scale_buttons, scale != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->weight_entry), scale == NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->weight_entry), "");
  if (scale == NULL)
    {
      weight_changed_cb (self);
      gtk_widget_grab_focus (GTK_WIDGET (self->weight_entry));
      return;
    }
  self->scale = g_object_ref (scale);
  self->reading_id = g_signal_connect_object (scale, "reading", G_CALLBACK (reading_cb), self, 0);
  show_status (self, _("Put the goods on the scale"), FALSE);
  ocop_scale_request (scale);
  self->poll_id = g_timeout_add (POLL_MS, poll_cb, self);
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

void
ocop_weigh_panel_stop (OcopWeighPanel *self)
{
  g_return_if_fail (OCOP_IS_WEIGH_PANEL (self));

  g_clear_handle_id (&self->poll_id, g_source_remove);
  if (self->scale != NULL)
    g_clear_signal_handler (&self->reading_id, self->scale);
  g_clear_object (&self->scale);
  g_clear_object (&self->product);
  self->stable = 0;
  self->settling = FALSE;
  self->armed = FALSE;
}

OcopProduct *
ocop_weigh_panel_get_product (OcopWeighPanel *self)
{
  g_return_val_if_fail (OCOP_IS_WEIGH_PANEL (self), NULL);

  return self->product;
}

const char *
ocop_weigh_panel_get_weight_text (OcopWeighPanel *self)
{
  return gtk_label_get_label (self->weight_label);
}

const char *
ocop_weigh_panel_get_status_text (OcopWeighPanel *self)
{
  return gtk_label_get_label (self->status_label);
}

const char *
ocop_weigh_panel_get_amount_text (OcopWeighPanel *self)
{
  return gtk_label_get_label (self->amount_label);
}

/* ---- the object ---- */

static void
ocop_weigh_panel_dispose (GObject *object)
{
  OcopWeighPanel *self = OCOP_WEIGH_PANEL (object);

  ocop_weigh_panel_stop (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), OCOP_TYPE_WEIGH_PANEL);

  G_OBJECT_CLASS (ocop_weigh_panel_parent_class)->dispose (object);
}

static void
ocop_weigh_panel_class_init (OcopWeighPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ocop_weigh_panel_dispose;

  /* The cashier confirmed a weight: the product and the weight in
   * thousandths of its unit. */
  signals[WEIGHED] = g_signal_new ("weighed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 2, OCOP_TYPE_PRODUCT, G_TYPE_INT64);
  signals[CANCELLED] = g_signal_new ("cancelled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                     NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "weigh.confirm", NULL, confirm_activated);
  gtk_widget_class_install_action (widget_class, "weigh.cancel", NULL, cancel_activated);
  gtk_widget_class_install_action (widget_class, "weigh.tare", NULL, tare_activated);
  gtk_widget_class_install_action (widget_class, "weigh.zero", NULL, zero_activated);
  /* Keyboard first: the till is worked with a scanner and keys. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "weigh.confirm", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "weigh.confirm", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "weigh.cancel", NULL);

  gtk_widget_class_set_template_from_resource (widget_class, "/vn/ocop/Pos/ocop-weigh-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, OcopWeighPanel, name_label);
  gtk_widget_class_bind_template_child (widget_class, OcopWeighPanel, price_label);
  gtk_widget_class_bind_template_child (widget_class, OcopWeighPanel, weight_label);
  gtk_widget_class_bind_template_child (widget_class, OcopWeighPanel, amount_label);
  gtk_widget_class_bind_template_child (widget_class, OcopWeighPanel, status_label);
  gtk_widget_class_bind_template_child (widget_class, OcopWeighPanel, weight_entry);
  gtk_widget_class_bind_template_child (widget_class, OcopWeighPanel, scale_buttons);
  gtk_widget_class_bind_template_callback (widget_class, weight_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, weight_activate_cb);
}

static void
ocop_weigh_panel_init (OcopWeighPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
