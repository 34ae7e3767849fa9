/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-hub-gettext.h: _() and C_() for the words the hub shows a browser
 * (pages and their plain-text errors), from glibc's dgettext, which
 * follows the language set for the request's thread (ocop-hub-language.c).
 * Include it after config.h, in place of <glib/gi18n-lib.h>. */
#pragma once

#include <libintl.h>
#include <glib/gi18n-lib.h>

/* GLib's g_dgettext, behind gi18n's _() and C_(), is not used: it decides
 * once per process, from the process's locale, whether to translate at
 * all, and declines in a hub started under C.UTF-8, whatever a thread
 * asks for. */
#undef _
#undef C_
#define _(text) dgettext (GETTEXT_PACKAGE, text)
#define C_(context, text) ocop_hub_pgettext (context "\004" text, sizeof (context))

/* A message with a context, as xgettext stores it: "context\004text". */
static inline const char *
ocop_hub_pgettext (const char *key,
                   gsize       text_offset)
{
  const char *translated = dgettext (GETTEXT_PACKAGE, key);

  return translated == key ? key + text_offset : translated;
}
