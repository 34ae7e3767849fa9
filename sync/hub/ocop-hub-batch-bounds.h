/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-hub-batch-bounds.h: the bounds of a sale and of the text a device
 * sends (ocop-sync-protocol.h), checked on an event the batch parser has
 * read, so that no booth can push the fair's tallies out of range. */
#pragma once

#include <json-glib/json-glib.h>

#include "ocop-hub-batch.h"

G_BEGIN_DECLS

/* A sale, void or refund: its lines, payments and total within the bounds
 * and of the kind's sign; a visitor count within its bound. @where names
 * the payload ("events[3].payload.") in the error. */
gboolean ocop_hub_validate_sale_bounds (const OcopHubEvent  *event,
                                        const char          *where,
                                        GError             **error);
/* Every text member of a payload (its lines' too) a string within its
 * bound, and every payment's method a known one. */
gboolean ocop_hub_validate_strings     (JsonObject          *payload,
                                        const char          *where,
                                        GError             **error);
/* The batch's own text: the booth's code, name and locality, the device
 * id and each event's ref. */
gboolean ocop_hub_validate_batch_strings (const OcopHubBatch *batch,
                                          GError            **error);

G_END_DECLS
