#!/usr/bin/env bash
# An N-silo CallCenter cluster on this machine, on a private PostgreSQL from Debian's package (loopback only).
#   scripts/cluster.sh start [N]   PostgreSQL, the migration, N silos (default 3) and a Gateway process; waits for /healthz
#                                  (on a running cluster it starts the silos of 1..N that are not running: the cluster grows)
#   scripts/cluster.sh stop        SIGTERM to the Gateway and the silos (SIGKILL after 40 s), then PostgreSQL stops
#   scripts/cluster.sh kill I      SIGKILL silo I (to watch its calls continue on the others)
#   scripts/cluster.sh term I      SIGTERM silo I and wait for it to exit: it drains its calls to the others first
#   scripts/cluster.sh restart I   start silo I again (after kill or term); waits for /healthz
#   scripts/cluster.sh status      what runs, and the membership table
# Ports (override with the environment): Gateway http://127.0.0.1:$GATEWAY_HTTP (8080, AudioSocket $GATEWAY_AUDIOSOCKET 9092);
# silo I: http://127.0.0.1:$((SILO_HTTP+I)) (8100+I), silo port $SILO_PORT+I (11110+I), gateway port $ORLEANS_GATEWAY_PORT+I
# (30000+I), AudioSocket $SILO_AUDIOSOCKET+I (9100+I); PostgreSQL 127.0.0.1:$PG_PORT (55432). More settings for every silo or
# the Gateway: SILO_ARGS, GATEWAY_ARGS (e.g. SILO_ARGS="--Voice:Engines:Recognizer=PassThrough").
# State and logs in $CLUSTER_DIR (.cluster/): silo-I.log, gateway.log, postgres/.
# Grain state and call records are in PostgreSQL; the embedded CRM stays in one SQLite file the silos share ($CLUSTER_DIR/callcenter.db).
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
dir="${CLUSTER_DIR:-$repo/.cluster}"
GATEWAY_HTTP="${GATEWAY_HTTP:-8080}" SILO_HTTP="${SILO_HTTP:-8100}" PG_PORT="${PG_PORT:-55432}"
GATEWAY_AUDIOSOCKET="${GATEWAY_AUDIOSOCKET:-9092}" SILO_PORT="${SILO_PORT:-11110}" ORLEANS_GATEWAY_PORT="${ORLEANS_GATEWAY_PORT:-30000}"
SILO_AUDIOSOCKET="${SILO_AUDIOSOCKET:-9100}"
read -r -a silo_args <<<"${SILO_ARGS:-}"
read -r -a gateway_args <<<"${GATEWAY_ARGS:-}"
cluster_id="${CLUSTER_ID:-callcenter-local}"
silo_dll="$repo/Silo/bin/Release/net10.0/CallCenter.Silo.dll"
gateway_dll="$repo/Gateway.Host/bin/Release/net10.0/CallCenter.Gateway.Host.dll"

usage() { sed -n '2,17p' "$0" >&2; exit 2; }
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

wait_healthy() { # name url pidfile
  for _ in $(seq 1 180); do
    if curl -fs -m 2 "$2/healthz" >/dev/null 2>&1; then echo "cluster: $1 healthy at $2"; return 0; fi
    alive "$3" || { echo "cluster: $1 exited; its log:" >&2; tail -30 "$dir/$1.log" >&2; return 1; }
    sleep 0.5
  done
  echo "cluster: $1 not healthy after 90 s; see $dir/$1.log" >&2; return 1
}

settings() { # connection-string: sets `common`, the settings every process of the cluster gets
  common=("--Orleans:ClusteringMode=Postgres" "--Orleans:ConnectionString=$1" "--Orleans:ClusterId=$cluster_id")
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
  local n="${1:-3}"
  [[ "$n" =~ ^[1-9][0-9]?$ ]] || usage
  export CALLCENTER_POSTGRES=1 # the bootstrap installs Debian's postgresql when missing
  source scripts/bootstrap.sh
  mkdir -p "$dir"
  echo "cluster: building (Release)…"
  dotnet build Silo/Silo.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
  dotnet build Gateway.Host/Gateway.Host.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
  local cs
  cs="$(scripts/postgres.sh start "$dir/postgres" "$PG_PORT")"
  settings "$cs"
  echo "cluster: PostgreSQL on 127.0.0.1:$PG_PORT (data in $dir/postgres)"
  (cd "$(dirname "$silo_dll")" && dotnet "$silo_dll" migrate "--Orleans:ConnectionString=$cs")
  for i in $(seq 1 "$n"); do start_silo "$i"; done
  if ! alive "$dir/gateway.pid"; then
    (cd "$(dirname "$gateway_dll")" && exec dotnet "$gateway_dll" "${common[@]}" --urls "http://127.0.0.1:$GATEWAY_HTTP" \
      "--Voice:AudioSocket:Port=$GATEWAY_AUDIOSOCKET" "${gateway_args[@]}" >>"$dir/gateway.log" 2>&1) &
    echo $! >"$dir/gateway.pid"
  fi
  for i in $(seq 1 "$n"); do wait_healthy "silo-$i" "http://127.0.0.1:$((SILO_HTTP + i))" "$dir/silo-$i.pid"; done
  wait_healthy gateway "http://127.0.0.1:$GATEWAY_HTTP" "$dir/gateway.pid"
  echo "cluster: $n silos and the Gateway run; try: curl -s -X POST 127.0.0.1:$GATEWAY_HTTP/api/calls -H 'Content-Type: application/json' -d '{}'"
}

restart() { # i
  [ -f "$dir/postgres/password" ] || { echo "cluster: not started (no $dir/postgres)" >&2; return 1; }
  settings "$(scripts/postgres.sh url "$dir/postgres")"
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
  scripts/postgres.sh stop "$dir/postgres"
  echo "cluster: stopped (data kept in $dir; remove it for a fresh cluster)"
}

status() {
  for pidfile in "$dir"/gateway.pid "$dir"/silo-*.pid; do
    [ -e "$pidfile" ] || continue
    name="$(basename "$pidfile" .pid)"
    if alive "$pidfile"; then echo "$name: running (pid $(cat "$pidfile"))"; else echo "$name: not running"; fi
  done
  if [ -f "$dir/postgres/password" ]; then
    PGPASSWORD="$(cat "$dir/postgres/password")" "$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)/psql" -h 127.0.0.1 \
      -p "$(cat "$dir/postgres/port")" -U callcenter -d callcenter -c \
      "SELECT siloname, address, port, CASE status WHEN 3 THEN 'active' WHEN 6 THEN 'dead' ELSE status::text END AS status, iamalivetime
       FROM orleansmembershiptable WHERE deploymentid = '$cluster_id' ORDER BY starttime DESC LIMIT 20" 2>/dev/null || true
  fi
}

case "${1:-}" in
  start) start "${2:-3}" ;;
  stop) stop ;;
  kill) [[ "${2:-}" =~ ^[0-9]+$ ]] || usage; alive "$dir/silo-$2.pid" && kill -KILL "$(cat "$dir/silo-$2.pid")" && rm -f "$dir/silo-$2.pid" && echo "cluster: silo-$2 killed" ;;
  term) [[ "${2:-}" =~ ^[0-9]+$ ]] || usage; term "$2" ;;
  restart) [[ "${2:-}" =~ ^[0-9]+$ ]] || usage; restart "$2" ;;
  status) status ;;
  *) usage ;;
esac
