#!/usr/bin/env bash
# The language-model benchmark behind the README's figures (issue #4): a fresh silo on a temp database whose small
# model is the fake OpenAI-compatible server that CallCenter.LlmBench runs in its own process, then
#   chat:  engine overhead per model turn (X-Engine-Time-Us minus modelMs), closed loop and paced, model 0 and 200 ms;
#   voice: first model token -> first audio frame over Twilio Media Streams (keypad turns), model at 30 ms a chunk and instant.
# Usage: tools/LlmBench/benchmark.sh [chat-seconds] [all|chat|voice]   (default 20, all)
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/bootstrap.sh
duration="${1:-20}"
parts="${2:-all}"
[[ "$parts" =~ ^(all|chat|voice)$ ]] || { echo "usage: $0 [chat-seconds] [all|chat|voice]" >&2; exit 2; }

# The first port from $1 up that nothing listens on.
free_port() { local p; for p in $(seq "$1" $(($1 + 500))); do (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }; done; return 1; }
port="$(free_port "${PORT:-18180}")"
model_port="$(free_port "${MODEL_PORT:-18190}")"
silo_port="$(free_port 21211)"
gateway_port="$(free_port 40100)"
work="$(mktemp -d)"
silo_dll="$PWD/Silo/bin/Release/net10.0/CallCenter.Silo.dll"
silo=""
trap '[ -n "$silo" ] && { kill "$silo" 2>/dev/null || true; wait "$silo" 2>/dev/null || true; }; rm -rf "$work"' EXIT

dotnet build Silo/Silo.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet build tools/LlmBench/LlmBench.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
source tools/benchmark-security.sh
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), .NET $(dotnet --version)"

Llm__Small__Provider=OpenAI Llm__Small__Endpoint="http://127.0.0.1:${model_port}/v1/" Llm__Small__Model=bench-small Llm__Small__ApiKey=x \
  dotnet "$silo_dll" --urls "http://127.0.0.1:${port}" --Storage:SqlitePath="$work/cc.db" \
  --Orleans:SiloPort="$silo_port" --Orleans:GatewayPort="$gateway_port" --Voice:AudioSocket:Enabled=false \
  --Logging:LogLevel:Default=Warning "${bench_settings[@]}" >"$work/silo.log" 2>&1 &
silo=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:${port}/healthz" >/dev/null && break; sleep 0.5; done
curl -sf "http://127.0.0.1:${port}/healthz" >/dev/null || { echo "silo did not start:"; cat "$work/silo.log"; exit 1; }

bench() { dotnet tools/LlmBench/bin/Release/net10.0/CallCenter.LlmBench.dll "$1" --url "http://127.0.0.1:${port}" --model-port "$model_port" "${@:2}"; }
chat() { bench chat --warmup 5 --duration "$duration" --silo-pid "$silo" "$@"; }
if [ "$parts" != voice ]; then
echo; echo "=== 1. chat, closed loop, 50 calls, model answers at once ==="
chat --calls 50
echo; echo "=== 2. chat, paced at 100 turns/s, 50 calls, model answers at once ==="
chat --calls 50 --rate 100
echo; echo "=== 3. chat, paced at 300 turns/s, 50 calls, model answers at once ==="
chat --calls 50 --rate 300
echo; echo "=== 4. chat, paced at 100 turns/s, 100 calls, model 200 ms to first chunk on each request ==="
chat --calls 100 --rate 100 --model-delay-ms 200
echo; echo "=== 5. chat, paced at 300 turns/s, 200 calls, model 200 ms to first chunk on each request ==="
chat --calls 200 --rate 300 --model-delay-ms 200
fi
if [ "$parts" != chat ]; then
echo; echo "=== 6. voice, 10 Twilio calls x 5 keypad turns, model streams 8 characters every 30 ms ==="
bench voice --calls 10 --turns 5 --chunk-ms 30 --chunk-chars 8
echo; echo "=== 7. voice, 10 Twilio calls x 5 keypad turns, model streams its whole answer at once ==="
bench voice --calls 10 --turns 5 --chunk-ms 0
fi
echo; echo "silo memory: $(ps -o rss= -p "$silo" | awk '{printf "%.0f MiB", $1/1024}')"
if grep -q "the embedded brain answers this turn" "$work/silo.log"; then
  echo "model failures in the silo log: $(grep -c "the embedded brain answers this turn" "$work/silo.log")"
fi
