/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-label.h: a producer's product label (product, lot, dates, copies on
 * a template) and its outputs: PNG preview, PDF, TSPL, ZPL, ESC/POS raster. */
#pragma once

#include <cairo.h>
#include <glib-object.h>

#include "ocop-label-template.h"
#include "ocop-measure-code.h"
#include "ocop-product.h"

G_BEGIN_DECLS

typedef enum {
  OCOP_LABEL_FORMAT_PNG,
  OCOP_LABEL_FORMAT_PDF,
  OCOP_LABEL_FORMAT_TSPL,
  OCOP_LABEL_FORMAT_ZPL,
  OCOP_LABEL_FORMAT_ESCPOS,
} OcopLabelFormat;

/* "png", "pdf", "tspl", "zpl", "escpos"; FALSE and an error naming them
 * otherwise. */
gboolean    ocop_label_format_parse (const char       *name,
                                     OcopLabelFormat  *out_format,
                                     GError          **error);

/* Most copies in one job (a day's production of a small workshop). */
#define OCOP_LABEL_MAX_COPIES 9999

#define OCOP_TYPE_LABEL (ocop_label_get_type ())
G_DECLARE_FINAL_TYPE (OcopLabel, ocop_label, OCOP, LABEL, GObject)

/* One copy of @product on the 40x30 roll template, produced today (in the
 * fair's time zone), no expiry date, no lot. */
OcopLabel  *ocop_label_new              (OcopProduct  *product);

OcopProduct *ocop_label_get_product     (OcopLabel *self);

gboolean    ocop_label_set_template     (OcopLabel   *self,
                                         const char  *template_id,
                                         GError     **error);
const OcopLabelTemplate *ocop_label_get_template (OcopLabel *self);

/* NULL or "" for none. Checked against the template by
 * ocop_label_validate, since the template may change after it. */
void        ocop_label_set_lot          (OcopLabel  *self,
                                         const char *lot);
const char *ocop_label_get_lot          (OcopLabel *self);

/* Dates are YYYY-MM-DD or DD/MM/YYYY (as Vietnamese write them); NULL or
 * "" clears the date. */
gboolean    ocop_label_set_produced     (OcopLabel   *self,
                                         const char  *date,
                                         GError     **error);
gboolean    ocop_label_set_expires      (OcopLabel   *self,
                                         const char  *date,
                                         GError     **error);
/* The dates as YYYY-MM-DD, or NULL when unset. */
char       *ocop_label_dup_produced     (OcopLabel *self);
char       *ocop_label_dup_expires      (OcopLabel *self);

gboolean    ocop_label_set_copies       (OcopLabel  *self,
                                         int         copies,
                                         GError    **error);
guint       ocop_label_get_copies       (OcopLabel *self);

/* A weighed pack (ocop_store_make_pack): the label adds its net weight
 * and price and carries its variable-measure EAN-13 instead of the
 * product's barcode. NULL: a fixed pack, as before. */
void        ocop_label_set_pack         (OcopLabel             *self,
                                         const OcopMeasurePack *pack);
const OcopMeasurePack *ocop_label_get_pack (OcopLabel *self);

/* Checks that the label can be printed: the product has a barcode, the lot
 * fits the template, the expiry is not before production, and the
 * barcode fits the label. Every output function checks this first. */
gboolean    ocop_label_validate         (OcopLabel  *self,
                                         GError    **error);

/* The first template bigger than @template (rolls first, smallest first)
 * on which the whole label fits, or NULL: what to offer when it does not
 * fit its own. */
const OcopLabelTemplate *ocop_label_find_bigger_template (OcopLabel               *self,
                                                          const OcopLabelTemplate *template);

/* What each printed code carries, for a preview's caption and for tests:
 * the barcode's data and symbology name ("EAN-13", "EAN-8", "CODE-128"),
 * and the traceability URL in the QR code (NULL: no QR code). */
const char *ocop_label_get_barcode_data (OcopLabel *self);
const char *ocop_label_get_barcode_symbology (OcopLabel *self);
const char *ocop_label_get_qr_data      (OcopLabel *self);

/* The label's text as it prints, one string per printed line (a wrapped
 * line gives two), top to bottom: what a person reads on the label, for
 * tests. NULL and the error when the label cannot be printed. */
GStrv       ocop_label_dup_printed_lines (OcopLabel  *self,
                                          GError    **error);

/* Draws one label with its top-left corner at the origin of @cr, one
 * unit per printer dot of the template (scale @cr for other devices). */
gboolean    ocop_label_draw             (OcopLabel  *self,
                                         cairo_t    *cr,
                                         GError    **error);

/* One label as an RGB24 image at the template's true resolution. */
cairo_surface_t *ocop_label_render_image (OcopLabel  *self,
                                          GError    **error);

/* The outputs, as bytes for a printer or a file. PNG is one label at the
 * template's resolution (the preview, whatever the copies); PDF has one
 * page per label on a roll and as many A4 pages as the copies need on a
 * sheet; TSPL, ZPL and ESC/POS take roll templates only and carry the
 * label once with the number of copies. */
GBytes     *ocop_label_to_png           (OcopLabel  *self,
                                         GError    **error);
GBytes     *ocop_label_to_pdf           (OcopLabel  *self,
                                         GError    **error);
GBytes     *ocop_label_to_tspl          (OcopLabel  *self,
                                         GError    **error);
GBytes     *ocop_label_to_zpl           (OcopLabel  *self,
                                         GError    **error);
GBytes     *ocop_label_to_escpos        (OcopLabel  *self,
                                         GError    **error);
GBytes     *ocop_label_encode           (OcopLabel        *self,
                                         OcopLabelFormat   format,
                                         GError          **error);

/* Encodes, then writes @path through a temporary file renamed over it, so
 * a failure never leaves a half-written or empty file behind. */
gboolean    ocop_label_write_file       (OcopLabel        *self,
                                         OcopLabelFormat   format,
                                         const char       *path,
                                         GError          **error);

G_END_DECLS
