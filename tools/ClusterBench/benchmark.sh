#!/usr/bin/env bash
# The cluster benchmarks behind the README's "Scale-out" figures, on this machine: scaling as silos join, failover
# after SIGKILL, drain on SIGTERM (tools/ClusterBench, scripts/cluster.sh). About 15 minutes.
# Usage: tools/ClusterBench/benchmark.sh [all|scaling|failover|drain] [options]   (see --help)
set -euo pipefail
cd "$(dirname "$0")/../.."
export CALLCENTER_POSTGRES=1
source scripts/bootstrap.sh
dotnet build Silo/Silo.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet build Gateway.Host/Gateway.Host.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet build tools/ClusterBench/ClusterBench.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
exec dotnet tools/ClusterBench/bin/Release/net10.0/CallCenter.ClusterBench.dll "${@:-all}"
