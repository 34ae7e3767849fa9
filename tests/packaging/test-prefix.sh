#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# `meson install` into a --prefix of its own, and the programs run from
# there: the tool with its translations, the hub, and the till with the
# settings schema compiled in the prefix. Prints TAP.
# Usage: tests/packaging/test-prefix.sh WORK_DIR
set -uo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
work=${1:-$src/_build-prefix}
prefix="$work/prefix"
rm -rf "$work" && mkdir -p "$work"
tap_logs=$work
. "$src/tests/packaging/tap.sh"

install_into_prefix () {
  meson setup "$work/build" "$src" --prefix="$prefix" --buildtype=release &&
    ninja -C "$work/build" install
}

installed_files () {
  for f in bin/ocop bin/ocop-pos bin/ocop-hub share/applications/vn.ocop.Pos.desktop \
           share/metainfo/vn.ocop.Pos.metainfo.xml share/glib-2.0/schemas/gschemas.compiled \
           share/icons/hicolor/scalable/apps/vn.ocop.Pos.svg share/locale/vi/LC_MESSAGES/ocop-pos.mo \
           lib/udev/rules.d/70-ocop-pos.rules lib/systemd/system/ocop-hub.service etc/default/ocop-hub; do
    [ -e "$prefix/$f" ] || { echo "missing: $f"; return 1; }
  done
}

# Vietnamese from the prefix's own catalog, without OCOP_LOCALEDIR.
tool_speaks_vietnamese () {
  local out
  out=$(env -u OCOP_LOCALEDIR LANGUAGE=vi LC_ALL=C.UTF-8 "$prefix/bin/ocop" --help) || return 1
  echo "$out"
  grep -q "Lệnh" <<<"$out" || grep -q "lệnh" <<<"$out"
}

till_starts_from_prefix () {
  local home
  home=$(mktemp -d)
  HOME=$home XDG_DATA_HOME=$home/data XDG_DATA_DIRS="$prefix/share:/usr/share" GSETTINGS_BACKEND=memory \
    timeout 30 "$src/tests/ui/xvfb-test.sh" bash -c '
      "$0" & pid=$!
      for _ in $(seq 150); do
        xdotool search --onlyvisible --pid "$pid" >/dev/null 2>&1 && break
        sleep 0.1
      done
      xdotool search --onlyvisible --pid "$pid" || { kill "$pid"; exit 1; }
      kill "$pid"' "$prefix/bin/ocop-pos"
  local status=$?
  rm -rf "$home"
  return $status
}

# What `meson install` puts in bin/: no test hook, and no hub test build.
installed_without_test_hooks () {
  no_test_hooks "$prefix/bin/ocop-hub" "$prefix/bin/ocop" && [ ! -e "$prefix/bin/ocop-hub-test" ]
}

echo "1..6"
check "meson install into a --prefix" install_into_prefix
check "the prefix holds the programs, desktop file, metainfo, schema, icons, translations, rules, unit" installed_files
check "ocop from the prefix speaks Vietnamese from the prefix's catalog" tool_speaks_vietnamese
check "ocop-hub from the prefix" "$prefix/bin/ocop-hub" --version
check "the installed ocop-hub and ocop hold no test hook" installed_without_test_hooks
check_with "Xvfb:xvfb xdotool:xdotool" "ocop-pos from the prefix opens its window" till_starts_from_prefix
exit $((failed > 0))
