#!/usr/bin/env bash
# shellcheck disable=SC2034  # SANDBOX is read by cli_harness.sh
# Tests of the paylink commands and flags that cover the rest of the SDK, against a real paylink-sandbox
# through the real libcurl transport: update, payments, payment-methods, reconcile, create
# --idempotency-key, and --verbose and --dry-run on every command, with canary credentials that must
# never appear in any output while their masked forms do.
#
#   ops_cli_test.sh /path/to/paylink /path/to/paylink-sandbox
#
# The harness (canaries, sandbox, run/expect_*) is the one of cli_test.sh.
set -u

PAYLINK=${1:?usage: ops_cli_test.sh PAYLINK PAYLINK_SANDBOX}
SANDBOX=${2:?usage: ops_cli_test.sh PAYLINK PAYLINK_SANDBOX}
# shellcheck source-path=SCRIPTDIR source=cli_harness.sh
source "$(dirname "$0")/cli_harness.sh"
start_canary_session
json_field() {  # json_field KEY: the first "KEY":"value" of stdout
  grep -o "\"$1\":\"[^\"]*\"" <<<"$OUT" | head -n 1 | sed "s/^\"$1\":\"//; s/\"\$//"
}

P="$PAYLINK"
VERSION=$("$P" --version | awk '{print $2}')
nothing_sent_since() {  # nothing_sent_since LOG: the sandbox saw no request since LOG was taken
  [[ "$(request_log)" == "$1" ]] || fail_current "the sandbox saw a request"
}

# === --help of the new commands and flags =============================================================
for cmd in update payments payment-methods reconcile; do
  run "help: paylink $cmd --help" 0 -- "$P" "$cmd" --help
  expect_out "^paylink $cmd - " ; expect_out "^Usage:" ; expect_out "Exit codes:" ; expect_out "--dry-run"
  expect_out "--verbose" ; expect_no_err
  run "help: paylink help $cmd" 0 -- "$P" help "$cmd"
  expect_out "^paylink $cmd - "
done
run "help: the overview lists the new commands and the global flags" 0 -- "$P" --help
expect_out "paylink update --provider smarterpay ID --set metadata_KEY=VALUE"
expect_out "paylink payments --provider qonto LINK_ID \[--status S\]"
expect_out "paylink payment-methods --provider qonto"
expect_out "paylink reconcile --provider P --reconcile-key KEY"
expect_out "^  --verbose " ; expect_out "^  --dry-run "
run "help: create --help documents --idempotency-key and its limit" 0 -- "$P" create --help
expect_out "--idempotency-key KEY" ; expect_out "1 to 255 visible ASCII"
for cmd in get list expire; do
  run "help: $cmd --help documents --verbose and --dry-run" 0 -- "$P" "$cmd" --help
  expect_out "^  --verbose " ; expect_out "^  --dry-run "
done

# === Exit 2: bad usage and invalid input; nothing is sent =============================================
BEFORE=$(request_log)
LONG_KEY=$(printf 'k%.0s' $(seq 1 256))
run "idempotency key: longer than 255" 2 -- "$P" create --provider qonto --amount 1 --currency EUR \
  --description x --idempotency-key "$LONG_KEY" --base-url "$QONTO"
expect_error_line "--idempotency-key must be 1 to 255 visible ASCII characters \(no spaces\); got 256 characters"
run "idempotency key: empty" 2 -- "$P" create --provider qonto --amount 1 --currency EUR --description x \
  --idempotency-key "" --base-url "$QONTO"
expect_error_line "--idempotency-key must be 1 to 255 .*got 0 characters"
run "idempotency key: a space" 2 -- "$P" create --provider smarterpay --amount 1 --currency GBP \
  --set ecommerce_page=EP0001 --idempotency-key "a b" --base-url "$SMP"
expect_error_line "--idempotency-key must be .*with a space or a non-ASCII one"
run "idempotency key: onoffice takes none" 2 -- "$P" create --provider onoffice --amount 1 --currency EUR \
  --description x --set transaction_id=1 --idempotency-key k-1 --base-url "$ONOFFICE"
expect_error_line "onoffice takes no idempotency key"
run "idempotency key: MultiSafepay's order_id limit (SDK, before sending)" 2 -- "$P" create --provider multisafepay \
  --amount 1 --currency EUR --description x --idempotency-key "$(printf 'm%.0s' $(seq 1 60))" --base-url "$MSP"
expect_error_line "idempotency_key.*50.*nothing was sent"
run "update: no --set" 2 -- "$P" update --provider smarterpay PL1 --base-url "$SMP"
expect_error_line "update needs at least one --set metadata_KEY=VALUE"
run "update: not a metadata key" 2 -- "$P" update --provider smarterpay PL1 --set status=expired --base-url "$SMP"
expect_error_line "--set status: update changes metadata only"
run "update: unknown metadata key (SDK, before sending)" 2 -- "$P" update --provider smarterpay PL1 \
  --set metadata_colour=red --base-url "$SMP"
expect_error_line "metadata_colour.*not a SmarterPay metadata field.*nothing was sent"
run "update: without ID" 2 -- "$P" update --provider smarterpay --set metadata=x --base-url "$SMP"
expect_error_line "update needs the link's ID"
run "update: qonto cannot" 2 -- "$P" update --provider qonto some-id --set metadata=x --base-url "$QONTO"
expect_error_line "qonto does not support update; nothing was sent"
run "payments: without LINK_ID" 2 -- "$P" payments --provider qonto --base-url "$QONTO"
expect_error_line "payments needs the link's ID"
run "payments: status word" 2 -- "$P" payments --provider qonto some-id --status authorized --base-url "$QONTO"
expect_error_line "--status \"authorized\" is not a payment status; use open, pending, paid, expired or canceled"
run "payments: --limit" 2 -- "$P" payments --provider qonto some-id --limit x --base-url "$QONTO"
expect_error_line "--limit \"x\" must be a whole number"
run "payments: smarterpay has none" 2 -- "$P" payments --provider smarterpay PL1 --base-url "$SMP"
expect_error_line "smarterpay does not support payments; nothing was sent"
run "payment-methods: multisafepay has none" 2 -- "$P" payment-methods --provider multisafepay --base-url "$MSP"
expect_error_line "multisafepay does not support payment-methods; nothing was sent"
run "payment-methods: takes no ID" 2 -- "$P" payment-methods --provider qonto x --base-url "$QONTO"
expect_error_line "unexpected argument \"x\""
run "reconcile: needs --reconcile-key" 2 -- "$P" reconcile --provider multisafepay --amount 1 --currency EUR \
  --description x --base-url "$MSP"
expect_error_line "reconcile needs --reconcile-key"
run "reconcile: takes no --idempotency-key" 2 -- "$P" reconcile --provider qonto --reconcile-key k \
  --idempotency-key k --base-url "$QONTO"
expect_error_line "reconcile has no option --idempotency-key"
run "reconcile: onoffice cannot be asked" 2 -- "$P" reconcile --provider onoffice --reconcile-key k --amount 1 \
  --currency EUR --description x --set transaction_id=1 --base-url "$ONOFFICE"
expect_error_line "onoffice does not support reconcile; nothing was sent"
run "reconcile: the create flags are checked as create checks them" 2 -- "$P" reconcile --provider qonto \
  --reconcile-key k --amount 10.999 --currency EUR --base-url "$QONTO"
expect_error_line "--amount: .*has 3 decimals"
run "dry-run: invalid input is still exit 2" 2 -- "$P" create --provider qonto --amount 1e3 --currency EUR \
  --dry-run --base-url "$QONTO"
expect_error_line "not a plain decimal" ; expect_no_out
run "global flags take no value" 2 -- "$P" get --provider qonto x --verbose=yes --base-url "$QONTO"
expect_error_line "--verbose takes no value"
run "exit 2 sent nothing to the sandbox" 0 -- true
nothing_sent_since "$BEFORE"

# === --idempotency-key on create ======================================================================
run "idempotency key: qonto create" 0 -- "$P" create --provider qonto --amount 12 --currency EUR \
  --description "Keyed" --idempotency-key order-2026-001 --base-url "$QONTO" --json
KEYED_ID=$(json_field id)
[[ -n "$KEYED_ID" ]] || fail_current "no id"
run "idempotency key: the same key again answers the first link, no second one" 0 -- "$P" create \
  --provider qonto --amount 12 --currency EUR --description "Keyed" --idempotency-key order-2026-001 \
  --base-url "$QONTO" --json
expect_out "\"id\":\"$KEYED_ID\""
run "idempotency key: qonto holds one Keyed link" 0 -- "$P" list --provider qonto --all --base-url "$QONTO" --json
[[ $(grep -c '"description":"Keyed"' <<<"$OUT") -eq 1 ]] || fail_current "not exactly one link"
run "idempotency key: smarterpay create" 0 -- "$P" create --provider smarterpay --amount 2 --currency GBP \
  --set ecommerce_page=EP0001 --idempotency-key smp-key-1 --base-url "$SMP" --json
SMP_KEYED=$(json_field id)
run "idempotency key: smarterpay replays it" 0 -- "$P" create --provider smarterpay --amount 2 --currency GBP \
  --set ecommerce_page=EP0001 --idempotency-key smp-key-1 --base-url "$SMP" --json
expect_out "\"id\":\"$SMP_KEYED\""
run "idempotency key: multisafepay uses it as the order_id" 0 -- "$P" create --provider multisafepay --amount 3 \
  --currency EUR --description "Keyed order" --idempotency-key msp-key-1 --base-url "$MSP"
expect_out "^multisafepay +msp-key-1 +open +3.00 EUR"
run "idempotency key: the order is there under that order_id" 0 -- "$P" get --provider multisafepay msp-key-1 \
  --base-url "$MSP"
expect_out "^multisafepay +msp-key-1 +open +3.00 EUR"

# === update (SmarterPay) ===============================================================================
run "update: a smarterpay link to change" 0 -- "$P" create --provider smarterpay --amount 9 --currency GBP \
  --description "Metadata" --set ecommerce_page=EP0001 --base-url "$SMP" --json
UPD_ID=$(json_field id)
run "update: sets metadata strings, prints the link" 0 -- "$P" update --provider smarterpay "$UPD_ID" \
  --set metadata_card="card 4" --set metadata=flat-3b --base-url "$SMP"
expect_out "^smarterpay +$UPD_ID +open +9.00 GBP" ; expect_lines 1 ; expect_no_err
run "update: the vendor keeps them (seen in get --verbose's response body)" 0 -- "$P" get --provider smarterpay \
  "$UPD_ID" --base-url "$SMP" --verbose
expect_err '"metadata_card":"card 4"' ; expect_err '"metadata":"flat-3b"'
run "update: --json" 0 -- "$P" update --provider smarterpay "$UPD_ID" --set metadata_mandate=m-1 --base-url "$SMP" \
  --json
expect_json_link ; expect_out "\"id\":\"$UPD_ID\""
run "update: unknown link" 3 -- "$P" update --provider smarterpay PL00000000000000000000 --set metadata=x \
  --base-url "$SMP"
expect_error_line "smarterpay refused the update: not_found"

# === payments and payment-methods (Qonto) ==============================================================
run "payments: a qonto link to pay" 0 -- "$P" create --provider qonto --amount 21.50 --currency EUR \
  --description "Paid" --base-url "$QONTO" --json
PAY_ID=$(json_field id)
PAY_URL=$(json_field url)
run "payments: none yet" 0 -- "$P" payments --provider qonto "$PAY_ID" --base-url "$QONTO"
expect_out "^no payments$"
curl -s -o /dev/null -X POST "$PAY_URL/pay"  # the sandbox's payment page: one card payment
run "payments: one line per payment" 0 -- "$P" payments --provider qonto "$PAY_ID" --base-url "$QONTO"
expect_lines 1 ; expect_out "^[0-9a-f-]{36} +paid +21.50 EUR +credit_card +[0-9]{4}-[0-9]{2}-[0-9]{2}T" ; expect_no_err
run "payments: --json" 0 -- "$P" payments --provider qonto "$PAY_ID" --base-url "$QONTO" --json
expect_lines 1 ; expect_out '^\{"amount":\{"currency":"EUR","value":"21.50"\},.*"payment_method":"credit_card"'
expect_out '"status":"paid"' ; expect_out '"paid_at":"[0-9]{4}-'
run "payments: --status paid" 0 -- "$P" payments --provider qonto "$PAY_ID" --status paid --base-url "$QONTO"
expect_lines 1
run "payments: --status open: none" 0 -- "$P" payments --provider qonto "$PAY_ID" --status open --base-url "$QONTO"
expect_out "^no payments$"
# The sandbox's page takes one payment per link, so a second page cannot be made here; what is checked is
# that --limit reaches the vendor and that --all ends on the last page.
run "payments: --limit is the vendor's page size" 0 -- "$P" payments --provider qonto "$PAY_ID" --limit 1 \
  --base-url "$QONTO" --verbose
expect_lines 1 ; expect_err "request qonto list_payments GET /v2/payment_links/$PAY_ID/payments\?.*per_page=1"
run "payments: --limit 1 --all ends on the last page" 0 -- "$P" payments --provider qonto "$PAY_ID" --limit 1 --all \
  --base-url "$QONTO" --json
expect_lines 1
run "payments: unknown link" 3 -- "$P" payments --provider qonto 00000000-0000-4000-8000-000000000000 \
  --base-url "$QONTO"
expect_error_line "qonto refused the payments: not_found"
run "payment-methods: one line each" 0 -- "$P" payment-methods --provider qonto --base-url "$QONTO"
expect_out "^credit_card +enabled$" ; expect_out "^apple_pay +(enabled|disabled)$" ; expect_no_err
run "payment-methods: --json" 0 -- "$P" payment-methods --provider qonto --base-url "$QONTO" --json
expect_out '^\{"enabled":(true|false),"name":"credit_card"\}$'

# === reconcile ==========================================================================================
fault '{"route":"POST /v1/json/orders","kind":"drop","count":1}'
run "reconcile: a multisafepay create lost its answer" 5 -- "$P" create --provider multisafepay --amount 6.60 \
  --currency EUR --description "Lost" --base-url "$MSP"
expect_error_line "or: paylink reconcile --provider multisafepay --reconcile-key [^ ]+ with the same create flags"
MSP_KEY=$(grep -o -- '--reconcile-key [^ ]*' <<<"$ERR" | awk '{print $2}')
run "reconcile: multisafepay finds the order" 0 -- "$P" reconcile --provider multisafepay --reconcile-key "$MSP_KEY" \
  --amount 6.60 --currency EUR --description "Lost" --base-url "$MSP"
expect_out "^multisafepay +$MSP_KEY +open +6.60 EUR"
run "reconcile: multisafepay, another amount under that order_id" 3 -- "$P" reconcile --provider multisafepay \
  --reconcile-key "$MSP_KEY" --amount 7 --currency EUR --description "Lost" --base-url "$MSP"
expect_error_line "multisafepay refused the reconcile: conflict"
run "reconcile: multisafepay, the create did not happen" 3 -- "$P" reconcile --provider multisafepay \
  --reconcile-key never-made-1 --amount 1 --currency EUR --description x --base-url "$MSP"
expect_error_line "multisafepay has no link for reconcile key never-made-1: the create did not happen"
fault '{"route":"POST /v2/payment_links","kind":"drop","count":10}'
run "reconcile: a qonto create whose every attempt was dropped" 5 -- "$P" create --provider qonto --amount 4.40 \
  --currency EUR --description "Lost keyed" --base-url "$QONTO"
expect_error_line "check before creating it again with: paylink list --provider qonto --base-url $QONTO, or: paylink reconcile --provider qonto --reconcile-key [^ ]+ with the same create flags"
QONTO_KEY=$(grep -o -- '--reconcile-key [^ ]*' <<<"$ERR" | awk '{print $2}')
curl -s -o /dev/null -X DELETE "$BASE/__sandbox/faults"
run "reconcile: qonto replays the key and answers the link" 0 -- "$P" reconcile --provider qonto \
  --reconcile-key "$QONTO_KEY" --amount 4.40 --currency EUR --description "Lost keyed" --base-url "$QONTO" --json
expect_json_link ; expect_out '"description":"Lost keyed"'
LOST_QONTO=$(json_field id)
run "reconcile: again, the same link" 0 -- "$P" reconcile --provider qonto --reconcile-key "$QONTO_KEY" \
  --amount 4.40 --currency EUR --description "Lost keyed" --base-url "$QONTO" --json
expect_out "\"id\":\"$LOST_QONTO\""
run "reconcile: qonto holds exactly one such link" 0 -- "$P" list --provider qonto --all --base-url "$QONTO" --json
[[ $(grep -c '"description":"Lost keyed"' <<<"$OUT") -eq 1 ]] || fail_current "not exactly one link"
run "reconcile: smarterpay, a key never used makes the link once" 0 -- "$P" reconcile --provider smarterpay \
  --reconcile-key smp-never-sent --amount 5 --currency GBP --set ecommerce_page=EP0001 --base-url "$SMP" --json
SMP_RECONCILED=$(json_field id)
run "reconcile: smarterpay, the same key answers that link" 0 -- "$P" reconcile --provider smarterpay \
  --reconcile-key smp-never-sent --amount 5 --currency GBP --set ecommerce_page=EP0001 --base-url "$SMP" --json
expect_out "\"id\":\"$SMP_RECONCILED\""

# === --verbose ==========================================================================================
run "verbose: qonto get logs the request and response with attempt and timing" 0 -- "$P" get --provider qonto \
  "$KEYED_ID" --base-url "$QONTO" --verbose
expect_out "^qonto +$KEYED_ID"
expect_err "^paylink: request qonto get GET /v2/payment_links/$KEYED_ID attempt=1 headers=\"[^\"]*Authorization: REDACTED"
expect_err "^paylink: response qonto get GET /v2/payment_links/$KEYED_ID attempt=1 duration_ms=[0-9]+ status=200 response_body="
run "verbose: qonto login + secret key is redacted" 0 -- env -u PAYLINK_QONTO_TOKEN "$P" list --provider qonto \
  --limit 1 --base-url "$QONTO" --verbose
expect_err "Authorization: REDACTED"
run "verbose: onoffice create masks token and hmac in the body" 0 -- "$P" create --provider onoffice --amount 3 \
  --currency EUR --description "Verbose" --set transaction_id=1100135701 --base-url "$ONOFFICE" --verbose
expect_err '"hmac":"\*\*\*"' ; expect_err '"token":"\*\*\*"' ; expect_err "^paylink: response onoffice create .*status=200"
run "verbose: multisafepay's api_key header is redacted" 0 -- "$P" get --provider multisafepay "$MSP_KEY" \
  --base-url "$MSP" --verbose
expect_err "api_key: REDACTED"
fault '{"route":"GET /service.svc/paymentlink","kind":"status","status":503,"count":1}'
run "verbose: a retry shows both attempts" 0 -- "$P" get --provider smarterpay "$UPD_ID" --base-url "$SMP" --verbose
expect_err "^paylink: retry smarterpay get .*attempt=1 .*status=503 .*retry_in_ms=[0-9]+"
expect_err "^paylink: request smarterpay get .*attempt=2"
expect_err "^paylink: response smarterpay get .*attempt=2 .*status=200"
curl -s -o /dev/null -X DELETE "$BASE/__sandbox/faults"
run "verbose: a refusal logs the failure" 3 -- env PAYLINK_SMARTERPAY_TOKEN="$WRONG_KEY" "$P" get \
  --provider smarterpay "$UPD_ID" --base-url "$SMP" --verbose
expect_err "^paylink: failure smarterpay get .*status=401" ; expect_err "^paylink: smarterpay refused the get: auth"
run "verbose: payments and payment-methods log too" 0 -- "$P" payments --provider qonto "$PAY_ID" \
  --base-url "$QONTO" --verbose
expect_err "^paylink: request qonto list_payments GET /v2/payment_links/$PAY_ID/payments"
run "verbose: batch create" 0 -- bash -c 'printf "amount,currency,description\n1.00,EUR,Batch verbose\n" >"$1/v.csv"; "$0" batch create --provider qonto --file "$1/v.csv" --base-url "$2" --verbose' "$P" "$WORK" "$QONTO"
expect_err "^paylink: request qonto create POST /v2/payment_links attempt=1" ; expect_out '"ok":true'

# === --dry-run ===========================================================================================
BEFORE=$(request_log)
run "dry-run: qonto create prints the request and sends nothing" 0 -- "$P" create --provider qonto --amount 13.30 \
  --currency EUR --description "Dry" --idempotency-key dry-key-1 --base-url "$QONTO" --dry-run
expect_out "^POST $QONTO/v2/payment_links$" ; expect_out "^Authorization: REDACTED$"
expect_out "^Content-Type: application/json$" ; expect_out "^X-Qonto-Idempotency-Key: dry-key-1$"
expect_out "^User-Agent: paylink/$VERSION \([a-z]+ [^;]+; libcurl/[0-9.]+( [^)]+)?\) cli$"
expect_out '"title":"Dry"' ; expect_out '"value":"13.30"'
expect_error_line "^paylink: --dry-run: nothing was sent$"
run "dry-run: qonto login:secret-key credentials" 0 -- env -u PAYLINK_QONTO_TOKEN "$P" payment-methods \
  --provider qonto --base-url "$QONTO" --dry-run
expect_out "^GET $QONTO/v2/payment_links/payment_methods$" ; expect_out "^Authorization: REDACTED$"
run "dry-run: onoffice create masks token and hmac" 0 -- "$P" create --provider onoffice --amount 3 --currency EUR \
  --description "Dry" --set transaction_id=1100135702 --base-url "$ONOFFICE" --dry-run
expect_out "^POST $ONOFFICE$" ; expect_out '"hmac":"\*\*\*"' ; expect_out '"token":"\*\*\*"'
run "dry-run: multisafepay get" 0 -- "$P" get --provider multisafepay "$MSP_KEY" --base-url "$MSP" --dry-run
expect_out "^GET ${MSP}orders/$MSP_KEY$" ; expect_out "^api_key: REDACTED$"
run "dry-run: smarterpay update" 0 -- "$P" update --provider smarterpay "$UPD_ID" --set metadata=dry \
  --base-url "$SMP" --dry-run
expect_out "^PUT ${SMP}paymentlink/$UPD_ID$" ; expect_out "^Authorization: REDACTED$" ; expect_out '"metadata":"dry"'
run "dry-run: smarterpay expire" 0 -- "$P" expire --provider smarterpay "$UPD_ID" --base-url "$SMP" --dry-run
expect_out "^PUT ${SMP}paymentlink/$UPD_ID$"
run "dry-run: smarterpay list --status (filtered by paylink) --all" 0 -- "$P" list --provider smarterpay \
  --status open --all --base-url "$SMP" --dry-run
expect_out "^GET ${SMP}paymentlinks"
run "dry-run: qonto payments" 0 -- "$P" payments --provider qonto "$PAY_ID" --status paid --base-url "$QONTO" --dry-run
expect_out "^GET $QONTO/v2/payment_links/$PAY_ID/payments\?.*status"
run "dry-run: multisafepay reconcile" 0 -- "$P" reconcile --provider multisafepay --reconcile-key "$MSP_KEY" \
  --amount 6.60 --currency EUR --description "Lost" --base-url "$MSP" --dry-run
expect_out "^GET ${MSP}orders/$MSP_KEY$"
run "dry-run: qonto staging token is redacted" 0 -- env PAYLINK_QONTO_STAGING_TOKEN=uWv3Rk9sQmZ2xT7aLpE4nBcY8dHf6J \
  "$P" get --provider qonto "$KEYED_ID" --base-url "$QONTO" --dry-run
expect_out "^X-Qonto-Staging-Token: REDACTED$"
CANARIES+=(uWv3Rk9sQmZ2xT7aLpE4nBcY8dHf6J)
run "dry-run: with --verbose the request line is logged too" 0 -- "$P" get --provider qonto "$KEYED_ID" \
  --base-url "$QONTO" --dry-run --verbose
expect_out "^GET $QONTO/v2/payment_links/$KEYED_ID$" ; expect_err "^paylink: request qonto get"
printf 'amount,currency,description\n1.00,EUR,Dry one\n1.999,EUR,Bad amount\n2.00,EUR,Dry two\n' >"$WORK/dry.csv"
run "dry-run: batch create prints each row's request, a bad row fails alone" 2 -- "$P" batch create \
  --provider qonto --file "$WORK/dry.csv" --base-url "$QONTO" --dry-run
expect_lines 3
expect_out '^\{"row":1,"ok":true,"dry_run":true,"request":\{"body":\{.*"title":"Dry one".*"headers":\[\["Authorization","REDACTED"\]'
expect_out '^\{"row":2,"ok":false,"error":\{"code":"validation"'
expect_out "^\\{\"row\":3,\"ok\":true,\"dry_run\":true,.*\"method\":\"POST\",\"url\":\"$QONTO/v2/payment_links\""
expect_err "2 succeeded, 1 failed.*--dry-run: nothing was sent"
run "dry-run: batch create with login:secret-key" 0 -- env -u PAYLINK_QONTO_TOKEN "$P" batch create \
  --provider qonto --file "$WORK/v.csv" --base-url "$QONTO" --dry-run
expect_out '"dry_run":true' ; expect_out '\["Authorization","REDACTED"\]'
run "dry-run: batch create refuses --resume" 2 -- "$P" batch create --provider qonto --file "$WORK/dry.csv" \
  --resume "$WORK/dry.csv" --base-url "$QONTO" --dry-run
expect_error_line "--dry-run cannot be combined with --resume"
run "dry-run: the sandbox saw no request" 0 -- true
nothing_sent_since "$BEFORE"

# === The credential rule =================================================================================
run "masked forms are shown" 0 -- true
grep -q "Authorization: REDACTED" "$ALL_OUTPUT" || fail_current "no REDACTED Authorization header"
grep -q '"token":"\*\*\*"' "$ALL_OUTPUT" || fail_current "no masked token"
finish_canary_session
