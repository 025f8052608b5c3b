#!/usr/bin/env bash
# shellcheck disable=SC2317  # the conditions are functions called through check
# --timeout and the batch's stop on a signal, against a sandbox this script starts: a call past its
# --timeout exits 4 (5 for a create that may have been sent); `paylink batch create` sent SIGINT or
# SIGTERM while rows are in flight (slowed by the sandbox's faults) stops starting rows, drains, writes
# a line for every started row (ambiguous where no answer came), exits 130 or 143, and --resume then
# finishes the file with every row created exactly once at Qonto and at SmarterPay.
# No check measures time: the script waits for conditions (result lines written, the process ended).
# Usage: deadline_cli_test.sh PAYLINK PAYLINK_SANDBOX
set -uo pipefail
P=$1 SANDBOX=$2
# shellcheck source-path=SCRIPTDIR source=cli_harness.sh
source "$(dirname "$0")/cli_harness.sh"

export PAYLINK_QONTO_TOKEN=deadline-test-qonto PAYLINK_SMARTERPAY_TOKEN=deadline-test-smarterpay
export PAYLINK_MULTISAFEPAY_API_KEY=deadline-test-msp
start_sandbox BASE
no_faults() { curl -s -X DELETE "$BASE/__sandbox/faults" >/dev/null; }
links_json() { curl -s "$BASE/__sandbox/links"; }
# count_amount VENDOR AMOUNT: how many links of VENDOR the sandbox holds with AMOUNT.
count_amount() {
  local json
  json=$(links_json)
  grep -o "\"vendor\":\"$1\",[^}]*\"amount\":\"$2\"" <<<"$json" | wc -l
}

# === --timeout on single calls ====================================================================
fault '{"route":"POST /v2/payment_links","kind":"slow","delay_ms":4000,"count":1}'
"$P" create --provider qonto --base-url "$BASE" --amount 7.77 --currency EUR --description slow --timeout 0.5 \
  > "$WORK/c.out" 2> "$WORK/c.err"
code=$?
check "create past --timeout, sent: exit 5" test "$code" -eq 5
check "create past --timeout says the outcome is unknown" grep -q 'may or may not exist' "$WORK/c.err"
fault '{"route":"GET /v2/payment_links","kind":"slow","delay_ms":4000,"count":1}'
"$P" list --provider qonto --base-url "$BASE" --timeout 0.5 > /dev/null 2> "$WORK/l.err"
code=$?
check "list past --timeout: exit 4" test "$code" -eq 4
check "list past --timeout says the time ran out" grep -q "time ran out" "$WORK/l.err"
"$P" list --provider qonto --base-url "$BASE" --timeout 30 > /dev/null 2>&1
check "list within --timeout: exit 0" test $? -eq 0
"$P" get --provider qonto --base-url "$BASE" some-id --timeout soon > /dev/null 2> "$WORK/t.err"
code=$?
check "--timeout that is not seconds: exit 2" test "$code" -eq 2
check "--timeout that is not seconds is named" grep -q -- '--timeout "soon"' "$WORK/t.err"
no_faults

# === batch create stopped by a signal, then --resume ===============================================
rows=24
# vendor_posts: how many POSTs to vendor routes the sandbox has received (counted on arrival, before a
# slow fault holds the answer).
vendor_posts() {
  curl -s --max-time 10 "$BASE/__sandbox/requests" | grep -o '"POST [^"]*":[0-9]*' | grep -v '__sandbox' |
    cut -d: -f2 | awk '{ n += $1 } END { print n + 0 }'
}
# run_stopped VENDOR FILE SIGNAL DRAIN OUT BASE_URL: starts a slowed batch of 3 in flight, sends SIGNAL
# once a row has a result and a row of the second wave has reached the sandbox (so that a row is in
# flight for 1.5 s, whatever the machine's load), and waits for the batch to end; its exit code is in
# $stopped_code.
run_stopped() {
  local vendor=$1 file=$2 signal=$3 drain=$4 out=$5 base=$6 posts_before
  posts_before=$(vendor_posts)
  fault "{\"route\":\"*\",\"kind\":\"slow\",\"delay_ms\":1500,\"count\":1000}"
  "$P" batch create --provider "$vendor" --file "$file" --base-url "$base" --concurrency 3 \
    --drain-timeout "$drain" > "$out" 2> "$out.err" &
  batch_pid=$!
  PIDS+=("$batch_pid")
  for _ in $(seq 600); do [ -s "$out" ] && break; sleep 0.05; done
  for _ in $(seq 600); do [ "$(vendor_posts)" -ge $((posts_before + 4)) ] && break; sleep 0.02; done
  kill "-$signal" "$batch_pid"
  wait "$batch_pid"
  stopped_code=$?
  no_faults
}

# every_row_once VENDOR: every row's amount (i.25) is held exactly once by the sandbox.
every_row_once() {
  local i
  for i in $(seq 1 "$rows"); do
    [ "$(count_amount "$1" "$i.25")" -eq 1 ] || { echo "       row $i: $(count_amount "$1" "$i.25") links"; return 1; }
  done
}
lines_are_results() {  # every line is a row's result: ok, or one of the codes a stopped run writes
  local bad
  bad=$(grep -v -E '^\{"row":[0-9]+,"ok":(true|false,"error":\{"code":"(ambiguous|canceled)")' "$1")
  [ -z "$bad" ]
}

{ echo "amount,currency,description"
  for i in $(seq 1 "$rows"); do echo "$i.25,EUR,row $i"; done; } > "$WORK/qonto.csv"
run_stopped qonto "$WORK/qonto.csv" INT 0.2 "$WORK/q1.jsonl" "$BASE"
check "SIGINT: exit 130" test "$stopped_code" -eq 130
started=$(wc -l < "$WORK/q1.jsonl")
check "SIGINT: rows were left unstarted" test "$started" -lt "$rows"
check "SIGINT: every line is a row's result" lines_are_results "$WORK/q1.jsonl"
check "SIGINT: a row whose answer never came is ambiguous" grep -q '"code":"ambiguous"' "$WORK/q1.jsonl"
check "SIGINT: the summary names the signal" grep -q 'stopped by SIGINT' "$WORK/q1.jsonl.err"
check "SIGINT: the summary says how to finish" grep -q -- '--resume' "$WORK/q1.jsonl.err"
"$P" batch create --provider qonto --file "$WORK/qonto.csv" --base-url "$BASE" --concurrency 3 \
  --resume "$WORK/q1.jsonl" > "$WORK/q2.jsonl" 2> "$WORK/q2.err"
code=$?
check "--resume after SIGINT: exit 0" test "$code" -eq 0
check "--resume after SIGINT: one line per row" test "$(grep -c '"ok":true' "$WORK/q2.jsonl")" -eq "$rows"
check "Qonto: every row created exactly once" every_row_once qonto

{ echo "amount,currency,description,ecommerce_page"
  for i in $(seq 1 "$rows"); do echo "$i.25,GBP,row $i,EP-deadline"; done; } > "$WORK/smarterpay.csv"
run_stopped smarterpay "$WORK/smarterpay.csv" TERM 0.2 "$WORK/s1.jsonl" "$BASE/service.svc/"
check "SIGTERM: exit 143" test "$stopped_code" -eq 143
check "SIGTERM: every line is a row's result" lines_are_results "$WORK/s1.jsonl"
check "SIGTERM: the summary names the signal" grep -q 'stopped by SIGTERM' "$WORK/s1.jsonl.err"
"$P" batch create --provider smarterpay --file "$WORK/smarterpay.csv" --base-url "$BASE/service.svc/" \
  --concurrency 3 --resume "$WORK/s1.jsonl" > "$WORK/s2.jsonl" 2> "$WORK/s2.err"
code=$?
check "--resume after SIGTERM: exit 0" test "$code" -eq 0
check "SmarterPay: every row created exactly once" every_row_once smarterpay

# A drain long enough for the rows in flight: they finish, and none is left unknown.
{ echo "amount,currency,description"
  for i in $(seq 101 124); do echo "$i.25,EUR,row $i"; done; } > "$WORK/drained.csv"
run_stopped qonto "$WORK/drained.csv" INT 30 "$WORK/d1.jsonl" "$BASE"
check "drained SIGINT: exit 130" test "$stopped_code" -eq 130
check "drained SIGINT: rows in flight finished, none unknown" test "$(grep -c '"ok":false' "$WORK/d1.jsonl")" -eq 0

# A resumed run stopped while it sends an early row again still carries the earlier file's later
# results into its own output, so that resuming *its* output creates nothing twice.
{ echo "amount,currency,description,reference"
  for i in $(seq 1 6); do echo "$i.25,EUR,order $i,deadline-order-$i"; done; } > "$WORK/msp.csv"
fault '{"route":"POST /v1/json/orders","kind":"status","status":500,"count":1}'  # refused, not processed
"$P" batch create --provider multisafepay --file "$WORK/msp.csv" --base-url "$BASE/v1/json/" --concurrency 1 \
  > "$WORK/m1.jsonl" 2>/dev/null
check "MultiSafepay: a refused row fails (exit 4)" test $? -eq 4
check "MultiSafepay: the other rows succeeded" test "$(grep -c '"ok":true' "$WORK/m1.jsonl")" -eq 5
posts() { requests "POST /v1/json/orders"; }
fault '{"route":"POST /v1/json/orders","kind":"slow","delay_ms":5000,"count":1}'
"$P" batch create --provider multisafepay --file "$WORK/msp.csv" --base-url "$BASE/v1/json/" --concurrency 1 \
  --drain-timeout 0.2 --resume "$WORK/m1.jsonl" > "$WORK/m2.jsonl" 2> "$WORK/m2.err" &
batch_pid=$!
PIDS+=("$batch_pid")
for _ in $(seq 600); do [ "$(posts)" = "7" ] && break; sleep 0.05; done
kill -INT "$batch_pid"
wait "$batch_pid"
code=$?
no_faults
check "stopped while resending: exit 130" test "$code" -eq 130
check "stopped while resending: the row in flight is ambiguous" \
  grep -q '"row":1,"ok":false,"error":{"code":"ambiguous"' "$WORK/m2.jsonl"
check "stopped while resending: the later successes are carried over" \
  test "$(grep -c '"ok":true' "$WORK/m2.jsonl")" -eq 5
"$P" batch create --provider multisafepay --file "$WORK/msp.csv" --base-url "$BASE/v1/json/" --concurrency 1 \
  --resume "$WORK/m2.jsonl" > "$WORK/m3.jsonl" 2>/dev/null
check "resuming the stopped resume: exit 0" test $? -eq 0
check "resuming the stopped resume: every row succeeded" test "$(grep -c '"ok":true' "$WORK/m3.jsonl")" -eq 6
check "MultiSafepay: no create sent again (7 in all: 6 rows, 1 refused)" test "$(posts)" = "7"
check "MultiSafepay: every order exists once" test "$(links_json | grep -o '"vendor":"multisafepay"' | wc -l)" -eq 6

"$P" batch create --provider qonto --file "$WORK/drained.csv" --base-url "$BASE" --drain-timeout -1 \
  > /dev/null 2> "$WORK/dt.err"
check "bad --drain-timeout: exit 2" test $? -eq 2

finish
