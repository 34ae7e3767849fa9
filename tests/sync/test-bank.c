/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-bank.c: transfers confirmed by the bank. Each service's
 * notification verified as it documents it (its published examples and
 * vectors, and descriptions with Vietnamese marks) and refused when
 * tampered, stale or signed with another key; matching on the hub's store
 * (exact, under, over, unknown code, duplicate delivery, a second payment,
 * two booths, a code of another day, a payment before its announcement);
 * and on a real hub on loopback, a notification reaching a booth's
 * waiting client, also across a restart of the hub. Runs on SQLite, and
 * on PostgreSQL under run-pg.sh. The signatures here are computed with
 * GLib's GHmac, not the hub's own code. */

#include <string.h>

#include "ocop-hub-bank.h"
#include "ocop-hub-error.h"
#include "ocop-payment-code.h"
#include "ocop-sync-client.h"
#include "ocop-sync-transfer.h"
#include "sync-fixture.h"
#include "test-util.h"

/* ---- signing as the services do, with GLib ---- */

static char *
hmac (GChecksumType  type,
      const char    *key,
      const char    *message)
{
  return g_compute_hmac_for_data (type, (const guchar *) key, strlen (key), (const guchar *) message,
                                  strlen (message));
}

typedef struct {
  const char *names[4];
  const char *values[4];
} Headers;

static const char *
header_cb (gpointer    data,
           const char *name)
{
  Headers *headers = data;

  for (guint i = 0; i < G_N_ELEMENTS (headers->names) && headers->names[i] != NULL; i++)
    if (g_ascii_strcasecmp (headers->names[i], name) == 0)
      return headers->values[i];
  return NULL;
}

static OcopHubBankAccount *
account_new (const char *service,
             const char *secret)
{
  OcopHubBankAccount *account = g_new0 (OcopHubBankAccount, 1);

  account->name = g_strdup ("booths");
  account->service = g_strdup (service);
  account->fair = g_strdup ("hcm-2026");
  account->account = g_strdup ("0011001932418");
  account->secret = g_strdup (secret);
  return account;
}

/* What @service makes of @body with @headers at @now_us. */
static OcopHubBankNotice *
read_notice (const char  *service,
             const char  *secret,
             Headers     *headers,
             const char  *body,
             gint64       now_us,
             gboolean    *ignored,
             GError     **error)
{
  g_autoptr(OcopHubBankAccount) account = account_new (service, secret);
  OcopHubBankRequest request = { account, header_cb, headers, body, strlen (body), now_us };

  *ignored = FALSE;
  return ocop_hub_bank_service_find (service)->read (&request, ignored, error);
}

static void
assert_refused (const char *service,
                const char *secret,
                Headers    *headers,
                const char *body,
                gint64      now_us,
                const char *words)
{
  g_autoptr(GError) error = NULL;
  gboolean ignored = FALSE;
  g_autoptr(OcopHubBankNotice) notice = read_notice (service, secret, headers, body, now_us, &ignored, &error);

  g_assert_null (notice);
  g_assert_false (ignored);
  g_assert_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_UNAUTHORIZED);
  g_assert_nonnull (strstr (error->message, words));
}

static OcopHubBankNotice *
assert_read (const char *service,
             const char *secret,
             Headers    *headers,
             const char *body,
             gint64      now_us)
{
  g_autoptr(GError) error = NULL;
  gboolean ignored = FALSE;
  OcopHubBankNotice *notice = read_notice (service, secret, headers, body, now_us, &ignored, &error);

  g_assert_no_error (error);
  g_assert_nonnull (notice);
  return notice;
}

/* SePay's documented payload, with the transfer's content in Vietnamese
 * and its payment code. */
#define SEPAY_BODY(amount, type) \
  "{\"id\":92704,\"gateway\":\"Vietcombank\",\"transactionDate\":\"2026-12-03 10:12:37\"," \
  "\"accountNumber\":\"0011001932418\",\"code\":null,\"content\":\"Chuyển tiền OCP4QN01000012J cảm ơn\"," \
  "\"transferType\":\"" type "\",\"transferAmount\":" amount ",\"accumulated\":19077000,\"subAccount\":null," \
  "\"referenceCode\":\"MBVCB.3278907687\",\"description\":\"\"}"

static void
test_sepay_api_key (void)
{
  Headers good = { { "Authorization" }, { "Apikey sepay-key-2026" } };
  Headers wrong = { { "Authorization" }, { "Apikey sepay-key-2025" } };
  Headers none = { { NULL } };
  g_autoptr(OcopHubBankNotice) notice = assert_read ("sepay", "sepay-key-2026", &good, SEPAY_BODY ("135000", "in"),
                                                     g_get_real_time ());
  g_autoptr(OcopHubBankNotice) out = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ignored = FALSE;

  g_assert_cmpstr (notice->transaction, ==, "92704");
  g_assert_cmpstr (notice->account, ==, "0011001932418");
  g_assert_cmpint (notice->amount, ==, 135000);
  g_assert_cmpstr (notice->code, ==, "OCP4QN01000012J");
  g_assert_nonnull (strstr (notice->description, "Chuyển tiền"));
  assert_refused ("sepay", "sepay-key-2026", &wrong, SEPAY_BODY ("135000", "in"), g_get_real_time (), "Apikey");
  assert_refused ("sepay", "sepay-key-2026", &none, SEPAY_BODY ("135000", "in"), g_get_real_time (), "Apikey");
  /* Money out of the account confirms nothing, and is no error. */
  out = read_notice ("sepay", "sepay-key-2026", &good, SEPAY_BODY ("135000", "out"), g_get_real_time (), &ignored,
                     &error);
  g_assert_no_error (error);
  g_assert_null (out);
  g_assert_true (ignored);
}

static void
test_sepay_hmac (void)
{
  gint64 now_us = G_GINT64_CONSTANT (1796271157) * G_USEC_PER_SEC;
  const char *body = SEPAY_BODY ("135000", "in");
  g_autofree char *message = g_strdup_printf ("1796271157.%s", body);
  g_autofree char *signature = hmac (G_CHECKSUM_SHA256, "whsec-sepay", message);
  g_autofree char *prefixed = g_strconcat ("sha256=", signature, NULL);
  Headers good = { { "X-SePay-Signature", "X-SePay-Timestamp" }, { signature, "1796271157" } };
  Headers also_good = { { "X-SePay-Signature", "X-SePay-Timestamp" }, { prefixed, "1796271157" } };
  Headers other_time = { { "X-SePay-Signature", "X-SePay-Timestamp" }, { signature, "1796271158" } };
  g_autoptr(OcopHubBankNotice) notice = assert_read ("sepay-hmac", "whsec-sepay", &good, body, now_us);
  g_autoptr(OcopHubBankNotice) again = assert_read ("sepay-hmac", "whsec-sepay", &also_good, body, now_us);

  g_assert_cmpint (notice->amount, ==, 135000);
  g_assert_cmpstr (again->code, ==, "OCP4QN01000012J");
  /* Tampered: the amount, or the signed time. */
  assert_refused ("sepay-hmac", "whsec-sepay", &good, SEPAY_BODY ("1350000", "in"), now_us, "signature is wrong");
  assert_refused ("sepay-hmac", "whsec-sepay", &other_time, body, now_us, "signature is wrong");
  /* Another key. */
  assert_refused ("sepay-hmac", "whsec-other", &good, body, now_us, "signature is wrong");
  /* Replayed ten minutes later. */
  assert_refused ("sepay-hmac", "whsec-sepay", &good, body, now_us + 600 * G_USEC_PER_SEC, "away from the hub's clock");
}

/* Casso's published example (CassoHQ/casso-webhook-v2-verify-signature,
 * python.py): its body, key and X-Casso-Signature. */
#define CASSO_KEY "mgExMrjj4i7a1p8Cs6LmFbpCd8lbw4sSX4LZXPag7TKazeIogtR90tvWYTkwQbvs"
#define CASSO_BODY(amount) \
  "{\"error\": 0, \"data\": {\"id\": 0, \"reference\": \"MA_GIAO_DICH_THU_NGHIEM\"," \
  " \"description\": \"giao dich thu nghiem\", \"amount\": " amount ", \"runningBalance\": 25000000," \
  " \"transactionDateTime\": \"2024-10-03 15:06:37\", \"accountNumber\": \"88888888\", \"bankName\": \"VPBank\"," \
  " \"bankAbbreviation\": \"VPB\", \"virtualAccountNumber\": \"\", \"virtualAccountName\": \"\"," \
  " \"counterAccountName\": \"NGUYEN VAN A\", \"counterAccountNumber\": \"8888888888\"," \
  " \"counterAccountBankId\": \"970415\", \"counterAccountBankName\": \"VietinBank\"}}"
#define CASSO_SIGNATURE \
  "t=1727948258788,v1=ed0a4bd2e826d5cb69988cdb141e6c1a080e21f3b57eb72cd78192220042b9e7dde0868fc667faea8e2249" \
  "00fa7904e7c88dfa098032fb2d6b6996856e8b7ff3"

static void
test_casso_example (void)
{
  gint64 signed_us = G_GINT64_CONSTANT (1727948258788) * 1000;
  Headers good = { { "X-Casso-Signature" }, { CASSO_SIGNATURE } };
  Headers none = { { NULL } };
  g_autoptr(OcopHubBankNotice) notice = assert_read ("casso", CASSO_KEY, &good, CASSO_BODY ("599000"),
                                                     signed_us + 2 * G_USEC_PER_SEC);

  g_assert_cmpstr (notice->transaction, ==, "0");
  g_assert_cmpstr (notice->account, ==, "88888888");
  g_assert_cmpint (notice->amount, ==, 599000);
  g_assert_null (notice->code);
  assert_refused ("casso", CASSO_KEY, &good, CASSO_BODY ("5990000"), signed_us, "signature is wrong");
  assert_refused ("casso", "another-key", &good, CASSO_BODY ("599000"), signed_us, "signature is wrong");
  assert_refused ("casso", CASSO_KEY, &none, CASSO_BODY ("599000"), signed_us, "X-Casso-Signature");
  /* The example itself, a year later. */
  assert_refused ("casso", CASSO_KEY, &good, CASSO_BODY ("599000"), g_get_real_time (), "away from the hub's clock");
}

/* A description with marks, signed the way Casso's JavaScript sample
 * writes the sorted body (letters as they are) and the way its Python
 * sample does (\uXXXX): both are Casso's scheme. The canonical texts are
 * written out here, keys sorted, without spaces. */
static void
test_casso_diacritics (void)
{
  const char *body = "{\"data\":{\"accountNumber\":\"0011001932418\",\"amount\":135000,"
                     "\"description\":\"Thanh toán OCP4QN01000012J cảm ơn\",\"id\":218897},\"error\":0}";
  const char *escaped = "{\"data\":{\"accountNumber\":\"0011001932418\",\"amount\":135000,"
                        "\"description\":\"Thanh to\\u00e1n OCP4QN01000012J c\\u1ea3m \\u01a1n\",\"id\":218897},"
                        "\"error\":0}";
  gint64 now_us = g_get_real_time ();
  gint64 now_ms = now_us / 1000;
  g_autofree char *raw_message = g_strdup_printf ("%" G_GINT64_FORMAT ".%s", now_ms, body);
  g_autofree char *escaped_message = g_strdup_printf ("%" G_GINT64_FORMAT ".%s", now_ms, escaped);
  g_autofree char *raw_mac = hmac (G_CHECKSUM_SHA512, "casso-key", raw_message);
  g_autofree char *escaped_mac = hmac (G_CHECKSUM_SHA512, "casso-key", escaped_message);
  g_autofree char *raw_header = g_strdup_printf ("t=%" G_GINT64_FORMAT ",v1=%s", now_ms, raw_mac);
  g_autofree char *escaped_header = g_strdup_printf ("t=%" G_GINT64_FORMAT ",v1=%s", now_ms, escaped_mac);
  Headers raw = { { "X-Casso-Signature" }, { raw_header } };
  Headers python = { { "X-Casso-Signature" }, { escaped_header } };
  g_autoptr(OcopHubBankNotice) first = assert_read ("casso", "casso-key", &raw, body, now_us);
  g_autoptr(OcopHubBankNotice) second = assert_read ("casso", "casso-key", &python, body, now_us);

  g_assert_cmpstr (first->code, ==, "OCP4QN01000012J");
  g_assert_cmpstr (second->description, ==, "Thanh toán OCP4QN01000012J cảm ơn");
  assert_refused ("casso", "casso-key", &raw, "{\"data\":{\"accountNumber\":\"0011001932418\",\"amount\":135000,"
                  "\"description\":\"Thanh toan OCP4QN01000012J cam on\",\"id\":218897},\"error\":0}", now_us,
                  "signature is wrong");
}

/* payOS's webhook vector (payOSHQ/payos-lib-python,
 * tests/_crypto/testCases.json, "webhook", key test_checksum_key). */
#define PAYOS_DATA(amount, description) \
  "{\"accountNumber\":\"0123456789\",\"amount\":" amount ",\"description\":\"" description "\"," \
  "\"reference\":\"FT-REFERENCE\",\"transactionDateTime\":\"2025-12-12 09:00:00\",\"virtualAccountNumber\":\"\"," \
  "\"counterAccountBankId\":\"01202001\",\"counterAccountBankName\":\"\",\"counterAccountName\":\"NGUYEN VAN A\"," \
  "\"counterAccountNumber\":\"9876543210\",\"virtualAccountName\":\"\",\"currency\":\"VND\",\"orderCode\":0," \
  "\"paymentLinkId\":\"payment-link-id\",\"code\":\"00\",\"desc\":\"success\"}"
#define PAYOS_VECTOR "302b3becca1672dff99daafae2965f40e48ea3ca39453e4bf37fbcc26807a0e8"

static char *
payos_body (const char *data,
            const char *signature)
{
  return g_strdup_printf ("{\"code\":\"00\",\"desc\":\"success\",\"success\":true,\"data\":%s,\"signature\":\"%s\"}",
                          data, signature);
}

static void
test_payos_vector (void)
{
  g_autofree char *body = payos_body (PAYOS_DATA ("20000", "thanh toan"), PAYOS_VECTOR);
  g_autofree char *tampered = payos_body (PAYOS_DATA ("200000", "thanh toan"), PAYOS_VECTOR);
  Headers none = { { NULL } };
  g_autoptr(OcopHubBankNotice) notice = assert_read ("payos", "test_checksum_key", &none, body, g_get_real_time ());

  g_assert_cmpstr (notice->transaction, ==, "FT-REFERENCE");
  g_assert_cmpstr (notice->account, ==, "0123456789");
  g_assert_cmpint (notice->amount, ==, 20000);
  assert_refused ("payos", "test_checksum_key", &none, tampered, g_get_real_time (), "signature is wrong");
  assert_refused ("payos", "another_key", &none, body, g_get_real_time (), "signature is wrong");
}

/* payOS signs "key=value" sorted, the description as it is. */
static void
test_payos_diacritics (void)
{
  const char *text = "accountNumber=0123456789&amount=135000&code=00&counterAccountBankId=01202001"
                     "&counterAccountBankName=&counterAccountName=NGUYEN VAN A&counterAccountNumber=9876543210"
                     "&currency=VND&desc=success&description=Thanh toán OCP4QN01000012J cảm ơn&orderCode=0"
                     "&paymentLinkId=payment-link-id&reference=FT-REFERENCE&transactionDateTime=2025-12-12 09:00:00"
                     "&virtualAccountName=&virtualAccountNumber=";
  g_autofree char *signature = hmac (G_CHECKSUM_SHA256, "test_checksum_key", text);
  g_autofree char *body = payos_body (PAYOS_DATA ("135000", "Thanh toán OCP4QN01000012J cảm ơn"), signature);
  Headers none = { { NULL } };
  g_autoptr(OcopHubBankNotice) notice = assert_read ("payos", "test_checksum_key", &none, body, g_get_real_time ());

  g_assert_cmpstr (notice->code, ==, "OCP4QN01000012J");
}

/* ---- matching, on the hub's store ---- */

typedef struct {
  TestHub             hub;
  OcopHubBackend     *backend;
  OcopHubBankAccount *account;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  test_hub_start (&f->hub, NULL);
  f->backend = ocop_hub_backend_open (f->hub.db, &error);
  g_assert_no_error (error);
  f->account = account_new ("sepay", "sepay-key-2026");
  ocop_hub_backend_put_bank_account (f->backend, f->account, g_get_real_time (), &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  ocop_hub_bank_account_free (f->account);
  ocop_hub_backend_free (f->backend);
  test_hub_clear (&f->hub);
}

/* 2026-12-03 10:00 in Hồ Chí Minh City. */
#define NOW_US (G_GINT64_CONSTANT (1796266800) * G_USEC_PER_SEC)
#define TODAY "2026-12-03"

static char *
code_of (const char *booth,
         gint64      receipt_no)
{
  char *code = ocop_payment_code_encode (booth, receipt_no, NULL);

  g_assert_nonnull (code);
  return code;
}

static void
announce (Fixture    *f,
          const char *booth,
          gint64      receipt_no,
          gint64      amount,
          const char *day,
          gboolean    expect_confirmed)
{
  OcopHubDevice device = { "dev-1", NULL, (char *) "hcm-2026", (char *) booth, FALSE };
  g_autofree char *code = code_of (booth, receipt_no);
  g_autoptr(GError) error = NULL;
  gboolean confirmed = !expect_confirmed;

  g_assert_true (ocop_hub_backend_announce_transfer (f->backend, &device, code, amount, "0011001932418", day, NOW_US,
                                                     &confirmed, &error));
  g_assert_no_error (error);
  g_assert_true (confirmed == expect_confirmed);
}

/* A credit of @amount to @account with @description, judged. */
static void
notify (Fixture    *f,
        const char *transaction,
        const char *account,
        gint64      amount,
        const char *description,
        const char *status,
        gboolean    duplicate)
{
  OcopHubBankNotice notice = { (char *) transaction, (char *) account, amount, (char *) description,
                               ocop_payment_code_find (description) };
  g_auto(OcopHubBankOutcome) outcome = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (ocop_hub_backend_record_bank_notice (f->backend, f->account, &notice, NOW_US, &outcome, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (outcome.status, ==, status);
  g_assert_true (outcome.duplicate == duplicate);
  g_free (notice.code);
}

static char *
transfer_status (Fixture    *f,
                 const char *booth,
                 gint64      receipt_no)
{
  OcopHubDevice device = { "dev-1", NULL, (char *) "hcm-2026", (char *) booth, FALSE };
  g_autofree char *code = code_of (booth, receipt_no);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) status = ocop_hub_backend_transfer_status (f->backend, &device, code, &error);

  g_assert_no_error (error);
  return g_strdup (json_object_get_string_member (json_node_get_object (status), "status"));
}

static void
test_matching (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(JsonNode) unmatched = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL, *other_booth = NULL;
  JsonArray *rows;
  GHashTable *seen = g_hash_table_new (g_str_hash, g_str_equal);
  OcopHubDevice device = { "dev-1", NULL, (char *) "hcm-2026", (char *) "QN01", FALSE };
  gboolean confirmed = FALSE;

  /* Exact, then delivered again by the service: stored once. */
  announce (f, "QN01", 1, 100000, TODAY, FALSE);
  notify (f, "t1", "0011001932418", 100000, "MBVCB.1 OCP4QN01000001P CT tu NGUYEN VAN A", "matched", FALSE);
  notify (f, "t1", "0011001932418", 100000, "MBVCB.1 OCP4QN01000001P CT tu NGUYEN VAN A", "matched", TRUE);
  first = transfer_status (f, "QN01", 1);
  g_assert_cmpstr (first, ==, "confirmed");
  /* Short, long, no code, an unknown code, a second payment. */
  announce (f, "QN01", 2, 50000, TODAY, FALSE);
  notify (f, "t2", "0011001932418", 40000, "ocp4qn01000002n", "underpaid", FALSE);
  announce (f, "QN01", 3, 50000, TODAY, FALSE);
  notify (f, "t3", "0011001932418", 60000, "Thanh toán OCP4 QN01 000003L", "overpaid", FALSE);
  notify (f, "t4", "0011001932418", 70000, "chuyen tien", "unknown", FALSE);
  notify (f, "t5", "0011001932418", 70000, "OCP4QN09000009J", "unknown", FALSE);
  notify (f, "t6", "0011001932418", 100000, "OCP4QN01000001P", "second", FALSE);
  /* Two booths: each its own code. */
  announce (f, "QN02", 1, 100000, TODAY, FALSE);
  notify (f, "t7", "0011001932418", 100000, "OCP4QN020000018", "matched", FALSE);
  other_booth = transfer_status (f, "QN02", 1);
  g_assert_cmpstr (other_booth, ==, "confirmed");
  /* A code of yesterday's sale paid again today. */
  announce (f, "QN01", 4, 80000, "2026-12-02", FALSE);
  notify (f, "t8", "0011001932418", 80000, "OCP4QN01000004J", "other_day", FALSE);
  /* Paid before the booth's announcement reached the hub. */
  notify (f, "t9", "0011001932418", 90000, "OCP4QN01000005H", "unknown", FALSE);
  announce (f, "QN01", 5, 90000, TODAY, TRUE);
  /* Another account's credit with a booth's code. */
  announce (f, "QN01", 6, 30000, TODAY, FALSE);
  notify (f, "t10", "9999999", 30000, "OCP4QN01000006F", "unknown", FALSE);
  /* A booth cannot announce another booth's code. */
  g_assert_false (ocop_hub_backend_announce_transfer (f->backend, &device, "OCP4QN020000026", 1000, "0011001932418",
                                                      TODAY, NOW_US, &confirmed, &error));
  g_assert_error (error, OCOP_HUB_ERROR, OCOP_HUB_ERROR_INVALID);

  /* Nothing dropped: every notification that did not match is listed. */
  unmatched = ocop_hub_backend_unmatched_notices (f->backend, "hcm-2026", NULL);
  rows = json_node_get_array (unmatched);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      g_hash_table_insert (seen, (gpointer) json_object_get_string_member (row, "transaction"),
                           (gpointer) json_object_get_string_member (row, "status"));
    }
  g_assert_cmpuint (json_array_get_length (rows), ==, 7);
  g_assert_cmpstr (g_hash_table_lookup (seen, "t2"), ==, "underpaid");
  g_assert_cmpstr (g_hash_table_lookup (seen, "t3"), ==, "overpaid");
  g_assert_cmpstr (g_hash_table_lookup (seen, "t4"), ==, "unknown");
  g_assert_cmpstr (g_hash_table_lookup (seen, "t5"), ==, "unknown");
  g_assert_cmpstr (g_hash_table_lookup (seen, "t6"), ==, "second");
  g_assert_cmpstr (g_hash_table_lookup (seen, "t8"), ==, "other_day");
  g_assert_cmpstr (g_hash_table_lookup (seen, "t10"), ==, "unknown");
  g_assert_null (g_hash_table_lookup (seen, "t9"));
  g_hash_table_unref (seen);
}

/* ---- a real hub on loopback and a booth's client ---- */

static char *
local_day (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("Asia/Ho_Chi_Minh");
  g_autoptr(GDateTime) now = g_date_time_new_now (zone ? zone : g_time_zone_new_offset (7 * 3600));

  return g_date_time_format (now, "%Y-%m-%d");
}

typedef struct {
  GMainLoop *loop;
  JsonNode  *answer;
  GError    *error;
} Waiting;

static void
waited_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Waiting *waiting = data;

  waiting->answer = ocop_sync_client_wait_transfer_finish (OCOP_SYNC_CLIENT (source), result, &waiting->error);
  g_main_loop_quit (waiting->loop);
}

static gboolean
post_cb (gpointer data)
{
  Fixture *f = data;
  g_autofree char *code = code_of ("QN01", 1);

  g_assert_cmpint (test_hub_post_sepay (&f->hub, "booths", "sepay-key-2026", "5001", 135000, code), ==, 200);
  return G_SOURCE_REMOVE;
}

static OcopSyncClient *
announced_client (Fixture *f)
{
  g_autoptr(OcopStore) store = test_device_new (&f->hub, "booth", "hcm-2026", "QN01");
  OcopSyncClient *client = ocop_sync_client_new (ocop_store_get_path (store));
  g_autofree char *code = code_of ("QN01", 1);
  g_autofree char *day = local_day ();
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  test_hub_add_bank_account (&f->hub, "booths", "sepay", "sepay-key-2026");
  answer = ocop_sync_client_announce_transfer (client, code, 135000, "0011001932418", day, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (answer), "status"), ==, "waiting");
  return client;
}

/* The booth's client waits with a long poll; the service's notification
 * reaches the hub half a second later and ends the wait. */
static void
test_waiting_client (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(OcopSyncClient) client = announced_client (f);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Waiting waiting = { loop };
  g_autofree char *code = code_of ("QN01", 1);
  JsonObject *answer;

  ocop_sync_client_wait_transfer_async (client, code, 60000, NULL, waited_cb, &waiting);
  g_timeout_add (500, post_cb, f);
  g_main_loop_run (loop);
  g_assert_no_error (waiting.error);
  answer = json_node_get_object (waiting.answer);
  g_assert_cmpstr (json_object_get_string_member (answer, "status"), ==, "confirmed");
  g_assert_cmpstr (json_object_get_string_member (answer, "service"), ==, "sepay");
  g_assert_cmpstr (json_object_get_string_member (answer, "transaction"), ==, "5001");
  json_node_unref (waiting.answer);
}

/* The notification arrives while no dialog waits, and the hub restarts
 * before the booth asks: the confirmation is in the hub's store. */
static void
test_restart_between (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(OcopSyncClient) client = announced_client (f);
  g_autofree char *code = code_of ("QN01", 1);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) listed = NULL;
  g_autoptr(JsonNode) later = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *transfers;
  gint64 until_us;

  g_assert_cmpint (test_hub_post_sepay (&f->hub, "booths", "sepay-key-2026", "5002", 135000, code), ==, 200);
  test_hub_stop (&f->hub);
  test_hub_start (&f->hub, NULL);
  answer = ocop_sync_client_wait_transfer (client, code, 5000, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (answer), "status"), ==, "confirmed");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (answer), "transaction"), ==, "5002");
  /* And the booth's ordinary sync reads it, once. */
  listed = ocop_sync_client_fetch_transfers (client, 0, NULL, &error);
  g_assert_no_error (error);
  transfers = json_object_get_array_member (json_node_get_object (listed), "transfers");
  g_assert_cmpuint (json_array_get_length (transfers), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (transfers, 0), "code"), ==, code);
  until_us = json_object_get_int_member (json_node_get_object (listed), "until_us");
  later = ocop_sync_client_fetch_transfers (client, until_us, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (later), "transfers")),
                    ==, 0);
}

static gboolean
cancel_cb (gpointer cancellable)
{
  g_cancellable_cancel (cancellable);
  return G_SOURCE_REMOVE;
}

/* A dialog closed by the cashier stops the wait, and a wait with no
 * payment ends at its timeout with "waiting". */
static void
test_cancel_and_timeout (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(OcopSyncClient) client = announced_client (f);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *code = code_of ("QN01", 1);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  Waiting waiting = { loop };

  ocop_sync_client_wait_transfer_async (client, code, 60000, cancellable, waited_cb, &waiting);
  g_timeout_add (300, cancel_cb, cancellable);
  g_main_loop_run (loop);
  g_assert_error (waiting.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&waiting.error);
  answer = ocop_sync_client_wait_transfer (client, code, 1500, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (answer), "status"), ==, "waiting");
}

/* Refused with a reason the organizer can act on, and nothing stored. */
static void
test_http_refusals (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(OcopSyncClient) client = announced_client (f);
  g_autofree char *code = code_of ("QN01", 1);
  g_autofree char *unknown = g_strdup_printf ("%s/v1/bank/nobody", f->hub.url);
  g_autofree char *big = g_strnfill (64 * 1024, ' ');
  g_auto(TestReply) reply = { 0 };
  g_auto(TestReply) large = { 0 };
  g_autofree char *url = g_strdup_printf ("%s/v1/bank/booths", f->hub.url);
  g_autoptr(JsonNode) unmatched = NULL;
  g_autofree char *report = NULL, *line = NULL;
  g_autofree char *fair_url = g_strdup_printf ("%s/v1/fairs/hcm-2026/bank", f->hub.url);
  g_auto(TestReply) listed = { 0 };

  g_assert_cmpint (test_hub_post_sepay (&f->hub, "booths", "wrong-key", "5003", 135000, code), ==, 401);
  test_request (&reply, "POST", unknown, NULL, NULL, "{}");
  g_assert_cmpint (reply.status, ==, 404);
  g_assert_nonnull (strstr (reply.body->str, "nobody"));
  test_request (&large, "POST", url, NULL, NULL, big);
  g_assert_cmpint (large.status, ==, 413);
  unmatched = ocop_hub_backend_unmatched_notices (f->backend, NULL, NULL);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (unmatched)), ==, 0);
  g_assert_cmpint (test_hub_post_sepay (&f->hub, "booths", "sepay-key-2026", "5003", 1000, code), ==, 200);
  g_clear_pointer (&unmatched, json_node_unref);
  unmatched = ocop_hub_backend_unmatched_notices (f->backend, NULL, NULL);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (unmatched)), ==, 1);
  /* The organizers see it, with the booth, the code and why. */
  report = test_hub_run (&f->hub, "report", "bank", "--fair", "hcm-2026", NULL);
  line = g_strdup_printf ("hcm-2026\tQN01\t%s\t1000\tunderpaid\t0011001932418\tsepay:5003\tThanh toán %s", code,
                          code);
  g_assert_cmpstr (report, ==, line);
  test_request (&listed, "GET", fair_url, NULL, NULL, NULL);
  g_assert_cmpint (listed.status, ==, 200);
  g_assert_nonnull (strstr (listed.body->str, "\"status\":\"underpaid\""));
}

/* The organizer's commands: the list shows where each service must call
 * and never the key; a removed account's notifications are refused. */
static void
test_account_commands (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *listed = NULL, *removed = NULL;

  test_hub_add_bank_account (&f->hub, "booths", "casso", "casso-secret-key");
  listed = test_hub_run (&f->hub, "bank", "list", "--public-url", "https://hub.example.vn", NULL);
  g_assert_cmpstr (listed, ==, "booths\tcasso\thcm-2026\t0011001932418\thttps://hub.example.vn/v1/bank/booths");
  g_assert_null (strstr (listed, "secret"));
  removed = test_hub_run (&f->hub, "bank", "remove", "booths", NULL);
  g_assert_nonnull (strstr (removed, "booths"));
  g_assert_cmpint (test_hub_post_sepay (&f->hub, "booths", "casso-secret-key", "6001", 1000, "OCP4QN01000001P"), ==, 404);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/bank/sepay/api-key", test_sepay_api_key);
  g_test_add_func ("/bank/sepay/hmac", test_sepay_hmac);
  g_test_add_func ("/bank/casso/published-example", test_casso_example);
  g_test_add_func ("/bank/casso/diacritics", test_casso_diacritics);
  g_test_add_func ("/bank/payos/published-vector", test_payos_vector);
  g_test_add_func ("/bank/payos/diacritics", test_payos_diacritics);
  g_test_add ("/bank/matching", Fixture, NULL, fixture_set_up, test_matching, fixture_tear_down);
  g_test_add ("/bank/hub/waiting-client", Fixture, NULL, fixture_set_up, test_waiting_client, fixture_tear_down);
  g_test_add ("/bank/hub/restart-between", Fixture, NULL, fixture_set_up, test_restart_between, fixture_tear_down);
  g_test_add ("/bank/hub/cancel-and-timeout", Fixture, NULL, fixture_set_up, test_cancel_and_timeout,
              fixture_tear_down);
  g_test_add ("/bank/hub/refusals", Fixture, NULL, fixture_set_up, test_http_refusals, fixture_tear_down);
  g_test_add ("/bank/hub/account-commands", Fixture, NULL, fixture_set_up, test_account_commands, fixture_tear_down);
  return g_test_run ();
}
