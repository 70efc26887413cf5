#!/usr/bin/env bash
# The national scale proof of durable mode (README "Recovery"; its own section of docs/benchmarks.md): the national
# hierarchy (665,277 units) on a private PostgreSQL (scripts/postgres.sh), three clustered processes, NATIONAL_VALUES
# values (default 2,000,000) through a client that fails over between them, then, with ingest running, one process's
# restart-to-ready after SIGKILL and after SIGTERM and a rolling restart of all three; then a cold start of the whole
# service after SIGKILL of every process; memory; and, after the rolling restart, whether the nation's rollup equals the
# log. bench/run.sh calls it with NATIONAL_ROWS=FILE: its table rows (N4-N10) go there and into run.sh's report. Alone
# it writes its own section of docs/benchmarks.md, e.g. a smaller check:
#   NATIONAL_VALUES=200000 bash bench/national.sh
# NATIONAL_NOTE adds a remark (e.g. "the machine was shared with other work").
set -euo pipefail
cd "$(dirname "$0")/.."

CHINA=../shared/data/china-units.csv.gz
[ -f "$CHINA" ] || { echo "error: $CHINA is missing" >&2; exit 1; }
VALUES=${NATIONAL_VALUES:-2000000}
RETRY=${NATIONAL_RETRY:-00:00:01}
OUT=docs/benchmarks.md

source scripts/postgres.sh
results=$(mktemp -d)
declare -A node_pid
loadgen_pid=
cleanup() {
  [ -n "$loadgen_pid" ] && kill "$loadgen_pid" 2>/dev/null || true
  for pid in "${node_pid[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  pg_stop
}
trap cleanup EXIT

# The server as it is deployed (the container image): published, with precompiled code (ReadyToRun); bench/run.sh
# has published it already.
if [ -z "${BENCH_SERVER:-}" ]; then
  dotnet publish src/KpiMesh.Server -c Release -r linux-x64 --self-contained false --nologo -v quiet
  BENCH_SERVER=src/KpiMesh.Server/bin/Release/net10.0/linux-x64/publish/KpiMesh.Server.dll
fi
dotnet build src/KpiMesh.LoadGen -c Release --nologo -v quiet
SERVER=$BENCH_SERVER
LOADGEN=src/KpiMesh.LoadGen/bin/Release/net10.0/KpiMesh.LoadGen.dll
units=$(zcat "$CHINA" | tail -n +2 | wc -l)

pg_start
"$PG_BIN/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "CREATE DATABASE kpimesh_national"
export KPIMESH_POSTGRES="${KPIMESH_TEST_POSTGRES%Database=postgres}Database=kpimesh_national"
sql() { "$PG_BIN/psql" -qtA -h 127.0.0.1 -p "$PG_PORT" -U postgres -d kpimesh_national -c "$1"; }

port() { echo $((5200 + $1)); }
targets="http://127.0.0.1:$(port 1),http://127.0.0.1:$(port 2),http://127.0.0.1:$(port 3)"
# start_node N ARGS... : process N of the cluster. Membership probes time out after 5 s, 3 missed declaring a silo dead
# (a restarted process declares its killed predecessor dead when it joins). With 2 s and 2, a saturated live silo was
# declared dead during a replay and stopped itself (2026-11-25).
start_node() {
  local n=$1; shift
  dotnet "$SERVER" --urls "http://127.0.0.1:$(port "$n")" --Orleans:ClusterId national --Orleans:ServiceId national \
    --Orleans:SiloPort $((11400 + n)) --Orleans:GatewayPort $((31400 + n)) --Demo:Enabled false --Limits:RequestsPerSecond 0 \
    --Orleans:Membership:ProbeTimeout 00:00:05 --Orleans:Membership:NumMissedProbesLimit 3 --Orleans:Membership:TableRefreshTimeout 00:00:02 \
    --Logging:LogLevel:Default Warning --Logging:LogLevel:KpiMesh.Grains.Services.LogReconciler Information "$@" >> "$results/node$n.log" 2>&1 &
  node_pid[$n]=$!
}
now() { date +%s%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }'; }
wait_ready() { # wait_ready N : until process N answers ready
  for _ in $(seq 1 4800); do curl -sf "http://127.0.0.1:$(port "$1")/health/ready" > /dev/null && return 0; sleep 0.25; done
  echo "error: process $1 did not become ready; see $results" >&2; exit 1
}
wait_units() {
  for _ in $(seq 1 4800); do curl -sf "http://127.0.0.1:$(port "$1")/api/v1/hierarchy" | grep -q "\"units\":$units," && return 0; sleep 0.25; done
  echo "error: process $1 never held $units units; see $results" >&2; exit 1
}
replayed() { grep -o 'Replayed [0-9,]* log rows of [0-9,]* units above checkpoint [0-9]*' "$results/node$1.log" | tail -n 1 | awk '{ print $2 }' || true; }
json() { sed -n "s/.*\"$2\": \([0-9.]*\).*/\1/p" "$1" | head -n 1; }
rss_mb() { local total=0; for n in 1 2 3; do total=$((total + $(awk '/VmRSS/ { print $2 }' "/proc/${node_pid[$n]}/status"))); done; echo $((total / 1024)); }
ingest_in_background() { # NAME : failover client until stop_ingest (a background job cannot be sent SIGINT)
  rm -f "$results/stop"
  dotnet "$LOADGEN" --Mode failover --Targets "$targets" --Hierarchy "$CHINA" --Duration 01:00:00 --Concurrency 4 --Batch 500 \
    --Readers 2 --ReadRate 20 --RetryInterval "$RETRY" --Seed "$RANDOM" --StopFile "$results/stop" --Json "$results/$1.json" > "$results/$1.out" 2>&1 &
  loadgen_pid=$!
}
stop_ingest() { touch "$results/stop"; wait "$loadgen_pid" || true; loadgen_pid=; }
# differing_series : "D C": of the C series (indicator and option) both the log and the nation's rollup have, how many
# differ, in numerator or in units reported. The log's account is each unit's latest value (latest period, then
# latest row), summed; an option's series also roll into their indicator's total, each unit counted once (the rules of
# API.md, as the tests' model has them), where the indicator has a total (awareness_rate has none). The freshness
# probe's indicator is left out: the probe's values are not in every run.
differing_series() {
  local nation
  nation=$(curl -sf "http://127.0.0.1:$(port 1)/api/v1/units/86") || { echo "? ?"; return; }
  "$PG_BIN/psql" -qtA -h 127.0.0.1 -p "$PG_PORT" -U postgres -d kpimesh_national -v nation="$nation" <<'SQL'
WITH held AS (
  SELECT DISTINCT ON (unit, indicator, option) unit, indicator, option, numerator
  FROM kpimesh_submission WHERE indicator <> 'literacy_rate'
  ORDER BY unit, indicator, option, period_end DESC, seq DESC),
expected AS (
  SELECT indicator, option, sum(numerator) AS n, count(*) AS r FROM held GROUP BY indicator, option
  UNION ALL
  SELECT indicator, NULL, sum(numerator), count(DISTINCT unit) FROM held WHERE option IS NOT NULL GROUP BY indicator),
observed AS (
  SELECT e->>'indicator' AS indicator, e->>'option' AS option, (e->>'numerator')::bigint AS n, (e->>'reportedUnits')::bigint AS r
  FROM json_array_elements((:'nation')::json->'indicators') AS e)
SELECT count(*) FILTER (WHERE o.n IS DISTINCT FROM x.n OR o.r IS DISTINCT FROM x.r) || ' ' || count(*)
FROM expected x JOIN observed o ON o.indicator = x.indicator AND o.option IS NOT DISTINCT FROM x.option;
SQL
}
# exact_after : seconds until the nation equals the log (polled every 2 s, up to 120 s), or the differing count then
exact_after() {
  local t0 differing compared
  t0=$(now)
  for _ in $(seq 1 60); do
    read -r differing compared < <(differing_series)
    [ "$differing" = 0 ] && { echo "equal after $(since "$t0") s ($compared series)"; return; }
    sleep 2
  done
  echo "**$differing of $compared series differ** after 120 s"
}
# restart N SIGNAL : stops process N with SIGNAL and starts it again; sets stop_s and ready_s (start to ready)
restart() {
  local n=$1 signal=$2 t0
  t0=$(now); kill "-$signal" "${node_pid[$n]}"; wait "${node_pid[$n]}" 2>/dev/null || true; stop_s=$(since "$t0")
  t0=$(now); start_node "$n"; wait_ready "$n"; ready_s=$(since "$t0")
}

echo "== national: import $units units, three processes"
start_node 1 --import "$CHINA"
wait_ready 1; wait_units 1
start_node 2; start_node 3
wait_ready 2; wait_ready 3

echo "== national: $VALUES values through the failover client"
dotnet "$LOADGEN" --Mode failover --Targets "$targets" --Hierarchy "$CHINA" --Values "$VALUES" --Duration 10:00:00 --Concurrency 4 \
  --Batch 500 --Readers 2 --ReadRate 20 --RetryInterval "$RETRY" --Json "$results/ingest.json" > "$results/ingest.out"
echo "   $(json "$results/ingest.json" valuesAccepted) values at $(json "$results/ingest.json" valuesPerSecond) values/s"
sleep 15 # a checkpoint round or two, so memory is measured at rest
rss=$(rss_mb)
log_rows=$(sql "SELECT count(*) FROM kpimesh_submission")
reporting=$(sql "SELECT count(DISTINCT unit) FROM kpimesh_submission")

echo "== national: restart one process after SIGKILL, then after SIGTERM, during ingest"
ingest_in_background restarts
sleep 20
restart 2 KILL; kill_ready=$ready_s; kill_rows=$(replayed 2)
sleep 20
restart 3 TERM; term_stop=$stop_s; term_ready=$ready_s; term_rows=$(replayed 3)
stop_ingest

echo "== national: rolling restart of the three processes during ingest"
ingest_in_background rolling
sleep 20
rolling=""
for n in 1 2 3; do restart "$n" TERM; rolling="$rolling ${stop_s}/${ready_s}"; sleep 10; done
stop_ingest
rolling_exact=$(exact_after)
echo "   the nation against the log: $rolling_exact"

echo "== national: cold start of the service after SIGKILL of every process"
cold_log_rows=$(sql "SELECT count(*) FROM kpimesh_submission")
for n in 1 2 3; do kill -9 "${node_pid[$n]}"; wait "${node_pid[$n]}" 2>/dev/null || true; done
t0=$(now); start_node 1; wait_ready 1; cold_ready=$(since "$t0"); cold_rows=$(replayed 1)

# The client prints each request that failed twice; the first of them says what N8's misses were.
rolling_failure=$(tr '\r' '\n' < "$results/rolling.out" | grep -m 1 "failed [0-9]* times" | cut -c 1-240 | tr '|' '/' || true)
verdict() { awk -v x="$1" -v g="$2" 'BEGIN { print (x != "" && x <= g) ? "met" : "**missed**" }'; }
rows=$(cat <<ROWS
| N4 | national, durable: ingest through 3 processes (client fails over between them) | $(json "$results/ingest.json" valuesAccepted) values in $(json "$results/ingest.json" seconds) s: $(json "$results/ingest.json" valuesPerSecond) values/s | >= 2,000,000 values | $(awk -v x="$(json "$results/ingest.json" valuesAccepted)" 'BEGIN { print (x >= 2000000) ? "met" : "**smaller run**" }') | $(json "$results/ingest.json" pausedAttempts) attempts answered 429, $(json "$results/ingest.json" pausedMs) ms waited (ingest paused while the checkpoint caught up, Recovery:MaxLagRows) ${NATIONAL_NOTE:-} |
| N5 | national: one process SIGKILLed during ingest, restart to ready | $kill_ready s | <= 30 s | $(verdict "$kill_ready" 30) | replayed ${kill_rows:-?} log rows above the checkpoint (the log held $log_rows+ rows) |
| N6 | national: one process SIGTERMed during ingest, restart to ready | $term_ready s (stop took $term_stop s) | <= 30 s | $(verdict "$term_ready" 30) | replayed ${term_rows:-?} log rows above the checkpoint |
| N7 | national: every process SIGKILLed, cold start of one to ready | $cold_ready s | <= 30 s | $(verdict "$cold_ready" 30) | replayed ${cold_rows:-?} of the $cold_log_rows rows in the log |
| N8 | national: rolling restart of the 3 processes during ingest (stop/ready s:$rolling) | $(json "$results/rolling.json" operationsFailingBeyondOneRetry) of $(json "$results/rolling.json" requests) operations failed for longer than one retry ($RETRY); $(json "$results/rolling.json" retriedOperations) needed one | 0 | $(awk -v x="$(json "$results/rolling.json" operationsFailingBeyondOneRetry)" 'BEGIN { print (x == 0) ? "met" : "**missed**" }') | longest recovery $(json "$results/rolling.json" longestRecoveryMs) ms; $(json "$results/rolling.json" pausedAttempts) attempts paused by 429 (not failures)${rolling_failure:+; first failing twice: $rolling_failure} |
| N9 | national: memory after ingest, 3 processes together (RSS) | $rss MB: $((rss * 1048576 / units)) bytes per unit, $((rss * 1048576 / (reporting > 0 ? reporting : 1))) per unit with values ($reporting units) | | | |
| N10 | national: after the rolling restart, the nation's rollup against the log (numerator and units reported of every series) | $rolling_exact | equal | $(case "$rolling_exact" in equal*) echo met;; *) echo "**missed**";; esac) | each unit's latest value in the log, summed in SQL, against \`GET /api/v1/units/86\`; the units' reports travel up the hierarchy within the staleness bound, a stale activation's through its hand-over (README "Recovery") |
ROWS
)
echo "$rows"
echo "results in $results"
if [ -n "${NATIONAL_ROWS:-}" ]; then echo "$rows" > "$NATIONAL_ROWS"; exit 0; fi

cpu=$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)
section=$(cat <<SECTION
<!-- national:begin -->
## National restart (\`bash bench/national.sh\`)

Measured $(date -u +%Y-%m-%d) on $(nproc) cores ($cpu), commit $(git rev-parse --short HEAD). The national hierarchy ($units
units), three durable processes on one private PostgreSQL, \`Recovery:CheckpointInterval\` 10 s; the client sends
500-value county uploads over all three and retries a failed request on the next process after $RETRY.
Restart-to-ready is from starting the process to \`/health/ready\` answering 200.

| # | measurement | result | goal | | what limits it |
|---|---|---|---|---|---|
$rows
<!-- national:end -->
SECTION
)
if grep -q '<!-- national:begin -->' "$OUT"; then
  awk -v section="$section" '/<!-- national:begin -->/ { print section; skip = 1 } /<!-- national:end -->/ { skip = 0; next } !skip' "$OUT" > "$results/benchmarks.md"
  cp "$results/benchmarks.md" "$OUT"
else
  printf '\n%s\n' "$section" >> "$OUT"
fi
