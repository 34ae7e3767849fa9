/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fault-proxy.h: a TCP proxy on loopback that cuts uploads midway, loses
 * replies after the hub committed, and delays, connection by connection. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _FaultProxy FaultProxy;

/* Forwards 127.0.0.1:(its port) to 127.0.0.1:@upstream_port. Of every four
 * connections, one is cut after part of its request, one loses the hub's
 * reply, one is delayed by @delay_ms and one passes. */
FaultProxy *fault_proxy_start     (guint16     upstream_port,
                                   guint       delay_ms);
guint16     fault_proxy_get_port  (FaultProxy *proxy);
/* Connections cut before the hub saw the whole request, and replies lost. */
guint       fault_proxy_cut       (FaultProxy *proxy);
guint       fault_proxy_lost      (FaultProxy *proxy);
void        fault_proxy_stop      (FaultProxy *proxy);

G_END_DECLS
