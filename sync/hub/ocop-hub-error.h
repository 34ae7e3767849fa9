/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-hub-error.h: the hub's error domain; each code maps to one HTTP
 * status of the sync protocol. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define OCOP_HUB_ERROR (ocop_hub_error_quark ())

typedef enum {
  OCOP_HUB_ERROR_INVALID,        /* 400: malformed JSON, a wrong type, a bad hash */
  OCOP_HUB_ERROR_UNAUTHORIZED,   /* 401: no token or a wrong one */
  OCOP_HUB_ERROR_FORBIDDEN,      /* 403: a revoked device, a used or unknown code */
  OCOP_HUB_ERROR_NOT_FOUND,      /* 404: unknown device, fair or path */
  OCOP_HUB_ERROR_HASH_CONFLICT,  /* 409: a repeated seq with another hash */
  OCOP_HUB_ERROR_EPOCH_MISMATCH, /* 409: an epoch whose first seq changed */
  OCOP_HUB_ERROR_TOO_LARGE,      /* 413 */
  OCOP_HUB_ERROR_ENCODING,       /* 415 */
  OCOP_HUB_ERROR_FAILED,         /* 503: the database failed */
  OCOP_HUB_ERROR_RATE_LIMITED,   /* 429: too many failed logins */
} OcopHubError;

GQuark       ocop_hub_error_quark        (void);
/* The HTTP status and the protocol's short error name for @error. */
unsigned int ocop_hub_error_http_status  (const GError *error);
const char  *ocop_hub_error_name         (const GError *error);

G_END_DECLS
