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

/* CPU time of the calling thread in microseconds: unlike the wall time,
 * it leaves out the waits for a core on a loaded machine (and for the
 * disk), so the two side by side say which the figure is made of. */
gint64  bench_thread_cpu_us  (void);

/* Size in bytes of a store file with its -wal, after a checkpoint. */
gint64  bench_store_bytes    (OcopStore  *store);

/* Commits one sale of 1 to 4 random lines from @products (a product sold
 * by weight weighed 50 g to 2 kg), paid in cash or by transfer. */
void    bench_commit_random_sale (OcopStore *store,
                                  GPtrArray *products,
                                  GRand     *rand);

/* Removes a store file with its -wal and -shm, and @folder if not NULL. */
void    bench_remove_store   (const char *path,
                              const char *folder);

/* 2024-12-11 08:00 in Asia/Ho_Chi_Minh. */
#define BENCH_FIRST_MORNING_US (G_GINT64_CONSTANT (1733878800) * G_USEC_PER_SEC)

/* @n synthetic but Vietnamese-looking products (OcopProduct), with valid
 * EAN-13 barcodes (893…) on nine in ten. */
GPtrArray *bench_make_catalog (int n);
/* Records @n sales through the real commit path, spread over @days business
 * days from BENCH_FIRST_MORNING_US, 10,000 a transaction, with
 * synchronous=OFF during the fill (and FULL again after). */
void    bench_fill_sales     (OcopStore *store,
                              int        n,
                              int        days);

/* "Linux 6.1 x86_64, SQLite 3.40.1, /tmp (ext4)". */
char   *bench_conditions     (const char *path);

G_END_DECLS
