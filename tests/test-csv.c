/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-csv.c: the CSV reader on what spreadsheets write: quoting, embedded
 * delimiters, line breaks and quotes, three kinds of line ends, semicolons. */

#include "ocop-csv.h"

static GPtrArray *
read_all (const char  *text,
          char         delimiter,
          GArray      *lines,
          GError     **error)
{
  g_autoptr(OcopCsvReader) reader = ocop_csv_reader_new (text, strlen (text), delimiter);
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  GStrv fields;
  guint line;

  while ((fields = ocop_csv_reader_next (reader, &line, error)) != NULL)
    {
      g_ptr_array_add (records, fields);
      if (lines)
        g_array_append_val (lines, line);
    }
  return records;
}

static void
assert_fields (GStrv        fields,
               const char  *first,
               ...)
{
  va_list args;
  guint i = 0;

  va_start (args, first);
  for (const char *expected = first; expected != NULL; expected = va_arg (args, const char *), i++)
    g_assert_cmpstr (fields[i], ==, expected);
  va_end (args);
  g_assert_null (fields[i]);
}

static void
test_quoting (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) records = read_all (
    "a,\"b, with comma\",\"say \"\"hi\"\"\"\n"
    "\"two\nlines\",,last\r\n"
    "\r\n"
    "x,y,\n", ',', lines, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 3);
  assert_fields (records->pdata[0], "a", "b, with comma", "say \"hi\"", NULL);
  assert_fields (records->pdata[1], "two\nlines", "", "last", NULL);
  assert_fields (records->pdata[2], "x", "y", "", NULL);   /* trailing empty field kept */
  /* Records are numbered by the line they start on; the blank line counts. */
  g_assert_cmpuint (g_array_index (lines, guint, 0), ==, 1);
  g_assert_cmpuint (g_array_index (lines, guint, 1), ==, 2);
  g_assert_cmpuint (g_array_index (lines, guint, 2), ==, 5);
}

static void
test_line_ends (void)
{
  const char *texts[] = { "a;b\nc;d\n", "a;b\r\nc;d\r\n", "a;b\rc;d\r", "a;b\nc;d" };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) records = read_all (texts[i], ';', NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (records->len, ==, 2);
      assert_fields (records->pdata[0], "a", "b", NULL);
      assert_fields (records->pdata[1], "c", "d", NULL);
    }
}

static void
test_sniff (void)
{
  g_assert_cmpint (ocop_csv_sniff_delimiter ("sku;barcode;name\n1,2;3", 22), ==, ';');
  g_assert_cmpint (ocop_csv_sniff_delimiter ("sku,barcode,name\n1;2;3;4", 24), ==, ',');
  g_assert_cmpint (ocop_csv_sniff_delimiter ("\"a;b;c\",d,e\n", 12), ==, ',');
  g_assert_cmpint (ocop_csv_sniff_delimiter ("single", 6), ==, ',');
}

static void
test_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) unterminated = read_all ("a,b\nc,\"open\nstill open\n", ',', NULL, &error);
  g_autoptr(GPtrArray) stray = NULL;

  g_assert_error (error, OCOP_CSV_ERROR, OCOP_CSV_ERROR_UNTERMINATED_QUOTE);
  g_assert_nonnull (strstr (error->message, "line 2"));
  g_assert_cmpuint (unterminated->len, ==, 1);
  g_clear_error (&error);

  stray = read_all ("a,\"b\"c,d\n", ',', NULL, &error);
  g_assert_error (error, OCOP_CSV_ERROR, OCOP_CSV_ERROR_STRAY_QUOTE);
  g_assert_nonnull (strstr (error->message, "line 1"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/csv/quoting", test_quoting);
  g_test_add_func ("/csv/line-ends", test_line_ends);
  g_test_add_func ("/csv/sniff", test_sniff);
  g_test_add_func ("/csv/errors", test_errors);
  return g_test_run ();
}
