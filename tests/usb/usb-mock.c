/* SPDX-License-Identifier: GPL-3.0-or-later */
/* usb-mock.c: the emulated devices behind usb-mock.h. Each device has a
 * umockdev ioctl handler on its /dev/bus/usb node that plays the kernel's
 * usbfs: URBs are submitted, completed (at once, or when data arrives)
 * and reaped; libusb polls the fake node, so completion is just "ready at
 * the next REAPURBNDELAY". The handler runs on umockdev's own thread, so
 * everything it shares with the test is under the device's lock. */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <linux/ioctl.h>
#include <linux/usbdevice_fs.h>
#include <umockdev.h>

#include "usb-mock.h"

struct _UsbMock
{
  UMockdevTestbed *testbed;
  GPtrArray       *devices;
  guint            next_address;
};

typedef struct {
  UMockdevIoctlClient *client;
  UMockdevIoctlData   *urb;      /* the client's struct usbdevfs_urb */
  UMockdevIoctlData   *buffer;   /* its data buffer, or NULL */
} MockUrb;

typedef enum { DEVICE_PRINTER, DEVICE_HID } DeviceKind;

struct _UsbMockDevice
{
  UsbMock           *mock;
  DeviceKind         kind;
  guint16            vendor_id;
  guint16            product_id;
  char              *manufacturer;
  char              *product;
  char              *serial;
  char              *device_id;
  gboolean           one_way;
  gboolean           vendor_class;
  gboolean           hid_pos;
  gboolean           hid_scale;    /* its report descriptor says Scale (0x8D) */

  guint              address;
  char              *syspath;
  char              *node;
  UMockdevIoctlBase *handler;

  GMutex             lock;
  GByteArray        *printed;
  GQueue             in_packets;   /* GBytes for the IN endpoint */
  GList             *parked;       /* MockUrb waiting for data or room */
  GQueue             done;         /* MockUrb ready to reap */
  gboolean           paper_out;
  gboolean           cover_open;
  gboolean           busy;
  gboolean           stalled;
  gboolean           gone;
  gsize              vanish_after; /* 0: never */
  guint              status_requests;
};

static void
mock_urb_free (MockUrb *urb)
{
  g_clear_object (&urb->client);
  g_clear_object (&urb->urb);
  g_clear_object (&urb->buffer);
  g_free (urb);
}

static struct usbdevfs_urb *
urb_struct (MockUrb *urb)
{
  return (struct usbdevfs_urb *) urb->urb->data;
}

/* ---- descriptors ---- */

static void
append_le16 (GString *hex,
             guint16  value)
{
  g_string_append_printf (hex, "%02x%02x", value & 0xff, value >> 8);
}

static char *
descriptors_hex (UsbMockDevice *device)
{
  g_autoptr(GString) hex = g_string_new (NULL);
  gboolean hid = device->kind == DEVICE_HID;
  guint endpoints = hid ? 1 : (device->one_way ? 1 : 2);
  guint total = 9 + 9 + (hid ? 9 : 0) + 7 * endpoints;

  /* Device: USB 2.0, class per interface, EP0 64 bytes, strings 1 2 3. */
  g_string_append (hex, "1201000200000040");
  append_le16 (hex, device->vendor_id);
  append_le16 (hex, device->product_id);
  g_string_append_printf (hex, "00010102%02x01", device->serial ? 3 : 0);
  /* Configuration 1, one interface, self-powered. */
  g_string_append (hex, "0902");
  append_le16 (hex, total);
  g_string_append (hex, "010100c032");
  if (hid)
    {
      /* A boot keyboard interface (or, for HID POS, a plain HID one),
       * its HID descriptor, interrupt IN 0x81 (8 or 64 bytes). */
      g_string_append (hex, device->hid_pos ? "090400000103000000" : "090400000103010100");
      g_string_append (hex, "0921110100012241" "00");
      g_string_append (hex, device->hid_pos ? "0705810340000a" : "0705810308000a");
    }
  else
    {
      g_string_append_printf (hex, "09040000%02x%02x01%02x00", endpoints,
                              device->vendor_class ? 0xff : 0x07, device->one_way ? 1 : 2);
      g_string_append (hex, "07050102400000");
      if (!device->one_way)
        g_string_append (hex, "07058202400000");
    }
  return g_string_free (g_steal_pointer (&hex), FALSE);
}

static void
add_to_testbed (UsbMockDevice *device)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hex = descriptors_hex (device);
  g_autofree char *record = NULL;

  device->address = device->mock->next_address++;
  g_free (device->syspath);
  g_free (device->node);
  device->syspath = g_strdup_printf ("/sys/devices/pci0000:00/0000:00:14.0/usb1/1-%u", device->address);
  device->node = g_strdup_printf ("/dev/bus/usb/001/%03u", device->address);
  /* The handler must be in place before the device appears. */
  g_assert_true (umockdev_testbed_attach_ioctl (device->mock->testbed, device->node, device->handler, &error));
  g_assert_no_error (error);
  record = g_strdup_printf ("P: /devices/pci0000:00/0000:00:14.0/usb1/1-%u\n"
                            "N: bus/usb/001/%03u\n"
                            "E: SUBSYSTEM=usb\n"
                            "E: DEVTYPE=usb_device\n"
                            "E: DRIVER=usb\n"
                            "E: BUSNUM=001\n"
                            "E: DEVNUM=%03u\n"
                            "E: DEVNAME=/dev/bus/usb/001/%03u\n"
                            "E: PRODUCT=%x/%x/1\n"
                            "A: busnum=1\\n\n"
                            "A: devnum=%u\\n\n"
                            "A: bConfigurationValue=1\\n\n"
                            "A: speed=12\\n\n"
                            "A: idVendor=%04x\\n\n"
                            "A: idProduct=%04x\\n\n"
                            "H: descriptors=%s\n",
                            device->address, device->address, device->address, device->address,
                            device->vendor_id, device->product_id, device->address,
                            device->vendor_id, device->product_id, hex);
  g_assert_true (umockdev_testbed_add_from_string (device->mock->testbed, record, &error));
  g_assert_no_error (error);
}

/* ---- the emulated printer and scanner ---- */

static guint8
real_time_status (UsbMockDevice *device,
                  guint8         n)
{
  guint8 reply = 0x12;

  if (n == 1 && (device->paper_out || device->cover_open))
    reply |= 0x08;
  if (n == 2)
    reply |= (device->cover_open ? 0x04 : 0) | (device->paper_out ? 0x20 : 0);
  if (n == 4 && device->paper_out)
    reply |= 0x60;
  return reply;
}

/* Fills a finished IN URB from @data and makes it reapable. */
static void
finish_in_urb (UsbMockDevice *device,
               MockUrb       *urb,
               const guint8  *data,
               gsize          length,
               gsize          offset)
{
  struct usbdevfs_urb *u = urb_struct (urb);
  gsize room = u->buffer_length > (int) offset ? u->buffer_length - offset : 0;
  gsize n = MIN (length, room);

  if (n > 0)
    memcpy ((guint8 *) u->buffer + offset, data, n);
  u->actual_length = n;
  u->status = 0;
  g_queue_push_tail (&device->done, urb);
}

static void
finish_urb_with_status (UsbMockDevice *device,
                        MockUrb       *urb,
                        int            status,
                        int            actual_length)
{
  urb_struct (urb)->status = status;
  urb_struct (urb)->actual_length = actual_length;
  g_queue_push_tail (&device->done, urb);
}

static gboolean
feed_parked_in_urb (UsbMockDevice *device)
{
  for (GList *l = device->parked; l != NULL; l = l->next)
    {
      MockUrb *urb = l->data;
      g_autoptr(GBytes) packet = NULL;

      if (!(urb_struct (urb)->endpoint & 0x80) || g_queue_is_empty (&device->in_packets))
        continue;
      packet = g_queue_pop_head (&device->in_packets);
      device->parked = g_list_delete_link (device->parked, l);
      finish_in_urb (device, urb, g_bytes_get_data (packet, NULL), g_bytes_get_size (packet), 0);
      return TRUE;
    }
  return FALSE;
}

static void
append_string_descriptor (GByteArray *reply,
                          const char *text)
{
  guint8 header[2] = { 2 + 2 * strlen (text), 3 };

  g_byte_array_append (reply, header, 2);
  for (const char *c = text; *c != '\0'; c++)
    {
      guint8 unit[2] = { (guint8) *c, 0 };

      g_byte_array_append (reply, unit, 2);
    }
}

/* Answers a control request; FALSE stalls it. */
static gboolean
answer_control (UsbMockDevice *device,
                const guint8  *setup,
                GByteArray    *reply)
{
  guint8 type = setup[0], request = setup[1];
  guint16 value = setup[2] | setup[3] << 8;

  if (type == 0x80 && request == 6 && (value >> 8) == 3)
    {
      guint8 index = value & 0xff;
      const char *strings[] = { NULL, device->manufacturer, device->product, device->serial };

      if (index == 0)
        g_byte_array_append (reply, (const guint8 *) "\x04\x03\x09\x04", 4);
      else if (index < G_N_ELEMENTS (strings) && strings[index] != NULL)
        append_string_descriptor (reply, strings[index]);
      else
        return FALSE;
      return TRUE;
    }
  if (type == 0x00 && request == 9)            /* SET_CONFIGURATION */
    return TRUE;
  if (device->kind == DEVICE_PRINTER && type == 0xa1 && request == 0 && device->device_id)
    {
      gsize length = strlen (device->device_id) + 2;
      guint8 header[2] = { length >> 8, length & 0xff };

      g_byte_array_append (reply, header, 2);
      g_byte_array_append (reply, (const guint8 *) device->device_id, length - 2);
      return TRUE;
    }
  if (device->kind == DEVICE_PRINTER && type == 0xa1 && request == 1)
    {
      guint8 port = device->paper_out ? 0x20 : (device->cover_open ? 0x00 : 0x18);

      g_byte_array_append (reply, &port, 1);
      return TRUE;
    }
  if (device->hid_scale && type == 0x81 && request == 6 && (value >> 8) == 0x22)
    {
      /* Usage Page (Scale), Usage (Scale Device), Collection (Application),
       * Report ID 3 (the scale data report), End Collection. */
      static const guint8 descriptor[] = { 0x05, 0x8d, 0x09, 0x20, 0xa1, 0x01, 0x85, 0x03, 0xc0 };

      g_byte_array_append (reply, descriptor, sizeof descriptor);
      return TRUE;
    }
  if (device->kind == DEVICE_HID && type == 0x21 && (request == 0x0a || request == 0x0b))
    return TRUE;                               /* SET_IDLE, SET_PROTOCOL */
  return FALSE;
}

static void
handle_control (UsbMockDevice *device,
                MockUrb       *urb)
{
  struct usbdevfs_urb *u = urb_struct (urb);
  g_autoptr(GByteArray) reply = g_byte_array_new ();
  const guint8 *setup = u->buffer;
  guint16 wlength = setup[6] | setup[7] << 8;

  if (!answer_control (device, setup, reply))
    {
      finish_urb_with_status (device, urb, -EPIPE, 0);
      return;
    }
  if (setup[0] & 0x80)
    finish_in_urb (device, urb, reply->data, MIN (reply->len, wlength), 8);
  else
    finish_urb_with_status (device, urb, 0, 0);
}

static void
handle_bulk_out (UsbMockDevice *device,
                 MockUrb       *urb)
{
  struct usbdevfs_urb *u = urb_struct (urb);
  const guint8 *data = u->buffer;
  gsize length = u->buffer_length;

  if (device->stalled)
    {
      device->parked = g_list_append (device->parked, urb);
      return;
    }
  if (length == 3 && data[0] == 0x10 && data[1] == 0x04)
    {
      guint8 reply = real_time_status (device, data[2]);

      device->status_requests++;
      g_queue_push_tail (&device->in_packets, g_bytes_new (&reply, 1));
      finish_urb_with_status (device, urb, 0, length);
      feed_parked_in_urb (device);
      return;
    }
  /* A printer out of paper or with its cover open takes no more data:
   * the job's transfer waits until the host gives up. */
  if (device->paper_out || device->cover_open)
    {
      device->parked = g_list_append (device->parked, urb);
      return;
    }
  g_byte_array_append (device->printed, data, length);
  finish_urb_with_status (device, urb, 0, length);
}

static gboolean
submit_urb (UsbMockDevice       *device,
            UMockdevIoctlClient *client,
            UMockdevIoctlData   *arg)
{
  MockUrb *urb = g_new0 (MockUrb, 1);
  struct usbdevfs_urb *u;
  g_autoptr(GError) error = NULL;

  urb->client = g_object_ref (client);
  urb->urb = umockdev_ioctl_data_resolve (arg, 0, sizeof (struct usbdevfs_urb), &error);
  g_assert_no_error (error);
  g_object_ref (urb->urb);
  u = urb_struct (urb);
  if (u->buffer_length > 0)
    {
      urb->buffer = umockdev_ioctl_data_resolve (urb->urb, G_STRUCT_OFFSET (struct usbdevfs_urb, buffer),
                                                 u->buffer_length, &error);
      g_assert_no_error (error);
      g_object_ref (urb->buffer);
    }
  if (device->gone)
    {
      mock_urb_free (urb);
      umockdev_ioctl_client_complete (client, -1, ENODEV);
      return TRUE;
    }
  if (u->type == USBDEVFS_URB_TYPE_CONTROL)
    handle_control (device, urb);
  else if (u->endpoint & 0x80)
    {
      device->parked = g_list_append (device->parked, urb);
      feed_parked_in_urb (device);
    }
  else if (device->vanish_after > 0 && device->printed->len + u->buffer_length > device->vanish_after)
    {
      /* The cable comes out part way through this transfer. */
      g_byte_array_append (device->printed, u->buffer, device->vanish_after - device->printed->len);
      device->gone = TRUE;
      mock_urb_free (urb);
      umockdev_ioctl_client_complete (client, -1, ENODEV);
      return TRUE;
    }
  else
    handle_bulk_out (device, urb);
  umockdev_ioctl_client_complete (client, 0, 0);
  return TRUE;
}

static gboolean
reap_urb (UsbMockDevice       *device,
          UMockdevIoctlClient *client,
          UMockdevIoctlData   *arg)
{
  g_autoptr(GError) error = NULL;
  UMockdevIoctlData *pointer;

  for (GList *l = device->done.head; l != NULL; l = l->next)
    {
      MockUrb *urb = l->data;

      if (urb->client != client)
        continue;
      g_queue_delete_link (&device->done, l);
      pointer = umockdev_ioctl_data_resolve (arg, 0, sizeof (gpointer), &error);
      g_assert_no_error (error);
      umockdev_ioctl_data_set_ptr (pointer, 0, urb->urb);
      umockdev_ioctl_client_complete (client, 0, 0);
      mock_urb_free (urb);
      return TRUE;
    }
  umockdev_ioctl_client_complete (client, -1, device->gone ? ENODEV : EAGAIN);
  return TRUE;
}

static gboolean
discard_urb (UsbMockDevice       *device,
             UMockdevIoctlClient *client,
             UMockdevIoctlData   *arg)
{
  gulong address = *(gulong *) arg->data;

  for (GList *l = device->parked; l != NULL; l = l->next)
    {
      MockUrb *urb = l->data;

      if (urb->client != client || urb->urb->client_addr != address)
        continue;
      device->parked = g_list_delete_link (device->parked, l);
      finish_urb_with_status (device, urb, -ENOENT, 0);
      umockdev_ioctl_client_complete (client, 0, 0);
      return TRUE;
    }
  umockdev_ioctl_client_complete (client, -1, EINVAL);
  return TRUE;
}

static gboolean
handle_ioctl (UMockdevIoctlBase   *handler,
              UMockdevIoctlClient *client,
              gpointer             user_data)
{
  UsbMockDevice *device = user_data;
  UMockdevIoctlData *arg = umockdev_ioctl_client_get_arg (client);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&device->lock);
  g_autoptr(GError) error = NULL;

  switch (umockdev_ioctl_client_get_request (client))
    {
    case USBDEVFS_GET_CAPABILITIES:
      {
        UMockdevIoctlData *caps = umockdev_ioctl_data_resolve (arg, 0, sizeof (guint32), &error);

        g_assert_no_error (error);
        *(guint32 *) caps->data = USBDEVFS_CAP_BULK_SCATTER_GATHER | USBDEVFS_CAP_NO_PACKET_SIZE_LIM;
        umockdev_ioctl_client_complete (client, 0, 0);
        return TRUE;
      }
    case USBDEVFS_GETDRIVER:
      /* No kernel driver bound: auto-detach has nothing to do. */
      umockdev_ioctl_client_complete (client, -1, ENODATA);
      return TRUE;
    case USBDEVFS_CLAIMINTERFACE:
    case USBDEVFS_DISCONNECT_CLAIM:
      if (device->gone || device->busy)
        umockdev_ioctl_client_complete (client, -1, device->gone ? ENODEV : EBUSY);
      else
        umockdev_ioctl_client_complete (client, 0, 0);
      return TRUE;
    case USBDEVFS_IOCTL:
    case USBDEVFS_RELEASEINTERFACE:
    case USBDEVFS_SETINTERFACE:
    case USBDEVFS_SETCONFIGURATION:
    case USBDEVFS_CLEAR_HALT:
    case USBDEVFS_RESET:
    case USBDEVFS_RESETEP:
      umockdev_ioctl_client_complete (client, device->gone ? -1 : 0, device->gone ? ENODEV : 0);
      return TRUE;
    case USBDEVFS_SUBMITURB:
      return submit_urb (device, client, arg);
    case USBDEVFS_REAPURB:
    case USBDEVFS_REAPURBNDELAY:
      return reap_urb (device, client, arg);
    case USBDEVFS_DISCARDURB:
      return discard_urb (device, client, arg);
    default:
      return FALSE;
    }
}

/* ---- the testbed ---- */

static void usb_mock_device_free (UsbMockDevice *device);

UsbMock *
usb_mock_new (void)
{
  UsbMock *mock;

  /* umockdev_in_mock_environment() looks at LD_PRELOAD only; the tests
   * link the preload library instead (see meson.build), so no check. */
  mock = g_new0 (UsbMock, 1);
  mock->testbed = umockdev_testbed_new ();
  mock->devices = g_ptr_array_new_with_free_func ((GDestroyNotify) usb_mock_device_free);
  mock->next_address = 2;
  return mock;
}

static void
usb_mock_device_free (UsbMockDevice *device)
{
  umockdev_testbed_detach_ioctl (device->mock->testbed, device->node, NULL);
  g_object_unref (device->handler);
  g_list_free_full (device->parked, (GDestroyNotify) mock_urb_free);
  g_queue_clear_full (&device->done, (GDestroyNotify) mock_urb_free);
  g_queue_clear_full (&device->in_packets, (GDestroyNotify) g_bytes_unref);
  g_byte_array_unref (device->printed);
  g_mutex_clear (&device->lock);
  g_free (device->manufacturer);
  g_free (device->product);
  g_free (device->serial);
  g_free (device->device_id);
  g_free (device->syspath);
  g_free (device->node);
  g_free (device);
}

void
usb_mock_free (UsbMock *mock)
{
  g_ptr_array_free (mock->devices, TRUE);
  g_object_unref (mock->testbed);
  g_free (mock);
}

static UsbMockDevice *
device_new (UsbMock    *mock,
            DeviceKind  kind)
{
  UsbMockDevice *device = g_new0 (UsbMockDevice, 1);

  device->mock = mock;
  device->kind = kind;
  device->printed = g_byte_array_new ();
  g_mutex_init (&device->lock);
  g_queue_init (&device->in_packets);
  g_queue_init (&device->done);
  device->handler = umockdev_ioctl_base_new ();
  g_signal_connect (device->handler, "handle-ioctl", G_CALLBACK (handle_ioctl), device);
  g_ptr_array_add (mock->devices, device);
  return device;
}

UsbMockDevice *
usb_mock_add_printer (UsbMock                  *mock,
                      const UsbMockPrinterSpec *spec)
{
  UsbMockDevice *device = device_new (mock, DEVICE_PRINTER);

  device->vendor_id = spec->vendor_id;
  device->product_id = spec->product_id;
  device->manufacturer = g_strdup (spec->manufacturer);
  device->product = g_strdup (spec->product);
  device->serial = g_strdup (spec->serial);
  device->device_id = g_strdup (spec->device_id);
  device->one_way = spec->one_way;
  device->vendor_class = spec->vendor_class;
  add_to_testbed (device);
  return device;
}

static UsbMockDevice *
add_hid (UsbMock    *mock,
         guint16     vendor_id,
         guint16     product_id,
         const char *product,
         gboolean    pos,
         gboolean    scale)
{
  UsbMockDevice *device = device_new (mock, DEVICE_HID);

  device->vendor_id = vendor_id;
  device->product_id = product_id;
  device->manufacturer = g_strdup ("Mock");
  device->product = g_strdup (product);
  device->hid_pos = pos;
  device->hid_scale = scale;
  add_to_testbed (device);
  return device;
}

UsbMockDevice *
usb_mock_add_hid_scanner (UsbMock    *mock,
                          guint16     vendor_id,
                          guint16     product_id,
                          const char *product)
{
  return add_hid (mock, vendor_id, product_id, product, FALSE, FALSE);
}

UsbMockDevice *
usb_mock_add_hid_pos_scanner (UsbMock    *mock,
                              guint16     vendor_id,
                              guint16     product_id,
                              const char *product)
{
  return add_hid (mock, vendor_id, product_id, product, TRUE, FALSE);
}

/* A plain HID interface (64-byte reports) as the HID POS scanner's. */
UsbMockDevice *
usb_mock_add_hid_scale (UsbMock    *mock,
                        guint16     vendor_id,
                        guint16     product_id,
                        const char *product)
{
  return add_hid (mock, vendor_id, product_id, product, TRUE, TRUE);
}

void
usb_mock_device_unplug (UsbMockDevice *device)
{
  g_mutex_lock (&device->lock);
  device->gone = TRUE;
  /* Transfers in flight end as the kernel ends them on disconnect. */
  while (device->parked != NULL)
    {
      MockUrb *urb = device->parked->data;

      device->parked = g_list_delete_link (device->parked, device->parked);
      finish_urb_with_status (device, urb, -ESHUTDOWN, 0);
    }
  g_mutex_unlock (&device->lock);
  umockdev_testbed_uevent (device->mock->testbed, device->syspath, "remove");
  umockdev_testbed_remove_device (device->mock->testbed, device->syspath);
}

void
usb_mock_device_replug (UsbMockDevice *device)
{
  g_mutex_lock (&device->lock);
  device->gone = FALSE;
  device->vanish_after = 0;
  g_queue_clear_full (&device->done, (GDestroyNotify) mock_urb_free);
  g_queue_clear_full (&device->in_packets, (GDestroyNotify) g_bytes_unref);
  g_mutex_unlock (&device->lock);
  add_to_testbed (device);
}

const char *
usb_mock_device_get_node (UsbMockDevice *device)
{
  return device->node;
}

void
usb_mock_device_set_paper_out (UsbMockDevice *device,
                               gboolean       paper_out)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&device->lock);

  device->paper_out = paper_out;
}

void
usb_mock_device_set_cover_open (UsbMockDevice *device,
                                gboolean       cover_open)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&device->lock);

  device->cover_open = cover_open;
}

void
usb_mock_device_set_stalled (UsbMockDevice *device,
                             gboolean       stalled)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&device->lock);

  device->stalled = stalled;
}

void
usb_mock_device_set_busy (UsbMockDevice *device,
                          gboolean       busy)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&device->lock);

  device->busy = busy;
}

void
usb_mock_device_vanish_after (UsbMockDevice *device,
                              gsize          bytes)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&device->lock);

  device->vanish_after = device->printed->len + bytes;
}

GBytes *
usb_mock_device_dup_printed (UsbMockDevice *device)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&device->lock);

  return g_bytes_new (device->printed->data, device->printed->len);
}

void
usb_mock_device_clear_printed (UsbMockDevice *device)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&device->lock);

  g_byte_array_set_size (device->printed, 0);
}

guint
usb_mock_device_get_status_requests (UsbMockDevice *device)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&device->lock);

  return device->status_requests;
}

void
usb_mock_device_queue_report (UsbMockDevice *device,
                              const guint8  *report,
                              gsize          length)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&device->lock);

  g_queue_push_tail (&device->in_packets, g_bytes_new (report, length));
  feed_parked_in_urb (device);
}

gsize
usb_mock_device_pending_reports (UsbMockDevice *device)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&device->lock);

  return g_queue_get_length (&device->in_packets);
}

/* The US layout, as a scanner in its factory setting types. */
static gboolean
usage_for_char (char     c,
                guint8  *usage,
                gboolean *shift)
{
  /* From usage 0x1e on; \x01 marks the non-US key 0x32. */
  static const char plain[] = "1234567890\n\x1b\b\t -=[]\\\x01;'`,./";
  static const char shifted[] = "!@#$%^&*()\n\x1b\b\t _+{}|\x01:\"~<>?";
  const char *at;

  *shift = FALSE;
  if (c >= 'a' && c <= 'z')
    *usage = 0x04 + (c - 'a');
  else if (c >= 'A' && c <= 'Z')
    {
      *usage = 0x04 + (c - 'A');
      *shift = TRUE;
    }
  else if ((at = strchr (plain, c)) != NULL && c != '\0')
    *usage = 0x1e + (at - plain);
  else if ((at = strchr (shifted, c)) != NULL && c != '\0')
    {
      *usage = 0x1e + (at - shifted);
      *shift = TRUE;
    }
  else
    return FALSE;
  return TRUE;
}

void
usb_mock_device_type_text (UsbMockDevice *device,
                           const char    *text)
{
  static const guint8 release[8] = { 0 };
  g_autofree char *with_enter = g_strconcat (text, "\n", NULL);

  for (const char *c = with_enter; *c != '\0'; c++)
    {
      guint8 press[8] = { 0 };
      gboolean shift;

      g_assert_true (usage_for_char (*c, &press[2], &shift));
      /* Alternate left and right Shift, as both must work. */
      press[0] = shift ? ((c - with_enter) % 2 ? 0x20 : 0x02) : 0;
      usb_mock_device_queue_report (device, press, sizeof press);
      usb_mock_device_queue_report (device, release, sizeof release);
    }
}

int
usb_mock_run_ocop (const char * const *args,
                   char              **out,
                   char              **err)
{
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GStrvBuilder) argv = g_strv_builder_new ();
  g_auto(GStrv) command = NULL;
  const char *asan = g_getenv ("ASAN_OPTIONS");
  g_autofree char *asan_options = g_strconcat (asan ? asan : "", asan ? ":" : "", "verify_asan_link_order=0", NULL);
  g_autoptr(GError) error = NULL;
  GSpawnFlags flags = (out ? 0 : G_SPAWN_STDOUT_TO_DEV_NULL) | (err ? 0 : G_SPAWN_STDERR_TO_DEV_NULL);
  int status = -1;

  g_strv_builder_add (argv, g_getenv ("OCOP_TOOL"));
  g_strv_builder_addv (argv, (const char **) args);
  command = g_strv_builder_end (argv);
  env = g_environ_setenv (env, "LD_PRELOAD", "libumockdev-preload.so.0", TRUE);
  env = g_environ_setenv (env, "ASAN_OPTIONS", asan_options, TRUE);
  env = g_environ_setenv (env, "LANGUAGE", "C", TRUE);
  g_assert_true (g_spawn_sync (NULL, command, env, flags, NULL, NULL, out, err, &status, &error));
  g_assert_no_error (error);
  return g_spawn_check_wait_status (status, NULL) ? 0 : 1;
}
