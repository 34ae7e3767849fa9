/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-setup-page.h: the till's first-run form: fair, booth, cashiers, the
 * VietQR account and the receipt width. */
#pragma once

#include <adwaita.h>

#include "ocop-store.h"

G_BEGIN_DECLS

#define OCOP_TYPE_SETUP_PAGE (ocop_setup_page_get_type ())
G_DECLARE_FINAL_TYPE (OcopSetupPage, ocop_setup_page, OCOP, SETUP_PAGE, AdwBin)

/* Checks the whole form, then writes the fair, the booth and its cashiers to
 * @store and the bank account and receipt width to @settings. The booth
 * becomes the device's current one last, so a refused form leaves the till
 * on this page; the settings are written only once the store took it all. */
gboolean ocop_setup_page_apply (OcopSetupPage  *self,
                                OcopStore      *store,
                                GSettings      *settings,
                                GError        **error);

G_END_DECLS
