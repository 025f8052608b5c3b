#!/usr/bin/env bash
# `paylink batch create` against a sandbox this script starts: results per row, failure isolation,
# exit codes, --resume without double creation, unknown outcomes never resent, keys scoped to a run, and
# CSV files as spreadsheets save them (byte-order mark, ';', --delimiter, decimal commas, malformed rows).
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

# Keys are scoped to a run: the same file run again without --resume is a new run (docs/batch.md).
"$P" batch create --provider qonto --file "$work/qonto.csv" --base-url "$BASE" > "$work/r4.jsonl" 2>/dev/null
check "a plain re-run is a new run: new keys, every good row created again" test "$(links qonto)" -eq 80

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

# === CSV files as spreadsheets save them =============================================================
run_id_of() { grep -o '"run_id":"[0-9a-f]*"' "$1" | sort -u; }
link_id_of_row() { grep -o "\"row\":$2,\"ok\":true,\"link\":{\"provider\":\"qonto\",\"id\":\"[^\"]*\"" "$1" | cut -d'"' -f14; }

# Excel's "CSV UTF-8" starts with a byte-order mark (and ends lines with CRLF).
printf '\xef\xbb\xbfamount,currency,description,reference\r\n3.10,EUR,bom one,bom-1\r\n3.20,EUR,bom two,bom-2\r\n' \
  > "$work/bom.csv"
before=$(links qonto)
"$P" batch create --provider qonto --file "$work/bom.csv" --base-url "$BASE" > "$work/bom.jsonl" 2> "$work/bom.err"
check "BOM file (Excel CSV UTF-8): exit 0" test $? -eq 0
check "BOM file: both rows created" test "$(links qonto)" -eq $((before + 2))
check "BOM file: its first column is the amount" grep -q '"row":1,"ok":true,.*"amount":{"value":"3.10"' "$work/bom.jsonl"

# German, French and Dutch Excel separate fields with ';'.
printf 'amount;currency;description;reference\n4.10;EUR;"Rechnung 1; M\xc3\xa4rz";semi-1\n4.20;EUR;Rechnung 2, April;semi-2\n' \
  > "$work/semicolon.csv"
before=$(links qonto)
"$P" batch create --provider qonto --file "$work/semicolon.csv" --base-url "$BASE" > "$work/semicolon.jsonl" \
  2> "$work/semicolon.err"
check "';' file: exit 0" test $? -eq 0
check "';' file: both rows created" test "$(links qonto)" -eq $((before + 2))
check "';' file: a quoted ';' stays in its field" grep -q '"description":"Rechnung 1; März"' "$work/semicolon.jsonl"
check "';' file: a ',' is plain text" grep -q '"description":"Rechnung 2, April"' "$work/semicolon.jsonl"

# --delimiter overrides the detection: a '|' file (its header has neither ',' nor ';').
printf 'amount|currency|description\n4.50|EUR|pipe, one; two\n' > "$work/pipe.csv"
before=$(links qonto)
"$P" batch create --provider qonto --file "$work/pipe.csv" --base-url "$BASE" > /dev/null 2> "$work/pipe-detected.err"
check "'|' file without --delimiter: refused (exit 2)" test $? -eq 2
check "'|' file without --delimiter: the error names the delimiter used" \
  grep -q 'unknown column "amount|currency|description" for qonto (fields separated by ",")' "$work/pipe-detected.err"
"$P" batch create --provider qonto --file "$work/pipe.csv" --base-url "$BASE" --delimiter '|' > "$work/pipe.jsonl" \
  2> "$work/pipe.err"
check "--delimiter '|': exit 0" test $? -eq 0
check "--delimiter '|': the row is split at '|' only" grep -q '"description":"pipe, one; two"' "$work/pipe.jsonl"
check "--delimiter '|': one link created" test "$(links qonto)" -eq $((before + 1))
printf 'amount\tcurrency\tdescription\n4.60\tEUR\ttab separated\n' > "$work/tab.csv"
"$P" batch create --provider qonto --file "$work/tab.csv" --base-url "$BASE" --delimiter tab > "$work/tab.jsonl" \
  2> "$work/tab.err"
check "--delimiter tab: exit 0" test $? -eq 0
"$P" batch create --provider qonto --file "$work/semicolon.csv" --base-url "$BASE" --delimiter ',' > /dev/null \
  2> "$work/override.err"
check "--delimiter ',' is used even on a ';' header: exit 2" test $? -eq 2
check "--delimiter ',' on a ';' header: the whole header is one unknown column" \
  grep -q 'unknown column "amount;currency;description;reference"' "$work/override.err"
for bad in ab '"' ''; do
  "$P" batch create --provider qonto --file "$work/pipe.csv" --base-url "$BASE" --delimiter "$bad" > /dev/null \
    2> "$work/delimiter-bad.err"
  check "--delimiter '$bad' is refused: exit 2" test $? -eq 2
  check "--delimiter '$bad': the error names the flag and the rule" \
    grep -q -- '--delimiter must be one punctuation character' "$work/delimiter-bad.err"
done

# A decimal comma fails its row alone, naming the line, the column and the fix; nothing is guessed.
printf 'amount;currency;description\n5.10;EUR;point\n10,99;EUR;comma\n5.30;EUR;point again\n1,000;EUR;a thousand or one?\n' \
  > "$work/comma.csv"
before=$(links qonto)
"$P" batch create --provider qonto --file "$work/comma.csv" --base-url "$BASE" --concurrency 1 \
  > "$work/comma.jsonl" 2> "$work/comma.err"
check "decimal comma: exit 2" test $? -eq 2
check "decimal comma: one result line per row" test "$(wc -l < "$work/comma.jsonl")" -eq 4
check "decimal comma: the other rows are created" test "$(links qonto)" -eq $((before + 2))
check "decimal comma: its row fails as a validation of the amount" \
  grep -q '"row":2,"ok":false,"error":{"code":"validation".*"field":"amount"' "$work/comma.jsonl"
check "decimal comma: the message names the line, the column and the fix" \
  grep -q '"message":"line 3, column 1 (amount): \\"10,99\\" has a comma; an amount takes a point as its decimal separator and no thousands separator: write 10.99"' \
  "$work/comma.jsonl"
check "a comma that may group thousands gets no guessed fix" \
  grep -q '"row":4,"ok":false,.*"message":"line 5, column 1 (amount): \\"1,000\\" has a comma; .* (for example 1234.50)"' \
  "$work/comma.jsonl"

# A malformed row fails alone, and the rows after it are read afresh: an unclosed quote ends with its
# line instead of running on to the next quote in the file.
{ echo 'amount,currency,description,reference'
  echo '6.10,EUR,before,uq-1'
  echo '6.20,EUR,"never closed,uq-2'
  echo '6.30,EUR,after,uq-3'
  echo '6.40,EUR,"quoted, after",uq-4'
  echo '6.50,EUR,too,many,fields'
  printf '6.60,EUR,%s,uq-6\n' "$(head -c 70000 /dev/zero | tr '\0' x)"
  echo '6.70,EUR,"last ""one""",uq-7'; } > "$work/unclosed.csv"
before=$(links qonto)
"$P" batch create --provider qonto --file "$work/unclosed.csv" --base-url "$BASE" > "$work/unclosed.jsonl" \
  2> "$work/unclosed.err"
check "malformed rows: exit 2" test $? -eq 2
check "malformed rows: one result line per row" test "$(wc -l < "$work/unclosed.jsonl")" -eq 7
check "malformed rows: the 4 good rows are created" test "$(links qonto)" -eq $((before + 4))
check "unclosed quote: its row fails, naming its line and column" \
  grep -q '"row":2,"ok":false,"error":{"code":"validation",.*"message":"line 3, column 3 (description): its quoted field never closes on this line' \
  "$work/unclosed.jsonl"
check "unclosed quote: the next rows are read as written" \
  grep -q '"row":3,"ok":true,.*"description":"after"' "$work/unclosed.jsonl"
check "unclosed quote: a later quoted field is whole" \
  grep -q '"row":4,"ok":true,.*"description":"quoted, after"' "$work/unclosed.jsonl"
check "too many fields: its row fails alone" \
  grep -q '"row":5,"ok":false,"error":{"code":"validation",.*"message":"line 6 has 5 fields, the header names 4 columns' \
  "$work/unclosed.jsonl"
check "a line over 64 KiB fails alone" \
  grep -q '"row":6,"ok":false,"error":{"code":"validation",.*"message":"line 7: the line is longer than 65536 bytes' \
  "$work/unclosed.jsonl"
check "the last row after them all is created" grep -q '"row":7,"ok":true,.*"description":"last \\"one\\""' \
  "$work/unclosed.jsonl"

# Keys are scoped to a run: two files that share a row do not share its key, so the second file gets a
# link of its own, not the first file's back from the vendor's replay window.
printf 'amount,currency,description\n8.00,EUR,shared row\n' > "$work/a.csv"
printf 'amount,currency,description\n8.00,EUR,shared row\n8.50,EUR,only in b\n' > "$work/b.csv"
before=$(links qonto)
"$P" batch create --provider qonto --file "$work/a.csv" --base-url "$BASE" > "$work/a.jsonl" 2>/dev/null
"$P" batch create --provider qonto --file "$work/b.csv" --base-url "$BASE" > "$work/b.jsonl" 2>/dev/null
check "every result line carries the run id" test "$(grep -c '"run_id":"[0-9a-f]\{32\}"}$' "$work/b.jsonl")" -eq 2
check "two runs have different run ids" \
  test -n "$(run_id_of "$work/a.jsonl")" -a "$(run_id_of "$work/a.jsonl")" != "$(run_id_of "$work/b.jsonl")"
check "a shared row gets its own link in each file" \
  test -n "$(link_id_of_row "$work/a.jsonl" 1)" -a "$(link_id_of_row "$work/a.jsonl" 1)" != "$(link_id_of_row "$work/b.jsonl" 1)"
check "three links for three rows" test "$(links qonto)" -eq $((before + 3))
cat "$work/a.jsonl" "$work/b.jsonl" > "$work/mixed.jsonl"
"$P" batch create --provider qonto --file "$work/b.csv" --base-url "$BASE" --resume "$work/mixed.jsonl" \
  > /dev/null 2> "$work/mixed.err"
check "--resume refuses results of two runs: exit 2" test $? -eq 2
check "--resume names the mixed runs" grep -q 'belongs to run' "$work/mixed.err"

# --resume reuses the run id, so a row sent again keeps its key: a row whose create happened but whose
# answer was unreadable is replayed by the keyed vendor, not created twice.
printf 'amount,currency,description\n9.10,EUR,resume one\n9.20,EUR,resume two\n' > "$work/resume.csv"
fault '{"route":"POST /v2/payment_links","kind":"malformed","count":1}'
before=$(links qonto)
"$P" batch create --provider qonto --file "$work/resume.csv" --base-url "$BASE" --concurrency 1 \
  > "$work/rs1.jsonl" 2>/dev/null
check "an unreadable answer fails its row: exit 4" test $? -eq 4
check "the unreadable answer's row is reported" grep -q '"row":1,"ok":false,"error":{"code":"invalid_response"' \
  "$work/rs1.jsonl"
check "both rows were created at the vendor" test "$(links qonto)" -eq $((before + 2))
sent=$(requests "POST /v2/payment_links")
"$P" batch create --provider qonto --file "$work/resume.csv" --base-url "$BASE" --resume "$work/rs1.jsonl" \
  > "$work/rs2.jsonl" 2>/dev/null
check "--resume after an unreadable answer: exit 0" test $? -eq 0
check "--resume keeps the run id of its file" \
  test -n "$(run_id_of "$work/rs1.jsonl")" -a "$(run_id_of "$work/rs2.jsonl")" = "$(run_id_of "$work/rs1.jsonl")"
check "--resume sends the failed row again" test "$(requests "POST /v2/payment_links")" -eq $((sent + 1))
check "--resume: the vendor replays the row's key, no second link" test "$(links qonto)" -eq $((before + 2))
check "--resume: the row succeeds with the link made the first time" \
  grep -q '"row":1,"ok":true,.*"description":"resume one"' "$work/rs2.jsonl"

sed 's/,"run_id":"[0-9a-f]*"//' "$work/a.jsonl" > "$work/no-run-id.jsonl"
"$P" batch create --provider qonto --file "$work/a.csv" --base-url "$BASE" --resume "$work/no-run-id.jsonl" \
  > "$work/no-run-id-resumed.jsonl" 2> "$work/no-run-id.err"
check "--resume of results without a run_id: accepted (exit 0)" test $? -eq 0
check "--resume of results without a run_id says it is a new run" grep -q 'names no run_id, so this is a new run' \
  "$work/no-run-id.err"

for secret in "$PAYLINK_QONTO_TOKEN" "$PAYLINK_ONOFFICE_SECRET" "$PAYLINK_MULTISAFEPAY_API_KEY"; do
  check "no credential in any output" bash -c "! grep -rqF -- '$secret' '$work'/*.jsonl '$work'/*.err"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
