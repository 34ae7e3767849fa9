/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-util.h: fixtures shared by the core's tests: a fresh store in a
 * temporary folder, set up with the demo fair, and quick sales. */
#pragma once

#include "ocop-demo.h"
#include "ocop-sale.h"
#include "ocop-store.h"
#include "ocop-sync-client-state.h"

G_BEGIN_DECLS

/* 2024-12-11 09:00 in Asia/Ho_Chi_Minh (02:00 UTC), in µs since the epoch. */
#define TEST_FAIR_MORNING_US (G_GINT64_CONSTANT (1733882400) * G_USEC_PER_SEC)
#define TEST_HOUR_US (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)

/* A new temporary folder; removed with its files by test_util_remove_dir. */
char      *test_util_make_dir      (void);
void       test_util_remove_dir    (const char *dir);

/* A store at DIR/ocop.db with the demo fair and its catalog, its clock set
 * to TEST_FAIR_MORNING_US. */
OcopStore *test_util_demo_store    (const char *dir);

/* Records a sale of the products with @skus (NULL-terminated, each once,
 * quantity @quantity), paid in full by @method. Fails the test on error. */
OcopSale  *test_util_sell          (OcopStore          *store,
                                    const char * const *skus,
                                    gint64              quantity,
                                    OcopPaymentMethod   method);
/* The same, rung up by @cashier (NULL: nobody signed in). */
OcopSale  *test_util_sell_as       (OcopStore          *store,
                                    const char * const *skus,
                                    gint64              quantity,
                                    OcopPaymentMethod   method,
                                    const char         *cashier);

/* The first @n skus of the demo catalog sold by the piece, sorted;
 * NULL-terminated. */
GStrv      test_util_demo_skus     (OcopStore *store,
                                    guint      n);

/* Runs the `ocop` program ($OCOP_TOOL) as `ocop --db @db ARGS…` (the
 * NULL-terminated @args) in a C.UTF-8 locale, with LANGUAGE=@language and
 * `--now @now` (NULL: the real clock). Replaces *@out and *@err with what
 * it printed, less the notice --now prints; returns its exit status. */
int        test_util_run_tool_v    (const char  *db,
                                    const char  *language,
                                    const char  *now,
                                    char       **out,
                                    char       **err,
                                    va_list      args);

/* The supervisor the core's tests approve voids, refunds and day closes
 * with, and that supervisor's PIN. */
#define TEST_SUPERVISOR     "Giám sát Hà"
#define TEST_SUPERVISOR_PIN "8642"

/* An approval by TEST_SUPERVISOR, added to @store as an active supervisor
 * if needed; made once per store (Argon2 is slow on purpose) and owned by
 * it. */
const OcopApproval *test_util_approval (OcopStore *store);

/* The same with @input as its standard input (a pipe, not a terminal). */
int        test_util_run_tool_input_v (const char  *db,
                                       const char  *language,
                                       const char  *now,
                                       const char  *input,
                                       char       **out,
                                       char       **err,
                                       va_list      args);

gint64     test_util_query_int     (OcopStore  *store,
                                    const char *sql);

/* TRUE when the store holds a device token from an enrollment. */
gboolean   test_util_is_enrolled   (OcopStore  *store);

/* A copy of the text field @member of the store's sync client state, read
 * afresh (a round or an enrollment writes it): the member's name is
 * checked by the compiler, as in the client. */
#define test_util_sync_text(store, member) \
  test_util_sync_text_at ((store), G_STRUCT_OFFSET (OcopSyncClientState, member))
char      *test_util_sync_text_at  (OcopStore  *store,
                                    glong       offset);

G_END_DECLS
