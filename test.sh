#!/usr/bin/env bash
# Runs every test (unit, Azurite-backed integration, the worker's functions.metadata table and the local host's
# coverage), then every benchmark verb once at a tiny size (tests/Reactivation.Benchmarks/smoke.sh).
# Installs the pinned Azurite with npm ci first, and Debian's chromium and CJK fonts for the browser tests when missing;
# each test assembly starts its own Azurite on free loopback ports.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -f node_modules/azurite/dist/src/azurite.js ]; then
  npm ci --no-audit --no-fund
fi
# The browser tests drive Debian's chromium (never a browser Playwright downloads) and need CJK fonts to render Chinese.
# (grep reads all of fc-list: with pipefail, grep -q could make fc-list die of SIGPIPE and trigger a needless install.)
if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null; then
  echo "installing chromium and fonts-noto-cjk for the browser tests"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test --solution Serverless.sln -c Release 2>&1 | tee "$log" || status=$?
# The build rewrites the committed OpenAPI document from the code: if that changed it, the HTTP surface changed without
# its description being committed, and review would not have shown it.
if git rev-parse --is-inside-work-tree >/dev/null 2>&1 && [ -n "$(git status --porcelain -- functions/openapi)" ]; then
  echo "functions/openapi/reactivation.json is not the document the code describes: build, review and commit it" >&2
  git --no-pager diff --stat -- functions/openapi >&2 || true
  status=1
fi
# Every benchmark verb once at a tiny size (under a minute), so none breaks unnoticed; a failing verb fails the run.
bash tests/Reactivation.Benchmarks/smoke.sh || status=1
# One closing line over every test assembly, in the plain "N passed, N failed" form.
passed=$(grep -Eo '^ *succeeded: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo '^ *failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
echo "${passed:-0} passed, ${failed:-0} failed"
# The failing tests by name with the first lines of their messages, since the host logs above can bury them.
if [ "${failed:-0}" != "0" ]; then
  echo "failing tests:"
  grep -E -A8 '^ *failed [^:]' "$log" | head -120 || true
fi
if [ "${passed:-0}" = "0" ]; then
  echo "no tests ran" >&2
  exit 1
fi
exit $status
