/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-hub-store-bank.c: the hub's storage of bank-transfer accounts,
 * notifications and the booths' pending transfers, and the rule that
 * matches one to the other, written once for both engines. */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ocop-hub-bank.h"
#include "ocop-hub-store-private.h"
#include "ocop-payment-code.h"

/* ---- accounts ---- */

gboolean
ocop_hub_backend_put_bank_account (OcopHubBackend            *self,
                                   const OcopHubBankAccount  *account,
                                   gint64                     now_us,
                                   GError                   **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  OcopHubValue params[] = { OCOP_HUB_TEXT (account->name), OCOP_HUB_TEXT (account->service),
                            OCOP_HUB_TEXT (account->fair), OCOP_HUB_TEXT (account->account),
                            OCOP_HUB_TEXT (account->secret), OCOP_HUB_INT (now_us) };

  return run (self, "INSERT INTO bank_account (name, service, fair, account, secret, created_us)"
                    " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (name) DO UPDATE SET service = EXCLUDED.service,"
                    " fair = EXCLUDED.fair, account = EXCLUDED.account, secret = EXCLUDED.secret",
              params, N (params), error);
}

#define ACCOUNT_COLUMNS "SELECT name, service, fair, account, secret FROM bank_account"

static OcopHubBankAccount *
account_of_row (OcopHubRows *rows)
{
  OcopHubBankAccount *account = g_new0 (OcopHubBankAccount, 1);

  account->name = g_strdup (ocop_hub_rows_text (rows, 0));
  account->service = g_strdup (ocop_hub_rows_text (rows, 1));
  account->fair = g_strdup (ocop_hub_rows_text (rows, 2));
  account->account = g_strdup (ocop_hub_rows_text (rows, 3));
  account->secret = g_strdup (ocop_hub_rows_text (rows, 4));
  return account;
}

static gboolean
no_account (const char  *name,
            GError     **error)
{
  g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_NOT_FOUND, _("No bank account '%s' is set up at this hub"), name);
  return FALSE;
}

OcopHubBankAccount *
ocop_hub_backend_find_bank_account (OcopHubBackend  *self,
                                    const char      *name,
                                    GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  OcopHubValue params[] = { OCOP_HUB_TEXT (name) };
  g_autoptr(OcopHubRows) rows = query (self, ACCOUNT_COLUMNS " WHERE name = $1", params, N (params), error);

  if (rows == NULL)
    return NULL;
  if (ocop_hub_rows_next (rows))
    return account_of_row (rows);
  if (ocop_hub_rows_finish (rows, error))
    no_account (name, error);
  return NULL;
}

gboolean
ocop_hub_backend_remove_bank_account (OcopHubBackend  *self,
                                      const char      *name,
                                      GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  OcopHubValue params[] = { OCOP_HUB_TEXT (name) };
  gint64 removed = changes (self, "DELETE FROM bank_account WHERE name = $1", params, N (params), error);

  return removed > 0 || (removed == 0 && no_account (name, error));
}

GPtrArray *
ocop_hub_backend_list_bank_accounts (OcopHubBackend  *self,
                                     GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr(OcopHubRows) rows = query (self, ACCOUNT_COLUMNS " ORDER BY name", NULL, 0, error);
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) ocop_hub_bank_account_free);

  if (rows == NULL)
    return NULL;
  while (ocop_hub_rows_next (rows))
    g_ptr_array_add (accounts, account_of_row (rows));
  return ocop_hub_rows_finish (rows, error) ? g_steal_pointer (&accounts) : NULL;
}

/* ---- matching ---- */

/* The business day (YYYY-MM-DD in the fair's zone) of a UTC time, as the
 * booths date their sales, for a code's transfer and its payment. */
static char *
business_day_of (gint64 utc_us)
{
  static GTimeZone *zone;
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (utc_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = NULL;

  if (g_once_init_enter (&zone))
    {
      GTimeZone *fair_zone = g_time_zone_new_identifier ("Asia/Ho_Chi_Minh");

      g_once_init_leave (&zone, fair_zone != NULL ? fair_zone : g_time_zone_new_offset (7 * 3600));
    }
  local = g_date_time_to_timezone (utc, zone);
  return g_date_time_format (local, "%Y-%m-%d");
}

/* A credit to judge, from a new notification or one held as "unknown". */
typedef struct {
  const char *fair;
  const char *code;
  const char *account;
  gint64      amount;
  const char *day;
  const char *service;
  const char *transaction;
  gint64      now_us;
} Credit;

/* Judges @credit against the latest transfer announced with its code in
 * its fair, and marks the transfer paid when it matches. Why each other
 * case is kept unmatched: a short or long payment needs the cashier and
 * the customer to settle the difference; a second payment for one code
 * is money the customer may want back; a code of another day is a QR
 * paid again from a phone's history. */
static gboolean
judge (OcopHubBackend      *self,
       const Credit        *credit,
       OcopHubBankOutcome  *outcome,
       GError             **error)
{
  OcopHubValue params[] = { OCOP_HUB_TEXT (credit->fair), OCOP_HUB_TEXT (credit->code) };
  g_autoptr(OcopHubRows) rows = NULL;
  gint64 amount;
  gboolean paid, same_day;

  g_free (outcome->status);
  outcome->status = g_strdup ("unknown");
  if (credit->code == NULL)
    return TRUE;
  rows = query (self, "SELECT booth, account, amount, day, txn FROM bank_transfer WHERE fair = $1 AND code = $2"
                      " ORDER BY day DESC LIMIT 1", params, N (params), error);
  if (rows == NULL)
    return FALSE;
  if (!ocop_hub_rows_next (rows) || g_strcmp0 (ocop_hub_rows_text (rows, 1), credit->account) != 0)
    return ocop_hub_rows_finish (rows, error);
  g_free (outcome->booth);
  outcome->booth = g_strdup (ocop_hub_rows_text (rows, 0));
  amount = ocop_hub_rows_int (rows, 2);
  same_day = g_strcmp0 (ocop_hub_rows_text (rows, 3), credit->day) == 0;
  paid = ocop_hub_rows_type (rows, 4) != OCOP_HUB_VALUE_NULL;
  g_free (outcome->status);
  outcome->status = g_strdup (!same_day ? "other_day" : paid ? "second" : credit->amount < amount ? "underpaid"
                              : credit->amount > amount ? "overpaid" : "matched");
  if (!ocop_hub_rows_finish (rows, error))
    return FALSE;
  if (!g_str_equal (outcome->status, "matched"))
    return TRUE;
  {
    OcopHubValue paid_params[] = { OCOP_HUB_TEXT (credit->service), OCOP_HUB_TEXT (credit->transaction),
                                   OCOP_HUB_INT (credit->now_us), OCOP_HUB_TEXT (credit->fair),
                                   OCOP_HUB_TEXT (credit->code), OCOP_HUB_TEXT (credit->day) };

    return run (self, "UPDATE bank_transfer SET service = $1, txn = $2, confirmed_us = $3"
                      " WHERE fair = $4 AND code = $5 AND day = $6", paid_params, N (paid_params), error);
  }
}

/* The outcome a held notification was given; FALSE without error when
 * none is held. */
static gboolean
held_outcome (OcopHubBackend      *self,
              const char          *service,
              const char          *transaction,
              OcopHubBankOutcome  *outcome,
              GError             **error)
{
  OcopHubValue params[] = { OCOP_HUB_TEXT (service), OCOP_HUB_TEXT (transaction) };
  g_autoptr(OcopHubRows) rows = query (self, "SELECT status, booth, code FROM bank_notice"
                                             " WHERE service = $1 AND txn = $2", params, N (params), error);

  if (rows == NULL || !ocop_hub_rows_next (rows))
    return FALSE;
  outcome->status = g_strdup (ocop_hub_rows_text (rows, 0));
  outcome->booth = g_strdup (ocop_hub_rows_text (rows, 1));
  outcome->code = g_strdup (ocop_hub_rows_text (rows, 2));
  outcome->duplicate = TRUE;
  return ocop_hub_rows_finish (rows, error);
}

static gboolean
record_notice_locked (OcopHubBackend            *self,
                      const OcopHubBankAccount  *account,
                      const OcopHubBankNotice   *notice,
                      gint64                     now_us,
                      OcopHubBankOutcome        *outcome,
                      GError                   **error)
{
  g_autofree char *day = business_day_of (now_us);
  Credit credit = { account->fair, notice->code, notice->account, notice->amount, day, account->service,
                    notice->transaction, now_us };
  GError *local = NULL;

  if (held_outcome (self, account->service, notice->transaction, outcome, &local))
    return TRUE;
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  outcome->code = g_strdup (notice->code);
  if (!judge (self, &credit, outcome, error))
    return FALSE;
  {
    OcopHubValue params[] = { OCOP_HUB_TEXT (account->service), OCOP_HUB_TEXT (notice->transaction),
                              OCOP_HUB_TEXT (account->name), OCOP_HUB_TEXT (account->fair),
                              OCOP_HUB_TEXT (notice->account), OCOP_HUB_INT (notice->amount),
                              OCOP_HUB_TEXT (notice->description ? notice->description : ""),
                              OCOP_HUB_TEXT (notice->code), OCOP_HUB_TEXT (day), OCOP_HUB_INT (now_us),
                              OCOP_HUB_TEXT (outcome->status), OCOP_HUB_TEXT (outcome->booth) };

    return run (self, "INSERT INTO bank_notice (service, txn, bank_account, fair, account, amount, description,"
                      " code, day, received_us, status, booth) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,"
                      " $11, $12)", params, N (params), error);
  }
}

gboolean
ocop_hub_backend_record_bank_notice (OcopHubBackend            *self,
                                     const OcopHubBankAccount  *account,
                                     const OcopHubBankNotice   *notice,
                                     gint64                     now_us,
                                     OcopHubBankOutcome        *outcome,
                                     GError                   **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  if (!begin (self, OCOP_HUB_TX_WRITE, error))
    return FALSE;
  if (!record_notice_locked (self, account, notice, now_us, outcome, error) || !commit (self, error))
    {
      rollback (self);
      return FALSE;
    }
  return TRUE;
}

/* Judges again the notifications held as "unknown" for @code in @fair,
 * oldest first: they came before the booth's announcement reached the
 * hub (a booth offline while the customer paid). */
static gboolean
rejudge_unknown (OcopHubBackend  *self,
                 const char      *fair,
                 const char      *code,
                 gint64           now_us,
                 gboolean        *confirmed,
                 GError         **error)
{
  OcopHubValue params[] = { OCOP_HUB_TEXT (fair), OCOP_HUB_TEXT (code) };
  g_autoptr(OcopHubRows) rows = query (self, "SELECT service, txn, account, amount, day FROM bank_notice"
                                             " WHERE fair = $1 AND code = $2 AND status = 'unknown'"
                                             " ORDER BY received_us", params, N (params), error);
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_free);

  if (rows == NULL)
    return FALSE;
  while (ocop_hub_rows_next (rows))
    for (int i = 0; i < 5; i++)
      g_ptr_array_add (held, ocop_hub_rows_type (rows, i) == OCOP_HUB_VALUE_INT
                               ? g_strdup_printf ("%" G_GINT64_FORMAT, ocop_hub_rows_int (rows, i))
                               : g_strdup (ocop_hub_rows_text (rows, i)));
  if (!ocop_hub_rows_finish (rows, error))
    return FALSE;
  for (guint i = 0; i < held->len; i += 5)
    {
      char **row = (char **) held->pdata + i;
      Credit credit = { fair, code, row[2], g_ascii_strtoll (row[3], NULL, 10), row[4], row[0], row[1], now_us };
      g_auto(OcopHubBankOutcome) outcome = { 0 };
      OcopHubValue update[] = { OCOP_HUB_TEXT (NULL), OCOP_HUB_TEXT (NULL), OCOP_HUB_TEXT (row[0]),
                                OCOP_HUB_TEXT (row[1]) };

      if (!judge (self, &credit, &outcome, error))
        return FALSE;
      update[0] = OCOP_HUB_TEXT (outcome.status);
      update[1] = OCOP_HUB_TEXT (outcome.booth);
      *confirmed = *confirmed || g_str_equal (outcome.status, "matched");
      if (!run (self, "UPDATE bank_notice SET status = $1, booth = $2 WHERE service = $3 AND txn = $4",
                update, N (update), error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_code_of_booth (const OcopHubDevice  *device,
                     const char           *code,
                     GError              **error)
{
  g_autofree char *expected = NULL;
  gint64 receipt_no = 0;

  if (ocop_payment_code_parse (code, NULL, &receipt_no))
    expected = ocop_payment_code_encode (device->booth, receipt_no, NULL);
  if (expected != NULL && g_str_equal (expected, code))
    return TRUE;
  g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID, _("'%s' is not a payment code of booth %s"), code,
               device->booth);
  return FALSE;
}

gboolean
ocop_hub_backend_announce_transfer (OcopHubBackend       *self,
                                    const OcopHubDevice  *device,
                                    const char           *code,
                                    gint64                amount,
                                    const char           *account,
                                    const char           *day,
                                    gint64                now_us,
                                    gboolean             *confirmed,
                                    GError              **error)
{
  OcopHubValue params[] = { OCOP_HUB_TEXT (device->fair), OCOP_HUB_TEXT (code), OCOP_HUB_TEXT (day),
                            OCOP_HUB_TEXT (device->booth), OCOP_HUB_TEXT (device->id), OCOP_HUB_TEXT (account),
                            OCOP_HUB_INT (amount), OCOP_HUB_INT (now_us) };
  g_autoptr(GMutexLocker) locker = NULL;

  *confirmed = FALSE;
  if (!check_code_of_booth (device, code, error))
    return FALSE;
  locker = g_mutex_locker_new (&self->lock);
  if (!begin (self, OCOP_HUB_TX_WRITE, error))
    return FALSE;
  /* Until it is paid, the cart may still change: the last amount holds. */
  if (!run (self, "INSERT INTO bank_transfer (fair, code, day, booth, device, account, amount, announced_us)"
                  " VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (fair, code, day) DO UPDATE SET"
                  " account = EXCLUDED.account, amount = EXCLUDED.amount WHERE bank_transfer.txn IS NULL",
            params, N (params), error) ||
      !rejudge_unknown (self, device->fair, code, now_us, confirmed, error) || !commit (self, error))
    {
      rollback (self);
      return FALSE;
    }
  return TRUE;
}

/* ---- what booths and organizers read ---- */

/* Adds the row's columns as members named @names (NULL-terminated). */
static void
add_members (JsonBuilder        *builder,
             OcopHubRows        *rows,
             const char * const *names)
{
  for (int i = 0; names[i] != NULL; i++)
    {
      OcopHubValueType type = ocop_hub_rows_type (rows, i);

      json_builder_set_member_name (builder, names[i]);
      if (type == OCOP_HUB_VALUE_NULL)
        json_builder_add_null_value (builder);
      else if (type == OCOP_HUB_VALUE_INT)
        json_builder_add_int_value (builder, ocop_hub_rows_int (rows, i));
      else
        json_builder_add_string_value (builder, ocop_hub_rows_text (rows, i));
    }
}

/* Adds every row of @sql as an object, in an array (short of the rows
 * after a failure, which the caller's error says). */
static gboolean
add_rows (OcopHubBackend      *self,
          JsonBuilder         *builder,
          const char          *sql,
          const OcopHubValue  *params,
          guint                n_params,
          const char * const  *names,
          GError             **error)
{
  g_autoptr(OcopHubRows) rows = query (self, sql, params, n_params, error);
  gboolean ok = rows != NULL;

  json_builder_begin_array (builder);
  for (; ok && ocop_hub_rows_next (rows); json_builder_end_object (builder))
    {
      json_builder_begin_object (builder);
      add_members (builder, rows, names);
    }
  json_builder_end_array (builder);
  return ok && ocop_hub_rows_finish (rows, error);
}

static const char * const transfer_names[] = { "code", "amount", "day", "status", "service", "transaction", NULL };
static const char * const notice_names[] = { "service", "transaction", "amount", "status", NULL };

static gboolean
build_transfer (OcopHubBackend       *self,
                JsonBuilder          *builder,
                const OcopHubValue   *params,
                const char           *code,
                GError              **error)
{
  g_autoptr(OcopHubRows) rows = query (self, "SELECT code, amount, day,"
                                             " CASE WHEN txn IS NULL THEN 'waiting' ELSE 'confirmed' END,"
                                             " service, txn FROM bank_transfer WHERE fair = $1 AND code = $2"
                                             " ORDER BY day DESC LIMIT 1", params, 2, error);

  if (rows == NULL)
    return FALSE;
  if (!ocop_hub_rows_next (rows))
    {
      if (ocop_hub_rows_finish (rows, error))
        g_set_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_NOT_FOUND, _("No transfer with code %s was announced"),
                     code);
      return FALSE;
    }
  json_builder_begin_object (builder);
  add_members (builder, rows, transfer_names);
  if (!ocop_hub_rows_finish (rows, error))
    return FALSE;
  json_builder_set_member_name (builder, "notices");
  if (!add_rows (self, builder, "SELECT service, txn, amount, status FROM bank_notice WHERE fair = $1"
                                " AND code = $2 ORDER BY received_us", params, 2, notice_names, error))
    return FALSE;
  json_builder_end_object (builder);
  return TRUE;
}

JsonNode *
ocop_hub_backend_transfer_status (OcopHubBackend       *self,
                                  const OcopHubDevice  *device,
                                  const char           *code,
                                  GError              **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  OcopHubValue params[] = { OCOP_HUB_TEXT (device->fair), OCOP_HUB_TEXT (code) };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gboolean ok;

  if (!begin (self, OCOP_HUB_TX_READ, error))
    return NULL;
  ok = build_transfer (self, builder, params, code, error);
  rollback (self);
  return ok ? json_builder_get_root (builder) : NULL;
}

static const char * const confirmed_names[] = {
  "code", "amount", "day", "status", "service", "transaction", "confirmed_us", NULL
};
static const char * const booth_notice_names[] = {
  "code", "service", "transaction", "amount", "status", "received_us", NULL
};

static gboolean
build_booth_transfers (OcopHubBackend       *self,
                       JsonBuilder          *builder,
                       const OcopHubValue   *params,
                       GError              **error)
{
  g_autoptr(OcopHubRows) until = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "transfers");
  if (!add_rows (self, builder, "SELECT code, amount, day, 'confirmed', service, txn, confirmed_us FROM bank_transfer"
                                " WHERE fair = $1 AND booth = $2 AND confirmed_us > $3 ORDER BY confirmed_us",
                 params, 3, confirmed_names, error))
    return FALSE;
  json_builder_set_member_name (builder, "notices");
  if (!add_rows (self, builder, "SELECT code, service, txn, amount, status, received_us FROM bank_notice"
                                " WHERE fair = $1 AND booth = $2 AND received_us > $3 AND status != 'matched'"
                                " ORDER BY received_us", params, 3, booth_notice_names, error))
    return FALSE;
  until = query (self, "SELECT CAST (max (t) AS BIGINT) FROM (SELECT max (confirmed_us) AS t FROM bank_transfer"
                       " WHERE fair = $1 AND booth = $2 UNION ALL SELECT max (received_us) FROM bank_notice"
                       " WHERE fair = $1 AND booth = $2) AS times", params, 2, error);
  if (until == NULL || !ocop_hub_rows_next (until))
    return until != NULL && ocop_hub_store_missing_row (until, "bank_transfer", error);
  json_builder_set_member_name (builder, "until_us");
  json_builder_add_int_value (builder, MAX (params[2].number, ocop_hub_rows_type (until, 0) == OCOP_HUB_VALUE_NULL
                                                              ? 0 : ocop_hub_rows_int (until, 0)));
  json_builder_end_object (builder);
  return ocop_hub_rows_finish (until, error);
}

JsonNode *
ocop_hub_backend_booth_transfers (OcopHubBackend       *self,
                                  const OcopHubDevice  *device,
                                  gint64                since_us,
                                  GError              **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  OcopHubValue params[] = { OCOP_HUB_TEXT (device->fair), OCOP_HUB_TEXT (device->booth), OCOP_HUB_INT (since_us) };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gboolean ok;

  if (!begin (self, OCOP_HUB_TX_READ, error))
    return NULL;
  ok = build_booth_transfers (self, builder, params, error);
  rollback (self);
  return ok ? json_builder_get_root (builder) : NULL;
}

static const char * const unmatched_names[] = {
  "fair", "booth", "code", "service", "transaction", "account", "amount", "description", "status", "received_us",
  NULL
};

JsonNode *
ocop_hub_backend_unmatched_notices (OcopHubBackend  *self,
                                    const char      *fair,
                                    GError         **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  OcopHubValue params[] = { OCOP_HUB_TEXT (fair) };
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (!add_rows (self, builder, "SELECT fair, booth, code, service, txn, account, amount, description, status,"
                                " received_us FROM bank_notice WHERE status != 'matched'"
                                " AND ($1 IS NULL OR fair = $1) ORDER BY received_us, service, txn",
                 params, N (params), unmatched_names, error))
    return NULL;
  return json_builder_get_root (builder);
}
