/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-cmd-label.c: `ocop label`: product labels for a label printer, a
 * receipt printer, a PDF or a PNG. */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <gio/gio.h>

#include "ocop-commands.h"
#include "ocop-label.h"

static void
print_label_templates (void)
{
  const OcopLabelTemplate * const *templates = ocop_label_template_list ();

  for (guint i = 0; templates[i] != NULL; i++)
    g_print ("%-8s %s\n", templates[i]->id, _(templates[i]->description));
}

/* Writes @bytes to standard output, for a pipe to a printer device. */
static gboolean
write_label_to_stdout (GBytes  *bytes,
                       GError **error)
{
  if (ocop_tool_write_stdout (bytes))
    return TRUE;
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
               _("cannot write the labels to standard output: %s"), g_strerror (errno));
  return FALSE;
}

/* What the command line says about each label. */
typedef struct {
  const char *template_id;
  const char *lot;
  const char *produced;
  const char *expires;
  int         copies;
} LabelOptions;

/* The label of @sku as @options say, checked whole. */
static OcopLabel *
make_label (OcopTool            *tool,
            const char          *sku,
            const LabelOptions  *options,
            GError             **error)
{
  g_autoptr(OcopProduct) product = NULL;
  g_autoptr(OcopLabel) label = NULL;

  if (!ocop_tool_open_store (tool, error) ||
      !(product = ocop_store_find_sku (tool->store, sku, error)))
    return NULL;
  label = ocop_label_new (product);
  ocop_label_set_lot (label, options->lot);
  if ((options->template_id != NULL && !ocop_label_set_template (label, options->template_id, error)) ||
      (options->produced != NULL && !ocop_label_set_produced (label, options->produced, error)) ||
      !ocop_label_set_expires (label, options->expires, error) ||
      !ocop_label_set_copies (label, options->copies, error) ||
      !ocop_label_validate (label, error))
    return NULL;
  return g_steal_pointer (&label);
}

static gboolean
write_label_file (OcopLabel        *label,
                  OcopLabelFormat   format,
                  const char       *sku,
                  const char       *path,
                  GError          **error)
{
  guint copies = ocop_label_get_copies (label);

  if (!ocop_label_write_file (label, format, path, error))
    return FALSE;
  g_printerr (g_dngettext (NULL, "Wrote %u label of %s to %s.\n", "Wrote %u labels of %s to %s.\n", copies),
              copies, sku, path);
  return TRUE;
}

int
ocop_cmd_label (OcopTool *tool)
{
  g_autofree char *template_id = NULL, *lot = NULL, *produced = NULL, *expires = NULL;
  g_autofree char *format_name = NULL, *out_path = NULL, *print_uri = NULL;
  gboolean list_templates = FALSE;
  int copies = 1;
  const GOptionEntry entries[] = {
    { "template", 't', 0, G_OPTION_ARG_STRING, &template_id, N_("Label size (default 40x30; see --list-templates)"), N_("TEMPLATE") },
    { "lot", 'l', 0, G_OPTION_ARG_STRING, &lot, N_("Production lot printed on the label"), N_("LOT") },
    { "produced", 0, 0, G_OPTION_ARG_STRING, &produced, N_("Production date (default: today)"), N_("DATE") },
    { "expires", 0, 0, G_OPTION_ARG_STRING, &expires, N_("Expiry date"), N_("DATE") },
    { "copies", 'n', 0, G_OPTION_ARG_INT, &copies, N_("How many labels"), "N" },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name, N_("tspl, zpl, escpos, png or pdf"), N_("FORMAT") },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out_path, N_("Write to FILE (default: standard output)"), N_("FILE") },
    { "print", 'p', 0, G_OPTION_ARG_STRING, &print_uri, N_("Send them to the printer at URI (usb://VID:PID, tcp://HOST:9100, file:PATH)"), "URI" },
    { "list-templates", 0, 0, G_OPTION_ARG_NONE, &list_templates, N_("List the label templates"), NULL },
    { NULL }
  };
  g_autoptr(OcopLabel) label = NULL;
  g_autoptr(GBytes) bytes = NULL;
  LabelOptions options;
  OcopLabelFormat format;
  GError *error = NULL;

  if (!ocop_tool_parse (tool, _("SKU"), _("Make product labels: name, producer, locality, stars, price, dates, lot, "
                                          "barcode and traceability QR code. Dates are YYYY-MM-DD or DD/MM/YYYY."),
                        entries))
    return OCOP_TOOL_EXIT_USAGE;
  if (list_templates)
    {
      print_label_templates ();
      return OCOP_TOOL_EXIT_OK;
    }
  if (tool->argc != 2)
    return ocop_tool_usage_error (tool, _("give one product SKU"));
  if (format_name == NULL)
    return ocop_tool_usage_error (tool, _("--format is required"));
  options = (LabelOptions) { template_id, lot, produced, expires, copies };
  if (!ocop_label_format_parse (format_name, &format, &error) ||
      !(label = make_label (tool, tool->argv[1], &options, &error)))
    return ocop_tool_fail (error);
  if (print_uri != NULL &&
      (format == OCOP_LABEL_FORMAT_PNG || format == OCOP_LABEL_FORMAT_PDF || out_path != NULL))
    return ocop_tool_usage_error (tool, _("--print takes --format tspl, zpl or escpos, and no --out"));
  if (out_path != NULL)
    return write_label_file (label, format, tool->argv[1], out_path, &error) ? OCOP_TOOL_EXIT_OK : ocop_tool_fail (error);
  if (!(bytes = ocop_label_encode (label, format, &error)) ||
      !(print_uri != NULL ? ocop_tool_send_to_printer (print_uri, bytes, &error) : write_label_to_stdout (bytes, &error)))
    return ocop_tool_fail (error);
  return OCOP_TOOL_EXIT_OK;
}
