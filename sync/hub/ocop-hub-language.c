/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-hub-language.c: per-thread message languages for the dashboard,
 * with glibc's newlocale() and uselocale().
 *
 * One hub process serves organizers in Vietnamese and in English at the
 * same moment, on libmicrohttpd's threads. setlocale() and the LANGUAGE
 * variable are per process, but glibc's gettext reads the LC_MESSAGES of
 * the calling thread's locale, so each request sets its own around the
 * page it renders and the catalogue stays the one in po/.
 *
 * English is the "C" locale: gettext then returns the msgid, which is the
 * English text, and C exists on every system. Vietnamese needs the
 * vi_VN.UTF-8 locale installed, or newlocale() fails: a fresh Debian 12
 * has only C.UTF-8, so the ocop-hub package depends on locales-all
 * (packaging/debian/control), which ships every locale precompiled and
 * needs no locale-gen, and `ocop-hub serve` warns when it is missing. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ocop-hub-error.h"
#include "ocop-hub-language.h"

/* The spellings a system may know Vietnamese under: locale-gen names it
 * vi_VN.UTF-8, locales-all vi_VN (whose charset is UTF-8). */
static const char * const vietnamese_names[] = { "vi_VN.UTF-8", "vi_VN.utf8", "vi_VN", NULL };
static const char * const english_names[] = { "C", NULL };

/* The process's locale with LC_MESSAGES from the first of @names that
 * exists, so that numbers, dates and characters read as before; or 0. */
static locale_t
messages_locale (const char * const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    {
      locale_t base = duplocale (LC_GLOBAL_LOCALE);
      locale_t made = base ? newlocale (LC_MESSAGES_MASK, names[i], base) : (locale_t) 0;

      if (made)
        return made;
      /* A failed newlocale() leaves its base to the caller. */
      if (base)
        freelocale (base);
    }
  return (locale_t) 0;
}

/* Made once and kept for the life of the process: every request of that
 * language shares it, read-only. 0 when the system lacks it. */
static locale_t
locale_of (OcopHubLanguage language)
{
  static locale_t locales[2];
  static gsize made = 0;

  if (g_once_init_enter (&made))
    {
      locales[OCOP_HUB_LANGUAGE_VIETNAMESE] = messages_locale (vietnamese_names);
      locales[OCOP_HUB_LANGUAGE_ENGLISH] = messages_locale (english_names);
      g_once_init_leave (&made, 1);
    }
  return locales[language];
}

gboolean
ocop_hub_language_check (GError **error)
{
  if (locale_of (OCOP_HUB_LANGUAGE_VIETNAMESE))
    return TRUE;
  g_set_error_literal (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_FAILED,
                       _("The Vietnamese locale (vi_VN.UTF-8) is not installed, so the dashboard shows English:"
                         " install the package locales-all"));
  return FALSE;
}

locale_t
ocop_hub_language_use (OcopHubLanguage language)
{
  locale_t wanted = locale_of (language);

  /* Without the locale the thread keeps the process's language: the
   * page is whole, only not in the language asked for. */
  return uselocale (wanted ? wanted : (locale_t) 0);
}

void
ocop_hub_language_restore (locale_t previous)
{
  uselocale (previous);
}
