/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-app.c: the installed shape of the till: the real `ocop-pos` program
 * started under the test's X server, driven with real key events (XTEST,
 * through xdotool) as a scanner and a cashier would, and checked through
 * the SQLite file it writes and screenshots of the whole screen. */

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "ocop-demo.h"
#include "ocop-json.h"
#include "ocop-store.h"
#include "test-tools.h"

/* Three products of the demo catalog, as their scanners read them. */
static const struct { const char *barcode; gint64 price; } scanned[] = {
  { "8936000010010", 650000 },   /* Trà hoa vàng Ba Chẽ */
  { "8936000010027", 180000 },   /* Trà hoa vàng Ba Chẽ túi lọc */
  { "8936000010058", 150000 },   /* Ruốc hàu Bavabi, by the jar (one sold by the kg is weighed first: test-weighing) */
};

typedef struct {
  char  *dir;
  char  *db;
  GPid   pid;
  char  *window;   /* X window id of the till, as xdotool prints it */
  char  *log;      /* what the till prints, shown when it fails to start */
  int    log_fd;
} Fixture;

static char *
run (const char *first,
     ...)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;
  va_list args;

  g_strv_builder_add (builder, first);
  va_start (args, first);
  for (const char *arg = va_arg (args, const char *); arg != NULL; arg = va_arg (args, const char *))
    g_strv_builder_add (builder, arg);
  va_end (args);
  argv = g_strv_builder_end (builder);
  if (!g_spawn_sync (NULL, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                     &out, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, NULL))
    {
      g_free (out);
      return NULL;
    }
  return g_strstrip (out);
}

static void
start_till_with (Fixture    *f,
                 const char *option)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_get_environ ();
  const char *program = g_getenv ("OCOP_POS");
  const char *argv[] = { program, option, NULL };
  g_autofree char *pid = NULL;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  g_assert_nonnull (program);
  env = g_environ_setenv (env, "OCOP_DB", f->db, TRUE);
  /* Settings in a keyfile of the test's own: the desktop's are never
   * touched. A scanner's keys may lie up to 150 ms apart here (35 ms by
   * default): xdotool on a loaded test machine is slower than a scanner,
   * and the detector's timing has unit tests of its own. */
  env = g_environ_setenv (env, "GSETTINGS_BACKEND", "keyfile", TRUE);
  env = g_environ_setenv (env, "XDG_CONFIG_HOME", f->dir, TRUE);
  env = g_environ_setenv (env, "GSK_RENDERER", "cairo", TRUE);
  env = g_environ_setenv (env, "GTK_A11Y", "none", TRUE);
  g_assert_true (g_spawn_async_with_pipes_and_fds (NULL, argv, (const char * const *) env, G_SPAWN_DO_NOT_REAP_CHILD,
                                                  NULL, NULL, -1, f->log_fd, f->log_fd, NULL, NULL, 0,
                                                  &f->pid, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  /* The till's window, once it is mapped: GTK sets _NET_WM_PID. */
  pid = g_strdup_printf ("%d", f->pid);
  while (f->window == NULL && g_get_monotonic_time () < deadline)
    {
      g_autofree char *found = run ("xdotool", "search", "--onlyvisible", "--pid", pid, NULL);

      if (found != NULL && *found != '\0')
        f->window = g_strdup (strtok (found, "\n"));
      else if (waitpid (f->pid, NULL, WNOHANG) == f->pid)
        break;
      else
        g_usleep (100000);
    }
  if (f->window == NULL)
    {
      g_autofree char *log = NULL;

      g_file_get_contents (f->log, &log, NULL, NULL);
      g_test_message ("ocop-pos printed:\n%s", log ? log : "");
    }
  g_assert_nonnull (f->window);
  g_free (run ("xdotool", "windowfocus", "--sync", f->window, NULL));
  g_usleep (300000);   /* the first frame */
  /* The demo has cashiers: the till opens on its sign-in, the first of
   * them (Hùng, a supervisor) chosen and the PIN field focused. */
  g_free (run ("xdotool", "type", "--delay", "20", "9999", NULL));
  g_free (run ("xdotool", "key", "Return", NULL));
  g_usleep (2000000);   /* the PIN's hash, then the till's first frame */
}

static void
start_till (Fixture *f)
{
  start_till_with (f, NULL);
}

static void
stop_till (Fixture *f,
           int      signal_number)
{
  int status = 0;

  if (f->pid == 0)
    return;
  kill (f->pid, signal_number);
  waitpid (f->pid, &status, 0);
  g_spawn_close_pid (f->pid);
  f->pid = 0;
  g_clear_pointer (&f->window, g_free);
}

/* The test's folder with what the till and its toolkit put there (the
 * settings keyfile, ibus's socket address). */
static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

static void
write_settings (const char *dir)
{
  g_autofree char *folder = g_build_filename (dir, "glib-2.0", "settings", NULL);
  g_autofree char *file = g_build_filename (folder, "keyfile", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (file, "[vn/ocop/Pos]\nscanner-max-gap-ms=uint32 150\n", -1, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopStore) store = NULL;

  f->dir = g_dir_make_tmp ("ocop-app-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = g_build_filename (f->dir, "booth.db", NULL);
  f->log = g_build_filename (f->dir, "ocop-pos.log", NULL);
  f->log_fd = g_open (f->log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  g_assert_cmpint (f->log_fd, >=, 0);
  write_settings (f->dir);
  store = ocop_store_open (f->db, &error);
  g_assert_no_error (error);
  g_assert_true (ocop_demo_create (store, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  stop_till (f, SIGTERM);
  close (f->log_fd);
  g_remove (f->log);
  g_free (f->log);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (f->db, suffixes[i], NULL);

      g_remove (file);
    }
  remove_tree (f->dir);
  g_free (f->db);
  g_free (f->dir);
}

/* A keyboard-wedge scanner: the code as fast keystrokes, then Enter. */
static void
scan (Fixture    *f,
      const char *code)
{
  g_free (run ("xdotool", "type", "--delay", "1", code, NULL));
  g_free (run ("xdotool", "key", "Return", NULL));
}

static void
screenshot (const char *name)
{
  g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "screenshots", NULL);
  g_autofree char *file = NULL;
  g_autofree char *out = NULL;

  g_mkdir_with_parents (dir, 0755);
  file = g_strdup_printf ("%s/%s.png", dir, name);
  out = run ("import", "-window", "root", file, NULL);
  g_assert_nonnull (out);
  g_test_message ("screenshot: %s", file);
}

/* One number from the till's store, read through a second, read-only
 * connection as any other program would (WAL lets it read while the till
 * writes). */
static gint64
query_int (Fixture    *f,
           const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_open_v2 (f->db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 2000);
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

/* Waits up to a few seconds for @sql to give @expected. */
static gint64
await_int (Fixture    *f,
           const char *sql,
           gint64      expected)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  gint64 value;

  while ((value = query_int (f, sql)) != expected && g_get_monotonic_time () < deadline)
    g_usleep (50000);
  return value;
}

/* How many units the open cart saved by the till holds. */
static gint64
cart_units (Fixture *f)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 units = 0;

  g_assert_cmpint (sqlite3_open_v2 (f->db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 2000);
  if (sqlite3_prepare_v2 (db, "SELECT draft FROM open_cart", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonArray *lines;

      g_assert_true (ocop_json_load (parser, (const char *) sqlite3_column_text (stmt, 0), -1, OCOP_JSON_MAX_STORED_BYTES, NULL));
      lines = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "lines");
      for (guint i = 0; i < json_array_get_length (lines); i++)
        units += json_object_get_int_member (json_array_get_object_element (lines, i), "quantity");
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return units;
}

static gint64
await_cart_units (Fixture *f,
                  gint64   expected)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  gint64 units;

  while ((units = cart_units (f)) != expected && g_get_monotonic_time () < deadline)
    g_usleep (50000);
  return units;
}

static void
test_scan_and_pay (Fixture       *f,
                   gconstpointer  data)
{
  gint64 total = 0;
  g_autofree char *sold = NULL;

  start_till (f);
  for (guint i = 0; i < G_N_ELEMENTS (scanned); i++)
    {
      scan (f, scanned[i].barcode);
      total += scanned[i].price;
      g_assert_cmpint (await_cart_units (f, i + 1), ==, i + 1);
    }
  /* A repeat scan raises the quantity. */
  scan (f, scanned[0].barcode);
  total += scanned[0].price;
  g_assert_cmpint (await_cart_units (f, 4), ==, 4);
  /* A code with a valid check digit that the catalog does not have, and a
   * misread one: neither adds anything. */
  scan (f, "8930000000002");
  scan (f, "8930000000006");
  g_usleep (300000);
  g_assert_cmpint (cart_units (f), ==, 4);
  screenshot ("app-cart");

  /* F12 opens the payment, F1 chooses cash; the cashier types what the
   * customer hands over and Enter takes the cash. */
  g_free (run ("xdotool", "key", "F12", NULL));
  g_usleep (500000);
  g_free (run ("xdotool", "key", "F1", NULL));
  g_usleep (300000);
  g_free (run ("xdotool", "type", "--delay", "30", "2000000", NULL));
  screenshot ("app-payment");
  g_free (run ("xdotool", "key", "Return", NULL));

  g_assert_cmpint (await_int (f, "SELECT count (*) FROM sale WHERE kind = 'sale'", 1), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT total FROM sale"), ==, total);
  g_assert_cmpint (query_int (f, "SELECT tendered FROM payment"), ==, 2000000);
  g_assert_cmpint (query_int (f, "SELECT change FROM payment"), ==, 2000000 - total);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM open_cart"), ==, 0);
  sold = g_strdup_printf ("%" G_GINT64_FORMAT, total);
  g_test_message ("sold %s đồng", sold);
  g_usleep (300000);
  screenshot ("app-paid");
}

static void
test_killed_mid_sale_restores_the_cart (Fixture       *f,
                                        gconstpointer  data)
{
  start_till (f);
  scan (f, scanned[1].barcode);
  scan (f, scanned[2].barcode);
  g_assert_cmpint (await_cart_units (f, 2), ==, 2);

  /* A power cut, as far as the program can tell: no chance to save. */
  stop_till (f, SIGKILL);
  g_assert_cmpint (cart_units (f), ==, 2);

  start_till (f);
  screenshot ("app-restored");
  /* The basket goes on where it stopped, and is paid exactly. */
  scan (f, scanned[1].barcode);
  g_assert_cmpint (await_cart_units (f, 3), ==, 3);
  g_free (run ("xdotool", "key", "F12", NULL));
  g_usleep (500000);
  g_free (run ("xdotool", "key", "F1", NULL));
  g_usleep (300000);
  g_free (run ("xdotool", "key", "Return", NULL));
  g_assert_cmpint (await_int (f, "SELECT count (*) FROM sale", 1), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT total FROM sale"), ==, 2 * scanned[1].price + scanned[2].price);
  /* Recorded under the cashier who signed in. */
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM sale WHERE cashier = 'Hùng'"), ==, 1);
}

/* A clicker or foot pedal at the gate is a keyboard with one key. */
static void
test_gate_clicker (Fixture       *f,
                   gconstpointer  data)
{
  const char *sum = "SELECT coalesce (sum (count), 0) FROM visitor_count";

  start_till_with (f, "--gate");
  screenshot ("app-gate");
  g_free (run ("xdotool", "key", "space", NULL));
  g_assert_cmpint (await_int (f, sum, 1), ==, 1);
  g_usleep (300000);
  g_free (run ("xdotool", "key", "Next", NULL));   /* Page Down, as presenters' clickers send */
  g_assert_cmpint (await_int (f, sum, 2), ==, 2);
  g_usleep (300000);
  /* A key held down repeats within milliseconds: one visitor, not three. */
  g_free (run ("xdotool", "key", "--delay", "0", "Next", "Next", "Next", NULL));
  g_assert_cmpint (await_int (f, sum, 3), ==, 3);
  g_usleep (500000);
  g_assert_cmpint (query_int (f, sum), ==, 3);
  /* Each count is in the outbox, to be synced like a sale. */
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM outbox WHERE kind = 'visitors'"), ==, 3);
  screenshot ("app-gate-counted");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  test_tool_require ("xdotool", "xdotool");
  test_tool_require ("import", "imagemagick");
  /* meson test runs it through tests/ui/xvfb-test.sh, which gives it one. */
  g_assert_nonnull (g_getenv ("DISPLAY"));
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/app/scan-and-pay", test_scan_and_pay);
  ADD ("/app/killed-mid-sale-restores-the-cart", test_killed_mid_sale_restores_the_cart);
  ADD ("/app/gate-clicker", test_gate_clicker);
  return g_test_run ();
}
