/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-organizer-page.h: the Organizer page: visitors and revenue of the
 * day and the fair, per booth, locality and payment method, from the hub
 * when it answers, else this booth's own figures, with the time they are
 * as of. */
#pragma once

#include <adwaita.h>

#include "ocop-store.h"

G_BEGIN_DECLS

#define OCOP_TYPE_ORGANIZER_PAGE (ocop_organizer_page_get_type ())
G_DECLARE_FINAL_TYPE (OcopOrganizerPage, ocop_organizer_page, OCOP, ORGANIZER_PAGE, GtkBox)

void        ocop_organizer_page_set_store    (OcopOrganizerPage *self,
                                              OcopStore         *store);
/* Asks the hub again on a worker thread (the page shows the booth's own
 * figures meanwhile if it has nothing yet); emits "refreshed" once the
 * page shows the answer or the local figures. */
void        ocop_organizer_page_refresh      (OcopOrganizerPage *self);
/* The organizer signed in on this page, or NULL. The page signs in and
 * out through its actions organizer.sign-in (with the name and password
 * typed in its form) and organizer.sign-out, and emits "session-changed"
 * once either is answered. */
char       *ocop_organizer_page_dup_organizer (OcopOrganizerPage *self);
/* TRUE when the figures shown are the hub's. */
gboolean    ocop_organizer_page_is_from_hub  (OcopOrganizerPage *self);
/* "Whole fair, from the hub, as of 10:42" or "This booth only, as of …". */
const char *ocop_organizer_page_get_as_of    (OcopOrganizerPage *self);

G_END_DECLS
