/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-relay.c: a counting TCP relay on loopback, one pair of blocking
 * threads per connection (a benchmark opens a handful). */

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <gio/gio.h>

#include "bench-relay.h"

struct _BenchRelay
{
  GSocket *listener;
  guint16  port;
  guint16  target_port;
  gsize    up;     /* atomic */
  gsize    down;   /* atomic */
};

typedef struct {
  GSocket *from;
  GSocket *to;
  gsize   *counter;
} Pump;

/* Bytes are counted when read, before they are passed on: once a client
 * has its answer, every byte of the exchange is in the counters. */
static gpointer
pump_cb (gpointer data)
{
  Pump *pump = data;
  char buffer[65536];
  gssize n;

  while ((n = g_socket_receive (pump->from, buffer, sizeof buffer, NULL, NULL)) > 0)
    {
      gssize sent = 0;

      g_atomic_pointer_add (pump->counter, n);
      while (sent < n)
        {
          gssize m = g_socket_send (pump->to, buffer + sent, n - sent, NULL, NULL);

          if (m <= 0)
            goto done;
          sent += m;
        }
    }
done:
  /* Pass the end of the stream on, so the other side sees it too. */
  g_socket_shutdown (pump->to, FALSE, TRUE, NULL);
  g_object_unref (pump->from);
  g_object_unref (pump->to);
  g_free (pump);
  return NULL;
}

static void
start_pump (GSocket *from,
            GSocket *to,
            gsize   *counter)
{
  Pump *pump = g_new0 (Pump, 1);

  pump->from = g_object_ref (from);
  pump->to = g_object_ref (to);
  pump->counter = counter;
  g_thread_unref (g_thread_new ("bench-relay", pump_cb, pump));
}

static GSocket *
connect_target (BenchRelay *self)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, self->target_port);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, &error);

  if (socket == NULL || !g_socket_connect (socket, address, NULL, &error))
    g_error ("relay: cannot reach port %u: %s", self->target_port, error->message);
  g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);
  return g_steal_pointer (&socket);
}

static gpointer
accept_cb (gpointer data)
{
  BenchRelay *self = data;

  for (;;)
    {
      g_autoptr(GSocket) client = g_socket_accept (self->listener, NULL, NULL);
      g_autoptr(GSocket) target = NULL;

      if (client == NULL)
        return NULL;
      g_socket_set_option (client, IPPROTO_TCP, TCP_NODELAY, 1, NULL);
      target = connect_target (self);
      start_pump (client, target, &self->up);
      start_pump (target, client, &self->down);
    }
}

BenchRelay *
bench_relay_new (guint16 target_port)
{
  BenchRelay *self = g_new0 (BenchRelay, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  self->target_port = target_port;
  self->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  if (self->listener == NULL ||
      !g_socket_bind (self->listener, any, TRUE, &error) ||
      !g_socket_listen (self->listener, &error) ||
      !(bound = g_socket_get_local_address (self->listener, &error)))
    g_error ("relay: %s", error->message);
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_thread_unref (g_thread_new ("bench-relay-accept", accept_cb, self));
  return self;
}

guint16
bench_relay_get_port (BenchRelay *self)
{
  return self->port;
}

guint64
bench_relay_get_up (BenchRelay *self)
{
  return (gsize) g_atomic_pointer_get (&self->up);
}

guint64
bench_relay_get_down (BenchRelay *self)
{
  return (gsize) g_atomic_pointer_get (&self->down);
}

void
bench_relay_reset (BenchRelay *self)
{
  g_atomic_pointer_set (&self->up, 0);
  g_atomic_pointer_set (&self->down, 0);
}
