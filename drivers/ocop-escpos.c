/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-escpos.c: the ESC/POS byte builder and the status reply parser.
 * Command bytes follow Epson's ESC/POS reference as the cheap 58/80 mm
 * printers implement it (see HARDWARE.md). */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ocop-barcode.h"
#include "ocop-escpos.h"

#define ESC 0x1B
#define GS  0x1D
#define DLE 0x10
#define EOT 0x04

struct _OcopEscpos
{
  GObject     parent_instance;
  GByteArray *bytes;
};

G_DEFINE_TYPE (OcopEscpos, ocop_escpos, G_TYPE_OBJECT)
G_DEFINE_QUARK (ocop-escpos-error-quark, ocop_escpos_error)

static void
ocop_escpos_finalize (GObject *object)
{
  OcopEscpos *self = OCOP_ESCPOS (object);

  g_byte_array_unref (self->bytes);
  G_OBJECT_CLASS (ocop_escpos_parent_class)->finalize (object);
}

static void
ocop_escpos_class_init (OcopEscposClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ocop_escpos_finalize;
}

static void
ocop_escpos_init (OcopEscpos *self)
{
  self->bytes = g_byte_array_sized_new (1024);
}

OcopEscpos *
ocop_escpos_new (void)
{
  return g_object_new (OCOP_TYPE_ESCPOS, NULL);
}

static void
put (OcopEscpos *self,
     gsize       n,
     const guint8 *bytes)
{
  g_byte_array_append (self->bytes, bytes, n);
}

#define PUT(self, ...) \
  do { const guint8 b_[] = { __VA_ARGS__ }; put ((self), sizeof b_, b_); } while (0)

static gboolean
fail_invalid (GError    **error,
              const char *message)
{
  g_set_error_literal (error, OCOP_ESCPOS_ERROR, OCOP_ESCPOS_ERROR_INVALID, message);
  return FALSE;
}

void
ocop_escpos_initialize (OcopEscpos *self)
{
  PUT (self, ESC, '@');
}

void
ocop_escpos_set_align (OcopEscpos      *self,
                       OcopEscposAlign  align)
{
  PUT (self, ESC, 'a', (guint8) align);
}

void
ocop_escpos_set_emphasis (OcopEscpos *self,
                          gboolean    on)
{
  PUT (self, ESC, 'E', on ? 1 : 0);
}

gboolean
ocop_escpos_set_char_size (OcopEscpos  *self,
                           guint        width,
                           guint        height,
                           GError     **error)
{
  if (width < 1 || width > 8 || height < 1 || height > 8)
    {
      g_set_error (error, OCOP_ESCPOS_ERROR, OCOP_ESCPOS_ERROR_INVALID,
                   _("Character size %u×%u is not possible: width and height are 1 to 8"), width, height);
      return FALSE;
    }
  PUT (self, GS, '!', (guint8) (((width - 1) << 4) | (height - 1)));
  return TRUE;
}

void
ocop_escpos_select_code_page (OcopEscpos *self,
                              guint8      page)
{
  PUT (self, ESC, 't', page);
}

gboolean
ocop_escpos_text (OcopEscpos  *self,
                  const char  *text,
                  GError     **error)
{
  for (const char *p = text; *p != '\0'; p++)
    if (*p != '\n' && (*p < 0x20 || *p > 0x7E))
      {
        g_set_error (error, OCOP_ESCPOS_ERROR, OCOP_ESCPOS_ERROR_NOT_ENCODABLE,
                     _("Byte %ld of the text (0x%02X) is not printable ASCII"),
                     (long) (p - text), (guint8) *p);
        return FALSE;
      }
  put (self, strlen (text), (const guint8 *) text);
  return TRUE;
}

gboolean
ocop_escpos_text_in_code_page (OcopEscpos  *self,
                               const char  *text,
                               const char  *charset,
                               guint8       page,
                               GError     **error)
{
  g_autoptr(GError) local = NULL;
  gsize written = 0;
  g_autofree char *converted = g_convert (text, -1, charset, "UTF-8", NULL, &written, &local);

  if (converted == NULL)
    {
      g_set_error (error, OCOP_ESCPOS_ERROR, OCOP_ESCPOS_ERROR_NOT_ENCODABLE,
                   _("The text cannot be printed in code page %s: %s"), charset, local->message);
      return FALSE;
    }
  ocop_escpos_select_code_page (self, page);
  put (self, written, (const guint8 *) converted);
  return TRUE;
}

gboolean
ocop_escpos_feed_lines (OcopEscpos  *self,
                        guint        lines,
                        GError     **error)
{
  if (lines > 255)
    return fail_invalid (error, _("A feed is at most 255 lines"));
  PUT (self, ESC, 'd', (guint8) lines);
  return TRUE;
}

gboolean
ocop_escpos_cut (OcopEscpos     *self,
                 OcopEscposCut   kind,
                 guint           feed_dots,
                 GError        **error)
{
  gboolean partial = kind == OCOP_ESCPOS_CUT_PARTIAL;

  if (feed_dots > 255)
    return fail_invalid (error, _("The feed before a cut is at most 255 dots"));
  /* Function B (65/66) feeds to the cutter and then some: the last line
   * printed is not cut through on printers whose cutter sits above the
   * print head. Function A (0/1) cuts where the paper is. */
  if (feed_dots > 0)
    PUT (self, GS, 'V', partial ? 66 : 65, (guint8) feed_dots);
  else
    PUT (self, GS, 'V', partial ? 1 : 0);
  return TRUE;
}

gboolean
ocop_escpos_pulse_drawer (OcopEscpos           *self,
                          OcopEscposDrawerPin   pin,
                          guint                 on_ms,
                          guint                 off_ms,
                          GError              **error)
{
  if (pin != OCOP_ESCPOS_DRAWER_PIN_2 && pin != OCOP_ESCPOS_DRAWER_PIN_5)
    return fail_invalid (error, _("The drawer pin is 2 or 5"));
  if (on_ms < 2 || on_ms > 510 || off_ms < 2 || off_ms > 510)
    {
      g_set_error (error, OCOP_ESCPOS_ERROR, OCOP_ESCPOS_ERROR_INVALID,
                   _("A drawer pulse of %u ms on and %u ms off is not possible: each is 2 to 510 ms"),
                   on_ms, off_ms);
      return FALSE;
    }
  PUT (self, ESC, 'p', (guint8) pin, (guint8) (on_ms / 2), (guint8) (off_ms / 2));
  return TRUE;
}

/* GS ( k pL pH cn fn [parameters]: the length counts cn, fn and the
 * parameters. */
static void
put_qr_function (OcopEscpos   *self,
                 guint8        fn,
                 const guint8 *parameters,
                 gsize         n)
{
  gsize len = n + 2;

  PUT (self, GS, '(', 'k', (guint8) (len & 0xFF), (guint8) (len >> 8), 49, fn);
  put (self, n, parameters);
}

gboolean
ocop_escpos_qr (OcopEscpos         *self,
                const char         *data,
                guint               module_size,
                OcopEscposQrLevel   level,
                GError            **error)
{
  gsize len = strlen (data);
  g_autofree guint8 *store = NULL;

  if (module_size < 1 || module_size > 16)
    return fail_invalid (error, _("A QR module is 1 to 16 dots"));
  if (level > OCOP_ESCPOS_QR_EC_H)
    return fail_invalid (error, _("Unknown QR error correction level"));
  if (len == 0 || len > OCOP_ESCPOS_QR_MAX_DATA)
    {
      g_set_error (error, OCOP_ESCPOS_ERROR, OCOP_ESCPOS_ERROR_TOO_LARGE,
                   _("A QR code holds 1 to %d bytes, not %zu"), OCOP_ESCPOS_QR_MAX_DATA, len);
      return FALSE;
    }
  put_qr_function (self, 65, (const guint8[]) { 50, 0 }, 2);           /* model 2 */
  put_qr_function (self, 67, (const guint8[]) { (guint8) module_size }, 1);
  put_qr_function (self, 69, (const guint8[]) { (guint8) (48 + level) }, 1);
  store = g_malloc (len + 1);
  store[0] = 48;
  memcpy (store + 1, data, len);
  put_qr_function (self, 80, store, len + 1);
  put_qr_function (self, 81, (const guint8[]) { 48 }, 1);              /* print */
  return TRUE;
}

gboolean
ocop_escpos_barcode_ean13 (OcopEscpos  *self,
                           const char  *digits,
                           GError     **error)
{
  gsize len = strlen (digits);
  int check = ocop_barcode_ean_check_digit (digits, 12);

  if ((len != 12 && len != 13) || check < 0 || (len == 13 && !g_ascii_isdigit (digits[12])))
    {
      g_set_error (error, OCOP_ESCPOS_ERROR, OCOP_ESCPOS_ERROR_INVALID,
                   _("'%s' is not an EAN-13 code (12 or 13 digits)"), digits);
      return FALSE;
    }
  if (len == 13 && digits[12] - '0' != check)
    {
      g_set_error (error, OCOP_ESCPOS_ERROR, OCOP_ESCPOS_ERROR_INVALID,
                   _("'%s' has a wrong check digit (expected %d)"), digits, check);
      return FALSE;
    }
  PUT (self, GS, 'k', 67, (guint8) len);
  put (self, len, (const guint8 *) digits);
  return TRUE;
}

gboolean
ocop_escpos_barcode_code128 (OcopEscpos  *self,
                             const char  *data,
                             GError     **error)
{
  g_autoptr(GByteArray) body = g_byte_array_new ();

  g_byte_array_append (body, (const guint8 *) "{B", 2);
  for (const char *p = data; *p != '\0'; p++)
    {
      if (*p < 0x20 || *p > 0x7E)
        {
          g_set_error (error, OCOP_ESCPOS_ERROR, OCOP_ESCPOS_ERROR_NOT_ENCODABLE,
                       _("Character %ld of the Code 128 data is not printable ASCII"), (long) (p - data) + 1);
          return FALSE;
        }
      /* '{' starts a code set or function change: "{{" is a literal one. */
      if (*p == '{')
        g_byte_array_append (body, (const guint8 *) "{", 1);
      g_byte_array_append (body, (const guint8 *) p, 1);
    }
  if (body->len <= 2 || body->len > 255)
    {
      g_set_error (error, OCOP_ESCPOS_ERROR, OCOP_ESCPOS_ERROR_TOO_LARGE,
                   _("A Code 128 barcode holds 1 to 253 characters, not %zu"), strlen (data));
      return FALSE;
    }
  PUT (self, GS, 'k', 73, (guint8) body->len);
  put (self, body->len, body->data);
  return TRUE;
}

gboolean
ocop_escpos_raster (OcopEscpos        *self,
                    const OcopBitmap  *bitmap,
                    guint              band_rows,
                    GError           **error)
{
  if (band_rows == 0)
    band_rows = OCOP_ESCPOS_BAND_ROWS;
  if (band_rows > 0xFFFF || bitmap->stride > 0xFFFF || bitmap->width == 0)
    return fail_invalid (error, _("A raster image is 1 to 65535 bytes wide and its bands at most 65535 rows"));
  for (guint top = 0; top < bitmap->height; top += band_rows)
    {
      guint rows = MIN (band_rows, bitmap->height - top);

      PUT (self, GS, 'v', '0', 0,
           (guint8) (bitmap->stride & 0xFF), (guint8) (bitmap->stride >> 8),
           (guint8) (rows & 0xFF), (guint8) (rows >> 8));
      put (self, bitmap->stride * rows, bitmap->data + bitmap->stride * top);
    }
  return TRUE;
}

void
ocop_escpos_request_status (OcopEscpos              *self,
                            OcopEscposStatusRequest  request)
{
  PUT (self, DLE, EOT, (guint8) request);
}

void
ocop_escpos_append_raw (OcopEscpos   *self,
                        const guint8 *bytes,
                        gsize         len)
{
  put (self, len, bytes);
}

gsize
ocop_escpos_get_size (OcopEscpos *self)
{
  return self->bytes->len;
}

GBytes *
ocop_escpos_get_bytes (OcopEscpos *self)
{
  return g_bytes_new (self->bytes->data, self->bytes->len);
}

GBytes *
ocop_escpos_status_request_bytes (OcopEscposStatusRequest request)
{
  const guint8 bytes[] = { DLE, EOT, (guint8) request };

  return g_bytes_new (bytes, sizeof bytes);
}

#define BIT(n) (1u << (n))

OcopPrinterStatusFlags
ocop_escpos_parse_status (OcopEscposStatusRequest request,
                          guint8                  reply)
{
  OcopPrinterStatusFlags flags = OCOP_PRINTER_STATUS_OK;

  /* Every status byte has bits 1 and 4 set and 0 and 7 clear: anything
   * else is stray data (an ASB message, a scanner on the same port). */
  if ((reply & 0x93) != 0x12)
    return OCOP_PRINTER_STATUS_INVALID_REPLY;
  switch (request)
    {
    case OCOP_ESCPOS_STATUS_PRINTER:
      if (reply & BIT (3))
        flags |= OCOP_PRINTER_STATUS_OFFLINE;
      break;
    case OCOP_ESCPOS_STATUS_OFFLINE_CAUSE:
      if (reply & BIT (2))
        flags |= OCOP_PRINTER_STATUS_COVER_OPEN;
      if (reply & BIT (3))
        flags |= OCOP_PRINTER_STATUS_FEEDING;
      if (reply & BIT (5))
        flags |= OCOP_PRINTER_STATUS_PAPER_OUT;
      if (reply & BIT (6))
        flags |= OCOP_PRINTER_STATUS_ERROR;
      break;
    case OCOP_ESCPOS_STATUS_ERROR_CAUSE:
      if (reply & BIT (3))
        flags |= OCOP_PRINTER_STATUS_CUTTER_ERROR | OCOP_PRINTER_STATUS_ERROR;
      if (reply & BIT (5))
        flags |= OCOP_PRINTER_STATUS_UNRECOVERABLE | OCOP_PRINTER_STATUS_ERROR;
      if (reply & BIT (6))
        flags |= OCOP_PRINTER_STATUS_AUTO_RECOVERABLE | OCOP_PRINTER_STATUS_ERROR;
      break;
    case OCOP_ESCPOS_STATUS_PAPER:
      if (reply & 0x0C)
        flags |= OCOP_PRINTER_STATUS_PAPER_NEAR_END;
      if (reply & 0x60)
        flags |= OCOP_PRINTER_STATUS_PAPER_OUT;
      break;
    default:
      return OCOP_PRINTER_STATUS_INVALID_REPLY;
    }
  return flags;
}
