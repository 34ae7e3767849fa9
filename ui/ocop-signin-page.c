/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-signin-page.c: the till's sign-in: the PIN is checked by the store
 * (ocop_store_sign_in_async: Argon2 off the main thread, so that the till
 * keeps drawing), which counts wrong PINs as approvals do, and the window
 * is told who signed in. */

#include "config.h"

#include <glib/gi18n.h>

#include "ocop-signin-page.h"

struct _OcopSigninPage
{
  GtkBox          parent_instance;

  OcopStore      *store;
  GCancellable   *checking;   /* while the PIN is checked */

  /* Template children */
  GtkDropDown    *names;
  GtkStringList  *name_list;
  GtkEditable    *pin_entry;
  GtkLabel       *error_label;
  GtkButton      *sign_in_button;
  GtkSpinner     *spinner;
};

G_DEFINE_FINAL_TYPE (OcopSigninPage, ocop_signin_page, GTK_TYPE_BOX)

enum { SIGNED_IN, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
show_error (OcopSigninPage *self,
            const char     *message)
{
  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL && *message != '\0');
}

/* While the PIN is checked the page says so and takes no second one. The
 * field stays sensitive but read-only: an insensitive field loses the
 * focus it is typed in. */
static void
show_checking (OcopSigninPage *self,
               gboolean        checking)
{
  gtk_editable_set_editable (self->pin_entry, !checking);
  gtk_widget_set_sensitive (GTK_WIDGET (self->names), !checking);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_button), !checking);
  gtk_button_set_label (self->sign_in_button, checking ? _("Checking the PIN…") : _("_Sign in"));
  gtk_spinner_set_spinning (self->spinner, checking);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), checking);
}

static void
signed_in_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(OcopSigninPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = ocop_store_sign_in_finish (OCOP_STORE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->checking);
  show_checking (self, FALSE);
  if (name == NULL)
    {
      show_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->pin_entry));
      return;
    }
  show_error (self, NULL);
  g_signal_emit (self, signals[SIGNED_IN], 0, name);
}

static void
sign_in_cb (OcopSigninPage *self)
{
  if (self->store == NULL || self->checking != NULL)
    return;
  self->checking = g_cancellable_new ();
  ocop_store_sign_in_async (self->store, ocop_signin_page_get_chosen (self), gtk_editable_get_text (self->pin_entry),
                            self->checking, signed_in_cb, g_object_ref (self));
  /* The PIN goes either way: a refused one must be typed again, whole. */
  gtk_editable_set_text (self->pin_entry, "");
  show_error (self, NULL);
  show_checking (self, TRUE);
}

static void
ocop_signin_page_dispose (GObject *object)
{
  OcopSigninPage *self = OCOP_SIGNIN_PAGE (object);

  if (self->checking != NULL)
    g_cancellable_cancel (self->checking);
  g_clear_object (&self->checking);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), OCOP_TYPE_SIGNIN_PAGE);

  G_OBJECT_CLASS (ocop_signin_page_parent_class)->dispose (object);
}

static void
ocop_signin_page_class_init (OcopSigninPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ocop_signin_page_dispose;

  /* The name of the cashier who signed in. */
  signals[SIGNED_IN] = g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/vn/ocop/Pos/ocop-signin-page.ui");
  gtk_widget_class_bind_template_child (widget_class, OcopSigninPage, names);
  gtk_widget_class_bind_template_child (widget_class, OcopSigninPage, name_list);
  gtk_widget_class_bind_template_child (widget_class, OcopSigninPage, pin_entry);
  gtk_widget_class_bind_template_child (widget_class, OcopSigninPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, OcopSigninPage, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, OcopSigninPage, spinner);
  gtk_widget_class_bind_template_callback (widget_class, sign_in_cb);
}

static void
ocop_signin_page_init (OcopSigninPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Chooses @name in the list, or the first when it is not there. */
static void
choose (OcopSigninPage *self,
        const char     *name)
{
  GListModel *names = G_LIST_MODEL (self->name_list);
  guint chosen = 0;

  for (guint i = 0; i < g_list_model_get_n_items (names); i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->name_list, i), name) == 0)
      chosen = i;
  gtk_drop_down_set_selected (self->names, chosen);
}

gboolean
ocop_signin_page_reset (OcopSigninPage *self,
                        OcopStore      *store,
                        const char     *suggested)
{
  g_auto(GStrv) names = ocop_store_list_cashiers (store, NULL);

  g_set_object (&self->store, store);
  gtk_string_list_splice (self->name_list, 0, g_list_model_get_n_items (G_LIST_MODEL (self->name_list)),
                          (const char * const *) names);
  choose (self, suggested);
  gtk_editable_set_text (self->pin_entry, "");
  show_error (self, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->pin_entry));
  return names != NULL && names[0] != NULL;
}

gboolean
ocop_signin_page_sign_in (OcopSigninPage *self,
                          const char     *name,
                          const char     *pin)
{
  choose (self, name);
  gtk_editable_set_text (self->pin_entry, pin);
  sign_in_cb (self);
  while (self->checking != NULL)
    g_main_context_iteration (NULL, TRUE);
  return *ocop_signin_page_get_error (self) == '\0';
}

gboolean
ocop_signin_page_is_checking (OcopSigninPage *self)
{
  return self->checking != NULL;
}

const char *
ocop_signin_page_get_chosen (OcopSigninPage *self)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (self->names);

  return item ? gtk_string_object_get_string (item) : "";
}

const char *
ocop_signin_page_get_error (OcopSigninPage *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->error_label)) ? gtk_label_get_label (self->error_label) : "";
}
