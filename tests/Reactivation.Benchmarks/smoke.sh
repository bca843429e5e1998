#!/usr/bin/env bash
# Runs every benchmark verb once at a tiny size, so a benchmark cannot break unnoticed (test.sh runs this after the
# tests, and CI runs test.sh). One line per verb with its duration; a verb that exits non-zero, prints no ratio or
# runs past its time limit fails the smoke, and its output is printed. The figures at these sizes mean nothing: the
# README's commands are the measurements.
# Usage: tests/Reactivation.Benchmarks/smoke.sh [--no-build]   (--no-build when Release is already built)
set -uo pipefail
cd "$(dirname "$0")/../.."
project=tests/Reactivation.Benchmarks
limit=180

verbs=(
  "load --users 2000 --history-users 200"
  "micro --smoke"
  "journeys --count 20"
  "sends --count 20 --parallel 4"
  "messaging-micro --smoke"
  "clicks --rate 50 --seconds 1"
  "clicks --rate 50 --seconds 1 --credit none"
)

if [ ! -f node_modules/azurite/dist/src/azurite.js ]; then
  npm ci --no-audit --no-fund || exit 1
fi

if [ "${1:-}" != "--no-build" ]; then
  dotnet build "$project" -c Release -nologo -v quiet >/dev/null || { echo "benchmark smoke: the build failed" >&2; exit 1; }
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
now() { date +%s.%N; }
failed=0
start=$(now)
echo "benchmark smoke: every verb once at a tiny size"
for verb in "${verbs[@]}"; do
  began=$(now)
  # shellcheck disable=SC2086 # the verb's arguments are meant to split
  timeout --kill-after=10 "$limit" dotnet run -c Release --no-build --project "$project" -- $verb >"$log" 2>&1
  rc=$?
  took=$(awk -v a="$began" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')
  problem=""
  if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
    problem="ran past ${limit} s"
  elif [ "$rc" != 0 ]; then
    problem="exit code $rc"
  elif ! grep -qi "ratio" "$log"; then
    problem="printed no ratio"
  fi

  if [ -z "$problem" ]; then
    printf '  ok      %-46s %6s s\n' "$verb" "$took"
  else
    printf '  FAILED  %-46s %6s s  (%s)\n' "$verb" "$took" "$problem"
    tail -n 60 "$log" | sed 's/^/    | /'
    failed=$((failed + 1))
  fi
done

total=$(awk -v a="$start" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')
echo "benchmark smoke: ${#verbs[@]} runs, $failed failed, ${total} s"
[ "$failed" = 0 ]
