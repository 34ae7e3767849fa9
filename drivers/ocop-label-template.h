/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-label-template.h: the label sizes a booth prints on (rolls for label
 * printers, A4 sheets for office printers) and the label module's errors. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define OCOP_LABEL_ERROR (ocop_label_error_quark ())

typedef enum {
  OCOP_LABEL_ERROR_UNKNOWN_TEMPLATE,
  OCOP_LABEL_ERROR_NO_BARCODE,       /* the product has no barcode to print */
  OCOP_LABEL_ERROR_LOT_TOO_LONG,
  OCOP_LABEL_ERROR_BAD_DATE,         /* not a date, or expiry before production */
  OCOP_LABEL_ERROR_BAD_COPIES,
  OCOP_LABEL_ERROR_DOES_NOT_FIT,     /* a barcode or the text is too big for the template */
  OCOP_LABEL_ERROR_WRONG_FORMAT,     /* e.g. a sheet template sent to a label printer */
  OCOP_LABEL_ERROR_ENCODE,           /* zint, qrencode or cairo failed */
} OcopLabelError;

GQuark ocop_label_error_quark (void);

typedef enum {
  OCOP_LABEL_MEDIA_ROLL,    /* one label after another, with a gap (TSPL, ZPL, PDF per label) */
  OCOP_LABEL_MEDIA_SHEET,   /* a page of labels for an office printer (PDF, PNG) */
} OcopLabelMedia;

/* Templates are fixed data, so they are plain const structs rather than
 * objects. Sizes are in millimetres; drawing is in printer dots, so every
 * bar and QR module is a whole number of dots and scans cleanly. */
typedef struct {
  const char     *id;               /* "40x30", "a4-3x8" */
  const char     *description;      /* English msgid; show it with _() */
  OcopLabelMedia  media;
  int             width_mm;
  int             height_mm;
  int             dots_per_mm;      /* 8 = 203 dpi thermal heads */
  int             gap_mm;           /* roll: gap between labels */
  /* Sheets only: the page and where the labels sit on it. */
  int             page_width_mm;
  int             page_height_mm;
  int             columns;
  int             rows;
  double          first_x_mm;
  double          first_y_mm;
  /* What fits where. */
  guint           max_lot_chars;
  int             margin_dots;
  int             bar_module_dots;  /* the barcode's X dimension */
  int             bar_height_dots;
  int             qr_module_dots;
  double          font_pt;          /* body text; the name is a little bigger */
} OcopLabelTemplate;

/* The templates, NULL-terminated, rolls first. */
const OcopLabelTemplate * const *ocop_label_template_list (void);

/* The template called @id, or NULL and an OCOP_LABEL_ERROR_UNKNOWN_TEMPLATE
 * error that lists the known ones. */
const OcopLabelTemplate *ocop_label_template_find (const char  *id,
                                                   GError     **error);

/* The label's size in dots. */
int ocop_label_template_width_dots  (const OcopLabelTemplate *self);
int ocop_label_template_height_dots (const OcopLabelTemplate *self);

/* Labels on one page: columns × rows for a sheet, 1 for a roll. */
guint ocop_label_template_per_page (const OcopLabelTemplate *self);

G_END_DECLS
