#!/usr/bin/env bash
# The demo's DynamoDB-backed /books routes through curl, over real HTTP:
#   run_with_server.py --gatehouse PATH --openapi resources/demo/apis/bookstore.yaml --stage dev
#       -- bash THIS
# Each check prints the exchange when it fails; the exit code is the number of failed checks.
set -uo pipefail

gw=${GATEHOUSE_GATEWAY_URL:?run through run_with_server.py --openapi}
stage=${GATEHOUSE_STAGE:-dev}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
checks=0

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
expect_header() {
  checks=$((checks + 1))
  [ "$(header "$2")" = "$3" ] || fail "$1 (expected $2: $3, got '$(header "$2")')"
}

fetch "$gw/$stage/books/9780132350884"
expect "GetItem shaped by the response template" 200 '{
  "isbn": "9780132350884",
  "title": "Clean Code",
  "author": "Robert C. Martin",
  "year": 2008,
  "price": 37.99
}'
expect_header "response template content type" Content-Type application/json

fetch "$gw/$stage/books/0000000000000"
expect "missing book" 404 '{"message": "Book not found"}'

fetch "$gw/$stage/books"
checks=$((checks + 1))
[ "$status" = 200 ] && python3 -c '
import json, sys
books = json.load(open(sys.argv[1]))
assert books["count"] == len(books["books"]) >= 8, books
assert {"isbn": "9780321125217", "title": "Domain-Driven Design", "author": "Eric Evans",
        "price": 64.99} in books["books"], books
' "$tmp/b" || fail "Scan listed through the response template"

isbn=978$(date +%s%N | tail -c 11)
book="{\"isbn\": \"$isbn\", \"title\": \"Curl\", \"author\": \"C\", \"price\": 3}"
fetch -X POST -H 'Content-Type: application/json' --data "$book" "$gw/$stage/books"
checks=$((checks + 1))
[ "$status" = 201 ] && grep -q '"message": "Book created"' "$tmp/b" || fail "PutItem"
fetch -X POST -H 'Content-Type: application/json' --data "$book" "$gw/$stage/books"
expect "PutItem refused by its condition, selected by the 400 pattern" 409 \
  '{"message": "A book with this ISBN already exists"}'
fetch "$gw/$stage/books/$isbn"
expect "the new book" 200 "{
  \"isbn\": \"$isbn\",
  \"title\": \"Curl\",
  \"author\": \"C\",
  \"price\": 3
}"

echo "$((checks - failures)) passed, $failures failed"
exit "$failures"
