/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-printer-monitor.c: lists attached USB receipt printers and watches
 * for plug and unplug.
 *
 * Watching uses libusb's hotplug callbacks (udev events) on a worker
 * thread; they work under the umockdev test bed too, whose uevents reach
 * libusb's udev monitor. Where libusb has no hotplug support (a build
 * without udev or netlink), the worker instead enumerates every 2 s with
 * a fresh libusb context. Either way a printer is opened only when it
 * appears, to read its names. */

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "ocop-printer-monitor.h"
#include "ocop-printer-usb-private.h"

G_DEFINE_BOXED_TYPE (OcopPrinterInfo, ocop_printer_info, ocop_printer_info_copy, ocop_printer_info_free)

OcopPrinterInfo *
ocop_printer_info_copy (const OcopPrinterInfo *info)
{
  OcopPrinterInfo *copy = g_new0 (OcopPrinterInfo, 1);

  copy->uri = g_strdup (info->uri);
  copy->manufacturer = g_strdup (info->manufacturer);
  copy->model = g_strdup (info->model);
  copy->device_node = g_strdup (info->device_node);
  return copy;
}

void
ocop_printer_info_free (OcopPrinterInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->uri);
  g_free (info->manufacturer);
  g_free (info->model);
  g_free (info->device_node);
  g_free (info);
}

char *
ocop_printer_info_dup_name (const OcopPrinterInfo *info)
{
  if (info->manufacturer && info->model && !g_str_has_prefix (info->model, info->manufacturer))
    return g_strdup_printf ("%s %s", info->manufacturer, info->model);
  if (info->model)
    return g_strdup (info->model);
  if (info->manufacturer)
    return g_strdup (info->manufacturer);
  return g_strdup (info->uri);
}

/* ---- one look at the bus ---- */

static void
read_names (libusb_device                  *device,
            const OcopUsbPrinterInterface  *iface,
            const struct libusb_device_descriptor *desc,
            OcopPrinterInfo                *info,
            char                          **serial)
{
  const OcopKnownPrinter *known = ocop_printer_usb_lookup_known (desc->idVendor, desc->idProduct);
  libusb_device_handle *handle = NULL;

  if (libusb_open (device, &handle) == 0)
    {
      /* GET_DEVICE_ID fails while usblp holds the interface; the string
       * descriptors then still name the printer. */
      g_autofree char *id = ocop_usb_printer_read_device_id (handle, iface, NULL);

      info->manufacturer = ocop_printer_device_id_get_field (id, "MFG");
      if (info->manufacturer == NULL)
        info->manufacturer = ocop_printer_device_id_get_field (id, "MANUFACTURER");
      info->model = ocop_printer_device_id_get_field (id, "MDL");
      if (info->model == NULL)
        info->model = ocop_printer_device_id_get_field (id, "MODEL");
      if (info->manufacturer == NULL)
        info->manufacturer = ocop_usb_read_string (handle, desc->iManufacturer);
      if (info->model == NULL)
        info->model = ocop_usb_read_string (handle, desc->iProduct);
      *serial = ocop_usb_read_string (handle, desc->iSerialNumber);
      libusb_close (handle);
    }
  if (info->model == NULL && known != NULL)
    info->model = g_strdup (known->name);
}

static OcopPrinterInfo *
describe_printer (libusb_device *device)
{
  struct libusb_device_descriptor desc;
  OcopUsbPrinterInterface iface;
  OcopPrinterInfo *info;
  g_autofree char *serial = NULL;

  if (libusb_get_device_descriptor (device, &desc) != 0 ||
      !ocop_usb_printer_find_interface (device, &iface))
    return NULL;
  info = g_new0 (OcopPrinterInfo, 1);
  read_names (device, &iface, &desc, info, &serial);
  /* Serials with '/' or spaces would not survive the URI: leave them out. */
  if (serial != NULL && *serial != '\0' && strpbrk (serial, "/ ?#") == NULL)
    info->uri = g_strdup_printf ("usb://%04x:%04x/%s", desc.idVendor, desc.idProduct, serial);
  else
    info->uri = g_strdup_printf ("usb://%04x:%04x", desc.idVendor, desc.idProduct);
  info->device_node = ocop_usb_device_node (device);
  return info;
}

static char *
device_key (libusb_device *device)
{
  return g_strdup_printf ("%u-%u", libusb_get_bus_number (device), libusb_get_device_address (device));
}

/* Printers attached now, keyed by bus and address; @known (if not NULL)
 * maps keys already described, which are then not opened again. */
static GHashTable *
look_at_bus (GHashTable  *known,
             GError     **error)
{
  GHashTable *found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) ocop_printer_info_free);
  libusb_context *context = NULL;
  libusb_device **devices = NULL;
  ssize_t count;
  int rc;

  if ((rc = libusb_init (&context)) != 0)
    {
      g_set_error (error, OCOP_PRINTER_ERROR, OCOP_PRINTER_ERROR_FAILED,
                   _("Cannot use USB on this computer: %s"), libusb_strerror (rc));
      g_hash_table_unref (found);
      return NULL;
    }
  count = libusb_get_device_list (context, &devices);
  for (ssize_t i = 0; i < count; i++)
    {
      g_autofree char *key = device_key (devices[i]);
      OcopPrinterInfo *info = known ? g_hash_table_lookup (known, key) : NULL;

      info = info ? ocop_printer_info_copy (info) : describe_printer (devices[i]);
      if (info != NULL)
        g_hash_table_insert (found, g_steal_pointer (&key), info);
    }
  if (count >= 0)
    libusb_free_device_list (devices, TRUE);
  libusb_exit (context);
  return found;
}

static int
compare_by_uri (gconstpointer a,
                gconstpointer b)
{
  const OcopPrinterInfo *x = *(OcopPrinterInfo * const *) a;
  const OcopPrinterInfo *y = *(OcopPrinterInfo * const *) b;

  return g_strcmp0 (x->uri, y->uri);
}

GPtrArray *
ocop_printer_monitor_list_attached (GError **error)
{
  g_autoptr(GHashTable) found = look_at_bus (NULL, error);
  GPtrArray *printers;
  GHashTableIter iter;
  gpointer value;

  if (found == NULL)
    return NULL;
  printers = g_ptr_array_new_with_free_func ((GDestroyNotify) ocop_printer_info_free);
  g_hash_table_iter_init (&iter, found);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (printers, ocop_printer_info_copy (value));
  g_ptr_array_sort (printers, compare_by_uri);
  return printers;
}

/* ---- the monitor ---- */

struct _OcopPrinterMonitor
{
  GObject       parent_instance;

  guint         interval_ms;
  gboolean      polling;
  GMainContext *context;     /* where signals are emitted */
  GThread      *thread;
  GMutex        lock;
  GCond         wake;
  gboolean      stopping;
};

G_DEFINE_FINAL_TYPE (OcopPrinterMonitor, ocop_printer_monitor, G_TYPE_OBJECT)

enum { SIGNAL_ADDED, SIGNAL_REMOVED, N_SIGNALS };
static guint signals[N_SIGNALS];

enum { PROP_0, PROP_INTERVAL_MS, PROP_POLLING, N_PROPS };
static GParamSpec *properties[N_PROPS];

typedef struct {
  GWeakRef         monitor;
  OcopPrinterInfo *info;
  guint            signal;
} MonitorEvent;

static void
monitor_event_free (MonitorEvent *event)
{
  g_weak_ref_clear (&event->monitor);
  ocop_printer_info_free (event->info);
  g_free (event);
}

static gboolean
emit_event (gpointer data)
{
  MonitorEvent *event = data;
  g_autoptr(OcopPrinterMonitor) monitor = g_weak_ref_get (&event->monitor);

  if (monitor != NULL)
    g_signal_emit (monitor, signals[event->signal], 0, event->info);
  return G_SOURCE_REMOVE;
}

static void
post_event (OcopPrinterMonitor    *self,
            guint                  signal,
            const OcopPrinterInfo *info)
{
  MonitorEvent *event = g_new0 (MonitorEvent, 1);

  g_weak_ref_init (&event->monitor, self);
  event->info = ocop_printer_info_copy (info);
  event->signal = signal;
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, emit_event, event,
                              (GDestroyNotify) monitor_event_free);
}

static void
post_differences (OcopPrinterMonitor *self,
                  GHashTable         *before,
                  GHashTable         *now)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (now, key))
      post_event (self, SIGNAL_REMOVED, value);
  g_hash_table_iter_init (&iter, now);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (before, key))
      post_event (self, SIGNAL_ADDED, value);
}

static gboolean
is_stopping (OcopPrinterMonitor *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  return self->stopping;
}

static void
poll_bus (OcopPrinterMonitor *self)
{
  g_autoptr(GHashTable) before = g_hash_table_new (g_str_hash, g_str_equal);
  gint64 interval_us = (gint64) self->interval_ms * 1000;

  g_mutex_lock (&self->lock);
  while (!self->stopping)
    {
      g_autoptr(GError) error = NULL;
      GHashTable *now;

      g_mutex_unlock (&self->lock);
      now = look_at_bus (before, &error);
      if (now != NULL)
        {
          post_differences (self, before, now);
          g_hash_table_unref (before);
          before = now;
        }
      else
        g_debug ("Looking for printers: %s", error->message);
      g_mutex_lock (&self->lock);
      if (!self->stopping)
        g_cond_wait_until (&self->wake, &self->lock, g_get_monotonic_time () + interval_us);
    }
  g_mutex_unlock (&self->lock);
}

/* What the hotplug callback saw, for the worker to act on after
 * libusb_handle_events() returns: describing a printer takes control
 * transfers, which must not run inside the callback. */
typedef struct {
  libusb_device *device;
  gboolean       arrived;
} Change;

static int LIBUSB_CALL
on_hotplug (libusb_context        *context,
            libusb_device         *device,
            libusb_hotplug_event   event,
            void                  *user_data)
{
  GQueue *changes = user_data;
  Change *change = g_new0 (Change, 1);

  change->device = libusb_ref_device (device);
  change->arrived = event == LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED;
  g_queue_push_tail (changes, change);
  return 0;
}

static void
apply_changes (OcopPrinterMonitor *self,
               GQueue             *changes,
               GHashTable         *present)
{
  Change *change;

  while ((change = g_queue_pop_head (changes)) != NULL)
    {
      g_autofree char *key = device_key (change->device);
      OcopPrinterInfo *info;

      if (change->arrived && !g_hash_table_contains (present, key) &&
          (info = describe_printer (change->device)) != NULL)
        {
          post_event (self, SIGNAL_ADDED, info);
          g_hash_table_insert (present, g_steal_pointer (&key), info);
        }
      else if (!change->arrived && (info = g_hash_table_lookup (present, key)) != NULL)
        {
          post_event (self, SIGNAL_REMOVED, info);
          g_hash_table_remove (present, key);
        }
      libusb_unref_device (change->device);
      g_free (change);
    }
}

/* FALSE when libusb cannot watch, so the caller polls instead. */
static gboolean
watch_hotplug (OcopPrinterMonitor *self)
{
  g_autoptr(GHashTable) present = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) ocop_printer_info_free);
  GQueue changes = G_QUEUE_INIT;
  libusb_context *context = NULL;
  libusb_hotplug_callback_handle callback;
  struct timeval tick = { 0, 250 * 1000 };   /* how soon stop() is noticed */

  if (!libusb_has_capability (LIBUSB_CAP_HAS_HOTPLUG) || libusb_init (&context) != 0)
    return FALSE;
  /* ENUMERATE: the printers already there arrive first, as "added". */
  if (libusb_hotplug_register_callback (context,
                                        LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED | LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT,
                                        LIBUSB_HOTPLUG_ENUMERATE, LIBUSB_HOTPLUG_MATCH_ANY,
                                        LIBUSB_HOTPLUG_MATCH_ANY, LIBUSB_HOTPLUG_MATCH_ANY,
                                        on_hotplug, &changes, &callback) != LIBUSB_SUCCESS)
    {
      libusb_exit (context);
      return FALSE;
    }
  while (!is_stopping (self))
    {
      apply_changes (self, &changes, present);
      libusb_handle_events_timeout_completed (context, &tick, NULL);
    }
  libusb_hotplug_deregister_callback (context, callback);
  while (!g_queue_is_empty (&changes))
    {
      Change *change = g_queue_pop_head (&changes);

      libusb_unref_device (change->device);
      g_free (change);
    }
  libusb_exit (context);
  return TRUE;
}

static gpointer
watch_bus (gpointer data)
{
  OcopPrinterMonitor *self = data;

  if (self->polling || !watch_hotplug (self))
    poll_bus (self);
  return NULL;
}

void
ocop_printer_monitor_start (OcopPrinterMonitor *self)
{
  g_return_if_fail (OCOP_IS_PRINTER_MONITOR (self));

  if (self->thread != NULL)
    return;
  self->stopping = FALSE;
  self->thread = g_thread_new ("ocop-printer-monitor", watch_bus, self);
}

void
ocop_printer_monitor_stop (OcopPrinterMonitor *self)
{
  g_return_if_fail (OCOP_IS_PRINTER_MONITOR (self));

  if (self->thread == NULL)
    return;
  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  g_cond_signal (&self->wake);
  g_mutex_unlock (&self->lock);
  g_thread_join (g_steal_pointer (&self->thread));
}

guint
ocop_printer_monitor_get_interval_ms (OcopPrinterMonitor *self)
{
  g_return_val_if_fail (OCOP_IS_PRINTER_MONITOR (self), 0);
  return self->interval_ms;
}

void
ocop_printer_monitor_set_interval_ms (OcopPrinterMonitor *self,
                                      guint               interval_ms)
{
  g_return_if_fail (OCOP_IS_PRINTER_MONITOR (self));
  g_return_if_fail (interval_ms > 0);

  if (self->interval_ms == interval_ms)
    return;
  self->interval_ms = interval_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERVAL_MS]);
}

gboolean
ocop_printer_monitor_get_polling (OcopPrinterMonitor *self)
{
  g_return_val_if_fail (OCOP_IS_PRINTER_MONITOR (self), FALSE);
  return self->polling;
}

void
ocop_printer_monitor_set_polling (OcopPrinterMonitor *self,
                                  gboolean            polling)
{
  g_return_if_fail (OCOP_IS_PRINTER_MONITOR (self));

  polling = !!polling;
  if (self->polling == polling)
    return;
  self->polling = polling;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POLLING]);
}

static void
ocop_printer_monitor_dispose (GObject *object)
{
  ocop_printer_monitor_stop (OCOP_PRINTER_MONITOR (object));
  G_OBJECT_CLASS (ocop_printer_monitor_parent_class)->dispose (object);
}

static void
ocop_printer_monitor_finalize (GObject *object)
{
  OcopPrinterMonitor *self = OCOP_PRINTER_MONITOR (object);

  g_main_context_unref (self->context);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->wake);
  G_OBJECT_CLASS (ocop_printer_monitor_parent_class)->finalize (object);
}

static void
ocop_printer_monitor_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_INTERVAL_MS:
      g_value_set_uint (value, OCOP_PRINTER_MONITOR (object)->interval_ms);
      break;
    case PROP_POLLING:
      g_value_set_boolean (value, OCOP_PRINTER_MONITOR (object)->polling);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ocop_printer_monitor_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_INTERVAL_MS:
      ocop_printer_monitor_set_interval_ms (OCOP_PRINTER_MONITOR (object), g_value_get_uint (value));
      break;
    case PROP_POLLING:
      ocop_printer_monitor_set_polling (OCOP_PRINTER_MONITOR (object), g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ocop_printer_monitor_class_init (OcopPrinterMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ocop_printer_monitor_dispose;
  object_class->finalize = ocop_printer_monitor_finalize;
  object_class->get_property = ocop_printer_monitor_get_property;
  object_class->set_property = ocop_printer_monitor_set_property;

  properties[PROP_INTERVAL_MS] =
    g_param_spec_uint ("interval-ms", NULL, NULL, 1, G_MAXINT, OCOP_PRINTER_MONITOR_DEFAULT_INTERVAL_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_POLLING] =
    g_param_spec_boolean ("polling", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_ADDED] =
    g_signal_new ("added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, OCOP_TYPE_PRINTER_INFO | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[SIGNAL_REMOVED] =
    g_signal_new ("removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, OCOP_TYPE_PRINTER_INFO | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
ocop_printer_monitor_init (OcopPrinterMonitor *self)
{
  self->interval_ms = OCOP_PRINTER_MONITOR_DEFAULT_INTERVAL_MS;
  self->context = g_main_context_ref_thread_default ();
  g_mutex_init (&self->lock);
  g_cond_init (&self->wake);
}

OcopPrinterMonitor *
ocop_printer_monitor_new (void)
{
  return g_object_new (OCOP_TYPE_PRINTER_MONITOR, NULL);
}
