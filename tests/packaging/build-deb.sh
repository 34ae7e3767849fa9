#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the Debian packages from this tree (packaging/debian becomes the
# debian/ folder of a copy), runs lintian on them and leaves them in OUT.
# Usage: tests/packaging/build-deb.sh OUT
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
out=$(mkdir -p "$1" && cd "$1" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir "$work/ocop-pos"
tar -C "$src" --exclude='./_build*' --exclude='./build*' --exclude=./.git -cf - . | tar -C "$work/ocop-pos" -xf -
cp -r "$src/packaging/debian" "$work/ocop-pos/debian"
(cd "$work/ocop-pos" && DEB_BUILD_OPTIONS="nocheck parallel=$(nproc)" dpkg-buildpackage -us -uc -b)
cp "$work"/*.deb "$work"/*.changes "$work"/*.buildinfo "$out"/
