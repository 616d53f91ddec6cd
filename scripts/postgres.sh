#!/usr/bin/env bash
# A private PostgreSQL on loopback for the cluster and its tests, from Debian's package (never the system's own cluster).
#   scripts/postgres.sh start DIR [PORT]   initdb in DIR/data on first use, start on 127.0.0.1:PORT (default 55432),
#                                          create the database "callcenter"; prints the Npgsql connection string
#   scripts/postgres.sh stop DIR           fast shutdown
#   scripts/postgres.sh url DIR            prints the connection string again
# The superuser is "callcenter" with a random password kept in DIR/password (mode 600). PostgreSQL refuses to run as
# root, so as root the server runs as the "postgres" user (the package creates it), which then owns DIR.
set -euo pipefail

cmd="${1:-}"; dir="${2:-}"
[ -n "$cmd" ] && [ -n "$dir" ] || { sed -n '2,8p' "$0" >&2; exit 2; }
mkdir -p "$dir"; dir="$(cd "$dir" && pwd)"

bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -x "$bin/initdb" ] || { echo "postgres: Debian's postgresql package is missing (apt-get install postgresql)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Each silo opens two connection pools (Orleans' ADO.NET providers, the call records' data source), Npgsql's default 100
# connections each: a few silos under load would pass max_connections (200). 20 a pool serves the silos of this machine.
url() {
  echo "Host=127.0.0.1;Port=$(cat "$dir/port");Database=callcenter;Username=callcenter;Password=$(cat "$dir/password");Maximum Pool Size=20"
}

case "$cmd" in
  start)
    port="${3:-55432}"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
      head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$dir/password"
      chmod 600 "$dir/password"
      [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir/password"
      as_owner "$bin/initdb" -D "$dir/data" -U callcenter --pwfile="$dir/password" --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
    fi
    echo "$port" > "$dir/port"
    if ! as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      # The socket goes in DIR too, so this server never touches /var/run/postgresql.
      as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200 -c fsync=on" start >/dev/null
    fi
    export PGPASSWORD="$(cat "$dir/password")"
    if ! "$bin/psql" -h 127.0.0.1 -p "$port" -U callcenter -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'callcenter'" | grep -q 1; then
      "$bin/psql" -h 127.0.0.1 -p "$port" -U callcenter -d postgres -qc "CREATE DATABASE callcenter" >/dev/null
    fi
    url
    ;;
  stop)
    if [ -f "$dir/data/PG_VERSION" ] && as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    fi
    ;;
  url) url ;;
  *) sed -n '2,8p' "$0" >&2; exit 2 ;;
esac
