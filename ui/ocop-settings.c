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
