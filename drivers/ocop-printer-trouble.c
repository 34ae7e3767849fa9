/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-printer-trouble.c: maps the printer transports' errors and the
 * printer's own status to the few troubles a cashier can fix, so that the
 * till says each one in one way whatever the transport. */

#include "config.h"

#include <glib/gi18n.h>

#include "ocop-printer-trouble.h"

OcopPrinterTrouble
ocop_printer_trouble_from_error (const GError *error)
{
  if (error == NULL)
    return OCOP_PRINTER_TROUBLE_NONE;
  if (error->domain != OCOP_PRINTER_ERROR)
    return OCOP_PRINTER_TROUBLE_UNKNOWN;
  switch ((OcopPrinterError) error->code)
    {
    case OCOP_PRINTER_ERROR_PAPER_OUT:
      return OCOP_PRINTER_TROUBLE_PAPER_OUT;
    case OCOP_PRINTER_ERROR_COVER_OPEN:
      return OCOP_PRINTER_TROUBLE_COVER_OPEN;
    /* A printer that stops taking data mid-job is, to the cashier, one
     * that is off or unplugged: both are checked the same way. */
    case OCOP_PRINTER_ERROR_NOT_FOUND:
    case OCOP_PRINTER_ERROR_DISCONNECTED:
    case OCOP_PRINTER_ERROR_TIMEOUT:
    case OCOP_PRINTER_ERROR_OFFLINE:
      return OCOP_PRINTER_TROUBLE_NOT_CONNECTED;
    case OCOP_PRINTER_ERROR_PERMISSION:
      return OCOP_PRINTER_TROUBLE_PERMISSION;
    case OCOP_PRINTER_ERROR_BUSY:
      return OCOP_PRINTER_TROUBLE_BUSY;
    case OCOP_PRINTER_ERROR_INVALID_URI:
      return OCOP_PRINTER_TROUBLE_BAD_ADDRESS;
    case OCOP_PRINTER_ERROR_FAILED:
    default:
      return OCOP_PRINTER_TROUBLE_UNKNOWN;
    }
}

OcopPrinterTrouble
ocop_printer_trouble_from_status (const OcopPrinterStatus *status)
{
  g_autoptr(GError) error = NULL;

  /* ocop_printer_status_check() already orders the flags (no paper also
   * reads offline): one ordering, read through its error. */
  if (ocop_printer_status_check (status, &error))
    return OCOP_PRINTER_TROUBLE_NONE;
  return ocop_printer_trouble_from_error (error);
}

const char *
ocop_printer_trouble_describe (OcopPrinterTrouble trouble)
{
  switch (trouble)
    {
    case OCOP_PRINTER_TROUBLE_NONE:
      return NULL;
    case OCOP_PRINTER_TROUBLE_PAPER_OUT:
      return _("The receipt printer is out of paper. Load a new roll, then press Print again.");
    case OCOP_PRINTER_TROUBLE_COVER_OPEN:
      return _("The receipt printer’s cover is open. Close it, then press Print again.");
    case OCOP_PRINTER_TROUBLE_NOT_CONNECTED:
      return _("The receipt printer is not connected. Check its cable and that it is switched on.");
    case OCOP_PRINTER_TROUBLE_PERMISSION:
      return _("This computer may not use the USB printer yet. Ask whoever set up the till to install "
               "ocop-pos’s device rules, then unplug the printer and plug it in again.");
    case OCOP_PRINTER_TROUBLE_BUSY:
      return _("Another program is using the receipt printer (often the computer’s print service). "
               "Remove the printer from the computer’s printers.");
    case OCOP_PRINTER_TROUBLE_BAD_ADDRESS:
      return _("The receipt printer chosen in Settings cannot be used. Choose it again in Settings.");
    case OCOP_PRINTER_TROUBLE_UNKNOWN:
    default:
      return _("The receipt printer is not working. Check it, then press Print again.");
    }
}

const char *
ocop_printer_trouble_name (OcopPrinterTrouble trouble)
{
  switch (trouble)
    {
    case OCOP_PRINTER_TROUBLE_NONE:
      return NULL;
    case OCOP_PRINTER_TROUBLE_PAPER_OUT:
      return _("out of paper");
    case OCOP_PRINTER_TROUBLE_COVER_OPEN:
      return _("cover open");
    case OCOP_PRINTER_TROUBLE_NOT_CONNECTED:
      return _("not connected");
    case OCOP_PRINTER_TROUBLE_PERMISSION:
      return _("no USB permission");
    case OCOP_PRINTER_TROUBLE_BUSY:
      return _("in use by another program");
    case OCOP_PRINTER_TROUBLE_BAD_ADDRESS:
      return _("wrong address");
    case OCOP_PRINTER_TROUBLE_UNKNOWN:
    default:
      return _("needs attention");
    }
}
