-- Shared by the wrk scripts of bench/load.sh: the bearer token, a count of non-2xx answers per
-- thread, and one "result:" line at the end with throughput, p50/p99 latency and every error.
-- Each script sets `expected_status` (default: any 2xx) before it loads this file.

wrk.headers["Authorization"] = "Bearer " .. (os.getenv("POLYLEAD_BENCH_TOKEN") or "")
wrk.headers["Content-Type"] = "application/json"

local threads = {}
local next_thread_id = 0

function setup(thread)
  thread:set("thread_id", next_thread_id)
  next_thread_id = next_thread_id + 1
  table.insert(threads, thread)
end

unexpected = 0
first_unexpected = ""

function response(status, headers, body)
  local wanted = expected_status
  local ok = (wanted == nil and status >= 200 and status < 300) or status == wanted
  if not ok then
    unexpected = unexpected + 1
    if first_unexpected == "" then
      first_unexpected = status .. " " .. string.sub(body or "", 1, 200)
    end
  end
end

function done(summary, latency, requests)
  local bad, example = 0, ""
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("unexpected")
    if example == "" then example = thread:get("first_unexpected") end
  end
  local e = summary.errors
  io.write(string.format(
    "result: requests=%d rps=%.1f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f unexpected=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    bad, e.connect, e.read, e.write, e.timeout))
  if example ~= "" then io.write("first unexpected answer: " .. example .. "\n") end
end
