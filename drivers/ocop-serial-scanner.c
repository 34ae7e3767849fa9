/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-serial-scanner.c: reads a serial-mode scanner's tty without a
 * thread: the fd is watched on the main context, the line discipline is
 * switched off (raw mode: no echo, no CR to LF mapping, no Ctrl-C) and we
 * split lines ourselves. */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib-unix.h>
#include <glib/gstdio.h>

#include "ocop-serial-scanner.h"
#include "ocop-serial-tty.h"

G_DEFINE_QUARK (ocop-serial-scanner-error-quark, ocop_serial_scanner_error)

/* Longer than any barcode, even a 2D code with a URL: a line longer than
 * this is noise (wrong baud rate) and is dropped. */
#define MAX_CODE_LENGTH 4096

struct _OcopSerialScanner
{
  GObject  parent_instance;

  char    *uri;
  char    *path;
  int      fd;
  GSource *watch;
  GString *line;
  gboolean overlong;
};

G_DEFINE_FINAL_TYPE (OcopSerialScanner, ocop_serial_scanner, G_TYPE_OBJECT)

enum { SIGNAL_SCANNED, SIGNAL_DISCONNECTED, N_SIGNALS };
static guint signals[N_SIGNALS];

static gboolean
set_errno_error (OcopSerialScanner  *self,
                 int                 saved_errno,
                 GError            **error)
{
  switch (saved_errno)
    {
    case ENOENT:
    case ENXIO:
    case ENODEV:
      g_set_error (error, OCOP_SERIAL_SCANNER_ERROR, OCOP_SERIAL_SCANNER_ERROR_NOT_FOUND,
                   _("No scanner at %s: check its cable (is it set to serial mode?)"), self->path);
      break;
    case EACCES:
    case EPERM:
      g_set_error (error, OCOP_SERIAL_SCANNER_ERROR, OCOP_SERIAL_SCANNER_ERROR_PERMISSION,
                   _("No permission to read %s: add this user to the dialout group "
                     "(`sudo usermod -aG dialout $USER`) and log in again"), self->path);
      break;
    case EBUSY:
      g_set_error (error, OCOP_SERIAL_SCANNER_ERROR, OCOP_SERIAL_SCANNER_ERROR_BUSY,
                   _("%s is in use by another program"), self->path);
      break;
    case EIO:
      g_set_error (error, OCOP_SERIAL_SCANNER_ERROR, OCOP_SERIAL_SCANNER_ERROR_DISCONNECTED,
                   _("The scanner at %s was unplugged"), self->path);
      break;
    default:
      g_set_error (error, OCOP_SERIAL_SCANNER_ERROR, OCOP_SERIAL_SCANNER_ERROR_FAILED,
                   _("Cannot read the scanner at %s: %s"), self->path, g_strerror (saved_errno));
    }
  return FALSE;
}

static void
close_tty (OcopSerialScanner *self)
{
  if (self->watch != NULL)
    {
      g_source_destroy (self->watch);
      g_clear_pointer (&self->watch, g_source_unref);
    }
  if (self->fd >= 0)
    g_close (self->fd, NULL);
  self->fd = -1;
  g_string_truncate (self->line, 0);
  self->overlong = FALSE;
}

static void
end_line (OcopSerialScanner *self)
{
  g_autofree char *code = NULL;

  if (self->line->len > 0 && !self->overlong)
    {
      /* Scanners send ASCII; anything else is shown, not trusted. */
      code = g_utf8_make_valid (self->line->str, self->line->len);
      g_signal_emit (self, signals[SIGNAL_SCANNED], 0, code);
    }
  g_string_truncate (self->line, 0);
  self->overlong = FALSE;
}

static void
take_bytes (OcopSerialScanner *self,
            const guint8      *bytes,
            gsize              length)
{
  for (gsize i = 0; i < length; i++)
    {
      if (bytes[i] == '\r' || bytes[i] == '\n')
        end_line (self);
      else if (bytes[i] < 0x20 || bytes[i] == 0x7f)
        continue;   /* STX/ETX framing some scanners add */
      else if (self->line->len >= MAX_CODE_LENGTH)
        self->overlong = TRUE;
      else
        g_string_append_c (self->line, bytes[i]);
    }
}

static void
report_gone (OcopSerialScanner *self,
             int                saved_errno)
{
  g_autoptr(GError) error = NULL;

  set_errno_error (self, saved_errno, &error);
  if (!g_error_matches (error, OCOP_SERIAL_SCANNER_ERROR, OCOP_SERIAL_SCANNER_ERROR_DISCONNECTED))
    {
      g_clear_error (&error);
      g_set_error (&error, OCOP_SERIAL_SCANNER_ERROR, OCOP_SERIAL_SCANNER_ERROR_DISCONNECTED,
                   _("The scanner at %s was unplugged"), self->path);
    }
  close_tty (self);
  g_signal_emit (self, signals[SIGNAL_DISCONNECTED], 0, error);
}

static gboolean
on_readable (int           fd,
             GIOCondition  condition,
             gpointer      user_data)
{
  OcopSerialScanner *self = user_data;
  guint8 buffer[512];
  gssize n;

  g_object_ref (self);
  while ((n = read (fd, buffer, sizeof buffer)) > 0)
    take_bytes (self, buffer, n);
  if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR) ||
      (n < 0 && (condition & (G_IO_HUP | G_IO_ERR))))
    {
      /* The watch is destroyed in report_gone(); returning CONTINUE on a
       * destroyed source is harmless. */
      report_gone (self, n == 0 ? EIO : errno);
    }
  g_object_unref (self);
  return G_SOURCE_CONTINUE;
}

static gboolean
make_raw (OcopSerialScanner  *self,
          GError            **error)
{
  /* CDC-ACM ignores the speed; real RS-232 scanners default to 9600 8N1. */
  int failure = ocop_serial_tty_configure (self->fd, B9600, OCOP_SERIAL_8N1);

  if (failure == ENOTTY)
    {
      g_set_error (error, OCOP_SERIAL_SCANNER_ERROR, OCOP_SERIAL_SCANNER_ERROR_FAILED,
                   _("%s is not a serial port"), self->path);
      return FALSE;
    }
  if (failure != 0)
    return set_errno_error (self, failure, error);
  return TRUE;
}

gboolean
ocop_serial_scanner_start (OcopSerialScanner  *self,
                           GError            **error)
{
  g_return_val_if_fail (OCOP_IS_SERIAL_SCANNER (self), FALSE);

  if (self->fd >= 0)
    return TRUE;
  self->fd = g_open (self->path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC, 0);
  if (self->fd < 0)
    return set_errno_error (self, errno, error);
  if (!make_raw (self, error))
    {
      close_tty (self);
      return FALSE;
    }
  self->watch = g_unix_fd_source_new (self->fd, G_IO_IN | G_IO_HUP | G_IO_ERR);
  g_source_set_callback (self->watch, G_SOURCE_FUNC (on_readable), self, NULL);
  g_source_attach (self->watch, g_main_context_get_thread_default ());
  return TRUE;
}

void
ocop_serial_scanner_stop (OcopSerialScanner *self)
{
  g_return_if_fail (OCOP_IS_SERIAL_SCANNER (self));
  close_tty (self);
}

const char *
ocop_serial_scanner_get_uri (OcopSerialScanner *self)
{
  g_return_val_if_fail (OCOP_IS_SERIAL_SCANNER (self), NULL);
  return self->uri;
}

static void
ocop_serial_scanner_finalize (GObject *object)
{
  OcopSerialScanner *self = OCOP_SERIAL_SCANNER (object);

  close_tty (self);
  g_string_free (self->line, TRUE);
  g_free (self->uri);
  g_free (self->path);
  G_OBJECT_CLASS (ocop_serial_scanner_parent_class)->finalize (object);
}

static void
ocop_serial_scanner_class_init (OcopSerialScannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ocop_serial_scanner_finalize;

  signals[SIGNAL_SCANNED] =
    g_signal_new ("scanned", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SIGNAL_DISCONNECTED] =
    g_signal_new ("disconnected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
ocop_serial_scanner_init (OcopSerialScanner *self)
{
  self->fd = -1;
  self->line = g_string_new (NULL);
}

OcopSerialScanner *
ocop_serial_scanner_new_for_uri (const char  *uri,
                                 GError     **error)
{
  OcopSerialScanner *self;

  g_return_val_if_fail (uri != NULL, NULL);

  if (!g_str_has_prefix (uri, "serial:") || uri[7] != '/')
    {
      g_set_error (error, OCOP_SERIAL_SCANNER_ERROR, OCOP_SERIAL_SCANNER_ERROR_INVALID_URI,
                   _("Scanner address '%s': expected serial:/dev/ttyACM0 (serial: and the device's full path)"), uri);
      return NULL;
    }
  self = g_object_new (OCOP_TYPE_SERIAL_SCANNER, NULL);
  self->uri = g_strdup (uri);
  self->path = g_strdup (uri + 7);
  return self;
}
