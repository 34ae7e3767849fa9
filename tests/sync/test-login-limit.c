/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-login-limit.c: the hub's limits on failed organizer logins, driven
 * with their own clock: per name and address, per address, a table that
 * stays within its bound and keeps a real lockout under a flood. */

#include "ocop-hub-login-limit.h"

#define T0      (G_GINT64_CONSTANT (1733900000) * G_USEC_PER_SEC)
#define SMALL   64

static void
fail_times (OcopHubLoginLimit *limit,
            const char        *name,
            const char        *address,
            guint              times,
            gint64             now_us)
{
  for (guint i = 0; i < times; i++)
    ocop_hub_login_limit_fail (limit, name, address, now_us);
}

/* Five failures lock the name from that address only. */
static void
test_per_name_and_address (void)
{
  g_autoptr(OcopHubLoginLimit) limit = ocop_hub_login_limit_new (SMALL);

  fail_times (limit, "anna", "10.0.0.2", OCOP_HUB_LOGIN_FAILURES_ALLOWED - 1, T0);
  g_assert_cmpint (ocop_hub_login_limit_wait (limit, "anna", "10.0.0.2", T0), ==, 0);
  ocop_hub_login_limit_fail (limit, "anna", "10.0.0.2", T0);
  g_assert_cmpint (ocop_hub_login_limit_wait (limit, "anna", "10.0.0.2", T0), ==, 300);
  g_assert_cmpint (ocop_hub_login_limit_wait (limit, "anna", "10.0.0.2", T0 + 299 * G_USEC_PER_SEC), ==, 1);
  /* The organizer, from anywhere else, and another name from there. */
  g_assert_cmpint (ocop_hub_login_limit_wait (limit, "anna", "10.0.0.1", T0), ==, 0);
  g_assert_cmpint (ocop_hub_login_limit_wait (limit, "bao", "10.0.0.2", T0), ==, 0);
  /* Five minutes later the name may try again from there. */
  g_assert_cmpint (ocop_hub_login_limit_wait (limit, "anna", "10.0.0.2", T0 + OCOP_HUB_LOGIN_WINDOW_US), ==, 0);
}

/* One address that tries many names stops after 20 failures in all. */
static void
test_per_address (void)
{
  g_autoptr(OcopHubLoginLimit) limit = ocop_hub_login_limit_new (SMALL);

  for (guint i = 0; i < OCOP_HUB_LOGIN_ADDRESS_FAILURES_ALLOWED; i++)
    {
      g_autofree char *name = g_strdup_printf ("name-%u", i);

      g_assert_cmpint (ocop_hub_login_limit_wait (limit, "next", "10.0.0.3", T0), ==, 0);
      ocop_hub_login_limit_fail (limit, name, "10.0.0.3", T0);
    }
  g_assert_cmpint (ocop_hub_login_limit_wait (limit, "next", "10.0.0.3", T0), >, 0);
  g_assert_cmpint (ocop_hub_login_limit_wait (limit, "next", "10.0.0.4", T0), ==, 0);
}

/* Looking up names never seen keeps nothing. */
static void
test_lookup_inserts_nothing (void)
{
  g_autoptr(OcopHubLoginLimit) limit = ocop_hub_login_limit_new (SMALL);

  for (guint i = 0; i < 10000; i++)
    {
      g_autofree char *name = g_strdup_printf ("unknown-%u", i);

      g_assert_cmpint (ocop_hub_login_limit_wait (limit, name, "10.0.0.5", T0), ==, 0);
    }
  g_assert_cmpuint (ocop_hub_login_limit_size (limit), ==, 0);
}

/* 20,000 distinct names failing from 10,000 addresses: the table never
 * holds more than its capacity, and a real lockout stays. */
static void
test_bounded_under_flood (void)
{
  g_autoptr(OcopHubLoginLimit) limit = ocop_hub_login_limit_new (SMALL);

  fail_times (limit, "anna", "10.0.0.1", OCOP_HUB_LOGIN_FAILURES_ALLOWED, T0);
  for (guint i = 0; i < 20000; i++)
    {
      g_autofree char *name = g_strdup_printf ("flood-%u", i);
      g_autofree char *address = g_strdup_printf ("10.%u.%u.%u", 1 + i / 2 / 65536, i / 2 / 256 % 256, i / 2 % 256);

      ocop_hub_login_limit_fail (limit, name, address, T0 + i);
      g_assert_cmpuint (ocop_hub_login_limit_size (limit), <=, SMALL);
    }
  g_assert_cmpuint (ocop_hub_login_limit_size (limit), ==, SMALL);
  g_assert_cmpint (ocop_hub_login_limit_wait (limit, "anna", "10.0.0.1", T0 + 20000), >, 0);
}

/* Failures leave with the window, and their entries with them. */
static void
test_entries_expire (void)
{
  g_autoptr(OcopHubLoginLimit) limit = ocop_hub_login_limit_new (SMALL);
  gint64 later = T0 + OCOP_HUB_LOGIN_WINDOW_US;

  for (guint i = 0; i < SMALL; i++)
    {
      g_autofree char *address = g_strdup_printf ("10.0.1.%u", i);

      ocop_hub_login_limit_fail (limit, "anna", address, T0);
    }
  g_assert_cmpuint (ocop_hub_login_limit_size (limit), ==, SMALL);
  /* A full table of old failures makes room by dropping them all. */
  ocop_hub_login_limit_fail (limit, "anna", "10.0.2.1", later);
  g_assert_cmpuint (ocop_hub_login_limit_size (limit), ==, 2);
  /* A lookup drops what has expired. */
  g_assert_cmpint (ocop_hub_login_limit_wait (limit, "anna", "10.0.2.1", later + OCOP_HUB_LOGIN_WINDOW_US), ==, 0);
  g_assert_cmpuint (ocop_hub_login_limit_size (limit), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/login-limit/per-name-and-address", test_per_name_and_address);
  g_test_add_func ("/login-limit/per-address", test_per_address);
  g_test_add_func ("/login-limit/lookup-inserts-nothing", test_lookup_inserts_nothing);
  g_test_add_func ("/login-limit/bounded-under-flood", test_bounded_under_flood);
  g_test_add_func ("/login-limit/entries-expire", test_entries_expire);
  return g_test_run ();
}
