/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-hub-language.h: the language of one dashboard request, set for the
 * thread that renders it, so that gettext (po/vi.po, the till's own
 * catalogue) answers each request in its language while others run. */
#pragma once

#include <locale.h>
#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  OCOP_HUB_LANGUAGE_VIETNAMESE,
  OCOP_HUB_LANGUAGE_ENGLISH,
} OcopHubLanguage;

/* Whether the system can give a thread Vietnamese messages (the
 * vi_VN.UTF-8 locale exists); an error that says what to install if not. */
gboolean ocop_hub_language_check   (GError          **error);
/* Makes the calling thread's messages @language; returns the thread's
 * locale before, for ocop_hub_language_restore(). */
locale_t ocop_hub_language_use     (OcopHubLanguage   language);
void     ocop_hub_language_restore (locale_t          previous);

G_END_DECLS
