/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-scale-hid.c: the scale data report of USB HID scales (usage page
 * 0x8D) read as grams, exactly: the weight is an integer times a power
 * of ten in a stated unit, and anything but milligrams, grams and
 * kilograms is a scale set to another unit, never converted. */

#include "config.h"

#include "ocop-scale-protocol.h"

#define SCALE_DATA_REPORT 3

/* Status values of the scale data report. */
enum {
  STATUS_FAULT = 1,
  STATUS_STABLE_AT_ZERO,
  STATUS_IN_MOTION,
  STATUS_STABLE,
  STATUS_UNDER_ZERO,
  STATUS_OVER_WEIGHT,
  STATUS_NEEDS_CALIBRATION,
  STATUS_NEEDS_REZEROING,
};

/* Weight units of the scale page. */
enum { UNIT_MILLIGRAM = 1, UNIT_GRAM = 2, UNIT_KILOGRAM = 3 };

/* @raw × 10^@exponent in @unit as grams, rounded half up to a whole gram
 * (a 0.1 g scale gives 350.5 g as 351). The exponent is bounded so that
 * 65535 × 10^8 kg still fits in gint64 grams. */
static gboolean
to_grams (guint        raw,
          gint8        exponent,
          guint8       unit,
          gint64      *grams)
{
  gint64 value = raw, divisor = 1;
  int shift = exponent + (unit == UNIT_KILOGRAM ? 3 : unit == UNIT_MILLIGRAM ? -3 : 0);

  if (exponent < -8 || exponent > 8)
    return FALSE;
  for (; shift > 0; shift--)
    value *= 10;
  for (; shift < 0; shift++)
    divisor *= 10;
  *grams = (value + divisor / 2) / divisor;
  return TRUE;
}

gboolean
ocop_scale_hid_parse_report (const guint8     *report,
                             gsize             length,
                             OcopScaleReading *reading)
{
  guint8 status, unit;
  gint64 grams = 0;

  if (length < 1 || report[0] != SCALE_DATA_REPORT)
    return FALSE;
  reading->status = OCOP_SCALE_MISREAD;
  reading->grams = 0;
  if (length < 6)
    return TRUE;
  status = report[1];
  unit = report[2];
  if (!to_grams (report[4] | (report[5] << 8), (gint8) report[3], unit, &grams))
    return TRUE;
  switch (status)
    {
    case STATUS_FAULT:
    case STATUS_NEEDS_CALIBRATION:
    case STATUS_NEEDS_REZEROING:
      reading->status = OCOP_SCALE_UNDER_RANGE;
      return TRUE;
    case STATUS_STABLE_AT_ZERO:
      reading->status = OCOP_SCALE_ZERO;
      return TRUE;
    case STATUS_UNDER_ZERO:
      reading->status = OCOP_SCALE_NEGATIVE;
      return TRUE;
    case STATUS_OVER_WEIGHT:
      reading->status = OCOP_SCALE_OVERLOAD;
      return TRUE;
    case STATUS_IN_MOTION:
    case STATUS_STABLE:
      break;
    default:
      return TRUE;
    }
  if (unit != UNIT_MILLIGRAM && unit != UNIT_GRAM && unit != UNIT_KILOGRAM)
    reading->status = OCOP_SCALE_WRONG_UNIT;
  else if (grams == 0)
    reading->status = OCOP_SCALE_ZERO;
  else
    {
      reading->status = status == STATUS_STABLE ? OCOP_SCALE_STABLE : OCOP_SCALE_UNSTABLE;
      reading->grams = grams;
    }
  return TRUE;
}
