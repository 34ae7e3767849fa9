/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-weigh.c: weighing at the till, a scale played on a pty: from the
 * stable reading written to the scale's port to the end of the frame that
 * shows the weighed line in the cart, the cashier having confirmed while
 * the weight still moved (the line goes in with the first stable reading).
 * Run under a display: xvfb-run -a bench-weigh [--rounds N]. */

#include <adwaita.h>
#include <glib/gstdio.h>

#include "bench-util.h"
#include "ocop-application.h"
#include "ocop-demo.h"
#include "ocop-settings.h"
#include "ocop-window.h"
#include "scale-emulator.h"

/* Mực khô Cô Tô, 1.200.000 ₫/kg in the demo catalog. */
#define SQUID "8936000010256"

static int rounds = 200;

static const GOptionEntry options[] = {
  { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds, "Weighings to time (default 200)", "N" },
  { NULL }
};

static gint64 frame_end_us;
static gint64 frame_end_cpu_us;
static gint64 stable_read_us;   /* when the scale's stable reading reached the main loop */

static void
reading_cb (OcopScale              *scale,
            const OcopScaleReading *reading,
            gpointer                data)
{
  if (reading->status == OCOP_SCALE_STABLE && stable_read_us == 0)
    stable_read_us = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       data)
{
  frame_end_us = g_get_monotonic_time ();
  frame_end_cpu_us = bench_thread_cpu_us ();
}

/* Runs the main loop until @done or ten seconds (a bound for a stuck run,
 * not a target). */
static gboolean
spin_until (gboolean (*done) (OcopWindow *window),
            OcopWindow *window)
{
  gint64 start = g_get_monotonic_time ();

  while (!done (window) && g_get_monotonic_time () - start < 10 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);
  return done (window);
}

static OcopWeighPanel *
panel_of (OcopWindow *window)
{
  return ocop_till_page_get_weigh_panel (ocop_window_get_till_page (window));
}

static gboolean
scale_ready (OcopWindow *window)
{
  OcopDevices *devices = ocop_window_get_devices (window);

  return devices != NULL && ocop_devices_get_scale (devices) != NULL;
}

static gboolean
moving_weight_shown (OcopWindow *window)
{
  return g_str_equal (ocop_weigh_panel_get_weight_text (panel_of (window)), "0,300 kg");
}

static gboolean
weighing_done (OcopWindow *window)
{
  return ocop_weigh_panel_get_product (panel_of (window)) == NULL;
}

static guint
cart_lines (OcopWindow *window)
{
  return ocop_sale_get_n_lines (ocop_till_page_get_cart (ocop_window_get_till_page (window)));
}

/* One weighing: the squid scanned, a moving weight, Enter, then the stable
 * reading; returns microseconds from writing that reading to the end of
 * the frame that shows its line (0 if it never came). */
static gint64
time_one_weighing (OcopWindow    *window,
                   ScaleEmulator *scale,
                   gint64        *read_us,
                   gint64        *cpu_us)
{
  OcopTillPage *till = ocop_window_get_till_page (window);
  guint before = cart_lines (window);
  gint64 sent_us, sent_cpu_us;

  ocop_till_page_add_code (till, SQUID);
  scale_emulator_send (scale, "US,GS,+  0.300kg\r\n", -1);
  if (!spin_until (moving_weight_shown, window))
    g_error ("the moving weight was not shown within 10 s");
  gtk_widget_activate_action (GTK_WIDGET (panel_of (window)), "weigh.confirm", NULL);
  stable_read_us = 0;
  sent_us = g_get_monotonic_time ();
  sent_cpu_us = bench_thread_cpu_us ();
  scale_emulator_send (scale, "ST,GS,+  0.350kg\r\n", -1);
  if (!spin_until (weighing_done, window) || cart_lines (window) != before + 1)
    g_error ("the stable reading added no line within 10 s");
  frame_end_us = 0;
  while (frame_end_us == 0)
    g_main_context_iteration (NULL, TRUE);
  *read_us = stable_read_us - sent_us;
  *cpu_us = frame_end_cpu_us - sent_cpu_us;
  return frame_end_us - sent_us;
}

static void
clear_cart (OcopWindow *window)
{
  gtk_widget_activate_action (GTK_WIDGET (window), "till.clear", NULL);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new ("- weighing at the till, scale on a pty");
  g_autoptr(ScaleEmulator) scale = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(OcopStore) store = NULL;
  g_autoptr(GtkCssProvider) css = NULL;
  g_autofree char *work = NULL, *path = NULL, *uri = NULL, *conditions = NULL;
  BenchSamples samples, read, cpu;
  OcopWindow *window;
  gint64 read_us = 0, cpu_us = 0;

  g_option_context_add_main_entries (context, options, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  /* The till's own renderer (Cairo unless GSK_RENDERER says otherwise). */
  ocop_application_choose_renderer ();
  gtk_init ();
  adw_init ();
  ocop_ui_register_resources ();
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/vn/ocop/Pos/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  work = g_dir_make_tmp ("ocop-bench-weigh-XXXXXX", &error);
  path = g_build_filename (work, "till.db", NULL);
  if ((store = ocop_store_open (path, &error)) == NULL || !ocop_demo_create (store, NULL, &error))
    g_error ("%s", error->message);
  conditions = bench_conditions (path);

  scale = scale_emulator_new ();
  uri = scale_emulator_uri (scale, "continuous");
  settings = ocop_settings_new ();
  g_settings_set_string (settings, "scale-uri", uri);

  window = ocop_window_new (NULL, store);
  ocop_signin_page_sign_in (ocop_window_get_signin_page (window), "Lan", "1111");
  gtk_window_set_default_size (GTK_WINDOW (window), 1024, 600);
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint", G_CALLBACK (after_paint_cb),
                    NULL);
  if (!spin_until (scale_ready, window))
    g_error ("the till did not open the scale at %s", uri);
  g_signal_connect (ocop_devices_get_scale (ocop_window_get_devices (window)), "reading", G_CALLBACK (reading_cb),
                    NULL);

  g_print ("bench-weigh: %d weighings, continuous-output scale on a pty (9600 8N1), demo catalog, 1024×600, "
           "GTK %u.%u.%u, GSK_RENDERER=%s\n  %s\n", rounds, gtk_get_major_version (), gtk_get_minor_version (),
           gtk_get_micro_version (), g_getenv ("GSK_RENDERER"), conditions);
  bench_samples_init (&samples);
  bench_samples_init (&read);
  bench_samples_init (&cpu);
  for (int i = 0; i < 10; i++)   /* warm-up: statements, fonts */
    time_one_weighing (window, scale, &read_us, &cpu_us);
  clear_cart (window);
  for (int i = 0; i < rounds; i++)
    {
      bench_samples_add (&samples, time_one_weighing (window, scale, &read_us, &cpu_us));
      bench_samples_add (&read, read_us);
      bench_samples_add (&cpu, cpu_us);
      /* Baskets of five, as at a counter: the cart does not grow for ever. */
      if (i % 5 == 4)
        clear_cart (window);
    }
  g_print ("  stable reading written to the pty → weighed line on screen (end of its frame): "
           "p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
           bench_samples_pct (&samples, 50) / 1000.0, bench_samples_pct (&samples, 99) / 1000.0,
           bench_samples_pct (&samples, 100) / 1000.0);
  g_print ("    of which the reading's way through the pty and the driver to the main loop: "
           "p50 %.1f ms, p99 %.1f ms\n", bench_samples_pct (&read, 50) / 1000.0, bench_samples_pct (&read, 99) / 1000.0);
  g_print ("    the till's own CPU time meanwhile (the rest is waiting: for a core on a loaded machine, the disk's "
           "fsync, the next frame): p50 %.1f ms, p99 %.1f ms\n",
           bench_samples_pct (&cpu, 50) / 1000.0, bench_samples_pct (&cpu, 99) / 1000.0);
  bench_samples_clear (&samples);
  bench_samples_clear (&read);
  bench_samples_clear (&cpu);

  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_reset (settings, "scale-uri");
  g_clear_object (&store);
  bench_remove_store (path, work);
  return 0;
}
