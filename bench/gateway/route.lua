-- wrk script for bench/gateway's integration routes: BENCH_PATH with "{id}" replaced by a
-- random id 1..9999, or by one of BENCH_IDS (comma-separated); BENCH_METHOD (default GET),
-- BENCH_BODY (with "{id}" too) and BENCH_HEADERS ("Name: value|Name: value") for a DynamoDB
-- call straight to the tables port. Prints one machine-readable result line.
local path = os.getenv("BENCH_PATH") or "/test/pets/{id}"
local method = os.getenv("BENCH_METHOD") or "GET"
local body = os.getenv("BENCH_BODY")
local ids = {}
for id in string.gmatch(os.getenv("BENCH_IDS") or "", "[^,]+") do ids[#ids + 1] = id end
local headers = {}
for h in string.gmatch(os.getenv("BENCH_HEADERS") or "", "[^|]+") do
  local name, value = string.match(h, "^%s*([^:]+):%s*(.*)$")
  if name then headers[name] = value end
end
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("seed", counter)
end

function init(args)
  math.randomseed(os.time() * 100 + (seed or 0))
end

function request()
  local id = #ids > 0 and ids[math.random(1, #ids)] or tostring(math.random(1, 9999))
  local b = body and string.gsub(body, "{id}", id) or nil
  return wrk.format(method, (string.gsub(path, "{id}", id)), headers, b)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH requests=%d duration_us=%d p50_us=%d p99_us=%d "
    .. "non2xx=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect, e.read, e.write, e.timeout))
end
