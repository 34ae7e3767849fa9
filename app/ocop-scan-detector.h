/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-scan-detector.h: telling a keyboard-wedge barcode scanner's burst of
 * keystrokes from a person typing. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  OCOP_SCAN_NONE,        /* not part of a scan */
  OCOP_SCAN_STARTED,     /* may begin a scan: remember the focused text now */
  OCOP_SCAN_CONTINUED,   /* another key of a fast burst */
  OCOP_SCAN_COMPLETE,    /* Enter ended a burst: take the code */
} OcopScanEvent;

#define OCOP_SCAN_DEFAULT_MAX_GAP_MS 35
#define OCOP_SCAN_DEFAULT_MIN_LENGTH 4

#define OCOP_TYPE_SCAN_DETECTOR (ocop_scan_detector_get_type ())
G_DECLARE_FINAL_TYPE (OcopScanDetector, ocop_scan_detector, OCOP, SCAN_DETECTOR, GObject)

OcopScanDetector *ocop_scan_detector_new          (void);

/* Feeds one key press: @c is the character the key stands for without any
 * input method ('\n' or '\r' for Enter), @time_us when it was pressed. */
OcopScanEvent     ocop_scan_detector_feed         (OcopScanDetector *self,
                                                   gunichar          c,
                                                   gint64            time_us);
/* After OCOP_SCAN_COMPLETE: the scanned code, letters upper-cased (a
 * scanner that loses Shift under load types "dd-aa-w1" for "DD-AA-W1"). */
char             *ocop_scan_detector_take_code    (OcopScanDetector *self);
void              ocop_scan_detector_reset        (OcopScanDetector *self);

/* Properties "max-gap-ms" (the longest pause between keys of one scan) and
 * "min-length" (the shortest code), meant to be bound to settings. */
guint             ocop_scan_detector_get_max_gap_ms  (OcopScanDetector *self);
void              ocop_scan_detector_set_max_gap_ms  (OcopScanDetector *self,
                                                      guint             ms);
guint             ocop_scan_detector_get_min_length  (OcopScanDetector *self);
void              ocop_scan_detector_set_min_length  (OcopScanDetector *self,
                                                      guint             length);

G_END_DECLS
