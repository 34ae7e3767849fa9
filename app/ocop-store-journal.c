/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-store-journal.c: the append-only sale journal (sales, voids,
 * refunds), business days with their Z reports, visitor counts, and the
 * outbox event each of them writes in the same transaction. */

#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "ocop-json.h"
#include "ocop-money.h"
#include "ocop-report.h"
#include "ocop-sale-private.h"
#include "ocop-store-outbox.h"
#include "ocop-store-private.h"
#include "ocop-sync-protocol.h"
#include "ocop-text.h"

/* ---- the outbox ---- */

static gint64
query_int (OcopStore  *self,
           const char *sql,
           const char *arg)
{
  sqlite3_stmt *stmt = ocop_store_prepare (self, sql, NULL);
  gint64 value = 0;

  if (stmt == NULL)
    return 0;
  if (arg != NULL)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

static char *
node_to_string (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

/* Appends one event. Inside the caller's transaction, so the next number is
 * the highest plus one and the sequence has no gaps: a rolled-back sale
 * takes its number with it. */
static gboolean
append_event_text (OcopStore   *self,
                   const char  *kind,
                   const char  *ref,
                   const char  *text,
                   GError     **error)
{
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
  gint64 seq = query_int (self, "SELECT coalesce (max (seq), 0) + 1 FROM outbox", NULL);
  gint64 epoch = ocop_store_outbox_epoch (self);
  sqlite3_stmt *stmt = ocop_store_prepare (self,
                                           "INSERT INTO outbox (seq, epoch, kind, ref, payload, hash, created_us)"
                                           " VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, seq);
  sqlite3_bind_int64 (stmt, 2, epoch);
  sqlite3_bind_text (stmt, 3, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, ref, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, hash, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, ocop_store_now_us (self));
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return ocop_store_fail (self, error, _("queue the event for sync"));
  return TRUE;
}

static gboolean
append_event (OcopStore   *self,
              const char  *kind,
              const char  *ref,
              JsonNode    *payload,
              GError     **error)
{
  g_autofree char *text = node_to_string (payload);

  return append_event_text (self, kind, ref, text, error);
}

gboolean
ocop_store_append_event (OcopStore   *self,
                         const char  *kind,
                         const char  *ref,
                         JsonNode    *payload,
                         GError     **error)
{
  return append_event (self, kind, ref, payload, error);
}

/* The hub acknowledges a gapless prefix of the sequence (see the sync
 * protocol), so what is pending is what lies past "acked_through": no need
 * to count a fair's worth of rows on every status update. */
gint64
ocop_store_outbox_pending (OcopStore *self)
{
  return ocop_store_outbox_last_seq (self) - ocop_store_outbox_acked_through (self);
}

gint64
ocop_store_outbox_last_seq (OcopStore *self)
{
  return query_int (self, "SELECT coalesce (max (seq), 0) FROM outbox", NULL);
}

/* ---- business days ---- */

char *
ocop_store_current_booth_code (OcopStore  *self,
                               GError    **error)
{
  g_autoptr(OcopBooth) booth = ocop_store_get_current_booth (self, error);

  return booth ? g_strdup (booth->code) : NULL;
}

/* 0: never opened, 1: open, 2: closed. */
static int
day_state (OcopStore  *self,
           const char *booth,
           const char *day)
{
  sqlite3_stmt *stmt = ocop_store_prepare (self,
                                           "SELECT closed_us IS NOT NULL FROM business_day"
                                           " WHERE booth_code = ? AND day = ?", NULL);
  int state = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, booth, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, day, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    state = sqlite3_column_int (stmt, 0) ? 2 : 1;
  sqlite3_reset (stmt);
  return state;
}

static JsonNode *
day_event (const char *booth,
           const char *day,
           gint64      at_us)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, OCOP_SYNC_PAYLOAD_BOOTH);
  json_builder_add_string_value (builder, booth);
  json_builder_set_member_name (builder, OCOP_SYNC_PAYLOAD_BUSINESS_DAY);
  json_builder_add_string_value (builder, day);
  json_builder_set_member_name (builder, OCOP_SYNC_PAYLOAD_AT_US);
  json_builder_add_int_value (builder, at_us);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gboolean
ensure_day_open (OcopStore   *self,
                 const char  *booth,
                 const char  *day,
                 GError     **error)
{
  gint64 now = ocop_store_now_us (self);
  g_autofree char *now_text = g_strdup_printf ("%" G_GINT64_FORMAT, now);
  g_autoptr(JsonNode) event = NULL;

  switch (day_state (self, booth, day))
    {
    case 1:
      return TRUE;
    case 2:
      {
        g_autofree char *reopening = ocop_store_describe_reopening (self);

        g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_DAY_CLOSED,
                     _("The business day %s of booth %s is closed: its Z report is final. %s"),
                     day, booth, reopening);
        return FALSE;
      }
    default:
      break;
    }
  event = day_event (booth, day, now);
  return ocop_store_exec (self, "INSERT INTO business_day (booth_code, day, opened_us) VALUES (?, ?, ?)",
                          error, _("open the business day"), booth, day, now_text) &&
         append_event (self, OCOP_SYNC_KIND_DAY_OPEN, day, event, error);
}

char *
ocop_store_open_day (OcopStore  *self,
                     GError    **error)
{
  g_autofree char *booth = ocop_store_current_booth_code (self, error);
  g_autofree char *day = NULL;

  if (booth == NULL)
    return NULL;
  day = ocop_store_business_day_of (self, ocop_store_now_us (self));
  if (!ocop_store_begin (self, error))
    return NULL;
  if (!ensure_day_open (self, booth, day, error))
    {
      ocop_store_rollback (self);
      return NULL;
    }
  return ocop_store_commit (self, error) ? g_steal_pointer (&day) : NULL;
}

char *
ocop_store_get_day_state (OcopStore   *self,
                          const char  *business_day,
                          GError     **error)
{
  g_autofree char *booth = ocop_store_current_booth_code (self, error);

  if (booth == NULL)
    return NULL;
  switch (day_state (self, booth, business_day))
    {
    case 1: return g_strdup ("open");
    case 2: return g_strdup ("closed");
    default: return NULL;
    }
}

static gboolean
check_closable (OcopStore   *self,
                const char  *booth,
                const char  *day,
                GError     **error)
{
  switch (day_state (self, booth, day))
    {
    case 1:
      return TRUE;
    case 2:
      g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_DAY_CLOSED,
                   _("The business day %s of booth %s is already closed; reprint its Z report instead"),
                   day, booth);
      return FALSE;
    default:
      g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_DAY_NOT_OPEN,
                   _("The business day %s of booth %s was never opened"), day, booth);
      return FALSE;
    }
}

static gboolean
write_day_close (OcopStore            *self,
                 const char           *booth,
                 const char           *day,
                 const OcopDayReport  *report,
                 const char           *z_json,
                 GError              **error)
{
  gint64 now = ocop_store_now_us (self);
  g_autofree char *now_text = g_strdup_printf ("%" G_GINT64_FORMAT, now);
  g_autofree char *expected = g_strdup_printf ("%" G_GINT64_FORMAT, report->cash_expected);
  g_autofree char *counted = g_strdup_printf ("%" G_GINT64_FORMAT, report->cash_counted);
  g_autoptr(JsonNode) event = day_event (booth, day, now);
  g_autoptr(JsonNode) z = ocop_json_from_string (z_json, OCOP_JSON_MAX_STORED_BYTES, error);

  if (z == NULL)
    return FALSE;
  json_object_set_member (json_node_get_object (event), OCOP_SYNC_PAYLOAD_Z_REPORT, g_steal_pointer (&z));
  return ocop_store_exec (self,
                          "UPDATE business_day SET closed_us = ?, z_report = ?, cash_expected = ?,"
                          " cash_counted = ?, closed_by = ? WHERE booth_code = ? AND day = ?",
                          error, _("close the business day"), now_text, z_json, expected, counted,
                          report->closed_by, booth, day) &&
         append_event (self, OCOP_SYNC_KIND_DAY_CLOSE, day, event, error);
}

char *
ocop_store_close_day (OcopStore           *self,
                      const char          *business_day,
                      const OcopApproval  *approval,
                      gint64               cash_counted,
                      GError             **error)
{
  g_autofree char *booth = ocop_store_current_booth_code (self, error);
  g_autofree char *day = NULL;
  g_autoptr(OcopDayReport) report = NULL;
  g_autofree char *json = NULL;

  if (booth == NULL)
    return NULL;
  day = business_day ? g_strdup (business_day)
                     : ocop_store_business_day_of (self, ocop_store_now_us (self));
  if (!ocop_store_begin (self, error))
    return NULL;
  if (!ocop_store_check_approval (self, approval, error) ||
      !check_closable (self, booth, day, error) ||
      !(report = ocop_report_day (self, booth, day, error)))
    goto fail;
  if (cash_counted < 0)
    {
      g_set_error_literal (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID,
                           _("The cash counted in the drawer cannot be negative"));
      goto fail;
    }

  g_free (report->state);
  report->state = g_strdup ("closed");
  report->closed_by = g_strdup (ocop_approval_get_approver (approval));
  report->cash_expected = ocop_day_report_cash (report);
  report->cash_counted = cash_counted;
  json = ocop_day_report_to_json (report);
  if (!write_day_close (self, booth, day, report, json, error))
    goto fail;
  return ocop_store_commit (self, error) ? g_steal_pointer (&json) : NULL;

fail:
  ocop_store_rollback (self);
  return NULL;
}

char *
ocop_store_get_z_report (OcopStore   *self,
                         const char  *business_day,
                         GError     **error)
{
  g_autofree char *booth = ocop_store_current_booth_code (self, error);
  sqlite3_stmt *stmt;
  char *json = NULL;

  if (booth == NULL)
    return NULL;
  stmt = ocop_store_prepare (self,
                             "SELECT z_report FROM business_day WHERE booth_code = ? AND day = ?"
                             " AND z_report IS NOT NULL", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, booth, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, business_day, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    json = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (json == NULL)
    g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_NOT_FOUND,
                 _("Booth %s has no Z report for %s: the day is not closed"), booth, business_day);
  return json;
}

/* ---- writing a journal record ---- */

/* The sale's event payload is written straight into a string rather than
 * through json-glib's builder and generator, which took a third of a sale's
 * CPU time. The shape is flat and fixed; test-store parses every payload
 * back with json-glib, awkward names included. */
static void
append_json_string (GString    *out,
                    const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text ? text : ""; *p; p++)
    {
      guchar c = *p;

      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, c);
    }
  g_string_append_c (out, '"');
}

static void
member_string (GString    *out,
               const char *name,
               const char *value)
{
  g_string_append_printf (out, "%s\"%s\":", out->str[out->len - 1] == '{' ? "" : ",", name);
  if (value == NULL)
    g_string_append (out, "null");
  else
    append_json_string (out, value);
}

static void
member_int (GString    *out,
            const char *name,
            gint64      value)
{
  g_string_append_printf (out, "%s\"%s\":%" G_GINT64_FORMAT,
                          out->str[out->len - 1] == '{' ? "" : ",", name, value);
}

static void
append_lines_json (GString  *out,
                   OcopSale *sale)
{
  g_string_append (out, ",\"" OCOP_SYNC_PAYLOAD_LINES "\":[");
  for (guint i = 0; i < ocop_sale_get_n_lines (sale); i++)
    {
      const OcopSaleLine *line = ocop_sale_get_line (sale, i);

      g_string_append (out, i ? ",{" : "{");
      member_string (out, OCOP_SYNC_LINE_SKU, line->sku);
      member_string (out, OCOP_SYNC_LINE_NAME, line->name);
      member_string (out, OCOP_SYNC_LINE_UNIT, line->unit);
      member_int (out, OCOP_SYNC_LINE_QUANTITY, line->quantity);
      member_int (out, OCOP_SYNC_LINE_UNIT_PRICE, line->unit_price);
      member_int (out, OCOP_SYNC_LINE_DISCOUNT, line->discount);
      /* Left out when unknown (a void or refund of a line sold before
       * kinds were recorded): the hub then counts it as unknown, as it
       * counted the sale, and such a payload has the old shape exactly. */
      if (line->producer_kind != 0)
        member_string (out, OCOP_SYNC_LINE_PRODUCER_KIND, ocop_producer_kind_to_string (line->producer_kind));
      /* Measured lines only: a piece line keeps the shape (and hash) it
       * always had. */
      if (line->measured)
        {
          g_string_append (out, ",\"" OCOP_SYNC_LINE_MEASURED "\":true");
          member_int (out, OCOP_SYNC_LINE_AMOUNT, line->amount);
        }
      g_string_append_c (out, '}');
    }
  g_string_append (out, "],\"" OCOP_SYNC_PAYLOAD_PAYMENTS "\":[");
  for (guint i = 0; i < ocop_sale_get_n_payments (sale); i++)
    {
      const OcopPayment *payment = ocop_sale_get_payment (sale, i);

      g_string_append (out, i ? ",{" : "{");
      member_string (out, OCOP_SYNC_PAYMENT_METHOD, ocop_payment_method_to_string (payment->method));
      member_int (out, OCOP_SYNC_PAYMENT_AMOUNT, payment->amount);
      member_int (out, OCOP_SYNC_PAYMENT_TENDERED, payment->tendered);
      member_int (out, OCOP_SYNC_PAYMENT_CHANGE, payment->change);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
}

static char *
sale_to_json (OcopSale    *sale,
              const char  *device_id)
{
  GString *out = g_string_sized_new (512);

  g_string_append_c (out, '{');
  member_string (out, OCOP_SYNC_PAYLOAD_UUID, ocop_sale_get_uuid (sale));
  member_string (out, OCOP_SYNC_PAYLOAD_KIND, ocop_sale_kind_to_string (ocop_sale_get_kind (sale)));
  member_string (out, OCOP_SYNC_PAYLOAD_REF_UUID, ocop_sale_get_ref_uuid (sale));
  member_string (out, OCOP_SYNC_PAYLOAD_DEVICE, device_id);
  member_string (out, OCOP_SYNC_PAYLOAD_BOOTH, ocop_sale_get_booth (sale));
  member_int (out, OCOP_SYNC_PAYLOAD_RECEIPT_NO, ocop_sale_get_receipt_no (sale));
  member_string (out, OCOP_SYNC_PAYLOAD_BUSINESS_DAY, ocop_sale_get_business_day (sale));
  member_int (out, OCOP_SYNC_PAYLOAD_CREATED_US, ocop_sale_get_created_us (sale));
  member_string (out, OCOP_SYNC_PAYLOAD_CASHIER, ocop_sale_get_cashier (sale));
  member_string (out, OCOP_SYNC_PAYLOAD_REASON, ocop_sale_get_reason (sale));
  /* Only where there is one: a sale's event stays as it always was. */
  if (ocop_sale_get_approver (sale) != NULL)
    member_string (out, OCOP_SYNC_PAYLOAD_APPROVER, ocop_sale_get_approver (sale));
  member_int (out, OCOP_SYNC_PAYLOAD_SUBTOTAL, ocop_sale_get_subtotal (sale));
  member_int (out, OCOP_SYNC_PAYLOAD_ORDER_DISCOUNT, ocop_sale_get_order_discount (sale));
  member_int (out, OCOP_SYNC_PAYLOAD_TOTAL, ocop_sale_get_total (sale));
  append_lines_json (out, sale);
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

static gboolean
step_done (OcopStore     *self,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return ocop_store_fail (self, error, _("record the sale"));
  return TRUE;
}

static gboolean
insert_sale_row (OcopStore  *self,
                 OcopSale   *sale,
                 gint64      ref_id,
                 gint64     *id,
                 GError    **error)
{
  sqlite3_stmt *stmt = ocop_store_prepare (self,
                                           "INSERT INTO sale (uuid, booth_code, receipt_no, kind, ref_id,"
                                           " business_day, created_us, cashier, reason, subtotal,"
                                           " order_discount, total, line_count, payment_count, approver)"
                                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, ocop_sale_get_uuid (sale), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ocop_sale_get_booth (sale), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, ocop_sale_get_receipt_no (sale));
  sqlite3_bind_text (stmt, 4, ocop_sale_kind_to_string (ocop_sale_get_kind (sale)), -1, SQLITE_STATIC);
  if (ref_id != 0)
    sqlite3_bind_int64 (stmt, 5, ref_id);
  sqlite3_bind_text (stmt, 6, ocop_sale_get_business_day (sale), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, ocop_sale_get_created_us (sale));
  sqlite3_bind_text (stmt, 8, ocop_sale_get_cashier (sale), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, ocop_sale_get_reason (sale), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 10, ocop_sale_get_subtotal (sale));
  sqlite3_bind_int64 (stmt, 11, ocop_sale_get_order_discount (sale));
  sqlite3_bind_int64 (stmt, 12, ocop_sale_get_total (sale));
  sqlite3_bind_int (stmt, 13, ocop_sale_get_n_lines (sale));
  sqlite3_bind_int (stmt, 14, ocop_sale_get_n_payments (sale));
  sqlite3_bind_text (stmt, 15, ocop_sale_get_approver (sale), -1, SQLITE_STATIC);
  if (!step_done (self, stmt, error))
    return FALSE;
  *id = sqlite3_last_insert_rowid (ocop_store_get_db (self));
  return TRUE;
}

static gboolean
insert_lines (OcopStore  *self,
              OcopSale   *sale,
              gint64      id,
              GError    **error)
{
  for (guint i = 0; i < ocop_sale_get_n_lines (sale); i++)
    {
      const OcopSaleLine *line = ocop_sale_get_line (sale, i);
      sqlite3_stmt *stmt = ocop_store_prepare (self,
                                               "INSERT INTO sale_line (sale_id, line_no, sku, name, unit,"
                                               " quantity, unit_price, discount, producer_kind, measured, amount)"
                                               " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                               error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int (stmt, 2, i + 1);
      sqlite3_bind_text (stmt, 3, line->sku, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, line->name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, line->unit, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 6, line->quantity);
      sqlite3_bind_int64 (stmt, 7, line->unit_price);
      sqlite3_bind_int64 (stmt, 8, line->discount);
      if (line->producer_kind != 0)
        sqlite3_bind_text (stmt, 9, ocop_producer_kind_to_string (line->producer_kind), -1, SQLITE_STATIC);
      else
        sqlite3_bind_null (stmt, 9);
      sqlite3_bind_int (stmt, 10, line->measured);
      if (line->measured)
        sqlite3_bind_int64 (stmt, 11, line->amount);
      else
        sqlite3_bind_null (stmt, 11);
      if (!step_done (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
insert_payments (OcopStore  *self,
                 OcopSale   *sale,
                 gint64      id,
                 GError    **error)
{
  for (guint i = 0; i < ocop_sale_get_n_payments (sale); i++)
    {
      const OcopPayment *payment = ocop_sale_get_payment (sale, i);
      sqlite3_stmt *stmt = ocop_store_prepare (self,
                                               "INSERT INTO payment (sale_id, idx, method, amount, tendered, change)"
                                               " VALUES (?, ?, ?, ?, ?, ?)", error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int (stmt, 2, i + 1);
      sqlite3_bind_text (stmt, 3, ocop_payment_method_to_string (payment->method), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, payment->amount);
      sqlite3_bind_int64 (stmt, 5, payment->tendered);
      sqlite3_bind_int64 (stmt, 6, payment->change);
      if (!step_done (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gint64
discounts_of (OcopSale *sale)
{
  gint64 sum = ocop_sale_get_order_discount (sale);

  for (guint i = 0; i < ocop_sale_get_n_lines (sale); i++)
    sum += ocop_sale_get_line (sale, i)->discount;
  return sum;
}

static gboolean
tally_day (OcopStore  *self,
           OcopSale   *sale,
           GError    **error)
{
  OcopSaleKind kind = ocop_sale_get_kind (sale);
  gint64 total = ocop_sale_get_total (sale);
  sqlite3_stmt *stmt = ocop_store_prepare (self,
    "INSERT INTO tally_day (booth_code, day, sales_count, gross, discounts, void_count, void_amount,"
    " refund_count, refund_amount, items, first_receipt, last_receipt)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)"
    " ON CONFLICT (booth_code, day) DO UPDATE SET"
    " sales_count = sales_count + excluded.sales_count, gross = gross + excluded.gross,"
    " discounts = discounts + excluded.discounts,"
    " void_count = void_count + excluded.void_count, void_amount = void_amount + excluded.void_amount,"
    " refund_count = refund_count + excluded.refund_count,"
    " refund_amount = refund_amount + excluded.refund_amount, items = items + excluded.items,"
    " first_receipt = min (coalesce (first_receipt, excluded.first_receipt), excluded.first_receipt),"
    " last_receipt = max (coalesce (last_receipt, excluded.last_receipt), excluded.last_receipt)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, ocop_sale_get_booth (sale), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ocop_sale_get_business_day (sale), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, kind == OCOP_SALE_KIND_SALE);
  sqlite3_bind_int64 (stmt, 4, kind == OCOP_SALE_KIND_SALE ? total : 0);
  sqlite3_bind_int64 (stmt, 5, discounts_of (sale));
  sqlite3_bind_int (stmt, 6, kind == OCOP_SALE_KIND_VOID);
  sqlite3_bind_int64 (stmt, 7, kind == OCOP_SALE_KIND_VOID ? -total : 0);
  sqlite3_bind_int (stmt, 8, kind == OCOP_SALE_KIND_REFUND);
  sqlite3_bind_int64 (stmt, 9, kind == OCOP_SALE_KIND_REFUND ? -total : 0);
  sqlite3_bind_int64 (stmt, 10, ocop_sale_get_item_count (sale));
  sqlite3_bind_int64 (stmt, 11, ocop_sale_get_receipt_no (sale));
  return step_done (self, stmt, error);
}

static gboolean
tally_methods (OcopStore  *self,
               OcopSale   *sale,
               GError    **error)
{
  OcopSaleKind kind = ocop_sale_get_kind (sale);
  int count = kind == OCOP_SALE_KIND_SALE ? 1 : kind == OCOP_SALE_KIND_VOID ? -1 : 0;

  for (guint i = 0; i < ocop_sale_get_n_payments (sale); i++)
    {
      const OcopPayment *payment = ocop_sale_get_payment (sale, i);
      sqlite3_stmt *stmt = ocop_store_prepare (self,
        "INSERT INTO tally_method (booth_code, day, method, count, amount) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (booth_code, day, method) DO UPDATE SET"
        " count = count + excluded.count, amount = amount + excluded.amount", error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, ocop_sale_get_booth (sale), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, ocop_sale_get_business_day (sale), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, ocop_payment_method_to_string (payment->method), -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 4, count);
      sqlite3_bind_int64 (stmt, 5, payment->amount);
      if (!step_done (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
tally_products (OcopStore  *self,
                OcopSale   *sale,
                GError    **error)
{
  for (guint i = 0; i < ocop_sale_get_n_lines (sale); i++)
    {
      const OcopSaleLine *line = ocop_sale_get_line (sale, i);
      sqlite3_stmt *stmt = ocop_store_prepare (self,
        "INSERT INTO tally_product (booth_code, day, sku, name, quantity, measure, amount)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (booth_code, day, sku) DO UPDATE SET name = excluded.name,"
        " quantity = quantity + excluded.quantity, measure = measure + excluded.measure,"
        " amount = amount + excluded.amount", error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, ocop_sale_get_booth (sale), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, ocop_sale_get_business_day (sale), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, line->sku, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, line->name, -1, SQLITE_STATIC);
      /* Pieces and thousandths never add up: each has its own column. */
      sqlite3_bind_int64 (stmt, 5, line->measured ? 0 : line->quantity);
      sqlite3_bind_int64 (stmt, 6, line->measured ? line->quantity : 0);
      sqlite3_bind_int64 (stmt, 7, ocop_sale_line_total (line));
      if (!step_done (self, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
tally_hour (OcopStore  *self,
            OcopSale   *sale,
            GError    **error)
{
  sqlite3_stmt *stmt = ocop_store_prepare (self,
    "INSERT INTO tally_hour (booth_code, day, hour, count, amount) VALUES (?, ?, ?, ?, ?)"
    " ON CONFLICT (booth_code, day, hour) DO UPDATE SET"
    " count = count + excluded.count, amount = amount + excluded.amount", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, ocop_sale_get_booth (sale), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ocop_sale_get_business_day (sale), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, ocop_store_local_hour (self, ocop_sale_get_created_us (sale)));
  sqlite3_bind_int (stmt, 4, ocop_sale_get_kind (sale) == OCOP_SALE_KIND_SALE);
  sqlite3_bind_int64 (stmt, 5, ocop_sale_get_total (sale));
  return step_done (self, stmt, error);
}

/* Gives a validated record its identity and writes it with everything that
 * follows from it. The caller holds the transaction. */
static gboolean
write_record (OcopStore   *self,
              OcopSale    *sale,
              const char  *booth,
              gint64       ref_id,
              GError     **error)
{
  gint64 now = ocop_store_now_us (self);
  g_autofree char *day = ocop_store_business_day_of (self, now);
  g_autofree char *uuid = ocop_store_new_uuid ();
  g_autofree char *event = NULL;
  gint64 receipt_no, id;

  /* Voids and refunds too: their reason is typed at the till. */
  if (!ocop_sale_check_bounds (sale, error) || !ensure_day_open (self, booth, day, error))
    return FALSE;
  /* Inside the write transaction: no other writer can take this number, and
   * a rollback gives it back, so receipt numbers have no gaps. */
  receipt_no = query_int (self,
                          "SELECT coalesce (max (receipt_no), 0) + 1 FROM sale WHERE booth_code = ?",
                          booth);
  ocop_sale_mark_committed (sale, uuid, receipt_no, booth, day, now);

  event = sale_to_json (sale, ocop_store_get_device_id (self));
  if (insert_sale_row (self, sale, ref_id, &id, error) &&
      insert_lines (self, sale, id, error) &&
      insert_payments (self, sale, id, error) &&
      tally_day (self, sale, error) &&
      tally_methods (self, sale, error) &&
      tally_products (self, sale, error) &&
      tally_hour (self, sale, error) &&
      ocop_store_queue_receipt_of (self, id, booth, day, error) &&
      append_event_text (self, ocop_sale_kind_to_string (ocop_sale_get_kind (sale)), uuid, event, error))
    return TRUE;

  ocop_sale_mark_committed (sale, NULL, 0, NULL, NULL, 0);
  return FALSE;
}

gboolean
ocop_store_commit_sale (OcopStore  *self,
                        OcopSale   *sale,
                        GError    **error)
{
  g_autofree char *booth = NULL;

  g_return_val_if_fail (!ocop_sale_is_committed (sale), FALSE);

  if (!ocop_sale_validate (sale, error) || !ocop_store_begin (self, error))
    return FALSE;
  /* The booth is read under the write lock that numbers the receipt, in
   * the sale's own transaction rather than in two read transactions of
   * its own before it. */
  if (!(booth = ocop_store_current_booth_code (self, error)) ||
      !write_record (self, sale, booth, 0, error) ||
      !ocop_store_exec (self, "DELETE FROM open_cart WHERE booth_code = ?", error,
                        _("record the sale"), booth))
    {
      ocop_store_rollback (self);
      ocop_sale_mark_committed (sale, NULL, 0, NULL, NULL, 0);
      return FALSE;
    }
  if (!ocop_store_commit (self, error))
    {
      ocop_sale_mark_committed (sale, NULL, 0, NULL, NULL, 0);
      return FALSE;
    }
  return TRUE;
}

gint64
ocop_store_peek_next_receipt_no (OcopStore  *self,
                                 GError    **error)
{
  g_autofree char *booth = ocop_store_current_booth_code (self, error);

  if (booth == NULL)
    return 0;
  return query_int (self, "SELECT coalesce (max (receipt_no), 0) + 1 FROM sale WHERE booth_code = ?", booth);
}

/* ---- the open cart ---- */

gboolean
ocop_store_save_cart (OcopStore  *self,
                      OcopSale   *draft,
                      GError    **error)
{
  g_autofree char *booth = ocop_store_current_booth_code (self, error);
  g_autofree char *text = NULL;
  g_autofree char *now = NULL;

  g_return_val_if_fail (!ocop_sale_is_committed (draft), FALSE);
  if (booth == NULL)
    return FALSE;
  if (ocop_sale_get_n_lines (draft) == 0)
    return ocop_store_exec (self, "DELETE FROM open_cart WHERE booth_code = ?", error,
                            _("save the open cart"), booth);
  text = ocop_store_draft_to_json (self, draft);
  now = g_strdup_printf ("%" G_GINT64_FORMAT, ocop_store_now_us (self));
  return ocop_store_exec (self,
                          "INSERT INTO open_cart (booth_code, draft, updated_us) VALUES (?, ?, ?)"
                          " ON CONFLICT (booth_code) DO UPDATE SET draft = excluded.draft,"
                          " updated_us = excluded.updated_us",
                          error, _("save the open cart"), booth, text, now);
}

static void
draft_add_lines (OcopSale  *draft,
                 JsonArray *lines)
{
  for (guint i = 0; lines && i < json_array_get_length (lines); i++)
    {
      JsonObject *o = json_array_get_object_element (lines, i);
      OcopSaleLine line = {
        .sku = (char *) json_object_get_string_member_with_default (o, "sku", ""),
        .name = (char *) json_object_get_string_member_with_default (o, "name", ""),
        .unit = (char *) json_object_get_string_member_with_default (o, "unit", ""),
        .quantity = json_object_get_int_member_with_default (o, "quantity", 0),
        .unit_price = json_object_get_int_member_with_default (o, "unit_price", 0),
        .discount = json_object_get_int_member_with_default (o, "discount", 0),
        .producer_kind = ocop_producer_kind_from_string (json_object_get_string_member_with_default (o, "producer_kind",
                                                                                                    "")),
        .measured = json_object_get_boolean_member_with_default (o, OCOP_SYNC_LINE_MEASURED, FALSE),
        .amount = json_object_get_int_member_with_default (o, OCOP_SYNC_LINE_AMOUNT, 0),
      };
      ocop_sale_append_line (draft, &line);
    }
}

static void
draft_add_payments (OcopSale  *draft,
                    JsonArray *payments)
{
  for (guint i = 0; payments && i < json_array_get_length (payments); i++)
    {
      JsonObject *o = json_array_get_object_element (payments, i);
      OcopPayment payment = {
        .method = ocop_payment_method_from_string (json_object_get_string_member_with_default (o, "method", "")),
        .amount = json_object_get_int_member_with_default (o, "amount", 0),
        .tendered = json_object_get_int_member_with_default (o, "tendered", 0),
        .change = json_object_get_int_member_with_default (o, "change", 0),
      };
      ocop_sale_append_payment (draft, &payment);
    }
}

char *
ocop_store_draft_to_json (OcopStore *self,
                          OcopSale  *draft)
{
  return sale_to_json (draft, ocop_store_get_device_id (self));
}

OcopSale *
ocop_store_draft_from_json (const char  *text,
                            GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  OcopSale *draft;
  JsonObject *o;

  if (!(root = ocop_json_from_string (text, OCOP_JSON_MAX_STORED_BYTES, error)) || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  o = json_node_get_object (root);
  draft = ocop_sale_new ();
  draft_add_lines (draft, json_object_get_array_member (o, "lines"));
  draft_add_payments (draft, json_object_get_array_member (o, "payments"));
  ocop_sale_set_order_discount_raw (draft, json_object_get_int_member_with_default (o, "order_discount", 0));
  ocop_sale_set_cashier (draft, json_object_get_string_member_with_default (o, "cashier", NULL));
  return draft;
}

OcopSale *
ocop_store_load_cart (OcopStore  *self,
                      GError    **error)
{
  g_autofree char *booth = ocop_store_current_booth_code (self, error);
  g_autofree char *text = NULL;
  sqlite3_stmt *stmt;

  if (booth == NULL || !(stmt = ocop_store_prepare (self, "SELECT draft FROM open_cart WHERE booth_code = ?", error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, booth, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (text == NULL)
    return NULL;
  return ocop_store_draft_from_json (text, error);
}

/* ---- reading the journal ---- */

#define SALE_COLUMNS \
  "s.id, s.uuid, s.booth_code, s.receipt_no, s.kind, r.uuid, s.business_day, s.created_us," \
  " s.cashier, s.reason, s.order_discount, s.line_count, s.payment_count, s.approver"

static gboolean
load_lines (OcopStore  *self,
            OcopSale   *sale,
            gint64      id,
            GError    **error)
{
  sqlite3_stmt *stmt = ocop_store_prepare (self,
                                           "SELECT sku, name, unit, quantity, unit_price, discount, producer_kind,"
                                           " measured, amount"
                                           " FROM sale_line WHERE sale_id = ? ORDER BY line_no", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OcopSaleLine line = {
        .sku = (char *) sqlite3_column_text (stmt, 0),
        .name = (char *) sqlite3_column_text (stmt, 1),
        .unit = (char *) sqlite3_column_text (stmt, 2),
        .quantity = sqlite3_column_int64 (stmt, 3),
        .unit_price = sqlite3_column_int64 (stmt, 4),
        .discount = sqlite3_column_int64 (stmt, 5),
        .producer_kind = ocop_producer_kind_from_string ((const char *) sqlite3_column_text (stmt, 6)),
        /* NULL amount on a piece line: ocop_sale_append_line fills it in. */
        .measured = sqlite3_column_int (stmt, 7) != 0,
        .amount = sqlite3_column_int64 (stmt, 8),
      };
      ocop_sale_append_line (sale, &line);
    }
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || ocop_store_fail (self, error, _("read a sale"));
}

static gboolean
load_payments (OcopStore  *self,
               OcopSale   *sale,
               gint64      id,
               GError    **error)
{
  sqlite3_stmt *stmt = ocop_store_prepare (self,
                                           "SELECT method, amount, tendered, change FROM payment"
                                           " WHERE sale_id = ? ORDER BY idx", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OcopPayment payment = {
        .method = ocop_payment_method_from_string ((const char *) sqlite3_column_text (stmt, 0)),
        .amount = sqlite3_column_int64 (stmt, 1),
        .tendered = sqlite3_column_int64 (stmt, 2),
        .change = sqlite3_column_int64 (stmt, 3),
      };
      ocop_sale_append_payment (sale, &payment);
    }
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || ocop_store_fail (self, error, _("read a sale"));
}

/* Builds the sale on the current row of @stmt (SALE_COLUMNS). */
static OcopSale *
sale_from_row (OcopStore     *self,
               sqlite3_stmt  *stmt,
               gint64        *id_out,
               GError       **error)
{
  gint64 id = sqlite3_column_int64 (stmt, 0);
  g_autoptr(OcopSale) sale =
    ocop_sale_new_kind (ocop_sale_kind_from_string ((const char *) sqlite3_column_text (stmt, 4)),
                        (const char *) sqlite3_column_text (stmt, 5));

  ocop_sale_set_cashier (sale, (const char *) sqlite3_column_text (stmt, 8));
  ocop_sale_set_reason (sale, (const char *) sqlite3_column_text (stmt, 9));
  ocop_sale_set_approver (sale, (const char *) sqlite3_column_text (stmt, 13));
  ocop_sale_set_order_discount_raw (sale, sqlite3_column_int64 (stmt, 10));
  ocop_sale_mark_committed (sale,
                            (const char *) sqlite3_column_text (stmt, 1),
                            sqlite3_column_int64 (stmt, 3),
                            (const char *) sqlite3_column_text (stmt, 2),
                            (const char *) sqlite3_column_text (stmt, 6),
                            sqlite3_column_int64 (stmt, 7));
  if (id_out != NULL)
    *id_out = id;
  return g_steal_pointer (&sale);
}

static OcopSale *
load_by_id (OcopStore  *self,
            gint64      id,
            GError    **error)
{
  sqlite3_stmt *stmt = ocop_store_prepare (self,
                                           "SELECT " SALE_COLUMNS " FROM sale s"
                                           " LEFT JOIN sale r ON r.id = s.ref_id WHERE s.id = ?", error);
  g_autoptr(OcopSale) sale = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    sale = sale_from_row (self, stmt, NULL, error);
  sqlite3_reset (stmt);
  if (sale == NULL)
    {
      g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_NOT_FOUND, _("No sale has id %" PRId64), id);
      return NULL;
    }
  if (!load_lines (self, sale, id, error) || !load_payments (self, sale, id, error))
    return NULL;
  return g_steal_pointer (&sale);
}

static gboolean
is_receipt_ref (const char *ref)
{
  if (*ref == '#')
    ref++;
  if (*ref == '\0' || strlen (ref) > 12)
    return FALSE;
  for (; *ref; ref++)
    if (!g_ascii_isdigit (*ref))
      return FALSE;
  return TRUE;
}

static gboolean
is_uuid_prefix (const char *ref)
{
  gsize len = strlen (ref);

  if (len < 6 || len > 36)
    return FALSE;
  for (; *ref; ref++)
    if (!g_ascii_isxdigit (*ref) && *ref != '-')
      return FALSE;
  return TRUE;
}

/* Steps a prepared "SELECT id FROM sale …" and returns the one sale it
 * finds, or 0 with an error that says whether there were none or several. */
static gint64
one_matching_sale (sqlite3_stmt  *stmt,
                   const char    *ref,
                   GError       **error)
{
  gint64 id = 0;
  int matches = 0;

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (stmt, 0);
      matches++;
    }
  sqlite3_reset (stmt);
  if (matches == 1)
    return id;
  g_set_error (error, OCOP_STORE_ERROR,
               matches ? OCOP_STORE_ERROR_AMBIGUOUS : OCOP_STORE_ERROR_NOT_FOUND,
               matches ? _("'%s' matches several sales: give more of the sale id") : _("No sale matches '%s'"),
               ref);
  return 0;
}

static gint64
resolve_uuid_prefix (OcopStore   *self,
                     const char  *ref,
                     GError     **error)
{
  g_autofree char *lower = g_ascii_strdown (ref, -1);
  /* GLOB, unlike LIKE, can use the uuid index for a prefix. */
  sqlite3_stmt *stmt = ocop_store_prepare (self, "SELECT id FROM sale WHERE uuid GLOB ? || '*' LIMIT 2", error);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, lower, -1, SQLITE_STATIC);
  return one_matching_sale (stmt, ref, error);
}

static gint64
resolve_receipt (OcopStore   *self,
                 const char  *ref,
                 GError     **error)
{
  g_autofree char *booth = ocop_store_current_booth_code (self, error);
  sqlite3_stmt *stmt;

  if (booth == NULL ||
      !(stmt = ocop_store_prepare (self, "SELECT id FROM sale WHERE booth_code = ? AND receipt_no = ?", error)))
    return 0;
  sqlite3_bind_text (stmt, 1, booth, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, g_ascii_strtoll (ref + (*ref == '#'), NULL, 10));
  return one_matching_sale (stmt, ref, error);
}

/* Resolves what a cashier types or a receipt shows to a sale's row id. */
static gint64
resolve_ref (OcopStore   *self,
             const char  *ref,
             GError     **error)
{
  if (ref != NULL && is_receipt_ref (ref))
    return resolve_receipt (self, ref, error);
  if (ref != NULL && is_uuid_prefix (ref))
    return resolve_uuid_prefix (self, ref, error);
  g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID,
               _("'%s' is neither a receipt number (like #12) nor a sale id (at least 6 characters of it)"),
               ref ? ref : "");
  return 0;
}

/* A sale id can begin with digits only ("71917475…", about one in fifty
 * for eight characters): what looks like a receipt number but is none is
 * tried again as the start of a sale id. */
static gint64
resolve_ref_or_id (OcopStore   *self,
                   const char  *ref,
                   GError     **error)
{
  g_autoptr(GError) receipt_error = NULL;
  gint64 id = resolve_ref (self, ref, &receipt_error);
  if (id != 0 || ref == NULL || *ref == '#' || !is_uuid_prefix (ref) ||
      !g_error_matches (receipt_error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_NOT_FOUND))
    {
      if (id == 0)
        g_propagate_error (error, g_steal_pointer (&receipt_error));
      return id;
    }
  return resolve_uuid_prefix (self, ref, error);
}

OcopSale *
ocop_store_load_sale (OcopStore   *self,
                      const char  *ref,
                      GError     **error)
{
  gint64 id = resolve_ref_or_id (self, ref, error);

  return id ? load_by_id (self, id, error) : NULL;
}

GPtrArray *
ocop_store_list_sales (OcopStore   *self,
                       const char  *business_day,
                       GError     **error)
{
  g_autofree char *booth = ocop_store_current_booth_code (self, error);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) sales = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;

  if (booth == NULL)
    return NULL;
  stmt = ocop_store_prepare (self,
                             "SELECT id FROM sale WHERE booth_code = ? AND business_day = ? ORDER BY receipt_no",
                             error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, booth, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, business_day, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);

  for (guint i = 0; i < ids->len; i++)
    {
      OcopSale *sale = load_by_id (self, g_array_index (ids, gint64, i), error);

      if (sale == NULL)
        return NULL;
      g_ptr_array_add (sales, sale);
    }
  return g_steal_pointer (&sales);
}

/* ---- voids and refunds ---- */

/* @message is the whole sentence, so that translations need not glue
 * words together. */
static gboolean
require_reason (const char  *reason,
                const char  *message,
                GError     **error)
{
  if (!ocop_text_is_blank (reason))
    return TRUE;
  g_set_error_literal (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID, message);
  return FALSE;
}

gboolean
ocop_store_check_reason (OcopSaleKind   kind,
                         const char    *reason,
                         GError       **error)
{
  return require_reason (reason, kind == OCOP_SALE_KIND_VOID ? _("A void needs a reason") : _("A refund needs a reason"),
                         error);
}

/* Loads the sale a void or refund points at, refusing anything else. */
static OcopSale *
load_reversible (OcopStore   *self,
                 const char  *ref,
                 gint64      *id,
                 GError     **error)
{
  g_autoptr(OcopSale) sale = NULL;

  if (!(*id = resolve_ref_or_id (self, ref, error)) || !(sale = load_by_id (self, *id, error)))
    return NULL;
  if (ocop_sale_get_kind (sale) != OCOP_SALE_KIND_SALE)
    {
      g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID,
                   _("Receipt #%" PRId64 " is itself a %s, not a sale"),
                   ocop_sale_get_receipt_no (sale), ocop_sale_kind_to_string (ocop_sale_get_kind (sale)));
      return NULL;
    }
  return g_steal_pointer (&sale);
}

static gint64
count_reversals (OcopStore  *self,
                 gint64      id,
                 const char *kind)
{
  sqlite3_stmt *stmt = ocop_store_prepare (self,
                                           "SELECT count (*) FROM sale WHERE ref_id = ? AND kind = ?", NULL);
  gint64 count = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return count;
}

static gboolean
check_not_voided (OcopStore  *self,
                  OcopSale   *sale,
                  gint64      id,
                  GError    **error)
{
  if (count_reversals (self, id, "void") == 0)
    return TRUE;
  g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_ALREADY_VOIDED,
               _("Receipt #%" PRId64 " is already voided"), ocop_sale_get_receipt_no (sale));
  return FALSE;
}

static OcopSale *
build_void (OcopSale   *original,
            const char *reason,
            const char *cashier,
            const char *approver)
{
  OcopSale *reversal = ocop_sale_new_kind (OCOP_SALE_KIND_VOID, ocop_sale_get_uuid (original));

  for (guint i = 0; i < ocop_sale_get_n_lines (original); i++)
    {
      OcopSaleLine line = *ocop_sale_get_line (original, i);

      line.quantity = -line.quantity;
      line.discount = -line.discount;
      line.amount = -line.amount;
      ocop_sale_append_line (reversal, &line);
    }
  for (guint i = 0; i < ocop_sale_get_n_payments (original); i++)
    {
      const OcopPayment *paid = ocop_sale_get_payment (original, i);
      OcopPayment back = { .method = paid->method, .amount = -paid->amount };

      ocop_sale_append_payment (reversal, &back);
    }
  ocop_sale_set_order_discount_raw (reversal, -ocop_sale_get_order_discount (original));
  ocop_sale_set_reason (reversal, reason);
  ocop_sale_set_cashier (reversal, cashier);
  ocop_sale_set_approver (reversal, approver);
  return reversal;
}

OcopSale *
ocop_store_void_sale (OcopStore           *self,
                      const char          *ref,
                      const char          *reason,
                      const char          *cashier,
                      const OcopApproval  *approval,
                      GError             **error)
{
  g_autoptr(OcopSale) original = NULL;
  g_autoptr(OcopSale) reversal = NULL;
  gint64 id = 0;

  if (!ocop_store_check_reason (OCOP_SALE_KIND_VOID, reason, error) || !ocop_store_begin (self, error))
    return NULL;
  if (!ocop_store_check_approval (self, approval, error) ||
      !(original = load_reversible (self, ref, &id, error)) ||
      !check_not_voided (self, original, id, error))
    goto fail;
  if (count_reversals (self, id, "refund") > 0)
    {
      g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_ALREADY_VOIDED,
                   _("Receipt #%" PRId64 " has refunds: refund the rest instead of voiding it"),
                   ocop_sale_get_receipt_no (original));
      goto fail;
    }
  if (day_state (self, ocop_sale_get_booth (original), ocop_sale_get_business_day (original)) == 2)
    {
      g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_DAY_CLOSED,
                   _("Receipt #%" PRId64 " belongs to %s, which is closed: record a refund instead"),
                   ocop_sale_get_receipt_no (original), ocop_sale_get_business_day (original));
      goto fail;
    }

  reversal = build_void (original, reason, cashier, ocop_approval_get_approver (approval));
  if (!write_record (self, reversal, ocop_sale_get_booth (original), id, error))
    goto fail;
  return ocop_store_commit (self, error) ? g_steal_pointer (&reversal) : NULL;

fail:
  ocop_store_rollback (self);
  return NULL;
}

/* Quantities of each sku already refunded from sale @id (positive). */
static GHashTable *
refunded_quantities (OcopStore *self,
                     gint64     id,
                     gint64    *refunded_total)
{
  GHashTable *refunded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt = ocop_store_prepare (self,
                                           "SELECT l.sku, -sum (l.quantity) FROM sale_line l JOIN sale s ON s.id = l.sale_id"
                                           " WHERE s.ref_id = ? AND s.kind = 'refund' GROUP BY l.sku", NULL);

  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_hash_table_insert (refunded, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                             GSIZE_TO_POINTER ((gsize) sqlite3_column_int64 (stmt, 1)));
      sqlite3_reset (stmt);
    }
  stmt = ocop_store_prepare (self, "SELECT coalesce (-sum (total), 0) FROM sale WHERE ref_id = ? AND kind = 'refund'", NULL);
  *refunded_total = 0;
  if (stmt != NULL)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        *refunded_total = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }
  return refunded;
}

/* ⌊@value × @part / @whole⌋ for 0 <= @value and 0 <= @part <= @whole
 * (thousandths of a weighed line, at most 10^9), without overflow:
 * @value = a × @whole + b, so that b × @part < 10^18. */
static gint64
share_of (gint64 value,
          gint64 part,
          gint64 whole)
{
  return (value / whole) * part + (value % whole) * part / whole;
}

typedef struct {
  GHashTable *refunded;      /* sku → units already refunded, consumed line by line */
  const char *sku;           /* NULL: everything left */
  gint64      wanted;        /* units of @sku still to place */
  gboolean    all_refunded;  /* after this refund, nothing is left of the sale */
} RefundPlan;

/* Adds to @refund the part of @line this refund takes back, with its share
 * of the line discount, and returns the amount (positive). */
static gint64
plan_line (RefundPlan         *plan,
           const OcopSaleLine *line,
           OcopSale           *refund)
{
  gsize done = GPOINTER_TO_SIZE (g_hash_table_lookup (plan->refunded, line->sku));
  gint64 used = MIN ((gint64) done, line->quantity);
  gint64 left = line->quantity - used;
  gint64 take = plan->sku == NULL ? left : (g_str_equal (plan->sku, line->sku) ? MIN (left, plan->wanted) : 0);
  OcopSaleLine part = *line;

  g_hash_table_insert (plan->refunded, g_strdup (line->sku), GSIZE_TO_POINTER (done - used));
  if (left - take > 0)
    plan->all_refunded = FALSE;
  if (take == 0)
    return 0;
  if (plan->sku != NULL)
    plan->wanted -= take;

  part.quantity = -take;
  if (line->measured)
    {
      /* A weighed line's amount and discount are shared by the cumulative
       * rule: each refund takes share (used + take) − share (used), so
       * the refunds of a line add up to exactly its amount (and discount)
       * once all of it is back, and never to more. */
      part.amount = -(share_of (line->amount, used + take, line->quantity) -
                      share_of (line->amount, used, line->quantity));
      part.discount = -(share_of (line->discount, used + take, line->quantity) -
                        share_of (line->discount, used, line->quantity));
    }
  else
    part.discount = -(line->discount * take / line->quantity);
  ocop_sale_append_line (refund, &part);
  return -ocop_sale_line_total (&part);
}

OcopSale *
ocop_store_refund_sale (OcopStore           *self,
                        const char          *ref,
                        const char          *sku,
                        gint64               quantity,
                        OcopPaymentMethod    method,
                        const char          *reason,
                        const char          *cashier,
                        const OcopApproval  *approval,
                        GError             **error)
{
  g_autoptr(OcopSale) original = NULL;
  g_autoptr(OcopSale) refund = NULL;
  g_autoptr(GHashTable) refunded = NULL;
  RefundPlan plan = { .sku = sku, .wanted = quantity, .all_refunded = TRUE };
  gint64 id = 0, refunded_total = 0, lines_amount = 0, amount, order_share;
  OcopPayment back = { .method = method ? method : OCOP_PAYMENT_CASH };

  if (!ocop_store_check_reason (OCOP_SALE_KIND_REFUND, reason, error) || !ocop_store_begin (self, error))
    return NULL;
  if (!ocop_store_check_approval (self, approval, error))
    goto fail;
  /* Pieces, or thousandths of a weighed line: the lines bound it further. */
  if (sku != NULL && (quantity < 1 || quantity > OCOP_QUANTITY_MAX_MEASURE))
    {
      g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID,
                   _("Refund quantity %" PRId64 " is out of range"), quantity);
      goto fail;
    }
  if (!(original = load_reversible (self, ref, &id, error)) ||
      !check_not_voided (self, original, id, error))
    goto fail;

  refunded = refunded_quantities (self, id, &refunded_total);
  plan.refunded = refunded;
  refund = ocop_sale_new_kind (OCOP_SALE_KIND_REFUND, ocop_sale_get_uuid (original));
  for (guint i = 0; i < ocop_sale_get_n_lines (original); i++)
    lines_amount += plan_line (&plan, ocop_sale_get_line (original, i), refund);

  if (ocop_sale_get_n_lines (refund) == 0 || plan.wanted > 0)
    {
      g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_REFUND_TOO_LARGE,
                   sku ? _("Receipt #%" PRId64 " has not that many units of %s left to refund")
                       : _("Receipt #%" PRId64 " is already refunded in full"),
                   ocop_sale_get_receipt_no (original), sku);
      goto fail;
    }

  /* The order discount is shared in proportion; the refund that empties the
   * sale takes exactly what is left, so refunds never add up to more (or
   * less) than the customer paid. */
  if (plan.all_refunded)
    amount = ocop_sale_get_total (original) - refunded_total;
  else
    amount = lines_amount - ocop_sale_get_order_discount (original) * lines_amount
                            / MAX (1, ocop_sale_get_subtotal (original));
  order_share = lines_amount - amount;
  ocop_sale_set_order_discount_raw (refund, -order_share);
  back.amount = -amount;
  ocop_sale_append_payment (refund, &back);
  ocop_sale_set_reason (refund, reason);
  ocop_sale_set_cashier (refund, cashier);
  ocop_sale_set_approver (refund, ocop_approval_get_approver (approval));

  if (!write_record (self, refund, ocop_sale_get_booth (original), id, error))
    goto fail;
  return ocop_store_commit (self, error) ? g_steal_pointer (&refund) : NULL;

fail:
  ocop_store_rollback (self);
  return NULL;
}

/* ---- visitors ---- */

static JsonNode *
visitors_event (const char *gate,
                gint64      count,
                const char *reason,
                const char *day,
                gint64      at_us)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, OCOP_SYNC_PAYLOAD_GATE);
  json_builder_add_string_value (builder, gate);
  json_builder_set_member_name (builder, OCOP_SYNC_PAYLOAD_COUNT);
  json_builder_add_int_value (builder, count);
  json_builder_set_member_name (builder, OCOP_SYNC_PAYLOAD_REASON);
  json_builder_add_string_value (builder, reason);
  json_builder_set_member_name (builder, OCOP_SYNC_PAYLOAD_BUSINESS_DAY);
  json_builder_add_string_value (builder, day);
  json_builder_set_member_name (builder, OCOP_SYNC_PAYLOAD_AT_US);
  json_builder_add_int_value (builder, at_us);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

gboolean
ocop_store_add_visitors (OcopStore   *self,
                         const char  *gate,
                         gint64       count,
                         const char  *reason,
                         GError     **error)
{
  gint64 now = ocop_store_now_us (self);
  g_autofree char *day = ocop_store_business_day_of (self, now);
  g_autofree char *count_text = g_strdup_printf ("%" G_GINT64_FORMAT, count);
  g_autofree char *now_text = g_strdup_printf ("%" G_GINT64_FORMAT, now);
  g_autoptr(JsonNode) event = NULL;
  g_autofree char *ref = NULL;

  if (ocop_text_is_blank (gate) || count == 0 || count > OCOP_SYNC_MAX_VISITORS || count < -OCOP_SYNC_MAX_VISITORS)
    {
      g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID,
                   _("A visitor count needs a gate and a count other than 0 (up to 100000)"));
      return FALSE;
    }
  if (strlen (gate) > OCOP_SYNC_MAX_NAME_BYTES || (reason != NULL && strlen (reason) > OCOP_SYNC_MAX_NOTE_BYTES))
    {
      g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID,
                   _("The gate's name or the reason is longer than the hub takes"));
      return FALSE;
    }
  if (count < 0 && !require_reason (reason, _("A correction of the visitor count needs a reason"), error))
    return FALSE;

  event = visitors_event (gate, count, reason, day, now);
  ref = g_strdup_printf ("%s@%" G_GINT64_FORMAT, gate, now);
  if (!ocop_store_begin (self, error))
    return FALSE;
  if (ocop_store_exec (self,
                       "INSERT INTO visitor_count (gate, count, reason, business_day, created_us)"
                       " VALUES (?, ?, ?, ?, ?)", error, _("record the visitors"),
                       gate, count_text, reason, day, now_text) &&
      ocop_store_exec (self,
                       "INSERT INTO tally_visitors (day, gate, count) VALUES (?, ?, ?)"
                       " ON CONFLICT (day, gate) DO UPDATE SET count = count + excluded.count",
                       error, _("record the visitors"), day, gate, count_text) &&
      append_event (self, OCOP_SYNC_KIND_VISITORS, ref, event, error))
    return ocop_store_commit (self, error);
  ocop_store_rollback (self);
  return FALSE;
}
