#!/usr/bin/env bash
# Builds the two Debian packages from the already built tree (cpack -G DEB), installs them with apt,
# uses them as a developer and an operator would, and removes them:
#   - the consumer project tests/consumer/app built against /usr with find_package(paylink) and with
#     pkg-config, and run;
#   - find_package(paylink COMPONENTS <vendor>...): built vendors found, a missing one refused;
#   - /usr/bin/paylink --version and /usr/bin/paylink-sandbox --port 0.
#
# It installs into the real /usr: a throwaway root would need debootstrap and a mirror, which an offline
# machine does not have. So it refuses to run (exit 77, "skipped") when paylink is already installed
# there, and removes what it installed on every exit. Needs root, dpkg and apt-get; the packages'
# dependencies are already installed by scripts/install-deps.sh, so apt downloads nothing.
#
# Usage: package_test.sh <paylink build dir, already built> <paylink source dir>
# Set PAYLINK_KEEP_PACKAGE_DIR=1 to keep the scratch directory (the .deb files) for inspection.
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 <paylink-build-dir> <paylink-source-dir>" >&2
  exit 2
fi
build_dir=$(cd "$1" && pwd)
source_dir=$(cd "$2" && pwd)
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
skip_status=77 # ctest SKIP_RETURN_CODE

step() { printf "\n=== [%ss] %s\n" "$SECONDS" "$*"; }
fail() {
  echo "FAIL: $*" >&2
  exit 1
}
skip() {
  echo "SKIPPED: $*"
  exit "$skip_status"
}

# --- Can it run here, without touching what the user has? -------------------------------------------------
[[ "$(id -u)" -eq 0 ]] || skip "installing packages needs root"
for tool in dpkg dpkg-deb dpkg-query apt-get cpack pkg-config; do
  command -v "$tool" >/dev/null 2>&1 || skip "$tool is not installed"
done
[[ -f "$build_dir/CMakeCache.txt" ]] || fail "$build_dir is not a CMake build directory"
cache_value() { sed -n "s/^$1:[A-Z]*=//p" "$build_dir/CMakeCache.txt" | head -n 1; }
[[ -z "$(cache_value PAYLINK_SANITIZE)" ]] || skip "a sanitizer build is not packaged"
[[ "$(cache_value PAYLINK_BUILD_TOOLS)" == ON ]] || skip "the build has no tools (PAYLINK_BUILD_TOOLS=OFF)"
packages=(libpaylink-dev paylink-tools)
for package in "${packages[@]}"; do
  state=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
  if [[ -n "$state" && "$state" != not-installed ]]; then
    skip "$package is already on this machine ($state); this test would replace and then remove it"
  fi
done
for path in /usr/bin/paylink /usr/bin/paylink-sandbox /usr/include/paylink /usr/lib/cmake/paylink \
  /usr/lib/*/cmake/paylink /usr/lib/pkgconfig/paylink.pc /usr/lib/*/pkgconfig/paylink.pc; do
  [[ -e "$path" ]] && skip "$path exists already (a paylink installed without a package?); this test would remove it"
done

cxx=$(cache_value CMAKE_CXX_COMPILER)
providers=$(cache_value PAYLINK_PROVIDERS)
version=$(sed -n 's/^#define PAYLINK_VERSION_STRING "\(.*\)"$/\1/p' "$build_dir/generated/include/paylink/version.hpp")
[[ -n "$version" ]] || fail "no PAYLINK_VERSION_STRING in $build_dir/generated/include/paylink/version.hpp"

work=$(mktemp -d "${TMPDIR:-/tmp}/paylink-package.XXXXXX")
# apt reads local .deb files as its unprivileged _apt user.
chmod 755 "$work"
installed=no
sandbox_pid=""
cleanup() {
  local status=$?
  set +e
  if [[ -n "$sandbox_pid" ]] && kill -0 "$sandbox_pid" 2>/dev/null; then
    kill -TERM "$sandbox_pid"
    wait "$sandbox_pid" 2>/dev/null
  fi
  if [[ "$installed" == yes ]]; then
    step "remove the packages"
    local removed=yes
    DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq "${packages[@]}" >"$work/remove.log" 2>&1 || {
      cat "$work/remove.log"
      echo "FAIL: apt-get purge ${packages[*]} failed" >&2
      removed=no
    }
    for path in /usr/bin/paylink /usr/bin/paylink-sandbox /usr/include/paylink; do
      if [[ -e "$path" ]]; then
        echo "FAIL: $path is still there after removing the packages" >&2
        removed=no
      fi
    done
    for package in "${packages[@]}"; do
      if dpkg-query -W -f='${db:Status-Status}\n' "$package" 2>/dev/null | grep -qvx not-installed; then
        echo "FAIL: $package is still known to dpkg after the purge" >&2
        removed=no
      fi
    done
    if [[ "$removed" == yes ]]; then
      echo "removed ${packages[*]}; /usr/bin/paylink is gone"
    else
      status=1
    fi
  fi
  if [[ -n "${PAYLINK_KEEP_PACKAGE_DIR:-}" ]]; then echo "kept $work"; else rm -rf "$work"; fi
  echo "package test: ${SECONDS}s"
  exit "$status"
}
trap cleanup EXIT

echo "paylink $version, build $build_dir, providers '$providers'"

# --- 1. Build the packages --------------------------------------------------------------------------------
step "cpack -G DEB"
cpack -G DEB --config "$build_dir/CPackConfig.cmake" -B "$work/debs" >"$work/cpack.log" 2>&1 || {
  cat "$work/cpack.log"
  fail "cpack failed"
}
dev_deb=$(find "$work/debs" -maxdepth 1 -name 'libpaylink-dev_*.deb' -print -quit)
tools_deb=$(find "$work/debs" -maxdepth 1 -name 'paylink-tools_*.deb' -print -quit)
[[ -n "$dev_deb" && -n "$tools_deb" ]] || {
  cat "$work/cpack.log"
  fail "cpack did not make libpaylink-dev_*.deb and paylink-tools_*.deb"
}
for deb in "$dev_deb" "$tools_deb"; do
  echo "$(basename "$deb"): $(dpkg-deb -f "$deb" Version), Depends: $(dpkg-deb -f "$deb" Depends)"
  [[ "$(dpkg-deb -f "$deb" Version)" == "$version-1" ]] ||
    fail "$(basename "$deb") has version $(dpkg-deb -f "$deb" Version), expected $version-1 (project() version)"
done

# What each package holds, and that the programs' runtime libraries became dependencies.
dev_files=$(dpkg-deb -c "$dev_deb" | awk '{print $NF}')
tools_files=$(dpkg-deb -c "$tools_deb" | awk '$1 !~ /^d/ {print $NF}')
for expected in ./usr/include/paylink/paylink.hpp ./usr/include/paylink/version.hpp ./usr/include/paylink/export.hpp \
  ./usr/include/paylink/testing/export.hpp ./usr/share/doc/libpaylink-dev/copyright; do
  grep -qxF "$expected" <<<"$dev_files" || fail "libpaylink-dev does not hold $expected"
done
for pattern in '^\./usr/lib/(.*/)?libpaylink\.a$' '^\./usr/lib/(.*/)?libpaylink_testing\.a$' \
  '^\./usr/lib/(.*/)?cmake/paylink/paylinkConfig\.cmake$' '^\./usr/lib/(.*/)?pkgconfig/paylink\.pc$'; do
  grep -qE "$pattern" <<<"$dev_files" || fail "libpaylink-dev holds nothing matching $pattern"
done
[[ "$tools_files" == $'./usr/bin/paylink\n./usr/bin/paylink-sandbox\n./usr/share/doc/paylink-tools/copyright' ]] ||
  fail "paylink-tools should hold /usr/bin/paylink, /usr/bin/paylink-sandbox and its copyright only, it holds:" \
    "$tools_files"
tools_depends=$(dpkg-deb -f "$tools_deb" Depends)
for library in libc6 libstdc++6 libcurl4 libssl3 libfmt; do
  [[ "$tools_depends" == *"$library"* ]] || fail "paylink-tools does not depend on $library: $tools_depends"
done
dev_depends=$(dpkg-deb -f "$dev_deb" Depends)
for package in libcurl4-openssl-dev libssl-dev libfmt-dev nlohmann-json3-dev; do
  [[ "$dev_depends" == *"$package"* ]] || fail "libpaylink-dev does not depend on $package: $dev_depends"
done

# --- 2. Install them --------------------------------------------------------------------------------------
step "apt-get install ./libpaylink-dev_*.deb ./paylink-tools_*.deb"
installed=yes # from here on the trap removes them, also after a half-done install
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$dev_deb" "$tools_deb" \
  >"$work/install.log" 2>&1 || {
  cat "$work/install.log"
  fail "apt-get install failed (a dependency that scripts/install-deps.sh does not install?)"
}
for package in "${packages[@]}"; do
  [[ "$(dpkg-query -W -f='${db:Status-Status}' "$package")" == installed ]] || fail "$package is not installed"
done
[[ -x /usr/bin/paylink && -x /usr/bin/paylink-sandbox ]] || fail "/usr/bin/paylink or /usr/bin/paylink-sandbox missing"
echo "installed: $(dpkg-query -W -f='${Package} ${Version}, ' "${packages[@]}")"

# --- 3. The consumer, with find_package and with pkg-config -------------------------------------------------
generator=()
if command -v ninja >/dev/null 2>&1; then generator=(-G Ninja); fi
with_qonto=OFF
defines=()
if [[ ";$providers;" == *";qonto;"* ]]; then
  with_qonto=ON
  defines+=(-DPAYLINK_CONSUMER_WITH_QONTO)
fi
run_consumer() { # <program> <yes|no: built with paylink::testing>
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

step "find_package(paylink CONFIG) consumer against /usr"
# No CMAKE_PREFIX_PATH: the package must be found where Debian's cmake looks by itself.
cmake -S "$source_dir/tests/consumer/app" -B "$work/find-package" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
  "-DCMAKE_CXX_COMPILER=$cxx" -DCMAKE_FIND_PACKAGE_NO_PACKAGE_REGISTRY=ON -DPAYLINK_EXPECTED_PREFIX=/usr \
  "-DPAYLINK_EXPECTED_VERSION=$version" "-DPAYLINK_CONSUMER_WITH_QONTO=$with_qonto" >"$work/find-package.log" 2>&1 || {
  cat "$work/find-package.log"
  fail "configuring the find_package consumer against the installed package failed"
}
grep -F -- "-- paylink $version from /usr/" "$work/find-package.log"
cmake --build "$work/find-package" -j 2 >"$work/find-package-build.log" 2>&1 || {
  cat "$work/find-package-build.log"
  fail "building the find_package consumer failed"
}
run_consumer "$work/find-package/paylink_consumer" yes

step "pkg-config consumer against /usr"
# No PKG_CONFIG_PATH: paylink.pc must be where pkg-config looks by itself.
pc_flags=$(env -u PKG_CONFIG_PATH pkg-config --cflags --libs --static paylink) || fail "pkg-config paylink failed"
echo "pkg-config --cflags --libs --static paylink: $pc_flags"
[[ "$(env -u PKG_CONFIG_PATH pkg-config --modversion paylink)" == "$version" ]] || fail "paylink.pc has another version"
read -r -a pc_words <<<"$pc_flags"
"$cxx" -std=c++17 -O1 "${defines[@]}" "$source_dir/tests/consumer/app/main.cpp" -o "$work/pkg-config-consumer" \
  "${pc_words[@]}" || fail "building with the flags pkg-config gave failed"
run_consumer "$work/pkg-config-consumer" no

step "find_package(paylink COMPONENTS <vendor>...) against /usr"
bash "$here/check_components.sh" /usr "$providers" "$work" "$cxx"

# --- 4. The programs ----------------------------------------------------------------------------------------
step "/usr/bin/paylink --version"
cli_version=$(/usr/bin/paylink --version) || fail "/usr/bin/paylink --version exited with status $?"
echo "$cli_version"
[[ "$cli_version" == "paylink $version" ]] || fail "/usr/bin/paylink --version printed '$cli_version'"

step "/usr/bin/paylink-sandbox --port 0"
/usr/bin/paylink-sandbox --port 0 --quiet >"$work/sandbox.out" 2>"$work/sandbox.err" &
sandbox_pid=$!
first_line=""
for _ in $(seq 1 100); do
  first_line=$(head -n 1 "$work/sandbox.out" 2>/dev/null)
  [[ -n "$first_line" ]] && break
  kill -0 "$sandbox_pid" 2>/dev/null || break
  sleep 0.1
done
echo "$first_line"
[[ "$first_line" =~ ^listening\ on\ http://127\.0\.0\.1:([0-9]+)$ ]] || {
  cat "$work/sandbox.err"
  fail "paylink-sandbox did not print 'listening on http://127.0.0.1:PORT'"
}
port=${BASH_REMATCH[1]}
[[ "$port" -gt 0 ]] || fail "paylink-sandbox --port 0 reported port $port"
if command -v curl >/dev/null 2>&1; then
  answer=$(curl -s --max-time 10 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/__sandbox/links") || true
  [[ "$answer" == 200 ]] || fail "paylink-sandbox on port $port answered GET /__sandbox/links with '$answer'"
  echo "GET /__sandbox/links: $answer"
fi
kill -TERM "$sandbox_pid"
sandbox_status=0
wait "$sandbox_pid" || sandbox_status=$?
sandbox_pid=""
[[ "$sandbox_status" -eq 0 ]] || fail "paylink-sandbox exited with status $sandbox_status on SIGTERM"
echo "paylink-sandbox listened on port $port and stopped on SIGTERM"

step "the packages built, installed and were used"
