/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-receipt-cli.c: `ocop receipt` through the real binary: text on
 * stdout, ESC/POS and PNG files a printer and a viewer accept, and errors
 * that name the problem and leave no file behind. */

#include <string.h>
#include <cairo.h>

#include "escpos-decoder.h"
#include "test-util.h"

typedef struct {
  char *dir;
  char *db;
  char *out;
  char *err;
  int   status;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = test_util_make_dir ();
  f->db = g_build_filename (f->dir, "booth.db", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  test_util_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->db);
  g_free (f->out);
  g_free (f->err);
}

/* Runs `ocop --db DB ARGS…` at 10:00 on 2024-12-11, in English. */
static int
ocop (Fixture *f,
      ...)
{
  va_list args;

  va_start (args, f);
  f->status = test_util_run_tool_v (f->db, NULL, "2024-12-11T10:00:00+07:00", &f->out, &f->err, args);
  va_end (args);
  return f->status;
}

static void
ring_up_cash_sale (Fixture *f)
{
  g_assert_cmpint (ocop (f, "demo", NULL), ==, 0);
  g_assert_cmpint (ocop (f, "sale", "add", "8936000010034*2", "--pay", "cash:1.000.000", NULL), ==, 0);
}

static void
test_text_to_stdout (Fixture       *f,
                     gconstpointer  data)
{
  g_auto(GStrv) lines = NULL;

  ring_up_cash_sale (f);
  g_assert_cmpint (ocop (f, "receipt", "#1", "--width", "58", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "#1"));
  g_assert_nonnull (strstr (f->out, "Ba kích tím Ba Chẽ"));
  g_assert_nonnull (strstr (f->out, "900.000 ₫"));     /* 2 × 450.000 */
  g_assert_nonnull (strstr (f->out, "100.000 ₫"));     /* change from 1.000.000 */
  lines = g_strsplit (f->out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    g_assert_cmpuint (g_utf8_strlen (lines[i], -1), <=, 32);
}

static void
test_escpos_file (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "r.bin", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(EscposDecoded) decoded = NULL;

  ring_up_cash_sale (f);
  g_assert_cmpint (ocop (f, "receipt", "#1", "--format", "escpos", "--out", path, "--drawer", "--cut", NULL), ==, 0);
  g_assert_cmpstr (f->out, ==, "");
  file = g_mapped_file_new (path, FALSE, &error);
  g_assert_no_error (error);
  bytes = g_mapped_file_get_bytes (file);
  decoded = escpos_decode (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (decoded->raster->width, ==, 576);
  g_assert_cmpuint (decoded->pulses->len, ==, 1);
  g_assert_cmpuint (decoded->cuts->len, ==, 1);
}

static void
test_png_file (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "r.png", NULL);
  cairo_surface_t *png;

  ring_up_cash_sale (f);
  /* The format follows the file name. */
  g_assert_cmpint (ocop (f, "receipt", "1", "--width", "58", "--out", path, NULL), ==, 0);
  png = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (png), ==, 384);
  g_assert_cmpint (cairo_image_surface_get_height (png), >, 300);
  cairo_surface_destroy (png);
}

static void
test_errors_write_nothing (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "x.png", NULL);

  ring_up_cash_sale (f);
  g_assert_cmpint (ocop (f, "receipt", "#99", "--out", path, NULL), ==, 1);
  g_assert_nonnull (strstr (f->err, "#99"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  g_assert_cmpint (ocop (f, "receipt", "#1", "--width", "70", "--out", path, NULL), ==, 2);
  g_assert_nonnull (strstr (f->err, "--width must be 58 or 80"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  g_assert_cmpint (ocop (f, "receipt", "#1", "--format", "pdf", "--out", path, NULL), ==, 2);
  g_assert_nonnull (strstr (f->err, "--format"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/receipt-cli/text-to-stdout", test_text_to_stdout);
  ADD ("/receipt-cli/escpos-file", test_escpos_file);
  ADD ("/receipt-cli/png-file", test_png_file);
  ADD ("/receipt-cli/errors-write-nothing", test_errors_write_nothing);
  return g_test_run ();
}
