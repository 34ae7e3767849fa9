/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-application.c: one instance per desktop session: opens the booth's
 * store, shows the till, and installs the accelerators for its actions. */

#include "config.h"

#include <glib/gi18n.h>

#include "ocop-application.h"
#include "ocop-pos-resources.h"
#include "ocop-window.h"

struct _OcopApplication
{
  AdwApplication  parent_instance;

  gboolean        gate_mode;   /* --gate: start on the Gate page */
};

G_DEFINE_FINAL_TYPE (OcopApplication, ocop_application, ADW_TYPE_APPLICATION)

static const struct { const char *action; const char *accels[3]; } accelerators[] = {
  { "till.pay", { "F12", "<Control>Return", NULL } },
  { "win.search", { "<Control>f", "F3", NULL } },
  { "till.remove-line", { "<Control>Delete", NULL, NULL } },
  { "till.edit-line", { "F4", "<Control>e", NULL } },
  { "till.increase", { "<Control>plus", "<Control>KP_Add", NULL } },
  { "till.decrease", { "<Control>minus", "<Control>KP_Subtract", NULL } },
  { "till.park", { "F6", NULL, NULL } },
  { "till.recall", { "F7", NULL, NULL } },
  { "till.clear", { "<Control><Shift>Delete", NULL, NULL } },
  { "till.undo-clear", { "<Control>z", NULL, NULL } },
  { "win.preferences", { "<Control>comma", NULL, NULL } },
  { "win.switch-cashier", { "<Control>l", NULL, NULL } },
  { "app.quit", { "<Control>q", NULL, NULL } },
};

static void
show_error (GtkApplication *app,
            GError         *error)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (NULL, _("Cannot open the store"), error->message));

  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_set_application (GTK_WINDOW (dialog), app);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
ocop_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_autofree char *path = NULL;
  g_autoptr(OcopStore) store = NULL;
  g_autoptr(GError) error = NULL;

  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }
  path = ocop_store_default_path ();
  if (!(store = ocop_store_open (path, &error)))
    {
      show_error (GTK_APPLICATION (app), error);
      return;
    }
  window = GTK_WINDOW (ocop_window_new (ADW_APPLICATION (app), store));
  if (OCOP_APPLICATION (app)->gate_mode)
    ocop_window_show_gate (OCOP_WINDOW (window));
  gtk_window_present (window);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       app)
{
  g_application_quit (G_APPLICATION (app));
}

static void
ocop_application_startup (GApplication *app)
{
  static const GActionEntry app_actions[] = {
    { "quit", quit_activated, NULL, NULL, NULL },
  };

  G_APPLICATION_CLASS (ocop_application_parent_class)->startup (app);
  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  for (guint i = 0; i < G_N_ELEMENTS (accelerators); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accelerators[i].action, accelerators[i].accels);
}

/* Answers --version in the launching process, before any window or store. */
static int
ocop_application_handle_local_options (GApplication *app,
                                       GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("ocop-pos %s\n", PACKAGE_VERSION);
      return 0;
    }
  OCOP_APPLICATION (app)->gate_mode = g_variant_dict_contains (options, "gate");
  return -1;
}

static void
ocop_application_class_init (OcopApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = ocop_application_activate;
  app_class->startup = ocop_application_startup;
  app_class->handle_local_options = ocop_application_handle_local_options;
}

static void
ocop_application_init (OcopApplication *self)
{
  static const GOptionEntry options[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    { "gate", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Start in Gate mode, counting visitors at an entrance"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

/* Measured with tests/bench/bench-till on Xvfb (README, Benchmarks): GTK
 * 4.8's default GL renderer on a laptop without a working GPU driver runs on
 * llvmpipe, and a scan then takes 70 ms to reach the screen and the till
 * 265 MB. Even with the Cairo renderer, GDK opens GL at start to pick a
 * visual, which maps Mesa and LLVM: 55 MB more and 50 ms longer to start.
 * The till draws tiles and text, which Cairo paints in a few milliseconds;
 * GSK_RENDERER=gl brings the GPU back where it is worth it. */
void
ocop_application_choose_renderer (void)
{
  if (g_getenv ("GSK_RENDERER") == NULL)
    g_setenv ("GSK_RENDERER", "cairo", TRUE);
  if (g_str_equal (g_getenv ("GSK_RENDERER"), "cairo") && g_getenv ("GDK_DEBUG") == NULL)
    g_setenv ("GDK_DEBUG", "gl-disable", TRUE);
}

void
ocop_ui_register_resources (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      ocop_pos_register_resource ();
      g_once_init_leave (&done, 1);
    }
}

OcopApplication *
ocop_application_new (void)
{
  /* Before startup, when libadwaita loads style.css from the resources. */
  ocop_ui_register_resources ();
  return g_object_new (OCOP_TYPE_APPLICATION,
                       "application-id", OCOP_APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/vn/ocop/Pos",
                       NULL);
}
