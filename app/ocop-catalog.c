/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-catalog.c: reading the organizers' catalog CSV: encodings Excel
 * produces, the header, and every row checked field by field. A file with
 * any error yields no products at all, and a message naming each problem
 * by line and field. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ocop-barcode.h"
#include "ocop-catalog.h"
#include "ocop-csv.h"
#include "ocop-locality.h"
#include "ocop-money.h"
#include "ocop-sync-protocol.h"
#include "ocop-text.h"

G_DEFINE_QUARK (ocop-catalog-error-quark, ocop_catalog_error)

#define MAX_LISTED_ERRORS 50

enum {
  COL_SKU, COL_BARCODE, COL_NAME, COL_PRODUCER, COL_PRODUCER_KIND, COL_LOCALITY,
  COL_STARS, COL_PRICE, COL_UNIT, COL_CATEGORY, COL_TRACE_URL, N_COLUMNS
};

static const char * const column_names[N_COLUMNS] = {
  "sku", "barcode", "name", "producer", "producer_kind", "locality",
  "stars", "price_vnd", "unit", "category", "trace_url",
};

typedef struct {
  const char  *source;
  GPtrArray   *messages;      /* "SOURCE:LINE: FIELD: problem" */
  GHashTable  *skus;          /* sku → first line */
  GHashTable  *barcodes;      /* barcode → first line */
} Checker;

static void G_GNUC_PRINTF (4, 5)
complain (Checker    *checker,
          guint       line,
          int         column,
          const char *format,
          ...)
{
  g_autofree char *problem = NULL;
  va_list args;

  va_start (args, format);
  problem = g_strdup_vprintf (format, args);
  va_end (args);
  if (column >= 0)
    g_ptr_array_add (checker->messages,
                     g_strdup_printf ("%s:%u: %s: %s", checker->source, line, column_names[column], problem));
  else
    g_ptr_array_add (checker->messages, g_strdup_printf ("%s:%u: %s", checker->source, line, problem));
}

/* ---- encoding ---- */

/* Text that is UTF-8 read as Windows-1252 and saved again ("TrÃ  hoa
 * vÃ ng") is still valid UTF-8: undo the wrong step and see whether real
 * Vietnamese appears. */
static gboolean
looks_like_mojibake (const char *field)
{
  g_autofree char *bytes = NULL;
  gsize len = 0;
  gboolean non_ascii = FALSE;

  for (const char *p = field; *p; p++)
    non_ascii |= (guchar) *p >= 0x80;
  if (!non_ascii)
    return FALSE;
  bytes = g_convert (field, -1, "WINDOWS-1252", "UTF-8", NULL, &len, NULL);
  if (bytes == NULL)
    bytes = g_convert (field, -1, "ISO-8859-1", "UTF-8", NULL, &len, NULL);
  if (bytes == NULL || !g_utf8_validate_len (bytes, len, NULL))
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if ((guchar) bytes[i] >= 0x80)
      return TRUE;
  return FALSE;
}

static guint
line_of_offset (const char *data,
                gsize       offset)
{
  guint line = 1;

  for (gsize i = 0; i < offset; i++)
    line += data[i] == '\n';
  return line;
}

/* UTF-8 (BOM dropped) as is; otherwise Windows-1258, which spells tones as
 * combining marks, converted and recomposed (NFC). */
static char *
decode (GBytes      *contents,
        const char  *source,
        GError     **error)
{
  gsize len = 0;
  const char *data = g_bytes_get_data (contents, &len);
  const char *end = NULL;
  g_autofree char *converted = NULL;
  g_autoptr(GError) convert_error = NULL;
  gsize converted_len = 0;

  if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      data += 3;
      len -= 3;
    }
  if (g_utf8_validate_len (data, len, &end))
    return g_strndup (data, len);

  converted = g_convert (data, len, "UTF-8", "WINDOWS-1258", NULL, &converted_len, &convert_error);
  if (converted == NULL || !g_utf8_validate_len (converted, converted_len, NULL))
    {
      g_set_error (error, OCOP_CATALOG_ERROR, OCOP_CATALOG_ERROR_ENCODING,
                   _("%s:%u: the file is neither UTF-8 nor Windows-1258 (byte 0x%02X at offset %zu); save it as “CSV UTF-8”"),
                   source, line_of_offset (data, end - data), (guchar) *end, (gsize) (end - data));
      return NULL;
    }
  g_debug ("%s: converted from Windows-1258", source);
  return g_utf8_normalize (converted, converted_len, G_NORMALIZE_NFC);
}

/* ---- rows ---- */

static gboolean
valid_sku (const char *sku)
{
  gsize len = strlen (sku);

  if (len == 0 || len > 32)
    return FALSE;
  for (const char *p = sku; *p; p++)
    if (!g_ascii_isalnum (*p) && !strchr ("-._", *p))
      return FALSE;
  return TRUE;
}

static gboolean
valid_url (const char *url)
{
  const char *host;

  if (g_str_has_prefix (url, "https://"))
    host = url + 8;
  else if (g_str_has_prefix (url, "http://"))
    host = url + 7;
  else
    return FALSE;
  return g_ascii_isalnum (*host) && strchr (url, ' ') == NULL && g_uri_is_valid (url, G_URI_FLAGS_NONE, NULL);
}

static int
parse_stars (const char *text)
{
  g_autofree char *folded = ocop_text_fold (text);
  g_autofree char *digits = NULL;

  if (*folded == '\0')
    return 0;
  /* "4", "4 sao", "4★" */
  if (g_str_has_suffix (folded, "sao"))
    folded[strlen (folded) - 3] = '\0';
  else if (g_str_has_suffix (folded, "★"))
    folded[strlen (folded) - strlen ("★")] = '\0';
  digits = g_strstrip (g_strdup (folded));
  if (strlen (digits) == 1 && digits[0] >= '3' && digits[0] <= '5')
    return digits[0] - '0';
  return -1;
}

static void
check_required (Checker *checker,
                guint    line,
                char   **fields)
{
  static const int required[] = { COL_SKU, COL_NAME, COL_PRODUCER, COL_PRODUCER_KIND,
                                   COL_LOCALITY, COL_PRICE, COL_UNIT };

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    if (*fields[required[i]] == '\0')
      complain (checker, line, required[i], _("is required"));
}

static void
check_unique (Checker    *checker,
              GHashTable *seen,
              const char *value,
              guint       line,
              int         column)
{
  gpointer first;

  if (*value == '\0')
    return;
  if ((first = g_hash_table_lookup (seen, value)) != NULL)
    complain (checker, line, column, _("'%s' is already used on line %u"), value, GPOINTER_TO_UINT (first));
  else
    g_hash_table_insert (seen, g_strdup (value), GUINT_TO_POINTER (line));
}

/* Reads the barcode column: an EAN, "int:CODE" for an internal code, or
 * nothing. Returns the code to store (in @code) and its kind. */
static OcopBarcodeKind
check_barcode (Checker     *checker,
               guint        line,
               const char  *text,
               const char **code)
{
  g_autoptr(GError) error = NULL;
  gboolean internal = g_ascii_strncasecmp (text, "int:", 4) == 0;
  OcopBarcodeKind kind;

  *code = internal ? text + 4 : text;
  if (*text == '\0')
    return 0;
  /* Internal codes are kept upper-case: scanners that drop Shift under
   * load type them in lower case, and look-ups upper-case what they get. */
  if (internal)
    for (char *p = (char *) *code; *p; p++)
      *p = g_ascii_toupper (*p);
  kind = ocop_barcode_classify (*code, internal, &error);
  /* "int:" on a valid EAN keeps it as the EAN it is. */
  if (kind == 0)
    complain (checker, line, COL_BARCODE, "%s", error->message);
  return kind;
}

static void
check_lengths (Checker  *checker,
               guint     line,
               char    **fields)
{
  if (g_utf8_strlen (fields[COL_NAME], -1) > 120)
    complain (checker, line, COL_NAME, _("is longer than 120 characters"));
  if (g_utf8_strlen (fields[COL_PRODUCER], -1) > 160)
    complain (checker, line, COL_PRODUCER, _("is longer than 160 characters"));
  if (g_utf8_strlen (fields[COL_UNIT], -1) > 20)
    complain (checker, line, COL_UNIT, _("'%s' is longer than 20 characters"), fields[COL_UNIT]);
  if (g_utf8_strlen (fields[COL_CATEGORY], -1) > 60)
    complain (checker, line, COL_CATEGORY, _("is longer than 60 characters"));
}

static OcopProduct *
check_row (Checker  *checker,
           guint     line,
           char    **fields)
{
  guint errors_before = checker->messages->len;
  OcopProductInfo info = { 0 };
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < N_COLUMNS; i++)
    {
      g_strstrip (fields[i]);
      if (looks_like_mojibake (fields[i]))
        complain (checker, line, i, _("'%s' is garbled text (UTF-8 read as another code page); save the file again as “CSV UTF-8”"),
                  fields[i]);
    }
  check_required (checker, line, fields);
  if (checker->messages->len > errors_before)
    return NULL;

  info.sku = fields[COL_SKU];
  if (!valid_sku (info.sku))
    complain (checker, line, COL_SKU, _("'%s' must be 1 to 32 letters, digits, '-', '.' or '_'"), info.sku);
  check_unique (checker, checker->skus, info.sku, line, COL_SKU);

  info.barcode_kind = check_barcode (checker, line, fields[COL_BARCODE], &info.barcode);
  check_unique (checker, checker->barcodes, info.barcode, line, COL_BARCODE);
  if (*info.barcode == '\0')
    info.barcode = NULL;

  info.name = fields[COL_NAME];
  info.producer = fields[COL_PRODUCER];
  check_lengths (checker, line, fields);

  if ((info.producer_kind = ocop_producer_kind_from_string (fields[COL_PRODUCER_KIND])) == 0)
    complain (checker, line, COL_PRODUCER_KIND, _("'%s' is not enterprise, cooperative (HTX) or household"),
              fields[COL_PRODUCER_KIND]);
  if ((info.locality = ocop_locality_canonical (fields[COL_LOCALITY], &info.in_province)) == NULL)
    complain (checker, line, COL_LOCALITY, _("'%s' is neither one of Quảng Ninh's 13 localities nor a province"),
              fields[COL_LOCALITY]);
  if ((info.stars = parse_stars (fields[COL_STARS])) < 0)
    complain (checker, line, COL_STARS, _("'%s' must be 3, 4, 5 or empty"), fields[COL_STARS]);

  if (!ocop_money_parse (fields[COL_PRICE], &info.price_vnd, &error))
    complain (checker, line, COL_PRICE, "%s", error->message);
  else if (info.price_vnd == 0)
    complain (checker, line, COL_PRICE, _("'%s' must be more than 0"), fields[COL_PRICE]);
  else if (info.price_vnd > OCOP_SYNC_MAX_UNIT_PRICE)
    complain (checker, line, COL_PRICE, _("'%s' is more than the 10,000,000,000 đồng a product may cost"),
              fields[COL_PRICE]);

  /* A measure here (ocop_unit_is_measure: "kg", "lít"…) makes the product
   * sold by weight; every catalog before weighed goods stays valid as it
   * is, its other units counting pieces. */
  info.unit = fields[COL_UNIT];
  info.category = *fields[COL_CATEGORY] ? fields[COL_CATEGORY] : "Khác";
  info.trace_url = *fields[COL_TRACE_URL] ? fields[COL_TRACE_URL] : NULL;
  if (info.trace_url && !valid_url (info.trace_url))
    complain (checker, line, COL_TRACE_URL, _("'%s' is not an http(s) address"), info.trace_url);

  if (checker->messages->len > errors_before)
    return NULL;
  return ocop_product_new (&info);
}

/* ---- the file ---- */

static gboolean
check_header (Checker  *checker,
              guint     line,
              char    **header,
              GError  **error)
{
  guint n = g_strv_length (header);

  for (guint i = 0; i < MAX (n, N_COLUMNS); i++)
    {
      g_autofree char *got = i < n ? g_ascii_strdown (g_strstrip (header[i]), -1) : NULL;

      if (i < N_COLUMNS && got != NULL && g_str_equal (got, column_names[i]))
        continue;
      g_set_error (error, OCOP_CATALOG_ERROR, OCOP_CATALOG_ERROR_HEADER,
                   i >= N_COLUMNS ? _("%s:%u: unexpected column '%s' after trace_url; the header must be %s")
                   : got == NULL ? _("%s:%u: column '%s' is missing; the header must be %s")
                   : _("%s:%u: expected column '%s' but found '%s'; the header must be %s"),
                   checker->source, line, i >= N_COLUMNS ? got : column_names[i],
                   i >= N_COLUMNS || got == NULL ? OCOP_CATALOG_HEADER : got, OCOP_CATALOG_HEADER);
      return FALSE;
    }
  return TRUE;
}

/* Excel writes "sep=;" as a first line when asked to name the delimiter. */
static char
take_sep_hint (const char **text)
{
  if (g_ascii_strncasecmp (*text, "sep=", 4) == 0 && (*text)[4] != '\0' &&
      ((*text)[5] == '\n' || (*text)[5] == '\r'))
    {
      char delimiter = (*text)[4];

      /* Stop at the line end: the reader then sees a blank first line and
       * numbers the following lines as the file does. */
      *text += 5;
      return delimiter;
    }
  return 0;
}

static GError *
summarize (Checker *checker)
{
  GString *message = g_string_new (NULL);
  guint n = checker->messages->len;

  g_string_append_printf (message, g_dngettext (GETTEXT_PACKAGE, "%s: %u error, nothing imported",
                                                "%s: %u errors, nothing imported", n),
                          checker->source, n);
  for (guint i = 0; i < MIN (n, MAX_LISTED_ERRORS); i++)
    g_string_append_printf (message, "\n%s", (const char *) checker->messages->pdata[i]);
  if (n > MAX_LISTED_ERRORS)
    g_string_append_printf (message, _("\n… and %u more errors"), n - MAX_LISTED_ERRORS);
  {
    GError *error = g_error_new_literal (OCOP_CATALOG_ERROR, OCOP_CATALOG_ERROR_INVALID, message->str);

    g_string_free (message, TRUE);
    return error;
  }
}

static GPtrArray *
read_rows (Checker        *checker,
           OcopCsvReader  *reader,
           GError        **error)
{
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) csv_error = NULL;
  guint line = 0;
  char **fields;

  while ((fields = ocop_csv_reader_next (reader, &line, &csv_error)) != NULL)
    {
      g_auto(GStrv) owned = fields;
      guint n = g_strv_length (fields);
      OcopProduct *product;

      if (n != N_COLUMNS)
        {
          complain (checker, line, -1, _("%u fields where the header has %d"), n, N_COLUMNS);
          continue;
        }
      if ((product = check_row (checker, line, fields)) != NULL)
        g_ptr_array_add (products, product);
    }
  if (csv_error != NULL)
    g_ptr_array_add (checker->messages, g_strdup_printf ("%s:%u: %s", checker->source, line, csv_error->message));
  if (checker->messages->len == 0 && products->len == 0)
    g_ptr_array_add (checker->messages, g_strdup_printf (_("%s: no products after the header"), checker->source));
  if (checker->messages->len > 0)
    {
      g_propagate_error (error, summarize (checker));
      return NULL;
    }
  return g_steal_pointer (&products);
}

GPtrArray *
ocop_catalog_parse_bytes (GBytes      *contents,
                          const char  *source,
                          GError     **error)
{
  g_autofree char *text = decode (contents, source, error);
  g_autoptr(OcopCsvReader) reader = NULL;
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) skus = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) barcodes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Checker checker = { source, messages, skus, barcodes };
  g_auto(GStrv) header = NULL;
  const char *body;
  char delimiter;
  guint line = 1;

  if (text == NULL)
    return NULL;
  body = text;
  delimiter = take_sep_hint (&body);
  reader = ocop_csv_reader_new (body, strlen (body), delimiter ? delimiter : ocop_csv_sniff_delimiter (body, strlen (body)));
  header = ocop_csv_reader_next (reader, &line, NULL);
  if (header == NULL)
    {
      g_set_error (error, OCOP_CATALOG_ERROR, OCOP_CATALOG_ERROR_HEADER,
                   _("%s: the file is empty; the first line must be %s"), source, OCOP_CATALOG_HEADER);
      return NULL;
    }
  if (!check_header (&checker, line, header, error))
    return NULL;
  return read_rows (&checker, reader, error);
}

GPtrArray *
ocop_catalog_parse_file (const char  *path,
                         GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GError) read_error = NULL;
  g_autoptr(GBytes) contents = g_file_load_bytes (file, NULL, NULL, &read_error);

  if (contents == NULL)
    {
      g_set_error (error, OCOP_CATALOG_ERROR, OCOP_CATALOG_ERROR_READ,
                   _("Cannot read the catalog %s: %s"), path, read_error->message);
      return NULL;
    }
  return ocop_catalog_parse_bytes (contents, path, error);
}

/* ---- writing ---- */

static void
append_field (GString    *row,
              const char *field)
{
  if (field == NULL)
    return;
  if (strpbrk (field, ",;\"\r\n") == NULL)
    {
      g_string_append (row, field);
      return;
    }
  g_string_append_c (row, '"');
  for (const char *p = field; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (row, '"');
      g_string_append_c (row, *p);
    }
  g_string_append_c (row, '"');
}

char *
ocop_catalog_format_row (OcopProduct *product)
{
  const OcopProductInfo *info = ocop_product_get_info (product);
  g_autoptr(GString) row = g_string_new (NULL);
  g_autofree char *barcode = NULL;
  g_autofree char *stars = info->stars ? g_strdup_printf ("%d", info->stars) : NULL;
  g_autofree char *price = g_strdup_printf ("%" G_GINT64_FORMAT, info->price_vnd);
  const char *fields[N_COLUMNS];

  if (info->barcode != NULL && *info->barcode != '\0')
    barcode = info->barcode_kind == OCOP_BARCODE_INTERNAL ? g_strconcat ("int:", info->barcode, NULL)
                                                          : g_strdup (info->barcode);
  fields[COL_SKU] = info->sku;
  fields[COL_BARCODE] = barcode;
  fields[COL_NAME] = info->name;
  fields[COL_PRODUCER] = info->producer;
  fields[COL_PRODUCER_KIND] = ocop_producer_kind_to_string (info->producer_kind);
  fields[COL_LOCALITY] = info->locality;
  fields[COL_STARS] = stars;
  fields[COL_PRICE] = price;
  fields[COL_UNIT] = info->unit;
  fields[COL_CATEGORY] = info->category;
  fields[COL_TRACE_URL] = info->trace_url;
  for (int i = 0; i < N_COLUMNS; i++)
    {
      if (i > 0)
        g_string_append_c (row, ',');
      append_field (row, fields[i]);
    }
  return g_string_free (g_steal_pointer (&row), FALSE);
}
