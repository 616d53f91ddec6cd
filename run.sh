#!/usr/bin/env bash
# Installs what is missing, builds, and starts CallCenter: API, dashboard, health and metrics on one port.
# The first run makes a local admin sign-in: user 'admin', the password in .dev/admin-password (scripts/dev-credentials.sh).
#   ./run.sh                 serves http://localhost:8080
#   PORT=9000 ./run.sh       another port
#   ./run.sh --Crm:Connector=Http --Crm:BaseUrl=http://crm.internal/   any setting as a command-line override
set -euo pipefail
cd "$(dirname "$0")"
source scripts/bootstrap.sh

echo "run: building (Release)…"
dotnet build Silo/Silo.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
source scripts/dev-credentials.sh "$PWD/.dev"
port="${PORT:-8080}"
echo "run: starting on http://localhost:${port} (Ctrl+C stops). Data in Silo/data/ unless Storage__SqlitePath says otherwise."
cd Silo
exec dotnet bin/Release/net10.0/CallCenter.Silo.dll --urls "http://localhost:${port}" "$@"
