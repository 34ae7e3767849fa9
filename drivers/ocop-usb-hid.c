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

/* Walks the items of a HID report descriptor (short items: a prefix byte
 * whose low bits give 0, 1, 2 or 4 bytes of data; long items 0xFE, a
 * size, a tag); every length is checked against the bytes received. */
static gboolean
descriptor_has_usage_page (const guint8 *bytes,
                           gsize         length,
                           guint16       usage_page)
{
  static const gsize short_sizes[] = { 0, 1, 2, 4 };
  gsize i = 0;

  while (i < length)
    {
      guint8 prefix = bytes[i];
      gsize size = prefix != 0xfe ? short_sizes[prefix & 3] : i + 1 < length ? bytes[i + 1] : 0;
      gsize data = i + (prefix == 0xfe ? 3 : 1);
      guint32 value = 0;

      if (data + size > length)
        return FALSE;
      for (gsize k = size; prefix != 0xfe && k > 0; k--)
        value = value << 8 | bytes[data + k - 1];
      /* 0x04: the Usage Page global item. */
      if (prefix != 0xfe && (prefix & 0xfc) == 0x04 && value == usage_page)
        return TRUE;
      i = data + size;
    }
  return FALSE;
}

gboolean
ocop_usb_hid_has_usage_page (libusb_device_handle *handle,
                             guint8                interface_number,
                             guint16               usage_page)
{
  guint8 descriptor[1024];
  int length;

  libusb_set_auto_detach_kernel_driver (handle, 1);
  if (libusb_claim_interface (handle, interface_number) != 0)
    return FALSE;
  /* GET_DESCRIPTOR (report, 0x22) from the interface. */
  length = libusb_control_transfer (handle, 0x81, LIBUSB_REQUEST_GET_DESCRIPTOR, 0x2200, interface_number,
                                    descriptor, sizeof descriptor, 1000);
  libusb_release_interface (handle, interface_number);
  return length > 0 && descriptor_has_usage_page (descriptor, length, usage_page);
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
