#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Starts a PostgreSQL server of its own (initdb into a temporary folder,
# listening on a free loopback port), runs the given test program with
# OCOP_TEST_PG pointing at it, and stops the server.
# Usage: run-pg.sh TEST-PROGRAM [ARGS…]
set -eu
bindir=${PG_BINDIR:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
[ -x "$bindir/initdb" ] || exec "$(dirname "$0")/../missing-tool.sh" "PostgreSQL's initdb" postgresql
work=$(mktemp -d /tmp/ocop-pg-XXXXXX)
# The server refuses to run as root: as root, run it as the postgres user.
as_server () {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
stop () {
  as_server "$bindir/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap stop EXIT
[ "$(id -u)" = 0 ] && chown postgres "$work"
as_server "$bindir/initdb" -D "$work/data" -A trust -U postgres --no-sync >"$work/initdb.log" 2>&1 \
  || { cat "$work/initdb.log" >&2; exit 1; }
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_server "$bindir/pg_ctl" -D "$work/data" -l "$work/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $work -c max_connections=200 -c fsync=on" start >/dev/null \
  || { cat "$work/server.log" >&2; exit 1; }
OCOP_TEST_PG="postgresql://postgres@127.0.0.1:$port" "$@"
