/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-relay.h: a TCP relay on loopback that counts the bytes passing
 * each way, so that a benchmark can say what crossed the wire (headers,
 * bodies and responses) rather than what a client thinks it sent. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _BenchRelay BenchRelay;

/* Listens on a free loopback port and forwards every connection to
 * 127.0.0.1:@target_port. Lives until the process exits. */
BenchRelay *bench_relay_new        (guint16     target_port);
guint16     bench_relay_get_port   (BenchRelay *self);
/* Bytes relayed so far: towards the target (requests) and back. */
guint64     bench_relay_get_up     (BenchRelay *self);
guint64     bench_relay_get_down   (BenchRelay *self);
void        bench_relay_reset      (BenchRelay *self);

G_END_DECLS
