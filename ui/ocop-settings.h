/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-settings.h: the till's GSettings (vn.ocop.Pos). */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The installed schema, or the one compiled in the build tree when ocop-pos
 * runs from there; never aborts for a missing schema. */
GSettings *ocop_settings_new (void);

G_END_DECLS
