#!/usr/bin/env bash
# Keeps the documentation honest.
#
#   vendor_docs_test.sh <source dir> [<c++ compiler> <build dir>]
#
# 1. Every vendor page docs/vendors/<vendor>.md agrees with its adapter and the adapter's tests:
#    - status mapping: each `word` → `LinkStatus::x` row is a string literal of the adapter, and maps
#      to the same status in the vendor's conformance test (c.status_words) or in another of its unit
#      tests ({"word", LinkStatus::x}); every word of the conformance test is in the page;
#    - capabilities: the yes/no of each `Capabilities` flag equals the adapter's `c.<flag> = …`;
#    - field mapping: every member of CreateLinkRequest and of the vendor's options struct has a row,
#      and every wire name in a "wire" column is a string literal of the adapter;
#    - the page has its required sections.
# 2. Relative links between the docs pages point at files that exist.
# 3. With a compiler and a configured build dir: every ```cpp block of the docs that has an #include
#    compiles (-fsyntax-only) against the public headers.
# 4. `doxygen docs/Doxyfile` (run at the source root, output to a scratch dir) prints no warning and
#    succeeds. Without doxygen the test is skipped (exit 77), after the other checks passed.
#
# Exit 0 when all pass, 1 on the first failing group (every failure of the group is listed), 77 when
# doxygen is missing and everything else passed.
set -uo pipefail

if [[ $# -ne 1 && $# -ne 3 ]]; then
  echo "usage: $0 <source-dir> [<c++-compiler> <build-dir>]" >&2
  exit 2
fi
src=$(cd "$1" && pwd) || exit 2
cxx=${2:-}
bin=${3:-}
cd "$src" || exit 2

failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# The section of a markdown file from the line "## <title>" to the next "## " heading.
section() {
  awk -v title="## $2" '$0 == title {on = 1; next} on && /^## / {on = 0} on' "$1"
}

# Rows of the markdown tables on stdin as "header-cell-2<TAB>cell-1<TAB>cell-2", cells trimmed;
# the header and separator rows themselves are not printed.
table_rows() {
  awk -F'|' '
    function trim(s) { gsub(/^[ \t]+|[ \t]+$/, "", s); return s }
    /^\|/ {
      if (!in_table) { in_table = 1; header = trim($3); next }
      if ($2 ~ /^[ \t]*-+[ \t]*$/) next
      printf "%s\t%s\t%s\n", header, trim($2), trim($3)
      next
    }
    { in_table = 0 }'
}

# Member names of `struct <name>` in <header>.
struct_members() {
  awk -v start="struct $2 {" 'index($0, start) == 1 {on = 1; next} on && /^};/ {on = 0} on' "$1" |
    sed 's|//.*$||' | grep ';' | sed -E 's/[[:space:]]*(=[^;]*|\{[^}]*\})?;.*$//' | awk 'NF {print $NF}'
}

# "word<TAB>status" pairs written {"word", LinkStatus::status} in the given files.
status_pairs() {
  cat "$@" 2>/dev/null | tr '\n' ' ' |
    grep -oE '\{[[:space:]]*"[^"]+"[[:space:]]*,[[:space:]]*LinkStatus::[a-z_]+[[:space:]]*\}' |
    sed -E 's/^\{[[:space:]]*"([^"]+)"[[:space:]]*,[[:space:]]*LinkStatus::([a-z_]+).*$/\1\t\2/'
}

capability_flags=(create get list expire update list_payments list_payment_methods idempotent_create reconcile_create)

# The adapter's value of a Capabilities flag: true or false (false when never set).
adapter_capability() {
  local dir=$1 flag=$2 value
  value=$(cat "$dir"/*.hpp "$dir"/*.cpp | grep -oE "\bc\.$flag = [A-Za-z_]+;" | tail -n 1 | sed -E 's/.* = ([A-Za-z_]+);/\1/')
  case "$value" in
    "") echo false ;;
    true | false) echo "$value" ;;
    k*) cat "$dir"/*.hpp "$dir"/*.cpp | grep -oE "constexpr bool $value = (true|false)" | head -n 1 | awk '{print $NF}' ;;
    *) echo "unresolved:$value" ;;
  esac
}

declare -A options_struct=([onoffice]=OnOfficeOptions [multisafepay]=MultiSafepayOptions
                           [smarterpay]=SmarterPayOptions [qonto]=QontoOptions)

# --- 1. Vendor pages -----------------------------------------------------------------------------------
request_members=$(struct_members include/paylink/create_link_request.hpp CreateLinkRequest)
[[ -n "$request_members" ]] || fail "no members found in struct CreateLinkRequest"

vendors=()
for dir in src/providers/*/; do
  vendors+=("$(basename "$dir")")
done

for vendor in "${vendors[@]}"; do
  page=docs/vendors/$vendor.md
  adapter=src/providers/$vendor
  if [[ ! -f "$page" ]]; then
    fail "$page is missing (every adapter under src/providers/ has a page)"
    continue
  fi
  for title in "Capabilities" "Field mapping" "Status mapping" "Errors" "Inferred and unknown"; do
    grep -qxF "## $title" "$page" || fail "$page has no \"## $title\" section"
  done

  # Status mapping.
  conformance=$(ls tests/unit/"$vendor"/*conformance*.cpp 2>/dev/null | head -n 1)
  conformance_pairs=""
  if [[ -n "$conformance" ]]; then
    conformance_pairs=$(awk '/status_words/ {on = 1} on {print} on && /;/ {on = 0}' "$conformance" | status_pairs /dev/stdin)
  fi
  other_pairs=$(status_pairs tests/unit/"$vendor"/*.cpp tests/unit/"$vendor"/*.hpp "$adapter"/*.cpp "$adapter"/*.hpp)
  page_words=""
  while IFS=$'\t' read -r _ word status_cell; do
    [[ "$word" =~ ^\`([^\`]+)\`$ ]] || continue
    word=${BASH_REMATCH[1]}
    if [[ ! "$status_cell" =~ LinkStatus::([a-z_]+) ]]; then
      fail "$page: status row \`$word\` names no LinkStatus"
      continue
    fi
    status=${BASH_REMATCH[1]}
    page_words+="$word"$'\n'
    grep -qF "\"$word\"" "$adapter"/*.cpp "$adapter"/*.hpp ||
      grep -qF "\"$word\"" tests/unit/"$vendor"/*.cpp ||
      fail "$page: status word \"$word\" appears neither in $adapter nor in tests/unit/$vendor"
    expected=$(printf '%s\n' "$conformance_pairs" | awk -F'\t' -v w="$word" '$1 == w {print $2; exit}')
    if [[ -n "$expected" ]]; then
      [[ "$expected" == "$status" ]] ||
        fail "$page: \"$word\" → LinkStatus::$status, but $conformance maps it to LinkStatus::$expected"
    else
      grep -qxF "$word"$'\t'"$status" <<<"$other_pairs" ||
        fail "$page: \"$word\" → LinkStatus::$status is not asserted in tests/unit/$vendor or $adapter"
    fi
  done < <(section "$page" "Status mapping" | table_rows)
  while IFS=$'\t' read -r word status; do
    [[ -n "$word" ]] || continue
    grep -qxF "$word" <<<"$page_words" ||
      fail "$page: the conformance test maps \"$word\" → LinkStatus::$status, but the page's status table lacks it"
  done <<<"$conformance_pairs"

  # Capabilities.
  caps_rows=$(section "$page" "Capabilities" | table_rows)
  for flag in "${capability_flags[@]}"; do
    row=$(printf '%s\n' "$caps_rows" | awk -F'\t' -v f="\`$flag\`" '$2 == f {print $3; exit}')
    if [[ -z "$row" ]]; then
      fail "$page: the capabilities table has no \`$flag\` row"
      continue
    fi
    documented=unknown
    [[ "$row" =~ ^yes ]] && documented=true
    [[ "$row" =~ ^no ]] && documented=false
    actual=$(adapter_capability "$adapter" "$flag")
    [[ "$documented" == "$actual" ]] ||
      fail "$page: capability \`$flag\` is documented \"$row\" but the adapter says $actual"
  done

  # Field mapping: every request and options member has a row; wire names exist in the adapter.
  field_rows=$(section "$page" "Field mapping" | table_rows)
  first_cells=$(printf '%s\n' "$field_rows" | cut -f2)
  for member in $request_members; do
    # Another vendor's options struct is that vendor's business.
    [[ -n "${options_struct[$member]:-}" && "$member" != "$vendor" ]] && continue
    grep -qE "^\`$member(\`|\.|\[)" <<<"$first_cells" ||
      fail "$page: the field mapping has no row for CreateLinkRequest::$member"
  done
  options_header=include/paylink/providers/${vendor}_options.hpp
  if [[ -n "${options_struct[$vendor]:-}" && -f "$options_header" ]]; then
    for member in $(struct_members "$options_header" "${options_struct[$vendor]}"); do
      grep -qE "^\`$vendor\.$member\`" <<<"$first_cells" ||
        fail "$page: the field mapping has no row for ${options_struct[$vendor]}::$member (\`$vendor.$member\`)"
    done
  fi
  wire_name='^[A-Za-z_][]A-Za-z0-9_.[-]*$'  # a JSON name, a dotted path or a header name
  while IFS=$'\t' read -r header _ wire; do
    [[ "$header" == *wire* ]] || continue
    for token in $(printf '%s' "$wire" | grep -oE '`[^`]+`' | tr -d '`'); do
      [[ "$token" =~ $wire_name ]] || continue
      for segment in $(printf '%s' "$token" | sed -E 's/\[[^]]*\]//g' | tr '.' ' '); do
        grep -qF "\"$segment\"" "$adapter"/*.cpp "$adapter"/*.hpp ||
          fail "$page: wire name \`$token\`: \"$segment\" is not a string literal of $adapter"
      done
    done
  done <<<"$field_rows"
done
for page in docs/vendors/*.md; do
  [[ -d src/providers/$(basename "$page" .md) ]] || fail "$page documents a vendor without an adapter"
done

# --- 2. Links between the pages ------------------------------------------------------------------------
for page in docs/*.md docs/vendors/*.md README.md CHANGELOG.md; do
  [[ -f "$page" ]] || continue
  # Links outside code: fenced blocks and `code spans` are left out.
  for target in $(awk '/^```/ {code = !code; next} !code' "$page" | sed -E 's/`[^`]*`//g' |
                  grep -oE '\]\([^)[:space:]]+\)' | sed -E 's/^\]\(([^)]*)\)$/\1/'); do
    case "$target" in http://* | https://* | mailto:* | \#*) continue ;; esac
    path=${target%%#*}
    [[ -e "$(dirname "$page")/$path" ]] || fail "$page links to $target, which does not exist"
  done
done

# --- 3. Code snippets ----------------------------------------------------------------------------------
if [[ -n "$cxx" && -f "$bin/generated/include/paylink/version.hpp" ]]; then
  scratch=$(mktemp -d "${TMPDIR:-/tmp}/paylink-doc-snippets.XXXXXX")
  for page in docs/*.md docs/vendors/*.md; do
    awk -v out="$scratch/$(echo "$page" | tr '/.' '__')" '
      /^```cpp[ \t]*$/ {on = 1; n++; file = sprintf("%s_%d.cpp", out, n); printf "" > file; next}
      /^```/ {on = 0}
      on {print > file}' "$page"
  done
  for snippet in "$scratch"/*.cpp; do
    [[ -f "$snippet" ]] || continue
    grep -q '^#include' "$snippet" || continue  # fragments without includes are illustrations only
    "$cxx" -std=c++17 -fsyntax-only -I include -I "$bin/generated/include" "$snippet" 2>"$scratch/errors" ||
      fail "a code block of $(basename "$snippet") does not compile:"$'\n'"$(head -n 20 "$scratch/errors")"
  done
  rm -rf "$scratch"
else
  echo "note: no compiler and configured build dir given: code blocks not compiled"
fi

if [[ $failures -gt 0 ]]; then
  echo "$failures documentation check(s) failed" >&2
  exit 1
fi
echo "vendor pages, links and snippets agree with the code"

# --- 4. Doxygen ------------------------------------------------------------------------------------------
if ! command -v doxygen >/dev/null 2>&1; then
  echo "SKIP: doxygen is not installed (apt-get install doxygen); the API reference was not checked"
  exit 77
fi
out=$(mktemp -d "${TMPDIR:-/tmp}/paylink-doxygen.XXXXXX")
log=$out/doxygen.log
# The project's Doxyfile as is, but written to a scratch directory instead of build/docs.
{ cat docs/Doxyfile; echo "OUTPUT_DIRECTORY = $out"; } | doxygen - >"$log" 2>&1
status=$?
if [[ $status -ne 0 ]] || grep -qiE 'warning|error' "$log"; then
  echo "FAIL: doxygen docs/Doxyfile is not clean (exit $status):" >&2
  cat "$log" >&2
  rm -rf "$out"
  exit 1
fi
[[ -f "$out/html/index.html" ]] || {
  echo "FAIL: doxygen produced no html/index.html" >&2
  rm -rf "$out"
  exit 1
}
rm -rf "$out"
echo "doxygen docs/Doxyfile: no warnings"
exit 0
