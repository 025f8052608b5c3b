# shellcheck shell=bash
# Debian's nginx for tests and the benchmark, started with its own prefix, config and logs in a scratch
# folder (never the system service), in the foreground so that the caller's exit cleanup stops it.
NGINX_BIN=${NGINX_BIN:-/usr/sbin/nginx}

# nginx_write_config PREFIX WORKER_CONNECTIONS <HTTP_BLOCK: writes PREFIX/nginx.conf, with one worker,
# its pid, error log and temporary files below PREFIX, and stdin as the body of its http {} block.
nginx_write_config() {
  local prefix=$1 connections=$2 user_line=""
  mkdir -p "$prefix/logs" "$prefix/temp" || return 1
  # As root, workers would otherwise run as nobody, who may not write below PREFIX.
  if [[ $(id -u) -eq 0 ]]; then user_line="user root;"; fi
  {
    cat <<CONF
$user_line
worker_processes 1;
pid $prefix/nginx.pid;
error_log $prefix/logs/error.log warn;
events { worker_connections $connections; }
http {
  client_body_temp_path $prefix/temp/body;
  proxy_temp_path $prefix/temp/proxy;
  fastcgi_temp_path $prefix/temp/fastcgi;
  uwsgi_temp_path $prefix/temp/uwsgi;
  scgi_temp_path $prefix/temp/scgi;
CONF
    cat
    echo "}"
  } >"$prefix/nginx.conf"
}

# nginx_start PREFIX PROBE_URL CA_FILE PIDS_ARRAY: starts nginx (daemon off) with PREFIX/nginx.conf,
# appends its pid to the array named PIDS_ARRAY (which the caller stops at exit) and sets NGINX_PID.
# Returns once PROBE_URL answers over TLS verified with CA_FILE; returns 1, printing nginx's own words,
# when nginx exits or does not answer within 20 s.
nginx_start() {
  local prefix=$1 probe=$2 ca=$3
  local -n nginx_pids_of_caller=$4
  "$NGINX_BIN" -p "$prefix/" -c "$prefix/nginx.conf" -e "$prefix/logs/error.log" -g 'daemon off;' \
    >"$prefix/nginx.out" 2>&1 &
  NGINX_PID=$!
  nginx_pids_of_caller+=("$NGINX_PID")
  for _ in $(seq 200); do
    curl -s -o /dev/null --cacert "$ca" "$probe" && return 0
    kill -0 "$NGINX_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "nginx did not start: $(cat "$prefix/nginx.out" "$prefix/logs/error.log" 2>/dev/null)" >&2
  return 1
}
