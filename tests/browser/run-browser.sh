#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs dashboard.mjs with playwright-core installed (npm ci, from the
# lock file) in the build dir. Fails rather than skips without node or
# chromium: CI installs both (packaging/deps-test.txt).
# Usage: run-browser.sh SOURCE-DIR WORK-DIR BROWSER-HUB
set -eu
src=$1 work=$2 helper=$3
command -v node >/dev/null || { echo "Bail out! node is not installed (nodejs)"; exit 1; }
[ -x "${OCOP_CHROMIUM:-/usr/bin/chromium}" ] || { echo "Bail out! /usr/bin/chromium is missing (chromium)"; exit 1; }
mkdir -p "$work"
cp "$src/package.json" "$src/package-lock.json" "$src/dashboard.mjs" "$work/"
if ! cmp -s "$src/package-lock.json" "$work/node_modules/.package-lock.json.installed" 2>/dev/null; then
  (cd "$work" && npm ci --no-audit --no-fund --loglevel=error >&2)
  cp "$src/package-lock.json" "$work/node_modules/.package-lock.json.installed"
fi
exec node "$work/dashboard.mjs" "$helper" "$work/screenshots"
