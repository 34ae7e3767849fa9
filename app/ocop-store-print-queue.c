/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-store-print-queue.c: the receipts and Z reports waiting for a
 * printer. Selling never waits for paper: a job is a row that stays until it
 * prints or a cashier cancels it, and it survives a crash with its sale. */

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>

#include "ocop-store-private.h"

static const char * const kind_names[] = { "receipt", "reprint", "z-report", "handover" };

void
ocop_print_job_free (OcopPrintJob *job)
{
  if (job == NULL)
    return;
  g_free (job->sale_id);
  g_free (job->business_day);
  g_free (job->last_error);
  g_free (job);
}

static gint64
insert_job (OcopStore         *self,
            OcopPrintJobKind   kind,
            gint64             sale_row,
            const char        *booth,
            const char        *business_day,
            GError           **error)
{
  sqlite3_stmt *stmt = ocop_store_prepare (self,
                                           "INSERT INTO print_job (kind, sale_id, booth_code, business_day, created_us)"
                                           " VALUES (?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, kind_names[kind], -1, SQLITE_STATIC);
  if (sale_row > 0)
    sqlite3_bind_int64 (stmt, 2, sale_row);
  sqlite3_bind_text (stmt, 3, booth, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, business_day, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, ocop_store_now_us (self));
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      ocop_store_fail (self, error, _("queue the print job"));
      sqlite3_reset (stmt);
      return 0;
    }
  sqlite3_reset (stmt);
  return sqlite3_last_insert_rowid (ocop_store_get_db (self));
}

gboolean
ocop_store_queue_receipt_of (OcopStore   *self,
                             gint64       sale_row,
                             const char  *booth,
                             const char  *business_day,
                             GError     **error)
{
  if (!ocop_store_get_queue_receipts (self))
    return TRUE;
  return insert_job (self, OCOP_PRINT_JOB_RECEIPT, sale_row, booth, business_day, error) > 0;
}

/* The journal row of sale @uuid; 0 when there is none. */
static gint64
sale_row_of (OcopStore  *self,
             const char *uuid)
{
  sqlite3_stmt *stmt = ocop_store_prepare (self, "SELECT id FROM sale WHERE uuid = ?", NULL);
  gint64 row = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    row = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return row;
}

gint64
ocop_store_queue_reprint (OcopStore   *self,
                          const char  *ref,
                          GError     **error)
{
  g_autoptr(OcopSale) sale = ocop_store_load_sale (self, ref, error);

  if (sale == NULL)
    return 0;
  return insert_job (self, OCOP_PRINT_JOB_REPRINT, sale_row_of (self, ocop_sale_get_uuid (sale)),
                     ocop_sale_get_booth (sale), ocop_sale_get_business_day (sale), error);
}

gint64
ocop_store_queue_z_report (OcopStore   *self,
                           const char  *business_day,
                           GError     **error)
{
  g_autofree char *today = NULL;
  g_autofree char *z = NULL;
  g_autoptr(OcopBooth) booth = ocop_store_get_current_booth (self, error);

  if (booth == NULL)
    return 0;
  if (business_day == NULL)
    business_day = today = ocop_store_business_day_of (self, ocop_store_now_us (self));
  /* Only a closed day has a Z report; this names the day when it has none. */
  if ((z = ocop_store_get_z_report (self, business_day, error)) == NULL)
    return 0;
  return insert_job (self, OCOP_PRINT_JOB_Z_REPORT, 0, booth->code, business_day, error);
}

static OcopPrintJobKind
kind_from_string (const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_str_equal (text, kind_names[i]))
      return i;
  g_return_val_if_reached (OCOP_PRINT_JOB_RECEIPT);
}

static OcopPrintJob *
job_from_row (sqlite3_stmt *stmt)
{
  OcopPrintJob *job = g_new0 (OcopPrintJob, 1);

  job->id = sqlite3_column_int64 (stmt, 0);
  job->kind = kind_from_string ((const char *) sqlite3_column_text (stmt, 1));
  job->sale_id = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  job->receipt_no = sqlite3_column_int64 (stmt, 3);
  job->business_day = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  job->created_us = sqlite3_column_int64 (stmt, 5);
  job->attempts = sqlite3_column_int64 (stmt, 6);
  job->last_error = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
  job->handover_id = sqlite3_column_int64 (stmt, 8);
  return job;
}

GPtrArray *
ocop_store_list_print_jobs (OcopStore  *self,
                            GError    **error)
{
  sqlite3_stmt *stmt = ocop_store_prepare (self,
                                           "SELECT j.id, j.kind, s.uuid, coalesce (s.receipt_no, 0), j.business_day,"
                                           " j.created_us, j.attempts, j.last_error, coalesce (j.handover_id, 0)"
                                           " FROM print_job j LEFT JOIN sale s ON s.id = j.sale_id"
                                           " WHERE j.state = 'waiting' ORDER BY j.id", error);
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) ocop_print_job_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (jobs, job_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ocop_store_fail (self, error, _("read the print queue"));
      return NULL;
    }
  return g_steal_pointer (&jobs);
}

gint64
ocop_store_count_print_jobs (OcopStore *self)
{
  sqlite3_stmt *stmt = ocop_store_prepare (self, "SELECT count (*) FROM print_job WHERE state = 'waiting'", NULL);
  gint64 count = 0;

  if (stmt == NULL)
    return 0;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return count;
}

/* Moves waiting job @id on; a job already printed or cancelled, or none at
 * all, is an error the caller can show (two tills printing one queue). */
static gboolean
update_waiting_job (OcopStore   *self,
                    gint64       id,
                    const char  *sql,
                    const char  *text,
                    GError     **error)
{
  sqlite3_stmt *stmt = ocop_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, ocop_store_now_us (self));
  sqlite3_bind_int64 (stmt, 2, id);
  if (text != NULL)
    sqlite3_bind_text (stmt, 3, text, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return ocop_store_fail (self, error, _("update the print queue"));
  if (sqlite3_changes (ocop_store_get_db (self)) == 0)
    {
      g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_NOT_FOUND,
                   _("Print job %" PRId64 " is not waiting to print"), id);
      return FALSE;
    }
  return TRUE;
}

gboolean
ocop_store_finish_print_job (OcopStore  *self,
                             gint64      id,
                             GError    **error)
{
  return update_waiting_job (self, id,
                             "UPDATE print_job SET state = 'printed', finished_us = ?"
                             " WHERE id = ? AND state = 'waiting'", NULL, error);
}

gboolean
ocop_store_fail_print_job (OcopStore   *self,
                           gint64       id,
                           const char  *message,
                           GError     **error)
{
  g_return_val_if_fail (message != NULL, FALSE);
  return update_waiting_job (self, id,
                             "UPDATE print_job SET attempts = attempts + 1, finished_us = ?, last_error = ?3"
                             " WHERE id = ?2 AND state = 'waiting'", message, error);
}

gboolean
ocop_store_cancel_print_job (OcopStore  *self,
                             gint64      id,
                             GError    **error)
{
  return update_waiting_job (self, id,
                             "UPDATE print_job SET state = 'cancelled', finished_us = ?"
                             " WHERE id = ? AND state = 'waiting'", NULL, error);
}
