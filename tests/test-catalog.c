/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-catalog.c: catalog import on real files, as organizers export them
 * from Excel: encodings, delimiters, the header, and every row error, which
 * must name its line and field and make the whole file import nothing. */

#include "ocop-catalog.h"
#include "test-util.h"

#define HEADER "sku,barcode,name,producer,producer_kind,locality,stars,price_vnd,unit,category,trace_url\n"
#define HEADER_NO_NL "sku,barcode,name,producer,producer_kind,locality,stars,price_vnd,unit,category,trace_url"
#define ROW_TEA "BC-01,8935000000014,Trà hoa vàng Ba Chẽ,Công ty CP Kinh doanh lâm sản Đạp Thanh,enterprise,Ba Chẽ,5,250000,hộp,Trà,https://truyxuat.example.vn/bc01\n"
#define ROW_RICE "DT-01,8935000000021,Gạo nếp cái hoa vàng Đông Triều,HTX Nông nghiệp Đông Triều,HTX,Đông Triều,4,45000,kg,Gạo,\n"

typedef struct {
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = test_util_make_dir ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  test_util_remove_dir (f->dir);
  g_free (f->dir);
}

/* Writes @len bytes (-1: a string) to a file and parses it. */
static GPtrArray *
parse (Fixture     *f,
       const char  *contents,
       gssize       len,
       GError     **error)
{
  g_autofree char *path = g_build_filename (f->dir, "catalog.csv", NULL);

  g_assert_true (g_file_set_contents (path, contents, len, NULL));
  return ocop_catalog_parse_file (path, error);
}

static OcopProduct *
find (GPtrArray  *products,
      const char *sku)
{
  for (guint i = 0; i < products->len; i++)
    if (g_str_equal (ocop_product_get_sku (products->pdata[i]), sku))
      return products->pdata[i];
  return NULL;
}

static void
test_utf8_variants (Fixture       *f,
                    gconstpointer  data)
{
  const char *files[] = {
    HEADER ROW_TEA ROW_RICE,                                     /* plain */
    "\xEF\xBB\xBF" HEADER ROW_TEA ROW_RICE,                      /* BOM */
    "sku;barcode;name;producer;producer_kind;locality;stars;price_vnd;unit;category;trace_url\r\n"
    "BC-01;8935000000014;Trà hoa vàng Ba Chẽ;Công ty CP Kinh doanh lâm sản Đạp Thanh;enterprise;Ba Chẽ;5;250.000;hộp;Trà;https://truyxuat.example.vn/bc01\r\n"
    "DT-01;8935000000021;Gạo nếp cái hoa vàng Đông Triều;HTX Nông nghiệp Đông Triều;HTX;Đông Triều;4;45.000 ₫;kg;Gạo;\r\n",
    "sep=,\n" HEADER ROW_TEA ROW_RICE,                            /* Excel's hint */
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) products = parse (f, files[i], -1, &error);
      const OcopProductInfo *tea;

      g_assert_no_error (error);
      g_assert_cmpuint (products->len, ==, 2);
      tea = ocop_product_get_info (find (products, "BC-01"));
      g_assert_cmpstr (tea->name, ==, "Trà hoa vàng Ba Chẽ");
      g_assert_cmpstr (tea->barcode, ==, "8935000000014");
      g_assert_cmpint (tea->barcode_kind, ==, OCOP_BARCODE_EAN13);
      g_assert_cmpint (tea->producer_kind, ==, OCOP_PRODUCER_ENTERPRISE);
      g_assert_cmpint (tea->price_vnd, ==, 250000);
      g_assert_cmpint (tea->stars, ==, 5);
      g_assert_true (tea->in_province);
      g_assert_cmpint (ocop_product_get_info (find (products, "DT-01"))->producer_kind, ==, OCOP_PRODUCER_COOPERATIVE);
    }
}

static void
test_quoted_and_optional (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) products = parse (f,
    HEADER
    "BL-01,,\"Miến dong Bình Liêu, gói 500g\",Hộ Lý Văn Sáu,hộ sản xuất,huyện Bình Liêu,,60000,gói,,\n"
    "TA-01,int:ta-Ga-01,Gà đồi Tân An,Trang trại gà Tân An,household,TX Quảng Yên,3 sao,160000,kg,Thực phẩm,\n"
    "LS-01,96385074,Hồi khô,HTX Hồi Văn Quan,cooperative,Lạng Sơn,4,160000,kg,Gia vị,\n", -1, &error);
  const OcopProductInfo *noodles, *chicken, *anise;

  g_assert_no_error (error);
  noodles = ocop_product_get_info (find (products, "BL-01"));
  g_assert_cmpstr (noodles->name, ==, "Miến dong Bình Liêu, gói 500g");
  g_assert_null (noodles->barcode);
  g_assert_cmpint (noodles->stars, ==, 0);
  g_assert_cmpstr (noodles->category, ==, "Khác");
  g_assert_cmpstr (noodles->locality, ==, "Bình Liêu");
  g_assert_null (noodles->trace_url);
  chicken = ocop_product_get_info (find (products, "TA-01"));
  g_assert_cmpstr (chicken->barcode, ==, "TA-GA-01");
  g_assert_cmpint (chicken->barcode_kind, ==, OCOP_BARCODE_INTERNAL);
  g_assert_cmpint (chicken->stars, ==, 3);
  g_assert_cmpstr (chicken->locality, ==, "Quảng Yên");
  anise = ocop_product_get_info (find (products, "LS-01"));
  g_assert_cmpint (anise->barcode_kind, ==, OCOP_BARCODE_EAN8);
  g_assert_false (anise->in_province);
}

static void
test_windows_1258 (Fixture       *f,
                   gconstpointer  data)
{
  const char *utf8 = HEADER ROW_TEA ROW_RICE;
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  g_autofree char *legacy = g_convert (utf8, -1, "WINDOWS-1258", "UTF-8", NULL, &len, &error);
  g_autoptr(GPtrArray) products = NULL;

  g_assert_no_error (error);
  g_assert_false (g_utf8_validate (legacy, len, NULL));   /* really a legacy file */
  products = parse (f, legacy, len, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ocop_product_get_name (find (products, "BC-01")), ==, "Trà hoa vàng Ba Chẽ");
  g_assert_cmpstr (ocop_product_get_name (find (products, "DT-01")), ==, "Gạo nếp cái hoa vàng Đông Triều");
  g_assert_cmpstr (ocop_product_get_producer (find (products, "BC-01")), ==, "Công ty CP Kinh doanh lâm sản Đạp Thanh");
}

static void
test_undecodable (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) products = parse (f, HEADER "BC-01,,Tr\x81 hoa,\x8d\x8f,enterprise,Ba Chẽ,5,1000,hộp,Trà,\n", -1, &error);

  g_assert_null (products);
  g_assert_error (error, OCOP_CATALOG_ERROR, OCOP_CATALOG_ERROR_ENCODING);
  g_assert_nonnull (strstr (error->message, "catalog.csv:2"));
  g_assert_nonnull (strstr (error->message, "UTF-8"));
}

static void
test_mojibake (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  /* UTF-8 opened as Windows-1252 (or Latin-1) and saved again as UTF-8. */
  g_autofree char *garbled_1252 = g_convert ("Trà hoa vàng", -1, "UTF-8", "WINDOWS-1252", NULL, NULL, NULL);
  g_autofree char *garbled_latin1 = g_convert ("Đông Triều", -1, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
  g_autofree char *file = g_strdup_printf (HEADER ROW_TEA
                                           "X-01,,%s,Hộ A,household,Hạ Long,,1000,gói,,\n"
                                           "X-02,,Gạo,Hộ B,household,%s,,1000,kg,,\n",
                                           garbled_1252, garbled_latin1);
  g_autoptr(GPtrArray) products = parse (f, file, -1, &error);

  g_assert_null (products);
  g_assert_error (error, OCOP_CATALOG_ERROR, OCOP_CATALOG_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "catalog.csv:3: name:"));
  g_assert_nonnull (strstr (error->message, "catalog.csv:4: locality:"));
  g_assert_nonnull (strstr (error->message, "garbled"));
}

typedef struct {
  const char *row;       /* the third line of the file, after a good row */
  const char *needle;    /* "FIELD:" and part of the problem */
} BadRow;

static const BadRow bad_rows[] = {
  { "X-01,8935000000015,Trà,Hộ A,household,Ba Chẽ,5,250000,hộp,Trà,", "barcode: '8935000000015' has a wrong check digit" },
  { "X-01,,Trà,Hộ A,household,Ba Chẽ,5,\"12.500,50\",hộp,Trà,", "price_vnd: '12.500,50' is not a whole number" },
  { "X-01,,Trà,Hộ A,household,Ba Chẽ,5,-5000,hộp,Trà,", "price_vnd: '-5000' is negative" },
  { "X-01,,Trà,Hộ A,household,Ba Chẽ,5,0,hộp,Trà,", "price_vnd: '0' must be more than 0" },
  { "X-01,,Trà,Hộ A,household,Ba Chẽ,5,10000000001,hộp,Trà,",
    "price_vnd: '10000000001' is more than the 10,000,000,000 đồng a product may cost" },
  { "X-01,,Trà,Hộ A,household,Ba Chẽ,6,1000,hộp,Trà,", "stars: '6'" },
  { "X-01,,Trà,Hộ A,household,Ba Chẽ,2,1000,hộp,Trà,", "stars: '2'" },
  { "X-01,,,Hộ A,household,Ba Chẽ,5,1000,hộp,Trà,", "name: is required" },
  { ",,Trà,Hộ A,household,Ba Chẽ,5,1000,hộp,Trà,", "sku: is required" },
  { "X-01,,Trà,Hộ A,household,Ba Chẽ,5,1000,,Trà,", "unit: is required" },
  { "X-01,,Trà,Hộ A,company,Ba Chẽ,5,1000,hộp,Trà,", "producer_kind: 'company'" },
  { "X-01,,Trà,Hộ A,household,Atlantis,5,1000,hộp,Trà,", "locality: 'Atlantis'" },
  { "X-01,,Trà,Hộ A,household,Ba Chẽ,5,1000,hộp,Trà,ftp://x.vn/a", "trace_url: 'ftp://x.vn/a'" },
  { "X-01,,Trà,Hộ A,household,Ba Chẽ,5,1000,hộp,Trà", "10 fields where the header has 11" },
  { "BC-01,,Trà khác,Hộ A,household,Ba Chẽ,5,1000,hộp,Trà,", "sku: 'BC-01' is already used on line 2" },
  { "X-01,8935000000014,Trà khác,Hộ A,household,Ba Chẽ,5,1000,hộp,Trà,", "barcode: '8935000000014' is already used on line 2" },
  { "X-01,DD-AA-W1,Trà,Hộ A,household,Ba Chẽ,5,1000,hộp,Trà,", "barcode: 'DD-AA-W1' is not an EAN-13 or EAN-8 code" },
  { "X 01,,Trà,Hộ A,household,Ba Chẽ,5,1000,hộp,Trà,", "sku: 'X 01'" },
  { "X-01,,\"Trà\"x,Hộ A,household,Ba Chẽ,5,1000,hộp,Trà,", "text after the closing quote" },
};

static void
test_bad_rows (Fixture       *f,
               gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_rows); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *file = g_strconcat (HEADER ROW_TEA, bad_rows[i].row, "\n" ROW_RICE, NULL);
      g_autoptr(GPtrArray) products = parse (f, file, -1, &error);

      g_test_message ("row: %s", bad_rows[i].row);
      /* The good rows around it are not imported either. */
      g_assert_null (products);
      g_assert_error (error, OCOP_CATALOG_ERROR, OCOP_CATALOG_ERROR_INVALID);
      g_assert_true (strstr (error->message, "catalog.csv: 1 error, nothing imported") != NULL ||
                     strstr (error->message, "nothing imported") != NULL);
      g_assert_nonnull (strstr (error->message, "catalog.csv:3"));
      if (strstr (error->message, bad_rows[i].needle) == NULL)
        g_error ("expected “%s” in:\n%s", bad_rows[i].needle, error->message);
    }
}

static void
test_all_errors_listed (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GString) file = g_string_new (HEADER);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) products = NULL;

  for (int i = 0; i < 60; i++)
    g_string_append_printf (file, "P-%02d,,Sản phẩm %d,Hộ A,household,Hạ Long,9,1000,gói,,\n", i, i);
  products = parse (f, file->str, -1, &error);
  g_assert_null (products);
  g_assert_nonnull (strstr (error->message, "catalog.csv: 60 errors, nothing imported"));
  g_assert_nonnull (strstr (error->message, "catalog.csv:2: stars"));
  g_assert_nonnull (strstr (error->message, "catalog.csv:51: stars"));
  g_assert_null (strstr (error->message, "catalog.csv:52: stars"));
  g_assert_nonnull (strstr (error->message, "and 10 more errors"));
}

static void
test_header (Fixture       *f,
             gconstpointer  data)
{
  static const struct { const char *file; const char *needle; } cases[] = {
    { "sku,barcode,name,producer,producer_kind,locality,stars,price_vnd,unit,category\n", "column 'trace_url' is missing" },
    { "sku,name,barcode,producer,producer_kind,locality,stars,price_vnd,unit,category,trace_url\n", "expected column 'barcode' but found 'name'" },
    { HEADER_NO_NL ",notes\n", "unexpected column 'notes'" },
    { "", "the file is empty" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) products = parse (f, cases[i].file, -1, &error);

      g_assert_null (products);
      g_assert_error (error, OCOP_CATALOG_ERROR, OCOP_CATALOG_ERROR_HEADER);
      if (strstr (error->message, cases[i].needle) == NULL)
        g_error ("expected “%s” in: %s", cases[i].needle, error->message);
    }
}

static void
test_no_rows (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) products = parse (f, HEADER "\n\n", -1, &error);

  g_assert_null (products);
  g_assert_error (error, OCOP_CATALOG_ERROR, OCOP_CATALOG_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "no products"));
}

static void
test_missing_file (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) products = ocop_catalog_parse_file ("/nonexistent/catalog.csv", &error);

  g_assert_null (products);
  g_assert_error (error, OCOP_CATALOG_ERROR, OCOP_CATALOG_ERROR_READ);
  g_assert_nonnull (strstr (error->message, "/nonexistent/catalog.csv"));
}

static void
test_demo_catalog (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "app", "data", "demo-catalog.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) products = ocop_catalog_parse_file (path, &error);
  guint in_province = 0, stars = 0, internal = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (products->len, >=, 25);
  for (guint i = 0; i < products->len; i++)
    {
      const OcopProductInfo *info = ocop_product_get_info (products->pdata[i]);

      in_province += info->in_province;
      stars += info->stars > 0;
      internal += info->barcode_kind == OCOP_BARCODE_INTERNAL;
    }
  /* A demo of a Quảng Ninh fair: mostly local, rated products, with guests
   * from other provinces and a few internal codes. */
  g_assert_cmpuint (in_province, >, products->len / 2);
  g_assert_cmpuint (in_province, <, products->len);
  g_assert_cmpuint (stars, >, products->len / 2);
  g_assert_cmpuint (internal, >=, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/catalog/utf8-variants", test_utf8_variants);
  ADD ("/catalog/quoted-and-optional", test_quoted_and_optional);
  ADD ("/catalog/windows-1258", test_windows_1258);
  ADD ("/catalog/undecodable", test_undecodable);
  ADD ("/catalog/mojibake", test_mojibake);
  ADD ("/catalog/bad-rows", test_bad_rows);
  ADD ("/catalog/all-errors-listed", test_all_errors_listed);
  ADD ("/catalog/header", test_header);
  ADD ("/catalog/no-rows", test_no_rows);
  ADD ("/catalog/missing-file", test_missing_file);
#undef ADD
  g_test_add_func ("/catalog/demo", test_demo_catalog);

  return g_test_run ();
}
