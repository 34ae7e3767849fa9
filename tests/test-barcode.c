/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-barcode.c: EAN-13 and EAN-8 check digits, the booths' internal
 * codes, and how a scanned or imported code is classified. */

#include "ocop-barcode.h"

/* Check digits worked out by hand (weights 3,1,3,… from the right) for
 * published examples and Vietnamese (893) codes. */
static const struct {
  const char *digits;
  int         check;
} known[] = {
  { "400638133393", 1 },   /* 4006381333931, the usual EAN-13 example */
  { "590123412345", 7 },   /* 5901234123457, GS1's example */
  { "978020137962", 4 },   /* 9780201379624, an ISBN-13 */
  { "893600001001", 0 },   /* the demo catalog */
  { "893456789012", 0 },
  { "893523400001", 9 },
  { "000000000000", 0 },
  { "9638507", 4 },        /* 96385074, the usual EAN-8 example */
  { "5012345", 2 },        /* 50123452, GS1's example */
  { "7351353", 7 },
  { "0000000", 0 },
};

static void
test_check_digit (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    {
      g_test_message ("%s", known[i].digits);
      g_assert_cmpint (ocop_barcode_ean_check_digit (known[i].digits, strlen (known[i].digits)), ==, known[i].check);
    }
  /* Only the first @len digits count. */
  g_assert_cmpint (ocop_barcode_ean_check_digit ("4006381333931", 12), ==, 1);
  g_assert_cmpint (ocop_barcode_ean_check_digit ("96385074", 7), ==, 4);
  /* Anything but an ASCII digit, a NUL before @len included. */
  g_assert_cmpint (ocop_barcode_ean_check_digit ("89360000100x", 12), ==, -1);
  g_assert_cmpint (ocop_barcode_ean_check_digit ("8936 0000100", 12), ==, -1);
  g_assert_cmpint (ocop_barcode_ean_check_digit ("893600", 12), ==, -1);
  g_assert_cmpint (ocop_barcode_ean_check_digit ("\xd9\xa1" "23", 3), ==, -1);   /* Arabic-Indic one */
}

static void
test_valid_ean (void)
{
  static const struct { const char *code; gboolean valid; } cases[] = {
    { "4006381333931", TRUE }, { "5901234123457", TRUE }, { "9780201379624", TRUE },
    { "8936000010010", TRUE }, { "8934567890120", TRUE }, { "0000000000000", TRUE },
    { "96385074", TRUE }, { "50123452", TRUE }, { "73513537", TRUE }, { "73513534", FALSE },
    { "4006381333932", FALSE },   /* check digit off by one */
    { "4006381343931", FALSE },   /* a data digit changed */
    { "4006381333913", FALSE },   /* two digits swapped */
    { "96385075", FALSE }, { "96385704", FALSE },
    { "400638133393", FALSE },    /* 12 digits: not an EAN */
    { "40063813339310", FALSE },  /* 14 digits */
    { "9638507", FALSE }, { "4006381333931 ", FALSE }, { " 96385074", FALSE },
    { "400638133393A", FALSE }, { "", FALSE }, { NULL, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].code ? cases[i].code : "(null)");
      g_assert_cmpint (ocop_barcode_is_valid_ean (cases[i].code), ==, cases[i].valid);
    }
}

/* EAN catches every single-digit error: for codes made with the check
 * digit, any one digit replaced by any other must be refused. */
static void
test_single_digit_errors (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());

  for (int round = 0; round < 200; round++)
    {
      gsize len = round % 2 ? 13 : 8;
      char code[14] = { 0 };

      for (gsize i = 0; i < len - 1; i++)
        code[i] = (char) ('0' + g_rand_int_range (rand, 0, 10));
      code[len - 1] = (char) ('0' + ocop_barcode_ean_check_digit (code, len - 1));
      g_assert_true (ocop_barcode_is_valid_ean (code));
      g_assert_cmpint (ocop_barcode_classify (code, FALSE, NULL), ==, len == 13 ? OCOP_BARCODE_EAN13 : OCOP_BARCODE_EAN8);

      for (gsize i = 0; i < len; i++)
        for (char digit = '0'; digit <= '9'; digit++)
          {
            char altered[14];

            if (digit == code[i])
              continue;
            memcpy (altered, code, sizeof altered);
            altered[i] = digit;
            g_assert_false (ocop_barcode_is_valid_ean (altered));
          }
    }
}

static void
test_internal (void)
{
  static const struct { const char *code; gboolean valid; } cases[] = {
    { "DT-GOM-01", TRUE }, { "DD-AA-W1", TRUE }, { "qn.bc_001/2", TRUE }, { "X", TRUE }, { "123", TRUE },
    { "400638133393", TRUE },                           /* 12 digits is no EAN shape */
    { "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345", TRUE },       /* 32 characters */
    { "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456", FALSE },     /* 33 */
    { "4006381333931", FALSE }, { "4006381333932", FALSE },   /* EAN-13 shaped, valid or not */
    { "96385074", FALSE }, { "12345678", FALSE },             /* EAN-8 shaped */
    { "Trà", FALSE }, { "has space", FALSE }, { "a+b", FALSE }, { "a:b", FALSE }, { "a\\b", FALSE },
    { "", FALSE }, { NULL, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].code ? cases[i].code : "(null)");
      g_assert_cmpint (ocop_barcode_is_valid_internal (cases[i].code), ==, cases[i].valid);
    }
}

static void
test_classify (void)
{
  static const struct {
    const char      *code;
    gboolean         allow_internal;
    OcopBarcodeKind  kind;
    int              error;     /* -1: none */
    const char      *message;   /* a part of the message, or NULL */
  } cases[] = {
    { "4006381333931", FALSE, OCOP_BARCODE_EAN13, -1, NULL },
    { "4006381333931", TRUE, OCOP_BARCODE_EAN13, -1, NULL },   /* an EAN stays one */
    { "96385074", FALSE, OCOP_BARCODE_EAN8, -1, NULL },
    { "96385074", TRUE, OCOP_BARCODE_EAN8, -1, NULL },
    { "DD-AA-W1", TRUE, OCOP_BARCODE_INTERNAL, -1, NULL },
    { "400638133393", TRUE, OCOP_BARCODE_INTERNAL, -1, NULL },

    /* A misread is told apart, whether or not internal codes are allowed. */
    { "8934567890124", FALSE, 0, OCOP_BARCODE_ERROR_CHECK_DIGIT,
      "'8934567890124' has a wrong check digit (expected 0)" },
    { "4006381333932", TRUE, 0, OCOP_BARCODE_ERROR_CHECK_DIGIT, "(expected 1)" },
    { "96385075", TRUE, 0, OCOP_BARCODE_ERROR_CHECK_DIGIT, "'96385075' has a wrong check digit (expected 4)" },
    { "12345678", TRUE, 0, OCOP_BARCODE_ERROR_CHECK_DIGIT, "(expected 0)" },

    /* Not an EAN, and internal codes must be marked as such. */
    { "400638133393", FALSE, 0, OCOP_BARCODE_ERROR_INVALID, "int:" },
    { "DD-AA-W1", FALSE, 0, OCOP_BARCODE_ERROR_INVALID, "'DD-AA-W1'" },
    { "", FALSE, 0, OCOP_BARCODE_ERROR_INVALID, NULL },
    { NULL, FALSE, 0, OCOP_BARCODE_ERROR_INVALID, NULL },

    /* Not a well-formed internal code either. */
    { "has space", TRUE, 0, OCOP_BARCODE_ERROR_INVALID, "'has space'" },
    { "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456", TRUE, 0, OCOP_BARCODE_ERROR_INVALID, "32" },
    { "Trà", TRUE, 0, OCOP_BARCODE_ERROR_INVALID, "'Trà'" },
    { "", TRUE, 0, OCOP_BARCODE_ERROR_INVALID, NULL },
    { NULL, TRUE, 0, OCOP_BARCODE_ERROR_INVALID, NULL },
    { "AB\xff", TRUE, 0, OCOP_BARCODE_ERROR_INVALID, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("%s (internal %s)", cases[i].code ? cases[i].code : "(null)",
                      cases[i].allow_internal ? "allowed" : "refused");
      g_assert_cmpint (ocop_barcode_classify (cases[i].code, cases[i].allow_internal, &error), ==, cases[i].kind);
      if (cases[i].error < 0)
        {
          g_assert_no_error (error);
          continue;
        }
      g_assert_error (error, OCOP_BARCODE_ERROR, cases[i].error);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      if (cases[i].message != NULL)
        g_assert_nonnull (strstr (error->message, cases[i].message));
      /* The same answer without a GError to fill. */
      g_assert_cmpint (ocop_barcode_classify (cases[i].code, cases[i].allow_internal, NULL), ==, 0);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/barcode/ean/check-digit", test_check_digit);
  g_test_add_func ("/barcode/ean/valid", test_valid_ean);
  g_test_add_func ("/barcode/ean/single-digit-errors", test_single_digit_errors);
  g_test_add_func ("/barcode/internal", test_internal);
  g_test_add_func ("/barcode/classify", test_classify);
  return g_test_run ();
}
