#!/usr/bin/env bash
# AWS_PROXY routes of functions.yaml through curl, over real HTTP:
#   run_with_server.py --gatehouse PATH --openapi functions.yaml --stage test -- bash THIS
# The exit code is the number of failed checks.
set -uo pipefail

gw=${GATEHOUSE_GATEWAY_URL:?run through run_with_server.py --openapi}
stage=${GATEHOUSE_STAGE:-test}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

fetch() {
  last_args="$*"
  status=$(curl -sS -o "$tmp/b" -D "$tmp/h" -w '%{http_code}' --max-time 10 "$@") || status=000
}
check() {  # check NAME CONDITION...
  local name=$1; shift
  if ! "$@"; then
    failures=$((failures + 1))
    echo "FAIL: $name"
    echo "  curl $last_args -> $status"
    sed 's/^/  /' "$tmp/h"
    echo "  body: $(cat "$tmp/b")"
  fi
}
json() { python3 -c "import json,sys; d=json.load(open('$tmp/b')); print($1)"; }

fetch -X POST "$gw/$stage/echo/9?q=1" -H 'X-Test: curl' --data 'raw body'
check "echo status" test "$status" = 200
check "echo method" test "$(json "d['event']['httpMethod']")" = POST
check "echo body" test "$(json "d['event']['body']")" = 'raw body'
check "echo header" test "$(json "d['event']['headers']['X-Test']")" = curl
check "echo path parameter" test "$(json "d['event']['pathParameters']['id']")" = 9
check "echo query" test "$(json "d['event']['queryStringParameters']['q']")" = 1
check "echo stage" test "$(json "d['event']['requestContext']['stage']")" = "$stage"
check "echo user agent" test "$(json "d['event']['requestContext']['identity']['userAgent'][:5]")" = curl/

fetch "$gw/$stage/throws"
check "throws: 502" test "$status" = 502
check "throws: body" test "$(cat "$tmp/b")" = '{"message": "Internal server error"}'

fetch "$gw/$stage/malformed"
check "malformed: 502" test "$status" = 502

fetch "$gw/$stage/loop-short"
check "integration timeout: 504" test "$status" = 504
check "integration timeout: body" test "$(cat "$tmp/b")" = '{"message": "Endpoint request timed out"}'

echo "$failures failed"
exit $failures
