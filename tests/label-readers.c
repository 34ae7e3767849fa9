/* SPDX-License-Identifier: GPL-3.0-or-later */
/* label-readers.c: TSPL and ZPL parsers for the label tests, written from
 * the TSC and Zebra programming manuals, independent of the encoders. */

#include <stdlib.h>
#include <string.h>

#include "label-readers.h"
#include "test-tools.h"

void
label_command_free (LabelCommand *command)
{
  g_free (command->name);
  g_strfreev (command->args);
  g_clear_pointer (&command->data, g_bytes_unref);
  g_free (command);
}

static GStrv
split_args (const char *text)
{
  GStrv args = g_strsplit (text, ",", -1);

  for (guint i = 0; args[i] != NULL; i++)
    g_strstrip (args[i]);
  return args;
}

static LabelCommand *
new_command (const char *name,
             const char *args)
{
  LabelCommand *command = g_new0 (LabelCommand, 1);

  command->name = g_strdup (name);
  command->args = args && *args ? split_args (args) : g_new0 (char *, 1);
  return command;
}

static gboolean
fail (GError    **error,
      const char *format,
      ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail (GError    **error,
      const char *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, G_MARKUP_ERROR, G_MARKUP_ERROR_PARSE, message);
  return FALSE;
}

/* BITMAP x,y,width_bytes,height,mode,<raw bytes>CRLF */
static gboolean
read_tspl_bitmap (const guint8  *p,
                  const guint8  *end,
                  const guint8 **next,
                  LabelCommand **out,
                  GError       **error)
{
  const guint8 *start = p;
  int commas = 0;
  g_autofree char *head = NULL;
  LabelCommand *command;
  gsize size;

  while (p < end && commas < 5)
    if (*p++ == ',')
      commas++;
  if (commas < 5)
    return fail (error, "BITMAP without its five arguments");
  head = g_strndup ((const char *) start, p - 1 - start);
  command = new_command ("BITMAP", head);
  if (g_strv_length (command->args) != 5)
    {
      label_command_free (command);
      return fail (error, "BITMAP arguments malformed: %s", head);
    }
  size = (gsize) g_ascii_strtoull (command->args[2], NULL, 10) * g_ascii_strtoull (command->args[3], NULL, 10);
  if ((gsize) (end - p) < size + 2 || p[size] != '\r' || p[size + 1] != '\n')
    {
      label_command_free (command);
      return fail (error, "BITMAP data is not %" G_GSIZE_FORMAT " bytes followed by CRLF", size);
    }
  command->data = g_bytes_new (p, size);
  *next = p + size + 2;
  *out = command;
  return TRUE;
}

GPtrArray *
label_read_tspl (GBytes  *program,
                 GError **error)
{
  g_autoptr(GPtrArray) commands = g_ptr_array_new_with_free_func ((GDestroyNotify) label_command_free);
  gsize length = 0;
  const guint8 *p = g_bytes_get_data (program, &length);
  const guint8 *end = p + length;

  while (p < end)
    {
      const guint8 *eol;
      g_autofree char *line = NULL;
      char *space;
      LabelCommand *command = NULL;

      if (end - p > 7 && memcmp (p, "BITMAP ", 7) == 0)
        {
          if (!read_tspl_bitmap (p + 7, end, &p, &command, error))
            return NULL;
          g_ptr_array_add (commands, command);
          continue;
        }
      eol = memchr (p, '\n', end - p);
      if (eol == NULL || eol == p || eol[-1] != '\r')
        return fail (error, "a TSPL line does not end with CRLF"), NULL;
      line = g_strndup ((const char *) p, eol - 1 - p);
      space = strchr (line, ' ');
      if (space != NULL)
        *space = '\0';
      g_ptr_array_add (commands, new_command (line, space ? space + 1 : NULL));
      p = eol + 1;
    }
  return g_steal_pointer (&commands);
}

static GBytes *
decode_hex (const char *hex,
            gsize       expected,
            GError    **error)
{
  gsize length = strlen (hex);
  g_autofree guint8 *bytes = NULL;

  if (length != expected * 2)
    return fail (error, "^GFA has %" G_GSIZE_FORMAT " hex digits for %" G_GSIZE_FORMAT " bytes", length, expected), NULL;
  bytes = g_malloc (expected);
  for (gsize i = 0; i < expected; i++)
    {
      int high = g_ascii_xdigit_value (hex[2 * i]), low = g_ascii_xdigit_value (hex[2 * i + 1]);

      if (high < 0 || low < 0)
        return fail (error, "^GFA data is not hex at byte %" G_GSIZE_FORMAT, i), NULL;
      bytes[i] = (guint8) (high << 4 | low);
    }
  return g_bytes_new_take (g_steal_pointer (&bytes), expected);
}

GPtrArray *
label_read_zpl (GBytes  *program,
                GError **error)
{
  g_autoptr(GPtrArray) commands = g_ptr_array_new_with_free_func ((GDestroyNotify) label_command_free);
  gsize length = 0;
  const char *data = g_bytes_get_data (program, &length);
  g_autofree char *text = g_strndup (data, length);
  g_auto(GStrv) pieces = NULL;

  if (strlen (text) != length)
    return fail (error, "ZPL program has a NUL byte"), NULL;
  g_strstrip (text);
  if (text[0] != '^')
    return fail (error, "ZPL program does not start with a ^ command"), NULL;
  pieces = g_strsplit (text + 1, "^", -1);
  for (guint i = 0; pieces[i] != NULL; i++)
    {
      char name[3] = { 0 };
      LabelCommand *command;

      g_strstrip (pieces[i]);
      if (strlen (pieces[i]) < 2)
        return fail (error, "ZPL command too short: ^%s", pieces[i]), NULL;
      memcpy (name, pieces[i], 2);
      command = new_command (name, pieces[i] + 2);
      g_ptr_array_add (commands, command);
      if (g_str_equal (name, "GF"))
        {
          gsize bytes;

          if (g_strv_length (command->args) != 5 || !g_str_equal (command->args[0], "A"))
            return fail (error, "^GF is not ^GFA,total,total,bytes_per_row,data"), NULL;
          bytes = g_ascii_strtoull (command->args[1], NULL, 10);
          if (!(command->data = decode_hex (command->args[4], bytes, error)))
            return NULL;
        }
    }
  return g_steal_pointer (&commands);
}

LabelCommand *
label_find_command (GPtrArray  *commands,
                    const char *name)
{
  int index = label_command_index (commands, name);

  return index < 0 ? NULL : commands->pdata[index];
}

int
label_command_index (GPtrArray  *commands,
                     const char *name)
{
  for (guint i = 0; i < commands->len; i++)
    if (g_str_equal (((LabelCommand *) commands->pdata[i])->name, name))
      return (int) i;
  return -1;
}

int
label_compare_strings (const void *a,
                       const void *b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/* What zbarimg reads in the image at @path, one "SYMBOLOGY:data" per code,
 * sorted; NULL when zbarimg is missing, which ends the test skipped (on
 * CI, failed), not passed unread. */
GStrv
label_zbar_read (const char *path)
{
  g_autofree char *zbarimg = test_tool_find ("zbarimg", "zbar-tools");
  const char *argv[] = { zbarimg, "-q", path, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  GStrv lines;

  if (zbarimg == NULL)
    return NULL;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  lines = g_strsplit (g_strstrip (out), "\n", -1);
  qsort (lines, g_strv_length (lines), sizeof (char *), label_compare_strings);
  return lines;
}
