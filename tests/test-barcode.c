/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-barcode.c: EAN-13 and EAN-8 check digits, and internal codes. */

#include "ocop-barcode.h"

static void
test_check_digits (void)
{
  /* Published examples and the demo catalog's Vietnamese (893) codes. */
  g_assert_cmpint (ocop_barcode_ean_check_digit ("400638133393", 12), ==, 1);
  g_assert_cmpint (ocop_barcode_ean_check_digit ("9638507", 7), ==, 4);
  g_assert_cmpint (ocop_barcode_ean_check_digit ("893600001001", 12), ==, 0);
  g_assert_cmpint (ocop_barcode_ean_check_digit ("89360000100x", 12), ==, -1);

  g_assert_true (ocop_barcode_is_valid_ean ("4006381333931"));
  g_assert_true (ocop_barcode_is_valid_ean ("96385074"));
  g_assert_true (ocop_barcode_is_valid_ean ("8936000010010"));
  g_assert_false (ocop_barcode_is_valid_ean ("4006381333932"));   /* check digit */
  g_assert_false (ocop_barcode_is_valid_ean ("4006381343931"));   /* a digit changed */
  g_assert_false (ocop_barcode_is_valid_ean ("96385075"));
  g_assert_false (ocop_barcode_is_valid_ean ("400638133393"));    /* 12 digits */
  g_assert_false (ocop_barcode_is_valid_ean (""));
}

static void
test_classify (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (ocop_barcode_classify ("4006381333931", FALSE, &error), ==, OCOP_BARCODE_EAN13);
  g_assert_cmpint (ocop_barcode_classify ("96385074", FALSE, &error), ==, OCOP_BARCODE_EAN8);
  g_assert_cmpint (ocop_barcode_classify ("DD-AA-W1", TRUE, &error), ==, OCOP_BARCODE_INTERNAL);
  g_assert_no_error (error);

  g_assert_cmpint (ocop_barcode_classify ("4006381333932", TRUE, &error), ==, 0);
  g_assert_error (error, OCOP_BARCODE_ERROR, OCOP_BARCODE_ERROR_CHECK_DIGIT);
  g_assert_nonnull (strstr (error->message, "expected 1"));
  g_clear_error (&error);

  /* An internal code must be marked as one. */
  g_assert_cmpint (ocop_barcode_classify ("DD-AA-W1", FALSE, &error), ==, 0);
  g_assert_error (error, OCOP_BARCODE_ERROR, OCOP_BARCODE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "int:"));
  g_clear_error (&error);

  g_assert_cmpint (ocop_barcode_classify ("has space", TRUE, &error), ==, 0);
  g_assert_error (error, OCOP_BARCODE_ERROR, OCOP_BARCODE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (ocop_barcode_classify ("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456", TRUE, &error), ==, 0);
  g_clear_error (&error);
}

static void
test_internal (void)
{
  g_assert_true (ocop_barcode_is_valid_internal ("DT-GOM-01"));
  g_assert_true (ocop_barcode_is_valid_internal ("123"));
  g_assert_false (ocop_barcode_is_valid_internal ("4006381333931"));   /* that is an EAN */
  g_assert_false (ocop_barcode_is_valid_internal ("Trà"));
  g_assert_false (ocop_barcode_is_valid_internal (""));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/barcode/check-digits", test_check_digits);
  g_test_add_func ("/barcode/classify", test_classify);
  g_test_add_func ("/barcode/internal", test_internal);
  return g_test_run ();
}
