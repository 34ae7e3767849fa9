/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-hub-store-ingest.c: the hub's store taking a device's batch, in one
 * transaction: its new events, their tallies, the acknowledgement, the
 * device's running sums and the flags an organizer must see. */

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>

#include "ocop-hub-store-private.h"

static gboolean
add_flag (OcopHubBackend  *self,
          const char      *device,
          gint64           now_us,
          const char      *kind,
          const char      *detail,
          GError         **error)
{
  OcopHubValue params[] = { OCOP_HUB_TEXT (device), OCOP_HUB_INT (now_us), OCOP_HUB_TEXT (kind),
                            OCOP_HUB_TEXT (detail) };

  return run (self, "INSERT INTO flag (device, at_us, kind, detail) VALUES ($1, $2, $3, $4)", params, N (params),
              error);
}

/* The epoch's row, created on its first batch; its first seq never moves.
 * The upsert touches the row so that, on PostgreSQL, two uploads of one
 * device wait for each other here (SQLite's write transaction already
 * excludes every other writer). */
static gboolean
open_epoch (OcopHubBackend      *self,
            const OcopHubBatch  *batch,
            gint64              *acked_through,
            GError             **error)
{
  OcopHubValue params[] = { OCOP_HUB_TEXT (batch->device_id), OCOP_HUB_INT (batch->epoch),
                            OCOP_HUB_INT (batch->epoch_first_seq), OCOP_HUB_INT (batch->epoch_first_seq - 1) };
  g_autoptr(OcopHubRows) held = query (self,
    "INSERT INTO device_epoch AS d (device, epoch, first_seq, acked_through) VALUES ($1, $2, $3, $4)"
    " ON CONFLICT (device, epoch) DO UPDATE SET first_seq = d.first_seq RETURNING first_seq, acked_through",
    params, N (params), error);
  gint64 first_seq;

  if (held == NULL)
    return FALSE;
  if (!ocop_hub_rows_next (held))
    return ocop_hub_store_missing_row (held, "device_epoch", error);
  first_seq = ocop_hub_rows_int (held, 0);
  if (first_seq != batch->epoch_first_seq)
    {
      g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_EPOCH_MISMATCH,
                   _("Epoch %" PRId64 " of this device starts at #%" PRId64 ", not #%" PRId64),
                   batch->epoch, first_seq, batch->epoch_first_seq);
      return FALSE;
    }
  *acked_through = ocop_hub_rows_int (held, 1);
  return TRUE;
}

/* Sets *@claimed when the record was not counted yet (under any key). */
static gboolean
claim_record (OcopHubBackend  *self,
              const char      *uuid,
              gboolean        *claimed,
              GError         **error)
{
  OcopHubValue params[] = { OCOP_HUB_TEXT (uuid) };
  gint64 added = changes (self, "INSERT INTO counted_record (uuid) VALUES ($1) ON CONFLICT DO NOTHING",
                          params, N (params), error);

  *claimed = added == 1;
  return added >= 0;
}

/* A key held already: a resend when the hash is the same, a conflict
 * otherwise. */
static gboolean
check_held (OcopHubBackend      *self,
            const OcopHubBatch  *batch,
            const OcopHubEvent  *event,
            GError             **error)
{
  OcopHubValue params[] = { OCOP_HUB_TEXT (batch->device_id), OCOP_HUB_INT (batch->epoch),
                            OCOP_HUB_INT (event->seq) };
  g_autoptr(OcopHubRows) held = query (self, "SELECT hash FROM event WHERE device = $1 AND epoch = $2 AND seq = $3",
                                       params, N (params), error);

  if (held == NULL)
    return FALSE;
  if (ocop_hub_rows_next (held) && g_strcmp0 (ocop_hub_rows_text (held, 0), event->hash) == 0)
    return TRUE;
  return ocop_hub_exec_hash_conflict (batch, event, error);
}

/* Inserts one event unless its key is held. *@counted says whether the
 * tallies take it. */
static gboolean
insert_event (OcopHubBackend      *self,
              const OcopHubBatch  *batch,
              const OcopHubEvent  *event,
              gint64               now_us,
              gboolean            *inserted,
              gboolean            *counted,
              GError             **error)
{
  gboolean counts = TRUE;
  gint64 added;

  *inserted = *counted = FALSE;
  /* Claimed first: an event already held had its record claimed when it
   * went in, so a resend claims nothing, and a conflict rolls back. */
  if (event->record_uuid != NULL && !claim_record (self, event->record_uuid, &counts, error))
    return FALSE;
  {
    OcopHubValue params[] = { OCOP_HUB_TEXT (batch->device_id), OCOP_HUB_INT (batch->epoch),
                              OCOP_HUB_INT (event->seq), OCOP_HUB_TEXT (event->kind_name),
                              OCOP_HUB_TEXT (event->ref), OCOP_HUB_TEXT (event->hash),
                              OCOP_HUB_TEXT (event->payload), OCOP_HUB_INT (event->created_us),
                              OCOP_HUB_INT (now_us), OCOP_HUB_INT (counts) };

    added = changes (self,
      "INSERT INTO event (device, epoch, seq, kind, ref, hash, payload, created_us, received_us, counted)"
      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING", params, N (params), error);
  }
  if (added < 0)
    return FALSE;
  if (added == 0)
    return check_held (self, batch, event, error);
  *inserted = TRUE;
  *counted = counts;
  return TRUE;
}

/* Marks in @is_new and @counts the events inserted and those the tallies
 * take: set-based where the engine has it, else one event at a time. */
static gboolean
insert_events (OcopHubBackend      *self,
               const OcopHubBatch  *batch,
               gint64               now_us,
               GArray              *is_new,
               GArray              *counts,
               GError             **error)
{
  if (self->exec->klass->insert_events != NULL)
    return self->exec->klass->insert_events (self->exec, batch, now_us, is_new, counts, error);
  for (guint i = 0; i < batch->events->len; i++)
    {
      gboolean inserted, counted;

      if (!insert_event (self, batch, batch->events->pdata[i], now_us, &inserted, &counted, error))
        return FALSE;
      g_array_append_val (is_new, inserted);
      g_array_append_val (counts, counted);
    }
  return TRUE;
}

/* The parameters of one tally row from an entry of a day's table; returns
 * how many it set (the limit goes after them). */
typedef guint (*TallyRowFunc) (const OcopHubDevice *device,
                               const char          *day,
                               const char          *key,
                               gconstpointer        value,
                               OcopHubValue         params[]);

static guint
method_row (const OcopHubDevice *device,
            const char          *day,
            const char          *method,
            gconstpointer        amount,
            OcopHubValue         params[])
{
  params[0] = OCOP_HUB_TEXT (device->fair);
  params[1] = OCOP_HUB_TEXT (day);
  params[2] = OCOP_HUB_TEXT (device->booth);
  params[3] = OCOP_HUB_TEXT (method);
  params[4] = OCOP_HUB_INT (*(const gint64 *) amount);
  return 5;
}

/* A product's figures are the booth's own: another booth sending the same
 * sku under another name opens a row of its own. */
static guint
product_row (const OcopHubDevice *device,
             const char          *day,
             const char          *sku,
             gconstpointer        value,
             OcopHubValue         params[])
{
  const OcopHubProductTally *product = value;

  params[0] = OCOP_HUB_TEXT (device->fair);
  params[1] = OCOP_HUB_TEXT (device->booth);
  params[2] = OCOP_HUB_TEXT (sku);
  params[3] = OCOP_HUB_TEXT (product->name);
  params[4] = OCOP_HUB_INT (product->quantity);
  params[5] = OCOP_HUB_INT (product->revenue);
  params[6] = OCOP_HUB_INT (product->measure);
  params[7] = OCOP_HUB_TEXT (product->unit);  /* NULL keeps the unit held */
  return 8;
}

static guint
kind_row (const OcopHubDevice *device,
          const char          *day,
          const char          *kind,
          gconstpointer        value,
          OcopHubValue         params[])
{
  const OcopHubKindTally *sum = value;

  params[0] = OCOP_HUB_TEXT (device->fair);
  params[1] = OCOP_HUB_TEXT (day);
  params[2] = OCOP_HUB_TEXT (kind);
  params[3] = OCOP_HUB_INT (sum->quantity);
  params[4] = OCOP_HUB_INT (sum->revenue);
  params[5] = OCOP_HUB_INT (sum->measure);
  return 6;
}

static gboolean
refuse_past_limit (const char           *tally,
                   const OcopHubDevice  *device,
                   GError              **error)
{
  g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID,
               _("The batch would take %s of booth %s past the hub's limit of %" PRId64
                 ": refused, nothing of it stored"), _(tally), device->booth, OCOP_HUB_MAX_TALLY);
  return FALSE;
}

/* Every upsert of a tally adds only WHERE the sums stay within
 * OCOP_HUB_MAX_TALLY (its last parameter): no row changed means the limit
 * refused the batch, and the caller rolls all of it back. */
static gboolean
upsert_within_limit (OcopHubBackend       *self,
                     const char           *sql,
                     const OcopHubValue   *params,
                     guint                 n_params,
                     const char           *tally,
                     const OcopHubDevice  *device,
                     GError              **error)
{
  gint64 changed = changes (self, sql, params, n_params, error);

  if (changed < 0)
    return FALSE;
  return changed > 0 || refuse_past_limit (tally, device, error);
}

/* One upsert (@sql) per entry of @table. */
static gboolean
upsert_each (OcopHubBackend       *self,
             const char           *sql,
             const char           *tally,
             GHashTable           *table,
             TallyRowFunc          row,
             const OcopHubDevice  *device,
             const char           *day,
             GError              **error)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      OcopHubValue params[9];
      guint n = row (device, day, key, value, params);

      params[n++] = OCOP_HUB_INT (OCOP_HUB_MAX_TALLY);
      if (!upsert_within_limit (self, sql, params, n, tally, device, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_day_tally (OcopHubBackend        *self,
                 const OcopHubDevice   *device,
                 const OcopHubBatch    *batch,
                 const char            *day,
                 const OcopHubDayTally *tally,
                 GError               **error)
{
  OcopHubValue params[] = { OCOP_HUB_TEXT (device->fair), OCOP_HUB_TEXT (day), OCOP_HUB_TEXT (device->booth),
                            OCOP_HUB_INT (batch->in_province), OCOP_HUB_INT (tally->sales),
                            OCOP_HUB_INT (tally->voids), OCOP_HUB_INT (tally->refunds),
                            OCOP_HUB_INT (tally->revenue), OCOP_HUB_INT (tally->visitors),
                            OCOP_HUB_INT (OCOP_HUB_MAX_TALLY) };

  return upsert_within_limit (self,
              "INSERT INTO tally_booth_day AS t (fair, day, booth, in_province, sales, voids, refunds, revenue,"
              " visitors) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (fair, day, booth) DO UPDATE SET"
              " sales = t.sales + EXCLUDED.sales, voids = t.voids + EXCLUDED.voids,"
              " refunds = t.refunds + EXCLUDED.refunds, revenue = t.revenue + EXCLUDED.revenue,"
              " visitors = t.visitors + EXCLUDED.visitors, in_province = EXCLUDED.in_province"
              " WHERE t.sales + EXCLUDED.sales <= $10 AND t.voids + EXCLUDED.voids <= $10"
              " AND t.refunds + EXCLUDED.refunds <= $10 AND abs (t.revenue + EXCLUDED.revenue) <= $10"
              " AND abs (t.visitors + EXCLUDED.visitors) <= $10",
              params, N (params), N_("the day's totals"), device, error);
}

/* One upsert per hour the batch touched, so a batch costs at most 24. */
static gboolean
write_hour_tallies (OcopHubBackend        *self,
                    const OcopHubDevice   *device,
                    const char            *day,
                    const OcopHubDayTally *tally,
                    GError               **error)
{
  for (int hour = 0; hour < 24; hour++)
    {
      OcopHubValue params[] = { OCOP_HUB_TEXT (device->fair), OCOP_HUB_TEXT (day), OCOP_HUB_INT (hour),
                                OCOP_HUB_INT (tally->hour_sales[hour]), OCOP_HUB_INT (tally->hour_revenue[hour]),
                                OCOP_HUB_INT (OCOP_HUB_MAX_TALLY) };

      if (tally->hour_seen[hour] &&
          !upsert_within_limit (self,
                                "INSERT INTO tally_hour AS t (fair, day, hour, sales, revenue)"
                                " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (fair, day, hour) DO UPDATE SET"
                                " sales = t.sales + EXCLUDED.sales, revenue = t.revenue + EXCLUDED.revenue"
                                " WHERE t.sales + EXCLUDED.sales <= $6 AND abs (t.revenue + EXCLUDED.revenue) <= $6",
                                params, N (params), N_("the hourly curve"), device, error))
        return FALSE;
    }
  return TRUE;
}

/* A day's tallies: the booth's row, its payment methods, hours, products
 * (the booth's own, whatever the day) and producer kinds. */
static gboolean
write_day_tallies (OcopHubBackend        *self,
                   const OcopHubDevice   *device,
                   const OcopHubBatch    *batch,
                   const char            *day,
                   const OcopHubDayTally *tally,
                   GError               **error)
{
  return write_day_tally (self, device, batch, day, tally, error) &&
         upsert_each (self, "INSERT INTO tally_method AS t (fair, day, booth, method, amount)"
                            " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (fair, day, booth, method) DO UPDATE SET"
                            " amount = t.amount + EXCLUDED.amount WHERE abs (t.amount + EXCLUDED.amount) <= $6",
                      N_("the payment methods"), tally->methods, method_row, device, day, error) &&
         write_hour_tallies (self, device, day, tally, error) &&
         upsert_each (self, "INSERT INTO tally_booth_product AS t (fair, booth, sku, name, quantity, revenue, measure,"
                            " unit) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (fair, booth, sku) DO UPDATE"
                            " SET name = EXCLUDED.name, quantity = t.quantity + EXCLUDED.quantity,"
                            " revenue = t.revenue + EXCLUDED.revenue, measure = t.measure + EXCLUDED.measure,"
                            " unit = coalesce (EXCLUDED.unit, t.unit) WHERE abs (t.quantity + EXCLUDED.quantity) <= $9"
                            " AND abs (t.revenue + EXCLUDED.revenue) <= $9 AND abs (t.measure + EXCLUDED.measure) <= $9",
                      N_("the products"), tally->products, product_row, device, day, error) &&
         upsert_each (self, "INSERT INTO tally_kind AS t (fair, day, producer_kind, quantity, revenue, measure)"
                            " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (fair, day, producer_kind) DO UPDATE SET"
                            " quantity = t.quantity + EXCLUDED.quantity, revenue = t.revenue + EXCLUDED.revenue,"
                            " measure = t.measure + EXCLUDED.measure WHERE abs (t.quantity + EXCLUDED.quantity) <= $7"
                            " AND abs (t.revenue + EXCLUDED.revenue) <= $7 AND abs (t.measure + EXCLUDED.measure) <= $7",
                      N_("the producer kinds"), tally->kinds, kind_row, device, day, error);
}

static gboolean
write_tallies (OcopHubBackend      *self,
               const OcopHubDevice *device,
               const OcopHubBatch  *batch,
               GHashTable          *tallies,
               GError             **error)
{
  GHashTableIter iter;
  gpointer day, tally;

  g_hash_table_iter_init (&iter, tallies);
  while (g_hash_table_iter_next (&iter, &day, &tally))
    if (!write_day_tallies (self, device, batch, day, tally, error))
      return FALSE;
  return TRUE;
}

/* The highest seq held with no gap below it, walking up from the last
 * acknowledgement. */
static gboolean
advance_ack (OcopHubBackend      *self,
             const OcopHubBatch  *batch,
             gint64              *acked_through,
             GError             **error)
{
  OcopHubValue from[] = { OCOP_HUB_TEXT (batch->device_id), OCOP_HUB_INT (batch->epoch),
                          OCOP_HUB_INT (*acked_through) };
  g_autoptr(OcopHubRows) seqs = query (self, "SELECT seq FROM event WHERE device = $1 AND epoch = $2 AND seq > $3"
                                             " ORDER BY seq", from, N (from), error);

  if (seqs == NULL)
    return FALSE;
  while (ocop_hub_rows_next (seqs) && ocop_hub_rows_int (seqs, 0) == *acked_through + 1)
    (*acked_through)++;
  g_clear_pointer (&seqs, ocop_hub_rows_free);
  {
    OcopHubValue through[] = { OCOP_HUB_INT (*acked_through), OCOP_HUB_TEXT (batch->device_id),
                               OCOP_HUB_INT (batch->epoch) };

    return run (self, "UPDATE device_epoch SET acked_through = $1 WHERE device = $2 AND epoch = $3",
                through, N (through), error);
  }
}

/* What the events the tallies took add to the device's running sums, for
 * its checkpoint: sales, revenue (sales, voids and refunds, as the day's
 * revenue counts them) and visitors. Plain sums: the bounds of a sale keep
 * a batch's below 2 × 10^14. */
static void
sum_counted_events (const OcopHubBatch *batch,
                    const GArray       *counts,
                    gint64              sums[3])
{
  for (guint i = 0; i < batch->events->len; i++)
    {
      const OcopHubEvent *event = batch->events->pdata[i];

      if (!g_array_index (counts, gboolean, i))
        continue;
      sums[0] += event->kind == OCOP_HUB_EVENT_SALE;
      sums[1] += event->kind <= OCOP_HUB_EVENT_REFUND ? event->total : 0;
      sums[2] += event->visitors;
    }
}

/* One clock_skew flag an hour per device, not one per batch. */
static gboolean
flag_clock_once_an_hour (OcopHubBackend  *self,
                         const char      *device,
                         gint64           now_us,
                         gint64           skew,
                         GError         **error)
{
  g_autofree char *detail = g_strdup_printf ("device clock %+" PRId64 " s from the hub's", skew / G_USEC_PER_SEC);
  OcopHubValue params[] = { OCOP_HUB_TEXT (device), OCOP_HUB_INT (now_us), OCOP_HUB_TEXT (detail) };

  return run (self,
              "INSERT INTO flag (device, at_us, kind, detail) SELECT $1, $2, 'clock_skew', $3"
              " WHERE NOT EXISTS (SELECT 1 FROM flag WHERE device = $1 AND kind = 'clock_skew'"
              " AND at_us > $2 - 3600000000)", params, N (params), error);
}

/* The device row's running sums, its booth details, last sync and clock. */
static gboolean
update_device (OcopHubBackend      *self,
               const OcopHubDevice *device,
               const OcopHubBatch  *batch,
               const gint64         sums[3],
               gint64               now_us,
               OcopHubIngestResult *result,
               GError             **error)
{
  gint64 skew = batch->device_us - now_us;
  OcopHubValue params[] = { OCOP_HUB_INT (sums[0]), OCOP_HUB_INT (sums[1]), OCOP_HUB_INT (sums[2]),
                            OCOP_HUB_TEXT (batch->booth_name), OCOP_HUB_TEXT (batch->locality),
                            OCOP_HUB_INT (batch->in_province), OCOP_HUB_INT (now_us), OCOP_HUB_INT (skew),
                            OCOP_HUB_TEXT (batch->device_id), OCOP_HUB_INT (OCOP_HUB_MAX_TALLY) };
  g_autoptr(OcopHubRows) row = query (self,
    "UPDATE device SET sales = sales + $1, revenue = revenue + $2, visitors = visitors + $3,"
    " booth_name = coalesce ($4, booth_name), locality = coalesce ($5, locality), in_province = $6,"
    " last_sync_us = $7, clock_skew_us = $8 WHERE id = $9 AND sales + $1 <= $10 AND abs (revenue + $2) <= $10"
    " AND abs (visitors + $3) <= $10 RETURNING sales, revenue, visitors",
    params, N (params), error);

  if (row == NULL)
    return FALSE;
  /* The device row exists (the request was authenticated with it): no
   * row is the limit refusing the sums. */
  if (!ocop_hub_rows_next (row))
    return ocop_hub_rows_finish (row, error) && refuse_past_limit (N_("the device's running sums"), device, error);
  result->hub_sales = ocop_hub_rows_int (row, 0);
  result->hub_revenue = ocop_hub_rows_int (row, 1);
  result->hub_visitors = ocop_hub_rows_int (row, 2);
  result->clock_skewed = skew > OCOP_HUB_CLOCK_SKEW_LIMIT_US || skew < -OCOP_HUB_CLOCK_SKEW_LIMIT_US;
  return !result->clock_skewed || flag_clock_once_an_hour (self, batch->device_id, now_us, skew, error);
}

static gboolean
compare_checkpoint (OcopHubBackend      *self,
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
ingest_locked (OcopHubBackend      *self,
               const OcopHubDevice *device,
               const OcopHubBatch  *batch,
               gint64               now_us,
               OcopHubIngestResult *result,
               GError             **error)
{
  g_autoptr(GArray) is_new = g_array_sized_new (FALSE, TRUE, sizeof (gboolean), batch->events->len);
  g_autoptr(GArray) counts = g_array_sized_new (FALSE, TRUE, sizeof (gboolean), batch->events->len);
  g_autoptr(GHashTable) tallies = ocop_hub_tallies_new ();
  gint64 sums[3] = { 0, 0, 0 };

  result->acked_through = 0;
  if (!open_epoch (self, batch, &result->acked_through, error) ||
      !insert_events (self, batch, now_us, is_new, counts, error))
    return FALSE;
  for (guint i = 0; i < batch->events->len; i++)
    {
      result->inserted += g_array_index (is_new, gboolean, i);
      result->duplicates += !g_array_index (is_new, gboolean, i);
      if (g_array_index (counts, gboolean, i) && !ocop_hub_tallies_add (tallies, batch->events->pdata[i], error))
        return FALSE;
    }
  sum_counted_events (batch, counts, sums);
  return write_tallies (self, device, batch, tallies, error) &&
         advance_ack (self, batch, &result->acked_through, error) &&
         update_device (self, device, batch, sums, now_us, result, error) &&
         compare_checkpoint (self, batch, now_us, result, error);
}

/* NULL in every installed program: the library reads no test variable.
 * Only the hub's test build (tests/sync/hub-test-hooks.c) sets it. */
OcopHubAfterCommitHook ocop_hub_backend_after_commit_hook;

static gboolean
ingest (OcopHubBackend       *self,
        const OcopHubDevice  *device,
        const OcopHubBatch   *batch,
        gint64                now_us,
        OcopHubIngestResult  *result,
        GError              **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  GError *local_error = NULL;

  if (!begin (self, OCOP_HUB_TX_WRITE, error))
    return FALSE;
  if (ingest_locked (self, device, batch, now_us, result, &local_error) && commit (self, &local_error))
    return TRUE;
  rollback (self);
  /* The flag outlives the refused batch: organizers must see it. */
  if (g_error_matches (local_error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_HASH_CONFLICT))
    add_flag (self, batch->device_id, now_us, "hash_conflict", local_error->message, NULL);
  g_propagate_error (error, local_error);
  return FALSE;
}

gboolean
ocop_hub_backend_ingest (OcopHubBackend       *self,
                         const OcopHubDevice  *device,
                         const OcopHubBatch   *batch,
                         gint64                now_us,
                         OcopHubIngestResult  *result,
                         GError              **error)
{
  if (!ingest (self, device, batch, now_us, result, error))
    return FALSE;
  if (ocop_hub_backend_after_commit_hook != NULL)
    ocop_hub_backend_after_commit_hook ();
  return TRUE;
}
