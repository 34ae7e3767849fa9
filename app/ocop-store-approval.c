/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-store-approval.c: a supervisor's approval of a void, refund or day
 * close, and a cashier's sign-in at the till, written once here for the
 * till, the `ocop` command and the tests, with wrong PINs counted in the
 * store so that guessing one takes days. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ocop-store-private.h"
#include "ocop-text.h"

struct _OcopApproval
{
  OcopStore *store;      /* weak: the store that gave it, the only one it approves for */
  char      *approver;
};

/* A PIN has 4 to 8 digits: 10,000 choices at the shortest. Five tries, then
 * a wait of 1, 2, 4… minutes up to an hour between tries, leave about
 * thirty guesses a day: a fair ends long before a patient guesser gets
 * far, and a supervisor who mistypes a few times waits a minute at most. */
#define FIRST_WAIT_US   (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)
#define LONGEST_WAIT_US (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)

void
ocop_approval_free (OcopApproval *approval)
{
  if (approval == NULL)
    return;
  g_clear_weak_pointer (&approval->store);
  g_free (approval->approver);
  g_free (approval);
}

const char *
ocop_approval_get_approver (const OcopApproval *approval)
{
  return approval->approver;
}

typedef struct {
  gboolean  found;
  gboolean  supervisor;
  gboolean  active;
  char     *pin_hash;
  gint64    failures;
  gint64    last_failure_us;
} Approver;

static gboolean
load_approver (OcopStore   *self,
               const char  *name,
               Approver    *out,
               GError     **error)
{
  sqlite3_stmt *stmt = ocop_store_prepare (self,
                                           "SELECT c.supervisor, c.active, c.pin_hash,"
                                           " coalesce (f.failures, 0), coalesce (f.last_us, 0)"
                                           " FROM cashier c LEFT JOIN approval_failure f ON f.name = c.name"
                                           " WHERE c.name = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      out->found = TRUE;
      out->supervisor = sqlite3_column_int (stmt, 0) != 0;
      out->active = sqlite3_column_int (stmt, 1) != 0;
      out->pin_hash = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      out->failures = sqlite3_column_int64 (stmt, 3);
      out->last_failure_us = sqlite3_column_int64 (stmt, 4);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return ocop_store_fail (self, error, _("check the approver"));
  return TRUE;
}

/* When @approver may try again, or 0 when they may now. */
static gint64
locked_until (const Approver *approver)
{
  gint64 wait = FIRST_WAIT_US;

  if (approver->failures < OCOP_APPROVAL_MAX_FAILURES)
    return 0;
  for (gint64 i = OCOP_APPROVAL_MAX_FAILURES; i < approver->failures && wait < LONGEST_WAIT_US; i++)
    wait *= 2;
  return approver->last_failure_us + MIN (wait, LONGEST_WAIT_US);
}

static gboolean
refuse (GError     **error,
        const char  *format,
        const char  *name)
{
  g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_NOT_APPROVED, format, name);
  return FALSE;
}

/* Who may approve (@supervisor) or sign in, before any PIN is looked at. */
static gboolean
check_role (OcopStore       *self,
            const char      *name,
            const Approver  *approver,
            gboolean         supervisor,
            GError         **error)
{
  gint64 until = locked_until (approver);
  gint64 now = ocop_store_now_us (self);

  if (!approver->found)
    return refuse (error, supervisor ? _("There is no cashier “%s” to approve") : _("There is no cashier “%s”"), name);
  if (!approver->active)
    return refuse (error, supervisor ? _("“%s” has been deactivated and can no longer approve")
                                     : _("“%s” has been deactivated"), name);
  if (supervisor && !approver->supervisor)
    return refuse (error, _("“%s” is not a supervisor: a supervisor must approve"), name);
  if (until > now)
    {
      int minutes = (int) ((until - now + FIRST_WAIT_US - 1) / FIRST_WAIT_US);

      g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_NOT_APPROVED,
                   g_dngettext (GETTEXT_PACKAGE, "Too many wrong PINs for “%s”: try again in %d minute",
                                "Too many wrong PINs for “%s”: try again in %d minutes", minutes),
                   name, minutes);
      return FALSE;
    }
  return TRUE;
}

/* Counted outside any transaction, so that the refusal that follows rolls
 * nothing of it back. */
static void
count_failure (OcopStore  *self,
               const char *name)
{
  g_autofree char *now = g_strdup_printf ("%" G_GINT64_FORMAT, ocop_store_now_us (self));
  g_autoptr(GError) error = NULL;

  if (!ocop_store_exec (self,
                        "INSERT INTO approval_failure (name, failures, last_us) VALUES (?, 1, ?)"
                        " ON CONFLICT (name) DO UPDATE SET failures = failures + 1, last_us = excluded.last_us",
                        &error, _("count the wrong PIN"), name, now))
    g_warning ("%s", error->message);
}

static void
forget_failures (OcopStore  *self,
                 const char *name)
{
  g_autoptr(GError) error = NULL;

  if (!ocop_store_exec (self, "DELETE FROM approval_failure WHERE name = ?", &error, _("count the wrong PIN"), name))
    g_warning ("%s", error->message);
}

/* The trimmed name of the active cashier (a supervisor when @supervisor)
 * whose PIN is @pin; wrong PINs are counted per name, whatever the PIN
 * was typed for, so signing in cannot be used to guess an approver's PIN
 * faster than approving can. */
static char *
check_pin (OcopStore   *self,
           const char  *who,
           const char  *pin,
           gboolean     supervisor,
           GError     **error)
{
  Approver found = { 0 };
  g_autofree char *hash = NULL;
  g_autofree char *name = g_strstrip (g_strdup (who ? who : ""));

  if (*name == '\0')
    {
      g_set_error_literal (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_NOT_APPROVED,
                           supervisor ? _("A supervisor must approve: give the supervisor's name and PIN")
                                      : _("Choose who is signing in"));
      return NULL;
    }
  if (!load_approver (self, name, &found, error))
    return NULL;
  hash = found.pin_hash;
  if (!check_role (self, name, &found, supervisor, error))
    return NULL;
  if (!ocop_store_pin_matches (hash, pin))
    {
      count_failure (self, name);
      refuse (error, _("Wrong PIN for “%s”"), name);
      return NULL;
    }
  if (found.failures > 0)
    forget_failures (self, name);
  return g_steal_pointer (&name);
}

OcopApproval *
ocop_store_approve (OcopStore   *self,
                    const char  *approver,
                    const char  *pin,
                    GError     **error)
{
  g_autofree char *name = check_pin (self, approver, pin, TRUE, error);
  OcopApproval *approval;

  if (name == NULL)
    return NULL;
  approval = g_new0 (OcopApproval, 1);
  g_set_weak_pointer (&approval->store, self);
  approval->approver = g_steal_pointer (&name);
  return approval;
}

char *
ocop_store_sign_in (OcopStore   *self,
                    const char  *name,
                    const char  *pin,
                    GError     **error)
{
  return check_pin (self, name, pin, FALSE, error);
}

gboolean
ocop_store_check_approval (OcopStore           *self,
                           const OcopApproval  *approval,
                           GError             **error)
{
  Approver found = { 0 };
  g_autofree char *hash = NULL;
  gboolean ok;

  if (approval == NULL)
    {
      g_set_error_literal (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_NOT_APPROVED,
                           _("A supervisor must approve: give the supervisor's name and PIN"));
      return FALSE;
    }
  if (approval->store != self)
    {
      g_set_error_literal (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_NOT_APPROVED,
                           _("That approval was given for another store"));
      return FALSE;
    }
  /* Deactivated or demoted since the PIN was typed: the approval goes too. */
  if (!load_approver (self, approval->approver, &found, error))
    return FALSE;
  hash = found.pin_hash;
  ok = found.found && found.active && found.supervisor;
  if (!ok)
    refuse (error, _("“%s” can no longer approve"), approval->approver);
  return ok;
}
