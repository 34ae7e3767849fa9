/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-signin-page.h: who is selling: a cashier picks their name and types
 * their PIN before the till sells, and a second cashier's PIN switches. */
#pragma once

#include <adwaita.h>

#include "ocop-store.h"

G_BEGIN_DECLS

#define OCOP_TYPE_SIGNIN_PAGE (ocop_signin_page_get_type ())
G_DECLARE_FINAL_TYPE (OcopSigninPage, ocop_signin_page, OCOP, SIGNIN_PAGE, GtkBox)

/* Lists @store's active cashiers again, chooses @suggested (or the first
 * when NULL or gone), empties the PIN and gives it the focus. FALSE when
 * the store has no active cashier: nobody can sign in. */
gboolean    ocop_signin_page_reset        (OcopSigninPage *self,
                                           OcopStore      *store,
                                           const char     *suggested);
/* Chooses @name, types @pin and signs in, as the page's Sign in button
 * does, running the main context until the PIN is checked; FALSE (with
 * the refusal shown) when refused. */
gboolean    ocop_signin_page_sign_in      (OcopSigninPage *self,
                                           const char     *name,
                                           const char     *pin);
/* TRUE while a PIN is being checked: the page takes no other meanwhile. */
gboolean    ocop_signin_page_is_checking  (OcopSigninPage *self);
/* The name chosen, and the last refusal shown ("" when none). */
const char *ocop_signin_page_get_chosen   (OcopSigninPage *self);
const char *ocop_signin_page_get_error    (OcopSigninPage *self);

G_END_DECLS
