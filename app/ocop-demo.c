/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-demo.c: the demo fair, built from the catalog shipped in the core's
 * resources and imported through the same path as an organizer's file. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ocop-catalog.h"
#include "ocop-core-resources.h"
#include "ocop-demo.h"

#define DEMO_CATALOG "/vn/ocop/Core/demo-catalog.csv"

/* Booths of the Thu Đông fair in Móng Cái, as the provincial press lists
 * them: producers from the localities, and guests from other provinces. */
static const OcopBooth demo_booths[] = {
  { "QN-01", "Gian hàng OCOP Quảng Ninh tổng hợp", "Hạ Long", TRUE },
  { "QN-02", "HTX Ba Chẽ", "Ba Chẽ", TRUE },
  { "QN-03", "Đặc sản Vân Đồn", "Vân Đồn", TRUE },
  { "QN-04", "OCOP Đông Triều", "Đông Triều", TRUE },
  { "QN-05", "Bình Liêu xanh", "Bình Liêu", TRUE },
  { "LS-01", "Đặc sản Lạng Sơn", "Lạng Sơn", FALSE },
};

static gboolean
check_fresh (OcopStore  *store,
             GError    **error)
{
  g_autoptr(OcopFair) fair = ocop_store_get_fair (store, NULL);

  if (fair == NULL)
    return TRUE;
  g_set_error (error, OCOP_STORE_ERROR, OCOP_STORE_ERROR_INVALID,
               _("%s already holds the fair “%s”; use --db with a new file for the demo"),
               ocop_store_get_path (store), fair->name);
  return FALSE;
}

static OcopFair *
demo_fair (OcopStore *store)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (ocop_store_now_us (store) / G_USEC_PER_SEC);
  g_autoptr(GDateTime) last = g_date_time_add_days (utc, 4);
  OcopFair *fair = g_new0 (OcopFair, 1);

  /* The demo always runs "now", so its five days start today. */
  fair->name = g_strdup ("Hội chợ OCOP Quảng Ninh – Thu Đông");
  fair->venue = g_strdup ("Trung tâm Truyền thông và Văn hóa TP Móng Cái");
  fair->starts_on = ocop_store_business_day_of (store, ocop_store_now_us (store));
  fair->ends_on = ocop_store_business_day_of (store, g_date_time_to_unix (last) * G_USEC_PER_SEC);
  fair->time_zone = g_strdup (OCOP_FAIR_TIME_ZONE);
  return fair;
}

gboolean
ocop_demo_create (OcopStore  *store,
                  guint      *n_products,
                  GError    **error)
{
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(OcopFair) fair = NULL;

  if (!check_fresh (store, error))
    return FALSE;
  /* Asked of the core's own resource, not the global registry: from a
   * static library the linker would drop an unreferenced registration. */
  csv = g_resource_lookup_data (ocop_core_get_resource (), DEMO_CATALOG, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (csv == NULL || !(products = ocop_catalog_parse_bytes (csv, "demo-catalog.csv", error)))
    return FALSE;

  fair = demo_fair (store);
  if (!ocop_store_set_fair (store, fair, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (demo_booths); i++)
    if (!ocop_store_add_booth (store, &demo_booths[i], error))
      return FALSE;
  /* Demo cashiers: Lan sells, Hùng supervises (PINs 1111 and 9999). */
  if (!ocop_store_set_current_booth (store, demo_booths[0].code, error) ||
      !ocop_store_set_cashier (store, "Hùng", "9999", TRUE, error) ||
      !ocop_store_set_cashier (store, "Lan", "1111", FALSE, error) ||
      !ocop_store_import_products (store, products, error))
    return FALSE;
  if (n_products != NULL)
    *n_products = products->len;
  return TRUE;
}
