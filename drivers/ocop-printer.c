/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-printer.c: OcopPrinter parses the printer's URI, picks the
 * transport, serializes access to it and turns a stalled job into the
 * reason the printer gives (paper out, cover open) when it can. */

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "ocop-printer-private.h"

G_DEFINE_QUARK (ocop-printer-error-quark, ocop_printer_error)

struct _OcopPrinter
{
  GObject               parent_instance;

  char                 *uri;
  guint                 timeout_ms;
  OcopPrinterTransport *transport;
  /* One job or query at a time: the till may ask for status while a
   * receipt is still going out on a worker thread. */
  GMutex                lock;
};

G_DEFINE_FINAL_TYPE (OcopPrinter, ocop_printer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_URI,
  PROP_TIMEOUT_MS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ocop_printer_finalize (GObject *object)
{
  OcopPrinter *self = OCOP_PRINTER (object);

  if (self->transport != NULL)
    {
      self->transport->klass->close (self->transport, NULL);
      self->transport->klass->free (self->transport);
    }
  g_free (self->uri);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (ocop_printer_parent_class)->finalize (object);
}

static void
ocop_printer_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  OcopPrinter *self = OCOP_PRINTER (object);

  switch (prop_id)
    {
    case PROP_URI:
      g_value_set_string (value, self->uri);
      break;
    case PROP_TIMEOUT_MS:
      g_value_set_uint (value, self->timeout_ms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ocop_printer_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  OcopPrinter *self = OCOP_PRINTER (object);

  switch (prop_id)
    {
    case PROP_TIMEOUT_MS:
      ocop_printer_set_timeout_ms (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ocop_printer_class_init (OcopPrinterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ocop_printer_finalize;
  object_class->get_property = ocop_printer_get_property;
  object_class->set_property = ocop_printer_set_property;

  properties[PROP_URI] =
    g_param_spec_string ("uri", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMEOUT_MS] =
    g_param_spec_uint ("timeout-ms", NULL, NULL, 1, G_MAXINT,
                       OCOP_PRINTER_DEFAULT_TIMEOUT_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ocop_printer_init (OcopPrinter *self)
{
  self->timeout_ms = OCOP_PRINTER_DEFAULT_TIMEOUT_MS;
  g_mutex_init (&self->lock);
}

/* ---- URIs ---- */

static gboolean
parse_hex16 (const char *text,
             gsize       length,
             guint16    *out)
{
  guint value = 0;

  if (length != 4)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isxdigit (text[i]))
        return FALSE;
      value = value * 16 + g_ascii_xdigit_value (text[i]);
    }
  *out = value;
  return TRUE;
}

static gboolean
set_uri_error (GError    **error,
               const char *uri,
               const char *problem)
{
  g_set_error (error, OCOP_PRINTER_ERROR, OCOP_PRINTER_ERROR_INVALID_URI,
               /* TRANSLATORS: the first %s is a printer address such as usb://0416:5011, the second says what is wrong with it */
               _("Printer address '%s': %s"), uri, problem);
  return FALSE;
}

/* usb://VID:PID[/SERIAL]; written by hand because GUri would read
 * "0416:5011" as a host and a decimal port. */
static OcopPrinterTransport *
usb_transport_for_uri (const char  *uri,
                       const char  *rest,
                       GError     **error)
{
  const char *colon = strchr (rest, ':');
  const char *slash = strchr (rest, '/');
  const char *pid_end = slash ? slash : rest + strlen (rest);
  g_autofree char *problem = NULL;
  guint16 vid, pid;

  if (colon == NULL || colon > pid_end)
    {
      set_uri_error (error, uri, _("expected usb://VID:PID, such as usb://0416:5011"));
      return NULL;
    }
  if (!parse_hex16 (rest, colon - rest, &vid))
    {
      g_autofree char *part = g_strndup (rest, colon - rest);

      problem = g_strdup_printf (_("the vendor id '%s' is not four hexadecimal digits"), part);
      set_uri_error (error, uri, problem);
      return NULL;
    }
  if (!parse_hex16 (colon + 1, pid_end - colon - 1, &pid))
    {
      g_autofree char *part = g_strndup (colon + 1, pid_end - colon - 1);

      problem = g_strdup_printf (_("the product id '%s' is not four hexadecimal digits"), part);
      set_uri_error (error, uri, problem);
      return NULL;
    }
  if (slash != NULL && slash[1] == '\0')
    {
      set_uri_error (error, uri, _("the serial number after '/' is empty"));
      return NULL;
    }
  return ocop_printer_usb_transport_new (vid, pid, slash ? slash + 1 : NULL);
}

static OcopPrinterTransport *
tcp_transport_for_uri (const char  *uri,
                       GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *host = NULL;
  g_autofree char *path = NULL;
  gint port = -1;

  if (!g_uri_split (uri, G_URI_FLAGS_NON_DNS, NULL, NULL, &host, &port, &path, NULL, NULL, &local_error))
    {
      set_uri_error (error, uri, local_error->message);
      return NULL;
    }
  if (host == NULL || *host == '\0')
    {
      set_uri_error (error, uri, _("the host name is missing (tcp://HOST:9100)"));
      return NULL;
    }
  if (port == 0)
    {
      set_uri_error (error, uri, _("port 0 is not a printer port"));
      return NULL;
    }
  if (path != NULL && *path != '\0' && !g_str_equal (path, "/"))
    {
      g_autofree char *problem = g_strdup_printf (_("a raw TCP printer has no path ('%s')"), path);

      set_uri_error (error, uri, problem);
      return NULL;
    }
  return ocop_printer_tcp_transport_new (host, port > 0 ? port : 9100);
}

static OcopPrinterTransport *
file_transport_for_uri (const char  *uri,
                        const char  *rest,
                        GError     **error)
{
  g_autofree char *path = NULL;

  if (g_str_has_prefix (rest, "//"))
    {
      g_autoptr(GError) local_error = NULL;

      if (!(path = g_filename_from_uri (uri, NULL, &local_error)))
        {
          set_uri_error (error, uri, local_error->message);
          return NULL;
        }
    }
  else
    path = g_strdup (rest);
  if (*path == '\0')
    {
      set_uri_error (error, uri, _("the file name is missing (file:/dev/usb/lp0)"));
      return NULL;
    }
  return ocop_printer_file_transport_new (path);
}

static OcopPrinterTransport *
transport_for_uri (const char  *uri,
                   GError     **error)
{
  g_autofree char *scheme = g_uri_parse_scheme (uri);

  if (scheme == NULL)
    {
      set_uri_error (error, uri, _("it does not start with usb://, tcp:// or file:"));
      return NULL;
    }
  if (g_ascii_strcasecmp (scheme, "usb") == 0)
    {
      if (!g_str_has_prefix (uri + 3, "://"))
        {
          set_uri_error (error, uri, _("expected usb://VID:PID, such as usb://0416:5011"));
          return NULL;
        }
      return usb_transport_for_uri (uri, uri + 6, error);
    }
  if (g_ascii_strcasecmp (scheme, "tcp") == 0 || g_ascii_strcasecmp (scheme, "socket") == 0)
    return tcp_transport_for_uri (uri, error);
  if (g_ascii_strcasecmp (scheme, "file") == 0)
    return file_transport_for_uri (uri, uri + 5, error);

  {
    g_autofree char *problem =
      g_strdup_printf (_("unknown printer type '%s:' (use usb://, tcp:// or file:)"), scheme);

    set_uri_error (error, uri, problem);
  }
  return NULL;
}

OcopPrinter *
ocop_printer_new_for_uri (const char  *uri,
                          GError     **error)
{
  OcopPrinterTransport *transport;
  OcopPrinter *self;

  g_return_val_if_fail (uri != NULL, NULL);

  if (!(transport = transport_for_uri (uri, error)))
    return NULL;
  self = g_object_new (OCOP_TYPE_PRINTER, NULL);
  self->uri = g_strdup (uri);
  self->transport = transport;
  return self;
}

const char *
ocop_printer_get_uri (OcopPrinter *self)
{
  g_return_val_if_fail (OCOP_IS_PRINTER (self), NULL);
  return self->uri;
}

guint
ocop_printer_get_timeout_ms (OcopPrinter *self)
{
  g_return_val_if_fail (OCOP_IS_PRINTER (self), 0);
  return self->timeout_ms;
}

void
ocop_printer_set_timeout_ms (OcopPrinter *self,
                             guint        timeout_ms)
{
  g_return_if_fail (OCOP_IS_PRINTER (self));
  g_return_if_fail (timeout_ms > 0);

  if (self->timeout_ms == timeout_ms)
    return;
  self->timeout_ms = timeout_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT_MS]);
}

/* ---- open, close ---- */

static gboolean
ensure_open_locked (OcopPrinter  *self,
                    GError      **error)
{
  if (self->transport->is_open)
    return TRUE;
  if (!self->transport->klass->open (self->transport, error))
    return FALSE;
  self->transport->is_open = TRUE;
  return TRUE;
}

static void
close_after_disconnect_locked (OcopPrinter  *self,
                               const GError *error)
{
  /* A vanished device or dropped socket cannot be reused; closing now lets
   * the next job find the printer again once it is back. */
  if (g_error_matches (error, OCOP_PRINTER_ERROR, OCOP_PRINTER_ERROR_DISCONNECTED) &&
      self->transport->is_open)
    {
      self->transport->klass->close (self->transport, NULL);
      self->transport->is_open = FALSE;
    }
}

gboolean
ocop_printer_open (OcopPrinter  *self,
                   GError      **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (OCOP_IS_PRINTER (self), FALSE);

  locker = g_mutex_locker_new (&self->lock);
  return ensure_open_locked (self, error);
}

gboolean
ocop_printer_is_open (OcopPrinter *self)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (OCOP_IS_PRINTER (self), FALSE);

  locker = g_mutex_locker_new (&self->lock);
  return self->transport->is_open;
}

gboolean
ocop_printer_close (OcopPrinter  *self,
                    GError      **error)
{
  g_autoptr(GMutexLocker) locker = NULL;

  g_return_val_if_fail (OCOP_IS_PRINTER (self), FALSE);

  locker = g_mutex_locker_new (&self->lock);
  if (!self->transport->is_open)
    return TRUE;
  self->transport->is_open = FALSE;
  return self->transport->klass->close (self->transport, error);
}

/* ---- status ---- */

gboolean
ocop_printer_apply_dle_eot_reply (OcopPrinterStatus *status,
                                  guint8             n,
                                  guint8             reply)
{
  if ((reply & 0x93) != 0x12)
    return FALSE;
  switch (n)
    {
    case 1:
      status->offline = (reply & 0x08) != 0;
      break;
    case 2:
      status->cover_open = (reply & 0x04) != 0;
      status->paper_out = status->paper_out || (reply & 0x20) != 0;
      status->error = (reply & 0x40) != 0;
      break;
    case 4:
      status->paper_near_end = (reply & 0x0c) != 0;
      status->paper_out = status->paper_out || (reply & 0x60) != 0;
      break;
    default:
      break;
    }
  return TRUE;
}

gboolean
ocop_printer_status_is_ready (const OcopPrinterStatus *status)
{
  g_return_val_if_fail (status != NULL, FALSE);
  return !status->offline && !status->cover_open && !status->paper_out && !status->error;
}

gboolean
ocop_printer_status_check (const OcopPrinterStatus  *status,
                           GError                  **error)
{
  g_return_val_if_fail (status != NULL, FALSE);

  /* Most specific first: an open cover or no paper also reads offline. */
  if (status->paper_out)
    g_set_error_literal (error, OCOP_PRINTER_ERROR, OCOP_PRINTER_ERROR_PAPER_OUT,
                         _("The printer is out of paper: load a new roll and print again"));
  else if (status->cover_open)
    g_set_error_literal (error, OCOP_PRINTER_ERROR, OCOP_PRINTER_ERROR_COVER_OPEN,
                         _("The printer's cover is open: close it and print again"));
  else if (status->error)
    g_set_error_literal (error, OCOP_PRINTER_ERROR, OCOP_PRINTER_ERROR_FAILED,
                         _("The printer reports an error (paper jam, cutter or overheating): check it and print again"));
  else if (status->offline)
    g_set_error_literal (error, OCOP_PRINTER_ERROR, OCOP_PRINTER_ERROR_OFFLINE,
                         _("The printer is offline: check that it is switched on and ready"));
  else
    return TRUE;
  return FALSE;
}

static gboolean
query_status_locked (OcopPrinter        *self,
                     OcopPrinterStatus  *status,
                     GCancellable       *cancellable,
                     GError            **error)
{
  memset (status, 0, sizeof *status);
  return ensure_open_locked (self, error) &&
         self->transport->klass->query_status (self->transport, status, cancellable, error);
}

gboolean
ocop_printer_query_status (OcopPrinter        *self,
                           OcopPrinterStatus  *status,
                           GCancellable       *cancellable,
                           GError            **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (OCOP_IS_PRINTER (self), FALSE);
  g_return_val_if_fail (status != NULL, FALSE);

  locker = g_mutex_locker_new (&self->lock);
  if (query_status_locked (self, status, cancellable, &local_error))
    return TRUE;
  close_after_disconnect_locked (self, local_error);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static void
query_status_in_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  OcopPrinterStatus *status = g_new0 (OcopPrinterStatus, 1);
  GError *error = NULL;

  if (ocop_printer_query_status (source_object, status, cancellable, &error))
    g_task_return_pointer (task, status, g_free);
  else
    {
      g_free (status);
      g_task_return_error (task, error);
    }
}

void
ocop_printer_query_status_async (OcopPrinter         *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (OCOP_IS_PRINTER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ocop_printer_query_status_async);
  g_task_run_in_thread (task, query_status_in_thread);
}

gboolean
ocop_printer_query_status_finish (OcopPrinter        *self,
                                  GAsyncResult       *result,
                                  OcopPrinterStatus  *status,
                                  GError            **error)
{
  g_autofree OcopPrinterStatus *answer = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!(answer = g_task_propagate_pointer (G_TASK (result), error)))
    return FALSE;
  *status = *answer;
  return TRUE;
}

/* ---- writing ---- */

/* A printer that stops taking data usually has a reason it can tell: ask,
 * briefly, and report that reason instead of a bare timeout. */
static void
explain_stall_locked (OcopPrinter  *self,
                      GError      **error)
{
  OcopPrinterStatus status = { 0 };
  g_autoptr(GError) reason = NULL;

  if (!self->transport->klass->query_status (self->transport, &status, NULL, NULL))
    return;
  if (ocop_printer_status_check (&status, &reason))
    return;
  g_clear_error (error);
  g_propagate_error (error, g_steal_pointer (&reason));
}

gboolean
ocop_printer_write (OcopPrinter   *self,
                    GBytes        *data,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GError) local_error = NULL;
  const guint8 *bytes;
  gsize length;

  g_return_val_if_fail (OCOP_IS_PRINTER (self), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  locker = g_mutex_locker_new (&self->lock);
  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !ensure_open_locked (self, error))
    return FALSE;
  bytes = g_bytes_get_data (data, &length);
  if (length == 0 ||
      self->transport->klass->write (self->transport, bytes, length, self->timeout_ms,
                                     cancellable, &local_error))
    return TRUE;
  if (g_error_matches (local_error, OCOP_PRINTER_ERROR, OCOP_PRINTER_ERROR_TIMEOUT))
    explain_stall_locked (self, &local_error);
  close_after_disconnect_locked (self, local_error);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static void
write_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GError *error = NULL;

  if (ocop_printer_write (source_object, task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
ocop_printer_write_async (OcopPrinter         *self,
                          GBytes              *data,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (OCOP_IS_PRINTER (self));
  g_return_if_fail (data != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ocop_printer_write_async);
  g_task_set_task_data (task, g_bytes_ref (data), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, write_in_thread);
}

gboolean
ocop_printer_write_finish (OcopPrinter   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- device id ---- */

char *
ocop_printer_get_device_id (OcopPrinter  *self,
                            GError      **error)
{
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GError) local_error = NULL;
  char *id;

  g_return_val_if_fail (OCOP_IS_PRINTER (self), NULL);

  locker = g_mutex_locker_new (&self->lock);
  if (self->transport->klass->get_device_id == NULL)
    {
      g_set_error (error, OCOP_PRINTER_ERROR, OCOP_PRINTER_ERROR_FAILED,
                   _("%s is not a USB printer: only USB printers report a device id"), self->uri);
      return NULL;
    }
  if (!ensure_open_locked (self, error))
    return NULL;
  if ((id = self->transport->klass->get_device_id (self->transport, &local_error)))
    return id;
  close_after_disconnect_locked (self, local_error);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

char *
ocop_printer_device_id_get_field (const char *device_id,
                                  const char *key)
{
  g_auto(GStrv) fields = NULL;

  g_return_val_if_fail (key != NULL, NULL);
  if (device_id == NULL)
    return NULL;
  fields = g_strsplit (device_id, ";", -1);
  for (guint i = 0; fields[i] != NULL; i++)
    {
      char *colon = strchr (fields[i], ':');
      g_autofree char *name = NULL;

      if (colon == NULL)
        continue;
      name = g_strstrip (g_strndup (fields[i], colon - fields[i]));
      if (g_ascii_strcasecmp (name, key) == 0)
        return g_strstrip (g_strdup (colon + 1));
    }
  return NULL;
}
