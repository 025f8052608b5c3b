# shellcheck shell=bash
# The shared harness of the shell tests: a scratch folder, the processes a test starts stopped at its
# exit, one-line checks counted into a summary, skips (exit 77), a free loopback port and
# paylink-sandbox started on port 0. Sourced first; it sets WORK (removed at exit unless KEEP is set)
# and PIDS (each stopped at exit), and traps EXIT.
# Checks print "ok   - NAME" or "FAIL - NAME"; `finish` prints "N passed, M failed" and exits 0 only
# when no check failed.

WORK=$(mktemp -d "${TMPDIR:-/tmp}/paylink-$(basename "$0" .sh).XXXXXX")
PIDS=()
passed=0
failed=0
CHECK_SHOW_ON_FAIL=()  # files whose start a failed check prints (the last command's stdout and stderr)

harness_cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
  if [[ -n ${KEEP:-} ]]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap harness_cleanup EXIT

# --- Checks and the summary ----------------------------------------------------------------------------
check() {  # check NAME COMMAND...: one assertion, passed when COMMAND succeeds
  local name=$1
  shift
  if "$@"; then check_status "$name" 0; else check_status "$name" 1; fi
}
check_status() {  # check_status NAME STATUS: one assertion on the exit status of a command run before
  if [[ $2 -eq 0 ]]; then
    passed=$((passed + 1))
    echo "ok   - $1"
    return
  fi
  failed=$((failed + 1))
  echo "FAIL - $1"
  local file
  for file in "${CHECK_SHOW_ON_FAIL[@]}"; do echo "       ${file##*/}: $(head -c 800 "$file" 2>/dev/null)"; done
}
finish() {  # finish: prints the summary and exits, 0 only when no check failed
  echo "$passed passed, $failed failed"
  exit $((failed == 0 ? 0 : 1))
}
skip() {  # skip REASON: this test cannot run here (ctest's SKIP_RETURN_CODE)
  echo "SKIP: $*"
  exit 77
}
die() {  # die MESSAGE: the test cannot go on
  echo "FAIL: $*" >&2
  exit 1
}

# --- Ports and the sandbox -----------------------------------------------------------------------------
free_port() {  # a loopback port nobody listens on now
  if command -v python3 >/dev/null; then
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
    return
  fi
  local port
  for _ in $(seq 50); do
    port=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}

# start_sandbox VAR [FLAG...]: starts "$SANDBOX --port 0 --quiet FLAG..." and stores its base URL in VAR
# once it printed "listening on URL" (for https also "ca file: PATH", stored in SANDBOX_CA). SANDBOX_PID
# and SANDBOX_OUT (its stdout; stderr in SANDBOX_OUT.err) are those of the last one started. Exits 1
# with the sandbox's own words when it does not start within 20 s.
SANDBOX_STARTED=0
start_sandbox() {
  local var=$1 url="" ready=0
  shift
  SANDBOX_STARTED=$((SANDBOX_STARTED + 1))
  SANDBOX_OUT="$WORK/sandbox.$SANDBOX_STARTED.out"
  SANDBOX_CA=""
  "$SANDBOX" --port 0 --quiet "$@" >"$SANDBOX_OUT" 2>"$SANDBOX_OUT.err" &
  SANDBOX_PID=$!
  PIDS+=("$SANDBOX_PID")
  for _ in $(seq 200); do
    url=$(sed -n 's/^listening on //p' "$SANDBOX_OUT" 2>/dev/null)
    [[ $url == https://* ]] && SANDBOX_CA=$(sed -n 's/^ca file: //p' "$SANDBOX_OUT")
    if [[ -n $url && ($url != https://* || -n $SANDBOX_CA) ]]; then
      ready=1
      break
    fi
    kill -0 "$SANDBOX_PID" 2>/dev/null || break
    sleep 0.1
  done
  if [[ $ready -eq 0 ]]; then
    echo "paylink-sandbox $* did not start: $(cat "$SANDBOX_OUT" "$SANDBOX_OUT.err")"
    exit 1
  fi
  printf -v "$var" '%s' "$url"
}
# The control API of the sandbox at $BASE.
fault() {  # fault JSON: queue a fault
  curl -s --max-time 10 -o /dev/null -X POST "$BASE/__sandbox/faults" -H 'Content-Type: application/json' -d "$1"
}
links() {  # links VENDOR: how many links of VENDOR the sandbox holds
  curl -s --max-time 10 "$BASE/__sandbox/links" | grep -o "\"vendor\":\"$1\"" | wc -l
}
requests() {  # requests "METHOD /path": how many of them the sandbox received
  curl -s --max-time 10 "$BASE/__sandbox/requests" | grep -o "\"$1\":[0-9]*" | cut -d: -f2 | head -1
}
