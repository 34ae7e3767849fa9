/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-payment-dialog.h: taking payment for the cart: cash with change,
 * bank transfer, or cash and the rest by transfer. */
#pragma once

#include <adwaita.h>

#include "ocop-sale.h"
#include "ocop-store.h"

G_BEGIN_DECLS

#define OCOP_TYPE_PAYMENT_DIALOG (ocop_payment_dialog_get_type ())
G_DECLARE_FINAL_TYPE (OcopPaymentDialog, ocop_payment_dialog, OCOP, PAYMENT_DIALOG, AdwWindow)

/* Emits "completed" (OcopSale *) once @cart is recorded in @store, then
 * closes. Until then the cart is untouched in the store. */
OcopPaymentDialog *ocop_payment_dialog_new (GtkWindow *parent,
                                            OcopStore *store,
                                            GSettings *settings,
                                            OcopSale  *cart);
/* The VietQR payload shown for the amount to transfer, or NULL when no
 * bank account is set up. */
const char        *ocop_payment_dialog_get_vietqr_payload (OcopPaymentDialog *self);

G_END_DECLS
