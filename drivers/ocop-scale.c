/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-scale.c: the scale the till and `ocop` talk to, whatever its
 * transport: it opens the port on demand, sends requests, and turns a
 * second of silence into a GONE reading so that no caller waits forever. */

#include "config.h"

#include <glib/gi18n.h>

#include "ocop-scale-private.h"

G_DEFINE_QUARK (ocop-scale-error-quark, ocop_scale_error)

/* HARDWARE.md: a scale that does not answer within a second is away. */
#define ANSWER_TIMEOUT_MS 1000

struct _OcopScale
{
  GObject          parent_instance;

  char            *uri;
  OcopScaleSerial *serial;   /* one of the two */
  OcopScaleUsb    *usb;
  GSource         *timeout;
};

G_DEFINE_FINAL_TYPE (OcopScale, ocop_scale, G_TYPE_OBJECT)

enum { SIGNAL_READING, N_SIGNALS };
static guint signals[N_SIGNALS];

const char *
ocop_scale_status_describe (OcopScaleStatus status)
{
  switch (status)
    {
    case OCOP_SCALE_STABLE:
      return _("Stable weight");
    case OCOP_SCALE_UNSTABLE:
      return _("The weight is still moving: wait for it to settle");
    case OCOP_SCALE_ZERO:
      return _("Nothing on the scale");
    case OCOP_SCALE_NEGATIVE:
      return _("The scale reads below zero: empty it and press zero");
    case OCOP_SCALE_OVERLOAD:
      return _("Too heavy for the scale: take some off");
    case OCOP_SCALE_UNDER_RANGE:
      return _("The scale is under its range: zero or calibrate it");
    case OCOP_SCALE_WRONG_UNIT:
      return _("The scale is set to another unit: set it to kilograms");
    case OCOP_SCALE_GONE:
      return _("The scale does not answer: check its cable and power");
    case OCOP_SCALE_MISREAD:
    default:
      return _("The scale sent something unreadable: check its protocol and speed");
    }
}

static void
stop_waiting (OcopScale *self)
{
  if (self->timeout != NULL)
    {
      g_source_destroy (self->timeout);
      g_clear_pointer (&self->timeout, g_source_unref);
    }
}

static void
emit (OcopScale       *self,
      OcopScaleStatus  status,
      gint64           grams)
{
  OcopScaleReading reading = { status, grams };

  g_signal_emit (self, signals[SIGNAL_READING], 0, &reading);
}

void
ocop_scale_take_reading (OcopScale              *self,
                         const OcopScaleReading *reading)
{
  stop_waiting (self);
  g_signal_emit (self, signals[SIGNAL_READING], 0, reading);
}

void
ocop_scale_take_gone (OcopScale *self)
{
  stop_waiting (self);
  emit (self, OCOP_SCALE_GONE, 0);
}

static gboolean
on_silent_cb (gpointer user_data)
{
  OcopScale *self = user_data;

  g_clear_pointer (&self->timeout, g_source_unref);
  emit (self, OCOP_SCALE_GONE, 0);
  return G_SOURCE_REMOVE;
}

/* Arms the timeout: a reading disarms it, silence ends as GONE. Also
 * used (with 0 ms) to report a port that would not open. */
static void
wait_for_answer (OcopScale *self,
                 guint      milliseconds)
{
  stop_waiting (self);
  self->timeout = g_timeout_source_new (milliseconds);
  g_source_set_callback (self->timeout, on_silent_cb, self, NULL);
  g_source_attach (self->timeout, g_main_context_get_thread_default ());
}

gboolean
ocop_scale_open (OcopScale  *self,
                 GError    **error)
{
  g_return_val_if_fail (OCOP_IS_SCALE (self), FALSE);

  if (self->usb != NULL)
    return ocop_scale_usb_open (self->usb, error);
  return ocop_scale_serial_open (self->serial, error);
}

void
ocop_scale_close (OcopScale *self)
{
  g_return_if_fail (OCOP_IS_SCALE (self));

  stop_waiting (self);
  if (self->usb != NULL)
    ocop_scale_usb_close (self->usb);
  else
    ocop_scale_serial_close (self->serial);
}

static void
send_command (OcopScale        *self,
              OcopScaleCommand  command)
{
  if (self->usb != NULL)
    {
      /* A HID scale has no zero or tare command; its reader keeps time. */
      if (command == OCOP_SCALE_COMMAND_REQUEST)
        ocop_scale_usb_request (self->usb);
      return;
    }
  if (!ocop_scale_serial_open (self->serial, NULL) ||
      !ocop_scale_serial_send (self->serial, command))
    {
      wait_for_answer (self, 0);
      return;
    }
  if (command == OCOP_SCALE_COMMAND_REQUEST)
    wait_for_answer (self, ANSWER_TIMEOUT_MS);
}

void
ocop_scale_request (OcopScale *self)
{
  g_return_if_fail (OCOP_IS_SCALE (self));
  send_command (self, OCOP_SCALE_COMMAND_REQUEST);
}

void
ocop_scale_zero (OcopScale *self)
{
  g_return_if_fail (OCOP_IS_SCALE (self));
  send_command (self, OCOP_SCALE_COMMAND_ZERO);
}

void
ocop_scale_tare (OcopScale *self)
{
  g_return_if_fail (OCOP_IS_SCALE (self));
  send_command (self, OCOP_SCALE_COMMAND_TARE);
}

const char *
ocop_scale_get_uri (OcopScale *self)
{
  g_return_val_if_fail (OCOP_IS_SCALE (self), NULL);
  return self->uri;
}

static void
ocop_scale_finalize (GObject *object)
{
  OcopScale *self = OCOP_SCALE (object);

  stop_waiting (self);
  g_clear_pointer (&self->serial, ocop_scale_serial_free);
  g_clear_pointer (&self->usb, ocop_scale_usb_free);
  g_free (self->uri);
  G_OBJECT_CLASS (ocop_scale_parent_class)->finalize (object);
}

static void
ocop_scale_class_init (OcopScaleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ocop_scale_finalize;

  /* "reading" (const OcopScaleReading *): valid during the emission only. */
  signals[SIGNAL_READING] =
    g_signal_new ("reading", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
ocop_scale_init (OcopScale *self)
{
}

OcopScale *
ocop_scale_new_for_uri (const char  *uri,
                        GError     **error)
{
  g_autoptr(OcopScale) self = NULL;

  g_return_val_if_fail (uri != NULL, NULL);

  self = g_object_new (OCOP_TYPE_SCALE, NULL);
  self->uri = g_strdup (uri);
  if (g_str_has_prefix (uri, "usb:"))
    self->usb = ocop_scale_usb_new (self, uri, error);
  else
    self->serial = ocop_scale_serial_new (self, uri, error);
  if (self->serial == NULL && self->usb == NULL)
    return NULL;
  return g_steal_pointer (&self);
}
