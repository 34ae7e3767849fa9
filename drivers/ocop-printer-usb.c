/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-printer-usb.c: the usb:// transport: a USB receipt printer driven
 * through libusb (bulk OUT for jobs, bulk IN or the printer class's port
 * status for status, GET_DEVICE_ID for its name), with the kernel's usblp
 * detached while we hold it and re-attached when we let go. */

#include "config.h"

#include <string.h>
#include <inttypes.h>
#include <glib/gi18n.h>

#include "ocop-printer-usb-private.h"

/* Receipt printers that do not all announce the USB printer class (Epson
 * TM models expose a vendor-specific interface) or that we want to name
 * even when their string descriptors are empty. Add a line for a new
 * model: `lsusb` shows its VID:PID. An entry only widens the match: the
 * device must still have a bulk OUT endpoint, read from its descriptors
 * (the GD32 boards use OUT 0x03, not the usual 0x01). */
static const OcopKnownPrinter known_printers[] = {
  { 0x04b8, 0x0202, "Epson TM-T88 series" },
  { 0x04b8, 0x0e03, "Epson TM-T20" },
  { 0x04b8, 0x0e15, "Epson TM-T20II" },
  { 0x04b8, 0x0e28, "Epson TM-T20III" },
  { 0x0416, 0x5011, "Xprinter / Zjiang POS-58" },
  { 0x0fe6, 0x811e, "Rongta / generic ESC/POS" },
  { 0x1fc9, 0x2016, "Xprinter (XP-Q300 and others)" },
  { 0x28e9, 0x0289, "Zjiang / generic POS-58 and POS-80 (GD32)" },
};

/* Long enough for a printer that is cutting or feeding to take the next
 * chunk; a job stalls only if a whole chunk is refused for timeout_ms. */
#define USB_CHUNK_SIZE 16384

const OcopKnownPrinter *
ocop_printer_usb_lookup_known (guint16 vendor_id,
                               guint16 product_id)
{
  for (guint i = 0; i < G_N_ELEMENTS (known_printers); i++)
    if (known_printers[i].vendor_id == vendor_id && known_printers[i].product_id == product_id)
      return &known_printers[i];
  return NULL;
}

static gboolean
read_bulk_endpoints (const struct libusb_interface_descriptor *alt,
                     OcopUsbPrinterInterface                  *found)
{
  found->endpoint_out = found->endpoint_in = 0;
  for (guint e = 0; e < alt->bNumEndpoints; e++)
    {
      const struct libusb_endpoint_descriptor *ep = &alt->endpoint[e];

      if ((ep->bmAttributes & LIBUSB_TRANSFER_TYPE_MASK) != LIBUSB_TRANSFER_TYPE_BULK)
        continue;
      if ((ep->bEndpointAddress & LIBUSB_ENDPOINT_DIR_MASK) == LIBUSB_ENDPOINT_IN)
        {
          if (found->endpoint_in == 0)
            {
              found->endpoint_in = ep->bEndpointAddress;
              found->in_packet_size = ep->wMaxPacketSize;
            }
        }
      else if (found->endpoint_out == 0)
        found->endpoint_out = ep->bEndpointAddress;
    }
  return found->endpoint_out != 0;
}

static gboolean
find_interface_of_class (const struct libusb_config_descriptor *config,
                         guint8                                 klass,
                         OcopUsbPrinterInterface               *found)
{
  for (guint i = 0; i < config->bNumInterfaces; i++)
    for (int a = 0; a < config->interface[i].num_altsetting; a++)
      {
        const struct libusb_interface_descriptor *alt = &config->interface[i].altsetting[a];

        if (alt->bInterfaceClass != klass || !read_bulk_endpoints (alt, found))
          continue;
        found->interface_number = alt->bInterfaceNumber;
        found->alt_setting = alt->bAlternateSetting;
        found->protocol = klass == LIBUSB_CLASS_PRINTER ? alt->bInterfaceProtocol : 0;
        /* A bulk IN endpoint makes a two-way printer whatever the
         * protocol byte says; cheap printers often get it wrong. */
        if (found->endpoint_in == 0 && found->protocol == 2)
          found->protocol = 1;
        return TRUE;
      }
  return FALSE;
}

gboolean
ocop_usb_printer_find_interface (libusb_device           *device,
                                 OcopUsbPrinterInterface *found)
{
  struct libusb_device_descriptor desc;
  struct libusb_config_descriptor *config = NULL;
  gboolean ok;

  memset (found, 0, sizeof *found);
  if (libusb_get_device_descriptor (device, &desc) != 0)
    return FALSE;
  if (libusb_get_active_config_descriptor (device, &config) != 0 &&
      libusb_get_config_descriptor (device, 0, &config) != 0)
    return FALSE;
  ok = find_interface_of_class (config, LIBUSB_CLASS_PRINTER, found);
  if (!ok && ocop_printer_usb_lookup_known (desc.idVendor, desc.idProduct) != NULL)
    ok = find_interface_of_class (config, LIBUSB_CLASS_VENDOR_SPEC, found);
  libusb_free_config_descriptor (config);
  return ok;
}

char *
ocop_usb_device_node (libusb_device *device)
{
  return g_strdup_printf ("/dev/bus/usb/%03u/%03u",
                          libusb_get_bus_number (device),
                          libusb_get_device_address (device));
}

gboolean
ocop_usb_set_error (GError        **error,
                    int             rc,
                    libusb_device  *device,
                    const char     *doing)
{
  g_autofree char *node = device ? ocop_usb_device_node (device) : g_strdup ("?");

  switch (rc)
    {
    case LIBUSB_ERROR_ACCESS:
      g_set_error (error, OCOP_PRINTER_ERROR, OCOP_PRINTER_ERROR_PERMISSION,
                   _("No permission to use the USB device %s (%s): install ocop-pos's udev rules "
                     "(or run `sudo usermod -aG lp $USER`), then unplug and re-plug the device"),
                   node, doing);
      break;
    case LIBUSB_ERROR_BUSY:
      g_set_error (error, OCOP_PRINTER_ERROR, OCOP_PRINTER_ERROR_BUSY,
                   _("The USB device %s is in use by another program or driver, often the CUPS print "
                     "service: remove it from the system's printers or stop that program (%s)"),
                   node, doing);
      break;
    case LIBUSB_ERROR_NO_DEVICE:
    case LIBUSB_ERROR_IO:
      g_set_error (error, OCOP_PRINTER_ERROR, OCOP_PRINTER_ERROR_DISCONNECTED,
                   _("The USB device %s was unplugged or switched off (%s): plug it in and try again"),
                   node, doing);
      break;
    case LIBUSB_ERROR_TIMEOUT:
      g_set_error (error, OCOP_PRINTER_ERROR, OCOP_PRINTER_ERROR_TIMEOUT,
                   _("The USB device %s did not answer in time (%s)"), node, doing);
      break;
    case LIBUSB_ERROR_NOT_FOUND:
      g_set_error (error, OCOP_PRINTER_ERROR, OCOP_PRINTER_ERROR_NOT_FOUND,
                   _("The USB device %s is gone (%s)"), node, doing);
      break;
    default:
      g_set_error (error, OCOP_PRINTER_ERROR, OCOP_PRINTER_ERROR_FAILED,
                   _("The USB device %s failed (%s): %s"), node, doing, libusb_strerror (rc));
      break;
    }
  return FALSE;
}

char *
ocop_usb_read_string (libusb_device_handle *handle,
                      guint8                index)
{
  unsigned char text[256];
  int n;

  if (index == 0 || (n = libusb_get_string_descriptor_ascii (handle, index, text, sizeof text - 1)) <= 0)
    return NULL;
  text[n] = '\0';
  return g_strstrip (g_strdup ((const char *) text));
}

char *
ocop_usb_printer_read_device_id (libusb_device_handle           *handle,
                                 const OcopUsbPrinterInterface  *iface,
                                 GError                        **error)
{
  unsigned char reply[1024];
  gsize length;
  int n;

  /* The class request's wIndex carries the interface in its high byte and
   * the alternate setting in its low byte (USB printer class 1.1, 4.2.1). */
  n = libusb_control_transfer (handle,
                               LIBUSB_ENDPOINT_IN | LIBUSB_REQUEST_TYPE_CLASS | LIBUSB_RECIPIENT_INTERFACE,
                               0, 0, (iface->interface_number << 8) | iface->alt_setting,
                               reply, sizeof reply, OCOP_PRINTER_STATUS_TIMEOUT_MS);
  if (n < 0)
    {
      ocop_usb_set_error (error, n, libusb_get_device (handle), _("reading its device id"));
      return NULL;
    }
  /* The length is big-endian and counts its own two bytes; some printers
   * get it wrong, so trust it only as far as what arrived. */
  length = n >= 2 ? (reply[0] << 8 | reply[1]) : 0;
  if (length < 2 || length > (gsize) n)
    length = n;
  if (length < 2)
    {
      g_set_error (error, OCOP_PRINTER_ERROR, OCOP_PRINTER_ERROR_FAILED,
                   _("The printer sent an empty device id"));
      return NULL;
    }
  return g_strndup ((const char *) reply + 2, length - 2);
}

/* ---- the transport ---- */

typedef struct {
  OcopPrinterTransport     parent;

  guint16                  vendor_id;
  guint16                  product_id;
  char                    *serial;

  libusb_context          *context;
  libusb_device_handle    *handle;
  OcopUsbPrinterInterface  iface;
  gboolean                 claimed;
} UsbTransport;

static gboolean
serial_matches (libusb_device  *device,
                const char     *serial,
                libusb_device_handle **handle_out)
{
  struct libusb_device_descriptor desc;
  libusb_device_handle *handle = NULL;
  g_autofree char *found = NULL;

  if (libusb_get_device_descriptor (device, &desc) != 0 ||
      libusb_open (device, &handle) != 0)
    return FALSE;
  found = ocop_usb_read_string (handle, desc.iSerialNumber);
  if (found != NULL && g_str_equal (found, serial))
    {
      *handle_out = handle;
      return TRUE;
    }
  libusb_close (handle);
  return FALSE;
}

/* Finds the printer and opens it; with a serial number, only that one of
 * several identical printers. */
static gboolean
usb_find_and_open (UsbTransport  *self,
                   GError       **error)
{
  libusb_device **devices = NULL;
  libusb_device *match = NULL;
  ssize_t count = libusb_get_device_list (self->context, &devices);
  int rc;

  for (ssize_t i = 0; i < count && match == NULL; i++)
    {
      struct libusb_device_descriptor desc;

      if (libusb_get_device_descriptor (devices[i], &desc) != 0 ||
          desc.idVendor != self->vendor_id || desc.idProduct != self->product_id ||
          !ocop_usb_printer_find_interface (devices[i], &self->iface))
        continue;
      if (self->serial == NULL || serial_matches (devices[i], self->serial, &self->handle))
        match = devices[i];
    }
  if (match == NULL)
    {
      libusb_free_device_list (devices, TRUE);
      if (self->serial != NULL)
        g_set_error (error, OCOP_PRINTER_ERROR, OCOP_PRINTER_ERROR_NOT_FOUND,
                     _("No USB printer %04x:%04x with serial number %s is attached: check its cable and that it is switched on"),
                     self->vendor_id, self->product_id, self->serial);
      else
        g_set_error (error, OCOP_PRINTER_ERROR, OCOP_PRINTER_ERROR_NOT_FOUND,
                     _("No USB printer %04x:%04x is attached: check its cable and that it is switched on"),
                     self->vendor_id, self->product_id);
      return FALSE;
    }
  rc = self->handle ? 0 : libusb_open (match, &self->handle);
  if (rc != 0)
    ocop_usb_set_error (error, rc, match, _("opening the printer"));
  libusb_free_device_list (devices, TRUE);
  return rc == 0;
}

static gboolean
usb_claim (UsbTransport  *self,
           GError       **error)
{
  libusb_device *device = libusb_get_device (self->handle);
  int rc;

  /* Detaches usblp on claim and gives the printer back to it on release,
   * so a printer we let go works with CUPS again. */
  libusb_set_auto_detach_kernel_driver (self->handle, 1);
  if ((rc = libusb_claim_interface (self->handle, self->iface.interface_number)) != 0)
    return ocop_usb_set_error (error, rc, device, _("claiming the printer interface"));
  self->claimed = TRUE;
  if (self->iface.alt_setting != 0 &&
      (rc = libusb_set_interface_alt_setting (self->handle, self->iface.interface_number,
                                              self->iface.alt_setting)) != 0)
    return ocop_usb_set_error (error, rc, device, _("selecting the printer's alternate setting"));
  return TRUE;
}

static gboolean
usb_close (OcopPrinterTransport  *transport,
           GError               **error)
{
  UsbTransport *self = (UsbTransport *) transport;

  if (self->claimed)
    libusb_release_interface (self->handle, self->iface.interface_number);
  self->claimed = FALSE;
  g_clear_pointer (&self->handle, libusb_close);
  g_clear_pointer (&self->context, libusb_exit);
  return TRUE;
}

static gboolean
usb_open (OcopPrinterTransport  *transport,
          GError               **error)
{
  UsbTransport *self = (UsbTransport *) transport;
  int rc;

  /* A context per open printer: libusb then enumerates afresh, which is
   * how a re-plugged printer (a new device address) is found again. */
  if ((rc = libusb_init (&self->context)) != 0)
    {
      g_set_error (error, OCOP_PRINTER_ERROR, OCOP_PRINTER_ERROR_FAILED,
                   _("Cannot use USB on this computer: %s"), libusb_strerror (rc));
      return FALSE;
    }
  if (usb_find_and_open (self, error) && usb_claim (self, error))
    return TRUE;
  usb_close (transport, NULL);
  return FALSE;
}

static gboolean
usb_write (OcopPrinterTransport  *transport,
           const guint8          *data,
           gsize                  length,
           guint                  timeout_ms,
           GCancellable          *cancellable,
           GError               **error)
{
  UsbTransport *self = (UsbTransport *) transport;
  gsize sent = 0;

  while (sent < length)
    {
      int chunk = MIN (length - sent, USB_CHUNK_SIZE);
      int done = 0;
      int rc;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      rc = libusb_bulk_transfer (self->handle, self->iface.endpoint_out,
                                 (unsigned char *) data + sent, chunk, &done, timeout_ms);
      sent += done;
      if (rc == 0 || (rc == LIBUSB_ERROR_TIMEOUT && done > 0))
        continue;
      if (rc == LIBUSB_ERROR_TIMEOUT)
        g_set_error (error, OCOP_PRINTER_ERROR, OCOP_PRINTER_ERROR_TIMEOUT,
                     _("The printer took no data for %.1f s (%" PRIu64 " of %" PRIu64 " bytes sent)"),
                     timeout_ms / 1000.0, (guint64) sent, (guint64) length);
      else if (rc == LIBUSB_ERROR_NO_DEVICE || rc == LIBUSB_ERROR_IO)
        g_set_error (error, OCOP_PRINTER_ERROR, OCOP_PRINTER_ERROR_DISCONNECTED,
                     _("The printer was unplugged or switched off after %" PRIu64 " of %" PRIu64
                       " bytes: plug it in and print again"), (guint64) sent, (guint64) length);
      else
        {
          if (rc == LIBUSB_ERROR_PIPE)
            libusb_clear_halt (self->handle, self->iface.endpoint_out);
          ocop_usb_set_error (error, rc, libusb_get_device (self->handle), _("sending the job"));
        }
      return FALSE;
    }
  return TRUE;
}

/* DLE EOT n, then one byte back on bulk IN. */
static gboolean
usb_ask_real_time_status (UsbTransport       *self,
                          guint8              n,
                          OcopPrinterStatus  *status,
                          GError            **error)
{
  unsigned char request[3] = { 0x10, 0x04, n };
  g_autofree unsigned char *reply = g_malloc (MAX (self->iface.in_packet_size, 64));
  libusb_device *device = libusb_get_device (self->handle);
  int done = 0;
  int rc;

  rc = libusb_bulk_transfer (self->handle, self->iface.endpoint_out, request, sizeof request,
                             &done, OCOP_PRINTER_STATUS_TIMEOUT_MS);
  if (rc != 0)
    return ocop_usb_set_error (error, rc, device, _("asking for its status"));
  rc = libusb_bulk_transfer (self->handle, self->iface.endpoint_in, reply,
                             MAX (self->iface.in_packet_size, 64), &done, OCOP_PRINTER_STATUS_TIMEOUT_MS);
  if (rc != 0)
    return ocop_usb_set_error (error, rc, device, _("reading its status"));
  if (done < 1 || !ocop_printer_apply_dle_eot_reply (status, n, reply[done - 1]))
    {
      g_set_error (error, OCOP_PRINTER_ERROR, OCOP_PRINTER_ERROR_FAILED,
                   _("The printer's answer to a status request (%d bytes, last 0x%02x) is not an ESC/POS status"),
                   done, done > 0 ? reply[done - 1] : 0);
      return FALSE;
    }
  return TRUE;
}

/* GET_PORT_STATUS: what a one-way printer can tell (USB printer class
 * 1.1, 4.2.2: bit 5 paper empty, bit 4 selected, bit 3 not error). */
static gboolean
usb_read_port_status (UsbTransport       *self,
                      OcopPrinterStatus  *status,
                      GError            **error)
{
  unsigned char port = 0;
  int rc;

  rc = libusb_control_transfer (self->handle,
                                LIBUSB_ENDPOINT_IN | LIBUSB_REQUEST_TYPE_CLASS | LIBUSB_RECIPIENT_INTERFACE,
                                1, 0, self->iface.interface_number, &port, 1,
                                OCOP_PRINTER_STATUS_TIMEOUT_MS);
  if (rc < 0)
    return ocop_usb_set_error (error, rc, libusb_get_device (self->handle), _("reading its port status"));
  if (rc < 1)
    {
      g_set_error (error, OCOP_PRINTER_ERROR, OCOP_PRINTER_ERROR_FAILED,
                   _("The printer sent an empty port status"));
      return FALSE;
    }
  status->paper_out = (port & 0x20) != 0;
  status->offline = (port & 0x10) == 0;
  status->error = (port & 0x08) == 0 && !status->paper_out;
  return TRUE;
}

static gboolean
usb_query_status (OcopPrinterTransport  *transport,
                  OcopPrinterStatus     *status,
                  GCancellable          *cancellable,
                  GError               **error)
{
  UsbTransport *self = (UsbTransport *) transport;
  static const guint8 requests[] = { 1, 2, 4 };

  g_autoptr(GError) local_error = NULL;

  if (self->iface.endpoint_in == 0)
    return usb_read_port_status (self, status, error);
  for (guint i = 0; i < G_N_ELEMENTS (requests); i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (usb_ask_real_time_status (self, requests[i], status, &local_error))
        continue;
      /* A printer whose buffer is full (out of paper mid-job) may not
       * take even DLE EOT on bulk OUT; the control pipe still answers. */
      if (g_error_matches (local_error, OCOP_PRINTER_ERROR, OCOP_PRINTER_ERROR_TIMEOUT))
        {
          memset (status, 0, sizeof *status);
          return usb_read_port_status (self, status, error);
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static char *
usb_get_device_id (OcopPrinterTransport  *transport,
                   GError               **error)
{
  UsbTransport *self = (UsbTransport *) transport;

  return ocop_usb_printer_read_device_id (self->handle, &self->iface, error);
}

static void
usb_free (OcopPrinterTransport *transport)
{
  UsbTransport *self = (UsbTransport *) transport;

  g_free (self->serial);
  g_free (self);
}

static const OcopPrinterTransportClass usb_transport_class = {
  .open = usb_open,
  .close = usb_close,
  .write = usb_write,
  .query_status = usb_query_status,
  .get_device_id = usb_get_device_id,
  .free = usb_free,
};

OcopPrinterTransport *
ocop_printer_usb_transport_new (guint16     vendor_id,
                                guint16     product_id,
                                const char *serial)
{
  UsbTransport *self = g_new0 (UsbTransport, 1);

  self->parent.klass = &usb_transport_class;
  self->vendor_id = vendor_id;
  self->product_id = product_id;
  self->serial = g_strdup (serial);
  return &self->parent;
}
