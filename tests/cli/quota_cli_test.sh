#!/usr/bin/env bash
# The shared quota from the command line.
# Usage: quota_cli_test.sh PAYLINK PAYLINK_SANDBOX MODE
#   flags   --quota-redis / PAYLINK_QUOTA_REDIS_URL / --quota-name: usage errors (exit 2), and an
#           unreachable Redis failing closed (exit 4, nothing sent, no password shown). Quick.
#   single  3,000 Qonto rows from one `paylink batch create` against `paylink-sandbox --qonto-quota`
#           (both of Qonto's windows enforced on the sandbox's clock): every row created, zero 429s.
#   shared  the same 3,000 rows split over four processes of 750 that share one quota through a
#           redis-server started here: every row created, zero 429s.
# The sandbox side (--qonto-quota, GET /__sandbox/quota → {"accepted":N,"rate_limited":M}) is the
# contract agreed with the sandbox's owners; a sandbox without it skips (exit 77) and says so.
set -uo pipefail
P=$1 SANDBOX=$2 MODE=$3
# shellcheck source-path=SCRIPTDIR source=cli_harness.sh
source "$(dirname "$0")/cli_harness.sh"

unset PAYLINK_QUOTA_REDIS_URL PAYLINK_QONTO_BASE_URL PAYLINK_QONTO_STAGING_TOKEN
export PAYLINK_QONTO_TOKEN=quota-test-qonto-token-canary

rows() {  # rows FIRST LAST: a Qonto CSV of rows FIRST..LAST
  echo "amount,currency,description,reference"
  for i in $(seq "$1" "$2"); do echo "$((i % 90 + 10)).50,EUR,Quota row $i,quota-$i"; done
}

quota_counts() {  # sets ACCEPTED and RATE_LIMITED from the sandbox
  local q
  q=$(curl -s --max-time 10 "$BASE/__sandbox/quota")
  ACCEPTED=$(echo "$q" | sed -n 's/.*"accepted":\([0-9]*\).*/\1/p')
  RATE_LIMITED=$(echo "$q" | sed -n 's/.*"rate_limited":\([0-9]*\).*/\1/p')
}

case "$MODE" in
flags)
  start_sandbox BASE
  rows 1 2 > "$WORK/two.csv"
  "$P" get --provider qonto some-id --base-url "$BASE" --quota-name alone > /dev/null 2> "$WORK/e1"
  check "--quota-name without a Redis URL: exit 2" test $? -eq 2
  e1=$(cat "$WORK/e1")
  check "... and says what it needs" test -n "$(echo "$e1" | sed -n '/--quota-redis/p')"

  "$P" get --provider qonto some-id --base-url "$BASE" --quota-redis "redis://:pw-canary-1@127.0.0.1:notaport" \
    > /dev/null 2> "$WORK/e2"
  check "a bad --quota-redis URL: exit 2" test $? -eq 2
  e2=$(cat "$WORK/e2")
  check "... naming the flag" test -n "$(echo "$e2" | sed -n '/^paylink: --quota-redis/p')"
  check "... never the password" test -z "$(echo "$e2" | sed -n '/pw-canary-1/p')"

  PAYLINK_QUOTA_REDIS_URL="http://127.0.0.1:1" "$P" get --provider qonto some-id --base-url "$BASE" \
    > /dev/null 2> "$WORK/e3"
  check "a bad PAYLINK_QUOTA_REDIS_URL: exit 2" test $? -eq 2
  e3=$(cat "$WORK/e3")
  check "... naming the variable" test -n "$(echo "$e3" | sed -n '/PAYLINK_QUOTA_REDIS_URL/p')"

  dead=$(free_port)
  before=$(curl -s "$BASE/__sandbox/requests" | grep -o '"qonto":[0-9]*' | cut -d: -f2 | head -1)
  PAYLINK_QUOTA_REDIS_URL="redis://:pw-canary-2@127.0.0.1:$dead/0" \
    "$P" batch create --provider qonto --file "$WORK/two.csv" --base-url "$BASE" > "$WORK/o4" 2> "$WORK/e4"
  check "Redis unreachable: batch create fails closed, exit 4" test $? -eq 4
  o4=$(cat "$WORK/o4" "$WORK/e4")
  check "... every row says Redis and its URL" test "$(echo "$o4" | grep -c "Redis at redis://127.0.0.1:$dead/0")" -ge 2
  check "... never the password" test -z "$(echo "$o4" | sed -n '/pw-canary-2/p')"
  after=$(curl -s "$BASE/__sandbox/requests" | grep -o '"qonto":[0-9]*' | cut -d: -f2 | head -1)
  check "... and nothing reached the vendor" test "${after:-0}" = "${before:-0}"

  "$P" create --provider qonto --amount 10.00 --currency EUR --description x --base-url "$BASE" \
    --quota-redis "redis://127.0.0.1:$dead" > /dev/null 2> "$WORK/e5"
  check "Redis unreachable: create fails closed, exit 4" test $? -eq 4

  help=$("$P" batch create --help)
  check "batch create --help documents --quota-redis and --quota-name" \
    test -n "$(echo "$help" | sed -n '/--quota-name NAME/p')"
  finish
  ;;
single | shared)
  help=$("$SANDBOX" --help 2>&1)
  [ -n "$(echo "$help" | sed -n '/--qonto-quota/p')" ] ||
    skip "this paylink-sandbox has no --qonto-quota (the sandbox's quota mode lands separately)"
  start_sandbox BASE --qonto-quota
  curl -s --max-time 10 "$BASE/__sandbox/quota" > "$WORK/q0"
  [ -n "$(sed -n '/"rate_limited"/p' "$WORK/q0")" ] || skip "this paylink-sandbox serves no GET /__sandbox/quota"
  ;;
*)
  echo "unknown mode $MODE"
  exit 2
  ;;
esac

if [ "$MODE" = single ]; then
  rows 1 3000 > "$WORK/all.csv"
  "$P" batch create --provider qonto --file "$WORK/all.csv" --base-url "$BASE" --concurrency 32 \
    > "$WORK/all.jsonl" 2> "$WORK/all.err"
  check "3,000 rows in one process: exit 0" test $? -eq 0
  check "... 3,000 rows created" test "$(grep -c '"ok":true' "$WORK/all.jsonl")" -eq 3000
else
  redis=$(command -v redis-server || true)
  [ -n "$redis" ] || skip "redis-server is not installed (apt-get install redis-server; CI installs it)"
  port=$(free_port)
  "$redis" --port "$port" --bind 127.0.0.1 --save "" --appendonly no --logfile "" > "$WORK/redis.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.05; done
  name="e2e-$RANDOM"
  parts=()
  for part in 0 1 2 3; do
    rows $((part * 750 + 1)) $((part * 750 + 750)) > "$WORK/part$part.csv"
    "$P" batch create --provider qonto --file "$WORK/part$part.csv" --base-url "$BASE" --concurrency 16 \
      --quota-redis "redis://127.0.0.1:$port" --quota-name "$name" > "$WORK/part$part.jsonl" 2> "$WORK/part$part.err" &
    parts+=($!)
  done
  codes=""
  for p in "${parts[@]}"; do wait "$p"; codes="$codes$?"; done
  check "four processes of 750 rows sharing one quota: all exit 0" test "$codes" = "0000"
  created=$(cat "$WORK"/part*.jsonl | grep -c '"ok":true')
  check "... 3,000 rows created" test "$created" -eq 3000
fi
quota_counts
check "the sandbox answered no 429 (rate_limited=$RATE_LIMITED)" test "${RATE_LIMITED:-x}" = 0
check "the sandbox counted 3,000 creates (accepted=$ACCEPTED)" test "${ACCEPTED:-0}" -eq 3000
finish
