/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-printer-trouble.h: what stops a receipt printer, in the few kinds a
 * cashier can act on, each said once in plain words. */
#pragma once

#include <glib.h>

#include "ocop-printer.h"

G_BEGIN_DECLS

typedef enum {
  OCOP_PRINTER_TROUBLE_NONE,
  OCOP_PRINTER_TROUBLE_PAPER_OUT,
  OCOP_PRINTER_TROUBLE_COVER_OPEN,
  OCOP_PRINTER_TROUBLE_NOT_CONNECTED,   /* unplugged, switched off, unreachable */
  OCOP_PRINTER_TROUBLE_PERMISSION,      /* the USB device node is not ours */
  OCOP_PRINTER_TROUBLE_BUSY,            /* another program (CUPS) holds it */
  OCOP_PRINTER_TROUBLE_BAD_ADDRESS,     /* the URI in Settings is wrong */
  OCOP_PRINTER_TROUBLE_UNKNOWN,
} OcopPrinterTrouble;

/* NONE for NULL; UNKNOWN for an error outside OCOP_PRINTER_ERROR. */
OcopPrinterTrouble  ocop_printer_trouble_from_error  (const GError            *error);
/* NONE for a printer that can print (near-end paper still prints). */
OcopPrinterTrouble  ocop_printer_trouble_from_status (const OcopPrinterStatus *status);

/* A sentence saying what is wrong and what to do, for the till's banner. */
const char         *ocop_printer_trouble_describe    (OcopPrinterTrouble       trouble);
/* A few words, for the status bar. */
const char         *ocop_printer_trouble_name        (OcopPrinterTrouble       trouble);

G_END_DECLS
