/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-serial-tty.c: opens a serial port in raw mode at a speed and
 * framing, with one message per failure a user can act on. The line
 * discipline is switched off because scanners and scales send control
 * bytes (STX, ETX, Ctrl-C) as data and must never see an echo. */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "ocop-serial-tty.h"

G_DEFINE_QUARK (ocop-serial-tty-error-quark, ocop_serial_tty_error)

static void
set_errno_error (const char  *path,
                 int          saved_errno,
                 GError     **error)
{
  switch (saved_errno)
    {
    case ENOENT:
    case ENXIO:
    case ENODEV:
      g_set_error (error, OCOP_SERIAL_TTY_ERROR, OCOP_SERIAL_TTY_ERROR_NOT_FOUND,
                   _("Nothing is connected at %s: check the cable"), path);
      break;
    case EACCES:
    case EPERM:
      g_set_error (error, OCOP_SERIAL_TTY_ERROR, OCOP_SERIAL_TTY_ERROR_PERMISSION,
                   _("No permission to read %s: add this user to the dialout group "
                     "(`sudo usermod -aG dialout $USER`) and log in again"), path);
      break;
    case EBUSY:
      g_set_error (error, OCOP_SERIAL_TTY_ERROR, OCOP_SERIAL_TTY_ERROR_BUSY,
                   _("%s is in use by another program"), path);
      break;
    case ENOTTY:
      g_set_error (error, OCOP_SERIAL_TTY_ERROR, OCOP_SERIAL_TTY_ERROR_NOT_A_TTY,
                   _("%s is not a serial port"), path);
      break;
    case EIO:
      g_set_error (error, OCOP_SERIAL_TTY_ERROR, OCOP_SERIAL_TTY_ERROR_DISCONNECTED,
                   _("The device at %s was unplugged"), path);
      break;
    default:
      g_set_error (error, OCOP_SERIAL_TTY_ERROR, OCOP_SERIAL_TTY_ERROR_FAILED,
                   _("Cannot use the serial port %s: %s"), path, g_strerror (saved_errno));
    }
}

int
ocop_serial_tty_configure (int                fd,
                           speed_t            speed,
                           OcopSerialFraming  framing)
{
  struct termios mode;

  if (tcgetattr (fd, &mode) != 0)
    return errno;
  cfmakeraw (&mode);
  cfsetispeed (&mode, speed);
  cfsetospeed (&mode, speed);
  mode.c_cflag |= CLOCAL | CREAD;
  mode.c_cc[VMIN] = 1;
  mode.c_cc[VTIME] = 0;
  if (tcsetattr (fd, TCSANOW, &mode) != 0)
    return errno;
  if (framing == OCOP_SERIAL_7E1)
    {
      /* A port without framing of its own (a pty, some CDC-ACM
       * adapters) keeps 8N1 and glibc then says EINVAL: the reader
       * drops the eighth bit, which is the parity bit, and reads the
       * same bytes. */
      mode.c_cflag = (mode.c_cflag & ~(CSIZE | PARODD | CSTOPB)) | CS7 | PARENB;
      tcsetattr (fd, TCSANOW, &mode);
    }
  tcflush (fd, TCIFLUSH);
  return 0;
}

int
ocop_serial_tty_open (const char        *path,
                      speed_t            speed,
                      OcopSerialFraming  framing,
                      GError           **error)
{
  int fd = g_open (path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC, 0);
  int failure;

  if (fd < 0)
    {
      set_errno_error (path, errno, error);
      return -1;
    }
  failure = ocop_serial_tty_configure (fd, speed, framing);
  if (failure != 0)
    {
      g_close (fd, NULL);
      set_errno_error (path, failure, error);
      return -1;
    }
  return fd;
}

speed_t
ocop_serial_tty_speed (guint baud)
{
  static const struct { guint baud; speed_t speed; } speeds[] = {
    { 1200, B1200 }, { 2400, B2400 }, { 4800, B4800 }, { 9600, B9600 },
    { 19200, B19200 }, { 38400, B38400 }, { 57600, B57600 }, { 115200, B115200 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (speeds); i++)
    if (speeds[i].baud == baud)
      return speeds[i].speed;
  return 0;
}
