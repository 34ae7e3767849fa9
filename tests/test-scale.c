/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-scale.c: serial scales end to end through a real tty (a pty whose
 * master plays the scale), one protocol after another: stable, unstable
 * then stable, zero, negative, overload, garbage, unplugged mid-read and
 * silent; and the scale's address and open errors. */

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "ocop-scale.h"
#include "scale-emulator.h"

typedef struct {
  ScaleEmulator *emulator;
  OcopScale     *scale;
  GArray        *readings;   /* OcopScaleReading */
} Fixture;

static void
on_reading (OcopScale              *scale,
            const OcopScaleReading *reading,
            Fixture                *fixture)
{
  g_array_append_val (fixture->readings, *reading);
}

static void
open_scale (Fixture    *fixture,
            const char *protocol)
{
  g_autofree char *uri = scale_emulator_uri (fixture->emulator, protocol);
  g_autoptr(GError) error = NULL;

  fixture->scale = ocop_scale_new_for_uri (uri, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ocop_scale_get_uri (fixture->scale), ==, uri);
  g_signal_connect (fixture->scale, "reading", G_CALLBACK (on_reading), fixture);
  g_assert_true (ocop_scale_open (fixture->scale, &error));
  g_assert_no_error (error);
}

static void
setup (Fixture       *fixture,
       gconstpointer  protocol)
{
  fixture->emulator = scale_emulator_new ();
  fixture->readings = g_array_new (FALSE, TRUE, sizeof (OcopScaleReading));
  open_scale (fixture, protocol);
}

static void
teardown (Fixture       *fixture,
          gconstpointer  data)
{
  g_assert_finalize_object (fixture->scale);
  scale_emulator_free (fixture->emulator);
  g_array_unref (fixture->readings);
}

/* Runs the main loop until @n readings came (or 5 s, far beyond the
 * scale's own 1 s timeout: a guard against hanging, not a speed check). */
static void
wait_readings (Fixture *fixture,
               guint    n)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (fixture->readings->len < n && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (fixture->readings->len, ==, n);
}

static void
assert_reading (Fixture         *fixture,
                guint            index,
                OcopScaleStatus  status,
                gint64           grams)
{
  OcopScaleReading *reading = &g_array_index (fixture->readings, OcopScaleReading, index);

  g_assert_cmpint (reading->status, ==, status);
  if (status == OCOP_SCALE_STABLE || status == OCOP_SCALE_UNSTABLE)
    g_assert_cmpint (reading->grams, ==, grams);
}

/* Asks once, with the scale's answer to W set beforehand. */
static void
ask_8217 (Fixture    *fixture,
          const char *answer)
{
  guint before = fixture->readings->len;

  scale_emulator_on (fixture->emulator, 'W', answer, -1);
  ocop_scale_request (fixture->scale);
  wait_readings (fixture, before + 1);
}

/* CAS: ENQ, ACK, DC1, then the 15-byte frame. */
static void
ask_cas (Fixture    *fixture,
         const char *frame)
{
  guint before = fixture->readings->len;

  scale_emulator_on (fixture->emulator, '\x05', "\x06", -1);
  scale_emulator_on (fixture->emulator, '\x11', frame, 15);
  ocop_scale_request (fixture->scale);
  wait_readings (fixture, before + 1);
}

static void
test_8217_readings (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *uri = ocop_scale_get_uri (fixture->scale);
  g_autofree char *path = NULL;
  struct termios mode;
  int fd;

  ask_8217 (fixture, "\x02" "0.350\r");
  assert_reading (fixture, 0, OCOP_SCALE_STABLE, 350);
  /* Raw mode on the port. (Linux's pty forces CS8 and no parity, so the
   * protocol's 7E1 cannot be seen here.) */
  path = g_strndup (strchr (uri, '/'), strchr (uri, '?') - strchr (uri, '/'));
  fd = open (path, O_RDONLY | O_NOCTTY);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (tcgetattr (fd, &mode), ==, 0);
  close (fd);
  g_assert_false (mode.c_lflag & (ICANON | ECHO));

  ask_8217 (fixture, "\x02" "12.5N\r");              /* net, two decimals */
  assert_reading (fixture, 1, OCOP_SCALE_STABLE, 12500);
  ask_8217 (fixture, "\x02?\x21\r");                 /* in motion */
  assert_reading (fixture, 2, OCOP_SCALE_UNSTABLE, 0);
  ask_8217 (fixture, "\x02" "1.205\r");              /* then settled */
  assert_reading (fixture, 3, OCOP_SCALE_STABLE, 1205);
  ask_8217 (fixture, "\x02" "0.000\r");
  assert_reading (fixture, 4, OCOP_SCALE_ZERO, 0);
  ask_8217 (fixture, "\x02?\x30\r");                 /* centre of zero */
  assert_reading (fixture, 5, OCOP_SCALE_ZERO, 0);
  ask_8217 (fixture, "\x02?\x24\r");                 /* under zero */
  assert_reading (fixture, 6, OCOP_SCALE_NEGATIVE, 0);
  ask_8217 (fixture, "\x02?\x22\r");                 /* over capacity */
  assert_reading (fixture, 7, OCOP_SCALE_OVERLOAD, 0);
  ask_8217 (fixture, "\x02?\x28\r");                 /* outside zero range */
  assert_reading (fixture, 8, OCOP_SCALE_UNDER_RANGE, 0);
  g_assert_cmpstr (scale_emulator_received (fixture->emulator)->str, ==, "WWWWWWWWW");
}

/* What is not exactly a weight is a misread, never a weight: a letter in
 * the number, four decimals, no STX, a status with no known bit, and a
 * line longer than any frame (a wrong speed) counted once. */
static void
test_8217_garbage (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char * const garbage[] = {
    "\x02" "0.3a0\r", "\x02" "0.3501\r", "0.350\r", "\x02?\x20\r", "\x02\r",
    "\x02" "99999999.000\r", "\x02" "-\r", "\x02" "1.2.3\r",
  };
  g_autofree char *noise = g_strnfill (300, '7');
  g_autofree char *overlong = g_strconcat ("\x02", noise, "\r", NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (garbage); i++)
    {
      ask_8217 (fixture, garbage[i]);
      assert_reading (fixture, i, OCOP_SCALE_MISREAD, 0);
    }
  ask_8217 (fixture, overlong);
  assert_reading (fixture, G_N_ELEMENTS (garbage), OCOP_SCALE_MISREAD, 0);
  /* And the next good answer still reads. */
  ask_8217 (fixture, "\x02" "2.000\r");
  assert_reading (fixture, G_N_ELEMENTS (garbage) + 1, OCOP_SCALE_STABLE, 2000);
  g_assert_cmpuint (fixture->readings->len, ==, G_N_ELEMENTS (garbage) + 2);
}

static void
test_8217_commands (Fixture       *fixture,
                    gconstpointer  data)
{
  ocop_scale_zero (fixture->scale);
  ocop_scale_tare (fixture->scale);
  while (scale_emulator_received (fixture->emulator)->len < 2)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (scale_emulator_received (fixture->emulator)->str, ==, "ZT");
  g_assert_cmpuint (fixture->readings->len, ==, 0);
}

/* Silent: no answer within the second is GONE; and the scale answers
 * again afterwards. */
static void
test_silent (Fixture       *fixture,
             gconstpointer  data)
{
  const char *protocol = data;

  ocop_scale_request (fixture->scale);
  wait_readings (fixture, 1);
  assert_reading (fixture, 0, OCOP_SCALE_GONE, 0);
  if (g_str_equal (protocol, "cas"))
    ask_cas (fixture, "\x01\x02S  0.100kg\x04\x03\x04");   /* a BCC that is EOT */
  else
    ask_8217 (fixture, "\x02" "0.100\r");
  assert_reading (fixture, 1, OCOP_SCALE_STABLE, 100);
}

/* A continuous scale that stops sending is GONE a second after a request,
 * and reads again when it sends. */
static void
test_silent_continuous (Fixture       *fixture,
                        gconstpointer  data)
{
  ocop_scale_request (fixture->scale);
  wait_readings (fixture, 1);
  assert_reading (fixture, 0, OCOP_SCALE_GONE, 0);
  scale_emulator_send (fixture->emulator, "ST,GS,+  0.100kg\r\n", -1);
  wait_readings (fixture, 2);
  assert_reading (fixture, 1, OCOP_SCALE_STABLE, 100);
}

/* Unplugged mid-read: half an answer then the cable is pulled. GONE,
 * once, and never the half weight. */
static void
test_unplugged (Fixture       *fixture,
                gconstpointer  data)
{
  scale_emulator_on (fixture->emulator, 'W', "\x02" "0.3", -1);
  ocop_scale_request (fixture->scale);
  while (scale_emulator_received (fixture->emulator)->len < 1)
    g_main_context_iteration (NULL, TRUE);
  scale_emulator_unplug (fixture->emulator);
  wait_readings (fixture, 1);
  assert_reading (fixture, 0, OCOP_SCALE_GONE, 0);
  /* A request on the dead port reports GONE again, without blocking. */
  ocop_scale_request (fixture->scale);
  wait_readings (fixture, 2);
  assert_reading (fixture, 1, OCOP_SCALE_GONE, 0);
}

/* A continuous indicator sends line after line on its own: each is a
 * reading; the request only arms the timeout. */
static void
test_continuous_readings (Fixture       *fixture,
                          gconstpointer  data)
{
  static const struct { const char *line; OcopScaleStatus status; gint64 grams; } lines[] = {
    { "US,GS,+  0.347kg\r\n", OCOP_SCALE_UNSTABLE, 347 },
    { "ST,GS,+  0.350kg\r\n", OCOP_SCALE_STABLE, 350 },
    { "ST,NT,+ 1.2kg\r\n", OCOP_SCALE_STABLE, 1200 },
    { "ST,GS,+    350g\r\n", OCOP_SCALE_STABLE, 350 },
    { "ST,GS,+  0.000kg\r\n", OCOP_SCALE_ZERO, 0 },
    { "ST,GS,-  0.020kg\r\n", OCOP_SCALE_NEGATIVE, 0 },
    { "OL,GS,+  ------kg\r\n", OCOP_SCALE_OVERLOAD, 0 },
    { "ST,GS,+  0.772lb\r\n", OCOP_SCALE_WRONG_UNIT, 0 },
    { "ST,GS,+  0.350\r\n", OCOP_SCALE_MISREAD, 0 },        /* no unit */
    { "ST,GS,+  0.3x0kg\r\n", OCOP_SCALE_MISREAD, 0 },
    { "SX,GS,+  0.350kg\r\n", OCOP_SCALE_MISREAD, 0 },
    { "ST,TR,+  0.350kg\r\n", OCOP_SCALE_MISREAD, 0 },      /* a tare is not a weight to sell */
    { "ST,GS,+  350.5g\r\n", OCOP_SCALE_MISREAD, 0 },       /* no fractions of a gram */
    { "ST,GS,+  0.350kg\n", OCOP_SCALE_STABLE, 350 },
  };

  ocop_scale_request (fixture->scale);
  for (gsize i = 0; i < G_N_ELEMENTS (lines); i++)
    scale_emulator_send (fixture->emulator, lines[i].line, -1);
  wait_readings (fixture, G_N_ELEMENTS (lines));
  for (gsize i = 0; i < G_N_ELEMENTS (lines); i++)
    assert_reading (fixture, i, lines[i].status, lines[i].grams);
  /* It is never asked anything: zero and tare have no command either. */
  ocop_scale_zero (fixture->scale);
  g_assert_cmpuint (scale_emulator_received (fixture->emulator)->len, ==, 0);
}

static void
test_continuous_unplugged (Fixture       *fixture,
                           gconstpointer  data)
{
  scale_emulator_send (fixture->emulator, "ST,GS,+  0.350kg\r\nST,GS,+  0.3", -1);
  wait_readings (fixture, 1);
  scale_emulator_unplug (fixture->emulator);
  wait_readings (fixture, 2);
  assert_reading (fixture, 0, OCOP_SCALE_STABLE, 350);
  assert_reading (fixture, 1, OCOP_SCALE_GONE, 0);
}

static void
test_cas_readings (Fixture       *fixture,
                   gconstpointer  data)
{
  static const struct { const char *frame; OcopScaleStatus status; gint64 grams; } frames[] = {
    { "\x01\x02U  0.340kg\x00\x03\x04", OCOP_SCALE_UNSTABLE, 340 },
    { "\x01\x02S  0.350kg\x00\x03\x04", OCOP_SCALE_STABLE, 350 },
    { "\x01\x02S 12.500kg\x00\x03\x04", OCOP_SCALE_STABLE, 12500 },
    { "\x01\x02S  0.000kg\x00\x03\x04", OCOP_SCALE_ZERO, 0 },
    { "\x01\x02S- 0.050kg\x00\x03\x04", OCOP_SCALE_NEGATIVE, 0 },
    { "\x01\x02" "F 99.999kg\x00\x03\x04", OCOP_SCALE_OVERLOAD, 0 },
    { "\x01\x02S  0.771lb\x00\x03\x04", OCOP_SCALE_WRONG_UNIT, 0 },
    { "\x01\x02S  0.3?0kg\x00\x03\x04", OCOP_SCALE_MISREAD, 0 },
    { "\x01\x01S  0.350kg\x00\x03\x04", OCOP_SCALE_MISREAD, 0 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (frames); i++)
    {
      ask_cas (fixture, frames[i].frame);
      assert_reading (fixture, i, frames[i].status, frames[i].grams);
    }
  g_assert_cmpuint (scale_emulator_received (fixture->emulator)->len, ==, 2 * G_N_ELEMENTS (frames));
}

static void
test_cas_unplugged (Fixture       *fixture,
                    gconstpointer  data)
{
  scale_emulator_on (fixture->emulator, '\x05', "\x06", -1);
  scale_emulator_on (fixture->emulator, '\x11', "\x01\x02S  0.3", -1);
  ocop_scale_request (fixture->scale);
  while (scale_emulator_received (fixture->emulator)->len < 2)
    g_main_context_iteration (NULL, TRUE);
  scale_emulator_unplug (fixture->emulator);
  wait_readings (fixture, 1);
  assert_reading (fixture, 0, OCOP_SCALE_GONE, 0);
}

static void
test_addresses (void)
{
  static const struct { const char *uri; int code; } bad[] = {
    { "/dev/ttyUSB0", OCOP_SCALE_ERROR_INVALID_URI },
    { "serial:ttyUSB0", OCOP_SCALE_ERROR_INVALID_URI },
    { "serial:/dev/ttyUSB0?protocol=toledo", OCOP_SCALE_ERROR_UNKNOWN_PROTOCOL },
    { "serial:/dev/ttyUSB0?protocol=mettler-8217&baud=9601", OCOP_SCALE_ERROR_INVALID_URI },
    { "serial:/dev/ttyUSB0?baud=fast", OCOP_SCALE_ERROR_INVALID_URI },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopScale) absent = ocop_scale_new_for_uri ("serial:/dev/ttyUSB-ocop-none?baud=4800", &error);
  g_autoptr(OcopScale) not_a_tty = ocop_scale_new_for_uri ("serial:/dev/null", &error);

  g_assert_no_error (error);
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(OcopScale) scale = ocop_scale_new_for_uri (bad[i].uri, &error);

      g_assert_null (scale);
      g_assert_error (error, OCOP_SCALE_ERROR, bad[i].code);
      g_assert_nonnull (strstr (error->message, bad[i].uri));
      g_clear_error (&error);
    }
  g_assert_false (ocop_scale_open (absent, &error));
  g_assert_error (error, OCOP_SCALE_ERROR, OCOP_SCALE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "/dev/ttyUSB-ocop-none"));
  g_clear_error (&error);
  g_assert_false (ocop_scale_open (not_a_tty, &error));
  g_assert_error (error, OCOP_SCALE_ERROR, OCOP_SCALE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "/dev/null"));
}

/* Each status has its own message, and only a stable one says "stable". */
static void
test_messages (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (int status = OCOP_SCALE_STABLE; status <= OCOP_SCALE_MISREAD; status++)
    {
      const char *message = ocop_scale_status_describe (status);

      g_assert_nonnull (message);
      g_assert_false (g_hash_table_contains (seen, message));
      g_hash_table_add (seen, (gpointer) message);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, protocol, func) \
  g_test_add (path, Fixture, protocol, setup, func, teardown)
  ADD ("/scale/mettler-8217/readings", "mettler-8217", test_8217_readings);
  ADD ("/scale/mettler-8217/garbage", "mettler-8217", test_8217_garbage);
  ADD ("/scale/mettler-8217/zero-tare", "mettler-8217", test_8217_commands);
  ADD ("/scale/mettler-8217/silent", "mettler-8217", test_silent);
  ADD ("/scale/mettler-8217/unplugged", "mettler-8217", test_unplugged);
  ADD ("/scale/continuous/readings", "continuous", test_continuous_readings);
  ADD ("/scale/continuous/unplugged", "continuous", test_continuous_unplugged);
  ADD ("/scale/continuous/silent", "continuous", test_silent_continuous);
  ADD ("/scale/cas/readings", "cas", test_cas_readings);
  ADD ("/scale/cas/unplugged", "cas", test_cas_unplugged);
  ADD ("/scale/cas/silent", "cas", test_silent);
#undef ADD
  g_test_add_func ("/scale/addresses", test_addresses);
  g_test_add_func ("/scale/messages", test_messages);
  return g_test_run ();
}
