/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-scale-cli.c: `ocop scales` and `ocop scale read URI` as a user
 * runs them, against a scale played on a pty by this test while the
 * tool runs: the weight in grams, or the reason there is none, in
 * Vietnamese as the booth reads it. */

#include "config.h"

#include <string.h>
#include <gio/gio.h>

#include "scale-emulator.h"

typedef struct {
  gboolean  done;
  char     *out;
  char     *err;
  int       status;
} Run;

static void
communicated_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (G_SUBPROCESS (source));
  run->done = TRUE;
}

/* Runs `ocop ARGS…` in Vietnamese while this thread's main loop plays
 * the scale. */
static void
run_tool (Run        *run,
          const char *first,
          ...)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("OCOP_TOOL"));
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "vi", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicated_cb, run);
  while (!run->done)
    g_main_context_iteration (NULL, TRUE);
}

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
  memset (run, 0, sizeof *run);
}

static void
test_read_stable (void)
{
  g_autoptr(ScaleEmulator) scale = scale_emulator_new ();
  g_autofree char *uri = scale_emulator_uri (scale, "mettler-8217");
  Run run = { 0 };

  scale_emulator_on (scale, 'W', "\x02" "0.350\r", -1);
  run_tool (&run, "scale", "read", uri, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "350 g\n");
  g_assert_cmpstr (scale_emulator_received (scale)->str, ==, "W");
  run_clear (&run);
}

/* Each reason in the booth's words, and a failing exit status. */
static void
test_read_reasons (void)
{
  g_autoptr(ScaleEmulator) scale = scale_emulator_new ();
  g_autofree char *uri = scale_emulator_uri (scale, "mettler-8217");
  Run run = { 0 };

  scale_emulator_on (scale, 'W', "\x02?\x22\r", -1);
  run_tool (&run, "scale", "read", uri, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "Quá nặng"));
  run_clear (&run);

  /* Silent: it says so after its timeout rather than hanging. */
  run_tool (&run, "scale", "read", uri, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "không trả lời"));
  run_clear (&run);

  run_tool (&run, "scale", "read", "serial:/dev/ttyUSB-ocop-none", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "/dev/ttyUSB-ocop-none"));
  run_clear (&run);

  run_tool (&run, "scale", "read", "serial:/dev/ttyUSB0?protocol=toledo", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "toledo"));
  run_clear (&run);

  run_tool (&run, "scale", "read", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);
}

static void
test_list (void)
{
  Run run = { 0 };

  run_tool (&run, "scales", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "mettler-8217"));
  g_assert_nonnull (strstr (run.out, "continuous"));
  g_assert_nonnull (strstr (run.out, "cas"));
  run_clear (&run);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/scale-cli/read", test_read_stable);
  g_test_add_func ("/scale-cli/reasons", test_read_reasons);
  g_test_add_func ("/scale-cli/list", test_list);
  return g_test_run ();
}
