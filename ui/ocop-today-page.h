/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-today-page.h: the business day so far: totals, the journal, voids
 * approved by a supervisor, and closing the day. */
#pragma once

#include <adwaita.h>

#include "ocop-devices.h"
#include "ocop-store.h"

G_BEGIN_DECLS

#define OCOP_TYPE_TODAY_PAGE (ocop_today_page_get_type ())
G_DECLARE_FINAL_TYPE (OcopTodayPage, ocop_today_page, OCOP, TODAY_PAGE, GtkBox)

void        ocop_today_page_set_store     (OcopTodayPage *self,
                                           OcopStore     *store);
/* Where reprints and the Z report print. */
void        ocop_today_page_set_devices   (OcopTodayPage *self,
                                           OcopDevices   *devices);
/* Reads the day again from the store. */
void        ocop_today_page_refresh       (OcopTodayPage *self);
/* Selects the row of receipt @receipt_no; FALSE when it is not listed. */
gboolean    ocop_today_page_select_receipt (OcopTodayPage *self,
                                            gint64         receipt_no);
/* The dialog the last action opened (void, close day, Z report), while
 * it is open; for the tests. */
AdwMessageDialog *ocop_today_page_get_dialog (OcopTodayPage *self);
const char *ocop_today_page_get_totals    (OcopTodayPage *self);
/* The last message shown in a toast, for the tests. */
const char *ocop_today_page_get_last_message (OcopTodayPage *self);
GtkEditable *ocop_today_page_get_search   (OcopTodayPage *self);
/* Rows the search leaves visible. */
guint       ocop_today_page_count_shown   (OcopTodayPage *self);

G_END_DECLS
