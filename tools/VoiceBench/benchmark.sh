#!/usr/bin/env bash
# The voice benchmarks behind the README's figures: a fresh silo on a temp database with the chosen speech engines,
# then tools/VoiceBench. "capacity" ramps concurrent Twilio Media Streams calls against the engine and against a bare
# WebSocket relay of the same frames (hosted by the benchmark itself), step by step, and reads the silo's memory for
# memory per call; "latency" measures voice-to-voice latency with the embedded engines.
# Usage: tools/VoiceBench/benchmark.sh passthrough|embedded [calls,calls,...] [seconds]
#        tools/VoiceBench/benchmark.sh latency [calls] [turns]
#   passthrough (default): Voice:Engines:* = PassThrough, the engine without speech engines;  ramp 100,250,500,1000
#   embedded:              PocketSphinx and espeak-ng, as shipped;                            ramp 10,25,50,75
#   latency:               PocketSphinx and espeak-ng; 20 calls × 3 spoken questions
# Extra benchmark options go in VOICEBENCH_ARGS (e.g. VOICEBENCH_ARGS="--sides engine --warmup 20"), extra silo settings
# in SILO_ARGS (e.g. SILO_ARGS="--Voice:TurnTaking:EndOfTurn:EarlyDecodeMs=0").
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/bootstrap.sh
mode="${1:-passthrough}"
case "$mode" in
  passthrough) engines=(--Voice:Engines:Recognizer=PassThrough --Voice:Engines:Synthesizer=PassThrough); label=pass-through; ramp="${2:-100,250,500,1000}" ;;
  embedded) engines=(); label=embedded; ramp="${2:-10,25,50,75}" ;;
  latency) engines=(); ;;
  *) echo "usage: $0 passthrough|embedded [calls,calls,...] [seconds]  or  $0 latency [calls] [turns]" >&2; exit 2 ;;
esac
seconds="${3:-30}"
read -r -a silo_args <<<"${SILO_ARGS:-}"
port="${PORT:-18090}"
work="$(mktemp -d)"
trap 'kill "$silo" 2>/dev/null || true; wait "$silo" 2>/dev/null || true; rm -rf "$work"' EXIT

# Each call holds two sockets on this machine (client and server end), twice over with the relay: raise the open-file
# limit to what the hard limit allows.
ulimit -n "$(ulimit -Hn)"

dotnet build Silo/Silo.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet build tools/VoiceBench/VoiceBench.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
source tools/benchmark-security.sh
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); open files $(ulimit -n)"

# Nothing in the engine caps concurrent calls (no admission limit; Kestrel's connection limits are unlimited by
# default). The AudioSocket listener is off: this benchmark does not use it and its port may be taken by another
# silo. Logs at Warning: the benchmark must not measure console logging.
dotnet Silo/bin/Release/net10.0/CallCenter.Silo.dll --urls "http://127.0.0.1:${port}" --Storage:SqlitePath="$work/cc.db" \
  --Orleans:SiloPort=21112 --Orleans:GatewayPort=40001 --Voice:AudioSocket:Enabled=false \
  --Logging:LogLevel:Default=Warning "${engines[@]}" "${bench_settings[@]}" "${silo_args[@]}" >"$work/silo.log" 2>&1 &
silo=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:${port}/healthz" >/dev/null && break; sleep 0.5; done
curl -sf "http://127.0.0.1:${port}/healthz" >/dev/null || { echo "silo did not start:"; cat "$work/silo.log"; exit 1; }

bench=tools/VoiceBench/bin/Release/net10.0/CallCenter.VoiceBench.dll
if [[ "$mode" == latency ]]; then
  dotnet "$bench" --mode latency --url "http://127.0.0.1:${port}" --calls "${2:-20}" --turns "${3:-3}"
  echo "silo memory at the end: $(ps -o rss= -p "$silo" | awk '{printf "%.0f MiB", $1/1024}')"
  exit 0
fi
# shellcheck disable=SC2086
dotnet "$bench" --mode capacity --url "http://127.0.0.1:${port}" \
  --engines "$label" --calls "$ramp" --seconds "$seconds" --silo-pid "$silo" ${VOICEBENCH_ARGS:-}
echo
echo "silo memory at the end: $(ps -o rss= -p "$silo" | awk '{printf "%.0f MiB", $1/1024}')"
if grep -qE '^(warn|fail|crit)' "$work/silo.log"; then
  echo "silo warnings and errors (first 10, with their message line):"; grep -A1 -E '^(warn|fail|crit)' "$work/silo.log" | head -20
fi
