#!/usr/bin/env bash
# Two (or more) Release builds of the service side by side on one database, read cache off, compared by the CPU
# time each spends per request: on a shared machine req/s follows whatever else runs, while CPU per request (from
# /proc/PID/stat around each wrk run) moves far less. Each build gets a warm-up on every scenario first (tiered JIT),
# then each scenario runs on each build in turn, ROUNDS times, and the answers are compared byte for byte (asOf aside).
#
#   bench/ab_cpu.sh DB SECONDS label=build-dir label=build-dir ...
#   e.g. cp -a src/StatementTracker.Api/bin/Release/net10.0 /tmp/before   (then change, build, and)
#        bench/ab_cpu.sh /tmp/copy-of-statements-1000000.db 5 before=/tmp/before after=src/StatementTracker.Api/bin/Release/net10.0
#
# Settings: SCEN (space-separated paths; the defaults suit the 1M bench database), ROUNDS (default "1 2"), WARM
# (warm-up seconds, 2), CONN and THREADS (wrk -c and -t, 32 and 2), AB_PORT (first port, 5791). Only reads: give it
# a copy of a database, never a cached bench database itself.
set -u
DB=$1; DUR=$2; shift 2
PORT=${AB_PORT:-5791}
WORK=$(mktemp -d)
declare -a LABELS PORTS PIDS
for spec in "$@"; do
  label=${spec%%=*}; dir=$(cd "${spec#*=}" && pwd)
  (cd "$dir" && ConnectionStrings__StatementTracker="Data Source=$DB" ASPNETCORE_ENVIRONMENT=Production \
    StatementTracker__SeedDemoData=false Logging__LogLevel__Default=Warning RateLimits__ReadPerMinute=0 RateLimits__WritePerMinute=0 \
    StatementTracker__ReadCacheBytes=0 StatementTracker__CursorKey=YmVuY2gvcnVuLnNoIHNpZ25zIGl0cyBjdXJzb3JzIHdpdGggdGhpcyBrZXku \
    exec dotnet StatementTracker.Api.dll --urls "http://127.0.0.1:$PORT" > "$WORK/service-$label.log" 2>&1) &
  PIDS+=($!); LABELS+=("$label"); PORTS+=($PORT); PORT=$((PORT+1))
done
for p in "${PORTS[@]}"; do until curl -sf "http://127.0.0.1:$p/health" >/dev/null; do sleep 0.2; done; done
SCEN=${SCEN:-"/v1/people/donald-j-trump/timeline?limit=50 /v1/statements/st_7b92ckfyf17brz89 /v1/people/donald-j-trump/positions /v1/topics/prisons/positions /v1/reversals /v1/statements?q=%22impenetrable%20cyber%22 /v1/statements?q=the"}
for url in $SCEN; do for i in "${!LABELS[@]}"; do wrk -t2 -c32 -d"${WARM:-2}"s "http://127.0.0.1:${PORTS[$i]}$url" >/dev/null 2>&1; done; done
for url in $SCEN; do
  for i in "${!LABELS[@]}"; do curl -s -o "$WORK/body-$i.txt" "http://127.0.0.1:${PORTS[$i]}$url"; done
  for round in ${ROUNDS:-1 2}; do
    for i in "${!LABELS[@]}"; do
      t0=$(awk '{print $14+$15}' "/proc/${PIDS[$i]}/stat")
      out=$(wrk -t"${THREADS:-2}" -c"${CONN:-32}" -d"$DUR"s --latency "http://127.0.0.1:${PORTS[$i]}$url")
      t1=$(awk '{print $14+$15}' "/proc/${PIDS[$i]}/stat")
      n=$(echo "$out" | awk '/requests in/ {print $1}')
      cpu=$(python3 -c "print(f'{($t1-$t0)*1000/$(getconf CLK_TCK)/max($n,1):.2f}')")
      echo "$url ${LABELS[$i]} cpu_ms/req=$cpu rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}') p99=$(echo "$out" | awk '$1=="99%" {print $2}') bytes=$(stat -c %s "$WORK/body-$i.txt")"
    done
  done
  for i in "${!LABELS[@]}"; do
    [ "$i" -eq 0 ] && continue
    cmp -s <(sed -E 's/"asOf":"[^"]*"//g' "$WORK/body-0.txt") <(sed -E 's/"asOf":"[^"]*"//g' "$WORK/body-$i.txt") \
      && echo "  ${LABELS[$i]}: same bytes as ${LABELS[0]}" || echo "  ${LABELS[$i]}: ANSWER DIFFERS from ${LABELS[0]}"
  done
done
for i in "${!LABELS[@]}"; do echo "${LABELS[$i]} peak $(grep VmHWM "/proc/${PIDS[$i]}/status")"; done
for pid in "${PIDS[@]}"; do kill "$pid"; done
wait
rm -rf "$WORK"
