#!/usr/bin/env bash
# The chat API benchmark behind the README's figures: a fresh silo on a temp database, then
#   1. closed loop: 200 callers, each message as soon as the previous reply arrives (the most turns/s it sustains);
#   2. paced: 200 callers offering 2,000 turns/s together (turn latency at the target load);
#   3. paced: 200 callers offering 500 turns/s (the engine's own latency when the machine is not busy).
# Usage: tools/LoadGen/benchmark.sh [duration-seconds]   (default 30)
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/bootstrap.sh
duration="${1:-30}"
port="${PORT:-18080}"
work="$(mktemp -d)"
trap 'kill "$silo" 2>/dev/null || true; wait "$silo" 2>/dev/null || true; rm -rf "$work"' EXIT

dotnet build Silo/Silo.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet build tools/LoadGen/LoadGen.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
source tools/benchmark-security.sh
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"

dotnet Silo/bin/Release/net10.0/CallCenter.Silo.dll --urls "http://127.0.0.1:${port}" --Storage:SqlitePath="$work/cc.db" \
  --Orleans:SiloPort=21111 --Orleans:GatewayPort=40000 --Logging:LogLevel:Default=Warning "${bench_settings[@]}" >"$work/silo.log" 2>&1 &
silo=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:${port}/healthz" >/dev/null && break; sleep 0.5; done
curl -sf "http://127.0.0.1:${port}/healthz" >/dev/null || { echo "silo did not start:"; cat "$work/silo.log"; exit 1; }

loadgen() { dotnet tools/LoadGen/bin/Release/net10.0/CallCenter.LoadGen.dll --url "http://127.0.0.1:${port}" --calls 200 --warmup 10 --duration "$duration" "$@"; }
echo; echo "=== 1. closed loop, 200 concurrent calls ==="
loadgen
echo; echo "=== 2. paced at 2,000 turns/s, 200 concurrent calls ==="
loadgen --rate 2000
echo; echo "=== 3. paced at 500 turns/s, 200 concurrent calls ==="
loadgen --rate 500
echo; echo "silo memory: $(ps -o rss= -p "$silo" | awk '{printf "%.0f MiB", $1/1024}')"
