#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests and benchmarks (issue 21): a new cluster in a
# folder of its own, on a free loopback port, trust authentication for loopback only.
#   eval "$(bash scripts/pg_server.sh start DIR)"   # exports IPRINT_TEST_PG (a postgresql:// URL)
#   bash scripts/pg_server.sh stop DIR
# As root (CI) the cluster runs as the postgres user: initdb refuses root.
set -euo pipefail
action="${1:?start|stop}"
dir="${2:?folder for the cluster}"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -x "$bin/initdb" ] || { echo "PostgreSQL server is not installed (apt-get install postgresql)" >&2; exit 2; }
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "$action" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      # "C": strings and numbers compare byte by byte, as in SQLite
      as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    echo "export IPRINT_TEST_PG=postgresql://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    ;;
  *) echo "start|stop" >&2; exit 2 ;;
esac
