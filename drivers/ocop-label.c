/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-label.c: a product label's contents and the checks that keep a bad
 * label from reaching the printer. */

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "ocop-label-private.h"
#include "ocop-store.h"

struct _OcopLabel
{
  GObject                  parent_instance;

  OcopProduct             *product;
  const OcopLabelTemplate *template;
  char                    *lot;
  GDate                    produced;   /* cleared (invalid) when unset */
  GDate                    expires;
  guint                    copies;
  gboolean                 is_pack;
  OcopMeasurePack          pack;       /* when is_pack */
};

G_DEFINE_FINAL_TYPE (OcopLabel, ocop_label, G_TYPE_OBJECT)

static void
ocop_label_finalize (GObject *object)
{
  OcopLabel *self = OCOP_LABEL (object);

  g_clear_object (&self->product);
  g_free (self->lot);

  G_OBJECT_CLASS (ocop_label_parent_class)->finalize (object);
}

static void
ocop_label_class_init (OcopLabelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ocop_label_finalize;
}

static void
ocop_label_init (OcopLabel *self)
{
  self->template = ocop_label_template_list ()[0];
  self->copies = 1;
  g_date_clear (&self->produced, 1);
  g_date_clear (&self->expires, 1);
}

/* Today in the fair's time zone: a label made at 23:30 in Hạ Long is made
 * that day, whatever the laptop's clock zone says. */
static void
set_to_fair_today (GDate *date)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (OCOP_FAIR_TIME_ZONE);
  g_autoptr(GDateTime) now = g_date_time_new_now (zone ? zone : g_time_zone_new_utc ());
  int year, month, day;

  g_date_time_get_ymd (now, &year, &month, &day);
  g_date_set_dmy (date, day, month, year);
}

OcopLabel *
ocop_label_new (OcopProduct *product)
{
  OcopLabel *self;

  g_return_val_if_fail (OCOP_IS_PRODUCT (product), NULL);

  self = g_object_new (OCOP_TYPE_LABEL, NULL);
  self->product = g_object_ref (product);
  set_to_fair_today (&self->produced);
  return self;
}

OcopProduct *
ocop_label_get_product (OcopLabel *self)
{
  return self->product;
}

gboolean
ocop_label_set_template (OcopLabel   *self,
                         const char  *template_id,
                         GError     **error)
{
  const OcopLabelTemplate *found = ocop_label_template_find (template_id, error);

  if (found == NULL)
    return FALSE;
  self->template = found;
  return TRUE;
}

const OcopLabelTemplate *
ocop_label_get_template (OcopLabel *self)
{
  return self->template;
}

void
ocop_label_set_lot (OcopLabel  *self,
                    const char *lot)
{
  g_free (self->lot);
  self->lot = (lot != NULL && *lot != '\0') ? g_strstrip (g_strdup (lot)) : NULL;
}

const char *
ocop_label_get_lot (OcopLabel *self)
{
  return self->lot;
}

/* YYYY-MM-DD, or DD/MM/YYYY as dates are written in Vietnam. */
static gboolean
parse_date (const char *text,
            GDate      *out)
{
  int year = 0, month = 0, day = 0, used = 0;

  if (!(sscanf (text, "%4d-%2d-%2d%n", &year, &month, &day, &used) == 3 && text[used] == '\0' && used == 10) &&
      !(sscanf (text, "%2d/%2d/%4d%n", &day, &month, &year, &used) == 3 && text[used] == '\0' && used >= 8))
    return FALSE;
  if (year < 1900 || !g_date_valid_dmy (day, month, year))
    return FALSE;
  g_date_set_dmy (out, day, month, year);
  return TRUE;
}

static gboolean
set_date (GDate       *date,
          const char  *text,
          const char  *field,
          GError     **error)
{
  GDate parsed;

  if (text == NULL || *text == '\0')
    {
      g_date_clear (date, 1);
      return TRUE;
    }
  g_date_clear (&parsed, 1);
  if (!parse_date (text, &parsed))
    {
      g_set_error (error, OCOP_LABEL_ERROR, OCOP_LABEL_ERROR_BAD_DATE,
                   _("%s: '%s' is not a date (write YYYY-MM-DD or DD/MM/YYYY)"), field, text);
      return FALSE;
    }
  *date = parsed;
  return TRUE;
}

gboolean
ocop_label_set_produced (OcopLabel   *self,
                         const char  *date,
                         GError     **error)
{
  return set_date (&self->produced, date, _("production date"), error);
}

gboolean
ocop_label_set_expires (OcopLabel   *self,
                        const char  *date,
                        GError     **error)
{
  return set_date (&self->expires, date, _("expiry date"), error);
}

static char *
format_iso_date (const GDate *date)
{
  if (!g_date_valid (date))
    return NULL;
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date), g_date_get_day (date));
}

char *
ocop_label_dup_produced (OcopLabel *self)
{
  return format_iso_date (&self->produced);
}

char *
ocop_label_dup_expires (OcopLabel *self)
{
  return format_iso_date (&self->expires);
}

gboolean
ocop_label_set_copies (OcopLabel  *self,
                       int         copies,
                       GError    **error)
{
  if (copies < 1 || copies > OCOP_LABEL_MAX_COPIES)
    {
      g_set_error (error, OCOP_LABEL_ERROR, OCOP_LABEL_ERROR_BAD_COPIES,
                   _("copies: %d is not between 1 and %d"), copies, OCOP_LABEL_MAX_COPIES);
      return FALSE;
    }
  self->copies = copies;
  return TRUE;
}

guint
ocop_label_get_copies (OcopLabel *self)
{
  return self->copies;
}

void
ocop_label_set_pack (OcopLabel             *self,
                     const OcopMeasurePack *pack)
{
  g_return_if_fail (OCOP_IS_LABEL (self));

  self->is_pack = pack != NULL;
  if (pack != NULL)
    self->pack = *pack;
}

const OcopMeasurePack *
ocop_label_get_pack (OcopLabel *self)
{
  return self->is_pack ? &self->pack : NULL;
}

const char *
ocop_label_get_barcode_data (OcopLabel *self)
{
  if (self->is_pack)
    return self->pack.code;
  return ocop_product_get_info (self->product)->barcode;
}

const char *
ocop_label_get_barcode_symbology (OcopLabel *self)
{
  if (self->is_pack)
    return "EAN-13";
  switch (ocop_product_get_info (self->product)->barcode_kind)
    {
    case OCOP_BARCODE_EAN13:
      return "EAN-13";
    case OCOP_BARCODE_EAN8:
      return "EAN-8";
    case OCOP_BARCODE_INTERNAL:
      return "CODE-128";
    default:
      return NULL;
    }
}

const char *
ocop_label_get_qr_data (OcopLabel *self)
{
  const char *url = ocop_product_get_info (self->product)->trace_url;

  return (url != NULL && *url != '\0') ? url : NULL;
}

static gboolean
check_barcode_present (OcopLabel  *self,
                       GError    **error)
{
  const OcopProductInfo *info = ocop_product_get_info (self->product);

  if (self->is_pack || (info->barcode != NULL && *info->barcode != '\0' && info->barcode_kind != 0))
    return TRUE;
  g_set_error (error, OCOP_LABEL_ERROR, OCOP_LABEL_ERROR_NO_BARCODE,
               _("barcode: product %s (%s) has no barcode; add an EAN or an internal code (int:CODE) "
                 "to the catalog first"), info->sku, info->name);
  return FALSE;
}

static gboolean
check_lot_fits (OcopLabel  *self,
                GError    **error)
{
  glong length = self->lot ? g_utf8_strlen (self->lot, -1) : 0;

  if ((gulong) length <= self->template->max_lot_chars)
    return TRUE;
  g_set_error (error, OCOP_LABEL_ERROR, OCOP_LABEL_ERROR_LOT_TOO_LONG,
               _("lot: '%s' has %ld characters; the %s template fits at most %u"),
               self->lot, length, self->template->id, self->template->max_lot_chars);
  return FALSE;
}

static gboolean
check_dates_in_order (OcopLabel  *self,
                      GError    **error)
{
  g_autofree char *produced = NULL, *expires = NULL;

  if (!g_date_valid (&self->produced) || !g_date_valid (&self->expires) ||
      g_date_compare (&self->expires, &self->produced) >= 0)
    return TRUE;
  produced = format_iso_date (&self->produced);
  expires = format_iso_date (&self->expires);
  g_set_error (error, OCOP_LABEL_ERROR, OCOP_LABEL_ERROR_BAD_DATE,
               _("expiry date: %s is before the production date %s"), expires, produced);
  return FALSE;
}

gboolean
ocop_label_validate (OcopLabel  *self,
                     GError    **error)
{
  g_return_val_if_fail (OCOP_IS_LABEL (self), FALSE);

  return check_barcode_present (self, error) &&
         check_lot_fits (self, error) &&
         check_dates_in_order (self, error) &&
         ocop_label_check_layout (self, error);
}

/* The date as printed on the label, DD/MM/YYYY as Vietnamese labels
 * write it; NULL when unset. */
char *
ocop_label_format_date_for_print (const GDate *date)
{
  if (!g_date_valid (date))
    return NULL;
  return g_strdup_printf ("%02d/%02d/%04d", g_date_get_day (date), g_date_get_month (date), g_date_get_year (date));
}

const GDate *
ocop_label_get_produced_date (OcopLabel *self)
{
  return &self->produced;
}

const GDate *
ocop_label_get_expires_date (OcopLabel *self)
{
  return &self->expires;
}

static const char * const format_names[] = {
  [OCOP_LABEL_FORMAT_PNG] = "png",
  [OCOP_LABEL_FORMAT_PDF] = "pdf",
  [OCOP_LABEL_FORMAT_TSPL] = "tspl",
  [OCOP_LABEL_FORMAT_ZPL] = "zpl",
  [OCOP_LABEL_FORMAT_ESCPOS] = "escpos",
};

gboolean
ocop_label_format_parse (const char       *name,
                         OcopLabelFormat  *out_format,
                         GError          **error)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (format_names); i++)
    if (g_ascii_strcasecmp (name, format_names[i]) == 0)
      {
        *out_format = i;
        return TRUE;
      }
  g_set_error (error, OCOP_LABEL_ERROR, OCOP_LABEL_ERROR_WRONG_FORMAT,
               _("format: '%s' is not one of png, pdf, tspl, zpl, escpos"), name ? name : "");
  return FALSE;
}

GBytes *
ocop_label_encode (OcopLabel        *self,
                   OcopLabelFormat   format,
                   GError          **error)
{
  switch (format)
    {
    case OCOP_LABEL_FORMAT_PNG:
      return ocop_label_to_png (self, error);
    case OCOP_LABEL_FORMAT_PDF:
      return ocop_label_to_pdf (self, error);
    case OCOP_LABEL_FORMAT_TSPL:
      return ocop_label_to_tspl (self, error);
    case OCOP_LABEL_FORMAT_ZPL:
      return ocop_label_to_zpl (self, error);
    case OCOP_LABEL_FORMAT_ESCPOS:
      return ocop_label_to_escpos (self, error);
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
ocop_label_write_file (OcopLabel        *self,
                       OcopLabelFormat   format,
                       const char       *path,
                       GError          **error)
{
  g_autoptr(GBytes) bytes = ocop_label_encode (self, format, error);
  gsize size = 0;
  const char *data;

  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &size);
  /* g_file_set_contents writes a temporary file beside @path, syncs it and
   * renames it over @path: the old file stays whole until the new one is. */
  return g_file_set_contents_full (path, data, size, G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
}
