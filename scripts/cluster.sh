#!/usr/bin/env bash
# An N-silo CallCenter cluster on this machine, on a private PostgreSQL or Redis from Debian's packages (loopback only).
#   scripts/cluster.sh start [N] [--store postgres|redis]
#                                  the store (PostgreSQL and the migration, or Redis), N silos (default 3) and a Gateway
#                                  process; waits for /healthz. Default store: postgres (or the one this cluster already has).
#                                  On a running cluster it starts the silos of 1..N that are not running: the cluster grows
#   scripts/cluster.sh stop        SIGTERM to the Gateway and the silos (SIGKILL after 40 s), then the store stops
#   scripts/cluster.sh kill I      SIGKILL silo I (to watch its calls continue on the others)
#   scripts/cluster.sh term I      SIGTERM silo I and wait for it to exit: it drains its calls to the others first
#   scripts/cluster.sh restart I   start silo I again (after kill or term); waits for /healthz
#   scripts/cluster.sh status      what runs, and the membership table
# Ports (override with the environment): Gateway http://127.0.0.1:$GATEWAY_HTTP (8080, AudioSocket $GATEWAY_AUDIOSOCKET 9092);
# silo I: http://127.0.0.1:$((SILO_HTTP+I)) (8100+I), silo port $SILO_PORT+I (11110+I), gateway port $ORLEANS_GATEWAY_PORT+I
# (30000+I), AudioSocket $SILO_AUDIOSOCKET+I (9100+I); PostgreSQL 127.0.0.1:$PG_PORT (55432), Redis 127.0.0.1:$REDIS_PORT
# (56379). More settings for every silo or the Gateway: SILO_ARGS, GATEWAY_ARGS (e.g. SILO_ARGS="--Voice:Engines:Recognizer=PassThrough").
# State and logs in $CLUSTER_DIR (.cluster/): silo-I.log, gateway.log, postgres/ or redis/, store (which one). Grain state
# and call records are in the store; the embedded CRM stays in one SQLite file the silos share ($CLUSTER_DIR/callcenter.db).
# Every process gets the same signing key and a local admin sign-in (user 'admin', password in $CLUSTER_DIR/admin-password).
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
dir="${CLUSTER_DIR:-$repo/.cluster}"
GATEWAY_HTTP="${GATEWAY_HTTP:-8080}" SILO_HTTP="${SILO_HTTP:-8100}" PG_PORT="${PG_PORT:-55432}" REDIS_PORT="${REDIS_PORT:-56379}"
GATEWAY_AUDIOSOCKET="${GATEWAY_AUDIOSOCKET:-9092}" SILO_PORT="${SILO_PORT:-11110}" ORLEANS_GATEWAY_PORT="${ORLEANS_GATEWAY_PORT:-30000}"
SILO_AUDIOSOCKET="${SILO_AUDIOSOCKET:-9100}"
read -r -a silo_args <<<"${SILO_ARGS:-}"
read -r -a gateway_args <<<"${GATEWAY_ARGS:-}"
cluster_id="${CLUSTER_ID:-callcenter-local}"
silo_dll="$repo/Silo/bin/Release/net10.0/CallCenter.Silo.dll"
gateway_dll="$repo/Gateway.Host/bin/Release/net10.0/CallCenter.Gateway.Host.dll"

usage() { sed -n '2,18p' "$0" >&2; exit 2; }
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

wait_healthy() { # name url pidfile
  for _ in $(seq 1 180); do
    if curl -fs -m 2 "$2/healthz" >/dev/null 2>&1; then echo "cluster: $1 healthy at $2"; return 0; fi
    alive "$3" || { echo "cluster: $1 exited; its log:" >&2; tail -30 "$dir/$1.log" >&2; return 1; }
    sleep 0.5
  done
  echo "cluster: $1 not healthy after 90 s; see $dir/$1.log" >&2; return 1
}

settings() { # store connection-string: sets `common`, the settings every process of the cluster gets
  local mode=Postgres; [ "$1" = redis ] && mode=Redis
  common=("--Orleans:ClusteringMode=$mode" "--Orleans:ConnectionString=$2" "--Orleans:ClusterId=$cluster_id")
}

start_silo() { # i (not waiting)
  local i="$1"
  alive "$dir/silo-$i.pid" && { echo "cluster: silo-$i already runs"; return 0; }
  (cd "$(dirname "$silo_dll")" && exec dotnet "$silo_dll" "${common[@]}" --urls "http://127.0.0.1:$((SILO_HTTP + i))" \
    "--Orleans:SiloPort=$((SILO_PORT + i))" "--Orleans:GatewayPort=$((ORLEANS_GATEWAY_PORT + i))" \
    "--Voice:AudioSocket:Port=$((SILO_AUDIOSOCKET + i))" "--Storage:SqlitePath=$dir/callcenter.db" "${silo_args[@]}" >>"$dir/silo-$i.log" 2>&1) &
  echo $! >"$dir/silo-$i.pid"
}

start() {
  local n="${1:-3}" store="$2"
  [[ "$n" =~ ^[1-9][0-9]?$ ]] || usage
  if [ -f "$dir/store" ] && [ "$(cat "$dir/store")" != "$store" ]; then
    for pidfile in "$dir"/gateway.pid "$dir"/silo-*.pid; do
      alive "$pidfile" && { echo "cluster: this cluster runs on $(cat "$dir/store"); stop it first (or use another CLUSTER_DIR)" >&2; exit 1; }
    done
  fi
  # The bootstrap installs Debian's postgresql or redis-server when missing.
  if [ "$store" = redis ]; then export CALLCENTER_REDIS=1; else export CALLCENTER_POSTGRES=1; fi
  source scripts/bootstrap.sh
  mkdir -p "$dir"
  echo "$store" >"$dir/store"
  echo "cluster: building (Release)…"
  dotnet build Silo/Silo.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
  dotnet build Gateway.Host/Gateway.Host.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
  source scripts/dev-credentials.sh "$dir"
  local cs
  if [ "$store" = redis ]; then
    cs="$(scripts/redis.sh start "$dir/redis" "$REDIS_PORT")"
    echo "cluster: Redis on 127.0.0.1:$REDIS_PORT (data in $dir/redis)"
  else
    cs="$(scripts/postgres.sh start "$dir/postgres" "$PG_PORT")"
    echo "cluster: PostgreSQL on 127.0.0.1:$PG_PORT (data in $dir/postgres)"
    (cd "$(dirname "$silo_dll")" && dotnet "$silo_dll" migrate "--Orleans:ConnectionString=$cs")
  fi
  settings "$store" "$cs"
  for i in $(seq 1 "$n"); do start_silo "$i"; done
  if ! alive "$dir/gateway.pid"; then
    (cd "$(dirname "$gateway_dll")" && exec dotnet "$gateway_dll" "${common[@]}" --urls "http://127.0.0.1:$GATEWAY_HTTP" \
      "--Voice:AudioSocket:Port=$GATEWAY_AUDIOSOCKET" "${gateway_args[@]}" >>"$dir/gateway.log" 2>&1) &
    echo $! >"$dir/gateway.pid"
  fi
  for i in $(seq 1 "$n"); do wait_healthy "silo-$i" "http://127.0.0.1:$((SILO_HTTP + i))" "$dir/silo-$i.pid"; done
  wait_healthy gateway "http://127.0.0.1:$GATEWAY_HTTP" "$dir/gateway.pid"
  echo "cluster: $n silos and the Gateway run on $store; try: curl -s -X POST 127.0.0.1:$GATEWAY_HTTP/api/calls -H 'Content-Type: application/json' -d '{}'"
}

restart() { # i
  local store; store="$(cat "$dir/store" 2>/dev/null)" || { echo "cluster: not started (no $dir/store)" >&2; return 1; }
  source scripts/dev-credentials.sh "$dir" >/dev/null
  if [ "$store" = redis ]; then settings redis "$(scripts/redis.sh url "$dir/redis")"; else settings postgres "$(scripts/postgres.sh url "$dir/postgres")"; fi
  start_silo "$1"
  wait_healthy "silo-$1" "http://127.0.0.1:$((SILO_HTTP + $1))" "$dir/silo-$1.pid"
}

term() { # i: SIGTERM and wait until it has drained and exited
  alive "$dir/silo-$1.pid" || { echo "cluster: silo-$1 does not run" >&2; return 1; }
  local started=$SECONDS
  stop_pid "$dir/silo-$1.pid"
  echo "cluster: silo-$1 exited $((SECONDS - started)) s after SIGTERM"
}

stop_pid() { # pidfile
  alive "$1" || { rm -f "$1"; return 0; }
  local pid; pid="$(cat "$1")"
  kill -TERM "$pid"
  for _ in $(seq 1 80); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done # the drain takes at most 30 s
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  rm -f "$1"
}

stop() {
  [ -d "$dir" ] || { echo "cluster: nothing in $dir"; return 0; }
  stop_pid "$dir/gateway.pid"
  for pidfile in "$dir"/silo-*.pid; do [ -e "$pidfile" ] && stop_pid "$pidfile" & done
  wait
  if [ -d "$dir/postgres" ]; then scripts/postgres.sh stop "$dir/postgres"; fi
  if [ -d "$dir/redis" ]; then scripts/redis.sh stop "$dir/redis"; fi
  echo "cluster: stopped (data kept in $dir; remove it for a fresh cluster)"
}

status() {
  for pidfile in "$dir"/gateway.pid "$dir"/silo-*.pid; do
    [ -e "$pidfile" ] || continue
    name="$(basename "$pidfile" .pid)"
    if alive "$pidfile"; then echo "$name: running (pid $(cat "$pidfile"))"; else echo "$name: not running"; fi
  done
  if [ "$(cat "$dir/store" 2>/dev/null)" = redis ] && [ -f "$dir/redis/password" ]; then
    # Orleans' Redis membership: one hash per cluster, a JSON entry per silo (Status 3 active, 6 dead) and its version.
    echo "silo address / status / last I-am-alive (Redis key callcenter/members/$cluster_id):"
    REDISCLI_AUTH="$(cat "$dir/redis/password")" redis-cli -h 127.0.0.1 -p "$(cat "$dir/redis/port")" --raw \
      HVALS "callcenter/members/$cluster_id" 2>/dev/null | grep '^{' | sed -E \
      's/.*"SiloAddress":"([^"]*)".*"Status":([0-9]+).*"IAmAliveTime":"([^"]*)".*/\1 \2 \3/; s/ 3 / active /; s/ 6 / dead /' || true
  elif [ -f "$dir/postgres/password" ]; then
    PGPASSWORD="$(cat "$dir/postgres/password")" "$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)/psql" -h 127.0.0.1 \
      -p "$(cat "$dir/postgres/port")" -U callcenter -d callcenter -c \
      "SELECT siloname, address, port, CASE status WHEN 3 THEN 'active' WHEN 6 THEN 'dead' ELSE status::text END AS status, iamalivetime
       FROM orleansmembershiptable WHERE deploymentid = '$cluster_id' ORDER BY starttime DESC LIMIT 20" 2>/dev/null || true
  fi
}

case "${1:-}" in
  start)
    shift
    n=3 store="$(cat "$dir/store" 2>/dev/null || echo postgres)"
    while [ $# -gt 0 ]; do
      case "$1" in
        --store) store="${2:-}"; shift 2 || usage ;;
        --store=*) store="${1#--store=}"; shift ;;
        *) n="$1"; shift ;;
      esac
    done
    [[ "$store" =~ ^(postgres|redis)$ ]] || { echo "cluster: --store must be postgres or redis, not '$store'" >&2; exit 2; }
    start "$n" "$store" ;;
  stop) stop ;;
  kill) [[ "${2:-}" =~ ^[0-9]+$ ]] || usage; alive "$dir/silo-$2.pid" && kill -KILL "$(cat "$dir/silo-$2.pid")" && rm -f "$dir/silo-$2.pid" && echo "cluster: silo-$2 killed" ;;
  term) [[ "${2:-}" =~ ^[0-9]+$ ]] || usage; term "$2" ;;
  restart) [[ "${2:-}" =~ ^[0-9]+$ ]] || usage; restart "$2" ;;
  status) status ;;
  *) usage ;;
esac
