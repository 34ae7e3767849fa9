/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-hub-exec-postgres.c: the hub's executor over PostgreSQL through
 * libpq, for the provincial server: its schema, its transactions, its
 * statements (prepared once, planned on every run), and the set-based
 * statements that make a batch a few round trips. */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libpq-fe.h>

#include "ocop-hub-backend.h"
#include "ocop-hub-exec.h"

#define INT4_OID 23
#define INT8_OID 20
#define TEXT_OID 25

typedef struct {
  OcopHubExec  parent;
  PGconn      *conn;
  GHashTable  *prepared;  /* SQL text → statement name */
} ExecPg;

typedef struct {
  OcopHubRows  parent;
  PGresult    *result;
  int          row;
} RowsPg;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

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

/* Each line l of every counted sale, void and refund e, of device d; and
 * what a line adds to the revenue, as the ingest counts it: its gross
 * (quantity × unit_price, or a measured line's recorded amount) less its
 * discount. For the tallies that came later, filled from the events a hub
 * holds. Lines outside the bounds of a sale (a quantity past 10^6 pieces
 * or 10^9 thousandths, an amount past 10^11, a measured amount more than
 * 501 đồng from unit_price × quantity / 1000: only an attack before the
 * bounds could have sent them) are left out, so that no sum of the
 * back-fill can overflow and stop the hub from opening. Computed in
 * numeric, exact: unit_price × quantity reaches 10^19 at the bounds,
 * where bigint would stop the statement. */
#define LINE_VALUE(member) "(l ->> '" member "')::numeric"
#define LINE_MEASURED "l -> 'measured' = 'true'::jsonb"
/* NULL, and so left out, for a measured line whose amount is no number
 * (a hub before weighed goods took the member unread): CASE reads it only
 * once it is one. */
#define LINE_GROSS \
  "CASE WHEN " LINE_MEASURED " THEN CASE jsonb_typeof (l -> 'amount') WHEN 'number' THEN " LINE_VALUE ("amount") \
  " END ELSE " LINE_VALUE ("quantity") " * " LINE_VALUE ("unit_price") " END"
#define LINE_AMOUNT "(" LINE_GROSS " - " LINE_VALUE ("discount") ")"
#define COUNTED_LINES \
  "  FROM event e JOIN device d ON d.id = e.device" \
  "  CROSS JOIN LATERAL jsonb_array_elements (CASE jsonb_typeof (e.payload::jsonb -> 'lines')" \
  "    WHEN 'array' THEN e.payload::jsonb -> 'lines' ELSE '[]'::jsonb END) l" \
  "  WHERE e.counted = 1 AND e.kind IN ('sale', 'void', 'refund')" \
  "  AND CASE WHEN " LINE_MEASURED " THEN abs (" LINE_VALUE ("quantity") ") <= 1000000000" \
  "    AND abs (" LINE_GROSS ") <= 100000000000" \
  "    AND abs ((" LINE_GROSS ") * 1000 - " LINE_VALUE ("quantity") " * " LINE_VALUE ("unit_price") ") <= 501000" \
  "    ELSE abs (" LINE_VALUE ("quantity") ") <= 1000000 END AND abs " LINE_AMOUNT " <= 100000000000"
#define LINE_REVENUE "sum " LINE_AMOUNT
/* Pieces and thousandths, apart (ocop-hub-backend.h). */
#define LINE_PIECES "sum (CASE WHEN " LINE_MEASURED " THEN 0 ELSE " LINE_VALUE ("quantity") " END)"
#define LINE_MEASURE "sum (CASE WHEN " LINE_MEASURED " THEN " LINE_VALUE ("quantity") " ELSE 0 END)"
/* The newest event of a group first: its line's name and unit are the
 * ones the booth last sent. */
#define LATEST "ORDER BY e.received_us DESC, e.epoch DESC, e.seq DESC"

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
  "  measure BIGINT NOT NULL DEFAULT 0, PRIMARY KEY (fair, day, producer_kind));"
  "INSERT INTO tally_kind (fair, day, producer_kind, quantity, revenue, measure)"
  "  SELECT d.fair, e.payload::jsonb ->> 'business_day', coalesce (l ->> 'producer_kind', 'unknown'),"
  "    " LINE_PIECES ", " LINE_REVENUE ", " LINE_MEASURE
  COUNTED_LINES
  "  GROUP BY 1, 2, 3;";

/* Products were first tallied by fair and sku with the name last sent, so
 * any booth could rename another's product. They are now the booth's own:
 * a hub database from before gets the table filled, in the same
 * transaction, from its counted events (each with the name its booth last
 * sent), and the old table goes. The figures summed over booths are the
 * old ones: the same lines, counted alike. */
static const char booth_product_schema[] =
  "CREATE TABLE tally_booth_product ("
  "  fair TEXT NOT NULL, booth TEXT NOT NULL, sku TEXT NOT NULL, name TEXT NOT NULL,"
  "  quantity BIGINT NOT NULL DEFAULT 0, revenue BIGINT NOT NULL DEFAULT 0,"
  "  measure BIGINT NOT NULL DEFAULT 0, unit TEXT, PRIMARY KEY (fair, booth, sku));"
  "INSERT INTO tally_booth_product (fair, booth, sku, name, quantity, revenue, measure, unit)"
  "  SELECT d.fair, d.booth, l ->> 'sku', (array_agg (coalesce (l ->> 'name', l ->> 'sku') " LATEST "))[1],"
  "    " LINE_PIECES ", " LINE_REVENUE ", " LINE_MEASURE ", (array_agg (l ->> 'unit' " LATEST "))[1]"
  COUNTED_LINES
  "  GROUP BY 1, 2, 3;"
  "DROP TABLE IF EXISTS tally_product;";

/* The tables that came later; ocop_hub_exec_schema_steps adds their
 * later columns after them. */
static const OcopHubSchemaStep table_steps[] = {
  { "tally_kind", NULL, kind_tally_schema },
  { "tally_booth_product", NULL, booth_product_schema },
};

/* Kept apart from hub_schema: created the same way, on every open. */
static const char accounts_schema[] =
  "CREATE TABLE IF NOT EXISTS organizer ("
  "  name TEXT PRIMARY KEY, password_hash TEXT NOT NULL, created_us BIGINT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS organizer_session ("
  "  hash TEXT PRIMARY KEY, organizer TEXT NOT NULL, expires_us BIGINT NOT NULL);";

/* Bank-transfer confirmations (issue 18), created the same way on every
 * open: the organizers' accounts at the payment services (the secret is
 * kept, since an HMAC is checked with it), every notification once per
 * service and transaction, and the booths' pending transfers by fair,
 * payment code and business day. */
static const char bank_schema[] =
  "CREATE TABLE IF NOT EXISTS bank_account ("
  "  name TEXT PRIMARY KEY, service TEXT NOT NULL, fair TEXT NOT NULL, account TEXT NOT NULL,"
  "  secret TEXT NOT NULL, created_us BIGINT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS bank_transfer ("
  "  fair TEXT NOT NULL, code TEXT NOT NULL, day TEXT NOT NULL, booth TEXT NOT NULL, device TEXT NOT NULL,"
  "  account TEXT NOT NULL, amount BIGINT NOT NULL, announced_us BIGINT NOT NULL,"
  "  service TEXT, txn TEXT, confirmed_us BIGINT,"
  "  PRIMARY KEY (fair, code, day));"
  "CREATE TABLE IF NOT EXISTS bank_notice ("
  "  service TEXT NOT NULL, txn TEXT NOT NULL, bank_account TEXT NOT NULL, fair TEXT NOT NULL,"
  "  account TEXT NOT NULL, amount BIGINT NOT NULL, description TEXT NOT NULL, code TEXT, day TEXT NOT NULL,"
  "  received_us BIGINT NOT NULL, status TEXT NOT NULL, booth TEXT,"
  "  PRIMARY KEY (service, txn));"
  "CREATE INDEX IF NOT EXISTS bank_notice_by_code ON bank_notice (fair, code);";

static ExecPg *
exec_of (OcopHubExec *self)
{
  return (ExecPg *) self;
}

static gboolean
fail_pg (ExecPg      *self,
         GError     **error,
         const char  *doing,
         PGresult    *result)
{
  const char *message = result ? PQresultErrorMessage (result) : PQerrorMessage (self->conn);

  ocop_hub_exec_set_error (error, doing, message && *message ? message : PQerrorMessage (self->conn));
  return FALSE;
}

static gboolean
run_simple (ExecPg      *self,
            const char  *sql,
            GError     **error)
{
  g_autoptr(PGresult) result = PQexec (self->conn, sql);

  if (PQresultStatus (result) == PGRES_COMMAND_OK || PQresultStatus (result) == PGRES_TUPLES_OK)
    return TRUE;
  return fail_pg (self, error, _("write"), result);
}

static gboolean
pg_begin (OcopHubExec  *exec,
          OcopHubTx     tx,
          GError      **error)
{
  /* REPEATABLE READ: every figure a reader sees is from one snapshot. */
  return run_simple (exec_of (exec), tx == OCOP_HUB_TX_WRITE ? "BEGIN"
                                     : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", error);
}

static gboolean
pg_commit (OcopHubExec  *exec,
           GError      **error)
{
  return run_simple (exec_of (exec), "COMMIT", error);
}

static void
pg_rollback (OcopHubExec *exec)
{
  PQclear (PQexec (exec_of (exec)->conn, "ROLLBACK"));
}

static gboolean
pg_lock (OcopHubExec  *exec,
         const char   *key,
         GError      **error)
{
  OcopHubValue params[] = { OCOP_HUB_TEXT (key) };

  return ocop_hub_exec_run (exec, "SELECT pg_advisory_xact_lock (hashtext ($1))", params, 1, NULL, error);
}

/* Prepared once per connection, with the parameters' types: PostgreSQL
 * needs them for `$2 IS NULL`, and for a parameter a text leaves out. A
 * literal's type is the one its cast in the statement gives: declared
 * text, `$3::bigint[]` would be a call of the (stable) array parser that
 * the planner cannot fold, instead of a constant array. */
static const char *
prepare (ExecPg              *self,
         const char          *sql,
         const OcopHubValue  *params,
         guint                n_params,
         GError             **error)
{
  const char *name = g_hash_table_lookup (self->prepared, sql);
  g_autofree Oid *types = g_new0 (Oid, n_params + 1);
  g_autoptr(PGresult) result = NULL;
  char *new_name;

  if (name != NULL)
    return name;
  for (guint i = 0; i < n_params; i++)
    types[i] = params[i].type == OCOP_HUB_VALUE_INT       ? INT8_OID
             : params[i].type == OCOP_HUB_VALUE_LITERAL   ? 0
             : TEXT_OID;
  new_name = g_strdup_printf ("s%u", g_hash_table_size (self->prepared));
  result = PQprepare (self->conn, new_name, sql, (int) n_params, types);
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    {
      fail_pg (self, error, _("prepare a query"), result);
      g_free (new_name);
      return NULL;
    }
  g_hash_table_insert (self->prepared, g_strdup (sql), new_name);
  return new_name;
}

/* Parameters travel as text; a blob as base64 (an organizer's CSV may be
 * in Windows-1258, and the catalog keeps it as base64 text). */
static char *
param_text (const OcopHubValue *value)
{
  switch (value->type)
    {
    case OCOP_HUB_VALUE_INT:
      return g_strdup_printf ("%" G_GINT64_FORMAT, value->number);
    case OCOP_HUB_VALUE_BLOB:
      return g_base64_encode (value->data, value->size);
    case OCOP_HUB_VALUE_TEXT:
    case OCOP_HUB_VALUE_LITERAL:
    case OCOP_HUB_VALUE_NULL:
    default:
      return NULL;
    }
}

static OcopHubRows *
pg_query (OcopHubExec         *exec,
          const char          *sql,
          const OcopHubValue  *params,
          guint                n_params,
          GError             **error)
{
  ExecPg *self = exec_of (exec);
  const char *name = prepare (self, sql, params, n_params, error);
  g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);
  g_autofree const char **values = g_new0 (const char *, n_params + 1);
  PGresult *result;
  ExecStatusType status;
  RowsPg *rows;

  if (name == NULL)
    return NULL;
  for (guint i = 0; i < n_params; i++)
    {
      char *text = param_text (&params[i]);

      values[i] = text != NULL ? text : params[i].text;
      if (text != NULL)
        g_ptr_array_add (owned, text);
    }
  result = PQexecPrepared (self->conn, name, (int) n_params, values, NULL, NULL, 0);
  status = PQresultStatus (result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    {
      fail_pg (self, error, _("write"), result);
      PQclear (result);
      return NULL;
    }
  rows = g_new0 (RowsPg, 1);
  rows->parent.exec = exec;
  rows->result = result;
  rows->row = -1;
  return &rows->parent;
}

static gboolean
pg_next (OcopHubRows *rows)
{
  RowsPg *self = (RowsPg *) rows;

  if (self->row < PQntuples (self->result))
    self->row++;
  return self->row < PQntuples (self->result);
}

static OcopHubValueType
pg_type (OcopHubRows *rows,
         int          column)
{
  RowsPg *self = (RowsPg *) rows;
  Oid type = PQftype (self->result, column);

  if (PQgetisnull (self->result, self->row, column))
    return OCOP_HUB_VALUE_NULL;
  return type == INT8_OID || type == INT4_OID ? OCOP_HUB_VALUE_INT : OCOP_HUB_VALUE_TEXT;
}

static gint64
pg_integer (OcopHubRows *rows,
            int          column)
{
  RowsPg *self = (RowsPg *) rows;

  return g_ascii_strtoll (PQgetvalue (self->result, self->row, column), NULL, 10);
}

static const char *
pg_text (OcopHubRows *rows,
         int          column)
{
  RowsPg *self = (RowsPg *) rows;

  if (PQgetisnull (self->result, self->row, column))
    return NULL;
  return PQgetvalue (self->result, self->row, column);
}

static GBytes *
pg_blob (OcopHubRows *rows,
         int          column)
{
  gsize size = 0;
  guchar *data = g_base64_decode (pg_text (rows, column), &size);

  return g_bytes_new_take (data, size);
}

static gint64
pg_changes (OcopHubRows *rows)
{
  return g_ascii_strtoll (PQcmdTuples (((RowsPg *) rows)->result), NULL, 10);
}

static gboolean
pg_finish (OcopHubRows  *rows,
           GError      **error)
{
  return TRUE;
}

static void
pg_free_rows (OcopHubRows *rows)
{
  PQclear (((RowsPg *) rows)->result);
  g_free (rows);
}

/* ---- the set-based statements ---- */

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

static void
append_array_int (GString *array,
                  gint64   value)
{
  g_string_append_printf (array, "%s%" G_GINT64_FORMAT, array->len > 1 ? "," : "", value);
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
      append_array_int (array, ((OcopHubEvent *) batch->events->pdata[i])->seq);
  return end_array (array);
}

/* Marks in @is_new the events whose key is not held yet, in one query; a
 * held key with another hash is a conflict (the lowest such seq named). */
static gboolean
find_new_events (OcopHubExec         *exec,
                 const OcopHubBatch  *batch,
                 GArray              *is_new,
                 GError             **error)
{
  g_autofree char *seqs = seq_array (batch, NULL);
  OcopHubValue params[] = { OCOP_HUB_TEXT (batch->device_id), OCOP_HUB_INT (batch->epoch), OCOP_HUB_LITERAL (seqs) };
  g_autoptr(OcopHubRows) held = ocop_hub_exec_query (exec, "SELECT seq, hash FROM event WHERE device = $1"
                                                     " AND epoch = $2 AND seq = ANY ($3::bigint[]) ORDER BY seq",
                                                     params, G_N_ELEMENTS (params), error);
  guint i = 0;

  if (held == NULL)
    return FALSE;
  for (guint n = 0; n < batch->events->len; n++)
    {
      gboolean yes = TRUE;

      g_array_append_val (is_new, yes);
    }
  /* Both lists are in seq order: one merge walk. */
  while (ocop_hub_rows_next (held))
    {
      gint64 seq = ocop_hub_rows_int (held, 0);
      const OcopHubEvent *event;

      while (((OcopHubEvent *) batch->events->pdata[i])->seq < seq)
        i++;
      event = batch->events->pdata[i];
      if (!g_str_equal (ocop_hub_rows_text (held, 1), event->hash))
        return ocop_hub_exec_hash_conflict (batch, event, error);
      g_array_index (is_new, gboolean, i) = FALSE;
    }
  return TRUE;
}

/* Claims the record UUIDs of the new events in one statement and marks in
 * @counts the events the tallies take: a record already counted (under any
 * key) does not count, and of two events of one record in this batch only
 * the first does, as if they had been inserted one by one. */
static gboolean
claim_records (OcopHubExec         *exec,
               const OcopHubBatch  *batch,
               const GArray        *is_new,
               GArray              *counts,
               GError             **error)
{
  GString *uuids = g_string_new ("{");
  g_autofree char *array = NULL;
  g_autoptr(GHashTable) claimed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
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
      OcopHubValue params[] = { OCOP_HUB_LITERAL (array) };
      g_autoptr(OcopHubRows) result = ocop_hub_exec_query (exec, "INSERT INTO counted_record (uuid)"
                                                           " SELECT unnest ($1::text[]) ON CONFLICT DO NOTHING"
                                                           " RETURNING uuid", params, 1, error);

      if (result == NULL)
        return FALSE;
      while (ocop_hub_rows_next (result))
        g_hash_table_add (claimed, g_strdup (ocop_hub_rows_text (result, 0)));
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
insert_new_events (OcopHubExec         *exec,
                   const OcopHubBatch  *batch,
                   const GArray        *is_new,
                   const GArray        *counts,
                   gint64               now_us,
                   GError             **error)
{
  GString *columns[] = { g_string_new ("{"), g_string_new ("{"), g_string_new ("{"), g_string_new ("{"),
                         g_string_new ("{"), g_string_new ("{") };
  g_autofree char *seqs = seq_array (batch, is_new);
  char *arrays[G_N_ELEMENTS (columns)];
  gboolean ok;

  for (guint i = 0; i < batch->events->len; i++)
    {
      const OcopHubEvent *event = batch->events->pdata[i];

      if (!g_array_index (is_new, gboolean, i))
        continue;
      append_array_text (columns[0], event->kind_name);
      append_array_text (columns[1], event->ref);
      append_array_text (columns[2], event->hash);
      append_array_text (columns[3], event->payload);
      append_array_int (columns[4], event->created_us);
      append_array_int (columns[5], g_array_index (counts, gboolean, i));
    }
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    arrays[i] = end_array (columns[i]);
  {
    OcopHubValue params[] = { OCOP_HUB_TEXT (batch->device_id), OCOP_HUB_INT (batch->epoch), OCOP_HUB_INT (now_us),
                              OCOP_HUB_LITERAL (seqs), OCOP_HUB_LITERAL (arrays[0]), OCOP_HUB_LITERAL (arrays[1]),
                              OCOP_HUB_LITERAL (arrays[2]), OCOP_HUB_LITERAL (arrays[3]),
                              OCOP_HUB_LITERAL (arrays[4]), OCOP_HUB_LITERAL (arrays[5]) };

    ok = ocop_hub_exec_run (exec,
      "INSERT INTO event (device, epoch, seq, kind, ref, hash, payload, created_us, received_us, counted)"
      " SELECT $1, $2, seq, kind, ref, hash, payload, created_us, $3, counted"
      " FROM unnest ($4::bigint[], $5::text[], $6::text[], $7::text[], $8::text[], $9::bigint[], $10::int[])"
      " AS e (seq, kind, ref, hash, payload, created_us, counted)", params, G_N_ELEMENTS (params), NULL, error);
  }
  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    g_free (arrays[i]);
  return ok;
}

/* Three statements a batch, whatever its size: one round trip per event
 * was what bounded the upload rate over a single connection. */
static gboolean
pg_insert_events (OcopHubExec         *exec,
                  const OcopHubBatch  *batch,
                  gint64               now_us,
                  GArray              *is_new,
                  GArray              *counts,
                  GError             **error)
{
  gboolean any_new = FALSE;

  if (!find_new_events (exec, batch, is_new, error) || !claim_records (exec, batch, is_new, counts, error))
    return FALSE;
  for (guint i = 0; i < is_new->len; i++)
    any_new |= g_array_index (is_new, gboolean, i);
  return !any_new || insert_new_events (exec, batch, is_new, counts, now_us, error);
}

/* All rows in one statement, from two arrays (a NULL row is a tombstone):
 * a first publication of thousands of products is one round trip. */
static gboolean
pg_write_catalog_rows (OcopHubExec  *exec,
                       const char   *fair,
                       GPtrArray    *writes,
                       gint64        version,
                       GError      **error)
{
  GString *skus = g_string_new ("{");
  GString *rows = g_string_new ("{");
  g_autofree char *sku_array = NULL, *row_array = NULL;

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
    OcopHubValue params[] = { OCOP_HUB_TEXT (fair), OCOP_HUB_LITERAL (sku_array), OCOP_HUB_LITERAL (row_array),
                              OCOP_HUB_INT (version) };

    return ocop_hub_exec_run (exec,
                              "INSERT INTO catalog_product AS p (fair, sku, row, version)"
                              " SELECT $1, s, r, $4 FROM unnest ($2::text[], $3::text[]) AS t (s, r)"
                              " ON CONFLICT (fair, sku) DO UPDATE SET row = EXCLUDED.row, version = EXCLUDED.version",
                              params, G_N_ELEMENTS (params), NULL, error);
  }
}

/* ---- the schema ---- */

/* Runs @step when its table or column is missing; under the schema's
 * advisory lock, which orders the hub processes that open the database. */
static gboolean
ensure_step (OcopHubExec              *exec,
             const OcopHubSchemaStep  *step,
             GError                  **error)
{
  ExecPg *self = exec_of (exec);
  const char *values[] = { step->table, step->column };
  const char *check = step->column != NULL
    ? "SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema ()"
      " AND table_name = $1 AND column_name = $2)"
    : "SELECT to_regclass ($1) IS NOT NULL";
  g_autoptr(PGresult) found = PQexecParams (self->conn, check, step->column != NULL ? 2 : 1, NULL, values, NULL,
                                            NULL, 0);

  if (PQresultStatus (found) != PGRES_TUPLES_OK)
    return fail_pg (self, error, _("read the schema"), found);
  if (g_str_equal (PQgetvalue (found, 0, 0), "t"))
    return TRUE;
  if (!run_simple (self, "BEGIN", error))
    return FALSE;
  if (!run_simple (self, step->sql, error) || !run_simple (self, "COMMIT", error))
    {
      pg_rollback (exec);
      return FALSE;
    }
  return TRUE;
}

static void
pg_free (OcopHubExec *exec)
{
  ExecPg *self = exec_of (exec);

  g_hash_table_unref (self->prepared);
  PQfinish (self->conn);
  g_free (self);
}

static const OcopHubExecClass pg_class = {
  .begin = pg_begin,
  .commit = pg_commit,
  .rollback = pg_rollback,
  .lock = pg_lock,
  .query = pg_query,
  .next = pg_next,
  .type = pg_type,
  .integer = pg_integer,
  .text = pg_text,
  .blob = pg_blob,
  .changes = pg_changes,
  .finish = pg_finish,
  .free_rows = pg_free_rows,
  .free = pg_free,
  .catalog_file_column = "csv_base64",
  .insert_events = pg_insert_events,
  .write_catalog_rows = pg_write_catalog_rows,
};

OcopHubExec *
ocop_hub_exec_postgres_open (const char  *uri,
                             GError     **error)
{
  ExecPg *self = g_new0 (ExecPg, 1);

  self->parent.klass = &pg_class;
  self->prepared = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
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
      !run_simple (self, accounts_schema, error) || !run_simple (self, bank_schema, error) ||
      !ocop_hub_exec_schema_steps (&self->parent, table_steps, G_N_ELEMENTS (table_steps), ensure_step, error) ||
      !run_simple (self, "SELECT pg_advisory_unlock (7402)", error))
    {
      pg_free (&self->parent);
      return NULL;
    }
  return &self->parent;
}
