/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-printer-trouble.c: every way a printer fails, from each transport's
 * error code or the printer's own status, comes out as one of the troubles
 * a cashier can act on, each with its own sentence. */

#include <gio/gio.h>

#include "ocop-printer-trouble.h"

static void
test_from_error (void)
{
  static const struct { OcopPrinterError code; OcopPrinterTrouble trouble; } cases[] = {
    { OCOP_PRINTER_ERROR_PAPER_OUT, OCOP_PRINTER_TROUBLE_PAPER_OUT },
    { OCOP_PRINTER_ERROR_COVER_OPEN, OCOP_PRINTER_TROUBLE_COVER_OPEN },
    { OCOP_PRINTER_ERROR_NOT_FOUND, OCOP_PRINTER_TROUBLE_NOT_CONNECTED },
    { OCOP_PRINTER_ERROR_DISCONNECTED, OCOP_PRINTER_TROUBLE_NOT_CONNECTED },
    { OCOP_PRINTER_ERROR_TIMEOUT, OCOP_PRINTER_TROUBLE_NOT_CONNECTED },
    { OCOP_PRINTER_ERROR_OFFLINE, OCOP_PRINTER_TROUBLE_NOT_CONNECTED },
    { OCOP_PRINTER_ERROR_PERMISSION, OCOP_PRINTER_TROUBLE_PERMISSION },
    { OCOP_PRINTER_ERROR_BUSY, OCOP_PRINTER_TROUBLE_BUSY },
    { OCOP_PRINTER_ERROR_INVALID_URI, OCOP_PRINTER_TROUBLE_BAD_ADDRESS },
    { OCOP_PRINTER_ERROR_FAILED, OCOP_PRINTER_TROUBLE_UNKNOWN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = g_error_new_literal (OCOP_PRINTER_ERROR, cases[i].code, "x");

      g_assert_cmpint (ocop_printer_trouble_from_error (error), ==, cases[i].trouble);
    }
  /* Not a printer's error (a file the queue could not read): unknown,
   * never "no trouble". */
  {
    g_autoptr(GError) io = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "x");

    g_assert_cmpint (ocop_printer_trouble_from_error (io), ==, OCOP_PRINTER_TROUBLE_UNKNOWN);
  }
  g_assert_cmpint (ocop_printer_trouble_from_error (NULL), ==, OCOP_PRINTER_TROUBLE_NONE);
}

static void
test_from_status (void)
{
  OcopPrinterStatus ready = { 0 };
  OcopPrinterStatus low = { .paper_near_end = TRUE };
  /* A printer out of paper also reads offline: the paper is what to fix. */
  OcopPrinterStatus no_paper = { .paper_out = TRUE, .offline = TRUE };
  OcopPrinterStatus open = { .cover_open = TRUE, .offline = TRUE };
  OcopPrinterStatus off = { .offline = TRUE };
  OcopPrinterStatus jam = { .error = TRUE };

  g_assert_cmpint (ocop_printer_trouble_from_status (&ready), ==, OCOP_PRINTER_TROUBLE_NONE);
  g_assert_cmpint (ocop_printer_trouble_from_status (&low), ==, OCOP_PRINTER_TROUBLE_NONE);
  g_assert_cmpint (ocop_printer_trouble_from_status (&no_paper), ==, OCOP_PRINTER_TROUBLE_PAPER_OUT);
  g_assert_cmpint (ocop_printer_trouble_from_status (&open), ==, OCOP_PRINTER_TROUBLE_COVER_OPEN);
  g_assert_cmpint (ocop_printer_trouble_from_status (&off), ==, OCOP_PRINTER_TROUBLE_NOT_CONNECTED);
  g_assert_cmpint (ocop_printer_trouble_from_status (&jam), ==, OCOP_PRINTER_TROUBLE_UNKNOWN);
}

/* Each trouble has its own sentence and its own short name: two sharing
 * one would tell the cashier the wrong thing to do. */
static void
test_each_said_once (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_null (ocop_printer_trouble_describe (OCOP_PRINTER_TROUBLE_NONE));
  g_assert_null (ocop_printer_trouble_name (OCOP_PRINTER_TROUBLE_NONE));
  for (int t = OCOP_PRINTER_TROUBLE_PAPER_OUT; t <= OCOP_PRINTER_TROUBLE_UNKNOWN; t++)
    {
      const char *sentence = ocop_printer_trouble_describe (t);
      const char *name = ocop_printer_trouble_name (t);

      g_assert_nonnull (sentence);
      g_assert_nonnull (name);
      g_assert_true (g_hash_table_add (seen, (gpointer) sentence));
      g_assert_true (g_hash_table_add (seen, (gpointer) name));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/printer-trouble/from-error", test_from_error);
  g_test_add_func ("/printer-trouble/from-status", test_from_status);
  g_test_add_func ("/printer-trouble/each-said-once", test_each_said_once);
  return g_test_run ();
}
