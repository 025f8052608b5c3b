#!/usr/bin/env bash
# paylink-sandbox pushes signed webhooks, `paylink listen` verifies them: for Qonto, MultiSafepay and
# SmarterPay a link paid on the sandbox's payment page (clicked in headless Chromium when it is
# installed, else the page's own Pay form posted with curl) gives exactly one verified "paid" line; a
# forged delivery is refused with the vendor's status and not printed; a redelivery of the same event is
# acknowledged and reported once; MultiSafepay's redelivery reaches a receiver that was down at first;
# SIGTERM stops listen with exit 0.
# Usage: listen_webhooks_test.sh PATH_TO_PAYLINK PATH_TO_PAYLINK_SANDBOX
set -uo pipefail
paylink_bin=$1
sandbox_bin=$2

work=$(mktemp -d)
pids=()
cleanup() {
  [ -n "${session:-}" ] && curl -s -X DELETE "$wd/session/$session" >/dev/null
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
passed=0
failed=0
pass() { echo "PASS: $*"; passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
die() { echo "FAIL: $*"; echo "$passed passed, $((failed + 1)) failed"; exit 1; }

# Secrets: the sandbox signs with what the subscription holds, listen verifies with the env variable.
export PAYLINK_MULTISAFEPAY_API_KEY=listen-test-msp-api-key-7f3a
export PAYLINK_QONTO_TOKEN=listen-test-qonto-token
export PAYLINK_SMARTERPAY_TOKEN=listen-test-smarterpay-token
export PAYLINK_QONTO_WEBHOOK_SECRET=whsec_listen_test_qonto_secret_0123456789
export PAYLINK_SMARTERPAY_WEBHOOK_KEY=listen-test-smarterpay-webhook-key
unset PAYLINK_QONTO_LOGIN PAYLINK_QONTO_SECRET_KEY PAYLINK_QONTO_STAGING_TOKEN

# MultiSafepay resends 3 times, 2 s apart here (15 minutes in real life): time enough to start a receiver.
"$sandbox_bin" --port 0 --quiet --redelivery-interval-ms 2000 >"$work/sandbox.out" 2>"$work/sandbox.err" &
pids+=($!)
for _ in $(seq 100); do grep -q '^listening on ' "$work/sandbox.out" && break; sleep 0.05; done
base=$(sed -n 's/^listening on //p' "$work/sandbox.out" | head -1)
[ -n "$base" ] || die "sandbox did not start"

# Starts `paylink listen --provider $1 [$2...]`; sets listen_pid and listen_url. Output in $work/$1.out/.err.
start_listen() {
  local provider=$1
  shift
  : >"$work/$provider.out"
  : >"$work/$provider.err"
  "$paylink_bin" listen --provider "$provider" "$@" >>"$work/$provider.out" 2>>"$work/$provider.err" &
  listen_pid=$!
  pids+=($listen_pid)
  listen_url=""
  for _ in $(seq 100); do
    listen_url=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$work/$provider.err" | head -1)
    [ -n "$listen_url" ] && break
    sleep 0.05
  done
  [ -n "$listen_url" ] || die "paylink listen --provider $provider did not start: $(cat "$work/$provider.err")"
}
paid_lines() { grep -c '"status":"paid"' "$work/$1.out"; }
# Waits until $1's output has a paid line (at most 5 s).
wait_paid() { for _ in $(seq 100); do [ "$(paid_lines "$1")" -ge 1 ] && return 0; sleep 0.05; done; return 1; }

# ---- the payment page: one headless Chromium session for the three links ----
browser=no
if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
  port=$((20000 + RANDOM % 20000))
  chromedriver --port="$port" >"$work/driver.log" 2>&1 &
  pids+=($!)
  wd="http://127.0.0.1:$port"
  for _ in $(seq 100); do curl -s "$wd/status" | grep -q '"ready":true' && break; sleep 0.1; done
  caps='{"capabilities":{"alwaysMatch":{"goog:chromeOptions":{"binary":"/usr/bin/chromium","args":["--headless","--no-sandbox","--disable-gpu","--disable-dev-shm-usage","--no-first-run","--disable-background-networking","--disable-component-update","--disable-sync","--user-data-dir='"$work"'/profile"]}}}}'
  resp=$(curl -s -X POST "$wd/session" -H 'Content-Type: application/json' -d "$caps")
  session=$(printf '%s' "$resp" | sed -n 's/.*"sessionId":"\([^"]*\)".*/\1/p')
  [ -n "$session" ] && browser=yes
fi
echo "payment page driven by: $([ $browser = yes ] && echo 'headless Chromium' || echo 'curl (chromium not installed)')"
# Pays the link whose page is $1, the way a payer does.
pay() {
  if [ $browser = yes ]; then
    curl -s -X POST "$wd/session/$session/url" -H 'Content-Type: application/json' -d "{\"url\":\"$1\"}" >/dev/null
    local elem
    elem=$(curl -s -X POST "$wd/session/$session/element" -H 'Content-Type: application/json' \
      -d '{"using":"css selector","value":"#pay"}' |
      sed -n 's/.*"element-6066-11e4-a52e-4f735466cecf": *"\([^"]*\)".*/\1/p')
    [ -n "$elem" ] || die "no Pay button on $1"
    curl -s -X POST "$wd/session/$session/element/$elem/click" -H 'Content-Type: application/json' -d '{}' >/dev/null
  else
    curl -s -o /dev/null -X POST "$1/pay"  # the form's action
  fi
}

# ================================ Qonto ================================
start_listen qonto --port 0
qonto_listen_url=$listen_url
sub=$(curl -s -X POST "$base/v2/webhook_subscriptions" -H "Authorization: Bearer $PAYLINK_QONTO_TOKEN" \
  -H 'Content-Type: application/json' \
  -d "{\"callback_url\":\"$listen_url/qonto\",\"types\":[\"v1/payment-links\"],\"secret\":\"$PAYLINK_QONTO_WEBHOOK_SECRET\"}")
printf '%s' "$sub" | grep -q '"secret":"whsec_listen_test' || die "Qonto subscription not created: $sub"
code=$(curl -s -o "$work/sub.err" -w '%{http_code}' -X POST "$base/v2/webhook_subscriptions" \
  -H "Authorization: Bearer $PAYLINK_QONTO_TOKEN" -H 'Content-Type: application/json' \
  -d '{"callback_url":"https://example.com/hook","types":["v1/payment-links"],"secret":"short"}')
[ "$code" = 422 ] && grep -q '/callback_url' "$work/sub.err" && grep -q '/secret' "$work/sub.err" &&
  pass "qonto: a subscription to a non-loopback URL with a short secret is refused (422, both named)" ||
  fail "qonto: bad subscription answered $code: $(cat "$work/sub.err")"
created=$("$paylink_bin" create --provider qonto --base-url "$base" --amount 25.00 --currency EUR \
  --description "Listen test" --json) || die "qonto create failed: $created"
qonto_id=$(printf '%s' "$created" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
qonto_url=$(printf '%s' "$created" | sed -n 's/.*"url":"\([^"]*\)".*/\1/p')
pay "$qonto_url"
if wait_paid qonto && [ "$(paid_lines qonto)" = 1 ] &&
  grep -q "^{\"provider\":\"qonto\",\"id\":\"$qonto_id\",\"status\":\"paid\",\"raw_status\":\"paid\",\"event_id\":\"[0-9a-f-]\{36\}\",\"received_at\":\"20[0-9-]*T[0-9:]*Z\"}$" "$work/qonto.out"; then
  pass "qonto: one verified paid line for link $qonto_id"
else
  fail "qonto: expected one paid line for $qonto_id; stdout: $(cat "$work/qonto.out"); stderr: $(cat "$work/qonto.err")"
fi
grep -q "\"id\":\"$qonto_id\",\"status\":\"open\"" "$work/qonto.out" &&
  pass "qonto: the created event is reported as open" || fail "qonto: no open line for the created event"

# The sandbox's own delivery of the paid event, replayed byte for byte: a redelivery (same event id).
notifications=$(curl -s "$base/__sandbox/notifications")
replay=$(printf '%s' "$notifications" | python3 -c '
import json, sys
for n in json.load(sys.stdin)["notifications"]:
    if n["vendor"] == "qonto" and n["status"] == "paid" and n["delivered"]:
        print(n["signature"]); print(n["body"]); break')
signature=$(printf '%s\n' "$replay" | sed -n 1p)
body=$(printf '%s\n' "$replay" | sed -n 2p)
lines_before=$(wc -l <"$work/qonto.out")
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$qonto_listen_url/qonto" -H "X-Qonto-Signature: $signature" \
  -H 'Content-Type: application/json' --data-binary "$body")
sleep 0.2
if [ "$code" = 200 ] && [ "$(wc -l <"$work/qonto.out")" = "$lines_before" ] && grep -q "repeat of qonto event" "$work/qonto.err"; then
  pass "qonto: a redelivery of the same event is acknowledged (200) and reported once"
else
  fail "qonto: redelivery answered $code; stdout now $(wc -l <"$work/qonto.out") lines (was $lines_before)"
fi

# Forged: the same body signed with another secret, and a tampered body with the real signature.
ts=$(date +%s)
forged_sig=$(printf '%s.%s' "$ts" "$body" | openssl dgst -sha256 -hmac "not-the-secret-0123456789abcdef0123" | sed 's/.* //')
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$qonto_listen_url/qonto" -H "X-Qonto-Signature: t=$ts,v1=$forged_sig" \
  --data-binary "$body")
code2=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$qonto_listen_url/qonto" -H "X-Qonto-Signature: $signature" \
  --data-binary "${body/paid/open}")
sleep 0.2
if [ "$code" = 401 ] && [ "$code2" = 401 ] && [ "$(wc -l <"$work/qonto.out")" = "$lines_before" ] &&
  [ "$(grep -c 'refused qonto delivery.*bad_signature' "$work/qonto.err")" = 2 ]; then
  pass "qonto: forged and tampered deliveries are refused (401), not printed, the reason on stderr"
else
  fail "qonto: forged answered $code/$code2; stderr: $(cat "$work/qonto.err")"
fi

# ============================= MultiSafepay =============================
# The receiver is down when the link is paid: the first notification fails, a resend (2 s apart)
# reaches listen, started on the same port in between.
start_listen multisafepay --port 0
msp_port=${listen_url##*:}
kill -TERM "$listen_pid"
wait "$listen_pid"
rc=$?
[ "$rc" = 0 ] && grep -q 'listen: stopped' "$work/multisafepay.err" &&
  pass "listen stops on SIGTERM with exit 0" || fail "listen exit code after SIGTERM: $rc"
created=$("$paylink_bin" create --provider multisafepay --base-url "$base/v1/json/" --amount 12.50 --currency EUR \
  --description "Listen test" --set "notification_url=http://127.0.0.1:$msp_port/msp" --json) ||
  die "multisafepay create failed: $created"
msp_id=$(printf '%s' "$created" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
msp_url=$(printf '%s' "$created" | sed -n 's/.*"url":"\([^"]*\)".*/\1/p')
pay "$msp_url"
start_listen multisafepay --port "$msp_port"
for _ in 1 2 3; do wait_paid multisafepay && break; done  # up to 15 s: the resends span 6 s
if [ "$(paid_lines multisafepay)" = 1 ] &&
  grep -q "^{\"provider\":\"multisafepay\",\"id\":\"$msp_id\",\"status\":\"paid\",\"raw_status\":\"completed\",\"event_id\":null," "$work/multisafepay.out"; then
  pass "multisafepay: one verified paid line for order $msp_id, through a redelivery"
else
  fail "multisafepay: stdout: $(cat "$work/multisafepay.out"); stderr: $(cat "$work/multisafepay.err")"
fi
attempts=$(curl -s "$base/__sandbox/notifications" | python3 -c '
import json, sys
n = [x for x in json.load(sys.stdin)["notifications"] if x["vendor"] == "multisafepay" and x["status"] == "completed"]
print(" ".join("%d:%s" % (x["attempt"], "ok" if x["delivered"] else "failed") for x in n))')
resent='^1:failed( [0-9]+:failed)* [0-9]+:ok$'
[[ "$attempts" =~ $resent ]] && pass "multisafepay: attempt 1 failed, the resend was acknowledged ($attempts)" ||
  fail "multisafepay: delivery attempts were: $attempts"
msp_listen_url=$listen_url
code=$(curl -s -w '%{http_code}' -o "$work/msp.answer" -X POST "$msp_listen_url/msp" \
  -H "Auth: $(printf '%s:%s' "$ts" "$(printf 'x' | openssl dgst -sha512 -hmac wrong | sed 's/.* //')" | base64 -w0)" \
  --data-binary '{"order_id":"x","status":"completed"}')
sleep 0.2
[ "$code" = 401 ] && [ "$(paid_lines multisafepay)" = 1 ] && grep -q 'refused multisafepay delivery' "$work/multisafepay.err" &&
  pass "multisafepay: a forged notification is refused (401) and not printed" || fail "multisafepay: forged answered $code"

# ============================== SmarterPay ==============================
start_listen smarterpay --port 0 --forward-to "$base/__sandbox/inbox/forwarded"
sp_listen_url=$listen_url
resp=$(curl -s -X POST "$base/__sandbox/smarterpay/webhook_subscriptions" -H 'Content-Type: application/json' \
  -d "{\"url\":\"$listen_url/smarterpay\",\"key\":\"$PAYLINK_SMARTERPAY_WEBHOOK_KEY\"}")
printf '%s' "$resp" | grep -q '"id"' || die "SmarterPay subscription not created: $resp"
created=$(curl -s -X POST "$base/service.svc/paymentlink" -H "Authorization: Bearer $PAYLINK_SMARTERPAY_TOKEN" \
  -H 'Content-Type: application/json' \
  -d '{"payment_link":{"ecommerce_page":"shop","amount":"990","description":"Listen test","card_payment_custom_reference":"listen-sp-1"}}')
sp_url=$(printf '%s' "$created" | sed -n 's/.*"url":"\([^"]*\)".*/\1/p')
[ -n "$sp_url" ] || die "SmarterPay link not created: $created"
pay "$sp_url"
if wait_paid smarterpay && [ "$(paid_lines smarterpay)" = 1 ] &&
  grep -q '^{"provider":"smarterpay","id":"listen-sp-1","status":"paid","raw_status":"successful","event_id":"' "$work/smarterpay.out"; then
  pass "smarterpay: one verified paid line, correlated by the card payment's custom reference"
else
  fail "smarterpay: stdout: $(cat "$work/smarterpay.out"); stderr: $(cat "$work/smarterpay.err")"
fi
forwarded=""
for _ in $(seq 100); do
  forwarded=$(curl -s "$base/__sandbox/inbox" | python3 -c '
import json, sys
for d in json.load(sys.stdin)["inbox"]:
    if d["target"] == "/__sandbox/inbox/forwarded": print(d["body"])')
  [ -n "$forwarded" ] && break
  sleep 0.05
done
[ -n "$forwarded" ] && [ "$forwarded" = "$(grep '"status":"paid"' "$work/smarterpay.out")" ] &&
  pass "smarterpay: --forward-to POSTed the event's JSON line" || fail "smarterpay: forwarded: '$forwarded'"
body=$(curl -s "$base/__sandbox/notifications" | python3 -c '
import json, sys
print([x for x in json.load(sys.stdin)["notifications"] if x["vendor"] == "smarterpay"][0]["body"])')
forged=$(printf '%s' "$body" | openssl dgst -sha256 -hmac "not-the-key" | sed 's/.* //')
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$sp_listen_url/smarterpay" -H "Webhook-Signature: $forged" --data-binary "$body")
sleep 0.2
[ "$code" = 498 ] && [ "$(paid_lines smarterpay)" = 1 ] && grep -q 'refused smarterpay delivery.*bad_signature' "$work/smarterpay.err" &&
  pass "smarterpay: a forged delivery is refused with 498 and not printed" || fail "smarterpay: forged answered $code"

# ============================== every vendor ==============================
leaks=$(cat "$work"/*.out "$work"/*.err | grep -c -e "$PAYLINK_QONTO_WEBHOOK_SECRET" -e "$PAYLINK_MULTISAFEPAY_API_KEY" \
  -e "$PAYLINK_SMARTERPAY_WEBHOOK_KEY")
[ "$leaks" = 0 ] && pass "no secret in any output of listen" || fail "a secret appears $leaks times in the output"
"$paylink_bin" listen --provider onoffice --port 0 >/dev/null 2>"$work/onoffice.err"
rc=$?
[ "$rc" = 2 ] && grep -q 'onoffice sends no webhooks' "$work/onoffice.err" &&
  pass "listen --provider onoffice: exit 2, onOffice sends no webhooks" || fail "onoffice: exit $rc"
env -u PAYLINK_QONTO_WEBHOOK_SECRET "$paylink_bin" listen --provider qonto --port 0 >/dev/null 2>"$work/nosecret.err"
rc=$?
[ "$rc" = 2 ] && grep -q 'PAYLINK_QONTO_WEBHOOK_SECRET' "$work/nosecret.err" &&
  pass "listen without the secret's variable: exit 2 naming it" || fail "no secret: exit $rc"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
