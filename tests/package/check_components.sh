#!/usr/bin/env bash
# Checks find_package(paylink COMPONENTS <vendor>...) against an installed paylink: every vendor the
# library was built with is found, a vendor it lacks is not, and a REQUIRED missing vendor fails the
# configure with a message that names it.
#
# Usage: check_components.sh <installed prefix> <the build's PAYLINK_PROVIDERS> <scratch dir> <c++ compiler>
# Sourced by nothing; run by components_test.sh (staged install) and package_test.sh (/usr).
set -euo pipefail

if [[ $# -ne 4 ]]; then
  echo "usage: $0 <prefix> <providers> <scratch-dir> <cxx>" >&2
  exit 2
fi
prefix=$1
IFS=';' read -r -a built <<<"$2"
scratch=$3
cxx=$4
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
fail() {
  echo "FAIL: $*" >&2
  exit 1
}
[[ ${#built[@]} -gt 0 ]] || fail "the build names no providers"

generator=()
if command -v ninja >/dev/null 2>&1; then generator=(-G Ninja); fi
# One build dir for every query, so the compiler is checked once; each query sets every variable.
project_dir="$scratch/components"

# ask <REQUIRED:ON|OFF> <components ;-list> <optional components ;-list>: prints the configure log and
# returns cmake's exit status.
ask() {
  cmake -S "$here/components" -B "$project_dir" "${generator[@]}" "-DCMAKE_CXX_COMPILER=$cxx" \
    -DCMAKE_FIND_PACKAGE_NO_PACKAGE_REGISTRY=ON "-DCMAKE_PREFIX_PATH=$prefix" "-DPAYLINK_EXPECTED_PREFIX=$prefix" \
    -U paylink_DIR "-DPAYLINK_FIND_REQUIRED=$1" "-DPAYLINK_COMPONENTS=$2" "-DPAYLINK_OPTIONAL_COMPONENTS=$3" 2>&1
}
# answer_of <log>: the "paylink-components:" line's answer.
answer_of() { sed -n 's/^-- paylink-components: //p' <<<"$1"; }
expect_answer() { # <description> <log> <expected answer>
  local got
  got=$(answer_of "$2")
  echo "$1: $got"
  [[ "$got" == "$3" ]] || {
    printf '%s\n' "$2"
    fail "$1: expected '$3'"
  }
}

# A name no paylink has, and the known vendors this build left out (none in the default build).
absent=(stripe)
for vendor in onoffice multisafepay smarterpay qonto; do
  [[ ";$2;" == *";$vendor;"* ]] || absent+=("$vendor")
done

# 1. Every built vendor, REQUIRED: found, each component TRUE.
all=$(IFS=';' && echo "${built[*]}")
expected="paylink=TRUE"
for vendor in "${built[@]}"; do expected+=" $vendor=TRUE"; done
log=$(ask ON "$all" "") || {
  printf '%s\n' "$log"
  fail "find_package(paylink REQUIRED COMPONENTS ${built[*]}) failed"
}
expect_answer "REQUIRED COMPONENTS ${built[*]}" "$log" "$expected"

# 2. One built vendor, not required: found.
log=$(ask OFF "${built[0]}" "") || fail "configuring with COMPONENTS ${built[0]} failed"
expect_answer "COMPONENTS ${built[0]}" "$log" "paylink=TRUE ${built[0]}=TRUE"

for vendor in "${absent[@]}"; do
  # 3. A missing vendor among the COMPONENTS of a find_package that is not REQUIRED: paylink is not
  # found, the vendor it has still is, the missing one is not.
  log=$(ask OFF "${built[0]};$vendor" "") || fail "configuring with COMPONENTS ${built[0]} $vendor failed"
  expect_answer "COMPONENTS ${built[0]} $vendor" "$log" "paylink=FALSE ${built[0]}=TRUE $vendor=FALSE"

  # 4. As an optional component: the package is found, the missing vendor still FALSE.
  log=$(ask OFF "${built[0]}" "$vendor") || fail "configuring with OPTIONAL_COMPONENTS $vendor failed"
  expect_answer "COMPONENTS ${built[0]} OPTIONAL_COMPONENTS $vendor" "$log" "paylink=TRUE ${built[0]}=TRUE $vendor=FALSE"

  # 5. REQUIRED: the configure fails and says which vendor is missing.
  if log=$(ask ON "${built[0]};$vendor" ""); then
    printf '%s\n' "$log"
    fail "find_package(paylink REQUIRED COMPONENTS ${built[0]} $vendor) succeeded without $vendor"
  fi
  grep -qF "paylink was built without the vendor adapter(s) $vendor (it has:" <<<"$log" || {
    printf '%s\n' "$log"
    fail "the failure for the missing vendor $vendor does not name it"
  }
  echo "REQUIRED COMPONENTS ${built[0]} $vendor: configure failed, naming $vendor"
done
echo "components: ${#built[@]} built vendor(s) found, ${#absent[@]} absent name(s) refused"
