-- Scenario: GET /api/v1/incidents?<filter> as a monitor, rotating through the
-- filter combinations in $LOADTEST_FILTERS (one query string a line; run.sh
-- writes it). Each thread starts at a random place in the list and walks it
-- round-robin, so every combination gets the same share of requests.
-- $LOADTEST_PREFIX overrides the path (e.g. "/incidents?" for the HTML list).
local dir = debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./"
package.path = dir .. "?.lua;" .. package.path
local common = require("common")

local filters, i
local prefix = os.getenv("LOADTEST_PREFIX") or "/api/v1/incidents?"

function init(args)
  common.init_thread()
  filters = common.read_lines(os.getenv("LOADTEST_FILTERS"))
  i = math.random(#filters) - 1
end

function request()
  i = i % #filters + 1
  common.sent()
  return wrk.format("GET", prefix .. filters[i], common.headers)
end
