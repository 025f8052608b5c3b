#!/usr/bin/env bash
# paylink over TLS to a server this test starts on loopback (openssl s_server, with a CA and a server
# certificate made here): --ca-bundle and PAYLINK_CA_BUNDLE make a private CA trusted; without them the
# certificate is refused at once (exit 4, one attempt, the TLS problem named); an unreadable bundle is
# exit 2 before anything is sent.
#
# Usage: tls_cli_test.sh <paylink>
set -uo pipefail
paylink=$(realpath "$1")
# shellcheck source-path=SCRIPTDIR source=cli_harness.sh
source "$(dirname "$0")/cli_harness.sh"
# shellcheck source-path=SCRIPTDIR source=../support/tls_certs.sh
source "$(dirname "$0")/../support/tls_certs.sh"

cd "$WORK" || exit 1
make_test_certificates "$WORK" "paylink cli test CA" || die "openssl could not make the test certificates"

port=$(free_port)
openssl s_server -accept "127.0.0.1:$port" -cert server.pem -key server.key -www -quiet >/dev/null 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done

export PAYLINK_QONTO_TOKEN=canary-tls-token-5b1f0e
unset PAYLINK_CA_BUNDLE
base=(--provider qonto --base-url "https://127.0.0.1:$port")

# No bundle: the system store does not know this CA.
"$paylink" get "${base[@]}" pl_1 --verbose >out 2>err
check_status "untrusted CA: exit 4" $(($? == 4 ? 0 : 1))
grep -q "TLS: SSL certificate problem" err
check_status "untrusted CA: the TLS problem is named" $?
check_status "untrusted CA: exactly one attempt" $(($(grep -c " request qonto get " err) == 1 ? 0 : 1))
! grep -q "retry" err
check_status "untrusted CA: never retried" $?

# --ca-bundle: the handshake passes (s_server -www answers its HTML status page, which Qonto's
# adapter then refuses as not JSON: not a TLS error).
"$paylink" get "${base[@]}" pl_1 --verbose --ca-bundle ca.pem >out 2>err
grep -q "status=200" err
check_status "--ca-bundle: the handshake passed and the server answered" $?
! grep -q "TLS" err
check_status "--ca-bundle: no TLS error" $?

PAYLINK_CA_BUNDLE=$WORK/ca.pem "$paylink" get "${base[@]}" pl_1 --verbose >out 2>err
grep -q "status=200" err
check_status "PAYLINK_CA_BUNDLE: the handshake passed" $?

# The flag wins over the variable.
PAYLINK_CA_BUNDLE=/nonexistent "$paylink" get "${base[@]}" pl_1 --verbose --ca-bundle ca.pem >out 2>err
grep -q "status=200" err
check_status "--ca-bundle wins over PAYLINK_CA_BUNDLE" $?

"$paylink" get "${base[@]}" pl_1 --verbose --ca-bundle "$WORK/missing.pem" >out 2>err
check_status "unreadable --ca-bundle: exit 2" $(($? == 2 ? 0 : 1))
grep -q -- "--ca-bundle $WORK/missing.pem: cannot be read" err
check_status "unreadable --ca-bundle: named" $?
! grep -q " request qonto" err
check_status "unreadable --ca-bundle: nothing sent" $?

PAYLINK_CA_BUNDLE=$WORK/missing.pem "$paylink" create "${base[@]}" --amount 10.00 --currency EUR \
  --description x >out 2>err
check_status "unreadable PAYLINK_CA_BUNDLE: exit 2" $(($? == 2 ? 0 : 1))
grep -q "PAYLINK_CA_BUNDLE $WORK/missing.pem: cannot be read" err
check_status "unreadable PAYLINK_CA_BUNDLE: named" $?

help_text=$("$paylink" --help)  # captured first: grep -q closing a pipe early would fail it under pipefail
grep -q -- "--ca-bundle FILE" <<<"$help_text"
check_status "--ca-bundle is in --help" $?

! cat out err | grep -q "canary-tls-token"
check_status "the token never appears" $?

finish
