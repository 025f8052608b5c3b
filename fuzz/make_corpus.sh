#!/usr/bin/env bash
# Builds seed corpora from the recorded fixtures: every recorded response body becomes one input per
# decoder operation, prefixed with the two selector bytes fuzz_decoders reads.
# Usage: make_corpus.sh FIXTURES_DIR OUT_DIR
set -euo pipefail
fixtures=$1 out=$2
for dir in "$fixtures"/*/; do
  vendor=$(basename "$dir")
  mkdir -p "$out/$vendor"
  n=0
  for f in "$dir"*.http; do
    [ -e "$f" ] || continue
    # Response bodies: the lines after the blank line that follows a "<<< " marker, up to the next marker.
    awk -v base="$out/$vendor/$(basename "$f" .http)" '
      /^<<< / { if (file) close(file); n++; file = base "_" n ".body"; inbody = 0; printf "" > file; next }
      /^>>> / { if (file) close(file); file = ""; next }
      file && !inbody && /^[ \t\r]*$/ { inbody = 1; next }
      file && inbody { print >> file }
    ' "$f"
  done
  for body in "$out/$vendor"/*.body; do
    [ -e "$body" ] || continue
    for op in 0 1 2 3 4 5 6; do
      { printf '\x00'; printf "\\x0$op"; cat "$body"; } > "${body%.body}_op$op"
      n=$((n + 1))
    done
    rm "$body"
  done
  echo "$vendor: $n seed inputs"
done
# The JSON fuzzer reads bare bodies: every seed input without its two selector bytes.
mkdir -p "$out/json"
for seed in "$out"/*/*_op0; do
  [ -e "$seed" ] || continue
  tail -c +3 "$seed" > "$out/json/$(basename "$(dirname "$seed")")_$(basename "$seed" _op0)"
done
mkdir -p "$out/webhook"
printf 'MTcwMDAwMDAwMDpkZWFkYmVlZg==\n{"order_id":"o-1","status":"completed"}' > "$out/webhook/seed1"
printf 'not-base64\n{}' > "$out/webhook/seed2"
