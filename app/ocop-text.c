/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-text.c: folding Vietnamese text to plain lower-case ASCII-ish words,
 * so that "tra hoa vang" finds "Trà hoa vàng" and "dong" finds "Đông". */

#include "config.h"

#include "ocop-text.h"

/* đ and Đ are letters of their own, not d with a mark, so Unicode
 * decomposition leaves them alone: fold them by hand. */
static gunichar
fold_char (gunichar c)
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
  gboolean pending_space = FALSE;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return g_strdup ("");
  decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_NFD);
  out = g_string_sized_new (strlen (decomposed));

  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      if (type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_SPACING_MARK ||
          type == G_UNICODE_ENCLOSING_MARK)
        continue;
      if (g_unichar_isspace (c))
        {
          pending_space = out->len > 0;
          continue;
        }
      if (pending_space)
        g_string_append_c (out, ' ');
      pending_space = FALSE;
      g_string_append_unichar (out, fold_char (c));
    }
  return g_string_free (out, FALSE);
}

gboolean
ocop_text_is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}
