/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-sync-backoff.c: full-jitter backoff ("Exponential Backoff and
 * Jitter", AWS architecture blog): the whole window is random, which
 * spreads 200 booths retrying at once better than a jitter around a mean. */

#include "ocop-sync-backoff.h"

static gint64
scale (gint64  ceiling,
       guint32 random)
{
  return (gint64) ((guint64) ceiling * random / G_MAXUINT32);
}

gint64
ocop_sync_backoff_delay_ms (guint   attempt,
                            gint64  retry_after_ms,
                            guint32 random)
{
  gint64 ceiling = OCOP_SYNC_BACKOFF_BASE_MS;

  for (guint i = 0; i < attempt && ceiling < OCOP_SYNC_BACKOFF_CAP_MS; i++)
    ceiling *= 2;
  ceiling = MIN (ceiling, OCOP_SYNC_BACKOFF_CAP_MS);
  return MAX (scale (ceiling, random), MIN (retry_after_ms, OCOP_SYNC_BACKOFF_CAP_MS));
}

gint64
ocop_sync_start_delay_ms (guint32 random)
{
  return scale (OCOP_SYNC_START_SPREAD_MS, random);
}
