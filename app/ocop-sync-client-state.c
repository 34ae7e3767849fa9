/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-sync-client-state.c: the sync client's state in the store's meta table,
 * one row "sync.NAME" per field that is set, numbers as decimal text: the
 * same rows the client wrote one key at a time before OcopSyncClientState, so
 * stores from then read the same. The outbox's epoch and watermark keep
 * their older rows "epoch", "epoch_first_seq" and "acked_through". */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ocop-store-private.h"
#include "ocop-sync-client-state.h"

typedef struct {
  OcopSyncClientField  field;
  const char         *key;
  gsize               offset;
  gboolean            number;   /* a gint64, else a char * */
} Field;

#define TEXT(FIELD, name)   { FIELD, "sync." #name, G_STRUCT_OFFSET (OcopSyncClientState, name), FALSE }
#define NUMBER(FIELD, name) { FIELD, "sync." #name, G_STRUCT_OFFSET (OcopSyncClientState, name), TRUE }
#define OUTBOX(FIELD, name) { FIELD, #name, G_STRUCT_OFFSET (OcopSyncClientState, name), TRUE }

static const Field fields[] = {
  TEXT (OCOP_SYNC_FIELD_HUB_URL, hub_url),
  TEXT (OCOP_SYNC_FIELD_DEVICE_ID, device_id),
  TEXT (OCOP_SYNC_FIELD_TOKEN, token),
  TEXT (OCOP_SYNC_FIELD_FAIR, fair),
  TEXT (OCOP_SYNC_FIELD_CA_PEM, ca_pem),
  TEXT (OCOP_SYNC_FIELD_PINNED_KEY, pinned_key),
  NUMBER (OCOP_SYNC_FIELD_CATALOG_VERSION, catalog_version),
  NUMBER (OCOP_SYNC_FIELD_ANCHOR_HUB_US, anchor_hub_us),
  NUMBER (OCOP_SYNC_FIELD_ANCHOR_MONO_US, anchor_mono_us),
  TEXT (OCOP_SYNC_FIELD_ANCHOR_BOOT, anchor_boot),
  NUMBER (OCOP_SYNC_FIELD_LAST_OK_US, last_ok_us),
  TEXT (OCOP_SYNC_FIELD_LAST_ERROR, last_error),
  NUMBER (OCOP_SYNC_FIELD_LAST_ERROR_US, last_error_us),
  OUTBOX (OCOP_SYNC_FIELD_EPOCH, epoch),
  OUTBOX (OCOP_SYNC_FIELD_EPOCH_FIRST_SEQ, epoch_first_seq),
  OUTBOX (OCOP_SYNC_FIELD_ACKED_THROUGH, acked_through),
};

/* Stores that synced before catalog deltas kept only the ETag, "N". */
#define LEGACY_CATALOG_ETAG "sync.catalog_etag"

#define TEXT_AT(state, field) G_STRUCT_MEMBER (char *, state, (field)->offset)
#define NUMBER_AT(state, field) G_STRUCT_MEMBER (gint64, state, (field)->offset)

void
ocop_sync_client_state_clear (OcopSyncClientState *state)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (fields[i].number)
      NUMBER_AT (state, &fields[i]) = 0;
    else
      g_clear_pointer (&TEXT_AT (state, &fields[i]), g_free);
}

gboolean
ocop_sync_client_state_is_enrolled (const OcopSyncClientState *state)
{
  return state->hub_url != NULL && state->device_id != NULL && state->token != NULL;
}

/* A version is never below 0; the ETag came in quotes. */
static gint64
parse_catalog_version (const char *text)
{
  return MAX (0, g_ascii_strtoll (text + (*text == '"'), NULL, 10));
}

static void
load_field (OcopSyncClientState *state,
            const Field   *field,
            const char    *value)
{
  if (field->field == OCOP_SYNC_FIELD_CATALOG_VERSION)
    NUMBER_AT (state, field) = parse_catalog_version (value);
  else if (field->number)
    NUMBER_AT (state, field) = g_ascii_strtoll (value, NULL, 10);
  else
    TEXT_AT (state, field) = g_strdup (value);
}

static const Field *
find_field (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_str_equal (fields[i].key, key))
      return &fields[i];
  return NULL;
}

static const Field *
field_of (OcopSyncClientField which)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (fields[i].field == which)
      return &fields[i];
  g_return_val_if_reached (NULL);
}

gint64
ocop_store_get_sync_number (OcopStore           *self,
                            OcopSyncClientField  which)
{
  const Field *field = field_of (which);

  g_return_val_if_fail (field != NULL && field->number, 0);
  return ocop_store_get_meta_int (self, field->key);
}

gboolean
ocop_store_set_sync_number (OcopStore            *self,
                            OcopSyncClientField   which,
                            gint64                value,
                            GError              **error)
{
  const Field *field = field_of (which);
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  g_return_val_if_fail (field != NULL && field->number, FALSE);
  return ocop_store_set_meta (self, field->key, text, error);
}

void
ocop_store_load_sync_state (OcopStore           *self,
                            OcopSyncClientState *state)
{
  /* The whole table (a few dozen rows): the keys are the table's above. */
  sqlite3_stmt *stmt = ocop_store_prepare (self, "SELECT key, value FROM meta", NULL);
  g_autofree char *etag = NULL;

  ocop_sync_client_state_clear (state);
  if (stmt == NULL)
    return;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *key = (const char *) sqlite3_column_text (stmt, 0);
      const char *value = (const char *) sqlite3_column_text (stmt, 1);
      const Field *field = find_field (key);

      if (value == NULL)
        continue;
      if (field != NULL)
        load_field (state, field, value);
      else if (g_str_equal (key, LEGACY_CATALOG_ETAG))
        etag = g_strdup (value);
    }
  sqlite3_reset (stmt);
  if (state->catalog_version == 0 && etag != NULL)
    state->catalog_version = parse_catalog_version (etag);
}

static gboolean
save_field (OcopStore                  *self,
            const OcopSyncClientState  *state,
            const Field                *field,
            GError                    **error)
{
  g_autofree char *number = NULL;
  const char *value;

  if (field->number)
    value = number = NUMBER_AT (state, field) ? g_strdup_printf ("%" G_GINT64_FORMAT, NUMBER_AT (state, field)) : NULL;
  else
    value = TEXT_AT (state, field);
  if (value == NULL)
    return ocop_store_exec (self, "DELETE FROM meta WHERE key = ?", error, _("save a setting"), field->key);
  return ocop_store_set_meta (self, field->key, value, error);
}

gboolean
ocop_store_save_sync_state (OcopStore                  *self,
                            const OcopSyncClientState  *state,
                            OcopSyncClientField         which,
                            GError                    **error)
{
  if (!ocop_store_begin (self, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if ((which & fields[i].field) != 0 && !save_field (self, state, &fields[i], error))
      {
        ocop_store_rollback (self);
        return FALSE;
      }
  return ocop_store_commit (self, error);
}
