/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-csv.h: reading CSV as spreadsheets export it (RFC 4180 quoting,
 * comma or semicolon, CRLF or LF). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define OCOP_CSV_ERROR (ocop_csv_error_quark ())

typedef enum {
  OCOP_CSV_ERROR_UNTERMINATED_QUOTE,
  OCOP_CSV_ERROR_STRAY_QUOTE,        /* text after a closing quote */
} OcopCsvError;

GQuark ocop_csv_error_quark (void);

typedef struct _OcopCsvReader OcopCsvReader;

/* Reads @len bytes of @text (not copied: keep it alive). */
OcopCsvReader *ocop_csv_reader_new  (const char *text,
                                     gsize       len,
                                     char        delimiter);
void           ocop_csv_reader_free (OcopCsvReader *reader);

/* The next record's fields, or NULL at the end or on error (then @error is
 * set). @line receives the 1-based line the record starts on. Blank lines
 * are skipped. */
GStrv          ocop_csv_reader_next (OcopCsvReader  *reader,
                                     guint          *line,
                                     GError        **error);

/* ',' or ';', whichever separates more fields on the first line (outside
 * quotes); ',' when neither appears. */
char           ocop_csv_sniff_delimiter (const char *text,
                                         gsize       len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OcopCsvReader, ocop_csv_reader_free)

G_END_DECLS
