/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-printer-file.c: the file: transport: a printer device node such as
 * /dev/usb/lp0 (written as it goes), or a plain file for previews and
 * tests (written to a temporary file and renamed on close, so nobody ever
 * sees half a job). */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "ocop-printer-private.h"

typedef struct {
  OcopPrinterTransport  parent;

  char                 *path;
  char                 *temp_path;   /* NULL when writing to a device */
  int                   fd;
  gboolean              failed;      /* a write failed: do not publish */
  gboolean              written;     /* a job was written since open */
} FileTransport;

/* @message: a translated format with two %s, the path and the reason. */
static gboolean
set_errno_error (FileTransport  *self,
                 int             saved_errno,
                 const char     *message,
                 GError        **error)
{
  int code;

  switch (saved_errno)
    {
    case EACCES:
    case EPERM:
    case EROFS:
      code = OCOP_PRINTER_ERROR_PERMISSION;
      break;
    case ENOENT:
    case ENXIO:
      code = OCOP_PRINTER_ERROR_NOT_FOUND;
      break;
    case ENODEV:
    case EIO:
      code = OCOP_PRINTER_ERROR_DISCONNECTED;
      break;
    case EBUSY:
      code = OCOP_PRINTER_ERROR_BUSY;
      break;
    case EAGAIN:
      code = OCOP_PRINTER_ERROR_TIMEOUT;
      break;
    default:
      code = OCOP_PRINTER_ERROR_FAILED;
    }
  g_set_error (error, OCOP_PRINTER_ERROR, code, message, self->path, g_strerror (saved_errno));
  return FALSE;
}

static gboolean
file_open (OcopPrinterTransport  *transport,
           GError               **error)
{
  FileTransport *self = (FileTransport *) transport;
  struct stat info;

  self->failed = FALSE;
  self->written = FALSE;
  if (g_stat (self->path, &info) == 0 && !S_ISREG (info.st_mode))
    {
      /* Non-blocking, so that a printer that stops taking data (usblp
       * blocks while out of paper) fails within the job's timeout. */
      self->fd = g_open (self->path, O_WRONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0);
      if (self->fd < 0)
        return set_errno_error (self, errno, _("Cannot open the printer device %s: %s"), error);
      return TRUE;
    }
  self->temp_path = g_strconcat (self->path, ".XXXXXX", NULL);
  self->fd = g_mkstemp_full (self->temp_path, O_WRONLY | O_CLOEXEC, 0644);
  if (self->fd < 0)
    {
      int saved_errno = errno;

      g_clear_pointer (&self->temp_path, g_free);
      return set_errno_error (self, saved_errno, _("Cannot create the print file next to %s: %s"), error);
    }
  return TRUE;
}

static gboolean
file_close (OcopPrinterTransport  *transport,
            GError               **error)
{
  FileTransport *self = (FileTransport *) transport;
  gboolean ok = TRUE;

  if (self->fd < 0)
    return TRUE;
  if (self->temp_path != NULL)
    {
      if (!self->failed && fsync (self->fd) != 0)
        ok = set_errno_error (self, errno, _("Cannot save the print file %s: %s"), error);
      if (close (self->fd) != 0 && ok)
        ok = set_errno_error (self, errno, _("Cannot save the print file %s: %s"), error);
      /* Opened only to ask its status: the last job stays as it was. */
      if (ok && !self->failed && self->written && g_rename (self->temp_path, self->path) != 0)
        ok = set_errno_error (self, errno, _("Cannot save the print file %s: %s"), error);
      if (!ok || self->failed || !self->written)
        g_unlink (self->temp_path);
      g_clear_pointer (&self->temp_path, g_free);
    }
  else if (close (self->fd) != 0)
    ok = set_errno_error (self, errno, _("Cannot close the printer device %s: %s"), error);
  self->fd = -1;
  return ok;
}

static gboolean
wait_until_writable (FileTransport  *self,
                     guint           timeout_ms,
                     gsize           written,
                     gsize           length,
                     GError        **error)
{
  struct pollfd pfd = { .fd = self->fd, .events = POLLOUT };
  int ready;

  do
    ready = poll (&pfd, 1, timeout_ms);
  while (ready < 0 && errno == EINTR);
  if (ready > 0 && !(pfd.revents & (POLLERR | POLLHUP)))
    return TRUE;
  if (ready < 0 || (pfd.revents & (POLLERR | POLLHUP)))
    return set_errno_error (self, ready < 0 ? errno : EIO, _("Cannot write to %s: %s"), error);
  g_set_error (error, OCOP_PRINTER_ERROR, OCOP_PRINTER_ERROR_TIMEOUT,
               _("The printer device %s took no data for %.1f s (%" PRIu64 " of %" PRIu64 " bytes sent)"),
               self->path, timeout_ms / 1000.0, (guint64) written, (guint64) length);
  return FALSE;
}

static gboolean
file_write (OcopPrinterTransport  *transport,
            const guint8          *data,
            gsize                  length,
            guint                  timeout_ms,
            GCancellable          *cancellable,
            GError               **error)
{
  FileTransport *self = (FileTransport *) transport;
  gsize written = 0;

  while (written < length)
    {
      gssize n;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          self->failed = TRUE;
          return FALSE;
        }
      n = write (self->fd, data + written, MIN (length - written, 65536));
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && errno == EAGAIN)
        {
          if (wait_until_writable (self, timeout_ms, written, length, error))
            continue;
          self->failed = TRUE;
          return FALSE;
        }
      if (n < 0)
        {
          self->failed = TRUE;
          return set_errno_error (self, errno, _("Cannot write to %s: %s"), error);
        }
      written += n;
    }
  self->written = TRUE;
  return TRUE;
}

static gboolean
file_query_status (OcopPrinterTransport  *transport,
                   OcopPrinterStatus     *status,
                   GCancellable          *cancellable,
                   GError               **error)
{
  /* A file or a one-way device node cannot say more than "ready". */
  memset (status, 0, sizeof *status);
  return TRUE;
}

static void
file_free (OcopPrinterTransport *transport)
{
  FileTransport *self = (FileTransport *) transport;

  g_free (self->temp_path);
  g_free (self->path);
  g_free (self);
}

static const OcopPrinterTransportClass file_transport_class = {
  .open = file_open,
  .close = file_close,
  .write = file_write,
  .query_status = file_query_status,
  .get_device_id = NULL,
  .free = file_free,
};

OcopPrinterTransport *
ocop_printer_file_transport_new (const char *path)
{
  FileTransport *self = g_new0 (FileTransport, 1);

  self->parent.klass = &file_transport_class;
  self->path = g_strdup (path);
  self->fd = -1;
  return &self->parent;
}
