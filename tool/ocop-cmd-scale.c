/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-cmd-scale.c: `ocop scales` lists where a scale may be and the
 * protocols known; `ocop scale read URI` prints one reading, or the
 * reason none came, to set up and check a booth's scale. */

#include "config.h"

#include <glib/gi18n.h>

#include "ocop-commands.h"
#include "ocop-scale.h"
#include "ocop-scale-protocol.h"
#include "ocop-serial-ports.h"

int
ocop_cmd_scales (OcopTool *tool)
{
  g_autoptr(GPtrArray) ports = NULL;
  const OcopScaleProtocol *protocols;
  gsize n_protocols;

  if (!ocop_tool_parse (tool, "", _("List the serial ports a scale may be on and the scale protocols known."),
                        NULL))
    return OCOP_TOOL_EXIT_USAGE;
  ports = ocop_serial_ports_list (NULL);
  if (ports->len == 0)
    g_print ("%s\n", _("No serial port (ttyUSB, ttyACM) is attached."));
  for (guint i = 0; i < ports->len; i++)
    g_print ("%s\n", (const char *) g_ptr_array_index (ports, i));
  g_print ("\n%s\n", _("Protocols (serial:PORT?protocol=NAME):"));
  protocols = ocop_scale_protocols (&n_protocols);
  for (gsize i = 0; i < n_protocols; i++)
    g_print ("  %-14s %s\n", protocols[i].name, _(protocols[i].title));
  return OCOP_TOOL_EXIT_OK;
}

static void
on_reading_cb (OcopScale              *scale,
               const OcopScaleReading *reading,
               gpointer                user_data)
{
  OcopScaleReading *out = user_data;

  *out = *reading;
}

int
ocop_cmd_scale_read (OcopTool *tool)
{
  g_autoptr(OcopScale) scale = NULL;
  OcopScaleReading reading = { OCOP_SCALE_MISREAD, -1 };
  GError *error = NULL;

  if (!ocop_tool_parse (tool, "URI", _("Ask the scale for one reading and print it in grams, or say why there is none."),
                        NULL))
    return OCOP_TOOL_EXIT_USAGE;
  if (tool->argc != 2)
    return ocop_tool_usage_error (tool, _("give the scale's address, such as "
                                          "serial:/dev/ttyUSB0?protocol=mettler-8217 (see `ocop scales`)"));
  if (!(scale = ocop_scale_new_for_uri (tool->argv[1], &error)) || !ocop_scale_open (scale, &error))
    return ocop_tool_fail (error);
  g_signal_connect (scale, "reading", G_CALLBACK (on_reading_cb), &reading);
  ocop_scale_request (scale);
  /* The scale always answers: a reading, or GONE after its timeout. */
  while (reading.grams == -1)
    g_main_context_iteration (NULL, TRUE);
  if (reading.status == OCOP_SCALE_STABLE)
    {
      g_print ("%" G_GINT64_FORMAT " g\n", reading.grams);
      return OCOP_TOOL_EXIT_OK;
    }
  if (reading.status == OCOP_SCALE_UNSTABLE)
    {
      g_autofree char *grams = g_strdup_printf ("%" G_GINT64_FORMAT, reading.grams);

      g_printerr (_("ocop: %s (now %s g)\n"), ocop_scale_status_describe (reading.status), grams);
    }
  else
    g_printerr ("ocop: %s\n", ocop_scale_status_describe (reading.status));
  return OCOP_TOOL_EXIT_FAILED;
}
