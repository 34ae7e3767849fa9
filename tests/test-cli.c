/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli.c: the `ocop` command as a booth uses it: a scripted fair day
 * through the real binary, with its output, exit status and one-line errors
 * checked as a person at the booth would read them. */

#include <json-glib/json-glib.h>

#include "test-util.h"

typedef struct {
  const char *language;   /* LANGUAGE for the run; NULL: the C locale's English */
  char *dir;
  char *db;
  char *out;
  char *err;
  int   status;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = test_util_make_dir ();
  f->db = g_build_filename (f->dir, "booth.db", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  test_util_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->db);
  g_free (f->out);
  g_free (f->err);
}

/* Runs `ocop --db DB ARGS…` at 10:00 on 2024-12-11 in Hạ Long; keeps its
 * output and exit status in @f. */
static int
ocop (Fixture *f,
      ...)
{
  va_list args;

  va_start (args, f);
  f->status = test_util_run_tool_v (f->db, f->language, "2024-12-11T10:00:00+07:00", &f->out, &f->err, args);
  va_end (args);
  return f->status;
}

static char *
write_file (Fixture    *f,
            const char *name,
            const char *contents)
{
  char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

static void
assert_one_line_error (Fixture    *f,
                       const char *needle)
{
  g_assert_cmpint (f->status, !=, 0);
  g_assert_true (g_str_has_prefix (f->err, "ocop: "));
  g_assert_nonnull (strstr (f->err, needle));
  g_assert_cmpint (strchr (f->err, '\n') - f->err, ==, strlen (f->err) - 1);
}

static const char catalog[] =
  "\xEF\xBB\xBFsku;barcode;name;producer;producer_kind;locality;stars;price_vnd;unit;category;trace_url\r\n"
  "BC-01;8935000000014;Trà hoa vàng Ba Chẽ;Công ty CP Kinh doanh lâm sản Đạp Thanh;enterprise;Ba Chẽ;5;250.000;hộp;Trà;https://truyxuat.example.vn/bc01\r\n"
  "DT-01;8935000000021;Gạo nếp cái hoa vàng Đông Triều;HTX Nông nghiệp Đông Triều;HTX;Đông Triều;4;45000;kg;Gạo;\r\n"
  "BL-01;;\"Miến dong Bình Liêu, gói 500g\";Hộ Lý Văn Sáu;hộ sản xuất;Bình Liêu;3;60000;gói;Miến;\r\n";

static void
test_fair_day (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *csv = write_file (f, "catalog.csv", catalog);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *report;

  g_assert_cmpint (ocop (f, "init", "--fair", "Hội chợ OCOP Quảng Ninh", "--booth", "QN-07",
                         "--booth-name", "Gian hàng Ba Chẽ", "--locality", "huyện Ba Chẽ", NULL), ==, 0);
  g_assert_cmpint (ocop (f, "catalog", "import", csv, NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "Imported 3 products"));

  g_assert_cmpint (ocop (f, "catalog", "search", "tra hoa", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "Trà hoa vàng Ba Chẽ"));
  g_assert_null (strstr (f->out, "Gạo"));

  /* Two boxes of tea and a kilo of rice, paid with a 1.000.000 ₫ note. */
  g_assert_cmpint (ocop (f, "sale", "add", "8935000000014*2", "8935000000021", "--pay", "cash:1.000.000", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "Receipt #1"));
  g_assert_nonnull (strstr (f->out, "total 545.000 ₫"));
  g_assert_nonnull (strstr (f->out, "change 455.000 ₫"));

  /* Split: part transfer, rest cash. A product without a barcode by sku. */
  g_assert_cmpint (ocop (f, "sale", "add", "BL-01*3", "--pay", "transfer:100000", "--pay", "cash", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "Receipt #2"));

  /* Unknown code: no sale, and the code is named. */
  g_assert_cmpint (ocop (f, "sale", "add", "8935000000014", "8939999999991", "--pay", "cash", NULL), ==, 1);
  assert_one_line_error (f, "8939999999991");
  g_assert_nonnull (strstr (f->err, "no sale was recorded"));

  /* Not enough cash. */
  g_assert_cmpint (ocop (f, "sale", "add", "8935000000014", "--pay", "cash:100000", NULL), ==, 1);
  assert_one_line_error (f, "250.000 ₫");

  g_assert_cmpint (ocop (f, "sale", "show", "#1", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "Trà hoa vàng Ba Chẽ"));
  g_assert_nonnull (strstr (f->out, "455.000 ₫"));

  g_assert_cmpint (ocop (f, "sale", "void", "#2", NULL), ==, 1);
  assert_one_line_error (f, "reason");
  g_assert_cmpint (ocop (f, "sale", "void", "#2", "--reason", "khách trả lại", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "Void #3"));

  g_assert_cmpint (ocop (f, "visitors", "add", "1200", "--gate", "Cổng chính", NULL), ==, 0);

  g_assert_cmpint (ocop (f, "report", "day", "--json", NULL), ==, 0);
  json_parser_load_from_data (parser, f->out, -1, &error);
  g_assert_no_error (error);
  report = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (report, "sales_count"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (report, "gross"), ==, 545000 + 180000);
  g_assert_cmpint (json_object_get_int_member (report, "void_amount"), ==, 180000);
  g_assert_cmpint (json_object_get_int_member (report, "net"), ==, 545000);
  g_assert_cmpint (json_object_get_int_member (report, "visitors"), ==, 1200);

  g_assert_cmpint (ocop (f, "report", "day", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "545.000 ₫"));

  g_assert_cmpint (ocop (f, "day", "close", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "Z report"));
  g_assert_nonnull (strstr (f->out, "545.000 ₫"));
  g_assert_cmpint (ocop (f, "day", "close", NULL), ==, 1);
  assert_one_line_error (f, "already closed");
  g_assert_cmpint (ocop (f, "day", "z", "--date", "2024-12-11", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "545.000 ₫"));
  g_assert_cmpint (ocop (f, "sale", "add", "BL-01", "--pay", "cash", NULL), ==, 1);
  assert_one_line_error (f, "closed");

  g_assert_cmpint (ocop (f, "report", "fair", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "Hội chợ OCOP Quảng Ninh"));
  g_assert_nonnull (strstr (f->out, "1.200"));
}

static void
test_bad_catalog_imports_nothing (Fixture       *f,
                                  gconstpointer  data)
{
  g_autofree char *good = write_file (f, "good.csv", catalog);
  g_autofree char *bad = write_file (f, "bad.csv",
    "sku,barcode,name,producer,producer_kind,locality,stars,price_vnd,unit,category,trace_url\n"
    "NEW-01,,Chả mực Hạ Long,Hộ Nguyễn Văn An,household,Hạ Long,4,350000,kg,Hải sản,\n"
    "NEW-02,,Sá sùng Vân Đồn,Hộ Trần Thị Bình,household,Vân Đồn,4,\"12.500,50\",kg,Hải sản,\n");

  g_assert_cmpint (ocop (f, "demo", NULL), ==, 0);
  g_assert_cmpint (ocop (f, "catalog", "import", good, NULL), ==, 0);
  g_assert_cmpint (ocop (f, "catalog", "import", bad, NULL), ==, 1);
  g_assert_nonnull (strstr (f->err, "bad.csv:3"));
  g_assert_nonnull (strstr (f->err, "price_vnd"));
  g_assert_cmpint (ocop (f, "catalog", "search", "cha muc", NULL), ==, 0);
  g_assert_null (strstr (f->out, "NEW-01"));
}

static void
test_usage (Fixture       *f,
            gconstpointer  data)
{
  g_assert_cmpint (ocop (f, "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "sale add"));
  g_assert_cmpint (ocop (f, "sale", "add", "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "--pay"));
  g_assert_cmpint (ocop (f, "frobnicate", NULL), ==, 2);
  g_assert_nonnull (strstr (f->err, "unknown command"));
  g_assert_cmpint (ocop (f, "--version", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (f->out, "ocop "));
  /* Before set-up, selling says what to do. */
  g_assert_cmpint (ocop (f, "sale", "add", "123", "--pay", "cash", NULL), ==, 1);
  assert_one_line_error (f, "ocop init");
  g_assert_cmpint (ocop (f, "report", "day", "--date", "11/12/2024", NULL), ==, 1);
  assert_one_line_error (f, "YYYY-MM-DD");
}

static void
test_vietqr (Fixture       *f,
             gconstpointer  data)
{
  g_assert_cmpint (ocop (f, "vietqr", "--bin", "970415", "--account", "0011001932418",
                         "--amount", "120.000", "--note", "ủng hộ lũ lụt", NULL), ==, 0);
  g_assert_cmpstr (f->out, ==, "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA"
                               "530370454061200005802VN62170813ung ho lu lut6304C15C\n");
  g_assert_cmpint (ocop (f, "vietqr", "--bin", "9704", "--account", "1", NULL), ==, 1);
  assert_one_line_error (f, "'9704' is not a bank BIN");
}

static void
test_vietnamese (Fixture       *f,
                 gconstpointer  data)
{
  /* A booth laptop set to Vietnamese. */
  f->language = "vi";
  g_assert_cmpint (ocop (f, "demo", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "Hội chợ dùng thử đã sẵn sàng"));
  g_assert_cmpint (ocop (f, "sale", "add", "QN-BC-001*2", "--pay", "cash:2.000.000", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "Hóa đơn #1"));
  g_assert_nonnull (strstr (f->out, "tiền thừa 700.000 ₫"));
  g_assert_cmpint (ocop (f, "sale", "add", "8939999999991", "--pay", "cash", NULL), ==, 1);
  assert_one_line_error (f, "chưa ghi giao dịch nào: Mã vạch 8939999999991 không có");
  g_assert_cmpint (ocop (f, "sale", "void", "#1", NULL), ==, 1);
  assert_one_line_error (f, "Hủy giao dịch cần có lý do");
  g_assert_cmpint (ocop (f, "report", "day", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "Báo cáo ngày"));
  g_assert_nonnull (strstr (f->out, "Doanh thu thuần"));
  g_assert_nonnull (strstr (f->out, "Tiền mặt"));
  g_assert_nonnull (strstr (f->out, "1.300.000 ₫"));
}

static void
test_demo_refuses_real_store (Fixture       *f,
                              gconstpointer  data)
{
  g_assert_cmpint (ocop (f, "init", "--fair", "Hội chợ thật", "--booth", "A1", NULL), ==, 0);
  g_assert_cmpint (ocop (f, "demo", NULL), ==, 1);
  assert_one_line_error (f, "Hội chợ thật");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/cli/fair-day", test_fair_day);
  ADD ("/cli/bad-catalog-imports-nothing", test_bad_catalog_imports_nothing);
  ADD ("/cli/usage", test_usage);
  ADD ("/cli/demo-refuses-real-store", test_demo_refuses_real_store);
  ADD ("/cli/vietqr", test_vietqr);
  ADD ("/cli/vietnamese", test_vietnamese);
#undef ADD

  return g_test_run ();
}
