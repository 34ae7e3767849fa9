/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-settings.h: the till's GSettings (vn.ocop.Pos). */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The installed schema, or the one compiled in the build tree when ocop-pos
 * runs from there; never aborts for a missing schema. */
GSettings *ocop_settings_new (void);
/* Before the first gettext call: the till speaks Vietnamese, even on an
 * English desktop, unless the "language" key says "en". A LANGUAGE already
 * in the environment (a test, a translator) is kept. Returns the language
 * in effect. */
const char *ocop_settings_choose_language (GSettings *settings);

G_END_DECLS
