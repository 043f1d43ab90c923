#!/usr/bin/env bash
# Two (or more) Release builds of the service compared by cold start: from the process's start to the first 200 from
# /health, each build started in turn, ROUNDS times, on one database, and the median of each printed. Taking turns
# keeps the shared machine's load the same for both; one start alone is one sample of that load.
#
#   bench/cold_ab.sh DB ROUNDS label=build-dir label=build-dir ...
#   e.g. git worktree add /tmp/before <commit> && dotnet build /tmp/before/src/StatementTracker.Api -c Release -o /tmp/before-bin
#        bench/cold_ab.sh .tools/bench-data/statements-10000-seed42-<schema>.db 9 before=/tmp/before-bin after=src/StatementTracker.Api/bin/Release/net10.0
#
# Each start runs on a fresh copy of DB (so no build starts on a file another one migrated or wrote), on port
# COLD_PORT (5891). Settings as bench/run.sh gives the service.
set -u
DB=$1; ROUNDS=$2; shift 2
PORT=${COLD_PORT:-5891}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
declare -A TIMES
for round in $(seq "$ROUNDS"); do
  for spec in "$@"; do
    label=${spec%%=*}; dir=$(cd "${spec#*=}" && pwd)
    cp "$DB" "$WORK/cold.db"; rm -f "$WORK/cold.db-wal" "$WORK/cold.db-shm"
    started=$(date +%s%N)
    (cd "$dir" && ConnectionStrings__StatementTracker="Data Source=$WORK/cold.db" ASPNETCORE_ENVIRONMENT=Production \
      StatementTracker__SeedDemoData=false Logging__LogLevel__Default=Warning RateLimits__ReadPerMinute=0 RateLimits__WritePerMinute=0 \
      StatementTracker__CursorKey=YmVuY2gvcnVuLnNoIHNpZ25zIGl0cyBjdXJzb3JzIHdpdGggdGhpcyBrZXku \
      exec dotnet StatementTracker.Api.dll --urls "http://127.0.0.1:$PORT" > "$WORK/service-$label.log" 2>&1) &
    pid=$!
    until curl -sf "http://127.0.0.1:$PORT/health" >/dev/null 2>&1; do
      if ! kill -0 "$pid" 2>/dev/null; then echo "$label exited before answering; its log:" >&2; cat "$WORK/service-$label.log" >&2; exit 1; fi
      sleep 0.01
    done
    elapsed=$(( ($(date +%s%N) - started) / 1000000 ))
    kill "$pid"; wait "$pid" 2>/dev/null
    TIMES[$label]="${TIMES[$label]:-} $elapsed"
    echo "round $round $label ${elapsed} ms"
  done
done
for spec in "$@"; do
  label=${spec%%=*}
  echo "$label median $(echo ${TIMES[$label]} | tr ' ' '\n' | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}') ms over $ROUNDS starts:${TIMES[$label]}"
done
