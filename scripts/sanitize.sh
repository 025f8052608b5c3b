#!/usr/bin/env bash
# Runs the test suite under AddressSanitizer + UndefinedBehaviorSanitizer, then the concurrency tests
# under ThreadSanitizer. Part of CI (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
cmake -S . -B build/asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DPAYLINK_SANITIZE=address,undefined \
      -DPAYLINK_BUILD_TESTS=ON -DPAYLINK_BUILD_TOOLS=ON -DPAYLINK_BUILD_EXAMPLES=OFF -DPAYLINK_INSTALL=OFF >/dev/null
cmake --build build/asan -j2
ctest --test-dir build/asan -j2 --output-on-failure --timeout 900 -LE 'consumer|browser|docs'

export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/tests/tsan.supp"
cmake -S . -B build/tsan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DPAYLINK_SANITIZE=thread \
      -DPAYLINK_BUILD_TESTS=ON -DPAYLINK_BUILD_TOOLS=ON -DPAYLINK_BUILD_EXAMPLES=OFF -DPAYLINK_INSTALL=OFF >/dev/null
cmake --build build/tsan -j2
ctest --test-dir build/tsan -j2 --output-on-failure --timeout 900 -R 'Thread|Concurren|Shared|Batch'
