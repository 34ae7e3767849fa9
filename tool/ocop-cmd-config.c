/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-cmd-config.c: `ocop config rounding`: the booth's settings that
 * change how a sale is priced. */

#include "config.h"

#include <glib/gi18n.h>

#include "ocop-commands.h"
#include "ocop-money.h"

int
ocop_cmd_config_rounding (OcopTool *tool)
{
  g_autofree char *shown = NULL;
  GError *error = NULL;
  gint64 rounding = 0;

  if (!ocop_tool_parse (tool, _("[VND]"),
                        _("Show or set the rounding of a weighed line's amount: 1, 100, 500 or 1000 ₫."), NULL))
    return OCOP_TOOL_EXIT_USAGE;
  if (tool->argc > 2)
    return ocop_tool_usage_error (tool, _("give at most one rounding"));
  if (tool->argc == 2 && !ocop_money_parse (tool->argv[1], &rounding, &error))
    return ocop_tool_fail (error);
  if (!ocop_tool_open_store (tool, &error) ||
      (tool->argc == 2 && !ocop_store_set_rounding (tool->store, rounding, &error)))
    return ocop_tool_fail (error);
  shown = ocop_money_format (ocop_store_get_rounding (tool->store));
  g_print (_("Weighed lines are rounded to %s.\n"), shown);
  return OCOP_TOOL_EXIT_OK;
}
