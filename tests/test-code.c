/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-code.c: the rule that turns a scanned or typed code into a product
 * (ocop_code_resolve), which the till, the Labels page and `ocop sale add`
 * all use: barcode, else sku; a misread and an unknown code told apart. */

#include "ocop-code.h"
#include "test-util.h"

typedef struct {
  char      *dir;
  OcopStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = test_util_make_dir ();
  f->store = test_util_demo_store (f->dir);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->store);
  test_util_remove_dir (f->dir);
  g_free (f->dir);
}

/* The sku of the product @code resolves to; fails the test otherwise. */
static char *
resolved_sku (Fixture    *f,
              const char *code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopProduct) product = ocop_code_resolve (f->store, code, &error);

  g_assert_no_error (error);
  g_assert_nonnull (product);
  return g_strdup (ocop_product_get_sku (product));
}

static void
assert_refused (Fixture    *f,
                const char *code,
                int         expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopProduct) product = ocop_code_resolve (f->store, code, &error);

  g_assert_null (product);
  g_assert_error (error, OCOP_CODE_ERROR, expected);
  /* The cashier is told which code: a toast, a line on stderr. */
  g_assert_nonnull (strstr (error->message, code));
}

static void
test_barcode (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *tea = resolved_sku (f, "8936000010010");
  g_autofree char *pottery = resolved_sku (f, "dt-gom-01");

  g_assert_cmpstr (tea, ==, "QN-BC-001");
  /* An internal code typed by a scanner that dropped Shift. */
  g_assert_cmpstr (pottery, ==, "QN-DT-003");
}

static void
test_sku (Fixture       *f,
          gconstpointer  data)
{
  /* The wild duck has no barcode: its sku rings it up. */
  g_autofree char *duck = resolved_sku (f, "QN-HH-002");
  /* A product that has a barcode is found by its sku too. */
  g_autofree char *tea = resolved_sku (f, "QN-BC-001");

  g_assert_cmpstr (duck, ==, "QN-HH-002");
  g_assert_cmpstr (tea, ==, "QN-BC-001");
}

static void
test_misread (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopProduct) product = NULL;

  /* The tea's barcode with its check digit off by one: a misread, not an
   * unknown product, although no product has that code either. */
  assert_refused (f, "8936000010011", OCOP_CODE_ERROR_MISREAD);
  assert_refused (f, "89360003", OCOP_CODE_ERROR_MISREAD);
  product = ocop_code_resolve (f->store, "8936000010011", &error);
  g_assert_nonnull (strstr (error->message, "Misread"));
}

static void
test_unknown (Fixture       *f,
              gconstpointer  data)
{
  const char *withdrawn[] = { "QN-HH-002", NULL };
  g_autoptr(GPtrArray) none = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  assert_refused (f, "8939999999991", OCOP_CODE_ERROR_UNKNOWN);
  assert_refused (f, "NO-SUCH-SKU", OCOP_CODE_ERROR_UNKNOWN);
  assert_refused (f, "", OCOP_CODE_ERROR_UNKNOWN);
  /* A withdrawn product is off sale: its sku is unknown at the till. */
  g_assert_true (ocop_store_apply_catalog (f->store, none, withdrawn, FALSE, &error));
  g_assert_no_error (error);
  assert_refused (f, "QN-HH-002", OCOP_CODE_ERROR_UNKNOWN);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/code/barcode", Fixture, NULL, fixture_set_up, test_barcode, fixture_tear_down);
  g_test_add ("/code/sku", Fixture, NULL, fixture_set_up, test_sku, fixture_tear_down);
  g_test_add ("/code/misread", Fixture, NULL, fixture_set_up, test_misread, fixture_tear_down);
  g_test_add ("/code/unknown", Fixture, NULL, fixture_set_up, test_unknown, fixture_tear_down);
  return g_test_run ();
}
