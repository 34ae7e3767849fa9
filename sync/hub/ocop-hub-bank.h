/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-hub-bank.h: bank-transfer notifications at the hub: the services
 * that send them (SePay, Casso, payOS; one table entry each), the
 * accounts the organizers configure, and the storage calls that keep
 * every notification once and match it to a booth's pending transfer. */
#pragma once

#include <json-glib/json-glib.h>

#include "ocop-hub-backend.h"

G_BEGIN_DECLS

/* The most a service's notification may be: a few hundred bytes in
 * practice, a few kilobytes with long descriptions. */
#define OCOP_HUB_BANK_MAX_BODY   (32 * 1024)
/* The most of a description kept, and of a transaction id or account. */
#define OCOP_HUB_BANK_MAX_TEXT   1024
#define OCOP_HUB_BANK_MAX_ID     128
/* A signed timestamp further than this from the hub's clock is stale
 * (SePay asks for 5 minutes); a retry is signed anew. */
#define OCOP_HUB_BANK_MAX_SKEW_US (G_GINT64_CONSTANT (5) * 60 * G_USEC_PER_SEC)

/* One account of a service, reached at /v1/bank/NAME. */
typedef struct {
  char *name;      /* letters, digits, '-' and '_': part of the public URL */
  char *service;   /* an OcopHubBankService's name */
  char *fair;
  char *account;   /* the bank account the service reports on */
  char *secret;    /* the API key or checksum key, kept to verify with */
} OcopHubBankAccount;

void ocop_hub_bank_account_free (OcopHubBankAccount *account);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OcopHubBankAccount, ocop_hub_bank_account_free)

/* What a verified notification says: a credit of @amount đồng to
 * @account, with the service's own transaction id. */
typedef struct {
  char   *transaction;
  char   *account;
  gint64  amount;
  char   *description;
  char   *code;        /* the payment code found in it, or NULL */
} OcopHubBankNotice;

void ocop_hub_bank_notice_free (OcopHubBankNotice *notice);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OcopHubBankNotice, ocop_hub_bank_notice_free)

/* A request's header by name (case-insensitive), or NULL. */
typedef const char *(*OcopHubHeaderFunc) (gpointer    data,
                                          const char *name);

/* A notification as it reached the hub, for @account. */
typedef struct {
  const OcopHubBankAccount *account;
  OcopHubHeaderFunc         header;
  gpointer                  header_data;
  const char               *body;
  gsize                     size;
  gint64                    now_us;
} OcopHubBankRequest;

typedef struct {
  const char *name;
  const char *title;   /* as organizers know it */
  /* Verifies the request exactly as the service documents it and reads
   * its credit; NULL with UNAUTHORIZED (wrong or missing key or
   * signature, a stale timestamp) or INVALID (not the service's JSON),
   * or with *@ignored set (and no error) for what is not a credit. */
  OcopHubBankNotice *(*read) (const OcopHubBankRequest  *request,
                              gboolean                  *ignored,
                              GError                   **error);
} OcopHubBankService;

extern const OcopHubBankService ocop_hub_bank_sepay;
extern const OcopHubBankService ocop_hub_bank_sepay_hmac;
extern const OcopHubBankService ocop_hub_bank_casso;
extern const OcopHubBankService ocop_hub_bank_payos;

/* The service called @name, or NULL; the names, NULL-terminated. */
const OcopHubBankService *ocop_hub_bank_service_find  (const char *name);
const char * const       *ocop_hub_bank_service_names (void);

/* ---- shared by the services (ocop-hub-bank.c) ---- */

/* Whether @signature is the lower-case hex HMAC (GLib's GHmac) of
 * @message with the account's key, compared in constant time. */
gboolean  ocop_hub_bank_signed     (const OcopHubBankRequest *request, GChecksumType type, const char *message,
                                    gsize len, const char *signature);
/* Compares in constant time (libsodium); FALSE for different lengths. */
gboolean  ocop_hub_bank_equal       (const char *a, const char *b);
/* The body's JSON object, bounded by the hub's JSON gate. */
JsonObject *ocop_hub_bank_parse     (JsonParser *parser, const char *body, gsize size, GError **error);
/* The member @name of @object as text (a string of at most @max_bytes,
 * or an integer written in decimal); NULL with INVALID naming @name
 * otherwise, or without error when it is absent or null and not
 * @required. */
char     *ocop_hub_bank_text        (JsonObject *object, const char *name, gsize max_bytes, gboolean required,
                                     GError **error);
/* A whole-đồng amount member: an integer, or a string of digits. */
gboolean  ocop_hub_bank_amount      (JsonObject *object, const char *name, gint64 *amount, GError **error);
/* Refuses a signed time (µs) further than OCOP_HUB_BANK_MAX_SKEW_US. */
gboolean  ocop_hub_bank_check_time  (gint64 signed_us, gint64 now_us, GError **error);
GError   *ocop_hub_bank_bad_signature (const char *service);
/* A notice of @amount to @account with @description (may be NULL), and
 * the payment code found in @hint (a service's own reading, may be NULL),
 * else in @description. Takes @transaction and @account. */
OcopHubBankNotice *ocop_hub_bank_notice_new (char *transaction, char *account, gint64 amount,
                                             const char *description, const char *hint);

/* ---- storage (ocop-hub-store-bank.c) ---- */

gboolean            ocop_hub_backend_put_bank_account    (OcopHubBackend            *self,
                                                          const OcopHubBankAccount  *account,
                                                          gint64                     now_us,
                                                          GError                   **error);
/* NOT_FOUND for an unknown name. */
OcopHubBankAccount *ocop_hub_backend_find_bank_account   (OcopHubBackend            *self,
                                                          const char                *name,
                                                          GError                   **error);
gboolean            ocop_hub_backend_remove_bank_account (OcopHubBackend            *self,
                                                          const char                *name,
                                                          GError                   **error);
/* The accounts (OcopHubBankAccount), by name. */
GPtrArray          *ocop_hub_backend_list_bank_accounts  (OcopHubBackend            *self,
                                                          GError                   **error);

/* How a notification was judged: "matched", "underpaid", "overpaid",
 * "unknown" (no code, or no transfer announced with it to this account),
 * "second" (the transfer was paid already) or "other_day" (the code's
 * transfer is of another business day). */
typedef struct {
  char     *status;
  char     *booth;       /* the booth of the code's transfer, or NULL */
  char     *code;
  gboolean  duplicate;   /* the service sent this transaction before */
} OcopHubBankOutcome;

void ocop_hub_bank_outcome_clear (OcopHubBankOutcome *outcome);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (OcopHubBankOutcome, ocop_hub_bank_outcome_clear)

/* Stores @notice once per (service, transaction) and judges it against
 * the transfers announced in @account's fair, in one transaction. A
 * notification already held is judged as it was (duplicate set). */
gboolean  ocop_hub_backend_record_bank_notice (OcopHubBackend            *self,
                                               const OcopHubBankAccount  *account,
                                               const OcopHubBankNotice   *notice,
                                               gint64                     now_us,
                                               OcopHubBankOutcome        *outcome,
                                               GError                   **error);
/* A booth's pending transfer: @code (a payment code of @device's booth)
 * for @amount to @account on business @day. Announcing it again changes
 * the amount and account until it is paid; notifications that came first
 * are judged again. Sets *@confirmed when one now matches. */
gboolean  ocop_hub_backend_announce_transfer  (OcopHubBackend             *self,
                                               const OcopHubDevice       *device,
                                               const char                *code,
                                               gint64                     amount,
                                               const char                *account,
                                               const char                *day,
                                               gint64                     now_us,
                                               gboolean                  *confirmed,
                                               GError                   **error);
/* {"code", "amount", "day", "status": "waiting"|"confirmed", "service",
 * "transaction", "notices": [{service, transaction, amount, status}]} for
 * the latest transfer of @code in @device's fair; NOT_FOUND when none. */
JsonNode *ocop_hub_backend_transfer_status    (OcopHubBackend            *self,
                                               const OcopHubDevice       *device,
                                               const char                *code,
                                               GError                   **error);
/* What a booth's ordinary sync reads: {"transfers": [{code, amount, day,
 * status, service, transaction, confirmed_us}] confirmed after @since_us,
 * "notices": [{code, service, transaction, amount, status, received_us}]
 * of its booth not matched and received after @since_us, "until_us": the
 * latest time listed (@since_us when none), to ask from next time}. */
JsonNode *ocop_hub_backend_booth_transfers    (OcopHubBackend            *self,
                                               const OcopHubDevice       *device,
                                               gint64                     since_us,
                                               GError                   **error);
/* Every notification not matched (of @fair, or all when NULL), oldest
 * first: [{fair, booth, code, service, transaction, account, amount,
 * description, status, received_us}]. */
JsonNode *ocop_hub_backend_unmatched_notices  (OcopHubBackend            *self,
                                               const char                *fair,
                                               GError                   **error);

G_END_DECLS
