/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-cmd-fair.c: `ocop init`, `ocop demo` and `ocop visitors add`: the
 * fair and booth this device sells for, and the visitors at its gates. */

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "ocop-commands.h"
#include "ocop-demo.h"
#include "ocop-locality.h"

/* Only into a store without one: a supervisor's PIN is changed with
 * another supervisor's approval (in the till's Settings), never by setting
 * the booth up again. */
static gboolean
add_first_supervisor (OcopStore   *store,
                      const char  *name,
                      GError     **error)
{
  g_autoptr(GPtrArray) cashiers = ocop_store_list_cashier_roles (store, error);
  char pin[OCOP_TOOL_PIN_LINE] = { 0 };
  gboolean ok;

  if (cashiers == NULL)
    return FALSE;
  for (guint i = 0; i < cashiers->len; i++)
    if (((OcopCashier *) cashiers->pdata[i])->supervisor && ((OcopCashier *) cashiers->pdata[i])->active)
      {
        g_set_error_literal (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID,
                             _("This booth has a supervisor already: add cashiers in the till's Settings"));
        return FALSE;
      }
  ok = ocop_tool_read_pin (name, pin, error) && ocop_store_set_cashier (store, name, pin, TRUE, error);
  explicit_bzero (pin, sizeof pin);
  return ok;
}

int
ocop_cmd_init (OcopTool *tool)
{
  g_autofree char *fair_name = NULL, *venue = NULL, *starts = NULL, *ends = NULL;
  g_autofree char *booth_code = NULL, *booth_name = NULL, *locality = NULL, *supervisor = NULL;
  const GOptionEntry entries[] = {
    { "fair", 0, 0, G_OPTION_ARG_STRING, &fair_name, N_("The fair's name"), N_("NAME") },
    { "venue", 0, 0, G_OPTION_ARG_STRING, &venue, N_("Where it is held"), N_("PLACE") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &starts, N_("First day"), N_("YYYY-MM-DD") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &ends, N_("Last day"), N_("YYYY-MM-DD") },
    { "booth", 0, 0, G_OPTION_ARG_STRING, &booth_code, N_("This device's booth code"), N_("CODE") },
    { "booth-name", 0, 0, G_OPTION_ARG_STRING, &booth_name, N_("The booth's name"), N_("NAME") },
    { "locality", 0, 0, G_OPTION_ARG_STRING, &locality, N_("The booth's locality"), N_("PLACE") },
    { "supervisor", 0, 0, G_OPTION_ARG_STRING, &supervisor,
      N_("The booth's first supervisor, who approves voids, refunds and closing the day; their PIN is asked for"),
      N_("NAME") },
    { NULL }
  };
  OcopStore *store;
  GError *error = NULL;
  gboolean in_province = TRUE;
  const char *canonical = NULL;

  if (!ocop_tool_parse (tool, "", _("Set up this device for a fair and a booth."), entries))
    return OCOP_TOOL_EXIT_USAGE;
  if (fair_name == NULL || booth_code == NULL)
    return ocop_tool_usage_error (tool, _("--fair and --booth are required"));
  if (!ocop_tool_check_date (starts, &error) || !ocop_tool_check_date (ends, &error))
    return ocop_tool_fail (error);
  if (locality != NULL && !(canonical = ocop_locality_canonical (locality, &in_province)))
    return ocop_tool_usage_error (tool, _("--locality must be one of Quảng Ninh's 13 localities or a province"));

  {
    OcopFair fair = { fair_name, venue, starts, ends, (char *) OCOP_FAIR_TIME_ZONE };
    OcopBooth booth = { booth_code, booth_name ? booth_name : booth_code, (char *) canonical, in_province };

    if (!(store = ocop_tool_open_store (tool, &error)) ||
        !ocop_store_set_fair (store, &fair, &error) ||
        !ocop_store_add_booth (store, &booth, &error) ||
        !ocop_store_set_current_booth (store, booth_code, &error) ||
        (supervisor != NULL && !add_first_supervisor (store, supervisor, &error)))
      return ocop_tool_fail (error);
  }
  g_print (_("This device now sells for booth %s at %s (%s).\n"),
           booth_code, fair_name, ocop_store_get_path (store));
  return OCOP_TOOL_EXIT_OK;
}

int
ocop_cmd_demo (OcopTool *tool)
{
  OcopStore *store;
  g_autoptr(OcopFair) fair = NULL;
  g_autoptr(OcopBooth) booth = NULL;
  GError *error = NULL;
  guint n_products = 0;

  if (!ocop_tool_parse (tool, "", _("Create the demo fair (Hội chợ OCOP Quảng Ninh) with its booths and real OCOP products."),
                        NULL))
    return OCOP_TOOL_EXIT_USAGE;
  if (!(store = ocop_tool_open_store (tool, &error)) ||
      !ocop_demo_create (store, &n_products, &error) ||
      !(fair = ocop_store_get_fair (store, &error)) ||
      !(booth = ocop_store_get_current_booth (store, &error)))
    return ocop_tool_fail (error);
  g_print (_("Demo fair ready: %s, %s; this device is booth %s (%s) with %u products.\n"),
           fair->name, fair->venue, booth->code, booth->name, n_products);
  g_print (_("Store: %s\n"), ocop_store_get_path (store));
  return OCOP_TOOL_EXIT_OK;
}

int
ocop_cmd_visitors_add (OcopTool *tool)
{
  g_autofree char *gate = NULL;
  g_autofree char *reason = NULL;
  const GOptionEntry entries[] = {
    { "gate", 'g', 0, G_OPTION_ARG_STRING, &gate, N_("Which gate counted them"), N_("NAME") },
    { "reason", 'r', 0, G_OPTION_ARG_STRING, &reason, N_("Why, for a negative correction"), N_("TEXT") },
    { NULL }
  };
  GError *error = NULL;
  gint64 count;
  char *end = NULL;

  if (!ocop_tool_parse (tool, _("COUNT"), _("Record visitors counted at a gate."), entries))
    return OCOP_TOOL_EXIT_USAGE;
  if (tool->argc != 2 || gate == NULL)
    return ocop_tool_usage_error (tool, _("give a COUNT and --gate"));
  count = g_ascii_strtoll (tool->argv[1], &end, 10);
  if (end == tool->argv[1] || *end != '\0')
    return ocop_tool_usage_error (tool, _("COUNT must be a whole number"));
  if (!ocop_tool_open_store (tool, &error) ||
      !ocop_store_add_visitors (tool->store, gate, count, reason, &error))
    return ocop_tool_fail (error);
  g_print (_("Recorded %" PRId64 " visitors at %s.\n"), count, gate);
  return OCOP_TOOL_EXIT_OK;
}
