#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A throwaway PostgreSQL server for the tests: `pg_server.sh start DIR` creates a cluster in DIR
# (Debian's postgresql 15 binaries), starts it on 127.0.0.1 and prints its URL on stdout;
# `pg_server.sh stop DIR` stops it. Trust authentication, fsync off: test data only, never a
# real store. Nothing listens beyond loopback; the socket lives in DIR.
set -euo pipefail

cmd="${1:-}"
dir="${2:-}"
if [[ -z "$cmd" || -z "$dir" ]]; then
  echo "usage: pg_server.sh start|stop DIR" >&2
  exit 2
fi

bin=""
for v in 17 16 15; do
  if [[ -x /usr/lib/postgresql/$v/bin/pg_ctl ]]; then bin=/usr/lib/postgresql/$v/bin; break; fi
done
if [[ -z "$bin" ]]; then
  echo "pg_server: no PostgreSQL server binaries (Debian package postgresql) under /usr/lib/postgresql" >&2
  exit 1
fi

# initdb refuses to run as root: as root, the cluster belongs to the postgres user.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    # A free port unless one is asked for, so that two checkouts can test at the same time.
    port="${RELANCE_TEST_PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}"
    mkdir -p "$dir"
    if [[ $(id -u) -eq 0 ]]; then chown postgres "$dir"; fi
    if [[ ! -f "$dir/data/PG_VERSION" ]]; then
      as_owner "$bin/initdb" -D "$dir/data" -A trust -U postgres --no-sync -E UTF8 --locale=C.UTF-8 \
        >"$dir/initdb.log" 2>&1 || { echo "pg_server: initdb failed, see $dir/initdb.log" >&2; exit 1; }
    fi
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-p $port -c listen_addresses=127.0.0.1 -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null || { echo "pg_server: the server did not start, see $dir/server.log" >&2; exit 1; }
    echo "postgresql://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    if [[ -f "$dir/data/postmaster.pid" ]]; then
      as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    fi
    ;;
  *)
    echo "usage: pg_server.sh start|stop DIR" >&2
    exit 2
    ;;
esac
