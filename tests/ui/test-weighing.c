/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-weighing.c: goods sold by weight at the till, with real keys through
 * the X server (XTEST): a scale played on a pty (unstable then stable,
 * zero, negative, overload, unplugged; tare and zero sent to it), a weight
 * typed where no scale is connected (three ways, refusals with the reason,
 * rounding), the cart row and the line editor of a weighed line, and
 * screenshots at 1024×600 and 1366×768. */

#include <adwaita.h>

#include "ocop-application.h"
#include "ocop-money.h"
#include "ocop-quantity.h"
#include "ocop-settings.h"
#include "ocop-store.h"
#include "ocop-till-page.h"
#include "ocop-window.h"
#include "till-test-util.h"
#include "scale-emulator.h"
#include "xtest.h"

/* Mực khô Cô Tô, 1.200.000 ₫/kg in the demo catalog. */
#define SQUID "8936000010256"

typedef struct {
  TillFixture      till;
  OcopApplication *app;
  ScaleEmulator   *scale;    /* NULL: no scale, weights are typed */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (!xtest_init (&error))
    g_error ("%s", error->message);
  f->app = till_fixture_set_up_in_app (&f->till);
  gtk_window_set_default_size (GTK_WINDOW (f->till.window), 1024, 600);
  xtest_focus (GTK_WINDOW (f->till.window));
  till_wait_frames (3);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GSettings) settings = ocop_settings_new ();

  till_fixture_tear_down (&f->till, NULL);
  g_clear_object (&f->app);
  /* The settings outlive the fixture within this program. */
  g_settings_reset (settings, "scale-uri");
  g_clear_pointer (&f->scale, scale_emulator_free);
}

/* Keys reach GTK through the X server: waits up to two seconds. */
#define WAIT_FOR(done) G_STMT_START { \
    for (int i_ = 0; i_ < 100 && !(done); i_++) till_wait_frames (1); \
  } G_STMT_END

static OcopSale *
cart (Fixture *f)
{
  return ocop_till_page_get_cart (f->till.till_page);
}

static OcopWeighPanel *
panel (Fixture *f)
{
  return ocop_till_page_get_weigh_panel (f->till.till_page);
}

static gboolean
weighing (Fixture *f)
{
  return ocop_weigh_panel_get_product (panel (f)) != NULL;
}

/* A person's keys, each a frame after the last: a burst with Enter would
 * be taken for a scanner's. */
static void
type_slowly (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      char one[8] = { 0 };

      g_utf8_strncpy (one, p, 1);
      xtest_type (one);
      till_wait_frames (3);
    }
}

/* "title | subtitle | amount" of cart row @i as drawn. */
static char *
row_text (Fixture *f,
          int      i)
{
  GtkWidget *list = till_find_named (GTK_WIDGET (f->till.window), "cart-list");
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), i);

  g_assert_nonnull (row);
  return g_strdup_printf ("%s | %s | %s", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                          adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                          till_label_text (GTK_WIDGET (row), "cart-amount"));
}

static void
screenshots (Fixture    *f,
             const char *what)
{
  till_screenshots_at_booth_sizes (GTK_WINDOW (f->till.window), what);
}

/* Scans the squid and waits for the weighing panel, its field focused. */
static void
scan_squid (Fixture *f)
{
  GtkWidget *entry;

  g_assert_true (till_scan (&f->till, SQUID));
  g_assert_true (weighing (f));
  entry = till_find_named (GTK_WIDGET (panel (f)), "weight-entry");
  till_wait_frames (2);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (panel (f))));
  g_assert_true (gtk_widget_is_focus (GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (entry)))) ||
                 gtk_widget_has_focus (entry));
}

/* Without a scale a weighed product is not put in as "1 kg": the panel
 * asks for the weight, shows it and its amount as typed (the customer
 * sees both before paying), and Enter puts in the exact weight with the
 * rounded amount: "0,350 kg × 1.200.000 ₫/kg", 420.000 ₫. The search
 * field has the keys back for the next scan. */
static void
test_typed_weight (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *row = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopSale) saved = NULL;
  const OcopSaleLine *line;

  scan_squid (f);
  g_assert_cmpuint (ocop_sale_get_n_lines (cart (f)), ==, 0);
  g_assert_nonnull (till_find_label (GTK_WIDGET (panel (f)), "Mực khô Cô Tô"));
  g_assert_nonnull (till_find_label (GTK_WIDGET (panel (f)), "1.200.000 ₫/kg"));

  type_slowly ("350 g");
  WAIT_FOR (g_str_equal (ocop_weigh_panel_get_amount_text (panel (f)), "420.000 ₫"));
  g_assert_cmpstr (ocop_weigh_panel_get_weight_text (panel (f)), ==, "0,350 kg");
  g_assert_cmpstr (ocop_weigh_panel_get_amount_text (panel (f)), ==, "420.000 ₫");
  g_assert_cmpuint (ocop_sale_get_n_lines (cart (f)), ==, 0);
  screenshots (f, "weighing-typed");

  xtest_press ("Return");
  WAIT_FOR (ocop_sale_get_n_lines (cart (f)) == 1);
  g_assert_cmpuint (ocop_sale_get_n_lines (cart (f)), ==, 1);
  line = ocop_sale_get_line (cart (f), 0);
  g_assert_true (line->measured);
  g_assert_cmpint (line->quantity, ==, 350);
  g_assert_cmpint (line->amount, ==, 420000);
  row = row_text (f, 0);
  g_assert_cmpstr (row, ==, "Mực khô Cô Tô | 0,350 kg × 1.200.000 ₫/kg | 420.000 ₫");
  g_assert_cmpstr (till_label_text (GTK_WIDGET (f->till.window), "total"), ==, "420.000 ₫");
  g_assert_false (weighing (f));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (panel (f))));

  /* Safe in the store before it was shown. */
  saved = ocop_store_load_cart (f->till.store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ocop_sale_get_n_lines (saved), ==, 1);
  g_assert_true (ocop_sale_get_line (saved, 0)->measured);
  g_assert_cmpint (ocop_sale_get_line (saved, 0)->quantity, ==, 350);
  g_assert_cmpint (ocop_sale_get_total (saved), ==, 420000);
  screenshots (f, "weighing-cart");
}

/* "0,35" and "0.35 kg" weigh the same as "350 g"; each weighing is a line
 * of its own, never merged into the last. */
static void
test_typed_forms (Fixture       *f,
                  gconstpointer  data)
{
  static const char * const typed[] = { "0,35", "0.35 kg", "350 g" };

  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    {
      scan_squid (f);
      type_slowly (typed[i]);
      till_wait_frames (2);
      xtest_press ("Return");
      WAIT_FOR (ocop_sale_get_n_lines (cart (f)) == i + 1);
      g_assert_cmpuint (ocop_sale_get_n_lines (cart (f)), ==, i + 1);
      g_assert_cmpint (ocop_sale_get_line (cart (f), i)->quantity, ==, 350);
    }
  g_assert_cmpint (ocop_sale_get_total (cart (f)), ==, 3 * 420000);
  g_assert_cmpstr (till_label_text (GTK_WIDGET (f->till.window), "total"), ==, "1.260.000 ₫");
}

/* Text that does not read one way as a weight adds nothing: the panel
 * stays open with the parser's own reason, the text kept to correct;
 * Escape then closes it with the cart untouched. */
static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  static const char * const refused[] = { "1.234", "0,3,5", "2 l" };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) expected = NULL;
      gint64 ignored = 0;
      GtkWidget *status;

      g_assert_false (ocop_quantity_parse (refused[i], "kg", TRUE, &ignored, &expected));
      g_assert_nonnull (expected);
      scan_squid (f);
      type_slowly (refused[i]);
      till_wait_frames (2);
      xtest_press ("Return");
      WAIT_FOR (g_str_equal (ocop_weigh_panel_get_status_text (panel (f)), expected->message));
      g_test_message ("\"%s\": %s", refused[i], ocop_weigh_panel_get_status_text (panel (f)));
      g_assert_cmpstr (ocop_weigh_panel_get_status_text (panel (f)), ==, expected->message);
      status = till_find_named (GTK_WIDGET (panel (f)), "weigh-status");
      g_assert_true (gtk_widget_has_css_class (status, "error"));
      g_assert_true (gtk_widget_get_mapped (status));
      g_assert_true (weighing (f));
      g_assert_cmpuint (ocop_sale_get_n_lines (cart (f)), ==, 0);
      if (i == 0)
        screenshots (f, "weighing-refused");
      xtest_press ("Escape");
      WAIT_FOR (!weighing (f));
      g_assert_false (weighing (f));
      g_assert_false (gtk_widget_get_visible (GTK_WIDGET (panel (f))));
      g_assert_cmpuint (ocop_sale_get_n_lines (cart (f)), ==, 0);
    }
}

/* The amount is rounded as the booth chose, and shown so in the panel and
 * the cart: 0,333 kg at 1.200.000 ₫/kg is 399.600 ₫, 400.000 ₫ rounded to
 * the default 1.000 ₫, 399.600 ₫ at 1 ₫. */
static void
test_rounding (Fixture       *f,
               gconstpointer  data)
{
  static const struct { gint64 rounding; const char *amount; } cases[] = {
    { 1000, "400.000 ₫" }, { 500, "399.500 ₫" }, { 100, "399.600 ₫" }, { 1, "399.600 ₫" },
  };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *row = NULL;
      g_autofree char *expected = g_strdup_printf ("Mực khô Cô Tô | 0,333 kg × 1.200.000 ₫/kg | %s", cases[i].amount);

      g_assert_true (ocop_store_set_rounding (f->till.store, cases[i].rounding, &error));
      g_assert_no_error (error);
      scan_squid (f);
      type_slowly ("0,333");
      WAIT_FOR (g_str_equal (ocop_weigh_panel_get_amount_text (panel (f)), cases[i].amount));
      g_assert_cmpstr (ocop_weigh_panel_get_amount_text (panel (f)), ==, cases[i].amount);
      xtest_press ("Return");
      WAIT_FOR (ocop_sale_get_n_lines (cart (f)) == i + 1);
      row = row_text (f, i);
      g_assert_cmpstr (row, ==, expected);
    }
}

static void
add_squid (Fixture    *f,
           const char *weight)
{
  guint before = ocop_sale_get_n_lines (cart (f));

  scan_squid (f);
  type_slowly (weight);
  till_wait_frames (2);
  xtest_press ("Return");
  WAIT_FOR (ocop_sale_get_n_lines (cart (f)) == before + 1);
  g_assert_cmpuint (ocop_sale_get_n_lines (cart (f)), ==, before + 1);
}

/* Opens the line editor on the selected line with F4 and types @weight
 * over the weight it shows, then Enter. */
static void
edit_weight (Fixture    *f,
             const char *weight)
{
  AdwMessageDialog *dialog;
  GtkWidget *field;

  xtest_press ("F4");
  WAIT_FOR (ocop_till_page_get_line_dialog (f->till.till_page) != NULL);
  dialog = ocop_till_page_get_line_dialog (f->till.till_page);
  g_assert_nonnull (dialog);
  xtest_focus (GTK_WINDOW (dialog));
  WAIT_FOR (gtk_window_is_active (GTK_WINDOW (dialog)));
  field = till_find_named (GTK_WIDGET (dialog), "quantity");
  g_assert_true (GTK_IS_EDITABLE (field));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field)), ==, "0,350 kg");
  gtk_widget_grab_focus (field);
  gtk_editable_select_region (GTK_EDITABLE (field), 0, -1);
  type_slowly (weight);
  till_wait_frames (2);
  xtest_press ("Return");
  WAIT_FOR (ocop_till_page_get_line_dialog (f->till.till_page) == NULL);
  xtest_focus (GTK_WINDOW (f->till.window));
  till_wait_frames (3);
}

/* The line editor edits a weighed line's weight as typed, not a spin
 * button of whole kilograms, and the amount follows; what does not read
 * as a weight leaves the line as it was and says why. */
static void
test_editor_changes_weight (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *row = NULL;
  g_autoptr(GError) expected = NULL;
  gint64 ignored;

  add_squid (f, "350 g");
  edit_weight (f, "0,5");
  WAIT_FOR (ocop_sale_get_line (cart (f), 0)->quantity == 500);
  g_assert_cmpint (ocop_sale_get_line (cart (f), 0)->quantity, ==, 500);
  row = row_text (f, 0);
  g_assert_cmpstr (row, ==, "Mực khô Cô Tô | 0,500 kg × 1.200.000 ₫/kg | 600.000 ₫");
  g_assert_cmpstr (till_label_text (GTK_WIDGET (f->till.window), "total"), ==, "600.000 ₫");

  /* A weight that reads two ways: refused, the line as it was. */
  {
    AdwMessageDialog *dialog;
    GtkWidget *field;

    gtk_widget_activate_action (GTK_WIDGET (f->till.window), "till.edit-line", NULL);
    dialog = ocop_till_page_get_line_dialog (f->till.till_page);
    g_assert_nonnull (dialog);
    field = till_find_named (GTK_WIDGET (dialog), "quantity");
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field)), ==, "0,500 kg");
    g_assert_false (ocop_quantity_parse ("1.234", "kg", TRUE, &ignored, &expected));
    gtk_editable_set_text (GTK_EDITABLE (field), "1.234");
    adw_message_dialog_response (dialog, "apply");
    till_wait_frames (2);
  }
  g_assert_cmpint (ocop_sale_get_line (cart (f), 0)->quantity, ==, 500);
  g_assert_cmpint (ocop_sale_get_total (cart (f)), ==, 600000);
  g_assert_cmpstr (ocop_till_page_get_last_message (f->till.till_page), ==, expected->message);
}

/* A weight the cart writes as "1,500 kg" would read two ways if typed;
 * left as the editor shows it, it stays the line's weight while the
 * discount changes. */
static void
test_editor_keeps_weight (Fixture       *f,
                          gconstpointer  data)
{
  AdwMessageDialog *dialog;

  add_squid (f, "1,5");
  g_assert_cmpint (ocop_sale_get_line (cart (f), 0)->quantity, ==, 1500);
  gtk_widget_activate_action (GTK_WIDGET (f->till.window), "till.edit-line", NULL);
  dialog = ocop_till_page_get_line_dialog (f->till.till_page);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (till_find_named (GTK_WIDGET (dialog), "quantity"))), ==,
                   "1,500 kg");
  gtk_editable_set_text (GTK_EDITABLE (till_find_named (GTK_WIDGET (dialog), "discount")), "100.000");
  adw_message_dialog_response (dialog, "apply");
  till_wait_frames (2);
  g_assert_cmpint (ocop_sale_get_line (cart (f), 0)->quantity, ==, 1500);
  g_assert_cmpint (ocop_sale_get_line (cart (f), 0)->discount, ==, 100000);
  g_assert_cmpint (ocop_sale_get_total (cart (f)), ==, 1700000);
}

/* Ctrl++ and Ctrl+− never step a weighed line by a gram (or a kilogram):
 * they open its editor, the weight unchanged; a piece line still steps. */
static void
test_no_gram_steps (Fixture       *f,
                    gconstpointer  data)
{
  AdwMessageDialog *dialog;

  add_squid (f, "350 g");
  xtest_press ("<Control>KP_Add");
  WAIT_FOR (ocop_till_page_get_line_dialog (f->till.till_page) != NULL);
  dialog = ocop_till_page_get_line_dialog (f->till.till_page);
  g_assert_nonnull (dialog);
  g_assert_cmpint (ocop_sale_get_line (cart (f), 0)->quantity, ==, 350);
  adw_message_dialog_response (dialog, "cancel");
  till_wait_frames (2);
  gtk_widget_activate_action (GTK_WIDGET (f->till.window), "till.decrease", NULL);
  dialog = ocop_till_page_get_line_dialog (f->till.till_page);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "cancel");
  till_wait_frames (2);
  g_assert_cmpint (ocop_sale_get_line (cart (f), 0)->quantity, ==, 350);
  g_assert_cmpint (ocop_sale_get_total (cart (f)), ==, 420000);

  g_assert_true (till_scan (&f->till, "8936000010010"));   /* tea, by the box */
  gtk_widget_activate_action (GTK_WIDGET (f->till.window), "till.increase", NULL);
  till_wait_frames (2);
  g_assert_cmpint (ocop_sale_get_line (cart (f), 1)->quantity, ==, 2);
}

/* The customer sees each weighed line's weight and amount in the payment
 * dialog too (the cart is behind it); pieces are not repeated there. */
static void
test_payment_shows_weights (Fixture       *f,
                            gconstpointer  data)
{
  GtkWindow *dialog;
  GtkWidget *weighed;

  add_squid (f, "350 g");
  g_assert_true (till_scan (&f->till, "8936000010010"));   /* tea, by the box */
  xtest_press ("F12");
  WAIT_FOR (ocop_till_page_get_payment_dialog (f->till.till_page) != NULL);
  dialog = ocop_till_page_get_payment_dialog (f->till.till_page);
  g_assert_nonnull (dialog);
  till_wait_frames (3);
  weighed = till_find_named (GTK_WIDGET (dialog), "weighed-lines");
  g_assert_true (gtk_widget_get_mapped (weighed));
  g_assert_cmpstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (weighed)), ==,
                   "Mực khô Cô Tô: 0,350 kg × 1.200.000 ₫/kg = 420.000 ₫");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (till_find_label (weighed, "420.000 ₫"))));
  g_free (till_screenshot (GTK_WIDGET (dialog), "weighing-payment"));
  gtk_window_destroy (dialog);
  till_wait_frames (2);
}

/* ---- a scale on a pty ---- */

static OcopScale *
till_scale (Fixture *f)
{
  OcopDevices *devices = ocop_window_get_devices (f->till.window);

  return devices != NULL ? ocop_devices_get_scale (devices) : NULL;
}

/* Connects a scale of @protocol played on a pty, through Settings as a
 * booth does. */
static void
plug_scale (Fixture    *f,
            const char *protocol)
{
  g_autoptr(GSettings) settings = ocop_settings_new ();
  g_autofree char *uri = NULL;

  f->scale = scale_emulator_new ();
  uri = scale_emulator_uri (f->scale, protocol);
  g_settings_set_string (settings, "scale-uri", uri);
  WAIT_FOR (till_scale (f) != NULL);
  g_assert_nonnull (till_scale (f));
}

/* A continuous scale's line: "ST,GS,+  0.350kg". */
static void
scale_says (Fixture    *f,
            const char *line)
{
  g_autofree char *sent = g_strconcat (line, "\r\n", NULL);

  scale_emulator_send (f->scale, sent, -1);
}

static void
wait_for_status (Fixture    *f,
                 const char *status)
{
  WAIT_FOR (g_str_equal (ocop_weigh_panel_get_status_text (panel (f)), status));
  g_assert_cmpstr (ocop_weigh_panel_get_status_text (panel (f)), ==, status);
}

static gboolean
weight_unstable (Fixture *f)
{
  return gtk_widget_has_css_class (till_find_named (GTK_WIDGET (panel (f)), "weigh-weight"), "unstable");
}

/* With a scale the panel shows the live weight: a moving weight dimmed
 * and not added, even on Enter, until the scale reads it stable; then the
 * stable weight and its amount, and Enter puts that line in. No field to
 * type in: only the scale's stable weight is charged. */
static void
test_scale_unstable_then_stable (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *row = NULL;

  plug_scale (f, "continuous");
  g_assert_true (till_scan (&f->till, SQUID));
  g_assert_true (weighing (f));
  till_wait_frames (2);
  g_assert_false (gtk_widget_get_visible (till_find_named (GTK_WIDGET (panel (f)), "weight-entry")));

  scale_says (f, "US,GS,+  0.212kg");
  WAIT_FOR (g_str_equal (ocop_weigh_panel_get_weight_text (panel (f)), "0,212 kg"));
  g_assert_cmpstr (ocop_weigh_panel_get_weight_text (panel (f)), ==, "0,212 kg");
  g_assert_true (weight_unstable (f));
  g_assert_cmpstr (ocop_weigh_panel_get_amount_text (panel (f)), ==, "254.000 ₫");
  wait_for_status (f, "Not stable yet: waiting for the weight to settle");
  screenshots (f, "weighing-unstable");
  g_assert_cmpuint (ocop_sale_get_n_lines (cart (f)), ==, 0);

  scale_says (f, "ST,GS,+  0.350kg");
  WAIT_FOR (g_str_equal (ocop_weigh_panel_get_weight_text (panel (f)), "0,350 kg"));
  g_assert_false (weight_unstable (f));
  g_assert_cmpstr (ocop_weigh_panel_get_amount_text (panel (f)), ==, "420.000 ₫");
  wait_for_status (f, "Stable: Enter adds the line");
  /* Shown, not yet added: the cashier confirms. */
  g_assert_cmpuint (ocop_sale_get_n_lines (cart (f)), ==, 0);
  screenshots (f, "weighing-stable");

  xtest_press ("Return");
  WAIT_FOR (ocop_sale_get_n_lines (cart (f)) == 1);
  g_assert_cmpuint (ocop_sale_get_n_lines (cart (f)), ==, 1);
  g_assert_cmpint (ocop_sale_get_line (cart (f), 0)->quantity, ==, 350);
  row = row_text (f, 0);
  g_assert_cmpstr (row, ==, "Mực khô Cô Tô | 0,350 kg × 1.200.000 ₫/kg | 420.000 ₫");
  g_assert_false (weighing (f));
}

/* Enter while the weight still moves: nothing yet, and the line goes in
 * with the first stable reading, at that reading's weight. */
static void
test_scale_confirmed_before_stable (Fixture       *f,
                                    gconstpointer  data)
{
  plug_scale (f, "continuous");
  g_assert_true (till_scan (&f->till, SQUID));
  scale_says (f, "US,GS,+  0.300kg");
  wait_for_status (f, "Not stable yet: waiting for the weight to settle");
  xtest_press ("Return");
  wait_for_status (f, "Adds the line as soon as the weight is stable");
  scale_says (f, "US,GS,+  0.320kg");
  till_wait_frames (5);
  g_assert_cmpuint (ocop_sale_get_n_lines (cart (f)), ==, 0);
  scale_says (f, "ST,GS,+  0.325kg");
  WAIT_FOR (ocop_sale_get_n_lines (cart (f)) == 1);
  g_assert_cmpuint (ocop_sale_get_n_lines (cart (f)), ==, 1);
  g_assert_cmpint (ocop_sale_get_line (cart (f), 0)->quantity, ==, 325);
  g_assert_cmpint (ocop_sale_get_line (cart (f), 0)->amount, ==, 390000);
}

/* Zero, negative, overload, a scale set to pounds and a scale unplugged:
 * each says so in the scale's own words, shows no weight, and Enter adds
 * nothing. */
static void
test_scale_problems (Fixture       *f,
                     gconstpointer  data)
{
  static const struct { const char *line; OcopScaleStatus status; } cases[] = {
    { "ST,GS,+  0.000kg", OCOP_SCALE_ZERO },
    { "ST,GS,-  0.050kg", OCOP_SCALE_NEGATIVE },
    { "OL,GS,+  0.000kg", OCOP_SCALE_OVERLOAD },
    { "ST,GS,+  0.770lb", OCOP_SCALE_WRONG_UNIT },
  };

  plug_scale (f, "continuous");
  g_assert_true (till_scan (&f->till, SQUID));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      /* A good weight first, so that each problem is seen to replace it. */
      scale_says (f, "ST,GS,+  0.350kg");
      wait_for_status (f, "Stable: Enter adds the line");
      scale_says (f, cases[i].line);
      wait_for_status (f, ocop_scale_status_describe (cases[i].status));
      g_assert_cmpstr (ocop_weigh_panel_get_weight_text (panel (f)), ==, "—");
      g_assert_cmpstr (ocop_weigh_panel_get_amount_text (panel (f)), ==, "");
      g_assert_true (gtk_widget_has_css_class (till_find_named (GTK_WIDGET (panel (f)), "weigh-status"), "error"));
      if (i == 0)
        screenshots (f, "weighing-zero");
      xtest_press ("Return");
      till_wait_frames (5);
      g_assert_cmpuint (ocop_sale_get_n_lines (cart (f)), ==, 0);
      g_assert_true (weighing (f));
    }

  scale_emulator_unplug (f->scale);
  wait_for_status (f, ocop_scale_status_describe (OCOP_SCALE_GONE));
  xtest_press ("Return");
  till_wait_frames (5);
  g_assert_cmpuint (ocop_sale_get_n_lines (cart (f)), ==, 0);
  screenshots (f, "weighing-unplugged");
}

/* Zero and Tare from the till, by their keys (Alt+Z, Alt+T), reach a
 * Mettler Toledo 8217 as its Z and T commands; the panel asks it for a
 * weight (W) meanwhile. */
static void
test_scale_tare_and_zero (Fixture       *f,
                          gconstpointer  data)
{
  plug_scale (f, "mettler-8217");
  for (int i = 0; i < 50; i++)
    scale_emulator_on (f->scale, 'W', "\x02" "0.350\r", -1);
  g_assert_true (till_scan (&f->till, SQUID));
  wait_for_status (f, "Stable: Enter adds the line");
  g_assert_nonnull (strchr (scale_emulator_received (f->scale)->str, 'W'));
  g_assert_null (strchr (scale_emulator_received (f->scale)->str, 'T'));
  xtest_press ("<Alt>t");
  WAIT_FOR (strchr (scale_emulator_received (f->scale)->str, 'T') != NULL);
  g_assert_nonnull (strchr (scale_emulator_received (f->scale)->str, 'T'));
  g_assert_null (strchr (scale_emulator_received (f->scale)->str, 'Z'));
  xtest_press ("<Alt>z");
  WAIT_FOR (strchr (scale_emulator_received (f->scale)->str, 'Z') != NULL);
  g_assert_nonnull (strchr (scale_emulator_received (f->scale)->str, 'Z'));
  g_assert_cmpuint (ocop_sale_get_n_lines (cart (f)), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  till_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/weighing/typed", test_typed_weight);
  ADD ("/weighing/typed-forms", test_typed_forms);
  ADD ("/weighing/refused", test_refused);
  ADD ("/weighing/rounding", test_rounding);
  ADD ("/weighing/editor", test_editor_changes_weight);
  ADD ("/weighing/editor-keeps-weight", test_editor_keeps_weight);
  ADD ("/weighing/no-gram-steps", test_no_gram_steps);
  ADD ("/weighing/payment-shows-weights", test_payment_shows_weights);
  ADD ("/weighing/scale/unstable-then-stable", test_scale_unstable_then_stable);
  ADD ("/weighing/scale/confirmed-before-stable", test_scale_confirmed_before_stable);
  ADD ("/weighing/scale/problems", test_scale_problems);
  ADD ("/weighing/scale/tare-and-zero", test_scale_tare_and_zero);
#undef ADD

  return g_test_run ();
}
