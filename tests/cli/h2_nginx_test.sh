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
nginx_bin=/usr/sbin/nginx
if [[ ! -x $nginx_bin ]]; then
  echo "SKIP: $nginx_bin is not installed (bash scripts/install-deps.sh installs Debian's nginx)"
  exit 77
fi
paylink=$(realpath "$1")
sandbox=$(realpath "$2")
work=$(mktemp -d "${TMPDIR:-/tmp}/paylink-h2.XXXXXX")
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
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

export PAYLINK_QONTO_TOKEN=h2-test-qonto-token-9d2f61
unset PAYLINK_QONTO_LOGIN PAYLINK_QONTO_SECRET_KEY PAYLINK_QONTO_STAGING_TOKEN PAYLINK_CA_BUNDLE

"$sandbox" --port 0 --quiet --tls-dir "$work/tls" >"$work/sandbox.out" 2>"$work/sandbox.err" &
pids+=($!)
for _ in $(seq 200); do grep -q '^ca file: ' "$work/sandbox.out" 2>/dev/null && break; sleep 0.05; done
sandbox_base=$(sed -n 's/^listening on //p' "$work/sandbox.out")
ca=$(sed -n 's/^ca file: //p' "$work/sandbox.out")
[[ -n $sandbox_base && -s $ca ]] || die "paylink-sandbox --tls did not start: $(cat "$work/sandbox.out" "$work/sandbox.err")"

# nginx: TLS + HTTP/2 on a free loopback port; to the sandbox over TLS verified with the same CA (the
# sandbox serves HTTPS only), through a keep-alive upstream pool.
port=$(free_port)
mkdir -p "$work/nginx/logs" "$work/nginx/temp"
user_line=""
[[ $(id -u) -eq 0 ]] && user_line="user root;"  # workers would otherwise run as nobody, outside $work
cat >"$work/nginx/nginx.conf" <<CONF
$user_line
daemon off;
master_process on;
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 256; }
http {
  log_format h2 '\$server_protocol \$connection \$status \$request_method \$uri';
  access_log $work/nginx/logs/access.log h2;
  client_body_temp_path $work/nginx/temp/body;
  proxy_temp_path $work/nginx/temp/proxy;
  fastcgi_temp_path $work/nginx/temp/fastcgi;
  uwsgi_temp_path $work/nginx/temp/uwsgi;
  scgi_temp_path $work/nginx/temp/scgi;
  upstream sandbox {
    server ${sandbox_base#https://};
    keepalive 16;
  }
  server {
    listen 127.0.0.1:$port ssl http2;
    ssl_certificate $work/tls/server.pem;
    ssl_certificate_key $work/tls/server.key;
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
}
CONF
"$nginx_bin" -p "$work/nginx/" -c "$work/nginx/nginx.conf" -e "$work/nginx/logs/error.log" \
  >"$work/nginx.out" 2>&1 &
pids+=($!)
nginx_pid=$!
base="https://127.0.0.1:$port"
for _ in $(seq 200); do
  curl -s -o /dev/null --cacert "$ca" "$base/__sandbox/health" && break
  kill -0 "$nginx_pid" 2>/dev/null || die "nginx exited: $(cat "$work/nginx.out" "$work/nginx/logs/error.log")"
  sleep 0.05
done
log="$work/nginx/logs/access.log"
# The log lines written since `mark` was taken.
mark() { wc -l <"$log"; }
since() { tail -n +"$(($1 + 1))" "$log"; }

# ---- a single call: HTTP/2 negotiated through --ca-bundle ----
before=$(mark)
created=$("$paylink" create --provider qonto --base-url "$base" --ca-bundle "$ca" --amount 5.00 --currency EUR \
  --description "h2 single" --json 2>"$work/create.err")
check "create through nginx over TLS ($(cat "$work/create.err"))" test $? -eq 0
id=$(sed -n 's/.*"id":"\([^"]*\)".*/\1/p' <<<"$created")
lines=$(since "$before")
check "the create was one request (log: $lines)" test "$(wc -l <<<"$lines")" -eq 1
check "the create was an HTTP/2.0 POST (log: $lines)" grep -qx 'HTTP/2.0 [0-9]* 20[01] POST /v2/payment_links' <<<"$lines"
before=$(mark)
"$paylink" get --provider qonto --base-url "$base" --ca-bundle "$ca" "$id" --json >"$work/get.out" 2>"$work/get.err"
check "get through nginx over TLS" test $? -eq 0
lines=$(since "$before")
check "the get was one HTTP/2.0 GET (log: $lines)" grep -qx "HTTP/2.0 [0-9]* 200 GET /v2/payment_links/$id" <<<"$lines"

# ---- a batch: 200 rows at concurrency 16 on one HTTP/2 connection ----
rows=200
{
  echo "amount,currency,description,reference"
  for i in $(seq 1 "$rows"); do echo "$i.50,EUR,h2 batch row $i,h2-$i"; done
} >"$work/rows.csv"
before=$(mark)
"$paylink" batch create --provider qonto --file "$work/rows.csv" --base-url "$base" --ca-bundle "$ca" \
  --concurrency 16 >"$work/batch.jsonl" 2>"$work/batch.err"
check "batch create: exit 0 ($(tail -3 "$work/batch.err"))" test $? -eq 0
check "batch create: $rows rows succeeded" test "$(grep -c '"ok":true' "$work/batch.jsonl")" -eq "$rows"
since "$before" >"$work/batch.log"
posts=$(grep -c ' POST /v2/payment_links$' "$work/batch.log")
check "nginx saw $rows creates (saw $posts)" test "$posts" -eq "$rows"
not_h2=$(grep -vc '^HTTP/2.0 ' "$work/batch.log")
check "every request of the batch was HTTP/2.0 ($not_h2 were not)" test "$not_h2" -eq 0
connections=$(cut -d' ' -f2 "$work/batch.log" | sort -u | wc -l)
check "the whole batch travelled on one connection (saw $connections)" test "$connections" -eq 1

# ---- more streams than libcurl's default per-connection limit (100), within nginx's (128) ----
wide=300
{
  echo "amount,currency,description,reference"
  for i in $(seq 1 "$wide"); do echo "$i.75,EUR,h2 wide row $i,h2-wide-$i"; done
} >"$work/wide.csv"
before=$(mark)
"$paylink" batch create --provider qonto --file "$work/wide.csv" --base-url "$base" --ca-bundle "$ca" \
  --concurrency 128 >"$work/wide.jsonl" 2>"$work/wide.err"
check "batch create at concurrency 128: exit 0 ($(tail -3 "$work/wide.err"))" test $? -eq 0
check "batch create at concurrency 128: $wide rows succeeded" test "$(grep -c '"ok":true' "$work/wide.jsonl")" -eq "$wide"
since "$before" >"$work/wide.log"
connections=$(cut -d' ' -f2 "$work/wide.log" | sort -u | wc -l)
check "128 in flight still share one connection (saw $connections)" test "$connections" -eq 1
check "every request at concurrency 128 was HTTP/2.0" test "$(grep -vc '^HTTP/2.0 ' "$work/wide.log")" -eq 0

links=$(curl -s --cacert "$ca" "$sandbox_base/__sandbox/links" | grep -o '"vendor":"qonto"' | wc -l)
check "the sandbox holds every link ($((rows + wide + 1)) expected, has $links)" test "$links" -eq $((rows + wide + 1))

! grep -rq -e "$PAYLINK_QONTO_TOKEN" "$work"/*.out "$work"/*.err "$work"/*.jsonl "$log" "$work/nginx/logs/error.log"
check "the token appears in no output or log" test $? -eq 0

echo "h2 nginx: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
