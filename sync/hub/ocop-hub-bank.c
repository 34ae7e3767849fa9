/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-hub-bank.c: the table of payment services and what their readers
 * share: HMACs (GLib) compared in constant time (libsodium), bounded JSON
 * members, the signed-time window and the payment code of a notice. */

#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "ocop-hub-bank.h"
#include "ocop-hub-error.h"
#include "ocop-json.h"
#include "ocop-payment-code.h"
#include "ocop-sync-protocol.h"

/* Another service is one more entry here and one file beside these. */
static const OcopHubBankService * const services[] = {
  &ocop_hub_bank_sepay,
  &ocop_hub_bank_sepay_hmac,
  &ocop_hub_bank_casso,
  &ocop_hub_bank_payos,
};

const OcopHubBankService *
ocop_hub_bank_service_find (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (services); i++)
    if (g_str_equal (services[i]->name, name))
      return services[i];
  return NULL;
}

const char * const *
ocop_hub_bank_service_names (void)
{
  static const char *names[G_N_ELEMENTS (services) + 1];

  for (guint i = 0; i < G_N_ELEMENTS (services); i++)
    names[i] = services[i]->name;
  return names;
}

void
ocop_hub_bank_account_free (OcopHubBankAccount *account)
{
  if (account == NULL)
    return;
  g_free (account->name);
  g_free (account->service);
  g_free (account->fair);
  g_free (account->account);
  if (account->secret != NULL)
    sodium_memzero (account->secret, strlen (account->secret));
  g_free (account->secret);
  g_free (account);
}

void
ocop_hub_bank_notice_free (OcopHubBankNotice *notice)
{
  if (notice == NULL)
    return;
  g_free (notice->transaction);
  g_free (notice->account);
  g_free (notice->description);
  g_free (notice->code);
  g_free (notice);
}

void
ocop_hub_bank_outcome_clear (OcopHubBankOutcome *outcome)
{
  g_clear_pointer (&outcome->status, g_free);
  g_clear_pointer (&outcome->booth, g_free);
  g_clear_pointer (&outcome->code, g_free);
}

gboolean
ocop_hub_bank_signed (const OcopHubBankRequest *request,
                      GChecksumType             type,
                      const char               *message,
                      gsize                     len,
                      const char               *signature)
{
  const char *key = request->account->secret;
  g_autofree char *expected = g_compute_hmac_for_data (type, (const guchar *) key, strlen (key),
                                                       (const guchar *) message, len);

  return ocop_hub_bank_equal (signature, expected);
}

gboolean
ocop_hub_bank_equal (const char *a,
                     const char *b)
{
  gsize len = a != NULL ? strlen (a) : 0;

  return a != NULL && b != NULL && len == strlen (b) && sodium_memcmp (a, b, len) == 0;
}

JsonObject *
ocop_hub_bank_parse (JsonParser  *parser,
                     const char  *body,
                     gsize        size,
                     GError     **error)
{
  g_autoptr(GError) json_error = NULL;
  JsonNode *root;

  if (!ocop_json_load (parser, body, (gssize) size, OCOP_HUB_BANK_MAX_BODY, &json_error) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      ocop_json_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID,
                           _("The notification must be a JSON object"), json_error);
      return NULL;
    }
  return json_node_get_object (root);
}

static GError *
bad_member (const char *name)
{
  return g_error_new (OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID,
                      _("The notification's '%s' is missing, too long or not a text or whole number"), name);
}

char *
ocop_hub_bank_text (JsonObject  *object,
                    const char  *name,
                    gsize        max_bytes,
                    gboolean     required,
                    GError     **error)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;
  GType type = node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  const char *text;

  if (type == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (type == G_TYPE_STRING && strlen (text = json_node_get_string (node)) <= max_bytes &&
      g_utf8_validate (text, -1, NULL))
    return g_strdup (text);
  if (required || (node != NULL && !JSON_NODE_HOLDS_NULL (node)))
    g_propagate_error (error, bad_member (name));
  return NULL;
}

gboolean
ocop_hub_bank_amount (JsonObject  *object,
                      const char  *name,
                      gint64      *amount,
                      GError     **error)
{
  g_autofree char *text = ocop_hub_bank_text (object, name, 32, TRUE, error);
  gint64 value = 0;

  if (text == NULL)
    return FALSE;
  /* Whole đồng, signed (Casso reports a debit as a negative amount),
   * within what a sale may be. */
  if (!g_ascii_string_to_signed (text, 10, -OCOP_SYNC_MAX_AMOUNT, OCOP_SYNC_MAX_AMOUNT, &value, NULL))
    {
      g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID,
                   _("The notification's '%s' is not a whole amount of đồng: %s"), name, text);
      return FALSE;
    }
  *amount = value;
  return TRUE;
}

gboolean
ocop_hub_bank_check_time (gint64   signed_us,
                          gint64   now_us,
                          GError **error)
{
  gint64 skew = signed_us > now_us ? signed_us - now_us : now_us - signed_us;

  if (skew <= OCOP_HUB_BANK_MAX_SKEW_US)
    return TRUE;
  g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_UNAUTHORIZED,
               _("The notification was signed %" PRId64 " s away from the hub's clock (at most %d s): "
                 "a replay, or a clock to set right"),
               skew / G_USEC_PER_SEC, (int) (OCOP_HUB_BANK_MAX_SKEW_US / G_USEC_PER_SEC));
  return FALSE;
}

GError *
ocop_hub_bank_bad_signature (const char *service)
{
  return g_error_new (OCOP_HUB_ERROR, OCOP_HUB_ERROR_UNAUTHORIZED,
                      _("The %s notification's signature is wrong: it was changed on the way, or signed with "
                        "another key"), service);
}

OcopHubBankNotice *
ocop_hub_bank_notice_new (char       *transaction,
                          char       *account,
                          gint64      amount,
                          const char *description,
                          const char *hint)
{
  OcopHubBankNotice *notice = g_new0 (OcopHubBankNotice, 1);

  notice->transaction = transaction;
  notice->account = account;
  notice->amount = amount;
  notice->description = g_strdup (description ? description : "");
  notice->code = ocop_payment_code_find (hint);
  if (notice->code == NULL)
    notice->code = ocop_payment_code_find (description);
  return notice;
}
