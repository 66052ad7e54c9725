-- GET /api/v1/people?limit=50 and GET /api/v1/domains/<id>, in turn; the domain ids rotate.
-- Arguments (after --): the domain ids.
dofile("bench/wrk_report.lua")

local domains = {}
local count = 0

function init(args)
  for _, id in ipairs(args) do table.insert(domains, id) end
end

function request()
  count = count + 1
  if count % 2 == 1 or #domains == 0 then
    return wrk.format("GET", "/api/v1/people?limit=50")
  end
  local id = domains[math.floor(count / 2) % #domains + 1]
  return wrk.format("GET", "/api/v1/domains/" .. id)
end
