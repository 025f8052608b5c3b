#!/usr/bin/env bash
# shellcheck disable=SC2317  # the conditions are functions called through check
# `paylink watch` against a paylink-sandbox this script starts, through the real libcurl transport: a
# link paid on the sandbox's payment page while it is watched (every vendor with a status read), the
# timeout, a link canceled while waiting for paid, --until final, an unknown id, onOffice, bad usage,
# --help, and one JSON line per change (never a repeated one).
#
#   watch_cli_test.sh /path/to/paylink /path/to/paylink-sandbox
#
# Needs bash, curl and python3. Waits are bounded (no test depends on how fast the machine is).
set -uo pipefail
P=${1:?usage: watch_cli_test.sh PAYLINK PAYLINK_SANDBOX}
SANDBOX=${2:?usage: watch_cli_test.sh PAYLINK PAYLINK_SANDBOX}
# shellcheck source-path=SCRIPTDIR source=cli_harness.sh
source "$(dirname "$0")/cli_harness.sh"
CHECK_SHOW_ON_FAIL=("$WORK/out" "$WORK/err")

unset PAYLINK_ONOFFICE_BASE_URL PAYLINK_MULTISAFEPAY_BASE_URL PAYLINK_SMARTERPAY_BASE_URL PAYLINK_QONTO_BASE_URL
unset PAYLINK_QONTO_STAGING_TOKEN PAYLINK_QONTO_LOGIN PAYLINK_QONTO_SECRET_KEY
export PAYLINK_QONTO_TOKEN=watch-test-qonto-token PAYLINK_MULTISAFEPAY_API_KEY=watch-test-msp-key
export PAYLINK_SMARTERPAY_TOKEN=watch-test-smarterpay-token
export PAYLINK_ONOFFICE_TOKEN=watch0test0token0000000000000000
export PAYLINK_ONOFFICE_SECRET=watch0test0secret0000000000000000000000000000000000000000000000

start_sandbox BASE
declare -A BASE_OF=([qonto]="$BASE" [smarterpay]="$BASE/service.svc/" [multisafepay]="$BASE/v1/json/"
                    [onoffice]="$BASE/api/stable/api.php")
declare -A CREATE_ARGS=([qonto]="--amount 13.30 --currency EUR"
                        [smarterpay]="--amount 27.50 --currency GBP --set ecommerce_page=EP0001"
                        [multisafepay]="--amount 25.00 --currency EUR")

# new_link VENDOR: creates an open link; sets ID and URL (its payment page).
new_link() {
  # shellcheck disable=SC2086 # the vendor's arguments are words
  "$P" create --provider "$1" ${CREATE_ARGS[$1]} --description "Watched" --base-url "${BASE_OF[$1]}" --json \
    >"$WORK/created" 2>"$WORK/err" || { echo "create $1 failed: $(cat "$WORK/err")"; exit 1; }
  read -r ID URL < <(python3 -c 'import json,sys; o = json.load(sys.stdin); print(o["id"], o["url"])' <"$WORK/created")
}
# page ACTION URL: presses the payment page's Pay or Cancel button ("pay" or "cancel").
page() { curl -s --max-time 10 -o /dev/null -w '%{http_code}' -X POST -H 'Accept: application/json' "$2/$1"; }
reads() {  # reads: how many GETs of links the sandbox has answered, all vendors
  curl -s --max-time 10 "$BASE/__sandbox/requests" |
    python3 -c 'import json,sys; print(sum(n for k, n in json.load(sys.stdin)["counts"].items() if k.startswith("GET ")))'
}

# start_watch ARGS...: runs paylink watch ARGS in the background (stdout $WORK/out, stderr $WORK/err).
start_watch() {
  "$P" watch "$@" >"$WORK/out" 2>"$WORK/err" &
  WATCH_PID=$!
  PIDS+=("$WATCH_PID")
}
# wait_for_line REGEX: true once stdout has a line matching REGEX (gives up after 30 s).
wait_for_line() {
  for _ in $(seq 600); do
    grep -Eq -- "$1" "$WORK/out" 2>/dev/null && return 0
    sleep 0.05
  done
  return 1
}
# finish_watch: waits for the watch (killing it after 60 s) and sets RC to its exit code.
finish_watch() {
  for _ in $(seq 1200); do kill -0 "$WATCH_PID" 2>/dev/null || break; sleep 0.05; done
  kill "$WATCH_PID" 2>/dev/null
  wait "$WATCH_PID"
  RC=$?
}
run_watch() {  # run_watch ARGS...: runs paylink watch in the foreground; sets RC
  "$P" watch "$@" >"$WORK/out" 2>"$WORK/err"
  RC=$?
}
lines() { grep -c . "$WORK/out"; }
# statuses: the status of each stdout line, space-separated ("open paid").
statuses() { python3 -c 'import json,sys; print(" ".join(json.loads(l)["status"] for l in sys.stdin if l.strip()))' <"$WORK/out"; }
# event_lines_ok VENDOR ID: every stdout line is exactly the listen fields, for this link.
event_lines_ok() {
  python3 - "$1" "$2" "$WORK/out" <<'EOF'
import json, re, sys
vendor, link_id, path = sys.argv[1:]
lines = [l for l in open(path) if l.strip()]
assert lines, "no output"
for l in lines:
    o = json.loads(l)
    assert list(o) == ["provider", "id", "status", "raw_status", "event_id", "received_at"], o
    assert o["provider"] == vendor and o["id"] == link_id and o["event_id"] is None, o
    assert o["raw_status"], o
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", o["received_at"]), o
EOF
}
is() { [[ "$1" == "$2" ]] || { echo "       got \"$1\", expected \"$2\""; return 1; }; }
err_has() { grep -Eq -- "$1" "$WORK/err"; }

# === paid while watched → exit 0, one line for open and one for paid ====================================
for vendor in qonto smarterpay multisafepay; do
  new_link "$vendor"
  start_watch --provider "$vendor" "$ID" --interval 0.2 --timeout 60 --base-url "${BASE_OF[$vendor]}"
  check "$vendor: the first read is reported open" wait_for_line '"status":"open"'
  check "$vendor: the payment page takes the payment" is "$(page pay "$URL")" 200
  finish_watch
  check "$vendor: paid while watched exits 0" is "$RC" 0
  check "$vendor: one line per change: open, then paid" is "$(statuses)" "open paid"
  check "$vendor: each line has exactly the listen fields, event_id null" event_lines_ok "$vendor" "$ID"
  check "$vendor: nothing on stderr" is "$(cat "$WORK/err")" ""
done

# === timeout → exit 4; an unchanged status is printed once however often it is read ====================
new_link qonto
before=$(reads)
run_watch --provider qonto "$ID" --interval 0.1 --timeout 1.5 --base-url "$BASE"
check "timeout: exit 4" is "$RC" 4
check "timeout: the open link was read several times" test $(($(reads) - before)) -ge 3
check "timeout: and reported once" is "$(statuses)" "open"
check "timeout: stderr says which link and why" err_has "^paylink: link $ID is open after 1.5 s, not paid \(timeout\)$"

# === canceled while waiting for paid → exit 3 ============================================================
new_link qonto
start_watch --provider qonto "$ID" --until paid --interval 0.2 --timeout 60 --base-url "$BASE"
check "canceled: the first read is reported open" wait_for_line '"status":"open"'
check "canceled: the payment page cancels" is "$(page cancel "$URL")" 200
finish_watch
check "canceled while waiting for paid: exit 3" is "$RC" 3
check "canceled: open, then canceled" is "$(statuses)" "open canceled"
check "canceled: stderr says it can no longer be paid" err_has "^paylink: link $ID ended canceled.*can no longer become paid$"

# === --until final: canceled is an end ===================================================================
new_link smarterpay
page cancel "$URL" >/dev/null
run_watch --provider smarterpay "$ID" --until final --interval 0.2 --timeout 30 --base-url "${BASE_OF[smarterpay]}"
check "until final: a canceled link exits 0" is "$RC" 0
# SmarterPay has no canceled state: a link ended before payment reads "expired".
check "until final: one line, expired (SmarterPay's word for it)" is "$(statuses)" "expired"

# === several links: exit 0 only when all are paid; 3 wins over the others' outcome ========================
new_link qonto
PAID_ID=$ID
page pay "$URL" >/dev/null
new_link qonto
OPEN_ID=$ID
OPEN_URL=$URL
start_watch --provider qonto "$PAID_ID" "$OPEN_ID" --interval 0.2 --timeout 60 --base-url "$BASE"
check "two links: the paid one is reported" wait_for_line "\"id\":\"$PAID_ID\",\"status\":\"paid\""
check "two links: the open one is reported" wait_for_line "\"id\":\"$OPEN_ID\",\"status\":\"open\""
kill -0 "$WATCH_PID" 2>/dev/null
check "two links: still watching while one is open" is "$?" 0
page pay "$OPEN_URL" >/dev/null
finish_watch
check "two links: both paid exits 0" is "$RC" 0
check "two links: three lines" is "$(lines)" 3

new_link qonto
run_watch --provider qonto "$PAID_ID" "$ID" nope-404 --interval 0.2 --timeout 1 --base-url "$BASE"
check "unknown id among others: exit 3" is "$RC" 3
check "unknown id: stderr names it and not_found" err_has "get nope-404: not_found"
check "unknown id: the open one timed out, said on stderr" err_has "link $ID is open after 1 s"

# === onOffice offers no status read: exit 2, nothing sent ================================================
before=$(curl -s "$BASE/__sandbox/requests")
run_watch --provider onoffice 1100135697 --base-url "${BASE_OF[onoffice]}"
check "onoffice: exit 2" is "$RC" 2
check "onoffice: says it offers no status read" err_has "^paylink: onoffice offers no status read through its API"
check "onoffice: nothing sent" is "$(curl -s "$BASE/__sandbox/requests")" "$before"
run_watch --provider onoffice 1100135697
check "onoffice: the same without an endpoint" is "$RC" 2

# === bad usage: exit 2 ===================================================================================
run_watch --provider qonto --base-url "$BASE"
check "usage: no ID" is "$RC" 2
run_watch --provider qonto x --until settled --base-url "$BASE"
check "usage: --until settled" is "$RC" 2
check "usage: --until names the choices" err_has "--until \"settled\" must be paid or final"
run_watch --provider qonto x --interval 0 --base-url "$BASE"
check "usage: --interval 0" is "$RC" 2
run_watch --provider qonto x --interval 1e3 --base-url "$BASE"
check "usage: --interval 1e3" is "$RC" 2
run_watch --provider qonto x --timeout -5 --base-url "$BASE"
check "usage: --timeout -5" is "$RC" 2
run_watch --provider qonto x x --base-url "$BASE"
check "usage: the same ID twice" is "$RC" 2
check "usage: the repeated ID is named" err_has "ids\[1\]"
run_watch --provider qonto x --json --base-url "$BASE"
check "usage: --json is not an option of watch" is "$RC" 2

# === --help ==============================================================================================
run_watch --help
check "help: paylink watch --help" is "$RC" 0
check "help: its page" grep -q "^paylink watch - " "$WORK/out"
check "help: exit codes" grep -q "^Exit codes: 0 every link reached" "$WORK/out"
"$P" --help >"$WORK/out" 2>"$WORK/err"
check "help: the overview shows watch" grep -q "paylink watch  --provider P ID\.\.\." "$WORK/out"

finish
