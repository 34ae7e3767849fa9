/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-scale-settings.c: the Scale group of Settings. The port and the
 * protocol make the scale-uri setting (serial:PORT?protocol=NAME, or a
 * usb: address kept as it is); "Read now" asks a scale made from the
 * setting, so a cashier sees what the till will read before selling. */

#include "config.h"

#include <glib/gi18n.h>

#include "ocop-devices.h"
#include "ocop-scale.h"
#include "ocop-scale-protocol.h"
#include "ocop-scale-settings.h"
#include "ocop-serial-ports.h"

struct _OcopScaleSettings
{
  AdwPreferencesGroup  parent_instance;

  AdwComboRow         *port_row;
  GtkStringList       *ports;
  AdwComboRow         *protocol_row;
  GtkStringList       *protocols;
  AdwActionRow        *read_row;

  GSettings           *settings;
  GPtrArray           *port_addresses;   /* "" for none, serial:PATH, usb:VID:PID */
  gboolean             filling;
  OcopDevices         *devices;          /* weak */
  OcopScale           *testing;          /* the scale "Read now" asked */
  gboolean             own_testing;      /* made here, not the till's */
  gulong               reading_handler;
};

G_DEFINE_FINAL_TYPE (OcopScaleSettings, ocop_scale_settings, ADW_TYPE_PREFERENCES_GROUP)

/* The address part of @uri: serial:PATH without its options. */
static char *
port_of (const char *uri)
{
  const char *query = strchr (uri, '?');

  return query != NULL ? g_strndup (uri, query - uri) : g_strdup (uri);
}

static void
add_port (OcopScaleSettings *self,
          const char        *address,
          const char        *label)
{
  g_ptr_array_add (self->port_addresses, g_strdup (address));
  gtk_string_list_append (self->ports, label);
}

/* None, each serial port found now, and the setting's own port when it
 * is none of them (a USB scale, a port unplugged for now). */
static void
show_ports (OcopScaleSettings *self,
            const char        *uri)
{
  g_autoptr(GPtrArray) found = ocop_serial_ports_list (NULL);
  g_autofree char *current = port_of (uri);
  guint selected = 0;

  gtk_string_list_splice (self->ports, 0, g_list_model_get_n_items (G_LIST_MODEL (self->ports)), NULL);
  g_ptr_array_set_size (self->port_addresses, 0);
  add_port (self, "", _("No scale (weights are typed)"));
  for (guint i = 0; i < found->len; i++)
    add_port (self, found->pdata[i], (const char *) found->pdata[i] + strlen ("serial:"));
  if (!g_ptr_array_find_with_equal_func (self->port_addresses, current, g_str_equal, &selected))
    {
      selected = self->port_addresses->len;
      add_port (self, current, g_str_has_prefix (current, "serial:") ? current + strlen ("serial:") : current);
    }
  adw_combo_row_set_selected (self->port_row, selected);
}

static void
show_protocol (OcopScaleSettings *self,
               const char        *uri)
{
  g_autoptr(GUri) parsed = NULL;
  g_autoptr(GHashTable) params = NULL;
  const char *query = strchr (uri, '?');
  const char *name = NULL;
  const OcopScaleProtocol *table;
  gsize n;

  if (query != NULL)
    params = g_uri_parse_params (query + 1, -1, "&", G_URI_PARAMS_NONE, NULL);
  if (params != NULL)
    name = g_hash_table_lookup (params, "protocol");
  table = ocop_scale_protocols (&n);
  for (gsize i = 0; i < n; i++)
    if (g_strcmp0 (table[i].name, name) == 0)
      adw_combo_row_set_selected (self->protocol_row, i);
}

/* A protocol is for serial ports; a scale is read only once set. */
static void
show_usable (OcopScaleSettings *self,
             const char        *uri)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->protocol_row), g_str_has_prefix (uri, "serial:"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "scale.read", *uri != '\0');
}

static void
show_setting (OcopScaleSettings *self)
{
  g_autofree char *uri = g_settings_get_string (self->settings, "scale-uri");

  self->filling = TRUE;
  show_ports (self, uri);
  show_protocol (self, uri);
  self->filling = FALSE;
  show_usable (self, uri);
}

/* The setting from the two rows. */
static void
choice_changed_cb (OcopScaleSettings *self)
{
  guint port = adw_combo_row_get_selected (self->port_row);
  guint protocol = adw_combo_row_get_selected (self->protocol_row);
  const OcopScaleProtocol *table;
  const char *address;
  g_autofree char *uri = NULL;
  gsize n;

  if (self->filling || self->settings == NULL || port >= self->port_addresses->len)
    return;
  table = ocop_scale_protocols (&n);
  address = self->port_addresses->pdata[port];
  if (g_str_has_prefix (address, "serial:") && protocol < n)
    uri = g_strdup_printf ("%s?protocol=%s", address, table[protocol].name);
  else
    uri = g_strdup (address);
  g_settings_set_string (self->settings, "scale-uri", uri);
  show_usable (self, uri);
}

/* Lets go of the scale "Read now" asked, closing it if it is ours. */
static void
stop_testing (OcopScaleSettings *self)
{
  if (self->testing == NULL)
    return;
  g_clear_signal_handler (&self->reading_handler, self->testing);
  if (self->own_testing)
    ocop_scale_close (self->testing);
  g_clear_object (&self->testing);
}

static void
show_result (OcopScaleSettings *self,
             const char        *text)
{
  adw_action_row_set_subtitle (self->read_row, text);
}

static void
reading_cb (OcopScaleSettings      *self,
            const OcopScaleReading *reading,
            OcopScale              *scale)
{
  g_autofree char *text = NULL;

  if (reading->status == OCOP_SCALE_STABLE || reading->status == OCOP_SCALE_UNSTABLE)
    {
      g_autofree char *grams = g_strdup_printf ("%" G_GINT64_FORMAT, reading->grams);

      text = g_strdup_printf (_("%s g — %s"), grams, ocop_scale_status_describe (reading->status));
    }
  show_result (self, text != NULL ? text : ocop_scale_status_describe (reading->status));
  gtk_widget_set_sensitive (GTK_WIDGET (self->read_row), TRUE);
  /* One reading is the test: a continuous scale would go on sending. */
  stop_testing (self);
}

static void
read_activated (GtkWidget  *widget,
                const char *action,
                GVariant   *parameter)
{
  OcopScaleSettings *self = OCOP_SCALE_SETTINGS (widget);
  g_autofree char *uri = g_settings_get_string (self->settings, "scale-uri");
  g_autoptr(GError) error = NULL;

  OcopScale *till_scale = self->devices != NULL ? ocop_devices_get_scale (self->devices) : NULL;

  stop_testing (self);
  self->own_testing = till_scale == NULL;
  self->testing = till_scale != NULL ? g_object_ref (till_scale) : ocop_scale_new_for_uri (uri, &error);
  if (self->testing == NULL || !ocop_scale_open (self->testing, &error))
    {
      show_result (self, error->message);
      stop_testing (self);
      return;
    }
  self->reading_handler = g_signal_connect_swapped (self->testing, "reading", G_CALLBACK (reading_cb), self);
  show_result (self, _("Reading…"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->read_row), FALSE);
  ocop_scale_request (self->testing);
}

void
ocop_scale_settings_set_settings (OcopScaleSettings *self,
                                  GSettings         *settings)
{
  g_set_object (&self->settings, settings);
  show_setting (self);
}

void
ocop_scale_settings_set_devices (OcopScaleSettings *self,
                                 OcopDevices       *devices)
{
  g_set_weak_pointer (&self->devices, devices);
}

static void
ocop_scale_settings_dispose (GObject *object)
{
  OcopScaleSettings *self = OCOP_SCALE_SETTINGS (object);

  stop_testing (self);
  g_clear_weak_pointer (&self->devices);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->port_addresses, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), OCOP_TYPE_SCALE_SETTINGS);
  G_OBJECT_CLASS (ocop_scale_settings_parent_class)->dispose (object);
}

static void
ocop_scale_settings_class_init (OcopScaleSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ocop_scale_settings_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/vn/ocop/Pos/ocop-scale-settings.ui");
  gtk_widget_class_bind_template_child (widget_class, OcopScaleSettings, port_row);
  gtk_widget_class_bind_template_child (widget_class, OcopScaleSettings, ports);
  gtk_widget_class_bind_template_child (widget_class, OcopScaleSettings, protocol_row);
  gtk_widget_class_bind_template_child (widget_class, OcopScaleSettings, protocols);
  gtk_widget_class_bind_template_child (widget_class, OcopScaleSettings, read_row);
  gtk_widget_class_bind_template_callback (widget_class, choice_changed_cb);
  gtk_widget_class_install_action (widget_class, "scale.read", NULL, read_activated);
}

static void
ocop_scale_settings_init (OcopScaleSettings *self)
{
  const OcopScaleProtocol *table;
  gsize n;

  self->port_addresses = g_ptr_array_new_with_free_func (g_free);
  self->filling = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  table = ocop_scale_protocols (&n);
  for (gsize i = 0; i < n; i++)
    gtk_string_list_append (self->protocols, _(table[i].title));
  self->filling = FALSE;
}
