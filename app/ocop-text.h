/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-text.h: folding Vietnamese text for search and matching. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Lower case, tone marks and vowel marks removed, đ/Đ turned into d, runs of
 * white space collapsed to one space, ends trimmed. "Trà hoa vàng Đông Triều"
 * → "tra hoa vang dong trieu". Returns a newly allocated string; invalid
 * UTF-8 yields an empty string. */
char *ocop_text_fold (const char *text);

/* TRUE when @text has no characters but white space. NULL counts as blank. */
gboolean ocop_text_is_blank (const char *text);

G_END_DECLS
