/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-tool-approval.c: how a command gets a supervisor's approval: the
 * PIN typed at the terminal without echo, or one line of standard input
 * for scripts, then checked by the store like the till's. */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "ocop-tool.h"

/* A PIN is at most 8 digits; a longer line is refused as such rather than
 * cut to something that might match. */
#define MAX_PIN_LINE OCOP_TOOL_PIN_LINE

static gboolean
read_line (FILE    *in,
           char     line[MAX_PIN_LINE],
           GError **error)
{
  gsize len;

  if (fgets (line, MAX_PIN_LINE, in) == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("No PIN was given: type it, or give it on standard input"));
      return FALSE;
    }
  len = strcspn (line, "\r\n");
  if (line[len] == '\0' && len == MAX_PIN_LINE - 1)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The PIN line is too long"));
      return FALSE;
    }
  line[len] = '\0';
  return TRUE;
}

/* The terminal as it was, for a Ctrl-C or kill in the middle of the PIN:
 * the shell must not be left without echo. */
static struct termios saved_terminal;

static void
restore_terminal_and_die (int signum)
{
  /* Both are async-signal-safe. */
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved_terminal);
  signal (signum, SIG_DFL);
  raise (signum);
}

/* GLib has no password prompt, and getpass(3) is obsolete, reads the
 * terminal even when standard input is a pipe and cannot say why it
 * failed; so echo is turned off with termios for the one line, and turned
 * back on whatever the line was. */
static gboolean
read_pin_from_terminal (const char  *prompt,
                        char         line[MAX_PIN_LINE],
                        GError     **error)
{
  static const int stops[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
  struct sigaction restore = { .sa_handler = restore_terminal_and_die }, before[G_N_ELEMENTS (stops)];
  struct termios saved, quiet;
  gboolean ok;

  if (tcgetattr (STDIN_FILENO, &saved) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), _("Cannot read the terminal: %s"),
                   g_strerror (errno));
      return FALSE;
    }
  saved_terminal = saved;
  for (guint i = 0; i < G_N_ELEMENTS (stops); i++)
    sigaction (stops[i], &restore, &before[i]);
  quiet = saved;
  quiet.c_lflag &= ~(tcflag_t) ECHO;
  quiet.c_lflag |= ECHONL;
  /* Echo off first, then the prompt: what is typed after the prompt is
   * never shown, and TCSAFLUSH drops only what was typed before it. */
  if (tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet) != 0)
    {
      int saved_errno = errno;

      for (guint i = 0; i < G_N_ELEMENTS (stops); i++)
        sigaction (stops[i], &before[i], NULL);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot hide the PIN as it is typed: %s"), g_strerror (saved_errno));
      return FALSE;
    }
  g_printerr ("%s", prompt);
  ok = read_line (stdin, line, error);
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
  for (guint i = 0; i < G_N_ELEMENTS (stops); i++)
    sigaction (stops[i], &before[i], NULL);
  return ok;
}

gboolean
ocop_tool_read_pin (const char  *name,
                    char         pin[OCOP_TOOL_PIN_LINE],
                    GError     **error)
{
  g_autofree char *prompt = g_strdup_printf (_("PIN of %s: "), name);

  return isatty (STDIN_FILENO) ? read_pin_from_terminal (prompt, pin, error) : read_line (stdin, pin, error);
}

OcopApproval *
ocop_tool_approve (OcopTool    *self,
                   const char  *approver,
                   GError     **error)
{
  char pin[OCOP_TOOL_PIN_LINE] = { 0 };
  OcopApproval *approval = NULL;

  /* The name is checked before a PIN is asked: nobody types a secret for
   * nothing. */
  if (approver == NULL || *approver == '\0')
    return ocop_store_approve (self->store, approver, NULL, error);
  if (ocop_tool_read_pin (approver, pin, error))
    approval = ocop_store_approve (self->store, approver, pin, error);
  explicit_bzero (pin, sizeof pin);
  return approval;
}
