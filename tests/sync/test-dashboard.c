/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-dashboard.c: the organizers' dashboard of a real ocop-hub process
 * on loopback, filled by real devices syncing: logins and their limits,
 * sessions, booth tokens refused, names escaped, CSV equal to the sales. */

#include <string.h>
#include <curl/curl.h>
#include <sqlite3.h>
#include <libpq-fe.h>

#include "ocop-store-outbox.h"
#include "ocop-store-private.h"
#include "ocop-sync-client.h"
#include "sync-fixture.h"
#include "test-util.h"

#define FAIR "qn-2024"
#define DAY "2024-12-11"
#define PASSWORD "hoa-sim-tim-2024"

typedef struct {
  TestHub hub;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  test_hub_start (&f->hub, data);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  test_hub_clear (&f->hub);
}

/* ---- HTTP as a browser does it ---- */

static char *
url_of (Fixture    *f,
        const char *path)
{
  return g_strconcat (f->hub.url, path, NULL);
}

static long
try_log_in (Fixture     *f,
            const char  *name,
            const char  *password,
            char       **token,
            TestReply   *out)
{
  g_auto(TestReply) reply = { 0 };
  g_autofree char *url = url_of (f, "/login");
  g_autofree char *name_arg = g_uri_escape_string (name, NULL, FALSE);
  g_autofree char *password_arg = g_uri_escape_string (password, NULL, FALSE);
  g_autofree char *form = g_strdup_printf ("name=%s&password=%s", name_arg, password_arg);
  g_autofree char *cookie = NULL;
  long status;

  test_request (&reply, "POST", url, NULL, NULL, form);
  cookie = test_reply_header (&reply, "Set-Cookie");
  if (token != NULL)
    *token = NULL;
  if (cookie != NULL && token != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (cookie, ";", 2);

      g_assert_true (g_str_has_prefix (parts[0], "ocop_session="));
      *token = g_strdup (parts[0] + strlen ("ocop_session="));
    }
  status = reply.status;
  if (out != NULL)
    {
      *out = reply;
      reply.body = reply.headers = NULL;
      reply.body = g_string_new (NULL);
      reply.headers = g_string_new (NULL);
    }
  return status;
}

static char *
log_in (Fixture *f)
{
  char *token = NULL;

  g_assert_cmpint (try_log_in (f, "anna", PASSWORD, &token, NULL), ==, 303);
  g_assert_nonnull (token);
  return token;
}

static long
get (Fixture    *f,
     const char *path,
     const char *cookie,
     const char *bearer,
     TestReply  *reply)
{
  g_autofree char *url = url_of (f, path);

  test_request (reply, "GET", url, cookie, bearer, NULL);
  return reply->status;
}

static void
exec_hub_sql (Fixture    *f,
              const char *sql)
{
  sqlite3 *db = NULL;

  if (g_str_has_prefix (f->hub.db, "postgresql://"))
    {
      PGconn *conn = PQconnectdb (f->hub.db);
      PGresult *result = PQexec (conn, sql);

      g_assert_cmpint (PQresultStatus (result), ==, PGRES_COMMAND_OK);
      PQclear (result);
      PQfinish (conn);
      return;
    }
  g_assert_cmpint (sqlite3_open (f->hub.db, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
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

      g_object_unref (test_util_sell (store, one, 1 + i % 2, i % 2 ? OCOP_PAYMENT_CASH : OCOP_PAYMENT_TRANSFER));
    }
  g_assert_true (ocop_store_add_visitors (store, "Cổng chính", 40 + n, NULL, &error));
  g_assert_no_error (error);
}

/* ---- logins ---- */

static void
test_wrong_password (Fixture       *f,
                     gconstpointer  data)
{
  g_auto(TestReply) page = { 0 }, wrong = { 0 }, unknown = { 0 };
  g_autofree char *token = NULL, *location = NULL;

  test_hub_add_organizer (&f->hub, "anna", PASSWORD);
  /* Not logged in: the page sends the browser to the login form. */
  g_assert_cmpint (get (f, "/", NULL, NULL, &page), ==, 303);
  location = test_reply_header (&page, "Location");
  g_assert_cmpstr (location, ==, "/login");

  g_assert_cmpint (try_log_in (f, "anna", "hoa-sim-tim-2025", &token, &wrong), ==, 401);
  g_assert_null (token);
  g_assert_nonnull (strstr (wrong.body->str, "Sai tên đăng nhập hoặc mật khẩu"));
  /* An unknown name reads the same: names are not revealed. */
  g_assert_cmpint (try_log_in (f, "bao", PASSWORD, &token, &unknown), ==, 401);
  g_assert_null (token);
  g_assert_nonnull (strstr (unknown.body->str, "Sai tên đăng nhập hoặc mật khẩu"));
}

static void
test_session_cookie (Fixture       *f,
                     gconstpointer  data)
{
  g_auto(TestReply) login = { 0 }, page = { 0 }, after = { 0 }, logout = { 0 };
  g_autofree char *token = NULL, *cookie = NULL, *logout_url = NULL;

  test_hub_add_organizer (&f->hub, "anna", PASSWORD);
  g_assert_cmpint (try_log_in (f, "anna", PASSWORD, &token, &login), ==, 303);
  cookie = test_reply_header (&login, "Set-Cookie");
  g_assert_nonnull (strstr (cookie, "HttpOnly"));
  g_assert_nonnull (strstr (cookie, "SameSite=Strict"));
  g_assert_nonnull (strstr (cookie, "Max-Age=43200"));
  /* 32 random bytes, base64url: 43 characters. */
  g_assert_cmpuint (strlen (token), ==, 43);
  /* Only its hash is kept. */
  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT count (*) FROM organizer_session"), ==, 1);
  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT length (hash) FROM organizer_session"), ==, 64);

  g_assert_cmpint (get (f, "/?fair=" FAIR "&day=" DAY, token, NULL, &page), ==, 200);
  g_assert_nonnull (strstr (page.body->str, "Doanh thu trong ngày"));

  logout_url = url_of (f, "/logout");
  test_request (&logout, "POST", logout_url, token, NULL, "");
  g_assert_cmpint (logout.status, ==, 303);
  g_assert_cmpint (get (f, "/?fair=" FAIR, token, NULL, &after), ==, 303);
}

static void
test_rate_limit (Fixture       *f,
                 gconstpointer  data)
{
  g_auto(TestReply) limited = { 0 };
  g_autofree char *token = NULL, *retry = NULL;
  guint64 seconds = 0;

  test_hub_add_organizer (&f->hub, "anna", PASSWORD);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpint (try_log_in (f, "anna", "doan-mo-mat-khau", NULL, NULL), ==, 401);
  /* The sixth try is refused even with the right password. */
  g_assert_cmpint (try_log_in (f, "anna", PASSWORD, &token, &limited), ==, 429);
  g_assert_null (token);
  retry = test_reply_header (&limited, "Retry-After");
  g_assert_nonnull (retry);
  g_assert_true (g_ascii_string_to_unsigned (retry, 10, 1, 300, &seconds, NULL));
  g_assert_nonnull (strstr (limited.body->str, "Đăng nhập sai quá nhiều lần"));
  /* The lockout is of this name from this address: another name may still
   * try from here, until the address has failed 20 times in all; then it
   * is limited too, whatever name it tries next. */
  for (guint i = 0; i < 15; i++)
    {
      g_autofree char *name = g_strdup_printf ("bao-%u", i);

      g_assert_cmpint (try_log_in (f, name, "doan-mo-mat-khau", NULL, NULL), ==, 401);
    }
  g_assert_cmpint (try_log_in (f, "bao", "doan-mo-mat-khau", NULL, NULL), ==, 429);
}

static void
test_stale_and_forged_sessions (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(OcopStore) store = test_device_new (&f->hub, "a", FAIR, "QN-07");
  g_auto(TestReply) fresh = { 0 }, forged = { 0 }, expired = { 0 }, csv = { 0 }, removed = { 0 };
  g_autofree char *token = NULL, *other = NULL;
  g_autoptr(GError) error = NULL;

  test_hub_add_organizer (&f->hub, "anna", PASSWORD);
  token = log_in (f);
  g_assert_cmpint (get (f, "/?fair=" FAIR, token, NULL, &fresh), ==, 200);
  /* A made-up token of the right shape. */
  g_assert_cmpint (get (f, "/?fair=" FAIR, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", NULL, &forged), ==, 303);
  /* Twelve hours later the session is over. */
  exec_hub_sql (f, "UPDATE organizer_session SET expires_us = 1");
  g_assert_cmpint (get (f, "/?fair=" FAIR, token, NULL, &expired), ==, 303);
  g_assert_cmpint (get (f, "/export/booths.csv?fair=" FAIR, token, NULL, &csv), ==, 401);
  g_assert_cmpstr (csv.body->str, !=, "");
  /* A removed organizer's session ends at once. */
  other = log_in (f);
  g_free (test_hub_run (&f->hub, "user", "remove", "anna", NULL));
  g_assert_cmpint (get (f, "/?fair=" FAIR, other, NULL, &removed), ==, 303);
}

static void
test_booth_token_refused (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(OcopStore) store = test_device_new (&f->hub, "a", FAIR, "QN-07");
  g_autofree char *device_token = test_util_sync_text (store, token);
  g_auto(TestReply) bearer = { 0 }, as_cookie = { 0 }, csv = { 0 }, login = { 0 };

  ring_up (store, 3);
  test_device_sync (store);
  g_assert_nonnull (device_token);
  g_assert_cmpint (get (f, "/", NULL, device_token, &bearer), ==, 303);
  g_assert_null (strstr (bearer.body->str, "Doanh thu"));
  g_assert_cmpint (get (f, "/?fair=" FAIR, device_token, NULL, &as_cookie), ==, 303);
  g_assert_cmpint (get (f, "/export/booths.csv?fair=" FAIR, NULL, device_token, &csv), ==, 401);
  g_assert_null (strstr (csv.body->str, "QN-07"));
  /* Nor does a device token work as a password. */
  g_assert_cmpint (try_log_in (f, "QN-07", device_token, NULL, &login), ==, 401);
}

/* ---- what the page shows ---- */

static void
test_names_escaped (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(OcopStore) store = test_device_new (&f->hub, "a", FAIR, "QN-07");
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopBooth) booth = ocop_store_get_current_booth (store, &error);
  g_auto(TestReply) page = { 0 }, csv = { 0 };
  g_autofree char *token = NULL;

  g_assert_no_error (error);
  g_free (booth->name);
  booth->name = g_strdup ("<script>alert('x')</script> HTX \"Ba Chẽ\"");
  g_free (booth->locality);
  booth->locality = g_strdup ("\"><img src=x onerror=alert(2)>");
  g_assert_true (ocop_store_add_booth (store, booth, &error));
  g_assert_no_error (error);
  ring_up (store, 2);
  test_device_sync (store);

  test_hub_add_organizer (&f->hub, "anna", PASSWORD);
  token = log_in (f);
  g_assert_cmpint (get (f, "/?fair=" FAIR "&day=" DAY, token, NULL, &page), ==, 200);
  g_assert_null (strstr (page.body->str, "<script"));
  g_assert_null (strstr (page.body->str, "<img"));
  g_assert_nonnull (strstr (page.body->str, "&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; HTX &quot;Ba Chẽ&quot;"));
  g_assert_nonnull (strstr (page.body->str, "&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"));
  /* The CSV carries the name as it is, quoted. */
  g_assert_cmpint (get (f, "/export/booths.csv?fair=" FAIR, token, NULL, &csv), ==, 200);
  g_assert_nonnull (strstr (csv.body->str, "\"<script>alert('x')</script> HTX \"\"Ba Chẽ\"\"\""));
}

/* The revenue of @store's sales, summed by the test from its own file. */
static gint64
device_revenue (OcopStore *store)
{
  return test_util_query_int (store, "SELECT coalesce (sum (total), 0) FROM sale");
}

static gint64
csv_column_sum (const char *csv,
                const char *booth,
                guint       column)
{
  g_auto(GStrv) lines = g_strsplit (csv, "\r\n", -1);
  gint64 sum = 0;

  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) cells = g_strsplit (lines[i], ",", -1);

      if (g_strv_length (cells) > column && (booth == NULL || g_strcmp0 (cells[0], booth) == 0))
        sum += g_ascii_strtoll (cells[column], NULL, 10);
    }
  return sum;
}

static void
test_figures_equal_sales (Fixture       *f,
                          gconstpointer  data)
{
  OcopStore *stores[3] = {
    test_device_new (&f->hub, "a", FAIR, "QN-01"),
    test_device_new (&f->hub, "b", FAIR, "QN-02"),
    test_device_new (&f->hub, "c", FAIR, "QN-03"),
  };
  const char *quoted[3] = { "\"QN-01\"", "\"QN-02\"", "\"QN-03\"" };
  g_auto(TestReply) page = { 0 }, booths = { 0 }, days = { 0 };
  g_autofree char *token = NULL, *disposition = NULL, *expected = NULL, *type = NULL;
  gint64 revenue = 0, visitors = 0;

  for (guint i = 0; i < 3; i++)
    {
      ring_up (stores[i], 3 + 2 * i);
      test_device_sync (stores[i]);
      revenue += device_revenue (stores[i]);
      visitors += test_util_query_int (stores[i], "SELECT coalesce (sum (count), 0) FROM visitor_count");
    }
  /* Booth QN-03 stopped syncing 31 minutes ago. */
  exec_hub_sql (f, "UPDATE device SET last_sync_us = last_sync_us - 31 * 60 * 1000000 WHERE booth = 'QN-03'");

  test_hub_add_organizer (&f->hub, "anna", PASSWORD);
  token = log_in (f);
  g_assert_cmpint (get (f, "/?fair=" FAIR "&day=" DAY, token, NULL, &page), ==, 200);
  expected = g_strdup_printf ("id=\"day-revenue\"><h2>Doanh thu trong ngày</h2><p class=\"big\" data-value=\"%"
                              G_GINT64_FORMAT "\">", revenue);
  g_assert_nonnull (strstr (page.body->str, expected));
  g_free (expected);
  expected = g_strdup_printf ("id=\"day-visitors\"><h2>Lượt khách trong ngày</h2><p class=\"big\" data-value=\"%"
                              G_GINT64_FORMAT "\">", visitors);
  g_assert_nonnull (strstr (page.body->str, expected));
  /* Only the silent booth is flagged. */
  g_assert_nonnull (strstr (page.body->str, "<tr class=\"stale\" data-booth=\"QN-03\">"));
  g_assert_nonnull (strstr (page.body->str, "<tr data-booth=\"QN-01\">"));
  g_assert_nonnull (strstr (page.body->str, "<tr data-booth=\"QN-02\">"));

  g_assert_cmpint (get (f, "/export/booths.csv?fair=" FAIR "&day=" DAY, token, NULL, &booths), ==, 200);
  g_assert_true (g_str_has_prefix (booths.body->str, "\xEF\xBB\xBF" "booth,name,locality,in_province,sales,"));
  type = test_reply_header (&booths, "Content-Type");
  g_assert_cmpstr (type, ==, "text/csv; charset=utf-8");
  disposition = test_reply_header (&booths, "Content-Disposition");
  g_assert_cmpstr (disposition, ==, "attachment; filename=\"booths-" FAIR "-" DAY ".csv\"");
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (csv_column_sum (booths.body->str, quoted[i], 7), ==, device_revenue (stores[i]));
  g_assert_cmpint (csv_column_sum (booths.body->str, NULL, 7), ==, revenue);
  g_assert_cmpint (get (f, "/export/days.csv?fair=" FAIR, token, NULL, &days), ==, 200);
  g_assert_cmpint (csv_column_sum (days.body->str, NULL, 2), ==, revenue);
  g_assert_cmpint (csv_column_sum (days.body->str, NULL, 3), ==, visitors);

  for (guint i = 0; i < 3; i++)
    g_object_unref (stores[i]);
}

/* Sales over several hours, a void and a refund in later hours: what the
 * hourly figures must show. */
static void
ring_up_over_hours (OcopStore *store,
                    guint      n)
{
  g_auto(GStrv) skus = test_util_demo_skus (store, 3);
  g_autoptr(GPtrArray) sales = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(OcopSale) voided = NULL, refunded = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n; i++)
    {
      const char *one[] = { skus[i % 3], NULL };

      /* 09:00, 10:20, 11:40, 13:00 … local time: four hours. */
      ocop_store_set_clock (store, TEST_FAIR_MORNING_US + i * 80 * G_GINT64_CONSTANT (60000000));
      g_ptr_array_add (sales, test_util_sell (store, one, 1 + i % 2, i % 2 ? OCOP_PAYMENT_CASH : OCOP_PAYMENT_TRANSFER));
    }
  ocop_store_set_clock (store, TEST_FAIR_MORNING_US + (n + 1) * 80 * G_GINT64_CONSTANT (60000000));
  voided = ocop_store_void_sale (store, ocop_sale_get_uuid (sales->pdata[0]), "scanned twice", NULL, test_util_approval (store), &error);
  g_assert_no_error (error);
  ocop_store_set_clock (store, TEST_FAIR_MORNING_US + (n + 2) * 80 * G_GINT64_CONSTANT (60000000));
  refunded = ocop_store_refund_sale (store, ocop_sale_get_uuid (sales->pdata[1]), NULL, 0, OCOP_PAYMENT_CASH,
                                     "broken jar", NULL, test_util_approval (store), &error);
  g_assert_no_error (error);
}

/* The line of hours.csv for @hour of DAY, or NULL. */
static const char *
csv_hour_line (GStrv  lines,
               int    hour)
{
  g_autofree char *prefix = g_strdup_printf ("\"" DAY "\",%d,", hour);

  for (guint i = 1; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      return lines[i];
  return NULL;
}

static void
test_hours_equal_sales (Fixture       *f,
                        gconstpointer  data)
{
  OcopStore *stores[2] = {
    test_device_new (&f->hub, "a", FAIR, "QN-01"),
    test_device_new (&f->hub, "b", FAIR, "QN-02"),
  };
  g_auto(TestReply) page = { 0 }, hours = { 0 };
  g_autofree char *token = NULL;
  g_auto(GStrv) lines = NULL;
  guint hours_seen = 0;

  for (guint i = 0; i < 2; i++)
    {
      ring_up_over_hours (stores[i], 4 + i);
      test_device_sync (stores[i]);
    }
  test_hub_add_organizer (&f->hub, "anna", PASSWORD);
  token = log_in (f);
  g_assert_cmpint (get (f, "/?fair=" FAIR "&day=" DAY, token, NULL, &page), ==, 200);
  g_assert_nonnull (strstr (page.body->str, "<section id=\"hours\"><h2>Doanh thu theo giờ trong ngày</h2><svg"));
  g_assert_cmpint (get (f, "/export/hours.csv?fair=" FAIR, token, NULL, &hours), ==, 200);
  g_assert_true (g_str_has_prefix (hours.body->str, "\xEF\xBB\xBF" "day,hour,sales,revenue\r\n"));
  lines = g_strsplit (hours.body->str, "\r\n", -1);
  for (int hour = 0; hour < 24; hour++)
    {
      /* The test's own hour: Viet Nam is UTC+7 all year. */
      g_autofree char *where = g_strdup_printf (" FROM sale WHERE business_day = '" DAY "' AND"
                                                " CAST (strftime ('%%H', created_us / 1000000 + 7 * 3600,"
                                                " 'unixepoch') AS INTEGER) = %d", hour);
      g_autofree char *count_sql = g_strconcat ("SELECT count (*)", where, NULL);
      g_autofree char *sales_sql = g_strconcat ("SELECT count (*)", where, " AND kind = 'sale'", NULL);
      g_autofree char *revenue_sql = g_strconcat ("SELECT coalesce (sum (total), 0)", where, NULL);
      g_autofree char *expected = NULL, *row = NULL;
      gint64 records = 0, sales = 0, revenue = 0;

      for (guint i = 0; i < 2; i++)
        {
          records += test_util_query_int (stores[i], count_sql);
          sales += test_util_query_int (stores[i], sales_sql);
          revenue += test_util_query_int (stores[i], revenue_sql);
        }
      if (records == 0)
        {
          g_assert_null (csv_hour_line (lines, hour));
          continue;
        }
      hours_seen++;
      expected = g_strdup_printf ("\"" DAY "\",%d,%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT, hour, sales, revenue);
      g_assert_cmpstr (csv_hour_line (lines, hour), ==, expected);
      row = g_strdup_printf ("<tr data-hour=\"%d\"><td>%02d:00–%02d:59</td><td class=\"n\" data-value=\"%"
                             G_GINT64_FORMAT "\">", hour, hour, hour, sales);
      g_assert_nonnull (strstr (page.body->str, row));
    }
  /* Sales in at least four hours, a void and a refund each in its own. */
  g_assert_cmpuint (hours_seen, >=, 5);
  g_assert_cmpuint (g_strv_length (lines) - 2, ==, hours_seen);

  for (guint i = 0; i < 2; i++)
    g_object_unref (stores[i]);
}

/* Top products: each booth's sold SKUs, quantity and line revenue, voids
 * and refunds taken off, summed by the test from that booth's sale lines:
 * two booths selling one SKU keep a row each. */
static const char * const two_booths[] = { "QN-01", "QN-02" };

/* Two booths, each selling over the hours, synced. */
static void
two_booths_sell (Fixture   *f,
                 OcopStore *stores[2])
{
  for (guint i = 0; i < 2; i++)
    {
      stores[i] = test_device_new (&f->hub, i ? "b" : "a", FAIR, two_booths[i]);
      ring_up_over_hours (stores[i], 4 + i);
      test_device_sync (stores[i]);
    }
}

static void
assert_products_equal_sales (Fixture   *f,
                             OcopStore *stores[2])
{
  const char * const *booths = two_booths;
  g_auto(TestReply) page = { 0 }, products = { 0 };
  g_auto(GStrv) skus = test_util_demo_skus (stores[0], 3);
  g_auto(GStrv) lines = NULL;
  g_autofree char *token = log_in (f);
  guint rows = 0;

  g_assert_cmpint (get (f, "/?fair=" FAIR "&day=" DAY, token, NULL, &page), ==, 200);
  g_assert_nonnull (strstr (page.body->str, "<section id=\"products\"><h2>Sản phẩm bán chạy cả hội chợ</h2>"));
  g_assert_cmpint (get (f, "/export/products.csv?fair=" FAIR, token, NULL, &products), ==, 200);
  g_assert_true (g_str_has_prefix (products.body->str, "\xEF\xBB\xBF" "booth,sku,name,quantity,revenue,measure,unit\r\n"));
  lines = g_strsplit (products.body->str, "\r\n", -1);
  for (guint i = 0; i < 2; i++)
    for (guint k = 0; skus[k] != NULL; k++)
      {
        g_autofree char *count_sql = g_strdup_printf ("SELECT count (*) FROM sale_line WHERE sku = '%s'", skus[k]);
        g_autofree char *quantity_sql = g_strdup_printf ("SELECT coalesce (sum (quantity), 0) FROM sale_line"
                                                         " WHERE sku = '%s'", skus[k]);
        g_autofree char *revenue_sql = g_strdup_printf ("SELECT coalesce (sum (quantity * unit_price - discount), 0)"
                                                        " FROM sale_line WHERE sku = '%s'", skus[k]);
        g_autofree char *prefix = g_strdup_printf ("\"%s\",\"%s\",", booths[i], skus[k]);
        /* Pieces, revenue, then no thousandths: these booths sell no
         * weighed goods. */
        g_autofree char *figures = g_strdup_printf (",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",0,",
                                                   test_util_query_int (stores[i], quantity_sql),
                                                   test_util_query_int (stores[i], revenue_sql));
        g_autofree char *cell = g_strdup_printf ("<tr class=\"product\"><td>%s</td><td>%s</td>", booths[i],
                                                 skus[k]);
        gboolean found = FALSE;

        if (test_util_query_int (stores[i], count_sql) == 0)
          continue;
        rows++;
        for (guint l = 1; lines[l] != NULL; l++)
          found |= g_str_has_prefix (lines[l], prefix) && strstr (lines[l], figures) != NULL;
        g_assert_true (found);
        g_assert_nonnull (strstr (page.body->str, cell));
      }
  /* The SKUs each booth sold, and nothing else. */
  g_assert_cmpuint (rows, >=, 3);
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + rows + 1);
}

static void
test_products_equal_sales (Fixture       *f,
                           gconstpointer  data)
{
  OcopStore *stores[2];

  two_booths_sell (f, stores);
  test_hub_add_organizer (&f->hub, "anna", PASSWORD);
  assert_products_equal_sales (f, stores);

  for (guint i = 0; i < 2; i++)
    g_object_unref (stores[i]);
}

/* A booth sending another booth's SKU under a name of its own gets a row
 * of its own: the other booth's product keeps its name and figures. */
static void
test_booth_cannot_rename (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(OcopStore) seller = test_device_new (&f->hub, "a", FAIR, "QN-01");
  g_autoptr(OcopStore) other = test_device_new (&f->hub, "b", FAIR, "QN-02");
  g_auto(GStrv) skus = test_util_demo_skus (seller, 1);
  g_autoptr(GPtrArray) fake = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *other_id = test_util_sync_text (other, device_id);
  g_autofree char *batch = NULL, *token = NULL, *name = NULL, *own_cell = NULL, *fake_cell = NULL;
  g_autofree char *own_csv = NULL, *fake_csv = NULL;
  g_auto(TestReply) page = { 0 }, products = { 0 };
  g_autoptr(OcopSale) sale = test_util_sell (seller, (const char * const *) skus, 3, OCOP_PAYMENT_CASH);

  test_device_sync (seller);
  name = g_strdup (ocop_sale_get_line (sale, 0)->name);
  g_ptr_array_add (fake, test_sale_payload ("fake-1", DAY, skus[0], "Hàng giả", 1, 1000, "cash"));
  batch = test_batch_new (other_id, "{\"code\":\"QN-02\"}", fake, 1);
  g_assert_cmpint (test_hub_post_batch (&f->hub, other, batch, NULL), ==, 200);

  test_hub_add_organizer (&f->hub, "anna", PASSWORD);
  token = log_in (f);
  g_assert_cmpint (get (f, "/?fair=" FAIR "&day=" DAY, token, NULL, &page), ==, 200);
  own_cell = g_strdup_printf ("<tr class=\"product\"><td>QN-01</td><td>%s</td><td>%s</td>", skus[0], name);
  fake_cell = g_strdup_printf ("<tr class=\"product\"><td>QN-02</td><td>%s</td><td>Hàng giả</td>", skus[0]);
  g_assert_nonnull (strstr (page.body->str, own_cell));
  g_assert_nonnull (strstr (page.body->str, fake_cell));
  g_assert_cmpint (get (f, "/export/products.csv?fair=" FAIR, token, NULL, &products), ==, 200);
  own_csv = g_strdup_printf ("\"QN-01\",\"%s\",\"%s\",3,%" G_GINT64_FORMAT ",0,\"%s\"\r\n", skus[0], name,
                             ocop_sale_get_total (sale), ocop_sale_get_line (sale, 0)->unit);
  fake_csv = g_strdup_printf ("\"QN-02\",\"%s\",\"Hàng giả\",1,1000,0,\"hộp\"\r\n", skus[0]);
  g_assert_nonnull (strstr (products.body->str, own_csv));
  g_assert_nonnull (strstr (products.body->str, fake_csv));
}

/* The attack of five batches of 2,000 sales at 10^15 đồng is refused;
 * batches at the largest sale allowed take one booth's day to the hub's
 * limit and the next is refused: the page and the totals still answer,
 * with the figures of every sale taken. */
static void
test_overflow_page_served (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(OcopStore) seller = test_device_new (&f->hub, "a", FAIR, "QN-01");
  g_autoptr(OcopStore) raw = test_device_new (&f->hub, "raw", FAIR, "QN-09");
  g_autofree char *raw_id = test_util_sync_text (raw, device_id);
  g_autofree char *token = NULL, *card = NULL;
  g_autoptr(JsonNode) totals = NULL;
  g_auto(TestReply) page = { 0 };
  gint64 revenue, seq = 1;
  const char *at;

  ring_up_over_hours (seller, 4);
  test_device_sync (seller);
  revenue = test_util_query_int (seller, "SELECT sum (total) FROM sale") + G_GINT64_CONSTANT (1000000000000000);
  for (guint i = 0; i < 11; i++)
    {
      /* 5 attacks at 10^15, 5 at the largest sale, 1 of one đồng. */
      gboolean attack = i < 5, last = i == 10;
      g_autoptr(GPtrArray) sales = test_sales_payloads (last ? 1 : 2000, seq, "2024-12-20", attack || last ? 1 : 10,
                                                        attack ? G_GINT64_CONSTANT (1000000000000000)
                                                        : last ? 1 : G_GINT64_CONSTANT (10000000000));
      g_autofree char *batch = test_batch_new (raw_id, "{\"code\":\"QN-09\"}", sales, seq);

      g_assert_cmpint (test_hub_post_batch (&f->hub, raw, batch, NULL), ==, attack || last ? 400 : 200);
      seq += attack || last ? 0 : 2000;
    }

  totals = test_hub_totals (&f->hub, FAIR, NULL);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (totals), "revenue"), ==, revenue);
  test_hub_add_organizer (&f->hub, "anna", PASSWORD);
  token = log_in (f);
  g_assert_cmpint (get (f, "/?fair=" FAIR "&day=" DAY, token, NULL, &page), ==, 200);
  g_assert_nonnull (at = strstr (page.body->str, "id=\"fair-revenue\""));
  card = g_strdup_printf ("data-value=\"%" G_GINT64_FORMAT "\"", revenue);
  g_assert_true (g_str_has_prefix (strstr (at, "data-value="), card));
}

/* A hub from before products were the booth's own (tally_product by fair
 * and SKU, the last name sent) is migrated on its next start: each booth's
 * rows are refilled from the events, equal to its sales, the old table
 * goes and the fair's totals do not move. It had been attacked too: 10,000
 * counted sales of a line at 10^15 đồng, as the hub took them before the
 * bounds, whose sum would overflow: left out, the hub still opens. */
static void
test_products_migrated (Fixture       *f,
                        gconstpointer  data)
{
  static const char * const figures[] = { "sales", "voids", "refunds", "revenue", "visitors", NULL };
  g_autoptr(JsonNode) before = NULL, after = NULL;
  g_autofree char *device_id = NULL, *attack = NULL;
  const char *old_table = g_str_has_prefix (f->hub.db, "postgresql://")
    ? "SELECT count (*) FROM pg_tables WHERE tablename = 'tally_product'"
    : "SELECT count (*) FROM sqlite_master WHERE name = 'tally_product'";
  OcopStore *stores[2];

  two_booths_sell (f, stores);
  before = test_hub_totals (&f->hub, FAIR, NULL);
  test_hub_stop (&f->hub);
  device_id = test_util_sync_text (stores[0], device_id);
  attack = g_strdup_printf ("WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)"
                            " INSERT INTO event (device, epoch, seq, kind, ref, hash, payload, created_us,"
                            " received_us, counted) SELECT '%s', 99, i, 'sale', 'attack', 'h',"
                            " '{\"business_day\":\"" DAY "\",\"lines\":[{\"sku\":\"X-ATTACK\",\"name\":\"x\","
                            "\"quantity\":1,\"unit_price\":1000000000000000,\"discount\":0}]}', 0, 0, 1 FROM n",
                            device_id);
  exec_hub_sql (f, attack);
  exec_hub_sql (f, "CREATE TABLE tally_product (fair TEXT NOT NULL, sku TEXT NOT NULL, name TEXT NOT NULL,"
                   " quantity BIGINT NOT NULL DEFAULT 0, revenue BIGINT NOT NULL DEFAULT 0, PRIMARY KEY (fair, sku));"
                   "INSERT INTO tally_product SELECT fair, sku, max (name), sum (quantity), sum (revenue)"
                   " FROM tally_booth_product GROUP BY fair, sku;"
                   "DROP TABLE tally_booth_product;");
  g_assert_cmpint (test_hub_query_int (&f->hub, old_table), ==, 1);

  test_hub_start (&f->hub, NULL);
  g_assert_cmpint (test_hub_query_int (&f->hub, old_table), ==, 0);
  after = test_hub_totals (&f->hub, FAIR, NULL);
  for (const char * const *name = figures; *name != NULL; name++)
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (after), *name), ==,
                     json_object_get_int_member (json_node_get_object (before), *name));
  test_hub_add_organizer (&f->hub, "anna", PASSWORD);
  assert_products_equal_sales (f, stores);

  for (guint i = 0; i < 2; i++)
    g_object_unref (stores[i]);
}

/* Day two against day one, as the press reports it ("+15% a day"). */
static void
test_day_over_day (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(OcopStore) store = test_device_new (&f->hub, "a", FAIR, "QN-07");
  g_auto(TestReply) page = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL, *expected = NULL;
  gint64 first, second, visitors_first, visitors_second;
  long percent, visitors_percent;

  ring_up (store, 3);
  g_free (ocop_store_close_day (store, DAY, test_util_approval (store), 0, &error));
  g_assert_no_error (error);
  ocop_store_set_clock (store, TEST_FAIR_MORNING_US + 24 * TEST_HOUR_US);
  ring_up (store, 8);
  test_device_sync (store);
  first = test_util_query_int (store, "SELECT sum (total) FROM sale WHERE business_day = '" DAY "'");
  second = test_util_query_int (store, "SELECT sum (total) FROM sale WHERE business_day = '2024-12-12'");
  visitors_first = test_util_query_int (store, "SELECT sum (count) FROM visitor_count WHERE business_day = '" DAY "'");
  visitors_second = test_util_query_int (store, "SELECT sum (count) FROM visitor_count"
                                                " WHERE business_day = '2024-12-12'");
  g_assert_cmpint (second, >, first);
  percent = (long) ((second - first) * 100.0 / first + 0.5);
  visitors_percent = (long) ((visitors_second - visitors_first) * 100.0 / visitors_first + 0.5);

  test_hub_add_organizer (&f->hub, "anna", PASSWORD);
  token = log_in (f);
  g_assert_cmpint (get (f, "/?fair=" FAIR "&day=2024-12-12", token, NULL, &page), ==, 200);
  expected = g_strdup_printf ("<p class=\"up\">+%ld%% so với ngày trước</p>", percent);
  g_assert_nonnull (strstr (page.body->str, expected));
  g_free (expected);
  expected = g_strdup_printf ("<p class=\"up\">+%ld%% so với ngày trước</p>", visitors_percent);
  g_assert_nonnull (strstr (page.body->str, expected));
  /* Both days have a bar in each chart. */
  g_assert_nonnull (strstr (page.body->str, ">12-11</text>"));
  g_assert_nonnull (strstr (page.body->str, ">12-12</text>"));
}

/* ---- producer kinds ---- */

static const char * const producer_kinds[] = { "enterprise", "cooperative", "household", NULL };

/* The first SKU of the demo catalog whose producer is of @kind. */
static char *
sku_of_kind (OcopStore  *store,
             const char *kind)
{
  g_autofree char *sql = g_strdup_printf ("SELECT p.sku FROM product p JOIN producer pr ON pr.id = p.producer_id"
                                          " WHERE pr.kind = '%s' ORDER BY p.sku LIMIT 1", kind);
  sqlite3_stmt *stmt = NULL;
  char *sku;

  g_assert_cmpint (sqlite3_prepare_v2 (ocop_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  sku = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return sku;
}

/* One sale of each kind alone, two that mix all three, a void of a mixed
 * sale and a refund of one unit from the other. */
static void
ring_up_kinds (OcopStore *store)
{
  g_autofree char *enterprise = sku_of_kind (store, "enterprise");
  g_autofree char *cooperative = sku_of_kind (store, "cooperative");
  g_autofree char *household = sku_of_kind (store, "household");
  const char *mixed[] = { enterprise, cooperative, household, NULL };
  g_autoptr(OcopSale) first = NULL, second = NULL, voided = NULL, refunded = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 3; i++)
    {
      const char *one[] = { mixed[i], NULL };

      g_object_unref (test_util_sell (store, one, 1 + i, OCOP_PAYMENT_CASH));
    }
  first = test_util_sell (store, mixed, 2, OCOP_PAYMENT_TRANSFER);
  second = test_util_sell (store, mixed, 3, OCOP_PAYMENT_CASH);
  voided = ocop_store_void_sale (store, ocop_sale_get_uuid (first), "scanned twice", NULL, test_util_approval (store), &error);
  g_assert_no_error (error);
  refunded = ocop_store_refund_sale (store, ocop_sale_get_uuid (second), household, 1, OCOP_PAYMENT_CASH,
                                     "broken jar", NULL, test_util_approval (store), &error);
  g_assert_no_error (error);
}

/* What @store's lines of @kind add up to on @day (NULL: every day), by the
 * test's own query: the kind comes from the device's catalog, which the
 * test does not change, not from what the store recorded on the line.
 * Pieces and the thousandths of weighed lines apart; a line's revenue is
 * its gross (its recorded amount when weighed) less its discount. */
static void
device_kind_sums (OcopStore  *store,
                  const char *kind,
                  const char *day,
                  gint64     *quantity,
                  gint64     *measure,
                  gint64     *revenue)
{
  g_autofree char *from = g_strdup_printf (" FROM sale_line l JOIN sale s ON s.id = l.sale_id"
                                           " JOIN product p ON p.sku = l.sku JOIN producer pr ON pr.id = p.producer_id"
                                           " WHERE pr.kind = '%s'%s%s%s", kind, day ? " AND s.business_day = '" : "",
                                           day ? day : "", day ? "'" : "");
  g_autofree char *quantity_sql = g_strconcat ("SELECT coalesce (sum (l.quantity), 0)", from, " AND l.measured = 0",
                                               NULL);
  g_autofree char *measure_sql = g_strconcat ("SELECT coalesce (sum (l.quantity), 0)", from, " AND l.measured = 1",
                                              NULL);
  g_autofree char *revenue_sql = g_strconcat ("SELECT coalesce (sum (coalesce (l.amount, l.quantity * l.unit_price)"
                                              " - l.discount), 0)", from, NULL);

  *quantity += test_util_query_int (store, quantity_sql);
  *measure += test_util_query_int (store, measure_sql);
  *revenue += test_util_query_int (store, revenue_sql);
}

static JsonObject *
totals_kind_row (JsonObject *totals,
                 const char *kind)
{
  JsonArray *rows = json_object_get_array_member (totals, "by_producer_kind");

  for (guint i = 0; rows != NULL && i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      if (g_strcmp0 (json_object_get_string_member (row, "producer_kind"), kind) == 0)
        return row;
    }
  return NULL;
}

/* The hub's figures per kind equal what the two devices' own files say,
 * in the totals JSON, on the page (Vietnamese names), in kinds.csv and in
 * `ocop-hub report kinds --csv`. */
static void
test_kinds_equal_sales (Fixture       *f,
                        gconstpointer  data)
{
  OcopStore *stores[2] = {
    test_device_new (&f->hub, "a", FAIR, "QN-01"),
    test_device_new (&f->hub, "b", FAIR, "QN-02"),
  };
  static const char * const vietnamese[] = { "Doanh nghiệp", "Hợp tác xã", "Hộ sản xuất", NULL };
  g_auto(TestReply) page = { 0 }, english = { 0 }, kinds = { 0 };
  g_autoptr(JsonNode) totals = NULL;
  g_autoptr(GString) expected_csv = g_string_new ("\xEF\xBB\xBF" "producer_kind,quantity,revenue,measure\r\n");
  g_autofree char *token = NULL, *report = NULL, *report_day = NULL;
  gint64 revenue = 0, kinds_revenue = 0, order_discounts = 0;

  for (guint i = 0; i < 2; i++)
    {
      ring_up_kinds (stores[i]);
      test_device_sync (stores[i]);
      revenue += device_revenue (stores[i]);
      order_discounts += test_util_query_int (stores[i], "SELECT coalesce (sum (order_discount), 0) FROM sale");
    }
  test_hub_add_organizer (&f->hub, "anna", PASSWORD);
  token = log_in (f);
  g_assert_cmpint (get (f, "/?fair=" FAIR "&day=" DAY, token, NULL, &page), ==, 200);
  g_assert_cmpint (get (f, "/?fair=" FAIR "&day=" DAY "&lang=en", token, NULL, &english), ==, 200);
  g_assert_cmpint (get (f, "/export/kinds.csv?fair=" FAIR "&day=" DAY, token, NULL, &kinds), ==, 200);
  totals = test_hub_totals_as (&f->hub, FAIR, DAY, token);
  g_assert_nonnull (strstr (page.body->str, "<section id=\"kinds\"><h2>Theo loại hình chủ thể</h2>"));

  for (guint k = 0; producer_kinds[k] != NULL; k++)
    {
      JsonObject *row = totals_kind_row (json_node_get_object (totals), producer_kinds[k]);
      g_autofree char *cells = NULL;
      gint64 quantity = 0, measure = 0, kind_revenue = 0;

      for (guint i = 0; i < 2; i++)
        device_kind_sums (stores[i], producer_kinds[k], DAY, &quantity, &measure, &kind_revenue);
      /* Each kind sold, and none cancelled out to nothing: the demo's
       * cooperatives and households sell by the kg, so some kinds count
       * thousandths, apart from their pieces. */
      g_assert_cmpint (quantity + measure, >, 0);
      g_assert_nonnull (row);
      g_assert_cmpint (json_object_get_int_member (row, "quantity"), ==, quantity);
      g_assert_cmpint (json_object_get_int_member (row, "measure"), ==, measure);
      g_assert_cmpint (json_object_get_int_member (row, "revenue"), ==, kind_revenue);
      kinds_revenue += kind_revenue;

      /* One day: the day's and the fair's columns are the same figures. */
      cells = g_strdup_printf ("<tr data-kind=\"%s\"><td>%s</td><td class=\"n\" data-value=\"%" G_GINT64_FORMAT "\">",
                               producer_kinds[k], vietnamese[k], quantity);
      g_assert_nonnull (strstr (page.body->str, cells));
      g_string_append_printf (expected_csv, "\"%s\",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT
                              "\r\n", producer_kinds[k], quantity, kind_revenue, measure);
    }
  /* Nothing sold without a kind, and the lines add up to the revenue once
   * order discounts (shared by no line) are put back. */
  g_assert_null (totals_kind_row (json_node_get_object (totals), "unknown"));
  g_assert_cmpint (kinds_revenue - order_discounts, ==, revenue);
  g_assert_nonnull (strstr (english.body->str, "<td>Cooperatives</td>"));

  g_assert_cmpstr (kinds.body->str, ==, expected_csv->str);
  report = test_hub_run (&f->hub, "report", "kinds", "--fair", FAIR, "--csv", NULL);
  report_day = test_hub_run (&f->hub, "report", "kinds", "--fair", FAIR, "--day", DAY, "--csv", NULL);
  /* test_hub_run strips the last line's CRLF. */
  g_string_truncate (expected_csv, expected_csv->len - 2);
  g_assert_cmpstr (report, ==, expected_csv->str);
  g_assert_cmpstr (report_day, ==, expected_csv->str);

  for (guint i = 0; i < 2; i++)
    g_object_unref (stores[i]);
}

/* A product whose producer is reclassified after a sale: the void of that
 * sale comes off the kind it was sold under, and later sales count under
 * the new kind. */
static void
test_kind_as_sold (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(OcopStore) store = test_device_new (&f->hub, "a", FAIR, "QN-07");
  g_autofree char *sku = sku_of_kind (store, "enterprise");
  const char *one[] = { sku, NULL };
  g_autoptr(OcopSale) before = NULL, after = NULL, voided = NULL;
  g_autoptr(OcopProduct) product = NULL, moved = NULL;
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(JsonNode) totals = NULL;
  g_autoptr(GError) error = NULL;
  OcopProductInfo info;
  JsonObject *enterprise, *household;

  before = test_util_sell (store, one, 2, OCOP_PAYMENT_CASH);
  product = ocop_store_find_sku (store, sku, &error);
  g_assert_no_error (error);
  info = *ocop_product_get_info (product);
  info.producer_kind = OCOP_PRODUCER_HOUSEHOLD;
  g_ptr_array_add (products, ocop_product_new (&info));
  g_assert_true (ocop_store_import_products (store, products, &error));
  g_assert_no_error (error);
  after = test_util_sell (store, one, 1, OCOP_PAYMENT_CASH);
  voided = ocop_store_void_sale (store, ocop_sale_get_uuid (before), "wrong product", NULL, test_util_approval (store), &error);
  g_assert_no_error (error);
  test_device_sync (store);

  totals = test_hub_totals (&f->hub, FAIR, NULL);
  enterprise = totals_kind_row (json_node_get_object (totals), "enterprise");
  household = totals_kind_row (json_node_get_object (totals), "household");
  g_assert_nonnull (enterprise);
  g_assert_cmpint (json_object_get_int_member (enterprise, "quantity"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (enterprise, "revenue"), ==, 0);
  g_assert_nonnull (household);
  g_assert_cmpint (json_object_get_int_member (household, "quantity"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (household, "revenue"), ==, ocop_sale_get_total (after));
}

/* A sale and a refund as a device from before producer kinds wrote them
 * (the payload shape of schema 7, byte for byte): counted as unknown,
 * never guessed from the catalog. */
static void
test_old_events_unknown (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(OcopStore) store = test_device_new (&f->hub, "a", FAIR, "QN-07");
  g_autofree char *device_id = test_util_sync_text (store, device_id);
  g_autofree char *token = test_util_sync_text (store, token);
  g_autofree char *url = g_strdup_printf ("%s/v1/devices/%s/events", f->hub.url, device_id);
  const char *payloads[] = {
    "{\"uuid\":\"00000000-0000-4000-8000-0000000000a1\",\"kind\":\"sale\",\"ref_uuid\":null,\"device\":\"d\","
    "\"booth\":\"QN-07\",\"receipt_no\":1,\"business_day\":\"" DAY "\",\"created_us\":1733882455000000,"
    "\"cashier\":null,\"reason\":null,\"subtotal\":1480000,\"order_discount\":0,\"total\":1480000,"
    "\"lines\":[{\"sku\":\"QN-BC-001\",\"name\":\"Trà hoa vàng Ba Chẽ\",\"unit\":\"hộp\",\"quantity\":2,"
    "\"unit_price\":650000,\"discount\":0},{\"sku\":\"QN-BC-002\",\"name\":\"Trà hoa vàng Ba Chẽ túi lọc\","
    "\"unit\":\"hộp\",\"quantity\":1,\"unit_price\":180000,\"discount\":0}],"
    "\"payments\":[{\"method\":\"cash\",\"amount\":1480000,\"tendered\":1500000,\"change\":20000}]}",
    "{\"uuid\":\"00000000-0000-4000-8000-0000000000a2\",\"kind\":\"refund\","
    "\"ref_uuid\":\"00000000-0000-4000-8000-0000000000a1\",\"device\":\"d\",\"booth\":\"QN-07\",\"receipt_no\":2,"
    "\"business_day\":\"" DAY "\",\"created_us\":1733882555000000,\"cashier\":null,\"reason\":\"hộp móp\","
    "\"subtotal\":-180000,\"order_discount\":0,\"total\":-180000,"
    "\"lines\":[{\"sku\":\"QN-BC-002\",\"name\":\"Trà hoa vàng Ba Chẽ túi lọc\",\"unit\":\"hộp\",\"quantity\":-1,"
    "\"unit_price\":180000,\"discount\":0}],"
    "\"payments\":[{\"method\":\"cash\",\"amount\":-180000,\"tendered\":0,\"change\":0}]}",
  };
  const char *kinds[] = { "sale", "refund" };
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) batch = NULL, totals = NULL;
  g_autofree char *body = NULL, *reply = NULL;
  JsonObject *unknown;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "protocol"); json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "device_id"); json_builder_add_string_value (b, device_id);
  json_builder_set_member_name (b, "epoch"); json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "epoch_first_seq"); json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "booth"); json_builder_begin_object (b);
  json_builder_set_member_name (b, "code"); json_builder_add_string_value (b, "QN-07");
  json_builder_end_object (b);
  json_builder_set_member_name (b, "clock"); json_builder_begin_object (b);
  json_builder_set_member_name (b, "device_us"); json_builder_add_int_value (b, g_get_real_time ());
  json_builder_end_object (b);
  json_builder_set_member_name (b, "events"); json_builder_begin_array (b);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, payloads[i], -1);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "seq"); json_builder_add_int_value (b, i + 1);
      json_builder_set_member_name (b, "kind"); json_builder_add_string_value (b, kinds[i]);
      json_builder_set_member_name (b, "ref"); json_builder_add_string_value (b, kinds[i]);
      json_builder_set_member_name (b, "created_us"); json_builder_add_int_value (b, TEST_FAIR_MORNING_US);
      json_builder_set_member_name (b, "hash"); json_builder_add_string_value (b, hash);
      json_builder_set_member_name (b, "payload"); json_builder_add_string_value (b, payloads[i]);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  batch = json_builder_get_root (b);
  body = json_to_string (batch, FALSE);
  g_assert_cmpint (test_http ("POST", url, token, NULL, body, strlen (body), &reply), ==, 200);

  totals = test_hub_totals (&f->hub, FAIR, DAY);
  unknown = totals_kind_row (json_node_get_object (totals), "unknown");
  g_assert_nonnull (unknown);
  g_assert_cmpint (json_object_get_int_member (unknown, "quantity"), ==, 2 + 1 - 1);
  g_assert_cmpint (json_object_get_int_member (unknown, "revenue"), ==, 1480000 - 180000);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (totals),
                                                                         "by_producer_kind")), ==, 1);
}

/* A hub database from before the kind tally: on its next start the tally
 * is rebuilt from the events it holds, to the same figures. */
static void
test_kinds_back_filled (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(OcopStore) store = test_device_new (&f->hub, "a", FAIR, "QN-07");
  g_autoptr(JsonNode) before = NULL, after = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *live_text = NULL, *rebuilt_text = NULL;
  JsonNode *live, *rebuilt;

  ring_up_kinds (store);
  test_device_sync (store);
  before = test_hub_totals (&f->hub, FAIR, NULL);
  live = json_object_get_member (json_node_get_object (before), "by_producer_kind");
  test_hub_stop (&f->hub);
  exec_hub_sql (f, "DROP TABLE tally_kind");
  test_hub_start (&f->hub, data);
  after = test_hub_totals (&f->hub, FAIR, NULL);
  rebuilt = json_object_get_member (json_node_get_object (after), "by_producer_kind");
  json_generator_set_root (generator, live);
  live_text = json_generator_to_data (generator, NULL);
  json_generator_set_root (generator, rebuilt);
  rebuilt_text = json_generator_to_data (generator, NULL);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (live)), ==, 3);
  g_assert_cmpstr (rebuilt_text, ==, live_text);
}

static void
test_report_csv (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(OcopStore) store = test_device_new (&f->hub, "a", FAIR, "QN-07");
  g_autofree char *csv = NULL, *expected = NULL;

  ring_up (store, 4);
  test_device_sync (store);
  csv = test_hub_run (&f->hub, "report", "fair", "--fair", FAIR, "--csv", NULL);
  expected = g_strdup_printf ("\xEF\xBB\xBF" "fair,day,sales,voids,refunds,revenue,visitors\r\n"
                              "\"" FAIR "\",\"\",%" G_GINT64_FORMAT ",0,0,%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT,
                              test_util_query_int (store, "SELECT count (*) FROM sale WHERE kind = 'sale'"),
                              device_revenue (store),
                              test_util_query_int (store, "SELECT sum (count) FROM visitor_count"));
  g_assert_cmpstr (csv, ==, expected);
}

static JsonObject *
place_row (JsonObject *totals,
           const char *locality)
{
  JsonArray *rows = json_object_get_array_member (totals, "by_locality_name");

  for (guint i = 0; rows != NULL && i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      if (g_strcmp0 (json_object_get_string_member (row, "locality"), locality) == 0)
        return row;
    }
  return NULL;
}

static void
set_booth_locality (OcopStore  *store,
                    const char *locality,
                    gboolean    in_province)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopBooth) booth = ocop_store_get_current_booth (store, &error);

  g_assert_no_error (error);
  g_free (booth->locality);
  booth->locality = g_strdup (locality);
  booth->in_province = in_province;
  g_assert_true (ocop_store_add_booth (store, booth, &error));
  g_assert_no_error (error);
}

/* Per locality: two booths of Ba Chẽ add up, a booth from Hà Nội stands
 * apart as another province; the JSON, the page, places.csv and
 * `ocop-hub report places` agree with the devices' own files. */
static void
test_places_equal_sales (Fixture       *f,
                         gconstpointer  data)
{
  OcopStore *stores[3] = {
    test_device_new (&f->hub, "a", FAIR, "QN-01"),
    test_device_new (&f->hub, "b", FAIR, "QN-02"),
    test_device_new (&f->hub, "c", FAIR, "HN-01"),
  };
  const char *places[3] = { "Ba Chẽ", "Ba Chẽ", "Hà Nội" };
  gint64 sales[2] = { 0, 0 }, revenue[2] = { 0, 0 };
  g_auto(TestReply) page = { 0 }, csv = { 0 }, localities = { 0 }, methods = { 0 }, nothing = { 0 };
  g_autoptr(JsonNode) totals = NULL;
  g_autofree char *token = NULL, *report = NULL, *report_text = NULL;
  JsonObject *row;

  for (guint i = 0; i < 3; i++)
    {
      guint at = i == 2;

      set_booth_locality (stores[i], places[i], at == 0);
      ring_up (stores[i], 2 + i);
      test_device_sync (stores[i]);
      sales[at] += test_util_query_int (stores[i], "SELECT count (*) FROM sale WHERE kind = 'sale'");
      revenue[at] += device_revenue (stores[i]);
    }
  test_hub_add_organizer (&f->hub, "anna", PASSWORD);
  token = log_in (f);
  totals = test_hub_totals_as (&f->hub, FAIR, DAY, token);
  row = place_row (json_node_get_object (totals), "Ba Chẽ");
  g_assert_nonnull (row);
  g_assert_true (json_object_get_boolean_member (row, "in_province"));
  g_assert_cmpint (json_object_get_int_member (row, "sales"), ==, sales[0]);
  g_assert_cmpint (json_object_get_int_member (row, "revenue"), ==, revenue[0]);
  row = place_row (json_node_get_object (totals), "Hà Nội");
  g_assert_nonnull (row);
  g_assert_false (json_object_get_boolean_member (row, "in_province"));
  g_assert_cmpint (json_object_get_int_member (row, "sales"), ==, sales[1]);
  g_assert_cmpint (json_object_get_int_member (row, "revenue"), ==, revenue[1]);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (totals),
                                                                         "by_locality_name")), ==, 2);

  g_assert_cmpint (get (f, "/?fair=" FAIR "&day=" DAY, token, NULL, &page), ==, 200);
  g_assert_nonnull (strstr (page.body->str, "<section id=\"places\"><h2>Theo địa phương</h2>"));
  g_assert_nonnull (strstr (page.body->str, "<td>Ba Chẽ</td>"));
  g_assert_nonnull (strstr (page.body->str, "<td>Hà Nội</td>"));

  g_assert_cmpint (get (f, "/export/places.csv?fair=" FAIR "&day=" DAY, token, NULL, &csv), ==, 200);
  g_assert_true (g_str_has_prefix (csv.body->str, "\xEF\xBB\xBF" "locality,in_province,sales,revenue,visitors\r\n"));
  g_assert_cmpint (csv_column_sum (csv.body->str, "\"Ba Chẽ\"", 2), ==, sales[0]);
  g_assert_cmpint (csv_column_sum (csv.body->str, "\"Ba Chẽ\"", 3), ==, revenue[0]);
  g_assert_cmpint (csv_column_sum (csv.body->str, "\"Hà Nội\"", 3), ==, revenue[1]);
  /* The other per-booth-place export, and the payment methods, add up to
   * the same revenue; a table that does not exist is a 404. */
  g_assert_cmpint (get (f, "/export/localities.csv?fair=" FAIR "&day=" DAY, token, NULL, &localities), ==, 200);
  g_assert_true (g_str_has_prefix (localities.body->str, "\xEF\xBB\xBF" "in_province,sales,revenue,visitors\r\n"));
  g_assert_cmpint (csv_column_sum (localities.body->str, NULL, 2), ==, revenue[0] + revenue[1]);
  g_assert_cmpint (get (f, "/export/methods.csv?fair=" FAIR "&day=" DAY, token, NULL, &methods), ==, 200);
  g_assert_true (g_str_has_prefix (methods.body->str, "\xEF\xBB\xBF" "method,amount\r\n"));
  g_assert_cmpint (csv_column_sum (methods.body->str, NULL, 1), ==, revenue[0] + revenue[1]);
  g_assert_cmpint (get (f, "/export/nothing.csv?fair=" FAIR "&day=" DAY, token, NULL, &nothing), ==, 404);
  report = test_hub_run (&f->hub, "report", "places", "--fair", FAIR, "--day", DAY, "--csv", NULL);
  g_assert_cmpstr (report, ==, g_strstrip (csv.body->str));
  report_text = test_hub_run (&f->hub, "report", "places", "--fair", FAIR, NULL);
  g_assert_nonnull (strstr (report_text, "Ba Chẽ"));
  g_assert_nonnull (strstr (report_text, "Hà Nội"));

  for (guint i = 0; i < 3; i++)
    g_object_unref (stores[i]);
}

/* ---- language ---- */

/* Words of each part of the page in both languages, as po/vi.po has them;
 * the column heading and the login's name carry a context there. */
static const struct {
  const char *english;
  const char *vietnamese;
} page_words[] = {
  { "<html lang=\"en\">", "<html lang=\"vi\">" },
  { "<title>Fair dashboard – " FAIR "</title>", "<title>Bảng số liệu hội chợ – " FAIR "</title>" },
  { ">Log out</button>", ">Đăng xuất</button>" },
  { "<h2>Revenue that day</h2>", "<h2>Doanh thu trong ngày</h2>" },
  { "<h2>Visitors, whole fair</h2>", "<h2>Lượt khách cả hội chợ</h2>" },
  { "<h2>Revenue by hour that day</h2>", "<h2>Doanh thu theo giờ trong ngày</h2>" },
  { "<h2>Top products, whole fair</h2>", "<h2>Sản phẩm bán chạy cả hội chợ</h2>" },
  { "<th class=\"n\">Sales</th>", "<th class=\"n\">Đơn bán</th>" },
  { "<th>Last sync</th>", "<th>Đồng bộ lần cuối</th>" },
  { "<h2>Payment methods</h2>", "<h2>Hình thức thanh toán</h2>" },
  { "<td>Cash</td>", "<td>Tiền mặt</td>" },
  { "<td>Quảng Ninh</td>", "<td>Trong tỉnh Quảng Ninh</td>" },
  { "<h2>By producer kind</h2>", "<h2>Theo loại hình chủ thể</h2>" },
  { ">Download CSV</a>", ">Tải CSV</a>" },
};

/* Whether @page is wholly in one language: every word of it, none of the
 * other's. */
static gboolean
page_is_in (const char *page,
            gboolean    english)
{
  for (guint i = 0; i < G_N_ELEMENTS (page_words); i++)
    {
      const char *wanted = english ? page_words[i].english : page_words[i].vietnamese;
      const char *other = english ? page_words[i].vietnamese : page_words[i].english;

      if (strstr (page, wanted) == NULL || strstr (page, other) != NULL)
        {
          g_test_message ("%s page: \"%s\" missing or \"%s\" present", english ? "English" : "Vietnamese",
                          wanted, other);
          return FALSE;
        }
    }
  return TRUE;
}

/* A hub with sales of both payment methods, and an organizer logged in. */
static char *
fill_and_log_in (Fixture *f)
{
  g_autoptr(OcopStore) store = test_device_new (&f->hub, "a", FAIR, "QN-07");

  ring_up (store, 4);
  test_device_sync (store);
  test_hub_add_organizer (&f->hub, "anna", PASSWORD);
  return log_in (f);
}

/* Vietnamese by default and English with ?lang=en, both from the
 * catalogue; started with LANGUAGE=en (as /etc/default/locale can set it),
 * which glibc would otherwise put before the page's own language. */
static void
test_language_both (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *token = fill_and_log_in (f);
  g_auto(TestReply) vietnamese = { 0 }, english = { 0 }, login = { 0 }, login_en = { 0 };

  g_assert_cmpint (get (f, "/?fair=" FAIR "&day=" DAY, token, NULL, &vietnamese), ==, 200);
  g_assert_cmpint (get (f, "/?fair=" FAIR "&day=" DAY "&lang=en", token, NULL, &english), ==, 200);
  g_assert_true (page_is_in (vietnamese.body->str, FALSE));
  g_assert_true (page_is_in (english.body->str, TRUE));
  g_assert_cmpint (get (f, "/login", NULL, NULL, &login), ==, 200);
  g_assert_cmpint (get (f, "/login?lang=en", NULL, NULL, &login_en), ==, 200);
  g_assert_nonnull (strstr (login.body->str, "<label for=\"name\">Tên đăng nhập</label>"));
  g_assert_nonnull (strstr (login_en.body->str, "<label for=\"name\">Name</label>"));
}

/* A plain-text error page is in the request's language, as the pages
 * are: Vietnamese by default, English with ?lang=en or a browser that asks
 * for it first, whatever the hub's own (C.UTF-8 in the tests). */
static void
assert_plain_text (TestReply  *reply,
                   long        status,
                   const char *text)
{
  g_autofree char *type = test_reply_header (reply, "Content-Type");

  g_assert_cmpint (reply->status, ==, status);
  g_assert_cmpstr (type, ==, "text/plain; charset=utf-8");
  g_assert_cmpstr (reply->body->str, ==, text);
}

static void
test_language_errors (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *token = fill_and_log_in (f);
  g_autofree char *bad_day = url_of (f, "/?day=12-11-2024"), *bad_day_en = url_of (f, "/?day=12-11-2024&lang=en");
  g_autofree char *logout = url_of (f, "/logout"), *put = url_of (f, "/");
  const char * const english_browser[] = { "Accept-Language: en-GB,en;q=0.9,vi;q=0.5", NULL };
  const char * const foreign[] = { "Origin: https://evil.example", NULL };
  g_auto(TestReply) vi_day = { 0 }, en_day = { 0 }, en_browser = { 0 }, vi_method = { 0 }, vi_origin = { 0 };
  g_auto(TestReply) vi_session = { 0 }, en_session = { 0 };

  test_request (&vi_day, "GET", bad_day, token, NULL, NULL);
  assert_plain_text (&vi_day, 400, "day=12-11-2024 không phải là ngày dạng YYYY-MM-DD");
  test_request (&en_day, "GET", bad_day_en, token, NULL, NULL);
  assert_plain_text (&en_day, 400, "day=12-11-2024 is not a date YYYY-MM-DD");
  test_request_with (&en_browser, "GET", bad_day, token, NULL, NULL, english_browser, NULL);
  assert_plain_text (&en_browser, 400, "day=12-11-2024 is not a date YYYY-MM-DD");
  test_request (&vi_method, "PUT", put, token, NULL, NULL);
  assert_plain_text (&vi_method, 405, "Không được dùng PUT cho /");
  /* Refused before the dashboard is asked: the origin check's error too. */
  test_request_with (&vi_origin, "POST", logout, token, NULL, "", foreign, NULL);
  g_assert_cmpint (vi_origin.status, ==, 403);
  g_assert_true (g_str_has_prefix (vi_origin.body->str, "Biểu mẫu này được gửi từ trang của một trang web khác"));
  /* And the accounts' refusal of a CSV asked for without a session. */
  get (f, "/export/booths.csv?fair=" FAIR, NULL, NULL, &vi_session);
  assert_plain_text (&vi_session, 401, "Hãy đăng nhập để xem bảng số liệu");
  get (f, "/export/booths.csv?fair=" FAIR "&lang=en", NULL, NULL, &en_session);
  assert_plain_text (&en_session, 401, "Log in to see the dashboard");
}

/* Without the catalogue the default page is English: its words come from
 * po/, not from a table of their own. */
static void
test_language_from_catalogue (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *token = fill_and_log_in (f);
  g_auto(TestReply) page = { 0 };

  g_assert_cmpint (get (f, "/?fair=" FAIR "&day=" DAY, token, NULL, &page), ==, 200);
  g_assert_nonnull (strstr (page.body->str, "<html lang=\"vi\">"));
  g_assert_nonnull (strstr (page.body->str, "<h2>Revenue that day</h2>"));
  g_assert_null (strstr (page.body->str, "Doanh thu"));
}

typedef struct {
  Fixture    *f;
  const char *token;
  gboolean    english;
  guint       wrong;
} Reader;

#define READS 40

static gpointer
read_pages_cb (gpointer data)
{
  Reader *reader = data;
  const char *path = reader->english ? "/?fair=" FAIR "&day=" DAY "&lang=en" : "/?fair=" FAIR "&day=" DAY;

  for (guint i = 0; i < READS; i++)
    {
      g_auto(TestReply) page = { 0 };

      if (get (reader->f, path, reader->token, NULL, &page) != 200 || !page_is_in (page.body->str, reader->english))
        reader->wrong++;
    }
  return NULL;
}

/* Eight browsers at once, half in each language, on the hub's four
 * threads: each page in its own language, whatever the others asked. */
static void
test_language_concurrent (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *token = fill_and_log_in (f);
  Reader readers[8];
  GThread *threads[G_N_ELEMENTS (readers)];

  for (guint i = 0; i < G_N_ELEMENTS (readers); i++)
    {
      readers[i] = (Reader) { f, token, i % 2 == 1, 0 };
      threads[i] = g_thread_new ("reader", read_pages_cb, &readers[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (readers); i++)
    {
      g_thread_join (threads[i]);
      g_assert_cmpuint (readers[i].wrong, ==, 0);
    }
}

int
main (int    argc,
      char **argv)
{
  static const char * const language_en[] = { "LANGUAGE=en", NULL };
  static const char * const no_catalogue[] = { "OCOP_LOCALEDIR=/nonexistent", NULL };

  g_test_init (&argc, &argv, NULL);
  curl_global_init (CURL_GLOBAL_DEFAULT);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/dashboard/login/wrong-password", test_wrong_password);
  ADD ("/dashboard/login/session-cookie", test_session_cookie);
  ADD ("/dashboard/login/rate-limit", test_rate_limit);
  ADD ("/dashboard/session/stale-and-forged", test_stale_and_forged_sessions);
  ADD ("/dashboard/session/booth-token-refused", test_booth_token_refused);
  ADD ("/dashboard/page/names-escaped", test_names_escaped);
  ADD ("/dashboard/page/figures-equal-sales", test_figures_equal_sales);
  ADD ("/dashboard/page/day-over-day", test_day_over_day);
  ADD ("/dashboard/page/hours-equal-sales", test_hours_equal_sales);
  ADD ("/dashboard/page/products-equal-sales", test_products_equal_sales);
  ADD ("/dashboard/products/booth-cannot-rename", test_booth_cannot_rename);
  ADD ("/dashboard/products/migrated", test_products_migrated);
  ADD ("/dashboard/overflow-page-served", test_overflow_page_served);
  ADD ("/dashboard/report-csv", test_report_csv);
  ADD ("/dashboard/kinds/equal-sales", test_kinds_equal_sales);
  ADD ("/dashboard/kinds/as-sold", test_kind_as_sold);
  ADD ("/dashboard/kinds/old-events-unknown", test_old_events_unknown);
  ADD ("/dashboard/kinds/back-filled", test_kinds_back_filled);
  ADD ("/dashboard/places/equal-sales", test_places_equal_sales);
  ADD ("/dashboard/language/concurrent", test_language_concurrent);
#undef ADD
  g_test_add ("/dashboard/language/both", Fixture, language_en, fixture_set_up, test_language_both,
              fixture_tear_down);
  g_test_add ("/dashboard/language/errors", Fixture, language_en, fixture_set_up, test_language_errors,
              fixture_tear_down);
  g_test_add ("/dashboard/language/from-catalogue", Fixture, no_catalogue, fixture_set_up,
              test_language_from_catalogue, fixture_tear_down);

  return g_test_run ();
}
