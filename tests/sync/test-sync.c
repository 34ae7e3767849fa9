/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sync.c: devices with the real core syncing to a real ocop-hub
 * process on loopback: enrollment and auth, exactly-once totals under
 * resends, kills and restarts, hash conflicts, the sync lock, bad input. */

#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "ocop-product.h"
#include "ocop-store-outbox.h"
#include "ocop-store-private.h"
#include "ocop-sync-backoff.h"
#include "ocop-sync-client.h"
#include "ocop-sync-scheduler.h"
#include "fault-proxy.h"
#include "sync-fixture.h"
#include "test-util.h"

#define FAIR "qn-2024"

typedef struct {
  TestHub hub;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  /* Only the hub's test build reads the OCOP_HUB_TEST_* variables. */
  f->hub.test_build = data != NULL;
  test_hub_start (&f->hub, data);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  test_hub_clear (&f->hub);
}

/* ---- helpers ---- */

static gboolean
sync_store (OcopStore      *store,
            OcopSyncRound  *round,
            GError        **error)
{
  g_autoptr(OcopSyncClient) client = ocop_sync_client_new (ocop_store_get_path (store));
  OcopSyncRound ignored;

  return ocop_sync_client_run_round (client, round ? round : &ignored, NULL, error) &&
         (round != NULL || (ocop_sync_round_clear (&ignored), TRUE));
}

static void
assert_synced (OcopStore *store)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sync_store (store, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ocop_store_outbox_pending (store), ==, 0);
}

static gint64
member (JsonNode   *node,
        const char *name)
{
  return json_object_get_int_member (json_node_get_object (node), name);
}

/* Sales of every kind, by cash and by transfer, a void, a refund and
 * visitors: what a booth does in a morning. */
static void
ring_up_morning (OcopStore *store,
                 guint      n)
{
  g_auto(GStrv) skus = test_util_demo_skus (store, 3);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sales = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(OcopSale) voided = NULL;
  g_autoptr(OcopSale) refunded = NULL;

  g_assert_cmpuint (n, >=, 2);
  for (guint i = 0; i < n; i++)
    {
      const char *one[] = { skus[i % 3], NULL };

      g_ptr_array_add (sales, test_util_sell (store, one, 1 + i % 2,
                                              i % 3 ? OCOP_PAYMENT_CASH : OCOP_PAYMENT_TRANSFER));
    }
  voided = ocop_store_void_sale (store, ocop_sale_get_uuid (sales->pdata[0]), "scanned twice", NULL, test_util_approval (store), &error);
  g_assert_no_error (error);
  refunded = ocop_store_refund_sale (store, ocop_sale_get_uuid (sales->pdata[1]), NULL, 0, OCOP_PAYMENT_CASH,
                                     "broken jar", NULL, test_util_approval (store), &error);
  g_assert_no_error (error);
  g_assert_true (ocop_store_add_visitors (store, "Gate 1", 17 + n, NULL, &error));
}

/* The devices' own journals, summed by the test straight from their
 * SQLite files. */
static void
assert_hub_equals_devices (Fixture    *f,
                           OcopStore **stores,
                           guint       n)
{
  g_autoptr(JsonNode) totals = test_hub_totals (&f->hub, FAIR, NULL);
  gint64 revenue = 0, sales = 0, visitors = 0, events = 0;

  for (guint i = 0; i < n; i++)
    {
      revenue += test_util_query_int (stores[i], "SELECT coalesce (sum (total), 0) FROM sale");
      sales += test_util_query_int (stores[i], "SELECT count (*) FROM sale WHERE kind = 'sale'");
      visitors += test_util_query_int (stores[i], "SELECT coalesce (sum (count), 0) FROM visitor_count");
      events += test_util_query_int (stores[i], "SELECT count (*) FROM outbox");
    }
  g_assert_cmpint (revenue, >, 0);
  g_assert_cmpint (member (totals, "revenue"), ==, revenue);
  g_assert_cmpint (member (totals, "sales"), ==, sales);
  g_assert_cmpint (member (totals, "visitors"), ==, visitors);
  /* No event stored twice, none missing. */
  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT count (*) FROM event"), ==, events);
}

/* ---- enrollment and auth ---- */

static void
test_enroll_and_auth (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(OcopStore) store = test_device_new (&f->hub, "a", FAIR, "QN-07");
  g_autofree char *code = test_hub_run (&f->hub, "enroll", "--fair", FAIR, "--booth", "QN-08", NULL);
  g_autofree char *device_id = test_util_sync_text (store, device_id);
  g_autofree char *token = test_util_sync_text (store, token);
  g_autofree char *out = NULL;
  g_autoptr(OcopSyncClient) client = ocop_sync_client_new (ocop_store_get_path (store));
  g_autoptr(OcopSyncClient) other = NULL;
  g_autoptr(OcopStore) second = NULL;
  g_autofree char *second_dir = g_build_filename (f->hub.dir, "b", NULL);
  g_autoptr(GError) error = NULL;

  /* Only a hash of the token is at the hub. */
  g_assert_nonnull (token);
  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT count (*) FROM device WHERE token_hash = ''"), ==, 0);
  g_assert_cmpint (strlen (token), ==, 43);

  ring_up_morning (store, 3);
  assert_synced (store);

  /* A code works once. */
  g_assert_cmpint (g_mkdir (second_dir, 0700), ==, 0);
  second = test_util_demo_store (second_dir);
  other = ocop_sync_client_new (ocop_store_get_path (second));
  g_assert_true (ocop_sync_client_enroll (other, f->hub.url, code, NULL, &error));
  g_assert_false (ocop_sync_client_enroll (other, f->hub.url, code, NULL, &error));
  g_assert_error (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "already used"));
  g_clear_error (&error);
  /* A code nobody issued. */
  g_assert_false (ocop_sync_client_enroll (other, f->hub.url, "ABCD-EFGH-JKMN", NULL, &error));
  g_assert_error (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_REFUSED);
  g_clear_error (&error);

  /* A wrong token is refused and changes nothing. */
  ring_up_morning (store, 2);
  g_assert_true (ocop_store_save_sync_state (store, &(OcopSyncClientState) { .token = (char *) "not-the-token" },
                                            OCOP_SYNC_FIELD_TOKEN, &error));
  g_assert_false (sync_store (store, NULL, &error));
  g_assert_error (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "401"));
  g_clear_error (&error);
  g_assert_cmpint (ocop_store_outbox_pending (store), >, 0);
  {
    g_autofree char *last_error = test_util_sync_text (store, last_error);
    g_assert_nonnull (strstr (last_error, "Wrong token"));
  }

  /* A revoked device is refused even with its right token. */
  g_assert_true (ocop_store_save_sync_state (store, &(OcopSyncClientState) { .token = token }, OCOP_SYNC_FIELD_TOKEN,
                                            &error));
  out = test_hub_run (&f->hub, "revoke", device_id, NULL);
  g_assert_false (sync_store (store, NULL, &error));
  g_assert_error (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_REFUSED);
  g_assert_nonnull (strstr (error->message, "403"));
  g_clear_error (&error);
  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT count (*) FROM event WHERE device = (SELECT id FROM device WHERE booth = 'QN-07')"),
                   ==, ocop_store_outbox_acked_through (store));
}

/* ---- exactly once ---- */

static void
test_three_devices (Fixture       *f,
                    gconstpointer  data)
{
  OcopStore *stores[3] = {
    test_device_new (&f->hub, "a", FAIR, "QN-01"),
    test_device_new (&f->hub, "b", FAIR, "QN-02"),
    test_device_new (&f->hub, "c", FAIR, "QN-03"),
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) day1 = NULL;
  g_autoptr(JsonNode) day2 = NULL;
  g_autoptr(JsonNode) all = NULL;
  gint64 events_before, day1_revenue = 0;

  for (guint i = 0; i < 3; i++)
    {
      ring_up_morning (stores[i], 4 + i * 3);
      day1_revenue += test_util_query_int (stores[i], "SELECT sum (total) FROM sale");
    }
  for (guint i = 0; i < 3; i++)
    assert_synced (stores[i]);
  assert_hub_equals_devices (f, stores, 3);
  /* Each device's void and refund reached the hub naming who approved. */
  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT count (*) FROM event WHERE kind IN ('void', 'refund')"), ==, 6);
  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT count (*) FROM event WHERE kind IN ('void', 'refund')"
                                                " AND payload LIKE '%\"approver\":\"" TEST_SUPERVISOR "\"%'"), ==, 6);

  /* Device b closes its day, keeps selling (into the next day) and is
   * offline for two days; its late sales count in the day they were made. */
  g_free (ocop_store_close_day (stores[1], "2024-12-11", test_util_approval (stores[1]), 0, &error));
  g_assert_no_error (error);
  ocop_store_set_clock (stores[1], TEST_FAIR_MORNING_US + 24 * TEST_HOUR_US);
  ring_up_morning (stores[1], 3);
  ocop_store_set_clock (stores[0], TEST_FAIR_MORNING_US + 2 * TEST_HOUR_US);
  ring_up_morning (stores[0], 4);
  for (guint i = 0; i < 3; i++)
    assert_synced (stores[i]);
  assert_hub_equals_devices (f, stores, 3);
  day2 = test_hub_totals (&f->hub, FAIR, "2024-12-12");
  g_assert_cmpint (member (day2, "revenue"), ==,
                   test_util_query_int (stores[1], "SELECT sum (total) FROM sale WHERE business_day = '2024-12-12'"));
  day1 = test_hub_totals (&f->hub, FAIR, "2024-12-11");
  all = test_hub_totals (&f->hub, FAIR, NULL);
  g_assert_cmpint (member (day1, "revenue") + member (day2, "revenue"), ==, member (all, "revenue"));
  g_assert_cmpint (member (day1, "revenue"), >, day1_revenue);

  /* Replies lost: every device forgets its acknowledgements and resends
   * everything. Nothing changes at the hub. */
  events_before = test_hub_query_int (&f->hub, "SELECT count (*) FROM event");
  for (guint i = 0; i < 3; i++)
    {
      OcopSyncRound round;

      g_assert_cmpint (sqlite3_exec (ocop_store_get_db (stores[i]),
                                     "UPDATE meta SET value = '0' WHERE key = 'acked_through'",
                                     NULL, NULL, NULL), ==, SQLITE_OK);
      g_assert_cmpint (ocop_store_outbox_pending (stores[i]), >, 0);
      g_assert_true (sync_store (stores[i], &round, &error));
      g_assert_no_error (error);
      g_assert_cmpint (round.events_sent, ==, ocop_store_outbox_last_seq (stores[i]));
      g_assert_cmpstr (round.checkpoint_status, ==, "match");
      ocop_sync_round_clear (&round);
    }
  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT count (*) FROM event"), ==, events_before);
  assert_hub_equals_devices (f, stores, 3);
  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT count (*) FROM flag WHERE kind = 'checkpoint_mismatch'"), ==, 0);
  /* The devices' clocks are right: nothing to flag. */
  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT count (*) FROM flag WHERE kind = 'clock_skew'"), ==, 0);

  for (guint i = 0; i < 3; i++)
    g_object_unref (stores[i]);
}

/* A store restored from a copy writes other events under numbers the hub
 * already holds: refused and flagged, then a new epoch; no sale counted
 * twice, none lost. */
static void
test_restored_store (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(OcopStore) store = test_device_new (&f->hub, "a", FAIR, "QN-07");
  g_autofree char *path = g_strdup (ocop_store_get_path (store));
  g_autofree char *copy = g_strconcat (path, ".backup", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(OcopStore) lost = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  gint64 lost_revenue, lost_sales;
  g_autoptr(JsonNode) totals = NULL;

  ring_up_morning (store, 3);
  assert_synced (store);
  g_clear_object (&store);
  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_true (g_file_set_contents (copy, contents, (gssize) length, &error));

  /* The laptop sells on, syncs, and its disk dies. */
  store = ocop_store_open (path, &error);
  ocop_store_set_clock (store, TEST_FAIR_MORNING_US + TEST_HOUR_US);
  ring_up_morning (store, 4);
  assert_synced (store);
  lost_revenue = test_util_query_int (store, "SELECT sum (total) FROM sale WHERE created_us >= "
                                      G_STRINGIFY (1733886000000000));
  lost_sales = test_util_query_int (store, "SELECT count (*) FROM sale WHERE kind = 'sale' AND created_us >= "
                                    G_STRINGIFY (1733886000000000));
  g_assert_cmpint (lost_revenue, >, 0);
  g_clear_object (&store);

  /* The backup comes back and sells other things under the same numbers. */
  g_assert_cmpint (g_rename (copy, path), ==, 0);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_unlink (wal);
  }
  store = ocop_store_open (path, &error);
  g_assert_no_error (error);
  ocop_store_set_clock (store, TEST_FAIR_MORNING_US + 2 * TEST_HOUR_US);
  ring_up_morning (store, 5);
  assert_synced (store);

  g_assert_cmpint (ocop_store_outbox_epoch (store), ==, 2);
  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT count (*) FROM flag WHERE kind = 'hash_conflict'"), ==, 1);
  totals = test_hub_totals (&f->hub, FAIR, NULL);
  /* The hub has both histories: the restored store's and the lost sales. */
  g_assert_cmpint (member (totals, "revenue"), ==,
                   test_util_query_int (store, "SELECT sum (total) FROM sale") + lost_revenue);
  g_assert_cmpint (member (totals, "sales"), ==,
                   test_util_query_int (store, "SELECT count (*) FROM sale WHERE kind = 'sale'") + lost_sales);
}

/* One sale event in a batch written by hand, as a tampered or foreign
 * client would send it. */
static char *
raw_batch (const char *device_id,
           gint64      seq,
           const char *uuid,
           const char *payload,
           gint64      device_us)
{
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, payload, -1);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "protocol"); json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "device_id"); json_builder_add_string_value (b, device_id);
  json_builder_set_member_name (b, "epoch"); json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "epoch_first_seq"); json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "booth"); json_builder_begin_object (b);
  json_builder_set_member_name (b, "code"); json_builder_add_string_value (b, "QN-07");
  json_builder_end_object (b);
  json_builder_set_member_name (b, "clock"); json_builder_begin_object (b);
  json_builder_set_member_name (b, "device_us"); json_builder_add_int_value (b, device_us);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "events"); json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "seq"); json_builder_add_int_value (b, seq);
  json_builder_set_member_name (b, "kind"); json_builder_add_string_value (b, "sale");
  json_builder_set_member_name (b, "ref"); json_builder_add_string_value (b, uuid);
  json_builder_set_member_name (b, "created_us"); json_builder_add_int_value (b, TEST_FAIR_MORNING_US);
  json_builder_set_member_name (b, "hash"); json_builder_add_string_value (b, hash);
  json_builder_set_member_name (b, "payload"); json_builder_add_string_value (b, payload);
  json_builder_end_object (b);
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

/* A device whose clock is two days off is flagged, once, and its sale is
 * counted in the business day it carries, never re-dated. */
static void
test_wild_clock (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(OcopStore) store = test_device_new (&f->hub, "a", FAIR, "QN-07");
  g_autofree char *device_id = test_util_sync_text (store, device_id);
  g_autofree char *token = test_util_sync_text (store, token);
  g_autofree char *url = g_strdup_printf ("%s/v1/devices/%s/events", f->hub.url, device_id);
  gint64 wild = g_get_real_time () - 2 * 24 * TEST_HOUR_US;

  for (gint64 seq = 1; seq <= 2; seq++)
    {
      g_autofree char *uuid = g_strdup_printf ("00000000-0000-4000-8000-00000000000%" G_GINT64_FORMAT, seq);
      g_autofree char *payload = g_strdup_printf ("{\"uuid\":\"%s\",\"kind\":\"sale\",\"business_day\":\"2024-12-1%" G_GINT64_FORMAT "\","
                                                  "\"total\":50000,\"payments\":[{\"method\":\"cash\",\"amount\":50000}]}",
                                                  uuid, seq);
      g_autofree char *body = raw_batch (device_id, seq, uuid, payload, wild);
      g_autofree char *reply = NULL;

      g_assert_cmpint (test_http ("POST", url, token, NULL, body, strlen (body), &reply), ==, 200);
      g_assert_nonnull (strstr (reply, "\"clock_skew\""));
    }
  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT count (*) FROM flag WHERE kind = 'clock_skew'"), ==, 1);
  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT revenue FROM tally_booth_day WHERE day = '2024-12-11'"), ==, 50000);
  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT revenue FROM tally_booth_day WHERE day = '2024-12-12'"), ==, 50000);
}

static void
test_hash_conflict_refused (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(OcopStore) store = test_device_new (&f->hub, "a", FAIR, "QN-07");
  g_autofree char *device_id = test_util_sync_text (store, device_id);
  g_autofree char *token = test_util_sync_text (store, token);
  g_autofree char *url = NULL, *reply = NULL, *payload = NULL, *body = NULL;
  gint64 events, revenue;

  ring_up_morning (store, 2);
  assert_synced (store);
  events = test_hub_query_int (&f->hub, "SELECT count (*) FROM event");
  revenue = test_hub_query_int (&f->hub, "SELECT sum (revenue) FROM tally_booth_day");

  /* Seq 2 again, with another sale in it. */
  payload = g_strdup ("{\"uuid\":\"00000000-0000-4000-8000-000000000001\",\"kind\":\"sale\",\"business_day\":\"2024-12-11\","
                      "\"total\":999000,\"payments\":[{\"method\":\"cash\",\"amount\":999000}]}");
  body = raw_batch (device_id, 2, "00000000-0000-4000-8000-000000000001", payload, g_get_real_time ());
  url = g_strdup_printf ("%s/v1/devices/%s/events", f->hub.url, device_id);
  g_assert_cmpint (test_http ("POST", url, token, NULL, body, strlen (body), &reply), ==, 409);
  g_assert_nonnull (strstr (reply, "hash_conflict"));
  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT count (*) FROM event"), ==, events);
  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT sum (revenue) FROM tally_booth_day"), ==, revenue);
  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT count (*) FROM flag WHERE kind = 'hash_conflict'"), ==, 1);
}

/* ---- kills ---- */

static GSubprocess *
spawn_ocop_sync (OcopStore *store)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_subprocess_launcher_setenv (launcher, "OCOP_SYNC_BATCH_EVENTS", "50", TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("OCOP_TOOL"), "--db",
                                         ocop_store_get_path (store), "sync", NULL);
  g_assert_no_error (error);
  return process;
}

static void
ring_up_backlog (OcopStore *store,
                 guint      n)
{
  g_auto(GStrv) skus = test_util_demo_skus (store, 3);

  for (guint i = 0; i < n; i++)
    {
      const char *one[] = { skus[i % 3], NULL };

      g_clear_object (&(OcopSale *) { test_util_sell (store, one, 1, OCOP_PAYMENT_CASH) });
    }
}

static void
test_client_killed_mid_upload (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(OcopStore) store = test_device_new (&f->hub, "a", FAIR, "QN-07");
  g_autoptr(GSubprocess) client = NULL;
  gint64 held = 0;

  ring_up_backlog (store, 400);
  client = spawn_ocop_sync (store);
  /* The hub waits 200 ms before each reply: kill the client once the hub
   * has committed something, while batches are still in flight. */
  for (int i = 0; i < 500 && held == 0; i++)
    {
      g_usleep (10000);
      held = test_hub_query_int (&f->hub, "SELECT count (*) FROM event");
    }
  g_assert_cmpint (held, >, 0);
  g_subprocess_force_exit (client);
  g_subprocess_wait (client, NULL, NULL);
  g_assert_false (g_subprocess_get_if_exited (client));
  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT count (*) FROM event"), <,
                   ocop_store_outbox_last_seq (store));

  g_clear_object (&client);
  client = spawn_ocop_sync (store);
  g_assert_true (g_subprocess_wait_check (client, NULL, NULL));
  assert_hub_equals_devices (f, (OcopStore *[]) { store }, 1);
  g_assert_cmpint (ocop_store_outbox_pending (store), ==, 0);
}

static void
test_hub_killed_after_commit (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(OcopStore) store = test_device_new (&f->hub, "a", FAIR, "QN-07");
  g_autoptr(GError) error = NULL;
  const char *die[] = { "OCOP_HUB_TEST_EXIT_AFTER_COMMIT=1", NULL };
  OcopSyncRound round;

  ring_up_morning (store, 6);
  test_hub_stop (&f->hub);
  f->hub.test_build = TRUE;
  test_hub_start (&f->hub, die);

  /* The hub commits the batch and dies before it answers. */
  g_assert_false (sync_store (store, NULL, &error));
  g_assert_error (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_NETWORK);
  g_clear_error (&error);
  g_assert_true (g_subprocess_wait_check (f->hub.process, NULL, &error) == FALSE);
  g_clear_error (&error);
  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT count (*) FROM event"), ==, ocop_store_outbox_last_seq (store));
  g_assert_cmpint (ocop_store_outbox_pending (store), ==, ocop_store_outbox_last_seq (store));
  g_clear_object (&f->hub.process);

  /* Restarted, it acknowledges the resend without counting it again. */
  f->hub.test_build = FALSE;
  test_hub_start (&f->hub, NULL);
  g_assert_true (sync_store (store, &round, &error));
  g_assert_no_error (error);
  g_assert_cmpint (round.acked_through, ==, ocop_store_outbox_last_seq (store));
  ocop_sync_round_clear (&round);
  assert_hub_equals_devices (f, (OcopStore *[]) { store }, 1);
}

/* The installed hub has no test hooks: a stray line in its environment
 * file neither kills it after a commit nor slows its replies (it used to
 * exit after the first batch, every time systemd restarted it). */
static void
test_installed_hub_ignores_hooks (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(OcopStore) store = test_device_new (&f->hub, "a", FAIR, "QN-07");
  g_autoptr(GError) error = NULL;
  const char *hooks[] = { "OCOP_HUB_TEST_EXIT_AFTER_COMMIT=1", "OCOP_HUB_TEST_REPLY_DELAY_MS=600000", NULL };

  test_hub_stop (&f->hub);
  test_hub_start (&f->hub, hooks);
  ring_up_morning (store, 3);
  g_assert_true (sync_store (store, NULL, &error));
  g_assert_no_error (error);
  ring_up_morning (store, 2);
  g_assert_true (sync_store (store, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ocop_store_outbox_pending (store), ==, 0);
  /* Still up after two commits; the teardown expects a clean exit 0. */
  assert_hub_equals_devices (f, (OcopStore *[]) { store }, 1);
}

/* Three devices sell while the network between them and the hub cuts
 * uploads midway, loses replies after the hub committed, and delays. */
static void
test_faulty_network (Fixture       *f,
                     gconstpointer  data)
{
  OcopStore *stores[3] = {
    test_device_new (&f->hub, "a", FAIR, "QN-01"),
    test_device_new (&f->hub, "b", FAIR, "QN-02"),
    test_device_new (&f->hub, "c", FAIR, "QN-03"),
  };
  FaultProxy *proxy = fault_proxy_start (f->hub.port, 100);
  g_autofree char *proxy_url = g_strdup_printf ("http://127.0.0.1:%u", fault_proxy_get_port (proxy));
  g_autoptr(GError) error = NULL;
  guint failures = 0, rounds = 0;
  gboolean pending = TRUE;

  for (guint i = 0; i < 3; i++)
    g_assert_true (ocop_store_save_sync_state (stores[i], &(OcopSyncClientState) { .hub_url = proxy_url },
                                               OCOP_SYNC_FIELD_HUB_URL, &error));
  for (; pending && rounds < 60; rounds++)
    {
      pending = FALSE;
      for (guint i = 0; i < 3; i++)
        {
          g_autoptr(OcopSyncClient) client = ocop_sync_client_new (ocop_store_get_path (stores[i]));
          OcopSyncRound round;

          /* Small batches: several requests, so several faults, per round. */
          ocop_sync_client_set_batch_limits (client, 7, 1 << 20);
          if (rounds < 4)
            ring_up_morning (stores[i], 5);
          if (!ocop_sync_client_run_round (client, &round, NULL, &error))
            {
              g_assert_error (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_NETWORK);
              g_clear_error (&error);
              failures++;
            }
          else
            ocop_sync_round_clear (&round);
          pending |= ocop_store_outbox_pending (stores[i]) > 0;
        }
    }
  g_test_message ("%u rounds, %u failed; %u uploads cut, %u replies lost", rounds, failures,
                  fault_proxy_cut (proxy), fault_proxy_lost (proxy));
  g_assert_false (pending);
  /* Every kind of fault happened, and still: exactly once. */
  g_assert_cmpuint (failures, >, 0);
  g_assert_cmpuint (fault_proxy_cut (proxy), >, 0);
  g_assert_cmpuint (fault_proxy_lost (proxy), >, 0);
  assert_hub_equals_devices (f, stores, 3);
  /* No sale, void or refund stored twice. */
  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT count (*) - count (DISTINCT ref) FROM event"
                                                " WHERE kind IN ('sale', 'void', 'refund')"), ==, 0);
  fault_proxy_stop (proxy);
  for (guint i = 0; i < 3; i++)
    g_object_unref (stores[i]);
}

/* ---- one sync at a time ---- */

static void
test_lock_across_processes (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(OcopStore) store = test_device_new (&f->hub, "a", FAIR, "QN-07");
  g_autofree char *lock_path = g_strconcat (ocop_store_get_path (store), ".sync-lock", NULL);
  g_autoptr(GSubprocess) client = NULL;
  g_autofree char *err = NULL;
  int fd;

  ring_up_morning (store, 3);
  /* This test process holds the lock, as a running till would. */
  fd = open (lock_path, O_RDWR | O_CREAT, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (flock (fd, LOCK_EX | LOCK_NB), ==, 0);
  client = spawn_ocop_sync (store);
  g_assert_true (g_subprocess_communicate_utf8 (client, NULL, NULL, NULL, &err, NULL));
  g_assert_cmpint (g_subprocess_get_exit_status (client), ==, 1);
  g_assert_nonnull (strstr (err, "Another sync"));
  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT count (*) FROM event"), ==, 0);

  close (fd);
  g_clear_object (&client);
  client = spawn_ocop_sync (store);
  g_assert_true (g_subprocess_wait_check (client, NULL, NULL));
  assert_hub_equals_devices (f, (OcopStore *[]) { store }, 1);
}

/* ---- bad input ---- */

typedef struct {
  const char *what;
  const char *body;
  const char *encoding;
  long        status;
} BadRequest;

static void
test_bad_input (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(OcopStore) store = test_device_new (&f->hub, "a", FAIR, "QN-07");
  g_autoptr(OcopStore) other = test_device_new (&f->hub, "b", FAIR, "QN-08");
  g_autofree char *device_id = test_util_sync_text (store, device_id);
  g_autofree char *token = test_util_sync_text (store, token);
  g_autofree char *other_id = test_util_sync_text (other, device_id);
  g_autofree char *url = g_strdup_printf ("%s/v1/devices/%s/events", f->hub.url, device_id);
  g_autofree char *other_url = g_strdup_printf ("%s/v1/devices/%s/events", f->hub.url, other_id);
  g_autofree char *replay = g_strdup_printf ("{\"protocol\":1,\"device_id\":\"%s\",\"epoch\":1,\"epoch_first_seq\":1,"
                                             "\"booth\":{\"code\":\"QN-08\"},\"clock\":{\"device_us\":1},"
                                             "\"events\":[]}", other_id);
  const BadRequest bad[] = {
    { "not JSON", "{\"protocol\":1,", NULL, 400 },
    { "not an object", "[1,2,3]", NULL, 400 },
    { "seq as a string", "{\"protocol\":1,\"device_id\":\"x\",\"epoch\":\"1\"}", NULL, 400 },
    { "wrong protocol", "{\"protocol\":2}", NULL, 400 },
    { "damaged gzip", "\x1f\x8b\x08\x00garbage", "gzip", 400 },
    { "unknown encoding", "{}", "br", 415 },
  };
  g_autofree char *reply = NULL;
  g_autofree char *huge = g_malloc0 (5 * 1024 * 1024 + 1);
  g_autofree char *nobody_url = g_strdup_printf ("%s/v1/devices/dv-nobody/events", f->hub.url);
  g_autofree char *bad_day_url = g_strdup_printf ("%s/v1/fairs/%s/totals?day=yesterday", f->hub.url, FAIR);
  gint64 events, revenue;

  ring_up_morning (store, 3);
  assert_synced (store);
  events = test_hub_query_int (&f->hub, "SELECT count (*) FROM event");
  revenue = test_hub_query_int (&f->hub, "SELECT sum (revenue) FROM tally_booth_day");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("%s", bad[i].what);
      g_clear_pointer (&reply, g_free);
      g_assert_cmpint (test_http ("POST", url, token, bad[i].encoding, bad[i].body, strlen (bad[i].body), &reply),
                       ==, bad[i].status);
      g_assert_nonnull (strstr (reply, "\"message\""));
    }
  /* A wrong type names the field. */
  g_clear_pointer (&reply, g_free);
  test_http ("POST", url, token, NULL, bad[2].body, strlen (bad[2].body), &reply);
  g_assert_nonnull (strstr (reply, "epoch must be a whole number"));

  memset (huge, ' ', 5 * 1024 * 1024);
  g_clear_pointer (&reply, g_free);
  g_assert_cmpint (test_http ("POST", url, token, NULL, huge, strlen (huge), &reply), ==, 413);
  /* Unknown device (told what a wrong token is told), no token, wrong
   * token. */
  g_clear_pointer (&reply, g_free);
  g_assert_cmpint (test_http ("POST", nobody_url, token, NULL, "{}", 2, NULL), ==, 401);
  g_assert_cmpint (test_http ("POST", url, NULL, NULL, "{}", 2, NULL), ==, 401);
  g_assert_cmpint (test_http ("POST", url, "AAAA", NULL, "{}", 2, NULL), ==, 401);
  /* Device a's token on device b's address, and b's batch with a's token. */
  g_assert_cmpint (test_http ("POST", other_url, token, NULL, replay, strlen (replay), NULL), ==, 401);
  g_assert_cmpint (test_http ("POST", url, token, NULL, replay, strlen (replay), &reply), ==, 400);
  g_assert_cmpint (test_http ("GET", url, token, NULL, NULL, 0, NULL), ==, 405);
  g_assert_cmpint (test_http ("GET", bad_day_url, NULL, NULL, NULL, 0, NULL), ==, 400);
  /* An approver that is not a name is refused, naming the member. */
  {
    g_autofree char *payload = g_strdup ("{\"uuid\":\"00000000-0000-4000-8000-0000000000aa\",\"kind\":\"sale\","
                                         "\"business_day\":\"2024-12-11\",\"total\":50000,\"approver\":5,"
                                         "\"payments\":[{\"method\":\"cash\",\"amount\":50000}]}");
    g_autofree char *body = raw_batch (device_id, ocop_store_outbox_last_seq (store) + 1,
                                       "00000000-0000-4000-8000-0000000000aa", payload, TEST_FAIR_MORNING_US);

    g_clear_pointer (&reply, g_free);
    g_assert_cmpint (test_http ("POST", url, token, NULL, body, strlen (body), &reply), ==, 400);
    g_assert_nonnull (strstr (reply, "approver must be a string"));
  }

  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT count (*) FROM event"), ==, events);
  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT sum (revenue) FROM tally_booth_day"), ==, revenue);
  /* And the hub still serves the device. */
  ring_up_morning (store, 2);
  assert_synced (store);
  assert_hub_equals_devices (f, (OcopStore *[]) { store }, 1);
}

/* ---- one batch, many cases ---- */

typedef struct {
  gint64      seq;
  const char *uuid;
  gint64      total;
} RawSale;

/* A batch built by hand, as a device of another make could send it: each
 * sale's payload hashed here, so that the hub sees exactly these keys. */
static char *
hand_made_batch (const char    *device_id,
                 const RawSale *sales,
                 guint          n)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_string_append_printf (text, "{\"protocol\":1,\"device_id\":\"%s\",\"epoch\":1,\"epoch_first_seq\":1,"
                          "\"booth\":{\"code\":\"QN-07\"},\"clock\":{\"device_us\":%" G_GINT64_FORMAT "},"
                          "\"events\":[", device_id, g_get_real_time ());
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *payload = g_strdup_printf (
        "{\"uuid\":\"%s\",\"kind\":\"sale\",\"business_day\":\"2024-12-11\",\"total\":%" G_GINT64_FORMAT ","
        "\"payments\":[{\"method\":\"cash\",\"amount\":%" G_GINT64_FORMAT "}]}",
        sales[i].uuid, sales[i].total, sales[i].total);
      g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, payload, -1);
      g_autofree char *quoted = g_strescape (payload, NULL);

      g_string_append_printf (text, "%s{\"seq\":%" G_GINT64_FORMAT ",\"kind\":\"sale\",\"ref\":\"%s\","
                              "\"created_us\":1733882455000000,\"hash\":\"%s\",\"payload\":\"%s\"}",
                              i ? "," : "", sales[i].seq, sales[i].uuid, hash, quoted);
    }
  g_string_append (text, "]}");
  return g_strdup (text->str);
}

static JsonNode *
post_raw_batch (const char    *url,
                const char    *token,
                const char    *device_id,
                const RawSale *sales,
                guint          n,
                long           expected_status)
{
  g_autofree char *body = hand_made_batch (device_id, sales, n);
  g_autofree char *reply = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  g_assert_cmpint (test_http ("POST", url, token, NULL, body, strlen (body), &reply), ==, expected_status);
  node = json_from_string (reply, &error);
  g_assert_no_error (error);
  return node;
}

/* A batch that mixes resent, new and conflicting events: the hub must
 * store only the new ones, count a record once whatever key and batch it
 * arrives in (and once when it appears twice in one batch), and refuse a
 * whole batch that holds one conflicting event, keeping none of it. */
static void
test_mixed_batch (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(OcopStore) store = test_device_new (&f->hub, "a", FAIR, "QN-07");
  g_autofree char *device_id = test_util_sync_text (store, device_id);
  g_autofree char *token = test_util_sync_text (store, token);
  g_autofree char *url = g_strdup_printf ("%s/v1/devices/%s/events", f->hub.url, device_id);
  const RawSale first[] = { { 1, "sale-a", 100000 }, { 2, "sale-b", 200000 } };
  const RawSale second[] = {
    { 2, "sale-b", 200000 },   /* resent: a duplicate */
    { 3, "sale-a", 100000 },   /* sale a again under a new key: stored, not counted */
    { 4, "sale-d", 50000 },
    { 5, "sale-d", 50000 },    /* twice in one batch: counted once */
    { 7, "sale-e", 70000 },    /* after a gap: stored, not acknowledged */
  };
  const RawSale third[] = {
    { 5, "sale-d", 50000 },    /* resent */
    { 6, "sale-f", 60000 },    /* new, fills the gap */
    { 7, "sale-x", 70000 },    /* held with another hash: the batch is refused */
    { 8, "sale-g", 80000 },
  };
  const RawSale fourth[] = { { 6, "sale-f", 60000 }, { 8, "sale-g", 80000 } };
  g_autoptr(JsonNode) reply = NULL;

  reply = post_raw_batch (url, token, device_id, first, G_N_ELEMENTS (first), 200);
  g_assert_cmpint (member (reply, "inserted"), ==, 2);
  g_assert_cmpint (member (reply, "acked_through"), ==, 2);
  g_clear_pointer (&reply, json_node_unref);

  reply = post_raw_batch (url, token, device_id, second, G_N_ELEMENTS (second), 200);
  g_assert_cmpint (member (reply, "inserted"), ==, 4);
  g_assert_cmpint (member (reply, "duplicates"), ==, 1);
  g_assert_cmpint (member (reply, "acked_through"), ==, 5);
  g_clear_pointer (&reply, json_node_unref);
  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT count (*) FROM event"), ==, 6);
  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT count (*) FROM event WHERE counted = 1"), ==, 4);
  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT sum (sales) FROM tally_booth_day"), ==, 4);
  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT sum (revenue) FROM tally_booth_day"), ==,
                   100000 + 200000 + 50000 + 70000);

  reply = post_raw_batch (url, token, device_id, third, G_N_ELEMENTS (third), 409);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (reply), "error"), ==, "hash_conflict");
  g_clear_pointer (&reply, json_node_unref);
  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT count (*) FROM event"), ==, 6);
  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT count (*) FROM counted_record"), ==, 4);
  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT sum (sales) FROM tally_booth_day"), ==, 4);
  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT count (*) FROM flag WHERE kind = 'hash_conflict'"), ==, 1);

  /* Without the conflicting event, the gap fills and the ack jumps over
   * the event that was held already. */
  reply = post_raw_batch (url, token, device_id, fourth, G_N_ELEMENTS (fourth), 200);
  g_assert_cmpint (member (reply, "inserted"), ==, 2);
  g_assert_cmpint (member (reply, "acked_through"), ==, 8);
  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT sum (revenue) FROM tally_booth_day"), ==,
                   100000 + 200000 + 50000 + 70000 + 60000 + 80000);
  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT sum (amount) FROM tally_method WHERE method = 'cash'"), ==,
                   100000 + 200000 + 50000 + 70000 + 60000 + 80000);
}

/* ---- the catalog down ---- */

static char *
write_catalog (Fixture    *f,
               const char *name,
               const char *price)
{
  g_autofree char *path = g_build_filename (f->hub.dir, name, NULL);
  g_autofree char *text = g_strdup_printf (
    "sku,barcode,name,producer,producer_kind,locality,stars,price_vnd,unit,category,trace_url\n"
    "QN-BC-001,8936000010010,Trà hoa vàng Ba Chẽ,Công ty CP Kinh doanh lâm sản Đạp Thanh,enterprise,Ba Chẽ,5,%s,hộp,Trà,\n"
    "QN-NEW-01,,Miến dong Bình Liêu,HTX Miến dong Bình Liêu,cooperative,Bình Liêu,4,90000,gói,Đặc sản,\n", price);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  return g_steal_pointer (&path);
}

static void
test_catalog_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(OcopStore) store = test_device_new (&f->hub, "a", FAIR, "QN-07");
  g_autofree char *good = write_catalog (f, "catalog.csv", "700000");
  g_autofree char *bad = write_catalog (f, "bad.csv", "70.5");
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(OcopProduct) product = NULL;
  g_autoptr(GError) error = NULL;
  const char *tea[] = { "QN-BC-001", NULL };
  g_autoptr(OcopSale) before = test_util_sell (store, tea, 1, OCOP_PAYMENT_CASH);
  const char *argv[] = { g_getenv ("OCOP_HUB"), "catalog", "--db", f->hub.db, "--fair", FAIR, bad, NULL };
  OcopSyncRound round;
  gint64 store_version;
  int status = 0;

  /* No catalog published yet: the round still succeeds. */
  g_assert_true (sync_store (store, &round, &error));
  g_assert_cmpint (round.catalog_version, ==, 0);
  ocop_sync_round_clear (&round);

  g_free (test_hub_run (&f->hub, "catalog", "--fair", FAIR, good, NULL));
  g_assert_true (sync_store (store, &round, &error));
  g_assert_no_error (error);
  g_assert_cmpint (round.catalog_version, ==, 1);
  ocop_sync_round_clear (&round);
  product = ocop_store_find_sku (store, "QN-BC-001", &error);
  g_assert_cmpint (ocop_product_get_price (product), ==, 700000);
  g_clear_object (&product);
  product = ocop_store_find_sku (store, "QN-NEW-01", &error);
  g_assert_no_error (error);
  g_assert_cmpint (ocop_product_get_price (product), ==, 90000);
  /* The sale made before keeps its price. */
  g_assert_cmpint (ocop_sale_get_line (before, 0)->unit_price, ==, 650000);
  g_assert_cmpint (test_util_query_int (store, "SELECT unit_price FROM sale_line ORDER BY sale_id LIMIT 1"), ==, 650000);

  /* Unchanged at the hub: 304, nothing imported again. */
  store_version = ocop_store_get_catalog_version (store);
  g_assert_true (sync_store (store, &round, &error));
  g_assert_cmpint (round.catalog_version, ==, 0);
  ocop_sync_round_clear (&round);
  g_assert_cmpint (ocop_store_get_catalog_version (store), ==, store_version);

  /* A file with an error is refused by the hub, which keeps version 1. */
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_false (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (err, "price_vnd"));
  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT version FROM catalog"), ==, 1);
}

/* ---- the till's scheduler ---- */

static void
count_synced (OcopSyncScheduler *scheduler,
              int               *counter)
{
  (*counter)++;
}

static void
count_failed (OcopSyncScheduler *scheduler,
              GError            *error,
              int               *counter)
{
  g_assert_nonnull (error);
  (*counter)++;
}

static void
wait_for (int *counter,
          int  value)
{
  for (int i = 0; i < 3000 && *counter < value; i++)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (*counter, ==, value);
}

static void
test_scheduler (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(OcopStore) store = test_device_new (&f->hub, "a", FAIR, "QN-07");
  g_autoptr(OcopSyncClient) client = ocop_sync_client_new (ocop_store_get_path (store));
  g_autoptr(OcopSyncScheduler) scheduler = ocop_sync_scheduler_new (client);
  int synced = 0, failed = 0;

  g_signal_connect (scheduler, "synced", G_CALLBACK (count_synced), &synced);
  g_signal_connect (scheduler, "failed", G_CALLBACK (count_failed), &failed);
  ring_up_morning (store, 3);
  ocop_sync_scheduler_set_timing (scheduler, 0, 600000);
  ocop_sync_scheduler_start (scheduler);
  /* The main loop keeps turning while the round runs on a worker. */
  wait_for (&synced, 1);
  g_assert_cmpint (ocop_store_outbox_pending (store), ==, 0);
  g_assert_cmpint (ocop_sync_scheduler_get_last_ok_us (scheduler), >, 0);
  g_assert_null (ocop_sync_scheduler_get_last_error (scheduler));
  g_assert_cmpint (ocop_sync_scheduler_get_next_attempt_ms (scheduler), ==, 600000);

  /* The hub goes away: a plain error and a first backoff of at most 2 s. */
  test_hub_stop (&f->hub);
  ring_up_morning (store, 2);
  ocop_sync_scheduler_sync_now (scheduler);
  wait_for (&failed, 1);
  g_assert_nonnull (strstr (ocop_sync_scheduler_get_last_error (scheduler), "Cannot reach the hub"));
  g_assert_cmpint (ocop_sync_scheduler_get_next_attempt_ms (scheduler), <=, OCOP_SYNC_BACKOFF_BASE_MS);
  g_assert_cmpint (ocop_store_outbox_pending (store), >, 0);

  /* Back: the next round (here, at once) sends what waited. */
  test_hub_start (&f->hub, NULL);
  ocop_sync_scheduler_sync_now (scheduler);
  wait_for (&synced, 2);
  g_assert_cmpint (ocop_store_outbox_pending (store), ==, 0);
  assert_hub_equals_devices (f, (OcopStore *[]) { store }, 1);
  ocop_sync_scheduler_stop (scheduler);
}

/* ---- without a hub ---- */

static void
test_backoff (void)
{
  gint64 expected = OCOP_SYNC_BACKOFF_BASE_MS;

  for (guint attempt = 0; attempt < 20; attempt++)
    {
      /* The top of the window doubles up to the cap; the bottom is 0. */
      g_assert_cmpint (ocop_sync_backoff_delay_ms (attempt, 0, G_MAXUINT32), ==, expected);
      g_assert_cmpint (ocop_sync_backoff_delay_ms (attempt, 0, 0), ==, 0);
      expected = MIN (expected * 2, 300000);
    }
  g_assert_cmpint (ocop_sync_backoff_delay_ms (0, 0, G_MAXUINT32 / 2), ==, 999);
  /* Retry-After wins over a shorter random wait. */
  g_assert_cmpint (ocop_sync_backoff_delay_ms (0, 120000, 0), ==, 120000);
  g_assert_cmpint (ocop_sync_start_delay_ms (G_MAXUINT32), ==, 30000);
}

static void
test_parse_ack (void)
{
  g_autoptr(GError) error = NULL;
  OcopSyncAck ack;
  const char *good = "{\"epoch\":2,\"acked_through\":41,\"hub_time_us\":5,\"checkpoint\":{\"status\":\"match\"}}";
  const char *bad[] = { "", "[]", "{\"epoch\":1}", "{\"epoch\":1,\"acked_through\":\"41\"}",
                        "{\"epoch\":1,\"acked_through\":-1}", "{\"epoch\":0,\"acked_through\":3}",
                        "{\"epoch\":1,\"acked_through\":1.5}" };

  g_assert_true (ocop_sync_parse_ack (good, strlen (good), &ack, &error));
  g_assert_cmpint (ack.epoch, ==, 2);
  g_assert_cmpint (ack.acked_through, ==, 41);
  g_assert_cmpstr (ack.checkpoint_status, ==, "match");
  g_free (ack.checkpoint_status);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (ocop_sync_parse_ack (bad[i], strlen (bad[i]), &ack, &error));
      g_assert_error (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_PROTOCOL);
      g_clear_error (&error);
    }
}

static void
test_not_enrolled (void)
{
  g_autofree char *dir = test_util_make_dir ();
  g_autoptr(OcopStore) store = test_util_demo_store (dir);
  g_autoptr(GError) error = NULL;

  g_assert_false (sync_store (store, NULL, &error));
  g_assert_error (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_NOT_ENROLLED);
  g_clear_object (&store);
  test_util_remove_dir (dir);
}

/* The Organizer page's read: the hub's totals for the device's fair, the
 * same as the raw endpoint and as the device's own journal, per day too;
 * plain errors when the hub is away or the store never joined. */
static void
test_fetch_totals (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(OcopStore) store = test_device_new (&f->hub, "a", FAIR, "QN-07");
  g_autoptr(OcopSyncClient) client = ocop_sync_client_new (ocop_store_get_path (store));
  g_autofree char *fair = test_util_sync_text (store, fair);
  g_autoptr(JsonNode) totals = NULL;
  g_autoptr(JsonNode) raw = NULL;
  g_autoptr(JsonNode) day = NULL;
  g_autoptr(JsonNode) other_day = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *lone_dir = NULL;
  g_autoptr(OcopStore) lone = NULL;
  g_autoptr(OcopSyncClient) lone_client = NULL;

  g_assert_cmpstr (fair, ==, FAIR);
  ring_up_morning (store, 4);
  assert_synced (store);
  totals = ocop_sync_client_fetch_totals (client, NULL, NULL, &error);
  g_assert_no_error (error);
  raw = test_hub_totals (&f->hub, FAIR, NULL);
  g_assert_cmpint (member (totals, "sales"), ==, test_util_query_int (store, "SELECT count (*) FROM sale WHERE kind = 'sale'"));
  g_assert_cmpint (member (totals, "revenue"), ==, test_util_query_int (store, "SELECT sum (total) FROM sale"));
  g_assert_cmpint (member (totals, "visitors"), ==, test_util_query_int (store, "SELECT sum (count) FROM visitor_count"));
  g_assert_cmpint (member (totals, "as_of_us"), >, 0);
  g_assert_cmpint (member (totals, "sales"), ==, member (raw, "sales"));
  /* The store's clock is 2024-12-11 09:00 in the fair's zone. */
  day = ocop_sync_client_fetch_totals (client, "2024-12-11", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (member (day, "revenue"), ==, member (totals, "revenue"));
  other_day = ocop_sync_client_fetch_totals (client, "2024-12-12", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (member (other_day, "sales"), ==, 0);

  test_hub_stop (&f->hub);
  g_assert_null (ocop_sync_client_fetch_totals (client, NULL, NULL, &error));
  g_assert_error (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_NETWORK);
  g_clear_error (&error);

  lone_dir = g_build_filename (f->hub.dir, "lone", NULL);
  g_assert_cmpint (g_mkdir (lone_dir, 0700), ==, 0);
  lone = test_util_demo_store (lone_dir);
  lone_client = ocop_sync_client_new (ocop_store_get_path (lone));
  g_assert_false (ocop_sync_client_is_enrolled (lone_client, NULL));
  g_assert_true (ocop_sync_client_is_enrolled (client, NULL));
  g_assert_null (ocop_sync_client_fetch_totals (lone_client, NULL, NULL, &error));
  g_assert_error (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_NOT_ENROLLED);
}

int
main (int    argc,
      char **argv)
{
  static const char * const slow_replies[] = { "OCOP_HUB_TEST_REPLY_DELAY_MS=200", NULL };

  g_test_init (&argc, &argv, NULL);

#define ADD(path, env, func) g_test_add (path, Fixture, env, fixture_set_up, func, fixture_tear_down)
  ADD ("/sync/enroll-and-auth", NULL, test_enroll_and_auth);
  ADD ("/sync/exactly-once/three-devices", NULL, test_three_devices);
  ADD ("/sync/exactly-once/client-killed-mid-upload", slow_replies, test_client_killed_mid_upload);
  ADD ("/sync/exactly-once/hub-killed-after-commit", NULL, test_hub_killed_after_commit);
  ADD ("/sync/exactly-once/installed-hub-ignores-test-hooks", NULL, test_installed_hub_ignores_hooks);
  ADD ("/sync/exactly-once/faulty-network", NULL, test_faulty_network);
  ADD ("/sync/exactly-once/mixed-batch", NULL, test_mixed_batch);
  ADD ("/sync/conflict/refused", NULL, test_hash_conflict_refused);
  ADD ("/sync/time/wild-clock-flagged", NULL, test_wild_clock);
  ADD ("/sync/conflict/restored-store", NULL, test_restored_store);
  ADD ("/sync/lock/across-processes", NULL, test_lock_across_processes);
  ADD ("/sync/bad-input", NULL, test_bad_input);
  ADD ("/sync/scheduler", NULL, test_scheduler);
  ADD ("/sync/catalog-down", NULL, test_catalog_down);
  ADD ("/sync/totals", NULL, test_fetch_totals);
#undef ADD
  g_test_add_func ("/sync/backoff", test_backoff);
  g_test_add_func ("/sync/parse-ack", test_parse_ack);
  g_test_add_func ("/sync/not-enrolled", test_not_enrolled);

  return g_test_run ();
}
