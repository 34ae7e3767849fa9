/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-hub-bank-wait.h: booths' requests held open (libmicrohttpd's
 * suspend and resume) while a payment dialog waits for its transfer,
 * resumed when a notification for its code arrives or at its deadline. */
#pragma once

#include <glib.h>
#include <microhttpd.h>

G_BEGIN_DECLS

/* The longest a request is held: under the hub's 60 s connection timeout
 * and the 60 s read timeout of common reverse proxies, so that neither
 * cuts a waiting booth; the client asks again. */
#define OCOP_HUB_BANK_MAX_WAIT_S 25

typedef struct _OcopHubBankWaits OcopHubBankWaits;

OcopHubBankWaits *ocop_hub_bank_waits_new         (void);
void              ocop_hub_bank_waits_free        (OcopHubBankWaits      *self);
/* Counts the wakes so far: read it before looking at the transfer. */
guint64           ocop_hub_bank_waits_seq         (OcopHubBankWaits      *self);
/* Suspends @connection (from its access handler) until @key is woken or
 * @deadline_us (monotonic) passes; FALSE, without suspending, when some
 * key was woken since @seq or the server is stopping: look again now. */
gboolean          ocop_hub_bank_waits_suspend     (OcopHubBankWaits      *self,
                                                   const char            *key,
                                                   struct MHD_Connection *connection,
                                                   gint64                 deadline_us,
                                                   guint64                seq);
/* Resumes every connection waiting for @key. */
void              ocop_hub_bank_waits_wake        (OcopHubBankWaits      *self,
                                                   const char            *key);
/* Called by the access handler when a resumed connection comes back. */
void              ocop_hub_bank_waits_resumed     (OcopHubBankWaits      *self);
/* Resumes every connection and waits (a few seconds at most) until each
 * came back: libmicrohttpd must not be stopped with one suspended. */
void              ocop_hub_bank_waits_release_all (OcopHubBankWaits      *self);

/* The key of @code's transfer in @fair. */
char             *ocop_hub_bank_wait_key          (const char            *fair,
                                                   const char            *code);

G_END_DECLS
