/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-hub-exec.c: the calls of the executor interface (ocop-hub-exec.h),
 * each through its engine's slot. */

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>

#include "ocop-hub-exec.h"

void
ocop_hub_exec_free (OcopHubExec *self)
{
  if (self != NULL)
    self->klass->free (self);
}

/* Weighed goods: quantities of measured lines tally in thousandths, apart
 * from pieces, and a product keeps the unit its booth last sent. Every
 * event a hub held before is a piece sale (a measured line did not exist),
 * so its figures stay as they are: the new columns start at 0 and NULL.
 * BIGINT is PostgreSQL's 64-bit integer and an integer to SQLite. */
static const OcopHubSchemaStep column_steps[] = {
  { "tally_kind", "measure", "ALTER TABLE tally_kind ADD COLUMN measure BIGINT NOT NULL DEFAULT 0" },
  { "tally_booth_product", "measure", "ALTER TABLE tally_booth_product ADD COLUMN measure BIGINT NOT NULL DEFAULT 0" },
  { "tally_booth_product", "unit", "ALTER TABLE tally_booth_product ADD COLUMN unit TEXT" },
};

static gboolean
run_steps (OcopHubExec              *self,
           const OcopHubSchemaStep  *steps,
           guint                     n_steps,
           OcopHubSchemaStepFunc     ensure,
           GError                  **error)
{
  for (guint i = 0; i < n_steps; i++)
    if (!ensure (self, &steps[i], error))
      return FALSE;
  return TRUE;
}

gboolean
ocop_hub_exec_schema_steps (OcopHubExec              *self,
                            const OcopHubSchemaStep  *steps,
                            guint                     n_steps,
                            OcopHubSchemaStepFunc     ensure,
                            GError                  **error)
{
  return run_steps (self, steps, n_steps, ensure, error) &&
         run_steps (self, column_steps, G_N_ELEMENTS (column_steps), ensure, error);
}

OcopHubRows *
ocop_hub_exec_query (OcopHubExec         *self,
                     const char          *sql,
                     const OcopHubValue  *params,
                     guint                n_params,
                     GError             **error)
{
  return self->klass->query (self, sql, params, n_params, error);
}

gboolean
ocop_hub_exec_run (OcopHubExec         *self,
                   const char          *sql,
                   const OcopHubValue  *params,
                   guint                n_params,
                   gint64              *changes,
                   GError             **error)
{
  g_autoptr(OcopHubRows) rows = ocop_hub_exec_query (self, sql, params, n_params, error);

  if (rows == NULL)
    return FALSE;
  if (changes != NULL)
    *changes = self->klass->changes (rows);
  return TRUE;
}

gboolean
ocop_hub_rows_next (OcopHubRows *rows)
{
  return rows->exec->klass->next (rows);
}

OcopHubValueType
ocop_hub_rows_type (OcopHubRows *rows,
                    int          column)
{
  return rows->exec->klass->type (rows, column);
}

gint64
ocop_hub_rows_int (OcopHubRows *rows,
                   int          column)
{
  return rows->exec->klass->integer (rows, column);
}

const char *
ocop_hub_rows_text (OcopHubRows *rows,
                    int          column)
{
  return rows->exec->klass->text (rows, column);
}

GBytes *
ocop_hub_rows_blob (OcopHubRows *rows,
                    int          column)
{
  return rows->exec->klass->blob (rows, column);
}

gboolean
ocop_hub_rows_finish (OcopHubRows  *rows,
                      GError      **error)
{
  return rows->exec->klass->finish (rows, error);
}

void
ocop_hub_rows_free (OcopHubRows *rows)
{
  if (rows != NULL)
    rows->exec->klass->free_rows (rows);
}

void
ocop_hub_exec_set_error (GError     **error,
                         const char  *doing,
                         const char  *message)
{
  g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_FAILED, _("The hub's database could not %s: %s"), doing,
               message);
}

gboolean
ocop_hub_exec_hash_conflict (const OcopHubBatch  *batch,
                             const OcopHubEvent  *event,
                             GError             **error)
{
  g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_HASH_CONFLICT,
               _("Event #%" PRId64 " of epoch %" PRId64 " is already held with different content:"
                 " this store looks restored from a copy or cloned"), event->seq, batch->epoch);
  return FALSE;
}
