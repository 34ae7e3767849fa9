#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds ocop-pos twice, plainly and with AddressSanitizer + UndefinedBehavior-
# Sanitizer, runs every test suite in both builds, and ends with the line
# "N passed, N failed" counting each test case (not each test program).
set -u
cd "$(dirname "$0")/.."

build_and_test () {
  local dir=$1; shift
  if [ -d "$dir" ]; then
    meson setup --reconfigure "$dir" "$@" >"$dir.setup.log" 2>&1 || { cat "$dir.setup.log"; return 1; }
  else
    meson setup "$dir" "$@" >"$dir.setup.log" 2>&1 || { cat "$dir.setup.log"; return 1; }
  fi
  ninja -C "$dir" || return 1
  meson test -C "$dir" --print-errorlogs --num-processes "$(nproc)"
}

# Sanitizer reports fail the test instead of scrolling past.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:halt_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

status=0
build_and_test _build || status=1
build_and_test _build-asan -Db_sanitize=address,undefined -Db_lundef=false || status=1

# The Debian packages, built, installed and run on this machine: only where
# installing is allowed (root, as on CI); elsewhere this stage says so.
rm -rf _build-deb && mkdir -p _build-deb
if [ "$(id -u)" -eq 0 ] && command -v dpkg-buildpackage >/dev/null; then
  tests/packaging/test-deb.sh "$PWD/_build-deb" | tee _build-deb/tap.log
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
else
  echo "packaging: not run (needs root and dpkg-dev to install the packages it builds)"
fi
# A --prefix install, run from its prefix.
mkdir -p _build-prefix
tests/packaging/test-prefix.sh "$PWD/_build-prefix" | tee _build-prefix.tap.log
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1

python3 - "$status" <<'PY'
import json, os, re, sys

passed = failed = skipped = 0
for build in ("_build", "_build-asan"):
    log = os.path.join(build, "meson-logs", "testlog.json")
    if not os.path.exists(log):
        print(f"{build}: no test log (the build failed)")
        failed += 1
        continue
    for line in open(log, encoding="utf-8"):
        test = json.loads(line)
        out = test.get("stdout") or ""
        skip = len(re.findall(r"^ok \d+.*# ?SKIP", out, re.M | re.I))
        ok = len(re.findall(r"^ok \d+", out, re.M)) - skip
        skipped += skip
        not_ok = len(re.findall(r"^not ok \d+", out, re.M))
        # A program that crashed or timed out counts once more as failed.
        if test["result"] not in ("OK", "EXPECTEDFAIL", "SKIP") and not_ok == 0:
            not_ok = 1
        if ok + not_ok + skip == 0 and test["result"] == "OK":
            ok = 1
        passed += ok
        failed += not_ok
for stage_log in (os.path.join("_build-deb", "tap.log"), "_build-prefix.tap.log"):
    if os.path.exists(stage_log):
        text = open(stage_log, encoding="utf-8").read()
        passed += len(re.findall(r"^ok \d+", text, re.M))
        failed += len(re.findall(r"^not ok \d+", text, re.M))
if sys.argv[1] != "0" and failed == 0:
    failed = 1
print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed else 0)
PY
