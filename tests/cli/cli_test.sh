#!/usr/bin/env bash
# shellcheck disable=SC2034  # SANDBOX is read by cli_harness.sh
# Tests of the `paylink` command-line tool against a real paylink-sandbox on loopback, through the real
# libcurl transport: every command, every exit code, --help of every command, webhook verification,
# and the credential rule (canary credentials never appear in any output).
#
#   cli_test.sh /path/to/paylink /path/to/paylink-sandbox
#
# Needs bash, curl and openssl. Prints "N passed, N failed" last; exits non-zero on any failure.
# CLI_TEST_VERBOSE=1 shows every command and its output.
set -u

PAYLINK=${1:?usage: cli_test.sh PAYLINK PAYLINK_SANDBOX}
SANDBOX=${2:?usage: cli_test.sh PAYLINK PAYLINK_SANDBOX}
# shellcheck source-path=SCRIPTDIR source=cli_harness.sh
source "$(dirname "$0")/cli_harness.sh"
start_canary_session
# A JSON event object per line: provider, id, status, raw_status, event_id (string or null), and
# occurred_at and amount when known.
expect_json_event() {
  if command -v python3 >/dev/null; then
    python3 -c '
import json, sys
for line in sys.stdin:
    o = json.loads(line)
    assert {"provider","id","status","raw_status","event_id"} <= set(o), o
    assert set(o) <= {"provider","id","status","raw_status","event_id","occurred_at","amount"}, o
    assert o["status"] in ("open","pending","paid","expired","canceled","unknown"), o
    assert o["event_id"] is None or isinstance(o["event_id"], str), o
' <<<"$OUT" || fail_current "stdout is not one valid event object per line"
  else
    expect_out '^\{"provider":"[a-z]+","id":'
  fi
}
json_field() {  # json_field KEY: the first "KEY":"value" of stdout
  grep -o "\"$1\":\"[^\"]*\"" <<<"$OUT" | head -n 1 | sed "s/^\"$1\":\"//; s/\"\$//"
}

P="$PAYLINK"

# === --help of every command, and the version ========================================================
run "help: paylink --help" 0 -- "$P" --help
expect_out "^Usage:" ; expect_out "paylink webhook verify" ; expect_out "Exit codes:" ; expect_no_err
run "help: paylink -h" 0 -- "$P" -h
expect_out "^Usage:"
run "help: paylink help" 0 -- "$P" help
expect_out "^Usage:"
for cmd in create get list expire; do
  run "help: paylink $cmd --help" 0 -- "$P" "$cmd" --help
  expect_out "^paylink $cmd - " ; expect_out "^Usage:" ; expect_out "Exit codes:" ; expect_no_err
  run "help: paylink help $cmd" 0 -- "$P" help "$cmd"
  expect_out "^paylink $cmd - "
done
run "help: create --help lists every vendor's --set keys" 0 -- "$P" create --help
for key in transaction_id send_mail type recurring_id recurring_model customer_reference days_active \
           notification_url ecommerce_page customer_account bank_account mandate metadata vat_rate \
           payment_methods reusable; do
  expect_out "$key="
done
run "help: paylink webhook verify --help" 0 -- "$P" webhook verify --help
expect_out "^paylink webhook verify - " ; expect_out "--body-file" ; expect_out "--tolerance"
expect_out "--signature HEADER" ; expect_out "PAYLINK_QONTO_WEBHOOK_SECRET" ; expect_out "PAYLINK_SMARTERPAY_WEBHOOK_KEY"
run "help: paylink webhook --help" 0 -- "$P" webhook --help
expect_out "^paylink webhook verify - "
run "help: paylink batch create --help" 0 -- "$P" batch create --help
expect_out "^paylink batch create - " ; expect_out "--delimiter C" ; expect_out "run id" ; expect_no_err
run "help: the overview shows batch create's --delimiter" 0 -- "$P" --help
expect_out "batch create .*--delimiter C"
run "help: --help wins over other arguments" 0 -- "$P" create --provider nowhere --amount x --help
expect_out "^paylink create - "
run "version" 0 -- "$P" --version
expect_out "^paylink [0-9]+\.[0-9]+\.[0-9]+$"

# === Exit 2: bad usage and invalid input; nothing is sent =============================================
REQUESTS_BEFORE=$(request_log)
run "usage: no command" 2 -- "$P"
expect_error_line "no command" ; expect_no_out
run "usage: unknown command" 2 -- "$P" delete --provider qonto x
expect_error_line "unknown command \"delete\""
run "usage: unknown option" 2 -- "$P" list --provider qonto --colour --base-url "$QONTO"
expect_error_line "no option --colour"
run "usage: option without its value" 2 -- "$P" get --provider
expect_error_line "--provider needs a value"
run "usage: option given twice" 2 -- "$P" get --provider qonto --provider smarterpay x
expect_error_line "--provider is given more than once"
run "usage: missing --provider" 2 -- "$P" get some-id
expect_error_line "needs --provider"
run "usage: unknown provider" 2 -- "$P" get --provider stripe some-id
expect_error_line "\"stripe\" is not a provider; use onoffice, multisafepay, smarterpay or qonto"
run "usage: get without ID" 2 -- "$P" get --provider qonto --base-url "$QONTO"
expect_error_line "needs the link's ID"
run "usage: expire with two IDs" 2 -- "$P" expire --provider qonto a b --base-url "$QONTO"
expect_error_line "unexpected argument \"b\""
run "usage: --amount without --currency" 2 -- "$P" create --provider qonto --amount 10 --base-url "$QONTO"
expect_error_line "--amount needs --currency"
run "usage: --currency without --amount" 2 -- "$P" create --provider qonto --currency EUR --base-url "$QONTO"
expect_error_line "--currency needs --amount"
run "input: more decimals than the currency has" 2 -- "$P" create --provider qonto --amount 10.999 --currency EUR \
  --description x --base-url "$QONTO"
expect_error_line "--amount: .*10.999.* has 3 decimals but EUR allows at most 2"
run "input: exponent amount" 2 -- "$P" create --provider qonto --amount 1e3 --currency EUR --description x \
  --base-url "$QONTO"
expect_error_line "--amount: .*not a plain decimal"
run "input: JPY has no decimals" 2 -- "$P" create --provider qonto --amount 100.5 --currency JPY --description x \
  --base-url "$QONTO"
expect_error_line "JPY allows at most 0"
run "input: unknown currency" 2 -- "$P" create --provider qonto --amount 10 --currency XYZ --description x \
  --base-url "$QONTO"
expect_error_line "--currency: .*XYZ"
run "input: --set key the vendor does not take" 2 -- "$P" create --provider smarterpay --amount 1 --currency GBP \
  --set transaction_id=1 --base-url "$SMP"
expect_error_line "--set transaction_id is not a smarterpay field; smarterpay takes: ecommerce_page, customer_account, bank_account, mandate, metadata"
run "input: --set without =" 2 -- "$P" create --provider qonto --set reusable --base-url "$QONTO"
expect_error_line "--set \"reusable\" is not KEY=VALUE"
run "input: --set boolean" 2 -- "$P" create --provider onoffice --amount 1 --currency EUR --description x \
  --set transaction_id=1 --set send_mail=yes --base-url "$ONOFFICE"
expect_error_line "send_mail=\"yes\": use true or false"
run "input: --set multisafepay type" 2 -- "$P" create --provider multisafepay --amount 1 --currency EUR \
  --description x --set type=checkout --base-url "$MSP"
expect_error_line "use one of paymentlink, redirect, direct"
run "input: --set recurring_model" 2 -- "$P" create --provider multisafepay --amount 1 --currency EUR \
  --description x --set recurring_model=monthly --base-url "$MSP"
expect_error_line "use one of cardOnFile, subscription, unscheduled"
run "input: --set days_active not a number" 2 -- "$P" create --provider multisafepay --amount 1 --currency EUR \
  --description x --set days_active=two --base-url "$MSP"
expect_error_line "days_active \"two\" must be a whole number"
run "input: --set days_active above MultiSafepay's 365" 2 -- "$P" create --provider multisafepay --amount 1 \
  --currency EUR --description x --set days_active=400 --base-url "$MSP"
expect_error_line "days_active \"400\" must be a whole number from 1 to 365"
run "input: MultiSafepay order_id with '/' (adapter, before sending)" 2 -- "$P" create --provider multisafepay \
  --amount 1 --currency EUR --description x --reference a/b --base-url "$MSP"
expect_error_line "reference.*nothing was sent"
run "input: --set given twice" 2 -- "$P" create --provider qonto --set reusable=true --set reusable=false \
  --base-url "$QONTO"
expect_error_line "--set reusable is given more than once"
run "input: empty payment method" 2 -- "$P" create --provider qonto --amount 1 --currency EUR --description x \
  --set payment_methods=credit_card,,paypal --base-url "$QONTO"
expect_error_line "empty entry"
run "input: --status word" 2 -- "$P" list --provider qonto --status active --base-url "$QONTO"
expect_error_line "--status \"active\" is not a status; use open, paid, expired or canceled"
run "input: --limit" 2 -- "$P" list --provider qonto --limit 0 --base-url "$QONTO"
expect_error_line "--limit \"0\" must be a whole number"
run "input: SmarterPay needs an ecommerce_page (adapter, before sending)" 2 -- "$P" create --provider smarterpay \
  --amount 27.50 --currency GBP --base-url "$SMP"
expect_error_line "ecommerce_page.*nothing was sent"
run "input: onOffice takes EUR only (adapter, before sending)" 2 -- "$P" create --provider onoffice --amount 10 \
  --currency GBP --description x --set transaction_id=1 --base-url "$ONOFFICE"
expect_error_line "nothing was sent"
run "input: plain http to a remote host is refused" 2 -- "$P" get --provider qonto some-id \
  --base-url http://example.com
expect_error_line "nothing was sent"
run "unsupported: onoffice get" 2 -- "$P" get --provider onoffice some-id --base-url "$ONOFFICE"
expect_error_line "onoffice does not support get; nothing was sent"
run "unsupported: onoffice expire" 2 -- "$P" expire --provider onoffice some-id --base-url "$ONOFFICE"
expect_error_line "onoffice does not support expire; nothing was sent"
run "unsupported: multisafepay list" 2 -- "$P" list --provider multisafepay --base-url "$MSP"
expect_error_line "multisafepay does not support list; nothing was sent"
run "unsupported: onoffice list" 2 -- "$P" list --provider onoffice --base-url "$ONOFFICE"
expect_error_line "onoffice does not support list; nothing was sent"

# Missing credentials: exit 2, the message names the variable(s), never a value.
run "credentials: qonto unset" 2 -- env -u PAYLINK_QONTO_TOKEN -u PAYLINK_QONTO_LOGIN -u PAYLINK_QONTO_SECRET_KEY \
  "$P" list --provider qonto --base-url "$QONTO"
expect_error_line "^paylink: PAYLINK_QONTO_TOKEN \(or PAYLINK_QONTO_LOGIN \+ PAYLINK_QONTO_SECRET_KEY\) is not set$"
run "credentials: qonto login without secret key" 2 -- env -u PAYLINK_QONTO_TOKEN -u PAYLINK_QONTO_SECRET_KEY \
  "$P" list --provider qonto --base-url "$QONTO"
expect_error_line "PAYLINK_QONTO_TOKEN \(or PAYLINK_QONTO_LOGIN \+ PAYLINK_QONTO_SECRET_KEY\) is not set"
run "credentials: empty counts as unset" 2 -- env PAYLINK_SMARTERPAY_TOKEN= "$P" get --provider smarterpay x \
  --base-url "$SMP"
expect_error_line "^paylink: PAYLINK_SMARTERPAY_TOKEN is not set$"
run "credentials: multisafepay unset" 2 -- env -u PAYLINK_MULTISAFEPAY_API_KEY "$P" get --provider multisafepay x \
  --base-url "$MSP"
expect_error_line "^paylink: PAYLINK_MULTISAFEPAY_API_KEY is not set$"
run "credentials: onoffice secret unset" 2 -- env -u PAYLINK_ONOFFICE_SECRET "$P" create --provider onoffice \
  --amount 1 --currency EUR --description x --set transaction_id=1 --base-url "$ONOFFICE"
expect_error_line "^paylink: PAYLINK_ONOFFICE_SECRET is not set$"
run "credentials: onoffice both unset" 2 -- env -u PAYLINK_ONOFFICE_SECRET -u PAYLINK_ONOFFICE_TOKEN "$P" create \
  --provider onoffice --amount 1 --currency EUR --description x --set transaction_id=1 --base-url "$ONOFFICE"
expect_error_line "^paylink: PAYLINK_ONOFFICE_TOKEN and PAYLINK_ONOFFICE_SECRET are not set$"

run "exit 2 sent nothing to the sandbox" 0 -- request_log
[[ "$OUT" == "$REQUESTS_BEFORE" ]] || fail_current "the sandbox saw requests: before $REQUESTS_BEFORE, after $OUT"

# === Exit 0: create, get, list, expire at every vendor ================================================
run "create onoffice" 0 -- "$P" create --provider onoffice --amount 1100.50 --currency EUR \
  --description "Brokerage fee" --set transaction_id=1100135697 --set send_mail=true --base-url "$ONOFFICE"
expect_out "^onoffice +oo[0-9a-z]+ +open +1100.50 EUR +http://127.0.0.1:[0-9]+/pay/[^ ]+ +\"Brokerage fee\"$"
expect_lines 1 ; expect_no_err
run "create onoffice --json" 0 -- "$P" create --provider onoffice --amount 20 --currency EUR --description "Photos" \
  --set transaction_id=1100135698 --base-url "$ONOFFICE" --json
expect_json_link ; expect_out '"provider":"onoffice"' ; expect_out '"amount":\{"value":"20.00","currency":"EUR"\}'
expect_out '"reference":"1100135698"'

run "create multisafepay" 0 -- "$P" create --provider multisafepay --amount 25.00 --currency EUR \
  --description "Order 7" --reference order-7 --set days_active=14 --set customer_reference=cust-1 --base-url "$MSP"
expect_out "^multisafepay +order-7 +open +25.00 EUR +http://127.0.0.1:[0-9]+/pay/[^ ]+ +\"Order 7\"$"
run "create multisafepay --json, generated order_id" 0 -- "$P" create --provider multisafepay --amount 0.01 \
  --currency EUR --description "One cent" --base-url "$MSP" --json
expect_json_link ; expect_out '"provider":"multisafepay"' ; expect_out '"amount":\{"value":"0.01","currency":"EUR"\}'
MSP_GENERATED=$(json_field id)
[[ -n "$MSP_GENERATED" ]] || fail_current "no id"
run "create multisafepay redirect with notification_url" 0 -- "$P" create --provider multisafepay --amount 5 \
  --currency EUR --description "Redirect" --reference order-8 --set type=redirect \
  --set "notification_url=$BASE/hooks/msp" --base-url "$MSP"
expect_out "^multisafepay +order-8 +open"

run "create smarterpay" 0 -- "$P" create --provider smarterpay --amount 27.50 --currency GBP --description "Rent" \
  --reference tenant-42 --set ecommerce_page=EP0001 --set metadata="flat 3b" --base-url "$SMP"
expect_out "^smarterpay +[^ ]+ +open +27.50 GBP +http://127.0.0.1:[0-9]+/pay/[^ ]+ +\"Rent\"$"
SMP_ID=$(awk '{print $2}' <<<"$OUT")
run "create smarterpay --json" 0 -- "$P" create --provider smarterpay --amount 3 --currency GBP --description "Deposit" \
  --set ecommerce_page=EP0001 --base-url "$SMP" --json
expect_json_link ; expect_out '"provider":"smarterpay"' ; expect_out '"amount":\{"value":"3.00","currency":"GBP"\}'
SMP_ID2=$(json_field id)

run "create qonto" 0 -- "$P" create --provider qonto --amount 13.30 --currency EUR --description "Invoice 42" \
  --base-url "$QONTO"
expect_out "^qonto +[0-9a-f-]{36} +open +13.30 EUR +http://127.0.0.1:[0-9]+/pay/[^ ]+ +\"Invoice 42\"$"
QONTO_ID=$(awk '{print $2}' <<<"$OUT")
run "create qonto --json with vendor fields" 0 -- "$P" create --provider qonto --amount 50 --currency EUR \
  --description "Workshop" --set reusable=true --set "payment_methods=credit_card, apple_pay" --base-url "$QONTO" --json
expect_json_link ; expect_out '"provider":"qonto"' ; expect_out '"amount":\{"value":"50.00","currency":"EUR"\}'
expect_out '"created_at":"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z"'
QONTO_ID2=$(json_field id)
run "create qonto, base URL from PAYLINK_QONTO_BASE_URL" 0 -- env PAYLINK_QONTO_BASE_URL="$QONTO" "$P" create \
  --provider qonto --amount 7 --currency EUR --description "From env"
expect_out "^qonto .* open +7.00 EUR"
QONTO_ID3=$(awk '{print $2}' <<<"$OUT")
run "create qonto with login + secret key" 0 -- env -u PAYLINK_QONTO_TOKEN "$P" create --provider qonto \
  --amount 8 --currency EUR --description "Key auth" --base-url "$QONTO"
expect_out "^qonto .* open +8.00 EUR"

run "get multisafepay" 0 -- "$P" get --provider multisafepay order-7 --base-url "$MSP"
expect_out "^multisafepay +order-7 +open +25.00 EUR"
run "get multisafepay --json" 0 -- "$P" get --provider multisafepay "$MSP_GENERATED" --base-url "$MSP" --json
expect_json_link ; expect_out "\"id\":\"$MSP_GENERATED\""
run "get smarterpay" 0 -- "$P" get --provider smarterpay "$SMP_ID" --base-url "$SMP"
expect_out "^smarterpay +$SMP_ID +open +27.50 GBP"
run "get qonto, base URL from PAYLINK_QONTO_BASE_URL" 0 -- env PAYLINK_QONTO_BASE_URL="$QONTO" "$P" get \
  --provider qonto "$QONTO_ID3"
expect_out "^qonto +$QONTO_ID3 +open +7.00 EUR +.* \"From env\"$"
run "get qonto --json" 0 -- "$P" get --provider qonto "$QONTO_ID" --base-url "$QONTO" --json
expect_json_link ; expect_out "\"id\":\"$QONTO_ID\"" ; expect_out '"status":"open"'
expect_out '"expires_at":"[0-9]{4}-'

run "list qonto" 0 -- "$P" list --provider qonto --base-url "$QONTO"
expect_lines 4 ; expect_out "^qonto +$QONTO_ID +open +13.30 EUR" ; expect_no_err
run "list qonto --json: one object per line" 0 -- "$P" list --provider qonto --base-url "$QONTO" --json
expect_lines 4 ; expect_json_link
run "list qonto --limit 1: one page" 0 -- "$P" list --provider qonto --limit 1 --base-url "$QONTO"
expect_lines 2 ; expect_out "add --all"
run "list qonto --limit 1 --all walks every page" 0 -- "$P" list --provider qonto --limit 1 --all \
  --base-url "$QONTO" --json
expect_lines 4 ; expect_json_link
run "list smarterpay" 0 -- "$P" list --provider smarterpay --base-url "$SMP"
expect_lines 2 ; expect_out "^smarterpay +$SMP_ID +open"
run "list smarterpay --limit 1 --all --json" 0 -- "$P" list --provider smarterpay --limit 1 --all --base-url "$SMP" \
  --json
expect_lines 2 ; expect_json_link

run "expire qonto (deactivate)" 0 -- "$P" expire --provider qonto "$QONTO_ID2" --base-url "$QONTO"
expect_out "^qonto +$QONTO_ID2 +canceled"
run "get qonto after expire" 0 -- "$P" get --provider qonto "$QONTO_ID2" --base-url "$QONTO" --json
expect_out '"status":"canceled"'
run "list qonto --status canceled" 0 -- "$P" list --provider qonto --status canceled --base-url "$QONTO"
expect_lines 1 ; expect_out "^qonto +$QONTO_ID2 +canceled"
run "list qonto --status open --all" 0 -- "$P" list --provider qonto --status open --all --base-url "$QONTO" --json
expect_lines 3
run "list qonto --status paid: none" 0 -- "$P" list --provider qonto --status paid --base-url "$QONTO"
expect_out "^no links$"
run "list qonto --status paid --json: no output" 0 -- "$P" list --provider qonto --status paid --base-url "$QONTO" \
  --json
expect_no_out
run "expire smarterpay" 0 -- "$P" expire --provider smarterpay "$SMP_ID2" --base-url "$SMP" --json
expect_json_link ; expect_out '"status":"expired"'
run "list smarterpay --status expired (filtered by paylink: SmarterPay has no status filter)" 0 -- "$P" list \
  --provider smarterpay --status expired --base-url "$SMP" --json
expect_lines 1 ; expect_out "\"id\":\"$SMP_ID2\""
run "list smarterpay --status open --all" 0 -- "$P" list --provider smarterpay --status open --all --limit 1 \
  --base-url "$SMP"
expect_lines 1 ; expect_out "^smarterpay +$SMP_ID +open"
run "expire multisafepay (cancel)" 0 -- "$P" expire --provider multisafepay order-8 --base-url "$MSP"
expect_out "^multisafepay +order-8 +canceled"
run "get multisafepay after expire" 0 -- "$P" get --provider multisafepay order-8 --base-url "$MSP"
expect_out "^multisafepay +order-8 +canceled"

# === Exit 3: the vendor refused =======================================================================
run "refused: wrong qonto token" 3 -- env PAYLINK_QONTO_TOKEN="$WRONG_KEY" "$P" get --provider qonto "$QONTO_ID" \
  --base-url "$QONTO"
expect_error_line "qonto refused the get: auth"
run "refused: wrong multisafepay key" 3 -- env PAYLINK_MULTISAFEPAY_API_KEY="$WRONG_KEY" "$P" create \
  --provider multisafepay --amount 1 --currency EUR --description x --base-url "$MSP"
expect_error_line "multisafepay refused the create: auth"
run "refused: wrong smarterpay token" 3 -- env PAYLINK_SMARTERPAY_TOKEN="$WRONG_KEY" "$P" list --provider smarterpay \
  --base-url "$SMP"
expect_error_line "smarterpay refused the list: auth"
run "refused: wrong onoffice secret (HMAC)" 3 -- env PAYLINK_ONOFFICE_SECRET="$WRONG_KEY" "$P" create \
  --provider onoffice --amount 1 --currency EUR --description x --set transaction_id=1 --base-url "$ONOFFICE"
expect_error_line "onoffice refused the create: auth"
run "refused: qonto link not found" 3 -- "$P" get --provider qonto 00000000-0000-4000-8000-000000000000 \
  --base-url "$QONTO"
expect_error_line "qonto refused the get: not_found"
run "refused: smarterpay link not found" 3 -- "$P" expire --provider smarterpay PL00000000000000000000 \
  --base-url "$SMP"
expect_error_line "smarterpay refused the expire: not_found"
run "refused: multisafepay order not found" 3 -- "$P" get --provider multisafepay no-such-order --base-url "$MSP"
expect_error_line "multisafepay refused the get"
run "refused: multisafepay duplicate order_id" 3 -- "$P" create --provider multisafepay --amount 25.00 \
  --currency EUR --description "Order 7" --reference order-7 --base-url "$MSP"
expect_error_line "multisafepay refused the create: conflict"

# === Exit 4: network, timeout or vendor unavailable after retries =====================================
fault '{"route":"POST /v2/payment_links","kind":"status","status":503,"retry_after":"1","count":10}'
run "unavailable: qonto create 503, retried with the same key" 4 -- "$P" create --provider qonto --amount 1 \
  --currency EUR --description "Busy" --base-url "$QONTO"
expect_error_line "qonto create failed after 4 attempts: .*503"
curl -s -o /dev/null -X POST "$BASE/__sandbox/reset"
fault '{"route":"GET /service.svc/paymentlink","kind":"status","status":503,"count":10}'
run "unavailable: smarterpay get 503" 4 -- "$P" get --provider smarterpay PL00000000000000000000 --base-url "$SMP"
expect_error_line "smarterpay get failed after [0-9]+ attempts: .*503"
curl -s -o /dev/null -X POST "$BASE/__sandbox/reset"
fault '{"route":"GET /v2/payment_links","kind":"malformed","count":10}'
run "unavailable: malformed answer" 4 -- "$P" list --provider qonto --base-url "$QONTO"
expect_error_line "qonto list failed"
curl -s -o /dev/null -X POST "$BASE/__sandbox/reset"
run "unavailable: connection refused" 4 -- "$P" get --provider qonto some-id --base-url http://127.0.0.1:1
expect_error_line "qonto get failed.*network"

# === Exit 5: a create was sent and no answer came ======================================================
fault '{"route":"POST /v1/json/orders","kind":"drop","count":1}'
run "ambiguous: multisafepay create dropped" 5 -- "$P" create --provider multisafepay --amount 9.99 --currency EUR \
  --description "Lost answer" --reference order-lost --base-url "$MSP"
expect_error_line "sent but no answer came.*check .*with: paylink get --provider multisafepay order-lost --base-url $MSP"
run "ambiguous: the suggested check finds the order" 0 -- "$P" get --provider multisafepay order-lost --base-url "$MSP"
expect_out "^multisafepay +order-lost +open +9.99 EUR"
fault '{"route":"POST /v1/json/orders","kind":"drop","count":1}'
run "ambiguous: generated order_id is named" 5 -- "$P" create --provider multisafepay --amount 1 --currency EUR \
  --description "Lost answer 2" --base-url "$MSP"
LOST_ID=$(grep -o 'paylink get --provider multisafepay [^ ]*' <<<"$ERR" | awk '{print $5}')
[[ -n "$LOST_ID" ]] || fail_current "no order_id in the message"
run "ambiguous: the generated order_id exists" 0 -- "$P" get --provider multisafepay "$LOST_ID" --base-url "$MSP"
expect_out "^multisafepay +$LOST_ID +open"
fault '{"route":"POST /v2/payment_links","kind":"drop","count":10}'
run "ambiguous: qonto create, every keyed attempt dropped" 5 -- "$P" create --provider qonto --amount 4.20 \
  --currency EUR --description "Lost keyed" --base-url "$QONTO"
expect_error_line "qonto create: the request was sent but no answer came.*check .*with: paylink list --provider qonto"
run "ambiguous: the suggested list shows the qonto link" 0 -- "$P" list --provider qonto --base-url "$QONTO"
expect_out "^qonto .* open +4.20 EUR .*\"Lost keyed\"$"
fault '{"route":"POST /service.svc/paymentlink","kind":"drop","count":1}'
run "smarterpay create retried after a dropped answer: one link, exit 0" 0 -- "$P" create --provider smarterpay \
  --amount 1.50 --currency GBP --description "Retried" --set ecommerce_page=EP0001 --base-url "$SMP" --json
SMP_RETRIED=$(json_field id)
run "the retried smarterpay create made exactly one link" 0 -- "$P" list --provider smarterpay --base-url "$SMP" \
  --json
[[ $(grep -c "\"description\":\"Retried\"" <<<"$OUT") -eq 1 ]] || fail_current "not exactly one link"
expect_out "\"id\":\"$SMP_RETRIED\""
fault '{"route":"POST /api/stable/api.php","kind":"drop","count":1}'
run "ambiguous: onoffice create dropped" 5 -- "$P" create --provider onoffice --amount 10 --currency EUR \
  --description "Lost" --set transaction_id=1100135699 --base-url "$ONOFFICE"
expect_error_line "onoffice create: the request was sent but no answer came.*transaction 1100135699"

# === webhook verify ====================================================================================
KEY=$PAYLINK_MULTISAFEPAY_API_KEY
sign() {  # sign TIMESTAMP BODY KEY: MultiSafepay's Auth header
  local sig
  sig=$(printf '%s:%s' "$1" "$2" | openssl dgst -sha512 -hmac "$3" -hex | sed 's/^.*= //')
  printf '%s:%s' "$1" "$sig" | base64 -w 0
}
BODY='{"order_id":"order-7","status":"completed","financial_status":"completed","amount":2500,"currency":"EUR","description":"Order 7"}'
printf '%s' "$BODY" >"$WORK/body.json"
NOW=$(date +%s)
AUTH=$(sign "$NOW" "$BODY" "$KEY")
run "webhook: valid" 0 -- "$P" webhook verify --provider multisafepay --body-file "$WORK/body.json" --auth "$AUTH"
expect_out "^valid: multisafepay notification for order order-7, status paid" ; expect_no_err
run "webhook: valid --json" 0 -- "$P" webhook verify --provider multisafepay --body-file "$WORK/body.json" \
  --auth "$AUTH" --json
expect_json_event ; expect_out '"id":"order-7"' ; expect_out '"status":"paid"' ; expect_out '"event_id":null'
expect_out '"raw_status":"completed"' ; expect_out '"amount":\{"value":"25.00","currency":"EUR"\}'
run "webhook: body from stdin" 0 -- bash -c "\"\$0\" webhook verify --provider multisafepay --body-file - --auth \"\$1\" <\"\$2\"" \
  "$P" "$AUTH" "$WORK/body.json"
expect_out "^valid:"
printf '%s ' "$BODY" >"$WORK/body_changed.json"
run "webhook: changed body" 1 -- "$P" webhook verify --provider multisafepay --body-file "$WORK/body_changed.json" \
  --auth "$AUTH"
expect_error_line "webhook not valid \(bad_signature\)" ; expect_no_out
run "webhook: another key" 1 -- env PAYLINK_MULTISAFEPAY_API_KEY="$WRONG_KEY" "$P" webhook verify \
  --provider multisafepay --body-file "$WORK/body.json" --auth "$AUTH"
expect_error_line "bad_signature"
run "webhook: malformed header" 1 -- "$P" webhook verify --provider multisafepay --body-file "$WORK/body.json" \
  --auth "not base64!"
expect_error_line "webhook not valid \(malformed_header\)"
OLD_AUTH=$(sign $((NOW - 3600)) "$BODY" "$KEY")
run "webhook: too old" 1 -- "$P" webhook verify --provider multisafepay --body-file "$WORK/body.json" \
  --auth "$OLD_AUTH"
expect_error_line "webhook not valid \(too_old\)"
run "webhook: --tolerance 7200 accepts it" 0 -- "$P" webhook verify --provider multisafepay \
  --body-file "$WORK/body.json" --auth "$OLD_AUTH" --tolerance 7200
expect_out "^valid:"
run "webhook: --tolerance 0 skips the age check" 0 -- "$P" webhook verify --provider multisafepay \
  --body-file "$WORK/body.json" --auth "$OLD_AUTH" --tolerance 0
expect_out "^valid:"
FUTURE_AUTH=$(sign $((NOW + 3600)) "$BODY" "$KEY")
run "webhook: signed in the future" 1 -- "$P" webhook verify --provider multisafepay --body-file "$WORK/body.json" \
  --auth "$FUTURE_AUTH"
expect_error_line "not_yet_valid"
printf '%s' '["not an order"]' >"$WORK/not_order.json"
run "webhook: signed body that is not an order" 1 -- "$P" webhook verify --provider multisafepay \
  --body-file "$WORK/not_order.json" --auth "$(sign "$NOW" '["not an order"]' "$KEY")"
expect_error_line "malformed_body"
run "webhook: --signature is the general flag" 0 -- "$P" webhook verify --provider multisafepay \
  --body-file "$WORK/body.json" --signature "$AUTH"
expect_out "^valid: multisafepay notification for order order-7, status paid"
run "webhook: --signature and --auth together" 2 -- "$P" webhook verify --provider multisafepay \
  --body-file "$WORK/body.json" --signature "$AUTH" --auth "$AUTH"
expect_error_line "not both"
run "webhook: onoffice sends none" 2 -- "$P" webhook verify --provider onoffice --body-file "$WORK/body.json" \
  --signature x
expect_error_line "onoffice sends no webhooks"
run "webhook: --auth is MultiSafepay's only" 2 -- "$P" webhook verify --provider qonto --body-file "$WORK/body.json" \
  --auth "$AUTH"
expect_error_line "use --signature"
run "webhook: missing --auth" 2 -- "$P" webhook verify --provider multisafepay --body-file "$WORK/body.json"
expect_error_line "needs --auth"
run "webhook: missing --body-file" 2 -- "$P" webhook verify --provider multisafepay --auth "$AUTH"
expect_error_line "needs --body-file"
run "webhook: unreadable body file" 2 -- "$P" webhook verify --provider multisafepay --body-file "$WORK/none" \
  --auth "$AUTH"
expect_error_line "cannot be read"
run "webhook: negative tolerance" 2 -- "$P" webhook verify --provider multisafepay --body-file "$WORK/body.json" \
  --auth "$AUTH" --tolerance -5
expect_error_line "--tolerance"
run "webhook: key unset" 2 -- env -u PAYLINK_MULTISAFEPAY_API_KEY "$P" webhook verify --provider multisafepay \
  --body-file "$WORK/body.json" --auth "$AUTH"
expect_error_line "PAYLINK_MULTISAFEPAY_API_KEY is not set"
run "webhook: unknown subcommand" 2 -- "$P" webhook sign --provider multisafepay
expect_error_line "paylink webhook verify"

# --- Qonto: X-Qonto-Signature t=<unix s>,v1=hex(HMAC-SHA256(secret, "<t>.<body>")) ---
QSECRET=$PAYLINK_QONTO_WEBHOOK_SECRET
qonto_sign() {  # qonto_sign T BODY SECRET
  printf 't=%s,v1=%s' "$1" "$(printf '%s.%s' "$1" "$2" | openssl dgst -sha256 -hmac "$3" -hex | sed 's/^.*= //')"
}
QBODY='{"id":"ev-q-1","type":"v1/payment-links","created_at":"2025-10-14T09:00:01Z","data":{"event":"updated","status":"paid","payment_link_id":"pl-q-1","amount":{"currency":"EUR","value":"13.30"}}}'
printf '%s' "$QBODY" >"$WORK/qonto.json"
QSIG=$(qonto_sign "$NOW" "$QBODY" "$QSECRET")
run "webhook qonto: valid" 0 -- "$P" webhook verify --provider qonto --body-file "$WORK/qonto.json" --signature "$QSIG"
expect_out "^valid: qonto webhook for link pl-q-1, status paid \(paid\), event ev-q-1" ; expect_no_err
run "webhook qonto: valid --json" 0 -- "$P" webhook verify --provider qonto --body-file "$WORK/qonto.json" \
  --signature "$QSIG" --json
expect_json_event ; expect_out '^\{"provider":"qonto","id":"pl-q-1","status":"paid","raw_status":"paid","event_id":"ev-q-1"'
expect_out '"amount":\{"value":"13.30","currency":"EUR"\}'
run "webhook qonto: rotation, any v1 matches" 0 -- "$P" webhook verify --provider qonto --body-file "$WORK/qonto.json" \
  --signature "t=$NOW,v1=$(printf '%064d' 0),${QSIG#t=$NOW,}"
expect_out "^valid:"
run "webhook qonto: another secret" 1 -- env PAYLINK_QONTO_WEBHOOK_SECRET="$WRONG_KEY" "$P" webhook verify \
  --provider qonto --body-file "$WORK/qonto.json" --signature "$QSIG"
expect_error_line "webhook not valid \(bad_signature\)"
run "webhook qonto: older than 5 minutes" 1 -- "$P" webhook verify --provider qonto --body-file "$WORK/qonto.json" \
  --signature "$(qonto_sign $((NOW - 400)) "$QBODY" "$QSECRET")"
expect_error_line "webhook not valid \(too_old\)"
run "webhook qonto: --tolerance 600 accepts it" 0 -- "$P" webhook verify --provider qonto \
  --body-file "$WORK/qonto.json" --signature "$(qonto_sign $((NOW - 400)) "$QBODY" "$QSECRET")" --tolerance 600
expect_out "^valid:"
run "webhook qonto: malformed header" 1 -- "$P" webhook verify --provider qonto --body-file "$WORK/qonto.json" \
  --signature "v1=abc"
expect_error_line "webhook not valid \(malformed_header\)"
printf '%s' '{"test":"data"}' >"$WORK/qonto_vector.json"
run "webhook qonto: the published vector verifies and is no link event" 1 -- \
  env PAYLINK_QONTO_WEBHOOK_SECRET=test-secret "$P" webhook verify --provider qonto --tolerance 0 \
  --body-file "$WORK/qonto_vector.json" \
  --signature "t=1704110400,v1=56aff06dc227db80d6568a5070f912c601c31f20451745d257cbc0b5dfa93805"
expect_error_line "webhook not valid \(malformed_body\)"
QOTHER='{"id":"ev-q-2","type":"v1/transactions","data":{}}'
printf '%s' "$QOTHER" >"$WORK/qonto_other.json"
run "webhook qonto: another event type" 1 -- "$P" webhook verify --provider qonto --body-file "$WORK/qonto_other.json" \
  --signature "$(qonto_sign "$NOW" "$QOTHER" "$QSECRET")"
expect_error_line "webhook not valid \(not_a_link_event\)"
run "webhook qonto: missing --signature" 2 -- "$P" webhook verify --provider qonto --body-file "$WORK/qonto.json"
expect_error_line "needs --signature HEADER: the value of the X-Qonto-Signature header"
run "webhook qonto: secret unset" 2 -- env -u PAYLINK_QONTO_WEBHOOK_SECRET "$P" webhook verify --provider qonto \
  --body-file "$WORK/qonto.json" --signature "$QSIG"
expect_error_line "PAYLINK_QONTO_WEBHOOK_SECRET is not set"
# A body that carries the secret (an echoing vendor, a mistake): the Console prints "***" instead.
QLEAK="{\"id\":\"ev-q-3\",\"type\":\"v1/payment-links\",\"data\":{\"status\":\"paid\",\"payment_link_id\":\"$QSECRET\"}}"
printf '%s' "$QLEAK" >"$WORK/qonto_leak.json"
run "webhook qonto: the webhook secret is scrubbed from output" 0 -- "$P" webhook verify --provider qonto \
  --body-file "$WORK/qonto_leak.json" --signature "$(qonto_sign "$NOW" "$QLEAK" "$QSECRET")" --json
expect_out '"id":"\*\*\*"'

# --- SmarterPay: Webhook-Signature hex(HMAC-SHA256(webhook key, body)); correlated by custom_reference ---
SKEY=$PAYLINK_SMARTERPAY_WEBHOOK_KEY
smarterpay_sign() { printf '%s' "$1" | openssl dgst -sha256 -hmac "$2" -hex | sed 's/^.*= //'; }
SBODY='{"id":"WH1","idempotency_key":"idem-1","sent_at":"2025-10-14 09:00:00","events":[{"id":"CP1","event_id":"EV-S-1","event_type":"card_payment.create","status":"successful","custom_reference":"ref-s-1","currency_code":"GBP","initial_amount":"2750"}]}'
printf '%s' "$SBODY" >"$WORK/smarterpay.json"
SSIG=$(smarterpay_sign "$SBODY" "$SKEY")
run "webhook smarterpay: valid" 0 -- "$P" webhook verify --provider smarterpay --body-file "$WORK/smarterpay.json" \
  --signature "$SSIG"
expect_out "^valid: smarterpay webhook for the link with reference ref-s-1, status paid \(successful\), event EV-S-1"
run "webhook smarterpay: valid --json" 0 -- "$P" webhook verify --provider smarterpay \
  --body-file "$WORK/smarterpay.json" --signature "$SSIG" --json
expect_json_event ; expect_out '"id":"ref-s-1"' ; expect_out '"amount":\{"value":"27.50","currency":"GBP"\}'
expect_out '"occurred_at":"2025-10-14T09:00:00Z"'
run "webhook smarterpay: another key" 1 -- env PAYLINK_SMARTERPAY_WEBHOOK_KEY="$WRONG_KEY" "$P" webhook verify \
  --provider smarterpay --body-file "$WORK/smarterpay.json" --signature "$SSIG"
expect_error_line "webhook not valid \(bad_signature\)"
SOTHER='{"id":"WH2","events":[{"event_type":"mandate.create","status":"new instruction"}]}'
printf '%s' "$SOTHER" >"$WORK/smarterpay_other.json"
run "webhook smarterpay: no link event" 1 -- "$P" webhook verify --provider smarterpay \
  --body-file "$WORK/smarterpay_other.json" --signature "$(smarterpay_sign "$SOTHER" "$SKEY")"
expect_error_line "webhook not valid \(not_a_link_event\)"
run "webhook smarterpay: key unset" 2 -- env -u PAYLINK_SMARTERPAY_WEBHOOK_KEY "$P" webhook verify \
  --provider smarterpay --body-file "$WORK/smarterpay.json" --signature "$SSIG"
expect_error_line "PAYLINK_SMARTERPAY_WEBHOOK_KEY is not set"

# === Qonto's staging token ==============================================================================
# A second sandbox that, like Qonto's own sandbox, requires X-Qonto-Staging-Token on every request.
STAGING_TOKEN=enCkhvMdgaKjIg8xNbe3nNyjOq9wMx
CANARIES+=("$STAGING_TOKEN")
export PAYLINK_QONTO_STAGING_TOKEN=$STAGING_TOKEN
STAGING_BASE=""
start_sandbox STAGING_BASE
unset PAYLINK_QONTO_STAGING_TOKEN
run "qonto staging token sent when set" 0 -- env PAYLINK_QONTO_STAGING_TOKEN="$STAGING_TOKEN" "$P" list \
  --provider qonto --base-url "$STAGING_BASE"
expect_out "^no links$"
run "qonto sandbox refuses a missing staging token" 3 -- "$P" list --provider qonto --base-url "$STAGING_BASE"
expect_error_line "qonto refused the list: auth"

# === The credential rule =================================================================================
finish_canary_session
