/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-store.h: the device's SQLite store: fair, booth, catalog, the sale
 * journal, business days, visitor tallies and the outbox for sync. */
#pragma once

#include <gio/gio.h>

#include "ocop-product.h"
#include "ocop-sale.h"

G_BEGIN_DECLS

#define OCOP_STORE_ERROR (ocop_store_error_quark ())

typedef enum {
  OCOP_STORE_ERROR_OPEN,          /* cannot open or create the file */
  OCOP_STORE_ERROR_READ_ONLY,     /* the file or its folder is read-only */
  OCOP_STORE_ERROR_FULL,          /* the disk is full */
  OCOP_STORE_ERROR_BUSY,          /* another program holds the store too long */
  OCOP_STORE_ERROR_CORRUPT,
  OCOP_STORE_ERROR_TOO_NEW,       /* made by a newer ocop-pos */
  OCOP_STORE_ERROR_NOT_SET_UP,    /* no fair or booth yet: run `ocop init` */
  OCOP_STORE_ERROR_NOT_FOUND,     /* no such sale, product or day */
  OCOP_STORE_ERROR_UNKNOWN_BARCODE,
  OCOP_STORE_ERROR_AMBIGUOUS,     /* a short sale id that matches several sales */
  OCOP_STORE_ERROR_DAY_CLOSED,
  OCOP_STORE_ERROR_DAY_NOT_OPEN,
  OCOP_STORE_ERROR_ALREADY_VOIDED,
  OCOP_STORE_ERROR_REFUND_TOO_LARGE,
  OCOP_STORE_ERROR_INVALID,       /* an argument that makes no sense */
  OCOP_STORE_ERROR_FAILED,        /* anything else SQLite reports */
  OCOP_STORE_ERROR_NOT_APPROVED,  /* no approver, not a supervisor, wrong PIN, too many tries */
} OcopStoreError;

GQuark ocop_store_error_quark (void);

/* The schema version this build writes. */
#define OCOP_STORE_SCHEMA_VERSION 16

/* The fair's time zone: business days are its calendar days. */
#define OCOP_FAIR_TIME_ZONE "Asia/Ho_Chi_Minh"

typedef struct {
  char *name;
  char *venue;
  char *starts_on;   /* YYYY-MM-DD, may be NULL */
  char *ends_on;     /* YYYY-MM-DD, may be NULL */
  char *time_zone;
} OcopFair;

typedef struct {
  char     *code;
  char     *name;
  char     *locality;
  gboolean  in_province;
} OcopBooth;

void ocop_fair_free  (OcopFair *fair);
void ocop_booth_free (OcopBooth *booth);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OcopFair, ocop_fair_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OcopBooth, ocop_booth_free)

#define OCOP_TYPE_STORE (ocop_store_get_type ())
G_DECLARE_FINAL_TYPE (OcopStore, ocop_store, OCOP, STORE, GObject)

/* $OCOP_DB, else $XDG_DATA_HOME/ocop-pos/ocop.db. */
char       *ocop_store_default_path    (void);

/* Opens (creating it and its folder when needed) and migrates the store. */
OcopStore  *ocop_store_open            (const char  *path,
                                        GError     **error);
const char *ocop_store_get_path        (OcopStore *self);

/* Copies committed pages from the write-ahead log into the database file.
 * Commits never wait for this (it would put a second fsync on a sale's
 * path); call it when the booth is idle. The store still checkpoints on its
 * own if the log grows past OCOP_STORE_WAL_LIMIT pages without one. */
#define OCOP_STORE_WAL_LIMIT 8000
gboolean    ocop_store_checkpoint      (OcopStore  *self,
                                        GError    **error);

/* Overrides the clock, for tests and for replaying a demo fair: @now_us is
 * microseconds since the Unix epoch (UTC); 0 returns to the real clock. */
void        ocop_store_set_clock       (OcopStore *self,
                                        gint64     now_us);
gint64      ocop_store_now_us          (OcopStore *self);
/* A UTC instant as local time in the fair's time zone, in g_date_time_format
 * notation ("%d/%m/%Y %H:%M"). */
char       *ocop_store_format_time     (OcopStore  *self,
                                        gint64      utc_us,
                                        const char *format);
/* The business day (YYYY-MM-DD in the fair's time zone) of a UTC instant. */
char       *ocop_store_business_day_of (OcopStore *self,
                                        gint64     utc_us);
/* When the business day after the one holding @utc_us starts: the next
 * midnight in the fair's time zone, as a UTC instant. */
gint64      ocop_store_next_day_start  (OcopStore *self,
                                        gint64     utc_us);
/* What a closed day tells a cashier: when selling resumes ("Sales resume
 * at 00:00 on 12/12/2024, when the next business day starts."). */
char       *ocop_store_describe_reopening (OcopStore *self);

/* ---- set-up ---- */
gboolean    ocop_store_set_fair        (OcopStore       *self,
                                        const OcopFair  *fair,
                                        GError         **error);
gboolean    ocop_store_add_booth       (OcopStore       *self,
                                        const OcopBooth *booth,
                                        GError         **error);
/* The booth this device sells for. */
gboolean    ocop_store_set_current_booth (OcopStore   *self,
                                          const char  *code,
                                          GError     **error);
OcopFair   *ocop_store_get_fair        (OcopStore  *self,
                                        GError    **error);
OcopBooth  *ocop_store_get_booth       (OcopStore  *self,
                                        const char *code,
                                        GError    **error);
/* NULL (and an OCOP_STORE_ERROR_NOT_SET_UP error) before `ocop init`. */
OcopBooth  *ocop_store_get_current_booth (OcopStore  *self,
                                          GError    **error);
const char *ocop_store_get_device_id   (OcopStore *self);

/* The booth's rounding of a weighed line's amount (ocop_measure_amount):
 * 1, 100, 500 or 1000 đồng; OCOP_QUANTITY_DEFAULT_ROUNDING (1000) until
 * set. Anything else is refused with an OCOP_STORE_ERROR_INVALID error. */
gint64      ocop_store_get_rounding    (OcopStore *self);
gboolean    ocop_store_set_rounding    (OcopStore  *self,
                                        gint64      rounding,
                                        GError    **error);

/* ---- cashiers ---- */
typedef struct {
  char     *name;
  gboolean  supervisor;   /* approves voids, refunds and changes to cashiers */
  gboolean  active;       /* FALSE once deactivated: kept for past sales */
} OcopCashier;

void ocop_cashier_free (OcopCashier *cashier);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OcopCashier, ocop_cashier_free)

/* Adds or updates a cashier without an approval: for setting up a store
 * (`ocop init`, the till's first run, the demo), before anyone could approve.
 * @pin is 4 to 8 digits; only its Argon2 hash is stored. Once the booth runs,
 * use ocop_store_add_cashier and its siblings, which need a supervisor. */
gboolean    ocop_store_set_cashier     (OcopStore   *self,
                                        const char  *name,
                                        const char  *pin,
                                        gboolean     supervisor,
                                        GError     **error);
/* The active cashiers' names, supervisors first. */
GStrv       ocop_store_list_cashiers   (OcopStore  *self,
                                        GError    **error);
/* Every cashier ever added (OcopCashier): active ones first, supervisors
 * first, then by name. */
GPtrArray  *ocop_store_list_cashier_roles (OcopStore  *self,
                                           GError    **error);
/* TRUE when @name is an active cashier and @pin is theirs; otherwise an
 * OCOP_STORE_ERROR_INVALID error that does not say which of the two was
 * wrong. */
gboolean    ocop_store_log_in          (OcopStore   *self,
                                        const char  *name,
                                        const char  *pin,
                                        GError     **error);
/* Signs @name in at the till: the trimmed name when @name is an active
 * cashier and @pin is theirs, otherwise NULL and an error (a
 * OCOP_STORE_ERROR_NOT_APPROVED) saying what was wrong. Wrong PINs count
 * towards the same wait as ocop_store_approve's. */
char       *ocop_store_sign_in         (OcopStore   *self,
                                        const char  *name,
                                        const char  *pin,
                                        GError     **error);
/* The same, with the Argon2 comparison on a worker thread so that a window
 * keeps drawing; the store is read and written on the calling thread only,
 * and a wrong PIN is counted even when @cancellable is cancelled. */
void        ocop_store_sign_in_async   (OcopStore           *self,
                                        const char          *name,
                                        const char          *pin,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
char       *ocop_store_sign_in_finish  (OcopStore     *self,
                                        GAsyncResult  *result,
                                        GError       **error);

/* A supervisor's approval of a void, a refund or a day's close, given by
 * ocop_store_approve and accepted only by the store that gave it. */
typedef struct _OcopApproval OcopApproval;

/* Checks that @approver is an active supervisor of this store and @pin is
 * theirs (Argon2). On failure, an OCOP_STORE_ERROR_NOT_APPROVED error says
 * what was wrong: no name, unknown, deactivated, not a supervisor, wrong
 * PIN. After OCOP_APPROVAL_MAX_FAILURES wrong PINs in a row for one name,
 * that name is refused without looking at the PIN for a minute, doubling
 * with each further wrong PIN up to an hour; the right PIN resets it. */
#define OCOP_APPROVAL_MAX_FAILURES 5
OcopApproval *ocop_store_approve         (OcopStore   *self,
                                          const char  *approver,
                                          const char  *pin,
                                          GError     **error);
/* ocop_store_approve with the Argon2 comparison on a worker thread, as
 * ocop_store_sign_in_async. */
void          ocop_store_approve_async   (OcopStore           *self,
                                          const char          *approver,
                                          const char          *pin,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
OcopApproval *ocop_store_approve_finish  (OcopStore     *self,
                                          GAsyncResult  *result,
                                          GError       **error);
const char   *ocop_approval_get_approver (const OcopApproval *approval);
void          ocop_approval_free         (OcopApproval *approval);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OcopApproval, ocop_approval_free)

/* Each change below needs @approval (ocop_store_approve: the supervisor
 * named, their PIN checked and wrong ones counted), checked again as the
 * change is made, and logs who approved it. A PIN already used by another
 * active cashier is refused. */
gboolean    ocop_store_add_cashier     (OcopStore           *self,
                                        const OcopApproval  *approval,
                                        const char          *name,
                                        const char          *pin,
                                        gboolean             supervisor,
                                        GError             **error);
gboolean    ocop_store_change_cashier_pin (OcopStore           *self,
                                           const OcopApproval  *approval,
                                           const char          *name,
                                           const char          *new_pin,
                                           GError             **error);
/* The cashier can no longer log in or approve; their name stays on their
 * sales. The last active supervisor cannot be deactivated. */
gboolean    ocop_store_deactivate_cashier (OcopStore           *self,
                                           const OcopApproval  *approval,
                                           const char          *name,
                                           GError             **error);

/* ---- catalog ---- */
/* Inserts or updates every product by sku in one transaction. Past sales
 * keep the names and prices they were sold at. */
gboolean     ocop_store_import_products (OcopStore  *self,
                                         GPtrArray  *products,
                                         GError    **error);
/* Brings the catalog to the hub's in one transaction, or changes nothing:
 * inserts or updates @products by sku, and withdraws the skus in
 * @withdrawn (NULL: none) or, when @replace_all, every product not in
 * @products. A withdrawn product leaves search, lists and look-ups and
 * frees its barcode; its row stays, because past sales and their receipts
 * name it, and an update brings it back. Skus the store does not hold are
 * ignored. */
gboolean     ocop_store_apply_catalog   (OcopStore          *self,
                                         GPtrArray          *products,
                                         const char * const *withdrawn,
                                         gboolean            replace_all,
                                         GError            **error);
OcopProduct *ocop_store_find_barcode    (OcopStore  *self,
                                         const char *barcode,
                                         GError    **error);
OcopProduct *ocop_store_find_sku        (OcopStore  *self,
                                         const char *sku,
                                         GError    **error);
/* The product a past sale names, even if it was withdrawn since: receipts
 * and reports of old sales still show its producer. */
OcopProduct *ocop_store_find_sold_sku   (OcopStore  *self,
                                         const char *sku,
                                         GError    **error);
/* As-you-type search over name, producer, locality and category, ignoring
 * case and Vietnamese diacritics; every word of @text must prefix a word of
 * the product. Returns at most @limit OcopProduct, best first. */
GPtrArray   *ocop_store_search          (OcopStore  *self,
                                         const char *text,
                                         guint       limit,
                                         GError    **error);
/* Every product, by category then name. */
GPtrArray   *ocop_store_list_products   (OcopStore  *self,
                                         GError    **error);
/* The first @limit of them (0: all), for a first screen that need not wait
 * for a whole catalog. */
GPtrArray   *ocop_store_list_products_limited (OcopStore  *self,
                                               guint       limit,
                                               GError    **error);
gint64       ocop_store_get_catalog_version (OcopStore *self);

/* ---- sales ---- */
/* Validates and records @sale for the current booth: gives it a UUID, the
 * booth's next receipt number (no gaps) and its business day, and writes the
 * sale, its lines, payments, the day's tallies and its outbox event in one
 * durable transaction. Opens the business day when it is not open yet;
 * refuses a day already closed. */
gboolean     ocop_store_commit_sale     (OcopStore  *self,
                                         OcopSale   *sale,
                                         GError    **error);
/* The receipt number the current booth's next sale will get (for the
 * transfer note shown before the sale is recorded). */
gint64       ocop_store_peek_next_receipt_no (OcopStore  *self,
                                              GError    **error);
/* Finds a sale by UUID, by a unique UUID prefix of at least 6 characters, or
 * by receipt number ("12" or "#12") of the current booth. */
OcopSale    *ocop_store_load_sale       (OcopStore  *self,
                                         const char *ref,
                                         GError    **error);
/* A void or refund (@kind) needs a reason: FALSE and an error saying so
 * when @reason is blank. Front ends ask it before a PIN. */
gboolean     ocop_store_check_reason    (OcopSaleKind   kind,
                                         const char    *reason,
                                         GError       **error);
/* Voids and refunds need @approval (ocop_store_approve), whose supervisor
 * is recorded as the record's approver; @cashier, who rang it up, may be
 * NULL and authorizes nothing. Refused, they change nothing.
 *
 * Records a void of the whole sale @ref: a new record, with its own receipt
 * number, that reverses every line and payment. Only while the sale's
 * business day is open, and only once; a refunded sale cannot be voided. */
OcopSale    *ocop_store_void_sale       (OcopStore          *self,
                                         const char         *ref,
                                         const char         *reason,
                                         const char         *cashier,
                                         const OcopApproval *approval,
                                         GError            **error);
/* Records a refund of @quantity of @sku from sale @ref (all of the sale's
 * lines when @sku is NULL), paid back by @method. Refunds of one sale never
 * exceed what it sold. */
OcopSale    *ocop_store_refund_sale     (OcopStore          *self,
                                         const char         *ref,
                                         const char         *sku,
                                         gint64              quantity,
                                         OcopPaymentMethod   method,
                                         const char         *reason,
                                         const char         *cashier,
                                         const OcopApproval *approval,
                                         GError            **error);
/* The sale journal of one business day of the current booth, oldest first
 * (OcopSale, voids and refunds included). */
GPtrArray   *ocop_store_list_sales      (OcopStore  *self,
                                         const char *business_day,
                                         GError    **error);

/* ---- the open cart ---- */
/* Saves @draft (not yet committed) as the current booth's open cart,
 * replacing the last one; a draft without lines removes it. The till calls
 * this on every change, so a crash or power cut loses nothing. */
gboolean     ocop_store_save_cart       (OcopStore  *self,
                                         OcopSale   *draft,
                                         GError    **error);
/* The open cart saved last, as a draft, or NULL without an error when
 * there is none. ocop_store_commit_sale removes it in the transaction that
 * records the sale. */
OcopSale    *ocop_store_load_cart       (OcopStore  *self,
                                         GError    **error);

/* ---- parked carts (ocop-store-parked.c) ---- */
/* A cart put aside while its customer looks for money. Parked carts are
 * drafts, never sales: nothing about them goes to the hub. */
typedef struct {
  gint64    id;
  gint64    parked_us;
  OcopSale *draft;
} OcopParkedCart;

void         ocop_parked_cart_free      (OcopParkedCart *cart);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OcopParkedCart, ocop_parked_cart_free)

/* Parks @draft (with lines) for the current booth and empties the open
 * cart, in one transaction. Returns the parked cart's id, 0 on error. */
gint64       ocop_store_park_cart       (OcopStore  *self,
                                         OcopSale   *draft,
                                         GError    **error);
/* The current booth's parked carts, oldest first (OcopParkedCart). */
GPtrArray   *ocop_store_list_parked_carts (OcopStore  *self,
                                           GError    **error);
/* Takes parked cart @id back as the open cart, in one transaction; the
 * open cart must be empty (park it first). Returns the draft. */
OcopSale    *ocop_store_recall_cart     (OcopStore  *self,
                                         gint64      id,
                                         GError    **error);

/* ---- business days ---- */
/* Opens the business day that contains "now"; opening one already open is
 * not an error. Returns the day (YYYY-MM-DD). */
char        *ocop_store_open_day        (OcopStore  *self,
                                         GError    **error);
/* Closes @business_day (NULL: today) for the current booth and stores its Z
 * report, returned as JSON text. A day closes once, approved by a
 * supervisor who counted @cash_counted VND in the drawer; the Z report
 * keeps it beside the cash expected from the journal, and the approver. */
char        *ocop_store_close_day       (OcopStore          *self,
                                         const char         *business_day,
                                         const OcopApproval *approval,
                                         gint64              cash_counted,
                                         GError            **error);
/* The stored Z report of a closed day, for reprinting. */
char        *ocop_store_get_z_report    (OcopStore  *self,
                                         const char *business_day,
                                         GError    **error);
/* "open", "closed" or NULL when the day was never opened. */
char        *ocop_store_get_day_state   (OcopStore  *self,
                                         const char *business_day,
                                         GError    **error);

/* ---- visitors ---- */
/* Visitors counted at @gate on @business_day, each quarter of an hour of
 * the fair's local day: counts[0] is 00:00–00:15, counts[95] 23:45–24:00.
 * Corrections count in the quarter they were made. */
#define OCOP_QUARTERS_A_DAY 96
gboolean     ocop_store_count_visitors_by_quarter (OcopStore  *self,
                                                   const char *business_day,
                                                   const char *gate,
                                                   gint64      counts[OCOP_QUARTERS_A_DAY],
                                                   GError    **error);
/* Quarter of an hour of the fair's local day (0-95) of a UTC instant. */
int          ocop_store_local_quarter  (OcopStore *self,
                                        gint64     utc_us);
/* All visitors of @business_day at @gate (NULL: every gate). */
gint64       ocop_store_count_visitors (OcopStore  *self,
                                        const char *business_day,
                                        const char *gate);
/* Records @count visitors (negative for a correction, which needs a
 * @reason) counted at @gate now. */
gboolean     ocop_store_add_visitors    (OcopStore  *self,
                                         const char *gate,
                                         gint64      count,
                                         const char *reason,
                                         GError    **error);

/* ---- transfers confirmed (ocop-store-transfer.c) ---- */
/* Records that the transfer of the recorded sale @sale_uuid was confirmed:
 * by the bank when @transaction is set (the payment @service's own id; the
 * same transaction told again is recorded once), else by @cashier. A
 * record of its own, queued for the hub: the sale is never updated, and a
 * bank's confirmation after a hand-confirmed sale is a second record. */
gboolean     ocop_store_confirm_transfer (OcopStore  *self,
                                          const char *sale_uuid,
                                          const char *service,
                                          const char *transaction,
                                          const char *cashier,
                                          GError    **error);
/* "bank" when the bank confirmed @sale_uuid's transfer, "cashier" when
 * only the cashier did, NULL when neither is recorded. */
const char  *ocop_store_transfer_confirmed_by (OcopStore  *self,
                                               const char *sale_uuid);

/* ---- outbox ---- */
/* Number of events not yet acknowledged by the hub, and the highest
 * sequence number written. */
gint64       ocop_store_outbox_pending  (OcopStore *self);
gint64       ocop_store_outbox_last_seq (OcopStore *self);

/* ---- the print queue ---- */
typedef enum {
  OCOP_PRINT_JOB_RECEIPT,     /* the receipt of a sale, void or refund just recorded */
  OCOP_PRINT_JOB_REPRINT,     /* a copy asked for later */
  OCOP_PRINT_JOB_Z_REPORT,    /* a closed day's Z report */
  OCOP_PRINT_JOB_HANDOVER,    /* a shift handover's slip */
} OcopPrintJobKind;

typedef struct {
  gint64            id;
  OcopPrintJobKind  kind;
  char             *sale_id;        /* the sale's UUID; NULL for a Z report */
  gint64            receipt_no;     /* 0 for a Z report */
  char             *business_day;   /* the sale's day, or the Z report's */
  gint64            created_us;
  gint64            attempts;       /* failed tries so far */
  char             *last_error;     /* why the last try failed, or NULL */
  gint64            handover_id;    /* a handover slip's handover, else 0 */
} OcopPrintJob;

void ocop_print_job_free (OcopPrintJob *job);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OcopPrintJob, ocop_print_job_free)

/* While on, every sale, void and refund recorded through this handle also
 * queues its receipt in the same transaction (the till turns it on; the
 * `ocop` command leaves it off). */
void          ocop_store_set_queue_receipts (OcopStore *self,
                                             gboolean   queue);
/* Queues a reprint of sale @ref (as ocop_store_load_sale takes it). */
gint64        ocop_store_queue_reprint   (OcopStore   *self,
                                          const char  *ref,
                                          GError     **error);
/* Queues the Z report of closed day @business_day (NULL: today). */
gint64        ocop_store_queue_z_report  (OcopStore   *self,
                                          const char  *business_day,
                                          GError     **error);
/* Jobs waiting to print (new or failed), oldest first. */
GPtrArray    *ocop_store_list_print_jobs (OcopStore  *self,
                                          GError    **error);
gint64        ocop_store_count_print_jobs (OcopStore *self);
/* A job printed; gone from the queue. */
gboolean      ocop_store_finish_print_job (OcopStore  *self,
                                           gint64      id,
                                           GError    **error);
/* A try that failed: the job stays queued with @message for the cashier. */
gboolean      ocop_store_fail_print_job  (OcopStore   *self,
                                          gint64       id,
                                          const char  *message,
                                          GError     **error);
/* The cashier gives up on a job (the customer left); its sale stays. */
gboolean      ocop_store_cancel_print_job (OcopStore  *self,
                                           gint64      id,
                                           GError    **error);

G_END_DECLS
