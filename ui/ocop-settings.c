/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-settings.c: finds the schema whether ocop-pos is installed or run
 * from its build tree (g_settings_new would abort on a missing schema). */

#include "config.h"

#include "ocop-application.h"
#include "ocop-settings.h"

GSettings *
ocop_settings_new (void)
{
  GSettingsSchemaSource *system = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchemaSource) build_tree = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;

  if (system != NULL)
    schema = g_settings_schema_source_lookup (system, OCOP_APPLICATION_ID, TRUE);
  if (schema == NULL)
    {
      build_tree = g_settings_schema_source_new_from_directory (OCOP_BUILD_SCHEMA_DIR, system, FALSE, NULL);
      if (build_tree != NULL)
        schema = g_settings_schema_source_lookup (build_tree, OCOP_APPLICATION_ID, FALSE);
    }
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
