-- MyIcare look-ups of existing contracts by their signed-in dealer, cycling over their numbers.
-- args: numbers file, the signed-in browser's Cookie header.
dofile(os.getenv("WRK_LUA_DIR") .. "/common.lua")
local numbers, index = {}, 0
function init(args)
  for line in io.lines(args[1]) do table.insert(numbers, line) end
  wrk.headers["Cookie"] = args[2]
end
function request()
  index = index % #numbers + 1
  return wrk.format("GET", "/myicare/contrats/" .. numbers[index])
end
