#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the Debian 12 packages that building and running ocop-pos needs
# (run: packaging/deps-run.txt) or that every test needs (test:
# packaging/deps-test.txt): with apt-get directly as root, since a fresh
# machine logged in as root may have no sudo, and through sudo otherwise.
# Usage: packaging/install-deps.sh run|test
set -eu
list="$(dirname "$0")/deps-${1:-}.txt"
if [ ! -r "$list" ]; then
  echo "Usage: $0 run|test" >&2
  exit 2
fi
packages=$(cat "$list")
# Debian's nodejs comes without npm, which the browser test needs;
# NodeSource's includes it and conflicts with Debian's npm package.
if [ "$1" = test ] && ! command -v npm >/dev/null; then
  packages="$packages npm"
fi
as_root=""
if [ "$(id -u)" -ne 0 ]; then
  as_root=sudo
fi
$as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
# shellcheck disable=SC2086
$as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $packages
