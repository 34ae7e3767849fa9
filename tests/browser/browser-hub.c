/* SPDX-License-Identifier: GPL-3.0-or-later */
/* browser-hub.c: for the browser test, a real ocop-hub on loopback filled
 * by three real devices through the sync client, one of which then stops
 * syncing; prints what the page must show as one JSON line and keeps the
 * hub up until its standard input closes. */

#include <stdio.h>
#include <string.h>
#include <curl/curl.h>
#include <sqlite3.h>

#include "ocop-store-outbox.h"
#include "ocop-sync-client.h"
#include "sync-fixture.h"
#include "test-util.h"

#define FAIR "qn-2024"
#define DAY "2024-12-11"
/* QN-01's name, which the page must show as text. */
#define MARKUP_NAME "<script>document.title='x'</script> HTX \"Ba Che\" <img src=x>"

static void
sync_store (OcopStore *store)
{
  test_device_sync (store);
  g_assert_cmpint (ocop_store_outbox_pending (store), ==, 0);
}

static void
rename_booth (OcopStore  *store,
              const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopBooth) booth = ocop_store_get_current_booth (store, &error);

  g_assert_no_error (error);
  g_free (booth->name);
  booth->name = g_strdup (name);
  g_assert_true (ocop_store_add_booth (store, booth, &error));
  g_assert_no_error (error);
}

static void
ring_up (OcopStore *store,
         guint      n)
{
  g_auto(GStrv) skus = test_util_demo_skus (store, 3);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n; i++)
    {
      const char *one[] = { skus[i % 3], NULL };

      g_object_unref (test_util_sell (store, one, 1 + i % 3, i % 2 ? OCOP_PAYMENT_CASH : OCOP_PAYMENT_TRANSFER));
    }
  g_assert_true (ocop_store_add_visitors (store, "Cổng chính", 100 + 7 * n, NULL, &error));
  g_assert_no_error (error);
}

static void
exec_hub_sql (TestHub    *hub,
              const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (hub->db, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

int
main (int    argc,
      char **argv)
{
  static const char * const booths[] = { "QN-01", "QN-02", "QN-03" };
  TestHub hub = { 0 };
  OcopStore *stores[3];
  gint64 revenue = 0, visitors = 0, sales = 0;
  char line[64];
  /* JSON's escapes for the quotes; the name is ASCII. */
  g_autofree char *markup_json = g_strescape (MARKUP_NAME, NULL);

  curl_global_init (CURL_GLOBAL_DEFAULT);
  test_hub_start (&hub, NULL);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("device-%u", i);

      stores[i] = test_device_new (&hub, name, FAIR, booths[i]);
      if (i == 0)
        rename_booth (stores[i], MARKUP_NAME);
      ring_up (stores[i], 4 + 3 * i);
      sync_store (stores[i]);
      /* The test's own sums, from each device's SQLite file. */
      revenue += test_util_query_int (stores[i], "SELECT coalesce (sum (total), 0) FROM sale");
      sales += test_util_query_int (stores[i], "SELECT count (*) FROM sale WHERE kind = 'sale'");
      visitors += test_util_query_int (stores[i], "SELECT coalesce (sum (count), 0) FROM visitor_count");
    }
  /* QN-03 went quiet 45 minutes ago (its laptop was closed). */
  exec_hub_sql (&hub, "UPDATE device SET last_sync_us = last_sync_us - 45 * 60 * 1000000 WHERE booth = 'QN-03'");
  test_hub_add_organizer (&hub, "ban-to-chuc", "hoa-sim-tim-2024");

  printf ("{\"url\": \"%s\", \"fair\": \"%s\", \"day\": \"%s\", \"name\": \"ban-to-chuc\","
          " \"markup_booth\": \"QN-01\", \"markup_name\": \"%s\","
          " \"password\": \"hoa-sim-tim-2024\", \"revenue\": %" G_GINT64_FORMAT ", \"sales\": %" G_GINT64_FORMAT ","
          " \"visitors\": %" G_GINT64_FORMAT ", \"stale\": \"QN-03\", \"fresh\": [\"QN-01\", \"QN-02\"]}\n",
          hub.url, FAIR, DAY, markup_json, revenue, sales, visitors);
  fflush (stdout);
  while (fgets (line, sizeof line, stdin) != NULL)
    ;
  for (guint i = 0; i < 3; i++)
    g_object_unref (stores[i]);
  test_hub_clear (&hub);
  curl_global_cleanup ();
  return 0;
}
