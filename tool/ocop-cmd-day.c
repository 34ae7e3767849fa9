/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-cmd-day.c: `ocop day open|close|z|handover` and `ocop report
 * day|fair`: the business day, its Z report, shift handovers, and the
 * totals of a day and of the fair. */

#include "config.h"

#include <glib/gi18n.h>

#include "ocop-commands.h"
#include "ocop-handover.h"
#include "ocop-money.h"
#include "ocop-receipt.h"
#include "ocop-report.h"

int
ocop_cmd_day_open (OcopTool *tool)
{
  g_autofree char *day = NULL;
  GError *error = NULL;

  if (!ocop_tool_parse (tool, "", _("Open today's business day for this booth."), NULL))
    return OCOP_TOOL_EXIT_USAGE;
  if (!ocop_tool_open_store (tool, &error) || !(day = ocop_store_open_day (tool->store, &error)))
    return ocop_tool_fail (error);
  g_print (_("Business day %s is open.\n"), day);
  return OCOP_TOOL_EXIT_OK;
}

/* Prints a stored Z report (@json as the store keeps it) as on paper. */
static int
print_z (const char *json)
{
  GError *error = NULL;
  g_autoptr(OcopDayReport) report = ocop_day_report_from_json (json, &error);
  g_autofree char *text = NULL;

  if (report == NULL)
    return ocop_tool_fail (error);
  text = ocop_day_report_to_text (report, TRUE);
  g_print ("%s", text);
  return OCOP_TOOL_EXIT_OK;
}

/* Prints @text of a report, with the line end a JSON text lacks, and
 * frees it. */
static int
print_report (char     *text,
              gboolean  as_json)
{
  g_autofree char *owned = text;

  g_print ("%s%s", owned, as_json ? "\n" : "");
  return OCOP_TOOL_EXIT_OK;
}

/* How a command gets the Z report of a day: closing it, or as stored. */
typedef char *(*ZReportFunc) (OcopStore   *store,
                              const char  *business_day,
                              GError     **error);

/* `day close` and `day z`: parses the command, then prints the Z report
 * @get_z gives for its day. */
static int
run_z_report (OcopTool       *tool,
              OcopToolShared  shared,
              const char     *summary,
              ZReportFunc     get_z)
{
  g_autofree char *json = NULL;
  GError *error = NULL;
  int status = ocop_tool_parse_shared (tool, shared, summary, NULL);

  if (status != OCOP_TOOL_EXIT_OK)
    return status;
  if (!(json = get_z (tool->store, tool->day, &error)))
    return ocop_tool_fail (error);
  return tool->json ? print_report (g_steal_pointer (&json), TRUE) : print_z (json);
}

int
ocop_cmd_day_close (OcopTool *tool)
{
  g_autofree char *approver = NULL, *counted_text = NULL, *json = NULL;
  const GOptionEntry entries[] = {
    { "approver", 'a', 0, G_OPTION_ARG_STRING, &approver,
      N_("The supervisor who closes the day; their PIN is asked for, or read from standard input"), N_("NAME") },
    { "cash-counted", 0, 0, G_OPTION_ARG_STRING, &counted_text, N_("The cash counted in the drawer, in VND"),
      N_("AMOUNT") },
    { NULL }
  };
  g_autoptr(OcopApproval) approval = NULL;
  GError *error = NULL;
  gint64 counted = 0;
  int status = ocop_tool_parse_shared (tool, OCOP_TOOL_DAY, _("Close the business day and print its Z report."),
                                       entries);

  if (status != OCOP_TOOL_EXIT_OK)
    return status;
  /* The count is what the close is for: a day closed without one would
   * hide a drawer that is short. */
  if (counted_text == NULL)
    return ocop_tool_usage_error (tool, _("say how much cash is in the drawer with --cash-counted"));
  if (!ocop_money_parse (counted_text, &counted, &error) ||
      !(approval = ocop_tool_approve (tool, approver, &error)) ||
      !(json = ocop_store_close_day (tool->store, tool->day, approval, counted, &error)))
    return ocop_tool_fail (error);
  return print_z (json);
}

int
ocop_cmd_day_z (OcopTool *tool)
{
  return run_z_report (tool, OCOP_TOOL_DAY | OCOP_TOOL_JSON, _("Reprint the stored Z report of a closed day."),
                       ocop_store_get_z_report);
}

/* A supervisor's PIN only when the count differs: an exact drawer passes
 * between two cashiers with nobody else asked. */
static gboolean
approve_difference (OcopTool       *tool,
                    const char     *approver,
                    gint64          counted,
                    OcopApproval  **approval,
                    GError        **error)
{
  gint64 expected = 0;
  g_autofree char *difference = NULL;

  if (!ocop_store_handover_expected (tool->store, &expected, error))
    return FALSE;
  if (counted == expected)
    return TRUE;
  difference = ocop_money_format (counted - expected);
  if (approver == NULL)
    {
      g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_NOT_APPROVED,
                   _("The drawer is %s off the cash expected: name the supervisor who approves with --approver"),
                   difference);
      return FALSE;
    }
  return (*approval = ocop_tool_approve (tool, approver, error)) != NULL;
}

static int
print_handover_slip (OcopTool           *tool,
                     const OcopHandover *handover)
{
  GError *error = NULL;
  g_autoptr(OcopReceipt) slip = ocop_receipt_new_for_handover (tool->store, handover, NULL, &error);
  g_autofree char *text = NULL;

  if (slip == NULL)
    return ocop_tool_fail (error);
  text = ocop_receipt_to_text (slip);
  g_print ("%s", text);
  return OCOP_TOOL_EXIT_OK;
}

int
ocop_cmd_day_handover (OcopTool *tool)
{
  g_autofree char *from = NULL, *to = NULL, *counted_text = NULL, *approver = NULL;
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("The cashier who hands the drawer over"), N_("NAME") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("The cashier who takes the drawer"), N_("NAME") },
    { "cash-counted", 0, 0, G_OPTION_ARG_STRING, &counted_text, N_("The cash counted in the drawer, in VND"),
      N_("AMOUNT") },
    { "approver", 'a', 0, G_OPTION_ARG_STRING, &approver,
      N_("The supervisor who approves a count that differs; their PIN is asked for, or read from standard input"),
      N_("NAME") },
    { NULL }
  };
  g_autoptr(OcopApproval) approval = NULL;
  g_autoptr(OcopHandover) handover = NULL;
  GError *error = NULL;
  gint64 counted = 0;

  if (!ocop_tool_parse (tool, "", _("Hand the drawer over to the next cashier without closing the day."), entries))
    return OCOP_TOOL_EXIT_USAGE;
  if (from == NULL || to == NULL)
    return ocop_tool_usage_error (tool, _("say who hands the drawer over and who takes it with --from and --to"));
  if (counted_text == NULL)
    return ocop_tool_usage_error (tool, _("say how much cash is in the drawer with --cash-counted"));
  if (!ocop_money_parse (counted_text, &counted, &error) ||
      !ocop_tool_open_store (tool, &error) ||
      !approve_difference (tool, approver, counted, &approval, &error) ||
      !(handover = ocop_store_hand_over (tool->store, from, to, counted, approval, &error)))
    return ocop_tool_fail (error);
  return print_handover_slip (tool, handover);
}

int
ocop_cmd_report_day (OcopTool *tool)
{
  g_autofree char *booth = NULL;
  const GOptionEntry entries[] = {
    { "booth", 0, 0, G_OPTION_ARG_STRING, &booth, N_("Booth (default: this device's)"), N_("CODE") },
    { NULL }
  };
  int status;
  g_autoptr(OcopDayReport) report = NULL;
  GError *error = NULL;

  status = ocop_tool_parse_shared (tool, OCOP_TOOL_DAY | OCOP_TOOL_JSON,
                                   _("Sales, revenue, voids and refunds of a day, by payment method, product and hour."),
                                   entries);
  if (status != OCOP_TOOL_EXIT_OK)
    return status;
  if (!(report = ocop_report_day (tool->store, booth, tool->day, &error)))
    return ocop_tool_fail (error);
  return print_report (tool->json ? ocop_day_report_to_json (report) : ocop_day_report_to_text (report, FALSE),
                       tool->json);
}

int
ocop_cmd_report_fair (OcopTool *tool)
{
  g_autoptr(OcopFairReport) report = NULL;
  GError *error = NULL;
  int status = ocop_tool_parse_shared (tool, OCOP_TOOL_JSON, _("Totals of every booth and day in this store, with visitors."),
                                       NULL);

  if (status != OCOP_TOOL_EXIT_OK)
    return status;
  if (!ocop_tool_open_store (tool, &error) || !(report = ocop_report_fair (tool->store, &error)))
    return ocop_tool_fail (error);
  return print_report (tool->json ? ocop_fair_report_to_json (report) : ocop_fair_report_to_text (report),
                       tool->json);
}
