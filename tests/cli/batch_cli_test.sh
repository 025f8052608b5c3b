#!/usr/bin/env bash
# `paylink batch create` against a sandbox this script starts: results per row, failure isolation,
# exit codes, --resume without double creation, unknown outcomes never resent.
# Usage: batch_cli_test.sh PAYLINK PAYLINK_SANDBOX
set -uo pipefail
P=$1 SANDBOX=$2
work=$(mktemp -d)
cleanup() { [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
passed=0 failed=0
check() {  # check NAME CONDITION...
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "ok   - $name"; else failed=$((failed + 1)); echo "FAIL - $name"; fi
}

export PAYLINK_QONTO_TOKEN=batch-test-qonto PAYLINK_MULTISAFEPAY_API_KEY=batch-test-msp
export PAYLINK_ONOFFICE_TOKEN=batch0test0token0000000000000000
export PAYLINK_ONOFFICE_SECRET=batch0test0secret0000000000000000000000000000000000000000000000
"$SANDBOX" --port 0 --quiet > "$work/sandbox.out" &
pid=$!
for _ in $(seq 100); do grep -q '^listening on ' "$work/sandbox.out" 2>/dev/null && break; sleep 0.05; done
BASE=$(sed -n 's/^listening on //p' "$work/sandbox.out")
links() { curl -s "$BASE/__sandbox/links" | grep -o "\"vendor\":\"$1\"" | wc -l; }
requests() { curl -s "$BASE/__sandbox/requests" | grep -o "\"$1\":[0-9]*" | cut -d: -f2 | head -1; }
fault() { curl -s -X POST "$BASE/__sandbox/faults" -H 'Content-Type: application/json' -d "$1" >/dev/null; }

{ echo "amount,currency,description,reference,payment_methods"
  for i in $(seq 1 40); do echo "$i.25,EUR,\"Invoice $i, \"\"March\"\"\",inv-$i,credit_card"; done
  echo "1.2.3,EUR,bad amount,inv-bad,"; } > "$work/qonto.csv"

"$P" batch create --provider qonto --file "$work/qonto.csv" --base-url "$BASE" --concurrency 8 \
  > "$work/r1.jsonl" 2> "$work/r1.err"
code=$?
check "a bad row fails alone: exit 2" test "$code" -eq 2
check "one result line per row" test "$(wc -l < "$work/r1.jsonl")" -eq 41
check "40 rows succeeded" test "$(grep -c '"ok":true' "$work/r1.jsonl")" -eq 40
check "the bad row names its row and field" grep -q '"row":41,"ok":false,"error":{"code":"validation"' "$work/r1.jsonl"
check "quotes in a CSV field survive" grep -q 'Invoice 7, \\"March\\"' "$work/r1.jsonl"
check "40 links at the vendor" test "$(links qonto)" -eq 40
check "summary on stderr" grep -q '41 rows: 40 succeeded, 1 failed' "$work/r1.err"

"$P" batch create --provider qonto --file "$work/qonto.csv" --base-url "$BASE" --resume "$work/r1.jsonl" \
  > "$work/r2.jsonl" 2>/dev/null
check "--resume writes one line per row" test "$(wc -l < "$work/r2.jsonl")" -eq 41
check "--resume carries the earlier successes over" test "$(grep -c '"ok":true' "$work/r2.jsonl")" -eq 40
check "--resume retries only the failed row" grep -q '"row":41,"ok":false' "$work/r2.jsonl"
check "--resume creates nothing twice" test "$(links qonto)" -eq 40
before=$(requests "POST /v2/payment_links")
"$P" batch create --provider qonto --file "$work/qonto.csv" --base-url "$BASE" --resume "$work/r2.jsonl" \
  > "$work/r3.jsonl" 2>/dev/null
check "a resumed run's output resumes again: nothing sent for done rows" \
  test "$(requests "POST /v2/payment_links")" = "$before"

"$P" batch create --provider qonto --file "$work/qonto.csv" --base-url "$BASE" > /dev/null 2>&1
check "a plain re-run replays the same idempotency keys: no duplicates" test "$(links qonto)" -eq 40

head -11 "$work/qonto.csv" > "$work/good.csv"
"$P" batch create --provider qonto --file "$work/good.csv" --base-url "$BASE" > /dev/null 2>&1
check "every row succeeded: exit 0" test $? -eq 0

printf 'amount,currency,colour\n1.00,EUR,red\n' > "$work/unknown.csv"
before=$(requests "POST /v2/payment_links")
"$P" batch create --provider qonto --file "$work/unknown.csv" --base-url "$BASE" > /dev/null 2> "$work/unknown.err"
code=$?
check "unknown column: exit 2" test "$code" -eq 2
check "unknown column is named" grep -q 'unknown column "colour"' "$work/unknown.err"
check "unknown column: nothing sent" test "$(requests "POST /v2/payment_links")" = "$before"

"$P" batch create --provider qonto --file "$work/good.csv" --concurrency 999 --base-url "$BASE" > /dev/null 2>&1
check "bad --concurrency: exit 2" test $? -eq 2

# onOffice: a dropped create is an unknown outcome (exit 5) and is never sent again on --resume.
printf 'amount,currency,description,transaction_id\n10.00,EUR,first,1100135697\n20.00,EUR,second,1100135698\n' \
  > "$work/onoffice.csv"
fault '{"route":"POST /api/stable/api.php","kind":"drop","count":1}'
"$P" batch create --provider onoffice --file "$work/onoffice.csv" --base-url "$BASE/api/stable/api.php" \
  --concurrency 1 > "$work/o1.jsonl" 2>/dev/null
code=$?
check "dropped onOffice create: exit 5" test "$code" -eq 5
check "the dropped row is reported ambiguous" grep -q '"code":"ambiguous"' "$work/o1.jsonl"
sent=$(requests "POST /api/stable/api.php")
check "the sandbox counted the onOffice creates" test -n "$sent"
"$P" batch create --provider onoffice --file "$work/onoffice.csv" --base-url "$BASE/api/stable/api.php" \
  --resume "$work/o1.jsonl" > "$work/o2.jsonl" 2>/dev/null
code=$?
check "--resume never resends an unknown onOffice create" test "$(requests "POST /api/stable/api.php")" = "$sent"
check "--resume still reports it unknown: exit 5" test "$code" -eq 5
"$P" batch create --provider onoffice --file "$work/onoffice.csv" --base-url "$BASE/api/stable/api.php" \
  --resume "$work/o2.jsonl" > /dev/null 2>&1
check "a second --resume creates neither row again" test "$(requests "POST /api/stable/api.php")" = "$sent"

# MultiSafepay: a dropped create is asked for by order_id on --resume instead of being created again.
printf 'amount,currency,description,reference\n12.50,EUR,order,batch-order-1\n' > "$work/msp.csv"
fault '{"route":"POST /v1/json/orders","kind":"drop","count":1}'
"$P" batch create --provider multisafepay --file "$work/msp.csv" --base-url "$BASE/v1/json/" > "$work/m1.jsonl" 2>/dev/null
check "dropped MultiSafepay create: exit 5" test $? -eq 5
"$P" batch create --provider multisafepay --file "$work/msp.csv" --base-url "$BASE/v1/json/" \
  --resume "$work/m1.jsonl" > "$work/m2.jsonl" 2>/dev/null
code=$?
check "--resume finds the order by its order_id: exit 0" test "$code" -eq 0
check "--resume reports the found order" grep -q '"id":"batch-order-1"' "$work/m2.jsonl"
check "the order was created once" test "$(requests "POST /v1/json/orders")" = "1"

for secret in "$PAYLINK_QONTO_TOKEN" "$PAYLINK_ONOFFICE_SECRET" "$PAYLINK_MULTISAFEPAY_API_KEY"; do
  check "no credential in any output" bash -c "! grep -rqF -- '$secret' '$work'/*.jsonl '$work'/*.err"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
