#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The Debian packages as a booth laptop or a hub server gets them: built from
# this tree, checked by lintian, installed on this machine, and run from the
# installed paths. Prints TAP. Needs root (it installs) and the packages in
# packaging/deps-test.txt.
# Usage: tests/packaging/test-deb.sh OUT_DIR
set -uo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$src/_build-deb}
mkdir -p "$out"
n=0
failed=0

check () {   # check "what" command…
  local what=$1; shift
  n=$((n + 1))
  if "$@" >"$out/step-$n.log" 2>&1; then
    echo "ok $n $what"
  else
    echo "not ok $n $what"
    sed 's/^/# /' "$out/step-$n.log" | tail -n 40
    failed=$((failed + 1))
  fi
}

no_lintian_errors () {
  lintian --allow-root --fail-on error "$out"/ocop-pos_*.deb "$out"/ocop-hub_*.deb
}

install_packages () {
  apt-get install -y -q --no-install-recommends "$out"/ocop-pos_*.deb "$out"/ocop-hub_*.deb
}

version_is () {   # version_is PROGRAM EXPECTED
  local printed
  printed=$("$1" --version) || return 1
  echo "$printed"
  [ "$printed" = "$2" ]
}

# The installed till starts on a fresh store from /usr/bin, finds its
# installed settings schema and translations, and shows its first-run page.
till_starts () {
  local home
  home=$(mktemp -d)
  HOME=$home XDG_DATA_HOME=$home/data GSETTINGS_BACKEND=memory GSK_RENDERER=cairo \
    timeout 20 "$src/tests/ui/xvfb-test.sh" bash -c '
      /usr/bin/ocop-pos & pid=$!
      for _ in $(seq 100); do
        xdotool search --onlyvisible --pid "$pid" >/dev/null 2>&1 && break
        sleep 0.1
      done
      xdotool search --onlyvisible --pid "$pid" || { kill "$pid"; exit 1; }
      kill "$pid"'
  local status=$?
  rm -rf "$home"
  return $status
}

version=$(sed -n "s/^ *version: '\(.*\)',/\1/p" "$src/meson.build" | head -n 1)
echo "1..6"
check "Debian packages build (dpkg-buildpackage -us -uc -b)" "$src/tests/packaging/build-deb.sh" "$out"
check "lintian reports no errors" no_lintian_errors
check "the packages install" install_packages
check "installed ocop --version" version_is /usr/bin/ocop "ocop $version"
check "installed ocop-pos --version" version_is /usr/bin/ocop-pos "ocop-pos $version"
check "installed ocop-pos opens its window under Xvfb" till_starts
exit $((failed > 0))
