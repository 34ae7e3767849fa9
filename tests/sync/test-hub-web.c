/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-hub-web.c: organizers' sign-in and dashboard of a real ocop-hub on
 * loopback against hostile clients: megabyte names, lockouts per address,
 * X-Forwarded-For behind a trusted proxy, the public URL's __Host- cookie,
 * forms posted from other sites, expired sessions, names that are markup. */

#include <string.h>
#include <curl/curl.h>

#include "sync-fixture.h"
#include "test-util.h"

#define FAIR "qn-2024"
#define PASSWORD "hoa-sim-tim-2024"
#define WRONG "doan-mo-mat-khau"
#define PUBLIC_URL "https://hoi-cho.example.vn"

/* Each test's fixture is a hub of its own with one organizer, anna;
 * @data: more arguments to `ocop-hub serve`, or NULL. */
typedef TestHub Fixture;

static void
hub_with_anna (Fixture       *f,
               gconstpointer  data)
{
  f->serve_args = data;
  test_hub_start (f, NULL);
  test_hub_add_organizer (f, "anna", PASSWORD);
}

static void
hub_stop_and_remove (Fixture       *f,
                     gconstpointer  data)
{
  test_hub_clear (f);
}

static char *
url_of (Fixture    *f,
        const char *path)
{
  return g_strconcat (f->url, path, NULL);
}

/* The Origin header of the hub's own pages, as a browser sends it. */
static char *
own_origin (Fixture *f)
{
  return g_strconcat ("Origin: ", f->url, NULL);
}

/* POST /v1/session as the till does, from @from with @headers. */
static long
sign_in (Fixture            *f,
         const char         *name,
         const char         *password,
         const char         *from,
         const char * const *headers,
         TestReply          *out)
{
  g_autofree char *url = url_of (f, "/v1/session");
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = NULL;
  TestReply own = { 0 };
  TestReply *reply = out ? out : &own;
  long status;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  body = json_to_string (root, FALSE);
  test_request_with (reply, "POST", url, NULL, NULL, body, headers, from);
  status = reply->status;
  if (out == NULL)
    test_reply_clear (&own);
  return status;
}

/* POST /login as the browser's form does. */
static long
form_log_in (Fixture            *f,
             const char         *name,
             const char         *password,
             const char * const *headers,
             TestReply          *reply)
{
  g_autofree char *url = url_of (f, "/login");
  g_autofree char *name_arg = g_uri_escape_string (name, NULL, FALSE);
  g_autofree char *password_arg = g_uri_escape_string (password, NULL, FALSE);
  g_autofree char *form = g_strdup_printf ("name=%s&password=%s", name_arg, password_arg);

  test_request_with (reply, "POST", url, NULL, NULL, form, headers, NULL);
  return reply->status;
}

/* The session token of a reply's Set-Cookie named @cookie. */
static char *
cookie_token (TestReply  *reply,
              const char *cookie)
{
  g_autofree char *set_cookie = test_reply_header (reply, "Set-Cookie");
  g_autofree char *prefix = g_strconcat (cookie, "=", NULL);
  g_auto(GStrv) parts = NULL;

  g_assert_nonnull (set_cookie);
  g_assert_true (g_str_has_prefix (set_cookie, prefix));
  parts = g_strsplit (set_cookie + strlen (prefix), ";", 2);
  return g_strdup (parts[0]);
}

static long
get_with_cookie (Fixture    *f,
                 const char *path,
                 const char *cookie_line,
                 TestReply  *reply)
{
  g_autofree char *url = url_of (f, path);
  const char *headers[] = { cookie_line, NULL };

  test_request_with (reply, "GET", url, NULL, NULL, NULL, headers, NULL);
  return reply->status;
}

static gint64
sessions (Fixture *f)
{
  return test_hub_query_int (f, "SELECT count (*) FROM organizer_session");
}

/* The hub's resident memory in kB, from /proc. */
static gint64
hub_rss_kb (Fixture *f)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status", g_subprocess_get_identifier (f->process));
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents (path, &status, NULL, NULL));
  line = strstr (status, "VmRSS:");
  g_assert_nonnull (line);
  return g_ascii_strtoll (line + strlen ("VmRSS:"), NULL, 10);
}

/* ---- names ---- */

/* A name is at most 64 bytes: a longer one is refused with the limit in
 * words, before the limiter or the database sees it. */
static void
assert_long_name_refused (Fixture *f,
                          gsize    length)
{
  g_autofree char *name = g_strnfill (length, 'n');
  g_auto(TestReply) api = { 0 }, form = { 0 };
  g_autofree char *origin = own_origin (f);
  const char *headers[] = { origin, NULL };

  sign_in (f, name, WRONG, NULL, NULL, &api);
  form_log_in (f, name, WRONG, headers, &form);
  /* The HTTP layer may refuse a body of a megabyte before it is read
   * (413, or the connection closed while the body was sent: status 0). */
  if (api.status != 413 && api.status != 0)
    {
      g_assert_cmpint (api.status, ==, 400);
      g_assert_nonnull (strstr (api.body->str, "1 to 64 bytes"));
    }
  if (form.status != 413 && form.status != 0)
    {
      g_assert_cmpint (form.status, ==, 400);
      g_assert_nonnull (strstr (form.body->str, "64"));
    }
}

/* Sign-in number @i with a name of a megabyte, its own: by the form for
 * even @i, by the API for odd; refused either way. */
static void
send_megabyte_name (Fixture *f,
                    guint    i)
{
  g_autofree char *name = g_strnfill (1024 * 1024, 'a' + i % 26);
  g_autofree char *distinct = g_strdup_printf ("n%08u-", i);
  g_autofree char *origin = own_origin (f);
  const char *headers[] = { origin, NULL };
  g_auto(TestReply) reply = { 0 };

  memcpy (name, distinct, strlen (distinct));
  if (i % 2)
    sign_in (f, name, WRONG, NULL, NULL, &reply);
  else
    form_log_in (f, name, WRONG, headers, &reply);
  /* 0: the hub closed the connection while the megabyte was being sent,
   * having answered 413 from the headers. */
  if (reply.status != 400 && reply.status != 413 && reply.status != 0)
    g_error ("name %u: %ld %s", i, reply.status, reply.body->str);
}

/* 200 sign-ins with distinct names of a megabyte (half by the API, half
 * by the form): the hub stays small and answers. Before, each name was
 * kept for good: 12 MB grew to 235 MB. What the second hundred adds is
 * what is kept per name; the first hundred also fill the allocator's
 * arenas of the workers that buffered the bodies. */
static void
test_megabyte_names (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *token = NULL;
  gint64 before, halfway = 0, after;

  assert_long_name_refused (f, 65);
  assert_long_name_refused (f, 1000);
  /* The hub's own working set first: one check of a password. */
  g_assert_cmpint (sign_in (f, "anna", WRONG, NULL, NULL, NULL), ==, 401);
  before = hub_rss_kb (f);
  for (guint i = 0; i < 200; i++)
    {
      if (i == 100)
        halfway = hub_rss_kb (f);
      send_megabyte_name (f, i);
    }
  after = hub_rss_kb (f);
  g_test_message ("hub RSS %" G_GINT64_FORMAT " kB before, %" G_GINT64_FORMAT " kB after 100 names of 1 MB, %"
                  G_GINT64_FORMAT " kB after 200", before, halfway, after);
#ifndef __SANITIZE_ADDRESS__
  g_assert_cmpint (after - before, <, 48 * 1024);
  g_assert_cmpint (after - halfway, <, 8 * 1024);
#else
  /* AddressSanitizer's quarantine holds on to freed memory by design:
   * what the hub keeps is measured in the plain build. */
#endif
  /* And it still signs the organizer in. */
  g_assert_cmpint (sign_in (f, "anna", PASSWORD, NULL, NULL, NULL), ==, 201);
}

/* ---- lockouts per address ---- */

/* Five wrong passwords from 127.0.0.2 lock anna out from there, not from
 * 127.0.0.1, through the API and the form alike. */
static void
test_lockout_per_address (Fixture       *f,
                          gconstpointer  data)
{
  g_auto(TestReply) locked = { 0 }, form = { 0 };
  g_autofree char *origin = own_origin (f);
  const char *headers[] = { origin, NULL };

  for (guint i = 0; i < 5; i++)
    g_assert_cmpint (sign_in (f, "anna", WRONG, "127.0.0.2", NULL, NULL), ==, 401);
  g_assert_cmpint (sign_in (f, "anna", PASSWORD, "127.0.0.2", NULL, &locked), ==, 429);
  g_assert_nonnull (strstr (locked.body->str, "Too many failed logins"));
  g_assert_cmpint (sign_in (f, "anna", PASSWORD, "127.0.0.1", NULL, NULL), ==, 201);
  g_assert_cmpint (form_log_in (f, "anna", PASSWORD, headers, &form), ==, 303);
}

/* One address trying many names stops after 20 failures, whatever name
 * comes next; another address still signs in. */
static void
test_lockout_per_address_any_name (Fixture       *f,
                                   gconstpointer  data)
{
  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *name = g_strdup_printf ("doan-%u", i);

      g_assert_cmpint (sign_in (f, name, WRONG, "127.0.0.3", NULL, NULL), ==, 401);
    }
  g_assert_cmpint (sign_in (f, "anna", PASSWORD, "127.0.0.3", NULL, NULL), ==, 429);
  g_assert_cmpint (sign_in (f, "anna", PASSWORD, "127.0.0.4", NULL, NULL), ==, 201);
}

/* Behind --trusted-proxy 127.0.0.1, the right-most X-Forwarded-For entry
 * that is no trusted proxy is the client; what a client writes left of it
 * is not read; from an untrusted peer the header is ignored. */
static void
test_trusted_proxy (Fixture       *f,
                    gconstpointer  data)
{
  const char *client_7[] = { "X-Forwarded-For: 203.0.113.7", NULL };
  const char *client_8[] = { "X-Forwarded-For: 203.0.113.8", NULL };
  const char *spoofed[] = { "X-Forwarded-For: 203.0.113.99", "X-Forwarded-For: 203.0.113.7", NULL };
  const char *through_two[] = { "X-Forwarded-For: 198.51.100.1, 203.0.113.7, 127.0.0.1", NULL };

  for (guint i = 0; i < 5; i++)
    g_assert_cmpint (sign_in (f, "anna", WRONG, "127.0.0.1", client_7, NULL), ==, 401);
  g_assert_cmpint (sign_in (f, "anna", PASSWORD, "127.0.0.1", client_7, NULL), ==, 429);
  g_assert_cmpint (sign_in (f, "anna", PASSWORD, "127.0.0.1", spoofed, NULL), ==, 429);
  g_assert_cmpint (sign_in (f, "anna", PASSWORD, "127.0.0.1", through_two, NULL), ==, 429);
  g_assert_cmpint (sign_in (f, "anna", PASSWORD, "127.0.0.1", client_8, NULL), ==, 201);

  /* 127.0.0.2 is no proxy: each of its tries names another client, and
   * all count against 127.0.0.2. */
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *forwarded = g_strdup_printf ("X-Forwarded-For: 192.0.2.%u", i + 1);
      const char *headers[] = { forwarded, NULL };

      g_assert_cmpint (sign_in (f, "anna", WRONG, "127.0.0.2", headers, NULL), ==, 401);
    }
  g_assert_cmpint (sign_in (f, "anna", PASSWORD, "127.0.0.2", client_8, NULL), ==, 429);
}

/* ---- the public URL's cookie ---- */

/* With --public-url the cookie is __Host-, Secure, for / and no domain;
 * the plain name opens nothing; forms come from the public origin only. */
static void
test_public_url_cookie (Fixture       *f,
                        gconstpointer  data)
{
  const char *public_origin[] = { "Origin: " PUBLIC_URL, NULL };
  g_autofree char *local = own_origin (f);
  const char *local_origin[] = { local, NULL };
  g_auto(TestReply) login = { 0 }, from_local = { 0 }, page = { 0 }, plain = { 0 };
  g_autofree char *token = NULL, *set_cookie = NULL, *host_cookie = NULL, *plain_cookie = NULL;

  g_assert_cmpint (form_log_in (f, "anna", PASSWORD, local_origin, &from_local), ==, 403);
  g_assert_cmpint (sessions (f), ==, 0);

  g_assert_cmpint (form_log_in (f, "anna", PASSWORD, public_origin, &login), ==, 303);
  set_cookie = test_reply_header (&login, "Set-Cookie");
  token = cookie_token (&login, "__Host-ocop_session");
  g_assert_nonnull (strstr (set_cookie, "; Secure"));
  g_assert_nonnull (strstr (set_cookie, "; Path=/;"));
  g_assert_null (strstr (set_cookie, "Domain"));
  g_assert_nonnull (strstr (set_cookie, "HttpOnly"));

  host_cookie = g_strconcat ("Cookie: __Host-ocop_session=", token, NULL);
  plain_cookie = g_strconcat ("Cookie: ocop_session=", token, NULL);
  g_assert_cmpint (get_with_cookie (f, "/export/booths.csv?fair=" FAIR, host_cookie, &page), ==, 200);
  g_assert_cmpint (get_with_cookie (f, "/export/booths.csv?fair=" FAIR, plain_cookie, &plain), ==, 401);
}

/* A plain hub sets the plain cookie, without Secure. */
static void
test_plain_cookie (Fixture       *f,
                   gconstpointer  data)
{
  g_auto(TestReply) login = { 0 };
  g_autofree char *origin = own_origin (f);
  const char *headers[] = { origin, NULL };
  g_autofree char *set_cookie = NULL, *token = NULL;

  g_assert_cmpint (form_log_in (f, "anna", PASSWORD, headers, &login), ==, 303);
  token = cookie_token (&login, "ocop_session");
  set_cookie = test_reply_header (&login, "Set-Cookie");
  g_assert_null (strstr (set_cookie, "Secure"));
}

/* Start-up refuses a public URL that is not https:// at a root, and a
 * trusted proxy that is no address, in words that name the option. */
static void
test_bad_options (void)
{
  const char *bad[][2] = {
    { "--public-url", "http://hoi-cho.example.vn" },
    { "--public-url", "https://hoi-cho.example.vn/hub" },
    { "--trusted-proxy", "proxy.local" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *dir = test_util_make_dir ();
      g_autofree char *db = g_build_filename (dir, "hub.db", NULL);
      const char *argv[] = { g_getenv ("OCOP_HUB"), "serve", "--db", db, "--listen", "127.0.0.1:0",
                             bad[i][0], bad[i][1], NULL };
      g_autofree char *out = NULL, *err = NULL;
      g_autoptr(GError) error = NULL;
      int status = 0;

      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
      g_assert_no_error (error);
      g_assert_false (g_spawn_check_wait_status (status, NULL));
      g_assert_nonnull (strstr (err, bad[i][0]));
      g_assert_null (strstr (out, "listening"));
      test_util_remove_dir (dir);
    }
}

/* `ocop-hub user add` refuses a name the login would refuse, before it
 * asks for a password. */
static void
test_user_add_long_name (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *name = g_strnfill (65, 'n');
  const char *argv[] = { g_getenv ("OCOP_HUB"), "user", "add", "--db", f->db, name, NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDIN_FROM_DEV_NULL, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_false (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (err, "1 to 64 bytes"));
  g_assert_null (strstr (err, "password"));
  g_assert_cmpint (test_hub_query_int (f, "SELECT count (*) FROM organizer"), ==, 1);
}

/* ---- forms from other sites ---- */

static void
assert_login_refused (Fixture    *f,
                      const char *header)
{
  const char *headers[] = { header, NULL };
  g_auto(TestReply) reply = { 0 };

  g_assert_cmpint (form_log_in (f, "anna", PASSWORD, headers, &reply), ==, 403);
  /* In the form's language, Vietnamese: "sent from another site's page". */
  g_assert_nonnull (strstr (reply.body->str, "được gửi từ trang của một trang web khác"));
  g_assert_null (test_reply_header (&reply, "Set-Cookie"));
}

/* POST /login from another site's page (by Origin, by Referer, or from an
 * opaque "null" origin) is refused and opens no session; from the hub's
 * own page it signs in. Sign-out from elsewhere ends nothing. */
static void
test_cross_site_forms (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *origin = own_origin (f);
  g_autofree char *referer = g_strconcat ("Referer: ", f->url, "/login", NULL);
  g_autofree char *logout_url = url_of (f, "/logout");
  g_autofree char *session_url = url_of (f, "/v1/session");
  const char *own[] = { origin, NULL };
  const char *own_page[] = { referer, NULL };
  const char *foreign[] = { "Origin: https://lua-dao.example", NULL };
  g_auto(TestReply) login = { 0 }, by_referer = { 0 }, logout_foreign = { 0 }, still = { 0 }, logout = { 0 },
                    after = { 0 }, api = { 0 };
  g_autofree char *token = NULL, *cookie = NULL, *csv_url = url_of (f, "/export/booths.csv?fair=" FAIR);

  assert_login_refused (f, "Origin: https://lua-dao.example");
  assert_login_refused (f, "Origin: null");
  assert_login_refused (f, "Referer: https://lua-dao.example/form.html");
  /* The hub's own scheme, host and port, and nothing else. */
  assert_login_refused (f, "Origin: http://127.0.0.1");
  assert_login_refused (f, "Origin: https://127.0.0.1:1");
  g_assert_cmpint (sessions (f), ==, 0);

  g_assert_cmpint (form_log_in (f, "anna", PASSWORD, own_page, &by_referer), ==, 303);
  g_assert_cmpint (form_log_in (f, "anna", PASSWORD, own, &login), ==, 303);
  token = cookie_token (&login, "ocop_session");
  cookie = g_strconcat ("Cookie: ocop_session=", token, NULL);

  test_request_with (&logout_foreign, "POST", logout_url, token, NULL, "", foreign, NULL);
  g_assert_cmpint (logout_foreign.status, ==, 403);
  g_assert_cmpint (get_with_cookie (f, "/export/booths.csv?fair=" FAIR, cookie, &still), ==, 200);
  test_request_with (&logout, "POST", logout_url, token, NULL, "", own, NULL);
  g_assert_cmpint (logout.status, ==, 303);
  test_request_with (&after, "GET", csv_url, token, NULL, NULL, NULL, NULL);
  g_assert_cmpint (after.status, ==, 401);

  /* A page elsewhere cannot make its visitors' browsers guess passwords
   * through the API either. */
  test_request_with (&api, "POST", session_url, NULL, NULL,
                     "{\"name\": \"anna\", \"password\": \"" PASSWORD "\"}", foreign, NULL);
  g_assert_cmpint (api.status, ==, 403);
  g_assert_nonnull (strstr (api.body->str, "\"forbidden\""));
}

/* ---- sessions ---- */

/* A session past its expiry is deleted from the store at the next
 * sign-in; the live one stays. */
static void
test_expired_session_deleted (Fixture       *f,
                              gconstpointer  data)
{
  g_auto(TestReply) first = { 0 };
  gint64 now_us = g_get_real_time ();
  g_autofree char *expired = NULL;

  g_assert_cmpint (sign_in (f, "anna", PASSWORD, NULL, NULL, &first), ==, 201);
  g_assert_cmpint (sessions (f), ==, 1);
  /* Twelve hours pass for it. */
  test_hub_exec (f, "UPDATE organizer_session SET expires_us = expires_us - 43200000000");
  g_assert_cmpint (sign_in (f, "anna", PASSWORD, NULL, NULL, NULL), ==, 201);
  g_assert_cmpint (sessions (f), ==, 1);
  expired = g_strdup_printf ("SELECT count (*) FROM organizer_session WHERE expires_us <= %" G_GINT64_FORMAT,
                             now_us + 1000000);
  g_assert_cmpint (test_hub_query_int (f, expired), ==, 0);
}

/* ---- what the page prints ---- */

/* A fair and a booth named with markup and quotes show as text, in the
 * page's title, heading, links and attributes. */
static void
test_markup_names_escaped (Fixture       *f,
                           gconstpointer  data)
{
  const char *fair = "qn\"<script>alert(1)</script>'";
  const char *booth = "QN-<b>07\"";
  g_autoptr(OcopStore) store = test_device_new (f, "a", fair, booth);
  g_autofree char *origin = own_origin (f);
  const char *headers[] = { origin, NULL };
  g_auto(TestReply) login = { 0 }, page = { 0 };
  g_autofree char *token = NULL, *cookie = NULL, *fair_arg = g_uri_escape_string (fair, NULL, FALSE);
  g_autofree char *path = g_strconcat ("/?day=2024-12-11&fair=", fair_arg, NULL);

  g_assert_cmpint (form_log_in (f, "anna", PASSWORD, headers, &login), ==, 303);
  token = cookie_token (&login, "ocop_session");
  cookie = g_strconcat ("Cookie: ocop_session=", token, NULL);
  g_assert_cmpint (get_with_cookie (f, path, cookie, &page), ==, 200);
  g_assert_null (strstr (page.body->str, "<script"));
  g_assert_null (strstr (page.body->str, "<b>"));
  g_assert_nonnull (strstr (page.body->str, "<h1>Hội chợ qn&quot;&lt;script&gt;alert(1)&lt;/script&gt;&apos;</h1>"));
  g_assert_nonnull (strstr (page.body->str, "<title>Bảng số liệu hội chợ – qn&quot;&lt;script&gt;"));
  g_assert_nonnull (strstr (page.body->str, "data-booth=\"QN-&lt;b&gt;07&quot;\""));
  g_assert_nonnull (strstr (page.body->str, "<td>QN-&lt;b&gt;07&quot;"));
}

int
main (int    argc,
      char **argv)
{
  static const char * const behind_proxy[] = { "--trusted-proxy", "127.0.0.1", NULL };
  static const char * const public_url[] = { "--public-url", PUBLIC_URL, "--trusted-proxy", "127.0.0.0/8", NULL };

  g_test_init (&argc, &argv, NULL);
  curl_global_init (CURL_GLOBAL_DEFAULT);
#define ADD(path, args, func) g_test_add (path, Fixture, args, hub_with_anna, func, hub_stop_and_remove)
  ADD ("/hub-web/login/megabyte-names", NULL, test_megabyte_names);
  ADD ("/hub-web/login/user-add-long-name", NULL, test_user_add_long_name);
  ADD ("/hub-web/login/lockout-per-address", NULL, test_lockout_per_address);
  ADD ("/hub-web/login/lockout-per-address-any-name", NULL, test_lockout_per_address_any_name);
  ADD ("/hub-web/login/trusted-proxy", behind_proxy, test_trusted_proxy);
  ADD ("/hub-web/cookie/public-url", public_url, test_public_url_cookie);
  ADD ("/hub-web/cookie/plain", NULL, test_plain_cookie);
  ADD ("/hub-web/forms/cross-site", NULL, test_cross_site_forms);
  ADD ("/hub-web/session/expired-deleted", NULL, test_expired_session_deleted);
  ADD ("/hub-web/page/markup-names-escaped", NULL, test_markup_names_escaped);
#undef ADD
  g_test_add_func ("/hub-web/options/refused", test_bad_options);
  return g_test_run ();
}
