/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-hid-keyboard.h: turning the HID reports of a USB barcode scanner
 * (boot keyboard or HID POS) into the codes it read. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define OCOP_TYPE_HID_KEYBOARD (ocop_hid_keyboard_get_type ())
G_DECLARE_FINAL_TYPE (OcopHidKeyboard, ocop_hid_keyboard, OCOP, HID_KEYBOARD, GObject)

OcopHidKeyboard *ocop_hid_keyboard_new       (void);

/* Feeds one boot-keyboard report ([modifiers, reserved, key1…key6]).
 * Keys count when pressed (present now, absent from the previous report);
 * Shift is modifier bit 1 or 5; keycodes are read as a US layout, which is
 * how scanners type out of the box. Enter (or Tab) ends a code: then this
 * returns TRUE and ocop_hid_keyboard_take_code() gives it. Reports shorter
 * than 3 bytes and phantom-key reports (all 0x01) are ignored. */
gboolean         ocop_hid_keyboard_feed      (OcopHidKeyboard *self,
                                              const guint8    *report,
                                              gsize            length);
/* The oldest complete code, or NULL. */
char            *ocop_hid_keyboard_take_code (OcopHidKeyboard *self);
/* Forgets a half-typed code (after an unplug). */
void             ocop_hid_keyboard_reset     (OcopHidKeyboard *self);

/* One report of a HID POS barcode scanner (usage page 0x8C) framed as
 * [report id][length][data…], the data optionally opening with an AIM
 * symbology identifier "]Xn" (returned in @symbology if not NULL, and not
 * part of the code). NULL for a report that is not such a frame or holds
 * no printable code. */
char            *ocop_hid_pos_decode_report  (const guint8 *report,
                                              gsize         length,
                                              char        **symbology);

G_END_DECLS
