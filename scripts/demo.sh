#!/usr/bin/env bash
# The README's first command: the whole product on a fresh machine, offline.
#
# Installs what is missing, builds the `paylink` command-line tool and `paylink-sandbox` (a local
# emulation of the four vendors' APIs), starts the sandbox, creates a payment link at onOffice,
# MultiSafepay, SmarterPay and Qonto through the real libcurl transport, shows each link's URL and
# status, lists them, expires one, pays one on its payment page while `paylink listen` receives and
# verifies Qonto's signed webhook, and stops the sandbox (always, also on failure or Ctrl-C).
#
# Usage: bash scripts/demo.sh            (build directory: build/demo, or $PAYLINK_DEMO_BUILD_DIR)
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS

if [[ -t 1 ]]; then bold=$'\033[1m' plain=$'\033[0m'; else bold="" plain=""; fi
section() { printf '\n%s== %s%s\n' "$bold" "$*" "$plain"; }
# Shows a paylink command as a user would type it, runs it, shows its output and keeps it in $output.
output=""
paylink() {
  local shown="" arg
  for arg in "$@"; do
    if [[ $arg =~ ^[A-Za-z0-9_./:=,@+-]+$ ]]; then shown+=" $arg"; else shown+=" \"$arg\""; fi
  done
  printf '$ paylink%s\n' "$shown"
  output=$("$PAYLINK" "$@")
  [[ -z "$output" ]] || printf '%s\n' "$output"
}
first_id() { awk 'NR == 1 {print $2}' <<<"$output"; }  # the id column of the first line of the output

section "1/8 Packages (installs only what is missing)"
bash scripts/install-deps.sh
echo "ok"

section "2/8 Building paylink and paylink-sandbox (Ninja, -j2)"
build=${PAYLINK_DEMO_BUILD_DIR:-build/demo}
build_started=$SECONDS
# Unoptimised and without debug info: the demo's few requests need no speed, and this takes about 40 %
# less compile time than -O3 (the budget is two minutes on two cores). Only the two programs are built.
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-O0 \
      -DPAYLINK_BUILD_TESTS=OFF -DPAYLINK_BUILD_EXAMPLES=OFF -DPAYLINK_BUILD_TOOLS=ON >/dev/null
if ! cmake --build "$build" -j2 --target paylink-cli paylink-sandbox >"$build/demo-build.log" 2>&1; then
  tail -n 40 "$build/demo-build.log" >&2
  echo "the build failed; the whole log is $build/demo-build.log" >&2
  exit 1
fi
grep -E '^\[[0-9]+/[0-9]+\] Linking' "$build/demo-build.log" || echo "up to date"
PAYLINK=$build/tools/cli/paylink
SANDBOX=$build/tools/sandbox/paylink-sandbox
echo "built $PAYLINK and $SANDBOX in $((SECONDS - build_started)) s"

section "3/8 Starting paylink-sandbox on a free loopback port"
# The sandbox's documented demo credentials. The sandbox reads the same variables as paylink, so both
# agree; paylink takes credentials from the environment only and never prints them.
export PAYLINK_ONOFFICE_TOKEN=demo0onoffice0token0000000000000
export PAYLINK_ONOFFICE_SECRET=demo0onoffice0secret00000000000000000000000000000000000000000000
export PAYLINK_MULTISAFEPAY_API_KEY=demo-multisafepay-api-key
export PAYLINK_SMARTERPAY_TOKEN=demo-smarterpay-token
export PAYLINK_QONTO_TOKEN=demo-qonto-token
unset PAYLINK_QONTO_LOGIN PAYLINK_QONTO_SECRET_KEY PAYLINK_QONTO_STAGING_TOKEN

work=$(mktemp -d "${TMPDIR:-/tmp}/paylink-demo.XXXXXX")
sandbox_pid=""
listen_pid=""
stop_listen() {
  if [[ -n "$listen_pid" ]] && kill -0 "$listen_pid" 2>/dev/null; then
    kill "$listen_pid" 2>/dev/null || true  # SIGTERM: listen stops cleanly with exit 0
    wait "$listen_pid" 2>/dev/null || true
  fi
  listen_pid=""
}
stop_sandbox() {
  stop_listen
  if [[ -n "$sandbox_pid" ]] && kill -0 "$sandbox_pid" 2>/dev/null; then
    kill "$sandbox_pid" 2>/dev/null || true
    wait "$sandbox_pid" 2>/dev/null || true
    echo "paylink-sandbox (pid $sandbox_pid) stopped"
  fi
  sandbox_pid=""
  rm -rf "$work"
}
trap stop_sandbox EXIT
trap 'exit 130' INT TERM

"$SANDBOX" --port 0 --quiet >"$work/sandbox.out" 2>"$work/sandbox.err" &
sandbox_pid=$!
base=""
for _ in $(seq 1 100); do
  line=$(head -n 1 "$work/sandbox.out" 2>/dev/null || true)
  if [[ $line == "listening on "* ]]; then
    base=${line#listening on }
    break
  fi
  sleep 0.1
done
if [[ -z "$base" ]]; then
  echo "paylink-sandbox did not start:" >&2
  cat "$work/sandbox.err" >&2
  exit 1
fi
echo "paylink-sandbox (pid $sandbox_pid) listening on $base"

# Point each vendor at the sandbox; the same variables (or --base-url) point paylink anywhere else.
export PAYLINK_ONOFFICE_BASE_URL=$base/api/stable/api.php
export PAYLINK_MULTISAFEPAY_BASE_URL=$base/v1/json/
export PAYLINK_SMARTERPAY_BASE_URL=$base/service.svc/
export PAYLINK_QONTO_BASE_URL=$base
env | grep '^PAYLINK_.*_BASE_URL=' | sort

section "4/8 Creating a payment link at each vendor"
paylink create --provider onoffice --amount 1100.50 --currency EUR --description "Brokerage fee, Lindenstr. 4" \
        --set transaction_id=1100135697
paylink create --provider multisafepay --amount 25.00 --currency EUR --description "Order 7: two tickets" \
        --reference order-7 --set days_active=14
paylink create --provider smarterpay --amount 27.50 --currency GBP --description "Rent, March" \
        --reference tenant-0042 --set ecommerce_page=EP0001
smarterpay=$(first_id)
paylink create --provider qonto --amount 13.30 --currency EUR --description "Consulting, one hour" --json
paylink create --provider qonto --amount 89.00 --currency EUR --description "Workshop seat" \
        --set payment_methods=credit_card,apple_pay
qonto=$(first_id)

section "5/8 Listing links (SmarterPay and Qonto have a list; onOffice and MultiSafepay do not)"
paylink list --provider smarterpay
paylink list --provider qonto --all

section "6/8 Expiring the Qonto link $qonto, then getting it"
paylink expire --provider qonto "$qonto"
paylink get --provider qonto "$qonto" --json
paylink list --provider qonto --status open
paylink get --provider smarterpay "$smarterpay"

section "7/8 Paying a Qonto link on its payment page; paylink listen verifies Qonto's webhook"
# listen verifies every delivery with the subscription's secret (Qonto: 32 to 128 characters).
export PAYLINK_QONTO_WEBHOOK_SECRET=demo-qonto-webhook-secret-000000000000
echo '$ paylink listen --provider qonto --port 0 &'
"$PAYLINK" listen --provider qonto --port 0 >"$work/listen.out" 2>"$work/listen.err" &
listen_pid=$!
listen_url=""
for _ in $(seq 1 100); do
  listen_url=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$work/listen.err")
  [[ -n "$listen_url" ]] && break
  sleep 0.05
done
if [[ -z "$listen_url" ]]; then
  echo "paylink listen did not start:" >&2
  cat "$work/listen.err" >&2
  exit 1
fi
cat "$work/listen.err"
# What an application does once at Qonto: subscribe its receiver to payment-link events.
echo "Subscribing $listen_url/qonto to v1/payment-links (POST /v2/webhook_subscriptions)"
curl -sf -o /dev/null -X POST "$base/v2/webhook_subscriptions" -H "Authorization: Bearer $PAYLINK_QONTO_TOKEN" \
     -H 'Content-Type: application/json' \
     -d "{\"callback_url\":\"$listen_url/qonto\",\"types\":[\"v1/payment-links\"],\"secret\":\"$PAYLINK_QONTO_WEBHOOK_SECRET\"}"
paylink create --provider qonto --amount 42.00 --currency EUR --description "Invoice 2026-12"
paid=$(first_id)
pay_page=$(grep -o 'http://[^ ]*/pay/[^ ]*' <<<"$output" | head -n 1)
# The page's Pay button posts this form; a browser would do the same.
echo "Paying $pay_page (its Pay button: POST $pay_page/pay)"
curl -sf -o /dev/null -X POST "$pay_page/pay"
for _ in $(seq 1 100); do
  grep -q '"status":"paid"' "$work/listen.out" && break
  sleep 0.05
done
echo "paylink listen printed (one JSON line per verified event):"
cat "$work/listen.out"
grep -q "\"id\":\"$paid\",\"status\":\"paid\"" "$work/listen.out" || {
  echo "paylink listen did not report $paid paid:" >&2
  cat "$work/listen.err" >&2
  exit 1
}
stop_listen

section "8/8 Stopping the sandbox"
stop_sandbox
echo
echo "Demo finished in $((SECONDS - started)) s. Next: $PAYLINK --help, and the examples in examples/."
