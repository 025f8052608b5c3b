#!/usr/bin/env bash
# Smoke test of paylink-sandbox with nothing but bash, curl and openssl.
#
#   sandbox_smoke_test.sh /path/to/paylink-sandbox
#
# Starts the sandbox on --port 0, reads the port from its first line, and checks for each vendor:
# a valid create, get/list where the vendor has them, a wrong credential (or HMAC) refused in the
# vendor's own error format, an injected 429 with Retry-After, and a dropped connection (processed,
# then closed without a response). Prints "N passed, N failed" last; exits non-zero on failure.
set -u

BIN=${1:?usage: sandbox_smoke_test.sh /path/to/paylink-sandbox}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sandbox-smoke.XXXXXX")
SERVER_PID=""

cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null
    wait "$SERVER_PID" 2>/dev/null
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

PASS=0
FAIL=0
ok() { PASS=$((PASS + 1)); echo "ok   - $1"; }
not_ok() {
  FAIL=$((FAIL + 1))
  echo "FAIL - $1"
  [[ -s "$WORK/body" ]] && echo "       status=$STATUS body=$(head -c 400 "$WORK/body")"
}
check() { # check NAME COMMAND...
  local name=$1
  shift
  if "$@"; then ok "$name"; else not_ok "$name"; fi
}

# req METHOD PATH [curl args...]: sets STATUS (000 when no response), CURL_RC, BODY; headers in $WORK/headers.
req() {
  local method=$1 path=$2
  shift 2
  : >"$WORK/body"
  : >"$WORK/headers"
  STATUS=$(curl -s --max-time 10 -X "$method" -o "$WORK/body" -D "$WORK/headers" -w '%{http_code}' "$@" "$BASE$path")
  CURL_RC=$?
  BODY=$(cat "$WORK/body")
}
has() { [[ "$BODY" == *"$1"* ]]; }
status_is() { [[ "$STATUS" == "$1" ]]; }
header_is() { grep -qi "^$1: *$2"$'\r'"\?$" "$WORK/headers"; }
first_value() { # first_value KEY: the first "KEY":"value" string in BODY
  grep -o "\"$1\":\"[^\"]*\"" <<<"$BODY" | head -n1 | sed "s/^\"$1\":\"//; s/\"$//"
}
fault() { # fault JSON: queue a fault through the control endpoint
  curl -s --max-time 10 -o /dev/null -w '%{http_code}' -X POST "$BASE/__sandbox/faults" \
    -H 'Content-Type: application/json' -d "$1" | grep -q '^200$'
}
link_count() { curl -s --max-time 10 "$BASE/__sandbox/links" | grep -o '"vendor":"'"$1"'"' | wc -l; }

# ---- start the sandbox with the documented demo credentials ----
env -u PAYLINK_ONOFFICE_TOKEN -u PAYLINK_ONOFFICE_SECRET -u PAYLINK_MULTISAFEPAY_API_KEY \
  -u PAYLINK_SMARTERPAY_TOKEN -u PAYLINK_QONTO_TOKEN -u PAYLINK_QONTO_LOGIN \
  -u PAYLINK_QONTO_SECRET_KEY -u PAYLINK_QONTO_STAGING_TOKEN \
  "$BIN" --port 0 >"$WORK/stdout" 2>"$WORK/stderr" &
SERVER_PID=$!
FIRST_LINE=""
for _ in $(seq 1 100); do
  FIRST_LINE=$(head -n1 "$WORK/stdout" 2>/dev/null)
  [[ -n "$FIRST_LINE" ]] && break
  kill -0 "$SERVER_PID" 2>/dev/null || break
  sleep 0.1
done
if [[ ! "$FIRST_LINE" =~ ^listening\ on\ http://127\.0\.0\.1:([0-9]+)$ ]]; then
  echo "FAIL - sandbox did not print 'listening on http://127.0.0.1:PORT' (got: '$FIRST_LINE')"
  cat "$WORK/stderr"
  echo "0 passed, 1 failed"
  exit 1
fi
PORT=${BASH_REMATCH[1]}
BASE="http://127.0.0.1:$PORT"
ok "first line is '$FIRST_LINE'"
check "--port 0 picked a real port" test "$PORT" -gt 0

JSON=(-H 'Content-Type: application/json')

# ============================== onOffice ==============================
OO_TOKEN=demo0onoffice0token0000000000000
OO_SECRET=demo0onoffice0secret00000000000000000000000000000000000000000000
OO_ACTION=urn:onoffice-de-ns:smart:2.5:smartml:action:do
OO_TYPE=subsequentPaymentLink
oo_body() { # oo_body TOKEN TIMESTAMP HMAC PRICE TRANSACTION
  printf '{"token":"%s","request":{"actions":[{"actionid":"%s","resourceid":"","resourcetype":"%s","identifier":"","timestamp":%s,"hmac":"%s","hmac_version":2,"parameters":{"description":"Nachzahlung 3D-Rundgang","priceNet":"%s","sendMailToCustomer":true,"transactionid":"%s"}}]}}' \
    "$1" "$OO_ACTION" "$OO_TYPE" "$2" "$3" "$4" "$5"
}
oo_hmac() { printf '%s' "$1$OO_TOKEN$OO_TYPE$OO_ACTION" | openssl dgst -sha256 -hmac "$OO_SECRET" -binary | base64; }

# The vendor document's HMAC v2 test vector, to prove the bash side computes what the server checks.
VECTOR=$(printf '%s' "123456789mgjIQkNRnaqggVzy9cZW${OO_TYPE}${OO_ACTION}" |
  openssl dgst -sha256 -hmac yOJobbhGLXdp90XxvxedFhH7073L9U -binary | base64)
check "onoffice: HMAC v2 test vector" test "$VECTOR" = "656yTI2sJMcfHgO9idg/kxxQxWhUjio+feL7mZrFMo0="

TS=$(date +%s)
req POST /api/stable/api.php "${JSON[@]}" -d "$(oo_body "$OO_TOKEN" "$TS" "$(oo_hmac "$TS")" 1100.50 1100135697)"
check "onoffice: create answers the seed's envelope" \
  eval 'status_is 200 && has "\"status\":{\"code\":200,\"errorcode\":0,\"message\":\"OK\"}" &&
        has "\"elements\":{\"result\":{\"subsequentPaymentUrl\":\"http:\\/\\/127.0.0.1:$PORT\\/pay\\/" &&
        has "\"mailToCustomerSent\":true"'
OO_URL=$(first_value subsequentPaymentUrl | sed 's#\\/#/#g')
req GET "${OO_URL#$BASE}"
check "onoffice: the link's payment page shows 1100.50 EUR and Pay/Cancel" \
  eval 'status_is 200 && has "1100.50 EUR" && has "id=\"pay\"" && has "id=\"cancel\""'
req POST /api/latest/api.php "${JSON[@]}" -d "$(oo_body wrong0token "$TS" "$(oo_hmac "$TS")" 10.00 1)"
check "onoffice: wrong token -> status.code 400, errorcode 22" \
  eval 'has "\"status\":{\"code\":400,\"errorcode\":22"'
req POST /api/stable/api.php "${JSON[@]}" -d "$(oo_body "$OO_TOKEN" "$TS" "bm90IHRoZSBobWFj" 10.00 1)"
check "onoffice: bad HMAC -> errorcode 97, action errorcode 137" \
  eval 'has "\"errorcode\":97" && has "\"status\":{\"errorcode\":137"'
OLD=$((TS - 600))
req POST /api/stable/api.php "${JSON[@]}" -d "$(oo_body "$OO_TOKEN" "$OLD" "$(oo_hmac "$OLD")" 10.00 1)"
check "onoffice: stale timestamp -> errorcode 97/136" eval 'has "\"errorcode\":97" && has "\"errorcode\":136"'
req POST /api/stable/api.php "${JSON[@]}" -d "$(oo_body "$OO_TOKEN" "$TS" "$(oo_hmac "$TS")" 10.5 1)"
check "onoffice: priceNet 10.5 -> errorcode 214" eval 'has "\"errorcode\":214"'

fault '{"route":"POST /api/stable/api.php","kind":"status","status":429,"retry_after":"2","count":1}'
req POST /api/stable/api.php "${JSON[@]}" -d "$(oo_body "$OO_TOKEN" "$TS" "$(oo_hmac "$TS")" 10.00 1)"
check "onoffice: fault 429 with Retry-After in the onOffice envelope" \
  eval 'status_is 429 && header_is Retry-After 2 && has "\"status\":{\"code\":429"'
BEFORE=$(link_count onoffice)
fault '{"route":"POST /api/stable/api.php","kind":"drop"}'
req POST /api/stable/api.php "${JSON[@]}" -d "$(oo_body "$OO_TOKEN" "$TS" "$(oo_hmac "$TS")" 10.00 1)"
check "onoffice: drop -> connection closed with no response (curl 52)" eval '[[ $CURL_RC -eq 52 && $STATUS == 000 ]]'
check "onoffice: the dropped request was processed (link created)" test "$(link_count onoffice)" -eq $((BEFORE + 1))

# ============================== MultiSafepay ==============================
MSP_KEY=demo-multisafepay-api-key
ORDER="smoke-$$-1"
req POST /v1/json/orders "${JSON[@]}" -H "api_key: $MSP_KEY" \
  -d '{"type":"paymentlink","order_id":"'"$ORDER"'","currency":"EUR","amount":1000,"description":"Smoke test order","days_active":2}'
check "multisafepay: create paymentlink -> order_id, payment_url, session_id" \
  eval 'status_is 200 && has "\"success\":true" && has "\"order_id\":\"$ORDER\"" && has "\"payment_url\":\"$BASE/pay/" && has "\"session_id\":"'
req GET "/v1/json/orders/$ORDER" -H "api_key: $MSP_KEY"
check "multisafepay: get order -> initialized, amount 1000" \
  eval 'status_is 200 && has "\"status\":\"initialized\"" && has "\"amount\":1000" && has "\"currency\":\"EUR\""'
req GET "/v1/json/orders/$ORDER?api_key=$MSP_KEY"
check "multisafepay: ?api_key= query form accepted" status_is 200
req GET "/v1/json/orders/$ORDER" -H "api_key: wrong-key"
check "multisafepay: wrong api_key -> 401, error_code 1032" \
  eval 'status_is 401 && has "\"success\":false" && has "\"error_code\":1032"'
req GET /v1/json/orders/does-not-exist -H "api_key: $MSP_KEY"
check "multisafepay: unknown order -> 404, error_code 1000" eval 'status_is 404 && has "\"error_code\":1000"'
req POST /v1/json/orders "${JSON[@]}" -H "api_key: $MSP_KEY" \
  -d '{"type":"paymentlink","order_id":"'"$ORDER"'","currency":"EUR","amount":1000,"description":"again"}'
check "multisafepay: duplicate order_id -> error_code 1006" eval 'has "\"error_code\":1006"'
req PATCH "/v1/json/orders/$ORDER" "${JSON[@]}" -H "api_key: $MSP_KEY" -d '{"status":"cancelled","exclude_order":true}'
check "multisafepay: PATCH cancel -> {success:true,data:{}}" eval 'status_is 200 && [[ $BODY == "{\"success\":true,\"data\":{}}" ]]'

fault '{"route":"POST /v1/json/orders","kind":"status","status":429,"retry_after":"1"}'
req POST /v1/json/orders "${JSON[@]}" -H "api_key: $MSP_KEY" \
  -d '{"type":"paymentlink","order_id":"smoke-'$$'-2","currency":"EUR","amount":1,"description":"x"}'
check "multisafepay: fault 429 with Retry-After, success:false" \
  eval 'status_is 429 && header_is Retry-After 1 && has "\"success\":false"'
fault '{"route":"POST /v1/json/orders","kind":"drop"}'
req POST /v1/json/orders "${JSON[@]}" -H "api_key: $MSP_KEY" \
  -d '{"type":"paymentlink","order_id":"smoke-'$$'-3","currency":"EUR","amount":1,"description":"x"}'
check "multisafepay: drop -> no response (curl 52)" eval '[[ $CURL_RC -eq 52 ]]'
req GET "/v1/json/orders/smoke-$$-3" -H "api_key: $MSP_KEY"
check "multisafepay: the dropped create was processed" status_is 200

# ============================== SmarterPay ==============================
SP_AUTH="Authorization: Bearer demo-smarterpay-token"
SP_KEY="smoke-key-$$"
req POST /service.svc/paymentlink "${JSON[@]}" -H "$SP_AUTH" \
  -d '{"payment_link":{"ecommerce_page":"EP02AB12CD34EF56GH78","customer_account":"CA0112AB34CD56EF78GH","amount":"2750","description":"Payment Plan"}}'
SP_ID=$(first_value id)
check "smarterpay: create -> payment_link record (active, amount \"2750\", nulls for unset)" \
  eval 'status_is 200 && [[ $SP_ID == PL01* ]] && has "\"status\":\"active\"" && has "\"amount\":\"2750\"" && has "\"mandate\":null" && has "\"expiry\":\"never\""'
req GET "/service.svc/paymentlink/$SP_ID" -H "$SP_AUTH"
check "smarterpay: get -> same record" eval 'status_is 200 && has "\"id\":\"$SP_ID\""'
req GET "/service.svc/paymentlinks?limit=10&page_no=1&sort_field=created_at&sort_order=desc&customer_account_id=CA0112AB34CD56EF78GH" -H "$SP_AUTH"
check "smarterpay: list with filter -> payment_links contains it" eval 'status_is 200 && has "{\"payment_links\":[" && has "$SP_ID"'
req GET "/service.svc/paymentlink/$SP_ID" -H "Authorization: Bearer wrong"
check "smarterpay: wrong token -> 401 error envelope" eval 'status_is 401 && has "{\"error\":{\"code\":\"unauthorised\""'
req POST /service.svc/paymentlink "${JSON[@]}" -H "$SP_AUTH" -d '{"payment_link":{"description":"no page"}}'
check "smarterpay: missing ecommerce_page -> 422" eval 'status_is 422 && has "\"field\":\"ecommerce_page\""'
req PUT "/service.svc/paymentlink/$SP_ID" "${JSON[@]}" -H "$SP_AUTH" -d '{"payment_link":{"status":"expired"}}'
check "smarterpay: PUT status expired -> expired" eval 'status_is 200 && has "\"status\":\"expired\""'

fault '{"route":"GET /service.svc/paymentlinks","kind":"status","status":429,"retry_after":"3"}'
req GET /service.svc/paymentlinks -H "$SP_AUTH"
check "smarterpay: fault 429 with Retry-After" eval 'status_is 429 && header_is Retry-After 3 && has "{\"error\":"'
BEFORE=$(link_count smarterpay)
fault '{"route":"POST /service.svc/paymentlink","kind":"drop"}'
SP_BODY='{"payment_link":{"ecommerce_page":"EP02AB12CD34EF56GH78","amount":"100"}}'
req POST /service.svc/paymentlink "${JSON[@]}" -H "$SP_AUTH" -H "Idempotency-Key: $SP_KEY" -d "$SP_BODY"
check "smarterpay: drop -> no response (curl 52)" eval '[[ $CURL_RC -eq 52 ]]'
req POST /service.svc/paymentlink "${JSON[@]}" -H "$SP_AUTH" -H "Idempotency-Key: $SP_KEY" -d "$SP_BODY"
check "smarterpay: retry with the same Idempotency-Key replays the dropped create" \
  eval 'status_is 200 && [[ $(link_count smarterpay) -eq $((BEFORE + 1)) ]]'

# ============================== Qonto ==============================
Q_AUTH="Authorization: Bearer demo-qonto-token"
Q_BASKET='{"payment_link":{"potential_payment_methods":["credit_card"],"reusable":true,"items":[{"title":"Item 1","quantity":1,"unit_price":{"value":"10.99","currency":"EUR"},"vat_rate":"21.0","type":"good","description":"Item 1 description","measure_unit":"unit"}]}}'
req POST /v2/payment_links "${JSON[@]}" -H "$Q_AUTH" -d "$Q_BASKET"
Q_ID=$(first_value id)
# Amount = quantity x unit_price (the project contract; see kAmountIncludesVat in qonto_routes.cpp).
check "qonto: create basket -> open, amount 13.30 EUR (10.99 + 21 % VAT, as the seed)" \
  eval 'status_is 200 && has "{\"payment_link\":{\"id\":\"$Q_ID\",\"status\":\"open\"" && has "\"amount\":{\"value\":\"13.30\",\"currency\":\"EUR\"}" && has "\"resource_type\":\"Basket\""'
req GET "/v2/payment_links/$Q_ID" -H "$Q_AUTH"
check "qonto: get -> the link" eval 'status_is 200 && has "\"id\":\"$Q_ID\""'
req GET "/v2/payment_links?page=1&per_page=10&status[]=open" -H "$Q_AUTH"
check "qonto: list -> payment_links and meta" \
  eval 'status_is 200 && has "$Q_ID" && has "\"meta\":{\"current_page\":1,\"next_page\":null,\"prev_page\":null"'
req GET /v2/payment_links -H "Authorization: demo-org:demo-qonto-secret-key"
check "qonto: login:secret-key API key accepted for reads" status_is 200
req GET "/v2/payment_links/$Q_ID" -H "Authorization: Bearer wrong"
check "qonto: wrong token -> 401 errors[] with trace_id" \
  eval 'status_is 401 && has "{\"errors\":[{\"code\":\"unauthorized\"" && has "\"trace_id\":"'
req POST "/pay/$Q_ID/pay" -H 'Accept: application/json'
req GET "/v2/payment_links/$Q_ID/payments" -H "$Q_AUTH"
check "qonto: Pay on the payment page -> a paid payment record" \
  eval 'status_is 200 && has "\"status\":\"paid\"" && has "\"payment_method\":\"credit_card\""'
req GET "/v2/payment_links/$Q_ID/payments?status%5B%5D=failed&status%5B%5D=paid&sort_by=creation_date:asc" -H "$Q_AUTH"
check "qonto: payments status[] filter keeps the paid payment" eval 'status_is 200 && has "\"status\":\"paid\""'
req GET "/v2/payment_links/$Q_ID/payments?status%5B%5D=failed" -H "$Q_AUTH"
check "qonto: payments status[]=failed -> none" eval 'status_is 200 && has "\"payments\":[]"'
req GET "/v2/payment_links/$Q_ID/payments?status%5B%5D=processing" -H "$Q_AUTH"
check "qonto: payments status[] takes payment words only" eval 'status_is 422 && has "\"parameter\":\"status\""'
req POST /v2/payment_links "${JSON[@]}" -H "$Q_AUTH" -d "${Q_BASKET/\"reusable\"/\"redirect_url\":\"ftp://shop.example\",\"reusable\"}"
check "qonto: create with a non-http redirect_url -> 422 at /payment_link/redirect_url" \
  eval 'status_is 422 && has "\"pointer\":\"/payment_link/redirect_url\""'
req POST /v2/payment_links "${JSON[@]}" -H "$Q_AUTH" -d "${Q_BASKET/\"reusable\"/\"redirect_url\":\"https://shop.example/thanks\",\"reusable\"}"
check "qonto: create with redirect_url -> created" eval 'status_is 200 && has "\"status\":\"open\""'

fault '{"route":"POST /v2/payment_links","kind":"status","status":429,"retry_after":"1","count":1}'
req POST /v2/payment_links "${JSON[@]}" -H "$Q_AUTH" -d "$Q_BASKET"
check "qonto: fault 429 with Retry-After, errors[]" \
  eval 'status_is 429 && header_is Retry-After 1 && has "{\"errors\":[{\"code\":\"too_many_requests\""'
BEFORE=$(link_count qonto)
fault '{"route":"POST /v2/payment_links","kind":"drop"}'
req POST /v2/payment_links "${JSON[@]}" -H "$Q_AUTH" -H "X-Qonto-Idempotency-Key: smoke-$$" -d "$Q_BASKET"
check "qonto: drop -> no response (curl 52)" eval '[[ $CURL_RC -eq 52 ]]'
req POST /v2/payment_links "${JSON[@]}" -H "$Q_AUTH" -H "X-Qonto-Idempotency-Key: smoke-$$" -d "$Q_BASKET"
Q_ID2=$(first_value id)
check "qonto: retry with the same X-Qonto-Idempotency-Key replays the dropped create" \
  eval 'status_is 200 && [[ $(link_count qonto) -eq $((BEFORE + 1)) ]]'
req PATCH "/v2/payment_links/$Q_ID2/deactivate" -H "$Q_AUTH"
check "qonto: deactivate (no body) -> canceled" eval 'status_is 200 && has "\"status\":\"canceled\""'

# ============================== control endpoints ==============================
req GET /__sandbox/requests
check "control: request counts include faulted requests" \
  eval 'has "\"POST /v2/payment_links\":6" && has "\"POST /v1/json/orders\":4"'
req POST /__sandbox/reset
req GET /__sandbox/links
check "control: reset clears the links" eval '[[ $BODY == "{\"links\":[]}" ]]'

# ---- stop ----
kill -TERM "$SERVER_PID"
STOPPED=1
for _ in $(seq 1 50); do
  kill -0 "$SERVER_PID" 2>/dev/null || { STOPPED=0; break; }
  sleep 0.1
done
wait "$SERVER_PID" 2>/dev/null
EXIT_CODE=$?
check "SIGTERM stops the sandbox cleanly (exit 0)" eval '[[ $STOPPED -eq 0 && $EXIT_CODE -eq 0 ]]'
SERVER_PID=""
check "the request log never contains a credential" \
  eval '! grep -q -e "$MSP_KEY" -e "$OO_TOKEN" -e demo-smarterpay-token -e demo-qonto-token "$WORK/stderr"'

echo "$PASS passed, $FAIL failed"
[[ $FAIL -eq 0 ]]
