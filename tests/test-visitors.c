/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-visitors.c: what the Gate page reads back: a gate's day in quarters
 * of an hour of the fair's local time, and the day's totals. */

#include "test-util.h"

#define MINUTE_US (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)

static void
count_at (OcopStore  *store,
          gint64      utc_us,
          const char *gate,
          gint64      count,
          const char *reason)
{
  g_autoptr(GError) error = NULL;

  ocop_store_set_clock (store, utc_us);
  g_assert_true (ocop_store_add_visitors (store, gate, count, reason, &error));
  g_assert_no_error (error);
}

static void
test_quarters_of_a_gate (void)
{
  g_autofree char *dir = test_util_make_dir ();
  g_autoptr(OcopStore) store = test_util_demo_store (dir);
  g_autoptr(GError) error = NULL;
  gint64 main_gate[OCOP_QUARTERS_A_DAY], side_gate[OCOP_QUARTERS_A_DAY];
  gint64 nine = TEST_FAIR_MORNING_US;   /* 09:00 in Hạ Long */

  count_at (store, nine, "Cổng chính", 1, NULL);
  count_at (store, nine + 14 * MINUTE_US, "Cổng chính", 5, NULL);
  count_at (store, nine + 15 * MINUTE_US, "Cổng chính", 10, NULL);
  count_at (store, nine + 20 * MINUTE_US, "Cổng chính", -2, "bấm nhầm");
  count_at (store, nine + 60 * MINUTE_US, "Cổng phụ", 3, NULL);

  g_assert_true (ocop_store_count_visitors_by_quarter (store, "2024-12-11", "Cổng chính", main_gate, &error));
  g_assert_no_error (error);
  g_assert_cmpint (main_gate[36], ==, 6);    /* 09:00–09:15 */
  g_assert_cmpint (main_gate[37], ==, 8);    /* 09:15–09:30, less the correction */
  g_assert_cmpint (main_gate[40], ==, 0);    /* the side gate's hour */
  g_assert_true (ocop_store_count_visitors_by_quarter (store, "2024-12-11", "Cổng phụ", side_gate, &error));
  g_assert_cmpint (side_gate[40], ==, 3);    /* 10:00–10:15 */

  g_assert_cmpint (ocop_store_count_visitors (store, "2024-12-11", "Cổng chính"), ==, 14);
  g_assert_cmpint (ocop_store_count_visitors (store, "2024-12-11", NULL), ==, 17);
  g_assert_cmpint (ocop_store_count_visitors (store, "2024-12-12", NULL), ==, 0);
  g_clear_object (&store);
  test_util_remove_dir (dir);
}

/* 23:50 in Hạ Long is 16:50 UTC the same day; 00:10 the next day local is
 * still 17:10 UTC of the day before: each lands on its own local day. */
static void
test_local_midnight (void)
{
  g_autofree char *dir = test_util_make_dir ();
  g_autoptr(OcopStore) store = test_util_demo_store (dir);
  gint64 day[OCOP_QUARTERS_A_DAY], next[OCOP_QUARTERS_A_DAY];
  gint64 late = TEST_FAIR_MORNING_US + 14 * TEST_HOUR_US + 50 * MINUTE_US;

  count_at (store, late, "Cổng chính", 4, NULL);
  count_at (store, late + 20 * MINUTE_US, "Cổng chính", 7, NULL);
  g_assert_true (ocop_store_count_visitors_by_quarter (store, "2024-12-11", "Cổng chính", day, NULL));
  g_assert_true (ocop_store_count_visitors_by_quarter (store, "2024-12-12", "Cổng chính", next, NULL));
  g_assert_cmpint (day[95], ==, 4);
  g_assert_cmpint (next[0], ==, 7);
  g_assert_cmpint (ocop_store_count_visitors (store, "2024-12-12", NULL), ==, 7);
  g_clear_object (&store);
  test_util_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/visitors/quarters-of-a-gate", test_quarters_of_a_gate);
  g_test_add_func ("/visitors/local-midnight", test_local_midnight);
  return g_test_run ();
}
