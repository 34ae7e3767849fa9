/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-label-template.c: the built-in label templates: common thermal roll
 * sizes at 203 dpi and an A4 sheet of 3 × 8 labels. */

#include "config.h"

#include <glib/gi18n.h>

#include "ocop-label-template.h"

G_DEFINE_QUARK (ocop-label-error-quark, ocop_label_error)

/* Bars of 2 dots at 203 dpi are 0.25 mm, the smallest X dimension cheap
 * scanners read reliably (EAN-13 at 76 %); QR modules of 2 dots (0.25 mm)
 * still read on phones, 3 dots where the label has room. The lot limits
 * leave room for "Lô SX: " and the widest capital letters at the body size. */
static const OcopLabelTemplate roll_40x30 = {
  .id = "40x30", .description = N_("Roll label 40 × 30 mm (203 dpi)"),
  .media = OCOP_LABEL_MEDIA_ROLL, .width_mm = 40, .height_mm = 30, .dots_per_mm = 8, .gap_mm = 2,
  .max_lot_chars = 16, .margin_dots = 12, .bar_module_dots = 2, .bar_height_dots = 48,
  .qr_module_dots = 2, .font_pt = 5.5,
};

static const OcopLabelTemplate roll_50x30 = {
  .id = "50x30", .description = N_("Roll label 50 × 30 mm (203 dpi)"),
  .media = OCOP_LABEL_MEDIA_ROLL, .width_mm = 50, .height_mm = 30, .dots_per_mm = 8, .gap_mm = 2,
  .max_lot_chars = 20, .margin_dots = 12, .bar_module_dots = 2, .bar_height_dots = 48,
  .qr_module_dots = 2, .font_pt = 6,
};

static const OcopLabelTemplate roll_60x40 = {
  .id = "60x40", .description = N_("Roll label 60 × 40 mm (203 dpi)"),
  .media = OCOP_LABEL_MEDIA_ROLL, .width_mm = 60, .height_mm = 40, .dots_per_mm = 8, .gap_mm = 2,
  .max_lot_chars = 24, .margin_dots = 14, .bar_module_dots = 2, .bar_height_dots = 64,
  .qr_module_dots = 3, .font_pt = 7,
};

/* 3 × 8 labels of 70 × 37 mm fill an A4 page edge to edge (Avery 3474
 * and its local copies), 0.5 mm from the top. Drawn at 12 dots/mm
 * (≈ 300 dpi) so that bars of 3 dots are 0.25 mm again. */
static const OcopLabelTemplate sheet_a4_3x8 = {
  .id = "a4-3x8", .description = N_("A4 sheet of 3 × 8 labels, 70 × 37 mm, for office printers"),
  .media = OCOP_LABEL_MEDIA_SHEET, .width_mm = 70, .height_mm = 37, .dots_per_mm = 12,
  .page_width_mm = 210, .page_height_mm = 297, .columns = 3, .rows = 8,
  .first_x_mm = 0, .first_y_mm = 0.5,
  .max_lot_chars = 24, .margin_dots = 30, .bar_module_dots = 3, .bar_height_dots = 72,
  .qr_module_dots = 3, .font_pt = 6.5,
};

static const OcopLabelTemplate * const templates[] = {
  &roll_40x30, &roll_50x30, &roll_60x40, &sheet_a4_3x8, NULL,
};

const OcopLabelTemplate * const *
ocop_label_template_list (void)
{
  return templates;
}

static char *
known_template_ids (void)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) ids = NULL;

  for (guint i = 0; templates[i] != NULL; i++)
    g_strv_builder_add (builder, templates[i]->id);
  ids = g_strv_builder_end (builder);
  return g_strjoinv (", ", ids);
}

const OcopLabelTemplate *
ocop_label_template_find (const char  *id,
                          GError     **error)
{
  g_autofree char *known = NULL;

  for (guint i = 0; id != NULL && templates[i] != NULL; i++)
    if (g_ascii_strcasecmp (templates[i]->id, id) == 0)
      return templates[i];
  known = known_template_ids ();
  g_set_error (error, OCOP_LABEL_ERROR, OCOP_LABEL_ERROR_UNKNOWN_TEMPLATE,
               _("Unknown label template '%s'; the templates are %s"), id ? id : "", known);
  return NULL;
}

int
ocop_label_template_width_dots (const OcopLabelTemplate *self)
{
  return self->width_mm * self->dots_per_mm;
}

int
ocop_label_template_height_dots (const OcopLabelTemplate *self)
{
  return self->height_mm * self->dots_per_mm;
}

guint
ocop_label_template_per_page (const OcopLabelTemplate *self)
{
  return self->media == OCOP_LABEL_MEDIA_SHEET ? (guint) (self->columns * self->rows) : 1;
}
