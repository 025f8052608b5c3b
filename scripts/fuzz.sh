#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each for a bounded time on a corpus seeded from
# the fixtures. Usage: fuzz.sh [SECONDS_PER_TARGET] (default 30). Part of CI (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
bash scripts/install-deps.sh clang libclang-rt-14-dev
CC=clang CXX=clang++ cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPAYLINK_BUILD_FUZZERS=ON \
  -DPAYLINK_BUILD_TESTS=OFF -DPAYLINK_BUILD_TOOLS=OFF -DPAYLINK_BUILD_EXAMPLES=OFF -DPAYLINK_INSTALL=OFF >/dev/null
cmake --build build/fuzz -j2
rm -rf build/fuzz/corpus && bash fuzz/make_corpus.sh tests/fixtures build/fuzz/corpus
for target in build/fuzz/fuzz/fuzz_*; do
  name=$(basename "$target")
  case "$name" in
    fuzz_multisafepay_webhook) corpus=build/fuzz/corpus/webhook ;;
    *) vendor=${name#fuzz_}; corpus=build/fuzz/corpus/${vendor%_decode} ;;
  esac
  echo "== $name for ${seconds}s (corpus $corpus)"
  status=0
  "$target" "$corpus" -max_total_time="$seconds" -rss_limit_mb=1024 -max_len=65536 -print_final_stats=1 \
    > "build/fuzz/$name.log" 2>&1 || status=$?
  grep -E 'stat::number_of_executed_units|stat::peak_rss_mb|ERROR|SUMMARY' "build/fuzz/$name.log" || true
  if [ "$status" -ne 0 ]; then tail -40 "build/fuzz/$name.log"; exit "$status"; fi
done
