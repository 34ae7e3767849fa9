/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-scan-detector.c: a scanner types a whole code, then Enter, with a few
 * milliseconds between keys; people take tens of milliseconds or more. The
 * detector watches the gaps and says when a burst makes a scan. It sees
 * keys before any input method, so Telex ("dd" → "đ") cannot touch a code. */

#include "config.h"

#include "ocop-scan-detector.h"

struct _OcopScanDetector
{
  GObject   parent_instance;

  GString  *burst;
  gint64    last_us;
  guint     max_gap_ms;
  guint     min_length;
  char     *code;        /* the last complete scan, until taken */
};

G_DEFINE_FINAL_TYPE (OcopScanDetector, ocop_scan_detector, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MAX_GAP_MS,
  PROP_MIN_LENGTH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ocop_scan_detector_finalize (GObject *object)
{
  OcopScanDetector *self = OCOP_SCAN_DETECTOR (object);

  g_string_free (self->burst, TRUE);
  g_free (self->code);
  G_OBJECT_CLASS (ocop_scan_detector_parent_class)->finalize (object);
}

static void
ocop_scan_detector_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  OcopScanDetector *self = OCOP_SCAN_DETECTOR (object);

  switch (prop_id)
    {
    case PROP_MAX_GAP_MS:
      g_value_set_uint (value, self->max_gap_ms);
      break;
    case PROP_MIN_LENGTH:
      g_value_set_uint (value, self->min_length);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ocop_scan_detector_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  OcopScanDetector *self = OCOP_SCAN_DETECTOR (object);

  switch (prop_id)
    {
    case PROP_MAX_GAP_MS:
      ocop_scan_detector_set_max_gap_ms (self, g_value_get_uint (value));
      break;
    case PROP_MIN_LENGTH:
      ocop_scan_detector_set_min_length (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ocop_scan_detector_class_init (OcopScanDetectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ocop_scan_detector_finalize;
  object_class->get_property = ocop_scan_detector_get_property;
  object_class->set_property = ocop_scan_detector_set_property;

  properties[PROP_MAX_GAP_MS] =
    g_param_spec_uint ("max-gap-ms", NULL, NULL, 1, 1000, OCOP_SCAN_DEFAULT_MAX_GAP_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MIN_LENGTH] =
    g_param_spec_uint ("min-length", NULL, NULL, 1, 64, OCOP_SCAN_DEFAULT_MIN_LENGTH,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ocop_scan_detector_init (OcopScanDetector *self)
{
  self->burst = g_string_new (NULL);
  self->max_gap_ms = OCOP_SCAN_DEFAULT_MAX_GAP_MS;
  self->min_length = OCOP_SCAN_DEFAULT_MIN_LENGTH;
}

OcopScanDetector *
ocop_scan_detector_new (void)
{
  return g_object_new (OCOP_TYPE_SCAN_DETECTOR, NULL);
}

void
ocop_scan_detector_reset (OcopScanDetector *self)
{
  g_string_truncate (self->burst, 0);
  self->last_us = 0;
}

static gboolean
in_burst (OcopScanDetector *self,
          gint64            time_us)
{
  return self->burst->len > 0 && time_us - self->last_us <= (gint64) self->max_gap_ms * 1000;
}

static OcopScanEvent
finish (OcopScanDetector *self,
        gint64            time_us)
{
  gboolean complete = in_burst (self, time_us) && self->burst->len >= self->min_length;

  if (complete)
    {
      g_free (self->code);
      self->code = g_ascii_strup (self->burst->str, -1);
    }
  ocop_scan_detector_reset (self);
  return complete ? OCOP_SCAN_COMPLETE : OCOP_SCAN_NONE;
}

OcopScanEvent
ocop_scan_detector_feed (OcopScanDetector *self,
                         gunichar          c,
                         gint64            time_us)
{
  OcopScanEvent event;

  g_return_val_if_fail (OCOP_IS_SCAN_DETECTOR (self), OCOP_SCAN_NONE);

  if (c == '\n' || c == '\r')
    return finish (self, time_us);
  /* Scanners in keyboard mode type printable ASCII; anything else (a
   * Vietnamese layout's letter, a function key) is a person. */
  if (c < 0x21 || c > 0x7E)
    {
      ocop_scan_detector_reset (self);
      return OCOP_SCAN_NONE;
    }
  if (in_burst (self, time_us))
    event = OCOP_SCAN_CONTINUED;
  else
    {
      g_string_truncate (self->burst, 0);
      event = OCOP_SCAN_STARTED;
    }
  g_string_append_c (self->burst, (char) c);
  self->last_us = time_us;
  return event;
}

char *
ocop_scan_detector_take_code (OcopScanDetector *self)
{
  return g_steal_pointer (&self->code);
}

guint
ocop_scan_detector_get_max_gap_ms (OcopScanDetector *self)
{
  return self->max_gap_ms;
}

void
ocop_scan_detector_set_max_gap_ms (OcopScanDetector *self,
                                   guint             ms)
{
  ms = CLAMP (ms, 1, 1000);
  if (self->max_gap_ms == ms)
    return;
  self->max_gap_ms = ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_GAP_MS]);
}

guint
ocop_scan_detector_get_min_length (OcopScanDetector *self)
{
  return self->min_length;
}

void
ocop_scan_detector_set_min_length (OcopScanDetector *self,
                                   guint             length)
{
  length = CLAMP (length, 1, 64);
  if (self->min_length == length)
    return;
  self->min_length = length;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MIN_LENGTH]);
}
