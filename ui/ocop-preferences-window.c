/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-preferences-window.c: the till's Settings. Plain values are bound to
 * their GSettings keys; addresses are checked before they are kept, so a
 * typo never replaces a working printer or hub; the booth and its cashiers
 * live in the store, and every change to a cashier needs a supervisor. */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ocop-locality.h"
#include "ocop-preferences-window.h"
#include "ocop-printer.h"
#include "ocop-printer-monitor.h"
#include "ocop-test-page.h"
#include "ocop-scale-settings.h"
#include "ocop-serial-ports.h"
#include "ocop-serial-scanner.h"
#include "ocop-store-outbox.h"
#include "ocop-sync-client.h"
#include "ocop-sync-message.h"
#include "ocop-usb-scanner.h"
#include "ocop-text.h"
#include "ocop-toast.h"
#include "ocop-window.h"

struct _OcopPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  OcopStore            *store;
  GSettings            *settings;
  AdwMessageDialog     *dialog;               /* weak */

  AdwActionRow         *booth_code_row;
  AdwEntryRow          *booth_name_row;
  AdwEntryRow          *booth_locality_row;
  GtkListBox           *cashier_list;
  AdwEntryRow          *printer_row;
  AdwComboRow          *width_row;
  AdwComboRow          *rounding_row;
  GtkListBox           *attached_list;
  AdwEntryRow          *scanner_row;
  OcopScaleSettings    *scale_settings;
  AdwComboRow          *scanner_choice_row;
  GtkStringList        *scanner_choices;
  GPtrArray            *scanner_uris;        /* the scanner setting of each choice */
  gboolean              filling_choices;
  GtkSpinButton        *gap_spin;
  GtkSpinButton        *min_length_spin;
  gboolean              money_unlocked;       /* a supervisor approved, for this window's life */
  GCancellable         *approving;            /* while a supervisor's PIN is checked */
  AdwEntryRow          *bank_bin_row;
  AdwEntryRow          *bank_account_row;
  AdwEntryRow          *bank_account_name_row;
  AdwEntryRow          *hub_row;
  GtkSwitch            *plain_http_switch;
  GtkSwitch            *scan_sounds_switch;
  GtkWidget            *plain_http_warning;
  AdwExpanderRow       *join_row;
  AdwEntryRow          *join_url_row;
  AdwEntryRow          *join_code_row;
  AdwActionRow         *join_certificate_row;
  GtkButton            *join_certificate_clear_button;
  AdwEntryRow          *join_pin_row;
  char                 *hub_certificate_pem;  /* NULL: the system's CAs */
  GtkFileChooserNative *certificate_chooser;  /* while it is open */
  GCancellable         *joining;              /* while an enrollment runs */
  AdwComboRow          *language_row;
};

G_DEFINE_FINAL_TYPE (OcopPreferencesWindow, ocop_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum { BOOTH_CHANGED, HUB_JOINED, N_SIGNALS };
static guint signals[N_SIGNALS];

static const char *
text_of (gpointer editable)
{
  return gtk_editable_get_text (GTK_EDITABLE (editable));
}

/* ---- addresses ----
 * The drivers parse device addresses: what they refuse is refused here,
 * with their reason, which names the part that is wrong. */

/* NULL when @uri is a printer address the till can use, else why not. */
static char *
describe_bad_printer_uri (const char *uri)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopPrinter) printer = NULL;

  if (*uri == '\0' || (printer = ocop_printer_new_for_uri (uri, &error)) != NULL)
    return NULL;
  return g_strdup_printf (_("“%s” is not a printer address: %s"), uri, error->message);
}

static char *
describe_bad_scanner (const char *scanner)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GObject) parsed = NULL;

  if (g_str_equal (scanner, "keyboard"))
    return NULL;
  if (g_str_has_prefix (scanner, "serial:"))
    parsed = G_OBJECT (ocop_serial_scanner_new_for_uri (scanner, &error));
  else
    parsed = G_OBJECT (ocop_usb_scanner_new_for_uri (scanner, &error));
  if (parsed != NULL)
    return NULL;
  return g_strdup_printf (_("“%s” is not a scanner: %s"), scanner, error->message);
}

static char *
describe_bad_hub_url (const char *url)
{
  g_autoptr(GUri) parsed = NULL;
  g_autoptr(GError) error = NULL;

  if (*url == '\0')
    return NULL;
  parsed = g_uri_parse (url, G_URI_FLAGS_NONE, &error);
  if (parsed != NULL &&
      (g_str_equal (g_uri_get_scheme (parsed), "https") || g_str_equal (g_uri_get_scheme (parsed), "http")) &&
      g_uri_get_host (parsed) != NULL && *g_uri_get_host (parsed) != '\0')
    return NULL;
  return g_strdup_printf (_("“%s” is not a hub address: it starts with https:// or http:// and names a host"), url);
}

/* Keeps @value in @key when @problem is NULL; otherwise says what is wrong,
 * marks the row, and leaves the key as it was. */
static gboolean
keep_checked_string (OcopPreferencesWindow *self,
                     AdwEntryRow           *row,
                     const char            *key,
                     const char            *value,
                     char                  *problem)
{
  g_autofree char *owned_problem = problem;

  if (owned_problem != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      ocop_toast_show (GTK_WIDGET (self), owned_problem);
      return FALSE;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  g_settings_set_string (self->settings, key, value);
  return TRUE;
}

static void
set_printer_activated (GtkWidget  *widget,
                       const char *action,
                       GVariant   *parameter)
{
  OcopPreferencesWindow *self = OCOP_PREFERENCES_WINDOW (widget);
  g_autofree char *uri = g_strstrip (g_strdup (text_of (self->printer_row)));

  if (keep_checked_string (self, self->printer_row, "printer-uri", uri, describe_bad_printer_uri (uri)))
    ocop_toast_show (GTK_WIDGET (self), *uri ? _("Receipt printer saved") : _("No receipt printer"));
}

/* ---- scanners to choose from ---- */

/* What a cashier reads for a scanner setting: never the raw "keyboard". */
static char *
scanner_choice_label (const char *uri)
{
  g_autofree char *base = NULL;

  if (g_str_equal (uri, "keyboard") || *uri == '\0')
    return g_strdup (_("Scanner that types like a keyboard"));
  if (g_str_has_prefix (uri, "serial:"))
    {
      base = g_path_get_basename (uri + strlen ("serial:"));
      return g_strdup_printf (_("Serial port %s"), base);
    }
  return g_strdup (uri);
}

static void
add_scanner_choice (OcopPreferencesWindow *self,
                    const char            *uri)
{
  g_autofree char *label = scanner_choice_label (uri);

  g_ptr_array_add (self->scanner_uris, g_strdup (uri));
  gtk_string_list_append (self->scanner_choices, label);
}

/* The keyboard, each serial port found now, and the setting itself when it
 * is none of them (a USB scanner, a port unplugged for now). */
static void
show_scanner_choices (OcopPreferencesWindow *self)
{
  g_autofree char *current = g_settings_get_string (self->settings, "scanner");
  g_autoptr(GPtrArray) ports = ocop_serial_ports_list (NULL);
  guint selected = 0;
  guint n;

  self->filling_choices = TRUE;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->scanner_choices));
  gtk_string_list_splice (self->scanner_choices, 0, n, NULL);
  g_ptr_array_set_size (self->scanner_uris, 0);
  add_scanner_choice (self, "keyboard");
  for (guint i = 0; i < ports->len; i++)
    add_scanner_choice (self, ports->pdata[i]);
  if (!g_ptr_array_find_with_equal_func (self->scanner_uris, current, g_str_equal, &selected))
    {
      selected = self->scanner_uris->len;
      add_scanner_choice (self, current);
    }
  adw_combo_row_set_selected (self->scanner_choice_row, selected);
  self->filling_choices = FALSE;
}

static void
scanner_chosen_cb (OcopPreferencesWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->scanner_choice_row);

  if (self->filling_choices || selected >= self->scanner_uris->len)
    return;
  gtk_editable_set_text (GTK_EDITABLE (self->scanner_row), self->scanner_uris->pdata[selected]);
  gtk_widget_activate_action (GTK_WIDGET (self), "prefs.set-scanner", NULL);
}

static void
set_scanner_activated (GtkWidget  *widget,
                       const char *action,
                       GVariant   *parameter)
{
  OcopPreferencesWindow *self = OCOP_PREFERENCES_WINDOW (widget);
  g_autofree char *scanner = g_strstrip (g_strdup (text_of (self->scanner_row)));

  guint selected = adw_combo_row_get_selected (self->scanner_choice_row);

  if (!keep_checked_string (self, self->scanner_row, "scanner", scanner, describe_bad_scanner (scanner)))
    return;
  ocop_toast_show (GTK_WIDGET (self), _("Scanner saved"));
  /* A typed address joins the list; one chosen from it is there already. */
  if (selected >= self->scanner_uris->len || !g_str_equal (self->scanner_uris->pdata[selected], scanner))
    show_scanner_choices (self);
}

static void
set_hub_activated (GtkWidget  *widget,
                   const char *action,
                   GVariant   *parameter)
{
  OcopPreferencesWindow *self = OCOP_PREFERENCES_WINDOW (widget);
  g_autofree char *url = g_strstrip (g_strdup (text_of (self->hub_row)));

  if (keep_checked_string (self, self->hub_row, "hub-url", url, describe_bad_hub_url (url)))
    ocop_toast_show (GTK_WIDGET (self), *url ? _("Hub address saved") : _("No hub: this till stays offline"));
}

/* ---- joining the fair's hub ---- */

/* Shown on the row as well as in a toast: the booth keeper may look away
 * while the hub answers. */
static void
show_join_outcome (OcopPreferencesWindow *self,
                   const char            *message,
                   gboolean               ok)
{
  adw_expander_row_set_subtitle (self->join_row, message);
  if (ok)
    gtk_widget_remove_css_class (GTK_WIDGET (self->join_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->join_row), "error");
  ocop_toast_show (GTK_WIDGET (self), message);
}

static char *
describe_join_error (const char   *url,
                     const GError *error)
{
  if (g_error_matches (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_INSECURE))
    {
      g_debug ("Joining %s: %s", url, error->message);
      return g_strdup (ocop_sync_message_for (error, OCOP_SYNC_MOMENT_JOIN));
    }
  if (g_error_matches (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_NETWORK))
    return g_strdup_printf (_("Cannot reach the hub at %s: check the address and the network (%s)"), url, error->message);
  if (g_error_matches (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_REFUSED))
    return g_strdup_printf (_("The hub did not accept the code: %s"), error->message);
  if (g_error_matches (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_TLS))
    return g_strdup_printf (_("This laptop cannot trust the hub at %s: %s"), url, error->message);
  return g_strdup_printf (_("Could not join the hub: %s"), error->message);
}

static void
joined_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(OcopPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_object_steal_data (G_OBJECT (source), "hub-url");
  g_autofree char *message = NULL;
  gboolean ok = ocop_sync_client_enroll_finish (OCOP_SYNC_CLIENT (source), result, &error);

  g_clear_object (&self->joining);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->settings == NULL)
    return;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.join-hub", TRUE);
  if (!ok)
    {
      message = describe_join_error (url, error);
      show_join_outcome (self, message, FALSE);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->join_code_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->hub_row), url);
  g_settings_set_string (self->settings, "hub-url", url);
  message = g_strdup_printf (_("This laptop joined the fair's hub at %s: sales will be sent there"), url);
  show_join_outcome (self, message, TRUE);
  g_signal_emit (self, signals[HUB_JOINED], 0);
}

/* Hands the chosen certificate and the typed pin to @client for the
 * enrollment, which keeps them with it; the client checks both. */
static gboolean
trust_hub (OcopPreferencesWindow  *self,
           OcopSyncClient         *client,
           GError                **error)
{
  g_autofree char *pin = g_strstrip (g_strdup (text_of (self->join_pin_row)));

  if (self->hub_certificate_pem == NULL && *pin == '\0')
    return TRUE;
  return ocop_sync_client_set_trust (client, self->hub_certificate_pem, *pin ? pin : NULL, error);
}

/* A fair-site hub on a laptop serves HTTPS with a certificate of its own;
 * the organizer hands it out (a USB stick) with the one-time codes. It is
 * read and checked here, so a wrong file is named before any joining. */
gboolean
ocop_preferences_window_set_hub_certificate (OcopPreferencesWindow  *self,
                                             GFile                  *file,
                                             GError                **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  gsize length = 0;

  if (file == NULL)
    {
      g_clear_pointer (&self->hub_certificate_pem, g_free);
      adw_action_row_set_subtitle (self->join_certificate_row,
                                   _("Only for a hub whose certificate the organizer handed out: the system's authorities otherwise"));
      gtk_widget_set_visible (GTK_WIDGET (self->join_certificate_clear_button), FALSE);
      return TRUE;
    }
  name = g_file_get_basename (file);
  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, error))
    return FALSE;
  if (memchr (contents, '\0', length) != NULL || strstr (contents, "-----BEGIN CERTIFICATE-----") == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("“%s” is not a certificate: a hub's certificate is a PEM file that begins with"
                     " -----BEGIN CERTIFICATE-----"), name);
      return FALSE;
    }
  g_free (self->hub_certificate_pem);
  self->hub_certificate_pem = g_steal_pointer (&contents);
  adw_action_row_set_subtitle (self->join_certificate_row, name);
  gtk_widget_set_visible (GTK_WIDGET (self->join_certificate_clear_button), TRUE);
  return TRUE;
}

static void
certificate_chosen_cb (GtkNativeDialog *dialog,
                       int              response,
                       gpointer         user_data)
{
  OcopPreferencesWindow *self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (file != NULL && !ocop_preferences_window_set_hub_certificate (self, file, &error))
    ocop_toast_show (GTK_WIDGET (self), error->message);
  g_clear_object (&self->certificate_chooser);
}

static void
choose_hub_certificate_activated (GtkWidget  *widget,
                                  const char *action,
                                  GVariant   *parameter)
{
  OcopPreferencesWindow *self = OCOP_PREFERENCES_WINDOW (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->certificate_chooser != NULL)
    return;
  gtk_file_filter_set_name (filter, _("Certificates (PEM)"));
  gtk_file_filter_add_pattern (filter, "*.pem");
  gtk_file_filter_add_pattern (filter, "*.crt");
  gtk_file_filter_add_pattern (filter, "*.cer");
  self->certificate_chooser = gtk_file_chooser_native_new (_("The hub's certificate"), GTK_WINDOW (self),
                                                           GTK_FILE_CHOOSER_ACTION_OPEN, NULL, NULL);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->certificate_chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->certificate_chooser), TRUE);
  g_signal_connect (self->certificate_chooser, "response", G_CALLBACK (certificate_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->certificate_chooser));
}

static void
clear_hub_certificate_activated (GtkWidget  *widget,
                                 const char *action,
                                 GVariant   *parameter)
{
  ocop_preferences_window_set_hub_certificate (OCOP_PREFERENCES_WINDOW (widget), NULL, NULL);
}

static void
join_hub_activated (GtkWidget  *widget,
                    const char *action,
                    GVariant   *parameter)
{
  OcopPreferencesWindow *self = OCOP_PREFERENCES_WINDOW (widget);
  g_autofree char *url = g_strstrip (g_strdup (text_of (self->join_url_row)));
  g_autofree char *code = g_strstrip (g_strdup (text_of (self->join_code_row)));
  g_autofree char *problem = NULL;
  g_autoptr(GError) trust_error = NULL;
  g_autoptr(OcopSyncClient) client = ocop_sync_client_new (ocop_store_get_path (self->store));

  if (*url == '\0')
    problem = g_strdup (_("Type the hub's address, as the organizer gave it"));
  else if ((problem = describe_bad_hub_url (url)) == NULL && *code == '\0')
    problem = g_strdup (_("Type the one-time code the organizer printed for this booth"));
  else if (problem == NULL && ocop_sync_client_is_enrolled (client, NULL))
    {
      g_auto(OcopSyncClientState) current = { 0 };

      ocop_store_load_sync_state (self->store, &current);
      problem = g_strdup_printf (_("This laptop has already joined the hub at %s"), current.hub_url);
    }
  else if (problem == NULL && !trust_hub (self, client, &trust_error))
    problem = g_strdup_printf (_("Could not join the hub: %s"), trust_error->message);
  if (problem != NULL)
    {
      show_join_outcome (self, problem, FALSE);
      return;
    }
  ocop_sync_client_set_allow_http (client, g_settings_get_boolean (self->settings, "allow-plain-http"));
  adw_expander_row_set_subtitle (self->join_row, _("Joining the hub…"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.join-hub", FALSE);
  self->joining = g_cancellable_new ();
  g_object_set_data_full (G_OBJECT (client), "hub-url", g_strdup (url), g_free);
  ocop_sync_client_enroll_async (client, url, code, self->joining, joined_cb, g_object_ref (self));
}

static void
join_apply_cb (OcopPreferencesWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "prefs.join-hub", NULL);
}

static void
printer_apply_cb (OcopPreferencesWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "prefs.set-printer", NULL);
}

static void
scanner_apply_cb (OcopPreferencesWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "prefs.set-scanner", NULL);
}

static void
hub_apply_cb (OcopPreferencesWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "prefs.set-hub", NULL);
}

/* ---- choices mapped to keys ---- */

static gboolean
width_to_row (GValue   *value,
              GVariant *variant,
              gpointer  data)
{
  g_value_set_uint (value, g_variant_get_uint32 (variant) < 70 ? 0 : 1);
  return TRUE;
}

static GVariant *
width_from_row (const GValue       *value,
                const GVariantType *type,
                gpointer            data)
{
  return g_variant_new_uint32 (g_value_get_uint (value) == 0 ? 58 : 80);
}

static gboolean
language_to_row (GValue   *value,
                 GVariant *variant,
                 gpointer  data)
{
  g_value_set_uint (value, g_str_equal (g_variant_get_string (variant, NULL), "en") ? 1 : 0);
  return TRUE;
}

static GVariant *
language_from_row (const GValue       *value,
                   const GVariantType *type,
                   gpointer            data)
{
  return g_variant_new_string (g_value_get_uint (value) == 1 ? "en" : "vi");
}

/* ---- the booth ---- */

static void
show_booth (OcopPreferencesWindow *self)
{
  g_autoptr(OcopBooth) booth = ocop_store_get_current_booth (self->store, NULL);

  adw_action_row_set_subtitle (self->booth_code_row, booth ? booth->code : "");
  gtk_editable_set_text (GTK_EDITABLE (self->booth_name_row), booth ? booth->name : "");
  gtk_editable_set_text (GTK_EDITABLE (self->booth_locality_row), booth && booth->locality ? booth->locality : "");
}

static gboolean
save_booth (OcopPreferencesWindow  *self,
            GError                **error)
{
  g_autoptr(OcopBooth) booth = ocop_store_get_current_booth (self->store, error);
  g_autofree char *name = g_strstrip (g_strdup (text_of (self->booth_name_row)));
  const char *typed = text_of (self->booth_locality_row);
  gboolean in_province = TRUE;
  const char *locality = NULL;

  if (booth == NULL)
    return FALSE;
  if (!ocop_text_is_blank (typed) && !(locality = ocop_locality_canonical (typed, &in_province)))
    {
      g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID,
                   _("“%s” is neither one of Quảng Ninh's 13 localities nor a province"), typed);
      return FALSE;
    }
  g_free (booth->name);
  booth->name = g_steal_pointer (&name);
  g_free (booth->locality);
  booth->locality = g_strdup (locality);
  booth->in_province = in_province;
  return ocop_store_add_booth (self->store, booth, error);
}

static void
save_booth_activated (GtkWidget  *widget,
                      const char *action,
                      GVariant   *parameter)
{
  OcopPreferencesWindow *self = OCOP_PREFERENCES_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!save_booth (self, &error))
    {
      ocop_toast_show (GTK_WIDGET (self), error->message);
      return;
    }
  show_booth (self);   /* the locality in its official spelling */
  ocop_toast_show (GTK_WIDGET (self), _("Booth saved"));
  g_signal_emit (self, signals[BOOTH_CHANGED], 0);
}

static void
booth_apply_cb (OcopPreferencesWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "prefs.save-booth", NULL);
}

/* ---- cashiers ---- */

static GtkWidget *
cashier_button_new (const char *label,
                    const char *action,
                    const char *name)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", name);
  return button;
}

static GtkWidget *
cashier_row_new (const OcopCashier *cashier)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = g_markup_escape_text (cashier->name, -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               !cashier->active ? _("Deactivated")
                               : cashier->supervisor ? _("Supervisor") : _("Cashier"));
  if (!cashier->active)
    {
      gtk_widget_add_css_class (row, "dim-label");
      return row;
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), cashier_button_new (_("Change _PIN…"), "prefs.change-pin", cashier->name));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), cashier_button_new (_("_Deactivate…"), "prefs.deactivate", cashier->name));
  return row;
}

static void
show_cashiers (OcopPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cashiers = ocop_store_list_cashier_roles (self->store, &error);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->cashier_list))) != NULL)
    gtk_list_box_remove (self->cashier_list, child);
  if (cashiers == NULL)
    {
      ocop_toast_show (GTK_WIDGET (self), error->message);
      return;
    }
  for (guint i = 0; i < cashiers->len; i++)
    gtk_list_box_append (self->cashier_list, cashier_row_new (cashiers->pdata[i]));
}

static GtkWidget *
dialog_entry (GtkWidget  *box,
              const char *label,
              const char *name,
              gboolean    secret)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_box_append (GTK_BOX (box), gtk_label_new (label));
  gtk_widget_set_name (entry, name);
  /* A hidden GtkEntry rather than GtkPasswordEntry: GTK 4.8's password
   * entry is left watching a destroyed window when the Settings close
   * while it is still pending finalization. */
  if (secret)
    {
      gtk_entry_set_visibility (GTK_ENTRY (entry), FALSE);
      gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_PIN);
    }
  gtk_box_append (GTK_BOX (box), entry);
  return entry;
}

static const char *
dialog_text (AdwMessageDialog *dialog,
             const char       *name)
{
  return gtk_editable_get_text (g_object_get_data (G_OBJECT (dialog), name));
}

/* A dialog for one change to a cashier: its own fields, then the PIN of
 * the supervisor who approves it, then the buttons. */
static AdwMessageDialog *
cashier_dialog_new (OcopPreferencesWindow *self,
                    const char            *heading,
                    const char            *body,
                    GtkWidget            **box)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, body));

  *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  adw_message_dialog_set_extra_child (dialog, *box);
  adw_message_dialog_add_response (dialog, "cancel", _("_Cancel"));
  g_set_weak_pointer (&self->dialog, dialog);
  return dialog;
}

/* Who approves (the first active cashier, a supervisor, is already
 * there) and their PIN, named "approver-name" and "approver". Whether they
 * may approve is the store's rule (ocop_store_approve), not this window's. */
static void
add_approver_fields (OcopPreferencesWindow *self,
                     AdwMessageDialog      *dialog,
                     GtkWidget             *box)
{
  g_auto(GStrv) names = ocop_store_list_cashiers (self->store, NULL);
  GtkWidget *name = dialog_entry (box, _("Supervisor"), "approver-name", FALSE);
  GtkWidget *pin = dialog_entry (box, _("Supervisor PIN (to approve)"), "approver", TRUE);

  gtk_editable_set_text (GTK_EDITABLE (name), names && names[0] ? names[0] : "");
  g_object_set_data (G_OBJECT (dialog), "approver-name", name);
  g_object_set_data (G_OBJECT (dialog), "approver", pin);
  /* Enter after the PIN approves, as on the till's sign-in. */
  gtk_entry_set_activates_default (GTK_ENTRY (pin), TRUE);
}

/* A change to the cashiers or the money settings, waiting for the
 * supervisor's PIN to be checked off the main thread. */
typedef enum { CHANGE_ADD, CHANGE_PIN, CHANGE_DEACTIVATE, CHANGE_UNLOCK } ChangeKind;

typedef struct {
  OcopPreferencesWindow *self;
  ChangeKind             kind;
  char                  *cashier;
  char                  *pin;
  gboolean               supervisor;
} Change;

static void
change_free (Change *change)
{
  g_object_unref (change->self);
  g_free (change->cashier);
  g_free (change->pin);
  g_free (change);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Change, change_free)

/* Makes @change as @approval allows; the message to show, or NULL and
 * @error. */
static char *
apply_change (OcopPreferencesWindow  *self,
              const Change           *change,
              const OcopApproval     *approval,
              GError                **error)
{
  const char *approver = ocop_approval_get_approver (approval);

  switch (change->kind)
    {
    case CHANGE_ADD:
      if (!ocop_store_add_cashier (self->store, approval, change->cashier, change->pin, change->supervisor, error))
        return NULL;
      /* TRANSLATORS: "Lan added, approved by Hùng" */
      return g_strdup_printf (_("%s added, approved by %s"), change->cashier, approver);
    case CHANGE_PIN:
      if (!ocop_store_change_cashier_pin (self->store, approval, change->cashier, change->pin, error))
        return NULL;
      return g_strdup_printf (_("New PIN for %s, approved by %s"), change->cashier, approver);
    case CHANGE_DEACTIVATE:
      if (!ocop_store_deactivate_cashier (self->store, approval, change->cashier, error))
        return NULL;
      return g_strdup_printf (_("%s deactivated, approved by %s"), change->cashier, approver);
    case CHANGE_UNLOCK:
    default:
      self->money_unlocked = TRUE;
      /* TRANSLATORS: "Unlocked by Hùng" */
      return g_strdup_printf (_("Unlocked by %s"), approver);
    }
}

static void show_money_lock (OcopPreferencesWindow *self);

static void
change_approved_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(Change) change = user_data;
  OcopPreferencesWindow *self = change->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopApproval) approval = ocop_store_approve_finish (OCOP_STORE (source), result, &error);
  g_autofree char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->approving);
  if (approval != NULL)
    message = apply_change (self, change, approval, &error);
  ocop_toast_show (GTK_WIDGET (self), message ? message : error->message);
  show_cashiers (self);
  show_money_lock (self);
}

/* Checks the supervisor named in @dialog with their PIN, then makes
 * @change. One check at a time: a second approval waits for the first. */
static void
approve_change (OcopPreferencesWindow *self,
                AdwMessageDialog      *dialog,
                Change                *change)
{
  change->self = g_object_ref (self);
  if (self->approving != NULL)
    {
      ocop_toast_show (GTK_WIDGET (self), _("Still checking the supervisor's PIN…"));
      change_free (change);
      return;
    }
  self->approving = g_cancellable_new ();
  ocop_store_approve_async (self->store, dialog_text (dialog, "approver-name"), dialog_text (dialog, "approver"),
                            self->approving, change_approved_cb, change);
}

static Change *
change_new (ChangeKind        kind,
            AdwMessageDialog *dialog)
{
  Change *change = g_new0 (Change, 1);

  change->kind = kind;
  change->cashier = g_strdup (g_object_get_data (G_OBJECT (dialog), "cashier"));
  return change;
}

static void
add_cashier_response_cb (AdwMessageDialog      *dialog,
                         const char            *response,
                         OcopPreferencesWindow *self)
{
  GtkCheckButton *supervisor = g_object_get_data (G_OBJECT (dialog), "supervisor");
  Change *change;

  if (!g_str_equal (response, "add"))
    return;
  change = change_new (CHANGE_ADD, dialog);
  change->cashier = g_strdup (dialog_text (dialog, "name"));
  change->pin = g_strdup (dialog_text (dialog, "pin"));
  change->supervisor = gtk_check_button_get_active (supervisor);
  approve_change (self, dialog, change);
}

static void
add_cashier_activated (GtkWidget  *widget,
                       const char *action,
                       GVariant   *parameter)
{
  OcopPreferencesWindow *self = OCOP_PREFERENCES_WINDOW (widget);
  GtkWidget *box, *supervisor;
  AdwMessageDialog *dialog = cashier_dialog_new (self, _("Add a cashier"),
                                                 _("The PIN is 4 to 8 digits, different from everyone else's."),
                                                 &box);

  g_object_set_data (G_OBJECT (dialog), "name", dialog_entry (box, _("Name"), "name", FALSE));
  g_object_set_data (G_OBJECT (dialog), "pin", dialog_entry (box, _("Their PIN"), "pin", TRUE));
  supervisor = gtk_check_button_new_with_mnemonic (_("_Supervisor (approves voids, refunds and cashiers)"));
  gtk_widget_set_name (supervisor, "supervisor");
  gtk_box_append (GTK_BOX (box), supervisor);
  g_object_set_data (G_OBJECT (dialog), "supervisor", supervisor);
  add_approver_fields (self, dialog, box);
  adw_message_dialog_add_response (dialog, "add", _("_Add"));
  adw_message_dialog_set_default_response (dialog, "add");
  adw_message_dialog_set_response_appearance (dialog, "add", ADW_RESPONSE_SUGGESTED);
  g_signal_connect_object (dialog, "response", G_CALLBACK (add_cashier_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
change_pin_response_cb (AdwMessageDialog      *dialog,
                        const char            *response,
                        OcopPreferencesWindow *self)
{
  Change *change;

  if (!g_str_equal (response, "change"))
    return;
  change = change_new (CHANGE_PIN, dialog);
  change->pin = g_strdup (dialog_text (dialog, "pin"));
  approve_change (self, dialog, change);
}

static void
change_pin_activated (GtkWidget  *widget,
                      const char *action,
                      GVariant   *parameter)
{
  OcopPreferencesWindow *self = OCOP_PREFERENCES_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);
  g_autofree char *heading = g_strdup_printf (_("New PIN for %s"), name);
  GtkWidget *box;
  AdwMessageDialog *dialog = cashier_dialog_new (self, heading, NULL, &box);

  g_object_set_data_full (G_OBJECT (dialog), "cashier", g_strdup (name), g_free);
  g_object_set_data (G_OBJECT (dialog), "pin", dialog_entry (box, _("New PIN (4 to 8 digits)"), "pin", TRUE));
  add_approver_fields (self, dialog, box);
  adw_message_dialog_add_response (dialog, "change", _("_Change PIN"));
  adw_message_dialog_set_default_response (dialog, "change");
  adw_message_dialog_set_response_appearance (dialog, "change", ADW_RESPONSE_SUGGESTED);
  g_signal_connect_object (dialog, "response", G_CALLBACK (change_pin_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
deactivate_response_cb (AdwMessageDialog      *dialog,
                        const char            *response,
                        OcopPreferencesWindow *self)
{
  if (g_str_equal (response, "deactivate"))
    approve_change (self, dialog, change_new (CHANGE_DEACTIVATE, dialog));
}

static void
deactivate_activated (GtkWidget  *widget,
                      const char *action,
                      GVariant   *parameter)
{
  OcopPreferencesWindow *self = OCOP_PREFERENCES_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);
  g_autofree char *heading = g_strdup_printf (_("Deactivate %s?"), name);
  GtkWidget *box;
  AdwMessageDialog *dialog = cashier_dialog_new (self, heading,
                                                 _("They can no longer log in or approve. "
                                                   "Their name stays on the receipts they made."),
                                                 &box);

  g_object_set_data_full (G_OBJECT (dialog), "cashier", g_strdup (name), g_free);
  add_approver_fields (self, dialog, box);
  adw_message_dialog_add_response (dialog, "deactivate", _("_Deactivate"));
  adw_message_dialog_set_response_appearance (dialog, "deactivate", ADW_RESPONSE_DESTRUCTIVE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (deactivate_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- the object ---- */

/* ---- printers plugged in, and the test page ---- */

/* ---- settings that move money ---- */

/* The bank account customers pay into and the booth the fair pays out to
 * are read-only until a supervisor approves: a cashier left alone at the
 * till cannot send the day's transfers elsewhere. */
static void
show_money_lock (OcopPreferencesWindow *self)
{
  GtkWidget *rows[] = {
    GTK_WIDGET (self->bank_bin_row), GTK_WIDGET (self->bank_account_row), GTK_WIDGET (self->bank_account_name_row),
    GTK_WIDGET (self->booth_name_row), GTK_WIDGET (self->booth_locality_row),
    GTK_WIDGET (self->rounding_row),
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_widget_set_sensitive (rows[i], self->money_unlocked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.save-booth", self->money_unlocked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.unlock-money", !self->money_unlocked);
}

static void
unlock_money_response_cb (AdwMessageDialog      *dialog,
                          const char            *response,
                          OcopPreferencesWindow *self)
{
  if (g_str_equal (response, "unlock"))
    approve_change (self, dialog, change_new (CHANGE_UNLOCK, dialog));
}

static void
unlock_money_activated (GtkWidget  *widget,
                        const char *action,
                        GVariant   *parameter)
{
  OcopPreferencesWindow *self = OCOP_PREFERENCES_WINDOW (widget);
  GtkWidget *box;
  AdwMessageDialog *dialog = cashier_dialog_new (self, _("Unlock the booth and bank account?"),
                                                 _("A supervisor approves with their name and PIN."), &box);

  add_approver_fields (self, dialog, box);
  adw_message_dialog_add_response (dialog, "unlock", _("_Unlock"));
  adw_message_dialog_set_default_response (dialog, "unlock");
  g_signal_connect_object (dialog, "response", G_CALLBACK (unlock_money_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
use_printer_clicked_cb (GtkButton             *button,
                        OcopPreferencesWindow *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->printer_row), g_object_get_data (G_OBJECT (button), "uri"));
  gtk_widget_activate_action (GTK_WIDGET (self), "prefs.set-printer", NULL);
}

static GtkWidget *
attached_row_new (OcopPreferencesWindow *self,
                  const OcopPrinterInfo *info)
{
  g_autofree char *name = ocop_printer_info_dup_name (info);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *use = gtk_button_new_with_mnemonic (_("_Use"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), info->uri);
  gtk_widget_set_valign (use, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (use), "uri", g_strdup (info->uri), g_free);
  g_signal_connect (use, "clicked", G_CALLBACK (use_printer_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), use);
  return row;
}

/* Read when the window opens: a plain libusb enumeration, a few ms. */
static void
show_attached_printers (OcopPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) printers = ocop_printer_monitor_list_attached (&error);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->attached_list))) != NULL)
    gtk_list_box_remove (self->attached_list, child);
  for (guint i = 0; printers != NULL && i < printers->len; i++)
    gtk_list_box_append (self->attached_list, attached_row_new (self, g_ptr_array_index (printers, i)));
  if (printers == NULL || printers->len == 0)
    {
      GtkWidget *none = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (none), _("No USB receipt printer is plugged in"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (none), error ? error->message
                                                                : _("Network printers are used as tcp://ADDRESS:9100"));
      gtk_list_box_append (self->attached_list, none);
    }
}

static void
test_page_written_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(OcopPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean written = ocop_printer_write_finish (OCOP_PRINTER (source), result, &error);

  ocop_printer_close (OCOP_PRINTER (source), written ? &error : NULL);
  ocop_toast_show (GTK_WIDGET (self), error ? error->message : _("The test page was sent to the printer"));
}

static void
print_test_activated (GtkWidget  *widget,
                      const char *action,
                      GVariant   *parameter)
{
  OcopPreferencesWindow *self = OCOP_PREFERENCES_WINDOW (widget);
  g_autofree char *uri = g_settings_get_string (self->settings, "printer-uri");
  guint width_mm = g_settings_get_uint (self->settings, "receipt-width-mm");
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopPrinter) printer = NULL;
  g_autoptr(GBytes) page = NULL;

  if (*uri == '\0')
    {
      ocop_toast_show (GTK_WIDGET (self), _("No receipt printer is set: choose one in Settings"));
      return;
    }
  if (!(printer = ocop_printer_new_for_uri (uri, &error)) ||
      !(page = ocop_test_page_new (width_mm < 70 ? 384 : 576, &error)))
    {
      ocop_toast_show (GTK_WIDGET (self), error->message);
      return;
    }
  ocop_printer_write_async (printer, page, NULL, test_page_written_cb, g_object_ref (self));
}

static void
ocop_preferences_window_dispose (GObject *object)
{
  OcopPreferencesWindow *self = OCOP_PREFERENCES_WINDOW (object);

  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->hub_certificate_pem, g_free);
  if (self->certificate_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->certificate_chooser));
  g_clear_object (&self->certificate_chooser);
  if (self->joining != NULL)
    g_cancellable_cancel (self->joining);
  if (self->approving != NULL)
    g_cancellable_cancel (self->approving);
  g_clear_object (&self->approving);
  g_clear_weak_pointer (&self->dialog);
  g_clear_pointer (&self->scanner_uris, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), OCOP_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (ocop_preferences_window_parent_class)->dispose (object);
}

static void
ocop_preferences_window_class_init (OcopPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ocop_preferences_window_dispose;

  /* The booth's name or locality changed in the store. */
  signals[BOOTH_CHANGED] = g_signal_new ("booth-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* The store was enrolled with a hub from the "Join" row. */
  signals[HUB_JOINED] = g_signal_new ("hub-joined", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/vn/ocop/Pos/ocop-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, OcopPreferencesWindow, booth_code_row);
  gtk_widget_class_bind_template_child (widget_class, OcopPreferencesWindow, booth_name_row);
  gtk_widget_class_bind_template_child (widget_class, OcopPreferencesWindow, booth_locality_row);
  gtk_widget_class_bind_template_child (widget_class, OcopPreferencesWindow, cashier_list);
  gtk_widget_class_bind_template_child (widget_class, OcopPreferencesWindow, printer_row);
  gtk_widget_class_bind_template_child (widget_class, OcopPreferencesWindow, attached_list);
  gtk_widget_class_bind_template_child (widget_class, OcopPreferencesWindow, width_row);
  gtk_widget_class_bind_template_child (widget_class, OcopPreferencesWindow, rounding_row);
  gtk_widget_class_bind_template_child (widget_class, OcopPreferencesWindow, scanner_row);
  gtk_widget_class_bind_template_child (widget_class, OcopPreferencesWindow, scale_settings);
  gtk_widget_class_bind_template_child (widget_class, OcopPreferencesWindow, scanner_choice_row);
  gtk_widget_class_bind_template_child (widget_class, OcopPreferencesWindow, scanner_choices);
  gtk_widget_class_bind_template_child (widget_class, OcopPreferencesWindow, gap_spin);
  gtk_widget_class_bind_template_child (widget_class, OcopPreferencesWindow, min_length_spin);
  gtk_widget_class_bind_template_child (widget_class, OcopPreferencesWindow, bank_bin_row);
  gtk_widget_class_bind_template_child (widget_class, OcopPreferencesWindow, bank_account_row);
  gtk_widget_class_bind_template_child (widget_class, OcopPreferencesWindow, bank_account_name_row);
  gtk_widget_class_bind_template_child (widget_class, OcopPreferencesWindow, hub_row);
  gtk_widget_class_bind_template_child (widget_class, OcopPreferencesWindow, plain_http_switch);
  gtk_widget_class_bind_template_child (widget_class, OcopPreferencesWindow, scan_sounds_switch);
  gtk_widget_class_bind_template_child (widget_class, OcopPreferencesWindow, plain_http_warning);
  gtk_widget_class_bind_template_child (widget_class, OcopPreferencesWindow, join_row);
  gtk_widget_class_bind_template_child (widget_class, OcopPreferencesWindow, join_url_row);
  gtk_widget_class_bind_template_child (widget_class, OcopPreferencesWindow, join_code_row);
  gtk_widget_class_bind_template_child (widget_class, OcopPreferencesWindow, join_certificate_row);
  gtk_widget_class_bind_template_child (widget_class, OcopPreferencesWindow, join_certificate_clear_button);
  gtk_widget_class_bind_template_child (widget_class, OcopPreferencesWindow, join_pin_row);
  gtk_widget_class_bind_template_callback (widget_class, join_apply_cb);
  gtk_widget_class_bind_template_child (widget_class, OcopPreferencesWindow, language_row);
  gtk_widget_class_bind_template_callback (widget_class, booth_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, printer_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, scanner_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, scanner_chosen_cb);
  gtk_widget_class_bind_template_callback (widget_class, hub_apply_cb);

  gtk_widget_class_install_action (widget_class, "prefs.save-booth", NULL, save_booth_activated);
  gtk_widget_class_install_action (widget_class, "prefs.set-printer", NULL, set_printer_activated);
  gtk_widget_class_install_action (widget_class, "prefs.print-test", NULL, print_test_activated);
  gtk_widget_class_install_action (widget_class, "prefs.set-scanner", NULL, set_scanner_activated);
  gtk_widget_class_install_action (widget_class, "prefs.set-hub", NULL, set_hub_activated);
  gtk_widget_class_install_action (widget_class, "prefs.join-hub", NULL, join_hub_activated);
  gtk_widget_class_install_action (widget_class, "prefs.choose-hub-certificate", NULL,
                                   choose_hub_certificate_activated);
  gtk_widget_class_install_action (widget_class, "prefs.clear-hub-certificate", NULL,
                                   clear_hub_certificate_activated);
  gtk_widget_class_install_action (widget_class, "prefs.add-cashier", NULL, add_cashier_activated);
  gtk_widget_class_install_action (widget_class, "prefs.unlock-money", NULL, unlock_money_activated);
  gtk_widget_class_install_action (widget_class, "prefs.change-pin", "s", change_pin_activated);
  gtk_widget_class_install_action (widget_class, "prefs.deactivate", "s", deactivate_activated);
}

static void
ocop_preferences_window_init (OcopPreferencesWindow *self)
{
  self->scanner_uris = g_ptr_array_new_with_free_func (g_free);
  self->filling_choices = TRUE;   /* until the settings are known */
  g_type_ensure (OCOP_TYPE_SCALE_SETTINGS);
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* ---- the rounding of weighed lines, a store setting ---- */

/* The rows of rounding_row, in order. */
static const gint64 roundings[] = { 1, 100, 500, 1000 };

static void
show_rounding (OcopPreferencesWindow *self)
{
  gint64 rounding = ocop_store_get_rounding (self->store);

  for (guint i = 0; i < G_N_ELEMENTS (roundings); i++)
    if (roundings[i] == rounding)
      adw_combo_row_set_selected (self->rounding_row, i);
}

static void
rounding_chosen_cb (OcopPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;
  guint i = adw_combo_row_get_selected (self->rounding_row);

  if (i >= G_N_ELEMENTS (roundings) || roundings[i] == ocop_store_get_rounding (self->store))
    return;
  if (!ocop_store_set_rounding (self->store, roundings[i], &error))
    {
      ocop_toast_show (GTK_WIDGET (self), error->message);
      show_rounding (self);
    }
}

static void
bind_settings (OcopPreferencesWindow *self)
{
  g_autofree char *printer = g_settings_get_string (self->settings, "printer-uri");
  g_autofree char *scanner = g_settings_get_string (self->settings, "scanner");
  g_autofree char *hub = g_settings_get_string (self->settings, "hub-url");

  g_settings_bind (self->settings, "bank-bin", self->bank_bin_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "bank-account", self->bank_account_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "bank-account-name", self->bank_account_name_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "scanner-max-gap-ms", self->gap_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "scanner-min-length", self->min_length_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "receipt-width-mm", self->width_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, width_to_row, width_from_row, NULL, NULL);
  g_settings_bind_with_mapping (self->settings, "language", self->language_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, language_to_row, language_from_row, NULL, NULL);
  /* The choice is seen: its warning stays on screen while it is on. */
  g_settings_bind (self->settings, "allow-plain-http", self->plain_http_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "scan-sounds", self->scan_sounds_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_object_bind_property (self->plain_http_switch, "active", self->plain_http_warning, "visible", G_BINDING_SYNC_CREATE);
  /* Addresses are not bound: they are kept only once checked. */
  gtk_editable_set_text (GTK_EDITABLE (self->printer_row), printer);
  gtk_editable_set_text (GTK_EDITABLE (self->scanner_row), scanner);
  show_scanner_choices (self);
  ocop_scale_settings_set_settings (self->scale_settings, self->settings);
  gtk_editable_set_text (GTK_EDITABLE (self->hub_row), hub);
  gtk_editable_set_text (GTK_EDITABLE (self->join_url_row), hub);
}

OcopPreferencesWindow *
ocop_preferences_window_new (GtkWindow *parent,
                             OcopStore *store,
                             GSettings *settings)
{
  OcopPreferencesWindow *self = g_object_new (OCOP_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);

  self->store = g_object_ref (store);
  self->settings = g_object_ref (settings);
  bind_settings (self);
  show_rounding (self);
  g_signal_connect_object (self->rounding_row, "notify::selected", G_CALLBACK (rounding_chosen_cb), self,
                           G_CONNECT_SWAPPED);
  if (OCOP_IS_WINDOW (parent))
    ocop_scale_settings_set_devices (self->scale_settings, ocop_window_get_devices (OCOP_WINDOW (parent)));
  show_booth (self);
  show_money_lock (self);
  show_cashiers (self);
  show_attached_printers (self);
  return self;
}

const char *
ocop_preferences_window_get_last_message (OcopPreferencesWindow *self)
{
  return ocop_toast_get_last (GTK_WIDGET (self));
}

gboolean
ocop_preferences_window_is_approving (OcopPreferencesWindow *self)
{
  return self->approving != NULL;
}

AdwMessageDialog *
ocop_preferences_window_get_dialog (OcopPreferencesWindow *self)
{
  return self->dialog;
}
