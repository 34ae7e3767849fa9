/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-test-page.c: the test page, in ASCII and a raster frame, so that it
 * prints on any ESC/POS printer whatever its code page. */

#include "config.h"

#include "ocop-escpos.h"
#include "ocop-test-page.h"

GBytes *
ocop_test_page_new (guint    width_dots,
                    GError **error)
{
  g_autoptr(OcopEscpos) escpos = ocop_escpos_new ();
  g_autoptr(OcopBitmap) frame = ocop_bitmap_new (width_dots, 48);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *when = g_date_time_format (now, "%Y-%m-%d %H:%M");
  g_autofree char *line = g_strdup_printf ("ocop-pos %s  %s  %u dots\n", PACKAGE_VERSION, when, width_dots);

  for (guint x = 0; x < width_dots; x++)
    for (guint y = 0; y < 48; y++)
      if (y < 2 || y >= 46 || x < 2 || x >= width_dots - 2 || (x % 8 == 0 && y < (x % 64 == 0 ? 24 : 12)))
        ocop_bitmap_set (frame, x, y, TRUE);
  ocop_escpos_initialize (escpos);
  ocop_escpos_set_align (escpos, OCOP_ESCPOS_ALIGN_CENTER);
  ocop_escpos_set_emphasis (escpos, TRUE);
  if (!ocop_escpos_text (escpos, "PRINT TEST OK\n", error))
    return NULL;
  ocop_escpos_set_emphasis (escpos, FALSE);
  if (!ocop_escpos_text (escpos, line, error) ||
      !ocop_escpos_raster (escpos, frame, 0, error) ||
      !ocop_escpos_feed_lines (escpos, 3, error) ||
      !ocop_escpos_cut (escpos, OCOP_ESCPOS_CUT_PARTIAL, 0, error))
    return NULL;
  return ocop_escpos_get_bytes (escpos);
}
