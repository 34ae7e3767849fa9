/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-bitmap.c: the 1-bit image that receipts render to and ESC/POS
 * raster commands carry. */

#include "ocop-bitmap.h"

OcopBitmap *
ocop_bitmap_new (guint width,
                 guint height)
{
  OcopBitmap *bitmap = g_new0 (OcopBitmap, 1);

  bitmap->width = width;
  bitmap->height = height;
  bitmap->stride = (width + 7) / 8;
  bitmap->data = g_malloc0 (MAX (bitmap->stride * height, 1));
  return bitmap;
}

void
ocop_bitmap_free (OcopBitmap *bitmap)
{
  if (bitmap == NULL)
    return;
  g_free (bitmap->data);
  g_free (bitmap);
}

gboolean
ocop_bitmap_get (const OcopBitmap *bitmap,
                 guint             x,
                 guint             y)
{
  g_return_val_if_fail (x < bitmap->width && y < bitmap->height, FALSE);
  return (bitmap->data[y * bitmap->stride + x / 8] >> (7 - x % 8)) & 1;
}

void
ocop_bitmap_set (OcopBitmap *bitmap,
                 guint       x,
                 guint       y,
                 gboolean    black)
{
  guint8 *byte;
  guint8 mask = 0x80 >> (x % 8);

  g_return_if_fail (x < bitmap->width && y < bitmap->height);
  byte = &bitmap->data[y * bitmap->stride + x / 8];
  *byte = black ? (*byte | mask) : (*byte & ~mask);
}

gsize
ocop_bitmap_count_black (const OcopBitmap *bitmap)
{
  gsize n = 0;

  for (gsize i = 0; i < bitmap->stride * bitmap->height; i++)
    n += __builtin_popcount (bitmap->data[i]);
  return n;
}
