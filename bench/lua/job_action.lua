-- Guidewire quote or bind-and-issue on prepared jobs. args: ids file, action, bearer token,
-- number of wrk threads (each thread's Lua state only knows its own id).
dofile(os.getenv("WRK_LUA_DIR") .. "/common.lua")
local ids, index, action, threads, count = {}, 0, nil, {}, 1
function setup(thread) thread:set("tid", #threads + 1); table.insert(threads, thread) end
function init(args)
  for line in io.lines(args[1]) do table.insert(ids, line) end
  action = args[2]
  count = tonumber(args[4])
  wrk.method = "POST"
  wrk.headers["Authorization"] = "Bearer " .. args[3]
  wrk.headers["Content-Type"] = "application/json"
  -- each thread takes every other job, so that no job is bound twice
  index = tid - 1
end
function request()
  index = index + count
  local id = ids[(index - 1) % #ids + 1]
  return wrk.format(nil, "/job/v1/jobs/" .. id .. "/" .. action, nil, "{}")
end
