/* SPDX-License-Identifier: GPL-3.0-or-later */
/* till-test-util.c: the fixture and helpers the till's UI tests share. */

#include <locale.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "ocop-demo.h"
#include "ocop-settings.h"
#include <gdk/x11/gdkx.h>

#include "till-test-util.h"
#include "xtest.h"

void
till_test_init (int    *argc,
                char ***argv)
{
  g_autoptr(GtkCssProvider) css = NULL;

  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  /* meson test sets these with the rest of the tests' environment
   * (tests/meson.build); a test run by hand gets the same, and never
   * touches the desktop's settings. */
  g_setenv ("GSETTINGS_BACKEND", "memory", FALSE);
  g_setenv ("GTK_A11Y", "test", FALSE);
  gtk_test_init (argc, argv, NULL);
  adw_init ();
  /* The application loads its style sheet itself; these windows have none. */
  css = gtk_css_provider_new ();
  ocop_ui_register_resources ();
  gtk_css_provider_load_from_resource (css, "/vn/ocop/Pos/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

void
till_fixture_tear_down_devices (TillFixture   *f,
                                gconstpointer  data)
{
  g_autoptr(GSettings) settings = ocop_settings_new ();

  g_settings_reset (settings, "printer-uri");
  g_settings_reset (settings, "scanner");
  till_fixture_tear_down (f, data);
}

void
till_test_init_as_main (int    *argc,
                        char ***argv)
{
  g_autoptr(GSettings) settings = NULL;

  g_setenv ("LANG", "C.UTF-8", TRUE);
  g_unsetenv ("LANGUAGE");
  till_test_init (argc, argv);
  settings = ocop_settings_new ();
  ocop_settings_choose_language (settings);
  setlocale (LC_ALL, "");
  bindtextdomain ("ocop-pos", g_getenv ("OCOP_LOCALEDIR"));
  bind_textdomain_codeset ("ocop-pos", "UTF-8");
  textdomain ("ocop-pos");
}

gboolean
till_iterate_until (gboolean (*done) (gpointer),
                    gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!done (data) && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  return done (data);
}

void
till_pay_exact_cash (TillFixture *f)
{
  GtkWindow *dialog;

  gtk_widget_activate_action (GTK_WIDGET (f->window), "till.pay", NULL);
  dialog = ocop_till_page_get_payment_dialog (f->till_page);
  g_assert_nonnull (dialog);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "payment.cash", NULL);
  till_wait_frames (2);
}

void
till_wait_frames (int n)
{
  for (int i = 0; i < n; i++)
    {
      gint64 until = g_get_monotonic_time () + 20000;
      while (g_get_monotonic_time () < until)
        g_main_context_iteration (NULL, FALSE);
    }
}

char *
till_screenshot (GtkWidget  *widget,
                 const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  /* OCOP_SCREENSHOT_DIR: docs/screenshots/, when `ninja screenshots` refreshes them. */
  g_autofree char *dir = g_getenv ("OCOP_SCREENSHOT_DIR")
                           ? g_strdup (g_getenv ("OCOP_SCREENSHOT_DIR"))
                           : g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                               "screenshots", NULL);
  g_autofree char *path = NULL;
  int width, height;

  till_wait_frames (5);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 0);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_mkdir_with_parents (dir, 0755);
  path = g_strdup_printf ("%s/%s.png", dir, name);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
  return g_steal_pointer (&path);
}

void
till_remove_store (const char *path,
                   const char *dir)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_remove (file);
    }
  g_rmdir (dir);
}

/* A window on a new store in a directory of its own: with the demo fair
 * in it when @demo. */
static void
open_till (TillFixture *f,
           gboolean     demo)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("ocop-ui-XXXXXX", &error);
  path = g_build_filename (f->dir, "till.db", NULL);
  f->store = ocop_store_open (path, &error);
  g_assert_no_error (error);
  if (demo)
    ocop_demo_create (f->store, NULL, &error);
  g_assert_no_error (error);
  f->window = ocop_window_new (NULL, f->store);
  f->till_page = ocop_window_get_till_page (f->window);
  gtk_window_present (GTK_WINDOW (f->window));
}

void
till_fixture_set_up (TillFixture   *f,
                     gconstpointer  data)
{
  open_till (f, TRUE);
  /* The demo has cashiers: the till sells once one has signed in. */
  till_sign_in (f->window, "Lan", "1111");
  f->clock_us = g_get_monotonic_time ();
  till_wait_frames (3);
}

void
till_fixture_set_up_empty (TillFixture   *f,
                           gconstpointer  data)
{
  open_till (f, FALSE);
}

OcopApplication *
till_fixture_set_up_in_app (TillFixture *f)
{
  g_autoptr(GError) error = NULL;
  OcopApplication *app = ocop_application_new ();

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  till_fixture_set_up (f, NULL);
  gtk_window_set_application (GTK_WINDOW (f->window), GTK_APPLICATION (app));
  return app;
}

void
till_keys_fixture_set_up (TillKeysFixture *f,
                          gconstpointer    data)
{
  g_autoptr(GError) error = NULL;

  if (!xtest_init (&error))
    g_error ("%s", error->message);
  f->app = till_fixture_set_up_in_app (&f->till);
  xtest_focus (GTK_WINDOW (f->till.window));
  till_wait_frames (3);
}

void
till_keys_fixture_tear_down (TillKeysFixture *f,
                             gconstpointer    data)
{
  till_fixture_tear_down (&f->till, NULL);
  g_clear_object (&f->app);
}

void
till_sign_in (OcopWindow *window,
              const char *name,
              const char *pin)
{
  ocop_signin_page_sign_in (ocop_window_get_signin_page (window), name, pin);
  till_wait_frames (2);
}

void
till_fixture_tear_down (TillFixture   *f,
                        gconstpointer  data)
{
  g_autofree char *path = g_strdup (ocop_store_get_path (f->store));
  GtkWindow *window = GTK_WINDOW (g_object_ref (f->window));

  /* The window dies with everything it made (pages, dialogs, the cart),
   * and then nothing holds the store: a reference left behind is a leak. */
  gtk_window_destroy (window);
  till_wait_frames (2);
  g_assert_finalize_object (window);
  f->window = NULL;
  g_assert_finalize_object (g_steal_pointer (&f->store));
  till_remove_store (path, f->dir);
  g_free (f->dir);
}

void
till_screenshots_at_booth_sizes (GtkWindow  *window,
                                 const char *what)
{
  static const struct { int width, height; } screens[] = { { 1024, 600 }, { 1366, 768 } };

  for (guint s = 0; s < G_N_ELEMENTS (screens); s++)
    {
      g_autofree char *name = g_strdup_printf ("%s-%dx%d", what, screens[s].width, screens[s].height);

      gtk_window_set_default_size (window, screens[s].width, screens[s].height);
      till_wait_frames (3);
      g_free (till_screenshot (GTK_WIDGET (window), name));
    }
  gtk_window_set_default_size (window, 1024, 600);
  till_wait_frames (3);
}

gboolean
till_scan (TillFixture *f,
           const char  *code)
{
  gboolean consumed = FALSE;

  f->clock_us += 500000;   /* half a second since the last key */
  for (const char *p = code; *p; p++)
    {
      f->clock_us += 4000;
      ocop_window_handle_key (f->window, gdk_unicode_to_keyval (*p), f->clock_us);
    }
  f->clock_us += 4000;
  consumed = ocop_window_handle_key (f->window, GDK_KEY_Return, f->clock_us);
  till_wait_frames (1);
  return consumed;
}

gboolean
till_weigh (TillFixture *f,
            const char  *code,
            const char  *weight)
{
  OcopWeighPanel *panel = ocop_till_page_get_weigh_panel (f->till_page);
  OcopSale *cart = ocop_till_page_get_cart (f->till_page);
  guint before = ocop_sale_get_n_lines (cart);

  if (!till_scan (f, code) || ocop_weigh_panel_get_product (panel) == NULL)
    return FALSE;
  gtk_editable_set_text (GTK_EDITABLE (till_find_named (GTK_WIDGET (panel), "weight-entry")), weight);
  gtk_widget_activate_action (GTK_WIDGET (panel), "weigh.confirm", NULL);
  till_wait_frames (1);
  /* The cart the page holds now: paying or parking replaces it. */
  return ocop_sale_get_n_lines (ocop_till_page_get_cart (f->till_page)) == before + 1 &&
         cart == ocop_till_page_get_cart (f->till_page);
}

const char *
till_label_text (GtkWidget  *root,
                 const char *css_class)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      const char *found;

      if (GTK_IS_LABEL (child) && gtk_widget_has_css_class (child, css_class))
        return gtk_label_get_label (GTK_LABEL (child));
      if ((found = till_label_text (child, css_class)) != NULL)
        return found;
    }
  return NULL;
}

GtkLabel *
till_find_label (GtkWidget  *root,
                 const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found;

      if (GTK_IS_LABEL (child) && strstr (gtk_label_get_label (GTK_LABEL (child)), text) != NULL)
        return GTK_LABEL (child);
      if ((found = till_find_label (child, text)) != NULL)
        return found;
    }
  return NULL;
}

GtkEditable *
till_row_titled (GtkWidget  *root,
                 const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkEditable *found;

      if (ADW_IS_ENTRY_ROW (child) &&
          g_str_equal (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), title))
        return GTK_EDITABLE (child);
      if ((found = till_row_titled (child, title)) != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
till_find_named (GtkWidget  *root,
                 const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (g_str_equal (gtk_widget_get_name (child), name))
        return child;
      if ((found = till_find_named (child, name)) != NULL)
        return found;
    }
  return NULL;
}

void
till_type_keys (GtkWidget  *widget,
                const char *text)
{
  GdkSurface *surface;
  g_autofree char *xid = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  till_wait_frames (2);   /* mapped, with a surface */
  surface = gtk_native_get_surface (gtk_widget_get_native (widget));
  g_assert_true (GDK_IS_X11_SURFACE (surface));
  xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
  gtk_widget_grab_focus (widget);
  {
    const char *focus[] = { "xdotool", "windowfocus", "--sync", xid, NULL };
    const char *type[] = { "xdotool", "type", "--delay", "20", text, NULL };

    g_spawn_sync (NULL, (char **) focus, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_spawn_sync (NULL, (char **) type, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  /* The X server holds the keys until GTK reads them. */
  for (int i = 0; i < 100 && g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (widget)), text) != 0; i++)
    till_wait_frames (1);
  /* GTK 4.8's password entry, destroyed with the focus, leaves a handler
   * on its window that the window calls when it goes (a fatal warning at
   * the fixture's end): take the focus back as a person clicking on. */
  gtk_window_set_focus (GTK_WINDOW (gtk_widget_get_root (widget)), NULL);
}
