/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-hub-login-limit.h: the limits on failed organizer logins, per name
 * and client address and per address, in a table of bounded size. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Five failures in five minutes for one name from one address, and that
 * name is refused from that address until the oldest of them is five
 * minutes old; from anywhere else it may still sign in. */
#define OCOP_HUB_LOGIN_FAILURES_ALLOWED         5
/* One address that tries many names (or, behind a proxy without
 * --trusted-proxy, every client at once) stops after 20. */
#define OCOP_HUB_LOGIN_ADDRESS_FAILURES_ALLOWED 20
#define OCOP_HUB_LOGIN_WINDOW_US                (G_GINT64_CONSTANT (5) * 60 * G_USEC_PER_SEC)
/* Entries the hub keeps (about 200 bytes each: under 2 MB in all). */
#define OCOP_HUB_LOGIN_LIMIT_CAPACITY           8192

typedef struct _OcopHubLoginLimit OcopHubLoginLimit;

/* A table of at most @capacity entries; thread-safe. */
OcopHubLoginLimit *ocop_hub_login_limit_new  (guint              capacity);
void               ocop_hub_login_limit_free (OcopHubLoginLimit *self);
/* Seconds until @name may try again from @address, 0 when it may now.
 * Only looks: a name or address never seen adds nothing. */
gint64             ocop_hub_login_limit_wait (OcopHubLoginLimit *self,
                                              const char        *name,
                                              const char        *address,
                                              gint64             now_us);
/* Counts a failed login of @name from @address. */
void               ocop_hub_login_limit_fail (OcopHubLoginLimit *self,
                                              const char        *name,
                                              const char        *address,
                                              gint64             now_us);
/* Entries held now, for tests. */
guint              ocop_hub_login_limit_size (OcopHubLoginLimit *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OcopHubLoginLimit, ocop_hub_login_limit_free)

G_END_DECLS
