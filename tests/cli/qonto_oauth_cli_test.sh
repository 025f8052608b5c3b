#!/usr/bin/env bash
# Qonto OAuth2 with refresh through the CLI, against a paylink-sandbox this script starts: the
# environment contract (PAYLINK_QONTO_CLIENT_ID, PAYLINK_QONTO_CLIENT_SECRET, PAYLINK_QONTO_TOKEN_FILE,
# PAYLINK_QONTO_OAUTH_URL), the token file rewritten atomically with mode 0600, invalid_grant, no token
# ever printed, --timeout ending a refresh at an OAuth host that never answers, and a 400-row batch at concurrency 8 across several 1-second token lifetimes with slowed
# answers: every row created, one refresh per expiry and before it (no refresh in a grace period, no
# expired token presented), and the file holding the last refresh token issued.
# Usage: qonto_oauth_cli_test.sh PAYLINK PAYLINK_SANDBOX
# Exits 77 (skipped) when the sandbox has no OAuth endpoint (--qonto-token-ttl).
set -uo pipefail
P=$1 SANDBOX=$2
work=$(mktemp -d)
cleanup() {
  [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null
  [ -n "${hung_pid:-}" ] && kill "$hung_pid" 2>/dev/null
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
passed=0 failed=0
check() {  # check NAME CONDITION...
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "ok   - $name"; else failed=$((failed + 1)); echo "FAIL - $name"; fi
}

sandbox_help=$("$SANDBOX" --help 2>&1)
case "$sandbox_help" in
  *--qonto-token-ttl*) ;;
  *) echo "SKIP: this paylink-sandbox has no Qonto OAuth endpoint (--qonto-token-ttl)"; exit 77 ;;
esac

"$SANDBOX" --port 0 --quiet --qonto-token-ttl 1 > "$work/sandbox.out" &
pid=$!
for _ in $(seq 100); do grep -q '^listening on ' "$work/sandbox.out" 2>/dev/null && break; sleep 0.05; done
BASE=$(sed -n 's/^listening on //p' "$work/sandbox.out")
CLIENT_ID=paylink-demo-client CLIENT_SECRET=paylink-demo-client-secret
oauth_stat() { curl -s "$BASE/__sandbox/qonto/oauth" | grep -o "\"$1\":[^,}]*" | cut -d: -f2- | tr -d '"'; }
links() { curl -s "$BASE/__sandbox/links" | grep -o '"vendor":"qonto"' | wc -l; }
file_field() { grep -o "\"$1\": *\"[^\"]*\"" "$2" | sed 's/.*: *"\(.*\)"/\1/'; }
mode_of() { stat -c '%a' "$1"; }

# A first pair, as an application gets it after the user's consent (authorization_code), written to the
# token file with an expiry already past, so that the first call refreshes.
first_pair() {
  local answer
  answer=$(curl -s -X POST "$BASE/oauth2/token" \
    -d "grant_type=authorization_code&code=consent-$1&client_id=$CLIENT_ID&client_secret=$CLIENT_SECRET")
  local access refresh
  access=$(echo "$answer" | grep -o '"access_token":"[^"]*"' | cut -d'"' -f4)
  refresh=$(echo "$answer" | grep -o '"refresh_token":"[^"]*"' | cut -d'"' -f4)
  printf '{"access_token": "%s", "refresh_token": "%s", "expires_at": "2000-01-01T00:00:00Z"}\n' \
    "$access" "$refresh" > "$2"
  chmod 600 "$2"
}

unset PAYLINK_QONTO_TOKEN PAYLINK_QONTO_LOGIN PAYLINK_QONTO_SECRET_KEY PAYLINK_QONTO_STAGING_TOKEN
export PAYLINK_QONTO_BASE_URL=$BASE PAYLINK_QONTO_OAUTH_URL=$BASE
export PAYLINK_QONTO_CLIENT_ID=$CLIENT_ID PAYLINK_QONTO_CLIENT_SECRET=$CLIENT_SECRET
export PAYLINK_QONTO_TOKEN_FILE=$work/tokens.json

# --- The environment contract ------------------------------------------------------------------------
first_pair 1 "$work/tokens.json"
old_refresh=$(file_field refresh_token "$work/tokens.json")
"$P" list --provider qonto > "$work/list.out" 2> "$work/list.err"
code=$?
check "a call with an expired token in the file refreshes and succeeds" test "$code" -eq 0
check "the file holds the rotated refresh token" \
  test "$(file_field refresh_token "$work/tokens.json")" = "$(oauth_stat last_refresh_token)"
check "the rotated refresh token is a new one" test "$(file_field refresh_token "$work/tokens.json")" != "$old_refresh"
check "the rewritten file is private (0600)" test "$(mode_of "$work/tokens.json")" = 600
check "expires_at is RFC 3339" grep -Eq '"expires_at": *"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z"' \
  "$work/tokens.json"
check "no temporary file is left beside it" test "$(ls -A "$work" | grep -c '^\.paylink-qonto-tokens')" -eq 0
out=$(cat "$work/list.out" "$work/list.err")
check "no token or secret printed" \
  test -z "$(echo "$out" | grep -e "$CLIENT_SECRET" -e "$old_refresh" -e "$(file_field refresh_token "$work/tokens.json")")"

# Every missing piece is named by its variable, and the exit code is 2 (nothing sent).
for var in PAYLINK_QONTO_CLIENT_ID PAYLINK_QONTO_CLIENT_SECRET; do
  err=$(env -u "$var" "$P" list --provider qonto 2>&1 >/dev/null)
  code=$?
  check "without $var: exit 2" test "$code" -eq 2
  check "without $var: the message names it" grep -q "$var" <<< "$err"
done
err=$(env PAYLINK_QONTO_TOKEN_FILE="$work/missing.json" "$P" list --provider qonto 2>&1 >/dev/null)
code=$?
check "an unreadable token file: exit 2 naming PAYLINK_QONTO_TOKEN_FILE" \
  test "$code" -eq 2 -a -n "$(grep PAYLINK_QONTO_TOKEN_FILE <<< "$err")"
printf '{"access_token": "canary-at-77", "refresh_token": "canary-rt-77", "expires_at": "tomorrow"}' > "$work/bad.json"
err=$(env PAYLINK_QONTO_TOKEN_FILE="$work/bad.json" "$P" list --provider qonto 2>&1 >/dev/null)
code=$?
check "a bad expires_at: exit 2 naming the variable and the field" \
  test "$code" -eq 2 -a -n "$(grep 'PAYLINK_QONTO_TOKEN_FILE.*expires_at' <<< "$err")"
check "a bad token file's tokens are not printed" test -z "$(grep -e canary-at-77 -e canary-rt-77 <<< "$err")"
err=$(env PAYLINK_QONTO_TOKEN=also-set "$P" list --provider qonto 2>&1 >/dev/null)
code=$?
check "PAYLINK_QONTO_TOKEN with a token file: exit 2 naming both" \
  test "$code" -eq 2 -a -n "$(grep 'PAYLINK_QONTO_TOKEN .*PAYLINK_QONTO_TOKEN_FILE' <<< "$err")"

# A dead refresh token: auth, and the message says the user must authorise again.
printf '{"access_token": "", "refresh_token": "canary-dead-rt-42"}' > "$work/dead.json"
err=$(env PAYLINK_QONTO_TOKEN_FILE="$work/dead.json" "$P" list --provider qonto 2>&1 >/dev/null)
code=$?
check "invalid_grant: exit 3 (refused)" test "$code" -eq 3
check "invalid_grant: the message says to authorise again" grep -q "authorise the application again" <<< "$err"
check "invalid_grant: the dead token is not printed" test -z "$(grep canary-dead-rt-42 <<< "$err")"
check "invalid_grant: the file is left as it was" grep -q canary-dead-rt-42 "$work/dead.json"

# PAYLINK_QONTO_TOKEN still works as a fixed token (the sandbox's demo token).
env -u PAYLINK_QONTO_TOKEN_FILE -u PAYLINK_QONTO_CLIENT_ID -u PAYLINK_QONTO_CLIENT_SECRET \
  PAYLINK_QONTO_TOKEN=demo-qonto-token "$P" list --provider qonto > /dev/null 2>&1
check "PAYLINK_QONTO_TOKEN alone still works" test $? -eq 0

# --- --timeout bounds the refresh: an OAuth host that accepts connections and never answers ----------
# The kernel completes the handshake of a listening socket, so the token request is sent and waits.
if command -v python3 > /dev/null; then
  python3 -c '
import socket, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(16)
print(s.getsockname()[1], flush=True)
time.sleep(120)
' > "$work/hung.port" &
  hung_pid=$!
  for _ in $(seq 200); do [ -s "$work/hung.port" ] && break; sleep 0.05; done
  printf '{"access_token": "", "refresh_token": "canary-hung-rt-9"}' > "$work/hung.json"
  started=$SECONDS
  env PAYLINK_QONTO_TOKEN_FILE="$work/hung.json" PAYLINK_QONTO_OAUTH_URL="http://127.0.0.1:$(cat "$work/hung.port")" \
    "$P" create --provider qonto --amount 5.55 --currency EUR --description hung-oauth --timeout 0.5 \
    > /dev/null 2> "$work/hung.err"
  code=$?
  took=$((SECONDS - started))
  check "a hung OAuth host and --timeout 0.5: exit 4, a timeout with nothing sent ($code)" test "$code" -eq 4
  # A safety net only, far above 0.5 s: without the limit the refresh would take the transport's 30 s.
  check "a hung OAuth host and --timeout 0.5: ends well before 30 s (${took} s)" test "$took" -lt 10
  check "a hung OAuth host: the message says the credentials were being renewed" \
    grep -q "while its credentials were being renewed" "$work/hung.err"
  check "a hung OAuth host: the token file is left as it was" grep -q canary-hung-rt-9 "$work/hung.json"
  check "a hung OAuth host: no token printed" test -z "$(grep canary-hung-rt-9 "$work/hung.err")"
  kill "$hung_pid" 2>/dev/null
  wait "$hung_pid" 2>/dev/null
  hung_pid=""
else
  echo "skip - a hung OAuth host (no python3 to listen without answering)"
fi

# --- 400 rows at concurrency 8 across several token lifetimes -----------------------------------------
first_pair 2 "$work/tokens.json"
before_refreshes=$(oauth_stat refreshes)
before_grace=$(oauth_stat refreshes_in_grace)
before_rejections=$(oauth_stat expired_token_rejections)
before_links=$(links)
{ echo "amount,currency,description,reference,payment_methods"
  for i in $(seq 1 400); do echo "$i.10,EUR,Invoice $i,oauth-$i,credit_card"; done; } > "$work/rows.csv"
# Every create answer is slowed by 150 ms, so the run lasts several seconds: several 1 s lifetimes.
curl -s -X POST "$BASE/__sandbox/faults" -H 'Content-Type: application/json' \
  -d '{"route":"POST /v2/payment_links","kind":"slow","delay_ms":150,"count":400}' > /dev/null
"$P" batch create --provider qonto --file "$work/rows.csv" --concurrency 8 > "$work/batch.jsonl" 2> "$work/batch.err"
code=$?
refreshes=$(( $(oauth_stat refreshes) - before_refreshes ))
check "the batch exits 0" test "$code" -eq 0
check "400 result lines, all ok" test "$(grep -c '"ok":true' "$work/batch.jsonl")" -eq 400
check "400 links at the vendor" test "$(( $(links) - before_links ))" -eq 400
check "several expiries were crossed: at least 2 refreshes ($refreshes)" test "$refreshes" -ge 2
in_grace=$(( $(oauth_stat refreshes_in_grace) - before_grace ))
rejections=$(( $(oauth_stat expired_token_rejections) - before_rejections ))
check "no refresh used a rotated-out refresh token, one refresh per expiry ($in_grace)" test "$in_grace" -eq 0
# Refreshing before expiry, not after a 401: a client that waited for the 401 would see every row in
# flight (8) rejected at each expiry. Not zero: a row whose token was read just before a refresh is sent
# by libcurl at the loop's next poll, after the refresh's own round trip, and on a loaded machine that
# can pass the 1 s token's 100 ms margin; its 401 renews (no new refresh) and resends it.
check "expired tokens presented ($rejections) are stragglers, fewer than the refreshes ($refreshes)" \
  test "$rejections" -lt "$refreshes"
check "the token file ends holding the last refresh token issued" \
  test "$(file_field refresh_token "$work/tokens.json")" = "$(oauth_stat last_refresh_token)"
check "the token file is still 0600" test "$(mode_of "$work/tokens.json")" = 600
out=$(cat "$work/batch.jsonl" "$work/batch.err")
check "no token or secret in the batch's output" \
  test -z "$(echo "$out" | grep -e "$CLIENT_SECRET" -e "$(file_field refresh_token "$work/tokens.json")" \
    -e "$(file_field access_token "$work/tokens.json")")"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
