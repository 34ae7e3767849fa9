/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cashiers.c: the booth's cashiers on a real store: roles, adding one,
 * changing a PIN and deactivating one, each approved by a supervisor's PIN;
 * a deactivated cashier stays on their sales and the booth always keeps a
 * supervisor. The demo store has Hùng (supervisor, 9999) and Lan (1111). */

#include <glib/gstdio.h>

#include "ocop-store-private.h"
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
  g_clear_object (&f->store);
  test_util_remove_dir (f->dir);
  g_free (f->dir);
}

static gboolean
logs_in (Fixture    *f,
         const char *name,
         const char *pin)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = ocop_store_log_in (f->store, name, pin, &error);

  g_assert_true (ok == (error == NULL));
  if (error != NULL)
    g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID);
  return ok;
}

static gboolean
approves (Fixture    *f,
          const char *pin,
          const char *expected_name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = ocop_store_check_supervisor_pin (f->store, pin, &error);

  if (name == NULL)
    {
      g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID);
      return FALSE;
    }
  g_assert_cmpstr (name, ==, expected_name);
  return TRUE;
}

static const OcopCashier *
role_of (GPtrArray  *cashiers,
         const char *name)
{
  for (guint i = 0; i < cashiers->len; i++)
    if (g_str_equal (((OcopCashier *) cashiers->pdata[i])->name, name))
      return cashiers->pdata[i];
  return NULL;
}

static gint64
cashier_rows (Fixture *f)
{
  return test_util_query_int (f->store, "SELECT count (*) FROM cashier");
}

static void
test_roles_listed (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cashiers = ocop_store_list_cashier_roles (f->store, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (cashiers->len, ==, 2);
  /* Supervisors first. */
  g_assert_cmpstr (((OcopCashier *) cashiers->pdata[0])->name, ==, "Hùng");
  g_assert_true (role_of (cashiers, "Hùng")->supervisor);
  g_assert_true (role_of (cashiers, "Hùng")->active);
  g_assert_false (role_of (cashiers, "Lan")->supervisor);
  g_assert_true (role_of (cashiers, "Lan")->active);
  g_assert_true (logs_in (f, "Lan", "1111"));
  g_assert_false (logs_in (f, "Lan", "9999"));
  g_assert_false (logs_in (f, "Nobody", "1111"));
}

static void
test_add_needs_a_supervisor (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cashiers = NULL;
  g_autofree char *approver = NULL;
  char *refused;

  /* Lan is a cashier: her PIN approves nothing, and nothing is added. */
  refused = ocop_store_add_cashier (f->store, "1111", "Mai", "2468", FALSE, &error);
  g_assert_null (refused);
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "That is not a supervisor's PIN");
  g_clear_error (&error);
  g_assert_cmpint (cashier_rows (f), ==, 2);
  g_assert_false (logs_in (f, "Mai", "2468"));

  /* Hùng approves; the name is trimmed of the spaces a keyboard leaves. */
  approver = ocop_store_add_cashier (f->store, "9999", "  Mai ", "2468", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (approver, ==, "Hùng");
  g_assert_true (logs_in (f, "Mai", "2468"));
  cashiers = ocop_store_list_cashier_roles (f->store, &error);
  g_assert_nonnull (role_of (cashiers, "Mai"));
  g_assert_false (role_of (cashiers, "Mai")->supervisor);
  /* A cashier, not a supervisor: her PIN approves nothing. */
  g_assert_false (approves (f, "2468", NULL));
}

static void
test_add_refuses_bad_input (Fixture       *f,
                            gconstpointer  data)
{
  struct { const char *name, *pin, *message; } cases[] = {
    { "Mai", "123", "A PIN is 4 to 8 digits" },
    { "Mai", "123456789", "A PIN is 4 to 8 digits" },
    { "Mai", "12a4", "A PIN is 4 to 8 digits" },
    { "   ", "2468", "A cashier needs a name" },
    { "Lan", "2468", "There is already a cashier “Lan”" },
    /* Hùng's PIN: the PIN alone says who approves. */
    { "Mai", "9999", "Another cashier already has that PIN: choose another" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      char *approver = ocop_store_add_cashier (f->store, "9999", cases[i].name, cases[i].pin, TRUE, &error);

      g_assert_null (approver);
      g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, cases[i].message);
      g_assert_cmpint (cashier_rows (f), ==, 2);
    }
}

static void
test_new_supervisor_approves (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *approver = ocop_store_add_cashier (f->store, "9999", "Thảo", "13579", TRUE, &error);
  g_autofree char *second = NULL;

  g_assert_no_error (error);
  g_assert_true (approves (f, "13579", "Thảo"));
  second = ocop_store_add_cashier (f->store, "13579", "Bình", "8642", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (second, ==, "Thảo");
}

static void
test_change_pin (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *approver = NULL;
  g_autofree char *again = NULL;
  g_autoptr(OcopSale) sale = NULL;
  g_autoptr(OcopSale) reversal = NULL;
  g_autoptr(OcopApproval) approval = NULL;
  g_autofree char *supervisor = NULL;
  g_auto(GStrv) skus = test_util_demo_skus (f->store, 1);
  char *refused;

  /* Refused with a cashier's PIN, and with a malformed new PIN. */
  refused = ocop_store_change_cashier_pin (f->store, "1111", "Lan", "5555", &error);
  g_assert_null (refused);
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID);
  g_clear_error (&error);
  refused = ocop_store_change_cashier_pin (f->store, "9999", "Lan", "55", &error);
  g_assert_null (refused);
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID);
  g_clear_error (&error);
  refused = ocop_store_change_cashier_pin (f->store, "9999", "Nobody", "5555", &error);
  g_assert_null (refused);
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (logs_in (f, "Lan", "1111"));

  approver = ocop_store_change_cashier_pin (f->store, "9999", "Lan", "5555", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (approver, ==, "Hùng");
  g_assert_false (logs_in (f, "Lan", "1111"));
  g_assert_true (logs_in (f, "Lan", "5555"));

  /* The supervisor's own new PIN approves a void; the old one no longer. */
  again = ocop_store_change_cashier_pin (f->store, "9999", "Hùng", "24680", &error);
  g_assert_no_error (error);
  g_assert_false (approves (f, "9999", NULL));
  sale = test_util_sell (f->store, (const char * const *) skus, 1, OCOP_PAYMENT_CASH);
  supervisor = ocop_store_check_supervisor_pin (f->store, "24680", &error);
  g_assert_no_error (error);
  approval = ocop_store_approve (f->store, supervisor, "24680", &error);
  g_assert_no_error (error);
  reversal = ocop_store_void_sale (f->store, "#1", "wrong product", supervisor, approval, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ocop_sale_get_cashier (reversal), ==, "Hùng");
  g_assert_cmpstr (ocop_sale_get_approver (reversal), ==, "Hùng");
}

static void
test_deactivated_cashier_stays_on_sales (Fixture       *f,
                                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopSale) sale = ocop_sale_new ();
  g_autoptr(OcopSale) loaded = NULL;
  g_autoptr(OcopProduct) product = NULL;
  g_autoptr(GPtrArray) cashiers = NULL;
  g_auto(GStrv) skus = test_util_demo_skus (f->store, 1);
  g_auto(GStrv) active = NULL;
  g_autofree char *approver = NULL;
  char *refused;
  sqlite3 *db = ocop_store_get_db (f->store);

  product = ocop_store_find_sku (f->store, skus[0], &error);
  ocop_sale_add_product (sale, product, 1, &error);
  ocop_sale_add_payment (sale, OCOP_PAYMENT_CASH, -1, 0, &error);
  ocop_sale_set_cashier (sale, "Lan");
  g_assert_true (ocop_store_commit_sale (f->store, sale, &error));
  g_assert_no_error (error);

  refused = ocop_store_deactivate_cashier (f->store, "1111", "Lan", &error);
  g_assert_null (refused);
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (logs_in (f, "Lan", "1111"));

  approver = ocop_store_deactivate_cashier (f->store, "9999", "Lan", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (approver, ==, "Hùng");
  g_assert_false (logs_in (f, "Lan", "1111"));

  /* Her sale still names her; she is listed as deactivated, not gone. */
  loaded = ocop_store_load_sale (f->store, "#1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ocop_sale_get_cashier (loaded), ==, "Lan");
  cashiers = ocop_store_list_cashier_roles (f->store, &error);
  g_assert_cmpuint (cashiers->len, ==, 2);
  g_assert_false (role_of (cashiers, "Lan")->active);
  active = ocop_store_list_cashiers (f->store, &error);
  g_assert_cmpuint (g_strv_length (active), ==, 1);
  g_assert_cmpstr (active[0], ==, "Hùng");

  /* Her name stays hers; her PIN is free for someone new. */
  refused = ocop_store_add_cashier (f->store, "9999", "Lan", "3333", FALSE, &error);
  g_assert_null (refused);
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "deactivated"));
  g_clear_error (&error);
  refused = ocop_store_change_cashier_pin (f->store, "9999", "Lan", "3333", &error);
  g_assert_null (refused);
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* Not even a hand-run sqlite3 session deletes the row. */
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM cashier WHERE name = 'Lan'", NULL, NULL, NULL), !=, SQLITE_OK);
  g_assert_cmpint (cashier_rows (f), ==, 2);
}

static void
test_last_supervisor_kept (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *added = NULL;
  g_autofree char *approver = NULL;
  char *refused;
  sqlite3 *db = ocop_store_get_db (f->store);

  refused = ocop_store_deactivate_cashier (f->store, "9999", "Hùng", &error);
  g_assert_null (refused);
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "last supervisor"));
  g_clear_error (&error);
  g_assert_true (approves (f, "9999", "Hùng"));
  /* The schema holds the same line for any other program. */
  g_assert_cmpint (sqlite3_exec (db, "UPDATE cashier SET active = 0 WHERE name = 'Hùng'", NULL, NULL, NULL),
                   !=, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE cashier SET supervisor = 0 WHERE name = 'Hùng'", NULL, NULL, NULL),
                   !=, SQLITE_OK);
  g_assert_true (approves (f, "9999", "Hùng"));

  /* With a second supervisor, Hùng can go; then Thảo is the last. */
  added = ocop_store_add_cashier (f->store, "9999", "Thảo", "13579", TRUE, &error);
  g_assert_no_error (error);
  approver = ocop_store_deactivate_cashier (f->store, "13579", "Hùng", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (approver, ==, "Thảo");
  g_assert_false (approves (f, "9999", NULL));
  refused = ocop_store_deactivate_cashier (f->store, "13579", "Thảo", &error);
  g_assert_null (refused);
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID);
  g_clear_error (&error);
  /* And a deactivated supervisor's PIN approves nothing, not even this. */
  refused = ocop_store_deactivate_cashier (f->store, "9999", "Lan", &error);
  g_assert_null (refused);
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID);
  g_assert_true (logs_in (f, "Lan", "1111"));
}

/* Version 2's back-fill names the store's SQL function; the store registers
 * it on open, and on an empty journal it is never called. */
static void
no_local_hour (sqlite3_context  *context,
               int               argc,
               sqlite3_value   **argv)
{
  sqlite3_result_int (context, 0);
}

/* A store written before cashiers could be deactivated: its cashiers are
 * all at work after the upgrade. */
static void
test_upgrade_keeps_cashiers_active (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = test_util_make_dir ();
  g_autofree char *path = g_build_filename (dir, "ocop.db", NULL);
  g_autoptr(OcopStore) store = NULL;
  g_autoptr(GPtrArray) cashiers = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_create_function (db, "ocop_local_hour", 1, SQLITE_UTF8, NULL, no_local_hour, NULL, NULL);
  g_assert_true (ocop_store_migrate_db (db, 6, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO cashier VALUES ('Hoa', 'x', 1), ('Nam', 'y', 0)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = ocop_store_open (path, &error);
  g_assert_no_error (error);
  cashiers = ocop_store_list_cashier_roles (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cashiers->len, ==, 2);
  g_assert_true (role_of (cashiers, "Hoa")->active && role_of (cashiers, "Hoa")->supervisor);
  g_assert_true (role_of (cashiers, "Nam")->active && !role_of (cashiers, "Nam")->supervisor);
  g_clear_object (&store);
  test_util_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/cashiers/roles-listed", test_roles_listed);
  ADD ("/cashiers/add-needs-a-supervisor", test_add_needs_a_supervisor);
  ADD ("/cashiers/add-refuses-bad-input", test_add_refuses_bad_input);
  ADD ("/cashiers/new-supervisor-approves", test_new_supervisor_approves);
  ADD ("/cashiers/change-pin", test_change_pin);
  ADD ("/cashiers/deactivated-stays-on-sales", test_deactivated_cashier_stays_on_sales);
  ADD ("/cashiers/last-supervisor-kept", test_last_supervisor_kept);
#undef ADD
  g_test_add_func ("/cashiers/upgrade-keeps-cashiers-active", test_upgrade_keeps_cashiers_active);

  return g_test_run ();
}
