/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-hub-enroll.c: random codes, ids and tokens from libsodium, and the
 * SHA-256 hashes the hub stores instead of them. */

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "ocop-hub-enroll.h"
#include "ocop-hub-error.h"

/* 32 symbols: no 0, O, 1, I or L, which booth staff misread. */
static const char code_alphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

#define CODE_LENGTH 12

char *
ocop_hub_new_enrollment_code (void)
{
  GString *code = g_string_sized_new (CODE_LENGTH + 2);

  if (sodium_init () < 0)
    g_error ("libsodium cannot start");
  for (int i = 0; i < CODE_LENGTH; i++)
    {
      if (i > 0 && i % 4 == 0)
        g_string_append_c (code, '-');
      g_string_append_c (code, code_alphabet[randombytes_uniform (sizeof code_alphabet - 1)]);
    }
  return g_string_free (code, FALSE);
}

char *
ocop_hub_hash_enrollment_code (const char  *code,
                               GError     **error)
{
  g_autoptr(GString) normal = g_string_new (NULL);

  for (const char *c = code; *c; c++)
    {
      char upper = g_ascii_toupper (*c);

      if (*c == '-' || *c == ' ')
        continue;
      if (strchr (code_alphabet, upper) == NULL || normal->len >= CODE_LENGTH)
        {
          normal->len = 0;
          break;
        }
      g_string_append_c (normal, upper);
    }
  if (normal->len != CODE_LENGTH)
    {
      g_set_error_literal (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID,
                           _("code must be 12 letters and digits, such as K7QX-M2PA-93TD"));
      return NULL;
    }
  return ocop_hub_hash_secret (normal->str);
}

char *
ocop_hub_new_token (void)
{
  guint8 bytes[32];
  char text[sodium_base64_ENCODED_LEN (32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

  if (sodium_init () < 0)
    g_error ("libsodium cannot start");
  randombytes_buf (bytes, sizeof bytes);
  sodium_bin2base64 (text, sizeof text, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero (bytes, sizeof bytes);
  return g_strdup (text);
}

char *
ocop_hub_new_device_id (void)
{
  guint8 bytes[8];
  char hex[sizeof bytes * 2 + 1];

  if (sodium_init () < 0)
    g_error ("libsodium cannot start");
  randombytes_buf (bytes, sizeof bytes);
  sodium_bin2hex (hex, sizeof hex, bytes, sizeof bytes);
  return g_strconcat ("dv-", hex, NULL);
}

char *
ocop_hub_hash_secret (const char *secret)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, secret, -1);
}
