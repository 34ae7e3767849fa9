/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-hub-error.c: the hub's error domain and its HTTP statuses. */

#include "ocop-hub-error.h"

G_DEFINE_QUARK (ocop-hub-error-quark, ocop_hub_error)

static const struct {
  unsigned int status;
  const char  *name;
} statuses[] = {
  [OCOP_HUB_ERROR_INVALID] = { 400, "invalid" },
  [OCOP_HUB_ERROR_UNAUTHORIZED] = { 401, "unauthorized" },
  [OCOP_HUB_ERROR_FORBIDDEN] = { 403, "forbidden" },
  [OCOP_HUB_ERROR_NOT_FOUND] = { 404, "not_found" },
  [OCOP_HUB_ERROR_HASH_CONFLICT] = { 409, "hash_conflict" },
  [OCOP_HUB_ERROR_EPOCH_MISMATCH] = { 409, "epoch_mismatch" },
  [OCOP_HUB_ERROR_TOO_LARGE] = { 413, "too_large" },
  [OCOP_HUB_ERROR_ENCODING] = { 415, "encoding" },
  [OCOP_HUB_ERROR_FAILED] = { 503, "unavailable" },
  [OCOP_HUB_ERROR_RATE_LIMITED] = { 429, "rate_limited" },
};

unsigned int
ocop_hub_error_http_status (const GError *error)
{
  if (error->domain != OCOP_HUB_ERROR || error->code < 0 || (gsize) error->code >= G_N_ELEMENTS (statuses))
    return 500;
  return statuses[error->code].status;
}

const char *
ocop_hub_error_name (const GError *error)
{
  if (error->domain != OCOP_HUB_ERROR || error->code < 0 || (gsize) error->code >= G_N_ELEMENTS (statuses))
    return "internal";
  return statuses[error->code].name;
}
