/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-screenshots.c: one screenshot of every page and dialog of the till,
 * in Vietnamese as a booth runs it, at 1024×600 and 1366×768, written to
 * $OCOP_SCREENSHOT_DIR (docs/screenshots/ through `ninja screenshots`) or
 * the build directory, so that the set in docs/ is refreshed after each
 * change; each window or dialog is checked to fit the screen it is shot
 * at. The demo store has Hùng (supervisor, 9999) and Lan (cashier, 1111). */

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ocop-labels-page.h"
#include "ocop-payment-dialog.h"
#include "ocop-preferences-window.h"
#include "ocop-settings.h"
#include "ocop-today-page.h"
#include "ocop-window.h"
#include "till-test-util.h"

typedef TillFixture Fixture;

static const int sizes[][2] = { { 1024, 600 }, { 1366, 768 } };

static void
shoot (GtkWidget  *widget,
       const char *name,
       int         width,
       int         height)
{
  g_autofree char *file = g_strdup_printf ("%s-%dx%d", name, width, height);

  till_wait_frames (4);
  /* Cut off at the screen's edge is what a cashier would not see. */
  g_assert_cmpint (gtk_widget_get_width (widget), <=, width);
  g_assert_cmpint (gtk_widget_get_height (widget), <=, height);
  g_free (till_screenshot (widget, file));
}

/* Dismisses the toasts under @root, which answer the test's last step
 * and would cover what the next screenshot shows; TRUE when there were. */
static gboolean
dismiss_toasts (GtkWidget *root)
{
  gboolean found = FALSE;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    if (g_str_equal (gtk_widget_get_css_name (child), "toast"))
      found |= gtk_widget_activate_action (child, "toast.dismiss", NULL) || TRUE;
    else
      found |= dismiss_toasts (child);
  return found;
}

static gboolean
no_toast (gpointer root)
{
  return !dismiss_toasts (root);
}

/* The main window at each size. */
static void
shoot_window (Fixture    *f,
              const char *name)
{
  g_assert_true (till_iterate_until (no_toast, f->window));
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      gtk_window_set_default_size (GTK_WINDOW (f->window), sizes[i][0], sizes[i][1]);
      till_wait_frames (6);
      shoot (GTK_WIDGET (f->window), name, sizes[i][0], sizes[i][1]);
    }
}

/* A dialog over the window at each size. */
static void
shoot_dialog (Fixture    *f,
              GtkWidget  *dialog,
              const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      gtk_window_set_default_size (GTK_WINDOW (f->window), sizes[i][0], sizes[i][1]);
      till_wait_frames (6);
      shoot (dialog, name, sizes[i][0], sizes[i][1]);
    }
}

static void
fill_cart (Fixture *f)
{
  const char *codes[] = { "8936000010010", "8936000010133", "8936000010072" };

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    g_assert_true (till_scan (f, codes[i]));
}

static GtkWidget *
open_payment (Fixture    *f,
              const char *tender)
{
  GtkWindow *dialog;

  gtk_widget_activate_action (GTK_WIDGET (f->window), "till.pay", NULL);
  dialog = ocop_till_page_get_payment_dialog (f->till_page);
  g_assert_nonnull (dialog);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "payment.tender", "s", tender);
  return GTK_WIDGET (dialog);
}

static void
shoot_till_and_payment (Fixture *f)
{
  g_autoptr(GSettings) settings = ocop_settings_new ();
  GtkWidget *dialog;

  g_settings_set_string (settings, "bank-bin", "970415");
  g_settings_set_string (settings, "bank-account", "0123456789");
  g_settings_set_string (settings, "bank-account-name", "HTX CHE DUONG HOA");
  fill_cart (f);
  shoot_window (f, "till-cart");
  dialog = open_payment (f, "cash");
  shoot_dialog (f, dialog, "payment-cash");
  gtk_window_destroy (GTK_WINDOW (dialog));
  till_wait_frames (2);
  dialog = open_payment (f, "transfer");
  shoot_dialog (f, dialog, "payment-transfer");
  gtk_window_destroy (GTK_WINDOW (dialog));
  till_wait_frames (2);
  till_pay_exact_cash (f);
  g_settings_reset (settings, "bank-bin");
  g_settings_reset (settings, "bank-account");
  g_settings_reset (settings, "bank-account-name");
}

static void
shoot_today (Fixture *f)
{
  const struct { const char *action, *name; } dialogs[] = {
    { "today.close-day", "day-close" },
    { "today.hand-over", "handover" },
  };
  OcopTodayPage *today = ocop_window_show_today (f->window);

  shoot_window (f, "today");
  for (guint i = 0; i < G_N_ELEMENTS (dialogs); i++)
    {
      AdwMessageDialog *dialog;

      gtk_widget_activate_action (GTK_WIDGET (today), dialogs[i].action, NULL);
      dialog = ocop_today_page_get_dialog (today);
      g_assert_nonnull (dialog);
      shoot_dialog (f, GTK_WIDGET (dialog), dialogs[i].name);
      adw_message_dialog_response (dialog, "cancel");
      till_wait_frames (3);
    }
}

static void
shoot_settings (Fixture *f)
{
  const char *pages[] = { "booth", "devices", "till" };
  g_autoptr(GSettings) settings = ocop_settings_new ();
  OcopPreferencesWindow *prefs = ocop_preferences_window_new (GTK_WINDOW (f->window), f->store, settings);

  gtk_window_present (GTK_WINDOW (prefs));
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *name = g_strconcat ("settings-", pages[i], NULL);

      adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), pages[i]);
      /* Settings open as large as the till, as on a booth's one screen. */
      for (guint j = 0; j < G_N_ELEMENTS (sizes); j++)
        {
          gtk_window_set_default_size (GTK_WINDOW (prefs), sizes[j][0], sizes[j][1]);
          till_wait_frames (6);
          shoot (GTK_WIDGET (prefs), name, sizes[j][0], sizes[j][1]);
        }
    }
  gtk_window_destroy (GTK_WINDOW (prefs));
  till_wait_frames (2);
}

static void
test_every_page (Fixture       *f,
                 gconstpointer  data)
{
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.switch-cashier", NULL);
  shoot_window (f, "signin");
  till_sign_in (f->window, "Lan", "1111");
  g_assert_cmpstr (ocop_window_get_cashier (f->window), ==, "Lan");

  shoot_till_and_payment (f);
  shoot_today (f);
  g_assert_true (ocop_labels_page_select_code (ocop_window_show_labels (f->window), "8936000010010"));
  shoot_window (f, "labels");
  ocop_window_show_organizer (f->window);
  shoot_window (f, "organizer");
  ocop_window_show_gate (f->window);
  shoot_window (f, "gate");
  shoot_settings (f);
}

/* The first mapped widget of @type under @root, or NULL. */
static GtkWidget *
find_mapped (GtkWidget *root,
             GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) && gtk_widget_get_mapped (child))
        return child;
      if ((found = find_mapped (child, type)) != NULL)
        return found;
    }
  return NULL;
}

/* The first run, on a store with nothing in it yet: no pages to switch to
 * at either size. */
static void
test_set_up (Fixture       *f,
             gconstpointer  data)
{
  shoot_window (f, "set-up");
  g_assert_null (find_mapped (GTK_WIDGET (f->window), ADW_TYPE_VIEW_SWITCHER_BAR));
}

int
main (int    argc,
      char **argv)
{
  till_test_init_as_main (&argc, &argv);

  g_test_add ("/screenshots/every-page", Fixture, NULL, till_fixture_set_up, test_every_page,
              till_fixture_tear_down);
  g_test_add ("/screenshots/set-up", Fixture, NULL, till_fixture_set_up_empty, test_set_up, till_fixture_tear_down);

  return g_test_run ();
}
