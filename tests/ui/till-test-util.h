/* SPDX-License-Identifier: GPL-3.0-or-later */
/* till-test-util.h: what every UI test of the till shares: a fresh demo
 * store under a real window, scanner bursts, and screenshots to look at. */
#pragma once

#include <adwaita.h>

#include "ocop-application.h"
#include "ocop-store.h"
#include "ocop-window.h"

G_BEGIN_DECLS

typedef struct {
  char         *dir;
  OcopStore    *store;
  OcopWindow   *window;
  OcopTillPage *till_page;   /* the window's */
  gint64        clock_us;
} TillFixture;

/* Before gtk_init: settings in memory, the cairo renderer, the till's CSS. */
void         till_test_init           (int    *argc,
                                       char ***argv);
void         till_fixture_set_up      (TillFixture   *f,
                                       gconstpointer  data);
/* The same on an empty store, as on the first run: the set-up page. */
void         till_fixture_set_up_empty (TillFixture   *f,
                                        gconstpointer  data);
/* The same under an application of its own, for its accelerators (F12
 * pays); returns the application, which the caller unrefs after tear-down. */
OcopApplication *till_fixture_set_up_in_app (TillFixture *f);
void         till_fixture_tear_down   (TillFixture   *f,
                                       gconstpointer  data);
/* The till under an application of its own (its accelerators: F12 pays,
 * Ctrl+L locks) with the X keyboard focus, as at a booth, for tests that
 * send real keys and taps through XTEST; Lan has signed in. */
typedef struct {
  TillFixture      till;
  OcopApplication *app;
} TillKeysFixture;

void         till_keys_fixture_set_up    (TillKeysFixture *f,
                                          gconstpointer    data);
void         till_keys_fixture_tear_down (TillKeysFixture *f,
                                          gconstpointer    data);
/* Signs @name in on @window's sign-in page with @pin, as its button
 * does; the caller checks what came of it. */
void         till_sign_in             (OcopWindow *window,
                                       const char *name,
                                       const char *pin);
/* The same, after putting the printer and scanner settings back: the
 * settings outlive the fixture within a test program. */
void         till_fixture_tear_down_devices (TillFixture   *f,
                                             gconstpointer  data);
/* till_test_init, then the language chosen and the catalogs bound as
 * main.c does, on an English desktop (LANG C.UTF-8, no LANGUAGE): the
 * till comes up in Vietnamese. */
void         till_test_init_as_main   (int    *argc,
                                       char ***argv);
/* Runs the main loop until @done holds, for up to ten seconds (a bound
 * for a stuck test, not a speed target); returns whether it holds. */
gboolean     till_iterate_until       (gboolean (*done) (gpointer),
                                       gpointer   data);
/* Opens the payment dialog for the cart and pays it in exact cash. */
void         till_pay_exact_cash      (TillFixture *f);
/* Lets GTK lay out and draw for @n frames of 20 ms. */
void         till_wait_frames         (int n);
/* Saves @widget as drawn to screenshots/@name.png under the build dir,
 * or to $OCOP_SCREENSHOT_DIR/@name.png when set. */
char        *till_screenshot          (GtkWidget  *widget,
                                       const char *name);
/* Saves @window as drawn at 1024×600 and at 1366×768, as
 * screenshots/@what-WIDTHxHEIGHT.png, and puts it back to 1024×600. */
void         till_screenshots_at_booth_sizes (GtkWindow  *window,
                                              const char *what);
/* A keyboard-wedge scanner: every key 4 ms after the last, then Enter. */
gboolean     till_scan                (TillFixture *f,
                                       const char  *code);
/* Scans @code of a product sold by measure and types @weight ("1",
 * "350 g") into the weighing panel that opens, as a till without a scale
 * does; returns whether one line went into the cart. */
gboolean     till_weigh               (TillFixture *f,
                                       const char  *code,
                                       const char  *weight);
/* Types @text into @widget as a person would: real key presses sent to
 * the X server by xdotool, to @widget's window given the focus. */
void         till_type_keys           (GtkWidget  *widget,
                                       const char *text);
/* The text of the first label with @css_class under @root. */
const char  *till_label_text          (GtkWidget  *root,
                                       const char *css_class);
/* The first label under @root whose text contains @text, or NULL. */
GtkLabel    *till_find_label          (GtkWidget  *root,
                                       const char *text);
/* The entry row titled @title under @root, or NULL. */
GtkEditable *till_row_titled          (GtkWidget  *root,
                                       const char *title);
/* The first descendant of @root of @type named @name (gtk_widget_set_name). */
GtkWidget   *till_find_named          (GtkWidget  *root,
                                       const char *name);
void         till_remove_store        (const char *path,
                                       const char *dir);

G_END_DECLS
