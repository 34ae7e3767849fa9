/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-signin-page.c: the till's sign-in: the PIN is checked by the store
 * (ocop_store_sign_in), which counts wrong PINs as approvals do, and the
 * window is told who signed in. */

#include "config.h"

#include "ocop-signin-page.h"

struct _OcopSigninPage
{
  GtkBox          parent_instance;

  OcopStore      *store;

  /* Template children */
  GtkDropDown    *names;
  GtkStringList  *name_list;
  GtkEditable    *pin_entry;
  GtkLabel       *error_label;
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

static void
sign_in_cb (OcopSigninPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  if (self->store == NULL)
    return;
  name = ocop_store_sign_in (self->store, ocop_signin_page_get_chosen (self),
                             gtk_editable_get_text (self->pin_entry), &error);
  /* The PIN goes either way: a refused one must be typed again, whole. */
  gtk_editable_set_text (self->pin_entry, "");
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
ocop_signin_page_dispose (GObject *object)
{
  OcopSigninPage *self = OCOP_SIGNIN_PAGE (object);

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
  return *ocop_signin_page_get_error (self) == '\0';
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
