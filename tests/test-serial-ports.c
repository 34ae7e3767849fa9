/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-serial-ports.c: the serial ports Settings offers for a scanner: a
 * /dev of symlinks to real ptys, laid out as udev lays out CDC-ACM and
 * USB-serial scanners, listed by their stable by-id name first, and the
 * listed port really reads a scan. */

#include "config.h"

#include <pty.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "ocop-serial-ports.h"
#include "ocop-serial-scanner.h"

/* A pty stands for the scanner: the test writes to its master, the port
 * is its slave. The slave stays open here so that the pty lives. */
static int
open_pty (char **slave_path,
          int   *slave)
{
  int master = -1;
  char name[256];

  g_assert_cmpint (openpty (&master, slave, name, NULL, NULL), ==, 0);
  *slave_path = g_strdup (name);
  return master;
}

static void
scanned_cb (OcopSerialScanner *scanner,
            const char        *code,
            char             **out)
{
  g_free (*out);
  *out = g_strdup (code);
}

static void
test_by_id_first (void)
{
  g_autofree char *root = g_dir_make_tmp ("ocop-dev-XXXXXX", NULL);
  g_autofree char *by_id = g_build_filename (root, "serial", "by-id", NULL);
  g_autofree char *acm = g_build_filename (root, "ttyACM0", NULL);
  g_autofree char *usb = g_build_filename (root, "ttyUSB1", NULL);
  g_autofree char *link = g_build_filename (by_id, "usb-Honeywell_1900-if00", NULL);
  g_autofree char *other = g_build_filename (root, "ttyS0", NULL);
  g_autofree char *pts_acm = NULL;
  g_autofree char *pts_usb = NULL;
  g_autofree char *want_link = g_strconcat ("serial:", link, NULL);
  g_autofree char *want_usb = g_strconcat ("serial:", usb, NULL);
  g_autofree char *code = NULL;
  g_autoptr(GPtrArray) ports = NULL;
  g_autoptr(OcopSerialScanner) scanner = NULL;
  g_autoptr(GError) error = NULL;
  int slave_acm = -1;
  int slave_usb = -1;
  int master_acm = open_pty (&pts_acm, &slave_acm);
  int master_usb = open_pty (&pts_usb, &slave_usb);
  gint64 deadline;

  g_assert_cmpint (g_mkdir_with_parents (by_id, 0700), ==, 0);
  g_assert_cmpint (symlink (pts_acm, acm), ==, 0);
  g_assert_cmpint (symlink (pts_usb, usb), ==, 0);
  g_assert_cmpint (symlink (pts_acm, other), ==, 0);   /* a built-in port: not offered */
  g_assert_cmpint (symlink ("../../ttyACM0", link), ==, 0);

  /* ttyACM0 is offered once, by the name that survives re-plugging. */
  ports = ocop_serial_ports_list (root);
  g_assert_cmpuint (ports->len, ==, 2);
  g_assert_cmpstr (ports->pdata[0], ==, want_link);
  g_assert_cmpstr (ports->pdata[1], ==, want_usb);

  /* The port as listed is the scanner's URI: a scan on it reads. */
  scanner = ocop_serial_scanner_new_for_uri (ports->pdata[0], &error);
  g_assert_no_error (error);
  g_signal_connect (scanner, "scanned", G_CALLBACK (scanned_cb), &code);
  g_assert_true (ocop_serial_scanner_start (scanner, &error));
  g_assert_no_error (error);
  g_assert_cmpint (write (master_acm, "8936000010010\r\n", 15), ==, 15);
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (code == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpstr (code, ==, "8936000010010");
  ocop_serial_scanner_stop (scanner);

  close (master_acm);
  close (slave_acm);
  close (master_usb);
  close (slave_usb);
  g_unlink (link);
  g_rmdir (by_id);
  g_autofree char *serial_dir = g_path_get_dirname (by_id);
  g_rmdir (serial_dir);
  g_unlink (acm);
  g_unlink (usb);
  g_unlink (other);
  g_rmdir (root);
}

static void
test_none (void)
{
  g_autofree char *root = g_dir_make_tmp ("ocop-dev-XXXXXX", NULL);
  g_autoptr(GPtrArray) ports = ocop_serial_ports_list (root);

  g_assert_cmpuint (ports->len, ==, 0);
  g_rmdir (root);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/serial-ports/by-id-first", test_by_id_first);
  g_test_add_func ("/serial-ports/none", test_none);
  return g_test_run ();
}
