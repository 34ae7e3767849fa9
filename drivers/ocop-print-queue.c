/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-print-queue.c: the store's waiting print jobs, rendered on the main
 * thread (the store is not shared with threads) and written to the printer
 * on a worker (USB and sockets block). One job at a time, oldest first. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ocop-print-queue.h"

struct _OcopPrintQueue
{
  GObject             parent_instance;

  OcopStore          *store;
  OcopPrinter        *printer;
  OcopReceiptOptions  options;       /* its strings owned */
  gboolean            text_mode;

  GCancellable       *cancellable;   /* the job being written */
  gint64              printing_id;   /* 0 when idle */
  GError             *last_failure;  /* why the last try failed, NULL after a success */
  guint               retry_source;
  guint               retry_delay_s;
};

G_DEFINE_FINAL_TYPE (OcopPrintQueue, ocop_print_queue, G_TYPE_OBJECT)

enum { SIGNAL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
clear_options (OcopReceiptOptions *options)
{
  g_free ((char *) options->footer);
  g_free ((char *) options->bank_bin);
  g_free ((char *) options->bank_account);
  g_free ((char *) options->bank_holder);
  memset (options, 0, sizeof *options);
}

static void
ocop_print_queue_dispose (GObject *object)
{
  OcopPrintQueue *self = OCOP_PRINT_QUEUE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  g_clear_object (&self->printer);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (ocop_print_queue_parent_class)->dispose (object);
}

static void
ocop_print_queue_finalize (GObject *object)
{
  OcopPrintQueue *self = OCOP_PRINT_QUEUE (object);

  clear_options (&self->options);
  g_clear_object (&self->cancellable);
  g_clear_error (&self->last_failure);
  G_OBJECT_CLASS (ocop_print_queue_parent_class)->finalize (object);
}

static void
ocop_print_queue_class_init (OcopPrintQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ocop_print_queue_dispose;
  object_class->finalize = ocop_print_queue_finalize;

  /* The waiting count, the printing state or the last error moved. */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ocop_print_queue_init (OcopPrintQueue *self)
{
  self->cancellable = g_cancellable_new ();
  self->retry_delay_s = OCOP_PRINT_QUEUE_RETRY_S;
}

OcopPrintQueue *
ocop_print_queue_new (OcopStore *store)
{
  OcopPrintQueue *self = g_object_new (OCOP_TYPE_PRINT_QUEUE, NULL);

  self->store = g_object_ref (store);
  return self;
}

void
ocop_print_queue_set_printer (OcopPrintQueue *self,
                              OcopPrinter    *printer)
{
  g_return_if_fail (OCOP_IS_PRINT_QUEUE (self));

  if (!g_set_object (&self->printer, printer))
    return;
  g_clear_error (&self->last_failure);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

OcopPrinter *
ocop_print_queue_get_printer (OcopPrintQueue *self)
{
  return self->printer;
}

void
ocop_print_queue_set_options (OcopPrintQueue           *self,
                              const OcopReceiptOptions *options,
                              gboolean                  text_mode)
{
  clear_options (&self->options);
  self->options = *options;
  self->options.footer = g_strdup (options->footer);
  self->options.bank_bin = g_strdup (options->bank_bin);
  self->options.bank_account = g_strdup (options->bank_account);
  self->options.bank_holder = g_strdup (options->bank_holder);
  self->text_mode = text_mode;
}

GBytes *
ocop_print_queue_render_job (OcopPrintQueue      *self,
                             const OcopPrintJob  *job,
                             GError             **error)
{
  OcopReceiptOptions options = self->options;
  g_autoptr(OcopReceipt) receipt = NULL;

  /* Only the receipt handed over with the sale opens the drawer. */
  options.reprint = job->kind == OCOP_PRINT_JOB_REPRINT;
  options.open_drawer = options.open_drawer && job->kind == OCOP_PRINT_JOB_RECEIPT;
  if (job->kind == OCOP_PRINT_JOB_Z_REPORT)
    receipt = ocop_receipt_new_for_z_report (self->store, job->business_day, &options, error);
  else if (job->kind == OCOP_PRINT_JOB_HANDOVER)
    {
      g_autoptr(OcopHandover) handover = ocop_store_load_handover (self->store, job->handover_id, error);

      if (handover != NULL)
        receipt = ocop_receipt_new_for_handover (self->store, handover, &options, error);
    }
  else
    {
      g_autoptr(OcopSale) sale = ocop_store_load_sale (self->store, job->sale_id, error);

      if (sale != NULL)
        receipt = ocop_receipt_new_for_sale (self->store, sale, &options, error);
    }
  if (receipt == NULL)
    return NULL;
  return ocop_receipt_to_escpos (receipt, self->text_mode ? OCOP_RECEIPT_TEXT | OCOP_RECEIPT_NATIVE_QR
                                                          : OCOP_RECEIPT_RASTER, error);
}

gint64
ocop_print_queue_get_waiting (OcopPrintQueue *self)
{
  return ocop_store_count_print_jobs (self->store);
}

gboolean
ocop_print_queue_is_printing (OcopPrintQueue *self)
{
  return self->printing_id != 0;
}

const char *
ocop_print_queue_get_last_error (OcopPrintQueue *self)
{
  return self->last_failure ? self->last_failure->message : NULL;
}

const GError *
ocop_print_queue_get_last_failure (OcopPrintQueue *self)
{
  return self->last_failure;
}

/* ---- one job after another ---- */

static gboolean
retry_cb (gpointer user_data)
{
  OcopPrintQueue *self = user_data;

  self->retry_source = 0;
  ocop_print_queue_kick (self);
  return G_SOURCE_REMOVE;
}

/* Keeps the job with its reason, says so, and tries again later: a
 * printer out of paper gets its roll back, an unplugged one its cable. */
static void
job_failed (OcopPrintQueue *self,
            gint64          id,
            const GError   *error)
{
  g_autoptr(GError) store_error = NULL;

  if (!ocop_store_fail_print_job (self->store, id, error->message, &store_error))
    g_warning ("Could not note the failed print job %" G_GINT64_FORMAT ": %s", id, store_error->message);
  g_clear_error (&self->last_failure);
  self->last_failure = g_error_copy (error);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  self->retry_source = g_timeout_add_seconds (self->retry_delay_s, retry_cb, self);
  self->retry_delay_s = MIN (self->retry_delay_s * 2, OCOP_PRINT_QUEUE_RETRY_MAX_S);
}

static void
job_printed (OcopPrintQueue *self,
             gint64          id)
{
  g_autoptr(GError) error = NULL;

  /* The paper is out; if the store cannot say so the job would print
   * twice, which is better than a receipt lost. */
  if (!ocop_store_finish_print_job (self->store, id, &error))
    g_warning ("Could not mark print job %" G_GINT64_FORMAT " printed: %s", id, error->message);
  g_clear_error (&self->last_failure);
  self->retry_delay_s = OCOP_PRINT_QUEUE_RETRY_S;
}

/* One job per connection, as printers on port 9100 expect, and the USB
 * interface released between jobs (a re-plugged printer is found afresh,
 * and CUPS or a label tool may use it meanwhile). For a plain file, closing
 * is what publishes the job, so a close that fails fails the job. */
static gboolean
end_job (OcopPrinter  *printer,
         gboolean      written,
         GError      **error)
{
  g_autoptr(GError) close_error = NULL;
  gboolean closed = ocop_printer_close (printer, &close_error);

  if (written && !closed)
    {
      g_propagate_error (error, g_steal_pointer (&close_error));
      return FALSE;
    }
  return written;
}

static void
write_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(OcopPrintQueue) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 id = self->printing_id;
  gboolean written = ocop_printer_write_finish (OCOP_PRINTER (source), result, &error);

  self->printing_id = 0;
  written = end_job (OCOP_PRINTER (source), written, written ? &error : NULL);
  /* Disposed, or a new printer chosen: the job simply stays waiting. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->store == NULL)
    return;
  if (written)
    job_printed (self, id);
  else
    job_failed (self, id, error);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  if (written)
    ocop_print_queue_kick (self);
}

void
ocop_print_queue_kick (OcopPrintQueue *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GBytes) bytes = NULL;
  OcopPrintJob *job;

  g_return_if_fail (OCOP_IS_PRINT_QUEUE (self));

  if (self->printing_id != 0 || self->printer == NULL || self->store == NULL)
    return;
  g_clear_handle_id (&self->retry_source, g_source_remove);
  if (!(jobs = ocop_store_list_print_jobs (self->store, &error)))
    {
      g_warning ("Could not read the print queue: %s", error->message);
      return;
    }
  if (jobs->len == 0)
    return;
  job = g_ptr_array_index (jobs, 0);
  if (!(bytes = ocop_print_queue_render_job (self, job, &error)))
    {
      job_failed (self, job->id, error);
      g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
      return;
    }
  self->printing_id = job->id;
  g_cancellable_reset (self->cancellable);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  ocop_printer_write_async (self->printer, bytes, self->cancellable, write_done_cb, g_object_ref (self));
}

gboolean
ocop_print_queue_flush (OcopPrintQueue  *self,
                        GCancellable    *cancellable,
                        GError         **error)
{
  g_autoptr(GPtrArray) jobs = NULL;

  g_return_val_if_fail (self->printer != NULL, FALSE);
  g_return_val_if_fail (self->printing_id == 0, FALSE);

  if (!(jobs = ocop_store_list_print_jobs (self->store, error)))
    return FALSE;
  for (guint i = 0; i < jobs->len; i++)
    {
      OcopPrintJob *job = g_ptr_array_index (jobs, i);
      g_autoptr(GError) job_error = NULL;
      g_autoptr(GBytes) bytes = ocop_print_queue_render_job (self, job, &job_error);
      gboolean written = bytes != NULL && ocop_printer_write (self->printer, bytes, cancellable, &job_error);

      if (bytes != NULL)
        written = end_job (self->printer, written, written ? &job_error : NULL);
      if (!written)
        {
          ocop_store_fail_print_job (self->store, job->id, job_error->message, NULL);
          g_propagate_error (error, g_steal_pointer (&job_error));
          return FALSE;
        }
      job_printed (self, job->id);
    }
  return TRUE;
}
