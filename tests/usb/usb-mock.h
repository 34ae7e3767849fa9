/* SPDX-License-Identifier: GPL-3.0-or-later */
/* usb-mock.h: emulated USB printers and HID scanners for the tests, on a
 * umockdev testbed that answers libusb's usbfs ioctls, so the drivers run
 * their real libusb code against them. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _UsbMock UsbMock;
typedef struct _UsbMockDevice UsbMockDevice;

typedef struct {
  guint16     vendor_id;
  guint16     product_id;
  const char *manufacturer;   /* string descriptor */
  const char *product;        /* string descriptor */
  const char *serial;         /* NULL for none */
  const char *device_id;      /* IEEE 1284 id, NULL for none */
  gboolean    one_way;        /* no bulk IN endpoint (protocol 1) */
  gboolean    vendor_class;   /* interface class 0xff, as some Epsons */
} UsbMockPrinterSpec;

/* Creates the testbed (the program must be linked with, or run under,
 * the umockdev preload library). */
UsbMock       *usb_mock_new              (void);
void           usb_mock_free             (UsbMock *mock);

UsbMockDevice *usb_mock_add_printer      (UsbMock                  *mock,
                                          const UsbMockPrinterSpec *spec);
UsbMockDevice *usb_mock_add_hid_scanner  (UsbMock                  *mock,
                                          guint16                   vendor_id,
                                          guint16                   product_id,
                                          const char               *product);
/* A HID POS scanner: a non-boot HID interface with 64-byte reports. */
UsbMockDevice *usb_mock_add_hid_pos_scanner (UsbMock               *mock,
                                             guint16                vendor_id,
                                             guint16                product_id,
                                             const char            *product);
/* A HID scale: a plain HID interface whose report descriptor is of the
 * Scale usage page (0x8D); reports are queued as for scanners. */
UsbMockDevice *usb_mock_add_hid_scale       (UsbMock               *mock,
                                             guint16                vendor_id,
                                             guint16                product_id,
                                             const char            *product);

/* Unplugging fails every later request with ENODEV, ends transfers in
 * flight, sends the remove uevent and removes the device from sysfs.
 * Plugging in again gives the device a new address, as the kernel does. */
void           usb_mock_device_unplug    (UsbMockDevice *device);
void           usb_mock_device_replug    (UsbMockDevice *device);
const char    *usb_mock_device_get_node  (UsbMockDevice *device);

/* Printer state. */
void           usb_mock_device_set_paper_out  (UsbMockDevice *device,
                                               gboolean       paper_out);
void           usb_mock_device_set_cover_open (UsbMockDevice *device,
                                               gboolean       cover_open);
/* The printer's buffer is full: bulk OUT takes nothing, not even status
 * requests (the control pipe still answers). */
void           usb_mock_device_set_stalled    (UsbMockDevice *device,
                                               gboolean       stalled);
/* Another program holds the interface (claims fail with EBUSY). */
void           usb_mock_device_set_busy       (UsbMockDevice *device,
                                               gboolean       busy);
/* After @bytes more job bytes the device stops answering (ENODEV), as a
 * printer whose cable is pulled mid-job. */
void           usb_mock_device_vanish_after   (UsbMockDevice *device,
                                               gsize          bytes);
/* Every job byte the printer took (status requests not included). */
GBytes        *usb_mock_device_dup_printed    (UsbMockDevice *device);
void           usb_mock_device_clear_printed  (UsbMockDevice *device);
guint          usb_mock_device_get_status_requests (UsbMockDevice *device);

/* HID: queues one interrupt IN report. */
void           usb_mock_device_queue_report   (UsbMockDevice *device,
                                               const guint8  *report,
                                               gsize          length);
/* Queues boot-keyboard reports typing @text then Enter: a press report
 * (Shift for capitals and symbols) and a release report per character. */
void           usb_mock_device_type_text      (UsbMockDevice *device,
                                               const char    *text);
gsize          usb_mock_device_pending_reports (UsbMockDevice *device);

/* Runs the `ocop` program ($OCOP_TOOL) with @args (NULL-terminated) as a
 * real process that sees the emulated bus through the umockdev preload
 * library, in English; returns 0 if it succeeded, else 1. *@out and *@err
 * (either may be NULL) get what it printed. */
int            usb_mock_run_ocop              (const char * const *args,
                                               char              **out,
                                               char              **err);

G_END_DECLS
