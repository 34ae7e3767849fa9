/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-tool.h: what every `ocop` command shares: the invocation (its
 * options, its store), the exit codes and the ways to fail and to print. */

#pragma once

#include <glib.h>

#include "ocop-sale.h"
#include "ocop-store.h"

G_BEGIN_DECLS

/* The exit codes: a command line that cannot mean anything is 2, so that
 * a script can tell it from work that failed (1). */
#define OCOP_TOOL_EXIT_OK      0
#define OCOP_TOOL_EXIT_FAILED  1
#define OCOP_TOOL_EXIT_USAGE   2

/* The options several commands take, with one wording each: --date and
 * --json through ocop_tool_parse_shared(), --width as this entry. */
typedef enum {
  OCOP_TOOL_DAY  = 1 << 0,  /* --date, first: the business day, self->day */
  OCOP_TOOL_JSON = 1 << 1,  /* --json, last: self->json */
} OcopToolShared;

#define OCOP_TOOL_OPTION_WIDTH(width_mm) \
  { "width", 'w', 0, G_OPTION_ARG_INT, &(width_mm), N_("Paper width in mm: 58 or 80 (default 80)"), "58|80" }

/* One run of the tool: what main() took from the command line for every
 * command, and what the running command has set up. */
typedef struct {
  const char     *db_path;  /* --db PATH, else NULL: $OCOP_DB or the default */
  const char     *now;      /* --now TIME, else NULL: the real clock */
  int             argc;     /* the command's name and arguments: what */
  char          **argv;     /* ocop_tool_parse() leaves of them */
  GOptionContext *context;  /* the command's options, for its usage errors */
  OcopStore      *store;    /* opened once, by ocop_tool_open_store() */
  char           *day;      /* with OCOP_TOOL_DAY: the business day */
  gboolean        json;     /* with OCOP_TOOL_JSON: print JSON */
} OcopTool;

void      ocop_tool_clear                (OcopTool *self);

/* The command line, and the exit codes of a command that stops. */
gboolean  ocop_tool_parse                (OcopTool           *self,
                                          const char         *parameters,
                                          const char         *summary,
                                          const GOptionEntry *entries);
int       ocop_tool_parse_shared         (OcopTool           *self,
                                          OcopToolShared      shared,
                                          const char         *summary,
                                          const GOptionEntry *entries);
gboolean  ocop_tool_check_sale_argument  (OcopTool *self);
int       ocop_tool_receipt_width        (OcopTool *self,
                                          int       width_mm);
int       ocop_tool_usage_error          (OcopTool   *self,
                                          const char *message);
int       ocop_tool_fail                 (GError *error);
gboolean  ocop_tool_check_date           (const char  *date,
                                          GError     **error);

/* The store. */
char      *ocop_tool_dup_store_path      (OcopTool *self);
OcopStore *ocop_tool_open_store          (OcopTool  *self,
                                          GError   **error);
OcopSale  *ocop_tool_load_sale           (OcopTool    *self,
                                          const char  *sale,
                                          GError     **error);

/* Reads @name's PIN: typed at the terminal without echo, or one line of
 * standard input when that is not a terminal (scripts). */
#define OCOP_TOOL_PIN_LINE 64
gboolean      ocop_tool_read_pin         (const char  *name,
                                          char         pin[OCOP_TOOL_PIN_LINE],
                                          GError     **error);
/* A supervisor's approval: asks for @approver's PIN at the terminal
 * without echo, or reads it as one line of standard input when that is
 * not a terminal (scripts), and has the store check it. */
OcopApproval *ocop_tool_approve          (OcopTool    *self,
                                          const char  *approver,
                                          GError     **error);

/* Output. */
gboolean  ocop_tool_write_stdout         (GBytes *bytes);
gboolean  ocop_tool_send_to_printer      (const char  *uri,
                                          GBytes      *bytes,
                                          GError     **error);

G_END_DECLS
