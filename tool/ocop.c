/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop.c: the `ocop` command: everything a booth does in a fair day, from
 * the command line, over the same core library as the till. This file
 * takes the global options and dispatches to a command (ocop-cmd-*.c). */

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "ocop-commands.h"

typedef struct {
  const char      *group;     /* NULL for a top-level command */
  const char      *name;
  OcopCommandFunc  run;
  const char      *summary;
} Command;

static const Command commands[] = {
  { NULL, "init", ocop_cmd_init, N_("Set up this device for a fair and booth") },
  { NULL, "demo", ocop_cmd_demo, N_("Create the demo fair") },
  { "catalog", "import", ocop_cmd_catalog_import, N_("Import a catalog CSV") },
  { "catalog", "search", ocop_cmd_catalog_search, N_("Search the catalog") },
  { "catalog", "list", ocop_cmd_catalog_list, N_("List the catalog") },
  { "sale", "add", ocop_cmd_sale_add, N_("Ring up and record a sale") },
  { "sale", "void", ocop_cmd_sale_void, N_("Void a sale") },
  { "sale", "refund", ocop_cmd_sale_refund, N_("Refund a sale") },
  { "sale", "show", ocop_cmd_sale_show, N_("Show a sale") },
  { "sale", "list", ocop_cmd_sale_list, N_("List a day's sales") },
  { "config", "rounding", ocop_cmd_config_rounding, N_("Show or set the rounding of weighed lines") },
  { "day", "open", ocop_cmd_day_open, N_("Open the business day") },
  { "day", "close", ocop_cmd_day_close, N_("Close the day and print the Z report") },
  { "day", "z", ocop_cmd_day_z, N_("Reprint a Z report") },
  { "day", "handover", ocop_cmd_day_handover, N_("Hand the drawer over to the next cashier") },
  { "report", "day", ocop_cmd_report_day, N_("Day report") },
  { "report", "fair", ocop_cmd_report_fair, N_("Fair totals") },
  { "visitors", "add", ocop_cmd_visitors_add, N_("Record visitors at a gate") },
  { NULL, "vietqr", ocop_cmd_vietqr, N_("Print a VietQR transfer payload") },
  { NULL, "receipt", ocop_cmd_receipt, N_("Render a sale's receipt for a printer") },
  { NULL, "label", ocop_cmd_label, N_("Make product labels for a label printer, PDF or PNG") },
  { "config", "measure-codes", ocop_cmd_config_measure_codes, N_("Show or set the barcode layouts of weighed packs") },
  { NULL, "printers", ocop_cmd_printers, N_("List attached USB receipt printers") },
  { NULL, "print-test", ocop_cmd_print_test, N_("Print a test page") },
  { NULL, "scales", ocop_cmd_scales, N_("List the serial ports and USB scales a scale may be on") },
  { "scale", "read", ocop_cmd_scale_read, N_("Print one reading of a scale") },
  { NULL, "print-queue", ocop_cmd_print_queue, N_("List, print or cancel receipts waiting for a printer") },
  { "sync", "enroll", ocop_cmd_sync_enroll, N_("Enroll this device with the fair's hub") },
  { "sync", "status", ocop_cmd_sync_status, N_("Show what waits to be sent to the hub") },
  { NULL, "sync", ocop_cmd_sync_round, N_("Send pending sales to the hub now") },
};

static void
print_help (void)
{
  g_print ("%s\n\n", _("Usage: ocop [--db PATH] COMMAND [OPTIONS…]"));
  g_print ("%s\n", _("Point of sale for OCOP fairs. Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *name = g_strjoin (" ", commands[i].group ? commands[i].group : commands[i].name,
                                         commands[i].group ? commands[i].name : NULL, NULL);
      g_print ("  %-18s %s\n", name, _(commands[i].summary));
    }
  g_print ("\n%s\n", _("The store is $OCOP_DB, or ~/.local/share/ocop-pos/ocop.db; --db PATH overrides both."));
  g_print ("%s\n", _("--now TIME (ISO 8601) replays a fair at TIME, for demos and training: what the command "
                      "records is stamped with TIME, and it says so."));
  g_print ("%s\n", _("`ocop COMMAND --help` describes a command's options."));
}

/* Takes --db PATH / --db=PATH and --now TIME / --now=TIME from anywhere
 * before the command's own arguments, so `ocop --db x sale add` and
 * `ocop sale add --db x` both work. */
static void
take_global_options (OcopTool  *tool,
                     int       *argc,
                     char     **argv)
{
  int out = 1;

  for (int i = 1; i < *argc; i++)
    {
      if (g_str_equal (argv[i], "--db") && i + 1 < *argc)
        tool->db_path = argv[++i];
      else if (g_str_has_prefix (argv[i], "--db="))
        tool->db_path = argv[i] + 5;
      else if (g_str_equal (argv[i], "--now") && i + 1 < *argc)
        tool->now = argv[++i];
      else if (g_str_has_prefix (argv[i], "--now="))
        tool->now = argv[i] + 6;
      else
        argv[out++] = argv[i];
    }
  *argc = out;
  argv[out] = NULL;
}

static const Command *
find_command (int    argc,
              char **argv,
              int   *consumed)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      const Command *c = &commands[i];

      if (c->group == NULL && argc > 1 && g_str_equal (argv[1], c->name))
        {
          *consumed = 1;
          return c;
        }
      if (c->group != NULL && argc > 2 && g_str_equal (argv[1], c->group) && g_str_equal (argv[2], c->name))
        {
          *consumed = 2;
          return c;
        }
    }
  return NULL;
}

int
main (int    argc,
      char **argv)
{
  OcopTool tool = { NULL };
  const Command *command;
  int consumed = 0, status;
  g_autofree char *prgname = NULL;

  setlocale (LC_ALL, "");
  /* Names, places and "₫" are Vietnamese: under a bare C or POSIX locale
   * (a container, a cron job) they would print as '?', so use its UTF-8
   * sibling, which every current glibc ships. */
  if (!g_get_charset (NULL))
    {
      const char *current = setlocale (LC_CTYPE, NULL);

      if (current && (g_str_equal (current, "C") || g_str_equal (current, "POSIX")))
        setlocale (LC_ALL, "C.UTF-8");
    }
  /* OCOP_LOCALEDIR lets a build that is not installed find its
   * translations (the tests and the README's demo use it). */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("OCOP_LOCALEDIR") ? g_getenv ("OCOP_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  take_global_options (&tool, &argc, argv);
  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      print_help ();
      return argc < 2 ? OCOP_TOOL_EXIT_USAGE : OCOP_TOOL_EXIT_OK;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("ocop %s\n", PACKAGE_VERSION);
      return OCOP_TOOL_EXIT_OK;
    }
  command = find_command (argc, argv, &consumed);
  if (command == NULL)
    {
      g_printerr (_("ocop: unknown command '%s'; `ocop --help` lists them\n"), argv[1]);
      return OCOP_TOOL_EXIT_USAGE;
    }

  /* The command sees "ocop sale add" as its program name and its own
   * arguments after it. */
  prgname = g_strjoin (" ", "ocop", argv[1], consumed == 2 ? argv[2] : NULL, NULL);
  g_set_prgname (prgname);
  argv[consumed] = prgname;
  tool.argc = argc - consumed;
  tool.argv = argv + consumed;
  status = command->run (&tool);
  ocop_tool_clear (&tool);
  return status;
}
