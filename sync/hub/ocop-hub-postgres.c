/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-hub-postgres.c: the hub's storage in PostgreSQL through libpq, for
 * the provincial server; the same tables and rules as the SQLite backend. */

#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <libpq-fe.h>

#include "ocop-hub-backend.h"

#define INT4_OID 23
#define INT8_OID 20
#define BOOL_OID 16

typedef struct {
  OcopHubBackend  parent;
  PGconn         *conn;
  GMutex          lock;      /* one connection, used by one thread at a time */
  GHashTable     *prepared;  /* SQL text → statement name */
} HubPg;

static const char hub_schema[] =
  "SET client_min_messages = warning;"
  "CREATE TABLE IF NOT EXISTS enrollment ("
  "  code_hash TEXT PRIMARY KEY, fair TEXT NOT NULL, booth TEXT NOT NULL,"
  "  created_us BIGINT NOT NULL, expires_us BIGINT NOT NULL, used_by TEXT);"
  "CREATE TABLE IF NOT EXISTS device ("
  "  id TEXT PRIMARY KEY, token_hash TEXT NOT NULL, device_uuid TEXT,"
  "  fair TEXT NOT NULL, booth TEXT NOT NULL, booth_name TEXT, locality TEXT,"
  "  in_province INTEGER NOT NULL DEFAULT 1, enrolled_us BIGINT NOT NULL, revoked_us BIGINT,"
  "  last_sync_us BIGINT, clock_skew_us BIGINT,"
  "  sales BIGINT NOT NULL DEFAULT 0, revenue BIGINT NOT NULL DEFAULT 0,"
  "  visitors BIGINT NOT NULL DEFAULT 0);"
  "CREATE TABLE IF NOT EXISTS device_epoch ("
  "  device TEXT NOT NULL, epoch BIGINT NOT NULL, first_seq BIGINT NOT NULL,"
  "  acked_through BIGINT NOT NULL, PRIMARY KEY (device, epoch));"
  "CREATE TABLE IF NOT EXISTS event ("
  "  device TEXT NOT NULL, epoch BIGINT NOT NULL, seq BIGINT NOT NULL,"
  "  kind TEXT NOT NULL, ref TEXT NOT NULL, hash TEXT NOT NULL, payload TEXT NOT NULL,"
  "  created_us BIGINT NOT NULL, received_us BIGINT NOT NULL, counted INTEGER NOT NULL,"
  "  PRIMARY KEY (device, epoch, seq));"
  "CREATE TABLE IF NOT EXISTS counted_record (uuid TEXT PRIMARY KEY);"
  "CREATE TABLE IF NOT EXISTS tally_booth_day ("
  "  fair TEXT NOT NULL, day TEXT NOT NULL, booth TEXT NOT NULL, in_province INTEGER NOT NULL,"
  "  sales BIGINT NOT NULL DEFAULT 0, voids BIGINT NOT NULL DEFAULT 0,"
  "  refunds BIGINT NOT NULL DEFAULT 0, revenue BIGINT NOT NULL DEFAULT 0,"
  "  visitors BIGINT NOT NULL DEFAULT 0, PRIMARY KEY (fair, day, booth));"
  "CREATE TABLE IF NOT EXISTS tally_method ("
  "  fair TEXT NOT NULL, day TEXT NOT NULL, booth TEXT NOT NULL, method TEXT NOT NULL,"
  "  amount BIGINT NOT NULL, PRIMARY KEY (fair, day, booth, method));"
  "CREATE TABLE IF NOT EXISTS tally_hour ("
  "  fair TEXT NOT NULL, day TEXT NOT NULL, hour INTEGER NOT NULL,"
  "  sales BIGINT NOT NULL DEFAULT 0, revenue BIGINT NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (fair, day, hour));"
  "CREATE TABLE IF NOT EXISTS tally_product ("
  "  fair TEXT NOT NULL, sku TEXT NOT NULL, name TEXT NOT NULL,"
  "  quantity BIGINT NOT NULL DEFAULT 0, revenue BIGINT NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (fair, sku));"
  "CREATE TABLE IF NOT EXISTS catalog ("
  "  fair TEXT PRIMARY KEY, version BIGINT NOT NULL, csv_base64 TEXT NOT NULL, updated_us BIGINT NOT NULL);"
  /* The published catalog per product, for deltas: row is the product's
   * canonical CSV line, NULL for a tombstone (withdrawn at version). */
  "CREATE TABLE IF NOT EXISTS catalog_product ("
  "  fair TEXT NOT NULL, sku TEXT NOT NULL, row TEXT, version BIGINT NOT NULL,"
  "  PRIMARY KEY (fair, sku));"
  "CREATE TABLE IF NOT EXISTS flag ("
  "  id BIGSERIAL PRIMARY KEY, device TEXT NOT NULL, at_us BIGINT NOT NULL,"
  "  kind TEXT NOT NULL, detail TEXT NOT NULL);";

/* The producer-kind tally came later than the others: a hub database from
 * before it gets the table and, in the same transaction, what its counted
 * events add up to (their lines carry no kind then, so they count as
 * "unknown"), so that the table agrees with the other tallies from the
 * start. Run under the schema's advisory lock, only when the table is
 * missing. */
static const char kind_tally_schema[] =
  "CREATE TABLE tally_kind ("
  "  fair TEXT NOT NULL, day TEXT NOT NULL, producer_kind TEXT NOT NULL,"
  "  quantity BIGINT NOT NULL DEFAULT 0, revenue BIGINT NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (fair, day, producer_kind));"
  "INSERT INTO tally_kind (fair, day, producer_kind, quantity, revenue)"
  "  SELECT d.fair, e.payload::jsonb ->> 'business_day', coalesce (l ->> 'producer_kind', 'unknown'),"
  "    sum ((l ->> 'quantity')::bigint),"
  "    sum ((l ->> 'quantity')::bigint * (l ->> 'unit_price')::bigint - (l ->> 'discount')::bigint)"
  "  FROM event e JOIN device d ON d.id = e.device"
  "  CROSS JOIN LATERAL jsonb_array_elements (CASE jsonb_typeof (e.payload::jsonb -> 'lines')"
  "    WHEN 'array' THEN e.payload::jsonb -> 'lines' ELSE '[]'::jsonb END) l"
  "  WHERE e.counted = 1 AND e.kind IN ('sale', 'void', 'refund')"
  "  GROUP BY 1, 2, 3;";

static HubPg *
hub (OcopHubBackend *self)
{
  return (HubPg *) self;
}

static gboolean
fail_pg (HubPg       *self,
         GError     **error,
         const char  *doing,
         PGresult    *result)
{
  const char *message = result ? PQresultErrorMessage (result) : PQerrorMessage (self->conn);

  g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_FAILED, _("The hub's database could not %s: %s"), doing,
               message && *message ? message : PQerrorMessage (self->conn));
  return FALSE;
}

/* Runs @sql (prepared once per connection) with text parameters; returns
 * the result, or NULL with @error set. */
static PGresult *
run (HubPg               *self,
     const char          *sql,
     int                  n,
     const char * const  *params,
     GError             **error)
{
  const char *name = g_hash_table_lookup (self->prepared, sql);
  PGresult *result;
  ExecStatusType status;

  if (name == NULL)
    {
      char *new_name = g_strdup_printf ("s%u", g_hash_table_size (self->prepared));

      result = PQprepare (self->conn, new_name, sql, n, NULL);
      if (PQresultStatus (result) != PGRES_COMMAND_OK)
        {
          fail_pg (self, error, _("prepare a query"), result);
          PQclear (result);
          g_free (new_name);
          return NULL;
        }
      PQclear (result);
      g_hash_table_insert (self->prepared, (gpointer) sql, new_name);
      name = new_name;
    }
  result = PQexecPrepared (self->conn, name, n, params, NULL, NULL, 0);
  status = PQresultStatus (result);
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
    return result;
  fail_pg (self, error, _("write"), result);
  PQclear (result);
  return NULL;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

static gboolean
run_simple (HubPg       *self,
            const char  *sql,
            GError     **error)
{
  g_autoptr(PGresult) result = PQexec (self->conn, sql);

  if (PQresultStatus (result) == PGRES_COMMAND_OK || PQresultStatus (result) == PGRES_TUPLES_OK)
    return TRUE;
  return fail_pg (self, error, _("write"), result);
}

static void
rollback (HubPg *self)
{
  PQclear (PQexec (self->conn, "ROLLBACK"));
}

#define I64(x) g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) (x))

static gint64
int_at (PGresult *result,
        int       row,
        int       column)
{
  return g_ascii_strtoll (PQgetvalue (result, row, column), NULL, 10);
}

/* ---- enrollment and devices ---- */

static gboolean
pg_add_enrollment (OcopHubBackend  *backend,
                   const char      *code_hash,
                   const char      *fair,
                   const char      *booth,
                   gint64           now_us,
                   gint64           expires_us,
                   GError         **error)
{
  HubPg *self = hub (backend);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autofree char *now = I64 (now_us), *expires = I64 (expires_us);
  const char *params[] = { code_hash, fair, booth, now, expires };
  g_autoptr(PGresult) result = run (self, "INSERT INTO enrollment (code_hash, fair, booth, created_us, expires_us)"
                                          " VALUES ($1, $2, $3, $4, $5)", 5, params, error);

  return result != NULL;
}

static OcopHubDevice *
find_device_locked (HubPg       *self,
                    const char  *device_id,
                    GError     **error)
{
  const char *params[] = { device_id };
  g_autoptr(PGresult) result = run (self, "SELECT id, token_hash, fair, booth, revoked_us FROM device WHERE id = $1",
                                    1, params, error);
  OcopHubDevice *device;

  if (result == NULL)
    return NULL;
  if (PQntuples (result) == 0)
    {
      g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_NOT_FOUND, _("No device '%s' is enrolled at this hub"),
                   device_id);
      return NULL;
    }
  device = g_new0 (OcopHubDevice, 1);
  device->id = g_strdup (PQgetvalue (result, 0, 0));
  device->token_hash = g_strdup (PQgetvalue (result, 0, 1));
  device->fair = g_strdup (PQgetvalue (result, 0, 2));
  device->booth = g_strdup (PQgetvalue (result, 0, 3));
  device->revoked = !PQgetisnull (result, 0, 4);
  return device;
}

static OcopHubDevice *
pg_find_device (OcopHubBackend  *backend,
                const char      *device_id,
                GError         **error)
{
  HubPg *self = hub (backend);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  return find_device_locked (self, device_id, error);
}

static OcopHubDevice *
pg_redeem_enrollment (OcopHubBackend  *backend,
                      const char      *code_hash,
                      const char      *device_id,
                      const char      *token_hash,
                      const char      *device_uuid,
                      gint64           now_us,
                      GError         **error)
{
  HubPg *self = hub (backend);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autofree char *now = I64 (now_us);
  const char *claim[] = { device_id, code_hash, now };
  g_autoptr(PGresult) claimed = NULL;
  g_autoptr(PGresult) added = NULL;

  if (!run_simple (self, "BEGIN", error))
    return NULL;
  claimed = run (self, "UPDATE enrollment SET used_by = $1 WHERE code_hash = $2 AND used_by IS NULL"
                       " AND expires_us > $3::bigint RETURNING fair, booth", 3, claim, error);
  if (claimed == NULL)
    goto fail;
  if (PQntuples (claimed) == 0)
    {
      g_set_error_literal (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_FORBIDDEN,
                           _("This enrollment code is unknown, already used or expired: ask the organizer for a new one"));
      goto fail;
    }
  {
    const char *params[] = { device_id, token_hash, device_uuid, PQgetvalue (claimed, 0, 0),
                             PQgetvalue (claimed, 0, 1), now };

    added = run (self, "INSERT INTO device (id, token_hash, device_uuid, fair, booth, enrolled_us)"
                       " VALUES ($1, $2, $3, $4, $5, $6)", 6, params, error);
  }
  if (added == NULL || !run_simple (self, "COMMIT", error))
    goto fail;
  return find_device_locked (self, device_id, error);

fail:
  rollback (self);
  return NULL;
}

static gboolean
pg_revoke_device (OcopHubBackend  *backend,
                  const char      *device_id,
                  gint64           now_us,
                  GError         **error)
{
  HubPg *self = hub (backend);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autofree char *now = I64 (now_us);
  const char *params[] = { now, device_id };
  g_autoptr(PGresult) result = run (self, "UPDATE device SET revoked_us = coalesce (revoked_us, $1::bigint) WHERE id = $2",
                                    2, params, error);

  if (result == NULL)
    return FALSE;
  if (g_str_equal (PQcmdTuples (result), "1"))
    return TRUE;
  g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_NOT_FOUND, _("No device '%s' is enrolled at this hub"), device_id);
  return FALSE;
}

/* ---- ingest ---- */

static gboolean
add_flag (HubPg       *self,
          const char  *device,
          gint64       now_us,
          const char  *kind,
          const char  *detail,
          GError     **error)
{
  g_autofree char *now = I64 (now_us);
  const char *params[] = { device, now, kind, detail };
  g_autoptr(PGresult) result = run (self, "INSERT INTO flag (device, at_us, kind, detail) VALUES ($1, $2, $3, $4)",
                                    4, params, error);

  return result != NULL;
}

static gboolean
open_epoch (HubPg               *self,
            const OcopHubBatch  *batch,
            gint64              *acked_through,
            GError             **error)
{
  g_autofree char *epoch = I64 (batch->epoch), *first = I64 (batch->epoch_first_seq);
  g_autofree char *acked = I64 (batch->epoch_first_seq - 1);
  const char *key[] = { batch->device_id, epoch };
  const char *row[] = { batch->device_id, epoch, first, acked };
  g_autoptr(PGresult) inserted = run (self, "INSERT INTO device_epoch (device, epoch, first_seq, acked_through)"
                                            " VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING", 4, row, error);
  g_autoptr(PGresult) held = NULL;

  /* FOR UPDATE: two uploads of one device wait for each other here. */
  if (inserted == NULL ||
      !(held = run (self, "SELECT first_seq, acked_through FROM device_epoch WHERE device = $1 AND epoch = $2"
                          " FOR UPDATE", 2, key, error)))
    return FALSE;
  if (int_at (held, 0, 0) != batch->epoch_first_seq)
    {
      g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_EPOCH_MISMATCH,
                   _("Epoch %" PRId64 " of this device starts at #%" PRId64 ", not #%" PRId64),
                   batch->epoch, int_at (held, 0, 0), batch->epoch_first_seq);
      return FALSE;
    }
  *acked_through = int_at (held, 0, 1);
  return TRUE;
}

static gboolean
write_day_tally (HubPg                 *self,
                 const OcopHubDevice   *device,
                 const OcopHubBatch    *batch,
                 const char            *day,
                 const OcopHubDayTally *tally,
                 GError               **error)
{
  g_autofree char *in_province = I64 (batch->in_province), *sales = I64 (tally->sales);
  g_autofree char *voids = I64 (tally->voids), *refunds = I64 (tally->refunds);
  g_autofree char *revenue = I64 (tally->revenue), *visitors = I64 (tally->visitors);
  const char *params[] = { device->fair, day, device->booth, in_province, sales, voids, refunds, revenue, visitors };
  g_autoptr(PGresult) result = run (self,
    "INSERT INTO tally_booth_day AS t (fair, day, booth, in_province, sales, voids, refunds, revenue, visitors)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (fair, day, booth) DO UPDATE SET"
    " sales = t.sales + EXCLUDED.sales, voids = t.voids + EXCLUDED.voids, refunds = t.refunds + EXCLUDED.refunds,"
    " revenue = t.revenue + EXCLUDED.revenue, visitors = t.visitors + EXCLUDED.visitors,"
    " in_province = EXCLUDED.in_province", 9, params, error);
  GHashTableIter iter;
  gpointer method, amount;

  if (result == NULL)
    return FALSE;
  g_hash_table_iter_init (&iter, tally->methods);
  while (g_hash_table_iter_next (&iter, &method, &amount))
    {
      g_autofree char *amount_text = I64 (*(gint64 *) amount);
      const char *method_params[] = { device->fair, day, device->booth, method, amount_text };
      g_autoptr(PGresult) written = run (self,
        "INSERT INTO tally_method AS t (fair, day, booth, method, amount) VALUES ($1, $2, $3, $4, $5)"
        " ON CONFLICT (fair, day, booth, method) DO UPDATE SET amount = t.amount + EXCLUDED.amount",
        5, method_params, error);

      if (written == NULL)
        return FALSE;
    }
  return TRUE;
}

/* One upsert per hour the batch touched, so a batch costs at most 24. */
static gboolean
write_hour_tallies (HubPg                 *self,
                    const OcopHubDevice   *device,
                    const char            *day,
                    const OcopHubDayTally *tally,
                    GError               **error)
{
  for (int hour = 0; hour < 24; hour++)
    {
      g_autofree char *hour_text = NULL, *sales = NULL, *revenue = NULL;

      if (!tally->hour_seen[hour])
        continue;
      hour_text = I64 (hour);
      sales = I64 (tally->hour_sales[hour]);
      revenue = I64 (tally->hour_revenue[hour]);
      {
        const char *params[] = { device->fair, day, hour_text, sales, revenue };
        g_autoptr(PGresult) written = run (self,
          "INSERT INTO tally_hour AS t (fair, day, hour, sales, revenue) VALUES ($1, $2, $3, $4, $5)"
          " ON CONFLICT (fair, day, hour) DO UPDATE SET sales = t.sales + EXCLUDED.sales,"
          " revenue = t.revenue + EXCLUDED.revenue", 5, params, error);

        if (written == NULL)
          return FALSE;
      }
    }
  return TRUE;
}

static gboolean
write_product_tallies (HubPg                 *self,
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
      g_autofree char *quantity = I64 (product->quantity), *revenue = I64 (product->revenue);
      const char *params[] = { device->fair, sku, product->name, quantity, revenue };
      g_autoptr(PGresult) written = run (self,
        "INSERT INTO tally_product AS t (fair, sku, name, quantity, revenue) VALUES ($1, $2, $3, $4, $5)"
        " ON CONFLICT (fair, sku) DO UPDATE SET name = EXCLUDED.name, quantity = t.quantity + EXCLUDED.quantity,"
        " revenue = t.revenue + EXCLUDED.revenue", 5, params, error);

      if (written == NULL)
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_kind_tallies (HubPg                 *self,
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
      g_autofree char *quantity = I64 (sum->quantity), *revenue = I64 (sum->revenue);
      const char *params[] = { device->fair, day, kind, quantity, revenue };
      g_autoptr(PGresult) written = run (self,
        "INSERT INTO tally_kind AS t (fair, day, producer_kind, quantity, revenue) VALUES ($1, $2, $3, $4, $5)"
        " ON CONFLICT (fair, day, producer_kind) DO UPDATE SET quantity = t.quantity + EXCLUDED.quantity,"
        " revenue = t.revenue + EXCLUDED.revenue", 5, params, error);

      if (written == NULL)
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_tallies (HubPg               *self,
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

/* Appends @text to a PostgreSQL array literal: quoted, with quotes and
 * backslashes escaped, so that any payload travels in one parameter. */
static void
append_array_text (GString    *array,
                   const char *text)
{
  if (array->len > 1)
    g_string_append_c (array, ',');
  g_string_append_c (array, '"');
  for (const char *c = text; *c; c++)
    {
      if (*c == '"' || *c == '\\')
        g_string_append_c (array, '\\');
      g_string_append_c (array, *c);
    }
  g_string_append_c (array, '"');
}

static char *
end_array (GString *array)
{
  g_string_append_c (array, '}');
  return g_string_free (array, FALSE);
}

static char *
seq_array (const OcopHubBatch *batch,
           const GArray       *is_new)
{
  GString *array = g_string_new ("{");

  for (guint i = 0; i < batch->events->len; i++)
    if (is_new == NULL || g_array_index (is_new, gboolean, i))
      g_string_append_printf (array, "%s%" G_GINT64_FORMAT, array->len > 1 ? "," : "",
                              ((OcopHubEvent *) batch->events->pdata[i])->seq);
  return end_array (array);
}

/* Marks in @is_new the events whose key is not held yet, in one query; a
 * held key with another hash is a conflict (the lowest such seq named). */
static gboolean
find_new_events (HubPg               *self,
                 const OcopHubBatch  *batch,
                 GArray              *is_new,
                 GError             **error)
{
  g_autofree char *epoch = I64 (batch->epoch), *seqs = seq_array (batch, NULL);
  const char *params[] = { batch->device_id, epoch, seqs };
  g_autoptr(PGresult) held = run (self, "SELECT seq, hash FROM event WHERE device = $1 AND epoch = $2"
                                        " AND seq = ANY ($3::bigint[]) ORDER BY seq", 3, params, error);
  guint i = 0;

  if (held == NULL)
    return FALSE;
  for (guint n = 0; n < batch->events->len; n++)
    {
      gboolean yes = TRUE;

      g_array_append_val (is_new, yes);
    }
  /* Both lists are in seq order: one merge walk. */
  for (int row = 0; row < PQntuples (held); row++)
    {
      gint64 seq = int_at (held, row, 0);
      const OcopHubEvent *event;

      while (((OcopHubEvent *) batch->events->pdata[i])->seq < seq)
        i++;
      event = batch->events->pdata[i];
      if (!g_str_equal (PQgetvalue (held, row, 1), event->hash))
        {
          g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_HASH_CONFLICT,
                       _("Event #%" PRId64 " of epoch %" PRId64 " is already held with different content:"
                         " this store looks restored from a copy or cloned"), event->seq, batch->epoch);
          return FALSE;
        }
      g_array_index (is_new, gboolean, i) = FALSE;
    }
  return TRUE;
}

/* Claims the record UUIDs of the new events in one statement and marks in
 * @counts the events the tallies take: a record already counted (under any
 * key) does not count, and of two events of one record in this batch only
 * the first does, as if they had been inserted one by one. */
static gboolean
claim_records (HubPg               *self,
               const OcopHubBatch  *batch,
               const GArray        *is_new,
               GArray              *counts,
               GError             **error)
{
  GString *uuids = g_string_new ("{");
  g_autofree char *array = NULL;
  g_autoptr(GHashTable) claimed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(PGresult) result = NULL;
  gboolean any = FALSE;

  for (guint i = 0; i < batch->events->len; i++)
    {
      const OcopHubEvent *event = batch->events->pdata[i];

      if (g_array_index (is_new, gboolean, i) && event->record_uuid != NULL)
        {
          append_array_text (uuids, event->record_uuid);
          any = TRUE;
        }
    }
  array = end_array (uuids);
  if (any)
    {
      const char *params[] = { array };

      if (!(result = run (self, "INSERT INTO counted_record (uuid) SELECT unnest ($1::text[])"
                                " ON CONFLICT DO NOTHING RETURNING uuid", 1, params, error)))
        return FALSE;
      for (int row = 0; row < PQntuples (result); row++)
        g_hash_table_add (claimed, PQgetvalue (result, row, 0));
    }
  for (guint i = 0; i < batch->events->len; i++)
    {
      const OcopHubEvent *event = batch->events->pdata[i];
      gboolean yes = g_array_index (is_new, gboolean, i) &&
                     (event->record_uuid == NULL || g_hash_table_remove (claimed, event->record_uuid));

      g_array_append_val (counts, yes);
    }
  return TRUE;
}

/* Inserts the new events in one statement from arrays. */
static gboolean
insert_new_events (HubPg               *self,
                   const OcopHubBatch  *batch,
                   const GArray        *is_new,
                   const GArray        *counts,
                   gint64               now_us,
                   GError             **error)
{
  GString *kinds = g_string_new ("{"), *refs = g_string_new ("{"), *hashes = g_string_new ("{");
  GString *payloads = g_string_new ("{"), *created = g_string_new ("{"), *counted = g_string_new ("{");
  g_autofree char *epoch = I64 (batch->epoch), *now = I64 (now_us), *seqs = seq_array (batch, is_new);
  g_autofree char *kinds_a = NULL, *refs_a = NULL, *hashes_a = NULL, *payloads_a = NULL;
  g_autofree char *created_a = NULL, *counted_a = NULL;
  g_autoptr(PGresult) result = NULL;

  for (guint i = 0; i < batch->events->len; i++)
    {
      const OcopHubEvent *event = batch->events->pdata[i];

      if (!g_array_index (is_new, gboolean, i))
        continue;
      append_array_text (kinds, event->kind_name);
      append_array_text (refs, event->ref);
      append_array_text (hashes, event->hash);
      append_array_text (payloads, event->payload);
      g_string_append_printf (created, "%s%" G_GINT64_FORMAT, created->len > 1 ? "," : "", event->created_us);
      g_string_append_printf (counted, "%s%d", counted->len > 1 ? "," : "", g_array_index (counts, gboolean, i));
    }
  kinds_a = end_array (kinds);
  refs_a = end_array (refs);
  hashes_a = end_array (hashes);
  payloads_a = end_array (payloads);
  created_a = end_array (created);
  counted_a = end_array (counted);
  {
    const char *params[] = { batch->device_id, epoch, now, seqs, kinds_a, refs_a, hashes_a, payloads_a,
                             created_a, counted_a };

    result = run (self,
      "INSERT INTO event (device, epoch, seq, kind, ref, hash, payload, created_us, received_us, counted)"
      " SELECT $1, $2, seq, kind, ref, hash, payload, created_us, $3, counted"
      " FROM unnest ($4::bigint[], $5::text[], $6::text[], $7::text[], $8::text[], $9::bigint[], $10::int[])"
      " AS e (seq, kind, ref, hash, payload, created_us, counted)", 10, params, error);
  }
  return result != NULL;
}

static gboolean
advance_ack (HubPg               *self,
             const OcopHubBatch  *batch,
             gint64              *acked_through,
             GError             **error)
{
  g_autofree char *epoch = I64 (batch->epoch), *from = I64 (*acked_through), *through = NULL;
  const char *params[] = { batch->device_id, epoch, from };
  g_autoptr(PGresult) seqs = run (self, "SELECT seq FROM event WHERE device = $1 AND epoch = $2 AND seq > $3"
                                        " ORDER BY seq", 3, params, error);
  g_autoptr(PGresult) saved = NULL;

  if (seqs == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (seqs) && int_at (seqs, i, 0) == *acked_through + 1; i++)
    (*acked_through)++;
  through = I64 (*acked_through);
  {
    const char *update[] = { through, batch->device_id, epoch };

    saved = run (self, "UPDATE device_epoch SET acked_through = $1 WHERE device = $2 AND epoch = $3", 3, update, error);
  }
  return saved != NULL;
}

static gboolean
update_device (HubPg               *self,
               const OcopHubBatch  *batch,
               const gint64         sums[3],
               gint64               now_us,
               OcopHubIngestResult *result,
               GError             **error)
{
  gint64 skew = batch->device_us - now_us;
  g_autofree char *sales = I64 (sums[0]), *revenue = I64 (sums[1]), *visitors = I64 (sums[2]);
  g_autofree char *in_province = I64 (batch->in_province), *now = I64 (now_us), *skew_text = I64 (skew);
  const char *params[] = { sales, revenue, visitors, batch->booth_name, batch->locality, in_province, now, skew_text,
                           batch->device_id };
  g_autoptr(PGresult) row = run (self,
    "UPDATE device SET sales = sales + $1, revenue = revenue + $2, visitors = visitors + $3,"
    " booth_name = coalesce ($4, booth_name), locality = coalesce ($5, locality), in_province = $6,"
    " last_sync_us = $7, clock_skew_us = $8 WHERE id = $9 RETURNING sales, revenue, visitors", 9, params, error);

  if (row == NULL)
    return FALSE;
  if (PQntuples (row) != 1)
    return fail_pg (self, error, _("update the device"), NULL);
  result->hub_sales = int_at (row, 0, 0);
  result->hub_revenue = int_at (row, 0, 1);
  result->hub_visitors = int_at (row, 0, 2);
  result->clock_skewed = skew > OCOP_HUB_CLOCK_SKEW_LIMIT_US || skew < -OCOP_HUB_CLOCK_SKEW_LIMIT_US;
  if (result->clock_skewed)
    {
      g_autofree char *detail = g_strdup_printf ("device clock %+" PRId64 " s from the hub's", skew / G_USEC_PER_SEC);

      const char *flag_params[] = { batch->device_id, now, detail };
      g_autoptr(PGresult) flagged = run (self,
        "INSERT INTO flag (device, at_us, kind, detail) SELECT $1, $2, 'clock_skew', $3"
        " WHERE NOT EXISTS (SELECT 1 FROM flag WHERE device = $1 AND kind = 'clock_skew'"
        " AND at_us > $2::bigint - 3600000000)", 3, flag_params, error);

      /* One clock_skew flag an hour per device, not one per batch. */
      return flagged != NULL;
    }
  return TRUE;
}

static gboolean
compare_checkpoint (HubPg               *self,
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

static gboolean
ingest_locked (HubPg               *self,
               const OcopHubDevice *device,
               const OcopHubBatch  *batch,
               gint64               now_us,
               OcopHubIngestResult *result,
               GError             **error)
{
  g_autoptr(GHashTable) tallies = ocop_hub_tallies_new ();
  g_autoptr(GArray) is_new = g_array_sized_new (FALSE, TRUE, sizeof (gboolean), batch->events->len);
  g_autoptr(GArray) counts = g_array_sized_new (FALSE, TRUE, sizeof (gboolean), batch->events->len);
  gint64 sums[3] = { 0, 0, 0 };

  /* Three statements a batch, whatever its size: one round trip per event
   * was what bounded the upload rate over a single connection. */
  if (!open_epoch (self, batch, &result->acked_through, error) ||
      !find_new_events (self, batch, is_new, error) ||
      !claim_records (self, batch, is_new, counts, error))
    return FALSE;
  for (guint i = 0; i < batch->events->len; i++)
    {
      const OcopHubEvent *event = batch->events->pdata[i];

      result->inserted += g_array_index (is_new, gboolean, i);
      result->duplicates += !g_array_index (is_new, gboolean, i);
      if (g_array_index (counts, gboolean, i))
        {
          sums[0] += event->kind == OCOP_HUB_EVENT_SALE;
          sums[1] += event->kind <= OCOP_HUB_EVENT_REFUND ? event->total : 0;
          sums[2] += event->visitors;
          ocop_hub_tallies_add (tallies, event);
        }
    }
  if (result->inserted > 0 && !insert_new_events (self, batch, is_new, counts, now_us, error))
    return FALSE;
  return write_tallies (self, device, batch, tallies, error) &&
         advance_ack (self, batch, &result->acked_through, error) &&
         update_device (self, batch, sums, now_us, result, error) &&
         compare_checkpoint (self, batch, now_us, result, error);
}

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
pg_ingest (OcopHubBackend       *backend,
           const OcopHubDevice  *device,
           const OcopHubBatch   *batch,
           gint64                now_us,
           OcopHubIngestResult  *result,
           GError              **error)
{
  HubPg *self = hub (backend);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  GError *local_error = NULL;

  if (!run_simple (self, "BEGIN", error))
    return FALSE;
  if (ingest_locked (self, device, batch, now_us, result, &local_error) && run_simple (self, "COMMIT", &local_error))
    {
      g_clear_pointer (&locker, g_mutex_locker_free);
      run_test_hooks_after_commit ();
      return TRUE;
    }
  rollback (self);
  if (g_error_matches (local_error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_HASH_CONFLICT))
    add_flag (self, batch->device_id, now_us, "hash_conflict", local_error->message, NULL);
  g_propagate_error (error, local_error);
  return FALSE;
}

/* ---- the read side ---- */

static void
add_value (JsonBuilder *builder,
           const char  *name,
           PGresult    *result,
           int          row,
           int          column)
{
  Oid type = PQftype (result, column);

  json_builder_set_member_name (builder, name);
  if (PQgetisnull (result, row, column))
    json_builder_add_null_value (builder);
  else if (g_str_equal (name, "in_province"))
    json_builder_add_boolean_value (builder, int_at (result, row, column) != 0);
  else if (type == INT8_OID || type == INT4_OID)
    json_builder_add_int_value (builder, int_at (result, row, column));
  else
    json_builder_add_string_value (builder, PQgetvalue (result, row, column));
}

static gboolean
add_rows (HubPg              *self,
          JsonBuilder        *builder,
          const char         *array_name,
          const char         *sql,
          const char         *fair,
          const char         *day,
          gint64              now_us,
          const char * const *names,
          GError            **error)
{
  g_autofree char *now = I64 (now_us);
  const char *params[] = { fair, day, now };
  g_autoptr(PGresult) result = run (self, sql, 3, params, error);

  if (result == NULL)
    return FALSE;
  json_builder_set_member_name (builder, array_name);
  json_builder_begin_array (builder);
  for (int row = 0; row < PQntuples (result); row++)
    {
      json_builder_begin_object (builder);
      for (int i = 0; names[i] != NULL; i++)
        add_value (builder, names[i], result, row, i);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  return TRUE;
}

static gboolean
add_overall (HubPg        *self,
             JsonBuilder  *builder,
             const char   *fair,
             const char   *day,
             GError      **error)
{
  const char *params[] = { fair, day };
  g_autoptr(PGresult) result = run (self,
    "SELECT coalesce (sum (sales), 0)::bigint, coalesce (sum (voids), 0)::bigint, coalesce (sum (refunds), 0)::bigint,"
    " coalesce (sum (revenue), 0)::bigint, coalesce (sum (visitors), 0)::bigint"
    " FROM tally_booth_day WHERE fair = $1 AND ($2::text IS NULL OR day = $2)", 2, params, error);

  if (result == NULL)
    return FALSE;
  for (int i = 0; ocop_hub_overall_columns[i] != NULL; i++)
    add_value (builder, ocop_hub_overall_columns[i], result, 0, i);
  return TRUE;
}

static JsonNode *
pg_totals (OcopHubBackend  *backend,
           const char      *fair,
           const char      *day,
           gint64           now_us,
           GError         **error)
{
  HubPg *self = hub (backend);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gboolean ok;

  /* REPEATABLE READ: every figure from the same snapshot. */
  if (!run_simple (self, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", error))
    return NULL;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "fair");
  json_builder_add_string_value (builder, fair);
  json_builder_set_member_name (builder, "day");
  if (day)
    json_builder_add_string_value (builder, day);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "as_of_us");
  json_builder_add_int_value (builder, now_us);
  ok = add_overall (self, builder, fair, day, error) &&
       add_rows (self, builder, "by_locality",
                 "SELECT in_province, sum (sales)::bigint, sum (revenue)::bigint, sum (visitors)::bigint"
                 " FROM tally_booth_day WHERE fair = $1 AND ($2::text IS NULL OR day = $2) AND $3::bigint IS NOT NULL"
                 " GROUP BY in_province ORDER BY in_province DESC", fair, day, now_us, ocop_hub_locality_columns,
                 error) &&
       /* Each booth counts under the locality its devices last sent. */
       add_rows (self, builder, "by_locality_name",
                 "SELECT coalesce (p.locality, ''), max (t.in_province), sum (t.sales)::bigint,"
                 " sum (t.revenue)::bigint, sum (t.visitors)::bigint FROM tally_booth_day t"
                 " LEFT JOIN (SELECT fair, booth, max (locality) AS locality FROM device GROUP BY fair, booth) p"
                 " ON p.fair = t.fair AND p.booth = t.booth"
                 " WHERE t.fair = $1 AND ($2::text IS NULL OR t.day = $2) AND $3::bigint IS NOT NULL"
                 " GROUP BY 1 ORDER BY 4 DESC, 1", fair, day, now_us, ocop_hub_place_columns, error) &&
       add_rows (self, builder, "by_method",
                 "SELECT method, sum (amount)::bigint FROM tally_method"
                 " WHERE fair = $1 AND ($2::text IS NULL OR day = $2) AND $3::bigint IS NOT NULL"
                 " GROUP BY method ORDER BY method", fair, day, now_us, ocop_hub_method_columns, error) &&
       add_rows (self, builder, "by_producer_kind",
                 "SELECT producer_kind, sum (quantity)::bigint, sum (revenue)::bigint FROM tally_kind"
                 " WHERE fair = $1 AND ($2::text IS NULL OR day = $2) AND $3::bigint IS NOT NULL"
                 " GROUP BY producer_kind ORDER BY CASE producer_kind WHEN 'enterprise' THEN 1"
                 " WHEN 'cooperative' THEN 2 WHEN 'household' THEN 3 ELSE 4 END",
                 fair, day, now_us, ocop_hub_kind_columns, error) &&
       add_rows (self, builder, "by_booth",
                 "SELECT t.booth, max (t.in_province), sum (t.sales)::bigint, sum (t.voids)::bigint,"
                 " sum (t.refunds)::bigint, sum (t.revenue)::bigint, sum (t.visitors)::bigint,"
                 " (SELECT max (last_sync_us) FROM device d WHERE d.fair = t.fair AND d.booth = t.booth)"
                 " FROM tally_booth_day t WHERE t.fair = $1 AND ($2::text IS NULL OR t.day = $2)"
                 " AND $3::bigint IS NOT NULL GROUP BY t.fair, t.booth ORDER BY t.booth",
                 fair, day, now_us, ocop_hub_booth_totals_columns, error) &&
       add_rows (self, builder, "stale_booths",
                 "SELECT booth, id, last_sync_us FROM device WHERE fair = $1 AND ($2::text IS NULL OR TRUE)"
                 " AND revoked_us IS NULL AND (last_sync_us IS NULL OR last_sync_us < $3::bigint) ORDER BY booth",
                 fair, day, now_us - OCOP_HUB_STALE_AFTER_US, ocop_hub_stale_columns, error) &&
       add_rows (self, builder, "flags",
                 "SELECT f.device, f.at_us, f.kind, f.detail FROM flag f JOIN device d ON d.id = f.device"
                 " WHERE d.fair = $1 AND ($2::text IS NULL OR TRUE) AND $3::bigint IS NOT NULL"
                 " ORDER BY f.id DESC LIMIT 50", fair, day, now_us, ocop_hub_flag_columns, error);
  json_builder_end_object (builder);
  rollback (self);
  return ok ? json_builder_get_root (builder) : NULL;
}

/* ---- the catalog ---- */

static GHashTable *
read_held_rows (HubPg       *self,
                const char  *fair,
                GError     **error)
{
  g_autoptr(GHashTable) held = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                      (GDestroyNotify) ocop_hub_catalog_row_free);
  const char *params[] = { fair };
  g_autoptr(PGresult) result = run (self, "SELECT sku, row, version FROM catalog_product WHERE fair = $1",
                                    1, params, error);

  if (result == NULL)
    return NULL;
  for (int i = 0; i < PQntuples (result); i++)
    {
      OcopHubCatalogRow *row = ocop_hub_catalog_row_new (PQgetvalue (result, i, 0),
                                                         PQgetisnull (result, i, 1) ? NULL : PQgetvalue (result, i, 1),
                                                         int_at (result, i, 2));

      g_hash_table_insert (held, row->sku, row);
    }
  return g_steal_pointer (&held);
}

/* The file travels as base64 text: the statements here use libpq's text
 * parameters, and an organizer's CSV may be in Windows-1258. */
static gint64
next_catalog_version (HubPg       *self,
                      const char  *fair,
                      GBytes      *csv,
                      gint64       now_us,
                      GError     **error)
{
  gsize size = 0;
  const guchar *data = g_bytes_get_data (csv, &size);
  g_autofree char *encoded = g_base64_encode (data, size), *now = I64 (now_us);
  const char *params[] = { fair, encoded, now };
  g_autoptr(PGresult) result = run (self,
    "INSERT INTO catalog AS c (fair, version, csv_base64, updated_us) VALUES ($1, 1, $2, $3)"
    " ON CONFLICT (fair) DO UPDATE SET version = c.version + 1, csv_base64 = EXCLUDED.csv_base64,"
    " updated_us = EXCLUDED.updated_us RETURNING version", 3, params, error);

  return result && PQntuples (result) == 1 ? int_at (result, 0, 0) : 0;
}

/* All rows in one statement, from two arrays (a NULL row is a tombstone):
 * a first publication of thousands of products is one round trip. */
static gboolean
write_catalog_rows (HubPg       *self,
                    const char  *fair,
                    GPtrArray   *writes,
                    gint64       version,
                    GError     **error)
{
  GString *skus = g_string_new ("{");
  GString *rows = g_string_new ("{");
  g_autofree char *sku_array = NULL, *row_array = NULL, *version_text = I64 (version);
  g_autoptr(PGresult) result = NULL;

  for (guint i = 0; i < writes->len; i++)
    {
      OcopHubCatalogRow *row = writes->pdata[i];

      append_array_text (skus, row->sku);
      if (row->row != NULL)
        append_array_text (rows, row->row);
      else
        g_string_append (rows, rows->len > 1 ? ",NULL" : "NULL");
    }
  sku_array = end_array (skus);
  row_array = end_array (rows);
  {
    const char *params[] = { fair, sku_array, row_array, version_text };

    result = run (self,
                  "INSERT INTO catalog_product AS p (fair, sku, row, version)"
                  " SELECT $1, s, r, $4::bigint FROM unnest ($2::text[], $3::text[]) AS t (s, r)"
                  " ON CONFLICT (fair, sku) DO UPDATE SET row = EXCLUDED.row, version = EXCLUDED.version",
                  4, params, error);
  }
  return result != NULL;
}

static gboolean
put_catalog_locked (HubPg              *self,
                    const char         *fair,
                    GBytes             *csv,
                    GPtrArray          *rows,
                    gint64              now_us,
                    OcopHubPublication *publication,
                    GError            **error)
{
  const char *params[] = { fair };
  g_autoptr(PGresult) locked = NULL;
  g_autoptr(GHashTable) held = NULL;
  g_autoptr(GPtrArray) writes = NULL;
  g_autoptr(PGresult) current = NULL;

  /* Two publications of one fair at once would each compare with rows
   * the other is replacing: the second waits for the first. */
  if (!(locked = run (self, "SELECT pg_advisory_xact_lock (hashtext ('ocop-catalog:' || $1))", 1, params, error)) ||
      !(held = read_held_rows (self, fair, error)))
    return FALSE;
  writes = ocop_hub_catalog_diff (held, rows, publication);
  if (writes->len == 0)
    {
      if (!(current = run (self, "SELECT version FROM catalog WHERE fair = $1", 1, params, error)))
        return FALSE;
      publication->version = PQntuples (current) == 1 ? int_at (current, 0, 0) : 0;
      return TRUE;
    }
  return (publication->version = next_catalog_version (self, fair, csv, now_us, error)) != 0 &&
         write_catalog_rows (self, fair, writes, publication->version, error);
}

static gboolean
pg_put_catalog (OcopHubBackend      *backend,
                const char          *fair,
                GBytes              *csv,
                GPtrArray           *rows,
                gint64               now_us,
                OcopHubPublication  *publication,
                GError             **error)
{
  HubPg *self = hub (backend);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  GError *local_error = NULL;

  memset (publication, 0, sizeof *publication);
  if (!run_simple (self, "BEGIN", error))
    return FALSE;
  if (put_catalog_locked (self, fair, csv, rows, now_us, publication, &local_error) &&
      run_simple (self, "COMMIT", &local_error))
    return TRUE;
  rollback (self);
  g_propagate_error (error, local_error);
  return FALSE;
}

static GBytes *
pg_get_catalog (OcopHubBackend  *backend,
                const char      *fair,
                gint64          *version,
                GError         **error)
{
  HubPg *self = hub (backend);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  const char *params[] = { fair };
  g_autoptr(PGresult) result = run (self, "SELECT version, csv_base64 FROM catalog WHERE fair = $1", 1, params, error);
  gsize size = 0;
  guchar *data;

  if (result == NULL)
    return NULL;
  if (PQntuples (result) == 0)
    {
      g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_NOT_FOUND, _("The fair '%s' has no catalog at this hub yet"),
                   fair);
      return NULL;
    }
  *version = int_at (result, 0, 0);
  data = g_base64_decode (PQgetvalue (result, 0, 1), &size);
  return g_bytes_new_take (data, size);
}

static GPtrArray *
catalog_changes_locked (HubPg       *self,
                        const char  *fair,
                        gint64       since,
                        gint64      *version,
                        gint64      *oldest,
                        GError     **error)
{
  g_autofree char *since_text = I64 (since);
  const char *params[] = { fair, since_text };
  g_autoptr(PGresult) head = run (self,
                                  "SELECT version, (SELECT coalesce (min (version), 0) FROM catalog_product p"
                                  " WHERE p.fair = c.fair) FROM catalog c WHERE fair = $1", 1, params, error);
  g_autoptr(PGresult) result = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  if (head == NULL)
    return NULL;
  if (PQntuples (head) == 0)
    {
      g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_NOT_FOUND, _("The fair '%s' has no catalog at this hub yet"),
                   fair);
      return NULL;
    }
  *version = int_at (head, 0, 0);
  *oldest = int_at (head, 0, 1);
  if (!(result = run (self, "SELECT sku, row, version FROM catalog_product WHERE fair = $1 AND version > $2::bigint"
                            " ORDER BY sku", 2, params, error)))
    return NULL;
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) ocop_hub_catalog_row_free);
  for (int i = 0; i < PQntuples (result); i++)
    g_ptr_array_add (rows, ocop_hub_catalog_row_new (PQgetvalue (result, i, 0),
                                                     PQgetisnull (result, i, 1) ? NULL : PQgetvalue (result, i, 1),
                                                     int_at (result, i, 2)));
  return g_steal_pointer (&rows);
}

static GPtrArray *
pg_catalog_changes (OcopHubBackend  *backend,
                    const char      *fair,
                    gint64           since,
                    gint64          *version,
                    gint64          *oldest,
                    GError         **error)
{
  HubPg *self = hub (backend);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  GPtrArray *rows;

  /* One snapshot: the version and the rows of one publication. */
  if (!run_simple (self, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", error))
    return NULL;
  rows = catalog_changes_locked (self, fair, since, version, oldest, error);
  rollback (self);
  return rows;
}

static gint64
pg_count (OcopHubBackend *backend,
          const char     *what)
{
  HubPg *self = hub (backend);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  const char *sql = g_str_equal (what, "events") ? "SELECT count (*) FROM event"
                  : g_str_equal (what, "revenue") ? "SELECT coalesce (sum (revenue), 0)::bigint FROM tally_booth_day"
                  : g_str_equal (what, "organizers") ? "SELECT count (*) FROM organizer"
                  : "SELECT count (*) FROM flag";
  g_autoptr(PGresult) result = run (self, sql, 0, NULL, NULL);

  return result && PQntuples (result) == 1 ? int_at (result, 0, 0) : -1;
}

/* ---- organizer accounts and sessions ---- */

/* Kept apart from hub_schema: created the same way, on every open. */
static const char accounts_schema[] =
  "CREATE TABLE IF NOT EXISTS organizer ("
  "  name TEXT PRIMARY KEY, password_hash TEXT NOT NULL, created_us BIGINT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS organizer_session ("
  "  hash TEXT PRIMARY KEY, organizer TEXT NOT NULL, expires_us BIGINT NOT NULL);";

static gboolean
run_ok (HubPg               *self,
        const char          *sql,
        int                  n,
        const char * const  *params,
        GError             **error)
{
  g_autoptr(PGresult) result = run (self, sql, n, params, error);

  return result != NULL;
}

static gboolean
pg_put_organizer (OcopHubBackend  *backend,
                  const char      *name,
                  const char      *password_hash,
                  gint64           now_us,
                  GError         **error)
{
  HubPg *self = hub (backend);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autofree char *now = I64 (now_us);
  const char *params[] = { name, password_hash, now };

  /* A new password ends the sessions opened with the old one. */
  return run_ok (self,
                 "INSERT INTO organizer (name, password_hash, created_us) VALUES ($1, $2, $3::bigint)"
                 " ON CONFLICT (name) DO UPDATE SET password_hash = $2", 3, params, error) &&
         run_ok (self, "DELETE FROM organizer_session WHERE organizer = $1", 1, params, error);
}

static gboolean
pg_remove_organizer (OcopHubBackend  *backend,
                     const char      *name,
                     GError         **error)
{
  HubPg *self = hub (backend);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  const char *params[] = { name };
  g_autoptr(PGresult) result = run (self, "DELETE FROM organizer WHERE name = $1", 1, params, error);

  if (result == NULL)
    return FALSE;
  if (g_str_equal (PQcmdTuples (result), "0"))
    {
      g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_NOT_FOUND, _("There is no organizer '%s' at this hub"), name);
      return FALSE;
    }
  return run_ok (self, "DELETE FROM organizer_session WHERE organizer = $1", 1, params, error);
}

static char *
pg_organizer_password (OcopHubBackend  *backend,
                       const char      *name,
                       GError         **error)
{
  HubPg *self = hub (backend);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  const char *params[] = { name };
  g_autoptr(PGresult) result = run (self, "SELECT password_hash FROM organizer WHERE name = $1", 1, params, error);

  if (result == NULL)
    return NULL;
  if (PQntuples (result) != 1)
    {
      g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_NOT_FOUND, _("There is no organizer '%s' at this hub"), name);
      return NULL;
    }
  return g_strdup (PQgetvalue (result, 0, 0));
}

static gboolean
pg_add_session (OcopHubBackend  *backend,
                const char      *session_hash,
                const char      *name,
                gint64           expires_us,
                GError         **error)
{
  HubPg *self = hub (backend);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autofree char *expires = I64 (expires_us);
  const char *params[] = { session_hash, name, expires };

  return run_ok (self, "INSERT INTO organizer_session (hash, organizer, expires_us) VALUES ($1, $2, $3::bigint)",
                 3, params, error);
}

static char *
pg_find_session (OcopHubBackend  *backend,
                 const char      *session_hash,
                 gint64           now_us,
                 GError         **error)
{
  HubPg *self = hub (backend);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autofree char *now = I64 (now_us);
  const char *params[] = { session_hash, now };
  g_autoptr(PGresult) result = run (self,
    "SELECT s.organizer FROM organizer_session s JOIN organizer o ON o.name = s.organizer"
    " WHERE s.hash = $1 AND s.expires_us > $2::bigint", 2, params, error);

  if (result == NULL)
    return NULL;
  if (PQntuples (result) != 1)
    {
      g_set_error_literal (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_UNAUTHORIZED,
                           _("The session is unknown or has expired: log in again"));
      return NULL;
    }
  return g_strdup (PQgetvalue (result, 0, 0));
}

static gboolean
pg_remove_session (OcopHubBackend  *backend,
                   const char      *session_hash,
                   GError         **error)
{
  HubPg *self = hub (backend);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  const char *params[] = { session_hash };

  return run_ok (self, "DELETE FROM organizer_session WHERE hash = $1", 1, params, error);
}

/* A scan of the device rows: a fair has a few hundred, and this runs
 * only for a refused read of the totals. */
static gboolean
pg_is_device_token (OcopHubBackend  *backend,
                    const char      *token_hash,
                    gboolean        *is_device,
                    GError         **error)
{
  HubPg *self = hub (backend);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  const char *params[] = { token_hash };
  g_autoptr(PGresult) result = run (self, "SELECT 1 FROM device WHERE token_hash = $1 LIMIT 1", 1, params, error);

  if (result == NULL)
    return FALSE;
  *is_device = PQntuples (result) > 0;
  return TRUE;
}

static JsonNode *
pg_dashboard_extras (OcopHubBackend  *backend,
                     const char      *fair,
                     GError         **error)
{
  HubPg *self = hub (backend);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gboolean ok;

  if (!run_simple (self, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", error))
    return NULL;
  json_builder_begin_object (builder);
  /* Days come from tally_booth_day: a few rows per booth and day, never
   * the events. */
  ok = add_rows (self, builder, "fairs",
                 "SELECT DISTINCT fair FROM device WHERE $1::text IS NOT NULL AND $2::text IS NULL"
                 " AND $3::bigint IS NOT NULL ORDER BY fair", fair, NULL, 0, ocop_hub_fair_columns, error) &&
       add_rows (self, builder, "days",
                 "SELECT day, sum (sales)::bigint, sum (revenue)::bigint, sum (visitors)::bigint FROM tally_booth_day"
                 " WHERE fair = $1 AND $2::text IS NULL AND $3::bigint IS NOT NULL GROUP BY day ORDER BY day",
                 fair, NULL, 0, ocop_hub_day_columns, error) &&
       add_rows (self, builder, "booths",
                 "SELECT booth, max (booth_name), max (locality) FROM device WHERE fair = $1 AND $2::text IS NULL"
                 " AND $3::bigint IS NOT NULL GROUP BY booth ORDER BY booth", fair, NULL, 0, ocop_hub_booth_info_columns,
                 error) &&
       add_rows (self, builder, "hours",
                 "SELECT day, hour::bigint, sales, revenue FROM tally_hour WHERE fair = $1 AND $2::text IS NULL"
                 " AND $3::bigint IS NOT NULL ORDER BY day, hour", fair, NULL, 0, ocop_hub_hour_columns, error) &&
       add_rows (self, builder, "products",
                 "SELECT sku, name, quantity, revenue FROM tally_product WHERE fair = $1 AND $2::text IS NULL"
                 " AND $3::bigint IS NOT NULL ORDER BY revenue DESC, sku LIMIT 10", fair, NULL, 0,
                 ocop_hub_product_columns, error);
  json_builder_end_object (builder);
  rollback (self);
  return ok ? json_builder_get_root (builder) : NULL;
}

static gboolean
ensure_kind_tally (HubPg   *self,
                   GError **error)
{
  g_autoptr(PGresult) found = PQexec (self->conn, "SELECT to_regclass ('tally_kind') IS NOT NULL");

  if (PQresultStatus (found) != PGRES_TUPLES_OK)
    return fail_pg (self, error, _("read the schema"), found);
  if (g_str_equal (PQgetvalue (found, 0, 0), "t"))
    return TRUE;
  if (!run_simple (self, "BEGIN", error))
    return FALSE;
  if (!run_simple (self, kind_tally_schema, error) || !run_simple (self, "COMMIT", error))
    {
      rollback (self);
      return FALSE;
    }
  return TRUE;
}

static void
pg_free (OcopHubBackend *backend)
{
  HubPg *self = hub (backend);

  g_hash_table_unref (self->prepared);
  PQfinish (self->conn);
  g_mutex_clear (&self->lock);
  g_free (self);
}

static const OcopHubBackendClass pg_class = {
  .add_enrollment = pg_add_enrollment,
  .redeem_enrollment = pg_redeem_enrollment,
  .find_device = pg_find_device,
  .revoke_device = pg_revoke_device,
  .ingest = pg_ingest,
  .totals = pg_totals,
  .put_catalog = pg_put_catalog,
  .get_catalog = pg_get_catalog,
  .catalog_changes = pg_catalog_changes,
  .count = pg_count,
  .put_organizer = pg_put_organizer,
  .remove_organizer = pg_remove_organizer,
  .organizer_password = pg_organizer_password,
  .add_session = pg_add_session,
  .find_session = pg_find_session,
  .remove_session = pg_remove_session,
  .is_device_token = pg_is_device_token,
  .dashboard_extras = pg_dashboard_extras,
  .free = pg_free,
};

OcopHubBackend *
ocop_hub_postgres_open (const char  *uri,
                        GError     **error)
{
  HubPg *self = g_new0 (HubPg, 1);

  self->parent.klass = &pg_class;
  g_mutex_init (&self->lock);
  self->prepared = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  self->conn = PQconnectdb (uri);
  if (PQstatus (self->conn) != CONNECTION_OK)
    {
      g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_FAILED, _("Cannot connect to PostgreSQL: %s"),
                   PQerrorMessage (self->conn));
      pg_free (&self->parent);
      return NULL;
    }
  /* Statements are prepared once per connection, and PostgreSQL settles
   * on a generic plan after five runs. On a fresh hub the event table is
   * empty then, so that plan scans the table, and it stays cached until
   * autovacuum analyzes the table: the duplicate check of a 2,000-event
   * batch took 400 ms at 100,000 events instead of 2. Planning each run
   * anew costs a fraction of a millisecond and always uses the keys.
   * Concurrent `ocop-hub` processes (serve, enroll) create the schema
   * once: an advisory lock orders them. */
  if (!run_simple (self, "SET plan_cache_mode = force_custom_plan", error) ||
      !run_simple (self, "SELECT pg_advisory_lock (7402)", error) || !run_simple (self, hub_schema, error) ||
      !run_simple (self, accounts_schema, error) || !ensure_kind_tally (self, error) ||
      !run_simple (self, "SELECT pg_advisory_unlock (7402)", error))
    {
      pg_free (&self->parent);
      return NULL;
    }
  return &self->parent;
}
