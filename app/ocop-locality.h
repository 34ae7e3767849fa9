/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-locality.h: Quảng Ninh's 13 localities and the other provinces. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The 13 district-level localities of Quảng Ninh, NULL-terminated, in their
 * official spelling ("Hạ Long", "Đông Triều", …). */
const char * const *ocop_locality_quang_ninh (void);

/* Matches @text, ignoring case, diacritics and prefixes such as "TP.",
 * "Thành phố", "huyện", "thị xã", "tỉnh", against Quảng Ninh's localities and
 * then Vietnam's other provinces and cities. Returns the canonical spelling
 * (static, do not free) and sets @in_province, or NULL when it matches
 * nothing. */
const char *ocop_locality_canonical (const char *text,
                                     gboolean   *in_province);

G_END_DECLS
