/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-hub-bank-wait.c: held requests of booths waiting for a transfer,
 * and the thread that resumes them at their deadline. A held request
 * costs a connection slot and a few bytes, not a worker thread: the
 * workers go on serving uploads while booths wait. */

#include "config.h"

#include "ocop-hub-bank-wait.h"

typedef struct {
  char                  *key;
  struct MHD_Connection *connection;
  gint64                 deadline_us;
} Wait;

struct _OcopHubBankWaits {
  GMutex    lock;
  GCond     changed;
  GList    *waits;      /* Wait, in no order: a hub holds a few hundred at most */
  guint64   seq;        /* wakes so far */
  guint     resuming;   /* resumed, not yet back in the access handler */
  gboolean  stopping;
  GThread  *timer;
};

static void
resume_locked (OcopHubBankWaits *self,
               GList            *link)
{
  Wait *wait = link->data;

  MHD_resume_connection (wait->connection);
  self->resuming++;
  self->waits = g_list_delete_link (self->waits, link);
  g_free (wait->key);
  g_free (wait);
}

/* Resumes the waits past their deadline, then sleeps until the next one
 * or a change. */
static gpointer
timer_thread (gpointer data)
{
  OcopHubBankWaits *self = data;

  g_mutex_lock (&self->lock);
  while (!self->stopping)
    {
      gint64 now = g_get_monotonic_time (), next = now + 10 * G_USEC_PER_SEC;

      for (GList *l = self->waits, *after; l != NULL; l = after)
        {
          Wait *wait = l->data;

          after = l->next;
          if (wait->deadline_us <= now)
            resume_locked (self, l);
          else
            next = MIN (next, wait->deadline_us);
        }
      g_cond_wait_until (&self->changed, &self->lock, next);
    }
  g_mutex_unlock (&self->lock);
  return NULL;
}

OcopHubBankWaits *
ocop_hub_bank_waits_new (void)
{
  OcopHubBankWaits *self = g_new0 (OcopHubBankWaits, 1);

  g_mutex_init (&self->lock);
  g_cond_init (&self->changed);
  self->timer = g_thread_new ("ocop-hub-bank-wait", timer_thread, self);
  return self;
}

void
ocop_hub_bank_waits_release_all (OcopHubBankWaits *self)
{
  gint64 give_up = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  while (self->waits != NULL)
    resume_locked (self, self->waits);
  g_cond_broadcast (&self->changed);
  while (self->resuming > 0 && g_cond_wait_until (&self->changed, &self->lock, give_up))
    ;
  g_mutex_unlock (&self->lock);
}

void
ocop_hub_bank_waits_free (OcopHubBankWaits *self)
{
  if (self == NULL)
    return;
  ocop_hub_bank_waits_release_all (self);
  g_thread_join (self->timer);
  g_cond_clear (&self->changed);
  g_mutex_clear (&self->lock);
  g_free (self);
}

guint64
ocop_hub_bank_waits_seq (OcopHubBankWaits *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  return self->seq;
}

gboolean
ocop_hub_bank_waits_suspend (OcopHubBankWaits      *self,
                             const char            *key,
                             struct MHD_Connection *connection,
                             gint64                 deadline_us,
                             guint64                seq)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  Wait *wait;

  /* A wake between the caller's look at the transfer and now would be
   * lost if the request were held: it looks again instead. */
  if (self->stopping || self->seq != seq)
    return FALSE;
  wait = g_new0 (Wait, 1);
  wait->key = g_strdup (key);
  wait->connection = connection;
  wait->deadline_us = deadline_us;
  MHD_suspend_connection (connection);
  self->waits = g_list_prepend (self->waits, wait);
  g_cond_broadcast (&self->changed);
  return TRUE;
}

void
ocop_hub_bank_waits_wake (OcopHubBankWaits *self,
                          const char       *key)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  self->seq++;
  for (GList *l = self->waits, *after; l != NULL; l = after)
    {
      after = l->next;
      if (g_str_equal (((Wait *) l->data)->key, key))
        resume_locked (self, l);
    }
}

void
ocop_hub_bank_waits_resumed (OcopHubBankWaits *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  if (self->resuming > 0)
    self->resuming--;
  g_cond_broadcast (&self->changed);
}

char *
ocop_hub_bank_wait_key (const char *fair,
                        const char *code)
{
  return g_strconcat (fair, "\n", code, NULL);
}
