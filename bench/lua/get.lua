-- A plain GET of wrk's path (the canned responses).
dofile(os.getenv("WRK_LUA_DIR") .. "/common.lua")
