#!/usr/bin/env bash
# Compares Gatehouse's HTTP listener with nginx serving the same ~200-byte body, with wrk.
# Usage: bench/http/run.sh [path/to/http_echo_bench] [extra bench args, e.g. --records]
# Runs each server alternately (ours, nginx, ours, nginx), 16 connections, 5 s per run, and
# prints requests/s and the ratio. nginx runs with one worker, like our single listener thread.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
bin="${1:-$here/../../build/bench/http/http_echo_bench}"
shift || true
extra=("$@")
wrk_bin="${WRK:-wrk}"
nginx_bin="${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}"
rounds="${ROUNDS:-2}"
duration="${DURATION:-5s}"
connections="${CONNECTIONS:-16}"
threads="${THREADS:-1}"

[ -x "$bin" ] || { echo "no bench binary at $bin (build target http_echo_bench)" >&2; exit 2; }
command -v "$wrk_bin" >/dev/null || { echo "wrk not found" >&2; exit 2; }
[ -x "$nginx_bin" ] || { echo "nginx not found" >&2; exit 2; }

tmp="$(mktemp -d)"
ours_pid=""
nginx_pid=""
cleanup() {
  [ -n "$ours_pid" ] && kill "$ours_pid" 2>/dev/null || true
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# The same body as http_echo_bench.
body='{"TableNames":["accounts","orders","sessions"],"LastEvaluatedTableName":null,"Message":"fixed benchmark body, about two hundred bytes long, so that headers and body weigh like a small API answer","Count":3}'

ours_port="$(free_port)"
"$bin" --port "$ours_port" "${extra[@]}" >"$tmp/ours.out" 2>"$tmp/ours.err" &
ours_pid=$!

nginx_port="$(free_port)"
mkdir -p "$tmp/logs"
cat >"$tmp/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $tmp/nginx.pid;
error_log $tmp/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $tmp/body;
  proxy_temp_path $tmp/proxy;
  fastcgi_temp_path $tmp/fastcgi;
  uwsgi_temp_path $tmp/uwsgi;
  scgi_temp_path $tmp/scgi;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$nginx_port;
    location / {
      default_type application/json;
      return 200 '$body';
    }
  }
}
CONF
"$nginx_bin" -p "$tmp" -c "$tmp/nginx.conf" &
nginx_pid=$!

wait_port() {
  for _ in $(seq 100); do
    curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0
    sleep 0.1
  done
  echo "server on port $1 did not come up" >&2
  exit 1
}
wait_port "$ours_port"
wait_port "$nginx_port"

rate() {
  "$wrk_bin" -t"$threads" -c"$connections" -d"$duration" "http://127.0.0.1:$1/" \
    | awk '/Requests\/sec/ {print $2}'
}

ours_total=0
nginx_total=0
for round in $(seq "$rounds"); do
  o="$(rate "$ours_port")"
  n="$(rate "$nginx_port")"
  printf 'round %s: gatehouse %10.0f req/s   nginx %10.0f req/s\n' "$round" "$o" "$n"
  ours_total="$(echo "$ours_total + $o" | bc -l)"
  nginx_total="$(echo "$nginx_total + $n" | bc -l)"
done
ours_avg="$(echo "$ours_total / $rounds" | bc -l)"
nginx_avg="$(echo "$nginx_total / $rounds" | bc -l)"
printf 'gatehouse %.0f req/s, nginx %.0f req/s, ratio %.2fx\n' "$ours_avg" "$nginx_avg" \
  "$(echo "$ours_avg / $nginx_avg" | bc -l)"
