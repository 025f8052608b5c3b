#!/usr/bin/env bash
# Every vendor folder follows src/providers/README.md: the same file set, the same sections in the same
# order, the same names, and none of the rules that core owns written again.
#
#   vendor_anatomy_test.sh <source dir>
#
# Exit 0 when every vendor conforms; 1 with every departure listed.
set -uo pipefail
[[ $# -eq 1 ]] || { echo "usage: $0 <source-dir>" >&2; exit 2; }
src=$(cd "$1" && pwd) || exit 2
failures=()
fail() { failures+=("$1"); }

# The sections of a file, in order: the titles of its "// --- Title ---" rules.
sections() { sed -n 's|^// --- \(.*[^ -]\) -*$|\1|p' "$1"; }
expect_sections() {  # file, expected titles (in order, each present once)
  local file=$1; shift
  local got; got=$(sections "$file" | paste -sd'|')
  local want; want=$(printf '%s\n' "$@" | paste -sd'|')
  [[ "$got" == "$want" ]] || fail "$file: sections are [$got], the README's are [$want]"
}

vendors=()
for dir in "$src"/src/providers/*/; do vendors+=("$(basename "$dir")"); done
[[ ${#vendors[@]} -ge 4 ]] || fail "expected at least four vendor folders, found ${#vendors[@]}"

for v in "${vendors[@]}"; do
  dir="$src/src/providers/$v"
  tests="$src/tests/unit/$v"
  # The file set.
  expected=(CMakeLists.txt "${v}_adapter.cpp" "${v}_adapter.hpp" "${v}_wire.cpp" "${v}_wire.hpp")
  [[ -f "$dir/${v}_webhook.cpp" ]] && expected+=("${v}_webhook.cpp")
  [[ -f "$dir/${v}_oauth.cpp" ]] && expected+=("${v}_oauth.cpp" "${v}_oauth.hpp")
  got=$(cd "$dir" && ls | sort | paste -sd' ')
  want=$(printf '%s\n' "${expected[@]}" | sort | paste -sd' ')
  [[ "$got" == "$want" ]] || fail "src/providers/$v has [$got], the README's file set is [$want]"
  expected_tests=(CMakeLists.txt "${v}_test_support.hpp" "${v}_conformance_test.cpp" "${v}_fixture_test.cpp"
                  "${v}_wire_test.cpp" "${v}_adapter_test.cpp")
  [[ -f "$dir/${v}_webhook.cpp" ]] && expected_tests+=("${v}_webhook_test.cpp")
  [[ -f "$dir/${v}_oauth.cpp" ]] && expected_tests+=("${v}_oauth_test.cpp")
  got=$(cd "$tests" 2>/dev/null && ls | sort | paste -sd' ')
  want=$(printf '%s\n' "${expected_tests[@]}" | sort | paste -sd' ')
  [[ "$got" == "$want" ]] || fail "tests/unit/$v has [$got], the README's test file set is [$want]"

  # The sections, in order.
  [[ -f "$dir/${v}_adapter.cpp" ]] && expect_sections "$dir/${v}_adapter.cpp" "The vendor" "Factories" "Public verbs" "Private builders"
  [[ -f "$dir/${v}_wire.hpp" ]] && expect_sections "$dir/${v}_wire.hpp" "The vendor's words" "Wire structs" "Domain ⇄ wire"
  [[ -f "$dir/${v}_wire.cpp" ]] && expect_sections "$dir/${v}_wire.cpp" "The vendor's words" "Wire structs" "Domain ⇄ wire" "Private builders"
  [[ -f "$dir/${v}_oauth.cpp" ]] && expect_sections "$dir/${v}_oauth.cpp" "The vendor's OAuth" "Public verbs" "Private builders"

  # The names.
  grep -q "inline constexpr std::string_view kProvider = \"$v\";" "$dir/${v}_wire.hpp" ||
    fail "$v: ${v}_wire.hpp does not declare kProvider = \"$v\""
  grep -q "kCapabilities" "$dir/${v}_adapter.cpp" || fail "$v: ${v}_adapter.cpp has no kCapabilities"
  grep -q "make_${v}_provider" "$dir/${v}_adapter.cpp" || fail "$v: the factories are not in ${v}_adapter.cpp"
  grep -q "secrets() const" "$dir/${v}_adapter.hpp" || fail "$v: ${v}_adapter.hpp does not declare secrets()"
  grep -q "checked_base_url" "$dir/${v}_adapter.cpp" || fail "$v: ${v}_adapter.cpp does not check its base URL with core's checked_base_url"

  # Rules core owns: no second JSON library, no scrubbing, header check, base-URL or HTML rule of its own.
  if grep -nE 'json_document|json_writer|word_scan|JsonDocument|JsonWriter|[Ss]crub|(^|[^_[:alnum:]])header_safe\(|looks_like_html' \
       "$dir"/*.cpp "$dir"/*.hpp; then
    fail "$v: writes a rule that core owns (lines above)"
  fi
done

if [[ ${#failures[@]} -gt 0 ]]; then
  printf 'FAIL %s\n' "${failures[@]}"
  echo "${#failures[@]} departures from src/providers/README.md"
  exit 1
fi
echo "vendor anatomy: ${#vendors[@]} vendors follow src/providers/README.md"
