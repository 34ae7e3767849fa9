/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-hid-keyboard.c: HID reports of USB scanners become the codes they
 * read: boot-keyboard reports (US layout, either Shift, press/release,
 * Enter ends a code) and HID POS frames with AIM identifiers. Reports are
 * written out by hand from the HID Usage Tables. */

#include "config.h"

#include "ocop-hid-keyboard.h"

#define RELEASE 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00
#define KEY(mod, code) mod, 0x00, code, 0x00, 0x00, 0x00, 0x00, 0x00
#define LSHIFT 0x02
#define RSHIFT 0x20

static char *
feed_all (OcopHidKeyboard *keyboard,
          const guint8    *reports,
          gsize            length)
{
  for (gsize i = 0; i + 8 <= length; i += 8)
    ocop_hid_keyboard_feed (keyboard, reports + i, 8);
  return ocop_hid_keyboard_take_code (keyboard);
}

static void
test_ean13 (void)
{
  static const guint8 reports[] = {
    KEY (0, 0x25), RELEASE, KEY (0, 0x26), RELEASE, KEY (0, 0x20), RELEASE,   /* 8 9 3 */
    KEY (0, 0x22), RELEASE, KEY (0, 0x27), RELEASE, KEY (0, 0x27), RELEASE,   /* 5 0 0 */
    KEY (0, 0x27), RELEASE, KEY (0, 0x27), RELEASE, KEY (0, 0x27), RELEASE,   /* 0 0 0 */
    KEY (0, 0x27), RELEASE, KEY (0, 0x27), RELEASE, KEY (0, 0x1e), RELEASE,   /* 0 0 1 */
    KEY (0, 0x21), RELEASE, KEY (0, 0x28), RELEASE,                           /* 4 Enter */
  };
  g_autoptr(OcopHidKeyboard) keyboard = ocop_hid_keyboard_new ();
  g_autofree char *code = feed_all (keyboard, reports, sizeof reports);

  g_assert_cmpstr (code, ==, "8935000000014");
  g_assert_null (ocop_hid_keyboard_take_code (keyboard));
}

static void
test_shifted_code_with_both_shifts (void)
{
  static const guint8 reports[] = {
    KEY (LSHIFT, 0x07), RELEASE, KEY (RSHIFT, 0x07), RELEASE,   /* D D */
    KEY (0, 0x2d), RELEASE,                                     /* - */
    KEY (LSHIFT, 0x04), RELEASE, KEY (RSHIFT, 0x04), RELEASE,   /* A A */
    KEY (0, 0x2d), RELEASE,                                     /* - */
    KEY (LSHIFT, 0x1a), RELEASE, KEY (0, 0x1e), RELEASE,        /* W 1 */
    KEY (0, 0x28), RELEASE,
  };
  g_autoptr(OcopHidKeyboard) keyboard = ocop_hid_keyboard_new ();
  g_autofree char *code = feed_all (keyboard, reports, sizeof reports);

  g_assert_cmpstr (code, ==, "DD-AA-W1");
}

static void
test_symbols_and_lower_case (void)
{
  static const guint8 reports[] = {
    KEY (0, 0x0b), RELEASE, KEY (0, 0x17), RELEASE, KEY (0, 0x17), RELEASE,   /* h t t */
    KEY (0, 0x13), RELEASE, KEY (LSHIFT, 0x33), RELEASE, KEY (0, 0x38), RELEASE, /* p : / */
    KEY (0, 0x38), RELEASE, KEY (0, 0x37), RELEASE, KEY (LSHIFT, 0x38), RELEASE, /* / . ? */
    KEY (0, 0x2e), RELEASE, KEY (LSHIFT, 0x24), RELEASE, KEY (0, 0x2c), RELEASE, /* = & space */
    KEY (0, 0x5a), RELEASE,                                                   /* keypad 2 */
    KEY (0, 0x58), RELEASE,                                                   /* keypad Enter */
  };
  g_autoptr(OcopHidKeyboard) keyboard = ocop_hid_keyboard_new ();
  g_autofree char *code = feed_all (keyboard, reports, sizeof reports);

  g_assert_cmpstr (code, ==, "http://.?=& 2");
}

static void
test_press_and_release (void)
{
  /* A key held across reports types once; two keys in one report (fast
   * scanners) both type; a phantom (rollover) report types nothing. */
  static const guint8 reports[] = {
    KEY (0, 0x1e), KEY (0, 0x1e), RELEASE,
    0x00, 0x00, 0x1f, 0x20, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
    RELEASE, KEY (0, 0x1e), RELEASE,
    KEY (0, 0x28), RELEASE,
  };
  g_autoptr(OcopHidKeyboard) keyboard = ocop_hid_keyboard_new ();
  g_autofree char *code = feed_all (keyboard, reports, sizeof reports);

  g_assert_cmpstr (code, ==, "1231");
}

static void
test_codes_queue_and_reset (void)
{
  static const guint8 two_codes[] = {
    KEY (0, 0x28), RELEASE,                                   /* a lone Enter */
    KEY (0, 0x1e), RELEASE, KEY (0, 0x28), RELEASE,           /* "1" */
    KEY (0, 0x1f), RELEASE, KEY (0, 0x2b), RELEASE,           /* "2", Tab */
    KEY (0, 0x20), RELEASE,                                   /* "3" unfinished */
  };
  static const guint8 enter[] = { KEY (0, 0x28), RELEASE };
  g_autoptr(OcopHidKeyboard) keyboard = ocop_hid_keyboard_new ();
  g_autofree char *first = NULL, *second = NULL;

  for (gsize i = 0; i < sizeof two_codes; i += 8)
    ocop_hid_keyboard_feed (keyboard, two_codes + i, 8);
  first = ocop_hid_keyboard_take_code (keyboard);
  second = ocop_hid_keyboard_take_code (keyboard);
  g_assert_cmpstr (first, ==, "1");
  g_assert_cmpstr (second, ==, "2");
  g_assert_null (ocop_hid_keyboard_take_code (keyboard));
  /* After a reset (the scanner was unplugged) the "3" is gone. */
  ocop_hid_keyboard_reset (keyboard);
  g_assert_false (ocop_hid_keyboard_feed (keyboard, enter, 8));
  g_assert_false (ocop_hid_keyboard_feed (keyboard, (const guint8 *) "\x00", 1));
}

static void
test_hid_pos_frames (void)
{
  static const guint8 with_aim[] = {
    0x02, 16, ']', 'E', '0', '8', '9', '3', '5', '0', '0', '0', '0', '0', '0', '0', '1', '4', 0, 0,
  };
  static const guint8 plain[] = { 0x02, 8, 'D', 'D', '-', 'A', 'A', '-', 'W', '1' };
  static const guint8 too_long[] = { 0x02, 30, '1', '2' };
  static const guint8 binary[] = { 0x02, 3, '1', 0x07, '2' };
  g_autofree char *symbology = NULL;
  g_autofree char *code = ocop_hid_pos_decode_report (with_aim, sizeof with_aim, &symbology);
  g_autofree char *code2 = ocop_hid_pos_decode_report (plain, sizeof plain, NULL);

  g_assert_cmpstr (code, ==, "8935000000014");
  g_assert_cmpstr (symbology, ==, "]E0");
  g_assert_cmpstr (code2, ==, "DD-AA-W1");
  g_assert_null (ocop_hid_pos_decode_report (too_long, sizeof too_long, NULL));
  g_assert_null (ocop_hid_pos_decode_report (binary, sizeof binary, NULL));
  g_assert_null (ocop_hid_pos_decode_report (plain, 2, NULL));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/hid-keyboard/ean13", test_ean13);
  g_test_add_func ("/hid-keyboard/shift", test_shifted_code_with_both_shifts);
  g_test_add_func ("/hid-keyboard/symbols", test_symbols_and_lower_case);
  g_test_add_func ("/hid-keyboard/press-release", test_press_and_release);
  g_test_add_func ("/hid-keyboard/queue-reset", test_codes_queue_and_reset);
  g_test_add_func ("/hid-keyboard/hid-pos", test_hid_pos_frames);
  return g_test_run ();
}
