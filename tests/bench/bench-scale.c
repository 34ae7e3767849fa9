/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-scale.c: how long a stable reading takes from a scale on a pty to
 * OcopScale's "reading" signal: a continuous scale's line from the moment
 * it is written, and a Mettler 8217 round trip from the request (W out,
 * the answer back). The scale is the test's emulator on the pty master, in
 * the same process and main context. Prints median and p99 and the
 * conditions. Run by hand: _build/tests/bench/bench-scale [ROUNDS]. */

#include "config.h"

#include <stdlib.h>
#include <sys/utsname.h>

#include "bench-util.h"
#include "ocop-scale.h"
#include "scale-emulator.h"

typedef struct {
  gint64 at;        /* monotonic us of the last stable reading, 0 before */
  guint  misreads;  /* anything but STABLE 350 g: the run is void */
} Seen;

static void
on_reading (OcopScale              *scale,
            const OcopScaleReading *reading,
            Seen                   *seen)
{
  if (reading->status != OCOP_SCALE_STABLE || reading->grams != 350)
    seen->misreads++;
  seen->at = g_get_monotonic_time ();
}

static OcopScale *
open_scale (ScaleEmulator *emulator,
            const char    *protocol,
            Seen          *seen)
{
  g_autofree char *uri = scale_emulator_uri (emulator, protocol);
  g_autoptr(GError) error = NULL;
  OcopScale *scale = ocop_scale_new_for_uri (uri, &error);

  if (scale == NULL || !ocop_scale_open (scale, &error))
    g_error ("%s", error->message);
  g_signal_connect (scale, "reading", G_CALLBACK (on_reading), seen);
  return scale;
}

static void
wait_reading (Seen *seen)
{
  while (seen->at == 0)
    g_main_context_iteration (NULL, TRUE);
}

static void
report (const char   *what,
        BenchSamples *samples,
        Seen         *seen)
{
  g_print ("%-46s median %6" G_GINT64_FORMAT " us   p99 %6" G_GINT64_FORMAT " us   max %6" G_GINT64_FORMAT
           " us   (%u misreads)\n", what, bench_samples_pct (samples, 50), bench_samples_pct (samples, 99),
           bench_samples_pct (samples, 100), seen->misreads);
}

static void
bench_continuous (guint rounds)
{
  g_autoptr(ScaleEmulator) emulator = scale_emulator_new ();
  Seen seen = { 0 };
  g_autoptr(OcopScale) scale = open_scale (emulator, "continuous", &seen);
  BenchSamples samples;

  bench_samples_init (&samples);
  for (guint i = 0; i < rounds; i++)
    {
      gint64 start;

      seen.at = 0;
      start = g_get_monotonic_time ();
      scale_emulator_send (emulator, "ST,GS,+  0.350kg\r\n", -1);
      wait_reading (&seen);
      bench_samples_add (&samples, seen.at - start);
    }
  report ("continuous line written -> \"reading\"", &samples, &seen);
  bench_samples_clear (&samples);
  ocop_scale_close (scale);
}

static void
bench_request (guint rounds)
{
  g_autoptr(ScaleEmulator) emulator = scale_emulator_new ();
  Seen seen = { 0 };
  g_autoptr(OcopScale) scale = open_scale (emulator, "mettler-8217", &seen);
  BenchSamples samples;

  bench_samples_init (&samples);
  for (guint i = 0; i < rounds; i++)
    {
      gint64 start;

      seen.at = 0;
      scale_emulator_on (emulator, 'W', "\x02" "0.350\r", -1);
      start = g_get_monotonic_time ();
      ocop_scale_request (scale);
      wait_reading (&seen);
      bench_samples_add (&samples, seen.at - start);
    }
  report ("Mettler 8217 request -> \"reading\" (round trip)", &samples, &seen);
  bench_samples_clear (&samples);
  ocop_scale_close (scale);
}

int
main (int    argc,
      char **argv)
{
  guint rounds = argc > 1 ? (guint) atoi (argv[1]) : 2000;
  struct utsname host;

  if (rounds < 10)
    rounds = 10;
  uname (&host);
  g_print ("bench-scale: %u rounds each, a pty on %s %s, %u CPUs online, load as found "
           "(the machine may be shared)\n", rounds, host.sysname, host.release, g_get_num_processors ());
  bench_continuous (rounds);
  bench_request (rounds);
  return 0;
}
