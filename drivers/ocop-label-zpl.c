/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-label-zpl.c: labels in ZPL II for Zebra printers. */

#include "config.h"

#include "ocop-label-private.h"

/* As in TSPL, the label goes as one graphic field (^GFA): Zebra's resident
 * fonts lack Vietnamese, and the raster is the preview dot for dot. */
static void
append_graphic_field (GString               *out,
                      const OcopLabelBitmap *bitmap)
{
  static const char hex[] = "0123456789ABCDEF";
  gsize size = (gsize) bitmap->bytes_per_row * bitmap->height;

  g_string_append_printf (out, "^FO0,0^GFA,%" G_GSIZE_FORMAT ",%" G_GSIZE_FORMAT ",%d,",
                          size, size, bitmap->bytes_per_row);
  for (gsize i = 0; i < size; i++)
    {
      g_string_append_c (out, hex[bitmap->bits[i] >> 4]);
      g_string_append_c (out, hex[bitmap->bits[i] & 0xf]);
    }
  g_string_append (out, "^FS\n");
}

GBytes *
ocop_label_to_zpl (OcopLabel  *self,
                   GError    **error)
{
  g_autoptr(OcopLabelBitmap) bitmap = ocop_label_render_bitmap (self, "ZPL", error);
  GString *out;

  if (bitmap == NULL)
    return NULL;
  out = g_string_new ("^XA\n");
  g_string_append (out, "^CI28\n");
  g_string_append_printf (out, "^PW%d\n^LL%d\n^LH0,0\n", bitmap->width, bitmap->height);
  append_graphic_field (out, bitmap);
  g_string_append_printf (out, "^PQ%u\n", ocop_label_get_copies (self));
  g_string_append (out, "^XZ\n");
  return g_string_free_to_bytes (out);
}
