/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-serial-ports.c: lists the serial ports in /dev by name. udev's
 * serial/by-id links are the names to keep: ttyACM0 may be another device
 * after the next plug. */

#include "config.h"

#include "ocop-serial-ports.h"

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The entries of @dir whose names start with one of @prefixes ("" for
 * any), as full paths, sorted. */
static GPtrArray *
list_dir (const char         *dir,
          const char * const *prefixes)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    for (guint i = 0; prefixes[i] != NULL; i++)
      if (g_str_has_prefix (name, prefixes[i]))
        {
          g_ptr_array_add (paths, g_build_filename (dir, name, NULL));
          break;
        }
  g_ptr_array_sort (paths, compare_strings);
  return paths;
}

GPtrArray *
ocop_serial_ports_list (const char *dev_dir)
{
  static const char * const any[] = { "", NULL };
  static const char * const ttys[] = { "ttyUSB", "ttyACM", NULL };
  const char *root = dev_dir != NULL ? dev_dir : "/dev";
  g_autofree char *by_id_dir = g_build_filename (root, "serial", "by-id", NULL);
  g_autoptr(GPtrArray) links = list_dir (by_id_dir, any);
  g_autoptr(GPtrArray) devices = list_dir (root, ttys);
  g_autoptr(GHashTable) named = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *uris = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < links->len; i++)
    {
      g_autofree char *target = g_file_read_link (links->pdata[i], NULL);
      g_autofree char *dir = g_path_get_dirname (links->pdata[i]);

      /* udev's links are relative (../../ttyACM0). */
      if (target != NULL)
        g_hash_table_add (named, g_canonicalize_filename (target, dir));
      g_ptr_array_add (uris, g_strconcat ("serial:", links->pdata[i], NULL));
    }
  for (guint i = 0; i < devices->len; i++)
    if (!g_hash_table_contains (named, devices->pdata[i]))
      g_ptr_array_add (uris, g_strconcat ("serial:", devices->pdata[i], NULL));
  return uris;
}
