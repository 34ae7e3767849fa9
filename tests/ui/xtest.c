/* SPDX-License-Identifier: GPL-3.0-or-later */
/* xtest.c: XTEST and Xlib loaded at run time, so that nothing links
 * libXtst but the programs that send events; the connection is this
 * file's own (Xlib connections are not shared across threads, and a
 * scanner's thread may type on it while GTK's runs). */

#include <dlfcn.h>
#include <gdk/x11/gdkx.h>

#include "xtest.h"

typedef Bool (*FakeKeyEvent) (Display *, unsigned int, Bool, unsigned long);
typedef int (*FakeMotionEvent) (Display *, int, int, int, unsigned long);
typedef int (*FakeButtonEvent) (Display *, unsigned int, Bool, unsigned long);
typedef int (*SetInputFocus) (Display *, Window, int, Time);
typedef Display *(*OpenDisplay) (const char *);
typedef int (*Flush) (Display *);
typedef int (*Sync) (Display *, Bool);
typedef Window (*DefaultRootWindow_) (Display *);
typedef Bool (*TranslateCoordinates) (Display *, Window, Window, int, int, int *, int *, Window *);

static FakeKeyEvent fake_key_event;
static FakeMotionEvent fake_motion_event;
static FakeButtonEvent fake_button_event;
static SetInputFocus set_input_focus;
static Flush flush;
static Sync sync_;
static DefaultRootWindow_ default_root_window;
static TranslateCoordinates translate_coordinates;
static Display *connection;

gboolean
xtest_init (GError **error)
{
  void *xtst, *x11;
  OpenDisplay open_display;

  if (connection != NULL)
    return TRUE;
  if (!GDK_IS_X11_DISPLAY (gdk_display_get_default ()))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "real key events need an X server (Xvfb)");
      return FALSE;
    }
  xtst = dlopen ("libXtst.so.6", RTLD_NOW | RTLD_GLOBAL);
  x11 = dlopen ("libX11.so.6", RTLD_NOW | RTLD_GLOBAL);
  if (xtst == NULL || x11 == NULL ||
      !(fake_key_event = (FakeKeyEvent) dlsym (xtst, "XTestFakeKeyEvent")) ||
      !(fake_motion_event = (FakeMotionEvent) dlsym (xtst, "XTestFakeMotionEvent")) ||
      !(fake_button_event = (FakeButtonEvent) dlsym (xtst, "XTestFakeButtonEvent")) ||
      !(set_input_focus = (SetInputFocus) dlsym (x11, "XSetInputFocus")) ||
      !(flush = (Flush) dlsym (x11, "XFlush")) ||
      !(sync_ = (Sync) dlsym (x11, "XSync")) ||
      !(default_root_window = (DefaultRootWindow_) dlsym (x11, "XDefaultRootWindow")) ||
      !(translate_coordinates = (TranslateCoordinates) dlsym (x11, "XTranslateCoordinates")) ||
      !(open_display = (OpenDisplay) dlsym (x11, "XOpenDisplay")))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "cannot load XTEST (libXtst.so.6, libX11.so.6): %s",
                   dlerror ());
      return FALSE;
    }
  if (!(connection = open_display (gdk_display_get_name (gdk_display_get_default ()))))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot open a second connection to the X server");
      return FALSE;
    }
  return TRUE;
}

/* Returns once the server has handled what was sent here and GDK's own
 * connection has the events it made: the caller's next main loop
 * iterations see them. */
static void
delivered (void)
{
  sync_ (connection, False);
  gdk_display_sync (gdk_display_get_default ());
}

guint
xtest_keycode (guint keyval)
{
  g_autofree GdkKeymapKey *keys = NULL;
  int n_keys = 0;

  if (!gdk_display_map_keyval (gdk_display_get_default (), keyval, &keys, &n_keys) || n_keys == 0)
    g_error ("no key types %s", gdk_keyval_name (keyval));
  return keys[0].keycode;
}

void
xtest_send_keycode (guint    keycode,
                    gboolean is_press)
{
  fake_key_event (connection, keycode, is_press, 0);
  flush (connection);
}

guint
xtest_press (const char *accelerator)
{
  static const struct { GdkModifierType mask; guint keyval; } modifiers[] = {
    { GDK_CONTROL_MASK, GDK_KEY_Control_L }, { GDK_ALT_MASK, GDK_KEY_Alt_L }, { GDK_SHIFT_MASK, GDK_KEY_Shift_L },
  };
  guint keyval = 0, n = 1;
  GdkModifierType mods = 0;

  if (!gtk_accelerator_parse (accelerator, &keyval, &mods))
    g_error ("“%s” is not a key (as gtk_accelerator_parse reads them)", accelerator);
  for (guint i = 0; i < G_N_ELEMENTS (modifiers); i++)
    if (mods & modifiers[i].mask)
      {
        fake_key_event (connection, xtest_keycode (modifiers[i].keyval), True, 0);
        n++;
      }
  fake_key_event (connection, xtest_keycode (keyval), True, 0);
  fake_key_event (connection, xtest_keycode (keyval), False, 0);
  for (guint i = 0; i < G_N_ELEMENTS (modifiers); i++)
    if (mods & modifiers[i].mask)
      fake_key_event (connection, xtest_keycode (modifiers[i].keyval), False, 0);
  delivered ();
  return n;
}

void
xtest_type (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      guint keycode = xtest_keycode (gdk_unicode_to_keyval (g_utf8_get_char (p)));

      fake_key_event (connection, keycode, True, 0);
      fake_key_event (connection, keycode, False, 0);
    }
  delivered ();
}

void
xtest_focus (GtkWindow *window)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));

  set_input_focus (connection, gdk_x11_surface_get_xid (surface), RevertToParent, CurrentTime);
  flush (connection);
}

void
xtest_click (GtkWidget *widget)
{
  GtkNative *native = gtk_widget_get_native (widget);
  Window root = default_root_window (connection), child;
  graphene_point_t at;
  double surface_x = 0, surface_y = 0;
  int x = 0, y = 0;

  if (!gtk_widget_compute_point (widget, GTK_WIDGET (native),
                                 &GRAPHENE_POINT_INIT (gtk_widget_get_width (widget) / 2.0,
                                                       gtk_widget_get_height (widget) / 2.0), &at))
    g_error ("cannot click %s: it is not in a window", G_OBJECT_TYPE_NAME (widget));
  /* Widget coordinates are the native's; the surface adds its shadow. */
  gtk_native_get_surface_transform (native, &surface_x, &surface_y);
  translate_coordinates (connection, gdk_x11_surface_get_xid (gtk_native_get_surface (native)), root,
                         (int) (at.x + surface_x), (int) (at.y + surface_y), &x, &y, &child);
  fake_motion_event (connection, -1, x, y, 0);
  fake_button_event (connection, 1, True, 0);
  fake_button_event (connection, 1, False, 0);
  delivered ();
}
