#!/usr/bin/env bash
# Runs the app locally on a demo population: installs the pinned Azurite (npm ci) on first use, starts it in memory,
# generates synthetic users with activity histories, runs the sweep, prints what it found, then serves the HTTP functions.
# Extra arguments go to the demo verb, e.g. ./run.sh --users 20000
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -f node_modules/azurite/dist/src/azurite.js ]; then
  npm ci --no-audit --no-fund
fi
exec dotnet run --project functions -c Release -- demo "$@"
