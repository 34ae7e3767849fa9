/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-tools.c: a missing tool skips a test, or fails it on CI. */

#include <stdio.h>
#include <stdlib.h>

#include "test-tools.h"

static gboolean
on_ci (void)
{
  return g_strcmp0 (g_getenv ("CI"), "true") == 0;
}

void
test_tool_missing (const char *what,
                   const char *package)
{
  g_autofree char *message = g_strdup_printf ("%s is not installed (package %s)", what, package);

  if (on_ci ())
    g_test_fail_printf ("%s, which CI installs (packaging/deps-test.txt)", message);
  else
    g_test_skip (message);
}

char *
test_tool_find (const char *program,
                const char *package)
{
  char *path = g_find_program_in_path (program);

  if (path == NULL)
    test_tool_missing (program, package);
  return path;
}

/* Outside a test case g_test_skip() would print nothing at all, and the
 * program would vanish from the counts: the plan says it instead. */
void
test_tool_require (const char *program,
                   const char *package)
{
  g_autofree char *path = g_find_program_in_path (program);

  if (path != NULL)
    return;
  if (on_ci ())
    printf ("Bail out! %s is not installed (package %s, in packaging/deps-test.txt)\n", program, package);
  else
    printf ("1..0 # SKIP %s is not installed (package %s)\n", program, package);
  fflush (stdout);
  exit (on_ci () ? 1 : 0);
}
