/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-till.c: the till's own figures: cold start to a painted, usable
 * window on a big store, scan to line-in-cart on screen (real key events
 * from the X server into the focused search field), and memory over a
 * simulated day of sales. With --checkout, instead: the keys a cashier
 * presses and the seconds from the first scan to the receipt for a
 * three-item cash sale and a transfer sale, all through the X server.
 * Needs an X display: run it under xvfb-run. */

#include <adwaita.h>
#include <gdk/x11/gdkx.h>
#include <glib/gstdio.h>

#include "bench-util.h"
#include "ocop-application.h"
#include "ocop-demo.h"
#include "ocop-payment-dialog.h"
#include "ocop-settings.h"
#include "ocop-store-private.h"
#include "ocop-window.h"
#include "xtest.h"

static char *db_path = NULL;
static int n_products = 20000;
static int n_sales = 1000000;
static int day_sales = 2000;
static char *cold_start = NULL;   /* internal: the child process of a cold start */
static gboolean floor_start = FALSE; /* internal: the child process of the toolkit's floor */
static char *prepare_only = NULL; /* internal: fill the store in a child process */
static gboolean checkout = FALSE;
static int checkout_rounds = 15;
/* The cashier's keys after the scans, as gtk_accelerator_parse reads them;
 * the defaults are the payment dialog's (tender first); pass the older
 * dialog's keys ("F12 Return", "F12 <Alt>t") to measure it the same way. */
static char *cash_keys = NULL;
static char *transfer_keys = NULL;

static const GOptionEntry entries[] = {
  { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "Store to use (filled if empty; kept)", "PATH" },
  { "products", 0, 0, G_OPTION_ARG_INT, &n_products, "Catalog size (default 20000)", "N" },
  { "sales", 0, 0, G_OPTION_ARG_INT, &n_sales, "Past sales in the store (default 1000000)", "N" },
  { "day-sales", 0, 0, G_OPTION_ARG_INT, &day_sales, "Sales in the simulated day (default 2000)", "N" },
  { "cold-start", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &cold_start, NULL, NULL },
  { "floor", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &floor_start, NULL, NULL },
  { "prepare", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &prepare_only, NULL, NULL },
  { "checkout", 0, 0, G_OPTION_ARG_NONE, &checkout, "Keys and seconds from the first scan to the receipt", NULL },
  { "rounds", 0, 0, G_OPTION_ARG_INT, &checkout_rounds, "Sales of each kind with --checkout (default 15)", "N" },
  { "cash-keys", 0, 0, G_OPTION_ARG_STRING, &cash_keys, "Keys of a cash sale (default \"F12 F1 Return\")", "KEYS" },
  { "transfer-keys", 0, 0, G_OPTION_ARG_STRING, &transfer_keys, "Keys of a transfer sale (default \"F12 F2 <Alt>t\")", "KEYS" },
  { NULL }
};

static gint64 painted_at;

static void
after_paint (GdkFrameClock *clock,
             gpointer       data)
{
  if (painted_at == 0)
    painted_at = g_get_monotonic_time ();
}

/* Waits until the window has painted a frame after @since. */
static gint64
wait_for_paint (GtkWidget *widget,
                gint64     since)
{
  painted_at = 0;
  gtk_widget_queue_draw (widget);
  while (painted_at == 0 && g_get_monotonic_time () - since < 10 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);
  return painted_at - since;
}

static OcopWindow *
open_window (OcopStore       *store,
             OcopApplication *app)
{
  OcopWindow *window = ocop_window_new (app ? ADW_APPLICATION (app) : NULL, store);

  /* The demo's cashier signs in before the first scan, as at a booth at
   * the start of a shift: not part of any sale's keys, and the first paint
   * is the till's. */
  ocop_signin_page_sign_in (ocop_window_get_signin_page (window), "Lan", "1111");
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint", G_CALLBACK (after_paint), NULL);
  return window;
}

static gint64
rss_kib (void)
{
  g_autofree char *statm = NULL;
  long pages = 0, resident = 0;

  if (g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL))
    sscanf (statm, "%ld %ld", &pages, &resident);
  return resident * (sysconf (_SC_PAGESIZE) / 1024);
}

/* One "Rss…:" figure of /proc/self/status, in KiB: RssAnon is the heap and
 * other private memory, RssFile the pages of mapped libraries and fonts. */
static gint64
status_kib (const char *field)
{
  g_autofree char *status = NULL;
  const char *at;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) || (at = strstr (status, field)) == NULL)
    return 0;
  return g_ascii_strtoll (at + strlen (field), NULL, 10);
}

/* The phases of a cold start, each a monotonic time printed by the child:
 * the parent knows when it spawned the process, so the first gap is exec,
 * dynamic linking and the C runtime; the second GApplication's start-up
 * (gtk_init, adw_init, the style sheet, registering on the session bus);
 * the third "activate" (for the till: opening the store, building the
 * window, presenting it); the last the first frame. */
enum { AT_MAIN, AT_ACTIVATE, AT_PRESENTED, AT_PAINT, N_PHASES };
static const char * const phase_names[N_PHASES] = {
  "exec+link", "start-up (gtk, adw, css)", "activate (store, window, present)", "first paint",
};
static gint64 phase_at[N_PHASES];

static void
activate_began_cb (GApplication *app)
{
  phase_at[AT_ACTIVATE] = g_get_monotonic_time ();
}

static void
first_paint_cb (GdkFrameClock *clock,
                GApplication  *app)
{
  if (phase_at[AT_PAINT] != 0)
    return;
  phase_at[AT_PAINT] = g_get_monotonic_time ();
  g_application_quit (app);
}

static void
activate_done_cb (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  phase_at[AT_PRESENTED] = g_get_monotonic_time ();
  if (window == NULL)
    g_error ("cold start: activate showed no window");
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint", G_CALLBACK (first_paint_cb), app);
}

/* What the toolkit floor shows: a bare window with one label. */
static void
show_bare_window_cb (GtkApplication *app)
{
  GtkWidget *window = adw_application_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1180, 720);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), gtk_label_new ("OCOP"));
  gtk_window_present (GTK_WINDOW (window));
}

/* The child: from its first instruction to a painted till, through the
 * real application (its store is $OCOP_DB, set by the parent), or with
 * @bare an AdwApplication that shows a bare window: the toolkit's own
 * cost in the same environment. */
static int
run_cold_start (gboolean bare)
{
  g_autoptr(GApplication) app = NULL;

  phase_at[AT_MAIN] = g_get_monotonic_time ();
  if (bare)
    {
      app = G_APPLICATION (adw_application_new ("vn.ocop.PosFloor", G_APPLICATION_DEFAULT_FLAGS));
      g_signal_connect (app, "activate", G_CALLBACK (show_bare_window_cb), NULL);
    }
  else
    app = G_APPLICATION (ocop_application_new ());
  g_signal_connect (app, "activate", G_CALLBACK (activate_began_cb), NULL);
  g_signal_connect_after (app, "activate", G_CALLBACK (activate_done_cb), NULL);
  if (g_application_run (app, 0, NULL) != 0 || phase_at[AT_PAINT] == 0)
    g_error ("cold start: the application quit before its first frame");
  for (int i = 0; i < N_PHASES; i++)
    g_print ("%" G_GINT64_FORMAT "\n", phase_at[i]);
  g_print ("%" G_GINT64_FORMAT "\n", rss_kib ());
  return 0;
}

static void
prepare_store (OcopStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) catalog = NULL;
  sqlite3_stmt *stmt = ocop_store_prepare (store, "SELECT (SELECT count (*) FROM product), (SELECT count (*) FROM sale)", NULL);
  gint64 have_products = 0, have_sales = 0;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      have_products = sqlite3_column_int64 (stmt, 0);
      have_sales = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (have_products == 0)
    {
      ocop_store_set_clock (store, BENCH_FIRST_MORNING_US);
      if (!ocop_demo_create (store, NULL, &error))
        g_error ("%s", error->message);
    }
  if (have_products < n_products)
    {
      catalog = bench_make_catalog (n_products);
      if (!ocop_store_import_products (store, catalog, &error))
        g_error ("%s", error->message);
    }
  if (have_sales < n_sales)
    bench_fill_sales (store, n_sales - (int) have_sales, 5);
  ocop_store_set_clock (store, 0);
  ocop_store_checkpoint (store, NULL);
}

/* Seven starts of the child; prints the median of spawn-to-paint and of
 * each phase. */
static gint64
measure_starts (const char *self_path,
                const char *path,
                const char *what)
{
  BenchSamples total, rss, phases[N_PHASES];
  g_autoptr(GString) breakdown = g_string_new (NULL);
  gint64 median;

  bench_samples_init (&total);
  bench_samples_init (&rss);
  for (int i = 0; i < N_PHASES; i++)
    bench_samples_init (&phases[i]);
  for (int run = 0; run < 7; run++)
    {
      const char *argv[] = { self_path, path ? "--cold-start" : "--floor", path, NULL };
      g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "OCOP_DB", path ? path : "", TRUE);
      g_autofree char *out = NULL;
      g_auto(GStrv) lines = NULL;
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time (), previous = start;
      int status = 0;

      if (!g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error) ||
          !g_spawn_check_wait_status (status, &error))
        g_error ("cold start: %s", error->message);
      lines = g_strsplit (out, "\n", -1);
      if (g_strv_length (lines) < N_PHASES + 1)
        g_error ("cold start: the child printed “%s”", out);
      for (int i = 0; i < N_PHASES; i++)
        {
          gint64 at = g_ascii_strtoll (lines[i], NULL, 10);

          bench_samples_add (&phases[i], at - previous);
          previous = at;
        }
      bench_samples_add (&total, previous - start);
      bench_samples_add (&rss, g_ascii_strtoll (lines[N_PHASES], NULL, 10));
    }
  for (int i = 0; i < N_PHASES; i++)
    g_string_append_printf (breakdown, "%s%s %.0f", i ? " / " : "", phase_names[i],
                            bench_samples_pct (&phases[i], 50) / 1000.0);
  median = bench_samples_pct (&total, 50);
  g_print ("  %s: median %.0f ms, max %.0f ms over 7 starts\n    phases, median ms: %s; RSS at first paint %.1f MiB\n",
           what, median / 1000.0, bench_samples_pct (&total, 100) / 1000.0, breakdown->str,
           bench_samples_pct (&rss, 50) / 1024.0);
  bench_samples_clear (&total);
  bench_samples_clear (&rss);
  for (int i = 0; i < N_PHASES; i++)
    bench_samples_clear (&phases[i]);
  return median;
}

static void
measure_cold_start (const char *self_path,
                    const char *path)
{
  gint64 floor_us = measure_starts (self_path, NULL,
                                    "toolkit floor, spawn to a painted bare AdwApplicationWindow with one label");
  gint64 till_us = measure_starts (self_path, path,
                                   "cold start, spawn to a painted till (target < 500 ms; "
                                   "the store's pages are in the OS cache after the first)");

  g_print ("    the till's own part above the floor: %.0f ms\n", (till_us - floor_us) / 1000.0);
}

/* A scanner's burst, 4 ms a key; returns when Enter was handled. */
static void
scan (OcopWindow *window,
      const char *code,
      gint64     *clock_us)
{
  for (const char *p = code; *p; p++)
    {
      *clock_us += 4000;
      ocop_window_handle_key (window, gdk_unicode_to_keyval (*p), *clock_us);
    }
  *clock_us += 4000;
  ocop_window_handle_key (window, GDK_KEY_Return, *clock_us);
}

static void
pay_cash (OcopWindow *window)
{
  gtk_widget_activate_action (GTK_WIDGET (window), "till.pay", NULL);
  gtk_widget_activate_action (GTK_WIDGET (ocop_till_page_get_payment_dialog (ocop_window_get_till_page (window))),
                              "payment.cash", NULL);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gint64 frame_started_at;

static void
before_paint (GdkFrameClock *clock,
              gpointer       data)
{
  if (frame_started_at == 0)
    frame_started_at = g_get_monotonic_time ();
}

/* Runs the main loop (frames, timers) for @us of real time, as the till's
 * loop runs between two key presses. */
static void
let_time_pass (gint64 us)
{
  gint64 until = g_get_monotonic_time () + us;

  while (g_get_monotonic_time () < until)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (200);
}

/* What one scan costs, from its Enter (microseconds). */
typedef struct {
  BenchSamples handled;   /* to the handler's return: look-up, durable save, widgets updated */
  BenchSamples wait;      /* from there to the start of the next frame: the frame clock's pacing */
  BenchSamples frame;     /* that frame: layout, snapshot, render */
  BenchSamples work;      /* handled + frame: ours, whatever the display's refresh phase */
  BenchSamples painted;   /* to the end of the frame that shows the line */
} ScanTimes;

static void
scan_times_init (ScanTimes *t)
{
  bench_samples_init (&t->handled);
  bench_samples_init (&t->wait);
  bench_samples_init (&t->frame);
  bench_samples_init (&t->work);
  bench_samples_init (&t->painted);
}

static void
scan_times_clear (ScanTimes *t)
{
  bench_samples_clear (&t->handled);
  bench_samples_clear (&t->wait);
  bench_samples_clear (&t->frame);
  bench_samples_clear (&t->work);
  bench_samples_clear (&t->painted);
}

/* ---- real key events ---- */

/* XTEST, which xdotool uses too, loaded at run time: the X server makes
 * each key press a real event, which GDK reads from its connection and
 * GTK delivers as it delivers a scanner's, to the window's key controller
 * and then to the focused search field. libXtst and libX11 ship with X
 * itself; their headers need not be installed to build the benchmark. */
static void
load_xtest (void)
{
  g_autoptr(GError) error = NULL;

  if (!xtest_init (&error))
    g_error ("bench-till sends real key events with XTEST: %s", error->message);
}

/* A scanner: its own thread and X connection, a key every 4 ms by its own
 * clock whatever the till is busy with, then Enter. */
typedef struct {
  guint  keycodes[64];
  guint  n_keys;          /* the last is Enter's */
  gint64 enter_sent_at;
} Burst;

static gpointer
type_burst (gpointer data)
{
  Burst *burst = data;

  for (guint i = 0; i < burst->n_keys; i++)
    {
      if (i == burst->n_keys - 1)
        burst->enter_sent_at = g_get_monotonic_time ();
      xtest_send_keycode (burst->keycodes[i], TRUE);
      xtest_send_keycode (burst->keycodes[i], FALSE);
      if (i < burst->n_keys - 1)
        g_usleep (4000);
    }
  return NULL;
}

/* The X keyboard focus on the till, and GTK's on its search field, as
 * after Ctrl+F: where a cashier's keys, and a scanner's, land. */
static void
focus_search (OcopWindow *window)
{
  gint64 since = g_get_monotonic_time ();
  GtkWidget *focus;

  xtest_focus (GTK_WINDOW (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL);
  while (!gtk_window_is_active (GTK_WINDOW (window)) && g_get_monotonic_time () - since < 2 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, FALSE);
  focus = gtk_window_get_focus (GTK_WINDOW (window));
  if (!gtk_window_is_active (GTK_WINDOW (window)) || focus == NULL ||
      gtk_widget_get_ancestor (focus, GTK_TYPE_SEARCH_ENTRY) == NULL)
    g_error ("the till's search field did not get the keyboard focus");
}

static const char *
focused_text (OcopWindow *window)
{
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (window));

  return GTK_IS_EDITABLE (focus) ? gtk_editable_get_text (GTK_EDITABLE (focus)) : "";
}

/* The quantity of @sku in the cart (0 when it has no line). */
static gint64
quantity_in_cart (OcopSale   *cart,
                  const char *sku)
{
  for (guint i = 0; i < ocop_sale_get_n_lines (cart); i++)
    if (g_str_equal (ocop_sale_get_line (cart, i)->sku, sku))
      return ocop_sale_get_line (cart, i)->quantity;
  return 0;
}

/* One scan as a scanner types it, through the X server: a key every 4 ms,
 * then Enter, while the till's main loop runs as at a booth. Timed from
 * the moment the Enter is sent to the X server to the end of the first
 * frame after the cart gained the line, which is the frame that shows it. */
static void
time_one_scan (OcopWindow *window,
               const char *code,
               const char *sku,
               ScanTimes  *t)
{
  OcopSale *cart = ocop_till_page_get_cart (ocop_window_get_till_page (window));
  gint64 before = quantity_in_cart (cart, sku);
  Burst burst = { .n_keys = 0 };
  GThread *typist;
  gint64 begun, start, handled;

  for (const char *p = code; *p && burst.n_keys < G_N_ELEMENTS (burst.keycodes) - 1; p++)
    burst.keycodes[burst.n_keys++] = xtest_keycode (gdk_unicode_to_keyval (*p));
  burst.keycodes[burst.n_keys++] = xtest_keycode (GDK_KEY_Return);
  typist = g_thread_new ("scanner", type_burst, &burst);
  /* The Enter is handled in one dispatch of GDK's events; frames have a
   * lower priority, so none is painted in between. */
  begun = g_get_monotonic_time ();
  while (quantity_in_cart (cart, sku) == before && g_get_monotonic_time () - begun < 2 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);
  handled = g_get_monotonic_time ();
  g_thread_join (typist);
  start = burst.enter_sent_at;
  if (quantity_in_cart (cart, sku) != before + 1)
    g_error ("the scan of %s did not add one %s to the cart within 2 s (the window %s the focus, the field holds "
             "“%s”, the till last said “%s”)", code, sku, gtk_window_is_active (GTK_WINDOW (window)) ? "has" : "lost",
             focused_text (window), ocop_till_page_get_last_message (ocop_window_get_till_page (window)));
  painted_at = frame_started_at = 0;
  while (painted_at == 0 && g_get_monotonic_time () - start < 2 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);
  if (painted_at == 0 || frame_started_at == 0)
    g_error ("the scan of %s painted no frame within 2 s", code);
  bench_samples_add (&t->handled, handled - start);
  bench_samples_add (&t->wait, frame_started_at - handled);
  bench_samples_add (&t->frame, painted_at - frame_started_at);
  bench_samples_add (&t->work, (handled - start) + (painted_at - frame_started_at));
  bench_samples_add (&t->painted, painted_at - start);
}

static void
print_p50_p99 (const char   *what,
               BenchSamples *samples)
{
  g_print ("%s p50 %.1f ms, p99 %.1f ms", what, bench_samples_pct (samples, 50) / 1000.0,
           bench_samples_pct (samples, 99) / 1000.0);
}

/* Scans @n codes from @barcodes (the product of @skus) into the focused
 * search field, a basket paid every five, as at a booth. */
static void
scan_baskets (OcopWindow *window,
              GPtrArray  *barcodes,
              GPtrArray  *skus,
              int         n,
              ScanTimes  *t)
{
  focus_search (window);
  for (int i = 0; i < n; i++)
    {
      guint which = (i * 7) % barcodes->len;

      /* A person's pace between two scans: the search field's own delayed
       * search of what the last burst typed has run by then. */
      let_time_pass (250000);
      time_one_scan (window, barcodes->pdata[which], skus->pdata[which], t);
      if (i % 5 == 4)
        {
          pay_cash (window);
          focus_search (window);
        }
    }
}

static void
measure_scans (OcopWindow *window,
               GPtrArray  *barcodes,
               GPtrArray  *skus)
{
  ScanTimes t, warm_up;
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  gulong before_id = g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint), NULL);

  load_xtest ();
  scan_times_init (&t);
  scan_times_init (&warm_up);
  /* Warm-up: the first scans load the look-up statements and fonts. */
  scan_baskets (window, barcodes, skus, 20, &warm_up);
  scan_baskets (window, barcodes, skus, 200, &t);
  g_print ("  200 scans as X key events into the focused search field, keys 4 ms apart, baskets of 5\n"
           "  (scanner-max-gap-ms 150); every scan checked to add its product to the cart:\n");
  print_p50_p99 ("    scan to line on screen (Enter sent to the end of the frame that shows it):", &t.painted);
  print_p50_p99 ("\n    the till's work (Enter handled + that frame; target < 16 ms, one frame):", &t.work);
  print_p50_p99 ("\n      Enter handled (look-up, cart saved with fsync, widgets):", &t.handled);
  print_p50_p99 ("\n      the frame (layout, snapshot, render):", &t.frame);
  print_p50_p99 ("\n    waiting for the frame clock's next slot (60 Hz pacing, not our work):", &t.wait);
  g_print ("\n");
  g_signal_handler_disconnect (clock, before_id);
  scan_times_clear (&t);
  scan_times_clear (&warm_up);
}

/* --checkout: a cashier's keys through the X server, one at a time, each
 * sent once the till has handled the last and painted; the X focus follows
 * the window GTK makes active, as a window manager would move it. */
static GtkWindow *
active_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (gtk_widget_get_visible (GTK_WIDGET (window)) && gtk_window_get_modal (window))
        return window;
    }
  return NULL;
}

static void
flag_paint (GdkFrameClock *clock,
            gboolean      *painted)
{
  *painted = TRUE;
}

/* Waits for a frame of @widget's own window (a dialog has its own clock). */
static void
wait_for_own_paint (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gint64 since = g_get_monotonic_time ();
  gboolean painted = FALSE;
  gulong id;

  if (clock == NULL)
    return;
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (flag_paint), &painted);
  gtk_widget_queue_draw (widget);
  while (!painted && g_get_monotonic_time () - since < 2 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, id);
}

static void
settle (OcopWindow *window)
{
  GtkWindow *modal;
  g_autoptr(GtkWindow) top = NULL;
  gint64 since = g_get_monotonic_time ();

  while (g_main_context_iteration (NULL, FALSE))
    ;
  modal = active_window ();
  top = g_object_ref (modal ? modal : GTK_WINDOW (window));
  if (gtk_widget_get_realized (GTK_WIDGET (top)) && !gtk_window_is_active (top))
    xtest_focus (top);
  while (gtk_widget_get_visible (GTK_WIDGET (top)) &&
         (!gtk_widget_get_mapped (GTK_WIDGET (top)) || !gtk_window_is_active (top)) &&
         g_get_monotonic_time () - since < 2 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, FALSE);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  wait_for_own_paint (gtk_widget_get_visible (GTK_WIDGET (top)) ? GTK_WIDGET (top) : GTK_WIDGET (window));
}

/* One sale: three scans, then @keys; the seconds from the first scan's
 * first key to the frame that shows the emptied cart after the receipt. */
static gint64
checkout_once (OcopWindow *window,
               GPtrArray  *barcodes,
               GPtrArray  *skus,
               const char *keys,
               guint       first,
               guint      *n_keys)
{
  OcopTillPage *page = ocop_window_get_till_page (window);
  g_auto(GStrv) steps = g_strsplit (keys, " ", -1);
  gint64 start;
  ScanTimes ignored;

  scan_times_init (&ignored);
  focus_search (window);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < 3; i++)
    time_one_scan (window, barcodes->pdata[first + i], skus->pdata[first + i], &ignored);
  scan_times_clear (&ignored);
  *n_keys = 0;
  for (guint i = 0; steps[i]; i++)
    {
      if (*steps[i] == '\0')
        continue;
      *n_keys += xtest_press (steps[i]);
      settle (window);
    }
  /* A button activated by a key clicks a quarter of a second later (GTK
   * shows it pressed meanwhile): the receipt is there once the dialog is
   * gone and the cart empty. */
  while ((ocop_sale_get_n_lines (ocop_till_page_get_cart (page)) != 0 || ocop_till_page_get_payment_dialog (page)) &&
         g_get_monotonic_time () - start < 10 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);
  wait_for_own_paint (GTK_WIDGET (window));
  if (ocop_sale_get_n_lines (ocop_till_page_get_cart (page)) != 0 || ocop_till_page_get_payment_dialog (page))
    g_error ("the keys “%s” did not record the sale (the till last said “%s”)", keys,
             ocop_till_page_get_last_message (page));
  return g_get_monotonic_time () - start;
}

static void
measure_checkout (OcopWindow *window,
                  GPtrArray  *barcodes,
                  GPtrArray  *skus)
{
  const char *kinds[] = { "cash", "transfer" };
  const char *keys[] = { cash_keys ? cash_keys : "F12 F1 Return", transfer_keys ? transfer_keys : "F12 F2 <Alt>t" };
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  gulong before_id = g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint), NULL);

  load_xtest ();
  g_print ("  %d sales of each kind, three scans (X key bursts, 4 ms a key) then the cashier's keys,\n"
           "  each sent once the till has handled the last and painted; timed from the first scan's\n"
           "  first key to the frame after the sale is recorded:\n", checkout_rounds);
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      BenchSamples times;
      guint n_keys = 0;

      bench_samples_init (&times);
      for (int round = 0; round < checkout_rounds + 2; round++)
        {
          gint64 us = checkout_once (window, barcodes, skus, keys[k], (round * 3) % (barcodes->len - 3), &n_keys);

          /* The first two warm up the dialog's code and fonts. */
          if (round >= 2)
            bench_samples_add (&times, us);
        }
      g_print ("    %-8s keys “%s”: 3 scans + %u key presses, median %.3f s, p90 %.3f s\n", kinds[k], keys[k],
               n_keys, bench_samples_pct (&times, 50) / 1e6, bench_samples_pct (&times, 90) / 1e6);
      bench_samples_clear (&times);
    }
  g_signal_handler_disconnect (clock, before_id);
}

static void
measure_day (OcopWindow *window,
             GPtrArray  *barcodes)
{
  gint64 clock_us = 0, first = 0, half = 0, peak = 0, last = 0;
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);

  for (int sale = 0; sale < day_sales; sale++)
    {
      int lines = g_rand_int_range (rand, 1, 5);

      for (int l = 0; l < lines; l++)
        {
          clock_us += G_USEC_PER_SEC;
          scan (window, g_ptr_array_index (barcodes, g_rand_int_range (rand, 0, barcodes->len)), &clock_us);
        }
      pay_cash (window);
      last = rss_kib ();
      peak = MAX (peak, last);
      if (sale == MIN (99, day_sales - 1))
        first = last;
      if (sale == day_sales / 2)
        half = last;
    }
  g_print ("  a day of %d sales through the till: RSS %.1f MiB after %d sales, %.1f MiB at half, %.1f MiB at the end, "
           "peak %.1f MiB (target < 100 MiB and not growing)\n"
           "    at the end: %.1f MiB private (heap, buffers), %.1f MiB mapped files (libraries, fonts), %.1f MiB shared memory\n",
           day_sales, first / 1024.0, MIN (100, day_sales), half / 1024.0, last / 1024.0, peak / 1024.0,
           status_kib ("RssAnon:") / 1024.0, status_kib ("RssFile:") / 1024.0, status_kib ("RssShmem:") / 1024.0);
}

/* The windows below have no application, which loads style.css for
 * ocop-pos: load it here so that they are drawn as the cashier sees them. */
static void
load_style_sheet (void)
{
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  ocop_ui_register_resources ();
  gtk_css_provider_load_from_resource (css, "/vn/ocop/Pos/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

/* 500 products' barcodes, and in @skus what each is. */
static GPtrArray *
some_barcodes (OcopStore  *store,
               GPtrArray **skus)
{
  GPtrArray *codes = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = ocop_store_prepare (store, "SELECT barcode, sku FROM product"
                                                  " WHERE length (barcode) = 13 AND NOT withdrawn LIMIT 500", NULL);

  *skus = g_ptr_array_new_with_free_func (g_free);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_ptr_array_add (codes, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      g_ptr_array_add (*skus, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  sqlite3_reset (stmt);
  return codes;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("");
  g_autoptr(GError) error = NULL;
  g_autofree char *work = NULL, *path = NULL, *conditions = NULL;
  g_autoptr(OcopStore) store = NULL;
  g_autoptr(GPtrArray) barcodes = NULL;
  g_autoptr(GPtrArray) skus = NULL;
  g_autoptr(OcopApplication) app = NULL;
  OcopWindow *window;

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  /* As ocop-pos does (main.c); the children inherit the choice. */
  ocop_application_choose_renderer ();
  g_option_context_set_summary (context, "Cold start, scan-to-screen and memory of the till (run under xvfb-run).");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);
  if (cold_start != NULL || floor_start)
    return run_cold_start (floor_start);
  if (prepare_only != NULL)
    {
      store = ocop_store_open (prepare_only, &error);
      if (store == NULL)
        g_error ("%s", error->message);
      prepare_store (store);
      return 0;
    }

  if (db_path == NULL)
    {
      work = g_dir_make_tmp ("ocop-bench-XXXXXX", &error);
      path = g_build_filename (work, "till.db", NULL);
    }
  else
    path = g_strdup (db_path);

  conditions = bench_conditions (path);
  g_print ("bench-till: %d products, %d past sales, GTK %u.%u.%u, libadwaita %u.%u.%u, GSK_RENDERER=%s, GDK_DEBUG=%s\n",
           n_products, n_sales, gtk_get_major_version (), gtk_get_minor_version (), gtk_get_micro_version (),
           adw_get_major_version (), adw_get_minor_version (), adw_get_micro_version (),
           g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "default",
           g_getenv ("GDK_DEBUG") ? g_getenv ("GDK_DEBUG") : "unset");
  g_print ("  %s\n", conditions);
  /* Filling the store in another process keeps its memory out of the
   * till's figures. */
  {
    g_autofree char *n_p = g_strdup_printf ("%d", n_products);
    g_autofree char *n_s = g_strdup_printf ("%d", n_sales);
    const char *prepare_argv[] = { argv[0], "--prepare", path, "--products", n_p, "--sales", n_s, NULL };
    int status = 0;

    if (!g_spawn_sync (NULL, (char **) prepare_argv, NULL, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL, NULL, NULL,
                       &status, &error) || !g_spawn_check_wait_status (status, &error))
      g_error ("preparing the store: %s", error->message);
  }

  if (!checkout)
    measure_cold_start (argv[0], path);

  gtk_init ();
  adw_init ();
  load_style_sheet ();
  {
    gint64 start = g_get_monotonic_time ();

    store = ocop_store_open (path, &error);
    if (store == NULL)
      g_error ("%s", error->message);
    g_print ("  store open (pages in the OS cache): %.1f ms\n", (g_get_monotonic_time () - start) / 1000.0);
  }
  barcodes = some_barcodes (store, &skus);
  {
    g_autoptr(GSettings) settings = ocop_settings_new ();

    /* A scanner's keys are 4 ms apart, but on a loaded machine the X
     * server may stamp two of them more than the till's 35 ms apart and
     * split the burst; the scans' timing starts at their Enter whatever
     * this gap is. */
    g_settings_set_uint (settings, "scanner-max-gap-ms", 150);
    /* A transfer sale shows its code, as at a booth with an account. */
    g_settings_set_string (settings, "bank-bin", "970415");
    g_settings_set_string (settings, "bank-account", "0011001932418");
  }
  /* The cashier's keys are the application's accelerators (F12 for Pay):
   * --checkout registers the till's own application for them. */
  if (checkout)
    {
      app = ocop_application_new ();
      g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
      if (!g_application_register (G_APPLICATION (app), NULL, &error))
        g_error ("%s", error->message);
    }
  window = open_window (store, app);
  wait_for_paint (GTK_WIDGET (window), g_get_monotonic_time ());
  if (checkout)
    measure_checkout (window, barcodes, skus);
  else
    {
      measure_scans (window, barcodes, skus);
      measure_day (window, barcodes);
    }
  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&store);
  if (db_path == NULL)
    bench_remove_store (path, work);
  return 0;
}
