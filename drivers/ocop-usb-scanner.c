/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-usb-scanner.c: reads a HID barcode scanner through libusb on a
 * worker thread (interrupt IN transfers with a short timeout, so stopping
 * is prompt), decodes its reports with OcopHidKeyboard and hands complete
 * codes to the main context. Unplugging is reported, and the worker then
 * waits for the scanner to come back. */

#include "config.h"

#include <string.h>
#include <libusb.h>
#include <glib/gi18n.h>

#include "ocop-hid-keyboard.h"
#include "ocop-usb-scanner.h"
#include "ocop-usb-hid.h"

G_DEFINE_QUARK (ocop-usb-scanner-error-quark, ocop_usb_scanner_error)

#define READ_TIMEOUT_MS 200
#define RECONNECT_INTERVAL_MS 1000

struct _OcopUsbScanner
{
  GObject               parent_instance;

  char                 *uri;
  guint16               vendor_id;
  guint16               product_id;
  char                 *serial;
  GMainContext         *context;

  /* Owned by the worker once started. */
  libusb_context       *usb;
  libusb_device_handle *handle;
  guint8                interface_number;
  guint8                endpoint;
  guint16               packet_size;
  gboolean              boot_keyboard;
  OcopHidKeyboard      *keyboard;

  GThread              *thread;
  GMutex                lock;
  GCond                 wake;
  gboolean              stopping;
};

G_DEFINE_FINAL_TYPE (OcopUsbScanner, ocop_usb_scanner, G_TYPE_OBJECT)

enum { SIGNAL_SCANNED, SIGNAL_DISCONNECTED, SIGNAL_CONNECTED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* ---- URIs ---- */

static gboolean
parse_uri (OcopUsbScanner  *self,
           const char      *uri,
           GError         **error)
{
  const char *rest, *slash;

  if (!g_str_has_prefix (uri, "usb://"))
    {
      g_set_error (error, OCOP_USB_SCANNER_ERROR, OCOP_USB_SCANNER_ERROR_INVALID_URI,
                   _("Scanner address '%s': expected usb://VID:PID, such as usb://05e0:1200"), uri);
      return FALSE;
    }
  if (!ocop_usb_hid_parse_ids (uri + 6, &self->vendor_id, &self->product_id, &rest) ||
      (*rest != '\0' && (*rest != '/' || rest[1] == '\0')))
    {
      g_set_error (error, OCOP_USB_SCANNER_ERROR, OCOP_USB_SCANNER_ERROR_INVALID_URI,
                   _("Scanner address '%s': the vendor and product ids must be four hexadecimal digits each, "
                     "as in usb://05e0:1200 (with /SERIAL after them if needed)"), uri);
      return FALSE;
    }
  slash = *rest == '/' ? rest : NULL;
  self->serial = slash ? g_strdup (slash + 1) : NULL;
  return TRUE;
}

/* ---- opening ---- */

static gboolean
set_usb_error (OcopUsbScanner  *self,
               GError         **error,
               int              rc,
               libusb_device   *device)
{
  g_autofree char *node = NULL;

  if (device != NULL)
    node = g_strdup_printf ("/dev/bus/usb/%03u/%03u", libusb_get_bus_number (device),
                            libusb_get_device_address (device));
  switch (rc)
    {
    case LIBUSB_ERROR_ACCESS:
      g_set_error (error, OCOP_USB_SCANNER_ERROR, OCOP_USB_SCANNER_ERROR_PERMISSION,
                   _("No permission to use the scanner's USB device %s: install ocop-pos's udev rules, "
                     "then unplug and re-plug the scanner"), node ? node : self->uri);
      break;
    case LIBUSB_ERROR_BUSY:
      g_set_error (error, OCOP_USB_SCANNER_ERROR, OCOP_USB_SCANNER_ERROR_BUSY,
                   _("The scanner %s is in use by another program"), node ? node : self->uri);
      break;
    case LIBUSB_ERROR_NO_DEVICE:
    case LIBUSB_ERROR_IO:
      g_set_error (error, OCOP_USB_SCANNER_ERROR, OCOP_USB_SCANNER_ERROR_DISCONNECTED,
                   _("The scanner %s was unplugged"), self->uri);
      break;
    default:
      g_set_error (error, OCOP_USB_SCANNER_ERROR, OCOP_USB_SCANNER_ERROR_FAILED,
                   _("The scanner %s failed: %s"), self->uri, libusb_strerror (rc));
    }
  return FALSE;
}

static gboolean
find_hid_interface (OcopUsbScanner *self,
                    libusb_device  *device)
{
  OcopUsbHidInterface found;

  if (!ocop_usb_hid_find_interface (device, &found))
    return FALSE;
  self->interface_number = found.number;
  self->endpoint = found.endpoint;
  self->packet_size = found.packet_size;
  self->boot_keyboard = found.boot_keyboard;
  return TRUE;
}

static gboolean
serial_matches (OcopUsbScanner       *self,
                libusb_device_handle *handle,
                libusb_device        *device)
{
  struct libusb_device_descriptor desc;
  unsigned char text[256];
  int n;

  if (self->serial == NULL)
    return TRUE;
  if (libusb_get_device_descriptor (device, &desc) != 0 || desc.iSerialNumber == 0 ||
      (n = libusb_get_string_descriptor_ascii (handle, desc.iSerialNumber, text, sizeof text - 1)) <= 0)
    return FALSE;
  text[n] = '\0';
  return g_str_equal ((const char *) text, self->serial);
}

static void
close_device (OcopUsbScanner *self)
{
  if (self->handle != NULL)
    {
      libusb_release_interface (self->handle, self->interface_number);
      g_clear_pointer (&self->handle, libusb_close);
    }
  g_clear_pointer (&self->usb, libusb_exit);
  ocop_hid_keyboard_reset (self->keyboard);
}

static gboolean
open_matching (OcopUsbScanner  *self,
               libusb_device   *device,
               GError         **error)
{
  int rc;

  if ((rc = libusb_open (device, &self->handle)) != 0)
    return set_usb_error (self, error, rc, device);
  if (!serial_matches (self, self->handle, device))
    {
      g_clear_pointer (&self->handle, libusb_close);
      return FALSE;
    }
  /* usbhid lets go while we read (so the scanner no longer types into
   * windows) and gets the scanner back on release. */
  libusb_set_auto_detach_kernel_driver (self->handle, 1);
  if ((rc = libusb_claim_interface (self->handle, self->interface_number)) != 0)
    {
      g_clear_pointer (&self->handle, libusb_close);
      return set_usb_error (self, error, rc, device);
    }
  if (self->boot_keyboard)
    {
      /* SET_PROTOCOL(boot) and SET_IDLE(0): the 8-byte reports we decode,
       * sent on change only. Scanners that refuse still send boot reports. */
      libusb_control_transfer (self->handle, 0x21, 0x0b, 0, self->interface_number, NULL, 0, READ_TIMEOUT_MS);
      libusb_control_transfer (self->handle, 0x21, 0x0a, 0, self->interface_number, NULL, 0, READ_TIMEOUT_MS);
    }
  return TRUE;
}

static gboolean
open_device (OcopUsbScanner  *self,
             GError         **error)
{
  libusb_device **devices = NULL;
  ssize_t count;
  int rc;

  if ((rc = libusb_init (&self->usb)) != 0)
    return set_usb_error (self, error, rc, NULL);
  count = libusb_get_device_list (self->usb, &devices);
  for (ssize_t i = 0; i < count && self->handle == NULL; i++)
    {
      struct libusb_device_descriptor desc;

      if (libusb_get_device_descriptor (devices[i], &desc) != 0 ||
          desc.idVendor != self->vendor_id || desc.idProduct != self->product_id ||
          !find_hid_interface (self, devices[i]))
        continue;
      if (!open_matching (self, devices[i], error) && error != NULL && *error != NULL)
        break;
    }
  if (count >= 0)
    libusb_free_device_list (devices, TRUE);
  if (self->handle != NULL)
    return TRUE;
  if (error != NULL && *error == NULL)
    g_set_error (error, OCOP_USB_SCANNER_ERROR, OCOP_USB_SCANNER_ERROR_NOT_FOUND,
                 _("No USB scanner %04x:%04x is attached: check its cable"), self->vendor_id, self->product_id);
  close_device (self);
  return FALSE;
}

/* ---- the worker ---- */

typedef struct {
  GWeakRef  scanner;
  guint     signal;
  char     *code;
  GError   *error;
} ScannerEvent;

static void
scanner_event_free (ScannerEvent *event)
{
  g_weak_ref_clear (&event->scanner);
  g_free (event->code);
  g_clear_error (&event->error);
  g_free (event);
}

static gboolean
emit_event (gpointer data)
{
  ScannerEvent *event = data;
  g_autoptr(OcopUsbScanner) scanner = g_weak_ref_get (&event->scanner);

  if (scanner == NULL)
    return G_SOURCE_REMOVE;
  if (event->signal == SIGNAL_SCANNED)
    g_signal_emit (scanner, signals[SIGNAL_SCANNED], 0, event->code);
  else if (event->signal == SIGNAL_DISCONNECTED)
    g_signal_emit (scanner, signals[SIGNAL_DISCONNECTED], 0, event->error);
  else
    g_signal_emit (scanner, signals[SIGNAL_CONNECTED], 0);
  return G_SOURCE_REMOVE;
}

static void
post_event (OcopUsbScanner *self,
            guint           signal,
            char           *code,
            GError         *error)
{
  ScannerEvent *event = g_new0 (ScannerEvent, 1);

  g_weak_ref_init (&event->scanner, self);
  event->signal = signal;
  event->code = code;
  event->error = error;
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, emit_event, event,
                              (GDestroyNotify) scanner_event_free);
}

static gboolean
is_stopping (OcopUsbScanner *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  return self->stopping;
}

static void
take_report (OcopUsbScanner *self,
             const guint8   *report,
             gsize           length)
{
  if (self->boot_keyboard)
    {
      char *code;

      ocop_hid_keyboard_feed (self->keyboard, report, length);
      while ((code = ocop_hid_keyboard_take_code (self->keyboard)) != NULL)
        post_event (self, SIGNAL_SCANNED, code, NULL);
    }
  else
    {
      char *code = ocop_hid_pos_decode_report (report, length, NULL);

      if (code != NULL)
        post_event (self, SIGNAL_SCANNED, code, NULL);
    }
}

/* Reads until the scanner goes away or we are stopped; FALSE if it went. */
static gboolean
read_until_gone (OcopUsbScanner *self)
{
  g_autofree guint8 *report = g_malloc (self->packet_size);

  while (!is_stopping (self))
    {
      int length = 0;
      int rc = libusb_interrupt_transfer (self->handle, self->endpoint, report, self->packet_size,
                                          &length, READ_TIMEOUT_MS);

      if (rc == 0)
        take_report (self, report, length);
      else if (rc != LIBUSB_ERROR_TIMEOUT && rc != LIBUSB_ERROR_OVERFLOW && rc != LIBUSB_ERROR_INTERRUPTED)
        {
          GError *error = NULL;

          set_usb_error (self, &error, rc == LIBUSB_ERROR_PIPE ? rc : LIBUSB_ERROR_NO_DEVICE, NULL);
          post_event (self, SIGNAL_DISCONNECTED, NULL, error);
          return FALSE;
        }
    }
  return TRUE;
}

static gpointer
read_scanner (gpointer data)
{
  OcopUsbScanner *self = data;

  while (!read_until_gone (self))
    {
      close_device (self);
      for (;;)
        {
          g_mutex_lock (&self->lock);
          if (!self->stopping)
            g_cond_wait_until (&self->wake, &self->lock,
                               g_get_monotonic_time () + RECONNECT_INTERVAL_MS * G_TIME_SPAN_MILLISECOND);
          g_mutex_unlock (&self->lock);
          if (is_stopping (self))
            return NULL;
          if (open_device (self, NULL))
            break;
        }
      post_event (self, SIGNAL_CONNECTED, NULL, NULL);
    }
  return NULL;
}

gboolean
ocop_usb_scanner_start (OcopUsbScanner  *self,
                        GError         **error)
{
  g_return_val_if_fail (OCOP_IS_USB_SCANNER (self), FALSE);

  if (self->thread != NULL)
    return TRUE;
  if (!open_device (self, error))
    return FALSE;
  self->stopping = FALSE;
  self->thread = g_thread_new ("ocop-usb-scanner", read_scanner, self);
  return TRUE;
}

void
ocop_usb_scanner_stop (OcopUsbScanner *self)
{
  g_return_if_fail (OCOP_IS_USB_SCANNER (self));

  if (self->thread == NULL)
    return;
  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  g_cond_signal (&self->wake);
  g_mutex_unlock (&self->lock);
  g_thread_join (g_steal_pointer (&self->thread));
  close_device (self);
}

gboolean
ocop_usb_scanner_is_running (OcopUsbScanner *self)
{
  g_return_val_if_fail (OCOP_IS_USB_SCANNER (self), FALSE);
  return self->thread != NULL;
}

const char *
ocop_usb_scanner_get_uri (OcopUsbScanner *self)
{
  g_return_val_if_fail (OCOP_IS_USB_SCANNER (self), NULL);
  return self->uri;
}

/* ---- the object ---- */

static void
ocop_usb_scanner_dispose (GObject *object)
{
  ocop_usb_scanner_stop (OCOP_USB_SCANNER (object));
  G_OBJECT_CLASS (ocop_usb_scanner_parent_class)->dispose (object);
}

static void
ocop_usb_scanner_finalize (GObject *object)
{
  OcopUsbScanner *self = OCOP_USB_SCANNER (object);

  close_device (self);
  g_clear_object (&self->keyboard);
  g_main_context_unref (self->context);
  g_free (self->uri);
  g_free (self->serial);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->wake);
  G_OBJECT_CLASS (ocop_usb_scanner_parent_class)->finalize (object);
}

static void
ocop_usb_scanner_class_init (OcopUsbScannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ocop_usb_scanner_dispose;
  object_class->finalize = ocop_usb_scanner_finalize;

  signals[SIGNAL_SCANNED] =
    g_signal_new ("scanned", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SIGNAL_DISCONNECTED] =
    g_signal_new ("disconnected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
  signals[SIGNAL_CONNECTED] =
    g_signal_new ("connected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
ocop_usb_scanner_init (OcopUsbScanner *self)
{
  self->keyboard = ocop_hid_keyboard_new ();
  self->context = g_main_context_ref_thread_default ();
  g_mutex_init (&self->lock);
  g_cond_init (&self->wake);
}

OcopUsbScanner *
ocop_usb_scanner_new_for_uri (const char  *uri,
                              GError     **error)
{
  g_autoptr(OcopUsbScanner) self = NULL;

  g_return_val_if_fail (uri != NULL, NULL);

  self = g_object_new (OCOP_TYPE_USB_SCANNER, NULL);
  if (!parse_uri (self, uri, error))
    return NULL;
  self->uri = g_strdup (uri);
  return g_steal_pointer (&self);
}
