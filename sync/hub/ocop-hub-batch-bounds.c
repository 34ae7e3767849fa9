/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-hub-batch-bounds.c: the bounds of a sale and of a device's text,
 * checked on each event of a batch before storage sees it: one booth must
 * not be able to overflow the fair's sums or fill an organizer's page. */

#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ocop-hub-batch-bounds.h"
#include "ocop-quantity.h"
#include "ocop-sync-protocol.h"

static gboolean
check_range (gint64       value,
             gint64       low,
             gint64       high,
             const char  *where,
             const char  *name,
             GError     **error)
{
  if (value >= low && value <= high)
    return TRUE;
  g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID,
               _("%s%s is %" PRId64 ", outside %" PRId64 " to %" PRId64), where, name, value, low, high);
  return FALSE;
}

static gboolean
check_count (guint        count,
             guint        most,
             const char  *where,
             const char  *name,
             GError     **error)
{
  if (count <= most)
    return TRUE;
  g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_TOO_LARGE, _("%s%s holds %u entries, more than %u"), where,
               name, count, most);
  return FALSE;
}

/* @value × @sign within [@low, @high]: a void's or a refund's figures are
 * a sale's, negated. */
static gboolean
check_signed (gint64       value,
              int          sign,
              gint64       low,
              gint64       high,
              const char  *where,
              const char  *name,
              GError     **error)
{
  return sign > 0 ? check_range (value, low, high, where, name, error)
                  : check_range (value, -high, -low, where, name, error);
}

/* A measured line's amount lies within OCOP_SYNC_MAX_ROUNDING_GAP of
 * unit_price × quantity / 1000: the booth rounds to at most 1.000 đồng,
 * and a pack's label to within 500. The till's own rule, which prices the
 * line and checks a label (app/ocop-quantity.h): exact in thousandths of a
 * đồng, with checked arithmetic where unit_price × quantity passes 2^63. */
G_STATIC_ASSERT (OCOP_SYNC_MAX_ROUNDING_GAP == OCOP_QUANTITY_MAX_GAP);

static gboolean
check_rounding (const OcopHubLine  *line,
                const char         *where,
                GError            **error)
{
  if (ocop_measure_amount_is_near (line->unit_price, line->quantity, line->gross))
    return TRUE;
  g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID,
               _("%s%s %" PRId64 " is more than %" PRId64 " đồng from unit_price × quantity / 1000 (%" PRId64 " × %"
                 PRId64 " / 1000)"), where, OCOP_SYNC_LINE_AMOUNT, line->gross,
               (gint64) OCOP_SYNC_MAX_ROUNDING_GAP, line->unit_price, line->quantity);
  return FALSE;
}

/* Pieces up to OCOP_SYNC_MAX_QUANTITY, thousandths of a measured line up
 * to OCOP_SYNC_MAX_MEASURE; the gross either way, which the parser
 * checked fits, bounds the discount. */
static gboolean
check_line (const OcopHubLine  *line,
            int                 sign,
            const char         *where,
            guint               index,
            GError            **error)
{
  g_autofree char *at = g_strdup_printf ("%slines[%u].", where, index);
  gint64 most = line->measured ? OCOP_SYNC_MAX_MEASURE : OCOP_SYNC_MAX_QUANTITY;

  return check_signed (line->quantity, sign, 1, most, at, OCOP_SYNC_LINE_QUANTITY, error) &&
         check_range (line->unit_price, 0, OCOP_SYNC_MAX_UNIT_PRICE, at, OCOP_SYNC_LINE_UNIT_PRICE, error) &&
         (!line->measured ||
          (check_signed (line->gross, sign, 0, OCOP_SYNC_MAX_AMOUNT, at, OCOP_SYNC_LINE_AMOUNT, error) &&
           check_rounding (line, at, error))) &&
         check_signed (line->discount, sign, 0, sign * line->gross, at, OCOP_SYNC_LINE_DISCOUNT, error) &&
         check_signed (line->amount, sign, 0, OCOP_SYNC_MAX_AMOUNT, at, "amount", error);
}

gboolean
ocop_hub_validate_sale_bounds (const OcopHubEvent  *event,
                               const char          *where,
                               GError             **error)
{
  int sign = event->kind == OCOP_HUB_EVENT_SALE ? 1 : -1;

  if (event->kind == OCOP_HUB_EVENT_VISITORS)
    return check_range (event->visitors, -OCOP_SYNC_MAX_VISITORS, OCOP_SYNC_MAX_VISITORS, where,
                        OCOP_SYNC_PAYLOAD_COUNT, error);
  if (event->kind > OCOP_HUB_EVENT_REFUND)
    return TRUE;
  if (!check_count (event->lines->len, OCOP_SYNC_MAX_LINES, where, OCOP_SYNC_PAYLOAD_LINES, error) ||
      !check_count (event->payments->len, OCOP_SYNC_MAX_PAYMENTS, where, OCOP_SYNC_PAYLOAD_PAYMENTS, error) ||
      !check_signed (event->total, sign, 0, OCOP_SYNC_MAX_AMOUNT, where, OCOP_SYNC_PAYLOAD_TOTAL, error))
    return FALSE;
  for (guint i = 0; i < event->lines->len; i++)
    if (!check_line (&g_array_index (event->lines, OcopHubLine, i), sign, where, i, error))
      return FALSE;
  for (guint i = 0; i < event->payments->len; i++)
    {
      g_autofree char *at = g_strdup_printf ("%spayments[%u].", where, i);

      if (!check_range (g_array_index (event->payments, OcopHubPayment, i).amount, -OCOP_SYNC_MAX_AMOUNT,
                        OCOP_SYNC_MAX_AMOUNT, at, OCOP_SYNC_PAYMENT_AMOUNT, error))
        return FALSE;
    }
  return TRUE;
}

/* ---- text ---- */

typedef struct {
  const char *name;
  gsize       most;   /* bytes */
} TextBound;

static const TextBound payload_texts[] = {
  { OCOP_SYNC_PAYLOAD_UUID, OCOP_SYNC_MAX_CODE_BYTES },
  { OCOP_SYNC_PAYLOAD_KIND, OCOP_SYNC_MAX_CODE_BYTES },
  { OCOP_SYNC_PAYLOAD_REF_UUID, OCOP_SYNC_MAX_CODE_BYTES },
  { OCOP_SYNC_PAYLOAD_DEVICE, OCOP_SYNC_MAX_CODE_BYTES },
  { OCOP_SYNC_PAYLOAD_BOOTH, OCOP_SYNC_MAX_CODE_BYTES },
  { OCOP_SYNC_PAYLOAD_CASHIER, OCOP_SYNC_MAX_NAME_BYTES },
  { OCOP_SYNC_PAYLOAD_GATE, OCOP_SYNC_MAX_NAME_BYTES },
  { OCOP_SYNC_PAYLOAD_REASON, OCOP_SYNC_MAX_NOTE_BYTES },
  { NULL, 0 }
};

static const TextBound line_texts[] = {
  { OCOP_SYNC_LINE_SKU, OCOP_SYNC_MAX_CODE_BYTES },
  { OCOP_SYNC_LINE_NAME, OCOP_SYNC_MAX_NAME_BYTES },
  { OCOP_SYNC_LINE_UNIT, OCOP_SYNC_MAX_NAME_BYTES },
  { NULL, 0 }
};

static gboolean
check_text (const char  *text,
            gsize        most,
            const char  *where,
            const char  *name,
            GError     **error)
{
  if (text == NULL || strlen (text) <= most)
    return TRUE;
  g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_TOO_LARGE, _("%s%s is longer than %u bytes"), where, name,
               (guint) most);
  return FALSE;
}

/* Each member of @bounds that @object holds: a string (or null) within
 * its bound. */
static gboolean
check_texts (JsonObject       *object,
             const TextBound  *bounds,
             const char       *where,
             GError          **error)
{
  for (const TextBound *bound = bounds; bound->name != NULL; bound++)
    {
      JsonNode *node = json_object_get_member (object, bound->name);

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        continue;
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID, _("%s%s must be a string"), where,
                       bound->name);
          return FALSE;
        }
      if (!check_text (json_node_get_string (node), bound->most, where, bound->name, error))
        return FALSE;
    }
  return TRUE;
}

/* The members of each object of @object's array @name. */
static gboolean
check_array_texts (JsonObject       *object,
                   const char       *name,
                   const TextBound  *bounds,
                   const char       *where,
                   GError          **error)
{
  JsonNode *node = json_object_get_member (object, name);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return TRUE;  /* the parser says what is wrong with it */
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *at = g_strdup_printf ("%s%s[%u].", where, name, i);

      if (JSON_NODE_HOLDS_OBJECT (element) && !check_texts (json_node_get_object (element), bounds, at, error))
        return FALSE;
    }
  return TRUE;
}

/* The till's methods only: anything else would open a row of its own in
 * every organizer's table. */
static gboolean
check_methods (JsonObject  *payload,
               const char  *where,
               GError     **error)
{
  static const char * const methods[] = {
    OCOP_SYNC_METHOD_CASH, OCOP_SYNC_METHOD_TRANSFER, OCOP_SYNC_METHOD_OTHER, NULL
  };
  JsonNode *node = json_object_get_member (payload, OCOP_SYNC_PAYLOAD_PAYMENTS);
  JsonArray *payments;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return TRUE;
  payments = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (payments); i++)
    {
      JsonNode *element = json_array_get_element (payments, i);
      const char *method = JSON_NODE_HOLDS_OBJECT (element)
        ? json_object_get_string_member_with_default (json_node_get_object (element), OCOP_SYNC_PAYMENT_METHOD, NULL)
        : NULL;

      if (method != NULL && !g_strv_contains (methods, method))
        {
          g_autofree char *shown = g_utf8_make_valid (method, MIN (strlen (method), OCOP_SYNC_MAX_CODE_BYTES));

          g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID,
                       _("%spayments[%u].method '%s' is not a payment method: cash, transfer or other"), where, i,
                       shown);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
ocop_hub_validate_strings (JsonObject  *payload,
                           const char  *where,
                           GError     **error)
{
  return check_texts (payload, payload_texts, where, error) &&
         check_array_texts (payload, OCOP_SYNC_PAYLOAD_LINES, line_texts, where, error) &&
         check_methods (payload, where, error);
}

gboolean
ocop_hub_validate_batch_strings (const OcopHubBatch  *batch,
                                 GError             **error)
{
  if (!check_text (batch->device_id, OCOP_SYNC_MAX_CODE_BYTES, "", OCOP_SYNC_BATCH_DEVICE_ID, error) ||
      !check_text (batch->booth_code, OCOP_SYNC_MAX_CODE_BYTES, OCOP_SYNC_BATCH_BOOTH ".", OCOP_SYNC_BOOTH_CODE,
                   error) ||
      !check_text (batch->booth_name, OCOP_SYNC_MAX_NAME_BYTES, OCOP_SYNC_BATCH_BOOTH ".", OCOP_SYNC_BOOTH_NAME,
                   error) ||
      !check_text (batch->locality, OCOP_SYNC_MAX_NAME_BYTES, OCOP_SYNC_BATCH_BOOTH ".",
                   OCOP_SYNC_BOOTH_LOCALITY, error))
    return FALSE;
  for (guint i = 0; batch->events != NULL && i < batch->events->len; i++)
    {
      const OcopHubEvent *event = batch->events->pdata[i];
      g_autofree char *at = g_strdup_printf ("events[%u].", i);

      if (!check_text (event->ref, OCOP_SYNC_MAX_NOTE_BYTES, at, OCOP_SYNC_EVENT_REF, error))
        return FALSE;
    }
  return TRUE;
}
