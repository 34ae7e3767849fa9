/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-hub-bank-payos.c: payOS's webhook, whose body carries "data" and a
 * "signature": HMAC-SHA256 of data's members sorted by key, written
 * "key=value" and joined with '&' (null as an empty value). */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ocop-hub-bank.h"
#include "ocop-hub-error.h"

/* What payOS signs; FALSE for a member that is not a plain value, which
 * its webhook data never holds. */
static gboolean
signed_text (JsonObject *data,
             GString    *out)
{
  g_autoptr(GList) names = g_list_sort (json_object_get_members (data), (GCompareFunc) strcmp);

  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (data, l->data);

      g_string_append_printf (out, "%s%s=", l == names ? "" : "&", (const char *) l->data);
      if (JSON_NODE_HOLDS_NULL (node))
        continue;
      if (!JSON_NODE_HOLDS_VALUE (node))
        return FALSE;
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        g_string_append (out, json_node_get_string (node));
      else if (json_node_get_value_type (node) == G_TYPE_INT64)
        g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
      else if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
        g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
      else
        return FALSE;
    }
  return TRUE;
}

static gboolean
verify (const OcopHubBankRequest  *request,
        JsonObject                *object,
        JsonObject               **data,
        GError                   **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *signature = ocop_hub_bank_text (object, "signature", 128, TRUE, error);
  JsonNode *node = json_object_get_member (object, "data");

  if (signature == NULL)
    return FALSE;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) || !signed_text (json_node_get_object (node), text))
    {
      g_set_error_literal (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID,
                           _("The payOS notification has no 'data' object of plain values"));
      return FALSE;
    }
  if (!ocop_hub_bank_signed (request, G_CHECKSUM_SHA256, text->str, text->len, signature))
    {
      g_propagate_error (error, ocop_hub_bank_bad_signature ("payOS"));
      return FALSE;
    }
  *data = json_node_get_object (node);
  return TRUE;
}

/* payOS signs no time of sending: a replay is caught by the transaction's
 * reference, which is stored once. */
static OcopHubBankNotice *
read_payos (const OcopHubBankRequest  *request,
            gboolean                  *ignored,
            GError                   **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object = ocop_hub_bank_parse (parser, request->body, request->size, error), *data = NULL;
  g_autofree char *reference = NULL, *account = NULL, *description = NULL, *code = NULL;
  gint64 amount = 0;

  if (object == NULL || !verify (request, object, &data, error) ||
      !(reference = ocop_hub_bank_text (data, "reference", OCOP_HUB_BANK_MAX_ID, TRUE, error)) ||
      !(account = ocop_hub_bank_text (data, "accountNumber", OCOP_HUB_BANK_MAX_ID, TRUE, error)) ||
      !(description = ocop_hub_bank_text (data, "description", OCOP_HUB_BANK_MAX_TEXT, TRUE, error)) ||
      !ocop_hub_bank_amount (data, "amount", &amount, error))
    return NULL;
  code = ocop_hub_bank_text (data, "code", 16, FALSE, NULL);
  /* "00" is a payment made; other codes confirm nothing. */
  *ignored = g_strcmp0 (code, "00") != 0 || amount <= 0;
  if (*ignored)
    return NULL;
  return ocop_hub_bank_notice_new (g_steal_pointer (&reference), g_steal_pointer (&account), amount, description,
                                   NULL);
}

const OcopHubBankService ocop_hub_bank_payos = { "payos", "payOS", read_payos };
