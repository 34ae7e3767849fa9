/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-text.c: folding Vietnamese for search and matching: tones, vowel
 * marks, đ, case and white space; and the spreadsheet words matched by it. */

#include "ocop-text.h"
#include "ocop-types.h"

static void
assert_folds (const char *in,
              const char *out)
{
  g_autofree char *folded = ocop_text_fold (in);
  g_autofree char *again = ocop_text_fold (folded);

  g_assert_cmpstr (folded, ==, out);
  /* Folding is idempotent: keys built from folded text stay the same. */
  g_assert_cmpstr (again, ==, out);
}

static void
test_fold_words (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "Trà hoa vàng", "tra hoa vang" },
    { "Đông Triều", "dong trieu" },
    { "NƯỚC KHOÁNG  Quang Hanh", "nuoc khoang quang hanh" },
    { "đặc sản", "dac san" },
    { "Rượu mơ Yên Tử", "ruou mo yen tu" },
    { "Miến dong Bình Liêu", "mien dong binh lieu" },
    { "Gạo nếp cái hoa vàng", "gao nep cai hoa vang" },
    { "Chả mực Hạ Long", "cha muc ha long" },
    { "Sá sùng Vân Đồn", "sa sung van don" },
    { "ĐẦM HÀ", "dam ha" },
    { "already plain", "already plain" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_folds (cases[i].in, cases[i].out);
}

/* Every Vietnamese vowel with every tone, both cases, plus đ/Đ. */
static void
test_fold_alphabet (void)
{
  assert_folds ("aàáảãạ ăằắẳẵặ âầấẩẫậ eèéẻẽẹ êềếểễệ iìíỉĩị oòóỏõọ ôồốổỗộ ơờớởỡợ uùúủũụ ưừứửữự yỳýỷỹỵ đ",
                "aaaaaa aaaaaa aaaaaa eeeeee eeeeee iiiiii oooooo oooooo oooooo uuuuuu uuuuuu yyyyyy d");
  assert_folds ("AÀÁẢÃẠ ĂẰẮẲẴẶ ÂẦẤẨẪẬ EÈÉẺẼẸ ÊỀẾỂỄỆ IÌÍỈĨỊ OÒÓỎÕỌ ÔỒỐỔỖỘ ƠỜỚỞỠỢ UÙÚỦŨỤ ƯỪỨỬỮỰ YỲÝỶỸỴ Đ",
                "aaaaaa aaaaaa aaaaaa eeeeee eeeeee iiiiii oooooo oooooo oooooo uuuuuu uuuuuu yyyyyy d");
}

static void
test_fold_decomposed (void)
{
  /* "Trà hoa vàng" with combining grave accents, as some Mac and
   * Windows-1258 exports write it, and "Hồ" with two combining marks. */
  assert_folds ("Tra\xcc\x80 hoa va\xcc\x80ng", "tra hoa vang");
  assert_folds ("Ho\xcc\x82\xcc\x80", "ho");
  /* A combining mark on its own, or on a space, leaves nothing behind. */
  assert_folds ("a \xcc\x81" "b", "a b");
}

static void
test_fold_space (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "  Ngọc\xc2\xa0trai  ", "ngoc trai" },                 /* NBSP */
    { "Quang\tHanh\n", "quang hanh" },
    { "a \t\r\n b", "a b" },
    { "a\xe3\x80\x80" "b", "a b" },                          /* U+3000 ideographic space */
    { "a\xe2\x80\xaf" "b", "a b" },                          /* U+202F narrow NBSP */
    { "\xc2\xa0\xc2\xa0", "" },
    { "   ", "" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_folds (cases[i].in, cases[i].out);
}

static void
test_fold_invisible (void)
{
  /* A zero-width space or a byte order mark copied along with a name. */
  assert_folds ("\xef\xbb\xbfTr\xc3\xa0", "tra");
  assert_folds ("Bi\xe2\x80\x8bnh Li\xc3\xaau", "binh lieu");
}

static void
test_fold_punctuation (void)
{
  /* Kept: search splits words itself, and codes must stay recognizable. */
  assert_folds ("QN-BC-001", "qn-bc-001");
  assert_folds ("TP. Hạ Long, Quảng Ninh", "tp. ha long, quang ninh");
  assert_folds ("Bà Rịa – Vũng Tàu", "ba ria – vung tau");
  assert_folds ("Mật ong (500ml)", "mat ong (500ml)");
}

static void
test_fold_invalid (void)
{
  g_autofree char *bad_byte = ocop_text_fold ("abc\xff");
  g_autofree char *truncated = ocop_text_fold ("Tr\xc3");
  g_autofree char *null_folded = ocop_text_fold (NULL);

  g_assert_cmpstr (bad_byte, ==, "");
  g_assert_cmpstr (truncated, ==, "");
  g_assert_cmpstr (null_folded, ==, "");
}

static void
test_blank (void)
{
  static const struct { const char *text; gboolean blank; } cases[] = {
    { NULL, TRUE }, { "", TRUE }, { " ", TRUE }, { " \t\n\r", TRUE }, { "\xc2\xa0", TRUE },
    { "\xe3\x80\x80", TRUE }, { "\xe2\x80\x8b", TRUE },
    { "a", FALSE }, { " đ ", FALSE }, { ".", FALSE }, { "\xcc\x81", FALSE }, { "\xff", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("case %u", i);
      g_assert_cmpint (ocop_text_is_blank (cases[i].text), ==, cases[i].blank);
    }
}

static void
test_producer_kind_spellings (void)
{
  static const struct { const char *text; OcopProducerKind kind; } cases[] = {
    { "enterprise", OCOP_PRODUCER_ENTERPRISE }, { "Enterprise", OCOP_PRODUCER_ENTERPRISE },
    { "Doanh nghiệp", OCOP_PRODUCER_ENTERPRISE }, { "DOANH NGHIỆP", OCOP_PRODUCER_ENTERPRISE },
    { "doanh nghiep", OCOP_PRODUCER_ENTERPRISE }, { "DN", OCOP_PRODUCER_ENTERPRISE },
    { "Công ty", OCOP_PRODUCER_ENTERPRISE }, { " công  ty ", OCOP_PRODUCER_ENTERPRISE },
    { "cooperative", OCOP_PRODUCER_COOPERATIVE }, { "HTX", OCOP_PRODUCER_COOPERATIVE },
    { "Hợp tác xã", OCOP_PRODUCER_COOPERATIVE }, { "hop tac xa", OCOP_PRODUCER_COOPERATIVE },
    { "household", OCOP_PRODUCER_HOUSEHOLD }, { "Hộ", OCOP_PRODUCER_HOUSEHOLD },
    { "Hộ sản xuất", OCOP_PRODUCER_HOUSEHOLD }, { "hộ kinh doanh", OCOP_PRODUCER_HOUSEHOLD },
    { "Hộ gia đình", OCOP_PRODUCER_HOUSEHOLD }, { "HO GIA DINH", OCOP_PRODUCER_HOUSEHOLD },
    { "", 0 }, { NULL, 0 }, { "company", 0 }, { "hợp tác", 0 }, { "hộ sản", 0 }, { "d n", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("'%s'", cases[i].text ? cases[i].text : "(null)");
      g_assert_cmpint (ocop_producer_kind_from_string (cases[i].text), ==, cases[i].kind);
    }
}

static void
test_enum_ids (void)
{
  /* The stored ids, which the database and the hub depend on. */
  static const struct { OcopProducerKind kind; const char *id; } producers[] = {
    { OCOP_PRODUCER_ENTERPRISE, "enterprise" }, { OCOP_PRODUCER_COOPERATIVE, "cooperative" },
    { OCOP_PRODUCER_HOUSEHOLD, "household" },
  };
  static const struct { OcopPaymentMethod method; const char *id; } methods[] = {
    { OCOP_PAYMENT_CASH, "cash" }, { OCOP_PAYMENT_TRANSFER, "transfer" }, { OCOP_PAYMENT_OTHER, "other" },
  };
  static const struct { OcopSaleKind kind; const char *id; } sales[] = {
    { OCOP_SALE_KIND_SALE, "sale" }, { OCOP_SALE_KIND_VOID, "void" }, { OCOP_SALE_KIND_REFUND, "refund" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (producers); i++)
    {
      g_assert_cmpstr (ocop_producer_kind_to_string (producers[i].kind), ==, producers[i].id);
      g_assert_cmpint (ocop_producer_kind_from_string (producers[i].id), ==, producers[i].kind);
      g_assert_cmpstr (ocop_producer_kind_label (producers[i].kind), !=, "");
    }
  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    {
      g_assert_cmpstr (ocop_payment_method_to_string (methods[i].method), ==, methods[i].id);
      g_assert_cmpint (ocop_payment_method_from_string (methods[i].id), ==, methods[i].method);
      g_assert_cmpstr (ocop_payment_method_label (methods[i].method), !=, "");
    }
  for (guint i = 0; i < G_N_ELEMENTS (sales); i++)
    {
      g_assert_cmpstr (ocop_sale_kind_to_string (sales[i].kind), ==, sales[i].id);
      g_assert_cmpint (ocop_sale_kind_from_string (sales[i].id), ==, sales[i].kind);
    }

  /* Stored ids are exact; unknown values have no id and no label. */
  g_assert_cmpint (ocop_payment_method_from_string ("Cash"), ==, 0);
  g_assert_cmpint (ocop_payment_method_from_string (NULL), ==, 0);
  g_assert_cmpint (ocop_sale_kind_from_string ("sales"), ==, 0);
  g_assert_cmpint (ocop_sale_kind_from_string (NULL), ==, 0);
  g_assert_null (ocop_producer_kind_to_string (0));
  g_assert_null (ocop_payment_method_to_string (99));
  g_assert_null (ocop_sale_kind_to_string (0));
  g_assert_cmpstr (ocop_producer_kind_label (0), ==, "");
  g_assert_cmpstr (ocop_payment_method_label (99), ==, "");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/text/fold/words", test_fold_words);
  g_test_add_func ("/text/fold/alphabet", test_fold_alphabet);
  g_test_add_func ("/text/fold/decomposed", test_fold_decomposed);
  g_test_add_func ("/text/fold/space", test_fold_space);
  g_test_add_func ("/text/fold/invisible", test_fold_invisible);
  g_test_add_func ("/text/fold/punctuation", test_fold_punctuation);
  g_test_add_func ("/text/fold/invalid", test_fold_invalid);
  g_test_add_func ("/text/blank", test_blank);
  g_test_add_func ("/text/producer-kind/spellings", test_producer_kind_spellings);
  g_test_add_func ("/text/enum/ids", test_enum_ids);
  return g_test_run ();
}
