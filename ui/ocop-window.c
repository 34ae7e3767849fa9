/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-window.c: the till's window: a shell around its pages (Till, Today,
 * Gate, Labels, Organizer) and the set-up form. It catches scanner bursts
 * before any input method and routes each code to the page that wants it,
 * keeps the status bar (printer, scanner, sync, network), and asks who is
 * selling before the till sells when the booth has cashiers. */

#include "config.h"

#include <glib/gi18n.h>

#include "ocop-demo.h"
#include "ocop-preferences-window.h"
#include "ocop-settings.h"
#include "ocop-setup-page.h"
#include "ocop-signin-page.h"
#include "ocop-devices.h"
#include "ocop-organizer-page.h"
#include "ocop-printer-banner.h"
#include "ocop-sync-status.h"
#include "ocop-toast.h"
#include "ocop-today-page.h"
#include "ocop-scan-detector.h"
#include "ocop-window.h"

struct _OcopWindow
{
  AdwApplicationWindow  parent_instance;

  OcopStore            *store;
  GSettings            *settings;
  OcopScanDetector     *scanner;
  char                 *search_before_scan;   /* the search text when a burst began */
  guint                 restore_search_id;    /* puts it back once the input method is done */
  OcopDevices          *devices;              /* once the till is set up */
  OcopSyncStatus       *sync_status;          /* once the till is set up */
  char                 *cashier;              /* signed in; NULL when locked or none */

  /* Template children */
  AdwToastOverlay      *toasts;
  AdwViewSwitcherTitle *window_title;
  AdwViewStack         *views;
  OcopTillPage         *till_page;
  OcopTodayPage        *today_page;
  OcopLabelsPage       *labels_page;
  OcopGatePage         *gate_page;
  OcopOrganizerPage    *organizer_page;
  GtkSearchEntry       *search_entry;
  GtkStack             *stack;
  GtkLabel             *sync_label;
  GtkLabel             *printer_label;
  GtkLabel             *scanner_label;
  GtkLabel             *scale_label;
  OcopPrinterBanner    *printer_banner;
  OcopSetupPage        *setup_page;
  GtkLabel             *network_label;
  OcopSigninPage       *signin_page;
  GtkMenuButton        *cashier_button;
  GtkLabel             *cashier_label;
  GtkWidget            *switcher_bar;
};

G_DEFINE_FINAL_TYPE (OcopWindow, ocop_window, ADW_TYPE_APPLICATION_WINDOW)

/* ---- status bar ---- */

static void
update_status (OcopWindow *self)
{
  g_autofree char *sync = NULL;
  g_autofree char *network = NULL;

  if (self->sync_status == NULL)
    return;
  sync = ocop_sync_status_describe (self->sync_status);
  network = ocop_sync_status_describe_network (self->sync_status);
  gtk_label_set_label (self->sync_label, sync);
  gtk_label_set_label (self->network_label, network);
}

static void
start_sync (OcopWindow *self)
{
  if (self->sync_status != NULL)
    return;
  self->sync_status = ocop_sync_status_new (self->store, self->settings);
  g_signal_connect_object (self->sync_status, "changed", G_CALLBACK (update_status), self, G_CONNECT_SWAPPED);
}

/* Shown only for a till with a scale set: most booths sell by the piece. */
static void
update_scale_status (OcopWindow *self)
{
  g_autofree char *uri = g_settings_get_string (self->settings, "scale-uri");
  g_autofree char *scale = ocop_devices_describe_scale (self->devices);

  gtk_label_set_label (self->scale_label, scale);
  gtk_widget_set_visible (GTK_WIDGET (self->scale_label), *uri != '\0');
}

static void
update_device_status (OcopWindow *self)
{
  g_autofree char *printer = ocop_devices_describe_printer (self->devices);
  g_autofree char *scanner = ocop_devices_describe_scanner (self->devices);

  gtk_label_set_label (self->printer_label, printer);
  gtk_label_set_label (self->scanner_label, scanner);
  update_scale_status (self);
}

static void
retry_print_activated (GtkWidget  *widget,
                       const char *action,
                       GVariant   *parameter)
{
  OcopWindow *self = OCOP_WINDOW (widget);

  if (self->devices != NULL)
    ocop_devices_print_waiting (self->devices);
}

static gboolean
labels_page_is_shown (OcopWindow *self)
{
  return g_strcmp0 (adw_view_stack_get_visible_child_name (self->views), "labels") == 0;
}

/* A scan on the Labels page picks the product to label; anywhere else it
 * goes into the cart. */
static gboolean
locked (OcopWindow *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "till") != 0;
}

static void
route_code (OcopWindow *self,
            const char *code)
{
  /* Nothing goes into a cart until someone has signed in to sell it. */
  if (locked (self))
    return;
  if (labels_page_is_shown (self))
    ocop_labels_page_select_code (self->labels_page, code);
  else
    ocop_till_page_add_code (self->till_page, code);
}

/* A scanner read directly (kiosk mode) lands where keyboard scans do. */
static void
device_scanned_cb (OcopWindow *self,
                   const char *code)
{
  route_code (self, code);
}

static void
start_devices (OcopWindow *self)
{
  if (self->devices != NULL)
    return;
  self->devices = ocop_devices_new (self->store, self->settings);
  g_signal_connect_object (self->devices, "changed", G_CALLBACK (update_device_status), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->devices, "scanned", G_CALLBACK (device_scanned_cb), self, G_CONNECT_SWAPPED);
  ocop_today_page_set_devices (self->today_page, self->devices);
  ocop_till_page_set_devices (self->till_page, self->devices);
  ocop_printer_banner_set_devices (self->printer_banner, self->devices);
  ocop_labels_page_set_devices (self->labels_page, self->devices);
  update_device_status (self);
}

/* ---- the Till page ---- */

static void
search_changed_cb (OcopWindow *self)
{
  ocop_till_page_search (self->till_page, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
sale_recorded_cb (OcopWindow *self)
{
  update_status (self);
  /* Off the main loop: the sale is recorded whatever the network does. */
  if (self->sync_status != NULL)
    ocop_sync_status_sync_soon (self->sync_status);
  /* The receipt was queued with the sale; printing follows it. */
  if (self->devices != NULL)
    ocop_devices_print_waiting (self->devices);
}

/* ---- scanning ---- */

/* Puts the search field back as it was before a scan burst. */
static void
restore_search_after_scan (OcopWindow *self)
{
  GtkEditable *search = GTK_EDITABLE (self->search_entry);

  /* The input method had the burst's keys too, as a person's typing until
   * Enter said otherwise, and may still be composing its last word (Telex
   * keeps "W1" as "Ư1"): drop it, or it comes out in front of whatever is
   * typed next. GTK 4.8 has no public call to reset a GtkText's input
   * method; its move-cursor signal, which GTK lets code emit, resets it
   * first. */
  g_signal_emit_by_name (gtk_editable_get_delegate (search), "move-cursor", GTK_MOVEMENT_BUFFER_ENDS, 1, FALSE);
  /* Only when the burst really went into the field: setting the same text
   * would run the search and rebuild the product grid. */
  if (self->search_before_scan != NULL && !g_str_equal (self->search_before_scan, gtk_editable_get_text (search)))
    gtk_editable_set_text (search, self->search_before_scan);
}

/* GTK 4's ibus module waits for ibus's answer to each key in a main loop of
 * its own, in which the next keys, Enter included, are handled already when
 * ibus is slow: the engine's words from the burst land in the field only
 * once those loops have returned, so the field is put back after that. */
static gboolean
restore_search_once_input_method_is_done (gpointer user_data)
{
  OcopWindow *self = user_data;

  if (g_main_depth () > 1)
    return G_SOURCE_CONTINUE;
  self->restore_search_id = 0;
  restore_search_after_scan (self);
  return G_SOURCE_REMOVE;
}

gboolean
ocop_window_handle_key (OcopWindow *self,
                        guint       keyval,
                        gint64      time_us)
{
  gunichar c = (keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter)
               ? '\n' : gdk_keyval_to_unicode (keyval);
  g_autofree char *code = NULL;

  switch (ocop_scan_detector_feed (self->scanner, c, time_us))
    {
    case OCOP_SCAN_STARTED:
      /* The key still goes on to the focused widget (the input method needs
       * it if a person is typing); remember the search text to put back if
       * this turns out to be a scan, unless the last scan's is still to be
       * put back. */
      if (self->restore_search_id == 0)
        {
          g_free (self->search_before_scan);
          self->search_before_scan = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
        }
      if (labels_page_is_shown (self))
        ocop_labels_page_scan_started (self->labels_page);
      return FALSE;
    case OCOP_SCAN_COMPLETE:
      code = ocop_scan_detector_take_code (self->scanner);
      if (g_main_depth () <= 1)
        restore_search_after_scan (self);
      else if (self->restore_search_id == 0)
        {
          g_debug ("Scan ended inside the input method's own main loop: the search field is put back later");
          self->restore_search_id = g_timeout_add (5, restore_search_once_input_method_is_done, self);
        }
      route_code (self, code);
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                OcopWindow            *self)
{
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (controller));

  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return FALSE;   /* shortcuts, never part of a scan */
  if (locked (self))
    return FALSE;   /* a PIN being typed, never a scan */
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->views), "gate") == 0 &&
      ocop_gate_page_handle_key (self->gate_page, keyval, state, (gint64) gdk_event_get_time (event) * 1000))
    return TRUE;
  /* A scanner presses Shift for each capital: no character, and not a
   * person's pause either, so it must not break the burst. */
  if (gdk_key_event_is_modifier (event))
    return FALSE;
  return ocop_window_handle_key (self, keyval, (gint64) gdk_event_get_time (event) * 1000);
}

static void
show_booth_title (OcopWindow *self)
{
  g_autoptr(OcopBooth) booth = ocop_store_get_current_booth (self->store, NULL);

  if (booth != NULL)
    adw_view_switcher_title_set_title (self->window_title, booth->name);
}

static void
preferences_activated (GtkWidget  *widget,
                       const char *action,
                       GVariant   *parameter)
{
  OcopWindow *self = OCOP_WINDOW (widget);
  OcopPreferencesWindow *preferences = ocop_preferences_window_new (GTK_WINDOW (self), self->store, self->settings);

  g_signal_connect_object (preferences, "booth-changed", G_CALLBACK (show_booth_title), self, G_CONNECT_SWAPPED);
  if (self->sync_status != NULL)
    g_signal_connect_object (preferences, "hub-joined", G_CALLBACK (ocop_sync_status_reconsider),
                             self->sync_status, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
search_activated (GtkWidget  *widget,
                  const char *action,
                  GVariant   *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (OCOP_WINDOW (widget)->search_entry));
}

static void
view_changed_cb (OcopWindow *self)
{
  /* The journal may have grown from this till or from `ocop`. */
  if (self->store != NULL && g_strcmp0 (adw_view_stack_get_visible_child_name (self->views), "today") == 0)
    ocop_today_page_refresh (self->today_page);
  if (self->store != NULL && g_strcmp0 (adw_view_stack_get_visible_child_name (self->views), "gate") == 0)
    ocop_gate_page_refresh (self->gate_page);
  if (self->store != NULL && g_strcmp0 (adw_view_stack_get_visible_child_name (self->views), "organizer") == 0)
    ocop_organizer_page_refresh (self->organizer_page);
  /* The product search is the Till page's; the others have their own. */
  gtk_widget_set_visible (GTK_WIDGET (self->search_entry),
                          adw_view_switcher_title_get_view_switcher_enabled (self->window_title) &&
                          g_strcmp0 (adw_view_stack_get_visible_child_name (self->views), "till") == 0);
}

/* ---- who is selling ---- */

/* The till, its pages and its keys, for whoever is signed in. */
static void
show_selling (OcopWindow *self)
{
  gboolean anyone = self->cashier == NULL;

  /* Said in the header, so that a booth without cashiers knows why nobody
   * signs in and how to change it. */
  gtk_label_set_label (self->cashier_label, anyone ? _("No sign-in") : self->cashier);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->cashier_button),
                               anyone ? _("This booth has no cashiers, so sales are recorded without a name:"
                                          " add cashiers in Settings to have them sign in")
                                      : _("Switch cashier or lock the till"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.switch-cashier", !anyone);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign-out", !anyone);
  gtk_widget_set_visible (GTK_WIDGET (self->cashier_button), TRUE);
  ocop_till_page_set_cashier (self->till_page, self->cashier);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "till", ocop_till_page_get_actions (self->till_page));
  adw_view_switcher_title_set_view_switcher_enabled (self->window_title, TRUE);
  gtk_widget_set_visible (self->switcher_bar, TRUE);
  gtk_stack_set_visible_child_name (self->stack, "till");
  view_changed_cb (self);
}

/* Locks the till behind the sign-in, @suggested chosen; a booth with no
 * cashiers sells as before. */
static void
ask_who_sells (OcopWindow *self,
               const char *suggested)
{
  g_clear_pointer (&self->cashier, g_free);
  ocop_till_page_set_cashier (self->till_page, NULL);
  gtk_stack_set_visible_child_name (self->stack, "signin");
  if (!ocop_signin_page_reset (self->signin_page, self->store, suggested))
    {
      show_selling (self);
      return;
    }
  /* Pay (F12) and the pages wait for a name too. */
  gtk_widget_insert_action_group (GTK_WIDGET (self), "till", NULL);
  adw_view_switcher_title_set_view_switcher_enabled (self->window_title, FALSE);
  gtk_widget_set_visible (self->switcher_bar, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->search_entry), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->cashier_button), FALSE);
}

static void
signed_in_cb (OcopWindow *self,
              const char *name)
{
  g_free (self->cashier);
  self->cashier = g_strdup (name);
  show_selling (self);
}

/* The other cashier comes first: two at one booth switch with a PIN. */
static void
switch_cashier_activated (GtkWidget  *widget,
                          const char *action,
                          GVariant   *parameter)
{
  OcopWindow *self = OCOP_WINDOW (widget);
  g_auto(GStrv) names = ocop_store_list_cashiers (self->store, NULL);
  const char *other = NULL;

  for (guint i = 0; names != NULL && names[i] != NULL && other == NULL; i++)
    if (g_strcmp0 (names[i], self->cashier) != 0)
      other = names[i];
  ask_who_sells (self, other);
}

/* The same cashier comes back first from a break. */
static void
sign_out_activated (GtkWidget  *widget,
                    const char *action,
                    GVariant   *parameter)
{
  OcopWindow *self = OCOP_WINDOW (widget);
  g_autofree char *was = g_strdup (self->cashier);

  ask_who_sells (self, was);
}

/* ---- set-up ---- */

static void
show_till (OcopWindow *self)
{
  g_autoptr(OcopBooth) booth = ocop_store_get_current_booth (self->store, NULL);
  g_autoptr(OcopFair) fair = ocop_store_get_fair (self->store, NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->search_entry), booth != NULL && fair != NULL);
  adw_view_switcher_title_set_view_switcher_enabled (self->window_title, booth != NULL && fair != NULL);
  /* Before set-up there are no pages to switch to, at any width. */
  gtk_widget_set_visible (self->switcher_bar, booth != NULL && fair != NULL);
  if (booth == NULL || fair == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "setup");
      return;
    }
  adw_view_switcher_title_set_title (self->window_title, booth->name);
  adw_view_switcher_title_set_subtitle (self->window_title, fair->name);
  ocop_today_page_set_store (self->today_page, self->store);
  ocop_labels_page_set_store (self->labels_page, self->store);
  ocop_gate_page_set_store (self->gate_page, self->store, self->settings);
  ocop_organizer_page_set_store (self->organizer_page, self->store);
  g_signal_connect_object (self->gate_page, "counted", G_CALLBACK (update_status), self, G_CONNECT_SWAPPED);
  ocop_till_page_set_store (self->till_page, self->store, self->settings);
  start_sync (self);
  update_status (self);
  start_devices (self);
  if (self->cashier == NULL)
    ask_who_sells (self, NULL);
  else
    show_selling (self);
}

static void
demo_activated (GtkWidget  *widget,
                const char *action,
                GVariant   *parameter)
{
  OcopWindow *self = OCOP_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!ocop_demo_create (self->store, NULL, &error))
    ocop_toast_show (GTK_WIDGET (self->toasts), error->message);
  show_till (self);
}

static void
set_up_activated (GtkWidget  *widget,
                  const char *action,
                  GVariant   *parameter)
{
  OcopWindow *self = OCOP_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!ocop_setup_page_apply (self->setup_page, self->store, self->settings, &error))
    {
      ocop_toast_show (GTK_WIDGET (self->toasts), error->message);
      return;
    }
  show_till (self);
}

/* ---- the object ---- */

static void
ocop_window_dispose (GObject *object)
{
  OcopWindow *self = OCOP_WINDOW (object);

  g_clear_object (&self->devices);
  g_clear_object (&self->sync_status);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->scanner);
  g_clear_handle_id (&self->restore_search_id, g_source_remove);
  g_clear_pointer (&self->search_before_scan, g_free);
  g_clear_pointer (&self->cashier, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), OCOP_TYPE_WINDOW);

  G_OBJECT_CLASS (ocop_window_parent_class)->dispose (object);
}

static void
ocop_window_class_init (OcopWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ocop_window_dispose;

  g_type_ensure (OCOP_TYPE_TILL_PAGE);
  g_type_ensure (OCOP_TYPE_TODAY_PAGE);
  g_type_ensure (OCOP_TYPE_GATE_PAGE);
  g_type_ensure (OCOP_TYPE_ORGANIZER_PAGE);
  g_type_ensure (OCOP_TYPE_LABELS_PAGE);
  g_type_ensure (OCOP_TYPE_SETUP_PAGE);
  g_type_ensure (OCOP_TYPE_SIGNIN_PAGE);
  g_type_ensure (OCOP_TYPE_PRINTER_BANNER);
  gtk_widget_class_set_template_from_resource (widget_class, "/vn/ocop/Pos/ocop-window.ui");
  gtk_widget_class_bind_template_child (widget_class, OcopWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, OcopWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, OcopWindow, views);
  gtk_widget_class_bind_template_child (widget_class, OcopWindow, till_page);
  gtk_widget_class_bind_template_child (widget_class, OcopWindow, today_page);
  gtk_widget_class_bind_template_child (widget_class, OcopWindow, labels_page);
  gtk_widget_class_bind_template_child (widget_class, OcopWindow, gate_page);
  gtk_widget_class_bind_template_child (widget_class, OcopWindow, organizer_page);
  gtk_widget_class_bind_template_callback (widget_class, view_changed_cb);
  gtk_widget_class_bind_template_child (widget_class, OcopWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, OcopWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, OcopWindow, sync_label);
  gtk_widget_class_bind_template_child (widget_class, OcopWindow, printer_label);
  gtk_widget_class_bind_template_child (widget_class, OcopWindow, scanner_label);
  gtk_widget_class_bind_template_child (widget_class, OcopWindow, scale_label);
  gtk_widget_class_bind_template_child (widget_class, OcopWindow, printer_banner);
  gtk_widget_class_bind_template_child (widget_class, OcopWindow, setup_page);
  gtk_widget_class_bind_template_child (widget_class, OcopWindow, network_label);
  gtk_widget_class_bind_template_child (widget_class, OcopWindow, signin_page);
  gtk_widget_class_bind_template_child (widget_class, OcopWindow, cashier_button);
  gtk_widget_class_bind_template_child (widget_class, OcopWindow, cashier_label);
  gtk_widget_class_bind_template_child (widget_class, OcopWindow, switcher_bar);
  gtk_widget_class_bind_template_callback (widget_class, signed_in_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, sale_recorded_cb);

  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_activated);
  gtk_widget_class_install_action (widget_class, "win.demo", NULL, demo_activated);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, preferences_activated);
  gtk_widget_class_install_action (widget_class, "win.set-up", NULL, set_up_activated);
  gtk_widget_class_install_action (widget_class, "win.retry-print", NULL, retry_print_activated);
  gtk_widget_class_install_action (widget_class, "win.switch-cashier", NULL, switch_cashier_activated);
  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, sign_out_activated);
}

static void
ocop_window_init (OcopWindow *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->scanner = ocop_scan_detector_new ();
  self->settings = ocop_settings_new ();
  g_settings_bind (self->settings, "scanner-max-gap-ms", self->scanner, "max-gap-ms", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "scanner-min-length", self->scanner, "min-length", G_SETTINGS_BIND_GET);
  /* The till's actions (till.pay…) reach it from the header bar's search
   * field and the application's accelerators alike. */
  gtk_widget_insert_action_group (GTK_WIDGET (self), "till", ocop_till_page_get_actions (self->till_page));
  ocop_till_page_set_scan_field (self->till_page, GTK_WIDGET (self->search_entry));

  /* Capture phase: the window sees each key before the focused widget and
   * its input method, so a scan is read as the scanner typed it. */
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}

OcopWindow *
ocop_window_new (AdwApplication *app,
                 OcopStore      *store)
{
  OcopWindow *self = g_object_new (OCOP_TYPE_WINDOW, "application", app, NULL);

  self->store = g_object_ref (store);
  show_till (self);
  return self;
}

const char *
ocop_window_get_last_message (OcopWindow *self)
{
  return ocop_toast_get_last (GTK_WIDGET (self->toasts));
}

OcopTodayPage *
ocop_window_show_today (OcopWindow *self)
{
  adw_view_stack_set_visible_child_name (self->views, "today");
  return self->today_page;
}

OcopGatePage *
ocop_window_show_gate (OcopWindow *self)
{
  adw_view_stack_set_visible_child_name (self->views, "gate");
  return self->gate_page;
}

OcopOrganizerPage *
ocop_window_show_organizer (OcopWindow *self)
{
  adw_view_stack_set_visible_child_name (self->views, "organizer");
  return self->organizer_page;
}

OcopLabelsPage *
ocop_window_show_labels (OcopWindow *self)
{
  adw_view_stack_set_visible_child_name (self->views, "labels");
  return self->labels_page;
}

OcopDevices *
ocop_window_get_devices (OcopWindow *self)
{
  return self->devices;
}

OcopSyncStatus *
ocop_window_get_sync_status (OcopWindow *self)
{
  return self->sync_status;
}

const char *
ocop_window_get_sync_text (OcopWindow *self)
{
  return gtk_label_get_label (self->sync_label);
}

const char *
ocop_window_get_cashier (OcopWindow *self)
{
  return self->cashier;
}

OcopSigninPage *
ocop_window_get_signin_page (OcopWindow *self)
{
  return self->signin_page;
}

OcopTillPage *
ocop_window_get_till_page (OcopWindow *self)
{
  return self->till_page;
}
