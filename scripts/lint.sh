#!/usr/bin/env bash
# Formatting and static analysis of the project's own code: clang-format must have nothing to change,
# clang-tidy (.clang-tidy) must report nothing. Part of CI (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh clang-format clang-tidy
mapfile -t sources < <(git ls-files '*.cpp' '*.hpp')  # not the .in templates: @VAR@ would be reformatted
echo "clang-format: ${#sources[@]} files"
clang-format --dry-run --Werror "${sources[@]}"

cmake -S . -B build/lint -G Ninja -DCMAKE_BUILD_TYPE=Debug -DPAYLINK_BUILD_TESTS=OFF -DPAYLINK_BUILD_TOOLS=ON \
      -DPAYLINK_BUILD_EXAMPLES=ON -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
cmake --build build/lint -j2 --target paylink >/dev/null  # generates version.hpp
mapfile -t units < <(git ls-files 'src/*.cpp' 'tools/*.cpp' 'examples/*.cpp')
echo "clang-tidy: ${#units[@]} translation units"
status=0
run-clang-tidy -p build/lint -j 2 -quiet "${units[@]}" > build/lint/clang-tidy.log 2>&1 || status=$?
grep -E 'warning:|error:' build/lint/clang-tidy.log | sort -u || true
if [ "$status" -ne 0 ]; then echo "clang-tidy found problems (build/lint/clang-tidy.log)"; exit "$status"; fi
echo "lint: clean"
