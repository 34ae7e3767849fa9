/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-hub-exec-sqlite.c: the hub's executor over one SQLite file (WAL,
 * synchronous=FULL), the default for a fair-site hub on a laptop: its
 * schema, its transactions and its statements, cached once prepared. */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "ocop-hub-exec.h"

typedef struct {
  OcopHubExec  parent;
  sqlite3     *db;
  GHashTable  *statements; /* SQL text → sqlite3_stmt */
} ExecSqlite;

typedef struct {
  OcopHubRows   parent;
  sqlite3_stmt *stmt;
  int           rc;       /* of the last step */
  gboolean      unread;   /* the first step's row is still to be returned */
  gint64        changes;
} RowsSqlite;

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

/* Each line l of every counted sale, void and refund e, of device d; and
 * what a line adds to the revenue, as the ingest counts it: its gross
 * (quantity × unit_price, or a measured line's recorded amount) less its
 * discount. For the tallies that came later, filled from the events a hub
 * holds. Lines outside the bounds of a sale (a quantity past 10^6 pieces
 * or 10^9 thousandths, an amount past 10^11, a measured amount more than
 * 501 đồng from unit_price × quantity / 1000: only an attack before the
 * bounds could have sent them) are left out, so that no sum of the
 * back-fill can overflow and stop the hub from opening. SQLite turns an
 * integer product past 2^63 into a float, which no bound here takes. */
#define LINE_VALUE(member) "json_extract (l.value, '$." member "')"
#define LINE_MEASURED LINE_VALUE ("measured") " = 1"
#define LINE_GROSS \
  "CASE WHEN " LINE_MEASURED " THEN " LINE_VALUE ("amount") \
  " ELSE " LINE_VALUE ("quantity") " * " LINE_VALUE ("unit_price") " END"
#define LINE_AMOUNT "(" LINE_GROSS " - " LINE_VALUE ("discount") ")"
#define COUNTED_LINES \
  "  FROM event e JOIN device d ON d.id = e.device, json_each (e.payload, '$.lines') l" \
  "  WHERE e.counted = 1 AND e.kind IN ('sale', 'void', 'refund')" \
  "  AND CASE WHEN " LINE_MEASURED " THEN abs (" LINE_VALUE ("quantity") ") <= 1000000000" \
  "    AND abs (" LINE_VALUE ("amount") ") <= 100000000000 AND abs (" LINE_VALUE ("amount") " * 1000" \
  "    - " LINE_VALUE ("quantity") " * " LINE_VALUE ("unit_price") ") <= 501000" \
  "    ELSE abs (" LINE_VALUE ("quantity") ") <= 1000000 END AND abs " LINE_AMOUNT " <= 100000000000"
#define LINE_REVENUE "sum " LINE_AMOUNT
/* Pieces and thousandths, apart (ocop-hub-backend.h). */
#define LINE_PIECES "sum (CASE WHEN " LINE_MEASURED " THEN 0 ELSE " LINE_VALUE ("quantity") " END)"
#define LINE_MEASURE "sum (CASE WHEN " LINE_MEASURED " THEN " LINE_VALUE ("quantity") " ELSE 0 END)"

/* The producer-kind tally came later than the others: a hub database from
 * before it gets the table and, in the same transaction, what its counted
 * events add up to (their lines carry no kind then, so they count as
 * "unknown"), so that the table agrees with the other tallies from the
 * start. JSON1 is part of SQLite since 3.38. */
static const char kind_tally_schema[] =
  "CREATE TABLE tally_kind ("
  "  fair TEXT NOT NULL, day TEXT NOT NULL, producer_kind TEXT NOT NULL,"
  "  quantity INTEGER NOT NULL DEFAULT 0, revenue INTEGER NOT NULL DEFAULT 0,"
  "  measure INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (fair, day, producer_kind)) WITHOUT ROWID;"
  "INSERT INTO tally_kind (fair, day, producer_kind, quantity, revenue, measure)"
  "  SELECT d.fair, json_extract (e.payload, '$.business_day'),"
  "    coalesce (" LINE_VALUE ("producer_kind") ", 'unknown'), " LINE_PIECES ", " LINE_REVENUE ", " LINE_MEASURE
  COUNTED_LINES
  "  GROUP BY 1, 2, 3;";

/* Products were first tallied by fair and sku with the name last sent, so
 * any booth could rename another's product. They are now the booth's own:
 * a hub database from before gets the table filled, in the same
 * transaction, from its counted events (each with the name its booth last
 * sent), and the old table goes. The figures summed over booths are the
 * old ones: the same lines, counted alike. With one max() the bare name
 * and unit columns take the row of the latest event stored (its rowid). */
static const char booth_product_schema[] =
  "CREATE TABLE tally_booth_product ("
  "  fair TEXT NOT NULL, booth TEXT NOT NULL, sku TEXT NOT NULL, name TEXT NOT NULL,"
  "  quantity INTEGER NOT NULL DEFAULT 0, revenue INTEGER NOT NULL DEFAULT 0,"
  "  measure INTEGER NOT NULL DEFAULT 0, unit TEXT, PRIMARY KEY (fair, booth, sku)) WITHOUT ROWID;"
  "INSERT INTO tally_booth_product (fair, booth, sku, name, quantity, revenue, measure, unit)"
  "  SELECT fair, booth, sku, name, quantity, revenue, measure, unit FROM ("
  "    SELECT d.fair AS fair, d.booth AS booth, " LINE_VALUE ("sku") " AS sku,"
  "      coalesce (" LINE_VALUE ("name") ", " LINE_VALUE ("sku") ") AS name, " LINE_VALUE ("unit") " AS unit,"
  "      " LINE_PIECES " AS quantity, " LINE_REVENUE " AS revenue, " LINE_MEASURE " AS measure,"
  "      max (e.rowid) AS latest"
  COUNTED_LINES
  "    GROUP BY 1, 2, 3);"
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
  "  name TEXT PRIMARY KEY, password_hash TEXT NOT NULL, created_us INTEGER NOT NULL) WITHOUT ROWID;"
  "CREATE TABLE IF NOT EXISTS organizer_session ("
  "  hash TEXT PRIMARY KEY, organizer TEXT NOT NULL, expires_us INTEGER NOT NULL) WITHOUT ROWID;";

/* Bank-transfer confirmations (issue 18), created the same way on every
 * open: the organizers' accounts at the payment services (the secret is
 * kept, since an HMAC is checked with it), every notification once per
 * service and transaction, and the booths' pending transfers by fair,
 * payment code and business day. */
static const char bank_schema[] =
  "CREATE TABLE IF NOT EXISTS bank_account ("
  "  name TEXT PRIMARY KEY, service TEXT NOT NULL, fair TEXT NOT NULL, account TEXT NOT NULL,"
  "  secret TEXT NOT NULL, created_us INTEGER NOT NULL) WITHOUT ROWID;"
  "CREATE TABLE IF NOT EXISTS bank_transfer ("
  "  fair TEXT NOT NULL, code TEXT NOT NULL, day TEXT NOT NULL, booth TEXT NOT NULL, device TEXT NOT NULL,"
  "  account TEXT NOT NULL, amount INTEGER NOT NULL, announced_us INTEGER NOT NULL,"
  "  service TEXT, txn TEXT, confirmed_us INTEGER,"
  "  PRIMARY KEY (fair, code, day)) WITHOUT ROWID;"
  "CREATE TABLE IF NOT EXISTS bank_notice ("
  "  service TEXT NOT NULL, txn TEXT NOT NULL, bank_account TEXT NOT NULL, fair TEXT NOT NULL,"
  "  account TEXT NOT NULL, amount INTEGER NOT NULL, description TEXT NOT NULL, code TEXT, day TEXT NOT NULL,"
  "  received_us INTEGER NOT NULL, status TEXT NOT NULL, booth TEXT,"
  "  PRIMARY KEY (service, txn)) WITHOUT ROWID;"
  "CREATE INDEX IF NOT EXISTS bank_notice_by_code ON bank_notice (fair, code);";

static ExecSqlite *
exec_of (OcopHubExec *self)
{
  return (ExecSqlite *) self;
}

static gboolean
fail_sql (ExecSqlite  *self,
          GError     **error,
          const char  *doing)
{
  ocop_hub_exec_set_error (error, doing, sqlite3_errmsg (self->db));
  return FALSE;
}

static gboolean
exec_sql (ExecSqlite  *self,
          const char  *sql,
          GError     **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) == SQLITE_OK)
    return TRUE;
  return fail_sql (self, error, _("write"));
}

static gboolean
sqlite_begin (OcopHubExec  *exec,
              OcopHubTx     tx,
              GError      **error)
{
  /* IMMEDIATE: the rows a writer reads are the rows it compares with,
   * whoever else writes. */
  return exec_sql (exec_of (exec), tx == OCOP_HUB_TX_WRITE ? "BEGIN IMMEDIATE" : "BEGIN", error);
}

static gboolean
sqlite_commit (OcopHubExec  *exec,
               GError      **error)
{
  return exec_sql (exec_of (exec), "COMMIT", error);
}

static void
sqlite_rollback (OcopHubExec *exec)
{
  sqlite3_exec (exec_of (exec)->db, "ROLLBACK", NULL, NULL, NULL);
}

static sqlite3_stmt *
prepare (ExecSqlite  *self,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt != NULL)
    return stmt;
  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      fail_sql (self, error, _("prepare a query"));
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

/* One SQL text serves both engines: SQLite takes $1, $2… as named
 * parameters, bound here by name. A parameter the text does not use is
 * skipped. The values are borrowed (SQLITE_STATIC): they outlive the
 * cursor, whose end clears the bindings. */
static void
bind (sqlite3_stmt       *stmt,
      const OcopHubValue *params,
      guint               n_params)
{
  for (guint i = 0; i < n_params; i++)
    {
      char name[16];
      int index;

      g_snprintf (name, sizeof name, "$%u", i + 1);
      if ((index = sqlite3_bind_parameter_index (stmt, name)) == 0)
        continue;
      switch (params[i].type)
        {
        case OCOP_HUB_VALUE_INT:
          sqlite3_bind_int64 (stmt, index, params[i].number);
          break;
        case OCOP_HUB_VALUE_TEXT:
        case OCOP_HUB_VALUE_LITERAL:
          sqlite3_bind_text (stmt, index, params[i].text, -1, SQLITE_STATIC);
          break;
        case OCOP_HUB_VALUE_BLOB:
          sqlite3_bind_blob64 (stmt, index, params[i].data, params[i].size, SQLITE_STATIC);
          break;
        case OCOP_HUB_VALUE_NULL:
        default:
          sqlite3_bind_null (stmt, index);
        }
    }
}

static void
sqlite_free_rows (OcopHubRows *rows)
{
  RowsSqlite *self = (RowsSqlite *) rows;

  sqlite3_reset (self->stmt);
  sqlite3_clear_bindings (self->stmt);
  g_free (self);
}

static OcopHubRows *
sqlite_query (OcopHubExec         *exec,
              const char          *sql,
              const OcopHubValue  *params,
              guint                n_params,
              GError             **error)
{
  ExecSqlite *self = exec_of (exec);
  sqlite3_stmt *stmt = prepare (self, sql, error);
  RowsSqlite *rows;

  if (stmt == NULL)
    return NULL;
  bind (stmt, params, n_params);
  rows = g_new0 (RowsSqlite, 1);
  rows->parent.exec = exec;
  rows->stmt = stmt;
  rows->rc = sqlite3_step (stmt);
  rows->unread = TRUE;
  if (rows->rc == SQLITE_DONE)
    rows->changes = sqlite3_changes (self->db);
  else if (rows->rc != SQLITE_ROW)
    {
      fail_sql (self, error, _("write"));
      sqlite_free_rows (&rows->parent);
      return NULL;
    }
  return &rows->parent;
}

static gboolean
sqlite_next (OcopHubRows *rows)
{
  RowsSqlite *self = (RowsSqlite *) rows;

  if (self->unread)
    self->unread = FALSE;
  else if (self->rc == SQLITE_ROW)
    self->rc = sqlite3_step (self->stmt);
  return self->rc == SQLITE_ROW;
}

static OcopHubValueType
sqlite_type (OcopHubRows *rows,
             int          column)
{
  switch (sqlite3_column_type (((RowsSqlite *) rows)->stmt, column))
    {
    case SQLITE_NULL:
      return OCOP_HUB_VALUE_NULL;
    case SQLITE_INTEGER:
      return OCOP_HUB_VALUE_INT;
    case SQLITE_BLOB:
      return OCOP_HUB_VALUE_BLOB;
    default:
      return OCOP_HUB_VALUE_TEXT;
    }
}

static gint64
sqlite_integer (OcopHubRows *rows,
                int          column)
{
  return sqlite3_column_int64 (((RowsSqlite *) rows)->stmt, column);
}

static const char *
sqlite_text (OcopHubRows *rows,
             int          column)
{
  return (const char *) sqlite3_column_text (((RowsSqlite *) rows)->stmt, column);
}

static GBytes *
sqlite_blob (OcopHubRows *rows,
             int          column)
{
  sqlite3_stmt *stmt = ((RowsSqlite *) rows)->stmt;

  return g_bytes_new (sqlite3_column_blob (stmt, column), (gsize) sqlite3_column_bytes (stmt, column));
}

static gint64
sqlite_changes (OcopHubRows *rows)
{
  return ((RowsSqlite *) rows)->changes;
}

static gboolean
sqlite_finish (OcopHubRows  *rows,
               GError      **error)
{
  RowsSqlite *self = (RowsSqlite *) rows;

  if (self->rc == SQLITE_DONE || self->rc == SQLITE_ROW)
    return TRUE;
  return fail_sql (exec_of (rows->exec), error, _("write"));
}

/* Whether @sql finds a row for @table and @column (NULL: unbound). */
static gboolean
has_row (ExecSqlite *self,
         const char *sql,
         const char *table,
         const char *column)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
  if (column != NULL)
    sqlite3_bind_text (stmt, 2, column, -1, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return found;
}

/* Runs @step in a write transaction when its table or column is missing,
 * checking again once the transaction holds the file: two hub processes
 * opening one file (serve and report) must not both run it. */
static gboolean
ensure_step (OcopHubExec              *exec,
             const OcopHubSchemaStep  *step,
             GError                  **error)
{
  ExecSqlite *self = exec_of (exec);
  const char *check = step->column != NULL ? "SELECT 1 FROM pragma_table_info (?1) WHERE name = ?2"
                                           : "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1";

  if (has_row (self, check, step->table, step->column))
    return TRUE;
  if (!exec_sql (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!has_row (self, check, step->table, step->column) && !exec_sql (self, step->sql, error))
    {
      sqlite_rollback (exec);
      return FALSE;
    }
  return exec_sql (self, "COMMIT", error);
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
sqlite_free (OcopHubExec *exec)
{
  ExecSqlite *self = exec_of (exec);

  g_hash_table_unref (self->statements);
  sqlite3_close (self->db);
  g_free (self);
}

static const OcopHubExecClass sqlite_class = {
  .begin = sqlite_begin,
  .commit = sqlite_commit,
  .rollback = sqlite_rollback,
  .query = sqlite_query,
  .next = sqlite_next,
  .type = sqlite_type,
  .integer = sqlite_integer,
  .text = sqlite_text,
  .blob = sqlite_blob,
  .changes = sqlite_changes,
  .finish = sqlite_finish,
  .free_rows = sqlite_free_rows,
  .free = sqlite_free,
  .catalog_file_column = "csv",
};

/* The file holds the devices' token hashes, the organizers' password
 * hashes and every booth's takings: it is created readable by its owner
 * only, whatever the umask of the shell that first ran a hub command
 * (systemd's UMask= covers only the service). SQLite gives the -wal and
 * -shm files the mode of their database (os_unix.c), so creating the
 * empty file 0600 before SQLite opens it covers all three. A file that
 * exists keeps the mode its owner gave it. */
static gboolean
create_private (const char  *path,
                GError     **error)
{
  int fd;

  if (*path == '\0' || g_str_equal (path, ":memory:") || g_str_has_prefix (path, "file:"))
    return TRUE;
  if ((fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) < 0)
    {
      int saved = errno;

      g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_FAILED, _("Cannot open the hub's database %s: %s"), path,
                   g_strerror (saved));
      return FALSE;
    }
  return g_close (fd, error);
}

OcopHubExec *
ocop_hub_exec_sqlite_open (const char  *path,
                           GError     **error)
{
  ExecSqlite *self;

  if (!create_private (path, error))
    return NULL;
  self = g_new0 (ExecSqlite, 1);
  self->parent.klass = &sqlite_class;
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);
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
  if (!exec_sql (self, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON", error) ||
      !exec_sql (self, hub_schema, error) || !exec_sql (self, accounts_schema, error) ||
      !exec_sql (self, bank_schema, error) ||
      !ocop_hub_exec_schema_steps (&self->parent, table_steps, G_N_ELEMENTS (table_steps), ensure_step, error))
    {
      g_prefix_error (error, "%s: ", path);
      sqlite_free (&self->parent);
      return NULL;
    }
  return &self->parent;
}
