/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-serial-ports.h: the serial ports a scanner in serial mode may be
 * on, as the till offers them in Settings. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The ports under @dev_dir (NULL: /dev), as `serial:PATH` URIs for
 * ocop_serial_scanner_new_for_uri: each serial/by-id link first (its name
 * says the device and survives re-plugging), then each ttyUSB* and ttyACM*
 * that no link names. Sorted within each kind; empty when there are none. */
GPtrArray *ocop_serial_ports_list (const char *dev_dir);

G_END_DECLS
