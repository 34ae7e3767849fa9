/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-gate-page.c: counting visitors at a gate. A tap is recorded in the
 * store at once (a crash loses nothing); undo and corrections are new
 * records with a reason, never edits. */

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "ocop-gate-page.h"
#include "ocop-toast.h"

/* Quarters of an hour listed: the last two hours. */
#define QUARTERS_SHOWN 8

struct _OcopGatePage
{
  GtkBox            parent_instance;

  OcopStore        *store;
  GSettings        *settings;
  gint64            last_tap;        /* what "undo" takes back; 0: nothing */
  gint64            last_key_us;     /* debounces a clicker's repeats */
  char             *total_text;
  AdwMessageDialog *dialog;          /* weak */

  GtkLabel         *gate_label;
  GtkLabel         *total_label;
  GtkButton        *plus_one_button;
  GtkListBox       *quarters_list;
};

G_DEFINE_FINAL_TYPE (OcopGatePage, ocop_gate_page, GTK_TYPE_BOX)

enum { SIGNAL_COUNTED, N_SIGNALS };
static guint signals[N_SIGNALS];

static char *
gate_name (OcopGatePage *self)
{
  g_autofree char *name = g_settings_get_string (self->settings, "gate-name");

  g_strstrip (name);
  return *name ? g_steal_pointer (&name) : g_strdup (_("Main gate"));
}

static char *
today (OcopGatePage *self)
{
  return ocop_store_business_day_of (self->store, ocop_store_now_us (self->store));
}

static GtkWidget *
quarter_row_new (int    quarter,
                 gint64 count)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = g_strdup_printf ("%02d:%02d–%02d:%02d", quarter / 4, quarter % 4 * 15,
                                            (quarter + 1) / 4 % 24, (quarter + 1) % 4 * 15);
  g_autofree char *number = g_strdup_printf ("%" PRId64, count);
  GtkWidget *label = gtk_label_new (number);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_add_css_class (label, "title-3");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  return row;
}

void
ocop_gate_page_refresh (OcopGatePage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *gate = NULL;
  g_autofree char *day = NULL;
  g_autofree char *heading = NULL;
  gint64 counts[OCOP_QUARTERS_A_DAY];
  GtkWidget *child;
  int now_quarter;

  if (self->store == NULL)
    return;
  gate = gate_name (self);
  day = today (self);
  heading = g_strdup_printf (_("%s — %s"), gate, day);
  gtk_label_set_label (self->gate_label, heading);
  g_free (self->total_text);
  self->total_text = g_strdup_printf (g_dngettext (NULL, "%" PRId64 " visitor today", "%" PRId64 " visitors today",
                                                   ocop_store_count_visitors (self->store, day, gate)),
                                      ocop_store_count_visitors (self->store, day, gate));
  gtk_label_set_label (self->total_label, self->total_text);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->quarters_list))) != NULL)
    gtk_list_box_remove (self->quarters_list, child);
  if (!ocop_store_count_visitors_by_quarter (self->store, day, gate, counts, &error))
    {
      ocop_toast_show (GTK_WIDGET (self), error->message);
      return;
    }
  now_quarter = ocop_store_local_quarter (self->store, ocop_store_now_us (self->store));
  for (int q = now_quarter; q >= 0 && q > now_quarter - QUARTERS_SHOWN; q--)
    gtk_list_box_append (self->quarters_list, quarter_row_new (q, counts[q]));
}

static gboolean
record (OcopGatePage *self,
        gint64        count,
        const char   *reason)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *gate = gate_name (self);

  if (!ocop_store_add_visitors (self->store, gate, count, reason, &error))
    {
      ocop_toast_show (GTK_WIDGET (self), error->message);
      return FALSE;
    }
  ocop_gate_page_refresh (self);
  g_signal_emit (self, signals[SIGNAL_COUNTED], 0);
  return TRUE;
}

static void
add_activated (GtkWidget  *widget,
               const char *action,
               GVariant   *parameter)
{
  OcopGatePage *self = OCOP_GATE_PAGE (widget);
  gint64 count = g_variant_get_int64 (parameter);

  if (self->store != NULL && record (self, count, NULL))
    {
      self->last_tap = count;
      gtk_widget_action_set_enabled (widget, "gate.undo", TRUE);
    }
  /* A pedal's Enter must never land on +5 or Undo. */
  gtk_widget_grab_focus (GTK_WIDGET (self->plus_one_button));
}

static void
undo_activated (GtkWidget  *widget,
                const char *action,
                GVariant   *parameter)
{
  OcopGatePage *self = OCOP_GATE_PAGE (widget);
  g_autofree char *message = NULL;

  if (self->last_tap == 0 || !record (self, -self->last_tap, _("Undo of the last tap")))
    return;
  message = g_strdup_printf (_("Took back the last tap (%" PRId64 ")"), self->last_tap);
  ocop_toast_show (GTK_WIDGET (self), message);
  self->last_tap = 0;
  gtk_widget_action_set_enabled (widget, "gate.undo", FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->plus_one_button));
}

static void
correct_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     OcopGatePage     *self)
{
  GtkSpinButton *count = g_object_get_data (G_OBJECT (dialog), "count");
  GtkEditable *reason = g_object_get_data (G_OBJECT (dialog), "reason");
  gint64 amount;

  if (!g_str_equal (response, "apply"))
    return;
  gtk_spin_button_update (count);
  amount = gtk_spin_button_get_value_as_int (count);
  if (record (self, amount, gtk_editable_get_text (reason)))
    {
      /* Corrections are not undone with a tap: another correction does. */
      self->last_tap = 0;
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "gate.undo", FALSE);
    }
}

static void
correct_activated (GtkWidget  *widget,
                   const char *action,
                   GVariant   *parameter)
{
  OcopGatePage *self = OCOP_GATE_PAGE (widget);
  AdwMessageDialog *dialog;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *count = gtk_spin_button_new_with_range (-100000, 100000, 1);
  GtkWidget *reason = gtk_entry_new ();

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                                       _("Correct the count"),
                                                       _("Add or take away visitors, for example after a count by hand. "
                                                         "Taking away needs a reason.")));
  gtk_widget_set_name (count, "count");
  gtk_widget_set_name (reason, "reason");
  gtk_entry_set_placeholder_text (GTK_ENTRY (reason), _("Reason"));
  gtk_box_append (GTK_BOX (box), count);
  gtk_box_append (GTK_BOX (box), reason);
  g_object_set_data (G_OBJECT (dialog), "count", count);
  g_object_set_data (G_OBJECT (dialog), "reason", reason);
  adw_message_dialog_set_extra_child (dialog, box);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "apply", _("_Record"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "apply", ADW_RESPONSE_SUGGESTED);
  g_signal_connect_object (dialog, "response", G_CALLBACK (correct_response_cb), self, 0);
  g_set_weak_pointer (&self->dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Clickers and foot pedals are keyboards that send one key; the window
 * hands every key to this page while it is shown, before any widget. */
gboolean
ocop_gate_page_handle_key (OcopGatePage    *self,
                           guint            keyval,
                           GdkModifierType  state,
                           gint64           now_us)
{
  if (gtk_widget_get_root (GTK_WIDGET (self)) != NULL &&
      GTK_IS_EDITABLE (gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (self)))))
    return FALSE;   /* typing a reason */
  switch (keyval)
    {
    case GDK_KEY_space:
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_plus:
    case GDK_KEY_KP_Add:
    case GDK_KEY_Page_Down:
    case GDK_KEY_Right:
      break;
    default:
      return FALSE;
    }
  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return FALSE;
  if (self->last_key_us != 0 && now_us - self->last_key_us < OCOP_GATE_KEY_REPEAT_MS * 1000)
    return TRUE;
  self->last_key_us = now_us;
  gtk_widget_activate_action (GTK_WIDGET (self), "gate.add", "x", (gint64) 1);
  return TRUE;
}

static void
ocop_gate_page_dispose (GObject *object)
{
  OcopGatePage *self = OCOP_GATE_PAGE (object);

  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->total_text, g_free);
  g_clear_weak_pointer (&self->dialog);
  gtk_widget_dispose_template (GTK_WIDGET (self), OCOP_TYPE_GATE_PAGE);
  G_OBJECT_CLASS (ocop_gate_page_parent_class)->dispose (object);
}

static void
ocop_gate_page_class_init (OcopGatePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ocop_gate_page_dispose;
  /* A count was recorded (the status bar's "waiting to sync" grew). */
  signals[SIGNAL_COUNTED] = g_signal_new ("counted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_template_from_resource (widget_class, "/vn/ocop/Pos/ocop-gate-page.ui");
  gtk_widget_class_bind_template_child (widget_class, OcopGatePage, gate_label);
  gtk_widget_class_bind_template_child (widget_class, OcopGatePage, total_label);
  gtk_widget_class_bind_template_child (widget_class, OcopGatePage, plus_one_button);
  gtk_widget_class_bind_template_child (widget_class, OcopGatePage, quarters_list);
  gtk_widget_class_install_action (widget_class, "gate.add", "x", add_activated);
  gtk_widget_class_install_action (widget_class, "gate.undo", NULL, undo_activated);
  gtk_widget_class_install_action (widget_class, "gate.correct", NULL, correct_activated);
}

static void
ocop_gate_page_init (OcopGatePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "gate.undo", FALSE);
}

void
ocop_gate_page_set_store (OcopGatePage *self,
                          OcopStore    *store,
                          GSettings    *settings)
{
  g_set_object (&self->store, store);
  g_set_object (&self->settings, settings);
  g_signal_connect_object (settings, "changed::gate-name", G_CALLBACK (ocop_gate_page_refresh), self,
                           G_CONNECT_SWAPPED);
}

const char *
ocop_gate_page_get_total_text (OcopGatePage *self)
{
  return self->total_text;
}

const char *
ocop_gate_page_get_last_message (OcopGatePage *self)
{
  return ocop_toast_get_last (GTK_WIDGET (self));
}

AdwMessageDialog *
ocop_gate_page_get_dialog (OcopGatePage *self)
{
  return self->dialog;
}
