/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-test-page.h: a page that shows a receipt printer works and how wide
 * it prints, for `ocop print-test` and the till's Settings. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* ESC/POS for a page @width_dots wide: a title, the version and time, a
 * frame at the paper's edges with a ruler every 8 dots, then a cut. */
GBytes *ocop_test_page_new (guint    width_dots,
                            GError **error);

G_END_DECLS
