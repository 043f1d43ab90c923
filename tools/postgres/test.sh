#!/usr/bin/env bash
# Runs the test suite on PostgreSQL, as CI does: starts a throwaway PostgreSQL (cluster.sh) in a new folder under
# /tmp, runs `dotnet test` with these arguments on it (STATEMENTTRACKER_TEST_DATABASE=postgres and
# STATEMENTTRACKER_TEST_POSTGRES, its connection string; each test makes a schema of its own in it), then stops the
# server and removes the folder, also after a failure or Ctrl-C. Exits with dotnet test's status, or 3 when
# PostgreSQL could not start (the reason is on stderr). Run it where you would run `dotnet test` (the repository root).
#   tools/postgres/test.sh
#   tools/postgres/test.sh --filter StatementTracker.Api.Tests.Statements
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cluster="$root/tools/postgres/cluster.sh"

# Short, under /tmp: the server's socket lives in it, and a socket's path may be at most 107 bytes.
dir="$(mktemp -d /tmp/st-pg.XXXXXX)" || { echo "test.sh: could not make a folder under /tmp for PostgreSQL." >&2; exit 3; }
# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
  bash "$cluster" stop "$dir" || echo "test.sh: could not stop PostgreSQL in $dir; stop it with: $cluster stop $dir" >&2
  # A start that gave up before it began leaves the folder empty.
  [ ! -d "$dir" ] || rmdir -- "$dir" 2>/dev/null || true
}
trap cleanup EXIT
# Ctrl-C or a kill ends the run through the EXIT trap, so the server never outlives it.
trap 'exit 130' INT
trap 'exit 143' TERM

echo "PostgreSQL: starting a throwaway cluster in $dir" >&2
if ! connection="$(bash "$cluster" start "$dir")"; then
  echo "test.sh: PostgreSQL could not start (see above), so the tests did not run on it." >&2
  exit 3
fi
export STATEMENTTRACKER_TEST_DATABASE=postgres
export STATEMENTTRACKER_TEST_POSTGRES="$connection"
echo "PostgreSQL: STATEMENTTRACKER_TEST_POSTGRES=$connection" >&2

dotnet test "$@"
exit $?
