#!/usr/bin/env bash
# Two (or more) Release builds compared on writes: POST /v1/statements with a stance (bench/wrk/post.lua) at 32
# connections, each build on its own copy of one database, taking turns ROUNDS times. Prints req/s and the CPU time the
# service spent per request (from /proc/PID/stat around each wrk run), which moves far less than req/s on a shared machine.
#
#   bench/post_ab.sh DB SECONDS ROUNDS label=build-dir label=build-dir ...
#   e.g. bench/post_ab.sh .tools/bench-data/statements-10000-seed42-....db 10 3 before=/tmp/before/bin after=src/StatementTracker.Api/bin/Release/net10.0
#
# Settings: PERSON and TOPIC (donald-j-trump and prisons, the bench database's busiest person and topic), AB_PORT (5891).
# The database is copied for each build (a 2 GB file at 1M statements: mind the disk); the copies go when it ends.
set -u
SRC=$1; DUR=$2; ROUNDS=$3; shift 3
KEY=stk_bench_post_ab_0123456789abcdef0123456789abcdef
PORT=${AB_PORT:-5891}; WORK=$(mktemp -d)
declare -a LABELS PORTS PIDS
trap 'kill "${PIDS[@]}" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT
for spec in "$@"; do
  label=${spec%%=*}; dir=$(cd "${spec#*=}" 2>/dev/null && pwd) || { echo "no build directory: ${spec#*=}" >&2; exit 2; }
  [ -f "$dir/StatementTracker.Api.dll" ] || { echo "no StatementTracker.Api.dll in $dir" >&2; exit 2; }
  cp "$SRC" "$WORK/$label.db"
  (cd "$dir" && ConnectionStrings__StatementTracker="Data Source=$WORK/$label.db" ASPNETCORE_ENVIRONMENT=Production StatementTracker__SeedDemoData=false \
    Logging__LogLevel__Default=Warning RateLimits__ReadPerMinute=0 RateLimits__WritePerMinute=0 Auth__BootstrapKey=$KEY \
    exec dotnet StatementTracker.Api.dll --urls "http://127.0.0.1:$PORT" > "$WORK/$label.log" 2>&1) &
  PIDS+=($!); LABELS+=("$label"); PORTS+=($PORT); PORT=$((PORT+1))
done
for i in "${!PORTS[@]}"; do
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:${PORTS[$i]}/health" >/dev/null && continue 2; kill -0 "${PIDS[$i]}" 2>/dev/null || break; sleep 0.2; done
  echo "${LABELS[$i]} did not start; its log:" >&2; cat "$WORK/${LABELS[$i]}.log" >&2; exit 1
done
for r in $(seq 1 "$ROUNDS"); do
  for i in "${!LABELS[@]}"; do
    pid=${PIDS[$i]}  # exec: the subshell became the service
    before=$(awk '{print $14+$15}' /proc/$pid/stat)
    out=$(wrk -t2 -c32 -d"${DUR}"s -s "$(dirname "$0")/wrk/post.lua" "http://127.0.0.1:${PORTS[$i]}/v1/statements" -- \
      "${PERSON:-donald-j-trump}" "${TOPIC:-prisons}" "$KEY" 1230768000000 1767139200000 "$r$i" 2>&1)
    after=$(awk '{print $14+$15}' /proc/$pid/stat)
    n=$(echo "$out" | awk '/requests in/{print $1}'); rps=$(echo "$out" | awk '/Requests\/sec/{print $2}')
    [ -n "$n" ] && [ "$n" -gt 0 ] || { echo "wrk failed on ${LABELS[$i]}: $out" >&2; exit 1; }
    errors=$(echo "$out" | awk '/Non-2xx/{print $NF}'); ticks=$(getconf CLK_TCK)
    echo "round $r ${LABELS[$i]}: $rps req/s, $(awk -v t=$((after-before)) -v n="$n" -v k="$ticks" 'BEGIN{printf "%.2f", t*1000/k/n}') ms CPU per request, non-2xx ${errors:-0}"
  done
done
