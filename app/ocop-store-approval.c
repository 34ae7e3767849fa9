/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-store-approval.c: a supervisor's approval of a void, refund or day
 * close, and a cashier's sign-in at the till, written once here for the
 * till, the `ocop` command and the tests, with wrong PINs counted in the
 * store so that guessing one takes days. */

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <sodium.h>

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

/* A PIN being checked against the cashier's hash: read from the store on
 * the calling thread, compared on any thread, counted on the calling
 * thread again. */
typedef struct {
  char     *name;
  char     *pin;
  char     *hash;
  gint64    failures;
} PinCheck;

static void
pin_check_free (PinCheck *check)
{
  g_free (check->name);
  if (check->pin != NULL)
    sodium_memzero (check->pin, strlen (check->pin));
  g_free (check->pin);
  g_free (check->hash);
  g_free (check);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PinCheck, pin_check_free)

/* The trimmed name of the active cashier (a supervisor when @supervisor)
 * and their hash, or NULL when @who may not try now. */
static PinCheck *
start_check (OcopStore   *self,
             const char  *who,
             const char  *pin,
             gboolean     supervisor,
             GError     **error)
{
  Approver found = { 0 };
  g_autoptr(PinCheck) check = g_new0 (PinCheck, 1);

  check->name = g_strstrip (g_strdup (who ? who : ""));
  check->pin = g_strdup (pin ? pin : "");
  if (*check->name == '\0')
    {
      g_set_error_literal (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_NOT_APPROVED,
                           supervisor ? _("A supervisor must approve: give the supervisor's name and PIN")
                                      : _("Choose who is signing in"));
      return NULL;
    }
  if (!load_approver (self, check->name, &found, error))
    return NULL;
  check->hash = found.pin_hash;
  check->failures = found.failures;
  if (!check_role (self, check->name, &found, supervisor, error))
    return NULL;
  return g_steal_pointer (&check);
}

/* Wrong PINs are counted per name, whatever the PIN was typed for, so
 * signing in cannot be used to guess an approver's PIN faster than
 * approving can. */
static char *
finish_check (OcopStore   *self,
              PinCheck    *check,
              gboolean     matches,
              GError     **error)
{
  if (!matches)
    {
      count_failure (self, check->name);
      refuse (error, _("Wrong PIN for “%s”"), check->name);
      return NULL;
    }
  if (check->failures > 0)
    forget_failures (self, check->name);
  return g_strdup (check->name);
}

static char *
check_pin (OcopStore   *self,
           const char  *who,
           const char  *pin,
           gboolean     supervisor,
           GError     **error)
{
  g_autoptr(PinCheck) check = start_check (self, who, pin, supervisor, error);

  if (check == NULL)
    return NULL;
  return finish_check (self, check, ocop_store_pin_matches (check->hash, check->pin), error);
}

static void
compare_in_thread (GTask        *task,
                   gpointer      source,
                   gpointer      data,
                   GCancellable *cancellable)
{
  PinCheck *check = data;

  g_task_return_boolean (task, ocop_store_pin_matches (check->hash, check->pin));
}

/* Back on the caller's thread: the store counts the PIN. Counted even
 * when the caller has cancelled meanwhile, so that giving up on a check
 * is no free guess. */
static void
compared_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PinCheck *check = g_task_get_task_data (G_TASK (result));
  gboolean matches = g_task_propagate_boolean (G_TASK (result), NULL);
  GError *error = NULL;
  char *name = finish_check (OCOP_STORE (source), check, matches, &error);

  if (name == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, name, g_free);
}

/* Argon2 takes tens of milliseconds and 64 MiB: only the comparison runs
 * on a worker thread, with copies of the PIN and hash, since the store's
 * connection belongs to the calling thread. */
static void
check_pin_async (OcopStore           *self,
                 const char          *who,
                 const char          *pin,
                 gboolean             supervisor,
                 gpointer             source_tag,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GTask) compare = NULL;
  GError *error = NULL;
  PinCheck *check;

  g_task_set_source_tag (task, source_tag);
  if (!(check = start_check (self, who, pin, supervisor, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  compare = g_task_new (self, NULL, compared_cb, g_steal_pointer (&task));
  g_task_set_task_data (compare, check, (GDestroyNotify) pin_check_free);
  g_task_run_in_thread (compare, compare_in_thread);
}

static OcopApproval *
approval_new (OcopStore *self,
              char      *name)
{
  OcopApproval *approval = g_new0 (OcopApproval, 1);

  g_set_weak_pointer (&approval->store, self);
  approval->approver = name;
  return approval;
}

OcopApproval *
ocop_store_approve (OcopStore   *self,
                    const char  *approver,
                    const char  *pin,
                    GError     **error)
{
  char *name = check_pin (self, approver, pin, TRUE, error);

  return name ? approval_new (self, name) : NULL;
}

void
ocop_store_approve_async (OcopStore           *self,
                          const char          *approver,
                          const char          *pin,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  check_pin_async (self, approver, pin, TRUE, ocop_store_approve_async, cancellable, callback, user_data);
}

OcopApproval *
ocop_store_approve_finish (OcopStore     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  char *name;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  name = g_task_propagate_pointer (G_TASK (result), error);
  return name ? approval_new (self, name) : NULL;
}

char *
ocop_store_sign_in (OcopStore   *self,
                    const char  *name,
                    const char  *pin,
                    GError     **error)
{
  return check_pin (self, name, pin, FALSE, error);
}

void
ocop_store_sign_in_async (OcopStore           *self,
                          const char          *name,
                          const char          *pin,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  check_pin_async (self, name, pin, FALSE, ocop_store_sign_in_async, cancellable, callback, user_data);
}

char *
ocop_store_sign_in_finish (OcopStore     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
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
