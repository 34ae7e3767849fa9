/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-hub-sqlite.c: the hub's storage in one SQLite file (WAL,
 * synchronous=FULL), the default for a fair-site hub on a laptop. */

#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "ocop-hub-backend.h"

typedef struct {
  OcopHubBackend  parent;
  sqlite3        *db;
  GMutex          lock;       /* one connection, used by one thread at a time */
  GHashTable     *statements; /* SQL text → sqlite3_stmt */
} HubSqlite;

/* The event key is (device, epoch, seq); counted_record makes a sale, void
 * or refund count once whatever key it arrives under (a new epoch resends
 * unacknowledged events). Tallies are kept in the ingest transaction so
 * that the organizers' totals read a few rows. */
static const char hub_schema[] =
  "CREATE TABLE IF NOT EXISTS enrollment ("
  "  code_hash TEXT PRIMARY KEY, fair TEXT NOT NULL, booth TEXT NOT NULL,"
  "  created_us INTEGER NOT NULL, expires_us INTEGER NOT NULL, used_by TEXT) WITHOUT ROWID;"
  "CREATE TABLE IF NOT EXISTS device ("
  "  id TEXT PRIMARY KEY, token_hash TEXT NOT NULL, device_uuid TEXT,"
  "  fair TEXT NOT NULL, booth TEXT NOT NULL, booth_name TEXT, locality TEXT,"
  "  in_province INTEGER NOT NULL DEFAULT 1, enrolled_us INTEGER NOT NULL, revoked_us INTEGER,"
  "  last_sync_us INTEGER, clock_skew_us INTEGER,"
  "  sales INTEGER NOT NULL DEFAULT 0, revenue INTEGER NOT NULL DEFAULT 0,"
  "  visitors INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;"
  "CREATE TABLE IF NOT EXISTS device_epoch ("
  "  device TEXT NOT NULL, epoch INTEGER NOT NULL, first_seq INTEGER NOT NULL,"
  "  acked_through INTEGER NOT NULL, PRIMARY KEY (device, epoch)) WITHOUT ROWID;"
  "CREATE TABLE IF NOT EXISTS event ("
  "  device TEXT NOT NULL, epoch INTEGER NOT NULL, seq INTEGER NOT NULL,"
  "  kind TEXT NOT NULL, ref TEXT NOT NULL, hash TEXT NOT NULL, payload TEXT NOT NULL,"
  "  created_us INTEGER NOT NULL, received_us INTEGER NOT NULL, counted INTEGER NOT NULL,"
  "  PRIMARY KEY (device, epoch, seq));"
  "CREATE TABLE IF NOT EXISTS counted_record (uuid TEXT PRIMARY KEY) WITHOUT ROWID;"
  "CREATE TABLE IF NOT EXISTS tally_booth_day ("
  "  fair TEXT NOT NULL, day TEXT NOT NULL, booth TEXT NOT NULL, in_province INTEGER NOT NULL,"
  "  sales INTEGER NOT NULL DEFAULT 0, voids INTEGER NOT NULL DEFAULT 0,"
  "  refunds INTEGER NOT NULL DEFAULT 0, revenue INTEGER NOT NULL DEFAULT 0,"
  "  visitors INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (fair, day, booth)) WITHOUT ROWID;"
  "CREATE TABLE IF NOT EXISTS tally_method ("
  "  fair TEXT NOT NULL, day TEXT NOT NULL, booth TEXT NOT NULL, method TEXT NOT NULL,"
  "  amount INTEGER NOT NULL, PRIMARY KEY (fair, day, booth, method)) WITHOUT ROWID;"
  "CREATE TABLE IF NOT EXISTS tally_hour ("
  "  fair TEXT NOT NULL, day TEXT NOT NULL, hour INTEGER NOT NULL,"
  "  sales INTEGER NOT NULL DEFAULT 0, revenue INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (fair, day, hour)) WITHOUT ROWID;"
  "CREATE TABLE IF NOT EXISTS tally_product ("
  "  fair TEXT NOT NULL, sku TEXT NOT NULL, name TEXT NOT NULL,"
  "  quantity INTEGER NOT NULL DEFAULT 0, revenue INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (fair, sku)) WITHOUT ROWID;"
  "CREATE TABLE IF NOT EXISTS catalog ("
  "  fair TEXT PRIMARY KEY, version INTEGER NOT NULL, csv BLOB NOT NULL, updated_us INTEGER NOT NULL);"
  /* The published catalog per product, for deltas: row is the product's
   * canonical CSV line, NULL for a tombstone (withdrawn at version). */
  "CREATE TABLE IF NOT EXISTS catalog_product ("
  "  fair TEXT NOT NULL, sku TEXT NOT NULL, row TEXT, version INTEGER NOT NULL,"
  "  PRIMARY KEY (fair, sku)) WITHOUT ROWID;"
  "CREATE TABLE IF NOT EXISTS flag ("
  "  id INTEGER PRIMARY KEY, device TEXT NOT NULL, at_us INTEGER NOT NULL,"
  "  kind TEXT NOT NULL, detail TEXT NOT NULL);";

/* The producer-kind tally came later than the others: a hub database from
 * before it gets the table and, in the same transaction, what its counted
 * events add up to (their lines carry no kind then, so they count as
 * "unknown"), so that the table agrees with the other tallies from the
 * start. JSON1 is part of SQLite since 3.38. */
static const char kind_tally_schema[] =
  "CREATE TABLE tally_kind ("
  "  fair TEXT NOT NULL, day TEXT NOT NULL, producer_kind TEXT NOT NULL,"
  "  quantity INTEGER NOT NULL DEFAULT 0, revenue INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (fair, day, producer_kind)) WITHOUT ROWID;"
  "INSERT INTO tally_kind (fair, day, producer_kind, quantity, revenue)"
  "  SELECT d.fair, json_extract (e.payload, '$.business_day'),"
  "    coalesce (json_extract (l.value, '$.producer_kind'), 'unknown'),"
  "    sum (json_extract (l.value, '$.quantity')),"
  "    sum (json_extract (l.value, '$.quantity') * json_extract (l.value, '$.unit_price')"
  "         - json_extract (l.value, '$.discount'))"
  "  FROM event e JOIN device d ON d.id = e.device, json_each (e.payload, '$.lines') l"
  "  WHERE e.counted = 1 AND e.kind IN ('sale', 'void', 'refund')"
  "  GROUP BY 1, 2, 3;";

static HubSqlite *
hub (OcopHubBackend *self)
{
  return (HubSqlite *) self;
}

static gboolean
fail_sql (HubSqlite   *self,
          GError     **error,
          const char  *doing)
{
  g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_FAILED, _("The hub's database could not %s: %s"),
               doing, sqlite3_errmsg (self->db));
  return FALSE;
}

static sqlite3_stmt *
prepare (HubSqlite   *self,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      fail_sql (self, error, _("prepare a query"));
      return NULL;
    }
  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

static gboolean
exec (HubSqlite   *self,
      const char  *sql,
      GError     **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) == SQLITE_OK)
    return TRUE;
  return fail_sql (self, error, _("write"));
}

static gboolean
step_done (HubSqlite     *self,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  return fail_sql (self, error, _("write"));
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

/* ---- enrollment and devices ---- */

static gboolean
sqlite_add_enrollment (OcopHubBackend  *backend,
                       const char      *code_hash,
                       const char      *fair,
                       const char      *booth,
                       gint64           now_us,
                       gint64           expires_us,
                       GError         **error)
{
  HubSqlite *self = hub (backend);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  sqlite3_stmt *stmt = prepare (self,
                                "INSERT INTO enrollment (code_hash, fair, booth, created_us, expires_us)"
                                " VALUES (?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, code_hash);
  bind_text (stmt, 2, fair);
  bind_text (stmt, 3, booth);
  sqlite3_bind_int64 (stmt, 4, now_us);
  sqlite3_bind_int64 (stmt, 5, expires_us);
  return step_done (self, stmt, error);
}

static OcopHubDevice *
device_from_row (sqlite3_stmt *stmt)
{
  OcopHubDevice *device = g_new0 (OcopHubDevice, 1);

  device->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  device->token_hash = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  device->fair = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  device->booth = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  device->revoked = sqlite3_column_type (stmt, 4) != SQLITE_NULL;
  return device;
}

static OcopHubDevice *
find_device_locked (HubSqlite   *self,
                    const char  *device_id,
                    GError     **error)
{
  sqlite3_stmt *stmt = prepare (self,
                                "SELECT id, token_hash, fair, booth, revoked_us FROM device WHERE id = ?", error);
  OcopHubDevice *device = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, device_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    device = device_from_row (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_ROW)
    return device;
  if (rc == SQLITE_DONE)
    g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_NOT_FOUND, _("No device '%s' is enrolled at this hub"),
                 device_id);
  else
    fail_sql (self, error, _("read the devices"));
  return NULL;
}

static OcopHubDevice *
sqlite_find_device (OcopHubBackend  *backend,
                    const char      *device_id,
                    GError         **error)
{
  HubSqlite *self = hub (backend);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  return find_device_locked (self, device_id, error);
}

/* Marks the code used and adds the device, in one transaction, so that two
 * devices racing with one code cannot both get in. */
static OcopHubDevice *
sqlite_redeem_enrollment (OcopHubBackend  *backend,
                          const char      *code_hash,
                          const char      *device_id,
                          const char      *token_hash,
                          const char      *device_uuid,
                          gint64           now_us,
                          GError         **error)
{
  HubSqlite *self = hub (backend);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  sqlite3_stmt *stmt;
  g_autofree char *fair = NULL;
  g_autofree char *booth = NULL;

  if (!exec (self, "BEGIN IMMEDIATE", error))
    return NULL;
  stmt = prepare (self, "UPDATE enrollment SET used_by = ? WHERE code_hash = ? AND used_by IS NULL AND expires_us > ?"
                        " RETURNING fair, booth", error);
  if (stmt == NULL)
    goto fail;
  bind_text (stmt, 1, device_id);
  bind_text (stmt, 2, code_hash);
  sqlite3_bind_int64 (stmt, 3, now_us);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      fair = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      booth = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
    }
  sqlite3_reset (stmt);
  if (fair == NULL)
    {
      g_set_error_literal (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_FORBIDDEN,
                           _("This enrollment code is unknown, already used or expired: ask the organizer for a new one"));
      goto fail;
    }
  stmt = prepare (self, "INSERT INTO device (id, token_hash, device_uuid, fair, booth, enrolled_us)"
                        " VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    goto fail;
  bind_text (stmt, 1, device_id);
  bind_text (stmt, 2, token_hash);
  bind_text (stmt, 3, device_uuid);
  bind_text (stmt, 4, fair);
  bind_text (stmt, 5, booth);
  sqlite3_bind_int64 (stmt, 6, now_us);
  if (!step_done (self, stmt, error) || !exec (self, "COMMIT", error))
    goto fail;
  return find_device_locked (self, device_id, error);

fail:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return NULL;
}

static gboolean
sqlite_revoke_device (OcopHubBackend  *backend,
                      const char      *device_id,
                      gint64           now_us,
                      GError         **error)
{
  HubSqlite *self = hub (backend);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  sqlite3_stmt *stmt = prepare (self, "UPDATE device SET revoked_us = coalesce (revoked_us, ?) WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now_us);
  bind_text (stmt, 2, device_id);
  if (!step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 1)
    return TRUE;
  g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_NOT_FOUND, _("No device '%s' is enrolled at this hub"), device_id);
  return FALSE;
}

/* ---- ingest ---- */

static gboolean
add_flag (HubSqlite   *self,
          const char  *device,
          gint64       now_us,
          const char  *kind,
          const char  *detail,
          GError     **error)
{
  sqlite3_stmt *stmt = prepare (self, "INSERT INTO flag (device, at_us, kind, detail) VALUES (?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, device);
  sqlite3_bind_int64 (stmt, 2, now_us);
  bind_text (stmt, 3, kind);
  bind_text (stmt, 4, detail);
  return step_done (self, stmt, error);
}

/* One clock_skew flag an hour per device, not one per batch. */
static gboolean
flag_clock_once_an_hour (HubSqlite   *self,
                         const char  *device,
                         gint64       now_us,
                         const char  *detail,
                         GError     **error)
{
  sqlite3_stmt *stmt = prepare (self,
    "INSERT INTO flag (device, at_us, kind, detail) SELECT ?1, ?2, 'clock_skew', ?3"
    " WHERE NOT EXISTS (SELECT 1 FROM flag WHERE device = ?1 AND kind = 'clock_skew' AND at_us > ?2 - 3600000000)",
    error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, device);
  sqlite3_bind_int64 (stmt, 2, now_us);
  bind_text (stmt, 3, detail);
  return step_done (self, stmt, error);
}

/* The epoch's row, created on its first batch; its first seq never moves. */
static gboolean
open_epoch (HubSqlite           *self,
            const OcopHubBatch  *batch,
            gint64              *acked_through,
            GError             **error)
{
  sqlite3_stmt *stmt = prepare (self, "SELECT first_seq, acked_through FROM device_epoch WHERE device = ? AND epoch = ?",
                                error);
  gint64 first_seq = 0;
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, batch->device_id);
  sqlite3_bind_int64 (stmt, 2, batch->epoch);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      first_seq = sqlite3_column_int64 (stmt, 0);
      *acked_through = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_ROW && first_seq != batch->epoch_first_seq)
    {
      g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_EPOCH_MISMATCH,
                   _("Epoch %" PRId64 " of this device starts at #%" PRId64 ", not #%" PRId64),
                   batch->epoch, first_seq, batch->epoch_first_seq);
      return FALSE;
    }
  if (rc == SQLITE_ROW)
    return TRUE;
  *acked_through = batch->epoch_first_seq - 1;
  stmt = prepare (self, "INSERT INTO device_epoch (device, epoch, first_seq, acked_through) VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, batch->device_id);
  sqlite3_bind_int64 (stmt, 2, batch->epoch);
  sqlite3_bind_int64 (stmt, 3, batch->epoch_first_seq);
  sqlite3_bind_int64 (stmt, 4, *acked_through);
  return step_done (self, stmt, error);
}

/* TRUE when the record was not counted yet (under any key). */
static gboolean
claim_record (HubSqlite     *self,
              const char    *uuid,
              gboolean      *claimed,
              GError       **error)
{
  sqlite3_stmt *stmt = prepare (self, "INSERT INTO counted_record (uuid) VALUES (?) ON CONFLICT DO NOTHING", error);

  if (stmt == NULL || (bind_text (stmt, 1, uuid), !step_done (self, stmt, error)))
    return FALSE;
  *claimed = sqlite3_changes (self->db) == 1;
  return TRUE;
}

static gboolean
write_day_tally (HubSqlite             *self,
                 const OcopHubDevice   *device,
                 const OcopHubBatch    *batch,
                 const char            *day,
                 const OcopHubDayTally *tally,
                 GError               **error)
{
  sqlite3_stmt *stmt = prepare (self,
    "INSERT INTO tally_booth_day (fair, day, booth, in_province, sales, voids, refunds, revenue, visitors)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (fair, day, booth) DO UPDATE SET"
    " sales = sales + ?5, voids = voids + ?6, refunds = refunds + ?7, revenue = revenue + ?8,"
    " visitors = visitors + ?9, in_province = ?4", error);
  GHashTableIter iter;
  gpointer method, amount;

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, device->fair);
  bind_text (stmt, 2, day);
  bind_text (stmt, 3, device->booth);
  sqlite3_bind_int (stmt, 4, batch->in_province);
  sqlite3_bind_int64 (stmt, 5, tally->sales);
  sqlite3_bind_int64 (stmt, 6, tally->voids);
  sqlite3_bind_int64 (stmt, 7, tally->refunds);
  sqlite3_bind_int64 (stmt, 8, tally->revenue);
  sqlite3_bind_int64 (stmt, 9, tally->visitors);
  if (!step_done (self, stmt, error))
    return FALSE;
  g_hash_table_iter_init (&iter, tally->methods);
  while (g_hash_table_iter_next (&iter, &method, &amount))
    {
      stmt = prepare (self,
        "INSERT INTO tally_method (fair, day, booth, method, amount) VALUES (?1, ?2, ?3, ?4, ?5)"
        " ON CONFLICT (fair, day, booth, method) DO UPDATE SET amount = amount + ?5", error);
      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, device->fair);
      bind_text (stmt, 2, day);
      bind_text (stmt, 3, device->booth);
      bind_text (stmt, 4, method);
      sqlite3_bind_int64 (stmt, 5, *(gint64 *) amount);
      if (!step_done (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* One upsert per hour the batch touched, so a batch costs at most 24. */
static gboolean
write_hour_tallies (HubSqlite             *self,
                    const OcopHubDevice   *device,
                    const char            *day,
                    const OcopHubDayTally *tally,
                    GError               **error)
{
  for (int hour = 0; hour < 24; hour++)
    {
      sqlite3_stmt *stmt;

      if (!tally->hour_seen[hour])
        continue;
      stmt = prepare (self,
        "INSERT INTO tally_hour (fair, day, hour, sales, revenue) VALUES (?1, ?2, ?3, ?4, ?5)"
        " ON CONFLICT (fair, day, hour) DO UPDATE SET sales = sales + ?4, revenue = revenue + ?5", error);
      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, device->fair);
      bind_text (stmt, 2, day);
      sqlite3_bind_int (stmt, 3, hour);
      sqlite3_bind_int64 (stmt, 4, tally->hour_sales[hour]);
      sqlite3_bind_int64 (stmt, 5, tally->hour_revenue[hour]);
      if (!step_done (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_product_tallies (HubSqlite             *self,
                       const OcopHubDevice   *device,
                       const OcopHubDayTally *tally,
                       GError               **error)
{
  GHashTableIter iter;
  gpointer sku, value;

  g_hash_table_iter_init (&iter, tally->products);
  while (g_hash_table_iter_next (&iter, &sku, &value))
    {
      const OcopHubProductTally *product = value;
      sqlite3_stmt *stmt = prepare (self,
        "INSERT INTO tally_product (fair, sku, name, quantity, revenue) VALUES (?1, ?2, ?3, ?4, ?5)"
        " ON CONFLICT (fair, sku) DO UPDATE SET name = ?3, quantity = quantity + ?4, revenue = revenue + ?5",
        error);

      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, device->fair);
      bind_text (stmt, 2, sku);
      bind_text (stmt, 3, product->name);
      sqlite3_bind_int64 (stmt, 4, product->quantity);
      sqlite3_bind_int64 (stmt, 5, product->revenue);
      if (!step_done (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_kind_tallies (HubSqlite             *self,
                    const OcopHubDevice   *device,
                    const char            *day,
                    const OcopHubDayTally *tally,
                    GError               **error)
{
  GHashTableIter iter;
  gpointer kind, value;

  g_hash_table_iter_init (&iter, tally->kinds);
  while (g_hash_table_iter_next (&iter, &kind, &value))
    {
      const OcopHubKindTally *sum = value;
      sqlite3_stmt *stmt = prepare (self,
        "INSERT INTO tally_kind (fair, day, producer_kind, quantity, revenue) VALUES (?1, ?2, ?3, ?4, ?5)"
        " ON CONFLICT (fair, day, producer_kind) DO UPDATE SET quantity = quantity + ?4, revenue = revenue + ?5",
        error);

      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, device->fair);
      bind_text (stmt, 2, day);
      bind_text (stmt, 3, kind);
      sqlite3_bind_int64 (stmt, 4, sum->quantity);
      sqlite3_bind_int64 (stmt, 5, sum->revenue);
      if (!step_done (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_tallies (HubSqlite           *self,
               const OcopHubDevice *device,
               const OcopHubBatch  *batch,
               GHashTable          *tallies,
               GError             **error)
{
  GHashTableIter iter;
  gpointer day, tally;

  g_hash_table_iter_init (&iter, tallies);
  while (g_hash_table_iter_next (&iter, &day, &tally))
    if (!write_day_tally (self, device, batch, day, tally, error) ||
        !write_hour_tallies (self, device, day, tally, error) ||
        !write_product_tallies (self, device, tally, error) ||
        !write_kind_tallies (self, device, day, tally, error))
      return FALSE;
  return TRUE;
}

/* Inserts one event unless its key is held; a held key with another hash
 * is a conflict. *@counted says whether the tallies take it. */
static gboolean
insert_event (HubSqlite           *self,
              const OcopHubBatch  *batch,
              const OcopHubEvent  *event,
              gint64               now_us,
              gboolean            *inserted,
              gboolean            *counted,
              GError             **error)
{
  gboolean counts = TRUE;
  sqlite3_stmt *stmt;
  g_autofree char *held = NULL;

  *inserted = *counted = FALSE;
  /* Claimed first: an event already held had its record claimed when it
   * went in, so a resend claims nothing, and a conflict rolls back. */
  if (event->record_uuid != NULL && !claim_record (self, event->record_uuid, &counts, error))
    return FALSE;
  stmt = prepare (self,
    "INSERT INTO event (device, epoch, seq, kind, ref, hash, payload, created_us, received_us, counted)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, batch->device_id);
  sqlite3_bind_int64 (stmt, 2, batch->epoch);
  sqlite3_bind_int64 (stmt, 3, event->seq);
  sqlite3_bind_text (stmt, 4, event->kind_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, event->ref, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, event->hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, event->payload, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 8, event->created_us);
  sqlite3_bind_int64 (stmt, 9, now_us);
  sqlite3_bind_int (stmt, 10, counts);
  if (!step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      stmt = prepare (self, "SELECT hash FROM event WHERE device = ? AND epoch = ? AND seq = ?", error);
      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, batch->device_id);
      sqlite3_bind_int64 (stmt, 2, batch->epoch);
      sqlite3_bind_int64 (stmt, 3, event->seq);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        held = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      sqlite3_reset (stmt);
      if (held != NULL && g_str_equal (held, event->hash))
        return TRUE;
      g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_HASH_CONFLICT,
                   _("Event #%" PRId64 " of epoch %" PRId64 " is already held with different content:"
                     " this store looks restored from a copy or cloned"), event->seq, batch->epoch);
      return FALSE;
    }
  *inserted = TRUE;
  *counted = counts;
  return TRUE;
}

/* The highest seq held with no gap below it, walking up from the last
 * acknowledgement. */
static gboolean
advance_ack (HubSqlite           *self,
             const OcopHubBatch  *batch,
             gint64              *acked_through,
             GError             **error)
{
  sqlite3_stmt *stmt = prepare (self, "SELECT seq FROM event WHERE device = ? AND epoch = ? AND seq > ? ORDER BY seq",
                                error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, batch->device_id);
  sqlite3_bind_int64 (stmt, 2, batch->epoch);
  sqlite3_bind_int64 (stmt, 3, *acked_through);
  while (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int64 (stmt, 0) == *acked_through + 1)
    (*acked_through)++;
  sqlite3_reset (stmt);
  stmt = prepare (self, "UPDATE device_epoch SET acked_through = ? WHERE device = ? AND epoch = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, *acked_through);
  bind_text (stmt, 2, batch->device_id);
  sqlite3_bind_int64 (stmt, 3, batch->epoch);
  return step_done (self, stmt, error);
}

/* Sums over the events the tallies took, for the device's checkpoint. */
static void
sum_new_events (const OcopHubBatch *batch,
                const GArray       *inserted,
                gint64              sums[3])
{
  for (guint i = 0; i < batch->events->len; i++)
    {
      const OcopHubEvent *event = batch->events->pdata[i];

      if (!g_array_index (inserted, gboolean, i))
        continue;
      sums[0] += event->kind == OCOP_HUB_EVENT_SALE;
      sums[1] += event->kind <= OCOP_HUB_EVENT_REFUND ? event->total : 0;
      sums[2] += event->visitors;
    }
}

/* The device row's running sums, its booth details, last sync and clock. */
static gboolean
update_device (HubSqlite           *self,
               const OcopHubBatch  *batch,
               const gint64         sums[3],
               gint64               now_us,
               OcopHubIngestResult *result,
               GError             **error)
{
  gint64 skew = batch->device_us - now_us;
  sqlite3_stmt *stmt = prepare (self,
    "UPDATE device SET sales = sales + ?, revenue = revenue + ?, visitors = visitors + ?,"
    " booth_name = coalesce (?, booth_name), locality = coalesce (?, locality), in_province = ?,"
    " last_sync_us = ?, clock_skew_us = ? WHERE id = ? RETURNING sales, revenue, visitors", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, sums[0]);
  sqlite3_bind_int64 (stmt, 2, sums[1]);
  sqlite3_bind_int64 (stmt, 3, sums[2]);
  bind_text (stmt, 4, batch->booth_name);
  bind_text (stmt, 5, batch->locality);
  sqlite3_bind_int (stmt, 6, batch->in_province);
  sqlite3_bind_int64 (stmt, 7, now_us);
  sqlite3_bind_int64 (stmt, 8, skew);
  bind_text (stmt, 9, batch->device_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return fail_sql (self, error, _("update the device"));
    }
  result->hub_sales = sqlite3_column_int64 (stmt, 0);
  result->hub_revenue = sqlite3_column_int64 (stmt, 1);
  result->hub_visitors = sqlite3_column_int64 (stmt, 2);
  sqlite3_reset (stmt);
  result->clock_skewed = skew > OCOP_HUB_CLOCK_SKEW_LIMIT_US || skew < -OCOP_HUB_CLOCK_SKEW_LIMIT_US;
  if (result->clock_skewed)
    {
      g_autofree char *detail = g_strdup_printf ("device clock %+" PRId64 " s from the hub's", skew / G_USEC_PER_SEC);

      return flag_clock_once_an_hour (self, batch->device_id, now_us, detail, error);
    }
  return TRUE;
}

static gboolean
compare_checkpoint (HubSqlite           *self,
                    const OcopHubBatch  *batch,
                    gint64               now_us,
                    OcopHubIngestResult *result,
                    GError             **error)
{
  g_autofree char *detail = NULL;

  if (!batch->has_checkpoint)
    return TRUE;
  if (batch->checkpoint_through_seq != result->acked_through)
    {
      result->checkpoint_status = "behind";
      return TRUE;
    }
  if (batch->checkpoint_sales == result->hub_sales && batch->checkpoint_revenue == result->hub_revenue &&
      batch->checkpoint_visitors == result->hub_visitors)
    {
      result->checkpoint_status = "match";
      return TRUE;
    }
  result->checkpoint_status = "mismatch";
  detail = g_strdup_printf ("through #%" PRId64 ": device %" PRId64 " sales %" PRId64 " VND %" PRId64
                            " visitors, hub %" PRId64 " / %" PRId64 " / %" PRId64,
                            batch->checkpoint_through_seq, batch->checkpoint_sales, batch->checkpoint_revenue,
                            batch->checkpoint_visitors, result->hub_sales, result->hub_revenue, result->hub_visitors);
  return add_flag (self, batch->device_id, now_us, "checkpoint_mismatch", detail, error);
}

/* Test hooks: exit right after the Nth commit, before any reply, as a hub
 * killed at the worst moment would; or wait before replying, so that a
 * test can kill the client mid-upload. */
static void
run_test_hooks_after_commit (void)
{
  const char *after = g_getenv ("OCOP_HUB_TEST_EXIT_AFTER_COMMIT");
  const char *delay = g_getenv ("OCOP_HUB_TEST_REPLY_DELAY_MS");
  static gint commits;

  if (after != NULL && g_atomic_int_add (&commits, 1) + 1 >= atoi (after))
    _exit (77);
  if (delay != NULL)
    g_usleep ((gulong) atoi (delay) * 1000);
}

static gboolean
ingest_locked (HubSqlite           *self,
               const OcopHubDevice *device,
               const OcopHubBatch  *batch,
               gint64               now_us,
               OcopHubIngestResult *result,
               GError             **error)
{
  g_autoptr(GArray) inserted = g_array_sized_new (FALSE, TRUE, sizeof (gboolean), batch->events->len);
  g_autoptr(GHashTable) tallies = ocop_hub_tallies_new ();
  gint64 sums[3] = { 0, 0, 0 };

  result->acked_through = 0;
  if (!open_epoch (self, batch, &result->acked_through, error))
    return FALSE;
  for (guint i = 0; i < batch->events->len; i++)
    {
      const OcopHubEvent *event = batch->events->pdata[i];
      gboolean is_new = FALSE, counted = FALSE;

      if (!insert_event (self, batch, event, now_us, &is_new, &counted, error))
        return FALSE;
      g_array_append_val (inserted, counted);
      result->inserted += is_new;
      result->duplicates += !is_new;
      if (counted)
        ocop_hub_tallies_add (tallies, event);
    }
  sum_new_events (batch, inserted, sums);
  return write_tallies (self, device, batch, tallies, error) &&
         advance_ack (self, batch, &result->acked_through, error) &&
         update_device (self, batch, sums, now_us, result, error) &&
         compare_checkpoint (self, batch, now_us, result, error);
}

static gboolean
sqlite_ingest (OcopHubBackend       *backend,
               const OcopHubDevice  *device,
               const OcopHubBatch   *batch,
               gint64                now_us,
               OcopHubIngestResult  *result,
               GError              **error)
{
  HubSqlite *self = hub (backend);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  GError *local_error = NULL;

  if (!exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (ingest_locked (self, device, batch, now_us, result, &local_error) && exec (self, "COMMIT", &local_error))
    {
      g_clear_pointer (&locker, g_mutex_locker_free);
      run_test_hooks_after_commit ();
      return TRUE;
    }
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  /* The flag outlives the refused batch: organizers must see it. */
  if (g_error_matches (local_error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_HASH_CONFLICT))
    add_flag (self, batch->device_id, now_us, "hash_conflict", local_error->message, NULL);
  g_propagate_error (error, local_error);
  return FALSE;
}

/* ---- the read side ---- */

static void
bind_fair_day (sqlite3_stmt *stmt,
               const char   *fair,
               const char   *day)
{
  bind_text (stmt, 1, fair);
  bind_text (stmt, 2, day);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_column (JsonBuilder  *builder,
            const char   *name,
            sqlite3_stmt *stmt,
            int           column)
{
  json_builder_set_member_name (builder, name);
  switch (sqlite3_column_type (stmt, column))
    {
    case SQLITE_NULL:
      json_builder_add_null_value (builder);
      break;
    case SQLITE_INTEGER:
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, column));
      break;
    default:
      json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, column));
    }
}

/* Runs @sql (bound to fair, day, @now_us) and adds its rows as an array of
 * objects whose members are @names, in column order. */
static gboolean
add_rows (HubSqlite          *self,
          JsonBuilder        *builder,
          const char         *array_name,
          const char         *sql,
          const char         *fair,
          const char         *day,
          gint64              now_us,
          const char * const *names,
          GError            **error)
{
  sqlite3_stmt *stmt = prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_fair_day (stmt, fair, day);
  if (sqlite3_bind_parameter_count (stmt) >= 3)
    sqlite3_bind_int64 (stmt, 3, now_us);
  json_builder_set_member_name (builder, array_name);
  json_builder_begin_array (builder);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      json_builder_begin_object (builder);
      for (int i = 0; names[i] != NULL; i++)
        if (g_str_equal (names[i], "in_province"))
          {
            json_builder_set_member_name (builder, names[i]);
            json_builder_add_boolean_value (builder, sqlite3_column_int (stmt, i) != 0);
          }
        else
          add_column (builder, names[i], stmt, i);
      json_builder_end_object (builder);
    }
  sqlite3_reset (stmt);
  json_builder_end_array (builder);
  if (rc != SQLITE_DONE)
    return fail_sql (self, error, _("read the totals"));
  return TRUE;
}

static gboolean
add_overall (HubSqlite    *self,
             JsonBuilder  *builder,
             const char   *fair,
             const char   *day,
             GError      **error)
{
  sqlite3_stmt *stmt = prepare (self,
    "SELECT coalesce (sum (sales), 0), coalesce (sum (voids), 0), coalesce (sum (refunds), 0),"
    " coalesce (sum (revenue), 0), coalesce (sum (visitors), 0)"
    " FROM tally_booth_day WHERE fair = ?1 AND (?2 IS NULL OR day = ?2)", error);

  if (stmt == NULL)
    return FALSE;
  bind_fair_day (stmt, fair, day);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return fail_sql (self, error, _("read the totals"));
    }
  for (int i = 0; ocop_hub_overall_columns[i] != NULL; i++)
    add_int (builder, ocop_hub_overall_columns[i], sqlite3_column_int64 (stmt, i));
  sqlite3_reset (stmt);
  return TRUE;
}

static JsonNode *
sqlite_totals (OcopHubBackend  *backend,
               const char      *fair,
               const char      *day,
               gint64           now_us,
               GError         **error)
{
  HubSqlite *self = hub (backend);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gboolean ok;

  /* One read transaction: every figure is as of the same commit. */
  if (!exec (self, "BEGIN", error))
    return NULL;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "fair");
  json_builder_add_string_value (builder, fair);
  json_builder_set_member_name (builder, "day");
  if (day)
    json_builder_add_string_value (builder, day);
  else
    json_builder_add_null_value (builder);
  add_int (builder, "as_of_us", now_us);
  ok = add_overall (self, builder, fair, day, error) &&
       add_rows (self, builder, "by_locality",
                 "SELECT in_province, sum (sales), sum (revenue), sum (visitors) FROM tally_booth_day"
                 " WHERE fair = ?1 AND (?2 IS NULL OR day = ?2) GROUP BY in_province ORDER BY in_province DESC",
                 fair, day, now_us, ocop_hub_locality_columns, error) &&
       /* Each booth counts under the locality its devices last sent (a
        * booth's devices agree unless it was re-registered). */
       add_rows (self, builder, "by_locality_name",
                 "SELECT coalesce (p.locality, ''), max (t.in_province), sum (t.sales), sum (t.revenue),"
                 " sum (t.visitors) FROM tally_booth_day t LEFT JOIN (SELECT fair, booth, max (locality) AS locality"
                 " FROM device GROUP BY fair, booth) p ON p.fair = t.fair AND p.booth = t.booth"
                 " WHERE t.fair = ?1 AND (?2 IS NULL OR t.day = ?2) GROUP BY 1 ORDER BY 4 DESC, 1",
                 fair, day, now_us, ocop_hub_place_columns, error) &&
       add_rows (self, builder, "by_method",
                 "SELECT method, sum (amount) FROM tally_method WHERE fair = ?1 AND (?2 IS NULL OR day = ?2)"
                 " GROUP BY method ORDER BY method", fair, day, now_us, ocop_hub_method_columns, error) &&
       add_rows (self, builder, "by_producer_kind",
                 "SELECT producer_kind, sum (quantity), sum (revenue) FROM tally_kind"
                 " WHERE fair = ?1 AND (?2 IS NULL OR day = ?2) GROUP BY producer_kind"
                 " ORDER BY CASE producer_kind WHEN 'enterprise' THEN 1 WHEN 'cooperative' THEN 2"
                 " WHEN 'household' THEN 3 ELSE 4 END", fair, day, now_us, ocop_hub_kind_columns, error) &&
       add_rows (self, builder, "by_booth",
                 "SELECT t.booth, max (t.in_province), sum (t.sales), sum (t.voids), sum (t.refunds),"
                 " sum (t.revenue), sum (t.visitors),"
                 " (SELECT max (last_sync_us) FROM device d WHERE d.fair = t.fair AND d.booth = t.booth)"
                 " FROM tally_booth_day t WHERE t.fair = ?1 AND (?2 IS NULL OR t.day = ?2)"
                 " GROUP BY t.booth ORDER BY t.booth", fair, day, now_us, ocop_hub_booth_totals_columns, error) &&
       add_rows (self, builder, "stale_booths",
                 "SELECT booth, id, last_sync_us FROM device WHERE fair = ?1 AND (?2 IS NULL OR 1)"
                 " AND revoked_us IS NULL AND (last_sync_us IS NULL OR last_sync_us < ?3) ORDER BY booth",
                 fair, day, now_us - OCOP_HUB_STALE_AFTER_US, ocop_hub_stale_columns, error) &&
       add_rows (self, builder, "flags",
                 "SELECT f.device, f.at_us, f.kind, f.detail FROM flag f JOIN device d ON d.id = f.device"
                 " WHERE d.fair = ?1 AND (?2 IS NULL OR 1) ORDER BY f.id DESC LIMIT 50",
                 fair, day, now_us, ocop_hub_flag_columns, error);
  json_builder_end_object (builder);
  sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
  return ok ? json_builder_get_root (builder) : NULL;
}

/* ---- the catalog ---- */

/* sku → OcopHubCatalogRow of the rows a fair holds. */
static GHashTable *
read_held_rows (HubSqlite   *self,
                const char  *fair,
                GError     **error)
{
  g_autoptr(GHashTable) held = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                      (GDestroyNotify) ocop_hub_catalog_row_free);
  sqlite3_stmt *stmt = prepare (self, "SELECT sku, row, version FROM catalog_product WHERE fair = ?", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, fair);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OcopHubCatalogRow *row = ocop_hub_catalog_row_new ((const char *) sqlite3_column_text (stmt, 0),
                                                         (const char *) sqlite3_column_text (stmt, 1),
                                                         sqlite3_column_int64 (stmt, 2));

      g_hash_table_insert (held, row->sku, row);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      fail_sql (self, error, _("read the catalog"));
      return NULL;
    }
  return g_steal_pointer (&held);
}

static gint64
next_catalog_version (HubSqlite   *self,
                      const char  *fair,
                      GBytes      *csv,
                      gint64       now_us,
                      GError     **error)
{
  sqlite3_stmt *stmt = prepare (self,
    "INSERT INTO catalog (fair, version, csv, updated_us) VALUES (?1, 1, ?2, ?3)"
    " ON CONFLICT (fair) DO UPDATE SET version = version + 1, csv = ?2, updated_us = ?3 RETURNING version", error);
  gsize size = 0;
  const void *data = g_bytes_get_data (csv, &size);
  gint64 version = 0;

  if (stmt == NULL)
    return 0;
  bind_text (stmt, 1, fair);
  sqlite3_bind_blob64 (stmt, 2, data, size, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, now_us);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (version == 0)
    fail_sql (self, error, _("save the catalog"));
  return version;
}

static gboolean
write_catalog_rows (HubSqlite   *self,
                    const char  *fair,
                    GPtrArray   *writes,
                    gint64       version,
                    GError     **error)
{
  for (guint i = 0; i < writes->len; i++)
    {
      OcopHubCatalogRow *row = writes->pdata[i];
      sqlite3_stmt *stmt = prepare (self,
        "INSERT INTO catalog_product (fair, sku, row, version) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (fair, sku) DO UPDATE SET row = excluded.row, version = excluded.version", error);

      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, fair);
      bind_text (stmt, 2, row->sku);
      bind_text (stmt, 3, row->row);
      sqlite3_bind_int64 (stmt, 4, version);
      if (!step_done (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
put_catalog_locked (HubSqlite          *self,
                    const char         *fair,
                    GBytes             *csv,
                    GPtrArray          *rows,
                    gint64              now_us,
                    OcopHubPublication *publication,
                    GError            **error)
{
  g_autoptr(GHashTable) held = read_held_rows (self, fair, error);
  g_autoptr(GPtrArray) writes = NULL;
  sqlite3_stmt *stmt;

  if (held == NULL)
    return FALSE;
  writes = ocop_hub_catalog_diff (held, rows, publication);
  if (writes->len == 0)
    {
      if (!(stmt = prepare (self, "SELECT version FROM catalog WHERE fair = ?", error)))
        return FALSE;
      bind_text (stmt, 1, fair);
      publication->version = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
      sqlite3_reset (stmt);
      return TRUE;
    }
  return (publication->version = next_catalog_version (self, fair, csv, now_us, error)) != 0 &&
         write_catalog_rows (self, fair, writes, publication->version, error);
}

static gboolean
sqlite_put_catalog (OcopHubBackend      *backend,
                    const char          *fair,
                    GBytes              *csv,
                    GPtrArray           *rows,
                    gint64               now_us,
                    OcopHubPublication  *publication,
                    GError             **error)
{
  HubSqlite *self = hub (backend);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  GError *local_error = NULL;

  memset (publication, 0, sizeof *publication);
  /* IMMEDIATE: the rows read are the rows compared, whoever else writes. */
  if (!exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (put_catalog_locked (self, fair, csv, rows, now_us, publication, &local_error) &&
      exec (self, "COMMIT", &local_error))
    return TRUE;
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  g_propagate_error (error, local_error);
  return FALSE;
}

static GBytes *
sqlite_get_catalog (OcopHubBackend  *backend,
                    const char      *fair,
                    gint64          *version,
                    GError         **error)
{
  HubSqlite *self = hub (backend);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  sqlite3_stmt *stmt = prepare (self, "SELECT version, csv FROM catalog WHERE fair = ?", error);
  GBytes *csv = NULL;

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, fair);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *version = sqlite3_column_int64 (stmt, 0);
      csv = g_bytes_new (sqlite3_column_blob (stmt, 1), (gsize) sqlite3_column_bytes (stmt, 1));
    }
  sqlite3_reset (stmt);
  if (csv == NULL)
    g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_NOT_FOUND, _("The fair '%s' has no catalog at this hub yet"),
                 fair);
  return csv;
}

static GPtrArray *
catalog_changes_locked (HubSqlite   *self,
                        const char  *fair,
                        gint64       since,
                        GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) ocop_hub_catalog_row_free);
  sqlite3_stmt *stmt = prepare (self,
                                "SELECT sku, row, version FROM catalog_product WHERE fair = ? AND version > ?"
                                " ORDER BY sku", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, fair);
  sqlite3_bind_int64 (stmt, 2, since);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, ocop_hub_catalog_row_new ((const char *) sqlite3_column_text (stmt, 0),
                                                     (const char *) sqlite3_column_text (stmt, 1),
                                                     sqlite3_column_int64 (stmt, 2)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      fail_sql (self, error, _("read the catalog"));
      return NULL;
    }
  return g_steal_pointer (&rows);
}

static GPtrArray *
sqlite_catalog_changes (OcopHubBackend  *backend,
                        const char      *fair,
                        gint64           since,
                        gint64          *version,
                        gint64          *oldest,
                        GError         **error)
{
  HubSqlite *self = hub (backend);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(GPtrArray) rows = NULL;
  sqlite3_stmt *stmt;
  gboolean found;

  /* One read transaction: the version and the rows of one publication. */
  if (!exec (self, "BEGIN", error))
    return NULL;
  if (!(stmt = prepare (self, "SELECT version, (SELECT coalesce (min (version), 0) FROM catalog_product p"
                              " WHERE p.fair = c.fair) FROM catalog c WHERE fair = ?", error)))
    goto done;
  bind_text (stmt, 1, fair);
  if ((found = sqlite3_step (stmt) == SQLITE_ROW))
    {
      *version = sqlite3_column_int64 (stmt, 0);
      *oldest = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (!found)
    g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_NOT_FOUND, _("The fair '%s' has no catalog at this hub yet"),
                 fair);
  else
    rows = catalog_changes_locked (self, fair, since, error);
done:
  sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
  return g_steal_pointer (&rows);
}

static gint64
sqlite_count (OcopHubBackend *backend,
              const char     *what)
{
  HubSqlite *self = hub (backend);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  const char *sql = g_str_equal (what, "events") ? "SELECT count (*) FROM event"
                  : g_str_equal (what, "revenue") ? "SELECT coalesce (sum (revenue), 0) FROM tally_booth_day"
                  : g_str_equal (what, "organizers") ? "SELECT count (*) FROM organizer"
                  : "SELECT count (*) FROM flag";
  sqlite3_stmt *stmt = prepare (self, sql, NULL);
  gint64 value = -1;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return value;
}

/* ---- organizer accounts and sessions ---- */

/* Kept apart from hub_schema: created the same way, on every open. */
static const char accounts_schema[] =
  "CREATE TABLE IF NOT EXISTS organizer ("
  "  name TEXT PRIMARY KEY, password_hash TEXT NOT NULL, created_us INTEGER NOT NULL) WITHOUT ROWID;"
  "CREATE TABLE IF NOT EXISTS organizer_session ("
  "  hash TEXT PRIMARY KEY, organizer TEXT NOT NULL, expires_us INTEGER NOT NULL) WITHOUT ROWID;";

static gboolean
remove_sessions_of (HubSqlite   *self,
                    const char  *name,
                    GError     **error)
{
  sqlite3_stmt *stmt = prepare (self, "DELETE FROM organizer_session WHERE organizer = ?1", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, name);
  return step_done (self, stmt, error);
}

static gboolean
sqlite_put_organizer (OcopHubBackend  *backend,
                      const char      *name,
                      const char      *password_hash,
                      gint64           now_us,
                      GError         **error)
{
  HubSqlite *self = hub (backend);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  sqlite3_stmt *stmt = prepare (self,
    "INSERT INTO organizer (name, password_hash, created_us) VALUES (?1, ?2, ?3)"
    " ON CONFLICT (name) DO UPDATE SET password_hash = ?2", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, name);
  bind_text (stmt, 2, password_hash);
  sqlite3_bind_int64 (stmt, 3, now_us);
  /* A new password ends the sessions opened with the old one. */
  return step_done (self, stmt, error) && remove_sessions_of (self, name, error);
}

static gboolean
sqlite_remove_organizer (OcopHubBackend  *backend,
                         const char      *name,
                         GError         **error)
{
  HubSqlite *self = hub (backend);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  sqlite3_stmt *stmt = prepare (self, "DELETE FROM organizer WHERE name = ?1", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, name);
  if (!step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_NOT_FOUND, _("There is no organizer '%s' at this hub"), name);
      return FALSE;
    }
  return remove_sessions_of (self, name, error);
}

static char *
sqlite_organizer_password (OcopHubBackend  *backend,
                           const char      *name,
                           GError         **error)
{
  HubSqlite *self = hub (backend);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  sqlite3_stmt *stmt = prepare (self, "SELECT password_hash FROM organizer WHERE name = ?1", error);
  char *hash = NULL;

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, name);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    hash = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (hash == NULL)
    g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_NOT_FOUND, _("There is no organizer '%s' at this hub"), name);
  return hash;
}

static gboolean
sqlite_add_session (OcopHubBackend  *backend,
                    const char      *session_hash,
                    const char      *name,
                    gint64           expires_us,
                    GError         **error)
{
  HubSqlite *self = hub (backend);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  sqlite3_stmt *stmt = prepare (self,
    "INSERT INTO organizer_session (hash, organizer, expires_us) VALUES (?1, ?2, ?3)", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, session_hash);
  bind_text (stmt, 2, name);
  sqlite3_bind_int64 (stmt, 3, expires_us);
  return step_done (self, stmt, error);
}

static char *
sqlite_find_session (OcopHubBackend  *backend,
                     const char      *session_hash,
                     gint64           now_us,
                     GError         **error)
{
  HubSqlite *self = hub (backend);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  sqlite3_stmt *stmt = prepare (self,
    "SELECT s.organizer FROM organizer_session s JOIN organizer o ON o.name = s.organizer"
    " WHERE s.hash = ?1 AND s.expires_us > ?2", error);
  char *name = NULL;

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, session_hash);
  sqlite3_bind_int64 (stmt, 2, now_us);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (name == NULL)
    g_set_error_literal (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_UNAUTHORIZED,
                         _("The session is unknown or has expired: log in again"));
  return name;
}

static gboolean
sqlite_remove_session (OcopHubBackend  *backend,
                       const char      *session_hash,
                       GError         **error)
{
  HubSqlite *self = hub (backend);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  sqlite3_stmt *stmt = prepare (self, "DELETE FROM organizer_session WHERE hash = ?1", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, session_hash);
  return step_done (self, stmt, error);
}

/* A scan of the device rows: a fair has a few hundred, and this runs
 * only for a refused read of the totals. */
static gboolean
sqlite_is_device_token (OcopHubBackend  *backend,
                        const char      *token_hash,
                        gboolean        *is_device,
                        GError         **error)
{
  HubSqlite *self = hub (backend);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  sqlite3_stmt *stmt = prepare (self, "SELECT 1 FROM device WHERE token_hash = ?1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, token_hash);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      fail_sql (self, error, _("read the devices"));
      return FALSE;
    }
  *is_device = rc == SQLITE_ROW;
  return TRUE;
}

static JsonNode *
sqlite_dashboard_extras (OcopHubBackend  *backend,
                         const char      *fair,
                         GError         **error)
{
  HubSqlite *self = hub (backend);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gboolean ok;

  if (!exec (self, "BEGIN", error))
    return NULL;
  json_builder_begin_object (builder);
  /* Days come from tally_booth_day: a few rows per booth and day, never
   * the events. */
  ok = add_rows (self, builder, "fairs",
                 "SELECT DISTINCT fair FROM device WHERE ?1 IS NOT NULL AND ?2 IS NULL ORDER BY fair",
                 fair, NULL, 0, ocop_hub_fair_columns, error) &&
       add_rows (self, builder, "days",
                 "SELECT day, sum (sales), sum (revenue), sum (visitors) FROM tally_booth_day"
                 " WHERE fair = ?1 AND ?2 IS NULL GROUP BY day ORDER BY day",
                 fair, NULL, 0, ocop_hub_day_columns, error) &&
       add_rows (self, builder, "booths",
                 "SELECT booth, max (booth_name), max (locality) FROM device WHERE fair = ?1 AND ?2 IS NULL"
                 " GROUP BY booth ORDER BY booth", fair, NULL, 0, ocop_hub_booth_info_columns, error) &&
       add_rows (self, builder, "hours",
                 "SELECT day, hour, sales, revenue FROM tally_hour WHERE fair = ?1 AND ?2 IS NULL"
                 " ORDER BY day, hour", fair, NULL, 0, ocop_hub_hour_columns, error) &&
       add_rows (self, builder, "products",
                 "SELECT sku, name, quantity, revenue FROM tally_product WHERE fair = ?1 AND ?2 IS NULL"
                 " ORDER BY revenue DESC, sku LIMIT 10", fair, NULL, 0, ocop_hub_product_columns, error);
  json_builder_end_object (builder);
  sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
  return ok ? json_builder_get_root (builder) : NULL;
}

static gboolean
has_table (HubSqlite  *self,
           const char *name)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found;

  if (sqlite3_prepare_v2 (self->db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", -1, &stmt,
                          NULL) != SQLITE_OK)
    return FALSE;
  bind_text (stmt, 1, name);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return found;
}

/* In a write transaction, checking again once it is held: two hub
 * processes opening one file (serve and report) must not both back-fill. */
static gboolean
ensure_kind_tally (HubSqlite  *self,
                   GError    **error)
{
  if (has_table (self, "tally_kind"))
    return TRUE;
  if (!exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!has_table (self, "tally_kind") && !exec (self, kind_tally_schema, error))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  return exec (self, "COMMIT", error);
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
sqlite_free (OcopHubBackend *backend)
{
  HubSqlite *self = hub (backend);

  g_hash_table_unref (self->statements);
  sqlite3_close (self->db);
  g_mutex_clear (&self->lock);
  g_free (self);
}

static const OcopHubBackendClass sqlite_class = {
  .add_enrollment = sqlite_add_enrollment,
  .redeem_enrollment = sqlite_redeem_enrollment,
  .find_device = sqlite_find_device,
  .revoke_device = sqlite_revoke_device,
  .ingest = sqlite_ingest,
  .totals = sqlite_totals,
  .put_catalog = sqlite_put_catalog,
  .get_catalog = sqlite_get_catalog,
  .catalog_changes = sqlite_catalog_changes,
  .count = sqlite_count,
  .put_organizer = sqlite_put_organizer,
  .remove_organizer = sqlite_remove_organizer,
  .organizer_password = sqlite_organizer_password,
  .add_session = sqlite_add_session,
  .find_session = sqlite_find_session,
  .remove_session = sqlite_remove_session,
  .is_device_token = sqlite_is_device_token,
  .dashboard_extras = sqlite_dashboard_extras,
  .free = sqlite_free,
};

OcopHubBackend *
ocop_hub_sqlite_open (const char  *path,
                      GError     **error)
{
  HubSqlite *self = g_new0 (HubSqlite, 1);

  self->parent.klass = &sqlite_class;
  g_mutex_init (&self->lock);
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, finalize_statement);
  if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    {
      g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_FAILED, _("Cannot open the hub's database %s: %s"), path,
                   self->db ? sqlite3_errmsg (self->db) : "out of memory");
      sqlite_free (&self->parent);
      return NULL;
    }
  /* FULL: an acknowledged batch survives a power cut, which is the promise
   * the device relies on when it marks events as sent. */
  sqlite3_busy_timeout (self->db, 10000);
  if (!exec (self, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON", error) ||
      !exec (self, hub_schema, error) || !exec (self, accounts_schema, error) ||
      !ensure_kind_tally (self, error))
    {
      g_prefix_error (error, "%s: ", path);
      sqlite_free (&self->parent);
      return NULL;
    }
  return &self->parent;
}
