/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-printer-tcp.c: the tcp:// transport: a LAN receipt printer's raw
 * port (9100), one connection held while the printer is open, every wait
 * bounded so a silent or vanished printer fails within the timeout. */

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "ocop-printer-private.h"

typedef struct {
  OcopPrinterTransport  parent;

  char                 *host;
  guint16               port;
  GSocketConnection    *connection;
} TcpTransport;

#define TCP_CONNECT_TIMEOUT_S 5

static GSocket *
tcp_socket (TcpTransport *self)
{
  return g_socket_connection_get_socket (self->connection);
}

static gboolean
tcp_open (OcopPrinterTransport  *transport,
          GError               **error)
{
  TcpTransport *self = (TcpTransport *) transport;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) local_error = NULL;

  g_socket_client_set_timeout (client, TCP_CONNECT_TIMEOUT_S);
  self->connection = g_socket_client_connect_to_host (client, self->host, self->port, NULL, &local_error);
  if (self->connection == NULL)
    {
      int code = g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT)
                 ? OCOP_PRINTER_ERROR_TIMEOUT : OCOP_PRINTER_ERROR_NOT_FOUND;

      g_set_error (error, OCOP_PRINTER_ERROR, code,
                   _("Cannot reach the network printer %s port %u: %s (check that it is on and on this network)"),
                   self->host, self->port, local_error->message);
      return FALSE;
    }
  /* Non-blocking, so that every wait below has our own timeout. */
  g_socket_set_blocking (tcp_socket (self), FALSE);
  return TRUE;
}

static gboolean
tcp_close (OcopPrinterTransport  *transport,
           GError               **error)
{
  TcpTransport *self = (TcpTransport *) transport;
  gboolean ok = TRUE;

  if (self->connection != NULL)
    ok = g_io_stream_close (G_IO_STREAM (self->connection), NULL, error);
  g_clear_object (&self->connection);
  return ok;
}

static gboolean
set_socket_error (TcpTransport  *self,
                  GError        *cause,
                  gsize          sent,
                  gsize          length,
                  GError       **error)
{
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_error_copy (cause));
  else if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    g_set_error (error, OCOP_PRINTER_ERROR, OCOP_PRINTER_ERROR_TIMEOUT,
                 _("The network printer %s took no data in time (%" PRIu64 " of %" PRIu64 " bytes sent)"),
                 self->host, (guint64) sent, (guint64) length);
  else
    g_set_error (error, OCOP_PRINTER_ERROR, OCOP_PRINTER_ERROR_DISCONNECTED,
                 _("The connection to the network printer %s was lost after %" PRIu64 " of %" PRIu64
                   " bytes (%s): check it and print again"),
                 self->host, (guint64) sent, (guint64) length, cause->message);
  return FALSE;
}

static gboolean
tcp_write (OcopPrinterTransport  *transport,
           const guint8          *data,
           gsize                  length,
           guint                  timeout_ms,
           GCancellable          *cancellable,
           GError               **error)
{
  TcpTransport *self = (TcpTransport *) transport;
  GSocket *socket = tcp_socket (self);
  gsize sent = 0;

  while (sent < length)
    {
      g_autoptr(GError) local_error = NULL;
      gssize n;

      if (!g_socket_condition_timed_wait (socket, G_IO_OUT, (gint64) timeout_ms * 1000, cancellable, &local_error))
        return set_socket_error (self, local_error, sent, length, error);
      n = g_socket_send (socket, (const char *) data + sent, length - sent, cancellable, &local_error);
      if (n < 0 && g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        continue;
      if (n < 0)
        return set_socket_error (self, local_error, sent, length, error);
      sent += n;
    }
  return TRUE;
}

static gboolean
tcp_ask_real_time_status (TcpTransport       *self,
                          guint8              n,
                          OcopPrinterStatus  *status,
                          GCancellable       *cancellable,
                          GError            **error)
{
  const guint8 request[3] = { 0x10, 0x04, n };
  g_autoptr(GError) local_error = NULL;
  GSocket *socket = tcp_socket (self);
  guint8 reply = 0;
  gssize got;

  if (!tcp_write (&self->parent, request, sizeof request, OCOP_PRINTER_STATUS_TIMEOUT_MS, cancellable, error))
    return FALSE;
  if (!g_socket_condition_timed_wait (socket, G_IO_IN, OCOP_PRINTER_STATUS_TIMEOUT_MS * 1000, cancellable, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        g_set_error (error, OCOP_PRINTER_ERROR, OCOP_PRINTER_ERROR_TIMEOUT,
                     _("The network printer %s did not answer a status request within %.1f s"),
                     self->host, OCOP_PRINTER_STATUS_TIMEOUT_MS / 1000.0);
      else
        set_socket_error (self, local_error, 0, 0, error);
      return FALSE;
    }
  got = g_socket_receive (socket, (char *) &reply, 1, cancellable, &local_error);
  if (got < 0)
    return set_socket_error (self, local_error, 0, 0, error);
  if (got == 0)
    {
      g_set_error (error, OCOP_PRINTER_ERROR, OCOP_PRINTER_ERROR_DISCONNECTED,
                   _("The network printer %s closed the connection"), self->host);
      return FALSE;
    }
  if (!ocop_printer_apply_dle_eot_reply (status, n, reply))
    {
      g_set_error (error, OCOP_PRINTER_ERROR, OCOP_PRINTER_ERROR_FAILED,
                   _("The network printer %s answered a status request with 0x%02x, which is not an ESC/POS status"),
                   self->host, reply);
      return FALSE;
    }
  return TRUE;
}

static gboolean
tcp_query_status (OcopPrinterTransport  *transport,
                  OcopPrinterStatus     *status,
                  GCancellable          *cancellable,
                  GError               **error)
{
  static const guint8 requests[] = { 1, 2, 4 };

  for (guint i = 0; i < G_N_ELEMENTS (requests); i++)
    if (!tcp_ask_real_time_status ((TcpTransport *) transport, requests[i], status, cancellable, error))
      return FALSE;
  return TRUE;
}

static void
tcp_free (OcopPrinterTransport *transport)
{
  TcpTransport *self = (TcpTransport *) transport;

  g_clear_object (&self->connection);
  g_free (self->host);
  g_free (self);
}

static const OcopPrinterTransportClass tcp_transport_class = {
  .open = tcp_open,
  .close = tcp_close,
  .write = tcp_write,
  .query_status = tcp_query_status,
  .get_device_id = NULL,
  .free = tcp_free,
};

OcopPrinterTransport *
ocop_printer_tcp_transport_new (const char *host,
                                guint16     port)
{
  TcpTransport *self = g_new0 (TcpTransport, 1);

  self->parent.klass = &tcp_transport_class;
  self->host = g_strdup (host);
  self->port = port;
  return &self->parent;
}
