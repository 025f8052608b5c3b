#!/usr/bin/env bash
# shellcheck disable=SC2034  # PAYLINK and SANDBOX are read by cli_harness.sh
# --dry-run with Qonto OAuth (PAYLINK_QONTO_TOKEN_FILE) whose access token is expired or empty: a dry run
# never refreshes. It prints the create it would send, with a placeholder bearer shown REDACTED, not
# the token request; it sends nothing (not even to the OAuth host) and leaves the token file as it was.
#
#   dry_run_oauth_cli_test.sh /path/to/paylink /path/to/paylink-sandbox
set -u

PAYLINK=${1:?usage: dry_run_oauth_cli_test.sh PAYLINK PAYLINK_SANDBOX}
SANDBOX=${2:?usage: dry_run_oauth_cli_test.sh PAYLINK PAYLINK_SANDBOX}
# shellcheck source-path=SCRIPTDIR source=cli_harness.sh
source "$(dirname "$0")/cli_harness.sh"
start_canary_session
P="$PAYLINK"

# Canary tokens: an expired access token and a refresh token, and the client secret. A refresh would
# send the refresh token and the secret; no output may hold any of them.
ACCESS=Zq8vN2kR7tYp4LmW9xCe3HbJ6sDf1Ga
REFRESH=Rt5uK9wQ2zXc7VbN4mLp8HjG3fDs6Ay
CLIENT_SECRET=Cs3nM8qW5eRt2YuI9oPa6SdF4gHj7Kl
CANARIES+=("$ACCESS" "$REFRESH" "$CLIENT_SECRET")
write_tokens() {  # write_tokens FILE ACCESS_TOKEN EXPIRES_AT
  printf '{"access_token": "%s", "refresh_token": "%s", "expires_at": "%s"}\n' "$2" "$REFRESH" "$3" >"$1"
  chmod 600 "$1"
}
write_tokens "$WORK/expired.json" "$ACCESS" "2000-01-01T00:00:00Z"
printf '{"access_token": "", "refresh_token": "%s"}\n' "$REFRESH" >"$WORK/empty.json"
cp "$WORK/expired.json" "$WORK/expired.before"
cp "$WORK/empty.json" "$WORK/empty.before"
# OAuth instead of the harness's fixed token; the OAuth host is the sandbox, so a refresh would be seen.
oauth_env=(env -u PAYLINK_QONTO_TOKEN -u PAYLINK_QONTO_LOGIN -u PAYLINK_QONTO_SECRET_KEY
  PAYLINK_QONTO_CLIENT_ID=dry-run-client PAYLINK_QONTO_CLIENT_SECRET="$CLIENT_SECRET"
  PAYLINK_QONTO_OAUTH_URL="$BASE")
BEFORE=$(request_log)
nothing_sent() { [[ "$(request_log)" == "$BEFORE" ]] || fail_current "the sandbox saw a request"; }
no_token_request() { grep -q "oauth2/token" <<<"$OUT$ERR" && fail_current "a token request was shown"; }

for kind in expired empty; do
  run "dry-run create, $kind access token: prints the create, not a refresh" 0 -- "${oauth_env[@]}" \
    PAYLINK_QONTO_TOKEN_FILE="$WORK/$kind.json" "$P" create --provider qonto --amount 4.20 --currency EUR \
    --description "Dry OAuth" --base-url "$QONTO" --dry-run
  expect_out "^POST $QONTO/v2/payment_links$"
  expect_out "^Authorization: REDACTED$"
  expect_out '"title":"Dry OAuth"'
  no_token_request
  nothing_sent
  cmp -s "$WORK/$kind.json" "$WORK/$kind.before" || fail_current "the token file was changed"
done

printf 'amount,currency,description\n1.00,EUR,Dry one\n2.00,EUR,Dry two\n3.00,EUR,Dry three\n' >"$WORK/rows.csv"
run "dry-run batch create, expired access token: every row's create, no refresh" 0 -- "${oauth_env[@]}" \
  PAYLINK_QONTO_TOKEN_FILE="$WORK/expired.json" "$P" batch create --provider qonto --file "$WORK/rows.csv" \
  --base-url "$QONTO" --dry-run
expect_lines 3
for row in 1 2 3; do
  expect_out "^\\{\"row\":$row,\"ok\":true,\"dry_run\":true,.*\\[\"Authorization\",\"REDACTED\"\\].*\"method\":\"POST\",\"url\":\"$QONTO/v2/payment_links\""
done
expect_err "3 succeeded, 0 failed.*--dry-run: nothing was sent"
no_token_request
nothing_sent
cmp -s "$WORK/expired.json" "$WORK/expired.before" || fail_current "the token file was changed"

# The dry run still checks the OAuth set-up as a real run does (exit 2, naming the variable).
run "dry-run with OAuth but no client id: exit 2 naming it" 2 -- "${oauth_env[@]}" PAYLINK_QONTO_CLIENT_ID= \
  PAYLINK_QONTO_TOKEN_FILE="$WORK/expired.json" "$P" create --provider qonto --amount 4.20 --currency EUR \
  --description "Dry OAuth" --base-url "$QONTO" --dry-run
expect_err "PAYLINK_QONTO_CLIENT_ID"

finish_canary_session
