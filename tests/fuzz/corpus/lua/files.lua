graph:save("copy")
graph:export("graphml", "g.graphml")
local h = erg.load("g.graphml")
local k = erg.new()
k:add_entity{id = "a", type = "t", when = erg.date("2025-07")}
return h:info(), k:info(), erg.pretty(h:entity("ice"))
