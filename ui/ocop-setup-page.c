/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-setup-page.c: the first-run form. Everything that can be checked is
 * checked before anything is written, so a typo in the bank account does
 * not leave a half set-up booth behind. */

#include "config.h"

#include <glib/gi18n.h>

#include "ocop-locality.h"
#include "ocop-setup-page.h"
#include "ocop-text.h"
#include "ocop-vietqr.h"

struct _OcopSetupPage
{
  AdwBin       parent_instance;

  AdwEntryRow *fair_row;
  AdwEntryRow *booth_code_row;
  AdwEntryRow *booth_name_row;
  AdwEntryRow *locality_row;
  AdwEntryRow *supervisor_row;
  AdwEntryRow *supervisor_pin_row;
  AdwEntryRow *cashier_row;
  AdwEntryRow *cashier_pin_row;
  AdwEntryRow *bank_bin_row;
  AdwEntryRow *bank_account_row;
  AdwEntryRow *bank_account_name_row;
  AdwComboRow *width_row;
};

G_DEFINE_FINAL_TYPE (OcopSetupPage, ocop_setup_page, ADW_TYPE_BIN)

static const char *
field (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static gboolean
has_bank_account (OcopSetupPage *self)
{
  return !ocop_text_is_blank (field (self->bank_bin_row)) || !ocop_text_is_blank (field (self->bank_account_row));
}

/* The core's own VietQR encoder judges the BIN and account: what it
 * accepts here is what it will encode at the first transfer. */
static gboolean
check_bank_account (OcopSetupPage  *self,
                    GError        **error)
{
  g_autofree char *payload = NULL;

  if (!has_bank_account (self))
    return TRUE;
  payload = ocop_vietqr_payload (field (self->bank_bin_row), field (self->bank_account_row), 0, NULL, error);
  return payload != NULL;
}

static gboolean
check_cashier_pins (OcopSetupPage  *self,
                    GError        **error)
{
  if (!ocop_text_is_blank (field (self->cashier_row)) &&
      g_str_equal (field (self->cashier_pin_row), field (self->supervisor_pin_row)))
    {
      /* The PIN alone says who approves a void. */
      g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID,
                   _("The cashier's PIN must differ from the supervisor's"));
      return FALSE;
    }
  return TRUE;
}

static void
keep_settings (OcopSetupPage *self,
               GSettings     *settings)
{
  if (has_bank_account (self))
    {
      g_settings_set_string (settings, "bank-bin", field (self->bank_bin_row));
      g_settings_set_string (settings, "bank-account", field (self->bank_account_row));
      g_settings_set_string (settings, "bank-account-name", field (self->bank_account_name_row));
    }
  g_settings_set_uint (settings, "receipt-width-mm", adw_combo_row_get_selected (self->width_row) == 0 ? 58 : 80);
}

gboolean
ocop_setup_page_apply (OcopSetupPage  *self,
                       OcopStore      *store,
                       GSettings      *settings,
                       GError        **error)
{
  gboolean in_province = TRUE;
  const char *locality = ocop_locality_canonical (field (self->locality_row), &in_province);
  OcopFair fair = { (char *) field (self->fair_row), NULL, NULL, NULL, (char *) OCOP_FAIR_TIME_ZONE };
  OcopBooth booth = { (char *) field (self->booth_code_row),
                      (char *) (*field (self->booth_name_row) ? field (self->booth_name_row) : field (self->booth_code_row)),
                      (char *) locality, in_province };

  if (locality == NULL)
    {
      g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID,
                   _("“%s” is neither one of Quảng Ninh's 13 localities nor a province"), field (self->locality_row));
      return FALSE;
    }
  if (!check_bank_account (self, error) || !check_cashier_pins (self, error))
    return FALSE;
  if (!ocop_store_set_fair (store, &fair, error) ||
      !ocop_store_add_booth (store, &booth, error) ||
      !ocop_store_set_cashier (store, field (self->supervisor_row), field (self->supervisor_pin_row), TRUE, error))
    return FALSE;
  if (!ocop_text_is_blank (field (self->cashier_row)) &&
      !ocop_store_set_cashier (store, field (self->cashier_row), field (self->cashier_pin_row), FALSE, error))
    return FALSE;
  /* Last: until the booth is set, the till keeps showing this form. */
  if (!ocop_store_set_current_booth (store, booth.code, error))
    return FALSE;
  keep_settings (self, settings);
  return TRUE;
}

static void
ocop_setup_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), OCOP_TYPE_SETUP_PAGE);

  G_OBJECT_CLASS (ocop_setup_page_parent_class)->dispose (object);
}

static void
ocop_setup_page_class_init (OcopSetupPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ocop_setup_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/vn/ocop/Pos/ocop-setup-page.ui");
  gtk_widget_class_bind_template_child (widget_class, OcopSetupPage, fair_row);
  gtk_widget_class_bind_template_child (widget_class, OcopSetupPage, booth_code_row);
  gtk_widget_class_bind_template_child (widget_class, OcopSetupPage, booth_name_row);
  gtk_widget_class_bind_template_child (widget_class, OcopSetupPage, locality_row);
  gtk_widget_class_bind_template_child (widget_class, OcopSetupPage, supervisor_row);
  gtk_widget_class_bind_template_child (widget_class, OcopSetupPage, supervisor_pin_row);
  gtk_widget_class_bind_template_child (widget_class, OcopSetupPage, cashier_row);
  gtk_widget_class_bind_template_child (widget_class, OcopSetupPage, cashier_pin_row);
  gtk_widget_class_bind_template_child (widget_class, OcopSetupPage, bank_bin_row);
  gtk_widget_class_bind_template_child (widget_class, OcopSetupPage, bank_account_row);
  gtk_widget_class_bind_template_child (widget_class, OcopSetupPage, bank_account_name_row);
  gtk_widget_class_bind_template_child (widget_class, OcopSetupPage, width_row);
}

static void
ocop_setup_page_init (OcopSetupPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
