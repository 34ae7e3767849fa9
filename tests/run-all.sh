#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds ocop-pos twice, plainly and with AddressSanitizer + UndefinedBehavior-
# Sanitizer, runs every test suite in both builds, then the packaging stages,
# and ends with tests/tap-summary.py's lines: what each build and stage did,
# how many builds ran each case, and last "N passed, N failed, N skipped",
# counting each test case once (not each program, nor each build).
set -u
cd "$(dirname "$0")/.."

build_and_test () {
  local dir=$1; shift
  if [ -d "$dir" ]; then
    meson setup --reconfigure "$dir" "$@" >"$dir.setup.log" 2>&1 || { cat "$dir.setup.log"; return 1; }
  else
    meson setup "$dir" "$@" >"$dir.setup.log" 2>&1 || { cat "$dir.setup.log"; return 1; }
  fi
  # A log left by an earlier run must not stand in for this one.
  rm -f "$dir/meson-logs/testlog.json"
  ninja -C "$dir" || return 1
  meson test -C "$dir" --print-errorlogs --num-processes "$(nproc)"
}

# Sanitizer reports fail the test instead of scrolling past.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:halt_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

status=0
build_and_test _build || status=1
build_and_test _build-asan -Db_sanitize=address,undefined -Db_lundef=false || status=1

# The Debian packages, built, installed and run on this machine (as root:
# elsewhere the stage says it is skipped, which the summary counts).
rm -rf _build-deb && mkdir -p _build-deb
tests/packaging/test-deb.sh "$PWD/_build-deb" | tee _build-deb/tap.log
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
# A --prefix install, run from its prefix.
mkdir -p _build-prefix
tests/packaging/test-prefix.sh "$PWD/_build-prefix" | tee _build-prefix.tap.log
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1

failed_before=()
[ "$status" -eq 0 ] || failed_before=(--failed)
exec python3 tests/tap-summary.py "${failed_before[@]}" \
  "plain build=_build" "ASan + UBSan build=_build-asan" \
  "Debian packages=_build-deb/tap.log" "prefix install=_build-prefix.tap.log"
