#!/usr/bin/env bash
# Every public header compiles on its own (and twice in a row), with strict warnings, so that users can
# include any one of them first; and none pulls in a dependency's header.
#
# Usage: public_headers_test.sh <paylink source dir> <paylink build dir> [C++ compiler]
set -euo pipefail

if [[ $# -lt 2 ]]; then
  echo "usage: $0 <paylink-source-dir> <paylink-build-dir> [c++-compiler]" >&2
  exit 2
fi
source_dir=$(cd "$1" && pwd)
build_dir=$(cd "$2" && pwd)
cxx=${3:-g++}
include="$source_dir/include"
generated="$build_dir/generated/include"
[[ -f "$generated/paylink/version.hpp" ]] || { echo "FAIL: $generated/paylink/version.hpp is missing" >&2; exit 1; }

status=0
if grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](curl|openssl|nlohmann|fmt)/' "$include"; then
  echo "FAIL: the public headers above include a dependency's header" >&2
  status=1
fi

# GoogleTest is a dependency of the opt-in paylink::mocks alone: only its headers (testing/mock_*.hpp)
# may include it. They are compiled like the others, finding gMock on the compiler's include path
# (Debian's libgmock-dev puts it in /usr/include), or in PAYLINK_GMOCK_INCLUDE_DIR when set.
if grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](gmock|gtest)/' "$include" |
  grep -vE '^[^:]*/paylink/testing/mock_[^/:]*\.hpp:'; then
  echo "FAIL: the public headers above include GoogleTest, which only paylink/testing/mock_*.hpp may" >&2
  status=1
fi

gmock_include=${PAYLINK_GMOCK_INCLUDE_DIR:-}
export cxx include generated gmock_include
check_one() {
  local extra=()
  if [[ "$1" == paylink/testing/mock_*.hpp && -n "$gmock_include" ]]; then extra=(-isystem "$gmock_include"); fi
  # Including it twice also checks the include guard.
  if ! printf '#include "%s"\n#include "%s"\n' "$1" "$1" |
    "$cxx" -std=c++17 -Wall -Wextra -Wpedantic -Werror -fsyntax-only -I"$include" -I"$generated" "${extra[@]}" \
      -x c++ - 2>&1; then
    echo "FAIL: $1 does not compile on its own"
    return 1
  fi
}
export -f check_one

mapfile -t headers < <(
  cd "$include" && find paylink -name '*.hpp' | sort
  echo paylink/version.hpp
  echo paylink/export.hpp
  echo paylink/testing/export.hpp
)
echo "checking ${#headers[@]} public headers with $cxx"
printf '%s\n' "${headers[@]}" | xargs -P 2 -I{} bash -c 'check_one "$@"' _ {} || status=1
if [[ $status -eq 0 ]]; then echo "all ${#headers[@]} public headers are self-contained"; fi
exit $status
