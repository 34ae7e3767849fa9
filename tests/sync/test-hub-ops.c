/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-hub-ops.c: the hub as an operator installs and runs it: the modes
 * of the files it creates, its secrets taken from systemd's credentials,
 * a PostgreSQL password on its command line, and no test hook in the
 * installed programs. */

#define _GNU_SOURCE  /* memmem */
#include <string.h>
#include <sys/stat.h>
#include <curl/curl.h>
#include <glib/gstdio.h>

#include "ocop-sync-client.h"
#include "sync-fixture.h"
#include "test-util.h"

#define FAIR "qn-2024"
#define ADMIN_TOKEN "tok-9f3b2c71d4e85a60b1c7e2f4a9d83b56"
#define OTHER_TOKEN "tok-11aa22bb33cc44dd55ee66ff77008899"

typedef struct {
  TestHub hub;   /* its folder also holds the test's own files */
} Fixture;

/* The hub's SQLite file in a folder made now, so that a test can put its
 * credentials and fresh databases there before the hub starts. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->hub.dir = test_util_make_dir ();
  f->hub.db = g_build_filename (f->hub.dir, "hub.db", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  test_hub_clear (&f->hub);
}

static gboolean
skip_without_files (void)
{
  if (g_getenv ("OCOP_TEST_PG") == NULL)
    return FALSE;
  g_test_skip ("a hub on PostgreSQL keeps no files of its own");
  return TRUE;
}

static void
assert_private (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  if ((st.st_mode & 0777) != 0600)
    g_error ("%s has mode %03o, not 600", path, st.st_mode & 0777);
}

/* ---- file modes ---- */

/* `ocop-hub serve` under a permissive umask (a shell's 022, or 000)
 * creates hub.db and SQLite its -wal and -shm readable by the owner only:
 * they hold the devices' token hashes and every booth's takings. */
static void
test_serve_files_private (Fixture       *f,
                          gconstpointer  data)
{
  mode_t saved = umask (GPOINTER_TO_UINT (data));
  g_autoptr(OcopStore) store = NULL;
  g_autoptr(OcopSyncClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = NULL, *shm = NULL;
  g_auto(GStrv) skus = NULL;
  OcopSyncRound round;

  if (skip_without_files ())
    {
      umask (saved);
      return;
    }
  test_hub_start (&f->hub, NULL);
  store = test_device_new (&f->hub, "a", FAIR, "QN-07");
  skus = test_util_demo_skus (store, 1);
  g_object_unref (test_util_sell (store, (const char * const *) skus, 1, OCOP_PAYMENT_CASH));
  client = ocop_sync_client_new (ocop_store_get_path (store));
  g_assert_true (ocop_sync_client_run_round (client, &round, NULL, &error));
  g_assert_no_error (error);
  ocop_sync_round_clear (&round);
  umask (saved);

  wal = g_strconcat (f->hub.db, "-wal", NULL);
  shm = g_strconcat (f->hub.db, "-shm", NULL);
  assert_private (f->hub.db);
  assert_private (wal);
  assert_private (shm);
}

/* Runs `ocop-hub ARGS…` with @input on its stdin; fails unless it exits 0. */
static void
run_hub (const char *input,
         const char *first_arg,
         ...)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  va_list args;

  g_ptr_array_add (argv, (char *) g_getenv ("OCOP_HUB"));
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, input, NULL, NULL, &err, &error));
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_error ("ocop-hub %s failed: %s", first_arg, err);
}

/* The one-off commands, the first an organizer runs on a new hub, create
 * the file private too, whatever the umask of their shell. */
static void
test_command_files_private (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *catalog = g_test_build_filename (G_TEST_DIST, "..", "app", "data", "demo-catalog.csv", NULL);
  const char *commands[] = { "enroll", "catalog", "user", "report" };
  mode_t saved;

  if (skip_without_files ())
    return;
  saved = umask (GPOINTER_TO_UINT (data));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *name = g_strdup_printf ("%s.db", commands[i]);
      g_autofree char *db = g_build_filename (f->hub.dir, name, NULL);

      if (g_str_equal (commands[i], "enroll"))
        run_hub (NULL, "enroll", "--db", db, "--fair", FAIR, "--booth", "QN-07", NULL);
      else if (g_str_equal (commands[i], "catalog"))
        run_hub (NULL, "catalog", "--db", db, "--fair", FAIR, catalog, NULL);
      else if (g_str_equal (commands[i], "user"))
        run_hub ("hoa-sim-tim-2024\n", "user", "add", "--db", db, "lan", NULL);
      else
        run_hub (NULL, "report", "fair", "--db", db, "--fair", FAIR, NULL);
      assert_private (db);
    }
  umask (saved);
}

/* ---- credentials ---- */

static char *
write_credential (Fixture    *f,
                  const char *name,
                  const char *contents)
{
  g_autofree char *dir = g_build_filename (f->hub.dir, "credentials", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return g_steal_pointer (&dir);
}

static long
totals_status (Fixture    *f,
               const char *bearer)
{
  g_autofree char *url = g_strdup_printf ("%s/v1/fairs/%s/totals", f->hub.url, FAIR);
  g_autofree char *reply = NULL;

  return test_http ("GET", url, bearer, NULL, NULL, 0, &reply);
}

/* systemd hands the service its secrets in $CREDENTIALS_DIRECTORY
 * (LoadCredential= in ocop-hub.service): the hub takes its admin token
 * from there when --admin-token-file is not given. */
static void
test_admin_token_from_credentials (Fixture       *f,
                                   gconstpointer  data)
{
  g_autofree char *dir = write_credential (f, "admin-token", ADMIN_TOKEN "\n");
  g_autofree char *env = g_strconcat ("CREDENTIALS_DIRECTORY=", dir, NULL);
  const char *pairs[] = { env, NULL };

  test_hub_start (&f->hub, pairs);
  g_assert_cmpint (totals_status (f, ADMIN_TOKEN), ==, 200);
  g_assert_cmpint (totals_status (f, OTHER_TOKEN), ==, 401);
  g_assert_cmpint (totals_status (f, NULL), ==, 401);
}

/* An option given on the command line wins over the credential. */
static void
test_admin_token_option_wins (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *dir = write_credential (f, "admin-token", ADMIN_TOKEN "\n");
  g_autofree char *env = g_strconcat ("CREDENTIALS_DIRECTORY=", dir, NULL);
  g_autofree char *other = g_build_filename (f->hub.dir, "other-token", NULL);
  const char *pairs[] = { env, NULL };
  const char *serve_args[] = { "--admin-token-file", other, NULL };

  g_assert_true (g_file_set_contents (other, OTHER_TOKEN, -1, NULL));
  f->hub.serve_args = serve_args;
  test_hub_start (&f->hub, pairs);
  g_assert_cmpint (totals_status (f, OTHER_TOKEN), ==, 200);
  g_assert_cmpint (totals_status (f, ADMIN_TOKEN), ==, 401);
}

/* The unit's SetCredential= gives a blank credential for each file the
 * admin has not made: the hub starts as if it had none, on plain HTTP
 * and with no admin token, rather than failing on an empty token or an
 * empty certificate. */
static void
test_blank_credentials_are_none (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *dir = write_credential (f, "admin-token", "\n");
  g_autofree char *env = g_strconcat ("CREDENTIALS_DIRECTORY=", dir, NULL);
  const char *pairs[] = { env, NULL };

  g_free (write_credential (f, "tls-cert", "\n"));
  g_free (write_credential (f, "tls-key", "\n"));
  test_hub_start (&f->hub, pairs);
  g_assert_true (g_str_has_prefix (f->hub.url, "http://"));
  g_assert_cmpint (totals_status (f, NULL), ==, 200);
  g_assert_cmpint (totals_status (f, ""), ==, 200);
}

static size_t
discard_cb (char  *data,
            size_t size,
            size_t n,
            void  *user_data)
{
  return size * n;
}

/* The certificate and its key as credentials: the hub serves HTTPS that a
 * client trusting that certificate accepts. */
static void
test_tls_from_credentials (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *key = NULL;
  g_autofree char *cert = test_make_certificate (f->hub.dir, "hub", &key);
  g_autofree char *cert_pem = NULL, *key_pem = NULL;
  g_autofree char *dir = NULL, *env = NULL, *url = NULL;
  const char *pairs[] = { NULL, NULL };
  CURL *curl;
  long status = 0;

  g_assert_true (g_file_get_contents (cert, &cert_pem, NULL, NULL));
  g_assert_true (g_file_get_contents (key, &key_pem, NULL, NULL));
  g_free (write_credential (f, "tls-cert", cert_pem));
  dir = write_credential (f, "tls-key", key_pem);
  env = g_strconcat ("CREDENTIALS_DIRECTORY=", dir, NULL);
  pairs[0] = env;
  test_hub_start (&f->hub, pairs);

  url = g_strdup_printf ("https://127.0.0.1:%u/v1/fairs/%s/totals", f->hub.port, FAIR);
  curl = curl_easy_init ();
  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_CAINFO, cert);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, discard_cb);
  g_assert_cmpint (curl_easy_perform (curl), ==, CURLE_OK);
  curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup (curl);
  g_assert_cmpint (status, ==, 200);
}

/* ---- the command line ---- */

/* A password in --db is visible to every user in `ps`: the hub says so,
 * and where to put it instead, without repeating it. */
static void
test_password_in_db_warned (Fixture       *f,
                            gconstpointer  data)
{
  const char *argv[] = { g_getenv ("OCOP_HUB"), "report", "fair", "--fair", FAIR, "--db",
                         "postgresql://ocop:s3cret-pw@127.0.0.1:1/hub", NULL };
  const char *plain[] = { g_getenv ("OCOP_HUB"), "report", "fair", "--fair", FAIR, "--db",
                          "postgresql://ocop@127.0.0.1:1/hub", NULL };
  g_autofree char *err = NULL, *plain_err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (err, "--db"));
  g_assert_nonnull (strstr (err, "PGPASSFILE"));
  g_assert_null (strstr (err, "s3cret-pw"));

  g_spawn_sync (NULL, (char **) plain, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &plain_err, &status,
                &error);
  g_assert_no_error (error);
  g_assert_null (strstr (plain_err, "PGPASSFILE"));
}

/* ---- no test hooks in the installed programs ---- */

static gboolean
binary_contains (const char *path,
                 const char *text)
{
  g_autofree char *bytes = NULL;
  gsize size = 0;

  g_assert_nonnull (path);
  g_assert_true (g_file_get_contents (path, &bytes, &size, NULL));
  return memmem (bytes, size, text, strlen (text)) != NULL;
}

/* What `strings` would show: the programs that get installed hold none
 * of the test hooks' variables, so no environment can reach them. The
 * hub's test build does, which shows the check can see them. */
static void
test_no_hooks_in_installed_programs (void)
{
  const char *hooks[] = { "OCOP_HUB_TEST_EXIT_AFTER_COMMIT", "OCOP_HUB_TEST_REPLY_DELAY_MS", "OCOP_NOW" };
  const char *installed[] = { g_getenv ("OCOP_HUB"), g_getenv ("OCOP_TOOL") };

  for (guint i = 0; i < G_N_ELEMENTS (installed); i++)
    for (guint j = 0; j < G_N_ELEMENTS (hooks); j++)
      if (binary_contains (installed[i], hooks[j]))
        g_error ("%s holds %s", installed[i], hooks[j]);
  g_assert_true (binary_contains (g_getenv ("OCOP_HUB_TEST_BUILD"), hooks[0]));
  g_assert_true (binary_contains (g_getenv ("OCOP_HUB_TEST_BUILD"), hooks[1]));
}

int
main (int    argc,
      char **argv)
{
  static const struct {
    const char  *path;
    gconstpointer data;   /* the umask of the file-mode cases */
    void        (*func) (Fixture *f, gconstpointer data);
  } cases[] = {
    { "/hub-ops/file-modes/serve/umask-022", GUINT_TO_POINTER (022), test_serve_files_private },
    { "/hub-ops/file-modes/serve/umask-000", GUINT_TO_POINTER (0), test_serve_files_private },
    { "/hub-ops/file-modes/commands/umask-022", GUINT_TO_POINTER (022), test_command_files_private },
    { "/hub-ops/file-modes/commands/umask-000", GUINT_TO_POINTER (0), test_command_files_private },
    { "/hub-ops/credentials/admin-token", NULL, test_admin_token_from_credentials },
    { "/hub-ops/credentials/option-wins", NULL, test_admin_token_option_wins },
    { "/hub-ops/credentials/blank-is-none", NULL, test_blank_credentials_are_none },
    { "/hub-ops/credentials/tls", NULL, test_tls_from_credentials },
    { "/hub-ops/password-in-db-warned", NULL, test_password_in_db_warned },
  };

  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_test_add (cases[i].path, Fixture, cases[i].data, fixture_set_up, cases[i].func, fixture_tear_down);
  g_test_add_func ("/hub-ops/no-test-hooks-in-installed-programs", test_no_hooks_in_installed_programs);

  return g_test_run ();
}
