/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-sync-protocol.h: the names on the wire of sync protocol 1
 * (docs/sync-protocol.md): the event kinds and the members of an upload
 * batch, its events and their payloads, written once for the store that
 * writes the events (app/), the client that sends them (sync/) and the
 * hub that parses them (sync/hub/); and the members of the hub's replies,
 * for the hub that builds them and the client that reads them. Plain macros, so that string literals
 * join them and the fuzzer builds the hub's parser without the core. A
 * name changed here changes the protocol: the hub must still read what
 * devices already hold in their outboxes. */
#pragma once

#define OCOP_SYNC_PROTOCOL_VERSION 1

/* ---- event kinds ---- */

#define OCOP_SYNC_KIND_SALE       "sale"
#define OCOP_SYNC_KIND_VOID       "void"
#define OCOP_SYNC_KIND_REFUND     "refund"
#define OCOP_SYNC_KIND_DAY_OPEN   "day_open"
#define OCOP_SYNC_KIND_DAY_CLOSE  "day_close"
#define OCOP_SYNC_KIND_VISITORS   "visitors"
/* A transfer of a recorded sale confirmed, by the bank or by the cashier:
 * a record of its own, as a completed sale is never updated. */
#define OCOP_SYNC_KIND_TRANSFER_CONFIRMED "transfer_confirmed"

/* ---- a batch (POST /v1/devices/ID/events) ---- */

#define OCOP_SYNC_BATCH_PROTOCOL         "protocol"
#define OCOP_SYNC_BATCH_DEVICE_ID        "device_id"
#define OCOP_SYNC_BATCH_EPOCH            "epoch"
#define OCOP_SYNC_BATCH_EPOCH_FIRST_SEQ  "epoch_first_seq"
#define OCOP_SYNC_BATCH_BOOTH            "booth"
#define OCOP_SYNC_BATCH_CLOCK            "clock"
#define OCOP_SYNC_BATCH_CHECKPOINT       "checkpoint"
#define OCOP_SYNC_BATCH_EVENTS           "events"

/* The booth (also in an enrollment request). */
#define OCOP_SYNC_BOOTH_CODE         "code"
#define OCOP_SYNC_BOOTH_NAME         "name"
#define OCOP_SYNC_BOOTH_LOCALITY     "locality"
#define OCOP_SYNC_BOOTH_IN_PROVINCE  "in_province"

#define OCOP_SYNC_CLOCK_DEVICE_US    "device_us"
#define OCOP_SYNC_CLOCK_ANCHORED_US  "anchored_us"

#define OCOP_SYNC_CHECKPOINT_THROUGH_SEQ  "through_seq"
#define OCOP_SYNC_CHECKPOINT_SALES        "sales"
#define OCOP_SYNC_CHECKPOINT_REVENUE      "revenue"
#define OCOP_SYNC_CHECKPOINT_VISITORS     "visitors"

/* ---- an event of the batch ---- */

#define OCOP_SYNC_EVENT_SEQ         "seq"
#define OCOP_SYNC_EVENT_KIND        "kind"
#define OCOP_SYNC_EVENT_REF         "ref"
#define OCOP_SYNC_EVENT_CREATED_US  "created_us"
#define OCOP_SYNC_EVENT_HASH        "hash"
#define OCOP_SYNC_EVENT_PAYLOAD     "payload"

/* ---- an event's payload, the text its hash covers ---- */

/* Every kind. */
#define OCOP_SYNC_PAYLOAD_BUSINESS_DAY    "business_day"
/* Sales, voids and refunds. */
#define OCOP_SYNC_PAYLOAD_UUID            "uuid"
#define OCOP_SYNC_PAYLOAD_KIND            "kind"
#define OCOP_SYNC_PAYLOAD_REF_UUID        "ref_uuid"
#define OCOP_SYNC_PAYLOAD_DEVICE          "device"
#define OCOP_SYNC_PAYLOAD_BOOTH           "booth"
#define OCOP_SYNC_PAYLOAD_RECEIPT_NO      "receipt_no"
#define OCOP_SYNC_PAYLOAD_CREATED_US      "created_us"
#define OCOP_SYNC_PAYLOAD_CASHIER         "cashier"
#define OCOP_SYNC_PAYLOAD_REASON          "reason"
/* A transfer confirmed: "uuid" is the sale's, "confirmed_by" "bank" (with
 * the service and its transaction id) or "cashier" (with "cashier"). */
#define OCOP_SYNC_PAYLOAD_CONFIRMED_BY    "confirmed_by"
#define OCOP_SYNC_PAYLOAD_SERVICE         "service"
#define OCOP_SYNC_PAYLOAD_TRANSACTION     "transaction"
/* Voids and refunds only: the supervisor who approved (absent before 2026). */
#define OCOP_SYNC_PAYLOAD_APPROVER        "approver"
#define OCOP_SYNC_PAYLOAD_SUBTOTAL        "subtotal"
#define OCOP_SYNC_PAYLOAD_ORDER_DISCOUNT  "order_discount"
#define OCOP_SYNC_PAYLOAD_TOTAL           "total"
#define OCOP_SYNC_PAYLOAD_LINES           "lines"
#define OCOP_SYNC_PAYLOAD_PAYMENTS        "payments"
/* Business days (with booth and business_day). */
#define OCOP_SYNC_PAYLOAD_AT_US           "at_us"
#define OCOP_SYNC_PAYLOAD_Z_REPORT        "z_report"
/* Visitor counts (with reason, business_day and at_us). */
#define OCOP_SYNC_PAYLOAD_GATE            "gate"
#define OCOP_SYNC_PAYLOAD_COUNT           "count"

#define OCOP_SYNC_LINE_SKU            "sku"
#define OCOP_SYNC_LINE_NAME           "name"
#define OCOP_SYNC_LINE_UNIT           "unit"
#define OCOP_SYNC_LINE_QUANTITY       "quantity"
#define OCOP_SYNC_LINE_UNIT_PRICE     "unit_price"
#define OCOP_SYNC_LINE_DISCOUNT       "discount"
#define OCOP_SYNC_LINE_PRODUCER_KIND  "producer_kind"
/* Weighed and measured lines only (docs/sync-protocol.md, "Weighed
 * goods"): "measured": true says the quantity counts thousandths of the
 * unit (350 = 0,350 kg), and "amount" is the line's gross before its
 * discount as the booth rounded it (or as a pack's label says). A line
 * sold by the piece carries neither, as before, so that the events devices
 * already hold and their hashes stay as they were. */
#define OCOP_SYNC_LINE_MEASURED       "measured"
#define OCOP_SYNC_LINE_AMOUNT         "amount"

/* A line's producer kind: the stable ids only. */
#define OCOP_SYNC_PRODUCER_ENTERPRISE   "enterprise"
#define OCOP_SYNC_PRODUCER_COOPERATIVE  "cooperative"
#define OCOP_SYNC_PRODUCER_HOUSEHOLD    "household"

#define OCOP_SYNC_PAYMENT_METHOD    "method"
#define OCOP_SYNC_PAYMENT_AMOUNT    "amount"
#define OCOP_SYNC_PAYMENT_TENDERED  "tendered"
#define OCOP_SYNC_PAYMENT_CHANGE    "change"

/* ---- the hub's replies ---- */

/* A refusal, with any 4xx or 5xx status. */
#define OCOP_SYNC_REFUSAL_ERROR    "error"     /* a stable name, such as "hash_conflict" */
#define OCOP_SYNC_REFUSAL_MESSAGE  "message"   /* a sentence, in the hub's language */

/* An enrollment (201 to POST /v1/enroll). */
#define OCOP_SYNC_ENROLLMENT_DEVICE_ID    "device_id"
#define OCOP_SYNC_ENROLLMENT_TOKEN        "token"
#define OCOP_SYNC_ENROLLMENT_FAIR         "fair"
#define OCOP_SYNC_ENROLLMENT_BOOTH        "booth"
#define OCOP_SYNC_ENROLLMENT_HUB_TIME_US  "hub_time_us"

/* An acknowledgement (200 to a batch); its checkpoint object has the
 * status and the checkpoint's own members (sales, revenue, visitors). */
#define OCOP_SYNC_ACK_EPOCH              "epoch"
#define OCOP_SYNC_ACK_ACKED_THROUGH      "acked_through"
#define OCOP_SYNC_ACK_INSERTED           "inserted"
#define OCOP_SYNC_ACK_DUPLICATES         "duplicates"
#define OCOP_SYNC_ACK_HUB_TIME_US        "hub_time_us"
#define OCOP_SYNC_ACK_CHECKPOINT         "checkpoint"
#define OCOP_SYNC_ACK_CHECKPOINT_STATUS  "status"
#define OCOP_SYNC_ACK_FLAGS              "flags"

/* An organizer's session (201 to POST /v1/session). */
#define OCOP_SYNC_SESSION_TOKEN       "token"
#define OCOP_SYNC_SESSION_ORGANIZER   "organizer"
#define OCOP_SYNC_SESSION_EXPIRES_US  "expires_us"

/* The catalog (200 to GET /v1/devices/ID/catalog?since=N). */
#define OCOP_SYNC_CATALOG_REPLY_FAIR       "fair"
#define OCOP_SYNC_CATALOG_REPLY_VERSION    "version"
#define OCOP_SYNC_CATALOG_REPLY_SINCE      "since"
#define OCOP_SYNC_CATALOG_REPLY_FULL       "full"
#define OCOP_SYNC_CATALOG_REPLY_PRODUCTS   "products"
#define OCOP_SYNC_CATALOG_REPLY_WITHDRAWN  "withdrawn"
/* ---- the bounds of a sale (docs/sync-protocol.md, "Bounds of a sale") ----
 *
 * Written once for the till, which refuses to record what is outside them,
 * and for the hub, which refuses a batch holding such an event: a sale the
 * till recorded must never be one the hub will not take. They are far above
 * anything a fair sells (a 5-star product's crate costs a few tens of
 * millions of đồng, a wholesale order at a fair a few billion) and far
 * below what would let one booth overflow the fair's 64-bit sums: 2,000
 * events of a batch at the largest total add up to 2 × 10^14. */

/* The largest unit price: 10^10 đồng (10 tỷ), a hundred times the dearest
 * OCOP product sold by the piece. */
#define OCOP_SYNC_MAX_UNIT_PRICE   10000000000LL
/* The largest amount of a line, total of a sale and payment: 10^11 đồng
 * (100 tỷ), twenty times a large wholesale order. */
#define OCOP_SYNC_MAX_AMOUNT       100000000000LL
/* The most units on a line, either sign (voids and refunds are negative).
 * Whole units today; weighed goods will count thousandths of a unit, and
 * this bound then reads 10^9 thousandths, the same million units: it stays
 * below 2^31 and quantity × unit price stays a checked product, bounded by
 * OCOP_SYNC_MAX_AMOUNT. */
#define OCOP_SYNC_MAX_QUANTITY     1000000LL
/* The most thousandths on a measured line, either sign: the same million
 * units (a tonne of rice is 10^6 thousandths of a kg). */
#define OCOP_SYNC_MAX_MEASURE      1000000000LL
/* How far a measured line's amount may lie from unit price × quantity: half
 * the coarsest rounding a booth may choose (1.000 đồng), and 1 đồng more
 * for a partial refund, whose amount is its share of the line's rounded
 * amount in whole đồng (docs/sync-protocol.md, "Weighed goods"). */
#define OCOP_SYNC_MAX_ROUNDING_GAP 501LL
/* Lines and payments of one sale, void or refund. */
#define OCOP_SYNC_MAX_LINES        500
#define OCOP_SYNC_MAX_PAYMENTS     16
/* Visitors of one count, either sign (a correction is negative). */
#define OCOP_SYNC_MAX_VISITORS     100000LL

/* Text a device sends, in bytes of UTF-8 (a Vietnamese letter takes two or
 * three, an emoji four): codes (a sku, a booth's code, a uuid), names (of a
 * booth, a product, a unit, a place, a cashier, a gate: the catalog allows
 * 120 characters of a product's name, 480 bytes at most) and notes (a
 * reason). */
#define OCOP_SYNC_MAX_CODE_BYTES   64
#define OCOP_SYNC_MAX_NAME_BYTES   512
#define OCOP_SYNC_MAX_NOTE_BYTES   1024

/* The payment methods (the till's ocop_payment_method_to_string). */
#define OCOP_SYNC_METHOD_CASH      "cash"
#define OCOP_SYNC_METHOD_TRANSFER  "transfer"
#define OCOP_SYNC_METHOD_OTHER     "other"

/* Bank-confirmed transfers (docs/sync-protocol.md, "Transfers confirmed
 * by the bank"): a booth's announcement of a pending transfer
 * (POST /v1/devices/ID/transfers) and the hub's answer about one
 * (GET /v1/devices/ID/transfers/CODE?wait=S). */
#define OCOP_SYNC_TRANSFER_CODE         "code"
#define OCOP_SYNC_TRANSFER_AMOUNT       "amount"
#define OCOP_SYNC_TRANSFER_ACCOUNT      "account"
#define OCOP_SYNC_TRANSFER_DAY          "day"
#define OCOP_SYNC_TRANSFER_STATUS       "status"       /* "waiting" or "confirmed" */
#define OCOP_SYNC_TRANSFER_SERVICE      "service"
#define OCOP_SYNC_TRANSFER_TRANSACTION  "transaction"  /* the service's own id */
#define OCOP_SYNC_TRANSFER_NOTICES      "notices"      /* every notification with the code */
