-- MyIcare look-ups of existing contracts, cycling over their numbers. args: numbers file.
dofile(os.getenv("WRK_LUA_DIR") .. "/common.lua")
local numbers, index = {}, 0
function init(args)
  for line in io.lines(args[1]) do table.insert(numbers, line) end
end
function request()
  index = index % #numbers + 1
  return wrk.format("GET", "/myicare/contrats/" .. numbers[index])
end
