/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-category-bar.h: touch-sized chips over the product grid, "All" and
 * one per category of the catalog; one is chosen at a time. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define OCOP_TYPE_CATEGORY_BAR (ocop_category_bar_get_type ())
G_DECLARE_FINAL_TYPE (OcopCategoryBar, ocop_category_bar, OCOP, CATEGORY_BAR, GtkBox)

/* Replaces the chips; the choice falls back to "All" when its category is
 * gone. */
void        ocop_category_bar_set_categories (OcopCategoryBar    *self,
                                              const char * const *categories);
/* The chosen category, or NULL for all ("category" property). */
const char *ocop_category_bar_get_category   (OcopCategoryBar *self);
/* Chooses @category (NULL: all), as a tap on its chip does; FALSE when
 * there is no such chip. */
gboolean    ocop_category_bar_choose         (OcopCategoryBar *self,
                                              const char      *category);

G_END_DECLS
