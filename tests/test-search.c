/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-search.c: as-you-type catalog search that ignores Vietnamese
 * diacritics and case, prefix matching, and exact barcode/sku look-ups, on
 * the demo catalog in a real store. */

#include "ocop-store-private.h"
#include "ocop-text.h"
#include "test-util.h"

typedef struct {
  char      *dir;
  OcopStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = test_util_make_dir ();
  f->store = test_util_demo_store (f->dir);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  test_util_remove_dir (f->dir);
  g_free (f->dir);
}

static GPtrArray *
search (Fixture    *f,
        const char *text)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *found = ocop_store_search (f->store, text, 50, &error);

  g_assert_no_error (error);
  g_assert_nonnull (found);
  return found;
}

/* TRUE when some product found has a name containing @needle. */
static gboolean
found_name (GPtrArray  *found,
            const char *needle)
{
  for (guint i = 0; i < found->len; i++)
    if (strstr (ocop_product_get_name (found->pdata[i]), needle) != NULL)
      return TRUE;
  return FALSE;
}

static void
test_folding (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) tea = search (f, "tra hoa vang");
  g_autoptr(GPtrArray) tea_upper = search (f, "TRÀ HOA VÀNG");
  g_autoptr(GPtrArray) dong_trieu = search (f, "dong trieu");
  g_autoptr(GPtrArray) water = search (f, "nuoc kho");
  g_autoptr(GPtrArray) nothing = search (f, "xyzzy");

  g_assert_cmpuint (tea->len, >, 0);
  g_assert_true (found_name (tea, "Trà hoa vàng"));
  /* Name matches rank first. */
  g_assert_nonnull (strstr (ocop_product_get_name (tea->pdata[0]), "Trà hoa vàng"));
  g_assert_cmpuint (tea_upper->len, ==, tea->len);

  /* đ folds to d; the locality counts as well as the name. */
  g_assert_cmpuint (dong_trieu->len, >, 0);
  for (guint i = 0; i < dong_trieu->len; i++)
    {
      const OcopProductInfo *info = ocop_product_get_info (dong_trieu->pdata[i]);
      g_assert_true (strstr (info->name, "Đông Triều") || g_strcmp0 (info->locality, "Đông Triều") == 0 ||
                     strstr (info->producer, "Đông Triều"));
    }
  g_assert_true (found_name (dong_trieu, "Gạo nếp cái hoa vàng"));

  /* Prefixes of each word. */
  g_assert_true (found_name (water, "Nước khoáng"));
  g_assert_cmpuint (nothing->len, ==, 0);
}

static void
test_every_keystroke (Fixture       *f,
                      gconstpointer  data)
{
  const char *typed = "mien dong binh lieu";

  /* Typing narrows the results but never loses the product. */
  for (gsize len = 1; len <= strlen (typed); len++)
    {
      g_autofree char *prefix = g_strndup (typed, len);
      g_autoptr(GPtrArray) found = NULL;

      if (prefix[len - 1] == ' ')
        continue;
      found = search (f, prefix);
      g_assert_true (found_name (found, "Miến dong"));
    }
}

static void
test_hostile_input (Fixture       *f,
                    gconstpointer  data)
{
  const char *inputs[] = { "\"", "*", "tra AND", "NEAR(", "-ruou", "'; DROP TABLE product; --", "   ", "", "((((" };

  /* FTS syntax and SQL typed by a user are plain text, never an error. */
  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GPtrArray) found = search (f, inputs[i]);
      (void) found;
    }
  g_assert_cmpint (test_util_query_int (f->store, "SELECT count (*) FROM product"), >, 20);
  {
    g_autoptr(GPtrArray) wine = search (f, "-ruou");
    g_assert_true (found_name (wine, "Rượu"));
  }
}

static void
test_exact_lookups (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) skus = test_util_demo_skus (f->store, 1);
  g_autoptr(OcopProduct) by_sku = ocop_store_find_sku (f->store, skus[0], &error);
  g_autoptr(OcopProduct) by_barcode = NULL;
  g_autoptr(OcopProduct) unknown = NULL;

  g_assert_no_error (error);
  if (ocop_product_get_barcode (by_sku) != NULL)
    {
      by_barcode = ocop_store_find_barcode (f->store, ocop_product_get_barcode (by_sku), &error);
      g_assert_no_error (error);
      g_assert_cmpstr (ocop_product_get_sku (by_barcode), ==, skus[0]);
    }
  /* An internal code typed by a scanner that dropped Shift. */
  {
    g_autoptr(OcopProduct) pottery = ocop_store_find_barcode (f->store, "dt-gom-01", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (ocop_product_get_sku (pottery), ==, "QN-DT-003");
  }
  unknown = ocop_store_find_barcode (f->store, "8939999999991", &error);
  g_assert_null (unknown);
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_UNKNOWN_BARCODE);
  g_assert_nonnull (strstr (error->message, "8939999999991"));
}

/* TRUE when every word of @query begins a word of @product's name, as
 * the search matches them (folded, by prefix). */
static gboolean
name_matches (OcopProduct *product,
              const char  *query)
{
  g_autofree char *name = ocop_text_fold (ocop_product_get_name (product));
  g_autofree char *folded = ocop_text_fold (query);
  g_auto(GStrv) words = g_strsplit (folded, " ", -1);
  g_auto(GStrv) name_words = g_strsplit (name, " ", -1);

  for (guint i = 0; words[i] != NULL; i++)
    {
      gboolean found = words[i][0] == '\0';

      for (guint j = 0; !found && name_words[j] != NULL; j++)
        found = g_str_has_prefix (name_words[j], words[i]);
      if (!found)
        return FALSE;
    }
  return TRUE;
}

static void
test_names_first (Fixture       *f,
                  gconstpointer  data)
{
  const char *queries[] = { "dong trieu", "htx", "ha long", "tra", "mien dong binh lieu", "gom" };

  /* Products whose name matches come first, then the ones found through
   * producer, place or category, each product once. */
  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autoptr(GPtrArray) found = search (f, queries[q]);
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
      gboolean past_names = FALSE;

      for (guint i = 0; i < found->len; i++)
        {
          gboolean by_name = name_matches (found->pdata[i], queries[q]);

          g_assert_false (past_names && by_name);
          past_names = !by_name;
          g_assert_true (g_hash_table_add (seen, (gpointer) ocop_product_get_sku (found->pdata[i])));
        }
    }
}

static void
test_reimport_updates_index (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) skus = test_util_demo_skus (f->store, 1);
  g_autoptr(OcopProduct) product = ocop_store_find_sku (f->store, skus[0], &error);
  g_autoptr(GPtrArray) update = g_ptr_array_new_with_free_func (g_object_unref);
  OcopProductInfo info = *ocop_product_get_info (product);
  g_autoptr(GPtrArray) found_new = NULL;
  g_autoptr(GPtrArray) found_old = NULL;
  g_autofree char *old_name = g_strdup (info.name);

  info.name = "Bánh gai Tứ Trụ đặc biệt";
  g_ptr_array_add (update, ocop_product_new (&info));
  ocop_store_import_products (f->store, update, &error);
  g_assert_no_error (error);
  found_new = search (f, "banh gai tu tru");
  g_assert_cmpuint (found_new->len, ==, 1);
  g_assert_cmpstr (ocop_product_get_sku (found_new->pdata[0]), ==, skus[0]);
  found_old = search (f, old_name);
  for (guint i = 0; i < found_old->len; i++)
    g_assert_cmpstr (ocop_product_get_sku (found_old->pdata[i]), !=, skus[0]);
  g_assert_cmpint (test_util_query_int (f->store, "SELECT count (*) FROM product_search"), ==,
                   test_util_query_int (f->store, "SELECT count (*) FROM product"));
  g_assert_cmpint (test_util_query_int (f->store, "SELECT count (*) FROM product_name_search"), ==,
                   test_util_query_int (f->store, "SELECT count (*) FROM product"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/search/folding", test_folding);
  ADD ("/search/every-keystroke", test_every_keystroke);
  ADD ("/search/hostile-input", test_hostile_input);
  ADD ("/search/exact-lookups", test_exact_lookups);
  ADD ("/search/names-first", test_names_first);
  ADD ("/search/reimport-updates-index", test_reimport_updates_index);
#undef ADD

  return g_test_run ();
}
