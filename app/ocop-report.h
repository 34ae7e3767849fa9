/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-report.h: day reports (and Z reports) per booth and fair totals,
 * computed from the tallies the store keeps as it records each sale. */
#pragma once

#include "ocop-store.h"

G_BEGIN_DECLS

typedef struct {
  OcopPaymentMethod method;
  gint64            count;     /* payments, reversed ones counted negative */
  gint64            amount;
} OcopMethodTotal;

typedef struct {
  char   *sku;
  char   *name;
  gint64  quantity;            /* pieces, net of voids and refunds */
  gint64  amount;
  /* Weighed lines, net: thousandths of @unit (the catalog's unit, NULL
   * when the product is no longer in it), kept apart from pieces. */
  gint64  measure;
  char   *unit;
} OcopProductTotal;

/* A product's quantity as reports print it: "2", "0,350 kg", or "2 +
 * 0,350 kg" on the day a product sold by the piece became weighed. */
char *ocop_product_total_format_quantity (const OcopProductTotal *total);

typedef struct {
  int     hour;                /* 0-23, in the fair's time zone */
  gint64  count;               /* sales recorded in that hour */
  gint64  amount;              /* net revenue recorded in that hour */
} OcopHourTotal;

typedef struct {
  char   *cashier;             /* "" for sales rung up with nobody signed in */
  gint64  sales_count;         /* completed sales (not voids or refunds) */
  gint64  gross;               /* sum of those sales' totals */
  gint64  returned;            /* positive: what their voids and refunds took back */
  gint64  net;                 /* gross - returned */
  gint64  cash;                /* cash they took, less cash they paid back */
} OcopCashierTotal;

typedef struct {
  char      *booth;
  char      *business_day;
  char      *state;            /* "open", "closed", or NULL */
  gint64     sales_count;      /* completed sales (not voids or refunds) */
  gint64     gross;            /* sum of those sales' totals */
  gint64     discounts;        /* line and order discounts given */
  gint64     void_count;
  gint64     void_amount;      /* positive: what voids took back */
  gint64     refund_count;
  gint64     refund_amount;    /* positive: what refunds paid back */
  gint64     net;              /* gross - void_amount - refund_amount */
  gint64     items;            /* pieces sold, and one per weighed line, net */
  gint64     first_receipt;    /* 0 when none */
  gint64     last_receipt;
  gint64     visitors;         /* counted at the gates on that day */
  GArray    *by_method;        /* OcopMethodTotal, by method */
  GPtrArray *by_product;       /* OcopProductTotal*, by amount, largest first */
  GArray    *by_hour;          /* OcopHourTotal, hours with activity only */
  GPtrArray *by_cashier;       /* OcopCashierTotal*, by name */
  /* Set when a supervisor closed the day (NULL and 0 in reports of days
   * closed before the store asked, and of open days). */
  char      *closed_by;
  gint64     cash_expected;    /* cash the journal says is in the drawer */
  gint64     cash_counted;     /* cash the supervisor counted */
  GPtrArray *handovers;        /* OcopHandover*, the day's shift handovers, oldest first */
} OcopDayReport;

typedef struct {
  char   *business_day;
  char   *booth;               /* NULL in per-day rows */
  gint64  sales_count;
  gint64  net;
  gint64  visitors;
} OcopFairRow;

typedef struct {
  char      *fair_name;
  gint64     sales_count;
  gint64     gross;
  gint64     void_amount;
  gint64     refund_amount;
  gint64     net;
  gint64     visitors;
  GArray    *by_method;        /* OcopMethodTotal */
  GPtrArray *by_day;           /* OcopFairRow*, every day present, oldest first */
  GPtrArray *by_booth;         /* OcopFairRow*, by booth code */
} OcopFairReport;

void ocop_day_report_free  (OcopDayReport *report);
void ocop_fair_report_free (OcopFairReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OcopDayReport, ocop_day_report_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OcopFairReport, ocop_fair_report_free)

/* The report of @business_day (NULL: today) for @booth (NULL: the current
 * booth). A day with no sales yields a report of zeros, not an error. */
OcopDayReport  *ocop_report_day      (OcopStore   *store,
                                      const char  *booth,
                                      const char  *business_day,
                                      GError     **error);
/* Totals of every booth and day present in the store, with visitors. */
OcopFairReport *ocop_report_fair     (OcopStore   *store,
                                      GError     **error);

/* Cash the day's journal puts in the drawer: cash taken less cash paid
 * back by voids and refunds. */
gint64          ocop_day_report_cash       (const OcopDayReport *report);
char           *ocop_day_report_to_text   (const OcopDayReport *report,
                                           gboolean             z_report);
char           *ocop_day_report_to_json   (const OcopDayReport *report);
OcopDayReport  *ocop_day_report_from_json (const char  *json,
                                           GError     **error);
char           *ocop_fair_report_to_text  (const OcopFairReport *report);
char           *ocop_fair_report_to_json  (const OcopFairReport *report);

G_END_DECLS
