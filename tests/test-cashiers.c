/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cashiers.c: the booth's cashiers on a real store: roles, adding one,
 * changing a PIN and deactivating one, each approved by a supervisor named
 * with their PIN (ocop_store_approve);
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

/* @name's approval with @pin, or NULL when the store refuses it. */
static OcopApproval *
approval_of (Fixture    *f,
             const char *name,
             const char *pin)
{
  g_autoptr(GError) error = NULL;
  OcopApproval *approval = ocop_store_approve (f->store, name, pin, &error);

  if (approval == NULL)
    g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_NOT_APPROVED);
  else
    g_assert_cmpstr (ocop_approval_get_approver (approval), ==, name);
  return approval;
}

static gboolean
approves (Fixture    *f,
          const char *name,
          const char *pin)
{
  g_autoptr(OcopApproval) approval = approval_of (f, name, pin);

  return approval != NULL;
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
  g_autoptr(OcopApproval) approval = NULL;

  /* Lan is a cashier: she cannot approve, and nothing is added without
   * an approval. */
  g_assert_null (ocop_store_approve (f->store, "Lan", "1111", &error));
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_NOT_APPROVED);
  g_assert_cmpstr (error->message, ==, "“Lan” is not a supervisor: a supervisor must approve");
  g_clear_error (&error);
  g_assert_false (ocop_store_add_cashier (f->store, NULL, "Mai", "2468", FALSE, &error));
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_NOT_APPROVED);
  g_clear_error (&error);
  g_assert_cmpint (cashier_rows (f), ==, 2);
  g_assert_false (logs_in (f, "Mai", "2468"));

  /* Hùng approves; the name is trimmed of the spaces a keyboard leaves. */
  approval = approval_of (f, "Hùng", "9999");
  g_assert_true (ocop_store_add_cashier (f->store, approval, "  Mai ", "2468", FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (logs_in (f, "Mai", "2468"));
  cashiers = ocop_store_list_cashier_roles (f->store, &error);
  g_assert_nonnull (role_of (cashiers, "Mai"));
  g_assert_false (role_of (cashiers, "Mai")->supervisor);
  /* A cashier, not a supervisor: she approves nothing. */
  g_assert_false (approves (f, "Mai", "2468"));
}

static void
test_add_refuses_bad_input (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(OcopApproval) approval = approval_of (f, "Hùng", "9999");
  struct { const char *name, *pin, *message; } cases[] = {
    { "Mai", "123", "A PIN is 4 to 8 digits" },
    { "Mai", "123456789", "A PIN is 4 to 8 digits" },
    { "Mai", "12a4", "A PIN is 4 to 8 digits" },
    { "   ", "2468", "A cashier needs a name" },
    { "Lan", "2468", "There is already a cashier “Lan”" },
    /* Hùng's PIN: Mai could sign in as Hùng with her own. */
    { "Mai", "9999", "Another cashier already has that PIN: choose another" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_assert_false (ocop_store_add_cashier (f->store, approval, cases[i].name, cases[i].pin, TRUE, &error));
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
  g_autoptr(OcopApproval) hung = approval_of (f, "Hùng", "9999");
  g_autoptr(OcopApproval) thao = NULL;

  g_assert_true (ocop_store_add_cashier (f->store, hung, "Thảo", "13579", TRUE, &error));
  g_assert_no_error (error);
  thao = approval_of (f, "Thảo", "13579");
  g_assert_nonnull (thao);
  g_assert_true (ocop_store_add_cashier (f->store, thao, "Bình", "8642", FALSE, &error));
  g_assert_no_error (error);

  /* Thảo deactivated after approving: her approval goes with her. */
  g_assert_true (ocop_store_deactivate_cashier (f->store, hung, "Thảo", &error));
  g_assert_false (ocop_store_add_cashier (f->store, thao, "Mai", "2468", FALSE, &error));
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_NOT_APPROVED);
  g_assert_cmpstr (error->message, ==, "“Thảo” can no longer approve");
  g_assert_false (logs_in (f, "Mai", "2468"));
}

static void
test_change_pin (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopSale) sale = NULL;
  g_autoptr(OcopSale) reversal = NULL;
  g_autoptr(OcopApproval) hung = approval_of (f, "Hùng", "9999");
  g_autoptr(OcopApproval) approval = NULL;
  g_auto(GStrv) skus = test_util_demo_skus (f->store, 1);

  /* Refused without an approval, and with a malformed new PIN. */
  g_assert_false (ocop_store_change_cashier_pin (f->store, NULL, "Lan", "5555", &error));
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_NOT_APPROVED);
  g_clear_error (&error);
  g_assert_false (ocop_store_change_cashier_pin (f->store, hung, "Lan", "55", &error));
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (ocop_store_change_cashier_pin (f->store, hung, "Nobody", "5555", &error));
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (logs_in (f, "Lan", "1111"));

  g_assert_true (ocop_store_change_cashier_pin (f->store, hung, "Lan", "5555", &error));
  g_assert_no_error (error);
  g_assert_false (logs_in (f, "Lan", "1111"));
  g_assert_true (logs_in (f, "Lan", "5555"));

  /* The supervisor's own new PIN approves a void; the old one no longer. */
  g_assert_true (ocop_store_change_cashier_pin (f->store, hung, "Hùng", "24680", &error));
  g_assert_no_error (error);
  g_assert_false (approves (f, "Hùng", "9999"));
  sale = test_util_sell (f->store, (const char * const *) skus, 1, OCOP_PAYMENT_CASH);
  approval = approval_of (f, "Hùng", "24680");
  g_assert_nonnull (approval);
  reversal = ocop_store_void_sale (f->store, "#1", "wrong product", "Hùng", approval, &error);
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
  g_autoptr(OcopApproval) hung = approval_of (f, "Hùng", "9999");
  sqlite3 *db = ocop_store_get_db (f->store);

  product = ocop_store_find_sku (f->store, skus[0], &error);
  ocop_sale_add_product (sale, product, 1, &error);
  ocop_sale_add_payment (sale, OCOP_PAYMENT_CASH, -1, 0, &error);
  ocop_sale_set_cashier (sale, "Lan");
  g_assert_true (ocop_store_commit_sale (f->store, sale, &error));
  g_assert_no_error (error);

  g_assert_false (ocop_store_deactivate_cashier (f->store, NULL, "Lan", &error));
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_NOT_APPROVED);
  g_clear_error (&error);
  g_assert_true (logs_in (f, "Lan", "1111"));

  g_assert_true (ocop_store_deactivate_cashier (f->store, hung, "Lan", &error));
  g_assert_no_error (error);
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
  g_assert_false (ocop_store_add_cashier (f->store, hung, "Lan", "3333", FALSE, &error));
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "deactivated"));
  g_clear_error (&error);
  g_assert_false (ocop_store_change_cashier_pin (f->store, hung, "Lan", "3333", &error));
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
  g_autoptr(OcopApproval) hung = approval_of (f, "Hùng", "9999");
  g_autoptr(OcopApproval) thao = NULL;
  sqlite3 *db = ocop_store_get_db (f->store);

  g_assert_false (ocop_store_deactivate_cashier (f->store, hung, "Hùng", &error));
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "last supervisor"));
  g_clear_error (&error);
  g_assert_true (approves (f, "Hùng", "9999"));
  /* The schema holds the same line for any other program. */
  g_assert_cmpint (sqlite3_exec (db, "UPDATE cashier SET active = 0 WHERE name = 'Hùng'", NULL, NULL, NULL),
                   !=, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE cashier SET supervisor = 0 WHERE name = 'Hùng'", NULL, NULL, NULL),
                   !=, SQLITE_OK);
  g_assert_true (approves (f, "Hùng", "9999"));

  /* With a second supervisor, Hùng can go; then Thảo is the last. */
  g_assert_true (ocop_store_add_cashier (f->store, hung, "Thảo", "13579", TRUE, &error));
  g_assert_no_error (error);
  thao = approval_of (f, "Thảo", "13579");
  g_assert_true (ocop_store_deactivate_cashier (f->store, thao, "Hùng", &error));
  g_assert_no_error (error);
  g_assert_false (approves (f, "Hùng", "9999"));
  g_assert_false (ocop_store_deactivate_cashier (f->store, thao, "Thảo", &error));
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID);
  g_clear_error (&error);
  /* And an approval Hùng gave before he went approves nothing, not even this. */
  g_assert_false (ocop_store_deactivate_cashier (f->store, hung, "Lan", &error));
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_NOT_APPROVED);
  g_assert_true (logs_in (f, "Lan", "1111"));
}

/* Five wrong PINs for Hùng, typed anywhere: his right PIN is then refused
 * for a while, and no change to the cashiers can be made in his name. */
static void
test_changes_share_the_wait (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < OCOP_APPROVAL_MAX_FAILURES; i++)
    g_assert_false (approves (f, "Hùng", "0000"));
  g_assert_null (ocop_store_approve (f->store, "Hùng", "9999", &error));
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_NOT_APPROVED);
  g_assert_nonnull (strstr (error->message, "Too many wrong PINs for “Hùng”"));
  g_assert_cmpint (cashier_rows (f), ==, 2);
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
  ADD ("/cashiers/changes-share-the-wait", test_changes_share_the_wait);
#undef ADD
  g_test_add_func ("/cashiers/upgrade-keeps-cashiers-active", test_upgrade_keeps_cashiers_active);

  return g_test_run ();
}
