/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-locality.c: Quảng Ninh's localities and the other provinces, however
 * a spreadsheet spells them. */

#include "ocop-locality.h"
#include "ocop-text.h"

/* The other 62 provinces and cities before 2025, written independently of
 * the table under test. */
static const char * const other_provinces[] = {
  "An Giang", "Bà Rịa – Vũng Tàu", "Bắc Giang", "Bắc Kạn", "Bạc Liêu", "Bắc Ninh", "Bến Tre",
  "Bình Định", "Bình Dương", "Bình Phước", "Bình Thuận", "Cà Mau", "Cần Thơ", "Cao Bằng",
  "Đà Nẵng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang",
  "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương", "Hải Phòng", "Hậu Giang", "Hòa Bình", "Hưng Yên",
  "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu", "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An",
  "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình",
  "Quảng Nam", "Quảng Ngãi", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình",
  "Thái Nguyên", "Thanh Hóa", "Thành phố Hồ Chí Minh", "Thừa Thiên Huế", "Tiền Giang",
  "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
};

static void
assert_matches (const char *text,
                const char *expected,
                gboolean    expected_in_province)
{
  gboolean in_province = !expected_in_province;

  g_test_message ("'%s'", text);
  g_assert_cmpstr (ocop_locality_canonical (text, &in_province), ==, expected);
  g_assert_cmpint (in_province, ==, expected_in_province);
}

static void
test_quang_ninh_list (void)
{
  static const char * const expected[] = {
    "Hạ Long", "Móng Cái", "Cẩm Phả", "Uông Bí", "Đông Triều", "Quảng Yên", "Ba Chẽ",
    "Bình Liêu", "Cô Tô", "Đầm Hà", "Hải Hà", "Tiên Yên", "Vân Đồn",
  };
  const char * const *all = ocop_locality_quang_ninh ();

  g_assert_cmpuint (g_strv_length ((GStrv) all), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_true (g_strv_contains (all, expected[i]));
}

static void
test_quang_ninh_spellings (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "Hạ Long", "Hạ Long" }, { "tp ha long", "Hạ Long" }, { "TP. Hạ Long", "Hạ Long" },
    { "TP.Hạ Long", "Hạ Long" }, { "Tp Hạ Long", "Hạ Long" }, { "thành phố Hạ Long", "Hạ Long" },
    { "HẠ LONG", "Hạ Long" }, { "  ha   long ", "Hạ Long" }, { "Hạ\xc2\xa0Long", "Hạ Long" },
    { "Thành phố Móng Cái", "Móng Cái" }, { "huyện Ba Chẽ", "Ba Chẽ" }, { "H. Ba Chẽ", "Ba Chẽ" },
    { "BA CHE", "Ba Chẽ" }, { "thị xã Quảng Yên", "Quảng Yên" }, { "TX Quảng Yên", "Quảng Yên" },
    { "dong trieu", "Đông Triều" }, { "Vân Đồn", "Vân Đồn" }, { "huyen Co To", "Cô Tô" },
    { "Đầm Hà", "Đầm Hà" }, { "Hải Hà", "Hải Hà" }, { "thị trấn Tiên Yên", "Tiên Yên" },
    /* The province after one of its localities adds nothing. */
    { "TP Hạ Long, Quảng Ninh", "Hạ Long" }, { "huyện Bình Liêu, tỉnh Quảng Ninh", "Bình Liêu" },
    { "Uông Bí - Quảng Ninh", "Uông Bí" },
    /* Merged into Hạ Long in 2020. */
    { "huyện Hoành Bồ", "Hạ Long" },
  };
  const char * const *all = ocop_locality_quang_ninh ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_matches (cases[i].in, cases[i].out, TRUE);

  /* Each canonical name, and its folded form, finds itself. */
  for (guint i = 0; all[i] != NULL; i++)
    {
      g_autofree char *folded = ocop_text_fold (all[i]);
      g_autofree char *prefixed = g_strconcat ("huyện ", all[i], NULL);

      assert_matches (all[i], all[i], TRUE);
      assert_matches (folded, all[i], TRUE);
      assert_matches (prefixed, all[i], TRUE);
    }
}

static void
test_other_provinces (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "Lạng Sơn", "Lạng Sơn" }, { "tỉnh Bắc Giang", "Bắc Giang" }, { "Hà Nội", "Hà Nội" },
    { "TP Hà Nội", "Hà Nội" }, { "hai phong", "Hải Phòng" }, { "Thành phố Đà Nẵng", "Đà Nẵng" },
    { "TP.HCM", "Thành phố Hồ Chí Minh" }, { "TP HCM", "Thành phố Hồ Chí Minh" },
    { "HCM", "Thành phố Hồ Chí Minh" }, { "TPHCM", "Thành phố Hồ Chí Minh" },
    { "Hồ Chí Minh", "Thành phố Hồ Chí Minh" }, { "TP. Hồ Chí Minh", "Thành phố Hồ Chí Minh" },
    { "Sài Gòn", "Thành phố Hồ Chí Minh" },
    { "Huế", "Thừa Thiên Huế" }, { "hue", "Thừa Thiên Huế" }, { "Thừa Thiên - Huế", "Thừa Thiên Huế" },
    { "Bà Rịa - Vũng Tàu", "Bà Rịa – Vũng Tàu" }, { "Bà Rịa–Vũng Tàu", "Bà Rịa – Vũng Tàu" },
    { "Vũng Tàu", "Bà Rịa – Vũng Tàu" },
    /* Old tone placement folds the same. */
    { "Thanh Hoá", "Thanh Hóa" }, { "Khánh Hoà", "Khánh Hòa" }, { "Hoà Bình", "Hòa Bình" },
    { "Bắc Cạn", "Bắc Kạn" }, { "Đăk Lăk", "Đắk Lắk" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_matches (cases[i].in, cases[i].out, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (other_provinces); i++)
    {
      g_autofree char *folded = ocop_text_fold (other_provinces[i]);
      g_autofree char *upper = g_utf8_strup (other_provinces[i], -1);

      assert_matches (other_provinces[i], other_provinces[i], FALSE);
      assert_matches (folded, other_provinces[i], FALSE);
      assert_matches (upper, other_provinces[i], FALSE);
    }
  g_assert_cmpuint (G_N_ELEMENTS (other_provinces), ==, 62);
}

static void
test_unknown (void)
{
  static const char * const cases[] = {
    "Atlantis", "", "   ", "tp", "huyện", "tỉnh",
    /* Too vague for where a producer is. */
    "Quảng Ninh", "tỉnh Quảng Ninh", "quang ninh",
    /* A locality of another province, or one that contradicts its province. */
    "Lạng Sơn, Quảng Ninh", "Hạ Long, Hải Phòng", "Ha Longg", "Hạ", "Long",
    "Hạ Long Bay", "\xff",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gboolean in_province = TRUE;

      g_test_message ("'%s'", cases[i]);
      g_assert_null (ocop_locality_canonical (cases[i], &in_province));
      g_assert_false (in_province);
    }
  g_assert_null (ocop_locality_canonical (NULL, NULL));
  g_assert_null (ocop_locality_canonical ("Atlantis", NULL));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/locality/quang-ninh/list", test_quang_ninh_list);
  g_test_add_func ("/locality/quang-ninh/spellings", test_quang_ninh_spellings);
  g_test_add_func ("/locality/other-provinces", test_other_provinces);
  g_test_add_func ("/locality/unknown", test_unknown);
  return g_test_run ();
}
