/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-store-schema.c: the store's schema, one migration per version, applied
 * in order by PRAGMA user_version. A released step is never edited: a change
 * is a new step, so every store ever written can be brought up to date. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ocop-store-private.h"

/* Version 1: the first release. Sales, lines and payments are append-only:
 * triggers refuse any UPDATE or DELETE, so even a bug elsewhere (or a
 * hand-run sqlite3 session) cannot rewrite a completed sale. */
static const char schema_v1[] =
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
  "CREATE TABLE fair ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  name TEXT NOT NULL, venue TEXT, starts_on TEXT, ends_on TEXT,"
  "  time_zone TEXT NOT NULL);"
  "CREATE TABLE booth ("
  "  code TEXT PRIMARY KEY, name TEXT NOT NULL, locality TEXT,"
  "  in_province INTEGER NOT NULL DEFAULT 1) WITHOUT ROWID;"
  "CREATE TABLE producer ("
  "  id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,"
  "  locality TEXT NOT NULL, in_province INTEGER NOT NULL);"
  "CREATE TABLE product ("
  "  sku TEXT PRIMARY KEY, barcode TEXT UNIQUE, barcode_kind INTEGER NOT NULL DEFAULT 0,"
  "  name TEXT NOT NULL, producer_id INTEGER NOT NULL REFERENCES producer (id),"
  "  unit TEXT NOT NULL, price_vnd INTEGER NOT NULL CHECK (price_vnd > 0),"
  "  stars INTEGER CHECK (stars IS NULL OR stars BETWEEN 3 AND 5),"
  "  category TEXT NOT NULL, trace_url TEXT,"
  "  catalog_version INTEGER NOT NULL);"
  "CREATE TABLE business_day ("
  "  booth_code TEXT NOT NULL REFERENCES booth (code), day TEXT NOT NULL,"
  "  opened_us INTEGER NOT NULL, closed_us INTEGER, z_report TEXT,"
  "  PRIMARY KEY (booth_code, day)) WITHOUT ROWID;"
  "CREATE TABLE sale ("
  "  id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE,"
  "  booth_code TEXT NOT NULL REFERENCES booth (code),"
  "  receipt_no INTEGER NOT NULL CHECK (receipt_no > 0),"
  "  kind TEXT NOT NULL CHECK (kind IN ('sale', 'void', 'refund')),"
  "  ref_id INTEGER REFERENCES sale (id),"
  "  business_day TEXT NOT NULL, created_us INTEGER NOT NULL,"
  "  cashier TEXT, reason TEXT,"
  "  subtotal INTEGER NOT NULL, order_discount INTEGER NOT NULL, total INTEGER NOT NULL,"
  "  line_count INTEGER NOT NULL, payment_count INTEGER NOT NULL,"
  "  CHECK ((kind = 'sale') = (ref_id IS NULL)),"
  "  UNIQUE (booth_code, receipt_no));"
  "CREATE INDEX sale_by_day ON sale (booth_code, business_day);"
  "CREATE INDEX sale_by_ref ON sale (ref_id) WHERE ref_id IS NOT NULL;"
  "CREATE TABLE sale_line ("
  "  sale_id INTEGER NOT NULL REFERENCES sale (id), line_no INTEGER NOT NULL,"
  "  sku TEXT NOT NULL, name TEXT NOT NULL, unit TEXT NOT NULL,"
  "  quantity INTEGER NOT NULL, unit_price INTEGER NOT NULL, discount INTEGER NOT NULL,"
  "  PRIMARY KEY (sale_id, line_no)) WITHOUT ROWID;"
  "CREATE TABLE payment ("
  "  sale_id INTEGER NOT NULL REFERENCES sale (id), idx INTEGER NOT NULL,"
  "  method TEXT NOT NULL CHECK (method IN ('cash', 'transfer', 'other')),"
  "  amount INTEGER NOT NULL, tendered INTEGER NOT NULL, change INTEGER NOT NULL,"
  "  PRIMARY KEY (sale_id, idx)) WITHOUT ROWID;"
  "CREATE TABLE visitor_count ("
  "  id INTEGER PRIMARY KEY, gate TEXT NOT NULL, count INTEGER NOT NULL,"
  "  reason TEXT, business_day TEXT NOT NULL, created_us INTEGER NOT NULL);"
  /* The outbox: one event per journal record, numbered without gaps; the
   * sync client sends them in order and marks what the hub acknowledged. */
  "CREATE TABLE outbox ("
  "  seq INTEGER PRIMARY KEY, epoch INTEGER NOT NULL, kind TEXT NOT NULL,"
  "  ref TEXT NOT NULL, payload TEXT NOT NULL, hash TEXT NOT NULL,"
  "  created_us INTEGER NOT NULL, acked INTEGER NOT NULL DEFAULT 0);"
  "CREATE TRIGGER sale_is_immutable BEFORE UPDATE ON sale"
  "  BEGIN SELECT RAISE (ABORT, 'a recorded sale is never changed'); END;"
  "CREATE TRIGGER sale_is_kept BEFORE DELETE ON sale"
  "  BEGIN SELECT RAISE (ABORT, 'a recorded sale is never deleted'); END;"
  "CREATE TRIGGER sale_line_is_immutable BEFORE UPDATE ON sale_line"
  "  BEGIN SELECT RAISE (ABORT, 'a recorded sale is never changed'); END;"
  "CREATE TRIGGER sale_line_is_kept BEFORE DELETE ON sale_line"
  "  BEGIN SELECT RAISE (ABORT, 'a recorded sale is never deleted'); END;"
  "CREATE TRIGGER payment_is_immutable BEFORE UPDATE ON payment"
  "  BEGIN SELECT RAISE (ABORT, 'a recorded sale is never changed'); END;"
  "CREATE TRIGGER payment_is_kept BEFORE DELETE ON payment"
  "  BEGIN SELECT RAISE (ABORT, 'a recorded sale is never deleted'); END;"
  "CREATE TRIGGER outbox_is_kept BEFORE DELETE ON outbox"
  "  BEGIN SELECT RAISE (ABORT, 'outbox events are never deleted'); END;";

/* Version 2: diacritic-free full-text search (FTS5 over folded text, with
 * prefix indexes for as-you-type queries), and tallies kept up to date in
 * each sale's transaction so that reports read a few rows instead of
 * scanning a fair's worth of sales. Both are back-filled from version 1 data
 * (the search index by the store on open, as folding needs C code). */
static const char schema_v2[] =
  "CREATE VIRTUAL TABLE product_search USING fts5 ("
  "  sku UNINDEXED, name, producer, place, category,"
  "  tokenize = 'unicode61 remove_diacritics 0', prefix = '1 2 3');"
  "CREATE TABLE tally_day ("
  "  booth_code TEXT NOT NULL, day TEXT NOT NULL,"
  "  sales_count INTEGER NOT NULL DEFAULT 0, gross INTEGER NOT NULL DEFAULT 0,"
  "  discounts INTEGER NOT NULL DEFAULT 0,"
  "  void_count INTEGER NOT NULL DEFAULT 0, void_amount INTEGER NOT NULL DEFAULT 0,"
  "  refund_count INTEGER NOT NULL DEFAULT 0, refund_amount INTEGER NOT NULL DEFAULT 0,"
  "  items INTEGER NOT NULL DEFAULT 0,"
  "  first_receipt INTEGER, last_receipt INTEGER,"
  "  PRIMARY KEY (booth_code, day)) WITHOUT ROWID;"
  "CREATE TABLE tally_method ("
  "  booth_code TEXT NOT NULL, day TEXT NOT NULL, method TEXT NOT NULL,"
  "  count INTEGER NOT NULL, amount INTEGER NOT NULL,"
  "  PRIMARY KEY (booth_code, day, method)) WITHOUT ROWID;"
  "CREATE TABLE tally_product ("
  "  booth_code TEXT NOT NULL, day TEXT NOT NULL, sku TEXT NOT NULL, name TEXT NOT NULL,"
  "  quantity INTEGER NOT NULL, amount INTEGER NOT NULL,"
  "  PRIMARY KEY (booth_code, day, sku)) WITHOUT ROWID;"
  "CREATE TABLE tally_hour ("
  "  booth_code TEXT NOT NULL, day TEXT NOT NULL, hour INTEGER NOT NULL,"
  "  count INTEGER NOT NULL, amount INTEGER NOT NULL,"
  "  PRIMARY KEY (booth_code, day, hour)) WITHOUT ROWID;"
  "CREATE TABLE tally_visitors ("
  "  day TEXT NOT NULL, gate TEXT NOT NULL, count INTEGER NOT NULL,"
  "  PRIMARY KEY (day, gate)) WITHOUT ROWID;"
  /* Back-fill: discounts are line discounts plus the order discount. */
  "INSERT INTO tally_day"
  "  SELECT s.booth_code, s.business_day,"
  "    count (*) FILTER (WHERE kind = 'sale'),"
  "    coalesce (sum (total) FILTER (WHERE kind = 'sale'), 0),"
  "    coalesce (sum (order_discount + (SELECT coalesce (sum (discount), 0) FROM sale_line l WHERE l.sale_id = s.id)), 0),"
  "    count (*) FILTER (WHERE kind = 'void'),"
  "    coalesce (-sum (total) FILTER (WHERE kind = 'void'), 0),"
  "    count (*) FILTER (WHERE kind = 'refund'),"
  "    coalesce (-sum (total) FILTER (WHERE kind = 'refund'), 0),"
  "    coalesce ((SELECT sum (quantity) FROM sale_line l JOIN sale x ON x.id = l.sale_id"
  "               WHERE x.booth_code = s.booth_code AND x.business_day = s.business_day), 0),"
  "    min (receipt_no), max (receipt_no)"
  "  FROM sale s GROUP BY s.booth_code, s.business_day;"
  "INSERT INTO tally_method"
  "  SELECT s.booth_code, s.business_day, p.method,"
  "    sum (CASE s.kind WHEN 'sale' THEN 1 WHEN 'void' THEN -1 ELSE 0 END), sum (p.amount)"
  "  FROM payment p JOIN sale s ON s.id = p.sale_id"
  "  GROUP BY s.booth_code, s.business_day, p.method;"
  "INSERT INTO tally_product"
  "  SELECT s.booth_code, s.business_day, l.sku, max (l.name), sum (l.quantity),"
  "    sum (l.quantity * l.unit_price - l.discount)"
  "  FROM sale_line l JOIN sale s ON s.id = l.sale_id"
  "  GROUP BY s.booth_code, s.business_day, l.sku;"
  /* Product amounts leave out order discounts, which belong to no line; the
   * hour tally carries net revenue including them. */
  "INSERT INTO tally_hour"
  "  SELECT booth_code, business_day, ocop_local_hour (created_us),"
  "    count (*) FILTER (WHERE kind = 'sale'), sum (total)"
  "  FROM sale GROUP BY 1, 2, 3;"
  "INSERT INTO tally_visitors"
  "  SELECT business_day, gate, sum (count) FROM visitor_count GROUP BY 1, 2;";

/* Version 3: the till's open cart, saved as it changes so that a crash or
 * a power cut does not lose a customer's half-scanned basket. One draft
 * per booth; committing the sale removes it in the same transaction. */
static const char schema_v3[] =
  "CREATE TABLE open_cart ("
  "  booth_code TEXT PRIMARY KEY, draft TEXT NOT NULL, updated_us INTEGER NOT NULL) WITHOUT ROWID;";

/* Version 4: the booth's cashiers. A PIN is kept only as an Argon2 hash;
 * supervisors approve voids and refunds at the till. */
static const char schema_v4[] =
  "CREATE TABLE cashier ("
  "  name TEXT PRIMARY KEY, pin_hash TEXT NOT NULL,"
  "  supervisor INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;";

/* Version 5: a day's journal in receipt order straight from one index. With
 * only (booth, day), SQLite preferred walking (booth, receipt_no) for the
 * ORDER BY and read a million sales to list an empty day. */
static const char schema_v5[] =
  "DROP INDEX sale_by_day;"
  "CREATE INDEX sale_by_day ON sale (booth_code, business_day, receipt_no);";

/* Version 6: the print queue. A receipt is printed after its sale is
 * recorded, and printers run out of paper or get unplugged: the job is
 * queued in the sale's own transaction, so a crash or a failed print leaves
 * it waiting for a retry (or a cashier's "cancel"), never lost. Jobs change
 * state; the sales they point at never do. */
static const char schema_v6[] =
  "CREATE TABLE print_job ("
  "  id INTEGER PRIMARY KEY,"
  "  kind TEXT NOT NULL CHECK (kind IN ('receipt', 'reprint', 'z-report')),"
  "  sale_id INTEGER REFERENCES sale (id),"
  "  booth_code TEXT NOT NULL, business_day TEXT,"
  "  created_us INTEGER NOT NULL,"
  "  state TEXT NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'printed', 'cancelled')),"
  "  attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT, finished_us INTEGER,"
  "  CHECK ((kind = 'z-report') = (sale_id IS NULL)),"
  "  CHECK (kind != 'z-report' OR business_day IS NOT NULL));"
  "CREATE INDEX print_job_waiting ON print_job (id) WHERE state = 'waiting';";

/* Version 7: cashiers are deactivated, never deleted. Past sales name their
 * cashier, and a booth must be able to say who rang up a receipt after that
 * person has left; a deactivated cashier simply can no longer log in or
 * approve. The triggers keep the rows, and keep at least one active
 * supervisor, whatever program writes to the file: with none, nobody could
 * approve a void or add a new supervisor. */
static const char schema_v7[] =
  "ALTER TABLE cashier ADD COLUMN active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1));"
  "CREATE TRIGGER cashier_is_kept BEFORE DELETE ON cashier"
  "  BEGIN SELECT RAISE (ABORT, 'a cashier is deactivated, never deleted'); END;"
  "CREATE TRIGGER cashier_keeps_a_supervisor AFTER UPDATE OF active, supervisor ON cashier"
  "  WHEN OLD.active = 1 AND OLD.supervisor = 1"
  "   AND NOT EXISTS (SELECT 1 FROM cashier WHERE active = 1 AND supervisor = 1)"
  "  BEGIN SELECT RAISE (ABORT, 'the booth needs an active supervisor'); END;";

/* Version 8: products the hub's catalog withdraws. Their rows stay, as
 * past sales and their receipts name them; a withdrawn product leaves the
 * search index and its barcode, and look-ups and lists skip it. Importing
 * it again brings it back. */
static const char schema_v8[] =
  "ALTER TABLE product ADD COLUMN withdrawn INTEGER NOT NULL DEFAULT 0 CHECK (withdrawn IN (0, 1));";

/* Version 9: each sale line keeps the producer's kind (enterprise,
 * cooperative, household) as it was when the line was sold, like its
 * price: the organizers report sales by kind, a void or refund must take
 * them off the kind they were counted under, and a product whose producer
 * is reclassified later must not move old sales. Lines written before
 * this step stay NULL: their kind was never recorded, and guessing it from
 * today's catalog would be exactly that move. */
static const char schema_v9[] =
  "ALTER TABLE sale_line ADD COLUMN producer_kind TEXT"
  "  CHECK (producer_kind IS NULL OR producer_kind IN ('enterprise', 'cooperative', 'household'));";

/* Version 10: the outbox's per-event "acked" flag goes. What the hub has
 * acknowledged is one watermark (meta "acked_through", per epoch), which is
 * what every reader used; setting the flag rewrote each acknowledged row,
 * payload and all, and was a third of the device's work in a 100,000-sale
 * upload. */
static const char schema_v10[] =
  "ALTER TABLE outbox DROP COLUMN acked;";

/* Version 11: product names get a search index of their own. As-you-type
 * search lists the products whose name matches first; asked of the
 * five-column index as "name : (htx*)", FTS5 walked every row where "htx"
 * appears in any column (all 20,000 producers are an HTX) to find no name,
 * 3 ms a keystroke. The name-only index holds the same folded names, under
 * the product's rowid like product_search, and answers from names alone. */
static const char schema_v11[] =
  "CREATE VIRTUAL TABLE product_name_search USING fts5 ("
  "  name, tokenize = 'unicode61 remove_diacritics 0', prefix = '1 2 3');"
  "INSERT INTO product_name_search (rowid, name) SELECT rowid, name FROM product_search;";

/* Version 12: who approved a void or refund, and the day's cash count.
 * A void or refund names the supervisor whose PIN approved it (records
 * written before stay NULL: nobody was asked, and inventing a name would
 * rewrite history; their receipts reprint as they printed). A closed day
 * keeps the cash the supervisor counted in the drawer, what the journal
 * says should be there, and who closed it. Wrong PINs are counted per
 * cashier, in the file rather than in memory, so that starting `ocop`
 * again does not reset the count. */
static const char schema_v12[] =
  "ALTER TABLE sale ADD COLUMN approver TEXT;"
  "ALTER TABLE business_day ADD COLUMN cash_expected INTEGER;"
  "ALTER TABLE business_day ADD COLUMN cash_counted INTEGER;"
  "ALTER TABLE business_day ADD COLUMN closed_by TEXT;"
  "CREATE TABLE approval_failure ("
  "  name TEXT PRIMARY KEY REFERENCES cashier (name), failures INTEGER NOT NULL,"
  "  last_us INTEGER NOT NULL) WITHOUT ROWID;";

/* Version 13: shift handovers. The drawer passes from one cashier to the
 * next while the day stays open; each handover keeps the cash counted
 * beside the cash the journal put in the drawer since the one before, and
 * the last journal record it counted (by id, not by clock, so the next
 * shift starts exactly after it). A count that differs needs a supervisor,
 * whom the row names. Like a sale, a handover is never changed or deleted:
 * it is what two people signed off on. */
static const char schema_v13[] =
  "CREATE TABLE handover ("
  "  id INTEGER PRIMARY KEY, booth_code TEXT NOT NULL, business_day TEXT NOT NULL,"
  "  from_cashier TEXT NOT NULL, to_cashier TEXT NOT NULL,"
  "  through_sale_id INTEGER NOT NULL,"
  "  cash_expected INTEGER NOT NULL, cash_counted INTEGER NOT NULL CHECK (cash_counted >= 0),"
  "  approver TEXT, created_us INTEGER NOT NULL,"
  "  CHECK (from_cashier != to_cashier),"
  "  CHECK (approver IS NOT NULL OR cash_counted = cash_expected));"
  "CREATE INDEX handover_by_day ON handover (booth_code, business_day, id);"
  "CREATE TRIGGER handover_is_immutable BEFORE UPDATE ON handover"
  "  BEGIN SELECT RAISE (ABORT, 'a recorded handover is never changed'); END;"
  "CREATE TRIGGER handover_is_kept BEFORE DELETE ON handover"
  "  BEGIN SELECT RAISE (ABORT, 'a recorded handover is never deleted'); END;"
  /* Its slip prints through the print queue, like a Z report, so that a
   * printer out of paper holds it for a retry. SQLite cannot change a
   * CHECK in place: the queue's table is rebuilt with its rows. */
  "CREATE TABLE print_job_v13 ("
  "  id INTEGER PRIMARY KEY,"
  "  kind TEXT NOT NULL CHECK (kind IN ('receipt', 'reprint', 'z-report', 'handover')),"
  "  sale_id INTEGER REFERENCES sale (id),"
  "  booth_code TEXT NOT NULL, business_day TEXT,"
  "  created_us INTEGER NOT NULL,"
  "  state TEXT NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'printed', 'cancelled')),"
  "  attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT, finished_us INTEGER,"
  "  handover_id INTEGER REFERENCES handover (id),"
  "  CHECK ((kind IN ('z-report', 'handover')) = (sale_id IS NULL)),"
  "  CHECK ((kind = 'handover') = (handover_id IS NOT NULL)),"
  "  CHECK (kind != 'z-report' OR business_day IS NOT NULL));"
  "INSERT INTO print_job_v13 (id, kind, sale_id, booth_code, business_day, created_us, state, attempts,"
  "  last_error, finished_us)"
  "  SELECT id, kind, sale_id, booth_code, business_day, created_us, state, attempts, last_error, finished_us"
  "  FROM print_job;"
  "DROP TABLE print_job;"
  "ALTER TABLE print_job_v13 RENAME TO print_job;"
  "CREATE INDEX print_job_waiting ON print_job (id) WHERE state = 'waiting';";
/* Version 14: carts parked at the till while their customer looks for
 * money, kept across a restart. A parked cart is not a sale: it is never
 * in the outbox and never reaches the hub. */
static const char schema_v14[] =
  "CREATE TABLE parked_cart ("
  "  id INTEGER PRIMARY KEY, booth_code TEXT NOT NULL, draft TEXT NOT NULL,"
  "  parked_us INTEGER NOT NULL);"
  "CREATE INDEX parked_cart_by_booth ON parked_cart (booth_code, id);";

/* Version 15: goods sold by weight or length. A measured line's quantity
 * counts thousandths of its unit and its amount is the gross rounded at
 * the moment of sale (or a pack's label price), which quantity × unit
 * price cannot give back. Every older line counts pieces: measured 0 and
 * amount NULL (quantity × unit price), so its receipt reprints as it was.
 * A product's day tally keeps weighed thousandths apart from pieces. */
static const char schema_v15[] =
  "ALTER TABLE sale_line ADD COLUMN measured INTEGER NOT NULL DEFAULT 0 CHECK (measured IN (0, 1));"
  "ALTER TABLE sale_line ADD COLUMN amount INTEGER CHECK ((amount IS NULL) = (measured = 0));"
  "ALTER TABLE tally_product ADD COLUMN measure INTEGER NOT NULL DEFAULT 0;";

/* Version 16: transfers confirmed, by the bank or by the cashier, each a
 * record pointing at its sale, since a completed sale is never updated;
 * a bank's transaction is recorded once however often it is told. */
static const char schema_v16[] =
  "CREATE TABLE transfer_confirmation ("
  "  id INTEGER PRIMARY KEY, sale_uuid TEXT NOT NULL,"
  "  confirmed_by TEXT NOT NULL CHECK (confirmed_by IN ('bank', 'cashier')),"
  "  service TEXT, txn TEXT, cashier TEXT, created_us INTEGER NOT NULL,"
  "  CHECK ((confirmed_by = 'bank') = (service IS NOT NULL AND txn IS NOT NULL)),"
  "  CHECK (confirmed_by = 'bank' OR cashier IS NOT NULL),"
  "  UNIQUE (service, txn));"
  "CREATE INDEX transfer_confirmation_by_sale ON transfer_confirmation (sale_uuid);";

static const char * const migrations[] = {
  NULL,        /* version 0: an empty file */
  schema_v1,
  schema_v2,
  schema_v3,
  schema_v4,
  schema_v5,
  schema_v6,
  schema_v7,
  schema_v8,
  schema_v9,
  schema_v10,
  schema_v11,
  schema_v12,
  schema_v13,
  schema_v14,
  schema_v15,
  schema_v16,
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == OCOP_STORE_SCHEMA_VERSION + 1);

static int
user_version (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  if (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

static gboolean
fail (sqlite3     *db,
      GError     **error,
      int          version,
      const char  *message)
{
  g_set_error (error, OCOP_STORE_ERROR,
               (sqlite3_errcode (db) & 0xff) == SQLITE_READONLY ? OCOP_STORE_ERROR_READ_ONLY
               : (sqlite3_errcode (db) & 0xff) == SQLITE_FULL ? OCOP_STORE_ERROR_FULL
               : (sqlite3_errcode (db) & 0xff) == SQLITE_BUSY ? OCOP_STORE_ERROR_BUSY
               : OCOP_STORE_ERROR_FAILED,
               _("Could not upgrade the store to version %d: %s"), version, message);
  if (!sqlite3_get_autocommit (db))
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

static gboolean
check_version (sqlite3  *db,
               int       current,
               GError  **error)
{
  if (current < 0)
    {
      g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_CORRUPT,
                   _("The store cannot be read: %s"), sqlite3_errmsg (db));
      return FALSE;
    }
  if (current > OCOP_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_TOO_NEW,
                   _("The store was written by a newer ocop-pos (schema %d, this one knows %d): update ocop-pos"),
                   current, OCOP_STORE_SCHEMA_VERSION);
      return FALSE;
    }
  return TRUE;
}

gboolean
ocop_store_migrate_db (sqlite3  *db,
                       int       version,
                       GError  **error)
{
  int current = user_version (db);

  if (!check_version (db, current, error))
    return FALSE;
  if (current >= version)
    return TRUE;

  /* All steps in one write transaction, re-reading the version once it is
   * held: two programs opening a new store at once (the till and `ocop`)
   * must not both create the tables. */
  if (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    return fail (db, error, version, sqlite3_errmsg (db));
  current = user_version (db);
  if (!check_version (db, current, error))
    {
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  for (int v = current + 1; v <= version; v++)
    {
      g_autofree char *sql = g_strdup_printf ("%s; PRAGMA user_version = %d;", migrations[v], v);
      char *message = NULL;

      if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
        {
          g_autofree char *copy = g_strdup (message);

          sqlite3_free (message);
          return fail (db, error, v, copy);
        }
    }
  /* The search rows hold folded text, which SQL cannot make: the store
   * fills them after opening (ensure_search_index in ocop-store.c). The
   * mark is written in the migration's own transaction and cleared in the
   * one that fills the index, so a crash between the two leaves it set. */
  if (sqlite3_exec (db, "INSERT OR REPLACE INTO meta (key, value) VALUES ('" OCOP_STORE_SEARCH_INDEX_STALE "', '1')",
                    NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_exec (db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    return fail (db, error, version, sqlite3_errmsg (db));
  return TRUE;
}
