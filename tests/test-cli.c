/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli.c: the `ocop` command as a booth uses it: a scripted fair day
 * through the real binary, with its output, exit status and one-line errors
 * checked as a person at the booth would read them. */

#include <fcntl.h>
#include <pty.h>
#include <termios.h>
#include <unistd.h>
#include <json-glib/json-glib.h>

#include "ocop-json.h"
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

/* The same with @input on standard input, as a script gives a PIN. */
static int
ocop_in (Fixture    *f,
         const char *input,
         ...)
{
  va_list args;

  va_start (args, input);
  f->status = test_util_run_tool_input_v (f->db, f->language, "2024-12-11T10:00:00+07:00", input, &f->out, &f->err,
                                          args);
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

  g_assert_cmpint (ocop_in (f, "2468\n", "init", "--fair", "Hội chợ OCOP Quảng Ninh", "--booth", "QN-07",
                            "--booth-name", "Gian hàng Ba Chẽ", "--locality", "huyện Ba Chẽ",
                            "--supervisor", "Giám sát Lan", NULL), ==, 0);
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
  g_assert_cmpint (ocop_in (f, "2468\n", "sale", "void", "#2", "--reason", "khách trả lại",
                            "--approver", "Giám sát Lan", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "Void #3"));
  g_assert_nonnull (strstr (f->out, "Approved by Giám sát Lan"));

  g_assert_cmpint (ocop (f, "visitors", "add", "1200", "--gate", "Cổng chính", NULL), ==, 0);

  g_assert_cmpint (ocop (f, "report", "day", "--json", NULL), ==, 0);
  ocop_json_load (parser, f->out, -1, OCOP_JSON_MAX_STORED_BYTES, &error);
  g_assert_no_error (error);
  report = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (report, "sales_count"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (report, "gross"), ==, 545000 + 180000);
  g_assert_cmpint (json_object_get_int_member (report, "void_amount"), ==, 180000);
  g_assert_cmpint (json_object_get_int_member (report, "net"), ==, 545000);
  g_assert_cmpint (json_object_get_int_member (report, "visitors"), ==, 1200);

  g_assert_cmpint (ocop (f, "report", "day", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "545.000 ₫"));

  /* Without a count, or with a wrong PIN, the day stays open. */
  g_assert_cmpint (ocop_in (f, "2468\n", "day", "close", "--approver", "Giám sát Lan", NULL), ==, 2);
  g_assert_nonnull (strstr (f->err, "--cash-counted"));
  g_assert_cmpint (ocop_in (f, "1357\n", "day", "close", "--approver", "Giám sát Lan", "--cash-counted", "500000",
                            NULL), ==, 1);
  assert_one_line_error (f, "Wrong PIN for “Giám sát Lan”");
  g_assert_cmpint (ocop_in (f, "2468\n", "day", "close", "--approver", "Giám sát Lan", "--cash-counted", "500000",
                            NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "Z report"));
  /* Cash taken: 545.000 ₫ (the void gave back the 80.000 ₫ cash part of
   * #2); 500.000 ₫ counted, 45.000 ₫ short. */
  g_assert_nonnull (strstr (f->out, "Closed by Giám sát Lan"));
  g_assert_nonnull (strstr (f->out, "500.000 ₫"));
  g_assert_nonnull (strstr (f->out, "-45.000 ₫"));
  g_assert_nonnull (strstr (f->out, "545.000 ₫"));
  g_assert_cmpint (ocop_in (f, "2468\n", "day", "close", "--approver", "Giám sát Lan", "--cash-counted", "500000",
                            NULL), ==, 1);
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

/* Only an active supervisor's PIN, given on standard input by a script,
 * voids or refunds; --cashier authorizes nothing, and every refusal
 * records nothing. */
static void
test_void_needs_supervisor (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *before = NULL;

  g_assert_cmpint (ocop (f, "demo", NULL), ==, 0);   /* Hùng supervises (9999), Lan sells (1111) */
  g_assert_cmpint (ocop (f, "sale", "add", "QN-BC-001", "--pay", "cash", NULL), ==, 0);
  g_assert_cmpint (ocop (f, "sale", "list", NULL), ==, 0);
  before = g_strdup (f->out);

  g_assert_cmpint (ocop_in (f, "", "sale", "void", "#1", "--reason", "x", "--cashier", "Giám sát Lan", NULL), ==, 1);
  assert_one_line_error (f, "supervisor's name and PIN");
  g_assert_cmpint (ocop_in (f, "9999\n", "sale", "void", "#1", "--reason", "x", "--approver", "Giám sát Lan", NULL),
                   ==, 1);
  assert_one_line_error (f, "no cashier “Giám sát Lan”");
  g_assert_cmpint (ocop_in (f, "1111\n", "sale", "void", "#1", "--reason", "x", "--approver", "Lan", NULL), ==, 1);
  assert_one_line_error (f, "not a supervisor");
  g_assert_cmpint (ocop_in (f, "1111\n", "sale", "refund", "#1", "--reason", "x", "--approver", "Hùng", NULL), ==, 1);
  assert_one_line_error (f, "Wrong PIN for “Hùng”");
  g_assert_cmpint (ocop_in (f, "", "sale", "void", "#1", "--reason", "x", "--approver", "Hùng", NULL), ==, 1);
  assert_one_line_error (f, "No PIN was given");
  g_assert_cmpint (ocop (f, "sale", "list", NULL), ==, 0);
  g_assert_cmpstr (f->out, ==, before);

  g_assert_cmpint (ocop_in (f, "9999\n", "sale", "void", "#1", "--reason", "khách đổi ý", "--approver", "Hùng",
                            "--cashier", "Lan", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "Void #2"));
  g_assert_nonnull (strstr (f->out, "Approved by Hùng"));
  /* The PIN was read, not echoed. */
  g_assert_null (strstr (f->out, "9999"));
}

/* Weighed goods from the command line: a weight typed three ways, a
 * partial refund of a weight, the booth's rounding, and the day report in
 * kg; an ambiguous weight or a refund without one is refused, recording
 * nothing. */
static void
test_weighed (Fixture       *f,
              gconstpointer  data)
{
  g_assert_cmpint (ocop (f, "demo", NULL), ==, 0);
  g_assert_cmpint (ocop (f, "sale", "add", "QN-CT-001*0.35", "QN-CT-001*350g", "QN-DH-002*2", "--pay", "cash", NULL),
                   ==, 0);
  g_assert_nonnull (strstr (f->out, "total 1.540.000 ₫"));
  g_assert_cmpint (ocop (f, "sale", "show", "#1", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "0,350 kg × 1.200.000 ₫/kg  = 420.000 ₫"));
  g_assert_nonnull (strstr (f->out, "2 chai × 350.000 ₫  = 700.000 ₫"));

  g_assert_cmpint (ocop (f, "sale", "add", "QN-CT-001*1.250", "--pay", "cash", NULL), ==, 1);
  assert_one_line_error (f, "write 1,25 or 1250");
  g_assert_cmpint (ocop (f, "sale", "add", "QN-DH-002*0,5", "--pay", "cash", NULL), ==, 1);
  assert_one_line_error (f, "sold by the piece");

  g_assert_cmpint (ocop_in (f, "9999\n", "sale", "refund", "#1", "--sku", "QN-CT-001", "--reason", "ẩm",
                            "--approver", "Hùng", NULL), ==, 1);
  assert_one_line_error (f, "say what weight to refund");
  g_assert_cmpint (ocop_in (f, "9999\n", "sale", "refund", "#1", "--sku", "QN-CT-001", "--qty", "0,1",
                            "--reason", "ẩm", "--approver", "Hùng", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "Refund #2"));
  g_assert_nonnull (strstr (f->out, "-0,100 kg × 1.200.000 ₫/kg  = -120.000 ₫"));

  g_assert_cmpint (ocop (f, "config", "rounding", "1.500", NULL), ==, 1);
  assert_one_line_error (f, "1, 100, 500 or 1000");
  g_assert_cmpint (ocop (f, "config", "rounding", "500", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "500 ₫"));
  g_assert_cmpint (ocop (f, "sale", "add", "QN-CT-001*0,123", "--pay", "cash", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "total 147.500 ₫"));

  g_assert_cmpint (ocop (f, "report", "day", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "0,723 kg"));
}

/* At a terminal (a pty here) the PIN is asked for and typed without being
 * shown. */
static void
test_pin_from_terminal (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) prompt = g_string_new (NULL);
  g_autoptr(GString) screen = g_string_new (NULL);
  g_autofree char *out = NULL;
  GInputStream *err;
  int master = -1, slave = -1;
  char buffer[256];
  gssize n;

  g_assert_cmpint (ocop (f, "demo", NULL), ==, 0);
  g_assert_cmpint (ocop (f, "sale", "add", "QN-BC-001", "--pay", "cash", NULL), ==, 0);
  g_assert_cmpint (openpty (&master, &slave, NULL, NULL, NULL), ==, 0);
  g_subprocess_launcher_take_stdin_fd (launcher, slave);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  /* The real clock: the sale's day is still open, so it voids today. */
  g_subprocess_launcher_unsetenv (launcher, "OCOP_NOW");
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("OCOP_TOOL"), "--db", f->db, "sale", "void", "#1",
                                         "--reason", "khách đổi ý", "--approver", "Hùng", NULL);
  g_assert_no_error (error);
  g_subprocess_launcher_close (launcher);   /* our copy of the pty's slave end */

  /* Typed once the prompt shows, as a person would. */
  err = g_subprocess_get_stderr_pipe (process);
  while (strstr (prompt->str, "PIN of Hùng: ") == NULL &&
         (n = g_input_stream_read (err, buffer, sizeof buffer, NULL, &error)) > 0)
    g_string_append_len (prompt, buffer, n);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (prompt->str, "PIN of Hùng: "));
  g_assert_cmpint (write (master, "9999\n", 5), ==, 5);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_assert_nonnull (strstr (out, "Approved by Hùng"));

  /* What the terminal showed: the line end, never the digits. */
  g_assert_cmpint (fcntl (master, F_SETFL, O_NONBLOCK), ==, 0);
  while ((n = read (master, buffer, sizeof buffer)) > 0)
    g_string_append_len (screen, buffer, n);
  g_assert_null (strstr (screen->str, "9999"));
  close (master);
}

/* Ctrl-C at the PIN prompt stops the command and gives the terminal its
 * echo back, and nothing is voided. */
static void
test_pin_prompt_interrupted (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) prompt = g_string_new (NULL);
  struct termios after;
  GInputStream *err;
  int master = -1, slave = -1;
  char buffer[256];
  gssize n;

  g_assert_cmpint (ocop (f, "demo", NULL), ==, 0);
  g_assert_cmpint (ocop (f, "sale", "add", "QN-BC-001", "--pay", "cash", NULL), ==, 0);
  g_assert_cmpint (openpty (&master, &slave, NULL, NULL, NULL), ==, 0);
  g_subprocess_launcher_take_stdin_fd (launcher, slave);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "OCOP_NOW");
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("OCOP_TOOL"), "--db", f->db, "sale", "void", "#1",
                                         "--reason", "khách đổi ý", "--approver", "Hùng", NULL);
  g_assert_no_error (error);
  g_subprocess_launcher_close (launcher);
  err = g_subprocess_get_stderr_pipe (process);
  while (strstr (prompt->str, "PIN of Hùng: ") == NULL &&
         (n = g_input_stream_read (err, buffer, sizeof buffer, NULL, &error)) > 0)
    g_string_append_len (prompt, buffer, n);
  g_assert_no_error (error);
  g_subprocess_send_signal (process, SIGINT);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (process));
  g_assert_cmpint (g_subprocess_get_term_sig (process), ==, SIGINT);
  g_assert_cmpint (tcgetattr (master, &after), ==, 0);
  g_assert_true (after.c_lflag & ECHO);
  close (master);
  g_assert_cmpint (ocop (f, "sale", "show", "#2", NULL), ==, 1);
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

/* `ocop ARGS…` on the real clock: --now only where @args give it, and
 * stderr as the command printed it. */
static int
ocop_real_clock (Fixture *f,
                 ...)
{
  va_list args;

  va_start (args, f);
  f->status = test_util_run_tool_v (f->db, f->language, NULL, &f->out, &f->err, args);
  va_end (args);
  return f->status;
}

/* The clock moves by --now only, and says so on stderr: a stray OCOP_NOW
 * in a shell profile used to stamp real sales on another day unseen. */
static void
test_now_is_a_visible_option (Fixture       *f,
                              gconstpointer  data)
{
  const char *at = "2024-12-11T10:00:00+07:00";
  g_autofree char *csv = write_file (f, "catalog.csv", catalog);

  g_assert_cmpint (ocop_real_clock (f, "init", "--fair", "Hội chợ OCOP Quảng Ninh", "--booth", "QN-07", NULL), ==, 0);
  g_assert_cmpint (ocop_real_clock (f, "catalog", "import", csv, NULL), ==, 0);
  g_assert_cmpint (ocop_real_clock (f, "--now", at, "sale", "add", "BL-01", "--pay", "cash", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "Receipt #1"));
  g_assert_true (g_str_has_prefix (f->err, "ocop: "));
  g_assert_nonnull (strstr (f->err, "--now"));
  g_assert_nonnull (strstr (f->err, at));

  /* The environment variable the tool once read changes nothing now. */
  g_setenv ("OCOP_NOW", at, TRUE);
  g_assert_cmpint (ocop_real_clock (f, "sale", "add", "BL-01", "--pay", "cash", NULL), ==, 0);
  g_unsetenv ("OCOP_NOW");
  g_assert_nonnull (strstr (f->out, "Receipt #2"));
  g_assert_cmpstr (f->err, ==, "");
  g_assert_cmpint (ocop_real_clock (f, "sale", "list", "--date", "2024-12-11", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "#1"));
  g_assert_null (strstr (f->out, "#2"));

  g_assert_cmpint (ocop_real_clock (f, "--now=yesterday", "sale", "list", NULL), ==, 1);
  assert_one_line_error (f, "--now 'yesterday'");
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
  ADD ("/cli/void-needs-supervisor", test_void_needs_supervisor);
  ADD ("/cli/weighed", test_weighed);
  ADD ("/cli/pin-from-terminal", test_pin_from_terminal);
  ADD ("/cli/pin-prompt-interrupted", test_pin_prompt_interrupted);
  ADD ("/cli/demo-refuses-real-store", test_demo_refuses_real_store);
  ADD ("/cli/vietqr", test_vietqr);
  ADD ("/cli/vietnamese", test_vietnamese);
  ADD ("/cli/now-is-a-visible-option", test_now_is_a_visible_option);
#undef ADD

  return g_test_run ();
}
