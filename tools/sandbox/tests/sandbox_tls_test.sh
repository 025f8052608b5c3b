#!/usr/bin/env bash
# paylink-sandbox --tls: it serves HTTPS with a CA it makes at start-up and prints the CA file on the
# line after the (still parseable) listening line; the CA is trusted by curl --cacert and paylink
# --ca-bundle and by nothing else; a link created over TLS has an https payment page that can be paid,
# the paid webhook still reaches a (plain http) receiver, the private temporary directory is removed at
# exit and --tls-dir keeps its files.
# Usage: sandbox_tls_test.sh PAYLINK_SANDBOX PAYLINK
set -uo pipefail
# shellcheck source-path=SCRIPTDIR source=../../../tests/support/harness.sh
source "$(dirname "$0")/../../../tests/support/harness.sh"
SANDBOX=$(realpath "$1")
paylink=$(realpath "$2")

export PAYLINK_QONTO_TOKEN=sandbox-tls-test-qonto-token-4e1c
export PAYLINK_QONTO_WEBHOOK_SECRET=whsec_sandbox_tls_test_secret_0123456789ab
unset PAYLINK_QONTO_LOGIN PAYLINK_QONTO_SECRET_KEY PAYLINK_QONTO_STAGING_TOKEN PAYLINK_CA_BUNDLE

url=""
start_sandbox url --tls
first=$(sed -n 1p "$SANDBOX_OUT")
second=$(sed -n 2p "$SANDBOX_OUT")
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
  test "$(sed -n 's/^listening on //p' "$SANDBOX_OUT")" = "$base"

curl -s -o /dev/null "$base/__sandbox/health"
check "curl without the CA refuses the certificate (exit 60)" test $? -eq 60
health=$(curl -s --cacert "$ca" "$base/__sandbox/health")
check "curl --cacert: the handshake and the request pass (got '$health')" grep -q '"status":"ok"' <<<"$health"
health=$(curl -s --cacert "$ca" "https://localhost:$port/__sandbox/health")
check "the certificate also names localhost (got '$health')" grep -q '"status":"ok"' <<<"$health"
curl -s -o /dev/null --cacert "$ca" "http://127.0.0.1:$port/__sandbox/health"
check "plain http is not served on the TLS port" test $? -ne 0

# A webhook receiver over plain http: the notifier keeps working when the sandbox serves TLS.
"$paylink" listen --provider qonto --port 0 >"$WORK/listen.out" 2>"$WORK/listen.err" &
PIDS+=($!)
listen_url=""
for _ in $(seq 100); do
  listen_url=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$WORK/listen.err" | head -1)
  [ -n "$listen_url" ] && break
  sleep 0.05
done
[ -n "$listen_url" ] || die "paylink listen did not start: $(cat "$WORK/listen.err")"
sub=$(curl -s --cacert "$ca" -X POST "$base/v2/webhook_subscriptions" -H "Authorization: Bearer $PAYLINK_QONTO_TOKEN" \
  -H 'Content-Type: application/json' \
  -d "{\"callback_url\":\"$listen_url/qonto\",\"types\":[\"v1/payment-links\"],\"secret\":\"$PAYLINK_QONTO_WEBHOOK_SECRET\"}")
check "a Qonto webhook subscription is made over TLS (got '$sub')" grep -q '"callback_url"' <<<"$sub"

"$paylink" create --provider qonto --base-url "$base" --amount 12.34 --currency EUR --description "TLS test" \
  --json >"$WORK/create.out" 2>"$WORK/create.err"
check "paylink create without --ca-bundle is refused (exit 4)" test $? -eq 4
check "  and the refusal names the TLS problem" grep -q 'TLS: SSL certificate problem' "$WORK/create.err"
created=$("$paylink" create --provider qonto --base-url "$base" --ca-bundle "$ca" --amount 12.34 --currency EUR \
  --description "TLS test" --json 2>"$WORK/create.err")
check "paylink create --ca-bundle works over TLS ($(cat "$WORK/create.err"))" test $? -eq 0
id=$(sed -n 's/.*"id":"\([^"]*\)".*/\1/p' <<<"$created")
url=$(sed -n 's/.*"url":"\([^"]*\)".*/\1/p' <<<"$created")
check "the payment page is served over https by the same sandbox (got '$url')" test "$url" = "$base/pay/$id"
page=$(curl -s --cacert "$ca" "$url")
check "the payment page shows the link's amount" grep -q '12.34' <<<"$page"
paid=$(curl -s --cacert "$ca" -X POST -H 'Accept: application/json' "$url/pay")
check "the page's Pay button marks the link paid (got '$paid')" grep -q '"state":"paid"' <<<"$paid"
status=$(PAYLINK_CA_BUNDLE=$ca "$paylink" get --provider qonto --base-url "$base" "$id" --json 2>&1)
check "paylink get (PAYLINK_CA_BUNDLE) reads the paid status (got '$status')" grep -q '"status":"paid"' <<<"$status"
for _ in $(seq 100); do grep -q '"status":"paid"' "$WORK/listen.out" && break; sleep 0.05; done
check "the paid webhook reached the receiver and verified" grep -q "\"id\":\"$id\",\"status\":\"paid\"" "$WORK/listen.out"

kill -TERM "$SANDBOX_PID"
wait "$SANDBOX_PID"
check "SIGTERM stops the TLS sandbox with exit 0" test $? -eq 0
check "the private temporary directory is removed at exit" test ! -e "$tls_dir"

start_sandbox url --tls-dir "$WORK/kept"
check "--tls-dir implies --tls" grep -q '^listening on https://' "$SANDBOX_OUT"
check "--tls-dir: the CA file is in DIR" test "$(sed -n 's/^ca file: //p' "$SANDBOX_OUT")" = "$WORK/kept/ca.pem"
kill -TERM "$SANDBOX_PID"
wait "$SANDBOX_PID"
check "--tls-dir: ca.pem, server.pem and server.key are kept at exit" \
  test -s "$WORK/kept/ca.pem" -a -s "$WORK/kept/server.pem" -a -s "$WORK/kept/server.key"

touch "$WORK/a-file"
"$SANDBOX" --port 0 --tls-dir "$WORK/a-file/sub" >"$WORK/bad.out" 2>"$WORK/bad.err"
check "an unusable --tls-dir: exit 1" test $? -eq 1
check "  and it is named" grep -q -- "--tls-dir $WORK/a-file/sub: cannot create the directory" "$WORK/bad.err"
check "  and nothing is served" test ! -s "$WORK/bad.out"
"$SANDBOX" --tls-dir >/dev/null 2>"$WORK/usage.err"
check "--tls-dir without a directory: exit 2" test $? -eq 2
help_text=$("$SANDBOX" --help)
check "--tls and --tls-dir are in --help" grep -q -- '--tls-dir DIR' <<<"$help_text"

! grep -rq -e "$PAYLINK_QONTO_TOKEN" -e "$PAYLINK_QONTO_WEBHOOK_SECRET" "$WORK"/*.out "$WORK"/*.err
check "no credential appears in any output" test $? -eq 0

finish
