/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-hub-store-private.h: what the files of the hub's store share: the
 * backend's fields and short ways to run its statements. */
#pragma once

#include "ocop-hub-backend.h"
#include "ocop-hub-exec.h"

G_BEGIN_DECLS

struct _OcopHubBackend {
  OcopHubExec *exec;
  GMutex       lock;              /* one connection, used by one thread at a time */
  char        *put_catalog_sql;   /* the file's column differs by engine */
  char        *get_catalog_sql;
};

#define N(params) G_N_ELEMENTS (params)

static inline gboolean
begin (OcopHubBackend  *self,
       OcopHubTx        tx,
       GError         **error)
{
  return self->exec->klass->begin (self->exec, tx, error);
}

static inline gboolean
commit (OcopHubBackend  *self,
        GError         **error)
{
  return self->exec->klass->commit (self->exec, error);
}

static inline void
rollback (OcopHubBackend *self)
{
  self->exec->klass->rollback (self->exec);
}

static inline gboolean
run (OcopHubBackend      *self,
     const char          *sql,
     const OcopHubValue  *params,
     guint                n_params,
     GError             **error)
{
  return ocop_hub_exec_run (self->exec, sql, params, n_params, NULL, error);
}

static inline gint64
changes (OcopHubBackend      *self,
         const char          *sql,
         const OcopHubValue  *params,
         guint                n_params,
         GError             **error)
{
  gint64 count = -1;

  if (!ocop_hub_exec_run (self->exec, sql, params, n_params, &count, error))
    return -1;
  return count;
}

/* The first row of @sql, or NULL with @error set; no row is not an error
 * here (ocop_hub_rows_next says FALSE). */
static inline OcopHubRows *
query (OcopHubBackend      *self,
       const char          *sql,
       const OcopHubValue  *params,
       guint                n_params,
       GError             **error)
{
  return ocop_hub_exec_query (self->exec, sql, params, n_params, error);
}

gboolean ocop_hub_store_missing_row (OcopHubRows  *rows,
                                     const char   *table,
                                     GError      **error);

G_END_DECLS
