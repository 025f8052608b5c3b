#!/usr/bin/env bash
# shellcheck disable=SC2034  # PAYLINK and SANDBOX are read by cli_harness.sh
# paylink batch create --resume and the stop on a signal, at their edges, against a real paylink-sandbox:
# - the rows a --resume file left ambiguous are asked about before any row is started, so a slow
#   answer to those questions does not leave the rows in flight unread past their --timeout;
# - a signal during those questions stops the run (exit 130), and resuming its output finishes it with
#   every order created once;
# - a signal that comes after every row has finished stopped nothing: the rows decide the exit code.
# Timing: the sandbox slows answers; no check measures time.
#
#   batch_resume_stop_cli_test.sh /path/to/paylink /path/to/paylink-sandbox
set -u

PAYLINK=${1:?usage: batch_resume_stop_cli_test.sh PAYLINK PAYLINK_SANDBOX}
SANDBOX=${2:?usage: batch_resume_stop_cli_test.sh PAYLINK PAYLINK_SANDBOX}
# shellcheck source-path=SCRIPTDIR source=cli_harness.sh
source "$(dirname "$0")/cli_harness.sh"
start_canary_session
P="$PAYLINK"
RUN_ID=0123456789abcdef0123456789abcdef

no_faults() { curl -s --max-time 10 -o /dev/null -X DELETE "$BASE/__sandbox/faults"; }
# request_count KEY: how many requests "METHOD /path" the sandbox has seen.
request_count() {
  local log n
  log=$(request_log)
  n=$(grep -o "\"$1\":[0-9]*" <<<"$log" | cut -d: -f2)
  echo "${n:-0}"
}
# ambiguous_line ROW REFERENCE: a --resume line for a row whose create got no answer.
ambiguous_line() {
  printf '{"row":%s,"ok":false,"error":{"code":"ambiguous","message":"no answer","exit_code":5,"reconcile_key":"%s"},"run_id":"%s"}\n' \
    "$1" "$2" "$RUN_ID"
}
# msp_order REFERENCE AMOUNT: the order exists at the vendor, as if an earlier run's create had worked.
msp_order() {
  "$P" create --provider multisafepay --amount "$2" --currency EUR --description "order $1" --reference "$1" \
    --base-url "$MSP" >/dev/null 2>&1 || echo "setup: creating order $1 failed"
}

# === Ambiguous rows are asked about before the runner starts ===========================================
# Row 1 is new; rows 2-4 were left ambiguous and exist at the vendor. Each question (a GET of the order)
# is answered after 2 s, within each call's --timeout of 4 s, but 6 s in all: asked from inside the
# runner's pull, they kept row 1 (pulled first, its 4 s counted from then) from being sent or read in
# time, and row 1 failed although the vendor answered it at once.
{ echo "amount,currency,description,reference"
  for i in 1 2 3 4; do echo "$i.50,EUR,order resume-$i,resume-$i"; done; } >"$WORK/resume.csv"
for i in 2 3 4; do msp_order "resume-$i" "$i.50"; done
for i in 2 3 4; do ambiguous_line "$i" "resume-$i"; done >"$WORK/resume1.jsonl"
posts_before=$(request_count "POST /v1/json/orders")
fault '{"route":"GET /v1/json/orders","kind":"slow","delay_ms":2000,"count":3}'
run "resume: slow questions about ambiguous rows do not time out the row in flight" 0 -- "$P" batch create \
  --provider multisafepay --file "$WORK/resume.csv" --base-url "$MSP" --concurrency 2 --timeout 4 \
  --resume "$WORK/resume1.jsonl"
no_faults
expect_lines 4
expect_out '^\{"row":1,"ok":true,"link":\{.*"id":"resume-1"'
for i in 2 3 4; do expect_out "^\\{\"row\":$i,\"ok\":true,\"link\":\\{.*\"id\":\"resume-$i\""; done
expect_out "\"run_id\":\"$RUN_ID\""
expect_err "4 rows: 4 succeeded, 0 failed"
[[ $(request_count "POST /v1/json/orders") -eq $((posts_before + 1)) ]] ||
  fail_current "expected exactly one create (row 1), the sandbox saw $(($(request_count "POST /v1/json/orders") - posts_before))"

# === A signal while ambiguous rows are asked about =====================================================
# Row 1 was left ambiguous and exists; row 2 is new. SIGINT comes while row 1's question waits for its
# (slowed) answer: the question is abandoned, row 1 stays ambiguous, row 2 is never started.
{ echo "amount,currency,description,reference"
  echo "7.10,EUR,order stop-1,stop-1"
  echo "7.20,EUR,order stop-2,stop-2"; } >"$WORK/stop.csv"
msp_order stop-1 7.10
ambiguous_line 1 stop-1 >"$WORK/stop1.jsonl"
posts_before=$(request_count "POST /v1/json/orders")
gets_before=$(request_count "GET /v1/json/orders/stop-1")
stopped_while_asking() {
  local pid code
  "$P" batch create --provider multisafepay --file "$WORK/stop.csv" --base-url "$MSP" --concurrency 2 \
    --drain-timeout 0.2 --resume "$WORK/stop1.jsonl" &
  pid=$!
  for _ in $(seq 600); do
    [[ $(request_count "GET /v1/json/orders/stop-1") -gt $gets_before ]] && break
    sleep 0.05
  done
  kill -INT "$pid"
  wait "$pid"
  code=$?
  return "$code"
}
fault '{"route":"GET /v1/json/orders","kind":"slow","delay_ms":8000,"count":1}'
run "resume stopped while asking: exit 130" 130 -- stopped_while_asking
no_faults
cp "$WORK/out" "$WORK/stop2.jsonl"
expect_lines 1
expect_out '^\{"row":1,"ok":false,"error":\{"code":"ambiguous".*"reconcile_key":"stop-1"'
expect_err "stopped by SIGINT.*1 not started; finish with --resume"
[[ $(request_count "POST /v1/json/orders") -eq $posts_before ]] || fail_current "a create was sent"
run "resume of the stopped resume: exit 0, every order once" 0 -- "$P" batch create --provider multisafepay \
  --file "$WORK/stop.csv" --base-url "$MSP" --resume "$WORK/stop2.jsonl"
expect_lines 2
expect_out '^\{"row":1,"ok":true,"link":\{.*"id":"stop-1"'
expect_out '^\{"row":2,"ok":true,"link":\{.*"id":"stop-2"'
[[ $(request_count "POST /v1/json/orders") -eq $((posts_before + 1)) ]] || fail_current "expected one create (row 2)"

# === A signal after every row has finished ==============================================================
# Row 1 is created; row 2's amount is refused (a decimal comma) and its error line, which quotes the
# 65,000-digit amount twice (as written, and as it should be written), is more than a pipe holds (64 KiB):
# the CLI stays in that last write until the test reads on. The test sends SIGINT there, when every row
# has its outcome, and only then reads the rest.
{ echo "amount,currency,description"
  echo "1.00,EUR,late signal"
  printf '"%s,99",EUR,too long\n' "$(head -c 65000 /dev/zero | tr '\0' 7)"; } >"$WORK/late.csv"
signal_after_last_row() {
  local fifo="$WORK/late.fifo" pid code first=""
  rm -f "$fifo"
  mkfifo "$fifo"
  "$P" batch create --provider qonto --file "$WORK/late.csv" --base-url "$QONTO" --concurrency 1 >"$fifo" &
  pid=$!
  exec 3<"$fifo"
  IFS= read -r -t 60 first <&3  # row 1's result; row 2's comes next, larger than the pipe holds
  # Signal only once the CLI waits inside that write, i.e. after every row has finished (the kernel
  # names the wait: pipe_write, anon_pipe_write on newer kernels; on a loaded machine the CLI may still be between the two rows when line 1 arrives).
  for _ in $(seq 500); do [[ "$(cat "/proc/$pid/wchan" 2>/dev/null)" == *pipe_write ]] && break; sleep 0.02; done
  kill -INT "$pid"
  sleep 0.5  # for the CLI's signal thread to take it while the write still waits
  printf '%s\n' "$first"
  cat <&3
  exec 3<&-
  wait "$pid"
  code=$?
  return "$code"
}
run "a signal after every row finished: the rows' exit code (2), not 130" 2 -- signal_after_last_row
expect_lines 2
expect_out '^\{"row":1,"ok":true,"link":'
expect_out '^\{"row":2,"ok":false,"error":\{"code":"validation"'
expect_err "2 rows: 1 succeeded, 1 failed.*SIGINT came after every row had started"
grep -q "stopped by" <<<"$ERR" && fail_current "the run is reported as stopped"

finish_canary_session
