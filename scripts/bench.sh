#!/usr/bin/env bash
# Builds the benchmarks in build/bench (Release) and runs all three, then prints the figures and the
# four targets of BENCHMARKS.md. Everything printed is also kept in build/bench/results/ (results-quick/
# with --quick).
#
# Usage: scripts/bench.sh [--quick]
#   --quick   small counts, for checking that everything runs (the figures are then not the record)
#
# Measure on a quiet machine: the load average is printed next to the figures; above the core count,
# the other processes' work is in the numbers.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$root/build/bench"
quick=0
for arg in "$@"; do
  case "$arg" in
    --quick) quick=1 ;;
    *) echo "usage: scripts/bench.sh [--quick]" >&2; exit 2 ;;
  esac
done

bash "$root/scripts/install-deps.sh" libbenchmark-dev

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DPAYLINK_BUILD_BENCHMARKS=ON -DPAYLINK_BUILD_TESTS=OFF -DPAYLINK_BUILD_TOOLS=OFF \
  -DPAYLINK_BUILD_EXAMPLES=OFF >/dev/null
cmake --build "$build" -j2

results="$build/results"
if [ "$quick" = 1 ]; then results="$build/results-quick"; fi  # a smoke run keeps the last real one
mkdir -p "$results"
bin="$build/bench"

if [ "$quick" = 1 ]; then
  codec_args=(--benchmark_min_time=0.05 --benchmark_repetitions=1)
  loopback_args=(--rounds 3 --seq-requests 300 --slices 3 --batch-items 1000)
  memory_args=(--rows 5000)
else
  codec_args=(--benchmark_min_time=0.5 --benchmark_repetitions=5 --benchmark_report_aggregates_only=true)
  loopback_args=()
  memory_args=()
fi

compiler="$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$build/CMakeCache.txt")"
{
  echo "machine: $(nproc) cores (nproc), $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
  echo "kernel:  $(uname -sr)"
  echo "compiler: $("${compiler:-c++}" --version | head -1)"
  echo "libcurl: $(curl-config --version 2>/dev/null || echo unknown)"
  echo "date:    $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$results/machine.txt"

echo
echo "== (1) codec: encode + decode per vendor (Google Benchmark)"
"$bin/paylink_codec_bench" "${codec_args[@]}" \
  --benchmark_out="$results/codec.csv" --benchmark_out_format=csv | tee "$results/codec.txt"

echo
echo "== (1b) instructions per create, encode + decode (callgrind; independent of the machine's load)"
if command -v valgrind >/dev/null; then
  instructions() {  # VENDOR COUNT → instructions of the whole run; fails when the loop does
    local log
    log=$(valgrind --tool=callgrind --error-exitcode=3 --callgrind-out-file=/dev/null \
      "$bin/paylink_codec_loop" "$1" "$2" 2>&1) || { echo "$log" >&2; return 1; }
    echo "$log" | sed -n 's/.*Collected : //p'
  }
  for vendor in onoffice multisafepay smarterpay qonto; do
    # The difference of two run lengths leaves out start-up and fixture loading.
    long=$(instructions "$vendor" 400) && short=$(instructions "$vendor" 200) || exit 1
    per_create=$(( (long - short) / 200 ))
    echo "  $vendor: $per_create instructions"
  done | tee "$results/codec_instructions.txt"
else
  echo "  (valgrind not installed: skipped)"
fi

echo
echo "== (2) + (3) sequential and batch creates over loopback"
status=0
"$bin/paylink_loopback_bench" "${loopback_args[@]}" | tee "$results/loopback.txt" || status=$?

echo
echo "== (4) peak memory of a batch"
"$bin/paylink_batch_memory" "${memory_args[@]}" | tee "$results/batch_memory.txt" || status=$?

echo
echo "== summary (load after: $(cut -d' ' -f1-3 /proc/loadavg))" | tee "$results/summary.txt"
{
  # The create round trip per vendor: the median of the repetitions (or the single run with --quick).
  awk -F, '
    /^"BM_CreateRoundTrip\// {
      name = $1; gsub(/"/, "", name)
      if (name ~ /_(mean|stddev|cv)$/) next
      sub(/^BM_CreateRoundTrip\//, "", name); sub(/_median$/, "", name)
      verdict = ($3 + 0 <= 10.0) ? "PASS" : "FAIL"
      printf "  codec: encode+decode one create, %-13s %7.2f us wall, %7.2f us CPU   target <= 10 us: %s\n",
             name, $3, $4, verdict
    }' "$results/codec.csv"
  grep -E "target" "$results/loopback.txt" | sed 's/^ */  loopback: /' || true
  grep -E "target" "$results/batch_memory.txt" | sed 's/^ */  memory: /' || true
} | tee -a "$results/summary.txt"
echo "results kept in $results"
exit "$status"
