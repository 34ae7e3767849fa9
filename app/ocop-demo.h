/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-demo.h: the demo fair, for trying ocop-pos and for training. */
#pragma once

#include "ocop-store.h"

G_BEGIN_DECLS

/* Sets up Hội chợ OCOP Quảng Ninh in @store: the fair, its booths, this
 * device as one of them, and the demo catalog of real OCOP products. Refuses
 * a store that already has a fair, so a real one is never overwritten. */
gboolean ocop_demo_create (OcopStore  *store,
                           guint      *n_products,
                           GError    **error);

G_END_DECLS
