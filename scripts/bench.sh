#!/usr/bin/env bash
# The network benchmark of issue #21 (BENCHMARKS.md, "Where users wait"): paylink, Go's net/http and
# curl --parallel send the same Qonto creates, in one run, to nginx (TLS + HTTP/2, a canned 201) behind a
# delay proxy that adds 25 ms each way. Then 3,000 creates against a sandbox that enforces Qonto's quota,
# the same split over 4 processes sharing one quota through Redis, and the peak memory of a
# 100,000-row batch. Prints a summary with the targets' ratios; everything is kept in
# build/bench/results/ (results-quick/ with --quick).
#
# Usage: scripts/bench.sh [--quick]
#   --quick   small counts, for checking that everything runs (the figures are then not the record)
#
# It installs what it needs with apt-get (nginx, golang-go, redis-server, time), builds paylink Release in
# build/bench and the Go programs of bench/, and starts its own nginx, proxies, sandbox and redis-server
# on free loopback ports in a temporary folder (never the system's services); all are stopped at exit.
# Measure on a quiet machine: the load average is recorded with the figures.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$root/build/bench"
quick=0
for arg in "$@"; do
  case "$arg" in
    --quick) quick=1 ;;
    *) echo "usage: scripts/bench.sh [--quick]" >&2; exit 2 ;;
  esac
done

rtt_ms=50  # the round trip the proxy adds: 25 ms each way
if [ "$quick" = 1 ]; then
  n=100; quota_rows=1100; memory_rows=5000
else
  n=1000; quota_rows=3000; memory_rows=100000
fi
wide=32        # requests in flight for the "32 in flight" cases, the quota case and the memory case
processes=4    # the Redis case: this many paylink processes share one quota ...
per_process=8  # ... each with this many in flight, so that the total in flight is still $wide

bash "$root/scripts/install-deps.sh" nginx golang-go redis-server time

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DPAYLINK_BUILD_BENCHMARKS=ON -DPAYLINK_BUILD_TESTS=OFF -DPAYLINK_BUILD_TOOLS=ON \
  -DPAYLINK_BUILD_EXAMPLES=OFF >/dev/null
cmake --build "$build" -j2 --target paylink-cli paylink-sandbox
paylink="$build/tools/cli/paylink"
sandbox_bin="$build/tools/sandbox/paylink-sandbox"

# The Go programs: no module, no network (GOPROXY=off), caches inside the build folder.
export GOCACHE="$build/go/cache" GOPATH="$build/go/path" GOPROXY=off GOFLAGS=-mod=mod GO111MODULE=on
mkdir -p "$build/go"
for program in delayproxy gopeer; do
  (cd "$root/bench/$program" && go build -o "$build/go/$program" main.go)
done

results="$build/results"
if [ "$quick" = 1 ]; then results="$build/results-quick"; fi  # a smoke run keeps the last real one
rm -rf "$results"
mkdir -p "$results"

work="$(mktemp -d /tmp/paylink-bench.XXXXXX)"
chmod 755 "$work"  # nginx's worker (another user when run as root) reads below it
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# ---------------------------------------------------------------------------------------------------
# Helpers

free_port() {  # a TCP port free on 127.0.0.1 now
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# start_listening VAR FILE CMD...: starts CMD in the background with stdout to FILE, waits for its first
# line "listening on ADDR" and sets VAR to ADDR. Not in a subshell: the process id goes to $pids (for
# cleanup) and $last_pid.
start_listening() {
  local var=$1 file=$2 line=""
  shift 2
  "$@" >"$file" 2>"$file.err" &
  last_pid=$!
  pids+=("$last_pid")
  for _ in $(seq 1 100); do
    line="$(head -1 "$file" 2>/dev/null || true)"
    [ -n "$line" ] && break
    kill -0 "$last_pid" 2>/dev/null || break
    sleep 0.1
  done
  case "$line" in
    "listening on "*) printf -v "$var" '%s' "${line#listening on }" ;;
    *) echo "could not start $1: $(cat "$file.err")" >&2; return 1 ;;
  esac
}

stop() {  # PID: stops one process this script started and waits for it
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

now() { date +%s.%N; }

# ---------------------------------------------------------------------------------------------------
# The request every peer sends: what paylink sends for a Qonto create, from its --dry-run.

token="bench-token"  # nginx does not check it; the sandbox, started with the same environment, expects it
export PAYLINK_QONTO_TOKEN="$token" PAYLINK_MULTISAFEPAY_API_KEY="$token"
dry="$("$paylink" create --provider qonto --dry-run --amount 1100.50 \
  --currency EUR --description "Consulting, March" --base-url https://127.0.0.1:1 2>/dev/null)"
# Headers: the lines after the request line up to the blank line; the credential is printed REDACTED.
awk 'NR > 1 && $0 == "" { exit } NR > 1' <<<"$dry" |
  sed "s/^Authorization: REDACTED$/Authorization: Bearer $token/" >"$work/headers.txt"
# The body: the rest, without a newline of its own (the peers send exactly paylink's bytes).
awk 'seen { printf "%s%s", sep, $0; sep = "\n" } $0 == "" { seen = 1 }' <<<"$dry" >"$work/body.json"
headers="$(cat "$work/headers.txt")"
case "$headers" in
  *"Authorization: Bearer $token"*"X-Qonto-Idempotency-Key: "*) ;;
  *) echo "unexpected dry-run output of paylink create:" >&2; echo "$dry" >&2; exit 1 ;;
esac
make_csv() {  # ROWS FILE [ROW]: ROWS creates, each the dry-run's create (or ROW)
  awk -v n="$1" -v row="${3:-1100.50,EUR,\"Consulting, March\"}" \
    'BEGIN { print "amount,currency,description"; for (i = 0; i < n; i++) print row }' >"$2"
}

# The canned answers: the body of the first 2xx answer of a recorded fixture, on one line.
fixture_answer() {
  awk '/^<<< 2/ { answer = 1; next } answer && !body && $0 == "" { body = 1; next }
       body && /^>>> / { exit } body { printf "%s", $0 }' "$root/tests/fixtures/$1" | tr -d '\t'
}
qonto_answer="$(fixture_answer qonto/create_from_amount.http)"
msp_answer="$(fixture_answer multisafepay/create_paymentlink.http)"
for answer in "$qonto_answer" "$msp_answer"; do
  case "$answer" in
    "" | *"'"* | *'$'* | *'\'*) echo "a canned answer is empty or has ' \$ or \\ (nginx would change it)" >&2; exit 1 ;;
  esac
done

# ---------------------------------------------------------------------------------------------------
# TLS: a CA and a server certificate for localhost and 127.0.0.1, made for this run; nginx: its own
# prefix, config and log (tests/support, shared with the tests). The log line per request: connection
# serial number, the request's number on it, protocol, time the answer ended (s, ms precision), status,
# method, path.

# shellcheck source-path=SCRIPTDIR source=../tests/support/tls_certs.sh
source "$root/tests/support/tls_certs.sh"
# shellcheck source-path=SCRIPTDIR source=../tests/support/nginx.sh
source "$root/tests/support/nginx.sh"
make_test_certificates "$work" "paylink bench CA"

nginx_port="$(free_port)"
nginx_write_config "$work/nginx" 4096 <<EOF
  log_format bench '\$connection \$connection_requests \$server_protocol \$msec \$status \$request_method \$uri';
  access_log $work/nginx/logs/access.log bench;
  keepalive_requests 1000000;   # one connection may carry a whole batch
  keepalive_timeout 300s;
  server {
    listen 127.0.0.1:$nginx_port ssl http2;
    server_name localhost;
    ssl_certificate $work/server.pem;
    ssl_certificate_key $work/server.key;
    location = /v2/payment_links {
      default_type "application/json; charset=utf-8";
      return 201 '$qonto_answer';
    }
    location = /orders {
      default_type "application/json";
      return 200 '$msp_answer';
    }
  }
EOF
nginx_start "$work/nginx" "https://127.0.0.1:$nginx_port/" "$work/ca.pem" pids
access_log="$work/nginx/logs/access.log"
: >"$access_log"  # the readiness probes are not counted

start_listening proxy "$work/proxy-nginx.out" "$build/go/delayproxy" -listen 127.0.0.1:0 \
  -target "127.0.0.1:$nginx_port" -delay "$((rtt_ms / 2))ms"
delayed_url="https://$proxy"

# ---------------------------------------------------------------------------------------------------
# Machine and versions

compiler="$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$build/CMakeCache.txt")"
{
  echo "machine:  $(nproc) cores (nproc), $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1); lscpu in lscpu.txt"
  echo "kernel:   $(uname -sr)"
  echo "compiler: $("${compiler:-c++}" --version | head -1)"
  echo "curl:     $(curl --version | head -1)"
  echo "nginx:    $(nginx -v 2>&1 | sed 's/^nginx version: //')"
  echo "go:       $(go version | cut -d' ' -f3)"
  echo "redis:    $(redis-server --version | cut -d' ' -f3)"
  echo "paylink:  $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$root" diff --quiet 2>/dev/null || echo ' (with local changes)')"
  echo "date:     $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "uptime before: $(uptime)"
  echo "counts:   $n creates per peer case, $quota_rows quota rows, $memory_rows memory rows; RTT added ${rtt_ms} ms"
} | tee "$results/machine.txt"
lscpu >"$results/lscpu.txt" 2>&1 || true

# ---------------------------------------------------------------------------------------------------
# Running a case and reading nginx's log

# run_case NAME CMD...: runs CMD under /usr/bin/time (peak RSS) with stdout and stderr kept, and the
# nginx log lines it caused in NAME.access.log. Sets wall (s) and rss_kib.
run_case() {
  local name=$1 before status=0 t0 t1
  shift
  before=$(wc -l <"$access_log")
  t0=$(now)
  /usr/bin/time -f '%M' -o "$results/$name.rss" "$@" >"$results/$name.out" 2>"$results/$name.err" || status=$?
  t1=$(now)
  sleep 0.2  # nginx writes the last lines
  tail -n +"$((before + 1))" "$access_log" >"$results/$name.access.log"
  wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
  rss_kib=$(tail -1 "$results/$name.rss")
  if [ "$status" != 0 ]; then
    echo "  $name: exit status $status (see $results/$name.err)"
    tail -3 "$results/$name.err" | sed 's/^/    /'
  fi
  return 0
}

# Figures of one case's nginx log: requests, 2xx, connections, protocols, and the requests in flight
# per round trip. With C in flight, each round trip brings a burst of answers; bursts are told apart by
# a silence of more than half the RTT (nginx's one worker logs in the order it answers). A client that
# refills every freed slot at once keeps every burst at C. On a loaded machine a burst can arrive in two
# parts more than RTT/2 apart ("1 31"), which counts as two.
log_figures() {  # NAME → "requests R ok K connections C protocol P span S" and "bursts b1 b2 ..."
  awk -v gap="$rtt_ms" '
    { n++; if ($5 ~ /^2/) ok++; if (!($1 in conn)) { conn[$1] = 1; nc++ } proto[$3]++
      if (n == 1) first = $4
      if (n > 1 && ($4 - last) * 1000 > gap / 2) { line = line " " size; size = 0 }
      size++; last = $4 }
    END {
      p = ""; for (k in proto) p = p (p == "" ? "" : ",") k
      printf "requests %d ok %d connections %d protocol %s span %.3f\n", n, ok, nc, (p == "" ? "-" : p), last - first
      print "bursts" line " " size
    }' "$results/$1.access.log"
}

summary="$results/summary.txt"
: >"$summary"
record() {  # CASE [direct]: appends the summary of the last run_case and its log (direct: no delay, no round trips)
  local name=$1 direct=${2:-} figures
  figures=$(log_figures "$name")
  sed -n 's/^bursts //p' <<<"$figures" >"$results/$name.bursts"
  read -r _ reqs _ ok _ connections _ protocol _ span <<<"$(head -1 <<<"$figures")"
  awk -v name="$name" -v wall="$wall" -v reqs="$reqs" -v ok="$ok" -v conns="$connections" -v proto="$protocol" \
    -v span="$span" -v kib="$rss_kib" -v rtt="$rtt_ms" -v direct="$direct" 'BEGIN {
      printf "%-12s wall %7.3f s  %5.0f req/s  %d requests (%d 2xx, %s) over %d connection(s)  peak RSS %.1f MiB\n",
             name, wall, reqs / wall, reqs, ok, proto, conns, kib / 1024
      if (direct == "" && span > 0)
        printf "%-12s first to last answer at nginx %.3f s: mean in flight (N-1)×RTT/that = %.1f\n",
               "", span, (reqs - 1) * rtt / 1000 / span
    }' | tee -a "$summary"
  eval "wall_${name//-/_}=$wall"
  eval "inflight_${name//-/_}=$(awk -v r="$reqs" -v s="$span" -v rtt="$rtt_ms" 'BEGIN { printf "%.1f", (s > 0 ? (r - 1) * rtt / 1000 / s : 0) }')"
}

# ---------------------------------------------------------------------------------------------------
# The peers

curl_config() {  # COUNT FILE: COUNT POSTs like paylink's, each with a fresh idempotency key
  # Every option but --parallel belongs to one transfer: "next" starts the next with none set.
  local i
  for ((i = 0; i < $1; i++)); do
    if [ "$i" -gt 0 ]; then echo "next"; fi
    echo "url = \"$delayed_url/v2/payment_links\""
    echo "cacert = \"$work/ca.pem\""
    echo "http2"
    echo "silent"
    echo "show-error"
    echo "write-out = \"%{http_code} %{http_version}\\n\""
    echo "data-binary = \"@$work/body.json\""
    echo "output = \"/dev/null\""
    while IFS= read -r h; do
      case "$h" in
        X-Qonto-Idempotency-Key:*) echo "header = \"X-Qonto-Idempotency-Key: $(cat /proc/sys/kernel/random/uuid)\"" ;;
        *) echo "header = \"$h\"" ;;
      esac
    done <"$work/headers.txt"
  done >"$2"
}

run_peers() {  # C: paylink, Go and curl, N creates each at C in flight
  local c=$1
  make_csv "$n" "$work/rows-$n.csv"
  run_case "paylink-c$c" "$paylink" batch create --provider qonto \
    --file "$work/rows-$n.csv" --concurrency "$c" --base-url "$delayed_url" --ca-bundle "$work/ca.pem"
  record "paylink-c$c"
  run_case "go-c$c" "$build/go/gopeer" -url "$delayed_url/v2/payment_links" -ca "$work/ca.pem" -n "$n" -c "$c" \
    -body "$work/body.json" -headers "$work/headers.txt"
  record "go-c$c"
  curl_config "$n" "$work/curl-$c.cfg"
  run_case "curl-c$c" curl --parallel --parallel-max "$c" --config "$work/curl-$c.cfg"
  record "curl-c$c"
}

echo
echo "== $n Qonto creates at 1 and $wide in flight, over TLS + HTTP/2 with ${rtt_ms} ms RTT added"
run_peers 1
run_peers "$wide"

# ---------------------------------------------------------------------------------------------------
# The quota: 3,000 creates against a sandbox that enforces Qonto's two windows, behind the same delay.
#
# The theoretical minimum: the server counts arrivals, and no 10 s window may hold more than 1,000, so
# arrival k comes at least 10 s after arrival k−1,000. Chaining that from the last request back,
# request N−1 arrives ≥ floor((N−1)/1000) × 10 s after request (N−1) mod 1000, and that one arrives at
# best after floor(((N−1) mod 1000)/C) round trips of C requests in flight. One more RTT carries the first
# request there and the last answer back: T_min = floor((N−1)/Q)·W + floor(((N−1) mod Q)/C)·RTT + RTT.
# (Qonto's second window, 10,000 per 10 min, does not bind for N ≤ 10,000.)
quota_q=1000
quota_window_s=10
t_min=$(awk -v n="$quota_rows" -v q="$quota_q" -v w="$quota_window_s" -v c="$wide" -v rtt="$rtt_ms" 'BEGIN {
  last = n - 1; printf "%.3f", int(last / q) * w + int((last % q) / c) * rtt / 1000 + rtt / 1000 }')

sandbox_help="$("$sandbox_bin" --help 2>&1 || true)"
batch_help="$("$paylink" batch create --help 2>&1 || true)"
has_quota_server=0; has_redis_cli=0
case "$sandbox_help" in *--qonto-quota*) has_quota_server=1 ;; esac
case "$batch_help" in *--quota-redis*) has_redis_cli=1 ;; esac

quota_figures() {  # → "accepted A rate_limited R" from the sandbox
  local answer
  answer="$(curl -s "$sandbox_url/__sandbox/quota")"
  sed -n 's/.*"accepted":\([0-9]*\).*"rate_limited":\([0-9]*\).*/accepted \1 rate_limited \2/p' <<<"$answer"
}
# NAME: the summary line of a sandbox case (no nginx log: connections as the proxy counted them).
record_sandbox() {
  local name=$1 rows=$2 figures connections
  figures="$(quota_figures)"
  stop "$sandbox_proxy_pid"
  connections=$(sed -n 's/^delayproxy: \([0-9]*\) connections accepted$/\1/p' "$work/proxy-$name.out.err")
  read -r _ accepted _ limited <<<"$figures"
  awk -v name="$name" -v wall="$wall" -v rows="$rows" -v accepted="${accepted:-?}" -v limited="${limited:-?}" \
    -v conns="${connections:-?}" -v kib="$rss_kib" -v t_min="$t_min" 'BEGIN {
      printf "%-12s wall %7.3f s  %5.0f rows/s  %d rows: the server accepted %s and refused %s with 429, over %s connection(s)  peak RSS %.1f MiB\n",
             name, wall, rows / wall, rows, accepted, limited, conns, kib / 1024
      printf "%-12s T_min %.3f s: wall / T_min = %.3f\n", "", t_min, wall / t_min
    }' | tee -a "$summary"
  eval "wall_${name//-/_}=$wall"
  eval "limited_${name//-/_}=${limited:-unknown}"
}

echo
echo "== $quota_rows Qonto creates against a sandbox enforcing Qonto's quota (T_min $t_min s)"
if [ "$has_quota_server" = 1 ]; then
  start_listening sandbox_url "$work/sandbox.out" "$sandbox_bin" --port 0 --quiet --qonto-quota
  start_sandbox_proxy() {  # NAME: a fresh delay proxy in front of the sandbox, and a reset sandbox
    start_listening sandbox_proxy "$work/proxy-$1.out" "$build/go/delayproxy" -listen 127.0.0.1:0 \
      -target "${sandbox_url#http://}" -delay "$((rtt_ms / 2))ms"
    sandbox_proxy_pid=$last_pid
    curl -s -o /dev/null -X POST "$sandbox_url/__sandbox/reset"
  }
  start_sandbox_proxy quota
  make_csv "$quota_rows" "$work/rows-quota.csv"
  run_case quota "$paylink" batch create --provider qonto \
    --file "$work/rows-quota.csv" --concurrency "$wide" --base-url "http://$sandbox_proxy"
  record_sandbox quota "$quota_rows"
else
  echo "  skipped: this paylink-sandbox has no --qonto-quota (issue #21's quota server is not on this branch)" |
    tee -a "$summary"
fi

echo
echo "== the same $quota_rows creates from $processes processes sharing one quota through Redis"
if [ "$has_quota_server" = 1 ] && [ "$has_redis_cli" = 1 ]; then
  redis_port="$(free_port)"
  redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >"$work/redis.log" 2>&1 &
  pids+=("$!")
  for _ in $(seq 1 50); do
    [ "$(redis-cli -p "$redis_port" ping 2>/dev/null || true)" = PONG ] && break
    sleep 0.1
  done
  start_sandbox_proxy redis
  per_rows=$((quota_rows / processes))
  make_csv "$per_rows" "$work/rows-redis.csv"
  cat >"$work/redis-run.sh" <<EOF
status=0
for i in \$(seq 1 $processes); do
  "$paylink" batch create --provider qonto --file "$work/rows-redis.csv" \
    --concurrency $per_process --base-url "http://$sandbox_proxy" \
    --quota-redis "redis://127.0.0.1:$redis_port" --quota-name bench >"$results/redis-\$i.out" 2>"$results/redis-\$i.err" &
done
for job in \$(jobs -p); do wait "\$job" || status=\$?; done
exit \$status
EOF
  run_case redis bash "$work/redis-run.sh"
  record_sandbox redis "$((per_rows * processes))"
else
  echo "  skipped: needs the quota server (paylink-sandbox --qonto-quota) and paylink's --quota-redis, not both on this branch" |
    tee -a "$summary"
fi

# ---------------------------------------------------------------------------------------------------
# Peak memory of a large batch: MultiSafepay creates (no client-side rate limit: Qonto's would make
# 100,000 rows last 1,000 s) straight to nginx, no delay, 32 in flight.

echo
echo "== peak memory of a $memory_rows-row batch (MultiSafepay creates, straight to nginx)"
make_csv "$memory_rows" "$work/rows-memory.csv" "10.00,EUR,Order"
run_case memory "$paylink" batch create --provider multisafepay --file "$work/rows-memory.csv" \
  --concurrency "$wide" --base-url "https://127.0.0.1:$nginx_port" --ca-bundle "$work/ca.pem"
record memory direct
memory_ok=$(grep -c '"ok":true' "$results/memory.out" || true)
rm -f "$results/memory.out"  # one line per row; the count is kept
echo "  rows that succeeded: $memory_ok of $memory_rows" | tee -a "$summary"

# ---------------------------------------------------------------------------------------------------
# The targets, as ratios of this run

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
verdict() { awk -v v="$1" -v limit="$2" 'BEGIN { print (v <= limit ? "PASS" : "FAIL") }'; }
seq_floor=$(awk -v n="$n" -v rtt="$rtt_ms" 'BEGIN { printf "%.3f", n * rtt / 1000 }')
wide_floor=$(awk -v n="$n" -v rtt="$rtt_ms" -v c="$wide" 'BEGIN { printf "%.4f", n * rtt / 1000 / c }')
{
  echo
  echo "== targets (uptime after: $(uptime))"
  r=$(ratio "$wall_paylink_c1" "$seq_floor")
  echo "sequential: paylink / (N×RTT = $seq_floor s) = $r (Go $(ratio "$wall_go_c1" "$seq_floor"), curl $(ratio "$wall_curl_c1" "$seq_floor"))   target <= 1.05: $(verdict "$r" 1.05)"
  r=$(ratio "$wall_paylink_c32" "$wall_go_c32")
  echo "$wide in flight: paylink / Go = $r (paylink / curl $(ratio "$wall_paylink_c32" "$wall_curl_c32"))   target <= 1.00: $(verdict "$r" 1.00)"
  r=$(ratio "$wall_paylink_c32" "$wide_floor")
  echo "$wide in flight: paylink / (N×RTT/C = $wide_floor s) = $r (Go $(ratio "$wall_go_c32" "$wide_floor"), curl $(ratio "$wall_curl_c32" "$wide_floor"))   target <= 1.10: $(verdict "$r" 1.10)"
  echo "$wide in flight: mean in flight between the first and last answer: paylink $inflight_paylink_c32, Go $inflight_go_c32, curl $inflight_curl_c32 (of $wide)"
  if [ -n "${wall_quota:-}" ]; then
    r=$(ratio "$wall_quota" "$t_min")
    echo "quota: paylink / T_min ($t_min s) = $r, 429s: $limited_quota   target <= 1.05 and 0: $(verdict "$r" 1.05)$([ "$limited_quota" = 0 ] || echo ', 429s: FAIL')"
  else
    echo "quota: not measured (skipped above)"
  fi
  if [ -n "${wall_redis:-}" ]; then
    r=$(ratio "$wall_redis" "$t_min")
    echo "redis, $processes processes: / T_min ($t_min s) = $r, 429s: $limited_redis   target <= 1.10 (part 3) and 0: $(verdict "$r" 1.10)$([ "$limited_redis" = 0 ] || echo ', 429s: FAIL')"
  else
    echo "redis: not measured (skipped above)"
  fi
  mib=$(awk -v k="$rss_kib" 'BEGIN { printf "%.1f", k / 1024 }')
  echo "memory: peak RSS of the $memory_rows-row batch $mib MiB   target < 64 MiB: $(awk -v m="$mib" 'BEGIN { print (m < 64 ? "PASS" : "FAIL") }')"
} | tee -a "$summary"
if [ "$quick" = 1 ]; then echo "(--quick: small counts; not the record)" | tee -a "$summary"; fi
echo "results kept in $results"
