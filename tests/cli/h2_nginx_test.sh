#!/usr/bin/env bash
# HTTP/2 end to end: nginx (Debian's package, started here with its own prefix and config, never the
# system service) terminates TLS with HTTP/2 in front of `paylink-sandbox --tls`, serving the
# certificate the sandbox made at start-up. Through it, with the sandbox's CA as --ca-bundle:
# - a single `paylink create` and `paylink get` negotiate HTTP/2;
# - `paylink batch create` of 200 rows at concurrency 16 creates every row, each request is HTTP/2.0,
#   and all of them travel on ONE connection (nginx's $connection is the same for every line).
# Exits 77 (skipped) only when nginx is not installed (scripts/install-deps.sh installs it).
# Usage: h2_nginx_test.sh PAYLINK PAYLINK_SANDBOX
set -uo pipefail
# shellcheck source-path=SCRIPTDIR source=cli_harness.sh
source "$(dirname "$0")/cli_harness.sh"
# shellcheck source-path=SCRIPTDIR source=../support/nginx.sh
source "$(dirname "$0")/../support/nginx.sh"
[[ -x $NGINX_BIN ]] || skip "$NGINX_BIN is not installed (bash scripts/install-deps.sh installs Debian's nginx)"
paylink=$(realpath "$1")
SANDBOX=$(realpath "$2")

export PAYLINK_QONTO_TOKEN=h2-test-qonto-token-9d2f61
unset PAYLINK_QONTO_LOGIN PAYLINK_QONTO_SECRET_KEY PAYLINK_QONTO_STAGING_TOKEN PAYLINK_CA_BUNDLE

sandbox_base=""
start_sandbox sandbox_base --tls-dir "$WORK/tls"
ca=$SANDBOX_CA

# nginx: TLS + HTTP/2 on a free loopback port; to the sandbox over TLS verified with the same CA (the
# sandbox serves HTTPS only), through a keep-alive upstream pool.
port=$(free_port)
nginx_write_config "$WORK/nginx" 256 <<CONF
  log_format h2 '\$server_protocol \$connection \$status \$request_method \$uri';
  access_log $WORK/nginx/logs/access.log h2;
  upstream sandbox {
    server ${sandbox_base#https://};
    keepalive 16;
  }
  server {
    listen 127.0.0.1:$port ssl http2;
    ssl_certificate $WORK/tls/server.pem;
    ssl_certificate_key $WORK/tls/server.key;
    location / {
      proxy_pass https://sandbox;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_ssl_verify on;
      proxy_ssl_trusted_certificate $ca;
      proxy_ssl_name localhost;
      proxy_ssl_session_reuse on;
    }
  }
CONF
base="https://127.0.0.1:$port"
nginx_start "$WORK/nginx" "$base/__sandbox/health" "$ca" PIDS || die "nginx did not start"
log="$WORK/nginx/logs/access.log"
# The log lines written since `mark` was taken.
mark() { wc -l <"$log"; }
since() { tail -n +"$(($1 + 1))" "$log"; }

# ---- a single call: HTTP/2 negotiated through --ca-bundle ----
before=$(mark)
created=$("$paylink" create --provider qonto --base-url "$base" --ca-bundle "$ca" --amount 5.00 --currency EUR \
  --description "h2 single" --json 2>"$WORK/create.err")
check "create through nginx over TLS ($(cat "$WORK/create.err"))" test $? -eq 0
id=$(sed -n 's/.*"id":"\([^"]*\)".*/\1/p' <<<"$created")
lines=$(since "$before")
check "the create was one request (log: $lines)" test "$(wc -l <<<"$lines")" -eq 1
check "the create was an HTTP/2.0 POST (log: $lines)" grep -qx 'HTTP/2.0 [0-9]* 20[01] POST /v2/payment_links' <<<"$lines"
before=$(mark)
"$paylink" get --provider qonto --base-url "$base" --ca-bundle "$ca" "$id" --json >"$WORK/get.out" 2>"$WORK/get.err"
check "get through nginx over TLS" test $? -eq 0
lines=$(since "$before")
check "the get was one HTTP/2.0 GET (log: $lines)" grep -qx "HTTP/2.0 [0-9]* 200 GET /v2/payment_links/$id" <<<"$lines"

# ---- a batch: 200 rows at concurrency 16 on one HTTP/2 connection ----
rows=200
{
  echo "amount,currency,description,reference"
  for i in $(seq 1 "$rows"); do echo "$i.50,EUR,h2 batch row $i,h2-$i"; done
} >"$WORK/rows.csv"
before=$(mark)
"$paylink" batch create --provider qonto --file "$WORK/rows.csv" --base-url "$base" --ca-bundle "$ca" \
  --concurrency 16 >"$WORK/batch.jsonl" 2>"$WORK/batch.err"
check "batch create: exit 0 ($(tail -3 "$WORK/batch.err"))" test $? -eq 0
check "batch create: $rows rows succeeded" test "$(grep -c '"ok":true' "$WORK/batch.jsonl")" -eq "$rows"
since "$before" >"$WORK/batch.log"
posts=$(grep -c ' POST /v2/payment_links$' "$WORK/batch.log")
check "nginx saw $rows creates (saw $posts)" test "$posts" -eq "$rows"
not_h2=$(grep -vc '^HTTP/2.0 ' "$WORK/batch.log")
check "every request of the batch was HTTP/2.0 ($not_h2 were not)" test "$not_h2" -eq 0
connections=$(cut -d' ' -f2 "$WORK/batch.log" | sort -u | wc -l)
check "the whole batch travelled on one connection (saw $connections)" test "$connections" -eq 1

# ---- more streams than libcurl's default per-connection limit (100), within nginx's (128) ----
wide=300
{
  echo "amount,currency,description,reference"
  for i in $(seq 1 "$wide"); do echo "$i.75,EUR,h2 wide row $i,h2-wide-$i"; done
} >"$WORK/wide.csv"
before=$(mark)
"$paylink" batch create --provider qonto --file "$WORK/wide.csv" --base-url "$base" --ca-bundle "$ca" \
  --concurrency 128 >"$WORK/wide.jsonl" 2>"$WORK/wide.err"
check "batch create at concurrency 128: exit 0 ($(tail -3 "$WORK/wide.err"))" test $? -eq 0
check "batch create at concurrency 128: $wide rows succeeded" test "$(grep -c '"ok":true' "$WORK/wide.jsonl")" -eq "$wide"
since "$before" >"$WORK/wide.log"
connections=$(cut -d' ' -f2 "$WORK/wide.log" | sort -u | wc -l)
check "128 in flight still share one connection (saw $connections)" test "$connections" -eq 1
check "every request at concurrency 128 was HTTP/2.0" test "$(grep -vc '^HTTP/2.0 ' "$WORK/wide.log")" -eq 0

links=$(curl -s --cacert "$ca" "$sandbox_base/__sandbox/links" | grep -o '"vendor":"qonto"' | wc -l)
check "the sandbox holds every link ($((rows + wide + 1)) expected, has $links)" test "$links" -eq $((rows + wide + 1))

! grep -rq -e "$PAYLINK_QONTO_TOKEN" "$WORK"/*.out "$WORK"/*.err "$WORK"/*.jsonl "$log" "$WORK/nginx/logs/error.log" "$WORK/nginx/nginx.out"
check "the token appears in no output or log" test $? -eq 0

finish
