-- Scenario: the incident HTML page, GET /incidents/{id}, as a monitor, for
-- ids drawn at random from $LOADTEST_IDS (one id a line; run.sh writes it).
local dir = debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./"
package.path = dir .. "?.lua;" .. package.path
local common = require("common")

local ids

function init(args)
  common.init_thread()
  ids = common.read_lines(os.getenv("LOADTEST_IDS"))
end

function request()
  common.sent()
  return wrk.format("GET", "/incidents/" .. ids[math.random(#ids)], common.headers)
end
