#!/usr/bin/env bash
# MOCK serving of mock-pets.yaml through curl, over real HTTP:
#   run_with_server.py --gatehouse PATH --openapi mock-pets.yaml --stage test -- bash THIS
# Each check prints the exchange when it fails; the exit code is the number of failed checks.
set -uo pipefail

gw=${GATEHOUSE_GATEWAY_URL:?run through run_with_server.py --openapi}
stage=${GATEHOUSE_STAGE:-test}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
checks=0

# fetch ARGS...: runs curl, leaving the status in $status, headers in $tmp/h, body in $tmp/b.
fetch() {
  last_args="$*"
  status=$(curl -sS -o "$tmp/b" -D "$tmp/h" -w '%{http_code}' --max-time 10 "$@") || status=000
}
header() { tr -d '\r' <"$tmp/h" | awk -v n="$(tr 'A-Z' 'a-z' <<<"$1")" -F': ' \
             'tolower($1) == n { sub(/^[^:]*: /, ""); print; exit }'; }
body() { cat "$tmp/b"; }
fail() {
  failures=$((failures + 1))
  echo "FAIL: $1"
  echo "  curl $last_args"
  echo "  -> $status"
  sed 's/^/  /' "$tmp/h"
  echo "  body: $(body)"
}
expect() {  # expect NAME STATUS BODY: exact status and body
  checks=$((checks + 1))
  [ "$status" = "$2" ] && [ "$(body)" = "$3" ] || fail "$1 (expected $2 $3)"
}
expect_status() {
  checks=$((checks + 1))
  [ "$status" = "$2" ] || fail "$1 (expected status $2)"
}
expect_header() {  # expect_header NAME HEADER VALUE
  checks=$((checks + 1))
  [ "$(header "$2")" = "$3" ] || fail "$1 (expected $2: $3, got '$(header "$2")')"
}
expect_json() {  # expect_json NAME STATUS JSON: status and the body as JSON, compared as values
  checks=$((checks + 1))
  if [ "$status" != "$2" ] || ! python3 -c '
import json, sys
sys.exit(0 if json.load(open(sys.argv[1])) == json.loads(sys.argv[2]) else 1)' "$tmp/b" "$3" 2>/dev/null
  then fail "$1 (expected $2 $3)"; fi
}
missing_token='{"message":"Missing Authentication Token"}'
pet7='{"route": "pet", "id": "7", "name": "pet-7", "type": "dog", "price": 249.99, "tags": ["friendly", "house-trained"], "owner": {"name": "Ada", "city": "London"}}'

# --- routing precedence ---
fetch "$gw/$stage/pets/7";               expect_json "param route" 200 "$pet7"
expect_header "response parameter" X-Route pet-by-id
expect_header "MOCK body is JSON" Content-Type application/json
fetch "$gw/$stage/pets/search?q=rex";    expect_json "static over param" 200 '{"route":"search","q":"rex"}'
fetch -X DELETE "$gw/$stage/pets/7";     expect_json "ANY when no DELETE" 200 '{"route":"pet-any","method":"DELETE","id":"7"}'
fetch "$gw/$stage/shop/items";           expect_json "static" 200 '{"route":"items"}'
fetch "$gw/$stage/shop/items/5";         expect_json "param over greedy" 200 '{"route":"item","itemId":"5"}'
fetch "$gw/$stage/shop/items/5/reviews"; expect_json "greedy" 200 \
  '{"route":"greedy","method":"GET","proxy":"items/5/reviews","resourcePath":"/shop/{proxy+}"}'

# --- unknown path or method: API Gateway's 403, byte for byte ---
for p in /nothing /pets/7/toys /shop; do
  fetch "$gw/$stage$p"; expect "unknown path $p" 403 "$missing_token"
  expect_header "unknown path $p error type" x-amzn-ErrorType MissingAuthenticationTokenException
done
fetch -X DELETE "$gw/$stage/pets";       expect "unknown method" 403 "$missing_token"

# --- status chosen by the request template, selection patterns ---
fetch "$gw/$stage/pets/0";               expect_json "id 0 -> 404" 404 '{"message":"Pet 0 not found"}'
fetch "$gw/$stage/pets/teapot";          expect_json "418 -> 4\\d{2} -> 400" 400 \
  '{"message":"rejected by the pattern 4\\d{2}"}'
fetch -H 'Content-Type: application/json' -d '{"kind":"boom"}' "$gw/$stage/echo/x"
expect_json "body chooses 500" 500 '{"message":"boom selected by 5\\d{2}"}'

# --- parameters and $util in templates ---
fetch -H 'Content-Type: application/json' -H 'x-test: hv' -A 'curl-test/1.0' -d '{}' \
  "$gw/$stage/echo/hello?q=a%20b%26c"
expect_status "echo" 200
for pair in 'word=hello' 'q=a b&c' 'hdr=hv' 'urlEncoded=a+b%26c' 'b64=aGVsbG8=' \
            "path=/$stage/echo/hello" 'resourcePath=/echo/{word}' 'userAgent=curl-test/1.0' \
            'sourceIp=127.0.0.1' "stage=$stage" 'method=POST'; do
  checks=$((checks + 1))
  got=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get(sys.argv[2]))' \
          "$tmp/b" "${pair%%=*}" 2>/dev/null)
  [ "$got" = "${pair#*=}" ] || fail "echo ${pair%%=*} (expected '${pair#*=}', got '$got')"
done
checks=$((checks + 1))
[ "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["requestId"])' "$tmp/b")" \
  = "$(header x-amzn-RequestId)" ] || fail "\$context.requestId is the x-amzn-RequestId header"
api=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["apiId"])' "$tmp/b" 2>/dev/null)

# --- the three invoke URL forms ---
fetch "$gw/restapis/$api/$stage/_user_request_/pets/7"; expect_json "restapis form ($api)" 200 "$pet7"
fetch "$gw/restapis/$api/$stage/_user_request_/nothing"; expect "restapis form, unknown" 403 "$missing_token"
fetch -H "Host: $api.execute-api.localhost" "$gw/$stage/pets/7"; expect_json "execute-api host form" 200 "$pet7"

# --- HEAD and OPTIONS ---
fetch -I "$gw/$stage/pets/7";            expect_status "HEAD" 200  # -I writes the head where the body goes
checks=$((checks + 1)); [ -n "$(header x-amzn-RequestId)" ] || fail "HEAD has x-amzn-RequestId"
# A HEAD answer must carry no body: the next request on the same connection reads cleanly.
last_args="-I $gw/$stage/pets/7 --next $gw/$stage/pets/3"
status=$(curl -sS -I "$gw/$stage/pets/7" -o /dev/null --next -sS -o "$tmp/b" -D "$tmp/h" \
           -w '%{http_code} %{num_connects}' "$gw/$stage/pets/3") || status=000
expect_json "GET after HEAD on one connection" "200 0" "$(sed 's/7/3/g' <<<"$pet7")"
fetch -X OPTIONS -H 'Origin: http://example.com' "$gw/$stage/pets"; expect "OPTIONS" 200 ""
expect_header "CORS origin" Access-Control-Allow-Origin '*'
expect_header "CORS methods" Access-Control-Allow-Methods GET,OPTIONS

# --- x-amzn-RequestId on every response, never twice ---
ids=()
for p in /pets/1 /pets/0 /nothing /pets/2 /validated /pets/search; do
  for _ in 1 2 3; do
    fetch "$gw/$stage$p"
    id=$(header x-amzn-RequestId)
    checks=$((checks + 1)); [ -n "$id" ] || fail "x-amzn-RequestId on GET $p"
    ids+=("$id")
  done
done
checks=$((checks + 1))
dups=$(printf '%s\n' "${ids[@]}" | sort | uniq -d)
[ -z "$dups" ] || { status=-; : >"$tmp/h"; echo "$dups" >"$tmp/b"; fail "request ids repeated"; }

# --- method request check ---
fetch "$gw/$stage/validated"
expect_json "required query parameter" 400 '{"message":"Missing required request parameters: [token]"}'

echo "curl: $checks checks, $failures failed"
exit $((failures > 0 ? 1 : 0))
