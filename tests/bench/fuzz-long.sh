#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The fuzzers' long run, a benchmark-like command run by hand (never by
# meson test, whose fuzz-sync test runs 15 s): builds each target, fuzzes
# it for SECONDS (default 600) from the corpus kept in the repository and
# the regression inputs, then merges what it found into the smallest set
# with the same coverage. Prints executions, coverage and features before
# and after. With --update-corpus the merged set replaces
# tests/sync/fuzz-corpus/ (commit it); a failing input is left in the work
# folder, to be minimized (-minimize_crash=1) into tests/sync/fuzz-regressions/.
# Usage: tests/bench/fuzz-long.sh BUILD_ROOT [SECONDS] [--update-corpus]
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
build=$1 seconds=${2:-600} update=${3:-}
work=$(mktemp -d /tmp/ocop-fuzz-XXXXXX)
corpus=$src/tests/sync/fuzz-corpus regressions=$src/tests/sync/fuzz-regressions
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
count () { find "$1" -type f | wc -l; }
kib () { du -sk --apparent-size "$1" | cut -f1; }

"$src/tests/sync/fuzz-build.sh" "$src" "$build" "$work"
# fuzz-sync is the only target so far; another would get a corpus of its own.
fuzz () {
  target=$1
  fuzzer=$work/$target
  options="-timeout=5 -rss_limit_mb=2048 -max_len=131072"
  mkdir "$work/new" "$work/kept"
  echo "# $target, $(nproc) cores, $seconds s, corpus $(count "$corpus") inputs + $(count "$regressions") regression inputs"
  # shellcheck disable=SC2086
  if ! nice "$fuzzer" $options -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$work/" \
       "$work/new" "$corpus" "$regressions" >"$work/fuzz.log" 2>&1; then
    tail -30 "$work/fuzz.log"
    echo "# $target found a failing input: $(ls "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-* 2>/dev/null)"
    echo "# the work folder is kept: $work"
    exit 1
  fi
  grep -m1 'INITED' "$work/fuzz.log" | sed 's/^/# start: /'
  grep 'DONE' "$work/fuzz.log" | tail -1 | sed 's/^/# end:   /'
  grep '^stat::' "$work/fuzz.log" | sed 's/^/# /'
  # Keep the regression inputs as they are; add from the old corpus and
  # this run only what covers something they do not.
  cp "$regressions"/* "$work/kept/"
  # shellcheck disable=SC2086
  nice "$fuzzer" $options -merge=1 "$work/kept" "$corpus" "$work/new" >"$work/merge.log" 2>&1
  for input in "$regressions"/*; do rm -f "$work/kept/$(basename "$input")"; done
  echo "# merged corpus: $(count "$work/kept") inputs, $(kib "$work/kept") KiB" \
       "(was $(count "$corpus"), $(kib "$corpus") KiB)"
  if [ "$update" = --update-corpus ]; then
    rm -f "$corpus"/*
    cp "$work/kept"/* "$corpus/"
    echo "# tests/sync/fuzz-corpus/ updated"
  fi
}
fuzz fuzz-sync
rm -rf "$work"
