/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-hub-backend.c: choosing the hub's storage from its --db value. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ocop-hub-backend.h"

void
ocop_hub_device_free (OcopHubDevice *device)
{
  if (device == NULL)
    return;
  g_free (device->id);
  g_free (device->token_hash);
  g_free (device->fair);
  g_free (device->booth);
  g_free (device);
}

OcopHubBackend *
ocop_hub_backend_open (const char  *db,
                       GError     **error)
{
  if (g_str_has_prefix (db, "postgresql://") || g_str_has_prefix (db, "postgres://"))
    return ocop_hub_postgres_open (db, error);
  return ocop_hub_sqlite_open (db, error);
}

void
ocop_hub_backend_free (OcopHubBackend *self)
{
  if (self != NULL)
    self->klass->free (self);
}
