/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-printer-private.h: the small interface every printer transport
 * (USB, TCP, file) implements behind OcopPrinter. */
#pragma once

#include "ocop-printer.h"

G_BEGIN_DECLS

typedef struct _OcopPrinterTransport OcopPrinterTransport;

typedef struct {
  gboolean (*open)          (OcopPrinterTransport *transport,
                             GError              **error);
  /* Must be safe on a transport that is not open. @error may be NULL. */
  gboolean (*close)         (OcopPrinterTransport *transport,
                             GError              **error);
  /* Writes all of @data or fails; @timeout_ms bounds a stall. */
  gboolean (*write)         (OcopPrinterTransport *transport,
                             const guint8         *data,
                             gsize                 length,
                             guint                 timeout_ms,
                             GCancellable         *cancellable,
                             GError              **error);
  gboolean (*query_status)  (OcopPrinterTransport *transport,
                             OcopPrinterStatus    *status,
                             GCancellable         *cancellable,
                             GError              **error);
  /* NULL in the vtable when the transport has no device id. */
  char    *(*get_device_id) (OcopPrinterTransport *transport,
                             GError              **error);
  void     (*free)          (OcopPrinterTransport *transport);
} OcopPrinterTransportClass;

/* Each transport embeds this as its first member. */
struct _OcopPrinterTransport {
  const OcopPrinterTransportClass *klass;
  gboolean                         is_open;
};

OcopPrinterTransport *ocop_printer_usb_transport_new  (guint16     vendor_id,
                                                       guint16     product_id,
                                                       const char *serial);
OcopPrinterTransport *ocop_printer_tcp_transport_new  (const char *host,
                                                       guint16     port);
OcopPrinterTransport *ocop_printer_file_transport_new (const char *path);

/* How long a status query waits for its one-byte answer. */
#define OCOP_PRINTER_STATUS_TIMEOUT_MS 1000

/* DLE EOT n (real-time status). A reply is valid when bits 1 and 4 are set
 * and bits 0 and 7 clear. Applies one reply for request @n to @status and
 * returns FALSE for a byte that is not a status reply. */
gboolean ocop_printer_apply_dle_eot_reply (OcopPrinterStatus *status,
                                           guint8             n,
                                           guint8             reply);

/* Known USB receipt printers that may not announce the printer class. */
typedef struct {
  guint16     vendor_id;
  guint16     product_id;
  const char *name;
} OcopKnownPrinter;

const OcopKnownPrinter *ocop_printer_usb_lookup_known (guint16 vendor_id,
                                                       guint16 product_id);

G_END_DECLS
