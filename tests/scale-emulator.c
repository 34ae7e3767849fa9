/* SPDX-License-Identifier: GPL-3.0-or-later */
/* scale-emulator.c: a serial scale on a pty master: it reads what the
 * till sends and answers by rules the test sets, so that each protocol
 * runs end to end through a real tty. */

#include "config.h"

#include <errno.h>
#include <pty.h>
#include <string.h>
#include <unistd.h>
#include <glib-unix.h>

#include "scale-emulator.h"

typedef struct {
  char    trigger;
  GBytes *reply;
} Rule;

struct _ScaleEmulator
{
  int      master;
  int      slave;   /* kept open so that the master never reads EIO before the scale opens */
  char     path[256];
  guint    watch;
  GQueue   rules;
  GString *received;
};

static void
rule_free (Rule *rule)
{
  g_bytes_unref (rule->reply);
  g_free (rule);
}

static void
answer (ScaleEmulator *self,
        char           trigger)
{
  for (GList *l = self->rules.head; l != NULL; l = l->next)
    {
      Rule *rule = l->data;
      gsize length;
      const char *bytes;

      if (rule->trigger != trigger)
        continue;
      bytes = g_bytes_get_data (rule->reply, &length);
      scale_emulator_send (self, bytes, length);
      g_queue_delete_link (&self->rules, l);
      rule_free (rule);
      return;
    }
}

static gboolean
on_master_cb (int           fd,
              GIOCondition  condition,
              gpointer      user_data)
{
  ScaleEmulator *self = user_data;
  char buffer[64];
  gssize n = read (fd, buffer, sizeof buffer);

  if (n <= 0 && errno != EAGAIN && errno != EINTR)
    {
      self->watch = 0;
      return G_SOURCE_REMOVE;
    }
  for (gssize i = 0; i < n; i++)
    {
      g_string_append_c (self->received, buffer[i]);
      answer (self, buffer[i]);
    }
  return G_SOURCE_CONTINUE;
}

ScaleEmulator *
scale_emulator_new (void)
{
  ScaleEmulator *self = g_new0 (ScaleEmulator, 1);

  g_assert_cmpint (openpty (&self->master, &self->slave, self->path, NULL, NULL), ==, 0);
  g_assert_true (g_unix_set_fd_nonblocking (self->master, TRUE, NULL));
  g_queue_init (&self->rules);
  self->received = g_string_new (NULL);
  self->watch = g_unix_fd_add (self->master, G_IO_IN, on_master_cb, self);
  return self;
}

char *
scale_emulator_uri (ScaleEmulator *self,
                    const char    *protocol)
{
  return g_strdup_printf ("serial:%s?protocol=%s", self->path, protocol);
}

void
scale_emulator_on (ScaleEmulator *self,
                   char           trigger,
                   const char    *reply,
                   gssize         length)
{
  Rule *rule = g_new0 (Rule, 1);

  rule->trigger = trigger;
  rule->reply = g_bytes_new (reply, length < 0 ? strlen (reply) : (gsize) length);
  g_queue_push_tail (&self->rules, rule);
}

void
scale_emulator_send (ScaleEmulator *self,
                     const char    *bytes,
                     gssize         length)
{
  gsize size = length < 0 ? strlen (bytes) : (gsize) length;

  g_assert_cmpint (self->master, >=, 0);
  g_assert_cmpint (write (self->master, bytes, size), ==, size);
}

const GString *
scale_emulator_received (ScaleEmulator *self)
{
  return self->received;
}

void
scale_emulator_unplug (ScaleEmulator *self)
{
  g_clear_handle_id (&self->watch, g_source_remove);
  if (self->slave >= 0)
    close (self->slave);
  if (self->master >= 0)
    close (self->master);
  self->slave = self->master = -1;
}

void
scale_emulator_free (ScaleEmulator *self)
{
  scale_emulator_unplug (self);
  g_queue_clear_full (&self->rules, (GDestroyNotify) rule_free);
  g_string_free (self->received, TRUE);
  g_free (self);
}
