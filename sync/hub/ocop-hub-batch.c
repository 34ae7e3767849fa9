/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-hub-batch.c: decoding (gzip) and checking an upload batch, so that
 * storage only ever sees well-formed events whose hashes match. */

#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <zlib.h>

#include "ocop-hub-batch.h"
#include "ocop-json.h"
#include "ocop-hub-batch-bounds.h"
#include "ocop-sync-protocol.h"

/* An empty text parses without error and without a root. */
static gboolean
root_is_object (JsonParser *parser)
{
  JsonNode *root = json_parser_get_root (parser);

  return root != NULL && JSON_NODE_HOLDS_OBJECT (root);
}

static void
event_free (OcopHubEvent *event)
{
  g_free (event->kind_name);
  g_free (event->ref);
  g_free (event->hash);
  g_free (event->payload);
  g_free (event->business_day);
  g_free (event->record_uuid);
  g_clear_pointer (&event->payments, g_array_unref);
  g_clear_pointer (&event->lines, g_array_unref);
  g_free (event);
}

static void
payment_clear (OcopHubPayment *payment)
{
  g_free (payment->method);
}

void
ocop_hub_batch_free (OcopHubBatch *batch)
{
  if (batch == NULL)
    return;
  g_free (batch->device_id);
  g_free (batch->booth_code);
  g_free (batch->booth_name);
  g_free (batch->locality);
  g_clear_pointer (&batch->events, g_ptr_array_unref);
  g_free (batch);
}

/* ---- the body ---- */

GBytes *
ocop_hub_decode_body (const char    *encoding,
                      const guint8  *data,
                      gsize          size,
                      GError       **error)
{
  g_autoptr(GByteArray) out = NULL;
  z_stream stream = { 0 };
  int rc = Z_OK;

  if (encoding == NULL || g_ascii_strcasecmp (encoding, "identity") == 0)
    return g_bytes_new (data, size);
  if (g_ascii_strcasecmp (encoding, "gzip") != 0)
    {
      g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_ENCODING,
                   _("Content-Encoding '%s' is not supported: send gzip or a plain body"), encoding);
      return NULL;
    }
  /* 16 + MAX_WBITS: a gzip header and trailer, checked by zlib. */
  if (inflateInit2 (&stream, 16 + MAX_WBITS) != Z_OK)
    {
      g_set_error_literal (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_FAILED, _("Cannot start decompressing"));
      return NULL;
    }
  out = g_byte_array_sized_new (MIN (size * 4 + 64, OCOP_HUB_MAX_BODY_BYTES));
  stream.next_in = (Bytef *) data;
  stream.avail_in = (uInt) size;
  while (rc == Z_OK)
    {
      guint8 chunk[16384];

      stream.next_out = chunk;
      stream.avail_out = sizeof chunk;
      rc = inflate (&stream, Z_NO_FLUSH);
      if (rc != Z_OK && rc != Z_STREAM_END)
        break;
      g_byte_array_append (out, chunk, sizeof chunk - stream.avail_out);
      if (out->len > OCOP_HUB_MAX_BODY_BYTES)
        {
          inflateEnd (&stream);
          g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_TOO_LARGE,
                       _("The batch is larger than %d bytes once decompressed"), OCOP_HUB_MAX_BODY_BYTES);
          return NULL;
        }
      if (rc == Z_OK && stream.avail_in == 0 && stream.avail_out != 0)
        {
          rc = Z_BUF_ERROR;  /* truncated: zlib wants more input */
          break;
        }
    }
  inflateEnd (&stream);
  if (rc != Z_STREAM_END || stream.avail_in != 0)
    {
      g_set_error_literal (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID,
                           _("The gzip body is damaged or truncated"));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* ---- typed members ---- */

static JsonNode *
member (JsonObject  *object,
        const char  *where,
        const char  *name,
        gboolean     required,
        GError     **error)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL && required)
    g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID, _("%s%s is missing"), where, name);
  return node;
}

static gboolean
get_int (JsonObject  *object,
         const char  *where,
         const char  *name,
         gboolean     required,
         gint64      *out,
         GError     **error)
{
  JsonNode *node = member (object, where, name, required, error);

  *out = 0;
  if (node == NULL)
    return !required;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID, _("%s%s must be a whole number"), where, name);
      return FALSE;
    }
  *out = json_node_get_int (node);
  return TRUE;
}

static gboolean
get_positive (JsonObject  *object,
              const char  *where,
              const char  *name,
              gint64      *out,
              GError     **error)
{
  if (!get_int (object, where, name, TRUE, out, error))
    return FALSE;
  if (*out >= 1)
    return TRUE;
  g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID, _("%s%s must be 1 or more"), where, name);
  return FALSE;
}

/* Money in a payload: whole đồng within ±10^15, so that sums over a fair
 * cannot overflow. */
static gboolean
get_amount (JsonObject  *object,
            const char  *where,
            const char  *name,
            gint64      *out,
            GError     **error)
{
  if (!get_int (object, where, name, TRUE, out, error))
    return FALSE;
  if (*out <= G_GINT64_CONSTANT (1000000000000000) && *out >= -G_GINT64_CONSTANT (1000000000000000))
    return TRUE;
  g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID, _("%s%s is out of range"), where, name);
  return FALSE;
}

static gboolean
get_string (JsonObject  *object,
            const char  *where,
            const char  *name,
            gboolean     required,
            char       **out,
            GError     **error)
{
  JsonNode *node = member (object, where, name, required, error);

  *out = NULL;
  if (node == NULL || (!required && JSON_NODE_HOLDS_NULL (node)))
    return node != NULL || !required;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID, _("%s%s must be a string"), where, name);
      return FALSE;
    }
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

/* The supervisor who approved a void or refund, kept in the stored
 * payload; absent from events of booths older than the approvals. */
#define MAX_APPROVER_BYTES 200

static gboolean
check_approver (JsonObject  *payload,
                const char  *where,
                GError     **error)
{
  g_autofree char *approver = NULL;

  if (!get_string (payload, where, OCOP_SYNC_PAYLOAD_APPROVER, FALSE, &approver, error))
    return FALSE;
  if (approver != NULL && (strlen (approver) > MAX_APPROVER_BYTES || !g_utf8_validate (approver, -1, NULL)))
    {
      g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID, _("%s%s must be a name of at most %d bytes"), where,
                   OCOP_SYNC_PAYLOAD_APPROVER, MAX_APPROVER_BYTES);
      return FALSE;
    }
  return TRUE;
}

static JsonObject *
get_object (JsonObject  *object,
            const char  *where,
            const char  *name,
            gboolean     required,
            GError     **error)
{
  JsonNode *node = member (object, where, name, required, error);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID, _("%s%s must be an object"), where, name);
      return NULL;
    }
  return json_node_get_object (node);
}

static JsonArray *
get_array (JsonObject  *object,
           const char  *where,
           const char  *name,
           GError     **error)
{
  JsonNode *node = member (object, where, name, TRUE, error);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID, _("%s%s must be an array"), where, name);
      return NULL;
    }
  return json_node_get_array (node);
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

static gboolean
is_sha256_hex (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;
  for (const char *c = text; *c; c++)
    if (!g_ascii_isdigit (*c) && !(*c >= 'a' && *c <= 'f'))
      return FALSE;
  return TRUE;
}

/* ---- events ---- */

static const char * const kind_names[] = {
  [OCOP_HUB_EVENT_SALE] = OCOP_SYNC_KIND_SALE,
  [OCOP_HUB_EVENT_VOID] = OCOP_SYNC_KIND_VOID,
  [OCOP_HUB_EVENT_REFUND] = OCOP_SYNC_KIND_REFUND,
  [OCOP_HUB_EVENT_DAY_OPEN] = OCOP_SYNC_KIND_DAY_OPEN,
  [OCOP_HUB_EVENT_DAY_CLOSE] = OCOP_SYNC_KIND_DAY_CLOSE,
  [OCOP_HUB_EVENT_VISITORS] = OCOP_SYNC_KIND_VISITORS,
  [OCOP_HUB_EVENT_TRANSFER_CONFIRMED] = OCOP_SYNC_KIND_TRANSFER_CONFIRMED,
};

static gboolean
parse_kind (OcopHubEvent  *event,
            const char    *where,
            GError       **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_str_equal (event->kind_name, kind_names[i]))
      {
        event->kind = i;
        return TRUE;
      }
  g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID, _("%skind '%s' is not an event kind"), where,
               event->kind_name);
  return FALSE;
}

/* "bank" with its transaction, or "cashier" with the name. */
static gboolean
check_confirmed_by (JsonObject  *payload,
                    const char  *at,
                    GError     **error)
{
  const char *by = json_object_get_string_member_with_default (payload, OCOP_SYNC_PAYLOAD_CONFIRMED_BY, "");
  const char *needed = g_str_equal (by, "bank") ? OCOP_SYNC_PAYLOAD_TRANSACTION
                       : g_str_equal (by, "cashier") ? OCOP_SYNC_PAYLOAD_CASHIER : NULL;

  if (needed == NULL || json_object_get_string_member_with_default (payload, needed, NULL) == NULL ||
      json_object_get_string_member_with_default (payload, OCOP_SYNC_PAYLOAD_UUID, NULL) == NULL)
    {
      g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID,
                   _("%sa transfer's confirmation needs the sale's uuid, and confirmed_by \"bank\" with a transaction or \"cashier\" with a name"), at);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_payments (OcopHubEvent  *event,
                JsonObject    *payload,
                const char    *where,
                GError       **error)
{
  JsonArray *payments = get_array (payload, where, OCOP_SYNC_PAYLOAD_PAYMENTS, error);

  if (payments == NULL)
    return FALSE;
  event->payments = g_array_new (FALSE, TRUE, sizeof (OcopHubPayment));
  g_array_set_clear_func (event->payments, (GDestroyNotify) payment_clear);
  for (guint i = 0; i < json_array_get_length (payments); i++)
    {
      g_autofree char *at = g_strdup_printf ("%spayments[%u].", where, i);
      JsonNode *node = json_array_get_element (payments, i);
      OcopHubPayment payment = { 0 };

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID, _("%spayments[%u] must be an object"), where, i);
          return FALSE;
        }
      if (!get_string (json_node_get_object (node), at, OCOP_SYNC_PAYMENT_METHOD, TRUE, &payment.method, error))
        return FALSE;
      g_array_append_val (event->payments, payment);
      if (!get_amount (json_node_get_object (node), at, OCOP_SYNC_PAYMENT_AMOUNT,
                       &g_array_index (event->payments, OcopHubPayment, i).amount, error))
        return FALSE;
    }
  return TRUE;
}

static void
line_clear (OcopHubLine *line)
{
  g_free (line->sku);
  g_free (line->name);
  g_free (line->unit);
  g_free (line->producer_kind);
}

/* A line's gross and amount, refused beyond ±10^15 like any money in a
 * payload. A piece line's gross is quantity × unit_price; a measured
 * line's is the "amount" the booth recorded, which the bounds of a sale
 * hold against unit_price × quantity (ocop-hub-batch-bounds.c). */
static gboolean
line_amount (OcopHubLine  *line,
             const char   *where,
             GError      **error)
{
  if ((!line->measured && __builtin_mul_overflow (line->quantity, line->unit_price, &line->gross)) ||
      __builtin_sub_overflow (line->gross, line->discount, &line->amount) ||
      line->amount > G_GINT64_CONSTANT (1000000000000000) || line->amount < -G_GINT64_CONSTANT (1000000000000000))
    {
      if (line->measured)
        g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID, _("%samount − discount is out of range"), where);
      else
        g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID, _("%squantity × unit_price is out of range"),
                     where);
      return FALSE;
    }
  return TRUE;
}

/* "measured": true and its "amount" (the gross) come together; a piece
 * line carries neither, as every line before weighed goods did, so that
 * an amount is never taken for a line that does not say what it counts. */
static gboolean
get_measure (JsonObject   *object,
             const char   *where,
             OcopHubLine  *line,
             GError      **error)
{
  JsonNode *flag = json_object_get_member (object, OCOP_SYNC_LINE_MEASURED);

  if (flag != NULL && (!JSON_NODE_HOLDS_VALUE (flag) || json_node_get_value_type (flag) != G_TYPE_BOOLEAN))
    {
      g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID, _("%s%s must be true or false"), where,
                   OCOP_SYNC_LINE_MEASURED);
      return FALSE;
    }
  line->measured = flag != NULL && json_node_get_boolean (flag);
  if (line->measured)
    return get_amount (object, where, OCOP_SYNC_LINE_AMOUNT, &line->gross, error);
  if (!json_object_has_member (object, OCOP_SYNC_LINE_AMOUNT))
    return TRUE;
  g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID, _("%s%s is sent only with %s: true"), where,
               OCOP_SYNC_LINE_AMOUNT, OCOP_SYNC_LINE_MEASURED);
  return FALSE;
}

/* The stable ids only, as the device writes them: a misspelt kind would
 * otherwise open a row of its own on every organizer's table. */
static gboolean
get_producer_kind (JsonObject   *object,
                   const char   *where,
                   OcopHubLine  *line,
                   GError      **error)
{
  static const char * const kinds[] = {
    OCOP_SYNC_PRODUCER_ENTERPRISE, OCOP_SYNC_PRODUCER_COOPERATIVE, OCOP_SYNC_PRODUCER_HOUSEHOLD, NULL
  };

  if (!get_string (object, where, OCOP_SYNC_LINE_PRODUCER_KIND, FALSE, &line->producer_kind, error))
    return FALSE;
  if (line->producer_kind == NULL)
    {
      line->producer_kind = g_strdup (OCOP_HUB_KIND_UNKNOWN);
      return TRUE;
    }
  if (g_strv_contains (kinds, line->producer_kind))
    return TRUE;
  g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID,
               _("%sproducer_kind '%s' is not enterprise, cooperative or household"), where, line->producer_kind);
  return FALSE;
}

static gboolean
parse_line (OcopHubLine  *line,
            JsonNode     *node,
            const char   *where,
            guint         i,
            GError      **error)
{
  g_autofree char *at = g_strdup_printf ("%slines[%u].", where, i);
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID, _("%slines[%u] must be an object"), where, i);
      return FALSE;
    }
  object = json_node_get_object (node);
  return get_string (object, at, OCOP_SYNC_LINE_SKU, TRUE, &line->sku, error) &&
         get_string (object, at, OCOP_SYNC_LINE_NAME, TRUE, &line->name, error) &&
         get_amount (object, at, OCOP_SYNC_LINE_QUANTITY, &line->quantity, error) &&
         get_amount (object, at, OCOP_SYNC_LINE_UNIT_PRICE, &line->unit_price, error) &&
         get_amount (object, at, OCOP_SYNC_LINE_DISCOUNT, &line->discount, error) &&
         get_string (object, at, OCOP_SYNC_LINE_UNIT, FALSE, &line->unit, error) &&
         get_measure (object, at, line, error) &&
         line_amount (line, at, error) &&
         get_producer_kind (object, at, line, error);
}

/* The lines, for the top products; a payload without "lines" (an older
 * device) simply adds none. */
static gboolean
parse_lines (OcopHubEvent  *event,
             JsonObject    *payload,
             const char    *where,
             GError       **error)
{
  JsonArray *lines;

  event->lines = g_array_new (FALSE, TRUE, sizeof (OcopHubLine));
  g_array_set_clear_func (event->lines, (GDestroyNotify) line_clear);
  if (!json_object_has_member (payload, OCOP_SYNC_PAYLOAD_LINES))
    return TRUE;
  if (!(lines = get_array (payload, where, OCOP_SYNC_PAYLOAD_LINES, error)))
    return FALSE;
  g_array_set_size (event->lines, json_array_get_length (lines));
  for (guint i = 0; i < json_array_get_length (lines); i++)
    if (!parse_line (&g_array_index (event->lines, OcopHubLine, i), json_array_get_element (lines, i), where, i,
                     error))
      return FALSE;
  return TRUE;
}

/* The payload fields the tallies need; the rest is stored as sent. */
static gboolean
parse_payload (OcopHubEvent  *event,
               const char    *where,
               GError       **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *at = g_strdup_printf ("%spayload.", where);
  g_autoptr(GError) json_error = NULL;
  JsonObject *payload;

  if (!ocop_json_load (parser, event->payload, -1, OCOP_HUB_MAX_PAYLOAD_BYTES, &json_error) ||
      !root_is_object (parser))
    {
      g_autofree char *what = g_strdup_printf (_("%spayload is not a JSON object"), where);

      ocop_json_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID, what, json_error);
      return FALSE;
    }
  payload = json_node_get_object (json_parser_get_root (parser));
  if (!ocop_hub_validate_strings (payload, at, error) ||
      !get_string (payload, at, OCOP_SYNC_PAYLOAD_BUSINESS_DAY, TRUE, &event->business_day, error))
    return FALSE;
  if (!is_day (event->business_day))
    {
      g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID, _("%sbusiness_day must be a date YYYY-MM-DD"), at);
      return FALSE;
    }
  switch (event->kind)
    {
    case OCOP_HUB_EVENT_SALE:
    case OCOP_HUB_EVENT_VOID:
    case OCOP_HUB_EVENT_REFUND:
      /* The record's own time puts it in its hour (0 when absent: the
       * tallies then take the event's time). */
      return get_string (payload, at, OCOP_SYNC_PAYLOAD_UUID, TRUE, &event->record_uuid, error) &&
             get_amount (payload, at, OCOP_SYNC_PAYLOAD_TOTAL, &event->total, error) &&
             get_int (payload, at, OCOP_SYNC_PAYLOAD_CREATED_US, FALSE, &event->record_us, error) &&
             parse_lines (event, payload, at, error) &&
             parse_payments (event, payload, at, error) &&
             check_approver (payload, at, error);
    case OCOP_HUB_EVENT_VISITORS:
      return get_amount (payload, at, OCOP_SYNC_PAYLOAD_COUNT, &event->visitors, error);
    case OCOP_HUB_EVENT_TRANSFER_CONFIRMED:
      /* Stored with the batch; it moves no tally (the sale did), and its
       * uuid is the sale's, not a record of its own to claim. */
      return check_confirmed_by (payload, at, error);
    default:
      return TRUE;
    }
}

/* The bounds of a sale (ocop-hub-batch-bounds.c), on what the payload
 * parser read. */
static gboolean
check_bounds (const OcopHubEvent  *event,
              const char          *where,
              GError             **error)
{
  g_autofree char *at = g_strdup_printf ("%spayload.", where);

  return ocop_hub_validate_sale_bounds (event, at, error);
}

static OcopHubEvent *
parse_event (JsonNode  *node,
             guint      index,
             GError   **error)
{
  g_autofree char *where = g_strdup_printf ("events[%u].", index);
  g_autofree char *hash = NULL;
  OcopHubEvent *event = g_new0 (OcopHubEvent, 1);
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID, _("events[%u] must be an object"), index);
      goto fail;
    }
  object = json_node_get_object (node);
  if (!get_positive (object, where, OCOP_SYNC_EVENT_SEQ, &event->seq, error) ||
      !get_string (object, where, OCOP_SYNC_EVENT_KIND, TRUE, &event->kind_name, error) ||
      !parse_kind (event, where, error) ||
      !get_string (object, where, OCOP_SYNC_EVENT_REF, TRUE, &event->ref, error) ||
      !get_int (object, where, OCOP_SYNC_EVENT_CREATED_US, TRUE, &event->created_us, error) ||
      !get_string (object, where, OCOP_SYNC_EVENT_HASH, TRUE, &event->hash, error) ||
      !get_string (object, where, OCOP_SYNC_EVENT_PAYLOAD, TRUE, &event->payload, error))
    goto fail;
  if (!is_sha256_hex (event->hash))
    {
      g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID, _("%shash must be 64 lower-case hex digits"), where);
      goto fail;
    }
  if (strlen (event->payload) > OCOP_HUB_MAX_PAYLOAD_BYTES)
    {
      g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_TOO_LARGE, _("%spayload is larger than %d bytes"), where,
                   OCOP_HUB_MAX_PAYLOAD_BYTES);
      goto fail;
    }
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, event->payload, -1);
  if (!g_str_equal (hash, event->hash))
    {
      g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID, _("%shash does not match the payload"), where);
      goto fail;
    }
  if (!parse_payload (event, where, error) || !check_bounds (event, where, error))
    goto fail;
  return event;

fail:
  event_free (event);
  return NULL;
}

static gboolean
parse_events (OcopHubBatch  *batch,
              JsonArray     *events,
              GError       **error)
{
  guint n = json_array_get_length (events);

  if (n == 0 || n > OCOP_HUB_MAX_EVENTS)
    {
      g_set_error (error, OCOP_HUB_ERROR,
                   n ? OCOP_HUB_ERROR_TOO_LARGE : OCOP_HUB_ERROR_INVALID,
                   _("events must hold 1 to %d events, not %u"), OCOP_HUB_MAX_EVENTS, n);
      return FALSE;
    }
  batch->events = g_ptr_array_new_full (n, (GDestroyNotify) event_free);
  for (guint i = 0; i < n; i++)
    {
      OcopHubEvent *event = parse_event (json_array_get_element (events, i), i, error);

      if (event == NULL)
        return FALSE;
      g_ptr_array_add (batch->events, event);
      /* In order and each once: the hub's ack walks them as a sequence. */
      if (event->seq < batch->epoch_first_seq ||
          (i > 0 && event->seq <= ((OcopHubEvent *) batch->events->pdata[i - 1])->seq))
        {
          g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID,
                       _("events[%u].seq must be above the previous event's and not below epoch_first_seq"), i);
          return FALSE;
        }
    }
  return TRUE;
}

/* Where a member of the batch's objects is, for the error messages. */
#define BOOTH_AT       OCOP_SYNC_BATCH_BOOTH "."
#define CLOCK_AT       OCOP_SYNC_BATCH_CLOCK "."
#define CHECKPOINT_AT  OCOP_SYNC_BATCH_CHECKPOINT "."

static gboolean
parse_header (OcopHubBatch  *batch,
              JsonObject    *root,
              GError       **error)
{
  JsonObject *booth, *clock, *checkpoint;
  gint64 protocol = 0, in_province = 1;
  JsonNode *flag;

  if (!get_int (root, "", OCOP_SYNC_BATCH_PROTOCOL, TRUE, &protocol, error))
    return FALSE;
  if (protocol != OCOP_SYNC_PROTOCOL_VERSION)
    {
      g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID,
                   _("protocol %" PRId64 " is not supported: this hub speaks protocol 1"), protocol);
      return FALSE;
    }
  if (!get_string (root, "", OCOP_SYNC_BATCH_DEVICE_ID, TRUE, &batch->device_id, error) ||
      !get_positive (root, "", OCOP_SYNC_BATCH_EPOCH, &batch->epoch, error) ||
      !get_positive (root, "", OCOP_SYNC_BATCH_EPOCH_FIRST_SEQ, &batch->epoch_first_seq, error) ||
      !(booth = get_object (root, "", OCOP_SYNC_BATCH_BOOTH, TRUE, error)) ||
      !get_string (booth, BOOTH_AT, OCOP_SYNC_BOOTH_CODE, TRUE, &batch->booth_code, error) ||
      !get_string (booth, BOOTH_AT, OCOP_SYNC_BOOTH_NAME, FALSE, &batch->booth_name, error) ||
      !get_string (booth, BOOTH_AT, OCOP_SYNC_BOOTH_LOCALITY, FALSE, &batch->locality, error) ||
      !(clock = get_object (root, "", OCOP_SYNC_BATCH_CLOCK, TRUE, error)) ||
      !get_int (clock, CLOCK_AT, OCOP_SYNC_CLOCK_DEVICE_US, TRUE, &batch->device_us, error) ||
      !get_int (clock, CLOCK_AT, OCOP_SYNC_CLOCK_ANCHORED_US, FALSE, &batch->anchored_us, error))
    return FALSE;
  flag = json_object_get_member (booth, OCOP_SYNC_BOOTH_IN_PROVINCE);
  if (flag != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (flag) || json_node_get_value_type (flag) != G_TYPE_BOOLEAN)
        {
          g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID, _("booth.in_province must be true or false"));
          return FALSE;
        }
      in_province = json_node_get_boolean (flag);
    }
  batch->in_province = in_province != 0;
  checkpoint = get_object (root, "", OCOP_SYNC_BATCH_CHECKPOINT, FALSE, error);
  if (checkpoint == NULL)
    return error == NULL || *error == NULL;
  batch->has_checkpoint = TRUE;
  return get_int (checkpoint, CHECKPOINT_AT, OCOP_SYNC_CHECKPOINT_THROUGH_SEQ, TRUE,
                  &batch->checkpoint_through_seq, error) &&
         get_int (checkpoint, CHECKPOINT_AT, OCOP_SYNC_CHECKPOINT_SALES, TRUE, &batch->checkpoint_sales, error) &&
         get_amount (checkpoint, CHECKPOINT_AT, OCOP_SYNC_CHECKPOINT_REVENUE, &batch->checkpoint_revenue, error) &&
         get_int (checkpoint, CHECKPOINT_AT, OCOP_SYNC_CHECKPOINT_VISITORS, TRUE, &batch->checkpoint_visitors, error);
}

OcopHubBatch *
ocop_hub_batch_parse (const char  *text,
                      gsize        length,
                      GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(OcopHubBatch) batch = g_new0 (OcopHubBatch, 1);
  g_autoptr(GError) json_error = NULL;
  GError *local_error = NULL;
  JsonObject *root;
  JsonArray *events;

  if (!ocop_json_load (parser, text, (gssize) length, OCOP_HUB_MAX_BODY_BYTES, &json_error))
    {
      g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID, _("The batch is not valid JSON: %s"),
                   json_error->message);
      return NULL;
    }
  if (!root_is_object (parser))
    {
      g_set_error_literal (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID, _("The batch must be a JSON object"));
      return NULL;
    }
  root = json_node_get_object (json_parser_get_root (parser));
  if (!parse_header (batch, root, &local_error) ||
      !(events = get_array (root, "", OCOP_SYNC_BATCH_EVENTS, &local_error)) ||
      !parse_events (batch, events, &local_error) ||
      !ocop_hub_validate_batch_strings (batch, &local_error))
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  return g_steal_pointer (&batch);
}
