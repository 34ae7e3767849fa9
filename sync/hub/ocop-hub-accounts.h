/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-hub-accounts.h: organizers' logins to the hub's dashboard: Argon2id
 * passwords, session tokens of which only hashes are stored, and the
 * limits on failed logins. */
#pragma once

#include <glib-object.h>

#include "ocop-hub-backend.h"
#include "ocop-hub-login-limit.h"

G_BEGIN_DECLS

/* An organizer's name is a short handle ("ban-to-chuc"): anything longer
 * is refused before it is looked up or counted. */
#define OCOP_HUB_NAME_MAX_BYTES         64
/* Far above any passphrase, far below what would slow the hash. */
#define OCOP_HUB_PASSWORD_MAX_BYTES     1024
/* A fair day, with margin: an organizer logs in once a day. */
#define OCOP_HUB_SESSION_LIFETIME_US    (G_GINT64_CONSTANT (12) * 3600 * G_USEC_PER_SEC)
#define OCOP_HUB_PASSWORD_MIN_LENGTH    10

#define OCOP_TYPE_HUB_ACCOUNTS (ocop_hub_accounts_get_type ())
G_DECLARE_FINAL_TYPE (OcopHubAccounts, ocop_hub_accounts, OCOP, HUB_ACCOUNTS, GObject)

/* @backend is borrowed: it must outlive the accounts. */
OcopHubAccounts *ocop_hub_accounts_new           (OcopHubBackend   *backend);

/* INVALID, naming the limit, unless @name is 1 to
 * OCOP_HUB_NAME_MAX_BYTES bytes of UTF-8. */
gboolean         ocop_hub_accounts_check_name    (const char       *name,
                                                  GError          **error);
/* The Argon2id string (libsodium's crypto_pwhash_str) of @password, or
 * NULL with INVALID when it is too short or too long. */
char            *ocop_hub_accounts_hash_password (const char       *password,
                                                  GError          **error);
/* Checks @name and @password and opens a session; returns the token for
 * the cookie. INVALID for a name or password beyond the limits (checked
 * first, and not counted), UNAUTHORIZED for a wrong name or password (the
 * same words for both), RATE_LIMITED with *@retry_after_s set after too
 * many failures for @name from @address or from @address at all. Sessions
 * that have expired are deleted when one opens. */
char            *ocop_hub_accounts_log_in        (OcopHubAccounts  *self,
                                                  const char       *name,
                                                  const char       *password,
                                                  const char       *address,
                                                  gint64            now_us,
                                                  gint64           *retry_after_s,
                                                  GError          **error);
/* The organizer of a session token, or NULL with UNAUTHORIZED. */
char            *ocop_hub_accounts_check_session (OcopHubAccounts  *self,
                                                  const char       *token,
                                                  gint64            now_us,
                                                  GError          **error);
gboolean         ocop_hub_accounts_log_out       (OcopHubAccounts  *self,
                                                  const char       *token,
                                                  GError          **error);
/* Sets *@any when at least one organizer account exists: from then on the
 * hub's totals are for organizers only. FAILED when the database fails. */
gboolean         ocop_hub_accounts_any_exist     (OcopHubAccounts  *self,
                                                  gboolean         *any,
                                                  GError          **error);

G_END_DECLS
