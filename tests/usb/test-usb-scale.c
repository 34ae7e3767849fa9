/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-usb-scale.c: a USB HID scale (scale data reports of usage page
 * 0x8D) on umockdev, read by OcopScale's real libusb code: each status,
 * units and exponents to exact grams, other reports skipped, silence,
 * and unplugging then plugging it back in. */

#include "config.h"

#include <string.h>

#include "ocop-scale.h"
#include "usb-mock.h"

typedef struct {
  UsbMock       *mock;
  UsbMockDevice *device;
  OcopScale     *scale;
  GArray        *readings;
} Fixture;

static void
on_reading (OcopScale              *scale,
            const OcopScaleReading *reading,
            Fixture                *fixture)
{
  g_array_append_val (fixture->readings, *reading);
}

static void
setup (Fixture       *fixture,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->mock = usb_mock_new ();
  /* A plain HID interface with an interrupt IN endpoint, as scales have. */
  fixture->device = usb_mock_add_hid_pos_scanner (fixture->mock, 0x0922, 0x8003, "M10 Scale");
  fixture->readings = g_array_new (FALSE, TRUE, sizeof (OcopScaleReading));
  fixture->scale = ocop_scale_new_for_uri ("usb:0922:8003", &error);
  g_assert_no_error (error);
  g_signal_connect (fixture->scale, "reading", G_CALLBACK (on_reading), fixture);
  g_assert_true (ocop_scale_open (fixture->scale, &error));
  g_assert_no_error (error);
}

static void
teardown (Fixture       *fixture,
          gconstpointer  data)
{
  g_assert_finalize_object (fixture->scale);
  usb_mock_free (fixture->mock);
  g_array_unref (fixture->readings);
}

static void
wait_readings (Fixture *fixture,
               guint    n)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (fixture->readings->len < n && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (fixture->readings->len, ==, n);
}

/* Queues @report and asks; returns the reading. */
static OcopScaleReading
ask (Fixture      *fixture,
     const guint8 *report,
     gsize         length)
{
  guint before = fixture->readings->len;

  if (report != NULL)
    usb_mock_device_queue_report (fixture->device, report, length);
  ocop_scale_request (fixture->scale);
  wait_readings (fixture, before + 1);
  return g_array_index (fixture->readings, OcopScaleReading, before);
}

static void
test_reports (Fixture       *fixture,
              gconstpointer  data)
{
  /* id 3, status, unit (2 g, 3 kg, 1 mg, 11 oz), exponent, weight LE. */
  static const struct { guint8 report[6]; OcopScaleStatus status; gint64 grams; } cases[] = {
    { { 3, 4, 2, 0x00, 0x5e, 0x01 }, OCOP_SCALE_STABLE, 350 },
    { { 3, 4, 3, 0xfd, 0x5e, 0x01 }, OCOP_SCALE_STABLE, 350 },      /* 350 × 10⁻³ kg */
    { { 3, 4, 3, 0x00, 0x02, 0x00 }, OCOP_SCALE_STABLE, 2000 },     /* 2 kg */
    { { 3, 4, 2, 0xff, 0xb1, 0x0d }, OCOP_SCALE_STABLE, 351 },      /* 350.5 g, half up */
    { { 3, 4, 1, 0x00, 0x10, 0x27 }, OCOP_SCALE_STABLE, 10 },       /* 10000 mg */
    { { 3, 3, 2, 0x00, 0x4a, 0x01 }, OCOP_SCALE_UNSTABLE, 330 },    /* in motion */
    { { 3, 2, 2, 0x00, 0x00, 0x00 }, OCOP_SCALE_ZERO, 0 },
    { { 3, 4, 2, 0x00, 0x00, 0x00 }, OCOP_SCALE_ZERO, 0 },
    { { 3, 5, 2, 0x00, 0x14, 0x00 }, OCOP_SCALE_NEGATIVE, 0 },
    { { 3, 6, 2, 0x00, 0x00, 0x00 }, OCOP_SCALE_OVERLOAD, 0 },
    { { 3, 7, 2, 0x00, 0x00, 0x00 }, OCOP_SCALE_UNDER_RANGE, 0 },   /* needs calibration */
    { { 3, 4, 11, 0xff, 0x7b, 0x00 }, OCOP_SCALE_WRONG_UNIT, 0 },   /* 12.3 oz */
    { { 3, 4, 2, 0x7f, 0xff, 0xff }, OCOP_SCALE_MISREAD, 0 },      /* exponent out of bounds */
    { { 3, 9, 2, 0x00, 0x5e, 0x01 }, OCOP_SCALE_MISREAD, 0 },      /* unknown status */
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      OcopScaleReading reading = ask (fixture, cases[i].report, sizeof cases[i].report);

      g_test_message ("case %" G_GSIZE_FORMAT, i);
      g_assert_cmpint (reading.status, ==, cases[i].status);
      g_assert_cmpint (reading.grams, ==, cases[i].grams);
    }
}

/* A short report is a misread; a report of another id is skipped and the
 * scale data report after it read. */
static void
test_other_reports (Fixture       *fixture,
                    gconstpointer  data)
{
  static const guint8 short_report[] = { 3, 4, 2 };
  static const guint8 other[] = { 4, 1, 2, 3, 4, 5 };
  static const guint8 weight[] = { 3, 4, 2, 0, 0xe8, 0x03 };
  OcopScaleReading reading = ask (fixture, short_report, sizeof short_report);

  g_assert_cmpint (reading.status, ==, OCOP_SCALE_MISREAD);
  usb_mock_device_queue_report (fixture->device, other, sizeof other);
  reading = ask (fixture, weight, sizeof weight);
  g_assert_cmpint (reading.status, ==, OCOP_SCALE_STABLE);
  g_assert_cmpint (reading.grams, ==, 1000);
  g_assert_cmpuint (fixture->readings->len, ==, 2);
}

/* Silent, then unplugged: GONE each time; plugged back in (at a new
 * address), the next request reads it again. */
static void
test_silent_and_hotplug (Fixture       *fixture,
                         gconstpointer  data)
{
  static const guint8 weight[] = { 3, 4, 2, 0, 0x5e, 0x01 };
  OcopScaleReading reading = ask (fixture, NULL, 0);

  g_assert_cmpint (reading.status, ==, OCOP_SCALE_GONE);
  usb_mock_device_unplug (fixture->device);
  reading = ask (fixture, NULL, 0);
  g_assert_cmpint (reading.status, ==, OCOP_SCALE_GONE);
  usb_mock_device_replug (fixture->device);
  reading = ask (fixture, weight, sizeof weight);
  g_assert_cmpint (reading.status, ==, OCOP_SCALE_STABLE);
  g_assert_cmpint (reading.grams, ==, 350);
}

static void
test_errors (void)
{
  UsbMock *mock = usb_mock_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(OcopScale) absent = ocop_scale_new_for_uri ("usb:0922:8009", &error);
  g_autoptr(OcopScale) bad = NULL;

  g_assert_no_error (error);
  g_assert_false (ocop_scale_open (absent, &error));
  g_assert_error (error, OCOP_SCALE_ERROR, OCOP_SCALE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "0922:8009"));
  g_clear_error (&error);
  bad = ocop_scale_new_for_uri ("usb:922:8003", &error);
  g_assert_null (bad);
  g_assert_error (error, OCOP_SCALE_ERROR, OCOP_SCALE_ERROR_INVALID_URI);
  g_assert_nonnull (strstr (error->message, "usb:922:8003"));
  usb_mock_free (mock);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/usb-scale/reports", Fixture, NULL, setup, test_reports, teardown);
  g_test_add ("/usb-scale/other-reports", Fixture, NULL, setup, test_other_reports, teardown);
  g_test_add ("/usb-scale/silent-hotplug", Fixture, NULL, setup, test_silent_and_hotplug, teardown);
  g_test_add_func ("/usb-scale/errors", test_errors);
  return g_test_run ();
}
