/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-text.c: folding Vietnamese text to plain lower-case words, so that
 * "tra hoa vang" finds "Trà hoa vàng" and "dong" finds "Đông". */

#include "config.h"

#include "ocop-text.h"

/* Vietnamese stacks up to two marks on a vowel (ế = e + circumflex + acute;
 * ơ and ư carry a horn). NFD splits every one of them off the base letter,
 * whether the input came precomposed (as typed on Unikey) or already
 * decomposed (as some Mac and legacy Windows-1258 exports carry it). */
static gboolean
is_mark (gunichar c)
{
  switch (g_unichar_type (c))
    {
    case G_UNICODE_NON_SPACING_MARK:
    case G_UNICODE_SPACING_MARK:
    case G_UNICODE_ENCLOSING_MARK:
      return TRUE;
    default:
      return g_unichar_combining_class (c) != 0;
    }
}

/* Zero-width spaces, joiners and byte order marks come along with text
 * pasted from the web or a spreadsheet's first cell; they are invisible, so
 * a word that contains one must still match the word typed without. */
static gboolean
is_invisible (gunichar c)
{
  return g_unichar_type (c) == G_UNICODE_FORMAT;
}

/* đ and Đ are letters of their own, not d with a mark: Unicode has no
 * decomposition for them, so they are folded by hand. */
static gunichar
fold_letter (gunichar c)
{
  if (c == 0x0111 || c == 0x0110)
    return 'd';
  return g_unichar_tolower (c);
}

char *
ocop_text_fold (const char *text)
{
  g_autofree char *decomposed = NULL;
  GString *out;
  gboolean space_pending = FALSE;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return g_strdup ("");
  decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_NFD);
  out = g_string_sized_new (strlen (decomposed));

  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_mark (c) || is_invisible (c))
        continue;
      /* Spaces are written lazily so that runs collapse and neither end
       * keeps one. */
      if (g_unichar_isspace (c))
        {
          space_pending = out->len > 0;
          continue;
        }
      if (space_pending)
        g_string_append_c (out, ' ');
      space_pending = FALSE;
      g_string_append_unichar (out, fold_letter (c));
    }
  return g_string_free (out, FALSE);
}

gboolean
ocop_text_is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  /* Walking invalid UTF-8 could run past the end; such text is not blank. */
  if (!g_utf8_validate (text, -1, NULL))
    return FALSE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c) && !is_invisible (c))
        return FALSE;
    }
  return TRUE;
}
