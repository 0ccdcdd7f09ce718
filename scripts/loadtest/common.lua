-- Shared by the Truce wrk scenarios (list.lua, page.lua, detail.lua, ...).
--
-- Environment (set by run.sh):
--   TRUCE_TOKEN       API token, sent as "Authorization: Bearer ..." (required)
--   LOADTEST_NAME     scenario name printed in the RESULT line
--   LOADTEST_IDS      file of incident ids, one a line (id scenarios)
--   LOADTEST_FILTERS  file of query strings, one a line (list scenarios)
--   LOADTEST_SEED     seed of the per-thread random choices (default 1)
--   LOADTEST_RATE     optional: total requests/s to pace at (all threads);
--                     unset = as fast as the connections allow
--   LOADTEST_THREADS  wrk's -t, needed to split LOADTEST_RATE (default 2)
--
-- Every response's status is counted; done() prints the non-2xx count, the
-- socket errors and one machine-readable line:
--   RESULT name=... rps=... p50_ms=... p90_ms=... p99_ms=... max_ms=... requests=... non2xx=... socket_errors=...
--          raw_p50_ms=... raw_p90_ms=... raw_p99_ms=... raw_max_ms=... raw_n=...
--
-- Two kinds of latency:
--  * wrk's (p50_ms ...): wrk 4 "corrects" its histogram for coordinated
--    omission (stats_correct: every sample longer than twice the average
--    interval per connection adds phantom samples at that latency minus 1, 2,
--    3... intervals). A few slow requests thus inflate p90/p99 far beyond what
--    any real request saw.
--  * raw (raw_p50_ms ...): each request timed here, from request() to
--    response(). This is exact only with one connection per wrk thread
--    (-t N -c N), which run.sh uses; otherwise raw_* are printed as "n/a".

local M = {}

local function env(name, default)
  local v = os.getenv(name)
  if v == nil or v == "" then return default end
  return v
end

function M.read_lines(path)
  local out = {}
  if path == nil then return out end
  local f = io.open(path, "r")
  if f == nil then
    io.stderr:write("loadtest: cannot read " .. path .. "\n")
    os.exit(2)
  end
  for line in f:lines() do
    line = line:gsub("%s+$", "")
    if line ~= "" and line:sub(1, 1) ~= "#" then out[#out + 1] = line end
  end
  f:close()
  if #out == 0 then
    io.stderr:write("loadtest: " .. path .. " is empty\n")
    os.exit(2)
  end
  return out
end

local token = env("TRUCE_TOKEN", nil)
if token == nil then
  io.stderr:write("loadtest: TRUCE_TOKEN is not set\n")
  os.exit(2)
end
M.headers = { ["Authorization"] = "Bearer " .. token, ["Accept"] = "*/*" }

-- Main state: remember the threads so done() can read their counters.
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("thread_id", next_id)
  next_id = next_id + 1
  threads[#threads + 1] = thread
end

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } lt_timespec;
  int clock_gettime(int clk_id, lt_timespec *tp);
]]
local ts = ffi.new("lt_timespec")
local function now_us()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1e6 + tonumber(ts.tv_nsec) / 1e3
end

-- Thread states: counters read back by done().
responses = 0
non2xx = 0
codes = ""          -- "500=3 404=1", kept only for non-2xx
raw = {}            -- raw latency histogram: 10-microsecond bucket -> count
raw_overlap = 0     -- requests sent while one was outstanding (>1 connection per thread, or a lost response)
local by_code = {}
local sent_at = nil

-- Scenarios call this from request(), just before returning the request.
function M.sent()
  if sent_at ~= nil then raw_overlap = raw_overlap + 1 end
  sent_at = now_us()
end

function response(status, headers, body)
  if sent_at ~= nil then
    local b = math.floor((now_us() - sent_at) / 10)
    raw[b] = (raw[b] or 0) + 1
    sent_at = nil
  end
  responses = responses + 1
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    by_code[status] = (by_code[status] or 0) + 1
    local parts = {}
    for c, n in pairs(by_code) do parts[#parts + 1] = c .. "=" .. n end
    table.sort(parts)
    codes = table.concat(parts, " ")
    if non2xx <= 3 then
      io.stderr:write(string.format("loadtest: HTTP %d: %s\n", status, (body or ""):sub(1, 200)))
    end
  end
end

-- Called from each scenario's init(): seeds the thread's random choices.
function M.init_thread()
  local tid = thread_id or 0
  math.randomseed(tonumber(env("LOADTEST_SEED", "1")) * 1000 + tid)
  -- LuaJIT's first values after seeding are poorly spread; skip a few.
  for _ = 1, 10 do math.random() end
  return tid
end

-- Optional pacing: each thread books evenly spaced slots on the wall clock,
-- so the total rate is LOADTEST_RATE as long as there are free connections.
local rate = tonumber(env("LOADTEST_RATE", "0")) or 0
if rate > 0 then
  local function now_ms() return now_us() / 1000 end
  local interval = tonumber(env("LOADTEST_THREADS", "2")) * 1000 / rate
  local slot = nil
  function delay()
    local now = now_ms()
    if slot == nil then slot = now + math.random() * interval end
    slot = slot + interval
    -- Never bank more than one second of missed slots.
    if slot < now - 1000 then slot = now end
    local d = slot - now
    if d < 0 then return 0 end
    return math.floor(d + 0.5)
  end
end

function done(summary, latency, requests)
  local name = env("LOADTEST_NAME", "scenario")
  local total, bad, counted, overlap = 0, 0, 0, 0
  local codes_all = {}
  local hist, n_raw = {}, 0
  for _, t in ipairs(threads) do
    counted = counted + (t:get("responses") or 0)
    bad = bad + (t:get("non2xx") or 0)
    overlap = overlap + (t:get("raw_overlap") or 0)
    local c = t:get("codes") or ""
    if c ~= "" then codes_all[#codes_all + 1] = c end
    for b, n in pairs(t:get("raw") or {}) do
      hist[b] = (hist[b] or 0) + n
      n_raw = n_raw + n
    end
  end
  -- Raw percentiles (ms), nearest rank over the 10-microsecond buckets.
  local keys = {}
  for b in pairs(hist) do keys[#keys + 1] = b end
  table.sort(keys)
  local function raw_pct(p)
    local rank, acc = math.max(1, math.ceil(p / 100 * n_raw)), 0
    for _, b in ipairs(keys) do
      acc = acc + hist[b]
      if acc >= rank then return (b + 0.5) / 100 end
    end
    return 0
  end
  local raw_ok = n_raw > 0 and overlap <= #threads * 2
  local function rawf(p) if raw_ok then return string.format("%.2f", raw_pct(p)) end return "n/a" end
  local e = summary.errors
  local sock = e.connect + e.read + e.write + e.timeout
  local secs = summary.duration / 1e6
  local rps = summary.requests / secs
  local function ms(us) return us / 1000 end
  io.write("------------------------------------------------------------\n")
  io.write(string.format("%s: %d requests in %.1f s = %.1f req/s\n", name, summary.requests, secs, rps))
  io.write(string.format("  wrk latency (coordinated-omission corrected): p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    ms(latency:percentile(50)), ms(latency:percentile(90)), ms(latency:percentile(99)), ms(latency.max)))
  if raw_ok then
    io.write(string.format("  raw latency of %d requests:                   p50 %s ms, p90 %s ms, p99 %s ms, max %s ms\n",
      n_raw, rawf(50), rawf(90), rawf(99), rawf(100)))
  else
    io.write(string.format("  raw latency: n/a (%d requests overlapped: use one connection per wrk thread)\n", overlap))
  end
  if bad > 0 then
    io.write(string.format("  ERRORS: %d non-2xx responses of %d (%s)\n", bad, counted, table.concat(codes_all, "; ")))
  else
    io.write(string.format("  errors: 0 non-2xx responses of %d\n", counted))
  end
  if sock > 0 then
    io.write(string.format("  SOCKET ERRORS: connect %d, read %d, write %d, timeout %d\n",
      e.connect, e.read, e.write, e.timeout))
  else
    io.write("  socket errors: 0\n")
  end
  io.write(string.format(
    "RESULT name=%s rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f requests=%d non2xx=%d socket_errors=%d" ..
    " raw_p50_ms=%s raw_p90_ms=%s raw_p99_ms=%s raw_max_ms=%s raw_n=%d\n",
    name, rps, ms(latency:percentile(50)), ms(latency:percentile(90)), ms(latency:percentile(99)),
    ms(latency.max), summary.requests, bad, sock, rawf(50), rawf(90), rawf(99), rawf(100), n_raw))
end

return M
