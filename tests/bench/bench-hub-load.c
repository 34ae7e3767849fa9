/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-hub-load.c: a fair's busiest minute against a real ocop-hub
 * process on loopback: 200 booths uploading at once while an organizer
 * reads the totals and the dashboard, without and then with an attacker
 * holding connections and sending junk; events per second, the
 * organizer's latency and the hub's peak memory. */

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dlfcn.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>
#include <curl/curl.h>

#include "bench-util.h"
#include "ocop-demo.h"
#include "ocop-hub-accounts.h"
#include "ocop-hub-enroll.h"
#include "ocop-store-private.h"
#include "ocop-sync-client.h"

static int n_booths = 200;
static int n_sales = 200;
static char *hub_db = NULL;

static const GOptionEntry entries[] = {
  { "booths", 'b', 0, G_OPTION_ARG_INT, &n_booths, "Booths uploading at once (default 200)", "N" },
  { "sales", 'n', 0, G_OPTION_ARG_INT, &n_sales, "Sales each booth uploads in each phase (default 200)", "N" },
  { "hub-db", 0, 0, G_OPTION_ARG_STRING, &hub_db, "The hub's database (default: SQLite in a temporary folder;"
    " postgresql://… for PostgreSQL, e.g. through tests/sync/run-pg.sh)", "DB" },
  { NULL }
};

#define FAIR "bench"
#define ORGANIZER "ban-to-chuc"
#define PASSWORD "hoa-sim-tim-2024"
#define HALF_OPEN 530

/* ---- each booth from an address of its own ----
 *
 * Booths on the fair's Wi-Fi each have their address, and the hub limits
 * connections per address; the client (libcurl) connects from 127.0.0.1.
 * A booth's thread names its address here, and this connect(), which the
 * executable's symbol puts before libc's for libcurl too, binds the socket
 * to it first: 127.0.1.x, which Linux routes to lo like all of 127/8. */

static __thread const struct sockaddr_in *booth_source;

int
connect (int                    fd,
         const struct sockaddr *address,
         socklen_t              length)
{
  static int (*libc_connect) (int, const struct sockaddr *, socklen_t);

  if (libc_connect == NULL)
    libc_connect = (int (*) (int, const struct sockaddr *, socklen_t)) dlsym (RTLD_NEXT, "connect");
  if (booth_source != NULL && address->sa_family == AF_INET &&
      bind (fd, (const struct sockaddr *) booth_source, sizeof *booth_source) != 0)
    return -1;
  return libc_connect (fd, address, length);
}

static struct sockaddr_in
loopback_address (int a,
                  int b)
{
  struct sockaddr_in address = { .sin_family = AF_INET };

  address.sin_addr.s_addr = htonl ((127u << 24) | ((guint) a << 8) | (guint) b);
  return address;
}

/* ---- the hub: a process of its own, for its memory alone ---- */

typedef struct {
  GSubprocess    *process;
  OcopHubBackend *backend;   /* the same database, for enrollment codes */
  guint16         port;
  char           *url;
} Hub;

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static void
hub_start (Hub        *hub,
           const char *db)
{
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  /* libmicrohttpd logs every connection the attacker leaves half-sent. */
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);

  /* A bench that stops half-way leaves no hub behind. */
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  hub->process = g_subprocess_launcher_spawn (launcher, &error, OCOP_HUB_BINARY, "serve", "--db", db, "--listen",
                                              "127.0.0.1:0", "--threads", "4", NULL);
  if (hub->process == NULL)
    g_error ("%s", error->message);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (hub->process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  if (line == NULL || !g_str_has_prefix (line, "ocop-hub: listening on port "))
    g_error ("the hub did not start: %s", error ? error->message : line ? line : "no output");
  hub->port = (guint16) g_ascii_strtoull (line + strlen ("ocop-hub: listening on port "), NULL, 10);
  hub->url = g_strdup_printf ("http://127.0.0.1:%u", hub->port);
}

/* kB from the hub's /proc/PID/status: VmRSS or VmHWM. */
static guint64
hub_memory_kb (Hub        *hub,
               const char *field)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status", g_subprocess_get_identifier (hub->process));
  g_autofree char *status = NULL, *key = g_strconcat ("\n", field, ":", NULL);
  const char *line;

  if (!g_file_get_contents (path, &status, NULL, NULL) || !(line = strstr (status, key)))
    g_error ("cannot read %s of the hub", field);
  return g_ascii_strtoull (line + strlen (key), NULL, 10);
}

/* Starts the hub's peak (VmHWM) again from its present size. */
static void
hub_reset_peak (Hub *hub)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/clear_refs", g_subprocess_get_identifier (hub->process));
  FILE *file = fopen (path, "w");

  /* Not g_file_set_contents: /proc takes no temporary file and rename. */
  if (file == NULL || fputs ("5", file) < 0 || fclose (file) != 0)
    g_error ("cannot reset the hub's VmHWM through %s", path);
}

/* ---- the booths ---- */

typedef struct {
  char              *path;
  struct sockaddr_in source;
  gint64             events;
  char              *failure;   /* of its last round, which a till would retry */
} Booth;

/* A store with the demo fair, copied for each booth: making 200 stores
 * one by one (with their fsyncs) took a second each on a loaded machine. */
static char *
make_template (const char *work)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (work, "template.db", NULL);
  g_autoptr(OcopStore) store = ocop_store_open (path, &error);

  if (store == NULL || !ocop_demo_create (store, NULL, &error))
    g_error ("%s", error->message);
  return path;
}

static Booth *
booth_new (Hub        *hub,
           const char *work,
           const char *template,
           int         index)
{
  g_autofree char *name = g_strdup_printf ("booth-%03d.db", index);
  g_autofree char *code = ocop_hub_new_enrollment_code ();
  g_autofree char *hash = ocop_hub_hash_enrollment_code (code, NULL);
  g_autofree char *code_of_booth = g_strdup_printf ("QN-%03d", index);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) from = g_file_new_for_path (template);
  g_autoptr(GFile) to = NULL;
  g_autoptr(OcopSyncClient) client = NULL;
  Booth *booth = g_new0 (Booth, 1);
  gint64 now = g_get_real_time ();

  booth->path = g_build_filename (work, name, NULL);
  booth->source = loopback_address (1 + index / 250, 1 + index % 250);
  to = g_file_new_for_path (booth->path);
  if (!g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error) ||
      !ocop_hub_backend_add_enrollment (hub->backend, hash, FAIR, code_of_booth, now,
                                        now + G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC, &error))
    g_error ("%s", error->message);
  client = ocop_sync_client_new (booth->path);
  booth_source = &booth->source;
  if (!ocop_sync_client_enroll (client, hub->url, code, NULL, &error))
    g_error ("enroll: %s", error->message);
  booth_source = NULL;
  return booth;
}

static void
booth_free (Booth *booth)
{
  g_free (booth->path);
  g_free (booth->failure);
  g_free (booth);
}

/* Sales rung up while the booth was offline, quietly (bench_fill_sales
 * would print a line per booth). */
static void
booth_ring_up (Booth *booth,
               int    phase)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopStore) store = ocop_store_open (booth->path, &error);
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed ((guint32) (phase * 1000 + booth->source.sin_addr.s_addr));

  if (store == NULL || !ocop_store_begin (store, &error))
    g_error ("%s", error->message);
  products = ocop_store_list_products (store, NULL);
  for (int i = 0; i < n_sales; i++)
    {
      ocop_store_set_clock (store, BENCH_FIRST_MORNING_US + phase * 3600 * G_USEC_PER_SEC + i * 10 * G_USEC_PER_SEC);
      bench_commit_random_sale (store, products, rand);
    }
  if (!ocop_store_commit (store, &error))
    g_error ("%s", error->message);
}

static void
booth_sync (gpointer data,
            gpointer user_data)
{
  Booth *booth = data;
  g_autoptr(OcopSyncClient) client = ocop_sync_client_new (booth->path);
  g_autoptr(GError) error = NULL;
  OcopSyncRound round;

  booth_source = &booth->source;
  g_clear_pointer (&booth->failure, g_free);
  booth->events = 0;
  if (ocop_sync_client_run_round (client, &round, NULL, &error))
    {
      booth->events = round.events_sent;
      ocop_sync_round_clear (&round);
    }
  else
    booth->failure = g_strdup (error->message);
  booth_source = NULL;
}

/* ---- the organizer: the totals and the dashboard page, again and again ---- */

typedef struct {
  Hub          *hub;
  char         *session;
  gint          stop;
  BenchSamples  totals;
  BenchSamples  page;
  guint         failures;
  GThread      *thread;
} Organizer;

static size_t
discard (char   *data,
         size_t  size,
         size_t  count,
         void   *user_data)
{
  return size * count;
}

/* One GET as the organizer; its time in microseconds, or -1 unless 200. */
static gint64
organizer_get (Organizer  *organizer,
               CURL       *curl,
               const char *path,
               gboolean    as_page)
{
  g_autofree char *url = g_strconcat (organizer->hub->url, path, NULL);
  g_autofree char *credential = as_page ? g_strconcat ("ocop_session=", organizer->session, NULL)
                                        : g_strconcat ("Authorization: Bearer ", organizer->session, NULL);
  struct curl_slist *headers = as_page ? NULL : curl_slist_append (NULL, credential);
  gint64 start = g_get_monotonic_time ();
  long status = 0;

  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt (curl, CURLOPT_COOKIE, as_page ? credential : NULL);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, discard);
  curl_easy_setopt (curl, CURLOPT_TIMEOUT, 60L);
  if (curl_easy_perform (curl) == CURLE_OK)
    curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all (headers);
  return status == 200 ? g_get_monotonic_time () - start : -1;
}

static gpointer
organizer_run (gpointer data)
{
  Organizer *organizer = data;
  CURL *curl = curl_easy_init ();
  struct sockaddr_in source = loopback_address (2, 1);

  booth_source = &source;
  while (!g_atomic_int_get (&organizer->stop))
    {
      gint64 totals = organizer_get (organizer, curl, "/v1/fairs/" FAIR "/totals", FALSE);
      gint64 page = organizer_get (organizer, curl, "/?fair=" FAIR, TRUE);

      if (totals < 0 || page < 0)
        organizer->failures++;
      if (totals >= 0)
        bench_samples_add (&organizer->totals, totals);
      if (page >= 0)
        bench_samples_add (&organizer->page, page);
      g_usleep (100 * 1000);
    }
  curl_easy_cleanup (curl);
  return NULL;
}

/* The sign-in's reply: a token and a name, well under a kilobyte. */
typedef struct {
  char  text[1024];
  gsize length;
} ShortReply;

static size_t
keep_short_reply (char   *data,
                  size_t  size,
                  size_t  count,
                  void   *user_data)
{
  ShortReply *reply = user_data;
  gsize kept = MIN (size * count, sizeof reply->text - 1 - reply->length);

  memcpy (reply->text + reply->length, data, kept);
  reply->length += kept;
  return size * count;
}

static char *
sign_in (Hub *hub)
{
  g_autofree char *url = g_strconcat (hub->url, "/v1/session", NULL);
  ShortReply reply = { "", 0 };
  g_autoptr(JsonNode) node = NULL;
  CURL *curl = curl_easy_init ();
  struct curl_slist *headers = curl_slist_append (NULL, "Content-Type: application/json");
  long status = 0;

  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt (curl, CURLOPT_POSTFIELDS, "{\"name\": \"" ORGANIZER "\", \"password\": \"" PASSWORD "\"}");
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, keep_short_reply);
  curl_easy_setopt (curl, CURLOPT_WRITEDATA, &reply);
  if (curl_easy_perform (curl) == CURLE_OK)
    curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all (headers);
  curl_easy_cleanup (curl);
  if (status != 201 || !(node = json_from_string (reply.text, NULL)) || !JSON_NODE_HOLDS_OBJECT (node))
    g_error ("sign-in: %ld %s", status, reply.text);
  return g_strdup (json_object_get_string_member (json_node_get_object (node), "token"));
}

/* ---- the attacker ---- */

typedef struct {
  Hub     *hub;
  gint     stop;
  gint     held;       /* half-sent connections that lasted since the last look */
  gint     opened;     /* half-sent connections opened in all */
  gint     junk_sent;  /* junk requests sent */
  gint     refused;    /* of them answered 4xx, or closed unanswered */
  GThread *holder;
  GThread *sender;
} Attacker;

static int
attacker_connect (Hub  *hub,
                  int   b)
{
  struct sockaddr_in from = loopback_address (0, b), to = loopback_address (0, 1);
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  to.sin_port = htons (hub->port);
  if (fd < 0 || bind (fd, (struct sockaddr *) &from, sizeof from) != 0 ||
      connect (fd, (struct sockaddr *) &to, sizeof to) != 0)
    {
      if (fd >= 0)
        close (fd);
      return -1;
    }
  return fd;
}

static gboolean
still_open (int fd)
{
  struct pollfd poll_fd = { .fd = fd, .events = POLLIN };
  char byte;

  return poll (&poll_fd, 1, 0) == 0 || recv (fd, &byte, 1, MSG_DONTWAIT) > 0;
}

/* 530 requests left half-sent from one address (127.0.0.66), opened again
 * as the hub closes them. */
static gpointer
attacker_hold (gpointer data)
{
  Attacker *attacker = data;
  static const char partial[] = "POST /v1/enroll HTTP/1.1\r\nHost: hub\r\nContent-Le";
  int fds[HALF_OPEN];

  for (int i = 0; i < HALF_OPEN; i++)
    fds[i] = -1;
  while (!g_atomic_int_get (&attacker->stop))
    {
      int held = 0;

      for (int i = 0; i < HALF_OPEN; i++)
        {
          if (fds[i] >= 0 && still_open (fds[i]))
            {
              held++;
              continue;
            }
          if (fds[i] >= 0)
            close (fds[i]);
          if ((fds[i] = attacker_connect (attacker->hub, 66)) >= 0)
            {
              (void) !send (fds[i], partial, sizeof partial - 1, MSG_NOSIGNAL);
              g_atomic_int_inc (&attacker->opened);
            }
        }
      g_atomic_int_set (&attacker->held, held);
      g_usleep (200 * 1000);
    }
  for (int i = 0; i < HALF_OPEN; i++)
    if (fds[i] >= 0)
      close (fds[i]);
  return NULL;
}

/* One junk request from 127.0.0.@b: its head, then up to @body_size
 * bytes of @body (as much as the hub takes), then the answer. */
static void
attacker_send (Attacker   *attacker,
               int         b,
               const char *head,
               const char *body,
               gsize       body_size)
{
  int fd = attacker_connect (attacker->hub, b);
  char reply[16] = "";

  if (fd < 0)
    return;
  g_atomic_int_inc (&attacker->junk_sent);
  (void) !send (fd, head, strlen (head), MSG_NOSIGNAL);
  for (gsize sent = 0; sent < body_size;)
    {
      gssize n = send (fd, body + sent, body_size - sent, MSG_NOSIGNAL);

      if (n <= 0)
        break;
      sent += (gsize) n;
    }
  if (recv (fd, reply, sizeof reply - 1, 0) <= 0 || g_str_has_prefix (reply, "HTTP/1.1 4"))
    g_atomic_int_inc (&attacker->refused);
  close (fd);
}

/* Oversize bodies (4 MiB declared, and sent), deep JSON within the
 * limit and past it, and bytes that are not HTTP, from four addresses. */
static gpointer
attacker_junk (gpointer data)
{
  Attacker *attacker = data;
  gsize big = 4 * 1024 * 1024;
  g_autofree char *deep = g_strnfill (big, '[');
  g_autofree char *oversize = g_strdup_printf ("POST /v1/enroll HTTP/1.1\r\nHost: hub\r\n"
                                               "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n", big);
  const char *deep_head = "POST /v1/session HTTP/1.1\r\nHost: hub\r\nContent-Length: 8000\r\n\r\n";
  const char *deep_login = "POST /v1/enroll HTTP/1.1\r\nHost: hub\r\nContent-Length: 100000\r\n\r\n";
  guint8 noise[4096];

  for (gsize i = 0; i < sizeof noise; i++)
    noise[i] = (guint8) g_random_int ();
  while (!g_atomic_int_get (&attacker->stop))
    {
      attacker_send (attacker, 67, oversize, deep, big);
      attacker_send (attacker, 68, deep_head, deep, 8000);
      attacker_send (attacker, 69, deep_login, deep, 100000);
      attacker_send (attacker, 70, (const char *) "GET / HTTP/1.1\r\n", (const char *) noise, sizeof noise);
    }
  return NULL;
}

static void
attacker_start (Attacker *attacker,
                Hub      *hub)
{
  attacker->hub = hub;
  attacker->holder = g_thread_new ("hold", attacker_hold, attacker);
  attacker->sender = g_thread_new ("junk", attacker_junk, attacker);
  /* The half-open connections are in place before the booths come. */
  while (g_atomic_int_get (&attacker->opened) < HALF_OPEN)
    g_usleep (50 * 1000);
}

static void
attacker_stop (Attacker *attacker)
{
  g_atomic_int_set (&attacker->stop, 1);
  g_thread_join (attacker->holder);
  g_thread_join (attacker->sender);
}

/* ---- one busy minute ---- */

static void
run_phase (Hub        *hub,
           GPtrArray  *booths,
           const char *session,
           int         phase,
           Attacker   *attacker)
{
  Organizer organizer = { .hub = hub, .session = (char *) session };
  g_autoptr(GError) error = NULL;
  GThreadPool *pool;
  gint64 start, events = 0;
  guint failed = 0;
  double seconds;

  for (guint i = 0; i < booths->len; i++)
    booth_ring_up (booths->pdata[i], phase);
  bench_samples_init (&organizer.totals);
  bench_samples_init (&organizer.page);
  hub_reset_peak (hub);
  if (attacker != NULL)
    attacker_start (attacker, hub);
  organizer.thread = g_thread_new ("organizer", organizer_run, &organizer);
  pool = g_thread_pool_new (booth_sync, NULL, (int) booths->len, TRUE, &error);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < booths->len; i++)
    g_thread_pool_push (pool, booths->pdata[i], NULL);
  g_thread_pool_free (pool, FALSE, TRUE);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  g_atomic_int_set (&organizer.stop, 1);
  g_thread_join (organizer.thread);
  for (guint i = 0; i < booths->len; i++)
    {
      Booth *booth = booths->pdata[i];

      events += booth->events;
      if (booth->failure != NULL && failed++ == 0)
        g_print ("    first failed round: %s\n", booth->failure);
    }

  g_print ("  %s:\n", attacker ? "with the attacker" : "without an attacker");
  g_print ("    %u booths, %d sales each: %" G_GINT64_FORMAT " events in %.2f s, %.0f events/s;"
           " %u rounds failed (a till retries them)\n", booths->len, n_sales, events, seconds, events / seconds, failed);
  g_print ("    organizer, %u totals and %u dashboard pages: totals median %.1f ms, p99 %.1f ms;"
           " page median %.1f ms, p99 %.1f ms; %u failed\n",
           organizer.totals.values->len, organizer.page.values->len,
           bench_samples_pct (&organizer.totals, 50) / 1000.0, bench_samples_pct (&organizer.totals, 99) / 1000.0,
           bench_samples_pct (&organizer.page, 50) / 1000.0, bench_samples_pct (&organizer.page, 99) / 1000.0,
           organizer.failures);
  g_print ("    hub memory: peak (VmHWM) %.1f MiB, now (VmRSS) %.1f MiB\n",
           hub_memory_kb (hub, "VmHWM") / 1024.0, hub_memory_kb (hub, "VmRSS") / 1024.0);
  if (attacker != NULL)
    {
      attacker_stop (attacker);
      g_print ("    attacker from 5 addresses: %d half-sent requests kept open (%d opened in all, each again as"
               " the hub closed it), of which the hub held %d at the last look; %d junk requests (4 MiB bodies,"
               " deep JSON, noise), %d refused or cut\n",
               HALF_OPEN, g_atomic_int_get (&attacker->opened), g_atomic_int_get (&attacker->held),
               g_atomic_int_get (&attacker->junk_sent), g_atomic_int_get (&attacker->refused));
    }
  bench_samples_clear (&organizer.totals);
  bench_samples_clear (&organizer.page);
}

static void
add_organizer (Hub *hub)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = ocop_hub_accounts_hash_password (PASSWORD, &error);

  if (hash == NULL || !ocop_hub_backend_put_organizer (hub->backend, ORGANIZER, hash, g_get_real_time (), &error))
    g_error ("%s", error->message);
}

/* The booths, the attacker's 530 connections and curl's: past the usual
 * 1,024 descriptors. */
static void
raise_file_limit (void)
{
  struct rlimit limit;

  if (getrlimit (RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max)
    {
      limit.rlim_cur = limit.rlim_max;
      setrlimit (RLIMIT_NOFILE, &limit);
    }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) booths = g_ptr_array_new_with_free_func ((GDestroyNotify) booth_free);
  g_autofree char *work = NULL, *db = NULL, *session = NULL, *conditions = NULL, *template = NULL;
  Attacker attacker = { 0 };
  Hub hub = { 0 };
  gint64 start;

  g_option_context_set_summary (context, "Booths uploading at once to a hub on loopback, with and without an"
                                " attacker.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);
  raise_file_limit ();
  signal (SIGPIPE, SIG_IGN);
  curl_global_init (CURL_GLOBAL_DEFAULT);

  work = g_dir_make_tmp ("ocop-bench-XXXXXX", &error);
  db = hub_db ? g_strdup (hub_db) : g_build_filename (work, "hub.db", NULL);
  if (!(hub.backend = ocop_hub_backend_open (db, &error)))
    g_error ("%s", error->message);
  add_organizer (&hub);
  hub_start (&hub, db);
  conditions = bench_conditions (db);
  g_print ("bench-hub-load: ocop-hub serve on loopback (%s, 4 threads, its defaults: 32 connections per address,"
           " 512 in all)\n", g_str_has_prefix (db, "postgresql://") ? "PostgreSQL" : "SQLite");
  g_print ("  %s\n", conditions);
  start = g_get_monotonic_time ();
  template = make_template (work);
  for (int i = 0; i < n_booths; i++)
    g_ptr_array_add (booths, booth_new (&hub, work, template, i));
  g_print ("  %d booths enrolled in %.1f s, each from its own address (127.0.1.x)\n", n_booths,
           (g_get_monotonic_time () - start) / 1e6);
  session = sign_in (&hub);

  run_phase (&hub, booths, session, 1, NULL);
  run_phase (&hub, booths, session, 2, &attacker);

  g_subprocess_send_signal (hub.process, SIGTERM);
  if (!g_subprocess_wait_check (hub.process, NULL, &error))
    g_error ("the hub did not stop cleanly: %s", error->message);
  g_clear_object (&hub.process);
  g_clear_pointer (&hub.backend, ocop_hub_backend_free);
  g_free (hub.url);
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", work);
    (void) !system (command);
  }
  return 0;
}
