/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-store-handover.c: shift handovers in the store, and their shape in
 * a day report's JSON and text. A handover is a record of its own: the
 * sales it counts are only read, never touched. */

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>

#include "ocop-handover.h"
#include "ocop-money.h"
#include "ocop-store-private.h"

void
ocop_handover_free (OcopHandover *handover)
{
  if (handover == NULL)
    return;
  g_free (handover->booth);
  g_free (handover->business_day);
  g_free (handover->from);
  g_free (handover->to);
  g_free (handover->approver);
  g_free (handover->local_time);
  g_free (handover);
}

/* The shift a handover closes is "every record after the one the previous
 * handover saw": record ids, not clock times, so that a device clock set
 * back during the day cannot count a sale twice or not at all. */
static gint64
last_counted_record (OcopStore  *self,
                     const char *booth,
                     const char *day)
{
  sqlite3_stmt *stmt = ocop_store_prepare (self,
                                           "SELECT coalesce (max (through_sale_id), 0) FROM handover"
                                           " WHERE booth_code = ? AND business_day = ?", NULL);
  gint64 id = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, booth, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, day, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return id;
}

/* Cash since record @after_id: voids and refunds carry negative cash
 * payments, so the sum is cash taken less cash paid back. @through_id is
 * the day's last record, which the next handover starts after. */
static gboolean
cash_since (OcopStore   *self,
            const char  *booth,
            const char  *day,
            gint64       after_id,
            gint64      *cash,
            gint64      *through_id,
            GError     **error)
{
  sqlite3_stmt *stmt = ocop_store_prepare (self,
    "SELECT (SELECT coalesce (sum (p.amount), 0) FROM payment p JOIN sale s ON s.id = p.sale_id"
    "        WHERE s.booth_code = ?1 AND s.business_day = ?2 AND s.id > ?3 AND p.method = 'cash'),"
    "       (SELECT coalesce (max (id), ?3) FROM sale WHERE booth_code = ?1 AND business_day = ?2)",
    error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, booth, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, day, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, after_id);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      *cash = sqlite3_column_int64 (stmt, 0);
      *through_id = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return ocop_store_fail (self, error, _("count the cash since the last handover"));
  return TRUE;
}

typedef struct {
  char   *booth;
  char   *day;
  gint64  cash;
  gint64  through_id;
} Shift;

static void
shift_clear (Shift *shift)
{
  g_clear_pointer (&shift->booth, g_free);
  g_clear_pointer (&shift->day, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Shift, shift_clear)

static gboolean
current_shift (OcopStore  *self,
               Shift      *shift,
               GError    **error)
{
  g_autoptr(OcopBooth) booth = ocop_store_get_current_booth (self, error);

  if (booth == NULL)
    return FALSE;
  shift->booth = g_strdup (booth->code);
  shift->day = ocop_store_business_day_of (self, ocop_store_now_us (self));
  return cash_since (self, shift->booth, shift->day, last_counted_record (self, shift->booth, shift->day),
                     &shift->cash, &shift->through_id, error);
}

gboolean
ocop_store_handover_expected (OcopStore  *self,
                              gint64     *cash_expected,
                              GError    **error)
{
  g_auto(Shift) shift = { 0 };

  g_return_val_if_fail (OCOP_IS_STORE (self), FALSE);
  if (!current_shift (self, &shift, error))
    return FALSE;
  *cash_expected = shift.cash;
  return TRUE;
}

static gboolean
check_active_cashier (OcopStore   *self,
                      const char  *name,
                      GError     **error)
{
  sqlite3_stmt *stmt = ocop_store_prepare (self, "SELECT active FROM cashier WHERE name = ?", error);
  int active = -1;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name ? name : "", -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    active = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  if (active == 1)
    return TRUE;
  g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID,
               active == 0 ? _("“%s” has been deactivated and cannot take or hand over the drawer")
                           : _("There is no cashier “%s”"),
               name ? name : "");
  return FALSE;
}

static gboolean
check_people (OcopStore   *self,
              const char  *from,
              const char  *to,
              GError     **error)
{
  if (!check_active_cashier (self, from, error) || !check_active_cashier (self, to, error))
    return FALSE;
  if (g_strcmp0 (from, to) == 0)
    {
      g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID,
                   _("“%s” cannot hand the drawer over to themselves"), from);
      return FALSE;
    }
  return TRUE;
}

/* A closed day's Z report is final: a handover after it would count cash
 * the report no longer shows. */
static gboolean
check_day_not_closed (OcopStore   *self,
                      const Shift *shift,
                      GError     **error)
{
  g_autofree char *state = ocop_store_get_day_state (self, shift->day, NULL);

  if (g_strcmp0 (state, "closed") != 0)
    return TRUE;
  g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_DAY_CLOSED,
               _("The business day %s of booth %s is closed: there is no drawer to hand over"),
               shift->day, shift->booth);
  return FALSE;
}

/* A drawer that is short or over is a supervisor's business, as at the
 * day's close; an exact count needs nobody else. */
static gboolean
check_count (OcopStore           *self,
             const Shift         *shift,
             gint64               counted,
             const OcopApproval  *approval,
             GError             **error)
{
  g_autofree char *difference = NULL;

  if (counted < 0)
    {
      g_set_error_literal (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID,
                           _("The cash counted in the drawer cannot be negative"));
      return FALSE;
    }
  if (approval != NULL)
    return ocop_store_check_approval (self, approval, error);
  if (counted == shift->cash)
    return TRUE;
  difference = ocop_money_format (counted - shift->cash);
  g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_NOT_APPROVED,
               _("The drawer is %s off the cash expected: a supervisor must approve the handover"), difference);
  return FALSE;
}

static gint64
insert_handover (OcopStore    *self,
                 const Shift  *shift,
                 const char   *from,
                 const char   *to,
                 gint64        counted,
                 const char   *approver,
                 GError      **error)
{
  g_autofree char *through = g_strdup_printf ("%" G_GINT64_FORMAT, shift->through_id);
  g_autofree char *expected = g_strdup_printf ("%" G_GINT64_FORMAT, shift->cash);
  g_autofree char *counted_text = g_strdup_printf ("%" G_GINT64_FORMAT, counted);
  g_autofree char *now = g_strdup_printf ("%" G_GINT64_FORMAT, ocop_store_now_us (self));

  if (!ocop_store_exec (self,
                        "INSERT INTO handover (booth_code, business_day, from_cashier, to_cashier,"
                        " through_sale_id, cash_expected, cash_counted, approver, created_us)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        error, _("record the handover"), shift->booth, shift->day, from, to, through,
                        expected, counted_text, approver, now))
    return 0;
  return sqlite3_last_insert_rowid (ocop_store_get_db (self));
}

static OcopHandover *
handover_from_row (OcopStore    *self,
                   sqlite3_stmt *stmt)
{
  OcopHandover *handover = g_new0 (OcopHandover, 1);

  handover->id = sqlite3_column_int64 (stmt, 0);
  handover->booth = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  handover->business_day = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  handover->from = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  handover->to = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  handover->cash_expected = sqlite3_column_int64 (stmt, 5);
  handover->cash_counted = sqlite3_column_int64 (stmt, 6);
  handover->approver = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
  handover->at_us = sqlite3_column_int64 (stmt, 8);
  handover->local_time = ocop_store_format_time (self, handover->at_us, "%H:%M");
  return handover;
}

#define HANDOVER_COLUMNS \
  "SELECT id, booth_code, business_day, from_cashier, to_cashier, cash_expected, cash_counted," \
  " approver, created_us FROM handover"

GPtrArray *
ocop_store_list_handovers (OcopStore   *self,
                           const char  *booth,
                           const char  *business_day,
                           GError     **error)
{
  sqlite3_stmt *stmt = ocop_store_prepare (self,
                                           HANDOVER_COLUMNS " WHERE booth_code = ? AND business_day = ? ORDER BY id",
                                           error);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) ocop_handover_free);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, booth, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, business_day, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, handover_from_row (self, stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      ocop_store_fail (self, error, _("read the handovers"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

OcopHandover *
ocop_store_load_handover (OcopStore  *self,
                          gint64      id,
                          GError    **error)
{
  sqlite3_stmt *stmt = ocop_store_prepare (self, HANDOVER_COLUMNS " WHERE id = ?", error);
  OcopHandover *handover = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    handover = handover_from_row (self, stmt);
  sqlite3_reset (stmt);
  if (handover == NULL)
    g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_NOT_FOUND, _("There is no handover %" PRId64),
                 id);
  return handover;
}

gint64
ocop_store_queue_handover (OcopStore   *self,
                           gint64       id,
                           GError     **error)
{
  g_autoptr(OcopHandover) handover = ocop_store_load_handover (self, id, error);
  g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  g_autofree char *now = g_strdup_printf ("%" G_GINT64_FORMAT, ocop_store_now_us (self));

  if (handover == NULL ||
      !ocop_store_exec (self,
                        "INSERT INTO print_job (kind, handover_id, booth_code, business_day, created_us)"
                        " VALUES ('handover', ?, ?, ?, ?)",
                        error, _("queue the print job"), id_text, handover->booth, handover->business_day, now))
    return 0;
  return sqlite3_last_insert_rowid (ocop_store_get_db (self));
}

/* The handover is not an outbox event of its own: hubs in the field refuse
 * a kind they do not know, and as they acknowledge a gapless prefix, one
 * refused event would hold back every sale after it. The day's handovers
 * reach the hub inside the Z report of its day_close instead. */
OcopHandover *
ocop_store_hand_over (OcopStore           *self,
                      const char          *from,
                      const char          *to,
                      gint64               cash_counted,
                      const OcopApproval  *approval,
                      GError             **error)
{
  g_auto(Shift) shift = { 0 };
  g_autoptr(OcopHandover) handover = NULL;
  gint64 id;

  g_return_val_if_fail (OCOP_IS_STORE (self), NULL);
  if (!ocop_store_begin (self, error))
    return NULL;
  if (!current_shift (self, &shift, error) ||
      !check_day_not_closed (self, &shift, error) ||
      !check_people (self, from, to, error) ||
      !check_count (self, &shift, cash_counted, approval, error) ||
      !(id = insert_handover (self, &shift, from, to, cash_counted,
                              approval ? ocop_approval_get_approver (approval) : NULL, error)) ||
      !(handover = ocop_store_load_handover (self, id, error)) ||
      !ocop_store_commit (self, error))
    {
      ocop_store_rollback (self);
      return NULL;
    }
  return g_steal_pointer (&handover);
}

/* ---- in a day report ---- */

static void
set_int (JsonBuilder *b,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

static void
set_string (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, value);
}

void
ocop_handovers_add_json (JsonBuilder     *b,
                         const char      *name,
                         const GPtrArray *handovers)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; handovers != NULL && i < handovers->len; i++)
    {
      const OcopHandover *h = handovers->pdata[i];

      json_builder_begin_object (b);
      set_string (b, "from", h->from);
      set_string (b, "to", h->to);
      set_int (b, "at_us", h->at_us);
      set_string (b, "time", h->local_time);
      set_int (b, "cash_expected", h->cash_expected);
      set_int (b, "cash_counted", h->cash_counted);
      if (h->approver != NULL)
        set_string (b, "approver", h->approver);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static char *
string_member (JsonObject *o,
               const char *name)
{
  return g_strdup (json_object_get_string_member_with_default (o, name, NULL));
}

GPtrArray *
ocop_handovers_from_json (JsonArray *array)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) ocop_handover_free);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      OcopHandover *h;

      if (o == NULL)
        continue;
      h = g_new0 (OcopHandover, 1);
      h->from = string_member (o, "from");
      h->to = string_member (o, "to");
      h->local_time = string_member (o, "time");
      h->approver = string_member (o, "approver");
      h->at_us = json_object_get_int_member_with_default (o, "at_us", 0);
      h->cash_expected = json_object_get_int_member_with_default (o, "cash_expected", 0);
      h->cash_counted = json_object_get_int_member_with_default (o, "cash_counted", 0);
      g_ptr_array_add (list, h);
    }
  return list;
}

void
ocop_handovers_append_text (GString         *out,
                            const GPtrArray *handovers)
{
  if (handovers == NULL || handovers->len == 0)
    return;
  g_string_append_printf (out, "\n%s\n", _("Handovers"));
  for (guint i = 0; i < handovers->len; i++)
    {
      const OcopHandover *h = handovers->pdata[i];
      g_autofree char *expected = ocop_money_format (h->cash_expected);
      g_autofree char *counted = ocop_money_format (h->cash_counted);
      g_autofree char *difference = ocop_money_format (ocop_handover_difference (h));

      /* TRANSLATORS: a shift handover in a day report: time, outgoing and
       * incoming cashier, then cash expected, counted and the difference. */
      g_string_append_printf (out, _("  %s %s → %s: expected %s, counted %s, difference %s"),
                              h->local_time ? h->local_time : "", h->from, h->to, expected, counted, difference);
      if (h->approver != NULL)
        g_string_append_printf (out, _(" (approved by %s)"), h->approver);
      g_string_append_c (out, '\n');
    }
}
