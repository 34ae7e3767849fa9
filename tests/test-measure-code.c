/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-measure-code.c: variable-measure EAN-13 codes: the GS1 price check
 * digit on the specification's worked examples, layouts read and refused,
 * codes encoded and read back, misreads and codes of no layout. */

#include "ocop-measure-code.h"

/* GS1 General Specifications 7.9.3 and 7.9.4 work 2875 (check digit 9)
 * and 14685 (check digit 6) through; the others were worked by hand with
 * the same weights (2-, 2-, 3, 5- and 5+, 2-, 5-, 5+, 2-). */
static const struct {
  const char *digits;
  int         check;
} verifiers[] = {
  { "2875", 9 },    /* GS1's example: 4+5+1+3 = 13, × 3 = 39 */
  { "14685", 6 },   /* GS1's example: 5+8+7+4+9 = 33, 10-3 = 7, the 5- of 6 */
  { "1234", 9 },    /* 2+4+9+8 = 23, × 3 = 69 */
  { "12345", 8 },   /* 5+4+4+2+9 = 24, 10-4 = 6, the 5- of 8 */
  { "0000", 0 },
  { "00000", 0 },
  { "9999", 6 },
  { "99999", 6 },
  { "04200", 5 },
};

static void
test_verifier_examples (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (verifiers); i++)
    {
      g_test_message ("%s", verifiers[i].digits);
      g_assert_cmpint (ocop_measure_verifier_digit (verifiers[i].digits, strlen (verifiers[i].digits)), ==,
                       verifiers[i].check);
    }
  /* Only four or five digits, all of them ASCII digits. */
  g_assert_cmpint (ocop_measure_verifier_digit ("123", 3), ==, -1);
  g_assert_cmpint (ocop_measure_verifier_digit ("123456", 6), ==, -1);
  g_assert_cmpint (ocop_measure_verifier_digit ("12a4", 4), ==, -1);
  g_assert_cmpint (ocop_measure_verifier_digit ("12", 4), ==, -1);
}

/* What the price check digit is for: every weighting factor maps the ten
 * digits onto ten different ones, so one digit read wrong always changes
 * the check digit. Checked for every value of four and five digits. */
static void
test_verifier_catches_one_wrong_digit (void)
{
  for (guint len = 4; len <= 5; len++)
    for (guint value = 0; value < (len == 4 ? 10000u : 100000u); value++)
      {
        char digits[8];
        int check;

        g_snprintf (digits, sizeof digits, "%0*u", (int) len, value);
        check = ocop_measure_verifier_digit (digits, len);
        for (guint position = 0; position < len; position++)
          {
            char misread[8];

            memcpy (misread, digits, sizeof digits);
            for (char d = '0'; d <= '9'; d++)
              {
                if (d == digits[position])
                  continue;
                misread[position] = d;
                if (ocop_measure_verifier_digit (misread, len) == check)
                  g_error ("%s and %s have the same check digit %d", digits, misread, check);
              }
          }
      }
}

static void
test_layout_parse (void)
{
  static const struct {
    const char      *text;
    guint            prefix, item, value, unit;
    gboolean         verifier;
    OcopMeasureField field;
  } good[] = {
    { "20:item5+grams5", 20, 5, 5, 1, FALSE, OCOP_MEASURE_FIELD_GRAMS },
    { "21:item4+verifier+grams5", 21, 4, 5, 1, TRUE, OCOP_MEASURE_FIELD_GRAMS },
    { "22:item4+verifier+price5x100", 22, 4, 5, 100, TRUE, OCOP_MEASURE_FIELD_PRICE },
    { "23:item5+verifier+price4x1000", 23, 5, 4, 1000, TRUE, OCOP_MEASURE_FIELD_PRICE },
    { "29:item4+price6", 29, 4, 6, 1, FALSE, OCOP_MEASURE_FIELD_PRICE },
    { "24:item6+grams4x10", 24, 6, 4, 10, FALSE, OCOP_MEASURE_FIELD_GRAMS },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *again = NULL;
      OcopMeasureLayout layout;

      g_test_message ("%s", good[i].text);
      g_assert_true (ocop_measure_layout_parse (good[i].text, &layout, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (layout.prefix, ==, good[i].prefix);
      g_assert_cmpuint (layout.item_digits, ==, good[i].item);
      g_assert_cmpuint (layout.value_digits, ==, good[i].value);
      g_assert_cmpint (layout.value_unit, ==, good[i].unit);
      g_assert_cmpint (layout.verifier, ==, good[i].verifier);
      g_assert_cmpint (layout.field, ==, good[i].field);
      again = ocop_measure_layout_format (&layout);
      g_assert_cmpstr (again, ==, good[i].text);
    }
}

/* Each refusal says which layout and what is wrong with it. */
static void
test_layout_refusals (void)
{
  static const struct {
    const char *text;
    const char *reason;
  } bad[] = {
    { "19:item5+grams5", "prefix from 20 to 29" },
    { "30:item5+grams5", "prefix from 20 to 29" },
    { "2:item5+grams5", "prefix from 20 to 29" },
    { "20item5+grams5", "prefix from 20 to 29" },
    { "20:", "item code comes first" },
    { "20:grams5+item5", "item code comes first" },
    { "20:item5x10+grams5", "item code comes first" },
    { "20:item5", "comes last" },
    { "20:item5+kilos5", "comes last" },
    { "20:item5+grams5+verifier", "comes last" },
    { "20:item5+grams5x7", "comes last" },
    { "20:item5+grams5x10000", "comes last" },
    { "20:item4+grams5", "take 9 digits" },
    { "20:item5+verifier+grams5", "take 11 digits" },
    { "20:item0+price9", "1 to 6 digits" },
    { "20:item7+grams3", "1 to 6 digits" },
    { "20:item7+price3", "1 to 6 digits" },
    { "20:item3+verifier+price6", "4 or 5 digits only" },
    { "20:item3+price7", "4 to 6 digits" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      OcopMeasureLayout layout = { 99 };

      g_test_message ("%s", bad[i].text);
      g_assert_false (ocop_measure_layout_parse (bad[i].text, &layout, &error));
      g_assert_error (error, OCOP_MEASURE_CODE_ERROR, OCOP_MEASURE_CODE_ERROR_BAD_LAYOUT);
      g_assert_nonnull (strstr (error->message, bad[i].text));
      g_assert_nonnull (strstr (error->message, bad[i].reason));
      g_assert_cmpuint (layout.prefix, ==, 99);   /* untouched */
    }
}

static void
test_layouts_list (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  OcopMeasureLayouts layouts = { 0 };

  g_assert_true (ocop_measure_layouts_parse (OCOP_MEASURE_DEFAULT_LAYOUTS, &layouts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (layouts.n_layouts, ==, 1);
  g_assert_cmpuint (layouts.layouts[0].prefix, ==, 20);

  g_assert_true (ocop_measure_layouts_parse (" 20:item5+grams5, 22:item4+verifier+price5x100 ", &layouts, &error));
  g_assert_no_error (error);
  text = ocop_measure_layouts_format (&layouts);
  g_assert_cmpstr (text, ==, "20:item5+grams5,22:item4+verifier+price5x100");

  /* Refused whole: the layouts before the bad one are not kept. */
  layouts.n_layouts = 7;
  g_assert_false (ocop_measure_layouts_parse ("20:item5+grams5,20:item4+verifier+grams5", &layouts, &error));
  g_assert_error (error, OCOP_MEASURE_CODE_ERROR, OCOP_MEASURE_CODE_ERROR_BAD_LAYOUT);
  g_assert_nonnull (strstr (error->message, "already has this prefix"));
  g_assert_cmpuint (layouts.n_layouts, ==, 7);
  g_clear_error (&error);
  g_assert_false (ocop_measure_layouts_parse (" , ", &layouts, &error));
  g_assert_error (error, OCOP_MEASURE_CODE_ERROR, OCOP_MEASURE_CODE_ERROR_BAD_LAYOUT);
  g_assert_nonnull (strstr (error->message, OCOP_MEASURE_DEFAULT_LAYOUTS));
}

static OcopMeasureLayouts
layouts_of (const char *text)
{
  g_autoptr(GError) error = NULL;
  OcopMeasureLayouts layouts = { 0 };

  g_assert_true (ocop_measure_layouts_parse (text, &layouts, &error));
  g_assert_no_error (error);
  return layouts;
}

#define BOOTH_LAYOUTS "20:item5+grams5,22:item4+verifier+price5x100,23:item5+verifier+grams4"

/* Codes worked by hand: prefix, item, verifier, value, EAN check digit. */
static const struct {
  guint       layout;   /* index in BOOTH_LAYOUTS */
  const char *item;
  gint64      value;
  const char *code;
} codes[] = {
  { 0, "01025", 350, "2001025003500" },       /* 350 g of squid, item 01025 */
  { 0, "00001", 99999, "2000001999998" },     /* the heaviest a 5-digit field holds */
  { 1, "1025", 420000, "2210255042009" },     /* 420.000 ₫: 04200 hundreds, verifier 5 */
  { 1, "0042", 100, "2200424000015" },       /* verifier of 00001: 10-2 = 8, the 5- of 4 */
  { 2, "01025", 2875, "2301025928750" },      /* GS1's 2875, verifier 9 */
};

static void
test_encode_decode (void)
{
  OcopMeasureLayouts layouts = layouts_of (BOOTH_LAYOUTS);

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      const OcopMeasureLayout *layout = &layouts.layouts[codes[i].layout];
      g_autoptr(GError) error = NULL;
      g_autofree char *code = ocop_measure_code_encode (layout, codes[i].item, codes[i].value, &error);
      OcopMeasureCode read;

      g_test_message ("%s", codes[i].code);
      g_assert_no_error (error);
      g_assert_cmpstr (code, ==, codes[i].code);
      g_assert_true (ocop_measure_code_matches (&layouts, code));
      g_assert_true (ocop_measure_code_decode (&layouts, code, &read, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (read.item, ==, codes[i].item);
      g_assert_cmpuint (read.layout.prefix, ==, layout->prefix);
      if (layout->field == OCOP_MEASURE_FIELD_GRAMS)
        {
          g_assert_cmpint (read.grams, ==, codes[i].value);
          g_assert_cmpint (read.price, ==, -1);
        }
      else
        {
          g_assert_cmpint (read.price, ==, codes[i].value);
          g_assert_cmpint (read.grams, ==, -1);
        }
    }
}

static void
assert_decode_refused (const OcopMeasureLayouts *layouts,
                       const char               *code,
                       int                       expected,
                       const char               *says)
{
  g_autoptr(GError) error = NULL;
  OcopMeasureCode read = { .grams = 77 };

  g_test_message ("%s", code);
  g_assert_false (ocop_measure_code_decode (layouts, code, &read, &error));
  g_assert_error (error, OCOP_MEASURE_CODE_ERROR, expected);
  g_assert_nonnull (strstr (error->message, says));
  g_assert_cmpint (read.grams, ==, 77);   /* untouched */
}

static void
test_decode_refusals (void)
{
  OcopMeasureLayouts layouts = layouts_of (BOOTH_LAYOUTS);

  /* A digit of the weight misread: the EAN check digit catches it. */
  assert_decode_refused (&layouts, "2001025003600", OCOP_MEASURE_CODE_ERROR_MISREAD, "its check digit is wrong");
  /* The price changed and the EAN check digit made to fit again (a swap
   * the EAN check misses): the price check digit catches it. */
  assert_decode_refused (&layouts, "2210255024005", OCOP_MEASURE_CODE_ERROR_MISREAD,
                         "check digit of its weight or price is wrong");
  g_assert_false (ocop_measure_code_matches (&layouts, "2110255042002"));
  assert_decode_refused (&layouts, "2110255042002", OCOP_MEASURE_CODE_ERROR_NO_LAYOUT,
                         "20:item5+grams5,22:item4+verifier+price5x100");
  assert_decode_refused (&layouts, "8936000010256", OCOP_MEASURE_CODE_ERROR_NO_LAYOUT, "not a variable-measure code");
  assert_decode_refused (&layouts, "200102500350", OCOP_MEASURE_CODE_ERROR_NO_LAYOUT, "not a variable-measure code");
  assert_decode_refused (&layouts, "20010250035000", OCOP_MEASURE_CODE_ERROR_NO_LAYOUT, "not a variable-measure code");
  assert_decode_refused (&layouts, "20010250035a0", OCOP_MEASURE_CODE_ERROR_NO_LAYOUT, "not a variable-measure code");
  assert_decode_refused (&layouts, "", OCOP_MEASURE_CODE_ERROR_NO_LAYOUT, "not a variable-measure code");
  /* A zero weight: a scale's test print, never a pack. */
  assert_decode_refused (&layouts, "2001025000004", OCOP_MEASURE_CODE_ERROR_MISMATCH, "of zero");
}

static void
assert_encode_refused (const OcopMeasureLayout *layout,
                       const char              *item,
                       gint64                   value,
                       const char              *says)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = ocop_measure_code_encode (layout, item, value, &error);

  g_test_message ("%s %" G_GINT64_FORMAT, item, value);
  g_assert_null (code);
  g_assert_error (error, OCOP_MEASURE_CODE_ERROR, OCOP_MEASURE_CODE_ERROR_MISMATCH);
  g_assert_nonnull (strstr (error->message, says));
}

static void
test_encode_refusals (void)
{
  OcopMeasureLayouts layouts = layouts_of (BOOTH_LAYOUTS);
  const OcopMeasureLayout *grams = &layouts.layouts[0], *price = &layouts.layouts[1];

  assert_encode_refused (grams, "1025", 350, "item code '1025' is not the 5 digits layout 20:item5+grams5");
  assert_encode_refused (grams, "010250", 350, "not the 5 digits");
  assert_encode_refused (grams, "01a25", 350, "not the 5 digits");
  assert_encode_refused (grams, "01025", 100000, "needs more than the 5 digits");
  assert_encode_refused (grams, "01025", 0, "not a positive multiple");
  assert_encode_refused (grams, "01025", -350, "not a positive multiple");
  /* 420.050 ₫ is no whole number of hundreds: the pack's price would be
   * read back as another. */
  assert_encode_refused (price, "1025", 420050, "not a positive multiple of 100");
  assert_encode_refused (price, "1025", 10000000, "needs more than the 5 digits");
}

static OcopProduct *
product_with_barcode (const char      *barcode,
                      OcopBarcodeKind  kind)
{
  OcopProductInfo info = {
    .sku = "QN-CT-001", .barcode = barcode, .barcode_kind = kind, .name = "Mực khô Cô Tô",
    .producer = "HTX Dịch vụ Nghề cá Cô Tô", .locality = "Cô Tô", .unit = "kg", .price_vnd = 1200000,
  };

  return ocop_product_new (&info);
}

/* The item code is the product's item reference: the EAN's last digits
 * before its check digit. */
static void
test_item_code (void)
{
  g_autoptr(OcopProduct) squid = product_with_barcode ("8936000010256", OCOP_BARCODE_EAN13);
  g_autoptr(OcopProduct) short_ean = product_with_barcode ("96385074", OCOP_BARCODE_EAN8);
  g_autoptr(OcopProduct) internal = product_with_barcode ("TA-GA-01", OCOP_BARCODE_INTERNAL);
  g_autoptr(OcopProduct) none = product_with_barcode (NULL, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *five = ocop_measure_item_code (squid, 5, &error);
  g_autofree char *four = ocop_measure_item_code (squid, 4, &error);
  g_autofree char *of_ean8 = ocop_measure_item_code (short_ean, 5, &error);
  char *refused;

  g_assert_no_error (error);
  g_assert_cmpstr (five, ==, "01025");
  g_assert_cmpstr (four, ==, "1025");
  g_assert_cmpstr (of_ean8, ==, "38507");
  refused = ocop_measure_item_code (internal, 5, &error);
  g_assert_null (refused);
  g_assert_error (error, OCOP_MEASURE_CODE_ERROR, OCOP_MEASURE_CODE_ERROR_MISMATCH);
  g_assert_nonnull (strstr (error->message, "QN-CT-001 (Mực khô Cô Tô) has no EAN"));
  g_clear_error (&error);
  refused = ocop_measure_item_code (none, 5, &error);
  g_assert_null (refused);
  g_assert_error (error, OCOP_MEASURE_CODE_ERROR, OCOP_MEASURE_CODE_ERROR_MISMATCH);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/measure-code/verifier/examples", test_verifier_examples);
  g_test_add_func ("/measure-code/verifier/one-wrong-digit", test_verifier_catches_one_wrong_digit);
  g_test_add_func ("/measure-code/layout/parse", test_layout_parse);
  g_test_add_func ("/measure-code/layout/refusals", test_layout_refusals);
  g_test_add_func ("/measure-code/layout/list", test_layouts_list);
  g_test_add_func ("/measure-code/encode-decode", test_encode_decode);
  g_test_add_func ("/measure-code/decode-refusals", test_decode_refusals);
  g_test_add_func ("/measure-code/encode-refusals", test_encode_refusals);
  g_test_add_func ("/measure-code/item-code", test_item_code);

  return g_test_run ();
}
