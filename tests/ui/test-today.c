/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-today.c: the Today page and the cart's line editor, driven as a
 * cashier would on the real widgets: finding a receipt by number, product
 * or amount; refunds that only a supervisor's PIN approves; a typed
 * quantity and a line discount, and a bad discount that changes nothing;
 * the category chips over the product grid. */

#include "ocop-money.h"
#include "ocop-sale.h"
#include "ocop-store.h"
#include "till-test-util.h"

typedef TillFixture Fixture;

static void
pay_exact_cash (Fixture *f)
{
  gtk_widget_activate_action (GTK_WIDGET (f->window), "till.pay", NULL);
  gtk_widget_activate_action (GTK_WIDGET (ocop_till_page_get_payment_dialog (f->till_page)),
                              "payment.cash", NULL);
  till_wait_frames (2);
}

static guint
shown_for (OcopTodayPage *today,
           const char    *search)
{
  gtk_editable_set_text (ocop_today_page_get_search (today), search);
  /* GtkSearchEntry waits a moment before it says the text changed. */
  till_wait_frames (15);
  return ocop_today_page_count_shown (today);
}

/* Three receipts: #1 the tea, #2 the rice, #3 the pearl. */
static OcopTodayPage *
sell_three (Fixture *f)
{
  OcopTodayPage *today;

  g_assert_true (till_scan (f, "8936000010010"));   /* Trà hoa vàng Ba Chẽ, 650.000 ₫ */
  pay_exact_cash (f);
  g_assert_true (till_weigh (f, "8936000010133", "1"));   /* Gạo nếp cái hoa vàng, 45.000 ₫ */
  pay_exact_cash (f);
  g_assert_true (till_scan (f, "8936000010072"));   /* Ngọc trai Hạ Long, 2.500.000 ₫ */
  pay_exact_cash (f);
  today = ocop_window_show_today (f->window);
  till_wait_frames (3);
  return today;
}

static void
test_search_receipts (Fixture       *f,
                      gconstpointer  data)
{
  OcopTodayPage *today = sell_three (f);

  g_assert_cmpuint (shown_for (today, ""), ==, 3);
  /* By receipt number: "#2" is that receipt only. */
  g_assert_cmpuint (shown_for (today, "#2"), ==, 1);
  g_assert_nonnull (till_find_label (GTK_WIDGET (today), "#2 ·"));
  /* By product, typed without diacritics or capitals. */
  g_assert_cmpuint (shown_for (today, "gao nep"), ==, 1);
  g_assert_cmpuint (shown_for (today, "NGOC TRAI"), ==, 1);
  /* By amount, as printed or as typed on a number pad. */
  g_assert_cmpuint (shown_for (today, "45.000"), ==, 1);
  g_assert_cmpuint (shown_for (today, "2500000"), ==, 1);
  /* Nothing matches: nothing shown. */
  g_assert_cmpuint (shown_for (today, "#9"), ==, 0);
  g_assert_cmpuint (shown_for (today, "mật ong"), ==, 0);
  g_assert_cmpuint (shown_for (today, "tra hoa vang"), ==, 1);
  g_free (till_screenshot (GTK_WIDGET (f->window), "today-search"));
}

/* Chooses @name in the dialog's list of who approves. */
static void
choose_approver (AdwMessageDialog *dialog,
                 const char       *name)
{
  GtkDropDown *approver = g_object_get_data (G_OBJECT (dialog), "approver");
  GListModel *names = gtk_drop_down_get_model (approver);

  for (guint i = 0; i < g_list_model_get_n_items (names); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (names, i);

      if (g_str_equal (gtk_string_object_get_string (item), name))
        {
          gtk_drop_down_set_selected (approver, i);
          return;
        }
    }
  g_assert_not_reached ();
}

static void
refund_as (OcopTodayPage *today,
           gint64         receipt_no,
           guint          line,      /* 0: everything not yet refunded */
           int            quantity,
           guint          method,    /* 0 cash, 1 transfer */
           const char    *approver,  /* NULL: the first, a supervisor */
           const char    *pin,
           const char    *screenshot)
{
  AdwMessageDialog *dialog;

  g_assert_true (ocop_today_page_select_receipt (today, receipt_no));
  gtk_widget_activate_action (GTK_WIDGET (today), "today.refund", NULL);
  dialog = ocop_today_page_get_dialog (today);
  g_assert_nonnull (dialog);
  gtk_drop_down_set_selected (g_object_get_data (G_OBJECT (dialog), "what"), line);
  if (line > 0)
    gtk_spin_button_set_value (g_object_get_data (G_OBJECT (dialog), "quantity"), quantity);
  gtk_drop_down_set_selected (g_object_get_data (G_OBJECT (dialog), "method"), method);
  gtk_editable_set_text (g_object_get_data (G_OBJECT (dialog), "reason"), "hộp vỡ");
  if (approver != NULL)
    choose_approver (dialog, approver);
  /* The PIN typed on the keyboard. */
  till_type_keys (g_object_get_data (G_OBJECT (dialog), "pin"), pin);
  if (screenshot != NULL)
    g_free (till_screenshot (GTK_WIDGET (dialog), screenshot));
  adw_message_dialog_response (dialog, "refund");
  till_wait_frames (3);
}

static void
refund_with (OcopTodayPage *today,
             gint64         receipt_no,
             guint          line,
             int            quantity,
             guint          method,
             const char    *pin,
             const char    *screenshot)
{
  refund_as (today, receipt_no, line, quantity, method, NULL, pin, screenshot);
}

static void
assert_no_receipt (Fixture    *f,
                   const char *ref)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopSale) sale = ocop_store_load_sale (f->store, ref, &error);

  g_assert_null (sale);
  g_assert_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_NOT_FOUND);
}

static void
test_refund_needs_supervisor (Fixture       *f,
                              gconstpointer  data)
{
  OcopTodayPage *today;
  g_autoptr(OcopSale) sale = NULL;
  g_autoptr(OcopSale) line_refund = NULL;
  g_autoptr(OcopSale) rest_refund = NULL;
  g_autoptr(GError) error = NULL;
  gint64 events, jobs;

  /* #1: two boxes of tea and a bag of rice, paid in cash. */
  g_assert_true (till_scan (f, "8936000010010"));
  g_assert_true (till_scan (f, "8936000010010"));
  g_assert_true (till_weigh (f, "8936000010133", "1"));
  pay_exact_cash (f);
  today = ocop_window_show_today (f->window);
  till_wait_frames (3);
  events = ocop_store_outbox_last_seq (f->store);
  jobs = ocop_store_count_print_jobs (f->store);

  /* A cashier's PIN, a wrong PIN and a cashier who is not a supervisor
   * are refused, by name, and nothing is recorded. */
  refund_with (today, 1, 1, 1, 1, "1111", NULL);
  g_assert_cmpstr (ocop_today_page_get_last_message (today), ==, "Wrong PIN for “Hùng”");
  g_assert_nonnull (till_find_label (GTK_WIDGET (f->window), "Wrong PIN for “Hùng”"));
  refund_with (today, 1, 1, 1, 1, "0000", NULL);
  g_assert_cmpstr (ocop_today_page_get_last_message (today), ==, "Wrong PIN for “Hùng”");
  refund_as (today, 1, 1, 1, 1, "Lan", "1111", NULL);
  g_assert_cmpstr (ocop_today_page_get_last_message (today), ==, "“Lan” is not a supervisor: a supervisor must approve");
  g_assert_cmpint (ocop_store_outbox_last_seq (f->store), ==, events);
  g_assert_cmpint (ocop_store_count_print_jobs (f->store), ==, jobs);
  assert_no_receipt (f, "#2");

  /* The supervisor refunds one of the two teas by transfer. */
  refund_with (today, 1, 1, 1, 1, "9999", "refund-dialog");
  sale = ocop_store_load_sale (f->store, "#1", &error);
  g_assert_no_error (error);
  line_refund = ocop_store_load_sale (f->store, "#2", &error);
  g_assert_no_error (error);
  g_assert_cmpint (ocop_sale_get_kind (line_refund), ==, OCOP_SALE_KIND_REFUND);
  g_assert_cmpstr (ocop_sale_get_ref_uuid (line_refund), ==, ocop_sale_get_uuid (sale));
  g_assert_cmpstr (ocop_sale_get_cashier (line_refund), ==, "Hùng");
  g_assert_cmpstr (ocop_sale_get_approver (line_refund), ==, "Hùng");
  g_assert_cmpstr (ocop_sale_get_reason (line_refund), ==, "hộp vỡ");
  g_assert_cmpuint (ocop_sale_get_n_lines (line_refund), ==, 1);
  g_assert_cmpstr (ocop_sale_get_line (line_refund, 0)->sku, ==, "QN-BC-001");
  g_assert_cmpint (ocop_sale_get_total (line_refund), ==, -650000);
  g_assert_cmpuint (ocop_sale_get_n_payments (line_refund), ==, 1);
  g_assert_cmpint (ocop_sale_get_payment (line_refund, 0)->method, ==, OCOP_PAYMENT_TRANSFER);
  g_assert_cmpstr (ocop_today_page_get_last_message (today), ==, "Receipt #1: 650.000 ₫ refunded, approved by Hùng");
  g_assert_nonnull (till_find_label (GTK_WIDGET (today), "#2 ·"));
  /* The day's net: 1.345.000 ₫ sold, 650.000 ₫ back. */
  g_assert_nonnull (strstr (ocop_today_page_get_totals (today), "net 695.000 ₫"));
  g_free (till_screenshot (GTK_WIDGET (f->window), "today-refund"));

  /* Then everything not yet refunded, in cash: the other tea and the rice. */
  refund_with (today, 1, 0, 0, 0, "9999", NULL);
  rest_refund = ocop_store_load_sale (f->store, "#3", &error);
  g_assert_no_error (error);
  g_assert_cmpint (ocop_sale_get_kind (rest_refund), ==, OCOP_SALE_KIND_REFUND);
  g_assert_cmpstr (ocop_sale_get_ref_uuid (rest_refund), ==, ocop_sale_get_uuid (sale));
  g_assert_cmpint (ocop_sale_get_total (rest_refund), ==, -695000);
  g_assert_cmpint (ocop_sale_get_payment (rest_refund, 0)->method, ==, OCOP_PAYMENT_CASH);
  g_assert_nonnull (strstr (ocop_today_page_get_totals (today), "net 0 ₫"));

  /* Nothing is left to refund: refused, nothing recorded. */
  events = ocop_store_outbox_last_seq (f->store);
  refund_with (today, 1, 1, 1, 0, "9999", NULL);
  g_assert_cmpint (ocop_store_outbox_last_seq (f->store), ==, events);
  assert_no_receipt (f, "#4");
  g_assert_nonnull (ocop_today_page_get_last_message (today));
  g_assert_null (strstr (ocop_today_page_get_last_message (today), "refunded, approved"));
}

/* A weighed line is refunded by weight, typed as at the till: 0,100 kg of
 * the 0,350 kg of squid, its share of the amount; a weight that reads two
 * ways is refused with the reason and records nothing. */
static void
refund_weight (OcopTodayPage *today,
               const char    *weight)
{
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  g_assert_true (ocop_today_page_select_receipt (today, 1));
  gtk_widget_activate_action (GTK_WIDGET (today), "today.refund", NULL);
  dialog = ocop_today_page_get_dialog (today);
  g_assert_nonnull (dialog);
  gtk_drop_down_set_selected (g_object_get_data (G_OBJECT (dialog), "what"), 1);
  entry = g_object_get_data (G_OBJECT (dialog), "weight");
  g_assert_true (gtk_widget_get_visible (entry));
  g_assert_false (gtk_widget_get_visible (g_object_get_data (G_OBJECT (dialog), "quantity")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "0,350 kg");
  gtk_editable_set_text (GTK_EDITABLE (entry), weight);
  gtk_editable_set_text (g_object_get_data (G_OBJECT (dialog), "reason"), "ẩm");
  till_type_keys (g_object_get_data (G_OBJECT (dialog), "pin"), "9999");
  adw_message_dialog_response (dialog, "refund");
  till_wait_frames (3);
}

static void
test_refund_weight (Fixture       *f,
                    gconstpointer  data)
{
  OcopTodayPage *today;
  g_autoptr(OcopSale) refund = NULL;
  g_autoptr(GError) error = NULL;
  const OcopSaleLine *line;
  gint64 events;

  /* #1: 0,350 kg of Cô Tô squid at 1.200.000 ₫/kg, 420.000 ₫. */
  g_assert_true (till_weigh (f, "8936000010256", "350 g"));
  pay_exact_cash (f);
  today = ocop_window_show_today (f->window);
  till_wait_frames (3);
  events = ocop_store_outbox_last_seq (f->store);

  refund_weight (today, "1.250");
  g_assert_cmpint (ocop_store_outbox_last_seq (f->store), ==, events);
  assert_no_receipt (f, "#2");
  g_assert_nonnull (strstr (ocop_today_page_get_last_message (today), "1.250"));

  refund_weight (today, "100 g");
  refund = ocop_store_load_sale (f->store, "#2", &error);
  g_assert_no_error (error);
  g_assert_cmpint (ocop_sale_get_kind (refund), ==, OCOP_SALE_KIND_REFUND);
  line = ocop_sale_get_line (refund, 0);
  g_assert_true (line->measured);
  g_assert_cmpint (line->quantity, ==, -100);
  g_assert_cmpint (ocop_sale_get_total (refund), ==, -120000);
  g_assert_cmpstr (ocop_today_page_get_last_message (today), ==, "Receipt #1: 120.000 ₫ refunded, approved by Hùng");
}

/* F4 on the selected cart line: a quantity and a discount, then Apply. */
static void
edit_line (Fixture    *f,
           int         quantity,
           const char *discount,
           const char *screenshot)
{
  AdwMessageDialog *dialog;

  gtk_widget_activate_action (GTK_WIDGET (f->window), "till.edit-line", NULL);
  dialog = ocop_till_page_get_line_dialog (f->till_page);
  g_assert_nonnull (dialog);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (till_find_named (GTK_WIDGET (dialog), "quantity")), quantity);
  gtk_editable_set_text (GTK_EDITABLE (till_find_named (GTK_WIDGET (dialog), "discount")), discount);
  if (screenshot != NULL)
    g_free (till_screenshot (GTK_WIDGET (dialog), screenshot));
  adw_message_dialog_response (dialog, "apply");
  till_wait_frames (2);
}

static gint64
saved_cart_total (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopSale) cart = ocop_store_load_cart (f->store, &error);

  g_assert_no_error (error);
  return cart ? ocop_sale_get_total (cart) : 0;
}

static void
assert_line (Fixture *f,
             gint64   quantity,
             gint64   discount,
             gint64   total,
             const char *shown)
{
  const OcopSaleLine *line = ocop_sale_get_line (ocop_till_page_get_cart (f->till_page), 0);

  g_assert_cmpint (line->quantity, ==, quantity);
  g_assert_cmpint (line->discount, ==, discount);
  g_assert_cmpint (ocop_sale_get_total (ocop_till_page_get_cart (f->till_page)), ==, total);
  g_assert_cmpint (saved_cart_total (f), ==, total);
  g_assert_cmpstr (till_label_text (GTK_WIDGET (f->window), "total"), ==, shown);
}

static void
test_edit_line (Fixture       *f,
                gconstpointer  data)
{
  g_assert_true (till_scan (f, "8936000010010"));   /* 650.000 ₫ a box */

  /* Three boxes, 1.500.000 ₫ off: 450.000 ₫. */
  edit_line (f, 3, "1.500.000", "line-editor");
  assert_line (f, 3, 1500000, 450000, "450.000 ₫");
  g_assert_nonnull (till_find_label (GTK_WIDGET (f->window), "3 hộp × 650.000 ₫"));

  /* A discount larger than the line is refused and changes nothing, even
   * with a smaller quantity typed at the same time. */
  edit_line (f, 2, "2.000.000", NULL);
  assert_line (f, 3, 1500000, 450000, "450.000 ₫");
  g_assert_nonnull (strstr (ocop_till_page_get_last_message (f->till_page), "2.000.000 ₫"));
  g_assert_nonnull (till_find_label (GTK_WIDGET (f->window), "must be between 0 and the line's 1.300.000 ₫"));
  g_free (till_screenshot (GTK_WIDGET (f->window), "line-editor-refused"));

  /* Text that is not an amount: refused too, naming what was typed. */
  edit_line (f, 1, "mười nghìn", NULL);
  assert_line (f, 3, 1500000, 450000, "450.000 ₫");
  g_assert_nonnull (strstr (ocop_till_page_get_last_message (f->till_page),
                            "mười nghìn"));

  /* An empty discount removes it. */
  edit_line (f, 2, "", NULL);
  assert_line (f, 2, 0, 1300000, "1.300.000 ₫");
}

static gboolean
all_in_category (GListModel *products,
                 const char *category)
{
  for (guint i = 0; i < g_list_model_get_n_items (products); i++)
    {
      g_autoptr(OcopProduct) product = g_list_model_get_item (products, i);

      if (g_strcmp0 (ocop_product_get_category (product), category) != 0)
        return FALSE;
    }
  return TRUE;
}

static void
search_products (Fixture    *f,
                 const char *text)
{
  GtkWidget *focus;

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.search", NULL);
  focus = gtk_window_get_focus (GTK_WINDOW (f->window));
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_ancestor (focus, GTK_TYPE_SEARCH_ENTRY)), text);
  till_wait_frames (15);
}

static void
test_category_chips (Fixture       *f,
                     gconstpointer  data)
{
  OcopCategoryBar *bar = ocop_till_page_get_category_bar (f->till_page);
  GListModel *products = ocop_till_page_get_products (f->till_page);
  guint all;

  till_wait_frames (3);
  all = g_list_model_get_n_items (products);
  g_assert_cmpuint (all, ==, 31);   /* the demo catalog */
  /* A chip for each of the demo catalog's categories, and "All". */
  g_assert_nonnull (till_find_label (GTK_WIDGET (bar), "All"));
  g_assert_nonnull (till_find_label (GTK_WIDGET (bar), "Trang sức"));
  g_assert_false (ocop_category_bar_choose (bar, "Ô tô"));

  /* "Trà": the four teas, nothing else. */
  g_assert_true (ocop_category_bar_choose (bar, "Trà"));
  till_wait_frames (2);
  g_assert_cmpuint (g_list_model_get_n_items (products), ==, 4);
  g_assert_true (all_in_category (products, "Trà"));
  g_free (till_screenshot (GTK_WIDGET (f->window), "till-category"));

  /* The search runs within the category: "ba che" finds the two teas from
   * Ba Chẽ, not the Ba Chẽ medicinal root. */
  search_products (f, "ba che");
  g_assert_cmpuint (g_list_model_get_n_items (products), ==, 2);
  g_assert_true (all_in_category (products, "Trà"));
  /* Back to all: the root is found too. */
  g_assert_true (ocop_category_bar_choose (bar, NULL));
  till_wait_frames (2);
  g_assert_cmpuint (g_list_model_get_n_items (products), >, 2);
  g_assert_false (all_in_category (products, "Trà"));
  search_products (f, "");
  g_assert_cmpuint (g_list_model_get_n_items (products), ==, all);

  /* A scan adds its product whatever the chosen category. */
  g_assert_true (ocop_category_bar_choose (bar, "Trà"));
  g_assert_true (till_weigh (f, "8936000010133", "1"));   /* rice */
  g_assert_cmpuint (ocop_sale_get_n_lines (ocop_till_page_get_cart (f->till_page)), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  till_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, till_fixture_set_up, func, till_fixture_tear_down)
  ADD ("/today/search-receipts", test_search_receipts);
  ADD ("/today/refund-needs-supervisor", test_refund_needs_supervisor);
  ADD ("/today/refund-weight", test_refund_weight);
  ADD ("/till/edit-line", test_edit_line);
  ADD ("/till/category-chips", test_category_chips);
#undef ADD

  return g_test_run ();
}
