local e = graph:entity("microsoft")
local t = {}
for r in graph:relationships() do t[#t + 1] = r.id .. ":" .. r.type end
local n = graph:add_entity{id = "x", type = "company", name = "X Corp", aliases = {"XC"}, size = 3, tags = {"a", "b"}}
graph:add_relationship{from = n, to = e, type = "partner", directed = false, weight = 1.5}
graph:add_source{id = "s9", title = "t"}
graph:merge(e, n)
return graph:info(), e:attrs(), #t, graph:schema("entity")
