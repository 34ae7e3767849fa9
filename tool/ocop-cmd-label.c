/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-cmd-label.c: `ocop label`: product labels for a label printer, a
 * receipt printer, a PDF or a PNG. */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <gio/gio.h>

#include "ocop-commands.h"
#include "ocop-label.h"
#include "ocop-quantity.h"
#include "ocop-store-measure-codes.h"

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
  const char *weight;    /* a weighed pack's net weight, or NULL */
} LabelOptions;

/* A weighed pack of @text ("0.35", "350 g") of @label's product, as the
 * booth prices and codes it. */
static gboolean
set_weight (OcopTool    *tool,
            OcopLabel   *label,
            const char  *text,
            GError     **error)
{
  OcopProduct *product = ocop_label_get_product (label);
  gint64 thousandths = 0;
  OcopMeasurePack pack;

  if (!ocop_quantity_parse (text, ocop_product_get_unit (product), TRUE, &thousandths, error) ||
      !ocop_store_make_pack (tool->store, product, thousandths, &pack, error))
    {
      g_prefix_error (error, "--weight: ");
      return FALSE;
    }
  ocop_label_set_pack (label, &pack);
  return TRUE;
}

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
      (options->weight != NULL && !set_weight (tool, label, options->weight, error)) ||
      (options->produced != NULL && !ocop_label_set_produced (label, options->produced, error)) ||
      !ocop_label_set_expires (label, options->expires, error) ||
      !ocop_label_set_copies (label, options->copies, error) ||
      !ocop_label_validate (label, error))
    return NULL;
  return g_steal_pointer (&label);
}

/* Where `ocop label` puts the labels (--format, --out, --print). */
typedef struct {
  OcopLabelFormat  format;
  const char      *out_path;   /* a file, else standard output, unless: */
  const char      *print_uri;  /* the printer they go to */
} LabelOutput;

/* Writes the labels to the file (saying so), the printer or standard
 * output. */
static gboolean
put_labels (const LabelOutput  *self,
            OcopLabel          *label,
            GError            **error)
{
  g_autoptr(GBytes) bytes = NULL;
  guint copies = ocop_label_get_copies (label);

  if (self->out_path != NULL)
    {
      if (!ocop_label_write_file (label, self->format, self->out_path, error))
        return FALSE;
      g_printerr (g_dngettext (NULL, "Wrote %u label of %s to %s.\n", "Wrote %u labels of %s to %s.\n", copies),
                  copies, ocop_product_get_sku (ocop_label_get_product (label)), self->out_path);
      return TRUE;
    }
  if (!(bytes = ocop_label_encode (label, self->format, error)))
    return FALSE;
  if (self->print_uri != NULL)
    return ocop_tool_send_to_printer (self->print_uri, bytes, error);
  return write_label_to_stdout (bytes, error);
}

int
ocop_cmd_label (OcopTool *tool)
{
  g_autofree char *template_id = NULL, *lot = NULL, *produced = NULL, *expires = NULL;
  g_autofree char *format_name = NULL, *out_path = NULL, *print_uri = NULL, *weight = NULL;
  gboolean list_templates = FALSE;
  int copies = 1;
  const GOptionEntry entries[] = {
    { "template", 't', 0, G_OPTION_ARG_STRING, &template_id, N_("Label size (default 40x30; see --list-templates)"), N_("TEMPLATE") },
    { "lot", 'l', 0, G_OPTION_ARG_STRING, &lot, N_("Production lot printed on the label"), N_("LOT") },
    { "produced", 0, 0, G_OPTION_ARG_STRING, &produced, N_("Production date (default: today)"), N_("DATE") },
    { "expires", 0, 0, G_OPTION_ARG_STRING, &expires, N_("Expiry date"), N_("DATE") },
    { "copies", 'n', 0, G_OPTION_ARG_INT, &copies, N_("How many labels"), "N" },
    { "weight", 'w', 0, G_OPTION_ARG_STRING, &weight, N_("A weighed pack's net weight (0.35, 350 g): the label shows it "
                                                         "with the pack's price and carries its variable-measure code"), N_("WEIGHT") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name, N_("tspl, zpl, escpos, png or pdf"), N_("FORMAT") },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out_path, N_("Write to FILE (default: standard output)"), N_("FILE") },
    { "print", 'p', 0, G_OPTION_ARG_STRING, &print_uri, N_("Send them to the printer at URI (usb://VID:PID, tcp://HOST:9100, file:PATH)"), "URI" },
    { "list-templates", 0, 0, G_OPTION_ARG_NONE, &list_templates, N_("List the label templates"), NULL },
    { NULL }
  };
  g_autoptr(OcopLabel) label = NULL;
  LabelOptions options;
  LabelOutput output;
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
  options = (LabelOptions) { template_id, lot, produced, expires, copies, weight };
  output = (LabelOutput) { .out_path = out_path, .print_uri = print_uri };
  if (!ocop_label_format_parse (format_name, &output.format, &error) ||
      !(label = make_label (tool, tool->argv[1], &options, &error)))
    return ocop_tool_fail (error);
  if (print_uri != NULL &&
      (output.format == OCOP_LABEL_FORMAT_PNG || output.format == OCOP_LABEL_FORMAT_PDF || out_path != NULL))
    return ocop_tool_usage_error (tool, _("--print takes --format tspl, zpl or escpos, and no --out"));
  if (!put_labels (&output, label, &error))
    return ocop_tool_fail (error);
  return OCOP_TOOL_EXIT_OK;
}

/* `ocop config measure-codes [LAYOUTS]`: shows the booth's layouts of
 * weighed packs' codes, or sets them. */
int
ocop_cmd_config_measure_codes (OcopTool *tool)
{
  const GOptionEntry entries[] = { { NULL } };
  OcopMeasureLayouts layouts;
  g_autofree char *shown = NULL;
  GError *error = NULL;

  if (!ocop_tool_parse (tool, _("[LAYOUTS]"),
                        _("Show or set the layouts of the variable-measure barcodes (EAN-13 with a prefix "
                          "from 20 to 29) that weighed packs carry, comma-separated; labels print the "
                          "first. A layout is the prefix, the item code's digits, \"verifier\" for the "
                          "GS1 price check digit, and the weight in grams or the price in đồng, with "
                          "xN when one step is N grams or đồng: 20:item5+grams5 (the default) or "
                          "22:item4+verifier+price5x100."),
                        entries))
    return OCOP_TOOL_EXIT_USAGE;
  if (tool->argc > 2)
    return ocop_tool_usage_error (tool, _("give the layouts as one argument, separated by commas"));
  if (!ocop_tool_open_store (tool, &error) ||
      (tool->argc == 2 && !ocop_store_set_measure_layouts (tool->store, tool->argv[1], &error)) ||
      !ocop_store_get_measure_layouts (tool->store, &layouts, &error))
    return ocop_tool_fail (error);
  shown = ocop_measure_layouts_format (&layouts);
  g_print ("%s\n", shown);
  return OCOP_TOOL_EXIT_OK;
}
