#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and fuzzes each one from its committed corpus
# (fuzz/corpus/<target>/, regressions/ included) plus seeds made from the fixtures. See docs/fuzzing.md.
#
# Usage: scripts/fuzz.sh [OPTIONS] [SECONDS]
#   SECONDS            time per target for a bounded run (default 30). CI (.ci/run) runs `fuzz.sh 20`;
#                      a bounded run leaves fuzz/corpus/ as it is, unless --update-corpus.
#   --long SECONDS     the periodic run: SECONDS per target, then new coverage is merged into
#                      fuzz/corpus/<target>/ (with -merge=1: only inputs that add covered edges).
#   --update-corpus    merge new coverage into fuzz/corpus/ after a bounded run too.
#   --no-merge         never touch fuzz/corpus/ (a long run that only looks for crashes).
#   --minimize         after fuzzing, rewrite each fuzz/corpus/<target>/ as a smallest set with the
#                      same covered edges (regressions/ is kept as it is).
#   --target NAME      fuzz only NAME (repeatable).
# A crash, leak, timeout or out-of-memory stops the run with libFuzzer's non-zero exit status; the input
# is copied to fuzz/corpus/<target>/regressions/ so that every later run replays it.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
  sed -n '5,16p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}
is_seconds() { [[ $1 =~ ^[1-9][0-9]*$ ]]; }

seconds=30 merge=no no_merge=no minimize=no targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --long)
      if [ $# -lt 2 ] || ! is_seconds "$2"; then
        echo "fuzz.sh: --long needs SECONDS per target (a positive integer)" >&2
        usage
      fi
      seconds=$2 merge=yes
      shift 2 ;;
    --update-corpus) merge=yes; shift ;;
    --no-merge) no_merge=yes; shift ;;
    --minimize) minimize=yes; shift ;;
    --target)
      [ $# -ge 2 ] || { echo "fuzz.sh: --target needs a target name" >&2; usage; }
      targets+=("$2")
      shift 2 ;;
    -h | --help) usage ;;
    *)
      is_seconds "$1" || { echo "fuzz.sh: unknown argument '$1'" >&2; usage; }
      seconds=$1
      shift ;;
  esac
done
if [ "$no_merge" = yes ]; then merge=no minimize=no; fi

bash scripts/install-deps.sh clang libclang-rt-14-dev
CC=clang CXX=clang++ cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPAYLINK_BUILD_FUZZERS=ON \
  -DPAYLINK_BUILD_TESTS=OFF -DPAYLINK_BUILD_TOOLS=OFF -DPAYLINK_BUILD_EXAMPLES=OFF -DPAYLINK_INSTALL=OFF >/dev/null
cmake --build build/fuzz -j2

out=build/fuzz
rm -rf "$out/seeds" "$out/dict"
bash fuzz/make_corpus.sh tests/fixtures "$out/seeds" >/dev/null
mkdir -p "$out/dict"

if [ ${#targets[@]} -eq 0 ]; then
  for binary in "$out"/fuzz/fuzz_*; do
    [ -f "$binary" ] && [ -x "$binary" ] && targets+=("$(basename "$binary")")
  done
fi
[ ${#targets[@]} -gt 0 ] || { echo "fuzz.sh: no fuzz targets were built" >&2; exit 1; }

count_files() { if [ -d "$1" ]; then find "$1" -type f | wc -l; else echo 0; fi; }
coverage_of() { sed -nE 's/.* cov: ([0-9]+) ft: ([0-9]+) .*/\1\/\2/p' <<<"$1"; }  # a status line -> "cov/ft"

summary="$out/summary.md"
{
  echo "| target | seconds | executions | cov/ft at start | cov/ft at end | committed inputs before → after |"
  echo "|---|---|---|---|---|---|"
} > "$summary"

for name in "${targets[@]}"; do
  binary="$out/fuzz/$name"
  [ -x "$binary" ] || { echo "fuzz.sh: no fuzz target $name in $out/fuzz" >&2; exit 1; }
  committed="fuzz/corpus/$name"
  work="$out/work/$name"
  artifacts="$out/artifacts/$name"
  log="$out/$name.log"

  # The working copy: the committed corpus (regressions too) and the fixture seeds. libFuzzer writes
  # its new inputs here, never into fuzz/corpus/.
  rm -rf "$work" "$artifacts"
  mkdir -p "$work" "$artifacts"
  [ -d "$committed" ] && find "$committed" -type f -exec cp -t "$work" {} +
  [ -d "$out/seeds/$name" ] && find "$out/seeds/$name" -type f -exec cp -t "$work" {} +

  # Every target but fuzz_redis_url reads JSON somewhere; a target may add its own tokens in fuzz/<target>.dict.
  dict="$out/dict/$name.dict"
  cat fuzz/json.dict > "$dict"
  [ -f "fuzz/$name.dict" ] && cat "fuzz/$name.dict" >> "$dict"

  before=$(count_files "$committed")
  echo "== $name for ${seconds}s ($before committed inputs, $(count_files "$work") in the working copy)"
  status=0
  "$binary" "$work" -dict="$dict" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=1024 -max_len=65536 \
    -artifact_prefix="$artifacts/" -print_final_stats=1 > "$log" 2>&1 || status=$?
  grep -E 'stat::number_of_executed_units|stat::peak_rss_mb|ERROR|SUMMARY' "$log" || true

  if [ "$status" -ne 0 ]; then
    tail -40 "$log"
    saved=0
    for artifact in "$artifacts"/*; do
      [ -f "$artifact" ] || continue
      mkdir -p "$committed/regressions"
      cp "$artifact" "$committed/regressions/"
      echo "fuzz.sh: reproducer saved as $committed/regressions/$(basename "$artifact")" >&2
      saved=1
    done
    [ "$saved" -eq 1 ] || echo "fuzz.sh: $name failed (status $status) and left no reproducer; see $log" >&2
    echo "fuzz.sh: replay with: $binary $committed/regressions/<file>" >&2
    exit "$status"
  fi

  # "#N INITED cov: C ft: F ..." is the coverage of the working copy before any mutation (what the
  # corpus carried over); the last status line ("#N DONE cov: C ft: F ...") is where the run ended.
  start=$(coverage_of "$(grep -E '^#[0-9]+[[:space:]]+INITED ' "$log" | head -1 || true)")
  end=$(coverage_of "$(grep -E '^#[0-9]+.* cov: [0-9]+ ft: [0-9]+' "$log" | tail -1 || true)")
  executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)

  # Coverage for the committed corpus is covered edges (-use_counters=0): with libFuzzer's hit-count
  # features too it would keep about three times the files for the same edges.
  if [ "$merge" = yes ]; then
    mkdir -p "$committed"
    # -merge=1 adds to the first folder only the inputs of the others that cover edges it does not.
    "$binary" -merge=1 -use_counters=0 -timeout=30 -rss_limit_mb=1024 -max_len=65536 "$committed" "$work" \
      > "$out/$name.merge.log" 2>&1
    grep -E '^MERGE-OUTER: [0-9]+ new files' "$out/$name.merge.log" || true
  fi
  if [ "$minimize" = yes ] && [ -d "$committed" ]; then
    # A smallest set (libFuzzer's greedy set cover) with the edges of the committed inputs
    # (regressions/ aside, it stays whole).
    rm -rf "$out/minimize/$name" && mkdir -p "$out/minimize/$name/in" "$out/minimize/$name/out"
    find "$committed" -maxdepth 1 -type f -exec cp -t "$out/minimize/$name/in" {} +
    "$binary" -set_cover_merge=1 -use_counters=0 -timeout=30 -rss_limit_mb=1024 -max_len=65536 \
      "$out/minimize/$name/out" "$out/minimize/$name/in" > "$out/$name.minimize.log" 2>&1
    find "$committed" -maxdepth 1 -type f -delete
    find "$out/minimize/$name/out" -type f -exec cp -t "$committed" {} +
    echo "minimized $committed: $(count_files "$out/minimize/$name/in") → $(count_files "$out/minimize/$name/out")"
  fi

  after=$(count_files "$committed")
  echo "| $name | $seconds | ${executions:-?} | ${start:-?} | ${end:-?} | $before → $after |" >> "$summary"
done

echo
cat "$summary"
