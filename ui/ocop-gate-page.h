/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-gate-page.h: Gate mode: staff at an entrance count visitors with a
 * large +1 (or a key from a foot pedal or clicker), +5 and +10, undo the
 * last tap, and correct with a reason. Every count is a record in the
 * store, synced like sales. */
#pragma once

#include <adwaita.h>

#include "ocop-store.h"

G_BEGIN_DECLS

/* Keys from a clicker or pedal closer than this are one press repeating. */
#define OCOP_GATE_KEY_REPEAT_MS 120

#define OCOP_TYPE_GATE_PAGE (ocop_gate_page_get_type ())
G_DECLARE_FINAL_TYPE (OcopGatePage, ocop_gate_page, OCOP, GATE_PAGE, GtkBox)

void        ocop_gate_page_set_store      (OcopGatePage *self,
                                           OcopStore    *store,
                                           GSettings    *settings);
/* Reads the day's counts again (the page shows them when it is shown). */
void        ocop_gate_page_refresh        (OcopGatePage *self);
/* A key from a clicker or pedal (Space, Enter, +, Page Down, →) counts
 * one visitor; repeats closer than OCOP_GATE_KEY_REPEAT_MS are one press.
 * TRUE when the key was taken. */
gboolean    ocop_gate_page_handle_key     (OcopGatePage    *self,
                                           guint            keyval,
                                           GdkModifierType  state,
                                           gint64           now_us);
/* For the tests: the total on screen, and the last message shown. */
const char *ocop_gate_page_get_total_text (OcopGatePage *self);
const char *ocop_gate_page_get_last_message (OcopGatePage *self);
/* The dialog "Correction…" opened, while open. */
AdwMessageDialog *ocop_gate_page_get_dialog (OcopGatePage *self);

G_END_DECLS
