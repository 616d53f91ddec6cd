#!/usr/bin/env bash
# A private Redis on loopback for the cluster and its tests, from Debian's redis-server package (never the system's own).
#   scripts/redis.sh start DIR [PORT]   start on 127.0.0.1:PORT (default 56379) with its data in DIR; prints the
#                                       StackExchange.Redis configuration string (Orleans:ConnectionString)
#   scripts/redis.sh stop DIR           shutdown (the append-only file is flushed first)
#   scripts/redis.sh url DIR            prints the configuration string again
# A random password (requirepass) is made on first use and kept in DIR/password (mode 600); the server's settings are
# in DIR/redis.conf (mode 600, so the password never shows on a command line). It is a state store: every write is in
# the append-only file (appendonly yes), fsynced before the server answers (appendfsync always), like PostgreSQL's
# commits; no RDB snapshots; no eviction (a full server refuses writes rather than drop grain state).
set -euo pipefail

cmd="${1:-}"; dir="${2:-}"
[ -n "$cmd" ] && [ -n "$dir" ] || { sed -n '2,10p' "$0" >&2; exit 2; }
mkdir -p "$dir"; chmod 700 "$dir"; dir="$(cd "$dir" && pwd)"
command -v redis-server >/dev/null 2>&1 || { echo "redis: Debian's redis-server package is missing (apt-get install redis-server)" >&2; exit 1; }

url() {
  echo "127.0.0.1:$(cat "$dir/port"),password=$(cat "$dir/password")"
}

cli() { # the server's redis-cli, authenticated through the environment (not the command line)
  REDISCLI_AUTH="$(cat "$dir/password")" redis-cli -h 127.0.0.1 -p "$(cat "$dir/port")" "$@"
}

running() {
  [ -f "$dir/redis.pid" ] && kill -0 "$(cat "$dir/redis.pid")" 2>/dev/null
}

case "$cmd" in
  start)
    port="${3:-56379}"
    if [ ! -f "$dir/password" ]; then
      (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$dir/password")
    fi
    if running; then
      url
      exit 0
    fi
    echo "$port" > "$dir/port"
    # Written at each start (the port may change); only the server and its owner read it.
    (umask 077; cat > "$dir/redis.conf" <<EOF
bind 127.0.0.1
protected-mode yes
port $port
requirepass $(cat "$dir/password")
daemonize yes
pidfile $dir/redis.pid
logfile $dir/server.log
dir $dir
appendonly yes
appendfilename appendonly.aof
appenddirname appendonly
appendfsync always
save ""
maxmemory-policy noeviction
EOF
    )
    redis-server "$dir/redis.conf"
    for _ in $(seq 1 100); do
      if cli ping 2>/dev/null | grep -q PONG; then url; exit 0; fi
      sleep 0.1
    done
    echo "redis: not answering on 127.0.0.1:$port after 10 s; see $dir/server.log" >&2
    tail -20 "$dir/server.log" >&2 || true
    exit 1
    ;;
  stop)
    if running; then
      pid="$(cat "$dir/redis.pid")"
      cli shutdown >/dev/null 2>&1 || kill -TERM "$pid"
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || exit 0; sleep 0.1; done
      echo "redis: still running after 10 s, killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
    ;;
  url) url ;;
  *) sed -n '2,10p' "$0" >&2; exit 2 ;;
esac
