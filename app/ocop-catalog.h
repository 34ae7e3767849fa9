/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-catalog.h: reading and validating the organizers' catalog CSV. */
#pragma once

#include <gio/gio.h>

#include "ocop-product.h"

G_BEGIN_DECLS

#define OCOP_CATALOG_ERROR (ocop_catalog_error_quark ())

typedef enum {
  OCOP_CATALOG_ERROR_READ,       /* the file could not be read */
  OCOP_CATALOG_ERROR_ENCODING,   /* neither UTF-8 nor convertible Windows-1258, or mojibake */
  OCOP_CATALOG_ERROR_HEADER,     /* missing or unexpected columns */
  OCOP_CATALOG_ERROR_INVALID,    /* one or more rows are wrong: nothing is imported */
} OcopCatalogError;

GQuark ocop_catalog_error_quark (void);

/* The header every catalog file carries, in this order. */
#define OCOP_CATALOG_HEADER \
  "sku,barcode,name,producer,producer_kind,locality,stars,price_vnd,unit,category,trace_url"

/* Parses and validates a whole catalog. Returns an array of OcopProduct, one
 * per row, or NULL when anything is wrong; the error message then lists
 * every problem, one per line, as "SOURCE:LINE: FIELD: what is wrong"
 * (at most 50, then a count of the rest). @source names the file in
 * messages. */
GPtrArray *ocop_catalog_parse_bytes (GBytes      *contents,
                                     const char  *source,
                                     GError     **error);
GPtrArray *ocop_catalog_parse_file  (const char  *path,
                                     GError     **error);

/* One product as a catalog line in OCOP_CATALOG_HEADER's order, without
 * its line end, in the canonical form the parser gives back unchanged
 * (plain đồng, "int:" before an internal code, quotes only where needed):
 * two products are the same row exactly when their lines are equal. */
char      *ocop_catalog_format_row  (OcopProduct *product);

G_END_DECLS
