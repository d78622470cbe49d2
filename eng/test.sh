#!/usr/bin/env bash
# The whole test suite, on a fresh Debian 12 machine with the .NET 10 SDK and nothing else:
# installs what the tests need from Debian packages when it is missing, builds, runs every test
# project, and ends with one plain line: "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if ((${#missing[@]})); then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installing from Debian packages: ${missing[*]}"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The real Segment SDK that one end-to-end test sends through (versions pinned by package-lock.json).
(cd tests/Helix.EndToEnd.Tests/segment-sdk && npm ci --no-fund --no-audit --loglevel=error)

# A missing component must fail a test, never skip it.
export CI="${CI:-true}"
dotnet build Helix.sln -c Release -warnaserror --nologo -v:q

results=artifacts/test-results
rm -rf "$results"
set +e
dotnet test Helix.sln -c Release --no-build --nologo \
  --logger "trx" --results-directory "$results" \
  --blame-hang-timeout 10m -- RunConfiguration.CollectSourceInformation=false
status=$?
set -e

passed=0
failed=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" || true)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # A test host crashed or a project failed before reporting: count it, never report green.
  failed=1
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
