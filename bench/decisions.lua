-- POST /api/v1/decisions: a proposal with a unique title in the domain given as the argument
-- (after --), opened at once; each must be answered 201 Created.
expected_status = 201
dofile("bench/wrk_report.lua")

local domain = "?"
local count = 0

function init(args)
  domain = args[1] or domain
end

function request()
  count = count + 1
  local body = string.format(
    '{"title": "Load test proposal %d-%d", "domain": "%s", "proposal": "Written by bench/load.sh."}',
    thread_id, count, domain)
  return wrk.format("POST", "/api/v1/decisions", nil, body)
end
