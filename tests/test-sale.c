/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sale.c: cart arithmetic in whole đồng: merging lines, quantities,
 * line and order discounts, cash with change, transfers and split payments;
 * the bounds of a sale the hub takes, refused before anything is recorded. */

#include <string.h>

#include "ocop-sale.h"
#include "ocop-store.h"
#include "ocop-store-outbox.h"
#include "ocop-sync-protocol.h"
#include "test-util.h"

static OcopProduct *
product (const char *sku,
         gint64      price)
{
  OcopProductInfo info = {
    .sku = sku, .name = "Trà hoa vàng Ba Chẽ", .producer = "HTX Ba Chẽ",
    .producer_kind = OCOP_PRODUCER_COOPERATIVE, .locality = "Ba Chẽ", .in_province = TRUE,
    .unit = "hộp", .price_vnd = price, .stars = 5, .category = "Trà",
  };

  return ocop_product_new (&info);
}

static void
test_lines_merge (void)
{
  g_autoptr(OcopSale) sale = ocop_sale_new ();
  g_autoptr(OcopProduct) tea = product ("BC-01", 250000);
  g_autoptr(OcopProduct) rice = product ("DT-01", 45000);
  g_autoptr(GError) error = NULL;

  g_assert_true (ocop_sale_add_product (sale, tea, 1, &error));
  g_assert_true (ocop_sale_add_product (sale, rice, 2, &error));
  g_assert_true (ocop_sale_add_product (sale, tea, 2, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ocop_sale_get_n_lines (sale), ==, 2);
  g_assert_cmpint (ocop_sale_get_line (sale, 0)->quantity, ==, 3);
  g_assert_cmpint (ocop_sale_get_item_count (sale), ==, 5);
  g_assert_cmpint (ocop_sale_get_total (sale), ==, 3 * 250000 + 2 * 45000);

  g_assert_true (ocop_sale_set_quantity (sale, 1, 0, &error));   /* removes */
  g_assert_cmpuint (ocop_sale_get_n_lines (sale), ==, 1);
  g_assert_false (ocop_sale_set_quantity (sale, 0, -1, &error));
  g_assert_error (error, OCOP_SALE_ERROR, OCOP_SALE_ERROR_QUANTITY);
  g_clear_error (&error);
  g_assert_false (ocop_sale_add_product (sale, tea, OCOP_SALE_MAX_QUANTITY, &error));
  g_assert_error (error, OCOP_SALE_ERROR, OCOP_SALE_ERROR_QUANTITY);
  g_clear_error (&error);
  g_assert_false (ocop_sale_remove_line (sale, 5, &error));
  g_assert_error (error, OCOP_SALE_ERROR, OCOP_SALE_ERROR_NO_LINE);
}

static void
test_discounts (void)
{
  g_autoptr(OcopSale) sale = ocop_sale_new ();
  g_autoptr(OcopProduct) tea = product ("BC-01", 250000);
  g_autoptr(GError) error = NULL;

  ocop_sale_add_product (sale, tea, 2, &error);
  g_assert_true (ocop_sale_set_line_discount (sale, 0, 50000, &error));
  g_assert_cmpint (ocop_sale_get_subtotal (sale), ==, 450000);
  g_assert_true (ocop_sale_set_order_discount (sale, 20000, &error));
  g_assert_cmpint (ocop_sale_get_total (sale), ==, 430000);
  g_assert_no_error (error);

  g_assert_false (ocop_sale_set_line_discount (sale, 0, 500001, &error));
  g_assert_error (error, OCOP_SALE_ERROR, OCOP_SALE_ERROR_DISCOUNT);
  g_assert_nonnull (strstr (error->message, "500.001 ₫"));
  g_clear_error (&error);
  g_assert_false (ocop_sale_set_order_discount (sale, -1, &error));
  g_assert_error (error, OCOP_SALE_ERROR, OCOP_SALE_ERROR_DISCOUNT);
  g_clear_error (&error);

  /* Shrinking the line shrinks a discount that would exceed it. */
  g_assert_true (ocop_sale_set_line_discount (sale, 0, 400000, &error));
  g_assert_true (ocop_sale_set_quantity (sale, 0, 1, &error));
  g_assert_cmpint (ocop_sale_get_line (sale, 0)->discount, ==, 250000);
  g_assert_cmpint (ocop_sale_line_total (ocop_sale_get_line (sale, 0)), ==, 0);
}

static void
test_cash_and_change (void)
{
  g_autoptr(OcopSale) sale = ocop_sale_new ();
  g_autoptr(OcopProduct) tea = product ("BC-01", 250000);
  g_autoptr(GError) error = NULL;

  ocop_sale_add_product (sale, tea, 1, &error);
  g_assert_false (ocop_sale_validate (sale, &error));
  g_assert_error (error, OCOP_SALE_ERROR, OCOP_SALE_ERROR_UNDERPAID);
  g_clear_error (&error);

  g_assert_true (ocop_sale_add_payment (sale, OCOP_PAYMENT_CASH, -1, 500000, &error));
  g_assert_cmpint (ocop_sale_get_paid (sale), ==, 250000);
  g_assert_cmpint (ocop_sale_get_change (sale), ==, 250000);
  g_assert_cmpint (ocop_sale_get_payment (sale, 0)->tendered, ==, 500000);
  g_assert_true (ocop_sale_validate (sale, &error));
  g_assert_no_error (error);
}

static void
test_split_payment (void)
{
  g_autoptr(OcopSale) sale = ocop_sale_new ();
  g_autoptr(OcopProduct) tea = product ("BC-01", 250000);
  g_autoptr(GError) error = NULL;

  ocop_sale_add_product (sale, tea, 3, &error);
  g_assert_true (ocop_sale_add_payment (sale, OCOP_PAYMENT_TRANSFER, 500000, 0, &error));
  g_assert_cmpint (ocop_sale_get_due (sale), ==, 250000);
  g_assert_false (ocop_sale_add_payment (sale, OCOP_PAYMENT_TRANSFER, 300000, 0, &error));
  g_assert_error (error, OCOP_SALE_ERROR, OCOP_SALE_ERROR_OVERPAID);
  g_clear_error (&error);
  g_assert_true (ocop_sale_add_payment (sale, OCOP_PAYMENT_CASH, -1, 300000, &error));
  g_assert_cmpint (ocop_sale_get_change (sale), ==, 50000);
  g_assert_true (ocop_sale_validate (sale, &error));

  ocop_sale_clear_payments (sale);
  g_assert_cmpint (ocop_sale_get_paid (sale), ==, 0);
  g_assert_cmpuint (ocop_sale_get_n_payments (sale), ==, 0);
}

static void
test_empty (void)
{
  g_autoptr(OcopSale) sale = ocop_sale_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (ocop_sale_validate (sale, &error));
  g_assert_error (error, OCOP_SALE_ERROR, OCOP_SALE_ERROR_EMPTY);
  g_assert_false (ocop_sale_is_committed (sale));
  g_assert_null (ocop_sale_get_uuid (sale));
}

/* A sale of @quantity × @price paid by transfer, checked against the
 * bounds. */
static gboolean
sale_within_bounds (gint64       price,
                    gint64       quantity,
                    const char  *cashier,
                    GError     **error)
{
  g_autoptr(OcopSale) sale = ocop_sale_new ();
  g_autoptr(OcopProduct) crate = product ("SAM-01", price);

  g_assert_true (ocop_sale_add_product (sale, crate, quantity, NULL));
  g_assert_true (ocop_sale_add_payment (sale, OCOP_PAYMENT_TRANSFER, -1, 0, NULL));
  ocop_sale_set_cashier (sale, cashier);
  return ocop_sale_validate (sale, error);
}

/* Just inside each bound the till takes, just outside it refuses, as the
 * hub would. */
static void
test_bounds (void)
{
  g_autofree char *long_name = g_strnfill (OCOP_SYNC_MAX_NAME_BYTES + 1, 'a');
  g_autoptr(GError) error = NULL;

  g_assert_true (sale_within_bounds (OCOP_SYNC_MAX_UNIT_PRICE, 10, "Lan", &error));
  g_assert_no_error (error);
  g_assert_false (sale_within_bounds (OCOP_SYNC_MAX_UNIT_PRICE, 11, "Lan", &error));
  g_assert_error (error, OCOP_SALE_ERROR, OCOP_SALE_ERROR_BOUNDS);
  g_clear_error (&error);
  g_assert_false (sale_within_bounds (OCOP_SYNC_MAX_UNIT_PRICE + 1, 1, "Lan", &error));
  g_assert_error (error, OCOP_SALE_ERROR, OCOP_SALE_ERROR_BOUNDS);
  g_clear_error (&error);
  long_name[OCOP_SYNC_MAX_NAME_BYTES] = '\0';
  g_assert_true (sale_within_bounds (1000, 1, long_name, &error));
  long_name[OCOP_SYNC_MAX_NAME_BYTES] = 'a';
  g_assert_false (sale_within_bounds (1000, 1, long_name, &error));
  g_assert_error (error, OCOP_SALE_ERROR, OCOP_SALE_ERROR_BOUNDS);
}

/* The store refuses to record what is outside the bounds, and records
 * nothing of it: no sale, no event for the hub. */
static void
test_bounds_in_store (void)
{
  g_autofree char *dir = test_util_make_dir ();
  g_autoptr(OcopStore) store = test_util_demo_store (dir);
  g_autoptr(OcopProduct) crate = product ("SAM-01", OCOP_SYNC_MAX_UNIT_PRICE);
  g_autoptr(OcopSale) too_much = ocop_sale_new ();
  g_autoptr(OcopSale) largest = ocop_sale_new ();
  g_autofree char *long_reason = g_strnfill (OCOP_SYNC_MAX_NOTE_BYTES + 1, 'x');
  g_autoptr(GError) error = NULL;
  gint64 pending;

  g_assert_true (ocop_sale_add_product (too_much, crate, 11, NULL));
  g_assert_true (ocop_sale_add_payment (too_much, OCOP_PAYMENT_TRANSFER, -1, 0, NULL));
  g_assert_false (ocop_store_commit_sale (store, too_much, &error));
  g_assert_error (error, OCOP_SALE_ERROR, OCOP_SALE_ERROR_BOUNDS);
  g_clear_error (&error);
  g_assert_cmpint (test_util_query_int (store, "SELECT count (*) FROM sale"), ==, 0);
  g_assert_cmpint (ocop_store_outbox_pending (store), ==, 0);

  g_assert_true (ocop_sale_add_product (largest, crate, 10, NULL));
  g_assert_true (ocop_sale_add_payment (largest, OCOP_PAYMENT_TRANSFER, -1, 0, NULL));
  g_assert_true (ocop_store_commit_sale (store, largest, &error));
  g_assert_no_error (error);
  g_assert_cmpint (test_util_query_int (store, "SELECT sum (total) FROM sale"), ==, OCOP_SYNC_MAX_AMOUNT);
  pending = ocop_store_outbox_pending (store);

  g_assert_false (ocop_store_add_visitors (store, "Cổng 1", -3, long_reason, &error));
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID);
  g_assert_cmpint (test_util_query_int (store, "SELECT count (*) FROM visitor_count"), ==, 0);
  g_assert_cmpint (ocop_store_outbox_pending (store), ==, pending);
  g_clear_object (&store);
  test_util_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sale/lines-merge", test_lines_merge);
  g_test_add_func ("/sale/discounts", test_discounts);
  g_test_add_func ("/sale/cash-and-change", test_cash_and_change);
  g_test_add_func ("/sale/split-payment", test_split_payment);
  g_test_add_func ("/sale/empty", test_empty);
  g_test_add_func ("/sale/bounds", test_bounds);
  g_test_add_func ("/sale/bounds-in-store", test_bounds_in_store);

  return g_test_run ();
}
