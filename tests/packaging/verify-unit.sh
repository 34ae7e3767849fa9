#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# systemd-analyze verify on a unit, strictly: it exits 0 even when it
# ignores a line it cannot parse (an unknown key, a bad value), so any
# message that names the unit's file fails the test too.
# Usage: tests/packaging/verify-unit.sh UNIT_FILE
unit=$1
out=$(SYSTEMD_LOG_LEVEL=notice systemd-analyze verify "$unit" 2>&1)
status=$?
echo "$out" | grep -F "$(basename "$unit")"
if [ $status -ne 0 ] || echo "$out" | grep -qF "$(basename "$unit")"; then
  echo "systemd-analyze verify $unit: exit $status"
  exit 1
fi
