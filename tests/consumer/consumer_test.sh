#!/usr/bin/env bash
# Builds a tiny application against paylink the three ways users do, and runs each build:
#   1. find_package(paylink CONFIG) from an installed prefix that was moved after installing, which
#      proves the package is relocatable;
#   2. pkg-config --static from that same moved prefix;
#   3. add_subdirectory of the source tree, with paylink's tests, tools and examples off.
#
# Usage: consumer_test.sh <paylink build dir, already built> <paylink source dir>
# Set PAYLINK_KEEP_CONSUMER_DIR=1 to keep the scratch directory for inspection.
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 <paylink-build-dir> <paylink-source-dir>" >&2
  exit 2
fi
build_dir=$(cd "$1" && pwd)
source_dir=$(cd "$2" && pwd)
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

work=$(mktemp -d "${TMPDIR:-/tmp}/paylink-consumer.XXXXXX")
cleanup() {
  if [[ -n "${PAYLINK_KEEP_CONSUMER_DIR:-}" ]]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

step() { printf '\n=== %s\n' "$*"; }
fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# --- What the tested build is -----------------------------------------------------------------------
[[ -f "$build_dir/CMakeCache.txt" ]] || fail "$build_dir is not a CMake build directory"
cache_value() { sed -n "s/^$1:[A-Z]*=//p" "$build_dir/CMakeCache.txt" | head -n 1; }
cxx=$(cache_value CMAKE_CXX_COMPILER)
providers=$(cache_value PAYLINK_PROVIDERS)
sanitize=$(cache_value PAYLINK_SANITIZE)
version=$(sed -n 's/^#define PAYLINK_VERSION_STRING "\(.*\)"$/\1/p' "$build_dir/generated/include/paylink/version.hpp")
[[ -n "$version" ]] || fail "no PAYLINK_VERSION_STRING in $build_dir/generated/include/paylink/version.hpp"
command -v pkg-config >/dev/null 2>&1 || fail "pkg-config is not installed"

generator=()
if command -v ninja >/dev/null 2>&1; then generator=(-G Ninja); fi
jobs=2
common=(-DCMAKE_BUILD_TYPE=Release "-DCMAKE_CXX_COMPILER=$cxx" -DCMAKE_FIND_PACKAGE_NO_PACKAGE_REGISTRY=ON)

# The Qonto factory is exercised when the build has the Qonto adapter.
with_qonto=OFF
defines=()
if [[ ";$providers;" == *";qonto;"* ]]; then
  with_qonto=ON
  defines+=(-DPAYLINK_CONSUMER_WITH_QONTO)
fi
# An instrumented library needs its sanitizer runtime in the application too.
sanitizer_flags=()
consumer_cmake_flags=()
if [[ -n "$sanitize" ]]; then
  sanitizer_flags=("-fsanitize=$sanitize")
  consumer_cmake_flags=("-DCMAKE_CXX_FLAGS=-fsanitize=$sanitize" "-DCMAKE_EXE_LINKER_FLAGS=-fsanitize=$sanitize")
fi

# run_consumer <program> <yes|no: built with paylink::testing>: runs it and checks what it printed.
run_consumer() {
  local output
  output=$("$1") || fail "$1 exited with status $?"
  printf '%s\n' "$output"
  grep -qxF "paylink $version" <<<"$output" || fail "$1 did not print the version $version"
  grep -qxF "money 1100.50 EUR" <<<"$output" || fail "$1 did not print the parsed money"
  if [[ "$with_qonto" == ON ]]; then
    grep -qxF "client qonto" <<<"$output" || fail "$1 did not build a Qonto client"
  fi
  if [[ "$2" == yes ]]; then
    grep -qxF "fake link fake_1 1100.50 EUR" <<<"$output" || fail "$1 did not create a link with FakeVendor"
  fi
}

echo "paylink $version, build $build_dir, providers '${providers}', sanitizer '${sanitize}'"

# --- 1. Install, then move the prefix ------------------------------------------------------------------
step "install into a temporary prefix, then move it"
cmake --install "$build_dir" --prefix "$work/staging" >"$work/install.log" || {
  cat "$work/install.log"
  fail "cmake --install failed (is the build complete?)"
}
mkdir -p "$work/moved"
mv "$work/staging" "$work/moved/prefix"
prefix="$work/moved/prefix"
if grep -rIlF -- "$work/staging" "$prefix"; then
  fail "the files above still name the prefix they were installed to: the package is not relocatable"
fi
for header in paylink/paylink.hpp paylink/version.hpp paylink/testing/fake_vendor.hpp; do
  [[ -f "$prefix/include/$header" ]] || fail "$header is not installed"
done
config=$(find "$prefix" -name paylinkConfig.cmake -print -quit)
[[ -n "$config" ]] || fail "paylinkConfig.cmake is not installed"
echo "installed and moved to $prefix"

# --- 2. find_package ---------------------------------------------------------------------------------------
step "find_package(paylink CONFIG) consumer"
cmake -S "$here/app" -B "$work/find-package" "${generator[@]}" "${common[@]}" "${consumer_cmake_flags[@]}" \
  "-DCMAKE_PREFIX_PATH=$prefix" "-DPAYLINK_EXPECTED_PREFIX=$prefix" "-DPAYLINK_EXPECTED_VERSION=$version" \
  "-DPAYLINK_CONSUMER_WITH_QONTO=$with_qonto"
cmake --build "$work/find-package" -j "$jobs"
run_consumer "$work/find-package/paylink_consumer" yes

# --- 2b. The package's version rule -------------------------------------------------------------------------
# While the major version is 0, each minor release may break the ABI, so find_package accepts only the
# same major.minor (SameMinorVersion); from 1.0 on, the same major (docs/abi.md).
step "find_package(paylink <version>) accepts only compatible versions"
[[ "$version" =~ ^([0-9]+)\.([0-9]+)\.([0-9]+) ]] || fail "cannot split the version '$version'"
major=${BASH_REMATCH[1]}
minor=${BASH_REMATCH[2]}
if [[ "$major" == 0 ]]; then
  compatible=("$major.$minor" "$version")
  incompatible=("$major.$((minor + 1))" "$((major + 1)).0")
  # The one SameMajorVersion would accept: an older minor of 0.x.
  if [[ "$minor" -gt 0 ]]; then incompatible+=("$major.$((minor - 1))"); fi
else
  compatible=("$major.0" "$major.$minor" "$version")
  incompatible=("$major.$((minor + 1))" "$((major + 1)).0")
fi
version_check() { # <requested version>: prints "found" or "not found"
  local log
  log=$(cmake -S "$here/version" -B "$work/version" "${generator[@]}" "${common[@]}" -U paylink_DIR \
    "-DCMAKE_PREFIX_PATH=$prefix" "-DPAYLINK_REQUESTED_VERSION=$1") || {
    printf '%s\n' "$log"
    fail "configuring the version check for $1 failed"
  }
  sed -n "s/^-- paylink-version-check: $1 \(found\|not found\).*/\1/p" <<<"$log"
}
for requested in "${compatible[@]}"; do
  answer=$(version_check "$requested")
  echo "find_package(paylink $requested): $answer"
  [[ "$answer" == found ]] || fail "paylink $version was not found for the compatible request $requested"
done
for requested in "${incompatible[@]}"; do
  answer=$(version_check "$requested")
  echo "find_package(paylink $requested): $answer"
  [[ "$answer" == "not found" ]] || fail "paylink $version was accepted for the incompatible request $requested"
done

# --- 3. pkg-config -----------------------------------------------------------------------------------------
step "pkg-config consumer"
pc=$(find "$prefix" -name paylink.pc -print -quit)
[[ -n "$pc" ]] || fail "paylink.pc is not installed"
pc_path="$(dirname "$pc")${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
pc_flags=$(PKG_CONFIG_PATH="$pc_path" pkg-config --cflags --libs --static paylink) || fail "pkg-config failed"
libdir=$(PKG_CONFIG_PATH="$pc_path" pkg-config --variable=libdir paylink)
echo "pkg-config --cflags --libs --static paylink: $pc_flags"
[[ "$pc_flags" == *"-I$prefix/"* ]] || fail "the include path does not point into the moved prefix"
read -r -a pc_words <<<"$pc_flags"
"$cxx" -std=c++17 -O1 "${sanitizer_flags[@]}" "${defines[@]}" "$here/app/main.cpp" -o "$work/pkg-config-consumer" \
  "${pc_words[@]}" "-Wl,-rpath,$libdir" ||
  fail "linking with the flags pkg-config gave failed. If the missing libraries are libcurl's own static" \
    "dependencies (nghttp2, ssh2, ldap, …), paylink.pc names libcurl in Requires.private, which makes" \
    "--static expand libcurl's Libs.private; list paylink's direct dependencies in Libs.private instead"
run_consumer "$work/pkg-config-consumer" no

# --- 4. add_subdirectory -----------------------------------------------------------------------------------
step "add_subdirectory(paylink) consumer"
cmake -S "$here/subdir" -B "$work/subdirectory" "${generator[@]}" "${common[@]}" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
  "-DPAYLINK_SOURCE_DIR=$source_dir" "-DPAYLINK_PROVIDERS=$providers" "-DPAYLINK_CONSUMER_WITH_QONTO=$with_qonto"
# Warnings are not errors for a consumer (PAYLINK_WERROR is ON only when paylink is the top-level
# project): a newer compiler's new warning must not break the application's build.
subdir_werror=$(sed -n 's/^PAYLINK_WERROR:BOOL=//p' "$work/subdirectory/CMakeCache.txt")
[[ "$subdir_werror" == OFF ]] || fail "PAYLINK_WERROR is '$subdir_werror' under add_subdirectory, expected OFF"
commands_json="$work/subdirectory/compile_commands.json"
[[ -f "$commands_json" ]] || fail "no $commands_json"
paylink_commands=$(grep -F "\"command\"" "$commands_json" | grep -F -- "-c $source_dir/src/" || true)
[[ -n "$paylink_commands" ]] || fail "no compile command for paylink's own sources in $commands_json"
werror_commands=$(grep -cF -- "-Werror" <<<"$paylink_commands" || true)
[[ "$werror_commands" -eq 0 ]] ||
  fail "$werror_commands of paylink's compile commands use -Werror under add_subdirectory"
echo "add_subdirectory: PAYLINK_WERROR=OFF, $(wc -l <<<"$paylink_commands") paylink compile commands without -Werror"
# And the build under test, when it is paylink's own top-level build with PAYLINK_WERROR on, does use
# -Werror: the check above looks at the right flags.
if [[ "$(cache_value PAYLINK_WERROR)" == ON && -f "$build_dir/compile_commands.json" ]]; then
  own_werror=$(grep -F "\"command\"" "$build_dir/compile_commands.json" | grep -F -- "-c $source_dir/src/" |
    grep -cF -- "-Werror" || true)
  [[ "$own_werror" -gt 0 ]] || fail "paylink's own build has PAYLINK_WERROR=ON but compiles its sources without -Werror"
fi
cmake --build "$work/subdirectory" -j "$jobs"
run_consumer "$work/subdirectory/paylink_consumer" yes

step "all three consumers built and ran"
