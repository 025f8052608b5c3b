#!/usr/bin/env bash
# paylink::mocks from an installed paylink, as an application's tests use it:
#   1. find_package(paylink) without COMPONENTS mocks does not look for GoogleTest, and defines no
#      paylink::mocks;
#   2. find_package(paylink REQUIRED COMPONENTS mocks) where GoogleTest cannot be found fails, naming gMock;
#   3. this example, configured on its own against the installed package (COMPONENTS mocks), builds
#      and its tests pass.
#
# Usage: installed_package_test.sh <paylink build dir, already built> <paylink source dir>
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 <paylink-build-dir> <paylink-source-dir>" >&2
  exit 2
fi
build_dir=$(cd "$1" && pwd)
source_dir=$(cd "$2" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/paylink-mocks-package.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail() {
  echo "FAIL: $*" >&2
  exit 1
}
cache_value() { sed -n "s/^$1:[A-Z]*=//p" "$build_dir/CMakeCache.txt" | head -n 1; }
common=(-DCMAKE_BUILD_TYPE=Release "-DCMAKE_CXX_COMPILER=$(cache_value CMAKE_CXX_COMPILER)"
        -DCMAKE_FIND_PACKAGE_NO_PACKAGE_REGISTRY=ON)
if command -v ninja >/dev/null 2>&1; then common+=(-G Ninja); fi
sanitize=$(cache_value PAYLINK_SANITIZE)
if [[ -n "$sanitize" ]]; then  # an instrumented library needs its sanitizer runtime in the program too
  common+=("-DCMAKE_CXX_FLAGS=-fsanitize=$sanitize" "-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=$sanitize")
fi

cmake --install "$build_dir" --prefix "$work/prefix" >"$work/install.log" || {
  cat "$work/install.log"
  fail "cmake --install failed (is the build complete?)"
}
[[ -f "$work/prefix/include/paylink/testing/mock_transport.hpp" ]] || fail "mock_transport.hpp is not installed"
[[ -n "$(find "$work/prefix" -name paylinkMocksTargets.cmake -print -quit)" ]] ||
  fail "paylinkMocksTargets.cmake is not installed"

mkdir -p "$work/probe"
cat >"$work/probe/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.16)
project(paylink_mocks_probe LANGUAGES CXX)
find_package(paylink CONFIG REQUIRED ${PROBE_COMPONENTS})
if(DEFINED GTest_DIR OR DEFINED CACHE{GTest_DIR})
  message(STATUS "probe: GoogleTest was looked for")
endif()
if(TARGET paylink::mocks)
  message(STATUS "probe: paylink::mocks defined")
endif()
CMAKE

echo "=== 1. find_package(paylink) without the mocks component"
log=$(cmake -S "$work/probe" -B "$work/probe-plain" "${common[@]}" "-DCMAKE_PREFIX_PATH=$work/prefix" 2>&1) || {
  printf '%s\n' "$log"
  fail "find_package(paylink) failed"
}
if grep -q "probe: GoogleTest was looked for" <<<"$log"; then fail "find_package(paylink) looked for GoogleTest"; fi
if grep -q "probe: paylink::mocks defined" <<<"$log"; then fail "paylink::mocks exists without COMPONENTS mocks"; fi
echo "ok: no GoogleTest looked for, no paylink::mocks"

echo "=== 2. COMPONENTS mocks where GoogleTest cannot be found"
if log=$(cmake -S "$work/probe" -B "$work/probe-no-gtest" "${common[@]}" "-DCMAKE_PREFIX_PATH=$work/prefix" \
  -DPROBE_COMPONENTS="COMPONENTS;mocks" -DCMAKE_DISABLE_FIND_PACKAGE_GTest=ON 2>&1); then
  printf '%s\n' "$log"
  fail "find_package(paylink REQUIRED COMPONENTS mocks) succeeded without GoogleTest"
fi
grep -q "gMock" <<<"$log" || {
  printf '%s\n' "$log"
  fail "the failure does not say that gMock is missing"
}
echo "ok: refused, naming gMock"

echo "=== 3. the testing example against the installed package"
cmake -S "$source_dir/examples/testing" -B "$work/example" "${common[@]}" "-DCMAKE_PREFIX_PATH=$work/prefix" \
  "-DPAYLINK_FIXTURES_DIR=$source_dir/tests/fixtures" >"$work/configure.log" 2>&1 || {
  cat "$work/configure.log"
  fail "configuring examples/testing against the installed paylink failed"
}
cmake --build "$work/example" -j 2 >"$work/build.log" 2>&1 || {
  cat "$work/build.log"
  fail "building examples/testing against the installed paylink failed"
}
"$work/example/invoice_mailer_test" --gtest_brief=1 || fail "the example's tests failed"
echo "ok: examples/testing builds and passes against the installed paylink::mocks"
