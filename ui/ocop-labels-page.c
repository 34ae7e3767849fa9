/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-labels-page.c: product labels from the till: the form builds an
 * OcopLabel on every change, the preview draws it at true size, and Print
 * sends it to the label printer or, for sheets and booths without one,
 * through GTK's print dialog to an ordinary printer. */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "ocop-code.h"
#include "ocop-labels-page.h"
#include "ocop-money.h"
#include "ocop-printer.h"
#include "ocop-quantity.h"
#include "ocop-scale.h"
#include "ocop-settings.h"
#include "ocop-store-measure-codes.h"
#include "ocop-text.h"
#include "ocop-toast.h"

/* Enough to find a product by a word or two; a scan finds any. */
#define SEARCH_LIMIT 12
/* Moving readings waited through before giving up: some ten seconds of a
 * continuous scale's lines, enough to lay a pack down. */
#define MAX_UNSTABLE_READINGS 100
/* What a desktop assumes when the monitor does not say its size. */
#define DEFAULT_DPI 96.0
#define MM_PER_INCH 25.4

/* The printer languages in the order the combo row lists them. */
static const char * const languages[] = { "tspl", "zpl", "escpos" };

struct _OcopLabelsPage
{
  GtkBox          parent_instance;

  OcopStore      *store;
  OcopDevices    *devices;
  OcopScale      *scale;            /* while it is read for the weight */
  gulong          reading_id;
  guint           unstable_left;
  GSettings      *settings;
  OcopProduct    *product;
  OcopLabel      *label;            /* NULL while the form is wrong */
  char           *error;            /* why it is wrong, or NULL */
  const OcopLabelTemplate *bigger;  /* a template that holds a label too big for its own */
  char           *export_filename;
  GCancellable   *cancellable;      /* the label printer's job */
  gboolean        printing;
  GtkEditable    *scan_field;       /* weak: the field a scanner burst typed into */
  char           *scan_field_text;  /* its text before the burst */

  GtkSearchEntry *search_entry;
  GtkListBox     *results_list;
  AdwActionRow   *product_row;
  AdwComboRow    *template_row;
  AdwEntryRow    *weight_row;       /* shown for products sold by weight */
  GtkButton      *read_scale_button;
  AdwEntryRow    *lot_row;
  AdwEntryRow    *produced_row;
  AdwEntryRow    *expires_row;
  AdwActionRow   *copies_row;
  GtkSpinButton  *copies_spin;
  GtkLabel       *error_label;
  GtkButton      *bigger_button;
  AdwEntryRow    *printer_row;
  AdwComboRow    *language_row;
  GtkDrawingArea *preview;
  GtkLabel       *caption_label;
};

G_DEFINE_FINAL_TYPE (OcopLabelsPage, ocop_labels_page, GTK_TYPE_BOX)

static const OcopLabelTemplate *
chosen_template (OcopLabelsPage *self)
{
  const OcopLabelTemplate * const *templates = ocop_label_template_list ();
  guint selected = adw_combo_row_get_selected (self->template_row);

  for (guint i = 0; templates[i] != NULL; i++)
    if (i == selected)
      return templates[i];
  return templates[0];
}

static const char *
field_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

/* ---- the preview ---- */

double
ocop_labels_page_get_pixels_per_mm (OcopLabelsPage *self)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
  GdkSurface *surface = native != NULL ? gtk_native_get_surface (native) : NULL;
  GdkMonitor *monitor = surface != NULL
    ? gdk_display_get_monitor_at_surface (gtk_widget_get_display (GTK_WIDGET (self)), surface) : NULL;

  if (monitor != NULL && gdk_monitor_get_width_mm (monitor) > 0)
    {
      GdkRectangle geometry;
      double per_mm;

      /* Logical pixels, as widgets are sized in: right on HiDPI too. */
      gdk_monitor_get_geometry (monitor, &geometry);
      per_mm = geometry.width / (double) gdk_monitor_get_width_mm (monitor);
      /* Projectors and some EDIDs report an aspect ratio (16 × 9 cm) or
       * nonsense rather than a size: trust only a plausible density. */
      if (per_mm >= 50 / MM_PER_INCH && per_mm <= 400 / MM_PER_INCH)
        return per_mm;
    }
  return DEFAULT_DPI / MM_PER_INCH;
}

static void
size_preview (OcopLabelsPage *self)
{
  const OcopLabelTemplate *t = chosen_template (self);
  double per_mm = ocop_labels_page_get_pixels_per_mm (self);

  /* Rounded to the nearest pixel (sizes are positive). */
  gtk_drawing_area_set_content_width (self->preview, (int) (t->width_mm * per_mm + 0.5));
  gtk_drawing_area_set_content_height (self->preview, (int) (t->height_mm * per_mm + 0.5));
}

static void
draw_preview (GtkDrawingArea *area,
              cairo_t        *cr,
              int             width,
              int             height,
              gpointer        user_data)
{
  OcopLabelsPage *self = user_data;
  const OcopLabelTemplate *t = chosen_template (self);
  g_autoptr(GError) error = NULL;

  cairo_rectangle (cr, 0, 0, width, height);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.3);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
  if (self->label == NULL)
    return;
  /* The label is drawn in printer dots; the area is the label's size in
   * millimetres on this screen. */
  cairo_scale (cr, width / (double) ocop_label_template_width_dots (t),
               height / (double) ocop_label_template_height_dots (t));
  if (!ocop_label_draw (self->label, cr, &error))
    g_debug ("preview not drawn: %s", error->message);
}

static void
show_caption (OcopLabelsPage *self)
{
  g_autofree char *caption = NULL;
  const char *qr;

  if (self->label == NULL)
    {
      gtk_label_set_label (self->caption_label,
                           self->product == NULL ? _("Pick a product: search for it or scan its barcode.") : "");
      return;
    }
  qr = ocop_label_get_qr_data (self->label);
  caption = qr != NULL
    ? g_strdup_printf (_("%s %s · QR code: %s"), ocop_label_get_barcode_symbology (self->label),
                       ocop_label_get_barcode_data (self->label), qr)
    : g_strdup_printf ("%s %s", ocop_label_get_barcode_symbology (self->label),
                       ocop_label_get_barcode_data (self->label));
  gtk_label_set_label (self->caption_label, caption);
}

/* ---- the form ---- */

/* A weighed pack when the product is sold by weight and a weight is
 * typed: its net weight, price and variable-measure code on the label. */
static gboolean
set_pack (OcopLabelsPage  *self,
          OcopLabel       *label,
          GError         **error)
{
  const char *text = field_text (self->weight_row);
  gint64 thousandths = 0;
  OcopMeasurePack pack;

  if (ocop_text_is_blank (text) || !ocop_product_is_measured (self->product))
    return TRUE;
  if (!ocop_quantity_parse (text, ocop_product_get_unit (self->product), TRUE, &thousandths, error) ||
      !ocop_store_make_pack (self->store, self->product, thousandths, &pack, error))
    return FALSE;
  ocop_label_set_pack (label, &pack);
  return TRUE;
}

/* ---- the scale ---- */

static void
show_read_scale (OcopLabelsPage *self)
{
  gboolean scale = self->devices != NULL && ocop_devices_get_scale (self->devices) != NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->read_scale_button),
                          scale && self->product != NULL && ocop_product_is_measured (self->product));
}

static void
stop_reading (OcopLabelsPage *self)
{
  if (self->scale != NULL)
    g_clear_signal_handler (&self->reading_id, self->scale);
  g_clear_object (&self->scale);
  gtk_button_set_label (self->read_scale_button, _("Read the scale"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "labels.read-scale", TRUE);
}

/* Only a stable weight goes on a label; a moving one is shown on the
 * button while the scale settles, anything else is said and changes
 * nothing. */
static void
scale_reading_cb (OcopLabelsPage         *self,
                  const OcopScaleReading *reading)
{
  const char *unit = self->product != NULL ? ocop_product_get_unit (self->product) : NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *weight = NULL;
  gint64 thousandths = 0;

  if (reading->status == OCOP_SCALE_UNSTABLE && self->unstable_left-- > 0)
    {
      /* Grams are thousandths of a kilogram. */
      g_autofree char *live = ocop_quantity_format (reading->grams, TRUE, "kg");

      gtk_button_set_label (self->read_scale_button, live);
      ocop_scale_request (self->scale);
      return;
    }
  stop_reading (self);
  if (reading->status != OCOP_SCALE_STABLE)
    ocop_toast_show (GTK_WIDGET (self), ocop_scale_status_describe (reading->status));
  else if (unit == NULL || !ocop_quantity_from_grams (reading->grams, unit, &thousandths, &error))
    ocop_toast_show (GTK_WIDGET (self), error != NULL ? error->message : ocop_scale_status_describe (reading->status));
  else
    {
      weight = ocop_quantity_format (thousandths, TRUE, unit);
      gtk_editable_set_text (GTK_EDITABLE (self->weight_row), weight);
    }
}

static void
read_scale_activated (GtkWidget  *widget,
                      const char *action,
                      GVariant   *parameter)
{
  OcopLabelsPage *self = OCOP_LABELS_PAGE (widget);
  OcopScale *scale = self->devices != NULL ? ocop_devices_get_scale (self->devices) : NULL;

  if (scale == NULL || self->scale != NULL)
    return;
  self->scale = g_object_ref (scale);
  self->unstable_left = MAX_UNSTABLE_READINGS;
  self->reading_id = g_signal_connect_swapped (scale, "reading", G_CALLBACK (scale_reading_cb), self);
  gtk_widget_action_set_enabled (widget, "labels.read-scale", FALSE);
  ocop_scale_request (scale);
}

/* The label the form describes, or NULL with the error and, in @culprit,
 * the row that caused it (and, when the label is too big for its
 * template, self->bigger). NULL without an error: no product yet. */
static OcopLabel *
build_label (OcopLabelsPage  *self,
             GtkWidget      **culprit,
             GError         **error)
{
  g_autoptr(OcopLabel) label = NULL;

  *culprit = NULL;
  if (self->product == NULL)
    return NULL;
  label = ocop_label_new (self->product);
  ocop_label_set_lot (label, field_text (self->lot_row));
  if (!ocop_label_set_template (label, chosen_template (self)->id, error))
    *culprit = GTK_WIDGET (self->template_row);
  else if (!set_pack (self, label, error))
    *culprit = GTK_WIDGET (self->weight_row);
  else if (!ocop_label_set_produced (label, field_text (self->produced_row), error))
    *culprit = GTK_WIDGET (self->produced_row);
  else if (!ocop_label_set_expires (label, field_text (self->expires_row), error))
    *culprit = GTK_WIDGET (self->expires_row);
  else if (!ocop_label_set_copies (label, gtk_spin_button_get_value_as_int (self->copies_spin), error))
    *culprit = GTK_WIDGET (self->copies_row);
  else if (!ocop_label_validate (label, error))
    {
      *culprit = g_error_matches (*error, OCOP_LABEL_ERROR, OCOP_LABEL_ERROR_LOT_TOO_LONG) ? GTK_WIDGET (self->lot_row)
               : g_error_matches (*error, OCOP_LABEL_ERROR, OCOP_LABEL_ERROR_BAD_DATE) ? GTK_WIDGET (self->expires_row)
               : g_error_matches (*error, OCOP_LABEL_ERROR, OCOP_LABEL_ERROR_DOES_NOT_FIT) ? GTK_WIDGET (self->template_row)
               : GTK_WIDGET (self->product_row);
      if (g_error_matches (*error, OCOP_LABEL_ERROR, OCOP_LABEL_ERROR_DOES_NOT_FIT))
        self->bigger = ocop_label_find_bigger_template (label, ocop_label_get_template (label));
    }
  else
    return g_steal_pointer (&label);
  return NULL;
}

static void
mark_culprit (OcopLabelsPage *self,
              GtkWidget      *culprit)
{
  GtkWidget *rows[] = { GTK_WIDGET (self->template_row), GTK_WIDGET (self->weight_row), GTK_WIDGET (self->lot_row),
                        GTK_WIDGET (self->produced_row), GTK_WIDGET (self->expires_row),
                        GTK_WIDGET (self->copies_row), GTK_WIDGET (self->product_row) };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (rows[i] == culprit)
      gtk_widget_add_css_class (rows[i], "error");
    else
      gtk_widget_remove_css_class (rows[i], "error");
}

/* A label too big for its template offers, beside the reason, the one
 * that holds it: one tap rather than reading sizes off a list. */
static void
show_bigger (OcopLabelsPage *self)
{
  g_autofree char *text = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->bigger_button), self->bigger != NULL);
  if (self->bigger == NULL)
    return;
  text = g_strdup_printf (_("Use the %s template"), self->bigger->id);
  gtk_button_set_label (self->bigger_button, text);
}

static void
update_label (OcopLabelsPage *self)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *culprit = NULL;

  g_clear_object (&self->label);
  g_clear_pointer (&self->error, g_free);
  self->bigger = NULL;
  self->label = build_label (self, &culprit, &error);
  if (error != NULL)
    self->error = g_strdup (error->message);
  mark_culprit (self, culprit);
  gtk_label_set_label (self->error_label, self->error != NULL ? self->error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), self->error != NULL);
  show_bigger (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "labels.print", self->label != NULL && !self->printing);
  show_caption (self);
  size_preview (self);
  gtk_widget_queue_draw (GTK_WIDGET (self->preview));
}

static void
form_changed_cb (OcopLabelsPage *self)
{
  update_label (self);
}

static void
template_changed_cb (OcopLabelsPage *self)
{
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "label-template", chosen_template (self)->id);
  update_label (self);
}

static void
use_bigger_activated (GtkWidget  *widget,
                      const char *action,
                      GVariant   *parameter)
{
  OcopLabelsPage *self = OCOP_LABELS_PAGE (widget);
  const OcopLabelTemplate * const *templates = ocop_label_template_list ();

  for (guint i = 0; self->bigger != NULL && templates[i] != NULL; i++)
    if (templates[i] == self->bigger)
      {
        adw_combo_row_set_selected (self->template_row, i);
        return;
      }
}

static void
language_changed_cb (OcopLabelsPage *self)
{
  guint selected = adw_combo_row_get_selected (self->language_row);

  if (self->settings != NULL && selected < G_N_ELEMENTS (languages))
    g_settings_set_string (self->settings, "label-language", languages[selected]);
}

static void
select_product (OcopLabelsPage *self,
                OcopProduct    *product)
{
  g_autofree char *name = g_markup_escape_text (ocop_product_get_name (product), -1);
  g_autofree char *price = ocop_money_format (ocop_product_get_price (product));
  g_autofree char *detail = g_strdup_printf ("%s · %s · %s", ocop_product_get_sku (product),
                                             ocop_product_get_barcode (product) != NULL
                                             ? ocop_product_get_barcode (product) : _("no barcode"),
                                             price);

  g_set_object (&self->product, product);
  gtk_widget_set_visible (GTK_WIDGET (self->weight_row), ocop_product_is_measured (product));
  show_read_scale (self);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->product_row), name);
  adw_action_row_set_subtitle (self->product_row, detail);
  update_label (self);
}

/* ---- search and scans ---- */

static void
clear_results (OcopLabelsPage *self)
{
  GtkWidget *row;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->results_list))) != NULL)
    gtk_list_box_remove (self->results_list, row);
  gtk_widget_set_visible (GTK_WIDGET (self->results_list), FALSE);
}

static GtkWidget *
result_row_new (OcopProduct *product)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *name = g_markup_escape_text (ocop_product_get_name (product), -1);
  g_autofree char *producer = g_markup_escape_text (ocop_product_get_producer (product), -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), producer);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "product", g_object_ref (product), g_object_unref);
  return row;
}

static void
search_changed_cb (OcopLabelsPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;

  clear_results (self);
  if (self->store == NULL || ocop_text_is_blank (text))
    return;
  found = ocop_store_search (self->store, text, SEARCH_LIMIT, &error);
  if (found == NULL)
    {
      ocop_toast_show (GTK_WIDGET (self), error->message);
      return;
    }
  for (guint i = 0; i < found->len; i++)
    gtk_list_box_append (self->results_list, result_row_new (found->pdata[i]));
  gtk_widget_set_visible (GTK_WIDGET (self->results_list), found->len > 0);
}

static void
result_activated_cb (OcopLabelsPage *self,
                     GtkListBoxRow  *row)
{
  OcopProduct *product = g_object_get_data (G_OBJECT (row), "product");

  if (product == NULL)
    return;
  select_product (self, product);
  clear_results (self);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

void
ocop_labels_page_scan_started (OcopLabelsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  g_clear_weak_pointer (&self->scan_field);
  g_clear_pointer (&self->scan_field_text, g_free);
  if (focus == NULL || !GTK_IS_EDITABLE (focus) || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self)))
    return;
  g_set_weak_pointer (&self->scan_field, GTK_EDITABLE (focus));
  self->scan_field_text = g_strdup (gtk_editable_get_text (self->scan_field));
}

/* A keyboard-wedge scanner types into whatever has the focus (the lot, a
 * date): the code is not the producer's text, so it comes out again. */
static void
restore_scanned_field (OcopLabelsPage *self)
{
  if (self->scan_field != NULL && self->scan_field_text != NULL &&
      !g_str_equal (self->scan_field_text, gtk_editable_get_text (self->scan_field)))
    gtk_editable_set_text (self->scan_field, self->scan_field_text);
  g_clear_weak_pointer (&self->scan_field);
  g_clear_pointer (&self->scan_field_text, g_free);
}

gboolean
ocop_labels_page_select_code (OcopLabelsPage *self,
                              const char     *code)
{
  g_autoptr(GError) error = NULL;
  g_auto(OcopCodeScan) scan = { NULL };

  g_return_val_if_fail (OCOP_IS_LABELS_PAGE (self), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);

  restore_scanned_field (self);
  if (self->store == NULL)
    return FALSE;
  if (!ocop_code_scan (self->store, code, &scan, &error))
    {
      ocop_toast_show (GTK_WIDGET (self), error->message);
      return FALSE;
    }
  /* A pack's own label scanned: another of the same weight. */
  if (scan.is_pack)
    {
      g_autofree char *weight = ocop_quantity_format (scan.pack.thousandths, TRUE,
                                                      ocop_product_get_unit (scan.product));

      gtk_editable_set_text (GTK_EDITABLE (self->weight_row), weight);
    }
  select_product (self, scan.product);
  return TRUE;
}

/* ---- printing to the label printer ---- */

static void
finish_printing (OcopLabelsPage *self)
{
  self->printing = FALSE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "labels.print", self->label != NULL);
}

static void
label_printer_wrote_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(OcopLabelsPage) self = user_data;
  OcopPrinter *printer = OCOP_PRINTER (source);
  g_autoptr(GError) error = NULL;
  guint copies = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (printer), "copies"));
  g_autofree char *message = NULL;

  /* Closing is what makes a file: job appear, and frees the USB interface
   * for the receipt printer's driver; it does not wait on the printer. */
  if (!ocop_printer_write_finish (printer, result, &error))
    ocop_printer_close (printer, NULL);
  else
    ocop_printer_close (printer, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* the page is gone */
  finish_printing (self);
  message = error != NULL
    ? g_strdup_printf (_("The labels were not printed: %s"), error->message)
    : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Sent %u label to %s", "Sent %u labels to %s", copies),
                       copies, ocop_printer_get_uri (printer));
  ocop_toast_show (GTK_WIDGET (self), message);
}

static gboolean
print_to_label_printer (OcopLabelsPage  *self,
                        const char      *uri,
                        GError         **error)
{
  g_autofree char *language = g_settings_get_string (self->settings, "label-language");
  OcopLabelFormat format;
  g_autoptr(GBytes) job = NULL;
  g_autoptr(OcopPrinter) printer = NULL;

  if (!ocop_label_format_parse (language, &format, error) ||
      !(job = ocop_label_encode (self->label, format, error)) ||
      !(printer = ocop_printer_new_for_uri (uri, error)))
    return FALSE;
  g_object_set_data (G_OBJECT (printer), "copies", GUINT_TO_POINTER (ocop_label_get_copies (self->label)));
  self->printing = TRUE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "labels.print", FALSE);
  ocop_printer_write_async (printer, job, self->cancellable, label_printer_wrote_cb, g_object_ref (self));
  return TRUE;
}

/* ---- printing through GTK ---- */

/* What one GtkPrintOperation prints, fixed when it starts: the form may
 * change while the print dialog is open. */
typedef struct {
  const OcopLabelTemplate *template;
  guint                    copies;
  cairo_surface_t         *label;    /* one label, recorded in printer dots */
} SheetJob;

static void
sheet_job_free (SheetJob *job)
{
  g_clear_pointer (&job->label, cairo_surface_destroy);
  g_free (job);
}

/* The label drawn once into a recording surface and replayed for every
 * copy: barcode, QR code and text are laid out once per job, not per
 * label, and stay vectors on the page. */
static cairo_surface_t *
record_label (OcopLabel  *label,
              GError    **error)
{
  const OcopLabelTemplate *t = ocop_label_get_template (label);
  cairo_rectangle_t extents = { 0, 0, ocop_label_template_width_dots (t), ocop_label_template_height_dots (t) };
  cairo_surface_t *surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, &extents);
  cairo_t *cr = cairo_create (surface);
  gboolean drawn = ocop_label_draw (label, cr, error);

  cairo_destroy (cr);
  if (!drawn)
    g_clear_pointer (&surface, cairo_surface_destroy);
  return surface;
}

static guint
labels_per_page (const OcopLabelTemplate *t)
{
  return t->media == OCOP_LABEL_MEDIA_SHEET ? ocop_label_template_per_page (t) : 1;
}

static GtkPageSetup *
page_setup_for (const OcopLabelTemplate *t)
{
  gboolean sheet = t->media == OCOP_LABEL_MEDIA_SHEET;
  double width = sheet ? t->page_width_mm : t->width_mm;
  double height = sheet ? t->page_height_mm : t->height_mm;
  GtkPageSetup *setup = gtk_page_setup_new ();
  GtkPaperSize *paper;

  /* A4 by its name, so that the printer takes it from its A4 tray. */
  if (sheet && width == 210 && height == 297)
    paper = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  else
    paper = gtk_paper_size_new_custom (t->id, t->id, width, height, GTK_UNIT_MM);
  gtk_page_setup_set_paper_size (setup, paper);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_PORTRAIT);
  /* The template places the labels from the paper's corner. */
  gtk_page_setup_set_top_margin (setup, 0, GTK_UNIT_MM);
  gtk_page_setup_set_bottom_margin (setup, 0, GTK_UNIT_MM);
  gtk_page_setup_set_left_margin (setup, 0, GTK_UNIT_MM);
  gtk_page_setup_set_right_margin (setup, 0, GTK_UNIT_MM);
  gtk_paper_size_free (paper);
  return setup;
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page,
              SheetJob          *job)
{
  const OcopLabelTemplate *t = job->template;
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  guint per_page = labels_per_page (t);

  /* Units are millimetres from the paper's corner (set_unit, full page). */
  for (guint slot = 0; slot < per_page && page * per_page + slot < job->copies; slot++)
    {
      cairo_save (cr);
      if (t->media == OCOP_LABEL_MEDIA_SHEET)
        /* Left to right, then down, as people peel a sheet. */
        cairo_translate (cr, t->first_x_mm + (slot % t->columns) * t->width_mm,
                         t->first_y_mm + (slot / t->columns) * t->height_mm);
      cairo_scale (cr, 1.0 / t->dots_per_mm, 1.0 / t->dots_per_mm);
      cairo_set_source_surface (cr, job->label, 0, 0);
      cairo_paint (cr);
      cairo_restore (cr);
    }
}

/* Puts an exported PDF in place, or removes what a failed export left. */
static gboolean
finish_export (GtkPrintOperation        *operation,
               GtkPrintOperationResult   result,
               const char               *path,
               GError                  **error)
{
  const char *partial = g_object_get_data (G_OBJECT (operation), "partial");

  if (partial == NULL)
    return TRUE;
  if (result != GTK_PRINT_OPERATION_RESULT_APPLY)
    {
      g_unlink (partial);
      return TRUE;
    }
  if (g_rename (partial, path) != 0)
    {
      int saved = errno;

      g_unlink (partial);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s", g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

static void
print_done_cb (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               OcopLabelsPage          *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    gtk_print_operation_get_error (operation, &error);
  if (!finish_export (operation, result, self->export_filename, error == NULL ? &error : NULL) &&
      result == GTK_PRINT_OPERATION_RESULT_APPLY)
    result = GTK_PRINT_OPERATION_RESULT_ERROR;
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    message = self->export_filename != NULL
      ? g_strdup_printf (_("The labels were not printed: cannot write %s: %s"), self->export_filename,
                         error != NULL ? error->message : _("unknown error"))
      : g_strdup_printf (_("The labels were not printed: %s"), error != NULL ? error->message : _("unknown error"));
  else if (result == GTK_PRINT_OPERATION_RESULT_APPLY && self->export_filename != NULL)
    message = g_strdup_printf (_("Labels saved to %s"), self->export_filename);
  else if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    message = g_strdup (_("The labels went to the printer"));
  if (message != NULL)
    ocop_toast_show (GTK_WIDGET (self), message);
}

static gboolean
print_through_gtk (OcopLabelsPage  *self,
                   GError         **error)
{
  const OcopLabelTemplate *t = ocop_label_get_template (self->label);
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();
  g_autoptr(GtkPageSetup) setup = page_setup_for (t);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  SheetJob *job = g_new0 (SheetJob, 1);
  guint copies = ocop_label_get_copies (self->label);
  guint per_page = labels_per_page (t);

  job->template = t;
  job->copies = copies;
  if (!(job->label = record_label (self->label, error)))
    {
      sheet_job_free (job);
      return FALSE;
    }
  g_object_set_data_full (G_OBJECT (operation), "job", job, (GDestroyNotify) sheet_job_free);
  gtk_print_operation_set_job_name (operation, ocop_product_get_name (self->product));
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_MM);
  gtk_print_operation_set_n_pages (operation, (copies + per_page - 1) / per_page);
  gtk_print_operation_set_allow_async (operation, TRUE);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), job);
  g_signal_connect_object (operation, "done", G_CALLBACK (print_done_cb), self, 0);
  /* "done" reports how it went, for the export (synchronous) and the
   * dialog (asynchronous) alike; run's own error would say it twice. */
  if (self->export_filename != NULL)
    {
      g_autofree char *partial = g_strconcat (self->export_filename, ".part", NULL);

      /* Written beside the PDF and renamed over it once complete (in
       * print_done_cb), so a failed export never leaves half a PDF. */
      g_object_set_data_full (G_OBJECT (operation), "partial", g_strdup (partial), g_free);
      gtk_print_operation_set_export_filename (operation, partial);
      gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, NULL);
    }
  else
    gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                             GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, NULL);
  return TRUE;
}

static void
print_activated (GtkWidget  *widget,
                 const char *action,
                 GVariant   *parameter)
{
  OcopLabelsPage *self = OCOP_LABELS_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  gboolean started;

  update_label (self);
  if (self->label == NULL)
    {
      ocop_toast_show (GTK_WIDGET (self),
                       self->error != NULL ? self->error : _("Pick a product: search for it or scan its barcode."));
      return;
    }
  if (self->printing)
    return;
  uri = g_settings_get_string (self->settings, "label-printer-uri");
  g_strstrip (uri);
  /* A label printer takes rolls only; sheets are for office printers. */
  if (*uri != '\0' && ocop_label_get_template (self->label)->media == OCOP_LABEL_MEDIA_ROLL)
    started = print_to_label_printer (self, uri, &error);
  else
    started = print_through_gtk (self, &error);
  if (!started)
    {
      g_autofree char *message = g_strdup_printf (_("The labels were not printed: %s"), error->message);

      ocop_toast_show (GTK_WIDGET (self), message);
    }
}

/* ---- settings ---- */

static void
load_settings (OcopLabelsPage *self)
{
  const OcopLabelTemplate * const *templates = ocop_label_template_list ();
  g_autofree char *template_id = g_settings_get_string (self->settings, "label-template");
  g_autofree char *language = g_settings_get_string (self->settings, "label-language");
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = 0;

  for (guint i = 0; templates[i] != NULL; i++)
    {
      gtk_string_list_append (names, _(templates[i]->description));
      if (g_str_equal (templates[i]->id, template_id))
        selected = i;
    }
  adw_combo_row_set_model (self->template_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->template_row, selected);
  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    if (g_str_equal (languages[i], language))
      adw_combo_row_set_selected (self->language_row, i);
  g_settings_bind (self->settings, "label-printer-uri", self->printer_row, "text", G_SETTINGS_BIND_DEFAULT);
}

/* Labels are mostly for what was made today, at the fair. */
static void
fill_in_today (OcopLabelsPage *self)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (OCOP_FAIR_TIME_ZONE);
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *today = NULL;

  /* tzdata is a dependency; UTC is off by hours, not by a whole day's
   * worth of labels, should it be missing. */
  if (zone == NULL)
    zone = g_time_zone_new_utc ();
  now = g_date_time_new_now (zone);
  today = g_date_time_format (now, "%d/%m/%Y");

  gtk_editable_set_text (GTK_EDITABLE (self->produced_row), today);
}

/* ---- the object ---- */

static void
ocop_labels_page_dispose (GObject *object)
{
  OcopLabelsPage *self = OCOP_LABELS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->scale != NULL)
    g_clear_signal_handler (&self->reading_id, self->scale);
  g_clear_object (&self->scale);
  g_clear_object (&self->devices);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->product);
  g_clear_object (&self->label);
  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->export_filename, g_free);
  g_clear_weak_pointer (&self->scan_field);
  g_clear_pointer (&self->scan_field_text, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), OCOP_TYPE_LABELS_PAGE);

  G_OBJECT_CLASS (ocop_labels_page_parent_class)->dispose (object);
}

static void
ocop_labels_page_class_init (OcopLabelsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ocop_labels_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/vn/ocop/Pos/ocop-labels-page.ui");
  gtk_widget_class_bind_template_child (widget_class, OcopLabelsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, OcopLabelsPage, results_list);
  gtk_widget_class_bind_template_child (widget_class, OcopLabelsPage, product_row);
  gtk_widget_class_bind_template_child (widget_class, OcopLabelsPage, template_row);
  gtk_widget_class_bind_template_child (widget_class, OcopLabelsPage, weight_row);
  gtk_widget_class_bind_template_child (widget_class, OcopLabelsPage, read_scale_button);
  gtk_widget_class_bind_template_child (widget_class, OcopLabelsPage, lot_row);
  gtk_widget_class_bind_template_child (widget_class, OcopLabelsPage, produced_row);
  gtk_widget_class_bind_template_child (widget_class, OcopLabelsPage, expires_row);
  gtk_widget_class_bind_template_child (widget_class, OcopLabelsPage, copies_row);
  gtk_widget_class_bind_template_child (widget_class, OcopLabelsPage, copies_spin);
  gtk_widget_class_bind_template_child (widget_class, OcopLabelsPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, OcopLabelsPage, bigger_button);
  gtk_widget_class_bind_template_child (widget_class, OcopLabelsPage, printer_row);
  gtk_widget_class_bind_template_child (widget_class, OcopLabelsPage, language_row);
  gtk_widget_class_bind_template_child (widget_class, OcopLabelsPage, preview);
  gtk_widget_class_bind_template_child (widget_class, OcopLabelsPage, caption_label);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, result_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, template_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, language_changed_cb);

  gtk_widget_class_install_action (widget_class, "labels.print", NULL, print_activated);
  gtk_widget_class_install_action (widget_class, "labels.use-bigger", NULL, use_bigger_activated);
  gtk_widget_class_install_action (widget_class, "labels.read-scale", NULL, read_scale_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "labels.print", NULL);
}

static void
ocop_labels_page_init (OcopLabelsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->settings = ocop_settings_new ();
  gtk_drawing_area_set_draw_func (self->preview, draw_preview, self, NULL);
  load_settings (self);
  fill_in_today (self);
  /* The screen's density is known once the page is on a monitor. */
  g_signal_connect_swapped (self, "map", G_CALLBACK (size_preview), self);
  update_label (self);
}

void
ocop_labels_page_set_store (OcopLabelsPage *self,
                            OcopStore      *store)
{
  g_return_if_fail (OCOP_IS_LABELS_PAGE (self));

  g_set_object (&self->store, store);
}

void
ocop_labels_page_set_devices (OcopLabelsPage *self,
                              OcopDevices    *devices)
{
  g_return_if_fail (OCOP_IS_LABELS_PAGE (self));

  if (!g_set_object (&self->devices, devices))
    return;
  /* A scale set or taken away in Settings shows or hides the button. */
  if (devices != NULL)
    g_signal_connect_object (devices, "changed", G_CALLBACK (show_read_scale), self, G_CONNECT_SWAPPED);
  show_read_scale (self);
}

OcopProduct *
ocop_labels_page_get_product (OcopLabelsPage *self)
{
  return self->product;
}

OcopLabel *
ocop_labels_page_get_label (OcopLabelsPage *self)
{
  return self->label;
}

const char *
ocop_labels_page_get_error (OcopLabelsPage *self)
{
  return self->error;
}

GtkWidget *
ocop_labels_page_get_preview (OcopLabelsPage *self)
{
  return GTK_WIDGET (self->preview);
}

const char *
ocop_labels_page_get_last_message (OcopLabelsPage *self)
{
  return ocop_toast_get_last (GTK_WIDGET (self));
}

gboolean
ocop_labels_page_is_printing (OcopLabelsPage *self)
{
  return self->printing;
}

void
ocop_labels_page_set_export_filename (OcopLabelsPage *self,
                                      const char     *path)
{
  g_return_if_fail (OCOP_IS_LABELS_PAGE (self));

  g_free (self->export_filename);
  self->export_filename = g_strdup (path);
}
