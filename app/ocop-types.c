/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-types.c: names of the shared enumerations, as stored and as shown. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ocop-text.h"
#include "ocop-types.h"

typedef struct {
  int         value;
  const char *id;       /* stored in the database and sent to the hub */
  const char *label;    /* shown to people */
} EnumName;

static const EnumName producer_kinds[] = {
  { OCOP_PRODUCER_ENTERPRISE, "enterprise", N_("Enterprise") },
  { OCOP_PRODUCER_COOPERATIVE, "cooperative", N_("Cooperative") },
  { OCOP_PRODUCER_HOUSEHOLD, "household", N_("Household") },
};

/* What organizers type in the producer_kind column, folded (no accents,
 * lower case). */
static const EnumName producer_kind_spellings[] = {
  { OCOP_PRODUCER_ENTERPRISE, "doanh nghiep", NULL },
  { OCOP_PRODUCER_ENTERPRISE, "dn", NULL },
  { OCOP_PRODUCER_ENTERPRISE, "cong ty", NULL },
  { OCOP_PRODUCER_COOPERATIVE, "htx", NULL },
  { OCOP_PRODUCER_COOPERATIVE, "hop tac xa", NULL },
  { OCOP_PRODUCER_HOUSEHOLD, "ho", NULL },
  { OCOP_PRODUCER_HOUSEHOLD, "ho san xuat", NULL },
  { OCOP_PRODUCER_HOUSEHOLD, "ho kinh doanh", NULL },
  { OCOP_PRODUCER_HOUSEHOLD, "ho gia dinh", NULL },
};

static const EnumName payment_methods[] = {
  { OCOP_PAYMENT_CASH, "cash", N_("Cash") },
  { OCOP_PAYMENT_TRANSFER, "transfer", N_("Bank transfer") },
  { OCOP_PAYMENT_OTHER, "other", N_("Other") },
};

static const EnumName sale_kinds[] = {
  { OCOP_SALE_KIND_SALE, "sale", NULL },
  { OCOP_SALE_KIND_VOID, "void", NULL },
  { OCOP_SALE_KIND_REFUND, "refund", NULL },
};

static const EnumName *
by_value (const EnumName *names,
          gsize           n,
          int             value)
{
  for (gsize i = 0; i < n; i++)
    if (names[i].value == value)
      return &names[i];
  return NULL;
}

static int
by_id (const EnumName *names,
       gsize           n,
       const char     *id)
{
  for (gsize i = 0; id != NULL && i < n; i++)
    if (g_str_equal (names[i].id, id))
      return names[i].value;
  return 0;
}

#define ID_OR_NULL(table, value) \
  (by_value (table, G_N_ELEMENTS (table), value) ? by_value (table, G_N_ELEMENTS (table), value)->id : NULL)
#define LABEL_OR_EMPTY(table, value) \
  (by_value (table, G_N_ELEMENTS (table), value) ? _(by_value (table, G_N_ELEMENTS (table), value)->label) : "")

const char *
ocop_producer_kind_to_string (OcopProducerKind kind)
{
  return ID_OR_NULL (producer_kinds, kind);
}

OcopProducerKind
ocop_producer_kind_from_string (const char *text)
{
  g_autofree char *folded = NULL;
  int kind;

  if (text == NULL)
    return 0;
  folded = ocop_text_fold (text);
  if ((kind = by_id (producer_kinds, G_N_ELEMENTS (producer_kinds), folded)) != 0)
    return kind;
  return by_id (producer_kind_spellings, G_N_ELEMENTS (producer_kind_spellings), folded);
}

const char *
ocop_producer_kind_label (OcopProducerKind kind)
{
  return LABEL_OR_EMPTY (producer_kinds, kind);
}

const char *
ocop_payment_method_to_string (OcopPaymentMethod method)
{
  return ID_OR_NULL (payment_methods, method);
}

OcopPaymentMethod
ocop_payment_method_from_string (const char *text)
{
  return by_id (payment_methods, G_N_ELEMENTS (payment_methods), text);
}

const char *
ocop_payment_method_label (OcopPaymentMethod method)
{
  return LABEL_OR_EMPTY (payment_methods, method);
}

const char *
ocop_sale_kind_to_string (OcopSaleKind kind)
{
  return ID_OR_NULL (sale_kinds, kind);
}

OcopSaleKind
ocop_sale_kind_from_string (const char *text)
{
  return by_id (sale_kinds, G_N_ELEMENTS (sale_kinds), text);
}
