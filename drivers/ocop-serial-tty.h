/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-serial-tty.h: opens a serial port (USB-serial, CDC-ACM, RS-232) in
 * raw mode at a given speed and framing, for the serial scanner and the
 * serial scales alike. */
#pragma once

#include <glib.h>
#include <termios.h>

G_BEGIN_DECLS

#define OCOP_SERIAL_TTY_ERROR (ocop_serial_tty_error_quark ())

typedef enum {
  OCOP_SERIAL_TTY_ERROR_NOT_FOUND,
  OCOP_SERIAL_TTY_ERROR_PERMISSION,   /* not in the dialout group */
  OCOP_SERIAL_TTY_ERROR_BUSY,
  OCOP_SERIAL_TTY_ERROR_DISCONNECTED,
  OCOP_SERIAL_TTY_ERROR_NOT_A_TTY,
  OCOP_SERIAL_TTY_ERROR_FAILED,
} OcopSerialTtyError;

GQuark ocop_serial_tty_error_quark (void);

/* Character framing: 8N1 (most scanners and indicators) or 7E1
 * (Mettler Toledo 8217). */
typedef enum {
  OCOP_SERIAL_8N1,
  OCOP_SERIAL_7E1,
} OcopSerialFraming;

/* Puts @fd in raw mode (no echo, no CR/LF mapping, no signals, reads of
 * at least one byte) at @speed (a B9600-style constant) and @framing.
 * Returns 0, or the errno of the failing call. A port that cannot do
 * 7E1 stays 8N1: read it with the eighth bit dropped. */
int  ocop_serial_tty_configure (int                fd,
                                speed_t            speed,
                                OcopSerialFraming  framing);

/* Opens @path non-blocking and configures it; returns the fd, or -1 with
 * a message that names @path and says what to do. */
int  ocop_serial_tty_open      (const char        *path,
                                speed_t            speed,
                                OcopSerialFraming  framing,
                                GError           **error);

/* The B-constant for @baud (1200…115200), or 0 for a speed a scale or
 * scanner does not use. */
speed_t ocop_serial_tty_speed  (guint              baud);

G_END_DECLS
