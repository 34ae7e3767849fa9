#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The Debian packages as a booth laptop or a hub server gets them: built from
# this tree, checked by lintian, installed on this machine, and run from the
# installed paths. Prints TAP. Needs root (it installs; without it the whole
# test is counted as skipped, or fails on CI) and the packages in
# packaging/deps-test.txt.
# Usage: tests/packaging/test-deb.sh OUT_DIR
set -uo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$src/_build-deb}
mkdir -p "$out"
tap_logs=$out
. "$src/tests/packaging/tap.sh"

# It installs what it builds: as root, with dpkg-dev, or counted as skipped
# (on CI, where it runs as root, a failure).
if [ "$(id -u)" -ne 0 ]; then
  if [ "${CI:-}" = true ]; then echo "Bail out! needs root: it installs the packages it builds"; exit 1; fi
  echo "1..0 # SKIP needs root: it installs the packages it builds"
  exit 0
fi
command -v dpkg-buildpackage >/dev/null || exec "$src/tests/missing-tool.sh" dpkg-buildpackage dpkg-dev

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

# The unit as systemd reads it, and the hardening the hub runs with.
# Its secrets come as credentials, its arguments from the environment
# file (a conffile), and its memory and tasks are bounded.
hub_unit_is_sound () {
  local unit=/usr/lib/systemd/system/ocop-hub.service
  for option in User=ocop-hub StateDirectory=ocop-hub ProtectSystem=strict NoNewPrivileges=true \
                PrivateTmp=true ProtectHome=true CapabilityBoundingSet= MemoryMax=512M TasksMax=128 \
                EnvironmentFile=-/etc/default/ocop-hub LoadCredential=admin-token:/etc/ocop-hub/admin-token \
                LoadCredential=tls-key:/etc/ocop-hub/tls-key.pem LoadCredential=pgpass:/etc/ocop-hub/pgpass \
                Environment=PGPASSFILE=%d/pgpass; do
    grep -qxF "$option" "$unit" || { echo "missing: $option"; return 1; }
  done
  grep -q '^ExecStart=/usr/bin/ocop-hub serve .* $OCOP_HUB_ARGS$' "$unit" ||
    { echo "ExecStart is not the installed hub with \$OCOP_HUB_ARGS"; return 1; }
  dpkg-query -W -f='${Conffiles}\n' ocop-hub | grep -q ' /etc/default/ocop-hub ' ||
    { echo "/etc/default/ocop-hub is not a conffile of ocop-hub"; return 1; }
  [ "$(stat -c %a /etc/ocop-hub)" = 700 ] || { echo "/etc/ocop-hub is not 0700"; return 1; }
}

# The programs as packaged (unpacked from the .deb files, not the build
# tree) hold no test hook, and the hub's test build is not in them.
packaged_without_test_hooks () {
  local root
  root=$(mktemp -d)
  dpkg-deb -x "$out"/ocop-hub_*.deb "$root" && dpkg-deb -x "$out"/ocop-pos_*.deb "$root" &&
    no_test_hooks "$root/usr/bin/ocop-hub" "$root/usr/bin/ocop" &&
    ! find "$root" -name 'ocop-hub-test*' | grep .
  local status=$?
  rm -rf "$root"
  return $status
}

hub_unit_verifies () {
  "$src/tests/packaging/verify-unit.sh" /usr/lib/systemd/system/ocop-hub.service
}

# The installed hub serves a device on loopback from a state folder it is
# given: a booth enrolled with a code from `ocop-hub enroll` gets the fair's
# catalog published with `ocop-hub catalog`, and a wrong token gets 401.
# Each answer is checked exactly: a 404 (no such device, no catalog) fails.
hub_serves () {
  local state port pid url booth code device token status
  state=$(mktemp -d)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  url="http://127.0.0.1:$port"
  booth='{"code": "QN-07", "name": "HTX Ba Chẽ", "locality": "Ba Chẽ", "in_province": true}'
  /usr/bin/ocop-hub catalog --db "$state/hub.db" --fair qn-2024 "$src/app/data/demo-catalog.csv" &&
    code=$(/usr/bin/ocop-hub enroll --db "$state/hub.db" --fair qn-2024 --booth QN-07) || return 1
  # A private database whatever the umask of the shell that made it.
  [ "$(stat -c %a "$state/hub.db")" = 600 ] || { echo "hub.db is $(stat -c %a "$state/hub.db"), not 600"; return 1; }
  /usr/bin/ocop-hub serve --db "$state/hub.db" --listen "127.0.0.1:$port" & pid=$!
  for _ in $(seq 50); do
    status=$(curl -s -o "$state/enrolled.json" -w '%{http_code}' "$url/v1/enroll" \
             -d "{\"code\": \"$code\", \"device_uuid\": \"$(cat /proc/sys/kernel/random/uuid)\", \"booth\": $booth}") &&
      [ "$status" != 000 ] && break
    sleep 0.1
  done
  echo "enroll: HTTP $status"
  if [ "$status" = 201 ]; then
    read -r device token < <(python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(d["device_id"], d["token"])' \
                             "$state/enrolled.json")
    status=$(curl -s -o "$state/catalog.json" -w '%{http_code}' -H "Authorization: Bearer $token" \
             "$url/v1/devices/$device/catalog?since=0")
    echo "catalog with the device's token: HTTP $status"
    [ "$status" = 200 ] && grep -q '"version"' "$state/catalog.json" &&
      status=$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer wrong' \
               "$url/v1/devices/$device/events" -d '{}') &&
      echo "events with a wrong token: HTTP $status"
  fi
  kill "$pid"; wait "$pid" 2>/dev/null; rm -rf "$state"
  [ "$status" = 401 ]
}

version=$(sed -n "s/^ *version: '\(.*\)',/\1/p" "$src/meson.build" | head -n 1)
echo "1..11"
check "Debian packages build (dpkg-buildpackage -us -uc -b)" "$src/tests/packaging/build-deb.sh" "$out"
check "the packaged ocop-hub and ocop hold no test hook" packaged_without_test_hooks
check_with lintian:lintian "lintian reports no errors" no_lintian_errors
check "the packages install" install_packages
check "installed ocop --version" version_is /usr/bin/ocop "ocop $version"
check "installed ocop-pos --version" version_is /usr/bin/ocop-pos "ocop-pos $version"
check "installed ocop-hub --version" version_is /usr/bin/ocop-hub "ocop-hub $version"
check "the hub's systemd unit: own user, state folder, hardening, credentials, arguments, memory" hub_unit_is_sound
check_with systemd-analyze:systemd "systemd-analyze verifies the hub's unit" hub_unit_verifies
check_with curl:curl "the installed hub enrolls a booth and serves it on loopback" hub_serves
check_with "Xvfb:xvfb xdotool:xdotool" "installed ocop-pos opens its window under Xvfb" till_starts
exit $((failed > 0))
