/* SPDX-License-Identifier: GPL-3.0-or-later */
/* loopback-printer.h: a network receipt printer (raw port 9100 style) on
 * 127.0.0.1 for the tests: it can be away (nothing listens on its port)
 * and come back, and keeps every job it received. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _LoopbackPrinter LoopbackPrinter;

/* A printer with a free port, away until loopback_printer_listen(). */
LoopbackPrinter *loopback_printer_new          (void);
void             loopback_printer_free         (LoopbackPrinter *printer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LoopbackPrinter, loopback_printer_free)

/* "tcp://127.0.0.1:PORT". */
const char      *loopback_printer_get_uri      (LoopbackPrinter *printer);
void             loopback_printer_listen       (LoopbackPrinter *printer);
/* Waits up to five seconds for @jobs connections read to their end;
 * returns how many there were. */
guint            loopback_printer_wait_jobs    (LoopbackPrinter *printer,
                                                guint            jobs);
/* Every byte received so far, jobs one after another. */
GBytes          *loopback_printer_dup_received (LoopbackPrinter *printer);

G_END_DECLS
