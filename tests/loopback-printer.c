/* SPDX-License-Identifier: GPL-3.0-or-later */
/* loopback-printer.c: reads each connection on a thread of its own, as the
 * code under test closes the connection (the end of a job) from its main
 * loop, which must not wait on the reader. */

#include "loopback-printer.h"

struct _LoopbackPrinter
{
  GSocketService *service;
  guint16         port;
  char           *uri;
  GMutex          lock;
  GByteArray     *received;   /* under lock */
  guint           jobs;       /* under lock */
};

static gboolean
job_cb (GThreadedSocketService *service,
        GSocketConnection      *connection,
        GObject                *source,
        gpointer                user_data)
{
  LoopbackPrinter *printer = user_data;
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  g_autoptr(GByteArray) job = g_byte_array_new ();
  guint8 buffer[65536];
  gssize n;

  while ((n = g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL)) > 0)
    g_byte_array_append (job, buffer, n);
  g_mutex_lock (&printer->lock);
  g_byte_array_append (printer->received, job->data, job->len);
  printer->jobs++;
  g_mutex_unlock (&printer->lock);
  return TRUE;
}

LoopbackPrinter *
loopback_printer_new (void)
{
  LoopbackPrinter *printer = g_new0 (LoopbackPrinter, 1);
  g_autoptr(GSocketListener) probe = g_socket_listener_new ();

  /* A port nobody listens on: bound once to find it, then let go. */
  printer->port = g_socket_listener_add_any_inet_port (probe, NULL, NULL);
  g_assert_cmpuint (printer->port, >, 0);
  g_socket_listener_close (probe);
  printer->uri = g_strdup_printf ("tcp://127.0.0.1:%u", printer->port);
  printer->received = g_byte_array_new ();
  g_mutex_init (&printer->lock);
  return printer;
}

void
loopback_printer_free (LoopbackPrinter *printer)
{
  if (printer->service != NULL)
    {
      g_socket_service_stop (printer->service);
      g_socket_listener_close (G_SOCKET_LISTENER (printer->service));
      g_object_unref (printer->service);
    }
  g_byte_array_unref (printer->received);
  g_mutex_clear (&printer->lock);
  g_free (printer->uri);
  g_free (printer);
}

const char *
loopback_printer_get_uri (LoopbackPrinter *printer)
{
  return printer->uri;
}

void
loopback_printer_listen (LoopbackPrinter *printer)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, printer->port);

  printer->service = g_threaded_socket_service_new (2);
  g_socket_listener_add_address (G_SOCKET_LISTENER (printer->service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (printer->service, "run", G_CALLBACK (job_cb), printer);
  g_socket_service_start (printer->service);
}

static guint
count_jobs (LoopbackPrinter *printer)
{
  guint jobs;

  g_mutex_lock (&printer->lock);
  jobs = printer->jobs;
  g_mutex_unlock (&printer->lock);
  return jobs;
}

guint
loopback_printer_wait_jobs (LoopbackPrinter *printer,
                            guint            jobs)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (count_jobs (printer) < jobs && g_get_monotonic_time () < deadline)
    g_usleep (1000);
  return count_jobs (printer);
}

GBytes *
loopback_printer_dup_received (LoopbackPrinter *printer)
{
  GBytes *bytes;

  g_mutex_lock (&printer->lock);
  bytes = g_bytes_new (printer->received->data, printer->received->len);
  g_mutex_unlock (&printer->lock);
  return bytes;
}
