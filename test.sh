#!/usr/bin/env bash
# Runs every test (unit, Azurite-backed integration, custom-handler contract and function.json drift tests).
# Installs the pinned Azurite with npm ci first; each test assembly starts its own Azurite on free loopback ports.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -f node_modules/azurite/dist/src/azurite.js ]; then
  npm ci --no-audit --no-fund
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test --solution Serverless.sln -c Release 2>&1 | tee "$log" || status=$?
# One closing line over every test assembly, in the plain "N passed, N failed" form.
passed=$(grep -Eo '^ *succeeded: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo '^ *failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
echo "${passed:-0} passed, ${failed:-0} failed"
if [ "${passed:-0}" = "0" ]; then
  echo "no tests ran" >&2
  exit 1
fi
exit $status
