#!/usr/bin/env bash
# Gateway MOCK serving benchmark: GET /test/pets/{id} rendering a ~200-byte JSON with the id
# (404 when the id is 0) with wrk at 1, 16 and 64 connections against
#   - Gatehouse (headless, serving pets.yaml, a MOCK integration with VTL templates),
#   - nginx returning the same body (the HTTP ceiling; one worker, an unprivileged temp config),
#   - Mockoon's CLI (@mockoon/cli from npm, mockoon-pets.json: the same route, body and 404 rule),
# interleaved in one invocation: for each connection count and round the targets run one after
# the other, so a change in machine load hits all of them. Per run: req/s, p50/p99 latency and
# the server's CPU per request (utime+stime of the process and its children, from /proc, over the
# run, divided by the requests). Also: start-up to the first answer (spawn -> first 200, polled
# every ms, median of --startup-runs) for Gatehouse and Mockoon. See README.md.
#
# Usage: bench/gateway/run.sh [--gatehouse PATH] [--duration S] [--rounds N] [--conns "1 16 64"]
#                             [--threads N] [--targets gatehouse,nginx,mockoon] [--quick]
#                             [--startup-runs N] [--profile FILE] [--no-integrations]
#   --threads N    wrk threads (default 1, as the issue's reference figures were taken)
#   --quick        16 connections, 1 round of 2 s: a smoke run of the harness
#   --profile F    after the runs, perf record (cpu-clock, call graphs) Gatehouse for 10 s at 16
#                  connections into F and print the top of the report
#   --no-integrations  skip the second part: the integration routes (HTTP_PROXY to nginx,
#                  AWS_PROXY function, DynamoDB with VTL) against serverless-offline (in-process
#                  and worker-thread modes), served by the same Gatehouse on the same connections
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
gatehouse=${GATEHOUSE:-$root/build/app/gatehouse}
duration=5
rounds=2
conns=(1 16 64)
threads=1
targets_wanted=gatehouse,nginx,mockoon
startup_runs=7
profile=""
integrations=1

while [ $# -gt 0 ]; do
  case "$1" in
    --gatehouse) gatehouse=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --conns) read -r -a conns <<<"$2"; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --targets) targets_wanted=$2; shift 2 ;;
    --quick) duration=2; rounds=1; conns=(16); startup_runs=3; shift ;;
    --startup-runs) startup_runs=$2; shift 2 ;;
    --profile) profile=$2; shift 2 ;;
    --no-integrations) integrations=0; shift ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
wanted() { [[ ",$targets_wanted," == *",$1,"* ]]; }
helper() { python3 "$here/helper.py" "$@"; }
command -v wrk >/dev/null || { echo "run.sh: wrk is not installed (apt-get install wrk)" >&2; exit 2; }

tmp=$(mktemp -d)
declare -A pid url
active=()
cleanup() {
  local p
  for p in "${pid[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pid[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

targets=()
notes=()
if wanted gatehouse; then
  if [ -x "$gatehouse" ]; then targets+=(gatehouse)
  else notes+=("gatehouse: no executable at $gatehouse (build target gatehouse or pass --gatehouse)"); fi
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
if wanted nginx; then
  if [ -x "$nginx_bin" ]; then targets+=(nginx); else notes+=("nginx: not installed: skipped"); fi
fi
mockoon=$here/node_modules/.bin/mockoon-cli
if wanted mockoon; then
  stamp=$here/node_modules/.package-lock.json  # written by npm after a complete install
  if ! { [ -f "$stamp" ] && [ "$stamp" -nt "$here/package-lock.json" ]; }; then
    echo "run.sh: npm ci in $here (Mockoon's CLI, exact versions from package-lock.json)" >&2
    (cd "$here" && npm ci --no-audit --no-fund --loglevel=error) >&2 || true
  fi
  if [ -f "$mockoon" ]; then targets+=(mockoon); else notes+=("mockoon: npm ci failed: skipped"); fi
fi
has() { [[ " ${targets[*]} " == *" $1 "* ]]; }
sls_dir=$here/serverless
sls=$sls_dir/node_modules/.bin/serverless
if [ "$integrations" = 1 ]; then
  stamp=$sls_dir/node_modules/.package-lock.json
  if ! { [ -f "$stamp" ] && [ "$stamp" -nt "$sls_dir/package-lock.json" ]; }; then
    echo "run.sh: npm ci in $sls_dir (serverless 3 and serverless-offline, from package-lock.json)" >&2
    (cd "$sls_dir" && npm ci --no-audit --no-fund --loglevel=error) >&2 || true
  fi
  [ -f "$sls" ] || notes+=("serverless-offline: npm ci failed: its rows are missing")
fi

# Gatehouse gets a data home of its own (the bundled demo is installed there on first use).
export XDG_DATA_HOME=$tmp/data XDG_CONFIG_HOME=$tmp/config
gatehouse_argv() {  # gatehouse_argv PORT [more arguments]
  echo "$gatehouse" --headless --in-memory --openapi "$here/pets.yaml" --stage test \
    --gateway-port "$1" "${@:2}"
}
mockoon_argv() {  # mockoon_argv PORT
  echo "$mockoon" start -d "$here/mockoon-pets.json" -p "$1" -X --disable-admin-api
}

# --- start-up to the first answer, on an idle machine (before the servers start) -------------
declare -A startup
if has gatehouse; then
  # shellcheck disable=SC2046
  startup[gatehouse]=$(helper startup "$startup_runs" "http://127.0.0.1:{port}/test/pets/1" -- \
                         $(gatehouse_argv '{port}' --tables-port 0))
fi
if has mockoon; then
  # shellcheck disable=SC2046
  startup[mockoon]=$(helper startup "$startup_runs" "http://127.0.0.1:{port}/test/pets/1" -- \
                       $(mockoon_argv '{port}'))
fi

# --- the servers ------------------------------------------------------------------------------
if has mockoon; then
  port=$(helper free-port)
  # Mockoon logs every transaction to stdout by default; that is part of what it costs.
  # shellcheck disable=SC2046
  $(mockoon_argv "$port") >"$tmp/mockoon.out" 2>&1 &
  pid[mockoon]=$!
  url[mockoon]=http://127.0.0.1:$port
fi
if has nginx; then
  port=$(helper free-port)
  mkdir -p "$tmp/nginx/logs"
  body='{"id": "$1", "name": "pet-$1", "type": "dog", "price": 249.99, "tags": ["friendly", "house-trained"], "owner": {"name": "Ada Lovelace", "city": "London"}, "note": "served by a MOCK integration"}'
  cat >"$tmp/nginx/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $tmp/nginx/body;
  proxy_temp_path $tmp/nginx/proxy;
  fastcgi_temp_path $tmp/nginx/fastcgi;
  uwsgi_temp_path $tmp/nginx/uwsgi;
  scgi_temp_path $tmp/nginx/scgi;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$port;
    default_type application/json;
    location = /test/pets/0 { return 404 '{"message": "Pet 0 not found"}'; }
    location ~ ^/test/pets/([^/]+)\$ { return 200 '$body'; }
  }
}
CONF
  "$nginx_bin" -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" &
  pid[nginx]=$!
  url[nginx]=http://127.0.0.1:$port
fi
if has gatehouse; then
  port=$(helper free-port)
  tables_port=$(helper free-port)
  extra=(--tables-port "$tables_port")
  if [ "$integrations" = 1 ] && has nginx; then
    # The integration routes: HTTP_PROXY needs nginx's URL; AWS_PROXY runs functions/pets.js
    # beside the document; the DynamoDB route reads the demo project's seeded Books table.
    mkdir -p "$tmp/api/functions"
    cp "$sls_dir/pets.js" "$tmp/api/functions/pets.js"
    sed "s|@NGINX_URL@|${url[nginx]}|" "$here/integrations.yaml" >"$tmp/api/integrations.yaml"
    extra+=(--openapi "$tmp/api/integrations.yaml")
  fi
  # shellcheck disable=SC2046
  $(gatehouse_argv "$port" "${extra[@]}") >"$tmp/gatehouse.out" 2>&1 &
  pid[gatehouse]=$!
  url[gatehouse]=http://127.0.0.1:$port
  url[tables]=http://127.0.0.1:$tables_port
fi

checks=()
for t in "${targets[@]}"; do
  helper wait "${url[$t]}/test/pets/1" 60 || {
    echo "run.sh: $t at ${url[$t]} does not answer" >&2
    cat "$tmp/$t.out" >&2 2>/dev/null || true
    exit 1
  }
  helper check "$t" "${url[$t]}/test" >"$tmp/check.$t"
  checks+=("$tmp/check.$t")
done
# The same answers everywhere (200 with the ~200-byte body, 404 for id 0), or the comparison
# means nothing.
if ! helper same "${checks[@]}"; then
  cat "${checks[@]}" >&2
  exit 1
fi

# --- the interleaved runs ---------------------------------------------------------------------
results=$tmp/results.tsv
: >"$results"
echo "wrk: ${duration} s a run, ${rounds} rounds, connections ${conns[*]}, wrk threads" \
  "$threads, targets ${targets[*]}" >&2
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for c in "${conns[@]}"; do
  for ((r = 1; r <= rounds; r++)); do
    for t in "${targets[@]}"; do
      th=$threads; [ "$th" -gt "$c" ] && th=$c
      before=$(helper cpu "${pid[$t]}")
      line=$(wrk -t"$th" -c"$c" -d"${duration}s" --timeout 10s -s "$here/pets.lua" "${url[$t]}" \
               | grep '^BENCH ') || true
      after=$(helper cpu "${pid[$t]}")
      if [ -z "$line" ]; then
        echo "  $t c=$c round $r: wrk printed no result" >&2
        continue
      fi
      eval "$(sed 's/^BENCH //' <<<"$line")"  # requests= duration_us= p50_us= ...
      errors=$((non2xx + connect + read + write + timeout))
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "$c" "$r" "$requests" "$duration_us" \
        "$p50_us" "$p99_us" "$errors" "$((after - before))" >>"$results"
      printf '  %-9s c=%-3s round %s %9.0f req/s%s\n' "$t" "$c" "$r" \
        "$(awk -v q="$requests" -v d="$duration_us" 'BEGIN { print (d > 0 ? q * 1e6 / d : 0) }')" \
        "$([ "$errors" -eq 0 ] || echo "  ($errors errors)")" >&2
    done
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# --- part 2: the integration routes against serverless-offline ------------------------------------
# Same Gatehouse process, same connection counts, interleaved round by round. Each row records
# the load average when it ran and the RSS of its server after it.
int_results=$tmp/integrations.tsv
: >"$int_results"
if [ "$integrations" = 1 ] && has gatehouse && has nginx; then
  if [ -f "$sls" ]; then
    export SLS_TELEMETRY_DISABLED=1 SLS_NOTIFICATIONS_MODE=off SLS_DEPRECATION_DISABLE='*'
    for mode in inproc worker; do
      port=$(helper free-port)
      flags=(--httpPort "$port" --lambdaPort "$(helper free-port)")
      [ "$mode" = inproc ] && flags+=(--useInProcess)
      (cd "$sls_dir" && exec "$sls" offline start "${flags[@]}") >"$tmp/sls-$mode.out" 2>&1 &
      pid[sls-$mode]=$!
      url[sls-$mode]=http://127.0.0.1:$port
    done
  fi
  isbns=9780262033848,9780132350884,9780201633610,9781449373320,9780134757599,9780596007126,9781492040347,9780321125217
  getitem='{"TableName": "Books", "Key": {"isbn": {"S": "{id}"}}}'
  ddb_headers='Content-Type: application/x-amz-json-1.0|X-Amz-Target: DynamoDB_20120810.GetItem|X-Amz-Date: 20260101T000000Z|Authorization: AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=00'
  # name | server (pid and url key) | path | ids | method | body | headers
  routes=(
    "gh-mock|gatehouse|/test/pets/{id}||GET||"
    "nginx|nginx|/test/pets/{id}||GET||"
    "gh-http-proxy|gatehouse|/test/proxy/pets/{id}||GET||"
    "gh-function|gatehouse|/test/fn/pets/{id}||GET||"
    "sls-proxy-inproc|sls-inproc|/test/fn/pets/{id}||GET||"
    "sls-proxy-worker|sls-worker|/test/fn/pets/{id}||GET||"
    "gh-dynamodb-vtl|gatehouse|/test/ddb/books/{id}|$isbns|GET||"
    "tables-getitem|tables|/|$isbns|POST|$getitem|$ddb_headers"
    "sls-vtl-inproc|sls-inproc|/test/vtl/pets/{id}||GET||"
    "sls-vtl-worker|sls-worker|/test/vtl/pets/{id}||GET||"
  )
  for r in "${routes[@]}"; do
    IFS='|' read -r name server path ids method body headers <<<"$r"
    [ -n "${url[$server]:-}" ] || continue
    first=${ids%%,*}
    probe=${path//\{id\}/${first:-7}}
    if [ "$method" = GET ] && ! helper wait "${url[$server]}$probe" 90; then
      echo "run.sh: $name: ${url[$server]}$probe does not answer 200; its rows are skipped" >&2
      curl -s -i "${url[$server]}$probe" | head -5 >&2 || true
      continue
    fi
    active+=("$r")
  done
  echo "part 2: integration routes, ${#active[@]} of ${#routes[@]} answering; a 2 s warm-up each" >&2
  # Warm-up, not measured: JIT and module loading of the Node.js peers, first-call paths.
  for r in "${active[@]}"; do
    IFS='|' read -r name server path ids method body headers <<<"$r"
    BENCH_PATH=$path BENCH_IDS=$ids BENCH_METHOD=$method BENCH_BODY=$body BENCH_HEADERS=$headers \
      wrk -t1 -c4 -d2s --timeout 10s -s "$here/route.lua" "${url[$server]}" >/dev/null || true
  done
  for c in "${conns[@]}"; do
    for ((rd = 1; rd <= rounds; rd++)); do
      for r in "${active[@]}"; do
        IFS='|' read -r name server path ids method body headers <<<"$r"
        p=${pid[$server]:-${pid[gatehouse]}}  # the tables port is the gatehouse process
        th=$threads; [ "$th" -gt "$c" ] && th=$c
        load=$(cut -d' ' -f1 /proc/loadavg)
        before=$(helper cpu "$p")
        line=$(BENCH_PATH=$path BENCH_IDS=$ids BENCH_METHOD=$method BENCH_BODY=$body \
                 BENCH_HEADERS=$headers wrk -t"$th" -c"$c" -d"${duration}s" --timeout 10s \
                 -s "$here/route.lua" "${url[$server]}" | grep '^BENCH ') || true
        after=$(helper cpu "$p")
        rss_mib=$(helper rss "$p")
        if [ -z "$line" ]; then
          echo "  $name c=$c round $rd: wrk printed no result" >&2
          continue
        fi
        eval "$(sed 's/^BENCH //' <<<"$line")"
        errors=$((non2xx + connect + read + write + timeout))
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$c" "$rd" "$requests" \
          "$duration_us" "$p50_us" "$p99_us" "$errors" "$((after - before))" "$load" "$rss_mib" \
          >>"$int_results"
        printf '  %-17s c=%-3s round %s %9.0f req/s  load %s  rss %s MiB%s\n' "$name" "$c" "$rd" \
          "$(awk -v q="$requests" -v d="$duration_us" 'BEGIN { print (d > 0 ? q * 1e6 / d : 0) }')" \
          "$load" "$rss_mib" "$([ "$errors" -eq 0 ] || echo "  ($errors errors)")" >&2
      done
    done
  done
fi

declare -A rss
for t in "${targets[@]}"; do rss[$t]=$(python3 "$root/bench/tables/helper.py" rss "${pid[$t]}"); done

# --- optional profile of Gatehouse under load ---------------------------------------------------
if [ -n "$profile" ] && has gatehouse; then
  echo "perf: recording gatehouse for 10 s at 16 connections into $profile" >&2
  wrk -t"$threads" -c16 -d12s -s "$here/pets.lua" "${url[gatehouse]}" >/dev/null &
  wrk_pid=$!
  sleep 1  # let the load reach its steady state before sampling
  perf record -q -e cpu-clock -g -p "${pid[gatehouse]}" -o "$profile" -- sleep 10 2>/dev/null || true
  wait "$wrk_pid" || true
fi

# --- report -----------------------------------------------------------------------------------
echo
echo "== GET /test/pets/{id}, wrk ${duration} s a run, ${rounds} round(s) interleaved, wrk threads" \
  "$threads; load average before $load_before, after $load_after on $(nproc) cores"
helper report "$results"
if [ -s "$int_results" ]; then
  echo
  echo "== integration routes (same Gatehouse, same connections), wrk ${duration} s a run,"     "${rounds} round(s) interleaved; the load average of each row is the 1-minute one when it ran"
  helper report-integrations "$int_results"
fi
echo
echo "== start-up to the first answer (spawn -> first 200 on GET /test/pets/1; median, then each run, ms)"
for t in gatehouse mockoon; do
  [ -n "${startup[$t]:-}" ] && printf '%-10s %s\n' "$t" "${startup[$t]}"
done
echo
echo "== RSS after the runs (MiB: total, anon, file)"
for t in "${targets[@]}"; do printf '%-10s %s\n' "$t" "${rss[$t]}"; done
if [ -n "$profile" ] && [ -f "$profile" ]; then
  echo
  echo "== perf report: self time by shared object, then the top symbols"
  perf report -i "$profile" --no-children --sort dso --stdio -g none 2>/dev/null \
    | grep '%' | grep -v '^#' | head -8 | cut -c1-120
  echo
  perf report -i "$profile" --no-children --sort symbol --stdio -g none 2>/dev/null \
    | grep '%' | grep -v '^#' | head -30 | sed 's/ *$//' | cut -c1-160
fi
if has gatehouse; then
  kill -TERM "${pid[gatehouse]}"
  rc=0; wait "${pid[gatehouse]}" || rc=$?
  unset 'pid[gatehouse]'
  echo
  echo "gatehouse stopped on SIGTERM with exit code $rc"
fi
for n in "${notes[@]}"; do echo "note: $n"; done
