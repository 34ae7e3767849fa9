/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fault-proxy.c: the faulty network between devices and the hub, on real
 * loopback sockets, one thread per direction of each connection. */

#include <gio/gio.h>

#include "fault-proxy.h"

struct _FaultProxy {
  GSocketListener *listener;
  GCancellable    *cancellable;
  GThread         *acceptor;
  guint16          port;
  guint16          upstream_port;
  guint            delay_ms;
  gboolean         faultless;
  gint             connections;
  gint             cut;
  gint             lost;
  gsize            bytes_up;     /* atomic */
  gsize            bytes_down;   /* atomic */
};

typedef enum { PASS, CUT, LOSE, DELAY } Fault;

typedef struct {
  FaultProxy        *proxy;
  GSocketConnection *client;
  GSocketConnection *upstream;
  Fault              fault;
} Link;

/* Bytes are counted in @counter before they are passed on: once a client
 * has its answer, every byte of the exchange is counted. */
static gboolean
pump (GInputStream  *in,
      GOutputStream *out,
      gssize         limit,
      gsize         *counter)
{
  char buffer[8192];
  gssize total = 0, n;

  while ((n = g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL)) > 0)
    {
      gsize take = limit >= 0 ? (gsize) MIN (n, limit - total) : (gsize) n;

      g_atomic_pointer_add (counter, take);
      if (!g_output_stream_write_all (out, buffer, take, NULL, NULL, NULL))
        return FALSE;
      total += (gssize) take;
      if (limit >= 0 && total >= limit)
        return FALSE;
    }
  return TRUE;
}

/* shutdown () wakes the other thread's blocked read, which close () alone
 * would not. */
static void
hang_up (GSocketConnection *connection)
{
  g_socket_shutdown (g_socket_connection_get_socket (connection), TRUE, TRUE, NULL);
}

/* Upstream to client, in its own thread; a lost reply is read from the
 * hub (so it has committed and answered) and never passed on. */
static gpointer
pump_replies (gpointer data)
{
  Link *link = data;
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (link->upstream));

  if (link->fault == LOSE)
    {
      char buffer[256];

      if (g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL) > 0)
        g_atomic_int_inc (&link->proxy->lost);
    }
  else
    pump (in, g_io_stream_get_output_stream (G_IO_STREAM (link->client)), -1, &link->proxy->bytes_down);
  hang_up (link->client);
  hang_up (link->upstream);
  return NULL;
}

static gpointer
serve_connection (gpointer data)
{
  Link *link = data;
  g_autoptr(GSocketClient) connector = g_socket_client_new ();
  GThread *replies;

  link->upstream = g_socket_client_connect_to_host (connector, "127.0.0.1", link->proxy->upstream_port, NULL, NULL);
  if (link->upstream == NULL)
    {
      g_io_stream_close (G_IO_STREAM (link->client), NULL, NULL);
      g_object_unref (link->client);
      g_free (link);
      return NULL;
    }
  if (link->fault == DELAY)
    g_usleep (link->proxy->delay_ms * 1000);
  replies = g_thread_new ("fault-proxy-replies", pump_replies, link);
  /* A cut passes the headers and a little of the body, then hangs up. */
  if (!pump (g_io_stream_get_input_stream (G_IO_STREAM (link->client)),
             g_io_stream_get_output_stream (G_IO_STREAM (link->upstream)), link->fault == CUT ? 300 : -1,
             &link->proxy->bytes_up) &&
      link->fault == CUT)
    {
      g_atomic_int_inc (&link->proxy->cut);
      hang_up (link->upstream);
      hang_up (link->client);
    }
  else
    g_socket_shutdown (g_socket_connection_get_socket (link->upstream), FALSE, TRUE, NULL);
  g_thread_join (replies);
  g_object_unref (link->client);
  g_object_unref (link->upstream);
  g_free (link);
  return NULL;
}

static gpointer
accept_connections (gpointer data)
{
  FaultProxy *proxy = data;
  GSocketConnection *client;

  while ((client = g_socket_listener_accept (proxy->listener, NULL, proxy->cancellable, NULL)) != NULL)
    {
      Link *link = g_new0 (Link, 1);
      static const Fault faults[] = { PASS, CUT, LOSE, DELAY };

      link->proxy = proxy;
      link->client = client;
      link->fault = proxy->faultless ? PASS : faults[g_atomic_int_add (&proxy->connections, 1) % 4];
      g_thread_unref (g_thread_new ("fault-proxy", serve_connection, link));
    }
  return NULL;
}

FaultProxy *
fault_proxy_start (guint16 upstream_port,
                   guint   delay_ms)
{
  FaultProxy *proxy = g_new0 (FaultProxy, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  proxy->upstream_port = upstream_port;
  proxy->delay_ms = delay_ms;
  proxy->cancellable = g_cancellable_new ();
  proxy->listener = g_socket_listener_new ();
  g_socket_listener_add_address (proxy->listener, address, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                 &bound, &error);
  g_assert_no_error (error);
  proxy->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  proxy->acceptor = g_thread_new ("fault-proxy-accept", accept_connections, proxy);
  return proxy;
}

FaultProxy *
fault_proxy_start_faultless (guint16 upstream_port)
{
  FaultProxy *proxy = fault_proxy_start (upstream_port, 0);

  proxy->faultless = TRUE;
  return proxy;
}

guint16
fault_proxy_get_port (FaultProxy *proxy)
{
  return proxy->port;
}

void
fault_proxy_get_bytes (FaultProxy *proxy,
                       guint64    *up,
                       guint64    *down)
{
  *up = (gsize) g_atomic_pointer_get (&proxy->bytes_up);
  *down = (gsize) g_atomic_pointer_get (&proxy->bytes_down);
}

void
fault_proxy_reset_bytes (FaultProxy *proxy)
{
  g_atomic_pointer_set (&proxy->bytes_up, 0);
  g_atomic_pointer_set (&proxy->bytes_down, 0);
}

guint
fault_proxy_cut (FaultProxy *proxy)
{
  return (guint) g_atomic_int_get (&proxy->cut);
}

guint
fault_proxy_lost (FaultProxy *proxy)
{
  return (guint) g_atomic_int_get (&proxy->lost);
}

void
fault_proxy_stop (FaultProxy *proxy)
{
  g_cancellable_cancel (proxy->cancellable);
  g_thread_join (proxy->acceptor);
  g_socket_listener_close (proxy->listener);
  g_object_unref (proxy->listener);
  g_object_unref (proxy->cancellable);
  g_free (proxy);
}
