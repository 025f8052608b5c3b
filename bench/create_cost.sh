#!/usr/bin/env bash
# Instructions per create, per vendor, for the adapter alone (codec) and for the whole Client::create
# through an in-memory transport (client), counted by callgrind: see "CPU per create" in BENCHMARKS.md.
#   bash bench/create_cost.sh [BUILD_DIR] [COUNT]     (defaults: build/bench, 1000)
# BUILD_DIR must hold a Release build with -DPAYLINK_BUILD_BENCHMARKS=ON and the target
# paylink_create_cost built. Each figure is (instructions of a 2×COUNT run − those of a COUNT run) ÷ COUNT,
# so start-up and fixture loading are left out.
set -euo pipefail

build=${1:-build/bench}
count=${2:-1000}
bin="$build/bench/paylink_create_cost"
[ -x "$bin" ] || { echo "no $bin: build the target paylink_create_cost first" >&2; exit 1; }

instructions() {  # MODE VENDOR COUNT → instructions of the whole run; fails when the program does
  local log
  log=$(valgrind --tool=callgrind --error-exitcode=3 --callgrind-out-file=/dev/null "$bin" "$1" "$2" "$3" 2>&1) ||
    { echo "$log" >&2; return 1; }
  echo "$log" | sed -n 's/.*Collected : //p'
}

printf '%-13s %10s %10s\n' vendor codec client
for vendor in onoffice multisafepay smarterpay qonto; do
  row=()
  for mode in codec client; do
    short=$(instructions "$mode" "$vendor" "$count")
    long=$(instructions "$mode" "$vendor" $((2 * count)))
    row+=($(((long - short) / count)))
  done
  printf '%-13s %10s %10s\n' "$vendor" "${row[0]}" "${row[1]}"
done
