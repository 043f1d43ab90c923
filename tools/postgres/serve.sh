#!/usr/bin/env bash
# Runs the service on a PostgreSQL of its own, with the demo story: starts the cluster in .tools/postgres (kept out of
# git; made the first time, started again when it is stopped, used as it is when it runs), then runs
# `dotnet run --project src/StatementTracker.Api` on it with StatementTracker__Database=postgres, its connection
# string in ConnectionStrings__StatementTracker and StatementTracker__SeedDemoData=true. Arguments go to the service:
#   tools/postgres/serve.sh
#   tools/postgres/serve.sh --urls http://127.0.0.1:5081     # a second node on the same database
# The server goes on running when the service stops, so more nodes can share it and the next start is quick. Stop it
# with `tools/postgres/cluster.sh stop .tools/postgres --keep`, or drop it and its data (the demo comes back on the
# next start) with `tools/postgres/cluster.sh stop .tools/postgres`. Set STATEMENTTRACKER_POSTGRES_DIR to keep the
# cluster elsewhere (a short path: its socket is in it), e.g. when the checkout is too deep or, as root, closed to
# other users. Like every cluster.sh cluster it runs without fsync: fine for trying things, not for keeping them.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dir="${STATEMENTTRACKER_POSTGRES_DIR:-$root/.tools/postgres}"

connection="$(bash "$root/tools/postgres/cluster.sh" start "$dir")"
echo "PostgreSQL: $connection (stop it with: tools/postgres/cluster.sh stop $dir --keep)" >&2

export StatementTracker__Database=postgres
export ConnectionStrings__StatementTracker="$connection"
export StatementTracker__SeedDemoData=true
exec dotnet run --project "$root/src/StatementTracker.Api" -- "$@"
