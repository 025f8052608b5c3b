#!/usr/bin/env bash
# paylink-sandbox --tls: it serves HTTPS with a CA it makes at start-up and prints the CA file on the
# line after the (still parseable) listening line; the CA is trusted by curl --cacert and paylink
# --ca-bundle and by nothing else; a link created over TLS has an https payment page that can be paid,
# the paid webhook still reaches a (plain http) receiver, the private temporary directory is removed at
# exit and --tls-dir keeps its files.
# Usage: sandbox_tls_test.sh PAYLINK_SANDBOX PAYLINK
set -uo pipefail
sandbox=$(realpath "$1")
paylink=$(realpath "$2")
work=$(mktemp -d "${TMPDIR:-/tmp}/paylink-sandbox-tls-test.XXXXXX")
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
passed=0 failed=0
check() {  # check NAME COMMAND...
  local name=$1
  shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $name" >&2; fi
}
die() { echo "FAIL: $*" >&2; exit 1; }

export PAYLINK_QONTO_TOKEN=sandbox-tls-test-qonto-token-4e1c
export PAYLINK_QONTO_WEBHOOK_SECRET=whsec_sandbox_tls_test_secret_0123456789ab
unset PAYLINK_QONTO_LOGIN PAYLINK_QONTO_SECRET_KEY PAYLINK_QONTO_STAGING_TOKEN PAYLINK_CA_BUNDLE

# start_sandbox OUT ARGS...: waits for the CA line (printed with the listening line, in one flush).
start_sandbox() {
  local out=$1
  shift
  "$sandbox" --port 0 --quiet "$@" >"$out" 2>"$out.err" &
  pids+=($!)
  sandbox_pid=$!
  for _ in $(seq 200); do grep -q '^ca file: ' "$out" 2>/dev/null && return 0; sleep 0.05; done
  die "paylink-sandbox $* did not print its CA file: $(cat "$out" "$out.err")"
}

start_sandbox "$work/tls.out" --tls
first=$(sed -n 1p "$work/tls.out")
second=$(sed -n 2p "$work/tls.out")
[[ $first =~ ^listening\ on\ https://127\.0\.0\.1:([0-9]+)$ ]]
check "the first line is 'listening on https://127.0.0.1:PORT' (got '$first')" test $? -eq 0
port=${BASH_REMATCH[1]:-0}
base="https://127.0.0.1:$port"
ca=${second#ca file: }
tls_dir=$(dirname "$ca")
check "the second line names an existing CA file (got '$second')" test -s "$ca"
check "the CA file is a PEM certificate" grep -q -- '-----BEGIN CERTIFICATE-----' "$ca"
check "the temporary directory is private (0700)" test "$(stat -c %a "$tls_dir")" = 700
check "the server key is readable by its owner only (0600)" test "$(stat -c %a "$tls_dir/server.key")" = 600
# The way the existing scripts read the start line still gives the base URL.
check "sed 's/^listening on //' still yields only the base URL" \
  test "$(sed -n 's/^listening on //p' "$work/tls.out")" = "$base"

curl -s -o /dev/null "$base/__sandbox/health"
check "curl without the CA refuses the certificate (exit 60)" test $? -eq 60
health=$(curl -s --cacert "$ca" "$base/__sandbox/health")
check "curl --cacert: the handshake and the request pass (got '$health')" grep -q '"status":"ok"' <<<"$health"
health=$(curl -s --cacert "$ca" "https://localhost:$port/__sandbox/health")
check "the certificate also names localhost (got '$health')" grep -q '"status":"ok"' <<<"$health"
curl -s -o /dev/null --cacert "$ca" "http://127.0.0.1:$port/__sandbox/health"
check "plain http is not served on the TLS port" test $? -ne 0

# A webhook receiver over plain http: the notifier keeps working when the sandbox serves TLS.
"$paylink" listen --provider qonto --port 0 >"$work/listen.out" 2>"$work/listen.err" &
pids+=($!)
listen_url=""
for _ in $(seq 100); do
  listen_url=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$work/listen.err" | head -1)
  [ -n "$listen_url" ] && break
  sleep 0.05
done
[ -n "$listen_url" ] || die "paylink listen did not start: $(cat "$work/listen.err")"
sub=$(curl -s --cacert "$ca" -X POST "$base/v2/webhook_subscriptions" -H "Authorization: Bearer $PAYLINK_QONTO_TOKEN" \
  -H 'Content-Type: application/json' \
  -d "{\"callback_url\":\"$listen_url/qonto\",\"types\":[\"v1/payment-links\"],\"secret\":\"$PAYLINK_QONTO_WEBHOOK_SECRET\"}")
check "a Qonto webhook subscription is made over TLS (got '$sub')" grep -q '"callback_url"' <<<"$sub"

"$paylink" create --provider qonto --base-url "$base" --amount 12.34 --currency EUR --description "TLS test" \
  --json >"$work/create.out" 2>"$work/create.err"
check "paylink create without --ca-bundle is refused (exit 4)" test $? -eq 4
check "  and the refusal names the TLS problem" grep -q 'TLS: SSL certificate problem' "$work/create.err"
created=$("$paylink" create --provider qonto --base-url "$base" --ca-bundle "$ca" --amount 12.34 --currency EUR \
  --description "TLS test" --json 2>"$work/create.err")
check "paylink create --ca-bundle works over TLS ($(cat "$work/create.err"))" test $? -eq 0
id=$(sed -n 's/.*"id":"\([^"]*\)".*/\1/p' <<<"$created")
url=$(sed -n 's/.*"url":"\([^"]*\)".*/\1/p' <<<"$created")
check "the payment page is served over https by the same sandbox (got '$url')" test "$url" = "$base/pay/$id"
page=$(curl -s --cacert "$ca" "$url")
check "the payment page shows the link's amount" grep -q '12.34' <<<"$page"
paid=$(curl -s --cacert "$ca" -X POST -H 'Accept: application/json' "$url/pay")
check "the page's Pay button marks the link paid (got '$paid')" grep -q '"state":"paid"' <<<"$paid"
status=$(PAYLINK_CA_BUNDLE=$ca "$paylink" get --provider qonto --base-url "$base" "$id" --json 2>&1)
check "paylink get (PAYLINK_CA_BUNDLE) reads the paid status (got '$status')" grep -q '"status":"paid"' <<<"$status"
for _ in $(seq 100); do grep -q '"status":"paid"' "$work/listen.out" && break; sleep 0.05; done
check "the paid webhook reached the receiver and verified" grep -q "\"id\":\"$id\",\"status\":\"paid\"" "$work/listen.out"

kill -TERM "$sandbox_pid"
wait "$sandbox_pid"
check "SIGTERM stops the TLS sandbox with exit 0" test $? -eq 0
check "the private temporary directory is removed at exit" test ! -e "$tls_dir"

start_sandbox "$work/dir.out" --tls-dir "$work/kept"
check "--tls-dir implies --tls" grep -q '^listening on https://' "$work/dir.out"
check "--tls-dir: the CA file is in DIR" test "$(sed -n 's/^ca file: //p' "$work/dir.out")" = "$work/kept/ca.pem"
kill -TERM "$sandbox_pid"
wait "$sandbox_pid"
check "--tls-dir: ca.pem, server.pem and server.key are kept at exit" \
  test -s "$work/kept/ca.pem" -a -s "$work/kept/server.pem" -a -s "$work/kept/server.key"

touch "$work/a-file"
"$sandbox" --port 0 --tls-dir "$work/a-file/sub" >"$work/bad.out" 2>"$work/bad.err"
check "an unusable --tls-dir: exit 1" test $? -eq 1
check "  and it is named" grep -q -- "--tls-dir $work/a-file/sub: cannot create the directory" "$work/bad.err"
check "  and nothing is served" test ! -s "$work/bad.out"
"$sandbox" --tls-dir >/dev/null 2>"$work/usage.err"
check "--tls-dir without a directory: exit 2" test $? -eq 2
help_text=$("$sandbox" --help)
check "--tls and --tls-dir are in --help" grep -q -- '--tls-dir DIR' <<<"$help_text"

! grep -rq -e "$PAYLINK_QONTO_TOKEN" -e "$PAYLINK_QONTO_WEBHOOK_SECRET" "$work"/*.out "$work"/*.err
check "no credential appears in any output" test $? -eq 0

echo "sandbox tls: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
