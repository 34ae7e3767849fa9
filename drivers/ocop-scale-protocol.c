/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-scale-protocol.c: the table of serial scale protocols and their
 * parsers. Every byte comes from a device and is hostile: a frame that
 * does not read exactly one way is a misread, never a weight. Adding a
 * protocol is one parser and one entry in `protocols` below. */

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "ocop-scale-protocol.h"

#define STX 0x02
#define ETX 0x03
#define EOT 0x04
#define ENQ 0x05
#define ACK 0x06
#define DC1 0x11
#define SOH 0x01

/* A scale's capacity is at most a few hundred kilograms; seven integer
 * digits of kilograms keep grams far inside gint64 whatever is sent. */
#define MAX_INTEGER_DIGITS 7

gboolean
ocop_scale_parse_grams (const char *text,
                        gsize       length,
                        const char *unit,
                        gint64     *grams)
{
  gint64 whole = 0, thousandths = 0;
  guint integer_digits = 0, decimals = 0;
  gboolean point = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      if (text[i] == '.' && !point)
        point = TRUE;
      else if (!g_ascii_isdigit (text[i]))
        return FALSE;
      else if (!point && ++integer_digits <= MAX_INTEGER_DIGITS)
        whole = whole * 10 + (text[i] - '0');
      else if (!point || ++decimals > 3)
        return FALSE;
      else
        thousandths = thousandths * 10 + (text[i] - '0');
    }
  if (integer_digits == 0 && decimals == 0)
    return FALSE;
  for (guint i = decimals; i < 3; i++)
    thousandths *= 10;
  if (g_strcmp0 (unit, "kg") == 0)
    *grams = whole * 1000 + thousandths;
  else if (g_strcmp0 (unit, "g") == 0 && thousandths == 0)
    *grams = whole;
  else
    return FALSE;
  return TRUE;
}

/* Fills @reading from a parsed sign and weight with the scale's own
 * stability: zero and negative first, as the till must not use them. */
static void
set_weight (OcopScaleReading *reading,
            gboolean          stable,
            gboolean          negative,
            gint64            grams)
{
  reading->grams = negative ? -grams : grams;
  if (grams == 0)
    reading->status = OCOP_SCALE_ZERO;
  else if (negative)
    reading->status = OCOP_SCALE_NEGATIVE;
  else
    reading->status = stable ? OCOP_SCALE_STABLE : OCOP_SCALE_UNSTABLE;
}

static OcopScaleFrame
misread (OcopScaleReading *reading)
{
  reading->status = OCOP_SCALE_MISREAD;
  reading->grams = 0;
  return OCOP_SCALE_FRAME_READING;
}

static OcopScaleFrame
status_only (OcopScaleReading *reading,
             OcopScaleStatus   status)
{
  reading->status = status;
  reading->grams = 0;
  return OCOP_SCALE_FRAME_READING;
}

/* Skips ASCII spaces from *@i up to @end. */
static void
skip_spaces (const guint8 *text,
             gsize        *i,
             gsize         end)
{
  while (*i < end && text[*i] == ' ')
    (*i)++;
}

/* Mettler Toledo 8217, as Odoo's serial scale driver speaks it: `W`
 * answered by STX, the weight in kilograms ("0.350", "N" after it for a
 * net weight), CR; or STX '?' status-byte CR when there is no weight to
 * give. The status bits (n/v against a vendor manual): 0 in motion,
 * 1 over capacity, 2 under zero, 3 outside the zero capture range,
 * 4 at the centre of zero. */
static OcopScaleFrame
parse_mettler_8217 (const guint8      *frame,
                    gsize              length,
                    OcopScaleReading  *reading,
                    const char       **reply)
{
  gsize i = 1, end = length - 1;
  gint64 grams;

  if (length < 3 || frame[0] != STX || frame[end] != '\r')
    return misread (reading);
  skip_spaces (frame, &i, end);
  if (frame[i] == '?' && end - i == 2)
    {
      guint8 bits = frame[i + 1];

      if (bits & 0x02)
        return status_only (reading, OCOP_SCALE_OVERLOAD);
      if (bits & 0x04)
        return status_only (reading, OCOP_SCALE_NEGATIVE);
      if (bits & 0x08)
        return status_only (reading, OCOP_SCALE_UNDER_RANGE);
      if (bits & 0x01)
        return status_only (reading, OCOP_SCALE_UNSTABLE);
      if (bits & 0x10)
        return status_only (reading, OCOP_SCALE_ZERO);
      return misread (reading);
    }
  if (end > i && frame[end - 1] == 'N')
    end--;
  if (!ocop_scale_parse_grams ((const char *) frame + i, end - i, "kg", &grams))
    return misread (reading);
  set_weight (reading, TRUE, FALSE, grams);
  return OCOP_SCALE_FRAME_READING;
}

/* The unit at the end of a weight field: kg and g are weights the till
 * takes; lb, oz and any other letters are a scale set to another unit. */
static gboolean
split_unit (const guint8  *text,
            gsize          length,
            gsize         *number_end,
            char           unit[4])
{
  gsize end = length;

  while (end > 0 && g_ascii_isalpha (text[end - 1]))
    end--;
  if (end == length || length - end > 3)
    return FALSE;
  memcpy (unit, text + end, length - end);
  unit[length - end] = '\0';
  *number_end = end;
  while (*number_end > 0 && text[*number_end - 1] == ' ')
    (*number_end)--;
  return TRUE;
}

/* A weight field: optional spaces, a sign, spaces, the number, the unit
 * ("+  0.350kg"); @sign_required for protocols whose field always has one. */
static OcopScaleFrame
parse_weight_field (const guint8     *field,
                    gsize             length,
                    gboolean          stable,
                    OcopScaleReading *reading)
{
  gsize i = 0, number_end;
  gboolean negative = FALSE;
  char unit[4];
  gint64 grams;

  skip_spaces (field, &i, length);
  if (i < length && (field[i] == '+' || field[i] == '-'))
    negative = field[i++] == '-';
  skip_spaces (field, &i, length);
  if (!split_unit (field + i, length - i, &number_end, unit))
    return misread (reading);
  if (g_ascii_strcasecmp (unit, "kg") != 0 && g_ascii_strcasecmp (unit, "g") != 0)
    {
      /* Only if the rest reads as a weight: garbage is a misread. */
      if (!ocop_scale_parse_grams ((const char *) field + i, number_end, "kg", &grams))
        return misread (reading);
      return status_only (reading, OCOP_SCALE_WRONG_UNIT);
    }
  unit[0] = g_ascii_tolower (unit[0]);
  unit[1] = g_ascii_tolower (unit[1]);
  if (!ocop_scale_parse_grams ((const char *) field + i, number_end, unit, &grams))
    return misread (reading);
  set_weight (reading, stable, negative, grams);
  return OCOP_SCALE_FRAME_READING;
}

/* A continuous-output indicator: `ST,GS,+  0.350kg` CR LF, again and
 * again: ST stable, US unstable, OL overload; GS gross, NT net (and TR
 * tare on some models, not a weight to sell). Field widths vary by
 * model, so the line is read by its commas and its unit. */
static OcopScaleFrame
parse_continuous (const guint8      *frame,
                  gsize              length,
                  OcopScaleReading  *reading,
                  const char       **reply)
{
  gsize end = length;

  while (end > 0 && (frame[end - 1] == '\r' || frame[end - 1] == '\n'))
    end--;
  if (end == 0)
    return OCOP_SCALE_FRAME_IGNORE;
  if (end < 7 || frame[2] != ',' || frame[5] != ',')
    return misread (reading);
  if (memcmp (frame + 3, "GS", 2) != 0 && memcmp (frame + 3, "NT", 2) != 0)
    return misread (reading);
  if (memcmp (frame, "OL", 2) == 0)
    return status_only (reading, OCOP_SCALE_OVERLOAD);
  if (memcmp (frame, "ST", 2) != 0 && memcmp (frame, "US", 2) != 0)
    return misread (reading);
  return parse_weight_field (frame + 6, end - 6, frame[0] == 'S', reading);
}

/* CAS (PR-II and similar, n/v: from a third-party driver): ENQ is
 * answered by ACK, we send DC1, and the scale answers SOH STX status
 * (S stable, U unstable, F overload) sign weight(6) unit(2) BCC ETX EOT.
 * The BCC is not checked: sources disagree on what it covers, and the
 * frame is already checked byte by byte. */
static OcopScaleFrame
parse_cas (const guint8      *frame,
           gsize              length,
           OcopScaleReading  *reading,
           const char       **reply)
{
  const guint8 *body;

  if (length == 1 && frame[0] == ACK)
    {
      *reply = "\x11";
      return OCOP_SCALE_FRAME_REPLY;
    }
  if (length != 15 || frame[0] != SOH || frame[1] != STX ||
      frame[13] != ETX || frame[14] != EOT)
    return misread (reading);
  body = frame + 2;   /* status, sign, weight(6), unit(2), BCC */
  if (body[0] == 'F')
    return status_only (reading, OCOP_SCALE_OVERLOAD);
  if ((body[0] != 'S' && body[0] != 'U') || (body[1] != ' ' && body[1] != '-' && body[1] != '+'))
    return misread (reading);
  return parse_weight_field (body + 1, 9, body[0] == 'S', reading);
}

static gboolean
ends_with_cr (const guint8 *frame,
              gsize         length)
{
  return frame[length - 1] == '\r';
}

static gboolean
ends_with_lf (const guint8 *frame,
              gsize         length)
{
  return frame[length - 1] == '\n';
}

/* The BCC before ETX EOT is any byte, EOT and ACK included: a frame ends
 * at ETX EOT, or is a lone ACK. */
static gboolean
ends_cas_frame (const guint8 *frame,
                gsize         length)
{
  return (length == 1 && frame[0] == ACK) ||
         (length >= 2 && frame[length - 2] == ETX && frame[length - 1] == EOT);
}

static const OcopScaleProtocol protocols[] = {
  { "mettler-8217", N_("Mettler Toledo 8217 (asks for each weight)"), 9600, OCOP_SERIAL_7E1,
    ends_with_cr, "W", "Z", "T", parse_mettler_8217 },
  { "continuous", N_("Continuous output (ST,GS,+0.350kg lines)"), 9600, OCOP_SERIAL_8N1,
    ends_with_lf, NULL, NULL, NULL, parse_continuous },
  { "cas", N_("CAS (ENQ/DC1, PR-II and similar)"), 9600, OCOP_SERIAL_8N1,
    ends_cas_frame, "\x05", NULL, NULL, parse_cas },
};

const OcopScaleProtocol *
ocop_scale_protocol_find (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (protocols); i++)
    if (g_strcmp0 (protocols[i].name, name) == 0)
      return &protocols[i];
  return NULL;
}

const OcopScaleProtocol *
ocop_scale_protocols (gsize *n_protocols)
{
  *n_protocols = G_N_ELEMENTS (protocols);
  return protocols;
}
