/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-hub-cmd.h: what the files of the ocop-hub command share: its
 * option parsing and messages (ocop-hub.c) and the commands kept in files
 * of their own. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Prints @error's message after "ocop-hub: " and frees it; 1. */
int       ocop_hub_cmd_fail          (GError              *error);
/* Says that @what is required; 2. */
int       ocop_hub_cmd_missing       (const char          *what);
gboolean  ocop_hub_cmd_parse_options (const char          *parameters,
                                      const char          *summary,
                                      const GOptionEntry  *entries,
                                      int                 *argc,
                                      char              ***argv);
/* One line of standard input, without echo on a terminal. */
char     *ocop_hub_cmd_read_secret   (GError             **error);

/* ocop-hub-cmd-bank.c: `ocop-hub bank`, and `ocop-hub report bank`: the
 * notifications of @fair (all fairs when NULL) that matched no transfer. */
int       ocop_hub_cmd_bank          (int                  argc,
                                      char               **argv);
int       ocop_hub_cmd_bank_unmatched (const char         *db,
                                       const char         *fair);

G_END_DECLS
