/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-locality.c: Quảng Ninh's 13 localities and Vietnam's other
 * provinces, matched however a spreadsheet spells them. */

#include "config.h"

#include "ocop-locality.h"
#include "ocop-text.h"

/* The 13 district-level units of Quảng Ninh (Hoành Bồ merged into Hạ Long
 * in 2019). */
static const char * const quang_ninh[] = {
  "Hạ Long", "Móng Cái", "Cẩm Phả", "Uông Bí", "Đông Triều", "Quảng Yên",
  "Ba Chẽ", "Bình Liêu", "Cô Tô", "Đầm Hà", "Hải Hà", "Tiên Yên", "Vân Đồn",
  NULL
};

/* The other 62 of the 63 provinces and cities before the 2025 merger; the
 * 34 after it keep names from this list. */
static const char * const provinces[] = {
  "An Giang", "Bà Rịa – Vũng Tàu", "Bắc Giang", "Bắc Kạn", "Bạc Liêu", "Bắc Ninh",
  "Bến Tre", "Bình Định", "Bình Dương", "Bình Phước", "Bình Thuận", "Cà Mau",
  "Cần Thơ", "Cao Bằng", "Đà Nẵng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai",
  "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương",
  "Hải Phòng", "Hậu Giang", "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang",
  "Kon Tum", "Lai Châu", "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An", "Nam Định",
  "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình",
  "Quảng Nam", "Quảng Ngãi", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh",
  "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang",
  "Thành phố Hồ Chí Minh", "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc",
  "Yên Bái", NULL
};

/* Other ways people write a few of them, folded. */
static const struct { const char *alias; const char *name; } aliases[] = {
  { "tp.hcm", "Thành phố Hồ Chí Minh" }, { "tphcm", "Thành phố Hồ Chí Minh" },
  { "hcm", "Thành phố Hồ Chí Minh" }, { "ho chi minh", "Thành phố Hồ Chí Minh" },
  { "sai gon", "Thành phố Hồ Chí Minh" }, { "hue", "Thừa Thiên Huế" },
  { "ba ria vung tau", "Bà Rịa – Vũng Tàu" }, { "vung tau", "Bà Rịa – Vũng Tàu" },
  { "hoa binh", "Hòa Bình" }, { "thanh hoa", "Thanh Hóa" }, { "khanh hoa", "Khánh Hòa" },
};

/* Administrative prefixes, folded, longest first. */
static const char * const prefixes[] = {
  "thanh pho ", "thi xa ", "thi tran ", "huyen ", "tinh ", "quan ", "tp. ", "tp.", "tp ",
  "tx. ", "tx.", "tx ", "h. ", NULL
};

/* Folds and drops prefixes and punctuation other than letters, digits and
 * spaces, so "TP. Hạ Long" and "ha long" compare equal. */
static char *
normalize (const char *text)
{
  g_autofree char *folded = ocop_text_fold (text);
  const char *p = folded;
  GString *out = g_string_new (NULL);

  for (guint i = 0; prefixes[i] != NULL; i++)
    if (g_str_has_prefix (p, prefixes[i]))
      {
        p += strlen (prefixes[i]);
        break;
      }
  for (; *p; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (out, *p);
      else if (out->len > 0 && out->str[out->len - 1] != ' ')
        g_string_append_c (out, ' ');
    }
  if (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

static const char *
find_in (const char * const *names,
         const char         *key)
{
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *candidate = normalize (names[i]);

      if (g_str_equal (candidate, key))
        return names[i];
    }
  return NULL;
}

const char * const *
ocop_locality_quang_ninh (void)
{
  return quang_ninh;
}

const char *
ocop_locality_canonical (const char *text,
                         gboolean   *in_province)
{
  g_autofree char *key = NULL;
  g_autofree char *folded = NULL;
  const char *name;

  if (text == NULL)
    return NULL;
  key = normalize (text);
  folded = ocop_text_fold (text);
  if ((name = find_in (quang_ninh, key)) != NULL)
    {
      if (in_province)
        *in_province = TRUE;
      return name;
    }
  name = find_in (provinces, key);
  for (guint i = 0; name == NULL && i < G_N_ELEMENTS (aliases); i++)
    if (g_str_equal (aliases[i].alias, key) || g_str_equal (aliases[i].alias, folded))
      name = aliases[i].name;
  if (name != NULL && in_province)
    *in_province = FALSE;
  return name;
}
