/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-store-visitors.c: what the gates counted, read back for the Gate
 * page: a day's total and its quarters of an hour in the fair's time. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ocop-store-private.h"

gboolean
ocop_store_count_visitors_by_quarter (OcopStore  *self,
                                      const char *business_day,
                                      const char *gate,
                                      gint64      counts[OCOP_QUARTERS_A_DAY],
                                      GError    **error)
{
  sqlite3_stmt *stmt = ocop_store_prepare (self,
                                           "SELECT ocop_local_quarter (created_us), sum (count) FROM visitor_count"
                                           " WHERE business_day = ? AND gate = ? GROUP BY 1", error);
  int rc;

  memset (counts, 0, sizeof (gint64) * OCOP_QUARTERS_A_DAY);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, business_day, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, gate, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int quarter = sqlite3_column_int (stmt, 0);

      if (quarter >= 0 && quarter < OCOP_QUARTERS_A_DAY)
        counts[quarter] = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return ocop_store_fail (self, error, _("read the visitor counts"));
  return TRUE;
}

gint64
ocop_store_count_visitors (OcopStore  *self,
                           const char *business_day,
                           const char *gate)
{
  /* The tallies kept with each count: no scan of a day's taps. */
  sqlite3_stmt *stmt = ocop_store_prepare (self,
                                           "SELECT coalesce (sum (count), 0) FROM tally_visitors"
                                           " WHERE day = ?1 AND (?2 IS NULL OR gate = ?2)", NULL);
  gint64 count = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, business_day, -1, SQLITE_TRANSIENT);
  if (gate != NULL)
    sqlite3_bind_text (stmt, 2, gate, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return count;
}
