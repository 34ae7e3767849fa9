/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ocop-application.h: the ocop-pos till application (vn.ocop.Pos). */
#pragma once

#include <adwaita.h>

#include "ocop-store.h"

G_BEGIN_DECLS

#define OCOP_APPLICATION_ID "vn.ocop.Pos"

#define OCOP_TYPE_APPLICATION (ocop_application_get_type ())
G_DECLARE_FINAL_TYPE (OcopApplication, ocop_application, OCOP, APPLICATION, AdwApplication)

OcopApplication *ocop_application_new (void);

/* Makes the till's templates, CSS and icons available; safe to call often.
 * ocop_application_new () calls it; tests that build widgets without an
 * application call it before the first. */
void ocop_ui_register_resources (void);

/* Before gtk_init (): unless the person running the till chose a renderer
 * (GSK_RENDERER) or GDK debug flags, draws with Cairo and keeps OpenGL off.
 * Call it before any thread starts: it sets environment variables. */
void ocop_application_choose_renderer (void);

G_END_DECLS
