/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fault-proxy.h: a TCP proxy on loopback that cuts uploads midway, loses
 * replies after the hub committed, and delays, connection by connection;
 * and counts the bytes it passes each way (bench-sync runs it without
 * faults to count the bytes on the wire). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _FaultProxy FaultProxy;

/* Forwards 127.0.0.1:(its port) to 127.0.0.1:@upstream_port. Of every four
 * connections, one is cut after part of its request, one loses the hub's
 * reply, one is delayed by @delay_ms and one passes. */
FaultProxy *fault_proxy_start     (guint16     upstream_port,
                                   guint       delay_ms);
/* The same, passing every connection untouched. */
FaultProxy *fault_proxy_start_faultless (guint16 upstream_port);
guint16     fault_proxy_get_port  (FaultProxy *proxy);
/* Bytes passed so far towards the upstream (requests) and back. */
void        fault_proxy_get_bytes (FaultProxy *proxy,
                                   guint64    *up,
                                   guint64    *down);
void        fault_proxy_reset_bytes (FaultProxy *proxy);
/* Connections cut before the hub saw the whole request, and replies lost. */
guint       fault_proxy_cut       (FaultProxy *proxy);
guint       fault_proxy_lost      (FaultProxy *proxy);
void        fault_proxy_stop      (FaultProxy *proxy);

G_END_DECLS
