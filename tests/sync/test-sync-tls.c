/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sync-tls.c: a real ocop-hub serving HTTPS on loopback with a
 * self-signed certificate made by openssl at test time, and devices that
 * enroll with `ocop sync enroll` trusting it by its certificate and its
 * pinned key, or refusing it. */

#include <string.h>
#include <sys/wait.h>
#include <glib/gstdio.h>

#include "ocop-store-outbox.h"
#include "ocop-sync-client.h"
#include "sync-fixture.h"
#include "test-tools.h"
#include "test-util.h"

#define FAIR "qn-2024"

/* Made once for the whole program: key generation is the slow part. */
static char *pki_dir;
static char *hub_cert, *hub_key, *hub_pin;
static char *other_pin;   /* the pin of another key: an impostor's */

typedef struct {
  TestHub    hub;
  OcopStore *store;
  char      *store_dir;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->hub.tls_cert = hub_cert;
  f->hub.tls_key = hub_key;
  test_hub_start (&f->hub, NULL);
  g_assert_true (g_str_has_prefix (f->hub.url, "https://"));
  f->store_dir = g_build_filename (f->hub.dir, "device", NULL);
  g_assert_cmpint (g_mkdir (f->store_dir, 0700), ==, 0);
  f->store = test_util_demo_store (f->store_dir);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  g_free (f->store_dir);
  test_hub_clear (&f->hub);
}

/* The `ocop` program on @db with @args, in English; its exit status. */
static int
run_tool (const char          *db,
          char               **out,
          char               **err,
          const char * const  *args)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_strv_builder_add_many (builder, g_getenv ("OCOP_TOOL"), "--db", db, NULL);
  g_strv_builder_addv (builder, (const char **) args);
  argv = g_strv_builder_end (builder);
  env = g_environ_setenv (env, "LC_ALL", "C.UTF-8", TRUE);
  env = g_environ_setenv (env, "LANGUAGE", "en", TRUE);
  g_spawn_sync (NULL, argv, env, G_SPAWN_DEFAULT, NULL, NULL, out, err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

/* `ocop sync enroll --hub URL --code CODE` plus @first_extra… (NULL
 * terminated) on the device's store; its status, and what it printed on
 * stderr in *@err. */
static int
enroll (Fixture     *f,
        const char  *url,
        char       **err,
        const char  *first_extra,
        ...)
{
  g_autofree char *code = test_hub_run (&f->hub, "enroll", "--fair", FAIR, "--booth", "QN-07", NULL);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *out = NULL, *ignored = NULL;
  va_list extra;
  int status;

  g_ptr_array_add (args, (char *) "sync");
  g_ptr_array_add (args, (char *) "enroll");
  g_ptr_array_add (args, (char *) "--hub");
  g_ptr_array_add (args, (char *) url);
  g_ptr_array_add (args, (char *) "--code");
  g_ptr_array_add (args, code);
  va_start (extra, first_extra);
  for (const char *arg = first_extra; arg != NULL; arg = va_arg (extra, const char *))
    g_ptr_array_add (args, (char *) arg);
  va_end (extra);
  g_ptr_array_add (args, NULL);
  status = run_tool (ocop_store_get_path (f->store), &out, err ? err : &ignored, (const char * const *) args->pdata);
  return status;
}

static gboolean
sync_store (OcopStore  *store,
            GError    **error)
{
  g_autoptr(OcopSyncClient) client = ocop_sync_client_new (ocop_store_get_path (store));
  OcopSyncRound round;
  gboolean ok = ocop_sync_client_run_round (client, &round, NULL, error);

  ocop_sync_round_clear (&round);
  return ok;
}

static void
sell_two (OcopStore *store)
{
  g_auto(GStrv) skus = test_util_demo_skus (store, 2);
  const char *one[] = { skus[0], NULL };
  const char *other[] = { skus[1], NULL };

  g_object_unref (test_util_sell (store, one, 1, OCOP_PAYMENT_CASH));
  g_object_unref (test_util_sell (store, other, 2, OCOP_PAYMENT_TRANSFER));
}

static gint64
hub_events (Fixture *f)
{
  return test_hub_query_int (&f->hub, "SELECT count (*) FROM event");
}

/* ---- the cases ---- */

static void
test_ca_file (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (enroll (f, f->hub.url, &err, "--ca-file", hub_cert, NULL), ==, 0);
  sell_two (f->store);
  g_assert_cmpint (ocop_store_outbox_pending (f->store), >, 0);
  g_assert_true (sync_store (f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ocop_store_outbox_pending (f->store), ==, 0);
  g_assert_cmpint (hub_events (f), ==, ocop_store_outbox_last_seq (f->store));
  g_assert_cmpint (test_hub_query_int (&f->hub, "SELECT sum (sales) FROM tally_booth_day"), ==, 2);
}

static void
test_pin (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  gint64 pending, held;

  g_assert_cmpint (enroll (f, f->hub.url, &err, "--ca-file", hub_cert, "--pin", hub_pin, NULL), ==, 0);
  sell_two (f->store);
  g_assert_true (sync_store (f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ocop_store_outbox_pending (f->store), ==, 0);

  /* A hub whose key is not the pinned one: refused, nothing marked sent. */
  g_assert_true (ocop_store_save_sync_state (f->store, &(OcopSyncClientState) { .pinned_key = other_pin },
                                            OCOP_SYNC_FIELD_PINNED_KEY, &error));
  sell_two (f->store);
  pending = ocop_store_outbox_pending (f->store);
  held = hub_events (f);
  g_assert_false (sync_store (f->store, &error));
  g_assert_error (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_TLS);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "does not have the pinned public key"));
  g_assert_cmpint (ocop_store_outbox_pending (f->store), ==, pending);
  g_assert_cmpint (hub_events (f), ==, held);
}

static void
test_wrong_pin_at_enrollment (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *err = NULL;

  g_assert_cmpint (enroll (f, f->hub.url, &err, "--ca-file", hub_cert, "--pin", other_pin, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "does not have the pinned public key"));
  g_assert_false (test_util_is_enrolled (f->store));
}

static void
test_untrusted (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;

  /* A self-signed hub with neither its certificate nor a pin. */
  g_assert_cmpint (enroll (f, f->hub.url, &err, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "certificate"));
  g_assert_nonnull (strstr (err, "is not trusted"));
  g_assert_false (test_util_is_enrolled (f->store));
  /* A pin adds to the certificate check; it does not replace it. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (enroll (f, f->hub.url, &err, "--pin", hub_pin, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "is not trusted"));
  g_assert_false (test_util_is_enrolled (f->store));
  /* Whatever the store says later, a round checks the certificate. */
  g_assert_cmpint (enroll (f, f->hub.url, NULL, "--ca-file", hub_cert, NULL), ==, 0);
  g_assert_true (ocop_store_save_sync_state (f->store, &(OcopSyncClientState) { .ca_pem = NULL },
                                            OCOP_SYNC_FIELD_CA_PEM, &error));
  sell_two (f->store);
  g_assert_false (sync_store (f->store, &error));
  g_assert_error (error, OCOP_SYNC_ERROR, OCOP_SYNC_ERROR_TLS);
  g_assert_cmpint (ocop_store_outbox_pending (f->store), ==, ocop_store_outbox_last_seq (f->store));
}

static void
test_plain_http (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *err = NULL;
  g_autofree char *plain = g_strdup_printf ("http://127.0.0.1:%u", f->hub.port);

  g_assert_cmpint (enroll (f, plain, &err, NULL), ==, 1);
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, "use an https:// address"));
  g_assert_false (test_util_is_enrolled (f->store));
  /* A pin or a certificate on plain http would protect nothing. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (enroll (f, plain, &err, "--ca-file", hub_cert, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "is not https://"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (enroll (f, f->hub.url, &err, "--pin", "sha256//short", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "is not sha256//"));
  g_assert_false (test_util_is_enrolled (f->store));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *other_cert = NULL, *other_key = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  test_tool_require ("openssl", "openssl");
  pki_dir = test_util_make_dir ();
  hub_cert = test_make_certificate (pki_dir, "hub.pem", &hub_key);
  hub_pin = test_public_key_pin (hub_cert);
  other_cert = test_make_certificate (pki_dir, "other.pem", &other_key);
  other_pin = test_public_key_pin (other_cert);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/sync-tls/ca-file", test_ca_file);
  ADD ("/sync-tls/pin", test_pin);
  ADD ("/sync-tls/wrong-pin-at-enrollment", test_wrong_pin_at_enrollment);
  ADD ("/sync-tls/untrusted", test_untrusted);
  ADD ("/sync-tls/plain-http", test_plain_http);
#undef ADD

  status = g_test_run ();
  test_util_remove_dir (pki_dir);
  g_free (pki_dir);
  g_free (hub_cert);
  g_free (hub_key);
  g_free (hub_pin);
  g_free (other_pin);
  return status;
}
