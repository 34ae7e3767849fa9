/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-sync-backoff.h: when to try again after a failed sync: full-jitter
 * exponential backoff, Retry-After, and a random start delay. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define OCOP_SYNC_BACKOFF_BASE_MS   2000
#define OCOP_SYNC_BACKOFF_CAP_MS    (5 * 60 * 1000)
#define OCOP_SYNC_START_SPREAD_MS   30000

/* The wait before attempt @attempt (0 after the first failure): a uniform
 * random time in [0, min(cap, base × 2^attempt)] drawn from @random (0 to
 * G_MAXUINT32), but never less than the hub's @retry_after_ms. */
gint64 ocop_sync_backoff_delay_ms (guint   attempt,
                                   gint64  retry_after_ms,
                                   guint32 random);
/* The wait before the first attempt after start-up, so that many booths
 * coming online together spread out. */
gint64 ocop_sync_start_delay_ms   (guint32 random);

G_END_DECLS
