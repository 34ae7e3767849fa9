/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-print.c: how long handing a receipt-sized job (60 KB, a long
 * raster receipt) takes: to an emulated USB printer through the real
 * libusb path, and to a raw TCP printer on loopback. Prints medians and
 * the conditions, and only what it measured: no real printer is timed.
 * Run by hand: _build/tests/bench/bench-print [ROUNDS]. */

#include "config.h"

#include <stdlib.h>
#include <sys/utsname.h>
#include <libusb.h>

#include "ocop-printer.h"
#include "usb-mock.h"

#define JOB_SIZE (60 * 1024)

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
print_figures (const char *what,
               double     *ms,
               guint       rounds)
{
  qsort (ms, rounds, sizeof *ms, compare_doubles);
  g_print ("%-44s median %7.2f ms   p90 %7.2f ms   min %7.2f ms   (%.1f MB/s at the median)\n",
           what, ms[rounds / 2], ms[rounds * 9 / 10], ms[0],
           JOB_SIZE / 1e6 / (ms[rounds / 2] / 1000.0));
}

static double
time_write (OcopPrinter *printer,
            GBytes      *job,
            gboolean     open_and_close)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  if (!ocop_printer_write (printer, job, NULL, &error) ||
      (open_and_close && !ocop_printer_close (printer, &error)))
    g_error ("printing failed: %s", error->message);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
bench_usb (GBytes *job,
           guint   rounds)
{
  UsbMock *mock = usb_mock_new ();
  const UsbMockPrinterSpec spec = {
    .vendor_id = 0x0416, .product_id = 0x5011, .manufacturer = "Printer",
    .product = "POS58", .device_id = "MFG:Xprinter;MDL:XP-58IIH;CMD:ESC/POS;",
  };
  UsbMockDevice *device = usb_mock_add_printer (mock, &spec);
  g_autoptr(OcopPrinter) printer = ocop_printer_new_for_uri ("usb://0416:5011", NULL);
  g_autofree double *held = g_new (double, rounds);
  g_autofree double *fresh = g_new (double, rounds);

  time_write (printer, job, FALSE);   /* warm-up */
  for (guint i = 0; i < rounds; i++)
    held[i] = time_write (printer, job, FALSE);
  ocop_printer_close (printer, NULL);
  for (guint i = 0; i < rounds; i++)
    fresh[i] = time_write (printer, job, TRUE);
  {
    g_autoptr(GBytes) printed = usb_mock_device_dup_printed (device);

    if (g_bytes_get_size (printed) != (2 * rounds + 1) * (gsize) JOB_SIZE)
      g_error ("the emulated printer got %" G_GSIZE_FORMAT " bytes", g_bytes_get_size (printed));
  }
  print_figures ("usb:// emulated, printer held open", held, rounds);
  print_figures ("usb:// emulated, open + write + close", fresh, rounds);
  g_clear_object (&printer);
  usb_mock_free (mock);
}

/* Bytes the loopback "printer" has received, to check every job arrived. */
static gsize tcp_received;

static gpointer
drain (gpointer data)
{
  GSocket *listener = data;
  char buffer[65536];

  for (;;)
    {
      g_autoptr(GSocket) client = g_socket_accept (listener, NULL, NULL);
      gssize n;

      if (client == NULL)
        return NULL;
      while ((n = g_socket_receive (client, buffer, sizeof buffer, NULL, NULL)) > 0)
        g_atomic_pointer_add (&tcp_received, n);
    }
}

/* A write returns once the kernel holds the job; wait (outside the
 * timing) until the listener has it all, or say that it never did. */
static void
check_tcp_received (gsize expected)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (g_atomic_pointer_get (&tcp_received) < expected && g_get_monotonic_time () < deadline)
    g_usleep (1000);
  if (g_atomic_pointer_get (&tcp_received) != expected)
    g_error ("the loopback printer got %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " bytes",
             (gsize) g_atomic_pointer_get (&tcp_received), expected);
}

static void
bench_tcp (GBytes *job,
           guint   rounds)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSocket) listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                               G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(OcopPrinter) printer = NULL;
  g_autofree char *uri = NULL;
  g_autofree double *held = g_new (double, rounds);
  g_autofree double *fresh = g_new (double, rounds);

  g_socket_bind (listener, any, TRUE, NULL);
  g_socket_listen (listener, NULL);
  bound = g_socket_get_local_address (listener, NULL);
  uri = g_strdup_printf ("tcp://127.0.0.1:%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_thread_unref (g_thread_new ("drain", drain, listener));
  printer = ocop_printer_new_for_uri (uri, NULL);
  time_write (printer, job, FALSE);
  for (guint i = 0; i < rounds; i++)
    held[i] = time_write (printer, job, FALSE);
  ocop_printer_close (printer, NULL);
  for (guint i = 0; i < rounds; i++)
    fresh[i] = time_write (printer, job, TRUE);
  check_tcp_received ((2 * rounds + 1) * (gsize) JOB_SIZE);
  print_figures ("tcp:// loopback, connection held", held, rounds);
  print_figures ("tcp:// loopback, connect + write + close", fresh, rounds);
  /* The drain thread and its listener live until exit. */
  g_object_ref (listener);
}

int
main (int    argc,
      char **argv)
{
  guint rounds = argc > 1 ? (guint) atoi (argv[1]) : 101;
  const struct libusb_version *version = libusb_get_version ();
  guint8 *data = g_malloc (JOB_SIZE);
  g_autoptr(GBytes) job = NULL;
  struct utsname host;

  if (rounds < 3)
    rounds = 3;
  for (gsize i = 0; i < JOB_SIZE; i++)
    data[i] = g_random_int () & 0xff;
  job = g_bytes_new_take (data, JOB_SIZE);
  uname (&host);
  g_print ("bench-print: a %d-byte job, %u rounds each (plus one warm-up), 16 KiB USB bulk transfers\n",
           JOB_SIZE, rounds);
  g_print ("conditions: libusb %u.%u.%u, umockdev emulation (every URB is a socket round trip to the\n"
           "  emulator's thread): the USB figures are the host side only; no real printer is timed,\n"
           "  so neither its USB link nor its printing is in them. %s %s, %u CPUs\n"
           "  A TCP write returns once the kernel holds the job; every job's bytes are checked\n"
           "  to have reached the emulated printer or the listener.\n\n",
           version->major, version->minor, version->micro, host.sysname, host.release,
           g_get_num_processors ());
  bench_usb (job, rounds);
  bench_tcp (job, rounds);
  return 0;
}
