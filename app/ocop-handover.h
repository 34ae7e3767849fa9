/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-handover.h: shift handovers, the drawer passed from one cashier to
 * the next without closing the day, with the cash counted against the cash
 * the journal put in the drawer since the previous handover. */

#pragma once

#include <json-glib/json-glib.h>

#include "ocop-store.h"

G_BEGIN_DECLS

typedef struct {
  gint64  id;
  char   *booth;
  char   *business_day;
  char   *from;                /* the outgoing cashier */
  char   *to;                  /* the incoming cashier */
  gint64  cash_expected;       /* cash taken less cash paid back since the last handover */
  gint64  cash_counted;        /* what the outgoing cashier counted */
  char   *approver;            /* the supervisor who approved a difference, or NULL */
  gint64  at_us;               /* when, UTC */
  char   *local_time;          /* when, HH:MM in the fair's time zone */
} OcopHandover;

void          ocop_handover_free            (OcopHandover *handover);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OcopHandover, ocop_handover_free)

static inline gint64
ocop_handover_difference (const OcopHandover *handover)
{
  return handover->cash_counted - handover->cash_expected;
}

/* Cash the journal of today's business day put in the current booth's
 * drawer since its last handover (or the day's start): cash taken less
 * cash paid back by voids and refunds. */
gboolean      ocop_store_handover_expected  (OcopStore   *self,
                                             gint64      *cash_expected,
                                             GError     **error);
/* Records that cashier @from handed the drawer to cashier @to (both
 * active, not the same) with @cash_counted VND counted in it. A count that
 * differs from the cash expected needs @approval (ocop_store_approve);
 * without one the handover is refused and nothing is written. Refused on a
 * closed day. A new record: no sale is touched. */
OcopHandover *ocop_store_hand_over          (OcopStore           *self,
                                             const char          *from,
                                             const char          *to,
                                             gint64               cash_counted,
                                             const OcopApproval  *approval,
                                             GError             **error);
OcopHandover *ocop_store_load_handover      (OcopStore   *self,
                                             gint64       id,
                                             GError     **error);
/* Queues the slip of handover @id for the receipt printer; the job's id. */
gint64        ocop_store_queue_handover     (OcopStore   *self,
                                             gint64       id,
                                             GError     **error);
/* The handovers of @business_day of @booth, oldest first (OcopHandover*). */
GPtrArray    *ocop_store_list_handovers     (OcopStore   *self,
                                             const char  *booth,
                                             const char  *business_day,
                                             GError     **error);

/* The handovers as a report keeps them: a JSON array member @name of the
 * object @builder is building, read back by ocop_handovers_from_json
 * (NULL: an empty list, as in reports written before handovers). */
void          ocop_handovers_add_json       (JsonBuilder     *builder,
                                             const char      *name,
                                             const GPtrArray *handovers);
GPtrArray    *ocop_handovers_from_json      (JsonArray       *array);
/* One line each, for the text of a day report. */
void          ocop_handovers_append_text    (GString         *out,
                                             const GPtrArray *handovers);

G_END_DECLS
