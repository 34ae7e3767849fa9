/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-util.c: fixtures shared by the core's tests. */

#include <string.h>
#include <sys/wait.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "ocop-store-private.h"
#include "ocop-quantity.h"
#include "test-util.h"

char *
test_util_make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("ocop-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
test_util_remove_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  if (handle == NULL)
    return;
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        test_util_remove_dir (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

OcopStore *
test_util_demo_store (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "ocop.db", NULL);
  OcopStore *store = ocop_store_open (path, &error);

  g_assert_no_error (error);
  ocop_store_set_clock (store, TEST_FAIR_MORNING_US);
  ocop_demo_create (store, NULL, &error);
  g_assert_no_error (error);
  return store;
}

OcopSale *
test_util_sell (OcopStore          *store,
                const char * const *skus,
                gint64              quantity,
                OcopPaymentMethod   method)
{
  return test_util_sell_as (store, skus, quantity, method, NULL);
}

OcopSale *
test_util_sell_as (OcopStore          *store,
                   const char * const *skus,
                   gint64              quantity,
                   OcopPaymentMethod   method,
                   const char         *cashier)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopSale) sale = ocop_sale_new ();

  ocop_sale_set_cashier (sale, cashier);

  for (guint i = 0; skus[i] != NULL; i++)
    {
      g_autoptr(OcopProduct) product = ocop_store_find_sku (store, skus[i], &error);

      g_assert_no_error (error);
      ocop_sale_add_product (sale, product, quantity, &error);
      g_assert_no_error (error);
    }
  ocop_sale_add_payment (sale, method, -1, 0, &error);
  g_assert_no_error (error);
  ocop_store_commit_sale (store, sale, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&sale);
}

GStrv
test_util_demo_skus (OcopStore *store,
                     guint      n)
{
  sqlite3_stmt *stmt = ocop_store_prepare (store, "SELECT sku, unit FROM product ORDER BY sku", NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint found = 0;

  g_assert_nonnull (stmt);
  /* Pieces only: the tests that take these count whole units, merge lines
   * and refund "2 of them"; weighed goods have tests of their own. */
  while (found < n && sqlite3_step (stmt) == SQLITE_ROW)
    if (!ocop_unit_is_measure ((const char *) sqlite3_column_text (stmt, 1)))
      {
        g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));
        found++;
      }
  sqlite3_reset (stmt);
  return g_strv_builder_end (builder);
}

gint64
test_util_query_int (OcopStore  *store,
                     const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (ocop_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* The line --now prints first (test-cli checks it on its own), so that
 * the tests read the command's own messages as a booth would. */
static void
drop_clock_notice (char *err)
{
  char *end = strchr (err, '\n');

  if (g_str_has_prefix (err, "ocop: ") && end != NULL && g_strstr_len (err, end - err, "--now") != NULL)
    memmove (err, end + 1, strlen (end + 1) + 1);
}

int
test_util_run_tool_v (const char  *db,
                      const char  *language,
                      const char  *now,
                      char       **out,
                      char       **err,
                      va_list      args)
{
  return test_util_run_tool_input_v (db, language, now, NULL, out, err, args);
}

int
test_util_run_tool_input_v (const char  *db,
                            const char  *language,
                            const char  *now,
                            const char  *input,
                            char       **out,
                            char       **err,
                            va_list      args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GError) error = NULL;
  const char *tool = g_getenv ("OCOP_TOOL");
  const char *arg;
  int status = 0;

  g_assert_nonnull (tool);
  g_strv_builder_add_many (builder, tool, "--db", db, NULL);
  if (now != NULL)
    g_strv_builder_add_many (builder, "--now", now, NULL);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_strv_builder_add (builder, arg);
  argv = g_strv_builder_end (builder);
  env = g_environ_setenv (env, "LC_ALL", "C.UTF-8", TRUE);
  env = language ? g_environ_setenv (env, "LANGUAGE", language, TRUE) : g_environ_unsetenv (env, "LANGUAGE");
  env = g_environ_unsetenv (env, "OCOP_DB");

  g_clear_pointer (out, g_free);
  g_clear_pointer (err, g_free);
  if (input == NULL)
    {
      g_spawn_sync (NULL, argv, env, G_SPAWN_DEFAULT, NULL, NULL, out, err, &status, &error);
      g_assert_no_error (error);
      g_assert_true (WIFEXITED (status));
      status = WEXITSTATUS (status);
    }
  else
    {
      launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                            G_SUBPROCESS_FLAGS_STDERR_PIPE);
      g_subprocess_launcher_set_environ (launcher, env);
      process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv, &error);
      g_assert_no_error (error);
      g_subprocess_communicate_utf8 (process, input, NULL, out, err, &error);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_get_if_exited (process));
      status = g_subprocess_get_exit_status (process);
    }
  if (now != NULL && err != NULL && *err != NULL)
    drop_clock_notice (*err);
  return status;
}

gboolean
test_util_is_enrolled (OcopStore *store)
{
  g_autofree char *token = test_util_sync_text (store, token);

  return token != NULL;
}

char *
test_util_sync_text_at (OcopStore *store,
                        glong      offset)
{
  g_auto(OcopSyncClientState) state = { 0 };

  ocop_store_load_sync_state (store, &state);
  return g_strdup (G_STRUCT_MEMBER (char *, &state, offset));
}

const OcopApproval *
test_util_approval (OcopStore *store)
{
  OcopApproval *approval = g_object_get_data (G_OBJECT (store), "test-approval");
  g_autoptr(GError) error = NULL;

  if (approval != NULL)
    return approval;
  ocop_store_set_cashier (store, TEST_SUPERVISOR, TEST_SUPERVISOR_PIN, TRUE, &error);
  g_assert_no_error (error);
  approval = ocop_store_approve (store, TEST_SUPERVISOR, TEST_SUPERVISOR_PIN, &error);
  g_assert_no_error (error);
  g_object_set_data_full (G_OBJECT (store), "test-approval", approval, (GDestroyNotify) ocop_approval_free);
  return approval;
}
