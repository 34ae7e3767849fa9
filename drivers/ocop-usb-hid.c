/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-usb-hid.c: VID:PID addresses and the HID interface of a device,
 * for the USB scanner and the USB scale. */

#include "config.h"

#include "ocop-usb-hid.h"

#define HID_CLASS 3

static gboolean
parse_hex16 (const char *text,
             guint16    *out)
{
  guint value = 0;

  for (gsize i = 0; i < 4; i++)
    {
      if (!g_ascii_isxdigit (text[i]))
        return FALSE;
      value = value * 16 + g_ascii_xdigit_value (text[i]);
    }
  *out = value;
  return TRUE;
}

gboolean
ocop_usb_hid_parse_ids (const char  *text,
                        guint16     *vendor_id,
                        guint16     *product_id,
                        const char **rest)
{
  /* parse_hex16 stops at the first non-digit, so a short text is safe. */
  if (!parse_hex16 (text, vendor_id) || text[4] != ':' || !parse_hex16 (text + 5, product_id) ||
      g_ascii_isxdigit (text[9]))
    return FALSE;
  *rest = text + 9;
  return TRUE;
}

static gboolean
find_in_interface (const struct libusb_interface_descriptor *alt,
                   OcopUsbHidInterface                      *found)
{
  if (alt->bInterfaceClass != HID_CLASS)
    return FALSE;
  for (guint e = 0; e < alt->bNumEndpoints; e++)
    {
      const struct libusb_endpoint_descriptor *ep = &alt->endpoint[e];

      if ((ep->bmAttributes & LIBUSB_TRANSFER_TYPE_MASK) != LIBUSB_TRANSFER_TYPE_INTERRUPT ||
          !(ep->bEndpointAddress & LIBUSB_ENDPOINT_IN))
        continue;
      found->number = alt->bInterfaceNumber;
      found->endpoint = ep->bEndpointAddress;
      found->packet_size = MAX (ep->wMaxPacketSize, 8);
      found->boot_keyboard = alt->bInterfaceSubClass == 1 && alt->bInterfaceProtocol == 1;
      return TRUE;
    }
  return FALSE;
}

gboolean
ocop_usb_hid_find_interface (libusb_device       *device,
                             OcopUsbHidInterface *found)
{
  struct libusb_config_descriptor *config = NULL;
  gboolean ok = FALSE;

  if (libusb_get_active_config_descriptor (device, &config) != 0 &&
      libusb_get_config_descriptor (device, 0, &config) != 0)
    return FALSE;
  for (guint i = 0; i < config->bNumInterfaces && !ok; i++)
    if (config->interface[i].num_altsetting >= 1)
      ok = find_in_interface (&config->interface[i].altsetting[0], found);
  libusb_free_config_descriptor (config);
  return ok;
}
