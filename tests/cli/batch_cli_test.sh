#!/usr/bin/env bash
# `paylink batch create` against a sandbox this script starts: results per row, failure isolation,
# exit codes, --resume without double creation, unknown outcomes never resent, keys scoped to a run, and
# CSV files as spreadsheets save them (byte-order mark, ';', --delimiter, decimal commas, malformed rows).
# Usage: batch_cli_test.sh PAYLINK PAYLINK_SANDBOX
set -uo pipefail
P=$1 SANDBOX=$2
# shellcheck source-path=SCRIPTDIR source=cli_harness.sh
source "$(dirname "$0")/cli_harness.sh"

export PAYLINK_QONTO_TOKEN=batch-test-qonto PAYLINK_MULTISAFEPAY_API_KEY=batch-test-msp
export PAYLINK_ONOFFICE_TOKEN=batch0test0token0000000000000000
export PAYLINK_ONOFFICE_SECRET=batch0test0secret0000000000000000000000000000000000000000000000
start_sandbox BASE

{ echo "amount,currency,description,reference,payment_methods"
  for i in $(seq 1 40); do echo "$i.25,EUR,\"Invoice $i, \"\"March\"\"\",inv-$i,credit_card"; done
  echo "1.2.3,EUR,bad amount,inv-bad,"; } > "$WORK/qonto.csv"

"$P" batch create --provider qonto --file "$WORK/qonto.csv" --base-url "$BASE" --concurrency 8 \
  > "$WORK/r1.jsonl" 2> "$WORK/r1.err"
code=$?
check "a bad row fails alone: exit 2" test "$code" -eq 2
check "one result line per row" test "$(wc -l < "$WORK/r1.jsonl")" -eq 41
check "40 rows succeeded" test "$(grep -c '"ok":true' "$WORK/r1.jsonl")" -eq 40
check "the bad row names its row and field" grep -q '"row":41,"ok":false,"error":{"code":"validation"' "$WORK/r1.jsonl"
check "quotes in a CSV field survive" grep -q 'Invoice 7, \\"March\\"' "$WORK/r1.jsonl"
check "40 links at the vendor" test "$(links qonto)" -eq 40
check "summary on stderr" grep -q '41 rows: 40 succeeded, 1 failed' "$WORK/r1.err"

"$P" batch create --provider qonto --file "$WORK/qonto.csv" --base-url "$BASE" --resume "$WORK/r1.jsonl" \
  > "$WORK/r2.jsonl" 2>/dev/null
check "--resume writes one line per row" test "$(wc -l < "$WORK/r2.jsonl")" -eq 41
check "--resume carries the earlier successes over" test "$(grep -c '"ok":true' "$WORK/r2.jsonl")" -eq 40
check "--resume retries only the failed row" grep -q '"row":41,"ok":false' "$WORK/r2.jsonl"
check "--resume creates nothing twice" test "$(links qonto)" -eq 40
before=$(requests "POST /v2/payment_links")
"$P" batch create --provider qonto --file "$WORK/qonto.csv" --base-url "$BASE" --resume "$WORK/r2.jsonl" \
  > "$WORK/r3.jsonl" 2>/dev/null
check "a resumed run's output resumes again: nothing sent for done rows" \
  test "$(requests "POST /v2/payment_links")" = "$before"

# Keys are scoped to a run: the same file run again without --resume is a new run (docs/batch.md).
"$P" batch create --provider qonto --file "$WORK/qonto.csv" --base-url "$BASE" > "$WORK/r4.jsonl" 2>/dev/null
check "a plain re-run is a new run: new keys, every good row created again" test "$(links qonto)" -eq 80

head -11 "$WORK/qonto.csv" > "$WORK/good.csv"
"$P" batch create --provider qonto --file "$WORK/good.csv" --base-url "$BASE" > /dev/null 2>&1
check "every row succeeded: exit 0" test $? -eq 0

printf 'amount,currency,colour\n1.00,EUR,red\n' > "$WORK/unknown.csv"
before=$(requests "POST /v2/payment_links")
"$P" batch create --provider qonto --file "$WORK/unknown.csv" --base-url "$BASE" > /dev/null 2> "$WORK/unknown.err"
code=$?
check "unknown column: exit 2" test "$code" -eq 2
check "unknown column is named" grep -q 'unknown column "colour"' "$WORK/unknown.err"
check "unknown column: nothing sent" test "$(requests "POST /v2/payment_links")" = "$before"

"$P" batch create --provider qonto --file "$WORK/good.csv" --concurrency 999 --base-url "$BASE" > /dev/null 2>&1
check "bad --concurrency: exit 2" test $? -eq 2

# onOffice: a dropped create is an unknown outcome (exit 5) and is never sent again on --resume.
printf 'amount,currency,description,transaction_id\n10.00,EUR,first,1100135697\n20.00,EUR,second,1100135698\n' \
  > "$WORK/onoffice.csv"
fault '{"route":"POST /api/stable/api.php","kind":"drop","count":1}'
"$P" batch create --provider onoffice --file "$WORK/onoffice.csv" --base-url "$BASE/api/stable/api.php" \
  --concurrency 1 > "$WORK/o1.jsonl" 2>/dev/null
code=$?
check "dropped onOffice create: exit 5" test "$code" -eq 5
check "the dropped row is reported ambiguous" grep -q '"code":"ambiguous"' "$WORK/o1.jsonl"
sent=$(requests "POST /api/stable/api.php")
check "the sandbox counted the onOffice creates" test -n "$sent"
"$P" batch create --provider onoffice --file "$WORK/onoffice.csv" --base-url "$BASE/api/stable/api.php" \
  --resume "$WORK/o1.jsonl" > "$WORK/o2.jsonl" 2>/dev/null
code=$?
check "--resume never resends an unknown onOffice create" test "$(requests "POST /api/stable/api.php")" = "$sent"
check "--resume still reports it unknown: exit 5" test "$code" -eq 5
"$P" batch create --provider onoffice --file "$WORK/onoffice.csv" --base-url "$BASE/api/stable/api.php" \
  --resume "$WORK/o2.jsonl" > /dev/null 2>&1
check "a second --resume creates neither row again" test "$(requests "POST /api/stable/api.php")" = "$sent"

# MultiSafepay: a dropped create is asked for by order_id on --resume instead of being created again.
printf 'amount,currency,description,reference\n12.50,EUR,order,batch-order-1\n' > "$WORK/msp.csv"
fault '{"route":"POST /v1/json/orders","kind":"drop","count":1}'
"$P" batch create --provider multisafepay --file "$WORK/msp.csv" --base-url "$BASE/v1/json/" > "$WORK/m1.jsonl" 2>/dev/null
check "dropped MultiSafepay create: exit 5" test $? -eq 5
"$P" batch create --provider multisafepay --file "$WORK/msp.csv" --base-url "$BASE/v1/json/" \
  --resume "$WORK/m1.jsonl" > "$WORK/m2.jsonl" 2>/dev/null
code=$?
check "--resume finds the order by its order_id: exit 0" test "$code" -eq 0
check "--resume reports the found order" grep -q '"id":"batch-order-1"' "$WORK/m2.jsonl"
check "the order was created once" test "$(requests "POST /v1/json/orders")" = "1"

# === CSV files as spreadsheets save them =============================================================
run_id_of() { grep -o '"run_id":"[0-9a-f]*"' "$1" | sort -u; }
link_id_of_row() { grep -o "\"row\":$2,\"ok\":true,\"link\":{\"provider\":\"qonto\",\"id\":\"[^\"]*\"" "$1" | cut -d'"' -f14; }

# Excel's "CSV UTF-8" starts with a byte-order mark (and ends lines with CRLF).
printf '\xef\xbb\xbfamount,currency,description,reference\r\n3.10,EUR,bom one,bom-1\r\n3.20,EUR,bom two,bom-2\r\n' \
  > "$WORK/bom.csv"
before=$(links qonto)
"$P" batch create --provider qonto --file "$WORK/bom.csv" --base-url "$BASE" > "$WORK/bom.jsonl" 2> "$WORK/bom.err"
check "BOM file (Excel CSV UTF-8): exit 0" test $? -eq 0
check "BOM file: both rows created" test "$(links qonto)" -eq $((before + 2))
check "BOM file: its first column is the amount" grep -q '"row":1,"ok":true,.*"amount":{"value":"3.10"' "$WORK/bom.jsonl"

# German, French and Dutch Excel separate fields with ';'.
printf 'amount;currency;description;reference\n4.10;EUR;"Rechnung 1; M\xc3\xa4rz";semi-1\n4.20;EUR;Rechnung 2, April;semi-2\n' \
  > "$WORK/semicolon.csv"
before=$(links qonto)
"$P" batch create --provider qonto --file "$WORK/semicolon.csv" --base-url "$BASE" > "$WORK/semicolon.jsonl" \
  2> "$WORK/semicolon.err"
check "';' file: exit 0" test $? -eq 0
check "';' file: both rows created" test "$(links qonto)" -eq $((before + 2))
check "';' file: a quoted ';' stays in its field" grep -q '"description":"Rechnung 1; März"' "$WORK/semicolon.jsonl"
check "';' file: a ',' is plain text" grep -q '"description":"Rechnung 2, April"' "$WORK/semicolon.jsonl"

# --delimiter overrides the detection: a '|' file (its header has neither ',' nor ';').
printf 'amount|currency|description\n4.50|EUR|pipe, one; two\n' > "$WORK/pipe.csv"
before=$(links qonto)
"$P" batch create --provider qonto --file "$WORK/pipe.csv" --base-url "$BASE" > /dev/null 2> "$WORK/pipe-detected.err"
check "'|' file without --delimiter: refused (exit 2)" test $? -eq 2
check "'|' file without --delimiter: the error names the delimiter used" \
  grep -q 'unknown column "amount|currency|description" for qonto (fields separated by ",")' "$WORK/pipe-detected.err"
"$P" batch create --provider qonto --file "$WORK/pipe.csv" --base-url "$BASE" --delimiter '|' > "$WORK/pipe.jsonl" \
  2> "$WORK/pipe.err"
check "--delimiter '|': exit 0" test $? -eq 0
check "--delimiter '|': the row is split at '|' only" grep -q '"description":"pipe, one; two"' "$WORK/pipe.jsonl"
check "--delimiter '|': one link created" test "$(links qonto)" -eq $((before + 1))
printf 'amount\tcurrency\tdescription\n4.60\tEUR\ttab separated\n' > "$WORK/tab.csv"
"$P" batch create --provider qonto --file "$WORK/tab.csv" --base-url "$BASE" --delimiter tab > "$WORK/tab.jsonl" \
  2> "$WORK/tab.err"
check "--delimiter tab: exit 0" test $? -eq 0
"$P" batch create --provider qonto --file "$WORK/semicolon.csv" --base-url "$BASE" --delimiter ',' > /dev/null \
  2> "$WORK/override.err"
check "--delimiter ',' is used even on a ';' header: exit 2" test $? -eq 2
check "--delimiter ',' on a ';' header: the whole header is one unknown column" \
  grep -q 'unknown column "amount;currency;description;reference"' "$WORK/override.err"
for bad in ab '"' ''; do
  "$P" batch create --provider qonto --file "$WORK/pipe.csv" --base-url "$BASE" --delimiter "$bad" > /dev/null \
    2> "$WORK/delimiter-bad.err"
  check "--delimiter '$bad' is refused: exit 2" test $? -eq 2
  check "--delimiter '$bad': the error names the flag and the rule" \
    grep -q -- '--delimiter must be one punctuation character' "$WORK/delimiter-bad.err"
done

# A decimal comma fails its row alone, naming the line, the column and the fix; nothing is guessed.
printf 'amount;currency;description\n5.10;EUR;point\n10,99;EUR;comma\n5.30;EUR;point again\n1,000;EUR;a thousand or one?\n' \
  > "$WORK/comma.csv"
before=$(links qonto)
"$P" batch create --provider qonto --file "$WORK/comma.csv" --base-url "$BASE" --concurrency 1 \
  > "$WORK/comma.jsonl" 2> "$WORK/comma.err"
check "decimal comma: exit 2" test $? -eq 2
check "decimal comma: one result line per row" test "$(wc -l < "$WORK/comma.jsonl")" -eq 4
check "decimal comma: the other rows are created" test "$(links qonto)" -eq $((before + 2))
check "decimal comma: its row fails as a validation of the amount" \
  grep -q '"row":2,"ok":false,"error":{"code":"validation".*"field":"amount"' "$WORK/comma.jsonl"
check "decimal comma: the message names the line, the column and the fix" \
  grep -q '"message":"line 3, column 1 (amount): \\"10,99\\" has a comma; an amount takes a point as its decimal separator and no thousands separator: write 10.99"' \
  "$WORK/comma.jsonl"
check "a comma that may group thousands gets no guessed fix" \
  grep -q '"row":4,"ok":false,.*"message":"line 5, column 1 (amount): \\"1,000\\" has a comma; .* (for example 1234.50)"' \
  "$WORK/comma.jsonl"

# A malformed row fails alone, and the rows after it are read afresh: an unclosed quote ends with its
# line instead of running on to the next quote in the file.
{ echo 'amount,currency,description,reference'
  echo '6.10,EUR,before,uq-1'
  echo '6.20,EUR,"never closed,uq-2'
  echo '6.30,EUR,after,uq-3'
  echo '6.40,EUR,"quoted, after",uq-4'
  echo '6.50,EUR,too,many,fields'
  printf '6.60,EUR,%s,uq-6\n' "$(head -c 70000 /dev/zero | tr '\0' x)"
  echo '6.70,EUR,"last ""one""",uq-7'; } > "$WORK/unclosed.csv"
before=$(links qonto)
"$P" batch create --provider qonto --file "$WORK/unclosed.csv" --base-url "$BASE" > "$WORK/unclosed.jsonl" \
  2> "$WORK/unclosed.err"
check "malformed rows: exit 2" test $? -eq 2
check "malformed rows: one result line per row" test "$(wc -l < "$WORK/unclosed.jsonl")" -eq 7
check "malformed rows: the 4 good rows are created" test "$(links qonto)" -eq $((before + 4))
check "unclosed quote: its row fails, naming its line and column" \
  grep -q '"row":2,"ok":false,"error":{"code":"validation",.*"message":"line 3, column 3 (description): its quoted field never closes on this line' \
  "$WORK/unclosed.jsonl"
check "unclosed quote: the next rows are read as written" \
  grep -q '"row":3,"ok":true,.*"description":"after"' "$WORK/unclosed.jsonl"
check "unclosed quote: a later quoted field is whole" \
  grep -q '"row":4,"ok":true,.*"description":"quoted, after"' "$WORK/unclosed.jsonl"
check "too many fields: its row fails alone" \
  grep -q '"row":5,"ok":false,"error":{"code":"validation",.*"message":"line 6 has 5 fields, the header names 4 columns' \
  "$WORK/unclosed.jsonl"
check "a line over 64 KiB fails alone" \
  grep -q '"row":6,"ok":false,"error":{"code":"validation",.*"message":"line 7: the line is longer than 65536 bytes' \
  "$WORK/unclosed.jsonl"
check "the last row after them all is created" grep -q '"row":7,"ok":true,.*"description":"last \\"one\\""' \
  "$WORK/unclosed.jsonl"

# Keys are scoped to a run: two files that share a row do not share its key, so the second file gets a
# link of its own, not the first file's back from the vendor's replay window.
printf 'amount,currency,description\n8.00,EUR,shared row\n' > "$WORK/a.csv"
printf 'amount,currency,description\n8.00,EUR,shared row\n8.50,EUR,only in b\n' > "$WORK/b.csv"
before=$(links qonto)
"$P" batch create --provider qonto --file "$WORK/a.csv" --base-url "$BASE" > "$WORK/a.jsonl" 2>/dev/null
"$P" batch create --provider qonto --file "$WORK/b.csv" --base-url "$BASE" > "$WORK/b.jsonl" 2>/dev/null
check "every result line carries the run id" test "$(grep -c '"run_id":"[0-9a-f]\{32\}"}$' "$WORK/b.jsonl")" -eq 2
check "two runs have different run ids" \
  test -n "$(run_id_of "$WORK/a.jsonl")" -a "$(run_id_of "$WORK/a.jsonl")" != "$(run_id_of "$WORK/b.jsonl")"
check "a shared row gets its own link in each file" \
  test -n "$(link_id_of_row "$WORK/a.jsonl" 1)" -a "$(link_id_of_row "$WORK/a.jsonl" 1)" != "$(link_id_of_row "$WORK/b.jsonl" 1)"
check "three links for three rows" test "$(links qonto)" -eq $((before + 3))
cat "$WORK/a.jsonl" "$WORK/b.jsonl" > "$WORK/mixed.jsonl"
"$P" batch create --provider qonto --file "$WORK/b.csv" --base-url "$BASE" --resume "$WORK/mixed.jsonl" \
  > /dev/null 2> "$WORK/mixed.err"
check "--resume refuses results of two runs: exit 2" test $? -eq 2
check "--resume names the mixed runs" grep -q 'belongs to run' "$WORK/mixed.err"

# --resume reuses the run id, so a row sent again keeps its key: a row whose create happened but whose
# answer was unreadable is replayed by the keyed vendor, not created twice.
printf 'amount,currency,description\n9.10,EUR,resume one\n9.20,EUR,resume two\n' > "$WORK/resume.csv"
fault '{"route":"POST /v2/payment_links","kind":"malformed","count":1}'
before=$(links qonto)
"$P" batch create --provider qonto --file "$WORK/resume.csv" --base-url "$BASE" --concurrency 1 \
  > "$WORK/rs1.jsonl" 2>/dev/null
check "an unreadable answer fails its row: exit 4" test $? -eq 4
check "the unreadable answer's row is reported" grep -q '"row":1,"ok":false,"error":{"code":"invalid_response"' \
  "$WORK/rs1.jsonl"
check "both rows were created at the vendor" test "$(links qonto)" -eq $((before + 2))
sent=$(requests "POST /v2/payment_links")
"$P" batch create --provider qonto --file "$WORK/resume.csv" --base-url "$BASE" --resume "$WORK/rs1.jsonl" \
  > "$WORK/rs2.jsonl" 2>/dev/null
check "--resume after an unreadable answer: exit 0" test $? -eq 0
check "--resume keeps the run id of its file" \
  test -n "$(run_id_of "$WORK/rs1.jsonl")" -a "$(run_id_of "$WORK/rs2.jsonl")" = "$(run_id_of "$WORK/rs1.jsonl")"
check "--resume sends the failed row again" test "$(requests "POST /v2/payment_links")" -eq $((sent + 1))
check "--resume: the vendor replays the row's key, no second link" test "$(links qonto)" -eq $((before + 2))
check "--resume: the row succeeds with the link made the first time" \
  grep -q '"row":1,"ok":true,.*"description":"resume one"' "$WORK/rs2.jsonl"

sed 's/,"run_id":"[0-9a-f]*"//' "$WORK/a.jsonl" > "$WORK/no-run-id.jsonl"
"$P" batch create --provider qonto --file "$WORK/a.csv" --base-url "$BASE" --resume "$WORK/no-run-id.jsonl" \
  > "$WORK/no-run-id-resumed.jsonl" 2> "$WORK/no-run-id.err"
check "--resume of results without a run_id: accepted (exit 0)" test $? -eq 0
check "--resume of results without a run_id says it is a new run" grep -q 'names no run_id, so this is a new run' \
  "$WORK/no-run-id.err"

for secret in "$PAYLINK_QONTO_TOKEN" "$PAYLINK_ONOFFICE_SECRET" "$PAYLINK_MULTISAFEPAY_API_KEY"; do
  check "no credential in any output" bash -c "! grep -rqF -- '$secret' '$WORK'/*.jsonl '$WORK'/*.err"
done

finish
