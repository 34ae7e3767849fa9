/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-hub-bank-routes.c: the bank-transfer endpoints' requests checked
 * and answered over the storage, for the server and the tests alike. */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ocop-hub-bank-routes.h"
#include "ocop-hub-bank-wait.h"
#include "ocop-hub-error.h"
#include "ocop-json.h"
#include "ocop-payment-code.h"
#include "ocop-sync-protocol.h"

static JsonNode *
receipt_reply (const char *status,
               gboolean    duplicate)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  /* SePay reads "success"; the others only the HTTP status. */
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "success");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, OCOP_SYNC_TRANSFER_STATUS);
  json_builder_add_string_value (builder, status);
  json_builder_set_member_name (builder, "duplicate");
  json_builder_add_boolean_value (builder, duplicate);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

JsonNode *
ocop_hub_bank_receive (OcopHubBackend     *backend,
                       const char         *name,
                       OcopHubHeaderFunc   header,
                       gpointer            header_data,
                       const char         *body,
                       gsize               size,
                       gint64              now_us,
                       char              **wake_key,
                       GError            **error)
{
  g_autoptr(OcopHubBankAccount) account = ocop_hub_backend_find_bank_account (backend, name, error);
  g_autoptr(OcopHubBankNotice) notice = NULL;
  g_auto(OcopHubBankOutcome) outcome = { 0 };
  const OcopHubBankService *service;
  gboolean ignored = FALSE;

  *wake_key = NULL;
  if (account == NULL)
    return NULL;
  if ((service = ocop_hub_bank_service_find (account->service)) == NULL)
    {
      g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_FAILED, _("Bank account '%s' names no known service '%s'"),
                   name, account->service);
      return NULL;
    }
  {
    OcopHubBankRequest request = { account, header, header_data, body, size, now_us };

    notice = service->read (&request, &ignored, error);
  }
  if (notice == NULL)
    return ignored ? receipt_reply ("ignored", FALSE) : NULL;
  if (!ocop_hub_backend_record_bank_notice (backend, account, notice, now_us, &outcome, error))
    return NULL;
  if (g_str_equal (outcome.status, "matched") && outcome.code != NULL)
    *wake_key = ocop_hub_bank_wait_key (account->fair, outcome.code);
  return receipt_reply (outcome.status, outcome.duplicate);
}

/* A business day as booths write it: YYYY-MM-DD, a real date. */
static gboolean
is_day (const char *text)
{
  guint year = 0, month = 0, day = 0;
  char end = 0;

  return text != NULL && strlen (text) == 10 && text[4] == '-' && text[7] == '-' &&
         sscanf (text, "%4u-%2u-%2u%c", &year, &month, &day, &end) == 3 &&
         g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

static gboolean
is_account (const char *text)
{
  gsize len = text != NULL ? strlen (text) : 0;

  return len > 0 && len <= 19 &&
         strspn (text, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") == len;
}

JsonNode *
ocop_hub_bank_announce (OcopHubBackend       *backend,
                        const OcopHubDevice  *device,
                        const char           *body,
                        gsize                 size,
                        gint64                now_us,
                        char                **wake_key,
                        GError              **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *object = ocop_hub_bank_parse (parser, body, size, error);
  g_autofree char *code = NULL, *account = NULL, *day = NULL;
  gint64 amount = 0;
  gboolean confirmed = FALSE, settled = FALSE;

  *wake_key = NULL;
  if (object == NULL ||
      !(code = ocop_hub_bank_text (object, OCOP_SYNC_TRANSFER_CODE, OCOP_PAYMENT_CODE_MAX_LEN, TRUE, error)) ||
      !(account = ocop_hub_bank_text (object, OCOP_SYNC_TRANSFER_ACCOUNT, 19, TRUE, error)) ||
      !(day = ocop_hub_bank_text (object, OCOP_SYNC_TRANSFER_DAY, 10, TRUE, error)) ||
      !ocop_hub_bank_amount (object, OCOP_SYNC_TRANSFER_AMOUNT, &amount, error))
    return NULL;
  if (!ocop_payment_code_parse (code, NULL, NULL) || amount < 1 || !is_account (account) || !is_day (day))
    {
      g_set_error_literal (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID,
                           _("A transfer needs a payment code, an amount of at least 1 đồng, an account of 1 to 19 "
                             "letters and digits and a day YYYY-MM-DD"));
      return NULL;
    }
  if (!ocop_hub_backend_announce_transfer (backend, device, code, amount, account, day, now_us, &confirmed, error))
    return NULL;
  if (confirmed)
    *wake_key = ocop_hub_bank_wait_key (device->fair, code);
  return ocop_hub_bank_status (backend, device, code, &settled, error);
}

JsonNode *
ocop_hub_bank_status (OcopHubBackend       *backend,
                      const OcopHubDevice  *device,
                      const char           *code,
                      gboolean             *settled,
                      GError              **error)
{
  JsonNode *status = ocop_hub_backend_transfer_status (backend, device, code, error);

  *settled = status != NULL &&
             g_strcmp0 (json_object_get_string_member (json_node_get_object (status), OCOP_SYNC_TRANSFER_STATUS),
                        "waiting") != 0;
  return status;
}

JsonNode *
ocop_hub_bank_booth_transfers (OcopHubBackend       *backend,
                               const OcopHubDevice  *device,
                               const char           *since,
                               GError              **error)
{
  guint64 since_us = 0;

  if (since != NULL && !g_ascii_string_to_unsigned (since, 10, 0, G_MAXINT64, &since_us, NULL))
    {
      g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID, _("since=%s is not a time in microseconds"), since);
      return NULL;
    }
  return ocop_hub_backend_booth_transfers (backend, device, (gint64) since_us, error);
}
