/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-printer-banner.h: the strip across the top of the till that says,
 * in plain words, why receipts are not printing and offers "Print again". */
#pragma once

#include <gtk/gtk.h>

#include "ocop-devices.h"

G_BEGIN_DECLS

#define OCOP_TYPE_PRINTER_BANNER (ocop_printer_banner_get_type ())
G_DECLARE_FINAL_TYPE (OcopPrinterBanner, ocop_printer_banner, OCOP, PRINTER_BANNER, GtkWidget)

/* Follows @devices from now on: revealed while the printer is in trouble,
 * hidden once it prints again. */
void ocop_printer_banner_set_devices (OcopPrinterBanner *self,
                                      OcopDevices       *devices);
/* Whether the banner is showing (revealed), for tests. */
gboolean ocop_printer_banner_is_shown (OcopPrinterBanner *self);

G_END_DECLS
