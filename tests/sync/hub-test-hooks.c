/* SPDX-License-Identifier: GPL-3.0-or-later */
/* hub-test-hooks.c: the test hooks of ocop-hub-test, the hub's test build
 * (ocop-hub.c linked with this file; never installed): exit right after
 * the Nth commit, before any reply, as a hub killed at the worst moment
 * would (OCOP_HUB_TEST_EXIT_AFTER_COMMIT=N), or wait before replying, so
 * that a test can kill the client mid-upload
 * (OCOP_HUB_TEST_REPLY_DELAY_MS=MS). The installed ocop-hub has neither
 * this file nor the names of its variables. */

#include <stdlib.h>
#include <unistd.h>
#include <glib.h>

#include "ocop-hub-backend.h"

static int exit_after = -1;   /* commits; -1: never */
static int delay_ms;
static gint commits;

static void
after_commit_cb (void)
{
  if (exit_after >= 0 && g_atomic_int_add (&commits, 1) + 1 >= exit_after)
    _exit (77);
  if (delay_ms > 0)
    g_usleep ((gulong) delay_ms * 1000);
}

/* Runs before main(), while the process has one thread: the variables
 * are read once and the hook set before any worker can commit. */
__attribute__((constructor)) static void
install_hooks (void)
{
  const char *after = g_getenv ("OCOP_HUB_TEST_EXIT_AFTER_COMMIT");
  const char *delay = g_getenv ("OCOP_HUB_TEST_REPLY_DELAY_MS");

  if (after != NULL)
    exit_after = atoi (after);
  if (delay != NULL)
    delay_ms = atoi (delay);
  if (after != NULL || delay != NULL)
    ocop_hub_backend_after_commit_hook = after_commit_cb;
}
