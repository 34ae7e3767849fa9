/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-scale-usb.c: a USB HID scale read through libusb. Each request
 * reads reports on a worker thread (GTask) until a scale data report or
 * a second has passed, so the main context never waits on USB. A scale
 * unplugged is GONE; the next request looks for it again, so plugging it
 * back in (at a new address) is all a cashier does. */

#include "config.h"

#include <glib/gi18n.h>

#include "ocop-scale-private.h"
#include "ocop-scale-protocol.h"
#include "ocop-usb-hid.h"

#define ANSWER_TIMEOUT_MS 1000

struct _OcopScaleUsb
{
  OcopScale            *owner;   /* not a reference: it owns us */
  guint16               vendor_id;
  guint16               product_id;
  /* Used by one thread at a time: the worker while `reading`, else the
   * main context. */
  libusb_context       *usb;
  libusb_device_handle *handle;
  OcopUsbHidInterface   interface;
  gboolean              reading;
};

OcopScaleUsb *
ocop_scale_usb_new (OcopScale   *owner,
                    const char  *uri,
                    GError     **error)
{
  OcopScaleUsb *self = g_new0 (OcopScaleUsb, 1);
  const char *rest;

  self->owner = owner;
  if (!g_str_has_prefix (uri, "usb:") ||
      !ocop_usb_hid_parse_ids (uri + 4, &self->vendor_id, &self->product_id, &rest) || *rest != '\0')
    {
      g_set_error (error, OCOP_SCALE_ERROR, OCOP_SCALE_ERROR_INVALID_URI,
                   _("Scale address '%s': expected usb:VID:PID with four hexadecimal digits each, "
                     "such as usb:0922:8003"), uri);
      g_free (self);
      return NULL;
    }
  return self;
}

static void
close_device (OcopScaleUsb *self)
{
  if (self->handle != NULL)
    {
      libusb_release_interface (self->handle, self->interface.number);
      g_clear_pointer (&self->handle, libusb_close);
    }
  g_clear_pointer (&self->usb, libusb_exit);
}

void
ocop_scale_usb_close (OcopScaleUsb *self)
{
  /* While the worker reads, the device is its own; it is closed when
   * the scale is next closed or freed. */
  if (!self->reading)
    close_device (self);
}

void
ocop_scale_usb_free (OcopScaleUsb *self)
{
  ocop_scale_usb_close (self);
  g_free (self);
}

static gboolean
set_error (OcopScaleUsb  *self,
           int            rc,
           GError       **error)
{
  if (rc == LIBUSB_ERROR_ACCESS)
    g_set_error (error, OCOP_SCALE_ERROR, OCOP_SCALE_ERROR_PERMISSION,
                 _("No permission to use the USB scale %04x:%04x: install ocop-pos's udev rules, "
                   "then unplug and re-plug the scale"), self->vendor_id, self->product_id);
  else if (rc == LIBUSB_ERROR_BUSY)
    g_set_error (error, OCOP_SCALE_ERROR, OCOP_SCALE_ERROR_BUSY,
                 _("The USB scale %04x:%04x is in use by another program"), self->vendor_id, self->product_id);
  else
    g_set_error (error, OCOP_SCALE_ERROR, OCOP_SCALE_ERROR_NOT_FOUND,
                 _("No USB scale %04x:%04x is attached: check its cable"), self->vendor_id, self->product_id);
  return FALSE;
}

/* Opens the first matching device with a HID interface, detaching
 * usbhid while we read (it gets the scale back on release). */
static int
open_first (OcopScaleUsb *self)
{
  libusb_device **devices = NULL;
  ssize_t count = libusb_get_device_list (self->usb, &devices);
  int rc = LIBUSB_ERROR_NOT_FOUND;

  for (ssize_t i = 0; i < count && self->handle == NULL; i++)
    {
      struct libusb_device_descriptor desc;

      if (libusb_get_device_descriptor (devices[i], &desc) != 0 ||
          desc.idVendor != self->vendor_id || desc.idProduct != self->product_id ||
          !ocop_usb_hid_find_interface (devices[i], &self->interface) ||
          (rc = libusb_open (devices[i], &self->handle)) != 0)
        continue;
      libusb_set_auto_detach_kernel_driver (self->handle, 1);
      if ((rc = libusb_claim_interface (self->handle, self->interface.number)) != 0)
        g_clear_pointer (&self->handle, libusb_close);
    }
  if (count >= 0)
    libusb_free_device_list (devices, TRUE);
  return self->handle != NULL ? 0 : rc;
}

static gboolean
open_device (OcopScaleUsb  *self,
             GError       **error)
{
  int rc;

  if (self->handle != NULL)
    return TRUE;
  if ((rc = libusb_init (&self->usb)) != 0)
    return set_error (self, rc, error);
  if ((rc = open_first (self)) != 0)
    {
      g_clear_pointer (&self->usb, libusb_exit);
      return set_error (self, rc, error);
    }
  return TRUE;
}

gboolean
ocop_scale_usb_open (OcopScaleUsb  *self,
                     GError       **error)
{
  /* While the worker reads, it opens the device itself. */
  return self->reading || open_device (self, error);
}

/* On the worker: reports until a scale data report, or GONE when the
 * second is up or the scale went away. */
static void
read_reading (OcopScaleUsb     *self,
              OcopScaleReading *reading)
{
  gint64 deadline = g_get_monotonic_time () + ANSWER_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;
  g_autofree guint8 *report = NULL;
  gint64 left;

  reading->status = OCOP_SCALE_GONE;
  reading->grams = 0;
  if (!open_device (self, NULL))
    return;
  report = g_malloc (self->interface.packet_size);
  while ((left = (deadline - g_get_monotonic_time ()) / G_TIME_SPAN_MILLISECOND) > 0)
    {
      int length = 0;
      int rc = libusb_interrupt_transfer (self->handle, self->interface.endpoint, report,
                                          self->interface.packet_size, &length, left);

      if (rc == 0 && ocop_scale_hid_parse_report (report, length, reading))
        return;
      if (rc != 0 && rc != LIBUSB_ERROR_OVERFLOW && rc != LIBUSB_ERROR_INTERRUPTED)
        break;
    }
  reading->status = OCOP_SCALE_GONE;
  /* Closed, so that the next request looks for the scale afresh. */
  close_device (self);
}

static void
read_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  OcopScaleUsb *self = task_data;
  OcopScaleReading *reading = g_new0 (OcopScaleReading, 1);

  read_reading (self, reading);
  g_task_return_pointer (task, reading, g_free);
}

static void
read_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  OcopScale *owner = OCOP_SCALE (source);
  OcopScaleUsb *self = g_task_get_task_data (G_TASK (result));
  g_autofree OcopScaleReading *reading = g_task_propagate_pointer (G_TASK (result), NULL);

  self->reading = FALSE;
  ocop_scale_take_reading (owner, reading);
}

void
ocop_scale_usb_request (OcopScaleUsb *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->reading)
    return;   /* the read in flight answers this request too */
  self->reading = TRUE;
  /* The task holds the scale, and so this transport, until it is done. */
  task = g_task_new (self->owner, NULL, read_done_cb, NULL);
  g_task_set_task_data (task, self, NULL);
  g_task_run_in_thread (task, read_in_thread);
}
