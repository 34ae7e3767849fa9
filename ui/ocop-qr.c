/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-qr.c: turns libqrencode's module grid into a GdkTexture. */

#include "config.h"

#include <qrencode.h>

#include "ocop-qr.h"

#define QUIET_ZONE 4

GdkTexture *
ocop_qr_texture_new (const char *text,
                     int         scale)
{
  QRcode *code = QRcode_encodeString8bit (text, 0, QR_ECLEVEL_M);
  g_autoptr(GBytes) bytes = NULL;
  guchar *pixels;
  int modules, size;

  if (code == NULL)
    return NULL;
  modules = code->width + 2 * QUIET_ZONE;
  size = modules * scale;
  /* RGB, three bytes a pixel: GTK 4.8 has no grey-only memory format. */
  pixels = g_malloc (size * size * 3);
  memset (pixels, 0xFF, size * size * 3);
  for (int y = 0; y < code->width; y++)
    for (int x = 0; x < code->width; x++)
      if (code->data[y * code->width + x] & 1)   /* bit 0: a dark module */
        for (int dy = 0; dy < scale; dy++)
          memset (pixels + (((y + QUIET_ZONE) * scale + dy) * size + (x + QUIET_ZONE) * scale) * 3, 0x00, scale * 3);
  QRcode_free (code);

  bytes = g_bytes_new_take (pixels, size * size * 3);
  return gdk_memory_texture_new (size, size, GDK_MEMORY_R8G8B8, bytes, size * 3);
}
