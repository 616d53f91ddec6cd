#!/usr/bin/env bash
# Makes sure this machine has what CallCenter needs to build and run. Safe to run again; installs only what is missing.
# Sourced by run.sh and test.sh.
set -euo pipefail

need_apt=()
# ICU: .NET's globalization (dates and cultures for English and Chinese replies).
ldconfig -p 2>/dev/null | grep -q 'libicuuc\.so' || need_apt+=(libicu72)
command -v curl >/dev/null 2>&1 || need_apt+=(curl)
[ -f /etc/ssl/certs/ca-certificates.crt ] || need_apt+=(ca-certificates)
# Embedded speech engines (Grains/Voice/Engines, loaded through P/Invoke): PocketSphinx with its US English model,
# espeak-ng with its voice data (English and Mandarin), and the espeak-ng command line for trying voices by hand.
ldconfig -p 2>/dev/null | grep -q 'libpocketsphinx\.so\.3' || need_apt+=(libpocketsphinx3)
[ -f /usr/share/pocketsphinx/model/en-us/en-us.lm.bin ] || need_apt+=(pocketsphinx-en-us)
ldconfig -p 2>/dev/null | grep -q 'libespeak-ng\.so\.1' || need_apt+=(libespeak-ng1)
compgen -G '/usr/lib/*/espeak-ng-data/cmn_dict' >/dev/null || need_apt+=(espeak-ng-data)
command -v espeak-ng >/dev/null 2>&1 || need_apt+=(espeak-ng)
# Debian's Chromium for the browser tests only (softphone, agent desktop, wallboard; Playwright drives it, it never
# downloads a browser).
if [ "${CALLCENTER_TESTS:-0}" = 1 ]; then
  command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
fi
# Debian's PostgreSQL for the multi-silo cluster (scripts/cluster.sh) and its tests, which run private servers on loopback
# (scripts/postgres.sh); the package's own cluster is not used.
if [ "${CALLCENTER_TESTS:-0}" = 1 ] || [ "${CALLCENTER_POSTGRES:-0}" = 1 ]; then
  if ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
    need_apt+=(postgresql)
    # Only the binaries are wanted: no system cluster created and started on port 5432.
    [ -e /etc/postgresql-common/createcluster.conf ] || { mkdir -p /etc/postgresql-common; echo 'create_main_cluster = false' >/etc/postgresql-common/createcluster.conf; }
  fi
fi

# Debian's Redis for the cluster on Redis (scripts/cluster.sh --store redis) and its tests, which run private servers on
# loopback (scripts/redis.sh); the package's own service is not used.
if [ "${CALLCENTER_TESTS:-0}" = 1 ] || [ "${CALLCENTER_REDIS:-0}" = 1 ]; then
  command -v redis-server >/dev/null 2>&1 || need_apt+=(redis-server)
fi

if [ ${#need_apt[@]} -gt 0 ]; then
  echo "bootstrap: installing ${need_apt[*]} with apt-get"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  # Packages that come with a service (redis-server starts one on port 6379) must not start it: only the programs are
  # wanted. policy-rc.d answering 101 is Debian's way to say so to invoke-rc.d and deb-systemd-invoke (Docker's Debian
  # images ship one already); a temporary one is removed after the install.
  policy=/usr/sbin/policy-rc.d
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\n# scripts/bootstrap.sh: no service starts while it installs packages.\nexit 101\n' | $SUDO tee "$policy" >/dev/null
    $SUDO chmod 755 "$policy"
    temporary_policy=1
  fi
  installed=0
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null && installed=1
  [ "${temporary_policy:-0}" = 1 ] && $SUDO rm -f "$policy"
  [ "$installed" = 1 ] || { echo "bootstrap: apt-get could not install ${need_apt[*]}" >&2; exit 1; }
  # Under systemd the package also enables its service for the next boot: the private servers do not need it.
  if [[ " ${need_apt[*]} " == *" redis-server "* ]] && [ -d /run/systemd/system ]; then
    $SUDO systemctl disable --now redis-server >/dev/null 2>&1 || true
  fi
fi

if ! command -v dotnet >/dev/null 2>&1 || ! dotnet --list-sdks 2>/dev/null | grep -q '^10\.'; then
  echo "bootstrap: the .NET 10 SDK is required (dotnet on PATH, 'dotnet --list-sdks' listing 10.x)." >&2
  echo "bootstrap: Debian does not package it; install it from https://dot.net or use the project's build image." >&2
  exit 1
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
