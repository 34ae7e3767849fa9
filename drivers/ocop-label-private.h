/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-label-private.h: the 1-bit raster shared by the label encoders
 * (TSPL, ZPL, ESC/POS), which all send the label as one bitmap. */
#pragma once

#include "ocop-label.h"

G_BEGIN_DECLS

/* A label as rows of bits, MSB first, 1 = black (as ESC/POS and ZPL want
 * it; TSPL inverts). */
typedef struct {
  int     width;           /* dots */
  int     height;          /* dots */
  int     bytes_per_row;   /* (width + 7) / 8 */
  guint8 *bits;
} OcopLabelBitmap;

void ocop_label_bitmap_free (OcopLabelBitmap *bitmap);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OcopLabelBitmap, ocop_label_bitmap_free)

/* Renders one label and thresholds it; refuses sheet templates, which are
 * for office printers. */
OcopLabelBitmap *ocop_label_render_bitmap (OcopLabel   *self,
                                           const char  *format_name,
                                           GError     **error);


/* Whether the barcode, QR code and the whole text fit the template; when
 * the text does not, the error names the smallest template that holds it
 * (render.c). */
gboolean     ocop_label_check_layout          (OcopLabel  *self,
                                               GError    **error);
const GDate *ocop_label_get_produced_date     (OcopLabel *self);
const GDate *ocop_label_get_expires_date      (OcopLabel *self);
char        *ocop_label_format_date_for_print (const GDate *date);


/* Moves @cr to where copy @index goes (PDF pages and sheets). */
typedef void (*OcopLabelPlaceFunc) (cairo_t  *cr,
                                    guint     index,
                                    gpointer  user_data);

gboolean ocop_label_draw_copies (OcopLabel           *self,
                                 cairo_t             *cr,
                                 guint                count,
                                 OcopLabelPlaceFunc   place,
                                 gpointer             user_data,
                                 GError             **error);

G_END_DECLS
