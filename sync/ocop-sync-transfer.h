/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-sync-transfer.h: a booth's transfers confirmed by the bank, through
 * its hub: announcing a pending transfer and waiting, while the payment
 * dialog is open, for the bank's confirmation of it. */
#pragma once

#include <json-glib/json-glib.h>

#include "ocop-sync-client.h"

G_BEGIN_DECLS

/* Tells the hub that the transfer with payment code @code
 * (ocop_payment_code_encode) for @amount đồng to @account is expected on
 * business @day. Returns the hub's view of it, as
 * ocop_sync_client_wait_transfer() does. Blocks. */
JsonNode *ocop_sync_client_announce_transfer    (OcopSyncClient       *self,
                                                 const char           *code,
                                                 gint64                amount,
                                                 const char           *account,
                                                 const char           *day,
                                                 GCancellable         *cancellable,
                                                 GError              **error);
/* Waits at most @timeout_ms for the bank's confirmation of @code, asking
 * the hub with long polls (one request held by the hub until a
 * notification pays the transfer, at most 20 s each). Returns the hub's
 * answer {"code", "amount", "day", "status", "service", "transaction",
 * "notices": [{service, transaction, amount, status}]}: "status" is
 * "confirmed" when the bank confirmed it, "waiting" when the time ran out
 * first; "notices" lists payments with the code that did not match
 * (underpaid, overpaid, a second payment, a code of another day).
 * G_IO_ERROR_CANCELLED within about a second of @cancellable; the
 * client's errors otherwise. Blocks. */
JsonNode *ocop_sync_client_wait_transfer        (OcopSyncClient       *self,
                                                 const char           *code,
                                                 guint                 timeout_ms,
                                                 GCancellable         *cancellable,
                                                 GError              **error);
/* What the booth's ordinary sync reads about its transfers: the hub's
 * {"transfers": [{code, amount, day, status, service, transaction,
 * confirmed_us}], "notices": [{code, service, transaction, amount, status,
 * received_us}], "until_us"} for what was confirmed, or paid without
 * matching, after @since_us; ask next from "until_us". Blocks. */
JsonNode *ocop_sync_client_fetch_transfers      (OcopSyncClient       *self,
                                                 gint64                since_us,
                                                 GCancellable         *cancellable,
                                                 GError              **error);
/* The same on a worker thread, for the till's dialog. */
void      ocop_sync_client_wait_transfer_async  (OcopSyncClient       *self,
                                                 const char           *code,
                                                 guint                 timeout_ms,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
JsonNode *ocop_sync_client_wait_transfer_finish (OcopSyncClient       *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

G_END_DECLS
