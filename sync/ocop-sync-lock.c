/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-sync-lock.c: one sync worker per store across processes (the till
 * and `ocop sync`), by an flock on a file beside the store. */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>

#include "ocop-sync-private.h"

/* The kernel drops an flock when the process dies, so a killed `ocop
 * sync` never leaves the store locked. */
OcopSyncLock
ocop_sync_lock_take (const char  *store_path,
                     GError     **error)
{
  g_autofree char *path = g_strconcat (store_path, ".sync-lock", NULL);
  int fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      g_set_error (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_STORE, _("Cannot open the sync lock %s: %s"), path,
                   g_strerror (errno));
      return -1;
    }
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      int saved = errno;

      close (fd);
      if (saved == EWOULDBLOCK)
        g_set_error_literal (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_BUSY,
                             _("Another sync of this store is running (the till or `ocop sync`)"));
      else
        g_set_error (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_STORE, _("Cannot lock %s: %s"), path,
                     g_strerror (saved));
      return -1;
    }
  return fd;
}

void
ocop_sync_lock_release (OcopSyncLock lock)
{
  if (lock >= 0)
    close (lock);
}
