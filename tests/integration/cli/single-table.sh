#!/usr/bin/env bash
# Issue 4's single-table-design scenario (../SCENARIO.md, "Single-table design") through the AWS
# CLI, smaller than the SDK versions (each CLI call starts a Python process): batch-write-item,
# an overloaded and a sparse GSI, a cancelled and a committed transact-write-items, the CLI's own
# pagination through a partition (--page-size), legacy --key-conditions, TTL expiry.
#   GATEHOUSE_TABLES_URL=http://127.0.0.1:8000 bash single-table.sh
set -euo pipefail

URL=${GATEHOUSE_TABLES_URL:?GATEHOUSE_TABLES_URL is not set}
T=cli_app
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
ddb() { aws dynamodb "$@" --endpoint-url "$URL" --output json; }
# The CLI prints nothing for a GetItem of a missing item: that reads as {}.
py() { python3 -c "import json,sys; r=json.loads(sys.stdin.read() or '{}'); print($1)"; }
check() {  # check NAME EXPECTED ACTUAL
  if [ "$2" = "$3" ]; then passed=$((passed + 1)); else failed=$((failed + 1)); printf 'FAIL: %s\n  expected: %s\n  actual:   %s\n' "$1" "$2" "$3" >&2; fi
}

ddb create-table --table-name $T --billing-mode PAY_PER_REQUEST \
  --attribute-definitions AttributeName=pk,AttributeType=S AttributeName=sk,AttributeType=S \
    AttributeName=gsi1pk,AttributeType=S AttributeName=gsi1sk,AttributeType=S AttributeName=openTicket,AttributeType=S \
  --key-schema AttributeName=pk,KeyType=HASH AttributeName=sk,KeyType=RANGE \
  --global-secondary-indexes \
    'IndexName=GSI1,KeySchema=[{AttributeName=gsi1pk,KeyType=HASH},{AttributeName=gsi1sk,KeyType=RANGE}],Projection={ProjectionType=ALL}' \
    'IndexName=Open,KeySchema=[{AttributeName=openTicket,KeyType=HASH}],Projection={ProjectionType=ALL}' >/dev/null
ddb wait table-exists --table-name $T

# 2 customers and 23 orders of customer 1 (every 5th PENDING, every 10th with an open ticket).
python3 - "$T" >"$work/batch.json" <<'PY'
import json, sys
t = sys.argv[1]
items = [{"pk": {"S": f"CUST#{i:03d}"}, "sk": {"S": "PROFILE"}, "gsi1pk": {"S": f"EMAIL#c{i}@example.com"},
          "gsi1sk": {"S": f"CUST#{i:03d}"}, "orderCount": {"N": "0"}} for i in (1, 2)]
for i in range(23):
    item = {"pk": {"S": "CUST#001"}, "sk": {"S": f"ORDER#{i:05d}"},
            "gsi1pk": {"S": "STATUS#PENDING" if i % 5 == 0 else "STATUS#SHIPPED"},
            "gsi1sk": {"S": f"2026-11-{1 + i:02d}"}, "total": {"N": str(i)}}
    if i % 10 == 0:
        item["openTicket"] = {"S": f"TICKET#{i}"}
    items.append(item)
print(json.dumps({t: [{"PutRequest": {"Item": it}} for it in items]}))
PY
out=$(ddb batch-write-item --request-items "file://$work/batch.json" --return-consumed-capacity TOTAL)
check "batch-write-item leaves nothing unprocessed" "{}" "$(py 'json.dumps(r["UnprocessedItems"])' <<<"$out")"
check "batch-write-item capacity: table + index writes" "cli_app" "$(py 'r["ConsumedCapacity"][0]["TableName"]' <<<"$out")"

out=$(ddb query --table-name $T --index-name GSI1 --key-condition-expression "gsi1pk = :e" \
  --expression-attribute-values '{":e":{"S":"EMAIL#c2@example.com"}}')
check "overloaded GSI: a customer by e-mail" "CUST#002" "$(py 'r["Items"][0]["pk"]["S"]' <<<"$out")"
out=$(ddb query --table-name $T --index-name GSI1 --key-condition-expression "gsi1pk = :s" \
  --expression-attribute-values '{":s":{"S":"STATUS#PENDING"}}' --projection-expression sk)
check "overloaded GSI: pending orders in index order" "ORDER#00000 ORDER#00005 ORDER#00010 ORDER#00015 ORDER#00020" \
  "$(py '" ".join(i["sk"]["S"] for i in r["Items"])' <<<"$out")"
out=$(ddb scan --table-name $T --index-name Open --select COUNT)
check "sparse index holds only items with the attribute" "3" "$(py 'r["Count"]' <<<"$out")"

# The CLI follows LastEvaluatedKey itself: pages of 4 items, all 23 orders in order.
out=$(ddb query --table-name $T --key-condition-expression "pk = :p AND begins_with(sk, :o)" \
  --expression-attribute-values '{":p":{"S":"CUST#001"},":o":{"S":"ORDER#"}}' --page-size 4 --projection-expression sk)
check "pagination through the partition" "23 ORDER#00000 ORDER#00022" \
  "$(py '" ".join([str(len(r["Items"])), r["Items"][0]["sk"]["S"], r["Items"][-1]["sk"]["S"]])' <<<"$out")"

cat >"$work/cancel.json" <<JSON
[{"Update":{"TableName":"$T","Key":{"pk":{"S":"CUST#002"},"sk":{"S":"PROFILE"}},
  "UpdateExpression":"ADD orderCount :one","ExpressionAttributeValues":{":one":{"N":"1"}}}},
 {"Put":{"TableName":"$T","Item":{"pk":{"S":"CUST#001"},"sk":{"S":"ORDER#00001"}},"ConditionExpression":"attribute_not_exists(pk)"}}]
JSON
rc=0
ddb transact-write-items --transact-items "file://$work/cancel.json" >/dev/null 2>"$work/err" || rc=$?
check "cancelled transaction exits non-zero (255: CLI v1, 254: v2)" "yes" "$([ "$rc" -ne 0 ] && echo yes || echo no)"
check "cancelled transaction names its reasons" "1" \
  "$(grep -c 'TransactionCanceledException.*\[None, ConditionalCheckFailed\]' "$work/err" || true)"
out=$(ddb get-item --table-name $T --key '{"pk":{"S":"CUST#002"},"sk":{"S":"PROFILE"}}' --consistent-read)
check "cancelled transaction wrote nothing" "0" "$(py 'r["Item"]["orderCount"]["N"]' <<<"$out")"

sed 's/"ADD orderCount :one"/"ADD orderCount :one","ConditionExpression":"attribute_exists(pk)"/; s/CUST#001"},"sk":{"S":"ORDER#00001"}}/CUST#002"},"sk":{"S":"ORDER#00001"},"total":{"N":"42"}}/' \
  "$work/cancel.json" >"$work/commit.json"
ddb transact-write-items --transact-items "file://$work/commit.json" >/dev/null
out=$(ddb get-item --table-name $T --key '{"pk":{"S":"CUST#002"},"sk":{"S":"PROFILE"}}' --consistent-read)
check "committed transaction updated the profile" "1" "$(py 'r["Item"]["orderCount"]["N"]' <<<"$out")"
out=$(ddb get-item --table-name $T --key '{"pk":{"S":"CUST#002"},"sk":{"S":"ORDER#00001"}}')
check "committed transaction put the order" "42" "$(py 'r["Item"]["total"]["N"]' <<<"$out")"

out=$(ddb query --table-name $T --attributes-to-get sk --key-conditions \
  '{"pk":{"ComparisonOperator":"EQ","AttributeValueList":[{"S":"CUST#001"}]},"sk":{"ComparisonOperator":"BETWEEN","AttributeValueList":[{"S":"ORDER#00003"},{"S":"ORDER#00005"}]}}')
check "legacy KeyConditions and AttributesToGet" "ORDER#00003 ORDER#00004 ORDER#00005" \
  "$(py '" ".join(i["sk"]["S"] for i in r["Items"])' <<<"$out")"

ddb update-time-to-live --table-name $T --time-to-live-specification Enabled=true,AttributeName=expires >/dev/null
now=$(date +%s)
ddb put-item --table-name $T --item "{\"pk\":{\"S\":\"SESSION#old\"},\"sk\":{\"S\":\"S\"},\"expires\":{\"N\":\"$((now - 60))\"}}"
deadline=$((SECONDS + 40))
gone=no
while [ $SECONDS -lt $deadline ]; do
  if [ "$(ddb get-item --table-name $T --key '{"pk":{"S":"SESSION#old"},"sk":{"S":"S"}}' --consistent-read | py '"Item" in r')" = False ]; then
    gone=yes; break
  fi
  sleep 1
done
check "TTL: the expired item is deleted by the sweeper" "yes" "$gone"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
