/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-hub-bank-routes.h: what the hub answers on its bank-transfer
 * endpoints, without a socket: a service's notification, a booth's
 * announcement of a pending transfer and a booth's question about one.
 * ocop-hub-server.c routes the requests here and holds the booths' long
 * polls. */
#pragma once

#include "ocop-hub-bank.h"

G_BEGIN_DECLS

/* POST /v1/bank/NAME: verifies the notification with account NAME's
 * service and key, stores and judges it. The reply the services expect
 * ({"success": true, "status": …}); *@wake_key is set to the transfer's
 * wait key (ocop_hub_bank_wait_key) when it is now paid. A request that
 * is not a credit (money out, a service's test) is answered with
 * "ignored" and stored nowhere. */
JsonNode *ocop_hub_bank_receive  (OcopHubBackend           *backend,
                                  const char               *name,
                                  OcopHubHeaderFunc         header,
                                  gpointer                  header_data,
                                  const char               *body,
                                  gsize                     size,
                                  gint64                    now_us,
                                  char                    **wake_key,
                                  GError                  **error);
/* POST /v1/devices/ID/transfers: {code, amount, account, day}. The
 * transfer's status as ocop_hub_bank_status() gives it. */
JsonNode *ocop_hub_bank_announce (OcopHubBackend           *backend,
                                  const OcopHubDevice      *device,
                                  const char               *body,
                                  gsize                     size,
                                  gint64                    now_us,
                                  char                    **wake_key,
                                  GError                  **error);
/* GET /v1/devices/ID/transfers/CODE; *@settled TRUE when the transfer is
 * confirmed (a long poll then ends). */
JsonNode *ocop_hub_bank_status   (OcopHubBackend           *backend,
                                  const OcopHubDevice      *device,
                                  const char               *code,
                                  gboolean                 *settled,
                                  GError                  **error);

/* GET /v1/devices/ID/transfers?since=US: the booth's confirmations and
 * unmatched notifications after @since (microseconds; NULL: all), as
 * ocop_hub_backend_booth_transfers() gives them. */
JsonNode *ocop_hub_bank_booth_transfers (OcopHubBackend           *backend,
                                         const OcopHubDevice      *device,
                                         const char               *since,
                                         GError                  **error);

G_END_DECLS
