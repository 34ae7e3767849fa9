#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds fuzz-sync.c with clang and libFuzzer (plus ASan and UBSan), replays
# the regression inputs that earlier runs found, then fuzzes for a bounded
# time. Usage: run-fuzz.sh SOURCE_ROOT BUILD_ROOT SECONDS
set -eu
src=$1 build=$2 seconds=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "1..2"
# shellcheck disable=SC2046
clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -DGETTEXT_PACKAGE='"ocop-pos"' -I"$build" -I"$src/app" -I"$src/sync" -I"$src/sync/hub" \
  "$src/tests/sync/fuzz-sync.c" "$src/sync/hub/ocop-hub-batch.c" "$src/sync/hub/ocop-hub-batch-bounds.c" \
  "$src/sync/hub/ocop-hub-error.c" \
  "$src/sync/ocop-sync-reply.c" \
  $(pkg-config --cflags --libs gio-2.0 json-glib-1.0 zlib) -o "$work/fuzz-sync" 2>"$work/build.log" \
  || { cat "$work/build.log"; echo "not ok 1 build the fuzzer with clang"; exit 1; }

# Leak detection stays on: a parser that leaks on bad input is a bug too.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
if "$work/fuzz-sync" -runs=0 "$src/tests/sync/fuzz-regressions" >"$work/replay.log" 2>&1; then
  echo "ok 1 regression inputs"
else
  cat "$work/replay.log"; echo "not ok 1 regression inputs"; exit 1
fi

mkdir "$work/corpus"
cp "$src/tests/sync/fuzz-regressions/"* "$work/corpus/"
if "$work/fuzz-sync" -max_total_time="$seconds" -timeout=5 -rss_limit_mb=1024 -max_len=8192 \
     -artifact_prefix="$work/" "$work/corpus" >"$work/fuzz.log" 2>&1; then
  echo "ok 2 fuzzed for $seconds s: $(grep -o 'Done [0-9]* runs' "$work/fuzz.log")"
else
  tail -40 "$work/fuzz.log"
  for crash in "$work"/crash-* "$work"/leak-* "$work"/timeout-*; do
    [ -e "$crash" ] && { echo "# input: $(basename "$crash")"; od -c "$crash" | head -20; }
  done
  echo "not ok 2 the fuzzer found a failing input (add it to tests/sync/fuzz-regressions)"
  exit 1
fi
