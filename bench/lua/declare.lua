-- A full declaration per request: POST /api/v1/declarations?submit=true with a new VIN each
-- time (Icare refuses a VIN that already has a contract). args: body template file, auth.
dofile(os.getenv("WRK_LUA_DIR") .. "/common.lua")
local threads, counter, template = {}, 0, nil
function setup(thread) thread:set("tid", #threads + 1); table.insert(threads, thread) end
function init(args)
  local file = io.open(args[1]); template = file:read("*a"); file:close()
  wrk.method = "POST"
  wrk.path = "/api/v1/declarations?submit=true"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = args[2]
end
function request()
  counter = counter + 1
  local vin = string.format("VR3%02d%012d", tid, counter)
  return wrk.format(nil, nil, nil, (template:gsub("@VIN@", vin)))
end
