/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-organizer-page.c: the Organizer page. The hub's totals come through
 * the sync client on a worker thread; when the hub does not answer (or the
 * laptop never joined one) the page shows the store's own reports, and
 * says that they are this booth's only. A hub with organizer accounts
 * shows its figures only to an organizer who signs in here: the password
 * goes to the hub and is cleared from the page, and the session lives in
 * the sync client's memory until "Sign out" or the till closes. Failures
 * are said in plain words (ocop-sync-message.c), with the client's own
 * text under "Details" and in the log; the booth's own figures are never
 * headed as the fair's. */

#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n.h>

#include "ocop-money.h"
#include "ocop-organizer-page.h"
#include "ocop-report.h"
#include "ocop-settings.h"
#include "ocop-sync-client.h"
#include "ocop-sync-message.h"

struct _OcopOrganizerPage
{
  GtkBox          parent_instance;

  OcopStore      *store;
  OcopSyncClient *client;
  GSettings      *settings;
  GCancellable   *fetching;       /* while the hub is asked */
  GCancellable   *signing;        /* while signing in or out */
  JsonNode       *hub_today;      /* between the two requests */
  gboolean        from_hub;
  gboolean        needs_organizer; /* the hub refused this laptop's token */

  GtkLabel       *as_of_label;
  GtkLabel       *reason_label;
  GtkWidget      *details_expander;
  GtkLabel       *details_label;
  GtkLabel       *today_heading;
  GtkLabel       *fair_heading;
  GtkLabel       *booth_heading;
  GtkLabel       *locality_heading;
  GtkListBox     *today_list;
  GtkListBox     *fair_list;
  GtkListBox     *booth_list;
  GtkListBox     *locality_list;
  GtkListBox     *method_list;
  GtkWidget      *sign_in_box;
  AdwEntryRow    *name_row;
  AdwEntryRow    *password_row;
  GtkLabel       *sign_in_message;
  GtkWidget      *signed_in_box;
  GtkLabel       *signed_in_label;
};

G_DEFINE_FINAL_TYPE (OcopOrganizerPage, ocop_organizer_page, GTK_TYPE_BOX)

enum { SIGNAL_REFRESHED, SIGNAL_SESSION_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* ---- rows ---- */

/* GTK 4.8 has no gtk_list_box_remove_all. */
static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
add_row (GtkListBox *list,
         const char *title,
         const char *subtitle,
         const char *value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value);
  g_autofree char *escaped = g_markup_escape_text (title, -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_name (label, "organizer-value");
  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  gtk_list_box_append (list, row);
}

static void
add_count_row (GtkListBox *list,
               const char *title,
               gint64      count)
{
  g_autofree char *value = g_strdup_printf ("%" PRId64, count);

  add_row (list, title, NULL, value);
}

static void
add_money_row (GtkListBox *list,
               const char *title,
               const char *subtitle,
               gint64      amount)
{
  g_autofree char *value = ocop_money_format (amount);

  add_row (list, title, subtitle, value);
}

/* "12 sales · 3.450.000 ₫" */
static char *
sales_and_revenue (gint64 sales,
                   gint64 revenue)
{
  g_autofree char *money = ocop_money_format (revenue);

  return g_strdup_printf (g_dngettext (NULL, "%" PRId64 " sale · %s", "%" PRId64 " sales · %s", (gulong) MIN (sales, G_MAXLONG)),
                          sales, money);
}

static void
show_summary (GtkListBox *list,
              gint64      visitors,
              gint64      sales,
              gint64      revenue)
{
  clear_list (list);
  add_count_row (list, _("Visitors"), visitors);
  add_count_row (list, _("Sales"), sales);
  add_money_row (list, _("Revenue"), NULL, revenue);
}

static const char *
method_title (const char *method)
{
  OcopPaymentMethod parsed = ocop_payment_method_from_string (method);

  return parsed != 0 ? ocop_payment_method_label (parsed) : method;
}

static void
clear_all (OcopOrganizerPage *self)
{
  clear_list (self->today_list);
  clear_list (self->fair_list);
  clear_list (self->booth_list);
  clear_list (self->locality_list);
  clear_list (self->method_list);
}

/* The client's own words for the last failure, for whoever must fix it:
 * under "Details" (closed) and in the log; none when @error is NULL. */
static void
show_details (OcopOrganizerPage *self,
              const GError      *error)
{
  gtk_widget_set_visible (self->details_expander, error != NULL);
  gtk_label_set_label (self->details_label, error ? error->message : "");
  /* A failure stands out from the page's notes ("Asking the hub…"). */
  gtk_widget_set_css_classes (GTK_WIDGET (self->reason_label),
                              (const char *[]) { error ? "warning" : "dim-label", NULL });
  if (error != NULL)
    g_debug ("Organizer page: %s", error->message);
}

/* Figures from the hub are the fair's; the fallback is this booth's only,
 * and its headings say so. */
static void
show_headings (OcopOrganizerPage *self,
               gboolean           from_hub)
{
  gtk_label_set_label (self->today_heading, from_hub ? _("Today") : _("This booth today"));
  gtk_label_set_label (self->fair_heading, from_hub ? _("The whole fair") : _("This booth, every day of the fair"));
  gtk_label_set_label (self->booth_heading, from_hub ? _("By booth") : _("This booth"));
  gtk_label_set_label (self->locality_heading, from_hub ? _("By locality") : _("This booth's locality"));
}

/* ---- this booth's own figures ---- */

static void
show_local_methods (OcopOrganizerPage *self,
                    GArray            *by_method)
{
  for (guint i = 0; i < by_method->len; i++)
    {
      OcopMethodTotal *total = &g_array_index (by_method, OcopMethodTotal, i);

      add_money_row (self->method_list, ocop_payment_method_label (total->method), NULL, total->amount);
    }
}

static void
show_local (OcopOrganizerPage *self,
            const char        *reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopDayReport) today = ocop_report_day (self->store, NULL, NULL, &error);
  g_autoptr(OcopFairReport) fair = today ? ocop_report_fair (self->store, &error) : NULL;
  g_autoptr(OcopBooth) booth = ocop_store_get_current_booth (self->store, NULL);
  g_autofree char *now = ocop_store_format_time (self->store, ocop_store_now_us (self->store), "%H:%M");
  g_autofree char *as_of = g_strdup_printf (_("This booth only, as of %s"), now);

  self->from_hub = FALSE;
  clear_all (self);
  show_headings (self, FALSE);
  gtk_label_set_label (self->as_of_label, as_of);
  if (fair == NULL)
    {
      gtk_label_set_label (self->reason_label, error->message);
      return;
    }
  gtk_label_set_label (self->reason_label, reason);
  show_summary (self->today_list, today->visitors, today->sales_count, today->net);
  show_summary (self->fair_list, fair->visitors, fair->sales_count, fair->net);
  for (guint i = 0; i < fair->by_booth->len; i++)
    {
      OcopFairRow *row = g_ptr_array_index (fair->by_booth, i);
      g_autofree char *value = sales_and_revenue (row->sales_count, row->net);

      add_row (self->booth_list, row->booth, NULL, value);
    }
  if (booth != NULL)
    {
      g_autofree char *value = sales_and_revenue (fair->sales_count, fair->net);

      add_row (self->locality_list, booth->locality,
               booth->in_province ? _("In Quảng Ninh") : _("From another province"), value);
    }
  show_local_methods (self, fair->by_method);
}

/* ---- the hub's figures ---- */

static gint64
int_member (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64
    ? json_node_get_int (node) : 0;
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
    ? json_node_get_string (node) : NULL;
}

/* The objects of array @name, skipping anything else the hub might add. */
static GPtrArray *
objects_of (JsonObject *object,
            const char *name)
{
  GPtrArray *objects = g_ptr_array_new ();
  JsonNode *node = json_object_get_member (object, name);
  JsonArray *array = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    if (JSON_NODE_HOLDS_OBJECT (json_array_get_element (array, i)))
      g_ptr_array_add (objects, json_array_get_object_element (array, i));
  return objects;
}

static void
show_hub_booths (OcopOrganizerPage *self,
                 JsonObject        *fair)
{
  g_autoptr(GPtrArray) booths = objects_of (fair, "by_booth");

  for (guint i = 0; i < booths->len; i++)
    {
      JsonObject *booth = booths->pdata[i];
      gint64 last_sync_us = int_member (booth, "last_sync_us");
      g_autofree char *value = sales_and_revenue (int_member (booth, "sales"), int_member (booth, "revenue"));
      g_autofree char *clock = last_sync_us > 0 ? ocop_store_format_time (self->store, last_sync_us, "%H:%M") : NULL;
      g_autofree char *subtitle = clock ? g_strdup_printf (_("Last sync %s"), clock) : NULL;
      const char *code = string_member (booth, "booth");

      add_row (self->booth_list, code ? code : "?", subtitle, value);
    }
}

static void
show_hub_localities (OcopOrganizerPage *self,
                     JsonObject        *fair)
{
  g_autoptr(GPtrArray) localities = objects_of (fair, "by_locality");

  for (guint i = 0; i < localities->len; i++)
    {
      JsonObject *locality = localities->pdata[i];
      JsonNode *inside = json_object_get_member (locality, "in_province");
      gboolean in_province = inside != NULL && JSON_NODE_HOLDS_VALUE (inside) &&
                             json_node_get_value_type (inside) == G_TYPE_BOOLEAN && json_node_get_boolean (inside);
      g_autofree char *value = sales_and_revenue (int_member (locality, "sales"), int_member (locality, "revenue"));

      add_row (self->locality_list, in_province ? _("In Quảng Ninh") : _("From another province"), NULL, value);
    }
}

static void
show_hub_methods (OcopOrganizerPage *self,
                  JsonObject        *fair)
{
  g_autoptr(GPtrArray) methods = objects_of (fair, "by_method");

  for (guint i = 0; i < methods->len; i++)
    {
      const char *method = string_member (methods->pdata[i], "method");

      add_money_row (self->method_list, method ? method_title (method) : "?", NULL,
                     int_member (methods->pdata[i], "amount"));
    }
}

static void
show_hub (OcopOrganizerPage *self,
          JsonNode          *today_node,
          JsonNode          *fair_node)
{
  JsonObject *today = json_node_get_object (today_node);
  JsonObject *fair = json_node_get_object (fair_node);
  g_autofree char *clock = ocop_store_format_time (self->store, int_member (fair, "as_of_us"), "%H:%M");
  g_autofree char *as_of = g_strdup_printf (_("Whole fair, from the hub, as of %s"), clock);
  g_autoptr(GPtrArray) stale = objects_of (fair, "stale_booths");
  g_autofree char *reason = stale->len > 0
    ? g_strdup_printf (g_dngettext (NULL, "%u booth has not synced for 30 minutes", "%u booths have not synced for 30 minutes",
                                    stale->len), stale->len)
    : NULL;

  self->from_hub = TRUE;
  clear_all (self);
  show_headings (self, TRUE);
  show_details (self, NULL);
  gtk_label_set_label (self->as_of_label, as_of);
  gtk_label_set_label (self->reason_label, reason ? reason : "");
  show_summary (self->today_list, int_member (today, "visitors"), int_member (today, "sales"),
                int_member (today, "revenue"));
  show_summary (self->fair_list, int_member (fair, "visitors"), int_member (fair, "sales"),
                int_member (fair, "revenue"));
  show_hub_booths (self, fair);
  show_hub_localities (self, fair);
  show_hub_methods (self, fair);
}

/* ---- the organizer's session ---- */

/* The sign-in form while the hub wants an organizer, "Signed in as …"
 * with Sign out while a session is open, else neither. */
static void
show_session (OcopOrganizerPage *self)
{
  g_autofree char *organizer = self->client ? ocop_sync_client_dup_organizer (self->client) : NULL;
  g_autofree char *signed_in = organizer ? g_strdup_printf (_("Signed in as organizer %s"), organizer) : NULL;

  gtk_widget_set_visible (self->signed_in_box, organizer != NULL);
  gtk_label_set_label (self->signed_in_label, signed_in ? signed_in : "");
  gtk_widget_set_visible (self->sign_in_box, organizer == NULL && self->needs_organizer);
}

static void restart_refresh (OcopOrganizerPage *self);

static void
signed_in_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(OcopOrganizerPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!ocop_sync_client_sign_in_finish (OCOP_SYNC_CLIENT (source), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->signing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "organizer.sign-in", TRUE);
  if (error != NULL)
    {
      /* What the booth staff can do, in their language (the hub's own
       * sentence is in the hub's, under Details). */
      gtk_label_set_label (self->sign_in_message, ocop_sync_message_for (error, OCOP_SYNC_MOMENT_SIGN_IN));
      show_details (self, error);
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      g_signal_emit (self, signals[SIGNAL_SESSION_CHANGED], 0);
      return;
    }
  gtk_label_set_label (self->sign_in_message, "");
  show_details (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), "");
  show_session (self);
  g_signal_emit (self, signals[SIGNAL_SESSION_CHANGED], 0);
  restart_refresh (self);
}

static void
sign_in_activated (GtkWidget  *widget,
                   const char *action,
                   GVariant   *parameter)
{
  OcopOrganizerPage *self = OCOP_ORGANIZER_PAGE (widget);
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  g_autofree char *password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->password_row)));

  if (self->client == NULL || self->signing != NULL)
    return;
  /* The password leaves the page as soon as it is read: wrong or right,
   * it is typed again rather than kept in a widget. */
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  if (*name == '\0' || *password == '\0')
    {
      gtk_label_set_label (self->sign_in_message, _("Enter the organizer's name and password."));
      g_signal_emit (self, signals[SIGNAL_SESSION_CHANGED], 0);
      return;
    }
  gtk_label_set_label (self->sign_in_message, _("Signing in…"));
  gtk_widget_action_set_enabled (widget, "organizer.sign-in", FALSE);
  self->signing = g_cancellable_new ();
  ocop_sync_client_sign_in_async (self->client, name, password, self->signing, signed_in_cb, g_object_ref (self));
  explicit_bzero (password, strlen (password));
}

static void
password_activated_cb (OcopOrganizerPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "organizer.sign-in", NULL);
}

static void
signed_out_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(OcopOrganizerPage) self = user_data;
  g_autoptr(GError) error = NULL;

  /* The client forgot the session before asking the hub: a hub that did
   * not answer lets it expire by itself, and the page is signed out
   * either way. */
  if (!ocop_sync_client_sign_out_finish (OCOP_SYNC_CLIENT (source), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    g_debug ("Signing out at the hub failed: %s", error->message);
  g_clear_object (&self->signing);
  show_session (self);
  g_signal_emit (self, signals[SIGNAL_SESSION_CHANGED], 0);
  restart_refresh (self);
}

static void
sign_out_activated (GtkWidget  *widget,
                    const char *action,
                    GVariant   *parameter)
{
  OcopOrganizerPage *self = OCOP_ORGANIZER_PAGE (widget);

  if (self->client == NULL || self->signing != NULL)
    return;
  self->signing = g_cancellable_new ();
  ocop_sync_client_sign_out_async (self->client, self->signing, signed_out_cb, g_object_ref (self));
}

/* ---- asking the hub ---- */

static gboolean
answer_is_moot (OcopOrganizerPage *self,
                const GError      *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->store == NULL;
}

static void
show_local_because (OcopOrganizerPage *self,
                    const GError      *error)
{
  self->needs_organizer = g_error_matches (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_NEEDS_ORGANIZER);
  show_local (self, ocop_sync_message_for (error, OCOP_SYNC_MOMENT_FIGURES));
  /* Not joined and organizers-only say all there is to say. */
  show_details (self, g_error_matches (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_NOT_ENROLLED) || self->needs_organizer
                      ? NULL : error);
  show_session (self);
}

static void
fair_fetched_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(OcopOrganizerPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) fair = ocop_sync_client_fetch_totals_finish (OCOP_SYNC_CLIENT (source), result, &error);
  g_autoptr(JsonNode) today = NULL;

  /* A cancelled answer leaves hub_today alone: it may already be the
   * next request's. */
  if (answer_is_moot (self, error))
    return;
  today = g_steal_pointer (&self->hub_today);
  g_clear_object (&self->fetching);
  if (fair == NULL)
    show_local_because (self, error);
  else
    {
      self->needs_organizer = FALSE;
      show_hub (self, today, fair);
      show_session (self);
    }
  g_signal_emit (self, signals[SIGNAL_REFRESHED], 0);
}

static void
today_fetched_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(OcopOrganizerPage) self = user_data;
  g_autoptr(GError) error = NULL;
  JsonNode *today = ocop_sync_client_fetch_totals_finish (OCOP_SYNC_CLIENT (source), result, &error);

  if (answer_is_moot (self, error))
    {
      g_clear_pointer (&today, json_node_unref);
      return;
    }
  if (today == NULL)
    {
      g_clear_object (&self->fetching);
      show_local_because (self, error);
      g_signal_emit (self, signals[SIGNAL_REFRESHED], 0);
      return;
    }
  self->hub_today = today;
  ocop_sync_client_fetch_totals_async (self->client, NULL, self->fetching, fair_fetched_cb, g_object_ref (self));
}

void
ocop_organizer_page_refresh (OcopOrganizerPage *self)
{
  g_autofree char *day = NULL;
  g_autoptr(GError) error = NULL;

  if (self->store == NULL || self->fetching != NULL)
    return;
  if (!ocop_sync_client_is_enrolled (self->client, &error))
    {
      show_local_because (self, error);
      g_signal_emit (self, signals[SIGNAL_REFRESHED], 0);
      return;
    }
  /* Something on screen at once, even if the hub takes its time. */
  if (!self->from_hub && gtk_widget_get_first_child (GTK_WIDGET (self->today_list)) == NULL)
    show_local (self, _("Asking the hub…"));
  day = ocop_store_business_day_of (self->store, ocop_store_now_us (self->store));
  self->fetching = g_cancellable_new ();
  ocop_sync_client_fetch_totals_async (self->client, day, self->fetching, today_fetched_cb, g_object_ref (self));
}

/* Drops a request in flight (asked with the old session, or none) and
 * asks again with the current one. */
static void
restart_refresh (OcopOrganizerPage *self)
{
  if (self->fetching != NULL)
    g_cancellable_cancel (self->fetching);
  g_clear_object (&self->fetching);
  g_clear_pointer (&self->hub_today, json_node_unref);
  ocop_organizer_page_refresh (self);
}

static void
refresh_activated (GtkWidget  *widget,
                   const char *action,
                   GVariant   *parameter)
{
  ocop_organizer_page_refresh (OCOP_ORGANIZER_PAGE (widget));
}

/* ---- the object ---- */

void
ocop_organizer_page_set_store (OcopOrganizerPage *self,
                               OcopStore         *store)
{
  g_set_object (&self->store, store);
  g_clear_object (&self->client);
  self->client = ocop_sync_client_new (ocop_store_get_path (store));
  if (self->settings == NULL)
    self->settings = ocop_settings_new ();
  g_settings_bind (self->settings, "allow-plain-http", self->client, "allow-http", G_SETTINGS_BIND_GET);
}

char *
ocop_organizer_page_dup_organizer (OcopOrganizerPage *self)
{
  return self->client ? ocop_sync_client_dup_organizer (self->client) : NULL;
}

gboolean
ocop_organizer_page_is_from_hub (OcopOrganizerPage *self)
{
  return self->from_hub;
}

const char *
ocop_organizer_page_get_as_of (OcopOrganizerPage *self)
{
  return gtk_label_get_label (self->as_of_label);
}

static void
ocop_organizer_page_dispose (GObject *object)
{
  OcopOrganizerPage *self = OCOP_ORGANIZER_PAGE (object);

  if (self->fetching != NULL)
    g_cancellable_cancel (self->fetching);
  if (self->signing != NULL)
    g_cancellable_cancel (self->signing);
  g_clear_object (&self->fetching);
  g_clear_object (&self->signing);
  g_clear_pointer (&self->hub_today, json_node_unref);
  g_clear_object (&self->client);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), OCOP_TYPE_ORGANIZER_PAGE);
  G_OBJECT_CLASS (ocop_organizer_page_parent_class)->dispose (object);
}

static void
ocop_organizer_page_class_init (OcopOrganizerPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ocop_organizer_page_dispose;
  signals[SIGNAL_REFRESHED] = g_signal_new ("refreshed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* After a sign-in was answered (right or wrong) and after a sign-out. */
  signals[SIGNAL_SESSION_CHANGED] = g_signal_new ("session-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_template_from_resource (widget_class, "/vn/ocop/Pos/ocop-organizer-page.ui");
  gtk_widget_class_bind_template_child (widget_class, OcopOrganizerPage, as_of_label);
  gtk_widget_class_bind_template_child (widget_class, OcopOrganizerPage, reason_label);
  gtk_widget_class_bind_template_child (widget_class, OcopOrganizerPage, details_expander);
  gtk_widget_class_bind_template_child (widget_class, OcopOrganizerPage, details_label);
  gtk_widget_class_bind_template_child (widget_class, OcopOrganizerPage, today_heading);
  gtk_widget_class_bind_template_child (widget_class, OcopOrganizerPage, fair_heading);
  gtk_widget_class_bind_template_child (widget_class, OcopOrganizerPage, booth_heading);
  gtk_widget_class_bind_template_child (widget_class, OcopOrganizerPage, locality_heading);
  gtk_widget_class_bind_template_child (widget_class, OcopOrganizerPage, today_list);
  gtk_widget_class_bind_template_child (widget_class, OcopOrganizerPage, fair_list);
  gtk_widget_class_bind_template_child (widget_class, OcopOrganizerPage, booth_list);
  gtk_widget_class_bind_template_child (widget_class, OcopOrganizerPage, locality_list);
  gtk_widget_class_bind_template_child (widget_class, OcopOrganizerPage, method_list);
  gtk_widget_class_bind_template_child (widget_class, OcopOrganizerPage, sign_in_box);
  gtk_widget_class_bind_template_child (widget_class, OcopOrganizerPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, OcopOrganizerPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, OcopOrganizerPage, sign_in_message);
  gtk_widget_class_bind_template_child (widget_class, OcopOrganizerPage, signed_in_box);
  gtk_widget_class_bind_template_child (widget_class, OcopOrganizerPage, signed_in_label);
  gtk_widget_class_bind_template_callback (widget_class, password_activated_cb);
  gtk_widget_class_install_action (widget_class, "organizer.refresh", NULL, refresh_activated);
  gtk_widget_class_install_action (widget_class, "organizer.sign-in", NULL, sign_in_activated);
  gtk_widget_class_install_action (widget_class, "organizer.sign-out", NULL, sign_out_activated);
}

static void
ocop_organizer_page_init (OcopOrganizerPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
