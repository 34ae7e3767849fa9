/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-scan-detector.c: scanner bursts told from people typing, codes that
 * arrive unchanged whatever Shift did, and the settings that tune it. */

#include "ocop-scan-detector.h"

/* Types @text one key every @gap_ms from @start_us, then Enter; returns the
 * event of the last key. */
static OcopScanEvent
type (OcopScanDetector *detector,
      const char       *text,
      guint             gap_ms,
      gint64           *clock_us)
{
  OcopScanEvent event = OCOP_SCAN_NONE;

  for (const char *p = text; *p; p++)
    {
      *clock_us += gap_ms * 1000;
      event = ocop_scan_detector_feed (detector, (gunichar) *p, *clock_us);
    }
  return event;
}

static void
test_burst (void)
{
  g_autoptr(OcopScanDetector) detector = ocop_scan_detector_new ();
  gint64 now = 1000000;
  g_autofree char *code = NULL;

  g_assert_cmpint (ocop_scan_detector_feed (detector, '8', now), ==, OCOP_SCAN_STARTED);
  g_assert_cmpint (type (detector, "936000010010", 4, &now), ==, OCOP_SCAN_CONTINUED);
  g_assert_cmpint (type (detector, "\n", 4, &now), ==, OCOP_SCAN_COMPLETE);
  code = ocop_scan_detector_take_code (detector);
  g_assert_cmpstr (code, ==, "8936000010010");
  g_assert_null (ocop_scan_detector_take_code (detector));   /* taken once */
}

static void
test_internal_code_unchanged (void)
{
  g_autoptr(OcopScanDetector) detector = ocop_scan_detector_new ();
  gint64 now = 0;
  g_autofree char *with_shift = NULL;
  g_autofree char *shift_dropped = NULL;

  /* Telex would turn "DD" into "Đ" and "AA" into "Â", "W" into "Ư": keys
   * reach the detector before the input method, so nothing is rewritten. */
  g_assert_cmpint (type (detector, "DD-AA-W1\r", 3, &now), ==, OCOP_SCAN_COMPLETE);
  with_shift = ocop_scan_detector_take_code (detector);
  g_assert_cmpstr (with_shift, ==, "DD-AA-W1");

  now += 1000000;
  g_assert_cmpint (type (detector, "dd-aa-w1\n", 3, &now), ==, OCOP_SCAN_COMPLETE);
  shift_dropped = ocop_scan_detector_take_code (detector);
  g_assert_cmpstr (shift_dropped, ==, "DD-AA-W1");
}

static void
test_person_typing (void)
{
  g_autoptr(OcopScanDetector) detector = ocop_scan_detector_new ();
  gint64 now = 0;

  /* A fast typist: 80 ms a key. */
  g_assert_cmpint (type (detector, "tra hoa vang\n", 80, &now), ==, OCOP_SCAN_NONE);
  g_assert_null (ocop_scan_detector_take_code (detector));
  /* Every key starts afresh. */
  g_assert_cmpint (type (detector, "x", 80, &now), ==, OCOP_SCAN_STARTED);
}

static void
test_too_short_or_interrupted (void)
{
  g_autoptr(OcopScanDetector) detector = ocop_scan_detector_new ();
  gint64 now = 0;
  g_autofree char *code = NULL;

  g_assert_cmpint (type (detector, "12\n", 3, &now), ==, OCOP_SCAN_NONE);
  /* A pause in the middle: only what follows it counts. */
  g_assert_cmpint (type (detector, "9999", 3, &now), ==, OCOP_SCAN_CONTINUED);
  now += 500000;
  g_assert_cmpint (type (detector, "96385074\n", 3, &now), ==, OCOP_SCAN_COMPLETE);
  code = ocop_scan_detector_take_code (detector);
  g_assert_cmpstr (code, ==, "96385074");
  /* Enter long after the burst is a person pressing Enter. */
  g_assert_cmpint (type (detector, "96385074", 3, &now), ==, OCOP_SCAN_CONTINUED);
  now += 200000;
  g_assert_cmpint (ocop_scan_detector_feed (detector, '\n', now), ==, OCOP_SCAN_NONE);
}

static void
test_person_then_scan (void)
{
  g_autoptr(OcopScanDetector) detector = ocop_scan_detector_new ();
  gint64 now = 0;
  g_autofree char *code = NULL;

  /* Someone types in the search field, then scans: the scan is clean. */
  type (detector, "tra", 120, &now);
  now += 400000;
  g_assert_cmpint (ocop_scan_detector_feed (detector, '4', now), ==, OCOP_SCAN_STARTED);
  g_assert_cmpint (type (detector, "006381333931\n", 2, &now), ==, OCOP_SCAN_COMPLETE);
  code = ocop_scan_detector_take_code (detector);
  g_assert_cmpstr (code, ==, "4006381333931");
}

static void
test_non_ascii_breaks_burst (void)
{
  g_autoptr(OcopScanDetector) detector = ocop_scan_detector_new ();
  gint64 now = 0;

  type (detector, "8936", 3, &now);
  now += 3000;
  g_assert_cmpint (ocop_scan_detector_feed (detector, 0x0111 /* đ */, now), ==, OCOP_SCAN_NONE);
  g_assert_cmpint (type (detector, "\n", 3, &now), ==, OCOP_SCAN_NONE);
}

static void
test_settings (void)
{
  g_autoptr(OcopScanDetector) detector = ocop_scan_detector_new ();
  gint64 now = 0;
  guint gap = 0;

  /* A slow scanner (50 ms a key) needs a wider gap. */
  g_assert_cmpint (type (detector, "8936000010010\n", 50, &now), ==, OCOP_SCAN_NONE);
  g_object_set (detector, "max-gap-ms", 60, "min-length", 8, NULL);
  g_object_get (detector, "max-gap-ms", &gap, NULL);
  g_assert_cmpuint (gap, ==, 60);
  g_assert_cmpint (type (detector, "8936000010010\n", 50, &now), ==, OCOP_SCAN_COMPLETE);
  g_free (ocop_scan_detector_take_code (detector));
  g_assert_cmpint (type (detector, "1234567\n", 5, &now), ==, OCOP_SCAN_NONE);   /* shorter than 8 */
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/scan-detector/burst", test_burst);
  g_test_add_func ("/scan-detector/internal-code-unchanged", test_internal_code_unchanged);
  g_test_add_func ("/scan-detector/person-typing", test_person_typing);
  g_test_add_func ("/scan-detector/too-short-or-interrupted", test_too_short_or_interrupted);
  g_test_add_func ("/scan-detector/person-then-scan", test_person_then_scan);
  g_test_add_func ("/scan-detector/non-ascii-breaks-burst", test_non_ascii_breaks_burst);
  g_test_add_func ("/scan-detector/settings", test_settings);
  return g_test_run ();
}
