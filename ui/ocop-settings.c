/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-settings.c: finds the schema whether ocop-pos is installed or run
 * from its build tree (g_settings_new would abort on a missing schema). */

#include "config.h"

#include "ocop-application.h"
#include "ocop-settings.h"

/* A program run from its build tree uses the schema built beside it: an
 * installed one may be older and lack keys, and GSettings aborts on a
 * missing key. An installed program uses the installed schema. */
static gboolean
running_uninstalled (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);

  return exe != NULL && g_str_has_prefix (exe, OCOP_BUILD_ROOT "/");
}

GSettings *
ocop_settings_new (void)
{
  GSettingsSchemaSource *system = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchemaSource) build_tree = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;

  if (running_uninstalled ())
    {
      build_tree = g_settings_schema_source_new_from_directory (OCOP_BUILD_SCHEMA_DIR, system, FALSE, NULL);
      if (build_tree != NULL)
        schema = g_settings_schema_source_lookup (build_tree, OCOP_APPLICATION_ID, FALSE);
    }
  if (schema == NULL && system != NULL)
    schema = g_settings_schema_source_lookup (system, OCOP_APPLICATION_ID, TRUE);
  if (schema == NULL)
    g_error ("The settings schema %s is not installed", OCOP_APPLICATION_ID);
  return g_settings_new_full (schema, NULL, NULL);
}

const char *
ocop_settings_choose_language (GSettings *settings)
{
  g_autofree char *language = NULL;

  if (g_getenv ("LANGUAGE") != NULL && *g_getenv ("LANGUAGE") != '\0')
    return g_getenv ("LANGUAGE");
  language = g_settings_get_string (settings, "language");
  /* Booth staff read Vietnamese; a laptop lent by an English-speaking
   * organizer must not change that. */
  g_setenv ("LANGUAGE", g_str_equal (language, "en") ? "en" : "vi", TRUE);
  return g_getenv ("LANGUAGE");
}
