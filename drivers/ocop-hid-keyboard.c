/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-hid-keyboard.c: a scanner read through libusb does not go through
 * the desktop's keyboard layout or input method, so we map HID keycodes
 * ourselves (HID Usage Tables, keyboard page 0x07, US layout). */

#include "config.h"

#include <string.h>

#include "ocop-hid-keyboard.h"

struct _OcopHidKeyboard
{
  GObject  parent_instance;

  guint8   held[6];       /* keys down in the previous report */
  GString *typing;        /* the code so far */
  GQueue   codes;         /* complete codes, oldest first */
};

G_DEFINE_FINAL_TYPE (OcopHidKeyboard, ocop_hid_keyboard, G_TYPE_OBJECT)

#define MODIFIER_SHIFT (0x02 | 0x20)
#define KEY_ENTER 0x28
#define KEY_TAB 0x2b
#define KEY_KEYPAD_ENTER 0x58
#define KEY_ERROR_ROLLOVER 0x01

/* Usages 0x1e to 0x38 without and with Shift; 0 marks keys that type
 * nothing (Escape, Backspace) or that a US keyboard lacks (0x32). */
static const char digits_and_symbols[][2] = {
  { '1', '!' }, { '2', '@' }, { '3', '#' }, { '4', '$' }, { '5', '%' },
  { '6', '^' }, { '7', '&' }, { '8', '*' }, { '9', '(' }, { '0', ')' },
  { 0, 0 }, { 0, 0 }, { 0, 0 }, { 0, 0 },   /* Enter, Escape, Backspace, Tab */
  { ' ', ' ' }, { '-', '_' }, { '=', '+' }, { '[', '{' }, { ']', '}' },
  { '\\', '|' }, { 0, 0 }, { ';', ':' }, { '\'', '"' }, { '`', '~' },
  { ',', '<' }, { '.', '>' }, { '/', '?' },
};

/* Keypad usages 0x54 to 0x63 (NumLock on, as scanners send them). */
static const char keypad[] = "/*-+\0" "1234567890.";

static char
char_for_key (guint8   key,
              gboolean shift)
{
  if (key >= 0x04 && key <= 0x1d)
    return (shift ? 'A' : 'a') + (key - 0x04);
  if (key >= 0x1e && key <= 0x38)
    return digits_and_symbols[key - 0x1e][shift ? 1 : 0];
  if (key >= 0x54 && key <= 0x63)
    return keypad[key - 0x54];
  return 0;
}

static gboolean
was_held (OcopHidKeyboard *self,
          guint8           key)
{
  return memchr (self->held, key, sizeof self->held) != NULL;
}

static void
end_code (OcopHidKeyboard *self)
{
  /* Enter on its own (a scanner's empty read) is not a code. */
  if (self->typing->len == 0)
    return;
  g_queue_push_tail (&self->codes, g_strdup (self->typing->str));
  g_string_truncate (self->typing, 0);
}

static void
press (OcopHidKeyboard *self,
       guint8           key,
       gboolean         shift)
{
  char c;

  if (key == KEY_ENTER || key == KEY_KEYPAD_ENTER || key == KEY_TAB)
    end_code (self);
  else if ((c = char_for_key (key, shift)) != 0)
    g_string_append_c (self->typing, c);
}

gboolean
ocop_hid_keyboard_feed (OcopHidKeyboard *self,
                        const guint8    *report,
                        gsize            length)
{
  guint8 now[6] = { 0 };
  gsize keys;
  gboolean shift;

  g_return_val_if_fail (OCOP_IS_HID_KEYBOARD (self), FALSE);
  g_return_val_if_fail (report != NULL || length == 0, FALSE);

  if (length < 3)
    return !g_queue_is_empty (&self->codes);
  keys = MIN (length - 2, sizeof now);
  memcpy (now, report + 2, keys);
  /* Too many keys at once: the report says nothing about which. */
  if (now[0] == KEY_ERROR_ROLLOVER)
    return !g_queue_is_empty (&self->codes);
  shift = (report[0] & MODIFIER_SHIFT) != 0;
  for (gsize i = 0; i < keys; i++)
    if (now[i] != 0 && !was_held (self, now[i]))
      press (self, now[i], shift);
  memcpy (self->held, now, sizeof now);
  return !g_queue_is_empty (&self->codes);
}

char *
ocop_hid_keyboard_take_code (OcopHidKeyboard *self)
{
  g_return_val_if_fail (OCOP_IS_HID_KEYBOARD (self), NULL);
  return g_queue_pop_head (&self->codes);
}

void
ocop_hid_keyboard_reset (OcopHidKeyboard *self)
{
  g_return_if_fail (OCOP_IS_HID_KEYBOARD (self));

  memset (self->held, 0, sizeof self->held);
  g_string_truncate (self->typing, 0);
}

char *
ocop_hid_pos_decode_report (const guint8  *report,
                            gsize          length,
                            char         **symbology)
{
  const char *data;
  gsize n;

  if (symbology != NULL)
    *symbology = NULL;
  if (report == NULL || length < 3)
    return NULL;
  n = report[1];
  if (n == 0 || n > length - 2)
    return NULL;
  data = (const char *) report + 2;
  /* Some scanners pad the data with NULs up to the declared length. */
  while (n > 0 && data[n - 1] == '\0')
    n--;
  if (n >= 3 && data[0] == ']')
    {
      if (symbology != NULL)
        *symbology = g_strndup (data, 3);
      data += 3;
      n -= 3;
    }
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isprint (data[i]))
      {
        if (symbology != NULL)
          g_clear_pointer (symbology, g_free);
        return NULL;
      }
  if (n == 0)
    {
      if (symbology != NULL)
        g_clear_pointer (symbology, g_free);
      return NULL;
    }
  return g_strndup (data, n);
}

static void
ocop_hid_keyboard_finalize (GObject *object)
{
  OcopHidKeyboard *self = OCOP_HID_KEYBOARD (object);

  g_string_free (self->typing, TRUE);
  g_queue_clear_full (&self->codes, g_free);
  G_OBJECT_CLASS (ocop_hid_keyboard_parent_class)->finalize (object);
}

static void
ocop_hid_keyboard_class_init (OcopHidKeyboardClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ocop_hid_keyboard_finalize;
}

static void
ocop_hid_keyboard_init (OcopHidKeyboard *self)
{
  self->typing = g_string_new (NULL);
  g_queue_init (&self->codes);
}

OcopHidKeyboard *
ocop_hid_keyboard_new (void)
{
  return g_object_new (OCOP_TYPE_HID_KEYBOARD, NULL);
}
