/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-hub-bank-casso.c: Casso's webhook v2, signed with X-Casso-Signature
 * "t=MS,v1=HEX": HMAC-SHA512 of "MS." and the body re-serialised as
 * compact JSON with every object's keys sorted. */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ocop-hub-bank.h"
#include "ocop-hub-error.h"

/* Casso's samples serialise the sorted body differently: its JavaScript
 * writes letters beyond ASCII as they are, its Python writes them as
 * \uXXXX. Both are its documented scheme, so either is accepted. */
typedef enum {
  RAW_UTF8,
  ESCAPE_NON_ASCII,
} Escaping;

static void append_node (GString *out, JsonNode *node, Escaping escaping);

static void
append_string (GString    *out,
               const char *text,
               Escaping    escaping)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", (char) c);
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c == '\b')
        g_string_append (out, "\\b");
      else if (c == '\f')
        g_string_append (out, "\\f");
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else if (c < 0x80 || escaping == RAW_UTF8)
        g_string_append_unichar (out, c);
      else if (c < 0x10000)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_printf (out, "\\u%04x\\u%04x", 0xD800 + ((c - 0x10000) >> 10), 0xDC00 + ((c - 0x10000) & 0x3FF));
    }
  g_string_append_c (out, '"');
}

static void
append_object (GString    *out,
               JsonObject *object,
               Escaping    escaping)
{
  g_autoptr(GList) names = g_list_sort (json_object_get_members (object), (GCompareFunc) strcmp);

  g_string_append_c (out, '{');
  for (GList *l = names; l != NULL; l = l->next)
    {
      if (l != names)
        g_string_append_c (out, ',');
      append_string (out, l->data, escaping);
      g_string_append_c (out, ':');
      append_node (out, json_object_get_member (object, l->data), escaping);
    }
  g_string_append_c (out, '}');
}

static void
append_node (GString  *out,
             JsonNode *node,
             Escaping  escaping)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    append_object (out, json_node_get_object (node), escaping);
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      g_string_append_c (out, '[');
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          append_node (out, json_array_get_element (array, i), escaping);
        }
      g_string_append_c (out, ']');
    }
  else if (JSON_NODE_HOLDS_NULL (node))
    g_string_append (out, "null");
  else if (json_node_get_value_type (node) == G_TYPE_STRING)
    append_string (out, json_node_get_string (node), escaping);
  else if (json_node_get_value_type (node) == G_TYPE_INT64)
    g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
  else if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
  else
    {
      char number[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append (out, g_ascii_dtostr (number, sizeof number, json_node_get_double (node)));
    }
}

/* "t=1727948258788,v1=ed0a…": the time in ms and the hex signature. */
static gboolean
parse_header (const char  *value,
              gint64      *signed_ms,
              const char **signature)
{
  guint64 ms = 0;
  const char *comma;
  g_autofree char *digits = NULL;

  if (value == NULL || !g_str_has_prefix (value, "t=") || (comma = strstr (value, ",v1=")) == NULL)
    return FALSE;
  digits = g_strndup (value + 2, (gsize) (comma - value - 2));
  if (!g_ascii_string_to_unsigned (digits, 10, 0, G_MAXINT64 / 1000, &ms, NULL))
    return FALSE;
  *signed_ms = (gint64) ms;
  *signature = comma + strlen (",v1=");
  return TRUE;
}

static gboolean
signature_matches (const OcopHubBankRequest *request,
                   JsonNode                 *root,
                   gint64                    signed_ms,
                   const char               *signature)
{
  for (Escaping escaping = RAW_UTF8; escaping <= ESCAPE_NON_ASCII; escaping++)
    {
      g_autoptr(GString) message = g_string_new (NULL);

      g_string_append_printf (message, "%" G_GINT64_FORMAT ".", signed_ms);
      append_node (message, root, escaping);
      if (ocop_hub_bank_signed (request, G_CHECKSUM_SHA512, message->str, message->len, signature))
        return TRUE;
    }
  return FALSE;
}

/* The verified body's "data", or NULL. */
static JsonObject *
verify (const OcopHubBankRequest  *request,
        JsonParser                *parser,
        GError                   **error)
{
  const char *signature = NULL;
  gint64 signed_ms = 0;
  JsonObject *object;
  JsonNode *data;

  if (!parse_header (request->header (request->header_data, "X-Casso-Signature"), &signed_ms, &signature))
    {
      g_set_error_literal (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_UNAUTHORIZED,
                           _("The Casso notification has no 'X-Casso-Signature: t=…,v1=…' header"));
      return NULL;
    }
  if ((object = ocop_hub_bank_parse (parser, request->body, request->size, error)) == NULL)
    return NULL;
  if (!signature_matches (request, json_parser_get_root (parser), signed_ms, signature))
    {
      g_propagate_error (error, ocop_hub_bank_bad_signature ("Casso"));
      return NULL;
    }
  if (!ocop_hub_bank_check_time (signed_ms * 1000, request->now_us, error))
    return NULL;
  if ((data = json_object_get_member (object, "data")) == NULL || !JSON_NODE_HOLDS_OBJECT (data))
    {
      g_set_error_literal (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID,
                           _("The Casso notification has no 'data' object"));
      return NULL;
    }
  return json_node_get_object (data);
}

static OcopHubBankNotice *
read_casso (const OcopHubBankRequest  *request,
            gboolean                  *ignored,
            GError                   **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *data = verify (request, parser, error);
  g_autofree char *id = NULL, *account = NULL, *description = NULL;
  gint64 amount = 0;

  if (data == NULL ||
      !(id = ocop_hub_bank_text (data, "id", OCOP_HUB_BANK_MAX_ID, TRUE, error)) ||
      !(account = ocop_hub_bank_text (data, "accountNumber", OCOP_HUB_BANK_MAX_ID, TRUE, error)) ||
      !(description = ocop_hub_bank_text (data, "description", OCOP_HUB_BANK_MAX_TEXT, TRUE, error)) ||
      !ocop_hub_bank_amount (data, "amount", &amount, error))
    return NULL;
  /* Casso reports money going out as a negative amount. */
  *ignored = amount <= 0;
  if (*ignored)
    return NULL;
  return ocop_hub_bank_notice_new (g_steal_pointer (&id), g_steal_pointer (&account), amount, description, NULL);
}

const OcopHubBankService ocop_hub_bank_casso = { "casso", "Casso (webhook v2)", read_casso };
