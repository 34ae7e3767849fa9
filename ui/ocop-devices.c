/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-devices.c: the receipt printer, its queue and its status, a
 * directly read scanner and the scale, kept in step with the till's
 * settings. Nothing here blocks: printing and status run on the drivers'
 * worker threads, and the scale's port is watched on the main context. */

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "ocop-devices.h"
#include "ocop-printer-monitor.h"
#include "ocop-printer-trouble.h"
#include "ocop-serial-scanner.h"
#include "ocop-usb-scanner.h"

struct _OcopDevices
{
  GObject             parent_instance;

  OcopStore          *store;
  GSettings          *settings;
  OcopPrintQueue     *queue;

  OcopPrinter        *printer;            /* NULL: none set, or its URI is wrong */
  char               *printer_problem;    /* why there is no printer, or NULL */
  OcopPrinterStatus   status;
  GError             *status_error;       /* the last status query failed: why */
  gboolean            was_printing;
  gboolean            status_known;
  GCancellable       *status_cancellable;
  guint               status_source;
  OcopPrinterMonitor *monitor;            /* for usb:// printers only */

  GObject            *scanner;            /* OcopUsbScanner or OcopSerialScanner */
  char               *scanner_problem;

  OcopScale          *scale;              /* NULL: none set, or its URI is wrong */
  char               *scale_problem;      /* why it cannot be used, or NULL */
  OcopScaleStatus     scale_status;       /* of its last reading */
  gboolean            scale_heard;        /* a reading came since it was set */
};

G_DEFINE_FINAL_TYPE (OcopDevices, ocop_devices, G_TYPE_OBJECT)

enum { SIGNAL_CHANGED, SIGNAL_SCANNED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
emit_changed (OcopDevices *self)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

/* ---- printer status ---- */

static void query_status (OcopDevices *self);

static void
status_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(OcopDevices) self = user_data;
  g_autoptr(GError) error = NULL;
  OcopPrinterStatus status = { 0 };
  gboolean was_ready = self->status_known && ocop_printer_status_is_ready (&self->status);

  if (!ocop_printer_query_status_finish (OCOP_PRINTER (source), result, &status, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* A printer that answered no longer holds its interface for the queue. */
  ocop_printer_close (OCOP_PRINTER (source), NULL);
  if ((OcopPrinter *) source != self->printer)
    return;
  g_clear_error (&self->status_error);
  self->status_known = error == NULL;
  self->status = status;
  self->status_error = g_steal_pointer (&error);
  /* Paper back in, cover shut, cable plugged: what waits prints now. */
  if (self->status_known && ocop_printer_status_is_ready (&status) && !was_ready)
    ocop_print_queue_kick (self->queue);
  emit_changed (self);
}

static void
query_status (OcopDevices *self)
{
  /* The queue's job has the printer; its outcome says how it is. */
  if (self->printer == NULL || ocop_print_queue_is_printing (self->queue))
    return;
  g_cancellable_cancel (self->status_cancellable);
  g_clear_object (&self->status_cancellable);
  self->status_cancellable = g_cancellable_new ();
  ocop_printer_query_status_async (self->printer, self->status_cancellable, status_done_cb, g_object_ref (self));
}

static gboolean
status_tick_cb (gpointer user_data)
{
  query_status (user_data);
  return G_SOURCE_CONTINUE;
}

static void
printer_plugged_cb (OcopDevices *self)
{
  query_status (self);
  ocop_print_queue_kick (self->queue);
}

/* A job that just printed says more than a status query from before it:
 * the printer is back, and the banner about it goes. */
static void
queue_changed_cb (OcopDevices *self)
{
  gboolean printing = ocop_print_queue_is_printing (self->queue);

  if (self->was_printing && !printing && ocop_print_queue_get_last_failure (self->queue) == NULL)
    {
      g_clear_error (&self->status_error);
      self->status = (OcopPrinterStatus) { 0 };
      self->status_known = TRUE;
    }
  self->was_printing = printing;
  emit_changed (self);
}

/* ---- the settings ---- */

static void
apply_receipt_options (OcopDevices *self)
{
  g_autofree char *bin = g_settings_get_string (self->settings, "bank-bin");
  g_autofree char *account = g_settings_get_string (self->settings, "bank-account");
  g_autofree char *holder = g_settings_get_string (self->settings, "bank-account-name");
  guint width_mm = g_settings_get_uint (self->settings, "receipt-width-mm");
  OcopReceiptOptions options = {
    .width_dots = width_mm < 70 ? OCOP_RECEIPT_WIDTH_58MM : OCOP_RECEIPT_WIDTH_80MM,
    .bank_bin = *bin ? bin : NULL,
    .bank_account = *account ? account : NULL,
    .bank_holder = *holder ? holder : NULL,
    .open_drawer = TRUE,
    .cut = TRUE,
  };

  ocop_print_queue_set_options (self->queue, &options, FALSE);
}

static void
apply_printer (OcopDevices *self)
{
  g_autofree char *uri = g_settings_get_string (self->settings, "printer-uri");
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopPrinter) printer = NULL;

  g_cancellable_cancel (self->status_cancellable);
  g_clear_object (&self->printer);
  g_clear_pointer (&self->printer_problem, g_free);
  g_clear_error (&self->status_error);
  g_clear_object (&self->monitor);
  self->status_known = FALSE;
  if (*uri != '\0' && !(printer = ocop_printer_new_for_uri (uri, &error)))
    self->printer_problem = g_strdup (error->message);
  self->printer = g_steal_pointer (&printer);
  /* Receipts are queued only for a till that has somewhere to print them. */
  ocop_store_set_queue_receipts (self->store, self->printer != NULL);
  ocop_print_queue_set_printer (self->queue, self->printer);
  if (self->printer != NULL && g_str_has_prefix (uri, "usb://"))
    {
      self->monitor = ocop_printer_monitor_new ();
      g_signal_connect_object (self->monitor, "added", G_CALLBACK (printer_plugged_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->monitor, "removed", G_CALLBACK (query_status), self, G_CONNECT_SWAPPED);
      ocop_printer_monitor_start (self->monitor);
    }
  query_status (self);
  ocop_print_queue_kick (self->queue);
  emit_changed (self);
}

static void
scanned_cb (OcopDevices *self,
            const char  *code)
{
  g_signal_emit (self, signals[SIGNAL_SCANNED], 0, code);
}

static void
scanner_lost_cb (OcopDevices  *self,
                 const GError *error)
{
  g_free (self->scanner_problem);
  self->scanner_problem = g_strdup (error->message);
  emit_changed (self);
}

static void
scanner_back_cb (OcopDevices *self)
{
  g_clear_pointer (&self->scanner_problem, g_free);
  emit_changed (self);
}

static gboolean
start_scanner (OcopDevices  *self,
               const char   *uri,
               GError      **error)
{
  if (g_str_has_prefix (uri, "serial:"))
    {
      g_autoptr(OcopSerialScanner) serial = ocop_serial_scanner_new_for_uri (uri, error);

      if (serial == NULL || !ocop_serial_scanner_start (serial, error))
        return FALSE;
      self->scanner = G_OBJECT (g_steal_pointer (&serial));
    }
  else
    {
      g_autoptr(OcopUsbScanner) usb = ocop_usb_scanner_new_for_uri (uri, error);

      if (usb == NULL || !ocop_usb_scanner_start (usb, error))
        return FALSE;
      self->scanner = G_OBJECT (g_steal_pointer (&usb));
      g_signal_connect_object (self->scanner, "connected", G_CALLBACK (scanner_back_cb), self, G_CONNECT_SWAPPED);
    }
  g_signal_connect_object (self->scanner, "scanned", G_CALLBACK (scanned_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->scanner, "disconnected", G_CALLBACK (scanner_lost_cb), self, G_CONNECT_SWAPPED);
  return TRUE;
}

static void
stop_scanner (OcopDevices *self)
{
  if (OCOP_IS_USB_SCANNER (self->scanner))
    ocop_usb_scanner_stop (OCOP_USB_SCANNER (self->scanner));
  else if (OCOP_IS_SERIAL_SCANNER (self->scanner))
    ocop_serial_scanner_stop (OCOP_SERIAL_SCANNER (self->scanner));
  g_clear_object (&self->scanner);
}

static void
apply_scanner (OcopDevices *self)
{
  g_autofree char *uri = g_settings_get_string (self->settings, "scanner");
  g_autoptr(GError) error = NULL;

  stop_scanner (self);
  g_clear_pointer (&self->scanner_problem, g_free);
  if (!g_str_equal (uri, "keyboard") && *uri != '\0' && !start_scanner (self, uri, &error))
    self->scanner_problem = g_strdup (error->message);
  emit_changed (self);
}

/* The status bar follows the scale's health, not its every reading: a
 * continuous scale sends ten lines a second. */
static void
scale_reading_cb (OcopDevices            *self,
                  const OcopScaleReading *reading)
{
  gboolean was_gone = self->scale_status == OCOP_SCALE_GONE;
  gboolean changed = !self->scale_heard || self->scale_problem != NULL ||
                     was_gone != (reading->status == OCOP_SCALE_GONE);

  self->scale_heard = TRUE;
  self->scale_status = reading->status;
  g_clear_pointer (&self->scale_problem, g_free);
  if (changed)
    emit_changed (self);
}

static void
apply_scale (OcopDevices *self)
{
  g_autofree char *uri = g_settings_get_string (self->settings, "scale-uri");
  g_autoptr(GError) error = NULL;

  if (self->scale != NULL)
    ocop_scale_close (self->scale);
  g_clear_object (&self->scale);
  g_clear_pointer (&self->scale_problem, g_free);
  self->scale_heard = FALSE;
  self->scale_status = OCOP_SCALE_ZERO;
  if (*uri != '\0')
    self->scale = ocop_scale_new_for_uri (uri, &error);
  /* A scale that is not plugged in yet stays set: each request opens it
   * again, and its first reading clears the problem. */
  if (self->scale != NULL && !ocop_scale_open (self->scale, &error))
    self->scale_problem = g_strdup (error->message);
  else if (self->scale == NULL && error != NULL)
    self->scale_problem = g_strdup (error->message);
  if (self->scale != NULL)
    g_signal_connect_object (self->scale, "reading", G_CALLBACK (scale_reading_cb), self, G_CONNECT_SWAPPED);
  emit_changed (self);
}

static void
settings_changed_cb (OcopDevices *self,
                     const char  *key)
{
  if (g_str_equal (key, "printer-uri"))
    apply_printer (self);
  else if (g_str_equal (key, "scanner"))
    apply_scanner (self);
  else if (g_str_equal (key, "scale-uri"))
    apply_scale (self);
  else if (g_str_has_prefix (key, "bank-") || g_str_equal (key, "receipt-width-mm"))
    apply_receipt_options (self);
}

/* ---- the object ---- */

static void
ocop_devices_dispose (GObject *object)
{
  OcopDevices *self = OCOP_DEVICES (object);

  if (self->status_cancellable != NULL)
    g_cancellable_cancel (self->status_cancellable);
  g_clear_object (&self->status_cancellable);
  g_clear_handle_id (&self->status_source, g_source_remove);
  stop_scanner (self);
  if (self->scale != NULL)
    ocop_scale_close (self->scale);
  g_clear_object (&self->scale);
  g_clear_object (&self->monitor);
  g_clear_object (&self->queue);
  g_clear_object (&self->printer);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (ocop_devices_parent_class)->dispose (object);
}

static void
ocop_devices_finalize (GObject *object)
{
  OcopDevices *self = OCOP_DEVICES (object);

  g_free (self->printer_problem);
  g_clear_error (&self->status_error);
  g_free (self->scanner_problem);
  g_free (self->scale_problem);
  G_OBJECT_CLASS (ocop_devices_parent_class)->finalize (object);
}

static void
ocop_devices_class_init (OcopDevicesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ocop_devices_dispose;
  object_class->finalize = ocop_devices_finalize;

  /* What the status bar says has changed. */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* A directly read scanner read @code: it goes where keyboard scans go. */
  signals[SIGNAL_SCANNED] = g_signal_new ("scanned", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
ocop_devices_init (OcopDevices *self)
{
}

OcopDevices *
ocop_devices_new (OcopStore *store,
                  GSettings *settings)
{
  OcopDevices *self = g_object_new (OCOP_TYPE_DEVICES, NULL);

  self->store = g_object_ref (store);
  self->settings = g_object_ref (settings);
  self->queue = ocop_print_queue_new (store);
  g_signal_connect_object (self->queue, "changed", G_CALLBACK (queue_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed", G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
  apply_receipt_options (self);
  apply_printer (self);
  apply_scanner (self);
  apply_scale (self);
  self->status_source = g_timeout_add_seconds (OCOP_DEVICES_STATUS_INTERVAL_S, status_tick_cb, self);
  return self;
}

void
ocop_devices_print_waiting (OcopDevices *self)
{
  ocop_print_queue_kick (self->queue);
}

static gboolean
need_printer (OcopDevices  *self,
              GError      **error)
{
  if (self->printer != NULL)
    return TRUE;
  g_set_error_literal (error, OCOP_PRINTER_ERROR, OCOP_PRINTER_ERROR_NOT_FOUND,
                       self->printer_problem ? self->printer_problem
                                             : _("No receipt printer is set: choose one in Settings"));
  return FALSE;
}

gboolean
ocop_devices_reprint (OcopDevices  *self,
                      const char   *ref,
                      GError      **error)
{
  if (!need_printer (self, error) || ocop_store_queue_reprint (self->store, ref, error) == 0)
    return FALSE;
  ocop_print_queue_kick (self->queue);
  return TRUE;
}

gboolean
ocop_devices_print_z_report (OcopDevices  *self,
                             const char   *day,
                             GError      **error)
{
  if (!need_printer (self, error) || ocop_store_queue_z_report (self->store, day, error) == 0)
    return FALSE;
  ocop_print_queue_kick (self->queue);
  return TRUE;
}

gboolean
ocop_devices_print_handover (OcopDevices  *self,
                             gint64        handover_id,
                             GError      **error)
{
  if (!need_printer (self, error) || ocop_store_queue_handover (self->store, handover_id, error) == 0)
    return FALSE;
  ocop_print_queue_kick (self->queue);
  return TRUE;
}

OcopPrintQueue *
ocop_devices_get_print_queue (OcopDevices *self)
{
  return self->queue;
}

gboolean
ocop_devices_has_stuck_receipts (OcopDevices *self)
{
  return self->printer != NULL && !ocop_print_queue_is_printing (self->queue) &&
         ocop_print_queue_get_last_error (self->queue) != NULL && ocop_print_queue_get_waiting (self->queue) > 0;
}

OcopPrinterTrouble
ocop_devices_get_printer_trouble (OcopDevices *self)
{
  if (self->printer_problem != NULL)
    return OCOP_PRINTER_TROUBLE_BAD_ADDRESS;
  if (self->printer == NULL)
    return OCOP_PRINTER_TROUBLE_NONE;
  /* While a retry runs the last failure still stands: the banner stays
   * until a receipt has printed, rather than flickering away and back. */
  if (ocop_print_queue_get_last_failure (self->queue) != NULL && ocop_print_queue_get_waiting (self->queue) > 0)
    return ocop_printer_trouble_from_error (ocop_print_queue_get_last_failure (self->queue));
  if (ocop_print_queue_is_printing (self->queue))
    return OCOP_PRINTER_TROUBLE_NONE;
  if (self->status_error != NULL)
    return ocop_printer_trouble_from_error (self->status_error);
  if (self->status_known)
    return ocop_printer_trouble_from_status (&self->status);
  return OCOP_PRINTER_TROUBLE_NONE;
}

gint64
ocop_devices_get_waiting_receipts (OcopDevices *self)
{
  return self->printer != NULL ? ocop_print_queue_get_waiting (self->queue) : 0;
}

char *
ocop_devices_describe_printer (OcopDevices *self)
{
  gint64 waiting = ocop_print_queue_get_waiting (self->queue);
  /* The drivers' own messages name device nodes and libusb's English: the
   * till says the kind of trouble, which the banner spells out. */
  const char *trouble = ocop_printer_trouble_name (ocop_devices_get_printer_trouble (self));

  if (self->printer_problem != NULL)
    return g_strdup_printf (_("Printer: %s"), self->printer_problem);
  if (self->printer == NULL)
    return g_strdup (_("Printer: none (receipts are not printed)"));
  if (ocop_print_queue_is_printing (self->queue))
    return g_strdup (_("Printer: printing…"));
  if (waiting > 0 && trouble != NULL)
    /* The count first: a long reason is cut at the end of the bar. */
    return g_strdup_printf (g_dngettext (NULL, "Printer: %" PRId64 " receipt waiting — %s",
                                         "Printer: %" PRId64 " receipts waiting — %s", waiting),
                            waiting, trouble);
  if (trouble != NULL)
    return g_strdup_printf (_("Printer: %s"), trouble);
  if (self->status_known && self->status.paper_near_end)
    return g_strdup (_("Printer: ready, paper running low"));
  return g_strdup (self->status_known ? _("Printer: ready") : _("Printer: connecting…"));
}

char *
ocop_devices_describe_scanner (OcopDevices *self)
{
  g_autofree char *uri = g_settings_get_string (self->settings, "scanner");

  if (self->scanner_problem != NULL)
    return g_strdup_printf (_("Scanner: %s"), self->scanner_problem);
  if (self->scanner == NULL)
    return g_strdup (_("Scanner: keyboard"));
  return g_strdup_printf (_("Scanner: %s"), uri);
}

OcopScale *
ocop_devices_get_scale (OcopDevices *self)
{
  return self->scale;
}

char *
ocop_devices_describe_scale (OcopDevices *self)
{
  if (self->scale_problem != NULL)
    return g_strdup_printf (_("Scale: %s"), self->scale_problem);
  if (self->scale == NULL)
    return g_strdup (_("Scale: none (weights are typed)"));
  if (self->scale_heard && self->scale_status == OCOP_SCALE_GONE)
    return g_strdup_printf (_("Scale: %s"), ocop_scale_status_describe (OCOP_SCALE_GONE));
  return g_strdup (_("Scale: ready"));
}
