/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-tools.h: the programs a test runs (zbarimg, openssl, xdotool…). One
 * that is missing skips the test, which tests/run-all.sh counts, or fails
 * it on CI (CI=true), where packaging/deps-test.txt installs every one. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* In a test case: @what is missing (from @package); skips the test, or
 * fails it on CI. */
void  test_tool_missing (const char *what,
                         const char *package);

/* In a test case: the path of @program, or NULL after test_tool_missing(). */
char *test_tool_find    (const char *program,
                         const char *package);

/* In main(), after g_test_init(): when @program is missing, ends the
 * program with a TAP plan that skips it whole, or a bail-out on CI. */
void  test_tool_require (const char *program,
                         const char *package);

G_END_DECLS
