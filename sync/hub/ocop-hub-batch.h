/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-hub-batch.h: an upload batch of the sync protocol, parsed and
 * checked field by field before any storage sees it. */
#pragma once

#include <glib.h>

#include "ocop-hub-error.h"

G_BEGIN_DECLS

/* The wire limits of protocol v1 (docs/sync-protocol.md). */
#define OCOP_HUB_MAX_EVENTS        2000
#define OCOP_HUB_MAX_WIRE_BYTES    (4 * 1024 * 1024)
#define OCOP_HUB_MAX_BODY_BYTES    (16 * 1024 * 1024)
#define OCOP_HUB_MAX_PAYLOAD_BYTES (64 * 1024)

typedef struct {
  char   *method;
  gint64  amount;
} OcopHubPayment;

/* A line of a sale, void or refund: quantities and amounts of voids and
 * refunds are negative, as on the device. */
typedef struct {
  char   *sku;
  char   *name;
  char   *unit;           /* as the device sent it; NULL when it sent none */
  gint64  quantity;
  gint64  unit_price;
  gint64  discount;       /* of the line's sign */
  /* TRUE: quantity counts thousandths of the product's unit (350 = 0,350
   * kg) and gross is the booth's rounded "amount"; FALSE: whole pieces,
   * gross quantity × unit_price, as every line before weighed goods. */
  gboolean measured;
  gint64  gross;          /* before the line's discount */
  gint64  amount;         /* gross − discount: what the tallies add */
  /* "enterprise", "cooperative" or "household" as the device recorded it
   * at the sale; "unknown" when the line carries none (a device from
   * before kinds were sent, or a reversal of a sale from then). */
  char   *producer_kind;
} OcopHubLine;

/* The kind the tallies use for a line that carries none. */
#define OCOP_HUB_KIND_UNKNOWN "unknown"

typedef enum {
  OCOP_HUB_EVENT_SALE,
  OCOP_HUB_EVENT_VOID,
  OCOP_HUB_EVENT_REFUND,
  OCOP_HUB_EVENT_DAY_OPEN,
  OCOP_HUB_EVENT_DAY_CLOSE,
  OCOP_HUB_EVENT_VISITORS,
  OCOP_HUB_EVENT_TRANSFER_CONFIRMED,
} OcopHubEventKind;

typedef struct {
  gint64            seq;
  OcopHubEventKind  kind;
  char             *kind_name;
  char             *ref;
  char             *hash;
  char             *payload;
  gint64            created_us;
  /* From the payload, for the tallies. */
  char             *business_day;
  char             *record_uuid;   /* sales, voids, refunds */
  gint64            total;         /* sales, voids, refunds */
  gint64            visitors;      /* visitor counts */
  GArray           *payments;      /* OcopHubPayment */
  GArray           *lines;         /* OcopHubLine; empty when not sent */
  gint64            record_us;     /* sales, voids, refunds: the record's
                                    * own created_us, for the hourly curve */
} OcopHubEvent;

typedef struct {
  char        *device_id;
  gint64       epoch;
  gint64       epoch_first_seq;
  char        *booth_code;
  char        *booth_name;
  char        *locality;
  gboolean     in_province;
  gint64       device_us;
  gint64       anchored_us;      /* 0 when absent */
  gboolean     has_checkpoint;
  gint64       checkpoint_through_seq;
  gint64       checkpoint_sales;
  gint64       checkpoint_revenue;
  gint64       checkpoint_visitors;
  GPtrArray   *events;           /* OcopHubEvent, in seq order */
} OcopHubBatch;

void          ocop_hub_batch_free        (OcopHubBatch *batch);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OcopHubBatch, ocop_hub_batch_free)

/* Inflates a gzip body (@encoding "gzip") or takes a plain one (NULL or
 * "identity"), refusing more than OCOP_HUB_MAX_BODY_BYTES once inflated. */
GBytes       *ocop_hub_decode_body       (const char    *encoding,
                                          const guint8  *data,
                                          gsize          size,
                                          GError       **error);
/* Parses and checks a batch; every error names the field ("events[3].hash"). */
OcopHubBatch *ocop_hub_batch_parse       (const char    *text,
                                          gsize          length,
                                          GError       **error);

G_END_DECLS
