local ok, err = pcall(graph.add_entity, graph, {id = "ice", type = "x"})
local ok2, err2 = pcall(function() return graph:entity(nil) end)
local ok3 = pcall(error, setmetatable({}, {__tostring = function() return "x" end}))
return ok, err, ok2, err2, ok3, select("#", pcall(graph.delete, graph, "nobody"))
