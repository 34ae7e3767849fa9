/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-escpos.c: the bytes of every ESC/POS command the builder makes,
 * checked against the command reference (HARDWARE.md), raster bands read
 * back by the tests' decoder, and the status replies of real printers. */

#include <string.h>

#include "escpos-decoder.h"
#include "ocop-escpos.h"

static void
assert_bytes (OcopEscpos   *escpos,
              const guint8 *expected,
              gsize         len)
{
  g_autoptr(GBytes) bytes = ocop_escpos_get_bytes (escpos);
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  g_assert_cmpmem (data, size, expected, len);
}

#define ASSERT_BYTES(escpos, ...) \
  do { const guint8 e_[] = { __VA_ARGS__ }; assert_bytes ((escpos), e_, sizeof e_); } while (0)

static void
test_modes (void)
{
  g_autoptr(OcopEscpos) escpos = ocop_escpos_new ();
  g_autoptr(GError) error = NULL;

  ocop_escpos_initialize (escpos);
  ocop_escpos_set_align (escpos, OCOP_ESCPOS_ALIGN_CENTER);
  ocop_escpos_set_emphasis (escpos, TRUE);
  g_assert_true (ocop_escpos_set_char_size (escpos, 2, 3, &error));
  ocop_escpos_set_emphasis (escpos, FALSE);
  ocop_escpos_set_align (escpos, OCOP_ESCPOS_ALIGN_RIGHT);
  ASSERT_BYTES (escpos, 0x1B, 0x40, 0x1B, 0x61, 0x01, 0x1B, 0x45, 0x01, 0x1D, 0x21, 0x12,
                0x1B, 0x45, 0x00, 0x1B, 0x61, 0x02);

  g_assert_false (ocop_escpos_set_char_size (escpos, 9, 1, &error));
  g_assert_error (error, OCOP_ESCPOS_ERROR, OCOP_ESCPOS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "9×1"));
  g_assert_cmpuint (ocop_escpos_get_size (escpos), ==, 17);
}

static void
test_text (void)
{
  g_autoptr(OcopEscpos) escpos = ocop_escpos_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (ocop_escpos_text (escpos, "HD #12\n", &error));
  ASSERT_BYTES (escpos, 'H', 'D', ' ', '#', '1', '2', '\n');

  /* Vietnamese cannot go out as ASCII: nothing is added. */
  g_assert_false (ocop_escpos_text (escpos, "Trà", &error));
  g_assert_error (error, OCOP_ESCPOS_ERROR, OCOP_ESCPOS_ERROR_NOT_ENCODABLE);
  g_assert_nonnull (strstr (error->message, "Byte 2"));
  g_assert_cmpuint (ocop_escpos_get_size (escpos), ==, 7);
}

static void
test_code_page (void)
{
  g_autoptr(OcopEscpos) escpos = ocop_escpos_new ();
  g_autoptr(GError) error = NULL;

  /* CP1258 holds "à" as 0xE0 (Windows-1258 table), after ESC t 52 (Epson). */
  g_assert_true (ocop_escpos_text_in_code_page (escpos, "Trà", "CP1258", 52, &error));
  g_assert_no_error (error);
  ASSERT_BYTES (escpos, 0x1B, 0x74, 52, 'T', 'r', 0xE0);

  g_assert_false (ocop_escpos_text_in_code_page (escpos, "茶", "CP1258", 52, &error));
  g_assert_error (error, OCOP_ESCPOS_ERROR, OCOP_ESCPOS_ERROR_NOT_ENCODABLE);
  g_assert_cmpuint (ocop_escpos_get_size (escpos), ==, 6);
}

static void
test_feed_and_cut (void)
{
  g_autoptr(OcopEscpos) escpos = ocop_escpos_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (ocop_escpos_feed_lines (escpos, 3, &error));
  g_assert_true (ocop_escpos_cut (escpos, OCOP_ESCPOS_CUT_FULL, 0, &error));
  g_assert_true (ocop_escpos_cut (escpos, OCOP_ESCPOS_CUT_PARTIAL, 0, &error));
  g_assert_true (ocop_escpos_cut (escpos, OCOP_ESCPOS_CUT_FULL, 24, &error));
  g_assert_true (ocop_escpos_cut (escpos, OCOP_ESCPOS_CUT_PARTIAL, 80, &error));
  ASSERT_BYTES (escpos, 0x1B, 0x64, 3, 0x1D, 0x56, 0, 0x1D, 0x56, 1,
                0x1D, 0x56, 65, 24, 0x1D, 0x56, 66, 80);

  g_assert_false (ocop_escpos_feed_lines (escpos, 256, &error));
  g_assert_error (error, OCOP_ESCPOS_ERROR, OCOP_ESCPOS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ocop_escpos_cut (escpos, OCOP_ESCPOS_CUT_FULL, 300, &error));
  g_assert_error (error, OCOP_ESCPOS_ERROR, OCOP_ESCPOS_ERROR_INVALID);
}

static void
test_drawer (void)
{
  g_autoptr(OcopEscpos) escpos = ocop_escpos_new ();
  g_autoptr(GError) error = NULL;

  /* Times go in 2 ms units: 50 ms → 25, 500 ms → 250. */
  g_assert_true (ocop_escpos_pulse_drawer (escpos, OCOP_ESCPOS_DRAWER_PIN_2, 50, 500, &error));
  g_assert_true (ocop_escpos_pulse_drawer (escpos, OCOP_ESCPOS_DRAWER_PIN_5, 100, 100, &error));
  ASSERT_BYTES (escpos, 0x1B, 0x70, 0, 25, 250, 0x1B, 0x70, 1, 50, 50);

  g_assert_false (ocop_escpos_pulse_drawer (escpos, 3, 50, 500, &error));
  g_assert_error (error, OCOP_ESCPOS_ERROR, OCOP_ESCPOS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ocop_escpos_pulse_drawer (escpos, OCOP_ESCPOS_DRAWER_PIN_2, 600, 50, &error));
  g_assert_error (error, OCOP_ESCPOS_ERROR, OCOP_ESCPOS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "600"));
}

static void
test_qr (void)
{
  g_autoptr(OcopEscpos) escpos = ocop_escpos_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *huge = g_strnfill (OCOP_ESCPOS_QR_MAX_DATA + 1, 'A');

  g_assert_true (ocop_escpos_qr (escpos, "OCOP", 6, OCOP_ESCPOS_QR_EC_M, &error));
  ASSERT_BYTES (escpos,
                0x1D, 0x28, 0x6B, 4, 0, 0x31, 0x41, 50, 0,        /* model 2 */
                0x1D, 0x28, 0x6B, 3, 0, 0x31, 0x43, 6,            /* module 6 dots */
                0x1D, 0x28, 0x6B, 3, 0, 0x31, 0x45, 49,           /* level M */
                0x1D, 0x28, 0x6B, 7, 0, 0x31, 0x50, 0x30, 'O', 'C', 'O', 'P',  /* store: len + 3 */
                0x1D, 0x28, 0x6B, 3, 0, 0x31, 0x51, 0x30);        /* print */

  g_assert_false (ocop_escpos_qr (escpos, huge, 6, OCOP_ESCPOS_QR_EC_L, &error));
  g_assert_error (error, OCOP_ESCPOS_ERROR, OCOP_ESCPOS_ERROR_TOO_LARGE);
  g_clear_error (&error);
  g_assert_false (ocop_escpos_qr (escpos, "OCOP", 17, OCOP_ESCPOS_QR_EC_L, &error));
  g_assert_error (error, OCOP_ESCPOS_ERROR, OCOP_ESCPOS_ERROR_INVALID);
}

static void
test_qr_long_data_length (void)
{
  g_autoptr(OcopEscpos) escpos = ocop_escpos_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *data = g_strnfill (300, 'x');
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(EscposDecoded) decoded = NULL;

  /* 303 = 0x12F: pL 0x2F, pH 0x01. */
  g_assert_true (ocop_escpos_qr (escpos, data, 4, OCOP_ESCPOS_QR_EC_H, &error));
  bytes = ocop_escpos_get_bytes (escpos);
  g_assert_cmpmem ((const guint8 *) g_bytes_get_data (bytes, NULL) + 9 + 8 + 8, 5,
                   ((const guint8[]) { 0x1D, 0x28, 0x6B, 0x2F, 0x01 }), 5);
  decoded = escpos_decode (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (decoded->qr_stored->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (decoded->qr_stored, 0), ==, data);
  g_assert_cmpuint (decoded->qr_printed, ==, 1);
  g_assert_cmpint (decoded->qr_level, ==, 51);
}

static void
test_barcodes (void)
{
  g_autoptr(OcopEscpos) escpos = ocop_escpos_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (ocop_escpos_barcode_ean13 (escpos, "893500000001", &error));
  g_assert_true (ocop_escpos_barcode_ean13 (escpos, "8935000000014", &error));
  g_assert_true (ocop_escpos_barcode_code128 (escpos, "BC-01{x}", &error));
  ASSERT_BYTES (escpos,
                0x1D, 0x6B, 67, 12, '8', '9', '3', '5', '0', '0', '0', '0', '0', '0', '0', '1',
                0x1D, 0x6B, 67, 13, '8', '9', '3', '5', '0', '0', '0', '0', '0', '0', '0', '1', '4',
                0x1D, 0x6B, 73, 11, '{', 'B', 'B', 'C', '-', '0', '1', '{', '{', 'x', '}');

  g_assert_false (ocop_escpos_barcode_ean13 (escpos, "8935000000015", &error));
  g_assert_error (error, OCOP_ESCPOS_ERROR, OCOP_ESCPOS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "expected 4"));
  g_clear_error (&error);
  g_assert_false (ocop_escpos_barcode_ean13 (escpos, "89350000", &error));
  g_assert_error (error, OCOP_ESCPOS_ERROR, OCOP_ESCPOS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ocop_escpos_barcode_code128 (escpos, "Mật ong", &error));
  g_assert_error (error, OCOP_ESCPOS_ERROR, OCOP_ESCPOS_ERROR_NOT_ENCODABLE);
}

static void
test_raster_bands (void)
{
  g_autoptr(OcopEscpos) escpos = ocop_escpos_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopBitmap) bitmap = ocop_bitmap_new (20, 600);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(EscposDecoded) decoded = NULL;
  const guint8 *data;
  gsize size;

  /* A diagonal and a left border: any row or bit order slip moves them. */
  for (guint y = 0; y < 600; y++)
    {
      ocop_bitmap_set (bitmap, y % 20, y, TRUE);
      ocop_bitmap_set (bitmap, 0, y, TRUE);
    }
  g_assert_true (ocop_escpos_raster (escpos, bitmap, 256, &error));
  bytes = ocop_escpos_get_bytes (escpos);
  data = g_bytes_get_data (bytes, &size);
  /* Three bands, 256 + 256 + 88 rows of 3 bytes (20 dots rounded up). */
  g_assert_cmpuint (size, ==, 3 * 8 + 600 * 3);
  g_assert_cmpmem (data, 8, ((const guint8[]) { 0x1D, 0x76, 0x30, 0, 3, 0, 0, 1 }), 8);
  g_assert_cmpuint (data[8], ==, 0x80);                      /* row 0: dot 0 only, MSB first */
  g_assert_cmpuint (data[8 + 3], ==, 0xC0);                  /* row 1: dots 0 and 1 */
  g_assert_cmpmem (data + 8 + 256 * 3, 8, ((const guint8[]) { 0x1D, 0x76, 0x30, 0, 3, 0, 0, 1 }), 8);
  g_assert_cmpmem (data + 16 + 512 * 3, 8, ((const guint8[]) { 0x1D, 0x76, 0x30, 0, 3, 0, 88, 0 }), 8);

  decoded = escpos_decode (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (decoded->bands, ==, 3);
  g_assert_cmpuint (decoded->tallest_band, ==, 256);
  g_assert_cmpuint (decoded->raster->height, ==, 600);
  for (guint y = 0; y < 600; y++)
    for (guint x = 0; x < 20; x++)
      g_assert_cmpint (ocop_bitmap_get (decoded->raster, x, y), ==, ocop_bitmap_get (bitmap, x, y));
  g_assert_cmpuint (ocop_bitmap_count_black (decoded->raster), ==, 600 + 600 - 30);
}

static void
test_raster_default_band (void)
{
  g_autoptr(OcopEscpos) escpos = ocop_escpos_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopBitmap) bitmap = ocop_bitmap_new (576, 1000);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(EscposDecoded) decoded = NULL;

  g_assert_true (ocop_escpos_raster (escpos, bitmap, 0, &error));
  bytes = ocop_escpos_get_bytes (escpos);
  decoded = escpos_decode (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (decoded->tallest_band, <=, OCOP_ESCPOS_BAND_ROWS);
  g_assert_cmpuint (decoded->bands, ==, (1000 + OCOP_ESCPOS_BAND_ROWS - 1) / OCOP_ESCPOS_BAND_ROWS);
  g_assert_cmpuint (decoded->raster->width, ==, 576);
}

static void
test_status_request (void)
{
  g_autoptr(OcopEscpos) escpos = ocop_escpos_new ();
  g_autoptr(GBytes) one = ocop_escpos_status_request_bytes (OCOP_ESCPOS_STATUS_PAPER);

  ocop_escpos_request_status (escpos, OCOP_ESCPOS_STATUS_PRINTER);
  ocop_escpos_request_status (escpos, OCOP_ESCPOS_STATUS_PAPER);
  ASSERT_BYTES (escpos, 0x10, 0x04, 1, 0x10, 0x04, 4);
  g_assert_cmpmem (g_bytes_get_data (one, NULL), g_bytes_get_size (one),
                   ((const guint8[]) { 0x10, 0x04, 4 }), 3);
}

static void
test_status_parse (void)
{
  /* Replies as the reference gives them: 0x12 is the idle byte. */
  g_assert_cmpuint (ocop_escpos_parse_status (OCOP_ESCPOS_STATUS_PRINTER, 0x12), ==, OCOP_PRINTER_STATUS_OK);
  g_assert_cmpuint (ocop_escpos_parse_status (OCOP_ESCPOS_STATUS_PRINTER, 0x1A), ==, OCOP_PRINTER_STATUS_OFFLINE);
  g_assert_cmpuint (ocop_escpos_parse_status (OCOP_ESCPOS_STATUS_OFFLINE_CAUSE, 0x16), ==, OCOP_PRINTER_STATUS_COVER_OPEN);
  g_assert_cmpuint (ocop_escpos_parse_status (OCOP_ESCPOS_STATUS_OFFLINE_CAUSE, 0x32), ==, OCOP_PRINTER_STATUS_PAPER_OUT);
  g_assert_cmpuint (ocop_escpos_parse_status (OCOP_ESCPOS_STATUS_OFFLINE_CAUSE, 0x52), ==, OCOP_PRINTER_STATUS_ERROR);
  g_assert_cmpuint (ocop_escpos_parse_status (OCOP_ESCPOS_STATUS_ERROR_CAUSE, 0x1A), ==,
                    OCOP_PRINTER_STATUS_CUTTER_ERROR | OCOP_PRINTER_STATUS_ERROR);
  g_assert_cmpuint (ocop_escpos_parse_status (OCOP_ESCPOS_STATUS_ERROR_CAUSE, 0x32), ==,
                    OCOP_PRINTER_STATUS_UNRECOVERABLE | OCOP_PRINTER_STATUS_ERROR);
  g_assert_cmpuint (ocop_escpos_parse_status (OCOP_ESCPOS_STATUS_ERROR_CAUSE, 0x52), ==,
                    OCOP_PRINTER_STATUS_AUTO_RECOVERABLE | OCOP_PRINTER_STATUS_ERROR);
  g_assert_cmpuint (ocop_escpos_parse_status (OCOP_ESCPOS_STATUS_PAPER, 0x12), ==, OCOP_PRINTER_STATUS_OK);
  g_assert_cmpuint (ocop_escpos_parse_status (OCOP_ESCPOS_STATUS_PAPER, 0x1E), ==, OCOP_PRINTER_STATUS_PAPER_NEAR_END);
  g_assert_cmpuint (ocop_escpos_parse_status (OCOP_ESCPOS_STATUS_PAPER, 0x72), ==, OCOP_PRINTER_STATUS_PAPER_OUT);
  g_assert_cmpuint (ocop_escpos_parse_status (OCOP_ESCPOS_STATUS_PAPER, 0x7E), ==,
                    OCOP_PRINTER_STATUS_PAPER_OUT | OCOP_PRINTER_STATUS_PAPER_NEAR_END);
  /* Not status bytes: bit 1 or 4 clear, or bit 0 or 7 set. */
  g_assert_cmpuint (ocop_escpos_parse_status (OCOP_ESCPOS_STATUS_PAPER, 0x00), ==, OCOP_PRINTER_STATUS_INVALID_REPLY);
  g_assert_cmpuint (ocop_escpos_parse_status (OCOP_ESCPOS_STATUS_PRINTER, 0x92), ==, OCOP_PRINTER_STATUS_INVALID_REPLY);
  g_assert_cmpuint (ocop_escpos_parse_status (OCOP_ESCPOS_STATUS_PRINTER, 0x13), ==, OCOP_PRINTER_STATUS_INVALID_REPLY);
  g_assert_cmpuint (ocop_escpos_parse_status (OCOP_ESCPOS_STATUS_PRINTER, 0x02), ==, OCOP_PRINTER_STATUS_INVALID_REPLY);
}

static void
test_decoder_refuses_unknown (void)
{
  const guint8 unknown[] = { 0x1B, 0x40, 'A', 0x1B, 0x7A, 0x00 };
  const guint8 short_raster[] = { 0x1D, 0x76, 0x30, 0, 2, 0, 2, 0, 0xFF };
  g_autoptr(GBytes) a = g_bytes_new_static (unknown, sizeof unknown);
  g_autoptr(GBytes) b = g_bytes_new_static (short_raster, sizeof short_raster);
  g_autoptr(GError) error = NULL;

  g_assert_null (escpos_decode (a, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "offset 3"));
  g_clear_error (&error);
  g_assert_null (escpos_decode (b, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/escpos/modes", test_modes);
  g_test_add_func ("/escpos/text", test_text);
  g_test_add_func ("/escpos/code-page", test_code_page);
  g_test_add_func ("/escpos/feed-and-cut", test_feed_and_cut);
  g_test_add_func ("/escpos/drawer", test_drawer);
  g_test_add_func ("/escpos/qr", test_qr);
  g_test_add_func ("/escpos/qr/long-data-length", test_qr_long_data_length);
  g_test_add_func ("/escpos/barcodes", test_barcodes);
  g_test_add_func ("/escpos/raster/bands", test_raster_bands);
  g_test_add_func ("/escpos/raster/default-band", test_raster_default_band);
  g_test_add_func ("/escpos/status/request", test_status_request);
  g_test_add_func ("/escpos/status/parse", test_status_parse);
  g_test_add_func ("/escpos/decoder/refuses-unknown", test_decoder_refuses_unknown);
  return g_test_run ();
}
