/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-bitmap.h: a 1-bit image as thermal printers take it: rows of bytes,
 * most significant bit first, a set bit is a black dot. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  guint   width;      /* dots */
  guint   height;     /* rows */
  gsize   stride;     /* bytes a row: (width + 7) / 8 */
  guint8 *data;       /* height * stride bytes, padding bits clear */
} OcopBitmap;

/* A white (all clear) bitmap. */
OcopBitmap *ocop_bitmap_new        (guint       width,
                                    guint       height);
void        ocop_bitmap_free       (OcopBitmap *bitmap);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OcopBitmap, ocop_bitmap_free)

gboolean    ocop_bitmap_get        (const OcopBitmap *bitmap,
                                    guint             x,
                                    guint             y);
void        ocop_bitmap_set        (OcopBitmap *bitmap,
                                    guint       x,
                                    guint       y,
                                    gboolean    black);
/* Black dots in the whole bitmap. */
gsize       ocop_bitmap_count_black (const OcopBitmap *bitmap);

G_END_DECLS
