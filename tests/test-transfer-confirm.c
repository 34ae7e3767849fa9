/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-transfer-confirm.c: a transfer's confirmation recorded beside its
 * sale, by the cashier or by the bank, each queued for the hub, and the
 * sale itself never touched. */

#include <string.h>

#include "ocop-sync-protocol.h"
#include "test-util.h"

typedef struct {
  char      *dir;
  OcopStore *store;
  OcopSale  *sale;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_auto(GStrv) skus = NULL;

  f->dir = test_util_make_dir ();
  f->store = test_util_demo_store (f->dir);
  skus = test_util_demo_skus (f->store, 1);
  f->sale = test_util_sell_as (f->store, (const char * const *) skus, 1, OCOP_PAYMENT_TRANSFER, "Lan");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->sale);
  g_clear_object (&f->store);
  test_util_remove_dir (f->dir);
  g_free (f->dir);
}

static gint64
confirmations_queued (Fixture *f)
{
  return test_util_query_int (f->store, "SELECT count(*) FROM outbox WHERE kind = '"
                              OCOP_SYNC_KIND_TRANSFER_CONFIRMED "'");
}

/* Confirmed by hand while offline, then by the bank when the booth is
 * back: a second record attached to the same sale, and the bank's word is
 * the one shown. The service telling it again adds nothing. */
static void
test_hand_then_bank (Fixture       *f,
                     gconstpointer  data)
{
  const char *uuid = ocop_sale_get_uuid (f->sale);
  g_autofree char *sale_before = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                  test_util_query_int (f->store, "SELECT count(*) FROM sale"));
  g_autoptr(GError) error = NULL;

  g_assert_null (ocop_store_transfer_confirmed_by (f->store, uuid));
  g_assert_true (ocop_store_confirm_transfer (f->store, uuid, NULL, NULL, "Lan", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (ocop_store_transfer_confirmed_by (f->store, uuid), ==, "cashier");
  g_assert_true (ocop_store_confirm_transfer (f->store, uuid, "sepay", "92704", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (ocop_store_confirm_transfer (f->store, uuid, "sepay", "92704", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (ocop_store_transfer_confirmed_by (f->store, uuid), ==, "bank");
  g_assert_cmpint (test_util_query_int (f->store, "SELECT count(*) FROM transfer_confirmation"), ==, 2);
  g_assert_cmpint (confirmations_queued (f), ==, 2);
  g_assert_cmpint (test_util_query_int (f->store, "SELECT count(*) FROM outbox WHERE kind = 'transfer_confirmed'"
                                        " AND payload LIKE '%\"transaction\":\"92704\"%'"), ==, 1);
  g_assert_cmpint (test_util_query_int (f->store, "SELECT count(*) FROM sale"), ==,
                   g_ascii_strtoll (sale_before, NULL, 10));
}

/* Neither a transaction nor a name: refused, saying what is missing, and
 * nothing recorded or queued. */
static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *long_id = g_strnfill (OCOP_SYNC_MAX_NAME_BYTES + 1, '7');

  g_assert_false (ocop_store_confirm_transfer (f->store, ocop_sale_get_uuid (f->sale), NULL, NULL, NULL, &error));
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "cashier's name"));
  g_clear_error (&error);
  g_assert_false (ocop_store_confirm_transfer (f->store, ocop_sale_get_uuid (f->sale), "sepay", long_id, NULL, &error));
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID);
  g_assert_cmpint (confirmations_queued (f), ==, 0);
  g_assert_null (ocop_store_transfer_confirmed_by (f->store, ocop_sale_get_uuid (f->sale)));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/transfer-confirm/hand-then-bank", Fixture, NULL, fixture_set_up, test_hand_then_bank,
              fixture_tear_down);
  g_test_add ("/transfer-confirm/refused", Fixture, NULL, fixture_set_up, test_refused, fixture_tear_down);
  return g_test_run ();
}
