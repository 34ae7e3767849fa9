/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-csv.c: a small RFC 4180 reader for the catalogs organizers export
 * from spreadsheets. Written here on purpose: GLib has no CSV reader, and
 * Debian's libcsv (unchanged since 2014) would still need the BOM,
 * encoding and delimiter handling around it that ocop-catalog.c does. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ocop-csv.h"

G_DEFINE_QUARK (ocop-csv-error-quark, ocop_csv_error)

struct _OcopCsvReader
{
  const char *text;
  gsize       len;
  gsize       pos;
  guint       line;        /* 1-based line of text[pos] */
  char        delimiter;
};

OcopCsvReader *
ocop_csv_reader_new (const char *text,
                     gsize       len,
                     char        delimiter)
{
  OcopCsvReader *reader = g_new0 (OcopCsvReader, 1);

  reader->text = text;
  reader->len = len;
  reader->line = 1;
  reader->delimiter = delimiter;
  return reader;
}

void
ocop_csv_reader_free (OcopCsvReader *reader)
{
  g_free (reader);
}

/* Consumes a line end (CRLF, LF or a lone CR) at pos, if there is one. */
static gboolean
take_line_end (OcopCsvReader *r)
{
  if (r->pos < r->len && r->text[r->pos] == '\r')
    {
      r->pos++;
      if (r->pos < r->len && r->text[r->pos] == '\n')
        r->pos++;
      r->line++;
      return TRUE;
    }
  if (r->pos < r->len && r->text[r->pos] == '\n')
    {
      r->pos++;
      r->line++;
      return TRUE;
    }
  return FALSE;
}

static gboolean
at_field_end (OcopCsvReader *r)
{
  return r->pos >= r->len || r->text[r->pos] == r->delimiter ||
         r->text[r->pos] == '\r' || r->text[r->pos] == '\n';
}

static char *
read_quoted (OcopCsvReader  *r,
             GError        **error)
{
  GString *field = g_string_new (NULL);
  guint opened_on = r->line;

  r->pos++;   /* the opening quote */
  for (;;)
    {
      char c;

      if (r->pos >= r->len)
        {
          g_set_error (error, OCOP_CSV_ERROR, OCOP_CSV_ERROR_UNTERMINATED_QUOTE,
                       _("a quoted field opened on line %u is never closed"), opened_on);
          g_string_free (field, TRUE);
          return NULL;
        }
      c = r->text[r->pos];
      if (c == '"' && r->pos + 1 < r->len && r->text[r->pos + 1] == '"')
        {
          g_string_append_c (field, '"');
          r->pos += 2;
        }
      else if (c == '"')
        {
          r->pos++;
          break;
        }
      else if (c == '\r' || c == '\n')
        {
          /* A line break inside quotes belongs to the field, as LF. */
          take_line_end (r);
          g_string_append_c (field, '\n');
        }
      else
        {
          g_string_append_c (field, c);
          r->pos++;
        }
    }
  if (!at_field_end (r))
    {
      g_set_error (error, OCOP_CSV_ERROR, OCOP_CSV_ERROR_STRAY_QUOTE,
                   _("text after the closing quote of a field on line %u"), r->line);
      g_string_free (field, TRUE);
      return NULL;
    }
  return g_string_free (field, FALSE);
}

static char *
read_plain (OcopCsvReader *r)
{
  gsize start = r->pos;

  while (!at_field_end (r))
    r->pos++;
  return g_strndup (r->text + start, r->pos - start);
}

static gboolean
at_blank_line (OcopCsvReader *r)
{
  return r->pos < r->len && (r->text[r->pos] == '\r' || r->text[r->pos] == '\n');
}

GStrv
ocop_csv_reader_next (OcopCsvReader  *reader,
                      guint          *line,
                      GError        **error)
{
  g_autoptr(GStrvBuilder) fields = g_strv_builder_new ();

  while (at_blank_line (reader))
    take_line_end (reader);
  if (reader->pos >= reader->len)
    return NULL;
  if (line != NULL)
    *line = reader->line;

  for (;;)
    {
      char *field = reader->text[reader->pos] == '"' && reader->pos < reader->len
                    ? read_quoted (reader, error) : read_plain (reader);

      if (field == NULL)
        return NULL;
      g_strv_builder_add (fields, field);
      g_free (field);
      if (reader->pos < reader->len && reader->text[reader->pos] == reader->delimiter)
        {
          reader->pos++;
          if (reader->pos >= reader->len || reader->text[reader->pos] == '\r' || reader->text[reader->pos] == '\n')
            {
              g_strv_builder_add (fields, "");   /* a trailing empty field */
              take_line_end (reader);
              break;
            }
          continue;
        }
      take_line_end (reader);
      break;
    }
  return g_strv_builder_end (fields);
}

char
ocop_csv_sniff_delimiter (const char *text,
                          gsize       len)
{
  guint commas = 0, semicolons = 0;
  gboolean quoted = FALSE;

  for (gsize i = 0; i < len && (quoted || (text[i] != '\n' && text[i] != '\r')); i++)
    {
      if (text[i] == '"')
        quoted = !quoted;
      else if (!quoted && text[i] == ',')
        commas++;
      else if (!quoted && text[i] == ';')
        semicolons++;
    }
  return semicolons > commas ? ';' : ',';
}
