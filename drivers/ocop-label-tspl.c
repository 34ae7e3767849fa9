/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-label-tspl.c: labels in TSPL, the language of TSC, Xprinter and
 * most cheap 203 dpi label printers. */

#include "config.h"

#include "ocop-label-private.h"

/* The whole label goes as one BITMAP, barcodes included, rather than as
 * TEXT and BARCODE commands: the printers' fonts have no Vietnamese, and
 * one raster drawn by the same code as the preview prints exactly what the
 * producer saw, with bars on whole dots, on every TSPL dialect. */
static void
append_bitmap (GByteArray            *out,
               const OcopLabelBitmap *bitmap)
{
  g_autofree char *head = g_strdup_printf ("BITMAP 0,0,%d,%d,0,", bitmap->bytes_per_row, bitmap->height);
  gsize size = (gsize) bitmap->bytes_per_row * bitmap->height;
  gsize start;

  g_byte_array_append (out, (const guint8 *) head, strlen (head));
  start = out->len;
  g_byte_array_append (out, bitmap->bits, size);
  /* In TSPL a 0 bit prints black: the opposite of the raster. */
  for (gsize i = start; i < start + size; i++)
    out->data[i] = ~out->data[i];
  g_byte_array_append (out, (const guint8 *) "\r\n", 2);
}

static void
append_line (GByteArray *out,
             const char *format,
             ...) G_GNUC_PRINTF (2, 3);

static void
append_line (GByteArray *out,
             const char *format,
             ...)
{
  g_autofree char *line = NULL;
  va_list args;

  va_start (args, format);
  line = g_strdup_vprintf (format, args);
  va_end (args);
  g_byte_array_append (out, (const guint8 *) line, strlen (line));
  g_byte_array_append (out, (const guint8 *) "\r\n", 2);
}

GBytes *
ocop_label_to_tspl (OcopLabel  *self,
                    GError    **error)
{
  const OcopLabelTemplate *t = ocop_label_get_template (self);
  g_autoptr(OcopLabelBitmap) bitmap = ocop_label_render_bitmap (self, "TSPL", error);
  GByteArray *out;

  if (bitmap == NULL)
    return NULL;
  out = g_byte_array_new ();
  append_line (out, "SIZE %d mm,%d mm", t->width_mm, t->height_mm);
  append_line (out, "GAP %d mm,0 mm", t->gap_mm);
  append_line (out, "DIRECTION 1,0");
  append_line (out, "REFERENCE 0,0");
  append_line (out, "DENSITY 8");
  append_line (out, "CLS");
  append_bitmap (out, bitmap);
  /* One label image, printed that many times: the printer repeats it
   * without the bitmap being sent again. */
  append_line (out, "PRINT 1,%u", ocop_label_get_copies (self));
  return g_byte_array_free_to_bytes (out);
}
