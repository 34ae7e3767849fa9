/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c: starts the ocop-pos till. */

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "ocop-application.h"
#include "ocop-settings.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(OcopApplication) app = NULL;
  g_autoptr(GSettings) settings = ocop_settings_new ();

  ocop_settings_choose_language (settings);
  ocop_application_choose_renderer ();
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("OCOP_LOCALEDIR") ? g_getenv ("OCOP_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = ocop_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
