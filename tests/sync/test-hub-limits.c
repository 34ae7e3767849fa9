/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-hub-limits.c: a real ocop-hub process under the attacks of issue 14
 * on its HTTP layer (bodies too large, uploads from no device, half-sent
 * requests from one address), an open hub on a non-loopback address, and
 * admin tokens too short to keep anyone out. */

#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include <curl/curl.h>

#include "ocop-hub-peer.h"
#include "sync-fixture.h"
#include "test-util.h"

#define FAIR "qn-2024"
#define DECLARED_BYTES (4 * 1024 * 1024)
#define ADMIN_TOKEN "b2f1c0e9a8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3"

/* Each test has a hub process of its own on a fresh database: the fixture
 * is the TestHub itself. */
static void
hub_set_up (TestHub       *hub,
            gconstpointer  data)
{
  test_hub_start (hub, NULL);
}

static void
hub_tear_down (TestHub       *hub,
               gconstpointer  data)
{
  test_hub_clear (hub);
}

/* ---- raw HTTP on sockets: requests a well-behaved client never sends ---- */

/* A TCP connection to @to_address:@port from @from_address (any port). */
static int
connect_from (const char *from_address,
              const char *to_address,
              guint16     port)
{
  struct sockaddr_in from = { .sin_family = AF_INET }, to = { .sin_family = AF_INET, .sin_port = htons (port) };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (inet_pton (AF_INET, from_address, &from.sin_addr), ==, 1);
  g_assert_cmpint (inet_pton (AF_INET, to_address, &to.sin_addr), ==, 1);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &from, sizeof from), ==, 0);
  g_assert_cmpint (connect (fd, (struct sockaddr *) &to, sizeof to), ==, 0);
  return fd;
}

static void
send_text (int         fd,
           const char *text)
{
  g_assert_cmpint (send (fd, text, strlen (text), MSG_NOSIGNAL), ==, (gssize) strlen (text));
}

/* Everything the hub sends until it closes the connection (each request
 * here asks it to, or is refused with "Connection: close"). */
static char *
read_until_closed (int fd)
{
  GString *reply = g_string_new (NULL);
  char buffer[4096];
  gssize got;

  while ((got = recv (fd, buffer, sizeof buffer, 0)) > 0)
    g_string_append_len (reply, buffer, got);
  return g_string_free (reply, FALSE);
}

static guint
status_of (const char *reply)
{
  g_assert_true (g_str_has_prefix (reply, "HTTP/1.1 "));
  return (guint) g_ascii_strtoull (reply + strlen ("HTTP/1.1 "), NULL, 10);
}

/* Sends @head (request line and headers, no body) and returns the reply,
 * which must come without a byte of the body being sent. */
static char *
answer_to_head (const char *from_address,
                const char *to_address,
                guint16     port,
                const char *head)
{
  int fd = connect_from (from_address, to_address, port);
  char *reply;

  send_text (fd, head);
  reply = read_until_closed (fd);
  close (fd);
  return reply;
}

static char *
get_totals_from (const char *from_address,
                 const char *to_address,
                 guint16     port)
{
  return answer_to_head (from_address, to_address, port,
                         "GET /v1/fairs/" FAIR "/totals HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n\r\n");
}

/* kB from the hub's /proc/PID/status, such as VmRSS or VmHWM. */
static guint64
hub_memory_kb (TestHub    *hub,
               const char *field)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status", g_subprocess_get_identifier (hub->process));
  g_autofree char *status = NULL;
  g_autofree char *key = g_strconcat ("\n", field, ":", NULL);
  const char *line;

  g_assert_true (g_file_get_contents (path, &status, NULL, NULL));
  line = strstr (status, key);
  g_assert_nonnull (line);
  return g_ascii_strtoull (line + strlen (key), NULL, 10);
}

/* ---- bodies over the limit ---- */

/* Four requests declaring 4 MiB bodies, on routes that take kilobytes or
 * nothing, are answered 413 from their headers: the hub reads none of
 * the body and its peak memory does not grow by one body, let alone four.
 * (Before, each was buffered whole before routing, and four kept every
 * worker busy.) */
static void
test_oversize_refused_before_buffering (TestHub       *hub,
                                        gconstpointer  data)
{
  const char *heads[] = {
    "POST /v1/enroll HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n",
    "POST /v1/session HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n",
    "POST /login HTTP/1.1\r\nHost: hub\r\nContent-Type: application/x-www-form-urlencoded\r\n"
    "Content-Length: %d\r\n\r\n",
    "GET /v1/fairs/" FAIR "/totals HTTP/1.1\r\nHost: hub\r\nContent-Length: %d\r\n\r\n",
  };
  int fds[G_N_ELEMENTS (heads)];
  guint64 peak_before, peak_after;

  /* The hub's own start-up and a first request are behind it. */
  g_free (get_totals_from ("127.0.0.1", "127.0.0.1", hub->port));
  peak_before = hub_memory_kb (hub, "VmHWM");
  for (guint i = 0; i < G_N_ELEMENTS (heads); i++)
    {
      g_autofree char *head = g_strdup_printf (heads[i], DECLARED_BYTES);

      fds[i] = connect_from ("127.0.0.1", "127.0.0.1", hub->port);
      send_text (fds[i], head);
    }
  for (guint i = 0; i < G_N_ELEMENTS (heads); i++)
    {
      g_autofree char *reply = read_until_closed (fds[i]);

      g_test_message ("%s", reply);
      g_assert_cmpuint (status_of (reply), ==, 413);
      g_assert_nonnull (strstr (reply, "\"too_large\""));
      close (fds[i]);
    }
  peak_after = hub_memory_kb (hub, "VmHWM");
  g_test_message ("hub VmHWM %" G_GUINT64_FORMAT " kB before, %" G_GUINT64_FORMAT " kB after; VmRSS %"
                  G_GUINT64_FORMAT " kB", peak_before, peak_after, hub_memory_kb (hub, "VmRSS"));
  g_assert_cmpuint (peak_after - peak_before, <, DECLARED_BYTES / 1024);
  /* The message names the limit. */
  {
    g_autofree char *reply = answer_to_head ("127.0.0.1", "127.0.0.1", hub->port,
                                             "POST /v1/enroll HTTP/1.1\r\nHost: hub\r\nContent-Length: 8193\r\n\r\n");

    g_assert_nonnull (strstr (reply, "The body of POST /v1/enroll may be at most 8192 bytes"));
  }
}

/* A chunked body declares no length: the hub counts it, keeps none of it
 * past the limit, and answers 413 at its end. */
static void
test_chunked_oversize_refused (TestHub       *hub,
                               gconstpointer  data)
{
  int fd = connect_from ("127.0.0.1", "127.0.0.1", hub->port);
  g_autofree char *chunk = g_strnfill (0x4000, '[');
  g_autofree char *reply = NULL;
  guint64 peak_before = hub_memory_kb (hub, "VmHWM");

  send_text (fd, "POST /v1/session HTTP/1.1\r\nHost: hub\r\nTransfer-Encoding: chunked\r\n\r\n");
  for (guint i = 0; i < 8; i++)
    {
      send_text (fd, "4000\r\n");
      send_text (fd, chunk);
      send_text (fd, "\r\n");
    }
  send_text (fd, "0\r\n\r\n");
  reply = read_until_closed (fd);
  close (fd);
  g_assert_cmpuint (status_of (reply), ==, 413);
  g_assert_nonnull (strstr (reply, "may be at most 8192 bytes"));
  g_assert_cmpuint (hub_memory_kb (hub, "VmHWM") - peak_before, <, 1024);
}

/* An events upload is authenticated from its headers: an unknown device,
 * a wrong token or none gets 401 while the body is still unsent, so a
 * stranger cannot make the hub hold 4 MiB. A device with its own token
 * that declares more than a batch may be gets 413 the same way; within
 * the limit, the hub waits for the body as before. */
static void
test_upload_authenticated_before_body (TestHub       *hub,
                                       gconstpointer  data)
{
  g_autoptr(OcopStore) booth = NULL;
  g_autofree char *token = NULL, *device = NULL, *wrong_token = NULL, *no_device = NULL, *no_token = NULL;
  g_autofree char *too_large = NULL;
  g_autofree char *head = NULL;
  int fd;

  booth = test_device_new (hub, "booth", FAIR, "QN-07");
  token = test_util_sync_text (booth, token);
  device = test_util_sync_text (booth, device_id);
  no_device = g_strdup_printf ("POST /v1/devices/dv-nobody/events HTTP/1.1\r\nHost: hub\r\n"
                               "Authorization: Bearer %s\r\nContent-Length: 1000000\r\n\r\n", token);
  wrong_token = g_strdup_printf ("POST /v1/devices/%s/events HTTP/1.1\r\nHost: hub\r\n"
                                 "Authorization: Bearer AAAA\r\nContent-Length: 1000000\r\n\r\n", device);
  no_token = g_strdup_printf ("POST /v1/devices/%s/events HTTP/1.1\r\nHost: hub\r\n"
                              "Content-Length: 1000000\r\n\r\n", device);
  too_large = g_strdup_printf ("POST /v1/devices/%s/events HTTP/1.1\r\nHost: hub\r\n"
                               "Authorization: Bearer %s\r\nContent-Length: %d\r\n\r\n", device, token,
                               4 * 1024 * 1024 + 1);
  for (guint i = 0; i < 3; i++)
    {
      const char *heads[] = { no_device, wrong_token, no_token };
      g_autofree char *reply = answer_to_head ("127.0.0.1", "127.0.0.1", hub->port, heads[i]);

      g_test_message ("%s", reply);
      g_assert_cmpuint (status_of (reply), ==, 401);
      g_assert_nonnull (strstr (reply, "\"unauthorized\""));
    }
  {
    g_autofree char *reply = answer_to_head ("127.0.0.1", "127.0.0.1", hub->port, too_large);

    g_assert_cmpuint (status_of (reply), ==, 413);
  }
  /* The device's own upload within the limit: the hub waits for the
   * body (here a broken one, 400), and nothing is stored from it. */
  head = g_strdup_printf ("POST /v1/devices/%s/events HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer %s\r\n"
                          "Connection: close\r\nContent-Length: 2\r\n\r\n", device, token);
  fd = connect_from ("127.0.0.1", "127.0.0.1", hub->port);
  send_text (fd, head);
  send_text (fd, "{}");
  {
    g_autofree char *reply = read_until_closed (fd);

    g_assert_cmpuint (status_of (reply), ==, 400);
  }
  close (fd);
  g_assert_cmpint (test_hub_query_int (hub, "SELECT count (*) FROM event"), ==, 0);
}

/* Bodies being received at once are bounded across all connections (64
 * MiB): a 17th upload of 4 MiB while 16 are under way is read without
 * being kept and told to come back (503 and Retry-After, which the booths
 * honour; answered after its body, so that the booth reads the answer
 * rather than a reset connection); once they end, an upload is taken
 * again. */
static void
test_uploads_in_flight_bounded (TestHub       *hub,
                                gconstpointer  data)
{
  g_autoptr(OcopStore) booth = NULL;
  g_autofree char *token = NULL, *device = NULL, *head = NULL, *small = NULL;
  int fds[16];
  gint64 give_up;
  guint status;

  booth = test_device_new (hub, "booth", FAIR, "QN-07");
  token = test_util_sync_text (booth, token);
  device = test_util_sync_text (booth, device_id);
  /* "Expect: 100-continue": the hub says "100 Continue" once it has read
   * a head and taken the upload, so the 16 are under way before the 17th
   * is sent. */
  head = g_strdup_printf ("POST /v1/devices/%s/events HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer %s\r\n"
                          "Connection: close\r\nExpect: 100-continue\r\nContent-Length: %d\r\n\r\n",
                          device, token, DECLARED_BYTES);
  for (guint i = 0; i < G_N_ELEMENTS (fds); i++)
    {
      char interim[64] = "";

      fds[i] = connect_from ("127.0.0.1", "127.0.0.1", hub->port);
      send_text (fds[i], head);
      g_assert_cmpint (recv (fds[i], interim, sizeof interim - 1, 0), >, 0);
      g_assert_true (g_str_has_prefix (interim, "HTTP/1.1 100"));
    }
  {
    g_autofree char *body = g_strnfill (DECLARED_BYTES, ' ');
    g_autofree char *reply = NULL;
    guint64 peak_before = hub_memory_kb (hub, "VmHWM");
    g_autofree char *plain = g_strdup_printf ("POST /v1/devices/%s/events HTTP/1.1\r\nHost: hub\r\n"
                                              "Authorization: Bearer %s\r\nConnection: close\r\n"
                                              "Content-Length: %d\r\n\r\n", device, token, DECLARED_BYTES);
    int fd = connect_from ("127.0.0.2", "127.0.0.1", hub->port);

    send_text (fd, plain);
    send_text (fd, body);
    reply = read_until_closed (fd);
    close (fd);
    g_test_message ("%s", reply);
    g_assert_cmpuint (status_of (reply), ==, 503);
    g_assert_nonnull (strstr (reply, "Retry-After: 5"));
    g_assert_cmpuint (hub_memory_kb (hub, "VmHWM") - peak_before, <, DECLARED_BYTES / 1024);
  }
  for (guint i = 0; i < G_N_ELEMENTS (fds); i++)
    close (fds[i]);
  /* The hub notices the closed connections on its own threads; the
   * deadline only keeps a broken hub from hanging the test. */
  small = g_strdup_printf ("POST /v1/devices/%s/events HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer %s\r\n"
                           "Connection: close\r\nContent-Length: 2\r\n\r\n{}", device, token);
  give_up = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  do
    {
      g_autofree char *reply = answer_to_head ("127.0.0.2", "127.0.0.1", hub->port, small);

      status = status_of (reply);
    }
  while (status == 503 && g_get_monotonic_time () < give_up);
  g_assert_cmpuint (status, ==, 400);
}

/* ---- connections ---- */

static gboolean
closed_by_peer (int fd)
{
  struct pollfd poll_fd = { .fd = fd, .events = POLLIN };
  char byte;

  if (poll (&poll_fd, 1, 0) <= 0)
    return FALSE;
  return recv (fd, &byte, 1, MSG_DONTWAIT) <= 0;
}

static guint
count_open (const int *fds,
            guint      n)
{
  guint open = 0;

  for (guint i = 0; i < n; i++)
    open += !closed_by_peer (fds[i]);
  return open;
}

/* 530 requests left half-sent from one address (the attack that made the
 * hub unreachable) take at most its per-address share of connections: a
 * booth at another address (127.0.0.2, which Linux routes to lo) still
 * reads the totals, the surplus is closed at once and the rest when their
 * idle timeout passes. */
static void
test_half_open_from_one_address (TestHub       *hub,
                                 gconstpointer  data)
{
  enum { N = 530 };
  int fds[N];
  gint64 give_up;

  for (guint i = 0; i < N; i++)
    {
      fds[i] = connect_from ("127.0.0.1", "127.0.0.1", hub->port);
      send_text (fds[i], "POST /v1/enroll HTTP/1.1\r\nHost: hub\r\nContent-Le");
    }
  {
    g_autofree char *reply = get_totals_from ("127.0.0.2", "127.0.0.1", hub->port);

    g_assert_cmpuint (status_of (reply), ==, 200);
    g_assert_nonnull (strstr (reply, "\"fair\":\"" FAIR "\""));
  }
  /* Not a speed check: the deadlines only keep a broken hub from hanging
   * the test, well past the hub's 60 s idle timeout. */
  give_up = g_get_monotonic_time () + 180 * G_USEC_PER_SEC;
  while (count_open (fds, N) > 32 && g_get_monotonic_time () < give_up)
    g_usleep (50 * 1000);
  g_test_message ("%u of %u half-sent connections still open after the totals were read", count_open (fds, N), N);
  g_assert_cmpuint (count_open (fds, N), <=, 32);
  while (count_open (fds, N) > 0 && g_get_monotonic_time () < give_up)
    g_usleep (200 * 1000);
  g_assert_cmpuint (count_open (fds, N), ==, 0);
  for (guint i = 0; i < N; i++)
    close (fds[i]);
  /* And the address that attacked is served again once it behaves. */
  {
    g_autofree char *reply = get_totals_from ("127.0.0.1", "127.0.0.1", hub->port);

    g_assert_cmpuint (status_of (reply), ==, 200);
  }
}

/* ---- an open hub (no organizer, no admin token) ---- */

/* A request a reverse proxy on the machine relays is not the machine's
 * own: an open hub refuses it the totals even though its peer is
 * 127.0.0.1. */
static void
test_open_hub_relayed_refused (TestHub       *hub,
                               gconstpointer  data)
{
  const char *heads[] = {
    "GET /v1/fairs/" FAIR "/totals HTTP/1.1\r\nHost: hub\r\nX-Forwarded-For: 203.0.113.7\r\n"
    "Connection: close\r\n\r\n",
    "GET /v1/fairs/" FAIR "/totals HTTP/1.1\r\nHost: hub\r\nForwarded: for=203.0.113.7\r\n"
    "Connection: close\r\n\r\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (heads); i++)
    {
      g_autofree char *reply = answer_to_head ("127.0.0.1", "127.0.0.1", hub->port, heads[i]);

      g_assert_cmpuint (status_of (reply), ==, 403);
      g_assert_nonnull (strstr (reply, "only on its own machine"));
    }
}

static void
test_loopback_addresses (void)
{
  const struct {
    const char *text;
    gboolean    loopback;
  } cases[] = {
    { "127.0.0.1", TRUE }, { "127.0.0.2", TRUE }, { "127.255.255.254", TRUE },
    { "::1", TRUE }, { "::ffff:127.0.0.1", TRUE },
    { "128.0.0.1", FALSE }, { "10.0.0.1", FALSE }, { "192.168.1.10", FALSE }, { "0.0.0.0", FALSE },
    { "::ffff:10.0.0.1", FALSE }, { "fe80::1", FALSE }, { "::", FALSE },
  };
  struct sockaddr_un local = { .sun_family = AF_UNIX, .sun_path = "/run/ocop-hub.sock" };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      struct sockaddr_in in = { .sin_family = AF_INET };
      struct sockaddr_in6 in6 = { .sin6_family = AF_INET6 };
      const struct sockaddr *address = (const struct sockaddr *) &in;

      if (inet_pton (AF_INET, cases[i].text, &in.sin_addr) != 1)
        {
          g_assert_cmpint (inet_pton (AF_INET6, cases[i].text, &in6.sin6_addr), ==, 1);
          address = (const struct sockaddr *) &in6;
        }
      g_test_message ("%s", cases[i].text);
      g_assert_cmpint (ocop_hub_address_is_loopback (address), ==, cases[i].loopback);
    }
  g_assert_false (ocop_hub_address_is_loopback ((const struct sockaddr *) &local));
  g_assert_false (ocop_hub_address_is_loopback (NULL));
}

/* An IPv4 address of this machine on an interface that is up and not
 * loopback, or NULL. */
static char *
non_loopback_address (void)
{
  struct ifaddrs *all = NULL;
  char text[INET_ADDRSTRLEN] = "";

  if (getifaddrs (&all) != 0)
    return NULL;
  for (struct ifaddrs *each = all; each != NULL && *text == '\0'; each = each->ifa_next)
    if (each->ifa_addr != NULL && each->ifa_addr->sa_family == AF_INET && (each->ifa_flags & IFF_UP) &&
        !(each->ifa_flags & IFF_LOOPBACK))
      inet_ntop (AF_INET, &((struct sockaddr_in *) each->ifa_addr)->sin_addr, text, sizeof text);
  freeifaddrs (all);
  return *text ? g_strdup (text) : NULL;
}

static GPtrArray *
serve_argv (const char *db,
            const char *first_arg,
            va_list     args)
{
  GPtrArray *argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (char *) g_getenv ("OCOP_HUB"));
  g_ptr_array_add (argv, (char *) "serve");
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, (char *) db);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  g_ptr_array_add (argv, NULL);
  return argv;
}

/* `ocop-hub serve ARGS…` on @db that must fail at start-up: its exit
 * status, with stderr in *@err. */
static int
serve_until_exit (const char  *db,
                  char       **err,
                  const char  *first_arg,
                  ...)
{
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  va_list args;

  va_start (args, first_arg);
  argv = serve_argv (db, first_arg, args);
  va_end (args);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

/* A hub running with stdout and stderr piped, once it says its port. */
static GSubprocess *
serve (const char *db,
       guint16    *port,
       const char *first_arg,
       ...)
{
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  GSubprocess *process;
  va_list args;

  va_start (args, first_arg);
  argv = serve_argv (db, first_arg, args);
  va_end (args);
  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "ocop-hub: listening on port "));
  *port = (guint16) g_ascii_strtoull (line + strlen ("ocop-hub: listening on port "), NULL, 10);
  g_assert_cmpuint (*port, >, 0);
  return process;
}

/* SIGTERM, a clean exit, and everything the hub said on stderr. */
static char *
stop_cleanly (GSubprocess *process)
{
  g_autoptr(GDataInputStream) err = g_data_input_stream_new (g_subprocess_get_stderr_pipe (process));
  g_autoptr(GError) error = NULL;
  char *said;

  g_subprocess_send_signal (process, SIGTERM);
  said = g_data_input_stream_read_upto (err, "", 0, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (process, NULL, NULL));
  g_object_unref (process);
  return said ? said : g_strdup ("");
}

/* Without an organizer and an admin token the hub refuses to listen
 * beyond loopback unless told --open, and says why; with an admin token
 * it listens there without a word. */
static void
test_open_hub_listen_refused (TestHub       *hub,
                              gconstpointer  data)
{
  g_autofree char *err = NULL, *token_file = g_build_filename (hub->dir, "admin-token", NULL);
  g_autofree char *said = NULL;
  guint16 port = 0;

  g_assert_cmpint (serve_until_exit (hub->db, &err, "--listen", "0.0.0.0:0", NULL), ==, 1);
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, "Refusing to listen on 0.0.0.0:0"));
  g_assert_nonnull (strstr (err, "--open"));
  g_assert_true (g_file_set_contents (token_file, ADMIN_TOKEN "\n", -1, NULL));
  said = stop_cleanly (serve (hub->db, &port, "--listen", "0.0.0.0:0", "--admin-token-file", token_file, NULL));
  g_assert_null (strstr (said, "OPEN HUB"));
}

/* With --open on every address, the machine itself reads the totals and
 * a peer at the machine's LAN address (a booth on the fair's Wi-Fi, as
 * far as the hub can tell) is refused; the start-up says so loudly. */
static void
test_open_hub_totals_for_loopback_only (TestHub       *hub,
                                        gconstpointer  data)
{
  g_autofree char *lan = non_loopback_address ();
  g_autofree char *said = NULL, *local = NULL, *remote = NULL;
  GSubprocess *process;
  guint16 port = 0;

  if (lan == NULL)
    {
      g_test_skip ("this machine has no IPv4 address besides loopback (the address check is tested alone)");
      return;
    }
  process = serve (hub->db, &port, "--listen", "0.0.0.0:0", "--open", NULL);
  local = get_totals_from ("127.0.0.1", "127.0.0.1", port);
  remote = get_totals_from (lan, lan, port);
  said = stop_cleanly (process);
  g_test_message ("from %s: %s", lan, remote);
  g_assert_cmpuint (status_of (local), ==, 200);
  g_assert_cmpuint (status_of (remote), ==, 403);
  g_assert_nonnull (strstr (remote, "only on its own machine"));
  g_assert_nonnull (strstr (said, "WARNING: OPEN HUB"));
}

/* ---- the admin token ---- */

/* An empty file made "Bearer " an admin login and "abc" was accepted:
 * both, and anything under 32 characters, stop the hub at start-up with
 * the file named; 32 characters start it. */
static void
test_short_admin_tokens_refused (TestHub       *hub,
                                 gconstpointer  data)
{
  const char *tokens[] = { "", "\n", "   \n", "abc\n", "0123456789abcdef0123456789abcde\n" };
  g_autofree char *file = g_build_filename (hub->dir, "admin-token", NULL);
  guint16 port = 0;

  for (guint i = 0; i < G_N_ELEMENTS (tokens); i++)
    {
      g_autofree char *err = NULL;

      g_assert_true (g_file_set_contents (file, tokens[i], -1, NULL));
      g_assert_cmpint (serve_until_exit (hub->db, &err, "--listen", "127.0.0.1:0", "--admin-token-file", file,
                                         NULL), ==, 1);
      g_test_message ("%s", err);
      g_assert_nonnull (strstr (err, file));
      g_assert_nonnull (strstr (err, "at least 32"));
    }
  g_assert_true (g_file_set_contents (file, "0123456789abcdef0123456789abcdef\n", -1, NULL));
  g_free (stop_cleanly (serve (hub->db, &port, "--listen", "127.0.0.1:0", "--admin-token-file", file, NULL)));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  curl_global_init (CURL_GLOBAL_DEFAULT);
#define ADD(path, func) g_test_add (path, TestHub, NULL, hub_set_up, func, hub_tear_down)
  ADD ("/limits/body/oversize-refused-before-buffering", test_oversize_refused_before_buffering);
  ADD ("/limits/body/chunked-oversize-refused", test_chunked_oversize_refused);
  ADD ("/limits/body/upload-authenticated-before-body", test_upload_authenticated_before_body);
  ADD ("/limits/body/uploads-in-flight-bounded", test_uploads_in_flight_bounded);
  ADD ("/limits/connections/half-open-from-one-address", test_half_open_from_one_address);
  g_test_add_func ("/limits/open-hub/loopback-addresses", test_loopback_addresses);
  ADD ("/limits/open-hub/relayed-refused", test_open_hub_relayed_refused);
  ADD ("/limits/open-hub/listen-refused-without-open", test_open_hub_listen_refused);
  ADD ("/limits/open-hub/totals-for-loopback-only", test_open_hub_totals_for_loopback_only);
  ADD ("/limits/admin-token/short-refused", test_short_admin_tokens_refused);
  return g_test_run ();
}
