/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-hub-store.c: the hub's storage logic and its SQL, written once over
 * the executor of either engine (ocop-hub-exec.h): opening, enrollment and
 * devices, the organizers' totals, catalog publication and accounts (a
 * batch's ingest is in ocop-hub-store-ingest.c). */

#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ocop-hub-store-private.h"
#include "ocop-sync-protocol.h"

static OcopHubBackend *
store_new (OcopHubExec *exec)
{
  OcopHubBackend *self = g_new0 (OcopHubBackend, 1);
  const char *file = exec->klass->catalog_file_column;

  self->exec = exec;
  g_mutex_init (&self->lock);
  self->put_catalog_sql = g_strdup_printf ("INSERT INTO catalog AS c (fair, version, %s, updated_us)"
                                           " VALUES ($1, 1, $2, $3) ON CONFLICT (fair) DO UPDATE SET"
                                           " version = c.version + 1, %s = EXCLUDED.%s,"
                                           " updated_us = EXCLUDED.updated_us RETURNING version", file, file, file);
  self->get_catalog_sql = g_strdup_printf ("SELECT version, %s FROM catalog WHERE fair = $1", file);
  return self;
}

OcopHubBackend *
ocop_hub_backend_open (const char  *db,
                       GError     **error)
{
  OcopHubExec *exec;

  if (g_str_has_prefix (db, "postgresql://") || g_str_has_prefix (db, "postgres://"))
    exec = ocop_hub_exec_postgres_open (db, error);
  else
    exec = ocop_hub_exec_sqlite_open (db, error);
  return exec != NULL ? store_new (exec) : NULL;
}

void
ocop_hub_backend_free (OcopHubBackend *self)
{
  if (self == NULL)
    return;
  ocop_hub_exec_free (self->exec);
  g_free (self->put_catalog_sql);
  g_free (self->get_catalog_sql);
  g_mutex_clear (&self->lock);
  g_free (self);
}

/* A statement that always yields a row (an upsert's RETURNING, an
 * aggregate) yielded none. */
gboolean
ocop_hub_store_missing_row (OcopHubRows  *rows,
                            const char   *table,
                            GError      **error)
{
  if (ocop_hub_rows_finish (rows, error))
    ocop_hub_exec_set_error (error, _("write"), table);
  return FALSE;
}

/* ---- enrollment and devices ---- */

gboolean
ocop_hub_backend_add_enrollment (OcopHubBackend  *self,
                                 const char      *code_hash,
                                 const char      *fair,
                                 const char      *booth,
                                 gint64           now_us,
                                 gint64           expires_us,
                                 GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  OcopHubValue params[] = { OCOP_HUB_TEXT (code_hash), OCOP_HUB_TEXT (fair), OCOP_HUB_TEXT (booth),
                            OCOP_HUB_INT (now_us), OCOP_HUB_INT (expires_us) };

  return run (self, "INSERT INTO enrollment (code_hash, fair, booth, created_us, expires_us)"
                    " VALUES ($1, $2, $3, $4, $5)", params, N (params), error);
}

static gboolean
no_device (const char  *device_id,
           GError     **error)
{
  g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_NOT_FOUND, _("No device '%s' is enrolled at this hub"),
               device_id);
  return FALSE;
}

static OcopHubDevice *
find_device_locked (OcopHubBackend  *self,
                    const char      *device_id,
                    GError         **error)
{
  OcopHubValue params[] = { OCOP_HUB_TEXT (device_id) };
  g_autoptr(OcopHubRows) rows = query (self, "SELECT id, token_hash, fair, booth, revoked_us FROM device"
                                             " WHERE id = $1", params, N (params), error);
  OcopHubDevice *device;

  if (rows == NULL)
    return NULL;
  if (!ocop_hub_rows_next (rows))
    {
      if (ocop_hub_rows_finish (rows, error))
        no_device (device_id, error);
      return NULL;
    }
  device = g_new0 (OcopHubDevice, 1);
  device->id = g_strdup (ocop_hub_rows_text (rows, 0));
  device->token_hash = g_strdup (ocop_hub_rows_text (rows, 1));
  device->fair = g_strdup (ocop_hub_rows_text (rows, 2));
  device->booth = g_strdup (ocop_hub_rows_text (rows, 3));
  device->revoked = ocop_hub_rows_type (rows, 4) != OCOP_HUB_VALUE_NULL;
  return device;
}

OcopHubDevice *
ocop_hub_backend_find_device (OcopHubBackend  *self,
                              const char      *device_id,
                              GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  return find_device_locked (self, device_id, error);
}

/* The code's fair and booth, once marked used by @device_id. */
static gboolean
claim_enrollment (OcopHubBackend  *self,
                  const char      *code_hash,
                  const char      *device_id,
                  gint64           now_us,
                  char           **fair,
                  char           **booth,
                  GError         **error)
{
  OcopHubValue params[] = { OCOP_HUB_TEXT (device_id), OCOP_HUB_TEXT (code_hash), OCOP_HUB_INT (now_us) };
  g_autoptr(OcopHubRows) rows = query (self, "UPDATE enrollment SET used_by = $1 WHERE code_hash = $2"
                                             " AND used_by IS NULL AND expires_us > $3 RETURNING fair, booth",
                                       params, N (params), error);

  if (rows == NULL)
    return FALSE;
  if (!ocop_hub_rows_next (rows))
    {
      g_set_error_literal (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_FORBIDDEN,
                           _("This enrollment code is unknown, already used or expired: ask the organizer for a new one"));
      return FALSE;
    }
  *fair = g_strdup (ocop_hub_rows_text (rows, 0));
  *booth = g_strdup (ocop_hub_rows_text (rows, 1));
  return TRUE;
}

/* Marks the code used and adds the device, in one transaction, so that two
 * devices racing with one code cannot both get in. */
OcopHubDevice *
ocop_hub_backend_redeem_enrollment (OcopHubBackend  *self,
                                    const char      *code_hash,
                                    const char      *device_id,
                                    const char      *token_hash,
                                    const char      *device_uuid,
                                    gint64           now_us,
                                    GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autofree char *fair = NULL;
  g_autofree char *booth = NULL;

  /* The one text of the request the hub keeps. */
  if (device_uuid != NULL && strlen (device_uuid) > OCOP_SYNC_MAX_CODE_BYTES)
    {
      g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_TOO_LARGE, _("%s%s is longer than %u bytes"), "",
                   "device_uuid", (guint) OCOP_SYNC_MAX_CODE_BYTES);
      return NULL;
    }
  if (!begin (self, OCOP_HUB_TX_WRITE, error))
    return NULL;
  if (claim_enrollment (self, code_hash, device_id, now_us, &fair, &booth, error))
    {
      OcopHubValue params[] = { OCOP_HUB_TEXT (device_id), OCOP_HUB_TEXT (token_hash), OCOP_HUB_TEXT (device_uuid),
                                OCOP_HUB_TEXT (fair), OCOP_HUB_TEXT (booth), OCOP_HUB_INT (now_us) };

      if (run (self, "INSERT INTO device (id, token_hash, device_uuid, fair, booth, enrolled_us)"
                     " VALUES ($1, $2, $3, $4, $5, $6)", params, N (params), error) &&
          commit (self, error))
        return find_device_locked (self, device_id, error);
    }
  rollback (self);
  return NULL;
}

gboolean
ocop_hub_backend_revoke_device (OcopHubBackend  *self,
                                const char      *device_id,
                                gint64           now_us,
                                GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  OcopHubValue params[] = { OCOP_HUB_INT (now_us), OCOP_HUB_TEXT (device_id) };
  gint64 revoked = changes (self, "UPDATE device SET revoked_us = coalesce (revoked_us, $1) WHERE id = $2",
                            params, N (params), error);

  if (revoked < 0)
    return FALSE;
  return revoked == 1 || no_device (device_id, error);
}

/* ---- the read side ---- */

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_plain_value (JsonBuilder *builder,
                 const char  *name,
                 OcopHubRows *rows,
                 int          column)
{
  OcopHubValueType type = ocop_hub_rows_type (rows, column);

  if (type == OCOP_HUB_VALUE_NULL)
    json_builder_add_null_value (builder);
  else if (g_str_equal (name, "in_province"))
    json_builder_add_boolean_value (builder, ocop_hub_rows_int (rows, column) != 0);
  else if (type == OCOP_HUB_VALUE_INT)
    json_builder_add_int_value (builder, ocop_hub_rows_int (rows, column));
  else
    json_builder_add_string_value (builder, ocop_hub_rows_text (rows, column));
}

/* A figure the organizers read (sales, revenue, an amount, a quantity) is
 * a sum over tally rows, each within OCOP_HUB_MAX_TALLY. SQLite's sum()
 * fails with "integer overflow" past 2^63 and PostgreSQL's sum(bigint)
 * turns numeric, so both engines read it as two exact sums, of the
 * billions and of the rest, and they are joined here with checked
 * arithmetic: the same figure on either engine, and an error rather than a
 * wrong figure past 2^63 (over 9,000 rows each at the limit). FIGURE sums
 * a column over rows, FIGURE_ROW reads one row's. */
#define FIGURE_SCALE G_GINT64_CONSTANT (1000000000)
#define FIGURE(x) "CAST (coalesce (sum ((" x ") / 1000000000), 0) AS BIGINT)," \
                  " CAST (coalesce (sum ((" x ") % 1000000000), 0) AS BIGINT)"
#define FIGURE_ROW(x) "(" x ") / 1000000000, (" x ") % 1000000000"
/* Largest sum of @x first, without summing @x itself: the billions
 * carried out of the rest, then the rest, floored so that a negative rest
 * orders right. */
#define FIGURE_REST(x) "sum ((" x ") % 1000000000)"
#define FIGURE_ORDER(x) "sum ((" x ") / 1000000000) + (" FIGURE_REST (x) " - (" FIGURE_REST (x) " % 1000000000" \
                        " + 1000000000) % 1000000000) / 1000000000 DESC, (" FIGURE_REST (x) " % 1000000000" \
                        " + 1000000000) % 1000000000 DESC"

static gboolean
is_figure (const char *name)
{
  static const char * const figures[] = {
    "sales", "voids", "refunds", "revenue", "visitors", "amount", "quantity", "measure", NULL
  };

  return g_strv_contains (figures, name);
}

/* The figure in @column and the next one (see FIGURE). */
static gboolean
read_figure (OcopHubRows  *rows,
             int           column,
             const char   *name,
             gint64       *value,
             GError      **error)
{
  gint64 high = ocop_hub_rows_int (rows, column);
  gint64 low = ocop_hub_rows_int (rows, column + 1);

  if (!__builtin_mul_overflow (high, FIGURE_SCALE, value) && !__builtin_add_overflow (*value, low, value))
    return TRUE;
  g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_FAILED,
               _("The fair's %s add up to more than the hub can count (2^63)"), name);
  return FALSE;
}

/* Adds member @name from the row's column *@column on, moving *@column
 * past what it read: two columns for a figure, one otherwise. */
static gboolean
add_value (JsonBuilder  *builder,
           const char   *name,
           OcopHubRows  *rows,
           int          *column,
           GError      **error)
{
  gint64 figure;

  json_builder_set_member_name (builder, name);
  if (is_figure (name))
    {
      if (!read_figure (rows, *column, name, &figure, error))
        return FALSE;
      json_builder_add_int_value (builder, figure);
      *column += 2;
      return TRUE;
    }
  add_plain_value (builder, name, rows, *column);
  (*column)++;
  return TRUE;
}

/* Runs @sql and adds its rows as an array of objects whose members are
 * @names, in column order. */
static gboolean
add_rows (OcopHubBackend      *self,
          JsonBuilder         *builder,
          const char          *array_name,
          const char          *sql,
          const OcopHubValue  *params,
          guint                n_params,
          const char * const  *names,
          GError             **error)
{
  g_autoptr(OcopHubRows) rows = query (self, sql, params, n_params, error);

  if (rows == NULL)
    return FALSE;
  json_builder_set_member_name (builder, array_name);
  json_builder_begin_array (builder);
  while (ocop_hub_rows_next (rows))
    {
      int column = 0;

      json_builder_begin_object (builder);
      for (int i = 0; names[i] != NULL; i++)
        if (!add_value (builder, names[i], rows, &column, error))
          return FALSE;
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  return ocop_hub_rows_finish (rows, error);
}

/* The money totals the organizers read: one row over the fair's (or the
 * day's) booth tallies. */
static gboolean
add_overall (OcopHubBackend      *self,
             JsonBuilder         *builder,
             const OcopHubValue   fair_day[2],
             GError             **error)
{
  g_autoptr(OcopHubRows) rows = query (self,
    "SELECT " FIGURE ("sales") ", " FIGURE ("voids") ", " FIGURE ("refunds") ", " FIGURE ("revenue") ","
    " " FIGURE ("visitors") " FROM tally_booth_day WHERE fair = $1 AND ($2 IS NULL OR day = $2)", fair_day, 2, error);
  int column = 0;

  if (rows == NULL)
    return FALSE;
  if (!ocop_hub_rows_next (rows))
    return ocop_hub_store_missing_row (rows, "tally_booth_day", error);
  for (int i = 0; ocop_hub_overall_columns[i] != NULL; i++)
    if (!add_value (builder, ocop_hub_overall_columns[i], rows, &column, error))
      return FALSE;
  return TRUE;
}

static gboolean
add_breakdowns (OcopHubBackend      *self,
                JsonBuilder         *builder,
                const OcopHubValue   fair_day[2],
                GError             **error)
{
  return add_rows (self, builder, "by_locality",
                   "SELECT in_province, " FIGURE ("sales") ", " FIGURE ("revenue") ", " FIGURE ("visitors")
                   " FROM tally_booth_day WHERE fair = $1 AND ($2 IS NULL OR day = $2)"
                   " GROUP BY in_province ORDER BY in_province DESC", fair_day, 2, ocop_hub_locality_columns, error) &&
         /* Each booth counts under the locality its devices last sent (a
          * booth's devices agree unless it was re-registered). */
         add_rows (self, builder, "by_locality_name",
                   "SELECT coalesce (p.locality, ''), max (t.in_province), " FIGURE ("t.sales") ","
                   " " FIGURE ("t.revenue") ", " FIGURE ("t.visitors") " FROM tally_booth_day t"
                   " LEFT JOIN (SELECT fair, booth, max (locality) AS locality FROM device GROUP BY fair, booth) p"
                   " ON p.fair = t.fair AND p.booth = t.booth WHERE t.fair = $1 AND ($2 IS NULL OR t.day = $2)"
                   " GROUP BY 1 ORDER BY " FIGURE_ORDER ("t.revenue") ", 1", fair_day, 2, ocop_hub_place_columns,
                   error) &&
         add_rows (self, builder, "by_method",
                   "SELECT method, " FIGURE ("amount") " FROM tally_method"
                   " WHERE fair = $1 AND ($2 IS NULL OR day = $2) GROUP BY method ORDER BY method",
                   fair_day, 2, ocop_hub_method_columns, error) &&
         add_rows (self, builder, "by_producer_kind",
                   "SELECT producer_kind, " FIGURE ("quantity") ", " FIGURE ("revenue") ", " FIGURE ("measure")
                   " FROM tally_kind WHERE fair = $1 AND ($2 IS NULL OR day = $2) GROUP BY producer_kind"
                   " ORDER BY CASE producer_kind WHEN 'enterprise' THEN 1 WHEN 'cooperative' THEN 2"
                   " WHEN 'household' THEN 3 ELSE 4 END", fair_day, 2, ocop_hub_kind_columns, error) &&
         add_rows (self, builder, "by_booth",
                   "SELECT t.booth, max (t.in_province), " FIGURE ("t.sales") ", " FIGURE ("t.voids") ","
                   " " FIGURE ("t.refunds") ", " FIGURE ("t.revenue") ", " FIGURE ("t.visitors") ","
                   " (SELECT max (last_sync_us) FROM device d WHERE d.fair = t.fair AND d.booth = t.booth)"
                   " FROM tally_booth_day t WHERE t.fair = $1 AND ($2 IS NULL OR t.day = $2)"
                   " GROUP BY t.fair, t.booth ORDER BY t.booth", fair_day, 2, ocop_hub_booth_totals_columns, error);
}

/* Devices and flags are of the fair, whatever the day. */
static gboolean
add_watch_lists (OcopHubBackend  *self,
                 JsonBuilder     *builder,
                 const char      *fair,
                 gint64           now_us,
                 GError         **error)
{
  OcopHubValue stale[] = { OCOP_HUB_TEXT (fair), OCOP_HUB_INT (now_us - OCOP_HUB_STALE_AFTER_US) };

  return add_rows (self, builder, "stale_booths",
                   "SELECT booth, id, last_sync_us FROM device WHERE fair = $1 AND revoked_us IS NULL"
                   " AND (last_sync_us IS NULL OR last_sync_us < $2) ORDER BY booth",
                   stale, N (stale), ocop_hub_stale_columns, error) &&
         add_rows (self, builder, "flags",
                   "SELECT f.device, f.at_us, f.kind, f.detail FROM flag f JOIN device d ON d.id = f.device"
                   " WHERE d.fair = $1 ORDER BY f.id DESC LIMIT 50", stale, 1, ocop_hub_flag_columns, error);
}

JsonNode *
ocop_hub_backend_totals (OcopHubBackend  *self,
                         const char      *fair,
                         const char      *day,
                         gint64           now_us,
                         GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  OcopHubValue fair_day[] = { OCOP_HUB_TEXT (fair), OCOP_HUB_TEXT (day) };
  gboolean ok;

  /* One read transaction: every figure is as of the same commit. */
  if (!begin (self, OCOP_HUB_TX_READ, error))
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
  ok = add_overall (self, builder, fair_day, error) && add_breakdowns (self, builder, fair_day, error) &&
       add_watch_lists (self, builder, fair, now_us, error);
  json_builder_end_object (builder);
  rollback (self);
  return ok ? json_builder_get_root (builder) : NULL;
}

JsonNode *
ocop_hub_backend_dashboard_extras (OcopHubBackend  *self,
                                   const char      *fair,
                                   GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  OcopHubValue params[] = { OCOP_HUB_TEXT (fair) };
  gboolean ok;

  if (!begin (self, OCOP_HUB_TX_READ, error))
    return NULL;
  json_builder_begin_object (builder);
  /* Days come from tally_booth_day: a few rows per booth and day, never
   * the events. */
  ok = add_rows (self, builder, "fairs", "SELECT DISTINCT fair FROM device ORDER BY fair",
                 NULL, 0, ocop_hub_fair_columns, error) &&
       add_rows (self, builder, "days",
                 "SELECT day, " FIGURE ("sales") ", " FIGURE ("revenue") ", " FIGURE ("visitors")
                 " FROM tally_booth_day WHERE fair = $1 GROUP BY day ORDER BY day",
                 params, N (params), ocop_hub_day_columns, error) &&
       add_rows (self, builder, "booths",
                 "SELECT booth, max (booth_name), max (locality) FROM device WHERE fair = $1"
                 " GROUP BY booth ORDER BY booth", params, N (params), ocop_hub_booth_info_columns, error) &&
       add_rows (self, builder, "hours",
                 "SELECT day, hour, " FIGURE_ROW ("sales") ", " FIGURE_ROW ("revenue")
                 " FROM tally_hour WHERE fair = $1 ORDER BY day, hour",
                 params, N (params), ocop_hub_hour_columns, error) &&
       add_rows (self, builder, "products",
                 "SELECT booth, sku, name, " FIGURE_ROW ("quantity") ", " FIGURE_ROW ("revenue") ","
                 " " FIGURE_ROW ("measure") ", unit FROM tally_booth_product WHERE fair = $1 ORDER BY revenue DESC, booth, sku LIMIT 10",
                 params, N (params), ocop_hub_product_columns, error);
  json_builder_end_object (builder);
  rollback (self);
  return ok ? json_builder_get_root (builder) : NULL;
}

gint64
ocop_hub_backend_count (OcopHubBackend *self,
                        const char     *what)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  const char *sql = g_str_equal (what, "events") ? "SELECT count (*) FROM event"
                  : g_str_equal (what, "revenue") ? "SELECT " FIGURE ("revenue") " FROM tally_booth_day"
                  : g_str_equal (what, "organizers") ? "SELECT count (*) FROM organizer"
                  : "SELECT count (*) FROM flag";
  g_autoptr(OcopHubRows) rows = query (self, sql, NULL, 0, NULL);
  gint64 figure;

  if (rows == NULL || !ocop_hub_rows_next (rows))
    return -1;
  if (!g_str_equal (what, "revenue"))
    return ocop_hub_rows_int (rows, 0);
  return read_figure (rows, 0, what, &figure, NULL) ? figure : -1;
}

/* ---- the catalog ---- */

static gboolean
no_catalog (const char  *fair,
            GError     **error)
{
  g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_NOT_FOUND, _("The fair '%s' has no catalog at this hub yet"),
               fair);
  return FALSE;
}

/* The rows of the fair whose version is above @since (all: -1), by sku. */
static GPtrArray *
read_catalog_rows (OcopHubBackend  *self,
                   const char      *fair,
                   gint64           since,
                   GError         **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) ocop_hub_catalog_row_free);
  OcopHubValue params[] = { OCOP_HUB_TEXT (fair), OCOP_HUB_INT (since) };
  g_autoptr(OcopHubRows) found = query (self, "SELECT sku, row, version FROM catalog_product WHERE fair = $1"
                                              " AND version > $2 ORDER BY sku", params, N (params), error);

  if (found == NULL)
    return NULL;
  while (ocop_hub_rows_next (found))
    g_ptr_array_add (rows, ocop_hub_catalog_row_new (ocop_hub_rows_text (found, 0), ocop_hub_rows_text (found, 1),
                                                     ocop_hub_rows_int (found, 2)));
  if (!ocop_hub_rows_finish (found, error))
    return NULL;
  return g_steal_pointer (&rows);
}

/* sku → OcopHubCatalogRow of the rows a fair holds. */
static GHashTable *
read_held_rows (OcopHubBackend  *self,
                const char      *fair,
                GError         **error)
{
  g_autoptr(GPtrArray) rows = read_catalog_rows (self, fair, -1, error);
  GHashTable *held;

  if (rows == NULL)
    return NULL;
  held = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) ocop_hub_catalog_row_free);
  for (guint i = 0; i < rows->len; i++)
    {
      OcopHubCatalogRow *row = rows->pdata[i];

      g_hash_table_insert (held, row->sku, row);
    }
  g_ptr_array_set_free_func (rows, NULL);
  return held;
}

static gint64
next_catalog_version (OcopHubBackend  *self,
                      const char      *fair,
                      GBytes          *csv,
                      gint64           now_us,
                      GError         **error)
{
  gsize size = 0;
  gconstpointer data = g_bytes_get_data (csv, &size);
  OcopHubValue params[] = { OCOP_HUB_TEXT (fair), OCOP_HUB_BLOB (data, size), OCOP_HUB_INT (now_us) };
  g_autoptr(OcopHubRows) rows = query (self, self->put_catalog_sql, params, N (params), error);

  if (rows == NULL)
    return 0;
  if (!ocop_hub_rows_next (rows))
    {
      ocop_hub_exec_set_error (error, _("save the catalog"), fair);
      return 0;
    }
  return ocop_hub_rows_int (rows, 0);
}

static gboolean
write_catalog_rows (OcopHubBackend  *self,
                    const char      *fair,
                    GPtrArray       *writes,
                    gint64           version,
                    GError         **error)
{
  if (self->exec->klass->write_catalog_rows != NULL)
    return self->exec->klass->write_catalog_rows (self->exec, fair, writes, version, error);
  for (guint i = 0; i < writes->len; i++)
    {
      OcopHubCatalogRow *row = writes->pdata[i];
      OcopHubValue params[] = { OCOP_HUB_TEXT (fair), OCOP_HUB_TEXT (row->sku), OCOP_HUB_TEXT (row->row),
                                OCOP_HUB_INT (version) };

      if (!run (self, "INSERT INTO catalog_product AS p (fair, sku, row, version) VALUES ($1, $2, $3, $4)"
                      " ON CONFLICT (fair, sku) DO UPDATE SET row = EXCLUDED.row, version = EXCLUDED.version",
                params, N (params), error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
current_catalog_version (OcopHubBackend  *self,
                         const char      *fair,
                         gint64          *version,
                         GError         **error)
{
  OcopHubValue params[] = { OCOP_HUB_TEXT (fair) };
  g_autoptr(OcopHubRows) rows = query (self, "SELECT version FROM catalog WHERE fair = $1", params, N (params),
                                       error);

  if (rows == NULL)
    return FALSE;
  *version = ocop_hub_rows_next (rows) ? ocop_hub_rows_int (rows, 0) : 0;
  return TRUE;
}

static gboolean
put_catalog_locked (OcopHubBackend     *self,
                    const char         *fair,
                    GBytes             *csv,
                    GPtrArray          *rows,
                    gint64              now_us,
                    OcopHubPublication *publication,
                    GError            **error)
{
  g_autofree char *key = g_strconcat ("ocop-catalog:", fair, NULL);
  g_autoptr(GHashTable) held = NULL;
  g_autoptr(GPtrArray) writes = NULL;

  /* Two publications of one fair at once would each compare with rows
   * the other is replacing: the second waits for the first. */
  if ((self->exec->klass->lock != NULL && !self->exec->klass->lock (self->exec, key, error)) ||
      !(held = read_held_rows (self, fair, error)))
    return FALSE;
  writes = ocop_hub_catalog_diff (held, rows, publication);
  if (writes->len == 0)
    return current_catalog_version (self, fair, &publication->version, error);
  return (publication->version = next_catalog_version (self, fair, csv, now_us, error)) != 0 &&
         write_catalog_rows (self, fair, writes, publication->version, error);
}

gboolean
ocop_hub_backend_put_catalog (OcopHubBackend      *self,
                              const char          *fair,
                              GBytes              *csv,
                              GPtrArray           *rows,
                              gint64               now_us,
                              OcopHubPublication  *publication,
                              GError             **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  GError *local_error = NULL;

  memset (publication, 0, sizeof *publication);
  if (!begin (self, OCOP_HUB_TX_WRITE, error))
    return FALSE;
  if (put_catalog_locked (self, fair, csv, rows, now_us, publication, &local_error) && commit (self, &local_error))
    return TRUE;
  rollback (self);
  g_propagate_error (error, local_error);
  return FALSE;
}

GBytes *
ocop_hub_backend_get_catalog (OcopHubBackend  *self,
                              const char      *fair,
                              gint64          *version,
                              GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  OcopHubValue params[] = { OCOP_HUB_TEXT (fair) };
  g_autoptr(OcopHubRows) rows = query (self, self->get_catalog_sql, params, N (params), error);

  if (rows == NULL)
    return NULL;
  if (!ocop_hub_rows_next (rows))
    {
      if (ocop_hub_rows_finish (rows, error))
        no_catalog (fair, error);
      return NULL;
    }
  *version = ocop_hub_rows_int (rows, 0);
  return ocop_hub_rows_blob (rows, 1);
}

static GPtrArray *
catalog_changes_locked (OcopHubBackend  *self,
                        const char      *fair,
                        gint64           since,
                        gint64          *version,
                        gint64          *oldest,
                        GError         **error)
{
  OcopHubValue params[] = { OCOP_HUB_TEXT (fair) };
  g_autoptr(OcopHubRows) head = query (self, "SELECT version, (SELECT coalesce (min (version), 0)"
                                             " FROM catalog_product p WHERE p.fair = c.fair)"
                                             " FROM catalog c WHERE fair = $1", params, N (params), error);

  if (head == NULL)
    return NULL;
  if (!ocop_hub_rows_next (head))
    {
      if (ocop_hub_rows_finish (head, error))
        no_catalog (fair, error);
      return NULL;
    }
  *version = ocop_hub_rows_int (head, 0);
  *oldest = ocop_hub_rows_int (head, 1);
  g_clear_pointer (&head, ocop_hub_rows_free);
  return read_catalog_rows (self, fair, since, error);
}

GPtrArray *
ocop_hub_backend_catalog_changes (OcopHubBackend  *self,
                                  const char      *fair,
                                  gint64           since,
                                  gint64          *version,
                                  gint64          *oldest,
                                  GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  GPtrArray *rows;

  /* One read transaction: the version and the rows of one publication. */
  if (!begin (self, OCOP_HUB_TX_READ, error))
    return NULL;
  rows = catalog_changes_locked (self, fair, since, version, oldest, error);
  rollback (self);
  return rows;
}

/* ---- organizer accounts and sessions ---- */

static gboolean
remove_sessions_of (OcopHubBackend  *self,
                    const char      *name,
                    GError         **error)
{
  OcopHubValue params[] = { OCOP_HUB_TEXT (name) };

  return run (self, "DELETE FROM organizer_session WHERE organizer = $1", params, N (params), error);
}

static gboolean
no_organizer (const char  *name,
              GError     **error)
{
  g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_NOT_FOUND, _("There is no organizer '%s' at this hub"), name);
  return FALSE;
}

gboolean
ocop_hub_backend_put_organizer (OcopHubBackend  *self,
                                const char      *name,
                                const char      *password_hash,
                                gint64           now_us,
                                GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  OcopHubValue params[] = { OCOP_HUB_TEXT (name), OCOP_HUB_TEXT (password_hash), OCOP_HUB_INT (now_us) };

  /* A new password ends the sessions opened with the old one. */
  return run (self, "INSERT INTO organizer (name, password_hash, created_us) VALUES ($1, $2, $3)"
                    " ON CONFLICT (name) DO UPDATE SET password_hash = EXCLUDED.password_hash",
              params, N (params), error) &&
         remove_sessions_of (self, name, error);
}

gboolean
ocop_hub_backend_remove_organizer (OcopHubBackend  *self,
                                   const char      *name,
                                   GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  OcopHubValue params[] = { OCOP_HUB_TEXT (name) };
  gint64 removed = changes (self, "DELETE FROM organizer WHERE name = $1", params, N (params), error);

  if (removed < 0)
    return FALSE;
  if (removed == 0)
    return no_organizer (name, error);
  return remove_sessions_of (self, name, error);
}

/* The first column of the first row of @sql as a new string; NULL (and
 * no error) when there is no row. */
static char *
first_text (OcopHubBackend      *self,
            const char          *sql,
            const OcopHubValue  *params,
            guint                n_params,
            GError             **error)
{
  g_autoptr(OcopHubRows) rows = query (self, sql, params, n_params, error);

  if (rows == NULL)
    return NULL;
  if (!ocop_hub_rows_next (rows))
    {
      ocop_hub_rows_finish (rows, error);
      return NULL;
    }
  return g_strdup (ocop_hub_rows_text (rows, 0));
}

char *
ocop_hub_backend_organizer_password (OcopHubBackend  *self,
                                     const char      *name,
                                     GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  OcopHubValue params[] = { OCOP_HUB_TEXT (name) };
  GError *local_error = NULL;
  char *hash = first_text (self, "SELECT password_hash FROM organizer WHERE name = $1", params, N (params),
                           &local_error);

  if (local_error != NULL)
    g_propagate_error (error, local_error);
  else if (hash == NULL)
    no_organizer (name, error);
  return hash;
}

gboolean
ocop_hub_backend_add_session (OcopHubBackend  *self,
                              const char      *session_hash,
                              const char      *name,
                              gint64           expires_us,
                              GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  OcopHubValue params[] = { OCOP_HUB_TEXT (session_hash), OCOP_HUB_TEXT (name), OCOP_HUB_INT (expires_us) };

  return run (self, "INSERT INTO organizer_session (hash, organizer, expires_us) VALUES ($1, $2, $3)",
              params, N (params), error);
}

char *
ocop_hub_backend_find_session (OcopHubBackend  *self,
                               const char      *session_hash,
                               gint64           now_us,
                               GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  OcopHubValue params[] = { OCOP_HUB_TEXT (session_hash), OCOP_HUB_INT (now_us) };
  GError *local_error = NULL;
  char *name = first_text (self, "SELECT s.organizer FROM organizer_session s JOIN organizer o"
                                 " ON o.name = s.organizer WHERE s.hash = $1 AND s.expires_us > $2",
                           params, N (params), &local_error);

  if (local_error != NULL)
    g_propagate_error (error, local_error);
  else if (name == NULL)
    g_set_error_literal (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_UNAUTHORIZED,
                         _("The session is unknown or has expired: log in again"));
  return name;
}

gboolean
ocop_hub_backend_remove_expired_sessions (OcopHubBackend  *self,
                                          gint64           now_us,
                                          GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  OcopHubValue params[] = { OCOP_HUB_INT (now_us) };

  return run (self, "DELETE FROM organizer_session WHERE expires_us <= $1", params, N (params), error);
}

gboolean
ocop_hub_backend_remove_session (OcopHubBackend  *self,
                                 const char      *session_hash,
                                 GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  OcopHubValue params[] = { OCOP_HUB_TEXT (session_hash) };

  return run (self, "DELETE FROM organizer_session WHERE hash = $1", params, N (params), error);
}

/* A scan of the device rows: a fair has a few hundred, and this runs
 * only for a refused read of the totals. */
gboolean
ocop_hub_backend_is_device_token (OcopHubBackend  *self,
                                  const char      *token_hash,
                                  gboolean        *is_device,
                                  GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  OcopHubValue params[] = { OCOP_HUB_TEXT (token_hash) };
  g_autoptr(OcopHubRows) rows = query (self, "SELECT 1 FROM device WHERE token_hash = $1 LIMIT 1", params,
                                       N (params), error);

  if (rows == NULL)
    return FALSE;
  *is_device = ocop_hub_rows_next (rows);
  return ocop_hub_rows_finish (rows, error);
}
