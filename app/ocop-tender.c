/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-tender.c: fast cash and amounts regrouped as they are typed.
 *
 * Fast cash follows what Square's register does: the exact amount, then
 * the next round amounts above it that one or two notes make. Vietnam's
 * notes in everyday use run from 10.000 to 500.000 ₫ (the 1.000 to
 * 5.000 ₫ notes are rare at a fair and make no round amount worth a
 * button), so 135.000 ₫ suggests 140.000, 150.000, 200.000 and 500.000.
 * Each amount is checked for overflow: a total near G_MAXINT64 gets only
 * itself. */

#include "config.h"

#include <string.h>

#include "ocop-tender.h"

/* 18 digits: G_MAXINT64 has 19, and a 19-digit amount may not fit. */
#define MAX_DIGITS 18

static const gint64 notes[] = { 10000, 20000, 50000, 100000, 200000, 500000 };

/* @total rounded up to a multiple of @note, or 0 when that overflows. */
static gint64
round_up (gint64 total,
          gint64 note)
{
  gint64 whole = total / note + (total % note != 0);

  return whole > G_MAXINT64 / note ? 0 : whole * note;
}

/* Puts @amount into the increasing list @out of *@n amounts, unless it is
 * there already. */
static void
insert_sorted (gint64  amount,
               gint64 *out,
               guint  *n)
{
  guint at = 0;

  while (at < *n && out[at] < amount)
    at++;
  if (at < *n && out[at] == amount)
    return;
  memmove (out + at + 1, out + at, (*n - at) * sizeof *out);
  out[at] = amount;
  (*n)++;
}

guint
ocop_tender_fast_cash (gint64  total,
                       gint64 *out,
                       guint   max_out)
{
  /* Rounding up to a larger note can give less (47.500 is 60.000 in 20.000
   * notes but 50.000 in one 50.000 note): all are gathered, then sorted. */
  gint64 rounded[G_N_ELEMENTS (notes)];
  guint n_rounded = 0;

  if (total <= 0 || max_out == 0)
    return 0;
  for (guint i = 0; i < G_N_ELEMENTS (notes); i++)
    {
      gint64 amount = round_up (total, notes[i]);

      if (amount > total)
        insert_sorted (amount, rounded, &n_rounded);
    }
  out[0] = total;
  n_rounded = MIN (n_rounded, max_out - 1);
  memcpy (out + 1, rounded, n_rounded * sizeof *out);
  return n_rounded + 1;
}

char *
ocop_tender_regroup (const char *text,
                     int         cursor,
                     int        *new_cursor)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  GString *out;
  int digits_before = 0, skip = 0, i = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p), i++)
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= '0' && c <= '9')
        {
          g_string_append_c (digits, (char) c);
          digits_before += i < cursor;
        }
      else if (c != '.' && !g_unichar_isspace (c))
        return NULL;
    }
  /* Leading zeros go, and with them the caret's digits that were zeros. */
  while (skip < (int) digits->len - 1 && digits->str[skip] == '0')
    skip++;
  if (digits->len - skip > MAX_DIGITS)
    return NULL;
  digits_before = MAX (0, digits_before - skip);
  out = g_string_sized_new (digits->len + digits->len / 3);
  *new_cursor = 0;
  for (gsize d = skip; d < digits->len; d++)
    {
      gsize left = digits->len - d;

      if (d > (gsize) skip && left % 3 == 0)
        g_string_append_c (out, '.');
      g_string_append_c (out, digits->str[d]);
      if ((int) (d - skip) + 1 == digits_before)
        *new_cursor = (int) out->len;
    }
  return g_string_free (out, FALSE);
}
