/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-labels-page.h: the Labels page of the till: a producer picks a
 * product (search or scan), lot, dates, copies and a template, sees the
 * label at true size and prints it. */
#pragma once

#include <adwaita.h>

#include "ocop-devices.h"
#include "ocop-label.h"
#include "ocop-store.h"

G_BEGIN_DECLS

#define OCOP_TYPE_LABELS_PAGE (ocop_labels_page_get_type ())
G_DECLARE_FINAL_TYPE (OcopLabelsPage, ocop_labels_page, OCOP, LABELS_PAGE, GtkBox)

/* The catalog searched and scanned against. */
void         ocop_labels_page_set_store        (OcopLabelsPage *self,
                                                OcopStore      *store);
/* The till's devices, whose scale (if any) weighs a pack for its label. */
void         ocop_labels_page_set_devices      (OcopLabelsPage *self,
                                                OcopDevices    *devices);
/* The window calls this when a scanner burst begins while the page is
 * shown, so that the characters the burst typed into a field can be taken
 * out again when it completes. */
void         ocop_labels_page_scan_started     (OcopLabelsPage *self);
/* Picks the product with @code (barcode or sku) for the label, as a scan
 * on this page does; the cart is not touched. FALSE, and the reason shown
 * in a toast, for an unknown or misread code. */
gboolean     ocop_labels_page_select_code      (OcopLabelsPage *self,
                                                const char     *code);
/* The product the label is for, or NULL before one is picked. */
OcopProduct *ocop_labels_page_get_product      (OcopLabelsPage *self);
/* The label as the form describes it, or NULL when no product is picked
 * or a field is wrong (ocop_labels_page_get_error then says which). */
OcopLabel   *ocop_labels_page_get_label        (OcopLabelsPage *self);
/* What stops the label from printing, as shown under the form; NULL when
 * it can print. */
const char  *ocop_labels_page_get_error        (OcopLabelsPage *self);
/* The preview, drawn at true size. */
GtkWidget   *ocop_labels_page_get_preview      (OcopLabelsPage *self);
/* Screen pixels (GTK's logical pixels) per millimetre: from the monitor's
 * reported size, else 96 dpi. */
double       ocop_labels_page_get_pixels_per_mm (OcopLabelsPage *self);
/* The last message shown in a toast, for the tests. */
const char  *ocop_labels_page_get_last_message (OcopLabelsPage *self);
/* TRUE while a job is on its way to the label printer. */
gboolean     ocop_labels_page_is_printing      (OcopLabelsPage *self);
/* When set, printing through GtkPrintOperation exports a PDF to @path
 * instead of showing the print dialog (tests, and "save as PDF"). */
void         ocop_labels_page_set_export_filename (OcopLabelsPage *self,
                                                   const char     *path);

G_END_DECLS
