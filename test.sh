#!/usr/bin/env bash
# Installs what is missing, builds everything warnings-as-errors, and runs the whole test suite.
#   ./test.sh                          all tests
#   ./test.sh --filter Understanding   a subset (any dotnet test option)
set -euo pipefail
cd "$(dirname "$0")"
export CALLCENTER_TESTS=1 # the bootstrap installs what the tests need too (Chromium)
source scripts/bootstrap.sh

echo "test: building (Release)…"
dotnet build CallCenter.sln -c Release -nologo -v quiet -clp:ErrorsOnly

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT
set +e
dotnet test tests/CallCenter.Tests/CallCenter.Tests.csproj -c Release --no-build -nologo \
  --logger "console;verbosity=normal" --logger "trx;LogFileName=results.trx" --results-directory "$results" "$@" 2>&1 \
  | grep -a -v -E '^\s+Passed ' 
status=${PIPESTATUS[0]}
set -e

# One plain closing line for CI: "N passed, N failed, N skipped".
trx="$(find "$results" -name '*.trx' | head -1)"
if [ -n "$trx" ]; then
  counters="$(grep -o '<Counters [^>]*>' "$trx")"
  get() { echo "$counters" | grep -o "$1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  echo "$(get passed) passed, $(get failed) failed, $(( $(get total) - $(get executed) )) skipped"
else
  echo "0 passed, 1 failed"
  status=1
fi
exit "$status"
