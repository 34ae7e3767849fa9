/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-measure-code.h: variable-measure EAN-13 codes (GS1 restricted
 * circulation, prefixes 20–29) that carry a weighed pack's item code and
 * its weight or price, encoded and decoded by configurable layouts. */
#pragma once

#include "ocop-product.h"

G_BEGIN_DECLS

#define OCOP_MEASURE_CODE_ERROR (ocop_measure_code_error_quark ())

typedef enum {
  OCOP_MEASURE_CODE_ERROR_MISREAD,    /* a wrong EAN or price/measure check digit: scan again */
  OCOP_MEASURE_CODE_ERROR_NO_LAYOUT,  /* not 13 digits, or no layout for its prefix */
  OCOP_MEASURE_CODE_ERROR_MISMATCH,   /* an item or value that does not fit the layout's fields */
  OCOP_MEASURE_CODE_ERROR_BAD_LAYOUT, /* a layout written wrongly (configuration) */
  OCOP_MEASURE_CODE_ERROR_UNKNOWN_ITEM, /* no product on sale (or more than one) has the item code */
} OcopMeasureCodeError;

GQuark ocop_measure_code_error_quark (void);

/* What the value field of a layout carries. */
typedef enum {
  OCOP_MEASURE_FIELD_GRAMS = 1,
  OCOP_MEASURE_FIELD_PRICE,           /* in đồng */
} OcopMeasureField;

/* One layout: "PP" (20–29), the item code, the GS1 price/measure check
 * digit when it has one, the value, and the EAN-13 check digit. The
 * digits between prefix and check digit always add up to ten. */
typedef struct {
  guint            prefix;        /* 20 to 29 */
  guint            item_digits;   /* 1 to 6 */
  gboolean         verifier;      /* a check digit over the value (4 or 5 digits) */
  OcopMeasureField field;
  guint            value_digits;  /* 4 to 6; 4 or 5 with a verifier */
  gint64           value_unit;    /* what one step of the value is: 1, 10, 100 or 1000 g or ₫ */
} OcopMeasureLayout;

/* The layouts a booth accepts, at most one per prefix; the first is the
 * one its labels print. */
#define OCOP_MEASURE_MAX_LAYOUTS 10

typedef struct {
  guint             n_layouts;
  OcopMeasureLayout layouts[OCOP_MEASURE_MAX_LAYOUTS];
} OcopMeasureLayouts;

/* Item code 5 digits and the weight in grams, 5 digits (up to 99,999 kg):
 * what most shop scales print under prefix 20, and needs no price check
 * digit, since the till prices the weight itself. */
#define OCOP_MEASURE_DEFAULT_LAYOUTS "20:item5+grams5"

/* The GS1 General Specifications' price/measure check digit (7.9.3 for
 * four digits, 7.9.4 for five) of the first @len digits of @digits; -1
 * when @len is not 4 or 5 or they are not all ASCII digits. */
int      ocop_measure_verifier_digit (const char *digits,
                                      gsize       len);

/* One layout as "20:item5+grams5" or "22:item4+verifier+price5x100"
 * ("xN": one step of the value is N grams or đồng). */
gboolean ocop_measure_layout_parse   (const char         *text,
                                      OcopMeasureLayout  *out,
                                      GError            **error);
char    *ocop_measure_layout_format  (const OcopMeasureLayout *layout) G_GNUC_WARN_UNUSED_RESULT;

/* Layouts separated by commas or spaces; a prefix given twice, none at
 * all, or any layout written wrongly is refused whole. */
gboolean ocop_measure_layouts_parse  (const char          *text,
                                      OcopMeasureLayouts  *out,
                                      GError             **error);
char    *ocop_measure_layouts_format (const OcopMeasureLayouts *layouts) G_GNUC_WARN_UNUSED_RESULT;

/* What a variable-measure code says. */
typedef struct {
  OcopMeasureLayout layout;
  char              item[8];      /* the item code, as many digits as the layout has */
  gint64            grams;        /* -1 when the code carries the price */
  gint64            price;        /* -1 when the code carries the weight */
} OcopMeasureCode;

/* The 13-digit code of @item with @value (grams or đồng, as the layout's
 * field says, a whole number of its steps); NULL and
 * OCOP_MEASURE_CODE_ERROR_MISMATCH when the item or the value does not
 * fit its field. */
char    *ocop_measure_code_encode    (const OcopMeasureLayout  *layout,
                                      const char               *item,
                                      gint64                    value,
                                      GError                  **error) G_GNUC_WARN_UNUSED_RESULT;

/* TRUE when @code is 13 digits with a prefix one of @layouts has: a code
 * for ocop_measure_code_decode rather than a product's own barcode. */
gboolean ocop_measure_code_matches   (const OcopMeasureLayouts *layouts,
                                      const char               *code);

/* Reads @code by the layout of its prefix. A wrong EAN-13 or price check
 * digit is OCOP_MEASURE_CODE_ERROR_MISREAD; a code no layout takes is
 * OCOP_MEASURE_CODE_ERROR_NO_LAYOUT; a zero weight or price, which no
 * pack has, OCOP_MEASURE_CODE_ERROR_MISMATCH. */
gboolean ocop_measure_code_decode    (const OcopMeasureLayouts  *layouts,
                                      const char                *code,
                                      OcopMeasureCode           *out,
                                      GError                   **error);

/* A weighed pack as its label shows it and its code carries it. */
typedef struct {
  gint64 grams;                   /* net weight */
  gint64 thousandths;             /* the same in thousandths of the product's unit */
  gint64 amount;                  /* the pack's price in đồng */
  char   code[14];                /* its variable-measure EAN-13 */
} OcopMeasurePack;

/* A product's item code in a layout with @digits item digits: the last
 * @digits digits of its EAN before the check digit (the item reference
 * the producer gave it). NULL and OCOP_MEASURE_CODE_ERROR_MISMATCH for a
 * product without an EAN. */
char    *ocop_measure_item_code      (OcopProduct  *product,
                                      guint         digits,
                                      GError      **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
