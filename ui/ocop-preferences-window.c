/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-preferences-window.c: every row is bound to its GSettings key, so a
 * change is kept as soon as it is typed. */

#include "config.h"

#include "ocop-preferences-window.h"
#include "ocop-window.h"

struct _OcopPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwEntryRow          *bank_bin_row;
  AdwEntryRow          *bank_account_row;
  AdwEntryRow          *bank_account_name_row;
  GtkSpinButton        *gap_spin;
};

G_DEFINE_FINAL_TYPE (OcopPreferencesWindow, ocop_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
ocop_preferences_window_class_init (OcopPreferencesWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  ocop_ui_register_resources ();
  gtk_widget_class_set_template_from_resource (widget_class, "/vn/ocop/Pos/ocop-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, OcopPreferencesWindow, bank_bin_row);
  gtk_widget_class_bind_template_child (widget_class, OcopPreferencesWindow, bank_account_row);
  gtk_widget_class_bind_template_child (widget_class, OcopPreferencesWindow, bank_account_name_row);
  gtk_widget_class_bind_template_child (widget_class, OcopPreferencesWindow, gap_spin);
}

static void
ocop_preferences_window_init (OcopPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

OcopPreferencesWindow *
ocop_preferences_window_new (GtkWindow *parent,
                             GSettings *settings)
{
  OcopPreferencesWindow *self = g_object_new (OCOP_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);

  g_settings_bind (settings, "bank-bin", self->bank_bin_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "bank-account", self->bank_account_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "bank-account-name", self->bank_account_name_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "scanner-max-gap-ms", self->gap_spin, "value", G_SETTINGS_BIND_DEFAULT);
  return self;
}
