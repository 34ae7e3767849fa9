/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-bank.c: from a payment service's notification reaching the hub to
 * the booth's waiting client returning with the confirmation, on
 * loopback: a hub in-process on a SQLite file (or --hub-db), a booth's
 * real client long-polling on a thread, and the notification posted as
 * SePay posts it. Prints the median and p99. */

#include <curl/curl.h>
#include <string.h>

#include "bench-util.h"
#include "ocop-demo.h"
#include "ocop-hub-bank.h"
#include "ocop-hub-enroll.h"
#include "ocop-hub-server.h"
#include "ocop-payment-code.h"
#include "ocop-sync-client.h"
#include "ocop-sync-transfer.h"

typedef struct {
  OcopSyncClient *client;
  char           *code;
  gint64          returned_us;
  char           *status;
} Waiter;

static gpointer
wait_thread (gpointer data)
{
  Waiter *waiter = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ocop_sync_client_wait_transfer (waiter->client, waiter->code, 20000, NULL, &error);

  waiter->returned_us = g_get_monotonic_time ();
  if (answer == NULL)
    g_error ("wait: %s", error->message);
  waiter->status = g_strdup (json_object_get_string_member (json_node_get_object (answer), "status"));
  return NULL;
}

static size_t
discard_cb (char *data, size_t size, size_t n, void *user)
{
  return size * n;
}

static void
post_notification (const char *url,
                   int         id,
                   const char *code)
{
  g_autofree char *body = g_strdup_printf ("{\"id\":%d,\"gateway\":\"Vietcombank\",\"accountNumber\":\"0011001932418\","
                                           "\"transferType\":\"in\",\"transferAmount\":135000,\"code\":null,"
                                           "\"content\":\"Thanh toán %s\",\"description\":\"\"}", id, code);
  struct curl_slist *headers = curl_slist_append (NULL, "Authorization: Apikey bench-key");
  CURL *curl = curl_easy_init ();
  long status = 0;

  headers = curl_slist_append (headers, "Content-Type: application/json");
  curl_easy_setopt (curl, CURLOPT_URL, url);
  curl_easy_setopt (curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt (curl, CURLOPT_POSTFIELDS, body);
  curl_easy_setopt (curl, CURLOPT_WRITEFUNCTION, discard_cb);
  if (curl_easy_perform (curl) != CURLE_OK || curl_easy_getinfo (curl, CURLINFO_RESPONSE_CODE, &status) != CURLE_OK ||
      status != 200)
    g_error ("the notification was refused (%ld)", status);
  curl_slist_free_all (headers);
  curl_easy_cleanup (curl);
}

static char *
make_booth (OcopHubBackend *backend,
            const char     *work,
            const char     *hub_url)
{
  g_autofree char *path = g_build_filename (work, "booth.db", NULL);
  g_autofree char *code = ocop_hub_new_enrollment_code ();
  g_autofree char *hash = ocop_hub_hash_enrollment_code (code, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopStore) store = ocop_store_open (path, &error);
  g_autoptr(OcopSyncClient) client = NULL;
  gint64 now = g_get_real_time ();

  if (store == NULL || !ocop_demo_create (store, NULL, &error) ||
      !ocop_hub_backend_add_enrollment (backend, hash, "bench", "QN01", now, now + G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC,
                                        &error))
    g_error ("booth: %s", error->message);
  client = ocop_sync_client_new (path);
  if (!ocop_sync_client_enroll (client, hub_url, code, NULL, &error))
    g_error ("enroll: %s", error->message);
  return g_steal_pointer (&path);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *hub_db = NULL;
  int rounds = 200;
  const GOptionEntry entries[] = {
    { "hub-db", 0, 0, G_OPTION_ARG_STRING, &hub_db, "The hub's database (default: a SQLite file)", "DB" },
    { "rounds", 'n', 0, G_OPTION_ARG_INT, &rounds, "Confirmations to time (200)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *work = g_dir_make_tmp ("bench-bank-XXXXXX", NULL);
  g_autofree char *db = NULL, *url = NULL, *notify_url = NULL, *booth = NULL, *conditions = NULL, *day = NULL;
  g_autoptr(OcopHubServer) server = NULL;
  g_autoptr(OcopSyncClient) client = NULL;
  OcopHubBackend *backend;
  OcopHubBankAccount account = { "booths", "sepay", "bench", "0011001932418", "bench-key" };
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Asia/Ho_Chi_Minh");
  BenchSamples samples;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || rounds < 1 || rounds > 999999)
    g_error ("%s", error ? error->message : "--rounds is 1 to 999999");
  db = hub_db ? g_strdup (hub_db) : g_build_filename (work, "hub.db", NULL);
  if (!(backend = ocop_hub_backend_open (db, &error)) ||
      !ocop_hub_backend_put_bank_account (backend, &account, g_get_real_time (), &error))
    g_error ("hub: %s", error->message);
  server = ocop_hub_server_new (backend);
  if (!ocop_hub_server_start (server, "127.0.0.1:0", 4, &error))
    g_error ("hub: %s", error->message);
  url = g_strdup_printf ("http://127.0.0.1:%u", ocop_hub_server_get_port (server));
  notify_url = g_strdup_printf ("%s/v1/bank/booths", url);
  booth = make_booth (backend, work, url);
  client = ocop_sync_client_new (booth);
  now = g_date_time_new_now (zone ? zone : g_time_zone_new_offset (7 * 3600));
  day = g_date_time_format (now, "%Y-%m-%d");
  bench_samples_init (&samples);
  for (int i = 1; i <= rounds; i++)
    {
      g_autofree char *code = ocop_payment_code_encode ("QN01", i, NULL);
      g_autoptr(JsonNode) announced = ocop_sync_client_announce_transfer (client, code, 135000, "0011001932418", day,
                                                                         NULL, &error);
      Waiter waiter = { client, code };
      GThread *thread;
      gint64 sent_us;

      if (announced == NULL)
        g_error ("announce: %s", error->message);
      thread = g_thread_new ("waiter", wait_thread, &waiter);
      /* Long enough for the client's request to be held by the hub. */
      g_usleep (30000);
      sent_us = g_get_monotonic_time ();
      post_notification (notify_url, i, code);
      g_thread_join (thread);
      if (g_strcmp0 (waiter.status, "confirmed") != 0)
        g_error ("round %d: %s", i, waiter.status);
      bench_samples_add (&samples, waiter.returned_us - sent_us);
      g_free (waiter.status);
    }
  conditions = bench_conditions (db);
  g_print ("bench-bank: notification posted to the hub -> the booth's waiting client returns, %d rounds, %s hub on "
           "loopback (%s)\n", rounds, hub_db ? "PostgreSQL" : "SQLite", conditions);
  g_print ("  median %.2f ms, p99 %.2f ms, max %.2f ms\n", bench_samples_pct (&samples, 50) / 1000.0,
           bench_samples_pct (&samples, 99) / 1000.0, bench_samples_pct (&samples, 100) / 1000.0);
  bench_samples_clear (&samples);
  g_clear_object (&client);
  ocop_hub_server_stop (server);
  bench_remove_store (booth, NULL);
  if (!hub_db)
    bench_remove_store (db, work);
  return 0;
}
