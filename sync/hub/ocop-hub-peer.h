/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-hub-peer.h: which addresses are this machine's own, for a hub that
 * has no organizer account and no admin token (docs/sync-protocol.md,
 * "Read side"). */
#pragma once

#include <glib.h>
#include <sys/socket.h>

G_BEGIN_DECLS

/* 127.0.0.0/8, ::1 and ::ffff:127.0.0.0/104; NULL and every other family
 * are not. */
gboolean ocop_hub_address_is_loopback (const struct sockaddr *address);

G_END_DECLS
