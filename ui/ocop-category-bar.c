/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-category-bar.c: the category chips. The chips are made from the
 * catalog at run time, so they are built here rather than in a template. */

#include "config.h"

#include <glib/gi18n.h>

#include "ocop-category-bar.h"

struct _OcopCategoryBar
{
  GtkBox     parent_instance;

  char      *category;   /* NULL: all */
  GtkWidget *all_chip;
};

G_DEFINE_FINAL_TYPE (OcopCategoryBar, ocop_category_bar, GTK_TYPE_BOX)

enum { PROP_0, PROP_CATEGORY, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
chip_toggled_cb (GtkToggleButton *chip,
                 OcopCategoryBar *self)
{
  const char *category = g_object_get_data (G_OBJECT (chip), "category");

  /* Each change toggles two chips; the one that went on says what is chosen. */
  if (!gtk_toggle_button_get_active (chip) || g_strcmp0 (category, self->category) == 0)
    return;
  g_free (self->category);
  self->category = g_strdup (category);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATEGORY]);
}

static GtkWidget *
chip_new (OcopCategoryBar *self,
          const char      *label,
          const char      *category)
{
  GtkWidget *chip = gtk_toggle_button_new_with_label (label);

  gtk_widget_add_css_class (chip, "category-chip");
  g_object_set_data_full (G_OBJECT (chip), "category", g_strdup (category), g_free);
  if (self->all_chip != NULL)
    gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (chip), GTK_TOGGLE_BUTTON (self->all_chip));
  g_signal_connect_object (chip, "toggled", G_CALLBACK (chip_toggled_cb), self, 0);
  gtk_box_append (GTK_BOX (self), chip);
  return chip;
}

void
ocop_category_bar_set_categories (OcopCategoryBar    *self,
                                  const char * const *categories)
{
  GtkWidget *child = gtk_widget_get_next_sibling (self->all_chip);
  g_autofree char *chosen = g_strdup (self->category);

  while (child != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);

      gtk_box_remove (GTK_BOX (self), child);
      child = next;
    }
  for (guint i = 0; categories != NULL && categories[i] != NULL; i++)
    chip_new (self, categories[i], categories[i]);
  if (!ocop_category_bar_choose (self, chosen))
    ocop_category_bar_choose (self, NULL);
}

const char *
ocop_category_bar_get_category (OcopCategoryBar *self)
{
  return self->category;
}

gboolean
ocop_category_bar_choose (OcopCategoryBar *self,
                          const char      *category)
{
  for (GtkWidget *chip = gtk_widget_get_first_child (GTK_WIDGET (self)); chip != NULL;
       chip = gtk_widget_get_next_sibling (chip))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (chip), "category"), category) == 0)
      {
        gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (chip), TRUE);
        return TRUE;
      }
  return FALSE;
}

static void
ocop_category_bar_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  OcopCategoryBar *self = OCOP_CATEGORY_BAR (object);

  switch (prop_id)
    {
    case PROP_CATEGORY:
      g_value_set_string (value, self->category);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ocop_category_bar_finalize (GObject *object)
{
  g_free (OCOP_CATEGORY_BAR (object)->category);
  G_OBJECT_CLASS (ocop_category_bar_parent_class)->finalize (object);
}

static void
ocop_category_bar_class_init (OcopCategoryBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = ocop_category_bar_get_property;
  object_class->finalize = ocop_category_bar_finalize;
  properties[PROP_CATEGORY] = g_param_spec_string ("category", NULL, NULL, NULL,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "categorybar");
}

static void
ocop_category_bar_init (OcopCategoryBar *self)
{
  gtk_box_set_spacing (GTK_BOX (self), 6);
  self->all_chip = chip_new (self, _("All"), NULL);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->all_chip), TRUE);
}
