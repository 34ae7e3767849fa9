/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-util.h: timing samples, percentiles and synthetic sales shared by
 * the benchmarks. */
#pragma once

#include "ocop-store.h"

G_BEGIN_DECLS

/* Samples in microseconds. */
typedef struct {
  GArray *values;   /* gint64 */
  gboolean sorted;
} BenchSamples;

void    bench_samples_init   (BenchSamples *samples);
void    bench_samples_clear  (BenchSamples *samples);
void    bench_samples_add    (BenchSamples *samples,
                              gint64        value);
/* The @p-th percentile (0-100), nearest rank. */
gint64  bench_samples_pct    (BenchSamples *samples,
                              double        p);

/* Size in bytes of a store file with its -wal, after a checkpoint. */
gint64  bench_store_bytes    (OcopStore  *store);

/* Commits one sale of 1 to 4 random lines from @products, paid in cash. */
void    bench_commit_random_sale (OcopStore *store,
                                  GPtrArray *products,
                                  GRand     *rand);

/* Removes a store file with its -wal and -shm, and @folder if not NULL. */
void    bench_remove_store   (const char *path,
                              const char *folder);

/* "Linux 6.1 x86_64, SQLite 3.40.1, /tmp (ext4)". */
char   *bench_conditions     (const char *path);

G_END_DECLS
