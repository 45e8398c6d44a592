-- wrk script for bench/gateway: GET {prefix}/pets/{id} with ids 1..9999 (never 0, so every
-- answer is a 200), and one machine-readable result line.
local prefix = os.getenv("BENCH_PREFIX") or "/test"
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("seed", counter)
end

function init(args)
  math.randomseed(os.time() * 100 + (seed or 0))
end

function request()
  return wrk.format("GET", string.format("%s/pets/%d", prefix, math.random(1, 9999)))
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH requests=%d duration_us=%d p50_us=%d p99_us=%d "
    .. "non2xx=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect, e.read, e.write, e.timeout))
end
