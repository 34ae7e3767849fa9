/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-locality.c: Quảng Ninh's localities and other provinces, however a
 * spreadsheet spells them. */

#include "ocop-locality.h"

static void
test_quang_ninh (void)
{
  const char * const *all = ocop_locality_quang_ninh ();
  static const struct { const char *in; const char *out; } cases[] = {
    { "Hạ Long", "Hạ Long" }, { "tp ha long", "Hạ Long" }, { "TP. Hạ Long", "Hạ Long" },
    { "Thành phố Móng Cái", "Móng Cái" }, { "huyện Ba Chẽ", "Ba Chẽ" }, { "BA CHE", "Ba Chẽ" },
    { "thị xã Quảng Yên", "Quảng Yên" }, { "dong trieu", "Đông Triều" }, { "Vân Đồn", "Vân Đồn" },
  };

  g_assert_cmpuint (g_strv_length ((GStrv) all), ==, 13);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gboolean in_province = FALSE;

      g_assert_cmpstr (ocop_locality_canonical (cases[i].in, &in_province), ==, cases[i].out);
      g_assert_true (in_province);
    }
  for (guint i = 0; all[i] != NULL; i++)
    g_assert_cmpstr (ocop_locality_canonical (all[i], NULL), ==, all[i]);
}

static void
test_other_provinces (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "Lạng Sơn", "Lạng Sơn" }, { "tỉnh Bắc Giang", "Bắc Giang" }, { "Hà Nội", "Hà Nội" },
    { "TP HCM", "Thành phố Hồ Chí Minh" }, { "Sài Gòn", "Thành phố Hồ Chí Minh" },
    { "hue", "Thừa Thiên Huế" }, { "hai phong", "Hải Phòng" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gboolean in_province = TRUE;

      g_assert_cmpstr (ocop_locality_canonical (cases[i].in, &in_province), ==, cases[i].out);
      g_assert_false (in_province);
    }
}

static void
test_unknown (void)
{
  g_assert_null (ocop_locality_canonical ("Atlantis", NULL));
  g_assert_null (ocop_locality_canonical ("Quảng Ninh", NULL));   /* too vague for a producer */
  g_assert_null (ocop_locality_canonical ("", NULL));
  g_assert_null (ocop_locality_canonical (NULL, NULL));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/locality/quang-ninh", test_quang_ninh);
  g_test_add_func ("/locality/other-provinces", test_other_provinces);
  g_test_add_func ("/locality/unknown", test_unknown);
  return g_test_run ();
}
