# shellcheck shell=bash
# The harness of every CLI test (tests/cli/*_test.sh), sourced first: the shell tests' shared one
# (tests/support/harness.sh: WORK, processes stopped at exit, check/finish/skip/die, free_port,
# start_sandbox, fault, links, requests) and, for the tests that hold every command to the credential
# rule (cli_test.sh, ops_cli_test.sh), canary credentials and the run/expect_* checks.
# shellcheck source-path=SCRIPTDIR source=../support/harness.sh
source "$(dirname "${BASH_SOURCE[0]}")/../support/harness.sh"

# --- Canary credentials ---------------------------------------------------------------------------
# start_canary_session: exports random credentials and starts the sandbox with them (it reads the same
# variables), so that every command really authenticates with them; sets BASE and each vendor's base
# URL. At the end, no output may contain any of them, whole or in part: every 8-character slice is
# searched for (random text, so a slice never matches an ordinary word).
start_canary_session() {
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
  BASE=""
  start_sandbox BASE
  # shellcheck disable=SC2034  # each vendor's base URL, read by the sourcing tests
  ONOFFICE="$BASE/api/stable/api.php" MSP="$BASE/v1/json/" SMP="$BASE/service.svc/" QONTO="$BASE"
  echo "sandbox at $BASE"
}
request_log() { curl -s --max-time 10 "$BASE/__sandbox/requests"; }
# finish_canary_session: the last check (no output of the session held any canary, whole or in part),
# then the summary.
finish_canary_session() {
  local canary slice i
  run "no credential appears in any output, whole or in part" 0 -- true
  for canary in "${CANARIES[@]}"; do
    for ((i = 0; i + 8 <= ${#canary}; i++)); do
      slice=${canary:i:8}
      if grep -qF -- "$slice" "$ALL_OUTPUT"; then
        fail_current "found \"$slice\" (part of a credential) in the output"
        break
      fi
    done
  done
  [[ -s "$ALL_OUTPUT" ]] || fail_current "no output was recorded"
  close_run
  finish
}

# --- Running and checking ---------------------------------------------------------------------------
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
  close_run
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
# close_run: counts the previous run as passed or failed (`finish` needs it called after the last run).
close_run() {
  [[ -z "$CURRENT" ]] && return
  if [[ $CURRENT_FAILED -eq 0 ]]; then
    passed=$((passed + 1))
    echo "ok   - $CURRENT"
  else
    failed=$((failed + 1))
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
