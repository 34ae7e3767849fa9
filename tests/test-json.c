/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-json.c: the one JSON gate (app/ocop-json.c): nesting up to the
 * bound parses, one level more is refused with its byte, brackets in
 * strings and escaped quotes do not count, the size limit holds, and what
 * json-glib reads beyond JSON (where it would hide brackets) is refused. */

#include <string.h>

#include "ocop-json.h"

/* @depth times @open, then 1, then @depth times @close. */
static char *
nested (const char *open,
        char        close,
        guint       depth)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append (text, open);
  g_string_append_c (text, '1');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, close);
  return g_string_free (text, FALSE);
}

static guint
tree_depth (JsonNode *node)
{
  g_autoptr(GList) children = NULL;
  guint deepest = 0;

  if (JSON_NODE_HOLDS_ARRAY (node))
    children = json_array_get_elements (json_node_get_array (node));
  else if (JSON_NODE_HOLDS_OBJECT (node))
    children = json_object_get_values (json_node_get_object (node));
  else
    return 0;
  for (GList *l = children; l != NULL; l = l->next)
    {
      guint below = tree_depth (l->data);

      deepest = MAX (deepest, below);
    }
  return deepest + 1;
}

static void
assert_parses (const char *text,
               guint       depth)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = ocop_json_from_string (text, 1024 * 1024, &error);

  g_assert_no_error (error);
  g_assert_nonnull (root);
  g_assert_cmpuint (tree_depth (root), ==, depth);
}

static void
assert_refused (const char *text,
                gssize      length,
                gsize       max_bytes,
                int         code,
                const char *message)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) error = NULL;

  g_assert_false (ocop_json_load (parser, text, length, max_bytes, &error));
  g_assert_error (error, OCOP_JSON_ERROR, code);
  g_assert_cmpstr (error->message, ==, message);
  g_assert_null (json_parser_get_root (parser));
}

static void
test_depth_bound (void)
{
  g_autofree char *arrays = nested ("[", ']', OCOP_JSON_MAX_DEPTH);
  g_autofree char *arrays_over = nested ("[", ']', OCOP_JSON_MAX_DEPTH + 1);
  g_autofree char *objects = nested ("{\"a\":", '}', OCOP_JSON_MAX_DEPTH);
  g_autofree char *objects_over = nested ("{\"a\":", '}', OCOP_JSON_MAX_DEPTH + 1);

  g_assert_cmpint (OCOP_JSON_MAX_DEPTH, ==, 32);
  assert_parses (arrays, 32);
  assert_parses (objects, 32);
  /* The 33rd '[' is byte 32; the 33rd '{' starts at 5 × 32. */
  assert_refused (arrays_over, -1, 1024, OCOP_JSON_ERROR_TOO_DEEP,
                  "The JSON text is nested deeper than 32 levels at byte 32");
  assert_refused (objects_over, -1, 1024, OCOP_JSON_ERROR_TOO_DEEP,
                  "The JSON text is nested deeper than 32 levels at byte 160");
}

/* Depth is the deepest point, not the number of brackets. */
static void
test_siblings_do_not_add_up (void)
{
  GString *text = g_string_new ("[");

  for (guint i = 0; i < 1000; i++)
    g_string_append (text, i ? ",[[1]]" : "[[1]]");
  g_string_append (text, "]");
  assert_parses (text->str, 3);
  g_string_free (text, TRUE);
}

/* 100,000 '[' as sent to the hub: refused at the 33rd without recursing. */
static void
test_attack_text (void)
{
  g_autofree char *text = g_malloc (100001);
  g_autofree char *objects = NULL;
  GString *keys = g_string_new (NULL);

  memset (text, '[', 100000);
  text[100000] = '\0';
  assert_refused (text, 100000, 1024 * 1024, OCOP_JSON_ERROR_TOO_DEEP,
                  "The JSON text is nested deeper than 32 levels at byte 32");
  for (guint i = 0; i < 20000; i++)
    g_string_append (keys, "{\"a\":");
  objects = g_string_free (keys, FALSE);
  assert_refused (objects, -1, 1024 * 1024, OCOP_JSON_ERROR_TOO_DEEP,
                  "The JSON text is nested deeper than 32 levels at byte 160");
}

static void
test_brackets_in_strings (void)
{
  g_autofree char *brackets = g_strnfill (1000, '[');
  g_autofree char *in_string = g_strdup_printf ("{\"note\":\"%s{{{{\",\"x\":[\"]]]\"]}", brackets);

  assert_parses (in_string, 2);
  /* An escaped quote does not end the string; an escaped backslash
   * before a quote does. */
  assert_parses ("[\"a\\\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"]", 1);
  assert_parses ("[\"a\\\\\",[1]]", 2);
  assert_parses ("[\"\\u005b\\u007B\\/\\b\\f\\n\\r\\t\"]", 1);
  /* A quote escaped as \" ends nothing, so the 33 brackets after the
   * string's real end count. */
  {
    g_autofree char *after = g_strdup_printf ("[\"\\\\\",%s", brackets);

    assert_refused (after, -1, 4096, OCOP_JSON_ERROR_TOO_DEEP,
                    "The JSON text is nested deeper than 32 levels at byte 37");
  }
}

/* json-glib 1.6 accepts these and reads brackets the scan would take for
 * text (or the other way round): "\u123\" ends its string there, a
 * single-quoted string may hold a double quote, a comment too. */
static void
test_json_glib_extensions_refused (void)
{
  g_autofree char *brackets = g_strnfill (40, '[');
  g_autofree char *hex = g_strdup_printf ("[\"\\u123\\\",%s\"]", brackets);
  g_autofree char *single = g_strdup_printf ("['\"',%s\"]", brackets);
  g_autofree char *comment = g_strdup_printf ("/* \" */%s\"", brackets);

  assert_refused (hex, -1, 4096, OCOP_JSON_ERROR_INVALID,
                  "The JSON text has an escape that JSON does not allow at byte 2");
  assert_refused (single, -1, 4096, OCOP_JSON_ERROR_INVALID,
                  "The JSON text has a character that JSON allows only in strings at byte 1");
  assert_refused (comment, -1, 4096, OCOP_JSON_ERROR_INVALID,
                  "The JSON text has a character that JSON allows only in strings at byte 0");
  assert_refused ("[\"\\x\"]", -1, 4096, OCOP_JSON_ERROR_INVALID,
                  "The JSON text has an escape that JSON does not allow at byte 2");
  assert_refused ("[\"a\0\"]", 6, 4096, OCOP_JSON_ERROR_INVALID,
                  "The JSON text has a NUL byte in a string at byte 3");
  assert_refused ("[1]\0[[", 6, 4096, OCOP_JSON_ERROR_INVALID,
                  "The JSON text has a character that JSON allows only in strings at byte 3");
}

static void
test_size_limit (void)
{
  const char *text = "{\"name\":\"Trà Shan tuyết\"}";
  gsize size = strlen (text);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) error = NULL;
  g_autofree char *message = g_strdup_printf ("The JSON text is larger than its limit of %zu bytes at byte %zu",
                                              size - 1, size - 1);

  g_assert_true (ocop_json_load (parser, text, (gssize) size, size, &error));
  g_assert_no_error (error);
  g_assert_true (ocop_json_load (parser, text, -1, size, &error));
  g_assert_no_error (error);
  assert_refused (text, (gssize) size, size - 1, OCOP_JSON_ERROR_TOO_LARGE, message);
  assert_refused (text, -1, size - 1, OCOP_JSON_ERROR_TOO_LARGE, message);
}

/* What json-glib refuses keeps json-glib's reason and position (its
 * wording is json-glib's own, so only the position is checked). */
static void
test_invalid_keeps_reason (void)
{
  const char *texts[] = { "[1,]", "{\"a\" 1}" };
  const char *where[] = { "The text is not JSON: <data>:1:3: ", "The text is not JSON: <data>:1:4: " };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) empty = ocop_json_from_string ("", 64, &error);

  g_assert_null (empty);
  g_assert_error (error, OCOP_JSON_ERROR, OCOP_JSON_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "The JSON text is empty");
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();
      g_autoptr(GError) refused = NULL;

      g_assert_false (ocop_json_load (parser, texts[i], -1, 64, &refused));
      g_assert_error (refused, OCOP_JSON_ERROR, OCOP_JSON_ERROR_INVALID);
      g_assert_true (g_str_has_prefix (refused->message, where[i]));
    }
}

/* Only an object is a root object: not an empty text (no root, no
 * error), an array, a string or null, which every reply of the hub and
 * every request body to it must be refused as. */
static void
test_root_object (void)
{
  const char *not_objects[] = { "", "[]", "\"{}\"", "null", "1" };
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonObject *root;

  g_assert_true (ocop_json_load (parser, "{\"a\": 1}", -1, 64, NULL));
  root = ocop_json_root_object (parser);
  g_assert_nonnull (root);
  g_assert_cmpint (json_object_get_int_member (root, "a"), ==, 1);
  for (guint i = 0; i < G_N_ELEMENTS (not_objects); i++)
    {
      g_autoptr(JsonParser) other = json_parser_new_immutable ();

      g_assert_true (ocop_json_load (other, not_objects[i], -1, 64, NULL));
      g_assert_null (ocop_json_root_object (other));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/json/depth-bound", test_depth_bound);
  g_test_add_func ("/json/siblings-do-not-add-up", test_siblings_do_not_add_up);
  g_test_add_func ("/json/attack-text", test_attack_text);
  g_test_add_func ("/json/brackets-in-strings", test_brackets_in_strings);
  g_test_add_func ("/json/json-glib-extensions-refused", test_json_glib_extensions_refused);
  g_test_add_func ("/json/size-limit", test_size_limit);
  g_test_add_func ("/json/invalid-keeps-reason", test_invalid_keeps_reason);
  g_test_add_func ("/json/root-object", test_root_object);
  return g_test_run ();
}
