/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-qr.h: QR codes as textures for the screen, drawn by libqrencode. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A black-on-white QR code of @text with a four-module quiet zone, @scale
 * pixels a module, error correction level M. NULL if @text cannot be
 * encoded (too long). */
GdkTexture *ocop_qr_texture_new (const char *text,
                                 int         scale);

G_END_DECLS
