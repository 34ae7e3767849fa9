/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-store.c: opening the device's SQLite store, transactions, set-up
 * (fair, booth, device identity) and the catalog with its search index.
 * The sale journal lives in ocop-store-journal.c. */

#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <uuid/uuid.h>

#include "ocop-quantity.h"
#include "ocop-store-private.h"
#include "ocop-sync-client-state.h"
#include "ocop-sync-protocol.h"
#include "ocop-text.h"

struct _OcopStore
{
  GObject      parent_instance;

  char        *path;
  sqlite3     *db;
  GHashTable  *statements;   /* SQL text → sqlite3_stmt, finalized with the store */
  GTimeZone   *time_zone;
  char        *device_id;
  gint64       clock_us;     /* 0: the real clock */
  guint        tx_depth;
  gboolean     queue_receipts;
};

G_DEFINE_FINAL_TYPE (OcopStore, ocop_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (ocop-store-error-quark, ocop_store_error)

static void
ocop_store_finalize (GObject *object)
{
  OcopStore *self = OCOP_STORE (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close (self->db);
  g_clear_pointer (&self->time_zone, g_time_zone_unref);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->device_id, g_free);

  G_OBJECT_CLASS (ocop_store_parent_class)->finalize (object);
}

static void
ocop_store_class_init (OcopStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ocop_store_finalize;
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
ocop_store_init (OcopStore *self)
{
  /* Keyed by the address of the SQL text: every query is a string literal,
   * and hashing the whole text on each use cost more than running some of
   * them. */
  self->statements = g_hash_table_new_full (NULL, NULL, NULL, finalize_statement);
}

void
ocop_fair_free (OcopFair *fair)
{
  if (fair == NULL)
    return;
  g_free (fair->name);
  g_free (fair->venue);
  g_free (fair->starts_on);
  g_free (fair->ends_on);
  g_free (fair->time_zone);
  g_free (fair);
}

void
ocop_booth_free (OcopBooth *booth)
{
  if (booth == NULL)
    return;
  g_free (booth->code);
  g_free (booth->name);
  g_free (booth->locality);
  g_free (booth);
}

/* ---- errors and statements ---- */

static OcopStoreError
error_code_for (int sqlite_code)
{
  switch (sqlite_code & 0xff)
    {
    case SQLITE_READONLY: return OCOP_STORE_ERROR_READ_ONLY;
    case SQLITE_FULL:     return OCOP_STORE_ERROR_FULL;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:   return OCOP_STORE_ERROR_BUSY;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:   return OCOP_STORE_ERROR_CORRUPT;
    case SQLITE_CANTOPEN: return OCOP_STORE_ERROR_OPEN;
    default:              return OCOP_STORE_ERROR_FAILED;
    }
}

static const char *
explain (OcopStoreError code)
{
  switch (code)
    {
    case OCOP_STORE_ERROR_READ_ONLY: return _("the store is read-only");
    case OCOP_STORE_ERROR_FULL:      return _("the disk is full");
    case OCOP_STORE_ERROR_BUSY:      return _("another program is holding the store");
    case OCOP_STORE_ERROR_CORRUPT:   return _("the store file is damaged");
    default:                         return NULL;
    }
}

gboolean
ocop_store_fail (OcopStore   *self,
                 GError     **error,
                 const char  *doing)
{
  int rc = sqlite3_extended_errcode (self->db);
  OcopStoreError code = error_code_for (rc);
  const char *why = explain (code);

  /* Say it in words a booth can act on, then SQLite's own for support. */
  g_set_error (error, OCOP_STORE_ERROR, code,
               _("Could not %s: %s (%s); nothing was written"),
               doing, why ? why : sqlite3_errmsg (self->db), self->path);
  return FALSE;
}

sqlite3_stmt *
ocop_store_prepare (OcopStore   *self,
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
      g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_FAILED,
                   _("Could not prepare a query: %s"), sqlite3_errmsg (self->db));
      sqlite3_finalize (stmt);
      return NULL;
    }
  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

void
ocop_store_set_queue_receipts (OcopStore *self,
                               gboolean   queue)
{
  g_return_if_fail (OCOP_IS_STORE (self));
  self->queue_receipts = queue;
}

gboolean
ocop_store_get_queue_receipts (OcopStore *self)
{
  return self->queue_receipts;
}

sqlite3 *
ocop_store_get_db (OcopStore *self)
{
  return self->db;
}

const char *
ocop_store_get_path (OcopStore *self)
{
  return self->path;
}

const char *
ocop_store_get_device_id (OcopStore *self)
{
  return self->device_id;
}

/* Runs a statement that returns no rows, binding text parameters in order
 * (NULL binds SQL NULL). */
gboolean
ocop_store_exec (OcopStore   *self,
                 const char  *sql,
                 GError     **error,
                 const char  *doing,
                 ...)
{
  sqlite3_stmt *stmt = ocop_store_prepare (self, sql, error);
  int n = stmt ? sqlite3_bind_parameter_count (stmt) : 0;
  va_list args;

  if (stmt == NULL)
    return FALSE;
  va_start (args, doing);
  for (int i = 1; i <= n; i++)
    sqlite3_bind_text (stmt, i, va_arg (args, const char *), -1, SQLITE_TRANSIENT);
  va_end (args);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      ocop_store_fail (self, error, doing);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/* ---- transactions ---- */

/* The outermost transaction takes the write lock at once (IMMEDIATE), so it
 * waits on busy_timeout rather than failing half way when another program
 * (the till and `ocop`, or the sync worker) writes at the same time. Inner
 * ones are savepoints, which lets the benchmark wrap many sales in one. */
/* Runs one of the transaction statements through the statement cache:
 * parsing "BEGIN IMMEDIATE" and "COMMIT" anew was a fifth of a sale's CPU. */
static int
run_cached (OcopStore  *self,
            const char *sql)
{
  sqlite3_stmt *stmt = ocop_store_prepare (self, sql, NULL);
  int rc;

  if (stmt == NULL)
    return sqlite3_errcode (self->db);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

gboolean
ocop_store_begin (OcopStore  *self,
                  GError    **error)
{
  const char *sql = self->tx_depth == 0 ? "BEGIN IMMEDIATE" : "SAVEPOINT ocop";

  if (run_cached (self, sql) != SQLITE_OK)
    return ocop_store_fail (self, error, _("start writing"));
  self->tx_depth++;
  return TRUE;
}

/* On failure the transaction is rolled back here: callers must not roll
 * back again, which would unwind an enclosing transaction too. */
gboolean
ocop_store_commit (OcopStore  *self,
                   GError    **error)
{
  const char *sql = self->tx_depth == 1 ? "COMMIT" : "RELEASE ocop";

  g_return_val_if_fail (self->tx_depth > 0, FALSE);
  if (run_cached (self, sql) != SQLITE_OK)
    {
      ocop_store_fail (self, error, _("save the change"));
      ocop_store_rollback (self);
      return FALSE;
    }
  self->tx_depth--;
  return TRUE;
}

void
ocop_store_rollback (OcopStore *self)
{
  if (self->tx_depth == 0)
    return;
  if (sqlite3_get_autocommit (self->db))
    {
      /* SQLite rolled the whole transaction back itself (SQLITE_FULL can). */
      self->tx_depth = 0;
      return;
    }
  if (self->tx_depth == 1)
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  else
    sqlite3_exec (self->db, "ROLLBACK TO ocop; RELEASE ocop", NULL, NULL, NULL);
  self->tx_depth--;
}

/* ---- clock and business days ---- */

void
ocop_store_set_clock (OcopStore *self,
                      gint64     now_us)
{
  self->clock_us = now_us;
}

gint64
ocop_store_now_us (OcopStore *self)
{
  return self->clock_us != 0 ? self->clock_us : g_get_real_time ();
}

static GDateTime *
local_time (OcopStore *self,
            gint64     utc_us)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (utc_us / G_USEC_PER_SEC);

  return g_date_time_to_timezone (utc, self->time_zone);
}

char *
ocop_store_format_time (OcopStore  *self,
                        gint64      utc_us,
                        const char *format)
{
  g_autoptr(GDateTime) local = local_time (self, utc_us);

  return g_date_time_format (local, format);
}

/* The business day is the calendar day in the fair's time zone, and a
 * closed day is not followed by opening the next one early. Every record
 * takes its day from its own time: the receipt's date, the hour and
 * quarter tallies, the visitor counts at the gates and the hub's figures by
 * day all agree because of it. An "open the next day now" record would
 * file a sale rung up at 21:00 on the 11th under the 12th, so its receipt,
 * its hour and the gate's visitors of that evening would disagree, and a
 * device and the hub would need to agree on which records moved. Fairs
 * close in the evening and do not sell again before midnight (the demo
 * fair's hours end at 21:00), so what a closed booth needs is a clear
 * notice of when selling resumes, which ocop_store_describe_reopening
 * words for the till and the refusals alike. */
char *
ocop_store_business_day_of (OcopStore *self,
                            gint64     utc_us)
{
  return ocop_store_format_time (self, utc_us, "%Y-%m-%d");
}

gint64
ocop_store_next_day_start (OcopStore *self,
                           gint64     utc_us)
{
  g_autoptr(GDateTime) local = local_time (self, utc_us);
  g_autoptr(GDateTime) midnight = g_date_time_new (self->time_zone, g_date_time_get_year (local),
                                                   g_date_time_get_month (local),
                                                   g_date_time_get_day_of_month (local), 0, 0, 0);
  g_autoptr(GDateTime) next = g_date_time_add_days (midnight, 1);

  return g_date_time_to_unix (next) * G_USEC_PER_SEC;
}

char *
ocop_store_describe_reopening (OcopStore *self)
{
  gint64 start = ocop_store_next_day_start (self, ocop_store_now_us (self));
  g_autofree char *time = ocop_store_format_time (self, start, "%H:%M");
  g_autofree char *date = ocop_store_format_time (self, start, "%d/%m/%Y");

  /* TRANSLATORS: said when the business day is closed: the time and the
   * date the next business day starts. */
  return g_strdup_printf (_("Sales resume at %s on %s, when the next business day starts."), time, date);
}

int
ocop_store_local_hour (OcopStore *self,
                       gint64     utc_us)
{
  g_autoptr(GDateTime) local = local_time (self, utc_us);

  return g_date_time_get_hour (local);
}

int
ocop_store_local_quarter (OcopStore *self,
                          gint64     utc_us)
{
  g_autoptr(GDateTime) local = local_time (self, utc_us);

  return g_date_time_get_hour (local) * 4 + g_date_time_get_minute (local) / 15;
}

static void
sql_local_quarter (sqlite3_context  *context,
                   int               argc,
                   sqlite3_value   **argv)
{
  OcopStore *self = sqlite3_user_data (context);

  sqlite3_result_int (context, ocop_store_local_quarter (self, sqlite3_value_int64 (argv[0])));
}

static void
sql_local_hour (sqlite3_context  *context,
                int               argc,
                sqlite3_value   **argv)
{
  OcopStore *self = sqlite3_user_data (context);

  sqlite3_result_int (context, ocop_store_local_hour (self, sqlite3_value_int64 (argv[0])));
}

/* Vietnam has kept UTC+7 since 1975; a machine without tzdata still gets the
 * right business days rather than silently falling back to UTC. */
static GTimeZone *
load_time_zone (const char *identifier)
{
  GTimeZone *tz = g_time_zone_new_identifier (identifier);

  if (tz == NULL)
    {
      g_warning ("Time zone %s is not installed (tzdata); using UTC+07:00", identifier);
      tz = g_time_zone_new_offset (7 * 3600);
    }
  return tz;
}

/* Not g_uuid_string_random (): GLib's generator is a process-wide PRNG that
 * a forked child inherits, so two processes could mint the same sale id
 * (the crash test did exactly that). */
char *
ocop_store_new_uuid (void)
{
  uuid_t uuid;
  char text[37];

  uuid_generate_random (uuid);
  uuid_unparse_lower (uuid, text);
  return g_strdup (text);
}

/* ---- meta ---- */

char *
ocop_store_get_meta (OcopStore  *self,
                     const char *key)
{
  sqlite3_stmt *stmt = ocop_store_prepare (self, "SELECT value FROM meta WHERE key = ?", NULL);
  char *value = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return value;
}

gboolean
ocop_store_set_meta (OcopStore   *self,
                     const char  *key,
                     const char  *value,
                     GError     **error)
{
  return ocop_store_exec (self,
                          "INSERT INTO meta (key, value) VALUES (?, ?)"
                          " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                          error, _("save a setting"), key, value);
}

gint64
ocop_store_get_meta_int (OcopStore  *self,
                         const char *key)
{
  g_autofree char *value = ocop_store_get_meta (self, key);

  return value ? g_ascii_strtoll (value, NULL, 10) : 0;
}

/* ---- opening ---- */

char *
ocop_store_default_path (void)
{
  const char *env = g_getenv ("OCOP_DB");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "ocop-pos", "ocop.db", NULL);
}

static gboolean
ensure_folder (const char  *path,
               GError     **error)
{
  g_autofree char *folder = g_path_get_dirname (path);

  if (g_mkdir_with_parents (folder, 0700) == 0)
    return TRUE;
  g_set_error (error, OCOP_STORE_ERROR,
               errno == EROFS || errno == EACCES ? OCOP_STORE_ERROR_READ_ONLY : OCOP_STORE_ERROR_OPEN,
               _("Cannot create the folder %s for the store: %s"), folder, g_strerror (errno));
  return FALSE;
}

static gboolean
pragma_expect (OcopStore  *self,
               const char *sql,
               const char *expected,
               GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) == SQLITE_OK)
    {
      int rc = sqlite3_step (stmt);

      ok = rc == SQLITE_DONE ||
           (rc == SQLITE_ROW && (expected == NULL ||
                                 g_ascii_strcasecmp ((const char *) sqlite3_column_text (stmt, 0), expected) == 0));
    }
  sqlite3_finalize (stmt);
  if (!ok)
    return ocop_store_fail (self, error, _("prepare the store"));
  return TRUE;
}

/* Replaces SQLite's automatic checkpoint after every 1000 log pages, which
 * lands on whichever commit crosses the mark and doubles its fsyncs. */
static int
wal_grew (void       *data,
          sqlite3    *db,
          const char *name,
          int         pages)
{
  if (pages >= OCOP_STORE_WAL_LIMIT)
    sqlite3_wal_checkpoint_v2 (db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
  return SQLITE_OK;
}

gboolean
ocop_store_checkpoint (OcopStore  *self,
                       GError    **error)
{
  int rc = sqlite3_wal_checkpoint_v2 (self->db, "main", SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);

  if (rc == SQLITE_OK || rc == SQLITE_BUSY)
    return TRUE;   /* busy: a reader or writer is active; the next idle moment will do */
  return ocop_store_fail (self, error, _("checkpoint the store"));
}

static gboolean
configure_connection (OcopStore  *self,
                      GError    **error)
{
  sqlite3_busy_timeout (self->db, 5000);
  sqlite3_extended_result_codes (self->db, 1);

  if (sqlite3_db_readonly (self->db, "main") == 1)
    {
      g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_READ_ONLY,
                   _("The store %s is read-only: check the file's permissions and that the disk is not write-protected"),
                   self->path);
      return FALSE;
    }

  /* WAL keeps readers (reports, the sync worker) off the writer's back, and
   * synchronous=FULL makes a commit durable across power loss: a sale the
   * cashier saw recorded is on the disk. */
  sqlite3_wal_hook (self->db, wal_grew, self);
  return pragma_expect (self, "PRAGMA journal_mode = WAL", "wal", error) &&
         pragma_expect (self, "PRAGMA synchronous = FULL", NULL, error) &&
         pragma_expect (self, "PRAGMA foreign_keys = ON", NULL, error) &&
         sqlite3_create_function (self->db, "ocop_local_hour", 1,
                                  SQLITE_UTF8 | SQLITE_DETERMINISTIC, self,
                                  sql_local_hour, NULL, NULL) == SQLITE_OK &&
         sqlite3_create_function (self->db, "ocop_local_quarter", 1,
                                  SQLITE_UTF8 | SQLITE_DETERMINISTIC, self,
                                  sql_local_quarter, NULL, NULL) == SQLITE_OK;
}

static gboolean
ensure_device_id (OcopStore  *self,
                  GError    **error)
{
  self->device_id = ocop_store_get_meta (self, "device_id");
  if (self->device_id != NULL)
    return TRUE;
  self->device_id = ocop_store_new_uuid ();
  /* The epoch changes when a store is restored from a copy, so that the hub
   * can tell two histories of one device apart (see docs/sync-protocol.md). */
  return ocop_store_set_meta (self, "device_id", self->device_id, error) &&
         ocop_store_set_sync_number (self, OCOP_SYNC_FIELD_EPOCH, 1, error);
}

static void
load_fair_time_zone (OcopStore *self)
{
  sqlite3_stmt *stmt = ocop_store_prepare (self, "SELECT time_zone FROM fair WHERE id = 1", NULL);
  const char *identifier = OCOP_FAIR_TIME_ZONE;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    identifier = (const char *) sqlite3_column_text (stmt, 0);
  g_clear_pointer (&self->time_zone, g_time_zone_unref);
  self->time_zone = load_time_zone (identifier);
  if (stmt != NULL)
    sqlite3_reset (stmt);
}

static gboolean ensure_search_index (OcopStore *self, GError **error);

OcopStore *
ocop_store_open (const char  *path,
                 GError     **error)
{
  g_autoptr(OcopStore) self = g_object_new (OCOP_TYPE_STORE, NULL);
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  self->path = g_strdup (path);
  self->time_zone = load_time_zone (OCOP_FAIR_TIME_ZONE);
  if (!ensure_folder (path, error))
    return NULL;

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, OCOP_STORE_ERROR, error_code_for (rc),
                   _("Cannot open the store %s: %s"), path,
                   self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }

  if (!configure_connection (self, error) ||
      !ocop_store_migrate_db (self->db, OCOP_STORE_SCHEMA_VERSION, error) ||
      !ensure_device_id (self, error) ||
      !ensure_search_index (self, error))
    return NULL;

  load_fair_time_zone (self);
  return g_steal_pointer (&self);
}

/* ---- fair and booths ---- */

gboolean
ocop_store_set_fair (OcopStore       *self,
                     const OcopFair  *fair,
                     GError         **error)
{
  const char *tz = fair->time_zone ? fair->time_zone : OCOP_FAIR_TIME_ZONE;

  if (ocop_text_is_blank (fair->name))
    {
      g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID, _("The fair needs a name"));
      return FALSE;
    }
  if (!ocop_store_exec (self,
                        "INSERT INTO fair (id, name, venue, starts_on, ends_on, time_zone)"
                        " VALUES (1, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
                        " name = excluded.name, venue = excluded.venue, starts_on = excluded.starts_on,"
                        " ends_on = excluded.ends_on, time_zone = excluded.time_zone",
                        error, _("save the fair"),
                        fair->name, fair->venue, fair->starts_on, fair->ends_on, tz))
    return FALSE;
  load_fair_time_zone (self);
  return TRUE;
}

OcopFair *
ocop_store_get_fair (OcopStore  *self,
                     GError    **error)
{
  sqlite3_stmt *stmt = ocop_store_prepare (self,
                                           "SELECT name, venue, starts_on, ends_on, time_zone"
                                           " FROM fair WHERE id = 1", error);
  OcopFair *fair;

  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_NOT_SET_UP,
                   _("No fair is set up in %s: run `ocop init` or `ocop demo`"), self->path);
      return NULL;
    }
  fair = g_new0 (OcopFair, 1);
  fair->name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  fair->venue = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  fair->starts_on = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  fair->ends_on = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  fair->time_zone = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  sqlite3_reset (stmt);
  return fair;
}

gboolean
ocop_store_add_booth (OcopStore        *self,
                      const OcopBooth  *booth,
                      GError          **error)
{
  if (ocop_text_is_blank (booth->code) || ocop_text_is_blank (booth->name))
    {
      g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID,
                   _("A booth needs a code and a name"));
      return FALSE;
    }
  /* The hub refuses longer ones in every batch the booth would send. */
  if (strlen (booth->code) > OCOP_SYNC_MAX_CODE_BYTES || strlen (booth->name) > OCOP_SYNC_MAX_NAME_BYTES ||
      (booth->locality != NULL && strlen (booth->locality) > OCOP_SYNC_MAX_NAME_BYTES))
    {
      g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID,
                   _("The booth's code, name or locality is longer than the hub takes"));
      return FALSE;
    }
  return ocop_store_exec (self,
                          "INSERT INTO booth (code, name, locality, in_province) VALUES (?, ?, ?, ?)"
                          " ON CONFLICT (code) DO UPDATE SET name = excluded.name,"
                          " locality = excluded.locality, in_province = excluded.in_province",
                          error, _("save the booth"),
                          booth->code, booth->name, booth->locality,
                          booth->in_province ? "1" : "0");
}

OcopBooth *
ocop_store_get_booth (OcopStore   *self,
                      const char  *code,
                      GError     **error)
{
  sqlite3_stmt *stmt = ocop_store_prepare (self,
                                           "SELECT code, name, locality, in_province FROM booth WHERE code = ?",
                                           error);
  OcopBooth *booth;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_NOT_FOUND,
                   _("There is no booth %s in this store"), code);
      return NULL;
    }
  booth = g_new0 (OcopBooth, 1);
  booth->code = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  booth->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  booth->locality = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  booth->in_province = sqlite3_column_int (stmt, 3);
  sqlite3_reset (stmt);
  return booth;
}

gboolean
ocop_store_set_current_booth (OcopStore   *self,
                              const char  *code,
                              GError     **error)
{
  g_autoptr(OcopBooth) booth = ocop_store_get_booth (self, code, error);

  return booth != NULL && ocop_store_set_meta (self, "booth", code, error);
}

OcopBooth *
ocop_store_get_current_booth (OcopStore  *self,
                              GError    **error)
{
  g_autofree char *code = ocop_store_get_meta (self, "booth");

  if (code == NULL)
    {
      g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_NOT_SET_UP,
                   _("This device has no booth yet in %s: run `ocop init --fair NAME --booth CODE` or `ocop demo`"),
                   self->path);
      return NULL;
    }
  return ocop_store_get_booth (self, code, error);
}

/* ---- catalog ---- */

#define PRODUCT_COLUMNS \
  "p.sku, p.barcode, p.barcode_kind, p.name, pr.name, pr.kind, pr.locality, pr.in_province," \
  " p.unit, p.price_vnd, p.stars, p.category, p.trace_url"

static OcopProduct *
product_from_row (sqlite3_stmt *stmt,
                  int           first)
{
  OcopProductInfo info = {
    .sku = (const char *) sqlite3_column_text (stmt, first + 0),
    .barcode = (const char *) sqlite3_column_text (stmt, first + 1),
    .barcode_kind = sqlite3_column_int (stmt, first + 2),
    .name = (const char *) sqlite3_column_text (stmt, first + 3),
    .producer = (const char *) sqlite3_column_text (stmt, first + 4),
    .producer_kind = ocop_producer_kind_from_string ((const char *) sqlite3_column_text (stmt, first + 5)),
    .locality = (const char *) sqlite3_column_text (stmt, first + 6),
    .in_province = sqlite3_column_int (stmt, first + 7),
    .unit = (const char *) sqlite3_column_text (stmt, first + 8),
    .price_vnd = sqlite3_column_int64 (stmt, first + 9),
    .stars = sqlite3_column_int (stmt, first + 10),
    .category = (const char *) sqlite3_column_text (stmt, first + 11),
    .trace_url = (const char *) sqlite3_column_text (stmt, first + 12),
  };

  return ocop_product_new (&info);
}

static GPtrArray *
collect_products (OcopStore     *self,
                  sqlite3_stmt  *stmt,
                  GError       **error)
{
  g_autoptr(GPtrArray) products = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (products, product_from_row (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ocop_store_fail (self, error, _("read the catalog"));
      return NULL;
    }
  return g_steal_pointer (&products);
}

static OcopProduct *
find_one_product (OcopStore   *self,
                  const char  *sql,
                  const char  *key,
                  GError     **error)
{
  sqlite3_stmt *stmt = ocop_store_prepare (self, sql, error);
  g_autoptr(GPtrArray) found = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  found = collect_products (self, stmt, error);
  if (found == NULL)
    return NULL;
  if (found->len == 0)
    return NULL;
  return g_object_ref (g_ptr_array_index (found, 0));
}

OcopProduct *
ocop_store_find_barcode (OcopStore   *self,
                         const char  *barcode,
                         GError     **error)
{
  g_autofree char *key = g_ascii_strup (barcode, -1);   /* internal codes are stored upper-case */
  OcopProduct *product;
  GError *local_error = NULL;

  product = find_one_product (self,
                              "SELECT " PRODUCT_COLUMNS " FROM product p"
                              " JOIN producer pr ON pr.id = p.producer_id WHERE p.barcode = ?",
                              key, &local_error);
  if (product == NULL && local_error == NULL)
    g_set_error (&local_error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_UNKNOWN_BARCODE,
                 _("Unknown barcode %s: no product in the catalog has it"), barcode);
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  return product;
}

static gboolean
is_withdrawn (OcopStore  *self,
              const char *sku)
{
  sqlite3_stmt *stmt = ocop_store_prepare (self, "SELECT withdrawn FROM product WHERE sku = ?", NULL);
  gboolean withdrawn;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, sku, -1, SQLITE_STATIC);
  withdrawn = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) == 1;
  sqlite3_reset (stmt);
  return withdrawn;
}

/* @on_sale: only a product the till may sell now (not withdrawn); else
 * also one a past sale names. */
static OcopProduct *
find_sku (OcopStore   *self,
          const char  *sku,
          gboolean     on_sale,
          GError     **error)
{
  OcopProduct *product;
  GError *local_error = NULL;

  product = find_one_product (self,
                              on_sale ? "SELECT " PRODUCT_COLUMNS " FROM product p JOIN producer pr"
                                        " ON pr.id = p.producer_id WHERE p.sku = ? AND NOT p.withdrawn"
                                      : "SELECT " PRODUCT_COLUMNS " FROM product p JOIN producer pr"
                                        " ON pr.id = p.producer_id WHERE p.sku = ?",
                              sku, &local_error);
  if (product == NULL && local_error == NULL && on_sale && is_withdrawn (self, sku))
    g_set_error (&local_error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_NOT_FOUND,
                 _("Product %s was withdrawn from the fair's catalog"), sku);
  else if (product == NULL && local_error == NULL)
    g_set_error (&local_error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_NOT_FOUND,
                 _("Unknown product %s: no product in the catalog has that sku"), sku);
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  return product;
}

OcopProduct *
ocop_store_find_sku (OcopStore   *self,
                     const char  *sku,
                     GError     **error)
{
  return find_sku (self, sku, TRUE, error);
}

OcopProduct *
ocop_store_find_sold_sku (OcopStore   *self,
                          const char  *sku,
                          GError     **error)
{
  return find_sku (self, sku, FALSE, error);
}

GPtrArray *
ocop_store_list_products_limited (OcopStore  *self,
                                  guint       limit,
                                  GError    **error)
{
  sqlite3_stmt *stmt = ocop_store_prepare (self,
                                           "SELECT " PRODUCT_COLUMNS " FROM product p"
                                           " JOIN producer pr ON pr.id = p.producer_id"
                                           " WHERE NOT p.withdrawn"
                                           " ORDER BY p.category, p.name LIMIT ?", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, limit ? (int) limit : -1);
  return collect_products (self, stmt, error);
}

GPtrArray *
ocop_store_list_products (OcopStore  *self,
                          GError    **error)
{
  return ocop_store_list_products_limited (self, 0, error);
}

/* ---- the rounding of weighed lines ---- */

gint64
ocop_store_get_rounding (OcopStore *self)
{
  gint64 rounding = ocop_store_get_meta_int (self, "rounding");

  /* Unset (0), or a value edited by hand into something a booth may not
   * choose: the default, never an amount rounded some other way. */
  return ocop_rounding_is_valid (rounding) ? rounding : OCOP_QUANTITY_DEFAULT_ROUNDING;
}

gboolean
ocop_store_set_rounding (OcopStore  *self,
                         gint64      rounding,
                         GError    **error)
{
  char text[24];

  if (!ocop_rounding_is_valid (rounding))
    {
      g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID,
                   _("A rounding of %" PRId64 " ₫ is not one a booth may choose "
                     "(1, 100, 500 or 1000 ₫)"), rounding);
      return FALSE;
    }
  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, rounding);
  return ocop_store_set_meta (self, "rounding", text, error);
}

gint64
ocop_store_get_catalog_version (OcopStore *self)
{
  return ocop_store_get_meta_int (self, "catalog_version");
}

/* The search rows share the product's rowid, so removing them is an
 * indexed look-up; by sku (an UNINDEXED column) it was a scan per product
 * and a 20,000-product import took most of a minute. */
static gboolean
unindex_product (OcopStore   *self,
                 const char  *sku,
                 const char  *doing,
                 GError     **error)
{
  return ocop_store_exec (self,
                          "DELETE FROM product_search WHERE rowid = (SELECT rowid FROM product WHERE sku = ?)",
                          error, doing, sku) &&
         ocop_store_exec (self,
                          "DELETE FROM product_name_search WHERE rowid = (SELECT rowid FROM product WHERE sku = ?)",
                          error, doing, sku);
}

static gboolean
index_product (OcopStore              *self,
               const OcopProductInfo  *info,
               GError                **error)
{
  g_autofree char *name = ocop_text_fold (info->name);
  g_autofree char *producer = ocop_text_fold (info->producer);
  g_autofree char *place = ocop_text_fold (info->locality);
  g_autofree char *category = ocop_text_fold (info->category);

  return unindex_product (self, info->sku, _("update the search index"), error) &&
         ocop_store_exec (self,
                          "INSERT INTO product_search (rowid, sku, name, producer, place, category)"
                          " VALUES ((SELECT rowid FROM product WHERE sku = ?1), ?1, ?2, ?3, ?4, ?5)",
                          error, _("update the search index"),
                          info->sku, name, producer, place, category) &&
         ocop_store_exec (self,
                          "INSERT INTO product_name_search (rowid, name)"
                          " VALUES ((SELECT rowid FROM product WHERE sku = ?1), ?2)",
                          error, _("update the search index"), info->sku, name);
}

/* The search index holds folded text, which the schema's SQL cannot make,
 * so it is rebuilt here when a migration marked it stale (a store from
 * version 1 had none; version 11 added the names' index). Only the mark
 * is read at each open: counting the three tables took 15 ms with 20,000
 * products, on every start of the till, sync round and command. */
static gboolean
ensure_search_index (OcopStore  *self,
                     GError    **error)
{
  g_autofree char *stale = ocop_store_get_meta (self, OCOP_STORE_SEARCH_INDEX_STALE);
  g_autoptr(GPtrArray) products = NULL;

  if (stale == NULL)
    return TRUE;

  products = ocop_store_list_products (self, error);
  if (products == NULL || !ocop_store_begin (self, error))
    return FALSE;
  if (!ocop_store_exec (self, "DELETE FROM product_search", error, _("rebuild the search index")) ||
      !ocop_store_exec (self, "DELETE FROM product_name_search", error, _("rebuild the search index")))
    goto fail;
  for (guint i = 0; i < products->len; i++)
    if (!index_product (self, ocop_product_get_info (products->pdata[i]), error))
      goto fail;
  if (!ocop_store_exec (self, "DELETE FROM meta WHERE key = ?", error, _("rebuild the search index"),
                        OCOP_STORE_SEARCH_INDEX_STALE))
    goto fail;
  return ocop_store_commit (self, error);

fail:
  ocop_store_rollback (self);
  return FALSE;
}

static gint64
upsert_producer (OcopStore              *self,
                 const OcopProductInfo  *info,
                 GError                **error)
{
  sqlite3_stmt *stmt = ocop_store_prepare (self,
                                           "INSERT INTO producer (name, kind, locality, in_province)"
                                           " VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET"
                                           " kind = excluded.kind, locality = excluded.locality,"
                                           " in_province = excluded.in_province RETURNING id", error);
  gint64 id = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, info->producer, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ocop_producer_kind_to_string (info->producer_kind), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, info->locality, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, info->in_province ? 1 : 0);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  else
    ocop_store_fail (self, error, _("save a producer"));
  sqlite3_reset (stmt);
  return id;
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           index,
                   const char   *text)
{
  if (text == NULL || *text == '\0')
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
}

/* Names the product that already holds a barcode, so the error says which
 * row of the catalog to fix. */
static void
fail_barcode_taken (OcopStore              *self,
                    const OcopProductInfo  *info,
                    GError                **error)
{
  g_autoptr(GError) ignored = NULL;
  g_autoptr(OcopProduct) holder = ocop_store_find_barcode (self, info->barcode, &ignored);

  g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID,
               _("Barcode %s of %s already belongs to product %s, which this file does not change; nothing was imported"),
               info->barcode, info->sku, holder ? ocop_product_get_sku (holder) : "?");
}

static gboolean
upsert_product (OcopStore              *self,
                const OcopProductInfo  *info,
                gint64                  version,
                GError                **error)
{
  gint64 producer_id = upsert_producer (self, info, error);
  sqlite3_stmt *stmt;
  int rc;

  if (producer_id == 0)
    return FALSE;
  stmt = ocop_store_prepare (self,
                             "INSERT INTO product (sku, barcode, barcode_kind, name, producer_id, unit,"
                             " price_vnd, stars, category, trace_url, catalog_version)"
                             " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sku) DO UPDATE SET"
                             " barcode = excluded.barcode, barcode_kind = excluded.barcode_kind,"
                             " name = excluded.name, producer_id = excluded.producer_id, unit = excluded.unit,"
                             " price_vnd = excluded.price_vnd, stars = excluded.stars,"
                             " category = excluded.category, trace_url = excluded.trace_url,"
                             " catalog_version = excluded.catalog_version, withdrawn = 0", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, info->sku, -1, SQLITE_STATIC);
  bind_text_or_null (stmt, 2, info->barcode);
  sqlite3_bind_int (stmt, 3, info->barcode_kind);
  sqlite3_bind_text (stmt, 4, info->name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, producer_id);
  sqlite3_bind_text (stmt, 6, info->unit, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, info->price_vnd);
  if (info->stars != 0)
    sqlite3_bind_int (stmt, 8, info->stars);
  sqlite3_bind_text (stmt, 9, info->category ? info->category : "", -1, SQLITE_STATIC);
  bind_text_or_null (stmt, 10, info->trace_url);
  sqlite3_bind_int64 (stmt, 11, version);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_CONSTRAINT_UNIQUE)
    {
      fail_barcode_taken (self, info, error);
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    return ocop_store_fail (self, error, _("save a product"));
  return index_product (self, info, error);
}

/* Barcodes may move between products in one import (a producer relabels two
 * lines): clear those the file changes before writing, so the unique index
 * only catches a clash with a product the file leaves alone. */
static gboolean
release_barcodes (OcopStore  *self,
                  GPtrArray  *products,
                  GError    **error)
{
  for (guint i = 0; i < products->len; i++)
    if (!ocop_store_exec (self, "UPDATE product SET barcode = NULL WHERE sku = ?",
                          error, _("import the catalog"),
                          ocop_product_get_sku (products->pdata[i])))
      return FALSE;
  return TRUE;
}

/* The row stays for past sales; the search row goes (the index is only of
 * what can be sold) and the barcode is freed for a product that takes it. */
static gboolean
withdraw_product (OcopStore   *self,
                  const char  *sku,
                  GError     **error)
{
  return unindex_product (self, sku, _("withdraw a product"), error) &&
         ocop_store_exec (self, "UPDATE product SET withdrawn = 1, barcode = NULL WHERE sku = ? AND NOT withdrawn",
                          error, _("withdraw a product"), sku);
}

/* Every product still on sale that @products does not name. */
static GPtrArray *
list_products_not_in (OcopStore  *self,
                      GPtrArray  *products,
                      GError    **error)
{
  g_autoptr(GHashTable) kept = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = ocop_store_prepare (self, "SELECT sku FROM product WHERE NOT withdrawn", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  for (guint i = 0; i < products->len; i++)
    g_hash_table_add (kept, (gpointer) ocop_product_get_sku (products->pdata[i]));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (!g_hash_table_contains (kept, sqlite3_column_text (stmt, 0)))
      g_ptr_array_add (gone, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ocop_store_fail (self, error, _("read the catalog"));
      return NULL;
    }
  g_ptr_array_add (gone, NULL);
  return g_steal_pointer (&gone);
}

static gboolean
write_catalog (OcopStore          *self,
               GPtrArray          *products,
               const char * const *withdrawn,
               GError            **error)
{
  gint64 version = ocop_store_get_catalog_version (self) + 1;
  g_autofree char *version_text = g_strdup_printf ("%" G_GINT64_FORMAT, version);

  /* Withdrawals first: a barcode may pass from a withdrawn product to a
   * new one in the same change. */
  for (guint i = 0; withdrawn != NULL && withdrawn[i] != NULL; i++)
    if (!withdraw_product (self, withdrawn[i], error))
      return FALSE;
  if (!release_barcodes (self, products, error))
    return FALSE;
  for (guint i = 0; i < products->len; i++)
    if (!upsert_product (self, ocop_product_get_info (products->pdata[i]), version, error))
      return FALSE;
  return ocop_store_set_meta (self, "catalog_version", version_text, error);
}

gboolean
ocop_store_apply_catalog (OcopStore          *self,
                          GPtrArray          *products,
                          const char * const *withdrawn,
                          gboolean            replace_all,
                          GError            **error)
{
  g_autoptr(GPtrArray) others = NULL;

  if (!ocop_store_begin (self, error))
    return FALSE;
  if (replace_all)
    {
      if (!(others = list_products_not_in (self, products, error)))
        goto fail;
      withdrawn = (const char * const *) others->pdata;
    }
  if (!write_catalog (self, products, withdrawn, error))
    goto fail;
  return ocop_store_commit (self, error);

fail:
  ocop_store_rollback (self);
  return FALSE;
}

gboolean
ocop_store_import_products (OcopStore  *self,
                            GPtrArray  *products,
                            GError    **error)
{
  return ocop_store_apply_catalog (self, products, NULL, FALSE, error);
}

/* Each word of the query, folded, becomes a quoted prefix term: quoting
 * keeps FTS5 syntax (AND, NEAR, '-', '*') typed by a user from being read
 * as operators. */
static char *
build_match_query (const char *text)
{
  g_autofree char *folded = ocop_text_fold (text);
  g_autoptr(GString) query = g_string_new (NULL);
  const char *p = folded;

  while (*p != '\0')
    {
      const char *start;

      while (*p != '\0' && !g_ascii_isalnum (*p))
        p++;
      start = p;
      while (g_ascii_isalnum (*p))
        p++;
      if (p > start)
        g_string_append_printf (query, "%s\"%.*s\"*", query->len ? " " : "", (int) (p - start), start);
    }
  return query->len ? g_string_free (g_steal_pointer (&query), FALSE) : NULL;
}

static int
compare_rowids (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Steps a search query, whose rows are the product's rowid and then
 * PRODUCT_COLUMNS, adding to @found up to @limit (0: all) the products
 * whose rowid is not in @skip (sorted); with @taken, notes theirs there. */
static gboolean
collect_search_rows (OcopStore     *self,
                     sqlite3_stmt  *stmt,
                     GArray        *skip,
                     GArray        *taken,
                     GPtrArray     *found,
                     guint          limit,
                     GError       **error)
{
  int rc = SQLITE_DONE;

  while ((limit == 0 || found->len < limit) && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);

      if (skip != NULL && g_array_binary_search (skip, &rowid, compare_rowids, NULL))
        continue;
      if (taken != NULL)
        g_array_append_val (taken, rowid);
      g_ptr_array_add (found, product_from_row (stmt, 1));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return ocop_store_fail (self, error, _("read the catalog"));
  return TRUE;
}

/* As-you-type ranking that stays cheap for a one-letter prefix matching the
 * whole catalog: products whose name matches come first, then those that
 * match through producer, place or category, each in catalog order. Both
 * queries stop at the limit instead of scoring every match (bm25 over
 * 20,000 rows took 40 ms a keystroke). Names are matched in their own
 * index (see schema version 11), once: the second query skips the name
 * matches the first one listed, all of them as there were fewer than the
 * limit, rather than asking the name index again (half a millisecond for
 * "nuoc khoang quang h"). A name match matches the whole row too, so the
 * second query needs at most @limit rows. */
GPtrArray *
ocop_store_search (OcopStore   *self,
                   const char  *text,
                   guint        limit,
                   GError     **error)
{
  g_autofree char *match = build_match_query (text);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) by_name = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;

  if (match == NULL)
    return g_steal_pointer (&found);

  stmt = ocop_store_prepare (self,
                             "SELECT s.rowid, " PRODUCT_COLUMNS " FROM product_name_search s"
                             " JOIN product p ON p.rowid = s.rowid"
                             " JOIN producer pr ON pr.id = p.producer_id"
                             " WHERE product_name_search MATCH ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
  if (!collect_search_rows (self, stmt, NULL, by_name, found, limit, error))
    return NULL;
  if (limit && found->len >= limit)
    return g_steal_pointer (&found);

  g_array_sort (by_name, compare_rowids);
  stmt = ocop_store_prepare (self,
                             "SELECT s.rowid, " PRODUCT_COLUMNS " FROM product_search s"
                             " JOIN product p ON p.rowid = s.rowid"
                             " JOIN producer pr ON pr.id = p.producer_id"
                             " WHERE product_search MATCH ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
  if (!collect_search_rows (self, stmt, by_name, NULL, found, limit, error))
    return NULL;
  return g_steal_pointer (&found);
}
