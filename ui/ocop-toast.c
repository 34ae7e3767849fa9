/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-toast.c: toasts, shown at once, and the last one kept for tests. */

#include "config.h"

#include "ocop-toast.h"

G_DEFINE_QUARK (ocop-toast-last-message, last_message)

void
ocop_toast_show (GtkWidget  *widget,
                 const char *message)
{
  ocop_toast_show_with_action (widget, message, NULL, NULL);
}

void
ocop_toast_show_with_action (GtkWidget  *widget,
                             const char *message,
                             const char *button_label,
                             const char *action_name)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  AdwToast *toast;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (message != NULL);

  g_object_set_qdata_full (G_OBJECT (widget), last_message_quark (), g_strdup (message), g_free);
  g_debug ("toast: %s", message);
  toast = adw_toast_new (message);
  /* Shown at once, not queued behind an older one: each message answers
   * what the cashier just did (a scan, a refused PIN or discount, a
   * receipt recorded) and must be seen while they still look at it. */
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  if (button_label != NULL)
    {
      adw_toast_set_button_label (toast, button_label);
      adw_toast_set_action_name (toast, action_name);
    }
  if (ADW_IS_PREFERENCES_WINDOW (widget))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (widget), toast);
  else if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    g_object_unref (toast);
}

const char *
ocop_toast_get_last (GtkWidget *widget)
{
  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  return g_object_get_qdata (G_OBJECT (widget), last_message_quark ());
}
