/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-scale-settings.h: the Scale group of Settings: where the scale is,
 * its protocol, and a "Read now" test that shows what it says. */
#pragma once

#include <adwaita.h>

#include "ocop-devices.h"

G_BEGIN_DECLS

#define OCOP_TYPE_SCALE_SETTINGS (ocop_scale_settings_get_type ())
G_DECLARE_FINAL_TYPE (OcopScaleSettings, ocop_scale_settings, OCOP, SCALE_SETTINGS, AdwPreferencesGroup)

/* Shows and keeps @settings' scale-uri. */
void ocop_scale_settings_set_settings (OcopScaleSettings *self,
                                       GSettings         *settings);
/* The till's devices (NULL: none yet), whose scale "Read now" asks when
 * it has one: a port has one reader, and the till's holds it. */
void ocop_scale_settings_set_devices  (OcopScaleSettings *self,
                                       OcopDevices       *devices);

G_END_DECLS
