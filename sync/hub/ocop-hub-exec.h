/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-hub-exec.h: what the hub's store (ocop-hub-store.c) asks of a
 * database engine — transactions, a statement with typed parameters and a
 * cursor over its rows — so that the hub's logic and SQL are written once
 * for SQLite and PostgreSQL alike. */
#pragma once

#include <glib.h>

#include "ocop-hub-batch.h"

G_BEGIN_DECLS

typedef enum {
  OCOP_HUB_VALUE_NULL,
  OCOP_HUB_VALUE_INT,
  OCOP_HUB_VALUE_TEXT,
  OCOP_HUB_VALUE_BLOB,
  OCOP_HUB_VALUE_LITERAL,
} OcopHubValueType;

/* A statement's parameter. A TEXT whose text is NULL is SQL NULL (of type
 * text, which PostgreSQL needs to plan `$2 IS NULL`). A LITERAL is text
 * whose type the statement gives (a PostgreSQL array literal for
 * `$3::bigint[]`), so that PostgreSQL parses it once, as a constant the
 * planner sees. Text and data are borrowed: they must outlive the cursor
 * of the statement. */
typedef struct {
  OcopHubValueType  type;
  gint64            number;
  const char       *text;
  gconstpointer     data;
  gsize             size;
} OcopHubValue;

#define OCOP_HUB_INT(x)     ((OcopHubValue) { .type = OCOP_HUB_VALUE_INT, .number = (x) })
#define OCOP_HUB_TEXT(x)    ((OcopHubValue) { .type = OCOP_HUB_VALUE_TEXT, .text = (x) })
#define OCOP_HUB_LITERAL(x) ((OcopHubValue) { .type = OCOP_HUB_VALUE_LITERAL, .text = (x) })
#define OCOP_HUB_BLOB(d, n) ((OcopHubValue) { .type = OCOP_HUB_VALUE_BLOB, .data = (d), .size = (n) })

typedef enum {
  OCOP_HUB_TX_READ,   /* every read as of one commit */
  OCOP_HUB_TX_WRITE,  /* holds the write lock from the start */
} OcopHubTx;

typedef struct _OcopHubExec OcopHubExec;
typedef struct _OcopHubRows OcopHubRows;

typedef struct {
  gboolean     (*begin)      (OcopHubExec *self, OcopHubTx tx, GError **error);
  gboolean     (*commit)     (OcopHubExec *self, GError **error);
  void         (*rollback)   (OcopHubExec *self);
  /* Makes other writers of @key wait until this transaction ends; NULL
   * where a write transaction already excludes every other writer. */
  gboolean     (*lock)       (OcopHubExec *self, const char *key, GError **error);
  /* Runs @sql ($1, $2… for @params) up to its first row; NULL with
   * @error set when it fails. */
  OcopHubRows *(*query)      (OcopHubExec *self, const char *sql, const OcopHubValue *params, guint n_params,
                              GError **error);
  gboolean     (*next)       (OcopHubRows *rows);
  OcopHubValueType (*type)   (OcopHubRows *rows, int column);
  gint64       (*integer)    (OcopHubRows *rows, int column);
  const char  *(*text)       (OcopHubRows *rows, int column);
  GBytes      *(*blob)       (OcopHubRows *rows, int column);
  /* How many rows the statement wrote. */
  gint64       (*changes)    (OcopHubRows *rows);
  /* FALSE with @error set when reading the rows failed on the way. */
  gboolean     (*finish)     (OcopHubRows *rows, GError **error);
  void         (*free_rows)  (OcopHubRows *rows);
  void         (*free)       (OcopHubExec *self);

  /* Where the engines truly differ. */
  /* The column of table catalog holding the published file. */
  const char   *catalog_file_column;
  /* Optional, set-based: stores the events of @batch whose key is not
   * held yet, claiming their record UUIDs, and marks in @is_new and
   * @counts (one gboolean per event) the events inserted and those the
   * tallies take; a held key with another hash is HASH_CONFLICT. NULL:
   * the store inserts them one by one. */
  gboolean     (*insert_events)      (OcopHubExec *self, const OcopHubBatch *batch, gint64 now_us,
                                      GArray *is_new, GArray *counts, GError **error);
  /* Optional, set-based: upserts @writes (OcopHubCatalogRow) at @version.
   * NULL: the store writes them one by one. */
  gboolean     (*write_catalog_rows) (OcopHubExec *self, const char *fair, GPtrArray *writes, gint64 version,
                                      GError **error);
} OcopHubExecClass;

struct _OcopHubExec {
  const OcopHubExecClass *klass;
};

struct _OcopHubRows {
  OcopHubExec *exec;
};

OcopHubExec      *ocop_hub_exec_sqlite_open   (const char          *path,
                                               GError             **error);
OcopHubExec      *ocop_hub_exec_postgres_open (const char          *uri,
                                               GError             **error);
void              ocop_hub_exec_free          (OcopHubExec         *self);

/* A step of the schema that came after hubs were running: @sql runs, in a
 * transaction of its own, when the database lacks @table (@column NULL)
 * or @table's @column. Each engine checks in its own catalog. */
typedef struct {
  const char *table;
  const char *column;
  const char *sql;
} OcopHubSchemaStep;

typedef gboolean (*OcopHubSchemaStepFunc) (OcopHubExec              *self,
                                           const OcopHubSchemaStep  *step,
                                           GError                  **error);

/* Runs @ensure on each of the engine's @steps (the tables that came
 * later), then on the columns that came later, the same SQL on either
 * engine; in order, stopping at the first error. */
gboolean          ocop_hub_exec_schema_steps  (OcopHubExec              *self,
                                               const OcopHubSchemaStep  *steps,
                                               guint                     n_steps,
                                               OcopHubSchemaStepFunc     ensure,
                                               GError                  **error);

OcopHubRows      *ocop_hub_exec_query         (OcopHubExec         *self,
                                               const char          *sql,
                                               const OcopHubValue  *params,
                                               guint                n_params,
                                               GError             **error);
/* Runs a statement whose rows are not wanted; sets *@changes (when not
 * NULL) to how many rows it wrote. */
gboolean          ocop_hub_exec_run           (OcopHubExec         *self,
                                               const char          *sql,
                                               const OcopHubValue  *params,
                                               guint                n_params,
                                               gint64              *changes,
                                               GError             **error);

gboolean          ocop_hub_rows_next          (OcopHubRows         *rows);
OcopHubValueType  ocop_hub_rows_type          (OcopHubRows         *rows,
                                               int                  column);
gint64            ocop_hub_rows_int           (OcopHubRows         *rows,
                                               int                  column);
/* NULL for SQL NULL; valid until the next row. */
const char       *ocop_hub_rows_text          (OcopHubRows         *rows,
                                               int                  column);
GBytes           *ocop_hub_rows_blob          (OcopHubRows         *rows,
                                               int                  column);
gboolean          ocop_hub_rows_finish        (OcopHubRows         *rows,
                                               GError             **error);
void              ocop_hub_rows_free          (OcopHubRows         *rows);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OcopHubRows, ocop_hub_rows_free)

/* The failure of an engine's statement, in the hub's error domain. */
void              ocop_hub_exec_set_error     (GError             **error,
                                               const char          *doing,
                                               const char          *message);
/* Refuses @batch because @event's key is held with another hash: this
 * store looks restored from a copy, or the device cloned. FALSE. */
gboolean          ocop_hub_exec_hash_conflict (const OcopHubBatch  *batch,
                                               const OcopHubEvent  *event,
                                               GError             **error);

G_END_DECLS
