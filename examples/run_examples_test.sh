#!/usr/bin/env bash
# Runs every example program against a fresh paylink-sandbox and checks what each prints.
# Usage: run_examples_test.sh PAYLINK_SANDBOX EXAMPLES_DIR
set -uo pipefail
sandbox=${1:?usage: run_examples_test.sh PAYLINK_SANDBOX EXAMPLES_DIR}
examples=${2:?usage: run_examples_test.sh PAYLINK_SANDBOX EXAMPLES_DIR}

# The sandbox's documented demo credentials; the sandbox reads the same variables.
export PAYLINK_ONOFFICE_TOKEN=demo0onoffice0token0000000000000
export PAYLINK_ONOFFICE_SECRET=demo0onoffice0secret00000000000000000000000000000000000000000000
export PAYLINK_MULTISAFEPAY_API_KEY=demo-multisafepay-api-key
export PAYLINK_SMARTERPAY_TOKEN=demo-smarterpay-token
export PAYLINK_QONTO_TOKEN=demo-qonto-token
unset PAYLINK_QONTO_LOGIN PAYLINK_QONTO_SECRET_KEY PAYLINK_QONTO_STAGING_TOKEN
unset PAYLINK_ONOFFICE_BASE_URL PAYLINK_MULTISAFEPAY_BASE_URL PAYLINK_SMARTERPAY_BASE_URL PAYLINK_QONTO_BASE_URL

work=$(mktemp -d)
sandbox_pid=""
cleanup() {
  if [ -n "$sandbox_pid" ]; then
    kill "$sandbox_pid" 2>/dev/null
    wait "$sandbox_pid" 2>/dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT

"$sandbox" --port 0 --quiet >"$work/sandbox.out" 2>"$work/sandbox.err" &
sandbox_pid=$!
base=""
for _ in $(seq 1 100); do
  line=$(head -n 1 "$work/sandbox.out" 2>/dev/null)
  if [[ $line == "listening on "* ]]; then
    base=${line#listening on }
    break
  fi
  sleep 0.1
done
if [ -z "$base" ]; then
  echo "paylink-sandbox did not start:"
  cat "$work/sandbox.err"
  exit 1
fi
echo "sandbox at $base"

passed=0
failed=0
# check NAME EXPECTED_EXIT PATTERN COMMAND... : runs COMMAND, expects the exit code and PATTERN (an
# extended regex) in its stdout.
check() {
  local name=$1 expected=$2 pattern=$3
  shift 3
  local out rc
  out=$("$@" 2>"$work/stderr")
  rc=$?
  if [ "$rc" -eq "$expected" ] && grep -Eq -- "$pattern" <<<"$out"; then
    passed=$((passed + 1))
    echo "ok    $name"
  else
    failed=$((failed + 1))
    echo "FAIL  $name: exit $rc (expected $expected), stdout:"
    printf '%s\n' "$out" | sed 's/^/      /'  # indented
    echo "      stderr:"
    sed 's/^/      /' "$work/stderr"
  fi
}

check onoffice_create 0 "^created http://.*/pay/.* \(open, 1100.50 EUR, transaction 1100135697\)" \
  "$examples/onoffice_create" "$base/api/stable/api.php"
check multisafepay_create_and_get 0 "is open \(.*\), 25.00 EUR" \
  "$examples/multisafepay_create_and_get" "$base/v1/json/"
check smarterpay_create_and_get 0 "is open, 27.50 GBP" \
  "$examples/smarterpay_create_and_get" "$base/service.svc/"
check qonto_create_and_get 0 "is open, [0-9]+\.[0-9]{2} EUR" \
  "$examples/qonto_create_and_get" "$base"
# Two more Qonto links, so that the walk (pages of two) crosses a page boundary.
"$examples/qonto_create_and_get" "$base" >/dev/null 2>&1
"$examples/qonto_create_and_get" "$base" >/dev/null 2>&1
check list_all_links 0 "^3 open links$" \
  "$examples/list_all_links" "$base"
# Twelve creates through AsyncClient at once, each read back by a callback.
check async_create_many 0 "^created 12 links, 12 read back open$" \
  "$examples/async_create_many" "$base" 12
# The base URL can come from the environment instead of argv[1].
check qonto_base_url_from_env 0 "is open" \
  env PAYLINK_QONTO_BASE_URL="$base" "$examples/qonto_create_and_get"
# A failure is reported and the exit code is non-zero.
check qonto_wrong_token_fails 1 "" \
  env PAYLINK_QONTO_TOKEN=not-the-token "$examples/qonto_create_and_get" "$base"

# A notification signed the way MultiSafepay signs them:
#   Auth = base64("<ts>:" + hex(HMAC-SHA512(api_key, "<ts>:" + body)))
body='{"order_id":"order-7","status":"completed","financial_status":"completed","amount":2500,"currency":"EUR","description":"Order 7: two tickets","created":"2024-01-01T10:00:00"}'
printf '%s' "$body" >"$work/body.json"
ts=$(date +%s)
signature=$(printf '%s:%s' "$ts" "$body" | openssl dgst -sha512 -hmac "$PAYLINK_MULTISAFEPAY_API_KEY" -hex | sed 's/^.*= //')
auth=$(printf '%s:%s' "$ts" "$signature" | base64 -w 0)
check verify_webhook_valid 0 "^valid: order order-7 is paid" \
  "$examples/verify_webhook" "$work/body.json" "$auth"
printf '%s ' "$body" >"$work/body_changed.json"  # one added space breaks the signature
check verify_webhook_changed_body 1 "" \
  "$examples/verify_webhook" "$work/body_changed.json" "$auth"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
