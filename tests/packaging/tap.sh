# SPDX-License-Identifier: GPL-3.0-or-later
# tap.sh: the TAP steps of the packaging tests (sourced by test-deb.sh and
# test-prefix.sh). Each step's output goes to $tap_logs/step-N.log and its
# tail into the TAP stream when it fails. A step whose tool is missing is
# skipped, and counted so, or fails on CI (CI=true), where
# packaging/deps-test.txt installs every tool. $tap_logs is the sourcing
# script's:
# shellcheck shell=bash disable=SC2154
n=0
failed=0

check () {   # check "what" command…
  local what=$1; shift
  n=$((n + 1))
  if "$@" >"$tap_logs/step-$n.log" 2>&1; then
    echo "ok $n $what"
  else
    echo "not ok $n $what"
    sed 's/^/# /' "$tap_logs/step-$n.log" | tail -n 40
    failed=$((failed + 1))
  fi
}

# check_with "TOOL:PACKAGE…" "what" command…: check, once the tools are here.
check_with () {
  local needs=$1 need
  shift
  for need in $needs; do
    command -v "${need%%:*}" >/dev/null && continue
    n=$((n + 1))
    if [ "${CI:-}" = true ]; then
      echo "not ok $n $1 - ${need%%:*} is not installed (package ${need#*:}, in packaging/deps-test.txt)"
      failed=$((failed + 1))
    else
      echo "ok $n $1 # SKIP ${need%%:*} is not installed (package ${need#*:})"
    fi
    return
  done
  check "$@"
}

# no_test_hooks BINARY…: none of the programs holds the name of a test
# hook's variable (what `strings` would show): the hooks live only in the
# hub's test build, which is never installed.
no_test_hooks () {
  local binary name status=0
  for binary in "$@"; do
    [ -f "$binary" ] || { echo "missing: $binary"; return 1; }
    for name in OCOP_HUB_TEST_EXIT_AFTER_COMMIT OCOP_HUB_TEST_REPLY_DELAY_MS OCOP_NOW; do
      if grep -qaF "$name" "$binary"; then echo "$binary holds $name"; status=1; fi
    done
  done
  return $status
}
