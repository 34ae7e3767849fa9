/* SPDX-License-Identifier: GPL-3.0-or-later */
/* scale-emulator.h: a serial scale played on the master side of a
 * pseudo-terminal, for the scale's tests, the till's and the benchmark. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _ScaleEmulator ScaleEmulator;

/* A new pty whose slave is the scale's port; its master is watched on
 * the thread-default main context. */
ScaleEmulator *scale_emulator_new           (void);
void           scale_emulator_free          (ScaleEmulator *self);
/* serial:PATH?protocol=@protocol */
char          *scale_emulator_uri           (ScaleEmulator *self,
                                             const char    *protocol);

/* When @trigger next comes from the till, answer @length bytes of @reply
 * (-1: a C string). Rules are kept in order, each used once. */
void           scale_emulator_on            (ScaleEmulator *self,
                                             char           trigger,
                                             const char    *reply,
                                             gssize         length);
/* Writes now, as a continuous scale does. */
void           scale_emulator_send          (ScaleEmulator *self,
                                             const char    *bytes,
                                             gssize         length);
/* What the till sent so far. */
const GString *scale_emulator_received      (ScaleEmulator *self);
/* Pulls the cable: the master closes. */
void           scale_emulator_unplug        (ScaleEmulator *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScaleEmulator, scale_emulator_free)

G_END_DECLS
