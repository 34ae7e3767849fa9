/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-tool.c: the helpers every `ocop` command is written with, so that
 * each says only what it does: options, the store, failing, printing. */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "ocop-printer.h"
#include "ocop-receipt.h"
#include "ocop-tool.h"

void
ocop_tool_clear (OcopTool *self)
{
  g_clear_pointer (&self->context, g_option_context_free);
  g_clear_object (&self->store);
  g_clear_pointer (&self->day, g_free);
}

static void
new_context (OcopTool   *self,
             const char *parameters,
             const char *summary)
{
  g_clear_pointer (&self->context, g_option_context_free);
  self->context = g_option_context_new (parameters);
  g_option_context_set_summary (self->context, summary);
}

/* On --help GLib prints and exits 0; on a bad option this prints a
 * one-line error and returns FALSE, for the command to exit with
 * OCOP_TOOL_EXIT_USAGE. */
static gboolean
parse_context (OcopTool           *self,
               const GOptionEntry *entries)
{
  g_autoptr(GError) error = NULL;

  if (entries != NULL)
    g_option_context_add_main_entries (self->context, entries, GETTEXT_PACKAGE);
  if (g_option_context_parse (self->context, &self->argc, &self->argv, &error))
    return TRUE;
  g_printerr ("ocop: %s\n", error->message);
  return FALSE;
}

/* Sets up the command's options (@entries, or NULL for none) and parses
 * them, leaving its arguments in self->argc and self->argv. */
gboolean
ocop_tool_parse (OcopTool           *self,
                 const char         *parameters,
                 const char         *summary,
                 const GOptionEntry *entries)
{
  new_context (self, parameters, summary);
  return parse_context (self, entries);
}

/* The same for a command that also takes options of @shared: --date
 * before @entries, --json after them (where each command had them). With
 * OCOP_TOOL_DAY the day is then self->day: --date, checked before the
 * store is opened, or else today's business day by the store's clock.
 * Returns OCOP_TOOL_EXIT_OK to go on, else the exit code (after saying
 * why). */
int
ocop_tool_parse_shared (OcopTool           *self,
                        OcopToolShared      shared,
                        const char         *summary,
                        const GOptionEntry *entries)
{
  const GOptionEntry day_entries[] = {
    { "date", 0, 0, G_OPTION_ARG_STRING, &self->day, N_("Business day (default: today)"), N_("YYYY-MM-DD") },
    { NULL }
  };
  const GOptionEntry json_entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &self->json, N_("Print JSON"), NULL },
    { NULL }
  };
  GError *error = NULL;

  new_context (self, "", summary);
  if (shared & OCOP_TOOL_DAY)
    g_option_context_add_main_entries (self->context, day_entries, GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_context_add_main_entries (self->context, entries, GETTEXT_PACKAGE);
  if (!parse_context (self, (shared & OCOP_TOOL_JSON) ? json_entries : NULL))
    return OCOP_TOOL_EXIT_USAGE;
  if (!(shared & OCOP_TOOL_DAY))
    return OCOP_TOOL_EXIT_OK;
  if (!ocop_tool_check_date (self->day, &error) || !ocop_tool_open_store (self, &error))
    return ocop_tool_fail (error);
  if (self->day == NULL)
    self->day = ocop_store_business_day_of (self->store, ocop_store_now_us (self->store));
  return OCOP_TOOL_EXIT_OK;
}

/* Says what is wrong with the command line, then the command's help. */
int
ocop_tool_usage_error (OcopTool   *self,
                       const char *message)
{
  g_autofree char *help = g_option_context_get_help (self->context, TRUE, NULL);

  g_printerr ("ocop: %s\n\n%s", message, help);
  return OCOP_TOOL_EXIT_USAGE;
}

int
ocop_tool_fail (GError *error)
{
  g_printerr ("ocop: %s\n", error->message);
  g_error_free (error);
  return OCOP_TOOL_EXIT_FAILED;
}

char *
ocop_tool_dup_store_path (OcopTool *self)
{
  return self->db_path ? g_strdup (self->db_path) : ocop_store_default_path ();
}

/* --now replays a fair at a chosen time (demos, training, tests). It is
 * an option, never the environment, and said on stderr each time: a
 * clock set where nobody sees it would stamp real sales on another day. */
static gboolean
set_clock (OcopTool   *self,
           OcopStore  *store,
           GError    **error)
{
  g_autoptr(GDateTime) at = NULL;

  if (self->now == NULL)
    return TRUE;
  if (!(at = g_date_time_new_from_iso8601 (self->now, NULL)))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--now '%s' is not an ISO 8601 time such as 2024-12-11T09:30:00+07:00"), self->now);
      return FALSE;
    }
  g_printerr (_("ocop: the clock is set to %s by --now: what this command records is stamped with that time\n"),
              self->now);
  ocop_store_set_clock (store, g_date_time_to_unix (at) * G_USEC_PER_SEC + g_date_time_get_microsecond (at));
  return TRUE;
}

/* Opens the store once for the command, which keeps it in @self; commands
 * that need a booth ask the store for it themselves. */
OcopStore *
ocop_tool_open_store (OcopTool  *self,
                      GError   **error)
{
  g_autofree char *path = NULL;
  g_autoptr(OcopStore) store = NULL;

  if (self->store != NULL)
    return self->store;
  path = ocop_tool_dup_store_path (self);
  if (!(store = ocop_store_open (path, error)) || !set_clock (self, store, error))
    return NULL;
  self->store = g_steal_pointer (&store);
  return self->store;
}

/* FALSE after a usage error unless the command was given one SALE. */
gboolean
ocop_tool_check_sale_argument (OcopTool *self)
{
  if (self->argc == 2)
    return TRUE;
  ocop_tool_usage_error (self, _("give one sale"));
  return FALSE;
}

/* The SALE argument (#RECEIPT or sale id) of a command, from the store. */
OcopSale *
ocop_tool_load_sale (OcopTool    *self,
                     const char  *sale,
                     GError     **error)
{
  if (!ocop_tool_open_store (self, error))
    return NULL;
  return ocop_store_load_sale (self->store, sale, error);
}

/* A date option (--date, --from, --to): not given, or YYYY-MM-DD. */
gboolean
ocop_tool_check_date (const char  *date,
                      GError     **error)
{
  g_autofree char *iso = date ? g_strconcat (date, "T12:00:00Z", NULL) : NULL;
  g_autoptr(GDateTime) parsed = iso ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;

  if (date == NULL || (parsed != NULL && strlen (date) == 10))
    return TRUE;
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("'%s' is not a date in the form YYYY-MM-DD"), date);
  return FALSE;
}

/* The dots across of a --width (OCOP_TOOL_OPTION_WIDTH), or 0 after a
 * usage error: receipts are printed on 58 and 80 mm rolls only. */
int
ocop_tool_receipt_width (OcopTool *self,
                         int       width_mm)
{
  if (width_mm == 58)
    return OCOP_RECEIPT_WIDTH_58MM;
  if (width_mm == 80)
    return OCOP_RECEIPT_WIDTH_80MM;
  ocop_tool_usage_error (self, _("--width must be 58 or 80"));
  return 0;
}

/* Writes @bytes to standard output, for a file or a pipe to a printer
 * device; FALSE with errno set when it could not. */
gboolean
ocop_tool_write_stdout (GBytes *bytes)
{
  gsize size = 0;
  const void *data = g_bytes_get_data (bytes, &size);

  return fwrite (data, 1, size, stdout) == size && fflush (stdout) == 0;
}

/* Hands @bytes to the printer named by @uri: one job, then released. */
gboolean
ocop_tool_send_to_printer (const char  *uri,
                           GBytes      *bytes,
                           GError     **error)
{
  g_autoptr(OcopPrinter) printer = ocop_printer_new_for_uri (uri, error);

  if (printer == NULL)
    return FALSE;
  if (!ocop_printer_write (printer, bytes, NULL, error))
    {
      ocop_printer_close (printer, NULL);
      return FALSE;
    }
  return ocop_printer_close (printer, error);
}
