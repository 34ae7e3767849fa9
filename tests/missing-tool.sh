#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Stands in for a test whose tool is not installed, so that it never
# vanishes: a TAP plan that skips it, counted in tests/run-all.sh's skipped
# figure, or on CI (CI=true), where packaging/deps-test.txt installs every
# tool, a failure. tests/test-tools.c does the same inside a test program.
# Usage: missing-tool.sh TOOL PACKAGE
if [ "${CI:-}" = true ]; then
  echo "Bail out! $1 is not installed (package $2, in packaging/deps-test.txt)"
  exit 1
fi
echo "1..0 # SKIP $1 is not installed (package $2)"
