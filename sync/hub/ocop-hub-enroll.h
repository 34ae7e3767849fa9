/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-hub-enroll.h: the hub's secrets: one-time enrollment codes, device
 * ids and tokens, and the hashes that are all the hub keeps of them. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A code to type or scan: 12 letters and digits without look-alikes
 * (0/O, 1/I/L), grouped "K7QX-M2PA-93TD"; about 59 bits. */
char *ocop_hub_new_enrollment_code   (void);
/* The hash of a code as typed (case, spaces and dashes do not matter), or
 * NULL with an OCOP_HUB_ERROR_INVALID error if it cannot be a code. */
char *ocop_hub_hash_enrollment_code  (const char  *code,
                                      GError     **error);
/* 32 random bytes, base64url without padding. */
char *ocop_hub_new_token             (void);
char *ocop_hub_new_device_id         (void);
/* Lower-case hex SHA-256 of @secret. */
char *ocop_hub_hash_secret           (const char *secret);

G_END_DECLS
