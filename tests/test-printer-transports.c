/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-printer-transports.c: printer URIs, raw TCP printing against a
 * listener on loopback (exact bytes, refused and silent peers, status) and
 * file: printing (nothing appears until the job is complete). */

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <glib/gstdio.h>

#include "ocop-printer.h"

static GBytes *
make_job (gsize size)
{
  guint8 *data = g_malloc (size);

  for (gsize i = 0; i < size; i++)
    data[i] = (i * 7919 + (i >> 8)) & 0xff;
  return g_bytes_new_take (data, size);
}

/* ---- URIs ---- */

static void
test_uri_errors_name_the_part (void)
{
  static const struct { const char *uri; const char *says; } cases[] = {
    { "usb://04b8", "usb://VID:PID" },
    { "usb://04bx:0202", "vendor id '04bx'" },
    { "usb://4b8:0202", "vendor id '4b8'" },
    { "usb://04b8:02021", "product id '02021'" },
    { "usb://04b8:/X", "product id ''" },
    { "usb://04b8:0202/", "serial number" },
    { "usb:04b8:0202", "usb://VID:PID" },
    { "tcp://", "host" },
    { "tcp://192.168.1.50:0", "port 0" },
    { "tcp://192.168.1.50:99999", "99999" },
    { "tcp://192.168.1.50:9100/queue", "path" },
    { "ftp://printer", "'ftp:'" },
    { "/dev/usb/lp0", "usb://, tcp:// or file:" },
    { "file:", "file name" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(OcopPrinter) printer = ocop_printer_new_for_uri (cases[i].uri, &error);

      g_assert_null (printer);
      g_assert_error (error, OCOP_PRINTER_ERROR, OCOP_PRINTER_ERROR_INVALID_URI);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, cases[i].uri));
      g_assert_nonnull (strstr (error->message, cases[i].says));
    }
}

static void
test_uri_accepted (void)
{
  static const char *uris[] = {
    "usb://0416:5011", "usb://04B8:0E15/J7XF012345", "tcp://192.168.1.50:9100",
    "tcp://printer.local", "tcp://[::1]:9100", "file:/dev/usb/lp0", "file:///tmp/receipt.bin",
  };

  for (guint i = 0; i < G_N_ELEMENTS (uris); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(OcopPrinter) printer = ocop_printer_new_for_uri (uris[i], &error);

      g_assert_no_error (error);
      g_assert_cmpstr (ocop_printer_get_uri (printer), ==, uris[i]);
      g_assert_false (ocop_printer_is_open (printer));
    }
}

/* ---- a printer on loopback ---- */

typedef enum {
  PEER_RECORDS,     /* reads everything until the connection closes */
  PEER_SILENT,      /* accepts, never reads, never answers */
  PEER_PAPER_OUT,   /* answers DLE EOT as a printer without paper */
} PeerKind;

typedef struct {
  GSocket    *listener;
  PeerKind    kind;
  GByteArray *received;
  GThread    *thread;
  guint16     port;
  GCancellable *stop;
} Peer;

static gpointer
run_peer (gpointer data)
{
  Peer *peer = data;
  g_autoptr(GSocket) client = g_socket_accept (peer->listener, peer->stop, NULL);
  guint8 buffer[4096];
  gssize n;

  if (client == NULL)
    return NULL;
  if (peer->kind == PEER_SILENT)
    {
      g_socket_condition_wait (client, G_IO_HUP, peer->stop, NULL);
      return NULL;
    }
  while ((n = g_socket_receive (client, (char *) buffer, sizeof buffer, peer->stop, NULL)) > 0)
    {
      if (peer->kind == PEER_PAPER_OUT && n == 3 && buffer[0] == 0x10 && buffer[1] == 0x04)
        {
          guint8 reply = buffer[2] == 1 ? 0x1a : buffer[2] == 2 ? 0x32 : 0x72;

          g_socket_send (client, (const char *) &reply, 1, NULL, NULL);
          continue;
        }
      g_byte_array_append (peer->received, buffer, n);
    }
  return NULL;
}

static Peer *
peer_start (PeerKind kind)
{
  Peer *peer = g_new0 (Peer, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  peer->kind = kind;
  peer->received = g_byte_array_new ();
  peer->stop = g_cancellable_new ();
  peer->listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  /* A small receive window makes a peer that does not read fill up fast. */
  if (kind == PEER_SILENT)
    g_socket_set_option (peer->listener, SOL_SOCKET, SO_RCVBUF, 4096, NULL);
  g_assert_true (g_socket_bind (peer->listener, address, TRUE, &error));
  g_assert_true (g_socket_listen (peer->listener, &error));
  bound = g_socket_get_local_address (peer->listener, &error);
  peer->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  peer->thread = g_thread_new ("peer", run_peer, peer);
  return peer;
}

static void
peer_stop (Peer *peer)
{
  g_cancellable_cancel (peer->stop);
  if (peer->thread != NULL)
    g_thread_join (peer->thread);
  g_object_unref (peer->listener);
  g_object_unref (peer->stop);
  g_byte_array_unref (peer->received);
  g_free (peer);
}

static OcopPrinter *
printer_for_peer (Peer *peer)
{
  g_autofree char *uri = g_strdup_printf ("tcp://127.0.0.1:%u", peer->port);
  g_autoptr(GError) error = NULL;
  OcopPrinter *printer = ocop_printer_new_for_uri (uri, &error);

  g_assert_no_error (error);
  return printer;
}

static void
test_tcp_receives_exact_bytes (void)
{
  Peer *peer = peer_start (PEER_RECORDS);
  g_autoptr(OcopPrinter) printer = printer_for_peer (peer);
  g_autoptr(GBytes) first = make_job (60 * 1024);
  g_autoptr(GBytes) second = make_job (777);
  g_autoptr(GError) error = NULL;

  g_assert_true (ocop_printer_write (printer, first, NULL, &error));
  g_assert_true (ocop_printer_write (printer, second, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (ocop_printer_close (printer, &error));
  g_thread_join (g_steal_pointer (&peer->thread));
  g_assert_cmpuint (peer->received->len, ==, g_bytes_get_size (first) + g_bytes_get_size (second));
  g_assert_cmpmem (peer->received->data, g_bytes_get_size (first),
                   g_bytes_get_data (first, NULL), g_bytes_get_size (first));
  g_assert_cmpmem (peer->received->data + g_bytes_get_size (first), g_bytes_get_size (second),
                   g_bytes_get_data (second, NULL), g_bytes_get_size (second));
  peer_stop (peer);
}

static void
test_tcp_refused (void)
{
  Peer *peer = peer_start (PEER_RECORDS);
  g_autofree char *uri = g_strdup_printf ("tcp://127.0.0.1:%u", peer->port);
  g_autoptr(OcopPrinter) printer = NULL;
  g_autoptr(GBytes) job = make_job (10);
  g_autoptr(GError) error = NULL;
  g_autofree char *port = g_strdup_printf ("%u", peer->port);

  /* Nobody listens on the port any more. */
  peer_stop (peer);
  printer = ocop_printer_new_for_uri (uri, &error);
  g_assert_false (ocop_printer_write (printer, job, NULL, &error));
  g_assert_error (error, OCOP_PRINTER_ERROR, OCOP_PRINTER_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
  g_assert_nonnull (strstr (error->message, port));
}

static void
test_tcp_silent_peer_times_out (void)
{
  Peer *peer = peer_start (PEER_SILENT);
  g_autoptr(OcopPrinter) printer = printer_for_peer (peer);
  g_autoptr(GBytes) job = make_job (32 * 1024 * 1024);
  g_autoptr(GError) error = NULL;
  OcopPrinterStatus status;
  gint64 start = g_get_monotonic_time ();

  /* No answer to DLE EOT: a timeout, after about a second, not a hang. */
  g_assert_false (ocop_printer_query_status (printer, &status, NULL, &error));
  g_assert_error (error, OCOP_PRINTER_ERROR, OCOP_PRINTER_ERROR_TIMEOUT);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_clear_error (&error);

  /* A peer that takes no data: the job stops with TIMEOUT, saying how far
   * it got, instead of blocking the till. */
  ocop_printer_set_timeout_ms (printer, 300);
  g_assert_false (ocop_printer_write (printer, job, NULL, &error));
  g_assert_error (error, OCOP_PRINTER_ERROR, OCOP_PRINTER_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "bytes sent"));
  g_clear_object (&printer);
  peer_stop (peer);
}

static void
on_status (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  OcopPrinterStatus *status = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (ocop_printer_query_status_finish (OCOP_PRINTER (source), result, status, &error));
  g_assert_no_error (error);
  *(gboolean *) g_object_get_data (source, "done") = TRUE;
}

static void
test_tcp_status_paper_out (void)
{
  Peer *peer = peer_start (PEER_PAPER_OUT);
  g_autoptr(OcopPrinter) printer = printer_for_peer (peer);
  g_autoptr(GError) error = NULL;
  OcopPrinterStatus status, async_status = { 0 };
  gboolean done = FALSE;

  /* As the till asks: on a worker thread, the answer on the main context. */
  g_object_set_data (G_OBJECT (printer), "done", &done);
  ocop_printer_query_status_async (printer, NULL, on_status, &async_status);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (async_status.paper_out);
  g_assert_false (async_status.cover_open);

  g_assert_true (ocop_printer_query_status (printer, &status, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (status.paper_out);
  g_assert_true (status.offline);
  g_assert_false (status.cover_open);
  g_assert_false (ocop_printer_status_is_ready (&status));
  g_clear_object (&printer);
  peer_stop (peer);
}

/* ---- files ---- */

static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GError **error = user_data;

  ocop_printer_write_finish (OCOP_PRINTER (source), result, error);
  *(gboolean *) g_object_get_data (source, "done") = TRUE;
}

static void
test_file_appears_whole_on_close (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ocop-print-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "receipt.bin", NULL);
  g_autofree char *uri = g_strconcat ("file:", path, NULL);
  g_autoptr(OcopPrinter) printer = ocop_printer_new_for_uri (uri, NULL);
  g_autoptr(GBytes) job = make_job (70000);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  gboolean done = FALSE;

  g_object_set_data (G_OBJECT (printer), "done", &done);
  ocop_printer_write_async (printer, job, NULL, on_written, &error);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (error);
  /* Half-way: nothing under the final name yet. */
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_true (ocop_printer_close (printer, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_cmpmem (contents, length, g_bytes_get_data (job, NULL), g_bytes_get_size (job));
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);   /* no temporary file left */
}

static void
test_file_in_missing_folder (void)
{
  g_autoptr(OcopPrinter) printer = ocop_printer_new_for_uri ("file:/nonexistent-ocop/receipt.bin", NULL);
  g_autoptr(GBytes) job = make_job (10);
  g_autoptr(GError) error = NULL;
  OcopPrinterStatus status;

  g_assert_false (ocop_printer_write (printer, job, NULL, &error));
  g_assert_error (error, OCOP_PRINTER_ERROR, OCOP_PRINTER_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "/nonexistent-ocop/receipt.bin"));
  g_clear_error (&error);
  g_assert_false (ocop_printer_query_status (printer, &status, NULL, &error));
  g_assert_nonnull (error);
}

/* A device node (a FIFO stands in for /dev/usb/lp0): bytes go straight
 * through, and a device that stops reading fails within the timeout. */
static void
test_device_node (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ocop-lp-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "lp0", NULL);
  g_autofree char *uri = g_strconcat ("file:", path, NULL);
  g_autoptr(OcopPrinter) printer = ocop_printer_new_for_uri (uri, NULL);
  g_autoptr(GBytes) job = make_job (1000);
  g_autoptr(GBytes) big = make_job (1024 * 1024);
  g_autoptr(GError) error = NULL;
  guint8 got[1000];
  int reader;

  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  /* Nobody at the other end: the printer is not there. */
  g_assert_false (ocop_printer_open (printer, &error));
  g_assert_error (error, OCOP_PRINTER_ERROR, OCOP_PRINTER_ERROR_NOT_FOUND);
  g_clear_error (&error);

  reader = g_open (path, O_RDONLY | O_NONBLOCK, 0);
  g_assert_cmpint (reader, >=, 0);
  g_assert_true (ocop_printer_write (printer, job, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (read (reader, got, sizeof got), ==, sizeof got);
  g_assert_cmpmem (got, sizeof got, g_bytes_get_data (job, NULL), g_bytes_get_size (job));

  /* The reader stops taking data (out of paper): TIMEOUT, not a hang. */
  ocop_printer_set_timeout_ms (printer, 200);
  g_assert_false (ocop_printer_write (printer, big, NULL, &error));
  g_assert_error (error, OCOP_PRINTER_ERROR, OCOP_PRINTER_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_true (ocop_printer_close (printer, NULL));
  close (reader);
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/printer/uri/errors", test_uri_errors_name_the_part);
  g_test_add_func ("/printer/uri/accepted", test_uri_accepted);
  g_test_add_func ("/printer/tcp/exact-bytes", test_tcp_receives_exact_bytes);
  g_test_add_func ("/printer/tcp/refused", test_tcp_refused);
  g_test_add_func ("/printer/tcp/silent-peer", test_tcp_silent_peer_times_out);
  g_test_add_func ("/printer/tcp/status-paper-out", test_tcp_status_paper_out);
  g_test_add_func ("/printer/file/whole-on-close", test_file_appears_whole_on_close);
  g_test_add_func ("/printer/file/missing-folder", test_file_in_missing_folder);
  g_test_add_func ("/printer/file/device-node", test_device_node);
  return g_test_run ();
}
