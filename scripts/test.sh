#!/usr/bin/env bash
# Builds paylink and runs every test: unit (fixtures), transport and integration (loopback servers the
# tests start themselves), CLI, examples, and the install + consumer build. Installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh chromium chromium-driver doxygen
build=${PAYLINK_BUILD_DIR:-build/test}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPAYLINK_BUILD_TESTS=ON \
      -DPAYLINK_BUILD_TOOLS=ON -DPAYLINK_BUILD_EXAMPLES=ON >/dev/null
cmake --build "$build" -j2
ctest --test-dir "$build" -j2 --output-on-failure --timeout 600
