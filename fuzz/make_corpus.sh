#!/usr/bin/env bash
# Builds seed inputs for the decode targets from the recorded fixtures, one folder per target
# (OUT_DIR/fuzz_<vendor>_decode/): every recorded response body, once per decoder operation, prefixed
# with the two selector bytes fuzz_decoders reads (byte 0 picks the recorded HTTP status, byte 1 the
# operation). scripts/fuzz.sh adds them to every run's working copy, so a new fixture reaches the
# committed corpus (fuzz/corpus/<target>/) as soon as it adds coverage. The webhook targets' seeds are
# committed files in fuzz/corpus/<target>/, made to their input layout.
# Usage: make_corpus.sh FIXTURES_DIR OUT_DIR
set -euo pipefail
fixtures=$1 out=$2

# The index of a status in kStatuses (fuzz/decoder_fuzzing.hpp); 0 (200) for any status not listed.
status_byte() {
  local i=0 s
  for s in 200 201 204 400 401 403 404 409 410 422 429 500 502 503 302; do
    if [ "$s" = "$1" ]; then printf '%d' "$i"; return; fi
    i=$((i + 1))
  done
  printf 0
}

for dir in "$fixtures"/*/; do
  vendor=$(basename "$dir")
  target="$out/fuzz_${vendor}_decode"
  mkdir -p "$target"
  for f in "$dir"*.http; do
    [ -e "$f" ] || continue
    # Response bodies: the lines after the blank line that follows a "<<< STATUS" marker, up to the
    # next marker. The status goes into the file name (NAME_N_sSTATUS.body).
    awk -v base="$target/$(basename "$f" .http)" '
      /^<<< / { if (file) close(file); n++; file = base "_" n "_s" $2 ".body"; inbody = 0; printf "" > file; next }
      /^>>> / { if (file) close(file); file = ""; next }
      file && !inbody && /^[ \t\r]*$/ { inbody = 1; next }
      file && inbody { print >> file }
    ' "$f"
  done
  n=0
  for body in "$target"/*.body; do
    [ -e "$body" ] || continue
    status=${body%.body}
    status=${status##*_s}
    selector=$(printf '\\x%02x' "$(status_byte "$status")")
    for op in 0 1 2 3 4 5 6; do
      { printf '%b' "$selector\\x0$op"; cat "$body"; } > "${body%.body}_op$op"
      n=$((n + 1))
    done
    rm "$body"
  done
  echo "fuzz_${vendor}_decode: $n seed inputs"
done
