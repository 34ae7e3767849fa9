/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-sync.c: uploading a 100,000-sale backlog to a hub on loopback
 * (time, bytes per sale in request bodies and on the wire), ingestion with
 * 50 devices syncing at once, and the organizers' totals query. */

#include <stdlib.h>
#include <sys/resource.h>
#include <libpq-fe.h>
#include <glib/gstdio.h>

#include "bench-util.h"
#include "fault-proxy.h"
#include "ocop-demo.h"
#include "ocop-hub-enroll.h"
#include "ocop-hub-server.h"
#include "ocop-store-outbox.h"
#include "ocop-sync-client.h"

static int n_backlog = 100000;
static int n_devices = 50;
static int n_per_device = 2000;
static char *hub_db = NULL;
static int n_stored = 0;
static int n_stored_booths = 200;
static gboolean direct = FALSE;

static const GOptionEntry entries[] = {
  { "sales", 'n', 0, G_OPTION_ARG_INT, &n_backlog, "Sales in the backlog (default 100000)", "N" },
  { "devices", 'd', 0, G_OPTION_ARG_INT, &n_devices, "Devices syncing at once (default 50)", "N" },
  { "per-device", 0, 0, G_OPTION_ARG_INT, &n_per_device, "Sales per concurrent device (default 2000)", "N" },
  { "hub-db", 0, 0, G_OPTION_ARG_STRING, &hub_db, "The hub's database (default: SQLite in a temporary folder;"
    " postgresql://… for PostgreSQL, e.g. through tests/sync/run-pg.sh)", "DB" },
  { "stored-events", 0, 0, G_OPTION_ARG_INT, &n_stored, "Instead of the uploads: store N events through the"
    " backend's ingest (batches of 2,000, no HTTP) and time the totals query", "N" },
  { "stored-booths", 0, 0, G_OPTION_ARG_INT, &n_stored_booths, "Booths the stored events come from (default 200)", "N" },
  { "direct", 0, 0, G_OPTION_ARG_NONE, &direct, "Send the backlog straight to the hub, not through the counting"
    " relay: no bytes on the wire are counted, and the CPU figure has no relay thread in it", NULL },
  { NULL }
};

typedef struct {
  OcopHubServer  *server;
  OcopHubBackend *backend;   /* owned by the server */
  char           *url;
  FaultProxy     *relay;     /* to the server without faults, counting the bytes */
  char           *relay_url;
} Hub;

/* Enrolls the device of @store_path, which then syncs with @url. */
static void
enroll (Hub        *hub,
        const char *store_path,
        const char *booth,
        const char *url)
{
  g_autofree char *code = ocop_hub_new_enrollment_code ();
  g_autofree char *hash = ocop_hub_hash_enrollment_code (code, NULL);
  g_autoptr(OcopSyncClient) client = ocop_sync_client_new (store_path);
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time ();

  if (!ocop_hub_backend_add_enrollment (hub->backend, hash, "bench", booth, now, now + G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC,
                                        &error) ||
      !ocop_sync_client_enroll (client, url, code, NULL, &error))
    g_error ("enroll: %s", error->message);
}

static char *
make_device (const char *work,
             const char *name,
             int         sales)
{
  g_autofree char *path = g_build_filename (work, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopStore) store = ocop_store_open (path, &error);

  if (store == NULL)
    g_error ("%s", error->message);
  ocop_store_set_clock (store, BENCH_FIRST_MORNING_US);
  if (!ocop_demo_create (store, NULL, &error))
    g_error ("%s", error->message);
  bench_fill_sales (store, sales, 3);
  return g_steal_pointer (&path);
}

/* User and system time of this process, all threads: the client and, on
 * SQLite, the whole hub (a PostgreSQL server's own work is not in it). */
static gint64
process_cpu_us (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * G_USEC_PER_SEC + usage.ru_utime.tv_usec +
         usage.ru_stime.tv_usec;
}

static void
bench_backlog (Hub        *hub,
               const char *work)
{
  g_autofree char *path = make_device (work, "backlog.db", n_backlog);
  g_autoptr(OcopSyncClient) client = ocop_sync_client_new (path);
  g_autoptr(GError) error = NULL;
  OcopSyncRound round;
  gint64 start, cpu;
  guint64 up, down;

  /* Through the relay, which adds a loopback hop (tens of microseconds a
   * batch), a thread whose CPU time this process counts, and counts what
   * crosses it; --direct leaves it out to compare with a hub alone. */
  enroll (hub, path, "QN-BACKLOG", direct ? hub->url : hub->relay_url);
  fault_proxy_reset_bytes (hub->relay);
  start = g_get_monotonic_time ();
  cpu = process_cpu_us ();
  if (!ocop_sync_client_run_round (client, &round, NULL, &error))
    g_error ("sync: %s", error->message);
  fault_proxy_get_bytes (hub->relay, &up, &down);
  /* The CPU time moves less than the wall time with the machine's load. */
  g_print ("  backlog of %d sales (%" G_GINT64_FORMAT " events) uploaded in %.2f s"
           " (target < 10 s; CPU of client and hub threads %.2f s), %" G_GINT64_FORMAT " batches,"
           " checkpoint %s\n",
           n_backlog, round.events_sent, (g_get_monotonic_time () - start) / 1e6,
           (process_cpu_us () - cpu) / 1e6, round.batches, round.checkpoint_status);
  if (direct)
    g_print ("  bytes: %" G_GINT64_FORMAT " in gzip request bodies as the client counts them (%.1f per sale);"
             " on the wire: not counted (--direct)\n", (gint64) round.bytes_sent, (double) round.bytes_sent / n_backlog);
  else
    g_print ("  bytes: %" G_GINT64_FORMAT " in gzip request bodies as the client counts them (%.1f per sale);"
             " on the wire, counted by the relay: %" G_GUINT64_FORMAT " up, every request of the round with its"
             " headers (%.1f per sale), and %" G_GUINT64_FORMAT " down, the responses\n",
             (gint64) round.bytes_sent, (double) round.bytes_sent / n_backlog,
             up, (double) up / n_backlog, down);
  ocop_sync_round_clear (&round);
}

static void
sync_device (gpointer data,
             gpointer user_data)
{
  g_autoptr(OcopSyncClient) client = ocop_sync_client_new (data);
  g_autoptr(GError) error = NULL;
  OcopSyncRound round;

  if (!ocop_sync_client_run_round (client, &round, NULL, &error))
    g_error ("sync %s: %s", (char *) data, error->message);
  g_atomic_pointer_add ((gsize *) user_data, round.events_sent);
  ocop_sync_round_clear (&round);
}

static void
bench_concurrent (Hub        *hub,
                  const char *work)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  GThreadPool *pool;
  gsize events = 0;
  gint64 start;

  for (int i = 0; i < n_devices; i++)
    {
      g_autofree char *name = g_strdup_printf ("device-%02d.db", i);
      g_autofree char *booth = g_strdup_printf ("QN-%02d", i);
      char *path = make_device (work, name, n_per_device);

      enroll (hub, path, booth, hub->url);
      g_ptr_array_add (paths, path);
    }
  pool = g_thread_pool_new (sync_device, &events, n_devices, TRUE, &error);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < paths->len; i++)
    g_thread_pool_push (pool, paths->pdata[i], NULL);
  g_thread_pool_free (pool, FALSE, TRUE);
  g_print ("  %d devices at once, %d sales each: %" G_GSIZE_FORMAT " events in %.2f s, %.0f events/s\n",
           n_devices, n_per_device, events, (g_get_monotonic_time () - start) / 1e6,
           events / ((g_get_monotonic_time () - start) / 1e6));
}

/* ---- many stored events, for the totals query ---- */

static char *
enroll_direct (Hub *hub,
               int  index)
{
  g_autofree char *code_hash = g_strdup_printf ("%064d", index);
  g_autofree char *booth = g_strdup_printf ("QN-S%03d", index);
  char *device_id = g_strdup_printf ("dv-stored-%03d", index);
  g_autoptr(OcopHubDevice) device = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time ();

  if (!ocop_hub_backend_add_enrollment (hub->backend, code_hash, "bench", booth, now,
                                        now + G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC, &error) ||
      !(device = ocop_hub_backend_redeem_enrollment (hub->backend, code_hash, device_id, code_hash, device_id,
                                                     now, &error)))
    g_error ("enroll: %s", error->message);
  return device_id;
}

/* A sale as the hub holds it after parsing: a short payload (the real one
 * is about 700 bytes; the totals query never reads it), spread over ten
 * business days and two payment methods. */
static OcopHubEvent *
stored_sale (const char *device_id,
             gint64      seq,
             gint64      per_day)
{
  OcopHubEvent *event = g_new0 (OcopHubEvent, 1);
  OcopHubPayment payment = { 0 };

  event->seq = seq;
  event->kind = OCOP_HUB_EVENT_SALE;
  event->kind_name = g_strdup ("sale");
  event->record_uuid = g_strdup_printf ("%s-%" G_GINT64_FORMAT, device_id, seq);
  event->ref = g_strdup (event->record_uuid);
  event->business_day = g_strdup_printf ("2024-12-%02d", (int) (10 + MIN ((seq - 1) / per_day, 9)));
  event->total = 45000 + (seq % 17) * 5000;
  event->created_us = BENCH_FIRST_MORNING_US + seq * G_USEC_PER_SEC;
  event->payload = g_strdup_printf ("{\"uuid\":\"%s\",\"kind\":\"sale\",\"business_day\":\"%s\",\"total\":%"
                                    G_GINT64_FORMAT "}", event->record_uuid, event->business_day, event->total);
  event->hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, event->payload, -1);
  payment.method = g_strdup (seq % 3 ? "cash" : "vietqr");
  payment.amount = event->total;
  event->payments = g_array_new (FALSE, TRUE, sizeof (OcopHubPayment));
  g_array_append_val (event->payments, payment);
  return event;
}

static void
stored_event_free (OcopHubEvent *event)
{
  for (guint i = 0; i < event->payments->len; i++)
    g_free (g_array_index (event->payments, OcopHubPayment, i).method);
  g_array_unref (event->payments);
  g_free (event->kind_name);
  g_free (event->ref);
  g_free (event->hash);
  g_free (event->payload);
  g_free (event->business_day);
  g_free (event->record_uuid);
  g_free (event);
}

static void
ingest_stored_batch (Hub        *hub,
                     const char *device_id,
                     gint64      first_seq,
                     gint64      n,
                     gint64      per_day)
{
  OcopHubDevice device = { .id = (char *) device_id, .fair = "bench", .booth = (char *) device_id };
  OcopHubBatch batch = { .device_id = (char *) device_id, .epoch = 1, .epoch_first_seq = 1,
                         .booth_code = (char *) device_id, .in_province = TRUE, .device_us = g_get_real_time () };
  OcopHubIngestResult result = { 0 };
  g_autoptr(GError) error = NULL;

  batch.events = g_ptr_array_new_full (n, (GDestroyNotify) stored_event_free);
  for (gint64 seq = first_seq; seq < first_seq + n; seq++)
    g_ptr_array_add (batch.events, stored_sale (device_id, seq, per_day));
  if (!ocop_hub_backend_ingest (hub->backend, &device, &batch, g_get_real_time (), &result, &error))
    g_error ("ingest: %s", error->message);
  if (result.inserted != n)
    g_error ("ingest: %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " events inserted", result.inserted, n);
  g_ptr_array_unref (batch.events);
}

/* Through the backends' own ingest, in batches of the protocol's largest
 * size, without HTTP, JSON or gzip: those are measured by the uploads. */
static void
fill_stored_events (Hub *hub)
{
  g_autoptr(GPtrArray) devices = g_ptr_array_new_with_free_func (g_free);
  gint64 per_device = (n_stored + n_stored_booths - 1) / n_stored_booths;
  gint64 start = g_get_monotonic_time (), stored = 0;

  for (int i = 0; i < n_stored_booths; i++)
    g_ptr_array_add (devices, enroll_direct (hub, i));
  for (gint64 first = 1; first <= per_device && stored < n_stored; first += OCOP_HUB_MAX_EVENTS)
    for (guint d = 0; d < devices->len && stored < n_stored; d++)
      {
        gint64 n = MIN (MIN (OCOP_HUB_MAX_EVENTS, per_device - first + 1), n_stored - stored);

        ingest_stored_batch (hub, devices->pdata[d], first, n, MAX (1, per_device / 10));
        stored += n;
      }
  g_print ("  stored %" G_GINT64_FORMAT " events from %d booths over 10 days in %.0f s (%.0f events/s"
           " through the ingest, batches of %d, no HTTP)\n",
           stored, n_stored_booths, (g_get_monotonic_time () - start) / 1e6,
           stored / ((g_get_monotonic_time () - start) / 1e6), OCOP_HUB_MAX_EVENTS);
}

static void
bench_totals (Hub *hub)
{
  BenchSamples times;
  gint64 events = ocop_hub_backend_count (hub->backend, "events");

  bench_samples_init (&times);
  for (int run = 0; run < 20; run++)
    {
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();
      g_autoptr(JsonNode) totals = ocop_hub_backend_totals (hub->backend, "bench", NULL, g_get_real_time (), &error);

      bench_samples_add (&times, g_get_monotonic_time () - start);
      if (totals == NULL)
        g_error ("%s", error->message);
    }
  g_print ("  fair totals with %" G_GINT64_FORMAT " events stored: median %.3f ms\n", events,
           bench_samples_pct (&times, 50) / 1000.0);
  bench_samples_clear (&times);
}

/* What makes a commit durable on the hub: the SQLite engine sets
 * synchronous=FULL itself; a PostgreSQL server runs as it is configured,
 * so ask it. */
static char *
hub_durability (const char *db)
{
  PGconn *conn;
  GString *settings;

  if (db == NULL || !g_str_has_prefix (db, "postgresql://"))
    return g_strdup ("SQLite, WAL, synchronous=FULL as the hub sets it");
  conn = PQconnectdb (db);
  settings = g_string_new ("PostgreSQL, as its server is configured:");
  if (PQstatus (conn) != CONNECTION_OK)
    g_string_append (settings, " (cannot ask the server)");
  else
    for (const char * const *name = (const char * const[]) { "fsync", "synchronous_commit", "wal_sync_method", NULL };
         *name != NULL; name++)
      {
        g_autofree char *sql = g_strconcat ("SHOW ", *name, NULL);
        PGresult *result = PQexec (conn, sql);

        g_string_append_printf (settings, " %s=%s", *name,
                                PQresultStatus (result) == PGRES_TUPLES_OK ? PQgetvalue (result, 0, 0) : "?");
        PQclear (result);
      }
  PQfinish (conn);
  return g_string_free (settings, FALSE);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("");
  g_autoptr(GError) error = NULL;
  g_autofree char *work = NULL, *hub_path = NULL, *conditions = NULL, *durability = NULL;
  Hub hub = { 0 };

  g_option_context_set_summary (context, "Sync throughput against a SQLite hub on loopback.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);

  work = g_dir_make_tmp ("ocop-bench-XXXXXX", &error);
  hub_path = g_build_filename (work, "hub.db", NULL);
  if (!(hub.backend = ocop_hub_backend_open (hub_db ? hub_db : hub_path, &error)))
    g_error ("%s", error->message);
  hub.server = ocop_hub_server_new (hub.backend);
  if (!ocop_hub_server_start (hub.server, "127.0.0.1:0", 4, &error))
    g_error ("%s", error->message);
  hub.url = g_strdup_printf ("http://127.0.0.1:%u", ocop_hub_server_get_port (hub.server));
  hub.relay = fault_proxy_start_faultless (ocop_hub_server_get_port (hub.server));
  hub.relay_url = g_strdup_printf ("http://127.0.0.1:%u", fault_proxy_get_port (hub.relay));
  conditions = bench_conditions (hub_path);
  durability = hub_durability (hub_db);
  g_print ("bench-sync: hub on loopback (%s; 4 threads), batches of up to 2,000 events\n", durability);
  g_print ("  %s\n", conditions);

  if (n_stored > 0)
    fill_stored_events (&hub);
  else
    {
      bench_backlog (&hub, work);
      bench_concurrent (&hub, work);
    }
  bench_totals (&hub);

  fault_proxy_stop (hub.relay);
  g_clear_object (&hub.server);
  g_free (hub.url);
  g_free (hub.relay_url);
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", work);
    (void) !system (command);
  }
  return 0;
}
