/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-types.c: names of the shared enumerations, as stored and as shown. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ocop-sync-protocol.h"
#include "ocop-text.h"
#include "ocop-types.h"

typedef struct {
  int         value;
  const char *id;       /* stored in the database and sent to the hub: never change one */
  const char *label;    /* shown to people; the msgid is English, vi.po gives "Doanh nghiệp", … */
} EnumName;

static const EnumName producer_kinds[] = {
  { OCOP_PRODUCER_ENTERPRISE, OCOP_SYNC_PRODUCER_ENTERPRISE, N_("Enterprise") },
  { OCOP_PRODUCER_COOPERATIVE, OCOP_SYNC_PRODUCER_COOPERATIVE, N_("Cooperative") },
  { OCOP_PRODUCER_HOUSEHOLD, OCOP_SYNC_PRODUCER_HOUSEHOLD, N_("Household") },
};

/* What organizers type in a spreadsheet's producer kind column, compared
 * after ocop_text_fold, so "Hộ Gia Đình" and "ho gia dinh" are one. The
 * stable ids are repeated here because a folded "Enterprise" is one too. */
static const EnumName producer_kind_spellings[] = {
  { OCOP_PRODUCER_ENTERPRISE, "enterprise", NULL },
  { OCOP_PRODUCER_ENTERPRISE, "doanh nghiep", NULL },
  { OCOP_PRODUCER_ENTERPRISE, "dn", NULL },
  { OCOP_PRODUCER_ENTERPRISE, "cong ty", NULL },
  { OCOP_PRODUCER_COOPERATIVE, "cooperative", NULL },
  { OCOP_PRODUCER_COOPERATIVE, "htx", NULL },
  { OCOP_PRODUCER_COOPERATIVE, "hop tac xa", NULL },
  { OCOP_PRODUCER_HOUSEHOLD, "household", NULL },
  { OCOP_PRODUCER_HOUSEHOLD, "ho", NULL },
  { OCOP_PRODUCER_HOUSEHOLD, "ho san xuat", NULL },
  { OCOP_PRODUCER_HOUSEHOLD, "ho kinh doanh", NULL },
  { OCOP_PRODUCER_HOUSEHOLD, "ho gia dinh", NULL },
};

static const EnumName payment_methods[] = {
  { OCOP_PAYMENT_CASH, OCOP_SYNC_METHOD_CASH, N_("Cash") },
  { OCOP_PAYMENT_TRANSFER, OCOP_SYNC_METHOD_TRANSFER, N_("Bank transfer") },
  { OCOP_PAYMENT_OTHER, OCOP_SYNC_METHOD_OTHER, N_("Other") },
};

/* Journal records are never shown by kind alone, so they have no label. */
static const EnumName sale_kinds[] = {
  { OCOP_SALE_KIND_SALE, OCOP_SYNC_KIND_SALE, NULL },
  { OCOP_SALE_KIND_VOID, OCOP_SYNC_KIND_VOID, NULL },
  { OCOP_SALE_KIND_REFUND, OCOP_SYNC_KIND_REFUND, NULL },
};

static const EnumName *
find_value (const EnumName *names,
            gsize           n_names,
            int             value)
{
  for (gsize i = 0; i < n_names; i++)
    if (names[i].value == value)
      return &names[i];
  return NULL;
}

/* Stored ids are compared exactly: the database and the hub only ever hold
 * what _to_string() wrote, and anything else there is corruption to notice
 * rather than to guess at. */
static int
find_id (const EnumName *names,
         gsize           n_names,
         const char     *id)
{
  if (id == NULL)
    return 0;
  for (gsize i = 0; i < n_names; i++)
    if (g_str_equal (names[i].id, id))
      return names[i].value;
  return 0;
}

static const char *
id_of (const EnumName *names,
       gsize           n_names,
       int             value)
{
  const EnumName *name = find_value (names, n_names, value);

  return name != NULL ? name->id : NULL;
}

static const char *
label_of (const EnumName *names,
          gsize           n_names,
          int             value)
{
  const EnumName *name = find_value (names, n_names, value);

  return name != NULL ? _(name->label) : "";
}

const char *
ocop_producer_kind_to_string (OcopProducerKind kind)
{
  return id_of (producer_kinds, G_N_ELEMENTS (producer_kinds), kind);
}

OcopProducerKind
ocop_producer_kind_from_string (const char *text)
{
  g_autofree char *folded = NULL;
  int stored = find_id (producer_kinds, G_N_ELEMENTS (producer_kinds), text);

  /* The store reads back the ids it wrote, fifty rows a keystroke while
   * searching: those need no folding, which was a tenth of a search. */
  if (text == NULL || stored != 0)
    return stored;
  folded = ocop_text_fold (text);
  return find_id (producer_kind_spellings, G_N_ELEMENTS (producer_kind_spellings), folded);
}

const char *
ocop_producer_kind_label (OcopProducerKind kind)
{
  return label_of (producer_kinds, G_N_ELEMENTS (producer_kinds), kind);
}

const char *
ocop_payment_method_to_string (OcopPaymentMethod method)
{
  return id_of (payment_methods, G_N_ELEMENTS (payment_methods), method);
}

OcopPaymentMethod
ocop_payment_method_from_string (const char *text)
{
  return find_id (payment_methods, G_N_ELEMENTS (payment_methods), text);
}

const char *
ocop_payment_method_label (OcopPaymentMethod method)
{
  return label_of (payment_methods, G_N_ELEMENTS (payment_methods), method);
}

const char *
ocop_sale_kind_to_string (OcopSaleKind kind)
{
  return id_of (sale_kinds, G_N_ELEMENTS (sale_kinds), kind);
}

OcopSaleKind
ocop_sale_kind_from_string (const char *text)
{
  return find_id (sale_kinds, G_N_ELEMENTS (sale_kinds), text);
}
