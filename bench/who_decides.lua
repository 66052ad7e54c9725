-- POST /api/v1/who-decides for the domains given as arguments (after --), in turn.
dofile("bench/wrk_report.lua")

local bodies = {}
local count = 0

function init(args)
  for _, id in ipairs(args) do
    table.insert(bodies, string.format('{"domain": "%s", "amount": 500, "tags": []}', id))
  end
end

function request()
  count = count + 1
  return wrk.format("POST", "/api/v1/who-decides", nil, bodies[count % #bodies + 1])
end
