#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Copies the screenshots the UI tests took into packaging/screenshots, for
# the AppStream metainfo. Run the UI tests first: meson test -C BUILD --suite ui
set -eu
build=${1:-_build}
here=$(dirname "$0")
shots="$build/tests/screenshots"
mkdir -p "$here/screenshots"
cp "$shots/till-vietnamese.png" "$here/screenshots/till.png"
cp "$shots/payment-transfer.png" "$here/screenshots/payment-transfer.png"
cp "$shots/today.png" "$here/screenshots/today.png"
cp "$shots/settings-devices.png" "$here/screenshots/settings-devices.png"
