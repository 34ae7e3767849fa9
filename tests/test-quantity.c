/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-quantity.c: quantities of goods sold by the piece or by measure:
 * which units are measures, parsing with every refusal and its reason,
 * formatting the Vietnamese way, a scale's grams, the rounding of a
 * weighed line at every setting, and weighed lines and packs in a sale. */

#include <string.h>

#include "ocop-quantity.h"
#include "ocop-sale.h"
#include "ocop-store.h"
#include "ocop-sync-protocol.h"
#include "test-util.h"

static void
test_units (void)
{
  static const char * const measures[] = {
    "kg", "KG", "Kg", "g", "gam", "ký", "cân", "lạng", "l", "lít", "LÍT", "ml", "m", "mét", " kg ",
  };
  static const char * const pieces[] = {
    "hộp", "chai", "gói", "túi", "can", "mẹt", "kgs", "", "cái",
  };

  for (guint i = 0; i < G_N_ELEMENTS (measures); i++)
    g_assert_true (ocop_unit_is_measure (measures[i]));
  for (guint i = 0; i < G_N_ELEMENTS (pieces); i++)
    g_assert_false (ocop_unit_is_measure (pieces[i]));
  g_assert_false (ocop_unit_is_measure (NULL));
  g_assert_false (ocop_unit_is_measure ("\xff"));
  /* "lít" decomposed (i + combining acute) is the same unit. */
  g_assert_true (ocop_unit_is_measure ("li\xcc\x81t"));

  g_assert_true (ocop_unit_is_weight ("kg"));
  g_assert_true (ocop_unit_is_weight ("g"));
  g_assert_false (ocop_unit_is_weight ("lít"));
  g_assert_false (ocop_unit_is_weight ("m"));
  g_assert_false (ocop_unit_is_weight ("hộp"));
}

static void
assert_parses (const char *text,
               const char *unit,
               gboolean    measured,
               gint64      expected)
{
  g_autoptr(GError) error = NULL;
  gint64 out = -1;

  g_test_message ("%s", text);
  g_assert_true (ocop_quantity_parse (text, unit, measured, &out, &error));
  g_assert_no_error (error);
  g_assert_cmpint (out, ==, expected);
}

static void
test_parse_measured (void)
{
  static const struct { const char *text; const char *unit; gint64 thousandths; } cases[] = {
    { "0,35", "kg", 350 }, { "0.35", "kg", 350 }, { "0.35 kg", "kg", 350 }, { "0,35kg", "kg", 350 },
    { "350 g", "kg", 350 }, { "350g", "kg", 350 }, { "350 G", "kg", 350 }, { "350 gam", "kg", 350 },
    { "0,350 kg", "kg", 350 }, { "0,350", "kg", 350 }, { "2", "kg", 2000 }, { "1,5", "kg", 1500 },
    { "12.5", "kg", 12500 }, { "0,3500", "kg", 350 }, { "  1 kg  ", "kg", 1000 },
    { "3 lạng", "kg", 300 }, { "1 kg", "g", 1000000 }, { "350", "g", 350000 }, { "0,5 l", "lít", 500 },
    { "250 ml", "l", 250 }, { "1 ký", "kg", 1000 }, { "0,001", "kg", 1 }, { "1 g", "kg", 1 },
    { "9999", "kg", 9999000 }, { "2,5 m", "m", 2500 }, { "50 cm", "m", 500 },
    /* Four digits before the mark cannot be English thousands. */
    { "1250,000 g", "kg", 1250 }, { "1000,250", "kg", 1000250 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_parses (cases[i].text, cases[i].unit, TRUE, cases[i].thousandths);
}

static void
test_parse_pieces (void)
{
  static const struct { const char *text; gint64 pieces; } cases[] = {
    { "2", 2 }, { " 2 ", 2 }, { "2 hộp", 2 }, { "2hộp", 2 }, { "2 HỘP", 2 }, { "1", 1 }, { "9999", 9999 },
    { "3,0", 3 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_parses (cases[i].text, "hộp", FALSE, cases[i].pieces);
}

static void
test_parse_refusals (void)
{
  static const struct {
    const char *text; const char *unit; gboolean measured; int code; const char *says;
  } cases[] = {
    { "", "kg", TRUE, OCOP_QUANTITY_ERROR_EMPTY, NULL },
    { "   ", "kg", TRUE, OCOP_QUANTITY_ERROR_EMPTY, NULL },
    { "abc", "kg", TRUE, OCOP_QUANTITY_ERROR_INVALID, "“abc”" },
    { "-1", "kg", TRUE, OCOP_QUANTITY_ERROR_INVALID, "“-1”" },
    { "+1", "kg", TRUE, OCOP_QUANTITY_ERROR_INVALID, NULL },
    { ".5", "kg", TRUE, OCOP_QUANTITY_ERROR_INVALID, NULL },
    { "5.", "kg", TRUE, OCOP_QUANTITY_ERROR_INVALID, NULL },
    { "1..5", "kg", TRUE, OCOP_QUANTITY_ERROR_AMBIGUOUS, NULL },
    /* Vietnamese reads 1250, English 1,25: off by a thousand either way. */
    { "1.250", "kg", TRUE, OCOP_QUANTITY_ERROR_AMBIGUOUS, "“1.250”" },
    { "1,250", "kg", TRUE, OCOP_QUANTITY_ERROR_AMBIGUOUS, "1,25" },
    { "1.250 g", "kg", TRUE, OCOP_QUANTITY_ERROR_AMBIGUOUS, NULL },
    { "1.250,5", "kg", TRUE, OCOP_QUANTITY_ERROR_AMBIGUOUS, "separator" },
    { "1.000", "hộp", FALSE, OCOP_QUANTITY_ERROR_AMBIGUOUS, NULL },
    { "0,3505", "kg", TRUE, OCOP_QUANTITY_ERROR_FRACTION, "thousandth" },
    { "1,2345", "kg", TRUE, OCOP_QUANTITY_ERROR_FRACTION, NULL },
    { "0,5 g", "kg", TRUE, OCOP_QUANTITY_ERROR_FRACTION, "thousandth" },
    { "1,5", "hộp", FALSE, OCOP_QUANTITY_ERROR_FRACTION, "piece" },
    { "0,35 kg", "hộp", FALSE, OCOP_QUANTITY_ERROR_UNIT, "hộp" },
    { "2 chai", "hộp", FALSE, OCOP_QUANTITY_ERROR_UNIT, "hộp" },
    { "2 l", "kg", TRUE, OCOP_QUANTITY_ERROR_UNIT, "kg" },
    { "2 kgx", "kg", TRUE, OCOP_QUANTITY_ERROR_UNIT, NULL },
    { "2 kg 3", "kg", TRUE, OCOP_QUANTITY_ERROR_UNIT, NULL },
    { "0", "kg", TRUE, OCOP_QUANTITY_ERROR_RANGE, NULL },
    { "0,000", "kg", TRUE, OCOP_QUANTITY_ERROR_RANGE, NULL },
    { "0", "hộp", FALSE, OCOP_QUANTITY_ERROR_RANGE, NULL },
    { "10000", "hộp", FALSE, OCOP_QUANTITY_ERROR_RANGE, "9999" },
    { "10000", "kg", TRUE, OCOP_QUANTITY_ERROR_RANGE, NULL },
    { "9999,001", "kg", TRUE, OCOP_QUANTITY_ERROR_RANGE, NULL },
    { "999,500", "kg", TRUE, OCOP_QUANTITY_ERROR_AMBIGUOUS, NULL },
    { "99999999999999999999", "kg", TRUE, OCOP_QUANTITY_ERROR_RANGE, NULL },
    { "\xff", "kg", TRUE, OCOP_QUANTITY_ERROR_INVALID, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 out = -7;

      g_test_message ("%s", cases[i].text);
      g_assert_false (ocop_quantity_parse (cases[i].text, cases[i].unit, cases[i].measured, &out, &error));
      g_assert_error (error, OCOP_QUANTITY_ERROR, cases[i].code);
      g_assert_cmpint (out, ==, -7);   /* untouched */
      if (cases[i].says != NULL)
        g_assert_nonnull (strstr (error->message, cases[i].says));
    }
}

static void
test_format (void)
{
  static const struct { gint64 quantity; gboolean measured; const char *unit; const char *text; } cases[] = {
    { 350, TRUE, "kg", "0,350 kg" }, { 1, TRUE, "kg", "0,001 kg" }, { 2000, TRUE, "kg", "2,000 kg" },
    { 1250000, TRUE, "kg", "1.250,000 kg" }, { -100, TRUE, "kg", "-0,100 kg" },
    { -2500, TRUE, "kg", "-2,500 kg" }, { 350, TRUE, NULL, "0,350" }, { 350, TRUE, "", "0,350" },
    { 2, FALSE, "hộp", "2 hộp" }, { -1, FALSE, "hộp", "-1 hộp" }, { 2, FALSE, NULL, "2" },
    { G_MININT64, TRUE, NULL, "-9.223.372.036.854.775,808" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = ocop_quantity_format (cases[i].quantity, cases[i].measured, cases[i].unit);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

/* What receipts write reads back as the same quantity where it reads one
 * way only (under a kilogram); "1,250 kg" (1250 in English) is refused,
 * never misread. */
static void
test_format_parses_back (void)
{
  static const gint64 unambiguous[] = { 1, 5, 350, 999 };
  g_autofree char *ambiguous = ocop_quantity_format (1250, TRUE, "kg");
  g_autoptr(GError) error = NULL;
  gint64 out = 0;

  for (guint i = 0; i < G_N_ELEMENTS (unambiguous); i++)
    {
      g_autofree char *text = ocop_quantity_format (unambiguous[i], TRUE, "kg");

      assert_parses (text, "kg", TRUE, unambiguous[i]);
    }
  g_assert_cmpstr (ambiguous, ==, "1,250 kg");
  g_assert_false (ocop_quantity_parse (ambiguous, "kg", TRUE, &out, &error));
  g_assert_error (error, OCOP_QUANTITY_ERROR, OCOP_QUANTITY_ERROR_AMBIGUOUS);
}

static void
test_from_grams (void)
{
  static const struct { gint64 grams; const char *unit; gint64 out; } cases[] = {
    { 350, "kg", 350 }, { 350, "g", 350000 }, { 1, "kg", 1 }, { 350, "lạng", 3500 },
    { 9999000, "kg", 9999000 }, { 9999, "g", 9999000 },
  };
  static const struct { gint64 grams; const char *unit; int code; } refused[] = {
    { 350, "lít", OCOP_QUANTITY_ERROR_UNIT }, { 350, "hộp", OCOP_QUANTITY_ERROR_UNIT },
    { 350, NULL, OCOP_QUANTITY_ERROR_UNIT }, { 0, "kg", OCOP_QUANTITY_ERROR_RANGE },
    { -5, "kg", OCOP_QUANTITY_ERROR_RANGE }, { 9999001, "kg", OCOP_QUANTITY_ERROR_RANGE },
    { 10000, "g", OCOP_QUANTITY_ERROR_RANGE }, { G_MAXINT64, "kg", OCOP_QUANTITY_ERROR_RANGE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 out = 0;

      g_assert_true (ocop_quantity_from_grams (cases[i].grams, cases[i].unit, &out, &error));
      g_assert_no_error (error);
      g_assert_cmpint (out, ==, cases[i].out);
    }
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 out = -7;

      g_assert_false (ocop_quantity_from_grams (refused[i].grams, refused[i].unit, &out, &error));
      g_assert_error (error, OCOP_QUANTITY_ERROR, refused[i].code);
      g_assert_cmpint (out, ==, -7);
    }
}

static void
test_rounding (void)
{
  static const struct { gint64 price; gint64 thousandths; gint64 rounding; gint64 amount; } cases[] = {
    /* 0,350 kg of Cô Tô squid: 420.000 ₫ exactly, at every setting. */
    { 1200000, 350, 1, 420000 }, { 1200000, 350, 100, 420000 },
    { 1200000, 350, 500, 420000 }, { 1200000, 350, 1000, 420000 },
    /* 0,123 kg at 1.234.567 ₫/kg = 151.851,741 ₫. */
    { 1234567, 123, 1, 151852 }, { 1234567, 123, 100, 151900 },
    { 1234567, 123, 500, 152000 }, { 1234567, 123, 1000, 152000 },
    /* Exactly half way rounds up: 0,001 kg at 500 ₫/kg = 0,5 ₫ → 1 ₫. */
    { 500, 1, 1, 1 }, { 499, 1, 1, 0 }, { 1500, 1, 1, 2 }, { 1499, 1, 1, 1 },
    /* 0,275 kg at 2.800.000 ₫/kg = 770.000 ₫; 0,2755 would not be a quantity. */
    { 2800000, 275, 1000, 770000 },
    /* 0,333 kg at 150.000 ₫/kg = 49.950 ₫. */
    { 150000, 333, 1, 49950 }, { 150000, 333, 100, 50000 }, { 150000, 333, 500, 50000 },
    { 150000, 333, 1000, 50000 },
    /* 0,123 kg at 120.000 ₫/kg = 14.760 ₫: 14.800, 15.000, 15.000. */
    { 120000, 123, 100, 14800 }, { 120000, 123, 500, 15000 }, { 120000, 123, 1000, 15000 },
    /* 0,121 kg: 14.520 ₫ → 14.500 at 100 and at 500, 15.000 at 1000. */
    { 120000, 121, 100, 14500 }, { 120000, 121, 500, 14500 }, { 120000, 121, 1000, 15000 },
    /* 14.250 ₫ is half way between 14.000 and 14.500: up; 14.200 down. */
    { 57000, 250, 500, 14500 }, { 100000, 142, 500, 14000 },
    /* Refunds round away from zero, the mirror of the sale. */
    { 1234567, -123, 1000, -152000 }, { 120000, -121, 100, -14500 }, { 500, -1, 1, -1 },
    /* Nothing weighs nothing. */
    { 1200000, 0, 1000, 0 },
    /* At the bounds the product (10^19) passes G_MAXINT64, the amount does not. */
    { OCOP_SYNC_MAX_UNIT_PRICE, OCOP_SYNC_MAX_MEASURE, 1000, G_GINT64_CONSTANT (10000000000000000) },
    { OCOP_SYNC_MAX_UNIT_PRICE - 1, OCOP_SYNC_MAX_MEASURE, 1, G_GINT64_CONSTANT (9999999999000000) },
    { OCOP_SYNC_MAX_UNIT_PRICE - 1, -OCOP_SYNC_MAX_MEASURE, 1000, -G_GINT64_CONSTANT (9999999999000000) },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%" G_GINT64_FORMAT " × %" G_GINT64_FORMAT " at %" G_GINT64_FORMAT,
                      cases[i].price, cases[i].thousandths, cases[i].rounding);
      g_assert_cmpint (ocop_measure_amount (cases[i].price, cases[i].thousandths, cases[i].rounding),
                       ==, cases[i].amount);
    }

  g_assert_true (ocop_rounding_is_valid (1));
  g_assert_true (ocop_rounding_is_valid (100));
  g_assert_true (ocop_rounding_is_valid (500));
  g_assert_true (ocop_rounding_is_valid (1000));
  g_assert_false (ocop_rounding_is_valid (0));
  g_assert_false (ocop_rounding_is_valid (10));
  g_assert_false (ocop_rounding_is_valid (-1000));
  g_assert_false (ocop_rounding_is_valid (2000));
  g_assert_cmpint (OCOP_QUANTITY_DEFAULT_ROUNDING, ==, 1000);
}

/* Every rounding lands within 500 ₫ of the exact amount, inside the hub's
 * 501 ₫ (the extra đồng is a partial refund's share: test-weighed). */
static void
test_rounding_is_near (void)
{
  static const gint64 roundings[] = { 1, 100, 500, 1000 };

  for (gint64 q = 1; q <= 2000; q += 7)
    for (guint r = 0; r < G_N_ELEMENTS (roundings); r++)
      {
        gint64 amount = ocop_measure_amount (1234567, q, roundings[r]);

        g_assert_cmpint (amount % roundings[r], ==, 0);
        g_assert_true (ocop_measure_amount_is_near (1234567, q, amount));
      }

  g_assert_true (ocop_measure_amount_is_near (1200000, 350, 420501));
  g_assert_true (ocop_measure_amount_is_near (1200000, 350, 419499));
  g_assert_false (ocop_measure_amount_is_near (1200000, 350, 420502));
  g_assert_false (ocop_measure_amount_is_near (1200000, 350, 419498));
  g_assert_true (ocop_measure_amount_is_near (1200000, -350, -420000));
  g_assert_false (ocop_measure_amount_is_near (1200000, -350, 420000));
  /* Hostile figures are refused, never overflowed. */
  g_assert_false (ocop_measure_amount_is_near (G_MAXINT64, G_MAXINT64, G_MAXINT64));
  g_assert_false (ocop_measure_amount_is_near (OCOP_SYNC_MAX_UNIT_PRICE, G_MININT64, 0));
  g_assert_false (ocop_measure_amount_is_near (OCOP_SYNC_MAX_UNIT_PRICE, OCOP_SYNC_MAX_MEASURE, G_MININT64));
  g_assert_false (ocop_measure_amount_is_near (-1, 1, 0));
  g_assert_true (ocop_measure_amount_is_near (OCOP_SYNC_MAX_UNIT_PRICE, OCOP_SYNC_MAX_MEASURE,
                                              G_GINT64_CONSTANT (10000000000000000)));
}

static OcopProduct *
squid (void)
{
  OcopProductInfo info = {
    .sku = "QN-CT-001", .name = "Mực khô Cô Tô", .producer = "HTX Cô Tô",
    .producer_kind = OCOP_PRODUCER_COOPERATIVE, .locality = "Cô Tô", .in_province = TRUE,
    .unit = "kg", .price_vnd = 1200000, .stars = 4, .category = "Thủy sản",
  };

  return ocop_product_new (&info);
}

/* Each weighing is a line of its own; whole kilograms are exact. */
static void
test_sale_measured (void)
{
  g_autoptr(OcopSale) sale = ocop_sale_new ();
  g_autoptr(OcopProduct) product = squid ();
  g_autoptr(GError) error = NULL;
  const OcopSaleLine *line;

  g_assert_true (ocop_product_is_measured (product));
  g_assert_true (ocop_sale_add_measured (sale, product, 350, 1000, &error));
  g_assert_true (ocop_sale_add_measured (sale, product, 123, 1000, &error));
  g_assert_true (ocop_sale_add_product (sale, product, 2, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ocop_sale_get_n_lines (sale), ==, 3);

  line = ocop_sale_get_line (sale, 0);
  g_assert_true (line->measured);
  g_assert_cmpint (line->quantity, ==, 350);
  g_assert_cmpint (line->amount, ==, 420000);
  g_assert_cmpint (ocop_sale_line_total (line), ==, 420000);
  line = ocop_sale_get_line (sale, 1);
  g_assert_cmpint (line->amount, ==, 148000);   /* 147.600 ₫ rounded to 1.000 */
  line = ocop_sale_get_line (sale, 2);
  g_assert_true (line->measured);
  g_assert_cmpint (line->quantity, ==, 2000);
  g_assert_cmpint (line->amount, ==, 2400000);
  g_assert_cmpint (ocop_sale_get_total (sale), ==, 420000 + 148000 + 2400000);
  g_assert_cmpint (ocop_sale_get_item_count (sale), ==, 3);

  /* The line editor sets thousandths; the line is repriced. */
  g_assert_true (ocop_sale_set_quantity (sale, 0, 100, &error));
  g_assert_cmpint (ocop_sale_get_line (sale, 0)->amount, ==, 120000);
  g_assert_true (ocop_sale_set_line_discount (sale, 0, 120000, &error));
  g_assert_false (ocop_sale_set_line_discount (sale, 0, 120001, &error));
  g_assert_error (error, OCOP_SALE_ERROR, OCOP_SALE_ERROR_DISCOUNT);
  g_clear_error (&error);

  g_assert_false (ocop_sale_add_measured (sale, product, 0, 1000, &error));
  g_assert_error (error, OCOP_SALE_ERROR, OCOP_SALE_ERROR_QUANTITY);
  g_clear_error (&error);
  g_assert_false (ocop_sale_add_measured (sale, product, OCOP_QUANTITY_MAX_MEASURE + 1, 1000, &error));
  g_assert_error (error, OCOP_SALE_ERROR, OCOP_SALE_ERROR_QUANTITY);
  g_clear_error (&error);
  g_assert_false (ocop_sale_set_quantity (sale, 0, -5, &error));
  g_assert_error (error, OCOP_SALE_ERROR, OCOP_SALE_ERROR_QUANTITY);
  g_clear_error (&error);
  g_assert_cmpuint (ocop_sale_get_n_lines (sale), ==, 3);

  g_assert_true (ocop_sale_add_payment (sale, OCOP_PAYMENT_CASH, -1, 0, &error));
  g_assert_true (ocop_sale_validate (sale, &error));
  g_assert_no_error (error);
}

/* A labelled pack sells exactly at its label's price, within 500 ₫ of
 * weight × price. */
static void
test_sale_pack (void)
{
  g_autoptr(OcopSale) sale = ocop_sale_new ();
  g_autoptr(OcopProduct) product = squid ();
  g_autoptr(GError) error = NULL;

  g_assert_true (ocop_sale_add_pack (sale, product, 347, 416400, &error));
  g_assert_true (ocop_sale_add_pack (sale, product, 347, 416900, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ocop_sale_get_n_lines (sale), ==, 2);
  g_assert_cmpint (ocop_sale_get_line (sale, 0)->amount, ==, 416400);
  g_assert_cmpint (ocop_sale_get_total (sale), ==, 416400 + 416900);

  g_assert_false (ocop_sale_add_pack (sale, product, 347, 417000, &error));
  g_assert_error (error, OCOP_SALE_ERROR, OCOP_SALE_ERROR_QUANTITY);
  g_assert_nonnull (strstr (error->message, "0,347 kg"));
  g_assert_nonnull (strstr (error->message, "417.000 ₫"));
  g_clear_error (&error);
  g_assert_false (ocop_sale_add_pack (sale, product, 347, -416400, &error));
  g_assert_error (error, OCOP_SALE_ERROR, OCOP_SALE_ERROR_QUANTITY);
  g_clear_error (&error);
  g_assert_false (ocop_sale_add_pack (sale, product, 0, 0, &error));
  g_assert_error (error, OCOP_SALE_ERROR, OCOP_SALE_ERROR_QUANTITY);
  g_assert_cmpuint (ocop_sale_get_n_lines (sale), ==, 2);
}

/* The booth's rounding: 1.000 ₫ until chosen, kept across a restart, and
 * only the four settings. */
static void
test_store_rounding (void)
{
  g_autofree char *dir = test_util_make_dir ();
  g_autoptr(GError) error = NULL;
  const gint64 settings[] = { 1, 100, 500, 1000 };

  {
    g_autoptr(OcopStore) store = test_util_demo_store (dir);

    g_assert_cmpint (ocop_store_get_rounding (store), ==, 1000);
    for (guint i = 0; i < G_N_ELEMENTS (settings); i++)
      {
        g_assert_true (ocop_store_set_rounding (store, settings[i], &error));
        g_assert_no_error (error);
        g_assert_cmpint (ocop_store_get_rounding (store), ==, settings[i]);
      }
    g_assert_true (ocop_store_set_rounding (store, 500, &error));
    g_assert_false (ocop_store_set_rounding (store, 200, &error));
    g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "200"));
    g_clear_error (&error);
    g_assert_false (ocop_store_set_rounding (store, 0, &error));
    g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_cmpint (ocop_store_get_rounding (store), ==, 500);
  }
  {
    g_autofree char *path = g_build_filename (dir, "ocop.db", NULL);
    g_autoptr(OcopStore) store = ocop_store_open (path, &error);

    g_assert_no_error (error);
    g_assert_cmpint (ocop_store_get_rounding (store), ==, 500);
  }
  test_util_remove_dir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/quantity/units", test_units);
  g_test_add_func ("/quantity/parse/measured", test_parse_measured);
  g_test_add_func ("/quantity/parse/pieces", test_parse_pieces);
  g_test_add_func ("/quantity/parse/refusals", test_parse_refusals);
  g_test_add_func ("/quantity/format", test_format);
  g_test_add_func ("/quantity/format-parses-back", test_format_parses_back);
  g_test_add_func ("/quantity/from-grams", test_from_grams);
  g_test_add_func ("/quantity/rounding", test_rounding);
  g_test_add_func ("/quantity/rounding-is-near", test_rounding_is_near);
  g_test_add_func ("/quantity/sale/measured", test_sale_measured);
  g_test_add_func ("/quantity/sale/pack", test_sale_pack);
  g_test_add_func ("/quantity/store-rounding", test_store_rounding);

  return g_test_run ();
}
