/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-cmd-print.c: `ocop receipt`, `ocop printers`, `ocop print-test` and
 * `ocop print-queue`: receipts rendered and sent to a receipt printer. */

#include "config.h"

#include <string.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "ocop-commands.h"
#include "ocop-print-queue.h"
#include "ocop-printer-monitor.h"
#include "ocop-receipt.h"
#include "ocop-test-page.h"

/* The format --out's name implies, for a command line that gives none. */
static const char *
format_of_path (const char *path)
{
  if (path != NULL && g_str_has_suffix (path, ".png"))
    return "png";
  if (path != NULL && (g_str_has_suffix (path, ".bin") || g_str_has_suffix (path, ".escpos") ||
                       g_str_has_suffix (path, ".prn")))
    return "escpos";
  return "txt";
}

/* Where and how `ocop receipt` puts the receipt (--format, --out, --print,
 * --text-mode). */
typedef struct {
  const char *format;     /* escpos, png or txt */
  gboolean    text_mode;  /* escpos in the printer's font, not an image */
  const char *out;        /* a file, else standard output, unless: */
  const char *print_uri;  /* the printer it goes to */
} ReceiptOutput;

/* FALSE after a usage error when --format, --out and --print do not go
 * together; the format is then set, from --out or --print when not given. */
static gboolean
check_receipt_output (OcopTool      *tool,
                      ReceiptOutput *self)
{
  const char *message = NULL;

  if (self->format == NULL)
    self->format = self->print_uri != NULL ? "escpos" : format_of_path (self->out);
  if (!g_str_equal (self->format, "escpos") && !g_str_equal (self->format, "png") && !g_str_equal (self->format, "txt"))
    message = _("--format must be escpos, png or txt");
  else if (self->print_uri != NULL && (!g_str_equal (self->format, "escpos") || self->out != NULL))
    message = _("--print sends ESC/POS: it goes without --out and other formats");
  else if (self->out == NULL && self->print_uri == NULL && !g_str_equal (self->format, "txt") && isatty (STDOUT_FILENO))
    message = _("this format is binary: give --out FILE or redirect the output");
  if (message != NULL)
    ocop_tool_usage_error (tool, message);
  return message == NULL;
}

/* The receipt's bytes in the output's format: escpos, png or txt. */
static GBytes *
encode_receipt (const ReceiptOutput  *self,
                OcopReceipt          *receipt,
                GError              **error)
{
  char *text;

  if (g_str_equal (self->format, "png"))
    return ocop_receipt_to_png (receipt, error);
  if (g_str_equal (self->format, "escpos"))
    return ocop_receipt_to_escpos (receipt, self->text_mode ? OCOP_RECEIPT_TEXT : OCOP_RECEIPT_RASTER, error);
  text = ocop_receipt_to_text (receipt);
  return g_bytes_new_take (text, strlen (text));
}

/* Sends @bytes to the printer, the file or the standard output. */
static gboolean
put_receipt (const ReceiptOutput  *self,
             GBytes               *bytes,
             GError              **error)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  if (self->print_uri != NULL)
    return ocop_tool_send_to_printer (self->print_uri, bytes, error);
  /* Written beside the target and renamed over it: never half a file. */
  if (self->out != NULL)
    return g_file_set_contents_full (self->out, data, size, G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
  if (!ocop_tool_write_stdout (bytes))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write to the standard output"));
      return FALSE;
    }
  return TRUE;
}

int
ocop_cmd_receipt (OcopTool *tool)
{
  int width_mm = 80;
  g_autofree char *format = NULL, *out = NULL, *print_uri = NULL;
  g_autofree char *footer = NULL, *bin = NULL, *account = NULL, *holder = NULL;
  gboolean text_mode = FALSE;
  OcopReceiptOptions options = { 0 };
  const GOptionEntry entries[] = {
    OCOP_TOOL_OPTION_WIDTH (width_mm),
    { "print", 'p', 0, G_OPTION_ARG_STRING, &print_uri, N_("Send it to the printer at URI (usb://VID:PID, tcp://HOST:9100, file:PATH)"), "URI" },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, N_("escpos, png or txt (default: from --out, else txt)"), N_("FORMAT") },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, N_("Write to FILE instead of the standard output"), N_("FILE") },
    { "text-mode", 0, 0, G_OPTION_ARG_NONE, &text_mode, N_("ESC/POS in the printer's own font (Vietnamese without marks)"), NULL },
    { "reprint", 0, 0, G_OPTION_ARG_NONE, &options.reprint, N_("Mark the receipt as a reprint"), NULL },
    { "cut", 0, 0, G_OPTION_ARG_NONE, &options.cut, N_("Cut the paper at the end"), NULL },
    { "drawer", 0, 0, G_OPTION_ARG_NONE, &options.open_drawer, N_("Open the cash drawer for a cash payment"), NULL },
    { "footer", 0, 0, G_OPTION_ARG_STRING, &footer, N_("Text at the bottom of the receipt"), N_("TEXT") },
    { "bin", 0, 0, G_OPTION_ARG_STRING, &bin, N_("The bank's NAPAS BIN, for a VietQR code on transfers"), "BIN" },
    { "account", 0, 0, G_OPTION_ARG_STRING, &account, N_("The account that receives transfers"), N_("NUMBER") },
    { "holder", 0, 0, G_OPTION_ARG_STRING, &holder, N_("The account holder's name"), N_("NAME") },
    { NULL }
  };
  ReceiptOutput output = { 0 };
  g_autoptr(OcopSale) sale = NULL;
  g_autoptr(OcopReceipt) receipt = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;

  if (!ocop_tool_parse (tool, _("SALE"), _("Render a sale's receipt (#RECEIPT or sale id) for a printer, as an image or as text."),
                        entries) ||
      !ocop_tool_check_sale_argument (tool) ||
      !(options.width_dots = ocop_tool_receipt_width (tool, width_mm)))
    return OCOP_TOOL_EXIT_USAGE;
  output = (ReceiptOutput) { format, text_mode, out, print_uri };
  if (!check_receipt_output (tool, &output))
    return OCOP_TOOL_EXIT_USAGE;

  options.footer = footer;
  options.bank_bin = bin;
  options.bank_account = account;
  options.bank_holder = holder;
  if (!(sale = ocop_tool_load_sale (tool, tool->argv[1], &error)) ||
      !(receipt = ocop_receipt_new_for_sale (tool->store, sale, &options, &error)) ||
      !(bytes = encode_receipt (&output, receipt, &error)) ||
      !put_receipt (&output, bytes, &error))
    return ocop_tool_fail (error);
  return OCOP_TOOL_EXIT_OK;
}

int
ocop_cmd_printers (OcopTool *tool)
{
  g_autoptr(GPtrArray) printers = NULL;
  GError *error = NULL;

  if (!ocop_tool_parse (tool, "", _("List the USB receipt printers attached to this computer, with the address to print to."),
                        NULL))
    return OCOP_TOOL_EXIT_USAGE;
  if (!(printers = ocop_printer_monitor_list_attached (&error)))
    return ocop_tool_fail (error);
  if (printers->len == 0)
    g_print ("%s\n", _("No USB receipt printer is attached. Network printers are used as tcp://ADDRESS:9100."));
  for (guint i = 0; i < printers->len; i++)
    {
      const OcopPrinterInfo *info = g_ptr_array_index (printers, i);
      g_autofree char *name = ocop_printer_info_dup_name (info);

      g_print ("%s\t%s\n", info->uri, name);
    }
  return OCOP_TOOL_EXIT_OK;
}

/* A printer that took the page may still be out of paper: FALSE, saying
 * so, when it reports a problem. */
static gboolean
check_printer_status (const char  *uri,
                      GError     **error)
{
  g_autoptr(OcopPrinter) printer = ocop_printer_new_for_uri (uri, NULL);
  OcopPrinterStatus status = { 0 };
  gboolean ok = TRUE;

  if (printer == NULL)
    return TRUE;
  if (ocop_printer_query_status (printer, &status, NULL, NULL))
    ok = ocop_printer_status_check (&status, error);
  ocop_printer_close (printer, NULL);
  return ok;
}

int
ocop_cmd_print_test (OcopTool *tool)
{
  int width_mm = 80, width_dots;
  const GOptionEntry entries[] = {
    OCOP_TOOL_OPTION_WIDTH (width_mm),
    { NULL }
  };
  g_autoptr(GBytes) page = NULL;
  GError *error = NULL;

  if (!ocop_tool_parse (tool, "URI", _("Print a test page: a frame at the paper's edges and a ruler, then a cut."),
                        entries))
    return OCOP_TOOL_EXIT_USAGE;
  if (tool->argc != 2)
    return ocop_tool_usage_error (tool, _("give the printer's URI (see `ocop printers`)"));
  if (!(width_dots = ocop_tool_receipt_width (tool, width_mm)))
    return OCOP_TOOL_EXIT_USAGE;
  if (!(page = ocop_test_page_new (width_dots, &error)) ||
      !ocop_tool_send_to_printer (tool->argv[1], page, &error) ||
      !check_printer_status (tool->argv[1], &error))
    return ocop_tool_fail (error);
  g_print (_("Test page sent to %s\n"), tool->argv[1]);
  return OCOP_TOOL_EXIT_OK;
}

static const char *
job_kind_name (OcopPrintJobKind kind)
{
  if (kind == OCOP_PRINT_JOB_REPRINT)
    return _("copy");
  if (kind == OCOP_PRINT_JOB_HANDOVER)
    return _("handover slip");
  return kind == OCOP_PRINT_JOB_Z_REPORT ? _("Z report") : _("receipt");
}

/* Prints every job waiting in @store's queue on the printer at @uri. */
static gboolean
flush_print_queue (OcopStore   *store,
                   const char  *uri,
                   int          width_dots,
                   GError     **error)
{
  g_autoptr(OcopPrinter) printer = ocop_printer_new_for_uri (uri, error);
  g_autoptr(OcopPrintQueue) queue = NULL;
  OcopReceiptOptions options = { .width_dots = width_dots, .cut = TRUE };

  if (printer == NULL)
    return FALSE;
  queue = ocop_print_queue_new (store);
  ocop_print_queue_set_options (queue, &options, FALSE);
  ocop_print_queue_set_printer (queue, printer);
  return ocop_print_queue_flush (queue, NULL, error);
}

static void
print_jobs (GPtrArray *jobs)
{
  if (jobs->len == 0)
    g_print ("%s\n", _("Nothing is waiting to print."));
  for (guint i = 0; i < jobs->len; i++)
    {
      OcopPrintJob *job = g_ptr_array_index (jobs, i);
      g_autofree char *what = job->kind == OCOP_PRINT_JOB_Z_REPORT || job->kind == OCOP_PRINT_JOB_HANDOVER
        ? g_strdup (job->business_day)
        : g_strdup_printf ("#%" G_GINT64_FORMAT, job->receipt_no);

      g_print ("%" G_GINT64_FORMAT "\t%s %s\t%s\n", job->id, job_kind_name (job->kind), what,
               job->last_error ? job->last_error : "");
    }
}

int
ocop_cmd_print_queue (OcopTool *tool)
{
  g_autofree char *print_uri = NULL;
  gint64 cancel_id = 0;
  int width_mm = 80, width_dots;
  const GOptionEntry entries[] = {
    { "print", 'p', 0, G_OPTION_ARG_STRING, &print_uri, N_("Print every waiting job on the printer at URI"), "URI" },
    OCOP_TOOL_OPTION_WIDTH (width_mm),
    { "cancel", 0, 0, G_OPTION_ARG_INT64, &cancel_id, N_("Take job ID out of the queue (its sale stays)"), "ID" },
    { NULL }
  };
  g_autoptr(GPtrArray) jobs = NULL;
  GError *error = NULL;

  if (!ocop_tool_parse (tool, "", _("List the receipts waiting for a printer; print or cancel them."), entries) ||
      !(width_dots = ocop_tool_receipt_width (tool, width_mm)))
    return OCOP_TOOL_EXIT_USAGE;
  if (!ocop_tool_open_store (tool, &error) ||
      (cancel_id > 0 && !ocop_store_cancel_print_job (tool->store, cancel_id, &error)) ||
      (print_uri != NULL && !flush_print_queue (tool->store, print_uri, width_dots, &error)) ||
      !(jobs = ocop_store_list_print_jobs (tool->store, &error)))
    return ocop_tool_fail (error);
  print_jobs (jobs);
  return OCOP_TOOL_EXIT_OK;
}
