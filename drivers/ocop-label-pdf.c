/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-label-pdf.c: labels as PDF through cairo: one page per label for a
 * roll, A4 pages of labels for a sheet, in vectors at their true size. */

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>

#include "ocop-label-private.h"

#define POINTS_PER_MM (72.0 / 25.4)

static void
place_on_roll (cairo_t  *cr,
               guint     index,
               gpointer  user_data)
{
  const OcopLabelTemplate *t = user_data;

  if (index > 0)
    cairo_show_page (cr);
  cairo_scale (cr, POINTS_PER_MM / t->dots_per_mm, POINTS_PER_MM / t->dots_per_mm);
}

static void
place_on_sheet (cairo_t  *cr,
                guint     index,
                gpointer  user_data)
{
  const OcopLabelTemplate *t = user_data;
  guint per_page = ocop_label_template_per_page (t);
  guint slot = index % per_page;

  if (index > 0 && slot == 0)
    cairo_show_page (cr);
  /* Left to right, then down, as people peel a sheet. */
  cairo_translate (cr,
                   (t->first_x_mm + (slot % t->columns) * t->width_mm) * POINTS_PER_MM,
                   (t->first_y_mm + (slot / t->columns) * t->height_mm) * POINTS_PER_MM);
  cairo_scale (cr, POINTS_PER_MM / t->dots_per_mm, POINTS_PER_MM / t->dots_per_mm);
}

static cairo_status_t
append_to_byte_array (void                *closure,
                      const unsigned char *data,
                      unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *
ocop_label_to_pdf (OcopLabel  *self,
                   GError    **error)
{
  const OcopLabelTemplate *t = ocop_label_get_template (self);
  gboolean sheet = t->media == OCOP_LABEL_MEDIA_SHEET;
  g_autoptr(GByteArray) pdf = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_t *cr;
  gboolean drawn;
  cairo_status_t status;

  surface = cairo_pdf_surface_create_for_stream (append_to_byte_array, pdf,
                                                 (sheet ? t->page_width_mm : t->width_mm) * POINTS_PER_MM,
                                                 (sheet ? t->page_height_mm : t->height_mm) * POINTS_PER_MM);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "ocop-pos");
  cr = cairo_create (surface);
  drawn = ocop_label_draw_copies (self, cr, ocop_label_get_copies (self),
                                  sheet ? place_on_sheet : place_on_roll, (gpointer) t, error);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (!drawn)
    return NULL;
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, OCOP_LABEL_ERROR, OCOP_LABEL_ERROR_ENCODE,
                   _("writing the PDF failed: %s"), cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&pdf));
}
