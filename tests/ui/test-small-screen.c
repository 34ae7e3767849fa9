/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-small-screen.c: the till on the small screens booths use: the
 * window's minimum size fits 1024×600 and 800×600, and at those sizes
 * every page, the Pay button, the status bar, a toast and the payment
 * dialog's code and Confirm button lie inside what the screen shows. */

#include <adwaita.h>

#include "ocop-payment-dialog.h"
#include "ocop-settings.h"
#include "ocop-toast.h"
#include "ocop-window.h"
#include "till-test-util.h"

typedef TillFixture Fixture;

/* Logs the widgets under @widget whose minimum size in @orientation is at
 * least @at_least, deepest last: on a failure, what forces the size. */
static void
log_wide_widgets (GtkWidget      *widget,
                  GtkOrientation  orientation,
                  int             at_least,
                  int             depth)
{
  int minimum = 0;

  gtk_widget_measure (widget, orientation, -1, &minimum, NULL, NULL, NULL);
  if (minimum < at_least)
    return;
  g_test_message ("%*s%s (%s) min %s %d", depth * 2, "", G_OBJECT_TYPE_NAME (widget),
                  gtk_widget_get_name (widget), orientation == GTK_ORIENTATION_HORIZONTAL ? "width" : "height",
                  minimum);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_get_visible (child))
      log_wide_widgets (child, orientation, at_least, depth + 1);
}

static void
assert_minimum_fits (GtkWidget *widget,
                     int        width,
                     int        height)
{
  int min_width = 0, min_height = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, width, &min_height, NULL, NULL, NULL);
  g_test_message ("minimum %d×%d for %d×%d", min_width, min_height, width, height);
  if (min_width > width)
    log_wide_widgets (widget, GTK_ORIENTATION_HORIZONTAL, width / 2, 0);
  if (min_height > height)
    log_wide_widgets (widget, GTK_ORIENTATION_VERTICAL, height / 2, 0);
  g_assert_cmpint (min_width, <=, width);
  g_assert_cmpint (min_height, <=, height);
}

/* @widget is what @what names: "action:till.pay" (a button for that
 * action), "class:statusbar" (a CSS class), "node:toast" (a CSS node
 * name) or "type:AdwViewSwitcher" (a mapped widget of that type). */
static gboolean
matches (GtkWidget  *widget,
         const char *what)
{
  const char *value = strchr (what, ':') + 1;

  if (g_str_has_prefix (what, "action:"))
    return GTK_IS_ACTIONABLE (widget) &&
           g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), value) == 0;
  if (g_str_has_prefix (what, "class:"))
    return gtk_widget_has_css_class (widget, value);
  if (g_str_has_prefix (what, "node:"))
    return g_str_equal (gtk_widget_get_css_name (widget), value);
  return gtk_widget_get_mapped (widget) && g_str_equal (G_OBJECT_TYPE_NAME (widget), value);
}

/* The first visible widget under @root that matches @what, or NULL. */
static GtkWidget *
find_widget (GtkWidget  *root,
             const char *what)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (!gtk_widget_get_visible (child))
        continue;
      if (matches (child, what))
        return child;
      if ((found = find_widget (child, what)) != NULL)
        return found;
    }
  return NULL;
}

/* @widget is drawn, whole, inside its window's @width × @height. */
static void
assert_on_screen (GtkWidget  *widget,
                  int         width,
                  int         height,
                  const char *what)
{
  graphene_rect_t bounds;
  GtkWidget *window = GTK_WIDGET (gtk_widget_get_root (widget));

  g_assert_true (gtk_widget_get_mapped (widget));
  g_assert_true (gtk_widget_compute_bounds (widget, window, &bounds));
  g_test_message ("%s at %.0f,%.0f %.0f×%.0f in %d×%d", what, bounds.origin.x, bounds.origin.y,
                  bounds.size.width, bounds.size.height, width, height);
  g_assert_cmpfloat (bounds.size.width, >, 0);
  g_assert_cmpfloat (bounds.size.height, >, 0);
  g_assert_cmpfloat (bounds.origin.x, >=, 0);
  g_assert_cmpfloat (bounds.origin.y, >=, 0);
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, width);
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, height);
  g_assert_cmpint (gtk_widget_get_width (window), <=, width);
  g_assert_cmpint (gtk_widget_get_height (window), <=, height);
}

static void
test_minimum_size (Fixture       *f,
                   gconstpointer  data)
{
  assert_minimum_fits (GTK_WIDGET (f->window), 1024, 600);
  assert_minimum_fits (GTK_WIDGET (f->window), 800, 600);
}

/* The window at @width × @height (the screen of a booth's tablet): each
 * page's minimum fits, and the till's Pay button, status bar, weighing
 * panel and a toast are inside it. */
static void
check_window_at (Fixture *f,
                 int      width,
                 int      height)
{
  static const char * const pages[] = { "till", "today", "gate", "labels", "organizer" };
  AdwViewStack *views = ADW_VIEW_STACK (find_widget (GTK_WIDGET (f->window), "type:AdwViewStack"));
  GtkWidget *root = GTK_WIDGET (f->window);

  gtk_window_set_default_size (GTK_WINDOW (f->window), width, height);
  till_wait_frames (5);
  /* Every page is reachable: the page switcher is in the header bar or,
   * when that is too narrow, in the bar at the bottom. */
  assert_on_screen (find_widget (root, "type:AdwViewSwitcher"), width, height, "page switcher");
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      GtkWidget *page = adw_view_stack_get_child_by_name (views, pages[i]);

      adw_view_stack_set_visible_child (views, page);
      till_wait_frames (3);
      assert_minimum_fits (root, width, height);
      assert_on_screen (page, width, height, pages[i]);
      assert_on_screen (find_widget (root, "class:statusbar"), width, height, "status bar");
    }
  adw_view_stack_set_visible_child_name (views, "till");
  g_assert_true (till_scan (f, "8936000010010"));
  till_wait_frames (3);
  assert_on_screen (find_widget (root, "action:till.pay"), width, height, "Pay");
  /* The weighing panel over the cart: its field and Add fit too, with Pay. */
  g_assert_true (till_scan (f, "8936000010256"));   /* squid, by the kg */
  till_wait_frames (3);
  assert_minimum_fits (root, width, height);
  assert_on_screen (find_widget (root, "action:weigh.confirm"), width, height, "Add the weight");
  assert_on_screen (till_find_named (root, "weight-entry"), width, height, "weight field");
  assert_on_screen (find_widget (root, "action:till.pay"), width, height, "Pay");
  if (width == 1024)
    g_free (till_screenshot (root, "small-till-weighing-1024x600"));
  gtk_widget_activate_action (GTK_WIDGET (ocop_till_page_get_weigh_panel (f->till_page)), "weigh.cancel", NULL);
  till_wait_frames (2);
  ocop_toast_show (GTK_WIDGET (f->till_page), "Change: 350.000 ₫");
  till_wait_frames (10);
  assert_on_screen (find_widget (root, "node:toast"), width, height, "toast");
}

static void
test_fits_1024x600 (Fixture       *f,
                    gconstpointer  data)
{
  check_window_at (f, 1024, 600);
  g_free (till_screenshot (GTK_WIDGET (f->window), "small-till-1024x600"));
}

static void
test_fits_800x600 (Fixture       *f,
                   gconstpointer  data)
{
  check_window_at (f, 800, 600);
  g_free (till_screenshot (GTK_WIDGET (f->window), "small-till-800x600"));
}

int
main (int    argc,
      char **argv)
{
  till_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, till_fixture_set_up, func, till_fixture_tear_down)
  ADD ("/small-screen/minimum-size", test_minimum_size);
  ADD ("/small-screen/fits-1024x600", test_fits_1024x600);
  ADD ("/small-screen/fits-800x600", test_fits_800x600);
#undef ADD
  return g_test_run ();
}
