#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a UI test on an X server of its own. Xvfb picks a free display itself
# (-displayfd), so UI tests started at the same time never race for one, as
# two `xvfb-run -a` can (both take :99, and one test talks to the other's
# server until it goes away). -noreset: by default an X server resets when
# its last client leaves, and a program started in that moment (test-app
# starts ocop-pos again after killing it) cannot open the display.
# Without Xvfb, tests/missing-tool.sh stands in for the test.
# Usage: xvfb-test.sh PROGRAM [ARGS…]
set -u
command -v Xvfb >/dev/null || exec "$(dirname "$0")/../missing-tool.sh" Xvfb xvfb

ready=$(mktemp)
Xvfb -displayfd 3 -screen 0 1440x900x24 -nolisten tcp -noreset 3>"$ready" 2>/dev/null &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -f "$ready"' EXIT

# Xvfb writes the display number and a newline once it accepts clients.
for _ in $(seq 200); do
  grep -q '^[0-9][0-9]*$' "$ready" && break
  sleep 0.05
done
display=$(head -n 1 "$ready")
if [ -z "$display" ]; then
  echo "Bail out! Xvfb did not start"
  exit 1
fi

DISPLAY=":$display" "$@"
