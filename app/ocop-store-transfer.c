/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-store-transfer.c: a sale's transfer confirmed by the bank or by the
 * cashier, recorded beside the sale and queued for the hub. */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "ocop-store-private.h"
#include "ocop-sync-protocol.h"
#include "ocop-text.h"

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static JsonNode *
confirmation_event (const char *sale_uuid,
                    const char *service,
                    const char *transaction,
                    const char *cashier,
                    const char *day,
                    gint64      at_us)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  add_string (builder, OCOP_SYNC_PAYLOAD_UUID, sale_uuid);
  add_string (builder, OCOP_SYNC_PAYLOAD_CONFIRMED_BY, transaction != NULL ? "bank" : "cashier");
  add_string (builder, OCOP_SYNC_PAYLOAD_SERVICE, transaction != NULL ? service : NULL);
  add_string (builder, OCOP_SYNC_PAYLOAD_TRANSACTION, transaction);
  add_string (builder, OCOP_SYNC_PAYLOAD_CASHIER, transaction != NULL ? NULL : cashier);
  add_string (builder, OCOP_SYNC_PAYLOAD_BUSINESS_DAY, day);
  json_builder_set_member_name (builder, OCOP_SYNC_PAYLOAD_CREATED_US);
  json_builder_add_int_value (builder, at_us);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* The names the hub takes: bounded as every name of an event. */
static gboolean
check_confirmation (const char  *sale_uuid,
                    const char  *service,
                    const char  *transaction,
                    const char  *cashier,
                    GError     **error)
{
  const char *who = transaction != NULL ? service : cashier;

  if (ocop_text_is_blank (sale_uuid) || ocop_text_is_blank (who) ||
      (transaction != NULL && ocop_text_is_blank (transaction)))
    {
      g_set_error_literal (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID,
                           _("A transfer's confirmation needs its sale and the bank's transaction or the cashier's name"));
      return FALSE;
    }
  if (strlen (who) > OCOP_SYNC_MAX_NAME_BYTES || (transaction != NULL && strlen (transaction) > OCOP_SYNC_MAX_NAME_BYTES))
    {
      g_set_error_literal (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID,
                           _("The transfer's confirmation has a name longer than the hub takes"));
      return FALSE;
    }
  return TRUE;
}

/* Whether the bank's @transaction is recorded already: a service tells
 * it again when it retries. */
static gboolean
is_recorded (OcopStore  *self,
             const char *service,
             const char *transaction)
{
  sqlite3_stmt *stmt = ocop_store_prepare (self,
                                           "SELECT 1 FROM transfer_confirmation WHERE service = ? AND txn = ?", NULL);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, service, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, transaction, -1, SQLITE_TRANSIENT);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return found;
}

gboolean
ocop_store_confirm_transfer (OcopStore   *self,
                             const char  *sale_uuid,
                             const char  *service,
                             const char  *transaction,
                             const char  *cashier,
                             GError     **error)
{
  gint64 now = ocop_store_now_us (self);
  g_autofree char *day = ocop_store_business_day_of (self, now);
  g_autofree char *now_text = g_strdup_printf ("%" G_GINT64_FORMAT, now);
  g_autoptr(JsonNode) event = NULL;
  g_autofree char *ref = NULL;

  if (!check_confirmation (sale_uuid, service, transaction, cashier, error))
    return FALSE;
  if (transaction != NULL && is_recorded (self, service, transaction))
    return TRUE;
  event = confirmation_event (sale_uuid, service, transaction, cashier, day, now);
  ref = g_strdup_printf ("%s@%" G_GINT64_FORMAT, sale_uuid, now);
  if (!ocop_store_begin (self, error))
    return FALSE;
  if (ocop_store_exec (self,
                       "INSERT INTO transfer_confirmation (sale_uuid, confirmed_by, service, txn, cashier, created_us)"
                       " VALUES (?, ?, ?, ?, ?, ?)", error, _("record the transfer's confirmation"),
                       sale_uuid, transaction != NULL ? "bank" : "cashier", transaction != NULL ? service : NULL,
                       transaction, transaction != NULL ? NULL : cashier, now_text) &&
      ocop_store_append_event (self, OCOP_SYNC_KIND_TRANSFER_CONFIRMED, ref, event, error))
    return ocop_store_commit (self, error);
  ocop_store_rollback (self);
  return FALSE;
}

const char *
ocop_store_transfer_confirmed_by (OcopStore  *self,
                                  const char *sale_uuid)
{
  /* The bank's word first: it is the one a forged screen cannot give. */
  sqlite3_stmt *stmt = ocop_store_prepare (self,
                                           "SELECT confirmed_by FROM transfer_confirmation WHERE sale_uuid = ?"
                                           " ORDER BY confirmed_by = 'bank' DESC LIMIT 1", NULL);
  const char *by = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, sale_uuid, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    by = g_str_equal ((const char *) sqlite3_column_text (stmt, 0), "bank") ? "bank" : "cashier";
  sqlite3_reset (stmt);
  return by;
}
