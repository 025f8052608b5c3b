#!/usr/bin/env bash
# Builds paylink as a shared library (BUILD_SHARED_LIBS=ON) on its own, installs it, and checks what a
# user of the shared library gets (docs/abi.md):
#   1. the SONAME carries 0.MINOR while the major version is 0 (libpaylink.so.0.1), MAJOR after;
#   2. the libraries export the public API (a few known symbols) and nothing from paylink::detail,
#      nlohmann or fmt: symbols are hidden unless include/paylink marks them PAYLINK_EXPORT;
#   3. an application built with find_package against the installed shared libraries links, loads
#      them by their SONAME and runs.
#
# Usage: shared_library_test.sh <paylink build dir (for its compiler, providers, launcher)> <paylink source dir>
# Set PAYLINK_KEEP_CONSUMER_DIR=1 to keep the scratch directory for inspection.
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 <paylink-build-dir> <paylink-source-dir>" >&2
  exit 2
fi
build_dir=$(cd "$1" && pwd)
source_dir=$(cd "$2" && pwd)
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

work=$(mktemp -d "${TMPDIR:-/tmp}/paylink-shared.XXXXXX")
cleanup() {
  if [[ -n "${PAYLINK_KEEP_CONSUMER_DIR:-}" ]]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

step() { printf '\n=== %s\n' "$*"; }
fail() {
  echo "FAIL: $*" >&2
  exit 1
}
for tool in nm readelf; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool is not installed (binutils)"
done

[[ -f "$build_dir/CMakeCache.txt" ]] || fail "$build_dir is not a CMake build directory"
cache_value() { sed -n "s/^$1:[A-Z]*=//p" "$build_dir/CMakeCache.txt" | head -n 1; }
cxx=$(cache_value CMAKE_CXX_COMPILER)
launcher=$(cache_value CMAKE_CXX_COMPILER_LAUNCHER)
providers=$(cache_value PAYLINK_PROVIDERS)
version=$(sed -n 's/^#define PAYLINK_VERSION_STRING "\(.*\)"$/\1/p' "$build_dir/generated/include/paylink/version.hpp")
[[ "$version" =~ ^([0-9]+)\.([0-9]+)\.[0-9]+ ]] || fail "cannot read the version from $build_dir: '$version'"
major=${BASH_REMATCH[1]}
minor=${BASH_REMATCH[2]}
if [[ "$major" == 0 ]]; then soversion="0.$minor"; else soversion="$major"; fi

generator=()
if command -v ninja >/dev/null 2>&1; then generator=(-G Ninja); fi
with_qonto=OFF
if [[ ";$providers;" == *";qonto;"* ]]; then with_qonto=ON; fi
# The examples use much of the public API, so linking them against the shared library finds a public
# function that lacks PAYLINK_EXPORT. They need all four vendors.
examples=ON
for vendor in onoffice multisafepay smarterpay qonto; do
  if [[ ";$providers;" != *";$vendor;"* ]]; then examples=OFF; fi
done

echo "paylink $version, providers '${providers}', expected SOVERSION $soversion"

# --- Build and install the shared libraries ------------------------------------------------------------------
# Unoptimised and without debug information: this test looks at symbols, not at speed, and the whole
# library is compiled again.
step "build paylink with BUILD_SHARED_LIBS=ON (examples $examples) and install it"
cmake -S "$source_dir" -B "$work/build" "${generator[@]}" "-DCMAKE_CXX_COMPILER=$cxx" \
  ${launcher:+"-DCMAKE_CXX_COMPILER_LAUNCHER=$launcher"} -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG= \
  -DBUILD_SHARED_LIBS=ON "-DPAYLINK_PROVIDERS=$providers" -DPAYLINK_BUILD_TESTS=OFF -DPAYLINK_BUILD_TOOLS=OFF \
  "-DPAYLINK_BUILD_EXAMPLES=$examples" -DPAYLINK_INSTALL=ON >"$work/configure.log" || {
  cat "$work/configure.log"
  fail "configuring the shared build failed"
}
cmake --build "$work/build" -j 2 >"$work/build.log" || {
  grep -E 'undefined reference|error' "$work/build.log" | head -n 30 || tail -n 50 "$work/build.log"
  fail "building the shared libraries (or linking the examples against them) failed; an undefined" \
    "reference to a public function means its declaration lacks PAYLINK_EXPORT"
}
cmake --install "$work/build" --prefix "$work/prefix" >"$work/install.log" || {
  cat "$work/install.log"
  fail "cmake --install failed"
}
libdir=$(dirname "$(find "$work/prefix" -name "libpaylink.so.$soversion" -print -quit)")
[[ "$libdir" != . ]] || fail "libpaylink.so.$soversion is not installed: $(find "$work/prefix" -name 'libpaylink*')"
[[ -f "$work/prefix/include/paylink/export.hpp" ]] || fail "paylink/export.hpp is not installed"
[[ -f "$work/prefix/include/paylink/testing/export.hpp" ]] || fail "paylink/testing/export.hpp is not installed"

# --- 1. SONAME ------------------------------------------------------------------------------------------------
step "SONAME"
for lib in paylink paylink_testing; do
  soname=$(readelf -d "$libdir/lib$lib.so" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
  echo "lib$lib.so: SONAME $soname"
  [[ "$soname" == "lib$lib.so.$soversion" ]] || fail "lib$lib.so has SONAME '$soname', expected lib$lib.so.$soversion"
done

# --- 2. Exported symbols --------------------------------------------------------------------------------------
step "exported symbols"
nm -DC --defined-only "$libdir/libpaylink.so" >"$work/paylink.syms"
nm -DC --defined-only "$libdir/libpaylink_testing.so" >"$work/paylink_testing.syms"
echo "libpaylink.so exports $(grep -c ' paylink::' "$work/paylink.syms") paylink:: symbols," \
  "libpaylink_testing.so $(grep -c ' paylink::' "$work/paylink_testing.syms")"

# The pattern finds what it is meant to: the static library of the tested build has paylink::detail
# functions, as every build does.
static_lib=$(find "$build_dir/src" -maxdepth 1 -name 'libpaylink.a' -print -quit)
# (Counts, not `grep -q` in a pipe: with pipefail an early exit would read as a failure.)
if [[ -n "$static_lib" ]]; then
  nm -C --defined-only "$static_lib" >"$work/static.syms" 2>/dev/null || true
  [[ $(grep -c ' T paylink::detail::' "$work/static.syms") -gt 0 ]] ||
    fail "no paylink::detail function in $static_lib: the check below would prove nothing"
fi
for lib in paylink paylink_testing; do
  internal=$(grep -cE ' (paylink::detail::|nlohmann::|fmt::)' "$work/$lib.syms" || true)
  if [[ "$internal" -gt 0 ]]; then
    grep -E ' (paylink::detail::|nlohmann::|fmt::)' "$work/$lib.syms" >"$work/$lib.internal" || true
    head -n 20 "$work/$lib.internal"
    fail "lib$lib.so exports $internal internal symbols (first ones above): they need hidden visibility"
  fi
  echo "lib$lib.so exports nothing from paylink::detail, nlohmann or fmt"
done

expect_symbol() { # <library> <fixed text of a demangled symbol>
  grep -qF -- "$2" "$work/$1.syms" || fail "lib$1.so does not export $2"
  echo "lib$1.so exports $2"
}
expect_symbol paylink 'T paylink::Money::parse('
expect_symbol paylink 'T paylink::Client::create(paylink::CreateLinkRequest const&, paylink::CallOptions const&) const'
expect_symbol paylink 'T paylink::make_curl_transport('
expect_symbol paylink 'T paylink::Error::to_string'
expect_symbol paylink 'typeinfo for paylink::Exception'  # caught in applications: one type_info
expect_symbol paylink 'typeinfo for paylink::Transport'
if [[ "$with_qonto" == ON ]]; then expect_symbol paylink 'T paylink::make_qonto_client('; fi
expect_symbol paylink_testing 'T paylink::testing::FakeVendor::FakeVendor('
expect_symbol paylink_testing 'T paylink::testing::parse_fixture('
expect_symbol paylink_testing 'T paylink::testing::ReplayTransport::send('
# The shared paylink_testing carries its own hidden copy of the helpers it uses; it must need none of
# libpaylink's hidden ones.
nm -DC --undefined-only "$libdir/libpaylink_testing.so" >"$work/paylink_testing.undefined"
if [[ $(grep -c 'paylink::detail::' "$work/paylink_testing.undefined" || true) -gt 0 ]]; then
  grep 'paylink::detail::' "$work/paylink_testing.undefined" || true
  fail "libpaylink_testing.so needs the paylink::detail symbols above, which libpaylink.so does not export"
fi

# --- 3. An application against the shared libraries -------------------------------------------------------
step "find_package(paylink) consumer linked against the shared libraries"
cmake -S "$here/app" -B "$work/app" "${generator[@]}" "-DCMAKE_CXX_COMPILER=$cxx" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_FIND_PACKAGE_NO_PACKAGE_REGISTRY=ON "-DCMAKE_PREFIX_PATH=$work/prefix" \
  "-DPAYLINK_EXPECTED_PREFIX=$work/prefix" "-DPAYLINK_EXPECTED_VERSION=$version" \
  "-DPAYLINK_CONSUMER_WITH_QONTO=$with_qonto" >"$work/app-configure.log" || {
  cat "$work/app-configure.log"
  fail "configuring the consumer failed"
}
cmake --build "$work/app" -j 2 || fail "the consumer did not build against the shared libraries"
app="$work/app/paylink_consumer"
needed=$(readelf -d "$app" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
echo "$app needs: $(tr '\n' ' ' <<<"$needed")"
grep -qxF "libpaylink.so.$soversion" <<<"$needed" || fail "the consumer does not load libpaylink.so.$soversion"
grep -qxF "libpaylink_testing.so.$soversion" <<<"$needed" ||
  fail "the consumer does not load libpaylink_testing.so.$soversion"
output=$("$app") || fail "the consumer exited with status $?"
printf '%s\n' "$output"
grep -qxF "paylink $version" <<<"$output" || fail "the consumer did not print the version $version"
grep -qxF "money 1100.50 EUR" <<<"$output" || fail "the consumer did not print the parsed money"
grep -qxF "fake link fake_1 1100.50 EUR" <<<"$output" || fail "the consumer did not create a link with FakeVendor"
if [[ "$with_qonto" == ON ]]; then
  grep -qxF "client qonto" <<<"$output" || fail "the consumer did not build a Qonto client"
fi

step "the shared libraries export the public API only, with SONAME lib*.so.$soversion, and a consumer runs"
