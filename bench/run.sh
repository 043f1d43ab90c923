#!/usr/bin/env bash
# Speed at a million statements: builds the service and the baseline in Release, installs wrk when missing, then
# runs bench/run.py (generate or reuse the databases, start everything, drive it with wrk, write the table).
#
#   bench/run.sh [--quick] [--size N] [--small N] [--seed N] [--duration S] [--import-size N] [--engine sqlite] [--keep]
#
#   --quick    10,000 against 2,000 statements, 1 s per scenario: under a minute once built and generated
#   (none)     1,000,000 against 10,000 statements, 10 s per scenario
#
# Results: bench/results/run-<date>-<size>.md and standard output. Generated databases are cached in
# .tools/bench-data/ (not in git) by size, seed and schema. Needs the .NET SDK, python3 and curl; talks only to 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in dotnet python3 curl; do
  command -v "$tool" >/dev/null 2>&1 || { echo "bench/run.sh needs $tool" >&2; exit 1; }
done

if ! command -v wrk >/dev/null 2>&1; then
  echo "installing wrk (Debian package)" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get install -y wrk >/dev/null 2>&1 || { $sudo apt-get update >/dev/null && $sudo apt-get install -y wrk >/dev/null; }
fi

# Build when the output is missing or older than any source it is made from; an up-to-date build costs nothing,
# so the --quick run's minute is spent measuring.
build() {
  local project=$1 dll=$2; shift 2
  if [ ! -f "$dll" ] || [ -n "$(find "$project" "$@" -newer "$dll" -type f \
        -not -path '*/bin/*' -not -path '*/obj/*' -print -quit 2>/dev/null)" ]; then
    echo "building $project (Release)" >&2
    dotnet build -c Release -v q -nologo "$project" >&2
  fi
}
build src/StatementTracker.Api src/StatementTracker.Api/bin/Release/net10.0/StatementTracker.Api.dll db Directory.Build.props Directory.Packages.props
build bench/baseline bench/baseline/bin/Release/net10.0/Baseline.dll Directory.Build.props

BENCH_COMMAND="bench/run.sh${*:+ $*}" exec python3 bench/run.py "$@"
