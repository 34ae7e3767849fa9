/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-sync-protocol.h: the names on the wire of sync protocol 1
 * (docs/sync-protocol.md): the event kinds and the members of an upload
 * batch, its events and their payloads, written once for the store that
 * writes the events (app/), the client that sends them (sync/) and the
 * hub that parses them (sync/hub/). Plain macros, so that string literals
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

/* A line's producer kind: the stable ids only. */
#define OCOP_SYNC_PRODUCER_ENTERPRISE   "enterprise"
#define OCOP_SYNC_PRODUCER_COOPERATIVE  "cooperative"
#define OCOP_SYNC_PRODUCER_HOUSEHOLD    "household"

#define OCOP_SYNC_PAYMENT_METHOD    "method"
#define OCOP_SYNC_PAYMENT_AMOUNT    "amount"
#define OCOP_SYNC_PAYMENT_TENDERED  "tendered"
#define OCOP_SYNC_PAYMENT_CHANGE    "change"
