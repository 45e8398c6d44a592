#!/usr/bin/env bash
# Table engine benchmark: PutItem, GetItem and Query (10 items of ~200 bytes a partition) with wrk
# at 1, 16 and 64 connections against Gatehouse (headless, a temporary --data file, synchronous
# NORMAL), dynalite (in memory), moto (python3 -m moto.server) and nginx returning a fixed body
# (the HTTP ceiling), interleaved in one invocation: for each operation and connection count the
# targets run one after the other (A B C D, A B C D, ...), so a change in machine load hits all.
# Also: start-up to the first answered ListTables (Gatehouse vs dynalite) and each server's RSS
# after the load. See README.md.
#
# After a BatchWriteItem load, Gatehouse is opened again on the loaded file: start-up to the
# first ListTables and RSS with those items (issue 3: "startup and RSS with 1M items").
#
# Also (issue 4): BatchWriteItem loading of --batch-items items (default 1M, ~200 bytes each,
# 25 a request, 16 connections) into an empty table, Gatehouse then dynalite, timed; GsiQuery
# (10 items from a GSI) and TransactWriteItems of 4 puts in the wrk runs.
#
# Usage: bench/tables/run.sh [--gatehouse PATH] [--duration SECONDS] [--quick] [--parts N]
#                            [--targets gatehouse,dynalite,moto,nginx] [--soak SECONDS]
#                            [--batch-items N] [--batch-items-dynalite N]
#   --quick      one connection level (16), 2 s a run: a smoke run of the harness
#   --parts N    preloaded partitions of 10 items each (default 200)
#   --soak S     afterwards, S seconds of PutItem at 16 connections on Gatehouse and dynalite,
#                alternating 10 s slices, printing items written and RSS after each slice
#   --batch-items N           BatchWriteItem load size (0: skip); --batch-items-dynalite N
#                             loads dynalite with fewer (default: the same N)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
gatehouse=${GATEHOUSE:-$root/build/app/gatehouse}
duration=5
conns=(1 16 64)
# Reads first, against the preloaded data set alone; PutItem's fresh items come last (moto's
# Query scans the whole table, so its Query rate would depend on how much was written before).
ops=(GetItem Query GsiQuery PutItem TransactWriteItems)
parts=200
targets_wanted=gatehouse,dynalite,moto,nginx
soak=0
batch_items=1000000
batch_items_dynalite=''

while [ $# -gt 0 ]; do
  case "$1" in
    --gatehouse) gatehouse=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --quick) duration=2; conns=(16); shift ;;
    --parts) parts=$2; shift 2 ;;
    --targets) targets_wanted=$2; shift 2 ;;
    --soak) soak=$2; shift 2 ;;
    --batch-items) batch_items=$2; shift 2 ;;
    --batch-items-dynalite) batch_items_dynalite=$2; shift 2 ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
wanted() { [[ ",$targets_wanted," == *",$1,"* ]]; }

helper() { python3 "$here/helper.py" "$@"; }
command -v wrk >/dev/null || { echo "run.sh: wrk is not installed (apt-get install wrk)" >&2; exit 2; }

tmp=$(mktemp -d)
declare -A pid url
cleanup() {
  local p
  for p in "${pid[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pid[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

dynalite_dir=$root/tests/integration/js/node_modules/dynalite
if wanted dynalite && [ ! -f "$dynalite_dir/package.json" ]; then
  "$root/tests/integration/js/setup.sh"
fi
# dynalite's cli.js treats --port 0 as unset; this listens on a free port and prints it.
dynalite_launcher='
const server = require(process.argv[1])({createTableMs: 0, deleteTableMs: 0, updateTableMs: 0});
server.listen(0, "127.0.0.1", () => console.log("tables http://127.0.0.1:" + server.address().port));'

targets=()
notes=()
if wanted gatehouse; then
  if [ -x "$gatehouse" ]; then targets+=(gatehouse)
  else notes+=("gatehouse: no executable at $gatehouse (build target gatehouse or pass --gatehouse)"); fi
fi
if wanted dynalite; then targets+=(dynalite); fi
if wanted moto; then
  if python3 -c 'import moto.server' 2>/dev/null; then targets+=(moto)
  else notes+=("moto: not installed (python3 -c 'import moto' fails): skipped"); fi
fi
if wanted nginx; then
  if command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; then targets+=(nginx)
  else notes+=("nginx: not installed: skipped"); fi
fi
has() { [[ " ${targets[*]} " == *" $1 "* ]]; }

# --- start-up to the first answered ListTables, on an otherwise idle set of servers ---------
declare -A startup_ms
median3() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
if has gatehouse; then
  runs=()
  for i in 1 2 3; do
    runs+=("$(helper startup 60 -- "$gatehouse" --headless --data "$tmp/startup$i.sqlite" \
              --tables-port 0 --gateway-port 0)")
  done
  startup_ms[gatehouse]=$(median3 "${runs[@]}")
fi
if has dynalite; then
  runs=()
  for i in 1 2 3; do runs+=("$(helper startup 60 -- node -e "$dynalite_launcher" "$dynalite_dir")"); done
  startup_ms[dynalite]=$(median3 "${runs[@]}")
fi

# --- the servers ------------------------------------------------------------------------------
if has gatehouse; then
  "$gatehouse" --headless --data "$tmp/gatehouse.sqlite" --synchronous normal \
    --tables-port 0 --gateway-port 0 >"$tmp/gatehouse.out" 2>&1 &
  pid[gatehouse]=$!
  url[gatehouse]=$(helper url-from "$tmp/gatehouse.out" 60) || { cat "$tmp/gatehouse.out" >&2; exit 1; }
fi
if has dynalite; then
  node -e "$dynalite_launcher" "$dynalite_dir" >"$tmp/dynalite.out" 2>&1 &
  pid[dynalite]=$!
  url[dynalite]=$(helper url-from "$tmp/dynalite.out" 60) || { cat "$tmp/dynalite.out" >&2; exit 1; }
fi
if has moto; then
  port=$(helper free-port)
  python3 -m moto.server -H 127.0.0.1 -p "$port" >"$tmp/moto.out" 2>&1 &
  pid[moto]=$!
  url[moto]=http://127.0.0.1:$port/
fi
if has nginx; then
  port=$(helper free-port)
  mkdir -p "$tmp/nginx/logs"
  # A fixed GetItem-shaped answer of about the size a real one has.
  body='{"Item":{"pk":{"S":"p00042"},"sk":{"S":"s3"},"n":{"N":"423"},"payload":{"S":"'$(printf 'v%.0s' $(seq 175))'"}}}'
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
    location / {
      default_type application/x-amz-json-1.0;
      return 200 '$body';
    }
  }
}
CONF
  "$(command -v nginx || echo /usr/sbin/nginx)" -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" &
  pid[nginx]=$!
  url[nginx]=http://127.0.0.1:$port/
fi

for t in "${targets[@]}"; do
  helper wait "${url[$t]}" 60 || { echo "run.sh: $t at ${url[$t]} does not answer" >&2; exit 1; }
  if [ "$t" != nginx ]; then
    echo "preloading $t (${url[$t]}): $parts partitions x 10 items" >&2
    helper load "${url[$t]}" "$parts"
    if [ "$t" != moto ]; then
      echo "preloading $t: table benchg (GSI byG), $parts index partitions x 10 items" >&2
      helper load-gsi "${url[$t]}" "$parts"
    fi
  fi
done

# --- BatchWriteItem loading: N fresh ~200-byte items, 25 a request, 16 connections -------------
batch_log=$tmp/batch.txt
: >"$batch_log"
if [ "$batch_items" -gt 0 ]; then
  for t in gatehouse dynalite; do
    has "$t" || continue
    n=$batch_items
    [ "$t" = dynalite ] && [ -n "$batch_items_dynalite" ] && n=$batch_items_dynalite
    helper create "${url[$t]}" bload
    echo "BatchWriteItem load: $t, $n items" >&2
    read -r seconds errors retries <<<"$(helper batchload "${url[$t]}" bload "$n" 16)"
    duration_us=$(awk -v s="$seconds" 'BEGIN { printf "%.0f", s * 1e6 }')
    stored=$(helper count "${url[$t]}" bload)
    read -r total anon mapped <<<"$(helper rss "${pid[$t]}")"
    printf '%-10s %10s %10s %10s %12s %8s %10s\n' "$t" "$stored" \
      "$(awk -v d="$duration_us" 'BEGIN { printf "%.1f", d / 1e6 }')" \
      "$(awk -v n="$stored" -v d="$duration_us" 'BEGIN { printf "%.0f", n * 1e6 / d }')" \
      "$(awk -v d="$duration_us" -v n="$stored" 'BEGIN { printf "%.1f", 1e6 / (n * 1e6 / d) }')" \
      "$errors" "$total" | tee -a "$batch_log" >&2
  done
fi

# --- the interleaved runs ---------------------------------------------------------------------
results=$tmp/results.tsv
: >"$results"
echo "wrk: ${duration} s a run, ops ${ops[*]}, connections ${conns[*]}, targets ${targets[*]}" >&2
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for op in "${ops[@]}"; do
  for c in "${conns[@]}"; do
    for t in "${targets[@]}"; do
      # nginx answers a fixed body; dynalite has no transactions; moto no GSI table here.
      [ "$op" = GsiQuery ] && { [ "$t" = nginx ] || [ "$t" = moto ]; } && continue
      [ "$op" = TransactWriteItems ] && { [ "$t" = nginx ] || [ "$t" = dynalite ]; } && continue
      threads=2; [ "$c" -eq 1 ] && threads=1
      ticks_before=$(helper cpu "${pid[$t]}")
      line=$(BENCH_OP=$op BENCH_PARTS=$parts wrk -t"$threads" -c"$c" -d"${duration}s" --timeout 10s \
               -s "$here/dynamodb.lua" "${url[$t]}" | grep '^BENCH ') || true
      ticks=$(( $(helper cpu "${pid[$t]}") - ticks_before ))
      if [ -z "$line" ]; then
        echo "  $t $op c=$c: wrk printed no result" >&2
        continue
      fi
      eval "$(sed 's/^BENCH //' <<<"$line")"  # requests= duration_us= p50_us= ...
      errors=$((non2xx + connect + read + write + timeout))
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "$op" "$c" "$requests" "$duration_us" \
        "$p50_us" "$p99_us" "$errors" "$ticks" >>"$results"
      printf '  %-9s %-8s c=%-3s %8.0f req/s%s\n' "$t" "$op" "$c" \
        "$(awk -v r="$requests" -v d="$duration_us" 'BEGIN { print (d > 0 ? r * 1e6 / d : 0) }')" \
        "$([ "$errors" -eq 0 ] || echo "  ($errors errors)")" >&2
    done
  done
done

declare -A rss_after
for t in "${targets[@]}"; do rss_after[$t]=$(helper rss "${pid[$t]}"); done

# --- soak: a long write load, RSS sampled as it goes ------------------------------------------
soak_log=$tmp/soak.txt
: >"$soak_log"
if [ "$soak" -gt 0 ]; then
  declare -A written
  echo "soak: ${soak} s of PutItem at 16 connections, 10 s slices alternating between targets" >&2
  printf '%-10s %8s %12s %10s %10s %10s\n' target "time s" "items put" "RSS MiB" "anon MiB" \
    "file MiB" >>"$soak_log"
  for ((elapsed = 10; elapsed <= soak; elapsed += 10)); do
    for t in gatehouse dynalite; do
      has "$t" || continue
      line=$(BENCH_OP=PutItem BENCH_PARTS=$parts wrk -t2 -c16 -d10s --timeout 10s \
               -s "$here/dynamodb.lua" "${url[$t]}" | grep '^BENCH ') || true
      eval "$(sed 's/^BENCH //' <<<"$line")"
      written[$t]=$(( ${written[$t]:-0} + requests - non2xx ))
      read -r total anon mapped <<<"$(helper rss "${pid[$t]}")"
      printf '%-10s %8s %12s %10s %10s %10s\n' "$t" "$elapsed" "${written[$t]}" "$total" "$anon" "$mapped" \
        | tee -a "$soak_log" >&2
    done
  done
fi

# --- report -----------------------------------------------------------------------------------
echo
echo "== requests (wrk, ${duration} s a run, interleaved; load average before $load_before," \
  "after $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores)"
helper report "$results"
echo
echo "== start-up to the first answered ListTables (median of 3)"
for t in gatehouse dynalite; do
  [ -n "${startup_ms[$t]:-}" ] && printf '%-10s %6s ms\n' "$t" "${startup_ms[$t]}"
done
echo
echo "== RSS after the runs above (VmRSS = anon + file: anon is the process's own memory, file"
echo "   the pages of mapped files it touched, e.g. SQLite's mmap of the data file)"
printf '%-10s %8s %8s %8s\n' target "RSS MiB" "anon" "file"
for t in "${targets[@]}"; do
  read -r total anon mapped <<<"${rss_after[$t]}"
  printf '%-10s %8s %8s %8s\n' "$t" "$total" "$anon" "$mapped"
done
if [ -s "$batch_log" ]; then
  echo
  echo "== BatchWriteItem load (25 items of ~200 bytes a request, 16 connections, fresh keys;"
  echo "   items counted by a Scan afterwards; s/1M: the time 1M items take at that rate)"
  printf '%-10s %10s %10s %10s %12s %8s %10s\n' target items seconds "items/s" "s per 1M" errors "RSS MiB"
  cat "$batch_log"
fi
if [ -s "$soak_log" ]; then
  echo
  echo "== soak: PutItem at 16 connections for ${soak} s (fresh keys: the tables grow)"
  cat "$soak_log"
fi
if has gatehouse; then
  kill -TERM "${pid[gatehouse]}"
  rc=0; wait "${pid[gatehouse]}" || rc=$?
  unset 'pid[gatehouse]'
  echo
  echo "gatehouse stopped on SIGTERM with exit code $rc"
  # The same data file, now holding the BatchWriteItem load, opened again: start-up to the first
  # answered ListTables (median of 3), then RSS once DescribeTable has answered and after 2000
  # GetItems of random keys all over the loaded table.
  if [ -s "$batch_log" ]; then
    runs=()
    for i in 1 2 3; do
      runs+=("$(helper startup 60 -- "$gatehouse" --headless --data "$tmp/gatehouse.sqlite" \
                --tables-port 0 --gateway-port 0)")
    done
    "$gatehouse" --headless --data "$tmp/gatehouse.sqlite" --tables-port 0 --gateway-port 0 \
      >"$tmp/reopen.out" 2>&1 &
    reopen=$!
    reopen_url=$(helper url-from "$tmp/reopen.out" 60)
    helper wait "$reopen_url" 60
    loaded=$(helper described-count "$reopen_url" bload)
    read -r total1 anon1 mapped1 <<<"$(helper rss "$reopen")"
    found=$(helper get-random "$reopen_url" bload b "$batch_items" 2000)
    read -r total2 anon2 mapped2 <<<"$(helper rss "$reopen")"
    kill -TERM "$reopen"; wait "$reopen" || true
    file_mib=$(( ($(stat -c %s "$tmp/gatehouse.sqlite") + 1048575) / 1048576 ))
    echo
    echo "== gatehouse reopened on its data file ($loaded items in bload, ${file_mib} MiB file)"
    printf 'start-up to the first answered ListTables: %s ms (median of 3)\n' "$(median3 "${runs[@]}")"
    printf 'RSS after DescribeTable: %s MiB (anon %s, file %s)\n' "$total1" "$anon1" "$mapped1"
    printf 'RSS after 2000 GetItems of random keys (%s found): %s MiB (anon %s, file %s)\n' \
      "$found" "$total2" "$anon2" "$mapped2"
  fi
fi
for n in "${notes[@]}"; do echo "note: $n"; done
