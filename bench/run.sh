#!/usr/bin/env bash
# The benchmark (README "Benchmark"): one run on this machine, about seven minutes, writing docs/benchmarks.md.
# In memory and on PostgreSQL: ingest as fast as the server takes it, then paced at 70% of that, with freshness
# probes and province reads; the plain-PostgreSQL peer; the national hierarchy; Kestrel's ceiling.
# Everything runs on loopback; PostgreSQL is a private instance (scripts/postgres.sh), stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

HEBEI=../shared/data/hebei-units.csv
CHINA=../shared/data/china-units.csv.gz
[ -f "$HEBEI" ] && [ -f "$CHINA" ] || { echo "error: ../shared/data is missing" >&2; exit 1; }
WARMUP=${BENCH_WARMUP:-00:00:40}
MEASURE=${BENCH_MEASURE:-00:00:30}
BATCH=${BENCH_BATCH:-500}

source scripts/postgres.sh
results=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; pg_stop; }
trap cleanup EXIT

dotnet build KpiMesh.sln -c Release --nologo -v quiet
SERVER=src/KpiMesh.Server/bin/Release/net10.0/KpiMesh.Server.dll
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
rate_of() { sed -n 's/.*"valuesPerSecond": \([0-9.]*\).*/\1/p' "$1" | cut -d. -f1; }
loadgen() { dotnet "$LOADGEN" --Hierarchy "$HEBEI" --Batch "$BATCH" "$@" | tail -n 30 | grep -v '^{' || true; }

run_kpimesh() { # run_kpimesh NAME PORT : warm-up, full load, paced load
  local name=$1 port=$2
  echo "== $name: warm-up ($WARMUP: every unit activated, code compiled)"
  loadgen --Target "http://127.0.0.1:$port" --Duration "$WARMUP" --Readers 0 --Json "$results/warmup-$name.json" > /dev/null
  echo "== $name: as fast as it takes ($MEASURE)"
  loadgen --Target "http://127.0.0.1:$port" --Duration "$MEASURE" --Json "$results/$name.json" > /dev/null
  local paced=$(( $(rate_of "$results/$name.json") * 7 / 10 ))
  echo "== $name: paced at $paced values/s ($MEASURE)"
  loadgen --Target "http://127.0.0.1:$port" --Duration "$MEASURE" --Rate "$paced" --Json "$results/$name-paced.json" > /dev/null
}

# 1-3 and 6, in memory
hebei_units=$(tail -n +2 "$HEBEI" | wc -l)
national_units=$(zcat "$CHINA" | tail -n +2 | wc -l)
start_server memory 5101 11301 --import "$HEBEI"
wait_ready 5101; wait_units 5101 "$hebei_units"
run_kpimesh memory 5101
echo "== Kestrel's ceiling: GET /health/live"
loadgen --Mode trivial --Target http://127.0.0.1:5101 --Duration 00:00:10 --Concurrency 16 --Json "$results/trivial.json" > /dev/null
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true

# 1-3, durable on PostgreSQL
pg_start
"$PG_BIN/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "CREATE DATABASE kpimesh_bench" -c "CREATE DATABASE peer_bench"
base=${KPIMESH_TEST_POSTGRES%Database=postgres}
KPIMESH_POSTGRES="${base}Database=kpimesh_bench" start_server durable 5102 11302 --import "$HEBEI"
wait_ready 5102; wait_units 5102 "$hebei_units"
run_kpimesh durable 5102
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true

# 5, the peer: the same submissions into plain PostgreSQL
echo "== peer: plain PostgreSQL ($MEASURE)"
loadgen --Mode peer --Postgres "${base}Database=peer_bench" --Duration "$MEASURE" --Json "$results/peer.json" > /dev/null

# 4, the national hierarchy
echo "== national hierarchy: load and read"
started=$(date +%s%N)
start_server national 5103 11303 --import "$CHINA"
wait_ready 5103; wait_units 5103 "$national_units"
national_seconds=$(awk -v a="$started" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
rss_kb=$(awk '/VmRSS/ { print $2 }' "/proc/$server_pid/status")
dotnet "$LOADGEN" --Mode read --Target http://127.0.0.1:5103 --Hierarchy "$CHINA" --Top 86 --Duration 00:00:10 --Json "$results/national.json" > /dev/null
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true

cpu=$(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)
cat > "$results/facts.txt" <<FACTS
date=$(date -u +%Y-%m-%d)
machine=$(nproc) cores ($cpu), $(awk '/MemTotal/ { printf "%.0f GiB", $2/1048576 }' /proc/meminfo) RAM, $(. /etc/os-release; echo "$PRETTY_NAME"), .NET $(dotnet --version), PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}')
command=bash bench/run.sh
commit=$(git rev-parse --short HEAD)
batch=$BATCH
analysis=bench/analysis.md
nationalUnits=$national_units
nationalLoadSeconds=$national_seconds
nationalRssMb=$((rss_kb / 1024))
FACTS
dotnet "$LOADGEN" --Mode report --Results "$results" --Out docs/benchmarks.md
bash bench/national.sh # the national restart proof, its own section of docs/benchmarks.md
echo "results in $results"
cat docs/benchmarks.md
