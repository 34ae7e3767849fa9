/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-serial-scanner.c: a serial-mode scanner, played by the master side
 * of a pseudo-terminal: lines ending CR, LF or CR LF become codes, the
 * tty is put in raw mode, and closing the master reads as an unplug. */

#include "config.h"

#include <pty.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "ocop-serial-scanner.h"

typedef struct {
  GPtrArray *codes;
  GError    *gone;
} Seen;

static void
on_scanned (OcopSerialScanner *scanner,
            const char        *code,
            Seen              *seen)
{
  g_ptr_array_add (seen->codes, g_strdup (code));
}

static void
on_disconnected (OcopSerialScanner *scanner,
                 const GError      *error,
                 Seen              *seen)
{
  seen->gone = g_error_copy (error);
}

static void
type (int         master,
      const char *bytes)
{
  g_assert_cmpint (write (master, bytes, strlen (bytes)), ==, strlen (bytes));
}

static void
spin_until_codes (Seen  *seen,
                  guint  n)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (seen->codes->len < n && seen->gone == NULL && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
test_lines_become_codes (void)
{
  int master = -1, slave = -1;
  char name[256];
  g_autofree char *uri = NULL;
  g_autoptr(OcopSerialScanner) scanner = NULL;
  g_autoptr(GError) error = NULL;
  struct termios mode;
  Seen seen = { g_ptr_array_new_with_free_func (g_free), NULL };
  gint64 deadline;

  g_assert_cmpint (openpty (&master, &slave, name, NULL, NULL), ==, 0);
  uri = g_strconcat ("serial:", name, NULL);
  scanner = ocop_serial_scanner_new_for_uri (uri, &error);
  g_assert_no_error (error);
  g_signal_connect (scanner, "scanned", G_CALLBACK (on_scanned), &seen);
  g_signal_connect (scanner, "disconnected", G_CALLBACK (on_disconnected), &seen);
  g_assert_true (ocop_serial_scanner_start (scanner, &error));
  g_assert_no_error (error);
  close (slave);

  /* Raw mode: no canonical lines, no echo back to the scanner. */
  g_assert_cmpint (tcgetattr (master, &mode), ==, 0);
  g_assert_false (mode.c_lflag & (ICANON | ECHO | ISIG));

  type (master, "8935000000014\r\n");
  type (master, "DD-AA-W1\r");
  type (master, "\x02" "89360");          /* STX framing, then a code in two parts */
  spin_until_codes (&seen, 2);
  type (master, "00000021\x03\n\n");      /* ETX, and an empty line */
  type (master, "\x03\x04" "QN\n");       /* Ctrl-C / Ctrl-D are data, not signals */
  spin_until_codes (&seen, 4);
  g_assert_cmpuint (seen.codes->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (seen.codes, 0), ==, "8935000000014");
  g_assert_cmpstr (g_ptr_array_index (seen.codes, 1), ==, "DD-AA-W1");
  g_assert_cmpstr (g_ptr_array_index (seen.codes, 2), ==, "8936000000021");
  g_assert_cmpstr (g_ptr_array_index (seen.codes, 3), ==, "QN");

  /* Pulling the cable: the master goes away. */
  close (master);
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (seen.gone == NULL && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_error (seen.gone, OCOP_SERIAL_SCANNER_ERROR, OCOP_SERIAL_SCANNER_ERROR_DISCONNECTED);
  g_assert_nonnull (strstr (seen.gone->message, name));
  g_clear_error (&seen.gone);
  g_ptr_array_unref (seen.codes);
}

static void
test_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopSerialScanner) absent = ocop_serial_scanner_new_for_uri ("serial:/dev/ttyACM-ocop-none", &error);
  g_autoptr(OcopSerialScanner) not_a_tty = ocop_serial_scanner_new_for_uri ("serial:/dev/null", &error);
  g_autoptr(OcopSerialScanner) bad = NULL;

  g_assert_no_error (error);
  g_assert_false (ocop_serial_scanner_start (absent, &error));
  g_assert_error (error, OCOP_SERIAL_SCANNER_ERROR, OCOP_SERIAL_SCANNER_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "/dev/ttyACM-ocop-none"));
  g_clear_error (&error);
  g_assert_false (ocop_serial_scanner_start (not_a_tty, &error));
  g_assert_error (error, OCOP_SERIAL_SCANNER_ERROR, OCOP_SERIAL_SCANNER_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "/dev/null"));
  g_clear_error (&error);
  bad = ocop_serial_scanner_new_for_uri ("/dev/ttyACM0", &error);
  g_assert_null (bad);
  g_assert_error (error, OCOP_SERIAL_SCANNER_ERROR, OCOP_SERIAL_SCANNER_ERROR_INVALID_URI);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/serial-scanner/lines", test_lines_become_codes);
  g_test_add_func ("/serial-scanner/errors", test_errors);
  return g_test_run ();
}
