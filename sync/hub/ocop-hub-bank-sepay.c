/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-hub-bank-sepay.c: SePay's webhook, authenticated by its API key
 * ("Authorization: Apikey KEY") or by its HMAC-SHA256 variant
 * (X-SePay-Signature over the timestamp and the raw body, with
 * X-SePay-Timestamp in seconds). */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ocop-hub-bank.h"
#include "ocop-hub-error.h"

/* The credit in SePay's JSON: id, accountNumber, transferType "in" or
 * "out", transferAmount, and the payment code SePay recognised ("code",
 * may be null), the transfer's content and the bank's description. */
static OcopHubBankNotice *
read_body (const OcopHubBankRequest  *request,
           gboolean                  *ignored,
           GError                   **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object = ocop_hub_bank_parse (parser, request->body, request->size, error);
  g_autofree char *id = NULL, *account = NULL, *type = NULL, *code = NULL, *content = NULL, *description = NULL;
  GError *local = NULL;
  gint64 amount = 0;

  if (object == NULL ||
      !(id = ocop_hub_bank_text (object, "id", OCOP_HUB_BANK_MAX_ID, TRUE, error)) ||
      !(account = ocop_hub_bank_text (object, "accountNumber", OCOP_HUB_BANK_MAX_ID, TRUE, error)) ||
      !(type = ocop_hub_bank_text (object, "transferType", OCOP_HUB_BANK_MAX_ID, TRUE, error)) ||
      !ocop_hub_bank_amount (object, "transferAmount", &amount, error))
    return NULL;
  code = ocop_hub_bank_text (object, "code", OCOP_HUB_BANK_MAX_ID, FALSE, &local);
  content = ocop_hub_bank_text (object, "content", OCOP_HUB_BANK_MAX_TEXT, FALSE, local ? NULL : &local);
  description = ocop_hub_bank_text (object, "description", OCOP_HUB_BANK_MAX_TEXT, FALSE, local ? NULL : &local);
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return NULL;
    }
  /* Money going out of the account confirms no sale. */
  *ignored = !g_str_equal (type, "in") || amount <= 0;
  if (*ignored)
    return NULL;
  /* "content" is the transfer's note as the payer wrote it; SePay's
   * "code" is its own reading of a code (its prefix set up there). */
  return ocop_hub_bank_notice_new (g_steal_pointer (&id), g_steal_pointer (&account), amount,
                                   content && *content ? content : description, code);
}

static OcopHubBankNotice *
read_api_key (const OcopHubBankRequest  *request,
              gboolean                  *ignored,
              GError                   **error)
{
  const char *authorization = request->header (request->header_data, "Authorization");

  if (authorization == NULL || g_ascii_strncasecmp (authorization, "Apikey ", 7) != 0 ||
      !ocop_hub_bank_equal (authorization + 7, request->account->secret))
    {
      g_set_error_literal (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_UNAUTHORIZED,
                           _("The SePay notification has no 'Authorization: Apikey KEY' header with this "
                             "account's key"));
      return NULL;
    }
  return read_body (request, ignored, error);
}

/* The signature may come bare or as "sha256=HEX". */
static OcopHubBankNotice *
read_hmac (const OcopHubBankRequest  *request,
           gboolean                  *ignored,
           GError                   **error)
{
  const char *signature = request->header (request->header_data, "X-SePay-Signature");
  const char *timestamp = request->header (request->header_data, "X-SePay-Timestamp");
  g_autoptr(GString) message = NULL;
  guint64 seconds = 0;

  if (signature == NULL || timestamp == NULL ||
      !g_ascii_string_to_unsigned (timestamp, 10, 0, G_MAXINT32 * G_GUINT64_CONSTANT (4), &seconds, NULL))
    {
      g_set_error_literal (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_UNAUTHORIZED,
                           _("The SePay notification has no X-SePay-Signature and X-SePay-Timestamp headers"));
      return NULL;
    }
  if (g_str_has_prefix (signature, "sha256="))
    signature += strlen ("sha256=");
  message = g_string_new (timestamp);
  g_string_append_c (message, '.');
  g_string_append_len (message, request->body, (gssize) request->size);
  if (!ocop_hub_bank_signed (request, G_CHECKSUM_SHA256, message->str, message->len, signature))
    {
      g_propagate_error (error, ocop_hub_bank_bad_signature ("SePay"));
      return NULL;
    }
  if (!ocop_hub_bank_check_time ((gint64) seconds * G_USEC_PER_SEC, request->now_us, error))
    return NULL;
  return read_body (request, ignored, error);
}

const OcopHubBankService ocop_hub_bank_sepay = { "sepay", "SePay (API key)", read_api_key };
const OcopHubBankService ocop_hub_bank_sepay_hmac = { "sepay-hmac", "SePay (HMAC-SHA256)", read_hmac };
