#!/usr/bin/env bash
# Without root: installs the built tree component by component into temporary prefixes, checks which
# files each install COMPONENT holds (they are the two Debian packages, cmake/PaylinkPackaging.cmake),
# then checks find_package(paylink COMPONENTS <vendor>...) against the "dev" install.
#
# Usage: components_test.sh <paylink build dir, already built>
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 <paylink-build-dir>" >&2
  exit 2
fi
build_dir=$(cd "$1" && pwd)
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
fail() {
  echo "FAIL: $*" >&2
  exit 1
}
[[ -f "$build_dir/CMakeCache.txt" ]] || fail "$build_dir is not a CMake build directory"
cache_value() { sed -n "s/^$1:[A-Z]*=//p" "$build_dir/CMakeCache.txt" | head -n 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/paylink-components.XXXXXX")
trap 'rm -rf "$work"' EXIT

# The files an install COMPONENT puts under a fresh prefix, relative to it, sorted.
install_component() { # <component> <prefix>
  mkdir -p "$2"
  cmake --install "$build_dir" --component "$1" --prefix "$2" >"$work/install-$1.log" || {
    cat "$work/install-$1.log"
    fail "cmake --install --component $1 failed (is the build complete?)"
  }
  (cd "$2" && find . -type f -o -type l | sed 's|^\./||' | sort)
}

dev_files=$(install_component dev "$work/dev")
echo "component dev: $(wc -l <<<"$dev_files") files"
for expected in include/paylink/paylink.hpp include/paylink/version.hpp include/paylink/export.hpp \
  include/paylink/testing/export.hpp include/paylink/testing/fake_vendor.hpp share/doc/libpaylink-dev/copyright; do
  grep -qxF "$expected" <<<"$dev_files" || fail "the dev component does not install $expected"
done
for pattern in '/libpaylink\.a$' '/libpaylink_testing\.a$' '/cmake/paylink/paylinkConfig\.cmake$' \
  '/cmake/paylink/paylinkConfigVersion\.cmake$' '/cmake/paylink/paylinkTargets\.cmake$' '/pkgconfig/paylink\.pc$'; do
  grep -qE "$pattern" <<<"$dev_files" || fail "the dev component installs nothing matching $pattern"
done
if grep -E '^bin/' <<<"$dev_files"; then fail "the dev component installs the programs above"; fi

if [[ "$(cache_value PAYLINK_BUILD_TOOLS)" == ON ]]; then
  tools_files=$(install_component tools "$work/tools")
  echo "component tools: $(tr '\n' ' ' <<<"$tools_files")"
  [[ "$tools_files" == $'bin/paylink\nbin/paylink-sandbox\nshare/doc/paylink-tools/copyright' ]] ||
    fail "the tools component should install bin/paylink, bin/paylink-sandbox and their copyright only," \
      "it installs: $tools_files"
fi

# Nothing is left outside the two components, where the Debian packages would miss it.
unspecified_files=$(install_component Unspecified "$work/unspecified")
[[ -z "$unspecified_files" ]] || fail "files installed outside the dev and tools components: $unspecified_files"

bash "$here/check_components.sh" "$work/dev" "$(cache_value PAYLINK_PROVIDERS)" "$work" "$(cache_value CMAKE_CXX_COMPILER)"
