#!/usr/bin/env bash
# Clicks Pay on the sandbox's payment page in headless Chromium (driven through ChromeDriver's
# WebDriver API with curl) and checks that the MultiSafepay order became completed.
# Usage: payment_page_browser_test.sh PATH_TO_PAYLINK_SANDBOX. Exit 77 = skipped (no browser here).
set -uo pipefail
sandbox_bin=$1
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  echo "SKIP: chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)"
  exit 77
fi
work=$(mktemp -d)
cleanup() {
  [ -n "${session:-}" ] && curl -s -X DELETE "$wd/session/$session" >/dev/null
  [ -n "${driver_pid:-}" ] && kill "$driver_pid" 2>/dev/null
  [ -n "${sandbox_pid:-}" ] && kill "$sandbox_pid" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; echo "0 passed, 1 failed"; exit 1; }

key=${PAYLINK_MULTISAFEPAY_API_KEY:-demo-multisafepay-api-key}
"$sandbox_bin" --port 0 --quiet > "$work/sandbox.out" &
sandbox_pid=$!
for _ in $(seq 100); do grep -q '^listening on ' "$work/sandbox.out" && break; sleep 0.05; done
base=$(sed -n 's/^listening on //p' "$work/sandbox.out" | head -1)
[ -n "$base" ] || fail "sandbox did not start"

created=$(curl -s -X POST "$base/v1/json/orders" -H "api_key: $key" -H 'Content-Type: application/json' \
  -d '{"type":"paymentlink","order_id":"browser-1","currency":"EUR","amount":1250,"description":"Browser check"}')
pay_url=$(printf '%s' "$created" | sed -n 's/.*"payment_url":"\([^"]*\)".*/\1/p')
[ -n "$pay_url" ] || fail "no payment_url in $created"

port=$((20000 + RANDOM % 20000))
chromedriver --port="$port" > "$work/driver.log" 2>&1 &
driver_pid=$!
wd="http://127.0.0.1:$port"
for _ in $(seq 100); do curl -s "$wd/status" | grep -q '"ready":true' && break; sleep 0.1; done

caps='{"capabilities":{"alwaysMatch":{"goog:chromeOptions":{"binary":"/usr/bin/chromium","args":["--headless","--no-sandbox","--disable-gpu","--disable-dev-shm-usage","--no-first-run","--disable-background-networking","--disable-component-update","--disable-sync","--user-data-dir='"$work"'/profile"]}}}}'
resp=$(curl -s -X POST "$wd/session" -H 'Content-Type: application/json' -d "$caps")
session=$(printf '%s' "$resp" | sed -n 's/.*"sessionId":"\([^"]*\)".*/\1/p')
[ -n "$session" ] || fail "no WebDriver session: $resp"

curl -s -X POST "$wd/session/$session/url" -H 'Content-Type: application/json' -d "{\"url\":\"$pay_url\"}" >/dev/null
page=$(curl -s "$wd/session/$session/source")
printf '%s' "$page" | grep -q '12.50' || fail "the payment page does not show the amount"
resp_elem=$(curl -s -X POST "$wd/session/$session/element" -H 'Content-Type: application/json' \
  -d '{"using":"css selector","value":"#pay"}')
elem=$(printf '%s' "$resp_elem" | sed -n 's/.*"element-6066-11e4-a52e-4f735466cecf": *"\([^"]*\)".*/\1/p')
[ -n "$elem" ] || fail "no Pay button (#pay) on the page"
curl -s -X POST "$wd/session/$session/element/$elem/click" -H 'Content-Type: application/json' -d '{}' >/dev/null

status=""
for _ in $(seq 50); do
  status=$(curl -s "$base/v1/json/orders/browser-1" -H "api_key: $key" | sed -n 's/.*"status":"\([a-z]*\)".*/\1/p')
  [ "$status" = "completed" ] && break
  sleep 0.1
done
[ "$status" = "completed" ] || fail "order status after clicking Pay is '$status', expected completed"
echo "PASS: clicking Pay in headless Chromium completed order browser-1"
echo "1 passed, 0 failed"
