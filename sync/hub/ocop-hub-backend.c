/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-hub-backend.c: what the hub's storage computes in memory, whatever
 * the engine: a batch's tallies, a catalog publication's changes, and the
 * members of the JSON rows. */

#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ocop-hub-backend.h"

void
ocop_hub_device_free (OcopHubDevice *device)
{
  if (device == NULL)
    return;
  g_free (device->id);
  g_free (device->token_hash);
  g_free (device->fair);
  g_free (device->booth);
  g_free (device);
}

int
ocop_hub_local_hour (gint64 utc_us)
{
  static GTimeZone *fair_zone;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  /* Once per process: a GTimeZone reads the tz database on creation. The
   * zone has been a fixed +07:00 since 1975; that is the fallback if the
   * tz database is missing. */
  if (g_once_init_enter (&fair_zone))
    {
      GTimeZone *zone = g_time_zone_new_identifier ("Asia/Ho_Chi_Minh");

      g_once_init_leave (&fair_zone, zone != NULL ? zone : g_time_zone_new_offset (7 * 3600));
    }
  utc = g_date_time_new_from_unix_utc (utc_us / G_USEC_PER_SEC);
  if (utc == NULL)
    return 0;
  local = g_date_time_to_timezone (utc, fair_zone);
  return g_date_time_get_hour (local);
}

static void
product_tally_free (OcopHubProductTally *product)
{
  g_free (product->name);
  g_free (product->unit);
  g_free (product);
}

/* *@sum += @value, clearing *@ok on overflow instead of wrapping. */
static void
add_checked (gint64   *sum,
             gint64    value,
             gboolean *ok)
{
  if (__builtin_add_overflow (*sum, value, sum))
    *ok = FALSE;
}

static void
add_line_kind (GHashTable        *kinds,
               const OcopHubLine *line,
               gboolean          *ok)
{
  OcopHubKindTally *kind = g_hash_table_lookup (kinds, line->producer_kind);

  if (kind == NULL)
    {
      kind = g_new0 (OcopHubKindTally, 1);
      g_hash_table_insert (kinds, g_strdup (line->producer_kind), kind);
    }
  add_checked (line->measured ? &kind->measure : &kind->quantity, line->quantity, ok);
  add_checked (&kind->revenue, line->amount, ok);
}

static void
add_lines (GHashTable         *products,
           GHashTable         *kinds,
           const OcopHubEvent *event,
           gboolean           *ok)
{
  for (guint i = 0; event->lines != NULL && i < event->lines->len; i++)
    {
      const OcopHubLine *line = &g_array_index (event->lines, OcopHubLine, i);
      OcopHubProductTally *product = g_hash_table_lookup (products, line->sku);

      add_line_kind (kinds, line, ok);
      if (product == NULL)
        {
          product = g_new0 (OcopHubProductTally, 1);
          g_hash_table_insert (products, g_strdup (line->sku), product);
        }
      g_free (product->name);
      product->name = g_strdup (line->name);
      if (line->unit != NULL)
        {
          g_free (product->unit);
          product->unit = g_strdup (line->unit);
        }
      add_checked (line->measured ? &product->measure : &product->quantity, line->quantity, ok);
      add_checked (&product->revenue, line->amount, ok);
    }
}

static void
day_tally_free (OcopHubDayTally *tally)
{
  g_hash_table_unref (tally->products);
  g_hash_table_unref (tally->kinds);
  g_hash_table_unref (tally->methods);
  g_free (tally);
}

GHashTable *
ocop_hub_tallies_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) day_tally_free);
}

gboolean
ocop_hub_tallies_add (GHashTable         *tallies,
                      const OcopHubEvent *event,
                      GError            **error)
{
  OcopHubDayTally *tally = g_hash_table_lookup (tallies, event->business_day);
  gboolean record = event->kind <= OCOP_HUB_EVENT_REFUND;
  gboolean ok = TRUE;

  if (tally == NULL)
    {
      tally = g_new0 (OcopHubDayTally, 1);
      tally->methods = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      tally->products = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               (GDestroyNotify) product_tally_free);
      tally->kinds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_insert (tallies, g_strdup (event->business_day), tally);
    }
  tally->sales += event->kind == OCOP_HUB_EVENT_SALE;
  tally->voids += event->kind == OCOP_HUB_EVENT_VOID;
  tally->refunds += event->kind == OCOP_HUB_EVENT_REFUND;
  add_checked (&tally->revenue, record ? event->total : 0, &ok);
  add_checked (&tally->visitors, event->visitors, &ok);
  if (record)
    {
      int hour = ocop_hub_local_hour (event->record_us != 0 ? event->record_us : event->created_us);

      tally->hour_seen[hour] = TRUE;
      tally->hour_sales[hour] += event->kind == OCOP_HUB_EVENT_SALE;
      add_checked (&tally->hour_revenue[hour], event->total, &ok);
      add_lines (tally->products, tally->kinds, event, &ok);
    }
  for (guint i = 0; record && i < event->payments->len; i++)
    {
      const OcopHubPayment *payment = &g_array_index (event->payments, OcopHubPayment, i);
      gint64 *amount = g_hash_table_lookup (tally->methods, payment->method);

      if (amount == NULL)
        {
          amount = g_new0 (gint64, 1);
          g_hash_table_insert (tally->methods, g_strdup (payment->method), amount);
        }
      add_checked (amount, payment->amount, &ok);
    }
  if (!ok)
    g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID,
                 _("The batch's sums overflow at event #%" PRId64 ": refused, nothing of it stored"), event->seq);
  return ok;
}

/* ---- the catalog ---- */

OcopHubCatalogRow *
ocop_hub_catalog_row_new (const char *sku,
                          const char *row,
                          gint64      version)
{
  OcopHubCatalogRow *self = g_new0 (OcopHubCatalogRow, 1);

  self->sku = g_strdup (sku);
  self->row = g_strdup (row);
  self->version = version;
  return self;
}

void
ocop_hub_catalog_row_free (OcopHubCatalogRow *row)
{
  if (row == NULL)
    return;
  g_free (row->sku);
  g_free (row->row);
  g_free (row);
}

static int
compare_skus (gconstpointer a,
              gconstpointer b)
{
  return strcmp ((*(OcopHubCatalogRow **) a)->sku, (*(OcopHubCatalogRow **) b)->sku);
}

GPtrArray *
ocop_hub_catalog_diff (GHashTable         *held,
                       GPtrArray          *rows,
                       OcopHubPublication *publication)
{
  g_autoptr(GPtrArray) writes = g_ptr_array_new_with_free_func ((GDestroyNotify) ocop_hub_catalog_row_free);
  g_autoptr(GHashTable) in_file = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  OcopHubCatalogRow *old;

  for (guint i = 0; i < rows->len; i++)
    {
      OcopHubCatalogRow *row = rows->pdata[i];

      old = g_hash_table_lookup (held, row->sku);
      g_hash_table_add (in_file, row->sku);
      /* A tombstone brought back counts as added: devices dropped it. */
      if (old != NULL && g_strcmp0 (old->row, row->row) == 0)
        continue;
      if (old == NULL || old->row == NULL)
        publication->added++;
      else
        publication->changed++;
      g_ptr_array_add (writes, ocop_hub_catalog_row_new (row->sku, row->row, 0));
    }
  g_hash_table_iter_init (&iter, held);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &old))
    if (old->row != NULL && !g_hash_table_contains (in_file, old->sku))
      {
        publication->withdrawn++;
        g_ptr_array_add (writes, ocop_hub_catalog_row_new (old->sku, NULL, 0));
      }
  /* In sku order, so that two publications lock and write rows alike. */
  g_ptr_array_sort (writes, compare_skus);
  return g_steal_pointer (&writes);
}

/* ---- the JSON rows' members (see ocop-hub-backend.h) ---- */

const char * const ocop_hub_overall_columns[] = { "sales", "voids", "refunds", "revenue", "visitors", NULL };
const char * const ocop_hub_locality_columns[] = { "in_province", "sales", "revenue", "visitors", NULL };
const char * const ocop_hub_place_columns[] = { "locality", "in_province", "sales", "revenue", "visitors", NULL };
const char * const ocop_hub_method_columns[] = { "method", "amount", NULL };
/* "measure" (thousandths) came after "quantity" (pieces): added last, so
 * that the columns a spreadsheet already reads keep their places. */
const char * const ocop_hub_kind_columns[] = { "producer_kind", "quantity", "revenue", "measure", NULL };
const char * const ocop_hub_booth_totals_columns[] = { "booth", "in_province", "sales", "voids", "refunds", "revenue",
                                                      "visitors", "last_sync_us", NULL };
const char * const ocop_hub_stale_columns[] = { "booth", "device_id", "last_sync_us", NULL };
const char * const ocop_hub_flag_columns[] = { "device_id", "at_us", "kind", "detail", NULL };
const char * const ocop_hub_fair_columns[] = { "fair", NULL };
const char * const ocop_hub_day_columns[] = { "day", "sales", "revenue", "visitors", NULL };
const char * const ocop_hub_booth_info_columns[] = { "booth", "name", "locality", NULL };
const char * const ocop_hub_hour_columns[] = { "day", "hour", "sales", "revenue", NULL };
const char * const ocop_hub_product_columns[] = { "booth", "sku", "name", "quantity", "revenue", "measure", "unit",
                                                  NULL };
