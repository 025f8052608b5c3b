#!/usr/bin/env bash
# paylink over TLS to a server this test starts on loopback (openssl s_server, with a CA and a server
# certificate made here): --ca-bundle and PAYLINK_CA_BUNDLE make a private CA trusted; without them the
# certificate is refused at once (exit 4, one attempt, the TLS problem named); an unreadable bundle is
# exit 2 before anything is sent.
#
# Usage: tls_cli_test.sh <paylink>
set -uo pipefail
paylink=$(realpath "$1")
work=$(mktemp -d "${TMPDIR:-/tmp}/paylink-tls-cli.XXXXXX")
server_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
passed=0 failed=0
check() {  # check NAME CONDITION-EXIT-STATUS
  if [[ $2 -eq 0 ]]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $1" >&2; fi
}

cd "$work" || exit 1
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem -days 2 \
  -subj "/CN=paylink cli test CA" 2>/dev/null || exit 1
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout server.key -out server.csr \
  -subj "/CN=127.0.0.1" 2>/dev/null || exit 1
printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n' >server.ext
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 1 \
  -extfile server.ext 2>/dev/null || exit 1

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
openssl s_server -accept "127.0.0.1:$port" -cert server.pem -key server.key -www -quiet >/dev/null 2>&1 &
server_pid=$!
for _ in $(seq 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done

export PAYLINK_QONTO_TOKEN=canary-tls-token-5b1f0e
unset PAYLINK_CA_BUNDLE
base=(--provider qonto --base-url "https://127.0.0.1:$port")

# No bundle: the system store does not know this CA.
"$paylink" get "${base[@]}" pl_1 --verbose >out 2>err
check "untrusted CA: exit 4" $(($? == 4 ? 0 : 1))
grep -q "TLS: SSL certificate problem" err
check "untrusted CA: the TLS problem is named" $?
check "untrusted CA: exactly one attempt" $(($(grep -c " request qonto get " err) == 1 ? 0 : 1))
! grep -q "retry" err
check "untrusted CA: never retried" $?

# --ca-bundle: the handshake passes (s_server -www answers its HTML status page, which Qonto's
# adapter then refuses as not JSON: not a TLS error).
"$paylink" get "${base[@]}" pl_1 --verbose --ca-bundle ca.pem >out 2>err
grep -q "status=200" err
check "--ca-bundle: the handshake passed and the server answered" $?
! grep -q "TLS" err
check "--ca-bundle: no TLS error" $?

PAYLINK_CA_BUNDLE=$work/ca.pem "$paylink" get "${base[@]}" pl_1 --verbose >out 2>err
grep -q "status=200" err
check "PAYLINK_CA_BUNDLE: the handshake passed" $?

# The flag wins over the variable.
PAYLINK_CA_BUNDLE=/nonexistent "$paylink" get "${base[@]}" pl_1 --verbose --ca-bundle ca.pem >out 2>err
grep -q "status=200" err
check "--ca-bundle wins over PAYLINK_CA_BUNDLE" $?

"$paylink" get "${base[@]}" pl_1 --verbose --ca-bundle "$work/missing.pem" >out 2>err
check "unreadable --ca-bundle: exit 2" $(($? == 2 ? 0 : 1))
grep -q -- "--ca-bundle $work/missing.pem: cannot be read" err
check "unreadable --ca-bundle: named" $?
! grep -q " request qonto" err
check "unreadable --ca-bundle: nothing sent" $?

PAYLINK_CA_BUNDLE=$work/missing.pem "$paylink" create "${base[@]}" --amount 10.00 --currency EUR \
  --description x >out 2>err
check "unreadable PAYLINK_CA_BUNDLE: exit 2" $(($? == 2 ? 0 : 1))
grep -q "PAYLINK_CA_BUNDLE $work/missing.pem: cannot be read" err
check "unreadable PAYLINK_CA_BUNDLE: named" $?

help_text=$("$paylink" --help)  # captured first: grep -q closing a pipe early would fail it under pipefail
grep -q -- "--ca-bundle FILE" <<<"$help_text"
check "--ca-bundle is in --help" $?

! cat out err | grep -q "canary-tls-token"
check "the token never appears" $?

echo "tls cli: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
