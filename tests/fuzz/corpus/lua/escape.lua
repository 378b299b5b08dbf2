local r = {}
r[1] = pcall(function() return io.open("/etc/passwd") end)
r[2] = pcall(function() return os.execute("true") end)
r[3] = pcall(function() return load(string.dump(print)) end)
r[4] = pcall(function() return getmetatable("").__index end)
r[5] = pcall(function() return graph:save("../escape") end)
r[6] = pcall(function() return graph:export("graphml", "/tmp/x.graphml") end)
r[7] = pcall(function() return require("os") end)
r[8] = pcall(function() return setmetatable({}, {__gc = print}) end)
r[9] = pcall(function() return collectgarbage("count") end)
return r
