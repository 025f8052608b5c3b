#!/usr/bin/env bash
# shellcheck disable=SC2119  # links is this test's own, Qonto-only count (the harness's takes a VENDOR)
# Qonto OAuth2 with refresh through the CLI, against a paylink-sandbox this script starts: the
# environment contract (PAYLINK_QONTO_CLIENT_ID, PAYLINK_QONTO_CLIENT_SECRET, PAYLINK_QONTO_TOKEN_FILE,
# PAYLINK_QONTO_OAUTH_URL), the token file rewritten atomically with mode 0600, invalid_grant, no token
# ever printed, --timeout ending a refresh at an OAuth host that never answers, and a 400-row batch at
# concurrency 8 across several 1-second token lifetimes with slowed answers: every row created, one
# refresh per expiry and before it (no refresh in a grace period, at most about one a second, most of them
# while the old token was valid), and the file holding the last refresh token issued.
# Usage: qonto_oauth_cli_test.sh PAYLINK PAYLINK_SANDBOX
# Exits 77 (skipped) when the sandbox has no OAuth endpoint (--qonto-token-ttl).
set -uo pipefail
P=$1 SANDBOX=$2
# shellcheck source-path=SCRIPTDIR source=cli_harness.sh
source "$(dirname "$0")/cli_harness.sh"
work=$WORK  # the harness's scratch folder, by the name this script's lines use

sandbox_help=$("$SANDBOX" --help 2>&1)
case "$sandbox_help" in
  *--qonto-token-ttl*) ;;
  *) skip "this paylink-sandbox has no Qonto OAuth endpoint (--qonto-token-ttl)" ;;
esac

start_sandbox BASE --qonto-token-ttl 1
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

# --- --timeout bounds the refresh: an OAuth host that holds its answer ----------------------------------
# The sandbox holds its answer to the token request for 5 s: without the call's limit on the refresh, the
# create would wait for it (and then be refused its unknown refresh token, exit 3), not end at 0.5 s.
curl -s -X POST "$BASE/__sandbox/faults" -H 'Content-Type: application/json' \
  -d '{"route":"POST /oauth2/token","kind":"slow","delay_ms":5000,"count":1}' > /dev/null
printf '{"access_token": "", "refresh_token": "canary-hung-rt-9"}' > "$work/hung.json"
started=$SECONDS
env PAYLINK_QONTO_TOKEN_FILE="$work/hung.json" \
  "$P" create --provider qonto --amount 5.55 --currency EUR --description hung-oauth --timeout 0.5 \
  > /dev/null 2> "$work/hung.err"
code=$?
took=$((SECONDS - started))
check "an OAuth host holding its answer and --timeout 0.5: exit 4, a timeout with nothing sent ($code)" test "$code" -eq 4
# A safety net only: without the limit the create would last the 5 s the answer is held.
check "an OAuth host holding its answer and --timeout 0.5: ends before the answer (${took} s)" test "$took" -lt 5
check "a held refresh: the message says the credentials were being renewed" \
  grep -q "while its credentials were being renewed" "$work/hung.err"
check "a held refresh: the token file is left as it was" grep -q canary-hung-rt-9 "$work/hung.json"
check "a held refresh: no token printed" test -z "$(grep canary-hung-rt-9 "$work/hung.err")"
curl -s -X DELETE "$BASE/__sandbox/faults" > /dev/null

# --- 400 rows at concurrency 8 across several token lifetimes -----------------------------------------
first_pair 2 "$work/tokens.json"
before_refreshes=$(oauth_stat refreshes)
before_grace=$(oauth_stat refreshes_in_grace)
before_rejections=$(oauth_stat expired_token_rejections)
before_early=$(oauth_stat refreshes_before_expiry)
before_links=$(links)
{ echo "amount,currency,description,reference,payment_methods"
  for i in $(seq 1 400); do echo "$i.10,EUR,Invoice $i,oauth-$i,credit_card"; done; } > "$work/rows.csv"
# Every create answer is slowed by 150 ms, so the run lasts several seconds: several 1 s lifetimes.
curl -s -X POST "$BASE/__sandbox/faults" -H 'Content-Type: application/json' \
  -d '{"route":"POST /v2/payment_links","kind":"slow","delay_ms":150,"count":400}' > /dev/null
started=$(date +%s)
"$P" batch create --provider qonto --file "$work/rows.csv" --concurrency 8 > "$work/batch.jsonl" 2> "$work/batch.err"
code=$?
seconds=$(( $(date +%s) - started + 1 ))
refreshes=$(( $(oauth_stat refreshes) - before_refreshes ))
check "the batch exits 0" test "$code" -eq 0
check "400 result lines, all ok" test "$(grep -c '"ok":true' "$work/batch.jsonl")" -eq 400
check "400 links at the vendor" test "$(( $(links) - before_links ))" -eq 400
check "several expiries were crossed: at least 2 refreshes ($refreshes)" test "$refreshes" -ge 2
in_grace=$(( $(oauth_stat refreshes_in_grace) - before_grace ))
check "no refresh used a rotated-out refresh token, one refresh per expiry ($in_grace)" test "$in_grace" -eq 0
# One refresh per expiry, not per request: a 1 s token is renewed every 0.9 s (its last 100 ms are the
# margin), so about 1.1 a second; the bound of 2 a second, plus the first, still tells one per expiry
# from one per request (400).
check "about one refresh per token lifetime: $refreshes in about $seconds s" test "$refreshes" -le $((2 * seconds + 1))
# Refreshing before expiry, not after a 401: the sandbox counts the refreshes made while the access
# token was still valid. A client that refreshed after a 401 would make none (but the first, whose pair
# the sandbox issued just before); one that refreshes ahead makes most of them so, even on a loaded
# machine where a late turn of the loop now and then lets a token pass its 100 ms margin. Rows sent
# with an expired token (stragglers read just before a refresh) are renewed and resent, not failed.
early=$(( $(oauth_stat refreshes_before_expiry) - before_early ))
rejections=$(( $(oauth_stat expired_token_rejections) - before_rejections ))
echo "# refreshes $refreshes, of which before expiry $early; expired tokens presented $rejections"
check "most refreshes came before the access token expired ($early of $refreshes)" \
  test $((2 * early)) -gt "$refreshes"
check "the token file ends holding the last refresh token issued" \
  test "$(file_field refresh_token "$work/tokens.json")" = "$(oauth_stat last_refresh_token)"
check "the token file is still 0600" test "$(mode_of "$work/tokens.json")" = 600
out=$(cat "$work/batch.jsonl" "$work/batch.err")
check "no token or secret in the batch's output" \
  test -z "$(echo "$out" | grep -e "$CLIENT_SECRET" -e "$(file_field refresh_token "$work/tokens.json")" \
    -e "$(file_field access_token "$work/tokens.json")")"

finish
