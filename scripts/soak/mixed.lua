-- Soak scenario: a paced mix of what a mission does all day, over one
-- connection per wrk thread (run.sh: -tN -cN), on the shared counters and
-- pacing of ../loadtest/common.lua.
--
--   list      GET  /api/v1/incidents?<filter>   rotating filters (monitor)
--   detail    GET  /api/v1/incidents/{id}       random incident (monitor)
--   page      GET  /incidents/{id}              incident HTML page (monitor)
--   submit    POST /api/v1/reports              one new report (monitor)
--   decide    POST /api/v1/decisions            confirm vote (adjudicators)
--
-- Environment, besides common.lua's:
--   SOAK_WEIGHTS      "list=30,detail=25,page=30,submit=10,decide=5"
--   SOAK_REPORTS      file of report JSON objects, one a line, each with an
--                     external id never seen before; thread t sends lines
--                     t, t+N, t+2N... so no report is sent twice
--   SOAK_FINDINGS     file of undecided finding ids; thread t votes on
--                     lines t, t+N, ...: first adjudicator A, then B on the
--                     same finding (which confirms it), then the next one,
--                     so no vote is ever a second vote (no 409)
--   SOAK_TOKEN_A, SOAK_TOKEN_B   the two adjudicators' tokens
-- A thread that has sent all its reports or voted on all its findings reads
-- instead (counted as "exhausted" in the summary).
local dir = debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./"
package.path = dir .. "../loadtest/?.lua;" .. package.path
local common = require("common")

local kinds = { "list", "detail", "page", "submit", "decide" }

local function parse_weights(s)
  local w, total = {}, 0
  for _, k in ipairs(kinds) do w[k] = 0 end
  for k, v in s:gmatch("(%w+)=(%d+)") do
    if w[k] == nil then
      io.stderr:write("soak: unknown kind " .. k .. " in SOAK_WEIGHTS\n")
      os.exit(2)
    end
    w[k] = tonumber(v)
  end
  local cum = {}
  for _, k in ipairs(kinds) do
    total = total + w[k]
    cum[#cum + 1] = { k, total }
  end
  if total == 0 then
    io.stderr:write("soak: SOAK_WEIGHTS sums to 0\n")
    os.exit(2)
  end
  return cum, total
end

-- Per-thread state.
local ids, filters, reports, findings
local cum, total
local nthreads, tid
local next_report, next_finding, second_vote = 0, 0, false
local json_headers_a, json_headers_b, json_headers_m
local current = nil
-- Counters read back by done(): "kind=n" per kind, requests and non-2xx.
kind_sent = {}
kind_bad = {}
exhausted = 0

local base_setup = setup
local all_threads = {}
function setup(thread)
  base_setup(thread)
  all_threads[#all_threads + 1] = thread
end

local function with(h, extra)
  local out = {}
  for k, v in pairs(h) do out[k] = v end
  for k, v in pairs(extra) do out[k] = v end
  return out
end

function init(args)
  tid = common.init_thread()
  nthreads = tonumber(os.getenv("LOADTEST_THREADS") or "1")
  ids = common.read_lines(os.getenv("LOADTEST_IDS"))
  filters = common.read_lines(os.getenv("LOADTEST_FILTERS"))
  -- Only this thread's share is kept in memory.
  reports, findings = {}, {}
  local i = 0
  for _, line in ipairs(common.read_lines(os.getenv("SOAK_REPORTS"))) do
    if i % nthreads == tid then reports[#reports + 1] = line end
    i = i + 1
  end
  i = 0
  for _, line in ipairs(common.read_lines(os.getenv("SOAK_FINDINGS"))) do
    if i % nthreads == tid then findings[#findings + 1] = line end
    i = i + 1
  end
  cum, total = parse_weights(os.getenv("SOAK_WEIGHTS") or "list=30,detail=25,page=30,submit=10,decide=5")
  local ct = { ["Content-Type"] = "application/json" }
  json_headers_m = with(common.headers, ct)
  json_headers_a = with(common.headers, with(ct, { ["Authorization"] = "Bearer " .. os.getenv("SOAK_TOKEN_A") }))
  json_headers_b = with(common.headers, with(ct, { ["Authorization"] = "Bearer " .. os.getenv("SOAK_TOKEN_B") }))
end

local function pick()
  local r = math.random() * total
  for _, c in ipairs(cum) do
    if r < c[2] then return c[1] end
  end
  return cum[#cum][1]
end

local function read_request(kind)
  if kind == "list" then
    return wrk.format("GET", "/api/v1/incidents?" .. filters[math.random(#filters)], common.headers)
  elseif kind == "detail" then
    return wrk.format("GET", "/api/v1/incidents/" .. ids[math.random(#ids)], common.headers)
  end
  return wrk.format("GET", "/incidents/" .. ids[math.random(#ids)], common.headers)
end

function request()
  local kind = pick()
  local req
  if kind == "submit" then
    if next_report < #reports then
      next_report = next_report + 1
      req = wrk.format("POST", "/api/v1/reports", json_headers_m, reports[next_report])
    end
  elseif kind == "decide" then
    if next_finding < #findings or second_vote then
      local h
      if not second_vote then next_finding = next_finding + 1; h = json_headers_a else h = json_headers_b end
      second_vote = not second_vote
      local body = string.format('{"action":"confirm","finding":"%s","reason":"soak: imagery matches"}',
        findings[next_finding])
      req = wrk.format("POST", "/api/v1/decisions", h, body)
    end
  else
    req = read_request(kind)
  end
  if req == nil then
    exhausted = exhausted + 1
    kind = "detail"
    req = read_request(kind)
  end
  current = kind
  kind_sent[kind] = (kind_sent[kind] or 0) + 1
  common.sent()
  return req
end

local base_response = response
function response(status, headers, body)
  if current ~= nil and (status < 200 or status > 299) then
    kind_bad[current] = (kind_bad[current] or 0) + 1
    if status == 409 or status == 404 or status == 422 then
      io.stderr:write(string.format("soak: %s HTTP %d: %s\n", current, status, (body or ""):sub(1, 200)))
    end
  end
  base_response(status, headers, body)
end

local base_done = done
function done(summary, latency, requests)
  base_done(summary, latency, requests)
  local sent, bad, ex = {}, {}, 0
  for _, t in ipairs(all_threads) do
    for k, n in pairs(t:get("kind_sent") or {}) do sent[k] = (sent[k] or 0) + n end
    for k, n in pairs(t:get("kind_bad") or {}) do bad[k] = (bad[k] or 0) + n end
    ex = ex + (t:get("exhausted") or 0)
  end
  local parts = {}
  for _, k in ipairs(kinds) do
    parts[#parts + 1] = string.format("%s=%d/%d", k, sent[k] or 0, bad[k] or 0)
  end
  io.write("KINDS " .. table.concat(parts, " ") .. " exhausted=" .. ex .. "\n")
end
