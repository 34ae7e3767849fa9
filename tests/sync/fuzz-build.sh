#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the libFuzzer targets with clang (plus ASan and UBSan) from the
# parser sources alone, for the suite's short run (run-fuzz.sh) and the
# long one (tests/bench/fuzz-long.sh). Prints the build log on failure.
# Usage: fuzz-build.sh SOURCE_ROOT BUILD_ROOT OUTPUT_DIR
set -eu
src=$1 build=$2 out=$3

# shellcheck disable=SC2046
clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -DGETTEXT_PACKAGE='"ocop-pos"' -I"$build" -I"$src/app" -I"$src/sync" -I"$src/sync/hub" \
  "$src/tests/sync/fuzz-sync.c" "$src/sync/hub/ocop-hub-batch.c" "$src/sync/hub/ocop-hub-batch-bounds.c" "$src/sync/hub/ocop-hub-error.c" \
  "$src/sync/ocop-sync-reply.c" "$src/app/ocop-json.c" "$src/app/ocop-quantity.c" "$src/app/ocop-money.c" \
  $(pkg-config --cflags --libs gio-2.0 json-glib-1.0 zlib) -o "$out/fuzz-sync" 2>"$out/build.log" \
  || { cat "$out/build.log"; exit 1; }
