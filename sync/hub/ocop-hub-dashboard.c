/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-hub-dashboard.c: the organizers' dashboard: routes, the page (HTML
 * with inline CSS and SVG, no script, nothing fetched from elsewhere) and
 * the CSV exports, in Vietnamese first and English on request, from the
 * same catalogue (po/) as the till. */

#include "config.h"

#include <string.h>

#include "ocop-hub-dashboard.h"
#include "ocop-hub-gettext.h"
#include "ocop-hub-language.h"
#include "ocop-money.h"
#include "ocop-quantity.h"
#include "ocop-store.h"

struct _OcopHubDashboard {
  GObject          parent_instance;
  OcopHubBackend  *backend;
  OcopHubAccounts *accounts;
};

G_DEFINE_FINAL_TYPE (OcopHubDashboard, ocop_hub_dashboard, G_TYPE_OBJECT)

/* The page reloads itself this often (seconds): booths sync every few
 * minutes, and a meta refresh needs no script. */
#define REFRESH_S 60

static void
ocop_hub_dashboard_finalize (GObject *object)
{
  OcopHubDashboard *self = OCOP_HUB_DASHBOARD (object);

  g_clear_object (&self->accounts);
  G_OBJECT_CLASS (ocop_hub_dashboard_parent_class)->finalize (object);
}

static void
ocop_hub_dashboard_class_init (OcopHubDashboardClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ocop_hub_dashboard_finalize;
}

static void
ocop_hub_dashboard_init (OcopHubDashboard *self)
{
}

OcopHubDashboard *
ocop_hub_dashboard_new (OcopHubBackend *backend)
{
  OcopHubDashboard *self = g_object_new (OCOP_TYPE_HUB_DASHBOARD, NULL);

  self->backend = backend;
  self->accounts = ocop_hub_accounts_new (backend);
  return self;
}

OcopHubAccounts *
ocop_hub_dashboard_get_accounts (OcopHubDashboard *self)
{
  return self->accounts;
}

void
ocop_hub_web_reply_clear (OcopHubWebReply *reply)
{
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_clear_pointer (&reply->location, g_free);
  g_clear_pointer (&reply->set_cookie, g_free);
  g_clear_pointer (&reply->disposition, g_free);
}

gboolean
ocop_hub_dashboard_serves (const char *path)
{
  return g_str_equal (path, "/") || g_str_equal (path, "/login") || g_str_equal (path, "/logout") ||
         g_str_has_prefix (path, "/export/");
}

/* ---- small helpers ---- */

/* Sets the thread's messages to the page's language; returns what to
 * restore once the page is rendered. */
static locale_t
use_language (gboolean en)
{
  return ocop_hub_language_use (en ? OCOP_HUB_LANGUAGE_ENGLISH : OCOP_HUB_LANGUAGE_VIETNAMESE);
}

/* The one way a value reaches the page: the words, names, days, ids and
 * numbers alike are arguments of this format, and g_markup_vprintf_escaped
 * escapes each for HTML text and quoted attributes (& < > " '); only the
 * page's own markup is ever the format or appended as it is. A value safe
 * today (a number, a checked day) stays safe when its source changes. */
static void G_GNUC_PRINTF (2, 3)
append_markup (GString    *out,
               const char *format,
               ...)
{
  g_autofree char *markup = NULL;
  va_list args;

  va_start (args, format);
  markup = g_markup_vprintf_escaped (format, args);
  va_end (args);
  g_string_append (out, markup);
}

static void
append_escaped (GString    *out,
                const char *text)
{
  append_markup (out, "%s", text ? text : "");
}

static gint64
int_member (JsonObject *object,
            const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  return json_node_get_int (node);
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonArray *
array_member (JsonObject *object,
              const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static guint
length_of (JsonArray *array)
{
  return array ? json_array_get_length (array) : 0;
}

static GTimeZone *
fair_time_zone (void)
{
  GTimeZone *zone = g_time_zone_new_identifier (OCOP_FAIR_TIME_ZONE);

  /* Without tzdata, Vietnam's offset (no daylight saving since 1975). */
  return zone ? zone : g_time_zone_new_offset (7 * 3600);
}

static char *
format_local_time (gint64      us,
                   const char *format)
{
  g_autoptr(GTimeZone) zone = fair_time_zone ();
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = utc ? g_date_time_to_timezone (utc, zone) : NULL;

  return local ? g_date_time_format (local, format) : g_strdup ("?");
}

static char *
business_day_of (gint64 us)
{
  return format_local_time (us, "%Y-%m-%d");
}

static char *
day_before (const char *day)
{
  g_autofree char *iso = g_strconcat (day, "T12:00:00Z", NULL);
  g_autoptr(GDateTime) noon = g_date_time_new_from_iso8601 (iso, NULL);
  g_autoptr(GDateTime) before = noon ? g_date_time_add_days (noon, -1) : NULL;

  return before ? g_date_time_format (before, "%Y-%m-%d") : g_strdup ("");
}

static gboolean
is_day (const char *text)
{
  g_autofree char *iso = NULL;
  g_autoptr(GDateTime) parsed = NULL;

  if (text == NULL || strlen (text) != 10)
    return FALSE;
  iso = g_strconcat (text, "T12:00:00Z", NULL);
  parsed = g_date_time_new_from_iso8601 (iso, NULL);
  return parsed != NULL;
}

static JsonObject *
day_row (JsonObject *extras,
         const char *day)
{
  JsonArray *days = array_member (extras, "days");

  for (guint i = 0; i < length_of (days); i++)
    {
      JsonObject *row = json_array_get_object_element (days, i);

      if (g_strcmp0 (string_member (row, "day"), day) == 0)
        return row;
    }
  return NULL;
}

static JsonObject *
booth_row (JsonArray  *rows,
           const char *booth)
{
  for (guint i = 0; i < length_of (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      if (g_strcmp0 (string_member (row, "booth"), booth) == 0)
        return row;
    }
  return NULL;
}

/* ---- CSV ---- */

/* A text cell, quoted; a leading = + - @ is defused with a quote mark so
 * that a spreadsheet does not run a booth name as a formula. */
static void
append_csv_text (GString    *out,
                 const char *text)
{
  g_string_append_c (out, '"');
  if (text != NULL && strchr ("=+-@\t\r", text[0]) != NULL && text[0] != '\0')
    g_string_append_c (out, '\'');
  for (const char *p = text ? text : ""; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
append_csv_int (GString *out,
                gint64   value)
{
  g_string_append_printf (out, "%" G_GINT64_FORMAT, value);
}

static void
append_csv_header (GString            *out,
                   const char * const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    g_string_append_printf (out, "%s%s", i ? "," : "", names[i]);
  g_string_append (out, "\r\n");
}

static void
append_csv_rows (GString            *out,
                 JsonArray          *rows,
                 const char * const *names,
                 const char * const *text_names)
{
  for (guint r = 0; r < length_of (rows); r++)
    {
      JsonObject *row = json_array_get_object_element (rows, r);

      for (guint i = 0; names[i] != NULL; i++)
        {
          if (i)
            g_string_append_c (out, ',');
          if (g_strv_contains (text_names, names[i]))
            append_csv_text (out, string_member (row, names[i]));
          else
            append_csv_int (out, int_member (row, names[i]));
        }
      g_string_append (out, "\r\n");
    }
}

static void
append_booths_csv (GString    *out,
                   JsonObject *totals,
                   JsonObject *extras)
{
  static const char * const header[] = { "booth", "name", "locality", "in_province", "sales", "voids", "refunds",
                                         "revenue_vnd", "visitors", "last_sync_utc", NULL };
  static const char * const counts[] = { "in_province", "sales", "voids", "refunds", "revenue", "visitors", NULL };
  JsonArray *booths = array_member (totals, "by_booth");

  append_csv_header (out, header);
  for (guint r = 0; r < length_of (booths); r++)
    {
      JsonObject *row = json_array_get_object_element (booths, r);
      JsonObject *device = booth_row (array_member (extras, "booths"), string_member (row, "booth"));
      gint64 last = int_member (row, "last_sync_us");

      append_csv_text (out, string_member (row, "booth"));
      g_string_append_c (out, ',');
      append_csv_text (out, string_member (device, "name"));
      g_string_append_c (out, ',');
      append_csv_text (out, string_member (device, "locality"));
      for (guint i = 0; counts[i] != NULL; i++)
        {
          g_string_append_c (out, ',');
          append_csv_int (out, int_member (row, counts[i]));
        }
      g_string_append_c (out, ',');
      if (last > 0)
        {
          g_autoptr(GDateTime) at = g_date_time_new_from_unix_utc (last / G_USEC_PER_SEC);
          g_autofree char *text = g_date_time_format_iso8601 (at);

          g_string_append (out, text);
        }
      g_string_append (out, "\r\n");
    }
}

/* The exports that are one array of the totals (or of the dashboard's
 * extras), column by column as in the JSON. */
typedef struct {
  const char         *table;
  gboolean            from_extras;
  const char         *array;
  const char * const *columns;
} CsvExport;

static const CsvExport csv_exports[] = {
  { "days", TRUE, "days", ocop_hub_day_columns },
  { "localities", FALSE, "by_locality", ocop_hub_locality_columns },
  { "places", FALSE, "by_locality_name", ocop_hub_place_columns },
  { "methods", FALSE, "by_method", ocop_hub_method_columns },
  /* Every day's hours: the day column says which. */
  { "hours", TRUE, "hours", ocop_hub_hour_columns },
  /* The whole fair's top ten, as on the page. */
  { "products", TRUE, "products", ocop_hub_product_columns },
  /* The stable ids (enterprise, cooperative, household, unknown), as in
   * the totals JSON: a spreadsheet sorts and filters on them. */
  { "kinds", FALSE, "by_producer_kind", ocop_hub_kind_columns },
};

/* Columns written as quoted text; the others are numbers. */
static const char * const csv_text_columns[] = { "fair", "day", "method", "booth", "sku", "name", "unit",
                                                 "producer_kind", "locality", NULL };

char *
ocop_hub_dashboard_csv (const char  *table,
                        JsonObject  *totals,
                        JsonObject  *extras,
                        GError     **error)
{
  static const char * const totals_columns[] = { "fair", "day", "sales", "voids", "refunds", "revenue", "visitors",
                                                 NULL };
  g_autoptr(GString) out = g_string_new ("\xEF\xBB\xBF");

  if (g_str_equal (table, "totals"))
    {
      g_autoptr(JsonArray) one = json_array_new ();

      json_array_add_object_element (one, json_object_ref (totals));
      append_csv_header (out, totals_columns);
      append_csv_rows (out, one, totals_columns, csv_text_columns);
      return g_string_free (g_steal_pointer (&out), FALSE);
    }
  if (g_str_equal (table, "booths"))
    {
      append_booths_csv (out, totals, extras);
      return g_string_free (g_steal_pointer (&out), FALSE);
    }
  for (guint i = 0; i < G_N_ELEMENTS (csv_exports); i++)
    {
      const CsvExport *export = &csv_exports[i];

      if (!g_str_equal (table, export->table))
        continue;
      append_csv_header (out, export->columns);
      append_csv_rows (out, array_member (export->from_extras ? extras : totals, export->array), export->columns,
                       csv_text_columns);
      return g_string_free (g_steal_pointer (&out), FALSE);
    }
  g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_NOT_FOUND,
               _("There is no table '%s': try totals, booths, days, hours, products, localities, places,"
                 " methods or kinds"), table);
  return NULL;
}

/* ---- the page ---- */

static const char page_style[] =
  "body{font-family:'DejaVu Sans',sans-serif;margin:0;padding:0 12px 24px;background:#f6f7f4;color:#1d2a1f}"
  "header{display:flex;flex-wrap:wrap;align-items:center;gap:8px 16px;padding:12px 0}"
  "header h1{font-size:1.3em;margin:0;flex:1 1 60%}"
  "a{color:#1c6b3a}button{font:inherit;padding:6px 14px}"
  ".cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(160px,1fr));gap:10px}"
  ".card{background:#fff;border-radius:8px;padding:10px 14px;box-shadow:0 1px 2px #0002}"
  ".card h2{font-size:.9em;font-weight:normal;margin:0;color:#4a5a4c}"
  ".big{font-size:1.6em;font-weight:bold;margin:4px 0}.up{color:#1c6b3a}.down{color:#a3261b}"
  "section{background:#fff;border-radius:8px;padding:10px 14px;margin-top:12px;box-shadow:0 1px 2px #0002}"
  "section h2{font-size:1.05em;margin:4px 0 8px}.scroll{overflow-x:auto}"
  "table{border-collapse:collapse;width:100%;font-size:.92em}"
  "th,td{padding:4px 6px;border-bottom:1px solid #e3e6e0;text-align:left}td.n,th.n{text-align:right}"
  "tr.stale td{background:#fde8e4}.flag{color:#a3261b;font-weight:bold}"
  "svg{width:100%;height:auto;max-width:540px}small{color:#5d6b5f}.muted{color:#5d6b5f;font-size:.9em}"
  "form.login{max-width:320px;margin:40px auto;display:grid;gap:8px}"
  "form.login input{font:inherit;padding:8px}.error{color:#a3261b}";

static void
begin_page (GString    *out,
            gboolean    en,
            const char *title,
            gboolean    refresh)
{
  append_markup (out, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
                          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
                          en ? "en" : "vi");
  if (refresh)
    append_markup (out, "<meta http-equiv=\"refresh\" content=\"%d\">", REFRESH_S);
  g_string_append (out, "<title>");
  append_escaped (out, title);
  /* The style is the page's own text, in an element entities do not
   * reach into. */
  g_string_append (out, "</title><style>");
  g_string_append (out, page_style);
  g_string_append (out, "</style></head><body>\n");
}

static char *
format_money (gint64 vnd)
{
  return ocop_money_format (vnd);
}

static char *
format_count (gint64 n)
{
  /* The same grouping as money: "54.000". */
  return ocop_money_format_plain (n);
}

/* "+15%" against the day before; NULL when there is nothing to compare. */
static char *
change_against (gint64 now,
                gint64 before)
{
  gint64 percent;

  if (before <= 0)
    return NULL;
  percent = ((now - before) * 200 / before + (now >= before ? 1 : -1)) / 2;
  return g_strdup_printf ("%s%" G_GINT64_FORMAT "%%", percent >= 0 ? "+" : "", percent);
}

static void
append_card (GString    *out,
             const char *id,
             const char *label,
             gint64      value,
             gboolean    money,
             const char *change,
             const char *change_label)
{
  g_autofree char *text = money ? format_money (value) : format_count (value);

  append_markup (out, "<div class=\"card\" id=\"%s\"><h2>", id);
  append_escaped (out, label);
  append_markup (out, "</h2><p class=\"big\" data-value=\"%" G_GINT64_FORMAT "\">", value);
  append_escaped (out, text);
  g_string_append (out, "</p>");
  if (change != NULL)
    {
      append_markup (out, "<p class=\"%s\">", change[0] == '-' ? "down" : "up");
      append_escaped (out, change);
      g_string_append_c (out, ' ');
      append_escaped (out, change_label);
      g_string_append (out, "</p>");
    }
  g_string_append (out, "</div>\n");
}

/* A bar per day, drawn by the server: no script, no chart library. */
static void
append_day_chart (GString    *out,
                  JsonArray  *days,
                  const char *member,
                  const char *title,
                  const char *selected)
{
  /* A narrow drawing, so that its labels stay readable once a phone
   * scales it down. */
  const int width = 360, height = 160, top = 18, bottom = 22;
  guint n = length_of (days);
  gint64 max = 1;
  double slot;

  for (guint i = 0; i < n; i++)
    max = MAX (max, int_member (json_array_get_object_element (days, i), member));
  slot = MIN (n ? (double) width / n : width, 60.0);
  append_markup (out, "<svg viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"", width, height);
  append_escaped (out, title);
  g_string_append (out, "\">");
  for (guint i = 0; i < n; i++)
    {
      JsonObject *row = json_array_get_object_element (days, i);
      gint64 value = int_member (row, member);
      const char *day = string_member (row, "day");
      double bar = (double) value / (double) max * (height - top - bottom);
      g_autofree char *label = format_count (value);

      append_markup (out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>",
                              i * slot + slot * 0.15, height - bottom - bar, slot * 0.7, bar,
                              g_strcmp0 (day, selected) == 0 ? "#1c6b3a" : "#8fbf9a");
      append_markup (out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\">",
                              i * slot + slot / 2, height - bottom - bar - 4);
      append_escaped (out, label);
      append_markup (out, "</text><text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">",
                              i * slot + slot / 2, height - 10);
      append_escaped (out, day ? day + 5 : "");
      g_string_append (out, "</text>");
    }
  g_string_append (out, "</svg>\n");
}

static void
append_th (GString    *out,
           const char *label,
           gboolean    number)
{
  g_string_append (out, number ? "<th class=\"n\">" : "<th>");
  append_escaped (out, label);
  g_string_append (out, "</th>");
}

static void
append_td_text (GString    *out,
                const char *text)
{
  g_string_append (out, "<td>");
  append_escaped (out, text);
  g_string_append (out, "</td>");
}

/* A figure's cell: @text shown, @value for sorting and for tests. */
static void
append_td_figure (GString    *out,
                  gint64      value,
                  const char *text)
{
  append_markup (out, "<td class=\"n\" data-value=\"%" G_GINT64_FORMAT "\">", value);
  append_escaped (out, text);
  g_string_append (out, "</td>");
}

static void
append_td_number (GString *out,
                  gint64   value,
                  gboolean money)
{
  g_autofree char *text = money ? format_money (value) : format_count (value);

  append_td_figure (out, value, text);
}

/* A product's quantity as its booth sold it: "2 hộp", "12,350 kg", or
 * both apart when a product was sold both ways (a "kg" product counted by
 * the piece before weighed goods): never a sum of pieces and weight. */
static char *
format_product_quantity (JsonObject *row)
{
  gint64 pieces = int_member (row, "quantity");
  gint64 measure = int_member (row, "measure");
  const char *unit = string_member (row, "unit");
  g_autofree char *counted = pieces != 0 || measure == 0 ? ocop_quantity_format (pieces, FALSE, unit) : NULL;
  g_autofree char *weighed = measure != 0 ? ocop_quantity_format (measure, TRUE, unit) : NULL;

  if (counted != NULL && weighed != NULL)
    return g_strdup_printf ("%s + %s", counted, weighed);
  return g_strdup (counted != NULL ? counted : weighed);
}

/* Thousandths with three decimals, no unit: a kind's weighed lines may be
 * of several units. */
static void
append_td_measure (GString *out,
                   gint64   measure)
{
  g_autofree char *text = ocop_quantity_format (measure, TRUE, NULL);

  append_td_figure (out, measure, text);
}

/* The cell sorts by what it shows first: pieces, else thousandths. */
static void
append_td_quantity (GString    *out,
                    JsonObject *row)
{
  g_autofree char *text = format_product_quantity (row);
  gint64 pieces = int_member (row, "quantity");

  append_td_figure (out, pieces != 0 ? pieces : int_member (row, "measure"), text);
}

static void
append_csv_link (GString    *out,
                 const char *table,
                 const char *fair,
                 const char *day)
{
  g_autofree char *fair_arg = g_uri_escape_string (fair, NULL, FALSE);

  append_markup (out, "<p><a id=\"csv-%s\" href=\"/export/%s.csv?fair=", table, table);
  append_escaped (out, fair_arg);
  if (day != NULL)
    append_markup (out, "&amp;day=%s", day);
  g_string_append (out, "\">");
  append_escaped (out, _("Download CSV"));
  g_string_append (out, "</a></p>\n");
}

static gboolean
booth_is_stale (JsonObject *fair_totals,
                const char *booth)
{
  return booth_row (array_member (fair_totals, "stale_booths"), booth) != NULL;
}

static void
append_booth_table (GString    *out,
                    JsonObject *day_totals,
                    JsonObject *fair_totals,
                    JsonObject *extras,
                    const char *fair,
                    const char *day)
{
  JsonArray *devices = array_member (extras, "booths");
  JsonArray *day_rows = array_member (day_totals, "by_booth");
  JsonArray *fair_rows = array_member (fair_totals, "by_booth");

  g_string_append (out, "<section id=\"booths\"><h2>");
  append_escaped (out, _("Booths"));
  g_string_append (out, "</h2><div class=\"scroll\"><table><tr>");
  append_th (out, _("Booth"), FALSE);
  append_th (out, _("Name, locality"), FALSE);
  append_th (out, C_("dashboard column", "Sales"), TRUE);
  append_th (out, _("Revenue"), TRUE);
  append_th (out, _("Last sync"), FALSE);
  g_string_append (out, "</tr>\n");
  /* Every enrolled booth, with or without sales that day: a silent booth
   * is what organizers must see. */
  for (guint i = 0; i < length_of (devices); i++)
    {
      JsonObject *device = json_array_get_object_element (devices, i);
      const char *booth = string_member (device, "booth");
      JsonObject *today = booth_row (day_rows, booth);
      gint64 last = int_member (booth_row (fair_rows, booth), "last_sync_us");
      gboolean stale = booth_is_stale (fair_totals, booth);
      g_autofree char *last_text = last > 0 ? format_local_time (last, "%H:%M %d/%m") : NULL;

      g_string_append (out, stale ? "<tr class=\"stale\" data-booth=\"" : "<tr data-booth=\"");
      append_escaped (out, booth);
      g_string_append (out, "\">");
      g_string_append (out, "<td>");
      append_escaped (out, booth);
      /* Beside the code, where a phone shows it without scrolling. */
      if (stale)
        {
          g_string_append (out, "<br><span class=\"flag\">⚠ ");
          append_escaped (out, _("not synced for 30 min"));
          g_string_append (out, "</span>");
        }
      g_string_append (out, "</td><td>");
      append_escaped (out, string_member (device, "name"));
      g_string_append (out, "<br><small>");
      append_escaped (out, string_member (device, "locality"));
      g_string_append (out, "</small></td>");
      append_td_number (out, int_member (today, "sales"), FALSE);
      append_td_number (out, int_member (today, "revenue"), TRUE);
      append_td_text (out, last_text ? last_text : C_("last sync", "never"));
      g_string_append (out, "</tr>\n");
    }
  g_string_append (out, "</table></div>");
  append_csv_link (out, "booths", fair, day);
  g_string_append (out, "</section>\n");
}

static void
append_locality_table (GString    *out,
                       JsonObject *day_totals,
                       const char *fair,
                       const char *day)
{
  JsonArray *rows = array_member (day_totals, "by_locality");

  g_string_append (out, "<section id=\"localities\"><h2>");
  append_escaped (out, _("In the province and other provinces"));
  g_string_append (out, "</h2><table><tr>");
  append_th (out, _("Booths from"), FALSE);
  append_th (out, C_("dashboard column", "Sales"), TRUE);
  append_th (out, _("Revenue"), TRUE);
  g_string_append (out, "</tr>\n");
  for (guint i = 0; i < length_of (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      g_string_append (out, "<tr>");
      /* Translators: the fair's own province, in the column "Booths from". */
      append_td_text (out, int_member (row, "in_province") ? _("Quảng Ninh") : _("Other provinces"));
      append_td_number (out, int_member (row, "sales"), FALSE);
      append_td_number (out, int_member (row, "revenue"), TRUE);
      g_string_append (out, "</tr>\n");
    }
  g_string_append (out, "</table>");
  append_csv_link (out, "localities", fair, day);
  g_string_append (out, "</section>\n");
}

/* The fair's own localities (Quảng Ninh's 13) and the provinces that sent
 * booths, by revenue: which places the fair sold for. */
static void
append_place_table (GString    *out,
                    JsonObject *day_totals,
                    const char *fair,
                    const char *day)
{
  JsonArray *rows = array_member (day_totals, "by_locality_name");

  g_string_append (out, "<section id=\"places\"><h2>");
  append_escaped (out, _("By locality"));
  g_string_append (out, "</h2><table><tr>");
  append_th (out, _("Locality"), FALSE);
  append_th (out, C_("dashboard column", "Sales"), TRUE);
  append_th (out, _("Revenue"), TRUE);
  g_string_append (out, "</tr>\n");
  for (guint i = 0; i < length_of (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      const char *place = string_member (row, "locality");

      g_string_append (out, "<tr>");
      append_td_text (out, place && *place ? place : _("(not given)"));
      append_td_number (out, int_member (row, "sales"), FALSE);
      append_td_number (out, int_member (row, "revenue"), TRUE);
      g_string_append (out, "</tr>\n");
    }
  g_string_append (out, "</table>");
  append_csv_link (out, "places", fair, day);
  g_string_append (out, "</section>\n");
}

static const char *
method_label (const char *method)
{
  if (g_strcmp0 (method, "cash") == 0)
    return _("Cash");
  if (g_strcmp0 (method, "transfer") == 0)
    return _("Bank transfer");
  return method;
}

static void
append_method_table (GString    *out,
                     JsonObject *day_totals,
                     const char *fair,
                     const char *day)
{
  JsonArray *rows = array_member (day_totals, "by_method");

  g_string_append (out, "<section id=\"methods\"><h2>");
  append_escaped (out, _("Payment methods"));
  g_string_append (out, "</h2><table><tr>");
  append_th (out, _("Method"), FALSE);
  append_th (out, _("Amount"), TRUE);
  g_string_append (out, "</tr>\n");
  for (guint i = 0; i < length_of (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      g_string_append (out, "<tr>");
      append_td_text (out, method_label (string_member (row, "method")));
      append_td_number (out, int_member (row, "amount"), TRUE);
      g_string_append (out, "</tr>\n");
    }
  g_string_append (out, "</table>");
  append_csv_link (out, "methods", fair, day);
  g_string_append (out, "</section>\n");
}

/* The words of the OCOP programme's own reports ("55 doanh nghiệp, 89 HTX,
 * 74 hộ sản xuất"), as the till's catalog shows them. */
static const char *
producer_kind_label (const char *kind)
{
  if (g_strcmp0 (kind, "enterprise") == 0)
    return _("Enterprises");
  if (g_strcmp0 (kind, "cooperative") == 0)
    return _("Cooperatives");
  if (g_strcmp0 (kind, "household") == 0)
    return _("Households");
  return _("Not recorded (older devices)");
}

static JsonObject *
kind_row (JsonArray  *rows,
          const char *kind)
{
  for (guint i = 0; i < length_of (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      if (g_strcmp0 (string_member (row, "producer_kind"), kind) == 0)
        return row;
    }
  return NULL;
}

/* The chosen day beside the whole fair's revenue, one row per kind either
 * has. The fair's rows hold every kind the day has, so they give the
 * order. */
static void
append_kind_table (GString    *out,
                   JsonObject *day_totals,
                   JsonObject *fair_totals,
                   const char *fair,
                   const char *day)
{
  JsonArray *day_rows = array_member (day_totals, "by_producer_kind");
  JsonArray *fair_rows = array_member (fair_totals, "by_producer_kind");

  g_string_append (out, "<section id=\"kinds\"><h2>");
  append_escaped (out, _("By producer kind"));
  g_string_append (out, "</h2><div class=\"scroll\"><table><tr>");
  /* Five short columns: on a phone the table scrolls on its own, never
   * the page. */
  append_th (out, _("Producer"), FALSE);
  append_th (out, _("Quantity"), TRUE);
  append_th (out, _("Weighed"), TRUE);
  append_th (out, _("Revenue"), TRUE);
  append_th (out, _("Whole fair"), TRUE);
  g_string_append (out, "</tr>\n");
  for (guint i = 0; i < length_of (fair_rows); i++)
    {
      JsonObject *whole = json_array_get_object_element (fair_rows, i);
      const char *kind = string_member (whole, "producer_kind");
      JsonObject *that_day = kind_row (day_rows, kind);

      g_string_append (out, "<tr data-kind=\"");
      append_escaped (out, kind);
      g_string_append (out, "\">");
      append_td_text (out, producer_kind_label (kind));
      append_td_number (out, int_member (that_day, "quantity"), FALSE);
      append_td_measure (out, int_member (that_day, "measure"));
      append_td_number (out, int_member (that_day, "revenue"), TRUE);
      append_td_number (out, int_member (whole, "revenue"), TRUE);
      g_string_append (out, "</tr>\n");
    }
  g_string_append (out, "</table></div><p class=\"muted\">");
  append_escaped (out, _("Quantity and revenue of the chosen day, then the revenue of the whole fair:"
                         " what the sale lines of each kind add up to, voids and refunds taken off."
                         " Discounts on a whole order are not shared out, so these sums can be a little"
                         " above the revenue."));
  g_string_append (out, " ");
  append_escaped (out, _("Quantity counts what was sold by the piece; Weighed, what was sold by weight or"
                         " measure, in each product's own unit (kg, l, m), never added to the pieces."));
  g_string_append (out, "</p>");
  append_csv_link (out, "kinds", fair, day);
  g_string_append (out, "</section>\n");
}

static void
append_days_section (GString    *out,
                     gboolean    en,
                     JsonObject *extras,
                     const char *fair,
                     const char *day)
{
  JsonArray *days = array_member (extras, "days");
  g_autofree char *fair_arg = g_uri_escape_string (fair, NULL, FALSE);

  g_string_append (out, "<section id=\"days\"><h2>");
  append_escaped (out, _("Revenue per day"));
  g_string_append (out, "</h2>");
  append_day_chart (out, days, "revenue", _("Revenue per day"), day);
  g_string_append (out, "<h2>");
  append_escaped (out, _("Visitors per day"));
  g_string_append (out, "</h2>");
  append_day_chart (out, days, "visitors", _("Visitors per day"), day);
  g_string_append (out, "<p class=\"muted\">");
  for (guint i = 0; i < length_of (days); i++)
    {
      const char *each = string_member (json_array_get_object_element (days, i), "day");

      g_string_append (out, "<a href=\"/?fair=");
      append_escaped (out, fair_arg);
      g_string_append (out, "&amp;day=");
      append_escaped (out, each);
      g_string_append (out, en ? "&amp;lang=en\">" : "\">");
      append_escaped (out, each);
      g_string_append (out, "</a> ");
    }
  g_string_append (out, "</p>");
  append_csv_link (out, "days", fair, NULL);
  g_string_append (out, "</section>\n");
}

/* The hourly revenue of @day as 24 values, from the "hours" tally rows;
 * hours without a sale stay 0 so the curve shows the quiet hours too. */
static void
hours_of_day (JsonArray  *hours,
              const char *day,
              gint64      sales[24],
              gint64      revenue[24])
{
  for (guint i = 0; i < length_of (hours); i++)
    {
      JsonObject *row = json_array_get_object_element (hours, i);
      gint64 hour = int_member (row, "hour");

      if (g_strcmp0 (string_member (row, "day"), day) == 0 && hour >= 0 && hour < 24)
        {
          sales[hour] += int_member (row, "sales");
          revenue[hour] += int_member (row, "revenue");
        }
    }
}

/* A curve of revenue by local hour, drawn by the server like the day bars. */
static void
append_hour_curve (GString      *out,
                   const gint64  revenue[24],
                   const char   *title)
{
  const int width = 360, height = 160, top = 18, bottom = 22, left = 6;
  const double step = (double) (width - 2 * left) / 23;
  double plot = height - top - bottom;
  gint64 max = 1;

  for (int h = 0; h < 24; h++)
    max = MAX (max, revenue[h]);
  append_markup (out, "<svg viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"", width, height);
  append_escaped (out, title);
  g_string_append (out, "\"><polyline fill=\"none\" stroke=\"#1c6b3a\" stroke-width=\"2\" points=\"");
  /* A refund can make an hour negative: drawn on the axis, not below it. */
  for (int h = 0; h < 24; h++)
    append_markup (out, "%s%.1f,%.1f", h ? " " : "", left + h * step,
                            height - bottom - (double) MAX (revenue[h], 0) / (double) max * plot);
  g_string_append (out, "\"/>");
  for (int h = 0; h < 24; h += 3)
    append_markup (out, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%02dh</text>",
                            left + h * step, height - 8, h);
  g_string_append (out, "</svg>\n");
}

static void
append_hours_section (GString    *out,
                      JsonObject *extras,
                      const char *fair,
                      const char *day)
{
  gint64 sales[24] = { 0 }, revenue[24] = { 0 };

  hours_of_day (array_member (extras, "hours"), day, sales, revenue);
  g_string_append (out, "<section id=\"hours\"><h2>");
  append_escaped (out, _("Revenue by hour that day"));
  g_string_append (out, "</h2>");
  append_hour_curve (out, revenue, _("Revenue by hour that day"));
  g_string_append (out, "<div class=\"scroll\"><table><tr>");
  append_th (out, _("Hour"), FALSE);
  append_th (out, C_("dashboard column", "Sales"), TRUE);
  append_th (out, _("Revenue"), TRUE);
  g_string_append (out, "</tr>\n");
  for (int h = 0; h < 24; h++)
    {
      g_autofree char *label = NULL;

      if (sales[h] == 0 && revenue[h] == 0)
        continue;
      label = g_strdup_printf ("%02d:00–%02d:59", h, h);
      append_markup (out, "<tr data-hour=\"%d\">", h);
      append_td_text (out, label);
      append_td_number (out, sales[h], FALSE);
      append_td_number (out, revenue[h], TRUE);
      g_string_append (out, "</tr>\n");
    }
  g_string_append (out, "</table></div>");
  append_csv_link (out, "hours", fair, NULL);
  g_string_append (out, "</section>\n");
}

/* The fair's ten best-selling products by revenue, voids and refunds
 * taken off, each under its own booth: a booth names only its own. */
static void
append_products_table (GString    *out,
                       JsonObject *extras,
                       const char *fair)
{
  JsonArray *rows = array_member (extras, "products");

  g_string_append (out, "<section id=\"products\"><h2>");
  append_escaped (out, _("Top products, whole fair"));
  g_string_append (out, "</h2><div class=\"scroll\"><table><tr>");
  append_th (out, _("Booth"), FALSE);
  append_th (out, _("Code"), FALSE);
  append_th (out, _("Product"), FALSE);
  append_th (out, _("Quantity"), TRUE);
  append_th (out, _("Revenue"), TRUE);
  g_string_append (out, "</tr>\n");
  for (guint i = 0; i < length_of (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      g_string_append (out, "<tr class=\"product\">");
      append_td_text (out, string_member (row, "booth"));
      append_td_text (out, string_member (row, "sku"));
      append_td_text (out, string_member (row, "name"));
      append_td_quantity (out, row);
      append_td_number (out, int_member (row, "revenue"), TRUE);
      g_string_append (out, "</tr>\n");
    }
  g_string_append (out, "</table></div>");
  append_csv_link (out, "products", fair, NULL);
  g_string_append (out, "</section>\n");
}

static void
append_header (GString    *out,
               gboolean    en,
               const char *fair,
               const char *day,
               gint64      now_us)
{
  g_autofree char *as_of = format_local_time (now_us, "%H:%M:%S %d/%m/%Y");
  g_autofree char *fair_arg = g_uri_escape_string (fair, NULL, FALSE);

  g_string_append (out, "<header><h1>");
  append_escaped (out, _("Fair"));
  g_string_append (out, " ");
  append_escaped (out, fair);
  g_string_append (out, "</h1><a href=\"/?fair=");
  append_escaped (out, fair_arg);
  append_markup (out, "&amp;day=%s", day);
  g_string_append (out, en ? "\">" : "&amp;lang=en\">");
  append_markup (out, "%s</a>", en ? "Tiếng Việt" : "English");
  g_string_append (out, "<form method=\"post\" action=\"/logout\"><button type=\"submit\">");
  append_escaped (out, _("Log out"));
  g_string_append (out, "</button></form></header>\n<p class=\"muted\" id=\"as-of\">");
  append_escaped (out, _("Figures as of"));
  g_string_append_c (out, ' ');
  append_escaped (out, as_of);
  g_string_append (out, " · ");
  append_escaped (out, _("Day"));
  append_markup (out, " <span id=\"day\">%s</span></p>\n", day);
}

static void
append_cards (GString    *out,
              JsonObject *day_totals,
              JsonObject *fair_totals,
              JsonObject *extras,
              const char *day)
{
  g_autofree char *previous = day_before (day);
  JsonObject *before = day_row (extras, previous);
  g_autofree char *visitors_change = change_against (int_member (day_totals, "visitors"),
                                                     int_member (before, "visitors"));
  g_autofree char *revenue_change = change_against (int_member (day_totals, "revenue"),
                                                    int_member (before, "revenue"));
  const char *versus = _("on the day before");

  g_string_append (out, "<div class=\"cards\">\n");
  append_card (out, "day-visitors", _("Visitors that day"),
               int_member (day_totals, "visitors"), FALSE, visitors_change, versus);
  append_card (out, "day-revenue", _("Revenue that day"),
               int_member (day_totals, "revenue"), TRUE, revenue_change, versus);
  append_card (out, "day-sales", _("Sales that day"),
               int_member (day_totals, "sales"), FALSE, NULL, NULL);
  append_card (out, "fair-visitors", _("Visitors, whole fair"),
               int_member (fair_totals, "visitors"), FALSE, NULL, NULL);
  append_card (out, "fair-revenue", _("Revenue, whole fair"),
               int_member (fair_totals, "revenue"), TRUE, NULL, NULL);
  g_string_append (out, "</div>\n");
}

static char *
render_dashboard (gboolean    en,
                  const char *fair,
                  const char *day,
                  JsonObject *day_totals,
                  JsonObject *fair_totals,
                  JsonObject *extras,
                  gint64      now_us)
{
  locale_t previous = use_language (en);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *title = g_strconcat (_("Fair dashboard"), " – ", fair, NULL);

  begin_page (out, en, title, TRUE);
  append_header (out, en, fair, day, now_us);
  append_cards (out, day_totals, fair_totals, extras, day);
  append_days_section (out, en, extras, fair, day);
  append_hours_section (out, extras, fair, day);
  append_products_table (out, extras, fair);
  append_booth_table (out, day_totals, fair_totals, extras, fair, day);
  append_locality_table (out, day_totals, fair, day);
  append_place_table (out, day_totals, fair, day);
  append_kind_table (out, day_totals, fair_totals, fair, day);
  append_method_table (out, day_totals, fair, day);
  g_string_append (out, "</body></html>\n");
  ocop_hub_language_restore (previous);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* What a refused login is told: why, in the page's words where the
 * reason is one an organizer can act on. */
static const char *
login_message (const GError *error)
{
  if (g_error_matches (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_RATE_LIMITED))
    return _("Too many failed logins: wait a few minutes.");
  if (g_error_matches (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_UNAUTHORIZED))
    return _("Wrong name or password.");
  return error ? error->message : NULL;
}

/* The login form; with @error, why the last try was refused. */
static char *
render_login (gboolean      en,
              const GError *error)
{
  locale_t previous = use_language (en);
  g_autoptr(GString) out = g_string_new (NULL);
  const char *message = login_message (error);

  begin_page (out, en, _("Organizers' login"), FALSE);
  append_markup (out, "<form class=\"login\" method=\"post\" action=\"/login%s\"><h1>",
                          en ? "?lang=en" : "");
  append_escaped (out, _("Organizers' login"));
  g_string_append (out, "</h1>");
  if (message != NULL)
    {
      g_string_append (out, "<p class=\"error\" id=\"error\">");
      append_escaped (out, message);
      g_string_append (out, "</p>");
    }
  g_string_append (out, "<label for=\"name\">");
  append_escaped (out, C_("login", "Name"));
  g_string_append (out, "</label><input id=\"name\" name=\"name\" autocomplete=\"username\" required>"
                        "<label for=\"password\">");
  append_escaped (out, _("Password"));
  g_string_append (out, "</label><input id=\"password\" name=\"password\" type=\"password\""
                        " autocomplete=\"current-password\" required><button type=\"submit\">");
  append_escaped (out, _("Log in"));
  g_string_append (out, "</button></form></body></html>\n");
  ocop_hub_language_restore (previous);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ---- the routes ---- */

OcopHubLanguage
ocop_hub_web_request_language (const OcopHubWebRequest *request)
{
  gboolean en;

  if (request->lang != NULL)
    en = g_str_equal (request->lang, "en");
  else  /* Vietnamese unless the browser asks for English first. */
    en = request->accept_language != NULL && g_ascii_strncasecmp (request->accept_language, "en", 2) == 0;
  return en ? OCOP_HUB_LANGUAGE_ENGLISH : OCOP_HUB_LANGUAGE_VIETNAMESE;
}

static gboolean
wants_english (const OcopHubWebRequest *request)
{
  return ocop_hub_web_request_language (request) == OCOP_HUB_LANGUAGE_ENGLISH;
}

/* Over HTTPS (served by the hub or by a proxy in front of it) the cookie
 * is __Host-: a browser keeps it only when it is Secure, for the whole
 * host and no other, so a page on another subdomain or on plain http
 * cannot plant one. The plain name is not read then. */
static const char *
cookie_name (gboolean secure)
{
  return secure ? OCOP_HUB_SECURE_SESSION_COOKIE : OCOP_HUB_SESSION_COOKIE;
}

static char *
session_token (const OcopHubWebRequest *request)
{
  g_auto(GStrv) parts = request->cookie ? g_strsplit (request->cookie, ";", -1) : NULL;
  g_autofree char *prefix = g_strconcat (cookie_name (request->secure), "=", NULL);

  for (guint i = 0; parts && parts[i]; i++)
    {
      const char *part = g_strstrip (parts[i]);

      if (g_str_has_prefix (part, prefix))
        return g_strdup (part + strlen (prefix));
    }
  return NULL;
}

static void
reply_text (OcopHubWebReply *reply,
            unsigned int     status,
            const char      *content_type,
            char            *text)
{
  reply->status = status;
  reply->content_type = content_type;
  reply->body = g_bytes_new_take (text, strlen (text));
}

static void
reply_redirect (OcopHubWebReply *reply,
                const char      *location)
{
  reply->status = 303;
  reply->location = g_strdup (location);
  reply_text (reply, 303, "text/plain; charset=utf-8", g_strdup (location));
}

void
ocop_hub_web_reply_error (OcopHubWebReply *reply,
                          GError          *error)
{
  reply_text (reply, ocop_hub_error_http_status (error), "text/plain; charset=utf-8", g_strdup (error->message));
  g_error_free (error);
}

static char *
session_cookie (const char *token,
                gboolean    secure)
{
  if (token == NULL)
    return g_strdup_printf ("%s=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0%s", cookie_name (secure),
                            secure ? "; Secure" : "");
  return g_strdup_printf ("%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%" G_GINT64_FORMAT "%s",
                          cookie_name (secure), token, OCOP_HUB_SESSION_LIFETIME_US / G_USEC_PER_SEC,
                          secure ? "; Secure" : "");
}

static void
answer_login (OcopHubDashboard        *self,
              const OcopHubWebRequest *request,
              gint64                   now_us,
              OcopHubWebReply         *reply)
{
  gboolean en = wants_english (request);
  g_autoptr(GHashTable) form = NULL;
  g_autofree char *body = NULL, *token = NULL;
  g_autoptr(GError) error = NULL;
  gint64 retry_after = 0;

  if (g_str_equal (request->method, "GET"))
    {
      reply_text (reply, 200, "text/html; charset=utf-8", render_login (en, NULL));
      return;
    }
  body = g_strndup ((const char *) request->body, request->body_size);
  form = g_uri_parse_params (body, -1, "&", G_URI_PARAMS_WWW_FORM, NULL);
  token = ocop_hub_accounts_log_in (self->accounts, form ? g_hash_table_lookup (form, "name") : NULL,
                                    form ? g_hash_table_lookup (form, "password") : NULL, request->address,
                                    now_us, &retry_after, &error);
  if (token == NULL)
    {
      reply_text (reply, ocop_hub_error_http_status (error), "text/html; charset=utf-8", render_login (en, error));
      reply->retry_after_s = retry_after;
      return;
    }
  reply->set_cookie = session_cookie (token, request->secure);
  reply_redirect (reply, en ? "/?lang=en" : "/");
}

static void
answer_logout (OcopHubDashboard        *self,
               const OcopHubWebRequest *request,
               OcopHubWebReply         *reply)
{
  g_autofree char *token = session_token (request);
  GError *error = NULL;

  if (!ocop_hub_accounts_log_out (self->accounts, token, &error))
    {
      ocop_hub_web_reply_error (reply, error);
      return;
    }
  reply->set_cookie = session_cookie (NULL, request->secure);
  reply_redirect (reply, "/login");
}

/* The fair asked for, else the first one the hub knows. */
static char *
chosen_fair (OcopHubDashboard        *self,
             const OcopHubWebRequest *request,
             GError                 **error)
{
  g_autoptr(JsonNode) extras = NULL;
  JsonArray *fairs;

  if (request->fair != NULL && *request->fair != '\0')
    return g_strdup (request->fair);
  if (!(extras = ocop_hub_backend_dashboard_extras (self->backend, "", error)))
    return NULL;
  fairs = array_member (json_node_get_object (extras), "fairs");
  if (length_of (fairs) == 0)
    {
      g_set_error_literal (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_NOT_FOUND,
                           _("No booth is enrolled at this hub yet"));
      return NULL;
    }
  return g_strdup (string_member (json_array_get_object_element (fairs, 0), "fair"));
}

static void
answer_page (OcopHubDashboard        *self,
             const OcopHubWebRequest *request,
             gint64                   now_us,
             OcopHubWebReply         *reply)
{
  g_autofree char *fair = NULL, *today = business_day_of (now_us);
  const char *day = request->day ? request->day : today;
  g_autoptr(JsonNode) day_totals = NULL, fair_totals = NULL, extras = NULL;
  GError *error = NULL;

  if (!is_day (day))
    {
      error = g_error_new (OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID, _("day=%s is not a date YYYY-MM-DD"), day);
      ocop_hub_web_reply_error (reply, error);
      return;
    }
  if (!(fair = chosen_fair (self, request, &error)) ||
      !(day_totals = ocop_hub_backend_totals (self->backend, fair, day, now_us, &error)) ||
      !(fair_totals = ocop_hub_backend_totals (self->backend, fair, NULL, now_us, &error)) ||
      !(extras = ocop_hub_backend_dashboard_extras (self->backend, fair, &error)))
    {
      ocop_hub_web_reply_error (reply, error);
      return;
    }
  reply_text (reply, 200, "text/html; charset=utf-8",
              render_dashboard (wants_english (request), fair, day, json_node_get_object (day_totals),
                                json_node_get_object (fair_totals), json_node_get_object (extras), now_us));
}

static void
answer_export (OcopHubDashboard        *self,
               const OcopHubWebRequest *request,
               gint64                   now_us,
               OcopHubWebReply         *reply)
{
  const char *file = request->url + strlen ("/export/");
  g_autofree char *table = g_str_has_suffix (file, ".csv") ? g_strndup (file, strlen (file) - 4) : NULL;
  g_autofree char *fair = NULL, *csv = NULL;
  g_autoptr(JsonNode) totals = NULL, extras = NULL;
  GError *error = NULL;

  if (table == NULL || (request->day != NULL && !is_day (request->day)))
    {
      error = g_error_new (OCOP_HUB_ERROR, OCOP_HUB_ERROR_NOT_FOUND, _("Nothing at %s"), request->url);
      ocop_hub_web_reply_error (reply, error);
      return;
    }
  if (!(fair = chosen_fair (self, request, &error)) ||
      !(totals = ocop_hub_backend_totals (self->backend, fair, request->day, now_us, &error)) ||
      !(extras = ocop_hub_backend_dashboard_extras (self->backend, fair, &error)) ||
      !(csv = ocop_hub_dashboard_csv (table, json_node_get_object (totals), json_node_get_object (extras), &error)))
    {
      ocop_hub_web_reply_error (reply, error);
      return;
    }
  reply_text (reply, 200, "text/csv; charset=utf-8", g_steal_pointer (&csv));
  reply->disposition = g_strdup_printf ("attachment; filename=\"%s-%s%s%s.csv\"", table,
                                        g_regex_match_simple ("^[A-Za-z0-9_-]+$", fair, 0, 0) ? fair : "fair",
                                        request->day ? "-" : "", request->day ? request->day : "");
}

/* Only an organizer's session cookie opens the dashboard: a booth's
 * bearer token is never looked at here. */
static void
answer_organizer (OcopHubDashboard        *self,
                  const OcopHubWebRequest *request,
                  gint64                   now_us,
                  OcopHubWebReply         *reply)
{
  g_autofree char *token = session_token (request);
  g_autofree char *organizer = NULL;
  g_autoptr(GError) error = NULL;

  if (!(organizer = ocop_hub_accounts_check_session (self->accounts, token, now_us, &error)))
    {
      if (g_str_equal (request->url, "/") && g_error_matches (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_UNAUTHORIZED))
        reply_redirect (reply, wants_english (request) ? "/login?lang=en" : "/login");
      else
        ocop_hub_web_reply_error (reply, g_steal_pointer (&error));
      return;
    }
  if (g_str_equal (request->url, "/"))
    answer_page (self, request, now_us, reply);
  else
    answer_export (self, request, now_us, reply);
}

void
ocop_hub_dashboard_answer (OcopHubDashboard        *self,
                           const OcopHubWebRequest *request,
                           gint64                   now_us,
                           OcopHubWebReply         *reply)
{
  gboolean get = g_str_equal (request->method, "GET"), post = g_str_equal (request->method, "POST");

  memset (reply, 0, sizeof *reply);
  if (g_str_equal (request->url, "/login") && (get || post))
    answer_login (self, request, now_us, reply);
  else if (g_str_equal (request->url, "/logout") && post)
    answer_logout (self, request, reply);
  else if (!get)
    reply_text (reply, 405, "text/plain; charset=utf-8", g_strdup_printf (_("%s is not allowed on %s"),
                                                                          request->method, request->url));
  else
    answer_organizer (self, request, now_us, reply);
}

