/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-text.c: folding Vietnamese for search: tones, vowel marks, đ, case
 * and white space. */

#include "ocop-text.h"

static void
test_fold (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "Trà hoa vàng", "tra hoa vang" },
    { "Đông Triều", "dong trieu" },
    { "đặc sản", "dac san" },
    { "NƯỚC KHOÁNG  Quang\tHanh ", "nuoc khoang quang hanh" },
    { "Rượu mơ Yên Tử", "ruou mo yen tu" },
    { "Miến dong Bình Liêu", "mien dong binh lieu" },
    { "  Ngọc\xc2\xa0trai  ", "ngoc trai" },
    { "Gạo nếp cái hoa vàng", "gao nep cai hoa vang" },
    /* Decomposed input (as Windows-1258 and some Mac files carry it). */
    { "Tra\xcc\x80 hoa va\xcc\x80ng", "tra hoa vang" },
    { "QN-BC-001", "qn-bc-001" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *folded = ocop_text_fold (cases[i].in);
      g_assert_cmpstr (folded, ==, cases[i].out);
    }
}

static void
test_fold_invalid (void)
{
  g_autofree char *folded = ocop_text_fold ("abc\xff");
  g_autofree char *null_folded = ocop_text_fold (NULL);

  g_assert_cmpstr (folded, ==, "");
  g_assert_cmpstr (null_folded, ==, "");
}

static void
test_blank (void)
{
  g_assert_true (ocop_text_is_blank (NULL));
  g_assert_true (ocop_text_is_blank (""));
  g_assert_true (ocop_text_is_blank (" \t\n\xc2\xa0"));
  g_assert_false (ocop_text_is_blank (" đ "));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/text/fold", test_fold);
  g_test_add_func ("/text/fold-invalid", test_fold_invalid);
  g_test_add_func ("/text/blank", test_blank);
  return g_test_run ();
}
