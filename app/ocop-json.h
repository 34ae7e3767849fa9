/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-json.h: the one way ocop-pos reads JSON it did not just write in
 * memory (the hub's request bodies and batch events, the hub's replies on
 * a booth, the store's own records), bounded in size and nesting before
 * json-glib sees the text. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* json-glib parses by recursion, one C stack frame or more per level and
 * no limit of its own: 100,000 '[' overflowed a hub worker's stack. No
 * document of the sync protocol nests deeper than 5 levels (a batch, its
 * events, a payload, its lines, a line), so 32 leaves room to grow and
 * keeps the recursion a few kilobytes deep. */
#define OCOP_JSON_MAX_DEPTH 32

/* The most the store reads back of one of its own records (a saved cart,
 * a Z report): far above any it writes, since a day's report lists every
 * product sold; what the bound is for is a file someone else wrote. */
#define OCOP_JSON_MAX_STORED_BYTES (64 * 1024 * 1024)

#define OCOP_JSON_ERROR (ocop_json_error_quark ())

typedef enum {
  OCOP_JSON_ERROR_TOO_LARGE,  /* more bytes than the caller allows */
  OCOP_JSON_ERROR_TOO_DEEP,   /* nested deeper than OCOP_JSON_MAX_DEPTH */
  OCOP_JSON_ERROR_INVALID,    /* not JSON, as json-glib reads it */
} OcopJsonError;

GQuark      ocop_json_error_quark  (void);

/* Refuses @text when it has more than @max_bytes bytes or, outside its
 * strings, opens more than OCOP_JSON_MAX_DEPTH arrays and objects inside
 * one another; the error names the byte offset. @length -1 reads up to a
 * NUL (never more than @max_bytes + 1 bytes). Validates nothing else: a
 * text this accepts may still be refused by the parser. */
gboolean    ocop_json_check_bounds (const char  *text,
                                    gssize       length,
                                    gsize        max_bytes,
                                    GError     **error);
/* json_parser_load_from_data() behind ocop_json_check_bounds(): every
 * failure sets @error in OCOP_JSON_ERROR. */
gboolean    ocop_json_load         (JsonParser  *parser,
                                    const char  *text,
                                    gssize       length,
                                    gsize        max_bytes,
                                    GError     **error);
/* The same, returning the root (NULL for an empty text, without error). */
JsonNode   *ocop_json_from_string  (const char  *text,
                                    gsize        max_bytes,
                                    GError     **error);

/* @parser's root when it is an object; NULL after an empty text (which
 * parses without error and without a root) or another root. */
JsonObject *ocop_json_root_object  (JsonParser  *parser);

/* Sets @error in @domain to @what, followed by why @cause (when not NULL)
 * refused the text: the caller's sentence with the byte it stopped at. */
void        ocop_json_set_error    (GError       **error,
                                    GQuark         domain,
                                    gint           code,
                                    const char    *what,
                                    const GError  *cause);

G_END_DECLS
