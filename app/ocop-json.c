/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-json.c: JSON read through one gate that bounds its size and nesting
 * before json-glib, which recurses once per level and has no limit, sees
 * the text. */

#include "config.h"

#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "ocop-json.h"

G_DEFINE_QUARK (ocop-json-error-quark, ocop_json_error)

/* The depth scan must find the strings where json-glib finds them, or a
 * bracket it skips as text could be one json-glib nests on. json-glib 1.6
 * reads more than JSON, and each extra gives it strings or text the scan
 * would not see: single-quoted strings, comments and escapes that swallow
 * what follows ("\u123\" ends there for json-glib, as it takes any four
 * characters after \u). So the scan refuses what JSON does not allow
 * (RFC 8259): quotes, slashes and NUL outside strings, an escape other than
 * \" \\ \/ \b \f \n \r \t and \u with four hex digits, and NUL in one. */

static gboolean
refuse (GError     **error,
        const char  *message,
        gsize        offset)
{
  g_set_error (error, OCOP_JSON_ERROR, OCOP_JSON_ERROR_INVALID, message, (guint64) offset);
  return FALSE;
}

/* The length of a valid escape starting at text[i] (the backslash), or 0. */
static gsize
escape_length (const char *text,
               gsize       length,
               gsize       i)
{
  if (i + 1 >= length || text[i + 1] == '\0')
    return 0;
  if (strchr ("\"\\/bfnrt", text[i + 1]) != NULL)
    return 2;
  if (text[i + 1] != 'u' || i + 5 >= length)
    return 0;
  for (gsize k = i + 2; k < i + 6; k++)
    if (!g_ascii_isxdigit (text[k]))
      return 0;
  return 6;
}

/* Moves *i from the quote that opens a string to just past the one that
 * closes it; an unterminated string runs to the end, which json-glib then
 * refuses. */
static gboolean
skip_string (const char  *text,
             gsize        length,
             gsize       *i,
             GError     **error)
{
  gsize at = *i + 1;

  while (at < length && text[at] != '"')
    {
      gsize skip = 1;

      if (text[at] == '\0')
        return refuse (error, _("The JSON text has a NUL byte in a string at byte %" PRIu64), at);
      if (text[at] == '\\' && (skip = escape_length (text, length, at)) == 0)
        return refuse (error, _("The JSON text has an escape that JSON does not allow at byte %" PRIu64), at);
      at += skip;
    }
  *i = MIN (at + 1, length);
  return TRUE;
}

/* Iterative on purpose: a recursive check would overflow where json-glib
 * does. Closing brackets that close nothing are json-glib's to refuse. */
static gboolean
check_depth (const char  *text,
             gsize        length,
             GError     **error)
{
  guint depth = 0;
  gsize i = 0;

  while (i < length)
    {
      switch (text[i])
        {
        case '"':
          if (!skip_string (text, length, &i, error))
            return FALSE;
          continue;
        case '[':
        case '{':
          if (++depth > OCOP_JSON_MAX_DEPTH)
            {
              g_set_error (error, OCOP_JSON_ERROR, OCOP_JSON_ERROR_TOO_DEEP,
                           _("The JSON text is nested deeper than %d levels at byte %" PRIu64),
                           OCOP_JSON_MAX_DEPTH, (guint64) i);
              return FALSE;
            }
          break;
        case ']':
        case '}':
          depth -= depth > 0;
          break;
        case '\'':
        case '/':
        case '\0':
          return refuse (error, _("The JSON text has a character that JSON allows only in strings at byte %" PRIu64), i);
        default:
          break;
        }
      i++;
    }
  return TRUE;
}

gboolean
ocop_json_check_bounds (const char  *text,
                        gssize       length,
                        gsize        max_bytes,
                        GError     **error)
{
  /* Never reads more than one byte past the limit looking for the NUL. */
  gsize size = length >= 0 ? (gsize) length : strnlen (text, MIN (max_bytes, (gsize) G_MAXSSIZE - 1) + 1);

  if (size > max_bytes)
    {
      g_set_error (error, OCOP_JSON_ERROR, OCOP_JSON_ERROR_TOO_LARGE,
                   _("The JSON text is larger than its limit of %" PRIu64 " bytes at byte %" PRIu64),
                   (guint64) max_bytes, (guint64) max_bytes);
      return FALSE;
    }
  return check_depth (text, size, error);
}

gboolean
ocop_json_load (JsonParser  *parser,
                const char  *text,
                gssize       length,
                gsize        max_bytes,
                GError     **error)
{
  g_autoptr(GError) json_error = NULL;

  if (!ocop_json_check_bounds (text, length, max_bytes, error))
    return FALSE;
  if (!json_parser_load_from_data (parser, text, length, &json_error))
    {
      g_set_error (error, OCOP_JSON_ERROR, OCOP_JSON_ERROR_INVALID,
                   _("The text is not JSON: %s"), json_error->message);
      return FALSE;
    }
  return TRUE;
}

JsonNode *
ocop_json_from_string (const char  *text,
                       gsize        max_bytes,
                       GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;

  if (!ocop_json_load (parser, text, -1, max_bytes, error))
    return NULL;
  root = json_parser_steal_root (parser);
  if (root == NULL)
    g_set_error_literal (error, OCOP_JSON_ERROR, OCOP_JSON_ERROR_INVALID, _("The JSON text is empty"));
  return root;
}

JsonObject *
ocop_json_root_object (JsonParser *parser)
{
  JsonNode *root = json_parser_get_root (parser);

  return root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
}

void
ocop_json_set_error (GError       **error,
                     GQuark         domain,
                     gint           code,
                     const char    *what,
                     const GError  *cause)
{
  if (cause != NULL)
    g_set_error (error, domain, code, "%s: %s", what, cause->message);
  else
    g_set_error_literal (error, domain, code, what);
}
