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

/* The port's failure in the scanner's words: "no scanner" says what
 * to check on a scanner, and the rest are the port's own messages. */
static gboolean
set_tty_error (OcopSerialScanner  *self,
               GError             *tty_error,
               GError            **error)
{
  static const struct { int tty; int scanner; } codes[] = {
    { OCOP_SERIAL_TTY_ERROR_PERMISSION, OCOP_SERIAL_SCANNER_ERROR_PERMISSION },
    { OCOP_SERIAL_TTY_ERROR_BUSY, OCOP_SERIAL_SCANNER_ERROR_BUSY },
    { OCOP_SERIAL_TTY_ERROR_DISCONNECTED, OCOP_SERIAL_SCANNER_ERROR_DISCONNECTED },
  };
  int code = OCOP_SERIAL_SCANNER_ERROR_FAILED;

  if (tty_error->code == OCOP_SERIAL_TTY_ERROR_NOT_FOUND)
    g_set_error (error, OCOP_SERIAL_SCANNER_ERROR, OCOP_SERIAL_SCANNER_ERROR_NOT_FOUND,
                 _("No scanner at %s: check its cable (is it set to serial mode?)"), self->path);
  else
    {
      for (gsize i = 0; i < G_N_ELEMENTS (codes); i++)
        if (codes[i].tty == tty_error->code)
          code = codes[i].scanner;
      g_set_error_literal (error, OCOP_SERIAL_SCANNER_ERROR, code, tty_error->message);
    }
  g_error_free (tty_error);
  return FALSE;
}

static void
close_tty (OcopSerialScanner *self)
{
  ocop_serial_tty_close (&self->fd, &self->watch);
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
report_gone (OcopSerialScanner *self)
{
  g_autoptr(GError) error = g_error_new (OCOP_SERIAL_SCANNER_ERROR, OCOP_SERIAL_SCANNER_ERROR_DISCONNECTED,
                                         _("The scanner at %s was unplugged"), self->path);

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
      report_gone (self);
    }
  g_object_unref (self);
  return G_SOURCE_CONTINUE;
}

gboolean
ocop_serial_scanner_start (OcopSerialScanner  *self,
                           GError            **error)
{
  GError *tty_error = NULL;

  g_return_val_if_fail (OCOP_IS_SERIAL_SCANNER (self), FALSE);

  if (self->fd >= 0)
    return TRUE;
  /* CDC-ACM ignores the speed; real RS-232 scanners default to 9600 8N1. */
  self->fd = ocop_serial_tty_open (self->path, B9600, OCOP_SERIAL_8N1, &tty_error);
  if (self->fd < 0)
    return set_tty_error (self, tty_error, error);
  self->watch = ocop_serial_tty_watch (self->fd, on_readable, self);
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
