#!/usr/bin/env bash
# The shared scenario (../SCENARIO.md) through the AWS CLI: `aws dynamodb ... --endpoint-url`,
# asserting exit codes, JSON output (parsed with python3) and error messages on stderr.
#   GATEHOUSE_TABLES_URL=http://127.0.0.1:8000 bash scenario.sh
# run_with_server.py sets the URL, dummy credentials and the region. Ends with "N passed, N failed"
# and exits non-zero when anything failed.
set -euo pipefail

URL=${GATEHOUSE_TABLES_URL:?GATEHOUSE_TABLES_URL is not set}
P=cli
MAIN=${P}_scenario
SCAN=${P}_scan
LISTED=("${P}_list_0" "${P}_list_1" "${P}_list_2")
BIG_ITEMS=2500
BIG_38=12345678901234567890123456789012345678
BIG_38_PLUS_1=12345678901234567890123456789012345679
# dynalite is the reference the scenario is validated against; where it differs from the AWS
# documentation the documented behaviour is asserted against every other target.
DYNALITE=0
[ "${GATEHOUSE_TARGET:-}" = dynalite ] && DYNALITE=1
# An error of PutItem's, UpdateItem's or DeleteItem's request checks (values, expressions,
# ReturnValues): the service (2026) reports it inside the "1 validation error detected: "
# envelope; dynalite has the older bare wording. Errors found against the key schema stay bare.
ENVELOPE="1 validation error detected: "
[ "$DYNALITE" = 1 ] && ENVELOPE=""

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0

ddb() { aws dynamodb "$@" --endpoint-url "$URL" --output json; }

pass() { passed=$((passed + 1)); }
fail() {
  failed=$((failed + 1))
  printf 'FAIL: %s\n' "$1" >&2
  [ $# -lt 2 ] || printf '%s\n' "${@:2}" >&2
}

# Canonical JSON of a Python expression over the JSON document on stdin (bound to r); an
# expression that cannot be evaluated prints an <error> that no expected value matches.
jq_py() {
  python3 -c '
import json, sys
try:
    r = json.loads(sys.stdin.read() or "{}")
    print(json.dumps(eval(sys.argv[1]), sort_keys=True, separators=(",", ":")))
except Exception as e:
    print("<error: %r>" % e)' "$1"
}
# The same, printing a string result as it is (for ids, tokens, keys).
jraw() {
  python3 -c '
import json, sys
try:
    r = json.loads(sys.stdin.read() or "{}")
    v = eval(sys.argv[1])
    print(v if isinstance(v, str) else json.dumps(v))
except Exception as e:
    print("<error: %r>" % e)' "$1"
}
canon() { python3 -c 'import json,sys; print(json.dumps(json.loads(sys.argv[1]), sort_keys=True, separators=(",", ":")))' "$1"; }

# check NAME EXPECTED_JSON PY_EXPR < output: the expression over the output equals the JSON.
check() {
  local name=$1 expected actual
  expected=$(canon "$2")
  actual=$(jq_py "$3")
  if [ "$actual" = "$expected" ]; then pass; else fail "$name" "  expected: $expected" "  actual:   $actual"; fi
}

# run NAME ARGS...: a call that must succeed; its stdout lands in $out ({} when it failed, so the
# checks that follow fail too instead of ending the script).
run() {
  local name=$1 rc=0
  shift
  out=$(ddb "$@" 2>"$work/err") || rc=$?
  if [ $rc -ne 0 ]; then
    fail "$name (exit code $rc)" "$(cat "$work/err")"
    out='{}'
  else
    pass
  fi
}

# expect_error NAME CODE MESSAGE ARGS...: the call must fail with the CLI's exit code for a
# service error (255 in CLI v1, 254 in v2) and exactly this code and message (MESSAGE "*" = any).
expect_error() {
  local name=$1 code=$2 message=$3 rc=0 err parsed
  shift 3
  ddb "$@" >/dev/null 2>"$work/err" || rc=$?
  err=$(cat "$work/err")
  if [ $rc -ne 255 ] && [ $rc -ne 254 ]; then
    fail "$name: exit code $rc" "$err"
    return
  fi
  parsed=$(python3 -c '
import re, sys
m = re.search(r"An error occurred \((\w+)\) when calling the \w+ operation"
              r"(?: \(reached max retries: \d+\))?: (.*)", sys.stdin.read(), re.S)
print(m.group(1) + "\n" + m.group(2).strip() if m else "unparsed")' <<<"$err")
  if [ "${parsed%%$'\n'*}" != "$code" ]; then
    fail "$name: code" "  expected: $code" "  stderr:   $err"
  elif [ "$message" != "*" ] && [ "${parsed#*$'\n'}" != "$message" ]; then
    fail "$name: message" "  expected: $message" "  actual:   ${parsed#*$'\n'}"
  else
    pass
  fi
}

wait_until() {  # wait_until WHAT COMMAND...: polls until the command succeeds, 15 s deadline
  local what=$1 deadline=$((SECONDS + 15))
  shift
  until "$@"; do
    if [ $SECONDS -ge $deadline ]; then fail "$what not reached in 15 s"; return 1; fi
    sleep 0.05  # polling interval, not a timing assumption
  done
}
is_active() { [ "$(ddb describe-table --table-name "$1" | jraw 'r["Table"]["TableStatus"]')" = ACTIVE ]; }
is_gone() {
  local rc=0
  ddb describe-table --table-name "$1" >/dev/null 2>"$work/gone" || rc=$?
  [ $rc -ne 0 ] && grep -q "(ResourceNotFoundException)" "$work/gone"
}

sk() { printf 'item#%04d' "$1"; }

echo "== tables"
run "create $MAIN" create-table --table-name "$MAIN" --billing-mode PAY_PER_REQUEST \
  --key-schema AttributeName=pk,KeyType=HASH AttributeName=sk,KeyType=RANGE \
  --attribute-definitions AttributeName=pk,AttributeType=S AttributeName=sk,AttributeType=S
check "create $MAIN status" '[true]' '[r["TableDescription"]["TableStatus"] in ("CREATING", "ACTIVE")]' <<<"$out"
for t in "$SCAN" "${LISTED[@]}"; do
  key=pk; [ "$t" = "$SCAN" ] && key=id
  run "create $t" create-table --table-name "$t" --billing-mode PAY_PER_REQUEST \
    --key-schema AttributeName=$key,KeyType=HASH --attribute-definitions AttributeName=$key,AttributeType=S
done
for t in "$MAIN" "$SCAN" "${LISTED[@]}"; do wait_until "$t ACTIVE" is_active "$t" && pass; done

# 2,500 items of 1,000 bytes in 100 BatchWriteItem calls of 25, and 100 small ones for Scan.
python3 - "$work" "$MAIN" "$SCAN" <<'EOF'
import json, sys
work, main, scan = sys.argv[1:]
for b in range(100):
    reqs = [{"PutRequest": {"Item": {"pk": {"S": "big"}, "sk": {"S": "item#%04d" % i},
                                      "g": {"S": "A" if i % 3 == 0 else "B"},
                                      "payload": {"S": "x" * 975}}}}
            for i in range(b * 25, b * 25 + 25)]
    json.dump({main: reqs}, open(f"{work}/batch{b:03d}.json", "w"))
for b in range(4):
    reqs = [{"PutRequest": {"Item": {"id": {"S": "p#%02d" % i}, "n": {"N": str(i)}}}}
            for i in range(b * 25, b * 25 + 25)]
    json.dump({scan: reqs}, open(f"{work}/scan{b}.json", "w"))
EOF
load_failures=0
for f in "$work"/batch*.json "$work"/scan*.json; do
  if out=$(ddb batch-write-item --request-items "file://$f" 2>"$work/err"); then
    # Unprocessed items would mean a lost write here: the server is not throttled.
    [ "$(jq_py 'len(r["UnprocessedItems"])' <<<"$out")" = 0 ] || load_failures=$((load_failures + 1))
  else
    load_failures=$((load_failures + 1)); cat "$work/err" >&2
  fi
done
if [ $load_failures -eq 0 ]; then pass; else fail "batch-write-item: $load_failures batches failed"; fi
out=$(ddb batch-get-item --request-items "{\"$MAIN\":{\"Keys\":[{\"pk\":{\"S\":\"big\"},\"sk\":{\"S\":\"item#0000\"}},{\"pk\":{\"S\":\"big\"},\"sk\":{\"S\":\"item#2499\"}}],\"ProjectionExpression\":\"sk\"},\"$SCAN\":{\"Keys\":[{\"id\":{\"S\":\"p#07\"}}]}}" 2>&1)
check "batch-get-item" '[["item#0000","item#2499"],[{"id":{"S":"p#07"},"n":{"N":"7"}}],{}]' \
  '[sorted(i["sk"]["S"] for i in r["Responses"]["'"$MAIN"'"]), r["Responses"]["'"$SCAN"'"], r["UnprocessedKeys"]]' <<<"$out"

echo "== 1. conditional writes"
KEY='{"pk":{"S":"user#1"},"sk":{"S":"profile"}}'
ITEM='{"pk":{"S":"user#1"},"sk":{"S":"profile"},"name":{"S":"Ada"},"visits":{"N":"0"},"score":{"N":"1.50"},"zero":{"N":"-0"}}'
STORED='{"pk":{"S":"user#1"},"sk":{"S":"profile"},"name":{"S":"Ada"},"visits":{"N":"0"},"score":{"N":"1.5"},"zero":{"N":"0"}}'
WITH_EMAIL=$(python3 -c 'import json,sys; d=json.loads(sys.argv[1]); d["email"]={"S":"ada@example.com"}; print(json.dumps(d))' "$STORED")
run "put if absent" put-item --table-name "$MAIN" --item "$ITEM" --condition-expression 'attribute_not_exists(pk)'
if [ -z "$out" ]; then pass; else fail "put if absent prints nothing" "$out"; fi
expect_error "put again" ConditionalCheckFailedException "The conditional request failed" \
  put-item --table-name "$MAIN" --item "$ITEM" --condition-expression 'attribute_not_exists(pk)'
# The CLI prints only the message of a failed call, so the ALL_OLD item is checked by the SDK tests.
expect_error "put again, ALL_OLD on failure" ConditionalCheckFailedException "The conditional request failed" \
  put-item --table-name "$MAIN" --item '{"pk":{"S":"user#1"},"sk":{"S":"profile"},"name":{"S":"Bob"}}' \
  --condition-expression 'attribute_not_exists(pk)' --return-values-on-condition-check-failure ALL_OLD
run "put if name = Ada" put-item --table-name "$MAIN" --item "$WITH_EMAIL" --condition-expression '#n = :ada' \
  --expression-attribute-names '{"#n":"name"}' --expression-attribute-values '{":ada":{"S":"Ada"}}' \
  --return-values ALL_OLD
check "put returns the old item" "{\"Attributes\":$STORED}" 'r' <<<"$out"
expect_error "conditional delete" ConditionalCheckFailedException "The conditional request failed" \
  delete-item --table-name "$MAIN" --key "$KEY" --condition-expression 'attribute_exists(nope)'
run "get" get-item --table-name "$MAIN" --key "$KEY" --consistent-read
check "get after conditional writes" "{\"Item\":$WITH_EMAIL}" 'r' <<<"$out"

echo "== 2. atomic counters"
CKEY='{"pk":{"S":"counter#1"},"sk":{"S":"c"}}'
update_new() {  # update_new NAME EXPRESSION VALUES EXPECTED_ATTRIBUTES
  run "$1" update-item --table-name "$MAIN" --key "$CKEY" --update-expression "$2" \
    --expression-attribute-values "$3" --return-values UPDATED_NEW && check "$1" "$4" 'r["Attributes"]' <<<"$out"
}
update_new "ADD visits" 'ADD visits :one' '{":one":{"N":"1"}}' '{"visits":{"N":"1"}}'
update_new "SET visits + 41" 'SET visits = visits + :n' '{":n":{"N":"41"}}' '{"visits":{"N":"42"}}'
update_new "SET balance 0.1" 'SET balance = if_not_exists(balance, :zero) + :a' '{":zero":{"N":"0"},":a":{"N":"0.1"}}' '{"balance":{"N":"0.1"}}'
update_new "0.1 + 0.2 is exactly 0.3" 'SET balance = balance + :b' '{":b":{"N":"0.2"}}' '{"balance":{"N":"0.3"}}'
update_new "SET 38 digits" 'SET big = :b' "{\":b\":{\"N\":\"$BIG_38\"}}" "{\"big\":{\"N\":\"$BIG_38\"}}"
update_new "ADD 1 to 38 digits" 'ADD big :one' '{":one":{"N":"1"}}' "{\"big\":{\"N\":\"$BIG_38_PLUS_1\"}}"
update_new "ADD its negation" 'ADD big :m' "{\":m\":{\"N\":\"-$BIG_38_PLUS_1\"}}" '{"big":{"N":"0"}}'
run "SET balance - 0.05, ALL_NEW" update-item --table-name "$MAIN" --key "$CKEY" \
  --update-expression 'SET balance = balance - :d' --expression-attribute-values '{":d":{"N":"0.05"}}' \
  --return-values ALL_NEW
check "ALL_NEW counter item" '{"pk":{"S":"counter#1"},"sk":{"S":"c"},"visits":{"N":"42"},"balance":{"N":"0.25"},"big":{"N":"0"}}' \
  'r["Attributes"]' <<<"$out"
expect_error "39 digits" ValidationException "${ENVELOPE}Attempting to store more than 38 significant digits in a Number" \
  put-item --table-name "$MAIN" --item "{\"pk\":{\"S\":\"counter#1\"},\"sk\":{\"S\":\"c\"},\"n\":{\"N\":\"${BIG_38}1\"}}"
run "put text" put-item --table-name "$MAIN" --item '{"pk":{"S":"counter#2"},"sk":{"S":"c"},"s":{"S":"text"}}'
expect_error "ADD to a string" ValidationException "An operand in the update expression has an incorrect data type" \
  update-item --table-name "$MAIN" --key '{"pk":{"S":"counter#2"},"sk":{"S":"c"}}' \
  --update-expression 'ADD s :one' --expression-attribute-values '{":one":{"N":"1"}}'

echo "== 3. nested updates"
DKEY='{"pk":{"S":"doc#1"},"sk":{"S":"v1"}}'
run "put doc" put-item --table-name "$MAIN" --item '{"pk":{"S":"doc#1"},"sk":{"S":"v1"},"a":{"M":{"b":{"L":[{"M":{"c":{"N":"1"}}},{"M":{"c":{"N":"2"}}},{"M":{"c":{"N":"3"}}}]}}},"tags":{"L":[{"S":"x"},{"S":"y"},{"S":"z"},{"S":"w"}]}}'
doc_update() {  # doc_update NAME RETURN_VALUES EXPECTED PY_EXPR -- extra args
  local name=$1 rv=$2 expected=$3 expr=$4
  shift 4
  run "$name" update-item --table-name "$MAIN" --key "$DKEY" --return-values "$rv" "$@" &&
    check "$name" "$expected" "$expr" <<<"$out"
}
doc_update "SET a.b[1].c" UPDATED_NEW '{"a":{"M":{"b":{"L":[{"M":{"c":{"N":"20"}}}]}}}}' 'r["Attributes"]' \
  --update-expression 'SET a.b[1].c = :v' --expression-attribute-values '{":v":{"N":"20"}}'
doc_update "list_append at the end" UPDATED_NEW '{"tags":{"L":[{"S":"x"},{"S":"y"},{"S":"z"},{"S":"w"},{"S":"v"}]}}' 'r["Attributes"]' \
  --update-expression 'SET tags = list_append(tags, :more)' --expression-attribute-values '{":more":{"L":[{"S":"v"}]}}'
doc_update "list_append at the front" ALL_NEW '{"L":[{"S":"s"},{"S":"x"},{"S":"y"},{"S":"z"},{"S":"w"},{"S":"v"}]}' 'r["Attributes"]["tags"]' \
  --update-expression 'SET tags = list_append(:front, tags)' --expression-attribute-values '{":front":{"L":[{"S":"s"}]}}'
# Both indexes refer to the list as it was before the update.
doc_update "REMOVE two list indexes" UPDATED_OLD '{"tags":{"L":[{"S":"s"},{"S":"y"}]}}' 'r["Attributes"]' \
  --update-expression 'REMOVE tags[0], tags[2]'
doc_update "if_not_exists sets" UPDATED_NEW '{"status":{"S":"draft"}}' 'r["Attributes"]' \
  --update-expression 'SET #st = if_not_exists(#st, :v)' --expression-attribute-names '{"#st":"status"}' \
  --expression-attribute-values '{":v":{"S":"draft"}}'
doc_update "if_not_exists keeps" UPDATED_NEW '{"status":{"S":"draft"}}' 'r["Attributes"]' \
  --update-expression 'SET #st = if_not_exists(#st, :v)' --expression-attribute-names '{"#st":"status"}' \
  --expression-attribute-values '{":v":{"S":"pub"}}'
doc_update "ADD to a set" UPDATED_NEW '["green","red"]' 'sorted(r["Attributes"]["colors"]["SS"])' \
  --update-expression 'ADD colors :c' --expression-attribute-values '{":c":{"SS":["red","green"]}}'
doc_update "DELETE from a set" UPDATED_NEW '{"colors":{"SS":["green"]}}' 'r["Attributes"]' \
  --update-expression 'DELETE colors :c' --expression-attribute-values '{":c":{"SS":["red"]}}'
# dynalite applies the two REMOVEs one after the other (removing z, not y); the AWS documentation
# has every index refer to the original list.
if [ $DYNALITE -eq 1 ]; then TAGS='[{"S":"x"},{"S":"y"},{"S":"w"},{"S":"v"}]'; else TAGS='[{"S":"x"},{"S":"z"},{"S":"w"},{"S":"v"}]'; fi
run "get doc" get-item --table-name "$MAIN" --key "$DKEY" --consistent-read
check "doc after nested updates" "{\"pk\":{\"S\":\"doc#1\"},\"sk\":{\"S\":\"v1\"},\"a\":{\"M\":{\"b\":{\"L\":[{\"M\":{\"c\":{\"N\":\"1\"}}},{\"M\":{\"c\":{\"N\":\"20\"}}},{\"M\":{\"c\":{\"N\":\"3\"}}}]}}},\"tags\":{\"L\":$TAGS},\"status\":{\"S\":\"draft\"},\"colors\":{\"SS\":[\"green\"]}}" \
  'r["Item"]' <<<"$out"
expect_error "overlapping paths" ValidationException \
  "${ENVELOPE}Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a, b, [1], c], path two: [a, b]" \
  update-item --table-name "$MAIN" --key "$DKEY" --update-expression 'SET a.b[1].c = :v, a.b = :w' \
  --expression-attribute-values '{":v":{"N":"1"},":w":{"N":"2"}}'
expect_error "invalid document path" ValidationException \
  "The document path provided in the update expression is invalid for update" \
  update-item --table-name "$MAIN" --key "$DKEY" --update-expression 'SET nosuch.x = :v' \
  --expression-attribute-values '{":v":{"N":"1"}}'
expect_error "list_append on a string" ValidationException \
  "${ENVELOPE}Invalid UpdateExpression: Incorrect operand type for operator or function; operator or function: list_append, operand type: S" \
  update-item --table-name "$MAIN" --key "$DKEY" --update-expression 'SET tags = list_append(tags, :v)' \
  --expression-attribute-values '{":v":{"S":"q"}}'

echo "== 4. GetItem with ProjectionExpression"
run "projection" get-item --table-name "$MAIN" --key "$DKEY" --projection-expression 'a.b[1].c, tags[0], #st' \
  --expression-attribute-names '{"#st":"status"}'
check "projection" '{"Item":{"a":{"M":{"b":{"L":[{"M":{"c":{"N":"20"}}}]}}},"tags":{"L":[{"S":"x"}]},"status":{"S":"draft"}}}' 'r' <<<"$out"

echo "== 5. pagination by 1 MB pages"
for direction in --scan-index-forward --no-scan-index-forward; do
  pages=0
  start=()
  : >"$work/sks"
  while :; do
    run "query page $pages $direction" query --table-name "$MAIN" --no-paginate $direction \
      --key-condition-expression 'pk = :p' --expression-attribute-values '{":p":{"S":"big"}}' "${start[@]}"
    printf '%s' "$out" >"$work/page"
    jraw '"\n".join(i["sk"]["S"] for i in r.get("Items", []))' <"$work/page" >>"$work/sks"
    check "page $pages: Count == len(Items) == ScannedCount" '[true]' \
      '[r["Count"] == len(r["Items"]) == r["ScannedCount"]]' <"$work/page"
    pages=$((pages + 1))
    lek=$(jraw 'r.get("LastEvaluatedKey")' <"$work/page")
    [ "$lek" != null ] || break
    # 1,000-byte items and 1 MB pages: about 1,048 a page. The exact cut is not documented
    # (dynalite estimates an internal size and gets 1,033).
    check "page $pages: cut near 1 MB, LEK is the last item" '[true, true]' \
      '[1000 <= r["Count"] <= 1100, r["LastEvaluatedKey"] == {"pk": r["Items"][-1]["pk"], "sk": r["Items"][-1]["sk"]}]' <"$work/page"
    start=(--exclusive-start-key "$lek")
    [ $pages -lt 100 ] || { fail "pagination does not end"; break; }
  done
  if [ $pages -ge 3 ]; then pass; else fail "$direction: $pages pages, expected at least 3"; fi
  step=-1; [ $direction = --scan-index-forward ] && step=1
  check "$direction: all 2,500 items in order" '[true]' \
    "[open('$work/sks').read().split() == ['item#%04d' % i for i in range($BIG_ITEMS)][::$step]]" <<<"{}"
done
# The CLI's own pagination merges the pages.
run "query, CLI paginated" query --table-name "$MAIN" --key-condition-expression 'pk = :p' \
  --expression-attribute-values '{":p":{"S":"big"}}' --projection-expression sk
check "CLI paginated: every item once, in order" "{\"count\":$BIG_ITEMS,\"order\":true,\"next\":null}" \
  "{'count': r['Count'], 'order': [i['sk']['S'] for i in r['Items']] == ['item#%04d' % i for i in range($BIG_ITEMS)], 'next': r.get('NextToken')}" <<<"$out"
run "query, --max-items 1200" query --table-name "$MAIN" --key-condition-expression 'pk = :p' \
  --expression-attribute-values '{":p":{"S":"big"}}' --projection-expression sk --max-items 1200
check "--max-items 1200" '[1200, "item#1199", true]' '[len(r["Items"]), r["Items"][-1]["sk"]["S"], "NextToken" in r]' <<<"$out"
token=$(jraw 'r["NextToken"]' <<<"$out")
run "query, --starting-token" query --table-name "$MAIN" --key-condition-expression 'pk = :p' \
  --expression-attribute-values '{":p":{"S":"big"}}' --projection-expression sk --starting-token "$token"
check "--starting-token continues" '[1300, "item#1200", "item#2499", false]' \
  '[len(r["Items"]), r["Items"][0]["sk"]["S"], r["Items"][-1]["sk"]["S"], "NextToken" in r]' <<<"$out"

echo "== 6. pagination by Limit, filters, COUNT"
V_BIG='{":p":{"S":"big"}}'
run "limit 1000 page 1" query --table-name "$MAIN" --no-paginate --limit 1000 --key-condition-expression 'pk = :p' --expression-attribute-values "$V_BIG"
check "limit 1000 page 1" '[1000, {"pk":{"S":"big"},"sk":{"S":"item#0999"}}]' '[r["Count"], r.get("LastEvaluatedKey")]' <<<"$out"
run "limit 1000 page 2" query --table-name "$MAIN" --no-paginate --limit 1000 --key-condition-expression 'pk = :p' --expression-attribute-values "$V_BIG" \
  --exclusive-start-key '{"pk":{"S":"big"},"sk":{"S":"item#0999"}}'
check "limit 1000 page 2" '[1000, "item#1000", {"pk":{"S":"big"},"sk":{"S":"item#1999"}}]' '[r["Count"], r["Items"][0]["sk"]["S"], r.get("LastEvaluatedKey")]' <<<"$out"
run "limit 1000 page 3" query --table-name "$MAIN" --no-paginate --limit 1000 --key-condition-expression 'pk = :p' --expression-attribute-values "$V_BIG" \
  --exclusive-start-key '{"pk":{"S":"big"},"sk":{"S":"item#1999"}}'
check "limit 1000 page 3" '[500, null]' '[r["Count"], r.get("LastEvaluatedKey")]' <<<"$out"
# Backward by 500: the fifth page ends the partition but was cut by Limit, so it still carries a
# LastEvaluatedKey and a sixth, empty page follows.
start=()
counts=()
for page in 1 2 3 4 5 6; do
  run "limit 500 backward page $page" query --table-name "$MAIN" --no-paginate --limit 500 --no-scan-index-forward \
    --key-condition-expression 'pk = :p' --expression-attribute-values "$V_BIG" "${start[@]}"
  counts+=("$(jq_py 'r["Count"]' <<<"$out")")
  lek=$(jraw 'r.get("LastEvaluatedKey")' <<<"$out")
  if [ $page -eq 5 ]; then
    check "fifth page" '["item#0499", {"pk":{"S":"big"},"sk":{"S":"item#0000"}}]' '[r["Items"][0]["sk"]["S"], r.get("LastEvaluatedKey")]' <<<"$out"
  fi
  if [ $page -eq 6 ]; then check "sixth page is empty" '{"Items":[],"Count":0,"ScannedCount":0}' 'r' <<<"$out"; fi
  [ "$lek" != null ] || break
  start=(--exclusive-start-key "$lek")
done
check "limit 500 backward: page counts" '[500,500,500,500,500,0]' "[$(IFS=,; echo "${counts[*]}")]" <<<"{}"
FILTER_VALUES='{":p":{"S":"big"},":lo":{"S":"item#0100"},":hi":{"S":"item#0199"},":a":{"S":"A"}}'
run "filter with limit" query --table-name "$MAIN" --no-paginate --limit 10 \
  --key-condition-expression 'pk = :p AND sk BETWEEN :lo AND :hi' --filter-expression 'g = :a' \
  --expression-attribute-values "$FILTER_VALUES"
check "filter applies after Limit" '[["item#0102","item#0105","item#0108"], 3, 10, {"pk":{"S":"big"},"sk":{"S":"item#0109"}}]' \
  '[[i["sk"]["S"] for i in r["Items"]], r["Count"], r["ScannedCount"], r.get("LastEvaluatedKey")]' <<<"$out"
run "filter with --page-size, CLI paginated" query --table-name "$MAIN" --page-size 10 \
  --key-condition-expression 'pk = :p AND sk BETWEEN :lo AND :hi' --filter-expression 'g = :a' \
  --expression-attribute-values "$FILTER_VALUES"
check "filter over all pages" '[33, 100]' '[r["Count"], r["ScannedCount"]]' <<<"$out"
run "select COUNT" query --table-name "$MAIN" --select COUNT --key-condition-expression 'pk = :p' --expression-attribute-values "$V_BIG"
check "select COUNT over all pages" "[$BIG_ITEMS, false]" '[r["Count"], "Items" in r]' <<<"$out"
run "begins_with" query --table-name "$MAIN" --no-paginate --key-condition-expression 'pk = :p AND begins_with(sk, :pre)' \
  --expression-attribute-values '{":p":{"S":"big"},":pre":{"S":"item#24"}}' --projection-expression sk
check "begins_with: one page of 100" '[true, false]' \
  '[[i["sk"]["S"] for i in r["Items"]] == ["item#%04d" % i for i in range(2400, 2500)], "LastEvaluatedKey" in r]' <<<"$out"
run "sk < item#0005 backward" query --table-name "$MAIN" --no-scan-index-forward --key-condition-expression 'pk = :p AND sk < :s' \
  --expression-attribute-values '{":p":{"S":"big"},":s":{"S":"item#0005"}}' --projection-expression sk
check "sk < item#0005 backward" '[{"sk":{"S":"item#0004"}},{"sk":{"S":"item#0003"}},{"sk":{"S":"item#0002"}},{"sk":{"S":"item#0001"}},{"sk":{"S":"item#0000"}}]' 'r["Items"]' <<<"$out"

echo "== 7. Scan with segments"
: >"$work/ids"
for segment in 0 1 2 3; do
  run "scan segment $segment" scan --table-name "$SCAN" --segment $segment --total-segments 4 --page-size 7
  jraw '" ".join(i["id"]["S"] for i in r.get("Items", []))' <<<"$out" >>"$work/ids"
done
check "segments: each id exactly once" '[true]' "[sorted(open('$work/ids').read().split()) == ['p#%02d' % i for i in range(100)]]" <<<"{}"
run "scan filter COUNT" scan --table-name "$SCAN" --filter-expression 'n < :ten' --expression-attribute-values '{":ten":{"N":"10"}}' --select COUNT
check "scan filter COUNT" '{"Count":10,"ScannedCount":100}' '{k: r[k] for k in ("Count", "ScannedCount")}' <<<"$out"
expect_error "segment out of range" ValidationException \
  "The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: 4 is not less than TotalSegments: 4" \
  scan --table-name "$SCAN" --segment 4 --total-segments 4

echo "== 8. DescribeTable and ListTables"
# The service puts the request's region in the ARN; DynamoDB Local writes "ddblocal".
run "describe" describe-table --table-name "$MAIN"
check "describe" "{\"name\":\"$MAIN\",\"status\":\"ACTIVE\",\"keys\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"},{\"AttributeName\":\"sk\",\"KeyType\":\"RANGE\"}],\"defs\":[{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"},{\"AttributeName\":\"sk\",\"AttributeType\":\"S\"}],\"billing\":\"PAY_PER_REQUEST\",\"arn\":true,\"counts\":true}" \
  "(lambda t: {'name': t['TableName'], 'status': t['TableStatus'], 'keys': t['KeySchema'], 'defs': sorted(t['AttributeDefinitions'], key=lambda d: d['AttributeName']), 'billing': t['BillingModeSummary']['BillingMode'], 'arn': __import__('re').fullmatch(r'arn:aws:dynamodb:(us-east-1|ddblocal):\d{12}:table/$MAIN', t['TableArn']) is not None, 'counts': isinstance(t['ItemCount'], int) and isinstance(t['TableSizeBytes'], int)})(r['Table'])" <<<"$out"
run "list page 1" list-tables --no-paginate --exclusive-start-table-name "${P}_" --limit 2
check "list page 1" "{\"TableNames\":[\"${LISTED[0]}\",\"${LISTED[1]}\"],\"LastEvaluatedTableName\":\"${LISTED[1]}\"}" 'r' <<<"$out"
run "list page 2" list-tables --no-paginate --exclusive-start-table-name "${LISTED[1]}" --limit 2
check "list page 2" "{\"TableNames\":[\"${LISTED[2]}\",\"$SCAN\"],\"LastEvaluatedTableName\":\"$SCAN\"}" 'r' <<<"$out"
run "list page 3" list-tables --no-paginate --exclusive-start-table-name "$SCAN" --limit 2
check "list page 3" "{\"TableNames\":[\"$MAIN\"]}" 'r' <<<"$out"
run "list, CLI paginated by 2" list-tables --page-size 2
check "list, CLI paginated by 2" "[\"${LISTED[0]}\",\"${LISTED[1]}\",\"${LISTED[2]}\",\"$SCAN\",\"$MAIN\"]" \
  "[n for n in r['TableNames'] if n.startswith('${P}_')]" <<<"$out"

echo "== 9. validation errors"
V=ValidationException
expect_error "key without sk" $V "The provided key element does not match the schema" \
  get-item --table-name "$MAIN" --key '{"pk":{"S":"user#1"}}'
expect_error "key with an extra attribute" $V "The provided key element does not match the schema" \
  get-item --table-name "$MAIN" --key '{"pk":{"S":"user#1"},"sk":{"S":"profile"},"extra":{"S":"x"}}'
# The service words an empty key value "are not valid." (captured 2026, every operation).
expect_error "empty string key" $V \
  "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk" \
  put-item --table-name "$MAIN" --item '{"pk":{"S":""},"sk":{"S":"x"}}'
expect_error "reserved word" $V "${ENVELOPE}Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: name" \
  update-item --table-name "$MAIN" --key "$KEY" --update-expression 'SET name = :v' --expression-attribute-values '{":v":{"S":"x"}}'
expect_error "unused value" $V "${ENVELOPE}Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}" \
  update-item --table-name "$MAIN" --key "$KEY" --update-expression 'SET x = :v' \
  --expression-attribute-values '{":v":{"S":"x"},":unused":{"S":"y"}}'
expect_error "unused name" $V "${ENVELOPE}Value provided in ExpressionAttributeNames unused in expressions: keys: {#u}" \
  update-item --table-name "$MAIN" --key "$KEY" --update-expression 'SET x = :v' \
  --expression-attribute-values '{":v":{"S":"x"}}' --expression-attribute-names '{"#u":"u"}'
expect_error "undefined value" $V \
  "${ENVELOPE}Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :w" \
  put-item --table-name "$MAIN" --item "$KEY" --condition-expression 'x = :w' --expression-attribute-values '{":v":{"S":"x"}}'
expect_error "query without the hash key" $V "Query condition missed key schema element: pk" \
  query --table-name "$MAIN" --key-condition-expression 'sk = :v' --expression-attribute-values '{":v":{"S":"x"}}'
expect_error "query with the wrong key type" $V \
  "One or more parameter values were invalid: Condition parameter type does not match schema type" \
  query --table-name "$MAIN" --key-condition-expression 'pk = :v' --expression-attribute-values '{":v":{"N":"1"}}'
expect_error "describe a missing table" ResourceNotFoundException "Requested resource not found: Table: ${P}_nope not found" \
  describe-table --table-name "${P}_nope"
expect_error "put to a missing table" ResourceNotFoundException "*" put-item --table-name "${P}_nope" --item "$KEY"
run "nothing was written" get-item --table-name "$MAIN" --key "$KEY" --consistent-read
check "nothing was written" '["email","name","pk","score","sk","visits","zero"]' 'sorted(r["Item"])' <<<"$out"

echo "== 9d. transactions"
if [ $DYNALITE -eq 0 ]; then   # dynalite 4.0.0 has no transactions
  ACCT='{"pk":{"S":"acct#cli"},"sk":{"S":"balance"}}'
  run "transact-write-items" transact-write-items --transact-items "[{\"Put\":{\"TableName\":\"$MAIN\",\"Item\":{\"pk\":{\"S\":\"acct#cli\"},\"sk\":{\"S\":\"balance\"},\"amount\":{\"N\":\"100\"}},\"ConditionExpression\":\"attribute_not_exists(pk)\"}}]"
  expect_error "transaction cancelled" TransactionCanceledException \
    "Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None]" \
    transact-write-items --transact-items "[{\"Update\":{\"TableName\":\"$MAIN\",\"Key\":$ACCT,\"UpdateExpression\":\"SET amount = amount - :a\",\"ConditionExpression\":\"amount >= :a\",\"ExpressionAttributeValues\":{\":a\":{\"N\":\"500\"}}}},{\"Put\":{\"TableName\":\"$MAIN\",\"Item\":{\"pk\":{\"S\":\"acct#cli\"},\"sk\":{\"S\":\"log#2\"}}}}]"
  run "transact-get-items" transact-get-items --transact-items "[{\"Get\":{\"TableName\":\"$MAIN\",\"Key\":$ACCT}},{\"Get\":{\"TableName\":\"$MAIN\",\"Key\":{\"pk\":{\"S\":\"acct#cli\"},\"sk\":{\"S\":\"log#2\"}}}}]"
  check "transact-get-items" '[{"Item":{"amount":{"N":"100"},"pk":{"S":"acct#cli"},"sk":{"S":"balance"}}},{}]' 'r["Responses"]' <<<"$out"
fi

echo "== 10. DeleteTable"
for t in "${LISTED[@]}" "$SCAN" "$MAIN"; do
  run "delete $t" delete-table --table-name "$t" &&
    check "delete $t" "[\"$t\",\"DELETING\"]" '[r["TableDescription"]["TableName"], r["TableDescription"]["TableStatus"]]' <<<"$out"
done
for t in "${LISTED[@]}" "$SCAN" "$MAIN"; do
  wait_until "$t gone" is_gone "$t" && pass
done
expect_error "describe a deleted table" ResourceNotFoundException "Requested resource not found: Table: $MAIN not found" \
  describe-table --table-name "$MAIN"
run "list after delete" list-tables
check "list after delete" '[]' "[n for n in r['TableNames'] if n.startswith('${P}_')]" <<<"$out"

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
