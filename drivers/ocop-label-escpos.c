/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-label-escpos.c: labels for receipt printers used as label printers,
 * as ESC/POS raster images. */

#include "config.h"

#include "ocop-label-private.h"

/* Rows per GS v 0 band: some printers' buffers take no more. */
#define ESCPOS_BAND_ROWS 960

/* ESC/POS "GS v 0" raster, written here only until the shared encoder in
 * drivers/ocop-escpos.c (branch h-render) is merged: then this function
 * should call that encoder instead. Bits: MSB first, 1 = black. */
static void
append_escpos_raster (GByteArray            *out,
                      const OcopLabelBitmap *bitmap)
{
  for (int top = 0; top < bitmap->height; top += ESCPOS_BAND_ROWS)
    {
      int rows = MIN (ESCPOS_BAND_ROWS, bitmap->height - top);
      guint8 head[] = {
        0x1d, 0x76, 0x30, 0x00,
        bitmap->bytes_per_row & 0xff, (bitmap->bytes_per_row >> 8) & 0xff,
        rows & 0xff, (rows >> 8) & 0xff,
      };

      g_byte_array_append (out, head, sizeof head);
      g_byte_array_append (out, bitmap->bits + (gsize) top * bitmap->bytes_per_row,
                           (guint) rows * bitmap->bytes_per_row);
    }
}

GBytes *
ocop_label_to_escpos (OcopLabel  *self,
                      GError    **error)
{
  static const guint8 initialize[] = { 0x1b, 0x40 };
  /* ESC d 3: feed three lines between labels, room to tear or peel. */
  static const guint8 feed[] = { 0x1b, 0x64, 0x03 };
  g_autoptr(OcopLabelBitmap) bitmap = ocop_label_render_bitmap (self, "ESC/POS", error);
  GByteArray *out;

  if (bitmap == NULL)
    return NULL;
  out = g_byte_array_new ();
  g_byte_array_append (out, initialize, sizeof initialize);
  for (guint i = 0; i < ocop_label_get_copies (self); i++)
    {
      append_escpos_raster (out, bitmap);
      g_byte_array_append (out, feed, sizeof feed);
    }
  return g_byte_array_free_to_bytes (out);
}
