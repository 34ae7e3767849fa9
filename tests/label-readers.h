/* SPDX-License-Identifier: GPL-3.0-or-later */
/* label-readers.h: small readers of TSPL and ZPL for the label tests: they
 * parse a printer job back into commands, so a test can check what the
 * printer would be told without a printer; and zbarimg for the codes on a
 * label's image, as a scanner reads them. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  char   *name;    /* "SIZE", "BITMAP"; for ZPL the two letters after '^': "PW", "GF" */
  GStrv   args;    /* comma-separated arguments, trimmed */
  GBytes *data;    /* TSPL BITMAP: the raw bitmap bytes; ZPL ^GF: the decoded hex; else NULL */
} LabelCommand;

void label_command_free (LabelCommand *command);

/* Parses CRLF-terminated TSPL lines; BITMAP takes width_bytes × height raw
 * bytes after its fifth comma. NULL and a message in @error on a malformed
 * program. */
GPtrArray *label_read_tspl (GBytes  *program,
                            GError **error);

/* Parses ^XX commands (white space between them ignored); ^GFA's hex data
 * is decoded and checked against its declared byte count. */
GPtrArray *label_read_zpl  (GBytes  *program,
                            GError **error);

/* The first command called @name, or NULL. */
LabelCommand *label_find_command (GPtrArray  *commands,
                                  const char *name);
/* The index of the first command called @name, or -1. */
int label_command_index (GPtrArray  *commands,
                         const char *name);

/* What zbarimg reads in the image at @path, one "SYMBOLOGY:data" per code,
 * sorted (by label_compare_strings, a qsort() comparison of strings); NULL
 * when zbarimg is missing (the test is then skipped, or failed on CI). */
GStrv label_zbar_read         (const char *path);
int   label_compare_strings   (const void *a,
                               const void *b);

G_END_DECLS
