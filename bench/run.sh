#!/usr/bin/env bash
# The benchmark (README "Benchmark"): one run on this machine, about nine minutes, writing docs/benchmarks.md.
# In memory: the province read idle, then under 8 concurrent county uploads with freshness probes; Kestrel's ceiling.
# Durable on PostgreSQL: the same ingest. The two PostgreSQL-only peers (rollup table by trigger, closure table) fed
# the same uploads. The national hierarchy. Everything runs on loopback; PostgreSQL is a private instance
# (scripts/postgres.sh), stopped at the end.
# BENCH_QUICK=1: a few seconds per step, to check the script end to end on a busy machine (the numbers mean nothing).
set -euo pipefail
cd "$(dirname "$0")/.."

HEBEI=../shared/data/hebei-units.csv
CHINA=../shared/data/china-units.csv.gz
[ -f "$HEBEI" ] && [ -f "$CHINA" ] || { echo "error: ../shared/data is missing" >&2; exit 1; }
if [ -n "${BENCH_QUICK:-}" ]; then
  WARMUP=00:00:05 MEASURE=00:00:05 IDLE=00:00:03 SHORT=00:00:02
else
  WARMUP=${BENCH_WARMUP:-00:00:40} MEASURE=${BENCH_MEASURE:-00:00:30} IDLE=${BENCH_IDLE:-00:00:20} SHORT=00:00:10
fi
BATCH=${BENCH_BATCH:-500}

source scripts/postgres.sh
results=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; pg_stop; }
trap cleanup EXIT

dotnet build KpiMesh.sln -c Release --nologo -v quiet
# The server as it is deployed (the container image): published, with precompiled code (ReadyToRun).
dotnet publish src/KpiMesh.Server -c Release -r linux-x64 --self-contained false --nologo -v quiet
export BENCH_SERVER=src/KpiMesh.Server/bin/Release/net10.0/linux-x64/publish/KpiMesh.Server.dll
SERVER=$BENCH_SERVER
LOADGEN=src/KpiMesh.LoadGen/bin/Release/net10.0/KpiMesh.LoadGen.dll

# start_server NAME HTTP_PORT SILO_PORT ARGS... : a server in the background, its log in the results folder
start_server() {
  local name=$1 port=$2 silo=$3; shift 3
  dotnet "$SERVER" --urls "http://127.0.0.1:$port" --Demo:Enabled false --Limits:RequestsPerSecond 0 \
    --Orleans:SiloPort "$silo" --Orleans:GatewayPort $((silo + 1000)) --Logging:LogLevel:Default Warning "$@" > "$results/$name.log" 2>&1 &
  server_pid=$!
  pids+=("$server_pid")
}
wait_ready() {
  for _ in $(seq 1 1200); do curl -sf "http://127.0.0.1:$1/health/ready" > /dev/null && return 0; sleep 0.25; done
  echo "error: the server on port $1 did not become ready; see $results" >&2; exit 1
}
# wait_units PORT N : until the start-up import has loaded N units
wait_units() {
  for _ in $(seq 1 2400); do
    curl -sf "http://127.0.0.1:$1/api/v1/hierarchy" | grep -q "\"units\":$2," && return 0; sleep 0.25
  done
  echo "error: the server on port $1 never held $2 units; see $results" >&2; exit 1
}
# loadgen ARGS... : the load generator on Hebei; its output is kept in the results folder and shown if it fails
loadgen() { run_loadgen --Hierarchy "$HEBEI" --Batch "$BATCH" "$@"; }
run_loadgen() {
  dotnet "$LOADGEN" "$@" > "$results/loadgen.out" 2>&1 \
    || { tail -n 30 "$results/loadgen.out" >&2; echo "error: the load generator failed: $*" >&2; exit 1; }
}

# 1-3, 7, 8: in memory
hebei_units=$(tail -n +2 "$HEBEI" | wc -l)
national_units=$(zcat "$CHINA" | tail -n +2 | wc -l)
start_server memory 5101 11301 --import "$HEBEI"
wait_ready 5101; wait_units 5101 "$hebei_units"
echo "== memory: warm-up ($WARMUP: every unit activated, code compiled)"
loadgen --Target http://127.0.0.1:5101 --Duration "$WARMUP" --Readers 0 --Json "$results/warmup-memory.json"
sleep 2
echo "== memory: the province read idle ($IDLE; only the freshness probe writes)"
loadgen --Target http://127.0.0.1:5101 --Duration "$IDLE" --Concurrency 0 --Json "$results/idle.json"
echo "== memory: under 8 county uploads in flight ($MEASURE)"
loadgen --Target http://127.0.0.1:5101 --Duration "$MEASURE" --Concurrency 8 --Json "$results/memory.json"
echo "== Kestrel's ceiling: GET /health/live ($SHORT)"
loadgen --Mode trivial --Target http://127.0.0.1:5101 --Duration "$SHORT" --Concurrency 16 --Json "$results/trivial.json"
# U1-U2, a county's month-end file (issue 16): a county of 60 towns and 50,040 villages is added to Shijiazhuang, then
# its 50,040-row CSV is uploaded as a dry run and then committed (each the synchronous answer, timed by curl);
# rows to "$results/rows-upload.md", the report's "Uploads" section.
echo "== memory: a 50,040-row upload, dry run then commit"
upload_rows=50040
awk 'BEGIN { print "code,name,level,parent_code"; print "130199,基准县,county,1301"
  for (t = 101; t <= 160; t++) { print "130199" t ",镇" t ",town,130199"; for (v = 1; v <= 834; v++) printf "130199%d%03d,村%d-%d,village,130199%d\n", t, v, t, v, t } }' > "$results/upload-hierarchy.csv"
awk 'BEGIN { print "unit,name,level,village_room_rate.numerator"
  for (t = 101; t <= 160; t++) for (v = 1; v <= 834; v++) printf "130199%d%03d,村%d-%d,village,%d\n", t, v, t, v, v % 2 }' > "$results/upload.csv"
curl -sf -X POST http://127.0.0.1:5101/api/v1/hierarchy -H 'content-type: text/csv' --data-binary "@$results/upload-hierarchy.csv" > /dev/null
# upload DRYRUN : seconds to the summary, which must count every row
upload() {
  local out=$results/upload-$1.json
  curl -sf --max-time 1800 -o "$out" -w '%{time_total}' -X POST "http://127.0.0.1:5101/api/v1/units/130199/uploads?period=2026-11&dryRun=$1" \
    -H 'content-type: text/csv' --data-binary "@$results/upload.csv"
  grep -q "\"rows\":$upload_rows," "$out" || { echo "error: the upload did not read every row: $(head -c 300 "$out")" >&2; exit 1; }
}
dry_seconds=$(upload true)
commit_seconds=$(upload false)
upload_kib=$(( $(stat -c %s "$results/upload.csv") / 1024 ))
cat > "$results/rows-upload.md" <<ROWS
| U1 | one ${upload_rows}-row CSV upload (${upload_kib} KiB) to a county, dry run: time to the import summary | $(printf '%.1f' "$dry_seconds") s | | | activating the ${upload_rows} village grains the first pass reads dominates (every unit's current value is compared) |
| U2 | the same file committed (log first, as JSON submissions) | $(printf '%.1f' "$commit_seconds") s | | | the file is read twice (judged, then sent in chunks of 2,000 rows); values/s = $(awk -v n="$upload_rows" -v s="$commit_seconds" 'BEGIN { printf "%.0f", n / s }') |
ROWS
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
# U3-U4, the XLSX libraries on one 50,000-row template (no server)
echo "== the XLSX libraries: one 50,000-row template written and read"
run_loadgen --Mode xlsx --Rows 50000 --Json "$results/xlsx.json"

# 4, durable on PostgreSQL
pg_start
postmaster=$(head -n 1 "$PG_DIR/data/postmaster.pid")
"$PG_BIN/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "CREATE DATABASE kpimesh_bench" -c "CREATE DATABASE peer_bench"
base=${KPIMESH_TEST_POSTGRES%Database=postgres}
KPIMESH_POSTGRES="${base}Database=kpimesh_bench" start_server durable 5102 11302 --import "$HEBEI"
wait_ready 5102; wait_units 5102 "$hebei_units"
echo "== durable: warm-up ($WARMUP)"
loadgen --Target http://127.0.0.1:5102 --Duration "$WARMUP" --Readers 0 --Json "$results/warmup-durable.json"
echo "== durable: the province read idle ($IDLE)"
loadgen --Target http://127.0.0.1:5102 --Duration "$IDLE" --Concurrency 0 --Json "$results/durable-idle.json"
echo "== durable: under 8 county uploads in flight ($MEASURE)"
loadgen --Target http://127.0.0.1:5102 --Duration "$MEASURE" --Concurrency 8 --PostgresPid "$postmaster" --Json "$results/durable.json"
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true

# 5-6, the peers: the same uploads into PostgreSQL alone, first every village, town and county once, then measured.
# The closure peer's summary takes a good part of a second under load, so it is read 5 times a second, not 100.
echo "== peer: rollup table kept by trigger ($MEASURE)"
loadgen --Mode peer --Peer rollup --Postgres "${base}Database=peer_bench" --Duration "$MEASURE" --PostgresPid "$postmaster" --Json "$results/peer-rollup.json"
echo "== peer: closure table ($MEASURE)"
loadgen --Mode peer --Peer closure --Postgres "${base}Database=peer_bench" --Duration "$MEASURE" --Readers 1 --ReadRate 5 --PostgresPid "$postmaster" --Json "$results/peer-closure.json"

# N1-N3, the national hierarchy.
# ---- National restart rows (issue 14): bench/national.sh is called right after this section and writes its table
# ---- rows to "$results/rows-national.md"; the report puts them under "National hierarchy".
echo "== national hierarchy: load and read"
started=$(date +%s%N)
start_server national 5103 11303 --import "$CHINA"
wait_ready 5103; wait_units 5103 "$national_units"
national_seconds=$(awk -v a="$started" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
rss_kb=$(awk '/VmRSS/ { print $2 }' "/proc/$server_pid/status")
run_loadgen --Mode read --Target http://127.0.0.1:5103 --Hierarchy "$CHINA" --Top 86 --Duration "$SHORT" --Json "$results/national.json"
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
# NATIONAL_ROWS_FROM=FILE takes rows N4-N10 from an earlier `NATIONAL_ROWS=FILE bash bench/national.sh` (about 40 minutes here).
if [ -n "${NATIONAL_ROWS_FROM:-}" ]; then cp "$NATIONAL_ROWS_FROM" "$results/rows-national.md"
else NATIONAL_ROWS="$results/rows-national.md" NATIONAL_VALUES=${NATIONAL_VALUES:-${BENCH_QUICK:+20000}} bash bench/national.sh; fi

cpu=$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)
cat > "$results/facts.txt" <<FACTS
date=$(date -u +%Y-%m-%d)
machine=$(nproc) cores ($cpu), $(awk '/MemTotal/ { printf "%.0f GiB", $2/1048576 }' /proc/meminfo) RAM, $(. /etc/os-release; echo "$PRETTY_NAME"), .NET $(dotnet --version), PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}')
command=bash bench/run.sh
commit=$(git rev-parse --short HEAD)
cores=$(nproc)
batch=$BATCH
durations=warm-up $WARMUP, idle $IDLE, under ingest $MEASURE${BENCH_QUICK:+ (BENCH_QUICK: too short to mean anything)}
hebeiUnits=$hebei_units
analysis=bench/analysis.md
nationalUnits=$national_units
nationalLoadSeconds=$national_seconds
nationalRssMb=$((rss_kb / 1024))
FACTS
# A quick run's table stays in the results folder: docs/benchmarks.md keeps the last real run.
out=docs/benchmarks.md
[ -n "${BENCH_QUICK:-}" ] && out=$results/benchmarks.md
run_loadgen --Mode report --Results "$results" --Out "$out"
echo "results in $results"
cat "$out"
