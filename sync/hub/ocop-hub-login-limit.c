/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-hub-login-limit.c: failed organizer logins counted per name and
 * address and per address, in memory, in a table of fixed capacity. */

#include "config.h"

#include <string.h>
#include <sodium.h>

#include "ocop-hub-login-limit.h"

/* 128 bits of a keyed BLAKE2b name each entry, whatever the length of the
 * name and address it counts: an entry is the same size for a name of 5
 * bytes and one of a megabyte, and the key, drawn at start-up, keeps an
 * attacker from choosing names that fall into one hash bucket. */
#define ID_BYTES 16

typedef enum {
  KIND_NAME_AT_ADDRESS = 'n',
  KIND_ADDRESS = 'a',
} Kind;

typedef struct {
  guint8  id[ID_BYTES];
  guint8  allowed;
  guint8  count;
  /* The last failures inside the window, oldest first; no more than
   * @allowed are ever needed to know when the next try is allowed. */
  gint64  times[OCOP_HUB_LOGIN_ADDRESS_FAILURES_ALLOWED];
} Entry;

G_STATIC_ASSERT (OCOP_HUB_LOGIN_FAILURES_ALLOWED <= OCOP_HUB_LOGIN_ADDRESS_FAILURES_ALLOWED);
G_STATIC_ASSERT (OCOP_HUB_LOGIN_ADDRESS_FAILURES_ALLOWED <= G_MAXUINT8);

struct _OcopHubLoginLimit {
  GMutex      lock;
  GHashTable *entries;   /* a set of Entry, keyed by their id */
  guint       capacity;
  guint8      key[crypto_generichash_KEYBYTES];
};

static guint
entry_hash (gconstpointer entry)
{
  guint hash;

  memcpy (&hash, ((const Entry *) entry)->id, sizeof hash);
  return hash;
}

static gboolean
entry_equal (gconstpointer a,
             gconstpointer b)
{
  return memcmp (((const Entry *) a)->id, ((const Entry *) b)->id, ID_BYTES) == 0;
}

OcopHubLoginLimit *
ocop_hub_login_limit_new (guint capacity)
{
  OcopHubLoginLimit *self = g_new0 (OcopHubLoginLimit, 1);

  if (sodium_init () < 0)
    g_error ("libsodium cannot be initialised");
  g_mutex_init (&self->lock);
  self->entries = g_hash_table_new_full (entry_hash, entry_equal, g_free, NULL);
  self->capacity = MAX (capacity, 2);
  randombytes_buf (self->key, sizeof self->key);
  return self;
}

void
ocop_hub_login_limit_free (OcopHubLoginLimit *self)
{
  g_hash_table_unref (self->entries);
  g_mutex_clear (&self->lock);
  sodium_memzero (self->key, sizeof self->key);
  g_free (self);
}

static void
entry_id (OcopHubLoginLimit *self,
          Kind               kind,
          const char        *name,
          const char        *address,
          guint8             id[ID_BYTES])
{
  crypto_generichash_state state;
  guint8 tag = (guint8) kind;

  crypto_generichash_init (&state, self->key, sizeof self->key, ID_BYTES);
  crypto_generichash_update (&state, &tag, 1);
  crypto_generichash_update (&state, (const guint8 *) address, strlen (address) + 1);
  if (kind == KIND_NAME_AT_ADDRESS)
    crypto_generichash_update (&state, (const guint8 *) name, strlen (name) + 1);
  crypto_generichash_final (&state, id, ID_BYTES);
}

/* Drops the failures that have left the window; FALSE when none is left. */
static gboolean
entry_prune (Entry  *entry,
             gint64  now_us)
{
  guint old = 0;

  while (old < entry->count && entry->times[old] <= now_us - OCOP_HUB_LOGIN_WINDOW_US)
    old++;
  memmove (entry->times, entry->times + old, (entry->count - old) * sizeof entry->times[0]);
  entry->count -= old;
  return entry->count > 0;
}

static gint64
entry_wait (const Entry *entry,
            gint64       now_us)
{
  gint64 free_at;

  if (entry->count < entry->allowed)
    return 0;
  free_at = entry->times[entry->count - entry->allowed] + OCOP_HUB_LOGIN_WINDOW_US;
  return MAX (1, (free_at - now_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
}

/* The live entry for @kind, or NULL; an entry whose failures have all
 * left the window is removed on the way. */
static Entry *
lookup (OcopHubLoginLimit *self,
        Kind               kind,
        const char        *name,
        const char        *address,
        gint64             now_us)
{
  Entry probe;
  Entry *entry;

  entry_id (self, kind, name, address, probe.id);
  entry = g_hash_table_lookup (self->entries, &probe);
  if (entry != NULL && !entry_prune (entry, now_us))
    {
      g_hash_table_remove (self->entries, entry);
      return NULL;
    }
  return entry;
}

gint64
ocop_hub_login_limit_wait (OcopHubLoginLimit *self,
                           const char        *name,
                           const char        *address,
                           gint64             now_us)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  Entry *pair = lookup (self, KIND_NAME_AT_ADDRESS, name, address, now_us);
  Entry *anywhere = lookup (self, KIND_ADDRESS, name, address, now_us);

  return MAX (pair ? entry_wait (pair, now_us) : 0, anywhere ? entry_wait (anywhere, now_us) : 0);
}

/* Whether @a is cheaper to lose than @b: fewer failures, then older. */
static gboolean
weaker (const Entry *a,
        const Entry *b)
{
  if (a->count != b->count)
    return a->count < b->count;
  return a->times[a->count - 1] < b->times[b->count - 1];
}

/* Makes room for one more entry when the table is full: first every entry
 * whose failures have left the window, then, only if all are live, the
 * one that holds the fewest failures (the oldest among equals).
 *
 * Why an attacker cannot cheaply free a real lockout this way: a lockout
 * holds 5 (or 20) failures, so it goes only once every other entry holds
 * as many, inside the same five minutes. Each failure is a wrong password
 * that the hub checked with Argon2id, and each address may fail only 20
 * times in five minutes, so filling 8192 entries with 5 failures each
 * takes more than 32,000 such checks in five minutes (above 100 a second,
 * more than the hub's workers verify) from more than 1,600 addresses. A
 * flood of single failures only ever pushes out other single failures. */
static void
make_room (OcopHubLoginLimit *self,
           gint64             now_us)
{
  GHashTableIter iter;
  Entry *entry, *weakest = NULL;

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, (gpointer *) &entry, NULL))
    {
      if (!entry_prune (entry, now_us))
        g_hash_table_iter_remove (&iter);
      else if (weakest == NULL || weaker (entry, weakest))
        weakest = entry;
    }
  if (g_hash_table_size (self->entries) >= self->capacity && weakest != NULL)
    g_hash_table_remove (self->entries, weakest);
}

static void
record (OcopHubLoginLimit *self,
        Kind               kind,
        const char        *name,
        const char        *address,
        gint64             now_us)
{
  Entry *entry = lookup (self, kind, name, address, now_us);

  if (entry == NULL)
    {
      if (g_hash_table_size (self->entries) >= self->capacity)
        make_room (self, now_us);
      entry = g_new0 (Entry, 1);
      entry_id (self, kind, name, address, entry->id);
      entry->allowed = kind == KIND_ADDRESS ? OCOP_HUB_LOGIN_ADDRESS_FAILURES_ALLOWED
                                            : OCOP_HUB_LOGIN_FAILURES_ALLOWED;
      g_hash_table_add (self->entries, entry);
    }
  /* Only the last @allowed failures decide when the next try may come. */
  if (entry->count == entry->allowed)
    {
      memmove (entry->times, entry->times + 1, (entry->count - 1) * sizeof entry->times[0]);
      entry->count--;
    }
  entry->times[entry->count++] = now_us;
}

void
ocop_hub_login_limit_fail (OcopHubLoginLimit *self,
                           const char        *name,
                           const char        *address,
                           gint64             now_us)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  record (self, KIND_NAME_AT_ADDRESS, name, address, now_us);
  record (self, KIND_ADDRESS, name, address, now_us);
}

guint
ocop_hub_login_limit_size (OcopHubLoginLimit *self)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->lock);

  return g_hash_table_size (self->entries);
}
