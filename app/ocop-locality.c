/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-locality.c: Quảng Ninh's 13 localities and Vietnam's other
 * provinces, matched however a spreadsheet spells them. */

#include "config.h"

#include "ocop-locality.h"
#include "ocop-text.h"

/* The 13 district-level units of Quảng Ninh: 5 cities, 2 towns (thị xã)
 * and 6 districts. Hoành Bồ was merged into Hạ Long in 2020. */
static const char * const quang_ninh[] = {
  "Hạ Long", "Móng Cái", "Cẩm Phả", "Uông Bí", "Đông Triều", "Quảng Yên",
  "Ba Chẽ", "Bình Liêu", "Cô Tô", "Đầm Hà", "Hải Hà", "Tiên Yên", "Vân Đồn",
  NULL
};

/* The other 62 of the 63 provinces and centrally-run cities as they stood
 * before the 2025 reorganisation, which is how producers' papers, labels
 * and spreadsheets still name them. */
static const char * const provinces[] = {
  "An Giang", "Bà Rịa – Vũng Tàu", "Bắc Giang", "Bắc Kạn", "Bạc Liêu",
  "Bắc Ninh", "Bến Tre", "Bình Định", "Bình Dương", "Bình Phước",
  "Bình Thuận", "Cà Mau", "Cần Thơ", "Cao Bằng", "Đà Nẵng", "Đắk Lắk",
  "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang",
  "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương", "Hải Phòng", "Hậu Giang",
  "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu",
  "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An",
  "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình",
  "Quảng Nam", "Quảng Ngãi", "Quảng Trị", "Sóc Trăng", "Sơn La",
  "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế",
  "Tiền Giang", "Thành phố Hồ Chí Minh", "Trà Vinh", "Tuyên Quang",
  "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
  NULL
};

/* Other names people write, already normalized (see normalize()), and the
 * place each means. Old and new tone placement ("Hoà"/"Hòa") and "Bà Rịa -
 * Vũng Tàu" with a hyphen need no entry: folding makes them equal. */
static const struct {
  const char *alias;
  const char *name;
} aliases[] = {
  { "hoanh bo", "Hạ Long" },
  { "hcm", "Thành phố Hồ Chí Minh" },
  { "tphcm", "Thành phố Hồ Chí Minh" },
  { "sai gon", "Thành phố Hồ Chí Minh" },
  { "hue", "Thừa Thiên Huế" },
  { "vung tau", "Bà Rịa – Vũng Tàu" },
  { "brvt", "Bà Rịa – Vũng Tàu" },
  { "bac can", "Bắc Kạn" },
  { "kontum", "Kon Tum" },
  { "daklak", "Đắk Lắk" },
};

/* Administrative words before a name, normalized: "TP.", "Thành phố",
 * "Thị xã", "Thị trấn", "Huyện", "H.", "Tỉnh", "Quận". Matched as whole
 * words, so "Quảng Yên" does not lose its "Quan". */
static const char * const prefixes[] = {
  "thanh pho", "tp", "t p", "thi xa", "tx", "thi tran", "tt", "huyen", "h",
  "tinh", "quan",
};

/* Folded, punctuation turned into single spaces, and one administrative
 * prefix dropped: "TP. Hạ Long", "tp.ha long" and "Hạ Long" are one key. */
static char *
normalize (const char *text)
{
  g_autofree char *folded = ocop_text_fold (text);
  GString *out = g_string_sized_new (strlen (folded));

  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* Dashes of every kind, dots and commas all separate words. */
      if (g_unichar_isalnum (c))
        g_string_append_unichar (out, c);
      else if (out->len > 0 && out->str[out->len - 1] != ' ')
        g_string_append_c (out, ' ');
    }
  if (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);

  for (gsize i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      gsize len = strlen (prefixes[i]);

      if (strncmp (out->str, prefixes[i], len) == 0 && out->str[len] == ' ')
        {
          g_string_erase (out, 0, len + 1);
          break;
        }
    }
  return g_string_free (out, FALSE);
}

static void
add_place (GHashTable *table,
           char       *key,
           const char *name)
{
  /* Two places with one key would make matching depend on order. */
  g_assert (!g_hash_table_contains (table, key));
  g_hash_table_insert (table, key, (gpointer) name);
}

/* Key → canonical name, built once: a catalog import looks up every row. */
static GHashTable *
places (void)
{
  static GHashTable *table = NULL;

  if (g_once_init_enter (&table))
    {
      GHashTable *built = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

      for (guint i = 0; quang_ninh[i] != NULL; i++)
        add_place (built, normalize (quang_ninh[i]), quang_ninh[i]);
      for (guint i = 0; provinces[i] != NULL; i++)
        add_place (built, normalize (provinces[i]), provinces[i]);
      for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
        {
          g_autofree char *target = normalize (aliases[i].name);
          const char *name = g_hash_table_lookup (built, target);

          g_assert (name != NULL);
          add_place (built, g_strdup (aliases[i].alias), name);
        }
      g_once_init_leave (&table, built);
    }
  return table;
}

static gboolean
is_in_quang_ninh (const char *name)
{
  for (guint i = 0; quang_ninh[i] != NULL; i++)
    if (quang_ninh[i] == name)
      return TRUE;
  return FALSE;
}

/* "Hạ Long, Quảng Ninh" or "huyện Ba Chẽ, tỉnh Quảng Ninh": the province
 * after one of its own localities says nothing more. Returns NULL unless
 * @key ends that way. */
static char *
drop_province_suffix (const char *key)
{
  const char *suffix = " quang ninh";
  g_autofree char *rest = NULL;

  if (!g_str_has_suffix (key, suffix) || strlen (key) == strlen (suffix))
    return NULL;
  rest = g_strndup (key, strlen (key) - strlen (suffix));
  if (g_str_has_suffix (rest, " tinh"))
    rest[strlen (rest) - strlen (" tinh")] = '\0';
  return normalize (rest);
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
  const char *name = NULL;

  if (text != NULL)
    {
      key = normalize (text);
      name = g_hash_table_lookup (places (), key);
    }
  if (name == NULL && key != NULL)
    {
      g_autofree char *local_key = drop_province_suffix (key);
      const char *local = local_key ? g_hash_table_lookup (places (), local_key) : NULL;

      /* "Lạng Sơn, Quảng Ninh" contradicts itself: no match. */
      if (local != NULL && is_in_quang_ninh (local))
        name = local;
    }
  if (in_province != NULL)
    *in_province = name != NULL && is_in_quang_ninh (name);
  return name;
}
