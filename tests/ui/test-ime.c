/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ime.c: real key events through the X server and a Vietnamese input
 * method. ibus-daemon runs under the test's Xvfb and a private session bus,
 * with ibus-unikey in Telex mode; xdotool sends XTEST key events to the
 * till's search field. A person's slow "dda" becomes "đa" (the input method
 * is really there), and a scanner's fast burst DD-AA-W1, or dd-aa-w1 when it
 * drops Shift, arrives as the code it is, not as "ĐÂ-Ư1". */

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <glib/gstdio.h>
#include <gdk/x11/gdkx.h>

#include "ocop-catalog.h"
#include "test-tools.h"
#include "till-test-util.h"

typedef TillFixture Fixture;

static const char *missing[2];    /* a tool the input method needs and its package, or NULLs */
static char      *config_dir;     /* XDG_CONFIG_HOME shared with ibus-daemon */
static GPid       daemon_pid;
static GTestDBus *session_bus;

/* ---- the input method ---- */

/* IBus's programs run without the tests' G_DEBUG=fatal-warnings, which is
 * for this project's code: ibus-daemon warns on every start (it unlinks a
 * socket file that is not there yet), and the ibus command warns while the
 * daemon is still starting, which the loop in start_ibus() waits out. */
static GStrv
ibus_environ (void)
{
  return g_environ_unsetenv (g_get_environ (), "G_DEBUG");
}

static gboolean
run (const char *command_line,
     char      **out)
{
  g_auto(GStrv) argv = NULL;
  g_auto(GStrv) env = ibus_environ ();
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (!g_shell_parse_argv (command_line, NULL, &argv, &error) ||
      !g_spawn_sync (NULL, argv, env, G_SPAWN_SEARCH_PATH, NULL, NULL, out, NULL, &status, &error))
    {
      g_test_message ("%s: %s", command_line, error->message);
      return FALSE;
    }
  return g_spawn_check_wait_status (status, NULL);
}

/* Fills missing[] with the first tool (and its package) that is not here. */
static void
find_missing_tool (void)
{
  const char *tools[][2] = {
    { "ibus-daemon", "ibus" }, { "ibus", "ibus" }, { "xdotool", "xdotool" }, { "dbus-daemon", "dbus-daemon" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (tools) && missing[0] == NULL; i++)
    {
      g_autofree char *path = g_find_program_in_path (tools[i][0]);

      if (path == NULL)
        memcpy (missing, tools[i], sizeof missing);
    }
  if (missing[0] == NULL && !g_file_test ("/usr/share/ibus/component/unikey.xml", G_FILE_TEST_EXISTS))
    {
      missing[0] = "Unikey";
      missing[1] = "ibus-unikey";
    }
}

/* Unikey reads its options through GSettings: a key file of our own says
 * Telex, with a lone "w" typed as "ư", whatever the machine's settings. */
static void
write_unikey_settings (void)
{
  g_autofree char *dir = g_build_filename (config_dir, "glib-2.0", "settings", NULL);
  g_autofree char *file = g_build_filename (dir, "keyfile", NULL);
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (dir, 0700);
  g_file_set_contents (file,
                       "[org/freedesktop/ibus/engine/unikey]\n"
                       "input-method='telex'\n"
                       "standalone-w-as-uw=true\n"
                       "spell-check=false\n", -1, &error);
  g_assert_no_error (error);
}

static gboolean
engine_is_unikey (void)
{
  g_autofree char *out = NULL;

  return run ("ibus engine", &out) && out != NULL && g_str_equal (g_strstrip (out), "Unikey");
}

/* GTK's ibus module hands keys to ibus only once it has seen ibus-daemon's
 * name, org.freedesktop.IBus, appear on the *session* bus (it watches that
 * name, and until then sends every key to GTK's own simple input method,
 * though it talks to the daemon over ibus's own bus all along). Under a bare
 * Xvfb there is no session bus, so no key ever reached the engine: the
 * daemon and the till get a private one, as a desktop session would give. */
static void
start_session_bus (void)
{
  /* g_test_dbus_up() unsets DISPLAY, which the test needs for its Xvfb. */
  g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));

  session_bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (session_bus);
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);
}

/* Only stops the daemon, and keeps session_bus: the ibus module keeps its
 * watch, and so the session bus connection, for the life of the process,
 * which g_test_dbus_down() (also run by the last unref) would wait on in
 * vain. */
static void
stop_session_bus (void)
{
  if (session_bus != NULL)
    g_test_dbus_stop (session_bus);
}

/* A test that fails aborts without stop_ibus(): the daemon goes with it
 * rather than outlive the test's X server and bus. */
static void
die_with_the_test (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* Starts ibus-daemon on this Xvfb display with Unikey as the engine;
 * before GTK starts, so that its ibus module finds the daemon. */
static void
start_ibus (void)
{
  g_auto(GStrv) env = ibus_environ ();
  const char *argv[] = { "ibus-daemon", "--replace", "--panel=disable", "--emoji-extension=disable",
                         "--config=disable", NULL };
  g_autoptr(GError) error = NULL;

  config_dir = g_dir_make_tmp ("ocop-ime-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_CONFIG_HOME", config_dir, TRUE);
  write_unikey_settings ();
  env = g_environ_setenv (env, "XDG_CONFIG_HOME", config_dir, TRUE);
  env = g_environ_setenv (env, "GSETTINGS_BACKEND", "keyfile", TRUE);
  /* Installed, it must start: a failure here fails the test, it is no skip. */
  g_spawn_async (NULL, (char **) argv, env, G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD, die_with_the_test,
                 NULL, &daemon_pid, &error);
  g_assert_no_error (error);
  for (int i = 0; i < 100 && !engine_is_unikey (); i++)
    {
      run ("ibus engine Unikey", NULL);
      g_usleep (100000);
    }
  g_assert_true (engine_is_unikey ());
  {
    g_autofree char *address = NULL;

    g_assert_true (run ("ibus address", &address));
    g_setenv ("IBUS_ADDRESS", g_strstrip (address), TRUE);
  }
  g_setenv ("GTK_IM_MODULE", "ibus", TRUE);
}

static void
stop_ibus (void)
{
  if (daemon_pid == 0)
    return;
  run ("ibus exit", NULL);
  waitpid (daemon_pid, NULL, 0);
  g_spawn_close_pid (daemon_pid);
}

/* ---- keys through the X server ---- */

static void
xdotool_done (GPid     pid,
              gint     status,
              gpointer user_data)
{
  *(int *) user_data = status;
  g_spawn_close_pid (pid);
}

/* Runs xdotool while the till's main loop runs, as a person or a scanner
 * types at the focused window. */
static void
xdotool (const char *const *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  GPid pid;
  int status = -1;

  g_ptr_array_add (argv, (char *) "xdotool");
  for (; *args != NULL; args++)
    g_ptr_array_add (argv, (char *) *args);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_async (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD,
                                NULL, NULL, &pid, &error));
  g_assert_no_error (error);
  g_child_watch_add (pid, xdotool_done, &status);
  while (status == -1)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  till_wait_frames (10);
}

static GtkWidget *
search_entry (Fixture *f)
{
  GtkWidget *focus;

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.search", NULL);
  focus = gtk_window_get_focus (GTK_WINDOW (f->window));
  g_assert_nonnull (focus);
  return gtk_widget_get_ancestor (focus, GTK_TYPE_SEARCH_ENTRY);
}

/* Gives the X keyboard focus to the till and the search field. */
static void
focus_search (Fixture *f)
{
  g_autofree char *xid = NULL;
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (f->window));

  g_assert_true (GDK_IS_X11_SURFACE (surface));
  xid = g_strdup_printf ("%lu", (unsigned long) gdk_x11_surface_get_xid (surface));
  xdotool ((const char *[]) { "windowfocus", "--sync", xid, NULL });
  /* Focus the field anew, now that the window has the X focus and the
   * input method its context: that is when GTK tells ibus. */
  gtk_window_set_focus (GTK_WINDOW (f->window), NULL);
  till_wait_frames (5);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.search", NULL);
  till_wait_frames (5);
  /* The engine applies to the focused input context. */
  run ("ibus engine Unikey", NULL);
  till_wait_frames (10);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (gtk_window_get_focus (GTK_WINDOW (f->window)))));
}

static void
add_ime_product (Fixture *f)
{
  const char *text =
    "sku,barcode,name,producer,producer_kind,locality,stars,price_vnd,unit,category,trace_url\n"
    "QN-DD-001,int:DD-AA-W1,Đũa tre Đầm Hà,HTX Tre Đầm Hà,cooperative,Đầm Hà,3,35000,bộ,Thủ công,\n";
  g_autoptr(GBytes) csv = g_bytes_new_static (text, strlen (text));
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GError) error = NULL;

  products = ocop_catalog_parse_bytes (csv, "ime.csv", &error);
  g_assert_no_error (error);
  ocop_store_import_products (f->store, products, &error);
  g_assert_no_error (error);
}

static gboolean
skip_without_ime (void)
{
  if (missing[0] == NULL)
    return FALSE;
  test_tool_missing (missing[0], missing[1]);
  return TRUE;
}

/* A person: 150 ms a key. Telex turns "dd" into "đ"; the space ends the
 * word, which commits it to the field. */
static void
type_dda_like_a_person (void)
{
  xdotool ((const char *[]) { "type", "--delay", "150", "dda ", NULL });
}

/* A scanner: 5 ms a key (Shift pressed for each capital), then Enter. */
static void
scan_like_a_scanner (const char *code)
{
  g_autofree char *keys = g_strconcat (code, "\n", NULL);

  xdotool ((const char *[]) { "type", "--delay", "5", keys, NULL });
  /* ibus answers each key over D-Bus after the till has seen it: give any
   * late commit from the engine time to land before looking at the field. */
  till_wait_frames (25);
}

static void
test_slow_typing_goes_through_telex (Fixture       *f,
                                     gconstpointer  data)
{
  GtkWidget *entry;

  if (skip_without_ime ())
    return;
  entry = search_entry (f);
  focus_search (f);
  type_dda_like_a_person ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "đa ");
  g_assert_cmpuint (ocop_sale_get_n_lines (ocop_window_get_cart (f->window)), ==, 0);
  g_free (till_screenshot (GTK_WIDGET (f->window), "ime-typing"));
}

static void
test_scan_burst_passes_telex (Fixture       *f,
                              gconstpointer  data)
{
  GtkWidget *entry;
  OcopSale *cart;

  if (skip_without_ime ())
    return;
  add_ime_product (f);
  entry = search_entry (f);
  focus_search (f);
  cart = ocop_window_get_cart (f->window);
  scan_like_a_scanner ("DD-AA-W1");
  g_assert_cmpuint (ocop_sale_get_n_lines (cart), ==, 1);
  g_assert_cmpstr (ocop_sale_get_line (cart, 0)->sku, ==, "QN-DD-001");
  /* Nothing of the scan, rewritten or not, stays in the field. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  g_free (till_screenshot (GTK_WIDGET (f->window), "ime-scan"));

  /* The same code again: one more on the same line. */
  scan_like_a_scanner ("DD-AA-W1");
  g_assert_cmpuint (ocop_sale_get_n_lines (cart), ==, 1);
  g_assert_cmpint (ocop_sale_get_line (cart, 0)->quantity, ==, 2);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");

  /* The person at the till types next: Telex still works, and no half word
   * the engine kept from the scan comes out in front of theirs. */
  type_dda_like_a_person ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "đa ");
  g_assert_cmpuint (ocop_sale_get_n_lines (cart), ==, 1);
}

/* A scanner that drops Shift under load types the code in lower case:
 * "dd", "aa" and "w" are then exactly what Telex rewrites. */
static void
test_scan_burst_without_shift_passes_telex (Fixture       *f,
                                            gconstpointer  data)
{
  GtkWidget *entry;
  OcopSale *cart;

  if (skip_without_ime ())
    return;
  add_ime_product (f);
  entry = search_entry (f);
  focus_search (f);
  cart = ocop_window_get_cart (f->window);
  scan_like_a_scanner ("dd-aa-w1");
  g_assert_cmpuint (ocop_sale_get_n_lines (cart), ==, 1);
  g_assert_cmpstr (ocop_sale_get_line (cart, 0)->sku, ==, "QN-DD-001");
  g_assert_cmpint (ocop_sale_get_line (cart, 0)->quantity, ==, 1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  g_free (till_screenshot (GTK_WIDGET (f->window), "ime-scan-lower-case"));
}

/* A scan in the middle of a person's search leaves their words as they
 * were, as Telex wrote them. */
static void
test_scan_keeps_the_search_typed_before (Fixture       *f,
                                         gconstpointer  data)
{
  GtkWidget *entry;
  OcopSale *cart;

  if (skip_without_ime ())
    return;
  add_ime_product (f);
  entry = search_entry (f);
  focus_search (f);
  cart = ocop_window_get_cart (f->window);
  type_dda_like_a_person ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "đa ");
  scan_like_a_scanner ("DD-AA-W1");
  g_assert_cmpuint (ocop_sale_get_n_lines (cart), ==, 1);
  g_assert_cmpstr (ocop_sale_get_line (cart, 0)->sku, ==, "QN-DD-001");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "đa ");
}

int
main (int    argc,
      char **argv)
{
  int status;

  find_missing_tool ();
  if (missing[0] == NULL)
    {
      start_session_bus ();
      start_ibus ();
    }
  till_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, till_fixture_set_up, func, till_fixture_tear_down)
  ADD ("/ime/slow-typing-goes-through-telex", test_slow_typing_goes_through_telex);
  ADD ("/ime/scan-burst-passes-telex", test_scan_burst_passes_telex);
  ADD ("/ime/scan-burst-without-shift-passes-telex", test_scan_burst_without_shift_passes_telex);
  ADD ("/ime/scan-keeps-the-search-typed-before", test_scan_keeps_the_search_typed_before);
#undef ADD

  status = g_test_run ();
  stop_ibus ();
  stop_session_bus ();
  if (config_dir != NULL)
    {
      g_autofree char *rm = g_strdup_printf ("rm -rf '%s'", config_dir);
      run (rm, NULL);
    }
  g_free (config_dir);
  return status;
}
