# The shared harness of the CLI tests (cli_test.sh, ops_cli_test.sh): cleanup of started processes,
# canary credentials that no output may contain, the sandbox, and the run/expect_* checks. Sourced
# after PAYLINK, SANDBOX and WORK are set.
# shellcheck shell=bash disable=SC2153  # PAYLINK, SANDBOX and WORK come from the sourcing script
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

# --- Canary credentials ---------------------------------------------------------------------------
# Random values the sandbox is started with (it reads the same variables), so that every command really
# authenticates with them. At the end, no output may contain any of them, whole or in part: every
# 8-character slice is searched for (random text, so a slice never matches an ordinary word).
unset PAYLINK_ONOFFICE_BASE_URL PAYLINK_MULTISAFEPAY_BASE_URL PAYLINK_SMARTERPAY_BASE_URL PAYLINK_QONTO_BASE_URL
unset PAYLINK_QONTO_STAGING_TOKEN
export PAYLINK_ONOFFICE_TOKEN=u8jzPde0IgxLd6GncfBAepfJBd0Kh8oO  # 32 characters, as onOffice issues
export PAYLINK_ONOFFICE_SECRET=OL8dKLzdocJ2isAjIhKtJ0RlgLKOmxgJTeKdNnFRIBXuDL7DxtpYlSXpfKtHF4vU
export PAYLINK_MULTISAFEPAY_API_KEY=CsMehGAkWvj7FAc9QeWJKY40uvSwMF
export PAYLINK_SMARTERPAY_TOKEN=LZDe1f8rESQedUStPKR0CsTy4Qwb8D
export PAYLINK_QONTO_TOKEN=wkNhFdnXsiVpzz63FfkCzJr4i0B3Jr
export PAYLINK_QONTO_LOGIN=canary-org
export PAYLINK_QONTO_SECRET_KEY=TAwR4y9ojfljoQoaF1LlqsajAIxNKu
export PAYLINK_QONTO_WEBHOOK_SECRET=qWhs7Kd2PzR9vLmX4nTb8YcE1uAf6Gj
export PAYLINK_SMARTERPAY_WEBHOOK_KEY=sPwk3Hq8ZrN5xVb2mLc7TdJ9yKe4Ufa
WRONG_KEY=8iS2G8NPRVdD53X83RZJzzzzgEOzdm  # a refused credential must not be printed either
CANARIES=("$PAYLINK_ONOFFICE_TOKEN" "$PAYLINK_ONOFFICE_SECRET" "$PAYLINK_MULTISAFEPAY_API_KEY"
          "$PAYLINK_SMARTERPAY_TOKEN" "$PAYLINK_QONTO_TOKEN" "$PAYLINK_QONTO_SECRET_KEY" "$WRONG_KEY"
          "$PAYLINK_QONTO_WEBHOOK_SECRET" "$PAYLINK_SMARTERPAY_WEBHOOK_KEY")
ALL_OUTPUT="$WORK/all_output"
: >"$ALL_OUTPUT"

# --- Sandbox ----------------------------------------------------------------------------------------
# start_sandbox VAR: starts one on a free port and stores its base URL in VAR.
start_sandbox() {
  local var=$1 out="$WORK/sandbox.$RANDOM" base="" line
  "$SANDBOX" --port 0 --quiet >"$out" 2>"$out.err" &
  PIDS+=($!)
  for _ in $(seq 1 100); do
    line=$(head -n 1 "$out" 2>/dev/null)
    if [[ $line == "listening on "* ]]; then
      base=${line#listening on }
      break
    fi
    sleep 0.1
  done
  if [[ -z "$base" ]]; then
    echo "paylink-sandbox did not start:"
    cat "$out.err"
    exit 1
  fi
  printf -v "$var" '%s' "$base"
}
BASE=""
start_sandbox BASE
ONOFFICE="$BASE/api/stable/api.php"
MSP="$BASE/v1/json/"
SMP="$BASE/service.svc/"
QONTO="$BASE"
echo "sandbox at $BASE"

fault() {  # fault JSON: queue a sandbox fault
  curl -s --max-time 10 -o /dev/null -X POST "$BASE/__sandbox/faults" -H 'Content-Type: application/json' -d "$1"
}
request_log() { curl -s --max-time 10 "$BASE/__sandbox/requests"; }

# --- Running and checking ---------------------------------------------------------------------------
PASS=0
FAIL=0
RC=0
OUT=""
ERR=""
CURRENT=""
CURRENT_FAILED=0

# run NAME EXPECTED_EXIT -- COMMAND...: runs COMMAND, records the output for the canary check and
# checks the exit code. Later expect_* calls check the same run.
run() {
  local name=$1 expected=$2
  shift 3
  finish
  CURRENT=$name
  CURRENT_FAILED=0
  "$@" >"$WORK/out" 2>"$WORK/err"
  RC=$?
  OUT=$(cat "$WORK/out")
  ERR=$(cat "$WORK/err")
  { cat "$WORK/out"; cat "$WORK/err"; } >>"$ALL_OUTPUT"
  if [[ -n "${CLI_TEST_VERBOSE:-}" ]]; then  # show every command and its output
    echo "  \$ $*"
    sed 's/^/  | /' "$WORK/out" "$WORK/err"
  fi
  [[ "$RC" == "$expected" ]] || fail_current "exit $RC, expected $expected"
}
fail_current() {
  if [[ $CURRENT_FAILED -eq 0 ]]; then
    echo "FAIL - $CURRENT"
    echo "       command stdout: $(head -c 600 <<<"$OUT")"
    echo "       command stderr: $(head -c 600 <<<"$ERR")"
  fi
  CURRENT_FAILED=1
  echo "       $1"
}
# finish: counts the previous run as passed or failed.
finish() {
  [[ -z "$CURRENT" ]] && return
  if [[ $CURRENT_FAILED -eq 0 ]]; then
    PASS=$((PASS + 1))
    echo "ok   - $CURRENT"
  else
    FAIL=$((FAIL + 1))
  fi
  CURRENT=""
}
expect_out() { grep -Eq -- "$1" <<<"$OUT" || fail_current "stdout does not match /$1/"; }
expect_err() { grep -Eq -- "$1" <<<"$ERR" || fail_current "stderr does not match /$1/"; }
expect_no_out() { [[ -z "$OUT" ]] || fail_current "stdout is not empty"; }
expect_no_err() { [[ -z "$ERR" ]] || fail_current "stderr is not empty"; }
# Errors are one line on stderr, starting with "paylink: ".
expect_error_line() {
  [[ $(wc -l <<<"$ERR") -eq 1 && "$ERR" == "paylink: "* ]] || fail_current "stderr is not one 'paylink: ' line"
  expect_err "$1"
}
expect_lines() { [[ $(grep -c . <<<"$OUT") -eq $1 ]] || fail_current "stdout has $(grep -c . <<<"$OUT") lines, expected $1"; }
# A JSON link object with every contract key (amount and times may be absent when unknown).
expect_json_link() {
  local line
  while IFS= read -r line; do
    [[ "$line" == "{"*"}" ]] || fail_current "not a JSON object: $line"
    for key in provider id url status description reference; do
      grep -q "\"$key\":" <<<"$line" || fail_current "no \"$key\" in $line"
    done
  done <<<"$OUT"
  if command -v python3 >/dev/null; then
    python3 -c '
import json, sys
for line in sys.stdin:
    o = json.loads(line)
    assert set(o) <= {"provider","id","url","status","amount","description","reference","created_at","expires_at"}, o
    assert o["status"] in ("open","paid","expired","canceled","unknown"), o
    if "amount" in o:
        assert set(o["amount"]) == {"value","currency"} and isinstance(o["amount"]["value"], str), o
' <<<"$OUT" || fail_current "stdout is not one valid link object per line"
  fi
}
