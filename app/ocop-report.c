/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-report.c: day, Z and fair reports. They read the tallies that each
 * sale's transaction keeps (ocop-store-journal.c), so a report costs a few
 * index look-ups however many sales the store holds. */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "ocop-handover.h"
#include "ocop-json.h"
#include "ocop-money.h"
#include "ocop-report.h"
#include "ocop-quantity.h"
#include "ocop-store-private.h"

static void
product_total_free (gpointer data)
{
  OcopProductTotal *total = data;

  g_free (total->sku);
  g_free (total->name);
  g_free (total->unit);
  g_free (total);
}

static void
cashier_total_free (gpointer data)
{
  OcopCashierTotal *total = data;

  g_free (total->cashier);
  g_free (total);
}

static void
fair_row_free (gpointer data)
{
  OcopFairRow *row = data;

  g_free (row->business_day);
  g_free (row->booth);
  g_free (row);
}

static OcopDayReport *
day_report_new (const char *booth,
                const char *day)
{
  OcopDayReport *report = g_new0 (OcopDayReport, 1);

  report->booth = g_strdup (booth);
  report->business_day = g_strdup (day);
  report->by_method = g_array_new (FALSE, TRUE, sizeof (OcopMethodTotal));
  report->by_product = g_ptr_array_new_with_free_func (product_total_free);
  report->by_hour = g_array_new (FALSE, TRUE, sizeof (OcopHourTotal));
  report->handovers = g_ptr_array_new_with_free_func ((GDestroyNotify) ocop_handover_free);
  report->by_cashier = g_ptr_array_new_with_free_func (cashier_total_free);
  return report;
}

void
ocop_day_report_free (OcopDayReport *report)
{
  if (report == NULL)
    return;
  g_free (report->booth);
  g_free (report->business_day);
  g_free (report->state);
  g_free (report->closed_by);
  g_array_unref (report->by_method);
  g_ptr_array_unref (report->by_product);
  g_array_unref (report->by_hour);
  g_ptr_array_unref (report->handovers);
  g_ptr_array_unref (report->by_cashier);
  g_free (report);
}

void
ocop_fair_report_free (OcopFairReport *report)
{
  if (report == NULL)
    return;
  g_free (report->fair_name);
  g_array_unref (report->by_method);
  g_ptr_array_unref (report->by_day);
  g_ptr_array_unref (report->by_booth);
  g_free (report);
}

/* Prepares @sql and binds @booth and @day (either may be absent from it). */
static sqlite3_stmt *
prepare_for (OcopStore   *store,
             const char  *sql,
             const char  *booth,
             const char  *day,
             GError     **error)
{
  sqlite3_stmt *stmt = ocop_store_prepare (store, sql, error);
  int index;

  if (stmt == NULL)
    return NULL;
  if ((index = sqlite3_bind_parameter_index (stmt, ":booth")) > 0)
    sqlite3_bind_text (stmt, index, booth, -1, SQLITE_TRANSIENT);
  if ((index = sqlite3_bind_parameter_index (stmt, ":day")) > 0)
    sqlite3_bind_text (stmt, index, day, -1, SQLITE_TRANSIENT);
  return stmt;
}

static gboolean
finish (OcopStore     *store,
        sqlite3_stmt  *stmt,
        int            rc,
        GError       **error)
{
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE || rc == SQLITE_ROW)
    return TRUE;
  return ocop_store_fail (store, error, _("read the report"));
}

static gboolean
read_day_totals (OcopStore      *store,
                 OcopDayReport  *report,
                 GError        **error)
{
  sqlite3_stmt *stmt = prepare_for (store,
    "SELECT sales_count, gross, discounts, void_count, void_amount, refund_count, refund_amount,"
    " items, coalesce (first_receipt, 0), coalesce (last_receipt, 0)"
    " FROM tally_day WHERE booth_code = :booth AND day = :day", report->booth, report->business_day, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      report->sales_count = sqlite3_column_int64 (stmt, 0);
      report->gross = sqlite3_column_int64 (stmt, 1);
      report->discounts = sqlite3_column_int64 (stmt, 2);
      report->void_count = sqlite3_column_int64 (stmt, 3);
      report->void_amount = sqlite3_column_int64 (stmt, 4);
      report->refund_count = sqlite3_column_int64 (stmt, 5);
      report->refund_amount = sqlite3_column_int64 (stmt, 6);
      report->items = sqlite3_column_int64 (stmt, 7);
      report->first_receipt = sqlite3_column_int64 (stmt, 8);
      report->last_receipt = sqlite3_column_int64 (stmt, 9);
    }
  report->net = report->gross - report->void_amount - report->refund_amount;
  return finish (store, stmt, rc, error);
}

static gboolean
read_methods (OcopStore    *store,
              const char   *sql,
              const char   *booth,
              const char   *day,
              GArray       *into,
              GError      **error)
{
  sqlite3_stmt *stmt = prepare_for (store, sql, booth, day, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OcopMethodTotal total = {
        .method = ocop_payment_method_from_string ((const char *) sqlite3_column_text (stmt, 0)),
        .count = sqlite3_column_int64 (stmt, 1),
        .amount = sqlite3_column_int64 (stmt, 2),
      };
      g_array_append_val (into, total);
    }
  return finish (store, stmt, rc, error);
}

static gboolean
read_products (OcopStore      *store,
               OcopDayReport  *report,
               GError        **error)
{
  sqlite3_stmt *stmt = prepare_for (store,
    "SELECT t.sku, t.name, t.quantity, t.amount, t.measure, p.unit"
    " FROM tally_product t LEFT JOIN product p ON p.sku = t.sku"
    " WHERE booth_code = :booth AND day = :day AND (quantity != 0 OR measure != 0 OR amount != 0)"
    " ORDER BY amount DESC, t.sku", report->booth, report->business_day, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OcopProductTotal *total = g_new0 (OcopProductTotal, 1);

      total->sku = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      total->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      total->quantity = sqlite3_column_int64 (stmt, 2);
      total->amount = sqlite3_column_int64 (stmt, 3);
      total->measure = sqlite3_column_int64 (stmt, 4);
      total->unit = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      g_ptr_array_add (report->by_product, total);
    }
  return finish (store, stmt, rc, error);
}

static gboolean
read_hours (OcopStore      *store,
            OcopDayReport  *report,
            GError        **error)
{
  sqlite3_stmt *stmt = prepare_for (store,
    "SELECT hour, count, amount FROM tally_hour WHERE booth_code = :booth AND day = :day ORDER BY hour",
    report->booth, report->business_day, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OcopHourTotal total = {
        .hour = sqlite3_column_int (stmt, 0),
        .count = sqlite3_column_int64 (stmt, 1),
        .amount = sqlite3_column_int64 (stmt, 2),
      };
      g_array_append_val (report->by_hour, total);
    }
  return finish (store, stmt, rc, error);
}

/* Read from the journal rather than a tally: the day's rows are found by
 * the (booth, day) index, and no tally kept before sales had a cashier
 * could say whose they were. A void or refund counts against whoever
 * gave it back, as the drawer they paid it from does. */
static gboolean
read_cashiers (OcopStore      *store,
               OcopDayReport  *report,
               GError        **error)
{
  sqlite3_stmt *stmt = prepare_for (store,
    "SELECT coalesce (s.cashier, ''),"
    " sum (CASE WHEN s.kind = 'sale' THEN 1 ELSE 0 END),"
    " sum (CASE WHEN s.kind = 'sale' THEN s.total ELSE 0 END),"
    " sum (CASE WHEN s.kind = 'sale' THEN 0 ELSE -s.total END),"
    " sum (s.total), coalesce (sum (c.cash), 0)"
    " FROM sale s LEFT JOIN (SELECT sale_id, sum (amount) AS cash FROM payment"
    "  WHERE method = 'cash' GROUP BY sale_id) c ON c.sale_id = s.id"
    " WHERE s.booth_code = :booth AND s.business_day = :day"
    " GROUP BY 1 ORDER BY 1", report->booth, report->business_day, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OcopCashierTotal *total = g_new0 (OcopCashierTotal, 1);

      total->cashier = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      total->sales_count = sqlite3_column_int64 (stmt, 1);
      total->gross = sqlite3_column_int64 (stmt, 2);
      total->returned = sqlite3_column_int64 (stmt, 3);
      total->net = sqlite3_column_int64 (stmt, 4);
      total->cash = sqlite3_column_int64 (stmt, 5);
      g_ptr_array_add (report->by_cashier, total);
    }
  return finish (store, stmt, rc, error);
}

static gboolean
read_day_extras (OcopStore      *store,
                 OcopDayReport  *report,
                 GError        **error)
{
  sqlite3_stmt *stmt = prepare_for (store,
    "SELECT (SELECT coalesce (sum (count), 0) FROM tally_visitors WHERE day = :day),"
    " (SELECT CASE WHEN closed_us IS NULL THEN 'open' ELSE 'closed' END FROM business_day"
    "  WHERE booth_code = :booth AND day = :day)", report->booth, report->business_day, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      report->visitors = sqlite3_column_int64 (stmt, 0);
      report->state = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
    }
  return finish (store, stmt, rc, error);
}

static gboolean
read_handovers (OcopStore      *store,
                OcopDayReport  *report,
                GError        **error)
{
  GPtrArray *handovers = ocop_store_list_handovers (store, report->booth, report->business_day, error);

  if (handovers == NULL)
    return FALSE;
  g_ptr_array_unref (report->handovers);
  report->handovers = handovers;
  return TRUE;
}

OcopDayReport *
ocop_report_day (OcopStore   *store,
                 const char  *booth,
                 const char  *business_day,
                 GError     **error)
{
  g_autoptr(OcopBooth) current = NULL;
  g_autofree char *today = NULL;
  g_autoptr(OcopDayReport) report = NULL;

  if (booth == NULL)
    {
      if (!(current = ocop_store_get_current_booth (store, error)))
        return NULL;
      booth = current->code;
    }
  if (business_day == NULL)
    business_day = today = ocop_store_business_day_of (store, ocop_store_now_us (store));

  report = day_report_new (booth, business_day);
  if (!read_day_totals (store, report, error) ||
      !read_methods (store,
                     "SELECT method, count, amount FROM tally_method"
                     " WHERE booth_code = :booth AND day = :day ORDER BY method",
                     booth, business_day, report->by_method, error) ||
      !read_products (store, report, error) ||
      !read_hours (store, report, error) ||
      !read_cashiers (store, report, error) ||
      !read_day_extras (store, report, error) ||
      !read_handovers (store, report, error))
    return NULL;
  return g_steal_pointer (&report);
}

/* ---- fair report ---- */

static gboolean
read_fair_rows (OcopStore   *store,
                const char  *sql,
                gboolean     by_booth,
                GPtrArray   *into,
                GError     **error)
{
  sqlite3_stmt *stmt = prepare_for (store, sql, NULL, NULL, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OcopFairRow *row = g_new0 (OcopFairRow, 1);

      if (by_booth)
        row->booth = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      else
        row->business_day = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      row->sales_count = sqlite3_column_int64 (stmt, 1);
      row->net = sqlite3_column_int64 (stmt, 2);
      row->visitors = sqlite3_column_int64 (stmt, 3);
      g_ptr_array_add (into, row);
    }
  return finish (store, stmt, rc, error);
}

static gboolean
read_fair_totals (OcopStore       *store,
                  OcopFairReport  *report,
                  GError         **error)
{
  sqlite3_stmt *stmt = prepare_for (store,
    "SELECT coalesce (sum (sales_count), 0), coalesce (sum (gross), 0),"
    " coalesce (sum (void_amount), 0), coalesce (sum (refund_amount), 0),"
    " (SELECT coalesce (sum (count), 0) FROM tally_visitors) FROM tally_day", NULL, NULL, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      report->sales_count = sqlite3_column_int64 (stmt, 0);
      report->gross = sqlite3_column_int64 (stmt, 1);
      report->void_amount = sqlite3_column_int64 (stmt, 2);
      report->refund_amount = sqlite3_column_int64 (stmt, 3);
      report->visitors = sqlite3_column_int64 (stmt, 4);
      report->net = report->gross - report->void_amount - report->refund_amount;
    }
  return finish (store, stmt, rc, error);
}

OcopFairReport *
ocop_report_fair (OcopStore  *store,
                  GError    **error)
{
  g_autoptr(OcopFair) fair = ocop_store_get_fair (store, error);
  g_autoptr(OcopFairReport) report = NULL;

  if (fair == NULL)
    return NULL;
  report = g_new0 (OcopFairReport, 1);
  report->fair_name = g_strdup (fair->name);
  report->by_method = g_array_new (FALSE, TRUE, sizeof (OcopMethodTotal));
  report->by_day = g_ptr_array_new_with_free_func (fair_row_free);
  report->by_booth = g_ptr_array_new_with_free_func (fair_row_free);

  /* Days with visitors but no sales (a gate-only device) count too. */
  if (!read_fair_totals (store, report, error) ||
      !read_methods (store,
                     "SELECT method, sum (count), sum (amount) FROM tally_method GROUP BY method ORDER BY method",
                     NULL, NULL, report->by_method, error) ||
      !read_fair_rows (store,
                       "SELECT d.day, coalesce (t.sales, 0), coalesce (t.net, 0), coalesce (v.visitors, 0)"
                       " FROM (SELECT day FROM tally_day UNION SELECT day FROM tally_visitors) d"
                       " LEFT JOIN (SELECT day, sum (sales_count) AS sales,"
                       "            sum (gross - void_amount - refund_amount) AS net"
                       "            FROM tally_day GROUP BY day) t ON t.day = d.day"
                       " LEFT JOIN (SELECT day, sum (count) AS visitors FROM tally_visitors GROUP BY day) v"
                       "   ON v.day = d.day ORDER BY d.day",
                       FALSE, report->by_day, error) ||
      !read_fair_rows (store,
                       "SELECT booth_code, sum (sales_count), sum (gross - void_amount - refund_amount), 0"
                       " FROM tally_day GROUP BY booth_code ORDER BY booth_code",
                       TRUE, report->by_booth, error))
    return NULL;
  return g_steal_pointer (&report);
}

/* ---- text ---- */

/* Appends @label padded to @width characters (not bytes: Vietnamese
 * letters take two or three bytes each). */
static void
append_padded (GString    *out,
               const char *label,
               glong       width)
{
  glong len = g_utf8_strlen (label, -1);

  g_string_append (out, label);
  for (glong i = len; i < width; i++)
    g_string_append_c (out, ' ');
}

/* A row of a report: a label, a count (or a weight, wider than its six
 * columns: "0,350 kg") and an amount. */
static void
append_row_text (GString    *out,
                 const char *label,
                 const char *count_text,
                 gint64      amount)
{
  g_autofree char *money = ocop_money_format (amount);

  g_string_append (out, "  ");
  append_padded (out, label, 24);
  g_string_append_printf (out, "%6s  %18s\n", count_text, money);
}

static void
append_row (GString    *out,
            const char *label,
            gint64      count,
            gboolean    show_count,
            gint64      amount)
{
  g_autofree char *count_text = show_count ? g_strdup_printf ("%" G_GINT64_FORMAT, count) : g_strdup ("");

  append_row_text (out, label, count_text, amount);
}

char *
ocop_product_total_format_quantity (const OcopProductTotal *total)
{
  g_autofree char *weighed = NULL;

  if (total->measure == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, total->quantity);
  weighed = ocop_quantity_format (total->measure, TRUE, total->unit);
  if (total->quantity == 0)
    return g_steal_pointer (&weighed);
  return g_strdup_printf ("%" G_GINT64_FORMAT " + %s", total->quantity, weighed);
}

static void
append_day_breakdowns (GString             *out,
                       const OcopDayReport *report)
{
  if (report->by_method->len > 0)
    g_string_append_printf (out, "\n%s\n", _("By payment method"));
  for (guint i = 0; i < report->by_method->len; i++)
    {
      const OcopMethodTotal *m = &g_array_index (report->by_method, OcopMethodTotal, i);
      append_row (out, ocop_payment_method_label (m->method), m->count, TRUE, m->amount);
    }
  if (report->by_product->len > 0)
    g_string_append_printf (out, "\n%s\n", _("By product"));
  for (guint i = 0; i < report->by_product->len; i++)
    {
      const OcopProductTotal *p = report->by_product->pdata[i];
      g_autofree char *label = g_utf8_substring (p->name, 0, MIN (g_utf8_strlen (p->name, -1), 24));
      g_autofree char *quantity = ocop_product_total_format_quantity (p);

      append_row_text (out, label, quantity, p->amount);
    }
  if (report->by_cashier->len > 0)
    g_string_append_printf (out, "\n%s\n", _("By cashier"));
  for (guint i = 0; i < report->by_cashier->len; i++)
    {
      const OcopCashierTotal *c = report->by_cashier->pdata[i];
      const char *name = *c->cashier != '\0' ? c->cashier : _("nobody signed in");
      g_autofree char *label = g_utf8_substring (name, 0, MIN (g_utf8_strlen (name, -1), 24));
      g_autofree char *cash = g_strdup_printf ("  %s", _("of which cash"));

      append_row (out, label, c->sales_count, TRUE, c->net);
      append_row (out, cash, 0, FALSE, c->cash);
    }
  if (report->by_hour->len > 0)
    g_string_append_printf (out, "\n%s\n", _("By hour"));
  for (guint i = 0; i < report->by_hour->len; i++)
    {
      const OcopHourTotal *h = &g_array_index (report->by_hour, OcopHourTotal, i);
      g_autofree char *label = g_strdup_printf ("%02d:00–%02d:59", h->hour, h->hour);
      append_row (out, label, h->count, TRUE, h->amount);
    }
}

gint64
ocop_day_report_cash (const OcopDayReport *report)
{
  gint64 cash = 0;

  for (guint i = 0; i < report->by_method->len; i++)
    if (g_array_index (report->by_method, OcopMethodTotal, i).method == OCOP_PAYMENT_CASH)
      cash += g_array_index (report->by_method, OcopMethodTotal, i).amount;
  return cash;
}

static void
append_cash_count (GString             *out,
                   const OcopDayReport *report)
{
  if (report->closed_by == NULL)
    return;
  g_string_append_printf (out, "\n%s %s\n", _("Closed by"), report->closed_by);
  append_row (out, _("Cash expected"), 0, FALSE, report->cash_expected);
  append_row (out, _("Cash counted"), 0, FALSE, report->cash_counted);
  append_row (out, _("Difference"), 0, FALSE, report->cash_counted - report->cash_expected);
}

char *
ocop_day_report_to_text (const OcopDayReport *report,
                         gboolean             z_report)
{
  GString *out = g_string_new (NULL);
  g_autofree char *visitors = ocop_money_format_plain (report->visitors);

  g_string_append_printf (out, "%s — %s %s — %s%s\n",
                          z_report ? _("Z report") : _("Day report"),
                          _("booth"), report->booth, report->business_day,
                          g_strcmp0 (report->state, "closed") == 0 ? _(" (closed)") : "");
  append_row (out, _("Sales"), report->sales_count, TRUE, report->gross);
  append_row (out, _("Discounts given"), 0, FALSE, report->discounts);
  append_row (out, _("Voids"), report->void_count, TRUE, -report->void_amount);
  append_row (out, _("Refunds"), report->refund_count, TRUE, -report->refund_amount);
  append_row (out, _("Net revenue"), 0, FALSE, report->net);
  g_string_append_printf (out, "  %s %" G_GINT64_FORMAT "\n", _("Items sold:"), report->items);
  if (report->first_receipt > 0)
    g_string_append_printf (out, "  %s #%" G_GINT64_FORMAT "–#%" G_GINT64_FORMAT "\n",
                            _("Receipts:"), report->first_receipt, report->last_receipt);
  g_string_append_printf (out, "  %s %s\n", _("Visitors at the gates:"), visitors);
  append_cash_count (out, report);
  ocop_handovers_append_text (out, report->handovers);
  append_day_breakdowns (out, report);
  return g_string_free (out, FALSE);
}

char *
ocop_fair_report_to_text (const OcopFairReport *report)
{
  GString *out = g_string_new (NULL);
  g_autofree char *visitors = ocop_money_format_plain (report->visitors);

  g_string_append_printf (out, "%s — %s\n", _("Fair report"), report->fair_name);
  append_row (out, _("Sales"), report->sales_count, TRUE, report->gross);
  append_row (out, _("Voids"), 0, FALSE, -report->void_amount);
  append_row (out, _("Refunds"), 0, FALSE, -report->refund_amount);
  append_row (out, _("Net revenue"), 0, FALSE, report->net);
  g_string_append_printf (out, "  %s %s\n", _("Visitors at the gates:"), visitors);
  if (report->by_day->len > 0)
    g_string_append_printf (out, "\n%s\n", _("By day (sales, net revenue; visitors)"));
  for (guint i = 0; i < report->by_day->len; i++)
    {
      const OcopFairRow *row = report->by_day->pdata[i];
      g_autofree char *label = g_strdup_printf ("%s  %" G_GINT64_FORMAT, row->business_day, row->visitors);
      append_row (out, label, row->sales_count, TRUE, row->net);
    }
  if (report->by_booth->len > 0)
    g_string_append_printf (out, "\n%s\n", _("By booth"));
  for (guint i = 0; i < report->by_booth->len; i++)
    {
      const OcopFairRow *row = report->by_booth->pdata[i];
      append_row (out, row->booth, row->sales_count, TRUE, row->net);
    }
  for (guint i = 0; i < report->by_method->len; i++)
    {
      const OcopMethodTotal *m = &g_array_index (report->by_method, OcopMethodTotal, i);
      if (i == 0)
        g_string_append_printf (out, "\n%s\n", _("By payment method"));
      append_row (out, ocop_payment_method_label (m->method), m->count, TRUE, m->amount);
    }
  return g_string_free (out, FALSE);
}

/* ---- JSON ---- */

#define SET_INT(b, name, value) G_STMT_START { \
    json_builder_set_member_name (b, name); json_builder_add_int_value (b, value); } G_STMT_END
#define SET_STR(b, name, value) G_STMT_START { \
    json_builder_set_member_name (b, name); json_builder_add_string_value (b, value); } G_STMT_END

static void
add_methods (JsonBuilder  *b,
             const GArray *methods)
{
  json_builder_set_member_name (b, "by_method");
  json_builder_begin_array (b);
  for (guint i = 0; i < methods->len; i++)
    {
      const OcopMethodTotal *m = &g_array_index (methods, OcopMethodTotal, i);

      json_builder_begin_object (b);
      SET_STR (b, "method", ocop_payment_method_to_string (m->method));
      SET_INT (b, "count", m->count);
      SET_INT (b, "amount", m->amount);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
add_cashiers (JsonBuilder     *b,
              const GPtrArray *cashiers)
{
  json_builder_set_member_name (b, "by_cashier");
  json_builder_begin_array (b);
  for (guint i = 0; i < cashiers->len; i++)
    {
      const OcopCashierTotal *c = cashiers->pdata[i];

      json_builder_begin_object (b);
      SET_STR (b, "cashier", c->cashier);
      SET_INT (b, "sales_count", c->sales_count);
      SET_INT (b, "gross", c->gross);
      SET_INT (b, "returned", c->returned);
      SET_INT (b, "net", c->net);
      SET_INT (b, "cash", c->cash);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static char *
builder_to_text (JsonBuilder *b)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (b);

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

char *
ocop_day_report_to_json (const OcopDayReport *report)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  SET_STR (b, "booth", report->booth);
  SET_STR (b, "business_day", report->business_day);
  SET_STR (b, "state", report->state);
  SET_INT (b, "sales_count", report->sales_count);
  SET_INT (b, "gross", report->gross);
  SET_INT (b, "discounts", report->discounts);
  SET_INT (b, "void_count", report->void_count);
  SET_INT (b, "void_amount", report->void_amount);
  SET_INT (b, "refund_count", report->refund_count);
  SET_INT (b, "refund_amount", report->refund_amount);
  SET_INT (b, "net", report->net);
  SET_INT (b, "items", report->items);
  SET_INT (b, "first_receipt", report->first_receipt);
  SET_INT (b, "last_receipt", report->last_receipt);
  SET_INT (b, "visitors", report->visitors);
  /* Only in the Z reports of days a supervisor closed: older ones stay as
   * they were stored and sent. */
  if (report->closed_by != NULL)
    {
      SET_STR (b, "closed_by", report->closed_by);
      SET_INT (b, "cash_expected", report->cash_expected);
      SET_INT (b, "cash_counted", report->cash_counted);
    }
  /* Only when there were any, so reports of days without keep their bytes. */
  if (report->handovers->len > 0)
    ocop_handovers_add_json (b, "handovers", report->handovers);
  add_methods (b, report->by_method);
  json_builder_set_member_name (b, "by_product");
  json_builder_begin_array (b);
  for (guint i = 0; i < report->by_product->len; i++)
    {
      const OcopProductTotal *p = report->by_product->pdata[i];

      json_builder_begin_object (b);
      SET_STR (b, "sku", p->sku);
      SET_STR (b, "name", p->name);
      SET_INT (b, "quantity", p->quantity);
      SET_INT (b, "amount", p->amount);
      /* Only for weighed goods, so that other reports keep their bytes. */
      if (p->measure != 0)
        {
          SET_INT (b, "measure", p->measure);
          if (p->unit != NULL)
            SET_STR (b, "unit", p->unit);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "by_hour");
  json_builder_begin_array (b);
  for (guint i = 0; i < report->by_hour->len; i++)
    {
      const OcopHourTotal *h = &g_array_index (report->by_hour, OcopHourTotal, i);

      json_builder_begin_object (b);
      SET_INT (b, "hour", h->hour);
      SET_INT (b, "count", h->count);
      SET_INT (b, "amount", h->amount);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  add_cashiers (b, report->by_cashier);
  json_builder_end_object (b);
  return builder_to_text (b);
}

static void
add_fair_rows (JsonBuilder     *b,
               const char      *name,
               const GPtrArray *rows)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; i < rows->len; i++)
    {
      const OcopFairRow *row = rows->pdata[i];

      json_builder_begin_object (b);
      if (row->business_day)
        SET_STR (b, "business_day", row->business_day);
      if (row->booth)
        SET_STR (b, "booth", row->booth);
      SET_INT (b, "sales_count", row->sales_count);
      SET_INT (b, "net", row->net);
      if (row->business_day)
        SET_INT (b, "visitors", row->visitors);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

char *
ocop_fair_report_to_json (const OcopFairReport *report)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  SET_STR (b, "fair", report->fair_name);
  SET_INT (b, "sales_count", report->sales_count);
  SET_INT (b, "gross", report->gross);
  SET_INT (b, "void_amount", report->void_amount);
  SET_INT (b, "refund_amount", report->refund_amount);
  SET_INT (b, "net", report->net);
  SET_INT (b, "visitors", report->visitors);
  add_methods (b, report->by_method);
  add_fair_rows (b, "by_day", report->by_day);
  add_fair_rows (b, "by_booth", report->by_booth);
  json_builder_end_object (b);
  return builder_to_text (b);
}

static void
read_methods_json (JsonArray *array,
                   GArray    *into)
{
  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      OcopMethodTotal m = {
        .method = ocop_payment_method_from_string (json_object_get_string_member_with_default (o, "method", "")),
        .count = json_object_get_int_member_with_default (o, "count", 0),
        .amount = json_object_get_int_member_with_default (o, "amount", 0),
      };
      g_array_append_val (into, m);
    }
}

/* Z reports stored before sales had cashiers have no "by_cashier". */
static void
read_cashiers_json (JsonArray *array,
                    GPtrArray *into)
{
  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      OcopCashierTotal *total = g_new0 (OcopCashierTotal, 1);

      total->cashier = g_strdup (json_object_get_string_member_with_default (o, "cashier", ""));
      total->sales_count = json_object_get_int_member_with_default (o, "sales_count", 0);
      total->gross = json_object_get_int_member_with_default (o, "gross", 0);
      total->returned = json_object_get_int_member_with_default (o, "returned", 0);
      total->net = json_object_get_int_member_with_default (o, "net", 0);
      total->cash = json_object_get_int_member_with_default (o, "cash", 0);
      g_ptr_array_add (into, total);
    }
}

OcopDayReport *
ocop_day_report_from_json (const char  *json,
                           GError     **error)
{
  g_autoptr(JsonNode) root = ocop_json_from_string (json, OCOP_JSON_MAX_STORED_BYTES, error);
  JsonObject *o;
  JsonArray *array;
  JsonNode *node;
  OcopDayReport *report;

  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA, _("A report must be a JSON object"));
      return NULL;
    }
  o = json_node_get_object (root);
  report = day_report_new (json_object_get_string_member_with_default (o, "booth", ""),
                           json_object_get_string_member_with_default (o, "business_day", ""));
  report->state = g_strdup (json_object_get_string_member_with_default (o, "state", NULL));
#define GET(field) report->field = json_object_get_int_member_with_default (o, #field, 0)
  GET (sales_count); GET (gross); GET (discounts); GET (void_count); GET (void_amount);
  GET (refund_count); GET (refund_amount); GET (net); GET (items); GET (first_receipt);
  GET (last_receipt); GET (visitors); GET (cash_expected); GET (cash_counted);
#undef GET
  report->closed_by = g_strdup (json_object_get_string_member_with_default (o, "closed_by", NULL));
  /* Absent from reports stored before handovers. */
  node = json_object_get_member (o, "handovers");
  g_ptr_array_unref (report->handovers);
  report->handovers = ocop_handovers_from_json (node != NULL && JSON_NODE_HOLDS_ARRAY (node)
                                                ? json_node_get_array (node) : NULL);
  read_methods_json (json_object_get_array_member (o, "by_method"), report->by_method);
  array = json_object_get_array_member (o, "by_product");
  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      JsonObject *p = json_array_get_object_element (array, i);
      OcopProductTotal *total = g_new0 (OcopProductTotal, 1);

      total->sku = g_strdup (json_object_get_string_member_with_default (p, "sku", ""));
      total->name = g_strdup (json_object_get_string_member_with_default (p, "name", ""));
      total->quantity = json_object_get_int_member_with_default (p, "quantity", 0);
      total->amount = json_object_get_int_member_with_default (p, "amount", 0);
      total->measure = json_object_get_int_member_with_default (p, "measure", 0);
      total->unit = g_strdup (json_object_get_string_member_with_default (p, "unit", NULL));
      g_ptr_array_add (report->by_product, total);
    }
  array = json_object_get_array_member (o, "by_hour");
  for (guint i = 0; array && i < json_array_get_length (array); i++)
    {
      JsonObject *h = json_array_get_object_element (array, i);
      OcopHourTotal total = {
        .hour = json_object_get_int_member_with_default (h, "hour", 0),
        .count = json_object_get_int_member_with_default (h, "count", 0),
        .amount = json_object_get_int_member_with_default (h, "amount", 0),
      };
      g_array_append_val (report->by_hour, total);
    }
  read_cashiers_json (json_object_get_array_member (o, "by_cashier"), report->by_cashier);
  return report;
}
