/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-label-render.c: lays a label out and draws it with cairo: text with
 * Pango (Vietnamese in DejaVu), the barcode from zint, the traceability QR
 * code from libqrencode. Every output (PNG, PDF, printer bitmaps) draws
 * through here, so the preview is what prints. */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>
#include <qrencode.h>
#include <zint.h>

#include "ocop-label-private.h"
#include "ocop-money.h"
#include "ocop-quantity.h"

/* zint's vector output counts two units per module at scale 1. */
#define ZINT_UNITS_PER_MODULE 2.0

typedef struct {
  PangoLayout *layout;
  int          height;
} TextLine;

typedef struct {
  const OcopLabelTemplate *template;
  int                 width;            /* the label, in dots */
  int                 height;
  struct zint_symbol *bar;
  int                 bar_width;        /* dots, with EAN's own quiet zones */
  int                 bar_bars_height;
  PangoLayout        *bar_digits;
  int                 bar_block_height; /* bars and the digits under them */
  QRcode             *qr;               /* NULL: no traceability URL */
  int                 qr_side;          /* with a quiet zone of 2 modules */
  int                 bar_x, bar_y, qr_x, qr_y;
  int                 text_x, text_y, text_width, text_height;
  int                 text_wide_width;  /* above text_wide_until the text */
  int                 text_wide_until;  /* runs over the QR code's column */
  GPtrArray          *lines;            /* TextLine, top to bottom */
} LabelPlan;

static void
text_line_free (TextLine *line)
{
  g_object_unref (line->layout);
  g_free (line);
}

static void
label_plan_free (LabelPlan *plan)
{
  if (plan->bar != NULL)
    ZBarcode_Delete (plan->bar);
  g_clear_object (&plan->bar_digits);
  g_clear_pointer (&plan->qr, QRcode_free);
  g_clear_pointer (&plan->lines, g_ptr_array_unref);
  g_free (plan);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabelPlan, label_plan_free)

static gboolean
encode_barcode (LabelPlan   *plan,
                OcopLabel   *label,
                GError     **error)
{
  const char *data = ocop_label_get_barcode_data (label);
  const OcopLabelTemplate *t = plan->template;
  int status;

  plan->bar = ZBarcode_Create ();
  /* EAN-13 and EAN-8 are what shops' scanners and the national GS1 codes
   * use, and a weighed pack's variable-measure code is an EAN-13; a
   * producer's internal code is Code 128, which reads any ASCII. */
  plan->bar->symbology = g_str_equal (ocop_label_get_barcode_symbology (label), "CODE-128") ? BARCODE_CODE128
                                                                                              : BARCODE_EANX_CHK;
  plan->bar->show_hrt = 0;
  plan->bar->height = (float) t->bar_height_dots / t->bar_module_dots;
  plan->bar->scale = t->bar_module_dots / ZINT_UNITS_PER_MODULE;
  status = ZBarcode_Encode_and_Buffer_Vector (plan->bar, (const unsigned char *) data, (int) strlen (data), 0);
  if (status >= ZINT_ERROR)
    {
      g_set_error (error, OCOP_LABEL_ERROR, OCOP_LABEL_ERROR_ENCODE,
                   _("barcode: cannot encode '%s': %s"), data, plan->bar->errtxt);
      return FALSE;
    }
  /* zint has applied symbol->scale to the vector: its units are dots. */
  plan->bar_width = (int) ceil (plan->bar->vector->width);
  plan->bar_bars_height = (int) ceil (plan->bar->vector->height);
  return TRUE;
}

static gboolean
encode_qr (LabelPlan   *plan,
           OcopLabel   *label,
           GError     **error)
{
  const char *url = ocop_label_get_qr_data (label);

  if (url == NULL)
    return TRUE;
  /* Level M survives a scratched thermal label and keeps a province
   * trace URL (about 50 characters) at version 4, 33 modules. */
  plan->qr = QRcode_encodeString (url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (plan->qr == NULL)
    {
      g_set_error (error, OCOP_LABEL_ERROR, OCOP_LABEL_ERROR_ENCODE,
                   _("traceability URL: cannot encode '%s' as a QR code: %s"), url, g_strerror (errno));
      return FALSE;
    }
  plan->qr_side = plan->template->qr_module_dots * (plan->qr->width + 4);
  return TRUE;
}

/* Pango 1.50 has no autoptr for PangoContext. */
typedef PangoContext LabelTextContext;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LabelTextContext, g_object_unref)

static PangoContext *
create_text_context (const OcopLabelTemplate *t)
{
  PangoFontMap *map = pango_cairo_font_map_get_default ();
  PangoContext *context = pango_font_map_create_context (map);
  cairo_font_options_t *options = cairo_font_options_create ();

  /* Font sizes in points at the printer's resolution, so one Pango pixel
   * is one dot. */
  pango_cairo_context_set_resolution (context, t->dots_per_mm * 25.4);
  /* Metrics that do not snap to the pixels of whatever draws the text:
   * the preview on a screen, scaled, wraps each line where the printer
   * does, rather than one word sooner over the line below. */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);
  return context;
}

/* Lays @text out @width dots wide, wrapped but never cut: a label says
 * the whole of what it says, or is refused (see lay_out_text). */
static PangoLayout *
create_text_layout (PangoContext *context,
                    const char   *text,
                    double        size_pt,
                    gboolean      bold,
                    int           width)
{
  PangoLayout *layout = pango_layout_new (context);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("DejaVu Sans Condensed");

  pango_font_description_set_size (font, (int) (size_pt * PANGO_SCALE));
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  if (width > 0)
    {
      pango_layout_set_width (layout, width * PANGO_SCALE);
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  return layout;
}

static int
layout_height (PangoLayout *layout)
{
  int width, height;

  pango_layout_get_pixel_size (layout, &width, &height);
  return height;
}

/* The label's text is in Vietnamese whatever the till's language: it is
 * what Vietnamese goods labelling rules ask for, and what buyers read. */
typedef enum {
  LINE_NAME,
  LINE_PRODUCER,
  LINE_ORIGIN,
  LINE_PRICE,
  LINE_WEIGHT,       /* a weighed pack's net weight */
  LINE_PACK_PRICE,   /* and its price */
  LINE_DATES,
  LINE_LOT,
  N_LINES
} LineKind;

static char *
compose_line (OcopLabel *label,
              LineKind   kind)
{
  const OcopProductInfo *info = ocop_product_get_info (ocop_label_get_product (label));
  g_autofree char *produced = ocop_label_format_date_for_print (ocop_label_get_produced_date (label));
  g_autofree char *expires = ocop_label_format_date_for_print (ocop_label_get_expires_date (label));
  const OcopMeasurePack *pack = ocop_label_get_pack (label);
  g_autofree char *price = NULL, *weight = NULL;
  static const char * const stars[] = { "", "", "", "★★★", "★★★★", "★★★★★" };

  switch (kind)
    {
    case LINE_NAME:
      return g_strdup (info->name);
    case LINE_PRODUCER:
      return g_strdup (info->producer);
    case LINE_ORIGIN:
      /* Stars first: when the line wraps, the rating stays on its first line. */
      return g_strdup_printf ("%s%s%s%s%s",
                              info->stars >= 3 && info->stars <= 5 ? "OCOP " : "",
                              info->stars >= 3 && info->stars <= 5 ? stars[info->stars] : "",
                              info->stars >= 3 && info->stars <= 5 ? " · " : "", info->locality,
                              info->in_province ? ", Quảng Ninh" : "");
    case LINE_PRICE:
      price = ocop_money_format (info->price_vnd);
      return g_strdup_printf ("%s%s/%s", pack ? "Đơn giá: " : "", price, info->unit);
    case LINE_WEIGHT:
      weight = pack ? ocop_quantity_format (pack->thousandths, TRUE, info->unit) : NULL;
      return weight ? g_strdup_printf ("KL tịnh: %s", weight) : NULL;
    case LINE_PACK_PRICE:
      price = pack ? ocop_money_format (pack->amount) : NULL;
      return price ? g_strdup_printf ("Thành tiền: %s", price) : NULL;
    case LINE_DATES:
      /* A no-break space keeps each date with its name when the line wraps. */
      if (produced != NULL && expires != NULL)
        return g_strdup_printf ("NSX:\u00a0%s  HSD:\u00a0%s", produced, expires);
      if (produced != NULL || expires != NULL)
        return g_strdup_printf ("%s\u00a0%s", produced ? "NSX:" : "HSD:", produced ? produced : expires);
      return NULL;
    case LINE_LOT:
      return ocop_label_get_lot (label) ? g_strdup_printf ("Lô SX: %s", ocop_label_get_lot (label)) : NULL;
    default:
      g_return_val_if_reached (NULL);
    }
}

static TextLine *
create_line (PangoContext *context,
             OcopLabel    *label,
             LineKind      kind,
             double        body_pt,
             int           width)
{
  g_autofree char *text = compose_line (label, kind);
  /* A weighed pack's own price is what its buyer looks for, more than
   * the price per kg. */
  gboolean heading = kind == LINE_NAME || kind == LINE_PACK_PRICE ||
                     (kind == LINE_PRICE && ocop_label_get_pack (label) == NULL);
  TextLine *line;

  if (text == NULL)
    return NULL;
  line = g_new0 (TextLine, 1);
  line->layout = create_text_layout (context, text, heading ? body_pt * 1.2 : body_pt, heading, width);
  line->height = layout_height (line->layout);
  return line;
}

/* Below 4.5 pt (a 1.6 mm em, 12 dots at 203 dpi) a thermal head's dots
 * merge the stacked Vietnamese diacritics ("ễ", "ặ"), so type shrinks in
 * half points from the template's size down to this and no further. */
#define MIN_BODY_PT 4.5

/* How many printed lines each kind of line may take. Labelling rules
 * require the product's name and its producer's name and address whole,
 * so nothing is cut short with "…": a text that cannot fit is refused. */
static int
max_printed_lines (LineKind kind,
                   int      extra_lines)
{
  switch (kind)
    {
    case LINE_NAME:
    case LINE_DATES:
      return 2;
    case LINE_PRODUCER:
    case LINE_ORIGIN:
      return 1 + extra_lines;
    default:
      return 1;
    }
}

/* Every line at @body_pt, or NULL when one of them takes more printed
 * lines than it may (*@too_long is then its kind) or all of them more
 * height than the label has (*@too_long is N_LINES). */
static GPtrArray *
try_text (PangoContext *context,
          LabelPlan    *plan,
          OcopLabel    *label,
          double        body_pt,
          int           extra_lines,
          LineKind     *too_long)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func ((GDestroyNotify) text_line_free);
  int y = plan->text_y;

  for (LineKind kind = 0; kind < N_LINES; kind++)
    {
      TextLine *line = create_line (context, label, kind, body_pt, plan->text_wide_width);

      if (line == NULL)
        continue;
      /* The lines above the QR code take the label's whole width, the
       * rest wrap beside it: the room a long name needs. */
      if (y + line->height > plan->text_wide_until && plan->text_wide_width != plan->text_width)
        {
          text_line_free (line);
          line = create_line (context, label, kind, body_pt, plan->text_width);
        }
      g_ptr_array_add (lines, line);
      y += line->height;
      if (pango_layout_get_line_count (line->layout) > max_printed_lines (kind, extra_lines))
        {
          *too_long = kind;
          return NULL;
        }
    }
  *too_long = N_LINES;
  return y <= plan->text_y + plan->text_height ? g_steal_pointer (&lines) : NULL;
}

static void set_text_does_not_fit (OcopLabel                *label,
                                   const OcopLabelTemplate  *template,
                                   LineKind                  too_long,
                                   GError                  **error);

/* Smaller type first, then the producer and locality on two lines each:
 * a name on one line reads faster than one broken in two. */
static gboolean
lay_out_text (LabelPlan  *plan,
              OcopLabel  *label,
              GError    **error)
{
  g_autoptr(LabelTextContext) context = create_text_context (plan->template);
  LineKind too_long = N_LINES;

  for (int extra_lines = 0; extra_lines <= 1; extra_lines++)
    for (double pt = plan->template->font_pt; pt >= MIN_BODY_PT - 0.01; pt -= 0.5)
      {
        if ((plan->lines = try_text (context, plan, label, pt, extra_lines, &too_long)) != NULL)
          return TRUE;
      }
  set_text_does_not_fit (label, plan->template, too_long, error);
  return FALSE;
}

static void
lay_out_barcode_digits (LabelPlan *plan,
                        OcopLabel *label)
{
  g_autoptr(LabelTextContext) context = create_text_context (plan->template);

  plan->bar_digits = create_text_layout (context, ocop_label_get_barcode_data (label),
                                         plan->template->font_pt, FALSE, 0);
  plan->bar_block_height = plan->bar_bars_height + layout_height (plan->bar_digits);
}

/* Barcode at the bottom left and the QR code at the bottom right when both
 * fit side by side; else the barcode takes the whole bottom and the QR
 * code moves up beside the text. */
static gboolean
place_codes (LabelPlan   *plan,
             OcopLabel   *label,
             GError     **error)
{
  const int m = plan->template->margin_dots;
  const int gap = MAX (m / 2, 4);
  const int inner_width = plan->width - 2 * m;
  const int qr_room = plan->qr ? plan->qr_side + gap : 0;
  const int bottom = plan->height - m;

  plan->bar_y = bottom - plan->bar_block_height;
  plan->text_x = m;
  plan->text_y = m;
  if (plan->bar_width + qr_room <= inner_width)
    {
      int band = MAX (plan->bar_block_height, plan->qr ? plan->qr_side : 0);

      plan->bar_x = m;
      plan->qr_x = plan->width - m - plan->qr_side;
      plan->qr_y = bottom - plan->qr_side;
      plan->text_width = inner_width;
      plan->text_height = plan->height - 2 * m - band - gap;
      plan->text_wide_width = inner_width;
      plan->text_wide_until = plan->text_y + plan->text_height;
    }
  else if (plan->bar_width <= inner_width)
    {
      plan->bar_x = m + (inner_width - plan->bar_width) / 2;
      plan->qr_x = plan->width - m - plan->qr_side;
      plan->qr_y = plan->bar_y - gap - plan->qr_side;
      plan->text_width = inner_width - qr_room;
      plan->text_height = plan->bar_y - gap - m;
      plan->text_wide_width = inner_width;
      plan->text_wide_until = plan->qr_y - gap;
    }
  else
    {
      const OcopLabelTemplate *t = plan->template;

      g_set_error (error, OCOP_LABEL_ERROR, OCOP_LABEL_ERROR_DOES_NOT_FIT,
                   _("barcode: '%s' is %.1f mm wide as %s; the %s template has %.1f mm"),
                   ocop_label_get_barcode_data (label), (double) plan->bar_width / t->dots_per_mm,
                   ocop_label_get_barcode_symbology (label), t->id, (double) inner_width / t->dots_per_mm);
      return FALSE;
    }
  if (plan->qr != NULL && plan->qr_y < m)
    {
      g_set_error (error, OCOP_LABEL_ERROR, OCOP_LABEL_ERROR_DOES_NOT_FIT,
                   _("traceability URL: its QR code does not fit the %s template beside the barcode"),
                   plan->template->id);
      return FALSE;
    }
  return TRUE;
}

/* The plan of @label drawn on @template (its own, or one tried for it). */
static LabelPlan *
plan_label_on (OcopLabel                *label,
               const OcopLabelTemplate  *template,
               GError                  **error)
{
  g_autoptr(LabelPlan) plan = g_new0 (LabelPlan, 1);

  plan->template = template;
  plan->width = ocop_label_template_width_dots (plan->template);
  plan->height = ocop_label_template_height_dots (plan->template);
  if (!encode_barcode (plan, label, error) || !encode_qr (plan, label, error))
    return NULL;
  lay_out_barcode_digits (plan, label);
  if (!place_codes (plan, label, error) || !lay_out_text (plan, label, error))
    return NULL;
  return g_steal_pointer (&plan);
}

static LabelPlan *
plan_label (OcopLabel  *label,
            GError    **error)
{
  return plan_label_on (label, ocop_label_get_template (label), error);
}

/* Each try only grows the label, so the search ends. */
const OcopLabelTemplate *
ocop_label_find_bigger_template (OcopLabel               *label,
                                 const OcopLabelTemplate *template)
{
  const OcopLabelTemplate * const *templates = ocop_label_template_list ();

  for (guint i = 0; templates[i] != NULL; i++)
    {
      g_autoptr(LabelPlan) plan = NULL;

      if (templates[i]->width_mm * templates[i]->height_mm <= template->width_mm * template->height_mm)
        continue;
      if ((plan = plan_label_on (label, templates[i], NULL)) != NULL)
        return templates[i];
    }
  return NULL;
}

static void
set_text_does_not_fit (OcopLabel                *label,
                       const OcopLabelTemplate  *template,
                       LineKind                  too_long,
                       GError                  **error)
{
  const OcopLabelTemplate *bigger;
  g_autofree char *advice = NULL;
  g_autofree char *text = NULL;

  if (error == NULL)
    return;
  bigger = ocop_label_find_bigger_template (label, template);
  advice = bigger != NULL ? g_strdup_printf (_("choose the %s template, which holds it"), bigger->id)
                          : g_strdup (_("no template holds it: shorten it in the catalog"));
  if (too_long == N_LINES)
    {
      g_set_error (error, OCOP_LABEL_ERROR, OCOP_LABEL_ERROR_DOES_NOT_FIT,
                   _("text: the name, producer, locality, price, dates and lot do not fit the %s template "
                     "even in %.1f-point type; %s"), template->id, MIN_BODY_PT, advice);
      return;
    }
  text = compose_line (label, too_long);
  g_set_error (error, OCOP_LABEL_ERROR, OCOP_LABEL_ERROR_DOES_NOT_FIT,
               _("text: “%s” does not fit the %s template even in %.1f-point type on %d lines, "
                 "and labels must show it whole; %s"),
               text, template->id, MIN_BODY_PT, max_printed_lines (too_long, 1), advice);
}

gboolean
ocop_label_check_layout (OcopLabel  *self,
                         GError    **error)
{
  g_autoptr(LabelPlan) plan = plan_label (self, error);

  return plan != NULL;
}

GStrv
ocop_label_dup_printed_lines (OcopLabel  *self,
                              GError    **error)
{
  g_autoptr(LabelPlan) plan = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (!ocop_label_validate (self, error) || !(plan = plan_label (self, error)))
    return NULL;
  for (guint i = 0; i < plan->lines->len; i++)
    {
      PangoLayout *layout = ((TextLine *) plan->lines->pdata[i])->layout;
      const char *text = pango_layout_get_text (layout);

      for (GSList *l = pango_layout_get_lines_readonly (layout); l != NULL; l = l->next)
        {
          PangoLayoutLine *line = l->data;
          g_autofree char *printed = g_strndup (text + line->start_index, line->length);

          g_strv_builder_add (builder, g_strchomp (printed));
        }
    }
  return g_strv_builder_end (builder);
}

static void
draw_barcode (LabelPlan *plan,
              cairo_t   *cr)
{
  int digits_width, digits_height;

  for (struct zint_vector_rect *r = plan->bar->vector->rectangles; r != NULL; r = r->next)
    cairo_rectangle (cr, plan->bar_x + r->x, plan->bar_y + r->y, r->width, r->height);
  cairo_fill (cr);

  pango_layout_get_pixel_size (plan->bar_digits, &digits_width, &digits_height);
  cairo_move_to (cr, plan->bar_x + (plan->bar_width - digits_width) / 2.0, plan->bar_y + plan->bar_bars_height);
  pango_cairo_update_layout (cr, plan->bar_digits);
  pango_cairo_show_layout (cr, plan->bar_digits);
}

static void
draw_qr (LabelPlan *plan,
         cairo_t   *cr)
{
  const int module = plan->template->qr_module_dots;
  const int origin_x = plan->qr_x + 2 * module, origin_y = plan->qr_y + 2 * module;

  if (plan->qr == NULL)
    return;
  /* One rectangle per run of dark modules in a row: half the paths of one
   * per module, which is what a PDF sheet of 24 labels spends its time on. */
  for (int y = 0; y < plan->qr->width; y++)
    for (int x = 0; x < plan->qr->width; x++)
      {
        const unsigned char *row = plan->qr->data + y * plan->qr->width;
        int run = 0;

        while (x + run < plan->qr->width && (row[x + run] & 1))
          run++;
        if (run > 0)
          cairo_rectangle (cr, origin_x + x * module, origin_y + y * module, run * module, module);
        x += run;
      }
  cairo_fill (cr);
}

static void
draw_text (LabelPlan *plan,
           cairo_t   *cr)
{
  double y = plan->text_y;

  for (guint i = 0; i < plan->lines->len; i++)
    {
      TextLine *line = plan->lines->pdata[i];

      cairo_move_to (cr, plan->text_x, y);
      pango_cairo_update_layout (cr, line->layout);
      pango_cairo_show_layout (cr, line->layout);
      y += line->height;
    }
}

static void
draw_plan (LabelPlan *plan,
           cairo_t   *cr)
{
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, plan->width, plan->height);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  /* Bars and modules sit on whole dots; antialiasing would only grey
   * their edges, which a thermal head prints as noise. */
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  draw_barcode (plan, cr);
  draw_qr (plan, cr);
  draw_text (plan, cr);
  cairo_restore (cr);
}

gboolean
ocop_label_draw (OcopLabel  *self,
                 cairo_t    *cr,
                 GError    **error)
{
  g_autoptr(LabelPlan) plan = NULL;

  if (!ocop_label_validate (self, error) || !(plan = plan_label (self, error)))
    return FALSE;
  draw_plan (plan, cr);
  return TRUE;
}

/* Draws @count copies of one plan, as the PDF sheets need; the plan (zint,
 * qrencode, Pango) is made once. */
gboolean
ocop_label_draw_copies (OcopLabel            *self,
                        cairo_t              *cr,
                        guint                 count,
                        OcopLabelPlaceFunc    place,
                        gpointer              user_data,
                        GError              **error)
{
  g_autoptr(LabelPlan) plan = NULL;

  if (!ocop_label_validate (self, error) || !(plan = plan_label (self, error)))
    return FALSE;
  for (guint i = 0; i < count; i++)
    {
      cairo_save (cr);
      place (cr, i, user_data);
      draw_plan (plan, cr);
      cairo_restore (cr);
      if (cairo_status (cr) != CAIRO_STATUS_SUCCESS)
        {
          g_set_error (error, OCOP_LABEL_ERROR, OCOP_LABEL_ERROR_ENCODE,
                       _("drawing the label failed: %s"), cairo_status_to_string (cairo_status (cr)));
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
check_surface (cairo_surface_t  *surface,
               GError          **error)
{
  cairo_status_t status = cairo_surface_status (surface);

  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, OCOP_LABEL_ERROR, OCOP_LABEL_ERROR_ENCODE,
               _("drawing the label failed: %s"), cairo_status_to_string (status));
  return FALSE;
}

cairo_surface_t *
ocop_label_render_image (OcopLabel  *self,
                         GError    **error)
{
  const OcopLabelTemplate *t = ocop_label_get_template (self);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24,
                                                         ocop_label_template_width_dots (t),
                                                         ocop_label_template_height_dots (t));
  cairo_t *cr = cairo_create (surface);
  gboolean drawn = ocop_label_draw (self, cr, error);

  cairo_destroy (cr);
  if (!drawn || !check_surface (surface, drawn ? error : NULL))
    {
      cairo_surface_destroy (surface);
      return NULL;
    }
  cairo_surface_flush (surface);
  return surface;
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
ocop_label_to_png (OcopLabel  *self,
                   GError    **error)
{
  cairo_surface_t *surface = ocop_label_render_image (self, error);
  g_autoptr(GByteArray) png = NULL;
  cairo_status_t status;

  if (surface == NULL)
    return NULL;
  png = g_byte_array_new ();
  status = cairo_surface_write_to_png_stream (surface, append_to_byte_array, png);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, OCOP_LABEL_ERROR, OCOP_LABEL_ERROR_ENCODE,
                   _("writing the PNG failed: %s"), cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&png));
}

void
ocop_label_bitmap_free (OcopLabelBitmap *bitmap)
{
  g_free (bitmap->bits);
  g_free (bitmap);
}

/* Black where the pixel is darker than mid-grey: Pango's antialiased glyph
 * edges become whole dots or nothing. */
static OcopLabelBitmap *
threshold_image (cairo_surface_t *surface)
{
  OcopLabelBitmap *bitmap = g_new0 (OcopLabelBitmap, 1);
  const guint8 *pixels = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);

  bitmap->width = cairo_image_surface_get_width (surface);
  bitmap->height = cairo_image_surface_get_height (surface);
  bitmap->bytes_per_row = (bitmap->width + 7) / 8;
  bitmap->bits = g_malloc0 ((gsize) bitmap->bytes_per_row * bitmap->height);
  for (int y = 0; y < bitmap->height; y++)
    {
      const guint32 *row = (const guint32 *) (pixels + (gsize) y * stride);

      for (int x = 0; x < bitmap->width; x++)
        {
          guint32 p = row[x];
          guint luminance = (((p >> 16) & 0xff) * 299 + ((p >> 8) & 0xff) * 587 + (p & 0xff) * 114) / 1000;

          if (luminance < 128)
            bitmap->bits[(gsize) y * bitmap->bytes_per_row + x / 8] |= 0x80 >> (x % 8);
        }
    }
  return bitmap;
}

OcopLabelBitmap *
ocop_label_render_bitmap (OcopLabel   *self,
                          const char  *format_name,
                          GError     **error)
{
  const OcopLabelTemplate *t = ocop_label_get_template (self);
  cairo_surface_t *surface;
  OcopLabelBitmap *bitmap;

  if (t->media != OCOP_LABEL_MEDIA_ROLL)
    {
      g_set_error (error, OCOP_LABEL_ERROR, OCOP_LABEL_ERROR_WRONG_FORMAT,
                   _("template: %s is a sheet for office printers; %s is for label printers "
                     "(use a roll template, or pdf or png)"), t->id, format_name);
      return NULL;
    }
  if (!(surface = ocop_label_render_image (self, error)))
    return NULL;
  bitmap = threshold_image (surface);
  cairo_surface_destroy (surface);
  return bitmap;
}
