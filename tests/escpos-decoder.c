/* SPDX-License-Identifier: GPL-3.0-or-later */
/* escpos-decoder.c: a strict ESC/POS reader for the tests, written from
 * the command reference rather than from the encoder, so that the two
 * check each other. */

#include <string.h>

#include "escpos-decoder.h"

typedef struct {
  const guint8 *data;
  gsize len;
  gsize pos;
  EscposDecoded *out;
} Reader;

static void
barcode_free (gpointer data)
{
  EscposBarcode *barcode = data;

  g_free (barcode->data);
  g_free (barcode);
}

void
escpos_decoded_free (EscposDecoded *decoded)
{
  if (decoded == NULL)
    return;
  g_string_free (decoded->text, TRUE);
  ocop_bitmap_free (decoded->raster);
  g_array_unref (decoded->cuts);
  g_array_unref (decoded->pulses);
  g_ptr_array_unref (decoded->qr_stored);
  g_ptr_array_unref (decoded->barcodes);
  g_array_unref (decoded->status_requests);
  g_free (decoded);
}

static gboolean
need (Reader  *r,
      gsize    n,
      gsize    start,
      GError **error)
{
  if (r->pos + n <= r->len)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
               "command at offset %zu (0x%02X) is cut short: needs %zu more bytes, %zu left",
               start, r->data[start], n, r->len - r->pos);
  return FALSE;
}

static gboolean
unknown (Reader  *r,
         gsize    start,
         GError **error)
{
  g_autoptr(GString) hex = g_string_new (NULL);

  for (gsize i = start; i < MIN (start + 4, r->len); i++)
    g_string_append_printf (hex, " %02X", r->data[i]);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               "unknown ESC/POS bytes at offset %zu:%s", start, hex->str);
  return FALSE;
}

/* Stacks a band under the raster so far; every band must be as wide. */
static gboolean
add_band (Reader       *r,
          guint         width_bytes,
          guint         rows,
          const guint8 *data,
          gsize         start,
          GError      **error)
{
  OcopBitmap *old = r->out->raster;
  OcopBitmap *grown;

  if (old != NULL && old->stride != width_bytes)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "raster band at offset %zu is %u bytes wide, earlier ones %zu", start, width_bytes, old->stride);
      return FALSE;
    }
  grown = ocop_bitmap_new (width_bytes * 8, (old ? old->height : 0) + rows);
  if (old != NULL)
    memcpy (grown->data, old->data, old->stride * old->height);
  memcpy (grown->data + grown->stride * (old ? old->height : 0), data, (gsize) width_bytes * rows);
  ocop_bitmap_free (old);
  r->out->raster = grown;
  r->out->bands++;
  r->out->tallest_band = MAX (r->out->tallest_band, rows);
  return TRUE;
}

static gboolean
read_gs_v (Reader  *r,
           gsize    start,
           GError **error)
{
  guint width_bytes, rows;

  if (!need (r, 6, start, error))
    return FALSE;
  if (r->data[r->pos] != '0' || r->data[r->pos + 1] > 3)
    return unknown (r, start, error);
  width_bytes = r->data[r->pos + 2] | r->data[r->pos + 3] << 8;
  rows = r->data[r->pos + 4] | r->data[r->pos + 5] << 8;
  r->pos += 6;
  if (!need (r, (gsize) width_bytes * rows, start, error))
    return FALSE;
  if (!add_band (r, width_bytes, rows, r->data + r->pos, start, error))
    return FALSE;
  r->pos += (gsize) width_bytes * rows;
  return TRUE;
}

static gboolean
read_gs_paren_k (Reader  *r,
                 gsize    start,
                 GError **error)
{
  gsize len;
  guint8 cn, fn;
  const guint8 *p;

  if (!need (r, 3, start, error))
    return FALSE;
  if (r->data[r->pos] != 'k')
    return unknown (r, start, error);
  len = r->data[r->pos + 1] | r->data[r->pos + 2] << 8;
  r->pos += 3;
  if (len < 2)
    return unknown (r, start, error);
  if (!need (r, len, start, error))
    return FALSE;
  p = r->data + r->pos;
  cn = p[0];
  fn = p[1];
  r->pos += len;
  if (cn != 49)
    return unknown (r, start, error);
  switch (fn)
    {
    case 65:
      if (len != 4 || p[2] != 50)
        return unknown (r, start, error);
      return TRUE;
    case 67:
      if (len != 3 || p[2] < 1 || p[2] > 16)
        return unknown (r, start, error);
      r->out->qr_module_size = p[2];
      return TRUE;
    case 69:
      if (len != 3 || p[2] < 48 || p[2] > 51)
        return unknown (r, start, error);
      r->out->qr_level = p[2];
      return TRUE;
    case 80:
      if (len < 4 || p[2] != 48)
        return unknown (r, start, error);
      g_ptr_array_add (r->out->qr_stored, g_strndup ((const char *) p + 3, len - 3));
      return TRUE;
    case 81:
      if (len != 3 || p[2] != 48)
        return unknown (r, start, error);
      r->out->qr_printed++;
      return TRUE;
    default:
      return unknown (r, start, error);
    }
}

static gboolean
read_gs_k (Reader  *r,
           gsize    start,
           GError **error)
{
  EscposBarcode *barcode;
  guint8 m, n;

  if (!need (r, 2, start, error))
    return FALSE;
  m = r->data[r->pos];
  n = r->data[r->pos + 1];
  if (m != 67 && m != 73)
    return unknown (r, start, error);
  r->pos += 2;
  if (!need (r, n, start, error))
    return FALSE;
  barcode = g_new0 (EscposBarcode, 1);
  barcode->kind = m;
  barcode->data = g_strndup ((const char *) r->data + r->pos, n);
  g_ptr_array_add (r->out->barcodes, barcode);
  r->pos += n;
  return TRUE;
}

static gboolean
read_gs (Reader  *r,
         gsize    start,
         GError **error)
{
  guint8 c;

  if (!need (r, 1, start, error))
    return FALSE;
  c = r->data[r->pos++];
  switch (c)
    {
    case '!':
      if (!need (r, 1, start, error))
        return FALSE;
      r->out->char_size = r->data[r->pos++];
      return TRUE;
    case 'V':
      {
        EscposCut cut = { .offset = start };

        if (!need (r, 1, start, error))
          return FALSE;
        cut.function = r->data[r->pos++];
        if (cut.function == 65 || cut.function == 66)
          {
            if (!need (r, 1, start, error))
              return FALSE;
            cut.feed = r->data[r->pos++];
          }
        else if (cut.function > 1 && cut.function != 48 && cut.function != 49)
          return unknown (r, start, error);
        cut.partial = cut.function == 1 || cut.function == 49 || cut.function == 66;
        g_array_append_val (r->out->cuts, cut);
        return TRUE;
      }
    case 'v':
      return read_gs_v (r, start, error);
    case '(':
      return read_gs_paren_k (r, start, error);
    case 'k':
      return read_gs_k (r, start, error);
    default:
      return unknown (r, start, error);
    }
}

static gboolean
read_esc (Reader  *r,
          gsize    start,
          GError **error)
{
  guint8 c;

  if (!need (r, 1, start, error))
    return FALSE;
  c = r->data[r->pos++];
  if (c == '@')
    {
      r->out->inits++;
      return TRUE;
    }
  if (c == 'p')
    {
      EscposPulse pulse = { .offset = start };

      if (!need (r, 3, start, error))
        return FALSE;
      pulse.pin = r->data[r->pos];
      pulse.on_ms = r->data[r->pos + 1] * 2;
      pulse.off_ms = r->data[r->pos + 2] * 2;
      r->pos += 3;
      if (pulse.pin > 1 && pulse.pin != 48 && pulse.pin != 49)
        return unknown (r, start, error);
      g_array_append_val (r->out->pulses, pulse);
      return TRUE;
    }
  if (!need (r, 1, start, error))
    return FALSE;
  switch (c)
    {
    case 'a':
      r->out->align = r->data[r->pos++];
      return r->out->align <= 2 ? TRUE : unknown (r, start, error);
    case 'E':
      if (r->data[r->pos++] & 1)
        r->out->emphasis_on++;
      return TRUE;
    case 't':
      r->out->code_page = r->data[r->pos++];
      return TRUE;
    case 'd':
      r->out->lines_fed += r->data[r->pos++];
      return TRUE;
    default:
      return unknown (r, start, error);
    }
}

EscposDecoded *
escpos_decode (GBytes  *bytes,
               GError **error)
{
  g_autoptr(EscposDecoded) out = g_new0 (EscposDecoded, 1);
  Reader r = { 0 };

  out->text = g_string_new (NULL);
  out->cuts = g_array_new (FALSE, TRUE, sizeof (EscposCut));
  out->pulses = g_array_new (FALSE, TRUE, sizeof (EscposPulse));
  out->qr_stored = g_ptr_array_new_with_free_func (g_free);
  out->barcodes = g_ptr_array_new_with_free_func (barcode_free);
  out->status_requests = g_array_new (FALSE, TRUE, 1);
  out->code_page = -1;
  out->qr_level = -1;
  r.data = g_bytes_get_data (bytes, &r.len);
  r.out = out;

  while (r.pos < r.len)
    {
      gsize start = r.pos;
      guint8 c = r.data[r.pos++];
      gboolean ok = TRUE;

      if (c == 0x1B)
        ok = read_esc (&r, start, error);
      else if (c == 0x1D)
        ok = read_gs (&r, start, error);
      else if (c == 0x10)
        {
          ok = need (&r, 2, start, error);
          if (ok && (r.data[r.pos] != 0x04 || r.data[r.pos + 1] < 1 || r.data[r.pos + 1] > 4))
            ok = unknown (&r, start, error);
          if (ok)
            {
              g_array_append_val (out->status_requests, r.data[r.pos + 1]);
              r.pos += 2;
            }
        }
      else if (c == '\n' || (c >= 0x20 && c <= 0x7E) || (out->code_page >= 0 && c >= 0x80))
        g_string_append_c (out->text, (char) c);
      else
        ok = unknown (&r, start, error);
      if (!ok)
        return NULL;
    }
  return g_steal_pointer (&out);
}
