-- wrk script: DynamoDB JSON 1.0 requests with SigV4-shaped headers, a random key per request.
--   BENCH_OP=PutItem|GetItem|Query|GsiQuery|TransactWriteItems
--   BENCH_TABLE=bench  BENCH_PARTS=200 (preloaded partitions, 10 items each, sk s0..s9)
--   wrk -s dynamodb.lua http://127.0.0.1:PORT/
-- GsiQuery reads the index byG of table benchg (helper.py load-gsi: g = g00000.., 10 items
-- each). TransactWriteItems puts 4 ~200-byte items under fresh keys in one transaction.
-- (BatchWriteItem loading is timed by helper.py batchload: wrk cannot stop after N requests.)
-- No response() hook: it would make wrk parse every body. Non-2xx answers are counted by wrk
-- itself (summary.errors.status) and reported, so a server that rejects everything shows up.
local op = os.getenv("BENCH_OP") or "GetItem"
local tbl = os.getenv("BENCH_TABLE") or "bench"
local parts = tonumber(os.getenv("BENCH_PARTS") or "200")
-- 175 bytes of payload: with the key and attribute names an item weighs about 200 bytes,
-- like the preloaded ones.
local payload = string.rep("v", 175)

local target = op == "GsiQuery" and "Query" or op
local headers = {
  ["Content-Type"] = "application/x-amz-json-1.0",
  ["X-Amz-Target"] = "DynamoDB_20120810." .. target,
  ["X-Amz-Date"] = "20260101T000000Z",
  -- Shaped like a real SigV4 header; the servers measured here do not verify signatures.
  ["Authorization"] = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/dynamodb/"
    .. "aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
    .. "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7",
}

local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("seed", counter)
end

function init(args)
  math.randomseed(os.time() * 100 + (seed or 0))
end

local function freshItem(pk, sk)
  return string.format('{"pk":{"S":"%s"},"sk":{"S":"%s"},"n":{"N":"%d"},"payload":{"S":"%s"}}',
    pk, sk, math.random(0, 1000000), payload)
end

local function key(pk, sk)
  return string.format('{"pk":{"S":"%s"},"sk":{"S":"%s"}}', pk, sk)
end

function request()
  local body
  if op == "PutItem" then
    -- Writes land in their own key space so GetItem and Query keep finding 10 items a partition.
    local pk = string.format("w%07d", math.random(0, 9999999))
    local sk = "s" .. math.random(0, 9)
    body = string.format('{"TableName":"%s","Item":{"pk":{"S":"%s"},"sk":{"S":"%s"},'
      .. '"n":{"N":"%d"},"payload":{"S":"%s"}}}', tbl, pk, sk, math.random(0, 1000000), payload)
  elseif op == "TransactWriteItems" then
    local actions = {}
    for i = 1, 4 do
      local pk = string.format("x%09d", math.random(0, 999999999))
      actions[i] = string.format('{"Put":{"TableName":"%s","Item":%s}}', tbl, freshItem(pk, "s" .. i))
    end
    body = '{"TransactItems":[' .. table.concat(actions, ",") .. ']}'
  elseif op == "GsiQuery" then
    local g = string.format("g%05d", math.random(0, parts - 1))
    body = string.format('{"TableName":"benchg","IndexName":"byG","KeyConditionExpression":"g = :g",'
      .. '"ExpressionAttributeValues":{":g":{"S":"%s"}}}', g)
  elseif op == "GetItem" then
    local pk = string.format("p%05d", math.random(0, parts - 1))
    body = string.format('{"TableName":"%s","Key":%s}', tbl, key(pk, "s" .. math.random(0, 9)))
  else
    local pk = string.format("p%05d", math.random(0, parts - 1))
    body = string.format('{"TableName":"%s","KeyConditionExpression":"pk = :p",'
      .. '"ExpressionAttributeValues":{":p":{"S":"%s"}}}', tbl, pk)
  end
  return wrk.format("POST", "/", headers, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH requests=%d duration_us=%d p50_us=%d p99_us=%d "
    .. "non2xx=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect, e.read, e.write, e.timeout))
end
